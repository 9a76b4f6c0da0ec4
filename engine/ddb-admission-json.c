/* ddb-admission-json.c
 *
 * Layouts (compact arrays, like the partition map's):
 *
 *   partition  ..., second, read_used, read_bank, write_used, write_bank, hot_since_usec,
 *              over_share, idle_since_usec      (appended to the caller's array)
 *   owner      [second, read_used, write_used, read_floor, write_floor,
 *               [[second, units], ...] (read peaks), [...] (write peaks)]
 *
 * Units are exact doubles (ddb-json-values.h).  Readers check types and signs and leave the
 * load untouched when they fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-admission"

#include "config.h"

#include "ddb-admission-json.h"
#include "ddb-json-values.h"

#define PARTITION_VALUES 8
#define OWNER_VALUES 7

/* Element @index of @array (which has at least index + 1 elements) as a count. */
static gboolean
read_count (JsonArray *array,
            guint      index,
            gint64    *value)
{
  return ddb_json_node_int (json_array_get_element (array, index), 0, G_MAXINT64, value);
}

static gboolean
read_units (JsonArray *array,
            guint      index,
            double    *value)
{
  return ddb_json_node_quantity (json_array_get_element (array, index), value);
}

/* Appends the partition's admission state to the builder's current array. */
void
ddb_partition_load_write_json (const DdbPartitionLoad *load,
                               JsonBuilder            *builder)
{
  g_return_if_fail (load != NULL && builder != NULL);

  json_builder_add_int_value (builder, load->second);
  ddb_json_add_exact_double (builder, load->read.used);
  ddb_json_add_exact_double (builder, load->read.bank);
  ddb_json_add_exact_double (builder, load->write.used);
  ddb_json_add_exact_double (builder, load->write.bank);
  json_builder_add_int_value (builder, load->hot_since_usec);
  json_builder_add_int_value (builder, load->over_share);
  json_builder_add_int_value (builder, load->idle_since_usec);
}

/**
 * ddb_partition_load_read_json:
 * @first: where the partition's values start in @array
 *
 * Returns: FALSE (and leaves @load as it was) if the values are malformed.
 */
gboolean
ddb_partition_load_read_json (JsonArray        *array,
                              guint             first,
                              DdbPartitionLoad *load)
{
  DdbPartitionLoad read = *load;
  gint64 over_share;

  g_return_val_if_fail (array != NULL && load != NULL, FALSE);

  if (json_array_get_length (array) != first + PARTITION_VALUES ||
      !read_count (array, first, &read.second) ||
      !read_units (array, first + 1, &read.read.used) ||
      !read_units (array, first + 2, &read.read.bank) ||
      !read_units (array, first + 3, &read.write.used) ||
      !read_units (array, first + 4, &read.write.bank) ||
      !read_count (array, first + 5, &read.hot_since_usec) ||
      !read_count (array, first + 6, &over_share) || over_share > 1 ||
      !read_count (array, first + 7, &read.idle_since_usec))
    return FALSE;

  read.over_share = over_share != 0;
  /* The hot run starts over (its heat summary is not kept). */
  read.hot_seconds = 0;
  *load = read;

  return TRUE;
}

static void
write_peaks (const GArray *peaks,
             JsonBuilder  *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; peaks != NULL && i < peaks->len; i++)
    {
      const DdbPeak *peak = &g_array_index (peaks, DdbPeak, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, peak->second);
      ddb_json_add_exact_double (builder, peak->units);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* Writes the owner's admission state as the builder's current value. */
void
ddb_owner_load_write_json (const DdbOwnerLoad *load,
                           JsonBuilder        *builder)
{
  g_return_if_fail (load != NULL && builder != NULL);

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, load->second);
  ddb_json_add_exact_double (builder, load->read_used);
  ddb_json_add_exact_double (builder, load->write_used);
  ddb_json_add_exact_double (builder, load->read_floor);
  ddb_json_add_exact_double (builder, load->write_floor);
  write_peaks (load->read_peaks, builder);
  write_peaks (load->write_peaks, builder);
  json_builder_end_array (builder);
}

/* Peaks are increasing in time and in units (ddb-admission.c, note_peak()). */
static gboolean
read_peaks (JsonArray  *array,
            guint       index,
            GArray    **peaks)
{
  JsonArray *rows = ddb_json_node_array (json_array_get_element (array, index));
  g_autoptr(GArray) read = NULL;

  *peaks = NULL;
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = ddb_json_node_row (json_array_get_element (rows, i), 2);
      DdbPeak peak;

      if (row == NULL || !read_count (row, 0, &peak.second) || !read_units (row, 1, &peak.units) ||
          peak.units <= 0)
        return FALSE;
      if (read == NULL)
        read = g_array_new (FALSE, FALSE, sizeof (DdbPeak));
      else if (peak.second <= g_array_index (read, DdbPeak, read->len - 1).second ||
               peak.units <= g_array_index (read, DdbPeak, read->len - 1).units)
        return FALSE;
      g_array_append_val (read, peak);
    }
  *peaks = g_steal_pointer (&read);

  return TRUE;
}

/**
 * ddb_owner_load_read_json:
 *
 * Replaces @load's state by the one in @node; floors never go below the ones @load has
 * (the table's definition sets them too).
 *
 * Returns: FALSE (and leaves @load as it was) if @node is malformed.
 */
gboolean
ddb_owner_load_read_json (JsonNode     *node,
                          DdbOwnerLoad *load)
{
  JsonArray *array = ddb_json_node_row (node, OWNER_VALUES);
  DdbOwnerLoad read = { 0 };

  g_return_val_if_fail (load != NULL, FALSE);

  if (array == NULL ||
      !read_count (array, 0, &read.second) ||
      !read_units (array, 1, &read.read_used) ||
      !read_units (array, 2, &read.write_used) ||
      !read_units (array, 3, &read.read_floor) ||
      !read_units (array, 4, &read.write_floor))
    return FALSE;
  if (!read_peaks (array, 5, &read.read_peaks) || !read_peaks (array, 6, &read.write_peaks))
    {
      ddb_owner_load_clear (&read);
      return FALSE;
    }

  read.read_floor = MAX (read.read_floor, load->read_floor);
  read.write_floor = MAX (read.write_floor, load->write_floor);
  ddb_owner_load_clear (load);
  *load = read;

  return TRUE;
}
