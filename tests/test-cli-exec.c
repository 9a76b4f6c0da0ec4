/* test-cli-exec.c
 *
 * `ddbsim-cli exec` as a user runs it: the binary (named by $DDBSIM_CLI) reads a script
 * from a file or from standard input and prints one response line per request; script
 * errors name the file and line and stop the run with status 1, usage errors exit 2, and
 * --db keeps tables, items and the simulated clock across runs.  Capacity is enforced
 * (throttled requests answer DynamoDB's exception) unless --no-admission; the `metrics`
 * directive prints a JSON snapshot and --metrics-csv writes the per-second series.
 *
 * Script texts are written with ' where JSON has " (see q()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-fixture.h"

#define CREATE_THINGS \
  "CreateTable {'TableName': 'Things', 'BillingMode': 'PAY_PER_REQUEST', " \
  "'AttributeDefinitions': [{'AttributeName': 'id', 'AttributeType': 'S'}], " \
  "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}]}\n"

/* Writes @script (with ' for ") into a new file in @dir; returns its path. */
static char *
write_script (const char *dir,
              const char *name,
              const char *script)
{
  g_autofree char *text = q (script);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ddbsim-exec-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

/* Removes the files in @dir, then @dir. */
static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_output (const Run  *run,
               const char *expected)
{
  g_autofree char *want = q (expected);

  g_assert_cmpstr (run->out, ==, want);
}

/* ---------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------- */

static void
test_script_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };

  g_test_summary ("A script with comments, blank lines and advance: one line per request, "
                  "DynamoDB exceptions included");

  path = write_script (dir, "script.ddb",
                       "# Create a table, write, read\n"
                       "\n"
                       CREATE_THINGS
                       "   # an indented comment\n"
                       "advance 1.5s\n"
                       "PutItem {'TableName': 'Things', 'Item': {'id': {'S': 'a'}}, "
                       "'ReturnConsumedCapacity': 'TOTAL'}\n"
                       "\t\n"
                       "DynamoDB_20120810.GetItem   {'TableName': 'Things', "
                       "'Key': {'id': {'S': 'a'}}}\r\n"
                       "GetItem {'TableName': 'Things', 'Key': {}}\n"
                       "Frobnicate {}\n"
                       "PutItem {not json\n"
                       "ListTables {}");
  run_cli (&run, NULL, "exec", path, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "{\"TableDescription\":{"));
  g_assert_nonnull (strstr (run.out,
                            "}}\n"
                            "{\"ConsumedCapacity\":{\"TableName\":\"Things\","
                            "\"CapacityUnits\":1.0}}\n"
                            "{\"Item\":{\"id\":{\"S\":\"a\"}}}\n"
                            "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                            "\"message\":\"The provided key element does not match the "
                            "schema\"}\n"
                            "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}"
                            "\n"
                            "{\"__type\":\"com.amazon.coral.service#SerializationException\"}\n"
                            "{\"TableNames\":[\"Things\"]}\n"));
  g_assert_true (g_str_has_suffix (run.out, "{\"TableNames\":[\"Things\"]}\n"));

  remove_tmp_dir (dir);
}

static void
test_stdin (void)
{
  const char *script = CREATE_THINGS "ListTables {}\n";
  const char *expected_tail = "{'TableNames':['Things']}\n";
  g_autofree char *tail = q (expected_tail);

  g_test_summary ("Lines come from standard input without SCRIPT or with -");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, script, "exec", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_suffix (run.out, tail));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, script, "exec", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_suffix (run.out, tail));
  }
  {
    g_auto(Run) run = { 0 };

    /* Without --db nothing survives the run. */
    run_cli (&run, "ListTables {}\n", "exec", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_output (&run, "{'TableNames':[]}\n");
  }
}

