/* test-model-price-catalog.c
 *
 * Tests for ddb-price-catalog.c: loading the embedded us-east-1 sheet and the same sheet
 * from a file, picking the price set in force at the 2024-11-01 boundary, the rulebook's
 * prices and verified flags (docs/dynamodb-rules.md section 8), and the loader's errors on
 * malformed sheets, each naming the member at fault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-model-error.h"
#include "ddb-price-catalog.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const DdbTableClass classes[] = { DDB_TABLE_CLASS_STANDARD, DDB_TABLE_CLASS_STANDARD_IA };

static char *
sheet_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "pricing", "us-east-1.json", NULL);
}

static DdbPriceCatalog *
load_us_east_1 (void)
{
  g_autoptr(GError) error = NULL;
  DdbPriceCatalog *catalog;

  catalog = ddb_price_catalog_new_for_region ("us-east-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);

  return catalog;
}

static void
test_regions (void)
{
  g_auto(GStrv) regions = ddb_price_catalog_list_regions ();

  g_assert_nonnull (regions);
  g_assert_true (g_strv_contains ((const char *const *)regions, "us-east-1"));
  for (guint i = 0; regions[i] != NULL; i++)
    g_assert_false (g_str_has_suffix (regions[i], ".json"));
}

static void
test_load_resource (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();
  DdbPriceSet *old;
  DdbPriceSet *cur;

  g_assert_cmpstr (ddb_price_catalog_get_region (catalog), ==, "us-east-1");
  g_assert_cmpstr (ddb_price_catalog_get_region_name (catalog), ==, "US East (N. Virginia)");
  g_assert_cmpstr (ddb_price_catalog_get_currency (catalog), ==, "USD");
  g_assert_cmpuint (ddb_price_catalog_get_n_sets (catalog), ==, 2);

  old = ddb_price_catalog_get_set (catalog, 0);
  cur = ddb_price_catalog_get_set (catalog, 1);
  g_assert_null (ddb_price_set_get_effective_from (old));
  g_assert_cmpstr (ddb_price_set_get_effective_until (old), ==, "2024-11-01");
  g_assert_cmpstr (ddb_price_set_get_effective_from (cur), ==, "2024-11-01");
  g_assert_null (ddb_price_set_get_effective_until (cur));
  g_assert_cmpstr (ddb_price_set_get_region (cur), ==, "us-east-1");
  g_assert_nonnull (ddb_price_set_get_note (cur));

  g_assert_cmpstr (ddb_price_catalog_lookup_source (catalog, "INFRA-new"), !=, NULL);
  g_assert_null (ddb_price_catalog_lookup_source (catalog, "NOPE"));
}

static void
test_load_file (void)
{
  g_autofree char *path = sheet_path ();
  g_autoptr(DdbPriceCatalog) embedded = load_us_east_1 ();
  g_autoptr(DdbPriceCatalog) file = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("The sheet loaded from the source tree equals the embedded one, price by price");

  file = ddb_price_catalog_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ddb_price_catalog_get_n_sets (file), ==,
                    ddb_price_catalog_get_n_sets (embedded));

  for (guint s = 0; s < ddb_price_catalog_get_n_sets (file); s++)
    for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
      for (guint item = 0; item < DDB_N_PRICE_ITEMS; item++)
        {
          const DdbPrice *a = ddb_price_set_lookup (ddb_price_catalog_get_set (file, s),
                                                    classes[c], item);
          const DdbPrice *b = ddb_price_set_lookup (ddb_price_catalog_get_set (embedded, s),
                                                    classes[c], item);

          g_assert_true ((a == NULL) == (b == NULL));
          if (a == NULL)
            continue;
          g_assert_cmpfloat (ddb_price_get_usd (a), ==, ddb_price_get_usd (b));
          g_assert_cmpstr (ddb_price_get_source (a), ==, ddb_price_get_source (b));
          g_assert_cmpint (ddb_price_get_verified (a), ==, ddb_price_get_verified (b));
        }
}

static void
test_date_boundary (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();
  g_autoptr(GError) error = NULL;
  DdbPriceSet *old = ddb_price_catalog_get_set (catalog, 0);
  DdbPriceSet *cur = ddb_price_catalog_get_set (catalog, 1);
  GDate date;

  g_test_summary ("2024-10-31 is priced by the old set, 2024-11-01 by the new one, "
                  "through all three lookups");

  g_assert_true (ddb_price_catalog_lookup_set (catalog, "2024-10-31", &error) == old);
  g_assert_no_error (error);
  g_assert_true (ddb_price_catalog_lookup_set (catalog, "2024-11-01", &error) == cur);
  g_assert_no_error (error);
  g_assert_true (ddb_price_catalog_lookup_set (catalog, "1999-01-01", &error) == old);
  g_assert_true (ddb_price_catalog_lookup_set (catalog, "2031-12-31", &error) == cur);
  g_assert_no_error (error);

  g_assert_true (ddb_price_catalog_lookup_set_for_ymd (catalog, 2024, 10, 31) == old);
  g_assert_true (ddb_price_catalog_lookup_set_for_ymd (catalog, 2024, 11, 1) == cur);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_OCTOBER, 2024);
  g_assert_true (ddb_price_catalog_lookup_set_for_date (catalog, &date) == old);
  g_date_add_days (&date, 1);
  g_assert_true (ddb_price_catalog_lookup_set_for_date (catalog, &date) == cur);

  /* The cut itself: on-demand halves, provisioned stays. */
  g_assert_cmpfloat (ddb_price_get_usd (ddb_price_set_lookup (old, DDB_TABLE_CLASS_STANDARD,
                                                              DDB_PRICE_ON_DEMAND_WRU)),
                     ==, 0.00000125);
  g_assert_cmpfloat (ddb_price_get_usd (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                                              DDB_PRICE_ON_DEMAND_WRU)),
                     ==, 0.000000625);
  g_assert_cmpfloat (ddb_price_get_usd (ddb_price_set_lookup (old, DDB_TABLE_CLASS_STANDARD,
                                                              DDB_PRICE_PROVISIONED_WCU_HOUR)),
                     ==, 0.00065);
}

