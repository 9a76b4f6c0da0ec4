/* test-engine-dispatch-batch.c
 *
 * BatchGetItem and BatchWriteItem through ddb_dispatch(): the exact response bodies
 * (Responses per table, UnprocessedKeys and UnprocessedItems, {} when empty, ConsumedCapacity
 * as a list with one entry per table), the rulebook's batch vectors TV-19 and TV-20, keys
 * left unprocessed past the 16 MB response limit and sent back as they were asked for, and
 * the validation of RequestItems with DynamoDB's types and messages.
 *
 * Request and response texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dispatch-fixture.h"

/* DynamoDB's largest item, and more of them than BatchGetItem's 16 MB response holds. */
#define MAX_ITEM_BYTES 409600
#define MORE_THAN_16_MB 43

static void
put_item (EngineFixture *fixture,
          const char    *table,
          const char    *item)
{
  g_autofree char *body = g_strdup_printf ("{'TableName': '%s', 'Item': %s}", table, item);

  request_ok (fixture, "PutItem", body);
}

/* ---------------------------------------------------------------------------------------
 * BatchGetItem
 * ------------------------------------------------------------------------------------- */

static void
test_get_tv19 (EngineFixture *fixture,
               gconstpointer  user_data)
{
  g_autofree char *small = sized_item ("a", 1536);
  g_autofree char *large = sized_item ("b", 6656);
  g_autofree char *expected = NULL;

  g_test_summary ("TV-19: strongly consistent reads of 1.5 KB and 6.5 KB items cost 1 + 2 = 3 "
                  "units, not 2; a second table reads eventually consistent with a "
                  "projection; ConsumedCapacity lists each table");

  create_simple (fixture, "Docs", "id", NULL);
  create_simple (fixture, "Tags", "id", NULL);
  put_item (fixture, "Docs", small);
  put_item (fixture, "Docs", large);
  put_item (fixture, "Tags", "{'id': {'S': 't'}, 'n': {'N': '7'}, 'secret': {'S': 's'}}");

  expected = g_strdup_printf ("{'Responses':{'Docs':[%s,%s],'Tags':[{'n':{'N':'7'}}]},"
                              "'UnprocessedKeys':{},"
                              "'ConsumedCapacity':[{'TableName':'Docs','CapacityUnits':3.0},"
                              "{'TableName':'Tags','CapacityUnits':1.0}]}", small, large);
  assert_ok (fixture, "BatchGetItem",
             "{'RequestItems': {"
             "'Docs': {'Keys': [{'id': {'S': 'a'}}, {'id': {'S': 'b'}}], 'ConsistentRead': true}, "
             "'Tags': {'Keys': [{'id': {'S': 't'}}, {'id': {'S': 'missing'}}], "
             "'ProjectionExpression': '#n', 'ExpressionAttributeNames': {'#n': 'n'}}}, "
             "'ReturnConsumedCapacity': 'TOTAL'}",
             expected);
}

static void
test_get_shapes (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  g_test_summary ("A table with no item found still answers with an empty list; without "
                  "ReturnConsumedCapacity there is no ConsumedCapacity; INDEXES adds Table");

  create_simple (fixture, "Tags", "id", NULL);
  put_item (fixture, "Tags", "{'id': {'S': 't'}}");

  assert_ok (fixture, "BatchGetItem",
             "{'RequestItems': {'Tags': {'Keys': [{'id': {'S': 'none'}}]}}}",
             "{'Responses':{'Tags':[]},'UnprocessedKeys':{}}");
  assert_ok (fixture, "BatchGetItem",
             "{'RequestItems': {'Tags': {'Keys': [{'id': {'S': 't'}}], "
             "'ConsistentRead': false}}, 'ReturnConsumedCapacity': 'INDEXES'}",
             "{'Responses':{'Tags':[{'id':{'S':'t'}}]},'UnprocessedKeys':{},"
             "'ConsumedCapacity':[{'TableName':'Tags','CapacityUnits':0.5,"
             "'Table':{'CapacityUnits':0.5}}]}");
}

/* Items of 400 KB, one simulated second apart so that no write waits for capacity. */
static void
put_big_items (EngineFixture *fixture,
               guint          n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%02u", i);
      g_autofree char *item = sized_item (key, MAX_ITEM_BYTES);

      put_item (fixture, "Big", item);
      g_assert_true (ddb_engine_advance (fixture->engine, G_USEC_PER_SEC, NULL));
    }
}

