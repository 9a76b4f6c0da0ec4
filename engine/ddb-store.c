/* ddb-store.c
 *
 * SQLite storage for the engine.
 *
 * Design notes
 * ------------
 * Schema (version 1):
 *
 *   ddb_meta   (key TEXT PRIMARY KEY, value INTEGER)            clock, schema version
 *   ddb_tables (id INTEGER PRIMARY KEY, name TEXT UNIQUE,
 *               definition TEXT)                                 one JSON document per table
 *   ddb_items  (id INTEGER PRIMARY KEY, tbl, hash, pk, sk, size, expires, data)
 *   UNIQUE INDEX ddb_items_key ON ddb_items (tbl, hash, pk, sk)
 *   INDEX ddb_items_expiry ON ddb_items (tbl, expires) WHERE expires IS NOT NULL
 *   ddb_entries (id INTEGER PRIMARY KEY, tbl, idx, hash, ipk, isk, bpk, bsk, size, data)
 *   UNIQUE INDEX ddb_entries_key ON ddb_entries (tbl, idx, hash, ipk, isk, bpk, bsk)
 *
 * Items live in a rowid table with a separate unique index rather than in a WITHOUT ROWID
 * table keyed on (tbl, hash, pk, sk): rows are about 1 KB, and SQLite stores rows that
 * large several times faster in a rowid b-tree (the index then holds only the short key).
 * `hash` is the unsigned 64-bit hash prefix stored with its top bit flipped, so that
 * SQLite's signed integer order is the unsigned order.  `pk` and `sk` are BLOBs, which
 * SQLite compares with memcmp() and then by length: exactly the order of
 * ddb_value_encode_key().  One index serves point reads, Query (a prefix of the index plus
 * a range of sk) and Scan (the index order is the hash order).
 *
 * Secondary index entries live in ddb_entries, ordered like a table of their own: by the
 * hash and encoding of the index partition key, then the index sort key, then the base
 * item's key (which keeps entries that share an index key apart, in a stable order).  The
 * expiry index finds the items that Time to Live deletes without a scan.
 *
 * A write is an UPDATE of the existing row or an INSERT, never INSERT OR REPLACE, which
 * would delete and re-insert the row and change its rowid.
 *
 * Durability: a file database runs in WAL mode with synchronous=FULL, so that every
 * committed request survives a power cut; an in-memory database has nothing to keep.
 *
 * Point operations use statements prepared once and cached by their SQL literal; cursors
 * prepare their own statement, so that two cursors can be open at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-store-private.h"

#define DDB_STORE_SCHEMA_VERSION 1

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS ddb_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS ddb_state ("
  "  name TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS ddb_tables ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  definition TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS ddb_items ("
  "  id INTEGER PRIMARY KEY,"
  "  tbl INTEGER NOT NULL,"
  "  hash INTEGER NOT NULL,"
  "  pk BLOB NOT NULL,"
  "  sk BLOB NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  expires INTEGER,"
  "  data BLOB NOT NULL);"
  "CREATE UNIQUE INDEX IF NOT EXISTS ddb_items_key ON ddb_items (tbl, hash, pk, sk);"
  "CREATE INDEX IF NOT EXISTS ddb_items_expiry ON ddb_items (tbl, expires) "
  "  WHERE expires IS NOT NULL;"
  "CREATE TABLE IF NOT EXISTS ddb_entries ("
  "  id INTEGER PRIMARY KEY,"
  "  tbl INTEGER NOT NULL,"
  "  idx INTEGER NOT NULL,"
  "  hash INTEGER NOT NULL,"
  "  ipk BLOB NOT NULL,"
  "  isk BLOB NOT NULL,"
  "  bpk BLOB NOT NULL,"
  "  bsk BLOB NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE UNIQUE INDEX IF NOT EXISTS ddb_entries_key "
  "  ON ddb_entries (tbl, idx, hash, ipk, isk, bpk, bsk);";

/* ---------------------------------------------------------------------------------------
 * Errors and statements
 * ------------------------------------------------------------------------------------- */

/* Turns a SQLite result code into a GError.  Returns TRUE for the codes that are not
 * failures, so callers write "if (!_ddb_store_sqlite_ok (...))". */