static void
test_db_persistence (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "state.db", NULL);

  g_test_summary ("--db keeps tables, items and the simulated clock across runs");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run,
             "CreateTable {'TableName': 'Things', 'AttributeDefinitions': [{'AttributeName': "
             "'id', 'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': 'id', 'KeyType': "
             "'HASH'}], 'ProvisionedThroughput': {'ReadCapacityUnits': 1, "
             "'WriteCapacityUnits': 1}}\n"
             "PutItem {'TableName': 'Things', 'Item': {'id': {'S': 'kept'}}}\n"
             "advance 1h\n",
             "exec", "--db", db, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
  }
  {
    g_auto(Run) run = { 0 };
    const char *update;

    run_cli (&run,
             "GetItem {'TableName': 'Things', 'Key': {'id': {'S': 'kept'}}}\n"
             "UpdateTable {'TableName': 'Things', 'ProvisionedThroughput': "
             "{'ReadCapacityUnits': 2, 'WriteCapacityUnits': 1}}\n",
             "exec", "--db", db, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "{\"Item\":{\"id\":{\"S\":\"kept\"}}}\n"));
    /* The increase is stamped one hour after the first run's start. */
    update = strchr (run.out, '\n') + 1;
    g_assert_nonnull (strstr (update, "\"LastIncreaseDateTime\":1.7356932E9"));
  }

  remove_tmp_dir (dir);
}

#define EXPECTED_LINE \
  "expected 'OperationName {JSON request body}', 'advance DURATION', 'metrics [TABLE]', " \
  "'set NAME VALUE' or 'autoscale ...'"

static void
test_script_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  const struct { const char *line, *message; } cases[] = {
    { "hello world", "expected a JSON request body after 'hello'" },
    { "Put-Item {}", EXPECTED_LINE },
    { "{'TableName': 'x'}", EXPECTED_LINE },
    { "PutItem", "expected a JSON request body after 'PutItem'" },
    { "PutItem []", "expected a JSON request body after 'PutItem'" },
    { "advance", "advance needs a DURATION, such as 1s" },
    { "advance 5x", "invalid duration '5x': expected a number and a unit (us, ms, s, m, h, d), "
                    "such as 250ms or 1.5s" },
    { "advance -1s", "invalid duration '-1s': expected a number and a unit (us, ms, s, m, h, "
                     "d), such as 250ms or 1.5s" },
    { "metrics Nowhere", "Requested resource not found: Table: Nowhere not found" },
    { "metrics Things Nowhere", "metrics takes at most one TABLE" },
  };

  g_test_summary ("A line that is not a request or a directive stops the run: "
                  "SCRIPT:LINE on stderr, status 1, nothing after it runs");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *script = g_strdup_printf ("# line 1\n"
                                                 "ListTables {}\n"
                                                 "%s\n"
                                                 "ListTables {}\n", cases[i].line);
      g_autofree char *path = write_script (dir, "bad.ddb", script);
      g_autofree char *expected_err = g_strdup_printf ("ddbsim-cli exec: %s:3: %s\n", path,
                                                       cases[i].message);
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "exec", path, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.err, ==, expected_err);
      assert_output (&run, "{'TableNames':[]}\n");
    }

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "ListTables {}\nadvance 1 s\n", "exec", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, "ddbsim-cli exec: <stdin>:2: invalid duration '1 s': "
                                  "expected a number and a unit (us, ms, s, m, h, d), such as "
                                  "250ms or 1.5s\n");
  }

  remove_tmp_dir (dir);
}

/* A shop's orders with a global secondary index by status, through a script file. */
#define CREATE_ORDERS \
  "CreateTable {'TableName': 'Orders', 'BillingMode': 'PAY_PER_REQUEST', " \
  "'AttributeDefinitions': [{'AttributeName': 'id', 'AttributeType': 'S'}, " \
  "{'AttributeName': 'status', 'AttributeType': 'S'}], " \
  "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}], " \
  "'GlobalSecondaryIndexes': [{'IndexName': 'byStatus', " \
  "'KeySchema': [{'AttributeName': 'status', 'KeyType': 'HASH'}], " \
  "'Projection': {'ProjectionType': 'ALL'}}]}\n"
#define STATUS_NAMES "'ExpressionAttributeNames': {'#s': 'status'}"

