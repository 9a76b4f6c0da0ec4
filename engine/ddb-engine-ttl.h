/* ddb-engine-ttl.h
 *
 * Time to Live inside the engine (private): see ddb-engine-ttl.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

gboolean _ddb_engine_ttl_index_items    (DdbEngine  *self,
                                         DdbTable   *table,
                                         GError    **error);
gboolean _ddb_engine_ttl_delete_expired (DdbEngine  *self,
                                         DdbTable   *table,
                                         GError    **error);

G_END_DECLS
