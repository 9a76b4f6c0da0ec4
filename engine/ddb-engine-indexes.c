/* ddb-engine-indexes.c
 *
 * UpdateTable's GlobalSecondaryIndexUpdates and the lifecycle of a global secondary
 * index added to or removed from an existing table.
 *
 * Design notes
 * ------------
 * Index lifecycle, driven by the simulated clock like the table's (ddb-engine.c):
 *
 *     Create             backfill done                   Delete             next settle
 *   ---------> CREATING ---------------> ACTIVE ... ACTIVE ------> DELETING -----------> gone
 *                                         |  ^
 *                          Update ------> UPDATING  (until the next settle)
 *
 * While an index is CREATING, DELETING or UPDATING its table is UPDATING; DynamoDB
 * creates or deletes one index at a time per table.
 *
 * Backfill.  A new GSI is filled from the table's existing items, in item row order, at
 * the index's write capacity: its provisioned WCU, or for an on-demand table
 * DdbEngineConfig.backfill_on_demand_wcu (a model parameter).  What the backfill writes
 * in the current second is recorded on the GSI's partitions, so table writes that touch
 * the GSI in that second find less capacity (rulebook 9).  ddb_engine_advance() tops
 * up a credit of write units with the time that passed and spends it on entries, each
 * costing the write units of its size; items that are not in the index (sparse, or with a
 * key attribute of the wrong type, which DynamoDB reports as an index violation) cost
 * nothing.  Writes during the backfill maintain the index only for items the backfill
 * already passed (row id <= backfill_rowid); the backfill reaches every other item later
 * and indexes it as it is then.  New items get higher row ids (SQLite assigns the next
 * row id after the largest), except when the largest row was deleted: then the id may be
 * reused, and the write path sees the id is behind backfill_rowid and indexes the item
 * itself.  Reads of a CREATING index fail as DynamoDB's do.
 *
 * Warm throughput.  A GSI's WarmThroughput (CreateTable, or an UpdateTable Create or
 * Update action) lives in its spec and, like the table's, never decreases.  Here an Update
 * only raises the spec's values; the partitions to serve them, and the raised floor of an
 * on-demand GSI's instant ceiling, come with the table's pre-warming in
 * ddb-engine-tables.c, which runs after these updates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-indexes"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-admission.h"
#include "ddb-engine-indexes.h"
#include "ddb-engine-metrics.h"
#include "ddb-table-spec-private.h"
#include "ddb-throughput-quota.h"
#include "ddb-value-codec.h"

/* Items visited per backfill chunk. */
#define BACKFILL_CHUNK 256

/* TRUE while an index of @table is being created, updated or deleted. */
gboolean
_ddb_engine_indexes_busy (DdbTable *table)
{
  for (guint i = 0; i < table->indexes->len; i++)
    if (((DdbIndex *)g_ptr_array_index (table->indexes, i))->status != DDB_INDEX_STATUS_ACTIVE)
      return TRUE;

  return FALSE;
}

static DdbIndex *
lookup_global_index (DdbTable    *table,
                     const char  *name,
                     GError     **error)
{
  DdbIndex *index = ddb_table_lookup_index (table, name);

  if (index != NULL && ddb_index_is_global (index) &&
      index->status != DDB_INDEX_STATUS_DELETING)
    return index;

  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
               "Requested resource not found: Index: %s not found", name);
  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Checking GlobalSecondaryIndexUpdates
 * ------------------------------------------------------------------------------------- */

/* Adds the request's attribute definitions to @spec; one that redefines an attribute
 * with another type is refused. */
static gboolean
merge_definitions (DdbTableSpec         *spec,
                   const DdbTableUpdate *update,
                   GError              **error)
{
  for (guint i = 0; i < update->n_attribute_definitions; i++)
    {
      const DdbAttributeDefinition *definition = &update->attribute_definitions[i];
      DdbKind existing = ddb_table_spec_lookup_kind (spec, definition->name);

      if (existing == DDB_KIND_NULL)
        ddb_table_spec_add_attribute (spec, definition->name, definition->kind);
      else if (existing != definition->kind)
        return invalid (error, "One or more parameter values were invalid: Cannot change the "
                               "type of attribute %s from %s to %s", definition->name,
                        ddb_kind_to_string (existing), ddb_kind_to_string (definition->kind));
    }

  return TRUE;
}

