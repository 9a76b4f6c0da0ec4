/* differential-reads.c
 *
 * Query and Scan of tables in the differential test.
 *
 * A Query reads one item collection, with a random sort key condition, filter, Limit,
 * direction and consistency, and is compared page by page with the reference's page
 * (reference-model.c); now and then the collection changes between two pages.  A Scan is
 * checked page by page against the rules that do not depend on the engine's hash order
 * (see test-engine-differential.c), and a filtered page against the same page unfiltered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "differential.h"

/* Runs one Query or Scan page on the engine; a request error is a mismatch. */
void
engine_read (Run                *run,
             gboolean            query,
             const DdbReadInput *input,
             const char         *where,
             Page               *page)
{
  g_autoptr(GError) error = NULL;
  DdbReadResult result = { 0 };
  DdbOutcome outcome;

  outcome = query ? ddb_engine_query (run->engine, input, &result, &error)
                  : ddb_engine_scan (run->engine, input, &result, &error);
  if (outcome != DDB_OUTCOME_OK)
    {
      g_autofree char *text = g_strdup_printf ("outcome=%s error=%s", outcome_name (outcome),
                                               error != NULL ? error->message : "(none)");

      report_mismatch (run, where, text, "outcome=OK");
    }

  page->items = g_steal_pointer (&result.items);
  page->count = result.count;
  page->scanned_count = result.scanned_count;
  page->last_key = g_steal_pointer (&result.last_evaluated_key);
  capacity_copy (&page->consumed, &result.consumed);
  ddb_read_result_clear (&result);
  g_assert_nonnull (page->items);
}

/* ---------------------------------------------------------------------------------------
 * Query
 * ------------------------------------------------------------------------------------- */

void
op_query (Run      *run,
          RefTable *t,
          gboolean  probe)
{
  g_auto(QuerySpec) spec = { 0 };
  g_auto(Exprs) exprs = { 0 };
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(DdbValue) engine_start = NULL;
  g_autoptr(DdbValue) reference_start = NULL;
  g_autoptr(GString) key_condition = g_string_new (NULL);
  g_autoptr(GString) filter = g_string_new (NULL);
  g_autofree char *shown_pk = NULL;
  DdbExpressionAttributes attributes;
  const char *sk_name;
  guint p;

  if (probe)
    {
      /* Read back a collection a bulk fill has just grown past 1 MB. */
      t = &run->tables[run->fill_table];
      p = run->fill_pk;
    }
  else
    p = pick (run->rand, N_PK);
  sk_name = t->sk_name;
  spec.forward = probe ? run->probe_forward : chance (run->rand, 50);

  if (chance (run->rand, 30))
    {
      exprs_name (&exprs, "#p", t->pk_name);
      g_string_append (key_condition, "#p = :p");
    }
  else
    g_string_append_printf (key_condition, "%s = :p", t->pk_name);
  exprs_value_take (&exprs, ":p", ddb_value_ref (t->pk[p]));

  spec.sort = probe ? SORT_NONE : (SortKind)pick (run->rand, t->string_sort ? 8 : 7);
  if (spec.sort != SORT_NONE && chance (run->rand, 30))
    {
      exprs_name (&exprs, "#s", t->sk_name);
      sk_name = "#s";
    }
  if (spec.sort != SORT_NONE)
    {
      spec.first = gen_sort_operand (run->rand, t->sk, N_SK, t->string_sort, -60, 60);
      if (spec.sort == SORT_BETWEEN)
        spec.second = gen_sort_operand (run->rand, t->sk, N_SK, t->string_sort, -60, 60);
      append_sort_condition (&spec, sk_name, &exprs, key_condition);
    }

  if (!probe && chance (run->rand, 50))
    spec.limit = gen_limit (run->rand, 8, 60);
  spec.consistent = chance (run->rand, 50);
  if (!probe && chance (run->rand, 35))
    gen_filter (run->rand, &exprs, &spec.filter, filter);
  attributes = exprs_finish (&exprs, &values);

  g_string_printf (run->what, "Query %s KeyConditionExpression=%s FilterExpression=%s",
                   t->name, key_condition->str, filter->len > 0 ? filter->str : "(none)");
  describe_attributes (run, &exprs, values);
  g_string_append_printf (run->what, " Limit=%" G_GINT64_FORMAT " ScanIndexForward=%s "
                          "ConsistentRead=%s", spec.limit, spec.forward ? "true" : "false",
                          spec.consistent ? "true" : "false");
  trace (run);

  for (guint page_number = 1;; page_number++)
    {
      g_auto(Page) engine = { 0 };
      g_auto(Page) reference = { 0 };
      g_autofree char *shown_start = render_item (engine_start);
      g_autofree char *where = g_strdup_printf ("Query page %u (ExclusiveStartKey=%s)",
                                                page_number, shown_start);
      DdbReadInput input;
      gsize bytes;
      Stop stop;

      ddb_read_input_init (&input);
      input.table_name = t->name;
      input.key_condition_expression = key_condition->str;
      input.filter_expression = filter->len > 0 ? filter->str : NULL;
      input.attributes = attributes;
      input.limit = spec.limit;
      input.exclusive_start_key = engine_start;
      input.scan_index_forward = spec.forward;
      input.consistent_read = spec.consistent;
      input.return_consumed_capacity = DDB_RETURN_CAPACITY_INDEXES;

      engine_read (run, TRUE, &input, where, &engine);
      stop = ref_query_page (t, p, &spec, reference_start, &reference, &bytes);
      expect_page (run, where, &engine, &reference);

      run->stats.query_pages++;
      run->stats.query_limit_stops += stop == STOP_LIMIT;
      run->stats.query_megabyte_stops += stop == STOP_MEGABYTE;
      run->stats.query_exact_megabyte_stops += stop == STOP_MEGABYTE && bytes == PAGE_MAX_BYTES;
      if (stop == STOP_END)
        break;

      g_clear_pointer (&engine_start, ddb_value_unref);
      g_clear_pointer (&reference_start, ddb_value_unref);
      engine_start = g_steal_pointer (&engine.last_key);
      reference_start = g_steal_pointer (&reference.last_key);
      g_assert_cmpuint (page_number, <, MAX_PAGES);

      /* Now and then the collection changes between two pages: the next page resumes
       * after the start key, whether or not its item still exists. */
      if (!probe && chance (run->rand, 10))
        {
          g_autofree char *query = g_strdup (run->what->str);
          guint kind = pick (run->rand, 3);
          guint s = gen_sk (run->rand);

          if (kind == 0)
            op_put (run, t, p, s, FALSE, 0);
          else if (kind == 1)
            op_update (run, t, p, s);
          else
            op_delete (run, t, p, s);
          g_string_prepend (run->what, " [between pages: ");
          g_string_prepend (run->what, query);
          g_string_append (run->what, "]");
          run->stats.writes_between_pages++;
        }
    }

  run->stats.queries++;
}

