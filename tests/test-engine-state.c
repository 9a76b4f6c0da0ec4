/* test-engine-state.c
 *
 * The runtime state of a database file across reopening (ddb-engine-state.c): burst
 * banks and the current second's use, on-demand peaks (the instant ceiling), scalable
 * targets and the billing meter go on where they stopped; a deleted table's state goes
 * with it; malformed state fails the opening and changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ddb-store.h"
#include "engine-fixture.h"

#define SECOND G_USEC_PER_SEC
#define MINUTE (G_GINT64_CONSTANT (60) * SECOND)

typedef struct
{
  char *path;
} FileFixture;

static void
file_set_up (FileFixture   *fixture,
             gconstpointer  user_data)
{
  fixture->path = db_file_new ();
}

static void
file_tear_down (FileFixture   *fixture,
                gconstpointer  user_data)
{
  db_file_remove (fixture->path);
}

static DdbEngine *
open_engine (FileFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  DdbEngine *engine = ddb_engine_new (fixture->path, &error);

  g_assert_no_error (error);

  return engine;
}

/* Puts 1 KB items "<prefix><i>" until one throttles (at most @limit); returns how many
 * passed. */
static guint
writes_until_throttled (DdbEngine  *engine,
                        const char *table,
                        const char *prefix,
                        guint       limit)
{
  g_autofree char *pad = repeat_char ('p', 900);

  for (guint i = 0; i < limit; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"pk\": {\"S\": \"%s%u\"}, \"pad\": {\"S\": "
                                               "\"%s\"}}", prefix, i, pad);

      if (put_or_throttle (engine, table, json) == DDB_OUTCOME_THROTTLED)
        return i;
    }

  return limit;
}

static void
test_burst_bank (FileFixture   *fixture,
                 gconstpointer  user_data)
{
  g_test_summary ("A 10 WCU table idle for 50 s serves 510 writes in the next second (its "
                  "share and a 500-unit burst bank); 200 pass before the file is closed, and "
                  "after reopening, in the same second, exactly the other 310 (not 510 "
                  "again); the second after serves the share alone");

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);

    create_table (engine, "burst", "pk:S", 10, 10);
    advance_clock (engine, 50 * SECOND);
    g_assert_cmpuint (writes_until_throttled (engine, "burst", "a", 200), ==, 200);
  }
  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);

    g_assert_cmpuint (writes_until_throttled (engine, "burst", "b", 2000), ==, 310);
    /* The bank is spent: the next second serves the 10 WCU share. */
    next_second (engine);
    g_assert_cmpuint (writes_until_throttled (engine, "burst", "c", 2000), ==, 10);
  }
}

static void
test_on_demand_peak (FileFixture   *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DdbTableInfo) before = NULL;

  g_test_summary ("An on-demand table that peaked at 3,000 WRU serves 6,000 at once 30 "
                  "minutes later (2x its previous peak), after reopening too");

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(GError) error = NULL;

    create_table (engine, "spiky", "pk:S", 0, 0);
    next_second (engine);
    g_assert_cmpuint (writes_until_throttled (engine, "spiky", "a", 3000), ==, 3000);
    advance_clock (engine, 31 * MINUTE);
    before = ddb_engine_describe_table (engine, "spiky", &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (before->warm_write_units, ==, 6000);
  }
  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(DdbTableInfo) after = NULL;
    g_autoptr(GError) error = NULL;

    after = ddb_engine_describe_table (engine, "spiky", &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (after->warm_write_units, ==, 6000);
    g_assert_cmpfloat (after->warm_read_units, ==, before->warm_read_units);
    g_assert_cmpuint (writes_until_throttled (engine, "spiky", "b", 7000), ==, 6000);
  }
}

