/* ddb-billing-meter.c
 *
 * Design notes
 * ------------
 * The meter turns closed per-second metric points (ddb-metrics.h) into the quantities
 * DynamoDB bills, then prices them with the model's cost functions (ddb-cost.h) when a bill
 * is asked for.  An entry is one incarnation of a table (its TableId) or one of its GSIs.
 * It keeps its Usage per (price set, table class), so a class switch or a price change
 * starts new lines instead of repricing the past.  Deleted tables stay in the meter.
 *
 * What each closed second adds (rulebook section 8; docs/model-parameters.md):
 *
 *   provisioned capacity  the point's provisioned gauges: the hour's highest value and its
 *                         unit-seconds.  When the entry's seconds reach a later hour, the
 *                         hour is billed as unit-hours by both rules (DdbBillingHourRule),
 *                         so the rule can be chosen when the bill is written, at the class
 *                         of its last second
 *   on-demand units       consumed units of an on-demand table or GSI are request units
 *                         (ddbsim counts capacity units, which equal request units there);
 *                         a new GSI's backfill writes count as write request units
 *   storage               (item bytes + 100 bytes per item or index entry) x 1 second,
 *                         local secondary index entries with their table
 *   TTL deletes           counted, free
 *
 * Seconds add into the entry's open hour (OpenHour): its capacity, and in `pending` the
 * rest, at the hour's price set and the current class.  A class change within the hour
 * moves `pending` into the entry's Usage; the end of the hour moves all of it.  A bill
 * reads the open hour as it stands, without changing it.
 *
 * For the free tier (per account and Region, not per table) the meter also sums the
 * Standard-class capacity of every closed hour over all entries (AccountHour).  The
 * account's period runs from the first metered second of any entry to the last.
 *
 * Invariants:
 *   M1  an entry's seconds are metered once each, in increasing order (the metrics close
 *       them so; a second already metered is ignored); first_second < end_second once
 *       one arrived, end_second == 0 before
 *   M2  open.hour == -1, or open.hour == (end_second - 1) / 3600 and open.pending holds
 *       the hour's price set
 *   M3  every price set pointer the meter holds carries a reference
 * _ddb_meter_entry_check() asserts M1 and M2 after every metered second (debug builds).
 *
 * Cost per closed second: a few comparisons and additions into the open hour.  The caller
 * holds the entry for a run of seconds (ddb_billing_meter_lookup()), so nothing is looked
 * up; an hour boundary adds a price lookup (cached per day), a search of the entry's
 * Usages (a handful) and, for Standard capacity, one hash table update.  Writing a bill
 * costs O(entries x Usages + days metered), and with the free tier O(h log h) more for
 * the h hours metered (their sums are taken in order of hour, so that they do not depend
 * on a hash table's order).
 *
 * Persistence (ddb-billing-meter-json.c): ddb_billing_meter_write_json() writes the whole
 * state, and ddb_billing_meter_new_from_json() reads it back into a meter that bills, and
 * goes on metering, exactly as the original: doubles are written as "%.17g" strings, which read
 * back bit for bit (json-glib's own output of a double does not always: it writes 1e22
 * as "1e+22.0").  A price set is written as a reference the catalog resolves again, its
 * Region and effective_from, never as prices.  The per-day price cache is not written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-billing-meter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ddb-billing-meter-private.h"
#include "ddb-engine-error.h"

#define SECONDS_PER_DAY    G_GINT64_CONSTANT (86400)
#define UNIX_EPOCH_JULIAN  719163          /* g_date_get_julian () of 1970-01-01 */
#define DEFAULT_REGION     "us-east-1"

#ifndef G_DISABLE_ASSERT
gboolean
_ddb_meter_entry_check (const DdbMeterEntry *entry)
{
  g_assert (entry->end_second == 0 || entry->first_second < entry->end_second);   /* M1 */
  g_assert (entry->open.hour == -1 ||
            (entry->open.hour == (entry->end_second - 1) / SECONDS_PER_HOUR &&
             entry->open.pending.prices != NULL));                                /* M2 */

  return TRUE;
}
#endif

/* ---------------------------------------------------------------------------------------
 * Construction
 * ------------------------------------------------------------------------------------- */

static void
usage_clear (gpointer data)
{
  Usage *usage = data;

  g_clear_pointer (&usage->prices, ddb_price_set_unref);
}

