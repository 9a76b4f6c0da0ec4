/* ddb-engine-write.c
 *
 * The phases of one item write (see ddb-engine-write.h), with index maintenance and
 * consumed capacity.
 *
 * Design notes
 * ------------
 * Capacity (rulebook 2.2 and 2.3), with x2 for a transactional write:
 *
 *   table     ceil1k (max (old item, new item)); a delete ceil1k (old item); 1 when the
 *             item did not exist (a put or update of a new item charges its own size)
 *   index     for each secondary index, from the item's entry before and after:
 *               absent before and after           0
 *               added (new item, key added)       ceil1k (new entry)
 *               removed (delete, key removed)     ceil1k (old entry)
 *               same key, same entry              0
 *               same key, projection changed      ceil1k (max (old, new entry))
 *               key changed (A -> B)              ceil1k (old) + ceil1k (new): delete + put
 *   A local index's units are the table's capacity (DynamoDB charges LSI writes to the
 *   table) but are reported under LocalSecondaryIndexes; a global index's are its own.
 *
 * Item collections.  In a table with a local secondary index, the items that share a
 * partition key and their LSI entries form an item collection of at most 10 GB (scaled
 * down with the table's partition size limit for demonstrations); a write that would
 * pass the limit fails with ItemCollectionSizeLimitExceededException before it changes
 * anything.
 *
 * Counters change only after the store committed: the apply phase records the changes
 * in op->deltas and the account phase applies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-write"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-write.h"
#include "ddb-value-codec.h"

void
_ddb_write_op_init (DdbWriteOp   *op,
                    DdbWriteOpKind kind)
{
  memset (op, 0, sizeof *op);
  op->kind = kind;
}

void
_ddb_write_op_clear (DdbWriteOp *op)
{
  g_clear_pointer (&op->key_value, ddb_value_unref);
  g_clear_pointer (&op->put_item, ddb_value_unref);
  g_clear_pointer (&op->condition, ddb_condition_free);
  g_clear_pointer (&op->update, ddb_update_free);
  g_clear_pointer (&op->context, ddb_expression_context_free);
  g_clear_pointer (&op->old_item, ddb_value_unref);
  g_clear_pointer (&op->new_item, ddb_value_unref);
  g_clear_pointer (&op->plans, g_array_unref);
  g_clear_pointer (&op->deltas, g_array_unref);
}

/* ---------------------------------------------------------------------------------------
 * Phase 1: expressions
 * ------------------------------------------------------------------------------------- */

/**
 * _ddb_write_op_parse:
 * @condition: (nullable): ConditionExpression
 * @update: (nullable): UpdateExpression
 *
 * Parses the write's expressions, then checks that every name and value was used.
 */
