/* ddb-billing-meter-private.h
 *
 * The billing meter's insides, shared by its metering and billing (ddb-billing-meter.c)
 * and its persistence (ddb-billing-meter-json.c).  See the design notes and invariants
 * M1-M3 in ddb-billing-meter.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-billing-meter.h"

G_BEGIN_DECLS

#define SECONDS_PER_HOUR   G_GINT64_CONSTANT (3600)
#define N_RULES            (DDB_BILLING_HOUR_PRORATED + 1)

/* What one entry used at one price set and table class. */
typedef struct
{
  DdbPriceSet   *prices;
  DdbTableClass  table_class;
  double         rcu_hours[N_RULES];      /* hours over, by DdbBillingHourRule */
  double         wcu_hours[N_RULES];
  double         read_request_units;      /* on-demand */
  double         write_request_units;
  double         byte_seconds;            /* stored bytes, overhead included, x seconds */
  double         ttl_deletes;
} Usage;

/* The hour an entry's seconds are in. */
typedef struct
{
  gint64  hour;                           /* epoch hour, -1 before the first second */
  gint64  start;                          /* its first second */
  double  overhead;                       /* bytes stored per item, by its price set */
  double  max_rcu;                        /* capacity, billed when the hour is over */
  double  max_wcu;
  double  rcu_seconds;                    /* unit-seconds */
  double  wcu_seconds;
  Usage   pending;                        /* the hour's price set, the current class, and
                                             what the seconds since the hour began (or the
                                             class changed) added; no capacity */
} OpenHour;

struct _DdbMeterEntry
{
  char          *table_id;
  char          *table_name;
  char          *index_name;              /* NULL for the table */
  DdbBillingMode billing_mode;            /* as it stands: set by each lookup */
  DdbTableClass  table_class;
  gint64         extra_items;
  gint64         extra_bytes;
  gint64         first_second;
  gint64         end_second;              /* the last second + 1; 0 before the first */
  GArray        *usage;                   /* of Usage, in order of first use */
  OpenHour       open;
};

/* Standard-class capacity of the whole account in one hour. */
typedef struct
{
  gint64       hour;                      /* the key */
  DdbPriceSet *prices;
  double       rcu[N_RULES];
  double       wcu[N_RULES];
} AccountHour;

struct _DdbBillingMeter
{
  DdbPriceCatalog *catalog;               /* NULL until needed: then us-east-1 */
  gint64           day;                   /* the epoch day day_prices is for; -1 none */
  DdbPriceSet     *day_prices;            /* borrowed from the catalog */
  GPtrArray       *entries;               /* of DdbMeterEntry*, owned, in order of
                                             appearance */
  GHashTable      *tables;                /* table_id -> GPtrArray of its entries */
  GHashTable      *hours;                 /* &AccountHour.hour -> AccountHour*, hours over */
  gint64           unpriced_second;       /* the first second no price set covered; 0 */
};

gboolean       _ddb_meter_entry_check    (const DdbMeterEntry *entry);
DdbMeterEntry *_ddb_meter_entry_find     (DdbBillingMeter     *meter,
                                          const char          *table_id,
                                          const char          *index_name);
DdbMeterEntry *_ddb_meter_entry_add      (DdbBillingMeter     *meter,
                                          const char          *table_id,
                                          const char          *table_name,
                                          const char          *index_name);
AccountHour   *_ddb_meter_account_hour   (GHashTable          *hours,
                                          gint64               hour,
                                          DdbPriceSet         *prices);
GPtrArray     *_ddb_meter_sorted_hours   (GHashTable          *hours);

G_END_DECLS
