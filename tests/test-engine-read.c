/* test-engine-read.c
 *
 * Query and Scan through the C API: the page capacity vectors TV-16 to TV-18, the order
 * and range of sort key conditions, Limit and pagination with LastEvaluatedKey, filters
 * that do not reduce the cost, Select COUNT, parallel scan segments, and the per-partition
 * minimum of a scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-item.h"
#include "engine-fixture.h"

/* Puts item (pk, sk) with a string payload padding the item to @size bytes.
 * "pk" + S value, "sk" + N value, "p" + payload. */
static void
put_sized (DdbEngine  *engine,
           const char *table,
           const char *pk,
           guint       sk,
           gsize       size)
{
  g_autofree char *sk_text = g_strdup_printf ("%u", sk);
  g_autoptr(DdbValue) probe = NULL;
  g_autofree char *json = NULL;
  g_autofree char *payload = NULL;
  gsize base;

  json = g_strdup_printf ("{\"pk\":{\"S\":\"%s\"},\"sk\":{\"N\":\"%s\"},\"p\":{\"S\":\"\"}}", pk,
                          sk_text);
  probe = item_from_json (json);
  base = ddb_item_size (probe);
  g_assert_cmpuint (size, >=, base);

  payload = repeat_char ('x', size - base);
  g_free (json);
  json = g_strdup_printf ("{\"pk\":{\"S\":\"%s\"},\"sk\":{\"N\":\"%s\"},\"p\":{\"S\":\"%s\"}}", pk,
                          sk_text, payload);
  put_json (engine, table, json);
}

typedef struct
{
  const char *key_condition;
  const char *filter;
  const char *values;
  gint64      limit;
  gboolean    backward;
  gboolean    consistent;
  DdbSelect   select;
} QuerySpec;

static void
run_query (DdbEngine       *engine,
           const QuerySpec *spec,
           DdbValue        *start,
           DdbReadResult   *result)
{
  g_autoptr(DdbValue) values = spec->values != NULL ? item_from_json (spec->values) : NULL;
  DdbReadInput input;
  g_autoptr(GError) error = NULL;

  ddb_read_input_init (&input);
  input.table_name = "reads";
  input.key_condition_expression = spec->key_condition;
  input.filter_expression = spec->filter;
  input.attributes.values = values;
  input.limit = spec->limit;
  input.scan_index_forward = !spec->backward;
  input.consistent_read = spec->consistent;
  input.exclusive_start_key = start;
  input.select = spec->select;

  g_assert_cmpint (ddb_engine_query (engine, &input, result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
}

static gint64
item_sort_key (const DdbValue *item)
{
  gint64 value;

  g_assert_true (ddb_number_to_int64 (ddb_value_get_number (ddb_value_lookup (item, "sk")),
                                      &value));
  return value;
}

static void
test_query_page_capacity (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  QuerySpec spec = { "pk = :p", NULL, "{\":p\":{\"S\":\"ten\"}}", 0, FALSE, TRUE, 0 };
  DdbReadResult result = { 0 };

  g_test_summary ("TV-16: 10 items totalling 40.8 KB round once to 44 KB: 11 RCU strong, "
                  "5.5 eventual; TV-17: 1,500 items of 64 B: 24 / 12");

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  /* 40.8 KB = 41,779 bytes: nine items of 4,178 bytes and one of 4,177. */
  for (guint i = 0; i < 10; i++)
    put_sized (fixture->engine, "reads", "ten", i, i < 9 ? 4178 : 4177);

  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpint (result.count, ==, 10);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 11.0);
  ddb_read_result_clear (&result);

  spec.consistent = FALSE;
  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 5.5);
  ddb_read_result_clear (&result);

  for (guint i = 0; i < 1500; i++)
    put_sized (fixture->engine, "reads", "small", i, 64);
  spec.values = "{\":p\":{\"S\":\"small\"}}";
  spec.consistent = TRUE;
  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpint (result.count, ==, 1500);
  g_assert_null (result.last_evaluated_key);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 24.0);
  ddb_read_result_clear (&result);

  spec.consistent = FALSE;
  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 12.0);
  ddb_read_result_clear (&result);
}

