/* ddb-engine-metrics.c
 *
 * The engine's side of metrics (ddb-metrics.h holds the series): every table and GSI has
 * a DdbResourceMetrics; requests count into the second the clock is in; the clock moving
 * on closes seconds with their gauges (provisioned capacity, burst banks, sizes,
 * partitions) and hands each closed point to the metrics callback.
 *
 * What counts where (CloudWatch's conventions, rulebook 6.1): consumed units go to the
 * table or GSI whose capacity they use (an LSI's to its table); ThrottledRequests counts
 * once per throttled request, on the table (a batch only when all its items throttled);
 * Read/WriteThrottleEvents count once per request on each table or GSI that was short of
 * capacity (a write short on the table and two GSIs: three events).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-metrics"

#include "config.h"

#include "ddb-engine-metrics.h"

#include "ddb-engine-billing.h"

static DdbResourceMetrics *
resource_metrics (DdbEngine *self,
                  DdbTable  *table,
                  DdbIndex  *index)
{
  DdbResourceMetrics **metrics = index != NULL ? &index->metrics : &table->metrics;
  gint64 created = index != NULL ? G_MAXINT64 : table->created_usec;

  if (*metrics != NULL)
    return *metrics;

  /* A series starts when its resource was created (a GSI added later has partitions as
   * old as itself), or when this engine opened: idle seconds before the first request
   * are seconds too, and the billing meter bills them.  Opening a new series closes
   * nothing. */
  for (guint i = 0; index != NULL && i < ddb_partition_map_get_count (index->partitions); i++)
    created = MIN (created, ddb_partition_map_get (index->partitions, i)->created_usec);
  created = MAX (MAX (created, table->created_usec), self->opened_usec);
  *metrics = ddb_resource_metrics_new (self->config.metrics_retention_seconds);
  ddb_resource_metrics_close (*metrics, MIN (created, self->now_usec) / G_USEC_PER_SEC, NULL,
                              NULL, NULL);

  return *metrics;
}

/* Split events of @map during @second. */
static guint32
splits_in (DdbPartitionMap *map,
           gint64           second)
{
  const GArray *splits = ddb_partition_map_get_splits (map);
  guint32 count = 0;

  for (guint i = splits->len; i-- > 0;)
    {
      gint64 at = g_array_index (splits, DdbSplitEvent, i).time_usec / G_USEC_PER_SEC;

      if (at < second)
        break;
      count += at == second;
    }

  return count;
}

typedef struct
{
  DdbEngine     *engine;
  DdbTable      *table;
  DdbIndex      *index;
  DdbMeterEntry *billing;     /* the billing meter's entry, found on the first second */
} Resource;

/* The gauges of a table or GSI at the end of @point->second (a DdbGaugeFunc). */
static void
gauges (DdbMetricPoint *point,
        gpointer        user_data)
{
  Resource *resource = user_data;
  DdbTable *table = resource->table;
  DdbIndex *index = resource->index;
  DdbPartitionMap *map = index != NULL ? index->partitions : table->partitions;
  const DdbThroughput *throughput = index != NULL ? &index->spec->throughput
                                                  : &table->spec->throughput;
  gboolean provisioned = table->spec->billing_mode == DDB_BILLING_PROVISIONED;

  point->provisioned_read = provisioned ? (double)throughput->read_capacity_units : 0;
  point->provisioned_write = provisioned ? (double)throughput->write_capacity_units : 0;
  point->item_count = index != NULL ? index->item_count : table->item_count;
  point->size_bytes = index != NULL ? index->size_bytes : table->size_bytes;
  point->partition_count = ddb_partition_map_get_count (map);
  point->splits += splits_in (map, point->second);
  point->burst_read = point->burst_write = 0;
  for (guint i = 0; provisioned && i < point->partition_count; i++)
    {
      const DdbPartition *p = ddb_partition_map_get (map, i);
      const DdbAdmissionConfig *config = &resource->engine->config.admission;

      point->burst_read += ddb_partition_load_peek_bank (config, &p->load, p->rcu_share,
                                                         p->created_usec, point->second + 1,
                                                         FALSE);
      point->burst_write += ddb_partition_load_peek_bank (config, &p->load, p->wcu_share,
                                                          p->created_usec, point->second + 1,
                                                          TRUE);
    }
}

