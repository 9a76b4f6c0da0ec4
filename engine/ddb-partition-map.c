/* ddb-partition-map.c
 *
 * Partitions as ranges of keys: the hash prefix, then the sort key.
 *
 * Design notes
 * ------------
 * A map is an array of partitions sorted by their range.  A range is a hash range
 * [low, high], narrowed at either end to part of one partition key's items when a split
 * for heat cut that key at a sort key (low_sort, high_sort; ddb-route-key.h).  Invariants,
 * checked by ddb_partition_map_check() in debug builds:
 *
 *   P1  there is at least one partition
 *   P2  the first range starts at 0 and the last ends at G_MAXUINT64, both whole
 *   P3  each range starts right after the previous one ends (no gap, no overlap): at the
 *       next hash, or at the same hash and the sort key where the previous one stopped
 *   P4  low <= high in every range, and low_sort < high_sort when both cut one hash
 *   P5  partition ids are unique and below next_id
 *   P6  a sort bound is never empty (the empty sort key is the start of its hash)
 *
 * Partitions only ever split, never merge (rulebook 3.3).  A split replaces one partition
 * by two children that share its range at a boundary; each child gets half of the
 * parent's provisioned throughput (rulebook 3.3: one 1,250/500 partition splitting for
 * size leaves two of 625/250) and starts with zero counters, which the caller (the table)
 * recounts from the store.  The initial partitions of a table divide the hash space
 * evenly; a change of provisioned throughput divides it evenly again
 * (ddb_partition_map_share_evenly()).
 *
 * Routing is a binary search, O(log partitions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-partition-map"

#include "config.h"

#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-partition-map.h"

struct _DdbPartitionMap
{
  GArray *partitions;     /* of DdbPartition, sorted by low */
  GArray *splits;         /* of DdbSplitEvent, in time order */
  guint   next_id;
  double  rcu_total;      /* the sum of the shares: the throughput the partitions serve */
  double  wcu_total;
};

/* Whether @p's range is well formed and starts right after @previous's (P3, P4, P6);
 * checked in debug builds, and on every map read from disk. */
static gboolean
ranges_valid (const DdbPartition *p,
              const DdbPartition *previous)
{
  if ((p->low_sort != NULL && g_bytes_get_size (p->low_sort) == 0) ||
      (p->high_sort != NULL && g_bytes_get_size (p->high_sort) == 0))
    return FALSE;
  if (p->low > p->high ||
      (p->low == p->high && p->low_sort != NULL && p->high_sort != NULL &&
       g_bytes_compare (p->low_sort, p->high_sort) >= 0))
    return FALSE;
  if (previous == NULL)
    return TRUE;
  if (previous->high_sort == NULL)
    return p->low_sort == NULL && previous->high != G_MAXUINT64 && p->low == previous->high + 1;

  return p->low == previous->high && p->low_sort != NULL &&
         g_bytes_equal (p->low_sort, previous->high_sort);
}

#ifndef G_DISABLE_ASSERT
static gboolean
ddb_partition_map_check (DdbPartitionMap *self)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);

  g_assert (self->partitions->len >= 1);                                          /* P1 */
  g_assert (g_array_index (self->partitions, DdbPartition, 0).low == 0);          /* P2 */
  g_assert (g_array_index (self->partitions, DdbPartition,
                           self->partitions->len - 1).high == G_MAXUINT64);

  g_assert (g_array_index (self->partitions, DdbPartition, 0).low_sort == NULL);
  g_assert (g_array_index (self->partitions, DdbPartition,
                           self->partitions->len - 1).high_sort == NULL);

  for (guint i = 0; i < self->partitions->len; i++)
    {
      const DdbPartition *p = &g_array_index (self->partitions, DdbPartition, i);

      g_assert (ranges_valid (p, i > 0 ? p - 1 : NULL));                       /* P3, P4, P6 */
      g_assert (p->id < self->next_id);                                            /* P5 */
      g_assert (g_hash_table_add (ids, GUINT_TO_POINTER (p->id)));
    }

  return TRUE;
}
#endif

