/* ddb-expression-projection.c
 *
 * Projection expressions: the comma-separated document paths of GetItem, Query, Scan and
 * friends, and the item holding only those paths.
 *
 * Design notes
 * ------------
 * The projected item keeps the structure of the original: projecting a.b of
 * {a: {b: 1, c: 2}} gives {a: {b: 1}}, and projecting l[2], l[0] of a list gives a list of
 * those two elements in index order (not in the order the paths were written).  A path
 * that does not exist in the item is skipped, and so is a map or list that ends up with
 * nothing projected in it: {a: {}} is never invented.  Because DynamoDB refuses
 * overlapping and conflicting paths, the paths form a trie (ddb-expression-path.c) that
 * is built once at parse time and applied to each item in one walk; untouched values are
 * shared, not copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include "ddb-expression-ast-private.h"

struct _DdbProjection
{
  GPtrArray   *nodes;   /* the arena, which owns the paths */
  GPtrArray   *paths;   /* (element-type DdbPath) borrowed from the nodes, in order */
  DdbPathTrie *trie;
};

/**
 * ddb_projection_parse:
 * @text: the ProjectionExpression
 * @context: the request's names (ProjectionExpression takes no values)
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Returns: (transfer full) (nullable): the projection, or NULL with DynamoDB's message.
 */
DdbProjection *
ddb_projection_parse (const char            *text,
                      DdbExpressionContext  *context,
                      GError               **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  DdbProjection *self = NULL;
  DdbSyntax syntax;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ddb_expression_check_text (text, DDB_EXPRESSION_PROJECTION, error))
    return NULL;

  _ddb_syntax_init (&syntax, text, DDB_EXPRESSION_PROJECTION);
  if (_ddb_parse_projection (&syntax, nodes, error) &&
      _ddb_check_projection (&syntax, nodes, context, error))
    {
      self = g_new0 (DdbProjection, 1);
      self->paths = g_ptr_array_sized_new (nodes->len);
      for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add (self->paths, ((DdbNode *)nodes->pdata[i])->path);
      /* Every leaf carries its path, which is all the trie needs to mark it as a leaf. */
      self->trie = _ddb_path_trie_new ((const DdbPath * const *)self->paths->pdata,
                                       self->paths->pdata, self->paths->len);
      self->nodes = g_steal_pointer (&syntax.nodes);
    }
  _ddb_syntax_clear (&syntax);

  return self;
}

/* The number of paths, in the order written. */
guint
ddb_projection_get_length (const DdbProjection *projection)
{
  g_return_val_if_fail (projection != NULL, 0);

  return projection->paths->len;
}

/* Returns: (transfer none): path @index, #placeholders resolved. */
const DdbPath *
ddb_projection_get_path (const DdbProjection *projection,
                         guint                index)
{
  g_return_val_if_fail (projection != NULL && index < projection->paths->len, NULL);

  return g_ptr_array_index (projection->paths, index);
}

static DdbValue *project (const DdbValue    *value,
                          const DdbPathTrie *node);

/* The children of @node projected out of the map @map, or NULL if none exists. */
static DdbValue *
project_map (const DdbValue    *map,
             const DdbPathTrie *node)
{
  g_autoptr(DdbMapBuilder) builder = ddb_map_builder_new ();

  for (guint i = 0; i < node->n_children; i++)
    {
      const DdbPathTrie *child = node->children[i];
      DdbValue *value = ddb_value_lookup (map, child->element->name);
      DdbValue *projected = value != NULL ? project (value, child) : NULL;

      if (projected != NULL)
        ddb_map_builder_set_take (builder, child->element->name, projected);
    }

  if (ddb_map_builder_get_size (builder) == 0)
    return NULL;

  return ddb_map_builder_end (g_steal_pointer (&builder));
}

/* The children of @node projected out of the list @list, in index order, or NULL. */
static DdbValue *
project_list (const DdbValue    *list,
              const DdbPathTrie *node)
{
  g_autofree DdbValue **elements = g_new (DdbValue *, node->n_children);
  gsize length = ddb_value_get_length (list);
  guint n = 0;

  for (guint i = 0; i < node->n_children; i++)
    {
      const DdbPathTrie *child = node->children[i];
      DdbValue *projected;

      if ((guint64)child->element->index >= length)
        continue;
      projected = project (ddb_value_get_element (list, child->element->index), child);
      if (projected != NULL)
        elements[n++] = projected;
    }

  return n > 0 ? ddb_value_new_list_take (elements, n) : NULL;
}

/* @value with only the paths below @node, or NULL if none of them exists.  Recursion is
 * bounded by the path depth limit. */
static DdbValue *
project (const DdbValue    *value,
         const DdbPathTrie *node)
{
  DdbKind kind = ddb_value_get_kind (value);

  if (node->data != NULL)
    return ddb_value_ref ((DdbValue *)value);

  if (node->children[0]->element->name != NULL)
    return kind == DDB_KIND_M ? project_map (value, node) : NULL;

  return kind == DDB_KIND_L ? project_list (value, node) : NULL;
}

/**
 * ddb_projection_apply:
 * @projection: a projection
 * @item: an item (an M value)
 *
 * Returns: (transfer full): a new item holding only the projected paths of @item, with
 *   their nesting; possibly empty.
 */
DdbValue *
ddb_projection_apply (const DdbProjection *projection,
                      const DdbValue      *item)
{
  DdbValue *projected;

  g_return_val_if_fail (projection != NULL, NULL);
  g_return_val_if_fail (item != NULL && ddb_value_get_kind (item) == DDB_KIND_M, NULL);

  projected = project_map (item, projection->trie);

  return projected != NULL ? projected : ddb_value_new_map_take (NULL, NULL, 0);
}

/* Frees @projection; NULL is allowed. */
void
ddb_projection_free (DdbProjection *projection)
{
  if (projection == NULL)
    return;

  _ddb_path_trie_free (projection->trie);
  g_ptr_array_unref (projection->paths);
  g_ptr_array_unref (projection->nodes);
  g_free (projection);
}
