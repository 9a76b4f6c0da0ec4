/* test-model-cost.c
 *
 * Tests for ddb-cost.c against the rulebook's cost vectors TV-37 to TV-45 and the
 * break-even of section 8.6 (docs/dynamodb-rules.md), plus free tier caps, proration,
 * line merging (per price and per table or GSI), account credits, reserved capacity and
 * the monthly projection.  Money is compared to 1e-9.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-cost.h"
#include "ddb-model-error.h"

#include <math.h>
#include <string.h>

#define EPS 1e-9
#define GB  ((guint64)1 << 30)

/* The set in force on @date; it outlives the catalog. */
static DdbPriceSet *
prices_on (const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbPriceCatalog) catalog = ddb_price_catalog_new_for_region ("us-east-1", &error);
  DdbPriceSet *set;

  g_assert_no_error (error);
  set = ddb_price_catalog_lookup_set (catalog, date, &error);
  g_assert_no_error (error);

  return ddb_price_set_ref (set);
}

static DdbPriceSet *
current_prices (void)
{
  return prices_on ("2025-06-01");
}

static DdbPriceSet *
precut_prices (void)
{
  return prices_on ("2024-10-31");
}

/* The only line for @item (charge or credit), failing if there is not exactly one. */
static const DdbBillLine *
find_line (DdbBill      *bill,
           DdbPriceItem  item,
           gboolean      credit)
{
  const DdbBillLine *found = NULL;

  for (guint i = 0; i < ddb_bill_get_n_lines (bill); i++)
    {
      const DdbBillLine *line = ddb_bill_get_line (bill, i);

      if (line->item == item && line->free_tier == credit)
        {
          g_assert_null (found);
          found = line;
        }
    }
  g_assert_nonnull (found);

  return found;
}

static void
test_tv37 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (720);
  const DdbBillLine *wcu;
  const DdbBillLine *rcu;
  double usd;

  g_test_summary ("TV-37: 100 RCU + 100 WCU for 720 h cost $46.80 + $9.36 = $56.16");

  usd = ddb_cost_add_provisioned (bill, prices, DDB_TABLE_CLASS_STANDARD, 100, 100, 720, FALSE);
  g_assert_cmpfloat_with_epsilon (usd, 56.16, EPS);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 2);

  wcu = find_line (bill, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE);
  g_assert_cmpstr (wcu->label, ==, "Provisioned write capacity");
  g_assert_cmpfloat (wcu->quantity, ==, 72000);
  g_assert_cmpstr (wcu->unit, ==, "WCU-hour");
  g_assert_cmpfloat (wcu->unit_price_usd, ==, 0.00065);
  g_assert_cmpfloat_with_epsilon (wcu->usd, 46.80, EPS);
  g_assert_true (wcu->verified);
  g_assert_true (wcu->recurring);
  g_assert_cmpstr (wcu->as_of, ==, "2026-07-30");
  g_assert_nonnull (strstr (wcu->source, "[MESHQL]"));

  rcu = find_line (bill, DDB_PRICE_PROVISIONED_RCU_HOUR, FALSE);
  g_assert_cmpfloat (rcu->quantity, ==, 72000);
  g_assert_cmpfloat_with_epsilon (rcu->usd, 9.36, EPS);
  g_assert_cmpfloat (rcu->usd, ==, 72000 * 0.00013);

  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 56.16, EPS);
  g_assert_true (ddb_bill_get_verified (bill));
}

static void
test_tv38 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (730);

  g_test_summary ("TV-38: 1,000 WCU + 10,000 RCU for 730 h cost $474.50 + $949.00");

  ddb_cost_add_provisioned (bill, prices, DDB_TABLE_CLASS_STANDARD, 10000, 1000, 730, FALSE);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE)->usd,
                                  474.50, EPS);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_PROVISIONED_RCU_HOUR, FALSE)->usd,
                                  949.00, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 1423.50, EPS);
}

