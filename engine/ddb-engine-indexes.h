/* ddb-engine-indexes.h
 *
 * Global secondary indexes added, updated and removed by UpdateTable (private to the
 * engine): see ddb-engine-indexes.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

gboolean _ddb_engine_indexes_busy          (DdbTable              *table);
gboolean _ddb_engine_check_index_updates   (DdbEngine             *self,
                                            DdbTable              *table,
                                            const DdbTableUpdate  *update,
                                            GError               **error);
gboolean _ddb_engine_apply_index_updates   (DdbEngine             *self,
                                            DdbTable              *table,
                                            const DdbTableUpdate  *update,
                                            GError               **error);
gboolean _ddb_engine_settle_indexes        (DdbEngine             *self,
                                            DdbTable              *table,
                                            gboolean              *changed,
                                            GError               **error);
gboolean _ddb_engine_backfill_indexes      (DdbEngine             *self,
                                            DdbTable              *table,
                                            GError               **error);

G_END_DECLS
