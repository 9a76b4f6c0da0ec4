/* ddb-dispatch-batch.c
 *
 * BatchGetItem and BatchWriteItem.
 *
 * Both take RequestItems, a map from table name to that table's part of the batch, whose
 * keys and sizes phase 2 checks as maps ("Map keys must satisfy constraint: ..."; at most
 * 100 keys to get and 25 requests to write per table).  Phase 3 reads each table's part in
 * the map's order: for BatchGetItem the legacy AttributesToGet (refused), then
 * ExpressionAttributeNames without ProjectionExpression, the keys, and the names; for
 * BatchWriteItem, each request must be exactly one of PutRequest and DeleteRequest.  The
 * limits across tables (100 keys, 25 requests), duplicate keys, the tables and the key
 * schemas are the engine's.
 *
 * The engine returns what it could not process by position in the request, so the
 * responses rebuild UnprocessedKeys and UnprocessedItems from the request as sent: the
 * keys or write requests, and for BatchGetItem the table's ConsistentRead,
 * ProjectionExpression and ExpressionAttributeNames, ready to be sent again.  Both are {}
 * when everything was processed, as DynamoDB answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-batch"

#include "config.h"

#include "ddb-dispatch-private.h"
#include "ddb-value-json.h"

/* ---------------------------------------------------------------------------------------
 * Member tables
 * ------------------------------------------------------------------------------------- */

#define REQUEST_ITEMS_MEMBER(value) \
  { .name = "RequestItems", .type = DDB_MEMBER_STRUCTURE_MAP, \
    .flags = DDB_MEMBER_NOT_NULL | DDB_MEMBER_TABLE_KEYS, .min_length = 1, .children = (value) }

static const DdbMemberSpec key_element[] = {
  { .name = "member", .type = DDB_MEMBER_VALUE_MAP, .flags = DDB_MEMBER_NOT_NULL },
  { NULL }
};

static const DdbMemberSpec keys_and_attributes_members[] = {
  { .name = "Keys", .type = DDB_MEMBER_LIST, .flags = DDB_MEMBER_NOT_NULL, .min_length = 1,
    .max_length = 100, .children = key_element },
  DDB_MEMBER_SPEC_ATTRIBUTES_TO_GET,
  { .name = "ConsistentRead", .type = DDB_MEMBER_BOOLEAN },
  DDB_MEMBER_SPEC_STRING ("ProjectionExpression"),
  DDB_MEMBER_SPEC_NAMES,
  { NULL }
};

static const DdbMemberSpec keys_and_attributes_value[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .flags = DDB_MEMBER_NOT_NULL,
    .class_name = "KeysAndAttributes", .children = keys_and_attributes_members },
  { NULL }
};

const DdbMemberSpec _ddb_batch_get_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  REQUEST_ITEMS_MEMBER (keys_and_attributes_value),
  { NULL }
};

