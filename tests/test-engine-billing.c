/* test-engine-billing.c
 *
 * The billing meter on the simulated clock (engine/ddb-billing-meter.c): the rulebook's
 * cost vectors TV-37, TV-38 and TV-45 run on the engine, on-demand request units of
 * known reads and writes, storage with its 100-byte item overhead, Standard-IA against
 * Standard (TV-41's shape), a capacity change within an hour under both hour rules, the
 * free tier once per account, GSI capacity and storage on their own lines, and deleted
 * tables that stay on the bill.
 *
 * Prices are us-east-1's from 1 Nov 2024 (docs/dynamodb-rules.md 8.1), the ones in force
 * on the engine's start date, 2025-01-01: WCU-hour $0.00065, RCU-hour $0.00013, WRU
 * $0.625 per million, RRU $0.125 per million, storage $0.25 per GB-month (Standard-IA:
 * x 1.25 for throughput, $0.10 per GB-month).  A GB is 2^30 bytes, a month 730 hours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "engine-fixture.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define HOUR   (3600 * SECOND)
#define GB     1073741824.0

#define WRU         0.000000625
#define RRU         0.000000125
#define IA_WRU      0.00000078125
#define GB_MONTH    0.25
#define IA_GB_MONTH 0.10

/* Money and quantities agree to 12 significant digits (sums of many seconds round). */
static void
assert_near (double actual,
             double expected)
{
  g_assert_cmpfloat_with_epsilon (actual, expected, 1e-12 * MAX (fabs (expected), 1e-3));
}

/* Moves the clock in steps of at most 30 days, as a scenario would. */
static void
advance (DdbEngine *engine,
         gint64     usec)
{
  g_autoptr(GError) error = NULL;

  while (usec > 0)
    {
      gint64 step = MIN (usec, 30 * 24 * HOUR);

      g_assert_true (ddb_engine_advance (engine, step, &error));
      g_assert_no_error (error);
      usec -= step;
    }
}

/* The bill so far of @table_name (NULL: every table), or its projection to a month. */
static DdbBill *
bill_of (DdbEngine  *engine,
         const char *table_name,
         gboolean    monthly)
{
  g_autoptr(GError) error = NULL;
  DdbBill *result = monthly ? ddb_engine_get_monthly_bill (engine, table_name, &error)
                            : ddb_engine_get_bill (engine, table_name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

/* The line for @item of @table_name (and GSI @index_name), a credit or a charge, or NULL;
 * fails if there are two. */
static const DdbBillLine *
find_line (DdbBill      *bill,
           const char   *table_name,
           const char   *index_name,
           DdbPriceItem  item,
           gboolean      credit)
{
  const DdbBillLine *found = NULL;

  for (guint i = 0; i < ddb_bill_get_n_lines (bill); i++)
    {
      const DdbBillLine *line = ddb_bill_get_line (bill, i);

      if (line->item == item && line->free_tier == credit &&
          g_strcmp0 (line->table_name, table_name) == 0 &&
          g_strcmp0 (line->index_name, index_name) == 0)
        {
          g_assert_null (found);
          found = line;
        }
    }

  return found;
}

static const DdbBillLine *
line (DdbBill      *bill,
      const char   *table_name,
      const char   *index_name,
      DdbPriceItem  item)
{
  const DdbBillLine *found = find_line (bill, table_name, index_name, item, FALSE);

  g_assert_nonnull (found);

  return found;
}

static void
set_billing (DdbEngine          *engine,
             gboolean            free_tier,
             DdbBillingHourRule  rule)
{
  DdbEngineConfig config;

  ddb_engine_get_config (engine, &config);
  config.billing.free_tier = free_tier;
  config.billing.hour_rule = rule;
  ddb_engine_set_config (engine, &config);
}

/* A table keyed by "id" (S): provisioned with @rcu/@wcu, or on-demand when both are 0. */
static void
create (DdbEngine     *engine,
        const char    *name,
        gint64         rcu,
        gint64         wcu,
        DdbTableClass  table_class)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new (name);
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->billing_mode = rcu == 0 && wcu == 0 ? DDB_BILLING_ON_DEMAND : DDB_BILLING_PROVISIONED;
  spec->throughput = (DdbThroughput) { rcu, wcu, -1, -1 };
  spec->table_class = table_class;
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
}

static void
update_table (DdbEngine            *engine,
              const DdbTableUpdate *update)
{
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = ddb_engine_update_table (engine, update, &error);
  g_assert_no_error (error);
}

/* An item of exactly @size bytes (rulebook 1.1): "id" + @key, then "v" padded, then
 * "g": "x" (2 bytes) when @with_g. */
static char *
item_json (const char *key,
           gsize       size,
           gboolean    with_g)
{
  gsize fixed = strlen ("id") + strlen (key) + strlen ("v") + (with_g ? 2 : 0);
  g_autofree char *padding = repeat_char ('v', size - fixed);

  return g_strdup_printf ("{\"id\": {\"S\": \"%s\"}, \"v\": {\"S\": \"%s\"}%s}", key, padding,
                          with_g ? ", \"g\": {\"S\": \"x\"}" : "");
}

/* Writes @count items "<prefix>000", ... of @size bytes and checks their write units. */
static void
put_items (DdbEngine  *engine,
           const char *table,
           const char *prefix,
           guint       count,
           gsize       size,
           double      units_each)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s%03u", prefix, i);
      g_autofree char *json = item_json (key, size, FALSE);

      g_assert_cmpfloat (put_json (engine, table, json), ==, units_each);
    }
}

