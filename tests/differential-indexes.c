/* differential-indexes.c
 *
 * The index invariant of the differential test: after any sequence of writes, querying
 * each secondary index returns exactly what scanning the base table and projecting would
 * (the reference computes the entries from its items, see reference-indexes.c).
 *
 * For every index of a table, a Query of each value the index partition key takes and a
 * Scan of the whole index (sometimes in segments) are paginated to the end and compared
 * page by page with the reference: items as the index projects them (or the base items,
 * for an LSI read that fetches them), Count, ScannedCount, LastEvaluatedKey and the read
 * capacity of the table and of the index.  Each read draws its direction, Limit,
 * consistency (an LSI's only) and Select; now and then a Query has a sort key condition,
 * and a page is read again with Select COUNT, which must give the same page without its
 * items and without base item reads.  A GSI must refuse strongly consistent reads, and
 * ALL_ATTRIBUTES when it does not project them all.  DescribeTable's live item counts and
 * sizes of the table and of each index must match the reference too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "differential.h"

static const char *
select_name (DdbSelect select)
{
  switch (select)
    {
    case DDB_SELECT_ALL_ATTRIBUTES:
      return "ALL_ATTRIBUTES";
    case DDB_SELECT_ALL_PROJECTED_ATTRIBUTES:
      return "ALL_PROJECTED_ATTRIBUTES";
    case DDB_SELECT_SPECIFIC_ATTRIBUTES:
      return "SPECIFIC_ATTRIBUTES";
    case DDB_SELECT_COUNT:
      return "COUNT";
    case DDB_SELECT_DEFAULT:
    default:
      return "(default)";
    }
}

/* Draws how an index read returns its entries: direction, Limit, consistency, Select. */
static void
gen_index_read (Run            *run,
                const RefIndex *index,
                QuerySpec      *spec)
{
  static const DdbSelect selects[] = {
    DDB_SELECT_DEFAULT, DDB_SELECT_ALL_PROJECTED_ATTRIBUTES, DDB_SELECT_ALL_ATTRIBUTES,
  };

  spec->forward = chance (run->rand, 50);
  if (chance (run->rand, 40))
    spec->limit = gen_limit (run->rand, 6, 60);
  /* Strongly consistent reads of a GSI, and ALL_ATTRIBUTES of a GSI that does not project
   * them all, are validation errors (check_global_refusals): these reads stay clear. */
  spec->consistent = !index->global && chance (run->rand, 50);
  spec->select = selects[pick (run->rand, G_N_ELEMENTS (selects))];
  if (spec->select == DDB_SELECT_ALL_ATTRIBUTES && index->global &&
      index->projection != DDB_PROJECTION_ALL)
    spec->select = DDB_SELECT_DEFAULT;
}

static void
describe_index_read (Run             *run,
                     const QuerySpec *spec)
{
  g_string_append_printf (run->what, " Limit=%" G_GINT64_FORMAT " ScanIndexForward=%s "
                          "ConsistentRead=%s Select=%s", spec->limit,
                          spec->forward ? "true" : "false", spec->consistent ? "true" : "false",
                          select_name (spec->select));
}

static void
read_input_init (DdbReadInput          *input,
                 const RefTable        *t,
                 const RefIndex        *index,
                 const QuerySpec       *spec,
                 DdbExpressionAttributes attributes,
                 DdbValue              *start)
{
  ddb_read_input_init (input);
  input->table_name = t->name;
  input->index_name = index->name;
  input->attributes = attributes;
  input->limit = spec->limit;
  input->exclusive_start_key = start;
  input->scan_index_forward = spec->forward;
  input->consistent_read = spec->consistent;
  input->select = spec->select;
  input->return_consumed_capacity = DDB_RETURN_CAPACITY_INDEXES;
}

/* Reads @input's page again with Select COUNT: the same page without its items, and
 * without the base items an LSI read of ALL_ATTRIBUTES fetched. */
