/* test-engine-billing-meter-json.c
 *
 * The billing meter written as JSON and read back (ddb_billing_meter_write_json(),
 * ddb_billing_meter_new_from_json()), driven directly as ddb-engine-billing.c drives it:
 * a provisioned table with capacity changes, a class switch and local index storage, an
 * on-demand table with an on-demand GSI and its backfill, and a table deleted and created
 * again, metered across the us-east-1 price change of 1 Nov 2024 so that both price sets
 * are held.  A copy read back from the JSON text must write the same JSON and the same
 * bills, bit for bit (every line and total, both hour rules, free tier on and off, an
 * hour still open and over), and go on metering as the original, also when the account's
 * hours were first billed out of order.  Extreme doubles survive the JSON text.  Price sets
 * the catalog does not have, and malformed input, are storage errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ddb-billing-meter.h"
#include "ddb-engine-error.h"

#define HOUR        G_GINT64_CONSTANT (3600)
#define START       G_GINT64_CONSTANT (1730413817)     /* 2024-10-31 22:30:17 UTC */
#define PRICE_DAY   G_GINT64_CONSTANT (1730419200)     /* 2024-11-01, new prices */
#define ROUND_TRIP  (START + 9000)                      /* 2024-11-01 01:00:17, 2.5 h on */
#define LATER       (ROUND_TRIP + 2 * HOUR)

/*****************************************************************************/

/* The workload: every resource's mode, class and storage, and its points, as functions of
 * the second, so that an original and a copy can be fed the same seconds. */

typedef enum
{
  ORDERS,           /* provisioned; capacity up mid-hour; Standard-IA for a while */
  EVENTS,           /* on-demand */
  EVENTS_BY_TYPE,   /* its on-demand GSI, created later, with a backfill */
  OLD_1,            /* "old", provisioned, deleted after 40 minutes */
  OLD_2,            /* "old" again, on-demand, created later */
  N_RESOURCES
} Resource;

#define ORDERS_UP        (START + 2000)      /* RCU 100 -> 250, within an hour */
#define ORDERS_IA        (START + 5000)      /* to Standard-IA, within an hour */
#define ORDERS_WCU_UP    (START + 7000)      /* WCU 50 -> 75 */
#define ORDERS_STANDARD  ROUND_TRIP          /* back to Standard */
#define GSI_CREATED      (START + 1000)
#define OLD_1_DELETED    (START + 2400)
#define OLD_2_CREATED    (START + 6000)

static gboolean
active (Resource resource,
        gint64   second)
{
  switch (resource)
    {
    case EVENTS_BY_TYPE:
      return second >= GSI_CREATED;
    case OLD_1:
      return second < OLD_1_DELETED;
    case OLD_2:
      return second >= OLD_2_CREATED;
    case ORDERS:
    case EVENTS:
    case N_RESOURCES:
    default:
      return TRUE;
    }
}

static DdbMeteredResource
describe (Resource resource,
          gint64   second)
{
  DdbMeteredResource r = { 0 };

  switch (resource)
    {
    case ORDERS:
      r = (DdbMeteredResource) { "t-orders", "orders", NULL, DDB_BILLING_PROVISIONED,
                                 DDB_TABLE_CLASS_STANDARD, 10, 5000 };
      if (second >= ORDERS_IA && second < ORDERS_STANDARD)
        r.table_class = DDB_TABLE_CLASS_STANDARD_IA;
      break;
    case EVENTS:
      r = (DdbMeteredResource) { "t-events", "events", NULL, DDB_BILLING_ON_DEMAND,
                                 DDB_TABLE_CLASS_STANDARD, 0, 0 };
      break;
    case EVENTS_BY_TYPE:
      r = (DdbMeteredResource) { "t-events", "events", "by_type", DDB_BILLING_ON_DEMAND,
                                 DDB_TABLE_CLASS_STANDARD, 0, 0 };
      break;
    case OLD_1:
      r = (DdbMeteredResource) { "t-old-1", "old", NULL, DDB_BILLING_PROVISIONED,
                                 DDB_TABLE_CLASS_STANDARD, 0, 0 };
      break;
    case OLD_2:
      r = (DdbMeteredResource) { "t-old-2", "old", NULL, DDB_BILLING_ON_DEMAND,
                                 DDB_TABLE_CLASS_STANDARD, 0, 0 };
      break;
    case N_RESOURCES:
    default:
      g_assert_not_reached ();
    }

  return r;
}

