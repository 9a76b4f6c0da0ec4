/* ddb-store-private.h
 *
 * What the files of the store share: the instance structs, the SQLite-to-GError helper,
 * the statement cache and the binding helpers.  Private to ddb-store*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ddb-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DdbStore
{
  sqlite3    *db;
  gboolean    persistent;
  GHashTable *statements;       /* SQL literal (by address) -> sqlite3_stmt*, prepared once */
};

struct _DdbStoreCursor
{
  DdbStore     *store;
  sqlite3_stmt *stmt;
};

gboolean        _ddb_store_sqlite_ok        (sqlite3         *db,
                                             int              rc,
                                             const char      *what,
                                             GError         **error);
sqlite3_stmt   *_ddb_store_cached_statement (DdbStore        *self,
                                             const char      *sql,
                                             GError         **error);
gint64          _ddb_store_hash_to_sql      (guint64          hash);
guint64         _ddb_store_hash_from_sql    (gint64           value);
void            _ddb_store_bind_blob        (sqlite3_stmt    *stmt,
                                             int              index,
                                             const guint8    *bytes,
                                             gsize            length);
void            _ddb_store_bind_expires     (sqlite3_stmt    *stmt,
                                             int              index,
                                             gint64           expires);
void            _ddb_store_read_row         (sqlite3_stmt    *stmt,
                                             DdbStoreRow     *row);
/* The condition of a key range (see _ddb_store_count_in_range()) on sort key column @sk. */
#define _DDB_STORE_RANGE_WHERE(sk) \
  "hash BETWEEN ?3 AND ?4 AND NOT (hash = ?3 AND " sk " < ?6) AND " \
  "NOT (hash = ?4 AND ?7 IS NOT NULL AND " sk " >= ?7)"

gboolean        _ddb_store_count_in_range   (DdbStore        *store,
                                             const char      *sql,
                                             gint64           table_id,
                                             guint            index,
                                             const DdbStoreKeyRange *range,
                                             gint64          *count,
                                             gint64          *bytes,
                                             GError         **error);
gboolean        _ddb_store_nth_key_in_range (DdbStore        *store,
                                             const char      *sql,
                                             gint64           table_id,
                                             guint            index,
                                             const DdbStoreKeyRange *range,
                                             gint64           n,
                                             guint64         *hash,
                                             GBytes         **sort,
                                             GError         **error);
DdbStoreCursor *_ddb_store_cursor_new       (DdbStore        *store,
                                             const char      *sql,
                                             GError         **error);

G_END_DECLS
