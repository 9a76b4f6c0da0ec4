/* ddb-expression-ast-private.h
 *
 * The syntax trees of DynamoDB's expression languages, the state shared by the parser and
 * the checker, and the entry points of both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression-lexer-private.h"
#include "ddb-expression-private.h"

G_BEGIN_DECLS

typedef enum
{
  /* Operands */
  DDB_NODE_PATH,       /* a.b[1] */
  DDB_NODE_VALUE,      /* :v */
  DDB_NODE_CALL,       /* f(x, y), as an operand or as a condition */
  /* Conditions */
  DDB_NODE_COMPARE,    /* args: left, right */
  DDB_NODE_BETWEEN,    /* args: operand, lower, upper */
  DDB_NODE_IN,         /* args: operand, then the list */
  DDB_NODE_AND,        /* two or more args */
  DDB_NODE_OR,         /* two or more args */
  DDB_NODE_NOT,        /* one arg */
  /* Update values */
  DDB_NODE_PLUS,       /* args: left, right */
  DDB_NODE_MINUS,
} DdbNodeKind;

typedef enum
{
  DDB_COMPARE_EQ,
  DDB_COMPARE_NE,
  DDB_COMPARE_LT,
  DDB_COMPARE_LE,
  DDB_COMPARE_GT,
  DDB_COMPARE_GE,
} DdbCompareOp;

typedef enum
{
  DDB_FUNCTION_UNKNOWN,
  DDB_FUNCTION_ATTRIBUTE_EXISTS,
  DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS,
  DDB_FUNCTION_ATTRIBUTE_TYPE,
  DDB_FUNCTION_BEGINS_WITH,
  DDB_FUNCTION_CONTAINS,
  DDB_FUNCTION_SIZE,
  DDB_FUNCTION_IF_NOT_EXISTS,
  DDB_FUNCTION_LIST_APPEND,
} DdbFunction;

typedef struct _DdbNode DdbNode;

/* One node.  The parser fills in kind, token, compare, path_tokens and args; the checker
 * resolves function, path and value. */
struct _DdbNode
{
  DdbNodeKind   kind;
  guint         token;        /* the name, value or function token; the operator's token */
  DdbCompareOp  compare;      /* COMPARE */
  DdbFunction   function;     /* CALL */
  guint        *path_tokens;  /* PATH: one IDENT, NAME or NUMBER token per element */
  guint         path_length;
  DdbPath      *path;         /* PATH: NULL until resolved, or if a #name is undefined */
  DdbValue     *value;        /* VALUE: NULL until resolved, or if the :value is undefined */
  DdbNode     **args;
  guint         n_args;
};

typedef enum
{
  DDB_ACTION_SET,
  DDB_ACTION_REMOVE,
  DDB_ACTION_ADD,
  DDB_ACTION_DELETE,
} DdbActionKind;

/* One action of an update expression: "SET a = b + :c", "REMOVE a", "ADD a :v". */
typedef struct
{
  DdbActionKind  kind;
  DdbNode       *target;    /* a PATH node */
  DdbNode       *operand;   /* SET: the value; ADD, DELETE: a VALUE node; REMOVE: NULL */
} DdbAction;

/* One expression being parsed and checked.  Nodes live in the arena until the expression
 * object that owns the tree is freed. */
typedef struct
{
  const char        *text;
  DdbExpressionKind  kind;
  DdbToken          *tokens;
  guint              n_tokens;
  GPtrArray         *nodes;      /* every node allocated, owned */
  gboolean           redundant_parens;  /* the parser met "((x))" */
} DdbSyntax;

void       _ddb_syntax_init         (DdbSyntax      *syntax,
                                     const char     *text,
                                     DdbExpressionKind kind);
void       _ddb_syntax_clear        (DdbSyntax      *syntax);
char      *_ddb_syntax_token_text   (const DdbSyntax *syntax,
                                     guint           token);
DdbNode   *_ddb_node_new            (DdbSyntax      *syntax,
                                     DdbNodeKind     kind,
                                     guint           token);
void       _ddb_node_set_args       (DdbNode        *node,
                                     DdbNode       **args,
                                     guint           n_args);
DdbFunction _ddb_function_from_name (const char     *name,
                                     gsize           length);
const char *_ddb_compare_op_symbol  (DdbCompareOp    op);

/* A parsed, checked condition (ddb-expression-eval.c); key conditions wrap one. */
struct _DdbCondition
{
  GPtrArray *nodes;    /* the arena */
  DdbNode   *root;
};

DdbCondition *_ddb_condition_parse    (const char            *text,
                                       DdbExpressionKind      kind,
                                       DdbExpressionContext  *context,
                                       GError               **error);
gboolean      _ddb_value_begins_with  (const DdbValue        *value,
                                       const DdbValue        *prefix);

/* A parsed, checked update (ddb-expression-update.c); ddb-expression-update-apply.c
 * applies it. */
struct _DdbUpdate
{
  GPtrArray   *nodes;     /* the arena */
  GArray      *actions;   /* (element-type DdbAction), in the order written */
  DdbPathTrie *trie;      /* the targets; each leaf's data is its DdbAction */
};

/* The parser (ddb-expression-parser.c): syntax only.  On failure @error holds DynamoDB's
 * syntax error (or a nesting-limit error). */
DdbNode   *_ddb_parse_condition     (DdbSyntax      *syntax,
                                     GError        **error);
gboolean   _ddb_parse_update        (DdbSyntax      *syntax,
                                     GArray         *actions,
                                     GArray         *sections,
                                     GError        **error);
gboolean   _ddb_parse_projection    (DdbSyntax      *syntax,
                                     GPtrArray      *paths,
                                     GError        **error);

/* The checker (ddb-expression-check.c): every other validation, in DynamoDB's order of
 * precedence; it resolves names, values and functions. */
gboolean   _ddb_check_condition     (DdbSyntax            *syntax,
                                     DdbNode              *root,
                                     DdbExpressionContext *context,
                                     GError              **error);
gboolean   _ddb_check_update        (DdbSyntax            *syntax,
                                     GArray               *actions,
                                     GArray               *sections,
                                     DdbExpressionContext *context,
                                     GError              **error);
gboolean   _ddb_check_projection    (DdbSyntax            *syntax,
                                     GPtrArray            *paths,
                                     DdbExpressionContext *context,
                                     GError              **error);

G_END_DECLS
