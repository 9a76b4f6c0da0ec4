/* ddb-key.c
 *
 * Primary keys: encoding, hashing, and extraction from items and Key parameters.
 *
 * The store orders items by (hash, pk, sk): `hash` is the first 64 bits of the MD5 digest
 * of the partition key's encoding (big-endian, so that integer order is digest order),
 * `pk` and `sk` the order-preserving encodings of ddb_value_encode_key().  Partitions are
 * contiguous ranges of `hash`, as DynamoDB's partitions are ranges of its internal hash of
 * the partition key (the dynalite project hashes with MD5 as well).  Two partition keys
 * whose digests share the first 64 bits stay apart because `pk` follows `hash`; they can
 * only share a partition, which real hash partitioning allows too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-key"

#include "config.h"

#include <string.h>

#include "ddb-engine-error.h"
#include "ddb-key.h"

static void
checksum_free (gpointer checksum)
{
  g_checksum_free (checksum);
}

/* One MD5 state per thread, reset for every key: the hash is on every request's path. */
static GPrivate md5_state = G_PRIVATE_INIT (checksum_free);

/* The 64-bit hash prefix of a partition key encoding. */
guint64
ddb_key_hash (const guint8 *partition_bytes,
              gsize         length)
{
  GChecksum *checksum = g_private_get (&md5_state);
  guint8 digest[16];
  gsize digest_length = sizeof digest;
  guint64 hash = 0;

  if (checksum == NULL)
    {
      checksum = g_checksum_new (G_CHECKSUM_MD5);
      g_private_set (&md5_state, checksum);
    }
  else
    g_checksum_reset (checksum);

  g_checksum_update (checksum, partition_bytes, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  g_assert (digest_length == 16);

  for (guint i = 0; i < 8; i++)
    hash = hash << 8 | digest[i];

  return hash;
}

static gsize
encode_into (const DdbValue *value,
             guint8         *buffer,
             gsize           capacity)
{
  gsize length = ddb_value_encode_key_into (value, buffer, capacity);

  /* Key values are checked against the size limits before they are encoded. */
  g_assert (length <= capacity);

  return length;
}

/**
 * ddb_key_encode:
 * @shape: the key schema
 * @partition_value: the partition key value (of the schema's kind, within the limits)
 * @sort_value: (nullable): the sort key value, NULL when the schema has none
 * @key: (out): the encoded key
 */
void
ddb_key_encode (const DdbKeyShape *shape,
                const DdbValue    *partition_value,
                const DdbValue    *sort_value,
                DdbItemKey        *key)
{
  g_return_if_fail (shape != NULL && partition_value != NULL && key != NULL);
  g_return_if_fail ((shape->sort_name == NULL) == (sort_value == NULL));

  key->pk_length = encode_into (partition_value, key->pk, sizeof key->pk);
  key->sk_length = sort_value != NULL ? encode_into (sort_value, key->sk, sizeof key->sk) : 0;
  key->hash = ddb_key_hash (key->pk, key->pk_length);
}

static gboolean
item_key_value (const char     *name,
                DdbKind         kind,
                DdbKeyRole      role,
                const DdbValue *item,
                DdbValue      **value,
                GError        **error)
{
  *value = ddb_value_lookup (item, name);

  if (*value == NULL)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "One or more parameter values were invalid: Missing the key %s in the item",
                   name);
      return FALSE;
    }

  if (ddb_value_get_kind (*value) != kind)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "One or more parameter values were invalid: Type mismatch for key %s "
                   "expected: %s actual: %s", name, ddb_kind_to_string (kind),
                   ddb_kind_to_string (ddb_value_get_kind (*value)));
      return FALSE;
    }

  if (!ddb_key_value_check (*value, role, name, error))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  return TRUE;
}

/**
 * ddb_key_from_item:
 *
 * Extracts and checks the primary key of an item about to be written (PutItem): the key
 * attributes must be present, of their defined type, not empty and within the size limits.
 *
 * Returns: TRUE with @key filled in, or FALSE with DynamoDB's ValidationException.
 */
