/* test-engine-index-updates.c
 *
 * Global secondary indexes added, changed and removed by UpdateTable: the backfill at the
 * index's write capacity on the simulated clock (with hand-computed progress), writes
 * during the backfill, reads refused while backfilling, deletion, throughput updates
 * that double the index's partitions, size splits of index partitions, billing mode
 * switches, and UpdateTable's validation of GlobalSecondaryIndexUpdates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "engine-fixture.h"

/* A provisioned table "orders" (id S), 100 RCU / 100 WCU. */
static void
create_orders (DdbEngine *engine)
{
  create_table (engine, "orders", "id:S", 100, 100);
}

/* Puts orders o00 .. o<n-1>; the first @with_status carry status "open" or "done". */
static void
put_orders (DdbEngine *engine,
            guint      n,
            guint      with_status)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = NULL;

      if (i < with_status)
        json = g_strdup_printf ("{\"id\": {\"S\": \"o%02u\"}, \"status\": {\"S\": \"%s\"}}", i,
                                i % 2 == 0 ? "open" : "done");
      else
        json = g_strdup_printf ("{\"id\": {\"S\": \"o%02u\"}}", i);
      put_json (engine, "orders", json);
    }
}

static void
delete_order (DdbEngine  *engine,
              const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}}", id);
  g_autoptr(DdbValue) key = item_from_json (json);
  DdbDeleteItemInput input = { .table_name = "orders", .key = key };
  g_auto(DdbWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ddb_engine_delete_item (engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
}

/* A GSI "by_status" (status S), projecting ALL, owned by the caller. */
static DdbIndexSpec *
status_index_spec (gint64 rcu,
                   gint64 wcu)
{
  DdbIndexSpec *index = g_new0 (DdbIndexSpec, 1);

  index->name = g_strdup ("by_status");
  index->global = TRUE;
  index->key.partition_key = g_strdup ("status");
  index->projection = DDB_PROJECTION_ALL;
  index->throughput = (DdbThroughput) { rcu, wcu, -1, -1 };

  return index;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbIndexSpec, ddb_index_spec_free)

static const DdbAttributeDefinition status_definition = { (char *)"status", DDB_KIND_S };

/* UpdateTable with one index update; returns the info or NULL with @error. */
static DdbTableInfo *
update_index (DdbEngine             *engine,
              const DdbIndexUpdate  *change,
              GError               **error)
{
  DdbTableUpdate update = { .table_name = "orders" };

  update.index_updates = change;
  update.n_index_updates = 1;
  if (change->kind == DDB_INDEX_UPDATE_CREATE)
    {
      update.attribute_definitions = &status_definition;
      update.n_attribute_definitions = 1;
    }

  return ddb_engine_update_table (engine, &update, error);
}

static DdbTableInfo *
create_status_index (DdbEngine *engine,
                     gint64     wcu)
{
  g_autoptr(DdbIndexSpec) spec = status_index_spec (wcu, wcu);
  DdbIndexUpdate change = { .kind = DDB_INDEX_UPDATE_CREATE, .create = spec };
  g_autoptr(GError) error = NULL;
  DdbTableInfo *info = update_index (engine, &change, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);

  return info;
}

static DdbTableInfo *
describe (DdbEngine *engine)
{
  g_autoptr(GError) error = NULL;
  DdbTableInfo *info = ddb_engine_describe_table (engine, "orders", &error);

  g_assert_no_error (error);

  return info;
}

static const DdbIndexInfo *
index_info (const DdbTableInfo *info,
            const char         *name)
{
  for (guint i = 0; i < info->indexes->len; i++)
    if (strcmp (g_array_index (info->indexes, DdbIndexInfo, i).name, name) == 0)
      return &g_array_index (info->indexes, DdbIndexInfo, i);

  return NULL;
}

/* Runs a query on by_status; returns the count, or -1 with @error set. */
static gint64
query_status (DdbEngine   *engine,
              const char  *status,
              GError     **error)
{
  g_autofree char *values_json = g_strdup_printf ("{\":s\": {\"S\": \"%s\"}}", status);
  g_autoptr(DdbValue) values = item_from_json (values_json);
  g_auto(DdbReadResult) result = { 0 };
  DdbReadInput input;

  ddb_read_input_init (&input);
  input.table_name = "orders";
  input.index_name = "by_status";
  input.key_condition_expression = "#s = :s";
  input.attributes.names = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (input.attributes.names, (gpointer)"#s", (gpointer)"status");
  input.attributes.values = values;

  if (ddb_engine_query (engine, &input, &result, error) != DDB_OUTCOME_OK)
    {
      g_hash_table_unref (input.attributes.names);
      return -1;
    }
  g_hash_table_unref (input.attributes.names);

  return result.count;
}

/* The number of base items with the given status, by a Scan with a filter. */
static gint64
scan_status (DdbEngine  *engine,
             const char *status)
{
  g_autofree char *values_json = g_strdup_printf ("{\":s\": {\"S\": \"%s\"}}", status);
  g_autoptr(DdbValue) values = item_from_json (values_json);
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbReadInput input;

  g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
  ddb_read_input_init (&input);
  input.table_name = "orders";
  input.filter_expression = "#s = :s";
  input.attributes.names = names;
  input.attributes.values = values;
  g_assert_cmpint (ddb_engine_scan (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_null (result.last_evaluated_key);

  return result.count;
}

static void
assert_index_matches_table (DdbEngine *engine)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (query_status (engine, "open", &error), ==, scan_status (engine, "open"));
  g_assert_no_error (error);
  g_assert_cmpint (query_status (engine, "done", &error), ==, scan_status (engine, "done"));
  g_assert_no_error (error);
  g_assert_cmpint (query_status (engine, "new", &error), ==, scan_status (engine, "new"));
  g_assert_no_error (error);
}

static void
test_backfill_rate (EngineFixture *fixture,
                    gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) after_7s = NULL;
  g_autoptr(DdbTableInfo) after_8s = NULL;
  g_autoptr(GError) error = NULL;
  const DdbIndexInfo *index;

  g_test_summary ("A new GSI backfills at its own WCU: 40 indexed items (1 unit each) and 10 "
                  "sparse ones at 5 WCU take 8 simulated seconds; reads wait for it");

  create_orders (engine);
  put_orders (engine, 50, 40);

  created = create_status_index (engine, 5);
  g_assert_cmpint (created->status, ==, DDB_TABLE_STATUS_UPDATING);
  index = index_info (created, "by_status");
  g_assert_nonnull (index);
  g_assert_cmpint (index->status, ==, DDB_INDEX_STATUS_CREATING);
  g_assert_true (index->backfilling);

  g_assert_cmpint (query_status (engine, "open", &error), ==, -1);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==,
                   "Cannot read from backfilling global secondary index: by_status");
  g_clear_error (&error);

  advance_clock (engine, 7 * G_USEC_PER_SEC);
  after_7s = describe (engine);
  index = index_info (after_7s, "by_status");
  g_assert_cmpint (index->status, ==, DDB_INDEX_STATUS_CREATING);
  g_assert_cmpint (index->live_item_count, ==, 35);
  g_assert_cmpint (index->backfilled_items, ==, 35);
  g_assert_cmpint (after_7s->status, ==, DDB_TABLE_STATUS_UPDATING);

  advance_clock (engine, G_USEC_PER_SEC);
  after_8s = describe (engine);
  index = index_info (after_8s, "by_status");
  g_assert_cmpint (index->status, ==, DDB_INDEX_STATUS_ACTIVE);
  g_assert_false (index->backfilling);
  g_assert_cmpint (index->live_item_count, ==, 40);
  g_assert_cmpint (index->backfilled_items, ==, 50);
  g_assert_cmpint (after_8s->status, ==, DDB_TABLE_STATUS_ACTIVE);

  g_assert_cmpint (query_status (engine, "open", &error), ==, 20);
  g_assert_no_error (error);
  assert_index_matches_table (engine);
}

