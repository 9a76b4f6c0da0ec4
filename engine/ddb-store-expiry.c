/* ddb-store-expiry.c
 *
 * The store's side of Time to Live: each item row carries the epoch second of its TTL
 * attribute in the `expires` column (NULL when TTL is disabled or the item has no valid
 * TTL value), and the partial index ddb_items_expiry (tbl, expires) finds the items due
 * for deletion without scanning the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-store"

#include "config.h"

#include "ddb-store-private.h"

/**
 * ddb_store_scan_expiring:
 * @expires_low: the earliest TTL second to visit
 * @expires_high: the latest TTL second to visit
 *
 * Returns: (transfer full) (nullable): a cursor over the items of a table whose TTL second
 *   lies in [@expires_low, @expires_high], earliest first.  The caller must not change
 *   the table while the cursor is open.
 */
DdbStoreCursor *
ddb_store_scan_expiring (DdbStore  *store,
                         gint64     table_id,
                         gint64     expires_low,
                         gint64     expires_high,
                         GError   **error)
{
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL, NULL);

  cursor = _ddb_store_cursor_new (store,
                                  "SELECT id, hash, pk, sk, size, data FROM ddb_items "
                                  "WHERE tbl = ?1 AND expires BETWEEN ?2 AND ?3 "
                                  "ORDER BY expires, id",
                                  error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, expires_low);
  sqlite3_bind_int64 (cursor->stmt, 3, expires_high);

  return cursor;
}

/* Sets the TTL second of one item; G_MININT64 for none. */
gboolean
ddb_store_set_expiry (DdbStore  *store,
                      gint64     rowid,
                      gint64     expires,
                      GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "UPDATE ddb_items SET expires = ?2 WHERE id = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rowid);
  _ddb_store_bind_expires (stmt, 2, expires);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "set item expiry", error);
}

/* Forgets the TTL seconds of every item of a table (TTL disabled). */
gboolean
ddb_store_clear_expiry (DdbStore  *store,
                        gint64     table_id,
                        GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "UPDATE ddb_items SET expires = NULL "
                                             "WHERE tbl = ?1 AND expires IS NOT NULL",
                                      error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, table_id);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "clear expiry", error);
}
