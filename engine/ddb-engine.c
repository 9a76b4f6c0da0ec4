/* ddb-engine.c
 *
 * DdbEngine: the object, its database, the simulated clock and the registry of tables.
 *
 * Design notes
 * ------------
 * The clock is a count of microseconds since the Unix epoch that only
 * ddb_engine_advance() moves.  A new database starts at DDB_ENGINE_DEFAULT_START_USEC; a
 * file database keeps its clock across runs (ddb_meta "clock_usec").
 *
 * Table lifecycle, a state machine driven by the clock:
 *
 *     CreateTable            status_until passed               status_until passed
 *   ---------------> CREATING ------------------> ACTIVE   DELETING -------------> (gone)
 *                                                   |         ^
 *                                                   +---------+ DeleteTable
 *
 *   transition            performed by
 *   (none) -> CREATING    ddb_engine_create_table() (ddb-engine-tables.c)
 *   CREATING -> ACTIVE    settle_table(), on every lookup and every advance
 *   ACTIVE -> DELETING    ddb_engine_delete_table()
 *   DELETING -> gone      settle_table()
 *
 * The delays are model parameters (DdbEngineConfig); with the default of 0 a table is
 * usable at once, and CreateTable still answers CREATING, as DynamoDB does.
 *
 * Every request runs in one SQLite transaction (_ddb_engine_begin/_commit), so a failed
 * request changes nothing and an acknowledged one is durable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine"

#include "config.h"

#include "ddb-engine-private.h"
#include "ddb-engine-admission.h"
#include "ddb-engine-autoscaling.h"
#include "ddb-engine-billing.h"
#include "ddb-engine-indexes.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-state.h"
#include "ddb-engine-ttl.h"

G_DEFINE_FINAL_TYPE (DdbEngine, ddb_engine, G_TYPE_OBJECT)

/* DynamoDB: ItemCount and TableSizeBytes are updated approximately every six hours. */
#define DEFAULT_STATS_REFRESH_USEC (G_GINT64_CONSTANT (6) * 3600 * G_USEC_PER_SEC)

static void
ddb_engine_finalize (GObject *object)
{
  DdbEngine *self = (DdbEngine *)object;
  g_autoptr(GError) error = NULL;

  /* What requests since the last advance changed (banks, peaks, the meter) is kept too;
   * an engine that failed to open writes nothing. */
  if (self->opened && !_ddb_engine_save_state (self, &error))
    g_warning ("Could not save the simulation state to %s: %s", self->path, error->message);

  g_clear_pointer (&self->tables, g_hash_table_unref);
  g_clear_pointer (&self->store, ddb_store_free);
  g_clear_pointer (&self->scratch, g_byte_array_unref);
  g_clear_pointer (&self->transaction_tokens, ddb_transaction_tokens_free);
  g_clear_pointer (&self->meter, ddb_billing_meter_free);
  g_clear_pointer (&self->scaling_activities, g_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ddb_engine_parent_class)->finalize (object);
}

static void
ddb_engine_class_init (DdbEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ddb_engine_finalize;
}

static void
ddb_engine_init (DdbEngine *self)
{
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)ddb_table_free);
  self->scratch = g_byte_array_new ();
  self->transaction_tokens = ddb_transaction_tokens_new ();
  self->scaling_activities = _ddb_scaling_activities_new ();
  self->now_usec = DDB_ENGINE_DEFAULT_START_USEC;
  self->config.stats_refresh_usec = DEFAULT_STATS_REFRESH_USEC;
  self->config.ttl_delete_delay_usec = DDB_ENGINE_DEFAULT_TTL_DELAY_USEC;
  self->config.backfill_on_demand_wcu = DDB_ENGINE_DEFAULT_BACKFILL_WCU;
  ddb_admission_config_init_defaults (&self->config.admission);
  self->config.metrics_enabled = TRUE;
  self->config.metrics_retention_seconds = 3600;
}

typedef struct
{
  DdbEngine *engine;
  GError    *error;
} LoadContext;

static void
load_table_cb (gint64      table_id,
               const char *name,
               const char *definition,
               gpointer    user_data)
{
  LoadContext *context = user_data;
  DdbTable *table;

  if (context->error != NULL)
    return;

  table = ddb_table_new_from_json (table_id, definition, &context->error);
  if (table == NULL)
    return;

  if (!ddb_table_recount (table, context->engine->store, &context->error))
    {
      ddb_table_free (table);
      return;
    }

  g_hash_table_insert (context->engine->tables, table->spec->table_name, table);
}

/**
 * ddb_engine_new:
 * @path: (nullable): a database file to open or create, or NULL for an in-memory database
 * @error: return location for a storage error
 *
 * Opens an engine.  A file database brings back its tables, items and clock.
 *
 * Returns: (transfer full) (nullable): the engine, or NULL with @error set.
 */
