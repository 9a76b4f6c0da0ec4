/* ddb-metrics.c
 *
 * Design notes
 * ------------
 * A resource (a table or a GSI) accumulates the second the simulated clock is in.  When
 * the clock has moved on, the engine closes that second with the gauges of its end
 * (ddb_resource_metrics_close()): the point joins the per-second series, adds into the
 * minute it belongs to, and goes to the caller's callback (the CSV writer, the UI).  The
 * idle seconds up to the new one close too, with zero counters, so that every series is
 * continuous, as CloudWatch's per-minute data is.
 *
 * Memory: per-second points (and per-partition points) are kept for `retention` seconds;
 * per-minute points for the whole simulation (a simulated month is 43,200 of them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-metrics"

#include "config.h"

#include <string.h>

#include "ddb-metrics.h"

struct _DdbResourceMetrics
{
  gint64         retention;           /* seconds of per-second points kept */
  DdbMetricPoint current;             /* the open second; second 0 before the first */
  GArray        *current_partitions;  /* of DdbPartitionPoint, the open second */
  GArray        *seconds;             /* of DdbMetricPoint, closed, oldest first */
  GArray        *partition_seconds;   /* of DdbPartitionPoint, closed */
  DdbMetricPoint minute;              /* the open minute; second 0 before the first */
  GArray        *minutes;             /* of DdbMetricPoint, closed */
};

const char *
ddb_operation_to_string (DdbOperationKind operation)
{
  static const char * const names[] = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
    "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
  };

  g_return_val_if_fail (operation < DDB_OPERATION_COUNT, NULL);

  return names[operation];
}

guint
ddb_throttle_reason_index (const DdbThrottleReason *reason)
{
  return (reason->index ? 8 : 0) + (reason->write ? 4 : 0) + reason->limit;
}

char *
ddb_throttle_reason_name (guint index)
{
  DdbThrottleReason reason = { index >= 8, (index & 4) != 0, index & 3, 0 };

  g_return_val_if_fail (index < DDB_THROTTLE_REASON_COUNT, NULL);

  return ddb_throttle_reason_to_string (&reason);
}

DdbResourceMetrics *
ddb_resource_metrics_new (gint64 retention_seconds)
{
  DdbResourceMetrics *metrics = g_new0 (DdbResourceMetrics, 1);

  metrics->retention = MAX (retention_seconds, 1);
  metrics->current_partitions = g_array_new (FALSE, TRUE, sizeof (DdbPartitionPoint));
  metrics->seconds = g_array_new (FALSE, TRUE, sizeof (DdbMetricPoint));
  metrics->partition_seconds = g_array_new (FALSE, TRUE, sizeof (DdbPartitionPoint));
  metrics->minutes = g_array_new (FALSE, TRUE, sizeof (DdbMetricPoint));

  return metrics;
}

void
ddb_resource_metrics_free (DdbResourceMetrics *metrics)
{
  if (metrics == NULL)
    return;

  g_array_unref (metrics->current_partitions);
  g_array_unref (metrics->seconds);
  g_array_unref (metrics->partition_seconds);
  g_array_unref (metrics->minutes);
  g_free (metrics);
}

/* Returns: (transfer none): the open second, to count into. */
DdbMetricPoint *
ddb_resource_metrics_current (DdbResourceMetrics *metrics)
{
  return &metrics->current;
}

/* The open second, 0 before anything happened. */
gint64
ddb_resource_metrics_get_second (DdbResourceMetrics *metrics)
{
  return metrics->current.second;
}

void
ddb_resource_metrics_add_partition (DdbResourceMetrics *metrics,
                                    guint               partition_id,
                                    double              read_units,
                                    double              write_units,
                                    guint               throttle_events)
{
  DdbPartitionPoint point = { metrics->current.second, partition_id, 0, 0, 0 };
  DdbPartitionPoint *found = NULL;

  for (guint i = 0; i < metrics->current_partitions->len && found == NULL; i++)
    if (g_array_index (metrics->current_partitions, DdbPartitionPoint, i).partition_id ==
        partition_id)
      found = &g_array_index (metrics->current_partitions, DdbPartitionPoint, i);
  if (found == NULL)
    {
      g_array_append_val (metrics->current_partitions, point);
      found = &g_array_index (metrics->current_partitions, DdbPartitionPoint,
                              metrics->current_partitions->len - 1);
    }

  found->consumed_read += read_units;
  found->consumed_write += write_units;
  found->throttle_events += throttle_events;
}

/* Adds a closed second into its minute, closing the minute before it. */
static void
add_to_minute (DdbResourceMetrics   *metrics,
               const DdbMetricPoint *point)
{
  gint64 minute = point->second - point->second % 60;
  DdbMetricPoint *open = &metrics->minute;

  if (open->second != minute)
    {
      if (open->second != 0)
        g_array_append_val (metrics->minutes, *open);
      memset (open, 0, sizeof *open);
      open->second = minute;
    }

  open->consumed_read += point->consumed_read;
  open->consumed_write += point->consumed_write;
  for (guint i = 0; i < DDB_OPERATION_COUNT; i++)
    open->requests[i] += point->requests[i];
  open->throttled_requests += point->throttled_requests;
  open->read_throttle_events += point->read_throttle_events;
  open->write_throttle_events += point->write_throttle_events;
  for (guint i = 0; i < DDB_THROTTLE_REASON_COUNT; i++)
    open->throttle_reasons[i] += point->throttle_reasons[i];
  open->adaptive_read += point->adaptive_read;
  open->adaptive_write += point->adaptive_write;
  open->backfill_write += point->backfill_write;
  open->splits += point->splits;
  open->ttl_deleted += point->ttl_deleted;

  /* Gauges: the value at the end of the minute. */
  open->provisioned_read = point->provisioned_read;
  open->provisioned_write = point->provisioned_write;
  open->burst_read = point->burst_read;
  open->burst_write = point->burst_write;
  open->item_count = point->item_count;
  open->size_bytes = point->size_bytes;
  open->partition_count = point->partition_count;
}