static void
check_count_page (Run                *run,
                  const DdbReadInput *input,
                  gboolean            query,
                  const Page         *all,
                  const char         *where)
{
  g_auto(Page) engine = { 0 };
  g_auto(Page) expected = { 0 };
  g_autofree char *count_where = g_strdup_printf ("%s, again with Select=COUNT", where);
  DdbReadInput count = *input;

  count.select = DDB_SELECT_COUNT;
  engine_read (run, query, &count, count_where, &engine);

  expected.items = g_ptr_array_new ();
  expected.count = all->count;
  expected.scanned_count = all->scanned_count;
  expected.last_key = all->last_key != NULL ? ddb_value_ref (all->last_key) : NULL;
  capacity_assign (&expected.consumed, &all->consumed);
  expected.consumed.read_units = 0;
  expect_page (run, count_where, &engine, &expected);
  run->stats.count_pages++;
}

/* Counts what a page reached, for the run's statistics. */
static void
tally_page (Run        *run,
            const Page *reference,
            Stop        stop,
            gboolean    fetch)
{
  run->stats.index_limit_stops += stop == STOP_LIMIT;
  run->stats.index_megabyte_stops += stop == STOP_MEGABYTE;
  run->stats.base_fetches += fetch ? reference->items->len : 0;
}

/* ---------------------------------------------------------------------------------------
 * Query
 * ------------------------------------------------------------------------------------- */

/* A sort key operand for a condition on the index sort key. */
static DdbValue *
gen_index_sort_operand (Run            *run,
                        const RefTable *t,
                        const RefIndex *index)
{
  const RefAttribute *attribute = ref_attribute (t, index->sk_name);

  if (attribute == NULL)                         /* the table's sort key */
    return gen_sort_operand (run->rand, t->sk, N_SK, t->string_sort, -60, 60);

  return gen_sort_operand (run->rand, attribute->values, N_KEY_VALUES,
                           attribute->kind == DDB_KIND_S, -4, 12);
}

/* Appends a random condition on the index sort key to @key_condition. */
static void
gen_index_sort_condition (Run            *run,
                          const RefTable *t,
                          const RefIndex *index,
                          Exprs          *exprs,
                          QuerySpec      *spec,
                          GString        *key_condition)
{
  const RefAttribute *attribute = ref_attribute (t, index->sk_name);
  gboolean strings = attribute != NULL ? attribute->kind == DDB_KIND_S : t->string_sort;

  spec->sort = (SortKind)pick_between (run->rand, SORT_EQ, strings ? SORT_BEGINS_WITH
                                                                   : SORT_BETWEEN);
  spec->first = gen_index_sort_operand (run, t, index);
  if (spec->sort == SORT_BETWEEN)
    spec->second = gen_index_sort_operand (run, t, index);
  exprs_name (exprs, "#s", index->sk_name);
  append_sort_condition (spec, "#s", exprs, key_condition);
}

/* The entries a Query of @partition may return, in the order it reads them. */
static GArray *
query_entries (Run             *run,
               const RefTable  *t,
               const RefIndex  *index,
               const DdbValue  *partition,
               const QuerySpec *spec)
{
  GArray *entries = ref_index_entries (t, index, partition);
  GArray *order = g_array_new (FALSE, FALSE, sizeof (RefEntry));

  g_array_set_clear_func (order, (GDestroyNotify)ref_entry_clear);
  for (guint k = 0; k < entries->len; k++)
    {
      RefEntry *entry = &g_array_index (entries, RefEntry, spec->forward ? k
                                                                         : entries->len - 1 - k);

      if (spec->sort != SORT_NONE &&
          !ref_sort_matches (spec, ddb_value_lookup (entry->entry, index->sk_name)))
        continue;
      if (order->len > 0 &&
          ref_index_same_key (index, entry->entry,
                              g_array_index (order, RefEntry, order->len - 1).entry))
        run->stats.index_ties++;
      g_array_append_vals (order, &(RefEntry) { entry->p, entry->s,
                                                ddb_value_ref (entry->entry) }, 1);
    }
  g_array_unref (entries);

  return order;
}

