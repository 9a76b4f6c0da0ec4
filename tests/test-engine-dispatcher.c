/* test-engine-dispatcher.c
 *
 * DynamoDB's JSON protocol through ddb_dispatch(): the exact success body of every
 * operation, the order in which a bad request is refused (JSON types, then constraints,
 * then each operation's rules) with DynamoDB's types and messages, ConditionalCheckFailed,
 * ConsumedCapacity in its TOTAL and INDEXES shapes, and the rulebook's capacity vectors
 * expressed as requests.
 *
 * Request and response texts are written with ' where JSON has " (see dispatch-fixture.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dispatch-fixture.h"

/* A new on-demand table or GSI serves 12,000 RRU and 4,000 WRU at once (rulebook 4.2). */
#define WARM_NEW_TABLE \
  "'WarmThroughput':{'ReadUnitsPerSecond':12000,'WriteUnitsPerSecond':4000," \
  "'Status':'ACTIVE'},"

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

/* The engine may not serve index reads yet; such a test is skipped, not failed. */
static gboolean
index_reads_supported (EngineFixture *fixture)
{
  gboolean failed = FALSE;
  g_autofree char *response =
    call (fixture, "Query", "{'TableName': 'Indexed', 'IndexName': 'gsi', "
                            "'KeyConditionExpression': 'g = :g', "
                            "'ExpressionAttributeValues': {':g': {'S': 'none'}}}", &failed);

  if (!failed)
    return TRUE;
  g_test_skip ("the engine does not serve index reads yet");
  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Protocol: operations and bodies
 * ------------------------------------------------------------------------------------- */

static void
test_operation_names (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_test_summary ("Operations by name or X-Amz-Target; anything else is unknown");

  assert_ok (fixture, "ListTables", "{}", "{'TableNames':[]}");
  assert_ok (fixture, "DynamoDB_20120810.ListTables", "{}", "{'TableNames':[]}");

  assert_response (fixture, "Foo", "{}", TRUE,
                   "{'__type':'com.amazon.coral.service#UnknownOperationException'}");
  assert_response (fixture, "listTables", "{}", TRUE,
                   "{'__type':'com.amazon.coral.service#UnknownOperationException'}");
  assert_response (fixture, "DynamoDB_20111205.ListTables", "{}", TRUE,
                   "{'__type':'com.amazon.coral.service#UnknownOperationException'}");
  assert_response (fixture, "DynamoDB_20120810.", "{}", TRUE,
                   "{'__type':'com.amazon.coral.service#UnknownOperationException'}");
}

static void
test_malformed_body (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  const char *serialization = "{'__type':'com.amazon.coral.service#SerializationException'}";

  g_test_summary ("A body that is not a JSON object is a SerializationException without a "
                  "message; bad JSON is found before an unknown operation, an empty body "
                  "after it");

  assert_response (fixture, "PutItem", "{bad", TRUE, serialization);
  assert_response (fixture, "PutItem", "{'TableName': 'abc',}", TRUE, serialization);
  assert_response (fixture, "PutItem", "", TRUE, serialization);
  assert_response (fixture, "PutItem", NULL, TRUE, serialization);
  assert_response (fixture, "PutItem", "[]", TRUE, serialization);
  assert_response (fixture, "PutItem", "5", TRUE, serialization);
  assert_response (fixture, "Foo", "{bad", TRUE, serialization);
  assert_response (fixture, "Foo", "", TRUE,
                   "{'__type':'com.amazon.coral.service#UnknownOperationException'}");
}

/* ---------------------------------------------------------------------------------------
 * Phase 1: JSON types
 * ------------------------------------------------------------------------------------- */

static void
test_member_types (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  const struct { const char *operation, *body, *message; } cases[] = {
    { "PutItem", "{'TableName': 5}", "NUMBER_VALUE cannot be converted to String" },
    { "PutItem", "{'TableName': 2147483648}", "NUMBER_VALUE cannot be converted to String" },
    { "PutItem", "{'TableName': 34.56}", "DECIMAL_VALUE cannot be converted to String" },
    { "PutItem", "{'TableName': true}", "TRUE_VALUE cannot be converted to String" },
    { "PutItem", "{'TableName': false}", "FALSE_VALUE cannot be converted to String" },
    { "PutItem", "{'TableName': []}", "Unrecognized collection type class java.lang.String" },
    { "PutItem", "{'TableName': {}}", "Start of structure or map found where not expected" },
    { "PutItem", "{'Item': 'x'}", "Unexpected field type" },
    { "PutItem", "{'Item': 23}", "Unexpected field type" },
    { "PutItem", "{'Item': []}",
      "Unrecognized collection type java.util.Map<java.lang.String, "
      "com.amazonaws.dynamodb.v20120810.AttributeValue>" },
    { "PutItem", "{'Item': {'a': 'x'}}", "Unexpected value type in payload" },
    { "PutItem", "{'Item': {'a': []}}",
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue" },
    { "PutItem", "{'ExpressionAttributeNames': []}",
      "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>" },
    { "PutItem", "{'ExpressionAttributeNames': {'#a': 5}}",
      "NUMBER_VALUE cannot be converted to String" },
    { "PutItem", "{'Expected': []}",
      "Unrecognized collection type java.util.Map<java.lang.String, "
      "com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue>" },
    { "GetItem", "{'ConsistentRead': 'true'}", "Unexpected token received from parser" },
    { "GetItem", "{'ConsistentRead': 23}", "NUMBER_VALUE cannot be converted to Boolean" },
    { "GetItem", "{'ConsistentRead': 34.56}", "DECIMAL_VALUE cannot be converted to Boolean" },
    { "GetItem", "{'ConsistentRead': []}",
      "Unrecognized collection type class java.lang.Boolean" },
    { "GetItem", "{'AttributesToGet': 'a'}", "Unexpected field type" },
    { "GetItem", "{'AttributesToGet': {}}",
      "Start of structure or map found where not expected" },
    { "GetItem", "{'AttributesToGet': [true]}", "TRUE_VALUE cannot be converted to String" },
    { "Query", "{'Limit': '5'}", "STRING_VALUE cannot be converted to Integer" },
    { "Query", "{'Limit': false}", "FALSE_VALUE cannot be converted to Integer" },
    { "Query", "{'Limit': []}", "Unrecognized collection type class java.lang.Integer" },
    { "Scan", "{'TotalSegments': {}}", "Start of structure or map found where not expected" },
    { "CreateTable", "{'KeySchema': 'x'}", "Unexpected field type" },
    { "CreateTable", "{'KeySchema': {}}", "Start of structure or map found where not expected" },
    { "CreateTable", "{'KeySchema': [5]}", "Unexpected value type in payload" },
    { "CreateTable", "{'KeySchema': [[]]}",
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement" },
    { "CreateTable", "{'KeySchema': [{'KeyType': 1}]}",
      "NUMBER_VALUE cannot be converted to String" },
    { "CreateTable", "{'ProvisionedThroughput': 5}", "Unexpected field type" },
    { "CreateTable", "{'ProvisionedThroughput': []}",
      "Unrecognized collection type class "
      "com.amazonaws.dynamodb.v20120810.ProvisionedThroughput" },
    { "CreateTable", "{'ProvisionedThroughput': {'ReadCapacityUnits': '1'}}",
      "STRING_VALUE cannot be converted to Long" },
    { "CreateTable", "{'GlobalSecondaryIndexes': [{'Projection': {'NonKeyAttributes': 'a'}}]}",
      "Unexpected field type" },
    { "UpdateTimeToLive", "{'TimeToLiveSpecification': {'Enabled': 'yes'}}",
      "Unexpected token received from parser" },
  };

  g_test_summary ("Each member's JSON type is checked first, with the wording of DynamoDB's "
                  "deserialiser");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_serialization (fixture, cases[i].operation, cases[i].body, cases[i].message);
}

static void
test_serialization_first (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  gboolean failed = FALSE;
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_test_summary ("A wrong JSON type anywhere, even in an attribute value, wins over every "
                  "validation error");

  /* The constraint on TableName and the empty value of "a" come later. */
  assert_serialization (fixture, "PutItem",
                        "{'TableName': 'a;', 'Item': {'a': {}, 'b': 5}}",
                        "Unexpected value type in payload");
  assert_serialization (fixture, "PutItem",
                        "{'TableName': 'a;', 'Item': {'a': {}}, 'ReturnValues': 5}",
                        "NUMBER_VALUE cannot be converted to String");

  /* Inside an AttributeValue the model layer words it; the type is what matters here. */
  response = call (fixture, "Query", "{'TableName': 'a;', 'Limit': 0, "
                                     "'ExclusiveStartKey': {'a': {'S': 5}}}", &failed);
  object = parse_object (response);
  g_assert_true (failed);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==, SERIALIZATION);
  g_assert_true (json_object_has_member (object, "Message"));
}

static void
test_unknown_members (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_test_summary ("Members an operation does not know are ignored, whatever their type");

  create_simple (fixture, "Things", "a", NULL);
  assert_ok (fixture, "PutItem",
             "{'TableName': 'Things', 'Item': {'a': {'S': 'x'}}, 'Bogus': 5, 'tablename': []}",
             "{}");
  assert_ok (fixture, "GetItem",
             "{'TableName': 'Things', 'Key': {'a': {'S': 'x'}}, 'Item': 'nonsense'}",
             "{'Item':{'a':{'S':'x'}}}");
}

/* ---------------------------------------------------------------------------------------
 * Phase 2: constraints
 * ------------------------------------------------------------------------------------- */

static void
test_constraints_data_plane (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *long_name = g_strnfill (256, 'a');
  g_autofree char *long_body = g_strdup_printf ("{'TableName': '%s'}", long_name);
  g_autofree char *long_message =
    g_strdup_printf ("2 validation errors detected: Value '%s' at 'tableName' failed to "
                     "satisfy constraint: Member must have length less than or equal to 255; "
                     "Value null at 'item' failed to satisfy constraint: Member must not be "
                     "null", long_name);

  g_test_summary ("Constraint violations are aggregated, in the request model's order");

  assert_validation (fixture, "PutItem", "{}",
                     "2 validation errors detected: "
                     "Value null at 'tableName' failed to satisfy constraint: "
                     "Member must not be null; "
                     "Value null at 'item' failed to satisfy constraint: "
                     "Member must not be null");
  assert_validation (fixture, "PutItem", "{'TableName': 'a;'}",
                     "3 validation errors detected: "
                     "Value 'a;' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                     "Value 'a;' at 'tableName' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 3; "
                     "Value null at 'item' failed to satisfy constraint: "
                     "Member must not be null");
  assert_validation (fixture, "PutItem", "{'TableName': ''}",
                     "3 validation errors detected: "
                     "Value '' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                     "Value '' at 'tableName' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 3; "
                     "Value null at 'item' failed to satisfy constraint: "
                     "Member must not be null");
  assert_validation (fixture, "PutItem", long_body, long_message);
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc;', 'ReturnConsumedCapacity': 'hi', "
                     "'ReturnItemCollectionMetrics': 'hi', 'ReturnValues': 'hi'}",
                     "5 validation errors detected: "
                     "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
                     "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                     "Value 'abc;' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                     "Value null at 'item' failed to satisfy constraint: "
                     "Member must not be null; "
                     "Value 'hi' at 'returnValues' failed to satisfy constraint: "
                     "Member must satisfy enum value set: "
                     "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
                     "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
                     "Member must satisfy enum value set: [SIZE, NONE]");
  assert_validation (fixture, "GetItem", "{'TableName': 'abc', 'Key': {}, 'Select': 'x', "
                                         "'AttributesToGet': []}",
                     "1 validation error detected: "
                     "Value '[]' at 'attributesToGet' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 1");
  assert_validation (fixture, "Query", "{'TableName': 'abc', 'Limit': 0, 'Select': 'count'}",
                     "2 validation errors detected: "
                     "Value '0' at 'limit' failed to satisfy constraint: "
                     "Member must have value greater than or equal to 1; "
                     "Value 'count' at 'select' failed to satisfy constraint: "
                     "Member must satisfy enum value set: "
                     "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  assert_validation (fixture, "Query", "{'TableName': 'abc', 'IndexName': 'ab'}",
                     "1 validation error detected: "
                     "Value 'ab' at 'indexName' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 3");
  assert_validation (fixture, "Scan", "{'TableName': 'abc', 'Segment': -1, "
                                      "'TotalSegments': 1000001}",
                     "2 validation errors detected: "
                     "Value '-1' at 'segment' failed to satisfy constraint: "
                     "Member must have value greater than or equal to 0; "
                     "Value '1000001' at 'totalSegments' failed to satisfy constraint: "
                     "Member must have value less than or equal to 1000000");
  assert_validation (fixture, "ListTables", "{'Limit': 101, "
                                            "'ExclusiveStartTableName': 'a;'}",
                     "3 validation errors detected: "
                     "Value '101' at 'limit' failed to satisfy constraint: "
                     "Member must have value less than or equal to 100; "
                     "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                     "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 3");
}

static void
test_constraints_control_plane (EngineFixture *fixture,
                                gconstpointer  user_data)
{
  gboolean failed = FALSE;
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *message;

  g_test_summary ("Control-plane table names are checked on their own first; nested "
                  "members are named by their path");

  assert_validation (fixture, "CreateTable", "{}",
                     "The parameter 'TableName' is required but was not present in the "
                     "request");
  assert_validation (fixture, "DescribeTable", "{'TableName': 'a;'}",
                     "TableName must be at least 3 characters long and at most 255 characters "
                     "long");
  assert_validation (fixture, "DeleteTable", "{'TableName': ''}",
                     "TableName must be at least 3 characters long and at most 255 characters "
                     "long");
  assert_validation (fixture, "DescribeTimeToLive", "{'TableName': 'abc;'}",
                     "1 validation error detected: "
                     "Value 'abc;' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  assert_validation (fixture, "CreateTable", "{'TableName': 'abc;'}",
                     "3 validation errors detected: "
                     "Value null at 'attributeDefinitions' failed to satisfy constraint: "
                     "Member must not be null; "
                     "Value 'abc;' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                     "Value null at 'keySchema' failed to satisfy constraint: "
                     "Member must not be null");
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'AttributeDefinitions': [], 'KeySchema': [], "
                     "'ProvisionedThroughput': {'ReadCapacityUnits': -1, "
                     "'WriteCapacityUnits': -1}, 'BillingMode': 'A'}",
                     "4 validation errors detected: "
                     "Value 'A' at 'billingMode' failed to satisfy constraint: "
                     "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; "
                     "Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to "
                     "satisfy constraint: Member must have value greater than or equal to 1; "
                     "Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to "
                     "satisfy constraint: Member must have value greater than or equal to 1; "
                     "Value '[]' at 'keySchema' failed to satisfy constraint: "
                     "Member must have length greater than or equal to 1");
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'AttributeDefinitions': [{}], "
                     "'KeySchema': [{'KeyType': 'HASH', 'AttributeName': 'a'}]}",
                     "2 validation errors detected: "
                     "Value null at 'attributeDefinitions.1.member.attributeName' failed to "
                     "satisfy constraint: Member must not be null; "
                     "Value null at 'attributeDefinitions.1.member.attributeType' failed to "
                     "satisfy constraint: Member must not be null");
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'AttributeDefinitions': [{'AttributeName': 'b', "
                     "'AttributeType': 'SS'}], "
                     "'KeySchema': [{'KeyType': 'HASH', 'AttributeName': 'a'}]}",
                     "1 validation error detected: "
                     "Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to "
                     "satisfy constraint: Member must satisfy enum value set: [B, N, S]");
  assert_validation (fixture, "UpdateTimeToLive", "{'TableName': 'abc'}",
                     "1 validation error detected: "
                     "Value null at 'timeToLiveSpecification' failed to satisfy constraint: "
                     "Member must not be null");

  /* Too many key elements, two missing members and a bad enum; DynamoDB prints the list
   * itself in its own notation, so only the rest is compared exactly. */
  response = call (fixture, "CreateTable",
                   "{'TableName': 'abc', 'AttributeDefinitions': [], 'KeySchema': ["
                   "{'KeyType': 'HASH'}, {'AttributeName': 'a'}, "
                   "{'KeyType': 'Woop', 'AttributeName': 'a'}]}", &failed);
  object = parse_object (response);
  message = json_object_get_string_member (object, "message");
  g_assert_true (failed);
  g_assert_true (g_str_has_prefix (message, "4 validation errors detected: Value '["));
  g_assert_nonnull (strstr (message, "]' at 'keySchema' failed to satisfy constraint: Member "
                                     "must have length less than or equal to 2; "
                                     "Value null at 'keySchema.1.member.attributeName' failed "
                                     "to satisfy constraint: Member must not be null; "
                                     "Value null at 'keySchema.2.member.keyType' failed to "
                                     "satisfy constraint: Member must not be null; "
                                     "Value 'Woop' at 'keySchema.3.member.keyType' failed to "
                                     "satisfy constraint: Member must satisfy enum value set: "
                                     "[HASH, RANGE]"));
}

static void
test_constraints_at_most_ten (EngineFixture *fixture,
                              gconstpointer  user_data)
{
  GString *body = g_string_new ("{'TableName': 'abc', 'KeySchema': [{'KeyType': 'HASH', "
                                "'AttributeName': 'a'}], 'AttributeDefinitions': [");
  gboolean failed = FALSE;
  g_autofree char *response = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *message;
  guint n = 0;

  g_test_summary ("DynamoDB reports at most ten constraint violations");

  for (guint i = 0; i < 12; i++)
    g_string_append (body, i == 0 ? "{}" : ", {}");
  g_string_append (body, "]}");
  text = g_string_free (body, FALSE);

  response = call (fixture, "CreateTable", text, &failed);
  object = parse_object (response);
  message = json_object_get_string_member (object, "message");
  g_assert_true (failed);
  g_assert_true (g_str_has_prefix (message, "10 validation errors detected: "));
  for (const char *p = message; (p = strstr (p, "failed to satisfy")) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 10);
}

/* ---------------------------------------------------------------------------------------
 * Phase 3: each operation's rules
 * ------------------------------------------------------------------------------------- */

static void
test_expression_parameters (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_test_summary ("Expression attribute names and values need expressions, keys of the "
                  "form #name and :name, and valid values");

  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ExpressionAttributeNames': {}}",
                     "ExpressionAttributeNames can only be specified when using expressions");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ExpressionAttributeValues': {}}",
                     "ExpressionAttributeValues can only be specified when using expressions: "
                     "ConditionExpression is null");
  assert_validation (fixture, "UpdateItem",
                     "{'TableName': 'abc', 'Key': {}, 'ExpressionAttributeValues': {}}",
                     "ExpressionAttributeValues can only be specified when using expressions: "
                     "UpdateExpression and ConditionExpression are null");
  assert_validation (fixture, "Scan",
                     "{'TableName': 'abc', 'ProjectionExpression': 'a', "
                     "'ExpressionAttributeValues': {}}",
                     "ExpressionAttributeValues can only be specified when using expressions: "
                     "FilterExpression is null");
  assert_validation (fixture, "GetItem",
                     "{'TableName': 'abc', 'Key': {}, 'ExpressionAttributeNames': {'#a': 'a'}}",
                     "ExpressionAttributeNames can only be specified when using expressions");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ConditionExpression': 'a = b', "
                     "'ExpressionAttributeNames': {}}",
                     "ExpressionAttributeNames must not be empty");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ConditionExpression': 'a = b', "
                     "'ExpressionAttributeNames': {'#a': 'a', 'b': 'b'}}",
                     "ExpressionAttributeNames contains invalid key: Syntax error; key: \"b\"");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ConditionExpression': 'a = b', "
                     "'ExpressionAttributeValues': {}}",
                     "ExpressionAttributeValues must not be empty");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ConditionExpression': 'a = b', "
                     "'ExpressionAttributeValues': {':a-b': {'S': 'x'}}}",
                     "ExpressionAttributeValues contains invalid key: Syntax error; key: "
                     "\":a-b\"");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ConditionExpression': 'a = :b', "
                     "'ExpressionAttributeValues': {':a': {'S': 'x'}, ':b': {}}}",
                     "ExpressionAttributeValues contains invalid value: Supplied AttributeValue "
                     "is empty, must contain exactly one of the supported datatypes for key :b");
}

