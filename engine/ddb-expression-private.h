/* ddb-expression-private.h
 *
 * What the units of the expression languages share and nobody else sees: the limits
 * DynamoDB puts on expressions, the error helpers that build its messages, the
 * internals of the context, of document paths and of the path trie, and the reserved
 * words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression.h"

G_BEGIN_DECLS

/* DynamoDB's limits (developer guide, "Expression parameters").  The list index bound is
 * the one other emulators probed (an index must fit a signed 32-bit integer); the
 * nesting bound is ours, see ddb-expression-parser.c. */
#define DDB_EXPRESSION_MAX_BYTES        4096
#define DDB_EXPRESSION_MAX_OPERATORS    300
#define DDB_EXPRESSION_MAX_IN_OPERANDS  100
#define DDB_EXPRESSION_MAX_PATH_DEPTH   32
#define DDB_EXPRESSION_MAX_LIST_INDEX   G_MAXINT32
#define DDB_EXPRESSION_MAX_NESTING      512

/* ---------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------- */

const char *_ddb_expression_kind_name   (DdbExpressionKind     kind);
void        _ddb_expression_set_error   (GError              **error,
                                         DdbExpressionKind     kind,
                                         const char           *format,
                                         ...) G_GNUC_PRINTF (3, 4);
gboolean    _ddb_expression_check_text  (const char           *text,
                                         DdbExpressionKind     kind,
                                         GError              **error);

/* Sets a validation error with a format as the whole message: DynamoDB gives some
 * messages ("Query key condition not supported") without the prefix. */
#define _ddb_expression_set_plain(error, ...) \
  g_set_error ((error), DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION, __VA_ARGS__)

/* ---------------------------------------------------------------------------------------
 * Context
 * ------------------------------------------------------------------------------------- */

const char *_ddb_expression_context_lookup_name  (DdbExpressionContext *context,
                                                  const char           *placeholder);
DdbValue   *_ddb_expression_context_lookup_value (DdbExpressionContext *context,
                                                  const char           *placeholder);

/* ---------------------------------------------------------------------------------------
 * Document paths
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  char   *name;    /* NULL for a list index */
  gint64  index;   /* -1 for a name */
} DdbPathElement;

struct _DdbPath
{
  guint           length;
  DdbPathElement *elements;
};

DdbPath  *_ddb_path_new         (const DdbPathElement *elements,
                                 guint                 length);
void      _ddb_path_free        (DdbPath              *path);
gboolean  _ddb_path_equal       (const DdbPath        *a,
                                 const DdbPath        *b);
char     *_ddb_path_to_message  (const DdbPath        *path);

/* A trie of document paths none of which is a prefix of another and which never mix
 * names and indexes at one level (the overlap and conflict checks guarantee both).  Each
 * path ends in a leaf carrying the caller's data; children are sorted, names by strcmp(),
 * indexes in ascending order, so that applying a trie visits lists front to back. */
typedef struct _DdbPathTrie DdbPathTrie;
struct _DdbPathTrie
{
  const DdbPathElement *element;     /* borrowed from a path; NULL at the root */
  gpointer              data;        /* the leaf's data; NULL in inner nodes */
  DdbPathTrie         **children;
  guint                 n_children;
};

DdbPathTrie *_ddb_path_trie_new   (const DdbPath * const *paths,
                                   gpointer const        *data,
                                   guint                  n_paths);
void         _ddb_path_trie_free  (DdbPathTrie           *trie);

/* ---------------------------------------------------------------------------------------
 * Reserved words
 * ------------------------------------------------------------------------------------- */

gboolean _ddb_expression_is_reserved (const char *word,
                                      gsize       length);

G_END_DECLS