/* Queries one partition of @index to the end, page by page. */
static void
query_index (Run            *run,
             const RefTable *t,
             const RefIndex *index,
             DdbValue       *partition,
             gboolean        sort_condition)
{
  g_auto(QuerySpec) spec = { 0 };
  g_auto(Exprs) exprs = { 0 };
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(DdbValue) start = NULL;
  g_autoptr(GString) key_condition = g_string_new ("#p = :p");
  g_autoptr(GArray) remaining = NULL;
  DdbExpressionAttributes attributes;
  gboolean counting;

  gen_index_read (run, index, &spec);
  counting = chance (run->rand, 20);
  exprs_name (&exprs, "#p", index->pk_name);
  exprs_value_take (&exprs, ":p", ddb_value_ref (partition));
  if (sort_condition)
    gen_index_sort_condition (run, t, index, &exprs, &spec, key_condition);
  attributes = exprs_finish (&exprs, &values);

  g_string_printf (run->what, "[index check] Query %s IndexName=%s KeyConditionExpression=%s",
                   t->name, index->name, key_condition->str);
  describe_attributes (run, &exprs, values);
  describe_index_read (run, &spec);
  trace (run);

  remaining = query_entries (run, t, index, partition, &spec);

  for (guint page_number = 1;; page_number++)
    {
      g_auto(Page) engine = { 0 };
      g_auto(Page) reference = { 0 };
      g_autofree char *shown_start = render_item (start);
      g_autofree char *where = g_strdup_printf ("Query %s page %u (ExclusiveStartKey=%s)",
                                                index->name, page_number, shown_start);
      DdbReadInput input;
      gsize bytes;
      Stop stop;

      read_input_init (&input, t, index, &spec, attributes, start);
      input.key_condition_expression = key_condition->str;
      engine_read (run, TRUE, &input, where, &engine);

      ref_index_follow_ties (t, index, remaining, engine.items);
      stop = ref_index_page (t, index, remaining, &spec, &reference, &bytes);
      expect_page (run, where, &engine, &reference);
      if (counting)
        check_count_page (run, &input, TRUE, &engine, where);

      tally_page (run, &reference, stop, ref_index_fetches (index, spec.select));
      run->stats.index_query_pages++;
      g_array_remove_range (remaining, 0, (guint)reference.scanned_count);
      if (stop == STOP_END)
        break;

      g_clear_pointer (&start, ddb_value_unref);
      start = g_steal_pointer (&engine.last_key);
      g_assert_cmpuint (page_number, <, MAX_PAGES);
    }

  g_assert_cmpuint (remaining->len, ==, 0);
  run->stats.index_queries++;
}

/* ---------------------------------------------------------------------------------------
 * Scan
 * ------------------------------------------------------------------------------------- */

/* The entries of a Scan page, in the engine's order: each must be an entry of the index
 * (or its base item, when the read fetches them) that no page returned before.  Marks
 * them in @seen. */
static GArray *
scan_page_entries (Run            *run,
                   const RefTable *t,
                   const RefIndex *index,
                   const Page     *engine,
                   gboolean        seen[N_PK][N_SK],
                   const char     *where)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (RefEntry));

  g_array_set_clear_func (order, (GDestroyNotify)ref_entry_clear);
  for (guint i = 0; i < engine->items->len; i++)
    {
      RefEntry entry = { 0 };

      if (ref_locate (t, engine->items->pdata[i], &entry.p, &entry.s))
        entry.entry = ref_index_entry (t, index, t->items[entry.p][entry.s]);
      if (entry.entry == NULL || seen[entry.p][entry.s])
        {
          g_autofree char *shown = render_item (engine->items->pdata[i]);
          g_autofree char *text = g_strdup_printf ("item %u of the page: %s", i, shown);

          report_mismatch (run, where, text,
                           "an entry of the index that no page has returned before");
        }
      seen[entry.p][entry.s] = TRUE;
      g_array_append_val (order, entry);
    }

  return order;
}

/* Scans @index to the end, segment by segment and page by page; the pages of all the
 * segments together must hold every entry once. */