static DdbMetricPoint
point_at (Resource resource,
          gint64   second)
{
  DdbMetricPoint point = { 0 };
  gint64 age = second - START;

  point.second = second;
  /* Fractions such as 0.1 are not exact in binary: their sums show any reordering. */
  point.consumed_read = (double)(second % 7) * 0.5 + 0.1;
  point.consumed_write = (double)(second % 5) + 0.3 * resource;
  point.item_count = 10 + age / 60 + resource;
  point.size_bytes = 1000 + age * 37 + resource * 11;
  point.ttl_deleted = second % 100 == 0 ? 2 : 0;

  if (resource == ORDERS)
    {
      point.provisioned_read = second < ORDERS_UP ? 100 : 250;
      point.provisioned_write = second < ORDERS_WCU_UP ? 50 : 75;
    }
  else if (resource == OLD_1)
    {
      point.provisioned_read = 5;
      point.provisioned_write = 5;
    }
  else if (resource == EVENTS_BY_TYPE && second < GSI_CREATED + 600)
    point.backfill_write = 3.7;

  return point;
}

/* Meters the seconds [@from, @to) of every resource, looking each up every second as the
 * engine does for a run; "old" #1 hands over the counters of its last second when it is
 * deleted. */
static void
feed (DdbBillingMeter *meter,
      gint64           from,
      gint64           to)
{
  for (gint64 second = from; second < to; second++)
    for (Resource r = 0; r < N_RESOURCES; r++)
      {
        DdbMeteredResource resource = describe (r, second);
        DdbMetricPoint point = point_at (r, second);

        if (r == OLD_1 && second == OLD_1_DELETED)
          ddb_billing_meter_add_counters (meter, ddb_billing_meter_lookup (meter, &resource),
                                          &point);
        if (active (r, second))
          ddb_billing_meter_add_second (meter, ddb_billing_meter_lookup (meter, &resource),
                                        &point);
      }
}

/* Looks every live resource up as it stands in @second, without metering it: the class
 * switch at ORDERS_STANDARD is then recorded but not yet in the open hour. */
static void
touch (DdbBillingMeter *meter,
       gint64           second)
{
  for (Resource r = 0; r < N_RESOURCES; r++)
    if (active (r, second))
      {
        DdbMeteredResource resource = describe (r, second);

        ddb_billing_meter_lookup (meter, &resource);
      }
}

/*****************************************************************************/

static DdbPriceCatalog *
us_east_1 (void)
{
  g_autoptr(GError) error = NULL;
  DdbPriceCatalog *catalog = ddb_price_catalog_new_for_region ("us-east-1", &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);

  return catalog;
}

/* us-east-1 without its first price set: no prices before 1 Nov 2024. */
static DdbPriceCatalog *
trimmed_catalog (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "data", "pricing",
                                          "us-east-1.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *text = NULL;
  DdbPriceCatalog *catalog;
  JsonArray *sets;
  int fd;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  sets = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "price_sets");
  g_assert_cmpuint (json_array_get_length (sets), ==, 2);
  json_array_remove_element (sets, 0);
  text = json_to_string (json_parser_get_root (parser), TRUE);

  fd = g_file_open_tmp ("ddbsim-prices-XXXXXX.json", &tmp, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (tmp, text, -1, &error));
  g_assert_no_error (error);
  catalog = ddb_price_catalog_new_from_file (tmp, &error);
  g_unlink (tmp);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (ddb_price_catalog_get_n_sets (catalog), ==, 1);

  return catalog;
}

/* The meter as JSON text, as a database keeps it. */
static char *
to_text (DdbBillingMeter *meter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  ddb_billing_meter_write_json (meter, builder);
  root = json_builder_get_root (builder);
  g_assert_nonnull (root);

  return json_to_string (root, FALSE);
}

static DdbBillingMeter *
from_text (const char       *text,
           DdbPriceCatalog  *catalog,
           GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;

  root = json_from_string (text, &parse_error);
  g_assert_no_error (parse_error);

  return ddb_billing_meter_new_from_json (root, catalog, error);
}

/* Writes @meter and reads it back through JSON text with @catalog; the copy writes the
 * same text. */
static DdbBillingMeter *
round_trip (DdbBillingMeter *meter,
            DdbPriceCatalog *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = to_text (meter);
  g_autofree char *again = NULL;
  DdbBillingMeter *copy = from_text (text, catalog, &error);

  g_assert_no_error (error);
  g_assert_nonnull (copy);
  again = to_text (copy);
  g_assert_cmpstr (again, ==, text);

  return copy;
}

/*****************************************************************************/

