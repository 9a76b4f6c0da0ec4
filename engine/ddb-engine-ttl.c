/* ddb-engine-ttl.c
 *
 * Time to Live: the background deletion of expired items as the simulated clock moves.
 *
 * Design notes
 * ------------
 * What DynamoDB does (rulebook 10): an item whose TTL attribute holds an epoch second in
 * the past is expired; it is deleted in the background, typically within a few days;
 * until then reads still return it.  Items whose TTL second lies more than five years in
 * the past are never deleted (DynamoDB takes such values for mistakes).  TTL deletes
 * consume no write capacity, but they do remove the item's index entries.
 *
 * The model: an expired item is deleted exactly DdbEngineConfig.ttl_delete_delay_usec
 * after its TTL second (a named model parameter, 10 minutes by default so that a demo
 * shows it; set it to two days for realism).  Deletions happen in ddb_engine_advance(),
 * earliest TTL first, in chunks of TTL_CHUNK items per SQLite transaction, each item
 * through the ordinary delete path (ddb-engine-write.h) so that indexes, counters and
 * partition statistics stay exact.  The table counts them in ttl_deleted_items.
 *
 * The store keeps each item's TTL second in a column with a partial index (see
 * ddb-store-expiry.c); enabling TTL fills it for the items already in the table,
 * disabling clears it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-ttl"

#include "config.h"

#include "ddb-engine-ttl.h"
#include "ddb-engine-metrics.h"
#include "ddb-engine-write.h"
#include "ddb-value-codec.h"

/* TTL values further in the past than this are ignored: 5 x 365 days. */
#define TTL_MAX_AGE_SECONDS (G_GINT64_CONSTANT (5) * 365 * 24 * 3600)

/* Items deleted per SQLite transaction. */
#define TTL_CHUNK 256

typedef struct
{
  gint64 rowid;
  gint64 expires;
} Expiry;

/**
 * _ddb_engine_ttl_index_items:
 *
 * Sets the stored TTL second of every item of @table from its current TTL setting: after
 * TTL was enabled, the items already written start to expire; after it was disabled,
 * none does.  Runs inside the caller's transaction.
 */
gboolean
_ddb_engine_ttl_index_items (DdbEngine  *self,
                             DdbTable   *table,
                             GError    **error)
{
  g_autoptr(DdbStoreCursor) cursor = NULL;
  g_autoptr(GArray) expiries = NULL;

  if (table->ttl_status != DDB_TTL_ENABLED)
    return ddb_store_clear_expiry (self->store, table->id, error);

  /* Collect first: SQLite does not promise what a cursor sees of rows changed under it. */
  cursor = ddb_store_scan (self->store, table->id, 0, G_MAXUINT64, NULL, error);
  if (cursor == NULL)
    return FALSE;
  expiries = g_array_new (FALSE, FALSE, sizeof (Expiry));
  for (;;)
    {
      g_autoptr(DdbValue) item = NULL;
      DdbStoreRow row;
      gboolean found;
      Expiry expiry;

      if (!ddb_store_cursor_next (cursor, &row, &found, error))
        return FALSE;
      if (!found)
        break;
      item = ddb_value_deserialize (row.data, row.data_length, error);
      if (item == NULL)
        return FALSE;
      expiry.rowid = row.rowid;
      expiry.expires = ddb_table_item_expiry (table, item);
      if (expiry.expires != G_MININT64)
        g_array_append_val (expiries, expiry);
    }
  g_clear_pointer (&cursor, ddb_store_cursor_free);

  for (guint i = 0; i < expiries->len; i++)
    {
      const Expiry *expiry = &g_array_index (expiries, Expiry, i);

      if (!ddb_store_set_expiry (self->store, expiry->rowid, expiry->expires, error))
        return FALSE;
    }

  return TRUE;
}

static void
write_op_free (DdbWriteOp *op)
{
  _ddb_write_op_clear (op);
  g_free (op);
}