static void
test_attribute_values (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_test_summary ("Invalid attribute values are reported after the constraints, worded by "
                  "where they appear");

  assert_validation (fixture, "PutItem", "{'TableName': 'abc', 'Item': {'a': {}}}",
                     "Supplied AttributeValue is empty, must contain exactly one of the "
                     "supported datatypes");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc;', 'Item': {'a': {}}}",
                     "1 validation error detected: "
                     "Value 'abc;' at 'tableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {'a': {'S': 'a', 'N': '1'}}}",
                     "Supplied AttributeValue has more than one datatypes set, must contain "
                     "exactly one of the supported datatypes");
  assert_validation (fixture, "DeleteItem",
                     "{'TableName': 'abc', 'Key': {'a': {'N': 'b'}}}",
                     "The parameter cannot be converted to a numeric value: b");
  assert_validation (fixture, "Query",
                     "{'TableName': 'abc', 'KeyConditionExpression': 'a = :a', "
                     "'ExclusiveStartKey': {'a': {'NULL': false}}}",
                     "The provided starting key is invalid: One or more parameter values were "
                     "invalid: Null attribute value types must have the value of true");
  assert_validation (fixture, "Scan",
                     "{'TableName': 'abc', 'ExclusiveStartKey': {'a': {}}}",
                     "The provided starting key is invalid: Supplied AttributeValue is empty, "
                     "must contain exactly one of the supported datatypes");
}

