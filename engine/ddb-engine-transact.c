/* ddb-engine-transact.c
 *
 * TransactWriteItems and TransactGetItems.
 *
 * Design notes
 * ------------
 * A write transaction runs the phases of ddb-engine-write.h for all its actions at once:
 *
 *   parse     every action's expressions; a mistake fails the whole request with a
 *             ValidationException (DynamoDB does the same for syntax errors, missing and
 *             unused names and values)
 *   bind      every action's table and key; a missing table fails the whole request, a
 *             key or item that breaks the schema cancels the transaction with a
 *             "ValidationError" reason on that action and "None" on the others (DynamoDB
 *             stops at the first such action)
 *   check     no two actions on one item, the 4 MB payload limit
 *   token     the ClientRequestToken register: a replay succeeds without doing anything
 *   read      inside one SQLite transaction: every old item, every condition; each failed
 *             condition is a "ConditionalCheckFailed" reason (DynamoDB reports them all)
 *   admit     the capacity of every action, on every partition and GSI, at once; a
 *             throttle cancels the transaction (reason "ProvisionedThroughputExceeded" or
 *             "ThrottlingError" on the action that did not fit)
 *   apply     every write and its index entries; an item collection that would pass its
 *             limit is an "ItemCollectionSizeLimitExceeded" reason
 *   commit    then the counters and partition splits of every action
 *
 * A cancelled transaction rolls back the SQLite transaction, so nothing of it remains,
 * and reports no consumed capacity.  A committed one charges every action as a
 * transactional write, 2 units per 1 KB (rulebook 2.2, TV-25: 3 x 500 B = 6 WCU),
 * including its index writes; a ConditionCheck is charged like a write of the item it
 * checked.
 *
 * The idempotency fingerprint is a SHA-256 of everything that defines the actions (kinds,
 * tables, items, keys, expressions, names, values, ReturnValuesOnConditionCheckFailure);
 * ReturnConsumedCapacity only shapes the response and is left out.  A replay reports the
 * read units of reading each action's item transactionally, as DynamoDB documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-transact"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-write.h"
#include "ddb-value-codec.h"

#define TRANSACT_MAX_ACTIONS     100
#define TRANSACT_MAX_BYTES       (4 * 1024 * 1024)
#define CLIENT_TOKEN_MAX_LENGTH  36

/* The number of actions, as the service's input constraints check it. */
static gboolean
check_action_count (guint     n_actions,
                    GError  **error)
{
  if (n_actions == 0)
    return invalid (error, "1 validation error detected: Value '[]' at 'transactItems' failed "
                           "to satisfy constraint: Member must have length greater than or "
                           "equal to 1");
  if (n_actions > TRANSACT_MAX_ACTIONS)
    return invalid (error, "1 validation error detected: Value at 'transactItems' failed to "
                           "satisfy constraint: Member must have length less than or equal to "
                           "%d", TRANSACT_MAX_ACTIONS);

  return TRUE;
}

/* Records that an action touches @key; FALSE with DynamoDB's message if another did. */
static gboolean
claim_item (GHashTable       *claimed,
            const char       *table_name,
            const DdbItemKey *key,
            GError          **error)
{
  if (g_hash_table_add (claimed, ddb_key_fingerprint (table_name, key)))
    return TRUE;

  return invalid (error, "Transaction request cannot include multiple operations on one item");
}

static void
append_reason (GArray     *reasons,
               const char *code,
               const char *message,
               DdbValue   *item)
{
  DdbCancellationReason reason = { g_strdup (code), g_strdup (message),
                                   item != NULL ? ddb_value_ref (item) : NULL };

  g_array_append_val (reasons, reason);
}

