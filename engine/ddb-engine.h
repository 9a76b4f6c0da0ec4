/* ddb-engine.h
 *
 * DdbEngine: ddbsim's embedded, partitioned DynamoDB-like engine.
 *
 * An engine owns one SQLite database (in memory, or a file for persistence), the tables
 * in it, their partitions, and a simulated clock in microseconds that only
 * ddb_engine_advance() moves; the engine never reads the wall clock.  Its request API
 * follows DynamoDB's operations one to one; the JSON dispatcher (ddb-dispatcher.h) is a
 * thin layer over it.
 *
 * Threading: one thread owns an engine at a time.  Results and infos it returns are
 * independent snapshots that may be handed to other threads.
 *
 * Errors: requests DynamoDB would refuse fail with a DDB_ENGINE_ERROR whose code is the
 * exception type and whose message is DynamoDB's text; a failed request changes nothing.
 * A condition that does not hold is not an error: it is DDB_OUTCOME_CONDITION_FAILED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ddb-admission.h"
#include "ddb-autoscaling.h"
#include "ddb-billing-meter.h"
#include "ddb-engine-error.h"
#include "ddb-metrics.h"
#include "ddb-request.h"
#include "ddb-table-spec.h"

G_BEGIN_DECLS

/* The simulated clock of a new database starts here: 2025-01-01T00:00:00Z. */
#define DDB_ENGINE_DEFAULT_START_USEC (G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC)

/* Expired items are deleted this long after their TTL second, unless configured. */
#define DDB_ENGINE_DEFAULT_TTL_DELAY_USEC (G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC)

/* An on-demand table's new GSI backfills at this many write units per second. */
#define DDB_ENGINE_DEFAULT_BACKFILL_WCU 4000

/* Model parameters: behaviour DynamoDB documents only loosely, as named values. */
typedef struct
{
  gint64 table_create_delay_usec;   /* CREATING -> ACTIVE; default 0 */
  gint64 table_delete_delay_usec;   /* DELETING -> gone; default 0 */
  gint64 table_update_delay_usec;   /* UpdateTable UPDATING -> ACTIVE: new provisioned
                                       throughput serves only after it; default 0 (AWS:
                                       "several minutes") */
  gint64 stats_refresh_usec;        /* DescribeTable ItemCount/TableSizeBytes refresh;
                                       DynamoDB: "approximately every six hours" */
  gint64 ttl_delete_delay_usec;     /* how long after its TTL second an expired item is
                                       deleted; DynamoDB: "typically within a few days"
                                       (rulebook 10); default 10 minutes, for demos */
  DdbAdmissionConfig admission;     /* capacity enforcement (ddb-admission.h); on */
  gboolean metrics_enabled;         /* per-second metrics (ddb-metrics.h); on */
  gint64 metrics_retention_seconds; /* per-second points kept; default 1 hour (minutes
                                       are kept for the whole simulation) */
  gint64 backfill_on_demand_wcu;    /* write units per second that backfill a new GSI of an
                                       on-demand table (a provisioned GSI backfills at its
                                       own WCU); default 4,000, a new on-demand table's
                                       write capacity (rulebook 4.2) */
  DdbBillingConfig billing;         /* the bill (ddb-billing-meter.h): free tier off, an
                                       hour's capacity billed at its highest */
} DdbEngineConfig;

#define DDB_TYPE_ENGINE (ddb_engine_get_type ())

G_DECLARE_FINAL_TYPE (DdbEngine, ddb_engine, DDB, ENGINE, GObject)

/* Receives each closed second of a table (@index_name NULL) or of a GSI. */
typedef void (*DdbMetricsFunc) (const char           *table_name,
                                const char           *index_name,
                                const DdbMetricPoint *point,
                                gpointer              user_data);

DdbEngine  *ddb_engine_new                (const char              *path,
                                           GError                 **error);
const char *ddb_engine_get_path           (DdbEngine               *self);
void        ddb_engine_get_config         (DdbEngine               *self,
                                           DdbEngineConfig         *config);
void        ddb_engine_set_config         (DdbEngine               *self,
                                           const DdbEngineConfig   *config);

/* The simulated clock */
gint64      ddb_engine_get_now            (DdbEngine               *self);
gboolean    ddb_engine_advance            (DdbEngine               *self,
                                           gint64                   usec,
                                           GError                 **error);