static void
scan_index (Run            *run,
            const RefTable *t,
            const RefIndex *index)
{
  g_auto(QuerySpec) spec = { 0 };
  g_autoptr(GArray) entries = ref_index_entries (t, index, NULL);
  gboolean seen[N_PK][N_SK] = { { FALSE } };
  gint total_segments;

  gen_index_read (run, index, &spec);
  total_segments = chance (run->rand, 50) ? 0 : (gint)pick_between (run->rand, 1, 4);
  g_string_printf (run->what, "[index check] Scan %s IndexName=%s TotalSegments=%d", t->name,
                   index->name, total_segments);
  describe_index_read (run, &spec);
  trace (run);

  for (gint segment = 0; segment < MAX (total_segments, 1); segment++)
    {
      g_autoptr(DdbValue) start = NULL;

      for (guint page_number = 1;; page_number++)
        {
          g_auto(Page) engine = { 0 };
          g_auto(Page) reference = { 0 };
          g_autoptr(GArray) order = NULL;
          g_autofree char *shown_start = render_item (start);
          g_autofree char *where = g_strdup_printf ("Scan %s segment %d, page %u "
                                                    "(ExclusiveStartKey=%s)", index->name,
                                                    segment, page_number, shown_start);
          DdbReadInput input;
          gsize bytes;
          Stop stop;

          read_input_init (&input, t, index, &spec, (DdbExpressionAttributes) { NULL, NULL },
                           start);
          input.scan_index_forward = TRUE;
          input.segment = segment;
          input.total_segments = total_segments;
          engine_read (run, FALSE, &input, where, &engine);

          order = scan_page_entries (run, t, index, &engine, seen, where);
          stop = ref_index_page (t, index, order, &spec, &reference, &bytes);
          expect_page (run, where, &engine, &reference);
          if (chance (run->rand, 10))
            check_count_page (run, &input, FALSE, &engine, where);

          tally_page (run, &reference, stop, ref_index_fetches (index, spec.select));
          run->stats.index_scan_pages++;
          if (stop == STOP_END)
            break;

          g_clear_pointer (&start, ddb_value_unref);
          start = g_steal_pointer (&engine.last_key);
          g_assert_cmpuint (page_number, <, MAX_PAGES);
        }
    }

  for (guint k = 0; k < entries->len; k++)
    {
      const RefEntry *entry = &g_array_index (entries, RefEntry, k);

      if (!seen[entry->p][entry->s])
        {
          g_autofree char *shown = render_item (entry->entry);
          g_autofree char *text = g_strdup_printf ("no page returned %s", shown);

          report_mismatch (run, "Scan: all segments paginated to the end", text,
                           "every entry of the index, once");
        }
    }
}

/* ---------------------------------------------------------------------------------------
 * The invariant
 * ------------------------------------------------------------------------------------- */

/* Scans @index with @select and @consistent, which DynamoDB refuses with @message. */
static void
expect_refused (Run            *run,
                const RefTable *t,
                const RefIndex *index,
                DdbSelect       select,
                gboolean        consistent,
                const char     *message)
{
  g_auto(Single) engine = { 0 };
  g_auto(Single) reference = { 0 };
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbReadInput input;

  g_string_printf (run->what, "[index check] Scan %s IndexName=%s ConsistentRead=%s Select=%s",
                   t->name, index->name, consistent ? "true" : "false", select_name (select));
  trace (run);

  ddb_read_input_init (&input);
  input.table_name = t->name;
  input.index_name = index->name;
  input.select = select;
  input.consistent_read = consistent;
  engine.outcome = ddb_engine_scan (run->engine, &input, &result, &error);
  engine.error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                       : NULL;

  reference.outcome = DDB_OUTCOME_ERROR;
  reference.error_message = error_text (DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION, message);
  expect_single (run, "Scan response", &engine, &reference);
}

/* What DynamoDB refuses on a GSI (rulebook 2.3): strongly consistent reads, and
 * ALL_ATTRIBUTES when it does not project them all. */
