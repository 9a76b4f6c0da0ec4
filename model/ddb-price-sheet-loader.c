/* ddb-price-sheet-loader.c
 *
 * The validating loader of DynamoDB price sheets (data/pricing/<region>.json): it parses a
 * sheet's bytes into a DdbPriceCatalog with its DdbPriceSets and DdbPrices, or fails with a
 * DDB_MODEL_ERROR_CATALOG error.  ddb-price-catalog.c finds the bytes, in the embedded
 * GResource or in a file.  The table of price items and their sheet members lives here, so
 * ddb_price_item_to_string() does too.
 *
 * Design notes.  The schema is documented in the sheet itself (its "comment" member); in
 * brief: a Region has dated price sets, each with a free tier, an "all_classes" group
 * (PITR, backups, restores, Streams reads, TTL deletes) and one group per table class
 * ("standard" carries the reserved capacity prices too).  Every price is
 * {usd, unit, source {tags, note}, as_of, verified}.  Validation is total and strict:
 * every member is required, unknown members are refused, numbers are finite and never
 * negative, source tags must be in the sheet's source key, and the price sets must be
 * sorted, contiguous and non-overlapping.  Once loaded, every (class, item) pair has a
 * price except reserved capacity for Standard-IA, so lookups fail only there.  Each error
 * names the file and the member path, e.g.
 *   us-east-1.json: price_sets[1].standard.provisioned_wcu_hour: missing "usd"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-price-sheet-loader"

#include "config.h"

#include "ddb-price-catalog-private.h"

#include "ddb-model-error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define SCHEMA_ID "ddbsim-price-sheet/1"

/* ------------------------------------------------------------------------------------ */
/* Price items and their sheet members                                                  */
/* ------------------------------------------------------------------------------------ */

/* Where an item lives in a price set. */
typedef enum
{
  SCOPE_EACH_CLASS,      /* one price in "standard", one in "standard_ia" */
  SCOPE_STANDARD_ONLY,   /* only in "standard" (reserved capacity) */
  SCOPE_ALL_CLASSES,     /* one price in "all_classes" */
} ItemScope;

static const struct
{
  const char *key;
  ItemScope   scope;
} item_info[DDB_N_PRICE_ITEMS] = {
  [DDB_PRICE_ON_DEMAND_WRU]           = { "on_demand_wru",           SCOPE_EACH_CLASS },
  [DDB_PRICE_ON_DEMAND_RRU]           = { "on_demand_rru",           SCOPE_EACH_CLASS },
  [DDB_PRICE_PROVISIONED_WCU_HOUR]    = { "provisioned_wcu_hour",    SCOPE_EACH_CLASS },
  [DDB_PRICE_PROVISIONED_RCU_HOUR]    = { "provisioned_rcu_hour",    SCOPE_EACH_CLASS },
  [DDB_PRICE_REPLICATED_WRU]          = { "replicated_wru",          SCOPE_EACH_CLASS },
  [DDB_PRICE_REPLICATED_WCU_HOUR]     = { "replicated_wcu_hour",     SCOPE_EACH_CLASS },
  [DDB_PRICE_STORAGE_GB_MONTH]        = { "storage_gb_month",        SCOPE_EACH_CLASS },
  [DDB_PRICE_PITR_GB_MONTH]           = { "pitr_gb_month",           SCOPE_ALL_CLASSES },
  [DDB_PRICE_BACKUP_GB_MONTH]         = { "backup_gb_month",         SCOPE_ALL_CLASSES },
  [DDB_PRICE_RESTORE_GB]              = { "restore_gb",              SCOPE_ALL_CLASSES },
  [DDB_PRICE_STREAM_RRU]              = { "stream_rru",              SCOPE_ALL_CLASSES },
  [DDB_PRICE_TTL_DELETE]              = { "ttl_delete",              SCOPE_ALL_CLASSES },
  [DDB_PRICE_RESERVED_WCU_1Y_UPFRONT] = { "reserved_wcu_1y_upfront", SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_WCU_1Y_HOURLY]  = { "reserved_wcu_1y_hourly",  SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_RCU_1Y_UPFRONT] = { "reserved_rcu_1y_upfront", SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_RCU_1Y_HOURLY]  = { "reserved_rcu_1y_hourly",  SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_WCU_3Y_UPFRONT] = { "reserved_wcu_3y_upfront", SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_WCU_3Y_HOURLY]  = { "reserved_wcu_3y_hourly",  SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_RCU_3Y_UPFRONT] = { "reserved_rcu_3y_upfront", SCOPE_STANDARD_ONLY },
  [DDB_PRICE_RESERVED_RCU_3Y_HOURLY]  = { "reserved_rcu_3y_hourly",  SCOPE_STANDARD_ONLY },
};

