/* test-engine-metrics.c
 *
 * Metrics on the simulated clock: per-second points with consumed and provisioned
 * capacity, requests by operation, throttles by reason and where they count (a GSI's
 * events on the GSI, ThrottledRequests on the table), idle seconds, per-minute sums,
 * burst bank gauges, per-partition points, the closed-second callback, TTL deletes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "engine-fixture.h"

#define SECOND G_GINT64_CONSTANT (1000000)

static gint64
now_second (DdbEngine *engine)
{
  return ddb_engine_get_now (engine) / SECOND;
}

static GArray *
metrics (DdbEngine            *engine,
         const char           *table,
         const char           *index,
         DdbMetricsResolution  resolution,
         gint64                from,
         gint64                to)
{
  g_autoptr(GError) error = NULL;
  GArray *points = ddb_engine_get_metrics (engine, table, index, resolution, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (points);

  return points;
}

static void
test_seconds (EngineFixture *fixture,
              gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_second (engine);
  g_autoptr(GArray) points = NULL;
  const DdbMetricPoint *busy, *idle;

  g_test_summary ("One point per second: 3 one-unit writes and a 1-unit read counted in their "
                  "second, with the provisioned capacity and the item count; the next, idle "
                  "second has zero counters and the same gauges");

  create_table (engine, "meter", "id:S", 20, 10);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"m%d\"}}", i);

      g_assert_cmpint (put_or_throttle (engine, "meter", json), ==, DDB_OUTCOME_OK);
    }
  get_units (engine, "meter", "{\"id\": {\"S\": \"m0\"}}", TRUE, NULL);
  advance_clock (engine, 2 * SECOND);

  points = metrics (engine, "meter", NULL, DDB_METRICS_SECOND, start, start + 5);
  g_assert_cmpuint (points->len, ==, 2);
  busy = &g_array_index (points, DdbMetricPoint, 0);
  idle = &g_array_index (points, DdbMetricPoint, 1);
  g_assert_cmpint (busy->second, ==, start);
  g_assert_cmpfloat (busy->consumed_write, ==, 3);
  g_assert_cmpfloat (busy->consumed_read, ==, 1);
  g_assert_cmpuint (busy->requests[DDB_OPERATION_PUT_ITEM], ==, 3);
  g_assert_cmpuint (busy->requests[DDB_OPERATION_GET_ITEM], ==, 1);
  g_assert_cmpfloat (busy->provisioned_read, ==, 20);
  g_assert_cmpfloat (busy->provisioned_write, ==, 10);
  g_assert_cmpint (busy->item_count, ==, 3);
  g_assert_cmpuint (busy->partition_count, ==, 1);

  g_assert_cmpint (idle->second, ==, start + 1);
  g_assert_cmpfloat (idle->consumed_write, ==, 0);
  g_assert_cmpuint (idle->requests[DDB_OPERATION_PUT_ITEM], ==, 0);
  g_assert_cmpfloat (idle->provisioned_write, ==, 10);
  g_assert_cmpint (idle->item_count, ==, 3);
}

static void
test_throttles (EngineFixture *fixture,
                gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_second (engine);
  g_autoptr(GArray) points = NULL;
  g_autofree char *reason = NULL;
  const DdbMetricPoint *point;
  guint table_write_provisioned = 4;   /* (table 0) + (write 4) + provisioned 0 */

  g_test_summary ("3 writes in the first second of a 1 WCU table: 1 admitted, 2 throttled, "
                  "each a ThrottledRequest and a WriteThrottleEvent with its reason");

  create_table (engine, "tight", "id:S", 1, 1);
  engine_fixture_enable_admission (fixture);
  g_assert_cmpint (put_or_throttle (engine, "tight", "{\"id\": {\"S\": \"a\"}}"), ==,
                   DDB_OUTCOME_OK);
  g_assert_cmpint (put_or_throttle (engine, "tight", "{\"id\": {\"S\": \"b\"}}"), ==,
                   DDB_OUTCOME_THROTTLED);
  g_assert_cmpint (put_or_throttle (engine, "tight", "{\"id\": {\"S\": \"c\"}}"), ==,
                   DDB_OUTCOME_THROTTLED);
  advance_clock (engine, SECOND);

  points = metrics (engine, "tight", NULL, DDB_METRICS_SECOND, start, start);
  g_assert_cmpuint (points->len, ==, 1);
  point = &g_array_index (points, DdbMetricPoint, 0);
  g_assert_cmpfloat (point->consumed_write, ==, 1);
  g_assert_cmpuint (point->requests[DDB_OPERATION_PUT_ITEM], ==, 3);
  g_assert_cmpuint (point->throttled_requests, ==, 2);
  g_assert_cmpuint (point->write_throttle_events, ==, 2);
  g_assert_cmpuint (point->read_throttle_events, ==, 0);
  reason = ddb_throttle_reason_name (table_write_provisioned);
  g_assert_cmpstr (reason, ==, "TableWriteProvisionedThroughputExceeded");
  g_assert_cmpuint (point->throttle_reasons[table_write_provisioned], ==, 2);
}

