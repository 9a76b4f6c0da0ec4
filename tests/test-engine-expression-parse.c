/* test-engine-expression-parse.c
 *
 * Parsing and validation of DynamoDB's expression languages: grammar and precedence,
 * placeholders, reserved words, limits, unused names and values, and the exact
 * ValidationException text for every kind of malformed input.  Most expected messages
 * are the ones dynalite's test suite recorded against the live service (test/scan.js,
 * test/query.js, test/updateItem.js); the syntax-error tokens follow DynamoDB's rule
 * ('token: "b", near: "a b"': the offending token with its two neighbours), derived by
 * hand for each input.  Overlapping update targets and update operand types are checked
 * in test-engine-expression-update.c.
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

/* The key of test tables: partition key "a" (S), sort key "b" (S), as in dynalite. */
static const DdbKeyAttributes range_key = { "a", DDB_KIND_S, "b", DDB_KIND_S };
static const DdbKeyAttributes hash_key = { "a", DDB_KIND_S, NULL, DDB_KIND_S };

/* The key attributes key conditions are parsed against; a test may swap them. */
static const DdbKeyAttributes *test_key = &range_key;

/* Parses @text as an expression of @kind, a key condition against test_key.  Returns:
 * (transfer full) (nullable): the error message, or NULL if the expression is valid. */
static char *
parse_message (DdbExpressionKind  kind,
               const char        *text,
               const char        *names,
               const char        *values)
{
  return expression_error (kind, test_key, text, names, values);
}

/* DynamoDB's messages come in parts; these keep the tables below readable (UPDATE, OVERLAP
 * and CONFLICT are in expression-fixture.h). */
#define FILTER "Invalid FilterExpression: "
#define CONDITION "Invalid ConditionExpression: "
#define KEY "Invalid KeyConditionExpression: "
#define PROJECTION "Invalid ProjectionExpression: "
#define SYNTAX "Syntax error; token: "
#define REDUNDANT "The expression has redundant parentheses;"
#define MISUSED "The function is not allowed to be used this way in an expression; function: "
#define RESERVED "Attribute name is a reserved keyword; reserved keyword: "
#define NO_NAME \
  "An expression attribute name used in the document path is not defined; attribute name: "
#define NO_VALUE \
  "An expression attribute value used in expression is not defined; attribute value: "
#define OPERANDS "Incorrect number of operands for operator or function; operator or function: "
#define OPERAND_TYPE "Incorrect operand type for operator or function; operator or function: "
#define DISTINCT \
  "The first operand must be distinct from the remaining operands for this operator or function; " \
  "operator: "
#define REQUIRES_PATH "Operator or function requires a document path; operator or function: "
#define KEY_OPERATOR "Invalid operator used in KeyConditionExpression: "
#define KEY_CONDITION "Invalid condition in KeyConditionExpression: "
#define BETWEEN_TYPES \
  "The BETWEEN operator requires same data type for lower and upper bounds; "
#define BETWEEN_ORDER \
  "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
#define BOUNDS "lower bound operand: AttributeValue: "
#define UPPER ", upper bound operand: AttributeValue: "
#define ONCE "section can only be used once in an update expression;"
#define PARAMETER_TYPE \
  "One or more parameter values were invalid: Condition parameter type does not match schema type"
#define NOT_SUPPORTED "Query key condition not supported"
#define MISSED "Query condition missed key schema element: "

typedef struct
{
  const char *text;
  const char *message;    /* NULL: valid */
  const char *names;      /* JSON object, or NULL */
  const char *values;     /* DynamoDB JSON item, or NULL */
} Case;

/* Checks the message of a parse against @expected: NULL for a valid expression, else the
 * message, or a prefix of it followed by "*" ("*" alone: any error). */
static void
assert_message (const char *message,
                const char *expected)
{
  if (expected == NULL)
    g_assert_cmpstr (message, ==, NULL);
  else if (g_str_has_suffix (expected, "*"))
    {
      g_autofree char *prefix = g_strndup (expected, strlen (expected) - 1);

      g_assert_nonnull (message);
      if (!g_str_has_prefix (message, prefix))
        g_assert_cmpstr (message, ==, expected);
    }
  else
    g_assert_cmpstr (message, ==, expected);
}

/* Checks each case. */
static void
check_cases (DdbExpressionKind  kind,
             const Case        *cases,
             gsize              n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *message = parse_message (kind, cases[i].text, cases[i].names,
                                                cases[i].values);

      g_test_message ("%s", cases[i].text);
      assert_message (message, cases[i].message);
    }
}

/* ---------------------------------------------------------------------------------------
 * Conditions and filters
 * ------------------------------------------------------------------------------------- */

static void
test_condition_valid (void)
{
  static const Case cases[] = {
    { "a = :v", NULL, NULL, "{':v': {'S': 'x'}}" },
    { "#n.b[2][0].c <> :v", NULL, "{'#n': 'name'}", "{':v': {'N': '1'}}" },
    { "a BETWEEN :v AND :v", NULL, NULL, "{':v': {'N': '1'}}" },
    { "a IN (:v, b, c.d)", NULL, NULL, "{':v': {'N': '1'}}" },
    { "NOT (a < :v OR b >= :v) AND attribute_exists(c)", NULL, NULL, "{':v': {'N': '1'}}" },
    { "not not a = :v", NULL, NULL, "{':v': {'N': '1'}}" },
    { "size(a) > :v and begins_with(b, :s) and contains(c, :s)", NULL, NULL,
      "{':v': {'N': '1'}, ':s': {'S': 'x'}}" },
    { "attribute_type(a, :t)", NULL, NULL, "{':t': {'S': 'SS'}}" },
    { "(a) = :v", NULL, NULL, "{':v': {'N': '1'}}" },
    { "(a.b).c = :v", NULL, NULL, "{':v': {'N': '1'}}" },
    { "((a) = :v)", NULL, NULL, "{':v': {'N': '1'}}" },
    { "((a=b) OR (a=c))", NULL, NULL, NULL },
    { "(a)between(b.c)and(c)", NULL, NULL, NULL },
    { "_under_score = :v", NULL, NULL, "{':v': {'N': '1'}}" },
    { " a\t=\n:v\r", NULL, NULL, "{':v': {'N': '1'}}" },
    { "a = :v AND b = :v OR c = :v AND NOT d = :v", NULL, NULL, "{':v': {'N': '1'}}" },
  };

  g_test_summary ("Valid conditions of every form parse");
  check_cases (DDB_EXPRESSION_CONDITION, cases, G_N_ELEMENTS (cases));
}

