/* ddb-partition-heat.h
 *
 * Where a hot partition splits (rulebook 3.3, split for heat): what a partition's traffic
 * looked like during its hot run, summarised in a fixed amount of memory, and the split
 * point it suggests.  Pure logic over plain structs, like ddb-admission.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-route-key.h"

G_BEGIN_DECLS

/* How many heavy partition keys a partition tracks, to find where to split it. */
#define DDB_PARTITION_HEAVY_KEYS 8
/* How many recent sort keys of its heaviest partition key it keeps, and how much of each:
 * a split point cut from a longer key's prefix still divides the keys around it. */
#define DDB_SORT_SAMPLES 16
#define DDB_SORT_SAMPLE_BYTES 64

/* A partition key and the units it consumed, as a heavy-hitters summary keeps them. */
typedef struct
{
  guint64 hash;
  double  units;
} DdbKeyLoad;

/* A sort key seen on the heaviest partition key, cut to DDB_SORT_SAMPLE_BYTES. */
typedef struct
{
  guint8   bytes[DDB_SORT_SAMPLE_BYTES];
  guint    length;
  gboolean cut;                     /* the key was longer: bytes are its prefix */
  double   units;
} DdbSortSample;

/* The traffic of a partition's hot run. */
typedef struct
{
  DdbKeyLoad    heavy[DDB_PARTITION_HEAVY_KEYS];  /* the heaviest partition keys
                                                     (Misra-Gries summary; units 0: a free
                                                     slot) */
  guint64       sort_hash;          /* the partition key the sort keys below are of */
  guint         n_samples;          /* up to DDB_SORT_SAMPLES, the latest in a ring */
  guint         next_sample;
  DdbSortSample samples[DDB_SORT_SAMPLES];
  guint64       rising;             /* steps from one request's sort key to the next's: */
  guint64       falling;            /* up, down, or to the same key */
  guint64       steady;
} DdbPartitionHeat;

/* A split point. */
typedef struct
{
  guint64  hash;                    /* the first hash of the upper child ... */
  guint8   sort[DDB_SORT_SAMPLE_BYTES + 1];  /* ... and with a sort key, the first sort key
                                                of that hash in the upper child */
  gsize    sort_length;             /* 0: the whole partition key goes up */
} DdbHeatSplit;

void     ddb_partition_heat_note   (DdbPartitionHeat   *heat,
                                    const DdbRouteKey  *key,
                                    double              units);
void     ddb_partition_heat_cool   (DdbPartitionHeat   *heat);
gboolean ddb_partition_heat_is_monotonic (const DdbPartitionHeat *heat,
                                          double                  fraction);
gboolean ddb_partition_heat_split_point (const DdbPartitionHeat *heat,
                                         guint64                 low,
                                         guint64                 high,
                                         GBytes                 *low_sort,
                                         double                  monotonic_fraction,
                                         DdbHeatSplit           *split);

G_END_DECLS
