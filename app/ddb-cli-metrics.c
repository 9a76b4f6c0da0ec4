/* ddb-cli-metrics.c
 *
 * The metrics of `ddbsim-cli exec` (ddb-metrics.h holds what the engine measures):
 *
 *   - the snapshot the `metrics [TABLE]` directive prints, one JSON line:
 *
 *       {"Second": S, "Time": "2025-01-01T00:00:01Z",
 *        "Tables": [{"TableName": ..., "LastSecond": POINT or null,
 *                    "LastMinutes": [POINT, ...],
 *                    "GlobalSecondaryIndexes": [{"IndexName": ..., "LastSecond": ...,
 *                                                "LastMinutes": [...]}]}],
 *        "Bill": {...}}
 *
 *     Second and Time are the second the clock is in; LastSecond is the last closed second
 *     (null before one closed); LastMinutes are the last DDB_CLI_METRICS_MINUTES minutes,
 *     oldest first, the open minute last with the seconds closed so far.  A POINT is
 *     described at write_point(), the Bill (the cost of the seconds closed, of the tables
 *     shown) at write_bill().
 *
 *   - the CSV file of --metrics-csv: a header row, then one row per closed second of every
 *     table and GSI, written from the engine's metrics callback as the clock closes them.
 *     An `advance` closes each table's seconds, then each of its GSIs', so rows are
 *     grouped by resource within one advance.  Table and index names need no quoting in
 *     CSV: DynamoDB allows only [a-zA-Z0-9_.-] in them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-metrics"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "ddb-cli-metrics.h"
#include "ddb-json-writer.h"

/* "2025-01-01T00:00:00Z" for an epoch second. */
static char *
format_time (gint64 second)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

/* ---------------------------------------------------------------------------------------
 * The snapshot
 * ------------------------------------------------------------------------------------- */

static void
write_text (DdbJsonWriter *writer,
            const char    *member,
            const char    *text)
{
  ddb_json_writer_member (writer, member);
  ddb_json_writer_string (writer, text, -1);
}

static void
write_number (DdbJsonWriter *writer,
              const char    *member,
              double         value)
{
  ddb_json_writer_member (writer, member);
  ddb_json_writer_double (writer, value);
}

static void
write_units (DdbJsonWriter *writer,
             const char    *member,
             double         units)
{
  ddb_json_writer_member (writer, member);
  ddb_json_writer_double_with_point (writer, units);
}

static void
write_count (DdbJsonWriter *writer,
             const char    *member,
             gint64         count)
{
  ddb_json_writer_member (writer, member);
  ddb_json_writer_int (writer, count);
}

/* A second or a minute of a table or GSI.  Counters are sums over the period, gauges
 * (provisioned capacity, burst banks, items, size, partitions) its last value; Requests and
 * ThrottleEvents leave out what is zero:
 *
 *   {"Second", "Time", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits",
 *    "ProvisionedReadCapacityUnits", "ProvisionedWriteCapacityUnits",
 *    "Requests": {"PutItem": n, ...}, "ThrottledRequests", "ReadThrottleEvents",
 *    "WriteThrottleEvents", "ThrottleEvents": {"TableWriteProvisionedThroughputExceeded": n},
 *    "BurstReadCapacityUnits", "BurstWriteCapacityUnits", "AdaptiveReadCapacityUnits",
 *    "AdaptiveWriteCapacityUnits", "OnlineIndexConsumedWriteCapacity", "ItemCount",
 *    "SizeBytes", "PartitionCount", "Splits", "TtlDeletedItems"} */
