/* ddb-engine-read.c
 *
 * Query and Scan on a table or on a secondary index: the checks DynamoDB makes before
 * reading (Select, consistency, index state, ExclusiveStartKey), the translation of the
 * key condition into a range of sort keys, and the choice of rows to read.  The page
 * itself is read by ddb-engine-page.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-read"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-admission.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-page.h"
#include "ddb-expression.h"
#include "ddb-value-codec.h"
#include "ddb-value-json.h"

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

/* What a request reads: a table, or one of its indexes. */
typedef struct
{
  DdbTable *table;
  DdbIndex *index;             /* NULL: the table */
  DdbKeyShape key;             /* the key a Query's condition is about */
  gboolean fetch_base;         /* an LSI read that needs attributes outside the projection */
} ReadSource;

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

/* Whether a local index read must fetch the base items: Select ALL_ATTRIBUTES, or a
 * projection that names an attribute the index does not hold (rulebook 2.3). */
static gboolean
needs_base_items (DdbIndex            *index,
                  DdbSelect            select,
                  const DdbProjection *projection)
{
  if (index->spec->global || index->spec->projection == DDB_PROJECTION_ALL)
    return FALSE;
  if (select == DDB_SELECT_ALL_ATTRIBUTES)
    return TRUE;

  for (guint i = 0; projection != NULL && i < ddb_projection_get_length (projection); i++)
    {
      const char *name = ddb_path_get_name (ddb_projection_get_path (projection, i), 0);

      if (name != NULL && !ddb_index_projects (index, name))
        return TRUE;
    }

  return FALSE;
}

/**
 * lookup_source:
 *
 * Finds the table, and the index when the request names one, and refuses what DynamoDB
 * refuses: an unknown index, strongly consistent reads of a GSI, ALL_ATTRIBUTES from a
 * GSI that does not project them all, and reads of a GSI still being backfilled.
 */
