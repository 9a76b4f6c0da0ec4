/* ddb-request.h
 *
 * The inputs and results of the engine's item API: PutItem, GetItem, UpdateItem,
 * DeleteItem, Query and Scan.  They mirror DynamoDB's request and response members, with
 * values already parsed (DdbValue) and enumerations instead of strings, so that the C API
 * and the JSON dispatcher share one execution path.
 *
 * Inputs are filled in by the caller and only read by the engine (the engine takes no
 * ownership).  Results are filled in by the engine and released with their _clear()
 * function; a result may be cleared whether or not the call succeeded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-types.h"
#include "ddb-value.h"

G_BEGIN_DECLS

/* How a simulated request ended when it did not fail with a GError.  Expected outcomes of
 * a simulation are values, never errors. */
typedef enum
{
  DDB_OUTCOME_OK,
  DDB_OUTCOME_CONDITION_FAILED,     /* ConditionalCheckFailedException: capacity consumed */
  DDB_OUTCOME_THROTTLED,            /* throttled: nothing consumed, nothing changed */
  DDB_OUTCOME_TRANSACTION_CANCELED, /* TransactionCanceledException: see the reasons */
  DDB_OUTCOME_ERROR,                /* the GError says why */
} DdbOutcome;

typedef enum
{
  DDB_RETURN_VALUES_NONE,
  DDB_RETURN_VALUES_ALL_OLD,
  DDB_RETURN_VALUES_UPDATED_OLD,
  DDB_RETURN_VALUES_ALL_NEW,
  DDB_RETURN_VALUES_UPDATED_NEW,
} DdbReturnValues;

typedef enum
{
  DDB_RETURN_CAPACITY_NONE,
  DDB_RETURN_CAPACITY_TOTAL,
  DDB_RETURN_CAPACITY_INDEXES,
} DdbReturnCapacity;

typedef enum
{
  DDB_SELECT_DEFAULT,               /* not given: ALL_ATTRIBUTES, or SPECIFIC with a projection */
  DDB_SELECT_ALL_ATTRIBUTES,
  DDB_SELECT_ALL_PROJECTED_ATTRIBUTES,
  DDB_SELECT_SPECIFIC_ATTRIBUTES,
  DDB_SELECT_COUNT,
} DdbSelect;

/* ---------------------------------------------------------------------------------------
 * Throttling
 * ------------------------------------------------------------------------------------- */

/* One entry of ThrottlingReasons: which limit of which table or GSI. */
typedef struct
{
  char *reason;                     /* "TableWriteKeyRangeThroughputExceeded", ... */
  char *resource;                   /* the table's or the index's ARN */
} DdbThrottlingReason;

/* Why a request was throttled (DDB_OUTCOME_THROTTLED): the exception DynamoDB answers
 * with, its message, and its ThrottlingReasons, one for each table or GSI that was short
 * of capacity.  The first one chose the exception. */
typedef struct
{
  const char *exception;            /* "ProvisionedThroughputExceededException", ... */
  const char *message;
  char       *reason;               /* the first entry of ThrottlingReasons */
  char       *resource;
  GArray     *further;              /* (nullable) (element-type DdbThrottlingReason): the
                                       other resources that were short, in charge order */
} DdbThrottle;

void ddb_throttle_add_reason (DdbThrottle *throttle,
                              char        *reason,
                              char        *resource);
void ddb_throttle_clear      (DdbThrottle *throttle);

/* ---------------------------------------------------------------------------------------
 * Consumed capacity
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  char    *index_name;
  gboolean global;                  /* GSI (own capacity) or LSI (the table's) */
  double   read_units;
  double   write_units;
} DdbIndexCapacity;

/* What one request consumed on one table, as ReturnConsumedCapacity reports it. */
typedef struct
{
  char   *table_name;
  double  table_read_units;
  double  table_write_units;
  GArray *indexes;                  /* of DdbIndexCapacity, NULL when none */
} DdbConsumedCapacity;

void    ddb_consumed_capacity_init          (DdbConsumedCapacity *consumed,
                                             const char          *table_name);
void    ddb_consumed_capacity_clear         (DdbConsumedCapacity *consumed);
void    ddb_consumed_capacity_add_index     (DdbConsumedCapacity *consumed,
                                             const char          *index_name,
                                             gboolean             global,
                                             double               read_units,
                                             double               write_units);
void    ddb_consumed_capacity_add           (DdbConsumedCapacity *total,
                                             const DdbConsumedCapacity *part);
double  ddb_consumed_capacity_get_total     (const DdbConsumedCapacity *consumed);
double  ddb_consumed_capacity_get_read      (const DdbConsumedCapacity *consumed);
double  ddb_consumed_capacity_get_write     (const DdbConsumedCapacity *consumed);

