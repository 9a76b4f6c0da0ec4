/* test-engine-capacity.c
 *
 * Admission control on the simulated clock, with numbers worked out by hand from the
 * rulebook: the per-partition hard limit (TV-26, TV-30), burst capacity (TV-31), adaptive
 * capacity (TV-32), on-demand ceilings and their growth (TV-35), GSI back-pressure
 * (rulebook 9), and throttled requests that change and cost nothing, in single
 * requests, batches and transactions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-key.h"
#include "engine-fixture.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SECOND)

/* The hash that routes key "id" = @value, as the engine computes it. */
static guint64
key_hash (const char *value)
{
  g_autoptr(DdbValue) partition = ddb_value_new_string (value, -1);
  DdbKeyShape shape = { "id", DDB_KIND_S, NULL, DDB_KIND_NULL };
  DdbItemKey key;

  ddb_key_encode (&shape, partition, NULL, &key);

  return key.hash;
}

/* @n key values ("<prefix><i>") that route to partition @position of @table. */
static GPtrArray *
keys_on_partition (DdbEngine  *engine,
                   const char *table,
                   guint       position,
                   guint       n,
                   const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) partitions = ddb_engine_list_partitions (engine, table, &error);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const DdbPartitionInfo *partition;

  g_assert_no_error (error);
  g_assert_cmpuint (position, <, partitions->len);
  partition = &g_array_index (partitions, DdbPartitionInfo, position);

  for (guint i = 0; keys->len < n; i++)
    {
      char *value = g_strdup_printf ("%s%u", prefix, i);
      guint64 hash = key_hash (value);

      if (hash >= partition->hash_low && hash <= partition->hash_high)
        g_ptr_array_add (keys, value);
      else
        g_free (value);
    }

  return keys;
}

/* Puts {"id": @id, "pad": <bytes>} sized to @item_bytes; returns the outcome. */
static DdbOutcome
try_put (DdbEngine   *engine,
         const char  *table,
         const char  *id,
         gsize        item_bytes,
         DdbThrottle *throttle)
{
  /* "id" (2) + id + "pad" (3) + padding = item_bytes */
  g_autofree char *padding = repeat_char ('p', item_bytes - 5 - strlen (id));
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}, \"pad\": {\"S\": \"%s\"}}",
                                           id, padding);
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = table, .item = item };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome = ddb_engine_put_item (engine, &input, &result, &error);

  g_assert_no_error (error);
  if (outcome == DDB_OUTCOME_THROTTLED)
    {
      /* A throttled request reports no consumed capacity. */
      g_assert_null (result.consumed.table_name);
      if (throttle != NULL)
        *throttle = (DdbThrottle) { result.throttle.exception, result.throttle.message,
                                    g_steal_pointer (&result.throttle.reason),
                                    g_steal_pointer (&result.throttle.resource) };
    }

  return outcome;
}

/* Reads "id" = @id strongly consistently; returns the outcome. */
static DdbOutcome
try_get (DdbEngine   *engine,
         const char  *table,
         const char  *id,
         DdbThrottle *throttle)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}}", id);
  g_autoptr(DdbValue) key = item_from_json (json);
  DdbGetItemInput input = { .table_name = table, .key = key, .consistent_read = TRUE };
  g_auto(DdbGetResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome = ddb_engine_get_item (engine, &input, &result, &error);

  g_assert_no_error (error);
  if (outcome == DDB_OUTCOME_THROTTLED && throttle != NULL)
    *throttle = (DdbThrottle) { result.throttle.exception, result.throttle.message,
                                g_steal_pointer (&result.throttle.reason),
                                g_steal_pointer (&result.throttle.resource) };

  return outcome;
}

/* Issues @n strong reads of @id in the current second; returns how many were served. */
static guint
read_burst (DdbEngine  *engine,
            const char *table,
            const char *id,
            guint       n)
{
  guint served = 0;

  for (guint i = 0; i < n; i++)
    served += try_get (engine, table, id, NULL) == DDB_OUTCOME_OK;

  return served;
}

static void
set_admission (EngineFixture *fixture,
               gboolean       enabled)
{
  DdbEngineConfig config;

  ddb_engine_get_config (fixture->engine, &config);
  config.admission.enabled = enabled;
  ddb_engine_set_config (fixture->engine, &config);
}

