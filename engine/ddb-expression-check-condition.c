/* ddb-expression-check-condition.c
 *
 * The checks of conditions, filters and key conditions after their syntax: functions
 * known and used in their place, reserved words, placeholders, operand counts and types,
 * repeated operands, BETWEEN's bounds, IN's operand count, the operator count.  The
 * precedence among errors is described in ddb-expression-check.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-check-private.h"
#include "ddb-value-json.h"

static const DdbSlot condition_order[] = {
  SLOT_OPERATORS, SLOT_LIMIT, SLOT_PARENS, SLOT_FUNCTION_NAME, SLOT_MISUSED, SLOT_RESERVED,
  SLOT_CONDITION,
};

/* The type an operand is known to have before any item is seen, or -1: a value's type,
 * or what a function returns. */
static gint
static_type (const DdbNode *node)
{
  if (node->kind == DDB_NODE_VALUE)
    return node->value != NULL ? (gint)ddb_value_get_kind (node->value) : -1;

  if (node->kind == DDB_NODE_CALL)
    {
      switch (node->function)
        {
        case DDB_FUNCTION_SIZE:
          return DDB_KIND_N;
        case DDB_FUNCTION_BEGINS_WITH:
        case DDB_FUNCTION_ATTRIBUTE_TYPE:
        case DDB_FUNCTION_CONTAINS:
          return DDB_KIND_BOOL;
        case DDB_FUNCTION_UNKNOWN:
        case DDB_FUNCTION_ATTRIBUTE_EXISTS:
        case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
        case DDB_FUNCTION_IF_NOT_EXISTS:
        case DDB_FUNCTION_LIST_APPEND:
        default:
          return -1;
        }
    }

  return -1;
}

static gboolean
same_paths (const DdbNode *a,
            const DdbNode *b)
{
  return a->kind == DDB_NODE_PATH && b->kind == DDB_NODE_PATH && a->path != NULL &&
         b->path != NULL && _ddb_path_equal (a->path, b->path);
}

/* DynamoDB's "first operand must be distinct" error, for @operator's operands @a and @b. */
static void
check_distinct (DdbChecker    *ck,
                const char    *operator,
                const DdbNode *a,
                const DdbNode *b)
{
  g_autofree char *path = NULL;

  if (!same_paths (a, b))
    return;

  path = _ddb_path_to_message (a->path);
  _ddb_check_record_leaf (ck, LEAF_DISTINCT, "The first operand must be distinct from the "
                          "remaining operands for this operator or function; operator: %s, first "
                          "operand: %s", operator, path);
}

static void
record_operand_type (DdbChecker *ck,
                     const char *operator,
                     const char *type)
{
  _ddb_check_record_leaf (ck, LEAF_TYPE, "Incorrect operand type for operator or function; "
                          "operator or function: %s, operand type: %s", operator, type);
}

/* ---------------------------------------------------------------------------------------
 * Condition operands and functions
 * ------------------------------------------------------------------------------------- */

/* The checks of attribute_type(path, :type) on its second operand. */
static void
check_attribute_type (DdbChecker    *ck,
                      const DdbNode *type)
{
  gint kind = static_type (type);
  const char *name;

  if (kind != DDB_KIND_S)
    {
      record_operand_type (ck, "attribute_type",
                           kind < 0 ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : ddb_kind_to_string (kind));
      return;
    }

  name = ddb_value_get_string (type->value, NULL);
  if (!ddb_kind_from_string (name, NULL))
    _ddb_check_record_leaf (ck, LEAF_TYPE, "Invalid attribute type name found; type: %s, valid "
                            "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", name);
}

/* The operand count and types of a known condition function. */
static void
check_function_operands (DdbChecker *ck,
                         DdbNode    *node,
                         const char *name)
{
  guint expected = 2;
  gint kind;

  if (node->function == DDB_FUNCTION_ATTRIBUTE_EXISTS ||
      node->function == DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS || node->function == DDB_FUNCTION_SIZE)
    expected = 1;

  if (node->n_args != expected)
    {
      _ddb_check_record_leaf (ck, LEAF_OPERAND_COUNT, "Incorrect number of operands for operator "
                              "or function; operator or function: %s, number of operands: %u", name,
                              node->n_args);
      return;
    }

  if (expected == 2)
    check_distinct (ck, name, node->args[0], node->args[1]);

  switch (node->function)
    {
    case DDB_FUNCTION_ATTRIBUTE_EXISTS:
    case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
      if (node->args[0]->kind != DDB_NODE_PATH)
        _ddb_check_record_leaf (ck, LEAF_TYPE, "Operator or function requires a document path; "
                                "operator or function: %s", name);
      break;

    case DDB_FUNCTION_BEGINS_WITH:
      for (guint i = 0; i < 2; i++)
        {
          kind = static_type (node->args[i]);
          if (kind >= 0 && kind != DDB_KIND_S && kind != DDB_KIND_B)
            record_operand_type (ck, name, ddb_kind_to_string (kind));
        }
      break;

    case DDB_FUNCTION_ATTRIBUTE_TYPE:
      check_attribute_type (ck, node->args[1]);
      break;

    case DDB_FUNCTION_SIZE:
      kind = static_type (node->args[0]);
      if (kind == DDB_KIND_N || kind == DDB_KIND_BOOL || kind == DDB_KIND_NULL)
        record_operand_type (ck, name, ddb_kind_to_string (kind));
      break;

    case DDB_FUNCTION_CONTAINS:
    case DDB_FUNCTION_UNKNOWN:
    case DDB_FUNCTION_IF_NOT_EXISTS:
    case DDB_FUNCTION_LIST_APPEND:
    default:
      break;
    }
}

