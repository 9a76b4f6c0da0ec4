/* ddb-capacity.h
 *
 * Capacity-unit arithmetic (rulebook section 2.1): what a read or a write of a given size
 * consumes.  The same arithmetic serves provisioned capacity units (RCU/WCU) and on-demand
 * request units (RRU/WRU); only billing differs.
 *
 * Units are returned as doubles because eventually consistent reads cost halves; every
 * value these functions return is a multiple of 0.5 and so is exact in binary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-types.h"

G_BEGIN_DECLS

#define DDB_READ_UNIT_BYTES  4096   /* one read unit covers up to 4 KB */
#define DDB_WRITE_UNIT_BYTES 1024   /* one write unit covers up to 1 KB */

guint64     ddb_read_blocks                (guint64             bytes);
guint64     ddb_write_blocks               (guint64             bytes);
double      ddb_read_units                 (guint64             bytes,
                                            DdbReadConsistency  consistency);
double      ddb_write_units                (guint64             bytes,
                                            DdbWriteKind        kind);
double      ddb_read_consistency_factor    (DdbReadConsistency  consistency);

const char *ddb_read_consistency_to_string (DdbReadConsistency  consistency);
gboolean    ddb_read_consistency_from_string (const char        *text,
                                              DdbReadConsistency *consistency);

G_END_DECLS
