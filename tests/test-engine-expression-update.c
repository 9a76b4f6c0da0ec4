/* test-engine-expression-update.c
 *
 * Applying update expressions: every action, operands evaluated against the original
 * item, list element replacement, appending and removal with index shifting, set ADD and
 * DELETE, exact decimal arithmetic and its overflow, the errors for missing attributes,
 * invalid document paths and wrong operand types, overlapping and conflicting targets,
 * operands of the wrong type refused at parse time, and refused updates of key
 * attributes.  The scenarios marked "dynalite" replay dynalite's test/updateItem.js,
 * whose expected results were recorded against the live service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-value-json.h"
#include "expression-fixture.h"

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

static DdbUpdate *
update_new (const char *text,
            const char *names,
            const char *values)
{
  g_autoptr(DdbExpressionContext) context = context_new (names, values);
  g_autoptr(GError) error = NULL;
  DdbUpdate *update = ddb_update_parse (text, context, &error);

  g_test_message ("%s", text);
  g_assert_no_error (error);
  g_assert_nonnull (update);

  return update;
}

/* Applies @text to @item and checks the result against @expected (DynamoDB JSON). */
static void
assert_update (const char *text,
               const char *names,
               const char *values,
               const char *item,
               const char *expected)
{
  g_autoptr(DdbUpdate) update = update_new (text, names, values);
  g_autoptr(DdbValue) before = item_new (item);
  g_autoptr(DdbValue) after = NULL;
  g_autoptr(DdbValue) wanted = item_new (expected);
  g_autoptr(DdbValue) unchanged = item_new (item);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  after = ddb_update_apply (update, before, &error);
  g_assert_no_error (error);
  printed = ddb_item_to_json_text (after);
  g_test_message ("-> %s", printed);
  g_assert_true (ddb_value_equal (after, wanted));
  /* The original item is a value: applying never changes it. */
  g_assert_true (ddb_value_equal (before, unchanged));
}

/* Applies @text to @item and checks that it fails with @message. */
static void
assert_update_fails (const char *text,
                     const char *names,
                     const char *values,
                     const char *item,
                     const char *message)
{
  g_autoptr(DdbUpdate) update = update_new (text, names, values);
  g_autoptr(DdbValue) before = item_new (item);
  g_autoptr(DdbValue) after = NULL;
  g_autoptr(GError) error = NULL;

  after = ddb_update_apply (update, before, &error);
  g_assert_null (after);
  g_assert_error (error, DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, message);
}

#define KEY_ONLY "{'a': {'S': 'k'}}"
#define MISSING "The provided expression refers to an attribute that does not exist in the item"
#define INVALID_PATH "The document path provided in the update expression is invalid for update"
#define WRONG_TYPE "An operand in the update expression has an incorrect data type"

/* ---------------------------------------------------------------------------------------
 * SET
 * ------------------------------------------------------------------------------------- */

static void
test_set (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}}},"
    " 'l': {'L': [{'S': 'p'}, {'S': 'q'}]}}";

  assert_update ("SET b = :v", NULL, "{':v': {'S': 'new'}}", KEY_ONLY,
                 "{'a': {'S': 'k'}, 'b': {'S': 'new'}}");
  assert_update ("set m = :v", NULL, "{':v': {'BOOL': true}}", item,
                 "{'a': {'S': 'k'}, 'm': {'BOOL': true},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}]}}");
  assert_update ("SET m.y = :v, #m.#x = :w", "{'#m': 'm', '#x': 'x'}",
                 "{':v': {'S': 'y'}, ':w': {'N': '2'}}", item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '2'}, 'y': {'S': 'y'}}},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}]}}");
  assert_update ("SET l[0] = :v", NULL, "{':v': {'S': 'r'}}", item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}}},"
                 " 'l': {'L': [{'S': 'r'}, {'S': 'q'}]}}");
  /* An index past the end appends, however far past. */
  assert_update ("SET l[99] = :v", NULL, "{':v': {'S': 'r'}}", item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}}},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}, {'S': 'r'}]}}");
  /* Copies of other attributes, whole documents included. */
  assert_update ("SET c = m, d = l[1], e = m.x", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}}},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}]},"
                 " 'c': {'M': {'x': {'N': '1'}}}, 'd': {'S': 'q'}, 'e': {'N': '1'}}");
}

