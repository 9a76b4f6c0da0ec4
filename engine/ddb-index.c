/* ddb-index.c
 *
 * Secondary indexes: which items they hold, what an index entry contains, and the checks
 * DynamoDB applies to index key attributes when an item is written.
 *
 * Design notes
 * ------------
 * An item is in an index when it has the index's partition key attribute and, for an
 * index with a sort key, the sort key attribute too (rulebook 2.3: sparse indexes).  A key
 * attribute of the wrong type, or an empty string or binary, makes the write fail (it does
 * not leave the item out), as in DynamoDB.
 *
 * The entry of an item is a map: the table's key attributes, the index's key attributes,
 * and the projected attributes.  Its size (ddb_item_size()) is what index writes and
 * index reads are charged for (rulebook 2.3: "base-table primary key + index key +
 * projected attributes").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-index"

#include "config.h"

#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-index.h"
#include "ddb-partition-plan.h"

/* A new on-demand index, like a new on-demand table, starts with four partitions. */
#define ON_DEMAND_INITIAL_PARTITIONS 4

/* Resolves the key shapes from the specs (after loading, or after the spec changed). */
void
ddb_index_resolve (DdbIndex           *index,
                   const DdbKeyShape  *table_key,
                   const DdbTableSpec *table_spec)
{
  g_return_if_fail (index != NULL && table_key != NULL && table_spec != NULL);

  index->table_key = *table_key;
  index->key.partition_name = index->spec->key.partition_key;
  index->key.partition_kind = ddb_table_spec_lookup_kind (table_spec,
                                                          index->spec->key.partition_key);
  index->key.sort_name = index->spec->key.sort_key;
  index->key.sort_kind = ddb_table_spec_lookup_kind (table_spec, index->spec->key.sort_key);
}

static guint
initial_partitions (const DdbIndexSpec *spec,
                    DdbBillingMode      billing_mode)
{
  if (billing_mode == DDB_BILLING_ON_DEMAND)
    return ON_DEMAND_INITIAL_PARTITIONS;

  return ddb_partitions_for_throughput (spec->throughput.read_capacity_units,
                                        spec->throughput.write_capacity_units);
}

/**
 * ddb_index_new:
 * @spec: the index's spec, owned by the table's spec (not copied)
 * @number: the index's stable number within the table
 *
 * Returns: (transfer full): a new, empty, ACTIVE index; a GSI gets its initial partitions
 *   by the classic formula applied to its own throughput.
 */
DdbIndex *
ddb_index_new (DdbIndexSpec       *spec,
               const DdbKeyShape  *table_key,
               const DdbTableSpec *table_spec,
               guint               number,
               gint64              now_usec)
{
  DdbIndex *index;

  g_return_val_if_fail (spec != NULL && table_key != NULL && table_spec != NULL, NULL);

  index = g_new0 (DdbIndex, 1);
  index->spec = spec;
  index->number = number;
  index->status = DDB_INDEX_STATUS_ACTIVE;
  ddb_index_resolve (index, table_key, table_spec);

  if (spec->global)
    {
      index->partitions = ddb_partition_map_new_even (initial_partitions (spec,
                                                                          table_spec->billing_mode),
                                                      now_usec);
      if (table_spec->billing_mode == DDB_BILLING_PROVISIONED)
        ddb_partition_map_share_evenly (index->partitions, spec->throughput.read_capacity_units,
                                        spec->throughput.write_capacity_units);
    }

  return index;
}

void
ddb_index_free (DdbIndex *index)
{
  if (index == NULL)
    return;

  g_clear_pointer (&index->partitions, ddb_partition_map_free);
  ddb_owner_load_clear (&index->load);
  g_clear_pointer (&index->metrics, ddb_resource_metrics_free);
  g_clear_pointer (&index->scaling[0], g_free);   /* plain structs */
  g_clear_pointer (&index->scaling[1], g_free);
  g_free (index);
}

gboolean
ddb_index_is_global (DdbIndex *index)
{
  g_return_val_if_fail (index != NULL, FALSE);

  return index->spec->global;
}

const char *
ddb_index_get_name (DdbIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  return index->spec->name;
}

