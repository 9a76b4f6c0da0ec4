/* ddb-table-json.c
 *
 * A table's definition as the JSON document the store keeps in ddb_tables.definition:
 * the spec, the lifecycle and settings, the reported statistics, the partitions and the
 * split history.  Live counters are not stored: they are recounted from the items when a
 * database is opened, so they can never disagree with the data.
 *
 * The reader checks every member, because a database file is input like any other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-table-json"

#include "config.h"

#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-json-values.h"
#include "ddb-table.h"

#define DEFINITION_VERSION 1

/* ---------------------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------------------- */

static void
add_key (JsonBuilder        *builder,
         const DdbKeySchema *key)
{
  json_builder_set_member_name (builder, "key");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, key->partition_key);
  if (key->sort_key != NULL)
    json_builder_add_string_value (builder, key->sort_key);
  json_builder_end_array (builder);
}

static void
add_throughput (JsonBuilder         *builder,
                const DdbThroughput *throughput)
{
  json_builder_set_member_name (builder, "throughput");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, throughput->read_capacity_units);
  json_builder_add_int_value (builder, throughput->write_capacity_units);
  json_builder_add_int_value (builder, throughput->max_read_request_units);
  json_builder_add_int_value (builder, throughput->max_write_request_units);
  json_builder_end_array (builder);
}

static void
add_index (JsonBuilder        *builder,
           const DdbIndexSpec *index)
{
  json_builder_begin_object (builder);
  ddb_json_add_member_string (builder, "name", index->name);
  json_builder_set_member_name (builder, "global");
  json_builder_add_boolean_value (builder, index->global);
  add_key (builder, &index->key);
  ddb_json_add_member_int (builder, "projection", index->projection);
  json_builder_set_member_name (builder, "non_key");
  json_builder_begin_array (builder);
  for (guint i = 0; index->non_key_attributes != NULL && index->non_key_attributes[i]; i++)
    json_builder_add_string_value (builder, index->non_key_attributes[i]);
  json_builder_end_array (builder);
  add_throughput (builder, &index->throughput);
  ddb_json_add_member_int (builder, "warm_read", index->warm_read_units);
  ddb_json_add_member_int (builder, "warm_write", index->warm_write_units);
  json_builder_end_object (builder);
}

