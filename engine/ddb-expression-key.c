/* ddb-expression-key.c
 *
 * Key condition expressions of Query: exactly one "partitionKey = :v", optionally joined
 * by AND (in either order) to one condition on the sort key (=, <, <=, >, >=, BETWEEN or
 * begins_with), checked against the key attributes of the table or index queried.
 *
 * Design notes
 * ------------
 * A key condition is first parsed and checked as any condition, so that syntax errors,
 * undefined placeholders and operand types give the usual "Invalid
 * KeyConditionExpression: ..." messages (begins_with on a number value among them).  Its
 * tree is then reduced to at most two (attribute, operator, values) conditions, with the
 * messages and the order of checks that dynalite records for the live service:
 *
 *   1. walking the tree top-down, left to right: OR, NOT, IN and <> are "Invalid operator
 *      used in KeyConditionExpression"; so are the functions other than begins_with; a
 *      size() anywhere is a nested operation; BETWEEN and begins_with must have the key
 *      attribute first; each leaf names exactly one attribute, not nested, and no
 *      attribute twice ("must only contain one condition per key");
 *   2. one or two conditions ("Conditions can be of length 1 or 2 only");
 *   3. against the key, partition key first, then sort key: a table without a sort key
 *      takes one condition only ("Query key condition not supported"); the partition key
 *      must have a condition, and so must the sort key when there are two ("Query
 *      condition missed key schema element"); values must have the key's type
 *      ("Condition parameter type does not match schema type"); the partition key's
 *      condition must be "=" ("Query key condition not supported").
 *
 * A comparison written value-first (":v < sk") is turned around (sk > :v).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-ast-private.h"

/* One condition on one key attribute. */
typedef struct
{
  const char       *name;       /* borrowed from the tree */
  DdbSortCondition  op;
  DdbValue         *values[2];  /* borrowed from the tree; NULL past the operator's count */
} DdbKeyPart;

struct _DdbKeyCondition
{
  DdbCondition     *condition;  /* owns the tree the values below point into */
  DdbValue         *partition;
  DdbSortCondition  sort;
  DdbValue         *sort_values[2];
};

typedef struct
{
  DdbKeyPart parts[2];
  guint      n_parts;
  guint      n_extra;           /* conditions beyond two, counted for the length error */
} DdbKeyParts;