/* The JSON of member @member of @object, compact. */
static char *
member_json (JsonObject *object,
             const char *member)
{
  g_assert_true (json_object_has_member (object, member));

  return json_to_string (json_object_get_member (object, member), FALSE);
}

static void
test_get_unprocessed (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GString) left = g_string_new (NULL);
  g_autoptr(GHashTable) returned = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;
  g_autofree char *unprocessed = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *items;
  gboolean failed = TRUE;

  g_test_summary ("Past 16 MB of response the remaining keys come back in UnprocessedKeys, "
                  "in request order, with the table's ConsistentRead, ProjectionExpression and "
                  "ExpressionAttributeNames as they were sent");

  request_ok (fixture, "CreateTable",
              "{'TableName': 'Big', 'BillingMode': 'PAY_PER_REQUEST', "
              "'AttributeDefinitions': [{'AttributeName': 'id', 'AttributeType': 'S'}], "
              "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}]}");
  put_big_items (fixture, MORE_THAN_16_MB);

  for (guint i = 0; i < MORE_THAN_16_MB; i++)
    g_string_append_printf (keys, "%s{'id': {'S': 'k%02u'}}", i > 0 ? ", " : "", i);
  body = g_strdup_printf ("{'RequestItems': {'Big': {'Keys': [%s], 'ConsistentRead': false, "
                          "'ProjectionExpression': 'id, #p', "
                          "'ExpressionAttributeNames': {'#p': 'pad'}}}}", keys->str);
  response = call (fixture, "BatchGetItem", body, &failed);
  g_assert_false (failed);
  object = parse_object (response);

  /* Whatever the engine's exact cut, every key is either read or sent back, and the
   * response stays within 16 MB. */
  items = json_object_get_array_member (json_object_get_object_member (object, "Responses"),
                                        "Big");
  g_assert_cmpuint (json_array_get_length (items), <=, 16 * 1024 * 1024 / MAX_ITEM_BYTES);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *id = json_object_get_object_member (json_array_get_object_element (items, i),
                                                      "id");

      g_hash_table_add (returned, (gpointer)json_object_get_string_member (id, "S"));
    }
  for (guint i = 0; i < MORE_THAN_16_MB; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%02u", i);

      if (!g_hash_table_contains (returned, key))
        g_string_append_printf (left, "%s{'id':{'S':'%s'}}", left->len > 0 ? "," : "", key);
    }
  g_assert_cmpuint (left->len, >, 0);

  unprocessed = member_json (object, "UnprocessedKeys");
  pattern = g_strdup_printf ("{'Big':{'Keys':[%s],'ConsistentRead':false,"
                             "'ProjectionExpression':'id, #p',"
                             "'ExpressionAttributeNames':{'#p':'pad'}}}", left->str);
  expected = q (pattern);
  g_assert_cmpstr (unprocessed, ==, expected);
}

/* ---------------------------------------------------------------------------------------
 * BatchWriteItem
 * ------------------------------------------------------------------------------------- */

static void
test_write_tv20 (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *small = sized_item ("s", 500);
  g_autofree char *large = sized_item ("l", 3584);
  g_autofree char *body = NULL;

  g_test_summary ("TV-20: puts of 500 B and 3.5 KB cost 1 + 4 = 5 units; deletes and puts "
                  "across tables are listed per table, first seen first");

  create_simple (fixture, "Docs", "id", NULL);
  create_simple (fixture, "Tags", "id", NULL);

  body = g_strdup_printf ("{'RequestItems': {'Docs': [{'PutRequest': {'Item': %s}}, "
                          "{'PutRequest': {'Item': %s}}]}, 'ReturnConsumedCapacity': 'TOTAL'}",
                          small, large);
  assert_ok (fixture, "BatchWriteItem", body,
             "{'UnprocessedItems':{},"
             "'ConsumedCapacity':[{'TableName':'Docs','CapacityUnits':5.0}]}");

  assert_ok (fixture, "BatchWriteItem",
             "{'RequestItems': {"
             "'Tags': [{'PutRequest': {'Item': {'id': {'S': 't'}}}}], "
             "'Docs': [{'DeleteRequest': {'Key': {'id': {'S': 'l'}}}}]}, "
             "'ReturnConsumedCapacity': 'INDEXES', 'ReturnItemCollectionMetrics': 'SIZE'}",
             "{'UnprocessedItems':{},"
             "'ConsumedCapacity':[{'TableName':'Tags','CapacityUnits':1.0,"
             "'Table':{'CapacityUnits':1.0}},"
             "{'TableName':'Docs','CapacityUnits':4.0,'Table':{'CapacityUnits':4.0}}]}");

  assert_ok (fixture, "BatchWriteItem",
             "{'RequestItems': {'Tags': [{'DeleteRequest': {'Key': {'id': {'S': 't'}}}}]}}",
             "{'UnprocessedItems':{}}");

  assert_ok (fixture, "GetItem", "{'TableName': 'Docs', 'Key': {'id': {'S': 'l'}}}", "{}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Tags', 'Key': {'id': {'S': 't'}}}", "{}");
  assert_ok (fixture, "GetItem",
             "{'TableName': 'Docs', 'Key': {'id': {'S': 's'}}, 'ProjectionExpression': 'id'}",
             "{'Item':{'id':{'S':'s'}}}");
}

