/* ddb-dispatch-read.c
 *
 * Query and Scan.
 *
 * Phase 3, in DynamoDB's order: legacy parameters (refused), the Select rules, expression
 * parameters without expressions, ExclusiveStartKey's values, then Query's key condition
 * or Scan's segments, and ExpressionAttributeNames / ExpressionAttributeValues.  The rules
 * that need the table (the index exists, it is a GSI and so cannot be read consistently,
 * its projection allows ALL_ATTRIBUTES, the start key matches the key schema) are the
 * engine's.
 *
 * DynamoDB words one quirk differently for the two operations: Query prefixes its Select
 * messages with "1 validation error detected: ", Scan does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-read"

#include "config.h"

#include "ddb-dispatch-private.h"
#include "ddb-value-json.h"

/* ---------------------------------------------------------------------------------------
 * Member tables
 * ------------------------------------------------------------------------------------- */

#define LIMIT_MEMBER \
  { .name = "Limit", .type = DDB_MEMBER_INTEGER, .flags = DDB_MEMBER_MIN, .min_value = 1 }
#define SELECT_MEMBER \
  { .name = "Select", .type = DDB_MEMBER_STRING, .enum_values = ddb_dispatch_select_values }
#define BOOLEAN_MEMBER(member_name) \
  { .name = (member_name), .type = DDB_MEMBER_BOOLEAN }

const DdbMemberSpec _ddb_query_members[] = {
  LIMIT_MEMBER,
  DDB_MEMBER_SPEC_VALUES ("ExclusiveStartKey", 0),
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_ATTRIBUTES_TO_GET,
  DDB_MEMBER_SPEC_LEGACY_MAP ("QueryFilter", _ddb_condition_element),
  SELECT_MEMBER,
  DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR,
  DDB_MEMBER_SPEC_LEGACY_MAP ("KeyConditions", _ddb_condition_element),
  DDB_MEMBER_SPEC_TABLE_NAME,
  BOOLEAN_MEMBER ("ConsistentRead"),
  DDB_MEMBER_SPEC_INDEX_NAME (0),
  BOOLEAN_MEMBER ("ScanIndexForward"),
  DDB_MEMBER_SPEC_STRING ("KeyConditionExpression"),
  DDB_MEMBER_SPEC_STRING ("FilterExpression"),
  DDB_MEMBER_SPEC_STRING ("ProjectionExpression"),
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0),
  DDB_MEMBER_SPEC_NAMES,
  { NULL }
};

const DdbMemberSpec _ddb_scan_members[] = {
  LIMIT_MEMBER,
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_ATTRIBUTES_TO_GET,
  { .name = "Segment", .type = DDB_MEMBER_INTEGER, .flags = DDB_MEMBER_MIN | DDB_MEMBER_MAX,
    .min_value = 0, .max_value = 999999 },
  SELECT_MEMBER,
  DDB_MEMBER_SPEC_LEGACY_MAP ("ScanFilter", _ddb_condition_element),
  DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR,
  { .name = "TotalSegments", .type = DDB_MEMBER_INTEGER,
    .flags = DDB_MEMBER_MIN | DDB_MEMBER_MAX, .min_value = 1, .max_value = 1000000 },
  DDB_MEMBER_SPEC_TABLE_NAME,
  DDB_MEMBER_SPEC_VALUES ("ExclusiveStartKey", 0),
  DDB_MEMBER_SPEC_INDEX_NAME (0),
  DDB_MEMBER_SPEC_STRING ("FilterExpression"),
  DDB_MEMBER_SPEC_STRING ("ProjectionExpression"),
  DDB_MEMBER_SPEC_VALUES ("ExpressionAttributeValues", 0),
  DDB_MEMBER_SPEC_NAMES,
  BOOLEAN_MEMBER ("ConsistentRead"),
  { NULL }
};

static const char * const query_legacy[] = {
  "AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions", NULL
};
static const char * const scan_legacy[] = {
  "AttributesToGet", "ScanFilter", "ConditionalOperator", NULL
};
static const char * const query_expressions[] = {
  "ProjectionExpression", "FilterExpression", "KeyConditionExpression", NULL
};
static const char * const scan_expressions[] = {
  "ProjectionExpression", "FilterExpression", NULL
};

