/* ddb-engine-admission.c
 *
 * The engine's side of admission control (ddb-admission.c holds the rules): turning
 * "this request would consume these units on this table, partition or GSI" into
 * charges, and a refusal into DynamoDB's answer.
 *
 * The exception of a throttled request (rulebook 6.1): a provisioned table or GSI answers
 * ProvisionedThroughputExceededException; an on-demand one ThrottlingException (which
 * class carries on-demand key-range throttles is unverified in the rulebook: ddbsim uses
 * ThrottlingException); the per-table quota RequestLimitExceeded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-admission"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ddb-engine-admission.h"
#include "ddb-engine-metrics.h"

void
_ddb_charge_list_init (DdbChargeList *list)
{
  list->len = 0;
  list->allocated = DDB_CHARGE_LIST_INLINE;
  list->charges = list->inline_charges;
  list->owners = list->inline_owners;
}

/* Releases what @list holds; a zeroed list (never initialised) holds nothing. */
void
_ddb_charge_list_clear (DdbChargeList *list)
{
  if (list->charges != NULL && list->charges != list->inline_charges)
    {
      g_free (list->charges);
      g_free (list->owners);
    }
  _ddb_charge_list_init (list);
}

static void
grow (DdbChargeList *list)
{
  guint allocated = list->allocated * 2;
  DdbCharge *charges = g_new (DdbCharge, allocated);
  DdbChargeOwner *owners = g_new (DdbChargeOwner, allocated);

  memcpy (charges, list->charges, list->len * sizeof *charges);
  memcpy (owners, list->owners, list->len * sizeof *owners);
  if (list->charges != list->inline_charges)
    {
      g_free (list->charges);
      g_free (list->owners);
    }
  list->charges = charges;
  list->owners = owners;
  list->allocated = allocated;
}

/**
 * _ddb_charge_list_add:
 * @index: (nullable): a GSI, or NULL for the table (whose partitions also serve its LSIs)
 * @key: the key that picks the partition (its sort key bytes must stay valid until the
 *   charges are admitted)
 *
 * Adds what a request would consume on one partition of a table or GSI.
 */
void
_ddb_charge_list_add (DdbChargeList *list,
                      DdbTable      *table,
                      DdbIndex      *index,
                      DdbRouteKey    key,
                      double         read_units,
                      double         write_units)
{
  DdbPartitionMap *map = index != NULL ? index->partitions : table->partitions;
  DdbPartition *partition = ddb_partition_map_get (map, ddb_partition_map_route (map, &key));
  const DdbThroughput *throughput = index != NULL ? &index->spec->throughput
                                                  : &table->spec->throughput;
  DdbCharge charge = {
    .partition = &partition->load,
    .heat = &partition->heat,
    .key = key,
    .created_usec = partition->created_usec,
    .read_share = partition->rcu_share,
    .write_share = partition->wcu_share,
    .owner = index != NULL ? &index->load : &table->load,
    .mode = table->spec->billing_mode,
    /* read_rate and write_rate: the shares the partitions serve (below) */
    .max_read = (double)throughput->max_read_request_units,
    .max_write = (double)throughput->max_write_request_units,
    .index = index != NULL,
    .read_units = read_units,
    .write_units = write_units,
  };
  g_return_if_fail (index == NULL || index->partitions != NULL);

  if (read_units <= 0 && write_units <= 0)
    return;

  /* The table's capacity for adaptive borrowing is what its partitions serve now, not a
   * new throughput still pending (ddb_engine_update_table()). */
  ddb_partition_map_get_shares (map, &charge.read_rate, &charge.write_rate);

  if (list->len == list->allocated)
    grow (list);
  list->charges[list->len] = charge;
  list->owners[list->len] = (DdbChargeOwner) { table, index, partition->id };
  list->len++;
}

/* DynamoDB's messages for each exception. */
static void
describe_exception (DdbThrottle             *throttle,
                    const DdbThrottleReason *reason,
                    DdbBillingMode           mode)
{
  if (reason->limit == DDB_LIMIT_ACCOUNT)
    {
      throttle->exception = "RequestLimitExceeded";
      throttle->message = "Throughput exceeds the current throughput limit for your account. "
                          "Please contact AWS Support at https://aws.amazon.com/support "
                          "request a limit increase";
    }
  else if (mode == DDB_BILLING_ON_DEMAND)
    {
      throttle->exception = "ThrottlingException";
      throttle->message = "Throughput exceeds the current capacity of your table or index. "
                          "DynamoDB is automatically scaling your table or index so please "
                          "try again shortly. If exceptions persist, check if you have a hot "
                          "key: https://docs.aws.amazon.com/amazondynamodb/latest/"
                          "developerguide/bp-partition-key-design.html";
    }
  else if (reason->index)
    {
      throttle->exception = "ProvisionedThroughputExceededException";
      throttle->message = "The level of configured provisioned throughput for one or more "
                          "global secondary indexes of the table was exceeded. Consider "
                          "increasing your provisioning level for the under-provisioned global "
                          "secondary indexes with the UpdateTable API";
    }
  else
    {
      throttle->exception = "ProvisionedThroughputExceededException";
      throttle->message = "The level of configured provisioned throughput for the table was "
                          "exceeded. Consider increasing your provisioning level with the "
                          "UpdateTable API.";
    }
}