static void
test_partition_limit_item_size (EngineFixture *fixture,
                                gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_auto(DdbThrottle) throttle = { 0 };

  g_test_summary ("TV-26: a 20 KB item costs 5 RCU per strong read, so one partition serves "
                  "at most 600 of them per second, whatever the table's capacity");

  create_table (engine, "hot", "id:S", 0, 0);   /* on-demand: 12,000 RRU at once */
  try_put (engine, "hot", "item", 20 * 1024, NULL);
  engine_fixture_enable_admission (fixture);
  next_second (engine);

  g_assert_cmpuint (read_burst (engine, "hot", "item", 600), ==, 600);
  g_assert_cmpint (try_get (engine, "hot", "item", &throttle), ==, DDB_OUTCOME_THROTTLED);
  g_assert_cmpstr (throttle.reason, ==, "TableReadKeyRangeThroughputExceeded");
  g_assert_cmpstr (throttle.exception, ==, "ThrottlingException");
  g_assert_true (g_str_has_suffix (throttle.resource, ":table/hot"));

  /* The next second serves 600 again. */
  next_second (engine);
  g_assert_cmpuint (read_burst (engine, "hot", "item", 601), ==, 600);
}

static void
test_linear_combination (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_auto(DdbThrottle) throttle = { 0 };

  g_test_summary ("TV-30: 1,500 read units and 500 write units per second saturate a "
                  "partition (1,500/3,000 + 500/1,000 = 1)");

  create_table (engine, "mixed", "id:S", 0, 0);
  try_put (engine, "mixed", "r", 1024, NULL);
  engine_fixture_enable_admission (fixture);
  next_second (engine);

  /* 1,500 strong reads of a 1 KB item = 1,500 RCU on the item's partition. */
  g_assert_cmpuint (read_burst (engine, "mixed", "r", 1500), ==, 1500);
  /* 500 writes of 1 KB to the same partition key = 500 WCU: the limit exactly. */
  for (guint i = 0; i < 500; i++)
    g_assert_cmpint (try_put (engine, "mixed", "r", 1024, NULL), ==, DDB_OUTCOME_OK);
  g_assert_cmpint (try_put (engine, "mixed", "r", 1024, &throttle), ==, DDB_OUTCOME_THROTTLED);
  g_assert_cmpstr (throttle.reason, ==, "TableWriteKeyRangeThroughputExceeded");
  g_assert_cmpint (try_get (engine, "mixed", "r", NULL), ==, DDB_OUTCOME_THROTTLED);
}

static void
test_burst (EngineFixture *fixture,
            gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_auto(DdbThrottle) throttle = { 0 };

  g_test_summary ("TV-31: a 150 RCU table idle for 5 minutes banks 150 x 300 = 45,000 units; "
                  "200 RCU/s then lasts 45,000 / 50 = 900 s before throttling");

  create_table (engine, "spiky", "id:S", 150, 5);
  set_admission (fixture, FALSE);
  try_put (engine, "spiky", "item", 4096 - 100, NULL);   /* 1 RCU per strong read */
  engine_fixture_enable_admission (fixture);
  advance_clock (engine, 5 * MINUTE);

  for (guint second = 0; second < 900; second++)
    {
      g_assert_cmpuint (read_burst (engine, "spiky", "item", 200), ==, 200);
      next_second (engine);
    }

  /* Second 901: the bank is empty, the share alone serves 150. */
  g_assert_cmpuint (read_burst (engine, "spiky", "item", 150), ==, 150);
  g_assert_cmpint (try_get (engine, "spiky", "item", &throttle), ==, DDB_OUTCOME_THROTTLED);
  g_assert_cmpstr (throttle.reason, ==, "TableReadProvisionedThroughputExceeded");
  g_assert_cmpstr (throttle.exception, ==, "ProvisionedThroughputExceededException");
}

/* TV-32's table: 4 partitions of 100 WCU (created at 3,990 WCU, lowered to 400: partitions
 * never merge).  Returns the keys of each partition, @per_partition of them. */
static GPtrArray *
create_four_partitions (DdbEngine *engine,
                        guint      per_partition)
{
  DdbTableUpdate update = { .table_name = "adaptive", .set_throughput = TRUE,
                            .throughput = { 5, 400, -1, -1 } };
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  create_table (engine, "adaptive", "id:S", 5, 3990);   /* ceil (5/3000 + 3990/1000) = 4 */
  info = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->partition_count, ==, 4);

  for (guint p = 0; p < 4; p++)
    g_ptr_array_add (keys, keys_on_partition (engine, "adaptive", p, per_partition, "k"));

  return keys;
}

