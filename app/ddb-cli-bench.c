/* ddb-cli-bench.c
 *
 * `ddbsim-cli bench`: performance measured against a baseline in the same run, on the same
 * machine, never as timed tests.
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
#include "ddb-value-codec.h"

#define ITEM_BYTES 1024
#define TARGET_RATIO 0.5

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

static double
seconds_since (gint64 start)
{
  return MAX (1, g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* ---------------------------------------------------------------------------------------
 * Baseline: raw SQLite
 * ------------------------------------------------------------------------------------- */

static gboolean
baseline_run (const Workload  *workload,
              Rates           *rates,
              GError         **error)
{
  g_autofree char *path = database_path (workload, "baseline.db");
  sqlite3 *db = NULL;
  sqlite3_stmt *put = NULL;
  sqlite3_stmt *get = NULL;
  gboolean ok = FALSE;
  gint64 start;

  if (sqlite3_open (path != NULL ? path : ":memory:", &db) != SQLITE_OK ||
      sqlite3_exec (db, path != NULL ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                     : "", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA cache_size = -65536;"
                        "CREATE TABLE kv (id INTEGER PRIMARY KEY, pk BLOB NOT NULL, "
                        "value BLOB NOT NULL);"
                        "CREATE UNIQUE INDEX kv_pk ON kv (pk);", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO kv (pk, value) VALUES (?1, ?2)", -1, &put,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT value FROM kv WHERE pk = ?1", -1, &get, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "baseline: %s", sqlite3_errmsg (db));
      goto out;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      const char *pk = ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (workload->keys,
                                                                                  i), "pk"),
                                             NULL);
      GBytes *blob = g_ptr_array_index (workload->blobs, i);

      sqlite3_reset (put);
      sqlite3_bind_blob (put, 1, pk, strlen (pk), SQLITE_STATIC);
      sqlite3_bind_blob (put, 2, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob),
                         SQLITE_STATIC);
      if (sqlite3_step (put) != SQLITE_DONE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "baseline put: %s",
                       sqlite3_errmsg (db));
          goto out;
        }
    }
  rates->put_per_second = workload->n_items / seconds_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      const char *pk = ddb_value_get_string (ddb_value_lookup (g_ptr_array_index (workload->keys,
                                                                                  i), "pk"),
                                             NULL);

      sqlite3_reset (get);
      sqlite3_bind_blob (get, 1, pk, strlen (pk), SQLITE_STATIC);
      if (sqlite3_step (get) != SQLITE_ROW || sqlite3_column_bytes (get, 0) == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "baseline get: %s",
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
  if (path != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_remove (wal);
      g_remove (shm);
      g_remove (path);
    }

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * The engine
 * ------------------------------------------------------------------------------------- */

static gboolean
engine_run (const Workload  *workload,
            Rates           *rates,
            GError         **error)
{
  g_autofree char *path = database_path (workload, "engine.db");
  g_autoptr(DdbEngine) engine = ddb_engine_new (path, error);
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("bench");
  g_autoptr(DdbTableInfo) info = NULL;
  gboolean ok = FALSE;
  gint64 start;

  if (engine == NULL)
    return FALSE;

  ddb_table_spec_add_attribute (spec, "pk", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("pk");
  spec->throughput.read_capacity_units = 1000;
  spec->throughput.write_capacity_units = 1000;
  info = ddb_engine_create_table (engine, spec, error);
  if (info == NULL)
    goto out;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      DdbPutItemInput input = { .table_name = "bench",
                                .item = g_ptr_array_index (workload->items, i) };
      DdbWriteResult result = { 0 };

      if (ddb_engine_put_item (engine, &input, &result, error) != DDB_OUTCOME_OK)
        {
          ddb_write_result_clear (&result);
          goto out;
        }
      ddb_write_result_clear (&result);
    }
  rates->put_per_second = workload->n_items / seconds_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < workload->n_items; i++)
    {
      DdbGetItemInput input = { .table_name = "bench",
                                .key = g_ptr_array_index (workload->keys, i) };
      DdbGetResult result = { 0 };

      if (ddb_engine_get_item (engine, &input, &result, error) != DDB_OUTCOME_OK ||
          result.item == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "engine get: item missing");
          ddb_get_result_clear (&result);
          goto out;
        }
      ddb_get_result_clear (&result);
    }
  rates->get_per_second = workload->n_items / seconds_since (start);
  ok = TRUE;