static void
test_gsi_events (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GArray) table_points = NULL;
  g_autoptr(GArray) index_points = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = now_second (engine);
  DdbIndexSpec *index;
  const DdbMetricPoint *table_point, *index_point;

  g_test_summary ("A write throttled by its GSI: ThrottledRequests on the table, the "
                  "WriteThrottleEvent on the GSI; the GSI's consumed units on the GSI");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 10, 10, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_status", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput = (DdbThroughput) { 10, 1, -1, -1 };
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  engine_fixture_enable_admission (fixture);

  g_assert_cmpint (put_or_throttle (engine, "orders",
                                    "{\"id\": {\"S\": \"1\"}, \"status\": {\"S\": \"x\"}}"),
                   ==, DDB_OUTCOME_OK);
  g_assert_cmpint (put_or_throttle (engine, "orders",
                                    "{\"id\": {\"S\": \"2\"}, \"status\": {\"S\": \"x\"}}"),
                   ==, DDB_OUTCOME_THROTTLED);
  advance_clock (engine, SECOND);

  table_points = metrics (engine, "orders", NULL, DDB_METRICS_SECOND, start, start);
  index_points = metrics (engine, "orders", "by_status", DDB_METRICS_SECOND, start, start);
  table_point = &g_array_index (table_points, DdbMetricPoint, 0);
  index_point = &g_array_index (index_points, DdbMetricPoint, 0);
  g_assert_cmpuint (table_point->throttled_requests, ==, 1);
  g_assert_cmpuint (table_point->write_throttle_events, ==, 0);
  g_assert_cmpuint (index_point->write_throttle_events, ==, 1);
  g_assert_cmpuint (index_point->throttle_reasons[8 + 4 + DDB_LIMIT_PROVISIONED], ==, 1);
  g_assert_cmpfloat (table_point->consumed_write, ==, 1);
  g_assert_cmpfloat (index_point->consumed_write, ==, 1);
  g_assert_cmpfloat (index_point->provisioned_write, ==, 1);
}

static void
test_minutes_and_burst (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_second (engine);
  g_autoptr(GArray) minutes = NULL;
  g_autoptr(GArray) seconds = NULL;
  const DdbMetricPoint *first;

  g_test_summary ("Per-minute points add up the seconds (2 writes in each of 30 seconds = 60 "
                  "units); the burst gauge of a 150 RCU table idle for 100 s is 15,000");

  create_table (engine, "minutes", "id:S", 150, 10);
  for (int s = 0; s < 30; s++)
    {
      g_assert_cmpint (put_or_throttle (engine, "minutes", "{\"id\": {\"S\": \"a\"}}"), ==,
                       DDB_OUTCOME_OK);
      g_assert_cmpint (put_or_throttle (engine, "minutes", "{\"id\": {\"S\": \"b\"}}"), ==,
                       DDB_OUTCOME_OK);
      advance_clock (engine, SECOND);
    }
  advance_clock (engine, 70 * SECOND);

  minutes = metrics (engine, "minutes", NULL, DDB_METRICS_MINUTE, start, start + 119);
  g_assert_cmpuint (minutes->len, ==, 2);
  first = &g_array_index (minutes, DdbMetricPoint, 0);
  g_assert_cmpint (first->second, ==, start - start % 60);
  g_assert_cmpfloat (first->consumed_write, ==, 60);
  g_assert_cmpuint (first->requests[DDB_OPERATION_PUT_ITEM], ==, 60);

  /* The read bank grew by 150 a second since the table was created, 100 s ago. */
  seconds = metrics (engine, "minutes", NULL, DDB_METRICS_SECOND, start + 99, start + 99);
  g_assert_cmpuint (seconds->len, ==, 1);
  g_assert_cmpfloat (g_array_index (seconds, DdbMetricPoint, 0).burst_read, ==, 150 * 100);
}