static void
test_tv39 (void)
{
  g_autoptr(DdbPriceSet) cur = current_prices ();
  g_autoptr(DdbPriceSet) old = precut_prices ();
  g_autoptr(DdbBill) after = ddb_bill_new (730);
  g_autoptr(DdbBill) before = ddb_bill_new (730);
  double wru = 1000.0 * 3600 * 730;

  g_test_summary ("TV-39: 1,000 writes/s for 730 h = 2.628 B WRU cost $1,642.50 from "
                  "Nov 2024, $3,285.00 before");

  g_assert_cmpfloat (wru, ==, 2.628e9);
  ddb_cost_add_on_demand (after, cur, DDB_TABLE_CLASS_STANDARD, 0, wru);
  ddb_cost_add_on_demand (before, old, DDB_TABLE_CLASS_STANDARD, 0, wru);
  g_assert_cmpuint (ddb_bill_get_n_lines (after), ==, 1);
  g_assert_cmpstr (find_line (after, DDB_PRICE_ON_DEMAND_WRU, FALSE)->unit, ==, "WRU");
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (after), 1642.50, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (before), 3285.00, EPS);
}

static void
test_tv40 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) eventual = ddb_bill_new (730);
  g_autoptr(DdbBill) strong = ddb_bill_new (730);

  g_test_summary ("TV-40: 10,000 EC reads/s for 730 h = 13.14 B RRU cost $1,642.50; "
                  "strongly consistent 26.28 B RRU $3,285.00");

  ddb_cost_add_on_demand (eventual, prices, DDB_TABLE_CLASS_STANDARD,
                          10000.0 * 3600 * 730 * 0.5, 0);
  ddb_cost_add_on_demand (strong, prices, DDB_TABLE_CLASS_STANDARD, 26.28e9, 0);
  g_assert_cmpfloat (find_line (eventual, DDB_PRICE_ON_DEMAND_RRU, FALSE)->quantity, ==, 13.14e9);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (eventual), 1642.50, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (strong), 3285.00, EPS);
}

static void
test_tv41 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) standard = ddb_bill_new (730);
  g_autoptr(DdbBill) ia = ddb_bill_new (730);
  const DdbBillLine *credit;

  g_test_summary ("TV-41: 100 GB for a month cost $18.75 in Standard (25 GB free), $10.00 in "
                  "Standard-IA (no free tier)");

  ddb_cost_add_storage (standard, prices, DDB_TABLE_CLASS_STANDARD, 100 * GB, 0, 730, TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (standard), ==, 2);
  g_assert_cmpfloat_with_epsilon (find_line (standard, DDB_PRICE_STORAGE_GB_MONTH, FALSE)->usd,
                                  25.00, EPS);
  credit = find_line (standard, DDB_PRICE_STORAGE_GB_MONTH, TRUE);
  g_assert_cmpstr (credit->label, ==, "Free tier: Table storage");
  g_assert_cmpfloat_with_epsilon (credit->quantity, -25.0, EPS);
  g_assert_cmpfloat_with_epsilon (credit->usd, -6.25, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (standard), 18.75, EPS);

  ddb_cost_add_storage (ia, prices, DDB_TABLE_CLASS_STANDARD_IA, 100 * GB, 0, 730, TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (ia), ==, 1);
  g_assert_cmpstr (ddb_bill_get_line (ia, 0)->label, ==, "Table storage (Standard-IA)");
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (ia), 10.00, EPS);
  g_assert_false (ddb_bill_get_verified (ia));
}

static void
test_tv42 (void)
{
  g_autoptr(DdbPriceSet) cur = current_prices ();
  g_autoptr(DdbPriceSet) old = precut_prices ();
  g_autoptr(DdbBill) after = ddb_bill_new (730);
  g_autoptr(DdbBill) before = ddb_bill_new (730);

  g_test_summary ("TV-42: 10 M writes/month to a 3-Region on-demand global table = 30 M rWRU, "
                  "$18.75 from Nov 2024 and $56.25 (unverified) before");

  ddb_cost_add_replicated_on_demand (after, cur, DDB_TABLE_CLASS_STANDARD, 3 * 10e6);
  ddb_cost_add_replicated_on_demand (before, old, DDB_TABLE_CLASS_STANDARD, 3 * 10e6);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (after), 18.75, EPS);
  g_assert_true (ddb_bill_get_verified (after));
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (before), 56.25, EPS);
  g_assert_false (ddb_bill_get_verified (before));
  g_assert_cmpstr (find_line (before, DDB_PRICE_REPLICATED_WRU, FALSE)->unit, ==, "rWRU");
}

