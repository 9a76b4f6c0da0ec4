/* ddb-cli-exec.c
 *
 * `ddbsim-cli exec [--db FILE] [--no-admission] [--metrics-csv FILE] [SCRIPT|-]`: DynamoDB
 * API requests from a script, one per line, answered with DynamoDB's JSON responses, one
 * per line, on standard output.
 *
 * A script line is one of:
 *
 *   OperationName {JSON request body}    a request, e.g. PutItem {"TableName": ...}
 *   advance DURATION                     move the simulated clock (250ms, 1.5s, 5m, 2h, 1d)
 *   metrics [TABLE]                      print a metrics snapshot (ddb-cli-metrics.c)
 *   set NAME VALUE                       change a model parameter (ddb-cli-settings.c)
 *   autoscale TABLE[:INDEX] read|write TARGET MIN MAX   (or ... off) auto scaling
 *   # comment                            ignored, as are blank lines
 *
 * Every request prints exactly one line, the dispatcher's response, whether DynamoDB would
 * succeed or answer with an exception (a throttled request included): an exception is the
 * simulated service's answer, not a failure of the script.  A line that is none of the
 * above, a bad duration, or metrics of a table that does not exist, is a script error: it
 * is reported as "ddbsim-cli exec: SCRIPT:LINE: message" and ends the run with status 1.
 * Lines are executed as they are read, so the command also works interactively on a
 * terminal.
 *
 * The engine enforces capacity as DynamoDB does (admission control, ddb-admission.h)
 * unless --no-admission turns it off; --metrics-csv writes the per-second metrics of every
 * table and GSI as the clock closes seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-exec"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ddb-cli.h"
#include "ddb-cli-metrics.h"
#include "ddb-cli-settings.h"
#include "ddb-dispatcher.h"
#include "ddb-duration.h"

#define COMMAND "exec"

/* A format: the settings' help goes in its %s. */
static const char description[] =
  "Script lines:\n"
  "  OperationName {JSON}    a DynamoDB request; prints its JSON response on one line\n"
  "  advance DURATION        moves the simulated clock: 100us, 250ms, 1.5s, 5m, 2h, 1d\n"
  "  metrics [TABLE]         prints a metrics snapshot of every table (or of TABLE)\n"
  "  set NAME VALUE          changes a model parameter, such as 'set adaptive off'\n"
  "  autoscale TABLE[:INDEX] read|write TARGET MIN MAX\n"
  "                          target tracking auto scaling (TARGET 20-90 %%); 'off' in\n"
  "                          place of TARGET MIN MAX removes it\n"
  "  # comment               ignored, as are blank lines\n"
  "\n"
  "Operations: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables,\n"
  "UpdateTimeToLive, DescribeTimeToLive, PutItem, GetItem, UpdateItem, DeleteItem,\n"
  "Query, Scan, BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems\n"
  "(also as DynamoDB_20120810.PutItem).\n"
  "\n"
  "Without --db the database lives in memory for one run; with --db FILE the tables,\n"
  "items, clock, burst banks, on-demand peaks, auto scaling targets and the bill\n"
  "persist in FILE across runs.\n"
  "\n"
  "Capacity is enforced as DynamoDB enforces it: a request above a table's or index's\n"
  "throughput (provisioned capacity, burst, partition limits, on-demand maximums) gets\n"
  "ProvisionedThroughputExceededException, ThrottlingException or RequestLimitExceeded\n"
  "with its ThrottlingReasons; batches return what was throttled as UnprocessedItems\n"
  "or UnprocessedKeys.  --no-admission serves every request instead.\n"
  "\n"
  "A metrics snapshot is one JSON line:\n"
  "  {\"Second\", \"Time\", \"Tables\": [{\"TableName\", \"LastSecond\": POINT,\n"
  "    \"LastMinutes\": [POINT...], \"GlobalSecondaryIndexes\": [{\"IndexName\",\n"
  "    \"LastSecond\", \"LastMinutes\"}]}], \"ScalingActivities\": [{\"Time\",\n"
  "    \"TableName\", \"IndexName\", \"Dimension\", \"From\", \"To\", \"Status\",\n"
  "    \"Message\"}], \"Bill\": {\"Hours\", \"Lines\": [{\"Item\",\n"
  "    \"TableName\", \"IndexName\", \"Quantity\", \"Unit\", \"UnitPriceUSD\", \"USD\",\n"
  "    \"Verified\"}], \"TotalUSD\", \"MonthlyProjectionUSD\"}}\n"
  "Second and Time are the clock's; LastSecond is the last closed second (null before\n"
  "one closed), LastMinutes the last 5 minutes, the current one last.  A POINT holds\n"
  "Second, Time, Consumed/ProvisionedRead/WriteCapacityUnits, Requests (by\n"
  "operation), ThrottledRequests, Read/WriteThrottleEvents, ThrottleEvents (by\n"
  "reason), Burst/AdaptiveRead/WriteCapacityUnits, OnlineIndexConsumedWriteCapacity,\n"
  "ItemCount, SizeBytes, PartitionCount, Splits and TtlDeletedItems: counters add up\n"
  "over the period, the others are its last value, and zero counts are left out of\n"
  "Requests and ThrottleEvents.  The Bill is what the tables shown cost over the\n"
  "seconds closed, and that at the same rates for a month.\n"
  "\n"
  "--metrics-csv FILE writes one row per closed second of every table and GSI, after a\n"
  "header: second, time, table, index (empty for the table), consumed_read,\n"
  "consumed_write, provisioned_read, provisioned_write, requests_get_item ...\n"
  "requests_transact_write_items (one per operation), throttled_requests,\n"
  "read_throttle_events, write_throttle_events, burst_read, burst_write, adaptive_read,\n"
  "adaptive_write, item_count, size_bytes, partition_count, splits, ttl_deleted.\n"
  "Seconds close as the clock moves on; the second the script ends in is not written.\n"
  "\n"
  "Examples:\n"
  "  ddbsim-cli exec script.ddb\n"
  "  ddbsim-cli exec --db shop.db - <<'EOF'\n"
  "  CreateTable {\"TableName\": \"Orders\", \"BillingMode\": \"PAY_PER_REQUEST\",\n"
  "    \"AttributeDefinitions\": [{\"AttributeName\": \"id\", \"AttributeType\": \"S\"}],\n"
  "    \"KeySchema\": [{\"AttributeName\": \"id\", \"KeyType\": \"HASH\"}]}\n"
  "  EOF\n"
  "  (a request is one line; it is wrapped here for reading)\n"
  "  echo 'PutItem {\"TableName\": \"Orders\", \"Item\": {\"id\": {\"S\": \"1\"}}}' |\n"
  "    ddbsim-cli exec --db shop.db\n"
  "\n"
  "%s\n"
  "\n"
  "Exit status: 0 when every line ran (DynamoDB exceptions included), 1 for a script\n"
  "error or a failure (such as a CSV file that cannot be written), 2 for usage errors.";

