/* ddb-engine-tables.c
 *
 * The control plane: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables,
 * UpdateTimeToLive, and the partition views for the UI.
 *
 * Every call that changes a table does so in one store transaction and validates
 * everything before it changes anything, so a refused request leaves no trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-tables"

#include "config.h"

#include <string.h>

#include "ddb-engine-private.h"
#include "ddb-engine-admission.h"
#include "ddb-engine-indexes.h"
#include "ddb-engine-ttl.h"
#include "ddb-table-spec-private.h"
#include "ddb-throughput-quota.h"

#define USEC_PER_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define USEC_PER_DAY  (24 * USEC_PER_HOUR)

/* ---------------------------------------------------------------------------------------
 * CreateTable, DescribeTable, DeleteTable
 * ------------------------------------------------------------------------------------- */

/* A GSI pre-warmed with WarmThroughput serves it at once, as the table does: an on-demand
 * one has at least that instant ceiling (the floor of its previous peak, raised again here
 * after a switch to on-demand reset it), and it has the partitions to serve it. */
static gboolean
prewarm_index (DdbEngine  *self,
               DdbTable   *table,
               DdbIndex   *index,
               GError    **error)
{
  const DdbIndexSpec *spec = index->spec;

  if (index->partitions == NULL || index->status == DDB_INDEX_STATUS_DELETING ||
      (spec->warm_read_units == 0 && spec->warm_write_units == 0))
    return TRUE;

  index->load.read_floor = MAX (index->load.read_floor, (double)spec->warm_read_units);
  index->load.write_floor = MAX (index->load.write_floor, (double)spec->warm_write_units);

  return ddb_table_split_for_peak (table, index, self->store, (double)spec->warm_read_units,
                                   (double)spec->warm_write_units, self->now_usec,
                                   error) != G_MAXUINT;
}

/* A table pre-warmed with WarmThroughput gets the partitions to serve it at once
 * (before it holds any item, so the splits cost nothing), and so does each pre-warmed
 * GSI.  Partitions only ever double, so calling it again for the same values does
 * nothing. */
static gboolean
prewarm (DdbEngine  *self,
         DdbTable   *table,
         GError    **error)
{
  if ((table->spec->warm_read_units != 0 || table->spec->warm_write_units != 0) &&
      ddb_table_split_for_peak (table, NULL, self->store,
                                (double)table->spec->warm_read_units,
                                (double)table->spec->warm_write_units, self->now_usec,
                                error) == G_MAXUINT)
    return FALSE;

  for (guint i = 0; i < table->indexes->len; i++)
    if (!prewarm_index (self, table, g_ptr_array_index (table->indexes, i), error))
      return FALSE;

  return TRUE;
}

