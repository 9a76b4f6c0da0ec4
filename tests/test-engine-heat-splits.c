/* test-engine-heat-splits.c
 *
 * Splits that cut one partition key by its sort key (rulebook 3.3): a hot partition key
 * alone on its partition spreads over partitions by sort key range and then serves more
 * than one partition's 1,000 WCU, unless its writes follow a monotonically increasing sort
 * key; a single hot item ends up alone and never exceeds 1,000 WCU; a partition key
 * bigger than the partition size limit splits by sort key too, unless the table has an
 * LSI.  Items stay where their keys route, across reopening a database file.
 *
 * The table is on-demand (4 partitions, a 4,000 WRU instant ceiling), the heat window
 * 10 simulated seconds, and every write a 1 WCU item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ddb-key.h"
#include "engine-fixture.h"

#define SECOND G_USEC_PER_SEC
#define HEAT_WINDOW (10 * SECOND)

/* The sort key of write @i of second @second: a function of both. */
typedef guint64 (*SortKeyFunc) (guint second,
                                guint i);

static guint64
scattered (guint second,
           guint i)
{
  /* 100 keys, visited in an order that rises two steps in three. */
  return (i * 37 + second * 11) % 100;
}

static guint64
rising (guint second,
        guint i)
{
  return (guint64)second * 10000 + i;
}

static guint64
one_item (guint second,
          guint i)
{
  return 7;
}

/* Puts {"id": @id, "n": @n, "pad": ...}, under 1 KB; returns the outcome. */
static DdbOutcome
put_sorted (DdbEngine  *engine,
            const char *table,
            const char *id,
            guint64     n)
{
  g_autofree char *pad = repeat_char ('p', 900);
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"%s\"}, \"n\": {\"N\": \"%"
                                           G_GUINT64_FORMAT "\"}, \"pad\": {\"S\": \"%s\"}}",
                                           id, n, pad);

  return put_or_throttle (engine, table, json);
}

/* One second of @n writes to partition key "hot"; returns how many were throttled. */
static guint
hot_second (DdbEngine   *engine,
            const char  *table,
            guint        second,
            guint        n,
            SortKeyFunc  sort_key)
{
  guint throttled = 0;

  for (guint i = 0; i < n; i++)
    throttled += put_sorted (engine, table, "hot", sort_key (second, i)) ==
                 DDB_OUTCOME_THROTTLED;
  next_second (engine);

  return throttled;
}

static guint64
hot_hash (void)
{
  g_autoptr(DdbValue) partition = ddb_value_new_string ("hot", -1);
  DdbKeyShape shape = { "id", DDB_KIND_S, NULL, DDB_KIND_NULL };
  DdbItemKey key;

  ddb_key_encode (&shape, partition, NULL, &key);

  return key.hash;
}

static GArray *
partitions_of (DdbEngine  *engine,
               const char *table)
{
  g_autoptr(GError) error = NULL;
  GArray *partitions = ddb_engine_list_partitions (engine, table, &error);

  g_assert_no_error (error);

  return partitions;
}

static guint
sort_key_splits (DdbEngine  *engine,
                 const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) splits = ddb_engine_list_splits (engine, table, &error);
  guint count = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < splits->len; i++)
    count += g_array_index (splits, DdbSplitEvent, i).by_sort_key;

  return count;
}

/* The partitions whose ranges hold partition key "hot": at @first, @count of them. */
static guint
hot_partitions (GArray *partitions,
                guint  *first)
{
  guint64 hash = hot_hash ();
  guint count = 0;

  for (guint i = 0; i < partitions->len; i++)
    {
      const DdbPartitionInfo *p = &g_array_index (partitions, DdbPartitionInfo, i);

      if (p->hash_low > hash || p->hash_high < hash)
        continue;
      if (count++ == 0)
        *first = i;
    }

  return count;
}

