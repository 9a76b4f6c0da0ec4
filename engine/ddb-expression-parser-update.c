/* ddb-expression-parser-update.c
 *
 * The update and projection grammars of the parser (see ddb-expression-parser.c for the
 * grammar in EBNF, the syntax error rules and the parser's machinery).
 *
 * Design notes
 * ------------
 * Both grammars are LL(1) but for one spot: in "SET a = (" the parenthesis may open the
 * whole value, "(b + c)", or its first operand, "(b) + c".  The token after the
 * matching ")" decides: "+" or "-" means an operand.  Updates have no grouped paths and
 * no notion of redundant parentheses: a third level of parentheses is a syntax error, as
 * in dynalite's grammar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include "ddb-expression-parser-private.h"

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

static DdbNode *parse_set_operand (DdbParser *p,
                                   guint     *parens);

/* update-operand = update-call | VALUE | path */
static DdbNode *
parse_update_operand (DdbParser *p)
{
  if (_ddb_parser_at_call (p))
    return _ddb_parser_parse_call (p, parse_set_operand);
  if (_ddb_parser_peek (p) == DDB_TOKEN_VALUE)
    return _ddb_parser_value_node (p);

  return _ddb_parser_parse_path (p);
}

/* set-operand = "(" update-operand ")" | update-operand */
static DdbNode *
parse_set_operand (DdbParser *p,
                   guint     *parens)
{
  DdbNode *node;

  *parens = 0;
  if (!_ddb_parser_accept (p, DDB_TOKEN_LPAREN))
    return parse_update_operand (p);

  node = parse_update_operand (p);
  if (node == NULL || !_ddb_parser_accept (p, DDB_TOKEN_RPAREN))
    return NULL;
  *parens = 1;

  return node;
}

/* set-expr = set-operand [ ( "+" | "-" ) set-operand ] */
static DdbNode *
parse_set_expr (DdbParser *p)
{
  DdbNode *args[2];
  DdbNode *node;
  DdbNodeKind kind;
  guint parens, token;

  if ((args[0] = parse_set_operand (p, &parens)) == NULL)
    return NULL;

  token = p->pos;
  if (_ddb_parser_accept (p, DDB_TOKEN_PLUS))
    kind = DDB_NODE_PLUS;
  else if (_ddb_parser_accept (p, DDB_TOKEN_MINUS))
    kind = DDB_NODE_MINUS;
  else
    return args[0];

  if ((args[1] = parse_set_operand (p, &parens)) == NULL)
    return NULL;

  node = _ddb_node_new (p->syntax, kind, token);
  _ddb_node_set_args (node, args, 2);

  return node;
}

/* set-value = "(" set-expr ")" | set-expr.  A "(" whose ")" is followed by "+" or "-"
 * opens a set-operand instead: "(a) + b". */
static DdbNode *
parse_set_value (DdbParser *p)
{
  DdbNode *node;
  guint close;

  if (_ddb_parser_peek (p) != DDB_TOKEN_LPAREN)
    return parse_set_expr (p);

  close = p->matching[p->pos];
  if (close != DDB_PARSER_NO_MATCH &&
      (p->tokens[close + 1].kind == DDB_TOKEN_PLUS || p->tokens[close + 1].kind == DDB_TOKEN_MINUS))
    return parse_set_expr (p);

  p->pos++;
  node = parse_set_expr (p);
  if (node == NULL || !_ddb_parser_accept (p, DDB_TOKEN_RPAREN))
    return NULL;

  return node;
}

/* One action of a section of kind @kind. */
static gboolean
parse_action (DdbParser     *p,
              DdbActionKind  kind,
              GArray        *actions)
{
  DdbAction action = { kind, NULL, NULL };

  if ((action.target = _ddb_parser_parse_path (p)) == NULL)
    return FALSE;

  switch (kind)
    {
    case DDB_ACTION_SET:
      if (!_ddb_parser_accept (p, DDB_TOKEN_EQ) || (action.operand = parse_set_value (p)) == NULL)
        return FALSE;
      break;
    case DDB_ACTION_ADD:
    case DDB_ACTION_DELETE:
      if (_ddb_parser_peek (p) != DDB_TOKEN_VALUE)
        return _ddb_parser_accept (p, DDB_TOKEN_VALUE);
      action.operand = _ddb_parser_value_node (p);
      break;
    case DDB_ACTION_REMOVE:
    default:
      break;
    }

  g_array_append_val (actions, action);

  return TRUE;
}

static gboolean
accept_section (DdbParser     *p,
                DdbActionKind *kind)
{
  static const struct
  {
    DdbTokenKind  token;
    DdbActionKind kind;
  } sections[] = {
    { DDB_TOKEN_SET, DDB_ACTION_SET },
    { DDB_TOKEN_REMOVE, DDB_ACTION_REMOVE },
    { DDB_TOKEN_ADD, DDB_ACTION_ADD },
    { DDB_TOKEN_DELETE, DDB_ACTION_DELETE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    if (_ddb_parser_accept (p, sections[i].token))
      {
        *kind = sections[i].kind;
        return TRUE;
      }

  return FALSE;
}

/**
 * _ddb_parse_update:
 * @syntax: an update expression
 * @actions: (element-type DdbAction): receives the actions, in order
 * @sections: (element-type DdbActionKind): receives the kind of each section, in order
 * @error: return location for DynamoDB's syntax error
 *
 * Returns: TRUE on success.
 */
gboolean
_ddb_parse_update (DdbSyntax  *syntax,
                   GArray     *actions,
                   GArray     *sections,
                   GError    **error)
{
  DdbParser p;
  DdbActionKind kind;
  gboolean ok = TRUE;

  _ddb_parser_init (&p, syntax);

  while (ok && accept_section (&p, &kind))
    {
      g_array_append_val (sections, kind);
      do
        ok = parse_action (&p, kind, actions);
      while (ok && _ddb_parser_accept (&p, DDB_TOKEN_COMMA));
    }

  ok = ok && sections->len > 0 && _ddb_parser_at_end (&p);
  if (!ok)
    _ddb_parser_set_error (&p, error);
  _ddb_parser_clear (&p);

  return ok;
}

/* ---------------------------------------------------------------------------------------
 * Projections
 * ------------------------------------------------------------------------------------- */

/**
 * _ddb_parse_projection:
 * @syntax: a projection expression
 * @paths: receives the PATH nodes, in order
 * @error: return location for DynamoDB's syntax error
 *
 * Returns: TRUE on success.
 */
gboolean
_ddb_parse_projection (DdbSyntax  *syntax,
                       GPtrArray  *paths,
                       GError    **error)
{
  DdbParser p;
  gboolean ok = TRUE;

  _ddb_parser_init (&p, syntax);

  do
    {
      DdbNode *path = _ddb_parser_parse_path (&p);

      if (path == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (paths, path);
    }
  while (ok && _ddb_parser_accept (&p, DDB_TOKEN_COMMA));

  ok = ok && _ddb_parser_at_end (&p);
  if (!ok)
    _ddb_parser_set_error (&p, error);
  _ddb_parser_clear (&p);

  return ok;
}