static void
add_spec (JsonBuilder        *builder,
          const DdbTableSpec *spec)
{
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  ddb_json_add_member_string (builder, "name", spec->table_name);

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < spec->attribute_definitions->len; i++)
    {
      const DdbAttributeDefinition *definition =
        &g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, definition->name);
      json_builder_add_string_value (builder, ddb_kind_to_string (definition->kind));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  add_key (builder, &spec->key);
  ddb_json_add_member_int (builder, "billing", spec->billing_mode);
  add_throughput (builder, &spec->throughput);
  ddb_json_add_member_int (builder, "class", spec->table_class);
  ddb_json_add_member_int (builder, "partition_max_bytes", spec->partition_max_bytes);
  ddb_json_add_member_int (builder, "warm_read", spec->warm_read_units);
  ddb_json_add_member_int (builder, "warm_write", spec->warm_write_units);

  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  for (guint i = 0; spec->indexes != NULL && i < spec->indexes->len; i++)
    add_index (builder, g_ptr_array_index (spec->indexes, i));
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* The runtime state of each index; its spec is in "spec". */
static void
add_index_states (JsonBuilder *builder,
                  DdbTable    *table)
{
  ddb_json_add_member_int (builder, "next_index_number", table->next_index_number);
  json_builder_set_member_name (builder, "index_states");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      json_builder_begin_object (builder);
      ddb_json_add_member_string (builder, "name", index->spec->name);
      ddb_json_add_member_int (builder, "number", index->number);
      ddb_json_add_member_int (builder, "status", index->status);
      ddb_json_add_member_int (builder, "status_until", index->status_until_usec);
      ddb_json_add_member_int (builder, "reported_items", index->reported_item_count);
      ddb_json_add_member_int (builder, "reported_bytes", index->reported_size_bytes);
      ddb_json_add_member_int (builder, "last_increase", index->last_increase_usec);
      ddb_json_add_member_int (builder, "last_decrease", index->last_decrease_usec);
      ddb_json_add_member_int (builder, "decreases_today", index->decreases_today);
      ddb_json_add_member_int (builder, "decreases_day", index->decreases_day);
      ddb_json_add_member_int (builder, "backfill_done", index->backfill_done);
      ddb_json_add_member_int (builder, "throughput_pending", index->throughput_pending);
      ddb_json_add_member_int (builder, "backfill_rowid", index->backfill_rowid);
      ddb_json_add_member_int (builder, "backfill_credit", index->backfill_credit);
      ddb_json_add_member_int (builder, "backfill_at", index->backfill_at_usec);
      if (index->partitions != NULL)
        {
          json_builder_set_member_name (builder, "partitions");
          ddb_partition_map_write_json (index->partitions, builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Returns: (transfer full): the JSON definition of @table. */
char *
ddb_table_to_json (DdbTable *table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (table != NULL, NULL);

  json_builder_begin_object (builder);
  ddb_json_add_member_int (builder, "version", DEFINITION_VERSION);
  add_spec (builder, table->spec);
  ddb_json_add_member_int (builder, "status", table->status);
  ddb_json_add_member_int (builder, "created", table->created_usec);
  ddb_json_add_member_int (builder, "status_until", table->status_until_usec);
  ddb_json_add_member_string (builder, "uuid", table->uuid);
  ddb_json_add_member_int (builder, "reported_items", table->reported_item_count);
  ddb_json_add_member_int (builder, "reported_bytes", table->reported_size_bytes);
  ddb_json_add_member_int (builder, "stats_refreshed", table->stats_refreshed_usec);
  ddb_json_add_member_int (builder, "last_increase", table->last_increase_usec);
  ddb_json_add_member_int (builder, "last_decrease", table->last_decrease_usec);
  ddb_json_add_member_int (builder, "decreases_today", table->decreases_today);
  ddb_json_add_member_int (builder, "decreases_day", table->decreases_day);
  ddb_json_add_member_int (builder, "billing_changed", table->billing_mode_changed_usec);
  ddb_json_add_member_int (builder, "throughput_pending", table->throughput_pending);
  json_builder_set_member_name (builder, "peak_provisioned");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (table->peak_provisioned); i++)
    json_builder_add_int_value (builder, table->peak_provisioned[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "on_demand_switches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (table->on_demand_switches); i++)
    json_builder_add_int_value (builder, table->on_demand_switches[i]);
  json_builder_end_array (builder);
  ddb_json_add_member_string (builder, "ttl_attribute", table->ttl_attribute);
  ddb_json_add_member_int (builder, "ttl_status", table->ttl_status);
  ddb_json_add_member_int (builder, "ttl_changed", table->ttl_changed_usec);
  ddb_json_add_member_int (builder, "ttl_deleted", table->ttl_deleted_items);
  json_builder_set_member_name (builder, "partitions");
  ddb_partition_map_write_json (table->partitions, builder);
  add_index_states (builder, table);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* ---------------------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  gint64   id;
  GError **error;
} Reader;

static gboolean
corrupt (Reader     *reader,
         const char *member)
{
  g_set_error (reader->error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
               "storage: table %" G_GINT64_FORMAT ": malformed definition at '%s'",
               reader->id, member);
  return FALSE;
}

static gboolean
read_int (Reader     *reader,
          JsonObject *object,
          const char *member,
          gint64      min,
          gint64      max,
          gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return corrupt (reader, member);

  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    return corrupt (reader, member);

  return TRUE;
}

/* Like read_int(), for a member that older definitions do not have: absent, it is 0. */
static gboolean
read_optional_int (Reader     *reader,
                   JsonObject *object,
                   const char *member,
                   gint64      min,
                   gint64      max,
                   gint64     *value)
{
  if (!json_object_has_member (object, member))
    {
      *value = 0;
      return TRUE;
    }

  return read_int (reader, object, member, min, max, value);
}

static gboolean
read_string (Reader      *reader,
             JsonObject  *object,
             const char  *member,
             gboolean     nullable,
             char       **value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      *value = NULL;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return corrupt (reader, member);

  *value = g_strdup (json_node_get_string (node));

  return TRUE;
}

/* An array of exactly @length integers. */
static gboolean
read_int_array (Reader     *reader,
                JsonObject *object,
                const char *member,
                gint64     *values,
                guint       length)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                   : NULL;

  if (array == NULL || json_array_get_length (array) != length)
    return corrupt (reader, member);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        return corrupt (reader, member);
      values[i] = json_node_get_int (element);
    }

  return TRUE;
}

static gboolean
read_key (Reader       *reader,
          JsonObject   *object,
          DdbKeySchema *key)
{
  JsonArray *array = json_object_get_array_member (object, "key");
  guint length = array != NULL ? json_array_get_length (array) : 0;

  if (length < 1 || length > 2)
    return corrupt (reader, "key");

  key->partition_key = g_strdup (json_array_get_string_element (array, 0));
  key->sort_key = length == 2 ? g_strdup (json_array_get_string_element (array, 1)) : NULL;

  return key->partition_key != NULL && (length == 1 || key->sort_key != NULL)
         ? TRUE : corrupt (reader, "key");
}

static gboolean
read_throughput (Reader        *reader,
                 JsonObject    *object,
                 DdbThroughput *throughput)
{
  JsonArray *array = json_object_get_array_member (object, "throughput");

  if (array == NULL || json_array_get_length (array) != 4)
    return corrupt (reader, "throughput");

  throughput->read_capacity_units = json_array_get_int_element (array, 0);
  throughput->write_capacity_units = json_array_get_int_element (array, 1);
  throughput->max_read_request_units = json_array_get_int_element (array, 2);
  throughput->max_write_request_units = json_array_get_int_element (array, 3);

  return TRUE;
}

static gboolean
read_index (Reader       *reader,
            JsonNode     *node,
            DdbTableSpec *spec)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *name = NULL;
  JsonArray *non_key;
  DdbIndexSpec *index;
  gint64 projection;

  if (object == NULL || !read_string (reader, object, "name", FALSE, &name) ||
      !read_int (reader, object, "projection", DDB_PROJECTION_ALL, DDB_PROJECTION_INCLUDE,
                 &projection))
    return corrupt (reader, "indexes");

  index = ddb_table_spec_add_index (spec, name, json_object_get_boolean_member (object, "global"));
  index->projection = projection;
  non_key = json_object_get_array_member (object, "non_key");
  if (non_key != NULL && json_array_get_length (non_key) > 0)
    {
      index->non_key_attributes = g_new0 (char *, json_array_get_length (non_key) + 1);
      for (guint i = 0; i < json_array_get_length (non_key); i++)
        index->non_key_attributes[i] = g_strdup (json_array_get_string_element (non_key, i));
    }

  /* A GSI's WarmThroughput came after the first definitions: absent, it is 0. */
  return read_key (reader, object, &index->key) &&
         read_throughput (reader, object, &index->throughput) &&
         read_optional_int (reader, object, "warm_read", 0, G_MAXINT64,
                            &index->warm_read_units) &&
         read_optional_int (reader, object, "warm_write", 0, G_MAXINT64,
                            &index->warm_write_units);
}

static DdbTableSpec *
read_spec (Reader     *reader,
           JsonObject *root)
{
  JsonObject *object = json_object_get_object_member (root, "spec");
  g_autoptr(DdbTableSpec) spec = NULL;
  g_autofree char *name = NULL;
  JsonArray *attributes;
  JsonArray *indexes;
  gint64 billing, table_class, partition_max_bytes;

  if (object == NULL || !read_string (reader, object, "name", FALSE, &name))
    return corrupt (reader, "spec"), NULL;

  spec = ddb_table_spec_new (name);
  attributes = json_object_get_array_member (object, "attributes");
  indexes = json_object_get_array_member (object, "indexes");
  if (attributes == NULL || indexes == NULL)
    return corrupt (reader, "spec"), NULL;

  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonArray *pair = json_array_get_array_element (attributes, i);
      DdbKind kind;

      if (pair == NULL || json_array_get_length (pair) != 2 ||
          json_array_get_string_element (pair, 0) == NULL ||
          json_array_get_string_element (pair, 1) == NULL ||
          !ddb_kind_from_string (json_array_get_string_element (pair, 1), &kind))
        return corrupt (reader, "attributes"), NULL;
      ddb_table_spec_add_attribute (spec, json_array_get_string_element (pair, 0), kind);
    }

  if (!read_key (reader, object, &spec->key) ||
      !read_int (reader, object, "billing", DDB_BILLING_PROVISIONED, DDB_BILLING_ON_DEMAND,
                 &billing) ||
      !read_throughput (reader, object, &spec->throughput) ||
      !read_int (reader, object, "class", DDB_TABLE_CLASS_STANDARD, DDB_TABLE_CLASS_STANDARD_IA,
                 &table_class) ||
      !read_int (reader, object, "partition_max_bytes", 0, G_MAXINT64, &partition_max_bytes) ||
      !read_int (reader, object, "warm_read", 0, G_MAXINT64, &spec->warm_read_units) ||
      !read_int (reader, object, "warm_write", 0, G_MAXINT64, &spec->warm_write_units))
    return NULL;
  spec->billing_mode = billing;
  spec->table_class = table_class;
  spec->partition_max_bytes = partition_max_bytes;

  for (guint i = 0; i < json_array_get_length (indexes); i++)
    if (!read_index (reader, json_array_get_element (indexes, i), spec))
      return NULL;

  /* The key attributes must be defined, or every request would misbehave. */
  if (ddb_table_spec_lookup_kind (spec, spec->key.partition_key) == DDB_KIND_NULL ||
      (spec->key.sort_key != NULL &&
       ddb_table_spec_lookup_kind (spec, spec->key.sort_key) == DDB_KIND_NULL))
    return corrupt (reader, "key"), NULL;

  return g_steal_pointer (&spec);
}