static void
test_return_values (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  g_test_summary ("PutItem and DeleteItem return only ALL_OLD or NONE");

  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ReturnValues': 'ALL_NEW'}",
                     "ReturnValues can only be ALL_OLD or NONE");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, 'ReturnValues': 'UPDATED_NEW'}",
                     "ReturnValues can only be ALL_OLD or NONE");
  assert_validation (fixture, "DeleteItem",
                     "{'TableName': 'abc', 'Key': {}, 'ReturnValues': 'UPDATED_OLD'}",
                     "ReturnValues can only be ALL_OLD or NONE");
  assert_validation (fixture, "PutItem",
                     "{'TableName': 'abc', 'Item': {}, "
                     "'ReturnValuesOnConditionCheckFailure': 'ALL_NEW'}",
                     "1 validation error detected: Value 'ALL_NEW' at "
                     "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: "
                     "Member must satisfy enum value set: [ALL_OLD, NONE]");
}

static void
test_select (EngineFixture *fixture,
             gconstpointer  user_data)
{
  const struct { const char *select, *extra, *message; } cases[] = {
    { "ALL_ATTRIBUTES", ", 'ProjectionExpression': 'a'",
      "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES" },
    { "ALL_PROJECTED_ATTRIBUTES", ", 'ProjectionExpression': 'a', 'IndexName': 'idx'",
      "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES" },
    { "ALL_PROJECTED_ATTRIBUTES", ", 'ProjectionExpression': 'a'",
      "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES" },
    { "COUNT", ", 'ProjectionExpression': 'a'",
      "Cannot specify the ProjectionExpression when choosing to get only the Count" },
    { "SPECIFIC_ATTRIBUTES", "",
      "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
      "SPECIFIC_ATTRIBUTES" },
    { "ALL_PROJECTED_ATTRIBUTES", "",
      "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName" },
  };

  g_test_summary ("Select against ProjectionExpression and IndexName; Query words it as "
                  "one validation error, Scan does not");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = g_strdup_printf ("{'TableName': 'abc', 'Select': '%s', "
                                                "'KeyConditionExpression': 'a = :a'%s}",
                                                cases[i].select, cases[i].extra);
      g_autofree char *scan = g_strdup_printf ("{'TableName': 'abc', 'Select': '%s'%s}",
                                               cases[i].select, cases[i].extra);
      g_autofree char *query_message = g_strconcat ("1 validation error detected: ",
                                                    cases[i].message, NULL);

      assert_validation (fixture, "Query", query, query_message);
      assert_validation (fixture, "Scan", scan, cases[i].message);
    }

  assert_validation (fixture, "Query", "{'TableName': 'abc'}",
                     "Either the KeyConditions or KeyConditionExpression parameter must be "
                     "specified in the request.");
}

static void
test_segments (EngineFixture *fixture,
               gconstpointer  user_data)
{
  g_test_summary ("Scan's Segment and TotalSegments come together, Segment below the total");

  assert_validation (fixture, "Scan", "{'TableName': 'abc', 'Segment': 1}",
                     "The TotalSegments parameter is required but was not present in the "
                     "request when Segment parameter is present");
  assert_validation (fixture, "Scan", "{'TableName': 'abc', 'TotalSegments': 2}",
                     "The Segment parameter is required but was not present in the request "
                     "when parameter TotalSegments is present");
  assert_validation (fixture, "Scan", "{'TableName': 'abc', 'Segment': 3, 'TotalSegments': 3}",
                     "The Segment parameter is zero-based and must be less than parameter "
                     "TotalSegments: Segment: 3 is not less than TotalSegments: 3");
}

