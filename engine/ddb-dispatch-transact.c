/* ddb-dispatch-transact.c
 *
 * TransactWriteItems and TransactGetItems.
 *
 * Phase 2 checks TransactItems (1 to 100 actions), ClientRequestToken (1 to 36
 * characters) and every action's members, at "transactItems.N.member.put.tableName" and
 * the like, ReturnValuesOnConditionCheckFailure among them: a value other than ALL_OLD or
 * NONE fails the whole request.  Phase 3 reads the actions in order: each element must
 * hold exactly one action, then, as for the single-item operations, ExpressionAttributeNames
 * and ExpressionAttributeValues without an expression that uses them, the item or key, and
 * the names and values.  Everything that needs the tables (keys against schemas, two
 * actions on one item, the 4 MB limit, the ClientRequestToken register) is the engine's.
 *
 * A cancelled transaction is not an engine error but an outcome with one reason per
 * action; it is answered with TransactionCanceledException and its CancellationReasons
 * (ddb-dispatch-describe.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-transact"

#include "config.h"

#include "ddb-dispatch-private.h"
#include "ddb-value-json.h"

/* ---------------------------------------------------------------------------------------
 * Member tables
 * ------------------------------------------------------------------------------------- */

/* The members every write action starts with, in DynamoDB's validation order. */
#define WRITE_ACTION_HEAD \
  DDB_MEMBER_SPEC_TABLE_NAME, \
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0), \
  DDB_MEMBER_SPEC_NAMES, \
  DDB_MEMBER_SPEC_RETURN_ON_FAILURE
#define CONDITION_MEMBER(extra_flags) \
  { .name = "ConditionExpression", .type = DDB_MEMBER_STRING, .flags = (extra_flags) }
#define ACTION_MEMBER(member_name, members, extra_flags) \
  { .name = (member_name), .type = DDB_MEMBER_STRUCTURE, .flags = (extra_flags), \
    .class_name = (member_name), .children = (members) }
#define TRANSACT_ITEMS_MEMBER(element) \
  { .name = "TransactItems", .type = DDB_MEMBER_LIST, .flags = DDB_MEMBER_NOT_NULL, \
    .min_length = 1, .max_length = 100, .children = (element) }

