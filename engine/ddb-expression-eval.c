/* ddb-expression-eval.c
 *
 * Condition and filter expressions: parsing them (lexer, parser, checker) and evaluating
 * them on items with DynamoDB's semantics.
 *
 * Design notes
 * ------------
 * Semantics, from the developer guide's "Comparison operator and function reference" and
 * from tests of the live service (dynalite's, recorded against DynamoDB, and Scylla's
 * Alternator suite, which runs against it too):
 *
 *  - An operand that does not exist makes =, <, <=, >, >=, BETWEEN and IN false.  "<>" is
 *    the negation of "=": a missing operand is "not equal" to anything, even to another
 *    missing operand, and so are values of different types.
 *  - "=" and "<>" compare any two values: sets as sets, lists and maps structurally
 *    (DdbValue is canonical, so that is ddb_value_equal()).  <, <=, >, >= and BETWEEN
 *    order N by value, S by UTF-8 bytes and B by unsigned bytes; values of different
 *    types, or of other types, are simply not ordered: the condition is false.
 *  - size(): an S counts UTF-16 code units, as DynamoDB (a Java service) does: dynalite
 *    records size("abÿ") = 3, and ExtendDB's issue #60 records size("é𝄞") = 3 against
 *    the live service, the last character being a surrogate pair.  A B counts bytes, a
 *    set, list or map its elements.  size() of an N, BOOL or NULL attribute, or of a
 *    missing one, is missing: comparisons with it are false.
 *  - contains(): substring for S, byte substring for B, membership for sets, equality
 *    with an element for lists; false for anything else.
 *  - begins_with(): prefix of an S or a B by a value of the same type; false otherwise.
 *
 * Evaluation allocates nothing: operands are borrowed values, and size() yields a
 * DdbNumber held on the stack.  It recurses along the tree, whose depth the parser
 * bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-ast-private.h"

/* An evaluated operand: a borrowed value, or the number size() computed. */
typedef struct
{
  const DdbValue *value;       /* NULL when is_number */
  gboolean        is_number;
  DdbNumber       number;
} DdbOperand;

/* ---------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------- */

/* Parses and checks a condition of any of the three condition kinds. */
DdbCondition *
_ddb_condition_parse (const char            *text,
                      DdbExpressionKind      kind,
                      DdbExpressionContext  *context,
                      GError               **error)
{
  DdbCondition *self = NULL;
  DdbSyntax syntax;
  DdbNode *root;

  if (!_ddb_expression_check_text (text, kind, error))
    return NULL;

  _ddb_syntax_init (&syntax, text, kind);
  root = _ddb_parse_condition (&syntax, error);
  if (root != NULL && _ddb_check_condition (&syntax, root, context, error))
    {
      self = g_new0 (DdbCondition, 1);
      self->root = root;
      self->nodes = g_steal_pointer (&syntax.nodes);
    }
  _ddb_syntax_clear (&syntax);

  return self;
}

/**
 * ddb_condition_parse:
 * @text: the expression
 * @kind: %DDB_EXPRESSION_CONDITION or %DDB_EXPRESSION_FILTER
 * @context: the request's names and values; the placeholders used are recorded there
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Parses and validates a ConditionExpression or FilterExpression as DynamoDB does.
 *
 * Returns: (transfer full) (nullable): the condition, or NULL with DynamoDB's message.
 */
DdbCondition *
ddb_condition_parse (const char            *text,
                     DdbExpressionKind      kind,
                     DdbExpressionContext  *context,
                     GError               **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (kind == DDB_EXPRESSION_CONDITION || kind == DDB_EXPRESSION_FILTER, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ddb_condition_parse (text, kind, context, error);
}

/* Frees @condition; NULL is allowed. */
void
ddb_condition_free (DdbCondition *condition)
{
  if (condition == NULL)
    return;

  g_ptr_array_unref (condition->nodes);
  g_free (condition);
}

/* ---------------------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------------------- */

/* The number of UTF-16 code units of valid UTF-8 @text: one per character, two for a
 * character outside the Basic Multilingual Plane (a four-byte sequence). */
static gsize
utf16_length (const char *text,
              gsize       length)
{
  gsize units = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar)text[i];

      if ((c & 0xC0) != 0x80)
        units++;
      if (c >= 0xF0)
        units++;
    }

  return units;
}

