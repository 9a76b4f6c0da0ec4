/* ddb-expression-update.c
 *
 * Update expressions of UpdateItem: parsing and checking them, refusing updates of key
 * attributes, and telling which top-level attributes an update may change.  Applying an
 * update to an item is in ddb-expression-update-apply.c.
 *
 * Design notes
 * ------------
 * An update is a list of actions, from up to four sections (SET, REMOVE, ADD, DELETE,
 * each at most once, in any order).  The checker guarantees that no two targets overlap
 * or conflict, so the targets form a path trie, built here once per request and walked
 * once per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-ast-private.h"

static DdbPathTrie *
build_trie (GArray *actions)
{
  g_autofree const DdbPath **paths = g_new (const DdbPath *, actions->len);
  g_autofree gpointer *data = g_new (gpointer, actions->len);

  for (guint i = 0; i < actions->len; i++)
    {
      DdbAction *action = &g_array_index (actions, DdbAction, i);

      paths[i] = action->target->path;
      data[i] = action;
    }

  return _ddb_path_trie_new (paths, data, actions->len);
}

/**
 * ddb_update_parse:
 * @text: the UpdateExpression
 * @context: the request's names and values
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Returns: (transfer full) (nullable): the update, or NULL with DynamoDB's message.
 */
DdbUpdate *
ddb_update_parse (const char            *text,
                  DdbExpressionContext  *context,
                  GError               **error)
{
  g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (DdbAction));
  g_autoptr(GArray) sections = g_array_new (FALSE, FALSE, sizeof (DdbActionKind));
  DdbUpdate *self = NULL;
  DdbSyntax syntax;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ddb_expression_check_text (text, DDB_EXPRESSION_UPDATE, error))
    return NULL;

  _ddb_syntax_init (&syntax, text, DDB_EXPRESSION_UPDATE);
  if (_ddb_parse_update (&syntax, actions, sections, error) &&
      _ddb_check_update (&syntax, actions, sections, context, error))
    {
      self = g_new0 (DdbUpdate, 1);
      /* The trie points into the array, which never changes size again. */
      self->actions = g_steal_pointer (&actions);
      self->trie = build_trie (self->actions);
      self->nodes = g_steal_pointer (&syntax.nodes);
    }
  _ddb_syntax_clear (&syntax);

  return self;
}

static const char *
action_top_name (const DdbAction *action)
{
  return action->target->path->elements[0].name;
}

/**
 * ddb_update_check_keys:
 * @update: an update
 * @partition_name: the table's partition key attribute
 * @sort_name: (nullable): its sort key attribute
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * DynamoDB refuses any action on a key attribute or inside one, whatever the action:
 * "One or more parameter values were invalid: Cannot update attribute a. This attribute
 * is part of the key".  The first such action, in the order written, is reported.
 *
 * Returns: TRUE if @update leaves the key alone.
 */
gboolean
ddb_update_check_keys (const DdbUpdate  *update,
                       const char       *partition_name,
                       const char       *sort_name,
                       GError          **error)
{
  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (partition_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < update->actions->len; i++)
    {
      const char *name = action_top_name (&g_array_index (update->actions, DdbAction, i));

      if (strcmp (name, partition_name) == 0 ||
          (sort_name != NULL && strcmp (name, sort_name) == 0))
        {
          _ddb_expression_set_plain (error, "One or more parameter values were invalid: Cannot "
                                     "update attribute %s. This attribute is part of the key",
                                     name);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * ddb_update_changes_path:
 * @update: an update
 * @top_level_name: a top-level attribute name
 *
 * Returns: TRUE if some action of @update targets @top_level_name or a path inside it, so
 *   that applying the update may change that attribute (index maintenance uses this).
 */
gboolean
ddb_update_changes_path (const DdbUpdate *update,
                         const char      *top_level_name)
{
  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (top_level_name != NULL, FALSE);

  for (guint i = 0; i < update->actions->len; i++)
    if (strcmp (action_top_name (&g_array_index (update->actions, DdbAction, i)),
                top_level_name) == 0)
      return TRUE;

  return FALSE;
}

/* Frees @update; NULL is allowed. */
void
ddb_update_free (DdbUpdate *update)
{
  if (update == NULL)
    return;

  _ddb_path_trie_free (update->trie);
  g_array_unref (update->actions);
  g_ptr_array_unref (update->nodes);
  g_free (update);
}