static void
test_condition_syntax_errors (void)
{
  static const Case cases[] = {
    { "things are not gonna be ok", FILTER SYNTAX "\"are\", near: \"things are not\"" },
    { "a > 4", FILTER SYNTAX "\"4\", near: \"> 4\"" },
    { "attribute_exists(Pictures-RearView)", FILTER SYNTAX "\"-\", near: \"Pictures-RearView\"" },
    { "attribute_exists(\"Pictures.RearView\")", FILTER SYNTAX "\"\"\", near: \"(\"Pictures\"" },
    { "attribute_exists(Pictures..RearView)", FILTER SYNTAX "\".\", near: \"..RearView\"" },
    { "attribute_exists(Pi#ctures.RearView)", FILTER SYNTAX "\"#ctures\", near: \"Pi#ctures.\"" },
    { "attribute_exists(asdf[a])", FILTER SYNTAX "\"a\", near: \"[a]\"" },
    { "a.:a < b.:b", FILTER SYNTAX "\":a\", near: \".:a <\"" },
    { "a in b, c", FILTER SYNTAX "\"b\", near: \"in b,\"" },
    { "a > between", FILTER SYNTAX "\"between\", near: \"> between\"" },
    { "a in b", FILTER SYNTAX "\"b\", near: \"in b\"" },
    { "a in (b,c,)", FILTER SYNTAX "\")\", near: \",)\"" },
    { "(a)between(b.(c.d))and(c)", FILTER SYNTAX "\"(\", near: \".(c\"" },
    { "(a)between(b.c.d)and((c)", FILTER SYNTAX "\"<EOF>\", near: \")\"" },
    { "#$.b > a", FILTER SYNTAX "\"$\", near: \"#$.\"" },
    { "a > :things.stuff", FILTER SYNTAX "\".\", near: \":things.stuff\"" },
    { "b[:a] > a", FILTER SYNTAX "\":a\", near: \"[:a]\"" },
    { "b[#_] > a", FILTER SYNTAX "\"#_\", near: \"[#_]\"" },
    { "\xc3\xbc > a", FILTER SYNTAX "\"\xc3\xbc\", near: \"\xc3\xbc >\"" },
    { "(a)between(b.c[4.5].#d)and(:a)", FILTER SYNTAX "\".\", near: \"4.5\"" },
    { "size(a).b > a", FILTER SYNTAX "\".\", near: \").b\"" },
    { "(size(a)).b > a", FILTER SYNTAX "\".\", near: \").b\"" },
    { "size(a)[0] > a", FILTER SYNTAX "\"[\", near: \")[0\"" },
    { "(size(a))[0] > a", FILTER SYNTAX "\"[\", near: \")[0\"" },
    /* The live service's own answers, as reported in issues. */
    { "#articleId attribute_not_exists :ckpst",
      FILTER SYNTAX "\"attribute_not_exists\", near: "
      "\"#articleId attribute_not_exists :ckpst\"" },
    { "attribute_type()", FILTER SYNTAX "\")\", near: \"()\"" },
    /* Condition groups are not operands, operands are not conditions. */
    { "(a = b) = c", FILTER SYNTAX "\"=\", near: \") = c\"" },
    { "a = (b = c)", FILTER SYNTAX "\"=\", near: \"b = c\"" },
    { "a", FILTER SYNTAX "\"<EOF>\", near: \"a\"" },
    { ":x AND :y", FILTER SYNTAX "\"AND\", near: \":x AND :y\"" },
    { "a = b AND", FILTER SYNTAX "\"<EOF>\", near: \"AND\"" },
    { "a == b", FILTER SYNTAX "\"=\", near: \"== b\"" },
    { "a.and = b", FILTER SYNTAX "\"and\", near: \".and =\"" },
    { "1a = b", FILTER SYNTAX "\"1\", near: \"1a\"" },
    { "   ", FILTER SYNTAX "\"<EOF>\", near: \"\"" },
  };

  check_cases (DDB_EXPRESSION_FILTER, cases, G_N_ELEMENTS (cases));
}

