/* ddb-value-json.c
 *
 * DynamoDB JSON <-> DdbValue.
 *
 * Parsing runs in two passes over the json-glib tree, because DynamoDB deserialises a
 * request before it validates it, so a SerializationException anywhere in an item wins
 * over a ValidationException earlier in the same item:
 *
 *   1. check_shape(): JSON types only: an AttributeValue is an object, "S" holds a string,
 *      "B" holds canonical base64, "BOOL" a boolean, "L" an array, and so on.  Members
 *      that are JSON null or not a DynamoDB type are ignored, as DynamoDB's deserialiser
 *      ignores them.  The messages are those of DynamoDB's deserialiser as the dynalite
 *      project's newest tests record them against the live service ("NUMBER_VALUE cannot
 *      be converted to String", "Unexpected value type in payload").
 *   2. convert_value(): builds the DdbValue and applies DynamoDB's validation in document
 *      order: exactly one type per value, valid numbers, non-empty sets without
 *      duplicates, NULL must be true, at most 32 levels of nesting.
 *
 * Both passes recurse once per nesting level; pass 2 stops at level 33 and pass 1 never
 * looks deeper than pass 2 would, so the recursion is bounded by the nesting limit, not by
 * the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-value-json"

#include "config.h"

#include <string.h>

#include "ddb-model-error.h"
#include "ddb-value-json.h"
#include "ddb-value-private.h"

typedef enum
{
  SHAPE_STRING,
  SHAPE_BLOB,
  SHAPE_BOOLEAN,
  SHAPE_LIST,
  SHAPE_MAP,
  SHAPE_STRUCTURE,
} Shape;

/* How deep pass 1 looks: one level past the limit, so that pass 2 reports the nesting. */
#define SHAPE_MAX_LEVEL (DDB_VALUE_MAX_DEPTH + 1)

static const char nesting_message[] =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
  "beyond supported limit";

/* ---------------------------------------------------------------------------------------
 * Pass 1: shapes
 * ------------------------------------------------------------------------------------- */

static gboolean
serialization_error (GError    **error,
                     const char *format,
                     ...) G_GNUC_PRINTF (2, 3);

static gboolean
serialization_error (GError    **error,
                     const char *format,
                     ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION, message);

  return FALSE;
}

/* The name DynamoDB's JSON parser gives a scalar token ("NUMBER_VALUE"). */
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

/* The answer to an object or array where a scalar of @java_class belongs. */
static gboolean
container_error (JsonNode    *node,
                 const char  *java_class,
                 GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return serialization_error (error, "Start of structure or map found where not expected");

  return serialization_error (error, "Unrecognized collection type class %s", java_class);
}

/* Checks a node that should hold a JSON string: an "S" or "N" value, or a member of an
 * "SS" or "NS" set. */
static gboolean
check_string (JsonNode  *node,
              GError   **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return container_error (node, "java.lang.String", error);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return serialization_error (error, "%s cannot be converted to String", scalar_token (node));
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return serialization_error (error, "Invalid UTF-8 in a string value");

  return TRUE;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* DynamoDB accepts only canonical base64: a multiple of 4 characters, the alphabet,
 * padding only at the end, and no stray bits in the last character before the padding. */
static gboolean
check_base64 (const char  *text,
              GError     **error)
{
  gsize length = strlen (text);
  g_autofree guchar *decoded = NULL;
  g_autofree char *reencoded = NULL;
  gsize decoded_length;

  if (length % 4 != 0)
    return serialization_error (error, "Base64 encoded length is expected a multiple of 4 bytes "
                                       "but found: %" G_GSIZE_FORMAT, length);

  for (gsize i = 0; i < length; i++)
    {
      /* Padding: only "=" or "==" at the very end. */
      if (text[i] == '=' && (i + 2 < length || (i + 2 == length && text[i + 1] != '=')))
        return serialization_error (error, "Invalid Base64 character: '='");
      if (text[i] != '=' && !is_base64_char (text[i]))
        return serialization_error (error, "Invalid Base64 character: '%c'", text[i]);
    }

  decoded = g_base64_decode (text, &decoded_length);
  reencoded = g_base64_encode (decoded, decoded_length);
  if (strcmp (reencoded, text) != 0)
    /* DynamoDB's message, spelling included. */
    return serialization_error (error, "Invalid last non-pad Base64 character dectected");

  return TRUE;
}

/* Checks a "B" value or a member of a "BS" set. */
static gboolean
check_blob (JsonNode  *node,
            GError   **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return container_error (node, "java.nio.ByteBuffer", error);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return serialization_error (error, "only base-64-encoded strings are convertible to bytes");

  return check_base64 (json_node_get_string (node), error);
}

/* Checks a "BOOL" or "NULL" value. */
static gboolean
check_boolean (JsonNode  *node,
               GError   **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return container_error (node, "java.lang.Boolean", error);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return serialization_error (error, "Unexpected token received from parser");
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return serialization_error (error, "%s cannot be converted to Boolean", scalar_token (node));

  return TRUE;
}

static gboolean check_shape (JsonNode  *node,
                             Shape      shape,
                             guint      level,
                             GError   **error);

/* Checks the array of an "SS", "NS", "BS" or "L" value. */
static gboolean
check_list (JsonNode  *node,
            Shape      element_shape,
            guint      level,
            GError   **error)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return serialization_error (error, "Start of structure or map found where not expected");
  if (JSON_NODE_HOLDS_VALUE (node))
    return serialization_error (error, "Unexpected field type");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!check_shape (json_array_get_element (array, i), element_shape, level, error))
      return FALSE;

  return TRUE;
}