static gint64
total_items (GArray *partitions)
{
  gint64 total = 0;

  for (guint i = 0; i < partitions->len; i++)
    total += g_array_index (partitions, DdbPartitionInfo, i).item_count;

  return total;
}

/* Queries partition key "hot" in @table and checks it holds @expected items, in order. */
static void
assert_hot_items (DdbEngine  *engine,
                  const char *table,
                  guint       expected)
{
  g_autoptr(DdbValue) values = item_from_json ("{\":h\": {\"S\": \"hot\"}}");
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbReadInput input;
  gint64 read = 0;
  double previous = -1;

  ddb_read_input_init (&input);
  input.table_name = table;
  input.key_condition_expression = "id = :h";
  input.attributes.values = values;
  input.projection_expression = "n";

  /* Page by page: 1 MB pages of ~1 KB items. */
  do
    {
      g_autoptr(DdbValue) start = g_steal_pointer (&result.last_evaluated_key);

      input.exclusive_start_key = start;
      g_assert_cmpint (ddb_engine_query (engine, &input, &result, &error), ==, DDB_OUTCOME_OK);
      g_assert_no_error (error);
      for (guint i = 0; i < result.items->len; i++)
        {
          DdbValue *n = ddb_value_lookup (g_ptr_array_index (result.items, i), "n");
          g_autofree char *text = ddb_number_to_string (ddb_value_get_number (n));
          double value = g_ascii_strtod (text, NULL);

          g_assert_cmpfloat (value, >, previous);
          previous = value;
        }
      read += result.count;
    }
  while (result.last_evaluated_key != NULL);

  g_assert_cmpint (read, ==, expected);
}

static void
test_spread_by_sort_key (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GArray) partitions = NULL;
  guint second = 0;
  guint first = 0;
  guint count;

  g_test_summary ("1,500 writes a second to one partition key over 100 sort keys: 500 "
                  "throttle while the key shares a partition, then it is isolated by hash, "
                  "then spread by sort key, and all 1,500 pass; every item stays readable");

  create_table (engine, "events", "id:S,n:N", 0, 0);
  engine_fixture_set_heat_window (fixture, HEAT_WINDOW);
  next_second (engine);

  /* The partition's hard limit: 1,000 of 1,500 pass, until the sort-key split. */
  while (sort_key_splits (engine, "events") == 0 && second < 60)
    {
      g_assert_cmpuint (hot_second (engine, "events", second, 1500, scattered), ==, 500);
      second++;
    }
  /* Cut from the hashes below, from those above, then by sort key: about three windows. */
  g_assert_cmpuint (second, >=, 3 * 10);
  g_assert_cmpuint (second, <=, 3 * 12);

  /* The median split may leave one side hot: it splits again a window later. */
  for (guint extra = 0; extra < 30 && hot_second (engine, "events", second, 1500, scattered) > 0;
       extra++)
    second++;
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (hot_second (engine, "events", ++second, 1500, scattered), ==, 0);

  partitions = partitions_of (engine, "events");
  count = hot_partitions (partitions, &first);
  g_assert_cmpuint (count, >=, 2);
  g_assert_cmpuint (count, ==, sort_key_splits (engine, "events") + 1);
  g_assert_false (g_array_index (partitions, DdbPartitionInfo, first).sort_low);
  g_assert_true (g_array_index (partitions, DdbPartitionInfo, first).sort_high);
  g_assert_true (g_array_index (partitions, DdbPartitionInfo, first + count - 1).sort_low);
  g_assert_false (g_array_index (partitions, DdbPartitionInfo, first + count - 1).sort_high);
  for (guint i = first; i < first + count; i++)
    g_assert_cmpint (g_array_index (partitions, DdbPartitionInfo, i).item_count, >, 0);
  g_assert_cmpint (total_items (partitions), ==, 100);
  assert_hot_items (engine, "events", 100);
}

