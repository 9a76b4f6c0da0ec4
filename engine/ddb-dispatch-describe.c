/* ddb-dispatch-describe.c
 *
 * The response structures the dispatcher writes: error bodies (TransactionCanceledException
 * with its CancellationReasons, and the throttling exceptions with their ThrottlingReasons,
 * among them), ConsumedCapacity, ItemCollectionMetrics, and the TableDescription of a
 * DdbTableInfo with its index descriptions.
 *
 * Member order follows DynamoDB's responses where public material shows it (the AWS CLI
 * prints members in the order the service sends them) and is otherwise fixed here, so that
 * output is stable.  Timestamps are epoch seconds printed as DynamoDB's Java service prints
 * a double (1.7356896E9); capacity units keep a decimal point (1.0).
 *
 * A TableDescription carries, besides DynamoDB's members, a "Ddbsim" object with what only
 * the simulator knows: the partition count, a scaled-down partition size limit, the exact
 * live item count and size (DynamoDB's ItemCount and TableSizeBytes are refreshed only
 * every few hours, and so are ddbsim's), and how many items Time to Live deleted.  Each
 * index description has one too: the index's partitions (a GSI has its own), its live
 * item count and size, and while a new GSI backfills, how many base items it has visited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-describe"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ddb-dispatch-private.h"
#include "ddb-value-json.h"

#define EXCEPTION_PREFIX "com.amazonaws.dynamodb.v20120810#"

/* ---------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------- */

/* {"__type": @type_id, @message_member: @message}; no message member when @message is
 * NULL. */
void
_ddb_write_error (DdbJsonWriter *writer,
                  const char    *type_id,
                  const char    *message_member,
                  const char    *message)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "__type");
  ddb_json_writer_string (writer, type_id, -1);
  if (message != NULL)
    {
      ddb_json_writer_member (writer, message_member);
      ddb_json_writer_string (writer, message, -1);
    }
  ddb_json_writer_end_object (writer);
}

/* The error body of @error.  DynamoDB's deserialiser (a Coral service exception) names its
 * message "Message"; every other exception says "message". */
void
_ddb_write_error_for (DdbJsonWriter *writer,
                      const GError  *error)
{
  g_autoptr(GError) adopted = g_error_copy (error);

  ddb_engine_error_adopt (&adopted);
  _ddb_write_error (writer, ddb_engine_error_type_id (adopted),
                    adopted->code == DDB_ENGINE_ERROR_SERIALIZATION ? "Message" : "message",
                    adopted->message);
}

static void
write_throttling_reason (DdbJsonWriter *writer,
                         const char    *reason,
                         const char    *resource)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "reason");
  ddb_json_writer_string (writer, reason, -1);
  if (resource != NULL)
    {
      ddb_json_writer_member (writer, "resource");
      ddb_json_writer_string (writer, resource, -1);
    }
  ddb_json_writer_end_object (writer);
}

/* The body of a throttled request: {"__type", "message", "ThrottlingReasons": [{"reason",
 * "resource"}]}, the exception and its message as the engine chose them
 * (ProvisionedThroughputExceededException, ThrottlingException or RequestLimitExceeded). */
static void
write_throttled (DdbJsonWriter     *writer,
                 const DdbThrottle *throttle)
{
  const char *exception = throttle->exception;
  const char *message = throttle->message;
  g_autofree char *type_id = NULL;

  /* The engine always says why; the table's wording stands in should it not. */
  if (exception == NULL)
    {
      exception = "ProvisionedThroughputExceededException";
      message = "The level of configured provisioned throughput for the table was exceeded. "
                "Consider increasing your provisioning level with the UpdateTable API.";
    }
  type_id = g_strconcat (EXCEPTION_PREFIX, exception, NULL);

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "__type");
  ddb_json_writer_string (writer, type_id, -1);
  if (message != NULL)
    {
      ddb_json_writer_member (writer, "message");
      ddb_json_writer_string (writer, message, -1);
    }
  if (throttle->reason != NULL)
    {
      ddb_json_writer_member (writer, "ThrottlingReasons");
      ddb_json_writer_begin_array (writer);
      write_throttling_reason (writer, throttle->reason, throttle->resource);
      for (guint i = 0; throttle->further != NULL && i < throttle->further->len; i++)
        {
          const DdbThrottlingReason *entry = &g_array_index (throttle->further,
                                                             DdbThrottlingReason, i);

          write_throttling_reason (writer, entry->reason, entry->resource);
        }
      ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_end_object (writer);
}

