/* reference-model.c
 *
 * The reference model of the differential test: tables as grids of items, predicates,
 * updates, Query pages and the rulebook's capacity arithmetic (sections 2.1 and 2.2)
 * written out again.  See reference-model.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reference-model.h"

/* ---------------------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------------------- */

/* Sort key order: numbers by value, strings by their UTF-8 bytes. */
int
ref_compare_sort (const DdbValue *a,
                  const DdbValue *b)
{
  const char *sa;
  const char *sb;
  gsize la;
  gsize lb;
  int cmp;

  if (ddb_value_get_kind (a) == DDB_KIND_N)
    return ddb_value_compare_scalar (a, b);

  sa = ddb_value_get_string (a, &la);
  sb = ddb_value_get_string (b, &lb);
  cmp = memcmp (sa, sb, MIN (la, lb));
  if (cmp != 0)
    return cmp;

  return la < lb ? -1 : la > lb;
}

/* Rulebook 2.1 and 2.2: 4 KB blocks for reads (at least one), 1 KB for writes. */
double
ref_read_units (gsize    bytes,
                gboolean consistent)
{
  gsize blocks = MAX ((bytes + 4095) / 4096, 1);

  return (double)blocks * (consistent ? 1.0 : 0.5);
}

double
ref_write_units (gsize bytes)
{
  return (double)MAX ((bytes + 1023) / 1024, 1);
}

/* The index key attribute @name of @t, or NULL when @name is not one. */
const RefAttribute *
ref_attribute (const RefTable *t,
               const char     *name)
{
  for (guint a = 0; a < N_ATTRIBUTES; a++)
    if (g_strcmp0 (t->attributes[a].name, name) == 0)
      return &t->attributes[a];

  return NULL;
}

DdbValue *
ref_key (const RefTable *t,
         guint           p,
         guint           s)
{
  DdbMapBuilder *builder = ddb_map_builder_new ();

  ddb_map_builder_set (builder, t->pk_name, t->pk[p]);
  ddb_map_builder_set (builder, t->sk_name, t->sk[s]);

  return ddb_map_builder_end (builder);
}

/* Finds the grid position of the key held by @item (an item or a key). */
gboolean
ref_locate (const RefTable *t,
            const DdbValue *item,
            guint          *p,
            guint          *s)
{
  DdbValue *pk = ddb_value_lookup (item, t->pk_name);
  DdbValue *sk = ddb_value_lookup (item, t->sk_name);

  if (pk == NULL || sk == NULL)
    return FALSE;

  for (*p = 0; *p < N_PK; (*p)++)
    if (ddb_value_equal (pk, t->pk[*p]))
      break;
  for (*s = 0; *s < N_SK; (*s)++)
    if (ddb_value_equal (sk, t->sk[*s]))
      break;

  return *p < N_PK && *s < N_SK;
}

void
ref_store (RefTable *t,
           guint     p,
           guint     s,
           DdbValue *item)
{
  g_clear_pointer (&t->items[p][s], ddb_value_unref);
  if (item != NULL)
    t->items[p][s] = ddb_value_ref (item);
}

void
ref_table_clear (RefTable *t)
{
  for (guint p = 0; p < N_PK; p++)
    {
      g_clear_pointer (&t->pk[p], ddb_value_unref);
      for (guint s = 0; s < N_SK; s++)
        g_clear_pointer (&t->items[p][s], ddb_value_unref);
    }
  for (guint s = 0; s < N_SK; s++)
    g_clear_pointer (&t->sk[s], ddb_value_unref);
  for (guint a = 0; a < N_ATTRIBUTES; a++)
    for (guint v = 0; v < N_KEY_VALUES; v++)
      g_clear_pointer (&t->attributes[a].values[v], ddb_value_unref);
  for (guint i = 0; i < t->n_indexes; i++)
    g_clear_pointer (&t->indexes[i].name, g_free);
}

gsize
ref_table_count (const RefTable *t)
{
  gsize n = 0;

  for (guint p = 0; p < N_PK; p++)
    for (guint s = 0; s < N_SK; s++)
      n += t->items[p][s] != NULL;

  return n;
}

