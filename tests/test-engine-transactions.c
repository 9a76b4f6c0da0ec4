/* test-engine-transactions.c
 *
 * TransactWriteItems and TransactGetItems through the C API (engine/ddb-engine-transact.c)
 * and the ClientRequestToken register (engine/ddb-transaction-tokens.c):
 *
 *   - transactional capacity, 2 units per 1 KB written and per 4 KB read: TV-25 (3 x
 *     500 B = 6 WCU) and the exam's vector 6 (a 3 KB write 6 WCU, an 8 KB read 4 RCU, a
 *     missing item 2), reported per table
 *   - all or nothing: a false condition cancels the whole transaction with one reason per
 *     action, writes nothing (neither items nor index entries) and reports no capacity;
 *     the old item comes back in the reason only when asked for
 *   - Update, Delete and ConditionCheck actions
 *   - requests refused whole (ValidationException, nothing changed) and keys that cancel
 *     with a ValidationError reason; the LSI item collection limit as a reason
 *   - ClientRequestToken: replays, parameter mismatches, the ten-minute window, and the
 *     register's own unit tests
 *   - TransactGetItems: projections, request order with missing items, refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-item.h"
#include "ddb-transaction-tokens.h"
#include "engine-fixture.h"

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */


/* The item @key_json of @table (transfer full), or NULL. */
static DdbValue *
get_item (DdbEngine  *engine,
          const char *table,
          const char *key_json)
{
  DdbValue *item = NULL;

  get_units (engine, table, key_json, TRUE, &item);

  return item;
}

static gboolean
item_exists (DdbEngine  *engine,
             const char *table,
             const char *key_json)
{
  g_autoptr(DdbValue) item = get_item (engine, table, key_json);

  return item != NULL;
}

/* The number @name of item {"k": @key} in "tbl", or -1 when there is no such item or
 * attribute. */
static gint64
number_of (DdbEngine  *engine,
           const char *key,
           const char *name)
{
  g_autofree char *key_json = g_strdup_printf ("{\"k\":{\"S\":\"%s\"}}", key);
  g_autoptr(DdbValue) item = get_item (engine, "tbl", key_json);
  DdbValue *value;
  gint64 number;

  if (item == NULL || (value = ddb_value_lookup (item, name)) == NULL)
    return -1;
  g_assert_cmpint (ddb_value_get_kind (value), ==, DDB_KIND_N);
  g_assert_true (ddb_number_to_int64 (ddb_value_get_number (value), &number));

  return number;
}

static gint64
live_items (DdbEngine  *engine,
            const char *table)
{
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (engine, table, NULL);

  g_assert_nonnull (info);

  return info->live_item_count;
}

static DdbOutcome
transact (DdbEngine                    *engine,
          const DdbTransactWriteAction *actions,
          guint                         n_actions,
          const char                   *token,
          DdbTransactWriteResult       *result,
          GError                      **error)
{
  DdbTransactWriteInput input = { .actions = actions, .n_actions = n_actions,
                                  .client_request_token = token };

  return ddb_engine_transact_write_items (engine, &input, result, error);
}

static const DdbConsumedCapacity *
consumed_at (GArray *consumed,
             guint   i)
{
  g_assert_nonnull (consumed);
  g_assert_cmpuint (i, <, consumed->len);

  return &g_array_index (consumed, DdbConsumedCapacity, i);
}

static const DdbCancellationReason *
reason_at (GArray *reasons,
           guint   i)
{
  g_assert_nonnull (reasons);
  g_assert_cmpuint (i, <, reasons->len);

  return &g_array_index (reasons, DdbCancellationReason, i);
}

/* Checks the reasons of a cancelled transaction against @codes, a NULL-terminated list;
 * "None" has no message, a failed condition DynamoDB's message. */
static void
assert_reasons (GArray             *reasons,
                const char * const *codes)
{
  guint n = g_strv_length ((char **)codes);

  g_assert_nonnull (reasons);
  g_assert_cmpuint (reasons->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const DdbCancellationReason *reason = reason_at (reasons, i);

      g_assert_cmpstr (reason->code, ==, codes[i]);
      if (g_str_equal (codes[i], "None"))
        {
          g_assert_null (reason->message);
          g_assert_null (reason->item);
        }
      else if (g_str_equal (codes[i], "ConditionalCheckFailed"))
        g_assert_cmpstr (reason->message, ==, "The conditional request failed");
      else
        g_assert_nonnull (reason->message);
    }
}

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

/* A table "orders" (customer S, order N) with
 *   GSI "by_status"  (status S, order N), KEYS_ONLY
 *   LSI "by_date"    (customer S, placed S), ALL
 * provisioned at 100/100; @partition_max_bytes (0: the default) also bounds item
 * collections. */
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

  index = ddb_table_spec_add_index (spec, "by_date", FALSE);
  index->key.partition_key = g_strdup ("customer");
  index->key.sort_key = g_strdup ("placed");
  index->projection = DDB_PROJECTION_ALL;

  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->indexes->len, ==, 2);
}

/* The number of entries of "by_status" with @status, by Query. */
static gint64
query_status (DdbEngine  *engine,
              const char *status)
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

  return result.count;
}

