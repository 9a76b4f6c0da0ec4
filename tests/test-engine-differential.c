/* test-engine-differential.c
 *
 * A randomized differential test of the engine's item API.  Thousands of seeded random
 * PutItem, UpdateItem, DeleteItem, GetItem, Query, Scan, BatchWriteItem and
 * TransactWriteItems requests run against the engine and against a small reference model
 * (reference-model.h), and every response is compared: outcomes (OK, a failed condition,
 * a cancelled transaction), ReturnValues, items, pages (Items, Count, ScannedCount,
 * LastEvaluatedKey) and the consumed capacity, with every index's units as
 * ReturnConsumedCapacity INDEXES reports them.
 *
 * The reference is deliberately naive: a fixed grid of items per table (partition key
 * index x sort key index, NULL where there is no item), sort keys ordered once with their
 * own comparison, and the rulebook's capacity arithmetic (sections 2.2 and 2.3) written
 * out again.  It evaluates only the expressions this test generates, each kind
 * hard-coded.  It uses the model layer (values, item sizes) but nothing from engine/
 * except the API under test.
 *
 * Tables: diff_a has no secondary index (the plain write path); diff_b and diff_c have a
 * GSI on g (sometimes with a sort key), an LSI on l and sometimes a GSI on h, with the
 * projections drawn from the seed.  Items have g, h, l and x or not, and updates set and
 * remove them, so that index entries are added, moved, updated in place and removed.
 *
 * Scan order is the engine's hash order, which the reference does not reproduce: a scan
 * is checked page by page against the rules that do not depend on the order (each item is
 * one of the table's, returned once, the page stops exactly at Limit or 1 MB and then
 * carries the last key, capacity is the page's bytes rounded once), and over a full
 * pagination of every segment the union must be the table.  A filtered scan runs next
 * to the same unfiltered page, which tells exactly which items it read.
 *
 * The index invariant (differential-indexes.c): now and then, and at the end, querying
 * every partition of every index and scanning every index returns exactly what the
 * reference finds by projecting the table's items.
 *
 * The seed is printed; DDB_TEST_SEED=<seed> replays a run and DDB_DIFFERENTIAL_OPS sets
 * how many operations to run (default 5,000); DDB_DIFFERENTIAL_TRACE=1 logs every one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "differential.h"
#include "engine-fixture.h"

#define DEFAULT_OPS     5000

/* ---------------------------------------------------------------------------------------
 * The mismatch report
 * ------------------------------------------------------------------------------------- */

/* Fails the test, showing the seed, the operation and both responses. */
void
report_mismatch (Run        *run,
                 const char *where,
                 const char *engine_text,
                 const char *reference_text)
{
  g_test_message ("differential mismatch: seed %u, operation %u of %u\n"
                  "  operation: %s\n"
                  "  at:        %s\n"
                  "  engine:    %s\n"
                  "  reference: %s\n"
                  "  replay:    DDB_TEST_SEED=%u DDB_DIFFERENTIAL_OPS=%u "
                  "meson test -C build test-engine-differential --print-errorlogs",
                  run->seed, run->op, run->n_ops, run->what->str, where, engine_text,
                  reference_text, run->seed, run->op);
  g_assert_cmpstr (engine_text, ==, reference_text);
  /* The renderings hash long strings: should two of them collide, still fail. */
  g_assert_cmpstr (engine_text, !=, reference_text);
}

/* Reports a mismatch of two renderings, which it frees. */
static void
report_rendered (Run        *run,
                 const char *where,
                 char       *engine_text,
                 char       *reference_text)
{
  report_mismatch (run, where, engine_text, reference_text);
  g_free (engine_text);
  g_free (reference_text);
}

void
expect_single (Run          *run,
               const char   *where,
               const Single *engine,
               const Single *reference)
{
  if (!single_equal (engine, reference))
    report_rendered (run, where, render_single (engine), render_single (reference));
}

void
expect_page (Run        *run,
             const char *where,
             const Page *engine,
             const Page *reference)
{
  if (!page_equal (engine, reference))
    report_rendered (run, where, render_page (engine), render_page (reference));
}

void
expect_batch (Run         *run,
              const char  *where,
              const Batch *engine,
              const Batch *reference)
{
  if (!batch_equal (engine, reference))
    report_rendered (run, where, render_batch (engine), render_batch (reference));
}

