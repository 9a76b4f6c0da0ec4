/* ddb-request.c
 *
 * Helpers for the engine's request and result types: consumed capacity accounting and
 * the release of results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-request"

#include "config.h"

#include <string.h>

#include "ddb-engine-private.h"

static void
index_capacity_clear (DdbIndexCapacity *index)
{
  g_clear_pointer (&index->index_name, g_free);
}

static void
throttling_reason_clear (gpointer data)
{
  DdbThrottlingReason *entry = data;

  g_clear_pointer (&entry->reason, g_free);
  g_clear_pointer (&entry->resource, g_free);
}

/* Adds an entry to ThrottlingReasons, taking @reason and @resource: the first becomes
 * reason and resource, the others go to further. */
void
ddb_throttle_add_reason (DdbThrottle *throttle,
                         char        *reason,
                         char        *resource)
{
  DdbThrottlingReason entry = { reason, resource };

  g_return_if_fail (throttle != NULL && reason != NULL);

  if (throttle->reason == NULL)
    {
      throttle->reason = reason;
      throttle->resource = resource;
      return;
    }
  if (throttle->further == NULL)
    {
      throttle->further = g_array_new (FALSE, FALSE, sizeof (DdbThrottlingReason));
      g_array_set_clear_func (throttle->further, throttling_reason_clear);
    }
  g_array_append_val (throttle->further, entry);
}

void
ddb_throttle_clear (DdbThrottle *throttle)
{
  g_return_if_fail (throttle != NULL);

  g_clear_pointer (&throttle->reason, g_free);
  g_clear_pointer (&throttle->resource, g_free);
  g_clear_pointer (&throttle->further, g_array_unref);
  throttle->exception = NULL;
  throttle->message = NULL;
}

/* Starts an empty account for @table_name.  Clear it with ddb_consumed_capacity_clear(). */
void
ddb_consumed_capacity_init (DdbConsumedCapacity *consumed,
                            const char          *table_name)
{
  g_return_if_fail (consumed != NULL);

  memset (consumed, 0, sizeof *consumed);
  consumed->table_name = g_strdup (table_name);
}

void
ddb_consumed_capacity_clear (DdbConsumedCapacity *consumed)
{
  g_return_if_fail (consumed != NULL);

  g_clear_pointer (&consumed->table_name, g_free);
  g_clear_pointer (&consumed->indexes, g_array_unref);
  consumed->table_read_units = 0;
  consumed->table_write_units = 0;
}

/* Adds units consumed on an index; units for the same index accumulate. */
void
ddb_consumed_capacity_add_index (DdbConsumedCapacity *consumed,
                                 const char          *index_name,
                                 gboolean             global,
                                 double               read_units,
                                 double               write_units)
{
  DdbIndexCapacity entry = { 0 };

  g_return_if_fail (consumed != NULL);
  g_return_if_fail (index_name != NULL);

  if (consumed->indexes == NULL)
    {
      consumed->indexes = g_array_new (FALSE, TRUE, sizeof (DdbIndexCapacity));
      g_array_set_clear_func (consumed->indexes, (GDestroyNotify)index_capacity_clear);
    }

  for (guint i = 0; i < consumed->indexes->len; i++)
    {
      DdbIndexCapacity *existing = &g_array_index (consumed->indexes, DdbIndexCapacity, i);

      if (strcmp (existing->index_name, index_name) == 0)
        {
          existing->read_units += read_units;
          existing->write_units += write_units;
          return;
        }
    }

  entry.index_name = g_strdup (index_name);
  entry.global = global;
  entry.read_units = read_units;
  entry.write_units = write_units;
  g_array_append_val (consumed->indexes, entry);
}

/* Adds everything @part consumed (table and indexes) to @total. */
void
ddb_consumed_capacity_add (DdbConsumedCapacity       *total,
                           const DdbConsumedCapacity *part)
{
  g_return_if_fail (total != NULL && part != NULL);

  total->table_read_units += part->table_read_units;
  total->table_write_units += part->table_write_units;
  for (guint i = 0; part->indexes != NULL && i < part->indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (part->indexes, DdbIndexCapacity, i);

      ddb_consumed_capacity_add_index (total, index->index_name, index->global,
                                       index->read_units, index->write_units);
    }
}

/* Read units on the table and all its indexes. */
double
ddb_consumed_capacity_get_read (const DdbConsumedCapacity *consumed)
{
  double total;

  g_return_val_if_fail (consumed != NULL, 0);

  total = consumed->table_read_units;
  for (guint i = 0; consumed->indexes != NULL && i < consumed->indexes->len; i++)
    total += g_array_index (consumed->indexes, DdbIndexCapacity, i).read_units;

  return total;
}

/* Write units on the table and all its indexes. */
double
ddb_consumed_capacity_get_write (const DdbConsumedCapacity *consumed)
{
  double total;

  g_return_val_if_fail (consumed != NULL, 0);

  total = consumed->table_write_units;
  for (guint i = 0; consumed->indexes != NULL && i < consumed->indexes->len; i++)
    total += g_array_index (consumed->indexes, DdbIndexCapacity, i).write_units;

  return total;
}