gboolean
_ddb_write_op_parse (DdbWriteOp                    *op,
                     const DdbExpressionAttributes *attributes,
                     const char                    *condition,
                     const char                    *update,
                     GError                       **error)
{
  if (attributes->values != NULL && ddb_value_get_kind (attributes->values) != DDB_KIND_M)
    {
      g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                           "ExpressionAttributeValues must be a map of values");
      return FALSE;
    }

  /* The common case, a plain write, needs no expression machinery at all. */
  if (condition == NULL && update == NULL && attributes->names == NULL &&
      attributes->values == NULL)
    return TRUE;

  op->context = ddb_expression_context_new (attributes->names, attributes->values);

  if (!ddb_expression_context_validate (op->context, error) ||
      (update != NULL && (op->update = ddb_update_parse (update, op->context, error)) == NULL) ||
      (condition != NULL &&
       (op->condition = ddb_condition_parse (condition, DDB_EXPRESSION_CONDITION, op->context,
                                             error)) == NULL) ||
      !ddb_expression_context_check_unused (op->context, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Phase 2: table and key
 * ------------------------------------------------------------------------------------- */

/* Checks an item about to be stored: the 400 KB limit and every index key it carries. */
static gboolean
check_new_item (DdbWriteOp      *op,
                const DdbValue  *item,
                GError         **error)
{
  if (!ddb_item_check_size (item, op->kind == DDB_WRITE_OP_UPDATE, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  for (guint i = 0; i < op->table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (op->table->indexes, i);

      if (index->status != DDB_INDEX_STATUS_DELETING && !ddb_index_check_item (index, item, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * _ddb_write_op_bind:
 * @key_or_item: the item of a put, the Key of the other kinds (a new reference is taken)
 *
 * Finds the table and checks the key; a put's item is checked in full.
 */
gboolean
_ddb_write_op_bind (DdbEngine   *engine,
                    DdbWriteOp  *op,
                    const char  *table_name,
                    DdbValue    *key_or_item,
                    GError     **error)
{
  op->table = _ddb_engine_lookup_table (engine, table_name, FALSE, error);
  if (op->table == NULL)
    return FALSE;

  if (op->kind == DDB_WRITE_OP_PUT)
    {
      op->put_item = ddb_value_ref (key_or_item);
      if (!ddb_key_from_item (&op->table->key, key_or_item, &op->key, error) ||
          !check_new_item (op, key_or_item, error))
        return FALSE;
      op->key_value = ddb_key_project (&op->table->key, key_or_item);
      return TRUE;
    }

  op->key_value = ddb_value_ref (key_or_item);
  if (!ddb_key_from_key_param (&op->table->key, key_or_item, &op->key, error))
    return FALSE;
  if (op->update != NULL &&
      !ddb_update_check_keys (op->update, op->table->key.partition_name,
                              op->table->key.sort_name, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Phase 3: read
 * ------------------------------------------------------------------------------------- */

static gboolean
storage_error (DdbTable  *table,
               GError   **error)
{
  g_prefix_error (error, "storage: table %s: ", table->spec->table_name);
  if (error != NULL && *error != NULL)
    {
      (*error)->domain = DDB_ENGINE_ERROR;
      (*error)->code = DDB_ENGINE_ERROR_STORAGE;
    }

  return FALSE;
}

/* Whether the old item must be decoded: conditions, updates and indexes look at it. */
static gboolean
needs_old_item (DdbWriteOp *op,
                gboolean    decode)
{
  return decode || op->condition != NULL || op->kind == DDB_WRITE_OP_UPDATE ||
         op->table->indexes->len > 0;
}

/**
 * _ddb_write_op_read:
 * @decode: decode the old item even when nothing in the write needs it (ReturnValues)
 *
 * Reads the old item, evaluates the condition (op->condition_failed), and computes the new
 * item of a put or an update.  Changes nothing.  Fails only for an update that DynamoDB
 * refuses (a path that does not exist, an item grown past 400 KB) or on storage failure.
 */
gboolean
_ddb_write_op_read (DdbEngine   *engine,
                    DdbWriteOp  *op,
                    gboolean     decode,
                    GError     **error)
{
  DdbStoreRow row;
  gboolean want = needs_old_item (op, decode);

  if (!ddb_store_get_item (engine->store, op->table->id, &op->key, want, &row, &op->found,
                           error))
    return FALSE;

  if (op->found)
    {
      op->rowid = row.rowid;
      op->old_size = row.size;
      if (want)
        {
          op->old_item = ddb_value_deserialize (row.data, row.data_length, error);
          if (op->old_item == NULL)
            return storage_error (op->table, error);
        }
    }

  op->condition_failed = op->condition != NULL &&
                         !ddb_condition_evaluate (op->condition, op->old_item);
  if (op->condition_failed)
    {
      /* The charge of a failed update is the size of the item it would have made. */
      if (op->kind == DDB_WRITE_OP_UPDATE && op->found && op->update != NULL)
        op->new_item = ddb_update_apply (op->update, op->old_item, NULL);
      else if (op->kind == DDB_WRITE_OP_PUT)
        op->new_item = ddb_value_ref (op->put_item);
      return TRUE;
    }

  switch (op->kind)
    {
    case DDB_WRITE_OP_PUT:
      op->new_item = ddb_value_ref (op->put_item);
      return TRUE;

    case DDB_WRITE_OP_UPDATE:
      /* A missing item is updated as if it held only its key. */
      op->new_item = op->update != NULL
                     ? ddb_update_apply (op->update, op->found ? op->old_item : op->key_value,
                                         error)
                     : ddb_value_ref (op->found ? op->old_item : op->key_value);
      if (op->new_item == NULL)
        {
          ddb_engine_error_adopt (error);
          return FALSE;
        }
      return check_new_item (op, op->new_item, error);

    case DDB_WRITE_OP_DELETE:
    case DDB_WRITE_OP_CHECK:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Phase 4: plan
 * ------------------------------------------------------------------------------------- */

static double
write_units (DdbWriteOp *op,
             gint64      bytes)
{
  return ddb_write_units (bytes, op->transactional ? DDB_WRITE_TRANSACTIONAL
                                                   : DDB_WRITE_STANDARD);
}

static void
index_plan_clear (DdbIndexPlan *plan)
{
  g_clear_pointer (&plan->old_entry, ddb_value_unref);
  g_clear_pointer (&plan->new_entry, ddb_value_unref);
}

static gboolean
same_item_key (const DdbItemKey *a,
               const DdbItemKey *b)
{
  return a->hash == b->hash && a->pk_length == b->pk_length && a->sk_length == b->sk_length &&
         memcmp (a->pk, b->pk, a->pk_length) == 0 && memcmp (a->sk, b->sk, a->sk_length) == 0;
}

/* What the write does to one index (rulebook 2.3), or FALSE when it leaves it alone. */
static gboolean
plan_index (DdbWriteOp   *op,
            DdbIndex     *index,
            DdbIndexPlan *plan)
{
  gint64 old_size, new_size;

  *plan = (DdbIndexPlan) { .index = index };
  plan->old_entry = ddb_index_entry (index, op->old_item);
  plan->new_entry = ddb_index_entry (index, op->new_item);
  if (plan->old_entry == NULL && plan->new_entry == NULL)
    return FALSE;

  old_size = plan->old_entry != NULL ? (gint64)ddb_item_size (plan->old_entry) : 0;
  new_size = plan->new_entry != NULL ? (gint64)ddb_item_size (plan->new_entry) : 0;
  if (plan->old_entry != NULL)
    ddb_index_entry_key (index, plan->old_entry, &plan->old_key);
  if (plan->new_entry != NULL)
    ddb_index_entry_key (index, plan->new_entry, &plan->new_key);

  plan->same_key = plan->old_entry != NULL && plan->new_entry != NULL &&
                   same_item_key (&plan->old_key, &plan->new_key);
  if (plan->same_key)
    {
      /* In place: nothing when the entry did not change, else one write of the larger. */
      if (ddb_value_equal (plan->old_entry, plan->new_entry))
        {
          index_plan_clear (plan);
          return FALSE;
        }
      plan->new_units = write_units (op, MAX (old_size, new_size));
      return TRUE;
    }

  /* A key change is a delete and a put (TV-24). */
  plan->old_units = plan->old_entry != NULL ? write_units (op, old_size) : 0;
  plan->new_units = plan->new_entry != NULL ? write_units (op, new_size) : 0;

  return TRUE;
}

/**
 * _ddb_write_op_plan:
 *
 * Works out, after a read whose condition held, what the write does to every index (and
 * what it costs).  Changes nothing.
 */
void
_ddb_write_op_plan (DdbWriteOp *op)
{
  g_assert (!op->condition_failed);

  if (op->kind == DDB_WRITE_OP_CHECK || op->table->indexes->len == 0)
    return;

  op->plans = g_array_new (FALSE, TRUE, sizeof (DdbIndexPlan));
  g_array_set_clear_func (op->plans, (GDestroyNotify)index_plan_clear);
  for (guint i = 0; i < op->table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (op->table->indexes, i);
      DdbIndexPlan plan;

      if (index->status != DDB_INDEX_STATUS_DELETING && plan_index (op, index, &plan))
        g_array_append_val (op->plans, plan);
    }
}

/* The write units on the table itself: the item (rulebook 2.2). */
static double
table_units (DdbWriteOp *op)
{
  gint64 new_size = op->new_item != NULL ? (gint64)ddb_item_size (op->new_item) : 0;
  gint64 old_size = op->found ? op->old_size : 0;

  if (op->condition_failed)
    {
      /* A failed condition costs the new item's size when an item exists (a delete's:
       * the existing item's), 1 unit when none does. */
      if (!op->found)
        return write_units (op, 0);
      return write_units (op, op->new_item != NULL ? new_size : op->old_size);
    }

  return write_units (op, MAX (new_size, old_size));
}

/**
 * _ddb_write_op_charge:
 *
 * Adds what the write consumes to @charges: first the item's table partition, for the item
 * and its LSI entries (an LSI uses the table's capacity), then each GSI partition an entry
 * leaves or enters (rulebook 9: a write needs capacity on every GSI it touches).  The
 * order is that of ThrottlingReasons when several are short.
 */
void
_ddb_write_op_charge (DdbWriteOp    *op,
                      DdbChargeList *charges)
{
  double units = table_units (op);

  for (guint i = 0; op->plans != NULL && i < op->plans->len; i++)
    {
      const DdbIndexPlan *plan = &g_array_index (op->plans, DdbIndexPlan, i);

      if (!ddb_index_is_global (plan->index))
        units += plan->old_units + plan->new_units;
    }
  _ddb_charge_list_add (charges, op->table, NULL, ddb_key_route (&op->key), 0, units);

  for (guint i = 0; op->plans != NULL && i < op->plans->len; i++)
    {
      const DdbIndexPlan *plan = &g_array_index (op->plans, DdbIndexPlan, i);

      if (!ddb_index_is_global (plan->index))
        continue;
      if (plan->old_entry != NULL && !plan->same_key)
        _ddb_charge_list_add (charges, op->table, plan->index, ddb_key_route (&plan->old_key), 0,
                              plan->old_units);
      if (plan->new_entry != NULL)
        _ddb_charge_list_add (charges, op->table, plan->index, ddb_key_route (&plan->new_key), 0,
                              plan->new_units);
    }
}

/* ---------------------------------------------------------------------------------------
 * Phase 5: apply
 * ------------------------------------------------------------------------------------- */

static void
add_delta (DdbWriteOp       *op,
           DdbIndex         *index,
           const DdbItemKey *key,
           gint64            delta_items,
           gint64            delta_bytes)
{
  DdbCounterDelta delta = { index, ddb_key_route (key), delta_items, delta_bytes };

  if (op->deltas == NULL)
    op->deltas = g_array_new (FALSE, FALSE, sizeof (DdbCounterDelta));
  g_array_append_val (op->deltas, delta);
}

/* Whether the write must maintain @index: of one being backfilled only the items the
 * backfill already passed (ddb-engine-indexes.c); the plan left out those being deleted. */
static gboolean
maintains_index (DdbWriteOp *op,
                 DdbIndex   *index)
{
  switch (index->status)
    {
    case DDB_INDEX_STATUS_CREATING:
      return op->rowid <= index->backfill_rowid;
    case DDB_INDEX_STATUS_UPDATING:
    case DDB_INDEX_STATUS_ACTIVE:
      return TRUE;
    case DDB_INDEX_STATUS_DELETING:
    default:
      g_assert_not_reached ();
    }
}

/* Carries out the plan of one index: removes, adds or replaces the item's entry. */
static gboolean
apply_index (DdbEngine           *engine,
             DdbWriteOp          *op,
             const DdbIndexPlan  *plan,
             GError             **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  DdbStore *store = engine->store;
  gint64 table_id = op->table->id;
  guint number = plan->index->number;
  gint64 old_size = plan->old_entry != NULL ? (gint64)ddb_item_size (plan->old_entry) : 0;
  gint64 new_size = plan->new_entry != NULL ? (gint64)ddb_item_size (plan->new_entry) : 0;

  if (plan->new_entry != NULL)
    {
      bytes = g_byte_array_new ();
      ddb_value_serialize (plan->new_entry, bytes);
    }

  if (plan->same_key)
    {
      if (!ddb_store_update_entry (store, table_id, number, &plan->new_key, &op->key, new_size,
                                   bytes->data, bytes->len, error))
        return FALSE;
      add_delta (op, plan->index, &plan->new_key, 0, new_size - old_size);
      return TRUE;
    }

  if (plan->old_entry != NULL)
    {
      if (!ddb_store_delete_entry (store, table_id, number, &plan->old_key, &op->key, error))
        return FALSE;
      add_delta (op, plan->index, &plan->old_key, -1, -old_size);
    }
  if (plan->new_entry != NULL)
    {
      if (!ddb_store_insert_entry (store, table_id, number, &plan->new_key, &op->key, new_size,
                                   bytes->data, bytes->len, error))
        return FALSE;
      add_delta (op, plan->index, &plan->new_key, 1, new_size);
    }

  return TRUE;
}

/* The local indexes of a table, as the store's numbers. */
static guint
local_index_numbers (DdbTable *table,
                     guint     numbers[8])
{
  guint n = 0;

  for (guint i = 0; i < table->indexes->len && n < 8; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (!ddb_index_is_global (index))
        numbers[n++] = index->number;
    }

  return n;
}

/* The item collection limit of a table with local indexes (rulebook 2.3). */
static gboolean
check_collection (DdbEngine   *engine,
                  DdbWriteOp  *op,
                  GError     **error)
{
  guint numbers[8];
  guint n = local_index_numbers (op->table, numbers);
  gint64 bytes;

  if (n == 0)
    return TRUE;

  if (!ddb_store_collection_size (engine->store, op->table->id, &op->key, numbers, n, &bytes,
                                  error))
    return FALSE;
  op->collection_bytes = bytes;
  if ((guint64)bytes <= ddb_table_get_partition_max_bytes (op->table) || op->new_item == NULL)
    return TRUE;

  /* The write grew the collection past the limit: the caller rolls it back. */
  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_ITEM_COLLECTION_SIZE_LIMIT,
                       "Collection size exceeded.");
  return FALSE;
}

/**
 * _ddb_write_op_apply:
 * @consumed: the account to charge (initialised by the caller)
 *
 * Writes the item and carries out the plan of every index (_ddb_write_op_plan() ran
 * before), inside the caller's transaction when the write has several statements.  Fails on storage failure, or when the write would pass
 * the item collection limit (then the caller must roll back).
 */
gboolean
_ddb_write_op_apply (DdbEngine            *engine,
                     DdbWriteOp           *op,
                     DdbConsumedCapacity  *consumed,
                     GError              **error)
{
  DdbStore *store = engine->store;
  gint64 new_size = op->new_item != NULL ? (gint64)ddb_item_size (op->new_item) : 0;
  gint64 old_size = op->found ? op->old_size : 0;
  gboolean ok = TRUE;

  g_assert (!op->condition_failed);

  if (op->kind == DDB_WRITE_OP_CHECK)
    {
      /* A ConditionCheck reads: it is charged like a transactional write of the item. */
      consumed->table_write_units += write_units (op, old_size);
      return TRUE;
    }

  if (op->new_item != NULL)
    {
      g_byte_array_set_size (engine->scratch, 0);
      ddb_value_serialize (op->new_item, engine->scratch);
      if (op->found)
        ok = ddb_store_update_item (store, op->rowid, new_size,
                                    ddb_table_item_expiry (op->table, op->new_item),
                                    engine->scratch->data, engine->scratch->len, error);
      else if ((ok = ddb_store_insert_item (store, op->table->id, &op->key, new_size,
                                            ddb_table_item_expiry (op->table, op->new_item),
                                            engine->scratch->data, engine->scratch->len,
                                            error)))
        op->rowid = ddb_store_last_insert_rowid (store);
      if (ok)
        add_delta (op, NULL, &op->key, op->found ? 0 : 1, new_size - old_size);
    }
  else if (op->found)
    {
      ok = ddb_store_delete_item (store, op->rowid, error);
      if (ok)
        add_delta (op, NULL, &op->key, -1, -old_size);
    }

  if (!ok)
    return FALSE;

  consumed->table_write_units += table_units (op);

  for (guint i = 0; op->plans != NULL && i < op->plans->len; i++)
    {
      const DdbIndexPlan *plan = &g_array_index (op->plans, DdbIndexPlan, i);

      if (!maintains_index (op, plan->index))
        continue;
      if (!apply_index (engine, op, plan, error))
        return FALSE;
      ddb_consumed_capacity_add_index (consumed, plan->index->spec->name,
                                       plan->index->spec->global, 0,
                                       plan->old_units + plan->new_units);
    }

  return check_collection (engine, op, error);
}

/* The charge of a write whose condition failed (rulebook 2.2). */
void
_ddb_write_op_charge_failed (DdbWriteOp          *op,
                             DdbConsumedCapacity *consumed)
{
  g_assert (op->condition_failed);

  consumed->table_write_units += table_units (op);
}

/* A write of several statements (an item with indexes) needs an explicit transaction. */
gboolean
_ddb_write_op_needs_transaction (DdbWriteOp *op)
{
  return op->table->indexes->len > 0;
}

/* ---------------------------------------------------------------------------------------
 * Phase 6: account
 * ------------------------------------------------------------------------------------- */

/* Splits the partitions of the table (or a GSI) that grew past the size limit.
 * Splitting is DynamoDB's background work: it never fails the write that caused it. */
static void
split_grown_partitions (DdbEngine *engine,
                        DdbTable  *table)
{
  g_autoptr(GError) error = NULL;
  guint splits;

  if (!_ddb_engine_begin (engine, &error))
    goto failed;
  splits = ddb_table_split_oversized (table, engine->store, engine->now_usec, &error);
  if (splits == G_MAXUINT ||
      (splits > 0 && !_ddb_engine_save_table (engine, table, &error)) ||
      !_ddb_engine_commit (engine, &error))
    goto failed;
  return;

failed:
  _ddb_engine_rollback (engine);
  g_warning ("could not split a partition of %s: %s", table->spec->table_name, error->message);
}

/* Applies the counter changes of a committed write.  Returns TRUE if a partition it
 * grew passed the size limit. */
static gboolean
apply_deltas (DdbWriteOp *op)
{
  guint64 limit = ddb_table_get_partition_max_bytes (op->table);
  gboolean grown = FALSE;

  for (guint i = 0; op->deltas != NULL && i < op->deltas->len; i++)
    {
      const DdbCounterDelta *delta = &g_array_index (op->deltas, DdbCounterDelta, i);
      DdbPartitionMap *map;
      DdbPartition *partition;

      if (delta->index == NULL)
        {
          ddb_table_account (op->table, &delta->key, delta->delta_items, delta->delta_bytes);
          map = op->table->partitions;
        }
      else
        {
          ddb_table_account_entry (op->table, delta->index, &delta->key, delta->delta_items,
                                   delta->delta_bytes);
          map = delta->index->partitions;
        }

      if (map != NULL && delta->delta_bytes > 0)
        {
          partition = ddb_partition_map_get (map, ddb_partition_map_route (map, &delta->key));
          grown |= (guint64)partition->size_bytes > limit;
        }
    }

  return grown;
}

/* Applies the counter changes of a committed write, then splits what grew too big. */
void
_ddb_write_op_account (DdbEngine  *engine,
                       DdbWriteOp *op)
{
  if (apply_deltas (op))
    split_grown_partitions (engine, op->table);
}

/**
 * _ddb_write_ops_account:
 * @ops: (element-type DdbWriteOp): writes committed together (a transaction, a batch of
 *   TTL deletes)
 *
 * Applies the counter changes of every write, then splits what grew too big, once per
 * table: a split recounts its partitions from the store, which already holds every write,
 * so no write's changes may come after it.
 */
void
_ddb_write_ops_account (DdbEngine *engine,
                        GPtrArray *ops)
{
  g_autoptr(GPtrArray) grown = g_ptr_array_new ();

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);

      if (apply_deltas (op) && !g_ptr_array_find (grown, op->table, NULL))
        g_ptr_array_add (grown, op->table);
    }
  for (guint i = 0; i < grown->len; i++)
    split_grown_partitions (engine, g_ptr_array_index (grown, i));
}

/* ItemCollectionMetrics for a write to a table with local indexes: the collection's key
 * and an estimate of its size in GB, as a range around the exact size. */
void
_ddb_write_op_collection_metrics (DdbWriteOp               *op,
                                  DdbItemCollectionMetrics *metrics)
{
  double gb;

  if (!ddb_table_has_local_index (op->table))
    return;

  gb = (double)op->collection_bytes / (1024.0 * 1024.0 * 1024.0);
  metrics->partition_key = ddb_key_project (&(DdbKeyShape) { op->table->key.partition_name,
                                                             op->table->key.partition_kind,
                                                             NULL, DDB_KIND_NULL },
                                            op->key_value);
  /* DynamoDB reports a range of whole gigabytes that contains the size. */
  metrics->size_estimate_gb_low = (double)(gint64)gb;
  metrics->size_estimate_gb_high = (double)(gint64)gb + 1;
}

/* Adds the ItemCollectionMetrics of a committed write to @collections (created on first
 * use), for a table with local indexes (BatchWriteItem and TransactWriteItems). */
void
_ddb_write_op_add_collection_metrics (DdbWriteOp  *op,
                                      GArray     **collections)
{
  DdbTableCollectionMetrics entry = { 0 };

  if (op->kind == DDB_WRITE_OP_CHECK || !ddb_table_has_local_index (op->table))
    return;

  if (*collections == NULL)
    *collections = ddb_table_collection_metrics_array_new ();
  entry.table_name = g_strdup (op->table->spec->table_name);
  _ddb_write_op_collection_metrics (op, &entry.metrics);
  g_array_append_val (*collections, entry);
}

/* ---------------------------------------------------------------------------------------
 * All the phases after binding, as one request
 * ------------------------------------------------------------------------------------- */

/* Admission of one write (ddb-admission.h): TRUE when DynamoDB would serve it now. */
static gboolean
admit (DdbEngine   *engine,
       DdbWriteOp  *op,
       DdbThrottle *throttle)
{
  g_auto(DdbChargeList) charges = { 0 };

  if (!_ddb_engine_wants_charges (engine))
    return TRUE;

  _ddb_charge_list_init (&charges);
  _ddb_write_op_charge (op, &charges);

  return _ddb_engine_admit (engine, &charges, throttle, NULL);
}

/**
 * _ddb_write_op_run:
 * @op: a write op that went through the parse and bind phases
 * @decode_old: whether the caller needs the old item (ReturnValues)
 * @consumed: (out caller-allocates): the account of the write, initialised here; cleared
 *   again when the write fails with an error or is throttled (such a request reports, and
 *   consumes, no capacity)
 * @throttle: (out caller-allocates): why the write was throttled, when it was
 *
 * Runs the read, plan, apply and account phases of one write as one store transaction.
 * A single-statement write (an item without indexes) runs in SQLite's autocommit mode:
 * it is atomic and durable on its own, and BEGIN/COMMIT would only add two statements to
 * the hottest path.  A write whose condition fails still needs (and consumes) capacity.
 *
 * Returns: %DDB_OUTCOME_OK, %DDB_OUTCOME_CONDITION_FAILED, %DDB_OUTCOME_THROTTLED or
 *   %DDB_OUTCOME_ERROR.
 */
DdbOutcome
_ddb_write_op_run (DdbEngine            *engine,
                   DdbWriteOp           *op,
                   gboolean              decode_old,
                   DdbConsumedCapacity  *consumed,
                   DdbThrottle          *throttle,
                   GError              **error)
{
  gboolean transaction = _ddb_write_op_needs_transaction (op);

  if ((transaction && !_ddb_engine_begin (engine, error)) ||
      !_ddb_write_op_read (engine, op, decode_old, error))
    goto failed;

  if (!op->condition_failed)
    _ddb_write_op_plan (op);
  if (!admit (engine, op, throttle))
    {
      _ddb_engine_rollback (engine);
      return DDB_OUTCOME_THROTTLED;
    }

  ddb_consumed_capacity_init (consumed, op->table->spec->table_name);

  if (op->condition_failed)
    {
      _ddb_engine_rollback (engine);
      _ddb_write_op_charge_failed (op, consumed);
      return DDB_OUTCOME_CONDITION_FAILED;
    }

  if (!_ddb_write_op_apply (engine, op, consumed, error) ||
      (transaction && !_ddb_engine_commit (engine, error)))
    {
      ddb_consumed_capacity_clear (consumed);
      goto failed;
    }

  _ddb_write_op_account (engine, op);

  return DDB_OUTCOME_OK;

failed:
  _ddb_engine_rollback (engine);
  ddb_engine_error_adopt (error);

  return DDB_OUTCOME_ERROR;
}