static void
closed_point (gpointer data,
              gpointer user_data)
{
  Resource *resource = user_data;
  DdbEngine *engine = resource->engine;

  _ddb_engine_billing_add_second (engine, resource->table, resource->index,
                                  &resource->billing, data);
  if (engine->metrics_func != NULL)
    engine->metrics_func (resource->table->spec->table_name,
                          resource->index != NULL ? resource->index->spec->name : NULL, data,
                          engine->metrics_data);
}

/* Closes the open second of one resource if the clock has left it. */
static void
roll_resource (DdbEngine *self,
               DdbTable  *table,
               DdbIndex  *index)
{
  DdbResourceMetrics *metrics = resource_metrics (self, table, index);
  gint64 second = self->now_usec / G_USEC_PER_SEC;
  Resource resource = { self, table, index, NULL };

  if (ddb_resource_metrics_get_second (metrics) == second)
    return;

  ddb_resource_metrics_close (metrics, second, gauges, closed_point, &resource);
}

/**
 * _ddb_engine_metrics_roll:
 *
 * Brings the metrics of @table and its GSIs to the current second, closing the seconds
 * the clock left.  Cheap when nothing changed.
 */
void
_ddb_engine_metrics_roll (DdbEngine *self,
                          DdbTable  *table)
{
  if (!self->config.metrics_enabled)
    return;

  roll_resource (self, table, NULL);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (ddb_index_is_global (index))
        roll_resource (self, table, index);
    }
}

/* Returns: (transfer none): the open second of a resource, rolled to now. */
DdbMetricPoint *
_ddb_engine_metrics_now (DdbEngine *self,
                         DdbTable  *table,
                         DdbIndex  *index)
{
  DdbResourceMetrics *metrics = resource_metrics (self, table, index);

  roll_resource (self, table, index);

  return ddb_resource_metrics_current (metrics);
}

/* Counts a request to @table (once per table it touches). */
void
_ddb_engine_metrics_count_request (DdbEngine    *self,
                                   DdbTable     *table,
                                   DdbOperationKind  operation)
{
  if (!self->config.metrics_enabled)
    return;

  _ddb_engine_metrics_now (self, table, NULL)->requests[operation]++;
}

/* Counts a batch whose every item was throttled as one ThrottledRequest, on @table (for
 * BatchWriteItem, CloudWatch increments ThrottledRequests only then, rulebook 6.1). */
void
_ddb_engine_metrics_batch_throttled (DdbEngine *self,
                                     DdbTable  *table)
{
  if (!self->config.metrics_enabled)
    return;

  _ddb_engine_metrics_now (self, table, NULL)->throttled_requests++;
}

/* Counts a request of several items once per table it touches: @seen holds the tables
 * counted so far. */
void
_ddb_engine_metrics_count_table_once (DdbEngine        *self,
                                      GPtrArray        *seen,
                                      DdbTable         *table,
                                      DdbOperationKind  operation)
{
  if (g_ptr_array_find (seen, table, NULL))
    return;

  g_ptr_array_add (seen, table);
  _ddb_engine_metrics_count_request (self, table, operation);
}

/* Records an admitted charge: units on a table or GSI and on one of its partitions. */
void
_ddb_engine_metrics_consumed (DdbEngine       *self,
                              DdbTable        *table,
                              DdbIndex        *index,
                              guint            partition_id,
                              const DdbCharge *charge)
{
  DdbMetricPoint *point;

  if (!self->config.metrics_enabled)
    return;

  point = _ddb_engine_metrics_now (self, table, index);
  point->consumed_read += charge->read_units;
  point->consumed_write += charge->write_units;
  point->adaptive_read += charge->adaptive_read;
  point->adaptive_write += charge->adaptive_write;
  ddb_resource_metrics_add_partition (resource_metrics (self, table, index), partition_id,
                                      charge->read_units, charge->write_units, 0);
}

