/* test-engine-tables.c
 *
 * The control plane and the partitions: CreateTable validation and errors, the table
 * lifecycle on the simulated clock, DescribeTable statistics on DynamoDB's refresh
 * schedule, UpdateTable with the partition doubling of TV-28, size splits (TV-29),
 * ListTables paging, TTL settings, and persistence across reopening a file database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "engine-fixture.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static DdbTableSpec *
simple_spec (const char *name,
             gint64      rcu,
             gint64      wcu)
{
  DdbTableSpec *spec = ddb_table_spec_new (name);

  ddb_table_spec_add_attribute (spec, "pk", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("pk");
  spec->throughput.read_capacity_units = rcu;
  spec->throughput.write_capacity_units = wcu;

  return spec;
}

static void
test_partition_counts (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  const struct { gint64 rcu, wcu; guint partitions; double r, w; } cases[] = {
    { 1000, 500, 1, 1000, 500 },
    { 1000, 1000, 2, 500, 500 },
    { 5000, 2000, 4, 1250, 500 },
  };

  g_test_summary ("TV-27: initial partitions by the classic formula, throughput divided evenly");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("table%u", i);
      g_autoptr(DdbTableSpec) spec = simple_spec (name, cases[i].rcu, cases[i].wcu);
      g_autoptr(DdbTableInfo) info = ddb_engine_create_table (fixture->engine, spec, NULL);
      g_autoptr(GArray) partitions = ddb_engine_list_partitions (fixture->engine, name, NULL);

      g_assert_cmpuint (info->partition_count, ==, cases[i].partitions);
      g_assert_cmpuint (partitions->len, ==, cases[i].partitions);
      for (guint p = 0; p < partitions->len; p++)
        {
          const DdbPartitionInfo *part = &g_array_index (partitions, DdbPartitionInfo, p);

          g_assert_cmpfloat (part->read_capacity_share, ==, cases[i].r);
          g_assert_cmpfloat (part->write_capacity_share, ==, cases[i].w);
        }
      /* Together the ranges cover the hash space exactly. */
      g_assert_cmpuint (g_array_index (partitions, DdbPartitionInfo, 0).hash_low, ==, 0);
      g_assert_cmpuint (g_array_index (partitions, DdbPartitionInfo, partitions->len - 1).hash_high,
                        ==, G_MAXUINT64);
    }
}

static void
test_throughput_increase_doubles (EngineFixture *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = simple_spec ("doubling", 5000, 2000);
  g_autoptr(DdbTableInfo) created = ddb_engine_create_table (fixture->engine, spec, NULL);
  DdbTableUpdate update = { .table_name = "doubling", .set_throughput = TRUE,
                            .throughput = { 8000, 2000 } };
  g_autoptr(DdbTableInfo) updated = NULL;
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GArray) splits = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("TV-28: 4 partitions raised to 8,000 RCU become 8 of 1,000 RCU / 250 WCU");

  updated = ddb_engine_update_table (fixture->engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->status, ==, DDB_TABLE_STATUS_UPDATING);
  g_assert_cmpuint (updated->partition_count, ==, 8);

  partitions = ddb_engine_list_partitions (fixture->engine, "doubling", NULL);
  for (guint p = 0; p < partitions->len; p++)
    {
      g_assert_cmpfloat (g_array_index (partitions, DdbPartitionInfo, p).read_capacity_share, ==,
                         1000);
      g_assert_cmpfloat (g_array_index (partitions, DdbPartitionInfo, p).write_capacity_share, ==,
                         250);
    }

  splits = ddb_engine_list_splits (fixture->engine, "doubling", NULL);
  g_assert_cmpuint (splits->len, ==, 4);
  g_assert_cmpint (g_array_index (splits, DdbSplitEvent, 0).reason, ==, DDB_SPLIT_FOR_THROUGHPUT);

  /* Lowering it again never merges partitions; it counts a decrease. */
  update.throughput = (DdbThroughput) { 100, 100 };
  g_clear_pointer (&updated, ddb_table_info_free);
  updated = ddb_engine_update_table (fixture->engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (updated->partition_count, ==, 8);
  g_assert_cmpint (updated->decreases_today, ==, 1);
}