/**
 * _ddb_write_outcome_error:
 * @item: (nullable): the item to return with a failed condition (ALL_OLD)
 * @throttle: why the request was throttled (the result's DdbThrottle)
 *
 * Writes the error body of an expected simulation outcome that DynamoDB answers with an
 * exception, and marks @dispatch as failed.
 */
void
_ddb_write_outcome_error (DdbDispatch       *dispatch,
                          DdbOutcome         outcome,
                          const DdbValue    *item,
                          const DdbThrottle *throttle)
{
  DdbJsonWriter *writer = dispatch->writer;

  g_assert (throttle != NULL);

  dispatch->failed = TRUE;

  switch (outcome)
    {
    case DDB_OUTCOME_CONDITION_FAILED:
      ddb_json_writer_begin_object (writer);
      ddb_json_writer_member (writer, "__type");
      ddb_json_writer_string (writer, EXCEPTION_PREFIX "ConditionalCheckFailedException", -1);
      ddb_json_writer_member (writer, "message");
      ddb_json_writer_string (writer, "The conditional request failed", -1);
      if (item != NULL)
        {
          ddb_json_writer_member (writer, "Item");
          ddb_item_write_json (item, writer);
        }
      ddb_json_writer_end_object (writer);
      break;

    case DDB_OUTCOME_THROTTLED:
      write_throttled (writer, throttle);
      break;

    case DDB_OUTCOME_OK:
    case DDB_OUTCOME_TRANSACTION_CANCELED:   /* _ddb_write_transaction_canceled() */
    case DDB_OUTCOME_ERROR:
    default:
      g_assert_not_reached ();
    }
}

/**
 * _ddb_write_transaction_canceled:
 * @reasons: (element-type DdbCancellationReason): one reason per action, in order
 *
 * Writes TransactionCanceledException with its CancellationReasons, and marks @dispatch as
 * failed.  Member order and the capital "Message" are those of DynamoDB's own bodies:
 * {"__type", "CancellationReasons": [{"Code", "Item", "Message"}], "Message"}.
 */
void
_ddb_write_transaction_canceled (DdbDispatch  *dispatch,
                                 const GArray *reasons)
{
  DdbJsonWriter *writer = dispatch->writer;
  g_autofree char *message = ddb_cancellation_reasons_message (reasons);

  dispatch->failed = TRUE;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "__type");
  ddb_json_writer_string (writer, EXCEPTION_PREFIX "TransactionCanceledException", -1);
  ddb_json_writer_member (writer, "CancellationReasons");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < reasons->len; i++)
    {
      const DdbCancellationReason *reason = &g_array_index (reasons, DdbCancellationReason, i);

      ddb_json_writer_begin_object (writer);
      ddb_json_writer_member (writer, "Code");
      ddb_json_writer_string (writer, reason->code, -1);
      if (reason->item != NULL)
        {
          ddb_json_writer_member (writer, "Item");
          ddb_item_write_json (reason->item, writer);
        }
      if (reason->message != NULL)
        {
          ddb_json_writer_member (writer, "Message");
          ddb_json_writer_string (writer, reason->message, -1);
        }
      ddb_json_writer_end_object (writer);
    }
  ddb_json_writer_end_array (writer);
  ddb_json_writer_member (writer, "Message");
  ddb_json_writer_string (writer, message, -1);
  ddb_json_writer_end_object (writer);
}

/* ---------------------------------------------------------------------------------------
 * ConsumedCapacity and ItemCollectionMetrics
 * ------------------------------------------------------------------------------------- */

static void
write_units (DdbJsonWriter *writer,
             double         units)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "CapacityUnits");
  ddb_json_writer_double_with_point (writer, units);
  ddb_json_writer_end_object (writer);
}