/*****************************************************************************/

/* Runs a provisioned table for @hours and checks the account's bill: the unit-hours of its
 * two capacity lines and their prices, worked out by the caller.  Returns the bill. */
static DdbBill *
run_provisioned (DdbEngine  *engine,
                 const char *name,
                 gint64      rcu,
                 gint64      wcu,
                 gint64      hours,
                 double      wcu_usd,
                 double      rcu_usd)
{
  DdbBill *total;
  const DdbBillLine *wcu_line, *rcu_line;

  create (engine, name, rcu, wcu, DDB_TABLE_CLASS_STANDARD);
  advance (engine, hours * HOUR);

  total = bill_of (engine, NULL, FALSE);
  wcu_line = line (total, name, NULL, DDB_PRICE_PROVISIONED_WCU_HOUR);
  rcu_line = line (total, name, NULL, DDB_PRICE_PROVISIONED_RCU_HOUR);
  g_assert_cmpfloat (ddb_bill_get_hours (total), ==, hours);
  g_assert_cmpfloat (wcu_line->quantity, ==, wcu * hours);
  g_assert_cmpfloat (rcu_line->quantity, ==, rcu * hours);
  assert_near (wcu_line->usd, wcu_usd);
  assert_near (rcu_line->usd, rcu_usd);
  assert_near (ddb_bill_get_total_usd (total), wcu_usd + rcu_usd);

  return total;
}

static void
test_tv37 (EngineFixture *fixture,
           gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(DdbBill) table = NULL;
  g_autoptr(DdbBill) month = NULL;

  g_test_summary ("TV-37: 100 RCU + 100 WCU provisioned for 720 h cost $46.80 + $9.36 = "
                  "$56.16; projected to 730 h, $56.94");

  /* 100 x 720 = 72,000 WCU-hours x $0.00065 = $46.80;
   * 72,000 RCU-hours x $0.00013 = $9.36; total $56.16.  An empty table stores nothing. */
  total = run_provisioned (engine, "tv37", 100, 100, 720, 46.80, 9.36);
  g_assert_cmpuint (ddb_bill_get_n_lines (total), ==, 2);

  table = bill_of (engine, "tv37", FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (table), ==, 720);
  assert_near (ddb_bill_get_total_usd (table), 56.16);

  /* 200 units x 730 h x (0.00065 + 0.00013) / 2 = 73,000 x $0.00078 = $56.94 */
  month = bill_of (engine, NULL, TRUE);
  g_assert_cmpfloat (ddb_bill_get_hours (month), ==, 730);
  assert_near (ddb_bill_get_total_usd (month), 56.94);
}