/* Control plane */
DdbTableInfo *ddb_engine_create_table     (DdbEngine               *self,
                                           const DdbTableSpec      *spec,
                                           GError                 **error);
DdbTableInfo *ddb_engine_describe_table   (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);
DdbTableInfo *ddb_engine_update_table     (DdbEngine               *self,
                                           const DdbTableUpdate    *update,
                                           GError                 **error);
DdbTableInfo *ddb_engine_delete_table     (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);
GStrv         ddb_engine_list_tables      (DdbEngine               *self,
                                           const char              *exclusive_start_name,
                                           guint                    limit,
                                           char                   **last_evaluated_name,
                                           GError                 **error);
DdbTableInfo *ddb_engine_update_ttl       (DdbEngine               *self,
                                           const char              *table_name,
                                           gboolean                 enabled,
                                           const char              *attribute_name,
                                           GError                 **error);

/* Partitions, for the UI and reports */
GArray       *ddb_engine_list_partitions  (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);
GArray       *ddb_engine_list_splits      (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);

/* Items */
DdbOutcome  ddb_engine_put_item           (DdbEngine               *self,
                                           const DdbPutItemInput   *input,
                                           DdbWriteResult          *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_update_item        (DdbEngine               *self,
                                           const DdbUpdateItemInput *input,
                                           DdbWriteResult          *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_delete_item        (DdbEngine               *self,
                                           const DdbDeleteItemInput *input,
                                           DdbWriteResult          *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_get_item           (DdbEngine               *self,
                                           const DdbGetItemInput   *input,
                                           DdbGetResult            *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_query              (DdbEngine               *self,
                                           const DdbReadInput      *input,
                                           DdbReadResult           *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_scan               (DdbEngine               *self,
                                           const DdbReadInput      *input,
                                           DdbReadResult           *result,
                                           GError                 **error);

/* Auto scaling (provisioned tables and GSIs) */
typedef struct
{
  gint64   time_usec;
  char    *table_name;
  char    *index_name;              /* NULL: the table */
  gboolean write;                   /* write capacity, else read */
  gint64   from_units;
  gint64   to_units;
  gboolean applied;                 /* FALSE: UpdateTable refused it (see message) */
  char    *message;
} DdbScalingActivity;

gboolean    ddb_engine_set_auto_scaling   (DdbEngine               *self,
                                           const char              *table_name,
                                           const char              *index_name,
                                           gboolean                 write,
                                           const DdbScalingPolicy  *policy,
                                           GError                 **error);
GArray     *ddb_engine_get_scaling_activities (DdbEngine           *self);

/* Metrics */
void        ddb_engine_set_metrics_func   (DdbEngine               *self,
                                           DdbMetricsFunc           func,
                                           gpointer                 user_data);
GArray     *ddb_engine_get_metrics        (DdbEngine               *self,
                                           const char              *table_name,
                                           const char              *index_name,
                                           DdbMetricsResolution     resolution,
                                           gint64                   from_second,
                                           gint64                   to_second,
                                           GError                 **error);
GArray     *ddb_engine_get_partition_metrics (DdbEngine            *self,
                                           const char              *table_name,
                                           const char              *index_name,
                                           gint64                   from_second,
                                           gint64                   to_second,
                                           GError                 **error);

/* Billing: the cost of the seconds metered so far (ddb-engine-billing.c) */
void        ddb_engine_set_price_catalog  (DdbEngine               *self,
                                           DdbPriceCatalog         *catalog);
DdbPriceCatalog *ddb_engine_get_price_catalog (DdbEngine           *self);
DdbBill    *ddb_engine_get_bill           (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);
DdbBill    *ddb_engine_get_monthly_bill   (DdbEngine               *self,
                                           const char              *table_name,
                                           GError                 **error);

/* Batches and transactions */
DdbOutcome  ddb_engine_batch_get_item     (DdbEngine               *self,
                                           const DdbBatchGetInput  *input,
                                           DdbBatchGetResult       *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_batch_write_item   (DdbEngine               *self,
                                           const DdbBatchWriteInput *input,
                                           DdbBatchWriteResult     *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_transact_write_items (DdbEngine             *self,
                                           const DdbTransactWriteInput *input,
                                           DdbTransactWriteResult  *result,
                                           GError                 **error);
DdbOutcome  ddb_engine_transact_get_items (DdbEngine               *self,
                                           const DdbTransactGetInput *input,
                                           DdbTransactGetResult    *result,
                                           GError                 **error);

G_END_DECLS