/* Opens the "GlobalSecondaryIndexes" or "LocalSecondaryIndexes" member, an object or an
 * array, unless *@open says it is open already: at the first index that applies. */
static void
open_index_member (DdbJsonWriter *writer,
                   gboolean       global,
                   gboolean       array,
                   gboolean      *open)
{
  if (*open)
    return;

  ddb_json_writer_member (writer, global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
  if (array)
    ddb_json_writer_begin_array (writer);
  else
    ddb_json_writer_begin_object (writer);
  *open = TRUE;
}

/* The "GlobalSecondaryIndexes" or "LocalSecondaryIndexes" member, if any index applies. */
static void
write_index_units (DdbJsonWriter             *writer,
                   const DdbConsumedCapacity *consumed,
                   gboolean                   global)
{
  gboolean open = FALSE;

  for (guint i = 0; consumed->indexes != NULL && i < consumed->indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (consumed->indexes, DdbIndexCapacity, i);

      if (!index->global != !global)
        continue;
      open_index_member (writer, global, FALSE, &open);
      ddb_json_writer_member (writer, index->index_name);
      write_units (writer, index->read_units + index->write_units);
    }

  if (open)
    ddb_json_writer_end_object (writer);
}

/* One ConsumedCapacity object: TOTAL {TableName, CapacityUnits}; INDEXES adds Table and
 * the indexes that apply. */
static void
write_capacity_object (DdbJsonWriter             *writer,
                       const DdbConsumedCapacity *consumed,
                       DdbReturnCapacity          mode)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TableName");
  ddb_json_writer_string (writer, consumed->table_name, -1);
  ddb_json_writer_member (writer, "CapacityUnits");
  ddb_json_writer_double_with_point (writer, ddb_consumed_capacity_get_total (consumed));
  if (mode == DDB_RETURN_CAPACITY_INDEXES)
    {
      ddb_json_writer_member (writer, "Table");
      write_units (writer, consumed->table_read_units + consumed->table_write_units);
      write_index_units (writer, consumed, TRUE);
      write_index_units (writer, consumed, FALSE);
    }
  ddb_json_writer_end_object (writer);
}

/* Writes the "ConsumedCapacity" member of a single-table request for ReturnConsumedCapacity
 * @mode (nothing for NONE). */
void
_ddb_write_consumed_capacity (DdbJsonWriter             *writer,
                              const DdbConsumedCapacity *consumed,
                              DdbReturnCapacity          mode)
{
  if (mode == DDB_RETURN_CAPACITY_NONE)
    return;

  ddb_json_writer_member (writer, "ConsumedCapacity");
  write_capacity_object (writer, consumed, mode);
}

/**
 * _ddb_write_consumed_capacity_list:
 * @consumed: (element-type DdbConsumedCapacity) (nullable): one per table
 *
 * Writes the "ConsumedCapacity" member of a batch or a transaction, a list with one object
 * per table, for ReturnConsumedCapacity @mode (nothing for NONE).
 */
void
_ddb_write_consumed_capacity_list (DdbJsonWriter     *writer,
                                   const GArray      *consumed,
                                   DdbReturnCapacity  mode)
{
  if (mode == DDB_RETURN_CAPACITY_NONE)
    return;

  ddb_json_writer_member (writer, "ConsumedCapacity");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; consumed != NULL && i < consumed->len; i++)
    write_capacity_object (writer, &g_array_index (consumed, DdbConsumedCapacity, i), mode);
  ddb_json_writer_end_array (writer);
}

static void
write_collection_object (DdbJsonWriter                  *writer,
                         const DdbItemCollectionMetrics *metrics)
{
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "ItemCollectionKey");
  ddb_item_write_json (metrics->partition_key, writer);
  ddb_json_writer_member (writer, "SizeEstimateRangeGB");
  ddb_json_writer_begin_array (writer);
  ddb_json_writer_double_with_point (writer, metrics->size_estimate_gb_low);
  ddb_json_writer_double_with_point (writer, metrics->size_estimate_gb_high);
  ddb_json_writer_end_array (writer);
  ddb_json_writer_end_object (writer);
}

