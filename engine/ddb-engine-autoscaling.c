/* ddb-engine-autoscaling.c
 *
 * Auto scaling inside the engine: the scalable targets of tables and GSIs, their
 * evaluation as the clock closes minutes, and the scaling activities (ddb-autoscaling.c
 * holds the rules).
 *
 * Design notes
 * ------------
 * A target reads the per-minute metrics of its table or GSI (ddb-metrics.h), so auto
 * scaling needs metrics on, as Application Auto Scaling needs CloudWatch.  When an alarm
 * fires, the engine calls UpdateTable like Application Auto Scaling does, so every rule
 * of UpdateTable applies: the update delay (requests above the old capacity throttle
 * meanwhile), the decrease quota, the per-table quota.  A refused update is logged as a
 * failed activity.  A GSI is not scaled while it is being backfilled (rulebook 5).
 *
 * Targets live in memory: a reopened database has none (a documented simplification).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-autoscaling"

#include "config.h"

#include "ddb-engine-autoscaling.h"
#include "ddb-json-values.h"

struct _DdbScalingTarget
{
  DdbScalingPolicy policy;
  DdbScalingState  state;
  gint64           next_minute;       /* the first minute not evaluated yet */
};

static void
activity_clear (DdbScalingActivity *activity)
{
  g_clear_pointer (&activity->table_name, g_free);
  g_clear_pointer (&activity->index_name, g_free);
  g_clear_pointer (&activity->message, g_free);
}

/* Returns: (transfer full): an empty array of DdbScalingActivity that clears them. */
GArray *
_ddb_scaling_activities_new (void)
{
  GArray *activities = g_array_new (FALSE, TRUE, sizeof (DdbScalingActivity));

  g_array_set_clear_func (activities, (GDestroyNotify)activity_clear);

  return activities;
}

/* A scalable target as JSON: [target_percent, min, max, high_points, low_points,
 * next_minute]. */
void
_ddb_scaling_target_write_json (const DdbScalingTarget *target,
                                JsonBuilder            *builder)
{
  json_builder_begin_array (builder);
  ddb_json_add_exact_double (builder, target->policy.target_percent);
  json_builder_add_int_value (builder, target->policy.min_units);
  json_builder_add_int_value (builder, target->policy.max_units);
  json_builder_add_int_value (builder, target->state.high_points);
  json_builder_add_int_value (builder, target->state.low_points);
  json_builder_add_int_value (builder, target->next_minute);
  json_builder_end_array (builder);
}

/* Returns: (transfer full) (nullable): the target _ddb_scaling_target_write_json() wrote,
 *   or NULL if @node is malformed. */
DdbScalingTarget *
_ddb_scaling_target_new_from_json (JsonNode *node)
{
  g_autofree DdbScalingTarget *target = g_new0 (DdbScalingTarget, 1);
  JsonArray *array = ddb_json_node_row (node, 6);
  gint64 high_points, low_points;

  if (array == NULL ||
      !ddb_json_node_quantity (json_array_get_element (array, 0),
                               &target->policy.target_percent) ||
      !ddb_json_node_int (json_array_get_element (array, 1), 0, G_MAXINT64,
                          &target->policy.min_units) ||
      !ddb_json_node_int (json_array_get_element (array, 2), 0, G_MAXINT64,
                          &target->policy.max_units) ||
      !ddb_json_node_int (json_array_get_element (array, 3), 0, G_MAXUINT, &high_points) ||
      !ddb_json_node_int (json_array_get_element (array, 4), 0, G_MAXUINT, &low_points) ||
      !ddb_json_node_int (json_array_get_element (array, 5), 0, G_MAXINT64,
                          &target->next_minute) ||
      !ddb_scaling_policy_check (&target->policy, NULL))
    return NULL;
  target->state.high_points = (guint)high_points;
  target->state.low_points = (guint)low_points;

  return g_steal_pointer (&target);
}

static DdbScalingTarget **
target_slot (DdbTable *table,
             DdbIndex *index,
             gboolean  write)
{
  return index != NULL ? &index->scaling[write] : &table->scaling[write];
}