/* ---------------------------------------------------------------------------------------
 * Validation
 * ------------------------------------------------------------------------------------- */

/* @n keys "{'id': {'S': 'kN'}}, ...", numbered from @first. */
static char *
key_list (guint n,
          guint first)
{
  GString *keys = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (keys, "%s{'id': {'S': 'k%u'}}", i > 0 ? ", " : "", first + i);

  return g_string_free (keys, FALSE);
}

static void
test_get_validation (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *keys_60 = key_list (60, 0);
  g_autofree char *keys_41 = key_list (41, 100);
  g_autofree char *too_many = g_strdup_printf ("{'RequestItems': {'Docs': {'Keys': [%s]}, "
                                               "'Tags': {'Keys': [%s]}}}", keys_60, keys_41);

  g_test_summary ("BatchGetItem: RequestItems' JSON type, its keys and Keys' length as "
                  "constraints, then legacy parameters, expression names, the limits across "
                  "tables, duplicates and missing tables");

  create_simple (fixture, "Docs", "id", NULL);
  create_simple (fixture, "Tags", "id", NULL);

  assert_serialization (fixture, "BatchGetItem", "{'RequestItems': []}",
                        "Unrecognized collection type java.util.Map<java.lang.String, "
                        "com.amazonaws.dynamodb.v20120810.KeysAndAttributes>");
  assert_serialization (fixture, "BatchGetItem", "{'RequestItems': {'Docs': {'Keys': [5]}}}",
                        "Unexpected value type in payload");
  assert_validation (fixture, "BatchGetItem", "{}",
                     "1 validation error detected: Value null at 'requestItems' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "BatchGetItem", "{'RequestItems': {}}",
                     "1 validation error detected: Value '{}' at 'requestItems' failed to "
                     "satisfy constraint: Member must have length greater than or equal to 1");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'bad!name': {'Keys': [{'id': {'S': 'a'}}]}}}",
                     "1 validation error detected: Value '{\"bad!name\":{\"Keys\":[{\"id\":"
                     "{\"S\":\"a\"}}]}}' at 'requestItems' failed to satisfy constraint: Map "
                     "keys must satisfy constraint: [Member must have length less than or equal "
                     "to 255, Member must have length greater than or equal to 3, Member must "
                     "satisfy regular expression pattern: [a-zA-Z0-9_.-]+]");
  assert_validation (fixture, "BatchGetItem", "{'RequestItems': {'Docs': null}}",
                     "1 validation error detected: Value '{\"Docs\":null}' at 'requestItems' "
                     "failed to satisfy constraint: Map value must satisfy constraint: [Member "
                     "must not be null]");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'Docs': {'Keys': []}, 'Tags': {}}, "
                     "'ReturnConsumedCapacity': 'ALL'}",
                     "3 validation errors detected: Value 'ALL' at 'returnConsumedCapacity' "
                     "failed to satisfy constraint: Member must satisfy enum value set: "
                     "[INDEXES, TOTAL, NONE]; Value '[]' at 'requestItems.Docs.member.keys' "
                     "failed to satisfy constraint: Member must have length greater than or "
                     "equal to 1; Value null at 'requestItems.Tags.member.keys' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'a'}}], "
                     "'AttributesToGet': ['id']}}}",
                     "ddbsim does not support the legacy parameter AttributesToGet: use "
                     "ProjectionExpression instead");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'a'}}], "
                     "'ExpressionAttributeNames': {'#a': 'a'}}}}",
                     "ExpressionAttributeNames can only be specified when using expressions");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': ''}}]}}}",
                     "One or more parameter values are not valid. The AttributeValue for a key "
                     "attribute cannot contain an empty string value. Key: id");
  assert_validation (fixture, "BatchGetItem", too_many,
                     "Too many items requested for the BatchGetItem call");
  assert_validation (fixture, "BatchGetItem",
                     "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'a'}}, "
                     "{'id': {'S': 'a'}}]}}}",
                     "Provided list of item keys contains duplicates");
  assert_exception (fixture, "BatchGetItem",
                    "{'RequestItems': {'Docs': {'Keys': [{'id': {'S': 'a'}}]}, "
                    "'Missing': {'Keys': [{'id': {'S': 'a'}}]}}}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found");
}