static void
test_condition_semantic_errors (void)
{
  static const Case cases[] = {
    /* Redundant parentheses outrank everything but syntax. */
    { "a=a and a > ((views))", FILTER REDUNDANT },
    { "(a)between(((b.c)).d)and(c)", FILTER REDUNDANT },
    { "a > whatever((:things), ((a)))", FILTER REDUNDANT },
    { "a=a AND ((a=a AND a=a)) AND a=a", FILTER REDUNDANT },
    { "a=a OR ((a=a OR a=a)) OR a=a", FILTER REDUNDANT },
    { "a=a AND ((a=a AND (a=a AND a=a)))", FILTER REDUNDANT },
    { "a=a OR ((a=a OR (a=a OR a=a)))", FILTER REDUNDANT },
    { "((attribute_exists(a)))", FILTER REDUNDANT },
    /* Unknown functions, then misused ones. */
    { "a=a and whatever((:things)) > a", FILTER "Invalid function name; function: whatever" },
    { "attRIbute_exIsts((views), #a)", FILTER "Invalid function name; function: attRIbute_exIsts" },
    { "if_not_exists(a, b) = c",
      FILTER "The function is not allowed in a condition expression; function: if_not_exists" },
    { "list_append(a, b) = c",
      FILTER "The function is not allowed in a condition expression; function: list_append" },
    { "a=a and attribute_exists((views), (#a)) > b", FILTER MISUSED "attribute_exists" },
    { "attribute_not_exists(things) > b", FILTER MISUSED "attribute_not_exists" },
    { "attribute_type(things, :a) > b", FILTER MISUSED "attribute_type" },
    { "begins_with(things, a) > b", FILTER MISUSED "begins_with" },
    { "contains(:things, c) > b", FILTER MISUSED "contains" },
    { "size(contains(a, b)) > a", FILTER MISUSED "contains" },
    { "size(things)", FILTER MISUSED "size" },
    { "a between b and attribute_exists(things)", FILTER MISUSED "attribute_exists" },
    { "a in (b, attribute_exists(things))", FILTER MISUSED "attribute_exists" },
    /* Reserved words, in any case. */
    { "attribute_exists(views, #a)", FILTER RESERVED "views" },
    { ":a < abOrT", FILTER RESERVED "abOrT" },
    { "#a.Size = :v", FILTER RESERVED "Size", "{'#a': 'a'}", "{':v': {'N': '1'}}" },
    { "zone = a", FILTER RESERVED "zone" },
    { "abort1 = #s", NULL, "{'#s': 'size'}" },
    /* Undefined placeholders, judged per leaf condition. */
    { "attribute_exists(#Pictures.RearView, :a) and a=a", FILTER NO_NAME "#Pictures" },
    { "begins_with(Pictures.#RearView)", FILTER NO_NAME "#RearView" },
    { "(#P between :lo and :hi) and (#PC in (:cat1, :cat2))", FILTER NO_NAME "#P" },
    { "#4g > a", FILTER NO_NAME "#4g" },
    { "#_ > a", FILTER NO_NAME "#_" },
    { "(a)between(b.c[45].#d)and(:a)", FILTER NO_NAME "#d" },
    { "begins_with(:hello, #a, #b)", FILTER NO_VALUE ":hello" },
    { ":a < :b", FILTER NO_VALUE ":a" },
    { ":_ > a", FILTER NO_VALUE ":_" },
    /* Operand counts. */
    { "attribute_exists(things, a) and a=a",
      FILTER OPERANDS "attribute_exists, number of operands: 2" },
    { "attribute_not_exists(things, b)",
      FILTER OPERANDS "attribute_not_exists, number of operands: 2" },
    { "attribute_type(things)", FILTER OPERANDS "attribute_type, number of operands: 1" },
    { "begins_with(things)", FILTER OPERANDS "begins_with, number of operands: 1" },
    { "begins_with(things, size(a), b)", FILTER OPERANDS "begins_with, number of operands: 3" },
    { "contains(things)", FILTER OPERANDS "contains, number of operands: 1" },
    { "size(things, a) > b", FILTER OPERANDS "size, number of operands: 2" },
    /* Document paths where a function needs one. */
    { "attribute_exists(:a) and a=a",
      FILTER REQUIRES_PATH "attribute_exists",
      NULL, "{':a': {'S': '1'}}" },
    { "attribute_not_exists(size(:a))",
      FILTER REQUIRES_PATH "attribute_not_exists",
      NULL, "{':a': {'S': '1'}}" },
    /* Repeated operands. */
    { "a = a AND #a = b AND :views > a", FILTER DISTINCT "=, first operand: [a]", "{'#a': 'a'}" },
    { "#a <> a", FILTER DISTINCT "<>, first operand: [a]", "{'#a': 'a'}" },
    { "a > #a", FILTER DISTINCT ">, first operand: [a]", "{'#a': 'a'}" },
    { "((a=a) OR (a=a))", FILTER DISTINCT "=, first operand: [a]" },
    { "contains(ab.bc[1].a, ab.bc[1].#a)",
      FILTER DISTINCT "contains, first operand: [ab, bc, [1], a]",
      "{'#a': 'a'}" },
    { "attribute_type(ab.bc[1].#a, ab.bc[1].a)",
      FILTER DISTINCT "attribute_type, first operand: [ab, bc, [1], a]",
      "{'#a': 'a'}" },
    { "begins_with(ab.bc[1].a, ab.bc[1].#a)",
      FILTER DISTINCT "begins_with, first operand: [ab, bc, [1], a]",
      "{'#a': 'a'}" },
    { ":a > :a", NULL, NULL, "{':a': {'N': '1'}}" },
  };

  check_cases (DDB_EXPRESSION_FILTER, cases, G_N_ELEMENTS (cases));
}

