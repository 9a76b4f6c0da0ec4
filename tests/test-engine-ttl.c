/* test-engine-ttl.c
 *
 * Time to Live on the simulated clock: expired items stay readable until the configured
 * delay passed, then go; items without a valid TTL value, and values more than five
 * years old, never go; items written before TTL was enabled expire too; disabling stops
 * deletion; index entries go with their items; many items expire in one advance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "engine-fixture.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

static gint64
now_seconds (DdbEngine *engine)
{
  return ddb_engine_get_now (engine) / G_USEC_PER_SEC;
}

static void
enable_ttl (DdbEngine  *engine,
            const char *table,
            gboolean    enabled)
{
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = ddb_engine_update_ttl (engine, table, enabled, "expires", &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
}

/* Puts {"id": id, "expires": <N seconds>}. */
static void
put_expiring (DdbEngine  *engine,
              const char *table,
              const char *id,
              gint64      expires)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}, "
                                           "\"expires\": {\"N\": \"%" G_GINT64_FORMAT "\"}}",
                                           id, expires);

  put_json (engine, table, json);
}

static gboolean
exists (DdbEngine  *engine,
        const char *table,
        const char *id)
{
  g_autofree char *key = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}}", id);
  g_autoptr(DdbValue) item = NULL;

  get_units (engine, table, key, TRUE, &item);

  return item != NULL;
}

static DdbTableInfo *
describe (DdbEngine  *engine,
          const char *table)
{
  g_autoptr(GError) error = NULL;
  DdbTableInfo *info = ddb_engine_describe_table (engine, table, &error);

  g_assert_no_error (error);

  return info;
}

static void
test_delay (EngineFixture *fixture,
            gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_seconds (engine);
  g_autoptr(DdbTableInfo) info = NULL;

  g_test_summary ("An expired item is readable until the delay passed, then deleted; "
                  "items without a Number TTL or older than five years stay");

  create_table (engine, "sessions", "id:S", 5, 5);
  enable_ttl (engine, "sessions", TRUE);
  put_expiring (engine, "sessions", "now", start);
  put_expiring (engine, "sessions", "later", start + 300);
  put_expiring (engine, "sessions", "ancient", start - 6 * 365 * 24 * 3600);
  put_json (engine, "sessions", "{\"id\": {\"S\": \"none\"}}");
  put_json (engine, "sessions", "{\"id\": {\"S\": \"text\"}, \"expires\": {\"S\": \"0\"}}");

  /* Expired at once, but the default delay is 10 minutes: still readable. */
  g_assert_true (exists (engine, "sessions", "now"));
  advance_clock (engine, 10 * MINUTE - G_USEC_PER_SEC);
  g_assert_true (exists (engine, "sessions", "now"));
  advance_clock (engine, G_USEC_PER_SEC);
  g_assert_false (exists (engine, "sessions", "now"));
  g_assert_true (exists (engine, "sessions", "later"));

  advance_clock (engine, 5 * MINUTE);
  g_assert_false (exists (engine, "sessions", "later"));

  advance_clock (engine, 30 * DAY);
  g_assert_true (exists (engine, "sessions", "ancient"));
  g_assert_true (exists (engine, "sessions", "none"));
  g_assert_true (exists (engine, "sessions", "text"));

  info = describe (engine, "sessions");
  g_assert_cmpint (info->ttl_deleted_items, ==, 2);
  g_assert_cmpint (info->live_item_count, ==, 3);
}

static void
test_existing_items (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_seconds (engine);

  g_test_summary ("Items written before TTL was enabled expire once it is");

  create_table (engine, "cache", "id:S", 5, 5);
  put_expiring (engine, "cache", "old", start - 60);
  advance_clock (engine, HOUR);
  g_assert_true (exists (engine, "cache", "old"));

  enable_ttl (engine, "cache", TRUE);
  advance_clock (engine, 10 * MINUTE);
  g_assert_false (exists (engine, "cache", "old"));
}

