/* reference-indexes.c
 *
 * The reference model's secondary indexes (see reference-model.h): entries computed from
 * the table's items, the write units of every change to them, and index Query and Scan
 * pages.
 *
 * Design notes
 * ------------
 * An item is in an index when it has the index's partition key attribute and, for an
 * index with a sort key, the sort key too; its entry is the table's key, the index's key
 * and the projected attributes (none for KEYS_ONLY, the listed ones for INCLUDE, all for
 * ALL).  Rulebook 2.3.
 *
 * Write units, for each index, from the item's entry before and after the write (rulebook
 * 2.3, and the design notes of engine/ddb-engine-write.c), doubled in a transaction:
 *
 *   absent before and after              0
 *   added (new item, or key added)       ceil1k (new)
 *   removed (delete, or key removed)     ceil1k (old)
 *   same index key, same entry           0
 *   same index key, projection changed   ceil1k (max (old, new))
 *   index key changed                    ceil1k (old) + ceil1k (new): a delete and a put
 *
 * A GSI's units are reported under GlobalSecondaryIndexes, an LSI's under
 * LocalSecondaryIndexes, both apart from the table's own units; an index whose entry did
 * not change is not reported at all.
 *
 * Reads.  An index page reads entries in index order; Limit and the 1 MB page limit count
 * entries, and the page is charged the entries' sizes rounded up once to 4 KB (at least
 * one block), x 0.5 for an eventually consistent read (a GSI's only kind).  An LSI read
 * that asks for ALL_ATTRIBUTES when the index does not project everything also reads each
 * base item, each rounded to 4 KB on its own and charged to the table (rulebook 2.3,
 * TV-23).
 *
 * Order.  Query returns entries in index sort key order.  DynamoDB does not define the
 * order of entries with equal index keys (every entry of a partition of a GSI without a
 * sort key; equal sort key values otherwise), so the reference holds each such tie as a
 * set: a page is expected to take a tie's entries in the order the engine returned them
 * (ref_index_follow_ties), and the pagination to return each entry exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reference-model.h"

/* ---------------------------------------------------------------------------------------
 * Entries and writes
 * ------------------------------------------------------------------------------------- */

static gboolean
has_index_key (const RefIndex *index,
               const DdbValue *item)
{
  return item != NULL && ddb_value_lookup (item, index->pk_name) != NULL &&
         (index->sk_name == NULL || ddb_value_lookup (item, index->sk_name) != NULL);
}

/* Returns: (transfer full) (nullable): the entry of @item (NULL: no item) in @index, or
 *   NULL when the item is not in the index. */
DdbValue *
ref_index_entry (const RefTable *t,
                 const RefIndex *index,
                 const DdbValue *item)
{
  const char *keys[] = { t->pk_name, t->sk_name, index->pk_name, index->sk_name };
  DdbMapBuilder *builder;

  if (!has_index_key (index, item))
    return NULL;
  if (index->projection == DDB_PROJECTION_ALL)
    return ddb_value_ref ((DdbValue *)item);

  builder = ddb_map_builder_new ();
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    if (keys[k] != NULL)
      ddb_map_builder_set (builder, keys[k], ddb_value_lookup (item, keys[k]));
  for (guint k = 0; index->projection == DDB_PROJECTION_INCLUDE && index->include[k] != NULL;
       k++)
    {
      DdbValue *value = ddb_value_lookup (item, index->include[k]);

      if (value != NULL)
        ddb_map_builder_set (builder, index->include[k], value);
    }

  return ddb_map_builder_end (builder);
}

/* Whether two entries of @index have the same index key (partition and sort key). */
gboolean
ref_index_same_key (const RefIndex *index,
                    const DdbValue *a,
                    const DdbValue *b)
{
  return ddb_value_equal (ddb_value_lookup (a, index->pk_name),
                          ddb_value_lookup (b, index->pk_name)) &&
         (index->sk_name == NULL || ddb_value_equal (ddb_value_lookup (a, index->sk_name),
                                                     ddb_value_lookup (b, index->sk_name)));
}

