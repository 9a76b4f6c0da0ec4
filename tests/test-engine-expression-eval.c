/* test-engine-expression-eval.c
 *
 * Evaluation of conditions and filters (comparisons per type, missing attributes, sets,
 * lists and maps, BETWEEN, IN, every function, size(), nested paths, precedence), key
 * conditions and their sort-key matching, and projections.  Expected answers come from
 * the developer guide and from the live service's behaviour as recorded by dynalite's
 * test/scan.js (the item sets below are its) and Scylla's test_condition_expression.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-value-json.h"
#include "expression-fixture.h"

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

/* Evaluates filter @text on each item of @items (DynamoDB JSON, NULL-terminated) and
 * checks the answers against @expected, one '1' or '0' per item. */
static void
assert_matches (const char         *text,
                const char         *names,
                const char         *values,
                const char * const *items,
                const char         *expected)
{
  g_autoptr(DdbExpressionContext) context = context_new (names, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbCondition) condition = ddb_condition_parse (text, DDB_EXPRESSION_FILTER, context,
                                                           &error);
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (condition);

  for (gsize i = 0; items[i] != NULL; i++)
    {
      g_autoptr(DdbValue) item = item_new (items[i]);

      g_string_append_c (got, ddb_condition_evaluate (condition, item) ? '1' : '0');
    }

  g_test_message ("%s", text);
  g_assert_cmpstr (got->str, ==, expected);
}

/* The item {"b": <value>}. */
#define B(value) "{'b': " value "}"

/* ---------------------------------------------------------------------------------------
 * Comparisons
 * ------------------------------------------------------------------------------------- */

static void
test_compare_numbers (void)
{
  static const char * const items[] = {
    B ("{'N': '2'}"), B ("{'N': '1.9999'}"), B ("{'N': '1'}"),
    B ("{'N': '2.00000001'}"), B ("{'N': '-0.5'}"), B ("{'N': '19999'}"), NULL,
  };

  g_test_summary ("Numbers compare by value, not as text");

  assert_matches ("b <= :v", NULL, "{':v': {'N': '2'}}", items, "111010");
  assert_matches ("b < :v", NULL, "{':v': {'N': '2'}}", items, "011010");
  assert_matches ("b >= :v", NULL, "{':v': {'N': '1.9999'}}", items, "110101");
  assert_matches ("b > :v", NULL, "{':v': {'N': '1.9999'}}", items, "100101");
  assert_matches ("b = :v", NULL, "{':v': {'N': '2.000'}}", items, "100000");
  assert_matches ("b <> :v", NULL, "{':v': {'N': '2'}}", items, "011111");
  assert_matches (":v > b", NULL, "{':v': {'N': '0'}}", items, "000010");
}

static void
test_compare_strings_and_binaries (void)
{
  /* "abc\xc3\xbf" is "abcÿ": UTF-8 byte order puts it after "abc" and before "abd". */
  static const char * const strings[] = {
    B ("{'S': 'abd'}"), B ("{'S': 'abc\xc3\xbf'}"), B ("{'S': 'abc'}"),
    B ("{'S': 'abda'}"), B ("{'S': 'ab'}"), B ("{'S': 'ABD'}"), NULL,
  };
  /* ce, d0, cf, d000, cfff: unsigned byte order. */
  static const char * const binaries[] = {
    B ("{'B': 'zg=='}"), B ("{'B': '0A=='}"), B ("{'B': 'zw=='}"),
    B ("{'B': '0AA='}"), B ("{'B': 'z/8='}"), NULL,
  };

  g_test_summary ("Strings order by UTF-8 bytes, binaries by unsigned bytes");

  assert_matches ("b <= :v", NULL, "{':v': {'S': 'abd'}}", strings, "111011");
  assert_matches ("b < :v", NULL, "{':v': {'S': 'abd'}}", strings, "011011");
  assert_matches ("b >= :v", NULL, "{':v': {'S': 'abc'}}", strings, "111100");
  assert_matches ("b > :v", NULL, "{':v': {'S': 'abc'}}", strings, "110100");
  assert_matches ("b <= :v", NULL, "{':v': {'B': '0A=='}}", binaries, "11101");
  assert_matches ("b < :v", NULL, "{':v': {'B': '0A=='}}", binaries, "10101");
  assert_matches ("b >= :v", NULL, "{':v': {'B': 'zw=='}}", binaries, "01111");
  assert_matches ("b > :v", NULL, "{':v': {'B': 'zw=='}}", binaries, "01011");
}