static void
test_replicated_provisioned (void)
{
  g_autoptr(DdbPriceSet) cur = current_prices ();
  g_autoptr(DdbPriceSet) old = precut_prices ();
  g_autoptr(DdbBill) after = ddb_bill_new (730);
  g_autoptr(DdbBill) before = ddb_bill_new (730);

  g_test_summary ("TV-36's 20 rWCU per Region for a month: rWCU priced as WCU from Nov 2024, "
                  "$0.000975 (unverified) before");

  ddb_cost_add_replicated_provisioned (after, cur, DDB_TABLE_CLASS_STANDARD, 20, 730);
  ddb_cost_add_replicated_provisioned (before, old, DDB_TABLE_CLASS_STANDARD, 20, 730);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (after), 14600 * 0.00065, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (before), 14600 * 0.000975, EPS);
  g_assert_false (ddb_bill_get_verified (before));
}

static void
test_tv43 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (730);

  g_test_summary ("TV-43: 10 M Streams reads in a month cost (10 M - 2.5 M) x $0.02/100k = $1.50");

  ddb_cost_add_stream_reads (bill, prices, DDB_TABLE_CLASS_STANDARD, 10e6, 730, TRUE);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_STREAM_RRU, FALSE)->usd, 2.00, EPS);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_STREAM_RRU, TRUE)->quantity,
                                  -2.5e6, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 1.50, EPS);
}

static void
test_tv44 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (730);

  g_test_summary ("TV-44: PITR on 100 GB $20.00; 100 GB of backups $10.00; restoring 50 GB "
                  "$7.50");

  g_assert_cmpfloat_with_epsilon (ddb_cost_add_pitr (bill, prices, 100, 730), 20.00, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_cost_add_backup (bill, prices, 100, 730), 10.00, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_cost_add_restore (bill, prices, 50), 7.50, EPS);
  g_assert_false (find_line (bill, DDB_PRICE_RESTORE_GB, FALSE)->recurring);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 37.50, EPS);
  g_assert_true (ddb_bill_get_verified (bill));
}

static void
test_tv45 (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (720);
  const DdbBillLine *wcu_credit;
  const DdbBillLine *rcu_credit;

  g_test_summary ("TV-45: the free tier's 25 WCU + 25 RCU for 720 h are worth $14.04");

  ddb_cost_add_provisioned (bill, prices, DDB_TABLE_CLASS_STANDARD, 25, 25, 720, TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 4);
  wcu_credit = find_line (bill, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE);
  rcu_credit = find_line (bill, DDB_PRICE_PROVISIONED_RCU_HOUR, TRUE);
  g_assert_cmpstr (wcu_credit->label, ==, "Free tier: Provisioned write capacity");
  g_assert_cmpfloat (wcu_credit->quantity, ==, -18000);
  g_assert_cmpfloat_with_epsilon (-(wcu_credit->usd + rcu_credit->usd), 14.04, EPS);
  g_assert_cmpfloat (ddb_bill_get_total_usd (bill), ==, 0.0);
}

