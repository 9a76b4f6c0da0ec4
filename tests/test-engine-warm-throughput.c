/* test-engine-warm-throughput.c
 *
 * WarmThroughput of global secondary indexes, through ddb_dispatch() and the C API:
 * CreateTable's GlobalSecondaryIndexes[].WarmThroughput, UpdateTable's Create and Update
 * actions (an Update with WarmThroughput alone or with throughput), the partitions a
 * pre-warmed GSI gets at once, the rule that warm throughput never decreases, what
 * DescribeTable reports for provisioned and on-demand GSIs, what an on-demand GSI serves
 * at once, and the values kept across reopening a file database.
 *
 * Partition counts are the doubling of ddb_table_split_for_peak(): the target is
 * max(ceil(R / 3000), ceil(W / 1000)), and the GSI's partitions double until they reach
 * it (a provisioned 5/5 GSI starts with 1, an on-demand one with 4).
 *
 * Request texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dispatch-fixture.h"

#define DECREASED "One or more parameter values were invalid: WarmThroughput cannot be " \
                  "decreased once raised"

/* The head of a CreateTable request for @name (hash "id"), with attributes g and h
 * defined for the indexes; the caller adds billing and the GlobalSecondaryIndexes. */
#define CREATE_HEAD(name) \
  "{'TableName': '" name "', 'AttributeDefinitions': [" \
  "{'AttributeName': 'id', 'AttributeType': 'S'}, " \
  "{'AttributeName': 'g', 'AttributeType': 'S'}, " \
  "{'AttributeName': 'h', 'AttributeType': 'S'}], " \
  "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}], "
#define PROVISIONED_5 "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}"
/* A GSI named @name on @key, projecting ALL, with @extra members (throughput, warm). */
#define GSI(name, key, extra) \
  "{'IndexName': '" name "', 'KeySchema': [{'AttributeName': '" key "', " \
  "'KeyType': 'HASH'}], 'Projection': {'ProjectionType': 'ALL'}" extra "}"
#define WARM(r, w) ", 'WarmThroughput': {'ReadUnitsPerSecond': " #r ", " \
                   "'WriteUnitsPerSecond': " #w "}"

/* Shop: provisioned 5/5; GSI byG (5/5) pre-warmed for 12,000 reads and 4,000 writes; GSI
 * byH (5/5) pre-warmed for 7,000 reads and 1,000 writes. */
#define SHOP_CREATE \
  CREATE_HEAD ("Shop") PROVISIONED_5 ", 'GlobalSecondaryIndexes': [" \
  GSI ("byG", "g", ", " PROVISIONED_5 WARM (12000, 4000)) ", " \
  GSI ("byH", "h", ", " PROVISIONED_5 WARM (7000, 1000)) "]}"

/* Demand: on-demand; GSI byG pre-warmed for 30,000 reads and 5,000 writes; GSI byH not
 * pre-warmed. */
#define DEMAND_CREATE \
  CREATE_HEAD ("Demand") "'BillingMode': 'PAY_PER_REQUEST', 'GlobalSecondaryIndexes': [" \
  GSI ("byG", "g", WARM (30000, 5000)) ", " GSI ("byH", "h", "") "]}"

/* The description of the GSI @index in the table description @description. */
static JsonObject *
find_index (JsonObject *description,
            const char *index)
{
  JsonArray *indexes = json_object_get_array_member (description, "GlobalSecondaryIndexes");

  for (guint i = 0; i < json_array_get_length (indexes); i++)
    {
      JsonObject *object = json_array_get_object_element (indexes, i);

      if (g_strcmp0 (json_object_get_string_member (object, "IndexName"), index) == 0)
        return json_object_ref (object);
    }

  g_assert_not_reached ();
}

/* DescribeTable's description of the GSI @index of @table. */
static JsonObject *
describe_index (EngineFixture *fixture,
                const char    *table,
                const char    *index)
{
  g_autoptr(JsonObject) description = describe_table (fixture, table);

  return find_index (description, index);
}

/* Runs the UpdateTable @body, which must succeed; returns the description of the GSI
 * @index in its answer (which shows the statuses before the next lookup settles them). */
static JsonObject *
update_table (EngineFixture *fixture,
              const char    *body,
              const char    *index)
{
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;
  gboolean failed = TRUE;

  response = call (fixture, "UpdateTable", body, &failed);
  if (failed)
    g_test_message ("UpdateTable: %s", response);
  g_assert_false (failed);
  object = parse_object (response);

  return find_index (json_object_get_object_member (object, "TableDescription"), index);
}