static void
test_tv38 (EngineFixture *fixture,
           gconstpointer  user_data)
{
  g_autoptr(DdbBill) total = NULL;

  g_test_summary ("TV-38: 1,000 WCU + 10,000 RCU provisioned for 730 h cost $474.50 + "
                  "$949.00 = $1,423.50");

  /* 1,000 x 730 = 730,000 WCU-hours x $0.00065 = $474.50;
   * 10,000 x 730 = 7,300,000 RCU-hours x $0.00013 = $949.00; total $1,423.50 */
  total = run_provisioned (fixture->engine, "tv38", 10000, 1000, 730, 474.50, 949.00);
  assert_near (ddb_bill_get_total_usd (total), 1423.50);
}

static void
test_on_demand (EngineFixture *fixture,
                gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("ondemand");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;
  const DdbBillLine *wru, *rru, *gsi_wru;

  g_test_summary ("On-demand: 1 KB and 4 KB writes and 4 KB eventually and strongly "
                  "consistent reads bill exactly their request units, a GSI's writes on the "
                  "GSI, at $0.625 / $0.125 per million");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "g", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->billing_mode = DDB_BILLING_ON_DEMAND;
  spec->throughput = (DdbThroughput) { 0, 0, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_g", TRUE);
  index->key.partition_key = g_strdup ("g");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput = (DdbThroughput) { 0, 0, -1, -1 };
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);

  /* 100 items of 1,024 bytes: 1 WRU each = 100 WRU. */
  put_items (engine, "ondemand", "a", 100, 1024, 1);
  /* 10 items of 4,096 bytes with the GSI key: 4 WRU on the table, plus 1 WRU for the
   * KEYS_ONLY entry (id "b00n" 6 bytes + g "x" 2 bytes = 8 bytes) on the GSI. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *key = g_strdup_printf ("b%03u", i);
      g_autofree char *json = item_json (key, 4096, TRUE);

      g_assert_cmpfloat (put_json (engine, "ondemand", json), ==, 4 + 1);
    }
  /* 200 eventually consistent reads of a 4 KB item: 0.5 RRU each = 100 RRU;
   * 50 strongly consistent ones: 1 RRU each = 50 RRU. */
  for (guint i = 0; i < 250; i++)
    g_assert_cmpfloat (get_units (engine, "ondemand", "{\"id\": {\"S\": \"b000\"}}", i >= 200, NULL),
                       ==, i >= 200 ? 1 : 0.5);
  advance (engine, SECOND);

  /* Table: 100 + 40 = 140 WRU x $0.000000625 = $0.0000875; 150 RRU x $0.000000125 =
   * $0.00001875.  GSI: 10 WRU x $0.000000625 = $0.00000625. */
  total = bill_of (engine, NULL, FALSE);
  wru = line (total, "ondemand", NULL, DDB_PRICE_ON_DEMAND_WRU);
  rru = line (total, "ondemand", NULL, DDB_PRICE_ON_DEMAND_RRU);
  gsi_wru = line (total, "ondemand", "by_g", DDB_PRICE_ON_DEMAND_WRU);
  g_assert_cmpfloat (wru->quantity, ==, 140);
  g_assert_cmpfloat (rru->quantity, ==, 150);
  g_assert_cmpfloat (gsi_wru->quantity, ==, 10);
  assert_near (wru->usd, 0.0000875);
  assert_near (rru->usd, 0.00001875);
  assert_near (gsi_wru->usd, 0.00000625);
  g_assert_null (find_line (total, "ondemand", "by_g", DDB_PRICE_ON_DEMAND_RRU, FALSE));
  g_assert_null (find_line (total, "ondemand", NULL, DDB_PRICE_PROVISIONED_WCU_HOUR, FALSE));

  /* The unit prices are TV-39's and TV-40's: 2.628 B WRU and 13.14 B RRU cost $1,642.50. */
  assert_near (wru->unit_price_usd * 2.628e9, 1642.50);
  assert_near (rru->unit_price_usd * 13.14e9, 1642.50);
}