static void
test_break_even (void)
{
  g_autoptr(DdbPriceSet) cur = current_prices ();
  g_autoptr(DdbPriceSet) old = precut_prices ();
  double writes = ddb_cost_break_even_utilisation (cur, DDB_TABLE_CLASS_STANDARD,
                                                   DDB_COST_WRITES);
  double reads = ddb_cost_break_even_utilisation (cur, DDB_TABLE_CLASS_STANDARD,
                                                  DDB_COST_READS);
  double precut = ddb_cost_break_even_utilisation (old, DDB_TABLE_CLASS_STANDARD,
                                                   DDB_COST_WRITES);

  g_test_summary ("8.6: provisioned beats on-demand above 28.9 % utilisation "
                  "(0.00065 / 0.00225), 14.4 % before Nov 2024; same for reads");

  g_assert_cmpfloat_with_epsilon (writes, 0.00065 / 0.00225, EPS);
  g_assert_cmpfloat_with_epsilon (reads, writes, EPS);
  g_assert_cmpfloat (round (writes * 1000) / 10, ==, 28.9);
  g_assert_cmpfloat_with_epsilon (precut, 0.00065 / 0.0045, EPS);
  g_assert_cmpfloat (round (precut * 1000) / 10, ==, 14.4);
  g_assert_cmpfloat (round (ddb_cost_break_even_utilisation (old, DDB_TABLE_CLASS_STANDARD,
                                                             DDB_COST_READS) * 1000) / 10,
                     ==, 14.4);
}

static void
test_free_tier_caps (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) small = ddb_bill_new (100);
  g_autoptr(DdbBill) large = ddb_bill_new (100);

  g_test_summary ("Usage below an allowance nets to zero, never below; above it, the credit "
                  "is the allowance");

  ddb_cost_add_provisioned (small, prices, DDB_TABLE_CLASS_STANDARD, 5, 10, 100, TRUE);
  ddb_cost_add_storage (small, prices, DDB_TABLE_CLASS_STANDARD, 1 * GB, 0, 100, TRUE);
  ddb_cost_add_stream_reads (small, prices, DDB_TABLE_CLASS_STANDARD, 1000, 100, TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (small), ==, 8);
  for (guint i = 0; i < ddb_bill_get_n_lines (small); i++)
    {
      const DdbBillLine *line = ddb_bill_get_line (small, i);

      if (line->free_tier)
        g_assert_cmpfloat (line->usd, ==, -find_line (small, line->item, FALSE)->usd);
    }
  g_assert_cmpfloat (ddb_bill_get_total_usd (small), ==, 0.0);

  ddb_cost_add_provisioned (large, prices, DDB_TABLE_CLASS_STANDARD, 40, 30, 100, TRUE);
  g_assert_cmpfloat (find_line (large, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE)->quantity, ==,
                     -2500);
  g_assert_cmpfloat (find_line (large, DDB_PRICE_PROVISIONED_RCU_HOUR, TRUE)->quantity, ==,
                     -2500);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (large),
                                  500 * 0.00065 + 1500 * 0.00013, EPS);
}

static void
test_free_tier_scope (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) on_demand = ddb_bill_new (730);
  g_autoptr(DdbBill) ia = ddb_bill_new (730);
  g_autoptr(DdbBill) off = ddb_bill_new (730);

  g_test_summary ("No credits for on-demand request units, replicated writes, backups, "
                  "Standard-IA tables, or without the free tier flag");

  ddb_cost_add_on_demand (on_demand, prices, DDB_TABLE_CLASS_STANDARD, 1000, 1000);
  ddb_cost_add_replicated_provisioned (on_demand, prices, DDB_TABLE_CLASS_STANDARD, 10, 730);
  ddb_cost_add_pitr (on_demand, prices, 10, 730);
  ddb_cost_add_provisioned (ia, prices, DDB_TABLE_CLASS_STANDARD_IA, 10, 10, 730, TRUE);
  ddb_cost_add_stream_reads (ia, prices, DDB_TABLE_CLASS_STANDARD_IA, 1000, 730, TRUE);
  ddb_cost_add_provisioned (off, prices, DDB_TABLE_CLASS_STANDARD, 10, 10, 730, FALSE);
  ddb_cost_add_storage (off, prices, DDB_TABLE_CLASS_STANDARD, GB, 0, 730, FALSE);

  for (guint i = 0; i < ddb_bill_get_n_lines (on_demand); i++)
    g_assert_false (ddb_bill_get_line (on_demand, i)->free_tier);
  for (guint i = 0; i < ddb_bill_get_n_lines (ia); i++)
    g_assert_false (ddb_bill_get_line (ia, i)->free_tier);
  for (guint i = 0; i < ddb_bill_get_n_lines (off); i++)
    g_assert_false (ddb_bill_get_line (off, i)->free_tier);
  g_assert_cmpuint (ddb_bill_get_n_lines (on_demand), ==, 4);
  g_assert_cmpuint (ddb_bill_get_n_lines (ia), ==, 3);
  g_assert_cmpuint (ddb_bill_get_n_lines (off), ==, 3);
}

