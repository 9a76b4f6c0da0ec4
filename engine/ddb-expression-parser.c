/* ddb-expression-parser.c
 *
 * The recursive-descent parser of DynamoDB's three expression grammars: conditions (also
 * used for filters and key conditions), updates and projections.  It checks syntax only
 * and builds the syntax tree; ddb-expression-check.c makes every other check.
 *
 * This file holds the parser's machinery and the condition grammar; the update and
 * projection grammars are in ddb-expression-parser-update.c.
 *
 * Grammar (EBNF; terminals in capitals are tokens of ddb-expression-lexer.c)
 * -------------------------------------------------------------------------
 *
 *   condition      = or-condition EOF ;
 *   or-condition   = and-condition { OR and-condition } ;
 *   and-condition  = not-condition { AND not-condition } ;
 *   not-condition  = NOT not-condition | primary ;
 *   primary        = comparison | "(" or-condition ")" ;
 *   comparison     = operand comparator operand
 *                  | operand BETWEEN operand AND operand
 *                  | operand IN "(" operand { "," operand } ")"
 *                  | call ;                          (* a function as a condition *)
 *   comparator     = "=" | "<>" | "<" | "<=" | ">" | ">=" ;
 *   operand        = "(" operand ")" [ suffix { suffix } ]   (* suffixes: paths only *)
 *                  | call | VALUE | path ;
 *   call           = IDENT "(" operand { "," operand } ")" ;
 *   path           = ( IDENT | NAME ) { suffix } ;
 *   suffix         = "." ( IDENT | NAME ) | "[" NUMBER "]" ;
 *
 *   update         = section { section } EOF ;
 *   section        = SET set-action { "," set-action }
 *                  | REMOVE path { "," path }
 *                  | ADD path VALUE { "," path VALUE }
 *                  | DELETE path VALUE { "," path VALUE } ;
 *   set-action     = path "=" set-value ;
 *   set-value      = "(" set-expr ")" | set-expr ;
 *   set-expr       = set-operand [ ( "+" | "-" ) set-operand ] ;
 *   set-operand    = "(" update-operand ")" | update-operand ;
 *   update-operand = update-call | VALUE | path ;
 *   update-call    = IDENT "(" set-operand { "," set-operand } ")" ;
 *
 *   projection     = path { "," path } EOF ;
 *
 * Precedence follows from the layering: comparators, BETWEEN and IN bind tightest, then
 * functions and parentheses, then NOT, AND and OR, as in the developer guide's
 * "Precedence in conditions".  A group of parentheses holding nothing but another group,
 * "((a = b))" or "((a))", is legal syntax that DynamoDB then refuses as redundant; the
 * parser notes it for the checker.  Which functions exist, which may be conditions and
 * which operands, is also the checker's business: here a call is a call.
 *
 * Design notes
 * ------------
 * Syntax errors.  DynamoDB reports the token at which parsing got stuck and its
 * neighbours: 'Syntax error; token: "b", near: "a b"'.  We compute it as a PEG parser
 * does (dynalite's grammars are PEG, and its tests record the live service's answers):
 * every failed attempt to match a token records its position, and the error names the
 * furthest position any attempt reached.  "near" runs from the start of the token before
 * it to the end of the token after it.
 *
 * The one real ambiguity is "(" at the start of a condition: "(a) = b" is a comparison of
 * a parenthesised operand, "(a = b)" a parenthesised condition.  The parser tries the
 * comparison first and, if that fails, the condition group (ordered choice, as PEG).  The
 * comparison attempt only ever parses operands, never conditions, and operands are
 * memoised by position, so each token is parsed as an operand at most once and the
 * backtracking stays linear.  In updates the same ambiguity ("(a) + b" against "(a + b)")
 * is settled by looking at the token after the matching ")".
 *
 * Bounded recursion.  Every "(" and NOT of a condition and every nested call recurses.
 * Nesting is capped at DDB_EXPRESSION_MAX_NESTING (512) levels, far above anything
 * DynamoDB accepts: within 4 KB, 512 levels need either more than 300 operators or
 * redundant parentheses (or a path deeper than 32 levels), all of which DynamoDB refuses.
 * Past the cap the parser stops with the message DynamoDB most likely gives for such an
 * input: too many operators when NOT or calls nest, redundant parentheses otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include "ddb-expression-parser-private.h"

static DdbNode *parse_or (DdbParser *p,
                          guint     *parens);

/* ---------------------------------------------------------------------------------------
 * Parser state and errors
 * ------------------------------------------------------------------------------------- */