void
describe_attributes (Run            *run,
                     const Exprs    *exprs,
                     const DdbValue *values)
{
  g_autofree char *shown = values != NULL ? render_item (values) : NULL;

  if (exprs->shown_names != NULL && exprs->shown_names->len > 0)
    g_string_append_printf (run->what, " ExpressionAttributeNames={%s}",
                            exprs->shown_names->str);
  if (shown != NULL)
    g_string_append_printf (run->what, " ExpressionAttributeValues=%s", shown);
}

void
trace (Run *run)
{
  if (run->trace)
    g_test_message ("op %u: %s", run->op, run->what->str);
}

/* ---------------------------------------------------------------------------------------
 * PutItem, UpdateItem, DeleteItem, GetItem
 * ------------------------------------------------------------------------------------- */

/* The members the three writes share. */
typedef struct
{
  const char             *condition;        /* ConditionExpression, NULL for none */
  DdbExpressionAttributes attributes;
  DdbReturnValues         return_values;
  gboolean                return_old;       /* ReturnValuesOnConditionCheckFailure ALL_OLD */
} WriteOptions;

/* Designated initializers of those members, for any of the three inputs. */
#define WRITE_OPTIONS_MEMBERS(options) \
  .condition_expression = (options)->condition, \
  .attributes = (options)->attributes, \
  .return_values = (options)->return_values, \
  .return_consumed_capacity = DDB_RETURN_CAPACITY_INDEXES, \
  .return_old_on_condition_failure = (options)->return_old

typedef enum
{
  WRITE_PUT,
  WRITE_UPDATE,
  WRITE_DELETE,
} WriteKind;

/* Fills in @options once the write's expressions are made: @condition (empty for none),
 * the attributes (ending @exprs into *@values), @return_values and a random choice of
 * ReturnValuesOnConditionCheckFailure.  Then ends the description of the write that
 * run->what begins, and traces it. */
static void
gen_write_options (Run             *run,
                   Exprs           *exprs,
                   DdbValue       **values,
                   const GString   *condition,
                   DdbReturnValues  return_values,
                   WriteOptions    *options)
{
  options->condition = condition->len > 0 ? condition->str : NULL;
  options->attributes = exprs_finish (exprs, values);
  options->return_values = return_values;
  options->return_old = chance (run->rand, 50);

  g_string_append_printf (run->what, " ConditionExpression=%s",
                          options->condition != NULL ? options->condition : "(none)");
  describe_attributes (run, exprs, *values);
  g_string_append_printf (run->what, " ReturnValues=%s ReturnValuesOnConditionCheckFailure=%s",
                          return_values_name (options->return_values),
                          options->return_old ? "ALL_OLD" : "NONE");
  trace (run);
}

/* Runs a write on the engine: @values is the item of a put, the key of the others.  Its
 * response goes into @engine. */
static void
engine_write (Run                *run,
              WriteKind           kind,
              const char         *table_name,
              DdbValue           *values,
              const char         *update,
              const WriteOptions *options,
              Single             *engine)
{
  DdbWriteResult result = { 0 };
  DdbOutcome outcome;
  g_autoptr(GError) error = NULL;

  switch (kind)
    {
    case WRITE_PUT:
      {
        const DdbPutItemInput input = {
          WRITE_OPTIONS_MEMBERS (options), .table_name = table_name, .item = values,
        };

        outcome = ddb_engine_put_item (run->engine, &input, &result, &error);
      }
      break;
    case WRITE_UPDATE:
      {
        const DdbUpdateItemInput input = {
          WRITE_OPTIONS_MEMBERS (options), .table_name = table_name, .key = values,
          .update_expression = update,
        };

        outcome = ddb_engine_update_item (run->engine, &input, &result, &error);
      }
      break;
    case WRITE_DELETE:
    default:
      {
        const DdbDeleteItemInput input = {
          WRITE_OPTIONS_MEMBERS (options), .table_name = table_name, .key = values,
        };

        outcome = ddb_engine_delete_item (run->engine, &input, &result, &error);
      }
      break;
    }

  single_from_write (engine, outcome, &result, error);
}

/* The reference's outcome of a write whose condition @pred is judged on @old: OK, or
 * CONDITION_FAILED, with @old as the response's item when @return_old asks for it.
 * Returns whether the condition held. */
static gboolean
ref_condition (Run            *run,
               Single         *reference,
               const Pred     *pred,
               const DdbValue *old,
               gboolean        return_old)
{
  if (pred_holds (pred, old))
    {
      reference->outcome = DDB_OUTCOME_OK;
      run->stats.conditions_held += pred->kind != PRED_NONE;
      return TRUE;
    }

  reference->outcome = DDB_OUTCOME_CONDITION_FAILED;
  if (return_old && old != NULL)
    reference->value = ddb_value_ref ((DdbValue *)old);
  run->stats.condition_failures++;

  return FALSE;
}

