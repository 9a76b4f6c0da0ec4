/* test-engine-partition-heat.c
 *
 * The split point of a hot partition (ddb-partition-heat.h), from summaries fed by hand:
 * the heavy partition keys' median, isolating one hot key by hash, then spreading it by
 * the weighted median of its sort keys, a single hot item cut off on both sides, and no
 * sort-key split for traffic that follows a monotonic sort key.
 *
 * Sort keys here are plain strings: the split logic only compares bytes, as the store does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-partition-heat.h"

#define HOT G_GUINT64_CONSTANT (0x4000000000000000)
#define MONOTONIC 0.9

static void
note (DdbPartitionHeat *heat,
      guint64           hash,
      const char       *sort,
      double            units)
{
  DdbRouteKey key = { hash, (const guint8 *)sort, sort != NULL ? strlen (sort) : 0 };

  ddb_partition_heat_note (heat, &key, units);
}

/* Splits a partition that holds only hash HOT; returns the boundary's sort key (or NULL
 * when there is no split point). */
static char *
sort_split (const DdbPartitionHeat *heat,
            GBytes                 *low_sort)
{
  DdbHeatSplit split;

  if (!ddb_partition_heat_split_point (heat, HOT, HOT, low_sort, MONOTONIC, &split))
    return NULL;
  g_assert_cmpuint (split.hash, ==, HOT);
  g_assert_cmpuint (split.sort_length, >, 0);

  return g_strndup ((const char *)split.sort, split.sort_length);
}

static void
test_hash_median (void)
{
  DdbPartitionHeat heat = { 0 };
  DdbHeatSplit split;

  g_test_summary ("Three keys of 100, 300 and 100 units: the upper child starts at the "
                  "middle key, which takes the traffic past half");

  note (&heat, 10, NULL, 100);
  note (&heat, 20, NULL, 300);
  note (&heat, 30, NULL, 100);
  g_assert_true (ddb_partition_heat_split_point (&heat, 0, 100, NULL, MONOTONIC, &split));
  g_assert_cmpuint (split.hash, ==, 20);
  g_assert_cmpuint (split.sort_length, ==, 0);
}

static void
test_isolate_by_hash (void)
{
  DdbPartitionHeat heat = { 0 };
  DdbHeatSplit split;

  g_test_summary ("One hot key in a range of hashes is cut off from the hashes below it, "
                  "then from those above it; alone, it has no hash split left");

  note (&heat, 50, NULL, 900);
  g_assert_true (ddb_partition_heat_split_point (&heat, 0, 100, NULL, MONOTONIC, &split));
  g_assert_cmpuint (split.hash, ==, 50);
  g_assert_true (ddb_partition_heat_split_point (&heat, 50, 100, NULL, MONOTONIC, &split));
  g_assert_cmpuint (split.hash, ==, 51);
  /* Alone, without sort keys (a table without a sort key): nothing to split. */
  g_assert_false (ddb_partition_heat_split_point (&heat, 50, 50, NULL, MONOTONIC, &split));
}

static void
test_sort_median (void)
{
  DdbPartitionHeat heat = { 0 };
  g_autofree char *boundary = NULL;

  g_test_summary ("Sort keys a, c, b, d, one unit each, in no order: the hot key splits "
                  "between b and c");

  note (&heat, HOT, "a", 1);
  note (&heat, HOT, "c", 1);
  note (&heat, HOT, "b", 1);
  note (&heat, HOT, "d", 1);
  boundary = sort_split (&heat, NULL);
  g_assert_cmpstr (boundary, ==, "c");
}

static void
test_sort_median_weighted (void)
{
  DdbPartitionHeat heat = { 0 };
  g_autofree char *boundary = NULL;

  g_test_summary ("Units weigh the median: a 1, b 1, c 1, d 5 (d then a, b, c) puts d "
                  "alone in the upper child");

  note (&heat, HOT, "d", 5);
  note (&heat, HOT, "a", 1);
  note (&heat, HOT, "b", 1);
  note (&heat, HOT, "c", 1);
  boundary = sort_split (&heat, NULL);
  g_assert_cmpstr (boundary, ==, "d");
}