static DdbSortCondition
sort_condition_of (DdbCompareOp op,
                   gboolean     reversed)
{
  switch (op)
    {
    case DDB_COMPARE_EQ:
      return DDB_SORT_CONDITION_EQ;
    case DDB_COMPARE_LT:
      return reversed ? DDB_SORT_CONDITION_GT : DDB_SORT_CONDITION_LT;
    case DDB_COMPARE_LE:
      return reversed ? DDB_SORT_CONDITION_GE : DDB_SORT_CONDITION_LE;
    case DDB_COMPARE_GT:
      return reversed ? DDB_SORT_CONDITION_LT : DDB_SORT_CONDITION_GT;
    case DDB_COMPARE_GE:
      return reversed ? DDB_SORT_CONDITION_LE : DDB_SORT_CONDITION_GE;
    case DDB_COMPARE_NE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean reduce_node (const DdbNode  *node,
                             DdbKeyParts    *parts,
                             GError        **error);

/* The operands of one leaf condition: exactly one key attribute, a plain name. */
static gboolean
reduce_leaf_operands (const DdbNode  *node,
                      const char    **name,
                      guint          *name_index,
                      DdbKeyParts    *parts,
                      GError        **error)
{
  *name = NULL;
  for (guint i = 0; i < node->n_args; i++)
    {
      const DdbNode *arg = node->args[i];

      if (arg->kind == DDB_NODE_PATH)
        {
          if (*name != NULL)
            {
              _ddb_expression_set_plain (error, "Invalid condition in KeyConditionExpression: "
                                         "Multiple attribute names used in one condition");
              return FALSE;
            }
          if (arg->path->length > 1)
            {
              _ddb_expression_set_plain (error, "KeyConditionExpressions cannot have conditions "
                                         "on nested attributes");
              return FALSE;
            }
          *name = arg->path->elements[0].name;
          *name_index = i;
        }
      else if (arg->kind == DDB_NODE_CALL && !reduce_node (arg, parts, error))
        return FALSE;
    }

  if (*name == NULL)
    {
      _ddb_expression_set_plain (error, "Invalid condition in KeyConditionExpression: "
                                 "No key attribute specified");
      return FALSE;
    }

  return TRUE;
}

/* Step 1 of the design notes for one leaf. */
static gboolean
reduce_leaf (const DdbNode  *node,
             DdbKeyParts    *parts,
             GError        **error)
{
  DdbKeyPart part = { NULL, DDB_SORT_CONDITION_NONE, { NULL, NULL } };
  guint name_index = 0;
  guint n_values = 0;

  if (!reduce_leaf_operands (node, &part.name, &name_index, parts, error))
    return FALSE;

  for (guint i = 0; i < parts->n_parts; i++)
    if (strcmp (parts->parts[i].name, part.name) == 0)
      {
        _ddb_expression_set_plain (error, "KeyConditionExpressions must only contain one "
                                   "condition per key");
        return FALSE;
      }

  switch (node->kind)
    {
    case DDB_NODE_COMPARE:
      part.op = sort_condition_of (node->compare, name_index != 0);
      break;
    case DDB_NODE_BETWEEN:
      part.op = DDB_SORT_CONDITION_BETWEEN;
      break;
    case DDB_NODE_CALL:
      part.op = DDB_SORT_CONDITION_BEGINS_WITH;
      break;
    case DDB_NODE_PATH:
    case DDB_NODE_VALUE:
    case DDB_NODE_IN:
    case DDB_NODE_AND:
    case DDB_NODE_OR:
    case DDB_NODE_NOT:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < node->n_args; i++)
    if (i != name_index)
      part.values[n_values++] = node->args[i]->value;

  if (parts->n_parts < 2)
    parts->parts[parts->n_parts++] = part;
  else
    parts->n_extra++;

  return TRUE;
}

/* Step 1 of the design notes: recursion along AND nodes and the operands of leaves,
 * bounded by the depth of the tree. */
static gboolean
reduce_node (const DdbNode  *node,
             DdbKeyParts    *parts,
             GError        **error)
{
  const char *invalid = NULL;

  switch (node->kind)
    {
    case DDB_NODE_OR:
      invalid = "OR";
      break;
    case DDB_NODE_NOT:
      invalid = "NOT";
      break;
    case DDB_NODE_IN:
      invalid = "IN";
      break;
    case DDB_NODE_COMPARE:
      if (node->compare == DDB_COMPARE_NE)
        invalid = "<>";
      break;
    case DDB_NODE_CALL:
      switch (node->function)
        {
        case DDB_FUNCTION_SIZE:
          _ddb_expression_set_plain (error, "KeyConditionExpressions cannot contain nested "
                                     "operations");
          return FALSE;
        case DDB_FUNCTION_BEGINS_WITH:
          if (node->args[0]->kind != DDB_NODE_PATH)
            {
              _ddb_expression_set_plain (error, "Invalid condition in KeyConditionExpression: "
                                         "begins_with operator must have the key attribute as "
                                         "its first operand");
              return FALSE;
            }
          break;
        case DDB_FUNCTION_ATTRIBUTE_EXISTS:
          invalid = "attribute_exists";
          break;
        case DDB_FUNCTION_ATTRIBUTE_NOT_EXISTS:
          invalid = "attribute_not_exists";
          break;
        case DDB_FUNCTION_ATTRIBUTE_TYPE:
          invalid = "attribute_type";
          break;
        case DDB_FUNCTION_CONTAINS:
          invalid = "contains";
          break;
        case DDB_FUNCTION_UNKNOWN:
        case DDB_FUNCTION_IF_NOT_EXISTS:
        case DDB_FUNCTION_LIST_APPEND:
        default:
          g_assert_not_reached ();
        }
      break;
    case DDB_NODE_BETWEEN:
      if (node->args[0]->kind != DDB_NODE_PATH)
        {
          _ddb_expression_set_plain (error, "Invalid condition in KeyConditionExpression: "
                                     "BETWEEN operator must have the key attribute as its "
                                     "first operand");
          return FALSE;
        }
      break;
    case DDB_NODE_AND:
      for (guint i = 0; i < node->n_args; i++)
        if (!reduce_node (node->args[i], parts, error))
          return FALSE;
      return TRUE;
    case DDB_NODE_PATH:
    case DDB_NODE_VALUE:
    case DDB_NODE_PLUS:
    case DDB_NODE_MINUS:
    default:
      g_assert_not_reached ();
    }

  if (invalid != NULL)
    {
      _ddb_expression_set_plain (error, "Invalid operator used in KeyConditionExpression: %s",
                                 invalid);
      return FALSE;
    }

  return reduce_leaf (node, parts, error);
}

static const DdbKeyPart *
find_part (const DdbKeyParts *parts,
           const char        *name)
{
  for (guint i = 0; i < parts->n_parts; i++)
    if (strcmp (parts->parts[i].name, name) == 0)
      return &parts->parts[i];

  return NULL;
}

static gboolean
values_match_kind (const DdbKeyPart *part,
                   DdbKind           kind,
                   GError          **error)
{
  for (guint i = 0; i < 2; i++)
    if (part->values[i] != NULL && ddb_value_get_kind (part->values[i]) != kind)
      {
        _ddb_expression_set_plain (error, "One or more parameter values were invalid: Condition "
                                   "parameter type does not match schema type");
        return FALSE;
      }

  return TRUE;
}

/* Step 3 of the design notes. */
static gboolean
match_key (const DdbKeyParts      *parts,
           const DdbKeyAttributes *key,
           const DdbKeyPart      **partition,
           const DdbKeyPart      **sort,
           GError                **error)
{
  if (key->sort_name == NULL && parts->n_parts > 1)
    {
      _ddb_expression_set_plain (error, "Query key condition not supported");
      return FALSE;
    }

  *partition = find_part (parts, key->partition_name);
  if (*partition == NULL)
    {
      _ddb_expression_set_plain (error, "Query condition missed key schema element: %s",
                                 key->partition_name);
      return FALSE;
    }
  if (!values_match_kind (*partition, key->partition_kind, error))
    return FALSE;
  if ((*partition)->op != DDB_SORT_CONDITION_EQ)
    {
      _ddb_expression_set_plain (error, "Query key condition not supported");
      return FALSE;
    }

  *sort = key->sort_name != NULL ? find_part (parts, key->sort_name) : NULL;
  if (*sort == NULL && parts->n_parts > 1)
    {
      _ddb_expression_set_plain (error, "Query condition missed key schema element: %s",
                                 key->sort_name);
      return FALSE;
    }

  return *sort == NULL || values_match_kind (*sort, key->sort_kind, error);
}

/**
 * ddb_key_condition_parse:
 * @text: the KeyConditionExpression
 * @key: the key attributes of the table or index queried
 * @context: the request's names and values
 * @error: return location for a %DDB_EXPRESSION_ERROR_VALIDATION error
 *
 * Parses a key condition and checks it against @key, with DynamoDB's messages.
 *
 * Returns: (transfer full) (nullable): the key condition, or NULL with @error set.
 */
DdbKeyCondition *
ddb_key_condition_parse (const char              *text,
                         const DdbKeyAttributes  *key,
                         DdbExpressionContext    *context,
                         GError                 **error)
{
  g_autoptr(DdbCondition) condition = NULL;
  DdbKeyParts parts = { 0 };
  const DdbKeyPart *partition, *sort;
  DdbKeyCondition *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (key != NULL && key->partition_name != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  condition = _ddb_condition_parse (text, DDB_EXPRESSION_KEY_CONDITION, context, error);
  if (condition == NULL || !reduce_node (condition->root, &parts, error))
    return NULL;

  if (parts.n_parts + parts.n_extra > 2)
    {
      _ddb_expression_set_plain (error, "Conditions can be of length 1 or 2 only");
      return NULL;
    }

  if (!match_key (&parts, key, &partition, &sort, error))
    return NULL;

  self = g_new0 (DdbKeyCondition, 1);
  self->partition = partition->values[0];
  self->sort = sort != NULL ? sort->op : DDB_SORT_CONDITION_NONE;
  if (sort != NULL)
    {
      self->sort_values[0] = sort->values[0];
      self->sort_values[1] = sort->values[1];
    }
  self->condition = g_steal_pointer (&condition);

  return self;
}

/* Returns: (transfer none): the value the partition key must equal. */
DdbValue *
ddb_key_condition_get_partition (const DdbKeyCondition *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);

  return condition->partition;
}

/**
 * ddb_key_condition_get_sort:
 * @condition: a key condition
 * @first: (out) (optional) (transfer none): the operand of the sort condition, the lower
 *   bound of BETWEEN; NULL when there is no sort condition
 * @second: (out) (optional) (transfer none): the upper bound of BETWEEN, else NULL
 *
 * Returns: the sort key condition's operator, %DDB_SORT_CONDITION_NONE if there is none.
 */
DdbSortCondition
ddb_key_condition_get_sort (const DdbKeyCondition  *condition,
                            DdbValue              **first,
                            DdbValue              **second)
{
  g_return_val_if_fail (condition != NULL, DDB_SORT_CONDITION_NONE);

  if (first != NULL)
    *first = condition->sort_values[0];
  if (second != NULL)
    *second = condition->sort_values[1];

  return condition->sort;
}

/**
 * ddb_key_condition_match_sort:
 * @condition: (nullable): a key condition; NULL matches everything
 * @sort_value: (nullable): an item's sort key value
 *
 * Returns: TRUE if @sort_value satisfies the sort key condition, or if there is none.
 *   A missing @sort_value, or one of another type, satisfies no condition.
 */
gboolean
ddb_key_condition_match_sort (const DdbKeyCondition *condition,
                              const DdbValue        *sort_value)
{
  const DdbValue *first, *second;
  int cmp;

  if (condition == NULL || condition->sort == DDB_SORT_CONDITION_NONE)
    return TRUE;

  first = condition->sort_values[0];
  second = condition->sort_values[1];
  if (sort_value == NULL || ddb_value_get_kind (sort_value) != ddb_value_get_kind (first) ||
      !ddb_kind_is_scalar_key (ddb_value_get_kind (sort_value)))
    return FALSE;

  if (condition->sort == DDB_SORT_CONDITION_BEGINS_WITH)
    return _ddb_value_begins_with (sort_value, first);

  cmp = ddb_value_compare_scalar (sort_value, first);
  switch (condition->sort)
    {
    case DDB_SORT_CONDITION_EQ:
      return cmp == 0;
    case DDB_SORT_CONDITION_LT:
      return cmp < 0;
    case DDB_SORT_CONDITION_LE:
      return cmp <= 0;
    case DDB_SORT_CONDITION_GT:
      return cmp > 0;
    case DDB_SORT_CONDITION_GE:
      return cmp >= 0;
    case DDB_SORT_CONDITION_BETWEEN:
      return cmp >= 0 && ddb_value_compare_scalar (sort_value, second) <= 0;
    case DDB_SORT_CONDITION_NONE:
    case DDB_SORT_CONDITION_BEGINS_WITH:
    default:
      g_assert_not_reached ();
    }
}

/* Frees @condition; NULL is allowed. */
void
ddb_key_condition_free (DdbKeyCondition *condition)
{
  if (condition == NULL)
    return;

  ddb_condition_free (condition->condition);
  g_free (condition);
}