static void
test_set_sees_original_item (void)
{
  static const char *item = "{'a': {'S': 'k'}, 'x': {'N': '1'}, 'y': {'N': '2'}}";

  g_test_summary ("Every operand is evaluated against the item as it was before the update");

  assert_update ("SET x = y, y = x", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'x': {'N': '2'}, 'y': {'N': '1'}}");
  assert_update ("SET x = x + :one, y = x", NULL, "{':one': {'N': '1'}}", item,
                 "{'a': {'S': 'k'}, 'x': {'N': '2'}, 'y': {'N': '1'}}");
  assert_update ("REMOVE x SET y = x", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'y': {'N': '1'}}");
  assert_update ("SET z = if_not_exists(x, :zero) ADD x :one", NULL,
                 "{':one': {'N': '1'}, ':zero': {'N': '0'}}", item,
                 "{'a': {'S': 'k'}, 'x': {'N': '2'}, 'y': {'N': '2'}, 'z': {'N': '1'}}");
}

static void
test_set_functions (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'l': {'L': [{'N': '1'}]}, 'n': {'N': '5'}, 's': {'S': 'x'}}";
  static const char *values =
    "{':l': {'L': [{'N': '2'}, {'N': '3'}]}, ':z': {'N': '0'}, ':e': {'L': []}}";

  assert_update ("SET l = list_append(l, :l)", NULL, values, item,
                 "{'a': {'S': 'k'}, 'l': {'L': [{'N': '1'}, {'N': '2'}, {'N': '3'}]},"
                 " 'n': {'N': '5'}, 's': {'S': 'x'}}");
  assert_update ("SET l = list_append(:l, l)", NULL, values, item,
                 "{'a': {'S': 'k'}, 'l': {'L': [{'N': '2'}, {'N': '3'}, {'N': '1'}]},"
                 " 'n': {'N': '5'}, 's': {'S': 'x'}}");
  assert_update ("SET m = list_append(if_not_exists(m, :e), :l)", NULL, values, item,
                 "{'a': {'S': 'k'}, 'l': {'L': [{'N': '1'}]}, 'n': {'N': '5'},"
                 " 's': {'S': 'x'}, 'm': {'L': [{'N': '2'}, {'N': '3'}]}}");
  assert_update ("SET n = if_not_exists(n, :z), c = if_not_exists(c, :z) + n", NULL, values, item,
                 "{'a': {'S': 'k'}, 'l': {'L': [{'N': '1'}]}, 'n': {'N': '5'},"
                 " 's': {'S': 'x'}, 'c': {'N': '5'}}");
  assert_update_fails ("SET l = list_append(l, s)", NULL, NULL, item, WRONG_TYPE);
  assert_update_fails ("SET l = list_append(nothing, l)", NULL, NULL, item, MISSING);
  assert_update_fails ("SET x = s + n", NULL, NULL, item, WRONG_TYPE);
  assert_update_fails ("SET x = nothing - n", NULL, NULL, item, MISSING);
  assert_update_fails ("SET x = if_not_exists(nothing, nada)", NULL, NULL, item, MISSING);
}

static void
test_arithmetic (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'n': {'N': '0.1'},"
    " 'big': {'N': '9.9999999999999999999999999999999999999E+125'},"
    " 'small': {'N': '-9.9999999999999999999999999999999999999E+125'}}";

  g_test_summary ("+ and - are exact decimals; overflow and precision loss are errors");

  assert_update ("SET r = n + :v, s = n - :v", NULL, "{':v': {'N': '0.2'}}", item,
                 "{'a': {'S': 'k'}, 'n': {'N': '0.1'},"
                 " 'big': {'N': '9.9999999999999999999999999999999999999E+125'},"
                 " 'small': {'N': '-9.9999999999999999999999999999999999999E+125'},"
                 " 'r': {'N': '0.3'}, 's': {'N': '-0.1'}}");
  assert_update_fails ("SET r = big + :v", NULL, "{':v': {'N': '1E+125'}}", item,
                       "Number overflow. Attempting to store a number with magnitude larger than "
                       "supported range");
  assert_update_fails ("SET r = small - :v", NULL, "{':v': {'N': '1E+125'}}", item,
                       "Number overflow. Attempting to store a number with magnitude larger than "
                       "supported range");
  assert_update_fails ("ADD big :v", NULL, "{':v': {'N': '1E+125'}}", item,
                       "Number overflow. Attempting to store a number with magnitude larger than "
                       "supported range");
  assert_update_fails ("SET r = :a + :b", NULL,
                       "{':a': {'N': '1E+20'}, ':b': {'N': '1E-20'}}", item,
                       "Attempting to store more than 38 significant digits in a Number");
}