DdbEngine *
ddb_engine_new (const char  *path,
                GError     **error)
{
  g_autoptr(DdbEngine) self = NULL;
  LoadContext context = { 0 };
  gint64 clock;
  gboolean found;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DDB_TYPE_ENGINE, NULL);
  self->path = g_strdup (path);
  self->store = ddb_store_open (path, error);
  if (self->store == NULL)
    return NULL;

  if (!ddb_store_get_meta (self->store, "clock_usec", &clock, &found, error))
    return NULL;
  if (found)
    self->now_usec = clock;
  self->opened_usec = self->now_usec;

  context.engine = self;
  if (!ddb_store_load_tables (self->store, load_table_cb, &context, error))
    return NULL;
  if (context.error != NULL)
    {
      g_propagate_error (error, context.error);
      return NULL;
    }
  if (!_ddb_engine_load_state (self, error))
    return NULL;
  self->opened = TRUE;

  return g_steal_pointer (&self);
}

/* Returns: (nullable): the database file, or NULL for an in-memory engine. */
const char *
ddb_engine_get_path (DdbEngine *self)
{
  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);

  return self->path;
}

void
ddb_engine_get_config (DdbEngine       *self,
                       DdbEngineConfig *config)
{
  g_return_if_fail (DDB_IS_ENGINE (self));
  g_return_if_fail (config != NULL);

  *config = self->config;
}

void
ddb_engine_set_config (DdbEngine             *self,
                       const DdbEngineConfig *config)
{
  g_return_if_fail (DDB_IS_ENGINE (self));
  g_return_if_fail (config != NULL);
  g_return_if_fail (config->table_create_delay_usec >= 0);
  g_return_if_fail (config->table_delete_delay_usec >= 0);
  g_return_if_fail (config->table_update_delay_usec >= 0);
  g_return_if_fail (config->stats_refresh_usec >= 0);
  g_return_if_fail (config->ttl_delete_delay_usec >= 0);
  g_return_if_fail (config->backfill_on_demand_wcu >= 1);
  g_return_if_fail (config->metrics_retention_seconds >= 1);
  g_return_if_fail ((guint)config->billing.hour_rule <= DDB_BILLING_HOUR_PRORATED);

  self->config = *config;
}

/* ---------------------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------------------- */

gboolean
_ddb_engine_begin (DdbEngine  *self,
                   GError    **error)
{
  return ddb_store_begin (self->store, error);
}

gboolean
_ddb_engine_commit (DdbEngine  *self,
                    GError    **error)
{
  if (!ddb_store_commit (self->store, error))
    {
      ddb_store_rollback (self->store);
      return FALSE;
    }

  return TRUE;
}

void
_ddb_engine_rollback (DdbEngine *self)
{
  ddb_store_rollback (self->store);
}

/* Writes @table's definition to the store (inside the caller's transaction). */
gboolean
_ddb_engine_save_table (DdbEngine  *self,
                        DdbTable   *table,
                        GError    **error)
{
  g_autofree char *definition = ddb_table_to_json (table);

  return ddb_store_update_table (self->store, table->id, definition, error);
}

/* ---------------------------------------------------------------------------------------
 * Clock and lifecycle
 * ------------------------------------------------------------------------------------- */

/* Whether a CREATING or UPDATING table has something to finish now: an index update to
 * end, a deleted index to remove, or its own status (when no index change is pending).
 * Lookups call this on every request, so the common "nothing yet" answer costs no I/O. */
static gboolean
needs_settling (DdbEngine *self,
                DdbTable  *table)
{
  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if ((index->status == DDB_INDEX_STATUS_UPDATING ||
           index->status == DDB_INDEX_STATUS_DELETING) &&
          self->now_usec >= index->status_until_usec)
        return TRUE;
    }

  return !_ddb_engine_indexes_busy (table);
}

/* CREATING or UPDATING -> ACTIVE, once every index change is done. */
static gboolean
finish_updates (DdbEngine  *self,
                DdbTable   *table,
                GError    **error)
{
  gboolean changed;

  if (!needs_settling (self, table))
    return TRUE;

  if (!_ddb_engine_begin (self, error) ||
      !_ddb_engine_settle_indexes (self, table, &changed, error))
    goto failed;
  /* A delayed throughput change takes effect now (ddb_engine_update_table()). */
  if (table->throughput_pending)
    {
      if (ddb_table_split_for_throughput (table, NULL, self->store, self->now_usec, error) ==
          G_MAXUINT)
        goto failed;
      table->throughput_pending = FALSE;
    }
  if (!_ddb_engine_indexes_busy (table))
    table->status = DDB_TABLE_STATUS_ACTIVE;
  if (!_ddb_engine_save_table (self, table, error) || !_ddb_engine_commit (self, error))
    goto failed;

  return TRUE;

failed:
  _ddb_engine_rollback (self);
  return FALSE;
}

