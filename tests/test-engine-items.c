/* test-engine-items.c
 *
 * PutItem, GetItem, UpdateItem and DeleteItem through the C API: the rulebook's capacity
 * vectors TV-3 to TV-8 and TV-11 to TV-15 and TV-21, conditional writes, return values,
 * and that a refused request changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-item.h"
#include "engine-fixture.h"

#define R10 "abcdefghij"

static void
test_put_small_and_large (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *b999 = repeat_char ('b', 999);
  g_autofree char *b1001 = repeat_char ('b', 1001);
  g_autofree char *small = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                                            "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                                            "\"e\":{\"BS\":[\"AQI=\",\"Ag==\",\"AQ==\"]}}", b999);
  g_autofree char *large = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                                            "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                                            "\"e\":{\"BS\":[\"AQI=\",\"Ag==\"]}}", b1001);

  g_test_summary ("TV-3, TV-4: 1,024 bytes is 1 WCU, 1,025 is 2; replacing charges the larger "
                  "of old and new, then the new size alone");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", small), ==, 1.0);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", large), ==, 2.0);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", "{\"a\":{\"S\":\"" R10 "\"}}"), ==, 2.0);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", "{\"a\":{\"S\":\"" R10 "\"}}"), ==, 1.0);
}

static void
test_get_rounding (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *b4071 = repeat_char ('b', 4071);
  g_autofree char *b4073 = repeat_char ('b', 4073);
  g_autofree char *tv5 = g_strdup_printf ("{\"a\":{\"S\":\"k5\"},\"b\":{\"S\":\"%s\"},"
                                          "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                                          "\"e\":{\"BS\":[\"AQI=\",\"Ag==\",\"AQ==\"]},"
                                          "\"pad\":{\"S\":\"abcde\"}}", b4071);
  g_autofree char *tv6 = g_strdup_printf ("{\"a\":{\"S\":\"k6\"},\"b\":{\"S\":\"%s\"},"
                                          "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                                          "\"e\":{\"BS\":[\"AQI=\",\"Ag==\"]},"
                                          "\"pad\":{\"S\":\"abcde\"}}", b4073);
  g_autoptr(DdbValue) item = NULL;

  g_test_summary ("TV-5 to TV-8: 4,096 bytes is one 4 KB block, 4,097 two; eventual reads "
                  "cost half");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  /* Key "k5" is 8 bytes shorter than a 10-character key; "pad" (3 + 6) makes up for it
   * so the item is exactly 4,096 bytes, the next 4,097. */
  put_json (fixture->engine, "tbl", tv5);
  put_json (fixture->engine, "tbl", tv6);

  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"k5\"}}", FALSE, &item),
                     ==, 0.5);
  g_assert_nonnull (item);
  g_assert_cmpuint (ddb_item_size (item), ==, 4096);
  g_clear_pointer (&item, ddb_value_unref);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"k6\"}}", FALSE, &item),
                     ==, 1.0);
  g_assert_cmpuint (ddb_item_size (item), ==, 4097);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"k5\"}}", TRUE, NULL),
                     ==, 1.0);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"k6\"}}", TRUE, NULL),
                     ==, 2.0);
}

static void
test_sizes_from_the_developer_guide (EngineFixture *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *s3500 = repeat_char ('x', 3500 - 1 - 2 - 1);
  g_autofree char *s10k = repeat_char ('x', 10 * 1024 - 1 - 2 - 1);
  g_autofree char *s8k = repeat_char ('x', 8 * 1024 - 1 - 2 - 1);
  g_autofree char *json = NULL;

  g_test_summary ("TV-14, TV-15: 3,500 bytes is 1 / 0.5; 10 KB 3 / 1.5; 8 KB 2 / 1");

  create_table (fixture->engine, "tbl", "k:S", 5, 5);
  /* {"k": "k1", "v": ...}: 1 + 2 for the key, 1 for the name "v". */
  json = g_strdup_printf ("{\"k\":{\"S\":\"k1\"},\"v\":{\"S\":\"%s\"}}", s3500);
  put_json (fixture->engine, "tbl", json);
  g_free (json);
  json = g_strdup_printf ("{\"k\":{\"S\":\"k2\"},\"v\":{\"S\":\"%s\"}}", s10k);
  put_json (fixture->engine, "tbl", json);
  g_free (json);
  json = g_strdup_printf ("{\"k\":{\"S\":\"k3\"},\"v\":{\"S\":\"%s\"}}", s8k);
  put_json (fixture->engine, "tbl", json);

  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k1\"}}", TRUE, NULL), ==, 1);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k1\"}}", FALSE, NULL), ==,
                     0.5);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k2\"}}", TRUE, NULL), ==, 3);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k2\"}}", FALSE, NULL), ==,
                     1.5);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k3\"}}", TRUE, NULL), ==, 2);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"k\":{\"S\":\"k3\"}}", FALSE, NULL), ==, 1);
}

