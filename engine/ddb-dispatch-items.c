/* ddb-dispatch-items.c
 *
 * The single-item operations: PutItem, GetItem, UpdateItem and DeleteItem.
 *
 * Phase 3 follows DynamoDB's order for each: legacy parameters (refused), expression
 * parameters without expressions, the item or key values, ReturnValues, then
 * ExpressionAttributeNames and ExpressionAttributeValues; the engine parses the
 * expressions, finds the table and checks the key against its schema.
 *
 * A write whose condition fails is not an engine error but an outcome; it is answered with
 * ConditionalCheckFailedException, carrying the item as it was when the request asked for
 * it with ReturnValuesOnConditionCheckFailure ALL_OLD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-items"

#include "config.h"

#include "ddb-dispatch-private.h"
#include "ddb-value-json.h"

/* ---------------------------------------------------------------------------------------
 * Member tables
 * ------------------------------------------------------------------------------------- */

const DdbMemberSpec _ddb_put_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_VALUES ("Item", DDB_MEMBER_NOT_NULL),
  DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR,
  DDB_MEMBER_SPEC_LEGACY_MAP ("Expected", _ddb_expected_element),
  DDB_MEMBER_SPEC_RETURN_VALUES,
  DDB_MEMBER_SPEC_RETURN_METRICS,
  DDB_MEMBER_SPEC_STRING ("ConditionExpression"),
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0),
  DDB_MEMBER_SPEC_NAMES,
  DDB_MEMBER_SPEC_RETURN_ON_FAILURE,
  { NULL }
};

const DdbMemberSpec _ddb_get_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_ATTRIBUTES_TO_GET,
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  { .name = "ConsistentRead", .type = DDB_MEMBER_BOOLEAN },
  DDB_MEMBER_SPEC_STRING ("ProjectionExpression"),
  DDB_MEMBER_SPEC_NAMES,
  { NULL }
};

const DdbMemberSpec _ddb_update_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_RETURN_METRICS,
  DDB_MEMBER_SPEC_RETURN_VALUES,
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR,
  DDB_MEMBER_SPEC_LEGACY_MAP ("Expected", _ddb_expected_element),
  DDB_MEMBER_SPEC_LEGACY_MAP ("AttributeUpdates", _ddb_attribute_update_element),
  DDB_MEMBER_SPEC_STRING ("ConditionExpression"),
  DDB_MEMBER_SPEC_STRING ("UpdateExpression"),
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0),
  DDB_MEMBER_SPEC_NAMES,
  DDB_MEMBER_SPEC_RETURN_ON_FAILURE,
  { NULL }
};

const DdbMemberSpec _ddb_delete_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_RETURN_VALUES,
  DDB_MEMBER_SPEC_RETURN_METRICS,
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR,
  DDB_MEMBER_SPEC_LEGACY_MAP ("Expected", _ddb_expected_element),
  DDB_MEMBER_SPEC_STRING ("ConditionExpression"),
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0),
  DDB_MEMBER_SPEC_NAMES,
  DDB_MEMBER_SPEC_RETURN_ON_FAILURE,
  { NULL }
};

static const char * const put_legacy[] = { "ConditionalOperator", "Expected", NULL };
static const char * const update_legacy[] = {
  "ConditionalOperator", "Expected", "AttributeUpdates", NULL
};
static const char * const get_legacy[] = { "AttributesToGet", NULL };

static const char * const condition_expressions[] = { "ConditionExpression", NULL };
static const char * const update_expressions[] = {
  "UpdateExpression", "ConditionExpression", NULL
};
static const char * const projection_expressions[] = { "ProjectionExpression", NULL };

/* ---------------------------------------------------------------------------------------
 * Shared parts
 * ------------------------------------------------------------------------------------- */

/* The parameters every write shares, read from the request. */
typedef struct
{
  const char             *table_name;
  DdbValue               *values;       /* Item or Key */
  const char             *condition_expression;
  DdbExpressionAttributes attributes;
  DdbReturnValues         return_values;
  DdbReturnCapacity       return_capacity;
  gboolean                return_metrics;
  gboolean                return_old_on_failure;
} WriteRequest;

