/* ddb-json-writer.h
 *
 * A small streaming JSON writer.  It exists because the responses ddbsim prints must be
 * exact: json-glib prints doubles with 17 significant digits ("46.800000000000004"), while
 * DynamoDB's capacity units and our dollar amounts are printed as decimal text.  It is
 * also several times faster than building a JsonNode tree for every response.
 *
 * The writer checks its own structure in debug builds (a member name only inside an
 * object, balanced begin/end).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DdbJsonWriter DdbJsonWriter;

/* Decimal places ddb_json_writer_double() keeps before trimming trailing zeros. */
#define DDB_JSON_DOUBLE_DECIMALS 12

DdbJsonWriter *ddb_json_writer_new          (gboolean        pretty);
void           ddb_json_writer_free         (DdbJsonWriter  *writer);
char          *ddb_json_writer_free_to_string (DdbJsonWriter *writer);
const char    *ddb_json_writer_peek         (DdbJsonWriter  *writer);

void           ddb_json_writer_begin_object (DdbJsonWriter  *writer);
void           ddb_json_writer_end_object   (DdbJsonWriter  *writer);
void           ddb_json_writer_begin_array  (DdbJsonWriter  *writer);
void           ddb_json_writer_end_array    (DdbJsonWriter  *writer);
void           ddb_json_writer_member       (DdbJsonWriter  *writer,
                                             const char     *name);

void           ddb_json_writer_string       (DdbJsonWriter  *writer,
                                             const char     *text,
                                             gssize          length);
void           ddb_json_writer_boolean      (DdbJsonWriter  *writer,
                                             gboolean        value);
void           ddb_json_writer_null         (DdbJsonWriter  *writer);
void           ddb_json_writer_int          (DdbJsonWriter  *writer,
                                             gint64          value);
void           ddb_json_writer_double       (DdbJsonWriter  *writer,
                                             double          value);
void           ddb_json_writer_double_with_point (DdbJsonWriter *writer,
                                                  double         value);
void           ddb_json_writer_number_text  (DdbJsonWriter  *writer,
                                             const char     *text);

char          *ddb_format_decimal           (double          value,
                                             guint           max_decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbJsonWriter, ddb_json_writer_free)

G_END_DECLS
