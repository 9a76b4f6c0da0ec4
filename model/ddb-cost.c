/* ddb-cost.c
 *
 * Cost functions over a DdbPriceSet and the DdbBill they fill.  Each ddb_cost_add_*()
 * prices one component of usage over a period of hours, adds a charge line and, where the
 * free tier applies, a credit line, and returns the net USD it added.  A bill merges
 * lines that share item, class, kind and price, so a billing meter may call the same
 * function once per interval of constant capacity and still get one line per price.
 *
 * Arithmetic order: quantities first (units * hours, exact for whole numbers), then one
 * multiplication by the unit price, so 100 RCU for 720 h is 72000 * 0.00013 with a single
 * rounding.  Nothing is rounded to cents here; the CLI rounds when it prints.
 *
 * Model choices (not AWS facts; rulebook 8.3 and 8.4 leave them open):
 *   - Free tier allowances that AWS grants per month (25 GB-month of storage, 2.5 M Streams
 *     reads) are prorated over the billed hours (hours / 730), so that a bill projected to a
 *     month equals the bill of that month.  The provisioned allowance is per hour
 *     (25 WCU and 25 RCU in every hour), capped at what is provisioned in that hour.
 *     Credits are never larger than the usage they offset.  The free tier is per account
 *     and Region; these functions see one table.
 *   - The free tier applies to Standard tables only, to provisioned capacity (not to
 *     on-demand request units, nor to replicated rWCU), storage and Streams reads.
 *   - Reserved capacity upfront fees are amortised over the term (8,760 hours a year),
 *     which is how the rulebook derives the 54 % / 77 % savings; AWS charges them once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cost"

#include "config.h"

#include "ddb-cost.h"

#include "ddb-model-error.h"

#define HOURS_PER_YEAR  8760.0
#define N_TABLE_CLASSES (DDB_TABLE_CLASS_STANDARD_IA + 1)

struct _DdbBill
{
  grefcount  ref_count;
  double     hours;
  GArray    *lines;     /* DdbBillLine */
};

G_DEFINE_BOXED_TYPE (DdbBill, ddb_bill, ddb_bill_ref, ddb_bill_unref)

static const char *const item_labels[DDB_N_PRICE_ITEMS] = {
  [DDB_PRICE_ON_DEMAND_WRU]           = "On-demand writes",
  [DDB_PRICE_ON_DEMAND_RRU]           = "On-demand reads",
  [DDB_PRICE_PROVISIONED_WCU_HOUR]    = "Provisioned write capacity",
  [DDB_PRICE_PROVISIONED_RCU_HOUR]    = "Provisioned read capacity",
  [DDB_PRICE_REPLICATED_WRU]          = "Replicated writes (on-demand)",
  [DDB_PRICE_REPLICATED_WCU_HOUR]     = "Replicated write capacity",
  [DDB_PRICE_STORAGE_GB_MONTH]        = "Table storage",
  [DDB_PRICE_PITR_GB_MONTH]           = "Point-in-time recovery",
  [DDB_PRICE_BACKUP_GB_MONTH]         = "On-demand backup storage",
  [DDB_PRICE_RESTORE_GB]              = "Restore",
  [DDB_PRICE_STREAM_RRU]              = "Streams reads",
  [DDB_PRICE_TTL_DELETE]              = "TTL deletes",
  [DDB_PRICE_RESERVED_WCU_1Y_UPFRONT] = "Reserved write capacity, 1 year, upfront (amortised)",
  [DDB_PRICE_RESERVED_WCU_1Y_HOURLY]  = "Reserved write capacity, 1 year, hourly",
  [DDB_PRICE_RESERVED_RCU_1Y_UPFRONT] = "Reserved read capacity, 1 year, upfront (amortised)",
  [DDB_PRICE_RESERVED_RCU_1Y_HOURLY]  = "Reserved read capacity, 1 year, hourly",
  [DDB_PRICE_RESERVED_WCU_3Y_UPFRONT] = "Reserved write capacity, 3 years, upfront (amortised)",
  [DDB_PRICE_RESERVED_WCU_3Y_HOURLY]  = "Reserved write capacity, 3 years, hourly",
  [DDB_PRICE_RESERVED_RCU_3Y_UPFRONT] = "Reserved read capacity, 3 years, upfront (amortised)",
  [DDB_PRICE_RESERVED_RCU_3Y_HOURLY]  = "Reserved read capacity, 3 years, hourly",
};