static void
test_missing_items_still_cost (EngineFixture *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"nope\"}}");
  DdbDeleteItemInput input = { .table_name = "tbl", .key = key };
  DdbWriteResult result = { 0 };
  g_autoptr(DdbValue) item = NULL;

  g_test_summary ("TV-12, TV-13: a missing item costs 0.5 / 1 to read and 1 to delete");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"nope\"}}", FALSE, &item),
                     ==, 0.5);
  g_assert_null (item);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"nope\"}}", TRUE, NULL), ==,
                     1.0);

  g_assert_cmpint (ddb_engine_delete_item (fixture->engine, &input, &result, NULL), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 1.0);
  ddb_write_result_clear (&result);
}

static void
test_item_size_limit (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  /* {"a": "k", "v": S of n}: 1 + 1 + 1 + n bytes */
  g_autofree char *fits = repeat_char ('x', 409600 - 3);
  g_autofree char *over = repeat_char ('x', 409601 - 3);
  g_autofree char *json_fits = g_strdup_printf ("{\"a\":{\"S\":\"k\"},\"v\":{\"S\":\"%s\"}}",
                                                fits);
  g_autofree char *json_over = g_strdup_printf ("{\"a\":{\"S\":\"j\"},\"v\":{\"S\":\"%s\"}}",
                                                over);
  g_autoptr(DdbValue) item = item_from_json (json_over);
  DdbPutItemInput input = { .table_name = "tbl", .item = item };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("TV-11: 409,600 bytes is accepted (400 WCU), 409,601 refused and not stored");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", json_fits), ==, 400.0);

  g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Item size has exceeded the maximum allowed size");
  ddb_write_result_clear (&result);

  info = ddb_engine_describe_table (fixture->engine, "tbl", NULL);
  g_assert_cmpint (info->live_item_count, ==, 1);
  g_assert_cmpint (info->live_size_bytes, ==, 409600);
}

static void
test_key_validation (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  const struct { const char *item; const char *message; } cases[] = {
    { "{\"x\":{\"S\":\"1\"}}", "One or more parameter values were invalid: Missing the key a in "
                               "the item" },
    { "{\"a\":{\"N\":\"1\"}}", "One or more parameter values were invalid: Type mismatch for key "
                               "a expected: S actual: N" },
    { "{\"a\":{\"S\":\"\"}}", "One or more parameter values are not valid. The AttributeValue "
                              "for a key attribute cannot contain an empty string value. Key: a" },
  };

  create_table (fixture->engine, "tbl", "a:S", 5, 5);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DdbValue) item = item_from_json (cases[i].item);
      DdbPutItemInput input = { .table_name = "tbl", .item = item };
      DdbWriteResult result = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                       DDB_OUTCOME_ERROR);
      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      ddb_write_result_clear (&result);
    }

  {
    g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"1\"},\"extra\":{\"S\":\"1\"}}");
    DdbGetItemInput input = { .table_name = "tbl", .key = key };
    DdbGetResult result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (ddb_engine_get_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    g_assert_cmpstr (error->message, ==, "The provided key element does not match the schema");
    ddb_get_result_clear (&result);
  }
}

static void
test_missing_table (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(DdbValue) item = item_from_json ("{\"a\":{\"S\":\"1\"}}");
  DdbPutItemInput input = { .table_name = "nope", .item = item };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Requested resource not found");
  ddb_write_result_clear (&result);
}

static DdbOutcome
put_conditional (DdbEngine   *engine,
                 const char  *json,
                 const char  *condition,
                 gboolean     return_old,
                 double      *units,
                 DdbValue   **attributes)
{
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = "tbl", .item = item, .condition_expression = condition,
                            .return_old_on_condition_failure = return_old };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome;

  outcome = ddb_engine_put_item (engine, &input, &result, &error);
  g_assert_no_error (error);
  *units = ddb_consumed_capacity_get_total (&result.consumed);
  if (attributes != NULL)
    *attributes = g_steal_pointer (&result.attributes);
  ddb_write_result_clear (&result);

  return outcome;
}