static void
assert_same_double (double a,
                    double b)
{
  g_assert_cmpfloat (a, ==, b);
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
}

static void
assert_same_bill (DdbBill *a,
                  DdbBill *b)
{
  assert_same_double (ddb_bill_get_hours (a), ddb_bill_get_hours (b));
  assert_same_double (ddb_bill_get_total_usd (a), ddb_bill_get_total_usd (b));
  g_assert_cmpint (ddb_bill_get_verified (a), ==, ddb_bill_get_verified (b));
  g_assert_cmpuint (ddb_bill_get_n_lines (a), ==, ddb_bill_get_n_lines (b));

  for (guint i = 0; i < ddb_bill_get_n_lines (a); i++)
    {
      const DdbBillLine *x = ddb_bill_get_line (a, i);
      const DdbBillLine *y = ddb_bill_get_line (b, i);

      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpint (x->item, ==, y->item);
      g_assert_cmpint (x->table_class, ==, y->table_class);
      g_assert_cmpint (x->free_tier, ==, y->free_tier);
      g_assert_cmpint (x->recurring, ==, y->recurring);
      assert_same_double (x->quantity, y->quantity);
      g_assert_cmpstr (x->unit, ==, y->unit);
      assert_same_double (x->unit_price_usd, y->unit_price_usd);
      assert_same_double (x->usd, y->usd);
      g_assert_cmpint (x->verified, ==, y->verified);
      g_assert_cmpstr (x->source, ==, y->source);
      g_assert_cmpstr (x->as_of, ==, y->as_of);
      g_assert_cmpstr (x->table_name, ==, y->table_name);
      g_assert_cmpstr (x->index_name, ==, y->index_name);
    }
}

static DdbBill *
bill_of (DdbBillingMeter    *meter,
         const char         *table_name,
         gint64              now,
         gboolean            free_tier,
         DdbBillingHourRule  rule)
{
  DdbBillingConfig config = { free_tier, rule };
  g_autoptr(GError) error = NULL;
  DdbBill *bill = ddb_billing_meter_dup_bill (meter, table_name, now, &config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bill);

  return bill;
}

/* Every bill of @a and @b is the same: the account's and each table's, by both hour
 * rules, with and without the free tier, with the open hours still open at @now and over
 * an hour later. */
static void
assert_same_bills (DdbBillingMeter *a,
                   DdbBillingMeter *b,
                   gint64           now)
{
  const char *tables[] = { NULL, "orders", "events", "old", "never-metered" };
  const gint64 nows[] = { now, now + HOUR };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint n = 0; n < G_N_ELEMENTS (nows); n++)
      for (int free_tier = FALSE; free_tier <= TRUE; free_tier++)
        for (DdbBillingHourRule rule = DDB_BILLING_HOUR_MAX; rule <= DDB_BILLING_HOUR_PRORATED;
             rule++)
          {
            g_autoptr(DdbBill) x = bill_of (a, tables[t], nows[n], free_tier, rule);
            g_autoptr(DdbBill) y = bill_of (b, tables[t], nows[n], free_tier, rule);

            assert_same_bill (x, y);
          }
}

static guint
count_lines (DdbBill       *bill,
             const char    *table_name,
             DdbPriceItem   item,
             DdbTableClass  table_class,
             gboolean       credit)
{
  guint count = 0;

  for (guint i = 0; i < ddb_bill_get_n_lines (bill); i++)
    {
      const DdbBillLine *line = ddb_bill_get_line (bill, i);

      if (line->item == item && line->table_class == table_class &&
          line->free_tier == credit && g_strcmp0 (line->table_name, table_name) == 0)
        count++;
    }

  return count;
}

/*****************************************************************************/

