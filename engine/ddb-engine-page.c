/* ddb-engine-page.c
 *
 * The page reader shared by Query and Scan, over a table or a secondary index.
 *
 * Design notes
 * ------------
 * A page reads rows in key order until one of these stops it:
 *
 *   - Limit rows have been evaluated (Limit counts rows read, before the filter);
 *   - 1 MB has been read (the row that reaches the limit is included);
 *   - the range ends.
 *
 * In the first two cases the page carries LastEvaluatedKey, the key of the last row read,
 * even if nothing follows (DynamoDB does not look ahead).  The filter and the projection
 * apply after reading, so they never reduce the capacity consumed.
 *
 * Capacity (rulebook 2.2, 2.3): the sizes of all rows read (items, or index entries) are
 * summed and rounded up to 4 KB once, times 0.5 (eventual) or 1 (strong), with a minimum
 * of one block per partition the page touched, even one that returned nothing; combining
 * the two rules as max (blocks, partitions) is ddbsim's reading of the rulebook (a model
 * choice).  An index page is charged to the index; a local index page that must fetch
 * attributes outside the projection also reads each base item, charged one by one to the
 * table (TV-23: 4 KB for the entries + 4 x 4 KB for the items = 5 units).
 *
 * Bounded work: a page reads at most Limit rows, or 1 MB plus one row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-page"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-page.h"
#include "ddb-value-codec.h"

/* One row of either kind, as the page needs it. */
typedef struct
{
  guint64       hash;
  const guint8 *sort;               /* the sort key its partition is routed by */
  gsize         sort_length;
  gint64        size;
  const guint8 *data;
  gsize         data_length;
  DdbStoreRow   item;               /* table rows */
  DdbStoreEntryRow entry;           /* index rows */
} PageRow;

static gboolean
next_row (DdbPage         *page,
          DdbStoreCursor  *cursor,
          PageRow         *row,
          gboolean        *found,
          GError         **error)
{
  if (page->index == NULL)
    {
      if (!ddb_store_cursor_next (cursor, &row->item, found, error))
        return FALSE;
      row->hash = row->item.hash;
      row->sort = row->item.sk;
      row->sort_length = row->item.sk_length;
      row->size = row->item.size;
      row->data = row->item.data;
      row->data_length = row->item.data_length;
      return TRUE;
    }

  if (!ddb_store_cursor_next_entry (cursor, &row->entry, found, error))
    return FALSE;
  row->hash = row->entry.hash;
  /* A GSI's partitions hold entries by index key; an LSI's entries live in the table's
   * partitions, with their base items. */
  row->sort = ddb_index_is_global (page->index) ? row->entry.isk : row->entry.bsk;
  row->sort_length = ddb_index_is_global (page->index) ? row->entry.isk_length
                                                       : row->entry.bsk_length;
  row->size = row->entry.size;
  row->data = row->entry.data;
  row->data_length = row->entry.data_length;

  return TRUE;
}

static DdbValue *
decode_key (DdbKind       kind,
            const guint8 *bytes,
            gsize         length)
{
  return ddb_value_decode_key (kind, bytes, length);
}

/* LastEvaluatedKey of a row: the table's key, and the index's key for an index. */
static DdbValue *
row_key (DdbPage       *page,
         const PageRow *row)
{
  const DdbKeyShape *table_key = &page->table->key;
  DdbMapBuilder *builder = ddb_map_builder_new ();
  const guint8 *pk = page->index == NULL ? row->item.pk : row->entry.bpk;
  gsize pk_length = page->index == NULL ? row->item.pk_length : row->entry.bpk_length;
  const guint8 *sk = page->index == NULL ? row->item.sk : row->entry.bsk;
  gsize sk_length = page->index == NULL ? row->item.sk_length : row->entry.bsk_length;

  ddb_map_builder_set_take (builder, table_key->partition_name,
                            decode_key (table_key->partition_kind, pk, pk_length));
  if (table_key->sort_name != NULL)
    ddb_map_builder_set_take (builder, table_key->sort_name,
                              decode_key (table_key->sort_kind, sk, sk_length));

  if (page->index != NULL)
    {
      const DdbKeyShape *index_key = &page->index->key;

      ddb_map_builder_set_take (builder, index_key->partition_name,
                                decode_key (index_key->partition_kind, row->entry.ipk,
                                            row->entry.ipk_length));
      if (index_key->sort_name != NULL)
        ddb_map_builder_set_take (builder, index_key->sort_name,
                                  decode_key (index_key->sort_kind, row->entry.isk,
                                              row->entry.isk_length));
    }

  return ddb_map_builder_end (builder);
}

static DdbValue *
decode_row (DdbPage        *page,
            const guint8   *data,
            gsize           length,
            GError        **error)
{
  DdbValue *value = ddb_value_deserialize (data, length, error);

  if (value == NULL)
    {
      g_prefix_error (error, "storage: table %s: ", page->table->spec->table_name);
      ddb_engine_error_adopt (error);
    }

  return value;
}

/* Reads the base item of an LSI entry, charging it on its own (rulebook 2.3). */
static DdbValue *
fetch_base (DdbEngine      *engine,
            DdbPage        *page,
            const PageRow  *row,
            GError        **error)
{
  DdbItemKey key;
  DdbStoreRow base;
  gboolean found;

  g_assert (row->entry.bpk_length <= sizeof key.pk && row->entry.bsk_length <= sizeof key.sk);
  memcpy (key.pk, row->entry.bpk, row->entry.bpk_length);
  key.pk_length = row->entry.bpk_length;
  memcpy (key.sk, row->entry.bsk, row->entry.bsk_length);
  key.sk_length = row->entry.bsk_length;
  key.hash = ddb_key_hash (key.pk, key.pk_length);

  if (!ddb_store_get_item (engine->store, page->table->id, &key, TRUE, &base, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
                   "storage: table %s: an index entry has no item",
                   page->table->spec->table_name);
      return NULL;
    }

  page->base_units += ddb_read_units (base.size, page->consistency);

  return decode_row (page, base.data, base.data_length, error);
}

