/* test-engine-dispatch-transact.c
 *
 * TransactWriteItems and TransactGetItems through ddb_dispatch(): the exact response bodies,
 * the rulebook's transaction vector TV-25, TransactionCanceledException with its
 * CancellationReasons (Code, Item, Message, in the actions' order), ClientRequestToken
 * replays and mismatches, a missing item in TransactGetItems, and the validation of
 * TransactItems with DynamoDB's types and messages.
 *
 * Request and response texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dispatch-fixture.h"

#define CANCELED DYNAMODB ("TransactionCanceledException")
#define CONDITION_FAILED "'Message':'The conditional request failed'"

/* Three Puts of 500 B items "a", "b" and "c" into Accounts, with @extra members. */
static char *
three_puts (const char *extra)
{
  g_autofree char *a = sized_item ("a", 500);
  g_autofree char *b = sized_item ("b", 500);
  g_autofree char *c = sized_item ("c", 500);

  return g_strdup_printf ("{'TransactItems': [{'Put': {'TableName': 'Accounts', 'Item': %s}}, "
                          "{'Put': {'TableName': 'Accounts', 'Item': %s}}, "
                          "{'Put': {'TableName': 'Accounts', 'Item': %s}}]%s}", a, b, c, extra);
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems
 * ------------------------------------------------------------------------------------- */

static void
test_write_tv25 (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *body = three_puts (", 'ReturnConsumedCapacity': 'TOTAL'");

  g_test_summary ("TV-25: three 500 B puts in a transaction cost 3 x 2 = 6 units; Update, "
                  "Delete and ConditionCheck succeed with an empty body");

  create_simple (fixture, "Accounts", "id", NULL);
  create_simple (fixture, "Ledger", "id", NULL);

  assert_ok (fixture, "TransactWriteItems", body,
             "{'ConsumedCapacity':[{'TableName':'Accounts','CapacityUnits':6.0}]}");

  assert_ok (fixture, "TransactWriteItems",
             "{'TransactItems': ["
             "{'Update': {'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}, "
             "'UpdateExpression': 'SET balance = :b', "
             "'ExpressionAttributeValues': {':b': {'N': '10'}}}}, "
             "{'Delete': {'TableName': 'Accounts', 'Key': {'id': {'S': 'b'}}, "
             "'ConditionExpression': 'attribute_exists(id)'}}, "
             "{'ConditionCheck': {'TableName': 'Accounts', 'Key': {'id': {'S': 'c'}}, "
             "'ConditionExpression': 'attribute_exists(#p)', "
             "'ExpressionAttributeNames': {'#p': 'pad'}}}, "
             "{'Put': {'TableName': 'Ledger', 'Item': {'id': {'S': 'entry-1'}}}}]}",
             "{}");

  assert_ok (fixture, "GetItem",
             "{'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}, "
             "'ProjectionExpression': 'balance'}",
             "{'Item':{'balance':{'N':'10'}}}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Accounts', 'Key': {'id': {'S': 'b'}}}", "{}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Ledger', 'Key': {'id': {'S': 'entry-1'}}}",
             "{'Item':{'id':{'S':'entry-1'}}}");
}

static void
test_write_canceled (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_test_summary ("A failed condition cancels the whole transaction: one reason per action in "
                  "order, the item where ALL_OLD asked for it, no Message for None");

  create_simple (fixture, "Accounts", "id", NULL);
  request_ok (fixture, "PutItem", "{'TableName': 'Accounts', 'Item': {'id': {'S': 'a'}, "
                                  "'balance': {'N': '5'}}}");

  assert_response (fixture, "TransactWriteItems",
                   "{'TransactItems': ["
                   "{'Put': {'TableName': 'Accounts', 'Item': {'id': {'S': 'new'}}}}, "
                   "{'Update': {'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}, "
                   "'UpdateExpression': 'SET balance = balance - :d', "
                   "'ConditionExpression': 'balance >= :d', "
                   "'ExpressionAttributeValues': {':d': {'N': '10'}}, "
                   "'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}}, "
                   "{'ConditionCheck': {'TableName': 'Accounts', 'Key': {'id': {'S': 'none'}}, "
                   "'ConditionExpression': 'attribute_exists(id)', "
                   "'ReturnValuesOnConditionCheckFailure': 'NONE'}}], "
                   "'ReturnConsumedCapacity': 'TOTAL'}",
                   TRUE,
                   "{'__type':'" CANCELED "','CancellationReasons':["
                   "{'Code':'None'},"
                   "{'Code':'ConditionalCheckFailed','Item':{'balance':{'N':'5'},"
                   "'id':{'S':'a'}}," CONDITION_FAILED "},"
                   "{'Code':'ConditionalCheckFailed'," CONDITION_FAILED "}],"
                   "'Message':'Transaction cancelled, please refer cancellation reasons for "
                   "specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]'}");

  /* Nothing of it happened. */
  assert_ok (fixture, "GetItem", "{'TableName': 'Accounts', 'Key': {'id': {'S': 'new'}}}", "{}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}}",
             "{'Item':{'balance':{'N':'5'},'id':{'S':'a'}}}");

  /* A key that breaks the schema is a ValidationError reason on its action. */
  assert_response (fixture, "TransactWriteItems",
                   "{'TransactItems': ["
                   "{'Put': {'TableName': 'Accounts', 'Item': {'id': {'S': 'ok'}}}}, "
                   "{'Delete': {'TableName': 'Accounts', 'Key': {'id': {'N': '1'}}}}]}",
                   TRUE,
                   "{'__type':'" CANCELED "','CancellationReasons':["
                   "{'Code':'None'},"
                   "{'Code':'ValidationError','Message':'The provided key element does not "
                   "match the schema'}],"
                   "'Message':'Transaction cancelled, please refer cancellation reasons for "
                   "specific reasons [None, ValidationError]'}");
}

static void
test_write_idempotency (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *body = three_puts (", 'ClientRequestToken': 'token-1', "
                                      "'ReturnConsumedCapacity': 'TOTAL'");
  g_autofree char *other = NULL;
  g_autofree char *d = sized_item ("d", 500);

  g_test_summary ("A ClientRequestToken replay succeeds without writing and reports the "
                  "transactional reads of the items; other parameters with the same token "
                  "are an IdempotentParameterMismatchException");

  create_simple (fixture, "Accounts", "id", NULL);

  assert_ok (fixture, "TransactWriteItems", body,
             "{'ConsumedCapacity':[{'TableName':'Accounts','CapacityUnits':6.0}]}");
  request_ok (fixture, "DeleteItem", "{'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}}");

  /* The replay reads b and c (2 units each) and the deleted a (2 units); it writes nothing. */
  assert_ok (fixture, "TransactWriteItems", body,
             "{'ConsumedCapacity':[{'TableName':'Accounts','CapacityUnits':6.0}]}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}}", "{}");

  other = g_strdup_printf ("{'TransactItems': [{'Put': {'TableName': 'Accounts', 'Item': %s}}], "
                           "'ClientRequestToken': 'token-1'}", d);
  assert_exception (fixture, "TransactWriteItems", other,
                    DYNAMODB ("IdempotentParameterMismatchException"), "message",
                    "Request parameters do not match the parameters of the previous request "
                    "with this ClientRequestToken");
}

static void
test_write_validation (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_test_summary ("TransactWriteItems: TransactItems, ClientRequestToken and the actions' "
                  "members as constraints, then exactly one action per element, expression "
                  "parameters, and the rules that need the tables");

  create_simple (fixture, "Accounts", "id", NULL);

  assert_serialization (fixture, "TransactWriteItems", "{'TransactItems': [{'Put': []}]}",
                        "Unrecognized collection type class "
                        "com.amazonaws.dynamodb.v20120810.Put");
  assert_validation (fixture, "TransactWriteItems", "{}",
                     "1 validation error detected: Value null at 'transactItems' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "TransactWriteItems",
                     "{'TransactItems': [], 'ClientRequestToken': ''}",
                     "2 validation errors detected: Value '' at 'clientRequestToken' failed to "
                     "satisfy constraint: Member must have length greater than or equal to 1; "
                     "Value '[]' at 'transactItems' failed to satisfy constraint: Member must "
                     "have length greater than or equal to 1");
  assert_validation (fixture, "TransactWriteItems",
                     "{'ClientRequestToken': '0123456789012345678901234567890123456', "
                     "'TransactItems': [{'Put': {'Item': {'id': {'S': 'a'}}, "
                     "'ReturnValuesOnConditionCheckFailure': 'ALL_NEW'}}, "
                     "{'Update': {'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}}}, "
                     "{'ConditionCheck': {'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}}}]}",
                     "5 validation errors detected: Value "
                     "'0123456789012345678901234567890123456' at 'clientRequestToken' failed to "
                     "satisfy constraint: Member must have length less than or equal to 36; "
                     "Value null at 'transactItems.1.member.put.tableName' failed to satisfy "
                     "constraint: Member must not be null; Value 'ALL_NEW' at "
                     "'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed "
                     "to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, "
                     "NONE]; Value null at 'transactItems.2.member.update.updateExpression' "
                     "failed to satisfy constraint: Member must not be null; Value null at "
                     "'transactItems.3.member.conditionCheck.conditionExpression' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "TransactWriteItems", "{'TransactItems': [{}]}",
                     "The action or operation requested is invalid. Verify that the action is "
                     "typed correctly.");
  assert_validation (fixture, "TransactWriteItems",
                     "{'TransactItems': [{'Put': {'TableName': 'Accounts', "
                     "'Item': {'id': {'S': 'a'}}}, 'Delete': {'TableName': 'Accounts', "
                     "'Key': {'id': {'S': 'a'}}}}]}",
                     "TransactItems can only contain one of Check, Put, Update or Delete");
  assert_validation (fixture, "TransactWriteItems",
                     "{'TransactItems': [{'Put': {'TableName': 'Accounts', "
                     "'Item': {'id': {'S': 'a'}}, 'ExpressionAttributeValues': "
                     "{':v': {'N': '1'}}}}]}",
                     "ExpressionAttributeValues can only be specified when using expressions: "
                     "ConditionExpression is null");
  assert_validation (fixture, "TransactWriteItems",
                     "{'TransactItems': [{'Put': {'TableName': 'Accounts', "
                     "'Item': {'id': {'S': 'a'}}, 'ConditionExpression': 'a = :v', "
                     "'ExpressionAttributeValues': {':v': {'N': 'x'}}}}]}",
                     "ExpressionAttributeValues contains invalid value: The parameter cannot be "
                     "converted to a numeric value: x for key :v");
  assert_validation (fixture, "TransactWriteItems",
                     "{'TransactItems': [{'Put': {'TableName': 'Accounts', "
                     "'Item': {'id': {'S': 'a'}}}}, {'Delete': {'TableName': 'Accounts', "
                     "'Key': {'id': {'S': 'a'}}}}]}",
                     "Transaction request cannot include multiple operations on one item");
  assert_exception (fixture, "TransactWriteItems",
                    "{'TransactItems': [{'Put': {'TableName': 'Missing', "
                    "'Item': {'id': {'S': 'a'}}}}]}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found");
}

/* ---------------------------------------------------------------------------------------
 * TransactGetItems
 * ------------------------------------------------------------------------------------- */

static void
test_get (EngineFixture *fixture,
          gconstpointer  user_data)
{
  g_autofree char *a = sized_item ("a", 5000);
  g_autofree char *body = g_strdup_printf ("{'TableName': 'Accounts', 'Item': %s}", a);

  g_test_summary ("TransactGetItems: an Item per found item, {} for a missing one, in order; "
                  "each read charged as a transactional read, 2 units per 4 KB");

  create_simple (fixture, "Accounts", "id", NULL);
  create_simple (fixture, "Ledger", "id", NULL);
  request_ok (fixture, "PutItem", body);
  request_ok (fixture, "PutItem", "{'TableName': 'Ledger', 'Item': {'id': {'S': 'l'}, "
                                  "'n': {'N': '1'}}}");

  assert_ok (fixture, "TransactGetItems",
             "{'TransactItems': ["
             "{'Get': {'TableName': 'Accounts', 'Key': {'id': {'S': 'a'}}, "
             "'ProjectionExpression': '#i', 'ExpressionAttributeNames': {'#i': 'id'}}}, "
             "{'Get': {'TableName': 'Accounts', 'Key': {'id': {'S': 'missing'}}}}, "
             "{'Get': {'TableName': 'Ledger', 'Key': {'id': {'S': 'l'}}}}], "
             "'ReturnConsumedCapacity': 'TOTAL'}",
             "{'Responses':[{'Item':{'id':{'S':'a'}}},{},{'Item':{'id':{'S':'l'},'n':{'N':'1'}}}],"
             "'ConsumedCapacity':[{'TableName':'Accounts','CapacityUnits':6.0},"
             "{'TableName':'Ledger','CapacityUnits':2.0}]}");
  assert_ok (fixture, "TransactGetItems",
             "{'TransactItems': [{'Get': {'TableName': 'Ledger', 'Key': {'id': {'S': 'x'}}}}]}",
             "{'Responses':[{}]}");

  assert_validation (fixture, "TransactGetItems", "{'TransactItems': [{}]}",
                     "1 validation error detected: Value null at 'transactItems.1.member.get' "
                     "failed to satisfy constraint: Member must not be null");
  assert_validation (fixture, "TransactGetItems",
                     "{'TransactItems': [{'Get': {'TableName': 'Ledger', "
                     "'Key': {'id': {'S': 'x'}}, 'ExpressionAttributeNames': {'#i': 'id'}}}]}",
                     "ExpressionAttributeNames can only be specified when using expressions");
  assert_validation (fixture, "TransactGetItems",
                     "{'TransactItems': [{'Get': {'TableName': 'Ledger', "
                     "'Key': {'id': {'S': 'x'}}}}, {'Get': {'TableName': 'Ledger', "
                     "'Key': {'id': {'S': 'x'}}}}]}",
                     "Transaction request cannot include multiple operations on one item");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/dispatch/transact/" path, EngineFixture, NULL, \
              engine_fixture_set_up, func, engine_fixture_tear_down)

  ADD ("write/tv-25", test_write_tv25);
  ADD ("write/canceled", test_write_canceled);
  ADD ("write/idempotency", test_write_idempotency);
  ADD ("write/validation", test_write_validation);
  ADD ("get", test_get);

#undef ADD

  return g_test_run ();
}
