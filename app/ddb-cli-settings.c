/* ddb-cli-settings.c
 *
 * The `set` and `autoscale` directives of `ddbsim-cli exec`: the engine's model parameters
 * (docs/model-parameters.md) and Application Auto Scaling's target tracking, from a script.
 *
 *   set NAME VALUE
 *   autoscale TABLE[:INDEX] read|write TARGET MIN MAX
 *   autoscale TABLE[:INDEX] read|write off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli-settings"

#include "config.h"

#include <string.h>

#include "ddb-cli-settings.h"
#include "ddb-duration.h"

typedef enum
{
  VALUE_DURATION,
  VALUE_SWITCH,
  VALUE_NUMBER,
  VALUE_ADAPTIVE,
} ValueKind;

/* One parameter: its name in scripts and where it lives in DdbEngineConfig. */
typedef struct
{
  const char *name;
  ValueKind   kind;
  gsize       offset;
  double      min;                  /* VALUE_NUMBER */
  double      max;
  const char *help;
} Setting;

#define FIELD(member) G_STRUCT_OFFSET (DdbEngineConfig, member)

static const Setting settings[] = {
  { "admission", VALUE_SWITCH, FIELD (admission.enabled), 0, 0,
    "on|off: enforce capacity" },
  { "adaptive", VALUE_ADAPTIVE, FIELD (admission.adaptive), 0, 0,
    "instant|delayed|off: adaptive capacity" },
  { "adaptive-delay", VALUE_DURATION, FIELD (admission.adaptive_delay_usec), 0, 0,
    "DURATION: delayed adaptive capacity waits this long" },
  { "burst-seconds", VALUE_NUMBER, FIELD (admission.burst_seconds), 0, 86400,
    "N: seconds of unused capacity banked" },
  { "heat-splits", VALUE_SWITCH, FIELD (admission.heat_splits), 0, 0,
    "on|off: split partitions kept near their limits" },
  { "heat-threshold", VALUE_NUMBER, FIELD (admission.heat_threshold), 0.01, 1,
    "FRACTION: what counts as near the limit" },
  { "heat-window", VALUE_DURATION, FIELD (admission.heat_window_usec), 0, 0,
    "DURATION: how long a partition must stay near it" },
  { "heat-monotonic", VALUE_NUMBER, FIELD (admission.heat_monotonic_fraction), 0.5, 1,
    "FRACTION: sort keys rising (or falling) this often are not split by sort key" },
  { "update-delay", VALUE_DURATION, FIELD (table_update_delay_usec), 0, 0,
    "DURATION: UpdateTable's UPDATING time" },
  { "create-delay", VALUE_DURATION, FIELD (table_create_delay_usec), 0, 0,
    "DURATION: CreateTable's CREATING time" },
  { "delete-delay", VALUE_DURATION, FIELD (table_delete_delay_usec), 0, 0,
    "DURATION: DeleteTable's DELETING time" },
  { "ttl-delay", VALUE_DURATION, FIELD (ttl_delete_delay_usec), 0, 0,
    "DURATION: how long after expiry TTL deletes an item" },
  { "stats-refresh", VALUE_DURATION, FIELD (stats_refresh_usec), 0, 0,
    "DURATION: how often DescribeTable's ItemCount is refreshed" },
};

const char ddb_cli_settings_help[] =
  "Parameters for 'set NAME VALUE' (see docs/model-parameters.md):\n"
  "  admission on|off, adaptive instant|delayed|off, adaptive-delay DURATION,\n"
  "  burst-seconds N, heat-splits on|off, heat-threshold FRACTION, heat-window DURATION,\n"
  "  heat-monotonic FRACTION,\n"
  "  update-delay DURATION, create-delay DURATION, delete-delay DURATION,\n"
  "  ttl-delay DURATION, stats-refresh DURATION";

