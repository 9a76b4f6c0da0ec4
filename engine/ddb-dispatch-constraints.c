/* ddb-dispatch-constraints.c
 *
 * Phase 2 of DynamoDB's request validation (see ddb-dispatch-json.h): the control plane's
 * table names, each on its own ("The parameter 'TableName' is required ..."), then every
 * member's constraints, in the order of the operation's member table, aggregated into one
 * message: "2 validation errors detected: Value null at 'tableName' failed to satisfy
 * constraint: Member must not be null; ...", at most ten of them, as DynamoDB reports.
 *
 * Maps are checked as a whole first ("Map keys must satisfy constraint: [...]", "Map value
 * must satisfy constraint: [...]", once per map), then the contents of each value, at
 * "requestItems.TABLE.member...".
 *
 * Runs only on a body phase 1 accepted, so every member present has its JSON type.  The
 * recursion follows the static member tables, so its depth is theirs (six levels at most:
 * UpdateTable's GlobalSecondaryIndexUpdates.Create.KeySchema elements), not the input's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-constraints"

#include "config.h"

#include <string.h>

#include "ddb-dispatch-json.h"

/* DynamoDB reports at most this many constraint violations in one message. */
#define MAX_VIOLATIONS 10

static void append_value_text (GString  *text,
                               JsonNode *node);