void
op_put (Run      *run,
        RefTable *t,
        guint     p,
        guint     s,
        gboolean  bulk,
        gsize     exact_size)
{
  g_auto(Exprs) exprs = { 0 };
  g_auto(Pred) pred = { PRED_NONE };
  g_auto(Single) engine = { 0 };
  g_auto(Single) reference = { 0 };
  g_autoptr(DdbValue) item = gen_item (run->rand, t, p, s, bulk, exact_size);
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autofree char *shown = NULL;
  WriteOptions options;
  const DdbValue *old = t->items[p][s];
  gsize size = ddb_item_size (item);

  g_assert_true (exact_size == 0 || size == exact_size);
  if (!bulk)
    gen_condition (run->rand, t, old, &exprs, &pred, condition);

  shown = render_item (item);
  g_string_printf (run->what, "PutItem %s Item=%s (%" G_GSIZE_FORMAT " bytes)", t->name, shown,
                   size);
  gen_write_options (run, &exprs, &values, condition,
                     chance (run->rand, 50) ? DDB_RETURN_VALUES_ALL_OLD : DDB_RETURN_VALUES_NONE,
                     &options);
  engine_write (run, WRITE_PUT, t->name, item, NULL, &options, &engine);

  capacity_init (&reference.consumed, t->name);
  if (ref_condition (run, &reference, &pred, old, options.return_old))
    {
      ref_write_capacity (t, old, item, FALSE, &reference.consumed, &run->stats.index_changes);
      if (options.return_values == DDB_RETURN_VALUES_ALL_OLD && old != NULL)
        reference.value = ddb_value_ref ((DdbValue *)old);
    }
  else
    reference.consumed.write_units = old != NULL ? ref_write_units (size) : 1;

  expect_single (run, "PutItem response", &engine, &reference);
  if (reference.outcome == DDB_OUTCOME_OK)
    ref_store (t, p, s, item);
  run->stats.puts++;
}

void
op_update (Run      *run,
           RefTable *t,
           guint     p,
           guint     s)
{
  static const DdbReturnValues return_values[] = {
    DDB_RETURN_VALUES_NONE, DDB_RETURN_VALUES_ALL_OLD, DDB_RETURN_VALUES_UPDATED_OLD,
    DDB_RETURN_VALUES_ALL_NEW, DDB_RETURN_VALUES_UPDATED_NEW,
  };
  g_auto(Exprs) exprs = { 0 };
  g_auto(Pred) pred = { PRED_NONE };
  g_auto(Single) engine = { 0 };
  g_auto(Single) reference = { 0 };
  g_auto(Update) change = { 0 };
  g_autoptr(DdbValue) key = ref_key (t, p, s);
  g_autoptr(DdbValue) new_item = NULL;
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) update = g_string_new (NULL);
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autofree char *shown_key = NULL;
  WriteOptions options;
  const DdbValue *old = t->items[p][s];

  gen_update (run->rand, t, old, FALSE, &exprs, update, &change);
  new_item = ref_apply_update (old != NULL ? old : key, &change);
  /* Which of a false condition and an update that cannot apply wins is another corner:
   * an update that cannot apply comes without a condition. */
  if (new_item != NULL)
    gen_condition (run->rand, t, old, &exprs, &pred, condition);

  shown_key = render_item (key);
  g_string_printf (run->what, "UpdateItem %s Key=%s UpdateExpression=%s", t->name, shown_key,
                   update->str);
  gen_write_options (run, &exprs, &values, condition,
                     return_values[pick (run->rand, G_N_ELEMENTS (return_values))], &options);
  engine_write (run, WRITE_UPDATE, t->name, key, update->str, &options, &engine);

  if (new_item == NULL)
    {
      reference.outcome = DDB_OUTCOME_ERROR;
      reference.error_message = error_text (DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                                            "The provided expression refers to an attribute "
                                            "that does not exist in the item");
      run->stats.expected_errors++;
    }
  else
    {
      capacity_init (&reference.consumed, t->name);
      if (ref_condition (run, &reference, &pred, old, options.return_old))
        {
          ref_write_capacity (t, old, new_item, FALSE, &reference.consumed,
                              &run->stats.index_changes);
          reference.value = ref_update_attributes (options.return_values, old, new_item,
                                                   change.name);
        }
      else
        /* A failed condition consumes the size of the item the update would have made. */
        reference.consumed.write_units = old != NULL ? ref_write_units (ddb_item_size (new_item))
                                                     : 1;
    }

  expect_single (run, "UpdateItem response", &engine, &reference);
  if (reference.outcome == DDB_OUTCOME_OK)
    ref_store (t, p, s, new_item);
  run->stats.updates++;
}

