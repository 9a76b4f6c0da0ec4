/* ddb-billing-meter-json.c
 *
 * The billing meter's whole state as JSON, so that a database file's bill goes on where it
 * stopped (ddb-engine-state.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-billing-meter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ddb-billing-meter-private.h"
#include "ddb-engine-error.h"
#include "ddb-json-values.h"

#define STATE_VERSION      1               /* of ddb_billing_meter_write_json()'s object */

/* ---------------------------------------------------------------------------------------
 * Persistence:
 *   {"version": 1,
 *    "price_sets": [["region", "effective_from" or null], ...],
 *    "unpriced_second": n,
 *    "entries": [{"table_id": "...", "table": "...", "index": "..." or null,
 *                 "billing": n, "class": n, "extra": [items, bytes],
 *                 "seconds": [first, end],
 *                 "usage": [[set, class, rcu_hours_max, rcu_hours_prorated,
 *                            wcu_hours_max, wcu_hours_prorated, read_request_units,
 *                            write_request_units, byte_seconds, ttl_deletes], ...],
 *                 "open": null or [hour, set, class, max_rcu, max_wcu, rcu_seconds,
 *                                  wcu_seconds, read_request_units, write_request_units,
 *                                  byte_seconds, ttl_deletes]}, ...],
 *    "hours": [[hour, set, rcu_max, rcu_prorated, wcu_max, wcu_prorated], ...]}
 *
 * A set is an index into "price_sets"; billing and class are DdbBillingMode and
 * DdbTableClass values; every double is a "%.17g" string (a JSON number is read too).
 * Entries keep their order (it is the order of the bill's lines), Usages theirs; hours are
 * written in order of hour.  What can be derived is not written: an open hour's first
 * second and per-item overhead (from its hour and price set), its pending Usage's
 * capacity (always zero while the hour is open), the day's price cache.
 * ------------------------------------------------------------------------------------- */

/* Notes @prices in @sets (of DdbPriceSet*, borrowed) if it is new there. */
static void
note_set (GPtrArray   *sets,
          DdbPriceSet *prices)
{
  if (prices != NULL && !g_ptr_array_find (sets, prices, NULL))
    g_ptr_array_add (sets, prices);
}

static void
add_set (JsonBuilder *builder,
         GPtrArray   *sets,
         DdbPriceSet *prices)
{
  guint index = 0;

  if (!g_ptr_array_find (sets, prices, &index))
    g_assert_not_reached ();                    /* collect_sets() noted every set */
  json_builder_add_int_value (builder, index);
}

/* The price sets @meter holds, in order of first use (M3: all of them hold a reference). */
static GPtrArray *
collect_sets (DdbBillingMeter *meter,
              GPtrArray       *hours)
{
  GPtrArray *sets = g_ptr_array_new ();

  for (guint i = 0; i < meter->entries->len; i++)
    {
      DdbMeterEntry *entry = g_ptr_array_index (meter->entries, i);

      for (guint j = 0; j < entry->usage->len; j++)
        note_set (sets, g_array_index (entry->usage, Usage, j).prices);
      note_set (sets, entry->open.pending.prices);
    }
  for (guint i = 0; i < hours->len; i++)
    note_set (sets, ((AccountHour *)g_ptr_array_index (hours, i))->prices);

  return sets;
}

static void
write_usage (JsonBuilder *builder,
             GPtrArray   *sets,
             const Usage *usage)
{
  json_builder_begin_array (builder);
  add_set (builder, sets, usage->prices);
  json_builder_add_int_value (builder, usage->table_class);
  for (guint rule = 0; rule < N_RULES; rule++)
    ddb_json_add_exact_double (builder, usage->rcu_hours[rule]);
  for (guint rule = 0; rule < N_RULES; rule++)
    ddb_json_add_exact_double (builder, usage->wcu_hours[rule]);
  ddb_json_add_exact_double (builder, usage->read_request_units);
  ddb_json_add_exact_double (builder, usage->write_request_units);
  ddb_json_add_exact_double (builder, usage->byte_seconds);
  ddb_json_add_exact_double (builder, usage->ttl_deletes);
  json_builder_end_array (builder);
}