/* One second of TV-32's traffic: 50/50/50/150 one-KB writes; returns the throttled. */
static guint
adaptive_second (DdbEngine *engine,
                 GPtrArray *keys)
{
  static const guint load[4] = { 50, 50, 50, 150 };
  guint throttled = 0;

  for (guint p = 0; p < 4; p++)
    {
      GPtrArray *partition_keys = g_ptr_array_index (keys, p);

      for (guint i = 0; i < load[p]; i++)
        throttled += try_put (engine, "adaptive", g_ptr_array_index (partition_keys, i), 1024,
                              NULL) == DDB_OUTCOME_THROTTLED;
    }

  return throttled;
}

static void
test_adaptive (EngineFixture *fixture,
               gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) keys = NULL;
  DdbEngineConfig config;

  g_test_summary ("TV-32: 400 WCU over 4 partitions, traffic 50/50/50/150 WCU/s: without "
                  "adaptive capacity the hot partition rides its burst bank, then throttles "
                  "50 WCU/s; with it nothing throttles");

  keys = create_four_partitions (engine, 150);
  ddb_engine_get_config (engine, &config);
  config.admission.enabled = TRUE;
  config.admission.adaptive = DDB_ADAPTIVE_OFF;
  ddb_engine_set_config (engine, &config);

  /* 10 idle seconds bank 10 x 100 = 1,000 units per partition: 20 s of the extra 50. */
  advance_clock (engine, 10 * SECOND);
  for (guint second = 0; second < 20; second++)
    {
      g_assert_cmpuint (adaptive_second (engine, keys), ==, 0);
      next_second (engine);
    }
  for (guint second = 0; second < 5; second++)
    {
      g_assert_cmpuint (adaptive_second (engine, keys), ==, 50);
      next_second (engine);
    }

  config.admission.adaptive = DDB_ADAPTIVE_INSTANT;
  ddb_engine_set_config (engine, &config);
  for (guint second = 0; second < 60; second++)
    {
      g_assert_cmpuint (adaptive_second (engine, keys), ==, 0);
      next_second (engine);
    }
}

static void
test_adaptive_delayed (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) keys = NULL;
  DdbEngineConfig config;
  guint throttled_seconds = 0;

  g_test_summary ("Before May 2019 adaptive capacity took effect after a delay (5-30 min, a "
                  "model parameter): with a 2-minute delay the hot partition throttles for "
                  "2 minutes, then not");

  keys = create_four_partitions (engine, 150);
  ddb_engine_get_config (engine, &config);
  config.admission.enabled = TRUE;
  config.admission.adaptive = DDB_ADAPTIVE_DELAYED;
  config.admission.adaptive_delay_usec = 2 * MINUTE;
  ddb_engine_set_config (engine, &config);

  for (guint second = 0; second < 180; second++)
    {
      guint throttled = adaptive_second (engine, keys);

      g_assert_true (throttled == 0 || throttled == 50);
      throttled_seconds += throttled > 0;
      if (second >= 120)
        g_assert_cmpuint (throttled, ==, 0);
      next_second (engine);
    }
  g_assert_cmpuint (throttled_seconds, ==, 120);
}

static void
test_on_demand_ramp (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DdbThrottle) throttle = { 0 };
  guint throttled = 0;

  g_test_summary ("TV-35: a new on-demand table serves 4,000 WRU at once; past that it "
                  "throttles; 30 minutes after a peak of 4,000 it serves twice that, on 8 "
                  "partitions");

  create_table (engine, "ondemand", "id:S", 0, 0);
  for (guint p = 0; p < 4; p++)
    g_ptr_array_add (keys, keys_on_partition (engine, "ondemand", p, 1000, "w"));
  engine_fixture_enable_admission (fixture);
  next_second (engine);

  /* 1,000 one-KB writes on each of the 4 partitions: 4,000 WRU, the new-table level. */
  for (guint p = 0; p < 4; p++)
    {
      GPtrArray *partition_keys = g_ptr_array_index (keys, p);

      for (guint i = 0; i < 1000; i++)
        g_assert_cmpint (try_put (engine, "ondemand", g_ptr_array_index (partition_keys, i), 1024,
                                  NULL), ==, DDB_OUTCOME_OK);
    }
  g_assert_cmpint (try_put (engine, "ondemand", "extra", 1024, &throttle), ==,
                   DDB_OUTCOME_THROTTLED);
  g_assert_cmpstr (throttle.exception, ==, "ThrottlingException");

  /* Jumping to 6,000 at once throttles... */
  next_second (engine);
  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *id = g_strdup_printf ("j%u", i);

      throttled += try_put (engine, "ondemand", id, 1024, NULL) == DDB_OUTCOME_THROTTLED;
    }
  g_assert_cmpuint (throttled, >=, 2000);

  /* ... and 30 minutes after the 4,000 peak the table serves 8,000 on 8 partitions. */
  advance_clock (engine, 30 * MINUTE);
  next_second (engine);
  partitions = ddb_engine_list_partitions (engine, "ondemand", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partitions->len, ==, 8);
  throttled = 0;
  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *id = g_strdup_printf ("j%u", i);

      throttled += try_put (engine, "ondemand", id, 1024, NULL) == DDB_OUTCOME_THROTTLED;
    }
  g_assert_cmpuint (throttled, ==, 0);
}