static void
test_storage_proration (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) half = ddb_bill_new (365);
  g_autoptr(DdbBill) half_free = ddb_bill_new (365);

  g_test_summary ("Storage held 365 h is half a GB-month per GB, and so is the free allowance");

  ddb_cost_add_storage (half, prices, DDB_TABLE_CLASS_STANDARD, 100 * GB, 0, 365, FALSE);
  g_assert_cmpfloat (find_line (half, DDB_PRICE_STORAGE_GB_MONTH, FALSE)->quantity, ==, 50.0);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (half), 12.50, EPS);

  ddb_cost_add_storage (half_free, prices, DDB_TABLE_CLASS_STANDARD, 100 * GB, 0, 365, TRUE);
  g_assert_cmpfloat_with_epsilon (find_line (half_free, DDB_PRICE_STORAGE_GB_MONTH, TRUE)->quantity,
                                  -12.5, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (half_free), 12.50 - 3.125, EPS);
}

static void
test_storage_overhead (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (730);
  g_autoptr(DdbBill) none = ddb_bill_new (730);

  g_test_summary ("Each item adds 100 bytes: 24 bytes of data in 10,737,418 items bill as "
                  "exactly 1 GB");

  ddb_cost_add_storage (bill, prices, DDB_TABLE_CLASS_STANDARD, 24, 10737418, 730, FALSE);
  g_assert_cmpfloat (find_line (bill, DDB_PRICE_STORAGE_GB_MONTH, FALSE)->quantity, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 0.25, EPS);

  ddb_cost_add_storage (none, prices, DDB_TABLE_CLASS_STANDARD, 0, 0, 730, TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (none), ==, 0);
}

static void
test_merge (void)
{
  g_autoptr(DdbPriceSet) cur = current_prices ();
  g_autoptr(DdbPriceSet) old = precut_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (0);

  g_test_summary ("A meter's interval-by-interval calls merge into one line per price; a "
                  "different price (other set or class) gets its own line");

  for (guint i = 0; i < 720; i++)
    {
      ddb_cost_add_provisioned (bill, cur, DDB_TABLE_CLASS_STANDARD, 100, 100, 1, FALSE);
      ddb_bill_add_hours (bill, 1);
    }
  g_assert_cmpfloat (ddb_bill_get_hours (bill), ==, 720);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 2);
  g_assert_cmpfloat (find_line (bill, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE)->quantity, ==, 72000);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 56.16, EPS);

  ddb_cost_add_on_demand (bill, old, DDB_TABLE_CLASS_STANDARD, 0, 1e6);
  ddb_cost_add_on_demand (bill, cur, DDB_TABLE_CLASS_STANDARD, 0, 1e6);
  ddb_cost_add_on_demand (bill, cur, DDB_TABLE_CLASS_STANDARD_IA, 0, 1e6);
  ddb_cost_add_on_demand (bill, cur, DDB_TABLE_CLASS_STANDARD, 0, 1e6);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 5);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill),
                                  56.16 + 1.25 + 2 * 0.625 + 0.78125, EPS);
}

