/* ddb-price-catalog.h
 *
 * DynamoDB prices as data.  A DdbPriceCatalog is one Region's price sheet
 * (data/pricing/<region>.json, embedded as a GResource, or any file with the same schema),
 * validated on load.  It holds dated DdbPriceSets, contiguous in time; the set in force on
 * a date gives a DdbPrice per table class and item.  Every price carries its unit, its
 * source, the date its evidence refers to and whether the rulebook calls it verified.
 *
 * Catalogs and price sets are immutable once loaded, so they may be shared between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ddb-types.h"

G_BEGIN_DECLS

/* The JSON member of each item is given by ddb_price_item_to_string(). */
typedef enum
{
  DDB_PRICE_ON_DEMAND_WRU,            /* per write request unit */
  DDB_PRICE_ON_DEMAND_RRU,            /* per read request unit */
  DDB_PRICE_PROVISIONED_WCU_HOUR,
  DDB_PRICE_PROVISIONED_RCU_HOUR,
  DDB_PRICE_REPLICATED_WRU,           /* global tables, on-demand */
  DDB_PRICE_REPLICATED_WCU_HOUR,      /* global tables, provisioned */
  DDB_PRICE_STORAGE_GB_MONTH,
  DDB_PRICE_PITR_GB_MONTH,            /* same for every table class */
  DDB_PRICE_BACKUP_GB_MONTH,          /* same for every table class */
  DDB_PRICE_RESTORE_GB,               /* same for every table class */
  DDB_PRICE_STREAM_RRU,               /* same for every table class */
  DDB_PRICE_TTL_DELETE,               /* same for every table class; free */
  DDB_PRICE_RESERVED_WCU_1Y_UPFRONT,  /* reserved: per block of 100 units, Standard only */
  DDB_PRICE_RESERVED_WCU_1Y_HOURLY,
  DDB_PRICE_RESERVED_RCU_1Y_UPFRONT,
  DDB_PRICE_RESERVED_RCU_1Y_HOURLY,
  DDB_PRICE_RESERVED_WCU_3Y_UPFRONT,
  DDB_PRICE_RESERVED_WCU_3Y_HOURLY,
  DDB_PRICE_RESERVED_RCU_3Y_UPFRONT,
  DDB_PRICE_RESERVED_RCU_3Y_HOURLY,
} DdbPriceItem;

#define DDB_N_PRICE_ITEMS (DDB_PRICE_RESERVED_RCU_3Y_HOURLY + 1)

/* Free tier allowances of a price set (rulebook 8.3).  Borrowed from the price set. */
typedef struct
{
  double       provisioned_wcu;             /* WCU provisioned in every hour */
  double       provisioned_rcu;             /* RCU provisioned in every hour */
  double       storage_gb_month;
  double       stream_read_requests_month;
  guint        table_classes;               /* mask of 1 << DdbTableClass */
  const char  *source;                      /* "[TAG], [TAG]: note" */
  const char  *as_of;                       /* YYYY-MM-DD */
  gboolean     verified;
} DdbFreeTier;

typedef struct _DdbPrice    DdbPrice;
typedef struct _DdbPriceSet DdbPriceSet;

#define DDB_TYPE_PRICE_SET     (ddb_price_set_get_type ())
#define DDB_TYPE_PRICE_CATALOG (ddb_price_catalog_get_type ())

G_DECLARE_FINAL_TYPE (DdbPriceCatalog, ddb_price_catalog, DDB, PRICE_CATALOG, GObject)

char             **ddb_price_catalog_list_regions        (void);
DdbPriceCatalog   *ddb_price_catalog_new_for_region      (const char       *region,
                                                          GError          **error);
DdbPriceCatalog   *ddb_price_catalog_new_from_file       (const char       *path,
                                                          GError          **error);
const char        *ddb_price_catalog_get_region          (DdbPriceCatalog  *self);
const char        *ddb_price_catalog_get_region_name     (DdbPriceCatalog  *self);
const char        *ddb_price_catalog_get_currency        (DdbPriceCatalog  *self);
const char        *ddb_price_catalog_lookup_source       (DdbPriceCatalog  *self,
                                                          const char       *tag);
guint              ddb_price_catalog_get_n_sets          (DdbPriceCatalog  *self);
DdbPriceSet       *ddb_price_catalog_get_set             (DdbPriceCatalog  *self,
                                                          guint             index);
DdbPriceSet       *ddb_price_catalog_lookup_set          (DdbPriceCatalog  *self,
                                                          const char       *date,
                                                          GError          **error);
DdbPriceSet       *ddb_price_catalog_lookup_set_for_date (DdbPriceCatalog  *self,
                                                          const GDate      *date);
DdbPriceSet       *ddb_price_catalog_lookup_set_for_ymd  (DdbPriceCatalog  *self,
                                                          guint             year,
                                                          guint             month,
                                                          guint             day);

GType              ddb_price_set_get_type                (void) G_GNUC_CONST;
DdbPriceSet       *ddb_price_set_ref                     (DdbPriceSet      *self);
void               ddb_price_set_unref                   (DdbPriceSet      *self);
const char        *ddb_price_set_get_region              (DdbPriceSet      *self);
const char        *ddb_price_set_get_effective_from      (DdbPriceSet      *self);
const char        *ddb_price_set_get_effective_until     (DdbPriceSet      *self);
const char        *ddb_price_set_get_note                (DdbPriceSet      *self);
guint              ddb_price_set_get_item_overhead_bytes (DdbPriceSet      *self);
const DdbFreeTier *ddb_price_set_get_free_tier           (DdbPriceSet      *self);
gboolean           ddb_price_set_has_free_tier           (DdbPriceSet      *self,
                                                          DdbTableClass     table_class);
const DdbPrice    *ddb_price_set_lookup                  (DdbPriceSet      *self,
                                                          DdbTableClass     table_class,
                                                          DdbPriceItem      item);

const char        *ddb_price_item_to_string              (DdbPriceItem      item);

double             ddb_price_get_usd                     (const DdbPrice   *price);
const char        *ddb_price_get_unit                    (const DdbPrice   *price);
const char        *ddb_price_get_source                  (const DdbPrice   *price);
const char *const *ddb_price_get_source_tags             (const DdbPrice   *price);
const char        *ddb_price_get_as_of                   (const DdbPrice   *price);
gboolean           ddb_price_get_verified                (const DdbPrice   *price);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbPriceSet, ddb_price_set_unref)

G_END_DECLS