static void
test_size_split (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = simple_spec ("sizesplit", 5000, 2000);
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GArray) splits = NULL;
  g_autofree char *payload = repeat_char ('x', 10000);
  gint64 total = 0;
  guint small_shares = 0;

  g_test_summary ("TV-29: a partition that passes the size limit splits in two, each child "
                  "with half of its throughput; the others keep theirs");

  /* A 1 MB partition limit for the demonstration, as the Ddbsim extension allows. */
  spec->partition_max_bytes = 1024 * 1024;
  info = ddb_engine_create_table (fixture->engine, spec, NULL);
  g_assert_cmpuint (info->partition_max_bytes, ==, 1024 * 1024);

  /* 4 partitions; 6 MB spread over them fills every one past 1 MB. */
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"pk\":{\"S\":\"item%u\"},\"v\":{\"S\":\"%s\"}}",
                                               i, payload);
      put_json (fixture->engine, "sizesplit", json);
    }

  partitions = ddb_engine_list_partitions (fixture->engine, "sizesplit", NULL);
  splits = ddb_engine_list_splits (fixture->engine, "sizesplit", NULL);
  g_assert_cmpuint (partitions->len, >, 4);
  g_assert_cmpuint (splits->len, ==, partitions->len - 4);
  for (guint i = 0; i < splits->len; i++)
    g_assert_cmpint (g_array_index (splits, DdbSplitEvent, i).reason, ==, DDB_SPLIT_FOR_SIZE);

  for (guint p = 0; p < partitions->len; p++)
    {
      const DdbPartitionInfo *part = &g_array_index (partitions, DdbPartitionInfo, p);

      g_assert_cmpint (part->size_bytes, <=, 1024 * 1024);
      total += part->item_count;
      if (part->read_capacity_share < 1250)
        small_shares++;
    }
  g_assert_cmpint (total, ==, 600);
  /* Only the children of splits have a reduced share. */
  g_assert_cmpuint (small_shares, >=, 2);
  g_assert_cmpuint (small_shares, <=, 2 * splits->len);
}