static void
account_hour_free (gpointer data)
{
  AccountHour *hour = data;

  ddb_price_set_unref (hour->prices);
  g_free (hour);
}

static void
entry_free (gpointer data)
{
  DdbMeterEntry *entry = data;

  g_free (entry->table_id);
  g_free (entry->table_name);
  g_free (entry->index_name);
  g_array_unref (entry->usage);
  usage_clear (&entry->open.pending);
  g_free (entry);
}

DdbBillingMeter *
ddb_billing_meter_new (void)
{
  DdbBillingMeter *meter = g_new0 (DdbBillingMeter, 1);

  meter->day = -1;
  meter->entries = g_ptr_array_new_with_free_func (entry_free);
  meter->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  meter->hours = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, account_hour_free);

  return meter;
}

void
ddb_billing_meter_free (DdbBillingMeter *meter)
{
  if (meter == NULL)
    return;

  g_clear_object (&meter->catalog);
  g_hash_table_unref (meter->tables);
  g_ptr_array_unref (meter->entries);
  g_hash_table_unref (meter->hours);
  g_free (meter);
}

/**
 * ddb_billing_meter_set_catalog:
 * @catalog: (nullable): the price sheet for the seconds metered from now on; NULL for the
 *   embedded us-east-1 sheet
 *
 * Seconds already metered keep the prices they were metered at.
 */
void
ddb_billing_meter_set_catalog (DdbBillingMeter *meter,
                               DdbPriceCatalog *catalog)
{
  g_return_if_fail (meter != NULL);
  g_return_if_fail (catalog == NULL || DDB_IS_PRICE_CATALOG (catalog));

  g_set_object (&meter->catalog, catalog);
  meter->day = -1;
  meter->day_prices = NULL;
}

/* Returns: (transfer none) (nullable): the price sheet in use, loaded on first use. */
DdbPriceCatalog *
ddb_billing_meter_get_catalog (DdbBillingMeter *meter)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (meter != NULL, NULL);

  if (meter->catalog == NULL)
    {
      meter->catalog = ddb_price_catalog_new_for_region (DEFAULT_REGION, &error);
      if (meter->catalog == NULL)
        g_critical ("The embedded %s price sheet does not load: %s", DEFAULT_REGION,
                    error->message);
    }

  return meter->catalog;
}

/* ---------------------------------------------------------------------------------------
 * Metering
 * ------------------------------------------------------------------------------------- */

/* Returns: (transfer none) (nullable): the price set in force on @second's UTC day. */
static DdbPriceSet *
prices_for (DdbBillingMeter *meter,
            gint64           second)
{
  gint64 day = second / SECONDS_PER_DAY;
  DdbPriceCatalog *catalog;
  GDate date;

  if (day == meter->day)
    return meter->day_prices;

  catalog = ddb_billing_meter_get_catalog (meter);
  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32)(day + UNIX_EPOCH_JULIAN));
  meter->day = day;
  meter->day_prices = catalog != NULL ? ddb_price_catalog_lookup_set_for_date (catalog, &date)
                                      : NULL;

  return meter->day_prices;
}

/* prices_for(), noting the first second without prices. */
static DdbPriceSet *
priced (DdbBillingMeter *meter,
        gint64           second)
{
  DdbPriceSet *prices = prices_for (meter, second);

  if (prices == NULL && meter->unpriced_second == 0)
    meter->unpriced_second = second;

  return prices;
}

/* Returns: (transfer none) (nullable): the entry of @table_id's table (@index_name NULL)
 * or of its GSI @index_name. */
DdbMeterEntry *
_ddb_meter_entry_find (DdbBillingMeter *meter,
            const char      *table_id,
            const char      *index_name)
{
  GPtrArray *group = g_hash_table_lookup (meter->tables, table_id);

  /* Bounded by the table's GSIs (20 at most). */
  for (guint i = 0; group != NULL && i < group->len; i++)
    if (g_strcmp0 (((DdbMeterEntry *)g_ptr_array_index (group, i))->index_name,
                   index_name) == 0)
      return g_ptr_array_index (group, i);

  return NULL;
}

