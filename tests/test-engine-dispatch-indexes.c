/* test-engine-dispatch-indexes.c
 *
 * Secondary indexes through ddb_dispatch(): UpdateTable's GlobalSecondaryIndexUpdates
 * (Create with its AttributeDefinitions, Update, Delete) and the lifecycle DescribeTable
 * shows on the simulated clock (CREATING with Backfilling, ACTIVE with the backfilled
 * items counted, UPDATING, DELETING, gone), the index descriptions' fields and their
 * "Ddbsim" facts, ItemCollectionMetrics of writes to a table with a local index, and the
 * table's count of items Time to Live deleted.
 *
 * Request and response texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dispatch-fixture.h"

/* The parts of the Orders table's description that stay the same. */
#define ORDERS_DEFINITIONS(extra) \
  "'AttributeDefinitions':[{'AttributeName':'id','AttributeType':'S'}" extra "]," \
  "'TableName':'Orders','KeySchema':[{'AttributeName':'id','KeyType':'HASH'}],"
#define STATUS_DEFINITION ",{'AttributeName':'status','AttributeType':'S'}"
#define ORDERS_MIDDLE \
  "'CreationDateTime':1.7356896E9," \
  "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5," \
  "'WriteCapacityUnits':5},'TableSizeBytes':35,'ItemCount':3," \
  "'TableArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Orders'," \
  "'TableId':'d25ac5b4-dbfe-4ae8-a660-e20441549b2b',"
#define ORDERS_TAIL \
  "'TableClassSummary':{'TableClass':'STANDARD'},'DeletionProtectionEnabled':false," \
  "'Ddbsim':{'PartitionCount':1,'LiveItemCount':3,'LiveTableSizeBytes':35}}"
#define BY_STATUS_HEAD \
  "'GlobalSecondaryIndexes':[{'IndexName':'byStatus'," \
  "'KeySchema':[{'AttributeName':'status','KeyType':'HASH'}]," \
  "'Projection':{'ProjectionType':'KEYS_ONLY'},"
#define BY_STATUS_ARN \
  "'IndexArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Orders/index/byStatus',"
/* byStatus, backfilled, after its throughput was raised to 10/10, in @status. */
#define BY_STATUS_RAISED(status) \
  BY_STATUS_HEAD "'IndexStatus':'" status "'," \
  "'ProvisionedThroughput':{'LastIncreaseDateTime':1.735689601E9," \
  "'NumberOfDecreasesToday':0,'ReadCapacityUnits':10,'WriteCapacityUnits':10}," \
  "'IndexSizeBytes':31,'ItemCount':2," BY_STATUS_ARN \
  "'Ddbsim':{'PartitionCount':1,'LiveItemCount':2,'LiveIndexSizeBytes':31}}],"

#define QUERY_OPEN \
  "{'TableName': 'Orders', 'IndexName': 'byStatus', 'KeyConditionExpression': '#s = :s', " \
  "'ExpressionAttributeNames': {'#s': 'status'}, " \
  "'ExpressionAttributeValues': {':s': {'S': 'open'}}}"

/* Orders (id), provisioned 5/5, with three items, two of them with a status. */
static void
create_orders (EngineFixture *fixture)
{
  create_simple (fixture, "Orders", "id", NULL);
  request_ok (fixture, "PutItem", "{'TableName': 'Orders', 'Item': {'id': {'S': 'o1'}, "
                                  "'status': {'S': 'open'}}}");
  request_ok (fixture, "PutItem", "{'TableName': 'Orders', 'Item': {'id': {'S': 'o2'}, "
                                  "'status': {'S': 'shipped'}}}");
  request_ok (fixture, "PutItem", "{'TableName': 'Orders', 'Item': {'id': {'S': 'o3'}}}");
}

/* ---------------------------------------------------------------------------------------
 * GlobalSecondaryIndexUpdates
 * ------------------------------------------------------------------------------------- */

