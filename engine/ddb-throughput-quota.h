/* ddb-throughput-quota.h
 *
 * The quotas on changing provisioned throughput and billing mode (rulebook 4.3, 5, 6.2),
 * for tables and global secondary indexes alike.  Private to the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-table-spec.h"

G_BEGIN_DECLS

/* Decreases of one table or GSI within the current UTC day. */
typedef struct
{
  gint   *today;                    /* decreases so far in @day */
  gint64 *day;                      /* the UTC day @today counts */
  gint64 *last_usec;                /* the last decrease, 0 when never */
} DdbDecreaseTally;

gboolean ddb_quota_check_decrease   (DdbDecreaseTally     tally,
                                     const char          *resource,
                                     gint64               now_usec,
                                     GError             **error);
void     ddb_quota_count_decrease   (DdbDecreaseTally     tally,
                                     gint64               now_usec);
gboolean ddb_quota_check_units      (const DdbThroughput *throughput,
                                     double               table_quota,
                                     GError             **error);

/* Switches to on-demand, the last DDB_ON_DEMAND_SWITCHES of them. */
#define DDB_ON_DEMAND_SWITCHES 4

gboolean ddb_quota_check_switch     (const gint64        *switches,
                                     gint64               now_usec,
                                     GError             **error);
void     ddb_quota_count_switch     (gint64              *switches,
                                     gint64               now_usec);

G_END_DECLS