/* The per-table quota on provisioned throughput, for the table and each GSI. */
static gboolean
check_create_quota (DdbEngine           *self,
                    const DdbTableSpec  *spec,
                    GError             **error)
{
  double quota = self->config.admission.table_quota_units;

  if (!ddb_quota_check_units (&spec->throughput, quota, error))
    return FALSE;
  for (guint i = 0; spec->indexes != NULL && i < spec->indexes->len; i++)
    {
      const DdbIndexSpec *index = g_ptr_array_index (spec->indexes, i);

      if (index->global && !ddb_quota_check_units (&index->throughput, quota, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ddb_engine_create_table:
 * @spec: what to create
 *
 * Creates a table in state CREATING; it becomes ACTIVE after the configured creation
 * delay (0 by default).  Its initial partition count follows the classic formula.
 *
 * Returns: (transfer full) (nullable): the new table's description, as CreateTable
 *   returns it, or NULL with ValidationException or ResourceInUseException.
 */
DdbTableInfo *
ddb_engine_create_table (DdbEngine           *self,
                         const DdbTableSpec  *spec,
                         GError             **error)
{
  g_autoptr(DdbTable) table = NULL;
  g_autofree char *definition = NULL;
  g_autoptr(GError) lookup_error = NULL;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ddb_table_spec_validate (spec, error) || !check_create_quota (self, spec, error))
    return NULL;

  /* A table that finished deleting frees its name first. */
  if (_ddb_engine_lookup_table (self, spec->table_name, TRUE, &lookup_error) != NULL)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_IN_USE,
                   "Table already exists: %s", spec->table_name);
      return NULL;
    }
  if (!g_error_matches (lookup_error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }

  table = ddb_table_new (spec, self->now_usec);
  table->status_until_usec = self->now_usec + self->config.table_create_delay_usec;
  if (!prewarm (self, table, error))
    return NULL;
  definition = ddb_table_to_json (table);

  if (!_ddb_engine_begin (self, error))
    return NULL;
  table->id = ddb_store_insert_table (self->store, spec->table_name, definition, error);
  if (table->id == 0 || !_ddb_engine_commit (self, error))
    {
      _ddb_engine_rollback (self);
      return NULL;
    }

  g_hash_table_insert (self->tables, table->spec->table_name, table);

  return _ddb_engine_table_info (self, g_steal_pointer (&table));
}

/**
 * ddb_engine_describe_table:
 *
 * Returns: (transfer full) (nullable): a snapshot of the table, or NULL with
 *   ResourceNotFoundException.  ItemCount and TableSizeBytes are refreshed on DynamoDB's
 *   schedule (DdbEngineConfig.stats_refresh_usec); the live figures are in the info too.
 */
DdbTableInfo *
ddb_engine_describe_table (DdbEngine   *self,
                           const char  *table_name,
                           GError     **error)
{
  DdbTable *table;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  if (table == NULL)
    return NULL;

  ddb_table_refresh_stats (table, self->now_usec, self->config.stats_refresh_usec);

  return _ddb_engine_table_info (self, table);
}

/**
 * ddb_engine_delete_table:
 *
 * Starts deleting a table: it answers DELETING, and is gone (with its items) after the
 * configured deletion delay (0 by default).
 *
 * Returns: (transfer full) (nullable): the table's description in state DELETING.
 */
DdbTableInfo *
ddb_engine_delete_table (DdbEngine   *self,
                         const char  *table_name,
                         GError     **error)
{
  DdbTable *table;
  DdbTableInfo *info;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  if (table == NULL)
    return NULL;

  /* A table busy with an index change still takes updates (say, more write capacity for
   * a backfill); the index rules then refuse a second index creation. */
  if (table->status != DDB_TABLE_STATUS_ACTIVE &&
      !(table->status == DDB_TABLE_STATUS_UPDATING && _ddb_engine_indexes_busy (table)))
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_IN_USE,
                   "Attempt to change a resource which is still in use: Table is being %s: %s",
                   table->status == DDB_TABLE_STATUS_CREATING ? "created"
                   : table->status == DDB_TABLE_STATUS_UPDATING ? "updated" : "deleted",
                   table_name);
      return NULL;
    }

  table->status = DDB_TABLE_STATUS_DELETING;
  table->status_until_usec = self->now_usec + self->config.table_delete_delay_usec;
  if (!_ddb_engine_begin (self, error) || !_ddb_engine_save_table (self, table, error) ||
      !_ddb_engine_commit (self, error))
    {
      _ddb_engine_rollback (self);
      table->status = DDB_TABLE_STATUS_ACTIVE;
      return NULL;
    }

  ddb_table_refresh_stats (table, self->now_usec, self->config.stats_refresh_usec);
  info = _ddb_engine_table_info (self, table);

  return info;
}

/* ---------------------------------------------------------------------------------------
 * UpdateTable
 * ------------------------------------------------------------------------------------- */