/* Reads the next chunk of due items as delete operations, bound to their keys. */
static gboolean
collect_due (DdbEngine  *self,
             DdbTable   *table,
             gint64      expires_low,
             gint64      expires_high,
             GPtrArray  *ops,
             GError    **error)
{
  g_autoptr(DdbStoreCursor) cursor = NULL;

  cursor = ddb_store_scan_expiring (self->store, table->id, expires_low, expires_high, error);
  if (cursor == NULL)
    return FALSE;

  while (ops->len < TTL_CHUNK)
    {
      g_autoptr(DdbValue) item = NULL;
      DdbStoreRow row;
      gboolean found;
      DdbWriteOp *op;

      if (!ddb_store_cursor_next (cursor, &row, &found, error))
        return FALSE;
      if (!found)
        break;
      item = ddb_value_deserialize (row.data, row.data_length, error);
      if (item == NULL)
        return FALSE;

      op = g_new0 (DdbWriteOp, 1);
      _ddb_write_op_init (op, DDB_WRITE_OP_DELETE);
      g_ptr_array_add (ops, op);
      op->table = table;
      op->key_value = ddb_key_project (&table->key, item);
      if (!ddb_key_from_item (&table->key, item, &op->key, error))
        return FALSE;
    }

  return TRUE;
}

/* Deletes one chunk of due items in one transaction.  *@n_deleted is 0 when none is
 * left. */
static gboolean
delete_chunk (DdbEngine  *self,
              DdbTable   *table,
              gint64      expires_low,
              gint64      expires_high,
              guint      *n_deleted,
              GError    **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify)write_op_free);

  *n_deleted = 0;
  if (!_ddb_engine_begin (self, error) ||
      !collect_due (self, table, expires_low, expires_high, ops, error))
    goto failed;

  for (guint i = 0; i < ops->len; i++)
    {
      DdbWriteOp *op = g_ptr_array_index (ops, i);
      /* TTL deletes are free: no admission, and the charge is computed and dropped. */
      g_auto(DdbConsumedCapacity) free_of_charge = { 0 };

      if (!_ddb_write_op_read (self, op, FALSE, error))
        goto failed;
      _ddb_write_op_plan (op);
      if (!_ddb_write_op_apply (self, op, &free_of_charge, error))
        goto failed;
    }

  table->ttl_deleted_items += ops->len;
  if (ops->len > 0 && !_ddb_engine_save_table (self, table, error))
    {
      table->ttl_deleted_items -= ops->len;
      goto failed;
    }
  if (!_ddb_engine_commit (self, error))
    {
      table->ttl_deleted_items -= ops->len;
      goto failed;
    }

  _ddb_write_ops_account (self, ops);
  *n_deleted = ops->len;
  if (ops->len > 0 && self->config.metrics_enabled)
    _ddb_engine_metrics_now (self, table, NULL)->ttl_deleted += ops->len;

  return TRUE;

failed:
  _ddb_engine_rollback (self);
  return FALSE;
}

/**
 * _ddb_engine_ttl_delete_expired:
 *
 * Deletes the items of @table that expired at least the configured delay ago (and not
 * more than five years before now).
 *
 * Returns: FALSE on a storage failure; the chunks deleted before it stand.
 */
gboolean
_ddb_engine_ttl_delete_expired (DdbEngine  *self,
                                DdbTable   *table,
                                GError    **error)
{
  gint64 now_seconds = self->now_usec / G_USEC_PER_SEC;
  gint64 due_seconds = (self->now_usec - self->config.ttl_delete_delay_usec) / G_USEC_PER_SEC;
  guint n_deleted;

  if (table->ttl_status != DDB_TTL_ENABLED || table->status == DDB_TABLE_STATUS_CREATING ||
      table->status == DDB_TABLE_STATUS_DELETING)
    return TRUE;

  do
    {
      if (!delete_chunk (self, table, now_seconds - TTL_MAX_AGE_SECONDS, due_seconds,
                         &n_deleted, error))
        return FALSE;
    }
  while (n_deleted == TTL_CHUNK);

  return TRUE;
}
