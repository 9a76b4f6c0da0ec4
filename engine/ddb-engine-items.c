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
#include "ddb-engine-private.h"
#include "ddb-expression.h"
#include "ddb-value-codec.h"

/* ---------------------------------------------------------------------------------------
 * Shared steps
 * ------------------------------------------------------------------------------------- */

/* The parsed expressions of one request. */
typedef struct
{
  DdbExpressionContext *context;
  DdbCondition         *condition;
  DdbUpdate            *update;
  DdbProjection        *projection;
} Expressions;

static void
expressions_clear (Expressions *expressions)
{
  g_clear_pointer (&expressions->condition, ddb_condition_free);
  g_clear_pointer (&expressions->update, ddb_update_free);
  g_clear_pointer (&expressions->projection, ddb_projection_free);
  g_clear_pointer (&expressions->context, ddb_expression_context_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expressions, expressions_clear)

/* Parses a request's expressions against its names and values, then checks that every
 * name and value was used, as DynamoDB requires.  Any of the texts may be NULL. */
static gboolean
parse_expressions (Expressions                   *expressions,
                   const DdbExpressionAttributes *attributes,
                   const char                    *condition,
                   const char                    *update,
                   const char                    *projection,
                   GError                       **error)
{
  if (attributes->values != NULL && ddb_value_get_kind (attributes->values) != DDB_KIND_M)
    {
      g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                           "ExpressionAttributeValues must be a map of values");
      return FALSE;
    }

  /* The common case, a plain write or read, needs no expression machinery at all. */
  if (condition == NULL && update == NULL && projection == NULL && attributes->names == NULL &&
      attributes->values == NULL)
    return TRUE;

  expressions->context = ddb_expression_context_new (attributes->names, attributes->values);

  if ((update != NULL &&
       (expressions->update = ddb_update_parse (update, expressions->context, error)) == NULL) ||
      (condition != NULL &&
       (expressions->condition = ddb_condition_parse (condition, DDB_EXPRESSION_CONDITION,
                                                      expressions->context, error)) == NULL) ||
      (projection != NULL &&
       (expressions->projection = ddb_projection_parse (projection, expressions->context,
                                                        error)) == NULL) ||
      !ddb_expression_context_check_unused (expressions->context, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

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

/* The old item of a write, read inside the write's transaction. */
typedef struct
{
  gboolean  found;
  gint64    rowid;
  gint64    size;
  DdbValue *item;           /* decoded only when something needs it */
} OldItem;

static void
old_item_clear (OldItem *old)
{
  g_clear_pointer (&old->item, ddb_value_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OldItem, old_item_clear)

static gboolean
read_old_item (DdbEngine         *self,
               DdbTable          *table,
               const DdbItemKey  *key,
               gboolean           decode,
               OldItem           *old,
               GError           **error)
{
  DdbStoreRow row;

  if (!ddb_store_get_item (self->store, table->id, key, decode, &row, &old->found, error))
    return FALSE;
  if (!old->found)
    return TRUE;

  old->rowid = row.rowid;
  old->size = row.size;
  if (decode)
    {
      old->item = ddb_value_deserialize (row.data, row.data_length, error);
      if (old->item == NULL)
        {
          g_prefix_error (error, "storage: table %s: ", table->spec->table_name);
          if (error != NULL && *error != NULL)
            {
              (*error)->domain = DDB_ENGINE_ERROR;
              (*error)->code = DDB_ENGINE_ERROR_STORAGE;
            }
          return FALSE;
        }
    }

  return TRUE;
}

/* The TTL epoch second an item carries, or G_MININT64 when TTL does not apply to it. */
static gint64
item_expiry (DdbTable       *table,
             const DdbValue *item)
{
  DdbValue *value;
  gint64 seconds;

  if (table->ttl_status != DDB_TTL_ENABLED || table->ttl_attribute == NULL)
    return G_MININT64;

  value = ddb_value_lookup (item, table->ttl_attribute);
  if (value == NULL || ddb_value_get_kind (value) != DDB_KIND_N ||
      !ddb_number_to_int64 (ddb_value_get_number (value), &seconds))
    return G_MININT64;

  return seconds;
}

/* Writes @item at @key (replacing @old if it exists) and updates the counters. */
static gboolean
store_item (DdbEngine         *self,
            DdbTable          *table,
            const DdbItemKey  *key,
            const OldItem     *old,
            const DdbValue    *item,
            GError           **error)
{
  gint64 size = ddb_item_size (item);
  gint64 expires = item_expiry (table, item);
  gboolean ok;

  g_byte_array_set_size (self->scratch, 0);
  ddb_value_serialize (item, self->scratch);

  if (old->found)
    ok = ddb_store_update_item (self->store, old->rowid, size, expires, self->scratch->data,
                                self->scratch->len, error);
  else
    ok = ddb_store_insert_item (self->store, table->id, key, size, expires,
                                self->scratch->data, self->scratch->len, error);

  return ok;
}

/* Applies the counter changes of a committed write; split partitions that grew too big. */
static void
account_write (DdbEngine         *self,
               DdbTable          *table,
               const DdbItemKey  *key,
               const OldItem     *old,
               gint64             new_size,
               gboolean           deleted)
{
  g_autoptr(GError) error = NULL;
  DdbPartition *partition;
  guint splits;

  if (deleted)
    {
      ddb_table_account (table, key->hash, -1, -old->size);
      return;
    }

  ddb_table_account (table, key->hash, old->found ? 0 : 1,
                     new_size - (old->found ? old->size : 0));

  partition = ddb_partition_map_get (table->partitions,
                                     ddb_partition_map_route (table->partitions, key->hash));
  if ((guint64)partition->size_bytes <= ddb_table_get_partition_max_bytes (table))
    return;

  /* Splitting is DynamoDB's background work: it never fails the write that caused it. */
  if (!_ddb_engine_begin (self, &error))
    goto failed;
  splits = ddb_table_split_oversized (table, self->store, self->now_usec, &error);
  if (splits == G_MAXUINT ||
      (splits > 0 && !_ddb_engine_save_table (self, table, &error)) ||
      !_ddb_engine_commit (self, &error))
    goto failed;
  return;

failed:
  _ddb_engine_rollback (self);
  g_warning ("could not split a partition of %s: %s", table->spec->table_name, error->message);
}

static void
charge_write (DdbWriteResult *result,
              DdbTable       *table,
              gint64          bytes)
{
  ddb_consumed_capacity_init (&result->consumed, table->spec->table_name);
  result->consumed.table_write_units = ddb_write_units (bytes, DDB_WRITE_STANDARD);
}

/* The units of a write whose condition failed (rulebook 2.2). */
static gint64
failed_condition_bytes (const OldItem *old,
                        gint64         new_size)
{
  return old->found ? new_size : 0;
}

static DdbOutcome
fail (DdbEngine *self,
      GError   **error)
{
  _ddb_engine_rollback (self);
  ddb_engine_error_adopt (error);

  return DDB_OUTCOME_ERROR;
}

/* A write that is a single statement (an item without secondary indexes to maintain) is
 * atomic and durable on its own in SQLite's autocommit mode; wrapping it in BEGIN/COMMIT
 * would only add two statements to the hottest path.  Writes with several statements run
 * in one explicit transaction. */
static gboolean
write_needs_transaction (DdbTable *table)
{
  return table->spec->indexes != NULL && table->spec->indexes->len > 0;
}

static gboolean
begin_write (DdbEngine  *self,
             DdbTable   *table,
             GError    **error)
{
  return !write_needs_transaction (table) || _ddb_engine_begin (self, error);
}

static gboolean
commit_write (DdbEngine  *self,
              DdbTable   *table,
              GError    **error)
{
  return !write_needs_transaction (table) || _ddb_engine_commit (self, error);
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
  g_auto(Expressions) expressions = { 0 };
  g_auto(OldItem) old = { 0 };
  DdbItemKey key;
  DdbTable *table;
  gboolean need_old;
  gint64 new_size;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->item != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!check_return_values (input->return_values, FALSE, error) ||
      !parse_expressions (&expressions, &input->attributes, input->condition_expression, NULL,
                          NULL, error))
    return DDB_OUTCOME_ERROR;

  table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;

  if (!ddb_key_from_item (&table->key, input->item, &key, error) ||
      !ddb_item_check_size (input->item, FALSE, error))
    return fail (self, error);

  new_size = ddb_item_size (input->item);
  need_old = expressions.condition != NULL || input->return_values == DDB_RETURN_VALUES_ALL_OLD;

  if (!begin_write (self, table, error) ||
      !read_old_item (self, table, &key, need_old, &old, error))
    return fail (self, error);

  if (expressions.condition != NULL && !ddb_condition_evaluate (expressions.condition, old.item))
    {
      _ddb_engine_rollback (self);
      charge_write (result, table, failed_condition_bytes (&old, new_size));
      if (input->return_old_on_condition_failure && old.item != NULL)
        result->attributes = ddb_value_ref (old.item);
      return result->outcome = DDB_OUTCOME_CONDITION_FAILED;
    }

  if (!store_item (self, table, &key, &old, input->item, error) ||
      !commit_write (self, table, error))
    return fail (self, error);

  account_write (self, table, &key, &old, new_size, FALSE);
  charge_write (result, table, MAX (new_size, old.found ? old.size : 0));
  if (input->return_values == DDB_RETURN_VALUES_ALL_OLD && old.item != NULL)
    result->attributes = ddb_value_ref (old.item);

  return result->outcome = DDB_OUTCOME_OK;
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
  g_auto(Expressions) expressions = { 0 };
  g_auto(OldItem) old = { 0 };
  g_autoptr(DdbValue) new_item = NULL;
  DdbItemKey key;
  DdbTable *table;
  const DdbValue *base;
  gint64 new_size;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!parse_expressions (&expressions, &input->attributes, input->condition_expression,
                          input->update_expression, NULL, error))
    return DDB_OUTCOME_ERROR;

  table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;

  if (!ddb_key_from_key_param (&table->key, input->key, &key, error))
    return DDB_OUTCOME_ERROR;
  if (expressions.update != NULL &&
      !ddb_update_check_keys (expressions.update, table->key.partition_name,
                              table->key.sort_name, error))
    return fail (self, error);

  if (!begin_write (self, table, error) || !read_old_item (self, table, &key, TRUE, &old, error))
    return fail (self, error);

  /* A missing item is updated as if it held only its key. */
  base = old.item != NULL ? old.item : input->key;

  if (expressions.condition != NULL && !ddb_condition_evaluate (expressions.condition, old.item))
    {
      g_autoptr(DdbValue) would_be = NULL;

      _ddb_engine_rollback (self);
      if (old.found)
        would_be = expressions.update != NULL
                   ? ddb_update_apply (expressions.update, base, NULL)
                   : ddb_value_ref (old.item);
      charge_write (result, table,
                    failed_condition_bytes (&old, would_be != NULL
                                                  ? (gint64)ddb_item_size (would_be)
                                                  : old.size));
      if (input->return_old_on_condition_failure && old.item != NULL)
        result->attributes = ddb_value_ref (old.item);
      return result->outcome = DDB_OUTCOME_CONDITION_FAILED;
    }

  new_item = expressions.update != NULL ? ddb_update_apply (expressions.update, base, error)
                                        : ddb_value_ref ((DdbValue *)base);
  if (new_item == NULL || !ddb_item_check_size (new_item, TRUE, error))
    return fail (self, error);

  new_size = ddb_item_size (new_item);
  if (!store_item (self, table, &key, &old, new_item, error) || !commit_write (self, table, error))
    return fail (self, error);

  account_write (self, table, &key, &old, new_size, FALSE);
  charge_write (result, table, MAX (new_size, old.found ? old.size : 0));
  result->attributes = update_return_values (input->return_values, expressions.update, old.item,
                                             new_item);

  return result->outcome = DDB_OUTCOME_OK;
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
  g_auto(Expressions) expressions = { 0 };
  g_auto(OldItem) old = { 0 };
  DdbItemKey key;
  DdbTable *table;
  gboolean need_old;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!check_return_values (input->return_values, FALSE, error) ||
      !parse_expressions (&expressions, &input->attributes, input->condition_expression, NULL,
                          NULL, error))
    return DDB_OUTCOME_ERROR;

  table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;

  if (!ddb_key_from_key_param (&table->key, input->key, &key, error))
    return DDB_OUTCOME_ERROR;

  need_old = expressions.condition != NULL || input->return_values == DDB_RETURN_VALUES_ALL_OLD;
  if (!begin_write (self, table, error) ||
      !read_old_item (self, table, &key, need_old, &old, error))
    return fail (self, error);

  if (expressions.condition != NULL && !ddb_condition_evaluate (expressions.condition, old.item))
    {
      _ddb_engine_rollback (self);
      charge_write (result, table, old.found ? old.size : 0);
      if (input->return_old_on_condition_failure && old.item != NULL)
        result->attributes = ddb_value_ref (old.item);
      return result->outcome = DDB_OUTCOME_CONDITION_FAILED;
    }

  if (old.found && !ddb_store_delete_item (self->store, old.rowid, error))
    return fail (self, error);
  if (!commit_write (self, table, error))
    return fail (self, error);

  if (old.found)
    account_write (self, table, &key, &old, 0, TRUE);
  charge_write (result, table, old.found ? old.size : 0);
  if (input->return_values == DDB_RETURN_VALUES_ALL_OLD && old.item != NULL)
    result->attributes = ddb_value_ref (old.item);

  return result->outcome = DDB_OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------
 * GetItem
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_engine_get_item:
 * @result: (out caller-allocates): zero-initialised; clear with ddb_get_result_clear()
 *
 * Reads one item.  A projection does not reduce the capacity consumed.
 *
 * Returns: %DDB_OUTCOME_OK (with or without an item) or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_get_item (DdbEngine              *self,
                     const DdbGetItemInput  *input,
                     DdbGetResult           *result,
                     GError                **error)
{
  g_auto(Expressions) expressions = { 0 };
  g_autoptr(DdbValue) item = NULL;
  DdbStoreRow row;
  DdbItemKey key;
  DdbTable *table;
  gboolean found;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && input->table_name != NULL && input->key != NULL,
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!parse_expressions (&expressions, &input->attributes, NULL, NULL,
                          input->projection_expression, error))
    return DDB_OUTCOME_ERROR;

  table = _ddb_engine_lookup_table (self, input->table_name, FALSE, error);
  if (table == NULL)
    return DDB_OUTCOME_ERROR;

  if (!ddb_key_from_key_param (&table->key, input->key, &key, error))
    return DDB_OUTCOME_ERROR;

  if (!ddb_store_get_item (self->store, table->id, &key, TRUE, &row, &found, error))
    return fail (self, error);

  if (found)
    {
      item = ddb_value_deserialize (row.data, row.data_length, error);
      if (item == NULL)
        {
          g_prefix_error (error, "storage: table %s: ", table->spec->table_name);
          return fail (self, error);
        }
    }

  ddb_consumed_capacity_init (&result->consumed, table->spec->table_name);
  result->consumed.table_read_units =
    ddb_read_units (found ? row.size : 0,
                    input->consistent_read ? DDB_READ_STRONG : DDB_READ_EVENTUAL);

  if (item != NULL)
    result->item = expressions.projection != NULL
                   ? ddb_projection_apply (expressions.projection, item)
                   : g_steal_pointer (&item);

  return result->outcome = DDB_OUTCOME_OK;
}