static void
test_monotonic_sort_key (EngineFixture *fixture,
                         gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GArray) partitions = NULL;
  guint first = 0;

  g_test_summary ("A hot partition key written with a rising sort key (a timestamp) is "
                  "isolated by hash but never split by sort key: it keeps throttling above "
                  "1,000 WCU");

  create_table (engine, "timeline", "id:S,n:N", 0, 0);
  engine_fixture_set_heat_window (fixture, HEAT_WINDOW);
  next_second (engine);

  for (guint second = 0; second < 50; second++)
    g_assert_cmpuint (hot_second (engine, "timeline", second, 1500, rising), ==, 500);

  partitions = partitions_of (engine, "timeline");
  g_assert_cmpuint (sort_key_splits (engine, "timeline"), ==, 0);
  g_assert_cmpuint (partitions->len, ==, 4 + 2);
  g_assert_cmpuint (hot_partitions (partitions, &first), ==, 1);
  g_assert_cmpint (total_items (partitions), ==, 50 * 1000);
}

static void
test_single_hot_item (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  DdbEngine *engine = fixture->engine;
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(DdbValue) other = NULL;
  const DdbPartitionInfo *alone;
  guint first = 0;

  g_test_summary ("One hot item (1,100 writes a second) ends up alone on a partition, cut "
                  "off by hash and then by sort key on both sides, and still throttles at "
                  "1,000 WCU");

  create_table (engine, "counter", "id:S,n:N", 0, 0);
  engine_fixture_set_heat_window (fixture, HEAT_WINDOW);
  put_sorted (engine, "counter", "hot", 3);   /* a neighbour below it ... */
  put_sorted (engine, "counter", "hot", 9);   /* ... and one above */
  next_second (engine);

  for (guint second = 0; second < 60; second++)
    g_assert_cmpuint (hot_second (engine, "counter", second, 1100, one_item), ==, 100);

  /* 4 partitions, 2 hash splits, 2 sort-key splits, then nothing left to split. */
  partitions = partitions_of (engine, "counter");
  g_assert_cmpuint (partitions->len, ==, 8);
  g_assert_cmpuint (sort_key_splits (engine, "counter"), ==, 2);
  g_assert_cmpuint (hot_partitions (partitions, &first), ==, 3);
  alone = &g_array_index (partitions, DdbPartitionInfo, first + 1);
  g_assert_true (alone->sort_low && alone->sort_high);
  g_assert_cmpint (alone->item_count, ==, 1);
  g_assert_cmpint (g_array_index (partitions, DdbPartitionInfo, first).item_count, ==, 1);
  g_assert_cmpint (g_array_index (partitions, DdbPartitionInfo, first + 2).item_count, ==, 1);
  assert_hot_items (engine, "counter", 3);

  /* Nothing left to split is no reason to hold a transaction open: a write made now
   * survives the throttles of the next hot second. */
  g_assert_cmpint (put_sorted (engine, "counter", "other", 1), ==, DDB_OUTCOME_OK);
  g_assert_cmpuint (hot_second (engine, "counter", 60, 1100, one_item), ==, 100);
  get_units (engine, "counter", "{\"id\": {\"S\": \"other\"}, \"n\": {\"N\": \"1\"}}", TRUE,
             &other);
  g_assert_nonnull (other);
}

/* Puts {"id": @id, "status": "open", "n": @n, "pad": ...}, under 1 KB. */
static DdbOutcome
put_open (DdbEngine *engine,
          guint      id,
          guint64    n)
{
  g_autofree char *pad = repeat_char ('p', 900);
  g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"i%u\"}, \"status\": {\"S\": "
                                           "\"open\"}, \"n\": {\"N\": \"%" G_GUINT64_FORMAT
                                           "\"}, \"pad\": {\"S\": \"%s\"}}", id, n, pad);

  return put_or_throttle (engine, "tickets", json);
}

