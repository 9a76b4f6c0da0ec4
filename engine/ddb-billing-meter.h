/* ddb-billing-meter.h
 *
 * DdbBillingMeter: what a simulated account has cost so far.  The engine feeds it every
 * closed second of every table and GSI (ddb-engine-billing.c); it keeps the usage DynamoDB
 * bills (provisioned unit-hours, on-demand request units, storage byte-seconds, TTL
 * deletes) per resource, price set and table class, and writes it out as a DdbBill
 * (ddb-cost.h) on demand.  Its whole state can be written as JSON and read back, so that
 * it survives reopening a database file.  The rules are in ddb-billing-meter.c and
 * docs/model-parameters.md ("Billing meter").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ddb-cost.h"
#include "ddb-metrics.h"
#include "ddb-price-catalog.h"

G_BEGIN_DECLS

/* How an hour of provisioned capacity is billed when the capacity changed within it. */
typedef enum
{
  DDB_BILLING_HOUR_MAX,         /* the highest capacity provisioned in the hour (default) */
  DDB_BILLING_HOUR_PRORATED,    /* each capacity for the seconds it was provisioned */
} DdbBillingHourRule;

/* The billing settings of an engine (DdbEngineConfig.billing).  Both are read when a bill
 * is written, so they may be changed at any time and apply to the whole period. */
typedef struct
{
  gboolean           free_tier;   /* apply the account's free tier; default off */
  DdbBillingHourRule hour_rule;   /* default DDB_BILLING_HOUR_MAX */
} DdbBillingConfig;

/* A table or GSI as it stands (ddb_billing_meter_lookup()).  Strings are borrowed. */
typedef struct
{
  const char    *table_id;        /* identifies one incarnation of a table (its TableId) */
  const char    *table_name;
  const char    *index_name;      /* a GSI, or NULL for the table */
  DdbBillingMode billing_mode;
  DdbTableClass  table_class;
  gint64         extra_items;     /* entries stored with the table but not counted in the
                                     point (local secondary indexes) */
  gint64         extra_bytes;
} DdbMeteredResource;

typedef struct _DdbBillingMeter DdbBillingMeter;

/* The meter's entry for one table or GSI, owned by the meter and valid as long as it. */
typedef struct _DdbMeterEntry DdbMeterEntry;

DdbBillingMeter *ddb_billing_meter_new           (void);
DdbBillingMeter *ddb_billing_meter_new_from_json (JsonNode                  *node,
                                                  DdbPriceCatalog           *catalog,
                                                  GError                   **error);
void             ddb_billing_meter_free          (DdbBillingMeter           *meter);
void             ddb_billing_meter_write_json    (DdbBillingMeter           *meter,
                                                  JsonBuilder               *builder);
void             ddb_billing_meter_set_catalog   (DdbBillingMeter           *meter,
                                                  DdbPriceCatalog           *catalog);
DdbPriceCatalog *ddb_billing_meter_get_catalog   (DdbBillingMeter           *meter);
DdbMeterEntry   *ddb_billing_meter_lookup        (DdbBillingMeter           *meter,
                                                  const DdbMeteredResource  *resource);
void             ddb_billing_meter_add_second    (DdbBillingMeter           *meter,
                                                  DdbMeterEntry             *entry,
                                                  const DdbMetricPoint      *point);
void             ddb_billing_meter_add_counters  (DdbBillingMeter           *meter,
                                                  DdbMeterEntry             *entry,
                                                  const DdbMetricPoint      *point);
gboolean         ddb_billing_meter_has_table     (DdbBillingMeter           *meter,
                                                  const char                *table_name);
DdbBill         *ddb_billing_meter_dup_bill      (DdbBillingMeter           *meter,
                                                  const char                *table_name,
                                                  gint64                     now_second,
                                                  const DdbBillingConfig    *config,
                                                  GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbBillingMeter, ddb_billing_meter_free)

G_END_DECLS