/* Writes the "ItemCollectionMetrics" member when the engine reported a collection. */
void
_ddb_write_collection_metrics (DdbJsonWriter                  *writer,
                               const DdbItemCollectionMetrics *metrics)
{
  if (metrics->partition_key == NULL)
    return;

  ddb_json_writer_member (writer, "ItemCollectionMetrics");
  write_collection_object (writer, metrics);
}

/* Writes the "ItemCollectionMetrics" member of a batch or a transaction: the collections
 * it wrote, grouped by table, {"T": [{...}, ...]}; nothing when there are none. */
void
_ddb_write_collection_metrics_by_table (DdbJsonWriter *writer,
                                        const GArray  *collections)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();

  if (collections == NULL || collections->len == 0)
    return;

  for (guint i = 0; i < collections->len; i++)
    {
      const char *name = g_array_index (collections, DdbTableCollectionMetrics, i).table_name;

      if (!g_ptr_array_find_with_equal_func (tables, name, g_str_equal, NULL))
        g_ptr_array_add (tables, (gpointer)name);
    }

  ddb_json_writer_member (writer, "ItemCollectionMetrics");
  ddb_json_writer_begin_object (writer);
  for (guint t = 0; t < tables->len; t++)
    {
      ddb_json_writer_member (writer, g_ptr_array_index (tables, t));
      ddb_json_writer_begin_array (writer);
      for (guint i = 0; i < collections->len; i++)
        {
          const DdbTableCollectionMetrics *entry =
            &g_array_index (collections, DdbTableCollectionMetrics, i);

          if (g_str_equal (entry->table_name, g_ptr_array_index (tables, t)))
            write_collection_object (writer, &entry->metrics);
        }
      ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_end_object (writer);
}

/* ---------------------------------------------------------------------------------------
 * Timestamps
 * ------------------------------------------------------------------------------------- */

/* The shortest digits that read back as @value, as "d.ddd" and a decimal exponent. */
static void
shortest_digits (double  value,
                 char   *mantissa,
                 gsize   size,
                 int    *exponent)
{
  char text[64];

  for (int precision = 0; precision <= 17; precision++)
    {
      g_snprintf (text, sizeof text, "%.*e", precision, value);
      if (g_ascii_strtod (text, NULL) == value)
        break;
    }

  *exponent = atoi (strchr (text, 'e') + 1);
  *strchr (text, 'e') = '\0';
  g_strlcpy (mantissa, text, size);
}

/**
 * _ddb_write_epoch_seconds:
 * @usec: a time on the simulated clock
 *
 * Writes @usec as DynamoDB writes a timestamp: epoch seconds with millisecond precision,
 * formatted as Java's Double.toString() does: plain decimal from 10^-3 to 10^7,
 * "1.7356896E9" above.
 */
void
_ddb_write_epoch_seconds (DdbJsonWriter *writer,
                          gint64         usec)
{
  double seconds = (double)(usec / 1000) / 1000.0;
  char mantissa[64];
  g_autofree char *text = NULL;
  int exponent;

  if (seconds == 0.0 || (ABS (seconds) >= 1e-3 && ABS (seconds) < 1e7))
    {
      ddb_json_writer_double_with_point (writer, seconds);
      return;
    }

  shortest_digits (seconds, mantissa, sizeof mantissa, &exponent);
  text = g_strdup_printf ("%s%sE%d", mantissa, strchr (mantissa, '.') == NULL ? ".0" : "",
                          exponent);
  ddb_json_writer_number_text (writer, text);
}

/* ---------------------------------------------------------------------------------------
 * TableDescription
 * ------------------------------------------------------------------------------------- */

static void
write_key_schema (DdbJsonWriter      *writer,
                  const DdbKeySchema *key)
{
  const char *names[2] = { key->partition_key, key->sort_key };
  const char *types[2] = { "HASH", "RANGE" };

  ddb_json_writer_member (writer, "KeySchema");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < 2 && names[i] != NULL; i++)
    {
      ddb_json_writer_begin_object (writer);
      ddb_json_writer_member (writer, "AttributeName");
      ddb_json_writer_string (writer, names[i], -1);
      ddb_json_writer_member (writer, "KeyType");
      ddb_json_writer_string (writer, types[i], -1);
      ddb_json_writer_end_object (writer);
    }
  ddb_json_writer_end_array (writer);
}