static void
test_condition_operand_types (void)
{
  static const struct
  {
    const char *text;
    const char *function;
    const char *value;
  } cases[] = {
    { "attribute_type(a, size(a)) and a=a and a=:a", "attribute_type", "{'N': '1'}" },
    { "attribute_type(a, :a)", "attribute_type", "{'N': '1'}" },
    { "attribute_type(a, :a)", "attribute_type", "{'B': 'YQ=='}" },
    { "attribute_type(a, :a)", "attribute_type", "{'BOOL': true}" },
    { "attribute_type(a, :a)", "attribute_type", "{'NULL': true}" },
    { "attribute_type(a, :a)", "attribute_type", "{'L': []}" },
    { "attribute_type(a, :a)", "attribute_type", "{'M': {}}" },
    { "attribute_type(a, :a)", "attribute_type", "{'SS': ['1']}" },
    { "attribute_type(a, :a)", "attribute_type", "{'NS': ['1']}" },
    { "attribute_type(a, :a)", "attribute_type", "{'BS': ['YQ==']}" },
    { "begins_with(a, size(a)) and a=:a", "begins_with", "{'N': '1'}" },
    { "begins_with(a, :a)", "begins_with", "{'N': '1'}" },
    { "begins_with(a, :a)", "begins_with", "{'BOOL': true}" },
    { "begins_with(a, :a)", "begins_with", "{'NULL': true}" },
    { "begins_with(a, :a)", "begins_with", "{'L': []}" },
    { "begins_with(a, :a)", "begins_with", "{'M': {}}" },
    { "begins_with(a, :a)", "begins_with", "{'SS': ['1']}" },
    { "begins_with(a, :a)", "begins_with", "{'NS': ['1']}" },
    { "begins_with(a, :a)", "begins_with", "{'BS': ['YQ==']}" },
    { "begins_with(:a, a)", "begins_with", "{'N': '1'}" },
    { "begins_with(:a, a)", "begins_with", "{'BOOL': true}" },
    { "begins_with(:a, a)", "begins_with", "{'NULL': true}" },
    { "begins_with(:a, a)", "begins_with", "{'L': []}" },
    { "begins_with(:a, a)", "begins_with", "{'M': {}}" },
    { "begins_with(:a, a)", "begins_with", "{'SS': ['1']}" },
    { "begins_with(:a, a)", "begins_with", "{'NS': ['1']}" },
    { "begins_with(:a, a)", "begins_with", "{'BS': ['YQ==']}" },
    { "size(size(a)) > :a", "size", "{'N': '1'}" },
    { "attribute_not_exists(size(:a))", "size", "{'N': '1'}" },
    { "size(:a) > a", "size", "{'BOOL': true}" },
    { "size(:a) > a", "size", "{'NULL': true}" },
  };

  g_test_summary ("begins_with, attribute_type and size refuse operands of the wrong type");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *values = g_strdup_printf ("{':a': %s}", cases[i].value);
      g_autofree char *message = parse_message (DDB_EXPRESSION_FILTER, cases[i].text, NULL, values);
      g_autoptr(DdbValue) value = values_from_json (values);
      g_autofree char *expected =
        g_strdup_printf (FILTER "Incorrect operand type for operator or "
                         "function; operator or function: %s, operand type: %s", cases[i].function,
                         ddb_kind_to_string (ddb_value_get_kind (ddb_value_lookup (value, ":a"))));

      g_assert_cmpstr (message, ==, expected);
    }
}

static void
test_condition_value_checks (void)
{
  static const Case cases[] = {
    { "attribute_type(a, :a)",
      FILTER "Invalid attribute type name found; type: 1, valid types: "
             "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
      NULL, "{':a': {'S': '1'}}" },
    { "attribute_type(a, b)",
      FILTER OPERAND_TYPE "attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}" },
    { "a between :b and :a",
      FILTER BETWEEN_TYPES BOUNDS "{N:1}" UPPER "{S:a}",
      NULL, "{':a': {'S': 'a'}, ':b': {'N': '1'}}" },
    { "a between :b and :a",
      FILTER BETWEEN_ORDER BOUNDS "{S:b}" UPPER "{S:a}",
      NULL, "{':a': {'S': 'a'}, ':b': {'S': 'b'}}" },
    { "a between :b and :a",
      FILTER BETWEEN_ORDER BOUNDS "{N:10}" UPPER "{N:9.5}",
      NULL, "{':a': {'N': '9.5'}, ':b': {'N': '1E1'}}" },
    { "a between :a and :a", NULL, NULL, "{':a': {'N': '1'}}" },
    /* Ordering a value with no order is an error, not a false condition. */
    { "a < :l", FILTER OPERAND_TYPE "<, operand type: L", NULL, "{':l': {'L': [{'N': '1'}]}}" },
    { ":b >= a", FILTER OPERAND_TYPE ">=, operand type: BOOL", NULL, "{':b': {'BOOL': true}}" },
    { "a = :l", NULL, NULL, "{':l': {'L': [{'N': '1'}]}}" },
    { "a IN (:l, :m)", NULL, NULL, "{':l': {'L': []}, ':m': {'M': {}}}" },
  };

  check_cases (DDB_EXPRESSION_FILTER, cases, G_N_ELEMENTS (cases));
}

static void
test_condition_precedence_of_errors (void)
{
  static const Case cases[] = {
    /* A syntax error anywhere beats everything. */
    { "abort = :undefined AND a >", CONDITION SYNTAX "\"<EOF>\", near: \">\"" },
    /* Redundant parentheses beat unknown functions, which beat misuse, which beats
     * reserved words, which beat the per-condition errors. */
    { "whatever(a) = b AND ((c = d))", CONDITION REDUNDANT },
    { "abort = b AND whatever(a) = b AND contains(a, b) = c",
      CONDITION "Invalid function name; function: whatever" },
    { "abort = b AND contains(a, b) = c", CONDITION MISUSED "contains" },
    { "#undefined = b AND abort = c", CONDITION RESERVED "abort" },
    /* The leftmost faulty leaf wins; within it, placeholders, counts, repeats, types. */
    { "size(a, b) > :v AND #x = c",
      CONDITION OPERANDS "size, number of operands: 2",
      NULL, "{':v': {'N': '1'}}" },
    { "begins_with(a, a, :x)", CONDITION NO_VALUE ":x" },
    { "begins_with(a, a)", CONDITION DISTINCT "begins_with, first operand: [a]" },
  };

  g_test_summary ("When an expression breaks several rules, DynamoDB's choice of message");
  check_cases (DDB_EXPRESSION_CONDITION, cases, G_N_ELEMENTS (cases));
}

/* ---------------------------------------------------------------------------------------
 * Limits
 * ------------------------------------------------------------------------------------- */

