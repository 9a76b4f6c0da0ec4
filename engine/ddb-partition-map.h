/* ddb-partition-map.h
 *
 * A table's partitions: contiguous ranges of keys (the 64-bit hash prefix of the partition
 * key, then the sort key) that together cover the whole key space, each with its item
 * count and size, and the history of splits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ddb-admission.h"
#include "ddb-route-key.h"
#include "ddb-table-spec.h"

G_BEGIN_DECLS

typedef struct
{
  guint   id;
  guint   parent_id;
  guint64 low;                      /* the hashes it holds, inclusive ... */
  guint64 high;
  GBytes *low_sort;                 /* ... of hash `low` only the sort keys from this one on
                                       (NULL: all of them) ... */
  GBytes *high_sort;                /* ... and of hash `high` only those below this one
                                       (NULL: all); set by splits that cut a partition key */
  gint64  created_usec;
  double  rcu_share;                /* provisioned throughput allotted to this partition */
  double  wcu_share;
  gint64  item_count;               /* live counters, kept by every write */
  gint64  size_bytes;
  DdbPartitionLoad load;            /* admission state (ddb-admission.h) */
  DdbPartitionHeat heat;            /* the traffic of its current hot run, in memory only */
} DdbPartition;

typedef struct _DdbPartitionMap DdbPartitionMap;

DdbPartitionMap    *ddb_partition_map_new_even      (guint                 count,
                                                     gint64                now_usec);
DdbPartitionMap    *ddb_partition_map_new_from_json (JsonNode             *node,
                                                     GError              **error);
void                ddb_partition_map_free          (DdbPartitionMap      *map);
void                ddb_partition_map_write_json    (DdbPartitionMap      *map,
                                                     JsonBuilder          *builder);

void                ddb_partition_map_share_evenly  (DdbPartitionMap      *map,
                                                     double                rcu,
                                                     double                wcu);
void                ddb_partition_map_get_shares    (DdbPartitionMap      *map,
                                                     double               *rcu,
                                                     double               *wcu);
guint               ddb_partition_map_get_count     (DdbPartitionMap      *map);
DdbPartition       *ddb_partition_map_get           (DdbPartitionMap      *map,
                                                     guint                 index);
guint               ddb_partition_map_route         (DdbPartitionMap      *map,
                                                     const DdbRouteKey    *key);
guint               ddb_partition_map_route_hash    (DdbPartitionMap      *map,
                                                     guint64               hash);
guint               ddb_partition_map_route_last    (DdbPartitionMap      *map,
                                                     guint64               hash);
guint               ddb_partition_map_count_between (DdbPartitionMap      *map,
                                                     guint64               low,
                                                     guint64               high);
gboolean            ddb_partition_map_can_split     (DdbPartitionMap      *map,
                                                     guint                 index,
                                                     const DdbRouteKey    *boundary);
gboolean            ddb_partition_map_split         (DdbPartitionMap      *map,
                                                     guint                 index,
                                                     const DdbRouteKey    *boundary,
                                                     DdbSplitReason        reason,
                                                     gint64                now_usec);
const GArray       *ddb_partition_map_get_splits    (DdbPartitionMap      *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbPartitionMap, ddb_partition_map_free)

G_END_DECLS