/* ---------------------------------------------------------------------------------------
 * Expression parameters shared by every item request
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  GHashTable *names;                /* ExpressionAttributeNames: "#n" -> "name"; nullable */
  DdbValue   *values;               /* ExpressionAttributeValues: M of ":v" -> value; nullable */
} DdbExpressionAttributes;

/* ---------------------------------------------------------------------------------------
 * Writes
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char             *table_name;
  DdbValue               *item;
  const char             *condition_expression;       /* nullable */
  DdbExpressionAttributes attributes;
  DdbReturnValues         return_values;              /* NONE or ALL_OLD */
  DdbReturnCapacity       return_consumed_capacity;
  gboolean                return_item_collection_metrics;
  gboolean                return_old_on_condition_failure; /* ReturnValuesOnConditionCheckFailure */
} DdbPutItemInput;

typedef struct
{
  const char             *table_name;
  DdbValue               *key;
  const char             *update_expression;          /* nullable: only creates the item */
  const char             *condition_expression;       /* nullable */
  DdbExpressionAttributes attributes;
  DdbReturnValues         return_values;
  DdbReturnCapacity       return_consumed_capacity;
  gboolean                return_item_collection_metrics;
  gboolean                return_old_on_condition_failure;
} DdbUpdateItemInput;

typedef struct
{
  const char             *table_name;
  DdbValue               *key;
  const char             *condition_expression;       /* nullable */
  DdbExpressionAttributes attributes;
  DdbReturnValues         return_values;              /* NONE or ALL_OLD */
  DdbReturnCapacity       return_consumed_capacity;
  gboolean                return_item_collection_metrics;
  gboolean                return_old_on_condition_failure;
} DdbDeleteItemInput;

/* ItemCollectionMetrics of a write to a table with local secondary indexes. */
typedef struct
{
  DdbValue *partition_key;          /* M of the partition key attribute; NULL when absent */
  double    size_estimate_gb_low;
  double    size_estimate_gb_high;
} DdbItemCollectionMetrics;

/* The ItemCollectionMetrics of one write of a batch or a transaction. */
typedef struct
{
  char                    *table_name;
  DdbItemCollectionMetrics metrics;
} DdbTableCollectionMetrics;

GArray *ddb_table_collection_metrics_array_new (void);

typedef struct
{
  DdbOutcome               outcome;
  DdbValue                *attributes;    /* ReturnValues, or the item on a failed condition */
  DdbConsumedCapacity      consumed;
  DdbItemCollectionMetrics collection;
  DdbThrottle              throttle;      /* when throttled */
} DdbWriteResult;

void ddb_write_result_clear (DdbWriteResult *result);

/* ---------------------------------------------------------------------------------------
 * Reads
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char             *table_name;
  DdbValue               *key;
  gboolean                consistent_read;
  const char             *projection_expression;      /* nullable */
  DdbExpressionAttributes attributes;
  DdbReturnCapacity       return_consumed_capacity;
} DdbGetItemInput;

typedef struct
{
  DdbOutcome          outcome;
  DdbValue           *item;         /* NULL when there is no such item */
  DdbConsumedCapacity consumed;
  DdbThrottle         throttle;
} DdbGetResult;

void ddb_get_result_clear (DdbGetResult *result);

/* Query and Scan share their input: the key condition is for Query, the segments for
 * Scan; the engine refuses members that do not belong to the operation. */
typedef struct
{
  const char             *table_name;
  const char             *index_name;                 /* nullable */
  const char             *key_condition_expression;   /* Query: required */
  const char             *filter_expression;          /* nullable */
  const char             *projection_expression;      /* nullable */
  DdbExpressionAttributes attributes;
  DdbSelect               select;
  gint64                  limit;                      /* 0: no limit */
  DdbValue               *exclusive_start_key;        /* nullable */
  gboolean                scan_index_forward;         /* Query; TRUE by default */
  gboolean                consistent_read;
  gint                    segment;                    /* Scan */
  gint                    total_segments;             /* Scan: 0 when not segmented */
  DdbReturnCapacity       return_consumed_capacity;
} DdbReadInput;

typedef struct
{
  DdbOutcome          outcome;
  GPtrArray          *items;        /* of DdbValue; empty (not NULL) for Select COUNT */
  gint64              count;
  gint64              scanned_count;
  DdbValue           *last_evaluated_key;   /* nullable */
  DdbConsumedCapacity consumed;
  DdbThrottle         throttle;
} DdbReadResult;

void ddb_read_input_init   (DdbReadInput  *input);
void ddb_read_result_clear (DdbReadResult *result);

/* ---------------------------------------------------------------------------------------
 * Batches
 * ------------------------------------------------------------------------------------- */

/* The keys of one table in a BatchGetItem (RequestItems.<table>). */
typedef struct
{
  const char             *table_name;
  DdbValue * const       *keys;
  guint                   n_keys;
  gboolean                consistent_read;
  const char             *projection_expression;      /* nullable */
  DdbExpressionAttributes attributes;
} DdbBatchGetTable;