out:
  g_clear_object (&engine);
  if (path != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_remove (wal);
      g_remove (shm);
      g_remove (path);
    }

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * bench engine
 * ------------------------------------------------------------------------------------- */

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
bench_engine (int    argc,
              char **argv)
{
  const char *command = "bench engine";
  gint64 n_items = 20000;
  gint64 rounds = 3;
  gboolean use_file = FALSE;
  DdbCliFormat format;
  g_auto(Workload) workload = { 0 };
  g_autoptr(GArray) base_put = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_get = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) engine_put = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) engine_get = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(DdbCliReport) report = NULL;
  g_autoptr(GError) error = NULL;
  double ratio_put, ratio_get;
  int status;
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT64, &n_items,
      "Items to put and then get in each round (default 20000)", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT64, &rounds,
      "Rounds of each phase; the median is reported (default 3)", "R" },
    { "file", 0, 0, G_OPTION_ARG_NONE, &use_file,
      "Use database files in a temporary folder (WAL, synchronous=FULL) instead of memory",
      NULL },
    { NULL },
  };

  status = ddb_cli_calc_parse (command, "",
                               "Measures PutItem and GetItem of 1 KB items with a string\n"
                               "partition key through the engine's C API against raw SQLite (one\n"
                               "table, a unique index, prepared statements), in the same run, and\n"
                               "prints both rates and their ratio. Target: engine / SQLite >= 0.5.",
                               NULL, entries, 0, &argc, &argv, &format);
  if (status != DDB_CLI_EXIT_OK)
    return status;
  if (n_items < 100 || n_items > 10000000)
    return ddb_cli_input_error (command, "--items must be between 100 and 10000000");
  if (rounds < 1 || rounds > 99)
    return ddb_cli_input_error (command, "--rounds must be between 1 and 99");

  g_printerr ("ddbsim-cli bench engine: preparing %" G_GINT64_FORMAT " items of %d bytes\n",
              n_items, ITEM_BYTES);
  workload_init (&workload, n_items);
  if (use_file)
    {
      workload.directory = g_dir_make_tmp ("ddbsim-bench-XXXXXX", &error);
      if (workload.directory == NULL)
        return ddb_cli_input_error (command, "%s", error->message);
    }

  for (gint64 round = 0; round < rounds; round++)
    {
      Rates base, eng;

      g_printerr ("ddbsim-cli bench engine: round %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                  "\n", round + 1, rounds);
      if (!baseline_run (&workload, &base, &error) || !engine_run (&workload, &eng, &error))
        return ddb_cli_input_error (command, "%s", error->message);
      g_array_append_val (base_put, base.put_per_second);
      g_array_append_val (base_get, base.get_per_second);
      g_array_append_val (engine_put, eng.put_per_second);
      g_array_append_val (engine_get, eng.get_per_second);
    }

  if (workload.directory != NULL)
    g_rmdir (workload.directory);

  ratio_put = median (engine_put) / median (base_put);
  ratio_get = median (engine_get) / median (base_get);

  report = ddb_cli_report_new ();
  ddb_cli_report_add_int (report, "items", n_items);
  ddb_cli_report_add_int (report, "item_bytes", ITEM_BYTES);
  ddb_cli_report_add_int (report, "rounds", rounds);
  ddb_cli_report_add_text (report, "storage", use_file ? "file (WAL, synchronous=FULL)"
                                                       : "memory");
  ddb_cli_report_add_decimal (report, "sqlite_put_per_second", round (median (base_put)));
  ddb_cli_report_add_decimal (report, "engine_put_per_second", round (median (engine_put)));
  ddb_cli_report_add_decimal (report, "put_ratio", round (ratio_put * 1000) / 1000);
  ddb_cli_report_add_decimal (report, "sqlite_get_per_second", round (median (base_get)));
  ddb_cli_report_add_decimal (report, "engine_get_per_second", round (median (engine_get)));
  ddb_cli_report_add_decimal (report, "get_ratio", round (ratio_get * 1000) / 1000);
  ddb_cli_report_add_decimal (report, "target_ratio", TARGET_RATIO);
  ddb_cli_report_add_bool (report, "meets_target",
                           ratio_put >= TARGET_RATIO && ratio_get >= TARGET_RATIO);
  ddb_cli_report_print (report, format);

  return DDB_CLI_EXIT_OK;
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

  return ddb_cli_usage_error ("bench", "unknown benchmark '%s'", argv[1]);
}