/* ---------------------------------------------------------------------------------------
 * Capacity
 * ------------------------------------------------------------------------------------- */

static void
test_write_capacity (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DdbValue) a = item_of_size ("a", 500);
  g_autoptr(DdbValue) b = item_of_size ("b", 500);
  g_autoptr(DdbValue) c = item_of_size ("c", 500);
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = a },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = b },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = c },
  };
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("TV-25: a transaction of 3 puts of 500 B costs 6 WCU, 2 per item; "
                  "capacity is reported per table, first seen first");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  create_table (fixture->engine, "other", "k:S", 100, 100);

  g_assert_cmpint (transact (fixture->engine, actions, 3, NULL, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_OK);
  g_assert_null (result.reasons);
  g_assert_cmpuint (result.consumed->len, ==, 1);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 6.0);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 0);
  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 3);
  ddb_transact_write_result_clear (&result);

  /* Two tables: "other" first, then "tbl" twice (a and b replaced: same size, 2 each). */
  actions[0].table_name = "other";
  g_assert_cmpint (transact (fixture->engine, actions, 3, NULL, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (result.consumed->len, ==, 2);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "other");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 2.0);
  g_assert_cmpstr (consumed_at (result.consumed, 1)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (result.consumed, 1)->table_write_units, ==, 4.0);
  g_assert_true (item_exists (fixture->engine, "other", "{\"k\":{\"S\":\"a\"}}"));
}