static void
test_storage (EngineFixture *fixture,
              gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(DdbBill) month = NULL;
  const DdbBillLine *storage;
  double gb_months;

  g_test_summary ("Storage: 1,000 items of 1,024 bytes held 24 h bill (1,024 + 100) bytes "
                  "each as GB-months of 730 h at $0.25");

  create (engine, "stored", 0, 0, DDB_TABLE_CLASS_STANDARD);
  put_items (engine, "stored", "a", 1000, 1024, 1);
  advance (engine, 24 * HOUR);

  /* 1,000 x (1,024 + 100) = 1,124,000 bytes for 24 h = 26,976,000 byte-hours
   * / 2^30 = 0.0251233578 GB-hours / 730 = 0.0000344155586 GB-months
   * x $0.25 = $0.00000860388965 */
  gb_months = 1124000.0 * 24 / GB / 730;
  total = bill_of (engine, NULL, FALSE);
  storage = line (total, "stored", NULL, DDB_PRICE_STORAGE_GB_MONTH);
  assert_near (storage->quantity, gb_months);
  assert_near (storage->quantity, 0.0000344155585929139);
  assert_near (storage->usd, 0.00000860388964822848);
  g_assert_cmpstr (storage->label, ==, "Table storage");

  /* A month holds the same bytes 730 h: 1,124,000 / 2^30 GB-months. */
  month = bill_of (engine, "stored", TRUE);
  assert_near (line (month, "stored", NULL, DDB_PRICE_STORAGE_GB_MONTH)->quantity,
               1124000.0 / GB);
}

static void
test_standard_ia (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbTableUpdate to_ia = { .table_name = "switch", .set_table_class = TRUE,
                           .table_class = DDB_TABLE_CLASS_STANDARD_IA };
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(DdbBill) with_free_tier = NULL;
  const DdbBillLine *std, *ia;
  guint switch_lines = 0;
  double gb_months;

  g_test_summary ("TV-41's shape: the same data costs $0.25 per GB-month on Standard, $0.10 "
                  "on Standard-IA, whose writes cost 25 % more; the free tier covers "
                  "Standard storage only; the class is the one in force each second");

  create (engine, "std", 0, 0, DDB_TABLE_CLASS_STANDARD);
  create (engine, "infrequent", 0, 0, DDB_TABLE_CLASS_STANDARD_IA);
  create (engine, "switch", 0, 0, DDB_TABLE_CLASS_STANDARD);
  put_items (engine, "std", "a", 100, 1024, 1);
  put_items (engine, "infrequent", "a", 100, 1024, 1);
  put_items (engine, "switch", "a", 100, 1024, 1);
  advance (engine, 10 * HOUR);
  update_table (engine, &to_ia);
  advance (engine, 63 * HOUR);

  /* 100 x (1,024 + 100) = 112,400 bytes for 73 h (a tenth of a month)
   * = 112,400 / 2^30 / 10 = 0.000010468065738678 GB-months:
   * Standard x $0.25 = $0.0000026170164346695, Standard-IA x $0.10 =
   * $0.0000010468065738678 */
  gb_months = 112400.0 * 73 / GB / 730;
  total = bill_of (engine, NULL, FALSE);
  std = line (total, "std", NULL, DDB_PRICE_STORAGE_GB_MONTH);
  ia = line (total, "infrequent", NULL, DDB_PRICE_STORAGE_GB_MONTH);
  assert_near (std->quantity, gb_months);
  assert_near (ia->quantity, gb_months);
  assert_near (std->usd, 0.0000026170164346695);
  assert_near (ia->usd, 0.0000010468065738678);
  assert_near (ia->usd / std->usd, IA_GB_MONTH / GB_MONTH);
  g_assert_cmpint (ia->table_class, ==, DDB_TABLE_CLASS_STANDARD_IA);
  g_assert_cmpstr (ia->label, ==, "Table storage (Standard-IA)");
  /* 100 WRU: $0.0000625 on Standard, $0.000078125 on Standard-IA */
  assert_near (line (total, "std", NULL, DDB_PRICE_ON_DEMAND_WRU)->usd, 100 * WRU);
  assert_near (line (total, "infrequent", NULL, DDB_PRICE_ON_DEMAND_WRU)->usd, 100 * IA_WRU);

  /* "switch": 10 h Standard, then 63 h Standard-IA, one line for each class. */
  for (guint i = 0; i < ddb_bill_get_n_lines (total); i++)
    {
      const DdbBillLine *candidate = ddb_bill_get_line (total, i);

      if (g_strcmp0 (candidate->table_name, "switch") == 0 &&
          candidate->item == DDB_PRICE_STORAGE_GB_MONTH)
        {
          gboolean ia_line = candidate->table_class == DDB_TABLE_CLASS_STANDARD_IA;

          assert_near (candidate->quantity, 112400.0 * (ia_line ? 63 : 10) / GB / 730);
          switch_lines++;
        }
    }
  g_assert_cmpuint (switch_lines, ==, 2);

  /* The free tier's 25 GB-months a month, 2.5 for 73 h, cover the Standard storage of
   * "std" and of "switch"'s first 10 h (0.0000104680657 + 0.00000143398161 GB-months),
   * not Standard-IA. */
  set_billing (engine, TRUE, DDB_BILLING_HOUR_MAX);
  with_free_tier = bill_of (engine, NULL, FALSE);
  assert_near (find_line (with_free_tier, NULL, NULL, DDB_PRICE_STORAGE_GB_MONTH,
                          TRUE)->quantity, -(gb_months + 112400.0 * 10 / GB / 730));
  assert_near (ddb_bill_get_total_usd (total) - ddb_bill_get_total_usd (with_free_tier),
               (gb_months + 112400.0 * 10 / GB / 730) * GB_MONTH);
}

