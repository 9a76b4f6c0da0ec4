/* test-engine-differential.c
 *
 * A randomized differential test of the engine's item API.  Thousands of seeded random
 * PutItem, UpdateItem, DeleteItem, GetItem, Query and Scan requests run against the engine
 * and against a small reference model written here, and every response is compared:
 * outcomes (OK or a failed condition), ReturnValues, items, pages (Items, Count,
 * ScannedCount, LastEvaluatedKey) and the consumed capacity.
 *
 * The reference is deliberately naive: a fixed grid of items per table (partition key
 * index x sort key index, NULL where there is no item), sort keys ordered once with their
 * own comparison, and the rulebook's capacity arithmetic (section 2.2) written out again.
 * It evaluates only the expressions this file generates, each kind hard-coded.  It uses
 * the model layer (values, item sizes) but nothing from engine/ except the API under test.
 *
 * Scan order is the engine's hash order, which the reference does not reproduce: a scan
 * is checked page by page against the rules that do not depend on the order (each item is
 * one of the table's, returned once, the page stops exactly at Limit or 1 MB and then
 * carries the last key, capacity is the page's bytes rounded once), and over a full
 * pagination of every segment the union must be the table.  A filtered scan runs next
 * to the same unfiltered page, which tells exactly which items it read.
 *
 * The seed is printed; DDB_TEST_SEED=<seed> replays a run and DDB_DIFFERENTIAL_OPS sets
 * how many operations to run (default 5,000); DDB_DIFFERENTIAL_TRACE=1 logs every one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-item.h"
#include "ddb-value-json.h"
#include "engine-fixture.h"

#include <string.h>

#define DEFAULT_OPS     5000
#define N_PK            4           /* partition keys per table */
#define N_SK            48          /* sort keys per table */
#define N_HOT_SK        12          /* the first sort keys, chosen more often */
#define PAGE_MAX_BYTES  1048576     /* Query and Scan stop once a page has read 1 MB */
#define MAX_PAGES       10000       /* bound on any pagination loop */
#define RENDER_MAX      40          /* strings longer than this are shown abbreviated */

/* ---------------------------------------------------------------------------------------
 * The reference model
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *pk_name;
  const char *sk_name;
  gboolean    string_sort;          /* S sort key (and N partition key), else the reverse */
  DdbValue   *pk[N_PK];
  DdbValue   *sk[N_SK];
  guint       order[N_SK];          /* sort key indices, ascending */
  DdbValue   *items[N_PK][N_SK];    /* NULL where there is no item */
} RefTable;

/* Sort key order: numbers by value, strings by their UTF-8 bytes. */
static int
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
static double
ref_read_units (gsize    bytes,
                gboolean consistent)
{
  gsize blocks = MAX ((bytes + 4095) / 4096, 1);

  return (double)blocks * (consistent ? 1.0 : 0.5);
}

static double
ref_write_units (gsize bytes)
{
  return (double)MAX ((bytes + 1023) / 1024, 1);
}

static DdbValue *
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
static gboolean
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

static void
ref_store (RefTable *t,
           guint     p,
           guint     s,
           DdbValue *item)
{
  g_clear_pointer (&t->items[p][s], ddb_value_unref);
  if (item != NULL)
    t->items[p][s] = ddb_value_ref (item);
}

static void
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
}

static gsize
ref_table_count (const RefTable *t)
{
  gsize n = 0;

  for (guint p = 0; p < N_PK; p++)
    for (guint s = 0; s < N_SK; s++)
      n += t->items[p][s] != NULL;

  return n;
}

static gboolean
item_int (const DdbValue *item,
          const char     *name,
          gint64         *out)
{
  DdbValue *value = item != NULL ? ddb_value_lookup (item, name) : NULL;

  return value != NULL && ddb_value_get_kind (value) == DDB_KIND_N &&
         ddb_number_to_int64 (ddb_value_get_number (value), out);
}

static DdbValue *
parse_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  DdbValue *value = ddb_value_parse_number (text, &error);

  g_assert_no_error (error);

  return value;
}

/* ---------------------------------------------------------------------------------------
 * Predicates: the condition and filter expressions this test generates
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  PRED_NONE,
  PRED_KEY_NOT_EXISTS,              /* attribute_not_exists(<partition key>) */
  PRED_KEY_EXISTS,                  /* attribute_exists(<partition key>) */
  PRED_N_GT,                        /* n > :c */
  PRED_N_LE,                        /* n <= :c */
  PRED_A_EQ,                        /* a = :c */
  PRED_A_EXISTS,                    /* attribute_exists(a) */
  PRED_N_NOT_EXISTS,                /* attribute_not_exists(n) */
} PredKind;

typedef struct
{
  PredKind kind;
  gint64   number;
  char    *string;
} Pred;