/* ---------------------------------------------------------------------------------------
 * Scan
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  Pred     filter;
  gint64   limit;
  gboolean consistent;
  gint     total_segments;
} ScanSpec;

static void
scan_spec_clear (ScanSpec *spec)
{
  pred_clear (&spec->filter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScanSpec, scan_spec_clear)

/* Checks an unfiltered Scan page without knowing the scan order: every item is one of
 * the table's, as the reference holds it, and not returned before; the page stops
 * exactly when Limit items or 1 MB have been read, and then carries the last item's key;
 * the capacity is the page's bytes rounded up once.  Marks the items in @seen. */
static Stop
check_scan_page (Run            *run,
                 const RefTable *t,
                 const ScanSpec *spec,
                 const Page     *engine,
                 gboolean        seen[N_PK][N_SK],
                 const char     *where)
{
  g_auto(Page) expected = { 0 };
  Stop stop = STOP_END;
  gsize bytes = 0;

  expected.items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  capacity_init (&expected.consumed, t->name);

  for (guint i = 0; i < engine->items->len && stop == STOP_END; i++)
    {
      const DdbValue *item = engine->items->pdata[i];
      g_autofree char *shown = NULL;
      guint p = 0;
      guint s = 0;

      if (!ref_locate (t, item, &p, &s) || t->items[p][s] == NULL || seen[p][s])
        {
          g_autofree char *text = NULL;

          shown = render_item (item);
          text = g_strdup_printf ("item %u of the page: %s", i, shown);
          report_mismatch (run, where, text,
                           "an item of the table that no page has returned before");
        }
      seen[p][s] = TRUE;

      bytes += ddb_item_size (t->items[p][s]);
      g_ptr_array_add (expected.items, ddb_value_ref (t->items[p][s]));
      stop = ref_page_stop (bytes, expected.items->len, spec->limit);
      if (stop != STOP_END)
        expected.last_key = ref_key (t, p, s);
    }

  expected.count = expected.items->len;
  expected.scanned_count = expected.items->len;
  expected.consumed.read_units = ref_read_units (bytes, spec->consistent);
  expect_page (run, where, engine, &expected);

  return stop;
}