static void
test_exam_vector (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(DdbValue) three = item_of_size ("three", 3 * 1024);
  g_autoptr(DdbValue) eight = item_of_size ("eight", 8 * 1024);
  g_autoptr(DdbValue) three_key = key_of ("three");
  g_autoptr(DdbValue) eight_key = key_of ("eight");
  g_autoptr(DdbValue) missing_key = key_of ("missing");
  DdbTransactWriteAction write = { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                   .item = three };
  DdbTransactGetAction gets[] = {
    { .table_name = "tbl", .key = eight_key },
    { .table_name = "tbl", .key = missing_key },
    { .table_name = "tbl", .key = three_key },
  };
  DdbTransactGetInput input = { .actions = gets, .n_actions = 1 };
  g_auto(DdbTransactWriteResult) written = { 0 };
  g_auto(DdbTransactGetResult) got = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Exam vector 6: a transactional write of 3 KB costs 6 WCU, a transactional "
                  "read of 8 KB 4 RCU; a missing item reads as 2");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_value (fixture->engine, "tbl", eight);

  g_assert_cmpint (transact (fixture->engine, &write, 1, NULL, &written, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpfloat (consumed_at (written.consumed, 0)->table_write_units, ==, 6.0);

  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &got, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (got.outcome, ==, DDB_OUTCOME_OK);
  g_assert_cmpuint (got.consumed->len, ==, 1);
  g_assert_cmpstr (consumed_at (got.consumed, 0)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (got.consumed, 0)->table_read_units, ==, 4.0);
  g_assert_cmpfloat (consumed_at (got.consumed, 0)->table_write_units, ==, 0);
  g_assert_cmpuint (got.items->len, ==, 1);
  g_assert_cmpuint (ddb_item_size (g_ptr_array_index (got.items, 0)), ==, 8 * 1024);
  ddb_transact_get_result_clear (&got);

  input.actions = gets + 1;
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &got, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (got.consumed, 0)->table_read_units, ==, 2.0);
  g_assert_cmpuint (got.items->len, ==, 1);
  g_assert_null (g_ptr_array_index (got.items, 0));
  ddb_transact_get_result_clear (&got);

  /* All three: 4 + 2 + 2 (3 KB is one 4 KB block). */
  input.actions = gets;
  input.n_actions = 3;
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &got, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpfloat (consumed_at (got.consumed, 0)->table_read_units, ==, 8.0);
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------------------------
 * All or nothing
 * ------------------------------------------------------------------------------------- */

static void
test_all_or_nothing (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DdbValue) c1 = item_from_json ("{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"1\"},"
                                           "\"status\":{\"S\":\"NEW\"}}");
  g_autoptr(DdbValue) c2 = item_from_json ("{\"customer\":{\"S\":\"c2\"},\"order\":{\"N\":\"2\"},"
                                           "\"status\":{\"S\":\"NEW\"},"
                                           "\"placed\":{\"S\":\"mon\"}}");
  g_autoptr(DdbValue) c1_5 = item_from_json ("{\"customer\":{\"S\":\"c1\"},\"order\":"
                                             "{\"N\":\"5\"},\"status\":{\"S\":\"NEW\"}}");
  g_autoptr(DdbValue) c1_key = item_from_json ("{\"customer\":{\"S\":\"c1\"},\"order\":"
                                               "{\"N\":\"1\"}}");
  g_autoptr(DdbValue) c3_key = item_from_json ("{\"customer\":{\"S\":\"c3\"},\"order\":"
                                               "{\"N\":\"3\"}}");
  g_autoptr(DdbValue) values = item_from_json ("{\":shipped\":{\"S\":\"SHIPPED\"}}");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_PUT, .table_name = "orders", .item = c2 },
    { .kind = DDB_TRANSACT_UPDATE, .table_name = "orders", .key = c1_key,
      .update_expression = "SET #s = :shipped", .attributes = { names, values } },
    { .kind = DDB_TRANSACT_CONDITION_CHECK, .table_name = "orders", .key = c3_key,
      .condition_expression = "attribute_exists(customer)" },
    { .kind = DDB_TRANSACT_PUT, .table_name = "orders", .item = c1_5 },
  };
  const char * const third_fails[] = { "None", "None", "ConditionalCheckFailed", "None", NULL };
  const char * const both_fail[] = { "None", "None", "ConditionalCheckFailed",
                                     "ConditionalCheckFailed", NULL };
  g_autoptr(DdbValue) stored = NULL;
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("A false condition cancels the whole transaction: one reason per action "
                  "(every failed condition reported), nothing written to the table or its "
                  "indexes, no capacity reported");

  g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
  create_orders (fixture->engine, 0);
  put_value (fixture->engine, "orders", c1);

  for (guint run = 0; run < 2; run++)
    {
      g_auto(DdbTransactWriteResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      /* The second time, the 4th action fails too: a put over a missing item. */
      if (run == 1)
        actions[3].condition_expression = "attribute_exists(customer)";

      g_assert_cmpint (transact (fixture->engine, actions, 4, NULL, &result, &error), ==,
                       DDB_OUTCOME_TRANSACTION_CANCELED);
      g_assert_no_error (error);
      g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_TRANSACTION_CANCELED);
      g_assert_null (result.consumed);
      assert_reasons (result.reasons, run == 0 ? third_fails : both_fail);
      for (guint i = 0; i < 4; i++)
        g_assert_null (reason_at (result.reasons, i)->item);

      message = ddb_cancellation_reasons_message (result.reasons);
      g_assert_cmpstr (message, ==, run == 0
                       ? "Transaction cancelled, please refer cancellation reasons for specific "
                         "reasons [None, None, ConditionalCheckFailed, None]"
                       : "Transaction cancelled, please refer cancellation reasons for specific "
                         "reasons [None, None, ConditionalCheckFailed, ConditionalCheckFailed]");

      /* Nothing written: no c2, no c1/5, c1 still NEW, and the GSI unchanged. */
      g_assert_false (item_exists (fixture->engine, "orders",
                                   "{\"customer\":{\"S\":\"c2\"},\"order\":{\"N\":\"2\"}}"));
      g_assert_false (item_exists (fixture->engine, "orders",
                                   "{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"5\"}}"));
      stored = get_item (fixture->engine, "orders",
                         "{\"customer\":{\"S\":\"c1\"},\"order\":{\"N\":\"1\"}}");
      g_assert_true (ddb_value_equal (stored, c1));
      g_clear_pointer (&stored, ddb_value_unref);
      g_assert_cmpint (query_status (fixture->engine, "NEW"), ==, 1);
      g_assert_cmpint (query_status (fixture->engine, "SHIPPED"), ==, 0);
      info = ddb_engine_describe_table (fixture->engine, "orders", NULL);
      g_assert_cmpint (info->live_item_count, ==, 1);
      g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 0).live_item_count, ==, 1);
      g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 1).live_item_count, ==, 0);
      g_clear_pointer (&info, ddb_table_info_free);
    }

  /* Without the failing check the same actions commit: the GSI follows. */
  actions[3].condition_expression = NULL;
  {
    g_auto(DdbTransactWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (transact (fixture->engine, (DdbTransactWriteAction[]) { actions[0],
                                                                             actions[1],
                                                                             actions[3] },
                               3, NULL, &result, &error), ==, DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_null (result.reasons);
    g_assert_cmpint (query_status (fixture->engine, "NEW"), ==, 2);
    g_assert_cmpint (query_status (fixture->engine, "SHIPPED"), ==, 1);
    g_assert_cmpint (live_items (fixture->engine, "orders"), ==, 3);
  }
}

static void
test_return_old_on_condition_failure (EngineFixture *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(DdbValue) x = item_from_json ("{\"k\":{\"S\":\"x\"},\"v\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) x_key = key_of ("x");
  g_autoptr(DdbValue) y = item_from_json ("{\"k\":{\"S\":\"y\"}}");
  g_autoptr(DdbValue) two = item_from_json ("{\":two\":{\"N\":\"2\"}}");
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_CONDITION_CHECK, .table_name = "tbl", .key = x_key,
      .condition_expression = "v = :two", .attributes = { NULL, two },
      .return_old_on_condition_failure = TRUE },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = y,
      .condition_expression = "attribute_exists(k)", .return_old_on_condition_failure = TRUE },
  };
  const char * const both_fail[] = { "ConditionalCheckFailed", "ConditionalCheckFailed", NULL };
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("ReturnValuesOnConditionCheckFailure ALL_OLD puts the existing item in the "
                  "reason of a failed condition; without it, or with no item, there is none");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_value (fixture->engine, "tbl", x);

  g_assert_cmpint (transact (fixture->engine, actions, 2, NULL, &result, &error), ==,
                   DDB_OUTCOME_TRANSACTION_CANCELED);
  g_assert_no_error (error);
  assert_reasons (result.reasons, both_fail);
  g_assert_nonnull (reason_at (result.reasons, 0)->item);
  g_assert_true (ddb_value_equal (reason_at (result.reasons, 0)->item, x));
  /* y does not exist: nothing to return. */
  g_assert_null (reason_at (result.reasons, 1)->item);
  ddb_transact_write_result_clear (&result);

  actions[0].return_old_on_condition_failure = FALSE;
  g_assert_cmpint (transact (fixture->engine, actions, 2, NULL, &result, &error), ==,
                   DDB_OUTCOME_TRANSACTION_CANCELED);
  assert_reasons (result.reasons, both_fail);
  g_assert_null (reason_at (result.reasons, 0)->item);
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"y\"}}"));
  g_assert_no_error (error);
}