static void
write_open_hour (JsonBuilder    *builder,
                 GPtrArray      *sets,
                 const OpenHour *open)
{
  const Usage *pending = &open->pending;

  if (open->hour < 0)
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* Capacity is billed when the hour closes: until then the pending Usage has none. */
  for (guint rule = 0; rule < N_RULES; rule++)
    g_assert (pending->rcu_hours[rule] == 0 && pending->wcu_hours[rule] == 0);

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, open->hour);
  add_set (builder, sets, pending->prices);
  json_builder_add_int_value (builder, pending->table_class);
  ddb_json_add_exact_double (builder, open->max_rcu);
  ddb_json_add_exact_double (builder, open->max_wcu);
  ddb_json_add_exact_double (builder, open->rcu_seconds);
  ddb_json_add_exact_double (builder, open->wcu_seconds);
  ddb_json_add_exact_double (builder, pending->read_request_units);
  ddb_json_add_exact_double (builder, pending->write_request_units);
  ddb_json_add_exact_double (builder, pending->byte_seconds);
  ddb_json_add_exact_double (builder, pending->ttl_deletes);
  json_builder_end_array (builder);
}

static void
write_entry (JsonBuilder         *builder,
             GPtrArray           *sets,
             const DdbMeterEntry *entry)
{
  json_builder_begin_object (builder);
  ddb_json_add_member_string (builder, "table_id", entry->table_id);
  ddb_json_add_member_string (builder, "table", entry->table_name);
  ddb_json_add_member_string (builder, "index", entry->index_name);
  ddb_json_add_member_int (builder, "billing", entry->billing_mode);
  ddb_json_add_member_int (builder, "class", entry->table_class);

  json_builder_set_member_name (builder, "extra");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, entry->extra_items);
  json_builder_add_int_value (builder, entry->extra_bytes);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "seconds");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, entry->first_second);
  json_builder_add_int_value (builder, entry->end_second);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "usage");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entry->usage->len; i++)
    write_usage (builder, sets, &g_array_index (entry->usage, Usage, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "open");
  write_open_hour (builder, sets, &entry->open);
  json_builder_end_object (builder);
}

/**
 * ddb_billing_meter_write_json:
 * @builder: where the meter goes: as the value of its current member, an element of its
 *   current array, or its root
 *
 * Writes the meter's whole state as one JSON object (the layout is above), which
 * ddb_billing_meter_new_from_json() reads back.  The meter does not change.
 */
