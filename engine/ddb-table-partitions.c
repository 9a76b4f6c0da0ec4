/* ddb-table-partitions.c
 *
 * Partition maintenance of a table and of its global secondary indexes: recounting from
 * the store, and splits.
 *
 * Design notes
 * ------------
 * A table's partitions hold its items; a GSI's partitions hold its entries, by the hash
 * of the index partition key (an LSI lives in the table's partitions).  Both follow the
 * same rules (rulebook 3.3), so this file works on a "partitioned" view: a partition map
 * with the store queries that count and rank what lies in a hash range.
 *
 * Size splits.  A partition whose size passes the table's limit splits at the hash of its
 * median item (or entry), so that each child gets half; an item collection that shares one
 * hash cannot be cut by hash and stays whole.  Throughput splits.  Raising provisioned
 * throughput beyond what the partitions support doubles the partition count, each
 * partition splitting at the middle of its range; a GSI follows its own throughput.  Both
 * are bounded: at most one pass over the partitions per call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-table"

#include "config.h"

#include <math.h>

#include "ddb-partition-plan.h"
#include "ddb-table.h"

typedef struct
{
  DdbTable        *table;
  DdbIndex        *index;           /* NULL: the table's items */
  DdbPartitionMap *map;
} Partitioned;

static Partitioned
partitioned (DdbTable *table,
             DdbIndex *index)
{
  return (Partitioned) { table, index, index != NULL ? index->partitions : table->partitions };
}

static DdbStoreKeyRange
key_range (const DdbPartition *partition)
{
  return (DdbStoreKeyRange) { partition->low, partition->low_sort, partition->high,
                              partition->high_sort };
}

static gboolean
count_range (const Partitioned       *view,
             DdbStore                *store,
             const DdbStoreKeyRange  *range,
             gint64                  *count,
             gint64                  *bytes,
             GError                 **error)
{
  if (view->index == NULL)
    return ddb_store_count_range (store, view->table->id, range, count, bytes, error);

  return ddb_store_count_entries (store, view->table->id, view->index->number, range, count,
                                  bytes, error);
}

/* The key of the @n-th item (or entry) of @partition, in key order. */
static gboolean
nth_key (const Partitioned   *view,
         DdbStore            *store,
         const DdbPartition  *partition,
         gint64               n,
         guint64             *hash,
         GBytes             **sort,
         GError             **error)
{
  DdbStoreKeyRange range = key_range (partition);

  if (view->index == NULL)
    return ddb_store_nth_key (store, view->table->id, &range, n, hash, sort, error);

  return ddb_store_nth_entry_key (store, view->table->id, view->index->number, &range, n, hash,
                                  sort, error);
}

static gboolean
recount_partition (const Partitioned  *view,
                   DdbStore           *store,
                   DdbPartition       *partition,
                   GError            **error)
{
  DdbStoreKeyRange range = key_range (partition);

  return count_range (view, store, &range, &partition->item_count, &partition->size_bytes,
                      error);
}

/* Recounts every partition of @view and returns the totals. */
static gboolean
recount_all (const Partitioned  *view,
             DdbStore           *store,
             gint64             *count,
             gint64             *bytes,
             GError            **error)
{
  *count = 0;
  *bytes = 0;
  for (guint i = 0; i < ddb_partition_map_get_count (view->map); i++)
    {
      DdbPartition *p = ddb_partition_map_get (view->map, i);

      if (!recount_partition (view, store, p, error))
        return FALSE;
      *count += p->item_count;
      *bytes += p->size_bytes;
    }

  return TRUE;
}

/* Recomputes every counter from the store (after loading a database, or a rollback). */
gboolean
ddb_table_recount (DdbTable  *table,
                   DdbStore  *store,
                   GError   **error)
{
  Partitioned view = partitioned (table, NULL);

  g_return_val_if_fail (table != NULL && store != NULL, FALSE);

  if (!recount_all (&view, store, &table->item_count, &table->size_bytes, error))
    return FALSE;

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      view = partitioned (table, index);
      if (index->partitions != NULL
          ? !recount_all (&view, store, &index->item_count, &index->size_bytes, error)
          : !count_range (&view, store, &DDB_STORE_KEY_RANGE_ALL, &index->item_count,
                          &index->size_bytes, error))
        return FALSE;
    }

  g_assert (_ddb_table_check (table));

  return TRUE;
}

