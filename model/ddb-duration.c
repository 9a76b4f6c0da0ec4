/* ddb-duration.c
 *
 * Parsing of durations ("1.5s") into microseconds.
 *
 * The grammar is DIGITS [ "." DIGITS ] UNIT, with UNIT one of us, ms, s, m, h, d; no sign,
 * no spaces, no exponent.  The value is computed in integers: the whole part times the
 * unit, plus the fraction digits times the unit divided by 10^(number of digits), which
 * must come out whole ("1.5us" is refused rather than rounded).  Every step checks for
 * overflow of gint64 microseconds (about 292,000 years).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-duration"

#include "config.h"

#include <string.h>

#include "ddb-duration.h"
#include "ddb-model-error.h"

typedef struct
{
  const char *suffix;
  gint64      usec;
} Unit;

/* Longest suffixes first, so that "ms" is not read as "m" followed by junk. */
static const Unit units[] = {
  { "us", 1 },
  { "ms", G_GINT64_CONSTANT (1000) },
  { "s", G_USEC_PER_SEC },
  { "m", G_GINT64_CONSTANT (60) * G_USEC_PER_SEC },
  { "h", G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC },
  { "d", G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC },
};

/* The fraction digits may not be more than this: 10^18 still fits in a gint64. */
#define MAX_FRACTION_DIGITS 18

static gboolean
invalid (const char  *text,
         const char  *reason,
         GError     **error)
{
  g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
               "invalid duration '%s': %s", text, reason);
  return FALSE;
}

/* Reads a run of digits at *p into @value; FALSE on overflow.  @count: digits read. */
static gboolean
read_digits (const char **p,
             gint64      *value,
             guint       *count)
{
  *value = 0;
  *count = 0;

  while (g_ascii_isdigit (**p))
    {
      gint64 digit = **p - '0';

      if (*value > (G_MAXINT64 - digit) / 10)
        return FALSE;
      *value = *value * 10 + digit;
      (*p)++;
      (*count)++;
    }

  return TRUE;
}

/**
 * ddb_duration_parse:
 * @text: a duration such as "250ms", "1.5s", "5m", "2h", "1d" or "100us"
 * @usec: (out): the duration in microseconds
 * @error: return location for a %DDB_MODEL_ERROR_VALIDATION error
 *
 * Returns: TRUE if @text is a duration, FALSE with @error set otherwise.
 */
gboolean
ddb_duration_parse (const char  *text,
                    gint64      *usec,
                    GError     **error)
{
  static const char expected[] =
    "expected a number and a unit (us, ms, s, m, h, d), such as 250ms or 1.5s";
  const char *p = text;
  const Unit *unit = NULL;
  gint64 whole, fraction = 0, scale = 1, result;
  guint n_whole, n_fraction = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (usec != NULL, FALSE);

  if (!read_digits (&p, &whole, &n_whole))
    return invalid (text, "too large", error);
  if (n_whole == 0)
    return invalid (text, expected, error);

  if (*p == '.')
    {
      p++;
      if (!read_digits (&p, &fraction, &n_fraction) || n_fraction > MAX_FRACTION_DIGITS)
        return invalid (text, "too many decimal places", error);
      if (n_fraction == 0)
        return invalid (text, expected, error);
      for (guint i = 0; i < n_fraction; i++)
        scale *= 10;
    }

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (p, units[i].suffix) == 0)
      unit = &units[i];
  if (unit == NULL)
    return invalid (text, expected, error);

  if (whole > G_MAXINT64 / unit->usec)
    return invalid (text, "too large", error);
  result = whole * unit->usec;

  if (fraction != 0)
    {
      /* fraction / scale of a unit: exact only when fraction * unit is a multiple of
       * scale.  Reduce first so that the product cannot overflow. */
      gint64 a = fraction, b = scale, g, part;

      while (b != 0)
        {
          gint64 t = a % b;

          a = b;
          b = t;
        }
      g = a;                                  /* gcd (fraction, scale) */
      if (unit->usec % (scale / g) != 0)
        return invalid (text, "not a whole number of microseconds", error);
      part = (fraction / g) * (unit->usec / (scale / g));
      if (result > G_MAXINT64 - part)
        return invalid (text, "too large", error);
      result += part;
    }

  *usec = result;

  return TRUE;
}