gboolean
ddb_key_from_item (const DdbKeyShape  *shape,
                   const DdbValue     *item,
                   DdbItemKey         *key,
                   GError            **error)
{
  DdbValue *partition_value;
  DdbValue *sort_value = NULL;

  g_return_val_if_fail (shape != NULL && item != NULL && key != NULL, FALSE);

  if (!item_key_value (shape->partition_name, shape->partition_kind, DDB_KEY_ROLE_PARTITION,
                       item, &partition_value, error))
    return FALSE;
  if (shape->sort_name != NULL &&
      !item_key_value (shape->sort_name, shape->sort_kind, DDB_KEY_ROLE_SORT, item, &sort_value,
                       error))
    return FALSE;

  ddb_key_encode (shape, partition_value, sort_value, key);

  return TRUE;
}

static gboolean
schema_mismatch (GError **error)
{
  g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                       "The provided key element does not match the schema");
  return FALSE;
}

/**
 * ddb_key_from_key_param:
 * @key_param: the Key parameter of GetItem, UpdateItem or DeleteItem (an M value)
 *
 * The Key parameter must hold exactly the key attributes, of their defined types; any
 * other shape is DynamoDB's "The provided key element does not match the schema".
 *
 * Returns: TRUE with @key filled in, or FALSE with a ValidationException.
 */
gboolean
ddb_key_from_key_param (const DdbKeyShape  *shape,
                        const DdbValue     *key_param,
                        DdbItemKey         *key,
                        GError            **error)
{
  DdbValue *partition_value;
  DdbValue *sort_value = NULL;
  guint expected = shape->sort_name != NULL ? 2 : 1;

  g_return_val_if_fail (shape != NULL && key_param != NULL && key != NULL, FALSE);

  if (ddb_value_get_kind (key_param) != DDB_KIND_M || ddb_value_get_length (key_param) != expected)
    return schema_mismatch (error);

  partition_value = ddb_value_lookup (key_param, shape->partition_name);
  if (partition_value == NULL || ddb_value_get_kind (partition_value) != shape->partition_kind)
    return schema_mismatch (error);
  if (shape->sort_name != NULL)
    {
      sort_value = ddb_value_lookup (key_param, shape->sort_name);
      if (sort_value == NULL || ddb_value_get_kind (sort_value) != shape->sort_kind)
        return schema_mismatch (error);
    }

  if (!ddb_key_value_check (partition_value, DDB_KEY_ROLE_PARTITION, shape->partition_name,
                            error) ||
      (sort_value != NULL &&
       !ddb_key_value_check (sort_value, DDB_KEY_ROLE_SORT, shape->sort_name, error)))
    {
      ddb_engine_error_adopt (error);
      return FALSE;
    }

  ddb_key_encode (shape, partition_value, sort_value, key);

  return TRUE;
}

/* Returns: (transfer full): the M value of @item's key attributes (a Key or
 * LastEvaluatedKey); the item must hold them. */
DdbValue *
ddb_key_project (const DdbKeyShape *shape,
                 const DdbValue    *item)
{
  const char *names[2] = { shape->partition_name, shape->sort_name };
  DdbValue *values[2];
  guint n = shape->sort_name != NULL ? 2 : 1;

  g_return_val_if_fail (shape != NULL && item != NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      DdbValue *value = ddb_value_lookup (item, names[i]);

      g_return_val_if_fail (value != NULL, NULL);
      values[i] = ddb_value_ref (value);
    }

  return ddb_value_new_map_take (names, values, n);
}

/**
 * ddb_key_fingerprint:
 *
 * Returns: (transfer full): a string that identifies the item @key names in @table_name,
 *   for finding two requests on one item (batches, transactions).
 */
char *
ddb_key_fingerprint (const char       *table_name,
                     const DdbItemKey *key)
{
  GString *text = g_string_new (table_name);

  g_string_append_printf (text, "\n%" G_GUINT64_FORMAT "\n", key->hash);
  for (gsize i = 0; i < key->pk_length; i++)
    g_string_append_printf (text, "%02x", key->pk[i]);
  g_string_append_c (text, '/');
  for (gsize i = 0; i < key->sk_length; i++)
    g_string_append_printf (text, "%02x", key->sk[i]);

  return g_string_free (text, FALSE);
}
