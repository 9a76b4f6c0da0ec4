/* ddb-engine-state.h
 *
 * The engine's runtime state across reopening a database file (private): see
 * ddb-engine-state.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

gboolean _ddb_engine_save_state   (DdbEngine  *self,
                                   GError    **error);
gboolean _ddb_engine_load_state   (DdbEngine  *self,
                                   GError    **error);
gboolean _ddb_engine_forget_state (DdbEngine  *self,
                                   DdbTable   *table,
                                   GError    **error);

G_END_DECLS