static void
test_writes_during_backfill (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) done = NULL;

  g_test_summary ("Writes during a backfill, before and behind its position, end in an index "
                  "that matches the table exactly");

  create_orders (engine);
  put_orders (engine, 20, 20);
  created = create_status_index (engine, 5);
  advance_clock (engine, G_USEC_PER_SEC);   /* o00 .. o04 backfilled */

  /* Behind the position: maintained by the write path. */
  put_json (engine, "orders", "{\"id\": {\"S\": \"o01\"}, \"status\": {\"S\": \"new\"}}");
  delete_order (engine, "o02");
  /* Ahead of it: left to the backfill. */
  put_json (engine, "orders", "{\"id\": {\"S\": \"o15\"}, \"status\": {\"S\": \"new\"}}");
  put_json (engine, "orders", "{\"id\": {\"S\": \"o16\"}}");
  delete_order (engine, "o17");
  /* New items, after every existing row. */
  put_json (engine, "orders", "{\"id\": {\"S\": \"n1\"}, \"status\": {\"S\": \"new\"}}");
  put_json (engine, "orders", "{\"id\": {\"S\": \"n2\"}, \"status\": {\"S\": \"open\"}}");

  advance_clock (engine, 60 * G_USEC_PER_SEC);
  done = describe (engine);
  g_assert_cmpint (index_info (done, "by_status")->status, ==, DDB_INDEX_STATUS_ACTIVE);
  /* 20 - o02 - o16's status - o17 + n1 + n2 */
  g_assert_cmpint (index_info (done, "by_status")->live_item_count, ==, 19);
  assert_index_matches_table (engine);
}