static void
test_actions_apply (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(DdbValue) ctr = item_from_json ("{\"k\":{\"S\":\"ctr\"},\"x\":{\"N\":\"5\"}}");
  g_autoptr(DdbValue) gone = item_from_json ("{\"k\":{\"S\":\"gone\"},\"v\":{\"S\":\"bye\"}}");
  g_autoptr(DdbValue) checked = item_from_json ("{\"k\":{\"S\":\"checked\"},\"v\":{\"S\":\"s\"}}");
  g_autoptr(DdbValue) fresh = item_from_json ("{\"k\":{\"S\":\"fresh\"}}");
  g_autoptr(DdbValue) ctr_key = key_of ("ctr");
  g_autoptr(DdbValue) gone_key = key_of ("gone");
  g_autoptr(DdbValue) checked_key = key_of ("checked");
  g_autoptr(DdbValue) absent_key = key_of ("absent");
  g_autoptr(DdbValue) one = item_from_json ("{\":one\":{\"N\":\"1\"}}");
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_UPDATE, .table_name = "tbl", .key = ctr_key,
      .update_expression = "SET x = x + :one", .attributes = { NULL, one } },
    { .kind = DDB_TRANSACT_DELETE, .table_name = "tbl", .key = gone_key },
    { .kind = DDB_TRANSACT_CONDITION_CHECK, .table_name = "tbl", .key = checked_key,
      .condition_expression = "attribute_exists(k)" },
    { .kind = DDB_TRANSACT_CONDITION_CHECK, .table_name = "tbl", .key = absent_key,
      .condition_expression = "attribute_not_exists(k)" },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = fresh },
  };
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbValue) stored = NULL;
  g_autoptr(DdbTableInfo) before = NULL;
  g_autoptr(DdbTableInfo) after = NULL;

  g_test_summary ("Update actions apply their expression, Delete actions delete, "
                  "ConditionCheck actions write nothing; each small item costs 2");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_value (fixture->engine, "tbl", ctr);
  put_value (fixture->engine, "tbl", gone);
  put_value (fixture->engine, "tbl", checked);
  before = ddb_engine_describe_table (fixture->engine, "tbl", NULL);

  g_assert_cmpint (transact (fixture->engine, actions, G_N_ELEMENTS (actions), NULL, &result,
                             &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 5 * 2);

  g_assert_cmpint (number_of (fixture->engine, "ctr", "x"), ==, 6);
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"gone\"}}"));
  stored = get_item (fixture->engine, "tbl", "{\"k\":{\"S\":\"checked\"}}");
  g_assert_true (ddb_value_equal (stored, checked));
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"absent\"}}"));
  g_assert_true (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"fresh\"}}"));

  /* ctr, checked, fresh: one item gone, one added, ctr the same size. */
  after = ddb_engine_describe_table (fixture->engine, "tbl", NULL);
  g_assert_cmpint (after->live_item_count, ==, 3);
  g_assert_cmpint (after->live_size_bytes, ==, before->live_size_bytes - ddb_item_size (gone) +
                                               ddb_item_size (fresh));
}

/* ---------------------------------------------------------------------------------------
 * Refusals
 * ------------------------------------------------------------------------------------- */

/* Runs a transaction that must fail with @code (and @message when not NULL), then
 * checks that "tbl" holds only "keep", unchanged. */
