/* ddb-engine-private.h
 *
 * The engine's instance struct and the functions its files share (ddb-engine.c: the
 * object, the clock and the table registry; ddb-engine-tables.c: the control plane;
 * ddb-engine-items.c: item writes and GetItem; ddb-engine-read.c: Query and Scan).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"
#include "ddb-store.h"
#include "ddb-table.h"

G_BEGIN_DECLS

struct _DdbEngine
{
  GObject          parent_instance;

  char            *path;            /* NULL for an in-memory database */
  DdbStore        *store;
  gint64           now_usec;        /* the simulated clock; only advance() moves it */
  DdbEngineConfig  config;
  GHashTable      *tables;          /* name -> DdbTable*, owned */
  GByteArray      *scratch;         /* reused serialisation buffer */
};

DdbTable *_ddb_engine_lookup_table     (DdbEngine   *self,
                                        const char  *name,
                                        gboolean     for_describe,
                                        GError     **error);
gboolean  _ddb_engine_save_table       (DdbEngine   *self,
                                        DdbTable    *table,
                                        GError     **error);
gboolean  _ddb_engine_begin            (DdbEngine   *self,
                                        GError     **error);
gboolean  _ddb_engine_commit           (DdbEngine   *self,
                                        GError     **error);
void      _ddb_engine_rollback         (DdbEngine   *self);

G_END_DECLS