static void
test_one_megabyte_page (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  QuerySpec spec = { "pk = :p", NULL, "{\":p\":{\"S\":\"big\"}}", 0, FALSE, TRUE, 0 };
  DdbReadResult result = { 0 };
  DdbReadInput scan;

  g_test_summary ("TV-18: a page stops at 1 MB: 256 RCU strong, 128 eventual, and carries "
                  "LastEvaluatedKey");

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  /* 300 items of 4 KB: the page holds 256 of them (exactly 1 MB). */
  for (guint i = 0; i < 300; i++)
    put_sized (fixture->engine, "reads", "big", i, 4096);

  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpint (result.scanned_count, ==, 256);
  g_assert_nonnull (result.last_evaluated_key);
  g_assert_cmpint (item_sort_key (result.last_evaluated_key), ==, 255);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 256.0);
  ddb_read_result_clear (&result);

  ddb_read_input_init (&scan);
  scan.table_name = "reads";
  g_assert_cmpint (ddb_engine_scan (fixture->engine, &scan, &result, NULL), ==, DDB_OUTCOME_OK);
  g_assert_cmpint (result.scanned_count, ==, 256);
  g_assert_nonnull (result.last_evaluated_key);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 128.0);
  ddb_read_result_clear (&result);
}

static void
test_sort_conditions (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  const struct { const char *condition; const char *values; gint64 first, last, count; } cases[] = {
    { "pk = :p AND sk = :a", "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"5\"}}", 5, 5, 1 },
    { "pk = :p AND sk < :a", "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"5\"}}", 0, 4, 5 },
    { "pk = :p AND sk <= :a", "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"5\"}}", 0, 5, 6 },
    { "pk = :p AND sk > :a", "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"15\"}}", 16, 19, 4 },
    { "pk = :p AND sk >= :a", "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"15\"}}", 15, 19, 5 },
    { "pk = :p AND sk BETWEEN :a AND :b",
      "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"3\"},\":b\":{\"N\":\"7\"}}", 3, 7, 5 },
    { "sk BETWEEN :a AND :b AND pk = :p",
      "{\":p\":{\"S\":\"c\"},\":a\":{\"N\":\"-1\"},\":b\":{\"N\":\"0.5\"}}", 0, 0, 1 },
  };

  g_test_summary ("Sort key conditions select exactly their range, numbers by value");

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  for (guint i = 0; i < 20; i++)
    put_sized (fixture->engine, "reads", "c", i, 100);
  put_sized (fixture->engine, "reads", "d", 5, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      QuerySpec spec = { cases[i].condition, NULL, cases[i].values, 0, FALSE, FALSE, 0 };
      DdbReadResult result = { 0 };

      run_query (fixture->engine, &spec, NULL, &result);
      g_assert_cmpint (result.count, ==, cases[i].count);
      g_assert_cmpint (item_sort_key (g_ptr_array_index (result.items, 0)), ==, cases[i].first);
      g_assert_cmpint (item_sort_key (g_ptr_array_index (result.items, result.items->len - 1)),
                       ==, cases[i].last);
      ddb_read_result_clear (&result);
    }
}

static void
test_begins_with_and_descending (EngineFixture *fixture,
                                 gconstpointer  user_data)
{
  const char *keys[] = { "a", "ab", "abc", "abd", "ac", "b", "\xc3\xa9" };
  QuerySpec spec = { "pk = :p AND begins_with (sk, :s)", NULL,
                     "{\":p\":{\"S\":\"u\"},\":s\":{\"S\":\"ab\"}}", 0, TRUE, FALSE, 0 };
  DdbReadResult result = { 0 };

  g_test_summary ("begins_with selects a prefix; ScanIndexForward false reverses the order");

  create_table (fixture->engine, "reads", "pk:S,sk:S", 100, 100);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"pk\":{\"S\":\"u\"},\"sk\":{\"S\":\"%s\"}}",
                                               keys[i]);
      put_json (fixture->engine, "reads", json);
    }

  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpint (result.count, ==, 3);
  g_assert_cmpstr (ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (result.items, 0),
                                                           "sk"), NULL), ==, "abd");
  g_assert_cmpstr (ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (result.items, 2),
                                                           "sk"), NULL), ==, "ab");
  ddb_read_result_clear (&result);
}

static void
test_limit_and_pagination (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  QuerySpec spec = { "pk = :p", "n > :z", "{\":p\":{\"S\":\"c\"},\":z\":{\"N\":\"0\"}}", 4, FALSE,
                     FALSE, 0 };
  g_autoptr(DdbValue) start = NULL;
  gint64 seen = 0;
  gint64 matched = 0;
  guint pages = 0;

  g_test_summary ("Limit counts items read before the filter; pages resume after "
                  "LastEvaluatedKey, which a full last page carries too");

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"%u\"},"
                                               "\"n\":{\"N\":\"%u\"}}", i, i % 2);
      put_json (fixture->engine, "reads", json);
    }

  do
    {
      DdbReadResult result = { 0 };

      run_query (fixture->engine, &spec, start, &result);
      g_assert_cmpint (result.scanned_count, <=, 4);
      seen += result.scanned_count;
      matched += result.count;
      for (guint i = 0; i < result.items->len; i++)
        g_assert_cmpint (item_sort_key (g_ptr_array_index (result.items, i)) % 2, ==, 1);
      g_clear_pointer (&start, ddb_value_unref);
      start = result.last_evaluated_key != NULL ? ddb_value_ref (result.last_evaluated_key)
                                                : NULL;
      ddb_read_result_clear (&result);
      pages++;
    }
  while (start != NULL);

  g_assert_cmpint (seen, ==, 10);
  g_assert_cmpint (matched, ==, 5);
  /* 4 + 4 + 2 items: the third page ends the range, so no fourth. */
  g_assert_cmpuint (pages, ==, 3);
}