/* A filtered page must be the unfiltered page of the same request, filtered. */
static void
check_filtered_page (Run            *run,
                     const ScanSpec *spec,
                     const Page     *all,
                     const Page     *engine,
                     const char     *where)
{
  g_auto(Page) expected = { 0 };

  expected.items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  for (guint i = 0; i < all->items->len; i++)
    if (pred_holds (&spec->filter, all->items->pdata[i]))
      g_ptr_array_add (expected.items, ddb_value_ref (all->items->pdata[i]));
  expected.count = expected.items->len;
  expected.scanned_count = all->scanned_count;
  expected.last_key = all->last_key != NULL ? ddb_value_ref (all->last_key) : NULL;
  capacity_assign (&expected.consumed, &all->consumed);

  expect_page (run, where, engine, &expected);
}

void
op_scan (Run      *run,
         RefTable *t)
{
  g_auto(ScanSpec) spec = { { PRED_NONE } };
  g_auto(Exprs) exprs = { 0 };
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) filter = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  DdbExpressionAttributes attributes;
  gboolean seen[N_PK][N_SK] = { { FALSE } };

  if (chance (run->rand, 50))
    spec.limit = gen_limit (run->rand, 10, 100);
  spec.consistent = chance (run->rand, 50);
  if (chance (run->rand, 35))
    gen_filter (run->rand, &exprs, &spec.filter, filter);
  spec.total_segments = chance (run->rand, 50) ? 0 : (gint)pick_between (run->rand, 1, 4);
  attributes = exprs_finish (&exprs, &values);

  g_string_printf (run->what, "Scan %s FilterExpression=%s", t->name,
                   filter->len > 0 ? filter->str : "(none)");
  describe_attributes (run, &exprs, values);
  g_string_append_printf (run->what, " Limit=%" G_GINT64_FORMAT " ConsistentRead=%s "
                          "TotalSegments=%d (a filtered page is checked against the same page "
                          "unfiltered)", spec.limit, spec.consistent ? "true" : "false",
                          spec.total_segments);
  trace (run);

  for (gint segment = 0; segment < MAX (spec.total_segments, 1); segment++)
    {
      g_autoptr(DdbValue) start = NULL;

      for (guint page_number = 1;; page_number++)
        {
          g_auto(Page) all = { 0 };
          g_autofree char *shown_start = render_item (start);
          g_autofree char *where = g_strdup_printf ("Scan segment %d, page %u "
                                                    "(ExclusiveStartKey=%s)", segment,
                                                    page_number, shown_start);
          DdbReadInput input;
          Stop stop;

          ddb_read_input_init (&input);
          input.table_name = t->name;
          input.limit = spec.limit;
          input.exclusive_start_key = start;
          input.consistent_read = spec.consistent;
          input.segment = segment;
          input.total_segments = spec.total_segments;
          input.return_consumed_capacity = DDB_RETURN_CAPACITY_INDEXES;

          engine_read (run, FALSE, &input, where, &all);
          stop = check_scan_page (run, t, &spec, &all, seen, where);

          if (spec.filter.kind != PRED_NONE)
            {
              g_auto(Page) filtered = { 0 };
              g_autofree char *filtered_where = g_strdup_printf ("%s, filtered", where);

              input.filter_expression = filter->str;
              input.attributes = attributes;
              engine_read (run, FALSE, &input, filtered_where, &filtered);
              check_filtered_page (run, &spec, &all, &filtered, filtered_where);
            }

          run->stats.scan_pages++;
          run->stats.scan_limit_stops += stop == STOP_LIMIT;
          run->stats.scan_megabyte_stops += stop == STOP_MEGABYTE;
          if (stop == STOP_END)
            break;

          g_clear_pointer (&start, ddb_value_unref);
          start = g_steal_pointer (&all.last_key);
          g_assert_cmpuint (page_number, <, MAX_PAGES);
        }
    }

  /* Every item of the table was returned by exactly one page of one segment. */
  for (guint p = 0; p < N_PK; p++)
    for (guint s = 0; s < N_SK; s++)
      if (t->items[p][s] != NULL && !seen[p][s])
        {
          g_autoptr(DdbValue) key = ref_key (t, p, s);
          g_autofree char *shown = render_item (key);

          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", shown);
        }
  if (missing->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("items no page returned: [%s]", missing->str);

      report_mismatch (run, "Scan: all segments paginated to the end", text,
                       "every item of the table, once");
    }

  run->stats.scans++;
  run->stats.filtered_scans += spec.filter.kind != PRED_NONE;
  run->stats.segmented_scans += spec.total_segments > 0;
}
