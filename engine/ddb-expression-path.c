/* ddb-expression-path.c
 *
 * Document paths (a.b[2].c): their public accessors, their resolution in an item, the
 * two ways DynamoDB prints them, and the path trie that projections and updates apply to
 * items.
 *
 * Design notes
 * ------------
 * A path is a resolved sequence of elements: #placeholders are already replaced by the
 * names they stand for, so two paths are equal when they address the same attribute, as
 * DynamoDB's overlap and "distinct operand" checks require.  Messages print a path as
 * "[a, b, [2], c]" (_ddb_path_to_message()); ddb_path_to_string() gives the expression
 * form "a.b[2].c" for people.
 *
 * A path trie merges the paths of a projection or of an update so that applying them
 * walks the item once, builds each changed container once and shares every untouched
 * value.  Trie invariants, guaranteed by the overlap and conflict checks before a trie is
 * built:
 *
 *   T1  no path is a prefix of another, so data sits on leaves only;
 *   T2  the children of a node are all names or all indexes;
 *   T3  children are sorted (names by strcmp(), indexes ascending) and distinct.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-private.h"

/* ---------------------------------------------------------------------------------------
 * Paths
 * ------------------------------------------------------------------------------------- */

/* Returns: (transfer full): a path holding copies of @elements. */
DdbPath *
_ddb_path_new (const DdbPathElement *elements,
               guint                 length)
{
  DdbPath *path = g_new0 (DdbPath, 1);

  g_assert (length > 0);

  path->length = length;
  path->elements = g_new0 (DdbPathElement, length);
  for (guint i = 0; i < length; i++)
    {
      path->elements[i].name = g_strdup (elements[i].name);
      path->elements[i].index = elements[i].index;
    }

  return path;
}

void
_ddb_path_free (DdbPath *path)
{
  if (path == NULL)
    return;

  for (guint i = 0; i < path->length; i++)
    g_free (path->elements[i].name);
  g_free (path->elements);
  g_free (path);
}

static gboolean
element_equal (const DdbPathElement *a,
               const DdbPathElement *b)
{
  if (a->name != NULL || b->name != NULL)
    return a->name != NULL && b->name != NULL && strcmp (a->name, b->name) == 0;

  return a->index == b->index;
}

/* TRUE if @a and @b address the same attribute. */
gboolean
_ddb_path_equal (const DdbPath *a,
                 const DdbPath *b)
{
  if (a->length != b->length)
    return FALSE;

  for (guint i = 0; i < a->length; i++)
    if (!element_equal (&a->elements[i], &b->elements[i]))
      return FALSE;

  return TRUE;
}

/* Returns: (transfer full): @path as DynamoDB prints it in messages: "[a, b, [2]]". */
char *
_ddb_path_to_message (const DdbPath *path)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < path->length; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      if (path->elements[i].name != NULL)
        g_string_append (text, path->elements[i].name);
      else
        g_string_append_printf (text, "[%" G_GINT64_FORMAT "]", path->elements[i].index);
    }
  g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

/* The number of elements of @path: 1 for a top-level attribute. */
guint
ddb_path_get_length (const DdbPath *path)
{
  g_return_val_if_fail (path != NULL, 0);

  return path->length;
}

/* Returns: (transfer none) (nullable): the attribute name of element @index, with any
 * #placeholder resolved, or NULL if the element is a list index. */
const char *
ddb_path_get_name (const DdbPath *path,
                   guint          index)
{
  g_return_val_if_fail (path != NULL && index < path->length, NULL);

  return path->elements[index].name;
}

/* The list index of element @index, or -1 if the element is a name. */
gint64
ddb_path_get_list_index (const DdbPath *path,
                         guint          index)
{
  g_return_val_if_fail (path != NULL && index < path->length, -1);

  return path->elements[index].index;
}

/**
 * ddb_path_to_string:
 * @path: a path
 *
 * Returns: (transfer full): @path in expression form, "a.b[2].c", names as resolved
 *   (so not necessarily valid expression syntax).
 */
