/* ddb-cli-exec.c
 *
 * `ddbsim-cli exec [--db FILE] [SCRIPT|-]`: DynamoDB API requests from a script, one per
 * line, answered with DynamoDB's JSON responses, one per line, on standard output.
 *
 * A script line is one of:
 *
 *   OperationName {JSON request body}    a request, e.g. PutItem {"TableName": ...}
 *   advance DURATION                     move the simulated clock (250ms, 1.5s, 5m, 2h, 1d)
 *   # comment                            ignored, as are blank lines
 *
 * Every request prints exactly one line, the dispatcher's response, whether DynamoDB would
 * succeed or answer with an exception: an exception is the simulated service's answer, not
 * a failure of the script.  A line that is none of the above, or a bad duration, is a
 * script error: it is reported as "ddbsim-cli exec: SCRIPT:LINE: message" and ends the run
 * with status 1.  Lines are executed as they are read, so the command also works
 * interactively on a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-exec"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ddb-cli.h"
#include "ddb-dispatcher.h"
#include "ddb-duration.h"

#define COMMAND "exec"

static const char description[] =
  "Script lines:\n"
  "  OperationName {JSON}    a DynamoDB request; prints its JSON response on one line\n"
  "  advance DURATION        moves the simulated clock: 100us, 250ms, 1.5s, 5m, 2h, 1d\n"
  "  # comment               ignored, as are blank lines\n"
  "\n"
  "Operations: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables,\n"
  "UpdateTimeToLive, DescribeTimeToLive, PutItem, GetItem, UpdateItem, DeleteItem,\n"
  "Query, Scan, BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems\n"
  "(also as DynamoDB_20120810.PutItem).\n"
  "\n"
  "Without --db the database lives in memory for one run; with --db FILE the tables,\n"
  "items and clock persist in FILE across runs.\n"
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
  "Exit status: 0 when every line ran (DynamoDB exceptions included), 1 for a script\n"
  "error or a failure, 2 for usage errors.";

typedef struct
{
  DdbEngine  *engine;
  const char *script_name;          /* for messages: the path, or "<stdin>" */
  guint       line_number;
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

  if (word_length == strlen ("advance") && strncmp (text, "advance", word_length) == 0)
    return run_advance (exec, rest);

  if (!is_operation_name (text, word_length))
    return script_error (exec, "expected 'OperationName {JSON request body}' or "
                               "'advance DURATION'");
  if (*rest != '{')
    return script_error (exec, "expected a JSON request body after '%.*s'",
                         (int)word_length, text);

  text[word_length] = '\0';
  response = ddb_dispatch (exec->engine, text, rest, -1, NULL);
  fputs (response, stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  return DDB_CLI_EXIT_OK;
}

/* Runs every line of @stream until the end or the first script error. */
static int
run_script (Exec *exec,
            FILE *stream)
{
  g_autofree char *line = NULL;
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
    }

  if (ferror (stream))
    return ddb_cli_input_error (COMMAND, "%s: %s", exec->script_name, g_strerror (errno));

  return DDB_CLI_EXIT_OK;
}

/* `ddbsim-cli exec ...`; @argv[0] is "exec". */
int
ddb_cli_exec (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[SCRIPT|-]");
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(DdbEngine) engine = NULL;
  const char *script = NULL;
  GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
      "Keep the database in FILE across runs (default: in memory)", "FILE" },
    { NULL },
  };
  Exec exec = { 0 };
  FILE *stream;
  int status;

  g_set_prgname ("ddbsim-cli " COMMAND);
  g_option_context_set_summary (context, "Runs DynamoDB API requests, one per line, and prints "
                                         "DynamoDB's JSON response to each.\nSCRIPT is a file; "
                                         "without it, or with -, lines come from standard "
                                         "input.");
  g_option_context_set_description (context, description);
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
      status = run_script (&exec, stream);
    }

  if (stream != stdin)
    fclose (stream);

  return status;
}