/* Whether requests need their charges: to admit them, or to measure them. */
gboolean
_ddb_engine_wants_charges (DdbEngine *self)
{
  return self->config.admission.enabled || self->config.metrics_enabled;
}

/**
 * _ddb_engine_admit:
 * @throttle: (out caller-allocates) (optional): filled in when the request is throttled
 * @failed_charge: (out) (optional): the position of the charge that did not fit
 *
 * Admits every charge of @list or none (ddb_admission_admit()).
 *
 * Returns: TRUE when the request may proceed.
 */
gboolean
_ddb_engine_admit (DdbEngine     *self,
                   DdbChargeList *list,
                   DdbThrottle   *throttle,
                   guint         *failed_charge)
{
  g_autoptr(GArray) failures = NULL;
  g_autoptr(GPtrArray) counted = NULL;
  DdbThrottleReason reason = { 0 };

  if (ddb_admission_admit (&self->config.admission, self->now_usec, list->charges, list->len,
                           &reason, NULL))
    {
      for (guint i = 0; i < list->len; i++)
        _ddb_engine_metrics_consumed (self, list->owners[i].table, list->owners[i].index,
                                      list->owners[i].partition_id, &list->charges[i]);
      return TRUE;
    }

  /* One throttle event, and one entry of ThrottlingReasons, for each table or GSI that
   * was short of capacity.  A refused request changed nothing, so asking again lists
   * every charge that did not fit (only throttled requests pay for the list). */
  failures = g_array_new (FALSE, FALSE, sizeof (DdbThrottleReason));
  ddb_admission_admit (&self->config.admission, self->now_usec, list->charges, list->len,
                       &reason, failures);
  g_assert (failures->len > 0 &&
            g_array_index (failures, DdbThrottleReason, 0).charge == reason.charge);
  if (failed_charge != NULL)
    *failed_charge = reason.charge;
  if (throttle != NULL)
    {
      ddb_throttle_clear (throttle);
      describe_exception (throttle, &reason,
                          list->owners[reason.charge].table->spec->billing_mode);
    }

  counted = g_ptr_array_new ();
  for (guint i = 0; i < failures->len; i++)
    {
      const DdbThrottleReason *failure = &g_array_index (failures, DdbThrottleReason, i);
      const DdbChargeOwner *short_of = &list->owners[failure->charge];
      gpointer resource = short_of->index != NULL ? (gpointer)short_of->index
                                                  : (gpointer)short_of->table;

      if (g_ptr_array_find (counted, resource, NULL))
        continue;
      g_ptr_array_add (counted, resource);
      _ddb_engine_metrics_throttled (self, short_of->table, short_of->index,
                                     short_of->partition_id, failure, i == 0);
      if (throttle != NULL)
        ddb_throttle_add_reason (throttle, ddb_throttle_reason_to_string (failure),
                                 short_of->index != NULL
                                 ? g_strdup_printf ("%s/index/%s", short_of->table->arn,
                                                    short_of->index->spec->name)
                                 : g_strdup (short_of->table->arn));
    }

  return FALSE;
}

/**
 * _ddb_engine_admit_read:
 * @index: (nullable): a GSI read, or NULL for the table (and its LSIs)
 *
 * Admits a read of @units on the partition that holds @key.  GSI reads only ever throttle
 * themselves: they draw on the GSI's capacity, never the table's (rulebook 9).
 */
gboolean
_ddb_engine_admit_read (DdbEngine   *self,
                        DdbTable    *table,
                        DdbIndex    *index,
                        DdbRouteKey  key,
                        double       units,
                        DdbThrottle *throttle)
{
  g_auto(DdbChargeList) charges = { 0 };

  if (!_ddb_engine_wants_charges (self))
    return TRUE;

  _ddb_charge_list_init (&charges);
  _ddb_charge_list_add (&charges, table, index, key, units, 0);

  return _ddb_engine_admit (self, &charges, throttle, NULL);
}