/* Checks an UpdateTable request against the table as it is.  Changes nothing. */
static gboolean
check_update (DdbTable             *table,
              const DdbTableUpdate *update,
              GError              **error)
{
  DdbBillingMode mode = update->set_billing_mode ? update->billing_mode
                                                 : table->spec->billing_mode;
  const DdbThroughput *current = &table->spec->throughput;

  if (update->set_warm_throughput &&
      (update->warm_read_units < table->spec->warm_read_units ||
       update->warm_write_units < table->spec->warm_write_units))
    return invalid (error, "One or more parameter values were invalid: WarmThroughput cannot "
                           "be decreased once raised");

  if (!update->set_billing_mode && !update->set_throughput && !update->set_table_class &&
      !update->set_warm_throughput && update->n_index_updates == 0)
    return invalid (error, "At least one of ProvisionedThroughput, BillingMode, "
                           "UpdateStreamEnabled, GlobalSecondaryIndexUpdates or "
                           "SSESpecification or ReplicaUpdates is required");

  if (mode == DDB_BILLING_ON_DEMAND && update->set_throughput &&
      (update->throughput.read_capacity_units != 0 || update->throughput.write_capacity_units != 0))
    return invalid (error, "One or more parameter values were invalid: Neither "
                           "ReadCapacityUnits nor WriteCapacityUnits can be specified when "
                           "BillingMode is PAY_PER_REQUEST");

  if (mode == DDB_BILLING_PROVISIONED && table->spec->billing_mode == DDB_BILLING_ON_DEMAND &&
      !update->set_throughput)
    return invalid (error, "One or more parameter values were invalid: ProvisionedThroughput "
                           "must be specified when BillingMode is PROVISIONED");

  if (mode == DDB_BILLING_PROVISIONED && update->set_throughput)
    {
      if (update->throughput.read_capacity_units < 1 || update->throughput.write_capacity_units < 1)
        return invalid (error, "One or more parameter values were invalid: ReadCapacityUnits and "
                               "WriteCapacityUnits must both be specified when BillingMode is "
                               "PROVISIONED");

      if (table->spec->billing_mode == DDB_BILLING_PROVISIONED && !update->set_table_class &&
          update->throughput.read_capacity_units == current->read_capacity_units &&
          update->throughput.write_capacity_units == current->write_capacity_units)
        {
          g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                       "The provisioned throughput for the table will not change. The requested "
                       "value equals the current value. Current ReadCapacityUnits provisioned "
                       "for the table: %" G_GINT64_FORMAT ". Requested ReadCapacityUnits: %"
                       G_GINT64_FORMAT ". Current WriteCapacityUnits provisioned for the table: %"
                       G_GINT64_FORMAT ". Requested WriteCapacityUnits: %" G_GINT64_FORMAT ". "
                       "Refer to the Amazon DynamoDB Developer Guide for current limits and how "
                       "to request higher limits.",
                       current->read_capacity_units, update->throughput.read_capacity_units,
                       current->write_capacity_units, update->throughput.write_capacity_units);
          return FALSE;
        }
    }

  return TRUE;
}

static DdbDecreaseTally
table_tally (DdbTable *table)
{
  return (DdbDecreaseTally) { &table->decreases_today, &table->decreases_day,
                              &table->last_decrease_usec };
}

/* Whether @update lowers the table's provisioned throughput. */
static gboolean
is_decrease (DdbTable             *table,
             const DdbTableUpdate *update)
{
  const DdbThroughput *current = &table->spec->throughput;

  return update->set_throughput && table->spec->billing_mode == DDB_BILLING_PROVISIONED &&
         current->read_capacity_units > 0 &&
         (update->throughput.read_capacity_units < current->read_capacity_units ||
          update->throughput.write_capacity_units < current->write_capacity_units);
}

/* The quotas on changing throughput and billing mode (ddb-throughput-quota.c). */
static gboolean
check_quotas (DdbEngine            *self,
              DdbTable             *table,
              const DdbTableUpdate *update,
              GError              **error)
{
  if (update->set_billing_mode && update->billing_mode == DDB_BILLING_ON_DEMAND &&
      table->spec->billing_mode == DDB_BILLING_PROVISIONED &&
      !ddb_quota_check_switch (table->on_demand_switches, self->now_usec, error))
    return FALSE;
  if (is_decrease (table, update) &&
      !ddb_quota_check_decrease (table_tally (table), table->arn, self->now_usec, error))
    return FALSE;
  if (update->set_throughput &&
      !ddb_quota_check_units (&update->throughput, self->config.admission.table_quota_units,
                              error))
    return FALSE;

  return TRUE;
}

