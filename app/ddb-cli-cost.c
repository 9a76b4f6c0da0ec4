/* ddb-cli-cost.c
 *
 * `ddbsim-cli calc cost`: a bill for one table over a period, with line items, from the
 * price catalog of the model layer.
 *
 * Capacity can be given directly (--rcu/--wcu, provisioned only) or derived from a
 * workload (--reads-per-second, --writes-per-second, --item-bytes): provisioned capacity
 * is then the units per second rounded up to whole units, on-demand request units are the
 * units per second times the seconds in the period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-cost"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ddb-capacity.h"
#include "ddb-cli-calc.h"
#include "ddb-cost.h"
#include "ddb-item.h"
#include "ddb-price-catalog.h"

typedef struct
{
  char    *mode;
  gint64   rcu;
  gint64   wcu;
  double   reads_per_second;
  double   writes_per_second;
  gint64   item_bytes;
  char    *consistency;
  double   storage_gb;
  gint64   items;
  double   hours;
  char    *region;
  char    *on;
  char    *table_class;
  gboolean free_tier;
  double   pitr_gb;
  double   backup_gb;
  double   stream_reads;
} CostOptions;

static void
cost_options_clear (CostOptions *options)
{
  g_free (options->mode);
  g_free (options->consistency);
  g_free (options->region);
  g_free (options->on);
  g_free (options->table_class);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CostOptions, cost_options_clear)

static const char summary[] =
  "Prints what a table costs over a period, line by line, from ddbsim's price\n"
  "catalog (data/pricing/). Give capacity with --rcu and --wcu (provisioned), or a\n"
  "workload with --reads-per-second, --writes-per-second and --item-bytes (either\n"
  "mode). Provisioned capacity is billed per unit-hour whether used or not; on-demand\n"
  "per request unit consumed. Storage is billed per GB-month, prorated by hours / 730,\n"
  "with 100 bytes of overhead per item when --items is given.";

static const char description[] =
  "Examples:\n"
  "  ddbsim-cli calc cost --mode provisioned --rcu 100 --wcu 100 --hours 720\n"
  "  ddbsim-cli calc cost --mode on-demand --writes-per-second 1000 --item-bytes 1024\n"
  "  ddbsim-cli calc cost --mode provisioned --reads-per-second 80 --item-bytes 3072 \\\n"
  "      --consistency strong --storage-gb 100 --free-tier --format text\n"
  "\n"
  "Prices marked unverified come from secondary sources; see the price sheet.";

/* Reports a usage error for a non-finite or negative number option. */
static gboolean
check_amount (const char *option,
              double      value,
              int        *status)
{
  if (!isfinite (value) || value < 0)
    {
      *status = ddb_cli_input_error ("calc cost", "%s must be a number of at least 0", option);
      return FALSE;
    }

  return TRUE;
}