static void
test_gsi_spread_by_sort_key (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("tickets");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbIndexSpec *index;
  guint second = 0;
  guint throttled = 0;

  g_test_summary ("A GSI keyed on a low-cardinality attribute (status = open for every "
                  "item) holds base-table writes to its partition's 1,000 WCU (back-pressure) "
                  "until a split for heat spreads the key by the index's sort key");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "n", DDB_KIND_N);
  spec->key.partition_key = g_strdup ("id");
  spec->billing_mode = DDB_BILLING_ON_DEMAND;
  index = ddb_table_spec_add_index (spec, "byStatus", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->key.sort_key = g_strdup ("n");
  index->projection = DDB_PROJECTION_KEYS_ONLY;
  index->throughput.max_read_request_units = -1;
  index->throughput.max_write_request_units = -1;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);
  engine_fixture_set_heat_window (fixture, HEAT_WINDOW);
  next_second (fixture->engine);

  /* 1,500 writes a second of new items, all "open": the GSI partition takes 1,000. */
  for (; second < 80; second++)
    {
      throttled = 0;
      for (guint i = 0; i < 1500; i++)
        throttled += put_open (fixture->engine, second * 1500 + i, scattered (second, i)) ==
                     DDB_OUTCOME_THROTTLED;
      next_second (fixture->engine);
      if (throttled == 0)
        break;
      g_assert_cmpuint (throttled, ==, 500);
    }
  g_assert_cmpuint (throttled, ==, 0);
  g_assert_cmpuint (second, >=, 3 * 10);

  {
    g_autoptr(DdbTableInfo) described = ddb_engine_describe_table (fixture->engine, "tickets",
                                                                   &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_array_index (described->indexes, DdbIndexInfo, 0).partition_count, >,
                      4 + 2);
  }
}

static void
test_size_split_by_sort_key (EngineFixture *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("log");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = repeat_char ('x', 10000);
  guint first = 0;
  guint count;

  g_test_summary ("One partition key of 3 MB in a table with a 1 MB partition limit and no "
                  "LSI splits by sort key: no partition passes the limit, and every item is "
                  "still there, in order");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "n", DDB_KIND_N);
  spec->key.partition_key = g_strdup ("id");
  spec->key.sort_key = g_strdup ("n");
  spec->throughput.read_capacity_units = 5;
  spec->throughput.write_capacity_units = 5;
  spec->partition_max_bytes = 1024 * 1024;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"hot\"}, \"n\": {\"N\": \"%u\"}, "
                                               "\"v\": {\"S\": \"%s\"}}", i, payload);

      put_json (fixture->engine, "log", json);
    }

  partitions = partitions_of (fixture->engine, "log");
  count = hot_partitions (partitions, &first);
  g_assert_cmpuint (count, >=, 3);
  g_assert_cmpuint (sort_key_splits (fixture->engine, "log"), ==, count - 1);
  for (guint i = 0; i < partitions->len; i++)
    g_assert_cmpint (g_array_index (partitions, DdbPartitionInfo, i).size_bytes, <=,
                     1024 * 1024);
  g_assert_cmpint (total_items (partitions), ==, 300);
  assert_hot_items (fixture->engine, "log", 300);
}

