/* ddb-engine-state.c
 *
 * Design notes
 * ------------
 * DynamoDB keeps serving a table with the capacity it has banked, the peaks it has seen
 * and the scaling policies it was given; ddbsim holds those in memory between requests.
 * For a database file to go on where it stopped, that runtime state is saved beside the
 * tables (the store's ddb_state), under "table:<TableId>" for each table (one
 * incarnation: a table created again under the same name starts afresh) and "meter" for
 * the billing meter:
 *
 *   {"owner": <owner load>, "partitions": [[id, <partition load>...], ...],
 *    "scaling": [<read target> | null, <write target> | null],
 *    "indexes": {"<GSI name>": {"owner": ..., "partitions": ..., "scaling": ...}}}
 *
 * (ddb-admission-json.h, ddb-engine-autoscaling.h, ddb-billing-meter.h).  It is saved
 * with the clock (ddb_engine_advance()) and when the engine is closed, in one
 * transaction, and read back after the tables on opening.  Partitions are matched by id;
 * a partition the state does not list starts afresh.  Metrics, the scaling history and
 * partitions' hot runs are not kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine"

#include "config.h"

#include "ddb-admission-json.h"
#include "ddb-billing-meter.h"
#include "ddb-engine-autoscaling.h"
#include "ddb-engine-error.h"
#include "ddb-engine-state.h"
#include "ddb-json-values.h"

#define METER_STATE "meter"

static char *
table_state_name (DdbTable *table)
{
  return g_strconcat ("table:", table->uuid, NULL);
}

/* ---------------------------------------------------------------------------------------
 * Saving
 * ------------------------------------------------------------------------------------- */

