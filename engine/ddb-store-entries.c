/* ddb-store-entries.c
 *
 * Secondary index entries in the store: writing them as base items change, counting them
 * per GSI partition, sizing LSI item collections, and reading them back in index order
 * for Query and Scan on an index.  See ddb-store.c for the schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-store"

#include "config.h"

#include "ddb-engine-error.h"
#include "ddb-store-private.h"

/* ---------------------------------------------------------------------------------------
 * Secondary index entries
 * ------------------------------------------------------------------------------------- */

static void
bind_entry_key (sqlite3_stmt     *stmt,
                gint64            table_id,
                guint             index,
                const DdbItemKey *index_key,
                const DdbItemKey *base_key)
{
  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_int64 (stmt, 2, index);
  sqlite3_bind_int64 (stmt, 3, _ddb_store_hash_to_sql (index_key->hash));
  _ddb_store_bind_blob (stmt, 4, index_key->pk, index_key->pk_length);
  _ddb_store_bind_blob (stmt, 5, index_key->sk, index_key->sk_length);
  _ddb_store_bind_blob (stmt, 6, base_key->pk, base_key->pk_length);
  _ddb_store_bind_blob (stmt, 7, base_key->sk, base_key->sk_length);
}

/* Runs @sql, an INSERT or UPDATE of one entry: ?1 to ?7 its keys, ?8 size, ?9 data. */
static gboolean
write_entry (DdbStore          *store,
             const char        *sql,
             const char        *what,
             gint64             table_id,
             guint              index,
             const DdbItemKey  *index_key,
             const DdbItemKey  *base_key,
             gint64             size,
             const guint8      *data,
             gsize              data_length,
             GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && index_key != NULL && base_key != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  bind_entry_key (stmt, table_id, index, index_key, base_key);
  sqlite3_bind_int64 (stmt, 8, size);
  _ddb_store_bind_blob (stmt, 9, data, data_length);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), what, error);
}

/* Adds the entry of a base item to index @index. */
gboolean
ddb_store_insert_entry (DdbStore          *store,
                        gint64             table_id,
                        guint              index,
                        const DdbItemKey  *index_key,
                        const DdbItemKey  *base_key,
                        gint64             size,
                        const guint8      *data,
                        gsize              data_length,
                        GError           **error)
{
  return write_entry (store, "INSERT INTO ddb_entries (tbl, idx, hash, ipk, isk, bpk, bsk, "
                             "size, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      "insert index entry", table_id, index, index_key, base_key, size, data,
                      data_length, error);
}

/* Replaces the projected attributes of an entry whose keys did not change. */
gboolean
ddb_store_update_entry (DdbStore          *store,
                        gint64             table_id,
                        guint              index,
                        const DdbItemKey  *index_key,
                        const DdbItemKey  *base_key,
                        gint64             size,
                        const guint8      *data,
                        gsize              data_length,
                        GError           **error)
{
  return write_entry (store, "UPDATE ddb_entries SET size = ?8, data = ?9 WHERE tbl = ?1 "
                             "AND idx = ?2 AND hash = ?3 AND ipk = ?4 AND isk = ?5 AND "
                             "bpk = ?6 AND bsk = ?7",
                      "update index entry", table_id, index, index_key, base_key, size, data,
                      data_length, error);
}

gboolean
ddb_store_delete_entry (DdbStore          *store,
                        gint64             table_id,
                        guint              index,
                        const DdbItemKey  *index_key,
                        const DdbItemKey  *base_key,
                        GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && index_key != NULL && base_key != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_entries WHERE tbl = ?1 AND idx = ?2 AND "
                                  "hash = ?3 AND ipk = ?4 AND isk = ?5 AND bpk = ?6 AND bsk = ?7",
                           error);
  if (stmt == NULL)
    return FALSE;

  bind_entry_key (stmt, table_id, index, index_key, base_key);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete index entry", error);
}

/* Deletes every entry of an index (DeleteTable, or a GSI removed by UpdateTable). */
gboolean
ddb_store_delete_index (DdbStore  *store,
                        gint64     table_id,
                        guint      index,
                        GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "DELETE FROM ddb_entries WHERE tbl = ?1 AND idx = ?2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_int64 (stmt, 2, index);

  return _ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "delete index", error);
}

#define ENTRIES_IN_RANGE \
  "FROM ddb_entries WHERE tbl = ?1 AND idx = ?2 AND " _DDB_STORE_RANGE_WHERE ("isk")