/* [term][access] -> { upfront, hourly } */
static const DdbPriceItem reserved_items[2][2][2] = {
  [DDB_RESERVED_1_YEAR] = {
    [DDB_COST_READS]  = { DDB_PRICE_RESERVED_RCU_1Y_UPFRONT, DDB_PRICE_RESERVED_RCU_1Y_HOURLY },
    [DDB_COST_WRITES] = { DDB_PRICE_RESERVED_WCU_1Y_UPFRONT, DDB_PRICE_RESERVED_WCU_1Y_HOURLY },
  },
  [DDB_RESERVED_3_YEARS] = {
    [DDB_COST_READS]  = { DDB_PRICE_RESERVED_RCU_3Y_UPFRONT, DDB_PRICE_RESERVED_RCU_3Y_HOURLY },
    [DDB_COST_WRITES] = { DDB_PRICE_RESERVED_WCU_3Y_UPFRONT, DDB_PRICE_RESERVED_WCU_3Y_HOURLY },
  },
};

static const double term_hours[2] = {
  [DDB_RESERVED_1_YEAR]  = HOURS_PER_YEAR,
  [DDB_RESERVED_3_YEARS] = 3 * HOURS_PER_YEAR,
};

/* ------------------------------------------------------------------------------------ */
/* DdbBill                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
bill_line_clear (gpointer data)
{
  DdbBillLine *line = data;

  g_clear_pointer (&line->label, g_free);
  g_clear_pointer (&line->unit, g_free);
  g_clear_pointer (&line->source, g_free);
  g_clear_pointer (&line->as_of, g_free);
  g_clear_pointer (&line->table_name, g_free);
  g_clear_pointer (&line->index_name, g_free);
}

/* A deep copy of @line. */
static DdbBillLine
bill_line_copy (const DdbBillLine *line)
{
  DdbBillLine copy = *line;

  copy.label = g_strdup (line->label);
  copy.unit = g_strdup (line->unit);
  copy.source = g_strdup (line->source);
  copy.as_of = g_strdup (line->as_of);
  copy.table_name = g_strdup (line->table_name);
  copy.index_name = g_strdup (line->index_name);

  return copy;
}

/* The line of @bill that @like's quantity adds into: same item, class, kind, price,
 * evidence and resource.  Bounded by the bill's lines, one per distinct price and
 * resource. */
static DdbBillLine *
bill_find_line (DdbBill           *bill,
                const DdbBillLine *like)
{
  for (guint i = 0; i < bill->lines->len; i++)
    {
      DdbBillLine *old = &g_array_index (bill->lines, DdbBillLine, i);

      if (old->item == like->item && old->table_class == like->table_class &&
          old->free_tier == like->free_tier && old->recurring == like->recurring &&
          old->unit_price_usd == like->unit_price_usd && old->verified == like->verified &&
          g_str_equal (old->source, like->source) && g_str_equal (old->as_of, like->as_of) &&
          g_strcmp0 (old->table_name, like->table_name) == 0 &&
          g_strcmp0 (old->index_name, like->index_name) == 0)
        return old;
    }

  return NULL;
}

/**
 * ddb_bill_new:
 * @hours: the length of the period the bill covers, >= 0
 *
 * Returns: (transfer full): an empty bill
 */
DdbBill *
ddb_bill_new (double hours)
{
  DdbBill *self;

  g_return_val_if_fail (hours >= 0.0, NULL);

  self = g_new0 (DdbBill, 1);
  g_ref_count_init (&self->ref_count);
  self->hours = hours;
  self->lines = g_array_new (FALSE, TRUE, sizeof (DdbBillLine));
  g_array_set_clear_func (self->lines, bill_line_clear);

  return self;
}

/**
 * ddb_bill_ref:
 *
 * Returns: (transfer full): @self
 */
DdbBill *
ddb_bill_ref (DdbBill *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);

  return self;
}

void
ddb_bill_unref (DdbBill *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->lines);
  g_free (self);
}

double
ddb_bill_get_hours (DdbBill *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->hours;
}

/* Extends the period a bill covers, for a meter that adds lines interval by interval. */
void
ddb_bill_add_hours (DdbBill *self,
                    double   hours)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (hours >= 0.0);

  self->hours += hours;
}

guint
ddb_bill_get_n_lines (DdbBill *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->len;
}

