/* ddb-table.c
 *
 * One table inside the engine: creation from a spec, snapshots for DescribeTable, and the
 * live item and byte counters of the table and of each partition.  Splits and recounts
 * are in ddb-table-partitions.c.
 *
 * Design notes
 * ------------
 * Counters.  Every write calls ddb_table_account() with the change in items and bytes at
 * the item's hash, which updates the partition that holds the hash and the table totals.
 * Invariants (checked by _ddb_table_check() in debug builds):
 *
 *   T1  item_count and size_bytes are the sums over the partitions
 *   T2  no counter is negative
 *   T3  a GSI's entry count and size are the sums over its own partitions
 *
 * DescribeTable's ItemCount and TableSizeBytes are not the live counters: DynamoDB
 * refreshes them "approximately every six hours".  ddb_table_refresh_stats() copies the
 * live counters into the reported ones when the configured interval has passed
 * (DdbEngineConfig.stats_refresh_usec, a model parameter).
 *
 * Initial partitions: the classic formula for provisioned tables; an on-demand table
 * starts with the capacity of a new on-demand table (12,000 read or 4,000 write units,
 * rulebook 4.2), which is four partitions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-table"

#include "config.h"

#include "ddb-partition-plan.h"
#include "ddb-table-spec-private.h"
#include "ddb-table.h"

/* A new on-demand table serves 12,000 RRU or 4,000 WRU (rulebook 4.2). */
#define ON_DEMAND_INITIAL_RRU 12000
#define ON_DEMAND_INITIAL_WRU 4000

#ifndef G_DISABLE_ASSERT
/* The counter invariants (T1 to T3 in ddb-engine.c's notes); asserted after every change. */
gboolean
_ddb_table_check (DdbTable *self)
{
  gint64 items = 0;
  gint64 bytes = 0;

  for (guint i = 0; i < ddb_partition_map_get_count (self->partitions); i++)
    {
      const DdbPartition *p = ddb_partition_map_get (self->partitions, i);

      g_assert (p->item_count >= 0 && p->size_bytes >= 0);                     /* T2 */
      items += p->item_count;
      bytes += p->size_bytes;
    }
  g_assert (items == self->item_count && bytes == self->size_bytes);            /* T1 */

  for (guint i = 0; i < self->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (self->indexes, i);

      g_assert (index->item_count >= 0 && index->size_bytes >= 0);             /* T2 */
      if (index->partitions != NULL)
        {
          gint64 entries = 0;
          gint64 entry_bytes = 0;

          for (guint p = 0; p < ddb_partition_map_get_count (index->partitions); p++)
            {
              entries += ddb_partition_map_get (index->partitions, p)->item_count;
              entry_bytes += ddb_partition_map_get (index->partitions, p)->size_bytes;
            }
          g_assert (entries == index->item_count && entry_bytes == index->size_bytes); /* T3 */
        }
    }

  return TRUE;
}
#endif

static void
ddb_table_resolve_key (DdbTable *self)
{
  self->key.partition_name = self->spec->key.partition_key;
  self->key.partition_kind = ddb_table_spec_lookup_kind (self->spec, self->spec->key.partition_key);
  self->key.sort_name = self->spec->key.sort_key;
  self->key.sort_kind = ddb_table_spec_lookup_kind (self->spec, self->spec->key.sort_key);
}

/* A deterministic TableId in UUID form: the engine never uses randomness it cannot seed. */
static char *
make_uuid (const char *name,
           gint64      created_usec)
{
  g_autofree char *seed = g_strdup_printf ("ddbsim:%s:%" G_GINT64_FORMAT, name, created_usec);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);

  return g_strdup_printf ("%.8s-%.4s-4%.3s-a%.3s-%.12s", hex, hex + 8, hex + 13, hex + 17,
                          hex + 20);
}

/* Fills in what derives from the spec; the JSON loader calls it too. */
void
_ddb_table_finish (DdbTable *self)
{
  ddb_table_resolve_key (self);
  g_free (self->arn);
  self->arn = g_strdup_printf ("arn:aws:dynamodb:us-east-1:000000000000:table/%s",
                               self->spec->table_name);
  if (self->uuid == NULL)
    self->uuid = make_uuid (self->spec->table_name, self->created_usec);
  if (self->indexes == NULL)
    self->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_index_free);

  /* What the table was pre-warmed for it serves at once, on-demand or provisioned. */
  self->load.read_floor = MAX (self->load.read_floor, (double)self->spec->warm_read_units);
  self->load.write_floor = MAX (self->load.write_floor, (double)self->spec->warm_write_units);

  /* Index specs live in the table's spec: point every index at its own again. */
  for (guint i = 0; i < self->indexes->len; i++)
    ddb_index_resolve (g_ptr_array_index (self->indexes, i), &self->key, self->spec);
}

