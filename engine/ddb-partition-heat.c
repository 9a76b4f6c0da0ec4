/* ddb-partition-heat.c
 *
 * Design notes
 * ------------
 * Heavy keys.  A partition that stays near its hard limit splits where its traffic
 * divides (rulebook 3.3; the DynamoDB paper's split for consumption picks the point from
 * the observed key distribution).  The traffic of the hot run is summarised per partition
 * key hash by a weighted Misra-Gries summary of DDB_PARTITION_HEAVY_KEYS counters: any key
 * with more than 1/(k+1) of the units is in it.
 *
 * Sort keys.  When one partition key takes the whole partition's traffic, a hash boundary
 * can only isolate it; DynamoDB then spreads that key's items over partitions by sort key
 * range, except when the traffic follows a monotonically increasing (or decreasing) sort
 * key, where a split would leave all new traffic on one side (rulebook 3.3, [BP]).  So the
 * summary also keeps the latest DDB_SORT_SAMPLES sort keys of the heaviest partition key,
 * with their units, and counts how each request's sort key compared with the previous
 * one's.  The split point is the units-weighted median of the samples; a single hot item
 * is cut off from the keys around it, so that it ends up alone.
 *
 * Memory is fixed (no allocation per request), so the split point of a long sort key is
 * the prefix of it the sample kept: still a boundary between the keys below and above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-admission"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ddb-partition-heat.h"

/* Counts @units on key @hash in the heavy-hitters summary (Misra-Gries, weighted): a key
 * already tracked or a free slot takes them; otherwise every tracked key loses what the
 * smallest has, up to @units, and the rest may take a freed slot. */
static void
note_heavy (DdbPartitionHeat *heat,
            guint64           hash,
            double            units)
{
  DdbKeyLoad *free_slot = NULL;
  double smallest = G_MAXDOUBLE;

  for (guint i = 0; i < DDB_PARTITION_HEAVY_KEYS; i++)
    {
      DdbKeyLoad *key = &heat->heavy[i];

      if (key->units > 0 && key->hash == hash)
        {
          key->units += units;
          return;
        }
      if (key->units <= 0 && free_slot == NULL)
        free_slot = key;
      if (key->units > 0)
        smallest = MIN (smallest, key->units);
    }

  if (free_slot == NULL)
    {
      double cut = MIN (smallest, units);

      for (guint i = 0; i < DDB_PARTITION_HEAVY_KEYS; i++)
        {
          heat->heavy[i].units -= cut;
          if (heat->heavy[i].units <= 0 && free_slot == NULL)
            free_slot = &heat->heavy[i];
        }
      units -= cut;
    }
  if (free_slot != NULL && units > 0)
    *free_slot = (DdbKeyLoad) { hash, units };
}

/* The units the summary holds for @hash (0: not tracked). */
static double
heavy_units (const DdbPartitionHeat *heat,
             guint64                 hash)
{
  for (guint i = 0; i < DDB_PARTITION_HEAVY_KEYS; i++)
    if (heat->heavy[i].units > 0 && heat->heavy[i].hash == hash)
      return heat->heavy[i].units;

  return 0;
}

static int
compare_samples (const DdbSortSample *a,
                 const DdbSortSample *b)
{
  return ddb_sort_key_compare (a->bytes, a->length, b->bytes, b->length);
}

/* Records the sort key of a request on the tracked partition key. */
static void
note_sort (DdbPartitionHeat  *heat,
           const DdbRouteKey *key,
           double             units)
{
  DdbSortSample *sample = &heat->samples[heat->next_sample];

  sample->length = MIN (key->sort_length, DDB_SORT_SAMPLE_BYTES);
  memcpy (sample->bytes, key->sort, sample->length);
  sample->cut = key->sort_length > DDB_SORT_SAMPLE_BYTES;
  sample->units = units;

  if (heat->n_samples > 0)
    {
      guint previous = (heat->next_sample + DDB_SORT_SAMPLES - 1) % DDB_SORT_SAMPLES;
      int order = compare_samples (sample, &heat->samples[previous]);

      if (order > 0)
        heat->rising++;
      else if (order < 0)
        heat->falling++;
      else
        heat->steady++;
    }

  heat->next_sample = (heat->next_sample + 1) % DDB_SORT_SAMPLES;
  heat->n_samples = MIN (heat->n_samples + 1, DDB_SORT_SAMPLES);
}