static void
assert_transact_refused (DdbEngine                    *engine,
                         const DdbTransactWriteAction *actions,
                         guint                         n_actions,
                         const char                   *token,
                         gint                          code,
                         const char                   *message)
{
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (transact (engine, actions, n_actions, token, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_ERROR);
  assert_refused (&error, code, message);
  g_assert_null (result.reasons);
  g_assert_null (result.consumed);

  g_assert_cmpint (live_items (engine, "tbl"), ==, 1);
  g_assert_cmpint (number_of (engine, "keep", "n"), ==, 1);
}

static void
test_validation (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  g_autoptr(DdbValue) keep = item_from_json ("{\"k\":{\"S\":\"keep\"},\"n\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) keep_key = key_of ("keep");
  g_autoptr(DdbValue) fresh = item_from_json ("{\"k\":{\"S\":\"fresh\"}}");
  g_autoptr(DdbValue) fresh_key = key_of ("fresh");
  g_autoptr(DdbValue) unused = item_from_json ("{\":unused\":{\"S\":\"x\"}}");
  g_autoptr(DdbValue) one = item_from_json ("{\":one\":{\"N\":\"1\"}}");
  DdbTransactWriteAction actions[101];
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Requests refused whole, changing nothing: 0 or 101 actions, two actions "
                  "on one item, missing required members, an unused value in any action, a "
                  "payload over 4 MB, a missing table");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_value (fixture->engine, "tbl", keep);
  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *name = g_strdup_printf ("k%u", i);

      g_ptr_array_add (items, item_of_size (name, 100));
    }

  assert_transact_refused (fixture->engine, actions, 0, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "1 validation error detected: Value '[]' at 'transactItems' failed "
                           "to satisfy constraint: Member must have length greater than or "
                           "equal to 1");

  for (guint i = 0; i < 101; i++)
    actions[i] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                            .item = g_ptr_array_index (items, i) };
  assert_transact_refused (fixture->engine, actions, 101, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "1 validation error detected: Value at 'transactItems' failed to "
                           "satisfy constraint: Member must have length less than or equal "
                           "to 100");

  /* A Put and a ConditionCheck of one item. */
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                          .item = fresh };
  actions[2] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_CONDITION_CHECK,
                                          .table_name = "tbl", .key = fresh_key,
                                          .condition_expression = "attribute_not_exists(k)" };
  assert_transact_refused (fixture->engine, actions, 3, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "Transaction request cannot include multiple operations on one item");

  /* A ConditionCheck without a condition, an Update without an update expression. */
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_CONDITION_CHECK,
                                          .table_name = "tbl", .key = keep_key };
  assert_transact_refused (fixture->engine, actions, 2, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "1 validation error detected: Value null at 'transactItems.2.member."
                           "conditionCheck.conditionExpression' failed to satisfy constraint: "
                           "Member must not be null");
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_UPDATE, .table_name = "tbl",
                                          .key = keep_key, .attributes = { NULL, one } };
  assert_transact_refused (fixture->engine, actions + 1, 1, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "1 validation error detected: Value null at 'transactItems.1.member."
                           "update.updateExpression' failed to satisfy constraint: Member "
                           "must not be null");

  /* An unused value in the second action refuses the first too. */
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                          .item = fresh,
                                          .condition_expression = "attribute_not_exists(k)",
                                          .attributes = { NULL, unused } };
  assert_transact_refused (fixture->engine, actions, 2, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "Value provided in ExpressionAttributeValues unused in expressions: "
                           "keys: {:unused}");

  /* A missing table after a good action. */
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "nope",
                                          .item = fresh };
  assert_transact_refused (fixture->engine, actions, 2, NULL,
                           DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND, NULL);

  /* 12 x 350 KB = 4.1 MiB: over 4 MB.  11 fit (3.8 MiB), 7,700 WCU. */
  g_ptr_array_set_size (items, 0);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("big%u", i);

      g_ptr_array_add (items, item_of_size (name, 350 * 1024));
      actions[i] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                              .item = g_ptr_array_index (items, i) };
    }
  assert_transact_refused (fixture->engine, actions, 12, NULL, DDB_ENGINE_ERROR_VALIDATION,
                           "Transaction request size cannot exceed 4 MB");

  g_assert_cmpint (transact (fixture->engine, actions, 11, NULL, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 11 * 350 * 2);
  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 12);
}

static void
test_max_actions (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbTransactWriteAction actions[100];
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("100 actions on distinct items are accepted: 200 WCU for small items");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("k%u", i);

      g_ptr_array_add (items, item_of_size (name, 100));
      actions[i] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "tbl",
                                              .item = g_ptr_array_index (items, i) };
    }

  g_assert_cmpint (transact (fixture->engine, actions, 100, NULL, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 200);
  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 100);
}

static void
test_key_validation_reason (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(DdbValue) keep = item_from_json ("{\"k\":{\"S\":\"keep\"},\"n\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) keep_key = key_of ("keep");
  g_autoptr(DdbValue) fresh = item_from_json ("{\"k\":{\"S\":\"fresh\"}}");
  g_autoptr(DdbValue) other = item_from_json ("{\"k\":{\"S\":\"other\"}}");
  g_autoptr(DdbValue) wrong_key = item_from_json ("{\"k\":{\"N\":\"1\"}}");
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = fresh },
    { .kind = DDB_TRANSACT_CONDITION_CHECK, .table_name = "tbl", .key = keep_key,
      .condition_expression = "attribute_not_exists(k)" },
    { .kind = DDB_TRANSACT_DELETE, .table_name = "tbl", .key = wrong_key },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = other,
      .condition_expression = "attribute_exists(k)" },
  };
  const char * const third_invalid[] = { "None", "None", "ValidationError", "None", NULL };
  const char * const first_invalid[] = { "ValidationError", "None", "None", "None", NULL };

  g_test_summary ("A key of the wrong type cancels the transaction: ValidationError on that "
                  "action, None on every other, even those whose condition is false");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  put_value (fixture->engine, "tbl", keep);

  {
    g_auto(DdbTransactWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (transact (fixture->engine, actions, 4, NULL, &result, &error), ==,
                     DDB_OUTCOME_TRANSACTION_CANCELED);
    g_assert_no_error (error);
    assert_reasons (result.reasons, third_invalid);
    g_assert_cmpstr (reason_at (result.reasons, 2)->message, ==,
                     "The provided key element does not match the schema");
    g_assert_null (result.consumed);
  }

  /* A put item whose key has the wrong type. */
  actions[0].item = wrong_key;
  actions[2].key = fresh;
  {
    g_auto(DdbTransactWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (transact (fixture->engine, actions, 4, NULL, &result, &error), ==,
                     DDB_OUTCOME_TRANSACTION_CANCELED);
    g_assert_no_error (error);
    assert_reasons (result.reasons, first_invalid);
    g_assert_cmpstr (reason_at (result.reasons, 0)->message, ==,
                     "One or more parameter values were invalid: Type mismatch for key k "
                     "expected: S actual: N");
  }

  g_assert_cmpint (live_items (fixture->engine, "tbl"), ==, 1);
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"fresh\"}}"));
  g_assert_false (item_exists (fixture->engine, "tbl", "{\"k\":{\"S\":\"other\"}}"));
}