static void
apply_update (DdbTable             *table,
              const DdbTableUpdate *update,
              gint64                now_usec)
{
  DdbThroughput *throughput = &table->spec->throughput;

  if (update->set_billing_mode && update->billing_mode != table->spec->billing_mode)
    {
      table->spec->billing_mode = update->billing_mode;
      table->billing_mode_changed_usec = now_usec;
      if (update->billing_mode == DDB_BILLING_ON_DEMAND)
        {
          ddb_quota_count_switch (table->on_demand_switches, now_usec);
          /* The previous peak of a switched table starts at the highest throughput it was
           * ever provisioned for (rulebook 4.2, [RWCM]); its GSIs are switched in
           * ddb-engine-indexes.c. */
          table->load.read_floor = MAX (table->load.read_floor,
                                        (double)table->peak_provisioned[0]);
          table->load.write_floor = MAX (table->load.write_floor,
                                         (double)table->peak_provisioned[1]);
          throughput->read_capacity_units = 0;
          throughput->write_capacity_units = 0;
        }
    }

  if (update->set_throughput && table->spec->billing_mode == DDB_BILLING_PROVISIONED)
    {
      gboolean was_provisioned = throughput->read_capacity_units > 0;

      if (is_decrease (table, update))
        ddb_quota_count_decrease (table_tally (table), now_usec);
      if (!was_provisioned || update->throughput.read_capacity_units >
                              throughput->read_capacity_units ||
          update->throughput.write_capacity_units > throughput->write_capacity_units)
        table->last_increase_usec = now_usec;

      throughput->read_capacity_units = update->throughput.read_capacity_units;
      throughput->write_capacity_units = update->throughput.write_capacity_units;
      table->peak_provisioned[0] = MAX (table->peak_provisioned[0],
                                        throughput->read_capacity_units);
      table->peak_provisioned[1] = MAX (table->peak_provisioned[1],
                                        throughput->write_capacity_units);
    }

  if (update->set_throughput && table->spec->billing_mode == DDB_BILLING_ON_DEMAND)
    {
      throughput->max_read_request_units = update->throughput.max_read_request_units;
      throughput->max_write_request_units = update->throughput.max_write_request_units;
    }

  if (update->set_table_class)
    table->spec->table_class = update->table_class;

  if (update->set_warm_throughput)
    {
      table->spec->warm_read_units = MAX (table->spec->warm_read_units,
                                          update->warm_read_units);
      table->spec->warm_write_units = MAX (table->spec->warm_write_units,
                                           update->warm_write_units);
      table->load.read_floor = MAX (table->load.read_floor,
                                    (double)table->spec->warm_read_units);
      table->load.write_floor = MAX (table->load.write_floor,
                                     (double)table->spec->warm_write_units);
    }
}

/**
 * ddb_engine_update_table:
 *
 * Changes a table's billing mode, provisioned throughput, table class or warm throughput,
 * and creates, updates (throughput, warm throughput) or deletes global secondary indexes
 * (ddb-engine-indexes.c); what is pre-warmed gets its partitions at once.  Raising
 * provisioned throughput beyond what the partitions support doubles them (rulebook 3.3);
 * partitions never merge.  The table answers UPDATING.
 *
 * Returns: (transfer full) (nullable): the table's description, or NULL with @error set.
 */