static void
write_request_clear (WriteRequest *request)
{
  g_clear_pointer (&request->values, ddb_value_unref);
  _ddb_expression_attributes_clear (&request->attributes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteRequest, write_request_clear)

/* The members DdbPutItemInput, DdbUpdateItemInput and DdbDeleteItemInput share, as
 * designated initializers taken from the WriteRequest @request points to. */
#define WRITE_INPUT_MEMBERS(request) \
  .table_name = (request)->table_name, \
  .condition_expression = (request)->condition_expression, \
  .attributes = (request)->attributes, \
  .return_values = (request)->return_values, \
  .return_consumed_capacity = (request)->return_capacity, \
  .return_item_collection_metrics = (request)->return_metrics, \
  .return_old_on_condition_failure = (request)->return_old_on_failure

typedef enum
{
  WRITE_PUT,
  WRITE_UPDATE,
  WRITE_DELETE,
} WriteKind;

/* What tells the three writes apart. */
typedef struct
{
  WriteKind           kind;
  const char * const *legacy;         /* the operation's legacy parameters */
  const char * const *expressions;    /* its expression parameters */
  const char         *values_member;  /* "Item" or "Key" */
  gboolean            only_all_old;   /* ReturnValues may only be ALL_OLD or NONE */
} WriteOperation;

static const WriteOperation put_operation = {
  WRITE_PUT, put_legacy, condition_expressions, "Item", TRUE
};
static const WriteOperation update_operation = {
  WRITE_UPDATE, update_legacy, update_expressions, "Key", FALSE
};
static const WriteOperation delete_operation = {
  WRITE_DELETE, put_legacy, condition_expressions, "Key", TRUE
};

static DdbReturnValues
parse_return_values (JsonObject *body)
{
  static const DdbReturnValues modes[] = {
    DDB_RETURN_VALUES_ALL_NEW, DDB_RETURN_VALUES_UPDATED_OLD, DDB_RETURN_VALUES_ALL_OLD,
    DDB_RETURN_VALUES_NONE, DDB_RETURN_VALUES_UPDATED_NEW,
  };

  return modes[ddb_dispatch_get_enum (body, "ReturnValues", ddb_dispatch_return_values_values,
                                      3)];
}

/* Phase 3 of a write, up to the engine call, in DynamoDB's order. */
static gboolean
parse_write (DdbDispatch           *dispatch,
             const WriteOperation  *operation,
             WriteRequest          *request,
             GError               **error)
{
  JsonObject *body = dispatch->body;

  if (!_ddb_dispatch_refuse_legacy (body, operation->legacy, "ConditionExpression", error) ||
      !_ddb_dispatch_check_expression_use (body, operation->expressions, error))
    return FALSE;

  request->values = ddb_dispatch_take_values (dispatch->request, operation->values_member,
                                              DDB_VALUES_PLAIN, error);
  if (request->values == NULL)
    return FALSE;

  request->return_values = parse_return_values (body);
  if (operation->only_all_old && request->return_values != DDB_RETURN_VALUES_NONE &&
      request->return_values != DDB_RETURN_VALUES_ALL_OLD)
    return ddb_dispatch_validation_error (error, "ReturnValues can only be ALL_OLD or NONE");

  if (!_ddb_dispatch_expression_attributes (dispatch, body, &request->attributes, error))
    return FALSE;

  request->table_name = ddb_dispatch_get_string (body, "TableName");
  request->condition_expression = ddb_dispatch_get_string (body, "ConditionExpression");
  request->return_capacity = _ddb_dispatch_return_capacity (dispatch);
  request->return_metrics = ddb_dispatch_get_enum (body, "ReturnItemCollectionMetrics",
                                                   _ddb_return_metrics_values, 1) == 0;
  request->return_old_on_failure =
    ddb_dispatch_get_enum (body, "ReturnValuesOnConditionCheckFailure",
                           _ddb_return_on_failure_values, 1) == 0;

  return TRUE;
}

/* Writes the response of a write the engine executed, or its outcome's error body. */
static gboolean
finish_write (DdbDispatch          *dispatch,
              DdbOutcome            outcome,
              const WriteRequest   *request,
              const DdbWriteResult *result)
{
  DdbJsonWriter *writer = dispatch->writer;

  if (outcome == DDB_OUTCOME_ERROR)
    return FALSE;
  if (outcome != DDB_OUTCOME_OK)
    {
      _ddb_write_outcome_error (dispatch, outcome,
                                request->return_old_on_failure ? result->attributes : NULL,
                                &result->throttle);
      return TRUE;
    }

  ddb_json_writer_begin_object (writer);
  if (result->attributes != NULL && request->return_values != DDB_RETURN_VALUES_NONE)
    {
      ddb_json_writer_member (writer, "Attributes");
      ddb_item_write_json (result->attributes, writer);
    }
  _ddb_write_consumed_capacity (writer, &result->consumed, request->return_capacity);
  if (request->return_metrics)
    _ddb_write_collection_metrics (writer, &result->collection);
  ddb_json_writer_end_object (writer);

  return TRUE;
}

/* The engine call of a parsed write. */
static DdbOutcome
run_write (DdbDispatch         *dispatch,
           WriteKind            kind,
           const WriteRequest  *request,
           DdbWriteResult      *result,
           GError             **error)
{
  switch (kind)
    {
    case WRITE_PUT:
      {
        const DdbPutItemInput input = { WRITE_INPUT_MEMBERS (request), .item = request->values };

        return ddb_engine_put_item (dispatch->engine, &input, result, error);
      }
    case WRITE_UPDATE:
      {
        const DdbUpdateItemInput input = {
          WRITE_INPUT_MEMBERS (request),
          .key = request->values,
          .update_expression = ddb_dispatch_get_string (dispatch->body, "UpdateExpression"),
        };

        return ddb_engine_update_item (dispatch->engine, &input, result, error);
      }
    case WRITE_DELETE:
    default:
      {
        const DdbDeleteItemInput input = { WRITE_INPUT_MEMBERS (request), .key = request->values };

        return ddb_engine_delete_item (dispatch->engine, &input, result, error);
      }
    }
}

/* Phase 3, the engine call and the response of one write. */
static gboolean
dispatch_write (DdbDispatch           *dispatch,
                const WriteOperation  *operation,
                GError               **error)
{
  g_auto(WriteRequest) request = { 0 };
  DdbWriteResult result = { 0 };
  DdbOutcome outcome;
  gboolean ok;

  if (!parse_write (dispatch, operation, &request, error))
    return FALSE;

  outcome = run_write (dispatch, operation->kind, &request, &result, error);
  ok = finish_write (dispatch, outcome, &request, &result);
  ddb_write_result_clear (&result);

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * Operations
 * ------------------------------------------------------------------------------------- */

gboolean
_ddb_dispatch_put_item (DdbDispatch  *dispatch,
                        GError      **error)
{
  return dispatch_write (dispatch, &put_operation, error);
}

gboolean
_ddb_dispatch_update_item (DdbDispatch  *dispatch,
                           GError      **error)
{
  return dispatch_write (dispatch, &update_operation, error);
}

gboolean
_ddb_dispatch_delete_item (DdbDispatch  *dispatch,
                           GError      **error)
{
  return dispatch_write (dispatch, &delete_operation, error);
}

gboolean
_ddb_dispatch_get_item (DdbDispatch  *dispatch,
                        GError      **error)
{
  g_autoptr(DdbValue) key = NULL;
  DdbGetResult result = { 0 };
  DdbGetItemInput input = { 0 };
  DdbJsonWriter *writer = dispatch->writer;
  DdbOutcome outcome;

  if (!_ddb_dispatch_refuse_legacy (dispatch->body, get_legacy, "ProjectionExpression", error) ||
      !_ddb_dispatch_check_expression_use (dispatch->body, projection_expressions, error))
    return FALSE;

  key = ddb_dispatch_take_values (dispatch->request, "Key", DDB_VALUES_PLAIN, error);
  if (key == NULL ||
      !_ddb_dispatch_expression_attributes (dispatch, dispatch->body, &input.attributes, error))
    return FALSE;

  input.table_name = ddb_dispatch_get_string (dispatch->body, "TableName");
  input.key = key;
  input.consistent_read = ddb_dispatch_get_boolean (dispatch->body, "ConsistentRead", FALSE);
  input.projection_expression = ddb_dispatch_get_string (dispatch->body,
                                                         "ProjectionExpression");
  input.return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);

  outcome = ddb_engine_get_item (dispatch->engine, &input, &result, error);
  _ddb_expression_attributes_clear (&input.attributes);

  if (outcome == DDB_OUTCOME_OK)
    {
      ddb_json_writer_begin_object (writer);
      if (result.item != NULL)
        {
          ddb_json_writer_member (writer, "Item");
          ddb_item_write_json (result.item, writer);
        }
      _ddb_write_consumed_capacity (writer, &result.consumed, input.return_consumed_capacity);
      ddb_json_writer_end_object (writer);
    }
  else if (outcome != DDB_OUTCOME_ERROR)
    _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);
  ddb_get_result_clear (&result);

  return outcome != DDB_OUTCOME_ERROR;
}