static void
test_invalid_date (void)
{
  static const char *const dates[] = {
    "2024-13-01", "2024-02-30", "2024-1-1", "20241101", "2024-11-01x", "", "yyyy-mm-dd",
  };
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (ddb_price_catalog_lookup_set (catalog, dates[i], &error));
      g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
    }
}

static void
test_prices (void)
{
  static const struct
  {
    guint          set;
    DdbTableClass  table_class;
    DdbPriceItem   item;
    double         usd;
    const char    *unit;
  } cases[] = {
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_ON_DEMAND_WRU, 0.000000625, "WRU" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_ON_DEMAND_RRU, 0.000000125, "RRU" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_PROVISIONED_WCU_HOUR, 0.00065, "WCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_PROVISIONED_RCU_HOUR, 0.00013, "RCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_REPLICATED_WRU, 0.000000625, "rWRU" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_REPLICATED_WCU_HOUR, 0.00065, "rWCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_STORAGE_GB_MONTH, 0.25, "GB-month" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_PITR_GB_MONTH, 0.20, "GB-month" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_BACKUP_GB_MONTH, 0.10, "GB-month" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESTORE_GB, 0.15, "GB" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_STREAM_RRU, 0.0000002, "stream read request" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_TTL_DELETE, 0.0, "TTL delete" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_WCU_1Y_UPFRONT, 150, "100 WCU, 1-year term" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_WCU_1Y_HOURLY, 0.0128, "100 WCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_RCU_1Y_UPFRONT, 30, "100 RCU, 1-year term" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_RCU_1Y_HOURLY, 0.0025, "100 RCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_WCU_3Y_UPFRONT, 180, "100 WCU, 3-year term" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_WCU_3Y_HOURLY, 0.0081, "100 WCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_RCU_3Y_UPFRONT, 36, "100 RCU, 3-year term" },
    { 1, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESERVED_RCU_3Y_HOURLY, 0.0016, "100 RCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_ON_DEMAND_WRU, 0.00000078125, "WRU" },
    { 1, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_ON_DEMAND_RRU, 0.00000015625, "RRU" },
    { 1, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_PROVISIONED_WCU_HOUR, 0.0008125, "WCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_PROVISIONED_RCU_HOUR, 0.0001625, "RCU-hour" },
    { 1, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_STORAGE_GB_MONTH, 0.10, "GB-month" },
    { 0, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_ON_DEMAND_WRU, 0.00000125, "WRU" },
    { 0, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_ON_DEMAND_RRU, 0.00000025, "RRU" },
    { 0, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_REPLICATED_WRU, 0.000001875, "rWRU" },
    { 0, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_REPLICATED_WCU_HOUR, 0.000975, "rWCU-hour" },
    { 0, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_PITR_GB_MONTH, 0.20, "GB-month" },
  };
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();

  g_test_summary ("Prices equal the rulebook's figures (section 8.1, 8.4) bit for bit");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdbPriceSet *set = ddb_price_catalog_get_set (catalog, cases[i].set);
      const DdbPrice *price = ddb_price_set_lookup (set, cases[i].table_class, cases[i].item);

      g_assert_nonnull (price);
      g_assert_cmpfloat (ddb_price_get_usd (price), ==, cases[i].usd);
      g_assert_cmpstr (ddb_price_get_unit (price), ==, cases[i].unit);
    }
}

