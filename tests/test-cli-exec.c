/* test-cli-exec.c
 *
 * `ddbsim-cli exec` as a user runs it: the binary (named by $DDBSIM_CLI) reads a script
 * from a file or from standard input and prints one response line per request; script
 * errors name the file and line and stop the run with status 1, usage errors exit 2, and
 * --db keeps tables, items and the simulated clock across runs.
 *
 * Script texts are written with ' where JSON has " (see q()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
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

static void
test_script_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  const struct { const char *line, *message; } cases[] = {
    { "hello world", "expected a JSON request body after 'hello'" },
    { "Put-Item {}", "expected 'OperationName {JSON request body}' or 'advance DURATION'" },
    { "{'TableName': 'x'}", "expected 'OperationName {JSON request body}' or "
                            "'advance DURATION'" },
    { "PutItem", "expected a JSON request body after 'PutItem'" },
    { "PutItem []", "expected a JSON request body after 'PutItem'" },
    { "advance", "advance needs a DURATION, such as 1s" },
    { "advance 5x", "invalid duration '5x': expected a number and a unit (us, ms, s, m, h, d), "
                    "such as 250ms or 1.5s" },
    { "advance -1s", "invalid duration '-1s': expected a number and a unit (us, ms, s, m, h, "
                     "d), such as 250ms or 1.5s" },
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
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "  exec "));
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
  g_test_add_func ("/ddb/cli/exec/script-errors", test_script_errors);
  g_test_add_func ("/ddb/cli/exec/batches-and-transactions", test_batches_and_transactions);
  g_test_add_func ("/ddb/cli/exec/usage", test_usage);

  return g_test_run ();
}