static void
test_round_trip (void)
{
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  g_autoptr(DdbBill) account = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonArray *sets;

  g_test_summary ("2.5 hours of a provisioned table (capacity changes, a class switch, "
                  "local index storage), an on-demand table and GSI, and a deleted table, "
                  "across a price change, read back from JSON text: the same JSON and the "
                  "same bills, bit for bit, by both hour rules, with and without the free "
                  "tier, with its hours open and over");

  ddb_billing_meter_set_catalog (meter, catalog);
  feed (meter, START, ROUND_TRIP);
  touch (meter, ROUND_TRIP);

  copy = round_trip (meter, catalog);
  g_assert_true (ddb_billing_meter_get_catalog (copy) == catalog);
  assert_same_bills (meter, copy, ROUND_TRIP);

  /* The workload is what it claims: both price sets are referenced, by Region and start
   * (the first has none); the bill has Standard-IA lines, both hours' prices, credits. */
  text = to_text (meter);
  root = json_from_string (text, NULL);
  sets = json_object_get_array_member (json_node_get_object (root), "price_sets");
  g_assert_cmpuint (json_array_get_length (sets), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (sets, 0), 0),
                   ==, "us-east-1");
  g_assert_true (json_array_get_null_element (json_array_get_array_element (sets, 0), 1));
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (sets, 1), 1),
                   ==, "2024-11-01");

  account = bill_of (copy, NULL, ROUND_TRIP, TRUE, DDB_BILLING_HOUR_MAX);
  /* Standard-IA from 23:53:37 on 31 Oct: at the old prices and at the new. */
  g_assert_cmpuint (count_lines (account, "orders", DDB_PRICE_PROVISIONED_RCU_HOUR,
                                 DDB_TABLE_CLASS_STANDARD_IA, FALSE), ==, 2);
  g_assert_cmpuint (count_lines (account, "orders", DDB_PRICE_STORAGE_GB_MONTH,
                                 DDB_TABLE_CLASS_STANDARD_IA, FALSE), ==, 2);
  g_assert_cmpuint (count_lines (account, NULL, DDB_PRICE_PROVISIONED_RCU_HOUR,
                                 DDB_TABLE_CLASS_STANDARD, TRUE), >=, 1);
  g_assert_cmpuint (count_lines (account, NULL, DDB_PRICE_STORAGE_GB_MONTH,
                                 DDB_TABLE_CLASS_STANDARD, TRUE), >=, 1);
  g_assert_cmpfloat (ddb_bill_get_total_usd (account), >, 0);
  g_assert_cmpfloat (ddb_bill_get_hours (account), ==, 9000.0 / HOUR);
}

static void
test_continue (void)
{
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  g_autoptr(DdbBillingMeter) copy_of_copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;

  g_test_summary ("A meter read back goes on metering as the original: 2 more hours, the "
                  "class switched back before the copy was written, give the same JSON and "
                  "bills; so does a copy written again in the middle of an hour");

  ddb_billing_meter_set_catalog (meter, catalog);
  feed (meter, START, ROUND_TRIP);
  touch (meter, ROUND_TRIP);
  copy = round_trip (meter, catalog);

  feed (meter, ROUND_TRIP, LATER - 1234);
  feed (copy, ROUND_TRIP, LATER - 1234);
  copy_of_copy = round_trip (copy, catalog);
  feed (meter, LATER - 1234, LATER);
  feed (copy, LATER - 1234, LATER);
  feed (copy_of_copy, LATER - 1234, LATER);

  text = to_text (meter);
  copy_text = to_text (copy);
  g_assert_cmpstr (copy_text, ==, text);
  g_clear_pointer (&copy_text, g_free);
  copy_text = to_text (copy_of_copy);
  g_assert_cmpstr (copy_text, ==, text);

  assert_same_bills (meter, copy, LATER);
  assert_same_bills (meter, copy_of_copy, LATER);
}

/* Meters @hours hours of one provisioned Standard resource from @from, with capacity only
 * in the hours (counted from @from) of @ranges, pairs [first, end) ending with -1, and
 * not a whole number (so that sums of it round). */
static void
feed_capacity (DdbBillingMeter *meter,
               const char      *table_id,
               gint64           from,
               gint64           hours,
               const gint64    *ranges)
{
  DdbMeteredResource resource = { table_id, table_id, NULL, DDB_BILLING_PROVISIONED,
                                  DDB_TABLE_CLASS_STANDARD, 0, 0 };
  DdbMeterEntry *entry = ddb_billing_meter_lookup (meter, &resource);

  for (gint64 second = from; second < from + hours * HOUR; second++)
    {
      DdbMetricPoint point = { .second = second };
      gint64 hour = (second - from) / HOUR;

      for (guint i = 0; ranges[i] >= 0; i += 2)
        if (hour >= ranges[i] && hour < ranges[i + 1])
          {
            /* Below the free tier's 25 units, scattered. */
            point.provisioned_read = 0.5 + (double)((hour * 2654435761u) % 900) / 37.0;
            point.provisioned_write = 0.5 + (double)((hour * 40503u) % 900) / 41.0;
          }
      ddb_billing_meter_add_second (meter, entry, &point);
    }
}