static void
write_projection (DdbJsonWriter      *writer,
                  const DdbIndexSpec *index)
{
  static const char * const names[] = {
    [DDB_PROJECTION_ALL] = "ALL",
    [DDB_PROJECTION_KEYS_ONLY] = "KEYS_ONLY",
    [DDB_PROJECTION_INCLUDE] = "INCLUDE",
  };

  ddb_json_writer_member (writer, "Projection");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "ProjectionType");
  ddb_json_writer_string (writer, names[index->projection], -1);
  if (index->non_key_attributes != NULL)
    {
      ddb_json_writer_member (writer, "NonKeyAttributes");
      ddb_json_writer_begin_array (writer);
      for (guint i = 0; index->non_key_attributes[i] != NULL; i++)
        ddb_json_writer_string (writer, index->non_key_attributes[i], -1);
      ddb_json_writer_end_array (writer);
    }
  ddb_json_writer_end_object (writer);
}

/* When the throughput of a table or a global index last changed. */
typedef struct
{
  gint64 last_increase_usec;        /* 0 when never */
  gint64 last_decrease_usec;
  gint   decreases_today;
} ThroughputHistory;

/* ProvisionedThroughput of a table or of a global index. */
static void
write_provisioned (DdbJsonWriter           *writer,
                   const DdbThroughput     *throughput,
                   DdbBillingMode           billing_mode,
                   const ThroughputHistory *history)
{
  gboolean on_demand = billing_mode == DDB_BILLING_ON_DEMAND;

  ddb_json_writer_member (writer, "ProvisionedThroughput");
  ddb_json_writer_begin_object (writer);
  if (history->last_increase_usec != 0)
    {
      ddb_json_writer_member (writer, "LastIncreaseDateTime");
      _ddb_write_epoch_seconds (writer, history->last_increase_usec);
    }
  if (history->last_decrease_usec != 0)
    {
      ddb_json_writer_member (writer, "LastDecreaseDateTime");
      _ddb_write_epoch_seconds (writer, history->last_decrease_usec);
    }
  ddb_json_writer_member (writer, "NumberOfDecreasesToday");
  ddb_json_writer_int (writer, history->decreases_today);
  ddb_json_writer_member (writer, "ReadCapacityUnits");
  ddb_json_writer_int (writer, on_demand ? 0 : throughput->read_capacity_units);
  ddb_json_writer_member (writer, "WriteCapacityUnits");
  ddb_json_writer_int (writer, on_demand ? 0 : throughput->write_capacity_units);
  ddb_json_writer_end_object (writer);
}

/* WarmThroughput: what an on-demand table or GSI serves at once, or what a provisioned
 * one was pre-warmed for (_ddb_engine_table_info()).  ddbsim leaves it out for a
 * provisioned table or GSI never pre-warmed: DynamoDB's figure for those is unverified. */
static void
write_warm (DdbJsonWriter *writer,
            double         read_units,
            double         write_units)
{
  if (read_units <= 0 && write_units <= 0)
    return;

  ddb_json_writer_member (writer, "WarmThroughput");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "ReadUnitsPerSecond");
  ddb_json_writer_int (writer, (gint64)read_units);
  ddb_json_writer_member (writer, "WriteUnitsPerSecond");
  ddb_json_writer_int (writer, (gint64)write_units);
  ddb_json_writer_member (writer, "Status");
  ddb_json_writer_string (writer, "ACTIVE", -1);
  ddb_json_writer_end_object (writer);
}

static void
write_on_demand (DdbJsonWriter       *writer,
                 const DdbThroughput *throughput,
                 DdbBillingMode       billing_mode)
{
  if (billing_mode != DDB_BILLING_ON_DEMAND)
    return;

  ddb_json_writer_member (writer, "OnDemandThroughput");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "MaxReadRequestUnits");
  ddb_json_writer_int (writer, throughput->max_read_request_units);
  ddb_json_writer_member (writer, "MaxWriteRequestUnits");
  ddb_json_writer_int (writer, throughput->max_write_request_units);
  ddb_json_writer_end_object (writer);
}