static void
test_scalable_target (FileFixture   *fixture,
                      gconstpointer  user_data)
{
  const DdbScalingPolicy policy = { 70, 5, 100 };

  g_test_summary ("A scalable target set before closing the file still scales the table "
                  "out after reopening: 9 of 10 WCU used for 3 minutes gives 13 WCU");

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(GError) error = NULL;

    create_table (engine, "scaled", "pk:S", 10, 10);
    advance_clock (engine, 10 * MINUTE);
    g_assert_true (ddb_engine_set_auto_scaling (engine, "scaled", NULL, TRUE, &policy, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(GArray) activities = NULL;
    g_autoptr(DdbTableInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    /* 9 writes a second: 90 % of 10 WCU, above the 70 % target. */
    for (guint second = 0; second < 4 * 60; second++)
      {
        g_autofree char *prefix = g_strdup_printf ("s%u-", second);

        g_assert_cmpuint (writes_until_throttled (engine, "scaled", prefix, 9), ==, 9);
        next_second (engine);
      }
    activities = ddb_engine_get_scaling_activities (engine);
    g_assert_cmpuint (activities->len, >=, 1);
    advance_clock (engine, 5 * MINUTE);
    info = ddb_engine_describe_table (engine, "scaled", &error);
    g_assert_no_error (error);
    /* 9 / 0.7 = 12.9: 13 WCU. */
    g_assert_cmpint (info->spec->throughput.write_capacity_units, ==, 13);
  }
}

/* The same simulation, on @engine: 10/10 WCU with 5 writes a second for a minute, then
 * quiet hours; storage grows with the writes. */
static void
bill_first_half (DdbEngine *engine)
{
  create_table (engine, "billed", "pk:S", 10, 10);
  next_second (engine);
  for (guint second = 0; second < 60; second++)
    {
      g_autofree char *prefix = g_strdup_printf ("s%u-", second);

      g_assert_cmpuint (writes_until_throttled (engine, "billed", prefix, 5), ==, 5);
      next_second (engine);
    }
  advance_clock (engine, 90 * MINUTE);
}

static DdbBill *
bill_of (DdbEngine *engine)
{
  g_autoptr(GError) error = NULL;
  DdbBill *bill = ddb_engine_get_bill (engine, NULL, &error);

  g_assert_no_error (error);

  return bill;
}

static void
assert_same_bill (DdbBill *a,
                  DdbBill *b)
{
  g_assert_cmpfloat (ddb_bill_get_hours (a), ==, ddb_bill_get_hours (b));
  g_assert_cmpuint (ddb_bill_get_n_lines (a), ==, ddb_bill_get_n_lines (b));
  for (guint i = 0; i < ddb_bill_get_n_lines (a); i++)
    {
      g_assert_cmpstr (ddb_bill_get_line (a, i)->label, ==, ddb_bill_get_line (b, i)->label);
      g_assert_cmpfloat (ddb_bill_get_line (a, i)->quantity, ==,
                         ddb_bill_get_line (b, i)->quantity);
      g_assert_cmpfloat (ddb_bill_get_line (a, i)->usd, ==, ddb_bill_get_line (b, i)->usd);
    }
  g_assert_cmpfloat (ddb_bill_get_total_usd (a), ==, ddb_bill_get_total_usd (b));
}

static void
test_bill (FileFixture   *fixture,
           gconstpointer  user_data)
{
  g_autoptr(DdbEngine) twin = ddb_engine_new (NULL, NULL);
  g_autoptr(DdbBill) twin_bill = NULL;

  g_test_summary ("The bill of a database file goes on across reopening: 3 hours with a "
                  "reopening after 1.5 give the same lines, to the last bit, as 3 hours in "
                  "one run");

  bill_first_half (twin);
  advance_clock (twin, 90 * MINUTE);
  twin_bill = bill_of (twin);
  /* Metered from the table's first second: 61 s of writes, then 3 quiet hours. */
  g_assert_cmpfloat_with_epsilon (ddb_bill_get_hours (twin_bill), (3 * 3600 + 61) / 3600.0,
                                  1e-9);

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);

    bill_first_half (engine);
  }
  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(DdbBill) bill = NULL;

    advance_clock (engine, 90 * MINUTE);
    bill = bill_of (engine);
    assert_same_bill (bill, twin_bill);
  }
}

