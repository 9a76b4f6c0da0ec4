/* ddb-table-spec.c
 *
 * Table specs and infos: construction, copying, release, the names of their enumerations,
 * and the semantic validation of a CreateTable request (ddb_table_spec_validate()), with
 * DynamoDB's messages.  The JSON shape of a request is the dispatcher's business; what is
 * checked here applies to every caller of the C API as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-table-spec"

#include "config.h"

#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-table-spec-private.h"

/* ---------------------------------------------------------------------------------------
 * Construction and release
 * ------------------------------------------------------------------------------------- */

static void
attribute_definition_clear (DdbAttributeDefinition *definition)
{
  g_clear_pointer (&definition->name, g_free);
}

static void
key_schema_clear (DdbKeySchema *key)
{
  g_clear_pointer (&key->partition_key, g_free);
  g_clear_pointer (&key->sort_key, g_free);
}

static void
key_schema_copy (DdbKeySchema       *to,
                 const DdbKeySchema *from)
{
  to->partition_key = g_strdup (from->partition_key);
  to->sort_key = g_strdup (from->sort_key);
}

/* Returns: (transfer full): an empty provisioned spec for @table_name. */
DdbTableSpec *
ddb_table_spec_new (const char *table_name)
{
  DdbTableSpec *spec = g_new0 (DdbTableSpec, 1);

  spec->table_name = g_strdup (table_name);
  spec->attribute_definitions = g_array_new (FALSE, TRUE, sizeof (DdbAttributeDefinition));
  g_array_set_clear_func (spec->attribute_definitions,
                          (GDestroyNotify)attribute_definition_clear);
  spec->billing_mode = DDB_BILLING_PROVISIONED;
  spec->throughput.max_read_request_units = -1;
  spec->throughput.max_write_request_units = -1;
  spec->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_index_spec_free);

  return spec;
}

void
ddb_index_spec_free (DdbIndexSpec *index)
{
  if (index == NULL)
    return;

  g_free (index->name);
  key_schema_clear (&index->key);
  g_strfreev (index->non_key_attributes);
  g_free (index);
}

void
ddb_table_spec_free (DdbTableSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->table_name);
  g_clear_pointer (&spec->attribute_definitions, g_array_unref);
  key_schema_clear (&spec->key);
  g_clear_pointer (&spec->indexes, g_ptr_array_unref);
  g_free (spec);
}

/* Appends an attribute definition (AttributeName, AttributeType). */
void
ddb_table_spec_add_attribute (DdbTableSpec *spec,
                              const char   *name,
                              DdbKind       kind)
{
  DdbAttributeDefinition definition = { .name = g_strdup (name), .kind = kind };

  g_return_if_fail (spec != NULL && name != NULL);

  g_array_append_val (spec->attribute_definitions, definition);
}

/**
 * ddb_table_spec_add_index:
 *
 * Appends a secondary index with projection ALL and no throughput; the caller fills in
 * the rest of the returned struct.
 *
 * Returns: (transfer none): the new index spec, owned by @spec.
 */
DdbIndexSpec *
ddb_table_spec_add_index (DdbTableSpec *spec,
                          const char   *name,
                          gboolean      global)
{
  DdbIndexSpec *index;

  g_return_val_if_fail (spec != NULL && name != NULL, NULL);

  index = g_new0 (DdbIndexSpec, 1);
  index->name = g_strdup (name);
  index->global = global;
  index->projection = DDB_PROJECTION_ALL;
  index->throughput.max_read_request_units = -1;
  index->throughput.max_write_request_units = -1;
  g_ptr_array_add (spec->indexes, index);

  return index;
}

/* The AttributeType defined for @attribute, or DDB_KIND_NULL when it has no definition. */
DdbKind
ddb_table_spec_lookup_kind (const DdbTableSpec *spec,
                            const char         *attribute)
{
  g_return_val_if_fail (spec != NULL, DDB_KIND_NULL);

  if (attribute == NULL)
    return DDB_KIND_NULL;

  for (guint i = 0; i < spec->attribute_definitions->len; i++)
    {
      const DdbAttributeDefinition *definition =
        &g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i);

      if (strcmp (definition->name, attribute) == 0)
        return definition->kind;
    }

  return DDB_KIND_NULL;
}

