/* engine-fixture.c
 *
 * Helpers shared by the engine test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "ddb-item.h"
#include "engine-fixture.h"

void
engine_fixture_set_up (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  DdbEngineConfig config;

  fixture->engine = ddb_engine_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->engine);

  /* Tests read live statistics unless they test the refresh schedule itself, and test
   * the API's answers without admission control unless they test capacity (which turn
   * it on with engine_fixture_enable_admission()). */
  ddb_engine_get_config (fixture->engine, &config);
  config.stats_refresh_usec = 0;
  config.admission.enabled = FALSE;
  ddb_engine_set_config (fixture->engine, &config);
}

void
engine_fixture_enable_admission (EngineFixture *fixture)
{
  DdbEngineConfig config;

  ddb_engine_get_config (fixture->engine, &config);
  config.admission.enabled = TRUE;
  ddb_engine_set_config (fixture->engine, &config);
}

/* Admission on, with splits for heat after @usec of sustained heat. */
void
engine_fixture_set_heat_window (EngineFixture *fixture,
                                gint64         usec)
{
  DdbEngineConfig config;

  ddb_engine_get_config (fixture->engine, &config);
  config.admission.enabled = TRUE;
  config.admission.heat_window_usec = usec;
  ddb_engine_set_config (fixture->engine, &config);
}

void
engine_fixture_tear_down (EngineFixture *fixture,
                          gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->engine);
}

void
create_table (DdbEngine  *engine,
              const char *name,
              const char *key,
              gint64      rcu,
              gint64      wcu)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new (name);
  g_auto(GStrv) parts = g_strsplit (key, ",", 2);
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], ":", 2);
      DdbKind kind;

      g_assert_true (ddb_kind_from_string (pair[1], &kind));
      ddb_table_spec_add_attribute (spec, pair[0], kind);
      if (i == 0)
        spec->key.partition_key = g_strdup (pair[0]);
      else
        spec->key.sort_key = g_strdup (pair[0]);
    }

  if (rcu == 0 && wcu == 0)
    spec->billing_mode = DDB_BILLING_ON_DEMAND;
  spec->throughput.read_capacity_units = rcu;
  spec->throughput.write_capacity_units = wcu;

  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpint (info->status, ==, DDB_TABLE_STATUS_CREATING);
}

DdbValue *
item_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  DdbValue *item = ddb_item_from_json_text (json, -1, &error);

  g_assert_no_error (error);

  return item;
}

char *
repeat_char (char  c,
             gsize n)
{
  char *text = g_malloc (n + 1);

  memset (text, c, n);
  text[n] = '\0';

  return text;
}

/* Puts an item and returns the write units it consumed. */
double
put_json (DdbEngine  *engine,
          const char *table,
          const char *json)
{
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = table, .item = item };
  DdbWriteResult result = { 0 };
  g_autoptr(GError) error = NULL;
  double units;

  g_assert_cmpint (ddb_engine_put_item (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  units = ddb_consumed_capacity_get_total (&result.consumed);
  ddb_write_result_clear (&result);

  return units;
}

/* Puts an item that admission control may throttle: returns DDB_OUTCOME_OK or
 * DDB_OUTCOME_THROTTLED (anything else fails the test). */
DdbOutcome
put_or_throttle (DdbEngine  *engine,
                 const char *table,
                 const char *json)
{
  g_autoptr(DdbValue) item = item_from_json (json);
  DdbPutItemInput input = { .table_name = table, .item = item };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbOutcome outcome = ddb_engine_put_item (engine, &input, &result, &error);

  g_assert_no_error (error);
  g_assert_true (outcome == DDB_OUTCOME_OK || outcome == DDB_OUTCOME_THROTTLED);

  return outcome;
}

/* Gets an item by key and returns the read units consumed; *item (nullable) receives it. */
double
get_units (DdbEngine   *engine,
           const char  *table,
           const char  *key_json,
           gboolean     consistent,
           DdbValue   **item)
{
  g_autoptr(DdbValue) key = item_from_json (key_json);
  DdbGetItemInput input = { .table_name = table, .key = key, .consistent_read = consistent };
  DdbGetResult result = { 0 };
  g_autoptr(GError) error = NULL;
  double units;

  g_assert_cmpint (ddb_engine_get_item (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  units = ddb_consumed_capacity_get_total (&result.consumed);
  if (item != NULL)
    *item = g_steal_pointer (&result.item);
  ddb_get_result_clear (&result);

  return units;
}

/* An item {"k": @key, "v": "xxx..."} of exactly @bytes bytes: each attribute counts its
 * name and its value (rulebook 1.1), so "k" + key and "v" + the padding. */
DdbValue *
item_of_size (const char *key,
              gsize       bytes)
{
  gsize overhead = 1 + strlen (key) + 1;
  g_autofree char *pad = NULL;
  const char *names[] = { "k", "v" };
  DdbValue *values[2];
  DdbValue *item;

  g_assert_cmpuint (bytes, >, overhead);
  pad = repeat_char ('x', bytes - overhead);
  values[0] = ddb_value_new_string (key, -1);
  values[1] = ddb_value_new_string (pad, -1);
  item = ddb_value_new_map_take (names, values, 2);
  g_assert_cmpuint (ddb_item_size (item), ==, bytes);

  return item;
}

/* The Key {"k": @key}. */
DdbValue *
key_of (const char *key)
{
  const char *names[] = { "k" };
  DdbValue *values[] = { ddb_value_new_string (key, -1) };

  return ddb_value_new_map_take (names, values, 1);
}

/* Puts @item into @table, which must succeed. */
void
put_value (DdbEngine  *engine,
           const char *table,
           DdbValue   *item)
{
  DdbPutItemInput input = { .table_name = table, .item = item };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ddb_engine_put_item (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
}

/* Moves the simulated clock, which must succeed. */
void
advance_clock (DdbEngine *engine,
               gint64     usec)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ddb_engine_advance (engine, usec, &error));
  g_assert_no_error (error);
}

/* Returns: (transfer full): the path of a database file in a new temporary folder (the
 * file itself does not exist yet).  Remove both with db_file_remove(). */
char *
db_file_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ddbsim-test-XXXXXX", &error);

  g_assert_no_error (error);

  return g_build_filename (dir, "test.db", NULL);
}

/* Removes the database file @path, its WAL companions and its folder, and frees @path. */
void
db_file_remove (char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (path);
}

/* Moves the clock to the start of the next simulated second. */
void
next_second (DdbEngine *engine)
{
  gint64 now = ddb_engine_get_now (engine);

  advance_clock (engine, G_USEC_PER_SEC - now % G_USEC_PER_SEC);
}
