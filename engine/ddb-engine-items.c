/* ddb-engine-items.c
 *
 * PutItem, UpdateItem, DeleteItem and GetItem, with DynamoDB's consumed capacity
 * (rulebook 2.2):
 *
 *   GetItem     ceil4k (item size) x consistency factor; a missing item costs one block
 *   PutItem     ceil1k (max (old item, new item))
 *   UpdateItem  ceil1k (max (item before, item after))
 *   DeleteItem  ceil1k (deleted item); a missing item costs 1
 *   a failed condition still consumes: the size of the new item when an item exists
 *   (for DeleteItem, of the existing one), 1 unit when none does
 *
 * Each write is one store transaction: validate everything, read the old item, check the
 * condition, write, account.  Everything that can refuse the request runs before the
 * first statement that changes data, and a write of several statements runs inside
 * BEGIN/COMMIT, so a refused request changes nothing, not even the partition counters,
 * which are only touched once the store has accepted the write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-items"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-admission.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-write.h"
#include "ddb-expression.h"
#include "ddb-value-codec.h"

/* ---------------------------------------------------------------------------------------
 * Shared steps
 * ------------------------------------------------------------------------------------- */

static gboolean
check_return_values (DdbReturnValues return_values,
                     gboolean        all_allowed,
                     GError        **error)
{
  if (all_allowed || return_values == DDB_RETURN_VALUES_NONE ||
      return_values == DDB_RETURN_VALUES_ALL_OLD)
    return TRUE;

  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                       "ReturnValues can only be ALL_OLD or NONE");
  return FALSE;
}

/* Runs a bound write as one request and fills in @result. */
static DdbOutcome
run_write (DdbEngine      *self,
           DdbWriteOp     *op,
           gboolean        decode_old,
           gboolean        return_old_on_failure,
           DdbWriteResult *result,
           GError        **error)
{
  static const DdbOperationKind operations[] = {
    [DDB_WRITE_OP_PUT] = DDB_OPERATION_PUT_ITEM,
    [DDB_WRITE_OP_UPDATE] = DDB_OPERATION_UPDATE_ITEM,
    [DDB_WRITE_OP_DELETE] = DDB_OPERATION_DELETE_ITEM,
  };

  _ddb_engine_metrics_count_request (self, op->table, operations[op->kind]);
  result->outcome = _ddb_write_op_run (self, op, decode_old || return_old_on_failure,
                                       &result->consumed, &result->throttle, error);

  if (result->outcome == DDB_OUTCOME_CONDITION_FAILED && return_old_on_failure &&
      op->old_item != NULL)
    result->attributes = ddb_value_ref (op->old_item);
  if (result->outcome == DDB_OUTCOME_OK)
    _ddb_write_op_collection_metrics (op, &result->collection);

  return result->outcome;
}

/* ---------------------------------------------------------------------------------------
 * PutItem
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_put_item:
 * @input: the request
 * @result: (out caller-allocates): zero-initialised; clear it with ddb_write_result_clear()
 *
 * Creates or replaces an item.
 *
 * Returns: %DDB_OUTCOME_OK, %DDB_OUTCOME_CONDITION_FAILED (capacity consumed, nothing
 *   written), or %DDB_OUTCOME_ERROR with @error set (nothing consumed or written).
 */
DdbOutcome
ddb_engine_put_item (DdbEngine              *self,
                     const DdbPutItemInput  *input,
                     DdbWriteResult         *result,
                     GError                **error)
{
  g_auto(DdbWriteOp) op;
  gboolean all_old;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->item != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  _ddb_write_op_init (&op, DDB_WRITE_OP_PUT);
  result->outcome = DDB_OUTCOME_ERROR;
  all_old = input->return_values == DDB_RETURN_VALUES_ALL_OLD;

  if (!check_return_values (input->return_values, FALSE, error) ||
      !_ddb_write_op_parse (&op, &input->attributes, input->condition_expression, NULL, error) ||
      !_ddb_write_op_bind (self, &op, input->table_name, input->item, error))
    return DDB_OUTCOME_ERROR;

  if (run_write (self, &op, all_old, input->return_old_on_condition_failure, result, error) ==
      DDB_OUTCOME_OK && all_old && op.old_item != NULL)
    result->attributes = ddb_value_ref (op.old_item);

  return result->outcome;
}

