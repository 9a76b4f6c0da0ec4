/* ddbsim-cli.c
 *
 * Entry point of ddbsim-cli, the headless face of ddbsim: it dispatches to a subcommand.
 * ddbsim-cli links no GTK (a test in tests/layering checks it), so it runs on servers,
 * in CI and over SSH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ddb-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "calc", "exam calculators: item size, read/write units, partitions, cost", ddb_cli_calc },
  { "exec", "DynamoDB API requests from a script, answered in DynamoDB's JSON", ddb_cli_exec },
  { "bench", "performance against a raw-SQLite baseline, in one run", ddb_cli_bench },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: ddbsim-cli COMMAND [OPTIONS...]\n"
           "\n"
           "ddbsim: how Amazon DynamoDB behaves under load and what it costs.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream,
           "\n"
           "Options:\n"
           "  -h, --help     show this help\n"
           "  --version      show the version\n"
           "\n"
           "Run 'ddbsim-cli COMMAND --help' for the options of a command.\n"
           "JSON goes to standard output; --format text prints aligned tables.\n"
           "Exit status: 0 on success, 1 for invalid input, 2 for usage errors.\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return DDB_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return DDB_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("ddbsim-cli %s\n", PACKAGE_VERSION);
      return DDB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  return ddb_cli_usage_error (NULL, "unknown command '%s'", argv[1]);
}