/**
 * ddb_partition_heat_note:
 * @key: the key an admitted request used
 *
 * Counts @units of a request in the partition's hot-run summary.
 */
void
ddb_partition_heat_note (DdbPartitionHeat  *heat,
                         const DdbRouteKey *key,
                         double             units)
{
  double tracked;

  note_heavy (heat, key->hash, units);
  if (key->sort_length == 0)
    return;

  /* Follow the heaviest partition key; switch only when the tracked one weighs less than
   * half of this one (or fell out of the summary), so that two keys of similar weight do
   * not keep wiping the samples. */
  tracked = heat->n_samples > 0 ? heavy_units (heat, heat->sort_hash) : 0;
  if (key->hash != heat->sort_hash && heavy_units (heat, key->hash) > 2 * tracked)
    {
      heat->sort_hash = key->hash;
      heat->n_samples = 0;
      heat->next_sample = 0;
      heat->rising = heat->falling = heat->steady = 0;
    }
  if (key->hash == heat->sort_hash)
    note_sort (heat, key, units);
}

/* Forgets the hot run (it ended, or the partition split). */
void
ddb_partition_heat_cool (DdbPartitionHeat *heat)
{
  memset (heat->heavy, 0, sizeof heat->heavy);
  heat->sort_hash = 0;
  heat->n_samples = 0;
  heat->next_sample = 0;
  heat->rising = heat->falling = heat->steady = 0;
}

/**
 * ddb_partition_heat_is_monotonic:
 * @fraction: how many of the steps from one sort key to the next must go the same way
 *
 * Returns: TRUE if the traffic on the tracked partition key follows an increasing or a
 *   decreasing sort key (at least DDB_SORT_SAMPLES steps, @fraction of them one way).
 */
gboolean
ddb_partition_heat_is_monotonic (const DdbPartitionHeat *heat,
                                 double                  fraction)
{
  guint64 steps = heat->rising + heat->falling + heat->steady;

  return steps >= DDB_SORT_SAMPLES &&
         ((double)heat->rising >= fraction * (double)steps ||
          (double)heat->falling >= fraction * (double)steps);
}