/* The number and total size of an index's entries in @range (by index key). */
gboolean
ddb_store_count_entries (DdbStore               *store,
                         gint64                  table_id,
                         guint                   index,
                         const DdbStoreKeyRange *range,
                         gint64                 *count,
                         gint64                 *bytes,
                         GError                **error)
{
  g_return_val_if_fail (store != NULL && range != NULL, FALSE);
  g_return_val_if_fail (count != NULL && bytes != NULL, FALSE);

  return _ddb_store_count_in_range (store, "SELECT count(*), coalesce (sum (size), 0) "
                                           ENTRIES_IN_RANGE,
                                    table_id, index, range, count, bytes, error);
}

/* The index key of the @n-th entry of an index in @range, where a GSI partition splits. */
gboolean
ddb_store_nth_entry_key (DdbStore               *store,
                         gint64                  table_id,
                         guint                   index,
                         const DdbStoreKeyRange *range,
                         gint64                  n,
                         guint64                *hash,
                         GBytes                **sort,
                         GError                **error)
{
  g_return_val_if_fail (store != NULL && range != NULL && n >= 0, FALSE);
  g_return_val_if_fail (hash != NULL && sort != NULL, FALSE);

  return _ddb_store_nth_key_in_range (store, "SELECT hash, isk " ENTRIES_IN_RANGE
                                             " ORDER BY hash, ipk, isk LIMIT 1 OFFSET ?5",
                                      table_id, index, range, n, hash, sort, error);
}

/**
 * ddb_store_collection_size:
 * @partition: the partition key (hash and pk) of the item collection
 * @local_indexes: (array length=n_local_indexes): the numbers of the table's LSIs
 *
 * The size of an item collection: every item with this partition key and every entry of
 * the table's local secondary indexes for them (rulebook 2.3).
 */
gboolean
ddb_store_collection_size (DdbStore          *store,
                           gint64             table_id,
                           const DdbItemKey  *partition,
                           const guint       *local_indexes,
                           guint              n_local_indexes,
                           gint64            *bytes,
                           GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && partition != NULL && bytes != NULL, FALSE);

  stmt = _ddb_store_cached_statement (store, "SELECT coalesce (sum (size), 0) FROM ddb_items WHERE "
                                  "tbl = ?1 AND hash = ?2 AND pk = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_int64 (stmt, 2, _ddb_store_hash_to_sql (partition->hash));
  _ddb_store_bind_blob (stmt, 3, partition->pk, partition->pk_length);
  if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "size item collection", error))
    return FALSE;
  *bytes = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (guint i = 0; i < n_local_indexes; i++)
    {
      stmt = _ddb_store_cached_statement (store, "SELECT coalesce (sum (size), 0) FROM ddb_entries WHERE "
                                      "tbl = ?1 AND idx = ?2 AND hash = ?3 AND ipk = ?4", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, table_id);
      sqlite3_bind_int64 (stmt, 2, local_indexes[i]);
      sqlite3_bind_int64 (stmt, 3, _ddb_store_hash_to_sql (partition->hash));
      _ddb_store_bind_blob (stmt, 4, partition->pk, partition->pk_length);
      if (!_ddb_store_sqlite_ok (store->db, sqlite3_step (stmt), "size item collection", error))
        return FALSE;
      *bytes += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Index cursors
 * ------------------------------------------------------------------------------------- */

/**
 * ddb_store_query_index:
 * @partition: the index partition key (hash and encoding)
 * @lower: (nullable): the lowest index sort key
 * @upper: (nullable): the highest index sort key
 * @start: (nullable): resume after this entry
 *
 * Returns: (transfer full) (nullable): a cursor over the entries of one index partition
 *   key, in index sort key order (then base key order).
 */
DdbStoreCursor *
ddb_store_query_index (DdbStore                 *store,
                       gint64                    table_id,
                       guint                     index,
                       const DdbItemKey         *partition,
                       const DdbStoreBound      *lower,
                       const DdbStoreBound      *upper,
                       const DdbStoreEntryStart *start,
                       gboolean                  descending,
                       GError                  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, hash, ipk, isk, bpk, bsk, size, data FROM "
                                         "ddb_entries WHERE tbl = ?1 AND idx = ?2 AND hash = ?3 "
                                         "AND ipk = ?4");
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL && partition != NULL, NULL);

  if (lower != NULL && lower->bytes != NULL)
    g_string_append (sql, lower->inclusive ? " AND isk >= ?5" : " AND isk > ?5");
  if (upper != NULL && upper->bytes != NULL)
    g_string_append (sql, upper->inclusive ? " AND isk <= ?6" : " AND isk < ?6");
  if (start != NULL)
    g_string_append (sql, descending ? " AND (isk, bpk, bsk) < (?7, ?8, ?9)"
                                     : " AND (isk, bpk, bsk) > (?7, ?8, ?9)");
  g_string_append (sql, descending ? " ORDER BY isk DESC, bpk DESC, bsk DESC"
                                   : " ORDER BY isk, bpk, bsk");

  cursor = _ddb_store_cursor_new (store, sql->str, error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, index);
  sqlite3_bind_int64 (cursor->stmt, 3, _ddb_store_hash_to_sql (partition->hash));
  _ddb_store_bind_blob (cursor->stmt, 4, partition->pk, partition->pk_length);
  if (lower != NULL && lower->bytes != NULL)
    _ddb_store_bind_blob (cursor->stmt, 5, lower->bytes, lower->length);
  if (upper != NULL && upper->bytes != NULL)
    _ddb_store_bind_blob (cursor->stmt, 6, upper->bytes, upper->length);
  if (start != NULL)
    {
      _ddb_store_bind_blob (cursor->stmt, 7, start->index_key->sk, start->index_key->sk_length);
      _ddb_store_bind_blob (cursor->stmt, 8, start->base_key->pk, start->base_key->pk_length);
      _ddb_store_bind_blob (cursor->stmt, 9, start->base_key->sk, start->base_key->sk_length);
    }

  return cursor;
}