static const char *const class_keys[N_TABLE_CLASSES] = {
  [DDB_TABLE_CLASS_STANDARD]    = "standard",
  [DDB_TABLE_CLASS_STANDARD_IA] = "standard_ia",
};

/**
 * ddb_price_item_to_string:
 *
 * Returns: the item's JSON member name in a price sheet, e.g. "provisioned_wcu_hour"
 */
const char *
ddb_price_item_to_string (DdbPriceItem item)
{
  g_return_val_if_fail ((guint)item < DDB_N_PRICE_ITEMS, NULL);

  return item_info[item].key;
}

/* ------------------------------------------------------------------------------------ */
/* Validating loader: errors and member readers                                         */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  const char *file_name;   /* the sheet's base name, first in every message */
  GHashTable *sources;     /* tag -> description, once read */
} Loader;

static gboolean sheet_fail (const Loader *ld,
                            GError      **error,
                            const char   *path,
                            const char   *format,
                            ...) G_GNUC_PRINTF (4, 5);

/* Sets a DDB_MODEL_ERROR_CATALOG error "<file>: <path>: <message>"; returns FALSE. */
static gboolean
sheet_fail (const Loader  *ld,
            GError       **error,
            const char    *path,
            const char    *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_assert (ld != NULL);
  g_assert (path != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path[0] == '\0')
    g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                 "%s: %s", ld->file_name, message);
  else
    g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                 "%s: %s: %s", ld->file_name, path, message);

  return FALSE;
}

static char *
member_path (const char *path,
             const char *name)
{
  g_assert (path != NULL);
  g_assert (name != NULL);

  return path[0] == '\0' ? g_strdup (name) : g_strconcat (path, ".", name, NULL);
}

static const char *
describe_node (JsonNode *node)
{
  GType type;

  g_assert (node != NULL);

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return "a string";
  if (type == G_TYPE_BOOLEAN)
    return "a boolean";
  return "a number";
}

static gboolean
node_is_value_of (JsonNode *node,
                  GType     type)
{
  g_assert (node != NULL);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Refuses members of @object not in @allowed, so that a misspelt member is not ignored. */
static gboolean
check_members (const Loader       *ld,
               JsonObject         *object,
               const char         *path,
               const char *const  *allowed,
               GError            **error)
{
  g_autoptr(GList) names = NULL;

  g_assert (object != NULL);
  g_assert (allowed != NULL);

  names = json_object_get_members (object);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *at = member_path (path, name);

          return sheet_fail (ld, error, at, "unknown member");
        }
    }

  return TRUE;
}

static JsonNode *
require_member (const Loader  *ld,
                JsonObject    *object,
                const char    *path,
                const char    *name,
                GError       **error)
{
  JsonNode *node;

  g_assert (object != NULL);

  node = json_object_get_member (object, name);
  if (node == NULL)
    sheet_fail (ld, error, path, "missing \"%s\"", name);

  return node;
}

