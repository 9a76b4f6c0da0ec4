/* ddb-cli-calc.c
 *
 * `ddbsim-cli calc`: the exam calculators.  Each subcommand parses its options, asks the
 * model layer (all the arithmetic lives there) and prints a report.
 *
 *   calc item-size ITEM|-                      bytes of a DynamoDB-JSON item
 *   calc read  --item-bytes N [...]            read units per read and per second
 *   calc write --item-bytes N [...]            write units per write and per second
 *   calc partitions --rcu N --wcu N [...]      the classic partition count
 *   calc cost --mode provisioned|on-demand     a bill with line items (ddb-cli-cost.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-calc"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ddb-capacity.h"
#include "ddb-cli-calc.h"
#include "ddb-cli.h"
#include "ddb-item.h"
#include "ddb-model-error.h"
#include "ddb-partition-plan.h"
#include "ddb-value-json.h"

/* ---------------------------------------------------------------------------------------
 * Option parsing shared by the subcommands
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_cli_calc_parse:
 * @command: "calc read" etc., for messages
 * @parameters: the positional parameters shown in --help ("ITEM", or "")
 * @summary: the paragraph --help shows above the options
 * @entries: the subcommand's options, NULL-terminated; a --format option is added
 * @n_positional: how many positional arguments the subcommand takes
 * @argc, @argv: in: the arguments after "calc"; out: the positional arguments left
 * @format: (out): the output format
 *
 * Returns: DDB_CLI_EXIT_OK, or the exit status of a usage error already reported.
 */
int
ddb_cli_calc_parse (const char    *command,
                    const char    *parameters,
                    const char    *summary,
                    const char    *description,
                    GOptionEntry  *entries,
                    int            n_positional,
                    int           *argc,
                    char        ***argv,
                    DdbCliFormat  *format)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *prgname = g_strdup_printf ("ddbsim-cli %s", command);
  GOptionEntry format_entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      "Output format: json (default) or text", "FORMAT" },
    { NULL },
  };

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, format_entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    return ddb_cli_usage_error (command, "%s", error->message);

  if (!ddb_cli_parse_format (format_text, format))
    return ddb_cli_usage_error (command, "--format must be json or text, not '%s'",
                                format_text);

  /* argv[0] is the subcommand's name. */
  if (*argc - 1 < n_positional)
    return ddb_cli_usage_error (command, "missing %s", parameters);
  if (*argc - 1 > n_positional)
    return ddb_cli_usage_error (command, "unexpected argument '%s'", (*argv)[n_positional + 1]);

  return DDB_CLI_EXIT_OK;
}

/* Checks a rate given with --per-second: finite and not negative. */
static gboolean
check_rate (const char *command,
            const char *option,
            double      rate,
            int        *status)
{
  if (!isfinite (rate) || rate < 0)
    {
      *status = ddb_cli_input_error (command, "%s must be a number of at least 0", option);
      return FALSE;
    }

  return TRUE;
}