static void
test_compare_types_and_missing (void)
{
  static const char * const items[] = {
    B ("{'S': '1234'}"), B ("{'N': '1234'}"), B ("{'B': 'MTIzNA=='}"), "{'a': {'S': 'x'}}",
    B ("{'NULL': true}"), NULL,
  };

  g_test_summary ("Different types are unequal and unordered; a missing operand is unequal "
                  "to everything, itself included, and ordered against nothing");

  assert_matches ("b = :v", NULL, "{':v': {'S': '1234'}}", items, "10000");
  assert_matches ("b <> :v", NULL, "{':v': {'S': '1234'}}", items, "01111");
  assert_matches ("b <= :v", NULL, "{':v': {'S': '1234'}}", items, "10000");
  assert_matches ("b >= :v", NULL, "{':v': {'N': '0'}}", items, "01000");
  assert_matches ("b = nothing", NULL, NULL, items, "00000");
  assert_matches ("b <> nothing", NULL, NULL, items, "11111");
  assert_matches ("nothing <> nada", NULL, NULL, items, "11111");
  assert_matches ("nothing < nada", NULL, NULL, items, "00000");
  assert_matches ("nothing = :v", NULL, "{':v': {'NULL': true}}", items, "00000");
  assert_matches ("b = :v", NULL, "{':v': {'NULL': true}}", items, "00001");
  assert_matches ("b = b2", NULL, NULL, items, "00000");
}

static void
test_compare_documents (void)
{
  static const char * const items[] = {
    B ("{'SS': ['a', 'b']}"),
    B ("{'SS': ['a', 'b', 'c']}"),
    B ("{'NS': ['2', '1']}"),
    B ("{'BS': ['YWJj', 'YWI=']}"),
    B ("{'L': [{'N': '1'}, {'S': 'a'}]}"),
    B ("{'L': [{'S': 'a'}, {'N': '1'}]}"),
    B ("{'M': {'x': {'N': '1'}, 'y': {'L': []}}}"),
    B ("{'BOOL': false}"),
    NULL,
  };

  g_test_summary ("Sets compare as sets, lists in order, maps by entries");

  assert_matches ("b = :v", NULL, "{':v': {'SS': ['b', 'a']}}", items, "10000000");
  assert_matches ("b <> :v", NULL, "{':v': {'SS': ['b', 'a']}}", items, "01111111");
  assert_matches ("b = :v", NULL, "{':v': {'NS': ['1.0', '2']}}", items, "00100000");
  assert_matches ("b = :v", NULL, "{':v': {'BS': ['YWI=', 'YWJj']}}", items, "00010000");
  assert_matches ("b = :v", NULL, "{':v': {'L': [{'N': '1.0'}, {'S': 'a'}]}}", items,
                  "00001000");
  assert_matches ("b = :v", NULL, "{':v': {'M': {'y': {'L': []}, 'x': {'N': '1'}}}}",
                  items, "00000010");
  assert_matches ("b = :v", NULL, "{':v': {'BOOL': false}}", items, "00000001");
  /* Documents have no order: the comparison is false, not an error. */
  assert_matches ("b > :v", NULL, "{':v': {'N': '1'}}", items, "00000000");
}