static void
test_item_collection_limit (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *payload = repeat_char ('x', 100 * 1024);
  g_autoptr(GPtrArray) big = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  g_autoptr(DdbValue) other = item_from_json ("{\"customer\":{\"S\":\"other\"},\"order\":"
                                              "{\"N\":\"1\"},\"status\":{\"S\":\"NEW\"}}");
  DdbTransactWriteAction actions[3];
  const char * const last_too_big[] = { "None", "None", "ItemCollectionSizeLimitExceeded", NULL };
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("With an LSI, a transaction that would pass the item collection limit (1 MB "
                  "in this demo table) is cancelled with ItemCollectionSizeLimitExceeded and "
                  "writes nothing");

  create_orders (fixture->engine, 1024 * 1024);

  /* ~200 KB per item (the item and its ALL-projected LSI entry): 5 fit, the 6th does not
   * (see test-engine-indexes.c). */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"customer\":{\"S\":\"big\"},\"order\":{\"N\":"
                                               "\"%u\"},\"placed\":{\"S\":\"d%u\"},\"p\":{\"S\":"
                                               "\"%s\"}}", i, i, payload);

      g_ptr_array_add (big, item_from_json (json));
      if (i < 4)
        put_value (fixture->engine, "orders", g_ptr_array_index (big, i));
    }

  actions[0] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "orders",
                                          .item = other };
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "orders",
                                          .item = g_ptr_array_index (big, 4) };
  actions[2] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "orders",
                                          .item = g_ptr_array_index (big, 5) };
  {
    g_auto(DdbTransactWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (transact (fixture->engine, actions, 3, NULL, &result, &error), ==,
                     DDB_OUTCOME_TRANSACTION_CANCELED);
    g_assert_no_error (error);
    assert_reasons (result.reasons, last_too_big);
    g_assert_cmpstr (reason_at (result.reasons, 2)->message, ==, "Collection size exceeded.");
    g_assert_null (result.consumed);
  }

  info = ddb_engine_describe_table (fixture->engine, "orders", NULL);
  g_assert_cmpint (info->live_item_count, ==, 4);
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 0).live_item_count, ==, 0);
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 1).live_item_count, ==, 4);
  g_assert_cmpint (query_status (fixture->engine, "NEW"), ==, 0);
  g_assert_false (item_exists (fixture->engine, "orders",
                               "{\"customer\":{\"S\":\"big\"},\"order\":{\"N\":\"4\"}}"));

  /* Without the 6th item the collection fits: the transaction commits. */
  {
    g_auto(DdbTransactWriteResult) result = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (transact (fixture->engine, actions, 2, NULL, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpint (live_items (fixture->engine, "orders"), ==, 6);
    g_assert_cmpint (query_status (fixture->engine, "NEW"), ==, 1);
  }
}

/* ---------------------------------------------------------------------------------------
 * ClientRequestToken
 * ------------------------------------------------------------------------------------- */

static void
test_client_request_token (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(DdbValue) ctr_key = key_of ("ctr");
  g_autoptr(DdbValue) blob = item_of_size ("blob", 5000);
  g_autoptr(DdbValue) one = item_from_json ("{\":one\":{\"N\":\"1\"}}");
  g_autoptr(DdbValue) two = item_from_json ("{\":one\":{\"N\":\"2\"}}");
  DdbTransactWriteAction actions[] = {
    { .kind = DDB_TRANSACT_UPDATE, .table_name = "tbl", .key = ctr_key,
      .update_expression = "ADD hits :one", .attributes = { NULL, one } },
    { .kind = DDB_TRANSACT_PUT, .table_name = "tbl", .item = blob },
  };
  g_autofree char *token_36 = repeat_char ('t', 36);
  g_autofree char *token_37 = repeat_char ('t', 37);
  g_autofree char *message_37 = g_strdup_printf ("1 validation error detected: Value '%s' at "
                                                 "'clientRequestToken' failed to satisfy "
                                                 "constraint: Member must have length less "
                                                 "than or equal to 36", token_37);
  g_autoptr(GError) error = NULL;

  g_test_summary ("ClientRequestToken: a replay within 10 minutes succeeds without applying "
                  "and reports transactional read units; other parameters with the same "
                  "token are a mismatch; after 10 minutes the token is new again");

  create_table (fixture->engine, "tbl", "k:S", 100, 100);

  /* First: ctr {k, hits: 1} is 10 bytes (2 units), blob 5,000 bytes (5 x 2). */
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_36, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 2 + 10);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 0);
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 1);
  }

  /* The same request again, a minute later: nothing applied; read units 2 x 1 block for
   * ctr, 2 x 2 blocks for blob. */
  g_assert_true (ddb_engine_advance (fixture->engine, 60 * G_USEC_PER_SEC, NULL));
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_36, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpint (result.outcome, ==, DDB_OUTCOME_OK);
    g_assert_null (result.reasons);
    g_assert_cmpuint (result.consumed->len, ==, 1);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 2 + 4);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 0);
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 1);
  }

  /* Another value with the same token: a mismatch, nothing applied. */
  actions[0].attributes.values = two;
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_36, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_IDEMPOTENT_PARAMETER_MISMATCH,
                    "Request parameters do not match the parameters of the previous request "
                    "with this ClientRequestToken");
    g_assert_null (result.consumed);
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 1);
  }
  actions[0].attributes.values = one;

  /* 9 min 59 s after the first request: still a replay. */
  g_assert_true (ddb_engine_advance (fixture->engine, 9 * 60 * G_USEC_PER_SEC - G_USEC_PER_SEC,
                                     NULL));
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_36, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 0);
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 1);
  }

  /* 10 min 1 s after it: a new request, applied again; blob is replaced (5 x 2). */
  g_assert_true (ddb_engine_advance (fixture->engine, 2 * G_USEC_PER_SEC, NULL));
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_36, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_write_units, ==, 2 + 10);
    g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 0);
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 2);
  }

  /* Tokens of 37 characters and empty ones are refused. */
  {
    g_auto(DdbTransactWriteResult) result = { 0 };

    g_assert_cmpint (transact (fixture->engine, actions, 2, token_37, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION, message_37);
    g_assert_cmpint (transact (fixture->engine, actions, 2, "", &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                    "1 validation error detected: Value '' at 'clientRequestToken' failed to "
                    "satisfy constraint: Member must have length greater than or equal to 1");
    g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 2);
  }

  /* Without a token the same request applies every time. */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(DdbTransactWriteResult) result = { 0 };

      g_assert_cmpint (transact (fixture->engine, actions, 2, NULL, &result, &error), ==,
                       DDB_OUTCOME_OK);
      g_assert_no_error (error);
    }
  g_assert_cmpint (number_of (fixture->engine, "ctr", "hits"), ==, 4);
}

