/* test-model-value.c
 *
 * The DdbValue type: canonical maps and sets, equality, lookup, sizes, key encoding of
 * strings and binaries, the map builder, and reference counting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-model-error.h"
#include "ddb-value.h"

static DdbValue *
s (const char *text)
{
  return ddb_value_new_string (text, -1);
}

static DdbValue *
n (const char *text)
{
  DdbNumber number;

  g_assert_cmpint (ddb_number_parse (text, -1, &number), ==, DDB_NUMBER_OK);

  return ddb_value_new_number (&number);
}

static void
test_scalars (void)
{
  g_autoptr(DdbValue) str = ddb_value_new_string ("h\xc3\xa9llo", -1);
  g_autoptr(DdbValue) bin = ddb_value_new_binary ((const guint8 *)"\0\1\2", 3);
  g_autoptr(DdbValue) yes = ddb_value_new_bool (TRUE);
  g_autoptr(DdbValue) null = ddb_value_new_null ();
  g_autoptr(DdbValue) num = ddb_value_new_int64 (-42);
  gsize length;

  g_assert_cmpint (ddb_value_get_kind (str), ==, DDB_KIND_S);
  g_assert_cmpstr (ddb_value_get_string (str, &length), ==, "h\xc3\xa9llo");
  g_assert_cmpuint (length, ==, 6);
  g_assert_cmpuint (ddb_value_size (str), ==, 6);

  g_assert_cmpmem (ddb_value_get_binary (bin, &length), 3, "\0\1\2", 3);
  g_assert_cmpuint (ddb_value_size (bin), ==, 3);

  g_assert_true (ddb_value_get_bool (yes));
  g_assert_cmpuint (ddb_value_size (yes), ==, 1);
  g_assert_cmpuint (ddb_value_size (null), ==, 1);

  /* -42: two digits, exponent 1 (odd): 1 + 1 + 0 + 1 for the sign */
  g_assert_cmpuint (ddb_value_size (num), ==, 3);
  g_assert_cmpuint (ddb_value_depth (num), ==, 0);
}

static void
test_map_is_canonical (void)
{
  const char *names[] = { "zeta", "alpha", "\xc3\xa9t\xc3\xa9", "Beta" };
  DdbValue *values[] = { s ("z"), s ("a"), s ("e"), s ("b") };
  g_autoptr(DdbValue) map = ddb_value_new_map_take (names, values, 4);

  g_test_summary ("Map entries sort by the bytes of their names; lookup is exact");

  g_assert_cmpuint (ddb_value_get_length (map), ==, 4);
  g_assert_cmpstr (ddb_value_get_name (map, 0), ==, "Beta");
  g_assert_cmpstr (ddb_value_get_name (map, 1), ==, "alpha");
  g_assert_cmpstr (ddb_value_get_name (map, 2), ==, "zeta");
  g_assert_cmpstr (ddb_value_get_name (map, 3), ==, "\xc3\xa9t\xc3\xa9");
  g_assert_cmpstr (ddb_value_get_string (ddb_value_lookup (map, "alpha"), NULL), ==, "a");
  g_assert_null (ddb_value_lookup (map, "ALPHA"));
  g_assert_null (ddb_value_lookup (map, ""));
  /* 3 + (1+4+1) + (1+5+1) + (1+4+1) + (1+5+1) */
  g_assert_cmpuint (ddb_value_size (map), ==, 29);
  g_assert_cmpuint (ddb_value_depth (map), ==, 1);
}