/* Returns: (transfer none): a new entry, nothing metered, owned by @meter. */
DdbMeterEntry *
_ddb_meter_entry_add (DdbBillingMeter *meter,
           const char      *table_id,
           const char      *table_name,
           const char      *index_name)
{
  DdbMeterEntry *entry = g_new0 (DdbMeterEntry, 1);
  GPtrArray *group = g_hash_table_lookup (meter->tables, table_id);

  if (group == NULL)
    {
      group = g_ptr_array_new ();
      g_hash_table_insert (meter->tables, g_strdup (table_id), group);
    }

  entry->table_id = g_strdup (table_id);
  entry->table_name = g_strdup (table_name);
  entry->index_name = g_strdup (index_name);
  entry->usage = g_array_new (FALSE, TRUE, sizeof (Usage));
  g_array_set_clear_func (entry->usage, usage_clear);
  entry->open.hour = -1;
  g_ptr_array_add (group, entry);
  g_ptr_array_add (meter->entries, entry);

  return entry;
}

/**
 * ddb_billing_meter_lookup:
 * @resource: a table or GSI as it stands
 *
 * Finds (or adds) the meter's entry for @resource and records its billing mode, class and
 * extra storage for the seconds metered next.  The caller keeps the entry for a run of
 * seconds, so that metering a second looks nothing up.
 *
 * Returns: (transfer none): the entry
 */
DdbMeterEntry *
ddb_billing_meter_lookup (DdbBillingMeter          *meter,
                          const DdbMeteredResource *resource)
{
  DdbMeterEntry *entry;

  g_return_val_if_fail (meter != NULL, NULL);
  g_return_val_if_fail (resource != NULL && resource->table_id != NULL, NULL);

  entry = _ddb_meter_entry_find (meter, resource->table_id, resource->index_name);
  if (entry == NULL)
    entry = _ddb_meter_entry_add (meter, resource->table_id, resource->table_name,
                       resource->index_name);

  entry->billing_mode = resource->billing_mode;
  entry->table_class = resource->table_class;
  entry->extra_items = resource->extra_items;
  entry->extra_bytes = resource->extra_bytes;

  return entry;
}

/* Adds @usage's quantities (not its price set and class) to @sum. */
static void
usage_add (Usage       *sum,
           const Usage *usage)
{
  for (guint rule = 0; rule < N_RULES; rule++)
    {
      sum->rcu_hours[rule] += usage->rcu_hours[rule];
      sum->wcu_hours[rule] += usage->wcu_hours[rule];
    }
  sum->read_request_units += usage->read_request_units;
  sum->write_request_units += usage->write_request_units;
  sum->byte_seconds += usage->byte_seconds;
  sum->ttl_deletes += usage->ttl_deletes;
}

/* Returns: (transfer none): @entry's Usage at @prices and @table_class, added if new;
 * valid until the next call. */
static Usage *
usage_for (DdbMeterEntry *entry,
           DdbPriceSet   *prices,
           DdbTableClass  table_class)
{
  Usage added = { 0 };

  /* Bounded by the price sets and classes the entry has seen, a handful. */
  for (guint i = 0; i < entry->usage->len; i++)
    {
      Usage *usage = &g_array_index (entry->usage, Usage, i);

      if (usage->prices == prices && usage->table_class == table_class)
        return usage;
    }

  added.prices = ddb_price_set_ref (prices);
  added.table_class = table_class;
  g_array_append_val (entry->usage, added);

  return &g_array_index (entry->usage, Usage, entry->usage->len - 1);
}

/* Adds what @point counted: request units (on-demand only: a provisioned table's units
 * are paid for by its capacity) and TTL deletes. */
static inline void
add_counters (Usage                *usage,
              const DdbMeterEntry  *entry,
              const DdbMetricPoint *point)
{
  if (entry->billing_mode == DDB_BILLING_ON_DEMAND)
    {
      usage->read_request_units += point->consumed_read;
      usage->write_request_units += point->consumed_write + point->backfill_write;
    }
  usage->ttl_deletes += point->ttl_deleted;
}

/* Moves what the open hour's pending Usage holds into the entry's Usage. */
static void
flush_pending (DdbMeterEntry *entry)
{
  Usage *pending = &entry->open.pending;
  DdbPriceSet *prices = pending->prices;
  DdbTableClass table_class = pending->table_class;

  usage_add (usage_for (entry, prices, table_class), pending);
  memset (pending, 0, sizeof *pending);
  pending->prices = prices;
  pending->table_class = table_class;
}

