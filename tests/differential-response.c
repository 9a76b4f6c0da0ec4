/* differential-response.c
 *
 * Responses of the differential test and their rendering.  Renderings abbreviate long
 * strings and escape non-ASCII characters, so that a mismatch report stays readable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ddb-item.h"
#include "ddb-value-json.h"
#include "differential-response.h"

#define RENDER_MAX      40          /* strings longer than this are shown abbreviated */

/* ---------------------------------------------------------------------------------------
 * Consumed capacity
 * ------------------------------------------------------------------------------------- */

static void
index_capacity_clear (DdbIndexCapacity *index)
{
  g_clear_pointer (&index->index_name, g_free);
}

void
capacity_clear (Capacity *capacity)
{
  g_clear_pointer (&capacity->table_name, g_free);
  g_clear_pointer (&capacity->indexes, g_array_unref);
  capacity->read_units = 0;
  capacity->write_units = 0;
}

void
capacity_init (Capacity   *capacity,
               const char *table_name)
{
  capacity_clear (capacity);
  capacity->table_name = g_strdup (table_name);
}

/* Adds units consumed on an index, keeping the indexes sorted by name. */
void
capacity_add_index (Capacity   *capacity,
                    const char *index_name,
                    gboolean    global,
                    double      read_units,
                    double      write_units)
{
  DdbIndexCapacity entry = { g_strdup (index_name), global, read_units, write_units };
  guint i = 0;

  if (capacity->indexes == NULL)
    {
      capacity->indexes = g_array_new (FALSE, TRUE, sizeof (DdbIndexCapacity));
      g_array_set_clear_func (capacity->indexes, (GDestroyNotify)index_capacity_clear);
    }

  for (; i < capacity->indexes->len; i++)
    {
      DdbIndexCapacity *index = &g_array_index (capacity->indexes, DdbIndexCapacity, i);
      int cmp = strcmp (index->index_name, index_name);

      if (cmp == 0)
        {
          g_assert_true (index->global == global);
          index->read_units += read_units;
          index->write_units += write_units;
          g_free (entry.index_name);
          return;
        }
      if (cmp > 0)
        break;
    }

  g_array_insert_val (capacity->indexes, i, entry);
}

static void
capacity_set (Capacity     *capacity,
              const char   *table_name,
              double        read_units,
              double        write_units,
              const GArray *indexes)
{
  capacity->table_name = g_strdup (table_name);
  capacity->read_units = read_units;
  capacity->write_units = write_units;
  for (guint i = 0; indexes != NULL && i < indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (indexes, DdbIndexCapacity, i);

      capacity_add_index (capacity, index->index_name, index->global, index->read_units,
                          index->write_units);
    }
}

/* Copies what the engine reports into @capacity (which must be cleared). */
void
capacity_copy (Capacity                  *capacity,
               const DdbConsumedCapacity *consumed)
{
  capacity_set (capacity, consumed->table_name, consumed->table_read_units,
                consumed->table_write_units, consumed->indexes);
}

/* Makes @capacity (which must be cleared) a copy of @other. */
void
capacity_assign (Capacity       *capacity,
                 const Capacity *other)
{
  capacity_set (capacity, other->table_name, other->read_units, other->write_units,
                other->indexes);
}

gboolean
capacity_equal (const Capacity *a,
                const Capacity *b)
{
  guint n = a->indexes != NULL ? a->indexes->len : 0;

  if (g_strcmp0 (a->table_name, b->table_name) != 0 || a->read_units != b->read_units ||
      a->write_units != b->write_units || n != (b->indexes != NULL ? b->indexes->len : 0))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const DdbIndexCapacity *x = &g_array_index (a->indexes, DdbIndexCapacity, i);
      const DdbIndexCapacity *y = &g_array_index (b->indexes, DdbIndexCapacity, i);

      if (strcmp (x->index_name, y->index_name) != 0 || x->global != y->global ||
          x->read_units != y->read_units || x->write_units != y->write_units)
        return FALSE;
    }

  return TRUE;
}