/* Checks an "M" value or an item: an object of name -> AttributeValue. */
static gboolean
check_map (JsonNode  *node,
           guint      level,
           GError   **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return serialization_error (error, "Unrecognized collection type java.util.Map<java.lang."
                                       "String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
  if (JSON_NODE_HOLDS_VALUE (node))
    return serialization_error (error, "Unexpected field type");

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_utf8_validate (l->data, -1, NULL))
        return serialization_error (error, "Invalid UTF-8 in a member name");
      if (!check_shape (json_object_get_member (object, l->data), SHAPE_STRUCTURE, level, error))
        return FALSE;
    }

  return TRUE;
}

/* Checks an AttributeValue: an object with type members ("S": ..., "L": ...). */
static gboolean
check_structure (JsonNode  *node,
                 guint      level,
                 GError   **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return serialization_error (error, "Unrecognized collection type class "
                                       "com.amazonaws.dynamodb.v20120810.AttributeValue");
  if (JSON_NODE_HOLDS_VALUE (node))
    return serialization_error (error, "Unexpected value type in payload");

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      DdbKind kind;
      gboolean ok;

      if (!ddb_kind_from_string (l->data, &kind))
        continue;   /* not a DynamoDB type: the deserialiser drops it */

      switch (kind)
        {
        case DDB_KIND_S:
        case DDB_KIND_N:
          ok = check_string (member, error);
          break;
        case DDB_KIND_B:
          ok = check_blob (member, error);
          break;
        case DDB_KIND_BOOL:
        case DDB_KIND_NULL:
          ok = check_boolean (member, error);
          break;
        case DDB_KIND_SS:
        case DDB_KIND_NS:
          ok = check_list (member, SHAPE_STRING, level, error);
          break;
        case DDB_KIND_BS:
          ok = check_list (member, SHAPE_BLOB, level, error);
          break;
        case DDB_KIND_L:
          ok = level >= SHAPE_MAX_LEVEL || check_list (member, SHAPE_STRUCTURE, level + 1, error);
          break;
        case DDB_KIND_M:
          ok = level >= SHAPE_MAX_LEVEL || check_map (member, level + 1, error);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_shape (JsonNode  *node,
             Shape      shape,
             guint      level,
             GError   **error)
{
  switch (shape)
    {
    case SHAPE_STRING:
      return check_string (node, error);
    case SHAPE_BLOB:
      return check_blob (node, error);
    case SHAPE_BOOLEAN:
      return check_boolean (node, error);
    case SHAPE_LIST:
      return check_list (node, SHAPE_STRUCTURE, level, error);
    case SHAPE_MAP:
      return check_map (node, level, error);
    case SHAPE_STRUCTURE:
      return check_structure (node, level, error);
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Pass 2: values
 * ------------------------------------------------------------------------------------- */

static gboolean
validation_error (GError    **error,
                  const char *message)
{
  g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION, message);
  return FALSE;
}

/**
 * ddb_number_status_to_error:
 * @status: the result of parsing or computing a number
 * @text: (nullable): the text that was parsed, for the message of a syntax error
 * @error: return location for a %DDB_MODEL_ERROR_VALIDATION error
 *
 * Turns a #DdbNumberStatus into DynamoDB's ValidationException message.
 *
 * Returns: TRUE for %DDB_NUMBER_OK, else FALSE with @error set.
 */
gboolean
ddb_number_status_to_error (DdbNumberStatus  status,
                            const char      *text,
                            GError         **error)
{
  switch (status)
    {
    case DDB_NUMBER_OK:
      return TRUE;
    case DDB_NUMBER_EMPTY:
      return validation_error (error, "The parameter cannot be converted to a numeric value");
    case DDB_NUMBER_SYNTAX:
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                   "The parameter cannot be converted to a numeric value: %s",
                   text != NULL ? text : "");
      return FALSE;
    case DDB_NUMBER_TOO_MANY_DIGITS:
      return validation_error (error,
                               "Attempting to store more than 38 significant digits in a Number");
    case DDB_NUMBER_OVERFLOW:
      return validation_error (error,
                               "Number overflow. Attempting to store a number with magnitude "
                               "larger than supported range");
    case DDB_NUMBER_UNDERFLOW:
      return validation_error (error,
                               "Number underflow. Attempting to store a number with magnitude "
                               "smaller than supported range");
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Returns: (transfer full) (nullable): the N value of @text, or NULL with DynamoDB's
 * message in @error. */
DdbValue *
ddb_value_parse_number (const char  *text,
                        GError     **error)
{
  DdbNumber number;

  g_return_val_if_fail (text != NULL, NULL);

  if (!ddb_number_status_to_error (ddb_number_parse (text, -1, &number), text, error))
    return NULL;

  return ddb_value_new_number (&number);
}

static DdbValue *
decode_blob (const char *base64)
{
  gsize length;
  g_autofree guchar *data = g_base64_decode (base64, &length);

  return ddb_value_new_binary (data, length);
}

static DdbValue *convert_value (JsonNode  *node,
                                guint      level,
                                GError   **error);

static DdbValue *
convert_list (JsonArray  *array,
              guint       level,
              GError    **error)
{
  guint length = json_array_get_length (array);
  g_autoptr(GPtrArray) elements = g_ptr_array_new_full (length,
                                                        (GDestroyNotify)ddb_value_unref);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      DdbValue *value;

      if (JSON_NODE_HOLDS_NULL (element))
        continue;
      value = convert_value (element, level, error);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (elements, value);
    }

  length = elements->len;
  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (elements, NULL);

    return ddb_value_new_list_take (stolen, length);
  }
}

/* Converts a JSON object of name -> AttributeValue into an M value. */
static DdbValue *
convert_map (JsonObject  *object,
             guint        level,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint length = json_object_get_size (object);
  g_autofree const char **names = g_new (const char *, length + 1);
  g_autoptr(GPtrArray) values = g_ptr_array_new_full (length, (GDestroyNotify)ddb_value_unref);
  guint n = 0;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      DdbValue *value;

      if (JSON_NODE_HOLDS_NULL (member))
        continue;
      value = convert_value (member, level, error);
      if (value == NULL)
        return NULL;
      names[n++] = l->data;
      g_ptr_array_add (values, value);
    }

  g_assert (n == values->len);
  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (values, NULL);

    return ddb_value_new_map_take (names, stolen, n);
  }
}

