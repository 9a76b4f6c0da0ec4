/* ddb-expression-context.c
 *
 * The context of one request's expressions: its ExpressionAttributeNames and
 * ExpressionAttributeValues, which placeholders the expressions used, and the checks
 * DynamoDB makes on the two maps themselves.  Also the error quark and the helpers that
 * give every expression message its "Invalid <Kind>Expression: " prefix.
 *
 * Design notes
 * ------------
 * DynamoDB refuses a request whose ExpressionAttributeNames or ExpressionAttributeValues
 * hold an entry that none of its expressions used.  All expressions of a request are
 * parsed against the same context, which records every placeholder a parser looked up;
 * ddb_expression_context_check_unused() then lists the others.  DynamoDB does not order
 * that list (dynalite's tests accept either order); we sort it so that messages are
 * deterministic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-private.h"

G_DEFINE_QUARK (ddb-expression-error-quark, ddb_expression_error)

struct _DdbExpressionContext
{
  GHashTable *names;    /* "#n" -> "name", referenced; NULL if the request had none */
  DdbValue   *values;   /* M value ":v" -> value, referenced; NULL if none */
  GHashTable *used;     /* set of the placeholders looked up, owned copies */
};

/* ---------------------------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------------------------- */

/* The request parameter an expression of @kind comes from, as DynamoDB names it. */
const char *
_ddb_expression_kind_name (DdbExpressionKind kind)
{
  switch (kind)
    {
    case DDB_EXPRESSION_CONDITION:
      return "ConditionExpression";
    case DDB_EXPRESSION_FILTER:
      return "FilterExpression";
    case DDB_EXPRESSION_KEY_CONDITION:
      return "KeyConditionExpression";
    case DDB_EXPRESSION_PROJECTION:
      return "ProjectionExpression";
    case DDB_EXPRESSION_UPDATE:
      return "UpdateExpression";
    default:
      g_assert_not_reached ();
    }
}

/* Sets a validation error "Invalid <Kind>Expression: <message>". */
void
_ddb_expression_set_error (GError            **error,
                           DdbExpressionKind   kind,
                           const char         *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  _ddb_expression_set_plain (error, "Invalid %s: %s", _ddb_expression_kind_name (kind), message);
}

/* The checks DynamoDB makes before parsing: the expression is not empty ("" only; white
 * space alone is a syntax error) and holds at most 4 KB (counted in UTF-8 bytes). */
