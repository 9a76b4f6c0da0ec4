/* ddb-dispatch-tables.c
 *
 * The control-plane operations: CreateTable, DescribeTable, UpdateTable, DeleteTable,
 * ListTables, UpdateTimeToLive and DescribeTimeToLive.
 *
 * The member tables follow DynamoDB's request models.  Phase 3 here checks only what a
 * DdbTableSpec cannot express (the order of the KeySchema elements, a missing
 * ProjectionType, an empty index list); the rules that apply to every caller of the C API
 * (key attributes defined, throughput against billing mode, index limits) are the
 * engine's, with DynamoDB's messages (ddb_table_spec_validate()).
 *
 * UpdateTable's GlobalSecondaryIndexUpdates are read with CreateTable's parsers: a Create
 * action as a GlobalSecondaryIndex, the AttributeDefinitions it needs as CreateTable's;
 * what the engine checks against the table (the index exists, one index created or
 * deleted at a time) it checks for every caller.
 *
 * WarmThroughput is read where DynamoDB takes it: for the table, for each
 * GlobalSecondaryIndex (of CreateTable, or of an UpdateTable Create action) and in an
 * Update action, alone or with the index's throughput.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-dispatch-tables"

#include "config.h"

#include "ddb-dispatch-private.h"

/* ---------------------------------------------------------------------------------------
 * Member tables
 * ------------------------------------------------------------------------------------- */

static const char * const attribute_type_values[] = { "B", "N", "S", NULL };
static const char * const key_type_values[] = { "HASH", "RANGE", NULL };
static const char * const projection_type_values[] = { "ALL", "INCLUDE", "KEYS_ONLY", NULL };
static const char * const billing_mode_values[] = { "PROVISIONED", "PAY_PER_REQUEST", NULL };
static const char * const table_class_values[] = {
  "STANDARD", "STANDARD_INFREQUENT_ACCESS", NULL
};

static const DdbMemberSpec attribute_definition_members[] = {
  { .name = "AttributeName", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { .name = "AttributeType", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL,
    .enum_values = attribute_type_values },
  { NULL }
};

static const DdbMemberSpec attribute_definition_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "AttributeDefinition",
    .children = attribute_definition_members },
  { NULL }
};

