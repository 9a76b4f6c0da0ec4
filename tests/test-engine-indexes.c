/* test-engine-indexes.c
 *
 * Secondary indexes through the C API: the write units of every row of rulebook 2.3's
 * table, TV-22 to TV-24, sparse indexes, projections, LSI reads that fetch base items,
 * GSI read rules, index key validation, and the LSI item collection limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-item.h"
#include "engine-fixture.h"

/* A table "orders" (customer S, order N) with
 *   GSI "by_status"  (status S, order N), KEYS_ONLY
 *   GSI "by_amount"  (amount N), INCLUDE [note]
 *   LSI "by_date"    (customer S, placed S), ALL
 * All provisioned at 100/100. */
static void
create_orders (DdbEngine *engine,
               guint64    partition_max_bytes)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;

  ddb_table_spec_add_attribute (spec, "customer", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "order", DDB_KIND_N);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "amount", DDB_KIND_N);
  ddb_table_spec_add_attribute (spec, "placed", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("customer");
  spec->key.sort_key = g_strdup ("order");
  spec->throughput = (DdbThroughput) { 100, 100, -1, -1 };
  spec->partition_max_bytes = partition_max_bytes;

  index = ddb_table_spec_add_index (spec, "by_status", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->key.sort_key = g_strdup ("order");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput = (DdbThroughput) { 100, 100, -1, -1 };

  index = ddb_table_spec_add_index (spec, "by_amount", TRUE);
  index->key.partition_key = g_strdup ("amount");
  index->projection = DDB_PROJECTION_INCLUDE;
  index->non_key_attributes = g_strsplit ("note", ",", -1);
  index->throughput = (DdbThroughput) { 100, 100, -1, -1 };

  index = ddb_table_spec_add_index (spec, "by_date", FALSE);
  index->key.partition_key = g_strdup ("customer");
  index->key.sort_key = g_strdup ("placed");
  index->projection = DDB_PROJECTION_ALL;

  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->indexes->len, ==, 3);
}

static double
index_units (const DdbConsumedCapacity *consumed,
             const char                *name)
{
  for (guint i = 0; consumed->indexes != NULL && i < consumed->indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (consumed->indexes, DdbIndexCapacity, i);

      if (g_strcmp0 (index->index_name, name) == 0)
        return index->read_units + index->write_units;
    }

  return 0;
}

typedef struct
{
  double table;
  double by_status;
  double by_amount;
  double by_date;
} Units;