static void
test_token_register (void)
{
  g_autoptr(DdbTransactionTokens) tokens = ddb_transaction_tokens_new ();
  const gint64 t0 = DDB_ENGINE_DEFAULT_START_USEC;
  const gint64 window = DDB_TRANSACTION_TOKEN_WINDOW_USEC;

  g_test_summary ("The token register: NEW, REPLAY for the same fingerprint, MISMATCH for "
                  "another, until exactly ten minutes after the request, then NEW again");

  g_assert_cmpint (window, ==, G_GINT64_CONSTANT (600000000));

  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp1", t0), ==, DDB_TOKEN_NEW);
  /* A check does not record. */
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 0);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp2", t0), ==, DDB_TOKEN_NEW);

  ddb_transaction_tokens_record (tokens, "a", "fp1", t0);
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 1);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp1", t0), ==, DDB_TOKEN_REPLAY);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp2", t0), ==,
                   DDB_TOKEN_MISMATCH);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "b", "fp1", t0), ==, DDB_TOKEN_NEW);

  /* The last microsecond of the window, then its end. */
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp1", t0 + window - 1), ==,
                   DDB_TOKEN_REPLAY);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp2", t0 + window - 1), ==,
                   DDB_TOKEN_MISMATCH);
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 1);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp2", t0 + window), ==,
                   DDB_TOKEN_NEW);
  /* The expired token was forgotten by that check. */
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 0);

  /* Recorded again with another request, the token is bound to that one. */
  ddb_transaction_tokens_record (tokens, "a", "fp2", t0 + window);
  ddb_transaction_tokens_record (tokens, "b", "fp1", t0 + window + 5);
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 2);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp2", t0 + window), ==,
                   DDB_TOKEN_REPLAY);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "a", "fp1", t0 + window), ==,
                   DDB_TOKEN_MISMATCH);

  /* At a's window end only a expires; b has 5 microseconds left. */
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "c", "fp3", t0 + 2 * window), ==,
                   DDB_TOKEN_NEW);
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 1);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "b", "fp1", t0 + 2 * window + 4), ==,
                   DDB_TOKEN_REPLAY);
  g_assert_cmpint (ddb_transaction_tokens_check (tokens, "b", "fp1", t0 + 2 * window + 5), ==,
                   DDB_TOKEN_NEW);
  g_assert_cmpuint (ddb_transaction_tokens_count (tokens), ==, 0);
}