/**
 * ddb_bill_get_line:
 *
 * Returns: (transfer none): line @index, valid until lines are added to @self
 */
const DdbBillLine *
ddb_bill_get_line (DdbBill *self,
                   guint    index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return &g_array_index (self->lines, DdbBillLine, index);
}

/* The sum of all lines, credits included. */
double
ddb_bill_get_total_usd (DdbBill *self)
{
  double total = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint i = 0; i < self->lines->len; i++)
    total += g_array_index (self->lines, DdbBillLine, i).usd;

  return total;
}

/* TRUE when every line's price is verified (see DdbPrice). */
gboolean
ddb_bill_get_verified (DdbBill *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->lines->len; i++)
    if (!g_array_index (self->lines, DdbBillLine, i).verified)
      return FALSE;

  return TRUE;
}

/**
 * ddb_bill_dup_monthly:
 * @self: a bill covering more than zero hours
 *
 * Projects @self to a 730-hour month at the same rates: every recurring line's quantity is
 * scaled by 730 / hours; one-time lines (restores) are kept as they are.
 *
 * Returns: (transfer full): the monthly bill
 */
DdbBill *
ddb_bill_dup_monthly (DdbBill *self)
{
  DdbBill *month;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->hours > 0.0, NULL);

  month = ddb_bill_new (DDB_COST_HOURS_PER_MONTH);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const DdbBillLine *line = &g_array_index (self->lines, DdbBillLine, i);
      DdbBillLine copy = bill_line_copy (line);

      if (line->recurring)
        {
          copy.quantity = line->quantity * DDB_COST_HOURS_PER_MONTH / self->hours;
          copy.usd = copy.quantity * copy.unit_price_usd;
        }
      g_array_append_val (month->lines, copy);
    }

  return month;
}

/**
 * ddb_bill_merge:
 * @self: the bill to add to
 * @other: a bill whose lines are added to @self (its hours are not)
 * @table_name: (nullable): the table the lines of @other are for
 * @index_name: (nullable): a global secondary index of @table_name
 *
 * Adds every line of @other to @self; lines of @other that name no table are tagged with
 * @table_name and @index_name.  A line adds into an identical line of @self (same price,
 * kind and resource), so a billing meter can build one bill per table and GSI and merge
 * them into an account bill whose breakdown still tells them apart.
 */
void
ddb_bill_merge (DdbBill    *self,
                DdbBill    *other,
                const char *table_name,
                const char *index_name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL && other != self);
  g_return_if_fail (index_name == NULL || table_name != NULL);

  for (guint i = 0; i < other->lines->len; i++)
    {
      DdbBillLine like = g_array_index (other->lines, DdbBillLine, i);
      DdbBillLine *old;

      if (like.table_name == NULL)
        {
          like.table_name = (char *)table_name;
          like.index_name = (char *)index_name;
        }

      old = bill_find_line (self, &like);
      if (old != NULL)
        {
          old->quantity += like.quantity;
          old->usd = old->quantity * old->unit_price_usd;
        }
      else
        {
          DdbBillLine copy = bill_line_copy (&like);

          g_array_append_val (self->lines, copy);
        }
    }
}

/* Adds @quantity of @price to @bill (a credit when @credit_from is non-NULL: @quantity is
 * then the free quantity, billed negative), merging it into an identical line if there is
 * one.  Returns the USD this adds. */
static double
bill_add (DdbBill           *bill,
          DdbPriceItem       item,
          DdbTableClass      table_class,
          gboolean           recurring,
          double             quantity,
          const DdbPrice    *price,
          const DdbFreeTier *credit_from)
{
  gboolean credit = credit_from != NULL;
  const char *source = credit ? credit_from->source : ddb_price_get_source (price);
  const char *as_of = credit ? credit_from->as_of : ddb_price_get_as_of (price);
  gboolean verified = ddb_price_get_verified (price) && (!credit || credit_from->verified);
  double unit_price = ddb_price_get_usd (price);
  DdbBillLine line = { 0 };
  DdbBillLine *old;

  g_assert (bill != NULL);
  g_assert ((guint)item < DDB_N_PRICE_ITEMS);
  g_assert (quantity >= 0.0);

  if (credit)
    quantity = -quantity;

  /* Probe with borrowed strings; they are copied only for a new line. */
  line.item = item;
  line.table_class = table_class;
  line.free_tier = credit;
  line.recurring = recurring;
  line.quantity = quantity;
  line.unit_price_usd = unit_price;
  line.usd = quantity * unit_price;
  line.verified = verified;
  line.source = (char *)source;
  line.as_of = (char *)as_of;
  old = bill_find_line (bill, &line);
  if (old != NULL)
    {
      old->quantity += quantity;
      old->usd = old->quantity * old->unit_price_usd;
      return line.usd;
    }

  line.label = g_strdup_printf ("%s%s%s", credit ? "Free tier: " : "", item_labels[item],
                                table_class == DDB_TABLE_CLASS_STANDARD_IA
                                  ? " (Standard-IA)" : "");
  line.unit = g_strdup (ddb_price_get_unit (price));
  line.source = g_strdup (source);
  line.as_of = g_strdup (as_of);
  g_array_append_val (bill->lines, line);

  return line.usd;
}