/* Asserts the GSI's WarmThroughput, its Status, and its Ddbsim.PartitionCount. */
static void
assert_index_warm (EngineFixture *fixture,
                   const char    *table,
                   const char    *index,
                   gint64         read_units,
                   gint64         write_units,
                   gint64         partitions)
{
  g_autoptr(JsonObject) description = describe_index (fixture, table, index);
  JsonObject *warm = json_object_get_object_member (description, "WarmThroughput");

  g_assert_nonnull (warm);
  g_assert_cmpint (json_object_get_int_member (warm, "ReadUnitsPerSecond"), ==, read_units);
  g_assert_cmpint (json_object_get_int_member (warm, "WriteUnitsPerSecond"), ==, write_units);
  g_assert_cmpstr (json_object_get_string_member (warm, "Status"), ==, "ACTIVE");
  g_assert_cmpuint (json_object_get_size (warm), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (description,
                                                                             "Ddbsim"),
                                               "PartitionCount"), ==, partitions);
}

static void
assert_index_status (EngineFixture *fixture,
                     const char    *table,
                     const char    *index,
                     const char    *status)
{
  g_autoptr(JsonObject) description = describe_index (fixture, table, index);

  g_assert_cmpstr (json_object_get_string_member (description, "IndexStatus"), ==, status);
}

/* The engine's own view of the GSI (position @i in the table's indexes). */
static void
assert_index_info (EngineFixture *fixture,
                   const char    *table,
                   guint          i,
                   double         read_units,
                   double         write_units,
                   guint          partitions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (fixture->engine, table, &error);
  const DdbIndexInfo *index;

  g_assert_no_error (error);
  g_assert_cmpuint (i, <, info->indexes->len);
  index = &g_array_index (info->indexes, DdbIndexInfo, i);
  g_assert_cmpfloat (index->warm_read_units, ==, read_units);
  g_assert_cmpfloat (index->warm_write_units, ==, write_units);
  g_assert_cmpuint (index->partition_count, ==, partitions);
}

/* ---------------------------------------------------------------------------------------
 * CreateTable
 * ------------------------------------------------------------------------------------- */

static void
test_create_provisioned (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JsonObject) table = NULL;

  g_test_summary ("A provisioned 5/5 GSI (1 partition by the classic formula) pre-warmed for "
                  "12,000 reads and 4,000 writes gets max(12000/3000, 4000/1000) = 4 "
                  "partitions at once (1 -> 2 -> 4); one pre-warmed for 7,000 / 1,000 needs "
                  "3 and doubles to 4; DescribeTable shows the values; the table itself, "
                  "not pre-warmed, keeps 1 partition and shows none");

  request_ok (fixture, "CreateTable", SHOP_CREATE);

  assert_index_warm (fixture, "Shop", "byG", 12000, 4000, 4);
  assert_index_warm (fixture, "Shop", "byH", 7000, 1000, 4);
  assert_index_info (fixture, "Shop", 0, 12000, 4000, 4);
  assert_index_info (fixture, "Shop", 1, 7000, 1000, 4);

  table = describe_table (fixture, "Shop");
  g_assert_false (json_object_has_member (table, "WarmThroughput"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (table, "Ddbsim"),
                                               "PartitionCount"), ==, 1);

  /* The provisioned throughput is untouched. */
  {
    g_autoptr(JsonObject) index = describe_index (fixture, "Shop", "byG");
    JsonObject *provisioned = json_object_get_object_member (index, "ProvisionedThroughput");

    g_assert_cmpint (json_object_get_int_member (provisioned, "ReadCapacityUnits"), ==, 5);
    g_assert_cmpint (json_object_get_int_member (provisioned, "WriteCapacityUnits"), ==, 5);
  }
}

static void
test_create_on_demand (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_test_summary ("An on-demand GSI pre-warmed for 30,000 reads and 5,000 writes reports that "
                  "as its instant ceiling (above a new GSI's 12,000 / 4,000) and gets "
                  "max(30000/3000, 5000/1000) = 10 partitions, doubled from 4 to 16; an "
                  "on-demand GSI not pre-warmed keeps 12,000 / 4,000 and 4 partitions");

  request_ok (fixture, "CreateTable", DEMAND_CREATE);

  assert_index_warm (fixture, "Demand", "byG", 30000, 5000, 16);
  assert_index_warm (fixture, "Demand", "byH", 12000, 4000, 4);
  assert_index_info (fixture, "Demand", 0, 30000, 5000, 16);
}