static Units
put_units (DdbEngine  *engine,
           const char *json)
{
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = "orders", .item = item };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  Units units;

  g_assert_cmpint (ddb_engine_put_item (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  units.table = result.consumed.table_write_units;
  units.by_status = index_units (&result.consumed, "by_status");
  units.by_amount = index_units (&result.consumed, "by_amount");
  units.by_date = index_units (&result.consumed, "by_date");

  return units;
}

static Units
update_units (DdbEngine  *engine,
              const char *key_json,
              const char *expression,
              const char *values_json)
{
  g_autoptr(DdbValue) key = item_from_json (key_json);
  g_autoptr(DdbValue) values = values_json != NULL ? item_from_json (values_json) : NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbUpdateItemInput input = { .table_name = "orders", .key = key,
                               .update_expression = expression,
                               .attributes = { NULL, values } };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  Units units;

  /* "status" is a reserved word: expressions name it #s. */
  if (strstr (expression, "#s") != NULL)
    {
      g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
      input.attributes.names = names;
    }

  g_assert_cmpint (ddb_engine_update_item (engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  units.table = result.consumed.table_write_units;
  units.by_status = index_units (&result.consumed, "by_status");
  units.by_amount = index_units (&result.consumed, "by_amount");
  units.by_date = index_units (&result.consumed, "by_date");

  return units;
}

#define KEY "{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"1\"}}"

static void
test_index_write_units (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  Units units;

  g_test_summary ("Rulebook 2.3: each kind of change costs 0, 1 or 2 index writes");

  create_orders (fixture->engine, 0);

  /* A new item with no index key: in no index. */
  units = put_units (fixture->engine, KEY);
  g_assert_cmpfloat (units.table, ==, 1);
  g_assert_cmpfloat (units.by_status + units.by_amount + units.by_date, ==, 0);

  /* An update that adds the index keys: one put in each index. */
  units = update_units (fixture->engine, KEY, "SET #s = :s, amount = :a, placed = :p",
                        "{\":s\":{\"S\":\"NEW\"},\":a\":{\"N\":\"10\"},\":p\":{\"S\":\"mon\"}}");
  g_assert_cmpfloat (units.by_status, ==, 1);
  g_assert_cmpfloat (units.by_amount, ==, 1);
  g_assert_cmpfloat (units.by_date, ==, 1);

  /* TV-24: changing a GSI key A -> B is a delete and a put: 2; the table 1; 3 in all.
   * The ALL-projected LSI sees a changed attribute: one update. */
  units = update_units (fixture->engine, KEY, "SET #s = :s", "{\":s\":{\"S\":\"SHIPPED\"}}");
  g_assert_cmpfloat (units.table, ==, 1);
  g_assert_cmpfloat (units.by_status, ==, 2);
  g_assert_cmpfloat (units.by_amount, ==, 0);
  g_assert_cmpfloat (units.table + units.by_status, ==, 3);

  /* A projected non-key attribute changes: an update in by_amount (INCLUDE note) only;
   * KEYS_ONLY by_status does not hold it. */
  units = update_units (fixture->engine, KEY, "SET note = :n", "{\":n\":{\"S\":\"fragile\"}}");
  g_assert_cmpfloat (units.by_amount, ==, 1);
  g_assert_cmpfloat (units.by_status, ==, 0);
  g_assert_cmpfloat (units.by_date, ==, 1);

  /* A non-projected attribute changes: nothing in the GSIs. */
  units = update_units (fixture->engine, KEY, "SET colour = :c", "{\":c\":{\"S\":\"red\"}}");
  g_assert_cmpfloat (units.by_status, ==, 0);
  g_assert_cmpfloat (units.by_amount, ==, 0);

  /* Removing an index key: one delete from that index. */
  units = update_units (fixture->engine, KEY, "REMOVE amount", NULL);
  g_assert_cmpfloat (units.by_amount, ==, 1);
  g_assert_cmpfloat (units.by_status, ==, 0);

  /* Deleting the item: one delete from each index it is in. */
  {
    g_autoptr(DdbValue) key = item_from_json (KEY);
    DdbDeleteItemInput input = { .table_name = "orders", .key = key };
    g_auto(DdbWriteResult) result = { 0 };

    g_assert_cmpint (ddb_engine_delete_item (fixture->engine, &input, &result, NULL), ==,
                     DDB_OUTCOME_OK);
    g_assert_cmpfloat (index_units (&result.consumed, "by_status"), ==, 1);
    g_assert_cmpfloat (index_units (&result.consumed, "by_amount"), ==, 0);
    g_assert_cmpfloat (index_units (&result.consumed, "by_date"), ==, 1);
  }
}

static void
test_index_statistics (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(DdbTableInfo) info = NULL;
  const DdbIndexInfo *by_status;

  g_test_summary ("DescribeTable counts each index's entries; sparse indexes hold only items "
                  "with their key");

  create_orders (fixture->engine, 0);
  put_units (fixture->engine, "{\"customer\":{\"S\":\"a\"},\"order\":{\"N\":\"1\"},"
                              "\"status\":{\"S\":\"NEW\"}}");
  put_units (fixture->engine, "{\"customer\":{\"S\":\"a\"},\"order\":{\"N\":\"2\"}}");
  put_units (fixture->engine, "{\"customer\":{\"S\":\"b\"},\"order\":{\"N\":\"3\"},"
                              "\"status\":{\"S\":\"NEW\"}}");

  info = ddb_engine_describe_table (fixture->engine, "orders", NULL);
  by_status = &g_array_index (info->indexes, DdbIndexInfo, 0);
  g_assert_cmpstr (by_status->name, ==, "by_status");
  g_assert_true (by_status->global);
  g_assert_cmpint (by_status->status, ==, DDB_INDEX_STATUS_ACTIVE);
  g_assert_cmpint (by_status->item_count, ==, 2);
  /* KEYS_ONLY entries: customer (8+1) + order (5+2) + status (6+3) = 25 bytes */
  g_assert_cmpint (by_status->size_bytes, ==, 2 * 25 - 0);
  g_assert_cmpstr (by_status->arn, ==,
                   "arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/by_status");
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 1).item_count, ==, 0);
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 2).item_count, ==, 0);
}

