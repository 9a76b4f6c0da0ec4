/* ddb-cli-bench.c
 *
 * `ddbsim-cli bench`: performance measured against a baseline in the same run, on the same
 * machine, never as timed tests.
 *
 *   bench storage [--items N] [--rounds R] [--file]
 *       The engine's storage layout (rowid table + unique index) against WITHOUT ROWID
 *       layouts, with raw prepared statements: the measurement behind the layout choice.
 *
 *   bench capacity [--items N] [--rounds R] [--file]
 *       The same engine workload with admission control and metrics on and off: what
 *       enforcing capacity costs.  Target: >= 0.8.
 *
 *   bench engine [--items N] [--rounds R] [--file]
 *       PutItem and GetItem of 1 KB items with a string partition key: raw SQLite (the
 *       floor for any SQLite-backed engine: one rowid table, a unique index on the key,
 *       prepared statements, one statement per operation) against the engine's C API, which
 *       also validates, serialises, routes to a partition, accounts capacity and keeps
 *       statistics.  Each phase runs R times, alternating baseline and engine, and the
 *       median rate is reported with the ratio engine / baseline.  Target: >= 0.5.
 *
 *       Keys are written and read in a shuffled order (a fixed seed, so every run does the
 *       same work), as a real workload does: with keys in ascending order SQLite would
 *       only ever append to the baseline's index, which measures key order, not the
 *       engine.
 *
 * The benchmark reads the wall clock, which is allowed here: it measures the program, not
 * the simulation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "ddb-cli-calc.h"
#include "ddb-cli.h"
#include "ddb-engine.h"
#include "ddb-item.h"
#include "ddb-key.h"
#include "ddb-value-codec.h"

#define ITEM_BYTES 1024
#define TARGET_RATIO 0.5
#define CAPACITY_TARGET_RATIO 0.8

typedef struct
{
  double put_per_second;
  double get_per_second;
} Rates;

typedef struct
{
  guint      n_items;
  GPtrArray *items;          /* DdbValue, each exactly ITEM_BYTES */
  GPtrArray *keys;           /* DdbValue: {"pk": ...} */
  GPtrArray *blobs;          /* GBytes: the stored form of each item, for the baseline */
  char      *directory;      /* for --file runs */
} Workload;

static void
workload_clear (Workload *workload)
{
  g_clear_pointer (&workload->items, g_ptr_array_unref);
  g_clear_pointer (&workload->keys, g_ptr_array_unref);
  g_clear_pointer (&workload->blobs, g_ptr_array_unref);
  g_clear_pointer (&workload->directory, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workload, workload_clear)

static void
workload_init (Workload *workload,
               guint     n_items)
{
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_items);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

  workload->n_items = n_items;
  workload->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  workload->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  workload->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  /* A Fisher-Yates shuffle of the key numbers, with a fixed seed. */
  for (guint i = 0; i < n_items; i++)
    g_array_append_val (order, i);
  for (guint i = n_items - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      guint swap = g_array_index (order, guint, i);

      g_array_index (order, guint, i) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = swap;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *pk = g_strdup_printf ("user#%08u", g_array_index (order, guint, i));
      /* "pk" + 13 bytes, "payload" + the rest: exactly ITEM_BYTES. */
      gsize payload_length = ITEM_BYTES - (2 + strlen (pk)) - 7;
      g_autofree char *payload = g_strnfill (payload_length, 'p');
      const char *names[2] = { "pk", "payload" };
      DdbValue *values[2] = { ddb_value_new_string (pk, -1), ddb_value_new_string (payload, -1) };
      DdbValue *item = ddb_value_new_map_take (names, values, 2);
      const char *key_names[1] = { "pk" };
      DdbValue *key_values[1] = { ddb_value_new_string (pk, -1) };
      g_autoptr(GByteArray) blob = g_byte_array_new ();

      g_assert (ddb_item_size (item) == ITEM_BYTES);
      ddb_value_serialize (item, blob);
      g_ptr_array_add (workload->items, item);
      g_ptr_array_add (workload->keys, ddb_value_new_map_take (key_names, key_values, 1));
      g_ptr_array_add (workload->blobs, g_byte_array_free_to_bytes (g_steal_pointer (&blob)));
    }
}

