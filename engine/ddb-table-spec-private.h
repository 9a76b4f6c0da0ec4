/* ddb-table-spec-private.h
 *
 * Table spec functions shared inside the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-table-spec.h"

G_BEGIN_DECLS

gboolean ddb_table_name_check    (const char          *name,
                                  const char          *kind,
                                  GError             **error);
gboolean ddb_table_spec_validate (const DdbTableSpec  *spec,
                                  GError             **error);
GArray  *_ddb_index_infos_new    (void);

G_END_DECLS
