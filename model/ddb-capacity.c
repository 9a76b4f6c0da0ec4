/* ddb-capacity.c
 *
 * Capacity-unit arithmetic.
 *
 *   read_units(size)  = ceil(size / 4 KB) x {eventual 0.5, strong 1, transactional 2}
 *   write_units(size) = ceil(size / 1 KB) x {standard 1, transactional 2}
 *
 * A size of 0 still counts one block: DynamoDB charges a GetItem of a missing item, a
 * DeleteItem of a missing key and a Query that reads nothing as one block (TV-12, TV-13).
 * Query and Scan call ddb_read_units() once with the sum of the sizes read, which is
 * the "rounded once over the page" rule; BatchGetItem calls it once per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-capacity"

#include "config.h"

#include <string.h>

#include "ddb-capacity.h"

/* The number of 4 KB blocks a read of @bytes bytes is charged for; at least 1. */
guint64
ddb_read_blocks (guint64 bytes)
{
  if (bytes == 0)
    return 1;

  return (bytes - 1) / DDB_READ_UNIT_BYTES + 1;
}

/* The number of 1 KB blocks a write of @bytes bytes is charged for; at least 1. */
guint64
ddb_write_blocks (guint64 bytes)
{
  if (bytes == 0)
    return 1;

  return (bytes - 1) / DDB_WRITE_UNIT_BYTES + 1;
}

/* Units per 4 KB block for @consistency: 0.5, 1 or 2. */
double
ddb_read_consistency_factor (DdbReadConsistency consistency)
{
  switch (consistency)
    {
    case DDB_READ_EVENTUAL:
      return 0.5;
    case DDB_READ_STRONG:
      return 1.0;
    case DDB_READ_TRANSACTIONAL:
      return 2.0;
    default:
      g_return_val_if_reached (1.0);
    }
}

/* The read units a read of @bytes bytes consumes (TV-5, TV-6, TV-14, TV-15). */
double
ddb_read_units (guint64            bytes,
                DdbReadConsistency consistency)
{
  return (double)ddb_read_blocks (bytes) * ddb_read_consistency_factor (consistency);
}

/* The write units a write of @bytes bytes consumes (TV-3, TV-4, TV-20, TV-21). */
double
ddb_write_units (guint64      bytes,
                 DdbWriteKind kind)
{
  g_return_val_if_fail (kind == DDB_WRITE_STANDARD || kind == DDB_WRITE_TRANSACTIONAL, 0.0);

  return (double)ddb_write_blocks (bytes) * (kind == DDB_WRITE_TRANSACTIONAL ? 2.0 : 1.0);
}

static const char * const consistency_names[] = {
  [DDB_READ_EVENTUAL] = "eventual",
  [DDB_READ_STRONG] = "strong",
  [DDB_READ_TRANSACTIONAL] = "transactional",
};

/* "eventual", "strong" or "transactional". */
const char *
ddb_read_consistency_to_string (DdbReadConsistency consistency)
{
  g_return_val_if_fail ((guint)consistency < G_N_ELEMENTS (consistency_names), NULL);

  return consistency_names[consistency];
}

/* Parses the names ddb_read_consistency_to_string() gives. */
gboolean
ddb_read_consistency_from_string (const char         *text,
                                  DdbReadConsistency *consistency)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (consistency_names); i++)
    {
      if (strcmp (text, consistency_names[i]) == 0)
        {
          if (consistency != NULL)
            *consistency = (DdbReadConsistency)i;
          return TRUE;
        }
    }

  return FALSE;
}
