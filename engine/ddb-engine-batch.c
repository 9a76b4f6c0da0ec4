/* ddb-engine-batch.c
 *
 * BatchGetItem and BatchWriteItem.
 *
 * Design notes
 * ------------
 * A batch is validated whole before anything is read or written: the limits (100 keys to
 * get, 25 requests to write), every table, every key and every item, and no key twice.
 * Then each key is read, or each request written, on its own: every write is atomic, the
 * batch as a whole is not (rulebook 2.2).  Capacity is rounded item by item (TV-19:
 * 1.5 KB + 6.5 KB reads cost 1 + 2, not 2; TV-20: 500 B + 3.5 KB writes cost 1 + 4).
 *
 * What a batch could not process comes back by position (DdbBatchKeyRef, request
 * indexes), so that the caller can rebuild UnprocessedKeys and UnprocessedItems from its
 * own request.  BatchGetItem stops adding items before the response would pass 16 MB, as
 * DynamoDB does; the capacity issue adds throttled keys and requests to the same lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-batch"

#include "config.h"

#include <string.h>

#include "ddb-engine-admission.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-write.h"

#define BATCH_GET_MAX_KEYS      100
#define BATCH_WRITE_MAX_ITEMS   25
/* 16 MB in decimal units: the documentation's example (100 keys of 300 KB items give 52
 * items and UnprocessedKeys) fits 16,000,000 bytes, not 16 MiB (54 items). */
#define BATCH_MAX_RESPONSE      16000000

/* Records @key as seen; FALSE with DynamoDB's message if it already was. */
static gboolean
check_duplicate (GHashTable       *seen,
                 const char       *table_name,
                 const DdbItemKey *key,
                 GError          **error)
{
  if (g_hash_table_add (seen, ddb_key_fingerprint (table_name, key)))
    return TRUE;

  return invalid (error, "Provided list of item keys contains duplicates");
}