static void
test_gsi_page_charge (EngineFixture *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("tickets");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(DdbTableInfo) described = NULL;
  g_autoptr(DdbValue) values = item_from_json ("{\":s\": {\"S\": \"open\"}}");
  g_autoptr(DdbValue) start = item_from_json ("{\"id\": {\"S\": \"i900\"}, \"status\": "
                                              "{\"S\": \"open\"}, \"n\": {\"N\": \"900\"}}");
  g_autofree char *payload = repeat_char ('x', 10000);
  g_auto(DdbReadResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  DdbIndexSpec *index;
  DdbReadInput input;

  g_test_summary ("A GSI key of 10 MB in a 1 MB partition limit splits by the index's sort "
                  "key; a one-entry page that resumes deep in it costs the entry's 3 blocks "
                  "(1.5 RCU), not one for each partition before its start key");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "status", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "n", DDB_KIND_N);
  spec->key.partition_key = g_strdup ("id");
  spec->throughput.read_capacity_units = 5;
  spec->throughput.write_capacity_units = 5;
  spec->partition_max_bytes = 1024 * 1024;
  index = ddb_table_spec_add_index (spec, "byStatus", TRUE);
  index->key.partition_key = g_strdup ("status");
  index->key.sort_key = g_strdup ("n");
  index->projection = DDB_PROJECTION_ALL;
  index->throughput.read_capacity_units = 5;
  index->throughput.write_capacity_units = 5;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"i%u\"}, \"status\": {\"S\": "
                                               "\"open\"}, \"n\": {\"N\": \"%u\"}, \"v\": "
                                               "{\"S\": \"%s\"}}", i, i, payload);

      put_json (fixture->engine, "tickets", json);
    }
  described = ddb_engine_describe_table (fixture->engine, "tickets", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_array_index (described->indexes, DdbIndexInfo, 0).partition_count, >=, 8);

  g_hash_table_insert (names, (gpointer)"#s", (gpointer)"status");
  ddb_read_input_init (&input);
  input.table_name = "tickets";
  input.index_name = "byStatus";
  input.key_condition_expression = "#s = :s";
  input.attributes.values = values;
  input.attributes.names = names;
  input.limit = 1;
  input.exclusive_start_key = start;
  g_assert_cmpint (ddb_engine_query (fixture->engine, &input, &result, &error), ==,
                   DDB_OUTCOME_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (result.items->len, ==, 1);
  /* 10,0xx bytes: 3 blocks of 4 KB, eventually consistent. */
  g_assert_cmpfloat (ddb_consumed_capacity_get_read (&result.consumed), ==, 1.5);
}

static void
test_size_split_in_transaction (EngineFixture *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(DdbTableSpec) spec = ddb_table_spec_new ("log");
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GArray) partitions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = repeat_char ('x', 10000);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  DdbTransactWriteAction actions[2];
  DdbTransactWriteInput input = { .actions = actions, .n_actions = 2 };
  g_auto(DdbTransactWriteResult) result = { 0 };

  g_test_summary ("A transaction whose first put makes a partition split for size still "
                  "counts its second put once: the partitions add up to the table");

  ddb_table_spec_add_attribute (spec, "id", DDB_KIND_S);
  ddb_table_spec_add_attribute (spec, "n", DDB_KIND_N);
  spec->key.partition_key = g_strdup ("id");
  spec->key.sort_key = g_strdup ("n");
  spec->throughput.read_capacity_units = 5;
  spec->throughput.write_capacity_units = 5;
  spec->partition_max_bytes = 1024 * 1024;
  info = ddb_engine_create_table (fixture->engine, spec, &error);
  g_assert_no_error (error);

  /* 104 items of 10 KB: just under 1 MB in one partition. */
  for (guint i = 0; i < 104; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": {\"S\": \"hot\"}, \"n\": {\"N\": \"%u\"}, "
                                               "\"v\": {\"S\": \"%s\"}}", i, payload);

      put_json (fixture->engine, "log", json);
    }
  g_assert_cmpuint (sort_key_splits (fixture->engine, "log"), ==, 0);

  first = g_strdup_printf ("{\"id\": {\"S\": \"hot\"}, \"n\": {\"N\": \"200\"}, \"v\": {\"S\": "
                           "\"%s\"}}", payload);
  second = g_strdup_printf ("{\"id\": {\"S\": \"hot\"}, \"n\": {\"N\": \"201\"}, \"v\": {\"S\": "
                            "\"%s\"}}", payload);
  actions[0] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "log",
                                          .item = item_from_json (first) };
  actions[1] = (DdbTransactWriteAction) { .kind = DDB_TRANSACT_PUT, .table_name = "log",
                                          .item = item_from_json (second) };
  g_assert_cmpint (ddb_engine_transact_write_items (fixture->engine, &input, &result, &error),
                   ==, DDB_OUTCOME_OK);
  g_assert_no_error (error);
  ddb_value_unref (actions[0].item);
  ddb_value_unref (actions[1].item);

  partitions = partitions_of (fixture->engine, "log");
  g_assert_cmpuint (partitions->len, >, 1);
  g_assert_cmpint (total_items (partitions), ==, 106);
  assert_hot_items (fixture->engine, "log", 106);
}