static void
test_create_partial (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_test_summary ("A GSI WarmThroughput with only ReadUnitsPerSecond pre-warms reads alone: "
                  "9,000 reads need 3 partitions, doubled from 1 to 4; it shows 0 writes");

  request_ok (fixture, "CreateTable",
              CREATE_HEAD ("Reads") PROVISIONED_5 ", 'GlobalSecondaryIndexes': ["
              GSI ("byG", "g", ", " PROVISIONED_5 ", 'WarmThroughput': "
                   "{'ReadUnitsPerSecond': 9000}") "]}");

  assert_index_warm (fixture, "Reads", "byG", 9000, 0, 4);
}

static void
test_create_validation (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("Negative");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;

  g_test_summary ("A GSI's WarmThroughput below 1 is refused as the table's is, with the "
                  "member's path; through the C API a negative value is refused too, and "
                  "nothing is created");

  assert_validation (fixture, "CreateTable",
                     CREATE_HEAD ("Zero") PROVISIONED_5 ", 'GlobalSecondaryIndexes': ["
                     GSI ("byG", "g", ", " PROVISIONED_5 WARM (0, 4000)) "]}",
                     "1 validation error detected: Value '0' at "
                     "'globalSecondaryIndexes.1.member.warmThroughput.readUnitsPerSecond' "
                     "failed to satisfy constraint: Member must have value greater than or "
                     "equal to 1");
  assert_validation (fixture, "CreateTable",
                     CREATE_HEAD ("Zero") PROVISIONED_5 WARM (0, 4000) "}",
                     "1 validation error detected: Value '0' at "
                     "'warmThroughput.readUnitsPerSecond' failed to satisfy constraint: "
                     "Member must have value greater than or equal to 1");
  assert_exception (fixture, "DescribeTable", "{'TableName': 'Zero'}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Table: Zero not found");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "g", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput.read_capacity_units = 5;
  spec->throughput.write_capacity_units = 5;
  index = ddb_table_spec_add_index (spec, "byG", TRUE);
  index->key.partition_key = g_strdup ("g");
  index->throughput = (DdbThroughput) { 5, 5, -1, -1 };
  index->warm_read_units = 12000;
  index->warm_write_units = -1;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_null (info);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: "
                   "WarmThroughput must not be negative for index: byG");
}

/* ---------------------------------------------------------------------------------------
 * UpdateTable
 * ------------------------------------------------------------------------------------- */

static void
test_update_never_decreases (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(JsonObject) table = NULL;

  g_test_summary ("Lowering a GSI's warm throughput, in either direction and even with the "
                  "other one raised, is refused with the table's message and changes "
                  "nothing; the same values again are accepted");

  request_ok (fixture, "CreateTable", SHOP_CREATE);

  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG', 'WarmThroughput': {'ReadUnitsPerSecond': 11999}}}]}",
                     DECREASED);
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG'" WARM (48000, 3999) "}}]}",
                     DECREASED);
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG', 'ProvisionedThroughput': {'ReadCapacityUnits': 10, "
                     "'WriteCapacityUnits': 10}" WARM (100, 100) "}}]}",
                     DECREASED);

  /* Nothing changed: the values, the partitions, the statuses and the throughput. */
  assert_index_warm (fixture, "Shop", "byG", 12000, 4000, 4);
  assert_index_status (fixture, "Shop", "byG", "ACTIVE");
  table = describe_table (fixture, "Shop");
  g_assert_cmpstr (json_object_get_string_member (table, "TableStatus"), ==, "ACTIVE");
  {
    g_autoptr(JsonObject) index = describe_index (fixture, "Shop", "byG");
    JsonObject *provisioned = json_object_get_object_member (index, "ProvisionedThroughput");

    g_assert_cmpint (json_object_get_int_member (provisioned, "ReadCapacityUnits"), ==, 5);
    g_assert_false (json_object_has_member (provisioned, "LastIncreaseDateTime"));
  }

  request_ok (fixture, "UpdateTable",
              "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
              "'IndexName': 'byG'" WARM (12000, 4000) "}}]}");
  assert_index_warm (fixture, "Shop", "byG", 12000, 4000, 4);
}