/* The partitions the instant ceiling of an on-demand table or GSI needs. */
static guint64
partitions_for_ceiling (DdbEngine *self,
                        DdbTable  *table,
                        DdbIndex  *index,
                        double    *read_units,
                        double    *write_units)
{
  DdbOwnerLoad *load = index != NULL ? &index->load : &table->load;
  const DdbAdmissionConfig *config = &self->config.admission;

  *read_units = ddb_owner_load_ceiling (config, load, FALSE, self->now_usec);
  *write_units = ddb_owner_load_ceiling (config, load, TRUE, self->now_usec);

  return (guint64)MAX (ceil (*read_units / DDB_PARTITION_MAX_RCU),
                       ceil (*write_units / DDB_PARTITION_MAX_WCU));
}

/* Splits the partitions of an on-demand table or GSI that its ceiling outgrew. */
static guint
grow_owner (DdbEngine     *self,
            DdbTable      *table,
            DdbIndex      *index,
            GError       **error)
{
  double read_units, write_units;

  partitions_for_ceiling (self, table, index, &read_units, &write_units);

  return ddb_table_split_for_peak (table, index, self->store, read_units, write_units,
                                   self->now_usec, error);
}

/* Whether any partition map of the table is smaller than its ceiling needs. */
static gboolean
needs_growth (DdbEngine *self,
              DdbTable  *table)
{
  double read_units, write_units;

  if (partitions_for_ceiling (self, table, NULL, &read_units, &write_units) >
      ddb_partition_map_get_count (table->partitions))
    return TRUE;

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (index->partitions != NULL &&
          partitions_for_ceiling (self, table, index, &read_units, &write_units) >
          ddb_partition_map_get_count (index->partitions))
        return TRUE;
    }

  return FALSE;
}

/**
 * _ddb_engine_grow_on_demand:
 *
 * An on-demand table (and each of its GSIs) gets the partitions its instant ceiling
 * needs: as the previous peak grows, DynamoDB splits partitions so that twice the peak can
 * be served (rulebook 3.3 and 4.2).  Runs as the clock moves.
 *
 * Returns: FALSE on a storage failure.
 */
