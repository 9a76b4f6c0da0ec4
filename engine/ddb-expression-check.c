/* ddb-expression-check.c
 *
 * The checker: every validation of an expression after its syntax, with DynamoDB's
 * messages and DynamoDB's choice among several errors.  It also resolves the tree:
 * #placeholders into names, :placeholders into values, function names into functions.
 *
 * Design notes
 * ------------
 * An expression can break several rules at once ("attribute_exists(views, #a)" uses a
 * reserved word, an undefined name and two operands), and DynamoDB reports one of them.
 * Which one is decided by a fixed precedence of error *categories*, the same in every
 * request; within a category the first error met, in the order the text is read, wins.
 * The categories and their order come from dynalite's grammars, whose tests record the
 * live service's choices:
 *
 *   condition, filter, key condition:
 *       limits, redundant parentheses, unknown function, misused function,
 *       reserved word, then the first leaf condition with an error
 *   update:
 *       limits, reserved word, unknown function, repeated section, undefined #name,
 *       undefined :value, overlapping paths, conflicting paths, ADD/DELETE operand
 *       type, function operands
 *   projection:
 *       limits, reserved word, undefined #name, overlapping paths, conflicting paths
 *
 * In conditions, undefined placeholders, operand counts, repeated operands and operand
 * types are judged per leaf condition (a comparison, BETWEEN, IN or function call): the
 * leftmost leaf with any such error wins, and within it the order is undefined
 * placeholder, operand count, repeated operand, operand type.  The "limits" category
 * (path depth, list index range) and the operator count, which precedes everything, have
 * no dynalite record; they are our choice.
 *
 * The checker walks the tree once, post-order and left to right (the order in which
 * dynalite's parser actions run), recording the first message of each category in a
 * slot; the answer is the first filled slot in the kind's order.  Recursion follows the
 * tree, whose depth the parser bounds.
 *
 * This file holds what all kinds share: the slots, the resolution of paths and values,
 * and the walk over operands.  ddb-expression-check-condition.c checks conditions,
 * ddb-expression-check-update.c updates and projections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-check-private.h"

/* ---------------------------------------------------------------------------------------
 * Recording errors
 * ------------------------------------------------------------------------------------- */

/* Records a message in *@slot, one of the checker's slots or leaf slots, unless the slot
 * already holds an earlier one.  Called through _ddb_check_record() and
 * _ddb_check_record_leaf(). */