static void
test_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new ("{");
  g_autofree char *message = NULL;

  g_test_summary ("4 KB per expression, 300 operators, 100 IN operands, 32 path levels");

  /* Exactly 4096 bytes is fine, one more is not; the size is counted in bytes. */
  g_string_append (text, "a = b AND c");
  while (text->len < 4096 - 4)
    g_string_append (text, "c");
  g_string_append (text, " = d");
  g_assert_cmpuint (text->len, ==, 4096);
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, NULL);
  g_assert_null (message);
  g_string_insert_c (text, 12, 'c');
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, NULL);
  g_assert_cmpstr (message, ==, CONDITION "Expression size has exceeded the "
                                "maximum allowed size; expression size: 4097");
  g_clear_pointer (&message, g_free);

  message = parse_message (DDB_EXPRESSION_UPDATE, "", NULL, NULL);
  g_assert_cmpstr (message, ==, UPDATE "The expression can not be empty;");
  g_clear_pointer (&message, g_free);

  /* Operators: 150 comparisons and 149 ANDs are 299; one more AND and comparison 301. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 150; i++)
    g_string_append_printf (text, "%sa%u = b", i > 0 ? " AND " : "", i);
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, NULL);
  g_assert_null (message);
  g_string_append (text, " AND z = b");
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, NULL);
  g_assert_cmpstr (message, ==, CONDITION "The expression contains too many "
                                "operators; operator count: 301");
  g_clear_pointer (&message, g_free);

  /* IN counts as one operator, and takes 100 operands. */
  g_string_assign (text, "a IN (");
  for (guint i = 0; i < 100; i++)
    {
      g_string_append_printf (text, "%s:v%u", i > 0 ? ", " : "", i);
      g_string_append_printf (values, "%s\":v%u\": {\"N\": \"%u\"}", i > 0 ? ", " : "", i, i);
    }
  g_string_append (values, ", \":v100\": {\"N\": \"100\"}}");
  g_string_append (text, ")");
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, values->str);
  g_assert_null (message);
  g_string_insert (text, text->len - 1, ", :v100");
  message = parse_message (DDB_EXPRESSION_CONDITION, text->str, NULL, values->str);
  g_assert_cmpstr (message, ==, CONDITION "The IN operator is provided with "
                                "too many operands; number of operands: 101");
  g_clear_pointer (&message, g_free);

  /* 32 path levels, the top-level attribute included, and no more. */
  g_string_assign (text, "a");
  for (guint i = 0; i < 31; i++)
    g_string_append (text, i % 2 ? ".b" : "[0]");
  message = parse_message (DDB_EXPRESSION_PROJECTION, text->str, NULL, NULL);
  g_assert_null (message);
  g_string_append (text, ".b");
  message = parse_message (DDB_EXPRESSION_PROJECTION, text->str, NULL, NULL);
  g_assert_cmpstr (message, ==, PROJECTION "The document path has too many "
                                "nesting levels; nesting levels: 33");
  g_clear_pointer (&message, g_free);

  /* List indexes fit a signed 32-bit integer. */
  message = parse_message (DDB_EXPRESSION_PROJECTION, "l[2147483647]", NULL, NULL);
  g_assert_null (message);
  message = parse_message (DDB_EXPRESSION_PROJECTION, "l[2147483648]", NULL, NULL);
  g_assert_cmpstr (message, ==, PROJECTION "List index is not within the "
                                "allowable range; index: [2147483648]");
  g_clear_pointer (&message, g_free);
  message = parse_message (DDB_EXPRESSION_PROJECTION, "l[99999999999999999999999]", NULL, NULL);
  g_assert_cmpstr (message, ==, PROJECTION "List index is not within the "
                                "allowable range; index: [99999999999999999999999]");
}

static void
test_deep_nesting (void)
{
  /* Each text is @open @depth times, @inner, @close @depth times, then @tail. */
  static const struct
  {
    DdbExpressionKind  kind;
    const char        *open;
    const char        *inner;
    const char        *close;
    guint              depth;
    const char        *tail;
    const char        *message;   /* as assert_message() takes it */
  } cases[] = {
    /* 2000 parentheses fit in 4 KB: redundant. */
    { DDB_EXPRESSION_CONDITION, "(", "a=b", ")", 2000, "", CONDITION REDUNDANT },
    /* Unbalanced: still bounded, still an error. */
    { DDB_EXPRESSION_CONDITION, "(", "", "", 4000, "", "*" },
    /* 800 NOTs are 800 operators. */
    { DDB_EXPRESSION_CONDITION, "NOT ", "a = b", "", 800, "",
      CONDITION "The expression contains too many operators; operator count: 301" },
    /* Nested calls likewise. */
    { DDB_EXPRESSION_FILTER, "size(", "a", ")", 600, " = b",
      FILTER "The expression contains too many operators; operator count: 301" },
  };

  g_test_summary ("Deep nesting is an error, never a stack overflow");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *message = NULL;

      for (guint j = 0; j < cases[i].depth; j++)
        g_string_append (text, cases[i].open);
      g_string_append (text, cases[i].inner);
      for (guint j = 0; j < cases[i].depth; j++)
        g_string_append (text, cases[i].close);
      g_string_append (text, cases[i].tail);

      message = parse_message (cases[i].kind, text->str, NULL, NULL);
      assert_message (message, cases[i].message);
    }
}

/* ---------------------------------------------------------------------------------------
 * Key conditions
 * ------------------------------------------------------------------------------------- */