/* Rebuilds the table's indexes from their specs and the saved states. */
static gboolean
read_index_states (Reader     *reader,
                   JsonObject *root,
                   DdbTable   *table)
{
  JsonArray *states = json_object_get_array_member (root, "index_states");
  gint64 next;

  if (states == NULL || json_array_get_length (states) != table->spec->indexes->len ||
      !read_int (reader, root, "next_index_number", 0, G_MAXUINT, &next))
    return corrupt (reader, "index_states");
  table->next_index_number = next;

  for (guint i = 0; i < json_array_get_length (states); i++)
    {
      JsonObject *state = json_array_get_object_element (states, i);
      DdbIndexSpec *spec = g_ptr_array_index (table->spec->indexes, i);
      g_autoptr(DdbIndex) index = NULL;
      g_autofree char *name = NULL;
      JsonNode *partitions;
      gint64 number, status, decreases, pending;

      if (state == NULL || !read_string (reader, state, "name", FALSE, &name) ||
          g_strcmp0 (name, spec->name) != 0 ||
          !read_int (reader, state, "number", 1, next, &number) ||
          !read_int (reader, state, "status", DDB_INDEX_STATUS_CREATING, DDB_INDEX_STATUS_ACTIVE,
                     &status))
        return corrupt (reader, "index_states");

      index = g_new0 (DdbIndex, 1);
      index->spec = spec;
      index->number = number;
      index->status = status;
      if (!read_int (reader, state, "status_until", 0, G_MAXINT64, &index->status_until_usec) ||
          !read_int (reader, state, "reported_items", 0, G_MAXINT64,
                     &index->reported_item_count) ||
          !read_int (reader, state, "reported_bytes", 0, G_MAXINT64,
                     &index->reported_size_bytes) ||
          !read_int (reader, state, "last_increase", 0, G_MAXINT64, &index->last_increase_usec) ||
          !read_int (reader, state, "last_decrease", 0, G_MAXINT64, &index->last_decrease_usec) ||
          !read_int (reader, state, "decreases_today", 0, G_MAXINT, &decreases) ||
          !read_int (reader, state, "decreases_day", 0, G_MAXINT64, &index->decreases_day) ||
          !read_int (reader, state, "backfill_done", 0, G_MAXINT64, &index->backfill_done) ||
          !read_int (reader, state, "throughput_pending", FALSE, TRUE, &pending) ||
          !read_int (reader, state, "backfill_rowid", 0, G_MAXINT64, &index->backfill_rowid) ||
          !read_int (reader, state, "backfill_credit", 0, G_MAXINT64, &index->backfill_credit) ||
          !read_int (reader, state, "backfill_at", 0, G_MAXINT64, &index->backfill_at_usec))
        return FALSE;
      index->decreases_today = decreases;
      index->throughput_pending = pending;
      /* What the GSI was pre-warmed for it serves at once, as the table does. */
      index->load.read_floor = (double)spec->warm_read_units;
      index->load.write_floor = (double)spec->warm_write_units;

      partitions = json_object_get_member (state, "partitions");
      if (spec->global != (partitions != NULL))
        return corrupt (reader, "index_states");
      if (partitions != NULL &&
          (index->partitions = ddb_partition_map_new_from_json (partitions,
                                                                reader->error)) == NULL)
        return FALSE;

      g_ptr_array_add (table->indexes, g_steal_pointer (&index));
    }

  return TRUE;
}

