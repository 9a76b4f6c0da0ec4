/* ddb-expression.h
 *
 * DynamoDB's expression languages: condition and filter expressions, key condition
 * expressions, projection expressions and update expressions, parsed against a request's
 * ExpressionAttributeNames and ExpressionAttributeValues and evaluated on items.
 *
 * Every parse function validates as DynamoDB does and fails with a
 * DDB_EXPRESSION_ERROR_VALIDATION error whose message is DynamoDB's ValidationException
 * text ("Invalid ConditionExpression: Syntax error; token: ...").  Evaluation never fails:
 * a condition that compares values of different types is simply false, as in DynamoDB.
 * Applying an update can fail (a path that does not exist, an operand of the wrong type),
 * again with DynamoDB's message.
 *
 * One DdbExpressionContext is shared by all the expressions of one request, so that names
 * and values that no expression used can be reported afterwards, which DynamoDB requires.
 *
 * All types here are plain C types owned by the caller; none is thread-safe, none holds a
 * reference to the context after parsing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-value.h"

G_BEGIN_DECLS

#define DDB_EXPRESSION_ERROR (ddb_expression_error_quark ())

typedef enum
{
  DDB_EXPRESSION_ERROR_VALIDATION,   /* DynamoDB answers ValidationException */
} DdbExpressionError;

GQuark ddb_expression_error_quark (void);

/* Which request parameter an expression came from; it names the expression in messages
 * ("Invalid FilterExpression: ...") and decides what the grammar allows. */
typedef enum
{
  DDB_EXPRESSION_CONDITION,       /* ConditionExpression */
  DDB_EXPRESSION_FILTER,          /* FilterExpression */
  DDB_EXPRESSION_KEY_CONDITION,   /* KeyConditionExpression */
  DDB_EXPRESSION_PROJECTION,      /* ProjectionExpression */
  DDB_EXPRESSION_UPDATE,          /* UpdateExpression */
} DdbExpressionKind;

/* ---------------------------------------------------------------------------------------
 * Context: ExpressionAttributeNames / ExpressionAttributeValues of one request
 * ------------------------------------------------------------------------------------- */

/* @names maps "#n" to attribute names (char * to char *), @values is an M value whose
 * entries are ":v"; either may be NULL, and the context references both.  Validate the
 * maps with ddb_expression_context_validate() before parsing, and once every expression
 * of the request is parsed, call ddb_expression_context_check_unused(). */
typedef struct _DdbExpressionContext DdbExpressionContext;

DdbExpressionContext *ddb_expression_context_new          (GHashTable           *names,
                                                           DdbValue             *values);
void                  ddb_expression_context_free         (DdbExpressionContext *context);
gboolean              ddb_expression_context_validate     (DdbExpressionContext *context,
                                                           GError              **error);
gboolean              ddb_expression_context_check_unused (DdbExpressionContext *context,
                                                           GError              **error);

/* ---------------------------------------------------------------------------------------
 * Document paths: a.b[2].c
 * ------------------------------------------------------------------------------------- */

typedef struct _DdbPath DdbPath;

guint        ddb_path_get_length      (const DdbPath *path);
const char  *ddb_path_get_name        (const DdbPath *path,
                                       guint          index);   /* NULL for a list index */
gint64       ddb_path_get_list_index  (const DdbPath *path,
                                       guint          index);   /* -1 for a name */
char        *ddb_path_to_string       (const DdbPath *path);   /* "a.b[2].c", resolved names */
DdbValue    *ddb_path_resolve         (const DdbPath  *path,
                                       const DdbValue *item);  /* (transfer none) (nullable) */

/* ---------------------------------------------------------------------------------------
 * Conditions and filters
 * ------------------------------------------------------------------------------------- */

typedef struct _DdbCondition DdbCondition;

DdbCondition *ddb_condition_parse    (const char           *text,
                                      DdbExpressionKind     kind,
                                      DdbExpressionContext *context,
                                      GError              **error);
gboolean      ddb_condition_evaluate (const DdbCondition   *condition,
                                      const DdbValue       *item);   /* NULL: no item */
void          ddb_condition_free     (DdbCondition         *condition);

/* ---------------------------------------------------------------------------------------
 * Key conditions
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  DDB_SORT_CONDITION_NONE,
  DDB_SORT_CONDITION_EQ,
  DDB_SORT_CONDITION_LT,
  DDB_SORT_CONDITION_LE,
  DDB_SORT_CONDITION_GT,
  DDB_SORT_CONDITION_GE,
  DDB_SORT_CONDITION_BETWEEN,
  DDB_SORT_CONDITION_BEGINS_WITH,
} DdbSortCondition;

/* The key attributes a key condition is checked against: the table's or an index's. */
typedef struct
{
  const char *partition_name;
  DdbKind     partition_kind;
  const char *sort_name;          /* NULL when the key has no sort key */
  DdbKind     sort_kind;
} DdbKeyAttributes;

/* Parsing a key condition also checks it against the key attributes ("Query condition
 * missed key schema element: pk"), so it needs the DdbKeyAttributes of the table or
 * index queried.  ddb_key_condition_match_sort() accepts a NULL condition (no sort key
 * condition: everything matches). */
typedef struct _DdbKeyCondition DdbKeyCondition;

DdbKeyCondition *ddb_key_condition_parse          (const char             *text,
                                                   const DdbKeyAttributes *key,
                                                   DdbExpressionContext   *context,
                                                   GError                **error);
DdbValue        *ddb_key_condition_get_partition  (const DdbKeyCondition  *condition);
DdbSortCondition ddb_key_condition_get_sort       (const DdbKeyCondition  *condition,
                                                   DdbValue              **first,
                                                   DdbValue              **second);
gboolean         ddb_key_condition_match_sort     (const DdbKeyCondition  *condition,
                                                   const DdbValue         *sort_value);
void             ddb_key_condition_free           (DdbKeyCondition        *condition);

/* ---------------------------------------------------------------------------------------
 * Projections
 * ------------------------------------------------------------------------------------- */

typedef struct _DdbProjection DdbProjection;

DdbProjection *ddb_projection_parse      (const char           *text,
                                          DdbExpressionContext *context,
                                          GError              **error);
guint          ddb_projection_get_length (const DdbProjection  *projection);
const DdbPath *ddb_projection_get_path   (const DdbProjection  *projection,
                                          guint                 index);
DdbValue      *ddb_projection_apply      (const DdbProjection  *projection,
                                          const DdbValue       *item);
void           ddb_projection_free       (DdbProjection        *projection);

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

typedef struct _DdbUpdate DdbUpdate;

DdbUpdate *ddb_update_parse          (const char           *text,
                                      DdbExpressionContext *context,
                                      GError              **error);
gboolean   ddb_update_check_keys     (const DdbUpdate      *update,
                                      const char           *partition_name,
                                      const char           *sort_name,
                                      GError              **error);
DdbValue  *ddb_update_apply          (const DdbUpdate      *update,
                                      const DdbValue       *item,
                                      GError              **error);
gboolean   ddb_update_changes_path   (const DdbUpdate      *update,
                                      const char           *top_level_name);
void       ddb_update_free           (DdbUpdate            *update);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbExpressionContext, ddb_expression_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbCondition, ddb_condition_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbKeyCondition, ddb_key_condition_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbProjection, ddb_projection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbUpdate, ddb_update_free)

G_END_DECLS