/* The unit-hours of @open by @rule; an hour the clock is still in (!@complete) is billed
 * for its seconds so far whatever the rule, so that a bill projects to a month at the
 * rate of the capacity, not of a whole hour for a few seconds. */
static void
open_hour_units (const OpenHour     *open,
                 DdbBillingHourRule  rule,
                 gboolean            complete,
                 double             *rcu_hours,
                 double             *wcu_hours)
{
  if (rule == DDB_BILLING_HOUR_MAX && complete)
    {
      *rcu_hours = open->max_rcu;
      *wcu_hours = open->max_wcu;
    }
  else
    {
      *rcu_hours = open->rcu_seconds / SECONDS_PER_HOUR;
      *wcu_hours = open->wcu_seconds / SECONDS_PER_HOUR;
    }
}

/* Returns: (transfer none): the entry of @hours (hour -> AccountHour) for @hour, added
 * if new. */
AccountHour *
_ddb_meter_account_hour (GHashTable  *hours,
              gint64       hour,
              DdbPriceSet *prices)
{
  AccountHour *found = g_hash_table_lookup (hours, &hour);

  if (found == NULL)
    {
      found = g_new0 (AccountHour, 1);
      found->hour = hour;
      found->prices = ddb_price_set_ref (prices);
      g_hash_table_insert (hours, &found->hour, found);
    }

  return found;
}

static int
compare_hours (gconstpointer a,
               gconstpointer b)
{
  gint64 x = (*(AccountHour *const *)a)->hour;
  gint64 y = (*(AccountHour *const *)b)->hour;

  return (x > y) - (x < y);
}

/* Returns: (transfer container): the AccountHours of @hours in order of hour, so that what
 * is summed over them does not depend on the hash table's order (which depends on the
 * order of insertion, and a meter read back from JSON inserts in another order). */
GPtrArray *
_ddb_meter_sorted_hours (GHashTable *hours)
{
  GPtrArray *sorted = g_ptr_array_sized_new (g_hash_table_size (hours));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, hours);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_hours);

  return sorted;
}

/* Adds the Standard capacity of @usage (in @rule's place, or in every rule's when @rule
 * is -1) to @hours. */
static void
account_add (GHashTable  *hours,
             gint64       hour,
             const Usage *usage,
             int          rule)
{
  AccountHour *sum;

  if (usage->table_class != DDB_TABLE_CLASS_STANDARD ||
      (usage->rcu_hours[MAX (rule, 0)] <= 0 && usage->wcu_hours[MAX (rule, 0)] <= 0))
    return;

  sum = _ddb_meter_account_hour (hours, hour, usage->prices);
  for (int r = 0; r < N_RULES; r++)
    if (rule < 0 || r == rule)
      {
        sum->rcu[r] += usage->rcu_hours[r];
        sum->wcu[r] += usage->wcu_hours[r];
      }
}

/* Bills @entry's open hour, which its seconds have moved past, into its Usage and the
 * account's hour; then forgets it. */
static void
close_hour (DdbBillingMeter *meter,
            DdbMeterEntry   *entry)
{
  OpenHour *open = &entry->open;

  if (open->hour < 0)
    return;

  for (guint rule = 0; rule < N_RULES; rule++)
    open_hour_units (open, rule, TRUE, &open->pending.rcu_hours[rule],
                     &open->pending.wcu_hours[rule]);
  account_add (meter->hours, open->hour, &open->pending, -1);
  flush_pending (entry);

  usage_clear (&open->pending);
  memset (open, 0, sizeof *open);
  open->hour = -1;
}

/**
 * ddb_billing_meter_add_second:
 * @entry: the table or GSI @point belongs to (ddb_billing_meter_lookup())
 * @point: a closed second, gauges filled in
 *
 * Meters one whole second of a resource: capacity, request units, storage.
 */