static void
test_batches_and_transactions (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  const char *rest;
  g_auto(Run) run = { 0 };

  g_test_summary ("BatchWriteItem, TransactWriteItems (committed and cancelled), a Query on a "
                  "GSI, BatchGetItem and TransactGetItems from a script file");

  path = write_script (dir, "orders.ddb",
                       CREATE_ORDERS
                       "BatchWriteItem {'RequestItems': {'Orders': ["
                       "{'PutRequest': {'Item': {'id': {'S': 'o1'}, 'status': {'S': 'open'}, "
                       "'total': {'N': '30'}}}}, "
                       "{'PutRequest': {'Item': {'id': {'S': 'o2'}, 'status': {'S': 'open'}, "
                       "'total': {'N': '12'}}}}]}, 'ReturnConsumedCapacity': 'TOTAL'}\n"
                       "TransactWriteItems {'TransactItems': ["
                       "{'Update': {'TableName': 'Orders', 'Key': {'id': {'S': 'o1'}}, "
                       "'UpdateExpression': 'SET #s = :shipped', "
                       "'ConditionExpression': '#s = :open', " STATUS_NAMES ", "
                       "'ExpressionAttributeValues': {':shipped': {'S': 'shipped'}, "
                       "':open': {'S': 'open'}}}}, "
                       "{'Put': {'TableName': 'Orders', 'Item': {'id': {'S': 'o3'}, "
                       "'status': {'S': 'open'}, 'total': {'N': '7'}}, "
                       "'ConditionExpression': 'attribute_not_exists(id)'}}], "
                       "'ReturnConsumedCapacity': 'TOTAL'}\n"
                       "TransactWriteItems {'TransactItems': ["
                       "{'ConditionCheck': {'TableName': 'Orders', 'Key': {'id': {'S': 'o1'}}, "
                       "'ConditionExpression': '#s = :open', " STATUS_NAMES ", "
                       "'ExpressionAttributeValues': {':open': {'S': 'open'}}, "
                       "'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}}, "
                       "{'Delete': {'TableName': 'Orders', 'Key': {'id': {'S': 'o2'}}}}]}\n"
                       "Query {'TableName': 'Orders', 'IndexName': 'byStatus', "
                       "'KeyConditionExpression': '#s = :open', " STATUS_NAMES ", "
                       "'ExpressionAttributeValues': {':open': {'S': 'open'}}, "
                       "'ReturnConsumedCapacity': 'INDEXES'}\n"
                       "BatchGetItem {'RequestItems': {'Orders': {'Keys': [{'id': {'S': 'o1'}}, "
                       "{'id': {'S': 'o2'}}], 'ProjectionExpression': 'id, #s', "
                       STATUS_NAMES "}}}\n"
                       "TransactGetItems {'TransactItems': ["
                       "{'Get': {'TableName': 'Orders', 'Key': {'id': {'S': 'o3'}}}}, "
                       "{'Get': {'TableName': 'Orders', 'Key': {'id': {'S': 'o9'}}}}]}\n");
  run_cli (&run, NULL, "exec", path, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "{\"TableDescription\":{"));
  rest = strchr (run.out, '\n') + 1;
  {
    /* Writes of small items with one GSI: 1 + 1 units each, twice that in a transaction
     * (an update that moves the item in the GSI writes the index twice). */
    g_autofree char *expected =
      q ("{'UnprocessedItems':{},'ConsumedCapacity':[{'TableName':'Orders','CapacityUnits':4.0}]}\n"
         "{'ConsumedCapacity':[{'TableName':'Orders','CapacityUnits':10.0}]}\n"
         "{'__type':'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',"
         "'CancellationReasons':[{'Code':'ConditionalCheckFailed','Item':{'id':{'S':'o1'},"
         "'status':{'S':'shipped'},'total':{'N':'30'}},"
         "'Message':'The conditional request failed'},{'Code':'None'}],"
         "'Message':'Transaction cancelled, please refer cancellation reasons for specific "
         "reasons [ConditionalCheckFailed, None]'}\n"
         "{'Count':2,'Items':[{'id':{'S':'o2'},'status':{'S':'open'},'total':{'N':'12'}},"
         "{'id':{'S':'o3'},'status':{'S':'open'},'total':{'N':'7'}}],'ScannedCount':2,"
         "'ConsumedCapacity':{'TableName':'Orders','CapacityUnits':0.5,"
         "'Table':{'CapacityUnits':0.0},'GlobalSecondaryIndexes':{'byStatus':"
         "{'CapacityUnits':0.5}}}}\n"
         "{'Responses':{'Orders':[{'id':{'S':'o1'},'status':{'S':'shipped'}},"
         "{'id':{'S':'o2'},'status':{'S':'open'}}]},'UnprocessedKeys':{}}\n"
         "{'Responses':[{'Item':{'id':{'S':'o3'},'status':{'S':'open'},'total':{'N':'7'}}},"
         "{}]}\n");

    g_assert_cmpstr (rest, ==, expected);
  }

  remove_tmp_dir (dir);
}

