/* test-model-item.c
 *
 * Item sizes and limits against the rulebook's vectors TV-3 to TV-11, built from the
 * DynamoDB JSON the vectors are written in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-item.h"
#include "ddb-model-error.h"
#include "ddb-value-json.h"

/* dynalite's helpers.randomString() is 10 characters; its content does not matter. */
#define R10 "abcdefghij"

static DdbValue *
parse_item (const char *json)
{
  g_autoptr(GError) error = NULL;
  DdbValue *item = ddb_item_from_json_text (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);

  return item;
}

/* Builds {"<name>": {"S": "<n times c>"}} style JSON fragments. */
static char *
repeat (char  c,
        gsize n)
{
  char *text = g_malloc (n + 1);

  memset (text, c, n);
  text[n] = '\0';

  return text;
}

static gsize
item_size_of (const char *json)
{
  g_autoptr(DdbValue) item = parse_item (json);

  return ddb_item_size (item);
}

static void
test_shirt (void)
{
  g_test_summary ("TV-9: the developer guide's shirt item is 23 bytes");

  g_assert_cmpuint (item_size_of ("{\"shirt-color\":{\"S\":\"R\"},\"shirt-size\":{\"S\":\"M\"}}"),
                    ==, 23);
}

static void
test_dynalite_put_items (void)
{
  g_autofree char *b999 = repeat ('b', 999);
  g_autofree char *b1001 = repeat ('b', 1001);
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;

  g_test_summary ("TV-3 and TV-4: dynalite's live-checked 1,024 and 1,025 byte items");

  small = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                           "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                           "\"e\":{\"BS\":[\"AQI=\",\"Ag==\",\"AQ==\"]}}", b999);
  large = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                           "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                           "\"e\":{\"BS\":[\"AQI=\",\"Ag==\"]}}", b1001);

  g_assert_cmpuint (item_size_of (small), ==, 1024);
  g_assert_cmpuint (item_size_of (large), ==, 1025);
}

static void
test_dynalite_get_items (void)
{
  g_autofree char *b4071 = repeat ('b', 4071);
  g_autofree char *b4073 = repeat ('b', 4073);
  g_autofree char *tv5 = NULL;
  g_autofree char *tv6 = NULL;

  g_test_summary ("TV-5 and TV-6: the 4,096 and 4,097 byte items");

  tv5 = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                         "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                         "\"e\":{\"BS\":[\"AQI=\",\"Ag==\",\"AQ==\"]}}", b4071);
  tv6 = g_strdup_printf ("{\"a\":{\"S\":\"" R10 "\"},\"b\":{\"S\":\"%s\"},"
                         "\"c\":{\"N\":\"12.3456\"},\"d\":{\"B\":\"AQI=\"},"
                         "\"e\":{\"BS\":[\"AQI=\",\"Ag==\"]}}", b4073);

  g_assert_cmpuint (item_size_of (tv5), ==, 4096);
  g_assert_cmpuint (item_size_of (tv6), ==, 4097);
}

#define TV7_FORMAT \
    "{\"a\":{\"S\":\"" R10 "\"},\"bb\":{\"S\":\"%s\"},\"ccc\":{\"N\":\"12.3456\"}," \
    "\"dddd\":{\"B\":\"AQI=\"},\"eeeee\":{\"BS\":[\"AQI=\",\"Ag==\",\"AQ==\"]}," \
    "\"ffffff\":{\"NULL\":true},\"ggggggg\":{\"BOOL\":false}," \
    "\"hhhhhhhh\":{\"L\":[{\"S\":\"a\"},{\"S\":\"aa\"},{\"S\":\"bb\"},{\"S\":\"ccc\"}]}," \
    "\"iiiiiiiii\":{\"M\":{\"aa\":{\"S\":\"aa\"},\"bbb\":{\"S\":\"bbb\"}}}}"