/* Fills in @usage's capacity from the options.  Returns FALSE with *status set. */
static gboolean
fill_capacity (const CostOptions *options,
               DdbUsage          *usage,
               int               *status)
{
  const char *command = "calc cost";
  gboolean direct = options->rcu != G_MININT64 || options->wcu != G_MININT64;
  gboolean workload = options->reads_per_second >= 0 || options->writes_per_second >= 0 ||
                      options->item_bytes != G_MININT64;
  DdbReadConsistency consistency = DDB_READ_EVENTUAL;
  double read_units_per_second;
  double write_units_per_second;

  if (direct && workload)
    {
      *status = ddb_cli_usage_error (command, "give either --rcu/--wcu or a workload "
                                              "(--reads-per-second, --writes-per-second, "
                                              "--item-bytes), not both");
      return FALSE;
    }

  if (direct)
    {
      if (usage->billing_mode == DDB_BILLING_ON_DEMAND)
        {
          *status = ddb_cli_usage_error (command, "--rcu and --wcu are provisioned capacity; "
                                                  "for on-demand give a workload");
          return FALSE;
        }
      if (options->rcu == G_MININT64 || options->wcu == G_MININT64)
        {
          *status = ddb_cli_usage_error (command, "give both --rcu and --wcu");
          return FALSE;
        }
      if (options->rcu < 1 || options->wcu < 1)
        {
          *status = ddb_cli_input_error (command, "--rcu and --wcu must be at least 1 "
                                                  "(DynamoDB's minimum provisioned throughput)");
          return FALSE;
        }
      usage->rcu = options->rcu;
      usage->wcu = options->wcu;
      return TRUE;
    }

  if (!workload)
    {
      *status = ddb_cli_usage_error (command, "give --rcu and --wcu, or a workload with "
                                              "--reads-per-second, --writes-per-second and "
                                              "--item-bytes");
      return FALSE;
    }
  if (options->item_bytes == G_MININT64)
    {
      *status = ddb_cli_usage_error (command, "a workload needs --item-bytes");
      return FALSE;
    }
  if (options->item_bytes < 1 || options->item_bytes > DDB_ITEM_MAX_BYTES)
    {
      *status = ddb_cli_input_error (command, "--item-bytes must be between 1 and %d",
                                     DDB_ITEM_MAX_BYTES);
      return FALSE;
    }
  if (options->consistency != NULL &&
      !ddb_read_consistency_from_string (options->consistency, &consistency))
    {
      *status = ddb_cli_usage_error (command, "--consistency must be eventual, strong or "
                                              "transactional, not '%s'", options->consistency);
      return FALSE;
    }
  if (!isfinite (options->reads_per_second) || !isfinite (options->writes_per_second))
    {
      *status = ddb_cli_input_error (command, "rates must be finite numbers");
      return FALSE;
    }

  read_units_per_second = MAX (options->reads_per_second, 0) *
                          ddb_read_units (options->item_bytes, consistency);
  write_units_per_second = MAX (options->writes_per_second, 0) *
                           ddb_write_units (options->item_bytes, DDB_WRITE_STANDARD);

  if (usage->billing_mode == DDB_BILLING_PROVISIONED)
    {
      /* Whole units, and DynamoDB's minimum of 1 each. */
      usage->rcu = MAX (1, ceil (read_units_per_second));
      usage->wcu = MAX (1, ceil (write_units_per_second));
    }
  else
    {
      usage->read_request_units = read_units_per_second * 3600.0 * usage->hours;
      usage->write_request_units = write_units_per_second * 3600.0 * usage->hours;
    }

  return TRUE;
}

static DdbPriceSet *
lookup_prices (const CostOptions *options,
               int               *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbPriceCatalog) catalog = NULL;
  DdbPriceSet *set;

  catalog = ddb_price_catalog_new_for_region (options->region != NULL ? options->region
                                                                      : "us-east-1",
                                              &error);
  if (catalog == NULL)
    {
      g_auto(GStrv) regions = ddb_price_catalog_list_regions ();
      g_autofree char *known = g_strjoinv (", ", regions);

      *status = ddb_cli_input_error ("calc cost", "%s (regions with a price sheet: %s)",
                                     error->message, known);
      return NULL;
    }

  if (options->on == NULL)
    /* The newest price set, so that the default output never depends on today's date. */
    set = ddb_price_catalog_get_set (catalog, ddb_price_catalog_get_n_sets (catalog) - 1);
  else
    set = ddb_price_catalog_lookup_set (catalog, options->on, &error);

  if (set == NULL)
    {
      *status = ddb_cli_input_error ("calc cost", "--on: %s", error->message);
      return NULL;
    }

  return ddb_price_set_ref (set);
}