static char *
database_path (const Workload *workload,
               const char     *name)
{
  char *path;

  if (workload->directory == NULL)
    return NULL;

  path = g_build_filename (workload->directory, name, NULL);
  g_remove (path);

  return path;
}

/* Removes a database file and its WAL companions; NULL is an in-memory database. */
static void
remove_database (const char *path)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (path == NULL)
    return;

  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_remove (wal);
  g_remove (shm);
  g_remove (path);
}

static double
seconds_since (gint64 start)
{
  return MAX (1, g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* ---------------------------------------------------------------------------------------
 * Raw SQLite layouts
 * ------------------------------------------------------------------------------------- */

/* A way to store the items in SQLite, driven with prepared statements and nothing else.
 * "kv" layouts bind (pk, value); "items" layouts bind the engine's columns (tbl, hash, pk,
 * sk, size, data), so that the engine's own layout can be measured without the engine. */
typedef struct
{
  const char *name;
  const char *schema;
  const char *insert;
  const char *select;
  gboolean    engine_columns;
} Layout;

/* The floor for the engine benchmark. */
static const Layout baseline_layout = {
  "kv rowid + unique index",
  "CREATE TABLE kv (id INTEGER PRIMARY KEY, pk BLOB NOT NULL, value BLOB NOT NULL);"
  "CREATE UNIQUE INDEX kv_pk ON kv (pk);",
  "INSERT INTO kv (pk, value) VALUES (?1, ?2)",
  "SELECT value FROM kv WHERE pk = ?1",
  FALSE,
};

/* The candidates of `bench storage`: the engine's layout against its alternatives. */
static const Layout storage_layouts[] = {
  {
    "items rowid + unique index (the engine's)",
    "CREATE TABLE items (id INTEGER PRIMARY KEY, tbl INTEGER NOT NULL, hash INTEGER NOT NULL,"
    " pk BLOB NOT NULL, sk BLOB NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE UNIQUE INDEX items_key ON items (tbl, hash, pk, sk);",
    "INSERT INTO items (tbl, hash, pk, sk, size, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT id, size, data FROM items WHERE tbl = ?1 AND hash = ?2 AND pk = ?3 AND sk = ?4",
    TRUE,
  },
  {
    "items WITHOUT ROWID",
    "CREATE TABLE items (tbl INTEGER NOT NULL, hash INTEGER NOT NULL, pk BLOB NOT NULL,"
    " sk BLOB NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (tbl, hash, pk, sk)) WITHOUT ROWID;",
    "INSERT INTO items (tbl, hash, pk, sk, size, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT size, data FROM items WHERE tbl = ?1 AND hash = ?2 AND pk = ?3 AND sk = ?4",
    TRUE,
  },
  {
    "kv WITHOUT ROWID",
    "CREATE TABLE kv (pk BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
    "INSERT INTO kv (pk, value) VALUES (?1, ?2)",
    "SELECT value FROM kv WHERE pk = ?1",
    FALSE,
  },
};

static void
bind_item (const Layout   *layout,
           sqlite3_stmt   *stmt,
           const Workload *workload,
           guint           i,
           gboolean        with_value)
{
  const char *pk = ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (workload->keys, i),
                                                           "pk"), NULL);
  GBytes *blob = g_ptr_array_index (workload->blobs, i);
  gsize length = strlen (pk);

  if (!layout->engine_columns)
    {
      sqlite3_bind_blob (stmt, 1, pk, length, SQLITE_STATIC);
      if (with_value)
        sqlite3_bind_blob (stmt, 2, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob),
                           SQLITE_STATIC);
      return;
    }

  sqlite3_bind_int64 (stmt, 1, 1);
  sqlite3_bind_int64 (stmt, 2, (gint64)ddb_key_hash ((const guint8 *)pk, length));
  sqlite3_bind_blob (stmt, 3, pk, length, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, "", 0, SQLITE_STATIC);
  if (with_value)
    {
      sqlite3_bind_int64 (stmt, 5, ITEM_BYTES);
      sqlite3_bind_blob (stmt, 6, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob),
                         SQLITE_STATIC);
    }
}