static void
run_query (DdbEngine     *engine,
           const char    *index,
           const char    *condition,
           const char    *values_json,
           gboolean       consistent,
           DdbSelect      select,
           DdbReadResult *result,
           GError       **error)
{
  g_autoptr(DdbValue) values = item_from_json (values_json);
  DdbReadInput input;

  ddb_read_input_init (&input);
  input.table_name = "orders";
  input.index_name = index;
  input.key_condition_expression = condition;
  input.attributes.values = values;
  input.consistent_read = consistent;
  input.select = select;
  ddb_engine_query (engine, &input, result, error);
}

static void
test_gsi_query_capacity (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  /* by_amount entries: customer "cN" (8 + 2) + order 1N (5 + 2) + amount 50 (6 + 2) +
   * note (4 + n) = 2,000 bytes. */
  g_autofree char *note = repeat_char ('n', 2000 - 29);
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("TV-22: a GSI query matching 8 entries of 2,000 bytes reads 16 KB: 2 units, "
                  "eventually consistent, charged to the index");

  create_orders (fixture->engine, 0);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"customer\":{\"S\":\"c%u\"},\"order\":{\"N\":"
                                               "\"1%u\"},\"amount\":{\"N\":\"50\"},\"note\":"
                                               "{\"S\":\"%s\"}}", i, i, note);
      put_units (fixture->engine, json);
    }

  run_query (fixture->engine, "by_amount", "amount = :a", "{\":a\":{\"N\":\"50\"}}", FALSE,
             DDB_SELECT_DEFAULT, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result.count, ==, 8);
  g_assert_cmpuint (ddb_item_size (g_ptr_array_index (result.items, 0)), ==, 2000);
  g_assert_cmpfloat (index_units (&result.consumed, "by_amount"), ==, 2.0);
  g_assert_cmpfloat (result.consumed.table_read_units, ==, 0);
  /* The entries hold the projection only; a LastEvaluatedKey would hold 3 attributes. */
  g_assert_null (ddb_value_lookup (g_ptr_array_index (result.items, 0), "status"));
}

