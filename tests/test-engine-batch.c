/* test-engine-batch.c
 *
 * BatchGetItem and BatchWriteItem through the C API (engine/ddb-engine-batch.c):
 *
 *   - capacity rounded item by item: TV-19 (1.5 KB + 6.5 KB reads cost 1 + 2 strongly
 *     consistent, 1.5 eventually consistent; a missing key costs one block) and TV-20
 *     (500 B + 3.5 KB writes cost 1 + 4; a delete of a missing key 1)
 *   - several tables in one call: one DdbConsumedCapacity per table, first seen first,
 *     and the items grouped per request table
 *   - validation of the whole call before anything runs: 100 keys, 25 requests,
 *     duplicate keys, missing tables, wrong key types, the 400 KB item limit, empty
 *     requests; a refused call writes nothing
 *   - secondary index maintenance and GSI write units through BatchWriteItem
 *   - the 16 MB response cap of BatchGetItem and UnprocessedKeys by position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-item.h"
#include "engine-fixture.h"

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */


static void
put_sized (DdbEngine  *engine,
           const char *table,
           const char *key,
           gsize       bytes)
{
  g_autoptr(DdbValue) item = item_of_size (key, bytes);

  put_value (engine, table, item);
}

/* Whether GetItem finds @key_json in @table. */
static gboolean
item_exists (DdbEngine  *engine,
             const char *table,
             const char *key_json)
{
  g_autoptr(DdbValue) item = NULL;

  get_units (engine, table, key_json, TRUE, &item);

  return item != NULL;
}

static gint64
live_items (DdbEngine  *engine,
            const char *table)
{
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (engine, table, NULL);

  g_assert_nonnull (info);

  return info->live_item_count;
}

/* BatchGetItem of @n_keys keys of one table "tbl". */
static DdbOutcome
batch_get_keys (DdbEngine          *engine,
                const char * const *keys,
                guint               n_keys,
                gboolean            consistent,
                DdbBatchGetResult  *result,
                GError            **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbBatchGetTable table = { .table_name = "tbl", .consistent_read = consistent };
  DdbBatchGetInput input = { .tables = &table, .n_tables = 1 };

  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (values, key_of (keys[i]));
  table.keys = (DdbValue * const *)values->pdata;
  table.n_keys = n_keys;

  return ddb_engine_batch_get_item (engine, &input, result, error);
}

static const DdbConsumedCapacity *
consumed_at (GArray *consumed,
             guint   i)
{
  g_assert_nonnull (consumed);
  g_assert_cmpuint (i, <, consumed->len);

  return &g_array_index (consumed, DdbConsumedCapacity, i);
}

static double
index_write_units (const DdbConsumedCapacity *consumed,
                   const char                *name)
{
  for (guint i = 0; consumed->indexes != NULL && i < consumed->indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (consumed->indexes, DdbIndexCapacity, i);

      if (g_strcmp0 (index->index_name, name) == 0)
        {
          g_assert_cmpfloat (index->read_units, ==, 0);
          return index->write_units;
        }
    }

  return 0;
}

/* ---------------------------------------------------------------------------------------
 * Capacity
 * ------------------------------------------------------------------------------------- */