/* Puts every item of @workload with @layout, then gets every one back. */
static gboolean
layout_run (const Workload  *workload,
            const Layout    *layout,
            Rates           *rates,
            GError         **error)
{
  g_autofree char *path = database_path (workload, "layout.db");
  sqlite3 *db = NULL;
  sqlite3_stmt *put = NULL;
  sqlite3_stmt *get = NULL;
  gboolean ok = FALSE;
  gint64 start;

  if (sqlite3_open (path != NULL ? path : ":memory:", &db) != SQLITE_OK ||
      sqlite3_exec (db, path != NULL ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                     : "", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA cache_size = -65536;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, layout->schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, layout->insert, -1, &put, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, layout->select, -1, &get, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", layout->name,
                   sqlite3_errmsg (db));
      goto out;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      sqlite3_reset (put);
      bind_item (layout, put, workload, i, TRUE);
      if (sqlite3_step (put) != SQLITE_DONE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: put: %s", layout->name,
                       sqlite3_errmsg (db));
          goto out;
        }
    }
  rates->put_per_second = workload->n_items / seconds_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      sqlite3_reset (get);
      bind_item (layout, get, workload, i, FALSE);
      if (sqlite3_step (get) != SQLITE_ROW)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: get: %s", layout->name,
                       sqlite3_errmsg (db));
          goto out;
        }
    }
  rates->get_per_second = workload->n_items / seconds_since (start);
  ok = TRUE;

out:
  sqlite3_finalize (put);
  sqlite3_finalize (get);
  sqlite3_close (db);
  remove_database (path);

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * The engine
 * ------------------------------------------------------------------------------------- */

/* How often the engine runs move the simulated clock: one second per this many
 * operations keeps every partition of the bench table far below its per-second share, so
 * the capacity runs measure the cost of admission control and metrics, not throttles. */
#define OPERATIONS_PER_SIMULATED_SECOND 5000

static gboolean
tick (DdbEngine  *engine,
      guint       operation,
      GError    **error)
{
  if ((operation + 1) % OPERATIONS_PER_SIMULATED_SECOND != 0)
    return TRUE;

  return ddb_engine_advance (engine, G_USEC_PER_SEC, error);
}

/* Fails with a clear message for an outcome other than OK that left no error. */
static gboolean
check_outcome (DdbOutcome   outcome,
               const char  *operation,
               GError     **error)
{
  if (outcome == DDB_OUTCOME_OK)
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "engine %s: %s", operation,
                 outcome == DDB_OUTCOME_THROTTLED ? "throttled" : "failed");

  return FALSE;
}

/* The engine: @capacity turns admission control and metrics on (bench capacity) or off
 * (bench engine measures the engine's own work). */
static gboolean
engine_run (const Workload  *workload,
            gboolean         capacity,
            Rates           *rates,
            GError         **error)
{
  g_autofree char *path = database_path (workload, "engine.db");
  g_autoptr(DdbEngine) engine = ddb_engine_new (path, error);
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("bench");
  g_autoptr(DdbTableInfo) info = NULL;
  DdbEngineConfig config;
  gboolean ok = FALSE;
  gint64 start;

  if (engine == NULL)
    return FALSE;

  ddb_engine_get_config (engine, &config);
  config.admission.enabled = capacity;
  config.metrics_enabled = capacity;
  ddb_engine_set_config (engine, &config);

  /* The per-table maximum: 54 partitions of 740 RCU / 740 WCU. */
  ddb_table_spec_add_attribute (spec, "pk", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("pk");
  spec->throughput.read_capacity_units = 40000;
  spec->throughput.write_capacity_units = 40000;
  info = ddb_engine_create_table (engine, spec, error);
  if (info == NULL)
    goto out;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      DdbPutItemInput input = { .table_name = "bench",
                                .item = g_ptr_array_index (workload->items, i) };
      g_auto(DdbWriteResult) result = { 0 };

      if (!check_outcome (ddb_engine_put_item (engine, &input, &result, error), "put", error) ||
          !tick (engine, i, error))
        goto out;
    }
  rates->put_per_second = workload->n_items / seconds_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      DdbGetItemInput input = { .table_name = "bench",
                                .key = g_ptr_array_index (workload->keys, i) };
      g_auto(DdbGetResult) result = { 0 };

      if (!check_outcome (ddb_engine_get_item (engine, &input, &result, error), "get", error) ||
          !tick (engine, i, error))
        goto out;
      if (result.item == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "engine get: item missing");
          goto out;
        }
    }
  rates->get_per_second = workload->n_items / seconds_since (start);
  ok = TRUE;

