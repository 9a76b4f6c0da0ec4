/* ddb-expression-update-apply.c
 *
 * Applying an update expression to an item: the new item, or DynamoDB's message for why
 * the update cannot be applied to this item.
 *
 * Design notes
 * ------------
 * DynamoDB evaluates every operand against the item as it was before the update: "SET
 * a = b, b = a" swaps a and b.  So application runs in two phases:
 *
 *   1. evaluate, in the order written, the value of every SET action on the original
 *      item (a missing path is "The provided expression refers to an attribute that does
 *      not exist in the item"; list_append of non-lists and arithmetic on non-numbers
 *      "An operand in the update expression has an incorrect data type");
 *   2. walk the target trie over the original item once, rebuilding each container on
 *      the way to a target and sharing everything else.
 *
 * At each target: SET stores its value; REMOVE drops the attribute; ADD adds a number
 * or unions a set, or creates the attribute from its operand when missing; DELETE takes
 * a set difference, drops the attribute when the set becomes empty and does nothing when
 * it is missing.  Every container on the way must exist and have the right type (a map
 * for a name, a list for an index), else "The document path provided in the update
 * expression is invalid for update".
 *
 * List indexes refer to the original list, whatever else the update does to it:
 * targets inside the list replace or remove those elements, and targets past its end
 * append, in ascending index order.  This is what the live service does with
 * "SET c[1] = a, c[4] = x, c[2] = y ADD c[8] :s, c[6] :n" on a two-element list (dynalite
 * records [c0, a, y, x, n, s]), and it makes "REMOVE l[1], l[2]" remove the second and
 * third elements of the original list, as the developer guide describes.
 *
 * Recursion follows the trie, whose depth the path depth limit bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include "ddb-expression-ast-private.h"
#include "ddb-value-json.h"

typedef struct
{
  const DdbUpdate *update;
  DdbValue       **set_values;   /* per action: the evaluated value of a SET, else NULL */
} DdbApply;

static void
set_missing_error (GError **error)
{
  _ddb_expression_set_plain (error, "The provided expression refers to an attribute that does "
                             "not exist in the item");
}

static void
set_type_error (GError **error)
{
  _ddb_expression_set_plain (error, "An operand in the update expression has an incorrect data "
                             "type");
}

static void
set_path_error (GError **error)
{
  _ddb_expression_set_plain (error, "The document path provided in the update expression is "
                             "invalid for update");
}