static void
test_reopen (void)
{
  g_autoptr(GError) error = NULL;
  char *path = db_file_new ();
  g_autoptr(GArray) before = NULL;

  g_test_summary ("Partitions cut by sort key keep their ranges and counts across reopening "
                  "a database file, and new writes land where the ranges say");
  g_assert_no_error (error);

  {
    EngineFixture fixture = { ddb_engine_new (path, &error) };

    g_assert_no_error (error);
    create_table (fixture.engine, "kept", "id:S,n:N", 0, 0);
    engine_fixture_set_heat_window (&fixture, 2 * SECOND);
    next_second (fixture.engine);
    for (guint second = 0; second < 20 && sort_key_splits (fixture.engine, "kept") == 0;
         second++)
      hot_second (fixture.engine, "kept", second, 1500, scattered);
    g_assert_cmpuint (sort_key_splits (fixture.engine, "kept"), >, 0);
    before = partitions_of (fixture.engine, "kept");
    g_object_unref (fixture.engine);
  }

  {
    g_autoptr(DdbEngine) engine = ddb_engine_new (path, &error);
    g_autoptr(GArray) after = NULL;
    g_autoptr(GArray) later = NULL;

    g_assert_no_error (error);
    after = partitions_of (engine, "kept");
    g_assert_cmpuint (after->len, ==, before->len);
    for (guint i = 0; i < after->len; i++)
      {
        const DdbPartitionInfo *a = &g_array_index (before, DdbPartitionInfo, i);
        const DdbPartitionInfo *b = &g_array_index (after, DdbPartitionInfo, i);

        g_assert_cmpuint (a->id, ==, b->id);
        g_assert_cmpuint (a->hash_low, ==, b->hash_low);
        g_assert_cmpuint (a->hash_high, ==, b->hash_high);
        g_assert_cmpint (a->sort_low, ==, b->sort_low);
        g_assert_cmpint (a->sort_high, ==, b->sort_high);
        /* Recounted from the store by range on opening: the live counters agreed. */
        g_assert_cmpint (a->item_count, ==, b->item_count);
        g_assert_cmpint (a->size_bytes, ==, b->size_bytes);
      }

    /* 100 new items over the same sort keys' range land in the partitions by range. */
    for (guint i = 0; i < 100; i++)
      put_sorted (engine, "kept", "hot", 1000 + i);
    later = partitions_of (engine, "kept");
    g_assert_cmpint (total_items (later), ==, total_items (after) + 100);
    assert_hot_items (engine, "kept", 200);
  }

  db_file_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ddb/engine/heat-splits/" path, EngineFixture, NULL, engine_fixture_set_up, \
              func, engine_fixture_tear_down)

  ADD ("spread-by-sort-key", test_spread_by_sort_key);
  ADD ("monotonic-sort-key", test_monotonic_sort_key);
  ADD ("single-hot-item", test_single_hot_item);
  ADD ("gsi-spread-by-sort-key", test_gsi_spread_by_sort_key);
  ADD ("size-split-by-sort-key", test_size_split_by_sort_key);
  ADD ("size-split-in-transaction", test_size_split_in_transaction);
  ADD ("gsi-page-charge", test_gsi_page_charge);
  g_test_add_func ("/ddb/engine/heat-splits/reopen", test_reopen);

#undef ADD

  return g_test_run ();
}
