/* ddb-autoscaling.c
 *
 * Design notes
 * ------------
 * Target tracking creates two CloudWatch alarms per scaled dimension (rulebook 5):
 *
 *   scale out   utilisation above the target for 2 consecutive one-minute data points
 *   scale in    utilisation below (target - 20 points) for 15 consecutive data points
 *
 * where utilisation is the minute's consumed units over the provisioned units of that
 * minute (provisioned per second x 60).  Either alarm sets the capacity to what would
 * put the last minute's consumption at the target, consumed / target (TV-33: 150 WCU
 * consumed at a 70 % target gives ceil (214.3) = 215), within [min, max].  A firing
 * alarm resets both counters, so the next action needs fresh data points.
 *
 * The "target - 20 points" threshold for scaling in comes from exam material and is
 * unverified in AWS's documentation (rulebook 5); it is a constant here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-autoscaling"

#include "config.h"

#include <math.h>

#include "ddb-autoscaling.h"
#include "ddb-engine-error.h"

/* Absorbs floating-point noise before rounding up (150 / 0.7 is 214.2857...). */
#define EPSILON 1e-9

gboolean
ddb_scaling_policy_check (const DdbScalingPolicy *policy,
                          GError                **error)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  if (!(policy->target_percent >= DDB_SCALING_TARGET_MIN &&
        policy->target_percent <= DDB_SCALING_TARGET_MAX))
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "TargetValue must be between %.0f and %.0f percent: %g",
                   DDB_SCALING_TARGET_MIN, DDB_SCALING_TARGET_MAX, policy->target_percent);
      return FALSE;
    }
  if (policy->min_units < 1 || policy->max_units < policy->min_units)
    {
      g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                   "MinCapacity must be at least 1 and at most MaxCapacity: min %"
                   G_GINT64_FORMAT ", max %" G_GINT64_FORMAT,
                   policy->min_units, policy->max_units);
      return FALSE;
    }

  return TRUE;
}

/* The capacity that puts @consumed_per_second at the target, within [min, max]. */
gint64
ddb_scaling_capacity_for (const DdbScalingPolicy *policy,
                          double                  consumed_per_second)
{
  double wanted = ceil (consumed_per_second / (policy->target_percent / 100) - EPSILON);

  return CLAMP ((gint64)wanted, policy->min_units, policy->max_units);
}

/**
 * ddb_scaling_evaluate:
 * @consumed_in_minute: the units consumed in one complete minute
 * @provisioned: the capacity provisioned during it, per second
 *
 * Feeds one data point to the alarms.
 *
 * Returns: the capacity to set, or 0 when no alarm fires (or the capacity it would set
 *   equals the current one).
 */
gint64
ddb_scaling_evaluate (const DdbScalingPolicy *policy,
                      DdbScalingState        *state,
                      double                  consumed_in_minute,
                      gint64                  provisioned)
{
  double consumed_per_second = consumed_in_minute / 60;
  double utilisation = provisioned > 0 ? 100 * consumed_per_second / (double)provisioned : 0;
  gint64 wanted;

  g_return_val_if_fail (policy != NULL && state != NULL, 0);

  state->high_points = utilisation > policy->target_percent ? state->high_points + 1 : 0;
  state->low_points = utilisation < policy->target_percent - DDB_SCALING_IN_MARGIN
                      ? state->low_points + 1 : 0;

  wanted = ddb_scaling_capacity_for (policy, consumed_per_second);
  if ((state->high_points >= DDB_SCALING_OUT_POINTS && wanted > provisioned) ||
      (state->low_points >= DDB_SCALING_IN_POINTS && wanted < provisioned))
    {
      state->high_points = 0;
      state->low_points = 0;
      return wanted;
    }

  /* Out of range of [min, max] with nothing consumed: bring it back in. */
  if (provisioned < policy->min_units || provisioned > policy->max_units)
    return CLAMP (provisioned, policy->min_units, policy->max_units);

  return 0;
}