gboolean
_ddb_store_sqlite_ok (sqlite3     *db,
           int          rc,
           const char  *what,
           GError     **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE, "storage: %s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  return FALSE;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Returns: (transfer none): the cached statement for @sql, reset and unbound. */
sqlite3_stmt *
_ddb_store_cached_statement (DdbStore    *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (!_ddb_store_sqlite_ok (self->db, sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                    &stmt, NULL),
                      "prepare", error))
        return NULL;
      /* The key is a string literal of this file: it outlives the table. */
      g_hash_table_insert (self->statements, (gpointer)sql, stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  return stmt;
}

gint64
_ddb_store_hash_to_sql (guint64 hash)
{
  return (gint64)(hash ^ G_GUINT64_CONSTANT (0x8000000000000000));
}

guint64
_ddb_store_hash_from_sql (gint64 value)
{
  return (guint64)value ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

/* Binds a BLOB; an empty one must not be bound from a NULL pointer, which means NULL. */
void
_ddb_store_bind_blob (sqlite3_stmt *stmt,
           int           index,
           const guint8 *bytes,
           gsize         length)
{
  sqlite3_bind_blob (stmt, index, length > 0 ? (const void *)bytes : "", (int)length,
                     SQLITE_STATIC);
}

static void
bind_key (sqlite3_stmt     *stmt,
          int               first,
          gint64            table_id,
          const DdbItemKey *key)
{
  sqlite3_bind_int64 (stmt, first, table_id);
  sqlite3_bind_int64 (stmt, first + 1, _ddb_store_hash_to_sql (key->hash));
  _ddb_store_bind_blob (stmt, first + 2, key->pk, key->pk_length);
  _ddb_store_bind_blob (stmt, first + 3, key->sk, key->sk_length);
}

/* Binds a TTL epoch second, G_MININT64 (no expiry) as NULL. */
void
_ddb_store_bind_expires (sqlite3_stmt *stmt,
                         int           index,
                         gint64        expires)
{
  if (expires == G_MININT64)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, expires);
}

/* Reads the columns (id, hash, pk, sk, size, data) of the current row. */
void
_ddb_store_read_row (sqlite3_stmt *stmt,
                     DdbStoreRow  *row)
{
  row->rowid = sqlite3_column_int64 (stmt, 0);
  row->hash = _ddb_store_hash_from_sql (sqlite3_column_int64 (stmt, 1));
  row->pk = sqlite3_column_blob (stmt, 2);
  row->pk_length = sqlite3_column_bytes (stmt, 2);
  row->sk = sqlite3_column_blob (stmt, 3);
  row->sk_length = sqlite3_column_bytes (stmt, 3);
  row->size = sqlite3_column_int64 (stmt, 4);
  row->data = sqlite3_column_blob (stmt, 5);
  row->data_length = sqlite3_column_bytes (stmt, 5);
}

/* ---------------------------------------------------------------------------------------
 * Opening and transactions
 * ------------------------------------------------------------------------------------- */

static gboolean
check_schema_version (DdbStore  *self,
                      GError   **error)
{
  gint64 version;
  gboolean found;

  if (!ddb_store_get_meta (self, "schema_version", &version, &found, error))
    return FALSE;

  if (!found)
    return ddb_store_set_meta (self, "schema_version", DDB_STORE_SCHEMA_VERSION, error);

  if (version != DDB_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
                   "storage: the database has schema version %" G_GINT64_FORMAT ", this "
                   "ddbsim reads version %d", version, DDB_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/**
 * ddb_store_open:
 * @path: (nullable): a database file, created if missing; NULL for an in-memory database
 *
 * Returns: (transfer full) (nullable): the store, or NULL with @error set.
 */
DdbStore *
ddb_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(DdbStore) self = g_new0 (DdbStore, 1);
  const char *pragmas;
  int rc;

  self->persistent = path != NULL;
  /* Keyed by the address of the SQL literal: each call site passes its own constant, and
   * hashing a pointer is much cheaper than hashing the statement's text. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            statement_free);

  rc = sqlite3_open_v2 (path != NULL ? path : ":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE, "storage: cannot open %s: %s",
                   path != NULL ? path : "an in-memory database",
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  pragmas = self->persistent
            ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;"
            : "PRAGMA cache_size = -65536;";
  if (!_ddb_store_sqlite_ok (self->db, sqlite3_exec (self->db, pragmas, NULL, NULL, NULL), "configure",
                  error) ||
      !_ddb_store_sqlite_ok (self->db, sqlite3_exec (self->db, schema_sql, NULL, NULL, NULL),
                  "create schema", error) ||
      !check_schema_version (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
ddb_store_free (DdbStore *store)
{
  if (store == NULL)
    return;

  g_clear_pointer (&store->statements, g_hash_table_unref);
  g_clear_pointer (&store->db, sqlite3_close);
  g_free (store);
}

gboolean
ddb_store_is_persistent (DdbStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return store->persistent;
}

static gboolean
run_simple (DdbStore    *self,
            const char  *sql,
            const char  *what,
            GError     **error)
{
  sqlite3_stmt *stmt = _ddb_store_cached_statement (self, sql, error);

  return stmt != NULL && _ddb_store_sqlite_ok (self->db, sqlite3_step (stmt), what, error);
}

/* Starts the transaction of one request (or of one batch of requests). */
gboolean
ddb_store_begin (DdbStore  *store,
                 GError   **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return run_simple (store, "BEGIN", "begin", error);
}

gboolean
ddb_store_commit (DdbStore  *store,
                  GError   **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return run_simple (store, "COMMIT", "commit", error);
}

/* Undoes the current transaction; nothing may fail here that the caller could handle. */
void
ddb_store_rollback (DdbStore *store)
{
  g_return_if_fail (store != NULL);

  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---------------------------------------------------------------------------------------
 * Meta values
 * ------------------------------------------------------------------------------------- */

gboolean
ddb_store_get_meta (DdbStore    *store,
                    const char  *key,
                    gint64      *value,
                    gboolean    *found,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL && key != NULL && value != NULL && found != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "SELECT value FROM ddb_meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (!_ddb_store_sqlite_ok (store->db, rc, "read meta", error))
    return FALSE;

  *found = rc == SQLITE_ROW;
  if (*found)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

gboolean
ddb_store_set_meta (DdbStore    *store,
                    const char  *key,
                    gint64       value,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && key != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "INSERT INTO ddb_meta (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "write meta", error);
}

/* ---------------------------------------------------------------------------------------
 * Table definitions
 * ------------------------------------------------------------------------------------- */

/* Returns: the new table's id, or 0 with @error set. */
gint64
ddb_store_insert_table (DdbStore    *store,
                        const char  *name,
                        const char  *definition,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && name != NULL && definition != NULL, 0);

  stmt = _ddb_store_cached_statement (store, "INSERT INTO ddb_tables (name, definition) VALUES (?1, ?2)",
                           error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, definition, -1, SQLITE_STATIC);
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "insert table", error))
    return 0;

  return sqlite3_last_insert_rowid (store->db);
}

gboolean
ddb_store_update_table (DdbStore    *store,
                        gint64       table_id,
                        const char  *definition,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && definition != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "UPDATE ddb_tables SET definition = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_text (stmt, 2, definition, -1, SQLITE_STATIC);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "update table", error);
}

/* Deletes a table's definition, every item of it and every index entry. */
gboolean
ddb_store_delete_table (DdbStore    *store,
                        gint64       table_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_items WHERE tbl = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete items", error))
    return FALSE;

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_entries WHERE tbl = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete index entries", error))
    return FALSE;

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_tables WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete table", error);
}

/* Calls @func for every table, in creation order. */
gboolean
ddb_store_load_tables (DdbStore           *store,
                       DdbStoreTableFunc   func,
                       gpointer            user_data,
                       GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL && func != NULL, FALSE);

  if (!_ddb_store_sqlite_ok (store->db, sqlite3_prepare_v2 (store->db, "SELECT id, name, definition FROM "
                                                 "ddb_tables ORDER BY id", -1, &stmt, NULL),
                  "prepare", error))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int64 (stmt, 0), (const char *)sqlite3_column_text (stmt, 1),
          (const char *)sqlite3_column_text (stmt, 2), user_data);

  return _ddb_store_sqlite_ok (store->db, rc, "load tables", error);
}

