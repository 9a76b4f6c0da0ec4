/* ddb-index.h
 *
 * DdbIndex: a secondary index of a table inside the engine (private to the engine).
 *
 * An index holds one entry per base item that has the index key attributes (an item
 * without them is not in the index: indexes are sparse).  The entry is the item's
 * projection: the table's key, the index's key, and the projected attributes (none for
 * KEYS_ONLY, the listed ones for INCLUDE, all of them for ALL).  A global index has its
 * own partitions over the hash of its partition key; a local index lives in the table's
 * partitions, next to the items of the same partition key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-key.h"
#include "ddb-metrics.h"
#include "ddb-partition-map.h"
#include "ddb-table-spec.h"

G_BEGIN_DECLS

typedef struct
{
  DdbIndexSpec    *spec;              /* owned by the table's spec */
  guint            number;            /* stable within the table; the store's "idx" */
  DdbKeyShape      key;               /* the index key; names point into spec */
  DdbKeyShape      table_key;         /* the base table's key */
  DdbIndexStatus   status;
  gint64           status_until_usec;
  gboolean         throughput_pending;  /* new provisioned throughput not serving yet */
  DdbPartitionMap *partitions;        /* GSI only; NULL for an LSI */
  gint64           item_count;        /* live */
  gint64           size_bytes;
  gint64           reported_item_count;
  gint64           reported_size_bytes;
  gint64           last_increase_usec;
  gint64           last_decrease_usec;
  gint             decreases_today;
  gint64           decreases_day;
  /* Backfill of a GSI added by UpdateTable (status CREATING), see ddb-engine-indexes.c */
  gint64           backfill_done;     /* base items visited so far */
  gint64           backfill_rowid;    /* every item row up to this id is in the index */
  gint64           backfill_credit;   /* write capacity not yet used, in micro-units */
  gint64           backfill_at_usec;  /* when the credit was last topped up */
  DdbOwnerLoad     load;              /* GSI admission state, in memory only */
  DdbResourceMetrics *metrics;        /* GSI metrics, created on first use */
  struct _DdbScalingTarget *scaling[2]; /* auto scaling of reads, writes; nullable */
} DdbIndex;

DdbIndex *ddb_index_new             (DdbIndexSpec       *spec,
                                     const DdbKeyShape  *table_key,
                                     const DdbTableSpec *table_spec,
                                     guint               number,
                                     gint64              now_usec);
void      ddb_index_free            (DdbIndex           *index);
void      ddb_index_resolve         (DdbIndex           *index,
                                     const DdbKeyShape  *table_key,
                                     const DdbTableSpec *table_spec);

gboolean  ddb_index_check_item      (DdbIndex           *index,
                                     const DdbValue     *item,
                                     GError            **error);
DdbValue *ddb_index_entry           (DdbIndex           *index,
                                     const DdbValue     *item);
gboolean  ddb_index_entry_key       (DdbIndex           *index,
                                     const DdbValue     *entry,
                                     DdbItemKey         *key);
gboolean  ddb_index_projects        (DdbIndex           *index,
                                     const char         *attribute);
gboolean  ddb_index_is_global       (DdbIndex           *index);
const char *ddb_index_get_name      (DdbIndex           *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbIndex, ddb_index_free)

G_END_DECLS
