/* ddb-dispatch-json.c
 *
 * The request object of a dispatch, phase 1 of DynamoDB's validation (the JSON types of
 * the members an operation's table lists, see ddb-dispatch-json.h; phase 2 is in
 * ddb-dispatch-constraints.c), and typed access to the members afterwards.
 *
 * The wording follows DynamoDB's current deserialiser and validator, as the dynalite
 * project's test suite records them against the live service ("NUMBER_VALUE cannot be
 * converted to String", "Value 'x' at 'tableName' failed to satisfy constraint: ...").
 * The members of an AttributeValue are checked by the model layer (ddb-value-json.h).
 *
 * Phase 1 recurses once per level of the member tables, which are static and at most six
 * levels deep, so the recursion is bounded by the tables, not by the input (attribute
 * values are the model layer's, which bounds its own recursion).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-json"

#include "config.h"

#include <string.h>

#include "ddb-dispatch-json.h"
#include "ddb-model-error.h"
#include "ddb-value-json.h"

#define MODEL_PACKAGE "com.amazonaws.dynamodb.v20120810."

const char * const ddb_dispatch_return_capacity_values[] = { "INDEXES", "TOTAL", "NONE", NULL };
const char * const ddb_dispatch_return_values_values[] = {
  "ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW", NULL
};
const char * const ddb_dispatch_select_values[] = {
  "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", NULL
};

typedef struct
{
  DdbValue *map;                    /* NULL when the member is absent */
  GError   *error;                  /* the first ValidationException, reported in phase 3 */
  char     *key;                    /* the attribute whose value failed */
} ParsedValues;

struct _DdbDispatchRequest
{
  JsonObject *body;
  GHashTable *values;               /* JsonObject of an AttributeValue map -> ParsedValues */
};

static void
parsed_values_free (ParsedValues *parsed)
{
  g_clear_pointer (&parsed->map, ddb_value_unref);
  g_clear_error (&parsed->error);
  g_free (parsed->key);
  g_free (parsed);
}

DdbDispatchRequest *
ddb_dispatch_request_new (JsonObject *body)
{
  DdbDispatchRequest *request;

  g_return_val_if_fail (body != NULL, NULL);

  request = g_new0 (DdbDispatchRequest, 1);
  request->body = json_object_ref (body);
  request->values = g_hash_table_new_full (NULL, NULL, NULL,
                                           (GDestroyNotify)parsed_values_free);

  return request;
}

void
ddb_dispatch_request_free (DdbDispatchRequest *request)
{
  if (request == NULL)
    return;

  json_object_unref (request->body);
  g_hash_table_unref (request->values);
  g_free (request);
}

JsonObject *
ddb_dispatch_request_get_body (DdbDispatchRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->body;
}

gboolean
ddb_dispatch_validation_error (GError    **error,
                               const char *format,
                               ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION, message);

  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Phase 1: JSON types
 * ------------------------------------------------------------------------------------- */

/* Sets a SerializationException and evaluates to FALSE, as ddb_dispatch_validation_error()
 * returns it. */
#define serialization_error(error, ...) \
  (g_set_error ((error), DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_SERIALIZATION, __VA_ARGS__), FALSE)

/* A member that is there and not JSON null. */
gboolean
ddb_dispatch_node_is_present (JsonNode *node)
{
  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/* A JSON number as an integer: fractions truncated, out-of-range values clamped. */
gint64
ddb_dispatch_node_integer (JsonNode *node)
{
  double value;

  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return json_node_get_int (node);

  value = json_node_get_double (node);
  if (!(value > -9.2e18))
    return G_MININT64;
  if (!(value < 9.2e18))
    return G_MAXINT64;
  return (gint64)value;
}

/* The token name DynamoDB's parser gives a JSON scalar ("NUMBER_VALUE"). */
static const char *
scalar_token (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? "TRUE_VALUE" : "FALSE_VALUE";
  if (type == G_TYPE_INT64)
    return "NUMBER_VALUE";
  if (type == G_TYPE_DOUBLE)
    return "DECIMAL_VALUE";
  return "STRING_VALUE";
}

/* Checks a scalar member: @java is "String", "Boolean", "Integer" or "Long". */
static gboolean
check_scalar (JsonNode    *node,
              GType        expected,
              const char  *java,
              GError     **error)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return serialization_error (error, "Start of structure or map found where not expected");
    case JSON_NODE_ARRAY:
      return serialization_error (error, "Unrecognized collection type class java.lang.%s", java);
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (expected == G_TYPE_INT64 && (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE))
    return TRUE;
  if (type == expected)
    return TRUE;
  if (expected == G_TYPE_BOOLEAN && type == G_TYPE_STRING)
    return serialization_error (error, "Unexpected token received from parser");

  return serialization_error (error, "%s cannot be converted to %s", scalar_token (node), java);
}