static void
test_between_and_in (void)
{
  static const char * const numbers[] = {
    B ("{'N': '123'}"), B ("{'N': '124'}"), B ("{'N': '124.99999'}"),
    B ("{'N': '125'}"), B ("{'N': '125.000001'}"), B ("{'S': '124'}"), "{}", NULL,
  };
  static const char * const strings[] = {
    B ("{'S': 'abc'}"), B ("{'S': 'abd'}"), B ("{'S': 'abda'}"),
    B ("{'S': 'abe'}"), B ("{'S': 'abea'}"), NULL,
  };
  static const char * const binaries[] = {
    B ("{'B': 'zg=='}"), B ("{'B': '0A=='}"), B ("{'B': 'zw=='}"),
    B ("{'B': '0AA='}"), B ("{'B': 'z/8='}"), NULL,
  };
  static const char * const mixed[] = {
    B ("{'S': 'abdef'}"), B ("{'SS': ['abd', 'bde']}"), B ("{'B': 'YWJkZWY='}"),
    B ("{'S': 'ab'}"), B ("{'S': 'abd'}"), B ("{'N': '1234'}"), B ("{'N': '123.45'}"),
    NULL,
  };

  g_test_summary ("BETWEEN is inclusive and typed; IN is equality with any operand");

  assert_matches ("b BETWEEN :lo AND :hi", NULL, "{':lo': {'N': '124'}, ':hi': {'N': '125'}}",
                  numbers, "0111000");
  assert_matches ("NOT b BETWEEN :lo AND :hi", NULL,
                  "{':lo': {'N': '124'}, ':hi': {'N': '125'}}", numbers, "1000111");
  assert_matches ("b BETWEEN :lo AND :hi", NULL, "{':lo': {'S': 'abd'}, ':hi': {'S': 'abe'}}",
                  strings, "01110");
  assert_matches ("b BETWEEN :lo AND :hi", NULL, "{':lo': {'B': 'z/8='}, ':hi': {'B': '0AA='}}",
                  binaries, "01011");
  /* Bounds from the item: a range where lower > upper simply matches nothing. */
  assert_matches ("b BETWEEN b AND :hi", NULL, "{':hi': {'N': '124.5'}}", numbers, "1100000");
  assert_matches ("b IN (:x, :y)", NULL, "{':x': {'S': 'abd'}, ':y': {'S': 'abdef'}}",
                  mixed, "1000100");
  assert_matches ("b IN (:x, :y)", NULL, "{':x': {'N': '1234.0'}, ':y': {'N': '123.45'}}",
                  mixed, "0000011");
  assert_matches ("b IN (:x)", NULL, "{':x': {'SS': ['bde', 'abd']}}", mixed, "0100000");
  assert_matches ("nothing IN (nada, :x)", NULL, "{':x': {'N': '1'}}", mixed, "0000000");
}

/* ---------------------------------------------------------------------------------------
 * Functions
 * ------------------------------------------------------------------------------------- */

static void
test_functions_exists_and_type (void)
{
  static const char * const items[] = {
    "{'b': {'M': {'a': {'M': {'b': {'S': 'x'}}}}}}",
    "{'b': {'L': [{'S': 'y'}, {'M': {'a': {'M': {'b': {'S': 'x'}}}}}]}}",
    "{'b': {'S': 'z'}}",
    "{'c': {'NULL': true}}",
    NULL,
  };

  assert_matches ("attribute_exists(b)", NULL, NULL, items, "1110");
  assert_matches ("attribute_not_exists(b)", NULL, NULL, items, "0001");
  assert_matches ("attribute_exists(c)", NULL, NULL, items, "0001");
  assert_matches ("attribute_exists(b.a) OR attribute_exists(b[1])", NULL, NULL, items, "1100");
  assert_matches ("attribute_exists(#b[1].a.b)", "{'#b': 'b'}", NULL, items, "0100");
  assert_matches ("attribute_not_exists(b[5])", NULL, NULL, items, "1111");
  assert_matches ("attribute_type(b.a, :m) OR attribute_type(b[1].a, :m)", NULL,
                  "{':m': {'S': 'M'}}", items, "1100");
  assert_matches ("attribute_type(b, :t)", NULL, "{':t': {'S': 'L'}}", items, "0100");
  assert_matches ("attribute_type(c, :t)", NULL, "{':t': {'S': 'NULL'}}", items, "0001");
  assert_matches ("attribute_type(b, :t)", NULL, "{':t': {'S': 'SS'}}", items, "0000");
  assert_matches ("(b[1].a.b = :x OR b.a.b = :x)", NULL, "{':x': {'S': 'x'}}", items, "1100");
}

