/* ddb-cli-output.c
 *
 * Error reporting and the report type of ddbsim-cli.
 *
 * A report is what a subcommand computed, in order: named fields and at most one table.
 * It prints either as JSON on one line (the default: what scripts and tests read), fields
 * first, then the table's rows, then any notes; or, with --format text, as aligned
 * columns for a person: the table first, then the fields (so totals come last), then the
 * notes.  Keeping the two in one place means that every subcommand gets both forms for
 * free and that they never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "ddb-cli.h"
#include "ddb-json-writer.h"

/* ---------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------- */

static void
ddb_cli_print_error (const char *command,
                     const char *format,
                     va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_printerr ("ddbsim-cli%s%s: %s\n", command != NULL ? " " : "", command != NULL ? command : "",
              message);
}

/* Prints a usage error and a pointer to --help; returns DDB_CLI_EXIT_USAGE. */
int
ddb_cli_usage_error (const char *command,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  ddb_cli_print_error (command, format, args);
  va_end (args);

  g_printerr ("Try 'ddbsim-cli%s%s --help' for more information.\n",
              command != NULL ? " " : "", command != NULL ? command : "");

  return DDB_CLI_EXIT_USAGE;
}

/* Prints an error about the input (well-formed command, invalid values); returns
 * DDB_CLI_EXIT_FAILURE. */
int
ddb_cli_input_error (const char *command,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  ddb_cli_print_error (command, format, args);
  va_end (args);

  return DDB_CLI_EXIT_FAILURE;
}

/* Parses the argument of --format: "json" or "text". */
gboolean
ddb_cli_parse_format (const char   *text,
                      DdbCliFormat *format)
{
  if (text == NULL || strcmp (text, "json") == 0)
    *format = DDB_CLI_FORMAT_JSON;
  else if (strcmp (text, "text") == 0)
    *format = DDB_CLI_FORMAT_TEXT;
  else
    return FALSE;

  return TRUE;
}

/**
 * ddb_cli_read_argument:
 * @argument: a command-line argument, or "-" for standard input
 *
 * Returns: (transfer full) (nullable): @argument itself, or everything on standard input
 *   when @argument is "-"; %NULL with @error set if standard input cannot be read.
 */
char *
ddb_cli_read_argument (const char  *argument,
                       GError     **error)
{
  GString *text;
  char buffer[65536];
  size_t n;

  if (strcmp (argument, "-") != 0)
    return g_strdup (argument);

  text = g_string_new (NULL);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);

  if (ferror (stdin))
    {
      g_string_free (text, TRUE);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read standard input");
      return NULL;
    }

  return g_string_free (text, FALSE);
}

/* ---------------------------------------------------------------------------------------
 * Reports
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  DdbCliCellKind kind;
  char          *text;
  gint64         integer;
  double         number;
} Cell;

typedef struct
{
  char *key;
  Cell  cell;
} Field;

struct _DdbCliReport
{
  GPtrArray      *fields;          /* of Field */
  char           *table_key;
  GStrv           column_keys;
  GStrv           column_titles;
  DdbCliCellKind *column_kinds;
  guint           n_columns;
  GArray         *cells;           /* of Cell, n_columns per row */
  GPtrArray      *notes;           /* of char * */
  gboolean        table_ended;
};

static void
cell_clear (Cell *cell)
{
  g_clear_pointer (&cell->text, g_free);
}

static void
field_free (Field *field)
{
  g_free (field->key);
  cell_clear (&field->cell);
  g_free (field);
}

DdbCliReport *
ddb_cli_report_new (void)
{
  DdbCliReport *self = g_new0 (DdbCliReport, 1);

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)field_free);
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (self->cells, (GDestroyNotify)cell_clear);
  self->notes = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
ddb_cli_report_free (DdbCliReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->fields);
  g_free (report->table_key);
  g_strfreev (report->column_keys);
  g_strfreev (report->column_titles);
  g_free (report->column_kinds);
  g_array_unref (report->cells);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