static void
test_index_lifecycle (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_test_summary ("Create a GSI on a table with items: CREATING and Backfilling, reads refused; "
                  "once the clock moves, ACTIVE with the backfilled items; then Update "
                  "(UPDATING, LastIncreaseDateTime) and Delete (DELETING, then gone)");

  create_orders (fixture);

  assert_ok (fixture, "UpdateTable",
             "{'TableName': 'Orders', 'AttributeDefinitions': [{'AttributeName': 'status', "
             "'AttributeType': 'S'}], 'GlobalSecondaryIndexUpdates': [{'Create': {"
             "'IndexName': 'byStatus', 'KeySchema': [{'AttributeName': 'status', "
             "'KeyType': 'HASH'}], 'Projection': {'ProjectionType': 'KEYS_ONLY'}, "
             "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}}}]}",
             "{'TableDescription':{" ORDERS_DEFINITIONS (STATUS_DEFINITION)
             "'TableStatus':'UPDATING'," ORDERS_MIDDLE BY_STATUS_HEAD
             "'IndexStatus':'CREATING','Backfilling':true,"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5,"
             "'WriteCapacityUnits':5},'IndexSizeBytes':0,'ItemCount':0," BY_STATUS_ARN
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':0,'LiveIndexSizeBytes':0,"
             "'BackfilledItems':0}}]," ORDERS_TAIL "}");
  assert_validation (fixture, "Query", QUERY_OPEN,
                     "Cannot read from backfilling global secondary index: byStatus");

  advance_clock (fixture->engine, G_USEC_PER_SEC);
  assert_ok (fixture, "DescribeTable", "{'TableName': 'Orders'}",
             "{'Table':{" ORDERS_DEFINITIONS (STATUS_DEFINITION)
             "'TableStatus':'ACTIVE'," ORDERS_MIDDLE BY_STATUS_HEAD
             "'IndexStatus':'ACTIVE',"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5,"
             "'WriteCapacityUnits':5},'IndexSizeBytes':31,'ItemCount':2," BY_STATUS_ARN
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':2,'LiveIndexSizeBytes':31}}],"
             ORDERS_TAIL "}");
  assert_ok (fixture, "Query", QUERY_OPEN,
             "{'Count':1,'Items':[{'id':{'S':'o1'},'status':{'S':'open'}}],'ScannedCount':1}");

  assert_ok (fixture, "UpdateTable",
             "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Update': {"
             "'IndexName': 'byStatus', 'ProvisionedThroughput': {'ReadCapacityUnits': 10, "
             "'WriteCapacityUnits': 10}}}]}",
             "{'TableDescription':{" ORDERS_DEFINITIONS (STATUS_DEFINITION)
             "'TableStatus':'UPDATING'," ORDERS_MIDDLE BY_STATUS_RAISED ("UPDATING")
             ORDERS_TAIL "}");

  advance_clock (fixture->engine, G_USEC_PER_SEC);
  assert_ok (fixture, "UpdateTable",
             "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Delete': {"
             "'IndexName': 'byStatus'}}]}",
             "{'TableDescription':{" ORDERS_DEFINITIONS (STATUS_DEFINITION)
             "'TableStatus':'UPDATING'," ORDERS_MIDDLE BY_STATUS_RAISED ("DELETING")
             ORDERS_TAIL "}");

  advance_clock (fixture->engine, G_USEC_PER_SEC);
  assert_ok (fixture, "DescribeTable", "{'TableName': 'Orders'}",
             "{'Table':{" ORDERS_DEFINITIONS ("") "'TableStatus':'ACTIVE'," ORDERS_MIDDLE
             ORDERS_TAIL "}");
}

