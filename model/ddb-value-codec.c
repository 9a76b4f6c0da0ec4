/* ddb-value-codec.c
 *
 * Binary serialisation of DdbValues for storage.
 *
 * Format (all integers are unsigned LEB128 varints unless said otherwise):
 *
 *   value    := tag payload
 *   tag      := one byte, the DdbKind
 *   S, B     := length bytes
 *   N        := number
 *   number   := head [exponent digits]  where head = negative << 7 | n_digits,
 *               exponent = int16 little endian (present when n_digits > 0),
 *               digits   = ceil (n_digits / 2) bytes, two digits per byte, high nibble first
 *   BOOL     := one byte, 0 or 1
 *   NULL     := nothing
 *   L        := count value*
 *   M        := count (name-length name value)*   names in the map's (sorted) order
 *   SS, BS   := count (length bytes)*
 *   NS       := count number*
 *
 * Decoding checks every length against the remaining input and every structural rule a
 * DdbValue has (UTF-8 strings, sorted unique map names, canonical numbers, sorted unique
 * non-empty sets, minimal varints), so corrupt storage becomes an error, never a crash or
 * an invalid value, and every value has exactly one encoding.  Recursion is bounded by DDB_VALUE_MAX_DEPTH, as stored values never nest deeper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-value-codec"

#include "config.h"

#include <string.h>

#include "ddb-model-error.h"
#include "ddb-value-codec.h"
#include "ddb-value-private.h"

/* ---------------------------------------------------------------------------------------
 * Encoding
 * ------------------------------------------------------------------------------------- */

static void
put_varint (GByteArray *out,
            guint64     value)
{
  guint8 buffer[10];
  guint n = 0;

  do
    {
      buffer[n] = value & 0x7f;
      value >>= 7;
      if (value != 0)
        buffer[n] |= 0x80;
      n++;
    }
  while (value != 0);

  g_byte_array_append (out, buffer, n);
}

static void
put_bytes (GByteArray *out,
           const void *data,
           gsize       length)
{
  put_varint (out, length);
  if (length > 0)
    g_byte_array_append (out, data, length);
}

static void
put_number (GByteArray      *out,
            const DdbNumber *number)
{
  guint8 buffer[3 + DDB_NUMBER_MAX_DIGITS / 2];
  guint n = 0;

  buffer[n++] = (guint8)(number->negative << 7 | number->n_digits);
  if (number->n_digits > 0)
    {
      guint16 exponent = (guint16)number->exponent;

      buffer[n++] = exponent & 0xff;
      buffer[n++] = exponent >> 8;
      for (guint i = 0; i < number->n_digits; i += 2)
        {
          guint8 high = number->digits[i];
          guint8 low = i + 1 < number->n_digits ? number->digits[i + 1] : 0;

          buffer[n++] = (guint8)(high << 4 | low);
        }
    }

  g_byte_array_append (out, buffer, n);
}