static void
write_point (DdbJsonWriter        *writer,
             const DdbMetricPoint *point)
{
  g_autofree char *time = format_time (point->second);

  ddb_json_writer_begin_object (writer);
  write_count (writer, "Second", point->second);
  write_text (writer, "Time", time);
  write_units (writer, "ConsumedReadCapacityUnits", point->consumed_read);
  write_units (writer, "ConsumedWriteCapacityUnits", point->consumed_write);
  write_units (writer, "ProvisionedReadCapacityUnits", point->provisioned_read);
  write_units (writer, "ProvisionedWriteCapacityUnits", point->provisioned_write);

  ddb_json_writer_member (writer, "Requests");
  ddb_json_writer_begin_object (writer);
  for (guint i = 0; i < DDB_OPERATION_COUNT; i++)
    if (point->requests[i] > 0)
      write_count (writer, ddb_operation_to_string (i), point->requests[i]);
  ddb_json_writer_end_object (writer);

  write_count (writer, "ThrottledRequests", point->throttled_requests);
  write_count (writer, "ReadThrottleEvents", point->read_throttle_events);
  write_count (writer, "WriteThrottleEvents", point->write_throttle_events);
  ddb_json_writer_member (writer, "ThrottleEvents");
  ddb_json_writer_begin_object (writer);
  for (guint i = 0; i < DDB_THROTTLE_REASON_COUNT; i++)
    {
      g_autofree char *reason = NULL;

      if (point->throttle_reasons[i] == 0)
        continue;
      reason = ddb_throttle_reason_name (i);
      write_count (writer, reason, point->throttle_reasons[i]);
    }
  ddb_json_writer_end_object (writer);

  write_units (writer, "BurstReadCapacityUnits", point->burst_read);
  write_units (writer, "BurstWriteCapacityUnits", point->burst_write);
  write_units (writer, "AdaptiveReadCapacityUnits", point->adaptive_read);
  write_units (writer, "AdaptiveWriteCapacityUnits", point->adaptive_write);
  write_units (writer, "OnlineIndexConsumedWriteCapacity", point->backfill_write);
  write_count (writer, "ItemCount", point->item_count);
  write_count (writer, "SizeBytes", point->size_bytes);
  write_count (writer, "PartitionCount", point->partition_count);
  write_count (writer, "Splits", point->splits);
  write_count (writer, "TtlDeletedItems", point->ttl_deleted);
  ddb_json_writer_end_object (writer);
}

/* "LastSecond" and "LastMinutes" of a table (@index_name NULL) or a GSI, as of @now. */
static gboolean
write_series (DdbJsonWriter *writer,
              DdbEngine     *engine,
              const char    *table_name,
              const char    *index_name,
              gint64         now,
              GError       **error)
{
  gint64 first_minute = now - now % 60 - (DDB_CLI_METRICS_MINUTES - 1) * 60;
  g_autoptr(GArray) last = NULL;
  g_autoptr(GArray) minutes = NULL;

  last = ddb_engine_get_metrics (engine, table_name, index_name, DDB_METRICS_SECOND, now - 1,
                                 now - 1, error);
  if (last == NULL)
    return FALSE;
  minutes = ddb_engine_get_metrics (engine, table_name, index_name, DDB_METRICS_MINUTE,
                                    first_minute, now, error);
  if (minutes == NULL)
    return FALSE;

  ddb_json_writer_member (writer, "LastSecond");
  if (last->len > 0)
    write_point (writer, &g_array_index (last, DdbMetricPoint, last->len - 1));
  else
    ddb_json_writer_null (writer);

  ddb_json_writer_member (writer, "LastMinutes");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < minutes->len; i++)
    write_point (writer, &g_array_index (minutes, DdbMetricPoint, i));
  ddb_json_writer_end_array (writer);

  return TRUE;
}

/* One element of "Tables": the table's series, then each GSI's. */
static gboolean
write_table (DdbJsonWriter *writer,
             DdbEngine     *engine,
             const char    *table_name,
             gint64         now,
             GError       **error)
{
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (engine, table_name, error);
  gboolean any_global = FALSE;

  if (info == NULL)
    return FALSE;

  ddb_json_writer_begin_object (writer);
  write_text (writer, "TableName", table_name);
  if (!write_series (writer, engine, table_name, NULL, now, error))
    return FALSE;

  for (guint i = 0; info->indexes != NULL && i < info->indexes->len; i++)
    {
      const DdbIndexInfo *index = &g_array_index (info->indexes, DdbIndexInfo, i);

      if (!index->global)
        continue;
      if (!any_global)
        {
          ddb_json_writer_member (writer, "GlobalSecondaryIndexes");
          ddb_json_writer_begin_array (writer);
          any_global = TRUE;
        }
      ddb_json_writer_begin_object (writer);
      write_text (writer, "IndexName", index->name);
      if (!write_series (writer, engine, table_name, index->name, now, error))
        return FALSE;
      ddb_json_writer_end_object (writer);
    }
  if (any_global)
    ddb_json_writer_end_array (writer);

  ddb_json_writer_end_object (writer);

  return TRUE;
}