/* Records a throttled request: the request on its table, the event on the table or GSI
 * whose limit it hit. */
void
_ddb_engine_metrics_throttled (DdbEngine               *self,
                               DdbTable                *table,
                               DdbIndex                *index,
                               guint                    partition_id,
                               const DdbThrottleReason *reason,
                               gboolean                 count_request)
{
  DdbMetricPoint *point;

  if (!self->config.metrics_enabled)
    return;

  /* A request counts once, however many resources were short; a batch counts once, and
   * only when all its items throttled (rulebook 6.1). */
  if (count_request && !self->in_batch)
    _ddb_engine_metrics_now (self, table, NULL)->throttled_requests++;
  point = _ddb_engine_metrics_now (self, table, index);
  if (reason->write)
    point->write_throttle_events++;
  else
    point->read_throttle_events++;
  point->throttle_reasons[ddb_throttle_reason_index (reason)]++;
  ddb_resource_metrics_add_partition (resource_metrics (self, table, index), partition_id,
                                      0, 0, 1);
}

/* ---------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_set_metrics_func:
 * @func: (nullable): called with every closed second of every table and GSI
 *
 * Sets the function that receives the per-second points as the clock closes them (for a
 * CSV file, a live chart).  It must not call back into the engine.
 */
void
ddb_engine_set_metrics_func (DdbEngine      *self,
                             DdbMetricsFunc  func,
                             gpointer        user_data)
{
  g_return_if_fail (DDB_IS_ENGINE (self));

  self->metrics_func = func;
  self->metrics_data = user_data;
}

static DdbResourceMetrics *
lookup_metrics (DdbEngine   *self,
                const char  *table_name,
                const char  *index_name,
                GError     **error)
{
  DdbTable *table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  DdbIndex *index = NULL;

  if (table == NULL)
    return NULL;
  if (index_name != NULL)
    {
      index = ddb_table_lookup_index (table, index_name);
      if (index == NULL || !ddb_index_is_global (index))
        {
          g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                       "Requested resource not found: Index: %s not found", index_name);
          return NULL;
        }
    }

  _ddb_engine_metrics_roll (self, table);

  return resource_metrics (self, table, index);
}

/**
 * ddb_engine_get_metrics:
 * @index_name: (nullable): a GSI, or NULL for the table
 *
 * Returns: (transfer full) (element-type DdbMetricPoint) (nullable): the closed points of
 *   [@from_second, @to_second] per second (the last DdbEngineConfig.metrics_retention_seconds
 *   are kept) or per minute (all of them).
 */
GArray *
ddb_engine_get_metrics (DdbEngine             *self,
                        const char            *table_name,
                        const char            *index_name,
                        DdbMetricsResolution   resolution,
                        gint64                 from_second,
                        gint64                 to_second,
                        GError               **error)
{
  DdbResourceMetrics *metrics;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  metrics = lookup_metrics (self, table_name, index_name, error);

  return metrics != NULL ? ddb_resource_metrics_query (metrics, resolution, from_second,
                                                       to_second)
                         : NULL;
}

/**
 * ddb_engine_get_partition_metrics:
 *
 * Returns: (transfer full) (element-type DdbPartitionPoint) (nullable): the per-partition
 *   seconds of [@from_second, @to_second] within the retention, partitions that served
 *   nothing in a second left out.
 */
GArray *
ddb_engine_get_partition_metrics (DdbEngine   *self,
                                  const char  *table_name,
                                  const char  *index_name,
                                  gint64       from_second,
                                  gint64       to_second,
                                  GError     **error)
{
  DdbResourceMetrics *metrics;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  metrics = lookup_metrics (self, table_name, index_name, error);

  return metrics != NULL ? ddb_resource_metrics_query_partitions (metrics, from_second,
                                                                  to_second)
                         : NULL;
}