static gboolean
parse_switch (const char  *text,
              gboolean    *value,
              GError     **error)
{
  if (g_str_equal (text, "on"))
    *value = TRUE;
  else if (g_str_equal (text, "off"))
    *value = FALSE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "expected on or off, not '%s'", text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_number (const char  *text,
              double       min,
              double       max,
              double      *value,
              GError     **error)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(*value >= min && *value <= max))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "expected a number from %g to %g, not '%s'", min, max, text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_adaptive (const char       *text,
                DdbAdaptiveMode  *mode,
                GError          **error)
{
  static const char * const names[] = { "instant", "delayed", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *mode = (DdbAdaptiveMode)i;
        return TRUE;
      }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "expected instant, delayed or off, not '%s'", text);
  return FALSE;
}

/* Applies one setting to @config. */
static gboolean
apply (const Setting   *setting,
       const char      *value,
       DdbEngineConfig *config,
       GError         **error)
{
  gpointer field = G_STRUCT_MEMBER_P (config, setting->offset);

  switch (setting->kind)
    {
    case VALUE_DURATION:
      return ddb_duration_parse (value, (gint64 *)field, error);
    case VALUE_SWITCH:
      return parse_switch (value, (gboolean *)field, error);
    case VALUE_NUMBER:
      return parse_number (value, setting->min, setting->max, (double *)field, error);
    case VALUE_ADAPTIVE:
      return parse_adaptive (value, (DdbAdaptiveMode *)field, error);
    default:
      g_assert_not_reached ();
    }
}

/**
 * ddb_cli_settings_set:
 * @argument: "NAME VALUE"
 *
 * The directive `set`: changes one model parameter of @engine.
 */
gboolean
ddb_cli_settings_set (DdbEngine   *engine,
                      const char  *argument,
                      GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (argument, " \t", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  DdbEngineConfig config;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (parts, words[i]);
  if (parts->len != 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "set needs a NAME and a VALUE, such as 'set adaptive off'");
      return FALSE;
    }

  ddb_engine_get_config (engine, &config);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].name, g_ptr_array_index (parts, 0)))
      {
        if (!apply (&settings[i], g_ptr_array_index (parts, 1), &config, error))
          {
            g_prefix_error (error, "set %s: ", settings[i].name);
            return FALSE;
          }
        ddb_engine_set_config (engine, &config);
        return TRUE;
      }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
               "unknown parameter '%s' for set", (const char *)g_ptr_array_index (parts, 0));
  return FALSE;
}

/**
 * ddb_cli_settings_autoscale:
 * @argument: "TABLE[:INDEX] read|write TARGET MIN MAX" or "TABLE[:INDEX] read|write off"
 *
 * The directive `autoscale`: registers (or removes) a target tracking policy.
 */
gboolean
ddb_cli_settings_autoscale (DdbEngine   *engine,
                            const char  *argument,
                            GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (argument, " \t", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) resource = NULL;
  DdbScalingPolicy policy;
  gboolean write;
  double target, min_units, max_units;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (parts, words[i]);
  if ((parts->len != 3 && parts->len != 5) ||
      (parts->len == 3 && !g_str_equal (g_ptr_array_index (parts, 2), "off")))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "autoscale needs TABLE[:INDEX] read|write TARGET MIN MAX, or "
                           "TABLE[:INDEX] read|write off");
      return FALSE;
    }

  write = g_str_equal (g_ptr_array_index (parts, 1), "write");
  if (!write && !g_str_equal (g_ptr_array_index (parts, 1), "read"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "autoscale: expected read or write, not '%s'",
                   (const char *)g_ptr_array_index (parts, 1));
      return FALSE;
    }

  resource = g_strsplit (g_ptr_array_index (parts, 0), ":", 2);
  if (parts->len == 3)
    return ddb_engine_set_auto_scaling (engine, resource[0], resource[1], write, NULL, error);

  if (!parse_number (g_ptr_array_index (parts, 2), 0, 100, &target, error) ||
      !parse_number (g_ptr_array_index (parts, 3), 1, 40000, &min_units, error) ||
      !parse_number (g_ptr_array_index (parts, 4), 1, 40000, &max_units, error))
    {
      g_prefix_error (error, "autoscale: ");
      return FALSE;
    }
  policy = (DdbScalingPolicy) { target, (gint64)min_units, (gint64)max_units };

  return ddb_engine_set_auto_scaling (engine, resource[0], resource[1], write, &policy, error);
}
