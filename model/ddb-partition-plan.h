/* ddb-partition-plan.h
 *
 * Partition arithmetic (rulebook sections 3.1 to 3.3): the hard per-partition limits, the
 * classic partition-count formula, the even division of provisioned throughput, and the
 * doubling of the partition count when throughput is raised beyond what the partitions
 * support.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_PARTITION_MAX_RCU    3000
#define DDB_PARTITION_MAX_WCU    1000
#define DDB_PARTITION_MAX_BYTES  (G_GUINT64_CONSTANT (10) << 30)   /* 10 GB */

typedef struct
{
  guint64 partitions;           /* max (for_throughput, for_size), at least 1 */
  guint64 for_throughput;       /* ceil (RCU / 3000 + WCU / 1000) */
  guint64 for_size;             /* ceil (bytes / partition size limit) */
  double  rcu_per_partition;    /* provisioned RCU divided evenly */
  double  wcu_per_partition;
} DdbPartitionPlan;

guint64 ddb_partitions_for_throughput   (guint64           rcu,
                                         guint64           wcu);
guint64 ddb_partitions_for_size         (guint64           bytes,
                                         guint64           partition_max_bytes);
void    ddb_partition_plan_compute      (guint64           rcu,
                                         guint64           wcu,
                                         guint64           bytes,
                                         guint64           partition_max_bytes,
                                         DdbPartitionPlan *plan);
guint64 ddb_partitions_after_increase   (guint64           current,
                                         guint64           rcu,
                                         guint64           wcu);
double  ddb_partition_load              (double            rcu_per_second,
                                         double            wcu_per_second);

G_END_DECLS