static void
test_update_warm_alone (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) index = NULL;
  JsonObject *provisioned;
  DdbEngineConfig config;

  g_test_summary ("An Update action with WarmThroughput alone raises it without touching the "
                  "provisioned throughput: reads to 24,000 (writes kept at 4,000) need 8 "
                  "partitions, doubled from 4 at once; the GSI is UPDATING for the table's "
                  "update delay (here 1 s), then ACTIVE");

  ddb_engine_get_config (fixture->engine, &config);
  config.table_update_delay_usec = G_USEC_PER_SEC;
  ddb_engine_set_config (fixture->engine, &config);
  request_ok (fixture, "CreateTable", SHOP_CREATE);
  advance_clock (fixture->engine, G_USEC_PER_SEC);

  answer = update_table (fixture,
                         "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                         "'IndexName': 'byG', 'WarmThroughput': "
                         "{'ReadUnitsPerSecond': 24000}}}]}", "byG");
  g_assert_cmpstr (json_object_get_string_member (answer, "IndexStatus"), ==, "UPDATING");
  assert_index_warm (fixture, "Shop", "byG", 24000, 4000, 8);
  assert_index_info (fixture, "Shop", 0, 24000, 4000, 8);
  assert_index_status (fixture, "Shop", "byG", "UPDATING");
  index = describe_index (fixture, "Shop", "byG");
  provisioned = json_object_get_object_member (index, "ProvisionedThroughput");
  g_assert_cmpint (json_object_get_int_member (provisioned, "ReadCapacityUnits"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (provisioned, "WriteCapacityUnits"), ==, 5);
  g_assert_false (json_object_has_member (provisioned, "LastIncreaseDateTime"));

  /* The other index is untouched. */
  assert_index_warm (fixture, "Shop", "byH", 7000, 1000, 4);
  assert_index_status (fixture, "Shop", "byH", "ACTIVE");

  advance_clock (fixture->engine, G_USEC_PER_SEC);
  assert_index_status (fixture, "Shop", "byG", "ACTIVE");
  assert_index_warm (fixture, "Shop", "byG", 24000, 4000, 8);
}

static void
test_update_c_api (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  DdbIndexUpdate raise = {
    .kind = DDB_INDEX_UPDATE_UPDATE, .index_name = "byH", .keep_throughput = TRUE,
    .set_warm_throughput = TRUE, .warm_read_units = 7000, .warm_write_units = 8000,
  };
  DdbIndexUpdate lower = raise;
  DdbTableUpdate update = { .table_name = "Shop", .index_updates = &raise,
                            .n_index_updates = 1 };
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbTableInfo) refused = NULL;
  g_autoptr(GError) error = NULL;
  const DdbIndexInfo *index;

  g_test_summary ("Through the C API, an Update with keep_throughput and WarmThroughput "
                  "raises the GSI's writes to 8,000 (8 partitions) and leaves its 5/5; a "
                  "lower value is a ValidationException");

  request_ok (fixture, "CreateTable", SHOP_CREATE);

  info = ddb_engine_update_table (fixture->engine, &update, &error);
  g_assert_no_error (error);
  index = &g_array_index (info->indexes, DdbIndexInfo, 1);
  g_assert_cmpstr (index->name, ==, "byH");
  g_assert_cmpint (index->status, ==, DDB_INDEX_STATUS_UPDATING);
  g_assert_cmpfloat (index->warm_read_units, ==, 7000);
  g_assert_cmpfloat (index->warm_write_units, ==, 8000);
  g_assert_cmpuint (index->partition_count, ==, 8);
  g_assert_cmpint (((const DdbIndexSpec *)g_ptr_array_index (info->spec->indexes, 1))
                   ->throughput.write_capacity_units, ==, 5);

  lower.warm_write_units = 7999;
  update.index_updates = &lower;
  refused = ddb_engine_update_table (fixture->engine, &update, &error);
  g_assert_null (refused);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, DECREASED);
}