/* What the rulebook implies: unverified are every Standard-IA class price, the pre-cut
 * replicated writes and all reserved capacity prices. */
static gboolean
rulebook_verified (guint         set,
                   DdbTableClass table_class,
                   DdbPriceItem  item)
{
  switch (item)
    {
    case DDB_PRICE_PITR_GB_MONTH:
    case DDB_PRICE_BACKUP_GB_MONTH:
    case DDB_PRICE_RESTORE_GB:
    case DDB_PRICE_STREAM_RRU:
    case DDB_PRICE_TTL_DELETE:
      return TRUE;

    case DDB_PRICE_RESERVED_WCU_1Y_UPFRONT:
    case DDB_PRICE_RESERVED_WCU_1Y_HOURLY:
    case DDB_PRICE_RESERVED_RCU_1Y_UPFRONT:
    case DDB_PRICE_RESERVED_RCU_1Y_HOURLY:
    case DDB_PRICE_RESERVED_WCU_3Y_UPFRONT:
    case DDB_PRICE_RESERVED_WCU_3Y_HOURLY:
    case DDB_PRICE_RESERVED_RCU_3Y_UPFRONT:
    case DDB_PRICE_RESERVED_RCU_3Y_HOURLY:
      return FALSE;

    case DDB_PRICE_REPLICATED_WRU:
    case DDB_PRICE_REPLICATED_WCU_HOUR:
      return table_class == DDB_TABLE_CLASS_STANDARD && set == 1;

    case DDB_PRICE_ON_DEMAND_WRU:
    case DDB_PRICE_ON_DEMAND_RRU:
    case DDB_PRICE_PROVISIONED_WCU_HOUR:
    case DDB_PRICE_PROVISIONED_RCU_HOUR:
    case DDB_PRICE_STORAGE_GB_MONTH:
    default:
      return table_class == DDB_TABLE_CLASS_STANDARD;
    }
}