/* ---------------------------------------------------------------------------------------
 * REMOVE
 * ------------------------------------------------------------------------------------- */

static void
test_remove (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}, 'y': {'N': '2'}}},"
    " 'l': {'L': [{'S': 'p'}, {'S': 'q'}, {'S': 'r'}, {'S': 's'}]}}";

  g_test_summary ("REMOVE drops attributes, map entries and list elements, shifting the rest");

  assert_update ("REMOVE m, nothing", NULL, NULL, item,
                 "{'a': {'S': 'k'},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}, {'S': 'r'}, {'S': 's'}]}}");
  assert_update ("REMOVE m.x, m.z", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'y': {'N': '2'}}},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 'q'}, {'S': 'r'}, {'S': 's'}]}}");
  /* Indexes refer to the list before the update: the second and third elements go. */
  assert_update ("REMOVE l[1], l[2]", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}, 'y': {'N': '2'}}},"
                 " 'l': {'L': [{'S': 'p'}, {'S': 's'}]}}");
  assert_update ("REMOVE l[2], l[0], l[9]", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}, 'y': {'N': '2'}}},"
                 " 'l': {'L': [{'S': 'q'}, {'S': 's'}]}}");
  assert_update ("SET l[1] = :v REMOVE l[0]", NULL, "{':v': {'S': 'x'}}", item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}, 'y': {'N': '2'}}},"
                 " 'l': {'L': [{'S': 'x'}, {'S': 'r'}, {'S': 's'}]}}");
  assert_update ("REMOVE l[0], l[1], l[2], l[3]", NULL, NULL, item,
                 "{'a': {'S': 'k'}, 'm': {'M': {'x': {'N': '1'}, 'y': {'N': '2'}}},"
                 " 'l': {'L': []}}");
  assert_update_fails ("REMOVE nothing.x", NULL, NULL, item, INVALID_PATH);
  assert_update_fails ("REMOVE a.x", NULL, NULL, item, INVALID_PATH);
  assert_update_fails ("REMOVE m[0]", NULL, NULL, item, INVALID_PATH);
  assert_update_fails ("REMOVE l.x", NULL, NULL, item, INVALID_PATH);
}

/* ---------------------------------------------------------------------------------------
 * ADD and DELETE
 * ------------------------------------------------------------------------------------- */

static void
test_add (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'n': {'N': '1'}, 'ss': {'SS': ['a', 'b']},"
    " 'ns': {'NS': ['1', '2']}, 'bs': {'BS': ['AQI=', 'Ag==']},"
    " 'l': {'L': [{'N': '10'}]}}";
  static const char *values =
    "{':n': {'N': '3'}, ':ss': {'SS': ['b', 'c', 'd']}, ':ns': {'NS': ['2.0', '3', '4']},"
    " ':bs': {'BS': ['Ag==', 'AQ==']}}";

  g_test_summary ("ADD adds numbers and unions sets, creating missing attributes");

  assert_update ("ADD n :n, ss :ss, ns :ns, bs :bs", NULL, values, item,
                 "{'a': {'S': 'k'}, 'n': {'N': '4'}, 'ss': {'SS': ['a', 'b', 'c', 'd']},"
                 " 'ns': {'NS': ['1', '2', '3', '4']}, 'bs': {'BS': ['AQ==', 'AQI=', 'Ag==']},"
                 " 'l': {'L': [{'N': '10'}]}}");
  assert_update ("ADD n2 :n, ss2 :ss", NULL, values, KEY_ONLY,
                 "{'a': {'S': 'k'}, 'n2': {'N': '3'}, 'ss2': {'SS': ['b', 'c', 'd']}}");
  assert_update ("ADD l[0] :n, l[5] :n", NULL, values, item,
                 "{'a': {'S': 'k'}, 'n': {'N': '1'}, 'ss': {'SS': ['a', 'b']},"
                 " 'ns': {'NS': ['1', '2']}, 'bs': {'BS': ['AQI=', 'Ag==']},"
                 " 'l': {'L': [{'N': '13'}, {'N': '3'}]}}");
  assert_update_fails ("ADD ss :ns", NULL, values, item, WRONG_TYPE);
  assert_update_fails ("ADD ns :n", NULL, values, item, WRONG_TYPE);
  assert_update_fails ("ADD a :n", NULL, values, item, WRONG_TYPE);
  assert_update_fails ("ADD l :ss", NULL, values, item, WRONG_TYPE);
  assert_update_fails ("ADD nothing.x :n", NULL, values, item, INVALID_PATH);
}