/* ---------------------------------------------------------------------------------------
 * Capacity and metrics
 * ------------------------------------------------------------------------------------- */

/* Tiny: 1 RCU and 1 WCU, and a GSI byStatus with as much, which the puts below (no
 * status) do not touch.  In its first second the table has no burst to spend: exactly one
 * write unit. */
#define CREATE_TINY \
  "CreateTable {'TableName': 'Tiny', " \
  "'AttributeDefinitions': [{'AttributeName': 'id', 'AttributeType': 'S'}, " \
  "{'AttributeName': 'status', 'AttributeType': 'S'}], " \
  "'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}], " \
  "'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}, " \
  "'GlobalSecondaryIndexes': [{'IndexName': 'byStatus', " \
  "'KeySchema': [{'AttributeName': 'status', 'KeyType': 'HASH'}], " \
  "'Projection': {'ProjectionType': 'KEYS_ONLY'}, " \
  "'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}]}\n"
#define PUT_TINY(id) "PutItem {'TableName': 'Tiny', 'Item': {'id': {'S': '" id "'}}}\n"
/* Three puts in the table's first second, one in the next, then the metrics. */
#define TINY_SCRIPT \
  CREATE_TINY PUT_TINY ("a") PUT_TINY ("b") PUT_TINY ("c") "advance 1s\n" PUT_TINY ("d") \
  "advance 1s\nmetrics\nmetrics Tiny\n"
#define TINY_THROTTLED \
  "{'__type':'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException'," \
  "'message':'The level of configured provisioned throughput for the table was exceeded. " \
  "Consider increasing your provisioning level with the UpdateTable API.'," \
  "'ThrottlingReasons':[{'reason':'TableWriteProvisionedThroughputExceeded'," \
  "'resource':'arn:aws:dynamodb:us-east-1:000000000000:table/Tiny'}]}"

/* Asserts output line @n of @run (0 is the first). */
static void
assert_line (const Run  *run,
             guint       n,
             const char *expected)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
  g_autofree char *want = q (expected);

  g_assert_cmpuint (g_strv_length (lines), >, n);
  g_assert_cmpstr (lines[n], ==, want);
}

/* Output line @n of @run parsed: a JSON object. */
static JsonObject *
parse_line (const Run *run,
            guint      n)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length (lines), >, n);
  json_parser_load_from_data (parser, lines[n], -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
member_int (JsonObject *object,
            const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  guint n = g_strv_length (names);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, names[i]);

  return json_object_get_int_member (object, names[n - 1]);
}

static double
member_double (JsonObject *object,
               const char *member)
{
  return json_object_get_double_member (object, member);
}

/* The snapshot of TINY_SCRIPT: one table, its GSI, the seconds and minute it closed;
 * @throttled is how many of the first three puts were throttled. */