gboolean
_ddb_engine_grow_on_demand (DdbEngine  *self,
                            DdbTable   *table,
                            GError    **error)
{
  guint splits;

  if (table->spec->billing_mode != DDB_BILLING_ON_DEMAND ||
      table->status == DDB_TABLE_STATUS_CREATING || table->status == DDB_TABLE_STATUS_DELETING ||
      !needs_growth (self, table))
    return TRUE;

  if (!_ddb_engine_begin (self, error))
    return FALSE;
  splits = grow_owner (self, table, NULL, error);
  for (guint i = 0; splits != G_MAXUINT && i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      guint index_splits;

      if (index->partitions == NULL)
        continue;
      index_splits = grow_owner (self, table, index, error);
      splits = index_splits == G_MAXUINT ? G_MAXUINT : splits + index_splits;
    }
  if (splits == G_MAXUINT ||
      (splits > 0 && !_ddb_engine_save_table (self, table, error)) ||
      !_ddb_engine_commit (self, error))
    {
      _ddb_engine_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* Splits the partitions of one map that stayed near their limits for the window, in the
 * transaction the first split begins (*@began). */
static gboolean
split_hot (DdbEngine  *self,
           DdbTable   *table,
           DdbIndex   *index,
           gboolean   *began,
           GError    **error)
{
  DdbPartitionMap *map = index != NULL ? index->partitions : table->partitions;
  gint64 window = self->config.admission.heat_window_usec / G_USEC_PER_SEC;

  for (guint i = 0; i < ddb_partition_map_get_count (map); i++)
    {
      DdbPartition *p = ddb_partition_map_get (map, i);
      DdbHeatSplit split_point;
      DdbRouteKey boundary;
      gboolean found, split;

      if (p->load.hot_seconds < window)
        continue;
      found = ddb_partition_heat_split_point (&p->heat, p->low, p->high, p->low_sort,
                                              self->config.admission.heat_monotonic_fraction,
                                              &split_point);
      boundary = (DdbRouteKey) { split_point.hash, split_point.sort, split_point.sort_length };
      if (!found || !ddb_partition_map_can_split (map, i, &boundary))
        {
          /* Nothing to split (a hot item alone, a monotonic sort key): look again after
           * another window of heat, not every second. */
          p->load.hot_seconds = 0;
          continue;
        }

      if (!*began && !_ddb_engine_begin (self, error))
        return FALSE;
      *began = TRUE;
      if (!ddb_table_split_at (table, index, self->store, i, &boundary, DDB_SPLIT_FOR_HEAT,
                               self->now_usec, &split, error))
        return FALSE;
      if (split)
        i++;   /* both children start cold */
    }

  return TRUE;
}

/**
 * _ddb_engine_split_for_heat:
 *
 * Splits the partitions of @table (and of its GSIs) that served near their hard limit for
 * DdbAdmissionConfig.heat_window_usec (rulebook 3.3, split for heat): at the median of
 * their recent partition keys, or around a single hot key to isolate it; a hot key alone
 * on its partition is spread over partitions by sort key range, unless its traffic
 * follows a monotonic sort key (ddb-partition-heat.h).  A hot item ends up alone, capped
 * at 3,000 RCU / 1,000 WCU.  Never for a table with a local secondary index.
 *
 * Returns: FALSE on a storage failure.
 */
gboolean
_ddb_engine_split_for_heat (DdbEngine  *self,
                            DdbTable   *table,
                            GError    **error)
{
  gboolean began = FALSE;

  if (!self->config.admission.enabled || !self->config.admission.heat_splits ||
      ddb_table_has_local_index (table) || table->status == DDB_TABLE_STATUS_DELETING)
    return TRUE;

  if (!split_hot (self, table, NULL, &began, error))
    goto failed;
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (index->partitions != NULL && !split_hot (self, table, index, &began, error))
        goto failed;
    }
  if (began &&
      (!_ddb_engine_save_table (self, table, error) || !_ddb_engine_commit (self, error)))
    goto failed;

  return TRUE;

failed:
  if (began)
    _ddb_engine_rollback (self);
  return FALSE;
}

/**
 * _ddb_engine_table_info:
 *
 * Returns: (transfer full): a snapshot of @table (ddb_table_dup_info()), with the warm
 *   throughput of an on-demand table and of its GSIs: the reads and writes per second it
 *   serves at once, its instant ceiling (rulebook 4.2), which pre-warming raised to at
 *   least the WarmThroughput asked for; a provisioned table and its GSIs show what they
 *   were pre-warmed for, if anything.
 */
DdbTableInfo *
_ddb_engine_table_info (DdbEngine *self,
                        DdbTable  *table)
{
  DdbTableInfo *info = ddb_table_dup_info (table, self->now_usec);
  const DdbAdmissionConfig *config = &self->config.admission;

  /* A provisioned table shows what it was pre-warmed for, if anything; so do its GSIs. */
  if (table->spec->billing_mode != DDB_BILLING_ON_DEMAND)
    {
      info->warm_read_units = (double)table->spec->warm_read_units;
      info->warm_write_units = (double)table->spec->warm_write_units;
      for (guint i = 0; i < table->indexes->len; i++)
        {
          DdbIndex *index = g_ptr_array_index (table->indexes, i);
          DdbIndexInfo *index_info = &g_array_index (info->indexes, DdbIndexInfo, i);

          if (!ddb_index_is_global (index))
            continue;
          index_info->warm_read_units = (double)index->spec->warm_read_units;
          index_info->warm_write_units = (double)index->spec->warm_write_units;
        }
      return info;
    }

  info->warm_read_units = ddb_owner_load_ceiling (config, &table->load, FALSE, self->now_usec);
  info->warm_write_units = ddb_owner_load_ceiling (config, &table->load, TRUE, self->now_usec);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      DdbIndexInfo *index_info = &g_array_index (info->indexes, DdbIndexInfo, i);

      if (!ddb_index_is_global (index))
        continue;
      index_info->warm_read_units = ddb_owner_load_ceiling (config, &index->load, FALSE,
                                                            self->now_usec);
      index_info->warm_write_units = ddb_owner_load_ceiling (config, &index->load, TRUE,
                                                             self->now_usec);
    }

  return info;
}

/**
 * _ddb_engine_consume_background:
 *
 * Records @write_units of background work (a GSI backfill) on the partition of @index
 * that holds @key, in the current second: it takes GSI write capacity from requests
 * (rulebook 9), and shows in the GSI's metrics.
 */
void
_ddb_engine_consume_background (DdbEngine *self,
                                DdbTable  *table,
                                DdbIndex  *index,
                                DdbRouteKey key,
                                double     write_units)
{
  g_auto(DdbChargeList) charges = { 0 };

  if (!self->config.admission.enabled)
    return;

  _ddb_charge_list_init (&charges);
  _ddb_charge_list_add (&charges, table, index, key, 0, write_units);
  for (guint i = 0; i < charges.len; i++)
    ddb_admission_consume (&self->config.admission, self->now_usec, &charges.charges[i]);
}