/* The partitions the page reads: its GSI's, or its table's (which hold LSI entries too). */
DdbPartitionMap *
_ddb_page_partitions (const DdbPage *page)
{
  return page->index != NULL && page->index->partitions != NULL ? page->index->partitions
                                                                : page->table->partitions;
}

/* Notes the partition of a row read: the first row's key is where the page is charged, and
 * the partitions from the first row's to the last row's were touched. */
static void
note_partition (DdbPage       *page,
                const PageRow *row)
{
  DdbPartitionMap *map = _ddb_page_partitions (page);
  DdbRouteKey key = { row->hash, row->sort, row->sort_length };

  page->last_row_partition = ddb_partition_map_get_count (map) > 1
                             ? ddb_partition_map_route (map, &key) : 0;
  if (page->read_any)
    return;

  page->read_any = TRUE;
  page->first_row_partition = page->last_row_partition;
  page->first_row_hash = row->hash;
  page->first_row_sort_length = MIN (row->sort_length, sizeof page->first_row_sort);
  if (page->first_row_sort_length > 0)
    memcpy (page->first_row_sort, row->sort, page->first_row_sort_length);
}

/**
 * _ddb_page_read:
 * @cursor: rows of @page's table or index, in the page's order
 *
 * Reads one page into @page->result (Items, Count, ScannedCount, LastEvaluatedKey).
 * Returns FALSE on a storage failure.
 */
gboolean
_ddb_page_read (DdbEngine       *engine,
                DdbPage         *page,
                DdbStoreCursor  *cursor,
                GError         **error)
{
  DdbReadResult *result = page->result;
  gboolean need_item = page->filter != NULL || !page->counting;

  /* The result may come from a caller that reuses its struct: start from nothing. */
  ddb_read_result_clear (result);
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);

  for (;;)
    {
      PageRow row;
      gboolean found;
      g_autoptr(DdbValue) item = NULL;

      if (page->limit > 0 && result->scanned_count >= page->limit)
        {
          page->stopped_early = TRUE;
          break;
        }

      if (!next_row (page, cursor, &row, &found, error))
        return FALSE;
      if (!found)
        break;

      page->bytes_read += row.size;
      result->scanned_count++;
      note_partition (page, &row);

      if (need_item)
        {
          item = page->fetch_base ? fetch_base (engine, page, &row, error)
                                  : decode_row (page, row.data, row.data_length, error);
          if (item == NULL)
            return FALSE;
        }

      if (page->filter == NULL || ddb_condition_evaluate (page->filter, item))
        {
          result->count++;
          if (!page->counting)
            g_ptr_array_add (result->items,
                             page->projection != NULL
                             ? ddb_projection_apply (page->projection, item)
                             : g_steal_pointer (&item));
        }

      /* The key of the last row read, for LastEvaluatedKey: replaced row by row. */
      g_clear_pointer (&result->last_evaluated_key, ddb_value_unref);
      result->last_evaluated_key = row_key (page, &row);

      if (page->bytes_read >= DDB_PAGE_MAX_BYTES)
        {
          page->stopped_early = TRUE;
          break;
        }
    }

  if (!page->stopped_early)
    g_clear_pointer (&result->last_evaluated_key, ddb_value_unref);

  return TRUE;
}

/**
 * _ddb_page_charge:
 * @range_first: the partition where the page's key range starts (in key order)
 * @range_last: the partition where it ends
 *
 * Fills in the page's consumed capacity: its bytes in 4 KB blocks, at least one block for
 * each partition it touched, from where it started to where it stopped (the end of its
 * range, unless Limit or 1 MB stopped it early).
 */
void
_ddb_page_charge (DdbPage *page,
                  guint    range_first,
                  guint    range_last)
{
  guint start = page->forward ? range_first : range_last;
  guint end;
  guint partitions;
  guint64 blocks;
  double units;

  if (page->stopped_early && page->read_any)
    end = page->last_row_partition;
  else
    end = page->forward ? range_last : range_first;
  partitions = (start > end ? start - end : end - start) + 1;
  blocks = MAX (ddb_read_blocks (page->bytes_read), partitions);
  units = (double)blocks * ddb_read_consistency_factor (page->consistency);

  ddb_consumed_capacity_init (&page->result->consumed, page->table->spec->table_name);
  if (page->index == NULL)
    {
      page->result->consumed.table_read_units = units;
      return;
    }

  page->result->consumed.table_read_units = page->base_units;
  ddb_consumed_capacity_add_index (&page->result->consumed, page->index->spec->name,
                                   page->index->spec->global, units, 0);
}

/**
 * _ddb_page_charge_key:
 * @range_start: where the page's range starts, for a page that read nothing
 *
 * Returns: the key whose partition the page's read is charged to: its first row's (a
 *   simplification: a page that crosses partitions draws on one of them only).  Valid
 *   while @page is.
 */
DdbRouteKey
_ddb_page_charge_key (const DdbPage *page,
                      DdbRouteKey    range_start)
{
  if (!page->read_any)
    return range_start;

  return (DdbRouteKey) { page->first_row_hash, page->first_row_sort,
                         page->first_row_sort_length };
}