static const DdbMemberSpec key_element_members[] = {
  { .name = "AttributeName", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { .name = "KeyType", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL,
    .enum_values = key_type_values },
  { NULL }
};

/* Index key schemas: DynamoDB checks their KeyType in phase 3 only. */
static const DdbMemberSpec index_key_element_members[] = {
  { .name = "AttributeName", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { .name = "KeyType", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { NULL }
};

static const DdbMemberSpec key_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "KeySchemaElement",
    .children = key_element_members },
  { NULL }
};

static const DdbMemberSpec index_key_element[] = {
  { .name = "member", .type = DDB_MEMBER_STRUCTURE, .class_name = "KeySchemaElement",
    .children = index_key_element_members },
  { NULL }
};

static const DdbMemberSpec provisioned_members[] = {
  { .name = "WriteCapacityUnits", .type = DDB_MEMBER_LONG,
    .flags = DDB_MEMBER_NOT_NULL | DDB_MEMBER_MIN, .min_value = 1 },
  { .name = "ReadCapacityUnits", .type = DDB_MEMBER_LONG,
    .flags = DDB_MEMBER_NOT_NULL | DDB_MEMBER_MIN, .min_value = 1 },
  { NULL }
};

static const DdbMemberSpec warm_members[] = {
  { .name = "ReadUnitsPerSecond", .type = DDB_MEMBER_LONG, .flags = DDB_MEMBER_MIN,
    .min_value = 1 },
  { .name = "WriteUnitsPerSecond", .type = DDB_MEMBER_LONG, .flags = DDB_MEMBER_MIN,
    .min_value = 1 },
  { NULL }
};

static const DdbMemberSpec on_demand_members[] = {
  { .name = "MaxReadRequestUnits", .type = DDB_MEMBER_LONG },
  { .name = "MaxWriteRequestUnits", .type = DDB_MEMBER_LONG },
  { NULL }
};

static const DdbMemberSpec projection_members[] = {
  { .name = "ProjectionType", .type = DDB_MEMBER_STRING, .enum_values = projection_type_values },
  { .name = "NonKeyAttributes", .type = DDB_MEMBER_LIST, .min_length = 1,
    .children = _ddb_string_element },
  { NULL }
};

#define KEY_SCHEMA_MEMBER(element, extra_flags) \
  { .name = "KeySchema", .type = DDB_MEMBER_LIST, .flags = DDB_MEMBER_NOT_NULL | (extra_flags), \
    .min_length = 1, .max_length = 2, .children = (element) }
#define STRUCTURE_MEMBER(member_name, class, members, extra_flags) \
  { .name = (member_name), .type = DDB_MEMBER_STRUCTURE, .flags = (extra_flags), \
    .class_name = (class), .children = (members) }

static const DdbMemberSpec local_index_members[] = {
  DDB_MEMBER_SPEC_INDEX_NAME (DDB_MEMBER_NOT_NULL),
  KEY_SCHEMA_MEMBER (index_key_element, 0),
  STRUCTURE_MEMBER ("Projection", "Projection", projection_members, DDB_MEMBER_NOT_NULL),
  { NULL }
};

static const DdbMemberSpec global_index_members[] = {
  DDB_MEMBER_SPEC_INDEX_NAME (DDB_MEMBER_NOT_NULL),
  KEY_SCHEMA_MEMBER (index_key_element, 0),
  STRUCTURE_MEMBER ("Projection", "Projection", projection_members, DDB_MEMBER_NOT_NULL),
  STRUCTURE_MEMBER ("ProvisionedThroughput", "ProvisionedThroughput", provisioned_members, 0),
  STRUCTURE_MEMBER ("OnDemandThroughput", "OnDemandThroughput", on_demand_members, 0),
  STRUCTURE_MEMBER ("WarmThroughput", "WarmThroughput", warm_members, 0),
  { NULL }
};

static const DdbMemberSpec local_index_element[] = {
  STRUCTURE_MEMBER ("member", "LocalSecondaryIndex", local_index_members, 0),
  { NULL }
};

static const DdbMemberSpec global_index_element[] = {
  STRUCTURE_MEMBER ("member", "GlobalSecondaryIndex", global_index_members, 0),
  { NULL }
};

static const DdbMemberSpec update_index_members[] = {
  DDB_MEMBER_SPEC_INDEX_NAME (DDB_MEMBER_NOT_NULL),
  STRUCTURE_MEMBER ("ProvisionedThroughput", "ProvisionedThroughput", provisioned_members, 0),
  STRUCTURE_MEMBER ("OnDemandThroughput", "OnDemandThroughput", on_demand_members, 0),
  STRUCTURE_MEMBER ("WarmThroughput", "WarmThroughput", warm_members, 0),
  { NULL }
};

static const DdbMemberSpec delete_index_members[] = {
  DDB_MEMBER_SPEC_INDEX_NAME (DDB_MEMBER_NOT_NULL),
  { NULL }
};

/* A Create action has the members of a GlobalSecondaryIndex of CreateTable. */
static const DdbMemberSpec index_update_members[] = {
  STRUCTURE_MEMBER ("Update", "UpdateGlobalSecondaryIndexAction", update_index_members, 0),
  STRUCTURE_MEMBER ("Create", "CreateGlobalSecondaryIndexAction", global_index_members, 0),
  STRUCTURE_MEMBER ("Delete", "DeleteGlobalSecondaryIndexAction", delete_index_members, 0),
  { NULL }
};

static const DdbMemberSpec global_index_update_element[] = {
  STRUCTURE_MEMBER ("member", "GlobalSecondaryIndexUpdate", index_update_members, 0),
  { NULL }
};

static const DdbMemberSpec ddbsim_members[] = {
  { .name = "PartitionSizeLimitBytes", .type = DDB_MEMBER_LONG, .flags = DDB_MEMBER_MIN,
    .min_value = 1 },
  { NULL }
};

const DdbMemberSpec _ddb_create_table_members[] = {
  { .name = "AttributeDefinitions", .type = DDB_MEMBER_LIST, .flags = DDB_MEMBER_NOT_NULL,
    .children = attribute_definition_element },
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  { .name = "BillingMode", .type = DDB_MEMBER_STRING, .enum_values = billing_mode_values },
  STRUCTURE_MEMBER ("ProvisionedThroughput", "ProvisionedThroughput", provisioned_members, 0),
  KEY_SCHEMA_MEMBER (key_element, 0),
  { .name = "LocalSecondaryIndexes", .type = DDB_MEMBER_LIST, .children = local_index_element },
  { .name = "GlobalSecondaryIndexes", .type = DDB_MEMBER_LIST, .children = global_index_element },
  { .name = "TableClass", .type = DDB_MEMBER_STRING, .enum_values = table_class_values },
  STRUCTURE_MEMBER ("OnDemandThroughput", "OnDemandThroughput", on_demand_members, 0),
  STRUCTURE_MEMBER ("WarmThroughput", "WarmThroughput", warm_members, 0),
  STRUCTURE_MEMBER ("Ddbsim", "Ddbsim", ddbsim_members, 0),
  { NULL }
};

const DdbMemberSpec _ddb_describe_table_members[] = {
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  { NULL }
};

const DdbMemberSpec _ddb_delete_table_members[] = {
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  { NULL }
};

const DdbMemberSpec _ddb_update_table_members[] = {
  { .name = "AttributeDefinitions", .type = DDB_MEMBER_LIST,
    .children = attribute_definition_element },
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  { .name = "BillingMode", .type = DDB_MEMBER_STRING, .enum_values = billing_mode_values },
  STRUCTURE_MEMBER ("ProvisionedThroughput", "ProvisionedThroughput", provisioned_members, 0),
  { .name = "GlobalSecondaryIndexUpdates", .type = DDB_MEMBER_LIST,
    .children = global_index_update_element },
  { .name = "TableClass", .type = DDB_MEMBER_STRING, .enum_values = table_class_values },
  STRUCTURE_MEMBER ("OnDemandThroughput", "OnDemandThroughput", on_demand_members, 0),
  STRUCTURE_MEMBER ("WarmThroughput", "WarmThroughput", warm_members, 0),
  { NULL }
};

const DdbMemberSpec _ddb_list_tables_members[] = {
  { .name = "Limit", .type = DDB_MEMBER_INTEGER, .flags = DDB_MEMBER_MIN | DDB_MEMBER_MAX,
    .min_value = 1, .max_value = 100 },
  { .name = "ExclusiveStartTableName", .type = DDB_MEMBER_STRING,
    .flags = DDB_MEMBER_NAME_PATTERN, .min_length = 3, .max_length = 255 },
  { NULL }
};

static const DdbMemberSpec ttl_specification_members[] = {
  { .name = "AttributeName", .type = DDB_MEMBER_STRING, .flags = DDB_MEMBER_NOT_NULL },
  { .name = "Enabled", .type = DDB_MEMBER_BOOLEAN, .flags = DDB_MEMBER_NOT_NULL },
  { NULL }
};

const DdbMemberSpec _ddb_update_ttl_members[] = {
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  STRUCTURE_MEMBER ("TimeToLiveSpecification", "TimeToLiveSpecification",
                    ttl_specification_members, DDB_MEMBER_NOT_NULL),
  { NULL }
};

const DdbMemberSpec _ddb_describe_ttl_members[] = {
  DDB_MEMBER_SPEC_CONTROL_TABLE_NAME,
  { NULL }
};

/* ---------------------------------------------------------------------------------------
 * Request conversion
 * ------------------------------------------------------------------------------------- */

/* Reads a KeySchema list (one or two elements, phase 2 checked) into @key, refusing the
 * element orders a DdbKeySchema cannot hold. */
static gboolean
parse_key_schema (JsonArray     *array,
                  DdbKeySchema  *key,
                  GError       **error)
{
  static const char * const expected[] = { "HASH", "RANGE" };
  static const char * const ordinal[] = { "first", "second" };

  for (guint i = 0; i < json_array_get_length (array) && i < 2; i++)
    {
      JsonObject *element = ddb_dispatch_array_get_object (array, i);
      const char *type = ddb_dispatch_get_string (element, "KeyType");
      const char *name = ddb_dispatch_get_string (element, "AttributeName");

      if (g_strcmp0 (type, expected[i]) != 0)
        return ddb_dispatch_validation_error (error, "Invalid KeySchema: The %s KeySchemaElement "
                                                     "is not a %s key type", ordinal[i],
                                              expected[i]);
      if (i == 0)
        key->partition_key = g_strdup (name);
      else
        key->sort_key = g_strdup (name);
    }

  return TRUE;
}

/* Reads the ProvisionedThroughput and OnDemandThroughput members of @object into
 * @throughput; what they leave out keeps its value. */
static void
parse_throughput (JsonObject    *object,
                  DdbThroughput *throughput)
{
  JsonObject *provisioned = ddb_dispatch_get_object (object, "ProvisionedThroughput");
  JsonObject *on_demand = ddb_dispatch_get_object (object, "OnDemandThroughput");

  if (provisioned != NULL)
    {
      throughput->read_capacity_units = ddb_dispatch_get_integer (provisioned,
                                                                  "ReadCapacityUnits", 0);
      throughput->write_capacity_units = ddb_dispatch_get_integer (provisioned,
                                                                   "WriteCapacityUnits", 0);
    }
  if (on_demand != NULL)
    {
      throughput->max_read_request_units =
        ddb_dispatch_get_integer (on_demand, "MaxReadRequestUnits",
                                  throughput->max_read_request_units);
      throughput->max_write_request_units =
        ddb_dispatch_get_integer (on_demand, "MaxWriteRequestUnits",
                                  throughput->max_write_request_units);
    }
}

/* Reads the WarmThroughput member of @object (a request, a GlobalSecondaryIndex or an
 * Update action); what it leaves out keeps its current value, @current_read and
 * @current_write. */
static void
parse_warm (JsonObject *object,
            gint64      current_read,
            gint64      current_write,
            gint64     *read_units,
            gint64     *write_units)
{
  JsonObject *warm = ddb_dispatch_get_object (object, "WarmThroughput");

  *read_units = current_read;
  *write_units = current_write;
  if (warm == NULL)
    return;
  *read_units = ddb_dispatch_get_integer (warm, "ReadUnitsPerSecond", *read_units);
  *write_units = ddb_dispatch_get_integer (warm, "WriteUnitsPerSecond", *write_units);
}

/* Reads a LocalSecondaryIndex, a GlobalSecondaryIndex or an UpdateTable Create action
 * (phase 2 checked) into a new index of @spec. */
static gboolean
parse_index (JsonObject    *object,
             gboolean       global,
             DdbTableSpec  *spec,
             GError       **error)
{
  JsonObject *projection;
  DdbIndexSpec *index;
  gint type;

  index = ddb_table_spec_add_index (spec, ddb_dispatch_get_string (object, "IndexName"), global);
  if (!parse_key_schema (ddb_dispatch_get_array (object, "KeySchema"), &index->key, error))
    return FALSE;

  projection = ddb_dispatch_get_object (object, "Projection");
  type = ddb_dispatch_get_enum (projection, "ProjectionType", projection_type_values, -1);
  if (type < 0)
    return ddb_dispatch_validation_error (error, "One or more parameter values were invalid: "
                                                 "Unknown ProjectionType: null");
  index->projection = type == 0 ? DDB_PROJECTION_ALL
                      : type == 1 ? DDB_PROJECTION_INCLUDE : DDB_PROJECTION_KEYS_ONLY;
  index->non_key_attributes =
    ddb_dispatch_dup_strv (ddb_dispatch_get_array (projection, "NonKeyAttributes"));

  if (global)
    {
      index->throughput = (DdbThroughput) { 0, 0, -1, -1 };
      parse_throughput (object, &index->throughput);
      parse_warm (object, 0, 0, &index->warm_read_units, &index->warm_write_units);
    }

  return TRUE;
}

static gboolean
parse_indexes (JsonObject    *body,
               gboolean       global,
               DdbTableSpec  *spec,
               GError       **error)
{
  const char *member = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
  JsonArray *array = ddb_dispatch_get_array (body, member);

  if (array == NULL)
    return TRUE;
  if (json_array_get_length (array) == 0)
    return ddb_dispatch_validation_error (error, "One or more parameter values were invalid: "
                                                 "List of %s is empty", member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = ddb_dispatch_array_get_object (array, i);

      if (object != NULL && !parse_index (object, global, spec, error))
        return FALSE;
    }

  return TRUE;
}

/* Adds the request's AttributeDefinitions (phase 2 checked) to @spec. */
static void
parse_attribute_definitions (JsonObject   *body,
                             DdbTableSpec *spec)
{
  JsonArray *definitions = ddb_dispatch_get_array (body, "AttributeDefinitions");

  for (guint i = 0; definitions != NULL && i < json_array_get_length (definitions); i++)
    {
      JsonObject *definition = ddb_dispatch_array_get_object (definitions, i);
      DdbKind kind = DDB_KIND_S;

      if (definition == NULL)
        continue;
      ddb_kind_from_string (ddb_dispatch_get_string (definition, "AttributeType"), &kind);
      ddb_table_spec_add_attribute (spec, ddb_dispatch_get_string (definition, "AttributeName"),
                                    kind);
    }
}

/* Builds the DdbTableSpec of a CreateTable request. */
static DdbTableSpec *
parse_table_spec (JsonObject  *body,
                  GError     **error)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new (ddb_dispatch_get_string (body,
                                                                               "TableName"));
  JsonArray *definitions = ddb_dispatch_get_array (body, "AttributeDefinitions");
  JsonArray *key_schema = ddb_dispatch_get_array (body, "KeySchema");
  JsonObject *ddbsim = ddb_dispatch_get_object (body, "Ddbsim");

  if (json_array_get_length (key_schema) > json_array_get_length (definitions))
    {
      ddb_dispatch_validation_error (error, "Invalid KeySchema: Some index key attribute have "
                                            "no definition");
      return NULL;
    }

  parse_attribute_definitions (body, spec);
  if (!parse_key_schema (key_schema, &spec->key, error) ||
      !parse_indexes (body, FALSE, spec, error) ||
      !parse_indexes (body, TRUE, spec, error))
    return NULL;

  spec->billing_mode = ddb_dispatch_get_enum (body, "BillingMode", billing_mode_values, 0) == 1
                       ? DDB_BILLING_ON_DEMAND : DDB_BILLING_PROVISIONED;
  parse_throughput (body, &spec->throughput);
  parse_warm (body, 0, 0, &spec->warm_read_units, &spec->warm_write_units);
  spec->table_class = ddb_dispatch_get_enum (body, "TableClass", table_class_values, 0) == 1
                      ? DDB_TABLE_CLASS_STANDARD_IA : DDB_TABLE_CLASS_STANDARD;
  spec->partition_max_bytes = ddb_dispatch_get_integer (ddbsim, "PartitionSizeLimitBytes", 0);

  return g_steal_pointer (&spec);
}

