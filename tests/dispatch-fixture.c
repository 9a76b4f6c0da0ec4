/* dispatch-fixture.c
 *
 * Helpers shared by the dispatcher test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dispatch-fixture.h"

char *
q (const char *text)
{
  char *json = g_strdup (text);

  for (char *p = json; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';

  return json;
}

char *
call (EngineFixture *fixture,
      const char    *operation,
      const char    *body,
      gboolean      *failed)
{
  g_autofree char *json = body != NULL ? q (body) : NULL;

  return ddb_dispatch (fixture->engine, operation, json, -1, failed);
}

/* Asserts the exact response body and whether it is an error. */
void
assert_response (EngineFixture *fixture,
                 const char    *operation,
                 const char    *body,
                 gboolean       expect_failed,
                 const char    *expected)
{
  gboolean failed = !expect_failed;
  g_autofree char *response = call (fixture, operation, body, &failed);
  g_autofree char *want = q (expected);

  g_assert_cmpstr (response, ==, want);
  g_assert_cmpint (failed, ==, expect_failed);
}

/* Parses @response, which must be an object. */
JsonObject *
parse_object (const char *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, response, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Asserts an error body {"__type": @type, @member: @message} with nothing else. */
void
assert_exception (EngineFixture *fixture,
                  const char    *operation,
                  const char    *body,
                  const char    *type,
                  const char    *member,
                  const char    *message)
{
  gboolean failed = FALSE;
  g_autofree char *response = call (fixture, operation, body, &failed);
  g_autoptr(JsonObject) object = parse_object (response);

  g_assert_true (failed);
  g_assert_cmpstr (json_object_get_string_member (object, "__type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (object, member), ==, message);
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
}

/* Runs a request that must succeed; returns its ConsumedCapacity.CapacityUnits. */
double
units (EngineFixture *fixture,
       const char    *operation,
       const char    *body)
{
  gboolean failed = TRUE;
  g_autofree char *response = call (fixture, operation, body, &failed);
  g_autoptr(JsonObject) object = parse_object (response);

  if (failed)
    g_test_message ("%s: %s", operation, response);
  g_assert_false (failed);
  g_assert_true (json_object_has_member (object, "ConsumedCapacity"));

  return json_object_get_double_member (json_object_get_object_member (object,
                                                                       "ConsumedCapacity"),
                                        "CapacityUnits");
}

void
request_ok (EngineFixture *fixture,
            const char    *operation,
            const char    *body)
{
  gboolean failed = TRUE;
  g_autofree char *response = call (fixture, operation, body, &failed);

  if (failed)
    g_test_message ("%s: %s", operation, response);
  g_assert_false (failed);
}

/* A table with string key attributes: "a" or "a,b" (hash, range), provisioned 5/5. */
void
create_simple (EngineFixture *fixture,
               const char    *name,
               const char    *hash,
               const char    *range)
{
  g_autofree char *body = NULL;

  if (range == NULL)
    body = g_strdup_printf ("{'TableName': '%s', 'AttributeDefinitions': [{'AttributeName': "
                            "'%s', 'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': "
                            "'%s', 'KeyType': 'HASH'}], 'ProvisionedThroughput': "
                            "{'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}}",
                            name, hash, hash);
  else
    body = g_strdup_printf ("{'TableName': '%s', 'AttributeDefinitions': [{'AttributeName': "
                            "'%s', 'AttributeType': 'S'}, {'AttributeName': '%s', "
                            "'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': '%s', "
                            "'KeyType': 'HASH'}, {'AttributeName': '%s', 'KeyType': 'RANGE'}], "
                            "'ProvisionedThroughput': {'ReadCapacityUnits': 5, "
                            "'WriteCapacityUnits': 5}}", name, hash, range, hash, range);
  request_ok (fixture, "CreateTable", body);
}

/* The table the index tests share: hash a, range b; LSI "lsi" on c (KEYS_ONLY), GSI "gsi"
 * on g (ALL). */
void
create_indexed (EngineFixture *fixture)
{
  request_ok (fixture, "CreateTable",
              "{'TableName': 'Indexed', 'AttributeDefinitions': ["
              "{'AttributeName': 'a', 'AttributeType': 'S'}, "
              "{'AttributeName': 'b', 'AttributeType': 'S'}, "
              "{'AttributeName': 'c', 'AttributeType': 'S'}, "
              "{'AttributeName': 'g', 'AttributeType': 'S'}], "
              "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, "
              "{'AttributeName': 'b', 'KeyType': 'RANGE'}], "
              "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}, "
              "'LocalSecondaryIndexes': [{'IndexName': 'lsi', 'KeySchema': ["
              "{'AttributeName': 'a', 'KeyType': 'HASH'}, "
              "{'AttributeName': 'c', 'KeyType': 'RANGE'}], "
              "'Projection': {'ProjectionType': 'KEYS_ONLY'}}], "
              "'GlobalSecondaryIndexes': [{'IndexName': 'gsi', 'KeySchema': ["
              "{'AttributeName': 'g', 'KeyType': 'HASH'}], "
              "'Projection': {'ProjectionType': 'ALL'}, "
              "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}}]}");
}

/* {'id':{'S':@key},'pad':{'S':'xx...'}}: an item of exactly @bytes as DynamoDB sizes it
 * (attribute names and string values in UTF-8 bytes), compact as the dispatcher writes
 * items, so that it serves in requests and in expected responses alike. */
char *
sized_item (const char *key,
            gsize       bytes)
{
  gsize fixed = strlen ("id") + strlen (key) + strlen ("pad");
  g_autofree char *pad = NULL;

  g_assert_cmpuint (bytes, >, fixed);
  pad = g_strnfill (bytes - fixed, 'x');

  return g_strdup_printf ("{'id':{'S':'%s'},'pad':{'S':'%s'}}", key, pad);
}

/* DescribeTable's "Table" object for @table. */
JsonObject *
describe_table (EngineFixture *fixture,
                const char    *table)
{
  g_autofree char *body = g_strdup_printf ("{'TableName': '%s'}", table);
  g_autofree char *response = NULL;
  g_autoptr(JsonObject) object = NULL;
  gboolean failed = TRUE;

  response = call (fixture, "DescribeTable", body, &failed);
  g_assert_false (failed);
  object = parse_object (response);

  return json_object_ref (json_object_get_object_member (object, "Table"));
}