static void
count_closed (const char           *table_name,
              const char           *index_name,
              const DdbMetricPoint *point,
              gpointer              user_data)
{
  GArray *seconds = user_data;

  g_assert_cmpstr (table_name, ==, "watched");
  g_assert_null (index_name);
  g_array_append_val (seconds, point->second);
}

static void
test_callback (EngineFixture *fixture,
               gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = now_second (engine);

  g_test_summary ("The metrics callback receives every second the clock closes, in order, "
                  "idle ones included");

  create_table (engine, "watched", "id:S", 5, 5);
  ddb_engine_set_metrics_func (engine, count_closed, seconds);
  g_assert_cmpint (put_or_throttle (engine, "watched", "{\"id\": {\"S\": \"a\"}}"), ==,
                   DDB_OUTCOME_OK);
  advance_clock (engine, 10 * SECOND);
  ddb_engine_set_metrics_func (engine, NULL, NULL);

  g_assert_cmpuint (seconds->len, ==, 10);
  for (guint i = 0; i < seconds->len; i++)
    g_assert_cmpint (g_array_index (seconds, gint64, i), ==, start + i);
}

static void
test_partitions_and_ttl (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_second (engine);
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  double total = 0;

  g_test_summary ("Per-partition points add up to the table's units; TTL deletes count in "
                  "the second they happen");

  create_table (engine, "spread", "id:S", 5, 5000);   /* 5 partitions */
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *item = g_strdup_printf ("{\"id\": {\"S\": \"k%d\"}}", i);

      g_assert_cmpint (put_or_throttle (engine, "spread", item), ==, DDB_OUTCOME_OK);
    }
  info = ddb_engine_update_ttl (engine, "spread", TRUE, "expires", &error);
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"id\": {\"S\": \"gone\"}, \"expires\": {\"N\": \"%" G_GINT64_FORMAT
                          "\"}}", start);
  g_assert_cmpint (put_or_throttle (engine, "spread", json), ==, DDB_OUTCOME_OK);
  advance_clock (engine, SECOND);

  partitions = ddb_engine_get_partition_metrics (engine, "spread", NULL, start, start, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partitions->len, >, 1);
  for (guint i = 0; i < partitions->len; i++)
    total += g_array_index (partitions, DdbPartitionPoint, i).consumed_write;
  g_assert_cmpfloat (total, ==, 51);

  /* The default TTL delay is 10 minutes: the advance to start + 601 s deletes it, in
   * that second. */
  advance_clock (engine, 10 * 60 * SECOND);
  advance_clock (engine, SECOND);
  points = metrics (engine, "spread", NULL, DDB_METRICS_SECOND, start + 601, start + 601);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpuint (g_array_index (points, DdbMetricPoint, 0).ttl_deleted, ==, 1);
  g_assert_cmpint (g_array_index (points, DdbMetricPoint, 0).item_count, ==, 50);
}

static DdbOutcome
batch_put (DdbEngine *engine,
           guint      first,
           guint      n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  g_autofree DdbBatchWriteRequest *requests = g_new0 (DdbBatchWriteRequest, n);
  DdbBatchWriteInput input = { .requests = requests, .n_requests = n };
  g_auto(DdbBatchWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"b%u\"}}", first + i);

      g_ptr_array_add (items, item_from_json (json));
      requests[i] = (DdbBatchWriteRequest) { "batched", g_ptr_array_index (items, i), NULL };
    }
  outcome = ddb_engine_batch_write_item (engine, &input, &result, &error);
  g_assert_no_error (error);

  return outcome;
}