typedef struct
{
  DdbEngine        *engine;
  DdbCliMetricsCsv *csv;            /* --metrics-csv; NULL without */
  const char       *script_name;    /* for messages: the path, or "<stdin>" */
  guint             line_number;
} Exec;

/* Reports a script error at the current line; returns DDB_CLI_EXIT_FAILURE. */
static int script_error (const Exec *exec,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static int
script_error (const Exec *exec,
              const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return ddb_cli_input_error (COMMAND, "%s:%u: %s", exec->script_name, exec->line_number,
                              message);
}

static gboolean
is_operation_name (const char *word,
                   gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (word[i]) && word[i] != '_' && word[i] != '.')
      return FALSE;
  return TRUE;
}

/* Prints one line of output at once, for scripts that read it as it comes. */
static void
print_line (const char *text)
{
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* The directive "advance DURATION"; @argument is what follows the word. */
static int
run_advance (Exec       *exec,
             const char *argument)
{
  g_autoptr(GError) error = NULL;
  gint64 usec;

  if (*argument == '\0')
    return script_error (exec, "advance needs a DURATION, such as 1s");
  if (!ddb_duration_parse (argument, &usec, &error))
    return script_error (exec, "%s", error->message);
  if (!ddb_engine_advance (exec->engine, usec, &error))
    return script_error (exec, "%s", error->message);

  return DDB_CLI_EXIT_OK;
}

/* The directive "metrics [TABLE]"; @argument is what follows the word. */
static int
run_metrics (Exec       *exec,
             const char *argument)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;

  if (argument[strcspn (argument, " \t")] != '\0')
    return script_error (exec, "metrics takes at most one TABLE");

  snapshot = ddb_cli_metrics_snapshot (exec->engine, *argument != '\0' ? argument : NULL,
                                       &error);
  if (snapshot == NULL)
    return script_error (exec, "%s", error->message);
  print_line (snapshot);

  return DDB_CLI_EXIT_OK;
}

typedef gboolean (*SettingFunc) (DdbEngine   *engine,
                                 const char  *argument,
                                 GError     **error);

/* The directives "set ..." and "autoscale ..."; they print nothing. */
static int
run_setting (Exec        *exec,
             SettingFunc  func,
             const char  *argument)
{
  g_autoptr(GError) error = NULL;

  if (!func (exec->engine, argument, &error))
    return script_error (exec, "%s", error->message);

  return DDB_CLI_EXIT_OK;
}

/* Whether @text starts with the word @word. */
static gboolean
is_word (const char *text,
         gsize       length,
         const char *word)
{
  return length == strlen (word) && strncmp (text, word, length) == 0;
}