/* Operands of a condition may be calls to size() only. */
static void
check_misused (DdbChecker *ck,
               DdbNode   **operands,
               guint       n_operands)
{
  for (guint i = 0; i < n_operands; i++)
    if (operands[i]->kind == DDB_NODE_CALL && operands[i]->function != DDB_FUNCTION_SIZE)
      {
        g_autofree char *name = _ddb_syntax_token_text (ck->syntax, operands[i]->token);

        _ddb_check_record (ck, SLOT_MISUSED, "The function is not allowed to be used this way in "
                           "an expression; function: %s", name);
      }
}

/* A call, its operands checked (see _ddb_check_operand()). */
static void
check_condition_call (DdbChecker *ck,
                      DdbNode    *node,
                      const char *name)
{
  g_assert (node->kind == DDB_NODE_CALL);

  check_misused (ck, node->args, node->n_args);

  switch (node->function)
    {
    case DDB_FUNCTION_UNKNOWN:
      _ddb_check_record (ck, SLOT_FUNCTION_NAME, "Invalid function name; function: %s", name);
      break;
    case DDB_FUNCTION_IF_NOT_EXISTS:
    case DDB_FUNCTION_LIST_APPEND:
      _ddb_check_record (ck, SLOT_FUNCTION_NAME, "The function is not allowed in a condition "
                         "expression; function: %s", name);
      break;
    case DDB_FUNCTION_ATTRIBUTE_EXISTS:
    case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
    case DDB_FUNCTION_ATTRIBUTE_TYPE:
    case DDB_FUNCTION_BEGINS_WITH:
    case DDB_FUNCTION_CONTAINS:
    case DDB_FUNCTION_SIZE:
    default:
      check_function_operands (ck, node, name);
      break;
    }
}

/* An operand of a condition: a path, a value or a call. */
static void
check_condition_operand (DdbChecker *ck,
                         DdbNode    *node)
{
  _ddb_check_operand (ck, node, check_condition_call);
}

/* ---------------------------------------------------------------------------------------
 * Leaf conditions
 * ------------------------------------------------------------------------------------- */

/* Formats a value for BETWEEN's messages: "{N:1}", "{S:a}". */
static char *
format_bound (const DdbValue *value)
{
  DdbKind kind = ddb_value_get_kind (value);
  g_autofree char *text = NULL;
  gsize length;

  switch (kind)
    {
    case DDB_KIND_S:
      text = g_strdup (ddb_value_get_string (value, NULL));
      break;
    case DDB_KIND_N:
      text = ddb_number_to_string (ddb_value_get_number (value));
      break;
    case DDB_KIND_B:
      {
        const guint8 *bytes = ddb_value_get_binary (value, &length);

        text = g_base64_encode (bytes, length);
      }
      break;
    case DDB_KIND_BOOL:
      text = g_strdup (ddb_value_get_bool (value) ? "true" : "false");
      break;
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      text = ddb_value_to_json_text (value);
      break;
    }

  return g_strdup_printf ("{%s:%s}", ddb_kind_to_string (kind), text);
}

static gboolean
is_ordered_kind (DdbKind kind)
{
  return kind == DDB_KIND_S || kind == DDB_KIND_N || kind == DDB_KIND_B;
}

/* BETWEEN's bounds, when both are values: same type, lower <= upper. */
static void
check_between_bounds (DdbChecker    *ck,
                      const DdbNode *lower,
                      const DdbNode *upper)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  DdbKind lower_kind, upper_kind;

  if (lower->kind != DDB_NODE_VALUE || upper->kind != DDB_NODE_VALUE || lower->value == NULL ||
      upper->value == NULL)
    return;

  lower_kind = ddb_value_get_kind (lower->value);
  upper_kind = ddb_value_get_kind (upper->value);
  low = format_bound (lower->value);
  high = format_bound (upper->value);

  if (lower_kind != upper_kind)
    _ddb_check_record_leaf (ck, LEAF_TYPE, "The BETWEEN operator requires same data type for "
                            "lower and upper bounds; lower bound operand: AttributeValue: %s, "
                            "upper bound operand: AttributeValue: %s", low, high);
  else if (is_ordered_kind (lower_kind) &&
           ddb_value_compare_scalar (lower->value, upper->value) > 0)
    _ddb_check_record_leaf (ck, LEAF_TYPE, "The BETWEEN operator requires upper bound to be "
                            "greater than or equal to lower bound; lower bound operand: "
                            "AttributeValue: %s, upper bound operand: AttributeValue: %s", low,
                            high);
}