static void
test_reused_rowid (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) done = NULL;

  g_test_summary ("An item that takes the row id of a deleted last row during a backfill is "
                  "indexed once");

  create_orders (engine);
  put_orders (engine, 10, 10);
  created = create_status_index (engine, 1);
  advance_clock (engine, 3 * G_USEC_PER_SEC);   /* o00 .. o02 */

  /* o09 holds the largest row id; deleting it lets SQLite give its id to the next item. */
  delete_order (engine, "o09");
  put_json (engine, "orders", "{\"id\": {\"S\": \"reuse\"}, \"status\": {\"S\": \"new\"}}");

  advance_clock (engine, 60 * G_USEC_PER_SEC);
  done = describe (engine);
  g_assert_cmpint (index_info (done, "by_status")->live_item_count, ==, 10);
  assert_index_matches_table (engine);
}

static void
test_delete_index (EngineFixture *fixture,
                   gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) deleting = NULL;
  g_autoptr(DdbTableInfo) gone = NULL;
  g_autoptr(DdbTableInfo) again = NULL;
  g_autoptr(DdbTableInfo) again_done = NULL;
  DdbIndexUpdate change = { .kind = DDB_INDEX_UPDATE_DELETE, .index_name = "by_status" };
  g_autoptr(GError) error = NULL;

  g_test_summary ("DeleteGlobalSecondaryIndex: DELETING, then gone with its entries and its "
                  "attribute definition; the name can be used again");

  create_orders (engine);
  put_orders (engine, 10, 10);
  created = create_status_index (engine, 100);
  advance_clock (engine, G_USEC_PER_SEC);

  deleting = update_index (engine, &change, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index_info (deleting, "by_status")->status, ==, DDB_INDEX_STATUS_DELETING);
  g_assert_cmpint (query_status (engine, "open", &error), ==, -1);
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "The table does not have the specified index: by_status");
  g_clear_error (&error);

  /* Writes while it is being deleted neither fail nor touch it. */
  put_json (engine, "orders", "{\"id\": {\"S\": \"x\"}, \"status\": {\"N\": \"1\"}}");

  advance_clock (engine, 0);
  gone = describe (engine);
  g_assert_cmpuint (gone->indexes->len, ==, 0);
  g_assert_cmpint (gone->status, ==, DDB_TABLE_STATUS_ACTIVE);
  g_assert_cmpuint (gone->spec->attribute_definitions->len, ==, 1);

  /* Recreated, the index starts empty and backfills the table as it is now; the item
   * whose status is a number is an index violation and stays out. */
  put_json (engine, "orders", "{\"id\": {\"S\": \"x\"}, \"status\": {\"S\": \"open\"}}");
  again = create_status_index (engine, 100);
  g_assert_cmpint (index_info (again, "by_status")->live_item_count, ==, 0);
  advance_clock (engine, G_USEC_PER_SEC);
  again_done = describe (engine);
  g_assert_cmpint (index_info (again_done, "by_status")->live_item_count, ==, 11);
  assert_index_matches_table (engine);
}