/**
 * ddb_table_new_from_json:
 * @id: the table's row id in the store
 * @definition: what ddb_table_to_json() wrote
 *
 * Returns: (transfer full) (nullable): the table with zero live counters (recount it), or
 *   NULL with a storage error if the definition is malformed.
 */
DdbTable *
ddb_table_new_from_json (gint64       id,
                         const char  *definition,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DdbTable) table = g_new0 (DdbTable, 1);
  Reader reader = { .id = id, .error = error };
  JsonObject *root;
  JsonNode *partitions;
  gint64 version, status, decreases_today, ttl_status, pending;

  g_return_val_if_fail (definition != NULL, NULL);

  if (!json_parser_load_from_data (parser, definition, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (&reader, "(document)"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));

  table->id = id;
  if (!read_int (&reader, root, "version", DEFINITION_VERSION, DEFINITION_VERSION, &version) ||
      (table->spec = read_spec (&reader, root)) == NULL ||
      !read_int (&reader, root, "status", DDB_TABLE_STATUS_CREATING, DDB_TABLE_STATUS_DELETING,
                 &status) ||
      !read_int (&reader, root, "created", 0, G_MAXINT64, &table->created_usec) ||
      !read_int (&reader, root, "status_until", 0, G_MAXINT64, &table->status_until_usec) ||
      !read_string (&reader, root, "uuid", FALSE, &table->uuid) ||
      !read_int (&reader, root, "reported_items", 0, G_MAXINT64, &table->reported_item_count) ||
      !read_int (&reader, root, "reported_bytes", 0, G_MAXINT64, &table->reported_size_bytes) ||
      !read_int (&reader, root, "stats_refreshed", 0, G_MAXINT64, &table->stats_refreshed_usec) ||
      !read_int (&reader, root, "last_increase", 0, G_MAXINT64, &table->last_increase_usec) ||
      !read_int (&reader, root, "last_decrease", 0, G_MAXINT64, &table->last_decrease_usec) ||
      !read_int (&reader, root, "decreases_today", 0, G_MAXINT, &decreases_today) ||
      !read_int (&reader, root, "decreases_day", 0, G_MAXINT64, &table->decreases_day) ||
      !read_int (&reader, root, "billing_changed", 0, G_MAXINT64,
                 &table->billing_mode_changed_usec) ||
      !read_int (&reader, root, "throughput_pending", FALSE, TRUE, &pending) ||
      !read_int_array (&reader, root, "peak_provisioned", table->peak_provisioned,
                       G_N_ELEMENTS (table->peak_provisioned)) ||
      !read_int_array (&reader, root, "on_demand_switches", table->on_demand_switches,
                       G_N_ELEMENTS (table->on_demand_switches)) ||
      !read_string (&reader, root, "ttl_attribute", TRUE, &table->ttl_attribute) ||
      !read_int (&reader, root, "ttl_status", DDB_TTL_DISABLED, DDB_TTL_DISABLING, &ttl_status) ||
      !read_int (&reader, root, "ttl_changed", 0, G_MAXINT64, &table->ttl_changed_usec) ||
      !read_int (&reader, root, "ttl_deleted", 0, G_MAXINT64, &table->ttl_deleted_items))
    return NULL;

  table->status = status;
  table->throughput_pending = pending;
  table->decreases_today = decreases_today;
  table->ttl_status = ttl_status;

  partitions = json_object_get_member (root, "partitions");
  table->partitions = partitions != NULL ? ddb_partition_map_new_from_json (partitions, error)
                                         : NULL;
  if (table->partitions == NULL)
    {
      if (error != NULL && *error == NULL)
        corrupt (&reader, "partitions");
      return NULL;
    }

  _ddb_table_finish (table);
  if (!read_index_states (&reader, root, table))
    return NULL;
  _ddb_table_finish (table);

  return g_steal_pointer (&table);
}