/* Prepares @p to parse @syntax from its first token; free with _ddb_parser_clear(). */
void
_ddb_parser_init (DdbParser *p,
                  DdbSyntax *syntax)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));

  p->syntax = syntax;
  p->tokens = syntax->tokens;
  p->pos = 0;
  p->furthest = 0;
  p->depth = 0;
  p->too_deep_token = DDB_PARSER_NO_MATCH;
  p->memo = g_new0 (DdbOperandMemo, syntax->n_tokens);
  p->matching = g_new (guint, syntax->n_tokens);

  for (guint i = 0; i < syntax->n_tokens; i++)
    {
      p->matching[i] = DDB_PARSER_NO_MATCH;
      if (p->tokens[i].kind == DDB_TOKEN_LPAREN)
        g_array_append_val (open, i);
      else if (p->tokens[i].kind == DDB_TOKEN_RPAREN && open->len > 0)
        {
          p->matching[g_array_index (open, guint, open->len - 1)] = i;
          g_array_set_size (open, open->len - 1);
        }
    }
}

void
_ddb_parser_clear (DdbParser *p)
{
  g_clear_pointer (&p->memo, g_free);
  g_clear_pointer (&p->matching, g_free);
}

/* Consumes the current token if it is a @kind; otherwise records a failed match here.
 * Never called for EOF, which is never consumed. */
gboolean
_ddb_parser_accept (DdbParser    *p,
                    DdbTokenKind  kind)
{
  g_assert (kind != DDB_TOKEN_EOF);

  if (p->tokens[p->pos].kind == kind)
    {
      p->pos++;
      return TRUE;
    }

  p->furthest = MAX (p->furthest, p->pos);

  return FALSE;
}

/* TRUE if the whole input is consumed; otherwise records a failed match here. */
gboolean
_ddb_parser_at_end (DdbParser *p)
{
  if (_ddb_parser_peek (p) == DDB_TOKEN_EOF)
    return TRUE;

  p->furthest = MAX (p->furthest, p->pos);

  return FALSE;
}

/* One more level of nesting, unless the cap is reached (see the design notes). */
static gboolean
enter (DdbParser *p)
{
  if (p->depth >= DDB_EXPRESSION_MAX_NESTING)
    {
      if (p->too_deep_token == DDB_PARSER_NO_MATCH)
        p->too_deep_token = p->pos;
      return FALSE;
    }

  p->depth++;

  return TRUE;
}

static void
leave (DdbParser *p)
{
  g_assert (p->depth > 0);
  p->depth--;
}

/* Sets DynamoDB's syntax error for a failed parse, or the nesting-cap error. */
void
_ddb_parser_set_error (DdbParser  *p,
                       GError    **error)
{
  const DdbSyntax *s = p->syntax;
  const DdbToken *t;
  g_autofree char *token = NULL;
  g_autofree char *near = NULL;
  guint i, near_start, near_end;

  if (p->too_deep_token != DDB_PARSER_NO_MATCH)
    {
      DdbTokenKind kind = p->tokens[p->too_deep_token].kind;

      if (kind == DDB_TOKEN_NOT || kind == DDB_TOKEN_IDENT)
        _ddb_expression_set_error (error, s->kind,
                                   "The expression contains too many operators; "
                                   "operator count: %d", DDB_EXPRESSION_MAX_OPERATORS + 1);
      else
        _ddb_expression_set_error (error, s->kind, "The expression has redundant parentheses;");
      return;
    }

  i = MIN (p->furthest, s->n_tokens - 1);
  t = &p->tokens[i];
  near_start = i > 0 ? p->tokens[i - 1].start : t->start;
  near_end = t->kind == DDB_TOKEN_EOF ? t->end : p->tokens[i + 1].end;
  token = t->kind == DDB_TOKEN_EOF ? g_strdup ("<EOF>") : _ddb_syntax_token_text (s, i);
  near = g_strndup (s->text + near_start, near_end - near_start);

  _ddb_expression_set_error (error, s->kind, "Syntax error; token: \"%s\", near: \"%s\"",
                             token, near);
}

/* ---------------------------------------------------------------------------------------
 * Paths and operands
 * ------------------------------------------------------------------------------------- */

/* Accepts an IDENT or a NAME and appends its index to @elements. */
static gboolean
accept_name (DdbParser *p,
             GArray    *elements)
{
  guint token = p->pos;

  if (!_ddb_parser_accept (p, DDB_TOKEN_IDENT) && !_ddb_parser_accept (p, DDB_TOKEN_NAME))
    return FALSE;

  g_array_append_val (elements, token);

  return TRUE;
}