static void
partition_clear (gpointer data)
{
  DdbPartition *p = data;

  g_clear_pointer (&p->low_sort, g_bytes_unref);
  g_clear_pointer (&p->high_sort, g_bytes_unref);
}

static DdbPartitionMap *
ddb_partition_map_alloc (void)
{
  DdbPartitionMap *self = g_new0 (DdbPartitionMap, 1);

  self->partitions = g_array_new (FALSE, TRUE, sizeof (DdbPartition));
  g_array_set_clear_func (self->partitions, partition_clear);
  self->splits = g_array_new (FALSE, TRUE, sizeof (DdbSplitEvent));
  self->next_id = 1;

  return self;
}

/**
 * ddb_partition_map_new_even:
 * @count: the number of partitions, at least 1
 * @now_usec: their creation time on the simulated clock
 *
 * Returns: (transfer full): @count partitions dividing the hash space evenly.
 */
DdbPartitionMap *
ddb_partition_map_new_even (guint  count,
                            gint64 now_usec)
{
  DdbPartitionMap *self;

  g_return_val_if_fail (count >= 1, NULL);

  self = ddb_partition_map_alloc ();
  for (guint i = 0; i < count; i++)
    {
      /* Exact boundaries: floor (i * 2^64 / count), in 128-bit arithmetic. */
      unsigned __int128 space = (unsigned __int128)1 << 64;
      DdbPartition p = {
        .id = self->next_id++,
        .low = (guint64)(space * i / count),
        .high = (guint64)(space * (i + 1) / count - 1),
        .created_usec = now_usec,
      };

      g_array_append_val (self->partitions, p);
    }

  g_assert (ddb_partition_map_check (self));

  return self;
}

void
ddb_partition_map_free (DdbPartitionMap *map)
{
  if (map == NULL)
    return;

  g_array_unref (map->partitions);
  g_array_unref (map->splits);
  g_free (map);
}

/* Divides @rcu and @wcu evenly among the partitions (the classic model of rulebook 3.2). */
void
ddb_partition_map_share_evenly (DdbPartitionMap *map,
                                double           rcu,
                                double           wcu)
{
  g_return_if_fail (map != NULL);

  for (guint i = 0; i < map->partitions->len; i++)
    {
      DdbPartition *p = &g_array_index (map->partitions, DdbPartition, i);

      p->rcu_share = rcu / map->partitions->len;
      p->wcu_share = wcu / map->partitions->len;
    }
  map->rcu_total = rcu;
  map->wcu_total = wcu;
}

/* The provisioned throughput the partitions serve now: the sum of their shares, which
 * may lag the table's new throughput while an update is pending. */
void
ddb_partition_map_get_shares (DdbPartitionMap *map,
                              double          *rcu,
                              double          *wcu)
{
  g_return_if_fail (map != NULL);

  *rcu = map->rcu_total;
  *wcu = map->wcu_total;
}

guint
ddb_partition_map_get_count (DdbPartitionMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->partitions->len;
}

/* Returns: (transfer none): partition @index, in hash order. */
DdbPartition *
ddb_partition_map_get (DdbPartitionMap *map,
                       guint            index)
{
  g_return_val_if_fail (map != NULL && index < map->partitions->len, NULL);

  return &g_array_index (map->partitions, DdbPartition, index);
}

/**
 * ddb_partition_map_route:
 *
 * Returns: the index of the partition whose range holds @key.
 */
guint
ddb_partition_map_route (DdbPartitionMap   *map,
                         const DdbRouteKey *key)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (map != NULL && key != NULL, 0);

  /* The last partition that starts at or before @key. */
  high = map->partitions->len - 1;
  while (low < high)
    {
      guint middle = low + (high - low + 1) / 2;
      const DdbPartition *p = &g_array_index (map->partitions, DdbPartition, middle);

      if (ddb_route_key_compare_bound (key, p->low, p->low_sort) >= 0)
        low = middle;
      else
        high = middle - 1;
    }

  return low;
}