/* Checks that @node is an object; @in_field: a structure member, else a list element or
 * a map value, which DynamoDB's deserialiser words differently. */
static gboolean
check_object (JsonNode    *node,
              gboolean     in_field,
              const char  *collection_type,
              GError     **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_ARRAY:
      return serialization_error (error, "Unrecognized collection type %s", collection_type);
    case JSON_NODE_VALUE:
      return serialization_error (error, in_field ? "Unexpected field type"
                                                  : "Unexpected value type in payload");
    case JSON_NODE_NULL:
    case JSON_NODE_OBJECT:
    default:
      return TRUE;
    }
}

static gboolean check_members (JsonObject          *object,
                               const DdbMemberSpec *members,
                               GHashTable          *values,
                               GError             **error);

/* The Java type DynamoDB's deserialiser names for a map's values: a model class, or a
 * list of one ("java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>"). */
static char *
map_value_type (const DdbMemberSpec *spec)
{
  if (spec->type == DDB_MEMBER_LIST)
    return g_strconcat ("java.util.List<" MODEL_PACKAGE, spec->children[0].class_name, ">",
                        NULL);

  return g_strconcat (MODEL_PACKAGE, spec->class_name, NULL);
}

/* Parses an AttributeValue map: a wrong shape fails now, the first invalid value is kept
 * for phase 3, as DynamoDB deserialises the whole request before validating it. */