DdbTableInfo *
ddb_engine_update_table (DdbEngine             *self,
                         const DdbTableUpdate  *update,
                         GError               **error)
{
  DdbTable *table;
  g_autofree char *saved = NULL;
  g_autoptr(DdbTable) backup = NULL;
  DdbTableInfo *info;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (update != NULL && update->table_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, update->table_name, TRUE, error);
  if (table == NULL)
    return NULL;
  /* A table busy with an index change still takes updates (say, more write capacity for
   * a backfill); the index rules then refuse a second index creation. */
  if (table->status != DDB_TABLE_STATUS_ACTIVE &&
      !(table->status == DDB_TABLE_STATUS_UPDATING && _ddb_engine_indexes_busy (table)))
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_IN_USE,
                   "Attempt to change a resource which is still in use: Table: %s is in %s "
                   "state.", update->table_name, ddb_table_status_to_string (table->status));
      return NULL;
    }
  if (!check_update (table, update, error) || !check_quotas (self, table, update, error) ||
      !_ddb_engine_check_index_updates (self, table, update, error))
    return NULL;

  /* Keep the definition as it was, to restore it if the store refuses the change. */
  saved = ddb_table_to_json (table);

  if (!_ddb_engine_begin (self, error))
    return NULL;

  apply_update (table, update, self->now_usec);
  if (!_ddb_engine_apply_index_updates (self, table, update, error) ||
      !prewarm (self, table, error))
    goto failed;
  table->status = DDB_TABLE_STATUS_UPDATING;
  table->status_until_usec = self->now_usec + self->config.table_update_delay_usec;

  /* New provisioned throughput serves once the table is ACTIVE again: until then the
   * partitions keep their shares (requests above the old capacity throttle). */
  if (table->spec->billing_mode == DDB_BILLING_PROVISIONED &&
      self->config.table_update_delay_usec > 0)
    table->throughput_pending = TRUE;
  else if (table->spec->billing_mode == DDB_BILLING_PROVISIONED &&
           ddb_table_split_for_throughput (table, NULL, self->store, self->now_usec, error) ==
           G_MAXUINT)
    goto failed;
  if (!_ddb_engine_save_table (self, table, error) || !_ddb_engine_commit (self, error))
    goto failed;

  info = _ddb_engine_table_info (self, table);

  return info;

failed:
  _ddb_engine_rollback (self);
  backup = ddb_table_new_from_json (table->id, saved, NULL);
  if (backup != NULL)
    {
      g_hash_table_steal (self->tables, table->spec->table_name);
      ddb_table_free (table);
      if (ddb_table_recount (backup, self->store, NULL))
        {
          g_hash_table_insert (self->tables, backup->spec->table_name, backup);
          backup = NULL;
        }
    }

  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * ListTables
 * ------------------------------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * ddb_engine_list_tables:
 * @exclusive_start_name: (nullable): list the names after this one
 * @limit: at most this many names (1 to 100)
 * @last_evaluated_name: (out) (transfer full): the last name listed when more remain
 *
 * Returns: (transfer full): table names in UTF-8 order.
 */
GStrv
ddb_engine_list_tables (DdbEngine   *self,
                        const char  *exclusive_start_name,
                        guint        limit,
                        char       **last_evaluated_name,
                        GError     **error)
{
  g_autofree const char **names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_names;
  guint listed = 0;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (limit >= 1 && limit <= 100, NULL);
  g_return_val_if_fail (last_evaluated_name != NULL, NULL);

  *last_evaluated_name = NULL;
  names = (const char **)g_hash_table_get_keys_as_array (self->tables, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);

  for (guint i = 0; i < n_names; i++)
    {
      if (exclusive_start_name != NULL && strcmp (names[i], exclusive_start_name) <= 0)
        continue;
      if (listed == limit)
        {
          *last_evaluated_name = g_strdup (names[i - 1]);
          break;
        }
      g_strv_builder_add (builder, names[i]);
      listed++;
    }

  return g_strv_builder_end (builder);
}

/* ---------------------------------------------------------------------------------------
 * Time to live
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_update_ttl:
 *
 * Enables or disables TTL on @attribute_name.  DynamoDB allows one change per table per
 * hour and refuses to enable what is enabled or disable what is disabled.
 *
 * Returns: (transfer full) (nullable): the table's description.
 */
