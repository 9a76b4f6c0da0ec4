/* differential.h
 *
 * The run of the differential test, shared by the files of its driver:
 * test-engine-differential.c (the run, the tables, PutItem, UpdateItem, DeleteItem and
 * GetItem), differential-reads.c (Query and Scan of tables), differential-indexes.c (the
 * index invariant) and differential-batch.c (BatchWriteItem and TransactWriteItems).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "differential-gen.h"
#include "differential-response.h"
#include "reference-model.h"

G_BEGIN_DECLS

#define N_TABLES        3
#define MAX_PAGES       10000       /* bound on any pagination loop */

typedef struct
{
  gint64 puts, updates, deletes, gets, queries, scans;
  gint64 condition_failures, conditions_held, expected_errors;
  gint64 query_pages, query_limit_stops, query_megabyte_stops;
  gint64 query_exact_megabyte_stops;
  gint64 scan_pages, scan_limit_stops, scan_megabyte_stops, filtered_scans, segmented_scans;
  gint64 fills, writes_between_pages;
  RefIndexChanges index_changes;
  gint64 index_checks, index_queries, index_query_pages, index_limit_stops;
  gint64 index_megabyte_stops, index_ties, index_scan_pages, base_fetches, count_pages;
  gint64 batches, batch_requests, batch_refused;
  gint64 transactions, transact_actions, transactions_cancelled;
} Stats;

typedef struct
{
  DdbEngine *engine;
  GRand     *rand;
  guint32    seed;
  guint      op;                    /* 1-based number of the current operation */
  guint      n_ops;
  gboolean   trace;
  RefTable   tables[N_TABLES];
  GString   *what;                  /* the current operation, for messages */
  guint      fill_left;             /* puts left in a bulk fill of one item collection */
  guint      fill_table;
  guint      fill_pk;
  guint      fill_sk[N_SK];
  gboolean   probe_pending;         /* read the filled collection and its indexes next */
  gboolean   probe_forward;
  Stats      stats;
} Run;

/* test-engine-differential.c */
void report_mismatch      (Run                *run,
                           const char         *where,
                           const char         *engine_text,
                           const char         *reference_text);
void expect_single        (Run                *run,
                           const char         *where,
                           const Single       *engine,
                           const Single       *reference);
void expect_page          (Run                *run,
                           const char         *where,
                           const Page         *engine,
                           const Page         *reference);
void expect_batch         (Run                *run,
                           const char         *where,
                           const Batch        *engine,
                           const Batch        *reference);
void describe_attributes  (Run                *run,
                           const Exprs        *exprs,
                           const DdbValue     *values);
void trace                (Run                *run);
void op_put               (Run                *run,
                           RefTable           *t,
                           guint               p,
                           guint               s,
                           gboolean            bulk,
                           gsize               exact_size);
void op_update            (Run                *run,
                           RefTable           *t,
                           guint               p,
                           guint               s);
void op_delete            (Run                *run,
                           RefTable           *t,
                           guint               p,
                           guint               s);

/* differential-reads.c */
void engine_read          (Run                *run,
                           gboolean            query,
                           const DdbReadInput *input,
                           const char         *where,
                           Page               *page);
void op_query             (Run                *run,
                           RefTable           *t,
                           gboolean            probe);
void op_scan              (Run                *run,
                           RefTable           *t);

/* differential-indexes.c */
void op_check_indexes     (Run                *run,
                           RefTable           *t);
void check_table_counts   (Run                *run,
                           const RefTable     *t);

/* differential-batch.c */
void op_batch_write       (Run                *run);
void op_transact_write    (Run                *run);

G_END_DECLS