/* Returns: (transfer full) (nullable): a cursor over an index's entries in hash order,
 * from @hash_low to @hash_high, after @start when given. */
DdbStoreCursor *
ddb_store_scan_index (DdbStore                 *store,
                      gint64                    table_id,
                      guint                     index,
                      guint64                   hash_low,
                      guint64                   hash_high,
                      const DdbStoreEntryStart *start,
                      GError                  **error)
{
  DdbStoreCursor *cursor;

  g_return_val_if_fail (store != NULL, NULL);

  cursor = _ddb_store_cursor_new (store, start == NULL
                              ? "SELECT id, hash, ipk, isk, bpk, bsk, size, data FROM ddb_entries "
                                "WHERE tbl = ?1 AND idx = ?2 AND hash BETWEEN ?3 AND ?4 "
                                "ORDER BY hash, ipk, isk, bpk, bsk"
                              : "SELECT id, hash, ipk, isk, bpk, bsk, size, data FROM ddb_entries "
                                "WHERE tbl = ?1 AND idx = ?2 AND hash BETWEEN ?3 AND ?4 AND "
                                "(hash, ipk, isk, bpk, bsk) > (?5, ?6, ?7, ?8, ?9) "
                                "ORDER BY hash, ipk, isk, bpk, bsk",
                       error);
  if (cursor == NULL)
    return NULL;

  sqlite3_bind_int64 (cursor->stmt, 1, table_id);
  sqlite3_bind_int64 (cursor->stmt, 2, index);
  sqlite3_bind_int64 (cursor->stmt, 3, _ddb_store_hash_to_sql (hash_low));
  sqlite3_bind_int64 (cursor->stmt, 4, _ddb_store_hash_to_sql (hash_high));
  if (start != NULL)
    {
      sqlite3_bind_int64 (cursor->stmt, 5, _ddb_store_hash_to_sql (start->index_key->hash));
      _ddb_store_bind_blob (cursor->stmt, 6, start->index_key->pk, start->index_key->pk_length);
      _ddb_store_bind_blob (cursor->stmt, 7, start->index_key->sk, start->index_key->sk_length);
      _ddb_store_bind_blob (cursor->stmt, 8, start->base_key->pk, start->base_key->pk_length);
      _ddb_store_bind_blob (cursor->stmt, 9, start->base_key->sk, start->base_key->sk_length);
    }

  return cursor;
}

/* Moves an index cursor to its next entry; FALSE only on a storage failure. */
gboolean
ddb_store_cursor_next_entry (DdbStoreCursor    *cursor,
                             DdbStoreEntryRow  *row,
                             gboolean          *found,
                             GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (cursor != NULL && row != NULL && found != NULL, FALSE);

  stmt = cursor->stmt;
  rc = sqlite3_step (stmt);
  if (!_ddb_store_sqlite_ok (cursor->store->db, rc, "read index range", error))
    return FALSE;

  *found = rc == SQLITE_ROW;
  if (*found)
    {
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->hash = _ddb_store_hash_from_sql (sqlite3_column_int64 (stmt, 1));
      row->ipk = sqlite3_column_blob (stmt, 2);
      row->ipk_length = sqlite3_column_bytes (stmt, 2);
      row->isk = sqlite3_column_blob (stmt, 3);
      row->isk_length = sqlite3_column_bytes (stmt, 3);
      row->bpk = sqlite3_column_blob (stmt, 4);
      row->bpk_length = sqlite3_column_bytes (stmt, 4);
      row->bsk = sqlite3_column_blob (stmt, 5);
      row->bsk_length = sqlite3_column_bytes (stmt, 5);
      row->size = sqlite3_column_int64 (stmt, 6);
      row->data = sqlite3_column_blob (stmt, 7);
      row->data_length = sqlite3_column_bytes (stmt, 7);
    }

  return TRUE;
}