/* Drops the per-second points older than the retention. */
static void
prune (DdbResourceMetrics *metrics,
       gint64              newest)
{
  guint drop = 0;

  while (drop < metrics->seconds->len &&
         g_array_index (metrics->seconds, DdbMetricPoint, drop).second <=
         newest - metrics->retention)
    drop++;
  if (drop > 0)
    g_array_remove_range (metrics->seconds, 0, drop);

  drop = 0;
  while (drop < metrics->partition_seconds->len &&
         g_array_index (metrics->partition_seconds, DdbPartitionPoint, drop).second <=
         newest - metrics->retention)
    drop++;
  if (drop > 0)
    g_array_remove_range (metrics->partition_seconds, 0, drop);
}

static void
close_point (DdbResourceMetrics   *metrics,
             const DdbMetricPoint *point,
             GFunc                 closed,
             gpointer              user_data)
{
  g_array_append_val (metrics->seconds, *point);
  add_to_minute (metrics, point);
  if (closed != NULL)
    closed ((gpointer)point, user_data);
}

/**
 * ddb_resource_metrics_close:
 * @next_second: the second the clock is in now
 * @gauges: (scope call): fills in the gauges of each closed second
 * @closed: (nullable) (scope call): called with each closed DdbMetricPoint
 * @user_data: for both functions
 *
 * Closes the open second, and every idle second before @next_second, and opens
 * @next_second.
 */
void
ddb_resource_metrics_close (DdbResourceMetrics *metrics,
                            gint64              next_second,
                            DdbGaugeFunc        gauges,
                            GFunc               closed,
                            gpointer            user_data)
{
  DdbMetricPoint *point = &metrics->current;

  g_return_if_fail (next_second > point->second);

  if (point->second != 0)
    {
      gauges (point, user_data);
      close_point (metrics, point, closed, user_data);
      g_array_append_vals (metrics->partition_seconds, metrics->current_partitions->data,
                           metrics->current_partitions->len);

      /* Idle seconds: no traffic, gauges as they evolve (burst banks fill). */
      for (gint64 second = point->second + 1; second < next_second; second++)
        {
          DdbMetricPoint idle = { .second = second };

          gauges (&idle, user_data);
          close_point (metrics, &idle, closed, user_data);
          if (metrics->seconds->len > (guint)metrics->retention * 2)
            prune (metrics, second);
        }
      prune (metrics, next_second - 1);
    }

  memset (point, 0, sizeof *point);
  point->second = next_second;
  g_array_set_size (metrics->current_partitions, 0);
}

/* The index of the first point at or after @second in a series sorted by second. */
static guint
lower_bound (GArray *points,
             gsize   size,
             gint64  second)
{
  guint low = 0;
  guint high = points->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 at = *(const gint64 *)(points->data + (gsize)middle * size);

      if (at < second)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static GArray *
slice (GArray *points,
       gsize   size,
       gint64  from_second,
       gint64  to_second)
{
  GArray *result = g_array_new (FALSE, TRUE, size);
  guint start = lower_bound (points, size, from_second);
  guint end = lower_bound (points, size, to_second + 1);

  if (end > start)
    g_array_append_vals (result, points->data + (gsize)start * size, end - start);

  return result;
}

/**
 * ddb_resource_metrics_query:
 * @from_second: the first second (inclusive)
 * @to_second: the last second (inclusive)
 *
 * Returns: (transfer full) (element-type DdbMetricPoint): the closed points in the range:
 *   per second (within the retention), or per minute (the open minute included, as far
 *   as it is closed).
 */
GArray *
ddb_resource_metrics_query (DdbResourceMetrics  *metrics,
                            DdbMetricsResolution resolution,
                            gint64               from_second,
                            gint64               to_second)
{
  GArray *result;

  g_return_val_if_fail (metrics != NULL, NULL);

  if (resolution == DDB_METRICS_SECOND)
    return slice (metrics->seconds, sizeof (DdbMetricPoint), from_second, to_second);

  result = slice (metrics->minutes, sizeof (DdbMetricPoint), from_second - from_second % 60,
                  to_second);
  if (metrics->minute.second != 0 && metrics->minute.second >= from_second - from_second % 60 &&
      metrics->minute.second <= to_second)
    g_array_append_val (result, metrics->minute);

  return result;
}

/* Returns: (transfer full) (element-type DdbPartitionPoint): per-partition seconds. */
GArray *
ddb_resource_metrics_query_partitions (DdbResourceMetrics *metrics,
                                       gint64              from_second,
                                       gint64              to_second)
{
  g_return_val_if_fail (metrics != NULL, NULL);

  return slice (metrics->partition_seconds, sizeof (DdbPartitionPoint), from_second, to_second);
}