static const DdbMemberSpec delete_request_members[] = {
  DDB_MEMBER_SPEC_VALUES ("Key", DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec put_request_members[] = {
  DDB_MEMBER_SPEC_VALUES ("Item", DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec write_request_members[] = {
  { .name = "DeleteRequest", .type = DDB_MEMBER_STRUCTURE, .class_name = "DeleteRequest",
    .children = delete_request_members },
  { .name = "PutRequest", .type = DDB_MEMBER_STRUCTURE, .class_name = "PutRequest",
    .children = put_request_members },
  { NULL }
};

static const DdbMemberSpec write_request_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .flags = DDB_MEMBER_NOT_NULL,
    .class_name = "WriteRequest", .children = write_request_members },
  { NULL }
};

static const DdbMemberSpec write_requests_value[] = {
  { .name = "member", .type = DDB_MEMBER_LIST, .min_length = 1, .max_length = 25,
    .children = write_request_element },
  { NULL }
};

const DdbMemberSpec _ddb_batch_write_item_members[] = {
  DDB_MEMBER_SPEC_RETURN_CAPACITY,
  DDB_MEMBER_SPEC_RETURN_METRICS,
  REQUEST_ITEMS_MEMBER (write_requests_value),
  { NULL }
};

static const char * const get_legacy[] = { "AttributesToGet", NULL };
static const char * const projection_expressions[] = { "ProjectionExpression", NULL };

/* ---------------------------------------------------------------------------------------
 * BatchGetItem
 * ------------------------------------------------------------------------------------- */

/* The request, as the engine takes it, and the values it holds. */
typedef struct
{
  GStrv      table_names;           /* RequestItems' keys, in order */
  GArray    *tables;                /* of DdbBatchGetTable */
  GPtrArray *keys;                  /* per table: a GPtrArray of DdbValue, the tables' keys */
} BatchGet;

static void
get_table_clear (DdbBatchGetTable *table)
{
  _ddb_expression_attributes_clear (&table->attributes);
}

static void
batch_get_clear (BatchGet *batch)
{
  g_clear_pointer (&batch->tables, g_array_unref);
  g_clear_pointer (&batch->keys, g_ptr_array_unref);
  g_clear_pointer (&batch->table_names, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BatchGet, batch_get_clear)

/* RequestItems, and in *@table_names the names of its tables in the request's order. */
static JsonObject *
get_request_items (DdbDispatch  *dispatch,
                   GStrv        *table_names)
{
  JsonObject *request_items = ddb_dispatch_get_object (dispatch->body, "RequestItems");
  g_autoptr(GList) names = json_object_get_members (request_items);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (const GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  *table_names = g_strv_builder_end (builder);

  return request_items;
}

/* Phase 3 of one table's KeysAndAttributes; fills @table, whose keys @keys holds. */
static gboolean
parse_get_table (DdbDispatch       *dispatch,
                 const char        *table_name,
                 JsonObject        *request,
                 DdbBatchGetTable  *table,
                 GPtrArray         *keys,
                 GError           **error)
{
  JsonArray *array = ddb_dispatch_get_array (request, "Keys");

  if (!_ddb_dispatch_refuse_legacy (request, get_legacy, "ProjectionExpression", error) ||
      !_ddb_dispatch_check_expression_use (request, projection_expressions, error))
    return FALSE;

  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      g_autoptr(GError) local_error = NULL;
      DdbValue *key = ddb_dispatch_take_map (dispatch->request,
                                             ddb_dispatch_array_get_object (array, k),
                                             DDB_VALUES_PLAIN, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_assert (key != NULL);         /* phase 2: no element is null */
      g_ptr_array_add (keys, key);
    }

  if (!_ddb_dispatch_expression_attributes (dispatch, request, &table->attributes, error))
    return FALSE;

  table->table_name = table_name;
  table->keys = (DdbValue * const *)keys->pdata;
  table->n_keys = keys->len;
  table->consistent_read = ddb_dispatch_get_boolean (request, "ConsistentRead", FALSE);
  table->projection_expression = ddb_dispatch_get_string (request, "ProjectionExpression");

  return TRUE;
}

static gboolean
parse_batch_get (DdbDispatch  *dispatch,
                 BatchGet     *batch,
                 GError      **error)
{
  JsonObject *request_items = get_request_items (dispatch, &batch->table_names);

  batch->tables = g_array_new (FALSE, TRUE, sizeof (DdbBatchGetTable));
  g_array_set_clear_func (batch->tables, (GDestroyNotify)get_table_clear);
  batch->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  for (guint t = 0; batch->table_names[t] != NULL; t++)
    {
      const char *name = batch->table_names[t];
      GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);

      g_ptr_array_add (batch->keys, keys);
      g_array_set_size (batch->tables, t + 1);
      if (!parse_get_table (dispatch, name, ddb_dispatch_get_object (request_items, name),
                            &g_array_index (batch->tables, DdbBatchGetTable, t), keys, error))
        return FALSE;
    }

  return TRUE;
}

/* Writes a Map<String, String> member of @request back as it was sent. */
static void
write_names (DdbJsonWriter *writer,
             JsonObject    *request,
             const char    *member)
{
  JsonObject *names = ddb_dispatch_get_object (request, member);
  g_autoptr(GList) keys = NULL;

  if (names == NULL)
    return;

  ddb_json_writer_member (writer, member);
  ddb_json_writer_begin_object (writer);
  keys = json_object_get_members (names);
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      const char *value = ddb_dispatch_get_string (names, l->data);

      if (value == NULL)
        continue;
      ddb_json_writer_member (writer, l->data);
      ddb_json_writer_string (writer, value, -1);
    }
  ddb_json_writer_end_object (writer);
}

/* The KeysAndAttributes of table @t with the keys of @unprocessed that belong to it, and
 * the table's other members as sent. */
static void
write_unprocessed_table (DdbJsonWriter  *writer,
                         const BatchGet *batch,
                         JsonObject     *request,
                         guint           t,
                         const GArray   *unprocessed)
{
  const DdbBatchGetTable *table = &g_array_index (batch->tables, DdbBatchGetTable, t);
  const char *projection = ddb_dispatch_get_string (request, "ProjectionExpression");

  ddb_json_writer_member (writer, table->table_name);
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "Keys");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < unprocessed->len; i++)
    {
      const DdbBatchKeyRef *ref = &g_array_index (unprocessed, DdbBatchKeyRef, i);

      if (ref->table == t)
        ddb_item_write_json (table->keys[ref->key], writer);
    }
  ddb_json_writer_end_array (writer);
  if (ddb_dispatch_has (request, "ConsistentRead"))
    {
      ddb_json_writer_member (writer, "ConsistentRead");
      ddb_json_writer_boolean (writer, table->consistent_read);
    }
  if (projection != NULL)
    {
      ddb_json_writer_member (writer, "ProjectionExpression");
      ddb_json_writer_string (writer, projection, -1);
    }
  write_names (writer, request, "ExpressionAttributeNames");
  ddb_json_writer_end_object (writer);
}

