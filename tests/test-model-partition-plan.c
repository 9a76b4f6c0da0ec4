/* test-model-partition-plan.c
 *
 * The classic partition formula and splits against TV-27 to TV-30.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-partition-plan.h"

#define GB (G_GUINT64_CONSTANT (1) << 30)

static void
test_throughput_formula (void)
{
  DdbPartitionPlan plan;

  g_test_summary ("TV-27: 1,000+500 -> 1; 1,000+1,000 -> 2 of 500/500; 5,000+2,000 -> 4 of "
                  "1,250/500");

  ddb_partition_plan_compute (1000, 500, 0, DDB_PARTITION_MAX_BYTES, &plan);
  g_assert_cmpuint (plan.partitions, ==, 1);

  ddb_partition_plan_compute (1000, 1000, 0, DDB_PARTITION_MAX_BYTES, &plan);
  g_assert_cmpuint (plan.partitions, ==, 2);
  g_assert_cmpfloat (plan.rcu_per_partition, ==, 500.0);
  g_assert_cmpfloat (plan.wcu_per_partition, ==, 500.0);

  ddb_partition_plan_compute (5000, 2000, 0, DDB_PARTITION_MAX_BYTES, &plan);
  g_assert_cmpuint (plan.partitions, ==, 4);
  g_assert_cmpfloat (plan.rcu_per_partition, ==, 1250.0);
  g_assert_cmpfloat (plan.wcu_per_partition, ==, 500.0);
}

static void
test_boundaries (void)
{
  g_test_summary ("Exactly one partition's worth is one partition; one unit more is two");

  g_assert_cmpuint (ddb_partitions_for_throughput (3000, 0), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_throughput (3001, 0), ==, 2);
  g_assert_cmpuint (ddb_partitions_for_throughput (0, 1000), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_throughput (0, 1001), ==, 2);
  g_assert_cmpuint (ddb_partitions_for_throughput (1500, 500), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_throughput (1, 1), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_throughput (0, 0), ==, 1);
  /* The per-table quota: 40,000 + 40,000 -> 54 partitions (13.3 + 40) */
  g_assert_cmpuint (ddb_partitions_for_throughput (40000, 40000), ==, 54);
}

static void
test_size_term (void)
{
  DdbPartitionPlan plan;

  g_test_summary ("10 GB per partition; the larger of the two terms wins");

  g_assert_cmpuint (ddb_partitions_for_size (0, DDB_PARTITION_MAX_BYTES), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_size (10 * GB, DDB_PARTITION_MAX_BYTES), ==, 1);
  g_assert_cmpuint (ddb_partitions_for_size (10 * GB + 1, DDB_PARTITION_MAX_BYTES), ==, 2);
  g_assert_cmpuint (ddb_partitions_for_size (85 * GB, DDB_PARTITION_MAX_BYTES), ==, 9);

  ddb_partition_plan_compute (5000, 2000, 85 * GB, DDB_PARTITION_MAX_BYTES, &plan);
  g_assert_cmpuint (plan.for_throughput, ==, 4);
  g_assert_cmpuint (plan.for_size, ==, 9);
  g_assert_cmpuint (plan.partitions, ==, 9);

  /* A demo table with a 10 MB partition limit */
  g_assert_cmpuint (ddb_partitions_for_size (25 << 20, 10 << 20), ==, 3);
}

static void
test_throughput_increase_doubles (void)
{
  g_test_summary ("TV-28: 4 partitions raised to 8,000 RCU become 8, of 1,000 RCU/250 WCU");

  g_assert_cmpuint (ddb_partitions_after_increase (4, 8000, 2000), ==, 8);
  g_assert_cmpfloat (8000.0 / 8, ==, 1000.0);
  g_assert_cmpfloat (2000.0 / 8, ==, 250.0);
  /* Enough partitions already: no change, and decreases never merge. */
  g_assert_cmpuint (ddb_partitions_after_increase (4, 6000, 2000), ==, 4);
  g_assert_cmpuint (ddb_partitions_after_increase (8, 10, 10), ==, 8);
  /* Far beyond: doubling continues until the formula is met. */
  g_assert_cmpuint (ddb_partitions_after_increase (1, 40000, 40000), ==, 64);
}

static void
test_linear_combination (void)
{
  g_test_summary ("TV-30: 1,500 RRU + 500 WRU saturates a partition exactly");

  g_assert_cmpfloat (ddb_partition_load (1500, 500), ==, 1.0);
  g_assert_cmpfloat (ddb_partition_load (3000, 0), ==, 1.0);
  g_assert_cmpfloat (ddb_partition_load (0, 1000), ==, 1.0);
  g_assert_cmpfloat (ddb_partition_load (600, 200), <, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/partition-plan/throughput-formula", test_throughput_formula);
  g_test_add_func ("/ddb/model/partition-plan/boundaries", test_boundaries);
  g_test_add_func ("/ddb/model/partition-plan/size-term", test_size_term);
  g_test_add_func ("/ddb/model/partition-plan/throughput-increase-doubles",
                   test_throughput_increase_doubles);
  g_test_add_func ("/ddb/model/partition-plan/linear-combination", test_linear_combination);

  return g_test_run ();
}