static void
test_warm_throughput (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("warm");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbTableInfo) described = NULL;
  g_autoptr(GError) error = NULL;
  DdbTableUpdate lower = { .table_name = "warm", .set_warm_throughput = TRUE,
                           .warm_read_units = 12000, .warm_write_units = 6000 };
  guint throttled = 0;

  g_test_summary ("WarmThroughput: an on-demand table pre-warmed for 8,000 writes a second "
                  "starts with 8 partitions and serves them at once; warm throughput never "
                  "decreases");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->billing_mode = DDB_BILLING_ON_DEMAND;
  spec->throughput = (DdbThroughput) { 0, 0, -1, -1 };
  spec->warm_read_units = 12000;
  spec->warm_write_units = 8000;
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->partition_count, ==, 8);
  g_assert_cmpfloat (info->warm_write_units, ==, 8000);

  engine_fixture_enable_admission (fixture);
  for (guint p = 0; p < 8; p++)
    {
      g_autoptr(GPtrArray) keys = keys_on_partition (engine, "warm", p, 1000, "w");

      for (guint i = 0; i < keys->len; i++)
        throttled += try_put (engine, "warm", g_ptr_array_index (keys, i), 1024, NULL) ==
                     DDB_OUTCOME_THROTTLED;
    }
  g_assert_cmpuint (throttled, ==, 0);

  described = ddb_engine_update_table (engine, &lower, &error);
  g_assert_null (described);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
}

static gboolean
try_update (DdbEngine  *engine,
            const char *table,
            gint64      rcu,
            gint64      wcu,
            GError    **error)
{
  DdbTableUpdate update = { .table_name = table, .set_throughput = TRUE,
                            .throughput = { rcu, wcu, -1, -1 } };
  g_autoptr(DdbTableInfo) info = ddb_engine_update_table (engine, &update, error);

  return info != NULL;
}

/* Switches @table to on-demand; returns its description. */
static DdbTableInfo *
switch_to_on_demand (DdbEngine  *engine,
                     const char *table)
{
  DdbTableUpdate update = { .table_name = table, .set_billing_mode = TRUE,
                            .billing_mode = DDB_BILLING_ON_DEMAND };
  g_autoptr(GError) error = NULL;
  DdbTableInfo *info = ddb_engine_update_table (engine, &update, &error);

  g_assert_no_error (error);

  return info;
}

static void
test_switched_peak (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) big = NULL;
  g_autoptr(DdbTableInfo) was_big = NULL;
  g_autoptr(DdbTableInfo) small = NULL;

  g_test_summary ("TV-35: a table switched from provisioned starts at the highest throughput "
                  "it was ever provisioned for, at least a new table's: 24,000 RCU / 8,000 "
                  "WCU stay; 10,000 / 10,000 lowered to 10 / 10 still start at 12,000 / "
                  "10,000; 100 / 100 starts at 12,000 / 4,000");

  create_table (engine, "big", "id:S", 24000, 8000);
  big = switch_to_on_demand (engine, "big");
  g_assert_cmpfloat (big->warm_read_units, ==, 24000);
  g_assert_cmpfloat (big->warm_write_units, ==, 8000);

  create_table (engine, "wasbig", "id:S", 10000, 10000);
  g_assert_true (try_update (engine, "wasbig", 10, 10, NULL));
  was_big = switch_to_on_demand (engine, "wasbig");
  g_assert_cmpfloat (was_big->warm_read_units, ==, 12000);
  g_assert_cmpfloat (was_big->warm_write_units, ==, 10000);

  create_table (engine, "small", "id:S", 100, 100);
  small = switch_to_on_demand (engine, "small");
  g_assert_cmpfloat (small->warm_read_units, ==, 12000);
  g_assert_cmpfloat (small->warm_write_units, ==, 4000);
}