out:
  g_clear_object (&engine);
  remove_database (path);

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * Shared driver: options, workload, rounds, medians
 * ------------------------------------------------------------------------------------- */

/* One thing being measured: a raw layout, or the engine when @layout is NULL (with or
 * without admission control and metrics). */
typedef struct
{
  const Layout *layout;
  gboolean      capacity;
  GArray       *put;         /* rates of each round */
  GArray       *get;
} Contender;

typedef struct
{
  gint64   n_items;
  gint64   rounds;
  gboolean use_file;
} BenchOptions;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

static int
parse_bench_options (const char    *command,
                     const char    *summary,
                     BenchOptions  *options,
                     int           *argc,
                     char        ***argv,
                     DdbCliFormat  *format)
{
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT64, &options->n_items,
      "Items to put and then get in each round (default 20000)", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT64, &options->rounds,
      "Rounds of each phase; the median is reported (default 3)", "R" },
    { "file", 0, 0, G_OPTION_ARG_NONE, &options->use_file,
      "Use database files in a temporary folder (WAL, synchronous=FULL) instead of memory",
      NULL },
    { NULL },
  };
  int status;

  options->n_items = 20000;
  options->rounds = 3;
  options->use_file = FALSE;

  status = ddb_cli_calc_parse (command, "", summary, NULL, entries, 0, argc, argv, format);
  if (status != DDB_CLI_EXIT_OK)
    return status;
  if (options->n_items < 100 || options->n_items > 10000000)
    return ddb_cli_input_error (command, "--items must be between 100 and 10000000");
  if (options->rounds < 1 || options->rounds > 99)
    return ddb_cli_input_error (command, "--rounds must be between 1 and 99");

  return DDB_CLI_EXIT_OK;
}

/* Runs every contender @options->rounds times, alternating them so that drift in the
 * machine's speed affects all alike.  Progress goes to stderr. */
static int
run_contenders (const char         *command,
                const BenchOptions *options,
                Contender          *contenders,
                guint               n_contenders)
{
  g_auto(Workload) workload = { 0 };
  g_autoptr(GError) error = NULL;

  g_printerr ("ddbsim-cli %s: preparing %" G_GINT64_FORMAT " items of %d bytes\n", command,
              options->n_items, ITEM_BYTES);
  workload_init (&workload, options->n_items);
  if (options->use_file)
    {
      workload.directory = g_dir_make_tmp ("ddbsim-bench-XXXXXX", &error);
      if (workload.directory == NULL)
        return ddb_cli_input_error (command, "%s", error->message);
    }

  for (gint64 round = 0; round < options->rounds; round++)
    {
      g_printerr ("ddbsim-cli %s: round %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "\n", command,
                  round + 1, options->rounds);
      for (guint c = 0; c < n_contenders; c++)
        {
          Rates rates;
          gboolean ok = contenders[c].layout != NULL
                        ? layout_run (&workload, contenders[c].layout, &rates, &error)
                        : engine_run (&workload, contenders[c].capacity, &rates, &error);

          if (!ok)
            {
              if (workload.directory != NULL)
                g_rmdir (workload.directory);
              return ddb_cli_input_error (command, "%s", error->message);
            }
          g_array_append_val (contenders[c].put, rates.put_per_second);
          g_array_append_val (contenders[c].get, rates.get_per_second);
        }
    }

  if (workload.directory != NULL)
    g_rmdir (workload.directory);

  return DDB_CLI_EXIT_OK;
}