static void
put_scalar_payload (GByteArray     *out,
                    const DdbValue *value)
{
  const char *text;
  const guint8 *data;
  gsize length;

  switch (ddb_value_get_kind (value))
    {
    case DDB_KIND_S:
      text = ddb_value_get_string (value, &length);
      put_bytes (out, text, length);
      break;
    case DDB_KIND_B:
      data = ddb_value_get_binary (value, &length);
      put_bytes (out, data, length);
      break;
    case DDB_KIND_N:
      put_number (out, ddb_value_get_number (value));
      break;
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * ddb_value_serialize:
 * @value: any value
 * @out: the array the encoding is appended to
 *
 * Appends the binary form of @value to @out.
 */
void
ddb_value_serialize (const DdbValue *value,
                     GByteArray     *out)
{
  DdbKind kind;
  guint8 tag;
  gsize length;

  g_return_if_fail (value != NULL);
  g_return_if_fail (out != NULL);

  kind = ddb_value_get_kind (value);
  tag = (guint8)kind;
  g_byte_array_append (out, &tag, 1);

  switch (kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
    case DDB_KIND_N:
      put_scalar_payload (out, value);
      break;

    case DDB_KIND_BOOL:
      tag = ddb_value_get_bool (value) ? 1 : 0;
      g_byte_array_append (out, &tag, 1);
      break;

    case DDB_KIND_NULL:
      break;

    case DDB_KIND_L:
      length = ddb_value_get_length (value);
      put_varint (out, length);
      for (gsize i = 0; i < length; i++)
        ddb_value_serialize (ddb_value_get_element (value, i), out);
      break;

    case DDB_KIND_M:
      length = ddb_value_get_length (value);
      put_varint (out, length);
      for (gsize i = 0; i < length; i++)
        {
          const char *name = ddb_value_get_name (value, i);

          put_bytes (out, name, strlen (name));
          ddb_value_serialize (ddb_value_get_element (value, i), out);
        }
      break;

    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      length = ddb_value_get_length (value);
      put_varint (out, length);
      for (gsize i = 0; i < length; i++)
        put_scalar_payload (out, ddb_value_get_element (value, i));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------
 * Decoding
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Reader;

static gboolean
corrupt (GError    **error,
         const char *what)
{
  g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_FAILED, "corrupt stored value: %s", what);
  return FALSE;
}

static gboolean
get_byte (Reader  *reader,
          guint8  *byte,
          GError **error)
{
  if (reader->offset >= reader->length)
    return corrupt (error, "truncated");

  *byte = reader->data[reader->offset++];

  return TRUE;
}

static gboolean
get_varint (Reader  *reader,
            guint64 *value,
            GError **error)
{
  guint64 result = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (!get_byte (reader, &byte, error))
        return FALSE;
      result |= (guint64)(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          /* Only the shortest form is valid, so that every value has one encoding. */
          if (byte == 0 && shift > 0)
            return corrupt (error, "varint not minimal");

          *value = result;
          return TRUE;
        }
    }

  return corrupt (error, "varint too long");
}

/* Reads a length-prefixed byte string, returning a pointer into the input. */
static gboolean
get_bytes (Reader        *reader,
           const guint8 **bytes,
           gsize         *length,
           GError       **error)
{
  guint64 n;

  if (!get_varint (reader, &n, error))
    return FALSE;
  if (n > reader->length - reader->offset)
    return corrupt (error, "length past the end");

  *bytes = reader->data + reader->offset;
  *length = n;
  reader->offset += n;

  return TRUE;
}

/* Reads an element count; every element takes at least one byte, which bounds it. */
static gboolean
get_count (Reader  *reader,
           gsize   *count,
           GError **error)
{
  guint64 n;

  if (!get_varint (reader, &n, error))
    return FALSE;
  if (n > reader->length - reader->offset)
    return corrupt (error, "count past the end");

  *count = n;

  return TRUE;
}

static gboolean
get_number (Reader    *reader,
            DdbNumber *number,
            GError   **error)
{
  guint8 head;
  guint8 low, high;
  char text[DDB_NUMBER_MAX_DIGITS + 16];
  gsize n = 0;

  memset (number, 0, sizeof *number);
  if (!get_byte (reader, &head, error))
    return FALSE;

  number->negative = head >> 7;
  number->n_digits = head & 0x7f;
  if (number->n_digits == 0)
    return number->negative == 0 ? TRUE : corrupt (error, "negative zero");
  if (number->n_digits > DDB_NUMBER_MAX_DIGITS)
    return corrupt (error, "too many digits");

  if (!get_byte (reader, &low, error) || !get_byte (reader, &high, error))
    return FALSE;
  number->exponent = (gint16)(guint16)(low | high << 8);

  for (guint i = 0; i < number->n_digits; i += 2)
    {
      guint8 pair;

      if (!get_byte (reader, &pair, error))
        return FALSE;
      if ((pair >> 4) > 9 || (pair & 0xf) > 9)
        return corrupt (error, "not a decimal digit");
      number->digits[i] = pair >> 4;
      if (i + 1 < number->n_digits)
        number->digits[i + 1] = pair & 0xf;
      else if ((pair & 0xf) != 0)
        return corrupt (error, "padding digit");
    }

  /* Re-parse the scientific text so that every canonical-form and range rule is checked
   * by the one function that defines them. */
  if (number->negative)
    text[n++] = '-';
  for (guint i = 0; i < number->n_digits; i++)
    text[n++] = '0' + number->digits[i];
  n += g_snprintf (text + n, sizeof text - n, "e%d", number->exponent - (number->n_digits - 1));
  {
    DdbNumber parsed;

    if (ddb_number_parse (text, n, &parsed) != DDB_NUMBER_OK || !ddb_number_equal (&parsed, number))
      return corrupt (error, "non-canonical number");
  }

  return TRUE;
}

static DdbValue *
get_scalar (Reader  *reader,
            DdbKind  kind,
            GError **error)
{
  const guint8 *bytes;
  gsize length;
  DdbNumber number;

  switch (kind)
    {
    case DDB_KIND_S:
      if (!get_bytes (reader, &bytes, &length, error))
        return NULL;
      if (!_ddb_utf8_validate ((const char *)bytes, length))
        {
          corrupt (error, "invalid UTF-8");
          return NULL;
        }
      return _ddb_value_new_string_trusted ((const char *)bytes, length);

    case DDB_KIND_B:
      if (!get_bytes (reader, &bytes, &length, error))
        return NULL;
      return ddb_value_new_binary (bytes, length);

    case DDB_KIND_N:
      if (!get_number (reader, &number, error))
        return NULL;
      return ddb_value_new_number (&number);

    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      g_assert_not_reached ();
    }
}

static DdbValue *get_value (Reader  *reader,
                            guint    level,
                            GError **error);

static DdbValue *
get_list (Reader  *reader,
          guint    level,
          GError **error)
{
  gsize count;
  g_autoptr(GPtrArray) elements = NULL;

  if (!get_count (reader, &count, error))
    return NULL;

  elements = g_ptr_array_new_full (count, (GDestroyNotify)ddb_value_unref);
  for (gsize i = 0; i < count; i++)
    {
      DdbValue *element = get_value (reader, level + 1, error);

      if (element == NULL)
        return NULL;
      g_ptr_array_add (elements, element);
    }

  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (elements, NULL);

    return ddb_value_new_list_take (stolen, count);
  }
}

/* Entries of small maps are collected on the stack; larger ones on the heap. */
#define STACK_ENTRIES 32

static DdbValue *
get_map (Reader  *reader,
         guint    level,
         GError **error)
{
  const char *stack_names[STACK_ENTRIES];
  gsize stack_lengths[STACK_ENTRIES];
  DdbValue *stack_values[STACK_ENTRIES];
  g_autofree const char **heap_names = NULL;
  g_autofree gsize *heap_lengths = NULL;
  g_autofree DdbValue **heap_values = NULL;
  const char **names = stack_names;
  gsize *lengths = stack_lengths;
  DdbValue **values = stack_values;
  gsize count;
  gsize n = 0;

  if (!get_count (reader, &count, error))
    return NULL;

  if (count > STACK_ENTRIES)
    {
      names = heap_names = g_new (const char *, count);
      lengths = heap_lengths = g_new (gsize, count);
      values = heap_values = g_new (DdbValue *, count);
    }

  for (; n < count; n++)
    {
      const guint8 *bytes;
      gsize length;

      if (!get_bytes (reader, &bytes, &length, error))
        goto failed;
      if (memchr (bytes, '\0', length) != NULL || !_ddb_utf8_validate ((const char *)bytes, length))
        {
          corrupt (error, "invalid name");
          goto failed;
        }
      /* Canonical order: each name strictly after the previous one, as strcmp() orders. */
      if (n > 0)
        {
          int cmp = memcmp (names[n - 1], bytes, MIN (lengths[n - 1], length));

          if (cmp > 0 || (cmp == 0 && lengths[n - 1] >= length))
            {
              corrupt (error, "map names out of order");
              goto failed;
            }
        }
      names[n] = (const char *)bytes;
      lengths[n] = length;

      values[n] = get_value (reader, level + 1, error);
      if (values[n] == NULL)
        goto failed;
    }

  return _ddb_value_new_map_sorted (names, lengths, values, count);

failed:
  for (gsize i = 0; i < n; i++)
    ddb_value_unref (values[i]);
  return NULL;
}

static DdbValue *
get_set (Reader  *reader,
         DdbKind  set_kind,
         GError **error)
{
  gsize count;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) set_error = NULL;
  DdbValue *set;

  if (!get_count (reader, &count, error))
    return NULL;

  members = g_ptr_array_new_full (count, (GDestroyNotify)ddb_value_unref);
  for (gsize i = 0; i < count; i++)
    {
      DdbValue *member = get_scalar (reader, ddb_kind_set_member (set_kind), error);

      if (member == NULL)
        return NULL;
      g_ptr_array_add (members, member);
      /* Stored sets are in canonical order; anything else is not our encoding. */
      if (i > 0 && ddb_value_compare_scalar (g_ptr_array_index (members, i - 1), member) >= 0)
        {
          corrupt (error, "set members out of order");
          return NULL;
        }
    }

  {
    g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (members, NULL);

    set = ddb_value_new_set_take (set_kind, stolen, count, &set_error);
  }
  if (set == NULL)
    corrupt (error, set_error->message);

  return set;
}

