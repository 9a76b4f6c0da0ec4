/* ddb-json-values.c
 *
 * Doubles are written as "%.17g" strings: they read back bit for bit, which json-glib's
 * own number output does not always promise (it writes 1e22 as "1e+22.0", not JSON).
 * Readers take NULL nodes (a missing member or element) and say FALSE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine"

#include "config.h"

#include <math.h>

#include "ddb-json-values.h"

void
ddb_json_add_member_int (JsonBuilder *builder,
                         const char  *name,
                         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* A NULL @value is written as null. */
void
ddb_json_add_member_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds @value as a string that ddb_json_node_quantity() reads back exactly. */
void
ddb_json_add_exact_double (JsonBuilder *builder,
                           double       value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  json_builder_add_string_value (builder, g_ascii_formatd (text, sizeof text, "%.17g", value));
}

/* Returns: (nullable): @node's array if it is an array of @length elements. */
JsonArray *
ddb_json_node_row (JsonNode *node,
                   guint     length)
{
  JsonArray *array = ddb_json_node_array (node);

  return array != NULL && json_array_get_length (array) == length ? array : NULL;
}

/* Returns: (nullable): @node's array, of any length. */
JsonArray *
ddb_json_node_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An integer within [@min, @max]. */
gboolean
ddb_json_node_int (JsonNode *node,
                   gint64    min,
                   gint64    max,
                   gint64   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);

  return *value >= min && *value <= max;
}

/* A quantity: finite and not negative, written by ddb_json_add_exact_double() (a JSON
 * number is read too). */
gboolean
ddb_json_node_quantity (JsonNode *node,
                        double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return FALSE;
    }
  else if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    *value = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*value) && *value >= 0;
}