static void
test_update_with_throughput (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(JsonObject) index = NULL;
  JsonObject *provisioned;
  JsonObject *on_demand;

  g_test_summary ("An Update action may carry WarmThroughput with ProvisionedThroughput "
                  "(10/10 and 16,000 writes: 16 partitions) or with OnDemandThroughput "
                  "(maximums set, 60,000 reads: 20 needed, 16 doubled to 32)");

  request_ok (fixture, "CreateTable", SHOP_CREATE);
  request_ok (fixture, "UpdateTable",
              "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
              "'IndexName': 'byG', 'ProvisionedThroughput': {'ReadCapacityUnits': 10, "
              "'WriteCapacityUnits': 10}, 'WarmThroughput': {'WriteUnitsPerSecond': 16000}}}]}");
  assert_index_warm (fixture, "Shop", "byG", 12000, 16000, 16);
  index = describe_index (fixture, "Shop", "byG");
  provisioned = json_object_get_object_member (index, "ProvisionedThroughput");
  g_assert_cmpint (json_object_get_int_member (provisioned, "ReadCapacityUnits"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (provisioned, "WriteCapacityUnits"), ==, 10);

  request_ok (fixture, "CreateTable", DEMAND_CREATE);
  request_ok (fixture, "UpdateTable",
              "{'TableName': 'Demand', 'GlobalSecondaryIndexUpdates': [{'Update': {"
              "'IndexName': 'byG', 'OnDemandThroughput': {'MaxReadRequestUnits': 500, "
              "'MaxWriteRequestUnits': 200}, 'WarmThroughput': "
              "{'ReadUnitsPerSecond': 60000}}}]}");
  assert_index_warm (fixture, "Demand", "byG", 60000, 5000, 32);
  g_clear_pointer (&index, json_object_unref);
  index = describe_index (fixture, "Demand", "byG");
  on_demand = json_object_get_object_member (index, "OnDemandThroughput");
  g_assert_cmpint (json_object_get_int_member (on_demand, "MaxReadRequestUnits"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (on_demand, "MaxWriteRequestUnits"), ==, 200);
}

static void
test_update_validation (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_test_summary ("An Update action's WarmThroughput below 1 is refused with the member's "
                  "path; an unknown index is not found; a switch to provisioned billing "
                  "still needs each GSI's ProvisionedThroughput, WarmThroughput alone is not "
                  "enough");

  request_ok (fixture, "CreateTable", DEMAND_CREATE);

  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Demand', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG', 'WarmThroughput': {'WriteUnitsPerSecond': -5}}}]}",
                     "1 validation error detected: Value '-5' at "
                     "'globalSecondaryIndexUpdates.1.member.update.warmThroughput."
                     "writeUnitsPerSecond' failed to satisfy constraint: Member must have "
                     "value greater than or equal to 1");
  assert_exception (fixture, "UpdateTable",
                    "{'TableName': 'Demand', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                    "'IndexName': 'nope'" WARM (50000, 5000) "}}]}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Index: nope not found");
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Demand', 'BillingMode': 'PROVISIONED', "
                     PROVISIONED_5 ", 'GlobalSecondaryIndexUpdates': ["
                     "{'Update': {'IndexName': 'byG'" WARM (50000, 5000) "}}, "
                     "{'Update': {'IndexName': 'byH', " PROVISIONED_5 "}}]}",
                     "One or more parameter values were invalid: ProvisionedThroughput must "
                     "be specified for index: byG");

  assert_index_warm (fixture, "Demand", "byG", 30000, 5000, 16);
}

static void
test_update_create_action (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(JsonObject) index = NULL;

  g_test_summary ("A GSI created by UpdateTable with WarmThroughput 6,000 / 2,000 gets "
                  "max(6000/3000, 2000/1000) = 2 partitions at once, while it is still "
                  "CREATING and backfilling; after the backfill it is ACTIVE with every "
                  "item and keeps them");

  create_simple (fixture, "Orders", "id", NULL);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("{'TableName': 'Orders', 'Item': {'id': {'S': "
                                               "'o%u'}, 'g': {'S': 'g%u'}}}", i, i);

      request_ok (fixture, "PutItem", body);
    }

  request_ok (fixture, "UpdateTable",
              "{'TableName': 'Orders', 'AttributeDefinitions': [{'AttributeName': 'g', "
              "'AttributeType': 'S'}], 'GlobalSecondaryIndexUpdates': [{'Create': "
              GSI ("byG", "g", ", " PROVISIONED_5 WARM (6000, 2000)) "}]}");
  assert_index_status (fixture, "Orders", "byG", "CREATING");
  assert_index_warm (fixture, "Orders", "byG", 6000, 2000, 2);

  /* 20 entries of at most 1 KB at 5 WCU: done within 4 s. */
  advance_clock (fixture->engine, 10 * G_USEC_PER_SEC);
  assert_index_status (fixture, "Orders", "byG", "ACTIVE");
  assert_index_warm (fixture, "Orders", "byG", 6000, 2000, 2);
  index = describe_index (fixture, "Orders", "byG");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (index, "Ddbsim"),
                                               "LiveItemCount"), ==, 20);

  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG'" WARM (5999, 2000) "}}]}",
                     DECREASED);
}