static gboolean
check_create (DdbTable             *table,
              const DdbTableUpdate *update,
              const DdbIndexSpec   *create,
              GError              **error)
{
  g_autoptr(DdbTableSpec) candidate = ddb_table_spec_copy (table->spec);

  if (!create->global)
    return invalid (error, "One or more parameter values were invalid: Local secondary "
                           "indexes can only be defined when the table is created");
  if (ddb_table_lookup_index (table, create->name) != NULL)
    return invalid (error, "Attempting to create an index which already exists");

  if (update->set_billing_mode)
    candidate->billing_mode = update->billing_mode;
  if (!merge_definitions (candidate, update, error))
    return FALSE;
  ddb_table_spec_add_index_copy (candidate, create);

  /* The whole table as it would be must pass CreateTable's rules. */
  return ddb_table_spec_validate (candidate, error);
}

static DdbDecreaseTally
index_tally (DdbIndex *index)
{
  return (DdbDecreaseTally) { &index->decreases_today, &index->decreases_day,
                              &index->last_decrease_usec };
}

static gboolean
lowers_throughput (DdbIndex            *index,
                   const DdbThroughput *requested)
{
  const DdbThroughput *current = &index->spec->throughput;

  return current->read_capacity_units > 0 &&
         (requested->read_capacity_units < current->read_capacity_units ||
          requested->write_capacity_units < current->write_capacity_units);
}

static gboolean
check_throughput_update (DdbEngine            *self,
                         DdbTable             *table,
                         DdbIndex             *index,
                         const DdbTableUpdate *update,
                         const DdbThroughput  *requested,
                         GError              **error)
{
  DdbBillingMode mode = update->set_billing_mode ? update->billing_mode
                                                 : table->spec->billing_mode;
  const DdbThroughput *current = &index->spec->throughput;

  if (mode == DDB_BILLING_ON_DEMAND)
    {
      if (requested->read_capacity_units != 0 || requested->write_capacity_units != 0)
        return invalid (error, "One or more parameter values were invalid: "
                               "ProvisionedThroughput should not be specified for index: %s "
                               "when BillingMode is PAY_PER_REQUEST", index->spec->name);
      return TRUE;
    }

  if (requested->read_capacity_units < 1 || requested->write_capacity_units < 1)
    return invalid (error, "One or more parameter values were invalid: ProvisionedThroughput "
                           "must be specified for index: %s", index->spec->name);

  if (table->spec->billing_mode == DDB_BILLING_PROVISIONED &&
      requested->read_capacity_units == current->read_capacity_units &&
      requested->write_capacity_units == current->write_capacity_units)
    return invalid (error, "The provisioned throughput for the index %s will not change. The "
                           "requested value equals the current value. Current "
                           "ReadCapacityUnits provisioned for the index: %" G_GINT64_FORMAT
                           ". Requested ReadCapacityUnits: %" G_GINT64_FORMAT ". Current "
                           "WriteCapacityUnits provisioned for the index: %" G_GINT64_FORMAT
                           ". Requested WriteCapacityUnits: %" G_GINT64_FORMAT ". Refer to the "
                           "Amazon DynamoDB Developer Guide for current limits and how to "
                           "request higher limits.", index->spec->name,
                    current->read_capacity_units, requested->read_capacity_units,
                    current->write_capacity_units, requested->write_capacity_units);

  return ddb_quota_check_units (requested, self->config.admission.table_quota_units, error) &&
         (!lowers_throughput (index, requested) ||
          ddb_quota_check_decrease (index_tally (index), index->spec->name, self->now_usec,
                                    error));
}

/* WarmThroughput never decreases: the table's rule and message. */
static gboolean
check_warm_update (DdbIndex              *index,
                   const DdbIndexUpdate  *change,
                   GError               **error)
{
  if (change->set_warm_throughput &&
      (change->warm_read_units < index->spec->warm_read_units ||
       change->warm_write_units < index->spec->warm_write_units))
    return invalid (error, "One or more parameter values were invalid: WarmThroughput cannot "
                           "be decreased once raised");

  return TRUE;
}

