/* ddb-value-codec.h
 *
 * The compact binary form in which the engine stores items: a tag byte per value, varint
 * lengths, numbers as packed decimal digits.  It is private to ddbsim (not a DynamoDB
 * format) and versioned by the store's schema version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-value.h"

G_BEGIN_DECLS

void      ddb_value_serialize   (const DdbValue *value,
                                 GByteArray     *out);
DdbValue *ddb_value_deserialize (const guint8   *data,
                                 gsize           length,
                                 GError        **error);

G_END_DECLS