static void
test_count_and_filter_cost (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  QuerySpec spec = { "pk = :p", "sk = :none", "{\":p\":{\"S\":\"c\"},\":none\":{\"N\":\"-1\"}}",
                     0, FALSE, TRUE, DDB_SELECT_COUNT };
  DdbReadResult result = { 0 };

  g_test_summary ("A filter that matches nothing and Select COUNT still pay for every item read");

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  for (guint i = 0; i < 8; i++)
    put_sized (fixture->engine, "reads", "c", i, 1024);

  run_query (fixture->engine, &spec, NULL, &result);
  g_assert_cmpint (result.count, ==, 0);
  g_assert_cmpint (result.scanned_count, ==, 8);
  g_assert_cmpuint (result.items->len, ==, 0);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 2.0);
  ddb_read_result_clear (&result);
}

static void
test_scan_segments_and_partitions (EngineFixture *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DdbReadResult result = { 0 };
  DdbReadInput input;

  g_test_summary ("Four segments see every item exactly once; scanning an empty 4-partition "
                  "table costs one block per partition");

  /* 5,000 RCU + 2,000 WCU: 4 partitions. */
  create_table (fixture->engine, "reads", "pk:S,sk:N", 5000, 2000);

  ddb_read_input_init (&input);
  input.table_name = "reads";
  input.consistent_read = TRUE;
  g_assert_cmpint (ddb_engine_scan (fixture->engine, &input, &result, NULL), ==, DDB_OUTCOME_OK);
  g_assert_cmpint (result.count, ==, 0);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 4.0);
  ddb_read_result_clear (&result);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *pk = g_strdup_printf ("key%u", i);

      put_sized (fixture->engine, "reads", pk, 1, 50);
    }

  input.total_segments = 4;
  for (gint segment = 0; segment < 4; segment++)
    {
      input.segment = segment;
      g_assert_cmpint (ddb_engine_scan (fixture->engine, &input, &result, NULL), ==,
                       DDB_OUTCOME_OK);
      g_assert_null (result.last_evaluated_key);
      for (guint i = 0; i < result.items->len; i++)
        {
          const char *pk = ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (result.items,
                                                                                      i), "pk"),
                                                 NULL);

          g_assert_true (g_hash_table_add (seen, g_strdup (pk)));
        }
      ddb_read_result_clear (&result);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 200);
}

static void
test_start_key_errors (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(DdbValue) wrong_shape = item_from_json ("{\"pk\":{\"S\":\"c\"}}");
  g_autoptr(DdbValue) other_partition = item_from_json ("{\"pk\":{\"S\":\"z\"},\"sk\":{\"N\":"
                                                        "\"1\"}}");
  g_autoptr(DdbValue) values = item_from_json ("{\":p\":{\"S\":\"c\"}}");
  DdbReadInput input;
  DdbReadResult result = { 0 };
  g_autoptr(GError) error = NULL;

  create_table (fixture->engine, "reads", "pk:S,sk:N", 100, 100);
  ddb_read_input_init (&input);
  input.table_name = "reads";
  input.key_condition_expression = "pk = :p";
  input.attributes.values = values;

  input.exclusive_start_key = wrong_shape;
  g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_cmpstr (error->message, ==, "The provided starting key is invalid: The provided key "
                   "element does not match the schema");
  g_clear_error (&error);
  ddb_read_result_clear (&result);

  input.exclusive_start_key = other_partition;
  g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_cmpstr (error->message, ==, "The provided starting key is outside query boundaries "
                   "based on provided conditions");
  ddb_read_result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/read/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("query-page-capacity", test_query_page_capacity);
  ADD ("one-megabyte-page", test_one_megabyte_page);
  ADD ("sort-conditions", test_sort_conditions);
  ADD ("begins-with-and-descending", test_begins_with_and_descending);
  ADD ("limit-and-pagination", test_limit_and_pagination);
  ADD ("count-and-filter-cost", test_count_and_filter_cost);
  ADD ("scan-segments-and-partitions", test_scan_segments_and_partitions);
  ADD ("start-key-errors", test_start_key_errors);

#undef ADD

  return g_test_run ();
}