static void
pred_clear (Pred *pred)
{
  g_clear_pointer (&pred->string, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pred, pred_clear)

/* Does @pred hold for @item (NULL: no item)? */
static gboolean
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

/* The expression attributes of one request, filled in as its expressions are built. */
typedef struct
{
  GHashTable    *names;             /* NULL until a name is used */
  DdbMapBuilder *values;            /* NULL until a value is used */
  GString       *shown_names;
} Exprs;

static void
exprs_clear (Exprs *exprs)
{
  g_clear_pointer (&exprs->names, g_hash_table_unref);
  g_clear_pointer (&exprs->values, ddb_map_builder_free);
  if (exprs->shown_names != NULL)
    g_string_free (g_steal_pointer (&exprs->shown_names), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exprs, exprs_clear)

static void
exprs_name (Exprs      *exprs,
            const char *alias,
            const char *name)
{
  if (exprs->names == NULL)
    {
      exprs->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      exprs->shown_names = g_string_new (NULL);
    }
  g_hash_table_insert (exprs->names, g_strdup (alias), g_strdup (name));
  g_string_append_printf (exprs->shown_names, "%s%s=%s", exprs->shown_names->len ? " " : "",
                          alias, name);
}

static void
exprs_value_take (Exprs      *exprs,
                  const char *placeholder,
                  DdbValue   *value)
{
  if (exprs->values == NULL)
    exprs->values = ddb_map_builder_new ();
  ddb_map_builder_set_take (exprs->values, placeholder, value);
}

/* Ends the values map into *@values (owned by the caller) and returns the attributes. */
static DdbExpressionAttributes
exprs_finish (Exprs     *exprs,
              DdbValue **values)
{
  if (exprs->values != NULL)
    *values = ddb_map_builder_end (g_steal_pointer (&exprs->values));

  return (DdbExpressionAttributes) { exprs->names, *values };
}

/* ---------------------------------------------------------------------------------------
 * Responses, their rendering and the mismatch report
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  gint64 puts, updates, deletes, gets, queries, scans;
  gint64 condition_failures, conditions_held, expected_errors;
  gint64 query_pages, query_limit_stops, query_megabyte_stops;
  gint64 query_exact_megabyte_stops;
  gint64 scan_pages, scan_limit_stops, scan_megabyte_stops, filtered_scans, segmented_scans;
  gint64 fills, writes_between_pages;
} Stats;

typedef struct
{
  DdbEngine *engine;
  GRand     *rand;
  guint32    seed;
  guint      op;                    /* 1-based number of the current operation */
  guint      n_ops;
  gboolean   trace;
  RefTable   tables[2];
  GString   *what;                  /* the current operation, for messages */
  guint      fill_left;             /* puts left in a bulk fill of one item collection */
  guint      fill_table;
  guint      fill_pk;
  guint      fill_sk[N_SK];
  gboolean   probe_pending;         /* query the filled collection next */
  gboolean   probe_forward;
  Stats      stats;
} Run;

/* A write or GetItem response. */
typedef struct
{
  DdbOutcome outcome;
  char      *table_name;            /* ConsumedCapacity.TableName */
  double     read_units;
  double     write_units;
  DdbValue  *value;                 /* Attributes, or GetItem's Item */
  char      *error_message;
} Single;

static void
single_clear (Single *single)
{
  g_clear_pointer (&single->table_name, g_free);
  g_clear_pointer (&single->value, ddb_value_unref);
  g_clear_pointer (&single->error_message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Single, single_clear)

/* One Query or Scan page. */
typedef struct
{
  GPtrArray *items;
  gint64     count;
  gint64     scanned_count;
  DdbValue  *last_key;
  char      *table_name;
  double     read_units;
  double     write_units;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->last_key, ddb_value_unref);
  g_clear_pointer (&page->table_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

/* A copy of @value whose long strings are shortened to a prefix, length and hash. */
static DdbValue *
abbreviate (const DdbValue *value)
{
  DdbMapBuilder *builder;
  const char *text;
  gsize length;

  switch (ddb_value_get_kind (value))
    {
    case DDB_KIND_S:
      text = ddb_value_get_string (value, &length);
      if (length > RENDER_MAX && g_str_is_ascii (text))
        {
          g_autofree char *shown = g_strdup_printf ("%.12s...[%" G_GSIZE_FORMAT " chars, "
                                                    "hash %08x]", text, length,
                                                    g_str_hash (text));

          return ddb_value_new_string (shown, -1);
        }
      return ddb_value_ref ((DdbValue *)value);
    case DDB_KIND_M:
      builder = ddb_map_builder_new ();
      for (gsize i = 0; i < ddb_value_get_length (value); i++)
        ddb_map_builder_set_take (builder, ddb_value_get_name (value, i),
                                  abbreviate (ddb_value_get_element (value, i)));
      return ddb_map_builder_end (builder);
    case DDB_KIND_N:
    case DDB_KIND_B:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      return ddb_value_ref ((DdbValue *)value);
    }
}

/* DynamoDB JSON of @item, abbreviated, with non-ASCII characters as \u escapes so that
 * messages survive a C locale (every character this test generates is in the BMP). */
static char *
render_item (const DdbValue *item)
{
  g_autoptr(DdbValue) shown = NULL;
  g_autofree char *json = NULL;
  GString *text;

  if (item == NULL)
    return g_strdup ("(none)");

  shown = abbreviate (item);
  json = ddb_item_to_json_text (shown);
  text = g_string_new (NULL);
  for (const char *c = json; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u < 0x80)
        g_string_append_c (text, (char)u);
      else
        g_string_append_printf (text, "\\u%04x", u);
    }

  return g_string_free (text, FALSE);
}

static const char *
outcome_name (DdbOutcome outcome)
{
  switch (outcome)
    {
    case DDB_OUTCOME_OK:
      return "OK";
    case DDB_OUTCOME_CONDITION_FAILED:
      return "CONDITION_FAILED";
    case DDB_OUTCOME_THROTTLED:
      return "THROTTLED";
    case DDB_OUTCOME_TRANSACTION_CANCELED:
      return "TRANSACTION_CANCELED";
    case DDB_OUTCOME_ERROR:
      return "ERROR";
    default:
      return "?";
    }
}

static const char *
return_values_name (DdbReturnValues return_values)
{
  switch (return_values)
    {
    case DDB_RETURN_VALUES_NONE:
      return "NONE";
    case DDB_RETURN_VALUES_ALL_OLD:
      return "ALL_OLD";
    case DDB_RETURN_VALUES_UPDATED_OLD:
      return "UPDATED_OLD";
    case DDB_RETURN_VALUES_ALL_NEW:
      return "ALL_NEW";
    case DDB_RETURN_VALUES_UPDATED_NEW:
      return "UPDATED_NEW";
    default:
      return "?";
    }
}

static char *
render_single (const Single *single)
{
  g_autofree char *value = render_item (single->value);

  return g_strdup_printf ("outcome=%s error=%s ConsumedCapacity={TableName=%s read=%g "
                          "write=%g} Attributes/Item=%s", outcome_name (single->outcome),
                          single->error_message != NULL ? single->error_message : "(none)",
                          single->table_name != NULL ? single->table_name : "(none)",
                          single->read_units, single->write_units, value);
}

static char *
render_page (const Page *page)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *key = render_item (page->last_key);

  g_string_append_printf (text, "Count=%" G_GINT64_FORMAT " ScannedCount=%" G_GINT64_FORMAT
                          " LastEvaluatedKey=%s ConsumedCapacity={TableName=%s read=%g "
                          "write=%g} Items(%u)=[", page->count, page->scanned_count, key,
                          page->table_name != NULL ? page->table_name : "(none)",
                          page->read_units, page->write_units, page->items->len);
  for (guint i = 0; i < page->items->len; i++)
    {
      g_autofree char *item = render_item (page->items->pdata[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", item);
    }
  g_string_append_c (text, ']');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Fails the test, showing the seed, the operation and both responses. */
static void
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

static gboolean
values_equal (const DdbValue *a,
              const DdbValue *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return ddb_value_equal (a, b);
}

static void
expect_single (Run          *run,
               const char   *where,
               const Single *engine,
               const Single *reference)
{
  g_autofree char *engine_text = NULL;
  g_autofree char *reference_text = NULL;

  if (engine->outcome == reference->outcome &&
      g_strcmp0 (engine->table_name, reference->table_name) == 0 &&
      engine->read_units == reference->read_units &&
      engine->write_units == reference->write_units &&
      values_equal (engine->value, reference->value) &&
      g_strcmp0 (engine->error_message, reference->error_message) == 0)
    return;

  engine_text = render_single (engine);
  reference_text = render_single (reference);
  report_mismatch (run, where, engine_text, reference_text);
}

static void
expect_page (Run        *run,
             const char *where,
             const Page *engine,
             const Page *reference)
{
  g_autofree char *engine_text = NULL;
  g_autofree char *reference_text = NULL;
  gboolean same;

  same = engine->count == reference->count &&
         engine->scanned_count == reference->scanned_count &&
         g_strcmp0 (engine->table_name, reference->table_name) == 0 &&
         engine->read_units == reference->read_units &&
         engine->write_units == reference->write_units &&
         values_equal (engine->last_key, reference->last_key) &&
         engine->items->len == reference->items->len;
  for (guint i = 0; same && i < engine->items->len; i++)
    same = ddb_value_equal (engine->items->pdata[i], reference->items->pdata[i]);
  if (same)
    return;

  engine_text = render_page (engine);
  reference_text = render_page (reference);
  report_mismatch (run, where, engine_text, reference_text);
}

/* An error as the responses show it: its domain, code and message. */
static char *
error_text (GQuark      domain,
            int         code,
            const char *message)
{
  return g_strdup_printf ("%s %d: %s", g_quark_to_string (domain), code, message);
}

static void
single_from_write (Single         *single,
                   DdbOutcome      outcome,
                   DdbWriteResult *result,
                   const GError   *error)
{
  single->outcome = outcome;
  single->table_name = g_strdup (result->consumed.table_name);
  single->read_units = result->consumed.table_read_units;
  single->write_units = result->consumed.table_write_units;
  single->value = g_steal_pointer (&result->attributes);
  single->error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                         : NULL;
  ddb_write_result_clear (result);
}

/* ---------------------------------------------------------------------------------------
 * Generators
 * ------------------------------------------------------------------------------------- */

static guint
pick (Run   *run,
      guint  n)
{
  return (guint)g_rand_int_range (run->rand, 0, (gint32)n);
}

static gboolean
chance (Run   *run,
        guint  percent)
{
  return pick (run, 100) < percent;
}

static gint64
pick_between (Run    *run,
              gint64  low,
              gint64  high)
{
  return low + (gint64)pick (run, (guint)(high - low + 1));
}

static const char *const short_strings[] = { "apple", "banana", "cherry", "kiwi" };

static char *
gen_string (Run   *run,
            gsize  length)
{
  return repeat_char ((char)('a' + pick (run, 26)), length);
}

/* A value for attribute a: mostly short, sometimes kilobytes. */
static DdbValue *
gen_a (Run *run)
{
  g_autofree char *text = NULL;

  if (chance (run, 70))
    return ddb_value_new_string (short_strings[pick (run, G_N_ELEMENTS (short_strings))], -1);

  text = gen_string (run, pick_between (run, 41, 6000));

  return ddb_value_new_string (text, -1);
}

static guint
gen_sk (Run *run)
{
  return chance (run, 60) ? pick (run, N_HOT_SK) : pick (run, N_SK);
}

/* A new item at (p, s): maybe n, maybe a, maybe a payload from tiny to tens of KB, some
 * sized to land exactly on or next to a 1 KB or 4 KB boundary; @bulk items are large,
 * and exactly @exact_size bytes when that is not 0. */
static DdbValue *
gen_item (Run            *run,
          const RefTable *t,
          guint           p,
          guint           s,
          gboolean        bulk,
          gsize           exact_size)
{
  DdbMapBuilder *builder = ddb_map_builder_new ();
  g_autoptr(DdbValue) item = NULL;
  g_autofree char *payload = NULL;
  gint64 length = 0;
  gint64 target;
  guint roll = pick (run, 100);

  ddb_map_builder_set (builder, t->pk_name, t->pk[p]);
  ddb_map_builder_set (builder, t->sk_name, t->sk[s]);
  if (chance (run, 70))
    ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (pick_between (run, -50, 50)));
  if (chance (run, 60))
    ddb_map_builder_set_take (builder, "a", gen_a (run));
  item = ddb_map_builder_end (builder);

  if (exact_size > 0)
    length = (gint64)exact_size - (gint64)ddb_item_size (item) - (gint64)strlen ("payload");
  else if (bulk)
    length = pick_between (run, 28000, 32000);
  else if (roll < 25)
    length = pick_between (run, 1, 100);
  else if (roll < 45)
    {
      /* Exactly on, or one byte either side of, a write or read unit boundary. */
      target = chance (run, 50) ? 1024 * pick_between (run, 1, 10)
                                : 4096 * pick_between (run, 1, 4);
      target += pick_between (run, -1, 1);
      length = target - (gint64)ddb_item_size (item) - (gint64)strlen ("payload");
    }
  else if (roll < 60)
    length = pick_between (run, 5000, 40000);

  if (length <= 0)
    return g_steal_pointer (&item);

  payload = gen_string (run, length);
  builder = ddb_map_builder_new_from (item);
  ddb_map_builder_set_take (builder, "payload", ddb_value_new_string (payload, -1));

  return ddb_map_builder_end (builder);
}

/* A condition for a write (kinds PRED_NONE to PRED_A_EQ), appended to @text.  Numeric
 * comparisons are often made with the existing item's n or its neighbours. */
static void
gen_condition (Run            *run,
               const RefTable *t,
               const DdbValue *old,
               Exprs          *exprs,
               Pred           *pred,
               GString        *text)
{
  guint roll = pick (run, 100);
  const char *key = t->pk_name;
  gint64 n;

  if (roll < 35)
    {
      pred->kind = PRED_NONE;
      return;
    }

  if (roll < 70)
    {
      pred->kind = roll < 55 ? PRED_KEY_NOT_EXISTS : PRED_KEY_EXISTS;
      if (chance (run, 30))
        {
          exprs_name (exprs, "#k", t->pk_name);
          key = "#k";
        }
      g_string_append_printf (text, "%s(%s)", pred->kind == PRED_KEY_NOT_EXISTS
                                              ? "attribute_not_exists" : "attribute_exists",
                              key);
    }
  else if (roll < 90)
    {
      pred->kind = roll < 82 ? PRED_N_GT : PRED_N_LE;
      pred->number = pick_between (run, -60, 60);
      if (item_int (old, "n", &n) && chance (run, 50))
        pred->number = n + pick_between (run, -1, 1);
      g_string_append (text, pred->kind == PRED_N_GT ? "n > :c" : "n <= :c");
      exprs_value_take (exprs, ":c", ddb_value_new_int64 (pred->number));
    }
  else
    {
      pred->kind = PRED_A_EQ;
      pred->string = g_strdup (short_strings[pick (run, G_N_ELEMENTS (short_strings))]);
      g_string_append (text, "a = :c");
      exprs_value_take (exprs, ":c", ddb_value_new_string (pred->string, -1));
    }
}

/* A filter on non-key attributes, appended to @text. */
static void
gen_filter (Run     *run,
            Exprs   *exprs,
            Pred    *pred,
            GString *text)
{
  switch (pick (run, 4))
    {
    case 0:
      pred->kind = PRED_N_GT;
      pred->number = pick_between (run, -60, 60);
      g_string_append (text, "n > :f");
      exprs_value_take (exprs, ":f", ddb_value_new_int64 (pred->number));
      break;
    case 1:
      pred->kind = PRED_A_EQ;
      pred->string = g_strdup (short_strings[pick (run, G_N_ELEMENTS (short_strings))]);
      g_string_append (text, "a = :f");
      exprs_value_take (exprs, ":f", ddb_value_new_string (pred->string, -1));
      break;
    case 2:
      pred->kind = PRED_A_EXISTS;
      g_string_append (text, "attribute_exists(a)");
      break;
    default:
      pred->kind = PRED_N_NOT_EXISTS;
      g_string_append (text, "attribute_not_exists(n)");
      break;
    }
}

static void
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

static void
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
  .return_consumed_capacity = DDB_RETURN_CAPACITY_TOTAL, \
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
  options->return_old = chance (run, 50);

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

static void
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
  g_autoptr(DdbValue) item = gen_item (run, t, p, s, bulk, exact_size);
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autofree char *shown = NULL;
  WriteOptions options;
  const DdbValue *old = t->items[p][s];
  gsize size = ddb_item_size (item);

  g_assert_true (exact_size == 0 || size == exact_size);
  if (!bulk)
    gen_condition (run, t, old, &exprs, &pred, condition);

  shown = render_item (item);
  g_string_printf (run->what, "PutItem %s Item=%s (%" G_GSIZE_FORMAT " bytes)", t->name, shown,
                   size);
  gen_write_options (run, &exprs, &values, condition,
                     chance (run, 50) ? DDB_RETURN_VALUES_ALL_OLD : DDB_RETURN_VALUES_NONE,
                     &options);
  engine_write (run, WRITE_PUT, t->name, item, NULL, &options, &engine);

  reference.table_name = g_strdup (t->name);
  if (ref_condition (run, &reference, &pred, old, options.return_old))
    {
      reference.write_units = ref_write_units (MAX (size, old != NULL ? ddb_item_size (old) : 0));
      if (options.return_values == DDB_RETURN_VALUES_ALL_OLD && old != NULL)
        reference.value = ddb_value_ref ((DdbValue *)old);
    }
  else
    reference.write_units = old != NULL ? ref_write_units (size) : 1;

  expect_single (run, "PutItem response", &engine, &reference);
  if (reference.outcome == DDB_OUTCOME_OK)
    ref_store (t, p, s, item);
  run->stats.puts++;
}

typedef enum
{
  UPDATE_SET_A,                     /* SET a = :v */
  UPDATE_INCREMENT_N,               /* SET n = n + :d */
  UPDATE_REMOVE_A,                  /* REMOVE a */
  UPDATE_ADD_N,                     /* ADD n :d */
} UpdateKind;


/* The item @kind makes of @base, or NULL when "n + :d" refers to a missing n. */
static DdbValue *
ref_apply_update (const DdbValue *base,
                  UpdateKind      kind,
                  DdbValue       *a_value,
                  gint64          delta)
{
  DdbMapBuilder *builder;
  gint64 n = 0;

  if (kind == UPDATE_INCREMENT_N && !item_int (base, "n", &n))
    return NULL;

  builder = ddb_map_builder_new_from (base);
  switch (kind)
    {
    case UPDATE_SET_A:
      ddb_map_builder_set (builder, "a", a_value);
      break;
    case UPDATE_INCREMENT_N:
      ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (n + delta));
      break;
    case UPDATE_REMOVE_A:
      ddb_map_builder_remove (builder, "a");
      break;
    case UPDATE_ADD_N:
      if (!item_int (base, "n", &n))
        n = 0;
      ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (n + delta));
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
static DdbValue *
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

static void
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
  g_autoptr(DdbValue) key = ref_key (t, p, s);
  g_autoptr(DdbValue) a_value = NULL;
  g_autoptr(DdbValue) new_item = NULL;
  g_autoptr(DdbValue) values = NULL;
  g_autoptr(GString) update = g_string_new (NULL);
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autofree char *shown_key = NULL;
  WriteOptions options;
  const DdbValue *old = t->items[p][s];
  UpdateKind kind = (UpdateKind)pick (run, 4);
  const char *changed = kind == UPDATE_SET_A || kind == UPDATE_REMOVE_A ? "a" : "n";
  gint64 delta = pick_between (run, -20, 20);

  /* Whether DynamoDB creates a key-only item for a REMOVE on a missing item is a corner
   * this test stays away from: it removes only from items that exist. */
  if (kind == UPDATE_REMOVE_A && old == NULL)
    kind = UPDATE_SET_A;

  switch (kind)
    {
    case UPDATE_SET_A:
      a_value = gen_a (run);
      if (chance (run, 30))
        {
          exprs_name (&exprs, "#a", "a");
          g_string_append (update, "SET #a = :v");
        }
      else
        g_string_append (update, "SET a = :v");
      exprs_value_take (&exprs, ":v", ddb_value_ref (a_value));
      break;
    case UPDATE_INCREMENT_N:
      g_string_append (update, "SET n = n + :d");
      exprs_value_take (&exprs, ":d", ddb_value_new_int64 (delta));
      break;
    case UPDATE_REMOVE_A:
      g_string_append (update, "REMOVE a");
      break;
    case UPDATE_ADD_N:
      g_string_append (update, "ADD n :d");
      exprs_value_take (&exprs, ":d", ddb_value_new_int64 (delta));
      break;
    default:
      g_assert_not_reached ();
    }

  new_item = ref_apply_update (old != NULL ? old : key, kind, a_value, delta);
  /* Which of a false condition and an update that cannot apply wins is another corner:
   * an update that cannot apply comes without a condition. */
  if (new_item != NULL)
    gen_condition (run, t, old, &exprs, &pred, condition);

  shown_key = render_item (key);
  g_string_printf (run->what, "UpdateItem %s Key=%s UpdateExpression=%s", t->name, shown_key,
                   update->str);
  gen_write_options (run, &exprs, &values, condition,
                     return_values[pick (run, G_N_ELEMENTS (return_values))], &options);
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
      reference.table_name = g_strdup (t->name);
      if (ref_condition (run, &reference, &pred, old, options.return_old))
        {
          reference.write_units = ref_write_units (MAX (ddb_item_size (new_item),
                                                        old != NULL ? ddb_item_size (old) : 0));
          reference.value = ref_update_attributes (options.return_values, old, new_item,
                                                   changed);
        }
      else
        /* A failed condition consumes the size of the item the update would have made. */
        reference.write_units = old != NULL ? ref_write_units (ddb_item_size (new_item)) : 1;
    }

  expect_single (run, "UpdateItem response", &engine, &reference);
  if (reference.outcome == DDB_OUTCOME_OK)
    ref_store (t, p, s, new_item);
  run->stats.updates++;
}