static void
test_disable (EngineFixture *fixture,
              gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  gint64 start = now_seconds (engine);

  g_test_summary ("Disabling TTL stops the deletion of items that expire afterwards");

  create_table (engine, "cache", "id:S", 5, 5);
  enable_ttl (engine, "cache", TRUE);
  put_expiring (engine, "cache", "kept", start + 2 * 3600);
  advance_clock (engine, HOUR);
  enable_ttl (engine, "cache", FALSE);
  advance_clock (engine, 2 * DAY);
  g_assert_true (exists (engine, "cache", "kept"));
}

static void
test_configured_delay (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  DdbEngineConfig config;
  gint64 start = now_seconds (engine);

  g_test_summary ("The deletion delay is a model parameter: two days, as DynamoDB's "
                  "typical figure, keeps expired items for two days");

  ddb_engine_get_config (engine, &config);
  config.ttl_delete_delay_usec = 2 * DAY;
  ddb_engine_set_config (engine, &config);

  create_table (engine, "cache", "id:S", 5, 5);
  enable_ttl (engine, "cache", TRUE);
  put_expiring (engine, "cache", "a", start);
  advance_clock (engine, 2 * DAY - G_USEC_PER_SEC);
  g_assert_true (exists (engine, "cache", "a"));
  advance_clock (engine, G_USEC_PER_SEC);
  g_assert_false (exists (engine, "cache", "a"));
}

static void
test_index_entries (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("events");
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(DdbValue) values = item_from_json ("{\":k\": {\"S\": \"click\"}}");
  DdbIndexSpec *index;
  DdbReadInput input;
  gint64 start = now_seconds (engine);

  g_test_summary ("A TTL delete removes the item's GSI entry");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "kind", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 5, 5, -1, -1 };
  index = ddb_table_spec_add_index (spec, "by_kind", TRUE);
  index->key.partition_key = g_strdup ("kind");
  index->projection = DDB_PROJECTION_ALL;
  index->throughput = (DdbThroughput) { 5, 5, -1, -1 };
  created = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);

  enable_ttl (engine, "events", TRUE);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"e%d\"}, \"kind\": {\"S\": "
                                               "\"click\"}, \"expires\": {\"N\": \"%"
                                               G_GINT64_FORMAT "\"}}",
                                               i, start + (i == 2 ? 86400 : 0));

      put_json (engine, "events", json);
    }
  advance_clock (engine, 10 * MINUTE);

  ddb_read_input_init (&input);
  input.table_name = "events";
  input.index_name = "by_kind";
  input.key_condition_expression = "kind = :k";
  input.attributes.values = values;
  g_assert_cmpint (ddb_engine_query (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpint (result.count, ==, 1);

  info = describe (engine, "events");
  g_assert_cmpint (g_array_index (info->indexes, DdbIndexInfo, 0).live_item_count, ==, 1);
}

static void
test_many (EngineFixture *fixture,
           gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) info = NULL;
  gint64 start = now_seconds (engine);

  g_test_summary ("More expired items than one deletion chunk all go in one advance");

  create_table (engine, "bulk", "id:S", 5, 5);
  enable_ttl (engine, "bulk", TRUE);
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("i%04d", i);

      put_expiring (engine, "bulk", id, start - i % 7);
    }
  put_expiring (engine, "bulk", "stays", start + 3600);

  advance_clock (engine, 10 * MINUTE);
  info = describe (engine, "bulk");
  g_assert_cmpint (info->ttl_deleted_items, ==, 1000);
  g_assert_cmpint (info->live_item_count, ==, 1);
  g_assert_true (exists (engine, "bulk", "stays"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/ttl/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("delay", test_delay);
  ADD ("existing-items", test_existing_items);
  ADD ("disable", test_disable);
  ADD ("configured-delay", test_configured_delay);
  ADD ("index-entries", test_index_entries);
  ADD ("many", test_many);

  return g_test_run ();
}