static void
test_batch_throttles (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_second (engine);
  g_autoptr(GArray) points = NULL;
  const DdbMetricPoint *point;

  g_test_summary ("A BatchWriteItem with some writes throttled is not a ThrottledRequest; one "
                  "with all of them throttled is one, however many items it had");

  create_table (engine, "batched", "id:S", 1, 2);
  engine_fixture_enable_admission (fixture);
  g_assert_cmpint (batch_put (engine, 0, 5), ==, DDB_OUTCOME_OK);          /* 2 pass */
  g_assert_cmpint (batch_put (engine, 5, 5), ==, DDB_OUTCOME_THROTTLED);   /* none */
  advance_clock (engine, SECOND);

  points = metrics (engine, "batched", NULL, DDB_METRICS_SECOND, start, start);
  point = &g_array_index (points, DdbMetricPoint, 0);
  g_assert_cmpuint (point->requests[DDB_OPERATION_BATCH_WRITE_ITEM], ==, 2);
  g_assert_cmpuint (point->throttled_requests, ==, 1);
  g_assert_cmpuint (point->write_throttle_events, ==, 8);
  g_assert_cmpfloat (point->consumed_write, ==, 2);
}

static void
test_events_per_resource (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("short");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) table_points = NULL;
  gint64 start = now_second (engine);
  const char *indexes[2] = { "by_x", "by_y" };

  g_test_summary ("A write short of capacity on its table and on two GSIs is one "
                  "ThrottledRequest and three WriteThrottleEvents, one on each");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "x", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "y", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 1, 1, -1, -1 };
  for (guint i = 0; i < 2; i++)
    {
      DdbIndexSpec *index = ddb_table_spec_add_index (spec, indexes[i], TRUE);

      index->key.partition_key = g_strdup (i == 0 ? "x" : "y");
      index->projection = DDB_PROJECTION_KEYS_ONLY;
      index->throughput = (DdbThroughput) { 1, 1, -1, -1 };
    }
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  engine_fixture_enable_admission (fixture);

  g_assert_cmpint (put_or_throttle (engine, "short",
                                    "{\"id\": {\"S\": \"1\"}, \"x\": {\"S\": \"a\"}, "
                                    "\"y\": {\"S\": \"b\"}}"), ==, DDB_OUTCOME_OK);
  g_assert_cmpint (put_or_throttle (engine, "short",
                                    "{\"id\": {\"S\": \"2\"}, \"x\": {\"S\": \"a\"}, "
                                    "\"y\": {\"S\": \"b\"}}"), ==, DDB_OUTCOME_THROTTLED);
  advance_clock (engine, SECOND);

  table_points = metrics (engine, "short", NULL, DDB_METRICS_SECOND, start, start);
  g_assert_cmpuint (g_array_index (table_points, DdbMetricPoint, 0).throttled_requests, ==, 1);
  g_assert_cmpuint (g_array_index (table_points, DdbMetricPoint, 0).write_throttle_events, ==,
                    1);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GArray) points = metrics (engine, "short", indexes[i], DDB_METRICS_SECOND,
                                          start, start);

      g_assert_cmpuint (g_array_index (points, DdbMetricPoint, 0).write_throttle_events, ==, 1);
      g_assert_cmpuint (g_array_index (points, DdbMetricPoint, 0).throttled_requests, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/metrics/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("seconds", test_seconds);
  ADD ("throttles", test_throttles);
  ADD ("gsi-events", test_gsi_events);
  ADD ("minutes-and-burst", test_minutes_and_burst);
  ADD ("callback", test_callback);
  ADD ("partitions-and-ttl", test_partitions_and_ttl);
  ADD ("batch-throttles", test_batch_throttles);
  ADD ("events-per-resource", test_events_per_resource);

  return g_test_run ();
}
