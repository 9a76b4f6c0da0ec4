/* test-cli-calc.c
 *
 * `ddbsim-cli calc` as a user runs it: the binary (named by $DDBSIM_CLI) is spawned, its
 * JSON is parsed and compared with the rulebook's answers, and bad input is checked for
 * the right exit status and a message on standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-fixture.h"

/* Parses @run's stdout as one JSON object. */
static JsonObject *
run_json (const Run *run)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run->status, ==, 0);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
json_int (JsonObject *object,
          const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_int_member (object, member);
}

static double
json_double (JsonObject *object,
             const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_double_member (object, member);
}

static void
test_item_size (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;

  g_test_summary ("TV-9: the shirt item is 23 bytes, within the 400 KB limit");

  run_cli (&run, NULL, "calc", "item-size",
           "{\"shirt-color\":{\"S\":\"R\"},\"shirt-size\":{\"S\":\"M\"}}", NULL);
  result = run_json (&run);
  g_assert_cmpint (json_int (result, "bytes"), ==, 23);
  g_assert_cmpint (json_int (result, "max_bytes"), ==, 409600);
  g_assert_true (json_object_get_boolean_member (result, "within_limit"));
}

static void
test_item_size_stdin_and_utf8 (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonArray *attributes;

  g_test_summary ("Items from stdin; UTF-8 bytes; 38 nines are 20 bytes");

  run_cli (&run, "{\"s\":{\"S\":\"caf\\u00e9\"},"
                 "\"n\":{\"N\":\"99999999999999999999999999999999999999\"}}",
           "calc", "item-size", "-", NULL);
  result = run_json (&run);
  /* s: 1 + 5 UTF-8 bytes; n: 1 + 20 */
  g_assert_cmpint (json_int (result, "bytes"), ==, 27);
  attributes = json_object_get_array_member (result, "attributes");
  g_assert_cmpuint (json_array_get_length (attributes), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attributes, 0),
                                                  "name"), ==, "n");
  g_assert_cmpint (json_int (json_array_get_object_element (attributes, 0), "value_bytes"), ==,
                   20);
  g_assert_cmpint (json_int (json_array_get_object_element (attributes, 1), "value_bytes"), ==, 5);
}

static void
test_item_size_over_limit (void)
{
  g_autofree char *big = g_strnfill (409600, 'x');
  g_autofree char *json = g_strdup_printf ("{\"a\":{\"S\":\"%s\"}}", big);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_cli (&run, json, "calc", "item-size", "-", NULL);
  result = run_json (&run);
  g_assert_cmpint (json_int (result, "bytes"), ==, 409601);
  g_assert_false (json_object_get_boolean_member (result, "within_limit"));
}

static void
test_invalid_items (void)
{
  const struct { const char *item; const char *message; } cases[] = {
    { "{\"a\":{\"N\":\"1e126\"}}", "ValidationException: Number overflow. Attempting to store "
                                   "a number with magnitude larger than supported range" },
    { "{\"a\":{\"N\":\"12345678901234567890123456789012345678901\"}}",
      "Attempting to store more than 38 significant digits in a Number" },
    { "{\"a\":{\"SS\":[]}}", "An string set  may not be empty" },
    { "{\"a\":{\"S\":\"x\",\"N\":\"1\"}}", "more than one datatypes" },
    { "{\"a\":\"x\"}", "SerializationException" },
    { "{\"a\":", "Invalid JSON" },
  };

  g_test_summary ("Malformed items and out-of-range numbers: DynamoDB's message, exit 1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "calc", "item-size", cases[i].item, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
    }
}