/* A list of Capacity, one per table, in the order the tables were first seen. */
GArray *
capacity_list_new (void)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (Capacity));

  g_array_set_clear_func (list, (GDestroyNotify)capacity_clear);

  return list;
}

/* The entry of @table_name in @list, appended when there is none yet. */
Capacity *
capacity_list_lookup (GArray     *list,
                      const char *table_name)
{
  Capacity capacity = { 0 };

  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (g_array_index (list, Capacity, i).table_name, table_name) == 0)
      return &g_array_index (list, Capacity, i);

  capacity_init (&capacity, table_name);
  g_array_append_val (list, capacity);

  return &g_array_index (list, Capacity, list->len - 1);
}

static void
render_capacity (GString        *text,
                 const Capacity *capacity)
{
  if (capacity->table_name == NULL)
    {
      g_string_append (text, "ConsumedCapacity=(none)");
      return;
    }

  g_string_append_printf (text, "ConsumedCapacity={TableName=%s read=%g write=%g",
                          capacity->table_name, capacity->read_units, capacity->write_units);
  for (guint i = 0; capacity->indexes != NULL && i < capacity->indexes->len; i++)
    {
      const DdbIndexCapacity *index = &g_array_index (capacity->indexes, DdbIndexCapacity, i);

      g_string_append_printf (text, " %s:%s={read=%g write=%g}",
                              index->global ? "GlobalSecondaryIndexes"
                                            : "LocalSecondaryIndexes",
                              index->index_name, index->read_units, index->write_units);
    }
  g_string_append_c (text, '}');
}

/* ---------------------------------------------------------------------------------------
 * Responses
 * ------------------------------------------------------------------------------------- */

void
single_clear (Single *single)
{
  capacity_clear (&single->consumed);
  g_clear_pointer (&single->value, ddb_value_unref);
  g_clear_pointer (&single->error_message, g_free);
}

void
page_clear (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->last_key, ddb_value_unref);
  capacity_clear (&page->consumed);
}

static void
reason_clear (Reason *reason)
{
  g_clear_pointer (&reason->code, g_free);
  g_clear_pointer (&reason->message, g_free);
  g_clear_pointer (&reason->item, ddb_value_unref);
}

void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->error_message, g_free);
  g_clear_pointer (&batch->consumed, g_array_unref);
  g_clear_pointer (&batch->reasons, g_array_unref);
}

void
batch_add_reason (Batch          *batch,
                  const char     *code,
                  const char     *message,
                  const DdbValue *item)
{
  Reason reason = { g_strdup (code), g_strdup (message),
                    item != NULL ? ddb_value_ref ((DdbValue *)item) : NULL };

  if (batch->reasons == NULL)
    {
      batch->reasons = g_array_new (FALSE, TRUE, sizeof (Reason));
      g_array_set_clear_func (batch->reasons, (GDestroyNotify)reason_clear);
    }
  g_array_append_val (batch->reasons, reason);
}

/**
 * batch_copy:
 * @consumed: (nullable) (element-type DdbConsumedCapacity): the engine's, one per table
 * @reasons: (nullable) (element-type DdbCancellationReason)
 * @unprocessed: (nullable): UnprocessedItems
 * @error: (nullable): the request's error
 *
 * Fills in @batch (which must be cleared) from what the engine answered.
 */
void
batch_copy (Batch        *batch,
            DdbOutcome    outcome,
            const GArray *consumed,
            const GArray *reasons,
            const GArray *unprocessed,
            const GError *error)
{
  batch->outcome = outcome;
  batch->error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                        : NULL;
  batch->n_unprocessed = unprocessed != NULL ? unprocessed->len : 0;
  if (consumed != NULL)
    batch->consumed = capacity_list_new ();
  for (guint i = 0; consumed != NULL && i < consumed->len; i++)
    {
      Capacity capacity = { 0 };

      capacity_copy (&capacity, &g_array_index (consumed, DdbConsumedCapacity, i));
      g_array_append_val (batch->consumed, capacity);
    }
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      const DdbCancellationReason *reason = &g_array_index (reasons, DdbCancellationReason, i);

      batch_add_reason (batch, reason->code, reason->message, reason->item);
    }
}