static void
contender_init (Contender    *contender,
                const Layout *layout,
                gboolean      capacity)
{
  contender->layout = layout;
  contender->capacity = capacity;
  contender->put = g_array_new (FALSE, FALSE, sizeof (double));
  contender->get = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
contender_clear (Contender *contender)
{
  g_clear_pointer (&contender->put, g_array_unref);
  g_clear_pointer (&contender->get, g_array_unref);
}

static void
add_setup (DdbCliReport       *report,
           const BenchOptions *options)
{
  ddb_cli_report_add_int (report, "items", options->n_items);
  ddb_cli_report_add_int (report, "item_bytes", ITEM_BYTES);
  ddb_cli_report_add_int (report, "rounds", options->rounds);
  ddb_cli_report_add_text (report, "storage", options->use_file ? "file (WAL, synchronous=FULL)"
                                                                : "memory");
}

/* ---------------------------------------------------------------------------------------
 * bench engine and bench capacity: a subject against a baseline
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char   *command;
  const char   *summary;
  const char   *baseline;             /* report key prefix: "sqlite", "off" */
  const char   *subject;              /* "engine", "on" */
  const Layout *baseline_layout;      /* NULL: the engine without admission and metrics */
  gboolean      subject_capacity;
  double        target;
} Pairing;