static void
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

  gen_condition (run, t, old, &exprs, &pred, condition);

  shown_key = render_item (key);
  g_string_printf (run->what, "DeleteItem %s Key=%s", t->name, shown_key);
  gen_write_options (run, &exprs, &values, condition,
                     chance (run, 50) ? DDB_RETURN_VALUES_ALL_OLD : DDB_RETURN_VALUES_NONE,
                     &options);
  engine_write (run, WRITE_DELETE, t->name, key, NULL, &options, &engine);

  /* Deleting, or failing to, costs the existing item's size, or 1 when there is none. */
  reference.table_name = g_strdup (t->name);
  reference.write_units = old != NULL ? ref_write_units (ddb_item_size (old)) : 1;
  if (ref_condition (run, &reference, &pred, old, options.return_old) &&
      options.return_values == DDB_RETURN_VALUES_ALL_OLD && old != NULL)
    reference.value = ddb_value_ref ((DdbValue *)old);

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
  input.consistent_read = chance (run, 50);
  input.return_consumed_capacity = DDB_RETURN_CAPACITY_TOTAL;

  g_string_printf (run->what, "GetItem %s Key=%s ConsistentRead=%s", t->name, shown_key,
                   input.consistent_read ? "true" : "false");
  trace (run);

  engine.outcome = ddb_engine_get_item (run->engine, &input, &result, &error);
  engine.table_name = g_strdup (result.consumed.table_name);
  engine.read_units = result.consumed.table_read_units;
  engine.write_units = result.consumed.table_write_units;
  engine.value = g_steal_pointer (&result.item);
  engine.error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                       : NULL;
  ddb_get_result_clear (&result);

  reference.outcome = DDB_OUTCOME_OK;
  reference.table_name = g_strdup (t->name);
  reference.read_units = ref_read_units (old != NULL ? ddb_item_size (old) : 0,
                                         input.consistent_read);
  reference.value = old != NULL ? ddb_value_ref ((DdbValue *)old) : NULL;

  expect_single (run, "GetItem response", &engine, &reference);
  run->stats.gets++;
}

