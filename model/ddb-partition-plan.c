/* ddb-partition-plan.c
 *
 * The classic partition formula of the 2017 developer guide (rulebook 3.2):
 *
 *   partitions_for_throughput = ceil (RCU / 3000 + WCU / 1000)
 *   partitions_for_size       = ceil (table size / 10 GB)
 *   partitions                = max (both, 1)
 *
 * computed in integers as ceil ((RCU + 3 WCU) / 3000) so that no rounding error can move
 * a table across a partition boundary.  AWS no longer publishes the formula; ddbsim uses it
 * as its teaching model, and the combination with max() is the exam form (unverified as a
 * single AWS formula, as the rulebook notes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-partition-plan"

#include "config.h"

#include "ddb-partition-plan.h"

/* ceil (a / b) for b > 0, without overflow for any a. */
static guint64
ceil_div (guint64 a,
          guint64 b)
{
  g_assert (b > 0);

  return a / b + (a % b != 0);
}

/* Partitions needed for @rcu and @wcu of provisioned throughput, at least 1 (TV-27). */
guint64
ddb_partitions_for_throughput (guint64 rcu,
                               guint64 wcu)
{
  guint64 weighted;

  g_return_val_if_fail (wcu <= G_MAXUINT64 / 4 && rcu <= G_MAXUINT64 / 4, 1);

  weighted = rcu + 3 * wcu;   /* in units of 1/3000 of a partition */

  return MAX (1, ceil_div (weighted, DDB_PARTITION_MAX_RCU));
}

/* Partitions needed to hold @bytes with @partition_max_bytes per partition, at least 1. */
guint64
ddb_partitions_for_size (guint64 bytes,
                         guint64 partition_max_bytes)
{
  g_return_val_if_fail (partition_max_bytes > 0, 1);

  return MAX (1, ceil_div (bytes, partition_max_bytes));
}

/**
 * ddb_partition_plan_compute:
 * @rcu: provisioned read capacity units
 * @wcu: provisioned write capacity units
 * @bytes: table size in bytes
 * @partition_max_bytes: the partition size limit (%DDB_PARTITION_MAX_BYTES, or a demo
 *   table's scaled-down limit)
 * @plan: (out): the plan
 *
 * Fills @plan with the classic partition count and the even per-partition shares
 * (TV-27: 5,000 RCU + 2,000 WCU -> 4 partitions of 1,250 RCU / 500 WCU).
 */
void
ddb_partition_plan_compute (guint64           rcu,
                            guint64           wcu,
                            guint64           bytes,
                            guint64           partition_max_bytes,
                            DdbPartitionPlan *plan)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (partition_max_bytes > 0);

  plan->for_throughput = ddb_partitions_for_throughput (rcu, wcu);
  plan->for_size = ddb_partitions_for_size (bytes, partition_max_bytes);
  plan->partitions = MAX (plan->for_throughput, plan->for_size);
  plan->rcu_per_partition = (double)rcu / (double)plan->partitions;
  plan->wcu_per_partition = (double)wcu / (double)plan->partitions;
}

/**
 * ddb_partitions_after_increase:
 * @current: the table's partition count now
 * @rcu: the new provisioned read capacity
 * @wcu: the new provisioned write capacity
 *
 * When provisioned throughput is raised beyond what the partitions support, DynamoDB
 * doubles the partition count (rulebook 3.3; TV-28: 4 partitions raised to 8,000 RCU and
 * 2,000 WCU need 5, so they become 8).  Partitions never merge, so a decrease keeps
 * @current.
 *
 * Returns: the partition count after the change.
 */
guint64
ddb_partitions_after_increase (guint64 current,
                               guint64 rcu,
                               guint64 wcu)
{
  guint64 needed = ddb_partitions_for_throughput (rcu, wcu);
  guint64 count = MAX (current, 1);

  /* Bounded: each step doubles, so at most 64 iterations. */
  while (count < needed && count <= G_MAXUINT64 / 2)
    count *= 2;

  return MAX (count, needed);
}

/**
 * ddb_partition_load:
 *
 * A partition's read and write limits combine linearly: it is saturated when
 * RCU/3000 + WCU/1000 reaches 1 (rulebook 3.1; TV-30: 1,500 RRU + 500 WRU is exactly 1).
 *
 * Returns: the fraction of one partition's capacity that the given rates use.
 */
double
ddb_partition_load (double rcu_per_second,
                    double wcu_per_second)
{
  return rcu_per_second / DDB_PARTITION_MAX_RCU + wcu_per_second / DDB_PARTITION_MAX_WCU;
}