static void
test_create_table_rules (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  const char *definitions = "'AttributeDefinitions': [{'AttributeName': 'a', "
                            "'AttributeType': 'S'}, {'AttributeName': 'b', "
                            "'AttributeType': 'S'}]";
  const struct { const char *rest, *message; } cases[] = {
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'RANGE'}]",
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type" },
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
      "{'AttributeName': 'b', 'KeyType': 'HASH'}]",
      "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type" },
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
      "{'AttributeName': 'b', 'KeyType': 'RANGE'}], 'LocalSecondaryIndexes': []",
      "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty" },
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
      "{'AttributeName': 'b', 'KeyType': 'RANGE'}], 'GlobalSecondaryIndexes': []",
      "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty" },
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], "
      "'GlobalSecondaryIndexes': [{'IndexName': 'idx', 'KeySchema': [{'AttributeName': 'b', "
      "'KeyType': 'HASH'}], 'Projection': {}}]",
      "One or more parameter values were invalid: Unknown ProjectionType: null" },
    { "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], "
      "'GlobalSecondaryIndexes': [{'IndexName': 'idx', 'KeySchema': [{'AttributeName': 'b', "
      "'KeyType': 'SORT'}], 'Projection': {'ProjectionType': 'ALL'}}]",
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type" },
  };

  g_test_summary ("CreateTable's key schema and index rules");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{'TableName': 'abc', 'BillingMode': "
                                               "'PAY_PER_REQUEST', %s, %s}", definitions,
                                               cases[i].rest);

      assert_validation (fixture, "CreateTable", body, cases[i].message);
    }

  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', "
                     "'AttributeDefinitions': [{'AttributeName': 'a', 'AttributeType': 'S'}], "
                     "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
                     "{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
                     "Invalid KeySchema: Some index key attribute have no definition");
  /* The ddbsim extension. */
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', "
                     "'Ddbsim': {'PartitionSizeLimitBytes': 0}, "
                     "'AttributeDefinitions': [{'AttributeName': 'a', 'AttributeType': 'S'}], "
                     "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
                     "1 validation error detected: Value '0' at "
                     "'ddbsim.partitionSizeLimitBytes' failed to satisfy constraint: Member "
                     "must have value greater than or equal to 1");
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', "
                     "'Ddbsim': {'PartitionSizeLimitBytes': 1000}, "
                     "'AttributeDefinitions': [{'AttributeName': 'a', 'AttributeType': 'S'}], "
                     "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
                     "Ddbsim.PartitionSizeLimitBytes must be between 1048576 (1 MB) and "
                     "10737418240 (10 GB)");
  /* Rules every caller of the engine gets (ddb_table_spec_validate). */
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'AttributeDefinitions': [{'AttributeName': 'a', "
                     "'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': 'a', "
                     "'KeyType': 'HASH'}]}",
                     "One or more parameter values were invalid: ReadCapacityUnits and "
                     "WriteCapacityUnits must both be specified when BillingMode is "
                     "PROVISIONED");
  assert_validation (fixture, "CreateTable",
                     "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', "
                     "'ProvisionedThroughput': {'ReadCapacityUnits': 1, "
                     "'WriteCapacityUnits': 1}, 'AttributeDefinitions': [{'AttributeName': "
                     "'a', 'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': 'a', "
                     "'KeyType': 'HASH'}]}",
                     "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                     "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
}

static void
test_update_table_rules (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  g_test_summary ("UpdateTable needs something to update; TTL needs an attribute name");

  assert_validation (fixture, "UpdateTable", "{'TableName': 'abc'}",
                     "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                     "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is "
                     "required");
  assert_validation (fixture, "UpdateTable",
                     "{'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [{}]}",
                     "One or more parameter values were invalid: One of "
                     "GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                     "GlobalSecondaryIndexUpdate.Delete must not be null");
  assert_validation (fixture, "UpdateTimeToLive",
                     "{'TableName': 'abc', 'TimeToLiveSpecification': {'AttributeName': '', "
                     "'Enabled': true}}",
                     "TimeToLiveSpecification.AttributeName must be non empty");
}

static void
test_legacy_parameters (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  const struct { const char *operation, *body, *message; } cases[] = {
    { "GetItem", "{'TableName': 'abc', 'Key': {}, 'AttributesToGet': ['a']}",
      "ddbsim does not support the legacy parameter AttributesToGet: use "
      "ProjectionExpression instead" },
    { "PutItem", "{'TableName': 'abc', 'Item': {}, 'Expected': {'a': {'Exists': false}}}",
      "ddbsim does not support the legacy parameter Expected: use ConditionExpression "
      "instead" },
    { "DeleteItem", "{'TableName': 'abc', 'Key': {}, 'ConditionalOperator': 'AND'}",
      "ddbsim does not support the legacy parameter ConditionalOperator: use "
      "ConditionExpression instead" },
    { "UpdateItem", "{'TableName': 'abc', 'Key': {}, 'AttributeUpdates': {'a': {}}}",
      "ddbsim does not support the legacy parameter AttributeUpdates: use UpdateExpression "
      "instead" },
    { "Query", "{'TableName': 'abc', 'KeyConditions': {'a': {}}}",
      "ddbsim does not support the legacy parameter KeyConditions: use "
      "KeyConditionExpression instead" },
    { "Query", "{'TableName': 'abc', 'QueryFilter': {'a': {}}}",
      "ddbsim does not support the legacy parameter QueryFilter: use FilterExpression "
      "instead" },
    { "Scan", "{'TableName': 'abc', 'ScanFilter': {'a': {}}}",
      "ddbsim does not support the legacy parameter ScanFilter: use FilterExpression instead" },
    { "Scan", "{'TableName': 'abc', 'ConditionalOperator': 'OR'}",
      "ddbsim does not support the legacy parameter ConditionalOperator: use FilterExpression "
      "instead" },
  };

  g_test_summary ("Legacy parameters are refused, naming the expression to use instead");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_validation (fixture, cases[i].operation, cases[i].body, cases[i].message);

  /* Their JSON types and constraints are still DynamoDB's. */
  assert_serialization (fixture, "Query", "{'KeyConditions': {'a': 5}}",
                        "Unexpected value type in payload");
  assert_validation (fixture, "Scan", "{'TableName': 'abc', 'ConditionalOperator': 'XOR'}",
                     "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed "
                     "to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
}

/* ---------------------------------------------------------------------------------------
 * Success shapes: control plane
 * ------------------------------------------------------------------------------------- */

#define ORDERS_CREATE \
  "{'TableName': 'Orders', 'AttributeDefinitions': [" \
  "{'AttributeName': 'id', 'AttributeType': 'S'}, {'AttributeName': 'n', 'AttributeType': 'N'}], " \
  "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}, " \
  "{'AttributeName': 'n', 'KeyType': 'RANGE'}], " \
  "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}}"

#define ORDERS_HEAD \
  "{'AttributeDefinitions':[{'AttributeName':'id','AttributeType':'S'}," \
  "{'AttributeName':'n','AttributeType':'N'}],'TableName':'Orders'," \
  "'KeySchema':[{'AttributeName':'id','KeyType':'HASH'},{'AttributeName':'n','KeyType':'RANGE'}],"
#define ORDERS_IDS \
  "'TableArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Orders'," \
  "'TableId':'d25ac5b4-dbfe-4ae8-a660-e20441549b2b',"

static void
test_create_describe_delete (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_test_summary ("CreateTable, DescribeTable and DeleteTable return a TableDescription");

  assert_ok (fixture, "CreateTable", ORDERS_CREATE,
             "{'TableDescription':" ORDERS_HEAD
             "'TableStatus':'CREATING','CreationDateTime':1.7356896E9,"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5,"
             "'WriteCapacityUnits':5},'TableSizeBytes':0,'ItemCount':0," ORDERS_IDS
             "'TableClassSummary':{'TableClass':'STANDARD'},'DeletionProtectionEnabled':false,"
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':0,'LiveTableSizeBytes':0}}}");
  request_ok (fixture, "PutItem", "{'TableName': 'Orders', 'Item': {'id': {'S': 'a'}, "
                                  "'n': {'N': '1'}}}");
  assert_ok (fixture, "DescribeTable", "{'TableName': 'Orders'}",
             "{'Table':" ORDERS_HEAD
             "'TableStatus':'ACTIVE','CreationDateTime':1.7356896E9,"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5,"
             "'WriteCapacityUnits':5},'TableSizeBytes':6,'ItemCount':1," ORDERS_IDS
             "'TableClassSummary':{'TableClass':'STANDARD'},'DeletionProtectionEnabled':false,"
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':1,'LiveTableSizeBytes':6}}}");
  assert_ok (fixture, "DeleteTable", "{'TableName': 'Orders'}",
             "{'TableDescription':" ORDERS_HEAD
             "'TableStatus':'DELETING','CreationDateTime':1.7356896E9,"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':5,"
             "'WriteCapacityUnits':5},'TableSizeBytes':6,'ItemCount':1," ORDERS_IDS
             "'TableClassSummary':{'TableClass':'STANDARD'},'DeletionProtectionEnabled':false,"
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':1,'LiveTableSizeBytes':6}}}");

  assert_exception (fixture, "DescribeTable", "{'TableName': 'Orders'}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Table: Orders not found");
  assert_exception (fixture, "GetItem", "{'TableName': 'Orders', 'Key': {'id': {'S': 'a'}, "
                                        "'n': {'N': '1'}}}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found");
}

static void
test_on_demand_with_indexes (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_test_summary ("An on-demand table with both kinds of index and the Ddbsim extension");

  assert_ok (fixture, "CreateTable",
             "{'TableName': 'Shop', 'BillingMode': 'PAY_PER_REQUEST', "
             "'TableClass': 'STANDARD_INFREQUENT_ACCESS', "
             "'OnDemandThroughput': {'MaxReadRequestUnits': 100, 'MaxWriteRequestUnits': 50}, "
             "'Ddbsim': {'PartitionSizeLimitBytes': 1048576}, "
             "'AttributeDefinitions': [{'AttributeName': 'a', 'AttributeType': 'S'}, "
             "{'AttributeName': 'b', 'AttributeType': 'N'}, "
             "{'AttributeName': 'c', 'AttributeType': 'B'}], "
             "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
             "{'AttributeName': 'b', 'KeyType': 'RANGE'}], "
             "'LocalSecondaryIndexes': [{'IndexName': 'byC', 'KeySchema': ["
             "{'AttributeName': 'a', 'KeyType': 'HASH'}, "
             "{'AttributeName': 'c', 'KeyType': 'RANGE'}], "
             "'Projection': {'ProjectionType': 'KEYS_ONLY'}}], "
             "'GlobalSecondaryIndexes': [{'IndexName': 'byCB', 'KeySchema': ["
             "{'AttributeName': 'c', 'KeyType': 'HASH'}, "
             "{'AttributeName': 'b', 'KeyType': 'RANGE'}], "
             "'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['x', 'y']}}]}",
             "{'TableDescription':{'AttributeDefinitions':["
             "{'AttributeName':'a','AttributeType':'S'},{'AttributeName':'b','AttributeType':'N'},"
             "{'AttributeName':'c','AttributeType':'B'}],'TableName':'Shop',"
             "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'},"
             "{'AttributeName':'b','KeyType':'RANGE'}],"
             "'TableStatus':'CREATING','CreationDateTime':1.7356896E9,"
             "'ProvisionedThroughput':{'NumberOfDecreasesToday':0,'ReadCapacityUnits':0,"
             "'WriteCapacityUnits':0},'TableSizeBytes':0,'ItemCount':0,"
             "'TableArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Shop',"
             "'TableId':'8bfea07b-4ce1-406b-a269-7f27612a403f',"
             "'BillingModeSummary':{'BillingMode':'PAY_PER_REQUEST',"
             "'LastUpdateToPayPerRequestDateTime':1.7356896E9},"
             "'LocalSecondaryIndexes':[{'IndexName':'byC','KeySchema':["
             "{'AttributeName':'a','KeyType':'HASH'},{'AttributeName':'c','KeyType':'RANGE'}],"
             "'Projection':{'ProjectionType':'KEYS_ONLY'},'IndexSizeBytes':0,'ItemCount':0,"
             "'IndexArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Shop/index/byC',"
             "'Ddbsim':{'PartitionCount':4,'LiveItemCount':0,'LiveIndexSizeBytes':0}}],"
             "'GlobalSecondaryIndexes':[{'IndexName':'byCB','KeySchema':["
             "{'AttributeName':'c','KeyType':'HASH'},{'AttributeName':'b','KeyType':'RANGE'}],"
             "'Projection':{'ProjectionType':'INCLUDE','NonKeyAttributes':['x','y']},"
             "'IndexStatus':'CREATING','ProvisionedThroughput':{'NumberOfDecreasesToday':0,"
             "'ReadCapacityUnits':0,'WriteCapacityUnits':0},'IndexSizeBytes':0,'ItemCount':0,"
             "'IndexArn':'arn:aws:dynamodb:us-east-1:000000000000:table/Shop/index/byCB',"
             "'OnDemandThroughput':{'MaxReadRequestUnits':-1,'MaxWriteRequestUnits':-1},"
             WARM_NEW_TABLE
             "'Ddbsim':{'PartitionCount':4,'LiveItemCount':0,'LiveIndexSizeBytes':0}}],"
             "'TableClassSummary':{'TableClass':'STANDARD_INFREQUENT_ACCESS'},"
             "'OnDemandThroughput':{'MaxReadRequestUnits':100,'MaxWriteRequestUnits':50},"
             WARM_NEW_TABLE
             "'DeletionProtectionEnabled':false,"
             "'Ddbsim':{'PartitionCount':4,'PartitionSizeLimitBytes':1048576,"
             "'LiveItemCount':0,'LiveTableSizeBytes':0}}}");
}

static void
test_update_table (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  gboolean failed = TRUE;
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonObject *throughput;

  g_test_summary ("UpdateTable changes throughput, keeps what the request leaves out, and "
                  "stamps increases and decreases on the simulated clock");

  request_ok (fixture, "CreateTable", ORDERS_CREATE);
  g_assert_true (ddb_engine_advance (fixture->engine, 123000, NULL));

  assert_ok (fixture, "UpdateTable",
             "{'TableName': 'Orders', 'ProvisionedThroughput': {'ReadCapacityUnits': 10, "
             "'WriteCapacityUnits': 5}}",
             "{'TableDescription':" ORDERS_HEAD
             "'TableStatus':'UPDATING','CreationDateTime':1.7356896E9,"
             "'ProvisionedThroughput':{'LastIncreaseDateTime':1.735689600123E9,"
             "'NumberOfDecreasesToday':0,'ReadCapacityUnits':10,'WriteCapacityUnits':5},"
             "'TableSizeBytes':0,'ItemCount':0," ORDERS_IDS
             "'TableClassSummary':{'TableClass':'STANDARD'},'DeletionProtectionEnabled':false,"
             "'Ddbsim':{'PartitionCount':1,'LiveItemCount':0,'LiveTableSizeBytes':0}}}");

  g_assert_true (ddb_engine_advance (fixture->engine, G_USEC_PER_SEC, NULL));
  response = call (fixture, "UpdateTable",
                   "{'TableName': 'Orders', 'ProvisionedThroughput': {'ReadCapacityUnits': 2, "
                   "'WriteCapacityUnits': 2}}", &failed);
  object = parse_object (response);
  g_assert_false (failed);
  throughput = json_object_get_object_member (json_object_get_object_member (object,
                                                                             "TableDescription"),
                                              "ProvisionedThroughput");
  g_assert_cmpint (json_object_get_int_member (throughput, "ReadCapacityUnits"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (throughput, "WriteCapacityUnits"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (throughput, "NumberOfDecreasesToday"), ==, 1);
  g_assert_true (json_object_has_member (throughput, "LastDecreaseDateTime"));
  g_assert_true (json_object_has_member (throughput, "LastIncreaseDateTime"));

  assert_exception (fixture, "UpdateTable",
                    "{'TableName': 'Missing', 'BillingMode': 'PAY_PER_REQUEST'}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Table: Missing not found");
}

static void
test_list_tables (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_test_summary ("ListTables pages through table names in order");

  create_simple (fixture, "Charlie", "a", NULL);
  create_simple (fixture, "Alpha", "a", NULL);
  create_simple (fixture, "Bravo", "a", NULL);

  assert_ok (fixture, "ListTables", "{}", "{'TableNames':['Alpha','Bravo','Charlie']}");
  assert_ok (fixture, "ListTables", "{'Limit': 2}",
             "{'TableNames':['Alpha','Bravo'],'LastEvaluatedTableName':'Bravo'}");
  assert_ok (fixture, "ListTables", "{'Limit': 2, 'ExclusiveStartTableName': 'Bravo'}",
             "{'TableNames':['Charlie']}");
}

static void
test_time_to_live (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  g_test_summary ("UpdateTimeToLive echoes the specification; DescribeTimeToLive reports it");

  create_simple (fixture, "Sessions", "id", NULL);
  assert_ok (fixture, "DescribeTimeToLive", "{'TableName': 'Sessions'}",
             "{'TimeToLiveDescription':{'TimeToLiveStatus':'DISABLED'}}");
  assert_ok (fixture, "UpdateTimeToLive",
             "{'TableName': 'Sessions', 'TimeToLiveSpecification': {'Enabled': true, "
             "'AttributeName': 'expires'}}",
             "{'TimeToLiveSpecification':{'AttributeName':'expires','Enabled':true}}");
  assert_ok (fixture, "DescribeTimeToLive", "{'TableName': 'Sessions'}",
             "{'TimeToLiveDescription':{'TimeToLiveStatus':'ENABLED',"
             "'AttributeName':'expires'}}");
  assert_exception (fixture, "DescribeTimeToLive", "{'TableName': 'Nothing'}",
                    DYNAMODB ("ResourceNotFoundException"), "message",
                    "Requested resource not found: Table: Nothing not found");
}

/* ---------------------------------------------------------------------------------------
 * Success shapes: items
 * ------------------------------------------------------------------------------------- */

static void
test_put_get_delete (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_test_summary ("PutItem, GetItem and DeleteItem: empty bodies, Item, Attributes");

  create_simple (fixture, "Things", "id", NULL);

  assert_ok (fixture, "PutItem",
             "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}, 'v': {'N': '1'}}}", "{}");
  assert_ok (fixture, "PutItem",
             "{'TableName': 'Things', 'Item': {'id': {'S': 'b'}}, 'ReturnValues': 'ALL_OLD'}",
             "{}");
  assert_ok (fixture, "PutItem",
             "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}, 'v': {'N': '2'}, "
             "'l': {'L': [{'BOOL': true}, {'NULL': true}]}}, 'ReturnValues': 'ALL_OLD'}",
             "{'Attributes':{'id':{'S':'a'},'v':{'N':'1'}}}");

  assert_ok (fixture, "GetItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}}",
             "{'Item':{'id':{'S':'a'},'l':{'L':[{'BOOL':true},{'NULL':true}]},"
             "'v':{'N':'2'}}}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'zzz'}}}", "{}");
  assert_ok (fixture, "GetItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
             "'ProjectionExpression': '#v, l[1]', 'ExpressionAttributeNames': {'#v': 'v'}}",
             "{'Item':{'l':{'L':[{'NULL':true}]},'v':{'N':'2'}}}");

  assert_ok (fixture, "DeleteItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'b'}}, 'ReturnValues': 'ALL_OLD'}",
             "{'Attributes':{'id':{'S':'b'}}}");
  assert_ok (fixture, "DeleteItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'b'}}, 'ReturnValues': 'ALL_OLD'}",
             "{}");
  assert_ok (fixture, "DeleteItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}}", "{}");
}

static void
test_update_item (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_test_summary ("UpdateItem with each ReturnValues");

  create_simple (fixture, "Things", "id", NULL);

  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
             "'UpdateExpression': 'SET v = :one, w = :w', "
             "'ExpressionAttributeValues': {':one': {'N': '1'}, ':w': {'S': 'x'}}, "
             "'ReturnValues': 'ALL_NEW'}",
             "{'Attributes':{'id':{'S':'a'},'v':{'N':'1'},'w':{'S':'x'}}}");
  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
             "'UpdateExpression': 'SET v = v + :one', "
             "'ExpressionAttributeValues': {':one': {'N': '1'}}, 'ReturnValues': 'UPDATED_OLD'}",
             "{'Attributes':{'v':{'N':'1'}}}");
  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
             "'UpdateExpression': 'SET v = v + :one', "
             "'ExpressionAttributeValues': {':one': {'N': '1'}}, 'ReturnValues': 'UPDATED_NEW'}",
             "{'Attributes':{'v':{'N':'3'}}}");
  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
             "'UpdateExpression': 'REMOVE w', 'ReturnValues': 'ALL_OLD'}",
             "{'Attributes':{'id':{'S':'a'},'v':{'N':'3'},'w':{'S':'x'}}}");
  assert_ok (fixture, "UpdateItem",
             "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, 'UpdateExpression': 'REMOVE v'}",
             "{}");
}

static void
test_conditional_check_failed (EngineFixture *fixture,
                               gconstpointer  user_data)
{
  g_test_summary ("A failed condition is ConditionalCheckFailedException, with the item "
                  "only for ReturnValuesOnConditionCheckFailure ALL_OLD");

  create_simple (fixture, "Things", "id", NULL);
  request_ok (fixture, "PutItem", "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}, "
                                  "'v': {'N': '1'}}}");

  assert_response (fixture, "PutItem",
                   "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                   "'ConditionExpression': 'attribute_not_exists(id)'}", TRUE,
                   "{'__type':'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',"
                   "'message':'The conditional request failed'}");
  assert_response (fixture, "PutItem",
                   "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                   "'ConditionExpression': 'attribute_not_exists(id)', "
                   "'ReturnValuesOnConditionCheckFailure': 'NONE'}", TRUE,
                   "{'__type':'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',"
                   "'message':'The conditional request failed'}");
  assert_response (fixture, "PutItem",
                   "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                   "'ConditionExpression': 'attribute_not_exists(id)', "
                   "'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}", TRUE,
                   "{'__type':'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',"
                   "'message':'The conditional request failed',"
                   "'Item':{'id':{'S':'a'},'v':{'N':'1'}}}");
  assert_response (fixture, "UpdateItem",
                   "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
                   "'UpdateExpression': 'SET v = :two', 'ConditionExpression': 'v > :two', "
                   "'ExpressionAttributeValues': {':two': {'N': '2'}}, "
                   "'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}", TRUE,
                   "{'__type':'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',"
                   "'message':'The conditional request failed',"
                   "'Item':{'id':{'S':'a'},'v':{'N':'1'}}}");
  /* No item, so nothing to return even with ALL_OLD. */
  assert_response (fixture, "DeleteItem",
                   "{'TableName': 'Things', 'Key': {'id': {'S': 'nobody'}}, "
                   "'ConditionExpression': 'attribute_exists(id)', "
                   "'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}", TRUE,
                   "{'__type':'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',"
                   "'message':'The conditional request failed'}");
  /* Nothing changed. */
  assert_ok (fixture, "GetItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}}",
             "{'Item':{'id':{'S':'a'},'v':{'N':'1'}}}");
}

/* ---------------------------------------------------------------------------------------
 * Success shapes: Query and Scan
 * ------------------------------------------------------------------------------------- */

static void
put_orders (EngineFixture *fixture)
{
  create_simple (fixture, "Log", "id", "t");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *body = g_strdup_printf ("{'TableName': 'Log', 'Item': {'id': {'S': "
                                               "'%s'}, 't': {'S': 't%u'}, 'even': {'BOOL': "
                                               "%s}}}", i < 3 ? "a" : "b", i,
                                               i % 2 == 0 ? "true" : "false");

      request_ok (fixture, "PutItem", body);
    }
}

static void
test_query (EngineFixture *fixture,
            gconstpointer  user_data)
{
  g_test_summary ("Query: Count, Items, ScannedCount, LastEvaluatedKey");

  put_orders (fixture);

  assert_ok (fixture, "Query",
             "{'TableName': 'Log', 'KeyConditionExpression': 'id = :a', "
             "'ExpressionAttributeValues': {':a': {'S': 'a'}}, 'Limit': 2}",
             "{'Count':2,'Items':[{'even':{'BOOL':true},'id':{'S':'a'},'t':{'S':'t0'}},"
             "{'even':{'BOOL':false},'id':{'S':'a'},'t':{'S':'t1'}}],'ScannedCount':2,"
             "'LastEvaluatedKey':{'id':{'S':'a'},'t':{'S':'t1'}}}");
  assert_ok (fixture, "Query",
             "{'TableName': 'Log', 'KeyConditionExpression': 'id = :a', "
             "'ExpressionAttributeValues': {':a': {'S': 'a'}}, "
             "'ExclusiveStartKey': {'id': {'S': 'a'}, 't': {'S': 't1'}}}",
             "{'Count':1,'Items':[{'even':{'BOOL':true},'id':{'S':'a'},'t':{'S':'t2'}}],"
             "'ScannedCount':1}");
  assert_ok (fixture, "Query",
             "{'TableName': 'Log', 'KeyConditionExpression': 'id = :a AND t > :t', "
             "'FilterExpression': 'even = :yes', 'ProjectionExpression': 't', "
             "'ScanIndexForward': false, 'ExpressionAttributeValues': {':a': {'S': 'a'}, "
             "':t': {'S': 't0'}, ':yes': {'BOOL': true}}}",
             "{'Count':1,'Items':[{'t':{'S':'t2'}}],'ScannedCount':2}");
  assert_ok (fixture, "Query",
             "{'TableName': 'Log', 'KeyConditionExpression': 'id = :a', 'Select': 'COUNT', "
             "'ExpressionAttributeValues': {':a': {'S': 'zzz'}}}",
             "{'Count':0,'ScannedCount':0}");
}

static void
test_scan (EngineFixture *fixture,
           gconstpointer  user_data)
{
  gboolean failed = TRUE;
  gint64 total = 0;

  g_test_summary ("Scan: Select COUNT has no Items; segments cover the table once");

  put_orders (fixture);

  assert_ok (fixture, "Scan", "{'TableName': 'Log', 'Select': 'COUNT', "
                              "'FilterExpression': 'even = :no', "
                              "'ExpressionAttributeValues': {':no': {'BOOL': false}}}",
             "{'Count':2,'ScannedCount':4}");

  for (guint segment = 0; segment < 3; segment++)
    {
      g_autofree char *body = g_strdup_printf ("{'TableName': 'Log', 'Segment': %u, "
                                               "'TotalSegments': 3}", segment);
      g_autofree char *response = call (fixture, "Scan", body, &failed);
      g_autoptr(JsonObject) object = parse_object (response);

      g_assert_false (failed);
      total += json_object_get_int_member (object, "Count");
    }
  g_assert_cmpint (total, ==, 4);
}

/* ---------------------------------------------------------------------------------------
 * ConsumedCapacity
 * ------------------------------------------------------------------------------------- */

static void
test_capacity_total (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_test_summary ("TOTAL is {TableName, CapacityUnits}; INDEXES adds Table; NONE nothing");

  create_simple (fixture, "Things", "id", NULL);

  assert_ok (fixture, "PutItem", "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                                 "'ReturnConsumedCapacity': 'TOTAL'}",
             "{'ConsumedCapacity':{'TableName':'Things','CapacityUnits':1.0}}");
  assert_ok (fixture, "PutItem", "{'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                                 "'ReturnConsumedCapacity': 'NONE'}", "{}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
                                 "'ReturnConsumedCapacity': 'TOTAL'}",
             "{'Item':{'id':{'S':'a'}},"
             "'ConsumedCapacity':{'TableName':'Things','CapacityUnits':0.5}}");
  assert_ok (fixture, "GetItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
                                 "'ConsistentRead': true, 'ReturnConsumedCapacity': 'INDEXES'}",
             "{'Item':{'id':{'S':'a'}},'ConsumedCapacity':{'TableName':'Things',"
             "'CapacityUnits':1.0,'Table':{'CapacityUnits':1.0}}}");
  assert_ok (fixture, "Scan", "{'TableName': 'Things', 'ReturnConsumedCapacity': 'TOTAL'}",
             "{'Count':1,'Items':[{'id':{'S':'a'}}],'ScannedCount':1,"
             "'ConsumedCapacity':{'TableName':'Things','CapacityUnits':0.5}}");
  assert_ok (fixture, "DeleteItem", "{'TableName': 'Things', 'Key': {'id': {'S': 'a'}}, "
                                    "'ReturnConsumedCapacity': 'INDEXES', "
                                    "'ReturnValues': 'ALL_OLD'}",
             "{'Attributes':{'id':{'S':'a'}},'ConsumedCapacity':{'TableName':'Things',"
             "'CapacityUnits':1.0,'Table':{'CapacityUnits':1.0}}}");
}

