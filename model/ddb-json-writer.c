/* ddb-json-writer.c
 *
 * A streaming JSON writer over a GString.
 *
 * The writer keeps a stack of open containers; each frame remembers whether it is an
 * object or an array and whether it already holds an element, which decides where commas
 * go.  In an object, ddb_json_writer_member() writes the name and the next value call
 * completes the member.  Pretty output puts each element on its own line, indented by two
 * spaces per level, as `python -m json.tool` would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-json-writer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ddb-json-writer.h"

typedef struct
{
  guint8 is_object;
  guint8 has_elements;
} Frame;

struct _DdbJsonWriter
{
  GString  *out;
  GArray   *stack;            /* of Frame */
  gboolean  pretty;
  gboolean  after_member;     /* a member name was written; its value comes next */
};

/* Returns: (transfer full): a writer producing compact JSON, or indented JSON if @pretty. */
DdbJsonWriter *
ddb_json_writer_new (gboolean pretty)
{
  DdbJsonWriter *self = g_new0 (DdbJsonWriter, 1);

  self->out = g_string_sized_new (256);
  self->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  self->pretty = !!pretty;

  return self;
}

void
ddb_json_writer_free (DdbJsonWriter *writer)
{
  if (writer == NULL)
    return;

  g_string_free (writer->out, TRUE);
  g_array_unref (writer->stack);
  g_free (writer);
}

/**
 * ddb_json_writer_free_to_string:
 * @writer: (transfer full): a writer whose containers are all closed
 *
 * Returns: (transfer full): the JSON text written.
 */
char *
ddb_json_writer_free_to_string (DdbJsonWriter *writer)
{
  char *text;

  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (writer->stack->len == 0, NULL);

  text = g_string_free (g_steal_pointer (&writer->out), FALSE);
  g_array_unref (writer->stack);
  g_free (writer);

  return text;
}

/* Returns: (transfer none): the text written so far. */
const char *
ddb_json_writer_peek (DdbJsonWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);

  return writer->out->str;
}

static void
ddb_json_writer_newline (DdbJsonWriter *self)
{
  g_string_append_c (self->out, '\n');
  for (guint i = 0; i < self->stack->len; i++)
    g_string_append (self->out, "  ");
}

/* Writes what must precede a value: a comma and, when pretty, a line break. */
static void
ddb_json_writer_before_value (DdbJsonWriter *self)
{
  Frame *frame;

  if (self->after_member)
    {
      self->after_member = FALSE;
      return;
    }

  if (self->stack->len == 0)
    {
      g_return_if_fail (self->out->len == 0);   /* one top-level value only */
      return;
    }

  frame = &g_array_index (self->stack, Frame, self->stack->len - 1);
  g_return_if_fail (!frame->is_object);         /* object values need a member name */

  if (frame->has_elements)
    g_string_append_c (self->out, ',');
  frame->has_elements = TRUE;

  if (self->pretty)
    ddb_json_writer_newline (self);
}

static void
ddb_json_writer_begin (DdbJsonWriter *self,
                       gboolean       is_object)
{
  Frame frame = { .is_object = is_object, .has_elements = FALSE };

  ddb_json_writer_before_value (self);
  g_string_append_c (self->out, is_object ? '{' : '[');
  g_array_append_val (self->stack, frame);
}

static void
ddb_json_writer_end (DdbJsonWriter *self,
                     gboolean       is_object)
{
  Frame frame;

  g_return_if_fail (self->stack->len > 0);
  g_return_if_fail (!self->after_member);

  frame = g_array_index (self->stack, Frame, self->stack->len - 1);
  g_return_if_fail (frame.is_object == is_object);

  g_array_set_size (self->stack, self->stack->len - 1);
  if (self->pretty && frame.has_elements)
    ddb_json_writer_newline (self);
  g_string_append_c (self->out, is_object ? '}' : ']');
}

void
ddb_json_writer_begin_object (DdbJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_begin (writer, TRUE);
}

void
ddb_json_writer_end_object (DdbJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_end (writer, TRUE);
}

void
ddb_json_writer_begin_array (DdbJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_begin (writer, FALSE);
}

void
ddb_json_writer_end_array (DdbJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_end (writer, FALSE);
}