DdbTableInfo *
ddb_engine_update_ttl (DdbEngine   *self,
                       const char  *table_name,
                       gboolean     enabled,
                       const char  *attribute_name,
                       GError     **error)
{
  DdbTable *table;
  g_autofree char *old_attribute = NULL;
  DdbTtlStatus old_status;
  gint64 old_changed;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL && attribute_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, table_name, FALSE, error);
  if (table == NULL)
    return NULL;

  if (enabled && table->ttl_status == DDB_TTL_ENABLED)
    return invalid (error, "TimeToLive is already enabled"), NULL;
  if (!enabled && table->ttl_status == DDB_TTL_DISABLED)
    return invalid (error, "TimeToLive is already disabled"), NULL;
  if (table->ttl_changed_usec != 0 && self->now_usec - table->ttl_changed_usec < USEC_PER_HOUR)
    return invalid (error, "Time to live has been modified multiple times within a fixed "
                           "interval"), NULL;

  old_attribute = g_steal_pointer (&table->ttl_attribute);
  old_status = table->ttl_status;
  old_changed = table->ttl_changed_usec;

  table->ttl_attribute = g_strdup (attribute_name);
  table->ttl_status = enabled ? DDB_TTL_ENABLED : DDB_TTL_DISABLED;
  table->ttl_changed_usec = self->now_usec;

  if (!_ddb_engine_begin (self, error) || !_ddb_engine_save_table (self, table, error) ||
      !_ddb_engine_ttl_index_items (self, table, error) || !_ddb_engine_commit (self, error))
    {
      _ddb_engine_rollback (self);
      g_free (table->ttl_attribute);
      table->ttl_attribute = g_steal_pointer (&old_attribute);
      table->ttl_status = old_status;
      table->ttl_changed_usec = old_changed;
      return NULL;
    }

  return _ddb_engine_table_info (self, table);
}

/* ---------------------------------------------------------------------------------------
 * Partitions
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_list_partitions:
 *
 * Returns: (transfer full) (element-type DdbPartitionInfo) (nullable): the table's
 *   partitions in hash order, with their ranges, counters and throughput shares.
 */
GArray *
ddb_engine_list_partitions (DdbEngine   *self,
                            const char  *table_name,
                            GError     **error)
{
  DdbTable *table;
  GArray *infos;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  if (table == NULL)
    return NULL;

  infos = g_array_new (FALSE, TRUE, sizeof (DdbPartitionInfo));
  for (guint i = 0; i < ddb_partition_map_get_count (table->partitions); i++)
    {
      const DdbPartition *p = ddb_partition_map_get (table->partitions, i);
      DdbPartitionInfo info = {
        .id = p->id,
        .parent_id = p->parent_id,
        .hash_low = p->low,
        .hash_high = p->high,
        .sort_low = p->low_sort != NULL,
        .sort_high = p->high_sort != NULL,
        .item_count = p->item_count,
        .size_bytes = p->size_bytes,
        .created_usec = p->created_usec,
        .read_capacity_share = p->rcu_share,
        .write_capacity_share = p->wcu_share,
      };

      g_array_append_val (infos, info);
    }

  return infos;
}

/**
 * ddb_engine_list_splits:
 *
 * Returns: (transfer full) (element-type DdbSplitEvent) (nullable): every split of the
 *   table's partitions, oldest first, with its simulated time and reason.
 */
GArray *
ddb_engine_list_splits (DdbEngine   *self,
                        const char  *table_name,
                        GError     **error)
{
  DdbTable *table;
  const GArray *splits;
  GArray *copy;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  if (table == NULL)
    return NULL;

  splits = ddb_partition_map_get_splits (table->partitions);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (DdbSplitEvent), splits->len);
  g_array_append_vals (copy, splits->data, splits->len);

  return copy;
}