/* Adds a charge for @quantity and, when @free_quantity > 0, the matching credit, capped
 * at @quantity.  Nothing is added for a zero quantity. */
static double
bill_charge (DdbBill       *bill,
             DdbPriceSet   *prices,
             DdbTableClass  table_class,
             DdbPriceItem   item,
             gboolean       recurring,
             double         quantity,
             double         free_quantity)
{
  const DdbPrice *price = ddb_price_set_lookup (prices, table_class, item);
  double usd;

  g_assert (price != NULL);
  g_assert (free_quantity >= 0.0);

  if (quantity <= 0.0)
    return 0.0;

  usd = bill_add (bill, item, table_class, recurring, quantity, price, NULL);
  if (free_quantity > 0.0)
    usd += bill_add (bill, item, table_class, recurring, MIN (quantity, free_quantity), price,
                     ddb_price_set_get_free_tier (prices));

  return usd;
}

static gboolean
free_tier_applies (DdbPriceSet   *prices,
                   DdbTableClass  table_class,
                   gboolean       free_tier)
{
  return free_tier && ddb_price_set_has_free_tier (prices, table_class);
}

/**
 * ddb_cost_add_free_tier_credit:
 * @table_class: the class whose usage the credit offsets
 * @item: what the credit is for (provisioned capacity, storage, Streams reads)
 * @quantity: the free quantity, in the unit of @item, >= 0
 *
 * Adds a free tier credit the caller has worked out: for allowances that are per account
 * and Region, a billing meter sums the usage of every table and caps it at the allowance
 * itself, which the per-table functions below cannot do.  Nothing is added when @prices
 * has no free tier for @table_class.
 *
 * Returns: the USD added (negative, or 0)
 */
double
ddb_cost_add_free_tier_credit (DdbBill       *bill,
                               DdbPriceSet   *prices,
                               DdbTableClass  table_class,
                               DdbPriceItem   item,
                               double         quantity)
{
  const DdbPrice *price;

  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail ((guint)item < DDB_N_PRICE_ITEMS, 0.0);
  g_return_val_if_fail (quantity >= 0.0, 0.0);

  price = ddb_price_set_lookup (prices, table_class, item);
  if (quantity <= 0.0 || price == NULL || !ddb_price_set_has_free_tier (prices, table_class))
    return 0.0;

  return bill_add (bill, item, table_class, TRUE, quantity, price,
                   ddb_price_set_get_free_tier (prices));
}

/* ------------------------------------------------------------------------------------ */
/* Components                                                                            */
/* ------------------------------------------------------------------------------------ */

/**
 * ddb_cost_add_provisioned:
 * @bill: the bill to add lines to
 * @prices: the price set in force
 * @table_class: the table's class
 * @rcu: read capacity units provisioned throughout the period (not covered by reserved
 *   capacity)
 * @wcu: write capacity units likewise
 * @hours: the period
 * @free_tier: whether the account's free tier applies
 *
 * Bills provisioned capacity per unit-hour.  The free tier credits up to 25 RCU and 25 WCU
 * in every hour (Standard class only).
 *
 * Returns: the net USD added
 */