static gboolean
parse_values (JsonObject    *object,
              ParsedValues  *parsed,
              GError       **error)
{
  g_autoptr(DdbMapBuilder) builder = ddb_map_builder_new ();
  g_autoptr(GList) names = json_object_get_members (object);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autoptr(GError) local_error = NULL;
      DdbValue *value;

      if (!ddb_dispatch_node_is_present (node))
        continue;
      if (!check_object (node, FALSE, "class " MODEL_PACKAGE "AttributeValue", error))
        return FALSE;

      value = ddb_value_from_json (node, &local_error);
      if (value != NULL)
        {
          ddb_map_builder_set_take (builder, l->data, value);
          continue;
        }
      if (g_error_matches (local_error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION))
        {
          ddb_engine_error_adopt (&local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (parsed->error == NULL)
        {
          ddb_engine_error_adopt (&local_error);
          parsed->error = g_steal_pointer (&local_error);
          parsed->key = g_strdup (l->data);
        }
    }

  parsed->map = ddb_map_builder_end (g_steal_pointer (&builder));

  return TRUE;
}

static gboolean
check_member (JsonNode            *node,
              const DdbMemberSpec *spec,
              gboolean             in_field,
              GHashTable          *values,
              GError             **error)
{
  g_autofree char *collection = NULL;
  JsonObject *object;
  JsonArray *array;
  g_autoptr(GList) names = NULL;

  switch (spec->type)
    {
    case DDB_MEMBER_STRING:
      return check_scalar (node, G_TYPE_STRING, "String", error);
    case DDB_MEMBER_BOOLEAN:
      return check_scalar (node, G_TYPE_BOOLEAN, "Boolean", error);
    case DDB_MEMBER_INTEGER:
      return check_scalar (node, G_TYPE_INT64, "Integer", error);
    case DDB_MEMBER_LONG:
      return check_scalar (node, G_TYPE_INT64, "Long", error);

    case DDB_MEMBER_LIST:
      if (JSON_NODE_HOLDS_OBJECT (node))
        return serialization_error (error, "Start of structure or map found where not expected");
      if (JSON_NODE_HOLDS_VALUE (node))
        return serialization_error (error, "Unexpected field type");
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return TRUE;
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_member (json_array_get_element (array, i), &spec->children[0], FALSE, values,
                           error))
          return FALSE;
      return TRUE;

    case DDB_MEMBER_STRUCTURE:
      collection = g_strconcat ("class " MODEL_PACKAGE, spec->class_name, NULL);
      if (!check_object (node, in_field, collection, error))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return TRUE;
      return check_members (json_node_get_object (node), spec->children, values, error);

    case DDB_MEMBER_STRING_MAP:
    case DDB_MEMBER_VALUE_MAP:
    case DDB_MEMBER_STRUCTURE_MAP:
      if (spec->type == DDB_MEMBER_STRING_MAP)
        collection = g_strdup ("java.util.Map<java.lang.String, java.lang.String>");
      else
        {
          g_autofree char *value_type = spec->type == DDB_MEMBER_VALUE_MAP
                                        ? g_strdup (MODEL_PACKAGE "AttributeValue")
                                        : map_value_type (&spec->children[0]);

          collection = g_strdup_printf ("java.util.Map<java.lang.String, %s>", value_type);
        }
      if (!check_object (node, in_field, collection, error))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return TRUE;
      object = json_node_get_object (node);
      if (spec->type == DDB_MEMBER_VALUE_MAP)
        {
          ParsedValues *parsed = g_new0 (ParsedValues, 1);

          g_hash_table_replace (values, object, parsed);
          return parse_values (object, parsed, error);
        }
      names = json_object_get_members (object);
      for (const GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (object, l->data);
          gboolean ok = spec->type == DDB_MEMBER_STRING_MAP
                        ? check_scalar (value, G_TYPE_STRING, "String", error)
                        : check_member (value, &spec->children[0], FALSE, values, error);

          if (!ok)
            return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Phase 1 over the members of one structure, in the order of @members.  @values collects
 * the request's AttributeValue maps, at any depth, by their JsonObject. */
static gboolean
check_members (JsonObject          *object,
               const DdbMemberSpec *members,
               GHashTable          *values,
               GError             **error)
{
  for (const DdbMemberSpec *spec = members; spec->name != NULL; spec++)
    {
      JsonNode *node = json_object_get_member (object, spec->name);

      if (ddb_dispatch_node_is_present (node) && !check_member (node, spec, TRUE, values, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ddb_dispatch_check:
 * @members: the operation's members, in DynamoDB's order, ending with a NULL name
 *
 * Runs phases 1 and 2 on @request's body.  Members that @members does not list are
 * ignored, as DynamoDB ignores them.
 *
 * Returns: TRUE if the request passed both phases; else FALSE with a
 *   %DDB_ENGINE_ERROR_SERIALIZATION or %DDB_ENGINE_ERROR_VALIDATION error.
 */
gboolean
ddb_dispatch_check (DdbDispatchRequest   *request,
                    const DdbMemberSpec  *members,
                    GError              **error)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (members != NULL, FALSE);

  return check_members (request->body, members, request->values, error) &&
         _ddb_dispatch_constrain (request->body, members, error);
}

/**
 * ddb_dispatch_take_map:
 * @map: (nullable): an AttributeValue map of the request (a DDB_MEMBER_VALUE_MAP member or
 *   list element), or NULL
 * @context: how to word a deferred validation error
 *
 * Hands over what phase 1 parsed from @map; each map can be taken once.
 *
 * Returns: (transfer full) (nullable): @map as an M value; NULL when @map is NULL
 *   (@error unset) or when one of its values is invalid (@error set, DynamoDB's wording).
 */
DdbValue *
ddb_dispatch_take_map (DdbDispatchRequest  *request,
                       JsonObject          *map,
                       DdbValuesContext     context,
                       GError             **error)
{
  ParsedValues *parsed;

  g_return_val_if_fail (request != NULL, NULL);

  parsed = map != NULL ? g_hash_table_lookup (request->values, map) : NULL;
  if (parsed == NULL)
    return NULL;

  if (parsed->error == NULL)
    return g_steal_pointer (&parsed->map);

  switch (context)
    {
    case DDB_VALUES_START_KEY:
      ddb_dispatch_validation_error (error, "The provided starting key is invalid: %s",
                                     parsed->error->message);
      break;
    case DDB_VALUES_EXPRESSION:
      ddb_dispatch_validation_error (error, "ExpressionAttributeValues contains invalid value: "
                                            "%s for key %s", parsed->error->message, parsed->key);
      break;
    case DDB_VALUES_PLAIN:
    default:
      g_propagate_error (error, g_steal_pointer (&parsed->error));
      break;
    }

  return NULL;
}

/**
 * ddb_dispatch_take_values:
 * @member: a DDB_MEMBER_VALUE_MAP member of the request body
 *
 * ddb_dispatch_take_map() for a member of the body.
 */
DdbValue *
ddb_dispatch_take_values (DdbDispatchRequest  *request,
                          const char          *member,
                          DdbValuesContext     context,
                          GError             **error)
{
  g_return_val_if_fail (request != NULL && member != NULL, NULL);

  return ddb_dispatch_take_map (request, ddb_dispatch_get_object (request->body, member),
                                context, error);
}

/* ---------------------------------------------------------------------------------------
 * Accessors
 * ------------------------------------------------------------------------------------- */

static JsonNode *
lookup (JsonObject *object,
        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);

  return ddb_dispatch_node_is_present (node) ? node : NULL;
}

gboolean
ddb_dispatch_has (JsonObject *object,
                  const char *member)
{
  return lookup (object, member) != NULL;
}

/* Returns: (transfer none) (nullable): the string member, NULL when absent. */
const char *
ddb_dispatch_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = lookup (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

gboolean
ddb_dispatch_get_boolean (JsonObject *object,
                          const char *member,
                          gboolean    default_value)
{
  JsonNode *node = lookup (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN ? json_node_get_boolean (node)
                                                            : default_value;
}

gint64
ddb_dispatch_get_integer (JsonObject *object,
                          const char *member,
                          gint64      default_value)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return default_value;
  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return ddb_dispatch_node_integer (node);

  return default_value;
}

JsonArray *
ddb_dispatch_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = lookup (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
ddb_dispatch_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = lookup (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns: (transfer none) (nullable): element @index of @array if it is an object. */
JsonObject *
ddb_dispatch_array_get_object (JsonArray *array,
                               guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns: (transfer full) (nullable): the strings of @array, JSON nulls skipped. */
GStrv
ddb_dispatch_dup_strv (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

/* Returns: (transfer full) (nullable): a Map<String, String> member as a hash table of
 * owned strings, NULL when absent. */
GHashTable *
ddb_dispatch_dup_names (JsonObject *object,
                        const char *member)
{
  JsonObject *names = ddb_dispatch_get_object (object, member);
  g_autoptr(GList) keys = NULL;
  GHashTable *table;

  if (names == NULL)
    return NULL;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  keys = json_object_get_members (names);
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      const char *value = ddb_dispatch_get_string (names, l->data);

      if (value != NULL)
        g_hash_table_replace (table, g_strdup (l->data), g_strdup (value));
    }

  return table;
}

/* The index in @values of an enumeration member phase 2 accepted, or @default_index when
 * the member is absent. */
gint
ddb_dispatch_get_enum (JsonObject         *object,
                       const char         *member,
                       const char * const *values,
                       gint                default_index)
{
  const char *text = ddb_dispatch_get_string (object, member);

  if (text == NULL)
    return default_index;

  for (gint i = 0; values[i] != NULL; i++)
    if (strcmp (values[i], text) == 0)
      return i;

  g_return_val_if_reached (default_index);
}
