/* ddb-key.h
 *
 * Primary keys inside the engine: an item's key as the store orders it, a 64-bit hash
 * prefix of the partition key (which picks the partition) followed by the order-preserving
 * encodings of the partition key and of the sort key.  Also the extraction of keys from
 * items and from Key parameters, with DynamoDB's validation messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-item.h"
#include "ddb-route-key.h"
#include "ddb-table-spec.h"
#include "ddb-value.h"

G_BEGIN_DECLS

/* Key encodings are at most the key size limits (numbers encode in 22 bytes). */
typedef struct
{
  guint64 hash;                                /* MD5 prefix of the partition key bytes */
  gsize   pk_length;
  gsize   sk_length;
  guint8  pk[DDB_PARTITION_KEY_MAX_BYTES];
  guint8  sk[DDB_SORT_KEY_MAX_BYTES];
} DdbItemKey;

/* A resolved key schema: names and the kinds their attribute definitions give them. */
typedef struct
{
  const char *partition_name;
  DdbKind     partition_kind;
  const char *sort_name;                       /* NULL: no sort key */
  DdbKind     sort_kind;
} DdbKeyShape;

/* Where @key falls among partitions (valid while @key is). */
static inline DdbRouteKey
ddb_key_route (const DdbItemKey *key)
{
  return (DdbRouteKey) { key->hash, key->sk, key->sk_length };
}

guint64   ddb_key_hash               (const guint8       *partition_bytes,
                                      gsize               length);
void      ddb_key_encode             (const DdbKeyShape  *shape,
                                      const DdbValue     *partition_value,
                                      const DdbValue     *sort_value,
                                      DdbItemKey         *key);
gboolean  ddb_key_from_item          (const DdbKeyShape  *shape,
                                      const DdbValue     *item,
                                      DdbItemKey         *key,
                                      GError            **error);
gboolean  ddb_key_from_key_param     (const DdbKeyShape  *shape,
                                      const DdbValue     *key_param,
                                      DdbItemKey         *key,
                                      GError            **error);
DdbValue *ddb_key_project            (const DdbKeyShape  *shape,
                                      const DdbValue     *item);
char     *ddb_key_fingerprint        (const char         *table_name,
                                      const DdbItemKey   *key);

G_END_DECLS