static void
test_unordered_hours (void)
{
  static const gint64 late_hours[] = { 50, 56, 100, 106, -1 };
  static const gint64 early_hours[] = { 0, 2, -1 };
  static const gint64 after_hours[] = { 0, 2, -1 };
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  gint64 from = PRICE_DAY - 3 * HOUR;

  g_test_summary ("The free tier's sums over the account's hours do not depend on the order "
                  "the hours were first billed in (nor on a hash table's): hours far apart, "
                  "billed out of order by two tables, across a price change, bill the same "
                  "read back");

  ddb_billing_meter_set_catalog (meter, catalog);
  /* The engine meters a run of seconds table by table: "late" bills hours 50-55 and
   * 100-105 into the account first, "early" then hours 0-1, at the old prices.  (With
   * GLib 2.74's hash tables, summing in a hash table's order would put the old prices'
   * credits first in the original's bill and last in the copy's.) */
  feed_capacity (meter, "late", from, 110, late_hours);
  feed_capacity (meter, "early", from, 110, early_hours);
  copy = round_trip (meter, catalog);
  assert_same_bills (meter, copy, from + 110 * HOUR);

  feed_capacity (meter, "after", from + 110 * HOUR, 2, after_hours);
  feed_capacity (copy, "after", from + 110 * HOUR, 2, after_hours);
  assert_same_bills (meter, copy, from + 112 * HOUR);
}

static void
test_deleted_table (void)
{
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  g_autoptr(DdbBill) old = NULL;

  g_test_summary ("A deleted table's entry, and the counters of its last second, survive: "
                  "both incarnations of \"old\" are on its bill after the round trip");

  ddb_billing_meter_set_catalog (meter, catalog);
  feed (meter, START, ROUND_TRIP);
  copy = round_trip (meter, catalog);

  g_assert_true (ddb_billing_meter_has_table (copy, "old"));
  g_assert_false (ddb_billing_meter_has_table (copy, "never-metered"));
  old = bill_of (copy, "old", ROUND_TRIP, FALSE, DDB_BILLING_HOUR_MAX);
  /* 2,400 seconds of the first, 3,000 of the second. */
  g_assert_cmpfloat (ddb_bill_get_hours (old), ==, 5400.0 / HOUR);
  g_assert_cmpuint (count_lines (old, "old", DDB_PRICE_PROVISIONED_WCU_HOUR,
                                 DDB_TABLE_CLASS_STANDARD, FALSE), ==, 1);
  g_assert_cmpuint (count_lines (old, "old", DDB_PRICE_ON_DEMAND_WRU,
                                 DDB_TABLE_CLASS_STANDARD, FALSE), ==, 1);
  assert_same_bills (meter, copy, ROUND_TRIP);
}

static void
test_empty (void)
{
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  g_autoptr(DdbBill) bill = NULL;

  g_test_summary ("A meter that metered nothing reads back; without a catalog the copy "
                  "prices by the embedded us-east-1 sheet");

  copy = round_trip (meter, NULL);
  bill = bill_of (copy, NULL, START, TRUE, DDB_BILLING_HOUR_MAX);
  g_assert_cmpuint (ddb_bill_get_n_lines (bill), ==, 0);
  g_assert_cmpfloat (ddb_bill_get_hours (bill), ==, 0);
  g_assert_cmpstr (ddb_price_catalog_get_region (ddb_billing_meter_get_catalog (copy)), ==,
                   "us-east-1");

  feed (meter, START, START + 10);
  feed (copy, START, START + 10);
  assert_same_bills (meter, copy, START + 10);
}