static void
test_monotonic (void)
{
  DdbPartitionHeat rising = { 0 };
  DdbPartitionHeat falling = { 0 };
  DdbPartitionHeat mixed = { 0 };
  g_autofree char *boundary = NULL;

  g_test_summary ("Sort keys that only rise (a timestamp) or only fall give no sort-key "
                  "split; keys that rise two steps in three do");

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *up = g_strdup_printf ("2026-11-28T10:%02u", i);
      g_autofree char *down = g_strdup_printf ("%02u", 99 - i);
      g_autofree char *mix = g_strdup_printf ("%02u", (i * 37) % 100);

      note (&rising, HOT, up, 1);
      note (&falling, HOT, down, 1);
      note (&mixed, HOT, mix, 1);
    }

  g_assert_true (ddb_partition_heat_is_monotonic (&rising, MONOTONIC));
  g_assert_true (ddb_partition_heat_is_monotonic (&falling, MONOTONIC));
  g_assert_false (ddb_partition_heat_is_monotonic (&mixed, MONOTONIC));
  g_assert_null (sort_split (&rising, NULL));
  g_assert_null (sort_split (&falling, NULL));

  /* The last 16 samples of the mixed keys (i = 24..39: 88 25 62 99 36 73 10 47 84 21 58 95
   * 32 69 06 43) sort as 06 10 21 25 32 36 43 47 | 58 ...: the upper child starts at 58. */
  boundary = sort_split (&mixed, NULL);
  g_assert_cmpstr (boundary, ==, "58");

  /* Too few steps to tell: 15 rising steps split. */
  {
    DdbPartitionHeat few = { 0 };
    g_autofree char *few_boundary = NULL;

    for (guint i = 0; i < 16; i++)
      {
        g_autofree char *up = g_strdup_printf ("%02u", i);

        note (&few, HOT, up, 1);
      }
    g_assert_false (ddb_partition_heat_is_monotonic (&few, MONOTONIC));
    few_boundary = sort_split (&few, NULL);
    g_assert_cmpstr (few_boundary, ==, "08");
  }
}

static void
test_single_item (void)
{
  DdbPartitionHeat heat = { 0 };
  g_autoptr(GBytes) from_item = g_bytes_new_static ("item", 4);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_test_summary ("One hot item is cut off from the sort keys below it, then, once its "
                  "partition starts at it, from those above it (just after it: item\\0)");

  for (guint i = 0; i < 50; i++)
    note (&heat, HOT, "item", 10);

  /* Repeats of one key are steps to the same key, not a monotonic run. */
  g_assert_false (ddb_partition_heat_is_monotonic (&heat, MONOTONIC));
  first = sort_split (&heat, NULL);
  g_assert_cmpstr (first, ==, "item");
  second = sort_split (&heat, from_item);
  g_assert_cmpmem (second, 5, "item\0", 5);
}

static void
test_long_sort_key (void)
{
  DdbPartitionHeat heat = { 0 };
  g_autoptr(GBytes) from_prefix = NULL;
  g_autofree char *key = g_strnfill (70, 'z');
  g_autofree char *expected = g_strnfill (DDB_SORT_SAMPLE_BYTES, 'z');
  g_autofree char *boundary = NULL;

  g_test_summary ("A hot item whose sort key is longer than a sample is cut off by its "
                  "prefix, then by the prefix's successor (zz...z{)");

  for (guint i = 0; i < 20; i++)
    note (&heat, HOT, key, 1);

  boundary = sort_split (&heat, NULL);
  g_assert_cmpstr (boundary, ==, expected);
  g_clear_pointer (&boundary, g_free);

  from_prefix = g_bytes_new (expected, DDB_SORT_SAMPLE_BYTES);
  boundary = sort_split (&heat, from_prefix);
  expected[DDB_SORT_SAMPLE_BYTES - 1] = 'z' + 1;
  g_assert_cmpstr (boundary, ==, expected);
}

static void
test_follows_heaviest (void)
{
  DdbPartitionHeat heat = { 0 };
  DdbHeatSplit split;

  g_test_summary ("The sort samples follow the heaviest partition key: a key that grows to "
                  "more than twice the tracked one takes them over; cooling forgets all");

  note (&heat, HOT, "a", 10);
  note (&heat, HOT, "b", 10);
  g_assert_cmpuint (heat.sort_hash, ==, HOT);
  note (&heat, HOT + 1, "x", 30);
  g_assert_cmpuint (heat.sort_hash, ==, HOT);      /* 30 is not more than twice 20 */
  note (&heat, HOT + 1, "y", 20);
  g_assert_cmpuint (heat.sort_hash, ==, HOT + 1);  /* 50 is */
  g_assert_cmpuint (heat.n_samples, ==, 1);

  ddb_partition_heat_cool (&heat);
  g_assert_cmpuint (heat.n_samples, ==, 0);
  g_assert_false (ddb_partition_heat_split_point (&heat, 0, G_MAXUINT64, NULL, MONOTONIC,
                                                  &split));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/engine/partition-heat/hash-median", test_hash_median);
  g_test_add_func ("/ddb/engine/partition-heat/isolate-by-hash", test_isolate_by_hash);
  g_test_add_func ("/ddb/engine/partition-heat/sort-median", test_sort_median);
  g_test_add_func ("/ddb/engine/partition-heat/sort-median-weighted", test_sort_median_weighted);
  g_test_add_func ("/ddb/engine/partition-heat/monotonic", test_monotonic);
  g_test_add_func ("/ddb/engine/partition-heat/single-item", test_single_item);
  g_test_add_func ("/ddb/engine/partition-heat/long-sort-key", test_long_sort_key);
  g_test_add_func ("/ddb/engine/partition-heat/follows-heaviest", test_follows_heaviest);

  return g_test_run ();
}