/* The spec of the index @name now, or NULL (the engine then reports it missing). */
static const DdbIndexSpec *
lookup_current_index (const DdbTableInfo *current,
                      const char         *name)
{
  GPtrArray *indexes = current->spec->indexes;

  for (guint i = 0; indexes != NULL && i < indexes->len; i++)
    {
      const DdbIndexSpec *index = g_ptr_array_index (indexes, i);

      if (g_strcmp0 (index->name, name) == 0)
        return index;
    }

  return NULL;
}

/* The on-demand maximums of the index @name now; an Update action keeps what it leaves
 * out. */
static DdbThroughput
current_index_throughput (const DdbTableInfo *current,
                          const char         *name)
{
  DdbThroughput throughput = { 0, 0, -1, -1 };
  const DdbIndexSpec *index = lookup_current_index (current, name);

  if (index != NULL)
    {
      throughput.max_read_request_units = index->throughput.max_read_request_units;
      throughput.max_write_request_units = index->throughput.max_write_request_units;
    }

  return throughput;
}

/* Reads an Update action into @change: its throughput, and its WarmThroughput, which may
 * come alone (then the throughput is kept as it is). */
static void
parse_index_update (JsonObject         *action,
                    const DdbTableInfo *current,
                    DdbIndexUpdate     *change)
{
  const DdbIndexSpec *index;

  change->index_name = ddb_dispatch_get_string (action, "IndexName");
  change->throughput = current_index_throughput (current, change->index_name);
  parse_throughput (action, &change->throughput);

  if (!ddb_dispatch_has (action, "WarmThroughput"))
    return;

  index = lookup_current_index (current, change->index_name);
  change->set_warm_throughput = TRUE;
  change->keep_throughput = !ddb_dispatch_has (action, "ProvisionedThroughput") &&
                            !ddb_dispatch_has (action, "OnDemandThroughput");
  parse_warm (action, index != NULL ? index->warm_read_units : 0,
              index != NULL ? index->warm_write_units : 0, &change->warm_read_units,
              &change->warm_write_units);
}

