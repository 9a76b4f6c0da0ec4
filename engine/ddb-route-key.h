/* ddb-route-key.h
 *
 * Where a key falls among partitions.  Partitions are ranges of (partition key hash, sort
 * key): a partition usually holds every item of the partition keys whose hashes lie in its
 * range, but a split for heat can cut one partition key's items at a sort key (rulebook
 * 3.3), so routing needs both.  Sort keys compare as their order-preserving encodings
 * (ddb-key.h) do: bytewise, a prefix first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64       hash;               /* the 64-bit hash prefix of the partition key */
  const guint8 *sort;               /* the sort key's encoding; NULL (or empty): before every
                                       sort key of the partition key */
  gsize         sort_length;
} DdbRouteKey;

/* Compares two sort key encodings as the store orders them (memcmp, then length). */
static inline int
ddb_sort_key_compare (const guint8 *a,
                      gsize         a_length,
                      const guint8 *b,
                      gsize         b_length)
{
  int order = MIN (a_length, b_length) > 0 ? memcmp (a, b, MIN (a_length, b_length)) : 0;

  if (order != 0 || a_length == b_length)
    return order;

  return a_length < b_length ? -1 : 1;
}

/* Compares @key with a partition's lower bound (@hash, @sort), a NULL @sort being before
 * every sort key of @hash. */
static inline int
ddb_route_key_compare_bound (const DdbRouteKey *key,
                             guint64            hash,
                             GBytes            *sort)
{
  gsize length = 0;
  const guint8 *bytes;

  if (key->hash != hash)
    return key->hash < hash ? -1 : 1;
  if (sort == NULL)
    return key->sort_length > 0 ? 1 : 0;
  bytes = g_bytes_get_data (sort, &length);

  return ddb_sort_key_compare (key->sort != NULL ? key->sort : (const guint8 *)"",
                               key->sort_length, bytes, length);
}

G_END_DECLS