/* ---------------------------------------------------------------------------------------
 * Query and Scan
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  STOP_END,                         /* the range ended: no LastEvaluatedKey */
  STOP_LIMIT,
  STOP_MEGABYTE,
} Stop;

/* Runs one Query or Scan page on the engine; a request error is a mismatch. */
static void
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
  page->table_name = g_strdup (result.consumed.table_name);
  page->read_units = result.consumed.table_read_units;
  page->write_units = result.consumed.table_write_units;
  ddb_read_result_clear (&result);
  g_assert_nonnull (page->items);
}

typedef enum
{
  SORT_NONE,
  SORT_EQ,
  SORT_LT,
  SORT_LE,
  SORT_GT,
  SORT_GE,
  SORT_BETWEEN,
  SORT_BEGINS_WITH,                 /* string sort keys only */
} SortKind;

typedef struct
{
  SortKind  sort;
  DdbValue *first;
  DdbValue *second;
  Pred      filter;
  gint64    limit;
  gboolean  forward;
  gboolean  consistent;
} QuerySpec;

static void
query_spec_clear (QuerySpec *spec)
{
  g_clear_pointer (&spec->first, ddb_value_unref);
  g_clear_pointer (&spec->second, ddb_value_unref);
  pred_clear (&spec->filter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QuerySpec, query_spec_clear)

static gboolean
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

/* One Query page of the item collection @p, after @start (the previous page's key). */
static Stop
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
  page->table_name = g_strdup (t->name);

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

      if (bytes >= PAGE_MAX_BYTES)
        stop = STOP_MEGABYTE;
      else if (spec->limit > 0 && page->scanned_count >= spec->limit)
        stop = STOP_LIMIT;
    }

  if (stop == STOP_END)
    g_clear_pointer (&page->last_key, ddb_value_unref);
  page->read_units = ref_read_units (bytes, spec->consistent);
  *bytes_read = bytes;

  return stop;
}

