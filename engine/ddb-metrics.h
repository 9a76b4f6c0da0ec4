/* ddb-metrics.h
 *
 * What ddbsim measures, per simulated second and per minute (as CloudWatch aggregates),
 * for each table, each GSI and each partition: consumed and provisioned capacity,
 * requests by operation, throttles by reason, burst and adaptive capacity, sizes and
 * splits.  Plain data and the accumulators that fill it; the engine feeds them
 * (ddb-engine-metrics.c) and the UI, the CLI and the billing meter read them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-admission.h"

G_BEGIN_DECLS

typedef enum
{
  DDB_OPERATION_GET_ITEM,
  DDB_OPERATION_PUT_ITEM,
  DDB_OPERATION_UPDATE_ITEM,
  DDB_OPERATION_DELETE_ITEM,
  DDB_OPERATION_QUERY,
  DDB_OPERATION_SCAN,
  DDB_OPERATION_BATCH_GET_ITEM,
  DDB_OPERATION_BATCH_WRITE_ITEM,
  DDB_OPERATION_TRANSACT_GET_ITEMS,
  DDB_OPERATION_TRANSACT_WRITE_ITEMS,
  DDB_OPERATION_COUNT
} DdbOperationKind;

const char *ddb_operation_to_string (DdbOperationKind operation);

/* ThrottlingReasons as an index: (index ? 8 : 0) + (write ? 4 : 0) + limit. */
#define DDB_THROTTLE_REASON_COUNT 16

guint       ddb_throttle_reason_index     (const DdbThrottleReason *reason);
char       *ddb_throttle_reason_name      (guint                    index);

/* One second (or one minute) of one table or GSI.  Counters add up over a minute; gauges
 * (provisioned capacity, bank levels, counts) are the value at the end. */
typedef struct
{
  gint64  second;                         /* simulated epoch second (a minute: its first) */
  double  consumed_read;                  /* units admitted */
  double  consumed_write;
  double  provisioned_read;               /* gauge; 0 on-demand */
  double  provisioned_write;
  guint32 requests[DDB_OPERATION_COUNT];
  guint32 throttled_requests;             /* ThrottledRequests */
  guint32 read_throttle_events;           /* ReadThrottleEvents */
  guint32 write_throttle_events;
  guint32 throttle_reasons[DDB_THROTTLE_REASON_COUNT];
  double  burst_read;                     /* gauge: banked burst capacity, all partitions */
  double  burst_write;
  double  adaptive_read;                  /* units served above partition shares thanks to
                                             adaptive capacity */
  double  adaptive_write;
  double  backfill_write;                 /* OnlineIndexConsumedWriteCapacity */
  gint64  item_count;                     /* gauge */
  gint64  size_bytes;                     /* gauge */
  guint32 partition_count;                /* gauge */
  guint32 splits;                         /* partition splits in the period */
  guint32 ttl_deleted;                    /* items Time to Live deleted */
} DdbMetricPoint;

/* One second of one partition. */
typedef struct
{
  gint64  second;
  guint   partition_id;
  double  consumed_read;
  double  consumed_write;
  guint32 throttle_events;
} DdbPartitionPoint;

typedef enum
{
  DDB_METRICS_SECOND,
  DDB_METRICS_MINUTE,
} DdbMetricsResolution;

/* The series of one table or GSI. */
typedef struct _DdbResourceMetrics DdbResourceMetrics;

DdbResourceMetrics *ddb_resource_metrics_new      (gint64               retention_seconds);
void                ddb_resource_metrics_free     (DdbResourceMetrics  *metrics);
DdbMetricPoint     *ddb_resource_metrics_current  (DdbResourceMetrics  *metrics);
gint64              ddb_resource_metrics_get_second (DdbResourceMetrics *metrics);
void                ddb_resource_metrics_add_partition (DdbResourceMetrics *metrics,
                                                   guint                partition_id,
                                                   double               read_units,
                                                   double               write_units,
                                                   guint                throttle_events);
/* Fills in the gauges of @point (provisioned capacity, bank levels, item count and size,
 * partition count) as they stand at the end of @point->second. */
typedef void (*DdbGaugeFunc) (DdbMetricPoint *point,
                              gpointer        user_data);

void                ddb_resource_metrics_close    (DdbResourceMetrics  *metrics,
                                                   gint64               next_second,
                                                   DdbGaugeFunc         gauges,
                                                   GFunc                closed,
                                                   gpointer             user_data);
GArray             *ddb_resource_metrics_query    (DdbResourceMetrics  *metrics,
                                                   DdbMetricsResolution resolution,
                                                   gint64               from_second,
                                                   gint64               to_second);
GArray             *ddb_resource_metrics_query_partitions (DdbResourceMetrics *metrics,
                                                   gint64               from_second,
                                                   gint64               to_second);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbResourceMetrics, ddb_resource_metrics_free)

G_END_DECLS
