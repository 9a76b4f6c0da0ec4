/* ddb-expression-lexer-private.h
 *
 * The tokens of DynamoDB's expression languages and the lexer that produces them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression.h"

G_BEGIN_DECLS

typedef enum
{
  DDB_TOKEN_EOF,
  DDB_TOKEN_INVALID,     /* one character no token starts with: "!", "ü", "\"" */
  DDB_TOKEN_IDENT,       /* name or function: [A-Za-z_][A-Za-z0-9_]* */
  DDB_TOKEN_NAME,        /* #placeholder: "#" [A-Za-z0-9_]* */
  DDB_TOKEN_VALUE,       /* :placeholder: ":" [A-Za-z0-9_]* */
  DDB_TOKEN_NUMBER,      /* list index: [0-9]+ */
  DDB_TOKEN_LPAREN,
  DDB_TOKEN_RPAREN,
  DDB_TOKEN_LBRACKET,
  DDB_TOKEN_RBRACKET,
  DDB_TOKEN_COMMA,
  DDB_TOKEN_DOT,
  DDB_TOKEN_EQ,
  DDB_TOKEN_NE,
  DDB_TOKEN_LT,
  DDB_TOKEN_LE,
  DDB_TOKEN_GT,
  DDB_TOKEN_GE,
  DDB_TOKEN_PLUS,
  DDB_TOKEN_MINUS,
  /* Keywords of conditions, filters and key conditions */
  DDB_TOKEN_AND,
  DDB_TOKEN_OR,
  DDB_TOKEN_NOT,
  DDB_TOKEN_BETWEEN,
  DDB_TOKEN_IN,
  /* Keywords of update expressions */
  DDB_TOKEN_SET,
  DDB_TOKEN_REMOVE,
  DDB_TOKEN_ADD,
  DDB_TOKEN_DELETE,
} DdbTokenKind;

typedef struct
{
  DdbTokenKind kind;
  guint        start;   /* byte offsets into the expression text */
  guint        end;
} DdbToken;

DdbToken *_ddb_expression_tokenize (const char        *text,
                                    DdbExpressionKind  kind,
                                    guint             *n_tokens);

G_END_DECLS