/* Splits partition @position of @view at @boundary and recounts the two children (a
 * boundary outside the partition's range splits nothing). */
static gboolean
split_and_recount (const Partitioned  *view,
                   DdbStore           *store,
                   guint               position,
                   const DdbRouteKey  *boundary,
                   DdbSplitReason      reason,
                   gint64              now_usec,
                   gboolean           *split,
                   GError            **error)
{
  *split = ddb_partition_map_split (view->map, position, boundary, reason, now_usec);
  if (!*split)
    return TRUE;

  return recount_partition (view, store, ddb_partition_map_get (view->map, position), error) &&
         recount_partition (view, store, ddb_partition_map_get (view->map, position + 1), error);
}

/* One pass of size splits over @view.  Returns the number of splits, G_MAXUINT on error. */
static guint
split_oversized (const Partitioned  *view,
                 DdbStore           *store,
                 guint64             limit,
                 gint64              now_usec,
                 GError            **error)
{
  guint splits = 0;

  for (guint i = 0; i < ddb_partition_map_get_count (view->map); i++)
    {
      DdbPartition *p = ddb_partition_map_get (view->map, i);
      guint64 median;
      g_autoptr(GBytes) median_sort = NULL;
      gboolean split;

      if ((guint64)p->size_bytes <= limit || p->item_count < 2)
        continue;

      /* At the median's partition key; if that is where the partition starts, inside it,
       * by sort key, unless item collections must stay whole (the partitions of a table
       * with an LSI; a GSI's entries are no item collection). */
      if (!nth_key (view, store, p, p->item_count / 2, &median, &median_sort, error) ||
          !split_and_recount (view, store, i, &(DdbRouteKey) { median, NULL, 0 },
                              DDB_SPLIT_FOR_SIZE, now_usec, &split, error))
        return G_MAXUINT;
      if (!split && (view->index != NULL || !ddb_table_has_local_index (view->table)) &&
          !split_and_recount (view, store, i,
                              &(DdbRouteKey) { median,
                                               g_bytes_get_data (median_sort, NULL),
                                               g_bytes_get_size (median_sort) },
                              DDB_SPLIT_FOR_SIZE, now_usec, &split, error))
        return G_MAXUINT;

      if (split)
        {
          splits++;
          i++;   /* skip the second child in this pass */
        }
    }

  return splits;
}

/**
 * ddb_table_split_oversized:
 *
 * Splits every partition of the table, and of each GSI, whose size passes the table's
 * partition size limit, at its median.  One pass: a child that is still too big splits on
 * the next write.
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
  Partitioned view = partitioned (table, NULL);
  guint splits = split_oversized (&view, store, limit, now_usec, error);

  for (guint i = 0; splits != G_MAXUINT && i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      guint index_splits;

      if (index->partitions == NULL)
        continue;
      view = partitioned (table, index);
      index_splits = split_oversized (&view, store, limit, now_usec, error);
      splits = index_splits == G_MAXUINT ? G_MAXUINT : splits + index_splits;
    }

  g_assert (splits == G_MAXUINT || _ddb_table_check (table));

  return splits;
}

/* Doubles the partitions of @view (each splits at the middle of its range) until there
 * are at least @target.  Bounded: at most 64 rounds, and a round that splits nothing ends
 * the loop.  Returns the number of splits, G_MAXUINT on error. */
static guint
double_until (const Partitioned  *view,
              DdbStore           *store,
              guint64             target,
              gint64              now_usec,
              GError            **error)
{
  guint splits = 0;

  while (ddb_partition_map_get_count (view->map) < target)
    {
      guint count = ddb_partition_map_get_count (view->map);
      guint position = 0;
      guint round_splits = 0;

      for (guint i = 0; i < count; i++)
        {
          DdbPartition *p = ddb_partition_map_get (view->map, position);
          gboolean split = FALSE;

          if (p->low < p->high &&
              !split_and_recount (view, store, position,
                                  &(DdbRouteKey) { p->low + (p->high - p->low) / 2 + 1,
                                                   NULL, 0 },
                                  DDB_SPLIT_FOR_THROUGHPUT, now_usec, &split, error))
            return G_MAXUINT;
          position += split ? 2 : 1;
          round_splits += split;
        }

      splits += round_splits;
      if (round_splits == 0)
        break;
    }

  return splits;
}