void
op_delete (Run      *run,
           RefTable *t,
           guint     p,
           guint     s)
{
  g_auto(Exprs) exprs = { 0 };
  g_auto(Pred) pred = { PRED_NONE };
  g_auto(Single) engine = { 0 };
  g_auto(Single) reference = { 0 };
  g_autoptr(DdbValue) key = ref_key (t, p, s);
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autofree char *shown_key = NULL;
  WriteOptions options;
  const DdbValue *old = t->items[p][s];

  gen_condition (run->rand, t, old, &exprs, &pred, condition);

  shown_key = render_item (key);
  g_string_printf (run->what, "DeleteItem %s Key=%s", t->name, shown_key);
  gen_write_options (run, &exprs, &values, condition,
                     chance (run->rand, 50) ? DDB_RETURN_VALUES_ALL_OLD : DDB_RETURN_VALUES_NONE,
                     &options);
  engine_write (run, WRITE_DELETE, t->name, key, NULL, &options, &engine);

  /* Deleting, or failing to, costs the existing item's size, or 1 when there is none. */
  capacity_init (&reference.consumed, t->name);
  if (!ref_condition (run, &reference, &pred, old, options.return_old))
    reference.consumed.write_units = old != NULL ? ref_write_units (ddb_item_size (old)) : 1;
  else
    {
      ref_write_capacity (t, old, NULL, FALSE, &reference.consumed, &run->stats.index_changes);
      if (options.return_values == DDB_RETURN_VALUES_ALL_OLD && old != NULL)
        reference.value = ddb_value_ref ((DdbValue *)old);
    }

  expect_single (run, "DeleteItem response", &engine, &reference);
  if (reference.outcome == DDB_OUTCOME_OK)
    ref_store (t, p, s, NULL);
  run->stats.deletes++;
}

static void
op_get (Run      *run,
        RefTable *t,
        guint     p,
        guint     s)
{
  g_auto(Single) engine = { 0 };
  g_auto(Single) reference = { 0 };
  g_autoptr(DdbValue) key = ref_key (t, p, s);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown_key = render_item (key);
  DdbGetItemInput input = { 0 };
  DdbGetResult result = { 0 };
  const DdbValue *old = t->items[p][s];

  input.table_name = t->name;
  input.key = key;
  input.consistent_read = chance (run->rand, 50);
  input.return_consumed_capacity = DDB_RETURN_CAPACITY_INDEXES;

  g_string_printf (run->what, "GetItem %s Key=%s ConsistentRead=%s", t->name, shown_key,
                   input.consistent_read ? "true" : "false");
  trace (run);

  engine.outcome = ddb_engine_get_item (run->engine, &input, &result, &error);
  capacity_copy (&engine.consumed, &result.consumed);
  engine.value = g_steal_pointer (&result.item);
  engine.error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                       : NULL;
  ddb_get_result_clear (&result);

  reference.outcome = DDB_OUTCOME_OK;
  capacity_init (&reference.consumed, t->name);
  reference.consumed.read_units = ref_read_units (old != NULL ? ddb_item_size (old) : 0,
                                                  input.consistent_read);
  reference.value = old != NULL ? ddb_value_ref ((DdbValue *)old) : NULL;

  expect_single (run, "GetItem response", &engine, &reference);
  run->stats.gets++;
}

/* ---------------------------------------------------------------------------------------
 * The run
 * ------------------------------------------------------------------------------------- */

/* Starts a bulk fill: 40 to 46 items of 28 to 32 KB into one item collection, more than
 * 1 MB, so that Query and Scan pages stop on the 1 MB limit. */
static void
start_fill (Run *run)
{
  guint n = (guint)pick_between (run->rand, 40, 46);

  run->fill_table = pick (run->rand, N_TABLES);
  run->fill_pk = pick (run->rand, N_PK);
  for (guint s = 0; s < N_SK; s++)
    run->fill_sk[s] = s;
  for (guint s = N_SK - 1; s > 0; s--)
    {
      guint other = pick (run->rand, s + 1);
      guint swap = run->fill_sk[s];

      run->fill_sk[s] = run->fill_sk[other];
      run->fill_sk[other] = swap;
    }
  run->fill_left = n;
  run->stats.fills++;
}

/* Plans the last put of a fill so that a query of the whole collection reads exactly
 * 1,048,576 bytes when it reaches that item: picks its sort key (*@s), its size and the
 * query's direction.  Leaves them alone when no sort key allows it. */