static void
test_update_throughput (EngineFixture *fixture,
                        gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) updated = NULL;
  g_autoptr(DdbTableInfo) settled = NULL;
  DdbIndexUpdate change = {
    .kind = DDB_INDEX_UPDATE_UPDATE, .index_name = "by_status",
    .throughput = { 6000, 2000, -1, -1 },
  };
  g_autoptr(GError) error = NULL;

  g_test_summary ("UpdateGlobalSecondaryIndex: 100/100 -> 6,000 RCU / 2,000 WCU needs "
                  "6000/3000 + 2000/1000 = 4 partitions: the index's 1 partition doubles "
                  "twice; the index is UPDATING until the next settle");

  create_orders (engine);
  created = create_status_index (engine, 100);
  g_assert_cmpuint (index_info (created, "by_status")->partition_count, ==, 1);
  advance_clock (engine, 0);

  updated = update_index (engine, &change, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index_info (updated, "by_status")->status, ==, DDB_INDEX_STATUS_UPDATING);
  g_assert_cmpuint (index_info (updated, "by_status")->partition_count, ==, 4);
  g_assert_cmpint (((DdbIndexSpec *)g_ptr_array_index (updated->spec->indexes, 0))
                     ->throughput.write_capacity_units, ==, 2000);

  settled = describe (engine);
  g_assert_cmpint (index_info (settled, "by_status")->status, ==, DDB_INDEX_STATUS_ACTIVE);
  g_assert_cmpint (settled->status, ==, DDB_TABLE_STATUS_ACTIVE);
}

static void
test_index_size_split (EngineFixture *fixture,
                       gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("orders");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *padding = repeat_char ('p', 10000);
  DdbIndexSpec *index;

  g_test_summary ("A GSI's partitions split by size like a table's: 300 entries of about "
                  "10 KB in 1 MB partitions make at least 3 index partitions");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput = (DdbThroughput) { 100, 100, -1, -1 };
  spec->partition_max_bytes = 1024 * 1024;
  index = ddb_table_spec_add_index (spec, "by_status", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->projection = DDB_PROJECTION_ALL;
  index->throughput = (DdbThroughput) { 100, 100, -1, -1 };
  info = ddb_engine_create_table (engine, spec, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, ddb_table_info_free);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"o%03u\"}, \"status\": "
                                               "{\"S\": \"s%03u\"}, \"pad\": {\"S\": \"%s\"}}",
                                               i, i, padding);

      put_json (engine, "orders", json);
    }

  info = describe (engine);
  g_assert_cmpuint (index_info (info, "by_status")->partition_count, >=, 3);
  g_assert_cmpuint (info->partition_count, >=, 3);
}

static void
test_billing_switch (EngineFixture *fixture,
                     gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) on_demand = NULL;
  g_autoptr(DdbTableInfo) back = NULL;
  DdbTableUpdate update = { .table_name = "orders", .set_billing_mode = TRUE,
                            .billing_mode = DDB_BILLING_ON_DEMAND };
  DdbIndexUpdate index_throughput = { .kind = DDB_INDEX_UPDATE_UPDATE,
                                      .index_name = "by_status",
                                      .throughput = { 10, 10, -1, -1 } };
  g_autoptr(GError) error = NULL;

  g_test_summary ("On-demand billing drops a GSI's throughput; going back to provisioned "
                  "needs it again in the same call");

  create_orders (engine);
  created = create_status_index (engine, 100);
  advance_clock (engine, 0);

  on_demand = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((DdbIndexSpec *)g_ptr_array_index (on_demand->spec->indexes, 0))
                     ->throughput.write_capacity_units, ==, 0);
  /* One switch to on-demand per 24 hours. */
  advance_clock (engine, G_GINT64_CONSTANT (25) * 3600 * G_USEC_PER_SEC);

  update.billing_mode = DDB_BILLING_PROVISIONED;
  update.set_throughput = TRUE;
  update.throughput = (DdbThroughput) { 5, 5, -1, -1 };
  g_assert_null (ddb_engine_update_table (engine, &update, &error));
  g_assert_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "One or more parameter values were invalid: "
                                       "ProvisionedThroughput must be specified for index: "
                                       "by_status");
  g_clear_error (&error);

  update.index_updates = &index_throughput;
  update.n_index_updates = 1;
  back = ddb_engine_update_table (engine, &update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->spec->billing_mode, ==, DDB_BILLING_PROVISIONED);
  g_assert_cmpint (((DdbIndexSpec *)g_ptr_array_index (back->spec->indexes, 0))
                     ->throughput.read_capacity_units, ==, 10);
}

typedef struct
{
  const char *name;
  int         code;
  const char *message;
} Refusal;

static void
assert_refused (DdbEngine            *engine,
                const DdbTableUpdate *update,
                const Refusal        *refusal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdbTableInfo) info = ddb_engine_update_table (engine, update, &error);

  g_test_message ("case: %s", refusal->name);
  g_assert_null (info);
  g_assert_error (error, DDB_ENGINE_ERROR, refusal->code);
  g_assert_cmpstr (error->message, ==, refusal->message);
}