static Cell *
ddb_cli_report_add_field (DdbCliReport   *self,
                          const char     *key,
                          DdbCliCellKind  kind)
{
  Field *field = g_new0 (Field, 1);

  field->key = g_strdup (key);
  field->cell.kind = kind;
  g_ptr_array_add (self->fields, field);

  return &field->cell;
}

void
ddb_cli_report_add_int (DdbCliReport *report,
                        const char   *key,
                        gint64        value)
{
  ddb_cli_report_add_field (report, key, DDB_CLI_CELL_INT)->integer = value;
}

void
ddb_cli_report_add_decimal (DdbCliReport *report,
                            const char   *key,
                            double        value)
{
  ddb_cli_report_add_field (report, key, DDB_CLI_CELL_DECIMAL)->number = value;
}

void
ddb_cli_report_add_money (DdbCliReport *report,
                          const char   *key,
                          double        value)
{
  ddb_cli_report_add_field (report, key, DDB_CLI_CELL_MONEY)->number = value;
}

void
ddb_cli_report_add_bool (DdbCliReport *report,
                         const char   *key,
                         gboolean      value)
{
  ddb_cli_report_add_field (report, key, DDB_CLI_CELL_BOOL)->integer = !!value;
}

void
ddb_cli_report_add_text (DdbCliReport *report,
                         const char   *key,
                         const char   *value)
{
  ddb_cli_report_add_field (report, key, DDB_CLI_CELL_TEXT)->text = g_strdup (value);
}

/**
 * ddb_cli_report_begin_table:
 * @key: the JSON member holding the rows (an array of objects)
 * @column_keys: the JSON member of each column
 * @column_titles: the text-mode heading of each column
 * @column_kinds: what each column holds; it fixes the types ddb_cli_report_add_row() reads
 *
 * Starts the report's table.  Fields added after ddb_cli_report_end_table() follow it.
 */
void
ddb_cli_report_begin_table (DdbCliReport         *report,
                            const char           *key,
                            const char          **column_keys,
                            const char          **column_titles,
                            const DdbCliCellKind *column_kinds,
                            guint                 n_columns)
{
  g_return_if_fail (report != NULL && report->table_key == NULL);
  g_return_if_fail (n_columns > 0);

  report->table_key = g_strdup (key);
  report->n_columns = n_columns;
  report->column_keys = g_new0 (char *, n_columns + 1);
  report->column_titles = g_new0 (char *, n_columns + 1);
  report->column_kinds = g_memdup2 (column_kinds, n_columns * sizeof (DdbCliCellKind));
  for (guint i = 0; i < n_columns; i++)
    {
      report->column_keys[i] = g_strdup (column_keys[i]);
      report->column_titles[i] = g_strdup (column_titles[i]);
    }
}

/**
 * ddb_cli_report_add_row:
 * @...: one value per column, typed by the column's kind: `const char *` for TEXT,
 *   `gint64` for INT, `double` for DECIMAL, MONEY and PRICE, `gboolean` for BOOL
 */
void
ddb_cli_report_add_row (DdbCliReport *report,
                        ...)
{
  va_list args;

  g_return_if_fail (report != NULL && report->table_key != NULL && !report->table_ended);

  va_start (args, report);
  for (guint i = 0; i < report->n_columns; i++)
    {
      Cell cell = { .kind = report->column_kinds[i] };

      switch (cell.kind)
        {
        case DDB_CLI_CELL_TEXT:
          cell.text = g_strdup (va_arg (args, const char *));
          break;
        case DDB_CLI_CELL_INT:
          cell.integer = va_arg (args, gint64);
          break;
        case DDB_CLI_CELL_DECIMAL:
        case DDB_CLI_CELL_MONEY:
        case DDB_CLI_CELL_PRICE:
          cell.number = va_arg (args, double);
          break;
        case DDB_CLI_CELL_BOOL:
          cell.integer = !!va_arg (args, gboolean);
          break;
        default:
          g_assert_not_reached ();
        }
      g_array_append_val (report->cells, cell);
    }
  va_end (args);
}