static guint
initial_partitions (const DdbTableSpec *spec)
{
  if (spec->billing_mode == DDB_BILLING_ON_DEMAND)
    return MAX (ddb_partitions_for_throughput (ON_DEMAND_INITIAL_RRU, 0),
                ddb_partitions_for_throughput (0, ON_DEMAND_INITIAL_WRU));

  return ddb_partitions_for_throughput (spec->throughput.read_capacity_units,
                                        spec->throughput.write_capacity_units);
}

/**
 * ddb_table_new:
 * @spec: a validated spec (copied)
 *
 * Returns: (transfer full): a new, empty table in state CREATING, with its initial
 *   partitions.  Its id is 0 until the store gives it one.
 */
DdbTable *
ddb_table_new (const DdbTableSpec *spec,
               gint64              now_usec)
{
  DdbTable *self = g_new0 (DdbTable, 1);

  self->spec = ddb_table_spec_copy (spec);
  self->status = DDB_TABLE_STATUS_CREATING;
  self->created_usec = now_usec;
  self->stats_refreshed_usec = now_usec;
  self->billing_mode_changed_usec = now_usec;
  self->partitions = ddb_partition_map_new_even (initial_partitions (spec), now_usec);
  self->peak_provisioned[0] = spec->throughput.read_capacity_units;
  self->peak_provisioned[1] = spec->throughput.write_capacity_units;
  if (spec->billing_mode == DDB_BILLING_PROVISIONED)
    ddb_partition_map_share_evenly (self->partitions, spec->throughput.read_capacity_units,
                                    spec->throughput.write_capacity_units);
  _ddb_table_finish (self);

  for (guint i = 0; i < self->spec->indexes->len; i++)
    g_ptr_array_add (self->indexes, ddb_index_new (g_ptr_array_index (self->spec->indexes, i),
                                                   &self->key, self->spec,
                                                   ++self->next_index_number, now_usec));

  return self;
}

void
ddb_table_free (DdbTable *table)
{
  if (table == NULL)
    return;

  ddb_table_spec_free (table->spec);
  g_free (table->arn);
  g_free (table->uuid);
  ddb_partition_map_free (table->partitions);
  g_clear_pointer (&table->indexes, g_ptr_array_unref);
  ddb_owner_load_clear (&table->load);
  g_clear_pointer (&table->metrics, ddb_resource_metrics_free);
  g_clear_pointer (&table->scaling[0], g_free);   /* plain structs */
  g_clear_pointer (&table->scaling[1], g_free);
  g_free (table->ttl_attribute);
  g_free (table);
}

/* The partition size limit: the default 10 GB or the table's demonstration setting. */
guint64
ddb_table_get_partition_max_bytes (DdbTable *table)
{
  g_return_val_if_fail (table != NULL, DDB_TABLE_DEFAULT_PARTITION_BYTES);

  return table->spec->partition_max_bytes != 0 ? table->spec->partition_max_bytes
                                               : DDB_TABLE_DEFAULT_PARTITION_BYTES;
}

/* DescribeTable's statistics follow the live ones every @refresh_usec (0: always). */
void
ddb_table_refresh_stats (DdbTable *table,
                         gint64    now_usec,
                         gint64    refresh_usec)
{
  g_return_if_fail (table != NULL);

  if (refresh_usec > 0 && now_usec - table->stats_refreshed_usec < refresh_usec)
    return;

  table->reported_item_count = table->item_count;
  table->reported_size_bytes = table->size_bytes;
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      index->reported_item_count = index->item_count;
      index->reported_size_bytes = index->size_bytes;
    }
  /* Refreshes happen on a fixed schedule from creation, not whenever someone looks. */
  if (refresh_usec > 0)
    table->stats_refreshed_usec += (now_usec - table->stats_refreshed_usec) / refresh_usec *
                                   refresh_usec;
  else
    table->stats_refreshed_usec = now_usec;
}

