/* ddb-engine-page.h
 *
 * One page of a Query or a Scan, read from a table or from a secondary index (private to
 * the engine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

/* The most item data one page reads (DynamoDB's 1 MB). */
#define DDB_PAGE_MAX_BYTES (1024 * 1024)

typedef struct
{
  /* What to read */
  DdbTable            *table;
  DdbIndex            *index;           /* NULL: the table itself */
  gboolean             fetch_base;      /* LSI: read every base item too */
  DdbReadConsistency   consistency;
  gint64               limit;           /* 0: none */
  gboolean             counting;        /* Select COUNT */
  const DdbCondition  *filter;
  const DdbProjection *projection;
  DdbReadResult       *result;

  /* Progress */
  gint64               bytes_read;      /* items (or index entries) read, for the page charge */
  double               base_units;      /* LSI base fetches, charged one by one */
  gboolean             forward;         /* rows come in key order, else in reverse */
  gboolean             read_any;
  guint                first_row_partition;  /* where the first and the last rows read */
  guint                last_row_partition;   /* were, for the partitions touched */
  guint64              first_row_hash;  /* the first row's key: the request is charged */
  guint8               first_row_sort[DDB_SORT_KEY_MAX_BYTES];  /* to its partition */
  gsize                first_row_sort_length;
  gboolean             stopped_early;   /* by Limit or by 1 MB: LastEvaluatedKey follows */
} DdbPage;

gboolean _ddb_page_read   (DdbEngine       *engine,
                           DdbPage         *page,
                           DdbStoreCursor  *cursor,
                           GError         **error);
void     _ddb_page_charge (DdbPage         *page,
                           guint            range_first,
                           guint            range_last);
DdbPartitionMap *_ddb_page_partitions (const DdbPage *page);
DdbRouteKey _ddb_page_charge_key (const DdbPage *page,
                                  DdbRouteKey    range_start);

G_END_DECLS