static void
test_get_rounds_each_item (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  const char *both[] = { "small", "large" };
  const char *with_missing[] = { "small", "nope", "large" };
  const char *missing[] = { "nope" };
  g_auto(DdbBatchGetResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  gsize size_a, size_b;

  g_test_summary ("TV-19: a batch read of 1.5 KB + 6.5 KB costs 1 + 2 = 3 units strongly "
                  "consistent (not 2), 1.5 eventually; a missing key costs one block and "
                  "returns nothing");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_sized (fixture->engine, "tbl", "small", 1536);
  put_sized (fixture->engine, "tbl", "large", 6656);

  g_assert_cmpint (batch_get_keys (fixture->engine, both, 2, TRUE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_OK);
  g_assert_cmpuint (result.consumed->len, ==, 1);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 3.0);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 0);
  g_assert_null (consumed_at (result.consumed, 0)->indexes);
  g_assert_cmpuint (result.items->len, ==, 1);
  items = g_ptr_array_index (result.items, 0);
  g_assert_cmpuint (items->len, ==, 2);
  size_a = ddb_item_size (g_ptr_array_index (items, 0));
  size_b = ddb_item_size (g_ptr_array_index (items, 1));
  g_assert_cmpuint (MIN (size_a, size_b), ==, 1536);
  g_assert_cmpuint (MAX (size_a, size_b), ==, 6656);
  g_assert_cmpuint (result.unprocessed->len, ==, 0);
  ddb_batch_get_result_clear (&result);

  g_assert_cmpint (batch_get_keys (fixture->engine, both, 2, FALSE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 1.5);
  ddb_batch_get_result_clear (&result);

  /* A missing key: one block, 1 SC / 0.5 EC, and no item in the response. */
  g_assert_cmpint (batch_get_keys (fixture->engine, missing, 1, TRUE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 1.0);
  g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (result.items, 0))->len, ==, 0);
  ddb_batch_get_result_clear (&result);
  g_assert_cmpint (batch_get_keys (fixture->engine, missing, 1, FALSE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 0.5);
  ddb_batch_get_result_clear (&result);

  g_assert_cmpint (batch_get_keys (fixture->engine, with_missing, 3, TRUE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 1 + 1 + 2);
  g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (result.items, 0))->len, ==, 2);
  ddb_batch_get_result_clear (&result);
  g_assert_cmpint (batch_get_keys (fixture->engine, with_missing, 3, FALSE, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 2.0);
  g_assert_no_error (error);
}

static void
test_get_projection (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DdbValue) key = key_of ("large");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbValue *keys[] = { key };
  DdbBatchGetTable table = { .table_name = "tbl", .keys = keys, .n_keys = 1,
                             .consistent_read = TRUE, .projection_expression = "#k",
                             .attributes = { names, NULL } };
  DdbBatchGetInput input = { .tables = &table, .n_tables = 1 };
  g_auto(DdbBatchGetResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *items;

  g_test_summary ("A projection shapes the items of a batch read but does not reduce its "
                  "cost");

  g_hash_table_insert (names, (gpointer)"#k", (gpointer)"k");
  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_sized (fixture->engine, "tbl", "large", 6656);

  g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  items = g_ptr_array_index (result.items, 0);
  g_assert_cmpuint (items->len, ==, 1);
  text = ddb_item_to_json_text (g_ptr_array_index (items, 0));
  g_assert_cmpstr (text, ==, "{\"k\":{\"S\":\"large\"}}");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 2.0);
}

static DdbOutcome
batch_write (DdbEngine                  *engine,
             const DdbBatchWriteRequest *requests,
             guint                       n_requests,
             DdbBatchWriteResult        *result,
             GError                    **error)
{
  DdbBatchWriteInput input = { .requests = requests, .n_requests = n_requests };

  return ddb_engine_batch_write_item (engine, &input, result, error);
}

static void
test_write_rounds_each_item (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(DdbValue) small = item_of_size ("small", 500);
  g_autoptr(DdbValue) large = item_of_size ("large", 3584);
  g_autoptr(DdbValue) missing = key_of ("nope");
  g_autoptr(DdbValue) large_key = key_of ("large");
  DdbBatchWriteRequest puts[] = {
    { .table_name = "tbl", .put_item = small },
    { .table_name = "tbl", .put_item = large },
  };
  DdbBatchWriteRequest deletes[] = {
    { .table_name = "tbl", .delete_key = missing },
  };
  DdbBatchWriteRequest delete_large[] = {
    { .table_name = "tbl", .delete_key = large_key },
  };
  g_auto(DdbBatchWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("TV-20: a batch write of 500 B + 3.5 KB costs 1 + 4 = 5 units; a delete of "
                  "a missing key costs 1, of the 3.5 KB item 4");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);

  g_assert_cmpint (batch_write (fixture->engine, puts, 2, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_OK);
  g_assert_cmpuint (result.consumed->len, ==, 1);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 5.0);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 0);
  g_assert_cmpuint (result.unprocessed->len, ==, 0);
  ddb_batch_write_result_clear (&result);

  g_assert_true (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"small\"}}"));
  g_assert_true (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"large\"}}"));
  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 2);

  g_assert_cmpint (batch_write (fixture->engine, deletes, 1, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 1.0);
  ddb_batch_write_result_clear (&result);

  g_assert_cmpint (batch_write (fixture->engine, delete_large, 1, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 4.0);
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"large\"}}"));
  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 1);
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------------------------
 * Several tables
 * ------------------------------------------------------------------------------------- */