/* Returns: (transfer full): a deep copy of @spec. */
DdbTableSpec *
ddb_table_spec_copy (const DdbTableSpec *spec)
{
  DdbTableSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = ddb_table_spec_new (spec->table_name);
  for (guint i = 0; i < spec->attribute_definitions->len; i++)
    {
      const DdbAttributeDefinition *definition =
        &g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i);

      ddb_table_spec_add_attribute (copy, definition->name, definition->kind);
    }
  key_schema_copy (&copy->key, &spec->key);
  copy->billing_mode = spec->billing_mode;
  copy->throughput = spec->throughput;
  copy->table_class = spec->table_class;
  copy->partition_max_bytes = spec->partition_max_bytes;
  copy->warm_read_units = spec->warm_read_units;
  copy->warm_write_units = spec->warm_write_units;

  for (guint i = 0; spec->indexes != NULL && i < spec->indexes->len; i++)
    ddb_table_spec_add_index_copy (copy, g_ptr_array_index (spec->indexes, i));

  return copy;
}

/* Returns: (transfer none): a copy of @index, added to @spec's indexes. */
DdbIndexSpec *
ddb_table_spec_add_index_copy (DdbTableSpec       *spec,
                               const DdbIndexSpec *index)
{
  DdbIndexSpec *copy;

  g_return_val_if_fail (spec != NULL && index != NULL, NULL);

  copy = ddb_table_spec_add_index (spec, index->name, index->global);
  key_schema_copy (&copy->key, &index->key);
  copy->projection = index->projection;
  copy->non_key_attributes = g_strdupv (index->non_key_attributes);
  copy->throughput = index->throughput;
  copy->warm_read_units = index->warm_read_units;
  copy->warm_write_units = index->warm_write_units;

  return copy;
}

/* Releases what an index info holds (a clear function for DdbTableInfo.indexes). */
static void
index_info_clear (DdbIndexInfo *info)
{
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->arn, g_free);
}

/* Returns: (transfer full): an empty array for DdbTableInfo.indexes. */
GArray *
_ddb_index_infos_new (void)
{
  GArray *infos = g_array_new (FALSE, TRUE, sizeof (DdbIndexInfo));

  g_array_set_clear_func (infos, (GDestroyNotify)index_info_clear);

  return infos;
}

void
ddb_table_info_free (DdbTableInfo *info)
{
  if (info == NULL)
    return;

  g_clear_pointer (&info->indexes, g_array_unref);
  ddb_table_spec_free (info->spec);
  g_free (info->arn);
  g_free (info->table_id);
  g_free (info->ttl_attribute);
  g_free (info);
}

/* ---------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------- */