static void
assert_tiny_snapshot (const Run *run,
                      guint      n,
                      gint64     throttled)
{
  g_autoptr(JsonObject) snapshot = parse_line (run, n);
  JsonArray *tables = json_object_get_array_member (snapshot, "Tables");
  JsonObject *table, *last, *minute, *index, *bill;
  JsonArray *minutes, *indexes;

  g_assert_cmpint (member_int (snapshot, "Second"), ==, 1735689602);
  g_assert_cmpstr (json_object_get_string_member (snapshot, "Time"), ==,
                   "2025-01-01T00:00:02Z");
  g_assert_cmpuint (json_array_get_length (tables), ==, 1);
  table = json_array_get_object_element (tables, 0);
  g_assert_cmpstr (json_object_get_string_member (table, "TableName"), ==, "Tiny");

  /* The last closed second holds the fourth put. */
  last = json_object_get_object_member (table, "LastSecond");
  g_assert_cmpint (member_int (last, "Second"), ==, 1735689601);
  g_assert_cmpint (member_int (last, "Requests.PutItem"), ==, 1);
  g_assert_cmpfloat (member_double (last, "ConsumedWriteCapacityUnits"), ==, 1.0);
  g_assert_cmpint (member_int (last, "ThrottledRequests"), ==, 0);

  /* The minute so far: four puts, of which @throttled were throttled. */
  minutes = json_object_get_array_member (table, "LastMinutes");
  g_assert_cmpuint (json_array_get_length (minutes), ==, 1);
  minute = json_array_get_object_element (minutes, 0);
  g_assert_cmpint (member_int (minute, "Second"), ==, 1735689600);
  g_assert_cmpint (member_int (minute, "Requests.PutItem"), ==, 4);
  g_assert_cmpint (member_int (minute, "ThrottledRequests"), ==, throttled);
  g_assert_cmpint (member_int (minute, "WriteThrottleEvents"), ==, throttled);
  g_assert_cmpint (member_int (minute, "ReadThrottleEvents"), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (minute,
                                                                         "ThrottleEvents")),
                    ==, throttled > 0 ? 1 : 0);
  if (throttled > 0)
    g_assert_cmpint (member_int (minute,
                                 "ThrottleEvents.TableWriteProvisionedThroughputExceeded"),
                     ==, throttled);
  g_assert_cmpfloat (member_double (minute, "ConsumedWriteCapacityUnits"), ==,
                     4.0 - throttled);
  g_assert_cmpfloat (member_double (minute, "ProvisionedWriteCapacityUnits"), ==, 1.0);
  g_assert_cmpfloat (member_double (minute, "ProvisionedReadCapacityUnits"), ==, 1.0);
  g_assert_cmpint (member_int (minute, "ItemCount"), ==, 4 - throttled);
  g_assert_cmpint (member_int (minute, "PartitionCount"), ==, 1);

  /* The GSI saw none of it. */
  indexes = json_object_get_array_member (table, "GlobalSecondaryIndexes");
  g_assert_cmpuint (json_array_get_length (indexes), ==, 1);
  index = json_array_get_object_element (indexes, 0);
  g_assert_cmpstr (json_object_get_string_member (index, "IndexName"), ==, "byStatus");
  last = json_object_get_object_member (index, "LastSecond");
  g_assert_cmpfloat (member_double (last, "ConsumedWriteCapacityUnits"), ==, 0.0);
  g_assert_cmpfloat (member_double (last, "ProvisionedWriteCapacityUnits"), ==, 1.0);
  g_assert_cmpint (member_int (last, "ItemCount"), ==, 0);

  /* Two seconds of provisioned capacity cost something; a month of it more. */
  bill = json_object_get_object_member (snapshot, "Bill");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bill, "Lines")), >, 0);
  g_assert_cmpfloat (member_double (bill, "TotalUSD"), >, 0.0);
  g_assert_cmpfloat (member_double (bill, "MonthlyProjectionUSD"), >,
                     member_double (bill, "TotalUSD"));
}

#define BILLED_TABLE \
  "CreateTable {'TableName': 'Billed', 'AttributeDefinitions': [{'AttributeName': 'id', " \
  "'AttributeType': 'S'}], 'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}], " \
  "'ProvisionedThroughput': {'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}}\n" \
  "advance 1s\n" \
  "PutItem {'TableName': 'Billed', 'Item': {'id': {'S': 'a'}}}\n"