static void
test_catalog (void)
{
  g_autoptr(DdbPriceCatalog) full = us_east_1 ();
  g_autoptr(DdbPriceCatalog) trimmed = trimmed_catalog ();
  g_autoptr(DdbBillingMeter) meter = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) unpriced = ddb_billing_meter_new ();
  g_autoptr(DdbBillingMeter) copy = NULL;
  g_autoptr(DdbBillingMeter) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy_error = NULL;
  g_autofree char *text = NULL;
  DdbBillingConfig config = { FALSE, DDB_BILLING_HOUR_MAX };
  DdbBill *bill;

  g_test_summary ("A price set the catalog does not have is a storage error naming it; the "
                  "first unpriced second survives, and so does the catalog (the meter holds "
                  "a reference)");

  /* Metered before 1 Nov 2024 with the full sheet: its first set is not in the trimmed one. */
  ddb_billing_meter_set_catalog (meter, full);
  feed (meter, PRICE_DAY - 100, PRICE_DAY + 100);
  text = to_text (meter);
  failed = from_text (text, trimmed, &error);
  g_assert_null (failed);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE);
  g_assert_true (g_str_has_prefix (error->message, "storage: "));
  g_assert_nonnull (strstr (error->message, "us-east-1"));
  g_assert_null (strstr (error->message, "malformed"));
  g_clear_error (&error);

  /* Metered with the trimmed sheet: the seconds before 1 Nov have no prices. */
  ddb_billing_meter_set_catalog (unpriced, trimmed);
  feed (unpriced, PRICE_DAY - 100, PRICE_DAY + 100);
  g_clear_pointer (&text, g_free);
  text = to_text (unpriced);
  copy = from_text (text, trimmed, &error);
  g_assert_no_error (error);

  bill = ddb_billing_meter_dup_bill (unpriced, NULL, PRICE_DAY + 100, &config, &error);
  g_assert_null (bill);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  bill = ddb_billing_meter_dup_bill (copy, NULL, PRICE_DAY + 100, &config, &copy_error);
  g_assert_null (bill);
  g_assert_error (copy_error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (copy_error->message, ==, error->message);
  g_assert_nonnull (strstr (error->message, "2024-10-31"));

  feed (unpriced, PRICE_DAY + 100, PRICE_DAY + 200);
  feed (copy, PRICE_DAY + 100, PRICE_DAY + 200);
  g_clear_pointer (&text, g_free);
  text = to_text (unpriced);
  {
    g_autofree char *copy_text = to_text (copy);

    g_assert_cmpstr (copy_text, ==, text);
  }

  /* The copy holds its own reference to the catalog: it outlives every other one. */
  g_clear_pointer (&unpriced, ddb_billing_meter_free);
  g_clear_object (&trimmed);
  g_assert_cmpuint (ddb_price_catalog_get_n_sets (ddb_billing_meter_get_catalog (copy)), ==, 1);
  feed (copy, PRICE_DAY + 200, PRICE_DAY + 300);
}

/*****************************************************************************/

/* A small meter as ddb_billing_meter_write_json() writes it: "orders" in the second hour
 * of 1 Nov 2024 (480674), Standard-IA since the hour began, one closed hour. */
static const char base_json[] =
  "{\"version\": 1,"
  " \"price_sets\": [[\"us-east-1\", \"2024-11-01\"]],"
  " \"unpriced_second\": 0,"
  " \"entries\": [{\"table_id\": \"t-1\", \"table\": \"orders\", \"index\": null,"
  " \"billing\": 0, \"class\": 1, \"extra\": [10, 5000],"
  " \"seconds\": [1730419200, 1730426401],"
  " \"usage\": [[0, 0, \"100\", \"99.5\", \"50\", \"50\", \"0\", \"0\", \"12345.5\", \"3\"]],"
  " \"open\": [480674, 0, 1, \"250\", \"75\", \"250\", \"75\", \"0\", \"0\", \"678.25\", \"0\"]}],"
  " \"hours\": [[480673, 0, \"100\", \"100\", \"50\", \"50\"]]}";

typedef struct
{
  const char *find;        /* NULL: @replace is the whole document */
  const char *replace;
} Mutation;

static char *
mutate (const Mutation *mutation)
{
  const char *at;

  if (mutation->find == NULL)
    return g_strdup (mutation->replace);

  at = strstr (base_json, mutation->find);
  g_assert_nonnull (at);

  return g_strdup_printf ("%.*s%s%s", (int)(at - base_json), base_json, mutation->replace,
                          at + strlen (mutation->find));
}

static void
test_base_loads (void)
{
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();
  g_autoptr(DdbBillingMeter) meter = NULL;
  g_autoptr(DdbBill) bill = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("The hand-written meter the malformed cases start from is well formed, "
                  "bills its hours and writes itself back the same");

  meter = from_text (base_json, catalog, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meter);
  bill = bill_of (meter, NULL, 1730426401, FALSE, DDB_BILLING_HOUR_MAX);
  g_assert_cmpfloat (ddb_bill_get_hours (bill), ==, 7201.0 / HOUR);
  g_assert_cmpuint (count_lines (bill, "orders", DDB_PRICE_PROVISIONED_RCU_HOUR,
                                 DDB_TABLE_CLASS_STANDARD, FALSE), ==, 1);
  g_assert_cmpuint (count_lines (bill, "orders", DDB_PRICE_PROVISIONED_RCU_HOUR,
                                 DDB_TABLE_CLASS_STANDARD_IA, FALSE), ==, 1);

  text = to_text (meter);
  {
    g_autoptr(JsonNode) a = json_from_string (text, NULL);
    g_autoptr(JsonNode) b = json_from_string (base_json, NULL);

    g_assert_true (json_node_equal (a, b));
  }
}