static void
test_switch_to_on_demand (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  g_test_summary ("A provisioned 5/5 GSI pre-warmed for 30,000 / 5,000 reports those values; "
                  "when its table switches to on-demand its instant ceiling starts there, not "
                  "at its 5/5 nor at a new GSI's 12,000 / 4,000");

  request_ok (fixture, "CreateTable",
              CREATE_HEAD ("Switch") PROVISIONED_5 ", 'GlobalSecondaryIndexes': ["
              GSI ("byG", "g", ", " PROVISIONED_5 WARM (30000, 5000)) "]}");
  assert_index_warm (fixture, "Switch", "byG", 30000, 5000, 16);

  request_ok (fixture, "UpdateTable", "{'TableName': 'Switch', "
                                      "'BillingMode': 'PAY_PER_REQUEST'}");
  assert_index_warm (fixture, "Switch", "byG", 30000, 5000, 16);
}

/* ---------------------------------------------------------------------------------------
 * Serving
 * ------------------------------------------------------------------------------------- */

/* Puts @n items of 1,000 bytes (1 WCU on the table and on the GSI) with distinct "id"
 * and "g" in the current second; returns how many were throttled. */
static guint
put_burst (EngineFixture *fixture,
           const char    *table,
           guint          n)
{
  g_autofree char *padding = repeat_char ('p', 900);
  guint throttled = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"i%05u\"}, \"g\": {\"S\": "
                                               "\"g%05u\"}, \"pad\": {\"S\": \"%s\"}}",
                                               i, i, padding);
      g_autoptr(DdbValue) item = item_from_json (json);
      DdbPutItemInput input = { .table_name = table, .item = item };
      g_auto(DdbWriteResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      DdbOutcome outcome = ddb_engine_put_item (fixture->engine, &input, &result, &error);

      g_assert_no_error (error);
      throttled += outcome == DDB_OUTCOME_THROTTLED;
    }

  return throttled;
}

static void
test_on_demand_serves_at_once (EngineFixture *fixture,
                               gconstpointer  user_data)
{
  guint warm_throttled, cold_throttled;

  g_test_summary ("On-demand tables pre-warmed for 16,000 writes (16 partitions): 6,000 "
                  "writes of 1 WCU in one second pass when the GSI too was pre-warmed for "
                  "16,000 writes, and at least 2,000 are throttled when the GSI serves a new "
                  "GSI's 4,000 writes");

  request_ok (fixture, "CreateTable",
              CREATE_HEAD ("Warm") "'BillingMode': 'PAY_PER_REQUEST'" WARM (12000, 16000)
              ", 'GlobalSecondaryIndexes': [" GSI ("byG", "g", WARM (12000, 16000)) "]}");
  request_ok (fixture, "CreateTable",
              CREATE_HEAD ("Cold") "'BillingMode': 'PAY_PER_REQUEST'" WARM (12000, 16000)
              ", 'GlobalSecondaryIndexes': [" GSI ("byG", "g", "") "]}");
  assert_index_warm (fixture, "Warm", "byG", 12000, 16000, 16);
  assert_index_warm (fixture, "Cold", "byG", 12000, 4000, 4);

  engine_fixture_enable_admission (fixture);
  warm_throttled = put_burst (fixture, "Warm", 6000);
  cold_throttled = put_burst (fixture, "Cold", 6000);
  g_assert_cmpuint (warm_throttled, ==, 0);
  g_assert_cmpuint (cold_throttled, >=, 6000 - 4000);
}

/* ---------------------------------------------------------------------------------------
 * Persistence
 * ------------------------------------------------------------------------------------- */

/* An engine on the database file @path, answering as the fixture's do. */
static void
open_file_engine (EngineFixture *fixture,
                  const char    *path)
{
  g_autoptr(GError) error = NULL;
  DdbEngineConfig config;

  fixture->engine = ddb_engine_new (path, &error);
  g_assert_no_error (error);
  ddb_engine_get_config (fixture->engine, &config);
  config.stats_refresh_usec = 0;
  config.admission.enabled = FALSE;
  ddb_engine_set_config (fixture->engine, &config);
}