static void
test_validation (EngineFixture *fixture,
                 gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(DdbIndexSpec) status = status_index_spec (5, 5);
  g_autoptr(DdbIndexSpec) other = status_index_spec (5, 5);
  g_autoptr(DdbIndexSpec) no_throughput = status_index_spec (0, 0);
  g_autoptr(DdbIndexSpec) local = status_index_spec (0, 0);
  g_autoptr(DdbTableInfo) created = NULL;
  g_autoptr(DdbTableInfo) unchanged = NULL;
  DdbIndexUpdate two[2] = {
    { .kind = DDB_INDEX_UPDATE_CREATE, .create = status },
    { .kind = DDB_INDEX_UPDATE_CREATE, .create = other },
  };
  DdbTableUpdate update = { .table_name = "orders", .index_updates = two,
                            .n_index_updates = 1 };
  g_autoptr(GError) error = NULL;

  g_test_summary ("GlobalSecondaryIndexUpdates that DynamoDB refuses change nothing");

  g_free (other->name);
  other->name = g_strdup ("by_status_2");
  local->global = FALSE;
  create_orders (engine);

  assert_refused (engine, &update, &(Refusal) {
    "key attribute not defined", DDB_ENGINE_ERROR_VALIDATION,
    "One or more parameter values were invalid: Some index key attributes are not defined in "
    "AttributeDefinitions. Keys: [status], AttributeDefinitions: [id]" });
  g_clear_error (&error);

  update.attribute_definitions = &status_definition;
  update.n_attribute_definitions = 1;
  update.n_index_updates = 2;
  assert_refused (engine, &update, &(Refusal) {
    "two creates", DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
    "per table" });

  update.n_index_updates = 1;
  two[0].create = no_throughput;
  assert_refused (engine, &update, &(Refusal) {
    "no throughput", DDB_ENGINE_ERROR_VALIDATION,
    "One or more parameter values were invalid: ProvisionedThroughput must be specified for "
    "index: by_status" });

  two[0].create = local;
  assert_refused (engine, &update, &(Refusal) {
    "local index", DDB_ENGINE_ERROR_VALIDATION,
    "One or more parameter values were invalid: Local secondary indexes can only be defined "
    "when the table is created" });

  two[0] = (DdbIndexUpdate) { .kind = DDB_INDEX_UPDATE_DELETE, .index_name = "nope" };
  assert_refused (engine, &update, &(Refusal) {
    "delete unknown", DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
    "Requested resource not found: Index: nope not found" });

  /* Nothing above changed the table. */
  unchanged = describe (engine);
  g_assert_cmpuint (unchanged->indexes->len, ==, 0);
  g_assert_cmpint (unchanged->status, ==, DDB_TABLE_STATUS_ACTIVE);
  g_assert_cmpuint (unchanged->spec->attribute_definitions->len, ==, 1);

  /* With one index being created, another creation waits. */
  created = create_status_index (engine, 5);
  two[0] = (DdbIndexUpdate) { .kind = DDB_INDEX_UPDATE_CREATE, .create = other };
  assert_refused (engine, &update, &(Refusal) {
    "create while creating", DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
    "per table" });

  two[0].create = status;
  advance_clock (engine, G_USEC_PER_SEC);
  assert_refused (engine, &update, &(Refusal) {
    "create existing", DDB_ENGINE_ERROR_VALIDATION,
    "Attempting to create an index which already exists" });

  two[0] = (DdbIndexUpdate) { .kind = DDB_INDEX_UPDATE_UPDATE, .index_name = "by_status",
                              .throughput = { 5, 5, -1, -1 } };
  assert_refused (engine, &update, &(Refusal) {
    "same throughput", DDB_ENGINE_ERROR_VALIDATION,
    "The provisioned throughput for the index by_status will not change. The requested value "
    "equals the current value. Current ReadCapacityUnits provisioned for the index: 5. "
    "Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the index: 5. "
    "Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current "
    "limits and how to request higher limits." });
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/index-updates/" path, EngineFixture, NULL, engine_fixture_set_up, func, \
              engine_fixture_tear_down)

  ADD ("backfill-rate", test_backfill_rate);
  ADD ("writes-during-backfill", test_writes_during_backfill);
  ADD ("reused-rowid", test_reused_rowid);
  ADD ("delete", test_delete_index);
  ADD ("update-throughput", test_update_throughput);
  ADD ("index-size-split", test_index_size_split);
  ADD ("billing-switch", test_billing_switch);
  ADD ("validation", test_validation);

  return g_test_run ();
}
