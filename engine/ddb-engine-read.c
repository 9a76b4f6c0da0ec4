/* ddb-engine-read.c
 *
 * Query and Scan.
 *
 * Design notes
 * ------------
 * Both read a page: items in key order (Query: one item collection in sort key order;
 * Scan: the whole table or one segment in hash order, which is partition order), until
 * one of these stops it:
 *
 *   - Limit items have been evaluated (Limit counts items read, before the filter);
 *   - 1 MB of item data has been read (the item that reaches the limit is included);
 *   - the range ends.
 *
 * In the first two cases the page carries LastEvaluatedKey, the key of the last item
 * read, even if no item follows (DynamoDB does not look ahead).  The filter and the
 * projection apply after reading, so they never reduce the capacity consumed.
 *
 * Capacity (rulebook 2.2): the sizes of all items read are summed and rounded up to 4 KB
 * once, times 0.5 (eventual) or 1 (strong), with a minimum of one block per partition
 * the page touched, even one that returned nothing.  A Query touches the one partition
 * that holds its partition key.  Combining the two rules as max (blocks, partitions) is
 * ddbsim's reading of the rulebook (a model choice).
 *
 * Bounded work: each page reads at most Limit items or 1 MB plus one item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-read"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-private.h"
#include "ddb-expression.h"
#include "ddb-value-codec.h"
#include "ddb-value-json.h"

#define PAGE_MAX_BYTES (1024 * 1024)

typedef struct
{
  DdbExpressionContext *context;
  DdbKeyCondition      *key_condition;
  DdbCondition         *filter;
  DdbProjection        *projection;
} ReadExpressions;

static void
read_expressions_clear (ReadExpressions *expressions)
{
  g_clear_pointer (&expressions->key_condition, ddb_key_condition_free);
  g_clear_pointer (&expressions->filter, ddb_condition_free);
  g_clear_pointer (&expressions->projection, ddb_projection_free);
  g_clear_pointer (&expressions->context, ddb_expression_context_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadExpressions, read_expressions_clear)

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION, message);
  return FALSE;
}

/* The Select rules DynamoDB applies before reading anything. */
static gboolean
check_select (const DdbReadInput *input,
              GError            **error)
{
  gboolean projection = input->projection_expression != NULL;

  switch (input->select)
    {
    case DDB_SELECT_COUNT:
      if (projection)
        return invalid (error, "Cannot specify the ProjectionExpression when choosing to get "
                               "only the Count");
      return TRUE;
    case DDB_SELECT_SPECIFIC_ATTRIBUTES:
      if (!projection)
        return invalid (error, "Must specify the AttributesToGet or ProjectionExpression when "
                               "choosing to get SPECIFIC_ATTRIBUTES");
      return TRUE;
    case DDB_SELECT_ALL_ATTRIBUTES:
      if (projection)
        return invalid (error, "Cannot specify the ProjectionExpression when choosing to get "
                               "ALL_ATTRIBUTES");
      return TRUE;
    case DDB_SELECT_ALL_PROJECTED_ATTRIBUTES:
      if (input->index_name == NULL)
        return invalid (error, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                               "an IndexName");
      return TRUE;
    case DDB_SELECT_DEFAULT:
    default:
      return TRUE;
    }
}

/* Looks up the table and refuses what this table cannot serve. */
static DdbTable *
lookup_read_table (DdbEngine          *self,
                   const DdbReadInput *input,
                   GError            **error)
{
  DdbTable *table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);

  if (table == NULL)
    return NULL;

  if (input->index_name != NULL)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "The table does not have the specified index: %s", input->index_name);
      return NULL;
    }

  return table;
}