double
ddb_cost_add_provisioned (DdbBill       *bill,
                          DdbPriceSet   *prices,
                          DdbTableClass  table_class,
                          double         rcu,
                          double         wcu,
                          double         hours,
                          gboolean       free_tier)
{
  const DdbFreeTier *ft;
  double free_rcu = 0.0;
  double free_wcu = 0.0;
  double usd;

  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (rcu >= 0.0 && wcu >= 0.0 && hours >= 0.0, 0.0);

  ft = ddb_price_set_get_free_tier (prices);
  if (free_tier_applies (prices, table_class, free_tier))
    {
      free_rcu = MIN (rcu, ft->provisioned_rcu) * hours;
      free_wcu = MIN (wcu, ft->provisioned_wcu) * hours;
    }

  usd = bill_charge (bill, prices, table_class, DDB_PRICE_PROVISIONED_WCU_HOUR, TRUE,
                     wcu * hours, free_wcu);
  usd += bill_charge (bill, prices, table_class, DDB_PRICE_PROVISIONED_RCU_HOUR, TRUE,
                      rcu * hours, free_rcu);
  return usd;
}

/* Bills on-demand request units consumed; the free tier never covers them. */
double
ddb_cost_add_on_demand (DdbBill       *bill,
                        DdbPriceSet   *prices,
                        DdbTableClass  table_class,
                        double         read_request_units,
                        double         write_request_units)
{
  double usd;

  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (read_request_units >= 0.0 && write_request_units >= 0.0, 0.0);

  usd = bill_charge (bill, prices, table_class, DDB_PRICE_ON_DEMAND_WRU, TRUE,
                     write_request_units, 0.0);
  usd += bill_charge (bill, prices, table_class, DDB_PRICE_ON_DEMAND_RRU, TRUE,
                      read_request_units, 0.0);
  return usd;
}

/**
 * ddb_cost_add_storage:
 * @bytes: the items' bytes
 * @item_count: the number of items; each adds the price set's per-item overhead (100
 *   bytes); 0 when @bytes already includes it
 * @hours: how long the data is held; billed as GB * hours / 730 GB-months
 *
 * The free tier credits 25 GB-month per month, prorated over @hours (Standard only).
 *
 * Returns: the net USD added
 */
double
ddb_cost_add_storage (DdbBill       *bill,
                      DdbPriceSet   *prices,
                      DdbTableClass  table_class,
                      guint64        bytes,
                      guint64        item_count,
                      double         hours,
                      gboolean       free_tier)
{
  double overhead;
  double gb;
  double gb_months;
  double free_gb_months = 0.0;

  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (hours >= 0.0, 0.0);

  overhead = (double)ddb_price_set_get_item_overhead_bytes (prices) * (double)item_count;
  gb = ((double)bytes + overhead) / DDB_COST_BYTES_PER_GB;
  gb_months = gb * hours / DDB_COST_HOURS_PER_MONTH;
  if (free_tier_applies (prices, table_class, free_tier))
    free_gb_months = ddb_price_set_get_free_tier (prices)->storage_gb_month * hours /
                     DDB_COST_HOURS_PER_MONTH;

  return bill_charge (bill, prices, table_class, DDB_PRICE_STORAGE_GB_MONTH, TRUE, gb_months,
                      free_gb_months);
}

/* Bills continuous backups of a @gb-GB table held for @hours, per GB-month. */
double
ddb_cost_add_pitr (DdbBill     *bill,
                   DdbPriceSet *prices,
                   double       gb,
                   double       hours)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail (gb >= 0.0 && hours >= 0.0, 0.0);

  return bill_charge (bill, prices, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_PITR_GB_MONTH, TRUE,
                      gb * hours / DDB_COST_HOURS_PER_MONTH, 0.0);
}

/* Bills @gb GB of on-demand backups held for @hours, per GB-month. */
double
ddb_cost_add_backup (DdbBill     *bill,
                     DdbPriceSet *prices,
                     double       gb,
                     double       hours)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail (gb >= 0.0 && hours >= 0.0, 0.0);

  return bill_charge (bill, prices, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_BACKUP_GB_MONTH, TRUE,
                      gb * hours / DDB_COST_HOURS_PER_MONTH, 0.0);
}

/* Bills a restore of @gb GB, a one-time charge. */
double
ddb_cost_add_restore (DdbBill     *bill,
                      DdbPriceSet *prices,
                      double       gb)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail (gb >= 0.0, 0.0);

  return bill_charge (bill, prices, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_RESTORE_GB, FALSE, gb,
                      0.0);
}

/* Bills Streams read requests made during @hours; the free tier credits 2.5 M a month,
 * prorated over @hours (Standard only). */