static void
check_global_refusals (Run            *run,
                       const RefTable *t,
                       const RefIndex *index)
{
  g_autofree char *message = NULL;

  expect_refused (run, t, index, DDB_SELECT_DEFAULT, TRUE,
                  "Consistent reads are not supported on global secondary indexes");
  if (index->projection == DDB_PROJECTION_ALL)
    return;

  message = g_strdup_printf ("One or more parameter values were invalid: Select type "
                             "ALL_ATTRIBUTES is not supported for global secondary index %s "
                             "because its projection type is not ALL", index->name);
  expect_refused (run, t, index, DDB_SELECT_ALL_ATTRIBUTES, FALSE, message);
}

static void
expect_count (Run        *run,
              const char *what,
              gint64      engine,
              gint64      reference)
{
  g_autofree char *engine_text = NULL;
  g_autofree char *reference_text = NULL;

  if (engine == reference)
    return;

  engine_text = g_strdup_printf ("%" G_GINT64_FORMAT, engine);
  reference_text = g_strdup_printf ("%" G_GINT64_FORMAT, reference);
  report_mismatch (run, what, engine_text, reference_text);
}

/**
 * check_table_counts:
 *
 * DescribeTable of @t: one partition for the table and for each GSI (the Scan capacity
 * reference relies on it), and live item counts and sizes of the table and of each
 * index as the reference computes them.
 */
void
check_table_counts (Run            *run,
                    const RefTable *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (run->engine, t->name, &error);
  gint64 bytes = 0;

  g_assert_no_error (error);
  g_string_printf (run->what, "DescribeTable %s", t->name);
  g_assert_cmpuint (info->partition_count, ==, 1);
  for (guint p = 0; p < N_PK; p++)
    for (guint s = 0; s < N_SK; s++)
      bytes += t->items[p][s] != NULL ? (gint64)ddb_item_size (t->items[p][s]) : 0;
  expect_count (run, "live item count", info->live_item_count, ref_table_count (t));
  expect_count (run, "live size in bytes", info->live_size_bytes, bytes);

  g_assert_cmpuint (info->indexes != NULL ? info->indexes->len : 0, ==, t->n_indexes);
  for (guint i = 0; i < t->n_indexes; i++)
    {
      const DdbIndexInfo *index = &g_array_index (info->indexes, DdbIndexInfo, i);
      g_autoptr(GArray) entries = ref_index_entries (t, &t->indexes[i], NULL);
      g_autofree char *count_what = g_strdup_printf ("index %s live item count", index->name);
      g_autofree char *size_what = g_strdup_printf ("index %s live size in bytes", index->name);

      g_assert_cmpstr (index->name, ==, t->indexes[i].name);
      g_assert_cmpuint (index->partition_count, ==, 1);
      bytes = 0;
      for (guint k = 0; k < entries->len; k++)
        bytes += ddb_item_size (g_array_index (entries, RefEntry, k).entry);
      expect_count (run, count_what, index->live_item_count, entries->len);
      expect_count (run, size_what, index->live_size_bytes, bytes);
    }
}

/**
 * op_check_indexes:
 *
 * The invariant, for every index of @t: a full Query of each index partition key value,
 * one more with a sort key condition, and a full Scan; the reads a GSI refuses.  Then the
 * table's counts.
 */
void
op_check_indexes (Run      *run,
                  RefTable *t)
{
  for (guint i = 0; i < t->n_indexes; i++)
    {
      const RefIndex *index = &t->indexes[i];
      guint n_values;
      DdbValue *const *values = ref_index_partitions (t, index, &n_values);

      for (guint v = 0; v < n_values; v++)
        query_index (run, t, index, values[v], FALSE);
      if (index->sk_name != NULL)
        query_index (run, t, index, values[pick (run->rand, n_values)], TRUE);
      scan_index (run, t, index);
      if (index->global)
        check_global_refusals (run, t, index);
    }

  check_table_counts (run, t);
  run->stats.index_checks++;
}