static void
test_write_validation (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GString) requests = g_string_new (NULL);
  g_autofree char *too_many = NULL;

  g_test_summary ("BatchWriteItem: 1 to 25 requests per table as a map value rule, exactly one "
                  "of PutRequest and DeleteRequest, at most 25 across tables");

  create_simple (fixture, "Docs", "id", NULL);
  create_simple (fixture, "Tags", "id", NULL);

  assert_serialization (fixture, "BatchWriteItem", "{'RequestItems': {'Docs': {}}}",
                        "Start of structure or map found where not expected");
  assert_serialization (fixture, "BatchWriteItem", "{'RequestItems': []}",
                        "Unrecognized collection type java.util.Map<java.lang.String, "
                        "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>");
  assert_validation (fixture, "BatchWriteItem",
                     "{'RequestItems': {'Docs': []}, 'ReturnItemCollectionMetrics': 'ALL'}",
                     "2 validation errors detected: Value 'ALL' at "
                     "'returnItemCollectionMetrics' failed to satisfy constraint: Member must "
                     "satisfy enum value set: [SIZE, NONE]; Value '{\"Docs\":[]}' at "
                     "'requestItems' failed to satisfy constraint: Map value must satisfy "
                     "constraint: [Member must have length less than or equal to 25, Member "
                     "must have length greater than or equal to 1]");
  assert_validation (fixture, "BatchWriteItem",
                     "{'RequestItems': {'Docs': [{'PutRequest': {}}]}}",
                     "1 validation error detected: Value null at "
                     "'requestItems.Docs.member.1.member.putRequest.item' failed to satisfy "
                     "constraint: Member must not be null");
  assert_validation (fixture, "BatchWriteItem", "{'RequestItems': {'Docs': [{}]}}",
                     "Supplied AttributeValue has more than one datatypes set, must contain "
                     "exactly one of the supported datatypes");
  assert_validation (fixture, "BatchWriteItem",
                     "{'RequestItems': {'Docs': [{'PutRequest': {'Item': {'id': {'S': 'a'}}}, "
                     "'DeleteRequest': {'Key': {'id': {'S': 'a'}}}}]}}",
                     "Supplied AttributeValue has more than one datatypes set, must contain "
                     "exactly one of the supported datatypes");
  assert_validation (fixture, "BatchWriteItem",
                     "{'RequestItems': {'Docs': [{'PutRequest': {'Item': {'id': {'N': 'x'}}}}]}}",
                     "The parameter cannot be converted to a numeric value: x");

  for (guint i = 0; i < 13; i++)
    g_string_append_printf (requests, "%s{'PutRequest': {'Item': {'id': {'S': 'k%u'}}}}",
                            i > 0 ? ", " : "", i);
  too_many = g_strdup_printf ("{'RequestItems': {'Docs': [%s], 'Tags': [%s]}}", requests->str,
                              requests->str);
  assert_validation (fixture, "BatchWriteItem", too_many,
                     "Too many items requested for the BatchWriteItem call");
  assert_validation (fixture, "BatchWriteItem",
                     "{'RequestItems': {'Docs': [{'PutRequest': {'Item': {'id': {'S': 'a'}}}}, "
                     "{'DeleteRequest': {'Key': {'id': {'S': 'a'}}}}]}}",
                     "Provided list of item keys contains duplicates");
  assert_exception (fixture, "BatchWriteItem",
                    "{'RequestItems': {'Missing': [{'DeleteRequest': {'Key': "
                    "{'id': {'S': 'a'}}}}]}}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found");

  /* Nothing of a refused batch was written. */
  assert_ok (fixture, "Scan", "{'TableName': 'Docs'}", "{'Count':0,'Items':[],'ScannedCount':0}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/dispatch/batch/" path, EngineFixture, NULL, engine_fixture_set_up, \
              func, engine_fixture_tear_down)

  ADD ("get/tv-19", test_get_tv19);
  ADD ("get/shapes", test_get_shapes);
  ADD ("get/unprocessed", test_get_unprocessed);
  ADD ("get/validation", test_get_validation);
  ADD ("write/tv-20", test_write_tv20);
  ADD ("write/validation", test_write_validation);

#undef ADD

  return g_test_run ();
}