static void
test_max_on_demand (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DdbThrottle) throttle = { 0 };
  DdbTableUpdate update = { .table_name = "capped", .set_throughput = TRUE,
                            .throughput = { 0, 0, -1, 10 } };

  g_test_summary ("OnDemandThroughput.MaxWriteRequestUnits = 10: the 11th write unit in a "
                  "second throttles with TableWriteMaxOnDemandThroughputExceeded");

  create_table (engine, "capped", "id:S", 0, 0);
  info = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  engine_fixture_enable_admission (fixture);
  next_second (engine);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);

      g_assert_cmpint (try_put (engine, "capped", id, 1000, NULL), ==, DDB_OUTCOME_OK);
    }
  g_assert_cmpint (try_put (engine, "capped", "c10", 1000, &throttle), ==,
                   DDB_OUTCOME_THROTTLED);
  g_assert_cmpstr (throttle.reason, ==, "TableWriteMaxOnDemandThroughputExceeded");
  g_assert_cmpstr (throttle.exception, ==, "ThrottlingException");
}

/* A table "orders" (id S) at 100/100 with a GSI "by_status" (status S) at 1 WCU. */
static void
create_gsi_table (DdbEngine *engine)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 100, 100, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_status", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput = (DdbThroughput) { 100, 1, -1, -1 };
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
}

static DdbOutcome
put_order (DdbEngine     *engine,
           const char    *id,
           const char    *status,
           DdbWriteResult *result)
{
  g_autofree char *json = status != NULL
    ? g_strdup_printf ("{\"id\": {\"S\": \"%s\"}, \"status\": {\"S\": \"%s\"}}", id, status)
    : g_strdup_printf ("{\"id\": {\"S\": \"%s\"}}", id);
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = "orders", .item = item };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome = ddb_engine_put_item (engine, &input, result, &error);

  g_assert_no_error (error);

  return outcome;
}

static void
test_gsi_back_pressure (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbValue) item = NULL;

  g_test_summary ("Rulebook 9: a GSI with 1 WCU throttles writes to a table that has 100; "
                  "the throttled write changes nothing, neither the table nor the index; "
                  "writes that do not touch the GSI pass");

  /* Within the second the table was created: no burst capacity banked yet. */
  create_gsi_table (engine);
  engine_fixture_enable_admission (fixture);

  {
    g_auto(DdbWriteResult) result = { 0 };

    g_assert_cmpint (put_order (engine, "o1", "open", &result), ==, DDB_OUTCOME_OK);
  }
  {
    g_auto(DdbWriteResult) result = { 0 };

    g_assert_cmpint (put_order (engine, "o2", "open", &result), ==, DDB_OUTCOME_THROTTLED);
    g_assert_cmpstr (result.throttle.reason, ==, "IndexWriteProvisionedThroughputExceeded");
    g_assert_cmpstr (result.throttle.exception, ==, "ProvisionedThroughputExceededException");
    g_assert_true (g_str_has_suffix (result.throttle.resource, ":table/orders/index/by_status"));
    g_assert_null (result.consumed.table_name);
  }
  {
    g_auto(DdbWriteResult) result = { 0 };

    /* Sparse: an item without the index key does not touch the GSI. */
    g_assert_cmpint (put_order (engine, "o3", NULL, &result), ==, DDB_OUTCOME_OK);
  }

  set_admission (fixture, FALSE);
  get_units (engine, "orders", "{\"id\": {\"S\": \"o2\"}}", TRUE, &item);
  g_assert_null (item);
  info = ddb_engine_describe_table (engine, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->live_item_count, ==, 2);
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 0).live_item_count, ==, 1);
}