/* The units one write consumes on one index, by the table in the design notes. */
static double
index_write_units (const RefIndex  *index,
                   const DdbValue  *before,
                   const DdbValue  *after,
                   RefIndexChanges *changes)
{
  gsize before_size = before != NULL ? ddb_item_size (before) : 0;
  gsize after_size = after != NULL ? ddb_item_size (after) : 0;

  if (before == NULL && after == NULL)
    return 0;

  if (before == NULL || after == NULL)
    {
      changes->added += before == NULL;
      changes->removed += after == NULL;
      return ref_write_units (MAX (before_size, after_size));
    }

  if (!ref_index_same_key (index, before, after))
    {
      changes->moved++;
      return ref_write_units (before_size) + ref_write_units (after_size);
    }

  if (ddb_value_equal (before, after))
    {
      changes->unchanged++;
      return 0;
    }

  changes->updated++;
  return ref_write_units (MAX (before_size, after_size));
}

/**
 * ref_write_capacity:
 * @old: (nullable): the item before the write
 * @new_item: (nullable): the item after it; NULL for a delete
 * @consumed: the account to add to
 * @changes: what happened to the index entries, added to
 *
 * Adds what a write that succeeded consumed: rulebook 2.2 for the table (the larger of
 * the item before and after; a delete the item it deletes, 1 unit when there was none),
 * and 2.3 for every index; all of it twice in a transaction.
 */
void
ref_write_capacity (const RefTable  *t,
                    const DdbValue  *old,
                    const DdbValue  *new_item,
                    gboolean         transactional,
                    Capacity        *consumed,
                    RefIndexChanges *changes)
{
  double factor = transactional ? 2 : 1;
  gsize old_size = old != NULL ? ddb_item_size (old) : 0;
  gsize new_size = new_item != NULL ? ddb_item_size (new_item) : 0;

  consumed->write_units += factor * ref_write_units (MAX (old_size, new_size));

  for (guint i = 0; i < t->n_indexes; i++)
    {
      const RefIndex *index = &t->indexes[i];
      g_autoptr(DdbValue) before = ref_index_entry (t, index, old);
      g_autoptr(DdbValue) after = ref_index_entry (t, index, new_item);
      double units = index_write_units (index, before, after, changes);

      if (units > 0)
        capacity_add_index (consumed, index->name, index->global, 0, factor * units);
    }
}

/* ---------------------------------------------------------------------------------------
 * Reads
 * ------------------------------------------------------------------------------------- */

/* The values the index partition key of @index takes: an LSI's are the table's. */
DdbValue *const *
ref_index_partitions (const RefTable *t,
                      const RefIndex *index,
                      guint          *n_values)
{
  const RefAttribute *attribute = ref_attribute (t, index->pk_name);

  if (attribute == NULL)
    {
      g_assert_cmpstr (index->pk_name, ==, t->pk_name);
      *n_values = N_PK;
      return t->pk;
    }

  *n_values = N_KEY_VALUES;
  return attribute->values;
}

void
ref_entry_clear (RefEntry *entry)
{
  g_clear_pointer (&entry->entry, ddb_value_unref);
}

/* Index sort key order; ties in grid order, which is only a convention (see the notes). */
static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const RefIndex *index = user_data;
  const RefEntry *x = a;
  const RefEntry *y = b;
  int cmp = 0;

  if (index->sk_name != NULL)
    cmp = ref_compare_sort (ddb_value_lookup (x->entry, index->sk_name),
                            ddb_value_lookup (y->entry, index->sk_name));
  if (cmp != 0)
    return cmp;

  return x->p != y->p ? (x->p < y->p ? -1 : 1) : (x->s < y->s ? -1 : x->s > y->s);
}

/**
 * ref_index_entries:
 * @partition: (nullable): an index partition key value, or NULL for every entry
 *
 * Returns: (transfer full): a GArray of RefEntry: the entries of @index (of one index
 *   partition key when @partition is given), in index sort key order.
 */
GArray *
ref_index_entries (const RefTable *t,
                   const RefIndex *index,
                   const DdbValue *partition)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (RefEntry));

  g_array_set_clear_func (entries, (GDestroyNotify)ref_entry_clear);
  for (guint p = 0; p < N_PK; p++)
    for (guint s = 0; s < N_SK; s++)
      {
        RefEntry entry = { p, s, ref_index_entry (t, index, t->items[p][s]) };

        if (entry.entry == NULL)
          continue;
        if (partition != NULL &&
            !ddb_value_equal (ddb_value_lookup (entry.entry, index->pk_name), partition))
          {
            ddb_value_unref (entry.entry);
            continue;
          }
        g_array_append_val (entries, entry);
      }
  g_array_sort_with_data (entries, compare_entries, (gpointer)index);

  return entries;
}

