/* ddb-autoscaling.h
 *
 * Auto scaling of provisioned capacity (rulebook 5): Application Auto Scaling's target
 * tracking for one dimension (reads or writes) of a table or GSI, evaluated on one-minute
 * data points as CloudWatch alarms are.  Pure logic; the engine feeds it the minutes and
 * applies its decisions through UpdateTable (ddb-engine-autoscaling.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What AWS lets one set (rulebook 5). */
#define DDB_SCALING_TARGET_MIN     20.0
#define DDB_SCALING_TARGET_MAX     90.0
#define DDB_SCALING_OUT_POINTS     2     /* consecutive minutes above the target */
#define DDB_SCALING_IN_POINTS      15    /* consecutive minutes below target - 20 points */
#define DDB_SCALING_IN_MARGIN      20.0

typedef struct
{
  double target_percent;            /* target utilisation, 20 to 90 */
  gint64 min_units;                 /* at least 1 */
  gint64 max_units;
} DdbScalingPolicy;

/* The alarms' memory: how many consecutive minutes breached each threshold. */
typedef struct
{
  guint high_points;
  guint low_points;
} DdbScalingState;

gboolean ddb_scaling_policy_check (const DdbScalingPolicy *policy,
                                   GError                **error);
gint64   ddb_scaling_evaluate     (const DdbScalingPolicy *policy,
                                   DdbScalingState        *state,
                                   double                  consumed_in_minute,
                                   gint64                  provisioned);
gint64   ddb_scaling_capacity_for (const DdbScalingPolicy *policy,
                                   double                  consumed_per_second);

G_END_DECLS