static DdbValue *
gen_sort_operand (Run            *run,
                  const RefTable *t)
{
  static const char *const prefixes[] = { "a", "ab", "b", "B", "\xc3\xa9", "z", "zz", "c", "a1",
                                          "b10", "\xc3\xa9" "1" };
  char text[32];

  if (chance (run, 70))
    return ddb_value_ref (t->sk[pick (run, N_SK)]);
  if (t->string_sort)
    return ddb_value_new_string (prefixes[pick (run, G_N_ELEMENTS (prefixes))], -1);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT ".5", pick_between (run, -60, 60));

  return parse_number (text);
}

static void
op_query (Run      *run,
          RefTable *t,
          gboolean  probe)
{
  static const char * const comparators[] = {
    [SORT_EQ] = "=", [SORT_LT] = "<", [SORT_LE] = "<=", [SORT_GT] = ">", [SORT_GE] = ">=",
  };
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
    p = pick (run, N_PK);
  sk_name = t->sk_name;
  spec.forward = probe ? run->probe_forward : chance (run, 50);

  if (chance (run, 30))
    {
      exprs_name (&exprs, "#p", t->pk_name);
      g_string_append (key_condition, "#p = :p");
    }
  else
    g_string_append_printf (key_condition, "%s = :p", t->pk_name);
  exprs_value_take (&exprs, ":p", ddb_value_ref (t->pk[p]));

  spec.sort = probe ? SORT_NONE : (SortKind)pick (run, t->string_sort ? 8 : 7);
  if (spec.sort != SORT_NONE && chance (run, 30))
    {
      exprs_name (&exprs, "#s", t->sk_name);
      sk_name = "#s";
    }
  if (spec.sort != SORT_NONE)
    {
      spec.first = gen_sort_operand (run, t);
      exprs_value_take (&exprs, ":a", ddb_value_ref (spec.first));
    }
  switch (spec.sort)
    {
    case SORT_NONE:
      break;
    case SORT_EQ:
    case SORT_LT:
    case SORT_LE:
    case SORT_GT:
    case SORT_GE:
      g_string_append_printf (key_condition, " AND %s %s :a", sk_name, comparators[spec.sort]);
      break;
    case SORT_BETWEEN:
      /* A lower bound above the upper one is a validation error: keep them in order. */
      spec.second = gen_sort_operand (run, t);
      if (ref_compare_sort (spec.first, spec.second) > 0)
        {
          DdbValue *swap = spec.first;

          spec.first = spec.second;
          spec.second = swap;
          exprs_value_take (&exprs, ":a", ddb_value_ref (spec.first));
        }
      exprs_value_take (&exprs, ":b", ddb_value_ref (spec.second));
      g_string_append_printf (key_condition, " AND %s BETWEEN :a AND :b", sk_name);
      break;
    case SORT_BEGINS_WITH:
      g_string_append_printf (key_condition, " AND begins_with(%s, :a)", sk_name);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!probe && chance (run, 50))
    spec.limit = chance (run, 20) ? pick_between (run, 1, 60) : pick_between (run, 1, 8);
  spec.consistent = chance (run, 50);
  if (!probe && chance (run, 35))
    gen_filter (run, &exprs, &spec.filter, filter);
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
      input.return_consumed_capacity = DDB_RETURN_CAPACITY_TOTAL;

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
      if (!probe && chance (run, 10))
        {
          g_autofree char *query = g_strdup (run->what->str);
          guint kind = pick (run, 3);
          guint s = gen_sk (run);

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
  expected.table_name = g_strdup (t->name);

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
      if (bytes >= PAGE_MAX_BYTES)
        stop = STOP_MEGABYTE;
      else if (spec->limit > 0 && (gint64)expected.items->len >= spec->limit)
        stop = STOP_LIMIT;
      if (stop != STOP_END)
        expected.last_key = ref_key (t, p, s);
    }

  expected.count = expected.items->len;
  expected.scanned_count = expected.items->len;
  expected.read_units = ref_read_units (bytes, spec->consistent);
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
  expected.table_name = g_strdup (all->table_name);
  expected.read_units = all->read_units;
  expected.write_units = all->write_units;

  expect_page (run, where, engine, &expected);
}