static void
test_create_errors (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) good = simple_spec ("exists", 5, 5);
  g_autoptr(DdbTableInfo) info = ddb_engine_create_table (fixture->engine, good, NULL);
  g_autoptr(DdbTableSpec) undefined_key = simple_spec ("undefined", 5, 5);
  g_autoptr(DdbTableSpec) low = simple_spec ("lowtput", 0, 5);
  g_autoptr(DdbTableSpec) short_name = simple_spec ("ab", 5, 5);
  g_autoptr(DdbTableSpec) on_demand = simple_spec ("ondemand", 5, 5);
  g_autoptr(GError) error = NULL;

  g_test_summary ("DynamoDB's errors: duplicate name, undefined key attribute, throughput "
                  "below 1, bad names, throughput with PAY_PER_REQUEST");

  g_assert_null (ddb_engine_create_table (fixture->engine, good, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_IN_USE);
  g_assert_cmpstr (error->message, ==, "Table already exists: exists");
  g_clear_error (&error);

  g_free (undefined_key->key.partition_key);
  undefined_key->key.partition_key = g_strdup ("id");
  g_assert_null (ddb_engine_create_table (fixture->engine, undefined_key, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Some index "
                   "key attributes are not defined in AttributeDefinitions. Keys: [id], "
                   "AttributeDefinitions: [pk]");
  g_clear_error (&error);

  g_assert_null (ddb_engine_create_table (fixture->engine, low, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_null (ddb_engine_create_table (fixture->engine, short_name, &error));
  g_assert_cmpstr (error->message, ==, "TableName must be at least 3 characters long and at "
                   "most 255 characters long");
  g_clear_error (&error);

  on_demand->billing_mode = DDB_BILLING_ON_DEMAND;
  g_assert_null (ddb_engine_create_table (fixture->engine, on_demand, &error));
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Neither "
                   "ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
                   "is PAY_PER_REQUEST");
}

static void
test_lifecycle_on_the_clock (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  DdbEngineConfig config;
  g_autoptr(DdbTableSpec) spec = simple_spec ("slow", 5, 5);
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 created;

  g_test_summary ("With creation and deletion delays, a table is CREATING, then ACTIVE, then "
                  "DELETING, then gone, as the simulated clock moves");

  ddb_engine_get_config (fixture->engine, &config);
  config.table_create_delay_usec = 10 * G_USEC_PER_SEC;
  config.table_delete_delay_usec = 5 * G_USEC_PER_SEC;
  ddb_engine_set_config (fixture->engine, &config);

  created = ddb_engine_get_now (fixture->engine);
  info = ddb_engine_create_table (fixture->engine, spec, NULL);
  g_assert_cmpint (info->creation_usec, ==, created);
  g_clear_pointer (&info, ddb_table_info_free);

  /* Items cannot be written while the table is created. */
  {
    g_autoptr(DdbValue) item = item_from_json ("{\"pk\":{\"S\":\"a\"}}");
    DdbPutItemInput input = { .table_name = "slow", .item = item };
    DdbWriteResult result = { 0 };

    g_assert_cmpint (ddb_engine_put_item (fixture->engine, &input, &result, &error), ==,
                     DDB_OUTCOME_ERROR);
    g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND);
    g_clear_error (&error);
    ddb_write_result_clear (&result);
  }

  info = ddb_engine_describe_table (fixture->engine, "slow", NULL);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_CREATING);
  g_clear_pointer (&info, ddb_table_info_free);

  g_assert_true (ddb_engine_advance (fixture->engine, 10 * G_USEC_PER_SEC, NULL));
  info = ddb_engine_describe_table (fixture->engine, "slow", NULL);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_ACTIVE);
  g_clear_pointer (&info, ddb_table_info_free);
  put_json (fixture->engine, "slow", "{\"pk\":{\"S\":\"a\"}}");

  info = ddb_engine_delete_table (fixture->engine, "slow", NULL);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_DELETING);
  g_clear_pointer (&info, ddb_table_info_free);
  g_assert_true (ddb_engine_advance (fixture->engine, 5 * G_USEC_PER_SEC, NULL));

  g_assert_null (ddb_engine_describe_table (fixture->engine, "slow", &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Requested resource not found: Table: slow not found");
}

static void
test_statistics_refresh (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  DdbEngineConfig config;
  g_autoptr(DdbTableSpec) spec = simple_spec ("stats", 5, 5);
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("ItemCount and TableSizeBytes follow DynamoDB's six-hour refresh");

  ddb_engine_get_config (fixture->engine, &config);
  config.stats_refresh_usec = 6 * HOUR;
  ddb_engine_set_config (fixture->engine, &config);

  info = ddb_engine_create_table (fixture->engine, spec, NULL);
  g_clear_pointer (&info, ddb_table_info_free);
  put_json (fixture->engine, "stats", "{\"pk\":{\"S\":\"a\"}}");
  put_json (fixture->engine, "stats", "{\"pk\":{\"S\":\"b\"}}");

  info = ddb_engine_describe_table (fixture->engine, "stats", NULL);
  g_assert_cmpint (info->item_count, ==, 0);
  g_assert_cmpint (info->live_item_count, ==, 2);
  g_clear_pointer (&info, ddb_table_info_free);

  ddb_engine_advance (fixture->engine, 6 * HOUR - 1, NULL);
  info = ddb_engine_describe_table (fixture->engine, "stats", NULL);
  g_assert_cmpint (info->item_count, ==, 0);
  g_clear_pointer (&info, ddb_table_info_free);

  ddb_engine_advance (fixture->engine, 1, NULL);
  info = ddb_engine_describe_table (fixture->engine, "stats", NULL);
  g_assert_cmpint (info->item_count, ==, 2);
  /* "pk" + 1 byte each */
  g_assert_cmpint (info->size_bytes, ==, 2 * 3);
}

static void
test_list_tables (EngineFixture *fixture,
                  gconstpointer  user_data)
{
  const char *names[] = { "delta", "alpha", "charlie", "bravo", "echo" };
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) second = NULL;
  g_autofree char *last = NULL;
  g_autofree char *end = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DdbTableSpec) spec = simple_spec (names[i], 1, 1);
      g_autoptr(DdbTableInfo) info = ddb_engine_create_table (fixture->engine, spec, NULL);

      g_assert_nonnull (info);
    }

  first = ddb_engine_list_tables (fixture->engine, NULL, 3, &last, NULL);
  g_assert_cmpuint (g_strv_length (first), ==, 3);
  g_assert_cmpstr (first[0], ==, "alpha");
  g_assert_cmpstr (first[2], ==, "charlie");
  g_assert_cmpstr (last, ==, "charlie");

  second = ddb_engine_list_tables (fixture->engine, last, 3, &end, NULL);
  g_assert_cmpuint (g_strv_length (second), ==, 2);
  g_assert_cmpstr (second[0], ==, "delta");
  g_assert_cmpstr (second[1], ==, "echo");
  g_assert_null (end);
}