/* suffix { suffix }, appending the element tokens to @elements.  Stops, successfully,
 * before the first token that starts no suffix. */
static gboolean
parse_suffixes (DdbParser *p,
                GArray    *elements)
{
  /* Bounded: every iteration consumes at least two tokens. */
  for (;;)
    {
      if (_ddb_parser_accept (p, DDB_TOKEN_DOT))
        {
          if (!accept_name (p, elements))
            return FALSE;
        }
      else if (_ddb_parser_accept (p, DDB_TOKEN_LBRACKET))
        {
          guint number = p->pos;

          if (!_ddb_parser_accept (p, DDB_TOKEN_NUMBER) ||
              !_ddb_parser_accept (p, DDB_TOKEN_RBRACKET))
            return FALSE;
          g_array_append_val (elements, number);
        }
      else
        return TRUE;
    }
}

static DdbNode *
path_node (DdbParser *p,
           guint      first_token,
           GArray    *elements)
{
  DdbNode *node = _ddb_node_new (p->syntax, DDB_NODE_PATH, first_token);

  node->path_length = elements->len;
  node->path_tokens = g_memdup2 (elements->data, elements->len * sizeof (guint));

  return node;
}

/* path = ( IDENT | NAME ) { suffix } */
DdbNode *
_ddb_parser_parse_path (DdbParser *p)
{
  g_autoptr(GArray) elements = g_array_new (FALSE, FALSE, sizeof (guint));
  guint start = p->pos;

  if (!accept_name (p, elements) || !parse_suffixes (p, elements))
    return NULL;

  return path_node (p, start, elements);
}

/* TRUE if the current token starts a call: an IDENT followed by "(". */
gboolean
_ddb_parser_at_call (const DdbParser *p)
{
  return _ddb_parser_peek (p) == DDB_TOKEN_IDENT && p->tokens[p->pos + 1].kind == DDB_TOKEN_LPAREN;
}

/* call = IDENT "(" argument { "," argument } ")", the arguments parsed by @argument. */
DdbNode *
_ddb_parser_parse_call (DdbParser           *p,
                        DdbParseOperandFunc  argument)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  DdbNode *node = NULL;
  guint name = p->pos;

  g_assert (_ddb_parser_at_call (p));

  if (!enter (p))
    return NULL;

  p->pos += 2;
  do
    {
      guint parens;
      DdbNode *arg = argument (p, &parens);

      if (arg == NULL)
        goto out;
      g_ptr_array_add (args, arg);
    }
  while (_ddb_parser_accept (p, DDB_TOKEN_COMMA));

  if (_ddb_parser_accept (p, DDB_TOKEN_RPAREN))
    {
      node = _ddb_node_new (p->syntax, DDB_NODE_CALL, name);
      _ddb_node_set_args (node, (DdbNode **)args->pdata, args->len);
    }

out:
  leave (p);

  return node;
}

/* Returns: (transfer none): a VALUE node for the current token, which it consumes. */
DdbNode *
_ddb_parser_value_node (DdbParser *p)
{
  DdbNode *node = _ddb_node_new (p->syntax, DDB_NODE_VALUE, p->pos);

  p->pos++;

  return node;
}

static DdbNode *parse_condition_operand (DdbParser *p,
                                         guint     *parens);

/* "(" inner ")", the current token being "(": one more level of nesting.  *@inner_parens
 * receives the parentheses around the inner part; any makes the group redundant, which
 * is noted for the checker. */
static DdbNode *
parse_group (DdbParser           *p,
             DdbParseOperandFunc  parse_inner,
             guint               *inner_parens)
{
  DdbNode *inner;
  gboolean closed;

  if (!enter (p))
    return NULL;

  p->pos++;
  inner = parse_inner (p, inner_parens);
  closed = inner != NULL && _ddb_parser_accept (p, DDB_TOKEN_RPAREN);
  leave (p);
  if (!closed)
    return NULL;

  if (*inner_parens > 0)
    p->syntax->redundant_parens = TRUE;

  return inner;
}

/* A parenthesised condition operand, "(" operand ")", possibly the head of a grouped path
 * "(a.b).c".  The current token is "(". */