static void
test_functions_begins_with (void)
{
  static const char * const items[] = {
    B ("{'S': 'abdef'}"), B ("{'SS': ['abd', 'bde']}"), B ("{'B': 'YWJkZWY='}"),
    B ("{'S': 'ab'}"), B ("{'S': 'abd'}"), B ("{'B': 'YWJk'}"), B ("{'N': '1'}"),
    NULL,
  };

  assert_matches ("begins_with(b, :p)", NULL, "{':p': {'S': 'abd'}}", items, "1000100");
  assert_matches ("begins_with(b, :p)", NULL, "{':p': {'B': 'YWJk'}}", items, "0010010");
  assert_matches ("begins_with(b, :p)", NULL, "{':p': {'S': ''}}", items, "1001100");
  assert_matches ("NOT begins_with(b, :p)", NULL, "{':p': {'S': 'abd'}}", items, "0111011");
}

static void
test_functions_contains (void)
{
  static const char * const items[] = {
    B ("{'S': 'abdef'}"),
    B ("{'SS': ['abd', 'bde']}"),
    B ("{'B': 'YWJkZWY='}"),
    B ("{'BS': ['YWJj', 'YmRl']}"),
    B ("{'S': 'bde'}"),
    B ("{'S': 'abd'}"),
    B ("{'L': [{'N': '123'}, {'S': 'bde'}]}"),
    B ("{'L': [{'S': 'abde'}]}"),
    B ("{'N': '1234'}"),
    B ("{'NS': ['123', '234']}"),
    B ("{'L': [{'S': 'abd'}, {'N': '234'}]}"),
    B ("{'B': 'YmRl'}"),
    B ("{'L': [{'N': '123'}, {'B': 'YmRl'}]}"),
    B ("{'M': {'bde': {'S': 'bde'}}}"),
    NULL,
  };

  g_test_summary ("contains: substring of S, bytes of B, member of a set, element of a list");

  assert_matches ("contains(b, :v)", NULL, "{':v': {'S': 'bde'}}", items, "11001010000000");
  assert_matches ("contains(b, :v)", NULL, "{':v': {'N': '234'}}", items, "00000000011000");
  assert_matches ("contains(b, :v)", NULL, "{':v': {'B': 'YmRl'}}", items, "00110000000110");
  assert_matches ("NOT contains(b, :v)", NULL, "{':v': {'S': 'bde'}}", items, "00110101111111");
  assert_matches ("contains(nothing, :v)", NULL, "{':v': {'S': 'bde'}}", items, "00000000000000");
}

static void
test_functions_size (void)
{
  static const char * const items[] = {
    B ("{'S': 'ab\xc3\xbf'}"),                /* "abÿ": 3 characters, 4 bytes */
    B ("{'N': '123'}"),                       /* numbers have no size */
    B ("{'B': 'YWJj'}"),                      /* 3 bytes */
    B ("{'SS': ['a', 'b', 'c']}"),
    B ("{'L': [{'S': 'a'}, {'S': 'a'}, {'S': 'a'}]}"),
    B ("{'M': {'a': {'S': 'a'}, 'b': {'S': 'a'}, 'c': {'S': 'a'}}}"),
    B ("{'S': 'abcd'}"),
    B ("{'S': '\xc3\xa9\xf0\x9d\x84\x9e'}"),  /* "é𝄞": 2 characters, 3 UTF-16 units */
    "{}",
    NULL,
  };

  g_test_summary ("size() counts UTF-16 code units of S, bytes of B, elements of the rest");

  assert_matches ("size(b) = :n", NULL, "{':n': {'N': '3'}}", items, "101111010");
  assert_matches ("size(b) > :n", NULL, "{':n': {'N': '3'}}", items, "000000100");
  assert_matches ("size(b) <> :n", NULL, "{':n': {'N': '3'}}", items, "010000101");
  assert_matches ("size(b) BETWEEN :lo AND :hi", NULL,
                  "{':lo': {'N': '3'}, ':hi': {'N': '4'}}", items, "101111110");
  assert_matches ("size(b) IN (:n)", NULL, "{':n': {'N': '4'}}", items, "000000100");
  assert_matches ("size(b) = size(#b)", "{'#b': 'b'}", NULL, items, "101111110");
  assert_matches ("contains(:l, size(b))", NULL, "{':l': {'NS': ['4', '5']}}", items,
                  "000000100");
}