static void
plan_exact_megabyte (Run      *run,
                     guint    *s,
                     gsize    *exact_size,
                     gboolean *forward)
{
  const RefTable *t = &run->tables[run->fill_table];
  guint first = pick (run->rand, N_SK);

  for (guint i = 0; i < 2 * N_SK; i++)
    {
      gboolean ascending = i < N_SK;
      guint k = (first + i) % N_SK;
      gsize before = 0;

      /* The bytes a query in this direction reads before reaching sort key order[k]. */
      for (guint j = 0; j < N_SK; j++)
        if ((ascending ? j < k : j > k) && t->items[run->fill_pk][t->order[j]] != NULL)
          before += ddb_item_size (t->items[run->fill_pk][t->order[j]]);

      /* Well under 400 KB, so that no later update takes it past the item size limit. */
      if (before < PAGE_MAX_BYTES && PAGE_MAX_BYTES - before >= 8192 &&
          PAGE_MAX_BYTES - before <= 256 * 1024)
        {
          *s = t->order[k];
          *exact_size = PAGE_MAX_BYTES - before;
          *forward = ascending;
          return;
        }
    }
}

static void
run_operation (Run *run)
{
  RefTable *t;
  guint roll;
  guint p;
  guint s;

  if (run->probe_pending)
    {
      /* Read back the filled collection, and the indexes its items went into. */
      run->probe_pending = FALSE;
      op_query (run, NULL, TRUE);
      op_check_indexes (run, &run->tables[run->fill_table]);
      return;
    }

  if (run->fill_left == 0 && pick (run->rand, 1000) < 3)
    start_fill (run);
  if (run->fill_left > 0)
    {
      gsize exact_size = 0;

      run->fill_left--;
      s = run->fill_sk[run->fill_left];
      run->probe_forward = chance (run->rand, 50);
      if (run->fill_left == 0)
        plan_exact_megabyte (run, &s, &exact_size, &run->probe_forward);
      op_put (run, &run->tables[run->fill_table], run->fill_pk, s, TRUE, exact_size);
      run->probe_pending = run->fill_left == 0;
      return;
    }

  /* Evaluate the random choices in a fixed order, so that a seed replays anywhere. */
  t = &run->tables[pick (run->rand, N_TABLES)];
  roll = pick (run->rand, 1000);
  p = pick (run->rand, N_PK);
  s = gen_sk (run->rand);

  if (roll < 220)
    op_put (run, t, p, s, FALSE, 0);
  else if (roll < 440)
    op_update (run, t, p, s);
  else if (roll < 550)
    op_delete (run, t, p, s);
  else if (roll < 700)
    op_get (run, t, p, s);
  else if (roll < 860)
    op_query (run, t, FALSE);
  else if (roll < 930)
    op_scan (run, t);
  else if (roll < 955)
    op_batch_write (run);
  else if (roll < 985)
    op_transact_write (run);
  else
    /* The index invariant, on a table that has indexes. */
    op_check_indexes (run, t->n_indexes > 0 ? t
                                            : &run->tables[1 + pick (run->rand, N_TABLES - 1)]);
}

/* The values of the index key attributes: one type per attribute and table. */
static void
attributes_init (Run      *run,
                 RefTable *t)
{
  static const char *const names[N_ATTRIBUTES] = { "g", "h", "l" };
  static const char *const strings[N_KEY_VALUES] = { "ab", "abc", "b", "b1", "\xc3\xa9t\xc3\xa9" };
  static const char *const numbers[N_KEY_VALUES] = { "-2.5", "0", "1", "10", "1e10" };

  for (RefAttributeId a = 0; a < N_ATTRIBUTES; a++)
    {
      RefAttribute *attribute = &t->attributes[a];

      attribute->name = names[a];
      attribute->kind = chance (run->rand, 50) ? DDB_KIND_S : DDB_KIND_N;
      for (guint v = 0; v < N_KEY_VALUES; v++)
        attribute->values[v] = attribute->kind == DDB_KIND_S
                               ? ddb_value_new_string (strings[v], -1)
                               : parse_number (numbers[v]);
    }
}

static RefIndex *
add_index (RefTable   *t,
           const char *name,
           gboolean    global,
           const char *pk_name,
           const char *sk_name)
{
  g_assert_cmpuint (t->n_indexes, <, MAX_INDEXES);
  t->indexes[t->n_indexes] = (RefIndex) { g_strdup (name), global, pk_name, sk_name };

  return &t->indexes[t->n_indexes++];
}

