/* ddb-dispatch-common.c
 *
 * Request pieces the item operations (PutItem, GetItem, UpdateItem, DeleteItem, Query,
 * Scan) share in phase 3 of DynamoDB's validation:
 *
 *   - refusing the legacy parameters (AttributesToGet, Expected, KeyConditions, ...):
 *     ddbsim speaks only the expression API, and says which parameter to use instead;
 *   - "ExpressionAttributeNames can only be specified when using expressions" and its
 *     ExpressionAttributeValues sibling;
 *   - ExpressionAttributeNames / ExpressionAttributeValues themselves: not empty, keys of
 *     the form #name / :name, valid values; parsing the expressions that use them and
 *     reporting unused ones is the engine's (ddb-expression.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-common"

#include "config.h"

#include <string.h>

#include "ddb-dispatch-private.h"

const char * const _ddb_return_metrics_values[] = { "SIZE", "NONE", NULL };
const char * const _ddb_return_on_failure_values[] = { "ALL_OLD", "NONE", NULL };
const char * const _ddb_conditional_operator_values[] = { "OR", "AND", NULL };

static const DdbMemberSpec no_members[] = { { NULL } };

const DdbMemberSpec _ddb_string_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRING },
  { NULL }
};

/* The legacy condition structures are checked for their JSON shape only: ddbsim refuses
 * them in phase 3 anyway. */
const DdbMemberSpec _ddb_expected_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "ExpectedAttributeValue",
    .children = no_members },
  { NULL }
};

const DdbMemberSpec _ddb_condition_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "Condition",
    .children = no_members },
  { NULL }
};

const DdbMemberSpec _ddb_attribute_update_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "AttributeValueUpdate",
    .children = no_members },
  { NULL }
};

/* ---------------------------------------------------------------------------------------
 * Legacy parameters
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const char *legacy;
  const char *replacement;          /* NULL: the operation's condition member */
} LegacyParameter;

static const LegacyParameter legacy_parameters[] = {
  { "AttributesToGet", "ProjectionExpression" },
  { "Expected", "ConditionExpression" },
  { "AttributeUpdates", "UpdateExpression" },
  { "KeyConditions", "KeyConditionExpression" },
  { "QueryFilter", "FilterExpression" },
  { "ScanFilter", "FilterExpression" },
  { "ConditionalOperator", NULL },
};

/**
 * _ddb_dispatch_refuse_legacy:
 * @object: the request body, or the part of it that holds the parameters
 * @legacy: the legacy parameters of the operation, in its member order, NULL-terminated
 * @condition_member: "ConditionExpression" or "FilterExpression", which replaces
 *   ConditionalOperator
 *
 * DynamoDB still accepts the legacy (pre-2014) parameters; ddbsim does not, and refuses
 * them with a ValidationException that names the expression parameter to use instead.
 */
