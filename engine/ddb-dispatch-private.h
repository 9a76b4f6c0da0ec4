/* ddb-dispatch-private.h
 *
 * Private to the dispatcher: the operation table's row type, the operations, and the
 * request and response pieces several operations share.  ddb-dispatcher.c owns the
 * table; the operations live in ddb-dispatch-tables.c (control plane),
 * ddb-dispatch-items.c (single-item reads and writes), ddb-dispatch-read.c (Query and
 * Scan), ddb-dispatch-batch.c (BatchGetItem, BatchWriteItem) and ddb-dispatch-transact.c
 * (TransactWriteItems, TransactGetItems); ddb-dispatch-common.c parses what item requests
 * share and ddb-dispatch-describe.c writes the response structures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-dispatch-json.h"
#include "ddb-engine.h"
#include "ddb-json-writer.h"

G_BEGIN_DECLS

/* One request being dispatched. */
typedef struct
{
  DdbEngine          *engine;
  DdbDispatchRequest *request;
  JsonObject         *body;       /* the request body (owned by @request) */
  DdbJsonWriter      *writer;     /* the response body, written by the operation */
  gboolean            failed;     /* the operation wrote an error body itself */
} DdbDispatch;

/* Runs phase 3 and the engine call, and writes the response into @dispatch->writer.
 * Returns FALSE with @error set for an error response the dispatcher writes. */
typedef gboolean (*DdbOperationFunc) (DdbDispatch  *dispatch,
                                      GError      **error);

/* A row of the operation table. */
typedef struct
{
  const char          *name;
  const DdbMemberSpec *members;
  DdbOperationFunc     run;
} DdbOperation;

/* ---------------------------------------------------------------------------------------
 * Operations
 * ------------------------------------------------------------------------------------- */

extern const DdbMemberSpec _ddb_create_table_members[];
extern const DdbMemberSpec _ddb_describe_table_members[];
extern const DdbMemberSpec _ddb_update_table_members[];
extern const DdbMemberSpec _ddb_delete_table_members[];
extern const DdbMemberSpec _ddb_list_tables_members[];
extern const DdbMemberSpec _ddb_update_ttl_members[];
extern const DdbMemberSpec _ddb_describe_ttl_members[];
extern const DdbMemberSpec _ddb_put_item_members[];
extern const DdbMemberSpec _ddb_get_item_members[];
extern const DdbMemberSpec _ddb_update_item_members[];
extern const DdbMemberSpec _ddb_delete_item_members[];
extern const DdbMemberSpec _ddb_query_members[];
extern const DdbMemberSpec _ddb_scan_members[];
extern const DdbMemberSpec _ddb_batch_get_item_members[];
extern const DdbMemberSpec _ddb_batch_write_item_members[];
extern const DdbMemberSpec _ddb_transact_write_items_members[];
extern const DdbMemberSpec _ddb_transact_get_items_members[];