double
ddb_cost_add_stream_reads (DdbBill       *bill,
                           DdbPriceSet   *prices,
                           DdbTableClass  table_class,
                           double         requests,
                           double         hours,
                           gboolean       free_tier)
{
  double free_requests = 0.0;

  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (requests >= 0.0 && hours >= 0.0, 0.0);

  if (free_tier_applies (prices, table_class, free_tier))
    free_requests = ddb_price_set_get_free_tier (prices)->stream_read_requests_month * hours /
                    DDB_COST_HOURS_PER_MONTH;

  return bill_charge (bill, prices, table_class, DDB_PRICE_STREAM_RRU, TRUE, requests,
                      free_requests);
}

/* Adds a (free) line for deletes made by TTL, so that the bill says they cost nothing. */
double
ddb_cost_add_ttl_deletes (DdbBill     *bill,
                          DdbPriceSet *prices,
                          double       deletes)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail (deletes >= 0.0, 0.0);

  return bill_charge (bill, prices, DDB_TABLE_CLASS_STANDARD, DDB_PRICE_TTL_DELETE, TRUE,
                      deletes, 0.0);
}

/* Bills replicated write request units (global tables, on-demand) written in this Region. */
double
ddb_cost_add_replicated_on_demand (DdbBill       *bill,
                                   DdbPriceSet   *prices,
                                   DdbTableClass  table_class,
                                   double         replicated_write_units)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (replicated_write_units >= 0.0, 0.0);

  return bill_charge (bill, prices, table_class, DDB_PRICE_REPLICATED_WRU, TRUE,
                      replicated_write_units, 0.0);
}

/* Bills @rwcu replicated write capacity units (global tables, provisioned) held for @hours. */
double
ddb_cost_add_replicated_provisioned (DdbBill       *bill,
                                     DdbPriceSet   *prices,
                                     DdbTableClass  table_class,
                                     double         rwcu,
                                     double         hours)
{
  g_return_val_if_fail (bill != NULL, 0.0);
  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail (rwcu >= 0.0 && hours >= 0.0, 0.0);

  return bill_charge (bill, prices, table_class, DDB_PRICE_REPLICATED_WCU_HOUR, TRUE,
                      rwcu * hours, 0.0);
}

/**
 * ddb_cost_add_reserved:
 * @blocks: blocks of 100 reserved units
 * @hours: the period
 * @error: return location for a #GError
 *
 * Bills reserved capacity over @hours: the hourly fee per block-hour and the upfront fee
 * amortised over the term.  Provisioned capacity beyond the reserved units is billed
 * separately with ddb_cost_add_provisioned().
 *
 * Returns: %TRUE, or %FALSE with %DDB_MODEL_ERROR_VALIDATION for a Standard-IA table,
 *   which is not eligible
 */
gboolean
ddb_cost_add_reserved (DdbBill          *bill,
                       DdbPriceSet      *prices,
                       DdbTableClass     table_class,
                       DdbReservedTerm   term,
                       DdbCostAccess     access,
                       guint             blocks,
                       double            hours,
                       GError          **error)
{
  const DdbPriceItem *items;

  g_return_val_if_fail (bill != NULL, FALSE);
  g_return_val_if_fail (prices != NULL, FALSE);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, FALSE);
  g_return_val_if_fail ((guint)term <= DDB_RESERVED_3_YEARS, FALSE);
  g_return_val_if_fail ((guint)access <= DDB_COST_WRITES, FALSE);
  g_return_val_if_fail (hours >= 0.0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  items = reserved_items[term][access];
  if (ddb_price_set_lookup (prices, table_class, items[0]) == NULL ||
      ddb_price_set_lookup (prices, table_class, items[1]) == NULL)
    {
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                   "Reserved capacity is for Standard tables only; this table is %s",
                   table_class == DDB_TABLE_CLASS_STANDARD_IA ? "Standard-IA" : "not Standard");
      return FALSE;
    }

  bill_charge (bill, prices, table_class, items[0], TRUE,
               (double)blocks * hours / term_hours[term], 0.0);
  bill_charge (bill, prices, table_class, items[1], TRUE, (double)blocks * hours, 0.0);

  return TRUE;
}

/**
 * ddb_cost_reserved_effective_hourly:
 *
 * Returns: the hourly cost of one block of 100 reserved units with the upfront fee spread
 *   over the term (rulebook 8.4: $0.02992 for 100 WCU over 1 year)
 */
