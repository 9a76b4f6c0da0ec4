/* ddb-expression-parser-private.h
 *
 * The parser's state and the machinery ddb-expression-parser.c (which also parses
 * conditions) shares with ddb-expression-parser-update.c (updates and projections):
 * matching tokens with PEG-style error positions, paths and calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression-ast-private.h"

G_BEGIN_DECLS

#define DDB_PARSER_NO_MATCH G_MAXUINT

typedef struct
{
  DdbNode  *node;      /* NULL if no operand parses at this position */
  guint     end;       /* the token after the operand */
  guint     parens;    /* parentheses around it with nothing else inside */
  gboolean  done;
} DdbOperandMemo;

typedef struct
{
  DdbSyntax      *syntax;
  const DdbToken *tokens;
  guint           pos;
  guint           furthest;        /* the furthest token a failed match reached */
  guint           depth;
  guint           too_deep_token;  /* DDB_PARSER_NO_MATCH unless the nesting cap was hit */
  guint          *matching;        /* index of the ")" closing each "(", or DDB_PARSER_NO_MATCH */
  DdbOperandMemo *memo;            /* operands by start position, conditions only */
} DdbParser;

typedef DdbNode *(*DdbParseOperandFunc) (DdbParser *p,
                                         guint     *parens);

void      _ddb_parser_init        (DdbParser           *p,
                                   DdbSyntax           *syntax);
void      _ddb_parser_clear       (DdbParser           *p);
gboolean  _ddb_parser_accept      (DdbParser           *p,
                                   DdbTokenKind         kind);
gboolean  _ddb_parser_at_end      (DdbParser           *p);
void      _ddb_parser_set_error   (DdbParser           *p,
                                   GError             **error);
DdbNode  *_ddb_parser_parse_path  (DdbParser           *p);
gboolean  _ddb_parser_at_call     (const DdbParser     *p);
DdbNode  *_ddb_parser_parse_call  (DdbParser           *p,
                                   DdbParseOperandFunc  argument);
DdbNode  *_ddb_parser_value_node  (DdbParser           *p);

/* The kind of the current token. */
static inline DdbTokenKind
_ddb_parser_peek (const DdbParser *p)
{
  return p->tokens[p->pos].kind;
}

G_END_DECLS