static void
test_capacity_change (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbTableUpdate more_reads = { .table_name = "scaled", .set_throughput = TRUE,
                                .throughput = { 200, 100, -1, -1 } };
  g_autoptr(DdbBill) half = NULL;
  g_autoptr(DdbBill) half_month = NULL;
  g_autoptr(DdbBill) max = NULL;
  g_autoptr(DdbBill) prorated = NULL;

  g_test_summary ("An hour whose capacity changed bills its highest capacity (or, prorated, "
                  "each capacity for its seconds); an hour not over yet bills its seconds");

  create (engine, "scaled", 100, 100, DDB_TABLE_CLASS_STANDARD);
  advance (engine, HOUR / 2);

  /* Half an hour in: 100 x 0.5 = 50 RCU-hours and 50 WCU-hours so far, a month at that
   * rate 100 x 730 = 73,000 of each. */
  half = bill_of (engine, NULL, FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (half), ==, 0.5);
  assert_near (line (half, "scaled", NULL, DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity, 50);
  assert_near (line (half, "scaled", NULL, DDB_PRICE_PROVISIONED_WCU_HOUR)->quantity, 50);
  half_month = bill_of (engine, NULL, TRUE);
  assert_near (line (half_month, "scaled", NULL, DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity,
               73000);

  /* At 00:30 reads go to 200 RCU; then 1.5 h more. */
  update_table (engine, &more_reads);
  advance (engine, HOUR / 2);
  advance (engine, HOUR);

  /* Highest in the hour: hour 0 200 RCU, hour 1 200 RCU = 400 RCU-hours x $0.00013 =
   * $0.052; WCU 100 + 100 = 200 x $0.00065 = $0.13.  Total $0.182. */
  max = bill_of (engine, NULL, FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (max), ==, 2);
  assert_near (line (max, "scaled", NULL, DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity, 400);
  assert_near (line (max, "scaled", NULL, DDB_PRICE_PROVISIONED_WCU_HOUR)->quantity, 200);
  assert_near (ddb_bill_get_total_usd (max), 0.182);

  /* Prorated: hour 0 (1,800 s x 100 + 1,800 s x 200) / 3,600 = 150, hour 1 200 = 350
   * RCU-hours x $0.00013 = $0.0455; WCU $0.13.  Total $0.1755. */
  set_billing (engine, FALSE, DDB_BILLING_HOUR_PRORATED);
  prorated = bill_of (engine, NULL, FALSE);
  assert_near (line (prorated, "scaled", NULL, DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity, 350);
  assert_near (ddb_bill_get_total_usd (prorated), 0.1755);
}

static void
test_free_tier (EngineFixture *fixture,
                gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbBill) off = NULL;
  g_autoptr(DdbBill) on = NULL;
  g_autoptr(DdbBill) one_table = NULL;
  const DdbBillLine *wcu_credit, *rcu_credit;

  g_test_summary ("TV-45: the free tier's 25 WCU + 25 RCU for 720 h are worth $14.04, once "
                  "per account however many tables");

  create (engine, "alpha", 25, 25, DDB_TABLE_CLASS_STANDARD);
  create (engine, "beta", 25, 25, DDB_TABLE_CLASS_STANDARD);
  advance (engine, 720 * HOUR);

  /* Each table: 25 x 720 = 18,000 WCU-hours x $0.00065 = $11.70 and 18,000 RCU-hours x
   * $0.00013 = $2.34, $14.04; both $28.08. */
  off = bill_of (engine, NULL, FALSE);
  assert_near (ddb_bill_get_total_usd (off), 28.08);
  g_assert_null (find_line (off, NULL, NULL, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE));

  /* Free tier: in every hour 25 of the 50 WCU and 25 of the 50 RCU are free:
   * -18,000 WCU-hours = -$11.70, -18,000 RCU-hours = -$2.34, -$14.04 (TV-45). */
  set_billing (engine, TRUE, DDB_BILLING_HOUR_MAX);
  on = bill_of (engine, NULL, FALSE);
  wcu_credit = find_line (on, NULL, NULL, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE);
  rcu_credit = find_line (on, NULL, NULL, DDB_PRICE_PROVISIONED_RCU_HOUR, TRUE);
  g_assert_nonnull (wcu_credit);
  g_assert_nonnull (rcu_credit);
  g_assert_cmpfloat (wcu_credit->quantity, ==, -18000);
  g_assert_cmpfloat (rcu_credit->quantity, ==, -18000);
  assert_near (wcu_credit->usd + rcu_credit->usd, -14.04);
  assert_near (ddb_bill_get_total_usd (on), 28.08 - 14.04);
  g_assert_true (g_str_has_prefix (wcu_credit->label, "Free tier: "));

  /* A table's own bill carries no account credit. */
  one_table = bill_of (engine, "alpha", FALSE);
  assert_near (ddb_bill_get_total_usd (one_table), 14.04);
  g_assert_null (find_line (one_table, NULL, NULL, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE));
}

static void
test_gsi (EngineFixture *fixture,
          gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbTableInfo) described = NULL;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;

  g_test_summary ("A GSI's provisioned capacity and storage are billed on lines of their "
                  "own; an LSI's entries are stored with the table; a provisioned table's "
                  "consumed units cost nothing more");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "sk", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "owner", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->key.sort_key = g_strdup ("sk");
  spec->throughput = (DdbThroughput) { 10, 10, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_owner", TRUE);
  index->key.partition_key = g_strdup ("owner");
  index->projection = DDB_PROJECTION_ALL;
  index->throughput = (DdbThroughput) { 5, 5, -1, -1 };
  index = ddb_table_spec_add_index (spec, "local_owner", FALSE);
  index->key.partition_key = g_strdup ("id");
  index->key.sort_key = g_strdup ("owner");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);

  /* Two items of 14 bytes: "id" "o1" (4) + "sk" "s" (3) + "owner" "u1" (7).  Each has an
   * LSI entry (keys only: the same three attributes, 14 bytes) and a GSI entry (all
   * attributes, 14 bytes). */
  put_json (engine, "orders", "{\"id\": {\"S\": \"o1\"}, \"sk\": {\"S\": \"s\"}, "
                              "\"owner\": {\"S\": \"u1\"}}");
  put_json (engine, "orders", "{\"id\": {\"S\": \"o2\"}, \"sk\": {\"S\": \"s\"}, "
                              "\"owner\": {\"S\": \"u1\"}}");
  described = ddb_engine_describe_table (engine, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpint (described->live_size_bytes, ==, 28);
  g_assert_cmpint (g_array_index (described->indexes, DdbIndexInfo, 0).live_size_bytes, ==, 28);
  g_assert_cmpint (g_array_index (described->indexes, DdbIndexInfo, 1).live_size_bytes, ==, 28);
  advance (engine, 10 * HOUR);

  /* Table: 10 x 10 h = 100 WCU-hours ($0.065) + 100 RCU-hours ($0.013);
   * GSI: 5 x 10 h = 50 WCU-hours ($0.0325) + 50 RCU-hours ($0.0065). */
  total = bill_of (engine, NULL, FALSE);
  g_assert_cmpfloat (line (total, "orders", NULL, DDB_PRICE_PROVISIONED_WCU_HOUR)->quantity,
                     ==, 100);
  g_assert_cmpfloat (line (total, "orders", NULL, DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity,
                     ==, 100);
  g_assert_cmpfloat (line (total, "orders", "by_owner",
                           DDB_PRICE_PROVISIONED_WCU_HOUR)->quantity, ==, 50);
  g_assert_cmpfloat (line (total, "orders", "by_owner",
                           DDB_PRICE_PROVISIONED_RCU_HOUR)->quantity, ==, 50);
  assert_near (line (total, "orders", "by_owner", DDB_PRICE_PROVISIONED_WCU_HOUR)->usd, 0.0325);
  assert_near (line (total, "orders", "by_owner", DDB_PRICE_PROVISIONED_RCU_HOUR)->usd, 0.0065);

  /* Storage for 10 h: the table 2 x (14 + 100) + the LSI 2 x (14 + 100) = 456 bytes,
   * 456 x 10 / 2^30 / 730 = 0.00000000581757663 GB-months; the GSI 2 x (14 + 100) = 228
   * bytes, 0.00000000290878832 GB-months. */
  assert_near (line (total, "orders", NULL, DDB_PRICE_STORAGE_GB_MONTH)->quantity,
               456.0 * 10 / GB / 730);
  assert_near (line (total, "orders", "by_owner", DDB_PRICE_STORAGE_GB_MONTH)->quantity,
               228.0 * 10 / GB / 730);
  g_assert_null (find_line (total, "orders", "local_owner", DDB_PRICE_STORAGE_GB_MONTH, FALSE));
  g_assert_null (find_line (total, "orders", NULL, DDB_PRICE_ON_DEMAND_WRU, FALSE));

  assert_near (ddb_bill_get_total_usd (total),
               0.065 + 0.013 + 0.0325 + 0.0065 + (456.0 + 228.0) * 10 / GB / 730 * GB_MONTH);
}

static void
test_deleted_tables (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) deleted = NULL;
  g_autoptr(DdbTableInfo) deleted_brief = NULL;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(DdbBill) gone = NULL;
  g_autoptr(DdbBill) brief = NULL;
  g_autoptr(DdbBill) brief_month = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A deleted table stays on the bill, with the writes of its last second; "
                  "a table that never existed has no bill");

  create (engine, "gone", 100, 100, DDB_TABLE_CLASS_STANDARD);
  create (engine, "kept", 1, 1, DDB_TABLE_CLASS_STANDARD);
  create (engine, "brief", 0, 0, DDB_TABLE_CLASS_STANDARD);
  put_items (engine, "brief", "a", 3, 1024, 1);
  deleted_brief = ddb_engine_delete_table (engine, "brief", &error);
  g_assert_no_error (error);
  advance (engine, 10 * HOUR);
  deleted = ddb_engine_delete_table (engine, "gone", &error);
  g_assert_no_error (error);
  advance (engine, 10 * HOUR);

  /* "gone": 100 x 10 h = 1,000 WCU-hours ($0.65) + 1,000 RCU-hours ($0.13) = $0.78;
   * "kept": 1 x 20 h = 20 WCU-hours ($0.013) + 20 RCU-hours ($0.0026) = $0.0156;
   * "brief": 3 WRU written in the second it was deleted = $0.000001875. */
  total = bill_of (engine, NULL, FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (total), ==, 20);
  g_assert_cmpfloat (line (total, "gone", NULL, DDB_PRICE_PROVISIONED_WCU_HOUR)->quantity, ==,
                     1000);
  g_assert_cmpfloat (line (total, "brief", NULL, DDB_PRICE_ON_DEMAND_WRU)->quantity, ==, 3);
  assert_near (ddb_bill_get_total_usd (total), 0.78 + 0.0156 + 3 * WRU);

  gone = bill_of (engine, "gone", FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (gone), ==, 10);
  assert_near (ddb_bill_get_total_usd (gone), 0.78);

  /* "brief" lived no whole second: nothing to project to a month. */
  brief = bill_of (engine, "brief", FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (brief), ==, 0);
  brief_month = bill_of (engine, "brief", TRUE);
  g_assert_cmpuint (ddb_bill_get_n_lines (brief_month), ==, 0);

  g_assert_null (ddb_engine_get_bill (engine, "never", &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND);
}

static void
test_ttl_free (EngineFixture *fixture,
               gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const DdbBillLine *ttl;

  g_test_summary ("Deletes by Time to Live are counted on the bill and cost nothing");

  create (engine, "expiring", 0, 0, DDB_TABLE_CLASS_STANDARD);
  info = ddb_engine_update_ttl (engine, "expiring", TRUE, "exp", &error);
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"id\": {\"S\": \"x\"}, \"exp\": {\"N\": \"%" G_GINT64_FORMAT "\"}}",
                          ddb_engine_get_now (engine) / SECOND);
  g_assert_cmpfloat (put_json (engine, "expiring", json), ==, 1);
  /* Deleted 10 minutes after its TTL second (the default delay), in the second the
   * clock reaches then, which the next advance closes. */
  advance (engine, 11 * 60 * SECOND);
  advance (engine, SECOND);

  total = bill_of (engine, NULL, FALSE);
  ttl = line (total, "expiring", NULL, DDB_PRICE_TTL_DELETE);
  g_assert_cmpfloat (ttl->quantity, ==, 1);
  g_assert_cmpfloat (ttl->usd, ==, 0);
  /* The put's 1 WRU, nothing for the delete. */
  g_assert_cmpfloat (line (total, "expiring", NULL, DDB_PRICE_ON_DEMAND_WRU)->quantity, ==, 1);
}

static void
test_empty (EngineFixture *fixture,
            gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbBill) total = NULL;
  g_autoptr(DdbBill) month = NULL;
  g_autoptr(DdbBill) fresh = NULL;

  g_test_summary ("Before any second closed the bill is empty, and so is its month; the "
                  "price sheet defaults to us-east-1");

  total = bill_of (engine, NULL, FALSE);
  g_assert_cmpfloat (ddb_bill_get_hours (total), ==, 0);
  g_assert_cmpuint (ddb_bill_get_n_lines (total), ==, 0);
  month = bill_of (engine, NULL, TRUE);
  g_assert_cmpfloat (ddb_bill_get_hours (month), ==, 730);
  g_assert_cmpuint (ddb_bill_get_n_lines (month), ==, 0);

  create (engine, "fresh", 5, 5, DDB_TABLE_CLASS_STANDARD);
  fresh = bill_of (engine, "fresh", FALSE);
  g_assert_cmpuint (ddb_bill_get_n_lines (fresh), ==, 0);

  g_assert_cmpstr (ddb_price_catalog_get_region (ddb_engine_get_price_catalog (engine)), ==,
                   "us-east-1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/billing/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("tv-37-provisioned-720-hours", test_tv37);
  ADD ("tv-38-provisioned-730-hours", test_tv38);
  ADD ("on-demand-request-units", test_on_demand);
  ADD ("storage-with-item-overhead", test_storage);
  ADD ("standard-ia", test_standard_ia);
  ADD ("capacity-change-within-hour", test_capacity_change);
  ADD ("tv-45-free-tier", test_free_tier);
  ADD ("gsi-lines", test_gsi);
  ADD ("deleted-tables", test_deleted_tables);
  ADD ("ttl-deletes-free", test_ttl_free);
  ADD ("empty", test_empty);

  return g_test_run ();
}