static void
close_file_engine (EngineFixture *fixture)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->engine));
}

/* Rewrites @table's stored definition as a file written before GSIs had WarmThroughput:
 * without the indexes' warm_read and warm_write members. */
static void
strip_index_warm (const char *path,
                  const char *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "UPDATE ddb_tables SET definition = json_remove("
                                       "definition, '$.spec.indexes[0].warm_read', "
                                       "'$.spec.indexes[0].warm_write', "
                                       "'$.spec.indexes[1].warm_read', "
                                       "'$.spec.indexes[1].warm_write') WHERE name = ?1",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, table, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_persistence (void)
{
  g_autoptr(GError) error = NULL;
  char *path = db_file_new ();
  EngineFixture fixture = { NULL };

  g_test_summary ("A file database keeps each GSI's warm throughput and its partitions: "
                  "after reopening, DescribeTable shows the same values, an on-demand GSI "
                  "still serves its pre-warmed ceiling, and lowering is still refused; a "
                  "definition written without the members loads them as 0");
  g_assert_no_error (error);

  open_file_engine (&fixture, path);
  request_ok (&fixture, "CreateTable", SHOP_CREATE);
  request_ok (&fixture, "CreateTable", DEMAND_CREATE);
  request_ok (&fixture, "CreateTable",
              CREATE_HEAD ("Old") PROVISIONED_5 ", 'GlobalSecondaryIndexes': ["
              GSI ("byG", "g", ", " PROVISIONED_5 WARM (12000, 4000)) "]}");
  request_ok (&fixture, "UpdateTable",
              "{'TableName': 'Shop', 'GlobalSecondaryIndexUpdates': [{'Update': {"
              "'IndexName': 'byH', 'WarmThroughput': {'WriteUnitsPerSecond': 3000}}}]}");
  advance_clock (fixture.engine, G_USEC_PER_SEC);
  close_file_engine (&fixture);

  strip_index_warm (path, "Old");

  open_file_engine (&fixture, path);
  assert_index_warm (&fixture, "Shop", "byG", 12000, 4000, 4);
  assert_index_warm (&fixture, "Shop", "byH", 7000, 3000, 4);
  assert_index_warm (&fixture, "Demand", "byG", 30000, 5000, 16);
  assert_index_warm (&fixture, "Demand", "byH", 12000, 4000, 4);
  assert_index_info (&fixture, "Demand", 0, 30000, 5000, 16);
  assert_validation (&fixture, "UpdateTable",
                     "{'TableName': 'Demand', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byG', 'WarmThroughput': {'ReadUnitsPerSecond': 20000}}}]}",
                     DECREASED);

  /* The old definition: no warm throughput, so none is shown, but the partitions it was
   * split into stay, and any value may be set again. */
  {
    g_autoptr(JsonObject) index = describe_index (&fixture, "Old", "byG");

    g_assert_false (json_object_has_member (index, "WarmThroughput"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (index,
                                                                               "Ddbsim"),
                                                 "PartitionCount"), ==, 4);
  }
  assert_index_info (&fixture, "Old", 0, 0, 0, 4);
  request_ok (&fixture, "UpdateTable",
              "{'TableName': 'Old', 'GlobalSecondaryIndexUpdates': [{'Update': {"
              "'IndexName': 'byG'" WARM (100, 100) "}}]}");
  assert_index_warm (&fixture, "Old", "byG", 100, 100, 4);
  close_file_engine (&fixture);

  db_file_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/warm-throughput/" path, EngineFixture, NULL, \
              engine_fixture_set_up, func, engine_fixture_tear_down)

  ADD ("create/provisioned", test_create_provisioned);
  ADD ("create/on-demand", test_create_on_demand);
  ADD ("create/partial", test_create_partial);
  ADD ("create/validation", test_create_validation);
  ADD ("update/never-decreases", test_update_never_decreases);
  ADD ("update/warm-alone", test_update_warm_alone);
  ADD ("update/c-api", test_update_c_api);
  ADD ("update/with-throughput", test_update_with_throughput);
  ADD ("update/validation", test_update_validation);
  ADD ("update/create-action", test_update_create_action);
  ADD ("switch-to-on-demand", test_switch_to_on_demand);
  ADD ("on-demand/serves-at-once", test_on_demand_serves_at_once);
  g_test_add_func ("/ddb/engine/warm-throughput/persistence", test_persistence);

#undef ADD

  return g_test_run ();
}