static void
ddb_json_writer_escape (GString    *out,
                        const char *text,
                        gsize       length)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            {
              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[c >> 4]);
              g_string_append_c (out, hex[c & 0xf]);
            }
          else
            g_string_append_c (out, (char)c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Starts a member of the innermost object; the next value call writes its value. */
void
ddb_json_writer_member (DdbJsonWriter *writer,
                        const char    *name)
{
  Frame *frame;

  g_return_if_fail (writer != NULL && name != NULL);
  g_return_if_fail (writer->stack->len > 0 && !writer->after_member);

  frame = &g_array_index (writer->stack, Frame, writer->stack->len - 1);
  g_return_if_fail (frame->is_object);

  if (frame->has_elements)
    g_string_append_c (writer->out, ',');
  frame->has_elements = TRUE;
  if (writer->pretty)
    ddb_json_writer_newline (writer);

  ddb_json_writer_escape (writer->out, name, strlen (name));
  g_string_append (writer->out, writer->pretty ? ": " : ":");
  writer->after_member = TRUE;
}

/* Writes a string value; @text is UTF-8 of @length bytes (-1: NUL-terminated). */
void
ddb_json_writer_string (DdbJsonWriter *writer,
                        const char    *text,
                        gssize         length)
{
  g_return_if_fail (writer != NULL && text != NULL);

  ddb_json_writer_before_value (writer);
  ddb_json_writer_escape (writer->out, text, length < 0 ? strlen (text) : (gsize)length);
}

void
ddb_json_writer_boolean (DdbJsonWriter *writer,
                         gboolean       value)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_before_value (writer);
  g_string_append (writer->out, value ? "true" : "false");
}

void
ddb_json_writer_null (DdbJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_before_value (writer);
  g_string_append (writer->out, "null");
}

void
ddb_json_writer_int (DdbJsonWriter *writer,
                     gint64         value)
{
  g_return_if_fail (writer != NULL);

  ddb_json_writer_before_value (writer);
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
}

/* Writes @text, which must already be a valid JSON number, as a number value. */
void
ddb_json_writer_number_text (DdbJsonWriter *writer,
                             const char    *text)
{
  g_return_if_fail (writer != NULL && text != NULL);

  ddb_json_writer_before_value (writer);
  g_string_append (writer->out, text);
}

/**
 * ddb_format_decimal:
 * @value: a finite number
 * @max_decimals: decimal places to round to (at most 17)
 *
 * Formats @value in plain decimal notation, rounded to @max_decimals places, without
 * trailing zeros or a trailing point, and never as "-0": 46.800000000000004 -> "46.8",
 * 0.5 -> "0.5", 2628000000 -> "2628000000".  Independent of the locale.
 *
 * Returns: (transfer full): the text.
 */
char *
ddb_format_decimal (double value,
                    guint  max_decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 320];
  char *end;

  g_return_val_if_fail (isfinite (value), g_strdup ("0"));
  g_return_val_if_fail (max_decimals <= 17, g_strdup ("0"));

  g_snprintf (format, sizeof format, "%%.%uf", max_decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);

  if (strchr (buffer, '.') != NULL)
    {
      end = buffer + strlen (buffer) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }

  if (strcmp (buffer, "-0") == 0)
    return g_strdup ("0");

  return g_strdup (buffer);
}

/* Writes @value as ddb_format_decimal() formats it with DDB_JSON_DOUBLE_DECIMALS places;
 * non-finite values become null. */
void
ddb_json_writer_double (DdbJsonWriter *writer,
                        double         value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (writer != NULL);

  if (!isfinite (value))
    {
      ddb_json_writer_null (writer);
      return;
    }

  text = ddb_format_decimal (value, DDB_JSON_DOUBLE_DECIMALS);
  ddb_json_writer_number_text (writer, text);
}

/**
 * ddb_json_writer_double_with_point:
 *
 * Writes @value like ddb_json_writer_double(), but an integral value keeps a decimal
 * point ("1.0", "0.5", "256.0"): DynamoDB's responses carry capacity units as Java doubles,
 * and SDKs and scripts that compare the text expect that form.
 */
void
ddb_json_writer_double_with_point (DdbJsonWriter *writer,
                                   double         value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (writer != NULL);

  if (!isfinite (value))
    {
      ddb_json_writer_null (writer);
      return;
    }

  text = ddb_format_decimal (value, DDB_JSON_DOUBLE_DECIMALS);
  if (strchr (text, '.') == NULL)
    {
      g_autofree char *with_point = g_strconcat (text, ".0", NULL);

      ddb_json_writer_number_text (writer, with_point);
      return;
    }
  ddb_json_writer_number_text (writer, text);
}