static DdbValue *
convert_set (DdbKind     set_kind,
             JsonArray  *array,
             GError    **error)
{
  guint length = json_array_get_length (array);
  g_autoptr(GPtrArray) members = g_ptr_array_new_full (length, (GDestroyNotify)ddb_value_unref);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      DdbValue *member = NULL;

      if (JSON_NODE_HOLDS_NULL (element))
        continue;
      text = json_node_get_string (element);

      switch (set_kind)
        {
        case DDB_KIND_SS:
          member = _ddb_value_new_string_trusted (text, strlen (text));
          break;
        case DDB_KIND_NS:
          member = ddb_value_parse_number (text, error);
          break;
        case DDB_KIND_BS:
          member = decode_blob (text);
          break;
        case DDB_KIND_S:
        case DDB_KIND_N:
        case DDB_KIND_B:
        case DDB_KIND_BOOL:
        case DDB_KIND_NULL:
        case DDB_KIND_L:
        case DDB_KIND_M:
        default:
          g_assert_not_reached ();
        }

      if (member == NULL)
        return NULL;
      g_ptr_array_add (members, member);
    }

  length = members->len;
  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (members, NULL);

    return ddb_value_new_set_take (set_kind, stolen, length, error);
  }
}

/* Builds the value of one type member ("S": ..., "L": ...) of an AttributeValue. */
static DdbValue *
convert_typed (DdbKind     kind,
               JsonNode   *member,
               guint       level,
               GError    **error)
{
  switch (kind)
    {
    case DDB_KIND_S:
      /* Pass 1 validated the UTF-8. */
      return _ddb_value_new_string_trusted (json_node_get_string (member),
                                            strlen (json_node_get_string (member)));

    case DDB_KIND_N:
      return ddb_value_parse_number (json_node_get_string (member), error);

    case DDB_KIND_B:
      return decode_blob (json_node_get_string (member));

    case DDB_KIND_BOOL:
      return ddb_value_new_bool (json_node_get_boolean (member));

    case DDB_KIND_NULL:
      if (!json_node_get_boolean (member))
        {
          validation_error (error, "One or more parameter values were invalid: Null attribute "
                                   "value types must have the value of true");
          return NULL;
        }
      return ddb_value_new_null ();

    case DDB_KIND_L:
      if (level >= DDB_VALUE_MAX_DEPTH)
        {
          validation_error (error, nesting_message);
          return NULL;
        }
      return convert_list (json_node_get_array (member), level + 1, error);

    case DDB_KIND_M:
      if (level >= DDB_VALUE_MAX_DEPTH)
        {
          validation_error (error, nesting_message);
          return NULL;
        }
      return convert_map (json_node_get_object (member), level + 1, error);

    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      return convert_set (kind, json_node_get_array (member), error);

    default:
      g_assert_not_reached ();
    }
}