static void
test_sets_are_canonical (void)
{
  DdbValue *numbers[] = { n ("10"), n ("9"), n ("-0.5"), n ("1e2") };
  DdbValue *strings[] = { s ("b"), s ("B"), s ("a") };
  DdbValue *same_order_numbers[] = { n ("100"), n ("-0.50"), n ("10"), n ("9.0") };
  g_autoptr(DdbValue) ns = ddb_value_new_set_take (DDB_KIND_NS, numbers, 4, NULL);
  g_autoptr(DdbValue) ss = ddb_value_new_set_take (DDB_KIND_SS, strings, 3, NULL);
  g_autoptr(DdbValue) ns2 = ddb_value_new_set_take (DDB_KIND_NS, same_order_numbers, 4, NULL);
  g_autoptr(DdbValue) probe = n ("100.000");
  g_autoptr(DdbValue) absent = n ("11");

  g_test_summary ("Set members sort by value; sets built in any order are equal");

  g_assert_nonnull (ns);
  g_assert_cmpuint (ddb_value_get_length (ns), ==, 4);
  g_assert_cmpint (ddb_number_compare (ddb_value_get_number (ddb_value_get_element (ns, 0)),
                                       ddb_value_get_number (ddb_value_get_element (ns, 1))),
                   <, 0);
  g_assert_true (ddb_value_equal (ns, ns2));
  g_assert_cmpuint (ddb_value_hash (ns), ==, ddb_value_hash (ns2));
  g_assert_true (ddb_value_set_contains (ns, probe));
  g_assert_false (ddb_value_set_contains (ns, absent));

  g_assert_cmpstr (ddb_value_get_string (ddb_value_get_element (ss, 0), NULL), ==, "B");
  g_assert_cmpstr (ddb_value_get_string (ddb_value_get_element (ss, 2), NULL), ==, "b");
  g_assert_cmpuint (ddb_value_size (ss), ==, 3);
  g_assert_cmpuint (ddb_value_depth (ss), ==, 0);
}