static void
write_owner (DdbPartitionMap   *map,
             const DdbOwnerLoad *load,
             DdbScalingTarget  **scaling,
             JsonBuilder        *builder)
{
  json_builder_set_member_name (builder, "owner");
  ddb_owner_load_write_json (load, builder);

  json_builder_set_member_name (builder, "partitions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ddb_partition_map_get_count (map); i++)
    {
      DdbPartition *p = ddb_partition_map_get (map, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, p->id);
      ddb_partition_load_write_json (&p->load, builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "scaling");
  json_builder_begin_array (builder);
  for (guint write = 0; write < 2; write++)
    if (scaling[write] != NULL)
      _ddb_scaling_target_write_json (scaling[write], builder);
    else
      json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

static char *
table_state (DdbTable *table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  write_owner (table->partitions, &table->load, table->scaling, builder);
  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (index->partitions == NULL)
        continue;
      json_builder_set_member_name (builder, index->spec->name);
      json_builder_begin_object (builder);
      write_owner (index->partitions, &index->load, index->scaling, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static char *
meter_state (DdbBillingMeter *meter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  ddb_billing_meter_write_json (meter, builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * _ddb_engine_save_state:
 *
 * Saves the runtime state of every table, the billing meter and the clock, in a file
 * database (an in-memory one has nothing to go on with), in one transaction.
 *
 * Returns: FALSE with @error set on a storage failure (nothing is saved then).
 */
gboolean
_ddb_engine_save_state (DdbEngine  *self,
                        GError    **error)
{
  GHashTableIter iter;
  gpointer value;

  if (!ddb_store_is_persistent (self->store))
    return TRUE;

  if (!_ddb_engine_begin (self, error))
    return FALSE;
  g_hash_table_iter_init (&iter, self->tables);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autofree char *name = table_state_name (value);
      g_autofree char *text = table_state (value);

      if (!ddb_store_set_state (self->store, name, text, error))
        goto failed;
    }
  if (self->meter != NULL)
    {
      g_autofree char *text = meter_state (self->meter);

      if (!ddb_store_set_state (self->store, METER_STATE, text, error))
        goto failed;
    }
  if (!ddb_store_set_meta (self->store, "clock_usec", self->now_usec, error))
    goto failed;

  return _ddb_engine_commit (self, error);

failed:
  _ddb_engine_rollback (self);
  return FALSE;
}

/* Forgets the runtime state of a table that is gone (its own transaction's part). */
gboolean
_ddb_engine_forget_state (DdbEngine  *self,
                          DdbTable   *table,
                          GError    **error)
{
  g_autofree char *name = table_state_name (table);

  return ddb_store_delete_state (self->store, name, error);
}

/* ---------------------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------------------- */

static gboolean
malformed (const char  *what,
           GError     **error)
{
  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
               "storage: malformed runtime state of %s", what);
  return FALSE;
}

static DdbPartition *
partition_by_id (DdbPartitionMap *map,
                 gint64           id)
{
  for (guint i = 0; i < ddb_partition_map_get_count (map); i++)
    if (ddb_partition_map_get (map, i)->id == id)
      return ddb_partition_map_get (map, i);

  return NULL;
}

static gboolean
read_owner (JsonObject        *object,
            DdbPartitionMap   *map,
            DdbOwnerLoad      *load,
            DdbScalingTarget **scaling)
{
  JsonNode *owner = json_object_get_member (object, "owner");
  JsonArray *partitions = ddb_json_node_array (json_object_get_member (object, "partitions"));
  JsonArray *targets = ddb_json_node_row (json_object_get_member (object, "scaling"), 2);
  DdbScalingTarget *read[2] = { NULL, NULL };

  if (owner == NULL || partitions == NULL || targets == NULL)
    return FALSE;

  for (guint write = 0; write < 2; write++)
    {
      JsonNode *target = json_array_get_element (targets, write);

      if (JSON_NODE_HOLDS_NULL (target))
        continue;
      read[write] = _ddb_scaling_target_new_from_json (target);
      if (read[write] == NULL)
        {
          g_free (read[0]);
          return FALSE;
        }
    }

  for (guint i = 0; i < json_array_get_length (partitions); i++)
    {
      JsonArray *row = ddb_json_node_array (json_array_get_element (partitions, i));
      DdbPartition *partition;
      gint64 id;

      if (row == NULL || json_array_get_length (row) == 0 ||
          !ddb_json_node_int (json_array_get_element (row, 0), 1, G_MAXUINT, &id))
        goto failed;
      partition = partition_by_id (map, id);
      if (partition != NULL && !ddb_partition_load_read_json (row, 1, &partition->load))
        goto failed;
    }

  if (!ddb_owner_load_read_json (owner, load))
    goto failed;
  for (guint write = 0; write < 2; write++)
    {
      g_free (scaling[write]);
      scaling[write] = read[write];
    }

  return TRUE;

failed:
  g_free (read[0]);
  g_free (read[1]);
  return FALSE;
}

static gboolean
load_table_state (DdbEngine  *self,
                  DdbTable   *table,
                  GError    **error)
{
  g_autofree char *name = table_state_name (table);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *indexes;

  if (!ddb_store_get_state (self->store, name, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return malformed (table->spec->table_name, error);
  root = json_node_get_object (json_parser_get_root (parser));
  if (!read_owner (root, table->partitions, &table->load, table->scaling) ||
      !json_object_has_member (root, "indexes") ||
      (indexes = json_object_get_object_member (root, "indexes")) == NULL)
    return malformed (table->spec->table_name, error);

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);
      JsonNode *state;

      if (index->partitions == NULL ||
          (state = json_object_get_member (indexes, index->spec->name)) == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (state) ||
          !read_owner (json_node_get_object (state), index->partitions, &index->load,
                       index->scaling))
        return malformed (table->spec->table_name, error);
    }

  return TRUE;
}

static gboolean
load_meter_state (DdbEngine  *self,
                  GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DdbPriceCatalog) catalog = NULL;
  DdbBillingMeter *meter;

  if (!ddb_store_get_state (self->store, METER_STATE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return malformed ("the billing meter", error);
  /* The catalog in use now: the embedded one, on opening. */
  catalog = g_object_ref (ddb_engine_get_price_catalog (self));
  meter = ddb_billing_meter_new_from_json (json_parser_get_root (parser), catalog, error);
  if (meter == NULL)
    return FALSE;
  g_clear_pointer (&self->meter, ddb_billing_meter_free);
  self->meter = meter;

  return TRUE;
}

/**
 * _ddb_engine_load_state:
 *
 * Reads back what _ddb_engine_save_state() saved, into the tables just loaded.
 *
 * Returns: FALSE with @error set on a storage failure or malformed state.
 */
gboolean
_ddb_engine_load_state (DdbEngine  *self,
                        GError    **error)
{
  GHashTableIter iter;
  gpointer value;

  if (!ddb_store_is_persistent (self->store))
    return TRUE;

  g_hash_table_iter_init (&iter, self->tables);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!load_table_state (self, value, error))
      return FALSE;

  return load_meter_state (self, error);
}