/**
 * ddb_table_split_for_throughput:
 * @index: (nullable): a GSI whose throughput changed; NULL for the table
 *
 * After provisioned throughput changed: doubles the partition count as many times as the
 * classic formula needs (TV-28: 4 partitions raised to 8,000 RCU become 8), then divides
 * the throughput evenly.
 *
 * Returns: the number of splits, or G_MAXUINT with @error set.
 */
guint
ddb_table_split_for_throughput (DdbTable  *table,
                                DdbIndex  *index,
                                DdbStore  *store,
                                gint64     now_usec,
                                GError   **error)
{
  Partitioned view;
  const DdbThroughput *throughput;
  guint splits;

  g_return_val_if_fail (table != NULL, G_MAXUINT);
  g_return_val_if_fail (index == NULL || index->partitions != NULL, G_MAXUINT);

  view = partitioned (table, index);
  throughput = index != NULL ? &index->spec->throughput : &table->spec->throughput;
  splits = double_until (&view, store,
                         ddb_partitions_after_increase (ddb_partition_map_get_count (view.map),
                                                        throughput->read_capacity_units,
                                                        throughput->write_capacity_units),
                         now_usec, error);
  if (splits == G_MAXUINT)
    return G_MAXUINT;

  ddb_partition_map_share_evenly (view.map, throughput->read_capacity_units,
                                  throughput->write_capacity_units);
  g_assert (_ddb_table_check (table));

  return splits;
}

/**
 * ddb_table_split_for_peak:
 * @index: (nullable): a GSI of an on-demand table; NULL for the table
 * @read_units: the reads per second it must now serve at once
 * @write_units: the writes per second
 *
 * An on-demand table that reached a new high-water mark gets the partitions to serve it
 * (rulebook 3.3): doubling until each direction alone fits the partition limits.
 *
 * Returns: the number of splits, or G_MAXUINT with @error set.
 */
guint
ddb_table_split_for_peak (DdbTable  *table,
                          DdbIndex  *index,
                          DdbStore  *store,
                          double     read_units,
                          double     write_units,
                          gint64     now_usec,
                          GError   **error)
{
  Partitioned view;
  guint64 target;

  g_return_val_if_fail (table != NULL, G_MAXUINT);
  g_return_val_if_fail (index == NULL || index->partitions != NULL, G_MAXUINT);

  view = partitioned (table, index);
  target = (guint64)MAX (ceil (read_units / DDB_PARTITION_MAX_RCU),
                         ceil (write_units / DDB_PARTITION_MAX_WCU));

  return double_until (&view, store, target, now_usec, error);
}

/**
 * ddb_table_split_at:
 * @index: (nullable): a GSI, or NULL for the table
 * @position: the partition to split
 * @boundary: the first key of the upper child: a hash, or a hash and a sort key
 * @split: (out): whether it split (a boundary outside the range does not)
 *
 * Splits one partition at a chosen key and recounts the children (a split for heat).
 *
 * Returns: FALSE with @error set on a storage failure.
 */
gboolean
ddb_table_split_at (DdbTable        *table,
                    DdbIndex        *index,
                    DdbStore        *store,
                    guint            position,
                    const DdbRouteKey *boundary,
                    DdbSplitReason   reason,
                    gint64           now_usec,
                    gboolean        *split,
                    GError         **error)
{
  Partitioned view = partitioned (table, index);

  g_return_val_if_fail (table != NULL && split != NULL, FALSE);

  if (!split_and_recount (&view, store, position, boundary, reason, now_usec, split, error))
    return FALSE;

  g_assert (_ddb_table_check (table));

  return TRUE;
}