/* ---------------------------------------------------------------------------------------
 * Request
 * ------------------------------------------------------------------------------------- */

static DdbSelect
parse_select (JsonObject *body)
{
  static const DdbSelect modes[] = {
    DDB_SELECT_SPECIFIC_ATTRIBUTES, DDB_SELECT_COUNT, DDB_SELECT_ALL_ATTRIBUTES,
    DDB_SELECT_ALL_PROJECTED_ATTRIBUTES,
  };
  gint index = ddb_dispatch_get_enum (body, "Select", ddb_dispatch_select_values, -1);

  return index < 0 ? DDB_SELECT_DEFAULT : modes[index];
}

/* Select against ProjectionExpression and IndexName. */
static gboolean
check_select (JsonObject  *body,
              DdbSelect    select,
              gboolean     query,
              GError     **error)
{
  const char *prefix = query ? "1 validation error detected: " : "";
  gboolean projection = ddb_dispatch_has (body, "ProjectionExpression");
  const char *choice = NULL;

  switch (select)
    {
    case DDB_SELECT_ALL_ATTRIBUTES:
      choice = "ALL_ATTRIBUTES";
      break;
    case DDB_SELECT_ALL_PROJECTED_ATTRIBUTES:
      choice = "ALL_PROJECTED_ATTRIBUTES";
      break;
    case DDB_SELECT_COUNT:
      choice = "only the Count";
      break;
    case DDB_SELECT_SPECIFIC_ATTRIBUTES:
      if (!projection)
        return ddb_dispatch_validation_error (error, "%sMust specify the AttributesToGet or "
                                                     "ProjectionExpression when choosing to get "
                                                     "SPECIFIC_ATTRIBUTES", prefix);
      return TRUE;
    case DDB_SELECT_DEFAULT:
    default:
      return TRUE;
    }

  if (projection)
    return ddb_dispatch_validation_error (error, "%sCannot specify the ProjectionExpression when "
                                                 "choosing to get %s", prefix, choice);
  if (select == DDB_SELECT_ALL_PROJECTED_ATTRIBUTES && !ddb_dispatch_has (body, "IndexName"))
    return ddb_dispatch_validation_error (error, "%sALL_PROJECTED_ATTRIBUTES can be used only "
                                                 "when Querying using an IndexName", prefix);

  return TRUE;
}

/* Scan's Segment and TotalSegments go together, and Segment < TotalSegments. */
static gboolean
check_segments (JsonObject  *body,
                GError     **error)
{
  gboolean has_segment = ddb_dispatch_has (body, "Segment");
  gboolean has_total = ddb_dispatch_has (body, "TotalSegments");
  gint64 segment = ddb_dispatch_get_integer (body, "Segment", 0);
  gint64 total = ddb_dispatch_get_integer (body, "TotalSegments", 0);

  if (has_segment && !has_total)
    return ddb_dispatch_validation_error (error, "The TotalSegments parameter is required but "
                                                 "was not present in the request when Segment "
                                                 "parameter is present");
  if (has_total && !has_segment)
    return ddb_dispatch_validation_error (error, "The Segment parameter is required but was not "
                                                 "present in the request when parameter "
                                                 "TotalSegments is present");
  if (has_total && segment >= total)
    return ddb_dispatch_validation_error (error, "The Segment parameter is zero-based and must be "
                                                 "less than parameter TotalSegments: Segment: %"
                                                 G_GINT64_FORMAT " is not less than "
                                                 "TotalSegments: %" G_GINT64_FORMAT,
                                          segment, total);

  return TRUE;
}

/* Phase 3 of Query (@query) or Scan up to the engine call; fills @input, whose
 * exclusive_start_key and attributes the caller releases. */