static void
test_index_update_rules (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  g_test_summary ("GlobalSecondaryIndexUpdates: one action per element, the Create action's "
                  "members as CreateTable's, and the engine's rules with DynamoDB's types");

  create_orders (fixture);

  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Create': {"
                     "'IndexName': 'x'}}]}",
                     "3 validation errors detected: Value 'x' at "
                     "'globalSecondaryIndexUpdates.1.member.create.indexName' failed to satisfy "
                     "constraint: Member must have length greater than or equal to 3; Value "
                     "null at 'globalSecondaryIndexUpdates.1.member.create.keySchema' failed to "
                     "satisfy constraint: Member must not be null; Value null at "
                     "'globalSecondaryIndexUpdates.1.member.create.projection' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Missing', 'GlobalSecondaryIndexUpdates': [{'Update': {"
                     "'IndexName': 'byStatus'}, 'Delete': {'IndexName': 'byStatus'}}]}",
                     "One or more parameter values were invalid: Only one of "
                     "GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                     "GlobalSecondaryIndexUpdate.Delete can be specified");
  assert_exception (fixture, "UpdateTable",
                    "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Delete': {"
                    "'IndexName': 'byStatus'}}]}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Index: byStatus not found");
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'Orders', 'GlobalSecondaryIndexUpdates': [{'Create': {"
                     "'IndexName': 'byStatus', 'KeySchema': [{'AttributeName': 'status', "
                     "'KeyType': 'RANGE'}], 'Projection': {'ProjectionType': 'ALL'}, "
                     "'ProvisionedThroughput': {'ReadCapacityUnits': 1, "
                     "'WriteCapacityUnits': 1}}}]}",
                     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  assert_exception (fixture, "UpdateTable",
                    "{'TableName': 'Orders', 'AttributeDefinitions': ["
                    "{'AttributeName': 'status', 'AttributeType': 'S'}, "
                    "{'AttributeName': 'day', 'AttributeType': 'N'}], "
                    "'GlobalSecondaryIndexUpdates': [{'Create': {'IndexName': 'byStatus', "
                    "'KeySchema': [{'AttributeName': 'status', 'KeyType': 'HASH'}], "
                    "'Projection': {'ProjectionType': 'ALL'}, 'ProvisionedThroughput': {"
                    "'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}}, {'Create': {"
                    "'IndexName': 'byDay', 'KeySchema': [{'AttributeName': 'day', "
                    "'KeyType': 'HASH'}], 'Projection': {'ProjectionType': 'ALL'}, "
                    "'ProvisionedThroughput': {'ReadCapacityUnits': 1, "
                    "'WriteCapacityUnits': 1}}}]}",
                    DYNAMODB ("LimitExceededException"), "message",
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                    "simultaneously per table");
}

/* ---------------------------------------------------------------------------------------
 * Index descriptions and item collections
 * ------------------------------------------------------------------------------------- */

static void
test_describe_indexes (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonObject) table = NULL;
  JsonObject *lsi;
  JsonObject *gsi;

  g_test_summary ("The index descriptions count their own entries: a sparse index holds only "
                  "the items with its key; a GSI has its own partitions");

  create_indexed (fixture);
  request_ok (fixture, "PutItem", "{'TableName': 'Indexed', 'Item': {'a': {'S': '1'}, "
                                  "'b': {'S': '1'}, 'c': {'S': 'x'}, 'g': {'S': 'y'}}}");
  request_ok (fixture, "PutItem", "{'TableName': 'Indexed', 'Item': {'a': {'S': '1'}, "
                                  "'b': {'S': '2'}, 'g': {'S': 'y'}}}");

  table = describe_table (fixture, "Indexed");
  lsi = json_array_get_object_element (json_object_get_array_member (table,
                                                                     "LocalSecondaryIndexes"),
                                       0);
  gsi = json_array_get_object_element (json_object_get_array_member (table,
                                                                     "GlobalSecondaryIndexes"),
                                       0);

  /* KEYS_ONLY: a, b, c of the one item with c (3 x 2 bytes); ALL: both items. */
  g_assert_cmpint (json_object_get_int_member (lsi, "ItemCount"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (lsi, "IndexSizeBytes"), ==, 6);
  g_assert_false (json_object_has_member (lsi, "IndexStatus"));
  g_assert_false (json_object_has_member (lsi, "ProvisionedThroughput"));
  g_assert_cmpint (json_object_get_int_member (gsi, "ItemCount"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (gsi, "IndexSizeBytes"), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (gsi, "IndexStatus"), ==, "ACTIVE");
  g_assert_false (json_object_has_member (gsi, "Backfilling"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (gsi, "Ddbsim"),
                                               "PartitionCount"), ==, 1);
}

static void
test_collection_metrics (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  g_test_summary ("ReturnItemCollectionMetrics SIZE: the item collection's key and its size "
                  "range in GB for writes to a table with a local index; nothing without one");

  create_indexed (fixture);
  create_simple (fixture, "Plain", "id", NULL);

  assert_ok (fixture, "PutItem",
             "{'TableName': 'Indexed', 'Item': {'a': {'S': 'k'}, 'b': {'S': '1'}, "
             "'c': {'S': 'x'}}, 'ReturnItemCollectionMetrics': 'SIZE'}",
             "{'ItemCollectionMetrics':{'ItemCollectionKey':{'a':{'S':'k'}},"
             "'SizeEstimateRangeGB':[0.0,1.0]}}");
  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Indexed', 'Key': {'a': {'S': 'k'}, 'b': {'S': '1'}}, "
             "'UpdateExpression': 'SET c = :c', 'ExpressionAttributeValues': "
             "{':c': {'S': 'z'}}, 'ReturnItemCollectionMetrics': 'SIZE', "
             "'ReturnConsumedCapacity': 'TOTAL'}",
             "{'ConsumedCapacity':{'TableName':'Indexed','CapacityUnits':3.0},"
             "'ItemCollectionMetrics':{'ItemCollectionKey':{'a':{'S':'k'}},"
             "'SizeEstimateRangeGB':[0.0,1.0]}}");
  assert_ok (fixture, "DeleteItem",
             "{'TableName': 'Indexed', 'Key': {'a': {'S': 'k'}, 'b': {'S': '1'}}, "
             "'ReturnItemCollectionMetrics': 'SIZE'}",
             "{'ItemCollectionMetrics':{'ItemCollectionKey':{'a':{'S':'k'}},"
             "'SizeEstimateRangeGB':[0.0,1.0]}}");
  assert_ok (fixture, "PutItem",
             "{'TableName': 'Plain', 'Item': {'id': {'S': 'k'}}, "
             "'ReturnItemCollectionMetrics': 'SIZE'}",
             "{}");

  /* Batches and transactions group them by table; a table without a local index (and a
   * ConditionCheck) reports none. */
  assert_ok (fixture, "BatchWriteItem",
             "{'RequestItems': {'Indexed': [{'PutRequest': {'Item': {'a': {'S': 'k'}, "
             "'b': {'S': '2'}}}}, {'PutRequest': {'Item': {'a': {'S': 'm'}, "
             "'b': {'S': '1'}}}}], 'Plain': [{'PutRequest': {'Item': {'id': {'S': 'p'}}}}]}, "
             "'ReturnItemCollectionMetrics': 'SIZE'}",
             "{'UnprocessedItems':{},'ItemCollectionMetrics':{'Indexed':["
             "{'ItemCollectionKey':{'a':{'S':'k'}},'SizeEstimateRangeGB':[0.0,1.0]},"
             "{'ItemCollectionKey':{'a':{'S':'m'}},'SizeEstimateRangeGB':[0.0,1.0]}]}}");
  assert_ok (fixture, "TransactWriteItems",
             "{'TransactItems': [{'Put': {'TableName': 'Indexed', 'Item': {'a': {'S': 'n'}, "
             "'b': {'S': '1'}}}}, {'ConditionCheck': {'TableName': 'Indexed', 'Key': "
             "{'a': {'S': 'k'}, 'b': {'S': '2'}}, 'ConditionExpression': 'attribute_exists(a)'}}"
             "], 'ReturnItemCollectionMetrics': 'SIZE'}",
             "{'ItemCollectionMetrics':{'Indexed':[{'ItemCollectionKey':{'a':{'S':'n'}},"
             "'SizeEstimateRangeGB':[0.0,1.0]}]}}");
  assert_ok (fixture, "BatchWriteItem",
             "{'RequestItems': {'Indexed': [{'PutRequest': {'Item': {'a': {'S': 'q'}, "
             "'b': {'S': '1'}}}}]}}",
             "{'UnprocessedItems':{}}");
}

static void
test_ttl_deleted_items (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) table = NULL;
  JsonObject *ddbsim;

  g_test_summary ("Once Time to Live was enabled, the description's Ddbsim facts count the "
                  "items it deleted");

  create_simple (fixture, "Sessions", "id", NULL);
  request_ok (fixture, "UpdateTimeToLive",
              "{'TableName': 'Sessions', 'TimeToLiveSpecification': {'Enabled': true, "
              "'AttributeName': 'expires'}}");
  request_ok (fixture, "PutItem", "{'TableName': 'Sessions', 'Item': {'id': {'S': 's'}, "
                                  "'expires': {'N': '1735689601'}}}");
  advance_clock (fixture->engine, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);

  table = describe_table (fixture, "Sessions");
  ddbsim = json_object_get_object_member (table, "Ddbsim");
  g_assert_cmpint (json_object_get_int_member (ddbsim, "TtlDeletedItems"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ddbsim, "LiveItemCount"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/dispatch/indexes/" path, EngineFixture, NULL, \
              engine_fixture_set_up, func, engine_fixture_tear_down)

  ADD ("gsi-updates/lifecycle", test_index_lifecycle);
  ADD ("gsi-updates/rules", test_index_update_rules);
  ADD ("describe", test_describe_indexes);
  ADD ("collection-metrics", test_collection_metrics);
  ADD ("ttl-deleted-items", test_ttl_deleted_items);

#undef ADD

  return g_test_run ();
}