static void
test_merge_resources (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) account = ddb_bill_new (10);
  g_autoptr(DdbBill) table = ddb_bill_new (0);
  g_autoptr(DdbBill) index = ddb_bill_new (0);
  g_autoptr(DdbBill) month = NULL;
  const DdbBillLine *line;

  g_test_summary ("Merged bills keep the table and GSI their lines are for and add into the "
                  "same resource's lines; an account credit names no table; the monthly "
                  "projection keeps the names");

  /* Table 10 RCU + 10 WCU for 10 h, merged twice: 200 unit-hours each; GSI 5 + 5: 50. */
  ddb_cost_add_provisioned (table, prices, DDB_TABLE_CLASS_STANDARD, 10, 10, 10, FALSE);
  ddb_cost_add_provisioned (index, prices, DDB_TABLE_CLASS_STANDARD, 5, 5, 10, FALSE);
  ddb_bill_merge (account, table, "orders", NULL);
  ddb_bill_merge (account, index, "orders", "by_owner");
  ddb_bill_merge (account, table, "orders", NULL);
  g_assert_cmpuint (ddb_bill_get_n_lines (account), ==, 4);
  g_assert_cmpfloat (ddb_bill_get_hours (account), ==, 10);
  line = ddb_bill_get_line (account, 0);
  g_assert_cmpstr (line->table_name, ==, "orders");
  g_assert_null (line->index_name);
  g_assert_cmpfloat (line->quantity, ==, 200);
  line = ddb_bill_get_line (account, 2);
  g_assert_cmpstr (line->index_name, ==, "by_owner");
  g_assert_cmpfloat (line->quantity, ==, 50);

  /* 250 free WCU-hours x $0.00065 = -$0.1625; nothing for Standard-IA (no free tier). */
  g_assert_cmpfloat_with_epsilon (ddb_cost_add_free_tier_credit (account, prices,
                                                                 DDB_TABLE_CLASS_STANDARD,
                                                                 DDB_PRICE_PROVISIONED_WCU_HOUR,
                                                                 250), -0.1625, EPS);
  g_assert_cmpfloat (ddb_cost_add_free_tier_credit (account, prices, DDB_TABLE_CLASS_STANDARD_IA,
                                                    DDB_PRICE_PROVISIONED_WCU_HOUR, 250), ==, 0);
  line = find_line (account, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE);
  g_assert_null (line->table_name);
  g_assert_cmpfloat (line->quantity, ==, -250);
  /* 250 x $0.00078 - $0.1625 */
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (account), 0.195 - 0.1625, EPS);

  month = ddb_bill_dup_monthly (account);
  line = ddb_bill_get_line (month, 2);
  g_assert_cmpstr (line->table_name, ==, "orders");
  g_assert_cmpstr (line->index_name, ==, "by_owner");
  g_assert_cmpfloat_with_epsilon (line->quantity, 50 * 73.0, EPS);
}

static void
test_reserved (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) bill = ddb_bill_new (730);
  g_autoptr(GError) error = NULL;
  double wcu_1y = ddb_cost_reserved_effective_hourly (prices, DDB_RESERVED_1_YEAR,
                                                      DDB_COST_WRITES);
  double wcu_3y = ddb_cost_reserved_effective_hourly (prices, DDB_RESERVED_3_YEARS,
                                                      DDB_COST_WRITES);
  double rcu_1y = ddb_cost_reserved_effective_hourly (prices, DDB_RESERVED_1_YEAR,
                                                      DDB_COST_READS);
  double rcu_3y = ddb_cost_reserved_effective_hourly (prices, DDB_RESERVED_3_YEARS,
                                                      DDB_COST_READS);

  g_test_summary ("8.4: reserved capacity costs $0.02992 (1 year) and $0.01495 (3 years) per "
                  "100 WCU-hour, saving ~54 % and ~77 %; Standard-IA is not eligible");

  g_assert_cmpfloat_with_epsilon (wcu_1y, 0.0128 + 150.0 / 8760, EPS);
  g_assert_cmpfloat_with_epsilon (wcu_1y, 0.02992, 5e-6);
  g_assert_cmpfloat_with_epsilon (wcu_3y, 0.01495, 5e-6);
  g_assert_cmpfloat (round (100 * (1 - wcu_1y / (100 * 0.00065))), ==, 54);
  g_assert_cmpfloat (round (100 * (1 - wcu_3y / (100 * 0.00065))), ==, 77);
  g_assert_cmpfloat (round (100 * (1 - rcu_1y / (100 * 0.00013))), ==, 54);
  g_assert_cmpfloat (round (100 * (1 - rcu_3y / (100 * 0.00013))), ==, 77);

  g_assert_true (ddb_cost_add_reserved (bill, prices, DDB_TABLE_CLASS_STANDARD,
                                        DDB_RESERVED_1_YEAR, DDB_COST_WRITES, 12, 730, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 2);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_RESERVED_WCU_1Y_UPFRONT, FALSE)->usd,
                                  12 * 150 * 730 / 8760.0, EPS);
  g_assert_cmpfloat_with_epsilon (find_line (bill, DDB_PRICE_RESERVED_WCU_1Y_HOURLY, FALSE)->usd,
                                  8760 * 0.0128, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill), 12 * 730 * wcu_1y, EPS);
  g_assert_false (ddb_bill_get_verified (bill));

  g_assert_false (ddb_cost_add_reserved (bill, prices, DDB_TABLE_CLASS_STANDARD_IA,
                                         DDB_RESERVED_3_YEARS, DDB_COST_READS, 1, 730, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 2);
}

