/* ddb-admission-json.h
 *
 * Admission state (ddb-admission.h) as JSON, so that a reopened database file goes on
 * where it stopped: burst banks, the current second's use, delayed adaptive capacity's
 * clock, on-demand peaks and floors.  A partition's hot run (heat) is not kept: it starts
 * over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ddb-admission.h"

G_BEGIN_DECLS

void     ddb_partition_load_write_json (const DdbPartitionLoad *load,
                                        JsonBuilder            *builder);
gboolean ddb_partition_load_read_json  (JsonArray              *array,
                                        guint                   first,
                                        DdbPartitionLoad       *load);
void     ddb_owner_load_write_json     (const DdbOwnerLoad     *load,
                                        JsonBuilder            *builder);
gboolean ddb_owner_load_read_json      (JsonNode               *node,
                                        DdbOwnerLoad           *load);

G_END_DECLS