static gboolean
lookup_source (DdbEngine          *self,
               const DdbReadInput *input,
               ReadSource         *source,
               GError            **error)
{
  DdbIndex *index;

  source->table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (source->table == NULL)
    return FALSE;

  source->key = source->table->key;
  if (input->index_name == NULL)
    return TRUE;

  index = ddb_table_lookup_index (source->table, input->index_name);
  if (index == NULL || index->status == DDB_INDEX_STATUS_DELETING)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "The table does not have the specified index: %s", input->index_name);
      return FALSE;
    }
  if (index->status == DDB_INDEX_STATUS_CREATING)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "Cannot read from backfilling global secondary index: %s",
                   input->index_name);
      return FALSE;
    }
  if (index->spec->global && input->consistent_read)
    return invalid (error, "Consistent reads are not supported on global secondary indexes");
  if (index->spec->global && input->select == DDB_SELECT_ALL_ATTRIBUTES &&
      index->spec->projection != DDB_PROJECTION_ALL)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is "
                   "not supported for global secondary index %s because its projection type "
                   "is not ALL", index->spec->name);
      return FALSE;
    }

  source->index = index;
  source->key = index->key;

  return TRUE;
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

  if (!ddb_expression_context_validate (expressions->context, error) ||
      (key != NULL &&
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

static gboolean
invalid_start (GError **error)
{
  return invalid (error, "The provided starting key is invalid: The provided key element does "
                         "not match the schema");
}

/* Reads one key attribute of ExclusiveStartKey, which must have the key's type. */
static gboolean
start_value (const DdbValue  *start,
             const char      *name,
             DdbKind          kind,
             DdbValue       **value)
{
  *value = ddb_value_lookup (start, name);

  return *value != NULL && ddb_value_get_kind (*value) == kind;
}

/* Admits a page read (ddb-admission.h), all its units on the partition of @key, where it
 * starts (_ddb_page_charge_key()).  An LSI read uses the table's capacity, a GSI read the
 * GSI's.  A throttled read returns nothing. */
static DdbOutcome
admit_page (DdbEngine        *self,
            DdbOperationKind  operation,
            const ReadSource *source,
            DdbRouteKey       key,
            DdbReadResult    *result)
{
  DdbIndex *gsi = source->index != NULL && ddb_index_is_global (source->index) ? source->index
                                                                               : NULL;

  _ddb_engine_metrics_count_request (self, source->table, operation);

  if (_ddb_engine_admit_read (self, source->table, gsi, key,
                              ddb_consumed_capacity_get_read (&result->consumed),
                              &result->throttle))
    return DDB_OUTCOME_OK;

  g_ptr_array_set_size (result->items, 0);
  result->count = 0;
  result->scanned_count = 0;
  g_clear_pointer (&result->last_evaluated_key, ddb_value_unref);
  ddb_consumed_capacity_clear (&result->consumed);

  return DDB_OUTCOME_THROTTLED;
}

/**
 * decode_start:
 * @base_key: (out): the base item's key
 * @index_key: (out): the index entry's key, for an index read
 *
 * ExclusiveStartKey holds exactly the table's key attributes, plus the index's for an
 * index read (LastEvaluatedKey has that shape).
 */
static gboolean
decode_start (const ReadSource  *source,
              const DdbValue    *start,
              DdbItemKey        *base_key,
              DdbItemKey        *index_key,
              GError           **error)
{
  const DdbKeyShape *table_key = &source->table->key;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbValue *pk, *sk = NULL, *ipk, *isk = NULL;

  if (ddb_value_get_kind (start) != DDB_KIND_M)
    return invalid_start (error);

  if (!start_value (start, table_key->partition_name, table_key->partition_kind, &pk) ||
      (table_key->sort_name != NULL &&
       !start_value (start, table_key->sort_name, table_key->sort_kind, &sk)))
    return invalid_start (error);
  g_hash_table_add (names, (gpointer)table_key->partition_name);
  if (table_key->sort_name != NULL)
    g_hash_table_add (names, (gpointer)table_key->sort_name);

  if (source->index != NULL)
    {
      const DdbKeyShape *key = &source->index->key;

      if (!start_value (start, key->partition_name, key->partition_kind, &ipk) ||
          (key->sort_name != NULL && !start_value (start, key->sort_name, key->sort_kind, &isk)))
        return invalid_start (error);
      g_hash_table_add (names, (gpointer)key->partition_name);
      if (key->sort_name != NULL)
        g_hash_table_add (names, (gpointer)key->sort_name);
      ddb_key_encode (key, ipk, isk, index_key);
    }

  if (ddb_value_get_length (start) != g_hash_table_size (names))
    return invalid_start (error);

  ddb_key_encode (table_key, pk, sk, base_key);

  return TRUE;
}

/* Sets up the page of a read. */
static void
page_init (DdbPage               *page,
           const ReadSource      *source,
           const DdbReadInput    *input,
           const ReadExpressions *expressions,
           DdbReadResult         *result)
{
  *page = (DdbPage) {
    .table = source->table,
    .index = source->index,
    .fetch_base = source->fetch_base,
    .consistency = input->consistent_read ? DDB_READ_STRONG : DDB_READ_EVENTUAL,
    .limit = input->limit,
    .counting = input->select == DDB_SELECT_COUNT,
    .filter = expressions->filter,
    .projection = expressions->projection,
    .result = result,
  };
}

/* ---------------------------------------------------------------------------------------
 * Query
 * ------------------------------------------------------------------------------------- */

/* The partition where a Query's sort key range ends: an exclusive bound at the first key
 * of a partition ends in the partition before it. */
static guint
route_upper (DdbPartitionMap     *map,
             guint64              hash,
             const DdbStoreBound *upper)
{
  DdbRouteKey key = { hash, upper->bytes, upper->length };
  guint position = ddb_partition_map_route (map, &key);
  const DdbPartition *p = ddb_partition_map_get (map, position);

  if (!upper->inclusive && position > 0 &&
      ddb_route_key_compare_bound (&key, p->low, p->low_sort) == 0)
    position--;

  return position;
}

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

/* Checks a common part of Query and Scan input. */
static gboolean
check_read_input (const DdbReadInput *input,
                  GError            **error)
{
  if (input->limit < 0)
    return invalid (error, "Limit must be at least 1");

  return check_select (input, error);
}

/**
 * ddb_engine_query:
 * @result: (out caller-allocates): zero-initialised; clear with ddb_read_result_clear()
 *
 * Reads one page of one item collection, from the table or from an index.
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
  DdbKeyAttributes key_attributes;
  DdbItemKey partition;
  DdbItemKey start_base, start_index;
  DdbStoreEntryStart entry_start = { &start_index, &start_base };
  const DdbItemKey *start_key;
  ReadSource source = { 0 };
  DdbPage page;
  DdbPartitionMap *map;
  DdbRouteKey range_start;
  gboolean by_sort;
  guint first, last;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (input->key_condition_expression == NULL)
    return invalid (error, "Either the KeyConditions or KeyConditionExpression parameter must "
                           "be specified in the request."), DDB_OUTCOME_ERROR;
  if (input->total_segments != 0)
    return invalid (error, "Segment and TotalSegments are Scan parameters"), DDB_OUTCOME_ERROR;
  if (!check_read_input (input, error) || !lookup_source (self, input, &source, error))
    return DDB_OUTCOME_ERROR;

  key_attributes = (DdbKeyAttributes) { source.key.partition_name, source.key.partition_kind,
                                        source.key.sort_name, source.key.sort_kind };
  if (!parse_read_expressions (&expressions, input, &key_attributes, error) ||
      !sort_range_init (&range, expressions.key_condition, error))
    return DDB_OUTCOME_ERROR;
  source.fetch_base = source.index != NULL &&
                      needs_base_items (source.index, input->select, expressions.projection);

  ddb_key_encode (&(DdbKeyShape) { source.key.partition_name, source.key.partition_kind,
                                   NULL, DDB_KIND_NULL },
                  ddb_key_condition_get_partition (expressions.key_condition), NULL, &partition);

  if (input->exclusive_start_key != NULL)
    {
      DdbValue *start_sort;

      if (!decode_start (&source, input->exclusive_start_key, &start_base, &start_index, error))
        return DDB_OUTCOME_ERROR;
      start_key = source.index != NULL ? &start_index : &start_base;
      start_sort = source.key.sort_name != NULL
                   ? ddb_value_lookup (input->exclusive_start_key, source.key.sort_name) : NULL;
      if (start_key->pk_length != partition.pk_length ||
          memcmp (start_key->pk, partition.pk, partition.pk_length) != 0 ||
          (start_sort != NULL && !ddb_key_condition_match_sort (expressions.key_condition,
                                                                start_sort)))
        return invalid (error, "The provided starting key is outside query boundaries based on "
                               "provided conditions"), DDB_OUTCOME_ERROR;

      /* A table read resumes after the start key's sort key; an index read after the whole
       * entry key (entries may share an index sort key). */
      if (source.index == NULL)
        {
          DdbStoreBound after = { start_base.sk, start_base.sk_length, FALSE };

          tighten (input->scan_index_forward ? &range.lower : &range.upper, &after,
                   input->scan_index_forward);
          /* Without a sort key a partition key holds one item: nothing follows it. */
          if (source.table->key.sort_name == NULL)
            range.lower = range.upper = after;
        }
    }

  if (source.index == NULL)
    cursor = ddb_store_query (self->store, source.table->id, &partition, &range.lower,
                              &range.upper, !input->scan_index_forward, error);
  else
    cursor = ddb_store_query_index (self->store, source.table->id, source.index->number,
                                    &partition, &range.lower, &range.upper,
                                    input->exclusive_start_key != NULL ? &entry_start : NULL,
                                    !input->scan_index_forward, error);
  if (cursor == NULL)
    return DDB_OUTCOME_ERROR;

  page_init (&page, &source, input, &expressions, result);
  page.forward = input->scan_index_forward;
  if (!_ddb_page_read (self, &page, cursor, error))
    return DDB_OUTCOME_ERROR;

  /* A GSI's partitions (and a table's) may cut a partition key by its sort key; an LSI's
   * sort key says nothing of where the table's partitions cut (they never do). */
  by_sort = source.index == NULL || ddb_index_is_global (source.index);
  map = _ddb_page_partitions (&page);
  range_start = (DdbRouteKey) { partition.hash, by_sort ? range.lower.bytes : NULL,
                                by_sort ? range.lower.length : 0 };
  first = ddb_partition_map_route (map, &range_start);
  last = by_sort && range.upper.bytes != NULL ? route_upper (map, partition.hash, &range.upper)
                                              : ddb_partition_map_route_last (map, partition.hash);
  /* A GSI page resumes after its start key (the table's range was narrowed to it above). */
  if (by_sort && source.index != NULL && input->exclusive_start_key != NULL)
    {
      DdbRouteKey after = ddb_key_route (&start_index);

      if (input->scan_index_forward)
        first = ddb_partition_map_route (map, &after);
      else
        last = ddb_partition_map_route (map, &after);
    }
  _ddb_page_charge (&page, first, MAX (first, last));

  return result->outcome = admit_page (self, DDB_OPERATION_QUERY, &source,
                                       _ddb_page_charge_key (&page, range_start), result);
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
 * Reads one page of a table or an index, or of one segment of it for a parallel scan.
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
  DdbItemKey start_base, start_index;
  DdbStoreEntryStart entry_start = { &start_index, &start_base };
  ReadSource source = { 0 };
  DdbPage page;
  guint64 low = 0;
  guint64 high = G_MAXUINT64;
  DdbRouteKey range_start;
  DdbPartitionMap *map;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (input->key_condition_expression != NULL)
    return invalid (error, "KeyConditionExpression is a Query parameter"), DDB_OUTCOME_ERROR;
  if (input->total_segments < 0 || input->total_segments > 1000000 ||
      (input->total_segments > 0 &&
       (input->segment < 0 || input->segment >= input->total_segments)) ||
      (input->total_segments == 0 && input->segment != 0))
    return invalid (error, "The Segment parameter is zero-based and must be less than parameter "
                           "TotalSegments"), DDB_OUTCOME_ERROR;
  if (!check_read_input (input, error) || !lookup_source (self, input, &source, error) ||
      !parse_read_expressions (&expressions, input, NULL, error))
    return DDB_OUTCOME_ERROR;
  source.fetch_base = source.index != NULL &&
                      needs_base_items (source.index, input->select, expressions.projection);

  if (input->total_segments > 0)
    segment_range (input->segment, input->total_segments, &low, &high);
  range_start = (DdbRouteKey) { low, NULL, 0 };

  if (input->exclusive_start_key != NULL)
    {
      const DdbItemKey *start_key;

      if (!decode_start (&source, input->exclusive_start_key, &start_base, &start_index, error))
        return DDB_OUTCOME_ERROR;
      start_key = source.index != NULL ? &start_index : &start_base;
      if (start_key->hash < low || start_key->hash > high)
        return invalid (error, "The provided Exclusive start key does not map to the provided "
                               "segment"), DDB_OUTCOME_ERROR;
      range_start = source.index == NULL || ddb_index_is_global (source.index)
                    ? ddb_key_route (start_key) : (DdbRouteKey) { start_key->hash, NULL, 0 };
    }

  if (source.index == NULL)
    cursor = ddb_store_scan (self->store, source.table->id, low, high,
                             input->exclusive_start_key != NULL ? &start_base : NULL, error);
  else
    cursor = ddb_store_scan_index (self->store, source.table->id, source.index->number, low,
                                   high, input->exclusive_start_key != NULL ? &entry_start : NULL,
                                   error);
  if (cursor == NULL)
    return DDB_OUTCOME_ERROR;

  page_init (&page, &source, input, &expressions, result);
  page.forward = TRUE;
  if (!_ddb_page_read (self, &page, cursor, error))
    return DDB_OUTCOME_ERROR;

  /* The page touched every partition from where it started to where it stopped. */
  map = _ddb_page_partitions (&page);
  _ddb_page_charge (&page, ddb_partition_map_route (map, &range_start),
                    ddb_partition_map_route_last (map, high));

  return result->outcome = admit_page (self, DDB_OPERATION_SCAN, &source,
                                       _ddb_page_charge_key (&page, range_start), result);
}