static const DdbMemberSpec put_members[] = {
  WRITE_ACTION_HEAD,
  CONDITION_MEMBER (0),
  DDB_MEMBER_SPEC_VALUES ("Item", DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec update_members[] = {
  WRITE_ACTION_HEAD,
  CONDITION_MEMBER (0),
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  { .name = "UpdateExpression", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { NULL }
};

static const DdbMemberSpec delete_members[] = {
  WRITE_ACTION_HEAD,
  CONDITION_MEMBER (0),
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec condition_check_members[] = {
  WRITE_ACTION_HEAD,
  CONDITION_MEMBER (DDB_MEMBER_NOT_NULL),
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec transact_write_members[] = {
  ACTION_MEMBER ("Put", put_members, 0),
  ACTION_MEMBER ("Update", update_members, 0),
  ACTION_MEMBER ("Delete", delete_members, 0),
  ACTION_MEMBER ("ConditionCheck", condition_check_members, 0),
  { NULL }
};

static const DdbMemberSpec transact_write_element[] = {
  ACTION_MEMBER ("member", transact_write_members, DDB_MEMBER_NOT_NULL),
  { NULL }
};

const DdbMemberSpec _ddb_transact_write_items_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_RETURN_METRICS,
  { .name = "ClientRequestToken", .type = DDB_MEMBER_STRING, .min_length = 1,
    .max_length = 36 },
  TRANSACT_ITEMS_MEMBER (transact_write_element),
  { NULL }
};

static const DdbMemberSpec get_members[] = {
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_STRING ("ProjectionExpression"),
  DDB_MEMBER_SPEC_NAMES,
  { NULL }
};

static const DdbMemberSpec transact_get_members[] = {
  ACTION_MEMBER ("Get", get_members, DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec transact_get_element[] = {
  ACTION_MEMBER ("member", transact_get_members, DDB_MEMBER_NOT_NULL),
  { NULL }
};

const DdbMemberSpec _ddb_transact_get_items_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  TRANSACT_ITEMS_MEMBER (transact_get_element),
  { NULL }
};

static const char * const condition_expressions[] = { "ConditionExpression", NULL };
static const char * const update_expressions[] = {
  "UpdateExpression", "ConditionExpression", NULL
};
static const char * const projection_expressions[] = { "ProjectionExpression", NULL };

/* ---------------------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------------------- */

/* What an action shares with the single-item operations: @expressions may use the names
 * and values; *@values receives @values_member ("Item" or "Key"), @attributes the names
 * and values.  The caller releases both, on failure too. */
static gboolean
parse_action (DdbDispatch              *dispatch,
              JsonObject               *action,
              const char * const       *expressions,
              const char               *values_member,
              DdbValue                **values,
              DdbExpressionAttributes  *attributes,
              GError                  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!_ddb_dispatch_check_expression_use (action, expressions, error))
    return FALSE;

  *values = ddb_dispatch_take_map (dispatch->request,
                                   ddb_dispatch_get_object (action, values_member),
                                   DDB_VALUES_PLAIN, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return _ddb_dispatch_expression_attributes (dispatch, action, attributes, error);
}

/* The one action of a TransactWriteItem, and its kind; NULL with DynamoDB's message when
 * the element has none or more than one. */
static JsonObject *
lookup_write_action (JsonObject       *element,
                     DdbTransactKind  *kind,
                     GError          **error)
{
  /* In DdbTransactKind's order. */
  static const char * const members[] = { "Put", "Update", "Delete", "ConditionCheck", NULL };
  JsonObject *action = NULL;
  guint choice = 0;
  guint n_found = _ddb_dispatch_get_choice (element, members, &choice, &action);

  if (n_found == 0)
    ddb_dispatch_validation_error (error, "The action or operation requested is invalid. "
                                          "Verify that the action is typed correctly.");
  else if (n_found > 1)
    ddb_dispatch_validation_error (error, "TransactItems can only contain one of Check, Put, "
                                          "Update or Delete");
  if (n_found != 1)
    return NULL;

  *kind = (DdbTransactKind)choice;
  return action;
}

/* Phase 3 of one element of TransactItems into @action (zero-initialised, cleared by the
 * caller whether this succeeds or not). */
typedef gboolean (*ParseActionFunc) (DdbDispatch  *dispatch,
                                     JsonObject   *element,
                                     gpointer      action,
                                     GError      **error);

/* Parses TransactItems, element by element, into a new array of @action_size elements
 * that @clear releases; NULL at the first element @parse refuses. */
static GArray *
parse_transact_items (DdbDispatch      *dispatch,
                      gsize             action_size,
                      GDestroyNotify    clear,
                      ParseActionFunc   parse,
                      GError          **error)
{
  JsonArray *items = ddb_dispatch_get_array (dispatch->body, "TransactItems");
  g_autoptr(GArray) actions = g_array_new (FALSE, TRUE, action_size);

  g_array_set_clear_func (actions, clear);
  g_array_set_size (actions, json_array_get_length (items));
  for (guint i = 0; i < actions->len; i++)
    if (!parse (dispatch, ddb_dispatch_array_get_object (items, i),
                actions->data + i * action_size, error))
      return NULL;

  return g_steal_pointer (&actions);
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems
 * ------------------------------------------------------------------------------------- */

static void
write_action_clear (DdbTransactWriteAction *action)
{
  g_clear_pointer (&action->item, ddb_value_unref);
  g_clear_pointer (&action->key, ddb_value_unref);
  _ddb_expression_attributes_clear (&action->attributes);
}

/* A ParseActionFunc for a TransactWriteItem. */
static gboolean
parse_write_action (DdbDispatch  *dispatch,
                    JsonObject   *element,
                    gpointer      data,
                    GError      **error)
{
  DdbTransactWriteAction *action = data;
  JsonObject *object;
  gboolean put;

  object = lookup_write_action (element, &action->kind, error);
  if (object == NULL)
    return FALSE;

  put = action->kind == DDB_TRANSACT_PUT;
  if (!parse_action (dispatch, object,
                     action->kind == DDB_TRANSACT_UPDATE ? update_expressions
                                                         : condition_expressions,
                     put ? "Item" : "Key", put ? &action->item : &action->key,
                     &action->attributes, error))
    return FALSE;

  action->table_name = ddb_dispatch_get_string (object, "TableName");
  action->condition_expression = ddb_dispatch_get_string (object, "ConditionExpression");
  action->update_expression = ddb_dispatch_get_string (object, "UpdateExpression");
  action->return_old_on_condition_failure =
    ddb_dispatch_get_enum (object, "ReturnValuesOnConditionCheckFailure",
                           _ddb_return_on_failure_values, 1) == 0;

  return TRUE;
}

gboolean
_ddb_dispatch_transact_write_items (DdbDispatch  *dispatch,
                                    GError      **error)
{
  g_autoptr(GArray) actions = NULL;
  g_auto(DdbTransactWriteResult) result = { 0 };
  DdbTransactWriteInput input = { 0 };
  DdbOutcome outcome;

  actions = parse_transact_items (dispatch, sizeof (DdbTransactWriteAction),
                                  (GDestroyNotify)write_action_clear, parse_write_action, error);
  if (actions == NULL)
    return FALSE;

  input.actions = (const DdbTransactWriteAction *)(gpointer)actions->data;
  input.n_actions = actions->len;
  input.client_request_token = ddb_dispatch_get_string (dispatch->body, "ClientRequestToken");
  input.return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);
  input.return_item_collection_metrics =
    ddb_dispatch_get_enum (dispatch->body, "ReturnItemCollectionMetrics",
                           _ddb_return_metrics_values, 1) == 0;

  outcome = ddb_engine_transact_write_items (dispatch->engine, &input, &result, error);
  if (outcome == DDB_OUTCOME_OK)
    {
      ddb_json_writer_begin_object (dispatch->writer);
      _ddb_write_consumed_capacity_list (dispatch->writer, result.consumed,
                                         input.return_consumed_capacity);
      _ddb_write_collection_metrics_by_table (dispatch->writer, result.collections);
      ddb_json_writer_end_object (dispatch->writer);
    }
  else if (outcome == DDB_OUTCOME_TRANSACTION_CANCELED)
    _ddb_write_transaction_canceled (dispatch, result.reasons);
  else if (outcome != DDB_OUTCOME_ERROR)
    _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);

  return outcome != DDB_OUTCOME_ERROR;
}

/* ---------------------------------------------------------------------------------------
 * TransactGetItems
 * ------------------------------------------------------------------------------------- */

static void
get_action_clear (DdbTransactGetAction *action)
{
  g_clear_pointer (&action->key, ddb_value_unref);
  _ddb_expression_attributes_clear (&action->attributes);
}

/* A ParseActionFunc for a TransactGetItem. */
static gboolean
parse_get_action (DdbDispatch  *dispatch,
                  JsonObject   *element,
                  gpointer      data,
                  GError      **error)
{
  DdbTransactGetAction *action = data;
  JsonObject *get = ddb_dispatch_get_object (element, "Get");

  if (!parse_action (dispatch, get, projection_expressions, "Key", &action->key,
                     &action->attributes, error))
    return FALSE;

  action->table_name = ddb_dispatch_get_string (get, "TableName");
  action->projection_expression = ddb_dispatch_get_string (get, "ProjectionExpression");

  return TRUE;
}

/* {"Responses": [{"Item": ...} or {} per action], "ConsumedCapacity": [...]} */
static void
write_transact_get_result (DdbJsonWriter              *writer,
                           const DdbTransactGetResult *result,
                           DdbReturnCapacity           return_capacity)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "Responses");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < result->items->len; i++)
    {
      const DdbValue *item = g_ptr_array_index (result->items, i);

      ddb_json_writer_begin_object (writer);
      if (item != NULL)
        {
          ddb_json_writer_member (writer, "Item");
          ddb_item_write_json (item, writer);
        }
      ddb_json_writer_end_object (writer);
    }
  ddb_json_writer_end_array (writer);
  _ddb_write_consumed_capacity_list (writer, result->consumed, return_capacity);
  ddb_json_writer_end_object (writer);
}

gboolean
_ddb_dispatch_transact_get_items (DdbDispatch  *dispatch,
                                  GError      **error)
{
  g_autoptr(GArray) actions = NULL;
  g_auto(DdbTransactGetResult) result = { 0 };
  DdbTransactGetInput input = { 0 };
  DdbOutcome outcome;

  actions = parse_transact_items (dispatch, sizeof (DdbTransactGetAction),
                                  (GDestroyNotify)get_action_clear, parse_get_action, error);
  if (actions == NULL)
    return FALSE;

  input.actions = (const DdbTransactGetAction *)(gpointer)actions->data;
  input.n_actions = actions->len;
  input.return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);

  outcome = ddb_engine_transact_get_items (dispatch->engine, &input, &result, error);
  if (outcome == DDB_OUTCOME_OK)
    write_transact_get_result (dispatch->writer, &result, input.return_consumed_capacity);
  else if (outcome != DDB_OUTCOME_ERROR)
    _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);

  return outcome != DDB_OUTCOME_ERROR;
}