void
ddb_billing_meter_add_second (DdbBillingMeter      *meter,
                              DdbMeterEntry        *entry,
                              const DdbMetricPoint *point)
{
  gint64 second;
  OpenHour *open;

  g_return_if_fail (meter != NULL);
  g_return_if_fail (entry != NULL);
  g_return_if_fail (point != NULL);

  second = point->second;
  open = &entry->open;

  /* M1.  A table rebuilt after a failed UpdateTable restarts its metrics series from its
   * creation: its seconds up to end_second are billed already. */
  if (second < entry->end_second)
    return;

  if (open->hour < 0 || second - open->start >= SECONDS_PER_HOUR)
    {
      DdbPriceSet *prices = priced (meter, second);

      if (prices == NULL)
        return;
      close_hour (meter, entry);
      open->hour = second / SECONDS_PER_HOUR;
      open->start = open->hour * SECONDS_PER_HOUR;
      open->overhead = ddb_price_set_get_item_overhead_bytes (prices);
      open->pending.prices = ddb_price_set_ref (prices);   /* hours do not straddle days */
      open->pending.table_class = entry->table_class;
    }
  else if (open->pending.table_class != entry->table_class)
    {
      flush_pending (entry);
      open->pending.table_class = entry->table_class;
    }

  if (entry->end_second == 0)
    entry->first_second = second;
  entry->end_second = second + 1;

  open->max_rcu = MAX (open->max_rcu, point->provisioned_read);
  open->max_wcu = MAX (open->max_wcu, point->provisioned_write);
  open->rcu_seconds += point->provisioned_read;
  open->wcu_seconds += point->provisioned_write;
  add_counters (&open->pending, entry, point);
  open->pending.byte_seconds += (double)(point->size_bytes + entry->extra_bytes) +
                                (double)(point->item_count + entry->extra_items) *
                                open->overhead;

  g_assert (_ddb_meter_entry_check (entry));
}

/**
 * ddb_billing_meter_add_counters:
 * @point: a second that will not close (its resource is going away)
 *
 * Meters what @point counted (request units, TTL deletes), but not its time: the second
 * did not pass.
 */
void
ddb_billing_meter_add_counters (DdbBillingMeter      *meter,
                                DdbMeterEntry        *entry,
                                const DdbMetricPoint *point)
{
  DdbPriceSet *prices;

  g_return_if_fail (meter != NULL);
  g_return_if_fail (entry != NULL);
  g_return_if_fail (point != NULL);

  prices = priced (meter, point->second);
  if (prices == NULL)
    return;

  add_counters (usage_for (entry, prices, entry->table_class), entry, point);
}