static void
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

  if (chance (run, 50))
    spec.limit = chance (run, 20) ? pick_between (run, 1, 100) : pick_between (run, 1, 10);
  spec.consistent = chance (run, 50);
  if (chance (run, 35))
    gen_filter (run, &exprs, &spec.filter, filter);
  spec.total_segments = chance (run, 50) ? 0 : (gint)pick_between (run, 1, 4);
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
          input.return_consumed_capacity = DDB_RETURN_CAPACITY_TOTAL;

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

/* ---------------------------------------------------------------------------------------
 * The run
 * ------------------------------------------------------------------------------------- */

/* Starts a bulk fill: 40 to 46 items of 28 to 32 KB into one item collection, more than
 * 1 MB, so that Query and Scan pages stop on the 1 MB limit. */
static void
start_fill (Run *run)
{
  guint n = (guint)pick_between (run, 40, 46);

  run->fill_table = pick (run, 2);
  run->fill_pk = pick (run, N_PK);
  for (guint s = 0; s < N_SK; s++)
    run->fill_sk[s] = s;
  for (guint s = N_SK - 1; s > 0; s--)
    {
      guint other = pick (run, s + 1);
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
  guint first = pick (run, N_SK);

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
      run->probe_pending = FALSE;
      op_query (run, NULL, TRUE);
      return;
    }

  if (run->fill_left == 0 && pick (run, 1000) < 3)
    start_fill (run);
  if (run->fill_left > 0)
    {
      gsize exact_size = 0;

      run->fill_left--;
      s = run->fill_sk[run->fill_left];
      run->probe_forward = chance (run, 50);
      if (run->fill_left == 0)
        plan_exact_megabyte (run, &s, &exact_size, &run->probe_forward);
      op_put (run, &run->tables[run->fill_table], run->fill_pk, s, TRUE, exact_size);
      run->probe_pending = run->fill_left == 0;
      return;
    }

  /* Evaluate the random choices in a fixed order, so that a seed replays anywhere. */
  t = &run->tables[pick (run, 2)];
  roll = pick (run, 1000);
  p = pick (run, N_PK);
  s = gen_sk (run);

  if (roll < 230)
    op_put (run, t, p, s, FALSE, 0);
  else if (roll < 460)
    op_update (run, t, p, s);
  else if (roll < 580)
    op_delete (run, t, p, s);
  else if (roll < 740)
    op_get (run, t, p, s);
  else if (roll < 920)
    op_query (run, t, FALSE);
  else
    op_scan (run, t);
}

