/* ddb-value-json.h
 *
 * DynamoDB's JSON form of attribute values and items: {"S": "x"}, {"N": "1.5"},
 * {"B": "<base64>"}, {"BOOL": true}, {"NULL": true}, {"L": [...]}, {"M": {...}},
 * {"SS": [...]}, {"NS": [...]}, {"BS": [...]}; an item is an object of such values.
 *
 * Parsing validates as DynamoDB does and fails with its wording: a wrong JSON shape is a
 * %DDB_MODEL_ERROR_SERIALIZATION error (DynamoDB's SerializationException), every other
 * refusal a %DDB_MODEL_ERROR_VALIDATION error (ValidationException).  Shape errors are
 * reported before validation errors anywhere in the same item, as DynamoDB deserialises
 * a whole request before validating it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ddb-json-writer.h"
#include "ddb-value.h"

G_BEGIN_DECLS

DdbValue *ddb_value_from_json       (JsonNode        *node,
                                     GError         **error);
DdbValue *ddb_item_from_json        (JsonNode        *node,
                                     GError         **error);
DdbValue *ddb_item_from_json_text   (const char      *text,
                                     gssize           length,
                                     GError         **error);

void      ddb_value_write_json      (const DdbValue  *value,
                                     DdbJsonWriter   *writer);
void      ddb_item_write_json       (const DdbValue  *item,
                                     DdbJsonWriter   *writer);
char     *ddb_value_to_json_text    (const DdbValue  *value);
char     *ddb_item_to_json_text     (const DdbValue  *item);

gboolean  ddb_number_status_to_error (DdbNumberStatus  status,
                                      const char      *text,
                                      GError         **error);
DdbValue *ddb_value_parse_number    (const char      *text,
                                     GError         **error);

G_END_DECLS
