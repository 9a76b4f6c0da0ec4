/* ddb-expression-check-update.c
 *
 * The checks of update and projection expressions after their syntax: sections used
 * once, functions known and given the right operands, ADD and DELETE given the right
 * types, and target paths that neither overlap nor conflict.  The precedence among
 * errors is described in ddb-expression-check.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-check-private.h"

static const DdbSlot update_order[] = {
  SLOT_OPERATORS, SLOT_LIMIT, SLOT_RESERVED, SLOT_FUNCTION_NAME, SLOT_SECTION, SLOT_NAME,
  SLOT_VALUE, SLOT_OVERLAP, SLOT_CONFLICT, SLOT_OPERAND_TYPE, SLOT_FUNCTION,
};

static const DdbSlot projection_order[] = {
  SLOT_LIMIT, SLOT_RESERVED, SLOT_NAME, SLOT_OVERLAP, SLOT_CONFLICT,
};

/* The type names of ADD and DELETE operand messages ("operand type: STRING"). */
static const char *
long_kind_name (DdbKind kind)
{
  switch (kind)
    {
    case DDB_KIND_S:
      return "STRING";
    case DDB_KIND_N:
      return "NUMBER";
    case DDB_KIND_B:
      return "BINARY";
    case DDB_KIND_BOOL:
      return "BOOLEAN";
    case DDB_KIND_NULL:
      return "NULL";
    case DDB_KIND_L:
      return "LIST";
    case DDB_KIND_M:
      return "MAP";
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      return ddb_kind_to_string (kind);
    }
}

/* ---------------------------------------------------------------------------------------
 * Paths of updates and projections: overlaps and conflicts
 * ------------------------------------------------------------------------------------- */

/* Compares a path with an earlier one: sharing a prefix and then one going on with a name
 * where the other has an index is a conflict ([a, b] and [a, [1]]); one being a prefix of
 * the other (or equal) is an overlap. */
static void
check_overlap (DdbChecker    *ck,
               const DdbPath *earlier,
               const DdbPath *later)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  guint length = MIN (earlier->length, later->length);

  for (guint i = 0; i < length; i++)
    {
      const DdbPathElement *a = &earlier->elements[i];
      const DdbPathElement *b = &later->elements[i];

      if ((a->name == NULL) != (b->name == NULL))
        {
          one = _ddb_path_to_message (earlier);
          two = _ddb_path_to_message (later);
          _ddb_check_record (ck, SLOT_CONFLICT, "Two document paths conflict with each other; "
                             "must remove or rewrite one of these paths; path one: %s, path two: "
                             "%s", one, two);
          return;
        }
      if (a->name != NULL ? strcmp (a->name, b->name) != 0 : a->index != b->index)
        return;
    }

  one = _ddb_path_to_message (earlier);
  two = _ddb_path_to_message (later);
  _ddb_check_record (ck, SLOT_OVERLAP, "Two document paths overlap with each other; must remove "
                     "or rewrite one of these paths; path one: %s, path two: %s", one, two);
}

/* Checks @paths[@index] against every earlier path, stopping at the first overlap. */
static void
check_overlaps (DdbChecker     *ck,
                DdbNode *const *paths,
                guint           index)
{
  const DdbPath *path = paths[index]->path;

  if (path == NULL || ck->slots[SLOT_OVERLAP] != NULL)
    return;

  for (guint i = 0; i < index && ck->slots[SLOT_OVERLAP] == NULL; i++)
    if (paths[i]->path != NULL)
      check_overlap (ck, paths[i]->path, path);
}

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

/* Operands of list_append and of + and -: a value of the wrong type is refused before
 * any item is seen (paths are checked when the update is applied). */
static void
check_update_value_types (DdbChecker *ck,
                          DdbNode    *node,
                          const char *operator,
                          DdbKind     wanted)
{
  for (guint i = 0; i < node->n_args; i++)
    {
      const DdbNode *arg = node->args[i];

      if (arg->kind == DDB_NODE_VALUE && arg->value != NULL &&
          ddb_value_get_kind (arg->value) != wanted)
        _ddb_check_record (ck, SLOT_FUNCTION, "Incorrect operand type for operator or function; "
                           "operator or function: %s, operand type: %s", operator,
                           ddb_kind_to_string (ddb_value_get_kind (arg->value)));
    }
}