static void
test_capacity_indexes (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *big = g_strnfill (3000, 'x');
  g_autofree char *body = NULL;

  g_test_summary ("INDEXES names the indexes that consumed capacity (rulebook 2.4, dynalite "
                  "query tests)");

  create_indexed (fixture);
  if (!index_reads_supported (fixture))
    return;

  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&body, g_free);
      body = g_strdup_printf ("{'TableName': 'Indexed', 'Item': {'a': {'S': 'p'}, "
                              "'b': {'S': 'b%u'}, 'c': {'S': 'c%u'}, 'g': {'S': 'g'}, "
                              "'big': {'S': '%s'}}}", i, i, big);
      request_ok (fixture, "PutItem", body);
    }

  /* LSI, strongly consistent, reading the index only. */
  assert_ok (fixture, "Query",
             "{'TableName': 'Indexed', 'IndexName': 'lsi', 'ConsistentRead': true, "
             "'KeyConditionExpression': 'a = :a', 'ExpressionAttributeValues': {':a': "
             "{'S': 'p'}}, 'Select': 'COUNT', 'ReturnConsumedCapacity': 'INDEXES'}",
             "{'Count':3,'ScannedCount':3,'ConsumedCapacity':{'TableName':'Indexed',"
             "'CapacityUnits':1.0,'Table':{'CapacityUnits':0.0},"
             "'LocalSecondaryIndexes':{'lsi':{'CapacityUnits':1.0}}}}");
  /* The same, fetching each of the 3 base items (each up to 4 KB) from the table. */
  g_assert_cmpfloat (units (fixture, "Query",
                            "{'TableName': 'Indexed', 'IndexName': 'lsi', "
                            "'ConsistentRead': true, 'Select': 'ALL_ATTRIBUTES', "
                            "'KeyConditionExpression': 'a = :a', "
                            "'ExpressionAttributeValues': {':a': {'S': 'p'}}, "
                            "'ReturnConsumedCapacity': 'TOTAL'}"), ==, 4.0);
  /* GSI, eventually consistent: the index pays, the table does not. */
  assert_ok (fixture, "Query",
             "{'TableName': 'Indexed', 'IndexName': 'gsi', 'Select': 'COUNT', "
             "'KeyConditionExpression': 'g = :g', 'ExpressionAttributeValues': {':g': "
             "{'S': 'nothing'}}, 'ReturnConsumedCapacity': 'INDEXES'}",
             "{'Count':0,'ScannedCount':0,'ConsumedCapacity':{'TableName':'Indexed',"
             "'CapacityUnits':0.5,'Table':{'CapacityUnits':0.0},"
             "'GlobalSecondaryIndexes':{'gsi':{'CapacityUnits':0.5}}}}");
  /* A write to both indexes: one unit each, on top of the table's. */
  assert_ok (fixture, "PutItem",
             "{'TableName': 'Indexed', 'Item': {'a': {'S': 'q'}, 'b': {'S': 'b'}, "
             "'c': {'S': 'c'}, 'g': {'S': 'g'}}, 'ReturnConsumedCapacity': 'INDEXES'}",
             "{'ConsumedCapacity':{'TableName':'Indexed','CapacityUnits':3.0,"
             "'Table':{'CapacityUnits':1.0},"
             "'GlobalSecondaryIndexes':{'gsi':{'CapacityUnits':1.0}},"
             "'LocalSecondaryIndexes':{'lsi':{'CapacityUnits':1.0}}}}");
}