static DdbNode *
parse_grouped_operand (DdbParser *p,
                       guint     *parens)
{
  g_autoptr(GArray) elements = NULL;
  guint inner_parens = 0;
  DdbNode *inner = parse_group (p, parse_condition_operand, &inner_parens);

  if (inner == NULL)
    return NULL;

  if (inner->kind != DDB_NODE_PATH ||
      (_ddb_parser_peek (p) != DDB_TOKEN_DOT && _ddb_parser_peek (p) != DDB_TOKEN_LBRACKET))
    {
      *parens = inner_parens + 1;
      return inner;
    }

  /* A grouped path continues: build a new node, the inner one may be shared. */
  elements = g_array_sized_new (FALSE, FALSE, sizeof (guint), inner->path_length + 2);
  g_array_append_vals (elements, inner->path_tokens, inner->path_length);
  if (!parse_suffixes (p, elements))
    return NULL;

  *parens = 0;

  return path_node (p, inner->token, elements);
}

static DdbNode *
parse_condition_operand_uncached (DdbParser *p,
                                  guint     *parens)
{
  *parens = 0;

  if (_ddb_parser_peek (p) == DDB_TOKEN_LPAREN)
    return parse_grouped_operand (p, parens);
  if (_ddb_parser_at_call (p))
    return _ddb_parser_parse_call (p, parse_condition_operand);
  if (_ddb_parser_peek (p) == DDB_TOKEN_VALUE)
    return _ddb_parser_value_node (p);

  return _ddb_parser_parse_path (p);
}

/* operand, memoised by start position: the condition grammar may try the same operand
 * twice (see the design notes).  On failure the position is left unchanged. */
static DdbNode *
parse_condition_operand (DdbParser *p,
                         guint     *parens)
{
  guint start = p->pos;
  DdbOperandMemo *memo = &p->memo[start];

  if (!memo->done)
    {
      memo->node = parse_condition_operand_uncached (p, &memo->parens);
      memo->end = p->pos;
      memo->done = TRUE;
    }

  if (memo->node == NULL)
    {
      p->pos = start;
      return NULL;
    }

  p->pos = memo->end;
  *parens = memo->parens;

  return memo->node;
}

/* ---------------------------------------------------------------------------------------
 * Conditions
 * ------------------------------------------------------------------------------------- */

static gboolean
accept_comparator (DdbParser    *p,
                   DdbCompareOp *op)
{
  static const struct
  {
    DdbTokenKind token;
    DdbCompareOp op;
  } comparators[] = {
    { DDB_TOKEN_EQ, DDB_COMPARE_EQ },
    { DDB_TOKEN_NE, DDB_COMPARE_NE },
    { DDB_TOKEN_LT, DDB_COMPARE_LT },
    { DDB_TOKEN_LE, DDB_COMPARE_LE },
    { DDB_TOKEN_GT, DDB_COMPARE_GT },
    { DDB_TOKEN_GE, DDB_COMPARE_GE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (comparators); i++)
    if (_ddb_parser_accept (p, comparators[i].token))
      {
        *op = comparators[i].op;
        return TRUE;
      }

  return FALSE;
}

static DdbNode *
condition_node (DdbParser   *p,
                DdbNodeKind  kind,
                guint        token,
                GPtrArray   *args)
{
  DdbNode *node = _ddb_node_new (p->syntax, kind, token);

  _ddb_node_set_args (node, (DdbNode **)args->pdata, args->len);

  return node;
}

/* operand IN "(" operand { "," operand } ")", after IN; @args holds the first operand. */
static gboolean
parse_in_list (DdbParser *p,
               GPtrArray *args)
{
  if (!_ddb_parser_accept (p, DDB_TOKEN_LPAREN))
    return FALSE;

  do
    {
      guint parens;
      DdbNode *arg = parse_condition_operand (p, &parens);

      if (arg == NULL)
        return FALSE;
      g_ptr_array_add (args, arg);
    }
  while (_ddb_parser_accept (p, DDB_TOKEN_COMMA));

  return _ddb_parser_accept (p, DDB_TOKEN_RPAREN);
}

/* comparison: a comparator, BETWEEN or IN condition, or a call as a condition. */
static DdbNode *
parse_comparison (DdbParser *p)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  DdbNode *operand;
  DdbCompareOp op;
  guint first_parens, parens, token;

  operand = parse_condition_operand (p, &first_parens);
  if (operand == NULL)
    return NULL;
  g_ptr_array_add (args, operand);

  token = p->pos;
  if (accept_comparator (p, &op))
    {
      DdbNode *node;

      if ((operand = parse_condition_operand (p, &parens)) == NULL)
        return NULL;
      g_ptr_array_add (args, operand);
      node = condition_node (p, DDB_NODE_COMPARE, token, args);
      node->compare = op;
      return node;
    }

  if (_ddb_parser_accept (p, DDB_TOKEN_BETWEEN))
    {
      if ((operand = parse_condition_operand (p, &parens)) == NULL)
        return NULL;
      g_ptr_array_add (args, operand);
      if (!_ddb_parser_accept (p, DDB_TOKEN_AND))
        return NULL;
      if ((operand = parse_condition_operand (p, &parens)) == NULL)
        return NULL;
      g_ptr_array_add (args, operand);
      return condition_node (p, DDB_NODE_BETWEEN, token, args);
    }

  if (_ddb_parser_accept (p, DDB_TOKEN_IN))
    return parse_in_list (p, args) ? condition_node (p, DDB_NODE_IN, token, args) : NULL;

  /* A bare call is a condition ("attribute_exists(a)"), but not a parenthesised one:
   * "(f(a))" is a condition group around it, which primary handles. */
  operand = g_ptr_array_index (args, 0);
  if (operand->kind == DDB_NODE_CALL && first_parens == 0)
    return operand;

  return NULL;
}