/* The one action of a GlobalSecondaryIndexUpdate and its kind; NULL with a
 * ValidationException when the element has none or more than one. */
static JsonObject *
lookup_index_action (JsonObject          *element,
                     DdbIndexUpdateKind  *kind,
                     GError             **error)
{
  static const char * const members[] = { "Update", "Create", "Delete", NULL };
  static const DdbIndexUpdateKind kinds[] = {
    DDB_INDEX_UPDATE_UPDATE, DDB_INDEX_UPDATE_CREATE, DDB_INDEX_UPDATE_DELETE,
  };
  JsonObject *action = NULL;
  guint choice = 0;
  guint n_found = _ddb_dispatch_get_choice (element, members, &choice, &action);

  if (n_found == 0)
    ddb_dispatch_validation_error (error, "One or more parameter values were invalid: One of "
                                          "GlobalSecondaryIndexUpdate.Update, "
                                          "GlobalSecondaryIndexUpdate.Create, "
                                          "GlobalSecondaryIndexUpdate.Delete must not be null");
  /* Wording unverified: DynamoDB's message for more than one action is not on record. */
  else if (n_found > 1)
    ddb_dispatch_validation_error (error, "One or more parameter values were invalid: Only one "
                                          "of GlobalSecondaryIndexUpdate.Update, "
                                          "GlobalSecondaryIndexUpdate.Create, "
                                          "GlobalSecondaryIndexUpdate.Delete can be specified");
  if (n_found != 1)
    return NULL;

  *kind = kinds[choice];
  return action;
}