static void
test_several_tables (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DdbValue) p1 = item_from_json ("{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) p2 = item_from_json ("{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"2\"}}");
  g_autoptr(DdbValue) a = key_of ("a");
  DdbValue *t2_keys[] = { p1, p2 };
  DdbValue *t1_keys[] = { a };
  DdbBatchGetTable tables[] = {
    { .table_name = "tab2", .keys = t2_keys, .n_keys = 2, .consistent_read = FALSE },
    { .table_name = "tab1", .keys = t1_keys, .n_keys = 1, .consistent_read = TRUE },
  };
  DdbBatchGetInput get = { .tables = tables, .n_tables = 2 };
  g_auto(DdbBatchGetResult) got = { 0 };
  g_autoptr(DdbValue) b_item = item_of_size ("b", 500);
  g_autoptr(DdbValue) p3_item = item_from_json ("{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"3\"}}");
  g_autoptr(DdbValue) c_key = key_of ("c");
  DdbBatchWriteRequest requests[] = {
    { .table_name = "tab1", .put_item = b_item },   /* 1 */
    { .table_name = "tab2", .put_item = p3_item },  /* 1 */
    { .table_name = "tab1", .delete_key = c_key },  /* missing: 1 */
    { .table_name = "tab2", .delete_key = p1 },     /* 2 KB: 2 */
  };
  g_auto(DdbBatchWriteResult) written = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pad = repeat_char ('x', 2048 - 8);
  g_autofree char *p1_json = g_strdup_printf ("{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},"
                                              "\"v\":{\"S\":\"%s\"}}", pad);
  GPtrArray *items;

  g_test_summary ("A batch over several tables reports one consumed capacity per table in "
                  "the order the tables first appear, and groups items per request table");

  create_table (fixture->engine, "tab1", "k:S", 100, 100);
  create_table (fixture->engine, "tab2", "pk:S,sk:N", 100, 100);
  /* p/1: pk (2 + 1) + sk (2 + 2) + v (1 + n) = 2,048 bytes; "a": 5 KB. */
  put_json (fixture->engine, "tab2", p1_json);
  put_sized (fixture->engine, "tab1", "a", 5 * 1024);

  g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &get, &got, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (got.consumed->len, ==, 2);
  /* tab2: 2 KB eventually consistent 0.5 + missing 0.5; tab1: 5 KB strongly consistent 2. */
  g_assert_cmpstr (consumed_at (got.consumed, 0)->table_name, ==, "tab2");
  g_assert_cmpfloat (consumed_at (got.consumed, 0)->table_read_units, ==, 1.0);
  g_assert_cmpstr (consumed_at (got.consumed, 1)->table_name, ==, "tab1");
  g_assert_cmpfloat (consumed_at (got.consumed, 1)->table_read_units, ==, 2.0);
  g_assert_cmpuint (got.items->len, ==, 2);
  items = g_ptr_array_index (got.items, 0);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpuint (ddb_item_size (g_ptr_array_index (items, 0)), ==, 2048);
  g_assert_nonnull (ddb_value_lookup (g_ptr_array_index (items, 0), "sk"));
  items = g_ptr_array_index (got.items, 1);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpuint (ddb_item_size (g_ptr_array_index (items, 0)), ==, 5 * 1024);
  g_assert_nonnull (ddb_value_lookup (g_ptr_array_index (items, 0), "k"));

  g_assert_cmpint (batch_write (fixture->engine, requests, G_N_ELEMENTS (requests), &written,
                                &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (written.consumed->len, ==, 2);
  g_assert_cmpstr (consumed_at (written.consumed, 0)->table_name, ==, "tab1");
  g_assert_cmpfloat (consumed_at (written.consumed, 0)->table_write_units, ==, 2.0);
  g_assert_cmpstr (consumed_at (written.consumed, 1)->table_name, ==, "tab2");
  g_assert_cmpfloat (consumed_at (written.consumed, 1)->table_write_units, ==, 3.0);

  g_assert_true (item_exists (fixture->engine, "tab1", "{\"k\":{\"S\":\"b\"}}"));
  g_assert_true (item_exists (fixture->engine, "tab2",
                              "{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"3\"}}"));
  g_assert_false (item_exists (fixture->engine, "tab2",
                               "{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}}"));
}

/* ---------------------------------------------------------------------------------------
 * Validation
 * ------------------------------------------------------------------------------------- */

static void
assert_refused (GError     **error,
                gint         code,
                const char  *message)
{
  g_assert_error (*error, DDB_ENGINE_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr ((*error)->message, ==, message);
  g_clear_error (error);
}

static void
test_get_validation (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  g_autoptr(DdbValue) wrong_type = item_from_json ("{\"k\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) a = key_of ("a");
  g_autoptr(DdbValue) a_again = key_of ("a");
  DdbValue *duplicates[] = { a, a_again };
  DdbValue *mistyped[] = { a, wrong_type };
  DdbBatchGetTable tables[2] = { { 0 } };
  DdbBatchGetInput input = { .tables = tables, .n_tables = 2 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("BatchGetItem refuses more than 100 keys over all its tables, duplicate "
                  "keys, missing tables, keys of the wrong type and an empty request");

  create_table (fixture->engine, "tab1", "k:S", 100, 100);
  create_table (fixture->engine, "tab2", "k:S", 100, 100);
  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *name = g_strdup_printf ("k%u", i);

      g_ptr_array_add (keys, key_of (name));
    }

  /* 60 + 41 keys over two tables: the limit is per call.  100 are fine. */
  tables[0] = (DdbBatchGetTable) { .table_name = "tab1", .keys = (DdbValue * const *)keys->pdata,
                                   .n_keys = 60 };
  tables[1] = (DdbBatchGetTable) { .table_name = "tab2",
                                   .keys = (DdbValue * const *)keys->pdata + 60, .n_keys = 41 };
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                    "Too many items requested for the BatchGetItem call");
    g_assert_null (result.items);
    g_assert_null (result.consumed);
  }
  tables[1].n_keys = 40;
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 60 * 0.5);
    g_assert_cmpfloat (consumed_at (result.consumed, 1)->table_read_units, ==, 40 * 0.5);
  }

  /* The same key twice in one table; the same key in two tables is fine. */
  tables[0] = (DdbBatchGetTable) { .table_name = "tab1", .keys = duplicates, .n_keys = 2 };
  input.n_tables = 1;
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                    "Provided list of item keys contains duplicates");
  }
  tables[0].n_keys = 1;
  tables[1] = (DdbBatchGetTable) { .table_name = "tab2", .keys = duplicates, .n_keys = 1 };
  input.n_tables = 2;
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
  }

  /* A missing table, even after a good one. */
  tables[1].table_name = "nope";
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND, NULL);
  }

  /* A key of the wrong type. */
  tables[0] = (DdbBatchGetTable) { .table_name = "tab1", .keys = mistyped, .n_keys = 2 };
  input.n_tables = 1;
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                    "The provided key element does not match the schema");
  }

  /* No tables at all. */
  input.n_tables = 0;
  {
    g_auto(DdbBatchGetResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                    "The requestItems parameter is required for BatchGetItem");
  }
}