static void
test_backfill_back_pressure (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbIndexSpec index = { .name = (char *)"by_status", .global = TRUE,
                         .key = { (char *)"status", NULL },
                         .projection = DDB_PROJECTION_KEYS_ONLY,
                         .throughput = { 100, 5, -1, -1 } };
  DdbAttributeDefinition status = { (char *)"status", DDB_KIND_S };
  DdbIndexUpdate change = { .kind = DDB_INDEX_UPDATE_CREATE, .create = &index };
  DdbTableUpdate update = { .table_name = "orders", .attribute_definitions = &status,
                            .n_attribute_definitions = 1, .index_updates = &change,
                            .n_index_updates = 1 };
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint admitted = 0;

  g_test_summary ("A GSI backfill uses the GSI's write capacity: with 5 WCU, a second in "
                  "which it wrote 5 entries leaves table writes that touch the GSI only the "
                  "burst bank (5 units after one idle second)");

  create_table (engine, "orders", "id:S", 100, 100);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("old%u", i);
      g_auto(DdbWriteResult) result = { 0 };

      g_assert_cmpint (put_order (engine, id, "open", &result), ==, DDB_OUTCOME_OK);
    }
  info = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  engine_fixture_enable_admission (fixture);
  next_second (engine);   /* the backfill writes 5 entries in this second */

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("new%u", i);
      g_auto(DdbWriteResult) result = { 0 };

      admitted += put_order (engine, id, "open", &result) == DDB_OUTCOME_OK;
    }
  g_assert_cmpuint (admitted, ==, 5);
}

static void
test_batch_unprocessed (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbBatchWriteRequest requests[5];
  DdbBatchWriteInput input = { .requests = requests, .n_requests = 5 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("BatchWriteItem: throttled writes come back unprocessed; when none can be "
                  "written the whole call is throttled");

  /* Within the second the table was created: no burst capacity banked yet. */
  create_table (engine, "slow", "id:S", 5, 2);
  engine_fixture_enable_admission (fixture);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"b%u\"}}", i);

      g_ptr_array_add (items, item_from_json (json));
      requests[i] = (DdbBatchWriteRequest) { .table_name = "slow",
                                             .put_item = g_ptr_array_index (items, i) };
    }

  {
    g_auto(DdbBatchWriteResult) result = { 0 };

    /* 2 WCU: two writes of one unit, then three unprocessed. */
    g_assert_cmpint (ddb_engine_batch_write_item (engine, &input, &result, &error), ==,
                     DDB_OUTCOME_OK);
    g_assert_no_error (error);
    g_assert_cmpuint (result.unprocessed->len, ==, 3);
    g_assert_cmpuint (g_array_index (result.unprocessed, guint, 0), ==, 2);
    g_assert_cmpfloat (g_array_index (result.consumed, DdbConsumedCapacity,
                                      0).table_write_units, ==, 2);
  }
  {
    g_auto(DdbBatchWriteResult) result = { 0 };

    g_assert_cmpint (ddb_engine_batch_write_item (engine, &input, &result, &error), ==,
                     DDB_OUTCOME_THROTTLED);
    g_assert_cmpstr (result.throttle.reason, ==, "TableWriteProvisionedThroughputExceeded");
  }
}

static void
test_transaction_throttled (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbValue) a = item_from_json ("{\"id\": {\"S\": \"a\"}}");
  g_autoptr(DdbValue) b = item_from_json ("{\"id\": {\"S\": \"b\"}}");
  DdbTransactWriteAction actions[2] = {
    { .kind = DDB_TRANSACT_PUT, .table_name = "txn", .item = a },
    { .kind = DDB_TRANSACT_PUT, .table_name = "txn", .item = b },
  };
  DdbTransactWriteInput input = { .actions = actions, .n_actions = 2 };
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbValue) item = NULL;

  g_test_summary ("A transaction that needs more capacity than the table has is cancelled "
                  "whole (2 x 2 WCU on a 3 WCU table), and nothing is written");

  /* Within the second the table was created: no burst capacity banked yet. */
  create_table (engine, "txn", "id:S", 5, 3);
  engine_fixture_enable_admission (fixture);

  g_assert_cmpint (ddb_engine_transact_write_items (engine, &input, &result, &error), ==,
                   DDB_OUTCOME_TRANSACTION_CANCELED);
  g_assert_no_error (error);
  g_assert_cmpstr (g_array_index (result.reasons, DdbCancellationReason, 0).code, ==, "None");
  g_assert_cmpstr (g_array_index (result.reasons, DdbCancellationReason, 1).code, ==,
                   "ProvisionedThroughputExceeded");
  g_assert_null (result.consumed);

  set_admission (fixture, FALSE);
  get_units (engine, "txn", "{\"id\": {\"S\": \"a\"}}", TRUE, &item);
  g_assert_null (item);
}

static void
test_disabled (EngineFixture *fixture,
               gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;

  g_test_summary ("With admission control off, nothing throttles");

  create_table (engine, "free", "id:S", 1, 1);
  try_put (engine, "free", "item", 20 * 1024, NULL);
  next_second (engine);
  g_assert_cmpuint (read_burst (engine, "free", "item", 1000), ==, 1000);
}