/* Turns a failed number operation into DynamoDB's message, in our error domain. */
static gboolean
check_number_status (DdbNumberStatus   status,
                     GError          **error)
{
  g_autoptr(GError) number_error = NULL;

  if (ddb_number_status_to_error (status, NULL, &number_error))
    return TRUE;

  _ddb_expression_set_plain (error, "%s", number_error->message);

  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Phase 1: SET values
 * ------------------------------------------------------------------------------------- */

static DdbValue *
concatenate_lists (const DdbValue *a,
                   const DdbValue *b)
{
  gsize length_a = ddb_value_get_length (a);
  gsize length_b = ddb_value_get_length (b);
  g_autofree DdbValue **elements = g_new (DdbValue *, length_a + length_b + 1);

  for (gsize i = 0; i < length_a; i++)
    elements[i] = ddb_value_ref (ddb_value_get_element (a, i));
  for (gsize i = 0; i < length_b; i++)
    elements[length_a + i] = ddb_value_ref (ddb_value_get_element (b, i));

  return ddb_value_new_list_take (elements, length_a + length_b);
}

static DdbValue *evaluate (const DdbNode   *node,
                           const DdbValue  *item,
                           GError         **error);

/* Evaluates the two operands of list_append, + or - into *@a and *@b (owned by the
 * caller), which must both be of @kind.  Returns FALSE with @error set otherwise. */
static gboolean
evaluate_operands (const DdbNode   *node,
                   const DdbValue  *item,
                   DdbKind          kind,
                   DdbValue       **a,
                   DdbValue       **b,
                   GError         **error)
{
  if ((*a = evaluate (node->args[0], item, error)) == NULL ||
      (*b = evaluate (node->args[1], item, error)) == NULL)
    return FALSE;

  if (ddb_value_get_kind (*a) != kind || ddb_value_get_kind (*b) != kind)
    {
      set_type_error (error);
      return FALSE;
    }

  return TRUE;
}

/* Evaluates a SET value (an operand, a function or + -) on the original @item.
 * Returns: (transfer full) (nullable): the value, or NULL with @error set.  Recursion is
 * bounded by the parser's nesting cap. */
static DdbValue *
evaluate (const DdbNode   *node,
          const DdbValue  *item,
          GError         **error)
{
  g_autoptr(DdbValue) a = NULL;
  g_autoptr(DdbValue) b = NULL;
  DdbValue *value;
  DdbNumber number;
  DdbNumberStatus status;

  switch (node->kind)
    {
    case DDB_NODE_PATH:
      value = ddb_path_resolve (node->path, item);
      if (value == NULL)
        set_missing_error (error);
      return value != NULL ? ddb_value_ref (value) : NULL;

    case DDB_NODE_VALUE:
      return ddb_value_ref (node->value);

    case DDB_NODE_CALL:
      if (node->function == DDB_FUNCTION_IF_NOT_EXISTS)
        {
          value = ddb_path_resolve (node->args[0]->path, item);
          return value != NULL ? ddb_value_ref (value) : evaluate (node->args[1], item, error);
        }
      g_assert (node->function == DDB_FUNCTION_LIST_APPEND);
      if (!evaluate_operands (node, item, DDB_KIND_L, &a, &b, error))
        return NULL;
      return concatenate_lists (a, b);

    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
      if (!evaluate_operands (node, item, DDB_KIND_N, &a, &b, error))
        return NULL;
      status = node->kind == DDB_NODE_PLUS
                 ? ddb_number_add (ddb_value_get_number (a), ddb_value_get_number (b), &number)
                 : ddb_number_subtract (ddb_value_get_number (a), ddb_value_get_number (b),
                                        &number);
      return check_number_status (status, error) ? ddb_value_new_number (&number) : NULL;

    case DDB_NODE_COMPARE:
    case DDB_NODE_BETWEEN:
    case DDB_NODE_IN:
    case DDB_NODE_AND:
    case DDB_NODE_OR:
    case DDB_NODE_NOT:
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Phase 2: targets
 * ------------------------------------------------------------------------------------- */

/* The union of two sets of the same kind, both sorted and unique. */
static DdbValue *
set_union (const DdbValue *a,
           const DdbValue *b)
{
  gsize length_a = ddb_value_get_length (a);
  gsize length_b = ddb_value_get_length (b);
  g_autofree DdbValue **members = g_new (DdbValue *, length_a + length_b);
  gsize i = 0, j = 0, n = 0;

  /* A merge of two sorted lists, keeping one copy of common members. */
  while (i < length_a || j < length_b)
    {
      DdbValue *x = i < length_a ? ddb_value_get_element (a, i) : NULL;
      DdbValue *y = j < length_b ? ddb_value_get_element (b, j) : NULL;
      int cmp = x == NULL ? 1 : y == NULL ? -1 : ddb_value_compare_scalar (x, y);

      if (cmp <= 0)
        i++;
      if (cmp >= 0)
        j++;
      members[n++] = ddb_value_ref (cmp <= 0 ? x : y);
    }

  return ddb_value_new_set_take (ddb_value_get_kind (a), members, n, NULL);
}

/* The members of @a not in @b, or NULL if none is left. */
static DdbValue *
set_difference (const DdbValue *a,
                const DdbValue *b)
{
  gsize length = ddb_value_get_length (a);
  g_autofree DdbValue **members = g_new (DdbValue *, length);
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    if (!ddb_value_set_contains (b, ddb_value_get_element (a, i)))
      members[n++] = ddb_value_ref (ddb_value_get_element (a, i));

  return n > 0 ? ddb_value_new_set_take (ddb_value_get_kind (a), members, n, NULL) : NULL;
}

/* One action at its target.  @original is the value there, or NULL.  On success,
 * *@result is the new value, or NULL if the target is to disappear. */
static gboolean
apply_action (const DdbApply   *apply,
              const DdbAction  *action,
              const DdbValue   *original,
              DdbValue        **result,
              GError          **error)
{
  const DdbValue *operand = action->operand != NULL ? action->operand->value : NULL;
  guint index = action - &g_array_index (apply->update->actions, DdbAction, 0);
  DdbKind kind;
  DdbNumber sum;

  *result = NULL;
  switch (action->kind)
    {
    case DDB_ACTION_SET:
      *result = ddb_value_ref (apply->set_values[index]);
      return TRUE;

    case DDB_ACTION_REMOVE:
      return TRUE;

    case DDB_ACTION_ADD:
      if (original == NULL)
        {
          *result = ddb_value_ref ((DdbValue *)operand);
          return TRUE;
        }
      kind = ddb_value_get_kind (original);
      if (kind == DDB_KIND_N && ddb_value_get_kind (operand) == DDB_KIND_N)
        {
          if (!check_number_status (ddb_number_add (ddb_value_get_number (original),
                                                    ddb_value_get_number (operand), &sum),
                                    error))
            return FALSE;
          *result = ddb_value_new_number (&sum);
          return TRUE;
        }
      if (ddb_kind_is_set (kind) && ddb_value_get_kind (operand) == kind)
        {
          *result = set_union (original, operand);
          return TRUE;
        }
      set_type_error (error);
      return FALSE;

    case DDB_ACTION_DELETE:
      if (original == NULL)
        return TRUE;
      kind = ddb_value_get_kind (original);
      if (ddb_kind_is_set (kind) && ddb_value_get_kind (operand) == kind)
        {
          *result = set_difference (original, operand);
          return TRUE;
        }
      set_type_error (error);
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean apply_node (const DdbApply     *apply,
                            const DdbPathTrie  *node,
                            const DdbValue     *original,
                            DdbValue          **result,
                            GError            **error);

/* The children of @node applied to the map @map. */
static DdbValue *
apply_map (const DdbApply     *apply,
           const DdbPathTrie  *node,
           const DdbValue     *map,
           GError            **error)
{
  g_autoptr(DdbMapBuilder) builder = ddb_map_builder_new_from (map);

  for (guint i = 0; i < node->n_children; i++)
    {
      const DdbPathTrie *child = node->children[i];
      const char *name = child->element->name;
      DdbValue *value;

      if (!apply_node (apply, child, ddb_value_lookup (map, name), &value, error))
        return NULL;
      if (value != NULL)
        ddb_map_builder_set_take (builder, name, value);
      else
        ddb_map_builder_remove (builder, name);
    }

  return ddb_map_builder_end (g_steal_pointer (&builder));
}

/* The children of @node applied to the list @list (see the design notes). */
static DdbValue *
apply_list (const DdbApply     *apply,
            const DdbPathTrie  *node,
            const DdbValue     *list,
            GError            **error)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  gsize length = ddb_value_get_length (list);
  guint child = 0;
  DdbValue *value;
  guint n;

  for (gsize i = 0; i < length; i++)
    {
      DdbValue *element = ddb_value_get_element (list, i);

      if (child < node->n_children && (guint64)node->children[child]->element->index == i)
        {
          if (!apply_node (apply, node->children[child++], element, &value, error))
            return NULL;
          if (value != NULL)
            g_ptr_array_add (elements, value);
        }
      else
        g_ptr_array_add (elements, ddb_value_ref (element));
    }

  for (; child < node->n_children; child++)
    {
      if (!apply_node (apply, node->children[child], NULL, &value, error))
        return NULL;
      if (value != NULL)
        g_ptr_array_add (elements, value);
    }

  n = elements->len;
  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (elements, NULL);

    return ddb_value_new_list_take (stolen, n);
  }
}

/* Applies the targets below @node to @original (NULL if it does not exist).  On success
 * *@result is the new value, or NULL if it is to disappear. */
static gboolean
apply_node (const DdbApply     *apply,
            const DdbPathTrie  *node,
            const DdbValue     *original,
            DdbValue          **result,
            GError            **error)
{
  DdbKind wanted;

  if (node->data != NULL)
    return apply_action (apply, node->data, original, result, error);

  *result = NULL;
  wanted = node->children[0]->element->name != NULL ? DDB_KIND_M : DDB_KIND_L;
  if (original == NULL || ddb_value_get_kind (original) != wanted)
    {
      set_path_error (error);
      return FALSE;
    }

  *result = wanted == DDB_KIND_M ? apply_map (apply, node, original, error)
                                 : apply_list (apply, node, original, error);

  return *result != NULL;
}

/**
 * ddb_update_apply:
 * @update: an update
 * @item: the existing item, or an item holding only the key when there is none
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Applies @update to @item, every operand evaluated against @item as it is.  Key
 * attributes must not be targets (see ddb_update_check_keys()); the size of the result
 * is the caller's to check.
 *
 * Returns: (transfer full) (nullable): the new item, or NULL with DynamoDB's message.
 */
DdbValue *
ddb_update_apply (const DdbUpdate  *update,
                  const DdbValue   *item,
                  GError          **error)
{
  g_autofree DdbValue **set_values = NULL;
  DdbApply apply;
  DdbValue *result = NULL;
  guint n_actions;

  g_return_val_if_fail (update != NULL, NULL);
  g_return_val_if_fail (item != NULL && ddb_value_get_kind (item) == DDB_KIND_M, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_actions = update->actions->len;
  set_values = g_new0 (DdbValue *, n_actions);
  apply.update = update;
  apply.set_values = set_values;

  for (guint i = 0; i < n_actions; i++)
    {
      const DdbAction *action = &g_array_index (update->actions, DdbAction, i);

      if (action->kind == DDB_ACTION_SET &&
          (set_values[i] = evaluate (action->operand, item, error)) == NULL)
        goto out;
    }

  result = apply_map (&apply, update->trie, item, error);

out:
  for (guint i = 0; i < n_actions; i++)
    g_clear_pointer (&set_values[i], ddb_value_unref);

  return result;
}