static void
test_monthly_projection (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  g_autoptr(DdbBill) hour = ddb_bill_new (1);
  g_autoptr(DdbBill) month = NULL;
  g_autoptr(DdbBill) tv37 = ddb_bill_new (720);
  g_autoptr(DdbBill) tv37_month = NULL;

  g_test_summary ("A bill projects to 730 h at the same rates; one-time restores stay as "
                  "they are");

  ddb_cost_add_provisioned (hour, prices, DDB_TABLE_CLASS_STANDARD, 0, 100, 1, FALSE);
  ddb_cost_add_restore (hour, prices, 50);
  month = ddb_bill_dup_monthly (hour);
  g_assert_cmpfloat (ddb_bill_get_hours (month), ==, 730);
  g_assert_cmpuint (ddb_bill_get_n_lines (month), ==, 2);
  g_assert_cmpfloat (find_line (month, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE)->quantity, ==,
                     73000);
  g_assert_cmpfloat_with_epsilon (find_line (month, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE)->usd,
                                  47.45, EPS);
  g_assert_cmpfloat_with_epsilon (find_line (month, DDB_PRICE_RESTORE_GB, FALSE)->usd, 7.50, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (month), 54.95, EPS);
  /* The original is untouched. */
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (hour), 0.065 + 7.50, EPS);

  ddb_cost_add_provisioned (tv37, prices, DDB_TABLE_CLASS_STANDARD, 100, 100, 720, FALSE);
  tv37_month = ddb_bill_dup_monthly (tv37);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (tv37_month), 73000 * 0.00078, EPS);
}

static void
test_projection_matches_month (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  DdbUsage usage = { 0 };
  g_autoptr(DdbBill) ten_hours = NULL;
  g_autoptr(DdbBill) projected = NULL;
  g_autoptr(DdbBill) month = NULL;

  g_test_summary ("With prorated allowances, projecting 10 h to a month equals billing the "
                  "month, free tier credits included");

  usage.billing_mode = DDB_BILLING_PROVISIONED;
  usage.table_class = DDB_TABLE_CLASS_STANDARD;
  usage.hours = 10;
  usage.rcu = 30;
  usage.wcu = 20;
  usage.storage_bytes = 40 * GB;
  usage.stream_read_requests = 50000;
  usage.free_tier = TRUE;
  ten_hours = ddb_cost_estimate (prices, &usage);
  projected = ddb_bill_dup_monthly (ten_hours);

  usage.hours = 730;
  usage.stream_read_requests = 50000 * 73;
  month = ddb_cost_estimate (prices, &usage);

  g_assert_cmpuint (ddb_bill_get_n_lines (projected), ==, ddb_bill_get_n_lines (month));
  for (guint i = 0; i < ddb_bill_get_n_lines (month); i++)
    g_assert_cmpfloat_with_epsilon (ddb_bill_get_line (projected, i)->usd,
                                    ddb_bill_get_line (month, i)->usd, EPS);
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (projected),
                                  ddb_bill_get_total_usd (month), EPS);
  /* 5 RCU + 0 WCU above the free tier, 15 GB above it, 1.15 M reads above it. */
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (month),
                                  5 * 730 * 0.00013 + 15 * 0.25 + 1.15e6 * 0.0000002, EPS);
}