static void
test_every_type (void)
{
  g_autofree char *b3999 = repeat ('b', 3999);
  g_autofree char *b4000 = repeat ('b', 4000);
  g_autofree char *tv7 = g_strdup_printf (TV7_FORMAT, b3999);
  g_autofree char *tv7b = g_strdup_printf (TV7_FORMAT, b4000);
  g_autoptr(DdbValue) item = parse_item (tv7);

  g_test_summary ("TV-7: every type, the list attribute is 8+15 bytes and the map 9+15");

  g_assert_cmpuint (ddb_item_size (item), ==, 4096);
  g_assert_cmpuint (ddb_value_size (ddb_value_lookup (item, "hhhhhhhh")), ==, 15);
  g_assert_cmpuint (ddb_value_size (ddb_value_lookup (item, "iiiiiiiii")), ==, 15);
  g_assert_cmpuint (item_size_of (tv7b), ==, 4097);
}

#define TV8_FORMAT \
    "{\"a\":{\"S\":\"" R10 "\"},\"ab\":{\"S\":\"%s\"},\"abc\":{\"NULL\":true}," \
    "\"abcd\":{\"BOOL\":true}," \
    "\"abcde\":{\"L\":[{\"S\":\"aa\"},{\"N\":\"12.3456\"},{\"B\":\"AQI=\"}]}," \
    "\"abcdef\":{\"M\":{\"aa\":{\"S\":\"aa\"},\"bbb\":{\"N\":\"12.3456\"}," \
    "\"cccc\":{\"B\":\"AQI=\"}}}}"

static void
test_nested_types (void)
{
  g_autofree char *b4026 = repeat ('b', 4026);
  g_autofree char *b4027 = repeat ('b', 4027);
  g_autofree char *tv8 = g_strdup_printf (TV8_FORMAT, b4026);
  g_autofree char *tv8b = g_strdup_printf (TV8_FORMAT, b4027);

  g_test_summary ("TV-8: numbers and binaries inside lists and maps");

  g_assert_cmpuint (item_size_of (tv8), ==, 4096);
  g_assert_cmpuint (item_size_of (tv8b), ==, 4097);
}

static void
test_utf8_and_empty_containers (void)
{
  g_test_summary ("TV-10: strings count UTF-8 bytes; empty lists and maps are 3 bytes; "
                  "sets have no overhead");

  g_assert_cmpuint (item_size_of ("{\"name\":{\"S\":\"caf\\u00e9\"}}"), ==, 9);
  g_assert_cmpuint (item_size_of ("{\"n\":{\"S\":\"\xf0\x9f\x98\x80\"}}"), ==, 5);
  g_assert_cmpuint (item_size_of ("{\"l\":{\"L\":[]}}"), ==, 4);
  g_assert_cmpuint (item_size_of ("{\"m\":{\"M\":{}}}"), ==, 4);
  g_assert_cmpuint (item_size_of ("{\"s\":{\"SS\":[\"a\",\"bb\"]}}"), ==, 4);
  /* Attribute names count in UTF-8 too: "é" is 2 bytes, BOOL 1. */
  g_assert_cmpuint (item_size_of ("{\"\\u00e9\":{\"BOOL\":true}}"), ==, 3);
}