/**
 * ref_index_follow_ties:
 * @order: (element-type RefEntry): entries in the order a page reads them
 * @items: (nullable): the items of the engine's page
 *
 * Rearranges each run of entries with equal index keys in @order so that the ones the
 * engine returned come first, in the engine's order: the order of a tie is the engine's
 * to choose.
 */
void
ref_index_follow_ties (const RefTable  *t,
                       const RefIndex  *index,
                       GArray          *order,
                       const GPtrArray *items)
{
  for (guint first = 0; first < order->len;)
    {
      const RefEntry *head = &g_array_index (order, RefEntry, first);
      guint end = first + 1;
      guint next = first;

      while (end < order->len &&
             ref_index_same_key (index, head->entry,
                                 g_array_index (order, RefEntry, end).entry))
        end++;

      for (guint i = 0; items != NULL && i < items->len && end - first > 1; i++)
        {
          guint p, s;

          if (!ref_locate (t, items->pdata[i], &p, &s))
            continue;
          for (guint k = next; k < end; k++)
            {
              RefEntry *candidate = &g_array_index (order, RefEntry, k);

              if (candidate->p == p && candidate->s == s)
                {
                  RefEntry swap = *candidate;

                  *candidate = g_array_index (order, RefEntry, next);
                  g_array_index (order, RefEntry, next) = swap;
                  next++;
                  break;
                }
            }
        }

      first = end;
    }
}

/* Whether a read of @index with @select reads every base item too (an LSI only). */
gboolean
ref_index_fetches (const RefIndex *index,
                   DdbSelect       select)
{
  return !index->global && index->projection != DDB_PROJECTION_ALL &&
         select == DDB_SELECT_ALL_ATTRIBUTES;
}

/* LastEvaluatedKey of an index page: the table's key and the index's. */
static DdbValue *
index_start_key (const RefTable *t,
                 const RefIndex *index,
                 const RefEntry *entry)
{
  DdbMapBuilder *builder = ddb_map_builder_new ();

  ddb_map_builder_set (builder, t->pk_name, t->pk[entry->p]);
  ddb_map_builder_set (builder, t->sk_name, t->sk[entry->s]);
  ddb_map_builder_set (builder, index->pk_name, ddb_value_lookup (entry->entry, index->pk_name));
  if (index->sk_name != NULL)
    ddb_map_builder_set (builder, index->sk_name,
                         ddb_value_lookup (entry->entry, index->sk_name));

  return ddb_map_builder_end (builder);
}

/**
 * ref_index_page:
 * @order: (element-type RefEntry): the entries the page may read, in the order it reads
 *   them: a Query's remaining entries, or the entries a Scan page returned
 *
 * One Query or Scan page of @index (spec: Limit, consistency, Select; no filter): it
 * reads @order until Limit entries or 1 MB of entries, or to the end.
 */
Stop
ref_index_page (const RefTable  *t,
                const RefIndex  *index,
                const GArray    *order,
                const QuerySpec *spec,
                Page            *page,
                gsize           *bytes_read)
{
  gboolean fetch = ref_index_fetches (index, spec->select);
  double table_units = 0;
  Stop stop = STOP_END;
  gsize bytes = 0;

  g_assert_true (spec->filter.kind == PRED_NONE);

  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  capacity_init (&page->consumed, t->name);

  for (guint k = 0; k < order->len && stop == STOP_END; k++)
    {
      const RefEntry *entry = &g_array_index (order, RefEntry, k);
      DdbValue *item = t->items[entry->p][entry->s];

      bytes += ddb_item_size (entry->entry);
      page->scanned_count++;
      page->count++;
      if (fetch)
        table_units += ref_read_units (ddb_item_size (item), spec->consistent);
      g_ptr_array_add (page->items, ddb_value_ref (fetch ? item : entry->entry));
      g_clear_pointer (&page->last_key, ddb_value_unref);
      page->last_key = index_start_key (t, index, entry);

      stop = ref_page_stop (bytes, page->scanned_count, spec->limit);
    }

  if (stop == STOP_END)
    g_clear_pointer (&page->last_key, ddb_value_unref);
  page->consumed.read_units = table_units;
  capacity_add_index (&page->consumed, index->name, index->global,
                      ref_read_units (bytes, spec->consistent), 0);
  *bytes_read = bytes;

  return stop;
}