static void
test_estimate (void)
{
  g_autoptr(DdbPriceSet) prices = current_prices ();
  DdbUsage usage = { 0 };
  g_autoptr(DdbBill) bill = NULL;
  const DdbBillLine *ttl;

  g_test_summary ("An on-demand estimate bills request units, rWRU, storage with overhead, "
                  "backups, Streams and a free TTL line; provisioned fields are ignored");

  usage.billing_mode = DDB_BILLING_ON_DEMAND;
  usage.table_class = DDB_TABLE_CLASS_STANDARD;
  usage.hours = 730;
  usage.rcu = 1000;   /* ignored: on-demand */
  usage.read_request_units = 13.14e9;
  usage.write_request_units = 2.628e9;
  usage.replicated_write_units = 30e6;
  usage.storage_bytes = 100 * GB;
  usage.pitr_gb = 100;
  usage.backup_gb = 100;
  usage.restore_gb = 50;
  usage.stream_read_requests = 10e6;
  usage.ttl_deletes = 1e6;
  usage.free_tier = TRUE;
  bill = ddb_cost_estimate (prices, &usage);

  g_assert_cmpfloat (ddb_bill_get_hours (bill), ==, 730);
  ttl = find_line (bill, DDB_PRICE_TTL_DELETE, FALSE);
  g_assert_cmpfloat (ttl->quantity, ==, 1e6);
  g_assert_cmpfloat (ttl->usd, ==, 0.0);
  g_assert_true (ttl->verified);
  /* TV-40 + TV-39 + TV-42 + TV-41 + TV-44 + TV-43 */
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_total_usd (bill),
                                  1642.50 + 1642.50 + 18.75 + 18.75 + 37.50 + 1.50, EPS);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 11);
  g_assert_true (ddb_bill_get_verified (bill));
}

static void
test_preconditions (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DdbPriceSet) prices = current_prices ();
      g_autoptr(DdbBill) bill = ddb_bill_new (1);

      ddb_cost_add_provisioned (bill, prices, DDB_TABLE_CLASS_STANDARD, 1, 1, -1, FALSE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*hours >= 0.0*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/cost/tv-37-provisioned", test_tv37);
  g_test_add_func ("/ddb/model/cost/tv-38-provisioned", test_tv38);
  g_test_add_func ("/ddb/model/cost/tv-39-on-demand-writes", test_tv39);
  g_test_add_func ("/ddb/model/cost/tv-40-on-demand-reads", test_tv40);
  g_test_add_func ("/ddb/model/cost/tv-41-storage", test_tv41);
  g_test_add_func ("/ddb/model/cost/tv-42-replicated-writes", test_tv42);
  g_test_add_func ("/ddb/model/cost/replicated-provisioned", test_replicated_provisioned);
  g_test_add_func ("/ddb/model/cost/tv-43-stream-reads", test_tv43);
  g_test_add_func ("/ddb/model/cost/tv-44-backups", test_tv44);
  g_test_add_func ("/ddb/model/cost/tv-45-free-tier-value", test_tv45);
  g_test_add_func ("/ddb/model/cost/break-even", test_break_even);
  g_test_add_func ("/ddb/model/cost/free-tier-caps", test_free_tier_caps);
  g_test_add_func ("/ddb/model/cost/free-tier-scope", test_free_tier_scope);
  g_test_add_func ("/ddb/model/cost/storage-proration", test_storage_proration);
  g_test_add_func ("/ddb/model/cost/storage-overhead", test_storage_overhead);
  g_test_add_func ("/ddb/model/cost/merge", test_merge);
  g_test_add_func ("/ddb/model/cost/merge-resources", test_merge_resources);
  g_test_add_func ("/ddb/model/cost/reserved", test_reserved);
  g_test_add_func ("/ddb/model/cost/monthly-projection", test_monthly_projection);
  g_test_add_func ("/ddb/model/cost/projection-matches-month", test_projection_matches_month);
  g_test_add_func ("/ddb/model/cost/estimate", test_estimate);
  g_test_add_func ("/ddb/model/cost/preconditions", test_preconditions);

  return g_test_run ();
}