/* A switch to provisioned billing must give every GSI its throughput in the same call. */
static gboolean
check_billing_switch (DdbTable             *table,
                      const DdbTableUpdate *update,
                      GError              **error)
{
  if (!update->set_billing_mode || update->billing_mode != DDB_BILLING_PROVISIONED ||
      table->spec->billing_mode != DDB_BILLING_ON_DEMAND)
    return TRUE;

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      gboolean given = FALSE;

      if (!ddb_index_is_global (index) || index->status == DDB_INDEX_STATUS_DELETING)
        continue;
      for (guint j = 0; j < update->n_index_updates; j++)
        given |= update->index_updates[j].kind == DDB_INDEX_UPDATE_UPDATE &&
                 !update->index_updates[j].keep_throughput &&
                 g_strcmp0 (update->index_updates[j].index_name, index->spec->name) == 0;
      if (!given)
        return invalid (error, "One or more parameter values were invalid: "
                               "ProvisionedThroughput must be specified for index: %s",
                        index->spec->name);
    }

  return TRUE;
}

/**
 * _ddb_engine_check_index_updates:
 *
 * Checks an UpdateTable's GlobalSecondaryIndexUpdates against the table.  Changes nothing.
 */
gboolean
_ddb_engine_check_index_updates (DdbEngine             *self,
                                 DdbTable              *table,
                                 const DdbTableUpdate  *update,
                                 GError               **error)
{
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  guint creates_or_deletes = 0;

  for (guint i = 0; i < update->n_index_updates; i++)
    {
      const DdbIndexUpdate *change = &update->index_updates[i];
      const char *name = change->kind == DDB_INDEX_UPDATE_CREATE ? change->create->name
                                                                 : change->index_name;

      if (!g_hash_table_add (named, (gpointer)name))
        return invalid (error, "One or more parameter values were invalid: Only one global "
                               "secondary index update per index is allowed simultaneously. "
                               "Index: %s", name);
      creates_or_deletes += change->kind != DDB_INDEX_UPDATE_UPDATE;
    }

  if (creates_or_deletes > 1 || (creates_or_deletes == 1 && _ddb_engine_indexes_busy (table)))
    {
      g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
                           "Subscriber limit exceeded: Only 1 online index can be created or "
                           "deleted simultaneously per table");
      return FALSE;
    }

  for (guint i = 0; i < update->n_index_updates; i++)
    {
      const DdbIndexUpdate *change = &update->index_updates[i];
      DdbIndex *index;

      if (change->kind == DDB_INDEX_UPDATE_CREATE)
        {
          if (!check_create (table, update, change->create, error))
            return FALSE;
          continue;
        }

      index = lookup_global_index (table, change->index_name, error);
      if (index == NULL ||
          (change->kind == DDB_INDEX_UPDATE_UPDATE &&
           (!check_warm_update (index, change, error) ||
            (!change->keep_throughput &&
             !check_throughput_update (self, table, index, update, &change->throughput,
                                       error)))))
        return FALSE;
    }

  return check_billing_switch (table, update, error);
}

/* ---------------------------------------------------------------------------------------
 * Applying them
 * ------------------------------------------------------------------------------------- */

static gboolean
apply_throughput (DdbEngine            *self,
                  DdbTable             *table,
                  DdbIndex             *index,
                  const DdbThroughput  *requested,
                  GError              **error)
{
  DdbThroughput *throughput = &index->spec->throughput;

  index->status = DDB_INDEX_STATUS_UPDATING;
  if (table->spec->billing_mode == DDB_BILLING_ON_DEMAND)
    {
      throughput->max_read_request_units = requested->max_read_request_units;
      throughput->max_write_request_units = requested->max_write_request_units;
      return TRUE;
    }

  if (lowers_throughput (index, requested))
    ddb_quota_count_decrease (index_tally (index), self->now_usec);
  if (requested->read_capacity_units > throughput->read_capacity_units ||
      requested->write_capacity_units > throughput->write_capacity_units)
    index->last_increase_usec = self->now_usec;
  throughput->read_capacity_units = requested->read_capacity_units;
  throughput->write_capacity_units = requested->write_capacity_units;

  /* As for the table: the new throughput serves after the update delay. */
  index->status_until_usec = self->now_usec + self->config.table_update_delay_usec;
  if (self->config.table_update_delay_usec > 0)
    {
      index->throughput_pending = TRUE;
      return TRUE;
    }

  return ddb_table_split_for_throughput (table, index, self->store, self->now_usec, error) !=
         G_MAXUINT;
}