static void
test_failed_condition_consumes (EngineFixture *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *big = repeat_char ('x', 3000);
  g_autofree char *json = g_strdup_printf ("{\"a\":{\"S\":\"k\"},\"v\":{\"S\":\"%s\"}}", big);
  g_autoptr(DdbValue) old = NULL;
  double units;

  g_test_summary ("A failed condition still consumes: the new item's size when an item exists, "
                  "1 unit when none does; the item can come back with the failure");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);

  /* No item: attribute_exists fails, 1 unit, nothing written. */
  g_assert_cmpint (put_conditional (fixture->engine, json, "attribute_exists(a)", FALSE, &units,
                                    NULL), ==, DDB_OUTCOME_CONDITION_FAILED);
  g_assert_cmpfloat (units, ==, 1.0);
  g_assert_cmpfloat (get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"k\"}}", TRUE, &old), ==, 1);
  g_assert_null (old);

  /* Create it (3 KB: 3 units), then a put-if-absent of the small item fails: 1 unit, the
   * size of the new item. */
  g_assert_cmpint (put_conditional (fixture->engine, json, "attribute_not_exists(a)", FALSE,
                                    &units, NULL), ==, DDB_OUTCOME_OK);
  g_assert_cmpfloat (units, ==, 3.0);
  g_assert_cmpint (put_conditional (fixture->engine, "{\"a\":{\"S\":\"k\"}}",
                                    "attribute_not_exists(a)", TRUE, &units, &old), ==,
                   DDB_OUTCOME_CONDITION_FAILED);
  g_assert_cmpfloat (units, ==, 1.0);
  g_assert_nonnull (old);
  g_assert_cmpuint (ddb_item_size (old), ==, 1 + 1 + 1 + 3000);
}

static void
test_update_charges_larger_size (EngineFixture *fixture,
                                 gconstpointer  user_data)
{
  /* 2.5 KB: {"a": "k"} is 2 bytes, "v" 1 + n. */
  g_autofree char *v = repeat_char ('x', 2560 - 3);
  g_autofree char *json = g_strdup_printf ("{\"a\":{\"S\":\"k\"},\"v\":{\"S\":\"%s\"},"
                                           "\"w\":{\"S\":\"y\"}}", v);
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"k\"}}");
  g_autoptr(DdbValue) new_item = NULL;
  g_autoptr(GError) error = NULL;
  DdbUpdateItemInput input = { .table_name = "tbl", .key = key,
                               .update_expression = "REMOVE v",
                               .return_values = DDB_RETURN_VALUES_ALL_NEW };
  DdbWriteResult result = { 0 };

  g_test_summary ("TV-21: an update from 2.5 KB down to a small item charges 3 WCU");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  /* 2,560 + "w" (1 + 1) bytes: 3 units to put. */
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", json), ==, 3.0);

  g_assert_cmpint (ddb_engine_update_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 3.0);
  new_item = g_steal_pointer (&result.attributes);
  g_assert_nonnull (new_item);
  g_assert_null (ddb_value_lookup (new_item, "v"));
  g_assert_nonnull (ddb_value_lookup (new_item, "w"));
  ddb_write_result_clear (&result);

  /* Updating the small item again charges 1. */
  g_assert_cmpint (ddb_engine_update_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 1.0);
  ddb_write_result_clear (&result);
}

static void
test_update_creates_and_returns (EngineFixture *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"counter\"}}");
  g_autoptr(DdbValue) values = item_from_json ("{\":one\":{\"N\":\"1\"}}");
  DdbUpdateItemInput input = { .table_name = "tbl", .key = key,
                               .update_expression = "ADD hits :one",
                               .attributes = { NULL, values },
                               .return_values = DDB_RETURN_VALUES_UPDATED_NEW };
  g_autoptr(DdbValue) item = NULL;

  g_test_summary ("UpdateItem creates a missing item from its key; ADD counts; UPDATED_NEW "
                  "returns what changed");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);

  for (guint i = 1; i <= 3; i++)
    {
      DdbWriteResult result = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      char expected[64];

      g_assert_cmpint (ddb_engine_update_item (fixture->engine, &input, &result, &error), ==,
                       DDB_OUTCOME_OK);
      g_assert_no_error (error);
      text = ddb_item_to_json_text (result.attributes);
      g_snprintf (expected, sizeof expected, "{\"hits\":{\"N\":\"%u\"}}", i);
      g_assert_cmpstr (text, ==, expected);
      ddb_write_result_clear (&result);
    }

  get_units (fixture->engine, "tbl", "{\"a\":{\"S\":\"counter\"}}", TRUE, &item);
  g_assert_cmpuint (ddb_value_get_length (item), ==, 2);
}