gboolean
_ddb_expression_check_text (const char         *text,
                            DdbExpressionKind   kind,
                            GError            **error)
{
  gsize length = strlen (text);

  if (length == 0)
    {
      _ddb_expression_set_error (error, kind, "The expression can not be empty;");
      return FALSE;
    }

  if (length > DDB_EXPRESSION_MAX_BYTES)
    {
      _ddb_expression_set_error (error, kind,
                                 "Expression size has exceeded the maximum allowed size; "
                                 "expression size: %" G_GSIZE_FORMAT, length);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Context
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_expression_context_new:
 * @names: (nullable): ExpressionAttributeNames, "#n" -> attribute name (both char *)
 * @values: (nullable): ExpressionAttributeValues as an M value whose entries are ":v"
 *
 * Creates the context the expressions of one request are parsed against.  It takes a
 * reference to @names and to @values.
 *
 * Returns: (transfer full): a new context.
 */
DdbExpressionContext *
ddb_expression_context_new (GHashTable *names,
                            DdbValue   *values)
{
  DdbExpressionContext *self;

  g_return_val_if_fail (values == NULL || ddb_value_get_kind (values) == DDB_KIND_M, NULL);

  self = g_new0 (DdbExpressionContext, 1);
  self->names = names != NULL ? g_hash_table_ref (names) : NULL;
  self->values = values != NULL ? ddb_value_ref (values) : NULL;
  self->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

/* Frees @context; NULL is allowed. */
void
ddb_expression_context_free (DdbExpressionContext *context)
{
  if (context == NULL)
    return;

  g_clear_pointer (&context->names, g_hash_table_unref);
  g_clear_pointer (&context->values, ddb_value_unref);
  g_hash_table_unref (context->used);
  g_free (context);
}

static gboolean
valid_placeholder (const char *key,
                   char        sigil)
{
  if (key[0] != sigil || key[1] == '\0')
    return FALSE;

  for (const char *c = key + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The keys of @names, sorted. */
static GPtrArray *
sorted_name_keys (GHashTable *names)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

/**
 * ddb_expression_context_validate:
 * @context: a context
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Checks the two maps as DynamoDB does before it parses any expression: each, if given,
 * is not empty, and its keys are "#" or ":" followed by letters, digits and underscores.
 * (DynamoDB also checks the values themselves; ddb-value-json.c does that.)
 *
 * Returns: TRUE if both maps are acceptable.
 */
gboolean
ddb_expression_context_validate (DdbExpressionContext  *context,
                                 GError               **error)
{
  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (context->names != NULL)
    {
      g_autoptr(GPtrArray) keys = sorted_name_keys (context->names);

      if (keys->len == 0)
        {
          _ddb_expression_set_plain (error, "ExpressionAttributeNames must not be empty");
          return FALSE;
        }
      for (guint i = 0; i < keys->len; i++)
        if (!valid_placeholder (keys->pdata[i], '#'))
          {
            _ddb_expression_set_plain (error, "ExpressionAttributeNames contains invalid key: "
                                       "Syntax error; key: \"%s\"", (char *)keys->pdata[i]);
            return FALSE;
          }
    }

  if (context->values != NULL)
    {
      gsize n = ddb_value_get_length (context->values);

      if (n == 0)
        {
          _ddb_expression_set_plain (error, "ExpressionAttributeValues must not be empty");
          return FALSE;
        }
      for (gsize i = 0; i < n; i++)
        if (!valid_placeholder (ddb_value_get_name (context->values, i), ':'))
          {
            _ddb_expression_set_plain (error, "ExpressionAttributeValues contains invalid key: "
                                       "Syntax error; key: \"%s\"",
                                       ddb_value_get_name (context->values, i));
            return FALSE;
          }
    }

  return TRUE;
}

/* Appends ", key" (or "key" first) to @list. */
static void
append_key (GString    *list,
            const char *key)
{
  if (list->len > 0)
    g_string_append (list, ", ");
  g_string_append (list, key);
}

/**
 * ddb_expression_context_check_unused:
 * @context: a context every expression of the request was parsed against
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Call once all of a request's expressions are parsed.  Fails, as DynamoDB does, if an
 * entry of ExpressionAttributeNames (checked first) or of ExpressionAttributeValues was
 * used by no expression: "Value provided in ExpressionAttributeNames unused in
 * expressions: keys: {#a, #b}", keys sorted.
 *
 * Returns: TRUE if every entry was used.
 */
gboolean
ddb_expression_context_check_unused (DdbExpressionContext  *context,
                                     GError               **error)
{
  g_autoptr(GString) unused = g_string_new (NULL);

  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (context->names != NULL)
    {
      g_autoptr(GPtrArray) keys = sorted_name_keys (context->names);

      for (guint i = 0; i < keys->len; i++)
        if (!g_hash_table_contains (context->used, keys->pdata[i]))
          append_key (unused, keys->pdata[i]);

      if (unused->len > 0)
        {
          _ddb_expression_set_plain (error, "Value provided in ExpressionAttributeNames unused "
                                     "in expressions: keys: {%s}", unused->str);
          return FALSE;
        }
    }

  if (context->values != NULL)
    {
      /* M entries are already in name order. */
      for (gsize i = 0; i < ddb_value_get_length (context->values); i++)
        if (!g_hash_table_contains (context->used, ddb_value_get_name (context->values, i)))
          append_key (unused, ddb_value_get_name (context->values, i));

      if (unused->len > 0)
        {
          _ddb_expression_set_plain (error, "Value provided in ExpressionAttributeValues unused "
                                     "in expressions: keys: {%s}", unused->str);
          return FALSE;
        }
    }

  return TRUE;
}

/* Returns: (transfer none) (nullable): the attribute name "#n" stands for, or NULL if
 * ExpressionAttributeNames does not define it.  Records a defined "#n" as used. */
const char *
_ddb_expression_context_lookup_name (DdbExpressionContext *context,
                                     const char           *placeholder)
{
  g_assert (context != NULL && placeholder != NULL);

  if (context->names == NULL || !g_hash_table_contains (context->names, placeholder))
    return NULL;

  g_hash_table_add (context->used, g_strdup (placeholder));

  return g_hash_table_lookup (context->names, placeholder);
}

/* Returns: (transfer none) (nullable): the value ":v" stands for, or NULL if
 * ExpressionAttributeValues does not define it. */
DdbValue *
_ddb_expression_context_lookup_value (DdbExpressionContext *context,
                                      const char           *placeholder)
{
  DdbValue *value;

  g_assert (context != NULL && placeholder != NULL);

  if (context->values == NULL)
    return NULL;

  value = ddb_value_lookup (context->values, placeholder);
  if (value != NULL)
    g_hash_table_add (context->used, g_strdup (placeholder));

  return value;
}