/* The index of the first partition that holds items of @hash (before its first sort key). */
guint
ddb_partition_map_route_hash (DdbPartitionMap *map,
                              guint64          hash)
{
  return ddb_partition_map_route (map, &(DdbRouteKey) { hash, NULL, 0 });
}

/* The index of the last partition that holds items of @hash. */
guint
ddb_partition_map_route_last (DdbPartitionMap *map,
                              guint64          hash)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (map != NULL, 0);

  high = map->partitions->len - 1;
  while (low < high)
    {
      guint middle = low + (high - low + 1) / 2;

      if (g_array_index (map->partitions, DdbPartition, middle).low <= hash)
        low = middle;
      else
        high = middle - 1;
    }

  return low;
}

/* How many partitions a range of hashes [low, high] touches, all of their sort keys. */
guint
ddb_partition_map_count_between (DdbPartitionMap *map,
                                 guint64          low,
                                 guint64          high)
{
  g_return_val_if_fail (map != NULL && low <= high, 0);

  return ddb_partition_map_route_last (map, high) - ddb_partition_map_route_hash (map, low) + 1;
}

/* Whether @boundary lies strictly inside @p's range, so that both children are ranges. */
static gboolean
cuts (const DdbPartition *p,
      const DdbRouteKey  *boundary)
{
  if (ddb_route_key_compare_bound (boundary, p->low, p->low_sort) <= 0)
    return FALSE;
  if (p->high_sort != NULL)
    return ddb_route_key_compare_bound (boundary, p->high, p->high_sort) < 0;

  return boundary->hash <= p->high;
}

/* Whether ddb_partition_map_split() would cut partition @index at @boundary. */
gboolean
ddb_partition_map_can_split (DdbPartitionMap   *map,
                             guint              index,
                             const DdbRouteKey *boundary)
{
  g_return_val_if_fail (map != NULL && index < map->partitions->len, FALSE);
  g_return_val_if_fail (boundary != NULL, FALSE);

  return cuts (&g_array_index (map->partitions, DdbPartition, index), boundary);
}

static GBytes *
sort_bytes (const DdbRouteKey *key)
{
  return key->sort_length > 0 ? g_bytes_new (key->sort, key->sort_length) : NULL;
}

/**
 * ddb_partition_map_split:
 * @index: the partition to split
 * @boundary: the first key of the second child: a hash (with no sort key, the child starts
 *   at that partition key), or a hash and a sort key (the split cuts that partition key's
 *   items); strictly inside the partition's range
 * @reason: why, for the history
 *
 * Replaces a partition by two children with new ids and records the split.  The
 * children's counters are zero: the caller recounts them.
 *
 * Returns: FALSE (and changes nothing) if the range cannot be cut at @boundary.
 */
gboolean
ddb_partition_map_split (DdbPartitionMap   *map,
                         guint              index,
                         const DdbRouteKey *boundary,
                         DdbSplitReason     reason,
                         gint64             now_usec)
{
  DdbPartition *parent;
  DdbPartition children[2];
  DdbSplitEvent event;
  gboolean by_sort_key;

  g_return_val_if_fail (map != NULL && index < map->partitions->len, FALSE);
  g_return_val_if_fail (boundary != NULL, FALSE);

  parent = &g_array_index (map->partitions, DdbPartition, index);
  if (!cuts (parent, boundary))
    return FALSE;
  by_sort_key = boundary->sort_length > 0;

  children[0] = (DdbPartition) { .id = map->next_id++, .parent_id = parent->id,
                                 .low = parent->low,
                                 .high = by_sort_key ? boundary->hash : boundary->hash - 1,
                                 .low_sort = parent->low_sort != NULL
                                             ? g_bytes_ref (parent->low_sort) : NULL,
                                 .high_sort = sort_bytes (boundary),
                                 .created_usec = now_usec,
                                 .rcu_share = parent->rcu_share / 2,
                                 .wcu_share = parent->wcu_share / 2 };
  /* The children share the parent's current second and burst bank, as they share its
   * throughput (rulebook 3.3). */
  children[0].load = parent->load;
  children[0].load.read.used /= 2;
  children[0].load.write.used /= 2;
  children[0].load.read.bank /= 2;
  children[0].load.write.bank /= 2;
  if (parent->load.second == 0 && parent->load.idle_since_usec == 0)
    children[0].load.idle_since_usec = parent->created_usec;
  /* Heat starts over on each side of the split. */
  children[0].load.hot_seconds = 0;
  children[1] = children[0];
  children[1].id = map->next_id++;
  children[1].low = boundary->hash;
  children[1].low_sort = children[0].high_sort != NULL ? g_bytes_ref (children[0].high_sort)
                                                       : NULL;
  children[1].high = parent->high;
  children[1].high_sort = parent->high_sort != NULL ? g_bytes_ref (parent->high_sort) : NULL;

  event = (DdbSplitEvent) { .time_usec = now_usec, .reason = reason, .parent_id = parent->id,
                            .child_ids = { children[0].id, children[1].id },
                            .boundary = boundary->hash, .by_sort_key = by_sort_key };
  g_array_remove_index (map->partitions, index);
  g_array_insert_vals (map->partitions, index, children, 2);
  g_array_append_val (map->splits, event);

  g_assert (ddb_partition_map_check (map));

  return TRUE;
}