gboolean
values_equal (const DdbValue *a,
              const DdbValue *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return ddb_value_equal (a, b);
}

gboolean
single_equal (const Single *a,
              const Single *b)
{
  return a->outcome == b->outcome && capacity_equal (&a->consumed, &b->consumed) &&
         values_equal (a->value, b->value) &&
         g_strcmp0 (a->error_message, b->error_message) == 0;
}

gboolean
page_equal (const Page *a,
            const Page *b)
{
  if (a->count != b->count || a->scanned_count != b->scanned_count ||
      !capacity_equal (&a->consumed, &b->consumed) || !values_equal (a->last_key, b->last_key) ||
      a->items->len != b->items->len)
    return FALSE;

  for (guint i = 0; i < a->items->len; i++)
    if (!ddb_value_equal (a->items->pdata[i], b->items->pdata[i]))
      return FALSE;

  return TRUE;
}

gboolean
batch_equal (const Batch *a,
             const Batch *b)
{
  guint n_consumed = a->consumed != NULL ? a->consumed->len : 0;
  guint n_reasons = a->reasons != NULL ? a->reasons->len : 0;

  if (a->outcome != b->outcome || g_strcmp0 (a->error_message, b->error_message) != 0 ||
      a->n_unprocessed != b->n_unprocessed ||
      n_consumed != (b->consumed != NULL ? b->consumed->len : 0) ||
      n_reasons != (b->reasons != NULL ? b->reasons->len : 0))
    return FALSE;

  for (guint i = 0; i < n_consumed; i++)
    if (!capacity_equal (&g_array_index (a->consumed, Capacity, i),
                         &g_array_index (b->consumed, Capacity, i)))
      return FALSE;

  for (guint i = 0; i < n_reasons; i++)
    {
      const Reason *x = &g_array_index (a->reasons, Reason, i);
      const Reason *y = &g_array_index (b->reasons, Reason, i);

      if (g_strcmp0 (x->code, y->code) != 0 || g_strcmp0 (x->message, y->message) != 0 ||
          !values_equal (x->item, y->item))
        return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------------------------- */

/* A copy of @value whose long strings are shortened to a prefix, length and hash. */
static DdbValue *
abbreviate (const DdbValue *value)
{
  DdbMapBuilder *builder;
  const char *text;
  gsize length;

  switch (ddb_value_get_kind (value))
    {
    case DDB_KIND_S:
      text = ddb_value_get_string (value, &length);
      if (length > RENDER_MAX && g_str_is_ascii (text))
        {
          g_autofree char *shown = g_strdup_printf ("%.12s...[%" G_GSIZE_FORMAT " chars, "
                                                    "hash %08x]", text, length,
                                                    g_str_hash (text));

          return ddb_value_new_string (shown, -1);
        }
      return ddb_value_ref ((DdbValue *)value);
    case DDB_KIND_M:
      builder = ddb_map_builder_new ();
      for (gsize i = 0; i < ddb_value_get_length (value); i++)
        ddb_map_builder_set_take (builder, ddb_value_get_name (value, i),
                                  abbreviate (ddb_value_get_element (value, i)));
      return ddb_map_builder_end (builder);
    case DDB_KIND_N:
    case DDB_KIND_B:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      return ddb_value_ref ((DdbValue *)value);
    }
}

/* DynamoDB JSON of @item, abbreviated, with non-ASCII characters as \u escapes so that
 * messages survive a C locale (every character this test generates is in the BMP). */
char *
render_item (const DdbValue *item)
{
  g_autoptr(DdbValue) shown = NULL;
  g_autofree char *json = NULL;
  GString *text;

  if (item == NULL)
    return g_strdup ("(none)");

  shown = abbreviate (item);
  json = ddb_item_to_json_text (shown);
  text = g_string_new (NULL);
  for (const char *c = json; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u < 0x80)
        g_string_append_c (text, (char)u);
      else
        g_string_append_printf (text, "\\u%04x", u);
    }

  return g_string_free (text, FALSE);
}

const char *
outcome_name (DdbOutcome outcome)
{
  switch (outcome)
    {
    case DDB_OUTCOME_OK:
      return "OK";
    case DDB_OUTCOME_CONDITION_FAILED:
      return "CONDITION_FAILED";
    case DDB_OUTCOME_THROTTLED:
      return "THROTTLED";
    case DDB_OUTCOME_TRANSACTION_CANCELED:
      return "TRANSACTION_CANCELED";
    case DDB_OUTCOME_ERROR:
      return "ERROR";
    default:
      return "?";
    }
}

const char *
return_values_name (DdbReturnValues return_values)
{
  switch (return_values)
    {
    case DDB_RETURN_VALUES_NONE:
      return "NONE";
    case DDB_RETURN_VALUES_ALL_OLD:
      return "ALL_OLD";
    case DDB_RETURN_VALUES_UPDATED_OLD:
      return "UPDATED_OLD";
    case DDB_RETURN_VALUES_ALL_NEW:
      return "ALL_NEW";
    case DDB_RETURN_VALUES_UPDATED_NEW:
      return "UPDATED_NEW";
    default:
      return "?";
    }
}

char *
render_single (const Single *single)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *value = render_item (single->value);

  g_string_append_printf (text, "outcome=%s error=%s ", outcome_name (single->outcome),
                          single->error_message != NULL ? single->error_message : "(none)");
  render_capacity (text, &single->consumed);
  g_string_append_printf (text, " Attributes/Item=%s", value);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
render_page (const Page *page)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *key = render_item (page->last_key);

  g_string_append_printf (text, "Count=%" G_GINT64_FORMAT " ScannedCount=%" G_GINT64_FORMAT
                          " LastEvaluatedKey=%s ", page->count, page->scanned_count, key);
  render_capacity (text, &page->consumed);
  g_string_append_printf (text, " Items(%u)=[", page->items->len);
  for (guint i = 0; i < page->items->len; i++)
    {
      g_autofree char *item = render_item (page->items->pdata[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", item);
    }
  g_string_append_c (text, ']');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
render_batch (const Batch *batch)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "outcome=%s error=%s UnprocessedItems=%u ConsumedCapacity=[",
                          outcome_name (batch->outcome),
                          batch->error_message != NULL ? batch->error_message : "(none)",
                          batch->n_unprocessed);
  for (guint i = 0; batch->consumed != NULL && i < batch->consumed->len; i++)
    {
      g_string_append (text, i > 0 ? ", " : "");
      render_capacity (text, &g_array_index (batch->consumed, Capacity, i));
    }
  g_string_append (text, "] CancellationReasons=");
  if (batch->reasons == NULL)
    g_string_append (text, "(none)");
  for (guint i = 0; batch->reasons != NULL && i < batch->reasons->len; i++)
    {
      const Reason *reason = &g_array_index (batch->reasons, Reason, i);
      g_autofree char *item = render_item (reason->item);

      g_string_append_printf (text, "%s{Code=%s Message=%s Item=%s}", i > 0 ? ", " : "[",
                              reason->code, reason->message != NULL ? reason->message : "(none)",
                              item);
    }
  if (batch->reasons != NULL)
    g_string_append_c (text, ']');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* An error as the responses show it: its domain, code and message. */
char *
error_text (GQuark      domain,
            int         code,
            const char *message)
{
  return g_strdup_printf ("%s %d: %s", g_quark_to_string (domain), code, message);
}

void
single_from_write (Single         *single,
                   DdbOutcome      outcome,
                   DdbWriteResult *result,
                   const GError   *error)
{
  single->outcome = outcome;
  capacity_copy (&single->consumed, &result->consumed);
  single->value = g_steal_pointer (&result->attributes);
  single->error_message = error != NULL ? error_text (error->domain, error->code, error->message)
                                         : NULL;
  ddb_write_result_clear (result);
}