/* ---------------------------------------------------------------------------------------
 * Items
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_store_get_item:
 * @with_data: FALSE when only the row id and size are needed (a write that replaces an
 *   item without looking at it), which spares SQLite copying the item out
 * @found: (out): whether the item exists; @row is filled in only then
 *
 * Reads the item with @key.  Returns FALSE only on a storage failure.
 */
gboolean
ddb_store_get_item (DdbStore          *store,
                    gint64             table_id,
                    const DdbItemKey  *key,
                    gboolean           with_data,
                    DdbStoreRow       *row,
                    gboolean          *found,
                    GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL && key != NULL && row != NULL && found != NULL, FALSE);

  /* Only the columns a point read needs: the key is the caller's already. */
  if (with_data)
    stmt = _ddb_store_cached_statement (store, "SELECT id, size, data FROM ddb_items "
                                    "WHERE tbl = ?1 AND hash = ?2 AND pk = ?3 AND sk = ?4",
                             error);
  else
    stmt = _ddb_store_cached_statement (store, "SELECT id, size, NULL FROM ddb_items "
                                    "WHERE tbl = ?1 AND hash = ?2 AND pk = ?3 AND sk = ?4",
                             error);
  if (stmt == NULL)
    return FALSE;

  bind_key (stmt, 1, table_id, key);
  rc = sqlite3_step (stmt);
  if (!_ddb_store_sqlite_ok (store->db, rc, "read item", error))
    return FALSE;

  *found = rc == SQLITE_ROW;
  if (*found)
    {
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->hash = key->hash;
      row->pk = key->pk;
      row->pk_length = key->pk_length;
      row->sk = key->sk;
      row->sk_length = key->sk_length;
      row->size = sqlite3_column_int64 (stmt, 1);
      row->data = sqlite3_column_blob (stmt, 2);
      row->data_length = sqlite3_column_bytes (stmt, 2);
    }

  return TRUE;
}