/* The spec of the index @name in @spec. */
static const DdbIndexSpec *
lookup_index_spec (const DdbTableSpec *spec,
                   const char         *name)
{
  for (guint i = 0; spec->indexes != NULL && i < spec->indexes->len; i++)
    {
      const DdbIndexSpec *index = g_ptr_array_index (spec->indexes, i);

      if (g_strcmp0 (index->name, name) == 0)
        return index;
    }

  g_return_val_if_reached (NULL);
}

static void
write_index_ddbsim_facts (DdbJsonWriter      *writer,
                          const DdbIndexInfo *index)
{
  ddb_json_writer_member (writer, "Ddbsim");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "PartitionCount");
  ddb_json_writer_int (writer, index->partition_count);
  ddb_json_writer_member (writer, "LiveItemCount");
  ddb_json_writer_int (writer, index->live_item_count);
  ddb_json_writer_member (writer, "LiveIndexSizeBytes");
  ddb_json_writer_int (writer, index->live_size_bytes);
  if (index->backfilling)
    {
      ddb_json_writer_member (writer, "BackfilledItems");
      ddb_json_writer_int (writer, index->backfilled_items);
    }
  ddb_json_writer_end_object (writer);
}

/* One GlobalSecondaryIndexDescription or LocalSecondaryIndexDescription. */
static void
write_index (DdbJsonWriter      *writer,
             const DdbTableInfo *info,
             const DdbIndexInfo *index)
{
  const DdbIndexSpec *spec = lookup_index_spec (info->spec, index->name);
  DdbBillingMode billing_mode = info->spec->billing_mode;
  /* The indexes of a new table are created with it. */
  DdbIndexStatus status = info->status == DDB_TABLE_STATUS_CREATING
                          ? DDB_INDEX_STATUS_CREATING : index->status;
  const ThroughputHistory history = {
    index->last_increase_usec, index->last_decrease_usec, index->decreases_today
  };

  g_return_if_fail (spec != NULL);

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "IndexName");
  ddb_json_writer_string (writer, index->name, -1);
  write_key_schema (writer, &spec->key);
  write_projection (writer, spec);
  if (index->global)
    {
      ddb_json_writer_member (writer, "IndexStatus");
      ddb_json_writer_string (writer, ddb_index_status_to_string (status), -1);
      if (index->backfilling)
        {
          ddb_json_writer_member (writer, "Backfilling");
          ddb_json_writer_boolean (writer, TRUE);
        }
      write_provisioned (writer, &spec->throughput, billing_mode, &history);
    }
  ddb_json_writer_member (writer, "IndexSizeBytes");
  ddb_json_writer_int (writer, index->size_bytes);
  ddb_json_writer_member (writer, "ItemCount");
  ddb_json_writer_int (writer, index->item_count);
  ddb_json_writer_member (writer, "IndexArn");
  ddb_json_writer_string (writer, index->arn, -1);
  if (index->global)
    {
      write_on_demand (writer, &spec->throughput, billing_mode);
      write_warm (writer, index->warm_read_units, index->warm_write_units);
    }
  write_index_ddbsim_facts (writer, index);
  ddb_json_writer_end_object (writer);
}

static void
write_indexes (DdbJsonWriter      *writer,
               const DdbTableInfo *info,
               gboolean            global)
{
  gboolean open = FALSE;

  for (guint i = 0; info->indexes != NULL && i < info->indexes->len; i++)
    {
      const DdbIndexInfo *index = &g_array_index (info->indexes, DdbIndexInfo, i);

      if (!index->global != !global)
        continue;
      open_index_member (writer, global, TRUE, &open);
      write_index (writer, info, index);
    }

  if (open)
    ddb_json_writer_end_array (writer);
}