/* ---------------------------------------------------------------------------------------
 * Rulebook vectors through JSON requests
 * ------------------------------------------------------------------------------------- */

/* PutItem {a, b: S of @b_length, c: N 12.3456, d: B AQI=, e: BS @e} (TV-3, TV-4). */
static double
put_vector_item (EngineFixture *fixture,
                 guint          b_length,
                 const char    *e)
{
  g_autofree char *b = g_strnfill (b_length, 'b');
  g_autofree char *body =
    g_strdup_printf ("{'TableName': 'Vectors', 'ReturnConsumedCapacity': 'TOTAL', 'Item': {"
                     "'a': {'S': 'abcdefghij'}, 'b': {'S': '%s'}, 'c': {'N': '12.3456'}, "
                     "'d': {'B': 'AQI='}, 'e': {'BS': [%s]}}}", b, e);

  return units (fixture, "PutItem", body);
}

static double
get_vector_item (EngineFixture *fixture,
                 gboolean       consistent)
{
  g_autofree char *body =
    g_strdup_printf ("{'TableName': 'Vectors', 'Key': {'a': {'S': 'abcdefghij'}}, "
                     "'ConsistentRead': %s, 'ReturnConsumedCapacity': 'TOTAL'}",
                     consistent ? "true" : "false");

  return units (fixture, "GetItem", body);
}