/* One second of @n one-KB writes to each key; returns the throttled. */
static guint
hot_second (DdbEngine   *engine,
            const char  *table,
            GPtrArray   *keys,
            guint        n)
{
  guint throttled = 0;

  for (guint k = 0; k < keys->len; k++)
    for (guint i = 0; i < n; i++)
      throttled += try_put (engine, table, g_ptr_array_index (keys, k), 1024, NULL) ==
                   DDB_OUTCOME_THROTTLED;
  next_second (engine);

  return throttled;
}

static guint
partition_count (DdbEngine  *engine,
                 const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) partitions = ddb_engine_list_partitions (engine, table, &error);

  g_assert_no_error (error);

  return partitions->len;
}

static void
test_heat_split (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) keys = NULL;
  guint seconds;

  g_test_summary ("Split for heat: two keys sharing a partition at its 1,000 WCU limit for "
                  "the heat window get a partition each, and then serve 1,500 WCU together");

  create_table (engine, "heat", "id:S", 0, 0);
  keys = keys_on_partition (engine, "heat", 0, 2, "h");
  engine_fixture_set_heat_window (fixture, 10 * SECOND);
  next_second (engine);

  /* 1,200 writes a second on a 1,000 WCU partition: 200 throttled, until the split. */
  for (seconds = 0; partition_count (engine, "heat") == 4 && seconds < 20; seconds++)
    g_assert_cmpuint (hot_second (engine, "heat", keys, 600), ==, 200);
  g_assert_cmpuint (seconds, >=, 10);
  g_assert_cmpuint (seconds, <=, 12);
  g_assert_cmpuint (partition_count (engine, "heat"), ==, 5);
  g_assert_cmpuint (hot_second (engine, "heat", keys, 750), ==, 0);
}

static void
test_heat_split_single_key (EngineFixture *fixture,
                            gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GPtrArray) keys = NULL;

  g_test_summary ("Split for heat around a single hot key isolates it, but one key never "
                  "exceeds 1,000 WCU; a table with an LSI never splits for heat");

  create_table (engine, "single", "id:S", 0, 0);
  keys = keys_on_partition (engine, "single", 1, 1, "s");
  engine_fixture_set_heat_window (fixture, 10 * SECOND);
  next_second (engine);

  /* Cut off from the keys below it, then (a window later) from those above: 4 + 2
   * partitions, and the key still throttles at 1,000 WCU. */
  for (guint second = 0; second < 30; second++)
    g_assert_cmpuint (hot_second (engine, "single", keys, 1100), ==, 100);
  g_assert_cmpuint (partition_count (engine, "single"), ==, 6);
  g_assert_cmpuint (hot_second (engine, "single", keys, 1100), ==, 100);
}

static void
test_heat_split_lsi (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("collections");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  DdbIndexSpec *index;

  g_test_summary ("Tables with a local secondary index never split for heat");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "sk", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "other", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->key.sort_key = g_strdup ("sk");
  spec->billing_mode = DDB_BILLING_ON_DEMAND;
  index = ddb_table_spec_add_index (spec, "by_other", FALSE);
  index->key.partition_key = g_strdup ("id");
  index->key.sort_key = g_strdup ("other");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  engine_fixture_set_heat_window (fixture, 5 * SECOND);
  next_second (engine);

  for (guint second = 0; second < 10; second++)
    for (guint i = 0; i < 1000; i++)
      {
        g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"k%u\"}, \"sk\": "
                                                 "{\"S\": \"s\"}}", i % 2);
        g_autoptr(DdbValue) item = item_from_json (json);
        DdbPutItemInput input = { .table_name = "collections", .item = item };
        g_auto(DdbWriteResult) result = { 0 };

        ddb_engine_put_item (engine, &input, &result, &error);
        g_assert_no_error (error);
        if (i == 999)
          next_second (engine);
      }
  g_assert_cmpuint (partition_count (engine, "collections"), ==, 4);
}