void
ddb_billing_meter_write_json (DdbBillingMeter *meter,
                              JsonBuilder     *builder)
{
  g_autoptr(GPtrArray) hours = NULL;
  g_autoptr(GPtrArray) sets = NULL;

  g_return_if_fail (meter != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  hours = _ddb_meter_sorted_hours (meter->hours);
  sets = collect_sets (meter, hours);

  json_builder_begin_object (builder);
  ddb_json_add_member_int (builder, "version", STATE_VERSION);

  json_builder_set_member_name (builder, "price_sets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sets->len; i++)
    {
      DdbPriceSet *prices = g_ptr_array_index (sets, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, ddb_price_set_get_region (prices));
      if (ddb_price_set_get_effective_from (prices) != NULL)
        json_builder_add_string_value (builder, ddb_price_set_get_effective_from (prices));
      else
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  ddb_json_add_member_int (builder, "unpriced_second", meter->unpriced_second);

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < meter->entries->len; i++)
    write_entry (builder, sets, g_ptr_array_index (meter->entries, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hours");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hours->len; i++)
    {
      const AccountHour *hour = g_ptr_array_index (hours, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, hour->hour);
      add_set (builder, sets, hour->prices);
      for (guint rule = 0; rule < N_RULES; rule++)
        ddb_json_add_exact_double (builder, hour->rcu[rule]);
      for (guint rule = 0; rule < N_RULES; rule++)
        ddb_json_add_exact_double (builder, hour->wcu[rule]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Reading.  A database file is input like any other: every member is checked, and
 * nothing a file says can break an invariant (M1-M3) or crash the meter. */

typedef struct
{
  GPtrArray  *sets;       /* the catalog's DdbPriceSet for each of "price_sets", borrowed */
  GError    **error;
} Reader;

static gboolean
malformed (Reader     *reader,
           const char *where)
{
  g_set_error (reader->error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
               "storage: malformed billing meter at '%s'", where);
  return FALSE;
}

/* Reads the @n doubles of @row from element @first on into @values. */
static gboolean
row_doubles (JsonArray     *row,
             guint          first,
             double *const *values,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    if (!ddb_json_node_quantity (json_array_get_element (row, first + i), values[i]))
      return FALSE;

  return TRUE;
}

static gboolean
node_string (JsonNode    *node,
             gboolean     nullable,
             const char **value)
{
  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);

  return TRUE;
}

/* Reads the price set @node refers to (an index into "price_sets"), borrowed. */
static gboolean
node_set (Reader       *reader,
          JsonNode     *node,
          DdbPriceSet **prices)
{
  gint64 index;

  if (!ddb_json_node_int (node, 0, (gint64)reader->sets->len - 1, &index))
    return FALSE;
  *prices = g_ptr_array_index (reader->sets, index);

  return TRUE;
}

static gboolean
node_table_class (JsonNode      *node,
                  DdbTableClass *table_class)
{
  gint64 value;

  if (!ddb_json_node_int (node, DDB_TABLE_CLASS_STANDARD, DDB_TABLE_CLASS_STANDARD_IA, &value))
    return FALSE;
  *table_class = (DdbTableClass)value;

  return TRUE;
}

/* Finds each of "price_sets" in @meter's catalog: the set of that Region in force from
 * that date (sets are contiguous, so no two of a catalog start on the same date). */
static gboolean
read_price_sets (Reader          *reader,
                 DdbBillingMeter *meter,
                 JsonNode        *node)
{
  JsonArray *array = ddb_json_node_array (node);
  DdbPriceCatalog *catalog = NULL;

  if (array == NULL)
    return malformed (reader, "price_sets");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *row = ddb_json_node_row (json_array_get_element (array, i), 2);
      DdbPriceSet *found = NULL;
      const char *region;
      const char *from;

      if (row == NULL || !node_string (json_array_get_element (row, 0), FALSE, &region) ||
          !node_string (json_array_get_element (row, 1), TRUE, &from))
        return malformed (reader, "price_sets");

      if (catalog == NULL)
        catalog = ddb_billing_meter_get_catalog (meter);
      /* Bounded by the catalog's sets, a handful. */
      for (guint j = 0; catalog != NULL && j < ddb_price_catalog_get_n_sets (catalog); j++)
        {
          DdbPriceSet *set = ddb_price_catalog_get_set (catalog, j);

          if (g_strcmp0 (ddb_price_set_get_region (set), region) == 0 &&
              g_strcmp0 (ddb_price_set_get_effective_from (set), from) == 0)
            found = set;
        }
      if (found == NULL)
        {
          g_set_error (reader->error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
                       "storage: the billing meter was priced by the %s price set in force "
                       "from %s, which the price catalog in use (%s) does not have",
                       region, from != NULL ? from : "its first day",
                       catalog != NULL ? ddb_price_catalog_get_region (catalog) : "none");
          return FALSE;
        }
      g_ptr_array_add (reader->sets, found);
    }

  return TRUE;
}

static gboolean
read_usage (Reader        *reader,
            DdbMeterEntry *entry,
            JsonNode      *node)
{
  JsonArray *row = ddb_json_node_row (node, 10);
  Usage usage = { 0 };
  double *const quantities[] = {
    &usage.rcu_hours[DDB_BILLING_HOUR_MAX], &usage.rcu_hours[DDB_BILLING_HOUR_PRORATED],
    &usage.wcu_hours[DDB_BILLING_HOUR_MAX], &usage.wcu_hours[DDB_BILLING_HOUR_PRORATED],
    &usage.read_request_units, &usage.write_request_units, &usage.byte_seconds,
    &usage.ttl_deletes,
  };

  G_STATIC_ASSERT (N_RULES == 2);

  if (row == NULL || !node_set (reader, json_array_get_element (row, 0), &usage.prices) ||
      !node_table_class (json_array_get_element (row, 1), &usage.table_class) ||
      !row_doubles (row, 2, quantities, G_N_ELEMENTS (quantities)))
    return malformed (reader, "usage");

  ddb_price_set_ref (usage.prices);                                                /* M3 */
  g_array_append_val (entry->usage, usage);

  return TRUE;
}

static gboolean
read_open_hour (Reader        *reader,
                DdbMeterEntry *entry,
                JsonNode      *node)
{
  OpenHour *open = &entry->open;
  OpenHour read = { 0 };
  double *const quantities[] = {
    &read.max_rcu, &read.max_wcu, &read.rcu_seconds, &read.wcu_seconds,
    &read.pending.read_request_units, &read.pending.write_request_units,
    &read.pending.byte_seconds, &read.pending.ttl_deletes,
  };
  JsonArray *row;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;                                            /* open.hour is -1 already */

  row = ddb_json_node_row (node, 11);
  /* M2: the hour of the entry's last second. */
  if (row == NULL || entry->end_second == 0 ||
      !ddb_json_node_int (json_array_get_element (row, 0), 0, G_MAXINT64, &read.hour) ||
      read.hour != (entry->end_second - 1) / SECONDS_PER_HOUR ||
      !node_set (reader, json_array_get_element (row, 1), &read.pending.prices) ||
      !node_table_class (json_array_get_element (row, 2), &read.pending.table_class) ||
      !row_doubles (row, 3, quantities, G_N_ELEMENTS (quantities)))
    return malformed (reader, "open");

  *open = read;
  open->start = open->hour * SECONDS_PER_HOUR;
  open->overhead = ddb_price_set_get_item_overhead_bytes (open->pending.prices);
  ddb_price_set_ref (open->pending.prices);                                        /* M3 */

  return TRUE;
}

static gboolean
read_entry (Reader          *reader,
            DdbBillingMeter *meter,
            JsonNode        *node)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                       ? json_node_get_object (node) : NULL;
  const char *table_id, *table_name, *index_name;
  gint64 billing_mode, first, end;
  DdbTableClass table_class;
  DdbMeterEntry *entry;
  JsonArray *extra, *seconds, *usage;

  if (object == NULL ||
      !node_string (json_object_get_member (object, "table_id"), FALSE, &table_id) ||
      !node_string (json_object_get_member (object, "table"), FALSE, &table_name) ||
      !node_string (json_object_get_member (object, "index"), TRUE, &index_name) ||
      table_id[0] == '\0' || table_name[0] == '\0' ||
      _ddb_meter_entry_find (meter, table_id, index_name) != NULL)
    return malformed (reader, "entries");

  extra = ddb_json_node_row (json_object_get_member (object, "extra"), 2);
  seconds = ddb_json_node_row (json_object_get_member (object, "seconds"), 2);
  usage = ddb_json_node_array (json_object_get_member (object, "usage"));
  if (!ddb_json_node_int (json_object_get_member (object, "billing"), DDB_BILLING_PROVISIONED,
                          DDB_BILLING_ON_DEMAND, &billing_mode) ||
      !node_table_class (json_object_get_member (object, "class"), &table_class))
    return malformed (reader, "entries");
  if (extra == NULL || seconds == NULL || usage == NULL)
    return malformed (reader, extra == NULL ? "extra" : seconds == NULL ? "seconds" : "usage");
  /* M1: no second before the first, or first < end. */
  if (!ddb_json_node_int (json_array_get_element (seconds, 0), 0, G_MAXINT64 - 1, &first) ||
      !ddb_json_node_int (json_array_get_element (seconds, 1), 0, G_MAXINT64, &end) ||
      (end == 0 ? first != 0 : first >= end))
    return malformed (reader, "seconds");

  entry = _ddb_meter_entry_add (meter, table_id, table_name, index_name);
  entry->billing_mode = (DdbBillingMode)billing_mode;
  entry->table_class = table_class;
  entry->first_second = first;
  entry->end_second = end;
  if (!ddb_json_node_int (json_array_get_element (extra, 0), 0, G_MAXINT64, &entry->extra_items) ||
      !ddb_json_node_int (json_array_get_element (extra, 1), 0, G_MAXINT64, &entry->extra_bytes))
    return malformed (reader, "extra");

  for (guint i = 0; i < json_array_get_length (usage); i++)
    if (!read_usage (reader, entry, json_array_get_element (usage, i)))
      return FALSE;

  if (!read_open_hour (reader, entry, json_object_get_member (object, "open")))
    return FALSE;

  g_assert (_ddb_meter_entry_check (entry));

  return TRUE;
}

static gboolean
read_hour (Reader          *reader,
           DdbBillingMeter *meter,
           JsonNode        *node)
{
  JsonArray *row = ddb_json_node_row (node, 6);
  AccountHour read = { 0 };
  AccountHour *hour;
  double *const quantities[] = {
    &read.rcu[DDB_BILLING_HOUR_MAX], &read.rcu[DDB_BILLING_HOUR_PRORATED],
    &read.wcu[DDB_BILLING_HOUR_MAX], &read.wcu[DDB_BILLING_HOUR_PRORATED],
  };

  if (row == NULL ||
      !ddb_json_node_int (json_array_get_element (row, 0), 0, G_MAXINT64, &read.hour) ||
      g_hash_table_contains (meter->hours, &read.hour) ||
      !node_set (reader, json_array_get_element (row, 1), &read.prices) ||
      !row_doubles (row, 2, quantities, G_N_ELEMENTS (quantities)))
    return malformed (reader, "hours");

  /* M3: the account hour takes its own reference to the price set. */
  hour = _ddb_meter_account_hour (meter->hours, read.hour, read.prices);
  memcpy (hour->rcu, read.rcu, sizeof hour->rcu);
  memcpy (hour->wcu, read.wcu, sizeof hour->wcu);

  return TRUE;
}

/**
 * ddb_billing_meter_new_from_json:
 * @node: (nullable): what ddb_billing_meter_write_json() wrote
 * @catalog: (nullable): the price sheet to resolve the meter's price sets in and to meter
 *   by from now on, as ddb_billing_meter_set_catalog() (the meter takes a reference);
 *   NULL for the embedded us-east-1 sheet
 * @error: return location for a #GError
 *
 * Rebuilds a meter that writes the same bills as the one written, and meters further
 * seconds as it would have.  A price set is found again by its Region and the date it is
 * in force from; its prices are the catalog's (the meter never wrote them).
 *
 * Returns: (transfer full) (nullable): the meter, or NULL with DDB_ENGINE_ERROR_STORAGE:
 *   "storage: malformed billing meter at '<member>'" for anything out of shape (a missing
 *   member, a wrong type, a negative count or quantity, seconds or hours that break the
 *   invariants, an unknown version), or a "storage: " message naming the price set that
 *   @catalog does not have
 */
DdbBillingMeter *
ddb_billing_meter_new_from_json (JsonNode         *node,
                                 DdbPriceCatalog  *catalog,
                                 GError          **error)
{
  g_autoptr(DdbBillingMeter) meter = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  Reader reader = { NULL, error };
  JsonObject *object;
  JsonArray *entries, *hours;
  gint64 version;

  g_return_val_if_fail (catalog == NULL || DDB_IS_PRICE_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meter = ddb_billing_meter_new ();
  ddb_billing_meter_set_catalog (meter, catalog);
  sets = g_ptr_array_new ();
  reader.sets = sets;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return malformed (&reader, "/"), NULL;
  object = json_node_get_object (node);
  if (!ddb_json_node_int (json_object_get_member (object, "version"), STATE_VERSION, STATE_VERSION,
                          &version))
    return malformed (&reader, "version"), NULL;
  if (!ddb_json_node_int (json_object_get_member (object, "unpriced_second"), 0, G_MAXINT64,
                          &meter->unpriced_second))
    return malformed (&reader, "unpriced_second"), NULL;
  entries = ddb_json_node_array (json_object_get_member (object, "entries"));
  hours = ddb_json_node_array (json_object_get_member (object, "hours"));
  if (entries == NULL || hours == NULL)
    return malformed (&reader, entries == NULL ? "entries" : "hours"), NULL;

  if (!read_price_sets (&reader, meter, json_object_get_member (object, "price_sets")))
    return NULL;
  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (!read_entry (&reader, meter, json_array_get_element (entries, i)))
      return NULL;
  for (guint i = 0; i < json_array_get_length (hours); i++)
    if (!read_hour (&reader, meter, json_array_get_element (hours, i)))
      return NULL;

  return g_steal_pointer (&meter);
}