/* The indexes of an indexed table: a GSI on g, with no sort key, h or the table's sort
 * key; an LSI on l; and a GSI on h, always in the table whose LSI projects everything
 * (@all_local), sometimes in the other.
 *
 * Projections: each indexed table has one index that projects ALL, its LSI or its GSI on
 * g; the others project KEYS_ONLY or INCLUDE (x, with n or a sometimes), and the two GSIs
 * of the @all_local table one each.  So every run has a GSI of each projection, an LSI
 * that projects everything and one that does not (an ALL_ATTRIBUTES read of it fetches
 * the base items), and an ALL index in each table, whose pages reach 1 MB after a bulk
 * fill. */
static void
indexes_init (Run      *run,
              RefTable *t,
              gboolean  all_local)
{
  static const char *const include_x[] = { "x", NULL };
  static const char *const include_xn[] = { "x", "n", NULL };
  static const char *const include_ax[] = { "a", "x", NULL };
  static const char *const *const includes[] = { include_x, include_xn, include_ax };
  const char *const g_sort[] = { NULL, "h", t->sk_name };
  DdbProjectionType first = chance (run->rand, 50) ? DDB_PROJECTION_KEYS_ONLY
                                                   : DDB_PROJECTION_INCLUDE;
  DdbProjectionType second = first == DDB_PROJECTION_KEYS_ONLY ? DDB_PROJECTION_INCLUDE
                                                               : DDB_PROJECTION_KEYS_ONLY;
  RefIndex *by_g = add_index (t, "by_g", TRUE, "g", g_sort[pick (run->rand, 3)]);
  RefIndex *by_l = add_index (t, "by_l", FALSE, t->pk_name, "l");
  RefIndex *by_h = all_local || chance (run->rand, 50)
                   ? add_index (t, "by_h", TRUE, "h", NULL) : NULL;

  by_l->projection = all_local ? DDB_PROJECTION_ALL : first;
  by_g->projection = all_local ? first : DDB_PROJECTION_ALL;
  if (by_h != NULL)
    by_h->projection = second;

  for (guint i = 0; i < t->n_indexes; i++)
    if (t->indexes[i].projection == DDB_PROJECTION_INCLUDE)
      t->indexes[i].include = includes[pick (run->rand, G_N_ELEMENTS (includes))];
}

/* Creates @t in the engine, with its indexes.  One partition for the table and for each
 * GSI (5 RCU / 5 WCU each), which the Scan capacity reference relies on. */
static void
create_ref_table (Run            *run,
                  const RefTable *t)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new (t->name);
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  ddb_table_spec_add_attribute (spec, t->pk_name, t->string_sort ? DDB_KIND_N : DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, t->sk_name, t->string_sort ? DDB_KIND_S : DDB_KIND_N);
  for (guint a = 0; a < N_ATTRIBUTES; a++)
    for (guint i = 0; i < t->n_indexes; i++)
      if (g_strcmp0 (t->indexes[i].pk_name, t->attributes[a].name) == 0 ||
          g_strcmp0 (t->indexes[i].sk_name, t->attributes[a].name) == 0)
        {
          ddb_table_spec_add_attribute (spec, t->attributes[a].name, t->attributes[a].kind);
          break;
        }
  spec->key.partition_key = g_strdup (t->pk_name);
  spec->key.sort_key = g_strdup (t->sk_name);
  spec->throughput = (DdbThroughput) { 5, 5, -1, -1 };

  for (guint i = 0; i < t->n_indexes; i++)
    {
      const RefIndex *ref = &t->indexes[i];
      DdbIndexSpec *index = ddb_table_spec_add_index (spec, ref->name, ref->global);

      index->key.partition_key = g_strdup (ref->pk_name);
      index->key.sort_key = g_strdup (ref->sk_name);
      index->projection = ref->projection;
      if (ref->projection == DDB_PROJECTION_INCLUDE)
        index->non_key_attributes = g_strdupv ((GStrv)ref->include);
      if (ref->global)
        index->throughput = (DdbThroughput) { 5, 5, -1, -1 };
    }

  info = ddb_engine_create_table (run->engine, spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->indexes != NULL ? info->indexes->len : 0, ==, t->n_indexes);
}

/* "diff_a" (no index) and "diff_c": S partition key, N sort key; "diff_b": N partition key,
 * S sort key. */