gboolean
item_int (const DdbValue *item,
          const char     *name,
          gint64         *out)
{
  DdbValue *value = item != NULL ? ddb_value_lookup (item, name) : NULL;

  return value != NULL && ddb_value_get_kind (value) == DDB_KIND_N &&
         ddb_number_to_int64 (ddb_value_get_number (value), out);
}

DdbValue *
parse_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  DdbValue *value = ddb_value_parse_number (text, &error);

  g_assert_no_error (error);

  return value;
}

void
ref_sort_order_init (RefTable *t)
{
  for (guint s = 0; s < N_SK; s++)
    {
      guint k = s;

      /* Insertion sort: plain enough to be obviously right. */
      while (k > 0 && ref_compare_sort (t->sk[t->order[k - 1]], t->sk[s]) > 0)
        {
          t->order[k] = t->order[k - 1];
          k--;
        }
      t->order[k] = s;
    }

  for (guint s = 1; s < N_SK; s++)
    g_assert_cmpint (ref_compare_sort (t->sk[t->order[s - 1]], t->sk[t->order[s]]), <, 0);
}

/* ---------------------------------------------------------------------------------------
 * Predicates
 * ------------------------------------------------------------------------------------- */

void
pred_clear (Pred *pred)
{
  g_clear_pointer (&pred->string, g_free);
}

/* Does @pred hold for @item (NULL: no item)? */
gboolean
pred_holds (const Pred     *pred,
            const DdbValue *item)
{
  DdbValue *a;
  gint64 n;

  switch (pred->kind)
    {
    case PRED_NONE:
      return TRUE;
    case PRED_KEY_NOT_EXISTS:
      return item == NULL;
    case PRED_KEY_EXISTS:
      return item != NULL;
    case PRED_N_GT:
      return item_int (item, "n", &n) && n > pred->number;
    case PRED_N_LE:
      return item_int (item, "n", &n) && n <= pred->number;
    case PRED_A_EQ:
      a = item != NULL ? ddb_value_lookup (item, "a") : NULL;
      return a != NULL && ddb_value_get_kind (a) == DDB_KIND_S &&
             g_strcmp0 (ddb_value_get_string (a, NULL), pred->string) == 0;
    case PRED_A_EXISTS:
      return item != NULL && ddb_value_lookup (item, "a") != NULL;
    case PRED_N_NOT_EXISTS:
      return item != NULL && ddb_value_lookup (item, "n") == NULL;
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

void
update_clear (Update *update)
{
  g_clear_pointer (&update->value, ddb_value_unref);
}

/* The item @update makes of @base, or NULL when "n + :d" refers to a missing n. */
DdbValue *
ref_apply_update (const DdbValue *base,
                  const Update   *update)
{
  DdbMapBuilder *builder;
  gint64 n = 0;

  if (update->kind == UPDATE_INCREMENT_N && !item_int (base, "n", &n))
    return NULL;

  builder = ddb_map_builder_new_from (base);
  switch (update->kind)
    {
    case UPDATE_SET:
      ddb_map_builder_set (builder, update->name, update->value);
      break;
    case UPDATE_REMOVE:
      ddb_map_builder_remove (builder, update->name);
      break;
    case UPDATE_INCREMENT_N:
      ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (n + update->delta));
      break;
    case UPDATE_ADD_N:
      if (!item_int (base, "n", &n))
        n = 0;
      ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (n + update->delta));
      break;
    default:
      g_assert_not_reached ();
    }

  return ddb_map_builder_end (builder);
}

/* UPDATED_OLD / UPDATED_NEW: the changed attribute as @item holds it, or NULL. */
static DdbValue *
ref_updated_attribute (const DdbValue *item,
                       const char     *name)
{
  DdbValue *value = item != NULL ? ddb_value_lookup (item, name) : NULL;
  DdbMapBuilder *builder;

  if (value == NULL)
    return NULL;

  builder = ddb_map_builder_new ();
  ddb_map_builder_set (builder, name, value);

  return ddb_map_builder_end (builder);
}

/* The Attributes of an UpdateItem response for @return_values: the item before or after
 * the update, or the attribute @changed as either holds it; NULL for NONE. */