gboolean _ddb_dispatch_create_table   (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_describe_table (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_update_table   (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_delete_table   (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_list_tables    (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_update_ttl     (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_describe_ttl   (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_put_item       (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_get_item       (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_update_item    (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_delete_item    (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_query          (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_scan           (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_batch_get_item (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_batch_write_item (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_transact_write_items (DdbDispatch *dispatch,
                                       GError     **error);
gboolean _ddb_dispatch_transact_get_items (DdbDispatch *dispatch,
                                       GError     **error);

/* ---------------------------------------------------------------------------------------
 * Request pieces (ddb-dispatch-common.c)
 * ------------------------------------------------------------------------------------- */

/* Member table fragments shared by the item operations. */
#define DDB_MEMBER_SPEC_RETURN_CAPACITY \
  { .name = "ReturnConsumedCapacity", .type = DDB_MEMBER_STRING, \
    .enum_values = ddb_dispatch_return_capacity_values }
#define DDB_MEMBER_SPEC_RETURN_METRICS \
  { .name = "ReturnItemCollectionMetrics", .type = DDB_MEMBER_STRING, \
    .enum_values = _ddb_return_metrics_values }
#define DDB_MEMBER_SPEC_RETURN_VALUES \
  { .name = "ReturnValues", .type = DDB_MEMBER_STRING, \
    .enum_values = ddb_dispatch_return_values_values }
#define DDB_MEMBER_SPEC_RETURN_ON_FAILURE \
  { .name = "ReturnValuesOnConditionCheckFailure", .type = DDB_MEMBER_STRING, \
    .enum_values = _ddb_return_on_failure_values }
#define DDB_MEMBER_SPEC_STRING(member_name) \
  { .name = (member_name), .type = DDB_MEMBER_STRING }
#define DDB_MEMBER_SPEC_VALUES(member_name, extra_flags) \
  { .name = (member_name), .type = DDB_MEMBER_VALUE_MAP, .flags = (extra_flags) }
#define DDB_MEMBER_SPEC_NAMES \
  { .name = "ExpressionAttributeNames", .type = DDB_MEMBER_STRING_MAP }
#define DDB_MEMBER_SPEC_ATTRIBUTES_TO_GET \
  { .name = "AttributesToGet", .type = DDB_MEMBER_LIST, .min_length = 1, .max_length = 255, \
    .children = _ddb_string_element }
#define DDB_MEMBER_SPEC_CONDITIONAL_OPERATOR \
  { .name = "ConditionalOperator", .type = DDB_MEMBER_STRING, \
    .enum_values = _ddb_conditional_operator_values }
#define DDB_MEMBER_SPEC_LEGACY_MAP(member_name, element) \
  { .name = (member_name), .type = DDB_MEMBER_STRUCTURE_MAP, .children = (element) }

extern const char * const  _ddb_return_metrics_values[];
extern const char * const  _ddb_return_on_failure_values[];
extern const char * const  _ddb_conditional_operator_values[];
extern const DdbMemberSpec _ddb_string_element[];
extern const DdbMemberSpec _ddb_expected_element[];
extern const DdbMemberSpec _ddb_condition_element[];
extern const DdbMemberSpec _ddb_attribute_update_element[];

gboolean          _ddb_dispatch_refuse_legacy      (JsonObject                 *object,
                                                    const char * const         *legacy,
                                                    const char                 *condition_member,
                                                    GError                    **error);
gboolean          _ddb_dispatch_check_expression_use (JsonObject               *object,
                                                    const char * const         *expressions,
                                                    GError                    **error);
gboolean          _ddb_dispatch_expression_attributes (DdbDispatch             *dispatch,
                                                    JsonObject                 *object,
                                                    DdbExpressionAttributes    *attributes,
                                                    GError                    **error);
void              _ddb_expression_attributes_clear (DdbExpressionAttributes    *attributes);
guint             _ddb_dispatch_get_choice         (JsonObject                 *object,
                                                    const char * const         *members,
                                                    guint                      *choice,
                                                    JsonObject                **value);
DdbReturnCapacity _ddb_dispatch_return_capacity    (DdbDispatch                *dispatch);

/* ---------------------------------------------------------------------------------------
 * Response pieces (ddb-dispatch-describe.c)
 * ------------------------------------------------------------------------------------- */

void _ddb_write_error                 (DdbJsonWriter             *writer,
                                       const char                *type_id,
                                       const char                *message_member,
                                       const char                *message);
void _ddb_write_error_for             (DdbJsonWriter             *writer,
                                       const GError              *error);
void _ddb_write_outcome_error         (DdbDispatch               *dispatch,
                                       DdbOutcome                 outcome,
                                       const DdbValue            *item,
                                       const DdbThrottle         *throttle);
void _ddb_write_transaction_canceled (DdbDispatch               *dispatch,
                                       const GArray              *reasons);
void _ddb_write_consumed_capacity     (DdbJsonWriter             *writer,
                                       const DdbConsumedCapacity *consumed,
                                       DdbReturnCapacity          mode);
void _ddb_write_consumed_capacity_list (DdbJsonWriter            *writer,
                                       const GArray              *consumed,
                                       DdbReturnCapacity          mode);
void _ddb_write_collection_metrics    (DdbJsonWriter             *writer,
                                       const DdbItemCollectionMetrics *metrics);
void      _ddb_write_collection_metrics_by_table (DdbJsonWriter *writer,
                                                  const GArray  *collections);
void _ddb_write_table_description     (DdbJsonWriter             *writer,
                                       const DdbTableInfo        *info);
void _ddb_write_epoch_seconds         (DdbJsonWriter             *writer,
                                       gint64                     usec);

G_END_DECLS