static int
bench_pair (const Pairing *pairing,
            int            argc,
            char         **argv)
{
  BenchOptions options;
  DdbCliFormat format;
  Contender contenders[2];
  g_autoptr(DdbCliReport) report = NULL;
  double ratio_put, ratio_get;
  int status;

  status = parse_bench_options (pairing->command, pairing->summary, &options, &argc, &argv,
                                &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  contender_init (&contenders[0], pairing->baseline_layout, FALSE);
  contender_init (&contenders[1], NULL, pairing->subject_capacity);
  status = run_contenders (pairing->command, &options, contenders, G_N_ELEMENTS (contenders));
  if (status == DDB_CLI_EXIT_OK)
    {
      g_autofree char *baseline_put = g_strdup_printf ("%s_put_per_second", pairing->baseline);
      g_autofree char *subject_put = g_strdup_printf ("%s_put_per_second", pairing->subject);
      g_autofree char *baseline_get = g_strdup_printf ("%s_get_per_second", pairing->baseline);
      g_autofree char *subject_get = g_strdup_printf ("%s_get_per_second", pairing->subject);

      ratio_put = median (contenders[1].put) / median (contenders[0].put);
      ratio_get = median (contenders[1].get) / median (contenders[0].get);

      report = ddb_cli_report_new ();
      add_setup (report, &options);
      ddb_cli_report_add_decimal (report, baseline_put, round (median (contenders[0].put)));
      ddb_cli_report_add_decimal (report, subject_put, round (median (contenders[1].put)));
      ddb_cli_report_add_decimal (report, "put_ratio", round (ratio_put * 1000) / 1000);
      ddb_cli_report_add_decimal (report, baseline_get, round (median (contenders[0].get)));
      ddb_cli_report_add_decimal (report, subject_get, round (median (contenders[1].get)));
      ddb_cli_report_add_decimal (report, "get_ratio", round (ratio_get * 1000) / 1000);
      ddb_cli_report_add_decimal (report, "target_ratio", pairing->target);
      ddb_cli_report_add_bool (report, "meets_target",
                               ratio_put >= pairing->target && ratio_get >= pairing->target);
      ddb_cli_report_print (report, format);
    }

  for (guint c = 0; c < G_N_ELEMENTS (contenders); c++)
    contender_clear (&contenders[c]);

  return status;
}

static int
bench_engine (int    argc,
              char **argv)
{
  static const Pairing pairing = {
    "bench engine",
    "Measures PutItem and GetItem of 1 KB items with a string\n"
    "partition key through the engine's C API against raw SQLite (one\n"
    "table, a unique index, prepared statements), in the same run,\n"
    "and prints both rates and their ratio. Admission control and\n"
    "metrics are off (see bench capacity). Target: engine / SQLite >= 0.5.",
    "sqlite", "engine", &baseline_layout, FALSE, TARGET_RATIO,
  };

  return bench_pair (&pairing, argc, argv);
}

static int
bench_capacity (int    argc,
                char **argv)
{
  static const Pairing pairing = {
    "bench capacity",
    "Measures the same 1 KB PutItem and GetItem workload through the\n"
    "engine with admission control and metrics on and off, in the same\n"
    "run, on a 40,000 RCU / 40,000 WCU table whose clock moves one\n"
    "second every 5,000 requests (nothing throttles), and prints both\n"
    "rates and their ratio. Target: on / off >= 0.8.",
    "off", "on", NULL, TRUE, CAPACITY_TARGET_RATIO,
  };

  return bench_pair (&pairing, argc, argv);
}

/* ---------------------------------------------------------------------------------------
 * bench storage
 * ------------------------------------------------------------------------------------- */

static int
bench_storage (int    argc,
               char **argv)
{
  BenchOptions options;
  DdbCliFormat format;
  Contender contenders[G_N_ELEMENTS (storage_layouts)];
  g_autoptr(DdbCliReport) report = NULL;
  static const char *keys[] = { "layout", "put_per_second", "get_per_second", "put_vs_engine",
                                "get_vs_engine" };
  static const char *titles[] = { "layout", "put/s", "get/s", "put vs engine's",
                                  "get vs engine's" };
  static const DdbCliCellKind kinds[] = { DDB_CLI_CELL_TEXT, DDB_CLI_CELL_DECIMAL,
                                          DDB_CLI_CELL_DECIMAL, DDB_CLI_CELL_DECIMAL,
                                          DDB_CLI_CELL_DECIMAL };
  int status;

  status = parse_bench_options ("bench storage",
                                "Measures the engine's SQLite layout (a rowid table with a unique\n"
                                "index on (table, hash, pk, sk)) against WITHOUT ROWID layouts,\n"
                                "putting and getting 1 KB items with raw prepared statements.",
                                &options, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;

  for (guint c = 0; c < G_N_ELEMENTS (contenders); c++)
    contender_init (&contenders[c], &storage_layouts[c], FALSE);
  status = run_contenders ("bench storage", &options, contenders, G_N_ELEMENTS (contenders));
  if (status == DDB_CLI_EXIT_OK)
    {
      double engine_put = median (contenders[0].put);
      double engine_get = median (contenders[0].get);

      report = ddb_cli_report_new ();
      ddb_cli_report_begin_table (report, "layouts", keys, titles, kinds, G_N_ELEMENTS (keys));
      for (guint c = 0; c < G_N_ELEMENTS (contenders); c++)
        ddb_cli_report_add_row (report, storage_layouts[c].name,
                                round (median (contenders[c].put)),
                                round (median (contenders[c].get)),
                                round (median (contenders[c].put) / engine_put * 1000) / 1000,
                                round (median (contenders[c].get) / engine_get * 1000) / 1000);
      ddb_cli_report_end_table (report);
      add_setup (report, &options);
      ddb_cli_report_print (report, format);
    }

  for (guint c = 0; c < G_N_ELEMENTS (contenders); c++)
    contender_clear (&contenders[c]);

  return status;
}

/* ---------------------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------------------- */

static void
print_bench_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: ddbsim-cli bench BENCHMARK [OPTIONS...]\n"
           "\n"
           "Benchmarks:\n"
           "  engine   PutItem/GetItem through the engine against raw SQLite\n"
           "  capacity the engine with admission control and metrics on against off\n"
           "  storage  the engine's SQLite layout against WITHOUT ROWID layouts\n"
           "\n"
           "Run 'ddbsim-cli bench BENCHMARK --help' for its options.\n");
}

/* `ddbsim-cli bench ...`; @argv[0] is "bench". */
int
ddb_cli_bench (int    argc,
               char **argv)
{
  if (argc < 2)
    {
      print_bench_usage (stderr);
      return DDB_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_bench_usage (stdout);
      return DDB_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "engine") == 0)
    return bench_engine (argc - 1, argv + 1);
  if (strcmp (argv[1], "storage") == 0)
    return bench_storage (argc - 1, argv + 1);
  if (strcmp (argv[1], "capacity") == 0)
    return bench_capacity (argc - 1, argv + 1);

  return ddb_cli_usage_error ("bench", "unknown benchmark '%s'", argv[1]);
}