static gboolean
parse_read_expressions (ReadExpressions          *expressions,
                        const DdbReadInput       *input,
                        const DdbKeyAttributes   *key,
                        GError                  **error)
{
  if (input->attributes.values != NULL &&
      ddb_value_get_kind (input->attributes.values) != DDB_KIND_M)
    return invalid (error, "ExpressionAttributeValues must be a map of values");

  expressions->context = ddb_expression_context_new (input->attributes.names,
                                                     input->attributes.values);

  if ((key != NULL &&
       (expressions->key_condition =
          ddb_key_condition_parse (input->key_condition_expression, key, expressions->context,
                                   error)) == NULL) ||
      (input->filter_expression != NULL &&
       (expressions->filter = ddb_condition_parse (input->filter_expression,
                                                   DDB_EXPRESSION_FILTER,
                                                   expressions->context, error)) == NULL) ||
      (input->projection_expression != NULL &&
       (expressions->projection = ddb_projection_parse (input->projection_expression,
                                                        expressions->context, error)) == NULL) ||
      !ddb_expression_context_check_unused (expressions->context, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/* Decodes ExclusiveStartKey into the store's key order. */
static gboolean
decode_start_key (DdbTable         *table,
                  const DdbValue   *start,
                  DdbItemKey       *key,
                  GError          **error)
{
  if (ddb_key_from_key_param (&table->key, start, key, error))
    return TRUE;

  g_prefix_error (error, "The provided starting key is invalid: ");

  return FALSE;
}

/* LastEvaluatedKey from a row's key encodings. */
static DdbValue *
row_key (DdbTable          *table,
         const DdbStoreRow *row)
{
  const char *names[2] = { table->key.partition_name, table->key.sort_name };
  DdbValue *values[2];
  guint n = 1;

  values[0] = ddb_value_decode_key (table->key.partition_kind, row->pk, row->pk_length);
  if (table->key.sort_name != NULL)
    values[n++] = ddb_value_decode_key (table->key.sort_kind, row->sk, row->sk_length);

  return ddb_value_new_map_take (names, values, n);
}

/* ---------------------------------------------------------------------------------------
 * The page reader shared by Query and Scan
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  DdbTable              *table;
  const DdbReadInput    *input;
  const ReadExpressions *expressions;
  DdbReadResult         *result;
  gint64                 bytes_read;
  guint64                last_hash;        /* hash of the last item read */
  gboolean               read_any;
  gboolean               stopped_early;    /* by Limit or by 1 MB */
} Page;

/* Reads rows from @cursor into the page.  Returns FALSE on a storage failure. */
static gboolean
read_page (Page            *page,
           DdbStoreCursor  *cursor,
           GError         **error)
{
  gboolean counting = page->input->select == DDB_SELECT_COUNT;
  gboolean need_item = page->expressions->filter != NULL || !counting;

  /* The result may come from a caller that reuses its struct: start from nothing. */
  ddb_read_result_clear (page->result);
  page->result->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);

  for (;;)
    {
      DdbStoreRow row;
      gboolean found;
      g_autoptr(DdbValue) item = NULL;

      if (page->input->limit > 0 && page->result->scanned_count >= page->input->limit)
        {
          page->stopped_early = TRUE;
          break;
        }

      if (!ddb_store_cursor_next (cursor, &row, &found, error))
        return FALSE;
      if (!found)
        break;

      page->bytes_read += row.size;
      page->result->scanned_count++;
      page->last_hash = row.hash;
      page->read_any = TRUE;

      if (need_item)
        {
          item = ddb_value_deserialize (row.data, row.data_length, error);
          if (item == NULL)
            {
              ddb_engine_error_adopt (error);
              return FALSE;
            }
        }

      if (page->expressions->filter == NULL ||
          ddb_condition_evaluate (page->expressions->filter, item))
        {
          page->result->count++;
          if (!counting)
            g_ptr_array_add (page->result->items,
                             page->expressions->projection != NULL
                             ? ddb_projection_apply (page->expressions->projection, item)
                             : g_steal_pointer (&item));
        }

      /* The key of the last item read, for LastEvaluatedKey: replaced row by row. */
      g_clear_pointer (&page->result->last_evaluated_key, ddb_value_unref);
      page->result->last_evaluated_key = row_key (page->table, &row);

      if (page->bytes_read >= PAGE_MAX_BYTES)
        {
          page->stopped_early = TRUE;
          break;
        }
    }

  if (!page->stopped_early)
    g_clear_pointer (&page->result->last_evaluated_key, ddb_value_unref);

  return TRUE;
}

static void
charge_read (Page   *page,
             guint   partitions_touched)
{
  guint64 blocks = MAX (ddb_read_blocks (page->bytes_read), partitions_touched);
  DdbReadConsistency consistency = page->input->consistent_read ? DDB_READ_STRONG
                                                                : DDB_READ_EVENTUAL;

  ddb_consumed_capacity_init (&page->result->consumed, page->table->spec->table_name);
  page->result->consumed.table_read_units = (double)blocks *
                                            ddb_read_consistency_factor (consistency);
}

/* ---------------------------------------------------------------------------------------
 * Query
 * ------------------------------------------------------------------------------------- */

/* The byte string just above every string that starts with @prefix, or FALSE if there is
 * none (a prefix of 0xff bytes bounds nothing). */
static gboolean
prefix_successor (const guint8 *prefix,
                  gsize         length,
                  GByteArray   *successor)
{
  gsize n = length;

  while (n > 0 && prefix[n - 1] == 0xff)
    n--;
  if (n == 0)
    return FALSE;

  g_byte_array_append (successor, prefix, n);
  successor->data[n - 1]++;

  return TRUE;
}

static int
compare_bytes (const guint8 *a,
               gsize         a_length,
               const guint8 *b,
               gsize         b_length)
{
  int cmp = memcmp (a, b, MIN (a_length, b_length));

  if (cmp != 0)
    return cmp;

  return a_length < b_length ? -1 : a_length > b_length;
}

/* Narrows @bound to @candidate when the candidate is tighter. */
static void
tighten (DdbStoreBound       *bound,
         const DdbStoreBound *candidate,
         gboolean             is_lower)
{
  int cmp;

  if (candidate->bytes == NULL)
    return;
  if (bound->bytes == NULL)
    {
      *bound = *candidate;
      return;
    }

  cmp = compare_bytes (candidate->bytes, candidate->length, bound->bytes, bound->length);
  if ((is_lower && cmp > 0) || (!is_lower && cmp < 0) ||
      (cmp == 0 && !candidate->inclusive))
    *bound = *candidate;
}

typedef struct
{
  GByteArray    *first;
  GByteArray    *second;
  GByteArray    *successor;
  DdbStoreBound  lower;
  DdbStoreBound  upper;
} SortRange;

static void
sort_range_clear (SortRange *range)
{
  g_clear_pointer (&range->first, g_byte_array_unref);
  g_clear_pointer (&range->second, g_byte_array_unref);
  g_clear_pointer (&range->successor, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SortRange, sort_range_clear)

/* Turns the sort key condition into store bounds.  Returns FALSE when the condition can
 * match nothing; validation errors are set in @error. */
static gboolean
sort_range_init (SortRange              *range,
                 const DdbKeyCondition  *condition,
                 GError                **error)
{
  DdbValue *first = NULL;
  DdbValue *second = NULL;
  DdbSortCondition op = ddb_key_condition_get_sort (condition, &first, &second);

  range->first = g_byte_array_new ();
  range->second = g_byte_array_new ();
  range->successor = g_byte_array_new ();
  if (first != NULL)
    ddb_value_encode_key (first, range->first);
  if (second != NULL)
    ddb_value_encode_key (second, range->second);

  switch (op)
    {
    case DDB_SORT_CONDITION_NONE:
      break;
    case DDB_SORT_CONDITION_EQ:
      range->lower = (DdbStoreBound) { range->first->data, range->first->len, TRUE };
      range->upper = range->lower;
      break;
    case DDB_SORT_CONDITION_LT:
    case DDB_SORT_CONDITION_LE:
      range->upper = (DdbStoreBound) { range->first->data, range->first->len,
                                       op == DDB_SORT_CONDITION_LE };
      break;
    case DDB_SORT_CONDITION_GT:
    case DDB_SORT_CONDITION_GE:
      range->lower = (DdbStoreBound) { range->first->data, range->first->len,
                                       op == DDB_SORT_CONDITION_GE };
      break;
    case DDB_SORT_CONDITION_BETWEEN:
      if (ddb_value_compare_scalar (first, second) > 0)
        {
          g_autofree char *low = ddb_value_to_json_text (first);
          g_autofree char *high = ddb_value_to_json_text (second);

          g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                       "Invalid KeyConditionExpression: The BETWEEN operator requires upper "
                       "bound to be greater than or equal to lower bound; lower bound operand: "
                       "AttributeValue: %s, upper bound operand: AttributeValue: %s", low, high);
          return FALSE;
        }
      range->lower = (DdbStoreBound) { range->first->data, range->first->len, TRUE };
      range->upper = (DdbStoreBound) { range->second->data, range->second->len, TRUE };
      break;
    case DDB_SORT_CONDITION_BEGINS_WITH:
      range->lower = (DdbStoreBound) { range->first->data, range->first->len, TRUE };
      if (prefix_successor (range->first->data, range->first->len, range->successor))
        range->upper = (DdbStoreBound) { range->successor->data, range->successor->len, FALSE };
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/**
 * ddb_engine_query:
 * @result: (out caller-allocates): zero-initialised; clear with ddb_read_result_clear()
 *
 * Reads one page of one item collection.
 *
 * Returns: %DDB_OUTCOME_OK or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_query (DdbEngine           *self,
                  const DdbReadInput  *input,
                  DdbReadResult       *result,
                  GError             **error)
{
  g_auto(ReadExpressions) expressions = { 0 };
  g_auto(SortRange) range = { 0 };
  g_autoptr(DdbStoreCursor) cursor = NULL;
  g_autoptr(GByteArray) partition_bytes = g_byte_array_new ();
  DdbKeyAttributes key_attributes;
  DdbItemKey partition;
  DdbItemKey start;
  DdbTable *table;
  Page page = { 0 };

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (input->key_condition_expression == NULL)
    return invalid (error, "Either the KeyConditions or KeyConditionExpression parameter must "
                           "be specified in the request."), DDB_OUTCOME_ERROR;
  if (input->total_segments != 0)
    return invalid (error, "Segment and TotalSegments are Scan parameters"), DDB_OUTCOME_ERROR;
  if (input->limit < 0)
    return invalid (error, "Limit must be at least 1"), DDB_OUTCOME_ERROR;
  if (!check_select (input, error))
    return DDB_OUTCOME_ERROR;

  table = lookup_read_table (self, input, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;

  key_attributes = (DdbKeyAttributes) { table->key.partition_name, table->key.partition_kind,
                                        table->key.sort_name, table->key.sort_kind };
  if (!parse_read_expressions (&expressions, input, &key_attributes, error) ||
      !sort_range_init (&range, expressions.key_condition, error))
    return DDB_OUTCOME_ERROR;

  ddb_value_encode_key (ddb_key_condition_get_partition (expressions.key_condition),
                        partition_bytes);
  g_assert (partition_bytes->len <= sizeof partition.pk);
  memcpy (partition.pk, partition_bytes->data, partition_bytes->len);
  partition.pk_length = partition_bytes->len;
  partition.sk_length = 0;
  partition.hash = ddb_key_hash (partition.pk, partition.pk_length);

  if (input->exclusive_start_key != NULL)
    {
      DdbStoreBound after;
      DdbValue *start_sort;

      if (!decode_start_key (table, input->exclusive_start_key, &start, error))
        return DDB_OUTCOME_ERROR;
      start_sort = table->key.sort_name != NULL
                   ? ddb_value_lookup (input->exclusive_start_key, table->key.sort_name) : NULL;
      if (start.pk_length != partition.pk_length ||
          memcmp (start.pk, partition.pk, partition.pk_length) != 0 ||
          (start_sort != NULL && !ddb_key_condition_match_sort (expressions.key_condition,
                                                                start_sort)))
        return invalid (error, "The provided starting key is outside query boundaries based on "
                               "provided conditions"), DDB_OUTCOME_ERROR;

      /* Resume after the start key, in the direction of the query. */
      after = (DdbStoreBound) { start.sk, start.sk_length, FALSE };
      if (table->key.sort_name == NULL)
        {
          /* A table without a sort key holds one item per partition key: nothing follows. */
          ddb_consumed_capacity_init (&result->consumed, table->spec->table_name);
          result->consumed.table_read_units =
            ddb_read_units (0, input->consistent_read ? DDB_READ_STRONG : DDB_READ_EVENTUAL);
          result->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
          return result->outcome = DDB_OUTCOME_OK;
        }
      tighten (input->scan_index_forward ? &range.lower : &range.upper, &after,
               input->scan_index_forward);
    }

  cursor = ddb_store_query (self->store, table->id, &partition, &range.lower, &range.upper,
                            !input->scan_index_forward, error);
  if (cursor == NULL)
    return DDB_OUTCOME_ERROR;

  page = (Page) { .table = table, .input = input, .expressions = &expressions, .result = result };
  if (!read_page (&page, cursor, error))
    return DDB_OUTCOME_ERROR;

  charge_read (&page, 1);

  return result->outcome = DDB_OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------
 * Scan
 * ------------------------------------------------------------------------------------- */

/* The hash range of segment @segment of @total: an even division of the hash space. */
static void
segment_range (gint      segment,
               gint      total,
               guint64  *low,
               guint64  *high)
{
  unsigned __int128 space = (unsigned __int128)1 << 64;

  *low = (guint64)(space * segment / total);
  *high = (guint64)(space * (segment + 1) / total - 1);
}

/**
 * ddb_engine_scan:
 *
 * Reads one page of a table, or of one segment of it for a parallel scan.
 *
 * Returns: %DDB_OUTCOME_OK or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_scan (DdbEngine           *self,
                 const DdbReadInput  *input,
                 DdbReadResult       *result,
                 GError             **error)
{
  g_auto(ReadExpressions) expressions = { 0 };
  g_autoptr(DdbStoreCursor) cursor = NULL;
  DdbItemKey start;
  DdbTable *table;
  Page page = { 0 };
  guint64 low = 0;
  guint64 high = G_MAXUINT64;
  guint64 first_hash;
  guint64 last_hash;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (input->key_condition_expression != NULL)
    return invalid (error, "KeyConditionExpression is a Query parameter"), DDB_OUTCOME_ERROR;
  if (input->limit < 0)
    return invalid (error, "Limit must be at least 1"), DDB_OUTCOME_ERROR;
  if (input->total_segments < 0 || input->total_segments > 1000000 ||
      (input->total_segments > 0 &&
       (input->segment < 0 || input->segment >= input->total_segments)) ||
      (input->total_segments == 0 && input->segment != 0))
    return invalid (error, "The Segment parameter is zero-based and must be less than parameter "
                           "TotalSegments"), DDB_OUTCOME_ERROR;
  if (!check_select (input, error))
    return DDB_OUTCOME_ERROR;

  table = lookup_read_table (self, input, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;
  if (!parse_read_expressions (&expressions, input, NULL, error))
    return DDB_OUTCOME_ERROR;

  if (input->total_segments > 0)
    segment_range (input->segment, input->total_segments, &low, &high);
  first_hash = low;

  if (input->exclusive_start_key != NULL)
    {
      if (!decode_start_key (table, input->exclusive_start_key, &start, error))
        return DDB_OUTCOME_ERROR;
      if (start.hash < low || start.hash > high)
        return invalid (error, "The provided Exclusive start key does not map to the provided "
                               "segment"), DDB_OUTCOME_ERROR;
      first_hash = start.hash;
    }

  cursor = ddb_store_scan (self->store, table->id, low, high,
                           input->exclusive_start_key != NULL ? &start : NULL, error);
  if (cursor == NULL)
    return DDB_OUTCOME_ERROR;

  page = (Page) { .table = table, .input = input, .expressions = &expressions, .result = result };
  if (!read_page (&page, cursor, error))
    return DDB_OUTCOME_ERROR;

  /* The page touched every partition from where it started to where it stopped. */
  last_hash = page.stopped_early && page.read_any ? page.last_hash : high;
  charge_read (&page, ddb_partition_map_count_between (table->partitions, first_hash,
                                                       MAX (first_hash, last_hash)));

  return result->outcome = DDB_OUTCOME_OK;
}