/* TRUE if @needle occurs in @haystack (bytes; an empty needle always does). */
static gboolean
bytes_contain (const guint8 *haystack,
               gsize         haystack_length,
               const guint8 *needle,
               gsize         needle_length)
{
  if (needle_length > haystack_length)
    return FALSE;

  for (gsize i = 0; i + needle_length <= haystack_length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

/* The bytes of an S or B value. */
static const guint8 *
value_bytes (const DdbValue *value,
             gsize          *length)
{
  if (ddb_value_get_kind (value) == DDB_KIND_S)
    return (const guint8 *)ddb_value_get_string (value, length);

  return ddb_value_get_binary (value, length);
}

/* TRUE if @value is an S or B that starts with @prefix, of the same type. */
gboolean
_ddb_value_begins_with (const DdbValue *value,
                        const DdbValue *prefix)
{
  DdbKind kind = ddb_value_get_kind (value);
  const guint8 *bytes, *start;
  gsize length, start_length;

  if ((kind != DDB_KIND_S && kind != DDB_KIND_B) || ddb_value_get_kind (prefix) != kind)
    return FALSE;

  bytes = value_bytes (value, &length);
  start = value_bytes (prefix, &start_length);

  return start_length <= length && memcmp (bytes, start, start_length) == 0;
}

static DdbKind
operand_kind (const DdbOperand *operand)
{
  return operand->is_number ? DDB_KIND_N : ddb_value_get_kind (operand->value);
}

static const DdbNumber *
operand_number (const DdbOperand *operand)
{
  return operand->is_number ? &operand->number : ddb_value_get_number (operand->value);
}

static gboolean
operands_equal (const DdbOperand *a,
                const DdbOperand *b)
{
  if (operand_kind (a) != operand_kind (b))
    return FALSE;
  if (operand_kind (a) == DDB_KIND_N)
    return ddb_number_equal (operand_number (a), operand_number (b));

  return ddb_value_equal (a->value, b->value);
}

/* Orders @a against @b into @cmp.  Returns FALSE if they have no common order. */
static gboolean
operands_compare (const DdbOperand *a,
                  const DdbOperand *b,
                  int              *cmp)
{
  DdbKind kind = operand_kind (a);

  if (kind != operand_kind (b))
    return FALSE;

  switch (kind)
    {
    case DDB_KIND_N:
      *cmp = ddb_number_compare (operand_number (a), operand_number (b));
      return TRUE;
    case DDB_KIND_S:
    case DDB_KIND_B:
      *cmp = ddb_value_compare_scalar (a->value, b->value);
      return TRUE;
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      return FALSE;
    }
}

/* ---------------------------------------------------------------------------------------
 * Operands and functions
 * ------------------------------------------------------------------------------------- */

static gboolean evaluate_operand (const DdbNode  *node,
                                  const DdbValue *item,
                                  DdbOperand     *out);

/* size() of @operand into @out; FALSE if it has none. */
static gboolean
evaluate_size (const DdbOperand *operand,
               DdbOperand       *out)
{
  gsize size;

  if (operand->is_number)
    return FALSE;

  switch (ddb_value_get_kind (operand->value))
    {
    case DDB_KIND_S:
      {
        gsize length;
        const char *text = ddb_value_get_string (operand->value, &length);

        size = utf16_length (text, length);
      }
      break;
    case DDB_KIND_B:
      ddb_value_get_binary (operand->value, &size);
      break;
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      size = ddb_value_get_length (operand->value);
      break;
    case DDB_KIND_N:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    default:
      return FALSE;
    }

  out->value = NULL;
  out->is_number = TRUE;
  ddb_number_set_int64 (&out->number, (gint64)size);

  return TRUE;
}

/* Evaluates an operand into @out.  Returns FALSE if it does not exist in @item. */
static gboolean
evaluate_operand (const DdbNode  *node,
                  const DdbValue *item,
                  DdbOperand     *out)
{
  DdbOperand argument;

  out->is_number = FALSE;
  out->value = NULL;

  switch (node->kind)
    {
    case DDB_NODE_PATH:
      out->value = item != NULL ? ddb_path_resolve (node->path, item) : NULL;
      return out->value != NULL;
    case DDB_NODE_VALUE:
      out->value = node->value;
      return TRUE;
    case DDB_NODE_CALL:
      g_assert (node->function == DDB_FUNCTION_SIZE);
      return evaluate_operand (node->args[0], item, &argument) && evaluate_size (&argument, out);
    case DDB_NODE_COMPARE:
    case DDB_NODE_BETWEEN:
    case DDB_NODE_IN:
    case DDB_NODE_AND:
    case DDB_NODE_OR:
    case DDB_NODE_NOT:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }
}

/* contains(@container, @member) */
static gboolean
evaluate_contains (const DdbOperand *container,
                   const DdbOperand *member)
{
  DdbKind kind;

  if (container->is_number)
    return FALSE;

  kind = ddb_value_get_kind (container->value);
  switch (kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
      {
        const guint8 *haystack, *needle;
        gsize haystack_length, needle_length;

        if (operand_kind (member) != kind)
          return FALSE;
        haystack = value_bytes (container->value, &haystack_length);
        needle = value_bytes (member->value, &needle_length);
        return bytes_contain (haystack, haystack_length, needle, needle_length);
      }

    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    case DDB_KIND_L:
      /* Linear for sets too: a member may be an inline size() number, and
       * ddb_value_set_contains() wants a DdbValue. */
      for (gsize i = 0; i < ddb_value_get_length (container->value); i++)
        {
          DdbOperand element = { ddb_value_get_element (container->value, i), FALSE, { 0 } };

          if (operands_equal (&element, member))
            return TRUE;
        }
      return FALSE;

    case DDB_KIND_N:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_M:
    default:
      return FALSE;
    }
}

/* A function used as a condition. */
static gboolean
evaluate_function (const DdbNode  *node,
                   const DdbValue *item)
{
  DdbOperand a, b;
  gboolean has_a = evaluate_operand (node->args[0], item, &a);

  switch (node->function)
    {
    case DDB_FUNCTION_ATTRIBUTE_EXISTS:
      return has_a;
    case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
      return !has_a;
    case DDB_FUNCTION_ATTRIBUTE_TYPE:
      return has_a && evaluate_operand (node->args[1], item, &b) && !b.is_number &&
             ddb_value_get_kind (b.value) == DDB_KIND_S &&
             strcmp (ddb_kind_to_string (operand_kind (&a)),
                     ddb_value_get_string (b.value, NULL)) == 0;
    case DDB_FUNCTION_BEGINS_WITH:
      return has_a && evaluate_operand (node->args[1], item, &b) && !a.is_number &&
             !b.is_number && _ddb_value_begins_with (a.value, b.value);
    case DDB_FUNCTION_CONTAINS:
      return has_a && evaluate_operand (node->args[1], item, &b) && evaluate_contains (&a, &b);
    case DDB_FUNCTION_UNKNOWN:
    case DDB_FUNCTION_SIZE:
    case DDB_FUNCTION_IF_NOT_EXISTS:
    case DDB_FUNCTION_LIST_APPEND:
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Conditions
 * ------------------------------------------------------------------------------------- */

static gboolean
evaluate_compare (const DdbNode  *node,
                  const DdbValue *item)
{
  DdbOperand a, b;
  gboolean present;
  int cmp;

  present = evaluate_operand (node->args[0], item, &a) &&
            evaluate_operand (node->args[1], item, &b);

  if (node->compare == DDB_COMPARE_EQ)
    return present && operands_equal (&a, &b);
  if (node->compare == DDB_COMPARE_NE)
    return !(present && operands_equal (&a, &b));
  if (!present || !operands_compare (&a, &b, &cmp))
    return FALSE;

  switch (node->compare)
    {
    case DDB_COMPARE_LT:
      return cmp < 0;
    case DDB_COMPARE_LE:
      return cmp <= 0;
    case DDB_COMPARE_GT:
      return cmp > 0;
    case DDB_COMPARE_GE:
      return cmp >= 0;
    case DDB_COMPARE_EQ:
    case DDB_COMPARE_NE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
evaluate_between (const DdbNode  *node,
                  const DdbValue *item)
{
  DdbOperand value, lower, upper;
  int low, high;

  return evaluate_operand (node->args[0], item, &value) &&
         evaluate_operand (node->args[1], item, &lower) &&
         evaluate_operand (node->args[2], item, &upper) &&
         operands_compare (&value, &lower, &low) && operands_compare (&value, &upper, &high) &&
         low >= 0 && high <= 0;
}

static gboolean
evaluate_in (const DdbNode  *node,
             const DdbValue *item)
{
  DdbOperand value, candidate;

  if (!evaluate_operand (node->args[0], item, &value))
    return FALSE;

  for (guint i = 1; i < node->n_args; i++)
    if (evaluate_operand (node->args[i], item, &candidate) && operands_equal (&value, &candidate))
      return TRUE;

  return FALSE;
}

static gboolean
evaluate_condition (const DdbNode  *node,
                    const DdbValue *item)
{
  switch (node->kind)
    {
    case DDB_NODE_AND:
      for (guint i = 0; i < node->n_args; i++)
        if (!evaluate_condition (node->args[i], item))
          return FALSE;
      return TRUE;
    case DDB_NODE_OR:
      for (guint i = 0; i < node->n_args; i++)
        if (evaluate_condition (node->args[i], item))
          return TRUE;
      return FALSE;
    case DDB_NODE_NOT:
      return !evaluate_condition (node->args[0], item);
    case DDB_NODE_COMPARE:
      return evaluate_compare (node, item);
    case DDB_NODE_BETWEEN:
      return evaluate_between (node, item);
    case DDB_NODE_IN:
      return evaluate_in (node, item);
    case DDB_NODE_CALL:
      return evaluate_function (node, item);
    case DDB_NODE_PATH:
    case DDB_NODE_VALUE:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * ddb_condition_evaluate:
 * @condition: a condition
 * @item: (nullable): the item (an M value), or NULL when there is none, as for a
 *   PutItem on a new key
 *
 * Returns: whether @item satisfies @condition.  Never fails: type mismatches and missing
 *   attributes make comparisons false, as in DynamoDB.
 */
gboolean
ddb_condition_evaluate (const DdbCondition *condition,
                        const DdbValue     *item)
{
  g_return_val_if_fail (condition != NULL, FALSE);
  g_return_val_if_fail (item == NULL || ddb_value_get_kind (item) == DDB_KIND_M, FALSE);

  return evaluate_condition (condition->root, item);
}