/* Every table's name, in ListTables order. */
static GPtrArray *
list_table_names (DdbEngine  *engine,
                  GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = NULL;

  do
    {
      g_autofree char *last = NULL;
      g_auto(GStrv) page = ddb_engine_list_tables (engine, start, 100, &last, error);

      if (page == NULL)
        return NULL;
      for (guint i = 0; page[i] != NULL; i++)
        g_ptr_array_add (names, g_strdup (page[i]));
      g_free (start);
      start = g_steal_pointer (&last);
    }
  while (start != NULL);

  return g_steal_pointer (&names);
}

static void
write_bill_line (DdbJsonWriter     *writer,
                 const DdbBillLine *line)
{
  ddb_json_writer_begin_object (writer);
  write_text (writer, "Item", line->label);
  if (line->table_name != NULL)
    write_text (writer, "TableName", line->table_name);
  if (line->index_name != NULL)
    write_text (writer, "IndexName", line->index_name);
  write_number (writer, "Quantity", line->quantity);
  write_text (writer, "Unit", line->unit);
  write_number (writer, "UnitPriceUSD", line->unit_price_usd);
  write_number (writer, "USD", line->usd);
  ddb_json_writer_member (writer, "Verified");
  ddb_json_writer_boolean (writer, line->verified);
  ddb_json_writer_end_object (writer);
}

/* The snapshot's "Bill": what the tables shown (@table_name, or all when NULL) have cost
 * over the seconds closed (ddb_engine_get_bill()), and that projected to a month:
 *
 *   {"Hours", "Lines": [{"Item", "TableName", "IndexName", "Quantity", "Unit",
 *    "UnitPriceUSD", "USD", "Verified"}], "TotalUSD", "MonthlyProjectionUSD"} */
static gboolean
write_bill (DdbJsonWriter *writer,
            DdbEngine     *engine,
            const char    *table_name,
            GError       **error)
{
  g_autoptr(DdbBill) bill = ddb_engine_get_bill (engine, table_name, error);
  g_autoptr(DdbBill) monthly = NULL;

  if (bill == NULL)
    return FALSE;
  monthly = ddb_engine_get_monthly_bill (engine, table_name, error);
  if (monthly == NULL)
    return FALSE;

  ddb_json_writer_member (writer, "Bill");
  ddb_json_writer_begin_object (writer);
  write_number (writer, "Hours", ddb_bill_get_hours (bill));
  ddb_json_writer_member (writer, "Lines");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < ddb_bill_get_n_lines (bill); i++)
    write_bill_line (writer, ddb_bill_get_line (bill, i));
  ddb_json_writer_end_array (writer);
  write_number (writer, "TotalUSD", ddb_bill_get_total_usd (bill));
  write_number (writer, "MonthlyProjectionUSD", ddb_bill_get_total_usd (monthly));
  ddb_json_writer_end_object (writer);

  return TRUE;
}

/* "ScalingActivities": every auto scaling action so far (of @table_name, or all). */
static void
write_scaling_activities (DdbJsonWriter *writer,
                          DdbEngine     *engine,
                          const char    *table_name)
{
  g_autoptr(GArray) activities = ddb_engine_get_scaling_activities (engine);

  ddb_json_writer_member (writer, "ScalingActivities");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < activities->len; i++)
    {
      const DdbScalingActivity *activity = &g_array_index (activities, DdbScalingActivity, i);
      g_autofree char *time = format_time (activity->time_usec / G_USEC_PER_SEC);

      if (table_name != NULL && g_strcmp0 (activity->table_name, table_name) != 0)
        continue;
      ddb_json_writer_begin_object (writer);
      write_text (writer, "Time", time);
      write_text (writer, "TableName", activity->table_name);
      if (activity->index_name != NULL)
        write_text (writer, "IndexName", activity->index_name);
      write_text (writer, "Dimension", activity->write ? "WriteCapacityUnits"
                                                       : "ReadCapacityUnits");
      write_count (writer, "From", activity->from_units);
      write_count (writer, "To", activity->to_units);
      write_text (writer, "Status", activity->applied ? "Successful" : "Failed");
      write_text (writer, "Message", activity->message);
      ddb_json_writer_end_object (writer);
    }
  ddb_json_writer_end_array (writer);
}