static void
test_lsi_fetches_base_items (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("threads");
  g_autoptr(DdbTableInfo) info = NULL;
  DdbIndexSpec *index;
  DdbReadInput input;
  g_autoptr(DdbValue) values = item_from_json ("{\":f\":{\"S\":\"f\"}}");

  g_test_summary ("TV-23: an LSI query of 4 small entries that fetches the base items costs "
                  "4 KB + 4 x 4 KB = 5 units, strongly consistent");

  ddb_table_spec_add_attribute (spec, "forum", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "subject", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "posted", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("forum");
  spec->key.sort_key = g_strdup ("subject");
  spec->throughput = (DdbThroughput) { 10, 10, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_posted", FALSE);
  index->key.partition_key = g_strdup ("forum");
  index->key.sort_key = g_strdup ("posted");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"forum\":{\"S\":\"f\"},\"subject\":{\"S\":\"s%u\"},"
                                               "\"posted\":{\"S\":\"p%u\"},\"body\":{\"S\":"
                                               "\"%0250u\"}}", i, i, i);
      put_json (fixture->engine, "threads", json);
    }

  ddb_read_input_init (&input);
  input.table_name = "threads";
  input.index_name = "by_posted";
  input.key_condition_expression = "forum = :f";
  input.attributes.values = values;
  input.consistent_read = TRUE;
  input.select = DDB_SELECT_ALL_ATTRIBUTES;
  g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (result.count, ==, 4);
  /* The items come back whole, body included. */
  g_assert_nonnull (ddb_value_lookup (g_ptr_array_index (result.items, 0), "body"));
  g_assert_cmpfloat (index_units (&result.consumed, "by_posted"), ==, 1.0);
  g_assert_cmpfloat (result.consumed.table_read_units, ==, 4.0);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 5.0);
  ddb_read_result_clear (&result);

  /* Without ALL_ATTRIBUTES the entries suffice: 1 unit, no fetch. */
  input.select = DDB_SELECT_DEFAULT;
  g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (ddb_consumed_capacity_get_total (&result.consumed), ==, 1.0);
  g_assert_null (ddb_value_lookup (g_ptr_array_index (result.items, 0), "body"));
}

static void
test_gsi_read_rules (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("GSIs refuse strongly consistent reads and ALL_ATTRIBUTES without an ALL "
                  "projection; unknown indexes are named");

  create_orders (fixture->engine, 0);

  run_query (fixture->engine, "by_status", "#s = :s", "{\":s\":{\"S\":\"NEW\"}}", TRUE,
             DDB_SELECT_DEFAULT, &result, &error);
  /* The name placeholder is not defined: the first error is about the read itself. */
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Consistent reads are not supported on global secondary "
                   "indexes");
  g_clear_error (&error);
  ddb_read_result_clear (&result);

  run_query (fixture->engine, "by_status", "#s = :s", "{\":s\":{\"S\":\"NEW\"}}", FALSE,
             DDB_SELECT_ALL_ATTRIBUTES, &result, &error);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Select type "
                   "ALL_ATTRIBUTES is not supported for global secondary index by_status because "
                   "its projection type is not ALL");
  g_clear_error (&error);
  ddb_read_result_clear (&result);

  run_query (fixture->engine, "nope", "customer = :c", "{\":c\":{\"S\":\"a\"}}", FALSE,
             DDB_SELECT_DEFAULT, &result, &error);
  g_assert_cmpstr (error->message, ==, "The table does not have the specified index: nope");
}

static void
test_index_key_validation (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  const struct { const char *item; const char *message; } cases[] = {
    { "{\"customer\":{\"S\":\"a\"},\"order\":{\"N\":\"1\"},\"status\":{\"N\":\"5\"}}",
      "One or more parameter values were invalid: Type mismatch for Index Key status Expected: "
      "S Actual: N IndexName: by_status" },
    { "{\"customer\":{\"S\":\"a\"},\"order\":{\"N\":\"1\"},\"placed\":{\"S\":\"\"}}",
      "One or more parameter values are not valid. A value specified for a secondary index key "
      "is not supported. The AttributeValue for a key attribute cannot contain an empty string "
      "value. IndexName: by_date, IndexKey: placed" },
  };

  create_orders (fixture->engine, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DdbValue) item = item_from_json (cases[i].item);
      DdbPutItemInput input = { .table_name = "orders", .item = item };
      g_auto(DdbWriteResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(DdbTableInfo) info = NULL;

      g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                       DDB_OUTCOME_ERROR);
      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      info = ddb_engine_describe_table (fixture->engine, "orders", NULL);
      g_assert_cmpint (info->live_item_count, ==, 0);
    }
}

