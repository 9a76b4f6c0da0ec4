/* ddb-dispatcher.c
 *
 * DynamoDB's JSON protocol (x-amz-json-1.0, API version 2012-08-10) over a DdbEngine:
 * the operation table, the order in which a request is refused, and the error bodies.
 *
 * A request goes through these steps, each of which may end it with an error body, in the
 * order DynamoDB (and dynalite, which was checked against it) applies them:
 *
 *   1. a non-empty body that is not JSON:  {"__type": "...#SerializationException"}
 *   2. an unknown operation:               {"__type": "...#UnknownOperationException"}
 *   3. an empty body, or JSON that is not an object: SerializationException as in 1
 *   4. the JSON types of the members the operation knows (ddb_dispatch_check(), phase 1):
 *      SerializationException with a "Message"
 *   5. the constraints of those members (phase 2): ValidationException, aggregated
 *   6. the operation's own rules, then the engine call (phase 3, DdbOperation.run): any
 *      engine exception, or an outcome DynamoDB reports as one (a failed condition, a
 *      throttled request)
 *
 * One extension to DynamoDB's API: CreateTable accepts "Ddbsim": {"PartitionSizeLimitBytes":
 * N}, which scales the 10 GB partition size limit down (DdbTableSpec.partition_max_bytes),
 * and a TableDescription and each of its index descriptions carry a "Ddbsim" object with
 * the simulator's own facts.
 *
 * Members the operation does not know are ignored, as DynamoDB ignores them.  Adding an
 * operation is one more row in the table below, a member table and a run function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatcher"

#include "config.h"

#include <string.h>

#include "ddb-dispatch-private.h"
#include "ddb-dispatcher.h"

#define TARGET_PREFIX "DynamoDB_20120810."

static const DdbOperation operations[] = {
  { "BatchGetItem", _ddb_batch_get_item_members, _ddb_dispatch_batch_get_item },
  { "BatchWriteItem", _ddb_batch_write_item_members, _ddb_dispatch_batch_write_item },
  { "CreateTable", _ddb_create_table_members, _ddb_dispatch_create_table },
  { "DeleteItem", _ddb_delete_item_members, _ddb_dispatch_delete_item },
  { "DeleteTable", _ddb_delete_table_members, _ddb_dispatch_delete_table },
  { "DescribeTable", _ddb_describe_table_members, _ddb_dispatch_describe_table },
  { "DescribeTimeToLive", _ddb_describe_ttl_members, _ddb_dispatch_describe_ttl },
  { "GetItem", _ddb_get_item_members, _ddb_dispatch_get_item },
  { "ListTables", _ddb_list_tables_members, _ddb_dispatch_list_tables },
  { "PutItem", _ddb_put_item_members, _ddb_dispatch_put_item },
  { "Query", _ddb_query_members, _ddb_dispatch_query },
  { "Scan", _ddb_scan_members, _ddb_dispatch_scan },
  { "TransactGetItems", _ddb_transact_get_items_members, _ddb_dispatch_transact_get_items },
  { "TransactWriteItems", _ddb_transact_write_items_members,
    _ddb_dispatch_transact_write_items },
  { "UpdateItem", _ddb_update_item_members, _ddb_dispatch_update_item },
  { "UpdateTable", _ddb_update_table_members, _ddb_dispatch_update_table },
  { "UpdateTimeToLive", _ddb_update_ttl_members, _ddb_dispatch_update_ttl },
};

/* The row for "PutItem" or "DynamoDB_20120810.PutItem", or NULL. */
static const DdbOperation *
lookup_operation (const char *name)
{
  if (g_str_has_prefix (name, TARGET_PREFIX))
    name += strlen (TARGET_PREFIX);

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (strcmp (operations[i].name, name) == 0)
      return &operations[i];

  return NULL;
}

/* A body of only an exception type, as DynamoDB answers before it reads any member. */
static char *
bare_error (const char *type_id,
            gboolean   *failed)
{
  DdbJsonWriter *writer = ddb_json_writer_new (FALSE);

  _ddb_write_error (writer, type_id, NULL, NULL);
  if (failed != NULL)
    *failed = TRUE;

  return ddb_json_writer_free_to_string (writer);
}

static char *
error_response (const GError *error,
                gboolean     *failed)
{
  DdbJsonWriter *writer = ddb_json_writer_new (FALSE);

  _ddb_write_error_for (writer, error);
  if (failed != NULL)
    *failed = TRUE;

  return ddb_json_writer_free_to_string (writer);
}

/* Runs @operation on a parsed request; the response body is the operation's or an error. */
static char *
run_operation (DdbEngine          *engine,
               const DdbOperation *operation,
               JsonObject         *body,
               gboolean           *failed)
{
  g_autoptr(DdbDispatchRequest) request = ddb_dispatch_request_new (body);
  g_autoptr(GError) error = NULL;
  DdbDispatch dispatch = {
    .engine = engine,
    .request = request,
    .body = body,
    .writer = NULL,
    .failed = FALSE,
  };

  if (!ddb_dispatch_check (request, operation->members, &error))
    return error_response (error, failed);

  dispatch.writer = ddb_json_writer_new (FALSE);
  if (!operation->run (&dispatch, &error))
    {
      ddb_json_writer_free (dispatch.writer);
      if (error == NULL)
        g_set_error (&error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_FAILED,
                     "%s failed without saying why", operation->name);
      return error_response (error, failed);
    }

  if (failed != NULL)
    *failed = dispatch.failed;

  return ddb_json_writer_free_to_string (dispatch.writer);
}

/**
 * ddb_dispatch:
 * @engine: the engine that executes the request
 * @operation: "PutItem", or the X-Amz-Target form "DynamoDB_20120810.PutItem"
 * @body: (nullable): the JSON request body
 * @length: the length of @body, or -1 if it is NUL-terminated
 * @failed: (out) (optional): set to TRUE when the response is an error body
 *
 * Executes one DynamoDB API request.  The request fails exactly where DynamoDB's would,
 * with DynamoDB's exception type and message; a request DynamoDB would execute is
 * executed by @engine, on its simulated clock.
 *
 * Besides DynamoDB's members, CreateTable accepts a ddbsim extension:
 *
 *   "Ddbsim": {"PartitionSizeLimitBytes": N}
 *
 * which scales the 10 GB partition size limit down (to at least 1 MB) so that splits for
 * size can be watched without writing gigabytes.  DescribeTable reports it, with other
 * facts DynamoDB does not publish, in the "Ddbsim" objects of the TableDescription and its
 * index descriptions.
 *
 * Returns: (transfer full): the JSON response body, compact, on one line.
 */
char *
ddb_dispatch (DdbEngine  *engine,
              const char *operation,
              const char *body,
              gssize      length,
              gboolean   *failed)
{
  g_autoptr(JsonParser) parser = NULL;
  const DdbOperation *row;
  JsonNode *root = NULL;

  g_return_val_if_fail (DDB_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  if (failed != NULL)
    *failed = FALSE;
  if (body == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (body);

  if (length > 0)
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, body, length, NULL))
        return bare_error ("com.amazon.coral.service#SerializationException", failed);
      root = json_parser_get_root (parser);
    }

  row = lookup_operation (operation);
  if (row == NULL)
    return bare_error ("com.amazon.coral.service#UnknownOperationException", failed);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bare_error ("com.amazon.coral.service#SerializationException", failed);

  return run_operation (engine, row, json_node_get_object (root), failed);
}
