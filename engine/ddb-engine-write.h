/* ddb-engine-write.h
 *
 * One write of one item, in phases, so that PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem and TransactWriteItems share a single implementation (private to the
 * engine):
 *
 *   1. parse    the request's expressions, check unused names and values
 *   2. bind     find the table, extract and check the key (and the item, for a put)
 *   3. read     read the old item, evaluate the condition, compute the new item
 *   4. plan     the index entries to delete, put or replace, and the capacity all of it
 *               consumes, as charges for admission control (ddb-engine-admission.h)
 *   5. apply    write the item and maintain every secondary index
 *   6. account  once the store has committed: counters, partition splits
 *
 * Phases 1 to 4 change nothing, so a transaction runs them for every action, and admits
 * the charges of all of them at once, before it applies any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-admission.h"
#include "ddb-engine-private.h"
#include "ddb-expression.h"

G_BEGIN_DECLS

typedef enum
{
  DDB_WRITE_OP_PUT,
  DDB_WRITE_OP_UPDATE,
  DDB_WRITE_OP_DELETE,
  DDB_WRITE_OP_CHECK,                  /* TransactWriteItems ConditionCheck: no write */
} DdbWriteOpKind;

/* What a write does to one secondary index. */
typedef struct
{
  DdbIndex   *index;
  DdbValue   *old_entry;            /* NULL: the item was not in the index */
  DdbValue   *new_entry;            /* NULL: the item leaves (or stays out of) the index */
  DdbItemKey  old_key;
  DdbItemKey  new_key;
  gboolean    same_key;             /* the entry stays in place: an update of it */
  double      old_units;            /* write units of removing the old entry */
  double      new_units;            /* of putting the new one (or of the update) */
} DdbIndexPlan;

/* A change to a counter, applied after the commit. */
typedef struct
{
  DdbIndex *index;                  /* NULL: the table itself */
  DdbRouteKey key;                  /* into the op's keys */
  gint64    delta_items;
  gint64    delta_bytes;
} DdbCounterDelta;

typedef struct
{
  DdbWriteOpKind        kind;
  gboolean              transactional;     /* charge 2 units per 1 KB */
  DdbTable             *table;
  DdbItemKey            key;
  DdbValue             *key_value;         /* the Key of the request, or the put item's key */
  DdbValue             *put_item;
  DdbExpressionContext *context;
  DdbCondition         *condition;
  DdbUpdate            *update;

  /* Read phase */
  gboolean              found;
  gint64                rowid;
  gint64                old_size;
  DdbValue             *old_item;          /* decoded when something needs it */
  DdbValue             *new_item;          /* put item or updated item; NULL otherwise */
  gboolean              condition_failed;

  /* Plan phase */
  GArray               *plans;             /* of DdbIndexPlan */

  /* Apply phase */
  GArray               *deltas;            /* of DdbCounterDelta */
  gint64                collection_bytes;  /* item collection size after, for LSI tables */
} DdbWriteOp;

void     _ddb_write_op_init          (DdbWriteOp                    *op,
                                      DdbWriteOpKind                 kind);
void     _ddb_write_op_clear         (DdbWriteOp                    *op);
gboolean _ddb_write_op_parse         (DdbWriteOp                    *op,
                                      const DdbExpressionAttributes *attributes,
                                      const char                    *condition,
                                      const char                    *update,
                                      GError                       **error);
gboolean _ddb_write_op_bind          (DdbEngine                     *engine,
                                      DdbWriteOp                    *op,
                                      const char                    *table_name,
                                      DdbValue                      *key_or_item,
                                      GError                       **error);
gboolean _ddb_write_op_read          (DdbEngine                     *engine,
                                      DdbWriteOp                    *op,
                                      gboolean                       decode,
                                      GError                       **error);
void     _ddb_write_op_plan          (DdbWriteOp                    *op);
void     _ddb_write_op_charge        (DdbWriteOp                    *op,
                                      DdbChargeList                 *charges);
gboolean _ddb_write_op_apply         (DdbEngine                     *engine,
                                      DdbWriteOp                    *op,
                                      DdbConsumedCapacity           *consumed,
                                      GError                       **error);
void     _ddb_write_op_account       (DdbEngine                     *engine,
                                      DdbWriteOp                    *op);
void     _ddb_write_ops_account      (DdbEngine                     *engine,
                                      GPtrArray                     *ops);
void     _ddb_write_op_charge_failed (DdbWriteOp                    *op,
                                      DdbConsumedCapacity           *consumed);
gboolean _ddb_write_op_needs_transaction (DdbWriteOp                *op);
void     _ddb_write_op_collection_metrics (DdbWriteOp               *op,
                                      DdbItemCollectionMetrics      *metrics);
void     _ddb_write_op_add_collection_metrics (DdbWriteOp           *op,
                                      GArray                       **collections);
DdbOutcome _ddb_write_op_run         (DdbEngine                     *engine,
                                      DdbWriteOp                    *op,
                                      gboolean                       decode_old,
                                      DdbConsumedCapacity           *consumed,
                                      DdbThrottle                   *throttle,
                                      GError                       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbWriteOp, _ddb_write_op_clear)

G_END_DECLS