/* ---------------------------------------------------------------------------------------
 * UpdateItem
 * ------------------------------------------------------------------------------------- */

/* The top-level attributes an update touched, from @item (UPDATED_OLD / UPDATED_NEW). */
static DdbValue *
updated_attributes (const DdbUpdate *update,
                    const DdbValue  *item)
{
  DdbMapBuilder *builder = ddb_map_builder_new ();

  for (gsize i = 0; item != NULL && i < ddb_value_get_length (item); i++)
    {
      const char *name = ddb_value_get_name (item, i);

      if (update != NULL && ddb_update_changes_path (update, name))
        ddb_map_builder_set (builder, name, ddb_value_get_element (item, i));
    }

  return ddb_map_builder_end (builder);
}

static DdbValue *
update_return_values (DdbReturnValues  return_values,
                      const DdbUpdate *update,
                      const DdbValue  *old_item,
                      const DdbValue  *new_item)
{
  g_autoptr(DdbValue) values = NULL;

  switch (return_values)
    {
    case DDB_RETURN_VALUES_ALL_OLD:
      return old_item != NULL ? ddb_value_ref ((DdbValue *)old_item) : NULL;
    case DDB_RETURN_VALUES_ALL_NEW:
      return ddb_value_ref ((DdbValue *)new_item);
    case DDB_RETURN_VALUES_UPDATED_OLD:
      values = updated_attributes (update, old_item);
      break;
    case DDB_RETURN_VALUES_UPDATED_NEW:
      values = updated_attributes (update, new_item);
      break;
    case DDB_RETURN_VALUES_NONE:
    default:
      return NULL;
    }

  /* DynamoDB leaves Attributes out rather than returning an empty map. */
  return ddb_value_get_length (values) > 0 ? g_steal_pointer (&values) : NULL;
}

/**
 * ddb_engine_update_item:
 *
 * Applies an update expression to an item, creating it (from its key) if it does not
 * exist.  Every operand is evaluated against the item as it was before the update.
 *
 * Returns: as ddb_engine_put_item().
 */
DdbOutcome
ddb_engine_update_item (DdbEngine                 *self,
                        const DdbUpdateItemInput  *input,
                        DdbWriteResult            *result,
                        GError                   **error)
{
  g_auto(DdbWriteOp) op;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  _ddb_write_op_init (&op, DDB_WRITE_OP_UPDATE);
  result->outcome = DDB_OUTCOME_ERROR;

  if (!_ddb_write_op_parse (&op, &input->attributes, input->condition_expression,
                            input->update_expression, error) ||
      !_ddb_write_op_bind (self, &op, input->table_name, input->key, error))
    return DDB_OUTCOME_ERROR;

  if (run_write (self, &op, TRUE, input->return_old_on_condition_failure, result, error) ==
      DDB_OUTCOME_OK)
    result->attributes = update_return_values (input->return_values, op.update, op.old_item,
                                               op.new_item);

  return result->outcome;
}

/* ---------------------------------------------------------------------------------------
 * DeleteItem
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_delete_item:
 *
 * Deletes an item; deleting a missing item succeeds and still costs one write unit.
 *
 * Returns: as ddb_engine_put_item().
 */
DdbOutcome
ddb_engine_delete_item (DdbEngine                 *self,
                        const DdbDeleteItemInput  *input,
                        DdbWriteResult            *result,
                        GError                   **error)
{
  g_auto(DdbWriteOp) op;
  gboolean all_old;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  _ddb_write_op_init (&op, DDB_WRITE_OP_DELETE);
  result->outcome = DDB_OUTCOME_ERROR;
  all_old = input->return_values == DDB_RETURN_VALUES_ALL_OLD;

  if (!check_return_values (input->return_values, FALSE, error) ||
      !_ddb_write_op_parse (&op, &input->attributes, input->condition_expression, NULL, error) ||
      !_ddb_write_op_bind (self, &op, input->table_name, input->key, error))
    return DDB_OUTCOME_ERROR;

  if (run_write (self, &op, all_old, input->return_old_on_condition_failure, result, error) ==
      DDB_OUTCOME_OK && all_old && op.old_item != NULL)
    result->attributes = ddb_value_ref (op.old_item);

  return result->outcome;
}

/* ---------------------------------------------------------------------------------------
 * GetItem
 * ------------------------------------------------------------------------------------- */