/* A value as DynamoDB quotes it in a constraint message. */
static void
append_value_text (GString  *text,
                   JsonNode *node)
{
  g_autofree char *json = NULL;
  JsonArray *array;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_ARRAY:
      array = json_node_get_array (node);
      g_string_append_c (text, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append (text, ", ");
          append_value_text (text, json_array_get_element (array, i));
        }
      g_string_append_c (text, ']');
      break;
    case JSON_NODE_OBJECT:
      json = json_to_string (node, FALSE);
      g_string_append (text, json);
      break;
    case JSON_NODE_NULL:
      g_string_append (text, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (text, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        g_string_append_printf (text, "%" G_GINT64_FORMAT, ddb_dispatch_node_integer (node));
      else
        g_string_append (text, json_node_get_boolean (node) ? "true" : "false");
      break;
    }
}

static void
add_violation (GPtrArray  *violations,
               JsonNode   *node,
               const char *path,
               const char *constraint)
{
  GString *text;

  if (violations->len >= MAX_VIOLATIONS)
    return;

  text = g_string_new ("Value ");
  if (ddb_dispatch_node_is_present (node))
    {
      g_string_append_c (text, '\'');
      append_value_text (text, node);
      g_string_append_c (text, '\'');
    }
  else
    g_string_append (text, "null");
  g_string_append_printf (text, " at '%s' failed to satisfy constraint: %s", path, constraint);
  g_ptr_array_add (violations, g_string_free (text, FALSE));
}

static gboolean
matches_name_pattern (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

static gint64
node_length (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_strlen (json_node_get_string (node), -1);
  return 0;
}


static gboolean
in_enum (const char * const *values,
         const char         *text)
{
  for (guint i = 0; values[i] != NULL; i++)
    if (strcmp (values[i], text) == 0)
      return TRUE;
  return FALSE;
}

static char *
enum_constraint (const char * const *values)
{
  GString *text = g_string_new ("Member must satisfy enum value set: [");

  for (guint i = 0; values[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", values[i]);
  g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

static void constrain_member   (JsonNode            *node,
                                const DdbMemberSpec *spec,
                                const char          *path,
                                GPtrArray           *violations);
static void constrain_members  (JsonObject          *object,
                                const DdbMemberSpec *members,
                                const char          *parent,
                                GPtrArray           *violations);
static void constrain_contents (JsonNode            *node,
                                const DdbMemberSpec *spec,
                                const char          *path,
                                GPtrArray           *violations);

/* A table name as a map key: 3 to 255 characters of [a-zA-Z0-9_.-]. */
static gboolean
is_table_name (const char *name)
{
  glong length = g_utf8_strlen (name, -1);

  return length >= 3 && length <= 255 && matches_name_pattern (name);
}

/* "Member must have length less than or equal to 25, Member must have length greater than
 * or equal to 1": the rules of @spec, as a map's value rule lists them. */
static char *
value_rules (const DdbMemberSpec *spec)
{
  GString *rules = g_string_new (NULL);

  if (spec->max_length > 0)
    g_string_append_printf (rules, "Member must have length less than or equal to %u",
                            spec->max_length);
  if (spec->min_length > 0)
    g_string_append_printf (rules, "%sMember must have length greater than or equal to %u",
                            rules->len > 0 ? ", " : "", spec->min_length);
  if (spec->flags & DDB_MEMBER_NOT_NULL)
    g_string_append_printf (rules, "%sMember must not be null", rules->len > 0 ? ", " : "");

  return g_string_free (rules, FALSE);
}

/* The rules of a map as a whole (its keys, the lengths of its values, each reported once
 * for the map), then the contents of each value, at "path.KEY.member". */
static void
constrain_map (JsonNode            *node,
               const DdbMemberSpec *spec,
               const char          *path,
               GPtrArray           *violations)
{
  JsonObject *object = json_node_get_object (node);
  const DdbMemberSpec *value_spec = &spec->children[0];
  g_autoptr(GList) keys = json_object_get_members (object);
  gboolean bad_key = FALSE;
  gboolean bad_value = FALSE;

  for (const GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      gint64 length;

      bad_key |= (spec->flags & DDB_MEMBER_TABLE_KEYS) && !is_table_name (l->data);
      if (!ddb_dispatch_node_is_present (value))
        {
          bad_value |= (value_spec->flags & DDB_MEMBER_NOT_NULL) != 0;
          continue;
        }
      length = node_length (value);
      bad_value |= (value_spec->min_length > 0 && length < value_spec->min_length) ||
                   (value_spec->max_length > 0 && length > value_spec->max_length);
    }

  if (bad_key)
    add_violation (violations, node, path,
                   "Map keys must satisfy constraint: [Member must have length less than or "
                   "equal to 255, Member must have length greater than or equal to 3, Member "
                   "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]");
  if (bad_value)
    {
      g_autofree char *rules = value_rules (value_spec);
      g_autofree char *constraint = g_strdup_printf ("Map value must satisfy constraint: [%s]",
                                                     rules);

      add_violation (violations, node, path, constraint);
    }

  for (const GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *value_path = g_strdup_printf ("%s.%s.member", path,
                                                     (const char *)l->data);

      if (ddb_dispatch_node_is_present (value))
        constrain_contents (value, value_spec, value_path, violations);
    }
}

/* The members or elements inside a structure, list or map that passed its own checks. */
static void
constrain_contents (JsonNode            *node,
                    const DdbMemberSpec *spec,
                    const char          *path,
                    GPtrArray           *violations)
{
  if (spec->type == DDB_MEMBER_STRUCTURE)
    constrain_members (json_node_get_object (node), spec->children, path, violations);
  else if (spec->type == DDB_MEMBER_STRUCTURE_MAP)
    constrain_map (node, spec, path, violations);
  else if (spec->type == DDB_MEMBER_LIST)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *element_path = g_strdup_printf ("%s.%u.member", path, i + 1);

          constrain_member (json_array_get_element (array, i), &spec->children[0], element_path,
                            violations);
        }
    }
}

/* The checks of one member, in DynamoDB's order: not null, enumeration, pattern, length,
 * value, then the members or elements inside it. */
static void
constrain_member (JsonNode            *node,
                  const DdbMemberSpec *spec,
                  const char          *path,
                  GPtrArray           *violations)
{
  g_autofree char *constraint = NULL;

  if (!ddb_dispatch_node_is_present (node))
    {
      if (spec->flags & DDB_MEMBER_NOT_NULL)
        add_violation (violations, node, path, "Member must not be null");
      return;
    }

  if (spec->enum_values != NULL && !in_enum (spec->enum_values, json_node_get_string (node)))
    {
      constraint = enum_constraint (spec->enum_values);
      add_violation (violations, node, path, constraint);
    }
  if ((spec->flags & DDB_MEMBER_NAME_PATTERN) &&
      !matches_name_pattern (json_node_get_string (node)))
    add_violation (violations, node, path,
                   "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (spec->min_length > 0 && node_length (node) < spec->min_length)
    {
      g_clear_pointer (&constraint, g_free);
      constraint = g_strdup_printf ("Member must have length greater than or equal to %u",
                                    spec->min_length);
      add_violation (violations, node, path, constraint);
    }
  if (spec->max_length > 0 && node_length (node) > spec->max_length)
    {
      g_clear_pointer (&constraint, g_free);
      constraint = g_strdup_printf ("Member must have length less than or equal to %u",
                                    spec->max_length);
      add_violation (violations, node, path, constraint);
    }
  if ((spec->flags & DDB_MEMBER_MIN) && ddb_dispatch_node_integer (node) < spec->min_value)
    {
      g_clear_pointer (&constraint, g_free);
      constraint = g_strdup_printf ("Member must have value greater than or equal to %"
                                    G_GINT64_FORMAT, spec->min_value);
      add_violation (violations, node, path, constraint);
    }
  if ((spec->flags & DDB_MEMBER_MAX) && ddb_dispatch_node_integer (node) > spec->max_value)
    {
      g_clear_pointer (&constraint, g_free);
      constraint = g_strdup_printf ("Member must have value less than or equal to %"
                                    G_GINT64_FORMAT, spec->max_value);
      add_violation (violations, node, path, constraint);
    }

  constrain_contents (node, spec, path, violations);
}

static char *
member_path (const char *parent,
             const char *name)
{
  return g_strdup_printf ("%s%s%c%s", parent != NULL ? parent : "", parent != NULL ? "." : "",
                          g_ascii_tolower (name[0]), name + 1);
}

static void
constrain_members (JsonObject          *object,
                   const DdbMemberSpec *members,
                   const char          *parent,
                   GPtrArray           *violations)
{
  for (const DdbMemberSpec *spec = members; spec->name != NULL; spec++)
    {
      g_autofree char *path = member_path (parent, spec->name);

      constrain_member (json_object_get_member (object, spec->name), spec, path, violations);
    }
}

/* The control plane's table names are checked before the constraints, each on its own. */
static gboolean
check_required_names (JsonObject          *object,
                      const DdbMemberSpec *members,
                      GError             **error)
{
  for (const DdbMemberSpec *spec = members; spec->name != NULL; spec++)
    {
      const char *name;
      glong length;

      if (!(spec->flags & DDB_MEMBER_REQUIRED_NAME))
        continue;

      name = ddb_dispatch_get_string (object, spec->name);
      if (name == NULL)
        return ddb_dispatch_validation_error (error, "The parameter '%s' is required but was "
                                                     "not present in the request", spec->name);
      length = g_utf8_strlen (name, -1);
      if (length < 3 || length > 255)
        return ddb_dispatch_validation_error (error, "%s must be at least 3 characters long and "
                                                     "at most 255 characters long", spec->name);
    }

  return TRUE;
}

/**
 * _ddb_dispatch_constrain:
 * @body: a request body phase 1 accepted
 * @members: the operation's members
 *
 * Returns: TRUE if @body satisfies every constraint of @members; else FALSE with a
 *   %DDB_ENGINE_ERROR_VALIDATION error in DynamoDB's words.
 */
gboolean
_ddb_dispatch_constrain (JsonObject          *body,
                         const DdbMemberSpec *members,
                         GError             **error)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (body != NULL && members != NULL, FALSE);

  if (!check_required_names (body, members, error))
    return FALSE;

  violations = g_ptr_array_new_with_free_func (g_free);
  constrain_members (body, members, NULL, violations);
  if (violations->len == 0)
    return TRUE;

  g_ptr_array_add (violations, NULL);
  joined = g_strjoinv ("; ", (char **)violations->pdata);

  return ddb_dispatch_validation_error (error, "%u validation error%s detected: %s",
                                        violations->len - 1, violations->len > 2 ? "s" : "",
                                        joined);
}
