/* test-engine-autoscaling.c
 *
 * Auto scaling (rulebook 5) on the simulated clock: TV-33's arithmetic, scaling out after
 * two minutes above the target, scaling in after fifteen below target - 20 points, the
 * update delay during which the old capacity still throttles, and policy validation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "engine-fixture.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SECOND)

static gint64
write_capacity (DdbEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (engine, "scaled", &error);

  g_assert_no_error (error);

  return info->spec->throughput.write_capacity_units;
}

/* One simulated second of @writes one-KB writes; returns how many were throttled. */
static guint
write_second (DdbEngine *engine,
              guint      writes)
{
  guint throttled = 0;

  for (guint i = 0; i < writes; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"k%u\"}}", i);
      g_autoptr(DdbValue) item = item_from_json (json);
      DdbPutItemInput input = { .table_name = "scaled", .item = item };
      g_auto(DdbWriteResult) result = { 0 };
      g_autoptr(GError) error = NULL;

      throttled += ddb_engine_put_item (engine, &input, &result, &error) == DDB_OUTCOME_THROTTLED;
      g_assert_no_error (error);
    }
  advance_clock (engine, SECOND);

  return throttled;
}

static void
set_policy (DdbEngine *engine,
            double     target,
            gint64     min_units,
            gint64     max_units)
{
  DdbScalingPolicy policy = { target, min_units, max_units };
  g_autoptr(GError) error = NULL;

  g_assert_true (ddb_engine_set_auto_scaling (engine, "scaled", NULL, TRUE, &policy, &error));
  g_assert_no_error (error);
}

static void
test_arithmetic (void)
{
  DdbScalingPolicy policy = { 70, 5, 10000 };
  DdbScalingState state = { 0 };

  g_test_summary ("TV-33: 150 WCU consumed at a 70 % target needs 150 / 0.7 = 214.3, so 215; "
                  "the alarm needs two minutes above the target");

  g_assert_cmpint (ddb_scaling_capacity_for (&policy, 150), ==, 215);
  /* One minute at 75 % of 200: not yet. */
  g_assert_cmpint (ddb_scaling_evaluate (&policy, &state, 150 * 60, 200), ==, 0);
  g_assert_cmpint (ddb_scaling_evaluate (&policy, &state, 150 * 60, 200), ==, 215);
  /* The alarm reset: the next minute alone does nothing. */
  g_assert_cmpint (ddb_scaling_evaluate (&policy, &state, 150 * 60, 200), ==, 0);

  /* Scale in: 15 minutes below 50 %, then consumed / target, never below the minimum. */
  for (int i = 0; i < 14; i++)
    g_assert_cmpint (ddb_scaling_evaluate (&policy, &state, 10 * 60, 200), ==, 0);
  g_assert_cmpint (ddb_scaling_evaluate (&policy, &state, 10 * 60, 200), ==, 15);
}

static void
test_validation (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  DdbScalingPolicy policy = { 95, 5, 100 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Targets from 20 to 90 %, 1 <= min <= max, provisioned tables only");

  create_table (fixture->engine, "scaled", "id:S", 5, 5);
  g_assert_false (ddb_engine_set_auto_scaling (fixture->engine, "scaled", NULL, TRUE, &policy,
                                               &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_clear_error (&error);

  policy = (DdbScalingPolicy) { 70, 10, 5 };
  g_assert_false (ddb_engine_set_auto_scaling (fixture->engine, "scaled", NULL, TRUE, &policy,
                                               &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_clear_error (&error);

  create_table (fixture->engine, "ondemand", "id:S", 0, 0);
  policy = (DdbScalingPolicy) { 70, 5, 100 };
  g_assert_false (ddb_engine_set_auto_scaling (fixture->engine, "ondemand", NULL, TRUE,
                                               &policy, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
}

static void
test_scale_out_and_in (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GArray) activities = NULL;
  const DdbScalingActivity *activity;

  g_test_summary ("150 writes/s on 200 WCU at a 70 % target: raised to 215 once two whole "
                  "minutes were above the target; after 15 idle minutes, lowered to the "
                  "minimum, 5");

  create_table (engine, "scaled", "id:S", 5, 200);
  set_policy (engine, 70, 5, 1000);
  /* Data points start at the next whole minute. */
  advance_clock (engine, MINUTE);

  for (int second = 0; second < 120; second++)
    g_assert_cmpuint (write_second (engine, 150), ==, 0);
  /* The clock entered the third minute: the two data points are in, the alarm fired. */
  g_assert_cmpint (write_capacity (engine), ==, 215);

  activities = ddb_engine_get_scaling_activities (engine);
  g_assert_cmpuint (activities->len, ==, 1);
  activity = &g_array_index (activities, DdbScalingActivity, 0);
  g_assert_true (activity->applied);
  g_assert_true (activity->write);
  g_assert_cmpint (activity->from_units, ==, 200);
  g_assert_cmpint (activity->to_units, ==, 215);
  g_assert_cmpstr (activity->table_name, ==, "scaled");
  g_assert_null (activity->index_name);

  /* Idle: utilisation 0 %, below 50 %.  After 14 minutes nothing, after 15 the minimum. */
  for (int minute = 0; minute < 14; minute++)
    advance_clock (engine, MINUTE);
  g_assert_cmpint (write_capacity (engine), ==, 215);
  advance_clock (engine, MINUTE);
  g_assert_cmpint (write_capacity (engine), ==, 5);
}

static void
test_update_delay (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbEngineConfig config;
  DdbTableUpdate update = { .table_name = "scaled", .set_throughput = TRUE,
                            .throughput = { 5, 100, -1, -1 } };
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("With a 5-minute UpdateTable delay, raising 10 WCU to 100 leaves the table "
                  "UPDATING and still throttling above 10 until the delay passed");

  ddb_engine_get_config (engine, &config);
  config.table_update_delay_usec = 5 * MINUTE;
  config.admission.enabled = TRUE;
  ddb_engine_set_config (engine, &config);
  create_table (engine, "scaled", "id:S", 5, 10);

  info = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_UPDATING);
  g_assert_cmpint (info->spec->throughput.write_capacity_units, ==, 100);

  /* In the second the table was created: no burst; the old 10 units serve, and in the
   * next second too (all 10 were used: nothing was banked). */
  g_assert_cmpuint (write_second (engine, 30), ==, 20);
  g_assert_cmpuint (write_second (engine, 30), ==, 20);
  advance_clock (engine, 5 * MINUTE);
  g_assert_cmpuint (write_second (engine, 100), ==, 0);
  g_clear_pointer (&info, ddb_table_info_free);
  info = ddb_engine_describe_table (engine, "scaled", &error);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_ACTIVE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/autoscaling/" path, EngineFixture, NULL, engine_fixture_set_up, \
              func, engine_fixture_tear_down)

  g_test_add_func ("/ddb/engine/autoscaling/arithmetic", test_arithmetic);
  ADD ("validation", test_validation);
  ADD ("scale-out-and-in", test_scale_out_and_in);
  ADD ("update-delay", test_update_delay);

  return g_test_run ();
}