/* Whether the meter has seen a table named @table_name (now or in the past). */
gboolean
ddb_billing_meter_has_table (DdbBillingMeter *meter,
                             const char      *table_name)
{
  g_return_val_if_fail (meter != NULL, FALSE);
  g_return_val_if_fail (table_name != NULL, FALSE);

  for (guint i = 0; i < meter->entries->len; i++)
    if (g_str_equal (((DdbMeterEntry *)g_ptr_array_index (meter->entries, i))->table_name,
                     table_name))
      return TRUE;

  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Bills
 * ------------------------------------------------------------------------------------- */

static double
gb_hours (double byte_seconds)
{
  return byte_seconds / DDB_COST_BYTES_PER_GB / SECONDS_PER_HOUR;
}

/* Adds the lines of @usage, its capacity by @rule, to @bill. */
static void
bill_usage (DdbBill            *bill,
            const Usage        *usage,
            DdbBillingHourRule  rule)
{
  ddb_cost_add_provisioned (bill, usage->prices, usage->table_class, usage->rcu_hours[rule],
                            usage->wcu_hours[rule], 1.0, FALSE);
  ddb_cost_add_on_demand (bill, usage->prices, usage->table_class, usage->read_request_units,
                          usage->write_request_units);
  /* One GB held for as many hours as the GB-hours stored. */
  ddb_cost_add_storage (bill, usage->prices, usage->table_class,
                        (guint64)DDB_COST_BYTES_PER_GB, 0, gb_hours (usage->byte_seconds),
                        FALSE);
  ddb_cost_add_ttl_deletes (bill, usage->prices, usage->ttl_deletes);
}

/* @entry's open hour as it stands, billed by @rule: what its seconds added so far. */
static Usage
open_hour_usage (const DdbMeterEntry *entry,
                 gint64               now_second,
                 DdbBillingHourRule   rule)
{
  const OpenHour *open = &entry->open;
  Usage usage = open->pending;

  open_hour_units (open, rule, now_second >= open->start + SECONDS_PER_HOUR,
                   &usage.rcu_hours[rule], &usage.wcu_hours[rule]);

  return usage;
}

/* Adds @entry's lines to @bill. */
static void
bill_entry (DdbBill            *bill,
            DdbMeterEntry      *entry,
            gint64              now_second,
            DdbBillingHourRule  rule)
{
  g_autoptr(DdbBill) lines = ddb_bill_new (0);

  for (guint i = 0; i < entry->usage->len; i++)
    bill_usage (lines, &g_array_index (entry->usage, Usage, i), rule);
  if (entry->open.hour >= 0)
    {
      Usage open = open_hour_usage (entry, now_second, rule);

      bill_usage (lines, &open, rule);
    }

  ddb_bill_merge (bill, lines, entry->table_name, entry->index_name);
}

/* The free tier's account quantities at one price set. */
typedef struct
{
  DdbPriceSet *prices;
  double       rcu_hours;                 /* free capacity, summed hour by hour */
  double       wcu_hours;
  double       gb_months;                 /* Standard storage used */
  double       allowance_gb_months;       /* the storage allowance over the period */
} Credit;

static Credit *
credit_for (GArray      *credits,
            DdbPriceSet *prices)
{
  Credit added = { prices, 0, 0, 0, 0 };

  for (guint i = 0; i < credits->len; i++)
    if (g_array_index (credits, Credit, i).prices == prices)
      return &g_array_index (credits, Credit, i);

  g_array_append_val (credits, added);

  return &g_array_index (credits, Credit, credits->len - 1);
}

/* Adds the storage allowance of [@first, @end) to @credits, day by day (each day has its
 * price set). */
static void
add_storage_allowance (DdbBillingMeter *meter,
                       GArray          *credits,
                       gint64           first,
                       gint64           end)
{
  /* Bounded by the days metered. */
  for (gint64 day_start = first - first % SECONDS_PER_DAY; day_start < end;
       day_start += SECONDS_PER_DAY)
    {
      DdbPriceSet *prices = prices_for (meter, day_start);
      gint64 seconds = MIN (end, day_start + SECONDS_PER_DAY) - MAX (first, day_start);

      if (prices != NULL)
        credit_for (credits, prices)->allowance_gb_months +=
          ddb_price_set_get_free_tier (prices)->storage_gb_month * (double)seconds /
          SECONDS_PER_HOUR / DDB_COST_HOURS_PER_MONTH;
    }
}

/* Adds the free tier's credit lines for the whole account, whose period is [@first,
 * @end), to @bill. */
static void
bill_free_tier (DdbBillingMeter    *meter,
                DdbBill            *bill,
                gint64              now_second,
                DdbBillingHourRule  rule,
                gint64              first,
                gint64              end)
{
  g_autoptr(GHashTable) hours = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       account_hour_free);
  g_autoptr(GArray) credits = g_array_new (FALSE, TRUE, sizeof (Credit));
  g_autoptr(GPtrArray) sorted = NULL;
  GHashTableIter iter;
  gpointer value;

  /* Capacity: in every hour, up to the allowance of what the account provisioned, the
   * hours still open included; summed in order of hour. */
  g_hash_table_iter_init (&iter, meter->hours);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const AccountHour *hour = value;
      AccountHour *copy = _ddb_meter_account_hour (hours, hour->hour, hour->prices);

      copy->rcu[rule] = hour->rcu[rule];
      copy->wcu[rule] = hour->wcu[rule];
    }
  for (guint i = 0; i < meter->entries->len; i++)
    {
      DdbMeterEntry *entry = g_ptr_array_index (meter->entries, i);
      Usage open;

      if (entry->open.hour < 0)
        continue;
      open = open_hour_usage (entry, now_second, rule);
      account_add (hours, entry->open.hour, &open, rule);
    }
  sorted = _ddb_meter_sorted_hours (hours);
  for (guint i = 0; i < sorted->len; i++)
    {
      const AccountHour *hour = g_ptr_array_index (sorted, i);
      const DdbFreeTier *free_tier = ddb_price_set_get_free_tier (hour->prices);
      Credit *credit = credit_for (credits, hour->prices);

      credit->rcu_hours += MIN (free_tier->provisioned_rcu, hour->rcu[rule]);
      credit->wcu_hours += MIN (free_tier->provisioned_wcu, hour->wcu[rule]);
    }

  /* Storage: all Standard storage, against the monthly allowance accrued over the
   * account's period. */
  for (guint i = 0; i < meter->entries->len; i++)
    {
      DdbMeterEntry *entry = g_ptr_array_index (meter->entries, i);

      for (guint j = 0; j <= entry->usage->len; j++)
        {
          const Usage *usage = j < entry->usage->len ? &g_array_index (entry->usage, Usage, j)
                                                     : &entry->open.pending;

          if (usage->prices != NULL && usage->table_class == DDB_TABLE_CLASS_STANDARD)
            credit_for (credits, usage->prices)->gb_months +=
              gb_hours (usage->byte_seconds) / DDB_COST_HOURS_PER_MONTH;
        }
    }
  add_storage_allowance (meter, credits, first, end);

  for (guint i = 0; i < credits->len; i++)
    {
      const Credit *credit = &g_array_index (credits, Credit, i);

      ddb_cost_add_free_tier_credit (bill, credit->prices, DDB_TABLE_CLASS_STANDARD,
                                     DDB_PRICE_PROVISIONED_WCU_HOUR, credit->wcu_hours);
      ddb_cost_add_free_tier_credit (bill, credit->prices, DDB_TABLE_CLASS_STANDARD,
                                     DDB_PRICE_PROVISIONED_RCU_HOUR, credit->rcu_hours);
      ddb_cost_add_free_tier_credit (bill, credit->prices, DDB_TABLE_CLASS_STANDARD,
                                     DDB_PRICE_STORAGE_GB_MONTH,
                                     MIN (credit->gb_months, credit->allowance_gb_months));
    }
}