static void
test_deleted_table (FileFixture   *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *name = NULL;

  g_test_summary ("A table's saved state is removed when the table is gone");

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(DdbTableInfo) info = NULL;
    g_autoptr(DdbTableInfo) deleted = NULL;
    g_autoptr(DdbStore) store = NULL;
    g_autofree char *state = NULL;
    g_autoptr(GError) error = NULL;

    create_table (engine, "gone", "pk:S", 5, 5);
    advance_clock (engine, SECOND);
    info = ddb_engine_describe_table (engine, "gone", &error);
    g_assert_no_error (error);
    name = g_strconcat ("table:", info->table_id, NULL);

    store = ddb_store_open (fixture->path, &error);
    g_assert_no_error (error);
    g_assert_true (ddb_store_get_state (store, name, &state, &error));
    g_assert_nonnull (state);
    g_clear_pointer (&store, ddb_store_free);

    deleted = ddb_engine_delete_table (engine, "gone", &error);
    g_assert_no_error (error);
    advance_clock (engine, MINUTE);
  }
  {
    g_autoptr(DdbStore) store = NULL;
    g_autofree char *state = NULL;
    g_autoptr(GError) error = NULL;

    store = ddb_store_open (fixture->path, &error);
    g_assert_no_error (error);
    g_assert_true (ddb_store_get_state (store, name, &state, &error));
    g_assert_null (state);
  }
}

static void
test_malformed (FileFixture   *fixture,
                gconstpointer  user_data)
{
  const char *bad[] = {
    "{",
    "[]",
    "{\"owner\": [0, 0, 0, 0, 0, [], []], \"partitions\": [], \"scaling\": [null, null]}",
    "{\"owner\": [0, -1, 0, 0, 0, [], []], \"partitions\": [], \"scaling\": [null, null], "
    "\"indexes\": {}}",
    "{\"owner\": [0, 0, 0, 0, 0, [[5, 10], [4, 20]], []], \"partitions\": [], "
    "\"scaling\": [null, null], \"indexes\": {}}",
    "{\"owner\": [0, 0, 0, 0, 0, [], []], \"partitions\": [[1, 0, 0, 0, 0]], "
    "\"scaling\": [null, null], \"indexes\": {}}",
    "{\"owner\": [0, 0, 0, 0, 0, [], []], \"partitions\": [], "
    "\"scaling\": [[95, 1, 10, 0, 0, 0], null], \"indexes\": {}}",
  };
  g_autofree char *name = NULL;
  g_autofree char *good = NULL;

  g_test_summary ("Malformed saved state fails the opening with a storage error naming the "
                  "table, and leaves the file as it was");

  {
    g_autoptr(DdbEngine) engine = open_engine (fixture);
    g_autoptr(DdbTableInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    create_table (engine, "fragile", "pk:S", 5, 5);
    advance_clock (engine, SECOND);
    info = ddb_engine_describe_table (engine, "fragile", &error);
    g_assert_no_error (error);
    name = g_strconcat ("table:", info->table_id, NULL);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DdbStore) store = NULL;
      g_autoptr(DdbEngine) engine = NULL;
      g_autofree char *kept = NULL;
      g_autoptr(GError) error = NULL;

      store = ddb_store_open (fixture->path, &error);
      g_assert_no_error (error);
      g_assert_true (ddb_store_set_state (store, name, bad[i], &error));
      g_clear_pointer (&store, ddb_store_free);

      engine = ddb_engine_new (fixture->path, &error);
      g_assert_null (engine);
      g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE);
      g_assert_cmpstr (error->message, ==, "storage: malformed runtime state of fragile");

      /* The failed opening wrote nothing back. */
      g_clear_error (&error);
      store = ddb_store_open (fixture->path, &error);
      g_assert_no_error (error);
      g_assert_true (ddb_store_get_state (store, name, &kept, &error));
      g_assert_cmpstr (kept, ==, bad[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/state/" path, FileFixture, NULL, file_set_up, func, file_tear_down)

  ADD ("burst-bank", test_burst_bank);
  ADD ("on-demand-peak", test_on_demand_peak);
  ADD ("scalable-target", test_scalable_target);
  ADD ("bill", test_bill);
  ADD ("deleted-table", test_deleted_table);
  ADD ("malformed", test_malformed);

#undef ADD

  return g_test_run ();
}
