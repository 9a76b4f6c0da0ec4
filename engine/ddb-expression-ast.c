/* ddb-expression-ast.c
 *
 * Syntax tree nodes of the expression languages and the DdbSyntax that holds an
 * expression's tokens and nodes while it is parsed and checked.
 *
 * Design notes
 * ------------
 * Nodes are allocated into an arena (a GPtrArray that frees them) rather than owned by
 * their parents: the parser backtracks over parenthesised groups and memoises operands,
 * so a node may be built and then abandoned, or shared by two attempts of which only one
 * survives.  Freeing the arena frees every node exactly once, without recursion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-ast-private.h"

static void
ddb_node_free (gpointer data)
{
  DdbNode *node = data;

  g_free (node->path_tokens);
  g_clear_pointer (&node->path, _ddb_path_free);
  g_clear_pointer (&node->value, ddb_value_unref);
  g_free (node->args);
  g_free (node);
}

/* Tokenizes @text into @syntax and creates its (empty) node arena.  @text must stay
 * alive until _ddb_syntax_clear(). */
void
_ddb_syntax_init (DdbSyntax         *syntax,
                  const char        *text,
                  DdbExpressionKind  kind)
{
  g_assert (syntax != NULL && text != NULL);

  syntax->text = text;
  syntax->kind = kind;
  syntax->tokens = _ddb_expression_tokenize (text, kind, &syntax->n_tokens);
  syntax->nodes = g_ptr_array_new_with_free_func (ddb_node_free);
  syntax->redundant_parens = FALSE;
}

/* Frees the tokens and, unless the caller took it with g_steal_pointer(), the arena. */
void
_ddb_syntax_clear (DdbSyntax *syntax)
{
  g_clear_pointer (&syntax->tokens, g_free);
  g_clear_pointer (&syntax->nodes, g_ptr_array_unref);
}

/* Returns: (transfer full): the text of token @token. */
char *
_ddb_syntax_token_text (const DdbSyntax *syntax,
                        guint            token)
{
  const DdbToken *t;

  g_assert (token < syntax->n_tokens);
  t = &syntax->tokens[token];

  return g_strndup (syntax->text + t->start, t->end - t->start);
}

/* Returns: (transfer none): a new node of @kind, owned by the arena of @syntax. */
DdbNode *
_ddb_node_new (DdbSyntax   *syntax,
               DdbNodeKind  kind,
               guint        token)
{
  DdbNode *node = g_new0 (DdbNode, 1);

  node->kind = kind;
  node->token = token;
  g_ptr_array_add (syntax->nodes, node);

  return node;
}

/* Gives @node a copy of the array @args (the nodes themselves stay in the arena). */
void
_ddb_node_set_args (DdbNode  *node,
                    DdbNode **args,
                    guint     n_args)
{
  g_assert (node->args == NULL);

  node->args = g_memdup2 (args, n_args * sizeof (DdbNode *));
  node->n_args = n_args;
}

/* The function called @name (case-sensitive, as in DynamoDB), or UNKNOWN. */
DdbFunction
_ddb_function_from_name (const char *name,
                         gsize       length)
{
  static const struct
  {
    const char  *name;
    DdbFunction  function;
  } functions[] = {
    { "attribute_exists", DDB_FUNCTION_ATTRIBUTE_EXISTS },
    { "attribute_not_exists", DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS },
    { "attribute_type", DDB_FUNCTION_ATTRIBUTE_TYPE },
    { "begins_with", DDB_FUNCTION_BEGINS_WITH },
    { "contains", DDB_FUNCTION_CONTAINS },
    { "size", DDB_FUNCTION_SIZE },
    { "if_not_exists", DDB_FUNCTION_IF_NOT_EXISTS },
    { "list_append", DDB_FUNCTION_LIST_APPEND },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strlen (functions[i].name) == length && memcmp (functions[i].name, name, length) == 0)
      return functions[i].function;

  return DDB_FUNCTION_UNKNOWN;
}

/* The comparator as written in expressions and in DynamoDB's messages. */
const char *
_ddb_compare_op_symbol (DdbCompareOp op)
{
  switch (op)
    {
    case DDB_COMPARE_EQ:
      return "=";
    case DDB_COMPARE_NE:
      return "<>";
    case DDB_COMPARE_LT:
      return "<";
    case DDB_COMPARE_LE:
      return "<=";
    case DDB_COMPARE_GT:
      return ">";
    case DDB_COMPARE_GE:
      return ">=";
    default:
      g_assert_not_reached ();
    }
}