static void
test_update_errors (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = simple_spec ("upd", 5, 5);
  g_autoptr(DdbTableInfo) info = ddb_engine_create_table (fixture->engine, spec, NULL);
  DdbTableUpdate same = { .table_name = "upd", .set_throughput = TRUE, .throughput = { 5, 5 } };
  DdbTableUpdate to_on_demand = { .table_name = "upd", .set_billing_mode = TRUE,
                                  .billing_mode = DDB_BILLING_ON_DEMAND };
  g_autoptr(DdbTableInfo) updated = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ddb_engine_update_table (fixture->engine, &same, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_true (g_str_has_prefix (error->message, "The provisioned throughput for the table "
                                                   "will not change."));
  g_clear_error (&error);

  updated = ddb_engine_update_table (fixture->engine, &to_on_demand, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->spec->billing_mode, ==, DDB_BILLING_ON_DEMAND);
  g_assert_cmpint (updated->spec->throughput.read_capacity_units, ==, 0);
}

static void
test_ttl_settings (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = simple_spec ("ttltable", 5, 5);
  g_autoptr(DdbTableInfo) info = ddb_engine_create_table (fixture->engine, spec, NULL);
  g_autoptr(DdbTableInfo) enabled = NULL;
  g_autoptr(DdbTableInfo) disabled = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("TTL: enable once, refuse enabling twice, one change per hour");

  enabled = ddb_engine_update_ttl (fixture->engine, "ttltable", TRUE, "expires", &error);
  g_assert_no_error (error);
  g_assert_cmpint (enabled->ttl_status, ==, DDB_TTL_ENABLED);
  g_assert_cmpstr (enabled->ttl_attribute, ==, "expires");

  g_assert_null (ddb_engine_update_ttl (fixture->engine, "ttltable", TRUE, "expires", &error));
  g_assert_cmpstr (error->message, ==, "TimeToLive is already enabled");
  g_clear_error (&error);

  g_assert_null (ddb_engine_update_ttl (fixture->engine, "ttltable", FALSE, "expires", &error));
  g_assert_cmpstr (error->message, ==, "Time to live has been modified multiple times within a "
                   "fixed interval");
  g_clear_error (&error);

  ddb_engine_advance (fixture->engine, HOUR, NULL);
  disabled = ddb_engine_update_ttl (fixture->engine, "ttltable", FALSE, "expires", &error);
  g_assert_no_error (error);
  g_assert_cmpint (disabled->ttl_status, ==, DDB_TTL_DISABLED);
}

static void
test_persistence (void)
{
  g_autoptr(GError) error = NULL;
  char *path = db_file_new ();
  gint64 clock;

  g_test_summary ("A file database keeps tables, items, partitions and the clock across "
                  "reopening");
  g_assert_no_error (error);

  {
    g_autoptr(DdbEngine) engine = ddb_engine_new (path, &error);
    g_autoptr(DdbTableSpec) spec = simple_spec ("kept", 5000, 2000);
    g_autoptr(DdbTableInfo) info = NULL;

    g_assert_no_error (error);
    info = ddb_engine_create_table (engine, spec, &error);
    g_assert_no_error (error);
    put_json (engine, "kept", "{\"pk\":{\"S\":\"x\"},\"n\":{\"N\":\"42\"}}");
    put_json (engine, "kept", "{\"pk\":{\"S\":\"y\"}}");
    g_assert_true (ddb_engine_advance (engine, 90 * G_USEC_PER_SEC, &error));
    clock = ddb_engine_get_now (engine);
  }

  {
    g_autoptr(DdbEngine) engine = ddb_engine_new (path, &error);
    g_autoptr(DdbTableInfo) info = NULL;
    g_autoptr(DdbValue) item = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (ddb_engine_get_now (engine), ==, clock);
    info = ddb_engine_describe_table (engine, "kept", &error);
    g_assert_no_error (error);
    g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_ACTIVE);
    g_assert_cmpuint (info->partition_count, ==, 4);
    g_assert_cmpint (info->live_item_count, ==, 2);
    get_units (engine, "kept", "{\"pk\":{\"S\":\"x\"}}", TRUE, &item);
    text = ddb_item_to_json_text (item);
    g_assert_cmpstr (text, ==, "{\"n\":{\"N\":\"42\"},\"pk\":{\"S\":\"x\"}}");
  }

  db_file_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/tables/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("partition-counts", test_partition_counts);
  ADD ("throughput-increase-doubles", test_throughput_increase_doubles);
  ADD ("size-split", test_size_split);
  ADD ("create-errors", test_create_errors);
  ADD ("lifecycle-on-the-clock", test_lifecycle_on_the_clock);
  ADD ("statistics-refresh", test_statistics_refresh);
  ADD ("list-tables", test_list_tables);
  ADD ("update-errors", test_update_errors);
  ADD ("ttl-settings", test_ttl_settings);
  g_test_add_func ("/ddb/engine/tables/persistence", test_persistence);

#undef ADD

  return g_test_run ();
}
