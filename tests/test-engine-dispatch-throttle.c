/* test-engine-dispatch-throttle.c
 *
 * Throttled requests through ddb_dispatch(): the exception DynamoDB answers with
 * (ProvisionedThroughputExceededException, or ThrottlingException on-demand), its message
 * and its ThrottlingReasons [{reason, resource}], the resource being the table's ARN or,
 * for GSI back-pressure, the index's; batches that return throttled requests and keys as
 * UnprocessedItems/UnprocessedKeys and answer the exception only when nothing passed; and
 * a transaction cancelled with ProvisionedThroughputExceeded and its Message.
 *
 * Admission control is on in every test.  A table serves no burst in the second it was
 * created (its bank is empty), so a 1-unit table serves exactly one unit in that second.
 *
 * Request and response texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dispatch-fixture.h"

#define ARN "arn:aws:dynamodb:us-east-1:000000000000:table/"
#define TABLE_MESSAGE \
  "The level of configured provisioned throughput for the table was exceeded. Consider " \
  "increasing your provisioning level with the UpdateTable API."
#define INDEX_MESSAGE \
  "The level of configured provisioned throughput for one or more global secondary " \
  "indexes of the table was exceeded. Consider increasing your provisioning level for " \
  "the under-provisioned global secondary indexes with the UpdateTable API"
/* The body of a provisioned throttle of @reason on @resource. */
#define THROTTLED(message, reason, resource) \
  "{'__type':'" DYNAMODB ("ProvisionedThroughputExceededException") "'," \
  "'message':'" message "','ThrottlingReasons':[{'reason':'" reason "'," \
  "'resource':'" resource "'}]}"

#define PUT(table, id) \
  "{'TableName': '" table "', 'Item': {'id': {'S': '" id "'}}}"

static void
throttle_set_up (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  engine_fixture_set_up (fixture, user_data);
  engine_fixture_enable_admission (fixture);
}

/* A provisioned table "Docs" (id) with @rcu and @wcu; with @gsi_wcu > 0, a GSI byStatus
 * (status) with 1 RCU and @gsi_wcu. */
static void
create_docs (EngineFixture *fixture,
             guint          rcu,
             guint          wcu,
             guint          gsi_wcu)
{
  g_autofree char *gsi = NULL;
  g_autofree char *body = NULL;

  if (gsi_wcu > 0)
    gsi = g_strdup_printf (", {'AttributeName': 'status', 'AttributeType': 'S'}], "
                           "'GlobalSecondaryIndexes': [{'IndexName': 'byStatus', 'KeySchema': "
                           "[{'AttributeName': 'status', 'KeyType': 'HASH'}], 'Projection': "
                           "{'ProjectionType': 'KEYS_ONLY'}, 'ProvisionedThroughput': "
                           "{'ReadCapacityUnits': 1, 'WriteCapacityUnits': %u}}]", gsi_wcu);
  body = g_strdup_printf ("{'TableName': 'Docs', 'KeySchema': [{'AttributeName': 'id', "
                          "'KeyType': 'HASH'}], 'ProvisionedThroughput': {"
                          "'ReadCapacityUnits': %u, 'WriteCapacityUnits': %u}, "
                          "'AttributeDefinitions': [{'AttributeName': 'id', "
                          "'AttributeType': 'S'}%s}", rcu, wcu, gsi != NULL ? gsi : "]");
  request_ok (fixture, "CreateTable", body);
}