/* Converts an AttributeValue object.  @level is the number of lists and maps around it. */
static DdbValue *
convert_value (JsonNode  *node,
               guint      level,
               GError   **error)
{
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(DdbValue) value = NULL;
  guint n_types = 0;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      DdbKind kind;
      DdbValue *typed;

      if (JSON_NODE_HOLDS_NULL (member) || !ddb_kind_from_string (l->data, &kind))
        continue;

      /* Each type member is validated in document order before the count is checked,
       * which is the order in which DynamoDB reports problems. */
      typed = convert_typed (kind, member, level, error);
      if (typed == NULL)
        return NULL;
      n_types++;
      if (value == NULL)
        value = typed;
      else
        ddb_value_unref (typed);
    }

  if (n_types == 0)
    {
      validation_error (error, "Supplied AttributeValue is empty, must contain exactly one of "
                               "the supported datatypes");
      return NULL;
    }
  if (n_types > 1)
    {
      validation_error (error, "Supplied AttributeValue has more than one datatypes set, must "
                               "contain exactly one of the supported datatypes");
      return NULL;
    }

  return g_steal_pointer (&value);
}

/* ---------------------------------------------------------------------------------------
 * Public parsing API
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_value_from_json:
 * @node: an AttributeValue in DynamoDB JSON, e.g. {"NS": ["1", "2"]}
 * @error: return location for a %DDB_MODEL_ERROR error
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set.
 */
DdbValue *
ddb_value_from_json (JsonNode  *node,
                     GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shape (node, SHAPE_STRUCTURE, 0, error))
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      validation_error (error, "Supplied AttributeValue is empty, must contain exactly one of "
                               "the supported datatypes");
      return NULL;
    }

  return convert_value (node, 0, error);
}

/**
 * ddb_item_from_json:
 * @node: an item in DynamoDB JSON: an object of attribute name -> AttributeValue
 * @error: return location for a %DDB_MODEL_ERROR error
 *
 * Returns: (transfer full) (nullable): the item as an M value, or %NULL with @error set.
 */
DdbValue *
ddb_item_from_json (JsonNode  *node,
                    GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shape (node, SHAPE_MAP, 0, error))
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return ddb_value_new_map_take (NULL, NULL, 0);

  /* Top-level attributes sit at level 0: the item map itself is not a nesting level. */
  return convert_map (json_node_get_object (node), 0, error);
}

/**
 * ddb_item_from_json_text:
 * @text: JSON text of an item
 * @length: its length, or -1 if NUL-terminated
 *
 * Parses @text with json-glib and then as ddb_item_from_json().  Text that is not JSON
 * is a %DDB_MODEL_ERROR_SERIALIZATION error.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set.
 */
DdbValue *
ddb_item_from_json_text (const char  *text,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, text, length, &parse_error))
    {
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION,
                   "Invalid JSON: %s", parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_SERIALIZATION,
                           "Invalid JSON: empty document");
      return NULL;
    }

  return ddb_item_from_json (root, error);
}

/* ---------------------------------------------------------------------------------------
 * Printing
 * ------------------------------------------------------------------------------------- */

static void
write_base64 (DdbJsonWriter *writer,
              const guint8  *data,
              gsize          length)
{
  g_autofree char *base64 = g_base64_encode (data, length);

  ddb_json_writer_string (writer, base64, -1);
}

