/* ddb-item.h
 *
 * Items: sizes and the limits DynamoDB puts on them (rulebook section 1).  An item is an
 * M value whose entries are the item's top-level attributes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-value.h"

G_BEGIN_DECLS

#define DDB_ITEM_MAX_BYTES           409600   /* 400 KB, inclusive */
#define DDB_PARTITION_KEY_MAX_BYTES  2048
#define DDB_SORT_KEY_MAX_BYTES       1024

/* Storage billing adds this much per item, per table and per index entry (rulebook 1.1). */
#define DDB_ITEM_STORAGE_OVERHEAD_BYTES 100

typedef enum
{
  DDB_KEY_ROLE_PARTITION,   /* KeyType HASH */
  DDB_KEY_ROLE_SORT,        /* KeyType RANGE */
} DdbKeyRole;

gsize    ddb_item_size              (const DdbValue  *item);
gboolean ddb_item_check_size        (const DdbValue  *item,
                                     gboolean         for_update,
                                     GError         **error);
gboolean ddb_key_value_check        (const DdbValue  *value,
                                     DdbKeyRole       role,
                                     const char      *attribute_name,
                                     GError         **error);

G_END_DECLS
