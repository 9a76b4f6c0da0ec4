/* ddb-store.h
 *
 * The engine's SQLite storage: items of every table in one rowid table ordered by a
 * unique index on (table, hash, partition key, sort key), table definitions as JSON
 * documents, and a small key/value table for the clock and the schema version.
 *
 * All functions report SQLite failures as DDB_ENGINE_ERROR_STORAGE.  Pointers inside a
 * DdbStoreRow stay valid until the next call on the same store or cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-key.h"

G_BEGIN_DECLS

typedef struct _DdbStore       DdbStore;
typedef struct _DdbStoreCursor DdbStoreCursor;

typedef struct
{
  gint64        rowid;
  guint64       hash;
  const guint8 *pk;
  gsize         pk_length;
  const guint8 *sk;
  gsize         sk_length;
  gint64        size;
  const guint8 *data;
  gsize         data_length;
} DdbStoreRow;

/* A bound of a sort key range; a NULL `bytes` means unbounded on that side. */
typedef struct
{
  const guint8 *bytes;
  gsize         length;
  gboolean      inclusive;
} DdbStoreBound;

typedef void (*DdbStoreTableFunc) (gint64      table_id,
                                   const char *name,
                                   const char *definition,
                                   gpointer    user_data);

DdbStore       *ddb_store_open            (const char          *path,
                                           GError             **error);
void            ddb_store_free            (DdbStore            *store);
gboolean        ddb_store_is_persistent   (DdbStore            *store);

gboolean        ddb_store_begin           (DdbStore            *store,
                                           GError             **error);
gboolean        ddb_store_commit          (DdbStore            *store,
                                           GError             **error);
void            ddb_store_rollback        (DdbStore            *store);

gboolean        ddb_store_get_meta        (DdbStore            *store,
                                           const char          *key,
                                           gint64              *value,
                                           gboolean            *found,
                                           GError             **error);
gboolean        ddb_store_set_meta        (DdbStore            *store,
                                           const char          *key,
                                           gint64               value,
                                           GError             **error);

gint64          ddb_store_insert_table    (DdbStore            *store,
                                           const char          *name,
                                           const char          *definition,
                                           GError             **error);
gboolean        ddb_store_update_table    (DdbStore            *store,
                                           gint64               table_id,
                                           const char          *definition,
                                           GError             **error);
gboolean        ddb_store_delete_table    (DdbStore            *store,
                                           gint64               table_id,
                                           GError             **error);
gboolean        ddb_store_load_tables     (DdbStore            *store,
                                           DdbStoreTableFunc    func,
                                           gpointer             user_data,
                                           GError             **error);

gboolean        ddb_store_get_item        (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbItemKey    *key,
                                           gboolean             with_data,
                                           DdbStoreRow         *row,
                                           gboolean            *found,
                                           GError             **error);
gboolean        ddb_store_insert_item     (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbItemKey    *key,
                                           gint64               size,
                                           gint64               expires,
                                           const guint8        *data,
                                           gsize                data_length,
                                           GError             **error);
gboolean        ddb_store_update_item     (DdbStore            *store,
                                           gint64               rowid,
                                           gint64               size,
                                           gint64               expires,
                                           const guint8        *data,
                                           gsize                data_length,
                                           GError             **error);
gboolean        ddb_store_delete_item     (DdbStore            *store,
                                           gint64               rowid,
                                           GError             **error);

gboolean        ddb_store_count_range     (DdbStore            *store,
                                           gint64               table_id,
                                           guint64              hash_low,
                                           guint64              hash_high,
                                           gint64              *count,
                                           gint64              *bytes,
                                           GError             **error);
gboolean        ddb_store_nth_hash        (DdbStore            *store,
                                           gint64               table_id,
                                           guint64              hash_low,
                                           guint64              hash_high,
                                           gint64               n,
                                           guint64             *hash,
                                           GError             **error);

DdbStoreCursor *ddb_store_query           (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbItemKey    *partition,
                                           const DdbStoreBound *lower,
                                           const DdbStoreBound *upper,
                                           gboolean             descending,
                                           GError             **error);
DdbStoreCursor *ddb_store_scan            (DdbStore            *store,
                                           gint64               table_id,
                                           guint64              hash_low,
                                           guint64              hash_high,
                                           const DdbItemKey    *exclusive_start,
                                           GError             **error);
gboolean        ddb_store_cursor_next     (DdbStoreCursor      *cursor,
                                           DdbStoreRow         *row,
                                           gboolean            *found,
                                           GError             **error);
void            ddb_store_cursor_free     (DdbStoreCursor      *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbStore, ddb_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbStoreCursor, ddb_store_cursor_free)

G_END_DECLS