static void
test_verified (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();
  DdbPriceSet *cur = ddb_price_catalog_get_set (catalog, 1);

  g_test_summary ("Every price is marked unverified exactly where the rulebook says "
                  "unverified or derived-unverified");

  for (guint s = 0; s < ddb_price_catalog_get_n_sets (catalog); s++)
    for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
      for (guint item = 0; item < DDB_N_PRICE_ITEMS; item++)
        {
          const DdbPrice *price = ddb_price_set_lookup (ddb_price_catalog_get_set (catalog, s),
                                                        classes[c], item);

          if (price == NULL)
            continue;
          if (ddb_price_get_verified (price) != rulebook_verified (s, classes[c], item))
            g_test_message ("set %u, class %u, %s", s, c, ddb_price_item_to_string (item));
          g_assert_cmpint (ddb_price_get_verified (price), ==,
                           rulebook_verified (s, classes[c], item));
        }

  /* A sample, spelt out. */
  g_assert_true (ddb_price_get_verified (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                                               DDB_PRICE_ON_DEMAND_WRU)));
  g_assert_false (ddb_price_get_verified (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD_IA,
                                                                DDB_PRICE_STORAGE_GB_MONTH)));
  g_assert_false (ddb_price_get_verified (
    ddb_price_set_lookup (ddb_price_catalog_get_set (catalog, 0), DDB_TABLE_CLASS_STANDARD,
                          DDB_PRICE_REPLICATED_WRU)));
  g_assert_false (ddb_price_get_verified (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                                                DDB_PRICE_RESERVED_WCU_1Y_HOURLY)));
  g_assert_true (ddb_price_set_get_free_tier (cur)->verified);
}

static void
test_classes (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();
  DdbPriceSet *cur = ddb_price_catalog_get_set (catalog, 1);

  g_test_summary ("Reserved capacity has no Standard-IA price; class-independent items "
                  "give one price for both classes");

  g_assert_nonnull (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                          DDB_PRICE_RESERVED_RCU_3Y_UPFRONT));
  g_assert_null (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD_IA,
                                       DDB_PRICE_RESERVED_RCU_3Y_UPFRONT));
  g_assert_true (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESTORE_GB) ==
                 ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD_IA, DDB_PRICE_RESTORE_GB));
  g_assert_true (ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_ON_DEMAND_WRU) !=
                 ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD_IA,
                                       DDB_PRICE_ON_DEMAND_WRU));
  g_assert_cmpstr (ddb_price_item_to_string (DDB_PRICE_PROVISIONED_WCU_HOUR), ==,
                   "provisioned_wcu_hour");
}

static void
test_source (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();
  DdbPriceSet *cur = ddb_price_catalog_get_set (catalog, 1);
  const DdbPrice *wru = ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                              DDB_PRICE_ON_DEMAND_WRU);
  const DdbPrice *restore = ddb_price_set_lookup (cur, DDB_TABLE_CLASS_STANDARD,
                                                  DDB_PRICE_RESTORE_GB);
  const char *const *tags = ddb_price_get_source_tags (wru);

  g_assert_cmpstr (ddb_price_get_source (wru), ==,
                   "[INFRA-new], [AIRBYTE], [JUSDB], [MESHQL]: "
                   "On-demand writes, $0.625 per million from 1 Nov 2024");
  g_assert_cmpuint (g_strv_length ((char **)tags), ==, 4);
  g_assert_cmpstr (tags[3], ==, "MESHQL");
  g_assert_cmpstr (ddb_price_get_as_of (wru), ==, "2026-07-30");
  g_assert_cmpstr (ddb_price_get_as_of (restore), ==, "2024-11-01");
  g_assert_cmpstr (ddb_price_get_as_of (ddb_price_set_lookup (ddb_price_catalog_get_set (catalog,
                                                                                         0),
                                                              DDB_TABLE_CLASS_STANDARD,
                                                              DDB_PRICE_ON_DEMAND_WRU)),
                   ==, "2024-10-31");
}

static void
test_free_tier (void)
{
  g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();

  for (guint s = 0; s < ddb_price_catalog_get_n_sets (catalog); s++)
    {
      DdbPriceSet *set = ddb_price_catalog_get_set (catalog, s);
      const DdbFreeTier *ft = ddb_price_set_get_free_tier (set);

      g_assert_cmpfloat (ft->provisioned_wcu, ==, 25);
      g_assert_cmpfloat (ft->provisioned_rcu, ==, 25);
      g_assert_cmpfloat (ft->storage_gb_month, ==, 25);
      g_assert_cmpfloat (ft->stream_read_requests_month, ==, 2500000);
      g_assert_true (ddb_price_set_has_free_tier (set, DDB_TABLE_CLASS_STANDARD));
      g_assert_false (ddb_price_set_has_free_tier (set, DDB_TABLE_CLASS_STANDARD_IA));
      g_assert_nonnull (strstr (ft->source, "[GIST-FT]"));
      g_assert_cmpuint (ddb_price_set_get_item_overhead_bytes (set), ==, 100);
    }
}