static void
test_update_key_is_refused (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"k\"}}");
  g_autoptr(DdbValue) values = item_from_json ("{\":v\":{\"S\":\"other\"}}");
  DdbUpdateItemInput input = { .table_name = "tbl", .key = key, .update_expression = "SET a = :v",
                               .attributes = { NULL, values } };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = NULL;

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpint (ddb_engine_update_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Cannot update "
                   "attribute a. This attribute is part of the key");
  ddb_write_result_clear (&result);

  info = ddb_engine_describe_table (fixture->engine, "tbl", NULL);
  g_assert_cmpint (info->live_item_count, ==, 0);
}

static void
test_delete_returns_old (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *big = repeat_char ('x', 1600);
  g_autofree char *json = g_strdup_printf ("{\"a\":{\"S\":\"k\"},\"v\":{\"S\":\"%s\"}}", big);
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"k\"}}");
  DdbDeleteItemInput input = { .table_name = "tbl", .key = key,
                               .return_values = DDB_RETURN_VALUES_ALL_OLD };
  DdbWriteResult result = { 0 };
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("TV-21: putting and deleting a 1.6 KB item costs 2 WCU each");

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpfloat (put_json (fixture->engine, "tbl", json), ==, 2.0);

  g_assert_cmpint (ddb_engine_delete_item (fixture->engine, &input, &result, NULL), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 2.0);
  g_assert_nonnull (result.attributes);
  g_assert_cmpuint (ddb_item_size (result.attributes), ==, 1603);
  ddb_write_result_clear (&result);

  info = ddb_engine_describe_table (fixture->engine, "tbl", NULL);
  g_assert_cmpint (info->live_item_count, ==, 0);
  g_assert_cmpint (info->live_size_bytes, ==, 0);
}

static void
test_projection_does_not_reduce_cost (EngineFixture *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *big = repeat_char ('x', 5000);
  g_autofree char *json = g_strdup_printf ("{\"a\":{\"S\":\"k\"},\"v\":{\"S\":\"%s\"},"
                                           "\"w\":{\"N\":\"7\"}}", big);
  g_autoptr(DdbValue) key = item_from_json ("{\"a\":{\"S\":\"k\"}}");
  DdbGetItemInput input = { .table_name = "tbl", .key = key, .consistent_read = TRUE,
                            .projection_expression = "w" };
  DdbGetResult result = { 0 };
  g_autofree char *text = NULL;

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  put_json (fixture->engine, "tbl", json);

  g_assert_cmpint (ddb_engine_get_item (fixture->engine, &input, &result, NULL), ==,
                   DDB_OUTCOME_OK);
  text = ddb_item_to_json_text (result.item);
  g_assert_cmpstr (text, ==, "{\"w\":{\"N\":\"7\"}}");
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 2.0);
  ddb_get_result_clear (&result);
}

static void
test_unused_values_are_refused (EngineFixture *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(DdbValue) item = item_from_json ("{\"a\":{\"S\":\"k\"}}");
  g_autoptr(DdbValue) values = item_from_json ("{\":unused\":{\"S\":\"x\"}}");
  DdbPutItemInput input = { .table_name = "tbl", .item = item,
                            .condition_expression = "attribute_not_exists(a)",
                            .attributes = { NULL, values } };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;

  create_table (fixture->engine, "tbl", "a:S", 5, 5);
  g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Value provided in ExpressionAttributeValues unused in "
                   "expressions: keys: {:unused}");
  ddb_write_result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/items/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("put-small-and-large", test_put_small_and_large);
  ADD ("get-rounding", test_get_rounding);
  ADD ("sizes-from-the-developer-guide", test_sizes_from_the_developer_guide);
  ADD ("missing-items-still-cost", test_missing_items_still_cost);
  ADD ("item-size-limit", test_item_size_limit);
  ADD ("key-validation", test_key_validation);
  ADD ("missing-table", test_missing_table);
  ADD ("failed-condition-consumes", test_failed_condition_consumes);
  ADD ("update-charges-larger-size", test_update_charges_larger_size);
  ADD ("update-creates-and-returns", test_update_creates_and_returns);
  ADD ("update-key-is-refused", test_update_key_is_refused);
  ADD ("delete-returns-old", test_delete_returns_old);
  ADD ("projection-does-not-reduce-cost", test_projection_does_not_reduce_cost);
  ADD ("unused-values-are-refused", test_unused_values_are_refused);

#undef ADD

  return g_test_run ();
}