static void
test_read_units (void)
{
  const struct { const char *bytes; const char *consistency; const char *rate;
                 double per_read; double per_second; } cases[] = {
    { "3072", "strong", "80", 1, 80 },            /* exam 1 */
    { "12288", "eventual", "16", 1.5, 24 },       /* exam 2 */
    { "6144", "strong", "10", 2, 20 },            /* exam 3 */
    { "5120", "eventual", "150", 1, 150 },        /* exam 4 */
    { "3500", "transactional", "1", 2, 2 },       /* TV-14 */
    { "10240", "eventual", "1", 1.5, 1.5 },       /* TV-15 */
    { "4096", NULL, "1", 0.5, 0.5 },              /* TV-5: eventual by default */
    { "4097", NULL, "1", 1, 1 },                  /* TV-6 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonObject) result = NULL;

      if (cases[i].consistency != NULL)
        run_cli (&run, NULL, "calc", "read", "--item-bytes", cases[i].bytes, "--consistency",
                 cases[i].consistency, "--per-second", cases[i].rate, NULL);
      else
        run_cli (&run, NULL, "calc", "read", "--item-bytes", cases[i].bytes, NULL);
      result = run_json (&run);
      g_assert_cmpfloat (json_double (result, "units_per_read"), ==, cases[i].per_read);
      g_assert_cmpfloat (json_double (result, "units_per_second"), ==, cases[i].per_second);
    }
}

static void
test_write_units (void)
{
  const struct { const char *bytes; gboolean transactional; const char *rate;
                 double per_write; double per_second; } cases[] = {
    { "512", FALSE, "100", 1, 100 },     /* exam 5 */
    { "4608", FALSE, "6", 5, 30 },       /* exam 5 */
    { "2048", FALSE, "2", 2, 4 },        /* exam 5: 120 writes/min */
    { "3072", TRUE, "1", 6, 6 },         /* exam 6 */
    { "500", TRUE, "3", 2, 6 },          /* TV-25 */
    { "1025", FALSE, "1", 2, 2 },        /* TV-4 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonObject) result = NULL;

      if (cases[i].transactional)
        run_cli (&run, NULL, "calc", "write", "--item-bytes", cases[i].bytes, "--transactional",
                 "--per-second", cases[i].rate, NULL);
      else
        run_cli (&run, NULL, "calc", "write", "--item-bytes", cases[i].bytes, "--per-second",
                 cases[i].rate, NULL);
      result = run_json (&run);
      g_assert_cmpfloat (json_double (result, "units_per_write"), ==, cases[i].per_write);
      g_assert_cmpfloat (json_double (result, "units_per_second"), ==, cases[i].per_second);
    }
}

static void
test_partitions (void)
{
  const struct { const char *rcu, *wcu, *gb; gint64 partitions; double r, w; } cases[] = {
    { "1000", "500", "0", 1, 1000, 500 },      /* TV-27 */
    { "1000", "1000", "0", 2, 500, 500 },
    { "5000", "2000", "0", 4, 1250, 500 },
    { "5000", "2000", "85", 9, 5000.0 / 9, 2000.0 / 9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonObject) result = NULL;

      run_cli (&run, NULL, "calc", "partitions", "--rcu", cases[i].rcu, "--wcu", cases[i].wcu,
               "--storage-gb", cases[i].gb, NULL);
      result = run_json (&run);
      g_assert_cmpint (json_int (result, "partitions"), ==, cases[i].partitions);
      g_assert_cmpfloat_with_epsilon (json_double (result, "rcu_per_partition"), cases[i].r, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_double (result, "wcu_per_partition"), cases[i].w, 1e-9);
    }
}

/* Runs "calc cost" with @args (NULL-terminated) and returns its total. */
static double
cost_total (const char * const *args)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  const char *argv[24] = { "calc", "cost" };
  guint n = 2;

  for (guint i = 0; args[i] != NULL; i++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (argv) - 1);
      argv[n++] = args[i];
    }

  run_cli_argv (&run, NULL, argv);
  result = run_json (&run);
  g_assert_true (json_object_has_member (result, "lines"));

  return json_double (result, "total_usd");
}

static void
test_cost (void)
{
  static const struct
  {
    const char *args[16];
    double      total;
  } cases[] = {
    { { "--mode", "provisioned", "--rcu", "100", "--wcu", "100", "--hours", "720" }, 56.16 },
    { { "--mode", "provisioned", "--rcu", "10000", "--wcu", "1000" }, 1423.50 },
    { { "--mode", "on-demand", "--writes-per-second", "1000", "--item-bytes", "1024" },
      1642.50 },
    { { "--mode", "on-demand", "--writes-per-second", "1000", "--item-bytes", "1024", "--on",
        "2024-10-31" }, 3285.00 },
    { { "--mode", "on-demand", "--reads-per-second", "10000", "--item-bytes", "4096" },
      1642.50 },
    { { "--mode", "on-demand", "--reads-per-second", "10000", "--item-bytes", "4096",
        "--consistency", "strong" }, 3285.00 },
    /* TV-41: storage only is what the comparison is about; capacity is under the free tier */
    { { "--mode", "provisioned", "--rcu", "1", "--wcu", "1", "--storage-gb", "100",
        "--free-tier" }, 18.75 },
    { { "--mode", "provisioned", "--rcu", "1", "--wcu", "1", "--storage-gb", "100",
        "--table-class", "standard-ia" }, 10.00 + 730 * (0.0008125 + 0.0001625) },
  };

  g_test_summary ("TV-37 to TV-41: provisioned, on-demand before and after the 2024 cut, "
                  "storage with the free tier and Standard-IA");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (cost_total (cases[i].args), cases[i].total, 1e-9);
}