/**
 * ddb_engine_set_auto_scaling:
 * @index_name: (nullable): a GSI, or NULL for the table
 * @write: scale write capacity, else read capacity
 * @policy: (nullable): the target tracking policy; NULL removes the scalable target
 *
 * Registers a scalable target with a target tracking policy (RegisterScalableTarget and
 * PutScalingPolicy in AWS terms), for provisioned tables only.
 */
gboolean
ddb_engine_set_auto_scaling (DdbEngine               *self,
                             const char              *table_name,
                             const char              *index_name,
                             gboolean                 write,
                             const DdbScalingPolicy  *policy,
                             GError                 **error)
{
  DdbTable *table;
  DdbIndex *index = NULL;
  DdbScalingTarget **slot;

  g_return_val_if_fail (DDB_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (table_name != NULL, FALSE);

  table = _ddb_engine_lookup_table (self, table_name, TRUE, error);
  if (table == NULL)
    return FALSE;
  if (index_name != NULL)
    {
      index = ddb_table_lookup_index (table, index_name);
      if (index == NULL || !ddb_index_is_global (index))
        {
          g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,
                       "Requested resource not found: Index: %s not found", index_name);
          return FALSE;
        }
    }

  slot = target_slot (table, index, write);
  if (policy == NULL)
    {
      g_clear_pointer (slot, g_free);
      return TRUE;
    }

  if (table->spec->billing_mode != DDB_BILLING_PROVISIONED)
    {
      g_set_error_literal (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                           "Auto scaling applies to tables in provisioned capacity mode");
      return FALSE;
    }
  if (!ddb_scaling_policy_check (policy, error))
    return FALSE;

  if (*slot == NULL)
    *slot = g_new0 (DdbScalingTarget, 1);
  (*slot)->policy = *policy;
  (*slot)->state = (DdbScalingState) { 0 };
  /* Data points start with the next complete minute. */
  (*slot)->next_minute = self->now_usec / G_USEC_PER_SEC / 60 * 60 + 60;

  return TRUE;
}

/**
 * ddb_engine_get_scaling_activities:
 *
 * Returns: (transfer full) (element-type DdbScalingActivity): every scaling activity so
 *   far, oldest first.
 */
GArray *
ddb_engine_get_scaling_activities (DdbEngine *self)
{
  GArray *copy;

  g_return_val_if_fail (DDB_IS_ENGINE (self), NULL);

  copy = _ddb_scaling_activities_new ();
  for (guint i = 0; i < self->scaling_activities->len; i++)
    {
      const DdbScalingActivity *activity =
        &g_array_index (self->scaling_activities, DdbScalingActivity, i);
      DdbScalingActivity entry = *activity;

      entry.table_name = g_strdup (activity->table_name);
      entry.index_name = g_strdup (activity->index_name);
      entry.message = g_strdup (activity->message);
      g_array_append_val (copy, entry);
    }

  return copy;
}

/* A decision of an alarm, applied once every target of the table was evaluated (an
 * UpdateTable that fails on storage may replace the table's struct). */
typedef struct
{
  char    *index_name;
  gboolean write;
  gint64   units;
  gint64   from_units;
} Decision;

static void
decision_clear (Decision *decision)
{
  g_free (decision->index_name);
}

/* Sets one dimension of a table's or GSI's provisioned throughput, as Application Auto
 * Scaling does: with UpdateTable. */