/* primary = comparison | "(" or-condition ")" */
static DdbNode *
parse_primary (DdbParser *p,
               guint     *parens)
{
  DdbNode *node;
  guint start = p->pos;
  guint inner_parens = 0;

  *parens = 0;
  if (_ddb_parser_peek (p) != DDB_TOKEN_LPAREN)
    return parse_comparison (p);

  /* Ordered choice: "(a) = b" first, then "(a = b)". */
  node = parse_comparison (p);
  if (node != NULL || p->too_deep_token != DDB_PARSER_NO_MATCH)
    return node;
  p->pos = start;

  node = parse_group (p, parse_or, &inner_parens);
  if (node == NULL)
    return NULL;
  *parens = inner_parens + 1;

  return node;
}

/* not-condition = NOT not-condition | primary */
static DdbNode *
parse_not (DdbParser *p,
           guint     *parens)
{
  DdbNode *inner, *node;
  guint token = p->pos;
  guint ignored;

  if (!_ddb_parser_accept (p, DDB_TOKEN_NOT))
    return parse_primary (p, parens);

  if (!enter (p))
    return NULL;
  inner = parse_not (p, &ignored);
  leave (p);
  if (inner == NULL)
    return NULL;

  node = _ddb_node_new (p->syntax, DDB_NODE_NOT, token);
  _ddb_node_set_args (node, &inner, 1);
  *parens = 0;

  return node;
}

/* One level of the AND/OR layers: operand { separator operand }.  A single operand passes
 * through with its parentheses; a list becomes one @kind node. */
static DdbNode *
parse_list (DdbParser    *p,
            DdbTokenKind  separator,
            DdbNodeKind   kind,
            DdbNode     *(*parse_next) (DdbParser *, guint *),
            guint        *parens)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  DdbNode *first;
  guint token;

  first = parse_next (p, parens);
  if (first == NULL)
    return NULL;

  token = p->pos;
  if (!_ddb_parser_accept (p, separator))
    return first;

  g_ptr_array_add (args, first);
  do
    {
      guint ignored;
      DdbNode *next = parse_next (p, &ignored);

      if (next == NULL)
        return NULL;
      g_ptr_array_add (args, next);
    }
  while (_ddb_parser_accept (p, separator));

  *parens = 0;

  return condition_node (p, kind, token, args);
}

static DdbNode *
parse_and (DdbParser *p,
           guint     *parens)
{
  return parse_list (p, DDB_TOKEN_AND, DDB_NODE_AND, parse_not, parens);
}

static DdbNode *
parse_or (DdbParser *p,
          guint     *parens)
{
  return parse_list (p, DDB_TOKEN_OR, DDB_NODE_OR, parse_and, parens);
}

/**
 * _ddb_parse_condition:
 * @syntax: an expression of kind condition, filter or key condition
 * @error: return location for DynamoDB's syntax error
 *
 * Returns: (transfer none) (nullable): the root of the condition, a node of the arena of
 *   @syntax, or NULL with @error set.
 */
DdbNode *
_ddb_parse_condition (DdbSyntax  *syntax,
                      GError    **error)
{
  DdbParser p;
  DdbNode *root;
  guint parens;

  _ddb_parser_init (&p, syntax);
  root = parse_or (&p, &parens);
  if (root == NULL || !_ddb_parser_at_end (&p))
    {
      _ddb_parser_set_error (&p, error);
      root = NULL;
    }
  _ddb_parser_clear (&p);

  return root;
}