/* ---------------------------------------------------------------------------------------
 * TransactGetItems
 * ------------------------------------------------------------------------------------- */

static void
test_get_items (EngineFixture *fixture,
                gconstpointer  user_data)
{
  g_autofree char *pad = repeat_char ('x', 5000);
  g_autofree char *p_json = g_strdup_printf ("{\"k\":{\"S\":\"p\"},\"v\":{\"S\":\"%s\"},"
                                             "\"w\":{\"N\":\"7\"}}", pad);
  g_autoptr(DdbValue) p_key = key_of ("p");
  g_autoptr(DdbValue) p_again = key_of ("p");
  g_autoptr(DdbValue) zz_key = key_of ("zz");
  g_autoptr(DdbValue) q_key = key_of ("q");
  g_autoptr(DdbValue) wrong_key = item_from_json ("{\"k\":{\"N\":\"1\"}}");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbTransactGetAction actions[] = {
    { .table_name = "tbl", .key = zz_key },
    { .table_name = "tbl", .key = p_key, .projection_expression = "#w",
      .attributes = { names, NULL } },
    { .table_name = "other", .key = q_key },
  };
  DdbTransactGetInput input = { .actions = actions, .n_actions = 3 };
  g_auto(DdbTransactGetResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("TransactGetItems returns items in request order, NULL for a missing one; "
                  "projections shape but do not reduce the cost; duplicates, wrong keys and "
                  "missing tables refuse the request");

  g_hash_table_insert (names, (gpointer)"#w", (gpointer)"w");
  create_table (fixture->engine, "tbl", "k:S", 100, 100);
  create_table (fixture->engine, "other", "k:S", 100, 100);
  /* p: k (1 + 1) + v (1 + 5,000) + w (1 + 2) = 5,006 bytes: 2 blocks. */
  put_json (fixture->engine, "tbl", p_json);
  put_json (fixture->engine, "other", "{\"k\":{\"S\":\"q\"}}");

  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (result.items->len, ==, 3);
  g_assert_null (g_ptr_array_index (result.items, 0));
  text = ddb_item_to_json_text (g_ptr_array_index (result.items, 1));
  g_assert_cmpstr (text, ==, "{\"w\":{\"N\":\"7\"}}");
  g_clear_pointer (&text, g_free);
  text = ddb_item_to_json_text (g_ptr_array_index (result.items, 2));
  g_assert_cmpstr (text, ==, "{\"k\":{\"S\":\"q\"}}");
  /* tbl: missing 2 + p 2 x 2; other: 2. */
  g_assert_cmpuint (result.consumed->len, ==, 2);
  g_assert_cmpstr (consumed_at (result.consumed, 0)->table_name, ==, "tbl");
  g_assert_cmpfloat (consumed_at (result.consumed, 0)->table_read_units, ==, 6.0);
  g_assert_cmpstr (consumed_at (result.consumed, 1)->table_name, ==, "other");
  g_assert_cmpfloat (consumed_at (result.consumed, 1)->table_read_units, ==, 2.0);
  ddb_transact_get_result_clear (&result);

  /* The same item twice, even with different projections. */
  actions[0].key = p_again;
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                  "Transaction request cannot include multiple operations on one item");
  g_assert_null (result.items);
  g_assert_null (result.consumed);
  ddb_transact_get_result_clear (&result);

  /* The same key in two tables is two items. */
  actions[0].key = zz_key;
  actions[2].key = p_again;
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_null (g_ptr_array_index (result.items, 2));
  ddb_transact_get_result_clear (&result);

  actions[2].table_name = "nope";
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  assert_refused (&error, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND, NULL);
  ddb_transact_get_result_clear (&result);

  actions[2] = (DdbTransactGetAction) { .table_name = "tbl", .key = wrong_key };
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                  "The provided key element does not match the schema");
  ddb_transact_get_result_clear (&result);

  input.n_actions = 0;
  g_assert_cmpint (ddb_engine_transact_get_items (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_ERROR);
  assert_refused (&error, DDB_ENGINE_ERROR_VALIDATION,
                  "1 validation error detected: Value '[]' at 'transactItems' failed to "
                  "satisfy constraint: Member must have length greater than or equal to 1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/transactions/" path, EngineFixture, NULL, engine_fixture_set_up, \
              func, engine_fixture_tear_down)

  ADD ("write-capacity", test_write_capacity);
  ADD ("exam-vector", test_exam_vector);
  ADD ("all-or-nothing", test_all_or_nothing);
  ADD ("return-old-on-condition-failure", test_return_old_on_condition_failure);
  ADD ("actions-apply", test_actions_apply);
  ADD ("validation", test_validation);
  ADD ("max-actions", test_max_actions);
  ADD ("key-validation-reason", test_key_validation_reason);
  ADD ("item-collection-limit", test_item_collection_limit);
  ADD ("client-request-token", test_client_request_token);
  ADD ("get-items", test_get_items);
  g_test_add_func ("/ddb/engine/transactions/token-register", test_token_register);

#undef ADD

  return g_test_run ();
}