static gboolean
parse_read (DdbDispatch   *dispatch,
            gboolean       query,
            DdbReadInput  *input,
            GError       **error)
{
  JsonObject *body = dispatch->body;
  g_autoptr(GError) local_error = NULL;

  ddb_read_input_init (input);
  input->select = parse_select (body);

  if (!_ddb_dispatch_refuse_legacy (body, query ? query_legacy : scan_legacy,
                                    "FilterExpression", error) ||
      !check_select (body, input->select, query, error) ||
      !_ddb_dispatch_check_expression_use (body, query ? query_expressions : scan_expressions,
                                           error))
    return FALSE;

  input->exclusive_start_key = ddb_dispatch_take_values (dispatch->request, "ExclusiveStartKey",
                                                         DDB_VALUES_START_KEY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (query && !ddb_dispatch_has (body, "KeyConditionExpression"))
    return ddb_dispatch_validation_error (error, "Either the KeyConditions or "
                                                 "KeyConditionExpression parameter must be "
                                                 "specified in the request.");
  if (!query && !check_segments (body, error))
    return FALSE;

  if (!_ddb_dispatch_expression_attributes (dispatch, body, &input->attributes, error))
    return FALSE;

  input->table_name = ddb_dispatch_get_string (body, "TableName");
  input->index_name = ddb_dispatch_get_string (body, "IndexName");
  input->key_condition_expression = ddb_dispatch_get_string (body, "KeyConditionExpression");
  input->filter_expression = ddb_dispatch_get_string (body, "FilterExpression");
  input->projection_expression = ddb_dispatch_get_string (body, "ProjectionExpression");
  input->limit = ddb_dispatch_get_integer (body, "Limit", 0);
  input->scan_index_forward = ddb_dispatch_get_boolean (body, "ScanIndexForward", TRUE);
  input->consistent_read = ddb_dispatch_get_boolean (body, "ConsistentRead", FALSE);
  input->segment = ddb_dispatch_get_integer (body, "Segment", 0);
  input->total_segments = ddb_dispatch_get_integer (body, "TotalSegments", 0);
  input->return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Response
 * ------------------------------------------------------------------------------------- */

static void
write_read_result (DdbJsonWriter       *writer,
                   const DdbReadInput  *input,
                   const DdbReadResult *result)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "Count");
  ddb_json_writer_int (writer, result->count);
  if (input->select != DDB_SELECT_COUNT)
    {
      ddb_json_writer_member (writer, "Items");
      ddb_json_writer_begin_array (writer);
      for (guint i = 0; result->items != NULL && i < result->items->len; i++)
        ddb_item_write_json (g_ptr_array_index (result->items, i), writer);
      ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_member (writer, "ScannedCount");
  ddb_json_writer_int (writer, result->scanned_count);
  if (result->last_evaluated_key != NULL)
    {
      ddb_json_writer_member (writer, "LastEvaluatedKey");
      ddb_item_write_json (result->last_evaluated_key, writer);
    }
  _ddb_write_consumed_capacity (writer, &result->consumed, input->return_consumed_capacity);
  ddb_json_writer_end_object (writer);
}

static gboolean
dispatch_read (DdbDispatch  *dispatch,
               gboolean      query,
               GError      **error)
{
  DdbReadInput input;
  DdbReadResult result = { 0 };
  DdbOutcome outcome = DDB_OUTCOME_ERROR;

  if (parse_read (dispatch, query, &input, error))
    {
      outcome = query ? ddb_engine_query (dispatch->engine, &input, &result, error)
                      : ddb_engine_scan (dispatch->engine, &input, &result, error);
      if (outcome == DDB_OUTCOME_OK)
        write_read_result (dispatch->writer, &input, &result);
      else if (outcome != DDB_OUTCOME_ERROR)
        _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);
    }

  g_clear_pointer (&input.exclusive_start_key, ddb_value_unref);
  _ddb_expression_attributes_clear (&input.attributes);
  ddb_read_result_clear (&result);

  return outcome != DDB_OUTCOME_ERROR;
}

gboolean
_ddb_dispatch_query (DdbDispatch  *dispatch,
                     GError      **error)
{
  return dispatch_read (dispatch, TRUE, error);
}

gboolean
_ddb_dispatch_scan (DdbDispatch  *dispatch,
                    GError      **error)
{
  return dispatch_read (dispatch, FALSE, error);
}