/* Runs one script line (without its line end). */
static int
run_line (Exec *exec,
          char *line)
{
  char *text = g_strstrip (line);
  gsize word_length = strcspn (text, " \t");
  char *rest = text + word_length + strspn (text + word_length, " \t");
  g_autofree char *response = NULL;

  if (*text == '\0' || *text == '#')
    return DDB_CLI_EXIT_OK;

  if (is_word (text, word_length, "advance"))
    return run_advance (exec, rest);
  if (is_word (text, word_length, "metrics"))
    return run_metrics (exec, rest);
  if (is_word (text, word_length, "set"))
    return run_setting (exec, ddb_cli_settings_set, rest);
  if (is_word (text, word_length, "autoscale"))
    return run_setting (exec, ddb_cli_settings_autoscale, rest);

  if (!is_operation_name (text, word_length))
    return script_error (exec, "expected 'OperationName {JSON request body}', "
                               "'advance DURATION', 'metrics [TABLE]', 'set NAME VALUE' or "
                               "'autoscale ...'");
  if (*rest != '{')
    return script_error (exec, "expected a JSON request body after '%.*s'",
                         (int)word_length, text);

  text[word_length] = '\0';
  response = ddb_dispatch (exec->engine, text, rest, -1, NULL);
  print_line (response);

  return DDB_CLI_EXIT_OK;
}

/* Runs every line of @stream until the end or the first script error. */
static int
run_script (Exec *exec,
            FILE *stream)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  size_t capacity = 0;
  ssize_t length;

  while ((length = getline (&line, &capacity, stream)) >= 0)
    {
      int status;

      exec->line_number++;
      if (memchr (line, '\0', length) != NULL)
        return script_error (exec, "the line contains a NUL byte");
      if (!g_utf8_validate (line, length, NULL))
        return script_error (exec, "the line is not valid UTF-8");

      status = run_line (exec, line);
      if (status != DDB_CLI_EXIT_OK)
        return status;
      if (exec->csv != NULL && !ddb_cli_metrics_csv_check (exec->csv, &error))
        return ddb_cli_input_error (COMMAND, "%s", error->message);
    }

  if (ferror (stream))
    return ddb_cli_input_error (COMMAND, "%s: %s", exec->script_name, g_strerror (errno));

  return DDB_CLI_EXIT_OK;
}

/* Configures the engine for the options, runs the script, and closes the CSV file. */
static int
run_engine (Exec       *exec,
            FILE       *stream,
            gboolean    no_admission,
            const char *csv_path)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (no_admission)
    {
      DdbEngineConfig config;

      ddb_engine_get_config (exec->engine, &config);
      config.admission.enabled = FALSE;
      ddb_engine_set_config (exec->engine, &config);
    }

  if (csv_path != NULL)
    {
      exec->csv = ddb_cli_metrics_csv_open (exec->engine, csv_path, &error);
      if (exec->csv == NULL)
        return ddb_cli_input_error (COMMAND, "%s", error->message);
    }

  status = run_script (exec, stream);

  if (exec->csv != NULL && !ddb_cli_metrics_csv_close (g_steal_pointer (&exec->csv), &error))
    status = ddb_cli_input_error (COMMAND, "%s", error->message);

  return status;
}

/* `ddbsim-cli exec ...`; @argv[0] is "exec". */
int
ddb_cli_exec (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[SCRIPT|-]");
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *csv_path = NULL;
  gboolean no_admission = FALSE;
  g_autoptr(DdbEngine) engine = NULL;
  const char *script = NULL;
  GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
      "Keep the database in FILE across runs (default: in memory)", "FILE" },
    { "no-admission", 0, 0, G_OPTION_ARG_NONE, &no_admission,
      "Never throttle (default: enforce capacity)", NULL },
    { "metrics-csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      "Write per-second metrics of every table and GSI to FILE", "FILE" },
    { NULL },
  };
  Exec exec = { 0 };
  g_autofree char *full_description = NULL;
  FILE *stream;
  int status;

  g_set_prgname ("ddbsim-cli " COMMAND);
  g_option_context_set_summary (context, "Runs DynamoDB API requests, one per line, and prints "
                                         "DynamoDB's JSON response to each.\nSCRIPT is a file; "
                                         "without it, or with -, lines come from standard "
                                         "input.");
  full_description = g_strdup_printf (description, ddb_cli_settings_help);
  g_option_context_set_description (context, full_description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ddb_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 2)
    return ddb_cli_usage_error (COMMAND, "unexpected argument '%s'", argv[2]);
  script = argc == 2 ? argv[1] : "-";

  if (strcmp (script, "-") == 0)
    {
      stream = stdin;
      exec.script_name = "<stdin>";
    }
  else
    {
      stream = fopen (script, "r");
      if (stream == NULL)
        return ddb_cli_input_error (COMMAND, "cannot open '%s': %s", script,
                                    g_strerror (errno));
      exec.script_name = script;
    }

  engine = ddb_engine_new (db_path, &error);
  if (engine == NULL)
    status = ddb_cli_input_error (COMMAND, "%s%s%s", db_path != NULL ? db_path : "",
                                  db_path != NULL ? ": " : "", error->message);
  else
    {
      exec.engine = engine;
      status = run_engine (&exec, stream, no_admission, csv_path);
    }

  if (stream != stdin)
    fclose (stream);

  return status;
}