static void
test_decrease_quota (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint decreases = 4;
  gint64 rcu = 1000;

  g_test_summary ("TV-34: 4 decreases at any time of a UTC day, then one more whenever none "
                  "happened in the last hour: 27 a day at most; increases are free");

  create_table (engine, "shrink", "id:S", rcu, 10);
  for (guint i = 0; i < 4; i++)
    g_assert_true (try_update (engine, "shrink", --rcu, 10, NULL));
  g_assert_false (try_update (engine, "shrink", --rcu, 10, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED);
  g_assert_true (g_str_has_prefix (error->message, "Subscriber limit exceeded: Provisioned "
                                                   "throughput decreases are limited"));
  g_clear_error (&error);
  rcu++;

  /* Increases are not limited. */
  rcu += 100;
  g_assert_true (try_update (engine, "shrink", rcu, 10, NULL));
  g_assert_true (try_update (engine, "shrink", rcu, 11, NULL));

  /* One more per hour without a decrease, for the other 23 hours of the day. */
  for (guint hour = 1; hour < 24; hour++)
    {
      advance_clock (engine, 60 * MINUTE);
      g_assert_true (try_update (engine, "shrink", --rcu, 11, NULL));
      decreases++;
      g_assert_false (try_update (engine, "shrink", rcu - 1, 11, &error));
      g_clear_error (&error);
    }
  g_assert_cmpuint (decreases, ==, 27);
  info = ddb_engine_describe_table (engine, "shrink", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->decreases_today, ==, 27);

  /* A new UTC day starts a new tally. */
  advance_clock (engine, 60 * MINUTE);
  for (guint i = 0; i < 4; i++)
    g_assert_true (try_update (engine, "shrink", --rcu, 11, NULL));
}

static void
test_switch_quota (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbTableUpdate to_on_demand = { .table_name = "switchy", .set_billing_mode = TRUE,
                                  .billing_mode = DDB_BILLING_ON_DEMAND };
  DdbTableUpdate to_provisioned = { .table_name = "switchy", .set_billing_mode = TRUE,
                                    .billing_mode = DDB_BILLING_PROVISIONED,
                                    .set_throughput = TRUE,
                                    .throughput = { 5, 5, -1, -1 } };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Rulebook 4.3: at most 4 switches to on-demand in a rolling 24 hours; back "
                  "to provisioned at any time");

  create_table (engine, "switchy", "id:S", 5, 5);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DdbTableInfo) on_demand = ddb_engine_update_table (engine, &to_on_demand,
                                                                   &error);
      g_autoptr(DdbTableInfo) provisioned = NULL;

      g_assert_no_error (error);
      advance_clock (engine, MINUTE);
      provisioned = ddb_engine_update_table (engine, &to_provisioned, &error);
      g_assert_no_error (error);
      advance_clock (engine, MINUTE);
    }

  g_assert_null (ddb_engine_update_table (engine, &to_on_demand, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED);
  g_clear_error (&error);

  /* 24 hours after the first switch, one may switch again. */
  advance_clock (engine, 24 * 60 * MINUTE - 8 * MINUTE);
  {
    g_autoptr(DdbTableInfo) info = ddb_engine_update_table (engine, &to_on_demand, &error);

    g_assert_no_error (error);
  }
}

static void
test_table_quota (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("huge");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Rulebook 6.2: a table may not be provisioned past 40,000 units");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 40001, 5, -1, -1 };
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_null (info);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED);
  g_clear_error (&error);

  spec->throughput.read_capacity_units = 40000;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);
  g_assert_false (try_update (fixture->engine, "huge", 40000, 40001, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/capacity/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("partition-limit-item-size", test_partition_limit_item_size);
  ADD ("linear-combination", test_linear_combination);
  ADD ("burst", test_burst);
  ADD ("adaptive", test_adaptive);
  ADD ("adaptive-delayed", test_adaptive_delayed);
  ADD ("on-demand-ramp", test_on_demand_ramp);
  ADD ("max-on-demand", test_max_on_demand);
  ADD ("warm-throughput", test_warm_throughput);
  ADD ("switched-peak", test_switched_peak);
  ADD ("gsi-back-pressure", test_gsi_back_pressure);
  ADD ("backfill-back-pressure", test_backfill_back_pressure);
  ADD ("batch-unprocessed", test_batch_unprocessed);
  ADD ("transaction-throttled", test_transaction_throttled);
  ADD ("disabled", test_disabled);
  ADD ("decrease-quota", test_decrease_quota);
  ADD ("switch-quota", test_switch_quota);
  ADD ("table-quota", test_table_quota);
  ADD ("heat-split", test_heat_split);
  ADD ("heat-split-single-key", test_heat_split_single_key);
  ADD ("heat-split-lsi", test_heat_split_lsi);

  return g_test_run ();
}