static void
test_key_condition_errors (void)
{
  static const Case cases[] = {
    { "a = :s", NULL, NULL, "{':s': {'S': 'x'}}" },
    { "a = :s AND b BETWEEN :s AND :t", NULL, NULL, "{':s': {'S': 'x'}, ':t': {'S': 'y'}}" },
    { "(begins_with(b, :s)) AND (:s = a)", NULL, NULL, "{':s': {'S': 'x'}}" },
    { "things are not gonna be ok", KEY SYNTAX "\"are\", near: \"things are not\"" },
    { "a > 4", KEY SYNTAX "\"4\", near: \"> 4\"" },
    { "attribute_type(a, b)",
      KEY OPERAND_TYPE "attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}" },
    { "attribute_type(a, :a)",
      KEY OPERAND_TYPE "attribute_type, operand type: N",
      NULL, "{':a': {'N': '1'}}" },
    { "attribute_type(a, :a)", KEY_OPERATOR "attribute_type", NULL, "{':a': {'S': 'S'}}" },
    { "a > b and size(b) > c or a > c", KEY_OPERATOR "OR" },
    { "a in (b, size(c), d)", KEY_OPERATOR "IN" },
    { "attribute_exists(a)", KEY_OPERATOR "attribute_exists" },
    { "attribute_not_exists(a)", KEY_OPERATOR "attribute_not_exists" },
    { "contains(a.d, b)", KEY_OPERATOR "contains" },
    { "not a > b", KEY_OPERATOR "NOT" },
    { "a <> b", KEY_OPERATOR "<>" },
    { ":a between size(b) and size(a) and b > :b",
      KEY_CONDITION "BETWEEN operator must have the key attribute as its first operand",
      NULL, "{':a': {'S': '1'}, ':b': {'S': '1'}}" },
    { "begins_with(:a, b) and a > :b",
      KEY_CONDITION "begins_with operator must have the key attribute as its first operand",
      NULL, "{':a': {'S': '1'}, ':b': {'S': '1'}}" },
    { "size(b) > a AND a.b > b AND b > c",
      "KeyConditionExpressions cannot contain nested operations" },
    { "a > size(b.d)", "KeyConditionExpressions cannot contain nested operations" },
    { "a between size(b) and size(a)", "KeyConditionExpressions cannot contain nested operations" },
    { "b > a.b", KEY_CONDITION "Multiple attribute names used in one condition" },
    { "b between c[1] and d", KEY_CONDITION "Multiple attribute names used in one condition" },
    { "a between b and size(a)", KEY_CONDITION "Multiple attribute names used in one condition" },
    { "begins_with(a, b)", KEY_CONDITION "Multiple attribute names used in one condition" },
    { "b.d > a AND c.d > e.f",
      "KeyConditionExpressions cannot have conditions on nested attributes" },
    { "a.d > c", "KeyConditionExpressions cannot have conditions on nested attributes" },
    { "b[0] > a", "KeyConditionExpressions cannot have conditions on nested attributes" },
    { ":b > :a AND a < :b", KEY_CONDITION "No key attribute specified",
      NULL, "{':a': {'N': '1'}, ':b': {'N': '1'}}" },
    { ":a > b AND :a < :b", KEY_CONDITION "No key attribute specified",
      NULL, "{':a': {'N': '1'}, ':b': {'N': '1'}}" },
    { "b > :a AND b < :a and c = :a and d = :a",
      "KeyConditionExpressions must only contain one condition per key",
      NULL, "{':a': {'N': '1'}}" },
    { "(a > :a and b > :a) and (b > :a and c > :a)",
      "KeyConditionExpressions must only contain one condition per key",
      NULL, "{':a': {'N': '1'}}" },
    { ":a = a and b = :a and :a = c", "Conditions can be of length 1 or 2 only", NULL,
      "{':a': {'S': 'a'}}" },
    { "(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)",
      "Conditions can be of length 1 or 2 only", NULL, "{':a': {'S': 'a'}}" },
    { "a between :b and :a",
      KEY BETWEEN_TYPES BOUNDS "{N:1}" UPPER "{S:a}",
      NULL, "{':a': {'S': 'a'}, ':b': {'N': '1'}}" },
    { "a between :b and :a",
      KEY BETWEEN_ORDER BOUNDS "{S:b}" UPPER "{S:a}",
      NULL, "{':a': {'S': 'a'}, ':b': {'S': 'b'}}" },
    /* Against the key: hash a, range b. */
    { "z between :a and :b", MISSED "a", NULL, "{':a': {'N': '1'}, ':b': {'N': '1'}}" },
    { "a = :a and c = :b", MISSED "b", NULL, "{':a': {'S': 'b'}, ':b': {'N': '1'}}" },
    { "b = :a", MISSED "a", NULL, "{':a': {'S': 'b'}}" },
    { "a > :a", NOT_SUPPORTED, NULL, "{':a': {'S': '1'}}" },
    { "begins_with(a, :a)", NOT_SUPPORTED, NULL, "{':a': {'S': '1'}}" },
    { "a = :n", PARAMETER_TYPE, NULL, "{':n': {'N': '1'}}" },
    { "a = :s AND b < :n", PARAMETER_TYPE, NULL, "{':s': {'S': '1'}, ':n': {'N': '1'}}" },
    { "a = :s AND begins_with(b, :n)",
      KEY OPERAND_TYPE "begins_with, operand type: N",
      NULL, "{':s': {'S': '1'}, ':n': {'N': '1'}}" },
  };

  check_cases (DDB_EXPRESSION_KEY_CONDITION, cases, G_N_ELEMENTS (cases));
}

static void
test_key_condition_hash_table (void)
{
#define VALUES "{':a': {'S': '1'}, ':n': {'N': '1'}}"
  static const Case cases[] = {
    { "a = :a", NULL, NULL, VALUES },
    { "a > :a", NOT_SUPPORTED, NULL, VALUES },
    { "a < :a", NOT_SUPPORTED, NULL, VALUES },
    { ":a <= a", NOT_SUPPORTED, NULL, VALUES },
    { ":a >= a", NOT_SUPPORTED, NULL, VALUES },
    { "begins_with(a, :a)", NOT_SUPPORTED, NULL, VALUES },
    { "a between :a and :a", NOT_SUPPORTED, NULL, VALUES },
    { "a = :a AND b = :a", NOT_SUPPORTED, NULL, VALUES },
    { "y = :a and z = :a", NOT_SUPPORTED, NULL, VALUES },
    { "z = :a", MISSED "a", NULL, VALUES },
    { ":n > a", PARAMETER_TYPE, NULL, VALUES },
  };
#undef VALUES

  g_test_summary ("A table without a sort key takes only \"partition = :v\"");

  test_key = &hash_key;
  check_cases (DDB_EXPRESSION_KEY_CONDITION, cases, G_N_ELEMENTS (cases));
  test_key = &range_key;
}

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

#define UPDATE_NAMES "{'#a': 'a', '#b': 'b'}"
#define UPDATE_VALUES "{':a': {'S': 'a'}, ':b': {'S': 'a'}}"