const char *
ddb_table_status_to_string (DdbTableStatus status)
{
  switch (status)
    {
    case DDB_TABLE_STATUS_CREATING:
      return "CREATING";
    case DDB_TABLE_STATUS_ACTIVE:
      return "ACTIVE";
    case DDB_TABLE_STATUS_UPDATING:
      return "UPDATING";
    case DDB_TABLE_STATUS_DELETING:
      return "DELETING";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ddb_ttl_status_to_string (DdbTtlStatus status)
{
  switch (status)
    {
    case DDB_TTL_DISABLED:
      return "DISABLED";
    case DDB_TTL_ENABLING:
      return "ENABLING";
    case DDB_TTL_ENABLED:
      return "ENABLED";
    case DDB_TTL_DISABLING:
      return "DISABLING";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ddb_index_status_to_string (DdbIndexStatus status)
{
  switch (status)
    {
    case DDB_INDEX_STATUS_CREATING:
      return "CREATING";
    case DDB_INDEX_STATUS_UPDATING:
      return "UPDATING";
    case DDB_INDEX_STATUS_DELETING:
      return "DELETING";
    case DDB_INDEX_STATUS_ACTIVE:
      return "ACTIVE";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ddb_split_reason_to_string (DdbSplitReason reason)
{
  switch (reason)
    {
    case DDB_SPLIT_FOR_SIZE:
      return "size";
    case DDB_SPLIT_FOR_THROUGHPUT:
      return "throughput";
    case DDB_SPLIT_FOR_HEAT:
      return "heat";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------------------------------------------------------------------------------------
 * Validation
 * ------------------------------------------------------------------------------------- */

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
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

/**
 * ddb_table_name_check:
 * @kind: "TableName" or "IndexName", for the message
 *
 * DynamoDB's naming rule for tables and indexes: 3 to 255 characters of
 * [a-zA-Z0-9_.-].
 */
gboolean
ddb_table_name_check (const char  *name,
                      const char  *kind,
                      GError     **error)
{
  gsize length;

  if (name == NULL)
    return invalid (error, "The parameter '%s' is required but was not present in the request",
                    kind);

  length = strlen (name);
  if (length < 3 || length > 255)
    return invalid (error, "%s must be at least 3 characters long and at most 255 "
                           "characters long", kind);

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '.' && name[i] != '-')
      return invalid (error, "1 validation error detected: Value '%s' at '%c%s' failed to "
                             "satisfy constraint: Member must satisfy regular expression "
                             "pattern: [a-zA-Z0-9_.-]+", name, g_ascii_tolower (kind[0]),
                      kind + 1);

  return TRUE;
}

/* "[a, b]" for messages. */
static char *
join_names (const char * const *names,
            guint                n_names)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < n_names; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, names[i]);
    }
  g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

static gboolean
check_key_definitions (const DdbTableSpec *spec,
                       const DdbKeySchema *key,
                       GError            **error)
{
  const char *keys[2] = { key->partition_key, key->sort_key };
  guint n_keys = key->sort_key != NULL ? 2 : 1;
  g_autofree const char **definitions = NULL;
  guint n_definitions = spec->attribute_definitions->len;

  if (key->partition_key == NULL)
    return invalid (error, "Invalid KeySchema: The first KeySchemaElement is not a HASH key "
                           "type");

  definitions = g_new0 (const char *, n_definitions + 1);
  for (guint i = 0; i < n_definitions; i++)
    definitions[i] = g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i).name;

  for (guint i = 0; i < n_keys; i++)
    if (ddb_table_spec_lookup_kind (spec, keys[i]) == DDB_KIND_NULL)
      {
        g_autofree char *key_list = join_names (keys, n_keys);
        g_autofree char *definition_list = join_names (definitions, n_definitions);

        return invalid (error, "One or more parameter values were invalid: Some index key "
                               "attributes are not defined in AttributeDefinitions. Keys: %s, "
                               "AttributeDefinitions: %s", key_list, definition_list);
      }

  if (key->sort_key != NULL && strcmp (key->partition_key, key->sort_key) == 0)
    return invalid (error, "Both the Hash Key and the Range Key element in the KeySchema have "
                           "the same name");

  return TRUE;
}

static gboolean
check_throughput (const DdbThroughput *throughput,
                  DdbBillingMode       billing_mode,
                  const char          *index_name,
                  GError             **error)
{
  if (billing_mode == DDB_BILLING_ON_DEMAND)
    {
      if (throughput->read_capacity_units != 0 || throughput->write_capacity_units != 0)
        {
          if (index_name != NULL)
            return invalid (error, "One or more parameter values were invalid: "
                                   "ProvisionedThroughput should not be specified for index: %s "
                                   "when BillingMode is PAY_PER_REQUEST", index_name);
          return invalid (error, "One or more parameter values were invalid: Neither "
                                 "ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                 "when BillingMode is PAY_PER_REQUEST");
        }
      if (throughput->max_read_request_units == 0 || throughput->max_read_request_units < -1 ||
          throughput->max_write_request_units == 0 || throughput->max_write_request_units < -1)
        return invalid (error, "One or more parameter values were invalid: "
                               "MaxReadRequestUnits and MaxWriteRequestUnits must be at least 1, "
                               "or -1 for no maximum");
      return TRUE;
    }

  if (throughput->read_capacity_units <= 0 || throughput->write_capacity_units <= 0)
    {
      if (index_name != NULL)
        return invalid (error, "One or more parameter values were invalid: "
                               "ProvisionedThroughput must be specified for index: %s",
                        index_name);
      return invalid (error, "One or more parameter values were invalid: ReadCapacityUnits and "
                             "WriteCapacityUnits must both be specified when BillingMode is "
                             "PROVISIONED");
    }
  if (throughput->read_capacity_units > G_GINT64_CONSTANT (1000000000000))
    return invalid (error, "Given value %" G_GINT64_FORMAT " for ReadCapacityUnits is out of "
                           "bounds", throughput->read_capacity_units);
  if (throughput->write_capacity_units > G_GINT64_CONSTANT (1000000000000))
    return invalid (error, "Given value %" G_GINT64_FORMAT " for WriteCapacityUnits is out of "
                           "bounds", throughput->write_capacity_units);

  return TRUE;
}

static gboolean
check_index (const DdbTableSpec *spec,
             const DdbIndexSpec *index,
             GHashTable         *seen_names,
             GError            **error)
{
  if (!ddb_table_name_check (index->name, "IndexName", error) ||
      !check_key_definitions (spec, &index->key, error))
    return FALSE;

  if (!index->global)
    {
      if (index->key.sort_key == NULL)
        return invalid (error, "One or more parameter values were invalid: Index KeySchema does "
                               "not have a range key for index: %s", index->name);
      if (strcmp (index->key.partition_key, spec->key.partition_key) != 0)
        return invalid (error, "One or more parameter values were invalid: Index KeySchema does "
                               "not have the same leading hash key as table KeySchema for "
                               "index: %s. index hash key: %s, table hash key: %s",
                        index->name, index->key.partition_key, spec->key.partition_key);
    }

  if (index->non_key_attributes != NULL && index->projection != DDB_PROJECTION_INCLUDE)
    return invalid (error, "One or more parameter values were invalid: ProjectionType is %s, "
                           "but NonKeyAttributes is specified",
                    index->projection == DDB_PROJECTION_ALL ? "ALL" : "KEYS_ONLY");

  if (index->global && !check_throughput (&index->throughput, spec->billing_mode, index->name,
                                          error))
    return FALSE;

  /* The dispatcher refuses values below 1 with DynamoDB's message; this is for the C API,
   * where 0 means "not pre-warmed" (ddbsim's wording). */
  if (index->warm_read_units < 0 || index->warm_write_units < 0)
    return invalid (error, "One or more parameter values were invalid: WarmThroughput must not "
                           "be negative for index: %s", index->name);

  if (!g_hash_table_add (seen_names, index->name))
    return invalid (error, "One or more parameter values were invalid: Duplicate index name: %s",
                    index->name);

  return TRUE;
}

/**
 * ddb_table_spec_validate:
 *
 * Checks the rules DynamoDB applies to a CreateTable request beyond its JSON shape:
 * names, key schema against attribute definitions, throughput against billing mode, and
 * the secondary index rules (at most 5 LSIs, which need the table's partition key and a
 * sort key; at most 20 GSIs).  Messages are DynamoDB's.
 *
 * Returns: TRUE if @spec describes a table DynamoDB would create.
 */
gboolean
ddb_table_spec_validate (const DdbTableSpec *spec,
                         GError            **error)
{
  g_autoptr(GHashTable) index_names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_local = 0;
  guint n_global = 0;
  guint n_key_attributes;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (!ddb_table_name_check (spec->table_name, "TableName", error) ||
      !check_throughput (&spec->throughput, spec->billing_mode, NULL, error) ||
      !check_key_definitions (spec, &spec->key, error))
    return FALSE;

  for (guint i = 0; i < spec->attribute_definitions->len; i++)
    {
      const DdbAttributeDefinition *definition =
        &g_array_index (spec->attribute_definitions, DdbAttributeDefinition, i);

      if (!ddb_kind_is_scalar_key (definition->kind))
        return invalid (error, "1 validation error detected: Value '%s' at "
                               "'attributeDefinitions.%u.member.attributeType' failed to "
                               "satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                        ddb_kind_to_string (definition->kind), i + 1);
      for (guint j = 0; j < i; j++)
        if (strcmp (definition->name,
                    g_array_index (spec->attribute_definitions, DdbAttributeDefinition, j).name)
            == 0)
          return invalid (error, "Cannot have two attributes with the same name, attribute name: "
                                 "%s", definition->name);
    }

  for (guint i = 0; spec->indexes != NULL && i < spec->indexes->len; i++)
    {
      const DdbIndexSpec *index = g_ptr_array_index (spec->indexes, i);

      if (!index->global && spec->key.sort_key == NULL)
        return invalid (error, "One or more parameter values were invalid: Table KeySchema does "
                               "not have a range key, which is required when specifying a "
                               "LocalSecondaryIndex");
      if (!check_index (spec, index, index_names, error))
        return FALSE;
      if (index->global)
        n_global++;
      else
        n_local++;
    }

  if (n_local > 5)
    return invalid (error, "One or more parameter values were invalid: Number of "
                           "LocalSecondaryIndexes exceeds per-table limit of 5");
  if (n_global > 20)
    return invalid (error, "One or more parameter values were invalid: GlobalSecondaryIndex "
                           "count exceeds the per-table limit of 20");

  /* Every defined attribute must be a key of the table or of an index. */
  n_key_attributes = spec->key.sort_key != NULL ? 2 : 1;
  if (n_local + n_global == 0 && spec->attribute_definitions->len != n_key_attributes)
    return invalid (error, "One or more parameter values were invalid: Number of attributes in "
                           "KeySchema does not exactly match number of attributes defined in "
                           "AttributeDefinitions");

  if (spec->partition_max_bytes != 0 &&
      (spec->partition_max_bytes < 1024 * 1024 ||
       spec->partition_max_bytes > DDB_TABLE_DEFAULT_PARTITION_BYTES))
    return invalid (error, "Ddbsim.PartitionSizeLimitBytes must be between 1048576 (1 MB) and "
                           "10737418240 (10 GB)");

  return TRUE;
}