static void
test_delete (void)
{
  static const char *item =
    "{'a': {'S': 'k'}, 'ns': {'NS': ['1', '2', '3']}, 'ss': {'SS': ['x']},"
    " 'c': {'S': 'a'}}";

  g_test_summary ("DELETE takes a set difference; an emptied set disappears");

  assert_update ("DELETE ns :d", NULL, "{':d': {'NS': ['1', '4']}}", item,
                 "{'a': {'S': 'k'}, 'ns': {'NS': ['2', '3']}, 'ss': {'SS': ['x']},"
                 " 'c': {'S': 'a'}}");
  assert_update ("DELETE ns :d, ss :x", NULL,
                 "{':d': {'NS': ['1', '2.00', '3']}, ':x': {'SS': ['x', 'y']}}", item,
                 "{'a': {'S': 'k'}, 'c': {'S': 'a'}}");
  assert_update ("DELETE nothing :x", NULL, "{':x': {'SS': ['x']}}", item, item);
  assert_update_fails ("DELETE ns :x", NULL, "{':x': {'SS': ['x']}}", item, WRONG_TYPE);
  assert_update_fails ("DELETE c :x", NULL, "{':x': {'SS': ['a']}}", item, WRONG_TYPE);
}

/* ---------------------------------------------------------------------------------------
 * dynalite's scenarios
 * ------------------------------------------------------------------------------------- */

static void
test_dynalite_nested (void)
{
  g_test_summary ("dynalite 'should update nested attributes': list appends in index order");

  assert_update ("set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c "
                 "add c[8] :b, c[6] :a",
                 NULL, "{':a': {'N': '2'}, ':b': {'SS': ['a']}}",
                 "{'a': {'S': 'k'},"
                 " 'b': {'M': {'a': {'N': '1'}, 'b': {'N': '2'}, 'c': {'N': '3'}}},"
                 " 'c': {'L': [{'N': '1'}, {'N': '3'}]}}",
                 "{'a': {'S': 'k'},"
                 " 'b': {'M': {'a': {'S': 'k'}, 'b': {'N': '2'}, 'c': {'N': '4'}}},"
                 " 'c': {'L': [{'N': '1'}, {'S': 'k'}, {'N': '3'}, {'N': '-1'},"
                 " {'N': '2'}, {'SS': ['a']}]}}");
}

static void
test_dynalite_nothing_exists (void)
{
  g_test_summary ("dynalite 'should just add valid ADD actions if nothing exists'");

  assert_update ("REMOVE b DELETE c :c ADD d :d, e :e SET f = :f", NULL,
                 "{':c': {'SS': ['a', 'b']}, ':d': {'N': '5'}, ':e': {'SS': ['a', 'b']},"
                 " ':f': {'L': [{'S': 'a'}, {'N': '1'}]}}",
                 KEY_ONLY,
                 "{'a': {'S': 'k'}, 'd': {'N': '5'}, 'e': {'SS': ['a', 'b']},"
                 " 'f': {'L': [{'S': 'a'}, {'N': '1'}]}}");
}