static void
test_precedence (void)
{
  /* Items for a truth table over x, y, z in {0, 1}: bit order x y z. */
  static const char * const items[] = {
    "{'x': {'N': '0'}, 'y': {'N': '0'}, 'z': {'N': '0'}}",
    "{'x': {'N': '0'}, 'y': {'N': '0'}, 'z': {'N': '1'}}",
    "{'x': {'N': '0'}, 'y': {'N': '1'}, 'z': {'N': '0'}}",
    "{'x': {'N': '0'}, 'y': {'N': '1'}, 'z': {'N': '1'}}",
    "{'x': {'N': '1'}, 'y': {'N': '0'}, 'z': {'N': '0'}}",
    "{'x': {'N': '1'}, 'y': {'N': '0'}, 'z': {'N': '1'}}",
    "{'x': {'N': '1'}, 'y': {'N': '1'}, 'z': {'N': '0'}}",
    "{'x': {'N': '1'}, 'y': {'N': '1'}, 'z': {'N': '1'}}",
    NULL,
  };
  static const char *one = "{':1': {'N': '1'}}";

  g_test_summary ("NOT binds tighter than AND, AND tighter than OR; parentheses regroup");

  assert_matches ("x = :1 OR y = :1 AND z = :1", NULL, one, items, "00011111");
  assert_matches ("(x = :1 OR y = :1) AND z = :1", NULL, one, items, "00010101");
  assert_matches ("NOT x = :1 AND y = :1", NULL, one, items, "00110000");
  assert_matches ("NOT (x = :1 AND y = :1)", NULL, one, items, "11111100");
  assert_matches ("NOT x = :1 OR NOT y = :1 AND z = :1", NULL, one, items, "11110100");
  assert_matches ("NOT NOT x = :1", NULL, one, items, "00001111");
  assert_matches ("x IN (:1) AND y BETWEEN :1 AND :1 OR z = :1", NULL, one, items, "01010111");
}

/* ---------------------------------------------------------------------------------------
 * Key conditions
 * ------------------------------------------------------------------------------------- */

static DdbKeyCondition *
key_condition_new (const char             *text,
                   const DdbKeyAttributes *key,
                   const char             *values)
{
  g_autoptr(DdbExpressionContext) context = context_new ("{'#k': 'sk'}", values);
  g_autoptr(GError) error = NULL;
  DdbKeyCondition *condition = ddb_key_condition_parse (text, key, context, &error);

  g_assert_no_error (error);
  g_assert_nonnull (condition);

  return condition;
}

/* Checks @condition's sort-key matching on each of @sort_keys, against @expected. */
static void
assert_sort_matches (const DdbKeyCondition *condition,
                     const char * const    *sort_keys,
                     const char            *expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (gsize i = 0; sort_keys[i] != NULL; i++)
    {
      g_autofree char *json = g_strdup_printf ("{'v': %s}", sort_keys[i]);
      g_autoptr(DdbValue) item = item_new (json);

      g_string_append_c (got, ddb_key_condition_match_sort (condition, ddb_value_lookup (item, "v"))
                              ? '1' : '0');
    }

  g_assert_cmpstr (got->str, ==, expected);
}

/* Whether @operand is the value of @placeholder in @values; NULL when @placeholder is. */
static gboolean
operand_is (const DdbValue *operand,
            const DdbValue *values,
            const char     *placeholder)
{
  if (operand == NULL || placeholder == NULL)
    return operand == NULL && placeholder == NULL;

  return ddb_value_equal (operand, ddb_value_lookup (values, placeholder));
}