static void
test_price_set_outlives_catalog (void)
{
  g_autoptr(DdbPriceSet) set = NULL;

  {
    g_autoptr(DdbPriceCatalog) catalog = load_us_east_1 ();

    set = ddb_price_set_ref (ddb_price_catalog_get_set (catalog, 1));
    g_assert_finalize_object (g_steal_pointer (&catalog));
  }

  g_assert_cmpfloat (ddb_price_get_usd (ddb_price_set_lookup (set, DDB_TABLE_CLASS_STANDARD,
                                                              DDB_PRICE_STORAGE_GB_MONTH)),
                     ==, 0.25);
}

static void
test_unknown_region (void)
{
  static const char *const regions[] = { "eu-west-1", "", "../pricing/us-east-1", "US-EAST-1" };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("No price sheet for Region \"%s\" "
                                                   "(known: us-east-1)", regions[i]);

      g_assert_null (ddb_price_catalog_new_for_region (regions[i], &error));
      g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ddb_price_catalog_new_from_file ("/nonexistent/prices.json", &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "/nonexistent/prices.json"));
}

/* ------------------------------------------------------------------------------------ */
/* Malformed sheets                                                                      */
/* ------------------------------------------------------------------------------------ */

/* An edit to the valid sheet: set the member at @path to @json, or remove it if NULL. */
typedef struct
{
  const char *path;
  const char *json;
} Edit;