/* Checks --item-bytes: given, and an item DynamoDB could store (1 to 409,600 bytes). */
static gboolean
check_item_bytes (const char *command,
                  gint64      item_bytes,
                  int        *status)
{
  if (item_bytes == G_MININT64)
    {
      *status = ddb_cli_usage_error (command, "--item-bytes is required");
      return FALSE;
    }

  if (item_bytes < 1 || item_bytes > DDB_ITEM_MAX_BYTES)
    {
      *status = ddb_cli_input_error (command,
                                     "--item-bytes must be between 1 and %d (400 KB, the "
                                     "DynamoDB item size limit), not %" G_GINT64_FORMAT,
                                     DDB_ITEM_MAX_BYTES, item_bytes);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * calc item-size
 * ------------------------------------------------------------------------------------- */

static int
calc_item_size (int    argc,
                char **argv)
{
  const char *command = "calc item-size";
  DdbCliFormat format;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(DdbValue) item = NULL;
  g_autoptr(DdbCliReport) report = NULL;
  GOptionEntry entries[] = { { NULL } };
  static const char *keys[] = { "name", "name_bytes", "value_bytes", "bytes" };
  static const char *titles[] = { "attribute", "name bytes", "value bytes", "bytes" };
  static const DdbCliCellKind kinds[] = { DDB_CLI_CELL_TEXT, DDB_CLI_CELL_INT, DDB_CLI_CELL_INT,
                                          DDB_CLI_CELL_INT };
  gsize bytes;
  int status;

  status = ddb_cli_calc_parse (command, "ITEM",
                               "Prints the size of a DynamoDB item as DynamoDB counts it for the\n"
                               "400 KB item limit and for capacity units: the UTF-8 bytes of each\n"
                               "attribute name plus the size of its value.\n"
                               "\n"
                               "ITEM is an item in DynamoDB JSON, e.g.\n"
                               "  '{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"42\"}}'\n"
                               "or - to read it from standard input.",
                               NULL, entries, 1, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  text = ddb_cli_read_argument (argv[1], &error);
  if (text == NULL)
    return ddb_cli_input_error (command, "%s", error->message);

  item = ddb_item_from_json_text (text, -1, &error);
  if (item == NULL)
    return ddb_cli_input_error (command, "%s: %s",
                                g_error_matches (error, DDB_MODEL_ERROR,
                                                 DDB_MODEL_ERROR_SERIALIZATION)
                                ? "SerializationException" : "ValidationException",
                                error->message);

  bytes = ddb_item_size (item);
  report = ddb_cli_report_new ();
  ddb_cli_report_add_int (report, "bytes", bytes);
  ddb_cli_report_add_int (report, "max_bytes", DDB_ITEM_MAX_BYTES);
  ddb_cli_report_add_bool (report, "within_limit", bytes <= DDB_ITEM_MAX_BYTES);
  ddb_cli_report_add_decimal (report, "write_units", ddb_write_units (bytes, DDB_WRITE_STANDARD));
  ddb_cli_report_add_decimal (report, "strong_read_units",
                              ddb_read_units (bytes, DDB_READ_STRONG));

  ddb_cli_report_begin_table (report, "attributes", keys, titles, kinds, G_N_ELEMENTS (keys));
  for (gsize i = 0; i < ddb_value_get_length (item); i++)
    {
      const char *name = ddb_value_get_name (item, i);
      gint64 name_bytes = strlen (name);
      gint64 value_bytes = ddb_value_size (ddb_value_get_element (item, i));

      ddb_cli_report_add_row (report, name, name_bytes, value_bytes, name_bytes + value_bytes);
    }
  ddb_cli_report_end_table (report);

  ddb_cli_report_print (report, format);

  return DDB_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------------------------
 * calc read / calc write
 * ------------------------------------------------------------------------------------- */

static int
calc_read (int    argc,
           char **argv)
{
  const char *command = "calc read";
  gint64 item_bytes = G_MININT64;
  double per_second = 1.0;
  g_autofree char *consistency_text = NULL;
  DdbReadConsistency consistency = DDB_READ_EVENTUAL;
  DdbCliFormat format;
  g_autoptr(DdbCliReport) report = NULL;
  double units;
  int status;
  GOptionEntry entries[] = {
    { "item-bytes", 'b', 0, G_OPTION_ARG_INT64, &item_bytes,
      "Size of the item read, in bytes (1 to 409600)", "N" },
    { "consistency", 'c', 0, G_OPTION_ARG_STRING, &consistency_text,
      "eventual (default, as DynamoDB's default read), strong or transactional", "MODE" },
    { "per-second", 'r', 0, G_OPTION_ARG_DOUBLE, &per_second,
      "Reads per second (default 1)", "R" },
    { NULL },
  };

  status = ddb_cli_calc_parse (command, "",
                               "Prints the read units one read of an item consumes, and the read\n"
                               "capacity R reads per second need. Reads round the item size up\n"
                               "to 4 KB: one unit per 4 KB when strongly consistent, half when\n"
                               "eventually consistent, two when transactional.",
                               NULL, entries, 0, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  if (consistency_text != NULL &&
      !ddb_read_consistency_from_string (consistency_text, &consistency))
    return ddb_cli_usage_error (command,
                                "--consistency must be eventual, strong or transactional, "
                                "not '%s'", consistency_text);
  if (!check_item_bytes (command, item_bytes, &status) ||
      !check_rate (command, "--per-second", per_second, &status))
    return status;

  units = ddb_read_units (item_bytes, consistency);

  report = ddb_cli_report_new ();
  ddb_cli_report_add_decimal (report, "units_per_read", units);
  ddb_cli_report_add_decimal (report, "units_per_second", units * per_second);
  ddb_cli_report_add_text (report, "consistency", ddb_read_consistency_to_string (consistency));
  ddb_cli_report_add_int (report, "item_bytes", item_bytes);
  ddb_cli_report_add_int (report, "blocks_of_4kb", ddb_read_blocks (item_bytes));
  ddb_cli_report_print (report, format);

  return DDB_CLI_EXIT_OK;
}

static int
calc_write (int    argc,
            char **argv)
{
  const char *command = "calc write";
  gint64 item_bytes = G_MININT64;
  double per_second = 1.0;
  gboolean transactional = FALSE;
  DdbCliFormat format;
  g_autoptr(DdbCliReport) report = NULL;
  double units;
  int status;
  GOptionEntry entries[] = {
    { "item-bytes", 'b', 0, G_OPTION_ARG_INT64, &item_bytes,
      "Size of the item written, in bytes (1 to 409600)", "N" },
    { "transactional", 't', 0, G_OPTION_ARG_NONE, &transactional,
      "A write inside TransactWriteItems (2 units per 1 KB)", NULL },
    { "per-second", 'r', 0, G_OPTION_ARG_DOUBLE, &per_second,
      "Writes per second (default 1)", "R" },
    { NULL },
  };

  status = ddb_cli_calc_parse (command, "",
                               "Prints the write units one write of an item consumes, and the\n"
                               "write capacity R writes per second need. Writes round the item\n"
                               "size up to 1 KB: one unit per 1 KB, two when transactional.\n"
                               "PutItem and UpdateItem charge the larger of the old and the new\n"
                               "item, so give the larger size.",
                               NULL, entries, 0, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  if (!check_item_bytes (command, item_bytes, &status) ||
      !check_rate (command, "--per-second", per_second, &status))
    return status;

  units = ddb_write_units (item_bytes, transactional ? DDB_WRITE_TRANSACTIONAL
                                                     : DDB_WRITE_STANDARD);

  report = ddb_cli_report_new ();
  ddb_cli_report_add_decimal (report, "units_per_write", units);
  ddb_cli_report_add_decimal (report, "units_per_second", units * per_second);
  ddb_cli_report_add_bool (report, "transactional", transactional);
  ddb_cli_report_add_int (report, "item_bytes", item_bytes);
  ddb_cli_report_add_int (report, "blocks_of_1kb", ddb_write_blocks (item_bytes));
  ddb_cli_report_print (report, format);

  return DDB_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------------------------
 * calc partitions
 * ------------------------------------------------------------------------------------- */

/* Checks that a provisioned capacity option was given and is at least 1. */
static gboolean
check_capacity (const char *command,
                const char *option,
                gint64      value,
                int        *status)
{
  if (value == G_MININT64)
    {
      *status = ddb_cli_usage_error (command, "%s is required", option);
      return FALSE;
    }

  if (value < 1)
    {
      *status = ddb_cli_input_error (command,
                                     "%s must be at least 1 (DynamoDB's minimum provisioned "
                                     "throughput), not %" G_GINT64_FORMAT, option, value);
      return FALSE;
    }

  return TRUE;
}

static int
calc_partitions (int    argc,
                 char **argv)
{
  const char *command = "calc partitions";
  gint64 rcu = G_MININT64;
  gint64 wcu = G_MININT64;
  double storage_gb = 0.0;
  DdbCliFormat format;
  g_autoptr(DdbCliReport) report = NULL;
  DdbPartitionPlan plan;
  int status;
  GOptionEntry entries[] = {
    { "rcu", 0, 0, G_OPTION_ARG_INT64, &rcu, "Provisioned read capacity units", "N" },
    { "wcu", 0, 0, G_OPTION_ARG_INT64, &wcu, "Provisioned write capacity units", "N" },
    { "storage-gb", 's', 0, G_OPTION_ARG_DOUBLE, &storage_gb,
      "Table size in GB (1 GB = 2^30 bytes; default 0)", "G" },
    { NULL },
  };

  status = ddb_cli_calc_parse (command, "",
                               "Prints the partition count of the classic formula and the\n"
                               "provisioned throughput each partition gets:\n"
                               "  partitions = max (ceil (RCU / 3000 + WCU / 1000),\n"
                               "                    ceil (size / 10 GB))\n"
                               "with the throughput divided evenly. AWS no longer publishes this\n"
                               "formula; it remains the model exam questions use.",
                               NULL, entries, 0, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  if (!check_capacity (command, "--rcu", rcu, &status) ||
      !check_capacity (command, "--wcu", wcu, &status))
    return status;
  if (!isfinite (storage_gb) || storage_gb < 0 || storage_gb > 1e9)
    return ddb_cli_input_error (command, "--storage-gb must be between 0 and 1000000000");

  ddb_partition_plan_compute (rcu, wcu, (guint64)ceil (storage_gb * (1 << 30)),
                              DDB_PARTITION_MAX_BYTES, &plan);

  report = ddb_cli_report_new ();
  ddb_cli_report_add_int (report, "partitions", plan.partitions);
  ddb_cli_report_add_decimal (report, "rcu_per_partition", plan.rcu_per_partition);
  ddb_cli_report_add_decimal (report, "wcu_per_partition", plan.wcu_per_partition);
  ddb_cli_report_add_int (report, "partitions_for_throughput", plan.for_throughput);
  ddb_cli_report_add_int (report, "partitions_for_size", plan.for_size);
  ddb_cli_report_print (report, format);

  return DDB_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Calculator;

static const Calculator calculators[] = {
  { "item-size", "size of a DynamoDB-JSON item in bytes", calc_item_size },
  { "read", "read units per read and per second", calc_read },
  { "write", "write units per write and per second", calc_write },
  { "partitions", "partition count and per-partition throughput", calc_partitions },
  { "cost", "monthly bill with line items (provisioned or on-demand)", ddb_cli_calc_cost },
};

static void
print_calc_usage (FILE *stream)
{
  fprintf (stream, "Usage: ddbsim-cli calc CALCULATOR [OPTIONS...]\n\nCalculators:\n");
  for (guint i = 0; i < G_N_ELEMENTS (calculators); i++)
    fprintf (stream, "  %-11s %s\n", calculators[i].name, calculators[i].summary);
  fprintf (stream, "\nRun 'ddbsim-cli calc CALCULATOR --help' for its options.\n");
}

/* `ddbsim-cli calc ...`; @argv[0] is "calc". */
int
ddb_cli_calc (int    argc,
              char **argv)
{
  if (argc < 2)
    {
      print_calc_usage (stderr);
      return DDB_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_calc_usage (stdout);
      return DDB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (calculators); i++)
    if (strcmp (argv[1], calculators[i].name) == 0)
      return calculators[i].run (argc - 1, argv + 1);

  return ddb_cli_usage_error ("calc", "unknown calculator '%s'", argv[1]);
}