static DdbValue *
get_value (Reader  *reader,
           guint    level,
           GError **error)
{
  guint8 tag;
  guint8 boolean;

  if (!get_byte (reader, &tag, error))
    return NULL;
  if (tag >= DDB_KIND_COUNT)
    {
      corrupt (error, "unknown type tag");
      return NULL;
    }

  switch ((DdbKind)tag)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
    case DDB_KIND_N:
      return get_scalar (reader, tag, error);

    case DDB_KIND_BOOL:
      if (!get_byte (reader, &boolean, error))
        return NULL;
      if (boolean > 1)
        {
          corrupt (error, "boolean out of range");
          return NULL;
        }
      return ddb_value_new_bool (boolean);

    case DDB_KIND_NULL:
      return ddb_value_new_null ();

    case DDB_KIND_L:
    case DDB_KIND_M:
      /* The top-level value of an item is a map at level 0; attributes nest below it. */
      if (level > DDB_VALUE_MAX_DEPTH)
        {
          corrupt (error, "nested too deeply");
          return NULL;
        }
      return tag == DDB_KIND_L ? get_list (reader, level, error) : get_map (reader, level, error);

    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      return get_set (reader, tag, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * ddb_value_deserialize:
 * @data: (array length=length): bytes written by ddb_value_serialize()
 * @error: return location for a %DDB_MODEL_ERROR_FAILED error
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @data is not exactly one
 *   valid encoded value.
 */
DdbValue *
ddb_value_deserialize (const guint8  *data,
                       gsize          length,
                       GError       **error)
{
  Reader reader = { .data = data, .length = length, .offset = 0 };
  g_autoptr(DdbValue) value = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  value = get_value (&reader, 0, error);
  if (value == NULL)
    return NULL;

  if (reader.offset != length)
    {
      corrupt (error, "trailing bytes");
      return NULL;
    }

  return g_steal_pointer (&value);
}