typedef struct
{
  const char *name;
  Edit        edits[2];
  const char *message;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "missing-member",
    { { "price_sets[1].standard.provisioned_wcu_hour.usd", NULL } },
    "bad.json: price_sets[1].standard.provisioned_wcu_hour: missing \"usd\"" },
  { "missing-class",
    { { "price_sets[0].standard_ia", NULL } },
    "bad.json: price_sets[0]: missing \"standard_ia\"" },
  { "wrong-type",
    { { "price_sets[0].all_classes.restore_gb.usd", "\"0.15\"" } },
    "bad.json: price_sets[0].all_classes.restore_gb.usd: expected a number, found a string" },
  { "wrong-type-boolean",
    { { "price_sets[1].standard.on_demand_wru.verified", "\"yes\"" } },
    "bad.json: price_sets[1].standard.on_demand_wru.verified: expected true or false, "
    "found a string" },
  { "negative-price",
    { { "price_sets[1].standard_ia.storage_gb_month.usd", "-0.1" } },
    "bad.json: price_sets[1].standard_ia.storage_gb_month.usd: negative price (-0.1)" },
  { "negative-allowance",
    { { "price_sets[1].free_tier.storage_gb_month", "-25" } },
    "bad.json: price_sets[1].free_tier.storage_gb_month: negative allowance (-25)" },
  { "unknown-table-class",
    { { "price_sets[0].premium", "{}" } },
    "bad.json: price_sets[0].premium: unknown table class "
    "(expected \"standard\" or \"standard_ia\")" },
  { "unknown-free-tier-class",
    { { "price_sets[1].free_tier.table_classes", "[\"standard\", \"glacier\"]" } },
    "bad.json: price_sets[1].free_tier.table_classes[1]: unknown table class \"glacier\" "
    "(expected \"standard\" or \"standard_ia\")" },
  { "reserved-standard-ia",
    { { "price_sets[1].standard_ia.reserved_wcu_1y_upfront", "{}" } },
    "bad.json: price_sets[1].standard_ia.reserved_wcu_1y_upfront: "
    "Standard-IA tables are not eligible for reserved capacity" },
  { "unknown-member",
    { { "price_sets[1].standard.on_demand_wru.usd_per_million", "0.625" } },
    "bad.json: price_sets[1].standard.on_demand_wru.usd_per_million: unknown member" },
  { "unknown-source-tag",
    { { "price_sets[1].standard.on_demand_wru.source.tags", "[\"MESHQL\", \"NOPE\"]" } },
    "bad.json: price_sets[1].standard.on_demand_wru.source.tags[1]: "
    "unknown source tag \"NOPE\" (not in \"sources\")" },
  { "invalid-as-of",
    { { "price_sets[1].all_classes.ttl_delete.as_of", "\"2024-02-30\"" } },
    "bad.json: price_sets[1].all_classes.ttl_delete.as_of: "
    "invalid date \"2024-02-30\" (expected YYYY-MM-DD)" },
  { "overlapping-dates",
    { { "price_sets[0].effective_until", "\"2024-12-01\"" } },
    "bad.json: price_sets[1].effective_from: 2024-11-01 overlaps price_sets[0], "
    "in force until 2024-12-01" },
  { "gap-between-dates",
    { { "price_sets[0].effective_until", "\"2024-10-01\"" } },
    "bad.json: price_sets[1].effective_from: 2024-11-01 leaves a gap after price_sets[0], "
    "which ends on 2024-10-01" },
  { "unsorted-dates",
    { { "price_sets[0].effective_from", "\"2025-01-01\"" },
      { "price_sets[0].effective_until", "\"2025-06-01\"" } },
    "bad.json: price_sets[1].effective_from: 2024-11-01 is not after "
    "price_sets[0].effective_from (2025-01-01): price sets must be sorted by date" },
  { "until-before-from",
    { { "price_sets[1].effective_until", "\"2024-01-01\"" } },
    "bad.json: price_sets[1].effective_until: 2024-01-01 is not after effective_from "
    "(2024-11-01)" },
  { "open-ended-not-last",
    { { "price_sets[0].effective_until", "null" } },
    "bad.json: price_sets[0].effective_until: only the last price set may be open-ended" },
  { "no-start-not-first",
    { { "price_sets[1].effective_from", "null" } },
    "bad.json: price_sets[1].effective_from: only the first price set may have no start date" },
  { "no-price-set",
    { { "price_sets", "[]" } },
    "bad.json: price_sets: no price set" },
  { "schema",
    { { "schema", "\"ddbsim-price-sheet/2\"" } },
    "bad.json: schema: unsupported schema \"ddbsim-price-sheet/2\" "
    "(expected \"ddbsim-price-sheet/1\")" },
  { "currency",
    { { "currency", "\"EUR\"" } },
    "bad.json: currency: unsupported currency \"EUR\" (expected \"USD\")" },
  { "overhead-fraction",
    { { "storage_item_overhead_bytes.bytes", "100.5" } },
    "bad.json: storage_item_overhead_bytes.bytes: "
    "expected a whole number of bytes up to 4096, found 100.5" },
};

/* Small sheets that fail before any price set is read. */
typedef struct
{
  const char *name;
  const char *json;
  const char *message;   /* a g_pattern_match_simple() pattern */
} TinyCase;

static const TinyCase tiny_cases[] = {
  { "not-an-object", "[1, 2]", "bad.json: expected a JSON object" },
  { "empty-object", "{}", "bad.json: missing \"schema\"" },
  { "syntax", "{\n  \"schema\" \"ddbsim-price-sheet/1\"\n}",
    "bad.json:2:*: Parse error: *" },
  { "no-region", "{\"schema\": \"ddbsim-price-sheet/1\"}", "bad.json: missing \"region\"" },
  { "region-type",
    "{\"schema\": \"ddbsim-price-sheet/1\", \"region\": 1}",
    "bad.json: region: expected a string, found a number" },
  { "unknown-top-level",
    "{\"schema\": \"ddbsim-price-sheet/1\", \"regions\": []}",
    "bad.json: regions: unknown member" },
  { "source-not-string",
    "{\"schema\": \"ddbsim-price-sheet/1\", \"region\": \"x\", \"region_name\": \"X\", "
    "\"currency\": \"USD\", \"sources\": {\"A\": true}}",
    "bad.json: sources.A: expected a string, found a boolean" },
};