static void
test_rulebook_writes (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_test_summary ("TV-3, TV-4: 1,024 bytes is 1 WCU, 1,025 is 2; an overwrite pays for the "
                  "larger of old and new");

  create_simple (fixture, "Vectors", "a", NULL);

  g_assert_cmpfloat (put_vector_item (fixture, 999, "'AQI=', 'Ag==', 'AQ=='"), ==, 1.0);
  g_assert_cmpfloat (put_vector_item (fixture, 1001, "'AQI=', 'Ag=='"), ==, 2.0);
  g_assert_cmpfloat (units (fixture, "PutItem",
                            "{'TableName': 'Vectors', 'ReturnConsumedCapacity': 'TOTAL', "
                            "'Item': {'a': {'S': 'abcdefghij'}}}"), ==, 2.0);
  g_assert_cmpfloat (units (fixture, "PutItem",
                            "{'TableName': 'Vectors', 'ReturnConsumedCapacity': 'TOTAL', "
                            "'Item': {'a': {'S': 'abcdefghij'}}}"), ==, 1.0);
}

static void
test_rulebook_reads (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *tv7 = NULL;
  g_autofree char *tv8 = NULL;

  g_test_summary ("TV-5 to TV-8: reads of items at and just past 4 KB, every type");

  create_simple (fixture, "Vectors", "a", NULL);

  /* TV-5, TV-6: eventually consistent */
  put_vector_item (fixture, 4071, "'AQI=', 'Ag==', 'AQ=='");
  g_assert_cmpfloat (get_vector_item (fixture, FALSE), ==, 0.5);
  put_vector_item (fixture, 4073, "'AQI=', 'Ag=='");
  g_assert_cmpfloat (get_vector_item (fixture, FALSE), ==, 1.0);

  /* TV-7: lists and maps, strongly consistent */
  for (guint length = 3999; length <= 4000; length++)
    {
      g_autofree char *bb = g_strnfill (length, 'b');

      g_clear_pointer (&tv7, g_free);
      tv7 = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': {'S': 'abcdefghij'}, "
                             "'bb': {'S': '%s'}, 'ccc': {'N': '12.3456'}, "
                             "'dddd': {'B': 'AQI='}, 'eeeee': {'BS': ['AQI=', 'Ag==', 'AQ==']}, "
                             "'ffffff': {'NULL': true}, 'ggggggg': {'BOOL': false}, "
                             "'hhhhhhhh': {'L': [{'S': 'a'}, {'S': 'aa'}, {'S': 'bb'}, "
                             "{'S': 'ccc'}]}, "
                             "'iiiiiiiii': {'M': {'aa': {'S': 'aa'}, 'bbb': {'S': 'bbb'}}}}}",
                             bb);
      request_ok (fixture, "PutItem", tv7);
      g_assert_cmpfloat (get_vector_item (fixture, TRUE), ==, length == 3999 ? 1.0 : 2.0);
    }

  /* TV-8 */
  for (guint length = 4026; length <= 4027; length++)
    {
      g_autofree char *ab = g_strnfill (length, 'b');

      g_clear_pointer (&tv8, g_free);
      tv8 = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': {'S': 'abcdefghij'}, "
                             "'ab': {'S': '%s'}, 'abc': {'NULL': true}, "
                             "'abcd': {'BOOL': true}, "
                             "'abcde': {'L': [{'S': 'aa'}, {'N': '12.3456'}, {'B': 'AQI='}]}, "
                             "'abcdef': {'M': {'aa': {'S': 'aa'}, 'bbb': {'N': '12.3456'}, "
                             "'cccc': {'B': 'AQI='}}}}}", ab);
      request_ok (fixture, "PutItem", tv8);
      g_assert_cmpfloat (get_vector_item (fixture, TRUE), ==, length == 4026 ? 1.0 : 2.0);
    }
}

static void
test_rulebook_item_limit (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *fits = g_strnfill (409597, 'x');
  g_autofree char *too_big = g_strnfill (409598, 'x');
  g_autofree char *fits_body = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': "
                                                "{'S': 'k'}, 'b': {'S': '%s'}}}", fits);
  g_autofree char *too_big_body = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': "
                                                   "{'S': 'k'}, 'b': {'S': '%s'}}}", too_big);

  g_test_summary ("TV-11: an item of 409,600 bytes is stored, one of 409,601 refused");

  create_simple (fixture, "Vectors", "a", NULL);
  assert_ok (fixture, "PutItem", fits_body, "{}");
  assert_validation (fixture, "PutItem", too_big_body,
                     "Item size has exceeded the maximum allowed size");
}

/* Puts {a: 'k', b: S of @size - 3 bytes}: an item of @size bytes. */
static void
put_sized (EngineFixture *fixture,
           const char    *key,
           guint          size)
{
  g_autofree char *pad = g_strnfill (size - 2 - strlen (key), 'x');
  g_autofree char *body = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': {'S': "
                                           "'%s'}, 'b': {'S': '%s'}}}", key, pad);

  request_ok (fixture, "PutItem", body);
}