void
ddb_cli_report_end_table (DdbCliReport *report)
{
  g_return_if_fail (report != NULL && report->table_key != NULL);

  report->table_ended = TRUE;
}

/* A note is printed under the text form and as "notes" in JSON. */
void
ddb_cli_report_add_note (DdbCliReport *report,
                         const char   *note)
{
  g_return_if_fail (report != NULL && note != NULL);

  g_ptr_array_add (report->notes, g_strdup (note));
}

static void
write_cell_json (DdbJsonWriter *writer,
                 const Cell    *cell)
{
  switch (cell->kind)
    {
    case DDB_CLI_CELL_TEXT:
      ddb_json_writer_string (writer, cell->text != NULL ? cell->text : "", -1);
      break;
    case DDB_CLI_CELL_INT:
      ddb_json_writer_int (writer, cell->integer);
      break;
    case DDB_CLI_CELL_DECIMAL:
    case DDB_CLI_CELL_MONEY:
    case DDB_CLI_CELL_PRICE:
      ddb_json_writer_double (writer, cell->number);
      break;
    case DDB_CLI_CELL_BOOL:
      ddb_json_writer_boolean (writer, cell->integer != 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
format_cell_text (const Cell *cell)
{
  g_autofree char *digits = NULL;

  switch (cell->kind)
    {
    case DDB_CLI_CELL_TEXT:
      return g_strdup (cell->text != NULL ? cell->text : "");
    case DDB_CLI_CELL_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case DDB_CLI_CELL_DECIMAL:
      /* People read six decimals; JSON keeps DDB_JSON_DOUBLE_DECIMALS. */
      return ddb_format_decimal (cell->number, 6);
    case DDB_CLI_CELL_MONEY:
      digits = ddb_format_decimal (fabs (cell->number), 2);
      if (strchr (digits, '.') == NULL)
        return g_strdup_printf ("%s$%s.00", cell->number < -0.005 ? "-" : "", digits);
      if (strlen (strchr (digits, '.')) == 2)
        return g_strdup_printf ("%s$%s0", cell->number < -0.005 ? "-" : "", digits);
      return g_strdup_printf ("%s$%s", cell->number < -0.005 ? "-" : "", digits);
    case DDB_CLI_CELL_PRICE:
      /* At least cents, and every significant decimal of a small unit price. */
      digits = ddb_format_decimal (fabs (cell->number), DDB_JSON_DOUBLE_DECIMALS);
      if (strchr (digits, '.') == NULL)
        return g_strdup_printf ("%s$%s.00", cell->number < 0 ? "-" : "", digits);
      if (strlen (strchr (digits, '.')) == 2)
        return g_strdup_printf ("%s$%s0", cell->number < 0 ? "-" : "", digits);
      return g_strdup_printf ("%s$%s", cell->number < 0 ? "-" : "", digits);
    case DDB_CLI_CELL_BOOL:
      return g_strdup (cell->integer ? "true" : "false");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
cell_is_numeric (DdbCliCellKind kind)
{
  return kind != DDB_CLI_CELL_TEXT && kind != DDB_CLI_CELL_BOOL;
}

static void
print_json (DdbCliReport *self)
{
  g_autoptr(DdbJsonWriter) writer = ddb_json_writer_new (FALSE);
  guint n_rows = self->n_columns > 0 ? self->cells->len / self->n_columns : 0;
  g_autofree char *text = NULL;

  ddb_json_writer_begin_object (writer);

  for (guint f = 0; f < self->fields->len; f++)
    {
      const Field *field = g_ptr_array_index (self->fields, f);

      ddb_json_writer_member (writer, field->key);
      write_cell_json (writer, &field->cell);
    }

  if (self->table_key != NULL)
    {
      ddb_json_writer_member (writer, self->table_key);
      ddb_json_writer_begin_array (writer);
      for (guint r = 0; r < n_rows; r++)
        {
          ddb_json_writer_begin_object (writer);
          for (guint c = 0; c < self->n_columns; c++)
            {
              ddb_json_writer_member (writer, self->column_keys[c]);
              write_cell_json (writer, &g_array_index (self->cells, Cell, r * self->n_columns + c));
            }
          ddb_json_writer_end_object (writer);
        }
      ddb_json_writer_end_array (writer);
    }

  if (self->notes->len > 0)
    {
      ddb_json_writer_member (writer, "notes");
      ddb_json_writer_begin_array (writer);
      for (guint i = 0; i < self->notes->len; i++)
        ddb_json_writer_string (writer, g_ptr_array_index (self->notes, i), -1);
      ddb_json_writer_end_array (writer);
    }

  ddb_json_writer_end_object (writer);

  text = ddb_json_writer_free_to_string (g_steal_pointer (&writer));
  g_print ("%s\n", text);
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    right_aligned)
{
  glong length = g_utf8_strlen (text, -1);
  guint padding = length < (glong)width ? width - length : 0;

  if (right_aligned)
    g_print ("%*s%s", padding, "", text);
  else
    g_print ("%s%*s", text, padding, "");
}

static void
print_text (DdbCliReport *self)
{
  guint key_width = 0;
  guint n_rows = self->n_columns > 0 ? self->cells->len / self->n_columns : 0;

  for (guint f = 0; f < self->fields->len; f++)
    {
      const Field *field = g_ptr_array_index (self->fields, f);

      key_width = MAX (key_width, g_utf8_strlen (field->key, -1));
    }

  if (self->table_key != NULL)
    {
      g_autofree guint *widths = g_new0 (guint, self->n_columns);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = g_utf8_strlen (self->column_titles[c], -1);

      for (guint i = 0; i < self->cells->len; i++)
        {
          char *text = format_cell_text (&g_array_index (self->cells, Cell, i));

          widths[i % self->n_columns] = MAX (widths[i % self->n_columns],
                                             g_utf8_strlen (text, -1));
          g_ptr_array_add (texts, text);
        }

      /* No padding after the last column: lines never end in spaces. */
      for (guint c = 0; c < self->n_columns; c++)
        {
          gboolean last = c + 1 == self->n_columns;

          print_padded (self->column_titles[c], last ? 0 : widths[c],
                        cell_is_numeric (self->column_kinds[c]));
          g_print (last ? "\n" : "  ");
        }
      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < self->n_columns; c++)
          {
            gboolean last = c + 1 == self->n_columns;
            gboolean numeric = cell_is_numeric (self->column_kinds[c]);

            print_padded (g_ptr_array_index (texts, r * self->n_columns + c),
                          last && !numeric ? 0 : widths[c], numeric);
            g_print (last ? "\n" : "  ");
          }
      if (self->fields->len > 0)
        g_print ("\n");
    }

  for (guint f = 0; f < self->fields->len; f++)
    {
      const Field *field = g_ptr_array_index (self->fields, f);
      g_autofree char *text = format_cell_text (&field->cell);

      print_padded (field->key, key_width, FALSE);
      g_print ("  %s\n", text);
    }

  for (guint i = 0; i < self->notes->len; i++)
    g_print ("%s%s\n", i == 0 ? "\n" : "", (const char *)g_ptr_array_index (self->notes, i));
}

/* Prints @report on standard output in @format. */
void
ddb_cli_report_print (DdbCliReport *report,
                      DdbCliFormat  format)
{
  g_return_if_fail (report != NULL);

  if (format == DDB_CLI_FORMAT_JSON)
    print_json (report);
  else
    print_text (report);
}