static void
test_set_errors (void)
{
  DdbValue *dups[] = { s ("x"), s ("y"), s ("x") };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Empty sets and duplicates are refused; the message lists input order");

  g_assert_null (ddb_value_new_set_take (DDB_KIND_SS, dups, 3, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Input "
                   "collection [x, y, x] contains duplicates.");
  g_clear_error (&error);

  g_assert_null (ddb_value_new_set_take (DDB_KIND_NS, NULL, 0, &error));
  g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
}

static void
test_equality (void)
{
  g_autoptr(DdbValue) a = s ("1");
  g_autoptr(DdbValue) b = n ("1");
  g_autoptr(DdbValue) c = n ("1.000");
  DdbValue *l1_elements[] = { s ("x"), n ("2") };
  DdbValue *l2_elements[] = { n ("2"), s ("x") };
  g_autoptr(DdbValue) l1 = ddb_value_new_list_take (l1_elements, 2);
  g_autoptr(DdbValue) l2 = ddb_value_new_list_take (l2_elements, 2);

  g_test_summary ("S \"1\" is not N 1; N 1 equals N 1.000; lists compare in order");

  g_assert_false (ddb_value_equal (a, b));
  g_assert_true (ddb_value_equal (b, c));
  g_assert_false (ddb_value_equal (l1, l2));
  g_assert_cmpuint (ddb_value_size (l1), ==, 3 + (1 + 1) + (1 + 2));
}

static void
test_key_encoding_strings (void)
{
  const char *ordered[] = { "", "A", "B", "a", "aa", "ab", "b", "\xc3\xa9", "\xf0\x9f\x98\x80" };
  g_autoptr(GByteArray) previous = g_byte_array_new ();

  g_test_summary ("String keys order by UTF-8 bytes and round-trip through the encoding");

  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    {
      g_autoptr(DdbValue) value = s (ordered[i]);
      g_autoptr(GByteArray) encoded = g_byte_array_new ();
      g_autoptr(DdbValue) decoded = NULL;

      ddb_value_encode_key (value, encoded);
      decoded = ddb_value_decode_key (DDB_KIND_S, encoded->data, encoded->len);
      g_assert_true (ddb_value_equal (value, decoded));

      if (i > 0)
        {
          guint common = MIN (previous->len, encoded->len);
          int cmp = common > 0 ? memcmp (previous->data, encoded->data, common) : 0;

          g_assert_true (cmp < 0 || (cmp == 0 && previous->len < encoded->len));
        }
      g_byte_array_set_size (previous, 0);
      g_byte_array_append (previous, encoded->data, encoded->len);
    }

  /* Invalid UTF-8 is not a valid S encoding. */
  g_assert_null (ddb_value_decode_key (DDB_KIND_S, (const guint8 *)"\xff", 1));
}

static void
test_map_builder (void)
{
  g_autoptr(DdbMapBuilder) builder = ddb_map_builder_new ();
  g_autoptr(DdbValue) first = NULL;
  g_autoptr(DdbValue) second = NULL;
  g_autoptr(DdbValue) shared = s ("shared");
  DdbMapBuilder *copy;

  g_test_summary ("The builder replaces, removes and copies entries; values are shared");

  ddb_map_builder_set (builder, "b", shared);
  ddb_map_builder_set_take (builder, "a", n ("1"));
  ddb_map_builder_set_take (builder, "a", n ("2"));
  ddb_map_builder_set_take (builder, "c", s ("gone"));
  g_assert_true (ddb_map_builder_remove (builder, "c"));
  g_assert_false (ddb_map_builder_remove (builder, "c"));
  g_assert_cmpuint (ddb_map_builder_get_size (builder), ==, 2);
  first = ddb_map_builder_end (g_steal_pointer (&builder));

  g_assert_cmpuint (ddb_value_get_length (first), ==, 2);
  g_assert_cmpstr (ddb_value_get_name (first, 0), ==, "a");
  g_assert_true (ddb_value_lookup (first, "b") == shared);

  copy = ddb_map_builder_new_from (first);
  ddb_map_builder_set_take (copy, "z", ddb_value_new_null ());
  second = ddb_map_builder_end (copy);
  g_assert_cmpuint (ddb_value_get_length (second), ==, 3);
  g_assert_cmpuint (ddb_value_get_length (first), ==, 2);
  g_assert_false (ddb_value_equal (first, second));
}

static void
test_kinds (void)
{
  DdbKind kind;

  for (guint i = 0; i < DDB_KIND_COUNT; i++)
    {
      g_assert_true (ddb_kind_from_string (ddb_kind_to_string (i), &kind));
      g_assert_cmpuint (kind, ==, i);
    }
  g_assert_false (ddb_kind_from_string ("s", &kind));
  g_assert_cmpint (ddb_kind_set_of (DDB_KIND_N), ==, DDB_KIND_NS);
  g_assert_cmpint (ddb_kind_set_member (DDB_KIND_BS), ==, DDB_KIND_B);
  g_assert_true (ddb_kind_is_scalar_key (DDB_KIND_B));
  g_assert_false (ddb_kind_is_scalar_key (DDB_KIND_BOOL));
}

static void
test_boxed_type (void)
{
  g_autoptr(DdbValue) value = s ("x");
  DdbValue *copy = g_boxed_copy (DDB_TYPE_VALUE, value);

  g_assert_true (copy == value);
  g_boxed_free (DDB_TYPE_VALUE, copy);
  g_assert_cmpstr (g_type_name (DDB_TYPE_VALUE), ==, "DdbValue");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/value/scalars", test_scalars);
  g_test_add_func ("/ddb/model/value/map-is-canonical", test_map_is_canonical);
  g_test_add_func ("/ddb/model/value/sets-are-canonical", test_sets_are_canonical);
  g_test_add_func ("/ddb/model/value/set-errors", test_set_errors);
  g_test_add_func ("/ddb/model/value/equality", test_equality);
  g_test_add_func ("/ddb/model/value/key-encoding-strings", test_key_encoding_strings);
  g_test_add_func ("/ddb/model/value/map-builder", test_map_builder);
  g_test_add_func ("/ddb/model/value/kinds", test_kinds);
  g_test_add_func ("/ddb/model/value/boxed-type", test_boxed_type);

  return g_test_run ();
}
