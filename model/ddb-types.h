/* ddb-types.h
 *
 * Enumerations shared by several units of the model layer and by the layers above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* BillingMode of a table: PROVISIONED or PAY_PER_REQUEST ("on-demand"). */
typedef enum
{
  DDB_BILLING_PROVISIONED,
  DDB_BILLING_ON_DEMAND,
} DdbBillingMode;

/* TableClass: STANDARD or STANDARD_INFREQUENT_ACCESS. */
typedef enum
{
  DDB_TABLE_CLASS_STANDARD,
  DDB_TABLE_CLASS_STANDARD_IA,
} DdbTableClass;

/* How a read is served; it sets the units per 4 KB (rulebook 2.1). */
typedef enum
{
  DDB_READ_EVENTUAL,        /* 0.5 unit per 4 KB, DynamoDB's default */
  DDB_READ_STRONG,          /* 1 unit per 4 KB */
  DDB_READ_TRANSACTIONAL,   /* 2 units per 4 KB */
} DdbReadConsistency;

/* How a write is made; it sets the units per 1 KB (rulebook 2.1). */
typedef enum
{
  DDB_WRITE_STANDARD,       /* 1 unit per 1 KB */
  DDB_WRITE_TRANSACTIONAL,  /* 2 units per 1 KB */
} DdbWriteKind;

G_END_DECLS