static void
write_batch_get_result (DdbDispatch             *dispatch,
                        const BatchGet          *batch,
                        DdbReturnCapacity        return_capacity,
                        const DdbBatchGetResult *result)
{
  DdbJsonWriter *writer = dispatch->writer;
  JsonObject *request_items = ddb_dispatch_get_object (dispatch->body, "RequestItems");

  ddb_json_writer_begin_object (writer);

  ddb_json_writer_member (writer, "Responses");
  ddb_json_writer_begin_object (writer);
  for (guint t = 0; t < batch->tables->len; t++)
    {
      GPtrArray *items = g_ptr_array_index (result->items, t);

      ddb_json_writer_member (writer, batch->table_names[t]);
      ddb_json_writer_begin_array (writer);
      for (guint i = 0; i < items->len; i++)
        ddb_item_write_json (g_ptr_array_index (items, i), writer);
      ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_end_object (writer);

  ddb_json_writer_member (writer, "UnprocessedKeys");
  ddb_json_writer_begin_object (writer);
  for (guint t = 0; t < batch->tables->len; t++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < result->unprocessed->len; i++)
        any |= g_array_index (result->unprocessed, DdbBatchKeyRef, i).table == t;
      if (any)
        write_unprocessed_table (writer, batch,
                                 ddb_dispatch_get_object (request_items, batch->table_names[t]),
                                 t, result->unprocessed);
    }
  ddb_json_writer_end_object (writer);

  _ddb_write_consumed_capacity_list (writer, result->consumed, return_capacity);
  ddb_json_writer_end_object (writer);
}

gboolean
_ddb_dispatch_batch_get_item (DdbDispatch  *dispatch,
                              GError      **error)
{
  g_auto(BatchGet) batch = { 0 };
  g_auto(DdbBatchGetResult) result = { 0 };
  DdbBatchGetInput input = { 0 };
  DdbOutcome outcome;

  if (!parse_batch_get (dispatch, &batch, error))
    return FALSE;

  input.tables = (const DdbBatchGetTable *)(gpointer)batch.tables->data;
  input.n_tables = batch.tables->len;
  input.return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);

  outcome = ddb_engine_batch_get_item (dispatch->engine, &input, &result, error);
  if (outcome == DDB_OUTCOME_OK)
    write_batch_get_result (dispatch, &batch, input.return_consumed_capacity, &result);
  else if (outcome != DDB_OUTCOME_ERROR)
    _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);

  return outcome != DDB_OUTCOME_ERROR;
}

/* ---------------------------------------------------------------------------------------
 * BatchWriteItem
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  GStrv      table_names;           /* RequestItems' keys, in order */
  GArray    *requests;              /* of DdbBatchWriteRequest, table by table */
  GArray    *table_of;              /* of guint: each request's index in table_names */
} BatchWrite;

static void
write_request_clear (DdbBatchWriteRequest *request)
{
  g_clear_pointer (&request->put_item, ddb_value_unref);
  g_clear_pointer (&request->delete_key, ddb_value_unref);
}