/* A call, or a + or -, its operands checked (see _ddb_check_operand()). */
static void
check_update_call (DdbChecker *ck,
                   DdbNode    *node,
                   const char *name)
{
  if (node->kind != DDB_NODE_CALL)
    {
      check_update_value_types (ck, node, name, DDB_KIND_N);
      return;
    }

  switch (node->function)
    {
    case DDB_FUNCTION_UNKNOWN:
      _ddb_check_record (ck, SLOT_FUNCTION_NAME, "Invalid function name; function: %s", name);
      return;
    case DDB_FUNCTION_ATTRIBUTE_EXISTS:
    case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
    case DDB_FUNCTION_ATTRIBUTE_TYPE:
    case DDB_FUNCTION_BEGINS_WITH:
    case DDB_FUNCTION_CONTAINS:
    case DDB_FUNCTION_SIZE:
      _ddb_check_record (ck, SLOT_FUNCTION_NAME, "The function is not allowed in an update "
                         "expression; function: %s", name);
      return;
    case DDB_FUNCTION_IF_NOT_EXISTS:
    case DDB_FUNCTION_LIST_APPEND:
    default:
      break;
    }

  if (node->n_args != 2)
    {
      _ddb_check_record (ck, SLOT_FUNCTION, "Incorrect number of operands for operator or "
                         "function; operator or function: %s, number of operands: %u", name,
                         node->n_args);
      return;
    }

  if (node->function == DDB_FUNCTION_IF_NOT_EXISTS)
    {
      if (node->args[0]->kind != DDB_NODE_PATH)
        _ddb_check_record (ck, SLOT_FUNCTION, "Operator or function requires a document path; "
                           "operator or function: %s", name);
    }
  else
    check_update_value_types (ck, node, name, DDB_KIND_L);
}

static const char *
section_name (DdbActionKind kind)
{
  switch (kind)
    {
    case DDB_ACTION_SET:
      return "SET";
    case DDB_ACTION_REMOVE:
      return "REMOVE";
    case DDB_ACTION_ADD:
      return "ADD";
    case DDB_ACTION_DELETE:
    default:
      return "DELETE";
    }
}

/* ADD takes a number or a set, DELETE a set. */
static void
check_add_delete_operand (DdbChecker      *ck,
                          const DdbAction *action)
{
  DdbKind kind;

  if (action->operand->value == NULL)
    return;

  kind = ddb_value_get_kind (action->operand->value);
  if (ddb_kind_is_set (kind) || (action->kind == DDB_ACTION_ADD && kind == DDB_KIND_N))
    return;

  _ddb_check_record (ck, SLOT_OPERAND_TYPE, "Incorrect operand type for operator or function; "
                     "operator: %s, operand type: %s", section_name (action->kind),
                     long_kind_name (kind));
}

/**
 * _ddb_check_update:
 * @syntax: a parsed update expression
 * @actions: (element-type DdbAction): its actions
 * @sections: (element-type DdbActionKind): its sections, in order
 * @context: the request's names and values
 * @error: return location for DynamoDB's error
 *
 * Returns: TRUE if the update is valid; its actions are then resolved.
 */
gboolean
_ddb_check_update (DdbSyntax             *syntax,
                   GArray                *actions,
                   GArray                *sections,
                   DdbExpressionContext  *context,
                   GError               **error)
{
  g_autofree DdbNode **targets = g_new (DdbNode *, actions->len);
  guint seen = 0;
  DdbChecker ck;

  _ddb_checker_init (&ck, syntax, context);

  for (guint i = 0; i < sections->len; i++)
    {
      DdbActionKind kind = g_array_index (sections, DdbActionKind, i);

      if (seen & (1u << kind))
        _ddb_check_record (&ck, SLOT_SECTION, "The \"%s\" section can only be used once in an "
                           "update expression;", section_name (kind));
      seen |= 1u << kind;
    }

  for (guint i = 0; i < actions->len; i++)
    {
      DdbAction *action = &g_array_index (actions, DdbAction, i);

      _ddb_check_resolve_path (&ck, action->target);
      switch (action->kind)
        {
        case DDB_ACTION_SET:
          _ddb_check_operand (&ck, action->operand, check_update_call);
          break;
        case DDB_ACTION_ADD:
        case DDB_ACTION_DELETE:
          _ddb_check_resolve_value (&ck, action->operand);
          check_add_delete_operand (&ck, action);
          break;
        case DDB_ACTION_REMOVE:
        default:
          break;
        }

      targets[i] = action->target;
      check_overlaps (&ck, targets, i);
    }

  return _ddb_checker_finish (&ck, update_order, G_N_ELEMENTS (update_order), error);
}

/* ---------------------------------------------------------------------------------------
 * Projections
 * ------------------------------------------------------------------------------------- */

/**
 * _ddb_check_projection:
 * @syntax: a parsed projection expression
 * @paths: its PATH nodes
 * @context: the request's names
 * @error: return location for DynamoDB's error
 *
 * Returns: TRUE if the projection is valid; its paths are then resolved.
 */
gboolean
_ddb_check_projection (DdbSyntax             *syntax,
                       GPtrArray             *paths,
                       DdbExpressionContext  *context,
                       GError               **error)
{
  DdbChecker ck;

  _ddb_checker_init (&ck, syntax, context);

  for (guint i = 0; i < paths->len; i++)
    _ddb_check_resolve_path (&ck, g_ptr_array_index (paths, i));
  /* DynamoDB compares the paths once all are read. */
  for (guint i = 0; i < paths->len; i++)
    check_overlaps (&ck, (DdbNode **)paths->pdata, i);

  return _ddb_checker_finish (&ck, projection_order, G_N_ELEMENTS (projection_order), error);
}