static void
test_doubles (void)
{
  static const Mutation cases[] = {
    { "\"12345.5\"", "\"1e+22\"" },                          /* json-glib writes "1e+22.0" */
    { "\"12345.5\"", "\"4.9406564584124654e-324\"" },
    { "\"12345.5\"", "\"1.7976931348623157e+308\"" },
    { "\"12345.5\"", "\"0.30000000000000004\"" },
    { "\"12345.5\"", "\"-0\"" },
  };
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();

  g_test_summary ("Doubles are \"%.17g\" strings: extreme values read back and write out bit "
                  "for bit through JSON text; a plain JSON number is read too");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mutate (&cases[i]);
      g_autoptr(DdbBillingMeter) meter = NULL;
      g_autoptr(DdbBillingMeter) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;

      meter = from_text (text, catalog, &error);
      g_assert_no_error (error);
      written = to_text (meter);
      g_assert_nonnull (strstr (written, cases[i].replace));
      copy = round_trip (meter, catalog);
      assert_same_bills (meter, copy, 1730426401);
    }

  {
    const Mutation number = { "\"12345.5\"", "12345.5" };
    g_autofree char *text = mutate (&number);
    g_autoptr(DdbBillingMeter) meter = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *written = NULL;

    meter = from_text (text, catalog, &error);
    g_assert_no_error (error);
    written = to_text (meter);
    g_assert_nonnull (strstr (written, "\"12345.5\""));
  }
}

static void
test_malformed (void)
{
  static const Mutation cases[] = {
    { NULL, "[]" },
    { NULL, "42" },
    { NULL, "null" },
    { NULL, "{}" },
    { "\"version\": 1", "\"version\": 2" },
    { "\"version\": 1", "\"version\": \"1\"" },
    { "\"version\": 1,", "" },
    { "\"unpriced_second\": 0", "\"unpriced_second\": -5" },
    { "\"unpriced_second\": 0", "\"unpriced_second\": 0.5" },
    { "[[\"us-east-1\", \"2024-11-01\"]]", "[[\"us-east-1\"]]" },
    { "[[\"us-east-1\", \"2024-11-01\"]]", "[[1, \"2024-11-01\"]]" },
    { "[[\"us-east-1\", \"2024-11-01\"]]", "{}" },
    { "\"price_sets\"", "\"prices\"" },
    { "\"entries\": [{", "\"entries\": [7, {" },
    { "\"entries\"", "\"entry\"" },
    { "\"table_id\": \"t-1\"", "\"table_id\": 1" },
    { "\"table_id\": \"t-1\"", "\"table_id\": \"\"" },
    { "\"table\": \"orders\", ", "" },
    { "\"index\": null", "\"index\": 3" },
    { "\"billing\": 0", "\"billing\": 2" },
    { "\"class\": 1", "\"class\": -1" },
    { "\"class\": 1", "\"class\": \"1\"" },
    { "\"extra\": [10, 5000]", "\"extra\": [-1, 5000]" },
    { "\"extra\": [10, 5000]", "\"extra\": [10, -5000]" },
    { "\"extra\": [10, 5000]", "\"extra\": [10]" },
    { "\"extra\": [10, 5000]", "\"extra\": 10" },
    { "[1730419200, 1730426401]", "[1730426401, 1730426401]" },
    { "[1730419200, 1730426401]", "[5, 0]" },
    { "[1730419200, 1730426401]", "[-3, 1730426401]" },
    { "[1730419200, 1730426401]", "[1730419200.5, 1730426401]" },
    { "[1730419200, 1730426401]", "[0, 0]" },               /* an open hour with no second */
    { "[[0, 0, \"100\"", "[[3, 0, \"100\"" },               /* no such price set */
    { "[[0, 0, \"100\"", "[[-1, 0, \"100\"" },
    { "[[0, 0, \"100\"", "[[0, 2, \"100\"" },
    { "\"12345.5\"", "\"-1\"" },                            /* a negative quantity */
    { "\"12345.5\"", "-1.5" },
    { "\"12345.5\"", "\"nan\"" },
    { "\"12345.5\"", "\"inf\"" },
    { "\"12345.5\"", "\"12x\"" },
    { "\"12345.5\"", "\"\"" },
    { "\"12345.5\"", "true" },
    { "\"12345.5\"", "null" },
    { "\"12345.5\", \"3\"]]", "\"12345.5\"]]" },
    { "\"usage\": [[", "\"usage\": [5, [" },
    { "\"usage\": [[0, 0, \"100\", \"99.5\", \"50\", \"50\", \"0\", \"0\", \"12345.5\", \"3\"]]",
      "\"usage\": {}" },
    { "[480674, 0, 1,", "[480673, 0, 1," },                 /* M2: not the last second's */
    { "[480674, 0, 1,", "[480674, 0, 2," },
    { "[480674, 0, 1,", "[480674, 5, 1," },
    { "\"678.25\"", "\"-678.25\"" },
    { "\"678.25\", \"0\"]", "\"678.25\"]" },
    { "\"open\":", "\"opened\":" },
    { "[[480673, 0,", "[[-1, 0," },
    { "[[480673, 0,", "[[480673, 1," },
    { "[[480673, 0, \"100\", \"100\", \"50\", \"50\"]]",
      "[[480673, 0, \"100\", \"100\", \"50\", \"50\"], [480673, 0, \"1\", \"1\", \"1\", \"1\"]]" },
    { "[[480673, 0, \"100\", \"100\", \"50\", \"50\"]]", "[[480673, 0, \"100\"]]" },
    { "\"hours\"", "\"hour\"" },
    { "\"entries\": [{\"table_id\": \"t-1\"",                /* the same entry twice */
      "\"entries\": [{\"table_id\": \"t-1\", \"table\": \"orders\", \"index\": null,"
      " \"billing\": 0, \"class\": 0, \"extra\": [0, 0], \"seconds\": [0, 0],"
      " \"usage\": [], \"open\": null}, {\"table_id\": \"t-1\"" },
  };
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();

  g_test_summary ("Malformed meters (wrong types, missing members, negative counts and "
                  "quantities, broken invariants, unknown price set indexes) are storage "
                  "errors, without a crash or a leak");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mutate (&cases[i]);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(DdbBillingMeter) meter = NULL;
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, text);
      root = json_from_string (text, &parse_error);
      g_assert_no_error (parse_error);
      meter = ddb_billing_meter_new_from_json (root, catalog, &error);
      g_assert_null (meter);
      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE);
      g_test_message ("-> %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "storage: malformed billing meter"));
    }

  /* No document at all (an empty text parses to no root). */
  {
    g_autoptr(GError) error = NULL;
    DdbBillingMeter *meter = ddb_billing_meter_new_from_json (NULL, catalog, &error);

    g_assert_null (meter);
    g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE);
  }
}