/* Runs a batch write that must be refused with @code (and @message when not NULL), then
 * checks that the table holds only the item it held before. */
static void
assert_write_refused (DdbEngine                  *engine,
                      const DdbBatchWriteRequest *requests,
                      guint                       n_requests,
                      gint                        code,
                      const char                 *message)
{
  g_auto(DdbBatchWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (batch_write (engine, requests, n_requests, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_ERROR);
  assert_refused (&error, code, message);
  g_assert_null (result.consumed);

  g_assert_cmpint (live_items (engine, "tbl"), ==, 1);
  g_assert_true (item_exists (engine, "tbl", "{\"k\":{\"S\":\"keep\"}}"));
}

static void
test_write_validation (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbBatchWriteRequest requests[26];
  g_autoptr(DdbValue) keep_key = key_of ("keep");
  g_autoptr(DdbValue) wrong_item = item_from_json ("{\"k\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) wrong_key = item_from_json ("{\"k\":{\"B\":\"AQI=\"}}");
  g_autoptr(DdbValue) huge = item_of_size ("huge", 409601);
  g_autoptr(DdbValue) largest = item_of_size ("largest", 409600);

  g_test_summary ("BatchWriteItem refuses more than 25 requests, duplicate keys (a put and a "
                  "delete of one item too), missing tables, keys of the wrong type, items over "
                  "400 KB and an empty request; a refused batch writes nothing");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_sized (fixture->engine, "tbl", "keep", 100);
  for (guint i = 0; i < 26; i++)
    {
      g_autofree char *name = g_strdup_printf ("k%u", i);

      g_ptr_array_add (items, item_of_size (name, 100));
      requests[i] = (DdbBatchWriteRequest) { .table_name = "tbl",
                                             .put_item = g_ptr_array_index (items, i) };
    }

  assert_write_refused (fixture->engine, requests, 26, DDB_ENGINE_ERROR_VALIDATION,
                        "Too many items requested for the BatchWriteItem call");

  /* Duplicates: two puts of one key, or a put and a delete of it, after a good request. */
  requests[0] = (DdbBatchWriteRequest) { .table_name = "tbl",
                                         .put_item = g_ptr_array_index (items, 2) };
  requests[1] = (DdbBatchWriteRequest) { .table_name = "tbl",
                                         .put_item = g_ptr_array_index (items, 0) };
  requests[2] = requests[1];
  assert_write_refused (fixture->engine, requests, 3, DDB_ENGINE_ERROR_VALIDATION,
                        "Provided list of item keys contains duplicates");
  requests[1] = (DdbBatchWriteRequest) { .table_name = "tbl", .put_item = keep_key };
  requests[2] = (DdbBatchWriteRequest) { .table_name = "tbl", .delete_key = keep_key };
  assert_write_refused (fixture->engine, requests, 3, DDB_ENGINE_ERROR_VALIDATION,
                        "Provided list of item keys contains duplicates");

  /* A missing table after a good request. */
  requests[1] = (DdbBatchWriteRequest) { .table_name = "nope",
                                         .put_item = g_ptr_array_index (items, 3) };
  assert_write_refused (fixture->engine, requests, 2, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                        NULL);

  /* Keys of the wrong type, in a put and in a delete. */
  requests[1] = (DdbBatchWriteRequest) { .table_name = "tbl", .put_item = wrong_item };
  assert_write_refused (fixture->engine, requests, 2, DDB_ENGINE_ERROR_VALIDATION,
                        "One or more parameter values were invalid: Type mismatch for key k "
                        "expected: S actual: N");
  requests[1] = (DdbBatchWriteRequest) { .table_name = "tbl", .delete_key = wrong_key };
  assert_write_refused (fixture->engine, requests, 2, DDB_ENGINE_ERROR_VALIDATION,
                        "The provided key element does not match the schema");

  /* An item one byte over 400 KB; 409,600 bytes would be fine. */
  requests[1] = (DdbBatchWriteRequest) { .table_name = "tbl", .put_item = huge };
  assert_write_refused (fixture->engine, requests, 2, DDB_ENGINE_ERROR_VALIDATION,
                        "Item size has exceeded the maximum allowed size");

  /* No requests at all. */
  assert_write_refused (fixture->engine, requests, 0, DDB_ENGINE_ERROR_VALIDATION,
                        "The requestItems parameter is required for BatchWriteItem");

  /* 25 requests, one of them the largest item allowed, go through: 24 + 400 units. */
  requests[0] = (DdbBatchWriteRequest) { .table_name = "tbl", .put_item = largest };
  {
    g_auto(DdbBatchWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (batch_write (fixture->engine, requests, 1, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 400);
    ddb_batch_write_result_clear (&result);

    for (guint i = 0; i < 25; i++)
      requests[i] = (DdbBatchWriteRequest) { .table_name = "tbl",
                                             .put_item = g_ptr_array_index (items, i) };
    g_assert_cmpint (batch_write (fixture->engine, requests, 25, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 25);
    g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 1 + 1 + 25);
  }
}

/* ---------------------------------------------------------------------------------------
 * Indexes
 * ------------------------------------------------------------------------------------- */

/* A table "orders" (customer S, order N) with a GSI "by_status" (status S, order N),
 * KEYS_ONLY, provisioned at 100/100. */
static void
create_orders (DdbEngine *engine)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;

  ddb_table_spec_add_attribute (spec, "customer", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "order", DDB_KIND_N);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("customer");
  spec->key.sort_key = g_strdup ("order");
  spec->throughput = (DdbThroughput) { 100, 100, -1, -1 };

  index = ddb_table_spec_add_index (spec, "by_status", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->key.sort_key = g_strdup ("order");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput = (DdbThroughput) { 100, 100, -1, -1 };

  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->indexes->len, ==, 1);
}

/* Queries "by_status" for @status; returns the count, *@customer the first item's. */
static gint64
query_status (DdbEngine   *engine,
              const char  *status,
              char       **customer)
{
  g_autofree char *values_json = g_strdup_printf ("{\":s\":{\"S\":\"%s\"}}", status);
  g_autoptr(DdbValue) values = item_from_json (values_json);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbReadInput input;

  g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
  ddb_read_input_init (&input);
  input.table_name = "orders";
  input.index_name = "by_status";
  input.key_condition_expression = "#s = :s";
  input.attributes = (DdbExpressionAttributes) { names, values };
  g_assert_cmpint (ddb_engine_query (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  if (customer != NULL && result.items->len > 0)
    {
      DdbValue *first = g_ptr_array_index (result.items, 0);

      *customer = g_strdup (ddb_value_get_string (ddb_value_lookup (first, "customer"), NULL));
    }

  return result.count;
}

static void
test_write_maintains_indexes (EngineFixture *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(DdbValue) c1 = item_from_json ("{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"1\"},"
                                           "\"status\":{\"S\":\"NEW\"}}");
  g_autoptr(DdbValue) c2 = item_from_json ("{\"customer\":{\"S\":\"c2\"},\"order\":{\"N\":\"2\"},"
                                           "\"status\":{\"S\":\"NEW\"}}");
  g_autoptr(DdbValue) c3 = item_from_json ("{\"customer\":{\"S\":\"c3\"},\"order\":{\"N\":\"3\"}}");
  g_autoptr(DdbValue) c2_shipped = item_from_json ("{\"customer\":{\"S\":\"c2\"},\"order\":"
                                                   "{\"N\":\"2\"},\"status\":{\"S\":\"SHIPPED\"}}");
  g_autoptr(DdbValue) c1_key = item_from_json ("{\"customer\":{\"S\":\"c1\"},\"order\":"
                                               "{\"N\":\"1\"}}");
  g_autoptr(DdbValue) c3_key = item_from_json ("{\"customer\":{\"S\":\"c3\"},\"order\":"
                                               "{\"N\":\"3\"}}");
  g_autoptr(DdbValue) mistyped = item_from_json ("{\"customer\":{\"S\":\"c9\"},\"order\":"
                                                 "{\"N\":\"9\"},\"status\":{\"N\":\"5\"}}");
  DdbBatchWriteRequest first[] = {
    { .table_name = "orders", .put_item = c1 },
    { .table_name = "orders", .put_item = c2 },
    { .table_name = "orders", .put_item = c3 },
  };
  DdbBatchWriteRequest second[] = {
    { .table_name = "orders", .delete_key = c1_key },
    { .table_name = "orders", .put_item = c2_shipped },
    { .table_name = "orders", .delete_key = c3_key },
  };
  DdbBatchWriteRequest refused[] = {
    { .table_name = "orders", .put_item = c1 },
    { .table_name = "orders", .put_item = mistyped },
  };
  g_auto(DdbBatchWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  const DdbConsumedCapacity *consumed;

  g_test_summary ("BatchWriteItem maintains a GSI like single writes do: entries added, moved "
                  "and removed, the GSI's write units reported with the table's");

  create_orders (fixture->engine);

  /* Two items carry the index key: 2 GSI writes; the sparse third none. */
  g_assert_cmpint (batch_write (fixture->engine, first, 3, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  consumed = consumed_at (result.consumed, 0);
  g_assert_cmpfloat (consumed->table_write_units, ==, 3);
  g_assert_cmpfloat (index_write_units (consumed, "by_status"), ==, 2);
  g_assert_cmpuint (consumed->indexes->len, ==, 1);
  g_assert_true (g_array_index (consumed->indexes, DdbIndexCapacity, 0).global);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (consumed), ==, 5);
  ddb_batch_write_result_clear (&result);
  g_assert_cmpint (query_status (fixture->engine, "NEW", NULL), ==, 2);

  /* Delete c1 (one entry removed: 1), move c2 NEW -> SHIPPED (delete + put: 2), delete
   * c3 (not in the index: 0). */
  g_assert_cmpint (batch_write (fixture->engine, second, 3, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  consumed = consumed_at (result.consumed, 0);
  g_assert_cmpfloat (consumed->table_write_units, ==, 3);
  g_assert_cmpfloat (index_write_units (consumed, "by_status"), ==, 3);
  ddb_batch_write_result_clear (&result);
  g_assert_cmpint (query_status (fixture->engine, "NEW", NULL), ==, 0);
  g_assert_cmpint (query_status (fixture->engine, "SHIPPED", &customer), ==, 1);
  g_assert_cmpstr (customer, ==, "c2");

  /* An index key of the wrong type refuses the whole batch: c1 is not put back. */
  g_assert_cmpint (batch_write (fixture->engine, refused, 2, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                  "One or more parameter values were invalid: Type mismatch for Index Key "
                  "status Expected: S Actual: N IndexName: by_status");
  g_assert_cmpint (query_status (fixture->engine, "NEW", NULL), ==, 0);
  g_assert_cmpint (live_items (fixture->engine, "orders"), ==, 1);
}

/* ---------------------------------------------------------------------------------------
 * The 16 MB response cap
 * ------------------------------------------------------------------------------------- */

#define BIG_ITEM_BYTES  (300 * 1024)
#define RESPONSE_CAP    16000000     /* decimal: see ddb-engine-batch.c */

static void
test_get_response_cap (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbBatchGetTable tables[2];
  DdbBatchGetInput input = { .tables = tables, .n_tables = 2 };
  g_auto(DdbBatchGetResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  guint expected = 0;
  guint returned = 0;

  g_test_summary ("BatchGetItem stops before its response would pass 16 MB; the keys it "
                  "did not read come back as UnprocessedKeys, by position, and are not "
                  "charged");

  create_table (fixture->engine, "big1", "k:S", 1000, 1000);
  create_table (fixture->engine, "big2", "k:S", 1000, 1000);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("k%02u", i % 60);
      g_autoptr(DdbValue) item = item_of_size (name, BIG_ITEM_BYTES);

      put_value (fixture->engine, i < 60 ? "big1" : "big2", item);
      g_ptr_array_add (keys, key_of (name));
    }

  /* The response stays within 16,000,000 bytes: keys 0 to 51 (52 x 300 KB), as in the
   * documentation's example. */
  while ((gsize)(expected + 1) * BIG_ITEM_BYTES <= RESPONSE_CAP)
    expected++;
  g_assert_cmpuint (expected, ==, 52);

  tables[0] = (DdbBatchGetTable) { .table_name = "big1", .consistent_read = TRUE,
                                   .keys = (DdbValue * const *)keys->pdata, .n_keys = 60 };
  tables[1] = (DdbBatchGetTable) { .table_name = "big2", .consistent_read = TRUE,
                                   .keys = (DdbValue * const *)keys->pdata + 60, .n_keys = 40 };
  g_assert_cmpint (ddb_engine_batch_get_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);

  g_assert_cmpuint (result.items->len, ==, 2);
  for (guint t = 0; t < 2; t++)
    returned += ((GPtrArray *)g_ptr_array_index (result.items, t))->len;
  g_assert_cmpuint (returned, ==, expected);
  g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (result.items, 0))->len, ==, 52);
  g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (result.items, 1))->len, ==, 0);

  /* Unprocessed: big1 keys 52 to 59, then every key of big2, in request order. */
  g_assert_cmpuint (result.unprocessed->len, ==, 100 - expected);
  for (guint i = 0; i < result.unprocessed->len; i++)
    {
      const DdbBatchKeyRef *ref = &g_array_index (result.unprocessed, DdbBatchKeyRef, i);
      guint position = expected + i;

      g_assert_cmpuint (ref->table, ==, position < 60 ? 0 : 1);
      g_assert_cmpuint (ref->key, ==, position < 60 ? position : position - 60);
    }

  /* Only what was returned is charged: 52 x 75 blocks of 4 KB, strongly consistent. */
  g_assert_cmpuint (result.consumed->len, ==, 2);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "big1");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 52 * 75);
  g_assert_cmpstr (consumed_at (result.consumed, 1)->table_name, ==, "big2");
  g_assert_cmpfloat (consumed_at (result.consumed, 1)->table_read_units, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/batch/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("get-rounds-each-item", test_get_rounds_each_item);
  ADD ("get-projection", test_get_projection);
  ADD ("write-rounds-each-item", test_write_rounds_each_item);
  ADD ("several-tables", test_several_tables);
  ADD ("get-validation", test_get_validation);
  ADD ("write-validation", test_write_validation);
  ADD ("write-maintains-indexes", test_write_maintains_indexes);
  ADD ("get-response-cap", test_get_response_cap);

#undef ADD

  return g_test_run ();
}