/* Moves @table along its lifecycle as far as the clock allows.  Returns FALSE with @error
 * set on a storage failure; *removed is set when the table no longer exists. */
static gboolean
settle_table (DdbEngine  *self,
              DdbTable   *table,
              gboolean   *removed,
              GError    **error)
{
  *removed = FALSE;

  if (self->now_usec < table->status_until_usec)
    return TRUE;

  if (table->status == DDB_TABLE_STATUS_CREATING || table->status == DDB_TABLE_STATUS_UPDATING)
    return finish_updates (self, table, error);

  if (table->status == DDB_TABLE_STATUS_DELETING)
    {
      if (!_ddb_engine_begin (self, error) ||
          !ddb_store_delete_table (self->store, table->id, error) ||
          !_ddb_engine_forget_state (self, table, error) ||
          !_ddb_engine_commit (self, error))
        {
          _ddb_engine_rollback (self);
          return FALSE;
        }
      _ddb_engine_billing_retire (self, table);
      g_hash_table_remove (self->tables, table->spec->table_name);
      *removed = TRUE;
    }

  return TRUE;
}

/* The simulated time, in microseconds since the Unix epoch. */
gint64
ddb_engine_get_now (DdbEngine *self)
{
  g_return_val_if_fail (DDB_IS_ENGINE (self), 0);

  return self->now_usec;
}

static int
compare_tables_by_id (gconstpointer a,
                      gconstpointer b)
{
  const DdbTable *ta = *(DdbTable * const *)a;
  const DdbTable *tb = *(DdbTable * const *)b;

  return ta->id < tb->id ? -1 : ta->id > tb->id;
}

/**
 * ddb_engine_advance:
 * @usec: how far to move the clock, at least 0
 *
 * Moves the simulated clock forward and lets everything that waits on it happen: tables
 * finish creating or deleting, new global secondary indexes backfill
 * (ddb-engine-indexes.c), Time to Live deletes expired items (ddb-engine-ttl.c), on-demand
 * tables split for their new peaks (ddb-engine-admission.c), auto scaling evaluates the
 * minutes that closed (ddb-engine-autoscaling.c).  Tables are visited in creation order, so that the outcome
 * never depends on hash table order.  A file database stores the new time.
 *
 * Returns: FALSE on a storage failure.
 */
gboolean
ddb_engine_advance (DdbEngine  *self,
                    gint64      usec,
                    GError    **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (DDB_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (usec >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (usec > G_MAXINT64 - self->now_usec)
    {
      g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                           "the simulated clock cannot move past the year 292277");
      return FALSE;
    }
  self->now_usec += usec;

  tables = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->tables);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (tables, value);
  }
  g_ptr_array_sort (tables, compare_tables_by_id);
  for (guint i = 0; i < tables->len; i++)
    {
      gboolean removed;

      DdbTable *table = g_ptr_array_index (tables, i);

      if (!settle_table (self, table, &removed, error))
        return FALSE;
      if (!removed)
        _ddb_engine_metrics_roll (self, table);
      if (!removed && (!_ddb_engine_backfill_indexes (self, table, error) ||
                       !_ddb_engine_ttl_delete_expired (self, table, error) ||
                       !_ddb_engine_grow_on_demand (self, table, error) ||
                       !_ddb_engine_split_for_heat (self, table, error)))
        return FALSE;
      /* Last: a failed UpdateTable of auto scaling may replace the table's struct. */
      if (!removed)
        _ddb_engine_autoscale (self, table);
    }

  return _ddb_engine_save_state (self, error);
}

/**
 * _ddb_engine_lookup_table:
 * @for_describe: TRUE for DescribeTable and friends, which see CREATING and DELETING
 *   tables and word their error differently
 *
 * Finds a table by name.  Data-plane requests only see ACTIVE (or UPDATING) tables, with
 * DynamoDB's "Requested resource not found" otherwise.
 *
 * Returns: (transfer none) (nullable): the table, or NULL with ResourceNotFoundException.
 */
DdbTable *
_ddb_engine_lookup_table (DdbEngine   *self,
                          const char  *name,
                          gboolean     for_describe,
                          GError     **error)
{
  DdbTable *table = g_hash_table_lookup (self->tables, name);
  gboolean removed = FALSE;

  if (table != NULL && !settle_table (self, table, &removed, error))
    return NULL;
  if (removed)
    table = NULL;

  if (table != NULL && (for_describe || table->status == DDB_TABLE_STATUS_ACTIVE ||
                        table->status == DDB_TABLE_STATUS_UPDATING))
    return table;

  if (for_describe)
    g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                 "Requested resource not found: Table: %s not found", name);
  else
    g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                         "Requested resource not found");

  return NULL;
}
