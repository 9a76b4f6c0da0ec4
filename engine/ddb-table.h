/* ddb-table.h
 *
 * DdbTable: one table inside the engine, its definition, lifecycle, partitions, live
 * statistics and settings.  Private to the engine; the outside sees DdbTableInfo
 * snapshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-index.h"
#include "ddb-key.h"
#include "ddb-metrics.h"
#include "ddb-partition-map.h"
#include "ddb-store.h"
#include "ddb-table-spec.h"

G_BEGIN_DECLS

typedef struct _DdbScalingTarget DdbScalingTarget;

typedef struct
{
  gint64           id;                      /* row id in the store */
  DdbTableSpec    *spec;
  DdbKeyShape      key;                     /* names point into spec */
  DdbTableStatus   status;
  gint64           created_usec;
  gint64           status_until_usec;       /* CREATING/DELETING end at this time */
  char            *arn;
  char            *uuid;
  DdbPartitionMap *partitions;
  gint64           item_count;              /* live, exact */
  gint64           size_bytes;
  gint64           reported_item_count;     /* what DescribeTable shows */
  gint64           reported_size_bytes;
  gint64           stats_refreshed_usec;
  gint64           last_increase_usec;      /* 0: never */
  gint64           last_decrease_usec;
  gint             decreases_today;
  gint64           decreases_day;           /* the UTC day decreases_today counts */
  gint64           billing_mode_changed_usec;
  gint64           on_demand_switches[4];   /* the last switches to on-demand; 0: none */
  gboolean         throughput_pending;      /* new provisioned throughput not serving yet */
  gint64           peak_provisioned[2];     /* the highest RCU, WCU ever provisioned */
  char            *ttl_attribute;
  DdbTtlStatus     ttl_status;
  gint64           ttl_changed_usec;
  gint64           ttl_deleted_items;       /* items TTL deleted, ever (a metric) */
  GPtrArray       *indexes;                 /* of DdbIndex, in the spec's order */
  DdbOwnerLoad     load;                    /* admission state, in memory only */
  DdbResourceMetrics *metrics;              /* created on first use */
  DdbScalingTarget *scaling[2];             /* auto scaling of reads, writes; nullable */
  guint            next_index_number;
} DdbTable;

DdbTable     *ddb_table_new              (const DdbTableSpec  *spec,
                                          gint64               now_usec);
DdbTable     *ddb_table_new_from_json    (gint64               id,
                                          const char          *definition,
                                          GError             **error);
void          ddb_table_free             (DdbTable            *table);
char         *ddb_table_to_json          (DdbTable            *table);
DdbTableInfo *ddb_table_dup_info         (DdbTable            *table,
                                          gint64               now_usec);

guint64       ddb_table_get_partition_max_bytes (DdbTable     *table);
void          ddb_table_account          (DdbTable            *table,
                                          const DdbRouteKey   *key,
                                          gint64               delta_items,
                                          gint64               delta_bytes);
gboolean      ddb_table_recount          (DdbTable            *table,
                                          DdbStore            *store,
                                          GError             **error);
guint         ddb_table_split_oversized  (DdbTable            *table,
                                          DdbStore            *store,
                                          gint64               now_usec,
                                          GError             **error);
guint         ddb_table_split_for_throughput (DdbTable        *table,
                                          DdbIndex            *index,
                                          DdbStore            *store,
                                          gint64               now_usec,
                                          GError             **error);
guint         ddb_table_split_for_peak   (DdbTable            *table,
                                          DdbIndex            *index,
                                          DdbStore            *store,
                                          double               read_units,
                                          double               write_units,
                                          gint64               now_usec,
                                          GError             **error);
gboolean      ddb_table_split_at         (DdbTable            *table,
                                          DdbIndex            *index,
                                          DdbStore            *store,
                                          guint                position,
                                          const DdbRouteKey   *boundary,
                                          DdbSplitReason       reason,
                                          gint64               now_usec,
                                          gboolean            *split,
                                          GError             **error);
void          ddb_table_refresh_stats    (DdbTable            *table,
                                          gint64               now_usec,
                                          gint64               refresh_usec);
DdbIndex     *ddb_table_lookup_index     (DdbTable            *table,
                                          const char          *name);
gboolean      ddb_table_has_local_index  (DdbTable            *table);
gint64        ddb_table_item_expiry      (DdbTable            *table,
                                          const DdbValue      *item);
void          ddb_table_account_entry    (DdbTable            *table,
                                          DdbIndex            *index,
                                          const DdbRouteKey   *key,
                                          gint64               delta_entries,
                                          gint64               delta_bytes);

void          _ddb_table_finish          (DdbTable            *table);
#ifndef G_DISABLE_ASSERT
gboolean      _ddb_table_check           (DdbTable            *table);
#endif

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbTable, ddb_table_free)

G_END_DECLS