static void
scale (DdbEngine      *self,
       const char     *table_name,
       const Decision *decision)
{
  DdbTable *table = _ddb_engine_lookup_table (self, table_name, TRUE, NULL);
  DdbIndex *index = table != NULL && decision->index_name != NULL
                    ? ddb_table_lookup_index (table, decision->index_name) : NULL;
  DdbIndexUpdate change = { .kind = DDB_INDEX_UPDATE_UPDATE };
  DdbTableUpdate update = { .table_name = table_name };
  DdbScalingActivity activity = {
    .time_usec = self->now_usec,
    .table_name = g_strdup (table_name),
    .index_name = g_strdup (decision->index_name),
    .write = decision->write,
    .from_units = decision->from_units,
    .to_units = decision->units,
  };
  g_autoptr(DdbTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DdbThroughput throughput;

  if (table == NULL || (decision->index_name != NULL && index == NULL))
    return;

  throughput = index != NULL ? index->spec->throughput : table->spec->throughput;
  if (decision->write)
    throughput.write_capacity_units = decision->units;
  else
    throughput.read_capacity_units = decision->units;

  if (index != NULL)
    {
      change.index_name = decision->index_name;
      change.throughput = throughput;
      update.index_updates = &change;
      update.n_index_updates = 1;
    }
  else
    {
      update.set_throughput = TRUE;
      update.throughput = throughput;
    }

  info = ddb_engine_update_table (self, &update, &error);
  activity.applied = info != NULL;
  activity.message = info != NULL
                     ? g_strdup_printf ("%s: %s capacity %" G_GINT64_FORMAT " -> %"
                                        G_GINT64_FORMAT,
                                        decision->units > decision->from_units ? "scale out"
                                                                               : "scale in",
                                        decision->write ? "write" : "read",
                                        decision->from_units, decision->units)
                     : g_strdup (error->message);
  g_array_append_val (self->scaling_activities, activity);
}

/* Feeds the complete minutes a target has not seen yet; adds its decisions. */
static void
evaluate_target (DdbEngine        *self,
                 DdbTable         *table,
                 DdbIndex         *index,
                 gboolean          write,
                 DdbScalingTarget *target,
                 GArray           *decisions)
{
  gint64 this_minute = self->now_usec / G_USEC_PER_SEC / 60 * 60;
  g_autoptr(GArray) minutes = NULL;

  if (target->next_minute >= this_minute)
    return;

  minutes = ddb_engine_get_metrics (self, table->spec->table_name,
                                    index != NULL ? index->spec->name : NULL,
                                    DDB_METRICS_MINUTE, target->next_minute, this_minute - 1,
                                    NULL);
  target->next_minute = this_minute;
  for (guint i = 0; minutes != NULL && i < minutes->len; i++)
    {
      const DdbMetricPoint *point = &g_array_index (minutes, DdbMetricPoint, i);
      gint64 provisioned = (gint64)(write ? point->provisioned_write : point->provisioned_read);
      gint64 units = ddb_scaling_evaluate (&target->policy, &target->state,
                                           write ? point->consumed_write : point->consumed_read,
                                           provisioned);
      Decision decision = { g_strdup (index != NULL ? index->spec->name : NULL), write, units,
                            provisioned };

      if (units == 0)
        {
          decision_clear (&decision);
          continue;
        }
      g_array_append_val (decisions, decision);
    }
}

/**
 * _ddb_engine_autoscale:
 *
 * Evaluates every scalable target of @table on the minutes the clock closed, and applies
 * what the alarms decided.  @table must not be used afterwards: a failed UpdateTable may
 * have replaced it.
 */
void
_ddb_engine_autoscale (DdbEngine *self,
                       DdbTable  *table)
{
  g_autoptr(GArray) decisions = NULL;
  g_autofree char *table_name = NULL;

  if (!self->config.metrics_enabled || table->spec->billing_mode != DDB_BILLING_PROVISIONED)
    return;

  decisions = g_array_new (FALSE, TRUE, sizeof (Decision));
  g_array_set_clear_func (decisions, (GDestroyNotify)decision_clear);
  for (guint write = 0; write < 2; write++)
    if (table->scaling[write] != NULL)
      evaluate_target (self, table, NULL, write, table->scaling[write], decisions);

  for (guint i = 0; i < table->indexes->len; i++)
    {
      DdbIndex *index = g_ptr_array_index (table->indexes, i);

      if (index->status == DDB_INDEX_STATUS_CREATING)
        continue;
      for (guint write = 0; write < 2; write++)
        if (index->scaling[write] != NULL)
          evaluate_target (self, table, index, write, index->scaling[write], decisions);
    }

  table_name = g_strdup (table->spec->table_name);
  for (guint i = 0; i < decisions->len; i++)
    scale (self, table_name, &g_array_index (decisions, Decision, i));
}