static void
test_dynalite_errors (void)
{
  static const char * const invalid_paths[] = {
    "set b.a = :a, #1 = :a", "set b[1] = :a, #1 = :a", "set y.a = :a, #1 = :a",
    "set y[1] = :a, #1 = :a", "set c[1] = :a, #1 = :a", "set d.#1 = :a",
    "remove b.a set #1 = :a", "remove b[1] set #1 = :a", "remove y.a set #1 = :a",
    "remove y[1] set #1 = :a", "remove c[1] set #1 = :a", "remove d.#1 set #1 = :a",
    "delete b.a :a set #1 = :a", "delete b[1] :a set #1 = :a", "delete y.a :a set #1 = :a",
    "delete y[1] :a set #1 = :a", "delete c[1] :a set #1 = :a", "delete d.#1 :a",
    "add b.a :a set #1 = :a", "add b[1] :a set #1 = :a", "add y.a :a set #1 = :a",
    "add y[1] :a set #1 = :a", "add c[1] :a set #1 = :a", "add d.#1 :a",
  };
  static const struct
  {
    const char *text;
    const char *value;
  } wrong_types[] = {
    { "delete d :a", "{'SS': ['1']}" },
    { "delete b :a", "{'NS': ['1']}" },
    { "delete b.a :a", "{'NS': ['1']}" },
    { "delete b.a :a", "{'BS': ['YQ==']}" },
    { "delete c :a", "{'NS': ['1']}" },
    { "add b :a", "{'NS': ['1']}" },
    { "add d :a", "{'N': '1'}" },
    { "set e = a + :a", "{'N': '1'}" },
    { "set e = b - :a", "{'N': '1'}" },
    { "set e = list_append(d, if_not_exists(f, :a))", "{'L': []}" },
  };
  static const char *existing =
    "{'a': {'S': 'k'}, 'b': {'S': 'k'}, 'c': {'M': {'1': {'S': 'a'}}},"
    " 'd': {'L': [{'S': 'a'}, {'S': 'b'}]}}";
  static const char *typed =
    "{'a': {'S': 'k'}, 'b': {'M': {'a': {'SS': ['1']}}}, 'c': {'N': '1'},"
    " 'd': {'NS': ['1']}}";

  g_test_summary ("dynalite's invalid-path, missing-attribute and wrong-type scenarios");

  for (gsize i = 0; i < G_N_ELEMENTS (invalid_paths); i++)
    assert_update_fails (invalid_paths[i], "{'#1': '1'}", "{':a': {'SS': ['a']}}",
                         existing, INVALID_PATH);

  assert_update_fails ("set b.a = a", NULL, NULL, KEY_ONLY, INVALID_PATH);
  assert_update_fails ("set b[1] = a", NULL, NULL, KEY_ONLY, INVALID_PATH);
  assert_update_fails ("set c = b", NULL, NULL, KEY_ONLY, MISSING);
  assert_update_fails ("set e = list_append(b, c)", NULL, NULL, KEY_ONLY, MISSING);

  for (gsize i = 0; i < G_N_ELEMENTS (wrong_types); i++)
    {
      g_autofree char *values = g_strdup_printf ("{':a': %s}", wrong_types[i].value);

      assert_update_fails (wrong_types[i].text, NULL, values, typed, WRONG_TYPE);
    }
}

/* ---------------------------------------------------------------------------------------
 * Errors found when parsing
 * ------------------------------------------------------------------------------------- */

#define UPDATE_NAMES "{'#a': 'a', '#b': 'b'}"

static void
test_update_overlaps (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)",
      UPDATE OVERLAP "[c, [1], a], path two: [c]" },
    { "set c.b.#c = a, c = a, #d = a", UPDATE OVERLAP "[c, b, c], path two: [c]" },
    { "set a = b remove a, #c, #d", UPDATE OVERLAP "[a], path two: [a]" },
    { "set #c[3].#d = a, #c[3] = a", UPDATE OVERLAP "[c, [3], [3]], path two: [c, [3]]" },
    { "remove c, #c.a, #d", UPDATE OVERLAP "[c], path two: [c, a]" },
    { "remove a, #c, a, #d", UPDATE OVERLAP "[a], path two: [a]" },
    { "set #c[3].#d = a, #c.#d[3] = if_not_exists(a)",
      UPDATE CONFLICT "[c, [3], [3]], path two: [c, [3], [3]]" },
    { "remove a.#c set a[1] = #d", UPDATE CONFLICT "[a, c], path two: [a, [1]]" },
    { "set a[1] = b, a[2] = c, a[10].x = d REMOVE a[0]", NULL },
  };

  g_test_summary ("Targets may neither overlap nor mix names and indexes under one path");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message =
        expression_error (DDB_EXPRESSION_UPDATE, NULL, cases[i].text,
                          cases[i].message == NULL ? NULL : "{'#c': 'c', '#d': '[3]'}", NULL);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