static void
write_number (DdbJsonWriter   *writer,
              const DdbNumber *number)
{
  char text[DDB_NUMBER_MAX_TEXT];
  gsize length = ddb_number_format (number, text);

  ddb_json_writer_string (writer, text, length);
}

/* Writes the members of a set as a JSON array of strings. */
static void
write_set_members (const DdbValue *set,
                   DdbJsonWriter  *writer)
{
  ddb_json_writer_begin_array (writer);
  for (gsize i = 0; i < ddb_value_get_length (set); i++)
    {
      const DdbValue *member = ddb_value_get_element (set, i);
      const char *text;
      const guint8 *data;
      gsize length;

      switch (ddb_value_get_kind (member))
        {
        case DDB_KIND_S:
          text = ddb_value_get_string (member, &length);
          ddb_json_writer_string (writer, text, length);
          break;
        case DDB_KIND_N:
          write_number (writer, ddb_value_get_number (member));
          break;
        case DDB_KIND_B:
          data = ddb_value_get_binary (member, &length);
          write_base64 (writer, data, length);
          break;
        case DDB_KIND_BOOL:
        case DDB_KIND_NULL:
        case DDB_KIND_L:
        case DDB_KIND_M:
        case DDB_KIND_SS:
        case DDB_KIND_NS:
        case DDB_KIND_BS:
        default:
          g_assert_not_reached ();
        }
    }
  ddb_json_writer_end_array (writer);
}

/* Writes @value as a DynamoDB JSON AttributeValue. */
void
ddb_value_write_json (const DdbValue *value,
                      DdbJsonWriter  *writer)
{
  DdbKind kind;
  const char *text;
  const guint8 *data;
  gsize length;

  g_return_if_fail (value != NULL && writer != NULL);

  kind = ddb_value_get_kind (value);
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, ddb_kind_to_string (kind));

  switch (kind)
    {
    case DDB_KIND_S:
      text = ddb_value_get_string (value, &length);
      ddb_json_writer_string (writer, text, length);
      break;
    case DDB_KIND_N:
      write_number (writer, ddb_value_get_number (value));
      break;
    case DDB_KIND_B:
      data = ddb_value_get_binary (value, &length);
      write_base64 (writer, data, length);
      break;
    case DDB_KIND_BOOL:
      ddb_json_writer_boolean (writer, ddb_value_get_bool (value));
      break;
    case DDB_KIND_NULL:
      ddb_json_writer_boolean (writer, TRUE);
      break;
    case DDB_KIND_L:
      ddb_json_writer_begin_array (writer);
      for (gsize i = 0; i < ddb_value_get_length (value); i++)
        ddb_value_write_json (ddb_value_get_element (value, i), writer);
      ddb_json_writer_end_array (writer);
      break;
    case DDB_KIND_M:
      ddb_item_write_json (value, writer);
      break;
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      write_set_members (value, writer);
      break;
    default:
      g_assert_not_reached ();
    }

  ddb_json_writer_end_object (writer);
}

/* Writes an M value (or an item) as a JSON object of name -> AttributeValue. */
void
ddb_item_write_json (const DdbValue *item,
                     DdbJsonWriter  *writer)
{
  g_return_if_fail (item != NULL && ddb_value_get_kind (item) == DDB_KIND_M);
  g_return_if_fail (writer != NULL);

  ddb_json_writer_begin_object (writer);
  for (gsize i = 0; i < ddb_value_get_length (item); i++)
    {
      ddb_json_writer_member (writer, ddb_value_get_name (item, i));
      ddb_value_write_json (ddb_value_get_element (item, i), writer);
    }
  ddb_json_writer_end_object (writer);
}

/* Returns: (transfer full): @value as compact DynamoDB JSON. */
char *
ddb_value_to_json_text (const DdbValue *value)
{
  DdbJsonWriter *writer;

  g_return_val_if_fail (value != NULL, NULL);

  writer = ddb_json_writer_new (FALSE);
  ddb_value_write_json (value, writer);

  return ddb_json_writer_free_to_string (writer);
}

/* Returns: (transfer full): the item @item as compact DynamoDB JSON. */
char *
ddb_item_to_json_text (const DdbValue *item)
{
  DdbJsonWriter *writer;

  g_return_val_if_fail (item != NULL, NULL);

  writer = ddb_json_writer_new (FALSE);
  ddb_item_write_json (item, writer);

  return ddb_json_writer_free_to_string (writer);
}