/* Reasons for every action: @failed gets @code and @message, the others "None". */
static GArray *
reasons_with_one (guint       n_actions,
                  guint       failed,
                  const char *code,
                  const char *message)
{
  GArray *reasons = _ddb_cancellation_reasons_new ();

  for (guint i = 0; i < n_actions; i++)
    append_reason (reasons, i == failed ? code : "None", i == failed ? message : NULL, NULL);

  return reasons;
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems: preparing the actions
 * ------------------------------------------------------------------------------------- */

static DdbWriteOpKind
op_kind (DdbTransactKind kind)
{
  switch (kind)
    {
    case DDB_TRANSACT_PUT:
      return DDB_WRITE_OP_PUT;
    case DDB_TRANSACT_UPDATE:
      return DDB_WRITE_OP_UPDATE;
    case DDB_TRANSACT_DELETE:
      return DDB_WRITE_OP_DELETE;
    case DDB_TRANSACT_CONDITION_CHECK:
      return DDB_WRITE_OP_CHECK;
    default:
      g_assert_not_reached ();
    }
}

static const char *
action_member_name (DdbTransactKind kind)
{
  static const char * const names[] = { "put", "update", "delete", "conditionCheck" };

  return names[kind];
}

/* The members an action must have, checked as the service's input constraints are. */
static gboolean
check_required_members (const DdbTransactWriteAction *action,
                        guint                         position,
                        GError                      **error)
{
  const char *missing = NULL;

  if (action->kind == DDB_TRANSACT_PUT ? action->item == NULL : action->key == NULL)
    missing = action->kind == DDB_TRANSACT_PUT ? "item" : "key";
  else if (action->kind == DDB_TRANSACT_CONDITION_CHECK && action->condition_expression == NULL)
    missing = "conditionExpression";
  else if (action->kind == DDB_TRANSACT_UPDATE && action->update_expression == NULL)
    missing = "updateExpression";

  if (missing == NULL)
    return TRUE;

  return invalid (error, "1 validation error detected: Value null at "
                         "'transactItems.%u.member.%s.%s' failed to satisfy constraint: "
                         "Member must not be null",
                  position + 1, action_member_name (action->kind), missing);
}

/* The size of an action as it counts toward the 4 MB limit: its item or key, and its
 * expressions.  DynamoDB limits the transaction's payload, not the items it touches: a
 * delete of a big item is small. */
static gsize
action_payload_size (const DdbTransactWriteAction *action)
{
  gsize size = ddb_item_size (action->kind == DDB_TRANSACT_PUT ? action->item : action->key);

  if (action->condition_expression != NULL)
    size += strlen (action->condition_expression);
  if (action->update_expression != NULL)
    size += strlen (action->update_expression);
  if (action->attributes.values != NULL)
    size += ddb_item_size (action->attributes.values);

  return size;
}

/* Parses every action and checks the request's shape.  Any failure is the whole
 * request's ValidationException. */
static gboolean
parse_actions (const DdbTransactWriteInput *input,
               GPtrArray                   *ops,
               GError                     **error)
{
  gsize payload = 0;

  if (!check_action_count (input->n_actions, error))
    return FALSE;
  if (input->client_request_token != NULL &&
      (strlen (input->client_request_token) < 1 ||
       strlen (input->client_request_token) > CLIENT_TOKEN_MAX_LENGTH))
    return invalid (error, "1 validation error detected: Value '%s' at 'clientRequestToken' "
                           "failed to satisfy constraint: Member must have length %s",
                    input->client_request_token,
                    input->client_request_token[0] == '\0'
                      ? "greater than or equal to 1" : "less than or equal to 36");

  for (guint i = 0; i < input->n_actions; i++)
    {
      const DdbTransactWriteAction *action = &input->actions[i];
      DdbWriteOp *op = g_new0 (DdbWriteOp, 1);

      _ddb_write_op_init (op, op_kind (action->kind));
      op->transactional = TRUE;
      g_ptr_array_add (ops, op);

      if (!check_required_members (action, i, error) ||
          !_ddb_write_op_parse (op, &action->attributes, action->condition_expression,
                                action->kind == DDB_TRANSACT_UPDATE ? action->update_expression
                                                                    : NULL, error))
        return FALSE;
      payload += action_payload_size (action);
    }

  /* Wording unverified beyond "size cannot exceed" (measured on DynamoDB by Scylla's
   * test suite). */
  if (payload > TRANSACT_MAX_BYTES)
    return invalid (error, "Transaction request size cannot exceed 4 MB");

  return TRUE;
}

/* Binds every action to its table and key.  A missing table fails the request; a key or
 * item that breaks the schema cancels the transaction (*@reasons is set). */
static gboolean
bind_actions (DdbEngine                   *self,
              const DdbTransactWriteInput *input,
              GPtrArray                   *ops,
              GArray                     **reasons,
              GError                     **error)
{
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      const DdbTransactWriteAction *action = &input->actions[i];
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      g_autoptr(GError) local_error = NULL;

      if (_ddb_write_op_bind (self, op, action->table_name,
                              action->kind == DDB_TRANSACT_PUT ? action->item : action->key,
                              &local_error))
        continue;

      if (!g_error_matches (local_error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *reasons = reasons_with_one (ops->len, i, "ValidationError", local_error->message);
      return TRUE;
    }

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);

      if (!claim_item (claimed, input->actions[i].table_name, &op->key, error))
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems: idempotency
 * ------------------------------------------------------------------------------------- */

static void
checksum_string (GChecksum  *checksum,
                 const char *text)
{
  guint32 length = text != NULL ? (guint32)strlen (text) + 1 : 0;

  /* Length-prefixed, so that ("ab", "c") and ("a", "bc") differ, and NULL differs from "". */
  g_checksum_update (checksum, (const guchar *)&length, sizeof length);
  if (text != NULL)
    g_checksum_update (checksum, (const guchar *)text, length);
}

static void
checksum_value (GChecksum      *checksum,
                GByteArray     *scratch,
                const DdbValue *value)
{
  guint32 length;

  g_byte_array_set_size (scratch, 0);
  if (value != NULL)
    ddb_value_serialize (value, scratch);
  length = scratch->len;
  g_checksum_update (checksum, (const guchar *)&length, sizeof length);
  g_checksum_update (checksum, scratch->data, scratch->len);
}

static void
checksum_names (GChecksum  *checksum,
                GHashTable *names)
{
  g_autofree const char **keys = NULL;
  guint n = 0;

  if (names != NULL)
    {
      keys = (const char **)g_hash_table_get_keys_as_array (names, &n);
      qsort (keys, n, sizeof *keys, (GCompareFunc)g_strcmp0);
    }
  g_checksum_update (checksum, (const guchar *)&n, sizeof n);
  for (guint i = 0; i < n; i++)
    {
      checksum_string (checksum, keys[i]);
      checksum_string (checksum, g_hash_table_lookup (names, keys[i]));
    }
}

/* What the request's actions are, as a hex SHA-256 (see the design notes). */
static char *
request_fingerprint (const DdbTransactWriteInput *input)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GByteArray) scratch = g_byte_array_new ();

  g_checksum_update (checksum, (const guchar *)&input->n_actions, sizeof input->n_actions);
  for (guint i = 0; i < input->n_actions; i++)
    {
      const DdbTransactWriteAction *action = &input->actions[i];
      guint32 flags = (guint32)action->kind << 1 | (action->return_old_on_condition_failure ? 1 : 0);

      g_checksum_update (checksum, (const guchar *)&flags, sizeof flags);
      checksum_string (checksum, action->table_name);
      checksum_value (checksum, scratch, action->item);
      checksum_value (checksum, scratch, action->key);
      checksum_string (checksum, action->condition_expression);
      checksum_string (checksum, action->update_expression);
      checksum_names (checksum, action->attributes.names);
      checksum_value (checksum, scratch, action->attributes.values);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* The response to a replayed request: nothing written, each item read transactionally. */
static gboolean
replay (DdbEngine              *self,
        GPtrArray              *ops,
        DdbTransactWriteResult *result,
        GError                **error)
{
  result->consumed = _ddb_consumed_capacity_array_new ();

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      DdbConsumedCapacity *consumed;
      DdbStoreRow row;
      gboolean found;

      if (!ddb_store_get_item (self->store, op->table->id, &op->key, FALSE, &row, &found, error))
        {
          ddb_engine_error_adopt (error);
          return FALSE;
        }
      consumed = _ddb_consumed_capacity_array_lookup (result->consumed,
                                                      op->table->spec->table_name);
      consumed->table_read_units += ddb_read_units (found ? row.size : 0,
                                                    DDB_READ_TRANSACTIONAL);
    }

  result->outcome = DDB_OUTCOME_OK;

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems: running the actions
 * ------------------------------------------------------------------------------------- */

/* Reads every old item and evaluates every condition, inside the caller's SQLite
 * transaction.  Sets *@reasons when the transaction is cancelled. */
static gboolean
read_actions (DdbEngine                   *self,
              const DdbTransactWriteInput *input,
              GPtrArray                   *ops,
              GArray                     **reasons,
              GError                     **error)
{
  gboolean cancelled = FALSE;
  g_autoptr(GArray) found = _ddb_cancellation_reasons_new ();

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      gboolean return_old = input->actions[i].return_old_on_condition_failure;
      g_autoptr(GError) local_error = NULL;

      if (!_ddb_write_op_read (self, op, return_old, &local_error))
        {
          if (!g_error_matches (local_error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* An update DynamoDB refuses on this item: the remaining actions are not read. */
          append_reason (found, "ValidationError", local_error->message, NULL);
          for (guint j = i + 1; j < ops->len; j++)
            append_reason (found, "None", NULL, NULL);
          *reasons = g_steal_pointer (&found);
          return TRUE;
        }

      if (op->condition_failed)
        {
          cancelled = TRUE;
          append_reason (found, "ConditionalCheckFailed", "The conditional request failed",
                         return_old ? op->old_item : NULL);
        }
      else
        append_reason (found, "None", NULL, NULL);
    }

  if (cancelled)
    *reasons = g_steal_pointer (&found);

  return TRUE;
}

/* Plans every action and admits all of them at once (ddb-admission.h).  A throttled
 * transaction is cancelled: the action whose capacity ran out gets the reason
 * "ProvisionedThroughputExceeded" (provisioned) or "ThrottlingError" (on-demand). */
static void
admit_actions (DdbEngine   *self,
               GPtrArray   *ops,
               DdbThrottle *throttle,
               GArray     **reasons)
{
  g_auto(DdbChargeList) charges = { 0 };
  g_autofree guint *ends = g_new (guint, ops->len);
  guint failed = 0;
  guint action = 0;
  DdbWriteOp *op;

  _ddb_charge_list_init (&charges);
  for (guint i = 0; i < ops->len; i++)
    {
      op = g_ptr_array_index (ops, i);
      _ddb_write_op_plan (op);
      _ddb_write_op_charge (op, &charges);
      ends[i] = charges.len;
    }

  if (!_ddb_engine_wants_charges (self) ||
      _ddb_engine_admit (self, &charges, throttle, &failed))
    return;

  while (ends[action] <= failed)
    action++;
  op = g_ptr_array_index (ops, action);
  *reasons = reasons_with_one (ops->len, action,
                               op->table->spec->billing_mode == DDB_BILLING_ON_DEMAND
                               ? "ThrottlingError" : "ProvisionedThroughputExceeded",
                               throttle->message);
}

/* Applies every action.  Sets *@reasons when an item collection would pass its limit. */
static gboolean
apply_actions (DdbEngine  *self,
               GPtrArray  *ops,
               GArray     *consumed,
               GArray    **reasons,
               GError    **error)
{
  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      g_auto(DdbConsumedCapacity) charge = { 0 };
      g_autoptr(GError) local_error = NULL;

      ddb_consumed_capacity_init (&charge, op->table->spec->table_name);
      if (!_ddb_write_op_apply (self, op, &charge, &local_error))
        {
          if (!g_error_matches (local_error, DDB_ENGINE_ERROR,
                                DDB_ENGINE_ERROR_ITEM_COLLECTION_SIZE_LIMIT))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          *reasons = reasons_with_one (ops->len, i, "ItemCollectionSizeLimitExceeded",
                                       local_error->message);
          return TRUE;
        }
      ddb_consumed_capacity_add (_ddb_consumed_capacity_array_lookup (consumed,
                                                                      charge.table_name),
                                 &charge);
    }

  return TRUE;
}

static void
write_op_free (DdbWriteOp *op)
{
  _ddb_write_op_clear (op);
  g_free (op);
}

/**
 * ddb_engine_transact_write_items:
 * @result: (out caller-allocates): zero-initialised; clear with
 *   ddb_transact_write_result_clear()
 *
 * Runs up to 100 Put, Update, Delete and ConditionCheck actions on distinct items, all or
 * nothing.  See the design notes above for what fails the request and what cancels it.
 *
 * Returns: %DDB_OUTCOME_OK, %DDB_OUTCOME_TRANSACTION_CANCELED (result->reasons has one
 *   reason per action, nothing changed, no capacity reported) or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_transact_write_items (DdbEngine                    *self,
                                 const DdbTransactWriteInput  *input,
                                 DdbTransactWriteResult       *result,
                                 GError                      **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify)write_op_free);
  g_autoptr(GArray) consumed = NULL;
  g_autoptr(GPtrArray) counted = g_ptr_array_new ();
  g_autofree char *fingerprint = NULL;
  GArray *reasons = NULL;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && (input->actions != NULL || input->n_actions == 0),
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;

  if (!parse_actions (input, ops, error) || !bind_actions (self, input, ops, &reasons, error))
    return DDB_OUTCOME_ERROR;
  if (reasons != NULL)
    goto cancelled;

  if (input->client_request_token != NULL)
    {
      fingerprint = request_fingerprint (input);
      switch (ddb_transaction_tokens_check (self->transaction_tokens,
                                            input->client_request_token, fingerprint,
                                            self->now_usec))
        {
        case DDB_TOKEN_NEW:
          break;
        case DDB_TOKEN_REPLAY:
          return replay (self, ops, result, error) ? DDB_OUTCOME_OK : DDB_OUTCOME_ERROR;
        case DDB_TOKEN_MISMATCH:
          g_set_error_literal (error, DDB_ENGINE_ERROR,
                               DDB_ENGINE_ERROR_IDEMPOTENT_PARAMETER_MISMATCH,
                               "Request parameters do not match the parameters of the "
                               "previous request with this ClientRequestToken");
          return DDB_OUTCOME_ERROR;
        default:
          g_assert_not_reached ();
        }
    }

  for (guint i = 0; i < ops->len; i++)
    _ddb_engine_metrics_count_table_once (self, counted,
                                          ((DdbWriteOp *)g_ptr_array_index (ops, i))->table,
                                          DDB_OPERATION_TRANSACT_WRITE_ITEMS);

  consumed = _ddb_consumed_capacity_array_new ();
  if (!_ddb_engine_begin (self, error) ||
      !read_actions (self, input, ops, &reasons, error))
    goto failed;
  if (reasons == NULL)
    admit_actions (self, ops, &result->throttle, &reasons);
  if (reasons == NULL && !apply_actions (self, ops, consumed, &reasons, error))
    goto failed;
  if (reasons != NULL)
    {
      _ddb_engine_rollback (self);
      goto cancelled;
    }
  if (!_ddb_engine_commit (self, error))
    goto failed;

  _ddb_write_ops_account (self, ops);
  for (guint i = 0; i < ops->len && input->return_item_collection_metrics; i++)
    _ddb_write_op_add_collection_metrics (g_ptr_array_index (ops, i), &result->collections);
  if (fingerprint != NULL)
    ddb_transaction_tokens_record (self->transaction_tokens, input->client_request_token,
                                   fingerprint, self->now_usec);

  result->consumed = g_steal_pointer (&consumed);
  return result->outcome = DDB_OUTCOME_OK;

cancelled:
  result->reasons = reasons;
  return result->outcome = DDB_OUTCOME_TRANSACTION_CANCELED;

failed:
  _ddb_engine_rollback (self);
  ddb_engine_error_adopt (error);
  g_clear_pointer (&reasons, g_array_unref);
  return DDB_OUTCOME_ERROR;
}

/* ---------------------------------------------------------------------------------------
 * TransactGetItems
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  DdbTable      *table;
  DdbProjection *projection;
} GetAction;

static void
get_action_clear (GetAction *action)
{
  g_clear_pointer (&action->projection, ddb_projection_free);
}

/* The items array holds NULL for a missing item, which ddb_value_unref() refuses. */
static void
item_free (gpointer item)
{
  if (item != NULL)
    ddb_value_unref (item);
}

/* Validates the whole request and resolves its tables.  Changes nothing. */
static gboolean
prepare_transact_get (DdbEngine                 *self,
                      const DdbTransactGetInput *input,
                      GArray                    *actions,
                      GError                   **error)
{
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!check_action_count (input->n_actions, error))
    return FALSE;

  for (guint i = 0; i < input->n_actions; i++)
    {
      const DdbTransactGetAction *request = &input->actions[i];
      GetAction *action = &g_array_index (actions, GetAction, i);
      DdbItemKey key;

      if (request->key == NULL)
        return invalid (error, "1 validation error detected: Value null at "
                               "'transactItems.%u.member.get.key' failed to satisfy "
                               "constraint: Member must not be null", i + 1);
      if (!_ddb_engine_parse_projection (&request->attributes, request->projection_expression,
                                         &action->projection, error))
        return FALSE;
      action->table = _ddb_engine_lookup_table (self, request->table_name, FALSE, error);
      if (action->table == NULL ||
          !ddb_key_from_key_param (&action->table->key, request->key, &key, error) ||
          !claim_item (claimed, request->table_name, &key, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ddb_engine_transact_get_items:
 * @result: (out caller-allocates): zero-initialised; clear with
 *   ddb_transact_get_result_clear()
 *
 * Reads up to 100 items as one consistent snapshot, each charged as a transactional read:
 * 2 units per 4 KB of the item (rulebook 2.2).
 *
 * Returns: %DDB_OUTCOME_OK, %DDB_OUTCOME_THROTTLED (ddbsim answers a throttled
 *   TransactGetItems with the throttling exception itself) or %DDB_OUTCOME_ERROR.
 */
DdbOutcome
ddb_engine_transact_get_items (DdbEngine                  *self,
                               const DdbTransactGetInput  *input,
                               DdbTransactGetResult       *result,
                               GError                    **error)
{
  g_autoptr(GArray) actions = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) consumed = NULL;
  g_autoptr(GPtrArray) counted = g_ptr_array_new ();
  g_auto(DdbChargeList) charges = { 0 };
  g_autofree DdbItemKey *keys = NULL;   /* the charges route by them until admitted */
  gsize total_bytes = 0;

  g_return_val_if_fail (DDB_IS_ENGINE (self), DDB_OUTCOME_ERROR);
  g_return_val_if_fail (input != NULL && (input->actions != NULL || input->n_actions == 0),
                        DDB_OUTCOME_ERROR);
  g_return_val_if_fail (result != NULL, DDB_OUTCOME_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, DDB_OUTCOME_ERROR);

  result->outcome = DDB_OUTCOME_ERROR;
  _ddb_charge_list_init (&charges);

  actions = g_array_sized_new (FALSE, TRUE, sizeof (GetAction), input->n_actions);
  g_array_set_clear_func (actions, (GDestroyNotify)get_action_clear);
  g_array_set_size (actions, input->n_actions);
  if (!prepare_transact_get (self, input, actions, error))
    return DDB_OUTCOME_ERROR;

  for (guint i = 0; i < input->n_actions; i++)
    _ddb_engine_metrics_count_table_once (self, counted,
                                          g_array_index (actions, GetAction, i).table,
                                          DDB_OPERATION_TRANSACT_GET_ITEMS);

  items = g_ptr_array_new_full (input->n_actions, item_free);
  consumed = _ddb_consumed_capacity_array_new ();
  keys = g_new (DdbItemKey, input->n_actions);
  for (guint i = 0; i < input->n_actions; i++)
    {
      const DdbTransactGetAction *request = &input->actions[i];
      GetAction *action = &g_array_index (actions, GetAction, i);
      DdbValue *item = NULL;
      double units;

      if (!_ddb_engine_read_item (self, action->table, request->key, DDB_READ_TRANSACTIONAL,
                                  action->projection, &item, &units, &keys[i], error))
        return DDB_OUTCOME_ERROR;
      _ddb_charge_list_add (&charges, action->table, NULL, ddb_key_route (&keys[i]), units, 0);
      g_ptr_array_add (items, item);
      if (item != NULL)
        total_bytes += ddb_item_size (item);
      _ddb_consumed_capacity_array_lookup (consumed,
                                           action->table->spec->table_name)->table_read_units
        += units;
    }

  /* Wording unverified: DynamoDB documents the limit, not its message. */
  if (total_bytes > TRANSACT_MAX_BYTES)
    {
      invalid (error, "Transaction response size cannot exceed 4 MB");
      return DDB_OUTCOME_ERROR;
    }

  /* All the reads are admitted together, or the request is throttled as a whole. */
  if (_ddb_engine_wants_charges (self) &&
      !_ddb_engine_admit (self, &charges, &result->throttle, NULL))
    return result->outcome = DDB_OUTCOME_THROTTLED;

  result->items = g_steal_pointer (&items);
  result->consumed = g_steal_pointer (&consumed);

  return result->outcome = DDB_OUTCOME_OK;
}