static void
test_db_keeps_bill (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "bill.db", NULL);
  g_auto(Run) whole = { 0 };
  g_autoptr(JsonObject) whole_snapshot = NULL;
  g_autoptr(JsonObject) split_snapshot = NULL;
  JsonObject *whole_bill, *split_bill;

  g_test_summary ("--db keeps the bill across runs: 1 hour, then 2 more in a second run, "
                  "bill what 3 hours in one run do");

  run_cli (&whole, BILLED_TABLE "advance 3h\nmetrics\n", "exec", NULL);
  g_assert_cmpint (whole.status, ==, 0);
  whole_snapshot = parse_line (&whole, 2);

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, BILLED_TABLE "advance 1h\n", "exec", "--db", db, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "advance 2h\nmetrics\n", "exec", "--db", db, NULL);
    g_assert_cmpint (run.status, ==, 0);
    split_snapshot = parse_line (&run, 0);
  }

  whole_bill = json_object_get_object_member (whole_snapshot, "Bill");
  split_bill = json_object_get_object_member (split_snapshot, "Bill");
  g_assert_cmpfloat (member_double (split_bill, "Hours"), ==, member_double (whole_bill, "Hours"));
  g_assert_cmpfloat (member_double (whole_bill, "Hours"), >, 3.0);
  g_assert_cmpfloat (member_double (split_bill, "TotalUSD"), ==,
                     member_double (whole_bill, "TotalUSD"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (split_bill, "Lines")),
                    ==,
                    json_array_get_length (json_object_get_array_member (whole_bill, "Lines")));

  remove_tmp_dir (dir);
}

/* The cell of @row under @column of @header. */
static const char *
csv_cell (char       **header,
          char       **row,
          const char  *column)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], column) == 0)
      {
        g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (header));
        return row[i];
      }

  g_assert_not_reached ();
}

static void
test_throttling (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = write_script (dir, "tiny.ddb", TINY_SCRIPT);
  g_autofree char *csv_path = g_build_filename (dir, "metrics.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) first = NULL;
  g_autoptr(GError) error = NULL;
  gboolean index_row = FALSE;
  g_auto(Run) run = { 0 };

  g_test_summary ("1 WCU: of three puts in one second the second and third answer "
                  "ProvisionedThroughputExceededException with ThrottlingReasons; a second "
                  "later a put passes; metrics and --metrics-csv count it all");

  run_cli (&run, NULL, "exec", "--metrics-csv", csv_path, path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  assert_line (&run, 1, "{}");
  assert_line (&run, 2, TINY_THROTTLED);
  assert_line (&run, 3, TINY_THROTTLED);
  assert_line (&run, 4, "{}");
  assert_tiny_snapshot (&run, 5, 2);
  assert_tiny_snapshot (&run, 6, 2);
  assert_line (&run, 7, "");

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  rows = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (rows[0], ==,
                   "second,time,table,index,consumed_read,consumed_write,provisioned_read,"
                   "provisioned_write,requests_get_item,requests_put_item,requests_update_item,"
                   "requests_delete_item,requests_query,requests_scan,requests_batch_get_item,"
                   "requests_batch_write_item,requests_transact_get_items,"
                   "requests_transact_write_items,throttled_requests,read_throttle_events,"
                   "write_throttle_events,burst_read,burst_write,adaptive_read,adaptive_write,"
                   "item_count,size_bytes,partition_count,splits,ttl_deleted");
  header = g_strsplit (rows[0], ",", -1);

  /* The table's first second, closed by the first advance. */
  first = g_strsplit (rows[1], ",", -1);
  g_assert_cmpstr (csv_cell (header, first, "second"), ==, "1735689600");
  g_assert_cmpstr (csv_cell (header, first, "time"), ==, "2025-01-01T00:00:00Z");
  g_assert_cmpstr (csv_cell (header, first, "table"), ==, "Tiny");
  g_assert_cmpstr (csv_cell (header, first, "index"), ==, "");
  g_assert_cmpstr (csv_cell (header, first, "requests_put_item"), ==, "3");
  g_assert_cmpstr (csv_cell (header, first, "consumed_write"), ==, "1");
  g_assert_cmpstr (csv_cell (header, first, "provisioned_write"), ==, "1");
  g_assert_cmpstr (csv_cell (header, first, "throttled_requests"), ==, "2");
  g_assert_cmpstr (csv_cell (header, first, "write_throttle_events"), ==, "2");
  g_assert_cmpstr (csv_cell (header, first, "burst_write"), ==, "0");
  g_assert_cmpstr (csv_cell (header, first, "item_count"), ==, "1");
  g_assert_cmpstr (csv_cell (header, first, "partition_count"), ==, "1");

  /* Every row is a closed second before the last advance's, the GSI's among them; the
   * file ends with a line end. */
  for (guint i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++)
    {
      g_auto(GStrv) row = g_strsplit (rows[i], ",", -1);

      g_assert_cmpint (g_ascii_strtoll (csv_cell (header, row, "second"), NULL, 10), <=,
                       1735689601);
      index_row |= strcmp (csv_cell (header, row, "index"), "byStatus") == 0;
    }
  g_assert_true (index_row);
  g_assert_true (g_str_has_suffix (csv, "\n"));

  remove_tmp_dir (dir);
}

static void
test_no_admission (void)
{
  g_auto(Run) run = { 0 };

  g_test_summary ("--no-admission serves every put: nothing is throttled");

  run_cli (&run, TINY_SCRIPT, "exec", "--no-admission", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  for (guint i = 1; i <= 4; i++)
    assert_line (&run, i, "{}");
  assert_tiny_snapshot (&run, 5, 0);
}

static void
test_metrics_csv_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  /* A script file, not standard input: the run ends before it reads all of it. */
  g_autofree char *path = write_script (dir, "tiny.ddb", CREATE_TINY "ListTables {}\n");

  g_test_summary ("A CSV file that cannot be created or written ends the run with a message "
                  "and status 1");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "--metrics-csv", "/nonexistent/metrics.csv", path, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "ddbsim-cli exec: cannot open "
                                              "'/nonexistent/metrics.csv': "));
    g_assert_null (strstr (run.out, "TableNames"));
  }

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    g_test_skip ("no /dev/full to fail writes");
  else
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "exec", "--metrics-csv", "/dev/full", path, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "ddbsim-cli exec: /dev/full: cannot write: "));
      g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");    /* reported once */
      /* The run stops at the line after which the write failed. */
      g_assert_null (strstr (run.out, "TableNames"));
    }

  remove_tmp_dir (dir);
}