static void
tables_init (Run *run)
{
  static const char *const pk_strings[N_PK] = { "alpha", "beta", "gamma", "\xce\xb4" "elta" };
  static const char *const pk_numbers[N_PK] = { "-7", "0", "3.5", "1e30" };
  static const char *const special_numbers[N_SK / 4] = {
    "-1e20", "-98765432109876543210987654321098765.4", "-1000", "-7.5", "-0.001", "0.001",
    "1", "1.5", "10", "99.99", "1e20", "98765432109876543210987654321098765.4",
  };
  static const char *const prefixes[6] = { "a", "ab", "b", "B", "\xc3\xa9", "z" };
  static const char *const suffixes[N_SK / 6] = { "", "1", "10", "2", "-x", "~", "a",
                                                  "\xc3\xa9" };
  guint local_all = pick (run->rand, 2);       /* which indexed table's LSI projects ALL */

  run->tables[0] = (RefTable) { .name = "diff_a", .pk_name = "pk", .sk_name = "sk" };
  run->tables[1] = (RefTable) { .name = "diff_b", .pk_name = "hk", .sk_name = "rk",
                                .string_sort = TRUE };
  run->tables[2] = (RefTable) { .name = "diff_c", .pk_name = "pk", .sk_name = "sk" };

  for (guint i = 0; i < N_TABLES; i++)
    {
      RefTable *t = &run->tables[i];

      for (guint p = 0; p < N_PK; p++)
        t->pk[p] = t->string_sort ? parse_number (pk_numbers[p])
                                  : ddb_value_new_string (pk_strings[p], -1);
      for (guint s = 0; s < N_SK; s++)
        {
          g_autofree char *number = g_strdup_printf ("%d%s", ((gint)s - 30) * 3,
                                                     s % 3 == 0 ? ".25" : "");
          g_autofree char *string = g_strconcat (prefixes[s % 6], suffixes[s / 6], NULL);

          t->sk[s] = t->string_sort ? ddb_value_new_string (string, -1)
                                    : parse_number (s % 4 == 0 ? special_numbers[s / 4]
                                                               : number);
        }
      ref_sort_order_init (t);
      attributes_init (run, t);
      if (i > 0)
        indexes_init (run, t, i == 1 + local_all);
    }

  for (guint i = 0; i < N_TABLES; i++)
    create_ref_table (run, &run->tables[i]);
}