static void
test_update_operand_types (void)
{
  static const struct
  {
    const char *text;
    const char *value;
    const char *message;
  } add_delete[] = {
    { "set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", "{'S': 'a'}",
      "ADD, operand type: STRING" },
    { "delete a.b :a", "{'S': 'a'}", "DELETE, operand type: STRING" },
    { "add a.b :a", "{'NULL': true}", "ADD, operand type: NULL" },
    { "delete a.b :a", "{'NULL': true}", "DELETE, operand type: NULL" },
    { "add a.b :a", "{'BOOL': false}", "ADD, operand type: BOOLEAN" },
    { "delete a.b :a", "{'BOOL': false}", "DELETE, operand type: BOOLEAN" },
    { "add a.b :a", "{'B': 'YQ=='}", "ADD, operand type: BINARY" },
    { "delete a.b :a", "{'B': 'YQ=='}", "DELETE, operand type: BINARY" },
    { "add a.b :a", "{'M': {'a': {'L': [{'N': '1'}]}}}", "ADD, operand type: MAP" },
    { "delete a.b :a", "{'M': {'a': {'L': [{'N': '1'}]}}}", "DELETE, operand type: MAP" },
    { "add a.b :a", "{'L': [{'N': '1'}]}", "ADD, operand type: LIST" },
    { "delete a.b :a", "{'L': [{'N': '1'}]}", "DELETE, operand type: LIST" },
    { "delete a.b :a", "{'N': '1'}", "DELETE, operand type: NUMBER" },
  };
  static const struct
  {
    const char *text;
    const char *function;
    const char *type;
  } functions[] = {
    { "set a = list_append(:a, a)", "list_append", "S" },
    { "set a = list_append(a, :b)", "list_append", "N" },
    { "set a = list_append(:c, a)", "list_append", "B" },
    { "set a = list_append(:d, a)", "list_append", "BOOL" },
    { "set a = list_append(:e, a)", "list_append", "NULL" },
    { "set a = list_append(:f, a)", "list_append", "SS" },
    { "set a = list_append(:g, a)", "list_append", "NS" },
    { "set a = list_append(:h, a)", "list_append", "BS" },
    { "set a = list_append(:i, a)", "list_append", "M" },
    { "set a = a + :a", "+", "S" },
    { "set a = :a + :c", "+", "S" },
    { "set a = :c + a", "+", "B" },
    { "set a = a + :d", "+", "BOOL" },
    { "set a = a + :e", "+", "NULL" },
    { "set a = a + :f", "+", "SS" },
    { "set a = a + :g", "+", "NS" },
    { "set a = a + :h", "+", "BS" },
    { "set a = a + :i", "+", "M" },
    { "set a = a + :j", "+", "L" },
    { "set a = a - :a", "-", "S" },
    { "set a = :a - :c", "-", "S" },
    { "set a = :c - a", "-", "B" },
    { "set a = a - :d", "-", "BOOL" },
    { "set a = a - :e", "-", "NULL" },
    { "set a = a - :f", "-", "SS" },
    { "set a = a - :g", "-", "NS" },
    { "set a = a - :h", "-", "BS" },
    { "set a = a - :i", "-", "M" },
    { "set a = a - :j", "-", "L" },
  };
  static const char *all_values =
    "{':a': {'S': 'a'}, ':b': {'N': '1'}, ':c': {'B': 'YQ=='},"
    " ':d': {'BOOL': false}, ':e': {'NULL': true}, ':f': {'SS': ['a']},"
    " ':g': {'NS': ['1']}, ':h': {'BS': ['YQ==']}, ':i': {'M': {}},"
    " ':j': {'L': []}}";

  for (gsize i = 0; i < G_N_ELEMENTS (add_delete); i++)
    {
      g_autofree char *values =
        g_strdup_printf ("{':a': %s, ':b': {'S': 'a'}}", add_delete[i].value);
      g_autofree char *message = expression_error (DDB_EXPRESSION_UPDATE, NULL,
                                                   add_delete[i].text, NULL, values);
      g_autofree char *expected =
        g_strdup_printf (UPDATE "Incorrect operand type for operator or "
                         "function; operator: %s", add_delete[i].message);

      g_assert_cmpstr (message, ==, expected);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      g_autofree char *message = expression_error (DDB_EXPRESSION_UPDATE, NULL,
                                                   functions[i].text, UPDATE_NAMES, all_values);
      g_autofree char *expected =
        g_strdup_printf (UPDATE "Incorrect operand type for operator or "
                         "function; operator or function: %s, operand type: %s",
                         functions[i].function, functions[i].type);

      g_assert_cmpstr (message, ==, expected);
    }
}