/* Raises the GSI's warm throughput (pre-warming follows, see the notes at the top). */
static void
apply_warm (DdbEngine            *self,
            DdbIndex             *index,
            const DdbIndexUpdate *change)
{
  index->spec->warm_read_units = MAX (index->spec->warm_read_units, change->warm_read_units);
  index->spec->warm_write_units = MAX (index->spec->warm_write_units, change->warm_write_units);

  /* WarmThroughput alone: an active index is UPDATING as long as the table is (a CREATING
   * one goes on with its backfill). */
  if (change->keep_throughput && index->status != DDB_INDEX_STATUS_CREATING)
    {
      index->status = DDB_INDEX_STATUS_UPDATING;
      index->status_until_usec = MAX (index->status_until_usec,
                                      self->now_usec + self->config.table_update_delay_usec);
    }
}

static void
apply_create (DdbEngine            *self,
              DdbTable             *table,
              const DdbTableUpdate *update,
              const DdbIndexSpec   *create)
{
  DdbIndexSpec *spec;
  DdbIndex *index;

  merge_definitions (table->spec, update, NULL);
  spec = ddb_table_spec_add_index_copy (table->spec, create);
  index = ddb_index_new (spec, &table->key, table->spec, ++table->next_index_number,
                         self->now_usec);
  index->status = DDB_INDEX_STATUS_CREATING;
  index->backfill_at_usec = self->now_usec;
  g_ptr_array_add (table->indexes, index);
}

/**
 * _ddb_engine_apply_index_updates:
 *
 * Applies checked GlobalSecondaryIndexUpdates inside the caller's transaction, after the
 * table-level changes (billing mode) were applied.  On failure the caller restores the
 * table from its saved definition.
 */