gboolean
_ddb_dispatch_refuse_legacy (JsonObject         *object,
                             const char * const *legacy,
                             const char         *condition_member,
                             GError            **error)
{
  g_assert (object != NULL && legacy != NULL && condition_member != NULL);

  for (guint i = 0; legacy[i] != NULL; i++)
    {
      const char *replacement = condition_member;

      if (!ddb_dispatch_has (object, legacy[i]))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (legacy_parameters); j++)
        if (strcmp (legacy_parameters[j].legacy, legacy[i]) == 0 &&
            legacy_parameters[j].replacement != NULL)
          replacement = legacy_parameters[j].replacement;

      return ddb_dispatch_validation_error (error, "ddbsim does not support the legacy parameter "
                                                   "%s: use %s instead", legacy[i], replacement);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Expression parameters
 * ------------------------------------------------------------------------------------- */

/**
 * _ddb_dispatch_check_expression_use:
 * @object: the request body, or the part of it that holds the expressions
 * @expressions: the operation's expression members, NULL-terminated
 *
 * ExpressionAttributeNames need an expression; ExpressionAttributeValues need one that
 * can hold values (any but ProjectionExpression).
 */
gboolean
_ddb_dispatch_check_expression_use (JsonObject         *object,
                                    const char * const *expressions,
                                    GError            **error)
{
  g_autoptr(GPtrArray) value_expressions = g_ptr_array_new ();
  gboolean any_expression = FALSE;
  gboolean any_value_expression = FALSE;
  g_autofree char *joined = NULL;

  g_assert (object != NULL && expressions != NULL);

  for (guint i = 0; expressions[i] != NULL; i++)
    {
      gboolean present = ddb_dispatch_has (object, expressions[i]);

      any_expression |= present;
      if (strcmp (expressions[i], "ProjectionExpression") == 0)
        continue;
      g_ptr_array_add (value_expressions, (gpointer)expressions[i]);
      any_value_expression |= present;
    }

  if (ddb_dispatch_has (object, "ExpressionAttributeNames") && !any_expression)
    return ddb_dispatch_validation_error (error, "ExpressionAttributeNames can only be specified "
                                                 "when using expressions");

  if (value_expressions->len == 0 || any_value_expression ||
      !ddb_dispatch_has (object, "ExpressionAttributeValues"))
    return TRUE;

  g_ptr_array_add (value_expressions, NULL);
  joined = g_strjoinv (" and ", (char **)value_expressions->pdata);

  return ddb_dispatch_validation_error (error, "ExpressionAttributeValues can only be specified "
                                               "when using expressions: %s %s null", joined,
                                        value_expressions->len > 2 ? "are" : "is");
}

/* "#name" or ":name": the prefix, then one or more of [0-9a-zA-Z_]. */
static gboolean
is_placeholder (const char *key,
                char        prefix)
{
  if (key[0] != prefix || key[1] == '\0')
    return FALSE;
  for (const char *p = key + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_placeholders (JsonObject  *object,
                    const char  *member,
                    char         prefix,
                    GError     **error)
{
  g_autoptr(GList) keys = NULL;

  if (json_object_get_size (object) == 0)
    return ddb_dispatch_validation_error (error, "%s must not be empty", member);

  keys = json_object_get_members (object);
  for (const GList *l = keys; l != NULL; l = l->next)
    if (!is_placeholder (l->data, prefix))
      return ddb_dispatch_validation_error (error, "%s contains invalid key: Syntax error; "
                                                   "key: \"%s\"", member, (const char *)l->data);

  return TRUE;
}

/**
 * _ddb_dispatch_expression_attributes:
 * @object: the request body, or the part of it that holds the expressions
 * @attributes: (out caller-allocates): the request's names and values, for the engine;
 *   release with _ddb_expression_attributes_clear()
 *
 * Checks ExpressionAttributeNames and ExpressionAttributeValues as DynamoDB does before it
 * parses the expressions, and converts them.
 */
gboolean
_ddb_dispatch_expression_attributes (DdbDispatch             *dispatch,
                                     JsonObject              *object,
                                     DdbExpressionAttributes *attributes,
                                     GError                 **error)
{
  JsonObject *names;
  JsonObject *values;
  g_autoptr(GError) local_error = NULL;

  g_assert (dispatch != NULL && object != NULL && attributes != NULL);

  memset (attributes, 0, sizeof *attributes);

  names = ddb_dispatch_get_object (object, "ExpressionAttributeNames");
  if (names != NULL && !check_placeholders (names, "ExpressionAttributeNames", '#', error))
    return FALSE;

  values = ddb_dispatch_get_object (object, "ExpressionAttributeValues");
  if (values != NULL && !check_placeholders (values, "ExpressionAttributeValues", ':', error))
    return FALSE;

  attributes->values = ddb_dispatch_take_map (dispatch->request, values, DDB_VALUES_EXPRESSION,
                                              &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  attributes->names = ddb_dispatch_dup_names (object, "ExpressionAttributeNames");

  return TRUE;
}

void
_ddb_expression_attributes_clear (DdbExpressionAttributes *attributes)
{
  g_clear_pointer (&attributes->names, g_hash_table_unref);
  g_clear_pointer (&attributes->values, ddb_value_unref);
}

/**
 * _ddb_dispatch_get_choice:
 * @object: (nullable): a structure that should hold exactly one of @members (a
 *   GlobalSecondaryIndexUpdate, a TransactWriteItem)
 * @members: the member names, NULL-terminated
 * @choice: (out): the index in @members of the member found
 * @value: (out) (transfer none): that member, a structure
 *
 * Returns: how many of @members @object holds; *@choice and *@value are set unless none.
 */
guint
_ddb_dispatch_get_choice (JsonObject         *object,
                          const char * const *members,
                          guint              *choice,
                          JsonObject        **value)
{
  guint n_found = 0;

  g_assert (members != NULL && choice != NULL && value != NULL);

  for (guint i = 0; members[i] != NULL; i++)
    {
      JsonObject *member = ddb_dispatch_get_object (object, members[i]);

      if (member == NULL)
        continue;
      *choice = i;
      *value = member;
      n_found++;
    }

  return n_found;
}

/* ReturnConsumedCapacity, NONE when absent. */
DdbReturnCapacity
_ddb_dispatch_return_capacity (DdbDispatch *dispatch)
{
  static const DdbReturnCapacity modes[] = {
    DDB_RETURN_CAPACITY_INDEXES, DDB_RETURN_CAPACITY_TOTAL, DDB_RETURN_CAPACITY_NONE,
  };

  g_assert (dispatch != NULL);

  return modes[ddb_dispatch_get_enum (dispatch->body, "ReturnConsumedCapacity",
                                      ddb_dispatch_return_capacity_values, 2)];
}