static void
batch_write_clear (BatchWrite *batch)
{
  g_clear_pointer (&batch->requests, g_array_unref);
  g_clear_pointer (&batch->table_of, g_array_unref);
  g_clear_pointer (&batch->table_names, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BatchWrite, batch_write_clear)

/* Phase 3 of one WriteRequest of table @t. */
static gboolean
parse_write_request (DdbDispatch  *dispatch,
                     BatchWrite   *batch,
                     guint         t,
                     JsonObject   *element,
                     GError      **error)
{
  JsonObject *put = ddb_dispatch_get_object (element, "PutRequest");
  JsonObject *delete_request = ddb_dispatch_get_object (element, "DeleteRequest");
  DdbBatchWriteRequest request = { .table_name = batch->table_names[t] };
  g_autoptr(GError) local_error = NULL;

  /* DynamoDB words an empty (or double) WriteRequest as it words an AttributeValue. */
  if ((put == NULL) == (delete_request == NULL))
    return ddb_dispatch_validation_error (error, "Supplied AttributeValue has more than one "
                                                 "datatypes set, must contain exactly one of "
                                                 "the supported datatypes");

  if (put != NULL)
    request.put_item = ddb_dispatch_take_map (dispatch->request,
                                              ddb_dispatch_get_object (put, "Item"),
                                              DDB_VALUES_PLAIN, &local_error);
  else
    request.delete_key = ddb_dispatch_take_map (dispatch->request,
                                                ddb_dispatch_get_object (delete_request, "Key"),
                                                DDB_VALUES_PLAIN, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_array_append_val (batch->requests, request);
  g_array_append_val (batch->table_of, t);

  return TRUE;
}

static gboolean
parse_batch_write (DdbDispatch  *dispatch,
                   BatchWrite   *batch,
                   GError      **error)
{
  JsonObject *request_items = get_request_items (dispatch, &batch->table_names);

  batch->requests = g_array_new (FALSE, TRUE, sizeof (DdbBatchWriteRequest));
  g_array_set_clear_func (batch->requests, (GDestroyNotify)write_request_clear);
  batch->table_of = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint t = 0; batch->table_names[t] != NULL; t++)
    {
      JsonArray *array = ddb_dispatch_get_array (request_items, batch->table_names[t]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          if (!parse_write_request (dispatch, batch, t, ddb_dispatch_array_get_object (array, i),
                                    error))
            return FALSE;
        }
    }

  return TRUE;
}

/* {"PutRequest": {"Item": ...}} or {"DeleteRequest": {"Key": ...}}. */
static void
write_write_request (DdbJsonWriter              *writer,
                     const DdbBatchWriteRequest *request)
{
  gboolean put = request->put_item != NULL;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, put ? "PutRequest" : "DeleteRequest");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, put ? "Item" : "Key");
  ddb_item_write_json (put ? request->put_item : request->delete_key, writer);
  ddb_json_writer_end_object (writer);
  ddb_json_writer_end_object (writer);
}

/* UnprocessedItems: the requests @unprocessed names, grouped by table in request order. */
static void
write_unprocessed_items (DdbJsonWriter    *writer,
                         const BatchWrite *batch,
                         const GArray     *unprocessed)
{
  ddb_json_writer_member (writer, "UnprocessedItems");
  ddb_json_writer_begin_object (writer);
  for (guint t = 0; batch->table_names[t] != NULL; t++)
    {
      gboolean open = FALSE;

      for (guint i = 0; i < unprocessed->len; i++)
        {
          guint index = g_array_index (unprocessed, guint, i);

          if (g_array_index (batch->table_of, guint, index) != t)
            continue;
          if (!open)
            {
              ddb_json_writer_member (writer, batch->table_names[t]);
              ddb_json_writer_begin_array (writer);
              open = TRUE;
            }
          write_write_request (writer, &g_array_index (batch->requests, DdbBatchWriteRequest,
                                                       index));
        }
      if (open)
        ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_end_object (writer);
}

gboolean
_ddb_dispatch_batch_write_item (DdbDispatch  *dispatch,
                                GError      **error)
{
  g_auto(BatchWrite) batch = { 0 };
  g_auto(DdbBatchWriteResult) result = { 0 };
  DdbBatchWriteInput input = { 0 };
  DdbJsonWriter *writer = dispatch->writer;
  DdbOutcome outcome;

  if (!parse_batch_write (dispatch, &batch, error))
    return FALSE;

  input.requests = (const DdbBatchWriteRequest *)(gpointer)batch.requests->data;
  input.n_requests = batch.requests->len;
  input.return_consumed_capacity = _ddb_dispatch_return_capacity (dispatch);
  input.return_item_collection_metrics =
    ddb_dispatch_get_enum (dispatch->body, "ReturnItemCollectionMetrics",
                           _ddb_return_metrics_values, 1) == 0;

  outcome = ddb_engine_batch_write_item (dispatch->engine, &input, &result, error);
  if (outcome == DDB_OUTCOME_OK)
    {
      ddb_json_writer_begin_object (writer);
      write_unprocessed_items (writer, &batch, result.unprocessed);
      _ddb_write_consumed_capacity_list (writer, result.consumed,
                                         input.return_consumed_capacity);
      _ddb_write_collection_metrics_by_table (writer, result.collections);
      ddb_json_writer_end_object (writer);
    }
  else if (outcome != DDB_OUTCOME_ERROR)
    _ddb_write_outcome_error (dispatch, outcome, NULL, &result.throttle);

  return outcome != DDB_OUTCOME_ERROR;
}