static void
test_size_limit (void)
{
  /* {"a": S of n bytes} is 1 + n bytes. */
  g_autofree char *fits = repeat ('x', DDB_ITEM_MAX_BYTES - 1);
  g_autofree char *over = repeat ('x', DDB_ITEM_MAX_BYTES);
  g_autofree char *json_fits = g_strdup_printf ("{\"a\":{\"S\":\"%s\"}}", fits);
  g_autofree char *json_over = g_strdup_printf ("{\"a\":{\"S\":\"%s\"}}", over);
  g_autoptr(DdbValue) item_fits = parse_item (json_fits);
  g_autoptr(DdbValue) item_over = parse_item (json_over);
  g_autoptr(GError) error = NULL;

  g_test_summary ("TV-11: 409,600 bytes is accepted, 409,601 refused with DynamoDB's message");

  g_assert_cmpuint (ddb_item_size (item_fits), ==, 409600);
  g_assert_true (ddb_item_check_size (item_fits, FALSE, NULL));

  g_assert_cmpuint (ddb_item_size (item_over), ==, 409601);
  g_assert_false (ddb_item_check_size (item_over, FALSE, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Item size has exceeded the maximum allowed size");
  g_clear_error (&error);

  g_assert_false (ddb_item_check_size (item_over, TRUE, &error));
  g_assert_cmpstr (error->message, ==,
                   "Item size to update has exceeded the maximum allowed size");
}

static void
test_key_limits (void)
{
  g_autofree char *k2048 = repeat ('k', 2048);
  g_autofree char *k1024 = repeat ('k', 1024);
  g_autoptr(DdbValue) pk_max = ddb_value_new_string (k2048, -1);
  g_autoptr(DdbValue) sk_max = ddb_value_new_string (k1024, -1);
  g_autoptr(DdbValue) sk_over = ddb_value_new_string (k2048, 1025);
  g_autoptr(DdbValue) empty_s = ddb_value_new_string ("", 0);
  g_autoptr(DdbValue) empty_b = ddb_value_new_binary (NULL, 0);
  g_autoptr(DdbValue) big_number = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k2049 = repeat ('k', 2049);
  g_autoptr(DdbValue) pk_2049 = ddb_value_new_string (k2049, -1);

  g_test_summary ("Partition keys up to 2,048 bytes, sort keys up to 1,024, never empty");

  g_assert_true (ddb_key_value_check (pk_max, DDB_KEY_ROLE_PARTITION, "pk", NULL));
  g_assert_false (ddb_key_value_check (pk_2049, DDB_KEY_ROLE_PARTITION, "pk", &error));
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Size of "
                   "hashkey has exceeded the maximum size limit of2048 bytes");
  g_clear_error (&error);

  g_assert_true (ddb_key_value_check (sk_max, DDB_KEY_ROLE_SORT, "sk", NULL));
  g_assert_false (ddb_key_value_check (sk_over, DDB_KEY_ROLE_SORT, "sk", &error));
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Aggregated "
                   "size of all range keys has exceeded the size limit of 1024 bytes");
  g_clear_error (&error);

  g_assert_false (ddb_key_value_check (empty_s, DDB_KEY_ROLE_SORT, "sk", &error));
  g_assert_cmpstr (error->message, ==, "One or more parameter values are not valid. The "
                   "AttributeValue for a key attribute cannot contain an empty string value. "
                   "Key: sk");
  g_clear_error (&error);

  g_assert_false (ddb_key_value_check (empty_b, DDB_KEY_ROLE_PARTITION, "pk", &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
  g_assert_true (g_str_has_suffix (error->message, "empty binary value. Key: pk"));
  g_clear_error (&error);

  /* Numbers are always within the key limits. */
  big_number = ddb_value_parse_number ("-1.2345678901234567890123456789012345678e-100", NULL);
  g_assert_nonnull (big_number);
  g_assert_true (ddb_key_value_check (big_number, DDB_KEY_ROLE_SORT, "sk", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/item/size/shirt", test_shirt);
  g_test_add_func ("/ddb/model/item/size/dynalite-put-items", test_dynalite_put_items);
  g_test_add_func ("/ddb/model/item/size/dynalite-get-items", test_dynalite_get_items);
  g_test_add_func ("/ddb/model/item/size/every-type", test_every_type);
  g_test_add_func ("/ddb/model/item/size/nested-types", test_nested_types);
  g_test_add_func ("/ddb/model/item/size/utf8-and-empty-containers",
                   test_utf8_and_empty_containers);
  g_test_add_func ("/ddb/model/item/limit/size", test_size_limit);
  g_test_add_func ("/ddb/model/item/limit/keys", test_key_limits);

  return g_test_run ();
}