static void
sort_order_init (RefTable *t)
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

/* "diff_a": S partition key, N sort key; "diff_b": N partition key, S sort key.  One partition
 * each (5 RCU / 5 WCU), which the Scan capacity reference relies on. */
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
  RefTable *ta = &run->tables[0];
  RefTable *tb = &run->tables[1];

  *ta = (RefTable) { .name = "diff_a", .pk_name = "pk", .sk_name = "sk", .string_sort = FALSE };
  *tb = (RefTable) { .name = "diff_b", .pk_name = "hk", .sk_name = "rk", .string_sort = TRUE };

  for (guint p = 0; p < N_PK; p++)
    {
      ta->pk[p] = ddb_value_new_string (pk_strings[p], -1);
      tb->pk[p] = parse_number (pk_numbers[p]);
    }
  for (guint s = 0; s < N_SK; s++)
    {
      g_autofree char *number = g_strdup_printf ("%d%s", ((gint)s - 30) * 3,
                                                 s % 3 == 0 ? ".25" : "");
      g_autofree char *string = g_strconcat (prefixes[s % 6], suffixes[s / 6], NULL);

      ta->sk[s] = parse_number (s % 4 == 0 ? special_numbers[s / 4] : number);
      tb->sk[s] = ddb_value_new_string (string, -1);
    }
  sort_order_init (ta);
  sort_order_init (tb);

  create_table (run->engine, ta->name, "pk:S,sk:N", 5, 5);
  create_table (run->engine, tb->name, "hk:N,rk:S", 5, 5);
}

static void
assert_one_partition (Run            *run,
                      const RefTable *t)
{
  g_autoptr(GError) error = NULL;
  DdbTableInfo *info = ddb_engine_describe_table (run->engine, t->name, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (info->partition_count, ==, 1);
  g_assert_cmpint (info->live_item_count, ==, ref_table_count (t));
  ddb_table_info_free (info);
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

  g_test_summary ("Random item requests give the same responses from the engine and from a "
                  "small in-memory reference model: items, pages, conditions, return values "
                  "and consumed capacity");

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
  assert_one_partition (&run, &run.tables[0]);
  assert_one_partition (&run, &run.tables[1]);

  for (run.op = 1; run.op <= run.n_ops; run.op++)
    run_operation (&run);

  /* The Scan capacity reference needs one partition per table throughout. */
  assert_one_partition (&run, &run.tables[0]);
  assert_one_partition (&run, &run.tables[1]);

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
    }

  ref_table_clear (&run.tables[0]);
  ref_table_clear (&run.tables[1]);
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