static void
test_item_collection_limit (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *payload = repeat_char ('x', 100 * 1024);
  guint written = 0;
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("With an LSI, an item collection is limited like a partition (1 MB in this "
                  "demo table): the write that passes it fails and changes nothing");

  create_orders (fixture->engine, 1024 * 1024);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"customer\":{\"S\":\"big\"},\"order\":{\"N\":"
                                               "\"%u\"},\"placed\":{\"S\":\"d%u\"},\"p\":{\"S\":"
                                               "\"%s\"}}", i, i, payload);
      g_autoptr(DdbValue) item = item_from_json (json);
      DdbPutItemInput input = { .table_name = "orders", .item = item,
                                .return_item_collection_metrics = TRUE };
      g_auto(DdbWriteResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      DdbOutcome outcome = ddb_engine_put_item (fixture->engine, &input, &result, &error);

      if (outcome == DDB_OUTCOME_OK)
        {
          written++;
          g_assert_nonnull (result.collection.partition_key);
          g_assert_cmpfloat (result.collection.size_estimate_gb_low, ==, 0);
          g_assert_cmpfloat (result.collection.size_estimate_gb_high, ==, 1);
          continue;
        }

      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_ITEM_COLLECTION_SIZE_LIMIT);
      break;
    }

  /* Each item is ~100 KB in the table and again in the ALL-projected LSI: ~200 KB. */
  g_assert_cmpuint (written, ==, 5);
  info = ddb_engine_describe_table (fixture->engine, "orders", NULL);
  g_assert_cmpint (info->live_item_count, ==, 5);
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 2).live_item_count, ==, 5);
}

static void
test_index_pagination (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(DdbValue) values = item_from_json ("{\":s\":{\"S\":\"NEW\"}}");
  g_autoptr(DdbValue) start = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DdbReadInput input;

  g_test_summary ("Index pages resume after LastEvaluatedKey, which holds the index and "
                  "table keys, even among entries that share an index key");

  create_orders (fixture->engine, 0);
  for (guint i = 0; i < 12; i++)
    {
      /* Every entry shares status NEW and order 7: only the table key tells them apart. */
      g_autofree char *json = g_strdup_printf ("{\"customer\":{\"S\":\"c%02u\"},\"order\":"
                                               "{\"N\":\"7\"},\"status\":{\"S\":\"NEW\"}}", i);
      put_units (fixture->engine, json);
    }

  ddb_read_input_init (&input);
  input.table_name = "orders";
  input.index_name = "by_status";
  input.key_condition_expression = "#s = :s";
  input.attributes.values = values;
  input.limit = 5;
  {
    g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
    input.attributes.names = names;
    do
      {
        g_auto(DdbReadResult) result = { 0 };
        g_autoptr(GError) error = NULL;

        input.exclusive_start_key = start;
        g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                         DDB_OUTCOME_OK);
        g_assert_no_error (error);
        for (guint i = 0; i < result.items->len; i++)
          {
            DdbValue *customer = ddb_value_lookup (g_ptr_array_index (result.items, i),
                                                   "customer");

            g_assert_true (g_hash_table_add (seen,
                                             g_strdup (ddb_value_get_string (customer, NULL))));
          }
        if (result.last_evaluated_key != NULL)
          g_assert_cmpuint (ddb_value_get_length (result.last_evaluated_key), ==, 3);
        g_clear_pointer (&start, ddb_value_unref);
        start = result.last_evaluated_key != NULL ? ddb_value_ref (result.last_evaluated_key)
                                                  : NULL;
      }
    while (start != NULL);
  }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/indexes/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("write-units", test_index_write_units);
  ADD ("statistics", test_index_statistics);
  ADD ("gsi-query-capacity", test_gsi_query_capacity);
  ADD ("lsi-fetches-base-items", test_lsi_fetches_base_items);
  ADD ("gsi-read-rules", test_gsi_read_rules);
  ADD ("index-key-validation", test_index_key_validation);
  ADD ("item-collection-limit", test_item_collection_limit);
  ADD ("index-pagination", test_index_pagination);

#undef ADD

  return g_test_run ();
}