/**
 * ddb_cli_metrics_snapshot:
 * @table_name: (nullable): one table, or NULL for all of them
 *
 * The metrics snapshot of the `metrics` directive (see the top of this file).
 *
 * Returns: (transfer full) (nullable): one line of JSON, or NULL with @error set (a table
 *   that does not exist: ResourceNotFoundException).
 */
char *
ddb_cli_metrics_snapshot (DdbEngine   *engine,
                          const char  *table_name,
                          GError     **error)
{
  g_autoptr(DdbJsonWriter) writer = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *time = NULL;
  gint64 now;

  g_return_val_if_fail (DDB_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  now = ddb_engine_get_now (engine) / G_USEC_PER_SEC;
  time = format_time (now);
  if (table_name != NULL)
    {
      names = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (names, g_strdup (table_name));
    }
  else if ((names = list_table_names (engine, error)) == NULL)
    return NULL;

  writer = ddb_json_writer_new (FALSE);
  ddb_json_writer_begin_object (writer);
  write_count (writer, "Second", now);
  write_text (writer, "Time", time);
  ddb_json_writer_member (writer, "Tables");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; i < names->len; i++)
    if (!write_table (writer, engine, g_ptr_array_index (names, i), now, error))
      return NULL;
  ddb_json_writer_end_array (writer);
  write_scaling_activities (writer, engine, table_name);
  if (!write_bill (writer, engine, table_name, error))
    return NULL;
  ddb_json_writer_end_object (writer);

  return ddb_json_writer_free_to_string (g_steal_pointer (&writer));
}

/* ---------------------------------------------------------------------------------------
 * The CSV series
 * ------------------------------------------------------------------------------------- */

struct _DdbCliMetricsCsv
{
  DdbEngine *engine;                /* borrowed: it outlives the writer */
  char      *path;
  FILE      *stream;
  GString   *row;
  gboolean   dirty;                 /* rows written since the last flush */
  int        errsv;                 /* the first write error, 0 when none */
  gboolean   reported;              /* errsv was reported: it is not reported again */
};

static const char * const head_columns[] = {
  "second", "time", "table", "index", "consumed_read", "consumed_write", "provisioned_read",
  "provisioned_write",
};

static const char * const tail_columns[] = {
  "throttled_requests", "read_throttle_events", "write_throttle_events", "burst_read",
  "burst_write", "adaptive_read", "adaptive_write", "item_count", "size_bytes",
  "partition_count", "splits", "ttl_deleted",
};

/* "requests_put_item" for PutItem. */
static void
append_operation_column (GString          *row,
                         DdbOperationKind  operation)
{
  const char *name = ddb_operation_to_string (operation);

  g_string_append (row, "requests");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        g_string_append_c (row, '_');
      g_string_append_c (row, g_ascii_tolower (*p));
    }
}

static void
append_header (GString *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (head_columns); i++)
    g_string_append_printf (row, "%s,", head_columns[i]);
  for (guint i = 0; i < DDB_OPERATION_COUNT; i++)
    {
      append_operation_column (row, i);
      g_string_append_c (row, ',');
    }
  for (guint i = 0; i < G_N_ELEMENTS (tail_columns); i++)
    g_string_append_printf (row, "%s%c", tail_columns[i],
                            i + 1 < G_N_ELEMENTS (tail_columns) ? ',' : '\n');
}

static void
append_decimal (GString *row,
                double   value)
{
  g_autofree char *text = ddb_format_decimal (value, DDB_JSON_DOUBLE_DECIMALS);

  g_string_append_printf (row, ",%s", text);
}

/* One row, in the order of the header. */
static void
append_row (GString              *row,
            const char           *table_name,
            const char           *index_name,
            const DdbMetricPoint *point)
{
  g_autofree char *time = format_time (point->second);

  g_string_append_printf (row, "%" G_GINT64_FORMAT ",%s,%s,%s", point->second, time,
                          table_name, index_name != NULL ? index_name : "");
  append_decimal (row, point->consumed_read);
  append_decimal (row, point->consumed_write);
  append_decimal (row, point->provisioned_read);
  append_decimal (row, point->provisioned_write);
  for (guint i = 0; i < DDB_OPERATION_COUNT; i++)
    g_string_append_printf (row, ",%u", point->requests[i]);
  g_string_append_printf (row, ",%u,%u,%u", point->throttled_requests,
                          point->read_throttle_events, point->write_throttle_events);
  append_decimal (row, point->burst_read);
  append_decimal (row, point->burst_write);
  append_decimal (row, point->adaptive_read);
  append_decimal (row, point->adaptive_write);
  g_string_append_printf (row, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u,%u,%u\n",
                          point->item_count, point->size_bytes, point->partition_count,
                          point->splits, point->ttl_deleted);
}

