/* differential-response.h
 *
 * The responses the differential test compares (test-engine-differential.c): a write or
 * GetItem response, a Query or Scan page, and a BatchWriteItem or TransactWriteItems
 * response, as plain structs that the engine's results and the reference model both
 * fill in, with a rendering for mismatch reports.
 *
 * Consumed capacity is compared as ReturnConsumedCapacity INDEXES shows it: the table's
 * units and each index's, GlobalSecondaryIndexes and LocalSecondaryIndexes being maps
 * (their order means nothing, so both sides keep them sorted by name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"

G_BEGIN_DECLS

/* The ConsumedCapacity of one table. */
typedef struct
{
  char   *table_name;               /* NULL: none reported */
  double  read_units;               /* Table */
  double  write_units;
  GArray *indexes;                  /* of DdbIndexCapacity, by name; NULL when none */
} Capacity;

/* A write or GetItem response. */
typedef struct
{
  DdbOutcome outcome;
  Capacity   consumed;
  DdbValue  *value;                 /* Attributes, or GetItem's Item */
  char      *error_message;
} Single;

/* One Query or Scan page. */
typedef struct
{
  GPtrArray *items;
  gint64     count;
  gint64     scanned_count;
  DdbValue  *last_key;
  Capacity   consumed;
} Page;

/* One CancellationReasons entry of a cancelled transaction. */
typedef struct
{
  char     *code;
  char     *message;                /* NULL for "None" */
  DdbValue *item;                   /* the item, when asked for on a failed condition */
} Reason;

/* A BatchWriteItem or TransactWriteItems response. */
typedef struct
{
  DdbOutcome outcome;
  char      *error_message;
  guint      n_unprocessed;         /* UnprocessedItems */
  GArray    *consumed;              /* of Capacity, one per table; NULL when none */
  GArray    *reasons;               /* of Reason; NULL unless cancelled */
} Batch;

void        capacity_clear       (Capacity                  *capacity);
void        capacity_init        (Capacity                  *capacity,
                                  const char                *table_name);
void        capacity_add_index   (Capacity                  *capacity,
                                  const char                *index_name,
                                  gboolean                   global,
                                  double                     read_units,
                                  double                     write_units);
void        capacity_copy        (Capacity                  *capacity,
                                  const DdbConsumedCapacity *consumed);
void        capacity_assign      (Capacity                  *capacity,
                                  const Capacity            *other);
gboolean    capacity_equal       (const Capacity            *a,
                                  const Capacity            *b);
Capacity   *capacity_list_lookup (GArray                    *list,
                                  const char                *table_name);
GArray     *capacity_list_new    (void);

void        single_clear         (Single                    *single);
void        page_clear           (Page                      *page);
void        batch_clear          (Batch                     *batch);
void        batch_add_reason     (Batch                     *batch,
                                  const char                *code,
                                  const char                *message,
                                  const DdbValue            *item);
void        single_from_write    (Single                    *single,
                                  DdbOutcome                 outcome,
                                  DdbWriteResult            *result,
                                  const GError              *error);
void        batch_copy           (Batch                     *batch,
                                  DdbOutcome                 outcome,
                                  const GArray              *consumed,
                                  const GArray              *reasons,
                                  const GArray              *unprocessed,
                                  const GError              *error);
gboolean    single_equal         (const Single              *a,
                                  const Single              *b);
gboolean    page_equal           (const Page                *a,
                                  const Page                *b);
gboolean    batch_equal          (const Batch               *a,
                                  const Batch               *b);

char       *render_item          (const DdbValue            *item);
char       *render_single        (const Single              *single);
char       *render_page          (const Page                *page);
char       *render_batch         (const Batch               *batch);
const char *outcome_name         (DdbOutcome                 outcome);
const char *return_values_name   (DdbReturnValues            return_values);
char       *error_text           (GQuark                     domain,
                                  int                        code,
                                  const char                *message);
gboolean    values_equal         (const DdbValue            *a,
                                  const DdbValue            *b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Capacity, capacity_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Single, single_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

G_END_DECLS