static void
test_usage (void)
{
  g_test_summary ("Usage errors exit 2; a missing script exits 1; --help exits 0");

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "--frobnicate", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "ddbsim-cli exec: "));
    g_assert_nonnull (strstr (run.err, "Try 'ddbsim-cli exec --help'"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "one.ddb", "two.ddb", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err,
                                     "ddbsim-cli exec: unexpected argument 'two.ddb'\n"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "--db", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "/nonexistent/script.ddb", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "ddbsim-cli exec: cannot open "
                                              "'/nonexistent/script.ddb': "));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "advance DURATION"));
    g_assert_nonnull (strstr (run.out, "Examples:"));
    g_assert_nonnull (strstr (run.out, "--db"));
    g_assert_nonnull (strstr (run.out, "--no-admission"));
    g_assert_nonnull (strstr (run.out, "--metrics-csv=FILE"));
    g_assert_nonnull (strstr (run.out, "metrics [TABLE]"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "exec", "--metrics-csv", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "Try 'ddbsim-cli exec --help'"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "  exec "));
  }
}

/* 150 one-KB-or-less writes a second as 6 BatchWriteItem of 25, for @seconds seconds. */
static void
append_write_load (GString *script,
                   guint    seconds)
{
  for (guint second = 0; second < seconds; second++)
    {
      for (guint batch = 0; batch < 6; batch++)
        {
          g_string_append (script, "BatchWriteItem {'RequestItems': {'Scaled': [");
          for (guint i = 0; i < 25; i++)
            g_string_append_printf (script, "%s{'PutRequest': {'Item': {'id': {'S': "
                                    "'k%u'}}}}", i > 0 ? ", " : "", batch * 25 + i);
          g_string_append (script, "]}}\n");
        }
      g_string_append (script, "advance 1s\n");
    }
}