static int
compare_key_loads (gconstpointer a,
                   gconstpointer b)
{
  const DdbKeyLoad *x = a;
  const DdbKeyLoad *y = b;

  /* Free slots last. */
  if ((x->units > 0) != (y->units > 0))
    return x->units > 0 ? -1 : 1;

  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int
compare_samples_qsort (gconstpointer a,
                       gconstpointer b)
{
  return compare_samples (a, b);
}

/* The byte string just after every key that starts with @sample's bytes (a cut sample),
 * or just after the key itself.  FALSE if there is none. */
static gboolean
sample_successor (const DdbSortSample *sample,
                  DdbHeatSplit        *split)
{
  gsize length = sample->length;

  memcpy (split->sort, sample->bytes, length);
  if (!sample->cut)
    {
      split->sort[length] = 0;
      split->sort_length = length + 1;
      return TRUE;
    }
  while (length > 0 && split->sort[length - 1] == 0xff)
    length--;
  if (length == 0)
    return FALSE;
  split->sort[length - 1]++;
  split->sort_length = length;

  return TRUE;
}

/* A split inside the tracked partition key: at the weighted median of its sort keys; a
 * single hot sort key is cut off from the keys below it, then from those above it. */
static gboolean
sort_split_point (const DdbPartitionHeat *heat,
                  GBytes                 *low_sort,
                  DdbHeatSplit           *split)
{
  DdbSortSample sorted[DDB_SORT_SAMPLES];
  guint first[DDB_SORT_SAMPLES];    /* where each distinct sort key starts in sorted[] */
  double units[DDB_SORT_SAMPLES];   /* and its units */
  guint n_keys = 0;
  double total = 0;
  double below;
  guint upper;

  memcpy (sorted, heat->samples, heat->n_samples * sizeof *sorted);
  qsort (sorted, heat->n_samples, sizeof *sorted, compare_samples_qsort);
  for (guint i = 0; i < heat->n_samples; i++)
    {
      if (i == 0 || compare_samples (&sorted[i], &sorted[i - 1]) != 0)
        {
          first[n_keys] = i;
          units[n_keys++] = 0;
        }
      units[n_keys - 1] += sorted[i].units;
      total += sorted[i].units;
    }

  /* Several sort keys: the upper child starts with the key that takes the traffic past
   * half, never with the lowest, so that both children have some. */
  if (n_keys > 1)
    {
      for (upper = 1, below = units[0];
           upper < n_keys - 1 && below + units[upper] <= total / 2; upper++)
        below += units[upper];
      memcpy (split->sort, sorted[first[upper]].bytes, sorted[first[upper]].length);
      split->sort_length = sorted[first[upper]].length;
      return split->sort_length > 0;
    }

  /* One hot item: cut it off from the keys below it, then from those above it. */
  if (sorted[0].length > 0 &&
      (low_sort == NULL ||
       ddb_sort_key_compare (sorted[0].bytes, sorted[0].length,
                             g_bytes_get_data (low_sort, NULL),
                             g_bytes_get_size (low_sort)) > 0))
    {
      memcpy (split->sort, sorted[0].bytes, sorted[0].length);
      split->sort_length = sorted[0].length;
      return TRUE;
    }

  return sample_successor (&sorted[0], split);
}

/**
 * ddb_partition_heat_split_point:
 * @low: the partition's hash range
 * @high:
 * @low_sort: (nullable): where its range starts within hash @low
 * @monotonic_fraction: see ddb_partition_heat_is_monotonic()
 * @split: (out): where to split
 *
 * Where a hot partition splits: where its heavy partition keys' traffic divides in two
 * halves; when one partition key takes all of it, around that key, to isolate it; when
 * the partition holds nothing but that key, by sort key, unless its traffic follows a
 * monotonic sort key.  The caller splits again, hot run after hot run.
 *
 * Returns: FALSE when there is nothing to split (no traffic, a hot item alone, or a
 *   monotonic sort key).
 */
gboolean
ddb_partition_heat_split_point (const DdbPartitionHeat *heat,
                                guint64                 low,
                                guint64                 high,
                                GBytes                 *low_sort,
                                double                  monotonic_fraction,
                                DdbHeatSplit           *split)
{
  DdbKeyLoad keys[DDB_PARTITION_HEAVY_KEYS];
  guint n = 0;
  double total = 0;
  double below;

  g_return_val_if_fail (heat != NULL && split != NULL, FALSE);

  memset (split, 0, sizeof *split);
  memcpy (keys, heat->heavy, sizeof keys);
  qsort (keys, DDB_PARTITION_HEAVY_KEYS, sizeof *keys, compare_key_loads);
  while (n < DDB_PARTITION_HEAVY_KEYS && keys[n].units > 0)
    total += keys[n++].units;
  if (n == 0)
    return FALSE;

  /* Several keys: the upper child starts with the key that takes the traffic past half
   * (never the lowest key, so that both children have some). */
  if (n > 1)
    {
      guint upper = 1;

      for (below = keys[0].units; upper < n - 1 && below + keys[upper].units <= total / 2;
           upper++)
        below += keys[upper].units;
      split->hash = keys[upper].hash;
      return TRUE;
    }

  /* One hot key: cut it off from the keys below it, then from those above it. */
  split->hash = keys[0].hash;
  if (keys[0].hash > low)
    return TRUE;
  if (keys[0].hash < high)
    {
      split->hash = keys[0].hash + 1;
      return TRUE;
    }

  /* Alone on the partition: spread it by sort key, if that helps. */
  if (heat->n_samples == 0 || heat->sort_hash != keys[0].hash ||
      ddb_partition_heat_is_monotonic (heat, monotonic_fraction))
    return FALSE;

  return sort_split_point (heat, low_sort, split);
}