DdbValue *
ref_update_attributes (DdbReturnValues  return_values,
                       const DdbValue  *old,
                       DdbValue        *new_item,
                       const char      *changed)
{
  switch (return_values)
    {
    case DDB_RETURN_VALUES_ALL_OLD:
      return old != NULL ? ddb_value_ref ((DdbValue *)old) : NULL;
    case DDB_RETURN_VALUES_ALL_NEW:
      return ddb_value_ref (new_item);
    case DDB_RETURN_VALUES_UPDATED_OLD:
      return ref_updated_attribute (old, changed);
    case DDB_RETURN_VALUES_UPDATED_NEW:
      return ref_updated_attribute (new_item, changed);
    case DDB_RETURN_VALUES_NONE:
    default:
      return NULL;
    }
}

/* ---------------------------------------------------------------------------------------
 * Query pages
 * ------------------------------------------------------------------------------------- */

void
query_spec_clear (QuerySpec *spec)
{
  g_clear_pointer (&spec->first, ddb_value_unref);
  g_clear_pointer (&spec->second, ddb_value_unref);
  pred_clear (&spec->filter);
}

/* Does the sort key condition of @spec hold for the sort key @sk? */
gboolean
ref_sort_matches (const QuerySpec *spec,
                  const DdbValue  *sk)
{
  const char *text;
  const char *prefix;
  gsize length;
  gsize prefix_length;

  switch (spec->sort)
    {
    case SORT_NONE:
      return TRUE;
    case SORT_EQ:
      return ref_compare_sort (sk, spec->first) == 0;
    case SORT_LT:
      return ref_compare_sort (sk, spec->first) < 0;
    case SORT_LE:
      return ref_compare_sort (sk, spec->first) <= 0;
    case SORT_GT:
      return ref_compare_sort (sk, spec->first) > 0;
    case SORT_GE:
      return ref_compare_sort (sk, spec->first) >= 0;
    case SORT_BETWEEN:
      return ref_compare_sort (sk, spec->first) >= 0 && ref_compare_sort (sk, spec->second) <= 0;
    case SORT_BEGINS_WITH:
      text = ddb_value_get_string (sk, &length);
      prefix = ddb_value_get_string (spec->first, &prefix_length);
      return length >= prefix_length && memcmp (text, prefix, prefix_length) == 0;
    default:
      g_assert_not_reached ();
    }
}

/* Whether a page stops after a row: @bytes read (1 MB, the row that reaches it included),
 * or Limit rows read.  A page that stops carries LastEvaluatedKey, even when nothing
 * follows (DynamoDB does not look ahead). */
Stop
ref_page_stop (gsize  bytes,
               gint64 scanned_count,
               gint64 limit)
{
  if (bytes >= PAGE_MAX_BYTES)
    return STOP_MEGABYTE;
  if (limit > 0 && scanned_count >= limit)
    return STOP_LIMIT;

  return STOP_END;
}

/* One Query page of the item collection @p, after @start (the previous page's key). */
Stop
ref_query_page (const RefTable  *t,
                guint            p,
                const QuerySpec *spec,
                const DdbValue  *start,
                Page            *page,
                gsize           *bytes_read)
{
  DdbValue *start_sk = start != NULL ? ddb_value_lookup (start, t->sk_name) : NULL;
  Stop stop = STOP_END;
  gsize bytes = 0;

  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  capacity_init (&page->consumed, t->name);

  for (guint k = 0; k < N_SK && stop == STOP_END; k++)
    {
      guint s = t->order[spec->forward ? k : N_SK - 1 - k];
      DdbValue *item = t->items[p][s];
      int cmp;

      if (item == NULL || !ref_sort_matches (spec, t->sk[s]))
        continue;
      if (start_sk != NULL)
        {
          cmp = ref_compare_sort (t->sk[s], start_sk);
          if (spec->forward ? cmp <= 0 : cmp >= 0)
            continue;
        }

      bytes += ddb_item_size (item);
      page->scanned_count++;
      if (pred_holds (&spec->filter, item))
        {
          page->count++;
          g_ptr_array_add (page->items, ddb_value_ref (item));
        }
      g_clear_pointer (&page->last_key, ddb_value_unref);
      page->last_key = ref_key (t, p, s);

      stop = ref_page_stop (bytes, page->scanned_count, spec->limit);
    }

  if (stop == STOP_END)
    g_clear_pointer (&page->last_key, ddb_value_unref);
  page->consumed.read_units = ref_read_units (bytes, spec->consistent);
  *bytes_read = bytes;

  return stop;
}