static void
test_autoscale (void)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autofree char *input = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) snapshot = NULL;
  JsonArray *activities;
  JsonObject *activity;
  g_auto(GStrv) lines = NULL;

  g_test_summary ("exec: 'set' changes a model parameter and 'autoscale' registers target "
                  "tracking; 150 WCU on 200 for two whole minutes at a 70 % target scales "
                  "to 215 (TV-33), shown in ScalingActivities and DescribeTable");

  g_string_append (script,
                   "set update-delay 30s\n"
                   "CreateTable {'TableName': 'Scaled', 'AttributeDefinitions': "
                   "[{'AttributeName': 'id', 'AttributeType': 'S'}], 'KeySchema': "
                   "[{'AttributeName': 'id', 'KeyType': 'HASH'}], 'ProvisionedThroughput': "
                   "{'ReadCapacityUnits': 5, 'WriteCapacityUnits': 200}}\n"
                   "autoscale Scaled write 70 5 1000\n"
                   "advance 1m\n");
  append_write_load (script, 120);
  g_string_append (script, "metrics Scaled\nadvance 30s\nDescribeTable {'TableName': 'Scaled'}\n");
  input = q (script->str);
  run_cli (&run, input, "exec", NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  /* CreateTable, 720 batches, the snapshot, DescribeTable, the empty last line. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 720 + 2 + 1);
  snapshot = parse_line (&run, 721);
  activities = json_object_get_array_member (snapshot, "ScalingActivities");
  g_assert_cmpuint (json_array_get_length (activities), ==, 1);
  activity = json_array_get_object_element (activities, 0);
  g_assert_cmpstr (json_object_get_string_member (activity, "Dimension"), ==,
                   "WriteCapacityUnits");
  g_assert_cmpint (json_object_get_int_member (activity, "From"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (activity, "To"), ==, 215);
  g_assert_cmpstr (json_object_get_string_member (activity, "Status"), ==, "Successful");
  g_assert_nonnull (strstr (lines[722], "\"WriteCapacityUnits\":215"));
  g_assert_nonnull (strstr (lines[722], "\"TableStatus\":\"ACTIVE\""));
}

static void
test_settings_errors (void)
{
  static const struct { const char *line; const char *message; } cases[] = {
    { "set adaptive sometimes", "set adaptive: expected instant, delayed or off, not "
                                "'sometimes'" },
    { "set warp 9", "unknown parameter 'warp' for set" },
    { "set heat-threshold 2", "set heat-threshold: expected a number from 0.01 to 1, not '2'" },
    { "set ttl-delay", "set needs a NAME and a VALUE, such as 'set adaptive off'" },
    { "autoscale Nope write 70 1 10", "Requested resource not found: Table: Nope not found" },
    { "autoscale Nope sideways 70 1 10", "autoscale: expected read or write, not 'sideways'" },
  };

  g_test_summary ("Bad 'set' and 'autoscale' lines are script errors with the line number");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *input = g_strconcat (cases[i].line, "\n", NULL);
      g_autofree char *expected = g_strdup_printf ("ddbsim-cli exec: <stdin>:1: %s\n",
                                                   cases[i].message);

      run_cli (&run, input, "exec", NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.err, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/cli/exec/script-file", test_script_file);
  g_test_add_func ("/ddb/cli/exec/stdin", test_stdin);
  g_test_add_func ("/ddb/cli/exec/db-persistence", test_db_persistence);
  g_test_add_func ("/ddb/cli/exec/db-keeps-bill", test_db_keeps_bill);
  g_test_add_func ("/ddb/cli/exec/script-errors", test_script_errors);
  g_test_add_func ("/ddb/cli/exec/batches-and-transactions", test_batches_and_transactions);
  g_test_add_func ("/ddb/cli/exec/throttling", test_throttling);
  g_test_add_func ("/ddb/cli/exec/no-admission", test_no_admission);
  g_test_add_func ("/ddb/cli/exec/metrics-csv-errors", test_metrics_csv_errors);
  g_test_add_func ("/ddb/cli/exec/usage", test_usage);
  g_test_add_func ("/ddb/cli/exec/autoscale", test_autoscale);
  g_test_add_func ("/ddb/cli/exec/settings-errors", test_settings_errors);

  return g_test_run ();
}
