/* ddb-cost.h
 *
 * What DynamoDB charges, as a line-item bill.  Pure functions over a DdbPriceSet: each
 * ddb_cost_add_*() prices one component of usage over a period and adds its lines to a
 * DdbBill, with free tier credits as explicit negative lines.  ddb_cost_estimate() bills a
 * whole DdbUsage; ddb_bill_dup_monthly() projects a bill to a 730-hour month.
 *
 * Money is USD in doubles, never rounded here; GB are binary (1024^3 bytes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ddb-price-catalog.h"
#include "ddb-types.h"

G_BEGIN_DECLS

#define DDB_COST_HOURS_PER_MONTH 730.0            /* AWS's monthly estimate convention */
#define DDB_COST_BYTES_PER_GB    1073741824.0     /* 1024^3, rulebook conventions */

typedef enum
{
  DDB_COST_READS,
  DDB_COST_WRITES,
} DdbCostAccess;

typedef enum
{
  DDB_RESERVED_1_YEAR,       /* 8,760 hours */
  DDB_RESERVED_3_YEARS,      /* 26,280 hours */
} DdbReservedTerm;

/* One line of a bill, read-only, owned by the bill. */
typedef struct
{
  char          *label;            /* "Provisioned write capacity", "Free tier: ..." */
  DdbPriceItem   item;
  DdbTableClass  table_class;
  gboolean       free_tier;        /* a credit: quantity and usd are negative */
  gboolean       recurring;        /* FALSE for one-time charges (restores) */
  double         quantity;         /* in unit */
  char          *unit;
  double         unit_price_usd;
  double         usd;              /* quantity * unit_price_usd */
  gboolean       verified;         /* FALSE if the price (or allowance) is unverified */
  char          *source;
  char          *as_of;
  char          *table_name;       /* the table a metered line is for (ddb_bill_merge());
                                      NULL for account lines and for estimates */
  char          *index_name;       /* a global secondary index of table_name, or NULL */
} DdbBillLine;

typedef struct _DdbBill DdbBill;

/* What a table used over a period.  Zero-initialise, then fill in what applies. */
typedef struct
{
  DdbBillingMode billing_mode;
  DdbTableClass  table_class;
  double         hours;                   /* length of the period, > 0 */
  double         rcu;                     /* provisioned, held for the whole period */
  double         wcu;
  double         read_request_units;      /* on-demand RRU consumed in the period */
  double         write_request_units;     /* on-demand WRU */
  guint64        storage_bytes;           /* item bytes, without per-item overhead */
  guint64        item_count;              /* adds 100 bytes each; 0 if already counted */
  double         pitr_gb;                 /* table size under PITR, held for the period */
  double         backup_gb;               /* on-demand backups held for the period */
  double         restore_gb;              /* restored in the period (one-time) */
  double         stream_read_requests;
  double         ttl_deletes;
  double         replicated_write_units;  /* on-demand: rWRU in the period */
  double         replicated_wcu;          /* provisioned: rWCU held for the period */
  gboolean       free_tier;               /* apply the account's free tier */
} DdbUsage;

#define DDB_TYPE_BILL (ddb_bill_get_type ())

GType              ddb_bill_get_type                   (void) G_GNUC_CONST;
DdbBill           *ddb_bill_new                        (double            hours);
DdbBill           *ddb_bill_ref                        (DdbBill          *self);
void               ddb_bill_unref                      (DdbBill          *self);
double             ddb_bill_get_hours                  (DdbBill          *self);
void               ddb_bill_add_hours                  (DdbBill          *self,
                                                        double            hours);
guint              ddb_bill_get_n_lines                (DdbBill          *self);
const DdbBillLine *ddb_bill_get_line                   (DdbBill          *self,
                                                        guint             index);
double             ddb_bill_get_total_usd              (DdbBill          *self);
gboolean           ddb_bill_get_verified               (DdbBill          *self);
DdbBill           *ddb_bill_dup_monthly                (DdbBill          *self);
void               ddb_bill_merge                      (DdbBill          *self,
                                                        DdbBill          *other,
                                                        const char       *table_name,
                                                        const char       *index_name);

double             ddb_cost_add_provisioned            (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        double            rcu,
                                                        double            wcu,
                                                        double            hours,
                                                        gboolean          free_tier);
double             ddb_cost_add_on_demand              (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        double            read_request_units,
                                                        double            write_request_units);
double             ddb_cost_add_storage                (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        guint64           bytes,
                                                        guint64           item_count,
                                                        double            hours,
                                                        gboolean          free_tier);
double             ddb_cost_add_free_tier_credit       (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        DdbPriceItem      item,
                                                        double            quantity);
double             ddb_cost_add_pitr                   (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        double            gb,
                                                        double            hours);
double             ddb_cost_add_backup                 (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        double            gb,
                                                        double            hours);
double             ddb_cost_add_restore                (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        double            gb);
double             ddb_cost_add_stream_reads           (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        double            requests,
                                                        double            hours,
                                                        gboolean          free_tier);
double             ddb_cost_add_ttl_deletes            (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        double            deletes);
double             ddb_cost_add_replicated_on_demand   (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        double            replicated_write_units);
double             ddb_cost_add_replicated_provisioned (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        double            rwcu,
                                                        double            hours);
gboolean           ddb_cost_add_reserved               (DdbBill          *bill,
                                                        DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        DdbReservedTerm   term,
                                                        DdbCostAccess     access,
                                                        guint             blocks,
                                                        double            hours,
                                                        GError          **error);

double             ddb_cost_reserved_effective_hourly  (DdbPriceSet      *prices,
                                                        DdbReservedTerm   term,
                                                        DdbCostAccess     access);
double             ddb_cost_break_even_utilisation     (DdbPriceSet      *prices,
                                                        DdbTableClass     table_class,
                                                        DdbCostAccess     access);

DdbBill           *ddb_cost_estimate                   (DdbPriceSet      *prices,
                                                        const DdbUsage   *usage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbBill, ddb_bill_unref)

G_END_DECLS