static void
advance_one_second (EngineFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ddb_engine_advance (fixture->engine, G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------------------------
 * Single requests
 * ------------------------------------------------------------------------------------- */

static void
test_get_item (EngineFixture *fixture,
               gconstpointer  user_data)
{
  g_test_summary ("1 RCU: one strongly consistent GetItem per second; the second one, and a "
                  "Query, answer ProvisionedThroughputExceededException with "
                  "TableReadProvisionedThroughputExceeded on the table");

  create_docs (fixture, 1, 1, 0);
  request_ok (fixture, "PutItem", PUT ("Docs", "a"));

  assert_ok (fixture, "GetItem",
             "{'TableName': 'Docs', 'Key': {'id': {'S': 'a'}}, 'ConsistentRead': true}",
             "{'Item':{'id':{'S':'a'}}}");
  assert_response (fixture, "GetItem",
                   "{'TableName': 'Docs', 'Key': {'id': {'S': 'a'}}, 'ConsistentRead': true}",
                   TRUE, THROTTLED (TABLE_MESSAGE, "TableReadProvisionedThroughputExceeded",
                                    ARN "Docs"));
  assert_response (fixture, "Query",
                   "{'TableName': 'Docs', 'KeyConditionExpression': 'id = :a', "
                   "'ExpressionAttributeValues': {':a': {'S': 'a'}}, 'ConsistentRead': true}",
                   TRUE, THROTTLED (TABLE_MESSAGE, "TableReadProvisionedThroughputExceeded",
                                    ARN "Docs"));

  /* The next second has capacity again. */
  advance_one_second (fixture);
  assert_ok (fixture, "GetItem",
             "{'TableName': 'Docs', 'Key': {'id': {'S': 'a'}}, 'ConsistentRead': true}",
             "{'Item':{'id':{'S':'a'}}}");
}

static void
test_gsi_back_pressure (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_test_summary ("A GSI with 1 WCU throttles the second write to its 5 WCU base table: "
                  "IndexWriteProvisionedThroughputExceeded on the index's ARN, with the GSI "
                  "wording; a write the GSI does not see still passes");

  create_docs (fixture, 5, 5, 1);

  request_ok (fixture, "PutItem",
              "{'TableName': 'Docs', 'Item': {'id': {'S': 'a'}, 'status': {'S': 'open'}}}");
  assert_response (fixture, "PutItem",
                   "{'TableName': 'Docs', 'Item': {'id': {'S': 'b'}, "
                   "'status': {'S': 'open'}}}",
                   TRUE, THROTTLED (INDEX_MESSAGE, "IndexWriteProvisionedThroughputExceeded",
                                    ARN "Docs/index/byStatus"));
  request_ok (fixture, "PutItem", PUT ("Docs", "c"));

  /* The throttled write changed nothing. */
  assert_ok (fixture, "GetItem", "{'TableName': 'Docs', 'Key': {'id': {'S': 'b'}}}", "{}");
}

static void
test_every_short_resource (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  g_test_summary ("A write short of capacity on its 1 WCU table and on its 1 WCU GSI lists "
                  "both in ThrottlingReasons, the table first (its limit chose the exception)");

  create_docs (fixture, 5, 1, 1);

  request_ok (fixture, "PutItem",
              "{'TableName': 'Docs', 'Item': {'id': {'S': 'a'}, 'status': {'S': 'open'}}}");
  assert_response (fixture, "PutItem",
                   "{'TableName': 'Docs', 'Item': {'id': {'S': 'b'}, "
                   "'status': {'S': 'open'}}}",
                   TRUE,
                   "{'__type':'" DYNAMODB ("ProvisionedThroughputExceededException") "',"
                   "'message':'" TABLE_MESSAGE "','ThrottlingReasons':["
                   "{'reason':'TableWriteProvisionedThroughputExceeded',"
                   "'resource':'" ARN "Docs'},"
                   "{'reason':'IndexWriteProvisionedThroughputExceeded',"
                   "'resource':'" ARN "Docs/index/byStatus'}]}");

  /* Only the table is short for a write the GSI does not see. */
  assert_response (fixture, "PutItem", PUT ("Docs", "c"), TRUE,
                   THROTTLED (TABLE_MESSAGE, "TableWriteProvisionedThroughputExceeded",
                              ARN "Docs"));
  assert_ok (fixture, "GetItem", "{'TableName': 'Docs', 'Key': {'id': {'S': 'b'}}}", "{}");
}

static void
test_on_demand_maximum (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_test_summary ("An on-demand table with MaxWriteRequestUnits 1 answers the second write "
                  "of a second with ThrottlingException and "
                  "TableWriteMaxOnDemandThroughputExceeded");

  request_ok (fixture, "CreateTable",
              "{'TableName': 'Docs', 'AttributeDefinitions': [{'AttributeName': 'id', "
              "'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': 'id', "
              "'KeyType': 'HASH'}], 'BillingMode': 'PAY_PER_REQUEST', "
              "'OnDemandThroughput': {'MaxWriteRequestUnits': 1}}");

  request_ok (fixture, "PutItem", PUT ("Docs", "a"));
  assert_response (fixture, "PutItem", PUT ("Docs", "b"), TRUE,
                   "{'__type':'" DYNAMODB ("ThrottlingException") "','message':"
                   "'Throughput exceeds the current capacity of your table or index. DynamoDB "
                   "is automatically scaling your table or index so please try again shortly. "
                   "If exceptions persist, check if you have a hot key: https://docs.aws."
                   "amazon.com/amazondynamodb/latest/developerguide/"
                   "bp-partition-key-design.html','ThrottlingReasons':[{'reason':"
                   "'TableWriteMaxOnDemandThroughputExceeded','resource':'" ARN "Docs'}]}");
}

/* ---------------------------------------------------------------------------------------
 * Batches and transactions
 * ------------------------------------------------------------------------------------- */

static void
test_batch_write (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_test_summary ("1 WCU: a BatchWriteItem of three requests writes one and returns two as "
                  "UnprocessedItems; a batch of which nothing passes answers the exception");

  create_docs (fixture, 1, 1, 0);

  assert_ok (fixture, "BatchWriteItem",
             "{'RequestItems': {'Docs': [{'PutRequest': {'Item': {'id': {'S': 'a'}}}}, "
             "{'PutRequest': {'Item': {'id': {'S': 'b'}}}}, "
             "{'DeleteRequest': {'Key': {'id': {'S': 'c'}}}}]}}",
             "{'UnprocessedItems':{'Docs':[{'PutRequest':{'Item':{'id':{'S':'b'}}}},"
             "{'DeleteRequest':{'Key':{'id':{'S':'c'}}}}]}}");
  assert_response (fixture, "BatchWriteItem",
                   "{'RequestItems': {'Docs': [{'PutRequest': {'Item': {'id': {'S': 'd'}}}}, "
                   "{'PutRequest': {'Item': {'id': {'S': 'e'}}}}]}}",
                   TRUE, THROTTLED (TABLE_MESSAGE, "TableWriteProvisionedThroughputExceeded",
                                    ARN "Docs"));

  assert_ok (fixture, "Scan", "{'TableName': 'Docs', 'Select': 'COUNT'}",
             "{'Count':1,'ScannedCount':1}");
}

static void
test_batch_get (EngineFixture *fixture,
                gconstpointer  user_data)
{
  g_test_summary ("1 RCU: a strongly consistent BatchGetItem of two keys reads one and "
                  "returns the other in UnprocessedKeys; then nothing passes: the exception");

  create_docs (fixture, 1, 2, 0);
  request_ok (fixture, "PutItem", PUT ("Docs", "a"));
  request_ok (fixture, "PutItem", PUT ("Docs", "b"));

  assert_ok (fixture, "BatchGetItem",
             "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'a'}}, {'id': {'S': 'b'}}], "
             "'ConsistentRead': true}}}",
             "{'Responses':{'Docs':[{'id':{'S':'a'}}]},'UnprocessedKeys':{'Docs':{"
             "'Keys':[{'id':{'S':'b'}}],'ConsistentRead':true}}}");
  assert_response (fixture, "BatchGetItem",
                   "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'b'}}], "
                   "'ConsistentRead': true}}}",
                   TRUE, THROTTLED (TABLE_MESSAGE, "TableReadProvisionedThroughputExceeded",
                                    ARN "Docs"));
}

static void
test_transactions (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  g_test_summary ("A transaction short of capacity: TransactWriteItems is cancelled with "
                  "ProvisionedThroughputExceeded and the throttle's message on the action; "
                  "TransactGetItems answers the exception itself");

  create_docs (fixture, 1, 1, 0);
  request_ok (fixture, "PutItem", PUT ("Docs", "a"));

  /* A transactional write costs 2 WCU: more than the table has. */
  assert_response (fixture, "TransactWriteItems",
                   "{'TransactItems': [{'Put': " PUT ("Docs", "b") "}]}",
                   TRUE,
                   "{'__type':'" DYNAMODB ("TransactionCanceledException") "',"
                   "'CancellationReasons':[{'Code':'ProvisionedThroughputExceeded',"
                   "'Message':'" TABLE_MESSAGE "'}],'Message':'Transaction cancelled, please "
                   "refer cancellation reasons for specific reasons "
                   "[ProvisionedThroughputExceeded]'}");

  /* A transactional read of a small item costs 2 RCU. */
  assert_response (fixture, "TransactGetItems",
                   "{'TransactItems': [{'Get': {'TableName': 'Docs', "
                   "'Key': {'id': {'S': 'a'}}}}]}",
                   TRUE, THROTTLED (TABLE_MESSAGE, "TableReadProvisionedThroughputExceeded",
                                    ARN "Docs"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/dispatch/throttle/" path, EngineFixture, NULL, throttle_set_up, \
              func, engine_fixture_tear_down)

  ADD ("get-item", test_get_item);
  ADD ("gsi-back-pressure", test_gsi_back_pressure);
  ADD ("every-short-resource", test_every_short_resource);
  ADD ("on-demand-maximum", test_on_demand_maximum);
  ADD ("batch-write", test_batch_write);
  ADD ("batch-get", test_batch_get);
  ADD ("transactions", test_transactions);

#undef ADD

  return g_test_run ();
}