void
_ddb_check_record_in (char       **slot,
                      const char  *format,
                      ...)
{
  va_list args;

  if (*slot != NULL)
    return;

  va_start (args, format);
  *slot = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
is_condition_kind (DdbExpressionKind kind)
{
  return kind == DDB_EXPRESSION_CONDITION || kind == DDB_EXPRESSION_FILTER ||
         kind == DDB_EXPRESSION_KEY_CONDITION;
}

/* Where an undefined #name or :value is recorded: a leaf error in conditions, @slot
 * elsewhere. */
static char **
placeholder_slot (DdbChecker *ck,
                  DdbSlot     slot)
{
  if (is_condition_kind (ck->syntax->kind))
    return &ck->leaf[LEAF_PLACEHOLDER];

  return &ck->slots[slot];
}

/* Starts checking an expression of @syntax against @context, with no error recorded. */
void
_ddb_checker_init (DdbChecker           *ck,
                   DdbSyntax            *syntax,
                   DdbExpressionContext *context)
{
  memset (ck, 0, sizeof (*ck));
  ck->syntax = syntax;
  ck->context = context;
}

/* Sets @error to the first recorded message in @order and frees the checker's messages.
 * Returns TRUE if there was none. */
gboolean
_ddb_checker_finish (DdbChecker     *ck,
                     const DdbSlot  *order,
                     gsize           n_order,
                     GError        **error)
{
  gboolean ok = TRUE;

  if (ck->operators > DDB_EXPRESSION_MAX_OPERATORS)
    _ddb_check_record (ck, SLOT_OPERATORS, "The expression contains too many operators; operator "
                       "count: %d", DDB_EXPRESSION_MAX_OPERATORS + 1);
  if (ck->syntax->redundant_parens)
    _ddb_check_record (ck, SLOT_PARENS, "The expression has redundant parentheses;");

  for (gsize i = 0; i < n_order && ok; i++)
    if (ck->slots[order[i]] != NULL)
      {
        _ddb_expression_set_error (error, ck->syntax->kind, "%s", ck->slots[order[i]]);
        ok = FALSE;
      }

  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_pointer (&ck->slots[i], g_free);
  for (guint i = 0; i < N_LEAF_SLOTS; i++)
    g_clear_pointer (&ck->leaf[i], g_free);

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * Paths and values
 * ------------------------------------------------------------------------------------- */

/* Parses the list index of a NUMBER token; FALSE if it is out of DynamoDB's range. */
static gboolean
parse_list_index (const char *digits,
                  gint64     *index)
{
  guint64 value = 0;

  for (const char *c = digits; *c != '\0'; c++)
    {
      value = value * 10 + (guint64)(*c - '0');
      if (value > DDB_EXPRESSION_MAX_LIST_INDEX)
        return FALSE;
    }

  *index = (gint64)value;

  return TRUE;
}

/* Resolves a PATH node: reserved words, #placeholders, list indexes, depth.  Leaves
 * node->path NULL if an element cannot be resolved. */
void
_ddb_check_resolve_path (DdbChecker *ck,
                         DdbNode    *node)
{
  g_autofree DdbPathElement *elements = g_new0 (DdbPathElement, node->path_length);
  gboolean complete = TRUE;

  g_assert (node->kind == DDB_NODE_PATH && node->path == NULL);

  for (guint i = 0; i < node->path_length; i++)
    {
      guint token = node->path_tokens[i];
      g_autofree char *text = _ddb_syntax_token_text (ck->syntax, token);
      const char *name;
      DdbTokenKind kind;

      elements[i].index = -1;
      kind = ck->syntax->tokens[token].kind;
      if (kind == DDB_TOKEN_IDENT)
        {
          if (_ddb_expression_is_reserved (text, strlen (text)))
            _ddb_check_record (ck, SLOT_RESERVED, "Attribute name is a reserved keyword; reserved "
                               "keyword: %s", text);
          elements[i].name = g_steal_pointer (&text);
        }
      else if (kind == DDB_TOKEN_NAME)
        {
          name = _ddb_expression_context_lookup_name (ck->context, text);
          if (name == NULL)
            {
              _ddb_check_record_in (placeholder_slot (ck, SLOT_NAME), "An expression attribute "
                                    "name used in the document path is not defined; attribute "
                                    "name: %s", text);
              complete = FALSE;
            }
          else
            elements[i].name = g_strdup (name);
        }
      else
        {
          g_assert (kind == DDB_TOKEN_NUMBER);
          if (!parse_list_index (text, &elements[i].index))
            {
              _ddb_check_record (ck, SLOT_LIMIT, "List index is not within the allowable range; "
                                 "index: [%s]", text);
              complete = FALSE;
            }
        }
    }

  if (node->path_length > DDB_EXPRESSION_MAX_PATH_DEPTH)
    _ddb_check_record (ck, SLOT_LIMIT, "The document path has too many nesting levels; nesting "
                       "levels: %u", node->path_length);

  if (complete)
    node->path = _ddb_path_new (elements, node->path_length);

  for (guint i = 0; i < node->path_length; i++)
    g_free (elements[i].name);
}

/* Resolves a VALUE node into node->value, or records that it is undefined. */
void
_ddb_check_resolve_value (DdbChecker *ck,
                          DdbNode    *node)
{
  g_autofree char *placeholder = _ddb_syntax_token_text (ck->syntax, node->token);
  DdbValue *value;

  g_assert (node->kind == DDB_NODE_VALUE && node->value == NULL);

  value = _ddb_expression_context_lookup_value (ck->context, placeholder);
  if (value == NULL)
    _ddb_check_record_in (placeholder_slot (ck, SLOT_VALUE), "An expression attribute value "
                          "used in expression is not defined; attribute value: %s", placeholder);
  else
    node->value = ddb_value_ref (value);
}

/**
 * _ddb_check_operand:
 * @check_call: how the kind of expression goes on with a call, or with + and -
 *
 * Checks an operand of a condition or an update: resolves a path or a value.  A call
 * (and, in updates, + or -) counts as an operator; its operands are checked first,
 * post-order and left to right, a call's function is named, and @check_call then makes
 * the checks of the kind of expression.
 */
void
_ddb_check_operand (DdbChecker       *ck,
                    DdbNode          *node,
                    DdbCheckCallFunc  check_call)
{
  g_autofree char *name = NULL;

  if (node->kind == DDB_NODE_PATH)
    {
      _ddb_check_resolve_path (ck, node);
      return;
    }
  if (node->kind == DDB_NODE_VALUE)
    {
      _ddb_check_resolve_value (ck, node);
      return;
    }

  g_assert (node->kind == DDB_NODE_CALL || node->kind == DDB_NODE_PLUS ||
            node->kind == DDB_NODE_MINUS);
  name = _ddb_syntax_token_text (ck->syntax, node->token);
  ck->operators++;
  for (guint i = 0; i < node->n_args; i++)
    _ddb_check_operand (ck, node->args[i], check_call);
  if (node->kind == DDB_NODE_CALL)
    node->function = _ddb_function_from_name (name, strlen (name));

  check_call (ck, node, name);
}