/* CapacityUnits as DynamoDB reports it: every unit, read and write, table and indexes. */
double
ddb_consumed_capacity_get_total (const DdbConsumedCapacity *consumed)
{
  return ddb_consumed_capacity_get_read (consumed) + ddb_consumed_capacity_get_write (consumed);
}

/* Releases what @result holds and zeroes it, so it can be passed to another request. */
void
ddb_write_result_clear (DdbWriteResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->attributes, ddb_value_unref);
  g_clear_pointer (&result->collection.partition_key, ddb_value_unref);
  ddb_consumed_capacity_clear (&result->consumed);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

void
ddb_get_result_clear (DdbGetResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->item, ddb_value_unref);
  ddb_consumed_capacity_clear (&result->consumed);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

/* Fills @input with DynamoDB's defaults: ascending order, all attributes, no limit. */
void
ddb_read_input_init (DdbReadInput *input)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->scan_index_forward = TRUE;
  input->select = DDB_SELECT_DEFAULT;
}

void
ddb_read_result_clear (DdbReadResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->last_evaluated_key, ddb_value_unref);
  ddb_consumed_capacity_clear (&result->consumed);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

/* An array of DdbConsumedCapacity that clears its elements. */
GArray *
_ddb_consumed_capacity_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (DdbConsumedCapacity));

  g_array_set_clear_func (array, (GDestroyNotify)ddb_consumed_capacity_clear);

  return array;
}

/* Returns: (transfer none): the account of @table_name in @array, added if missing. */
DdbConsumedCapacity *
_ddb_consumed_capacity_array_lookup (GArray     *array,
                                     const char *table_name)
{
  DdbConsumedCapacity entry;

  for (guint i = 0; i < array->len; i++)
    {
      DdbConsumedCapacity *consumed = &g_array_index (array, DdbConsumedCapacity, i);

      if (g_strcmp0 (consumed->table_name, table_name) == 0)
        return consumed;
    }

  ddb_consumed_capacity_init (&entry, table_name);
  g_array_append_val (array, entry);

  return &g_array_index (array, DdbConsumedCapacity, array->len - 1);
}

void
ddb_batch_get_result_clear (DdbBatchGetResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->unprocessed, g_array_unref);
  g_clear_pointer (&result->consumed, g_array_unref);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

static void
table_collection_metrics_clear (DdbTableCollectionMetrics *entry)
{
  g_clear_pointer (&entry->table_name, g_free);
  g_clear_pointer (&entry->metrics.partition_key, ddb_value_unref);
}

/* An array of DdbTableCollectionMetrics that clears its elements. */
GArray *
ddb_table_collection_metrics_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (DdbTableCollectionMetrics));

  g_array_set_clear_func (array, (GDestroyNotify)table_collection_metrics_clear);

  return array;
}

void
ddb_batch_write_result_clear (DdbBatchWriteResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->collections, g_array_unref);
  g_clear_pointer (&result->unprocessed, g_array_unref);
  g_clear_pointer (&result->consumed, g_array_unref);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

static void
cancellation_reason_clear (DdbCancellationReason *reason)
{
  g_clear_pointer (&reason->code, g_free);
  g_clear_pointer (&reason->message, g_free);
  g_clear_pointer (&reason->item, ddb_value_unref);
}

/* An array of DdbCancellationReason that clears its elements. */
GArray *
_ddb_cancellation_reasons_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (DdbCancellationReason));

  g_array_set_clear_func (array, (GDestroyNotify)cancellation_reason_clear);

  return array;
}

void
ddb_transact_write_result_clear (DdbTransactWriteResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->collections, g_array_unref);
  g_clear_pointer (&result->reasons, g_array_unref);
  g_clear_pointer (&result->consumed, g_array_unref);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

void
ddb_transact_get_result_clear (DdbTransactGetResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->consumed, g_array_unref);
  ddb_throttle_clear (&result->throttle);
  memset (result, 0, sizeof *result);
}

/**
 * ddb_cancellation_reasons_message:
 * @reasons: (element-type DdbCancellationReason): the reasons of a cancelled transaction
 *
 * Returns: (transfer full): the message of DynamoDB's TransactionCanceledException, which
 *   lists the code of every action in order: "Transaction cancelled, please refer
 *   cancellation reasons for specific reasons [None, ConditionalCheckFailed]".
 */
char *
ddb_cancellation_reasons_message (const GArray *reasons)
{
  GString *message = g_string_new ("Transaction cancelled, please refer cancellation reasons "
                                   "for specific reasons [");

  g_return_val_if_fail (reasons != NULL, g_string_free (message, TRUE));

  for (guint i = 0; i < reasons->len; i++)
    g_string_append_printf (message, "%s%s", i > 0 ? ", " : "",
                            g_array_index (reasons, DdbCancellationReason, i).code);
  g_string_append_c (message, ']');

  return g_string_free (message, FALSE);
}