/* An ordering operator (<, <=, >, >=, BETWEEN) given a value of a type that has no order
 * is a ValidationException, not a false condition (as Scylla's tests of the live service
 * record).  The message is modelled on DynamoDB's other operand type errors. */
static void
check_ordered_values (DdbChecker  *ck,
                      const char  *operator,
                      DdbNode    **operands,
                      guint        n_operands)
{
  for (guint i = 0; i < n_operands; i++)
    {
      gint kind = static_type (operands[i]);

      if (operands[i]->kind == DDB_NODE_VALUE && kind >= 0 && !is_ordered_kind (kind))
        record_operand_type (ck, operator, ddb_kind_to_string (kind));
    }
}

static void
check_leaf (DdbChecker *ck,
            DdbNode    *node)
{
  const char *symbol;

  for (guint i = 0; i < N_LEAF_SLOTS; i++)
    g_clear_pointer (&ck->leaf[i], g_free);

  switch (node->kind)
    {
    case DDB_NODE_COMPARE:
      ck->operators++;
      check_condition_operand (ck, node->args[0]);
      check_condition_operand (ck, node->args[1]);
      check_misused (ck, node->args, 2);
      symbol = _ddb_compare_op_symbol (node->compare);
      check_distinct (ck, symbol, node->args[0], node->args[1]);
      if (node->compare != DDB_COMPARE_EQ && node->compare != DDB_COMPARE_NE)
        check_ordered_values (ck, symbol, node->args, 2);
      break;

    case DDB_NODE_BETWEEN:
      ck->operators++;
      for (guint i = 0; i < 3; i++)
        check_condition_operand (ck, node->args[i]);
      check_misused (ck, node->args, 3);
      check_between_bounds (ck, node->args[1], node->args[2]);
      check_ordered_values (ck, "BETWEEN", node->args, 3);
      break;

    case DDB_NODE_IN:
      ck->operators++;
      for (guint i = 0; i < node->n_args; i++)
        check_condition_operand (ck, node->args[i]);
      check_misused (ck, node->args, node->n_args);
      if (node->n_args - 1 > DDB_EXPRESSION_MAX_IN_OPERANDS)
        _ddb_check_record_leaf (ck, LEAF_OPERAND_COUNT, "The IN operator is provided with too many "
                                "operands; number of operands: %u", node->n_args - 1);
      break;

    case DDB_NODE_CALL:
      check_condition_operand (ck, node);
      if (node->function == DDB_FUNCTION_SIZE)
        _ddb_check_record (ck, SLOT_MISUSED, "The function is not allowed to be used this way in "
                           "an expression; function: size");
      break;

    case DDB_NODE_PATH:
    case DDB_NODE_VALUE:
    case DDB_NODE_AND:
    case DDB_NODE_OR:
    case DDB_NODE_NOT:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < N_LEAF_SLOTS; i++)
    if (ck->leaf[i] != NULL)
      {
        _ddb_check_record (ck, SLOT_CONDITION, "%s", ck->leaf[i]);
        break;
      }
}

static void
check_condition_node (DdbChecker *ck,
                      DdbNode    *node)
{
  switch (node->kind)
    {
    case DDB_NODE_AND:
    case DDB_NODE_OR:
      ck->operators += node->n_args - 1;
      for (guint i = 0; i < node->n_args; i++)
        check_condition_node (ck, node->args[i]);
      break;

    case DDB_NODE_NOT:
      ck->operators++;
      check_condition_node (ck, node->args[0]);
      break;

    case DDB_NODE_COMPARE:
    case DDB_NODE_BETWEEN:
    case DDB_NODE_IN:
    case DDB_NODE_CALL:
      check_leaf (ck, node);
      break;

    case DDB_NODE_PATH:
    case DDB_NODE_VALUE:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * _ddb_check_condition:
 * @syntax: a parsed condition, filter or key condition
 * @root: its root
 * @context: the request's names and values
 * @error: return location for DynamoDB's error
 *
 * Returns: TRUE if the condition is valid; its tree is then resolved.
 */
gboolean
_ddb_check_condition (DdbSyntax             *syntax,
                      DdbNode               *root,
                      DdbExpressionContext  *context,
                      GError               **error)
{
  DdbChecker ck;

  _ddb_checker_init (&ck, syntax, context);
  check_condition_node (&ck, root);

  return _ddb_checker_finish (&ck, condition_order, G_N_ELEMENTS (condition_order), error);
}

