/* test-model-value-json.c
 *
 * DynamoDB JSON parsing and printing: round trips, canonical output, and DynamoDB's
 * error type and wording for every kind of malformed input.  The expected messages are
 * the ones dynalite's test suite recorded against the live service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-model-error.h"
#include "ddb-value-json.h"

static DdbValue *
parse_value (const char  *json,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  json_parser_load_from_data (parser, json, -1, &parse_error);
  g_assert_no_error (parse_error);

  return ddb_value_from_json (json_parser_get_root (parser), error);
}

static void
assert_value_round_trip (const char *input,
                         const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbValue) value = parse_value (input, &error);
  g_autofree char *printed = NULL;
  g_autoptr(DdbValue) reparsed = NULL;

  g_assert_no_error (error);
  printed = ddb_value_to_json_text (value);
  g_assert_cmpstr (printed, ==, expected);

  reparsed = parse_value (printed, &error);
  g_assert_no_error (error);
  g_assert_true (ddb_value_equal (value, reparsed));
}

static void
test_round_trips (void)
{
  g_test_summary ("Every type prints back in DynamoDB's canonical form");

  assert_value_round_trip ("{\"S\":\"x\"}", "{\"S\":\"x\"}");
  assert_value_round_trip ("{\"S\":\"\"}", "{\"S\":\"\"}");
  assert_value_round_trip ("{\"S\":\"a\\\"b\\\\c\\n\\u0001\"}", "{\"S\":\"a\\\"b\\\\c\\n\\u0001\"}");
  assert_value_round_trip ("{\"N\":\"1.50\"}", "{\"N\":\"1.5\"}");
  assert_value_round_trip ("{\"N\":\"-0\"}", "{\"N\":\"0\"}");
  assert_value_round_trip ("{\"N\":\"1E+2\"}", "{\"N\":\"100\"}");
  assert_value_round_trip ("{\"B\":\"AQI=\"}", "{\"B\":\"AQI=\"}");
  assert_value_round_trip ("{\"B\":\"\"}", "{\"B\":\"\"}");
  assert_value_round_trip ("{\"BOOL\":false}", "{\"BOOL\":false}");
  assert_value_round_trip ("{\"NULL\":true}", "{\"NULL\":true}");
  assert_value_round_trip ("{\"L\":[]}", "{\"L\":[]}");
  assert_value_round_trip ("{\"L\":[{\"N\":\"2\"},{\"S\":\"a\"},{\"L\":[{\"NULL\":true}]}]}",
                           "{\"L\":[{\"N\":\"2\"},{\"S\":\"a\"},{\"L\":[{\"NULL\":true}]}]}");
  /* Maps print in name order; sets in key order (numbers by value). */
  assert_value_round_trip ("{\"M\":{\"b\":{\"N\":\"1\"},\"a\":{\"M\":{}}}}",
                           "{\"M\":{\"a\":{\"M\":{}},\"b\":{\"N\":\"1\"}}}");
  assert_value_round_trip ("{\"SS\":[\"b\",\"a\",\"B\"]}", "{\"SS\":[\"B\",\"a\",\"b\"]}");
  assert_value_round_trip ("{\"NS\":[\"10\",\"9\",\"-1\",\"0.5\"]}",
                           "{\"NS\":[\"-1\",\"0.5\",\"9\",\"10\"]}");
  assert_value_round_trip ("{\"BS\":[\"Ag==\",\"AQI=\"]}", "{\"BS\":[\"AQI=\",\"Ag==\"]}");
  /* Members that are null or not a DynamoDB type are ignored, as by DynamoDB. */
  assert_value_round_trip ("{\"S\":\"x\",\"N\":null,\"Q\":1}", "{\"S\":\"x\"}");
}

static void
test_item_round_trip (void)
{
  const char *json = "{\"pk\":{\"S\":\"user#1\"},\"n\":{\"N\":\"42\"},"
                     "\"tags\":{\"SS\":[\"x\"]},\"nested\":{\"M\":{\"l\":{\"L\":[]}}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbValue) item = ddb_item_from_json_text (json, -1, &error);
  g_autofree char *printed = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ddb_value_get_length (item), ==, 4);
  printed = ddb_item_to_json_text (item);
  g_assert_cmpstr (printed, ==, "{\"n\":{\"N\":\"42\"},\"nested\":{\"M\":{\"l\":{\"L\":[]}}},"
                                "\"pk\":{\"S\":\"user#1\"},\"tags\":{\"SS\":[\"x\"]}}");
}

typedef struct
{
  const char *json;
  int         code;
  const char *message;
} BadValue;