/**
 * _ddb_engine_parse_projection:
 * @text: (nullable): ProjectionExpression
 * @projection: (out) (transfer full): the parsed projection, or NULL when @text is NULL
 *
 * Parses the projection of a point read against the request's names, and checks that the
 * names were all used.  A read has no values, so any ExpressionAttributeValues are unused.
 */
gboolean
_ddb_engine_parse_projection (const DdbExpressionAttributes  *attributes,
                              const char                     *text,
                              DdbProjection                 **projection,
                              GError                        **error)
{
  g_autoptr(DdbExpressionContext) context = NULL;

  *projection = NULL;
  if (text == NULL && attributes->names == NULL && attributes->values == NULL)
    return TRUE;

  context = ddb_expression_context_new (attributes->names, attributes->values);
  if (!ddb_expression_context_validate (context, error) ||
      (text != NULL && (*projection = ddb_projection_parse (text, context, error)) == NULL) ||
      !ddb_expression_context_check_unused (context, error))
    {
      g_clear_pointer (projection, ddb_projection_free);
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/**
 * _ddb_engine_read_item:
 * @key_param: the Key of the request
 * @projection: (nullable): what to return of the item
 * @item: (out) (transfer full) (nullable): the item, NULL when there is none
 * @units: (out): the read units: ceil4k (item size), a missing item one block, times the
 *   factor of @consistency
 * @key: (out caller-allocates): the item's key, which picks the partition
 *
 * Reads one item: GetItem, and each key of BatchGetItem and TransactGetItems.
 */
gboolean
_ddb_engine_read_item (DdbEngine           *self,
                       DdbTable            *table,
                       const DdbValue      *key_param,
                       DdbReadConsistency   consistency,
                       const DdbProjection *projection,
                       DdbValue           **item,
                       double              *units,
                       DdbItemKey          *key,
                       GError             **error)
{
  g_autoptr(DdbValue) stored = NULL;
  DdbStoreRow row;
  gboolean found;

  *item = NULL;
  if (!ddb_key_from_key_param (&table->key, key_param, key, error) ||
      !ddb_store_get_item (self->store, table->id, key, TRUE, &row, &found, error))
    return FALSE;

  if (found)
    {
      stored = ddb_value_deserialize (row.data, row.data_length, error);
      if (stored == NULL)
        {
          g_prefix_error (error, "storage: table %s: ", table->spec->table_name);
          ddb_engine_error_adopt (error);
          return FALSE;
        }
      *item = projection != NULL ? ddb_projection_apply (projection, stored)
                                 : g_steal_pointer (&stored);
    }

  *units = ddb_read_units (found ? row.size : 0, consistency);

  return TRUE;
}

/**
 * ddb_engine_get_item:
 * @result: (out caller-allocates): zero-initialised; clear with ddb_get_result_clear()
 *
 * Reads one item.  A projection does not reduce the capacity consumed.
 *
 * Returns: %DDB_OUTCOME_OK (with or without an item), %DDB_OUTCOME_THROTTLED or
 *   %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_get_item (DdbEngine              *self,
                     const DdbGetItemInput  *input,
                     DdbGetResult           *result,
                     GError                **error)
{
  g_autoptr(DdbProjection) projection = NULL;
  DdbTable *table;
  double units;
  DdbItemKey key;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!_ddb_engine_parse_projection (&input->attributes, input->projection_expression,
                                     &projection, error))
    return DDB_OUTCOME_ERROR;

  table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (table == NULL ||
      !_ddb_engine_read_item (self, table, input->key,
                              input->consistent_read ? DDB_READ_STRONG : DDB_READ_EVENTUAL,
                              projection, &result->item, &units, &key, error))
    return DDB_OUTCOME_ERROR;

  _ddb_engine_metrics_count_request (self, table, DDB_OPERATION_GET_ITEM);

  if (!_ddb_engine_admit_read (self, table, NULL, ddb_key_route (&key), units,
                               &result->throttle))
    {
      g_clear_pointer (&result->item, ddb_value_unref);
      return result->outcome = DDB_OUTCOME_THROTTLED;
    }

  ddb_consumed_capacity_init (&result->consumed, table->spec->table_name);
  result->consumed.table_read_units = units;

  return result->outcome = DDB_OUTCOME_OK;
}
