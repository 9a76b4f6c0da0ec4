/* ddb-engine-billing.c
 *
 * The engine's side of the billing meter (ddb-billing-meter.h holds the meter): every
 * closed second of every table and GSI is metered as the metrics close it
 * (ddb-engine-metrics.c calls _ddb_engine_billing_add_second(), whether or not a metrics
 * callback is set), with the table's billing mode and class as they stand then; a table
 * that goes away hands over the counters of its last, unfinished second
 * (_ddb_engine_billing_retire()).  The meter belongs to the engine, not to the table, so
 * a deleted table's cost stays on the bill.
 *
 * The bill covers the seconds the metrics have closed: every second before the one the
 * clock is in, since ddb_engine_advance() closes them.  With metrics off
 * (DdbEngineConfig.metrics_enabled) nothing is metered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-billing"

#include "config.h"

#include "ddb-engine-billing.h"

static DdbBillingMeter *
meter (DdbEngine *self)
{
  if (self->meter == NULL)
    self->meter = ddb_billing_meter_new ();

  return self->meter;
}

/* Returns: (transfer none): the meter's entry for @table (@index NULL) or its GSI @index,
 * with their mode, class and storage as they stand. */
static DdbMeterEntry *
lookup (DdbEngine *self,
        DdbTable  *table,
        DdbIndex  *index)
{
  DdbMeteredResource resource = {
    .table_id = table->uuid,
    .table_name = table->spec->table_name,
    .index_name = index != NULL ? index->spec->name : NULL,
    .billing_mode = table->spec->billing_mode,
    .table_class = table->spec->table_class,
  };

  /* Local secondary index entries are stored, and billed, with their table. */
  for (guint i = 0; index == NULL && i < table->indexes->len; i++)
    {
      DdbIndex *local = g_ptr_array_index (table->indexes, i);

      if (!ddb_index_is_global (local))
        {
          resource.extra_items += local->item_count;
          resource.extra_bytes += local->size_bytes;
        }
    }

  return ddb_billing_meter_lookup (meter (self), &resource);
}

/**
 * _ddb_engine_billing_add_second:
 * @entry: (inout): NULL before the first second of a run that closes at once, then the
 *   entry looked up for it: nothing about the table changes within such a run
 *
 * Meters a closed second of @table (@index NULL) or of its GSI @index.
 */
void
_ddb_engine_billing_add_second (DdbEngine             *self,
                                DdbTable              *table,
                                DdbIndex              *index,
                                DdbMeterEntry        **entry,
                                const DdbMetricPoint  *point)
{
  if (*entry == NULL)
    *entry = lookup (self, table, index);

  ddb_billing_meter_add_second (self->meter, *entry, point);
}

static void
retire_resource (DdbEngine          *self,
                 DdbTable           *table,
                 DdbIndex           *index,
                 DdbResourceMetrics *metrics)
{
  if (metrics != NULL && ddb_resource_metrics_get_second (metrics) != 0)
    ddb_billing_meter_add_counters (meter (self), lookup (self, table, index),
                                    ddb_resource_metrics_current (metrics));
}

/**
 * _ddb_engine_billing_retire:
 *
 * Meters the request units @table and its GSIs counted in the second they are in (which
 * will never close: the table is about to go away).
 */
void
_ddb_engine_billing_retire (DdbEngine *self,
                            DdbTable  *table)
{
  retire_resource (self, table, NULL, table->metrics);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (ddb_index_is_global (index))
        retire_resource (self, table, index, index->metrics);
    }
}

/* ---------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_set_price_catalog:
 * @catalog: (nullable): the price sheet to bill by from now on; NULL for the embedded
 *   us-east-1 sheet (the default)
 *
 * Seconds already metered keep the prices they were metered at.
 */
void
ddb_engine_set_price_catalog (DdbEngine       *self,
                              DdbPriceCatalog *catalog)
{
  g_return_if_fail (DDB_IS_ENGINE (self));
  g_return_if_fail (catalog == NULL || DDB_IS_PRICE_CATALOG (catalog));

  ddb_billing_meter_set_catalog (meter (self), catalog);
}

/* Returns: (transfer none) (nullable): the price sheet the engine bills by. */
DdbPriceCatalog *
ddb_engine_get_price_catalog (DdbEngine *self)
{
  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);

  return ddb_billing_meter_get_catalog (meter (self));
}

/**
 * ddb_engine_get_bill:
 * @table_name: (nullable): a table, live or deleted, or NULL for every table
 * @error: return location for a #GError
 *
 * The bill so far: what every table and GSI (or @table_name and its GSIs) has cost over
 * the seconds closed, line by line (ddb-cost.h).  Lines name their table and GSI; the
 * free tier (DdbEngineConfig.billing.free_tier) is per account, so its credits appear,
 * as lines naming no table, only in the bill of every table.  The bill's hours are the
 * simulated hours metered: from the first metered second of any table (or of
 * @table_name) to the last.  The rules are in docs/model-parameters.md ("Billing meter").
 *
 * Returns: (transfer full) (nullable): the bill, or NULL with
 *   DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND when no table of that name ever existed, or
 *   DDB_ENGINE_ERROR_VALIDATION when the price catalog has no prices for a metered day
 */
DdbBill *
ddb_engine_get_bill (DdbEngine   *self,
                     const char  *table_name,
                     GError     **error)
{
  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (table_name != NULL && !g_hash_table_contains (self->tables, table_name) &&
      !ddb_billing_meter_has_table (meter (self), table_name))
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                   "Requested resource not found: Table: %s not found", table_name);
      return NULL;
    }

  return ddb_billing_meter_dup_bill (meter (self), table_name, self->now_usec / G_USEC_PER_SEC,
                                     &self->config.billing, error);
}

/**
 * ddb_engine_get_monthly_bill:
 *
 * The bill so far (ddb_engine_get_bill()) projected to a 730-hour month at the same rates
 * (ddb_bill_dup_monthly()).  Before a second was metered there is nothing to project:
 * the month is empty.
 *
 * Returns: (transfer full) (nullable): the month, or NULL with @error set as for
 *   ddb_engine_get_bill()
 */
DdbBill *
ddb_engine_get_monthly_bill (DdbEngine   *self,
                             const char  *table_name,
                             GError     **error)
{
  g_autoptr(DdbBill) bill = ddb_engine_get_bill (self, table_name, error);

  if (bill == NULL)
    return NULL;
  if (ddb_bill_get_hours (bill) <= 0.0)
    return ddb_bill_new (DDB_COST_HOURS_PER_MONTH);

  return ddb_bill_dup_monthly (bill);
}