static double
get_sized (EngineFixture *fixture,
           const char    *key,
           gboolean       consistent)
{
  g_autofree char *body = g_strdup_printf ("{'TableName': 'Vectors', 'Key': {'a': {'S': "
                                           "'%s'}}, 'ConsistentRead': %s, "
                                           "'ReturnConsumedCapacity': 'TOTAL'}", key,
                                           consistent ? "true" : "false");

  return units (fixture, "GetItem", body);
}

static void
test_rulebook_single_items (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  g_test_summary ("TV-12 to TV-15: missing items, 3,500 B, 8 KB and 10 KB reads");

  create_simple (fixture, "Vectors", "a", NULL);

  /* TV-12, TV-13 */
  g_assert_cmpfloat (get_sized (fixture, "missing", FALSE), ==, 0.5);
  g_assert_cmpfloat (get_sized (fixture, "missing", TRUE), ==, 1.0);
  g_assert_cmpfloat (units (fixture, "DeleteItem",
                            "{'TableName': 'Vectors', 'Key': {'a': {'S': 'missing'}}, "
                            "'ReturnConsumedCapacity': 'TOTAL'}"), ==, 1.0);

  /* TV-14, TV-15 (the transactional figures need TransactGetItems) */
  put_sized (fixture, "k", 3500);
  g_assert_cmpfloat (get_sized (fixture, "k", TRUE), ==, 1.0);
  g_assert_cmpfloat (get_sized (fixture, "k", FALSE), ==, 0.5);
  put_sized (fixture, "k", 10 * 1024);
  g_assert_cmpfloat (get_sized (fixture, "k", TRUE), ==, 3.0);
  g_assert_cmpfloat (get_sized (fixture, "k", FALSE), ==, 1.5);
  put_sized (fixture, "k", 8 * 1024);
  g_assert_cmpfloat (get_sized (fixture, "k", TRUE), ==, 2.0);
  g_assert_cmpfloat (get_sized (fixture, "k", FALSE), ==, 1.0);
}

static double
read_units (EngineFixture *fixture,
            const char    *operation,
            const char    *table,
            gboolean       consistent)
{
  g_autofree char *body = NULL;

  if (strcmp (operation, "Query") == 0)
    body = g_strdup_printf ("{'TableName': '%s', 'KeyConditionExpression': 'p = :p', "
                            "'ExpressionAttributeValues': {':p': {'S': 'p'}}, "
                            "'Select': 'COUNT', 'ConsistentRead': %s, "
                            "'ReturnConsumedCapacity': 'TOTAL'}", table,
                            consistent ? "true" : "false");
  else
    body = g_strdup_printf ("{'TableName': '%s', 'Select': 'COUNT', 'ConsistentRead': %s, "
                            "'ReturnConsumedCapacity': 'TOTAL'}", table,
                            consistent ? "true" : "false");

  return units (fixture, operation, body);
}

/* Puts @count items {p: 'p', s: S of 4 digits, x: S} of @size bytes each into @table. */
static void
put_many (EngineFixture *fixture,
          const char    *table,
          guint          count,
          guint          size)
{
  /* p: 1 + 1, s: 1 + 4, x: 1 + pad */
  g_autofree char *pad = g_strnfill (size - 8, 'x');

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *body = g_strdup_printf ("{'TableName': '%s', 'Item': {'p': {'S': 'p'}, "
                                               "'s': {'S': '%04u'}, 'x': {'S': '%s'}}}",
                                               table, i, pad);

      request_ok (fixture, "PutItem", body);
    }
}

static void
test_rulebook_queries (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  gboolean failed = TRUE;
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_test_summary ("TV-16 to TV-18: a page is rounded up to 4 KB once; a full 1 MB page is "
                  "256 units");

  create_simple (fixture, "Ten", "p", "s");
  create_simple (fixture, "Many", "p", "s");
  create_simple (fixture, "Full", "p", "s");

  /* TV-16: 10 items totalling 41,780 bytes (40.8 KB) -> 44 KB */
  put_many (fixture, "Ten", 10, 4178);
  g_assert_cmpfloat (read_units (fixture, "Query", "Ten", TRUE), ==, 11.0);
  g_assert_cmpfloat (read_units (fixture, "Query", "Ten", FALSE), ==, 5.5);

  /* TV-17: 1,500 items of 64 bytes -> 96,000 bytes */
  put_many (fixture, "Many", 1500, 64);
  g_assert_cmpfloat (read_units (fixture, "Query", "Many", TRUE), ==, 24.0);
  g_assert_cmpfloat (read_units (fixture, "Query", "Many", FALSE), ==, 12.0);

  /* TV-18: 300 items of 4 KB; a Scan page stops at 1 MB = 256 items */
  put_many (fixture, "Full", 300, 4096);
  g_assert_cmpfloat (read_units (fixture, "Scan", "Full", TRUE), ==, 256.0);
  g_assert_cmpfloat (read_units (fixture, "Scan", "Full", FALSE), ==, 128.0);
  response = call (fixture, "Scan", "{'TableName': 'Full', 'Select': 'COUNT'}", &failed);
  object = parse_object (response);
  g_assert_false (failed);
  g_assert_cmpint (json_object_get_int_member (object, "Count"), ==, 256);
  g_assert_true (json_object_has_member (object, "LastEvaluatedKey"));
}

static void
test_rulebook_write_sizes (EngineFixture *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *big = g_strnfill (1738, 'x');
  g_autofree char *small = g_strnfill (812, 'y');
  g_autofree char *item = g_strdup_printf ("{'TableName': 'Vectors', 'Item': {'a': {'S': 'k'}, "
                                           "'big': {'S': '%s'}, 'small': {'S': '%s'}}}",
                                           big, small);

  g_test_summary ("TV-21: 1.6 KB put and delete cost 2; an update from 2.5 KB to 0.8 KB "
                  "costs 3");

  create_simple (fixture, "Vectors", "a", NULL);

  put_sized (fixture, "k", 1638);
  g_assert_cmpfloat (units (fixture, "DeleteItem",
                            "{'TableName': 'Vectors', 'Key': {'a': {'S': 'k'}}, "
                            "'ReturnConsumedCapacity': 'TOTAL'}"), ==, 2.0);
  g_assert_cmpfloat (units (fixture, "PutItem",
                            "{'TableName': 'Vectors', 'Item': {'a': {'S': 'k'}, 'b': {'S': "
                            "'short'}}, 'ReturnConsumedCapacity': 'TOTAL'}"), ==, 1.0);
  put_sized (fixture, "k", 1638);
  g_assert_cmpfloat (units (fixture, "GetItem",
                            "{'TableName': 'Vectors', 'Key': {'a': {'S': 'k'}}, "
                            "'ConsistentRead': true, 'ReturnConsumedCapacity': 'TOTAL'}"),
                     ==, 1.0);

  /* 2 + (3 + 1738) + (5 + 812) = 2,560 bytes before, 819 after */
  request_ok (fixture, "PutItem", item);
  g_assert_cmpfloat (units (fixture, "UpdateItem",
                            "{'TableName': 'Vectors', 'Key': {'a': {'S': 'k'}}, "
                            "'UpdateExpression': 'REMOVE big', "
                            "'ReturnConsumedCapacity': 'TOTAL'}"), ==, 3.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/dispatcher/" path, EngineFixture, NULL, engine_fixture_set_up, \
              func, engine_fixture_tear_down)

  ADD ("operation-names", test_operation_names);
  ADD ("serialization/body", test_malformed_body);
  ADD ("serialization/members", test_member_types);
  ADD ("serialization/before-validation", test_serialization_first);
  ADD ("unknown-members", test_unknown_members);
  ADD ("constraints/data-plane", test_constraints_data_plane);
  ADD ("constraints/control-plane", test_constraints_control_plane);
  ADD ("constraints/at-most-ten", test_constraints_at_most_ten);
  ADD ("rules/expression-parameters", test_expression_parameters);
  ADD ("rules/attribute-values", test_attribute_values);
  ADD ("rules/return-values", test_return_values);
  ADD ("rules/select", test_select);
  ADD ("rules/segments", test_segments);
  ADD ("rules/create-table", test_create_table_rules);
  ADD ("rules/update-table", test_update_table_rules);
  ADD ("rules/legacy-parameters", test_legacy_parameters);
  ADD ("tables/create-describe-delete", test_create_describe_delete);
  ADD ("tables/on-demand-with-indexes", test_on_demand_with_indexes);
  ADD ("tables/update", test_update_table);
  ADD ("tables/list", test_list_tables);
  ADD ("tables/time-to-live", test_time_to_live);
  ADD ("items/put-get-delete", test_put_get_delete);
  ADD ("items/update", test_update_item);
  ADD ("items/conditional-check-failed", test_conditional_check_failed);
  ADD ("read/query", test_query);
  ADD ("read/scan", test_scan);
  ADD ("capacity/total", test_capacity_total);
  ADD ("capacity/indexes", test_capacity_indexes);
  ADD ("rulebook/tv-3-4", test_rulebook_writes);
  ADD ("rulebook/tv-5-8", test_rulebook_reads);
  ADD ("rulebook/tv-11", test_rulebook_item_limit);
  ADD ("rulebook/tv-12-15", test_rulebook_single_items);
  ADD ("rulebook/tv-16-18", test_rulebook_queries);
  ADD ("rulebook/tv-21", test_rulebook_write_sizes);

#undef ADD

  return g_test_run ();
}