char *
ddb_path_to_string (const DdbPath *path)
{
  GString *text;

  g_return_val_if_fail (path != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < path->length; i++)
    {
      if (path->elements[i].name == NULL)
        g_string_append_printf (text, "[%" G_GINT64_FORMAT "]", path->elements[i].index);
      else
        {
          if (i > 0)
            g_string_append_c (text, '.');
          g_string_append (text, path->elements[i].name);
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * ddb_path_resolve:
 * @path: a path
 * @item: an item (an M value)
 *
 * Follows @path into @item: a name steps into a map, an index into a list.
 *
 * Returns: (transfer none) (nullable): the value at @path, or NULL if an element is
 *   missing, an index is past the end, or a step meets a value of the wrong type.
 */
DdbValue *
ddb_path_resolve (const DdbPath  *path,
                  const DdbValue *item)
{
  const DdbValue *value = item;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (item != NULL, NULL);

  for (guint i = 0; i < path->length && value != NULL; i++)
    {
      const DdbPathElement *element = &path->elements[i];
      DdbKind kind = ddb_value_get_kind (value);

      if (element->name != NULL)
        value = kind == DDB_KIND_M ? ddb_value_lookup (value, element->name) : NULL;
      else if (kind == DDB_KIND_L && (guint64)element->index < ddb_value_get_length (value))
        value = ddb_value_get_element (value, element->index);
      else
        value = NULL;
    }

  return (DdbValue *)value;
}

/* ---------------------------------------------------------------------------------------
 * Path tries
 * ------------------------------------------------------------------------------------- */

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const DdbPathElement *ea = (*(DdbPathTrie * const *)a)->element;
  const DdbPathElement *eb = (*(DdbPathTrie * const *)b)->element;

  if (ea->name != NULL && eb->name != NULL)
    return strcmp (ea->name, eb->name);

  return ea->index < eb->index ? -1 : ea->index > eb->index ? 1 : 0;
}

/* The child of @node for @element, created if missing (children are sorted later). */
static DdbPathTrie *
trie_child (DdbPathTrie          *node,
            const DdbPathElement *element)
{
  DdbPathTrie *child;

  /* Linear: a projection or an update names at most a few hundred paths. */
  for (guint i = 0; i < node->n_children; i++)
    if (element_equal (node->children[i]->element, element))
      return node->children[i];

  child = g_new0 (DdbPathTrie, 1);
  child->element = element;
  node->children = g_renew (DdbPathTrie *, node->children, node->n_children + 1);
  node->children[node->n_children++] = child;

  return child;
}

static void
trie_sort (DdbPathTrie *node)
{
  if (node->n_children > 1)
    qsort (node->children, node->n_children, sizeof (DdbPathTrie *), compare_children);
  for (guint i = 0; i < node->n_children; i++)
    trie_sort (node->children[i]);
}

#ifndef G_DISABLE_ASSERT
static gboolean
trie_check (const DdbPathTrie *node)
{
  g_assert ((node->data != NULL) == (node->n_children == 0));                 /* T1 */
  for (guint i = 0; i < node->n_children; i++)
    {
      g_assert ((node->children[i]->element->name == NULL) ==                 /* T2 */
                (node->children[0]->element->name == NULL));
      if (i > 0)
        g_assert (compare_children (&node->children[i - 1], &node->children[i]) < 0);  /* T3 */
      g_assert (trie_check (node->children[i]));
    }

  return TRUE;
}
#endif

/**
 * _ddb_path_trie_new:
 * @paths: (array length=n_paths): paths, pairwise neither overlapping nor conflicting
 * @data: (array length=n_paths): non-NULL data for the leaf of each path
 * @n_paths: their number
 *
 * Returns: (transfer full): the trie of @paths.  It borrows the paths' elements, which
 *   must outlive it.  Recursion depth is bounded by the path depth limit (32).
 */
DdbPathTrie *
_ddb_path_trie_new (const DdbPath * const *paths,
                    gpointer const        *data,
                    guint                  n_paths)
{
  DdbPathTrie *root = g_new0 (DdbPathTrie, 1);

  for (guint i = 0; i < n_paths; i++)
    {
      DdbPathTrie *node = root;

      g_assert (data[i] != NULL);
      for (guint j = 0; j < paths[i]->length; j++)
        node = trie_child (node, &paths[i]->elements[j]);
      node->data = data[i];
    }

  trie_sort (root);
  g_assert (root->n_children == 0 || trie_check (root));

  return root;
}

void
_ddb_path_trie_free (DdbPathTrie *trie)
{
  if (trie == NULL)
    return;

  for (guint i = 0; i < trie->n_children; i++)
    _ddb_path_trie_free (trie->children[i]);
  g_free (trie->children);
  g_free (trie);
}
