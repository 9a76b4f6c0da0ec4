/* expression-fixture.c
 *
 * Helpers shared by the expression test suites.  Test JSON may use single quotes, which
 * keeps it readable inside C strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ddb-value-json.h"
#include "expression-fixture.h"

static char *
double_quotes (const char *json)
{
  return g_strdelimit (g_strdup (json), "'", '"');
}

/* An item (an M value) from DynamoDB JSON. */
DdbValue *
item_new (const char *json)
{
  g_autofree char *text = double_quotes (json);
  g_autoptr(GError) error = NULL;
  DdbValue *item = ddb_item_from_json_text (text, -1, &error);

  g_assert_no_error (error);

  return item;
}

/* ExpressionAttributeValues from DynamoDB JSON ({":a": {"S": "x"}}), or NULL. */
DdbValue *
values_from_json (const char *json)
{
  return json != NULL ? item_new (json) : NULL;
}

/* ExpressionAttributeNames from a JSON object of strings, or NULL. */
static GHashTable *
names_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  GHashTable *names;
  JsonObject *object;

  if (json == NULL)
    return NULL;

  text = double_quotes (json);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_insert (names, g_strdup (l->data),
                         g_strdup (json_object_get_string_member (object, l->data)));

  return names;
}

/* A context of @names (a JSON object of strings) and @values (DynamoDB JSON); either
 * may be NULL. */
DdbExpressionContext *
context_new (const char *names,
             const char *values)
{
  g_autoptr(GHashTable) name_table = names_from_json (names);
  g_autoptr(DdbValue) value_map = values_from_json (values);

  return ddb_expression_context_new (name_table, value_map);
}

/* Parses @text as an expression of @kind (a key condition against @key).  Returns:
 * (transfer full) (nullable): the error message, or NULL if the expression is valid. */
char *
expression_error (DdbExpressionKind       kind,
                  const DdbKeyAttributes *key,
                  const char             *text,
                  const char             *names,
                  const char             *values)
{
  g_autoptr(DdbExpressionContext) context = context_new (names, values);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (kind)
    {
    case DDB_EXPRESSION_CONDITION:
    case DDB_EXPRESSION_FILTER:
      {
        g_autoptr(DdbCondition) condition = ddb_condition_parse (text, kind, context, &error);
        ok = condition != NULL;
      }
      break;
    case DDB_EXPRESSION_KEY_CONDITION:
      {
        g_autoptr(DdbKeyCondition) condition = ddb_key_condition_parse (text, key, context,
                                                                        &error);
        ok = condition != NULL;
      }
      break;
    case DDB_EXPRESSION_PROJECTION:
      {
        g_autoptr(DdbProjection) projection = ddb_projection_parse (text, context, &error);
        ok = projection != NULL;
      }
      break;
    case DDB_EXPRESSION_UPDATE:
    default:
      {
        g_autoptr(DdbUpdate) update = ddb_update_parse (text, context, &error);
        ok = update != NULL;
      }
      break;
    }

  if (ok)
    {
      g_assert_no_error (error);
      return NULL;
    }

  g_assert_error (error, DDB_EXPRESSION_ERROR, DDB_EXPRESSION_ERROR_VALIDATION);

  return g_strdup (error->message);
}