/* Checks one index key attribute of an item about to be written. */
static gboolean
check_key_attribute (DdbIndex        *index,
                     const char      *name,
                     DdbKind          kind,
                     DdbKeyRole       role,
                     const DdbValue  *item,
                     GError         **error)
{
  DdbValue *value = ddb_value_lookup (item, name);
  DdbKind actual;

  if (value == NULL)
    return TRUE;

  actual = ddb_value_get_kind (value);
  if (actual != kind)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "One or more parameter values were invalid: Type mismatch for Index Key %s "
                   "Expected: %s Actual: %s IndexName: %s", name, ddb_kind_to_string (kind),
                   ddb_kind_to_string (actual), index->spec->name);
      return FALSE;
    }

  if (kind != DDB_KIND_N && ddb_value_size (value) == 0)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "One or more parameter values are not valid. A value specified for a "
                   "secondary index key is not supported. The AttributeValue for a key "
                   "attribute cannot contain an empty %s value. IndexName: %s, IndexKey: %s",
                   kind == DDB_KIND_S ? "string" : "binary", index->spec->name, name);
      return FALSE;
    }

  if (!ddb_key_value_check (value, role, name, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/**
 * ddb_index_check_item:
 *
 * Checks the index key attributes an item carries (absent ones are fine: the item is
 * simply not in the index), with DynamoDB's messages.
 */
gboolean
ddb_index_check_item (DdbIndex        *index,
                      const DdbValue  *item,
                      GError         **error)
{
  g_return_val_if_fail (index != NULL && item != NULL, FALSE);

  return check_key_attribute (index, index->key.partition_name, index->key.partition_kind,
                              DDB_KEY_ROLE_PARTITION, item, error) &&
         (index->key.sort_name == NULL ||
          check_key_attribute (index, index->key.sort_name, index->key.sort_kind,
                               DDB_KEY_ROLE_SORT, item, error));
}

/* TRUE if @attribute is in the index's entries: a key attribute or a projected one. */
gboolean
ddb_index_projects (DdbIndex   *index,
                    const char *attribute)
{
  g_return_val_if_fail (index != NULL && attribute != NULL, FALSE);

  if (index->spec->projection == DDB_PROJECTION_ALL ||
      strcmp (attribute, index->table_key.partition_name) == 0 ||
      g_strcmp0 (attribute, index->table_key.sort_name) == 0 ||
      strcmp (attribute, index->key.partition_name) == 0 ||
      g_strcmp0 (attribute, index->key.sort_name) == 0)
    return TRUE;

  if (index->spec->projection == DDB_PROJECTION_INCLUDE && index->spec->non_key_attributes != NULL)
    return g_strv_contains ((const char * const *)index->spec->non_key_attributes, attribute);

  return FALSE;
}

/**
 * ddb_index_entry:
 * @item: (nullable): a base item, already checked with ddb_index_check_item()
 *
 * Returns: (transfer full) (nullable): the item's index entry, or %NULL when the item is
 *   not in the index (it lacks an index key attribute) or @item is %NULL.
 */
DdbValue *
ddb_index_entry (DdbIndex       *index,
                 const DdbValue *item)
{
  DdbMapBuilder *builder;

  g_return_val_if_fail (index != NULL, NULL);

  if (item == NULL || ddb_value_lookup (item, index->key.partition_name) == NULL ||
      (index->key.sort_name != NULL && ddb_value_lookup (item, index->key.sort_name) == NULL))
    return NULL;

  if (index->spec->projection == DDB_PROJECTION_ALL)
    return ddb_value_ref ((DdbValue *)item);

  builder = ddb_map_builder_new ();
  for (gsize i = 0; i < ddb_value_get_length (item); i++)
    {
      const char *name = ddb_value_get_name (item, i);

      if (ddb_index_projects (index, name))
        ddb_map_builder_set (builder, name, ddb_value_get_element (item, i));
    }

  return ddb_map_builder_end (builder);
}

/**
 * ddb_index_entry_key:
 * @entry: an index entry
 * @key: (out): the entry's position in the index: the hash and encoding of the index
 *   partition key, and the encoding of the index sort key
 *
 * Returns: FALSE if @entry lacks the index key.
 */
gboolean
ddb_index_entry_key (DdbIndex       *index,
                     const DdbValue *entry,
                     DdbItemKey     *key)
{
  DdbValue *partition;
  DdbValue *sort = NULL;

  g_return_val_if_fail (index != NULL && entry != NULL && key != NULL, FALSE);

  partition = ddb_value_lookup (entry, index->key.partition_name);
  if (index->key.sort_name != NULL)
    sort = ddb_value_lookup (entry, index->key.sort_name);
  if (partition == NULL || (index->key.sort_name != NULL && sort == NULL))
    return FALSE;

  ddb_key_encode (&index->key, partition, sort, key);

  return TRUE;
}