/* Inserts a new item.  @expires is the TTL epoch second, or G_MININT64 for none. */
gboolean
ddb_store_insert_item (DdbStore          *store,
                       gint64             table_id,
                       const DdbItemKey  *key,
                       gint64             size,
                       gint64             expires,
                       const guint8      *data,
                       gsize              data_length,
                       GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && key != NULL && data != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "INSERT INTO ddb_items (tbl, hash, pk, sk, size, expires, "
                                  "data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;

  bind_key (stmt, 1, table_id, key);
  sqlite3_bind_int64 (stmt, 5, size);
  _ddb_store_bind_expires (stmt, 6, expires);
  _ddb_store_bind_blob (stmt, 7, data, data_length);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "insert item", error);
}

/* Replaces the attributes of the item stored in row @rowid. */
gboolean
ddb_store_update_item (DdbStore      *store,
                       gint64         rowid,
                       gint64         size,
                       gint64         expires,
                       const guint8  *data,
                       gsize          data_length,
                       GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && data != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "UPDATE ddb_items SET size = ?2, expires = ?3, data = ?4 "
                                  "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int64 (stmt, 2, size);
  _ddb_store_bind_expires (stmt, 3, expires);
  _ddb_store_bind_blob (stmt, 4, data, data_length);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "update item", error);
}

gboolean
ddb_store_delete_item (DdbStore  *store,
                       gint64     rowid,
                       GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_items WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rowid);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete item", error);
}

/* Counting and ranking rows in a key range, for the items (ddb_items, sort key sk) and for
 * the entries of an index (ddb_entries, sort key isk).  @sql binds ?1 table, ?2 index (not
 * used by item queries: SQLite allows numbered parameters to be skipped), ?3 and ?4 the
 * hash range, ?5 the rank, ?6 the sort key where hash ?3 starts (an empty blob: its first)
 * and ?7 the one where hash ?4 stops (NULL: after its last); RANGE_WHERE spells the
 * condition. */
static void
bind_range (sqlite3_stmt           *stmt,
            gint64                  table_id,
            guint                   index,
            const DdbStoreKeyRange *range)
{
  gsize length;
  const guint8 *bytes;

  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_int64 (stmt, 2, index);
  sqlite3_bind_int64 (stmt, 3, _ddb_store_hash_to_sql (range->low));
  sqlite3_bind_int64 (stmt, 4, _ddb_store_hash_to_sql (range->high));
  if (range->low_sort != NULL)
    {
      bytes = g_bytes_get_data (range->low_sort, &length);
      _ddb_store_bind_blob (stmt, 6, bytes, length);
    }
  else
    _ddb_store_bind_blob (stmt, 6, NULL, 0);
  if (range->high_sort != NULL)
    {
      bytes = g_bytes_get_data (range->high_sort, &length);
      _ddb_store_bind_blob (stmt, 7, bytes, length);
    }
  else
    sqlite3_bind_null (stmt, 7);
}

gboolean
_ddb_store_count_in_range (DdbStore               *store,
                           const char             *sql,
                           gint64                  table_id,
                           guint                   index,
                           const DdbStoreKeyRange *range,
                           gint64                 *count,
                           gint64                 *bytes,
                           GError                **error)
{
  sqlite3_stmt *stmt = _ddb_store_cached_statement (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_range (stmt, table_id, index, range);
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "count rows", error))
    return FALSE;

  *count = sqlite3_column_int64 (stmt, 0);
  *bytes = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  return TRUE;
}