typedef struct
{
  const DdbBatchGetTable *tables;
  guint                   n_tables;
  DdbReturnCapacity       return_consumed_capacity;
} DdbBatchGetInput;

/* A key of the request, by position: UnprocessedKeys are rebuilt from the request. */
typedef struct
{
  guint table;
  guint key;
} DdbBatchKeyRef;

typedef struct
{
  DdbOutcome  outcome;
  GPtrArray  *items;              /* per request table: a GPtrArray of DdbValue */
  GArray     *unprocessed;        /* of DdbBatchKeyRef */
  GArray     *consumed;           /* of DdbConsumedCapacity, one per request table */
  DdbThrottle throttle;           /* when no key could be read */
} DdbBatchGetResult;

/* One PutRequest or DeleteRequest of a BatchWriteItem. */
typedef struct
{
  const char *table_name;
  DdbValue   *put_item;           /* a PutRequest, or */
  DdbValue   *delete_key;         /* a DeleteRequest */
} DdbBatchWriteRequest;

typedef struct
{
  const DdbBatchWriteRequest *requests;
  guint                       n_requests;
  DdbReturnCapacity           return_consumed_capacity;
  gboolean                    return_item_collection_metrics;
} DdbBatchWriteInput;

typedef struct
{
  DdbOutcome outcome;
  GArray    *unprocessed;         /* of guint: indexes into the requests */
  GArray    *consumed;            /* of DdbConsumedCapacity, one per table, first seen first */
  GArray    *collections;         /* of DdbTableCollectionMetrics, when asked for; nullable */
  DdbThrottle throttle;           /* when no request could be written */
} DdbBatchWriteResult;

void ddb_batch_get_result_clear   (DdbBatchGetResult   *result);
void ddb_batch_write_result_clear (DdbBatchWriteResult *result);

/* ---------------------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  DDB_TRANSACT_PUT,
  DDB_TRANSACT_UPDATE,
  DDB_TRANSACT_DELETE,
  DDB_TRANSACT_CONDITION_CHECK,
} DdbTransactKind;

typedef struct
{
  DdbTransactKind         kind;
  const char             *table_name;
  DdbValue               *item;                       /* Put */
  DdbValue               *key;                        /* Update, Delete, ConditionCheck */
  const char             *condition_expression;       /* nullable; required by ConditionCheck */
  const char             *update_expression;          /* Update */
  DdbExpressionAttributes attributes;
  gboolean                return_old_on_condition_failure;
} DdbTransactWriteAction;

typedef struct
{
  const DdbTransactWriteAction *actions;
  guint                         n_actions;
  const char                   *client_request_token;  /* nullable */
  DdbReturnCapacity             return_consumed_capacity;
  gboolean                      return_item_collection_metrics;
} DdbTransactWriteInput;

/* CancellationReasons of a TransactionCanceledException, one per action, in order. */
typedef struct
{
  char     *code;                 /* "None", "ConditionalCheckFailed", ... */
  char     *message;              /* NULL for "None" */
  DdbValue *item;                 /* the item, when asked for on a failed condition */
} DdbCancellationReason;

typedef struct
{
  DdbOutcome outcome;             /* OK, TRANSACTION_CANCELED or ERROR */
  GArray    *reasons;             /* of DdbCancellationReason when canceled */
  GArray    *consumed;            /* of DdbConsumedCapacity, one per table */
  GArray    *collections;         /* of DdbTableCollectionMetrics, when asked for; nullable */
  DdbThrottle throttle;           /* what throttled it, when a reason says so */
} DdbTransactWriteResult;

typedef struct
{
  const char             *table_name;
  DdbValue               *key;
  const char             *projection_expression;      /* nullable */
  DdbExpressionAttributes attributes;
} DdbTransactGetAction;

typedef struct
{
  const DdbTransactGetAction *actions;
  guint                       n_actions;
  DdbReturnCapacity           return_consumed_capacity;
} DdbTransactGetInput;

typedef struct
{
  DdbOutcome outcome;
  GPtrArray *items;               /* per action: the item, or NULL when there is none */
  GArray    *consumed;            /* of DdbConsumedCapacity, one per table */
  DdbThrottle throttle;
} DdbTransactGetResult;

void  ddb_transact_write_result_clear   (DdbTransactWriteResult *result);
char *ddb_cancellation_reasons_message (const GArray           *reasons);
void ddb_transact_get_result_clear   (DdbTransactGetResult   *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbThrottle, ddb_throttle_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbConsumedCapacity, ddb_consumed_capacity_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbWriteResult, ddb_write_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbGetResult, ddb_get_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbReadResult, ddb_read_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbBatchGetResult, ddb_batch_get_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbBatchWriteResult, ddb_batch_write_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbTransactWriteResult, ddb_transact_write_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbTransactGetResult, ddb_transact_get_result_clear)

G_END_DECLS