/* Writes the text in csv->row; remembers the first error. */
static void
write_row (DdbCliMetricsCsv *csv)
{
  if (csv->errsv != 0)
    return;

  errno = 0;
  if (fwrite (csv->row->str, 1, csv->row->len, csv->stream) != csv->row->len)
    csv->errsv = errno != 0 ? errno : EIO;
  csv->dirty = TRUE;
}

/* A DdbMetricsFunc: one row per closed second. */
static void
metrics_point_cb (const char           *table_name,
                  const char           *index_name,
                  const DdbMetricPoint *point,
                  gpointer              user_data)
{
  DdbCliMetricsCsv *csv = user_data;

  g_string_truncate (csv->row, 0);
  append_row (csv->row, table_name, index_name, point);
  write_row (csv);
}

/* Whether no write failed, or the failure was reported already; else reports it. */
static gboolean
check_write_error (DdbCliMetricsCsv  *csv,
                   GError           **error)
{
  if (csv->errsv == 0 || csv->reported)
    return TRUE;

  csv->reported = TRUE;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (csv->errsv),
               "%s: cannot write: %s", csv->path, g_strerror (csv->errsv));

  return FALSE;
}

static void
csv_free (DdbCliMetricsCsv *csv)
{
  g_string_free (csv->row, TRUE);
  g_free (csv->path);
  g_free (csv);
}

/**
 * ddb_cli_metrics_csv_open:
 * @path: the file to create (or truncate)
 *
 * Creates @path, writes the header row, and has @engine report each closed second of
 * every table and GSI into it until ddb_cli_metrics_csv_close().
 *
 * Returns: (transfer full) (nullable): the writer, or NULL with @error set.
 */
DdbCliMetricsCsv *
ddb_cli_metrics_csv_open (DdbEngine   *engine,
                          const char  *path,
                          GError     **error)
{
  DdbCliMetricsCsv *csv;
  FILE *stream;

  g_return_val_if_fail (DDB_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  stream = fopen (path, "w");
  if (stream == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot open '%s': %s", path, g_strerror (errsv));
      return NULL;
    }

  csv = g_new0 (DdbCliMetricsCsv, 1);
  csv->engine = engine;
  csv->path = g_strdup (path);
  csv->stream = stream;
  csv->row = g_string_new (NULL);
  append_header (csv->row);
  write_row (csv);
  ddb_engine_set_metrics_func (engine, metrics_point_cb, csv);

  return csv;
}

/**
 * ddb_cli_metrics_csv_check:
 *
 * Flushes the rows written since the last check, so that the file can be followed while
 * a script runs.  Rows after a failed write are dropped.
 *
 * Returns: FALSE with @error set when a row could not be written, once: a failure
 *   reported here is not reported again.
 */
gboolean
ddb_cli_metrics_csv_check (DdbCliMetricsCsv  *csv,
                           GError           **error)
{
  g_return_val_if_fail (csv != NULL, FALSE);

  if (csv->dirty && csv->errsv == 0 && fflush (csv->stream) != 0)
    csv->errsv = errno;
  csv->dirty = FALSE;

  return check_write_error (csv, error);
}

/**
 * ddb_cli_metrics_csv_close:
 * @csv: (transfer full): the writer
 *
 * Stops the engine's reports, flushes and closes the file, and frees @csv.
 *
 * Returns: FALSE with @error set when a row could not be written and
 *   ddb_cli_metrics_csv_check() did not report it yet.
 */
gboolean
ddb_cli_metrics_csv_close (DdbCliMetricsCsv  *csv,
                           GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (csv != NULL, FALSE);

  ddb_engine_set_metrics_func (csv->engine, NULL, NULL);
  ok = ddb_cli_metrics_csv_check (csv, error);
  if (fclose (csv->stream) != 0 && csv->errsv == 0)
    {
      csv->errsv = errno;
      ok = check_write_error (csv, error);
    }
  csv_free (csv);

  return ok;
}