/* Returns: (transfer none) (element-type DdbSplitEvent): every split, oldest first. */
const GArray *
ddb_partition_map_get_splits (DdbPartitionMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  return map->splits;
}

/* ---------------------------------------------------------------------------------------
 * Persistence: {"next_id": n,
 *               "partitions": [[id, parent, "low", "high", created, rcu, wcu,
 *                               low_sort, high_sort], ...],
 *               "splits": [[time, "reason", parent, child1, child2, "boundary",
 *                           by_sort_key], ...]}
 * Hashes are decimal strings: JSON numbers cannot hold 64-bit unsigned values exactly.
 * Sort bounds are base64 strings, or null.  Maps written before sort bounds existed have
 * 7-element partitions and 6-element splits, and still load.
 * ------------------------------------------------------------------------------------- */

static void
add_hash (JsonBuilder *builder,
          guint64      hash)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, hash);
  json_builder_add_string_value (builder, text);
}

static void
add_sort (JsonBuilder *builder,
          GBytes      *sort)
{
  g_autofree char *text = NULL;
  gsize length;
  const guint8 *bytes;

  if (sort == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  bytes = g_bytes_get_data (sort, &length);
  text = g_base64_encode (bytes, length);
  json_builder_add_string_value (builder, text);
}

/* Writes the map as the value of the builder's current member. */
void
ddb_partition_map_write_json (DdbPartitionMap *map,
                              JsonBuilder     *builder)
{
  g_return_if_fail (map != NULL && builder != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "next_id");
  json_builder_add_int_value (builder, map->next_id);

  json_builder_set_member_name (builder, "partitions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < map->partitions->len; i++)
    {
      const DdbPartition *p = &g_array_index (map->partitions, DdbPartition, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, p->id);
      json_builder_add_int_value (builder, p->parent_id);
      add_hash (builder, p->low);
      add_hash (builder, p->high);
      json_builder_add_int_value (builder, p->created_usec);
      json_builder_add_double_value (builder, p->rcu_share);
      json_builder_add_double_value (builder, p->wcu_share);
      add_sort (builder, p->low_sort);
      add_sort (builder, p->high_sort);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "splits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < map->splits->len; i++)
    {
      const DdbSplitEvent *e = &g_array_index (map->splits, DdbSplitEvent, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, e->time_usec);
      json_builder_add_int_value (builder, e->reason);
      json_builder_add_int_value (builder, e->parent_id);
      json_builder_add_int_value (builder, e->child_ids[0]);
      json_builder_add_int_value (builder, e->child_ids[1]);
      add_hash (builder, e->boundary);
      json_builder_add_boolean_value (builder, e->by_sort_key);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
corrupt (GError **error)
{
  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
                       "storage: malformed partition map in a table definition");
  return FALSE;
}

static gboolean
read_hash (JsonArray *array,
           guint      index,
           guint64   *hash)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, hash, NULL);
}

/* Reads an optional sort bound: TRUE with *@sort NULL for null (or a missing element). */
static gboolean
read_sort (JsonArray  *array,
           guint       index,
           GBytes    **sort)
{
  JsonNode *node;
  g_autofree guint8 *bytes = NULL;
  gsize length;

  *sort = NULL;
  if (index >= json_array_get_length (array))
    return TRUE;
  node = json_array_get_element (array, index);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  bytes = g_base64_decode (json_node_get_string (node), &length);
  if (length == 0)
    return FALSE;
  *sort = g_bytes_new_take (g_steal_pointer (&bytes), length);

  return TRUE;
}

/* Returns: (transfer full) (nullable): the map ddb_partition_map_write_json() wrote. */
DdbPartitionMap *
ddb_partition_map_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(DdbPartitionMap) self = ddb_partition_map_alloc ();
  g_autoptr(GHashTable) ids = NULL;
  JsonObject *object;
  JsonArray *partitions;
  JsonArray *splits;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return corrupt (error), NULL;
  object = json_node_get_object (node);
  partitions = json_object_get_array_member (object, "partitions");
  splits = json_object_get_array_member (object, "splits");
  if (partitions == NULL || splits == NULL || json_array_get_length (partitions) == 0)
    return corrupt (error), NULL;
  self->next_id = json_object_get_int_member (object, "next_id");

  for (guint i = 0; i < json_array_get_length (partitions); i++)
    {
      JsonArray *row = json_array_get_array_element (partitions, i);
      DdbPartition p = { 0 };
      guint length = row != NULL ? json_array_get_length (row) : 0;

      if ((length != 7 && length != 9) ||
          !read_hash (row, 2, &p.low) || !read_hash (row, 3, &p.high) ||
          !read_sort (row, 7, &p.low_sort) || !read_sort (row, 8, &p.high_sort))
        {
          partition_clear (&p);
          return corrupt (error), NULL;
        }
      p.id = json_array_get_int_element (row, 0);
      p.parent_id = json_array_get_int_element (row, 1);
      p.created_usec = json_array_get_int_element (row, 4);
      p.rcu_share = json_array_get_double_element (row, 5);
      p.wcu_share = json_array_get_double_element (row, 6);
      self->rcu_total += p.rcu_share;
      self->wcu_total += p.wcu_share;
      g_array_append_val (self->partitions, p);
    }

  for (guint i = 0; i < json_array_get_length (splits); i++)
    {
      JsonArray *row = json_array_get_array_element (splits, i);
      DdbSplitEvent e = { 0 };

      guint length = row != NULL ? json_array_get_length (row) : 0;

      if ((length != 6 && length != 7) || !read_hash (row, 5, &e.boundary))
        return corrupt (error), NULL;
      e.by_sort_key = length == 7 && json_array_get_boolean_element (row, 6);
      e.time_usec = json_array_get_int_element (row, 0);
      e.reason = json_array_get_int_element (row, 1);
      e.parent_id = json_array_get_int_element (row, 2);
      e.child_ids[0] = json_array_get_int_element (row, 3);
      e.child_ids[1] = json_array_get_int_element (row, 4);
      g_array_append_val (self->splits, e);
    }

  /* Validate the invariants on data read from disk, in every build. */
  ids = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < self->partitions->len; i++)
    {
      const DdbPartition *p = &g_array_index (self->partitions, DdbPartition, i);

      if (!ranges_valid (p, i > 0 ? p - 1 : NULL) || p->id == 0 || p->id >= self->next_id ||
          !g_hash_table_add (ids, GUINT_TO_POINTER (p->id)))
        return corrupt (error), NULL;
    }
  if (g_array_index (self->partitions, DdbPartition, 0).low != 0 ||
      g_array_index (self->partitions, DdbPartition, 0).low_sort != NULL ||
      g_array_index (self->partitions, DdbPartition, self->partitions->len - 1).high !=
      G_MAXUINT64 ||
      g_array_index (self->partitions, DdbPartition, self->partitions->len - 1).high_sort !=
      NULL)
    return corrupt (error), NULL;

  return g_steal_pointer (&self);
}