static void
test_random_operations (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  const char *seed_text = g_getenv ("DDB_TEST_SEED");
  const char *ops_text = g_getenv ("DDB_DIFFERENTIAL_OPS");
  Run run = { 0 };
  Stats *stats = &run.stats;
  gint64 started = g_get_monotonic_time ();

  g_test_summary ("Random item requests, batches and transactions give the same responses "
                  "from the engine and from a small in-memory reference model: items, pages, "
                  "conditions, return values and consumed capacity, with every index's; and "
                  "every index holds exactly the projection of the table's items");

  run.engine = fixture->engine;
  run.seed = seed_text != NULL ? (guint32)g_ascii_strtoull (seed_text, NULL, 10)
                               : (guint32)g_test_rand_int ();
  run.n_ops = ops_text != NULL ? (guint)g_ascii_strtoull (ops_text, NULL, 10) : DEFAULT_OPS;
  run.trace = g_strcmp0 (g_getenv ("DDB_DIFFERENTIAL_TRACE"), "1") == 0;
  run.rand = g_rand_new_with_seed (run.seed);
  run.what = g_string_new (NULL);
  g_test_message ("seed %u, %u operations; replay with DDB_TEST_SEED=%u", run.seed, run.n_ops,
                  run.seed);

  tables_init (&run);
  for (guint i = 0; i < N_TABLES; i++)
    check_table_counts (&run, &run.tables[i]);

  for (run.op = 1; run.op <= run.n_ops; run.op++)
    run_operation (&run);

  /* At the end, the invariant on every table (counted as part of the last operation, so
   * that the replay line replays it). */
  run.op = run.n_ops;
  for (guint i = 0; i < N_TABLES; i++)
    op_check_indexes (&run, &run.tables[i]);

  g_test_message ("%u operations in %.1f s: %" G_GINT64_FORMAT " puts (%" G_GINT64_FORMAT
                  " fills), %" G_GINT64_FORMAT " updates, %" G_GINT64_FORMAT " deletes, %"
                  G_GINT64_FORMAT " gets, %" G_GINT64_FORMAT " conditions held, %"
                  G_GINT64_FORMAT " failed, %" G_GINT64_FORMAT " expected errors, %"
                  G_GINT64_FORMAT " writes between two pages of a query",
                  run.n_ops, (g_get_monotonic_time () - started) / 1e6, stats->puts,
                  stats->fills, stats->updates, stats->deletes, stats->gets,
                  stats->conditions_held, stats->condition_failures, stats->expected_errors,
                  stats->writes_between_pages);
  g_test_message ("%" G_GINT64_FORMAT " queries (%" G_GINT64_FORMAT " pages, %" G_GINT64_FORMAT
                  " stopped by Limit, %" G_GINT64_FORMAT " by 1 MB, %" G_GINT64_FORMAT
                  " of them exactly), %" G_GINT64_FORMAT
                  " scans (%" G_GINT64_FORMAT " filtered, %" G_GINT64_FORMAT " segmented; %"
                  G_GINT64_FORMAT " pages, %" G_GINT64_FORMAT " stopped by Limit, %"
                  G_GINT64_FORMAT " by 1 MB)", stats->queries, stats->query_pages,
                  stats->query_limit_stops, stats->query_megabyte_stops,
                  stats->query_exact_megabyte_stops, stats->scans,
                  stats->filtered_scans, stats->segmented_scans, stats->scan_pages,
                  stats->scan_limit_stops, stats->scan_megabyte_stops);
  g_test_message ("index entries: %" G_GINT64_FORMAT " added, %" G_GINT64_FORMAT " removed, %"
                  G_GINT64_FORMAT " moved, %" G_GINT64_FORMAT " updated in place, %"
                  G_GINT64_FORMAT " unchanged; %" G_GINT64_FORMAT " index checks: %"
                  G_GINT64_FORMAT " queries (%" G_GINT64_FORMAT " pages, %" G_GINT64_FORMAT
                  " ties), %" G_GINT64_FORMAT " scan pages, %" G_GINT64_FORMAT
                  " stopped by Limit, %" G_GINT64_FORMAT " by 1 MB, %" G_GINT64_FORMAT
                  " base items fetched, %" G_GINT64_FORMAT " COUNT pages",
                  stats->index_changes.added, stats->index_changes.removed,
                  stats->index_changes.moved, stats->index_changes.updated,
                  stats->index_changes.unchanged, stats->index_checks, stats->index_queries,
                  stats->index_query_pages, stats->index_ties, stats->index_scan_pages,
                  stats->index_limit_stops, stats->index_megabyte_stops, stats->base_fetches,
                  stats->count_pages);
  g_test_message ("%" G_GINT64_FORMAT " batches (%" G_GINT64_FORMAT " requests, %"
                  G_GINT64_FORMAT " refused), %" G_GINT64_FORMAT " transactions (%"
                  G_GINT64_FORMAT " actions, %" G_GINT64_FORMAT " cancelled)", stats->batches,
                  stats->batch_requests, stats->batch_refused, stats->transactions,
                  stats->transact_actions, stats->transactions_cancelled);

  /* A full-length run must have reached every path it exists to compare. */
  if (run.n_ops >= DEFAULT_OPS)
    {
      g_assert_cmpint (stats->conditions_held, >, 0);
      g_assert_cmpint (stats->condition_failures, >, 0);
      g_assert_cmpint (stats->expected_errors, >, 0);
      g_assert_cmpint (stats->query_limit_stops, >, 0);
      g_assert_cmpint (stats->query_megabyte_stops, >, 0);
      g_assert_cmpint (stats->query_exact_megabyte_stops, >, 0);
      g_assert_cmpint (stats->scan_limit_stops, >, 0);
      g_assert_cmpint (stats->filtered_scans, >, 0);
      g_assert_cmpint (stats->segmented_scans, >, 0);
      g_assert_cmpint (stats->index_changes.added, >, 0);
      g_assert_cmpint (stats->index_changes.removed, >, 0);
      g_assert_cmpint (stats->index_changes.moved, >, 0);
      g_assert_cmpint (stats->index_changes.updated, >, 0);
      g_assert_cmpint (stats->index_changes.unchanged, >, 0);
      g_assert_cmpint (stats->index_ties, >, 0);
      g_assert_cmpint (stats->index_limit_stops, >, 0);
      g_assert_cmpint (stats->index_megabyte_stops, >, 0);
      g_assert_cmpint (stats->base_fetches, >, 0);
      g_assert_cmpint (stats->transactions_cancelled, >, 0);
      g_assert_cmpint (stats->transactions_cancelled, <, stats->transactions);
    }

  for (guint i = 0; i < N_TABLES; i++)
    ref_table_clear (&run.tables[i]);
  g_string_free (run.what, TRUE);
  g_rand_free (run.rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ddb/engine/differential/random-operations", EngineFixture, NULL,
              engine_fixture_set_up, test_random_operations, engine_fixture_tear_down);

  return g_test_run ();
}