/**
 * ddb_billing_meter_dup_bill:
 * @table_name: (nullable): one table (every incarnation of it, with its GSIs), or NULL
 *   for the account
 * @now_second: the second the clock is in: an hour before it is over
 * @config: the billing settings to apply
 * @error: return location for a #GError
 *
 * Writes out the bill of everything metered so far.  Its hours are the account's period
 * (from its first metered second to its last), or for one table the seconds that table
 * was metered.  Lines carry their table and GSI; the free tier's credits are account
 * lines (no table) and appear in the account's bill only.
 *
 * Returns: (transfer full) (nullable): the bill, or NULL with DDB_ENGINE_ERROR_VALIDATION
 *   when the price catalog had no prices for a metered second
 */
DdbBill *
ddb_billing_meter_dup_bill (DdbBillingMeter         *meter,
                            const char              *table_name,
                            gint64                   now_second,
                            const DdbBillingConfig  *config,
                            GError                 **error)
{
  g_autoptr(DdbBill) bill = NULL;
  gint64 first = G_MAXINT64;
  gint64 end = 0;
  gint64 seconds = 0;

  g_return_val_if_fail (meter != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail ((guint)config->hour_rule < N_RULES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (meter->unpriced_second != 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (meter->unpriced_second);
      g_autofree char *date = time != NULL ? g_date_time_format (time, "%Y-%m-%d") : NULL;

      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "The price catalog has no prices in force on %s",
                   date != NULL ? date : "the simulated date");
      return NULL;
    }

  for (guint i = 0; i < meter->entries->len; i++)
    {
      DdbMeterEntry *entry = g_ptr_array_index (meter->entries, i);

      if (entry->end_second == 0)
        continue;
      first = MIN (first, entry->first_second);
      end = MAX (end, entry->end_second);
      if (table_name != NULL && entry->index_name == NULL &&
          g_str_equal (entry->table_name, table_name))
        seconds += entry->end_second - entry->first_second;
    }
  if (table_name == NULL && end > 0)
    seconds = end - first;

  bill = ddb_bill_new ((double)seconds / SECONDS_PER_HOUR);
  for (guint i = 0; i < meter->entries->len; i++)
    {
      DdbMeterEntry *entry = g_ptr_array_index (meter->entries, i);

      if (table_name == NULL || g_str_equal (entry->table_name, table_name))
        bill_entry (bill, entry, now_second, config->hour_rule);
    }

  if (table_name == NULL && config->free_tier && end > 0)
    bill_free_tier (meter, bill, now_second, config->hour_rule, first, end);

  return g_steal_pointer (&bill);
}