gboolean
_ddb_engine_apply_index_updates (DdbEngine             *self,
                                 DdbTable              *table,
                                 const DdbTableUpdate  *update,
                                 GError               **error)
{
  /* A switch to on-demand billing drops every GSI's provisioned throughput. */
  if (update->set_billing_mode && update->billing_mode == DDB_BILLING_ON_DEMAND)
    for (guint i = 0; i < table->indexes->len; i++)
      {
        DdbIndex *index = g_ptr_array_index (table->indexes, i);

        index->load.read_floor = (double)index->spec->throughput.read_capacity_units;
        index->load.write_floor = (double)index->spec->throughput.write_capacity_units;
        index->spec->throughput.read_capacity_units = 0;
        index->spec->throughput.write_capacity_units = 0;
      }

  for (guint i = 0; i < update->n_index_updates; i++)
    {
      const DdbIndexUpdate *change = &update->index_updates[i];
      DdbIndex *index;

      switch (change->kind)
        {
        case DDB_INDEX_UPDATE_CREATE:
          apply_create (self, table, update, change->create);
          break;

        case DDB_INDEX_UPDATE_UPDATE:
          index = ddb_table_lookup_index (table, change->index_name);
          if (!change->keep_throughput &&
              !apply_throughput (self, table, index, &change->throughput, error))
            return FALSE;
          if (change->set_warm_throughput)
            apply_warm (self, index, change);
          break;

        case DDB_INDEX_UPDATE_DELETE:
          index = ddb_table_lookup_index (table, change->index_name);
          index->status = DDB_INDEX_STATUS_DELETING;
          index->status_until_usec = self->now_usec;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Settling: UPDATING -> ACTIVE, DELETING -> gone
 * ------------------------------------------------------------------------------------- */

static gboolean
attribute_is_key (DdbTable   *table,
                  const char *name)
{
  if (g_strcmp0 (table->spec->key.partition_key, name) == 0 ||
      g_strcmp0 (table->spec->key.sort_key, name) == 0)
    return TRUE;

  for (guint i = 0; i < table->spec->indexes->len; i++)
    {
      const DdbIndexSpec *index = g_ptr_array_index (table->spec->indexes, i);

      if (g_strcmp0 (index->key.partition_key, name) == 0 ||
          g_strcmp0 (index->key.sort_key, name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Removes a deleted index and the attribute definitions only it used. */
static void
forget_index (DdbTable *table,
              DdbIndex *index)
{
  DdbIndexSpec *spec = index->spec;
  GArray *definitions = table->spec->attribute_definitions;

  g_ptr_array_remove (table->indexes, index);
  g_ptr_array_remove (table->spec->indexes, spec);

  for (guint i = definitions->len; i-- > 0;)
    if (!attribute_is_key (table, g_array_index (definitions, DdbAttributeDefinition, i).name))
      g_array_remove_index (definitions, i);

  _ddb_table_finish (table);
}

/**
 * _ddb_engine_settle_indexes:
 * @changed: (out): set when an index changed state (the caller saves the table)
 *
 * Finishes index updates and removes deleted indexes with their entries, inside the
 * caller's transaction.
 */
gboolean
_ddb_engine_settle_indexes (DdbEngine  *self,
                            DdbTable   *table,
                            gboolean   *changed,
                            GError    **error)
{
  *changed = FALSE;

  for (guint i = table->indexes->len; i-- > 0;)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (index->status == DDB_INDEX_STATUS_UPDATING &&
          self->now_usec >= index->status_until_usec)
        {
          if (index->throughput_pending &&
              ddb_table_split_for_throughput (table, index, self->store, self->now_usec,
                                              error) == G_MAXUINT)
            return FALSE;
          index->throughput_pending = FALSE;
          index->status = DDB_INDEX_STATUS_ACTIVE;
          *changed = TRUE;
        }
      else if (index->status == DDB_INDEX_STATUS_DELETING &&
               self->now_usec >= index->status_until_usec)
        {
          if (!ddb_store_delete_index (self->store, table->id, index->number, error))
            return FALSE;
          forget_index (table, index);
          *changed = TRUE;
        }
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Backfill
 * ------------------------------------------------------------------------------------- */

static gint64
backfill_units_per_second (DdbEngine *self,
                           DdbTable  *table,
                           DdbIndex  *index)
{
  if (table->spec->billing_mode == DDB_BILLING_ON_DEMAND)
    return self->config.backfill_on_demand_wcu;

  return MAX (index->spec->throughput.write_capacity_units, 1);
}

typedef struct
{
  gint64    rowid;
  DdbValue *item;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->item, ddb_value_unref);
}

/* Reads the next items after the backfill position. */
static GArray *
read_chunk (DdbEngine  *self,
            DdbTable   *table,
            DdbIndex   *index,
            GError    **error)
{
  g_autoptr(DdbStoreCursor) cursor = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, (GDestroyNotify)row_clear);
  cursor = ddb_store_scan_after_rowid (self->store, table->id, index->backfill_rowid, error);
  if (cursor == NULL)
    return NULL;

  while (rows->len < BACKFILL_CHUNK)
    {
      DdbStoreRow stored;
      gboolean found;
      Row row;

      if (!ddb_store_cursor_next (cursor, &stored, &found, error))
        return NULL;
      if (!found)
        break;
      row.rowid = stored.rowid;
      row.item = ddb_value_deserialize (stored.data, stored.data_length, error);
      if (row.item == NULL)
        return NULL;
      g_array_append_val (rows, row);
    }

  return g_steal_pointer (&rows);
}

/* Indexes one item.  Returns FALSE when the credit does not cover it (nothing done). */
static gboolean
backfill_item (DdbEngine  *self,
               DdbTable   *table,
               DdbIndex   *index,
               const Row  *row,
               gboolean   *stored,
               GError    **error)
{
  g_autoptr(DdbValue) entry = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  DdbItemKey base_key, entry_key;
  DdbRouteKey route;
  gint64 size, cost;

  *stored = FALSE;
  /* An item whose index key has the wrong type is an index violation: not indexed. */
  if (!ddb_index_check_item (index, row->item, NULL) ||
      (entry = ddb_index_entry (index, row->item)) == NULL)
    return TRUE;

  size = ddb_item_size (entry);
  cost = (gint64)ddb_write_units (size, DDB_WRITE_STANDARD) * G_USEC_PER_SEC;
  if (cost > index->backfill_credit)
    return FALSE;

  bytes = g_byte_array_new ();
  ddb_value_serialize (entry, bytes);
  if (!ddb_key_from_item (&table->key, row->item, &base_key, error) ||
      !ddb_index_entry_key (index, entry, &entry_key) ||
      !ddb_store_insert_entry (self->store, table->id, index->number, &entry_key, &base_key,
                               size, bytes->data, bytes->len, error))
    return FALSE;

  index->backfill_credit -= cost;
  route = ddb_key_route (&entry_key);
  ddb_table_account_entry (table, index, &route, 1, size);
  _ddb_engine_consume_background (self, table, index, route,
                                  (double)cost / G_USEC_PER_SEC);
  if (self->config.metrics_enabled)
    _ddb_engine_metrics_now (self, table, index)->backfill_write +=
      (double)cost / G_USEC_PER_SEC;
  *stored = TRUE;

  return TRUE;
}

/* Backfills one chunk in one transaction.  *@more is FALSE when the credit ran out or the
 * table has no more items. */
static gboolean
backfill_chunk (DdbEngine  *self,
                DdbTable   *table,
                DdbIndex   *index,
                gboolean   *more,
                GError    **error)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  DdbIndex before = *index;
  guint done = 0;

  *more = FALSE;
  if (!_ddb_engine_begin (self, error))
    return FALSE;
  rows = read_chunk (self, table, index, error);
  if (rows == NULL)
    goto failed;

  for (; done < rows->len; done++)
    {
      const Row *row = &g_array_index (rows, Row, done);
      gboolean stored;

      if (!backfill_item (self, table, index, row, &stored, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto failed;
            }
          break;   /* out of credit: wait for more time */
        }
      index->backfill_rowid = row->rowid;
      index->backfill_done++;
    }

  if (done == rows->len && rows->len < BACKFILL_CHUNK)
    index->status = DDB_INDEX_STATUS_ACTIVE;
  *more = done == BACKFILL_CHUNK;

  if (!_ddb_engine_save_table (self, table, error) || !_ddb_engine_commit (self, error))
    goto failed;

  return TRUE;

failed:
  /* Nothing of the chunk stands: restore the position and the counters. */
  _ddb_engine_rollback (self);
  index->status = before.status;
  index->backfill_rowid = before.backfill_rowid;
  index->backfill_done = before.backfill_done;
  index->backfill_credit = before.backfill_credit;
  ddb_table_recount (table, self->store, NULL);
  return FALSE;
}

/**
 * _ddb_engine_backfill_indexes:
 *
 * Spends the write capacity that accrued since the last call on the backfill of every
 * CREATING index of @table.  An index whose backfill completes becomes ACTIVE, and the
 * table too when no other index change is pending.
 *
 * Returns: FALSE on a storage failure (the failed chunk is undone).
 */
gboolean
_ddb_engine_backfill_indexes (DdbEngine  *self,
                              DdbTable   *table,
                              GError    **error)
{
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      gint64 elapsed;
      gboolean more = TRUE;

      if (index->status != DDB_INDEX_STATUS_CREATING)
        continue;

      elapsed = self->now_usec - index->backfill_at_usec;
      if (elapsed > 0 && index->backfill_credit < G_MAXINT64 / 2)
        index->backfill_credit += MIN (elapsed, G_MAXINT64 / 2 /
                                                backfill_units_per_second (self, table, index))
                                  * backfill_units_per_second (self, table, index);
      index->backfill_at_usec = self->now_usec;

      while (more)
        if (!backfill_chunk (self, table, index, &more, error))
          return FALSE;

      if (index->status == DDB_INDEX_STATUS_ACTIVE)
        index->backfill_credit = 0;
    }

  if (table->status == DDB_TABLE_STATUS_UPDATING && !_ddb_engine_indexes_busy (table))
    {
      table->status = DDB_TABLE_STATUS_ACTIVE;
      return _ddb_engine_begin (self, error) && _ddb_engine_save_table (self, table, error) &&
             _ddb_engine_commit (self, error);
    }

  return TRUE;
}