/* Returns: (transfer full): a snapshot of @table for DescribeTable and the UI. */
DdbTableInfo *
ddb_table_dup_info (DdbTable *table,
                    gint64    now_usec)
{
  DdbTableInfo *info;

  g_return_val_if_fail (table != NULL, NULL);

  info = g_new0 (DdbTableInfo, 1);
  info->spec = ddb_table_spec_copy (table->spec);
  info->status = table->status;
  info->arn = g_strdup (table->arn);
  info->table_id = g_strdup (table->uuid);
  info->creation_usec = table->created_usec;
  info->item_count = table->reported_item_count;
  info->size_bytes = table->reported_size_bytes;
  info->live_item_count = table->item_count;
  info->live_size_bytes = table->size_bytes;
  info->stats_refreshed_usec = table->stats_refreshed_usec;
  info->last_increase_usec = table->last_increase_usec;
  info->last_decrease_usec = table->last_decrease_usec;
  info->decreases_today = table->decreases_today;
  info->billing_mode_changed_usec = table->billing_mode_changed_usec;
  info->partition_count = ddb_partition_map_get_count (table->partitions);
  info->partition_max_bytes = ddb_table_get_partition_max_bytes (table);
  info->ttl_attribute = g_strdup (table->ttl_attribute);
  info->ttl_status = table->ttl_status;
  info->ttl_deleted_items = table->ttl_deleted_items;

  info->indexes = _ddb_index_infos_new ();
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      DdbIndexInfo index_info = {
        .name = g_strdup (index->spec->name),
        .global = index->spec->global,
        .status = index->status,
        .backfilling = index->status == DDB_INDEX_STATUS_CREATING,
        .arn = g_strdup_printf ("%s/index/%s", table->arn, index->spec->name),
        .item_count = index->reported_item_count,
        .size_bytes = index->reported_size_bytes,
        .live_item_count = index->item_count,
        .live_size_bytes = index->size_bytes,
        .partition_count = index->partitions != NULL
                           ? ddb_partition_map_get_count (index->partitions)
                           : ddb_partition_map_get_count (table->partitions),
        .last_increase_usec = index->last_increase_usec,
        .last_decrease_usec = index->last_decrease_usec,
        .decreases_today = index->decreases_today,
        .backfilled_items = index->backfill_done,
      };

      g_array_append_val (info->indexes, index_info);
    }

  return info;
}

/**
 * ddb_table_account:
 * @key: the key of the item that changed
 * @delta_items: +1 for a new item, -1 for a deleted one, 0 for a replaced one
 * @delta_bytes: the change in item bytes
 *
 * Keeps the table's and the partition's counters in step with a write.
 */
void
ddb_table_account (DdbTable          *table,
                   const DdbRouteKey *key,
                   gint64             delta_items,
                   gint64             delta_bytes)
{
  DdbPartition *partition;

  g_return_if_fail (table != NULL && key != NULL);

  partition = ddb_partition_map_get (table->partitions,
                                     ddb_partition_map_route (table->partitions, key));
  partition->item_count += delta_items;
  partition->size_bytes += delta_bytes;
  table->item_count += delta_items;
  table->size_bytes += delta_bytes;

  g_assert (_ddb_table_check (table));
}

/* Returns: (transfer none) (nullable): the index called @name. */
DdbIndex *
ddb_table_lookup_index (DdbTable   *table,
                        const char *name)
{
  g_return_val_if_fail (table != NULL && name != NULL, NULL);

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (g_strcmp0 (index->spec->name, name) == 0)
        return index;
    }

  return NULL;
}

/* TRUE if the table has a local secondary index (its item collections are then limited
 * in size and never split). */
gboolean
ddb_table_has_local_index (DdbTable *table)
{
  g_return_val_if_fail (table != NULL, FALSE);

  for (guint i = 0; i < table->indexes->len; i++)
    if (!ddb_index_is_global (g_ptr_array_index (table->indexes, i)))
      return TRUE;

  return FALSE;
}

/**
 * ddb_table_account_entry:
 * @key: the entry's index key
 *
 * Keeps an index's counters (and a GSI's partition counters) in step with a change of
 * entries.
 */
void
ddb_table_account_entry (DdbTable          *table,
                         DdbIndex          *index,
                         const DdbRouteKey *key,
                         gint64             delta_entries,
                         gint64             delta_bytes)
{
  g_return_if_fail (table != NULL && index != NULL && key != NULL);

  index->item_count += delta_entries;
  index->size_bytes += delta_bytes;
  if (index->partitions != NULL)
    {
      DdbPartition *partition =
        ddb_partition_map_get (index->partitions, ddb_partition_map_route (index->partitions,
                                                                            key));

      partition->item_count += delta_entries;
      partition->size_bytes += delta_bytes;
    }

  g_assert (_ddb_table_check (table));
}

/**
 * ddb_table_item_expiry:
 *
 * Returns: the epoch second of @item's TTL attribute, or G_MININT64 when TTL is not
 *   enabled or the item carries no whole-second Number there (such an item never
 *   expires, as in DynamoDB, which ignores TTL values of other types).
 */
gint64
ddb_table_item_expiry (DdbTable       *table,
                       const DdbValue *item)
{
  DdbValue *value;
  gint64 seconds;

  if (table->ttl_status != DDB_TTL_ENABLED || table->ttl_attribute == NULL)
    return G_MININT64;

  value = ddb_value_lookup (item, table->ttl_attribute);
  if (value == NULL || ddb_value_get_kind (value) != DDB_KIND_N ||
      !ddb_number_to_int64 (ddb_value_get_number (value), &seconds))
    return G_MININT64;

  return seconds;
}