double
ddb_cost_reserved_effective_hourly (DdbPriceSet     *prices,
                                    DdbReservedTerm  term,
                                    DdbCostAccess    access)
{
  const DdbPriceItem *items;

  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)term <= DDB_RESERVED_3_YEARS, 0.0);
  g_return_val_if_fail ((guint)access <= DDB_COST_WRITES, 0.0);

  items = reserved_items[term][access];
  return ddb_price_get_usd (ddb_price_set_lookup (prices, DDB_TABLE_CLASS_STANDARD, items[1])) +
         ddb_price_get_usd (ddb_price_set_lookup (prices, DDB_TABLE_CLASS_STANDARD, items[0])) /
         term_hours[term];
}

/**
 * ddb_cost_break_even_utilisation:
 *
 * One provisioned unit-hour serves 3,600 request units; provisioned capacity is cheaper
 * than on-demand when average utilisation exceeds the returned fraction (rulebook 8.6:
 * 0.289 from Nov 2024, 0.144 before).
 *
 * Returns: unit-hour price / (3600 * request unit price)
 */
double
ddb_cost_break_even_utilisation (DdbPriceSet   *prices,
                                 DdbTableClass  table_class,
                                 DdbCostAccess  access)
{
  DdbPriceItem hourly;
  DdbPriceItem request;

  g_return_val_if_fail (prices != NULL, 0.0);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, 0.0);
  g_return_val_if_fail ((guint)access <= DDB_COST_WRITES, 0.0);

  hourly = access == DDB_COST_READS ? DDB_PRICE_PROVISIONED_RCU_HOUR
                                    : DDB_PRICE_PROVISIONED_WCU_HOUR;
  request = access == DDB_COST_READS ? DDB_PRICE_ON_DEMAND_RRU : DDB_PRICE_ON_DEMAND_WRU;

  return ddb_price_get_usd (ddb_price_set_lookup (prices, table_class, hourly)) /
         (3600.0 * ddb_price_get_usd (ddb_price_set_lookup (prices, table_class, request)));
}

/**
 * ddb_cost_estimate:
 * @prices: the price set in force
 * @usage: what the table used over usage->hours (> 0)
 *
 * Bills everything in @usage: throughput by billing mode (provisioned capacity and rWCU,
 * or request units and rWRU), then storage, PITR, backups, restores, Streams reads and
 * TTL deletes.
 *
 * Returns: (transfer full): the bill
 */
DdbBill *
ddb_cost_estimate (DdbPriceSet    *prices,
                   const DdbUsage *usage)
{
  g_autoptr(DdbBill) bill = NULL;
  DdbTableClass table_class;
  double hours;

  g_return_val_if_fail (prices != NULL, NULL);
  g_return_val_if_fail (usage != NULL, NULL);
  g_return_val_if_fail (usage->hours > 0.0, NULL);
  g_return_val_if_fail ((guint)usage->table_class < N_TABLE_CLASSES, NULL);

  table_class = usage->table_class;
  hours = usage->hours;
  bill = ddb_bill_new (hours);

  switch (usage->billing_mode)
    {
    case DDB_BILLING_PROVISIONED:
      ddb_cost_add_provisioned (bill, prices, table_class, usage->rcu, usage->wcu, hours,
                                usage->free_tier);
      ddb_cost_add_replicated_provisioned (bill, prices, table_class, usage->replicated_wcu,
                                           hours);
      break;

    case DDB_BILLING_ON_DEMAND:
      ddb_cost_add_on_demand (bill, prices, table_class, usage->read_request_units,
                              usage->write_request_units);
      ddb_cost_add_replicated_on_demand (bill, prices, table_class,
                                         usage->replicated_write_units);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  ddb_cost_add_storage (bill, prices, table_class, usage->storage_bytes, usage->item_count,
                        hours, usage->free_tier);
  ddb_cost_add_pitr (bill, prices, usage->pitr_gb, hours);
  ddb_cost_add_backup (bill, prices, usage->backup_gb, hours);
  ddb_cost_add_restore (bill, prices, usage->restore_gb);
  ddb_cost_add_stream_reads (bill, prices, table_class, usage->stream_read_requests, hours,
                             usage->free_tier);
  ddb_cost_add_ttl_deletes (bill, prices, usage->ttl_deletes);

  return g_steal_pointer (&bill);
}