static void
test_key_conditions (void)
{
  static const DdbKeyAttributes string_key = { "pk", DDB_KIND_S, "sk", DDB_KIND_S };
  static const DdbKeyAttributes number_key = { "pk", DDB_KIND_N, "sk", DDB_KIND_N };
  static const char * const strings[] = {
    "{'S': 'a'}", "{'S': 'ab'}", "{'S': 'abc'}", "{'S': 'b'}", "{'N': '1'}", NULL,
  };
  static const char * const numbers[] = {
    "{'N': '-1'}", "{'N': '2'}", "{'N': '10'}", "{'N': '10.5'}", "{'S': '2'}", NULL,
  };
  static const char string_values[] = "{':p': {'S': 'x'}, ':s': {'S': 'ab'}}";
  static const struct
  {
    const char             *text;
    const DdbKeyAttributes *key;
    const char             *values;
    DdbSortCondition        sort;
    const char             *first;      /* the placeholder of each sort operand, or NULL */
    const char             *second;
    const char * const     *sort_keys;
    const char             *expected;   /* per sort key, '1' if it matches */
  } cases[] = {
    { "pk = :p", &string_key, "{':p': {'S': 'x'}, ':s': {'S': 'y'}}", DDB_SORT_CONDITION_NONE,
      NULL, NULL, strings, "11111" },
    { "#k >= :s AND pk = :p", &string_key, string_values, DDB_SORT_CONDITION_GE, ":s", NULL,
      strings, "01110" },
    /* Written value first, the operator turns around: ":s > sk" is "sk < :s". */
    { "pk = :p AND :s > sk", &string_key, string_values, DDB_SORT_CONDITION_LT, ":s", NULL,
      strings, "10000" },
    { "pk = :p AND begins_with(sk, :s)", &string_key, string_values,
      DDB_SORT_CONDITION_BEGINS_WITH, ":s", NULL, strings, "01100" },
    { "pk = :p AND sk = :s", &string_key, string_values, DDB_SORT_CONDITION_EQ, ":s", NULL,
      strings, "01000" },
    { "pk = :p AND sk BETWEEN :lo AND :hi", &number_key,
      "{':p': {'N': '1'}, ':lo': {'N': '2'}, ':hi': {'N': '10'}}", DDB_SORT_CONDITION_BETWEEN,
      ":lo", ":hi", numbers, "01100" },
    { "sk < :s AND pk = :p", &number_key, "{':p': {'N': '1'}, ':s': {'N': '10'}}",
      DDB_SORT_CONDITION_LT, ":s", NULL, numbers, "11000" },
    { "sk <= :s AND pk = :p", &number_key, "{':p': {'N': '1'}, ':s': {'N': '10'}}",
      DDB_SORT_CONDITION_LE, ":s", NULL, numbers, "11100" },
    { "sk > :s AND pk = :p", &number_key, "{':p': {'N': '1'}, ':s': {'N': '2'}}",
      DDB_SORT_CONDITION_GT, ":s", NULL, numbers, "00110" },
  };

  g_test_summary ("Key conditions expose the partition value and match sort keys");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DdbValue) values = values_from_json (cases[i].values);
      g_autoptr(DdbKeyCondition) condition = key_condition_new (cases[i].text, cases[i].key,
                                                                cases[i].values);
      DdbValue *first = NULL, *second = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_true (ddb_value_equal (ddb_key_condition_get_partition (condition),
                                      ddb_value_lookup (values, ":p")));
      g_assert_cmpint (ddb_key_condition_get_sort (condition, &first, &second), ==,
                       cases[i].sort);
      g_assert_true (operand_is (first, values, cases[i].first));
      g_assert_true (operand_is (second, values, cases[i].second));
      assert_sort_matches (condition, cases[i].sort_keys, cases[i].expected);
      /* A missing sort key satisfies no sort condition. */
      g_assert_cmpint (ddb_key_condition_match_sort (condition, NULL), ==,
                       cases[i].sort == DDB_SORT_CONDITION_NONE);
    }

  g_assert_true (ddb_key_condition_match_sort (NULL, NULL));
}