static const BadValue bad_values[] = {
  /* Validation: type count */
  { "{}", DDB_MODEL_ERROR_VALIDATION,
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes" },
  { "{\"Z\":\"x\"}", DDB_MODEL_ERROR_VALIDATION,
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes" },
  { "{\"S\":\"a\",\"N\":\"1\"}", DDB_MODEL_ERROR_VALIDATION,
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes" },
  /* Validation: numbers */
  { "{\"N\":\"\"}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value" },
  { "{\"N\":\"b\"}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value: b" },
  { "{\"S\":\"a\",\"N\":\"b\"}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value: b" },
  { "{\"N\":\"123456789012345678901234567890123456789\"}", DDB_MODEL_ERROR_VALIDATION,
    "Attempting to store more than 38 significant digits in a Number" },
  { "{\"N\":\"-1.23456789012345678901234567890123456789\"}", DDB_MODEL_ERROR_VALIDATION,
    "Attempting to store more than 38 significant digits in a Number" },
  { "{\"N\":\"1e126\"}", DDB_MODEL_ERROR_VALIDATION,
    "Number overflow. Attempting to store a number with magnitude larger than supported range" },
  { "{\"N\":\"-1e126\"}", DDB_MODEL_ERROR_VALIDATION,
    "Number overflow. Attempting to store a number with magnitude larger than supported range" },
  { "{\"N\":\"1e-131\"}", DDB_MODEL_ERROR_VALIDATION,
    "Number underflow. Attempting to store a number with magnitude smaller than supported range" },
  { "{\"N\":\"-1e-131\"}", DDB_MODEL_ERROR_VALIDATION,
    "Number underflow. Attempting to store a number with magnitude smaller than supported range" },
  { "{\"NS\":[\"1\",\"\"]}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value" },
  { "{\"NS\":[\"1\",\"b\"]}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value: b" },
  /* Validation: sets and NULL */
  { "{\"SS\":[]}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: An string set  may not be empty" },
  { "{\"NS\":[]}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: An number set  may not be empty" },
  { "{\"BS\":[]}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: Binary sets should not be empty" },
  { "{\"SS\":[\"a\",\"a\"]}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: Input collection [a, a] contains duplicates." },
  { "{\"BS\":[\"Yg==\",\"Yg==\"]}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS "
    "contains duplicates." },
  { "{\"NS\":[\"1\",\"1\"]}", DDB_MODEL_ERROR_VALIDATION,
    "Input collection contains duplicates" },
  { "{\"NS\":[\"1\",\"1.0\"]}", DDB_MODEL_ERROR_VALIDATION,
    "Input collection contains duplicates" },
  { "{\"NULL\":false}", DDB_MODEL_ERROR_VALIDATION,
    "One or more parameter values were invalid: Null attribute value types must have the value "
    "of true" },
  /* Validation inside containers, in document order */
  { "{\"L\":[{\"S\":\"ok\"},{}]}", DDB_MODEL_ERROR_VALIDATION,
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes" },
  { "{\"M\":{\"a\":{\"N\":\"x\"}}}", DDB_MODEL_ERROR_VALIDATION,
    "The parameter cannot be converted to a numeric value: x" },
  /* Serialization: JSON shapes, in DynamoDB's current wording */
  { "[]", DDB_MODEL_ERROR_SERIALIZATION,
    "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue" },
  { "\"x\"", DDB_MODEL_ERROR_SERIALIZATION, "Unexpected value type in payload" },
  { "{\"S\":1}", DDB_MODEL_ERROR_SERIALIZATION, "NUMBER_VALUE cannot be converted to String" },
  { "{\"N\":123}", DDB_MODEL_ERROR_SERIALIZATION, "NUMBER_VALUE cannot be converted to String" },
  { "{\"N\":1.5}", DDB_MODEL_ERROR_SERIALIZATION, "DECIMAL_VALUE cannot be converted to String" },
  { "{\"S\":true}", DDB_MODEL_ERROR_SERIALIZATION, "TRUE_VALUE cannot be converted to String" },
  { "{\"S\":{}}", DDB_MODEL_ERROR_SERIALIZATION,
    "Start of structure or map found where not expected" },
  { "{\"S\":[]}", DDB_MODEL_ERROR_SERIALIZATION,
    "Unrecognized collection type class java.lang.String" },
  { "{\"BOOL\":\"true\"}", DDB_MODEL_ERROR_SERIALIZATION,
    "Unexpected token received from parser" },
  { "{\"BOOL\":1}", DDB_MODEL_ERROR_SERIALIZATION, "NUMBER_VALUE cannot be converted to Boolean" },
  { "{\"NULL\":0.5}", DDB_MODEL_ERROR_SERIALIZATION,
    "DECIMAL_VALUE cannot be converted to Boolean" },
  { "{\"L\":{}}", DDB_MODEL_ERROR_SERIALIZATION,
    "Start of structure or map found where not expected" },
  { "{\"L\":\"x\"}", DDB_MODEL_ERROR_SERIALIZATION, "Unexpected field type" },
  { "{\"L\":[1]}", DDB_MODEL_ERROR_SERIALIZATION, "Unexpected value type in payload" },
  { "{\"M\":[]}", DDB_MODEL_ERROR_SERIALIZATION,
    "Unrecognized collection type java.util.Map<java.lang.String, "
    "com.amazonaws.dynamodb.v20120810.AttributeValue>" },
  { "{\"M\":1}", DDB_MODEL_ERROR_SERIALIZATION, "Unexpected field type" },
  { "{\"SS\":[1]}", DDB_MODEL_ERROR_SERIALIZATION, "NUMBER_VALUE cannot be converted to String" },
  /* Serialization: base64 */
  { "{\"B\":\"23456\"}", DDB_MODEL_ERROR_SERIALIZATION,
    "Base64 encoded length is expected a multiple of 4 bytes but found: 5" },
  { "{\"B\":\"ab!c\"}", DDB_MODEL_ERROR_SERIALIZATION, "Invalid Base64 character: '!'" },
  { "{\"B\":\"a=bc\"}", DDB_MODEL_ERROR_SERIALIZATION, "Invalid Base64 character: '='" },
  { "{\"B\":\"=+/=\"}", DDB_MODEL_ERROR_SERIALIZATION,
    "Invalid Base64 character: '='" },
  { "{\"B\":\"+/+=\"}", DDB_MODEL_ERROR_SERIALIZATION,
    "Invalid last non-pad Base64 character dectected" },
  { "{\"B\":1}", DDB_MODEL_ERROR_SERIALIZATION,
    "only base-64-encoded strings are convertible to bytes" },
  { "{\"B\":[]}", DDB_MODEL_ERROR_SERIALIZATION,
    "Unrecognized collection type class java.nio.ByteBuffer" },
  { "{\"BS\":[\"abc\"]}", DDB_MODEL_ERROR_SERIALIZATION,
    "Base64 encoded length is expected a multiple of 4 bytes but found: 3" },
  /* A shape error anywhere wins over a validation error earlier in document order. */
  { "{\"L\":[{\"N\":\"bad\"},{\"S\":1}]}", DDB_MODEL_ERROR_SERIALIZATION,
    "NUMBER_VALUE cannot be converted to String" },
};

static void
test_malformed_values (void)
{
  g_test_summary ("Malformed attribute values fail with DynamoDB's type and message");

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdbValue) value = parse_value (bad_values[i].json, &error);

      g_test_message ("input %s", bad_values[i].json);
      g_assert_null (value);
      g_assert_error (error, DDB_MODEL_ERROR, bad_values[i].code);
      g_assert_cmpstr (error->message, ==, bad_values[i].message);
    }
}

static char *
nested_lists (guint levels)
{
  GString *json = g_string_new ("{\"a\":");

  for (guint i = 0; i < levels; i++)
    g_string_append (json, "{\"L\":[");
  g_string_append (json, "{\"S\":\"x\"}");
  for (guint i = 0; i < levels; i++)
    g_string_append (json, "]}");
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}

static void
test_nesting_limit (void)
{
  g_autofree char *ok = nested_lists (DDB_VALUE_MAX_DEPTH);
  g_autofree char *deep = nested_lists (DDB_VALUE_MAX_DEPTH + 1);
  g_autofree char *very_deep = nested_lists (5000);
  g_autoptr(DdbValue) item = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("32 levels of lists are accepted, 33 refused, 5,000 refused without a crash");

  item = ddb_item_from_json_text (ok, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ddb_value_depth (ddb_value_lookup (item, "a")), ==, DDB_VALUE_MAX_DEPTH);

  g_assert_null (ddb_item_from_json_text (deep, -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Nesting Levels have exceeded supported limits: "
                   "Attributes in the item have nested levels beyond supported limit");
  g_clear_error (&error);

  g_assert_null (ddb_item_from_json_text (very_deep, -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
}

static void
test_malformed_items (void)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("An item must be a JSON object of attribute values");

  g_assert_null (ddb_item_from_json_text ("[1]", -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION);
  g_assert_cmpstr (error->message, ==, "Unrecognized collection type java.util.Map<java.lang."
                   "String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
  g_clear_error (&error);

  g_assert_null (ddb_item_from_json_text ("\"x\"", -1, &error));
  g_assert_cmpstr (error->message, ==, "Unexpected field type");
  g_clear_error (&error);

  g_assert_null (ddb_item_from_json_text ("{\"a\":\"x\"}", -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION);
  g_clear_error (&error);

  g_assert_null (ddb_item_from_json_text ("{\"a\":", -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION);
  g_assert_true (g_str_has_prefix (error->message, "Invalid JSON: "));
  g_clear_error (&error);

  g_assert_null (ddb_item_from_json_text ("", -1, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/value-json/round-trips", test_round_trips);
  g_test_add_func ("/ddb/model/value-json/item-round-trip", test_item_round_trip);
  g_test_add_func ("/ddb/model/value-json/malformed-values", test_malformed_values);
  g_test_add_func ("/ddb/model/value-json/nesting-limit", test_nesting_limit);
  g_test_add_func ("/ddb/model/value-json/malformed-items", test_malformed_items);

  return g_test_run ();
}
