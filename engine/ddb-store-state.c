/* ddb-store-state.c
 *
 * Runtime state kept beside the tables (table ddb_state): what the engine holds in memory
 * between requests and must find again when a database file is reopened (admission
 * state, auto scaling targets, the billing meter; ddb-engine-state.c).  Values are JSON
 * texts under a name; the store does not look inside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-store"

#include "config.h"

#include "ddb-store-private.h"

/**
 * ddb_store_get_state:
 * @value: (out) (transfer full) (nullable): the value, or NULL when there is none
 *
 * Returns: FALSE with @error set on a storage failure.
 */
gboolean
ddb_store_get_state (DdbStore    *store,
                     const char  *name,
                     char       **value,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL && name != NULL && value != NULL, FALSE);

  *value = NULL;
  stmt = _ddb_store_cached_statement (store, "SELECT value FROM ddb_state WHERE name = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (!_ddb_store_sqlite_ok (store->db, rc, "read state", error))
    return FALSE;
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return TRUE;
}

/* Stores @value under @name, replacing what was there. */
gboolean
ddb_store_set_state (DdbStore    *store,
                     const char  *name,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && name != NULL && value != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "INSERT OR REPLACE INTO ddb_state (name, value) "
                                             "VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "write state", error);
}

gboolean
ddb_store_delete_state (DdbStore    *store,
                        const char  *name,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && name != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_state WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete state", error);
}
