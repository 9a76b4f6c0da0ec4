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

/* A row of a secondary index: the entry's index key, its base item's key, the entry. */
typedef struct
{
  gint64        rowid;
  guint64       hash;
  const guint8 *ipk;
  gsize         ipk_length;
  const guint8 *isk;
  gsize         isk_length;
  const guint8 *bpk;
  gsize         bpk_length;
  const guint8 *bsk;
  gsize         bsk_length;
  gint64        size;
  const guint8 *data;
  gsize         data_length;
} DdbStoreEntryRow;

/* Where an index page resumes: after this entry, in the page's direction. */
typedef struct
{
  const DdbItemKey *index_key;
  const DdbItemKey *base_key;
} DdbStoreEntryStart;

/* A range of keys as a partition holds them (ddb-partition-map.h): the hashes [low, high],
 * of hash `low` only the sort keys from low_sort on, of hash `high` only those below
 * high_sort (NULL: all of them).  For index entries, the sort key is the index's. */
typedef struct
{
  guint64  low;
  GBytes  *low_sort;
  guint64  high;
  GBytes  *high_sort;
} DdbStoreKeyRange;

#define DDB_STORE_KEY_RANGE_ALL ((DdbStoreKeyRange) { 0, NULL, G_MAXUINT64, NULL })

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
gboolean        ddb_store_get_state       (DdbStore            *store,
                                           const char          *name,
                                           char               **value,
                                           GError             **error);
gboolean        ddb_store_set_state       (DdbStore            *store,
                                           const char          *name,
                                           const char          *value,
                                           GError             **error);
gboolean        ddb_store_delete_state    (DdbStore            *store,
                                           const char          *name,
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

DdbStoreCursor *ddb_store_scan_expiring  (DdbStore            *store,
                                           gint64               table_id,
                                           gint64               expires_low,
                                           gint64               expires_high,
                                           GError             **error);
gboolean        ddb_store_set_expiry      (DdbStore            *store,
                                           gint64               rowid,
                                           gint64               expires,
                                           GError             **error);
gboolean        ddb_store_clear_expiry    (DdbStore            *store,
                                           gint64               table_id,
                                           GError             **error);

gboolean        ddb_store_count_range     (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbStoreKeyRange *range,
                                           gint64              *count,
                                           gint64              *bytes,
                                           GError             **error);
gboolean        ddb_store_nth_key         (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbStoreKeyRange *range,
                                           gint64               n,
                                           guint64             *hash,
                                           GBytes             **sort,
                                           GError             **error);

gboolean        ddb_store_insert_entry    (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbItemKey    *index_key,
                                           const DdbItemKey    *base_key,
                                           gint64               size,
                                           const guint8        *data,
                                           gsize                data_length,
                                           GError             **error);
gboolean        ddb_store_update_entry    (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbItemKey    *index_key,
                                           const DdbItemKey    *base_key,
                                           gint64               size,
                                           const guint8        *data,
                                           gsize                data_length,
                                           GError             **error);
gboolean        ddb_store_delete_entry    (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbItemKey    *index_key,
                                           const DdbItemKey    *base_key,
                                           GError             **error);
gboolean        ddb_store_delete_index    (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           GError             **error);
gboolean        ddb_store_count_entries   (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbStoreKeyRange *range,
                                           gint64              *count,
                                           gint64              *bytes,
                                           GError             **error);
gboolean        ddb_store_nth_entry_key   (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbStoreKeyRange *range,
                                           gint64               n,
                                           guint64             *hash,
                                           GBytes             **sort,
                                           GError             **error);
gboolean        ddb_store_collection_size (DdbStore            *store,
                                           gint64               table_id,
                                           const DdbItemKey    *partition,
                                           const guint         *local_indexes,
                                           guint                n_local_indexes,
                                           gint64              *bytes,
                                           GError             **error);

DdbStoreCursor *ddb_store_query_index     (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           const DdbItemKey    *partition,
                                           const DdbStoreBound *lower,
                                           const DdbStoreBound *upper,
                                           const DdbStoreEntryStart *start,
                                           gboolean             descending,
                                           GError             **error);
DdbStoreCursor *ddb_store_scan_index      (DdbStore            *store,
                                           gint64               table_id,
                                           guint                index,
                                           guint64              hash_low,
                                           guint64              hash_high,
                                           const DdbStoreEntryStart *start,
                                           GError             **error);
gboolean        ddb_store_cursor_next_entry (DdbStoreCursor    *cursor,
                                           DdbStoreEntryRow    *row,
                                           gboolean            *found,
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
DdbStoreCursor *ddb_store_scan_after_rowid (DdbStore          *store,
                                           gint64               table_id,
                                           gint64               rowid,
                                           GError             **error);
gint64          ddb_store_last_insert_rowid (DdbStore          *store);
gboolean        ddb_store_cursor_next     (DdbStoreCursor      *cursor,
                                           DdbStoreRow         *row,
                                           gboolean            *found,
                                           GError             **error);
void            ddb_store_cursor_free     (DdbStoreCursor      *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbStore, ddb_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbStoreCursor, ddb_store_cursor_free)

G_END_DECLS