static void
print_bill (DdbBill           *bill,
            DdbPriceSet       *prices,
            const DdbUsage    *usage,
            DdbCliFormat       format)
{
  g_autoptr(DdbCliReport) report = ddb_cli_report_new ();
  g_autoptr(DdbBill) monthly = ddb_bill_dup_monthly (bill);
  static const char *keys[] = { "item", "quantity", "unit", "unit_price_usd", "usd", "verified" };
  static const char *titles[] = { "item", "quantity", "unit", "unit price", "usd", "verified" };
  static const DdbCliCellKind kinds[] = { DDB_CLI_CELL_TEXT, DDB_CLI_CELL_DECIMAL,
                                          DDB_CLI_CELL_TEXT, DDB_CLI_CELL_PRICE,
                                          DDB_CLI_CELL_MONEY, DDB_CLI_CELL_BOOL };
  const char *from = ddb_price_set_get_effective_from (prices);
  const char *until = ddb_price_set_get_effective_until (prices);
  g_autofree char *in_force = NULL;

  ddb_cli_report_add_money (report, "total_usd", ddb_bill_get_total_usd (bill));
  ddb_cli_report_add_money (report, "monthly_usd", ddb_bill_get_total_usd (monthly));
  ddb_cli_report_add_decimal (report, "hours", usage->hours);
  ddb_cli_report_add_text (report, "mode", usage->billing_mode == DDB_BILLING_PROVISIONED
                                           ? "provisioned" : "on-demand");
  if (usage->billing_mode == DDB_BILLING_PROVISIONED)
    {
      ddb_cli_report_add_decimal (report, "rcu", usage->rcu);
      ddb_cli_report_add_decimal (report, "wcu", usage->wcu);
    }
  else
    {
      ddb_cli_report_add_decimal (report, "read_request_units", usage->read_request_units);
      ddb_cli_report_add_decimal (report, "write_request_units", usage->write_request_units);
    }
  ddb_cli_report_add_text (report, "region", ddb_price_set_get_region (prices));
  /* A price set runs from a date (inclusive) until a date (exclusive); the first has no
   * start and the newest no end. */
  if (from != NULL && until != NULL)
    in_force = g_strdup_printf ("from %s until %s", from, until);
  else if (from != NULL)
    in_force = g_strdup_printf ("from %s", from);
  else
    in_force = g_strdup_printf ("before %s", until != NULL ? until : "");
  ddb_cli_report_add_text (report, "prices_in_force", in_force);
  ddb_cli_report_add_bool (report, "all_prices_verified", ddb_bill_get_verified (bill));

  ddb_cli_report_begin_table (report, "lines", keys, titles, kinds, G_N_ELEMENTS (keys));
  for (guint i = 0; i < ddb_bill_get_n_lines (bill); i++)
    {
      const DdbBillLine *line = ddb_bill_get_line (bill, i);

      ddb_cli_report_add_row (report, line->label, line->quantity, line->unit,
                              line->unit_price_usd, line->usd, line->verified);
    }
  ddb_cli_report_end_table (report);

  if (!ddb_bill_get_verified (bill))
    ddb_cli_report_add_note (report, "Lines with verified = false use prices from secondary "
                                     "sources or derived from them; see data/pricing/.");
  if (usage->hours != DDB_COST_HOURS_PER_MONTH)
    ddb_cli_report_add_note (report, "monthly_usd projects the total to a 730-hour month.");

  ddb_cli_report_print (report, format);
}

