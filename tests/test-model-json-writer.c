/* test-model-json-writer.c
 *
 * The streaming JSON writer: structure, escaping, exact decimal output, pretty printing,
 * and that its output is JSON that json-glib reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ddb-json-writer.h"

static void
test_compact (void)
{
  DdbJsonWriter *writer = ddb_json_writer_new (FALSE);
  g_autofree char *text = NULL;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "a");
  ddb_json_writer_int (writer, -7);
  ddb_json_writer_member (writer, "list");
  ddb_json_writer_begin_array (writer);
  ddb_json_writer_boolean (writer, TRUE);
  ddb_json_writer_null (writer);
  ddb_json_writer_string (writer, "q\"\\\n\t\x01\xc3\xa9", -1);
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_end_object (writer);
  ddb_json_writer_end_array (writer);
  ddb_json_writer_member (writer, "units");
  ddb_json_writer_double (writer, 0.5);
  ddb_json_writer_member (writer, "CapacityUnits");
  ddb_json_writer_double_with_point (writer, 1.0);
  ddb_json_writer_member (writer, "half");
  ddb_json_writer_double_with_point (writer, 0.5);
  ddb_json_writer_end_object (writer);
  text = ddb_json_writer_free_to_string (writer);

  g_assert_cmpstr (text, ==, "{\"a\":-7,\"list\":[true,null,\"q\\\"\\\\\\n\\t\\u0001\xc3\xa9\","
                             "{}],\"units\":0.5,\"CapacityUnits\":1.0,\"half\":0.5}");
}

static void
test_decimals (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 46.800000000000004, "46.8" },
    { 100 * 720 * 0.00013, "9.36" },
    { 0.5, "0.5" },
    { 2628000000.0, "2628000000" },
    { 0.000000625, "0.000000625" },
    { 0.00000078125, "0.00000078125" },
    { -0.0, "0" },
    { -1e-15, "0" },
    { -2.25, "-2.25" },
    { 1642.5, "1642.5" },
  };

  g_test_summary ("Doubles print as rounded plain decimals, never 17-digit noise");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ddb_format_decimal (cases[i].value, DDB_JSON_DOUBLE_DECIMALS);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_pretty_parses (void)
{
  DdbJsonWriter *writer = ddb_json_writer_new (TRUE);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "total_usd");
  ddb_json_writer_double (writer, 56.16);
  ddb_json_writer_member (writer, "lines");
  ddb_json_writer_begin_array (writer);
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "item");
  ddb_json_writer_string (writer, "write capacity", -1);
  ddb_json_writer_end_object (writer);
  ddb_json_writer_end_array (writer);
  ddb_json_writer_end_object (writer);
  text = ddb_json_writer_free_to_string (writer);

  g_assert_cmpstr (text, ==, "{\n  \"total_usd\": 56.16,\n  \"lines\": [\n    {\n"
                             "      \"item\": \"write capacity\"\n    }\n  ]\n}");

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat (json_object_get_double_member (root, "total_usd"), ==, 56.16);
}

static void
test_misuse_is_caught (void)
{
  if (g_test_subprocess ())
    {
      DdbJsonWriter *writer = ddb_json_writer_new (FALSE);

      ddb_json_writer_begin_object (writer);
      ddb_json_writer_int (writer, 1);   /* a value in an object needs a member name */
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*is_object*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/json-writer/compact", test_compact);
  g_test_add_func ("/ddb/model/json-writer/decimals", test_decimals);
  g_test_add_func ("/ddb/model/json-writer/pretty-parses", test_pretty_parses);
  g_test_add_func ("/ddb/model/json-writer/misuse-is-caught", test_misuse_is_caught);

  return g_test_run ();
}