static void
write_ddbsim_facts (DdbJsonWriter      *writer,
                    const DdbTableInfo *info)
{
  ddb_json_writer_member (writer, "Ddbsim");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "PartitionCount");
  ddb_json_writer_int (writer, info->partition_count);
  if (info->partition_max_bytes != 0 &&
      info->partition_max_bytes != DDB_TABLE_DEFAULT_PARTITION_BYTES)
    {
      ddb_json_writer_member (writer, "PartitionSizeLimitBytes");
      ddb_json_writer_int (writer, (gint64)info->partition_max_bytes);
    }
  ddb_json_writer_member (writer, "LiveItemCount");
  ddb_json_writer_int (writer, info->live_item_count);
  ddb_json_writer_member (writer, "LiveTableSizeBytes");
  ddb_json_writer_int (writer, info->live_size_bytes);
  if (info->ttl_attribute != NULL)
    {
      ddb_json_writer_member (writer, "TtlDeletedItems");
      ddb_json_writer_int (writer, info->ttl_deleted_items);
    }
  ddb_json_writer_end_object (writer);
}

/* Writes @info as a TableDescription object. */
void
_ddb_write_table_description (DdbJsonWriter      *writer,
                              const DdbTableInfo *info)
{
  const DdbTableSpec *spec = info->spec;
  const ThroughputHistory history = {
    info->last_increase_usec, info->last_decrease_usec, info->decreases_today
  };

  ddb_json_writer_begin_object (writer);

  ddb_json_writer_member (writer, "AttributeDefinitions");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < spec->attribute_definitions->len; i++)
    {
      const DdbAttributeDefinition *definition =
        &g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i);

      ddb_json_writer_begin_object (writer);
      ddb_json_writer_member (writer, "AttributeName");
      ddb_json_writer_string (writer, definition->name, -1);
      ddb_json_writer_member (writer, "AttributeType");
      ddb_json_writer_string (writer, ddb_kind_to_string (definition->kind), -1);
      ddb_json_writer_end_object (writer);
    }
  ddb_json_writer_end_array (writer);

  ddb_json_writer_member (writer, "TableName");
  ddb_json_writer_string (writer, spec->table_name, -1);
  write_key_schema (writer, &spec->key);
  ddb_json_writer_member (writer, "TableStatus");
  ddb_json_writer_string (writer, ddb_table_status_to_string (info->status), -1);
  ddb_json_writer_member (writer, "CreationDateTime");
  _ddb_write_epoch_seconds (writer, info->creation_usec);
  write_provisioned (writer, &spec->throughput, spec->billing_mode, &history);
  ddb_json_writer_member (writer, "TableSizeBytes");
  ddb_json_writer_int (writer, info->size_bytes);
  ddb_json_writer_member (writer, "ItemCount");
  ddb_json_writer_int (writer, info->item_count);
  ddb_json_writer_member (writer, "TableArn");
  ddb_json_writer_string (writer, info->arn, -1);
  ddb_json_writer_member (writer, "TableId");
  ddb_json_writer_string (writer, info->table_id, -1);

  if (spec->billing_mode == DDB_BILLING_ON_DEMAND)
    {
      ddb_json_writer_member (writer, "BillingModeSummary");
      ddb_json_writer_begin_object (writer);
      ddb_json_writer_member (writer, "BillingMode");
      ddb_json_writer_string (writer, "PAY_PER_REQUEST", -1);
      ddb_json_writer_member (writer, "LastUpdateToPayPerRequestDateTime");
      _ddb_write_epoch_seconds (writer, info->billing_mode_changed_usec != 0
                                        ? info->billing_mode_changed_usec
                                        : info->creation_usec);
      ddb_json_writer_end_object (writer);
    }

  write_indexes (writer, info, FALSE);
  write_indexes (writer, info, TRUE);

  ddb_json_writer_member (writer, "TableClassSummary");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TableClass");
  ddb_json_writer_string (writer, spec->table_class == DDB_TABLE_CLASS_STANDARD_IA
                                  ? "STANDARD_INFREQUENT_ACCESS" : "STANDARD", -1);
  ddb_json_writer_end_object (writer);

  write_on_demand (writer, &spec->throughput, spec->billing_mode);
  write_warm (writer, info->warm_read_units, info->warm_write_units);
  ddb_json_writer_member (writer, "DeletionProtectionEnabled");
  ddb_json_writer_boolean (writer, FALSE);
  write_ddbsim_facts (writer, info);

  ddb_json_writer_end_object (writer);
}