gboolean
_ddb_store_nth_key_in_range (DdbStore               *store,
                             const char             *sql,
                             gint64                  table_id,
                             guint                   index,
                             const DdbStoreKeyRange *range,
                             gint64                  n,
                             guint64                *hash,
                             GBytes                **sort,
                             GError                **error)
{
  sqlite3_stmt *stmt = _ddb_store_cached_statement (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_range (stmt, table_id, index, range);
  sqlite3_bind_int64 (stmt, 5, n);
  rc = sqlite3_step (stmt);
  if (!_ddb_store_sqlite_ok (store->db, rc, "find split point", error))
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_STORAGE,
                   "storage: no row %" G_GINT64_FORMAT " in the range", n);
      return FALSE;
    }

  *hash = _ddb_store_hash_from_sql (sqlite3_column_int64 (stmt, 0));
  *sort = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  sqlite3_reset (stmt);

  return TRUE;
}

#define ITEMS_IN_RANGE \
  "FROM ddb_items WHERE tbl = ?1 AND " _DDB_STORE_RANGE_WHERE ("sk")

/* The number and total size of a table's items in @range. */
gboolean
ddb_store_count_range (DdbStore               *store,
                       gint64                  table_id,
                       const DdbStoreKeyRange *range,
                       gint64                 *count,
                       gint64                 *bytes,
                       GError                **error)
{
  g_return_val_if_fail (store != NULL && range != NULL, FALSE);
  g_return_val_if_fail (count != NULL && bytes != NULL, FALSE);

  return _ddb_store_count_in_range (store, "SELECT count(*), coalesce (sum (size), 0) "
                                           ITEMS_IN_RANGE,
                                    table_id, 0, range, count, bytes, error);
}

/* The key (hash and sort key) of the @n-th item (from 0, in key order) in @range; the
 * median of a partition is where a size split cuts it. */
gboolean
ddb_store_nth_key (DdbStore               *store,
                   gint64                  table_id,
                   const DdbStoreKeyRange *range,
                   gint64                  n,
                   guint64                *hash,
                   GBytes                **sort,
                   GError                **error)
{
  g_return_val_if_fail (store != NULL && range != NULL && n >= 0, FALSE);
  g_return_val_if_fail (hash != NULL && sort != NULL, FALSE);

  return _ddb_store_nth_key_in_range (store, "SELECT hash, sk " ITEMS_IN_RANGE
                                             " ORDER BY hash, pk, sk LIMIT 1 OFFSET ?5",
                                      table_id, 0, range, n, hash, sort, error);
}

/* ---------------------------------------------------------------------------------------
 * Cursors
 * ------------------------------------------------------------------------------------- */

DdbStoreCursor *
_ddb_store_cursor_new (DdbStore    *store,
            const char  *sql,
            GError     **error)
{
  g_autoptr(DdbStoreCursor) cursor = g_new0 (DdbStoreCursor, 1);

  cursor->store = store;
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_prepare_v2 (store->db, sql, -1, &cursor->stmt, NULL),
                  "prepare", error))
    return NULL;

  return g_steal_pointer (&cursor);
}

/**
 * ddb_store_query:
 * @partition: the partition key (hash and pk); its sort key is ignored
 * @lower: (nullable): the lowest sort key, or NULL
 * @upper: (nullable): the highest sort key, or NULL
 * @descending: return items in descending sort key order
 *
 * Returns: (transfer full) (nullable): a cursor over the item collection of one partition
 *   key, within the sort key bounds, in sort key order.
 */