static JsonObject *
object_at (JsonNode   *root,
           char      **components,
           guint       n)
{
  JsonNode *node = root;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (components[i]);
      char *bracket = strchr (name, '[');
      guint index = 0;

      if (bracket != NULL)
        {
          index = (guint)g_ascii_strtoull (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      node = json_object_get_member (json_node_get_object (node), name);
      g_assert_nonnull (node);
      if (bracket != NULL)
        node = json_array_get_element (json_node_get_array (node), index);
    }

  return json_node_get_object (node);
}

static void
apply_edit (JsonNode   *root,
            const Edit *edit)
{
  g_auto(GStrv) components = g_strsplit (edit->path, ".", -1);
  guint n = g_strv_length (components);
  JsonObject *parent = object_at (root, components, n - 1);
  const char *name = components[n - 1];

  if (edit->json == NULL)
    {
      g_assert_true (json_object_has_member (parent, name));
      json_object_remove_member (parent, name);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      JsonNode *value = json_from_string (edit->json, &error);

      g_assert_no_error (error);
      json_object_set_member (parent, name, value);
    }
}

/* Loads @contents from a file named bad.json and returns the error. */
static GError *
load_contents (const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbPriceCatalog) catalog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ddb-price-catalog-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bad.json", NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  catalog = ddb_price_catalog_new_from_file (path, &error);
  g_assert_null (catalog);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  return g_steal_pointer (&error);
}

static void
test_malformed (gconstpointer data)
{
  const MalformedCase *mc = data;
  g_autofree char *path = sheet_path ();
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (contents, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (mc->edits) && mc->edits[i].path != NULL; i++)
    apply_edit (root, &mc->edits[i]);

  g_clear_pointer (&contents, g_free);
  contents = json_to_string (root, TRUE);
  error = load_contents (contents);
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG);
  g_assert_cmpstr (error->message, ==, mc->message);
}

static void
test_tiny (gconstpointer data)
{
  const TinyCase *tc = data;
  g_autoptr(GError) error = load_contents (tc->json);

  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG);
  g_test_message ("%s", error->message);
  g_assert_true (g_pattern_match_simple (tc->message, error->message));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/price-catalog/regions", test_regions);
  g_test_add_func ("/ddb/model/price-catalog/load-resource", test_load_resource);
  g_test_add_func ("/ddb/model/price-catalog/load-file", test_load_file);
  g_test_add_func ("/ddb/model/price-catalog/date-boundary", test_date_boundary);
  g_test_add_func ("/ddb/model/price-catalog/invalid-date", test_invalid_date);
  g_test_add_func ("/ddb/model/price-catalog/prices", test_prices);
  g_test_add_func ("/ddb/model/price-catalog/verified", test_verified);
  g_test_add_func ("/ddb/model/price-catalog/classes", test_classes);
  g_test_add_func ("/ddb/model/price-catalog/source", test_source);
  g_test_add_func ("/ddb/model/price-catalog/free-tier", test_free_tier);
  g_test_add_func ("/ddb/model/price-catalog/price-set-outlives-catalog",
                   test_price_set_outlives_catalog);
  g_test_add_func ("/ddb/model/price-catalog/unknown-region", test_unknown_region);
  g_test_add_func ("/ddb/model/price-catalog/missing-file", test_missing_file);

  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ddb/model/price-catalog/malformed/%s",
                                               malformed_cases[i].name);

      g_test_add_data_func (name, &malformed_cases[i], test_malformed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tiny_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ddb/model/price-catalog/malformed/%s",
                                               tiny_cases[i].name);

      g_test_add_data_func (name, &tiny_cases[i], test_tiny);
    }

  return g_test_run ();
}