static JsonObject *
read_object (const Loader  *ld,
             JsonObject    *object,
             const char    *path,
             const char    *name,
             GError       **error)
{
  g_autofree char *at = NULL;
  JsonNode *node;

  if (!(node = require_member (ld, object, path, name, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      at = member_path (path, name);
      sheet_fail (ld, error, at, "expected an object, found %s", describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

/* Reads a string member; an empty string is refused. */
static gboolean
read_string (const Loader  *ld,
             JsonObject    *object,
             const char    *path,
             const char    *name,
             const char   **out,
             GError       **error)
{
  g_autofree char *at = NULL;
  JsonNode *node;

  g_assert (out != NULL);

  if (!(node = require_member (ld, object, path, name, error)))
    return FALSE;

  at = member_path (path, name);
  if (!node_is_value_of (node, G_TYPE_STRING))
    return sheet_fail (ld, error, at, "expected a string, found %s", describe_node (node));

  *out = json_node_get_string (node);
  if ((*out)[0] == '\0')
    return sheet_fail (ld, error, at, "empty string");

  return TRUE;
}

/* Reads a finite, non-negative number. */
static gboolean
read_number (const Loader  *ld,
             JsonObject    *object,
             const char    *path,
             const char    *name,
             const char    *what,
             double        *out,
             GError       **error)
{
  g_autofree char *at = NULL;
  JsonNode *node;
  double value;

  g_assert (out != NULL);

  if (!(node = require_member (ld, object, path, name, error)))
    return FALSE;

  at = member_path (path, name);
  if (node_is_value_of (node, G_TYPE_INT64))
    value = (double)json_node_get_int (node);
  else if (node_is_value_of (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return sheet_fail (ld, error, at, "expected a number, found %s", describe_node (node));

  if (!isfinite (value))
    return sheet_fail (ld, error, at, "number out of range");
  if (value < 0.0)
    return sheet_fail (ld, error, at, "negative %s (%g)", what, value);

  *out = value;
  return TRUE;
}

static gboolean
read_boolean (const Loader  *ld,
              JsonObject    *object,
              const char    *path,
              const char    *name,
              gboolean      *out,
              GError       **error)
{
  g_autofree char *at = NULL;
  JsonNode *node;

  g_assert (out != NULL);

  if (!(node = require_member (ld, object, path, name, error)))
    return FALSE;

  if (!node_is_value_of (node, G_TYPE_BOOLEAN))
    {
      at = member_path (path, name);
      return sheet_fail (ld, error, at, "expected true or false, found %s",
                         describe_node (node));
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Parses exactly "YYYY-MM-DD" into a Julian day number (1 = 0001-01-01). */
gboolean
_ddb_price_catalog_parse_iso_date (const char *text,
                                   guint32    *julian)
{
  guint year, month, day;
  GDate date;

  g_assert (text != NULL);
  g_assert (julian != NULL);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint)g_ascii_strtoull (text, NULL, 10);
  month = (guint)g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint)g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
  *julian = g_date_get_julian (&date);
  return TRUE;
}

/* Reads a date member; with @nullable, JSON null gives *text = NULL. */
static gboolean
read_date (const Loader  *ld,
           JsonObject    *object,
           const char    *path,
           const char    *name,
           gboolean       nullable,
           const char   **text,
           guint32       *julian,
           GError       **error)
{
  g_autofree char *at = NULL;
  JsonNode *node;

  g_assert (text != NULL);
  g_assert (julian != NULL);

  if (!(node = require_member (ld, object, path, name, error)))
    return FALSE;

  at = member_path (path, name);
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *text = NULL;
      *julian = 0;
      return TRUE;
    }
  if (!node_is_value_of (node, G_TYPE_STRING))
    return sheet_fail (ld, error, at, "expected a date (YYYY-MM-DD)%s, found %s",
                       nullable ? " or null" : "", describe_node (node));

  *text = json_node_get_string (node);
  if (!_ddb_price_catalog_parse_iso_date (*text, julian))
    return sheet_fail (ld, error, at, "invalid date \"%s\" (expected YYYY-MM-DD)", *text);

  return TRUE;
}

/* Reads "source": {"tags": [...], "note": "..."} into "[TAG], [TAG]: note". */
static gboolean
read_source (const Loader   *ld,
             JsonObject     *object,
             const char     *path,
             char          **out_text,
             char         ***out_tags,
             GError        **error)
{
  static const char *const allowed[] = { "tags", "note", NULL };
  g_autofree char *at = member_path (path, "source");
  g_autofree char *tags_at = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GStrvBuilder) tags = NULL;
  JsonObject *source;
  JsonNode *node;
  JsonArray *array;
  const char *note;
  guint n;

  g_assert (out_text != NULL);
  g_assert (out_tags != NULL);

  if (!(source = read_object (ld, object, path, "source", error)) ||
      !check_members (ld, source, at, allowed, error) ||
      !(node = require_member (ld, source, at, "tags", error)))
    return FALSE;

  tags_at = member_path (at, "tags");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return sheet_fail (ld, error, tags_at, "expected an array of source tags, found %s",
                       describe_node (node));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return sheet_fail (ld, error, tags_at, "no source tag");

  text = g_string_new (NULL);
  tags = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *tag;

      if (!node_is_value_of (element, G_TYPE_STRING))
        {
          g_autofree char *element_at = g_strdup_printf ("%s[%u]", tags_at, i);

          return sheet_fail (ld, error, element_at, "expected a source tag, found %s",
                             describe_node (element));
        }
      tag = json_node_get_string (element);
      if (!g_hash_table_contains (ld->sources, tag))
        {
          g_autofree char *element_at = g_strdup_printf ("%s[%u]", tags_at, i);

          return sheet_fail (ld, error, element_at,
                             "unknown source tag \"%s\" (not in \"sources\")", tag);
        }
      g_string_append_printf (text, "%s[%s]", i > 0 ? ", " : "", tag);
      g_strv_builder_add (tags, tag);
    }

  if (!read_string (ld, source, at, "note", &note, error))
    return FALSE;
  g_string_append_printf (text, ": %s", note);

  *out_text = g_string_free (g_steal_pointer (&text), FALSE);
  *out_tags = g_strv_builder_end (tags);
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Validating loader: prices, price sets and the sheet                                  */
/* ------------------------------------------------------------------------------------ */

static DdbPrice *
read_price (const Loader  *ld,
            JsonObject    *parent,
            const char    *parent_path,
            const char    *name,
            GError       **error)
{
  static const char *const allowed[] = { "usd", "unit", "source", "as_of", "verified", NULL };
  g_autofree char *at = member_path (parent_path, name);
  g_autoptr(DdbPrice) price = g_new0 (DdbPrice, 1);
  JsonObject *object;
  const char *unit;
  const char *as_of;
  guint32 julian;

  if (!(object = read_object (ld, parent, parent_path, name, error)) ||
      !check_members (ld, object, at, allowed, error) ||
      !read_number (ld, object, at, "usd", "price", &price->usd, error) ||
      !read_string (ld, object, at, "unit", &unit, error) ||
      !read_source (ld, object, at, &price->source, &price->source_tags, error) ||
      !read_date (ld, object, at, "as_of", FALSE, &as_of, &julian, error) ||
      !read_boolean (ld, object, at, "verified", &price->verified, error))
    return NULL;

  price->unit = g_strdup (unit);
  price->as_of = g_strdup (as_of);

  return g_steal_pointer (&price);
}

/* Whether items of @scope belong in the group of @table_class (-1: "all_classes"). */
static gboolean
group_has_scope (int       table_class,
                 ItemScope scope)
{
  if (table_class < 0)
    return scope == SCOPE_ALL_CLASSES;
  if (scope == SCOPE_STANDARD_ONLY)
    return table_class == DDB_TABLE_CLASS_STANDARD;
  return scope == SCOPE_EACH_CLASS;
}

/* Reads one price group ("all_classes", "standard" or "standard_ia") into @set. */
static gboolean
read_price_group (const Loader  *ld,
                  JsonObject    *set_object,
                  const char    *set_path,
                  const char    *group,
                  int            table_class,   /* -1 for "all_classes" */
                  DdbPriceSet   *set,
                  GError       **error)
{
  g_autofree char *at = member_path (set_path, group);
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  JsonObject *object;

  g_assert (set != NULL);

  if (!(object = read_object (ld, set_object, set_path, group, error)))
    return FALSE;

  for (guint item = 0; item < DDB_N_PRICE_ITEMS; item++)
    {
      ItemScope scope = item_info[item].scope;
      DdbPrice *price;

      if (!group_has_scope (table_class, scope))
        {
          if (table_class == DDB_TABLE_CLASS_STANDARD_IA && scope == SCOPE_STANDARD_ONLY &&
              json_object_has_member (object, item_info[item].key))
            {
              g_autofree char *item_at = member_path (at, item_info[item].key);

              return sheet_fail (ld, error, item_at,
                                 "Standard-IA tables are not eligible for reserved capacity");
            }
          continue;
        }

      g_ptr_array_add (allowed, (gpointer)item_info[item].key);
      if (!(price = read_price (ld, object, at, item_info[item].key, error)))
        return FALSE;
      g_ptr_array_add (set->prices, price);

      if (table_class < 0)
        for (guint c = 0; c < N_TABLE_CLASSES; c++)
          set->table[c][item] = price;
      else
        set->table[table_class][item] = price;
    }
  g_ptr_array_add (allowed, NULL);

  return check_members (ld, object, at, (const char *const *)allowed->pdata, error);
}

static gboolean
read_free_tier (const Loader  *ld,
                JsonObject    *set_object,
                const char    *set_path,
                DdbPriceSet   *set,
                GError       **error)
{
  static const char *const allowed[] = {
    "provisioned_wcu", "provisioned_rcu", "storage_gb_month", "stream_read_requests_month",
    "table_classes", "source", "as_of", "verified", NULL
  };
  g_autofree char *at = member_path (set_path, "free_tier");
  g_autofree char *classes_at = NULL;
  g_auto(GStrv) tags = NULL;
  DdbFreeTier *ft = &set->free_tier;
  JsonObject *object;
  JsonArray *array;
  JsonNode *node;
  const char *as_of;
  guint32 julian;

  if (!(object = read_object (ld, set_object, set_path, "free_tier", error)) ||
      !check_members (ld, object, at, allowed, error) ||
      !read_number (ld, object, at, "provisioned_wcu", "allowance", &ft->provisioned_wcu, error) ||
      !read_number (ld, object, at, "provisioned_rcu", "allowance", &ft->provisioned_rcu, error) ||
      !read_number (ld, object, at, "storage_gb_month", "allowance", &ft->storage_gb_month,
                    error) ||
      !read_number (ld, object, at, "stream_read_requests_month", "allowance",
                    &ft->stream_read_requests_month, error) ||
      !(node = require_member (ld, object, at, "table_classes", error)))
    return FALSE;

  classes_at = member_path (at, "table_classes");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return sheet_fail (ld, error, classes_at, "expected an array of table classes, found %s",
                       describe_node (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *element_at = g_strdup_printf ("%s[%u]", classes_at, i);
      guint c;

      if (!node_is_value_of (element, G_TYPE_STRING))
        return sheet_fail (ld, error, element_at, "expected a table class, found %s",
                           describe_node (element));
      for (c = 0; c < N_TABLE_CLASSES; c++)
        if (g_str_equal (json_node_get_string (element), class_keys[c]))
          break;
      if (c == N_TABLE_CLASSES)
        return sheet_fail (ld, error, element_at,
                           "unknown table class \"%s\" (expected \"standard\" or \"standard_ia\")",
                           json_node_get_string (element));
      ft->table_classes |= 1u << c;
    }

  if (!read_source (ld, object, at, &set->free_tier_source, &tags, error) ||
      !read_date (ld, object, at, "as_of", FALSE, &as_of, &julian, error) ||
      !read_boolean (ld, object, at, "verified", &ft->verified, error))
    return FALSE;

  set->free_tier_as_of = g_strdup (as_of);
  ft->source = set->free_tier_source;
  ft->as_of = set->free_tier_as_of;

  return TRUE;
}

static DdbPriceSet *
read_price_set (const Loader  *ld,
                JsonNode      *node,
                const char    *at,
                const char    *region,
                guint          item_overhead_bytes,
                GError       **error)
{
  static const char *const allowed[] = {
    "effective_from", "effective_until", "note", "free_tier", "all_classes",
    "standard", "standard_ia", NULL
  };
  g_autoptr(DdbPriceSet) set = _ddb_price_set_new ();
  JsonObject *object;
  const char *from;
  const char *until;
  const char *note = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sheet_fail (ld, error, at, "expected an object, found %s", describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  /* An unknown member holding an object is most likely a misspelt or invented class. */
  {
    g_autoptr(GList) names = json_object_get_members (object);

    for (const GList *l = names; l != NULL; l = l->next)
      if (!g_strv_contains (allowed, l->data) &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, l->data)))
        {
          g_autofree char *member_at = member_path (at, l->data);

          sheet_fail (ld, error, member_at,
                      "unknown table class (expected \"standard\" or \"standard_ia\")");
          return NULL;
        }
  }

  if (!check_members (ld, object, at, allowed, error) ||
      !read_date (ld, object, at, "effective_from", TRUE, &from, &set->from_julian, error) ||
      !read_date (ld, object, at, "effective_until", TRUE, &until, &set->until_julian, error))
    return NULL;

  if (from == NULL)
    set->from_julian = NO_START;
  if (until == NULL)
    set->until_julian = NO_END;
  if (set->from_julian >= set->until_julian)
    {
      g_autofree char *until_at = member_path (at, "effective_until");

      sheet_fail (ld, error, until_at, "%s is not after effective_from (%s)", until, from);
      return NULL;
    }

  if (json_object_has_member (object, "note") &&
      !read_string (ld, object, at, "note", &note, error))
    return NULL;

  set->region = g_strdup (region);
  set->effective_from = g_strdup (from);
  set->effective_until = g_strdup (until);
  set->note = g_strdup (note);
  set->item_overhead_bytes = item_overhead_bytes;

  if (!read_free_tier (ld, object, at, set, error) ||
      !read_price_group (ld, object, at, "all_classes", -1, set, error) ||
      !read_price_group (ld, object, at, "standard", DDB_TABLE_CLASS_STANDARD, set, error) ||
      !read_price_group (ld, object, at, "standard_ia", DDB_TABLE_CLASS_STANDARD_IA, set, error))
    return NULL;

  return g_steal_pointer (&set);
}

/* Checks that set @i starts where set @i - 1 ends: sorted, no overlap, no gap. */
static gboolean
check_set_order (const Loader  *ld,
                 GPtrArray     *sets,
                 guint          i,
                 GError       **error)
{
  const DdbPriceSet *prev;
  const DdbPriceSet *set;
  g_autofree char *at = NULL;

  g_assert (i < sets->len);

  set = g_ptr_array_index (sets, i);

  if (i > 0 && set->effective_from == NULL)
    {
      at = g_strdup_printf ("price_sets[%u].effective_from", i);
      return sheet_fail (ld, error, at, "only the first price set may have no start date");
    }
  if (i + 1 < sets->len && set->effective_until == NULL)
    {
      at = g_strdup_printf ("price_sets[%u].effective_until", i);
      return sheet_fail (ld, error, at, "only the last price set may be open-ended");
    }
  if (i == 0)
    return TRUE;

  prev = g_ptr_array_index (sets, i - 1);
  at = g_strdup_printf ("price_sets[%u].effective_from", i);

  if (prev->effective_from != NULL && set->from_julian <= prev->from_julian)
    return sheet_fail (ld, error, at,
                       "%s is not after price_sets[%u].effective_from (%s): "
                       "price sets must be sorted by date",
                       set->effective_from, i - 1, prev->effective_from);
  if (set->from_julian < prev->until_julian)
    return sheet_fail (ld, error, at, "%s overlaps price_sets[%u], in force until %s",
                       set->effective_from, i - 1, prev->effective_until);
  if (set->from_julian > prev->until_julian)
    return sheet_fail (ld, error, at,
                       "%s leaves a gap after price_sets[%u], which ends on %s",
                       set->effective_from, i - 1, prev->effective_until);

  return TRUE;
}

static gboolean
read_sources (const Loader  *ld,
              JsonObject    *root,
              GError       **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!(object = read_object (ld, root, "", "sources", error)))
    return FALSE;

  names = json_object_get_members (object);
  if (names == NULL)
    return sheet_fail (ld, error, "sources", "no source");

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *description;

      if (!read_string (ld, object, "sources", l->data, &description, error))
        return FALSE;
      g_hash_table_insert (ld->sources, g_strdup (l->data), g_strdup (description));
    }

  return TRUE;
}

static gboolean
read_item_overhead (const Loader  *ld,
                    JsonObject    *root,
                    guint         *bytes,
                    GError       **error)
{
  static const char *const allowed[] = { "bytes", "source", "verified", NULL };
  const char *at = "storage_item_overhead_bytes";
  g_autofree char *text = NULL;
  g_auto(GStrv) tags = NULL;
  JsonObject *object;
  gboolean verified;
  double value;

  g_assert (bytes != NULL);

  if (!(object = read_object (ld, root, "", at, error)) ||
      !check_members (ld, object, at, allowed, error) ||
      !read_number (ld, object, at, "bytes", "size", &value, error) ||
      !read_source (ld, object, at, &text, &tags, error) ||
      !read_boolean (ld, object, at, "verified", &verified, error))
    return FALSE;

  if (value != floor (value) || value > 4096.0)
    return sheet_fail (ld, error, "storage_item_overhead_bytes.bytes",
                       "expected a whole number of bytes up to 4096, found %g", value);

  *bytes = (guint)value;
  return TRUE;
}

/* Parses and validates a price sheet into a new catalog.  @file_name names the sheet in
 * errors; @expected_region, unless NULL, must be its "region". */
DdbPriceCatalog *
_ddb_price_catalog_new_from_data (const char    *file_name,
                                  const char    *data,
                                  gsize          length,
                                  const char    *expected_region,
                                  GError       **error)
{
  static const char *const allowed[] = {
    "schema", "comment", "region", "region_name", "currency", "sources",
    "storage_item_overhead_bytes", "price_sets", NULL
  };
  g_autoptr(DdbPriceCatalog) self = g_object_new (DDB_TYPE_PRICE_CATALOG, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  Loader ld = { file_name, self->sources };
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;
  const char *schema;
  const char *region;
  const char *region_name;
  const char *currency;
  guint overhead = 0;

  g_assert (file_name != NULL);
  g_assert (data != NULL);

  if (!json_parser_load_from_data (parser, data, (gssize)length, &local_error))
    {
      const char *message = local_error->message;

      /* json-glib says "<data>:line:col: ..."; name the file instead. */
      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                     "%s:%s", file_name, message + strlen ("<data>:"));
      else
        sheet_fail (&ld, error, "", "%s", message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      sheet_fail (&ld, error, "", "expected a JSON object");
      return NULL;
    }
  root = json_node_get_object (node);

  if (!check_members (&ld, root, "", allowed, error) ||
      !read_string (&ld, root, "", "schema", &schema, error))
    return NULL;
  if (!g_str_equal (schema, SCHEMA_ID))
    {
      sheet_fail (&ld, error, "schema", "unsupported schema \"%s\" (expected \"%s\")",
                  schema, SCHEMA_ID);
      return NULL;
    }

  if (!read_string (&ld, root, "", "region", &region, error) ||
      !read_string (&ld, root, "", "region_name", &region_name, error) ||
      !read_string (&ld, root, "", "currency", &currency, error))
    return NULL;
  if (expected_region != NULL && !g_str_equal (region, expected_region))
    {
      sheet_fail (&ld, error, "region", "\"%s\" does not match the sheet's name", region);
      return NULL;
    }
  if (!g_str_equal (currency, "USD"))
    {
      sheet_fail (&ld, error, "currency", "unsupported currency \"%s\" (expected \"USD\")",
                  currency);
      return NULL;
    }

  if (!read_sources (&ld, root, error) ||
      !read_item_overhead (&ld, root, &overhead, error) ||
      !(node = require_member (&ld, root, "", "price_sets", error)))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sheet_fail (&ld, error, "price_sets", "expected an array, found %s", describe_node (node));
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      sheet_fail (&ld, error, "price_sets", "no price set");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *at = g_strdup_printf ("price_sets[%u]", i);
      DdbPriceSet *set;

      set = read_price_set (&ld, json_array_get_element (array, i), at, region, overhead, error);
      if (set == NULL)
        return NULL;
      g_ptr_array_add (self->sets, set);
    }
  /* Separate pass: a later set's own errors come before its order relative to others. */
  for (guint i = 0; i < self->sets->len; i++)
    if (!check_set_order (&ld, self->sets, i, error))
      return NULL;

  self->region = g_strdup (region);
  self->region_name = g_strdup (region_name);
  self->currency = g_strdup (currency);

  return g_steal_pointer (&self);
}