DdbStoreCursor *
ddb_store_query (DdbStore             *store,
                 gint64                table_id,
                 const DdbItemKey     *partition,
                 const DdbStoreBound  *lower,
                 const DdbStoreBound  *upper,
                 gboolean              descending,
                 GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, hash, pk, sk, size, data FROM ddb_items "
                                         "WHERE tbl = ?1 AND hash = ?2 AND pk = ?3");
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL && partition != NULL, NULL);

  if (lower != NULL && lower->bytes != NULL)
    g_string_append (sql, lower->inclusive ? " AND sk >= ?4" : " AND sk > ?4");
  if (upper != NULL && upper->bytes != NULL)
    g_string_append (sql, upper->inclusive ? " AND sk <= ?5" : " AND sk < ?5");
  g_string_append (sql, descending ? " ORDER BY sk DESC" : " ORDER BY sk ASC");

  cursor = _ddb_store_cursor_new (store, sql->str, error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, _ddb_store_hash_to_sql (partition->hash));
  _ddb_store_bind_blob (cursor->stmt, 3, partition->pk, partition->pk_length);
  if (lower != NULL && lower->bytes != NULL)
    _ddb_store_bind_blob (cursor->stmt, 4, lower->bytes, lower->length);
  if (upper != NULL && upper->bytes != NULL)
    _ddb_store_bind_blob (cursor->stmt, 5, upper->bytes, upper->length);

  return cursor;
}

/**
 * ddb_store_scan:
 * @hash_low: the lowest hash to visit (a segment's or the table's start)
 * @hash_high: the highest hash to visit
 * @exclusive_start: (nullable): resume after this key
 *
 * Returns: (transfer full) (nullable): a cursor over a table's items in (hash, pk, sk)
 *   order, which is partition order.
 */
DdbStoreCursor *
ddb_store_scan (DdbStore          *store,
                gint64             table_id,
                guint64            hash_low,
                guint64            hash_high,
                const DdbItemKey  *exclusive_start,
                GError           **error)
{
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL, NULL);

  cursor = _ddb_store_cursor_new (store, exclusive_start == NULL
                              ? "SELECT id, hash, pk, sk, size, data FROM ddb_items WHERE "
                                "tbl = ?1 AND hash BETWEEN ?2 AND ?3 ORDER BY hash, pk, sk"
                              : "SELECT id, hash, pk, sk, size, data FROM ddb_items WHERE "
                                "tbl = ?1 AND hash BETWEEN ?2 AND ?3 AND (hash, pk, sk) > "
                                "(?4, ?5, ?6) ORDER BY hash, pk, sk",
                       error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, _ddb_store_hash_to_sql (hash_low));
  sqlite3_bind_int64 (cursor->stmt, 3, _ddb_store_hash_to_sql (hash_high));
  if (exclusive_start != NULL)
    {
      sqlite3_bind_int64 (cursor->stmt, 4, _ddb_store_hash_to_sql (exclusive_start->hash));
      _ddb_store_bind_blob (cursor->stmt, 5, exclusive_start->pk, exclusive_start->pk_length);
      _ddb_store_bind_blob (cursor->stmt, 6, exclusive_start->sk, exclusive_start->sk_length);
    }

  return cursor;
}

/**
 * ddb_store_scan_after_rowid:
 *
 * Returns: (transfer full) (nullable): a cursor over a table's items whose row id is
 *   greater than @rowid, in row id order (the order a GSI backfill visits them).
 */
DdbStoreCursor *
ddb_store_scan_after_rowid (DdbStore  *store,
                            gint64     table_id,
                            gint64     rowid,
                            GError   **error)
{
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL, NULL);

  cursor = _ddb_store_cursor_new (store, "SELECT id, hash, pk, sk, size, data FROM ddb_items "
                                         "WHERE id > ?2 AND tbl = ?1 ORDER BY id",
                                  error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, rowid);

  return cursor;
}

/* The row id SQLite gave the last item inserted. */
gint64
ddb_store_last_insert_rowid (DdbStore *store)
{
  g_return_val_if_fail (store != NULL, 0);

  return sqlite3_last_insert_rowid (store->db);
}

/**
 * ddb_store_cursor_next:
 * @found: (out): FALSE at the end of the range
 *
 * Moves to the next row.  Returns FALSE only on a storage failure.
 */
gboolean
ddb_store_cursor_next (DdbStoreCursor  *cursor,
                       DdbStoreRow     *row,
                       gboolean        *found,
                       GError         **error)
{
  int rc;

  g_return_val_if_fail (cursor != NULL && row != NULL && found != NULL, FALSE);

  rc = sqlite3_step (cursor->stmt);
  if (!_ddb_store_sqlite_ok (cursor->store->db, rc, "read range", error))
    return FALSE;

  *found = rc == SQLITE_ROW;
  if (*found)
    _ddb_store_read_row (cursor->stmt, row);

  return TRUE;
}

void
ddb_store_cursor_free (DdbStoreCursor *cursor)
{
  if (cursor == NULL)
    return;

  g_clear_pointer (&cursor->stmt, sqlite3_finalize);
  g_free (cursor);
}