static void
test_update_syntax_errors (void)
{
  static const char * const syntax_errors[] = {
    "whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b",
    "delete a = b", "delete a b", "delete a if_not_exist(b)", "add abort b",
    "add a if_not_exist(b)", "remove a b", "set a b", "set :a = b", "add :a b", "delete :a b",
    "remove :a", "set a = b / c", "set a = b * c", "set a[1] = \"eight\"", "set a[1] = 1",
    "SET a = if_not_exist(a, 100)", "SET if_not_exist(a, b) = a", "set (a = (b + c))",
    "set a = (b.c).d + e", "set a = (b.c)[0] + e", "set a = b + c + d", "set a = (((b)))",
  };
  static const Case cases[] = {
    { "whatever", UPDATE SYNTAX "\"whatever\", near: \"whatever\"" },
    { "SET", UPDATE SYNTAX "\"<EOF>\", near: \"SET\"" },
    { "SET a = ", UPDATE SYNTAX "\"<EOF>\", near: \"= \"" },
    { "SET otp = list_append(otp, 0)", UPDATE SYNTAX "\"0\", near: \", 0)\"" },
    { "set a = b + c + d", UPDATE SYNTAX "\"+\", near: \"c + d\"" },
    { "SET a = b, c", UPDATE SYNTAX "\"<EOF>\", near: \"c\"" },
    /* Valid forms. */
    { "set a = (b + c)", NULL },
    { "set b.c=((c[1])+(b.a))", NULL },
    { "set a = ((b.c.d)+(e))", NULL },
    { "SET a = if_not_exists(a, b) + b", NULL },
    { "SET a = (b) - (c)", NULL },
    { "set a = b-c", NULL },
    { "SET a = if_not_exists(a, if_not_exists(b, c))", NULL },
    { "REMOVE b DELETE c :c ADD d :d, e :e SET f = :f", NULL, NULL,
      "{':c': {'SS': ['a']}, ':d': {'N': '5'}, ':e': {'SS': ['a']},"
      " ':f': {'L': []}}" },
    { "set a=list_append(b, :l) , c[3].d = :l", NULL, NULL, "{':l': {'L': []}}" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (syntax_errors); i++)
    {
      g_autofree char *message = parse_message (DDB_EXPRESSION_UPDATE, syntax_errors[i], NULL,
                                                NULL);

      g_test_message ("%s", syntax_errors[i]);
      g_assert_nonnull (message);
      g_assert_true (g_str_has_prefix (message, UPDATE SYNTAX));
    }

  check_cases (DDB_EXPRESSION_UPDATE, cases, G_N_ELEMENTS (cases));
}

static void
test_update_semantic_errors (void)
{
  static const Case cases[] = {
    { " set #c = :c set abOrt = true ", UPDATE RESERVED "abOrt", UPDATE_NAMES, UPDATE_VALUES },
    { " remove Absolute ", UPDATE RESERVED "Absolute", UPDATE_NAMES, UPDATE_VALUES },
    { "set #c = if_not_exist(:c) set c = d", UPDATE "Invalid function name; function: if_not_exist",
      UPDATE_NAMES, UPDATE_VALUES },
    { "SET x = size(a)",
      UPDATE "The function is not allowed in an update expression; function: size" },
    { "SET x = attribute_exists(a)",
      UPDATE "The function is not allowed in an update expression; function: attribute_exists" },
    { "set a = #c set c = :d", UPDATE "The \"SET\" " ONCE, UPDATE_NAMES, UPDATE_VALUES },
    { "remove #d set a = b remove e", UPDATE "The \"REMOVE\" " ONCE, UPDATE_NAMES, UPDATE_VALUES },
    { "add #d :e set a = b add e :f", UPDATE "The \"ADD\" " ONCE, UPDATE_NAMES, UPDATE_VALUES },
    { "delete #d :e set a = b delete #e :f", UPDATE "The \"DELETE\" " ONCE,
      UPDATE_NAMES, UPDATE_VALUES },
    { "SET #c = if_not_exists(:c)", UPDATE NO_NAME "#c", UPDATE_NAMES, UPDATE_VALUES },
    { "SET #a = if_not_exists(:c)", UPDATE NO_VALUE ":c", UPDATE_NAMES, UPDATE_VALUES },
    { "set a = if_not_exists(c)", UPDATE OPERANDS "if_not_exists, number of operands: 1" },
    { "set a = list_append(c)", UPDATE OPERANDS "list_append, number of operands: 1" },
    { "set a = if_not_exists(:a, c)",
      UPDATE REQUIRES_PATH "if_not_exists",
      UPDATE_NAMES, UPDATE_VALUES },
    { "set a = if_not_exists(if_not_exists(a, b), c)", UPDATE REQUIRES_PATH "if_not_exists" },
  };

  check_cases (DDB_EXPRESSION_UPDATE, cases, G_N_ELEMENTS (cases));
}

/* ---------------------------------------------------------------------------------------
 * Projections
 * ------------------------------------------------------------------------------------- */

static void
test_projection_errors (void)
{
  static const Case cases[] = {
    { "a, b.c, #n[2], d[0][1].e", NULL, "{'#n': 'name'}" },
    { "size, and, or", PROJECTION RESERVED "size" },
    { "a, b, #x", PROJECTION NO_NAME "#x" },
    { "!!!", PROJECTION SYNTAX "\"!\", near: \"!!\"" },
    { "a b", PROJECTION SYNTAX "\"b\", near: \"a b\"" },
    { "a,", PROJECTION SYNTAX "\"<EOF>\", near: \",\"" },
    { "l[a]", PROJECTION SYNTAX "\"a\", near: \"[a]\"" },
    { "l[]", PROJECTION SYNTAX "\"]\", near: \"[]\"" },
    { "a, :v", PROJECTION SYNTAX "\":v\", near: \", :v\"" },
    { "a, a.b", PROJECTION OVERLAP "[a], path two: [a, b]" },
    { "a.b, #n", PROJECTION OVERLAP "[a, b], path two: [a]", "{'#n': 'a'}" },
    { "a[1], a.b", PROJECTION CONFLICT "[a, [1]], path two: [a, b]" },
    { "a[1], a[2], a[1].b", PROJECTION OVERLAP "[a, [1]], path two: [a, [1], b]" },
    { "", PROJECTION "The expression can not be empty;" },
  };

  check_cases (DDB_EXPRESSION_PROJECTION, cases, G_N_ELEMENTS (cases));
}

/* ---------------------------------------------------------------------------------------
 * The context
 * ------------------------------------------------------------------------------------- */

static void
test_context_unused (void)
{
  g_autoptr(DdbExpressionContext) context =
    context_new ("{'#b': 'b', '#a': 'a', '#used': 'u'}",
                 "{':c': {'S': 'a'}, ':a': {'S': 'a'}, ':b': {'S': 'a'}}");
  g_autoptr(DdbExpressionContext) values_only =
    context_new (NULL, "{':c': {'S': 'a'}, ':a': {'S': 'a'}, ':b': {'S': 'a'}}");
  g_autoptr(DdbUpdate) update = NULL;
  g_autoptr(DdbCondition) condition = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Names are checked before values; keys are listed sorted");

  update = ddb_update_parse ("remove #used set b = list_append(b, if_not_exists(a, :a))",
                             context, &error);
  g_assert_no_error (error);
  condition = ddb_condition_parse ("a = :b", DDB_EXPRESSION_CONDITION, context, &error);
  g_assert_no_error (error);

  g_assert_false (ddb_expression_context_check_unused (context, &error));
  g_assert_error (error, DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Value provided in ExpressionAttributeNames unused in "
                                       "expressions: keys: {#a, #b}");
  g_clear_error (&error);

  g_clear_pointer (&update, ddb_update_free);
  update = ddb_update_parse ("remove a", values_only, &error);
  g_assert_no_error (error);
  g_clear_pointer (&condition, ddb_condition_free);
  condition = ddb_condition_parse ("a = :b", DDB_EXPRESSION_CONDITION, values_only, &error);
  g_assert_no_error (error);
  g_assert_false (ddb_expression_context_check_unused (values_only, &error));
  g_assert_cmpstr (error->message, ==, "Value provided in ExpressionAttributeValues unused in "
                                       "expressions: keys: {:a, :c}");
  g_clear_error (&error);

  g_clear_pointer (&condition, ddb_condition_free);
  condition = ddb_condition_parse ("a IN (:a, :c)", DDB_EXPRESSION_FILTER, values_only, &error);
  g_assert_no_error (error);
  g_assert_true (ddb_expression_context_check_unused (values_only, &error));
  g_assert_no_error (error);
}

static void
test_context_validate (void)
{
  static const struct
  {
    const char *names;
    const char *values;
    const char *message;
  } cases[] = {
    { "{'#a': 'a'}", "{':a': {'S': 'a'}}", NULL },
    { "{}", NULL, "ExpressionAttributeNames must not be empty" },
    { "{'a': 'a'}", NULL,
      "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"" },
    { "{'#': 'a'}", NULL,
      "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"" },
    { NULL, "{}", "ExpressionAttributeValues must not be empty" },
    { NULL, "{':b': {'S': 'a'}, 'b': {'S': 'a'}}",
      "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DdbExpressionContext) context = context_new (cases[i].names, cases[i].values);
      g_autoptr(GError) error = NULL;
      gboolean ok = ddb_expression_context_validate (context, &error);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_paths (void)
{
  g_autoptr(DdbExpressionContext) context = context_new ("{'#n': 'we.ird'}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbProjection) projection =
    ddb_projection_parse ("a.b[2][0].c, #n, x", context, &error);
  const DdbPath *path;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ddb_projection_get_length (projection), ==, 3);

  path = ddb_projection_get_path (projection, 0);
  g_assert_cmpuint (ddb_path_get_length (path), ==, 5);
  g_assert_cmpstr (ddb_path_get_name (path, 0), ==, "a");
  g_assert_cmpstr (ddb_path_get_name (path, 1), ==, "b");
  g_assert_null (ddb_path_get_name (path, 2));
  g_assert_cmpint (ddb_path_get_list_index (path, 2), ==, 2);
  g_assert_cmpint (ddb_path_get_list_index (path, 3), ==, 0);
  g_assert_cmpint (ddb_path_get_list_index (path, 4), ==, -1);
  text = ddb_path_to_string (path);
  g_assert_cmpstr (text, ==, "a.b[2][0].c");

  path = ddb_projection_get_path (projection, 1);
  g_assert_cmpuint (ddb_path_get_length (path), ==, 1);
  g_assert_cmpstr (ddb_path_get_name (path, 0), ==, "we.ird");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/engine/expression/parse/condition-valid", test_condition_valid);
  g_test_add_func ("/ddb/engine/expression/parse/condition-syntax-errors",
                   test_condition_syntax_errors);
  g_test_add_func ("/ddb/engine/expression/parse/condition-semantic-errors",
                   test_condition_semantic_errors);
  g_test_add_func ("/ddb/engine/expression/parse/condition-operand-types",
                   test_condition_operand_types);
  g_test_add_func ("/ddb/engine/expression/parse/condition-value-checks",
                   test_condition_value_checks);
  g_test_add_func ("/ddb/engine/expression/parse/precedence-of-errors",
                   test_condition_precedence_of_errors);
  g_test_add_func ("/ddb/engine/expression/parse/limits", test_limits);
  g_test_add_func ("/ddb/engine/expression/parse/deep-nesting", test_deep_nesting);
  g_test_add_func ("/ddb/engine/expression/parse/key-condition-errors", test_key_condition_errors);
  g_test_add_func ("/ddb/engine/expression/parse/key-condition-hash-table",
                   test_key_condition_hash_table);
  g_test_add_func ("/ddb/engine/expression/parse/update-syntax-errors", test_update_syntax_errors);
  g_test_add_func ("/ddb/engine/expression/parse/update-semantic-errors",
                   test_update_semantic_errors);
  g_test_add_func ("/ddb/engine/expression/parse/projection-errors", test_projection_errors);
  g_test_add_func ("/ddb/engine/expression/parse/context-unused", test_context_unused);
  g_test_add_func ("/ddb/engine/expression/parse/context-validate", test_context_validate);
  g_test_add_func ("/ddb/engine/expression/parse/paths", test_paths);

  return g_test_run ();
}