/* Every GlobalSecondaryIndexUpdate holds one action: checked before the table is looked up,
 * as DynamoDB validates the request before it reads the table. */
static gboolean
check_index_updates (JsonObject  *body,
                     GError     **error)
{
  JsonArray *array = ddb_dispatch_get_array (body, "GlobalSecondaryIndexUpdates");
  DdbIndexUpdateKind kind;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (lookup_index_action (ddb_dispatch_array_get_object (array, i), &kind, error) == NULL)
      return FALSE;

  return TRUE;
}

/* Reads the GlobalSecondaryIndexUpdates check_index_updates() accepted into @updates (of
 * DdbIndexUpdate).  The indexes to create are added to @scratch, which must outlive
 * @updates. */
static gboolean
parse_index_updates (JsonObject          *body,
                     const DdbTableInfo  *current,
                     DdbTableSpec        *scratch,
                     GArray              *updates,
                     GError             **error)
{
  JsonArray *array = ddb_dispatch_get_array (body, "GlobalSecondaryIndexUpdates");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      DdbIndexUpdate change = { 0 };
      JsonObject *action = lookup_index_action (ddb_dispatch_array_get_object (array, i),
                                                &change.kind, NULL);

      g_assert (action != NULL);
      switch (change.kind)
        {
        case DDB_INDEX_UPDATE_CREATE:
          if (!parse_index (action, TRUE, scratch, error))
            return FALSE;
          change.create = g_ptr_array_index (scratch->indexes, scratch->indexes->len - 1);
          break;
        case DDB_INDEX_UPDATE_UPDATE:
          parse_index_update (action, current, &change);
          break;
        case DDB_INDEX_UPDATE_DELETE:
        default:
          change.index_name = ddb_dispatch_get_string (action, "IndexName");
          break;
        }
      g_array_append_val (updates, change);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Responses
 * ------------------------------------------------------------------------------------- */

/* {@member: TableDescription}; takes @info. */
static gboolean
write_description (DdbDispatch  *dispatch,
                   const char   *member,
                   DdbTableInfo *info)
{
  g_autoptr(DdbTableInfo) owned = info;

  if (owned == NULL)
    return FALSE;

  ddb_json_writer_begin_object (dispatch->writer);
  ddb_json_writer_member (dispatch->writer, member);
  _ddb_write_table_description (dispatch->writer, owned);
  ddb_json_writer_end_object (dispatch->writer);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Operations
 * ------------------------------------------------------------------------------------- */

gboolean
_ddb_dispatch_create_table (DdbDispatch  *dispatch,
                            GError      **error)
{
  g_autoptr(DdbTableSpec) spec = parse_table_spec (dispatch->body, error);

  if (spec == NULL)
    return FALSE;

  return write_description (dispatch, "TableDescription",
                            ddb_engine_create_table (dispatch->engine, spec, error));
}

gboolean
_ddb_dispatch_describe_table (DdbDispatch  *dispatch,
                              GError      **error)
{
  const char *name = ddb_dispatch_get_string (dispatch->body, "TableName");

  return write_description (dispatch, "Table",
                            ddb_engine_describe_table (dispatch->engine, name, error));
}

gboolean
_ddb_dispatch_delete_table (DdbDispatch  *dispatch,
                            GError      **error)
{
  const char *name = ddb_dispatch_get_string (dispatch->body, "TableName");

  return write_description (dispatch, "TableDescription",
                            ddb_engine_delete_table (dispatch->engine, name, error));
}

gboolean
_ddb_dispatch_update_table (DdbDispatch  *dispatch,
                            GError      **error)
{
  static const char * const updates[] = {
    "ProvisionedThroughput", "BillingMode", "GlobalSecondaryIndexUpdates", "TableClass",
    "OnDemandThroughput", "StreamSpecification", "SSESpecification", "ReplicaUpdates",
    "DeletionProtectionEnabled", "WarmThroughput", NULL
  };
  JsonObject *body = dispatch->body;
  DdbTableUpdate update = { .table_name = ddb_dispatch_get_string (body, "TableName") };
  g_autoptr(DdbTableInfo) current = NULL;
  g_autoptr(DdbTableSpec) scratch = NULL;
  g_autoptr(GArray) index_updates = NULL;
  gboolean any = FALSE;

  for (guint i = 0; updates[i] != NULL; i++)
    any |= ddb_dispatch_has (body, updates[i]);
  if (!any)
    return ddb_dispatch_validation_error (error, "At least one of ProvisionedThroughput, "
                                                 "BillingMode, UpdateStreamEnabled, "
                                                 "GlobalSecondaryIndexUpdates or SSESpecification "
                                                 "or ReplicaUpdates is required");
  if (!check_index_updates (body, error))
    return FALSE;

  /* Throughput members that the request leaves out keep their current values. */
  current = ddb_engine_describe_table (dispatch->engine, update.table_name, error);
  if (current == NULL)
    return FALSE;

  /* New attribute definitions and indexes are read as CreateTable reads them, into a spec
   * that only holds them. */
  scratch = ddb_table_spec_new (update.table_name);
  index_updates = g_array_new (FALSE, TRUE, sizeof (DdbIndexUpdate));
  parse_attribute_definitions (body, scratch);
  if (!parse_index_updates (body, current, scratch, index_updates, error))
    return FALSE;
  update.attribute_definitions = (const DdbAttributeDefinition *)
                                 (gpointer)scratch->attribute_definitions->data;
  update.n_attribute_definitions = scratch->attribute_definitions->len;
  update.index_updates = (const DdbIndexUpdate *)(gpointer)index_updates->data;
  update.n_index_updates = index_updates->len;

  if (ddb_dispatch_has (body, "BillingMode"))
    {
      update.set_billing_mode = TRUE;
      update.billing_mode = ddb_dispatch_get_enum (body, "BillingMode", billing_mode_values, 0)
                            == 1 ? DDB_BILLING_ON_DEMAND : DDB_BILLING_PROVISIONED;
    }
  if (ddb_dispatch_has (body, "ProvisionedThroughput") ||
      ddb_dispatch_has (body, "OnDemandThroughput"))
    {
      update.set_throughput = TRUE;
      update.throughput = current->spec->throughput;
      parse_throughput (body, &update.throughput);
    }
  if (ddb_dispatch_has (body, "WarmThroughput"))
    {
      update.set_warm_throughput = TRUE;
      parse_warm (body, current->spec->warm_read_units, current->spec->warm_write_units,
                  &update.warm_read_units, &update.warm_write_units);
    }
  if (ddb_dispatch_has (body, "TableClass"))
    {
      update.set_table_class = TRUE;
      update.table_class = ddb_dispatch_get_enum (body, "TableClass", table_class_values, 0) == 1
                           ? DDB_TABLE_CLASS_STANDARD_IA : DDB_TABLE_CLASS_STANDARD;
    }

  return write_description (dispatch, "TableDescription",
                            ddb_engine_update_table (dispatch->engine, &update, error));
}

gboolean
_ddb_dispatch_list_tables (DdbDispatch  *dispatch,
                           GError      **error)
{
  const char *start = ddb_dispatch_get_string (dispatch->body, "ExclusiveStartTableName");
  guint limit = ddb_dispatch_get_integer (dispatch->body, "Limit", 100);
  g_autofree char *last = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) local_error = NULL;
  DdbJsonWriter *writer = dispatch->writer;

  names = ddb_engine_list_tables (dispatch->engine, start, limit, &last, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TableNames");
  ddb_json_writer_begin_array (writer);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    ddb_json_writer_string (writer, names[i], -1);
  ddb_json_writer_end_array (writer);
  if (last != NULL)
    {
      ddb_json_writer_member (writer, "LastEvaluatedTableName");
      ddb_json_writer_string (writer, last, -1);
    }
  ddb_json_writer_end_object (writer);

  return TRUE;
}

gboolean
_ddb_dispatch_update_ttl (DdbDispatch  *dispatch,
                          GError      **error)
{
  const char *name = ddb_dispatch_get_string (dispatch->body, "TableName");
  JsonObject *specification = ddb_dispatch_get_object (dispatch->body,
                                                       "TimeToLiveSpecification");
  const char *attribute = ddb_dispatch_get_string (specification, "AttributeName");
  gboolean enabled = ddb_dispatch_get_boolean (specification, "Enabled", FALSE);
  g_autoptr(DdbTableInfo) info = NULL;
  DdbJsonWriter *writer = dispatch->writer;

  if (*attribute == '\0')
    return ddb_dispatch_validation_error (error, "TimeToLiveSpecification.AttributeName must be "
                                                 "non empty");

  info = ddb_engine_update_ttl (dispatch->engine, name, enabled, attribute, error);
  if (info == NULL)
    return FALSE;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TimeToLiveSpecification");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "AttributeName");
  ddb_json_writer_string (writer, attribute, -1);
  ddb_json_writer_member (writer, "Enabled");
  ddb_json_writer_boolean (writer, enabled);
  ddb_json_writer_end_object (writer);
  ddb_json_writer_end_object (writer);

  return TRUE;
}

gboolean
_ddb_dispatch_describe_ttl (DdbDispatch  *dispatch,
                            GError      **error)
{
  const char *name = ddb_dispatch_get_string (dispatch->body, "TableName");
  g_autoptr(DdbTableInfo) info = ddb_engine_describe_table (dispatch->engine, name, error);
  DdbJsonWriter *writer = dispatch->writer;

  if (info == NULL)
    return FALSE;

  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TimeToLiveDescription");
  ddb_json_writer_begin_object (writer);
  ddb_json_writer_member (writer, "TimeToLiveStatus");
  ddb_json_writer_string (writer, ddb_ttl_status_to_string (info->ttl_status), -1);
  if (info->ttl_attribute != NULL && info->ttl_status != DDB_TTL_DISABLED)
    {
      ddb_json_writer_member (writer, "AttributeName");
      ddb_json_writer_string (writer, info->ttl_attribute, -1);
    }
  ddb_json_writer_end_object (writer);
  ddb_json_writer_end_object (writer);

  return TRUE;
}