/* ---------------------------------------------------------------------------------------
 * BatchGetItem
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  DdbTable      *table;
  DdbProjection *projection;
} GetTable;

static void
get_table_clear (GetTable *table)
{
  g_clear_pointer (&table->projection, ddb_projection_free);
}

/* Validates the whole request and resolves its tables.  Changes nothing. */
static gboolean
prepare_batch_get (DdbEngine              *self,
                   const DdbBatchGetInput *input,
                   GArray                 *tables,
                   GError                **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_keys = 0;

  if (input->n_tables == 0)
    return invalid (error, "The requestItems parameter is required for BatchGetItem");

  for (guint t = 0; t < input->n_tables; t++)
    n_keys += input->tables[t].n_keys;
  if (n_keys > BATCH_GET_MAX_KEYS)
    return invalid (error, "Too many items requested for the BatchGetItem call");

  for (guint t = 0; t < input->n_tables; t++)
    {
      const DdbBatchGetTable *request = &input->tables[t];
      GetTable *table = &g_array_index (tables, GetTable, t);

      if (!_ddb_engine_parse_projection (&request->attributes, request->projection_expression,
                                         &table->projection, error))
        return FALSE;
      table->table = _ddb_engine_lookup_table (self, request->table_name, FALSE, error);
      if (table->table == NULL)
        return FALSE;

      for (guint k = 0; k < request->n_keys; k++)
        {
          DdbItemKey key;

          if (!ddb_key_from_key_param (&table->table->key, request->keys[k], &key, error) ||
              !check_duplicate (seen, request->table_name, &key, error))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * ddb_engine_batch_get_item:
 * @result: (out caller-allocates): zero-initialised; clear with ddb_batch_get_result_clear()
 *
 * Reads up to 100 keys from one or more tables, each item charged on its own.
 *
 * Returns: %DDB_OUTCOME_OK (throttled keys in result->unprocessed), %DDB_OUTCOME_THROTTLED
 *   when no key could be read (result->throttle says why), or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_batch_get_item (DdbEngine               *self,
                           const DdbBatchGetInput  *input,
                           DdbBatchGetResult       *result,
                           GError                 **error)
{
  g_autoptr(GArray) tables = NULL;
  gsize response_bytes = 0;
  gboolean full = FALSE;
  guint n_keys = 0;
  guint n_throttled = 0;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && (input->tables != NULL || input->n_tables == 0),
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  tables = g_array_sized_new (FALSE, TRUE, sizeof (GetTable), input->n_tables);
  g_array_set_clear_func (tables, (GDestroyNotify)get_table_clear);
  g_array_set_size (tables, input->n_tables);
  if (!prepare_batch_get (self, input, tables, error))
    return DDB_OUTCOME_ERROR;

  for (guint t = 0; t < input->n_tables; t++)
    _ddb_engine_metrics_count_request (self, g_array_index (tables, GetTable, t).table,
                                       DDB_OPERATION_BATCH_GET_ITEM);

  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  result->unprocessed = g_array_new (FALSE, FALSE, sizeof (DdbBatchKeyRef));
  result->consumed = _ddb_consumed_capacity_array_new ();

  for (guint t = 0; t < input->n_tables; t++)
    {
      const DdbBatchGetTable *request = &input->tables[t];
      GetTable *table = &g_array_index (tables, GetTable, t);
      GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
      DdbConsumedCapacity *consumed = _ddb_consumed_capacity_array_lookup (result->consumed,
                                                                           request->table_name);

      g_ptr_array_add (result->items, items);
      for (guint k = 0; k < request->n_keys; k++)
        {
          DdbValue *item = NULL;
          gboolean admitted;
          double units;
          DdbItemKey key;

          if (!full &&
              !_ddb_engine_read_item (self, table->table, request->keys[k],
                                      request->consistent_read ? DDB_READ_STRONG
                                                               : DDB_READ_EVENTUAL,
                                      table->projection, &item, &units, &key, error))
            {
              ddb_batch_get_result_clear (result);
              return DDB_OUTCOME_ERROR;
            }
          /* A throttled key comes back unprocessed (rulebook 2.2).  The batch counts as
           * one ThrottledRequest, and only when nothing passed (below). */
          self->in_batch = TRUE;
          admitted = full || _ddb_engine_admit_read (self, table->table, NULL,
                                                     ddb_key_route (&key), units,
                                                     &result->throttle);
          self->in_batch = FALSE;
          if (!admitted)
            {
              DdbBatchKeyRef ref = { t, k };

              g_clear_pointer (&item, ddb_value_unref);
              g_array_append_val (result->unprocessed, ref);
              n_throttled++;
              continue;
            }

          /* An item that would take the response past 16 MB waits for the next call,
           * and so does every key after it; neither is charged. */
          if (item != NULL && response_bytes + ddb_item_size (item) > BATCH_MAX_RESPONSE)
            {
              g_clear_pointer (&item, ddb_value_unref);
              full = TRUE;
            }
          if (full)
            {
              DdbBatchKeyRef ref = { t, k };

              g_array_append_val (result->unprocessed, ref);
              continue;
            }

          consumed->table_read_units += units;
          if (item != NULL)
            {
              response_bytes += ddb_item_size (item);
              g_ptr_array_add (items, item);
            }
        }
    }

  /* The call fails only when no key could be read. */
  for (guint t = 0; t < input->n_tables; t++)
    n_keys += input->tables[t].n_keys;
  if (n_throttled == n_keys)
    {
      _ddb_engine_metrics_batch_throttled (self, g_array_index (tables, GetTable, 0).table);
      return result->outcome = DDB_OUTCOME_THROTTLED;
    }
  ddb_throttle_clear (&result->throttle);

  return result->outcome = DDB_OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------
 * BatchWriteItem
 * ------------------------------------------------------------------------------------- */

static void
write_op_free (DdbWriteOp *op)
{
  _ddb_write_op_clear (op);
  g_free (op);
}

/* Validates the whole request and binds every write.  Changes nothing. */
static gboolean
prepare_batch_write (DdbEngine                *self,
                     const DdbBatchWriteInput *input,
                     GPtrArray                *ops,
                     GError                  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const DdbExpressionAttributes no_attributes = { NULL, NULL };

  if (input->n_requests == 0)
    return invalid (error, "The requestItems parameter is required for BatchWriteItem");
  if (input->n_requests > BATCH_WRITE_MAX_ITEMS)
    return invalid (error, "Too many items requested for the BatchWriteItem call");

  for (guint i = 0; i < input->n_requests; i++)
    {
      const DdbBatchWriteRequest *request = &input->requests[i];
      DdbWriteOp *op = g_new0 (DdbWriteOp, 1);

      g_return_val_if_fail ((request->put_item == NULL) != (request->delete_key == NULL), FALSE);

      _ddb_write_op_init (op, request->put_item != NULL ? DDB_WRITE_OP_PUT
                                                        : DDB_WRITE_OP_DELETE);
      g_ptr_array_add (ops, op);
      if (!_ddb_write_op_parse (op, &no_attributes, NULL, NULL, error) ||
          !_ddb_write_op_bind (self, op, request->table_name,
                               request->put_item != NULL ? request->put_item
                                                         : request->delete_key, error) ||
          !check_duplicate (seen, request->table_name, &op->key, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ddb_engine_batch_write_item:
 * @result: (out caller-allocates): zero-initialised; clear with
 *   ddb_batch_write_result_clear()
 *
 * Puts and deletes up to 25 items in one or more tables; each write is atomic on its own,
 * and each is charged on its own.
 *
 * Returns: %DDB_OUTCOME_OK (throttled requests in result->unprocessed),
 *   %DDB_OUTCOME_THROTTLED when every request was throttled (result->throttle says why),
 *   or %DDB_OUTCOME_ERROR (the whole batch refused, nothing written; or a storage failure,
 *   after which the writes before it stand).
 */
DdbOutcome
ddb_engine_batch_write_item (DdbEngine                 *self,
                             const DdbBatchWriteInput  *input,
                             DdbBatchWriteResult       *result,
                             GError                   **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify)write_op_free);
  g_autoptr(GPtrArray) counted = g_ptr_array_new ();

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && (input->requests != NULL || input->n_requests == 0),
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!prepare_batch_write (self, input, ops, error))
    return DDB_OUTCOME_ERROR;

  for (guint i = 0; i < ops->len; i++)
    _ddb_engine_metrics_count_table_once (self, counted,
                                          ((DdbWriteOp *)g_ptr_array_index (ops, i))->table,
                                          DDB_OPERATION_BATCH_WRITE_ITEM);

  result->unprocessed = g_array_new (FALSE, FALSE, sizeof (guint));
  result->consumed = _ddb_consumed_capacity_array_new ();

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      g_auto(DdbConsumedCapacity) consumed = { 0 };
      DdbConsumedCapacity *total;
      DdbOutcome outcome;

      self->in_batch = TRUE;
      outcome = _ddb_write_op_run (self, op, FALSE, &consumed, &result->throttle, error);
      self->in_batch = FALSE;
      if (outcome == DDB_OUTCOME_THROTTLED)
        {
          /* Throttled writes come back as UnprocessedItems (rulebook 2.2). */
          g_array_append_val (result->unprocessed, i);
          continue;
        }
      if (outcome != DDB_OUTCOME_OK)
        {
          ddb_batch_write_result_clear (result);
          return DDB_OUTCOME_ERROR;
        }

      total = _ddb_consumed_capacity_array_lookup (result->consumed,
                                                   input->requests[i].table_name);
      ddb_consumed_capacity_add (total, &consumed);
      if (input->return_item_collection_metrics)
        _ddb_write_op_add_collection_metrics (op, &result->collections);
    }

  /* The call fails only when nothing could be written. */
  if (result->unprocessed->len == ops->len)
    {
      _ddb_engine_metrics_batch_throttled (self,
                                           ((DdbWriteOp *)g_ptr_array_index (ops, 0))->table);
      return result->outcome = DDB_OUTCOME_THROTTLED;
    }
  ddb_throttle_clear (&result->throttle);

  return result->outcome = DDB_OUTCOME_OK;
}