/* `ddbsim-cli calc cost ...`; @argv[0] is "cost". */
int
ddb_cli_calc_cost (int    argc,
                   char **argv)
{
  g_auto(CostOptions) options = {
    .rcu = G_MININT64, .wcu = G_MININT64, .item_bytes = G_MININT64,
    .reads_per_second = -1, .writes_per_second = -1, .items = 0,
    .hours = DDB_COST_HOURS_PER_MONTH,
  };
  GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &options.mode,
      "provisioned or on-demand (required)", "MODE" },
    { "rcu", 0, 0, G_OPTION_ARG_INT64, &options.rcu, "Provisioned read capacity units", "N" },
    { "wcu", 0, 0, G_OPTION_ARG_INT64, &options.wcu, "Provisioned write capacity units", "N" },
    { "reads-per-second", 0, 0, G_OPTION_ARG_DOUBLE, &options.reads_per_second,
      "Workload: reads per second", "R" },
    { "writes-per-second", 0, 0, G_OPTION_ARG_DOUBLE, &options.writes_per_second,
      "Workload: writes per second", "W" },
    { "item-bytes", 'b', 0, G_OPTION_ARG_INT64, &options.item_bytes,
      "Workload: item size in bytes", "B" },
    { "consistency", 'c', 0, G_OPTION_ARG_STRING, &options.consistency,
      "Workload reads: eventual (default), strong or transactional", "MODE" },
    { "storage-gb", 's', 0, G_OPTION_ARG_DOUBLE, &options.storage_gb,
      "Table data in GB (1 GB = 2^30 bytes)", "G" },
    { "items", 0, 0, G_OPTION_ARG_INT64, &options.items,
      "Item count, for the 100-byte per-item storage overhead", "N" },
    { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &options.hours, "Length of the period (default 730)",
      "H" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options.region, "Price sheet (default us-east-1)",
      "REGION" },
    { "on", 0, 0, G_OPTION_ARG_STRING, &options.on,
      "Prices in force on this date (default: the newest prices)", "YYYY-MM-DD" },
    { "table-class", 0, 0, G_OPTION_ARG_STRING, &options.table_class,
      "standard (default) or standard-ia", "CLASS" },
    { "free-tier", 0, 0, G_OPTION_ARG_NONE, &options.free_tier,
      "Apply the always-free tier (Standard class)", NULL },
    { "pitr-gb", 0, 0, G_OPTION_ARG_DOUBLE, &options.pitr_gb,
      "Table size under point-in-time recovery, in GB", "G" },
    { "backup-gb", 0, 0, G_OPTION_ARG_DOUBLE, &options.backup_gb,
      "On-demand backups held, in GB", "G" },
    { "stream-reads", 0, 0, G_OPTION_ARG_DOUBLE, &options.stream_reads,
      "DynamoDB Streams read requests in the period", "N" },
    { NULL },
  };
  DdbCliFormat format;
  DdbUsage usage = { 0 };
  g_autoptr(DdbPriceSet) prices = NULL;
  g_autoptr(DdbBill) bill = NULL;
  int status;

  status = ddb_cli_calc_parse ("calc cost", "", summary, description, entries, 0, &argc, &argv,
                               &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  if (options.mode == NULL)
    return ddb_cli_usage_error ("calc cost", "--mode is required");
  if (strcmp (options.mode, "provisioned") == 0)
    usage.billing_mode = DDB_BILLING_PROVISIONED;
  else if (strcmp (options.mode, "on-demand") == 0)
    usage.billing_mode = DDB_BILLING_ON_DEMAND;
  else
    return ddb_cli_usage_error ("calc cost", "--mode must be provisioned or on-demand, not '%s'",
                                options.mode);

  if (options.table_class == NULL || strcmp (options.table_class, "standard") == 0)
    usage.table_class = DDB_TABLE_CLASS_STANDARD;
  else if (strcmp (options.table_class, "standard-ia") == 0)
    usage.table_class = DDB_TABLE_CLASS_STANDARD_IA;
  else
    return ddb_cli_usage_error ("calc cost", "--table-class must be standard or standard-ia, "
                                             "not '%s'", options.table_class);

  if (!isfinite (options.hours) || options.hours <= 0 || options.hours > 24 * 366 * 10)
    return ddb_cli_input_error ("calc cost", "--hours must be more than 0 and at most 87840");
  if (!check_amount ("--storage-gb", options.storage_gb, &status) ||
      !check_amount ("--pitr-gb", options.pitr_gb, &status) ||
      !check_amount ("--backup-gb", options.backup_gb, &status) ||
      !check_amount ("--stream-reads", options.stream_reads, &status))
    return status;
  if (options.storage_gb > 1e9)
    return ddb_cli_input_error ("calc cost", "--storage-gb must be at most 1000000000");
  if (options.items < 0)
    return ddb_cli_input_error ("calc cost", "--items must be at least 0");

  usage.hours = options.hours;
  usage.free_tier = options.free_tier;
  usage.storage_bytes = (guint64)llround (options.storage_gb * DDB_COST_BYTES_PER_GB);
  usage.item_count = options.items;
  usage.pitr_gb = options.pitr_gb;
  usage.backup_gb = options.backup_gb;
  usage.stream_read_requests = options.stream_reads;

  if (!fill_capacity (&options, &usage, &status))
    return status;

  prices = lookup_prices (&options, &status);
  if (prices == NULL)
    return status;

  bill = ddb_cost_estimate (prices, &usage);
  print_bill (bill, prices, &usage, format);

  return DDB_CLI_EXIT_OK;
}