/* ---------------------------------------------------------------------------------------
 * Keys and changed paths
 * ------------------------------------------------------------------------------------- */

static void
test_keys (void)
{
  static const char * const hash_updates[] = {
    "add a.b :n", "delete a :ns", "remove d set b = :n, a = :n", "delete b :ns remove a",
    "set a = a.b + a[1]",
  };
  static const char *values = "{':n': {'N': '1'}, ':ns': {'NS': ['1']}}";

  g_test_summary ("Updating a key attribute, or inside one, is refused");

  for (gsize i = 0; i < G_N_ELEMENTS (hash_updates); i++)
    {
      g_autoptr(DdbUpdate) update = update_new (hash_updates[i], NULL, values);
      g_autoptr(GError) error = NULL;

      g_assert_false (ddb_update_check_keys (update, "a", NULL, &error));
      g_assert_error (error, DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION);
      g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Cannot "
                                           "update attribute a. This attribute is part of the key");
    }

  {
    g_autoptr(DdbUpdate) update = update_new ("set d[1] = :n add b.b :n", NULL, values);
    g_autoptr(GError) error = NULL;

    g_assert_true (ddb_update_check_keys (update, "a", NULL, &error));
    g_assert_no_error (error);
    g_assert_false (ddb_update_check_keys (update, "a", "b", &error));
    g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: Cannot "
                                         "update attribute b. This attribute is part of the key");
  }
}

static void
test_changes_path (void)
{
  g_autoptr(DdbUpdate) update =
    update_new ("SET x.y = :n, z = w REMOVE r[2] ADD s :n DELETE t :ns", NULL,
                "{':n': {'N': '1'}, ':ns': {'NS': ['1']}}");

  g_assert_true (ddb_update_changes_path (update, "x"));
  g_assert_true (ddb_update_changes_path (update, "z"));
  g_assert_true (ddb_update_changes_path (update, "r"));
  g_assert_true (ddb_update_changes_path (update, "s"));
  g_assert_true (ddb_update_changes_path (update, "t"));
  g_assert_false (ddb_update_changes_path (update, "w"));
  g_assert_false (ddb_update_changes_path (update, "y"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/engine/expression/update/set", test_set);
  g_test_add_func ("/ddb/engine/expression/update/set-sees-original-item",
                   test_set_sees_original_item);
  g_test_add_func ("/ddb/engine/expression/update/set-functions", test_set_functions);
  g_test_add_func ("/ddb/engine/expression/update/arithmetic", test_arithmetic);
  g_test_add_func ("/ddb/engine/expression/update/remove", test_remove);
  g_test_add_func ("/ddb/engine/expression/update/add", test_add);
  g_test_add_func ("/ddb/engine/expression/update/delete", test_delete);
  g_test_add_func ("/ddb/engine/expression/update/dynalite-nested", test_dynalite_nested);
  g_test_add_func ("/ddb/engine/expression/update/dynalite-nothing-exists",
                   test_dynalite_nothing_exists);
  g_test_add_func ("/ddb/engine/expression/update/dynalite-errors", test_dynalite_errors);
  g_test_add_func ("/ddb/engine/expression/update/overlaps", test_update_overlaps);
  g_test_add_func ("/ddb/engine/expression/update/operand-types", test_update_operand_types);
  g_test_add_func ("/ddb/engine/expression/update/keys", test_keys);
  g_test_add_func ("/ddb/engine/expression/update/changes-path", test_changes_path);

  return g_test_run ();
}