static void
test_unknown_price_set (void)
{
  static const Mutation cases[] = {
    { "[[\"us-east-1\", \"2024-11-01\"]]", "[[\"us-east-1\", \"2019-06-01\"]]" },
    { "[[\"us-east-1\", \"2024-11-01\"]]", "[[\"eu-west-1\", \"2024-11-01\"]]" },
    { "[[\"us-east-1\", \"2024-11-01\"]]", "[[\"us-east-1\", \"2024-11-01\"], [\"x\", null]]" },
  };
  g_autoptr(DdbPriceCatalog) catalog = us_east_1 ();

  g_test_summary ("A price set reference the catalog cannot resolve (a date no set starts "
                  "on, another Region) is a storage error naming it");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mutate (&cases[i]);
      g_autoptr(DdbBillingMeter) meter = NULL;
      g_autoptr(GError) error = NULL;

      meter = from_text (text, catalog, &error);
      g_assert_null (meter);
      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE);
      g_assert_true (g_str_has_prefix (error->message, "storage: "));
      g_test_message ("%s -> %s", text, error->message);
      g_assert_null (strstr (error->message, "malformed"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/engine/billing-meter-json/round-trip", test_round_trip);
  g_test_add_func ("/ddb/engine/billing-meter-json/continue", test_continue);
  g_test_add_func ("/ddb/engine/billing-meter-json/unordered-hours", test_unordered_hours);
  g_test_add_func ("/ddb/engine/billing-meter-json/deleted-table", test_deleted_table);
  g_test_add_func ("/ddb/engine/billing-meter-json/empty", test_empty);
  g_test_add_func ("/ddb/engine/billing-meter-json/catalog", test_catalog);
  g_test_add_func ("/ddb/engine/billing-meter-json/base-loads", test_base_loads);
  g_test_add_func ("/ddb/engine/billing-meter-json/doubles", test_doubles);
  g_test_add_func ("/ddb/engine/billing-meter-json/malformed", test_malformed);
  g_test_add_func ("/ddb/engine/billing-meter-json/unknown-price-set", test_unknown_price_set);

  return g_test_run ();
}