/* ---------------------------------------------------------------------------------------
 * Projections
 * ------------------------------------------------------------------------------------- */

static void
assert_projection (const char *text,
                   const char *names,
                   const char *item_json,
                   const char *expected_json)
{
  g_autoptr(DdbExpressionContext) context = context_new (names, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbProjection) projection = ddb_projection_parse (text, context, &error);
  g_autoptr(DdbValue) item = item_new (item_json);
  g_autoptr(DdbValue) projected = NULL;
  g_autoptr(DdbValue) expected = item_new (expected_json);
  g_autofree char *printed = NULL;

  g_assert_no_error (error);
  projected = ddb_projection_apply (projection, item);
  printed = ddb_item_to_json_text (projected);
  g_test_message ("%s -> %s", text, printed);
  g_assert_true (ddb_value_equal (projected, expected));
}

static void
test_projections (void)
{
  static const char *item =
    "{'a': {'M': {'b': {'N': '1'}, 'c': {'N': '2'}}},"
    " 'l': {'L': [{'S': 'x'}, {'S': 'y'}, {'S': 'z'}]},"
    " 'd': {'L': [{'M': {'e': {'N': '1'}, 'f': {'N': '2'}}}, {'N': '3'}]},"
    " 's': {'SS': ['p', 'q']}, 'e': {'M': {}}, 'alt': {'S': 'o'}}";

  g_test_summary ("Projections keep nesting, order list elements by index, skip what is missing");

  assert_projection ("a.b", NULL, item, "{'a': {'M': {'b': {'N': '1'}}}}");
  assert_projection ("a.c, l[2], l[0], #o", "{'#o': 'alt'}", item,
                     "{'a': {'M': {'c': {'N': '2'}}},"
                     " 'l': {'L': [{'S': 'x'}, {'S': 'z'}]}, 'alt': {'S': 'o'}}");
  assert_projection ("l[1]", NULL, item, "{'l': {'L': [{'S': 'y'}]}}");
  assert_projection ("d[0].f, d[1]", NULL, item,
                     "{'d': {'L': [{'M': {'f': {'N': '2'}}}, {'N': '3'}]}}");
  assert_projection ("a.b, a.c", NULL, item,
                     "{'a': {'M': {'b': {'N': '1'}, 'c': {'N': '2'}}}}");
  assert_projection ("s, e", NULL, item, "{'s': {'SS': ['p', 'q']}, 'e': {'M': {}}}");
  /* Missing paths, paths through the wrong type and past the end are skipped. */
  assert_projection ("a.x, l[7], alt.x, nothing, s[0]", NULL, item, "{}");
  assert_projection ("alt[0], e.f", NULL, item, "{}");
  assert_projection ("a.x, a.b", NULL, item, "{'a': {'M': {'b': {'N': '1'}}}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/engine/expression/eval/compare-numbers", test_compare_numbers);
  g_test_add_func ("/ddb/engine/expression/eval/compare-strings-and-binaries",
                   test_compare_strings_and_binaries);
  g_test_add_func ("/ddb/engine/expression/eval/compare-types-and-missing",
                   test_compare_types_and_missing);
  g_test_add_func ("/ddb/engine/expression/eval/compare-documents", test_compare_documents);
  g_test_add_func ("/ddb/engine/expression/eval/between-and-in", test_between_and_in);
  g_test_add_func ("/ddb/engine/expression/eval/exists-and-type", test_functions_exists_and_type);
  g_test_add_func ("/ddb/engine/expression/eval/begins-with", test_functions_begins_with);
  g_test_add_func ("/ddb/engine/expression/eval/contains", test_functions_contains);
  g_test_add_func ("/ddb/engine/expression/eval/size", test_functions_size);
  g_test_add_func ("/ddb/engine/expression/eval/precedence", test_precedence);
  g_test_add_func ("/ddb/engine/expression/eval/key-conditions", test_key_conditions);
  g_test_add_func ("/ddb/engine/expression/eval/projections", test_projections);

  return g_test_run ();
}
