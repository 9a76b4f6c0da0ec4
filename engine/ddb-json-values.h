/* ddb-json-values.h
 *
 * Values of the engine's own JSON (table definitions, runtime state): members written
 * compactly, doubles that read back bit for bit, and readers that check what a database
 * file says before believing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void       ddb_json_add_member_int    (JsonBuilder  *builder,
                                       const char   *name,
                                       gint64        value);
void       ddb_json_add_member_string (JsonBuilder  *builder,
                                       const char   *name,
                                       const char   *value);
void       ddb_json_add_exact_double  (JsonBuilder  *builder,
                                       double        value);

JsonArray *ddb_json_node_row          (JsonNode     *node,
                                       guint         length);
JsonArray *ddb_json_node_array        (JsonNode     *node);
gboolean   ddb_json_node_int          (JsonNode     *node,
                                       gint64        min,
                                       gint64        max,
                                       gint64       *value);
gboolean   ddb_json_node_quantity     (JsonNode     *node,
                                       double       *value);

G_END_DECLS
