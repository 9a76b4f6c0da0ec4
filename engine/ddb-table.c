/* ddb-table.c
 *
 * One table inside the engine: creation from a spec, snapshots for DescribeTable, the
 * live item and byte counters of the table and of each partition, and partition splits.
 *
 * Design notes
 * ------------
 * Counters.  Every write calls ddb_table_account() with the change in items and bytes at
 * the item's hash, which updates the partition that holds the hash and the table totals.
 * Invariants (checked by ddb_table_check() in debug builds):
 *
 *   T1  item_count and size_bytes are the sums over the partitions
 *   T2  no counter is negative
 *
 * DescribeTable's ItemCount and TableSizeBytes are not the live counters: DynamoDB
 * refreshes them "approximately every six hours".  ddb_table_refresh_stats() copies the
 * live counters into the reported ones when the configured interval has passed
 * (DdbEngineConfig.stats_refresh_usec, a model parameter).
 *
 * Splits (rulebook 3.3).  A partition whose size passes the table's limit splits at the
 * hash of its median item, so that each child gets half the items; an item collection
 * that shares one hash cannot be cut by hash and stays whole.  Raising provisioned
 * throughput beyond what the partitions support doubles the partition count, each
 * partition splitting at the middle of its range.  Both kinds of split are bounded: at
 * most one pass over the partitions per call.
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
#include "ddb-table.h"

/* A new on-demand table serves 12,000 RRU or 4,000 WRU (rulebook 4.2). */
#define ON_DEMAND_INITIAL_RRU 12000
#define ON_DEMAND_INITIAL_WRU 4000

#ifndef G_DISABLE_ASSERT
static gboolean
ddb_table_check (DdbTable *self)
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
  if (spec->billing_mode == DDB_BILLING_PROVISIONED)
    ddb_partition_map_share_evenly (self->partitions, spec->throughput.read_capacity_units,
                                    spec->throughput.write_capacity_units);
  _ddb_table_finish (self);

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

  return info;
}

/**
 * ddb_table_account:
 * @hash: the hash of the item that changed
 * @delta_items: +1 for a new item, -1 for a deleted one, 0 for a replaced one
 * @delta_bytes: the change in item bytes
 *
 * Keeps the table's and the partition's counters in step with a write.
 */
void
ddb_table_account (DdbTable *table,
                   guint64   hash,
                   gint64    delta_items,
                   gint64    delta_bytes)
{
  DdbPartition *partition;

  g_return_if_fail (table != NULL);

  partition = ddb_partition_map_get (table->partitions,
                                     ddb_partition_map_route (table->partitions, hash));
  partition->item_count += delta_items;
  partition->size_bytes += delta_bytes;
  table->item_count += delta_items;
  table->size_bytes += delta_bytes;

  g_assert (ddb_table_check (table));
}

static gboolean
recount_partition (DdbTable      *table,
                   DdbStore      *store,
                   DdbPartition  *partition,
                   GError       **error)
{
  return ddb_store_count_range (store, table->id, partition->low, partition->high,
                                &partition->item_count, &partition->size_bytes, error);
}

/* Recomputes every counter from the store (after loading a database). */
gboolean
ddb_table_recount (DdbTable  *table,
                   DdbStore  *store,
                   GError   **error)
{
  g_return_val_if_fail (table != NULL && store != NULL, FALSE);

  table->item_count = 0;
  table->size_bytes = 0;
  for (guint i = 0; i < ddb_partition_map_get_count (table->partitions); i++)
    {
      DdbPartition *p = ddb_partition_map_get (table->partitions, i);

      if (!recount_partition (table, store, p, error))
        return FALSE;
      table->item_count += p->item_count;
      table->size_bytes += p->size_bytes;
    }

  g_assert (ddb_table_check (table));

  return TRUE;
}

/* Splits partition @index at @boundary and recounts the two children. */
static gboolean
split_and_recount (DdbTable        *table,
                   DdbStore        *store,
                   guint            index,
                   guint64          boundary,
                   DdbSplitReason   reason,
                   gint64           now_usec,
                   gboolean        *split,
                   GError         **error)
{
  *split = ddb_partition_map_split (table->partitions, index, boundary, reason, now_usec);
  if (!*split)
    return TRUE;

  return recount_partition (table, store, ddb_partition_map_get (table->partitions, index),
                            error) &&
         recount_partition (table, store, ddb_partition_map_get (table->partitions, index + 1),
                            error);
}

/**
 * ddb_table_split_oversized:
 *
 * Splits every partition whose size passes the table's partition size limit at its
 * median item.  One pass: a child that is still too big splits on the next write.
 *
 * Returns: the number of splits, or G_MAXUINT with @error set.
 */
guint
ddb_table_split_oversized (DdbTable  *table,
                           DdbStore  *store,
                           gint64     now_usec,
                           GError   **error)
{
  guint64 limit = ddb_table_get_partition_max_bytes (table);
  guint splits = 0;

  for (guint i = 0; i < ddb_partition_map_get_count (table->partitions); i++)
    {
      DdbPartition *p = ddb_partition_map_get (table->partitions, i);
      guint64 median;
      gboolean split;

      if ((guint64)p->size_bytes <= limit || p->item_count < 2)
        continue;

      if (!ddb_store_nth_hash (store, table->id, p->low, p->high, p->item_count / 2, &median,
                               error) ||
          !split_and_recount (table, store, i, median, DDB_SPLIT_FOR_SIZE, now_usec, &split,
                              error))
        return G_MAXUINT;

      if (split)
        {
          splits++;
          i++;   /* skip the second child in this pass */
        }
    }

  g_assert (ddb_table_check (table));

  return splits;
}

/**
 * ddb_table_split_for_throughput:
 *
 * After provisioned throughput changed: doubles the partition count as many times as the
 * classic formula needs (TV-28: 4 partitions raised to 8,000 RCU become 8), then divides
 * the throughput evenly.
 *
 * Returns: the number of splits, or G_MAXUINT with @error set.
 */
guint
ddb_table_split_for_throughput (DdbTable  *table,
                                DdbStore  *store,
                                gint64     now_usec,
                                GError   **error)
{
  guint64 target;
  guint splits = 0;

  g_return_val_if_fail (table != NULL, G_MAXUINT);

  target = ddb_partitions_after_increase (ddb_partition_map_get_count (table->partitions),
                                          table->spec->throughput.read_capacity_units,
                                          table->spec->throughput.write_capacity_units);

  /* Bounded: each round doubles the count until it reaches target (at most 64 rounds),
   * and a round that splits nothing ends the loop. */
  while (ddb_partition_map_get_count (table->partitions) < target)
    {
      guint count = ddb_partition_map_get_count (table->partitions);
      guint index = 0;
      guint round_splits = 0;

      for (guint i = 0; i < count; i++)
        {
          DdbPartition *p = ddb_partition_map_get (table->partitions, index);
          gboolean split = FALSE;

          if (p->low < p->high &&
              !split_and_recount (table, store, index, p->low + (p->high - p->low) / 2 + 1,
                                  DDB_SPLIT_FOR_THROUGHPUT, now_usec, &split, error))
            return G_MAXUINT;
          index += split ? 2 : 1;
          round_splits += split;
        }

      splits += round_splits;
      if (round_splits == 0)
        break;
    }

  ddb_partition_map_share_evenly (table->partitions, table->spec->throughput.read_capacity_units,
                                  table->spec->throughput.write_capacity_units);
  g_assert (ddb_table_check (table));

  return splits;
}