static void
test_usage_errors (void)
{
  const char *cases[][11] = {
    { "calc", NULL },
    { "calc", "nonsense", NULL },
    { "calc", "read", NULL },
    { "calc", "read", "--item-bytes", "abc", NULL },
    { "calc", "read", "--item-bytes", "10", "--consistency", "STRONG", NULL },
    { "calc", "read", "--item-bytes", "10", "--format", "xml", NULL },
    { "calc", "item-size", NULL },
    { "calc", "item-size", "{}", "{}", NULL },
    { "calc", "cost", "--rcu", "1", "--wcu", "1", NULL },
    { "calc", "cost", "--mode", "on-demand", "--rcu", "1", "--wcu", "1", NULL },
    { "nonsense", NULL },
  };

  g_test_summary ("Usage errors exit with status 2 and point to --help");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_argv (&run, NULL, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, !=, "");
    }
}

static void
test_input_errors (void)
{
  const char *cases[][11] = {
    { "calc", "read", "--item-bytes", "409601", NULL },
    { "calc", "write", "--item-bytes", "0", NULL },
    { "calc", "write", "--item-bytes", "10", "--per-second", "-1", NULL },
    { "calc", "partitions", "--rcu", "0", "--wcu", "5", NULL },
    { "calc", "cost", "--mode", "provisioned", "--rcu", "1", "--wcu", "1", "--on", "2024-13-01" },
    { "calc", "cost", "--mode", "provisioned", "--rcu", "1", "--wcu", "1", "--region", "mars-1" },
    { "calc", "cost", "--mode", "provisioned", "--rcu", "1", "--wcu", "1", "--hours", "0" },
  };

  g_test_summary ("Well-formed commands with invalid values exit with status 1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_argv (&run, NULL, cases[i]);
      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "ddbsim-cli calc "));
    }
}

static void
test_help_and_text (void)
{
  const char *calculators[] = { "item-size", "read", "write", "partitions", "cost" };
  g_auto(Run) text = { 0 };

  g_test_summary ("--help works everywhere; --format text prints an aligned table");

  for (guint i = 0; i < G_N_ELEMENTS (calculators); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "calc", calculators[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Usage:"));
      g_assert_nonnull (strstr (run.out, "--format"));
    }

  run_cli (&text, NULL, "calc", "cost", "--mode", "provisioned", "--rcu", "100", "--wcu", "100",
           "--hours", "720", "--format", "text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Provisioned write capacity"));
  g_assert_nonnull (strstr (text.out, "$46.80"));
  g_assert_nonnull (strstr (text.out, "total_usd"));
  g_assert_nonnull (strstr (text.out, "$56.16\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/cli/calc/item-size", test_item_size);
  g_test_add_func ("/ddb/cli/calc/item-size-stdin-and-utf8", test_item_size_stdin_and_utf8);
  g_test_add_func ("/ddb/cli/calc/item-size-over-limit", test_item_size_over_limit);
  g_test_add_func ("/ddb/cli/calc/invalid-items", test_invalid_items);
  g_test_add_func ("/ddb/cli/calc/read-units", test_read_units);
  g_test_add_func ("/ddb/cli/calc/write-units", test_write_units);
  g_test_add_func ("/ddb/cli/calc/partitions", test_partitions);
  g_test_add_func ("/ddb/cli/calc/cost", test_cost);
  g_test_add_func ("/ddb/cli/calc/usage-errors", test_usage_errors);
  g_test_add_func ("/ddb/cli/calc/input-errors", test_input_errors);
  g_test_add_func ("/ddb/cli/calc/help-and-text", test_help_and_text);

  return g_test_run ();
}
