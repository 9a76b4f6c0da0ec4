/* ddb-price-catalog-private.h
 *
 * What the three files of the price catalog share: the instance structs of DdbPrice,
 * DdbPriceSet and DdbPriceCatalog, and the functions one of them defines for the others.
 * ddb-price-set.c owns prices and price sets, ddb-price-sheet-loader.c fills them from a
 * price sheet, and ddb-price-catalog.c is the GObject that holds them.  Nothing outside
 * those files includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-price-catalog.h"

G_BEGIN_DECLS

#define N_TABLE_CLASSES (DDB_TABLE_CLASS_STANDARD_IA + 1)
#define NO_START        ((guint32)0)
#define NO_END          G_MAXUINT32

struct _DdbPrice
{
  double    usd;
  char     *unit;
  char     *source;         /* "[TAG], [TAG]: note" */
  char    **source_tags;
  char     *as_of;
  gboolean  verified;
};

struct _DdbPriceSet
{
  gatomicrefcount  ref_count;

  char            *region;
  char            *effective_from;    /* NULL: no known start */
  char            *effective_until;   /* NULL: open-ended; exclusive */
  guint32          from_julian;       /* NO_START when effective_from is NULL */
  guint32          until_julian;      /* NO_END when effective_until is NULL */
  char            *note;
  guint            item_overhead_bytes;

  DdbFreeTier      free_tier;         /* its strings point into the two fields below */
  char            *free_tier_source;
  char            *free_tier_as_of;

  GPtrArray       *prices;            /* owns every DdbPrice */
  const DdbPrice  *table[N_TABLE_CLASSES][DDB_N_PRICE_ITEMS];   /* NULL: not offered */
};

struct _DdbPriceCatalog
{
  GObject     parent_instance;

  char       *region;
  char       *region_name;
  char       *currency;
  GHashTable *sources;                /* tag -> description */
  GPtrArray  *sets;                   /* DdbPriceSet, sorted and contiguous */
};

/* ddb-price-set.c */
void             _ddb_price_free                   (DdbPrice     *price);
DdbPriceSet     *_ddb_price_set_new                (void);

/* ddb-price-sheet-loader.c */
gboolean         _ddb_price_catalog_parse_iso_date (const char   *text,
                                                    guint32      *julian);
DdbPriceCatalog *_ddb_price_catalog_new_from_data  (const char   *file_name,
                                                    const char   *data,
                                                    gsize         length,
                                                    const char   *expected_region,
                                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbPrice, _ddb_price_free)

G_END_DECLS
