/* ddb-number.c
 *
 * Exact decimal numbers as DynamoDB stores them (DynamoDB's N type): parsing with DynamoDB's
 * range and precision checks, reported in the order DynamoDB reports them; the canonical text
 * DynamoDB returns; exact ordering; exact addition and subtraction for ADD and "SET a = a + :v";
 * the item-size formula of the rulebook (§1.2); and an order-preserving byte encoding so that
 * SQLite can sort number keys as BLOBs.
 *
 * Design notes
 *
 *   Representation.  Sign, 1..38 decimal digits (one per byte) and the scientific exponent of
 *   the first digit, so digit d[i] has weight 10^(exponent - i).  The form is canonical
 *   (invariants below), which makes equality a field comparison and ordering a comparison of
 *   sign, then exponent, then digit string, with no arithmetic.  The range bounds the
 *   exponent, not the last digit: 1.5E-130 is valid, so the lowest digit of a number can have
 *   weight 10^(-130 - 37).
 *
 *     N1  negative is 0 or 1; n_digits <= 38
 *     N2  zero: n_digits == 0, negative == 0, exponent == 0
 *     N3  non-zero: -130 <= exponent <= 125, digits are 0..9, d[0] != 0, d[n-1] != 0
 *     N4  digits past n_digits are 0, so equal numbers are also equal byte for byte
 *
 *   Parsing.  One pass checks the grammar and records where the integer and fraction digits
 *   lie and the exponent literal (saturated, so "1e99999999999999999999" cannot overflow); a
 *   second pass over the recorded digits finds the first and last non-zero digit, which give
 *   the exponent and the significant digit count before anything is copied.  No allocation.
 *
 *   Arithmetic.  Both operands are laid out in a little-endian buffer of decimal positions
 *   spanning from the lower of their lowest digits to one place above the higher leading digit
 *   (for the carry).  The widest span is 10^-167 .. 10^126, 294 positions, so the sum or
 *   difference is always computed exactly and only then checked for range and digit count:
 *   nothing is ever rounded.  Subtraction of magnitudes always takes the larger minus the
 *   smaller, so no borrow escapes.  Add and subtract are one function that takes the sign to
 *   give the second operand.
 *
 *   Key encoding (ddb_number_encode_key()).  Bytes compare with memcmp, a shorter string first
 *   on a common prefix (SQLite's BLOB order):
 *
 *     zero      02
 *     positive  03  (exponent + 130)        pairs...
 *     negative  01  255 - (exponent + 130)  (99 - pair)...  FF
 *
 *   A pair is 10 * d[i] + d[i+1], the last one padded with a 0 digit when n_digits is odd.
 *   The class byte orders the signs and the biased exponent (0..255) orders magnitudes of
 *   different size.  For positives, pair bytes order digit strings; as a canonical digit
 *   string has no trailing zero, a pair string that is a proper prefix of another belongs to
 *   the smaller number, which shorter-first already gives.  Negatives invert every byte, and
 *   the FF terminator, above every inverted pair (0..99), puts the longer magnitude (the
 *   smaller number) first.  At most 1 + 1 + 19 + 1 = 22 bytes.  Every byte string that
 *   ddb_number_decode_key() accepts is the encoding of exactly one number.
 *
 * No binary floating point is used anywhere in this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-number"

#include "config.h"

#include "ddb-number.h"

#include <string.h>

/* Lowest and highest decimal positions a digit of a sum or difference can occupy. */
#define POSITION_LOW  (DDB_NUMBER_MIN_EXPONENT - DDB_NUMBER_MAX_DIGITS + 1)
#define POSITION_HIGH (DDB_NUMBER_MAX_EXPONENT + 1)
#define SPAN_MAX      (POSITION_HIGH - POSITION_LOW + 1)

/* Any text that fits in memory has fewer digits than this, so saturating the exponent
 * literal here never changes which check a number fails. */
#define EXPONENT_SATURATION G_GINT64_CONSTANT (100000000000000000)

#define EXPONENT_BIAS (-DDB_NUMBER_MIN_EXPONENT)

#define KEY_NEGATIVE   0x01
#define KEY_ZERO       0x02
#define KEY_POSITIVE   0x03
#define KEY_TERMINATOR 0xFF

G_STATIC_ASSERT (DDB_NUMBER_MAX_EXPONENT + EXPONENT_BIAS <= 255);
G_STATIC_ASSERT (2 + (DDB_NUMBER_MAX_DIGITS + 1) / 2 + 1 == DDB_NUMBER_MAX_KEY_BYTES);
/* "-0.", 129 zeros, 38 digits, NUL. */
G_STATIC_ASSERT (3 + (-DDB_NUMBER_MIN_EXPONENT - 1) + DDB_NUMBER_MAX_DIGITS + 1
                 <= DDB_NUMBER_MAX_TEXT);

/* -------- invariants -------- */

#ifndef G_DISABLE_ASSERT
/* Asserts invariants N1..N4 (see the design notes) and returns TRUE, so that callers can
 * write g_assert (ddb_number_check (x)) and pay nothing in release builds. */
gboolean
ddb_number_check (const DdbNumber *number)
{
  guint i;

  g_assert (number != NULL);
  g_assert (number->negative <= 1);                                           /* N1 */
  g_assert (number->n_digits <= DDB_NUMBER_MAX_DIGITS);                       /* N1 */

  if (number->n_digits == 0)
    {
      g_assert (number->negative == 0);                                       /* N2 */
      g_assert (number->exponent == 0);                                       /* N2 */
    }
  else
    {
      g_assert (number->exponent >= DDB_NUMBER_MIN_EXPONENT);                 /* N3 */
      g_assert (number->exponent <= DDB_NUMBER_MAX_EXPONENT);                 /* N3 */
      g_assert (number->digits[0] != 0);                                      /* N3 */
      g_assert (number->digits[number->n_digits - 1] != 0);                   /* N3 */
    }

  for (i = 0; i < DDB_NUMBER_MAX_DIGITS; i++)
    {
      if (i < number->n_digits)
        g_assert (number->digits[i] <= 9);                                    /* N3 */
      else
        g_assert (number->digits[i] == 0);                                    /* N4 */
    }

  return TRUE;
}
#endif

/* -------- parsing and conversion -------- */

static inline void
ddb_number_set_zero (DdbNumber *out)
{
  memset (out, 0, sizeof *out);
}

/* Digit @index of the mantissa "integer digits, then fraction digits" of a parsed text. */
static inline guint8
mantissa_digit (const char *int_start,
                gint64      int_len,
                const char *frac_start,
                gint64      index)
{
  char c = index < int_len ? int_start[index] : frac_start[index - int_len];

  g_assert (g_ascii_isdigit (c));

  return (guint8)(c - '0');
}

/* Parses DynamoDB's number grammar
 *
 *   [+-]? (digits ("." digits?)? | "." digits) ([eE] [+-]? digits)?
 *
 * from @text (@length bytes, or NUL-terminated when @length is -1) into @out.  Range and
 * precision are checked in DynamoDB's order: overflow, underflow, then more than 38
 * significant digits.  Every spelling of zero ("-0", "0.00", "0e999") is zero.
 *
 * Returns: DDB_NUMBER_OK, or why @text is not a number; @out is written only on success.
 * Does not allocate.
 */
DdbNumberStatus
ddb_number_parse (const char *text,
                  gssize      length,
                  DdbNumber  *out)
{
  const char *p;
  const char *end;
  const char *int_start;
  const char *frac_start;
  gint64 int_len;
  gint64 frac_len = 0;
  gint64 exp_literal = 0;
  gboolean negative = FALSE;
  gboolean exp_negative = FALSE;
  gint64 first = -1;
  gint64 last = -1;
  gint64 exponent;
  gint64 n_digits;
  gint64 i;

  g_return_val_if_fail (text != NULL, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (length >= -1, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (out != NULL, DDB_NUMBER_SYNTAX);

  if (length < 0)
    length = (gssize)strlen (text);
  if (length == 0)
    return DDB_NUMBER_EMPTY;

  p = text;
  end = text + length;

  if (*p == '+' || *p == '-')
    {
      negative = (*p == '-');
      p++;
    }

  int_start = p;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  int_len = p - int_start;

  frac_start = p;
  if (p < end && *p == '.')
    {
      p++;
      frac_start = p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
    }

  if (int_len + frac_len == 0)
    return DDB_NUMBER_SYNTAX;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        {
          exp_negative = (*p == '-');
          p++;
        }
      if (p == end || !g_ascii_isdigit (*p))
        return DDB_NUMBER_SYNTAX;
      while (p < end && g_ascii_isdigit (*p))
        {
          if (exp_literal < EXPONENT_SATURATION)
            exp_literal = exp_literal * 10 + (*p - '0');
          p++;
        }
    }

  if (p != end)
    return DDB_NUMBER_SYNTAX;

  for (i = 0; i < int_len + frac_len; i++)
    {
      if (mantissa_digit (int_start, int_len, frac_start, i) != 0)
        {
          if (first < 0)
            first = i;
          last = i;
        }
    }

  if (first < 0)
    {
      ddb_number_set_zero (out);
      g_assert (ddb_number_check (out));
      return DDB_NUMBER_OK;
    }

  exponent = (int_len - 1 - first) + (exp_negative ? -exp_literal : exp_literal);
  n_digits = last - first + 1;

  if (exponent > DDB_NUMBER_MAX_EXPONENT)
    return DDB_NUMBER_OVERFLOW;
  if (exponent < DDB_NUMBER_MIN_EXPONENT)
    return DDB_NUMBER_UNDERFLOW;
  if (n_digits > DDB_NUMBER_MAX_DIGITS)
    return DDB_NUMBER_TOO_MANY_DIGITS;

  ddb_number_set_zero (out);
  out->negative = negative;
  out->n_digits = (guint8)n_digits;
  out->exponent = (gint16)exponent;
  for (i = 0; i < n_digits; i++)
    out->digits[i] = mantissa_digit (int_start, int_len, frac_start, first + i);

  g_assert (ddb_number_check (out));

  return DDB_NUMBER_OK;
}

/* Sets @out to @value exactly; every gint64, G_MININT64 included, has at most 19 digits. */
void
ddb_number_set_int64 (DdbNumber *out,
                      gint64     value)
{
  /* Unsigned negation is defined for G_MININT64, whose magnitude no gint64 can hold. */
  guint64 magnitude = value < 0 ? 0 - (guint64)value : (guint64)value;
  guint8 reversed[20];
  int count = 0;
  int lowest = 0;
  int i;

  g_return_if_fail (out != NULL);

  ddb_number_set_zero (out);

  while (magnitude > 0)
    {
      reversed[count++] = (guint8)(magnitude % 10);
      magnitude /= 10;
    }

  if (count > 0)
    {
      while (reversed[lowest] == 0)
        lowest++;

      out->negative = value < 0;
      out->exponent = (gint16)(count - 1);
      out->n_digits = (guint8)(count - lowest);
      for (i = 0; i < out->n_digits; i++)
        out->digits[i] = reversed[count - 1 - i];
    }

  g_assert (ddb_number_check (out));
}

/* Stores @number in @out if it is an integer within gint64.
 *
 * Returns: TRUE on success; FALSE, leaving @out untouched, if @number has a fractional part
 * or is out of range.
 */
gboolean
ddb_number_to_int64 (const DdbNumber *number,
                     gint64          *out)
{
  guint64 magnitude = 0;
  int i;

  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (number->n_digits == 0)
    {
      *out = 0;
      return TRUE;
    }

  if (number->exponent < number->n_digits - 1)
    return FALSE;
  /* 10^19 > 2^63; below it, at most 19 digits cannot wrap a guint64. */
  if (number->exponent > 18)
    return FALSE;

  for (i = 0; i <= number->exponent; i++)
    magnitude = magnitude * 10 + (i < number->n_digits ? number->digits[i] : 0);

  if (!number->negative)
    {
      if (magnitude > (guint64)G_MAXINT64)
        return FALSE;
      *out = (gint64)magnitude;
    }
  else
    {
      if (magnitude > (guint64)G_MAXINT64 + 1)
        return FALSE;
      /* 2^63 has no gint64 to negate. */
      *out = magnitude == (guint64)G_MAXINT64 + 1 ? G_MININT64 : -(gint64)magnitude;
    }

  return TRUE;
}

/* Returns: whether @number is zero (of whatever spelling it was parsed from). */
gboolean
ddb_number_is_zero (const DdbNumber *number)
{
  g_return_val_if_fail (number != NULL, FALSE);

  return number->n_digits == 0;
}

/* -------- text -------- */

/* Writes the text DynamoDB returns for @number into @buffer: plain decimal, never exponent
 * notation, no trailing zeros after the point, no point when integral, "0" for zero.
 *
 * Returns: the length written, not counting the terminating NUL.
 */
gsize
ddb_number_format (const DdbNumber *number,
                   char             buffer[DDB_NUMBER_MAX_TEXT])
{
  char *p = buffer;
  int n;
  int e;
  int i;

  g_return_val_if_fail (number != NULL, 0);
  g_return_val_if_fail (buffer != NULL, 0);

  n = number->n_digits;
  e = number->exponent;

  if (n == 0)
    {
      *p++ = '0';
    }
  else
    {
      if (number->negative)
        *p++ = '-';

      if (e < 0)
        {
          *p++ = '0';
          *p++ = '.';
          for (i = 0; i < -e - 1; i++)
            *p++ = '0';
          for (i = 0; i < n; i++)
            *p++ = (char)('0' + number->digits[i]);
        }
      else
        {
          /* Integer places 0..e (zero-filled past the digits), then the fraction, if any. */
          for (i = 0; i <= MAX (e, n - 1); i++)
            {
              if (i == e + 1)
                *p++ = '.';
              *p++ = (char)(i < n ? '0' + number->digits[i] : '0');
            }
        }
    }

  *p = '\0';
  g_assert ((gsize)(p - buffer) < DDB_NUMBER_MAX_TEXT);

  return (gsize)(p - buffer);
}

/* Returns: (transfer full): the canonical text of @number (see ddb_number_format());
 * free with g_free(). */
char *
ddb_number_to_string (const DdbNumber *number)
{
  char buffer[DDB_NUMBER_MAX_TEXT];
  gsize length;

  g_return_val_if_fail (number != NULL, NULL);

  length = ddb_number_format (number, buffer);

  return g_strndup (buffer, length);
}

/* -------- ordering -------- */

static int
ddb_number_sign (const DdbNumber *number)
{
  if (number->n_digits == 0)
    return 0;

  return number->negative ? -1 : 1;
}

/* Orders |a| and |b| for non-zero canonical numbers: the exponent decides, then the digit
 * strings, where a proper prefix is the smaller (it lacks a non-zero tail). */
static int
ddb_number_compare_magnitude (const DdbNumber *a,
                              const DdbNumber *b)
{
  guint n = MIN (a->n_digits, b->n_digits);
  guint i;

  g_assert (a->n_digits > 0 && b->n_digits > 0);

  if (a->exponent != b->exponent)
    return a->exponent < b->exponent ? -1 : 1;

  for (i = 0; i < n; i++)
    {
      if (a->digits[i] != b->digits[i])
        return a->digits[i] < b->digits[i] ? -1 : 1;
    }

  return (a->n_digits > b->n_digits) - (a->n_digits < b->n_digits);
}

/* Returns: a negative, zero or positive int as @a is less than, equal to or greater than @b;
 * exact for every pair. */
int
ddb_number_compare (const DdbNumber *a,
                    const DdbNumber *b)
{
  int sign_a;
  int sign_b;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  sign_a = ddb_number_sign (a);
  sign_b = ddb_number_sign (b);

  if (sign_a != sign_b)
    return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0)
    return 0;

  return sign_a * ddb_number_compare_magnitude (a, b);
}

/* Returns: whether @a and @b are the same number. */
gboolean
ddb_number_equal (const DdbNumber *a,
                  const DdbNumber *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  /* Canonical form makes equal numbers equal field by field. */
  return a->negative == b->negative
         && a->n_digits == b->n_digits
         && a->exponent == b->exponent
         && memcmp (a->digits, b->digits, a->n_digits) == 0;
}

/* -------- arithmetic -------- */

/* Writes the digits of non-zero @number into @buffer, where index 0 is position @low. */
static void
ddb_number_spread (const DdbNumber *number,
                   int              low,
                   guint8          *buffer)
{
  int i;

  g_assert (number->exponent - number->n_digits + 1 >= low);

  for (i = 0; i < number->n_digits; i++)
    buffer[number->exponent - i - low] = number->digits[i];
}

/* @acc += @addend over @len positions; the top position must be free for the carry. */
static void
magnitude_add (guint8       *acc,
               const guint8 *addend,
               int           len)
{
  int carry = 0;
  int i;

  for (i = 0; i < len; i++)
    {
      int digit = acc[i] + addend[i] + carry;

      carry = digit >= 10;
      acc[i] = (guint8)(carry ? digit - 10 : digit);
    }

  g_assert (carry == 0);
}

/* @acc -= @subtrahend over @len positions; requires @acc >= @subtrahend. */
static void
magnitude_subtract (guint8       *acc,
                    const guint8 *subtrahend,
                    int           len)
{
  int borrow = 0;
  int i;

  for (i = 0; i < len; i++)
    {
      int digit = acc[i] - subtrahend[i] - borrow;

      borrow = digit < 0;
      acc[i] = (guint8)(borrow ? digit + 10 : digit);
    }

  g_assert (borrow == 0);
}

/* Turns the exact result in @buffer (index 0 = position @low) into a canonical number,
 * checking range and precision in the same order as parsing does. */
static DdbNumberStatus
ddb_number_from_positions (const guint8 *buffer,
                           int           len,
                           int           low,
                           gboolean      negative,
                           DdbNumber    *out)
{
  int high_index = len - 1;
  int low_index = 0;
  int exponent;
  int n_digits;
  int i;

  while (high_index >= 0 && buffer[high_index] == 0)
    high_index--;

  if (high_index < 0)
    {
      ddb_number_set_zero (out);
      return DDB_NUMBER_OK;
    }

  while (buffer[low_index] == 0)
    low_index++;

  exponent = high_index + low;
  n_digits = high_index - low_index + 1;

  if (exponent > DDB_NUMBER_MAX_EXPONENT)
    return DDB_NUMBER_OVERFLOW;
  if (exponent < DDB_NUMBER_MIN_EXPONENT)
    return DDB_NUMBER_UNDERFLOW;
  if (n_digits > DDB_NUMBER_MAX_DIGITS)
    return DDB_NUMBER_TOO_MANY_DIGITS;

  ddb_number_set_zero (out);
  out->negative = negative;
  out->exponent = (gint16)exponent;
  out->n_digits = (guint8)n_digits;
  for (i = 0; i < n_digits; i++)
    out->digits[i] = buffer[high_index - i];

  return DDB_NUMBER_OK;
}

/* Computes @a + (±|b|), the sign given by @b_negative, exactly into @result.  Add and
 * subtract differ only in that sign. */
static DdbNumberStatus
ddb_number_add_signed (const DdbNumber *a,
                       const DdbNumber *b,
                       gboolean         b_negative,
                       DdbNumber       *result)
{
  guint8 x[SPAN_MAX];
  guint8 y[SPAN_MAX];
  DdbNumber sum;
  DdbNumberStatus status;
  int low;
  int len;

  if (b->n_digits == 0)
    {
      sum = *a;
    }
  else if (a->n_digits == 0)
    {
      sum = *b;
      sum.negative = b_negative;
    }
  else
    {
      low = MIN (a->exponent - a->n_digits + 1, b->exponent - b->n_digits + 1);
      len = MAX (a->exponent, b->exponent) + 1 - low + 1;
      g_assert (low >= POSITION_LOW && len <= SPAN_MAX);

      memset (x, 0, len);
      memset (y, 0, len);
      ddb_number_spread (a, low, x);
      ddb_number_spread (b, low, y);

      if (a->negative == b_negative)
        {
          magnitude_add (x, y, len);
          status = ddb_number_from_positions (x, len, low, a->negative, &sum);
        }
      else if (ddb_number_compare_magnitude (a, b) >= 0)
        {
          /* Equal magnitudes cancel to zero, which from_positions never makes negative. */
          magnitude_subtract (x, y, len);
          status = ddb_number_from_positions (x, len, low, a->negative, &sum);
        }
      else
        {
          magnitude_subtract (y, x, len);
          status = ddb_number_from_positions (y, len, low, b_negative, &sum);
        }

      if (status != DDB_NUMBER_OK)
        return status;
    }

  *result = sum;
  g_assert (ddb_number_check (result));

  return DDB_NUMBER_OK;
}

/* Computes @a + @b exactly into @result, which may alias either operand.
 *
 * Returns: DDB_NUMBER_OK; DDB_NUMBER_OVERFLOW or DDB_NUMBER_UNDERFLOW if the exact sum is out
 * of range; DDB_NUMBER_TOO_MANY_DIGITS if it needs more than 38 significant digits (nothing
 * is rounded: 1E+125 + 1E-130 fails).  @result is untouched on failure.
 */
DdbNumberStatus
ddb_number_add (const DdbNumber *a,
                const DdbNumber *b,
                DdbNumber       *result)
{
  g_return_val_if_fail (a != NULL, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (b != NULL, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (result != NULL, DDB_NUMBER_SYNTAX);

  return ddb_number_add_signed (a, b, b->negative, result);
}

/* Computes @a - @b exactly into @result, which may alias either operand.
 *
 * Returns: as ddb_number_add().  @result is untouched on failure.
 */
DdbNumberStatus
ddb_number_subtract (const DdbNumber *a,
                     const DdbNumber *b,
                     DdbNumber       *result)
{
  g_return_val_if_fail (a != NULL, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (b != NULL, DDB_NUMBER_SYNTAX);
  g_return_val_if_fail (result != NULL, DDB_NUMBER_SYNTAX);

  /* Zero has no sign to flip; add_signed ignores the sign of a zero operand anyway. */
  return ddb_number_add_signed (a, b, !b->negative, result);
}

/* Stores -@number in @result, which may alias @number.  Zero stays zero (never "-0"). */
void
ddb_number_negate (const DdbNumber *number,
                   DdbNumber       *result)
{
  g_return_if_fail (number != NULL);
  g_return_if_fail (result != NULL);

  *result = *number;
  if (result->n_digits > 0)
    result->negative = !result->negative;

  g_assert (ddb_number_check (result));
}

/* -------- item size and key encoding -------- */

/* Returns: the bytes @number counts toward item size, by the rulebook's §1.2 formula
 * (dynalite's valSize): 1 for zero, else 1 + ceil(n/2), + 1 when both n and the exponent are
 * even (the digit pairs are aligned on the decimal point, so one more pair is started), + 1
 * when negative.
 *
 * There is deliberately no cap at 21 bytes: a negative, misaligned 38-digit number gives 22
 * here, as in dynalite, while zaccharles' calculator caps it at 21.  Which one DynamoDB does is
 * the rulebook's open question 9.
 */
gsize
ddb_number_size (const DdbNumber *number)
{
  guint n;
  gboolean aligned_even;

  g_return_val_if_fail (number != NULL, 0);

  n = number->n_digits;
  if (n == 0)
    return 1;

  /* "% 2 == 0" holds for even negative exponents too; a "% 2 == 1" test would not hold
   * for odd ones, as C gives -1 % 2 == -1. */
  aligned_even = n % 2 == 0 && number->exponent % 2 == 0;

  return 1 + (n + 1) / 2 + (aligned_even ? 1 : 0) + (number->negative ? 1 : 0);
}

/* Writes the order-preserving key encoding of @number (see the design notes) to @buffer:
 * memcmp order, a shorter string first on a common prefix, is numeric order.
 *
 * Returns: the number of bytes written, 1..DDB_NUMBER_MAX_KEY_BYTES.
 */
gsize
ddb_number_encode_key (const DdbNumber *number,
                       guint8           buffer[DDB_NUMBER_MAX_KEY_BYTES])
{
  gsize len = 0;
  guint8 biased;
  guint8 pair;
  int i;

  g_return_val_if_fail (number != NULL, 0);
  g_return_val_if_fail (buffer != NULL, 0);

  if (number->n_digits == 0)
    {
      buffer[len++] = KEY_ZERO;
      return len;
    }

  biased = (guint8)(number->exponent + EXPONENT_BIAS);
  buffer[len++] = number->negative ? KEY_NEGATIVE : KEY_POSITIVE;
  buffer[len++] = number->negative ? 255 - biased : biased;

  for (i = 0; i < number->n_digits; i += 2)
    {
      pair = (guint8)(10 * number->digits[i]
                      + (i + 1 < number->n_digits ? number->digits[i + 1] : 0));
      buffer[len++] = number->negative ? 99 - pair : pair;
    }

  if (number->negative)
    buffer[len++] = KEY_TERMINATOR;

  g_assert (len <= DDB_NUMBER_MAX_KEY_BYTES);

  return len;
}

/* Inverts ddb_number_encode_key().
 *
 * Returns: TRUE and the number in @out; FALSE, leaving @out untouched, if @bytes is not an
 * encoding: unknown class byte, wrong length, a pair byte above 99, a missing terminator, or
 * digits that are not canonical (a leading zero digit, or a last pair of 00).
 */
gboolean
ddb_number_decode_key (const guint8 *bytes,
                       gsize         length,
                       DdbNumber    *out)
{
  DdbNumber number;
  gboolean negative;
  gsize n_pairs;
  gsize i;
  guint n;
  guint8 pair;

  g_return_val_if_fail (bytes != NULL || length == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (length == 0)
    return FALSE;

  ddb_number_set_zero (&number);

  switch (bytes[0])
    {
    case KEY_ZERO:
      if (length != 1)
        return FALSE;
      *out = number;
      g_assert (ddb_number_check (out));
      return TRUE;

    case KEY_POSITIVE:
      negative = FALSE;
      break;

    case KEY_NEGATIVE:
      negative = TRUE;
      break;

    default:
      return FALSE;
    }

  /* Class byte, exponent byte, at least one pair, and the terminator for negatives. */
  if (length < 3 + (gsize)negative)
    return FALSE;
  n_pairs = length - 2 - (gsize)negative;
  if (n_pairs > (DDB_NUMBER_MAX_DIGITS + 1) / 2)
    return FALSE;
  if (negative && bytes[length - 1] != KEY_TERMINATOR)
    return FALSE;

  number.negative = negative;
  number.exponent = (gint16)((negative ? 255 - bytes[1] : bytes[1]) - EXPONENT_BIAS);

  for (i = 0; i < n_pairs; i++)
    {
      pair = bytes[2 + i];
      if (pair > 99)
        return FALSE;
      if (negative)
        pair = 99 - pair;
      number.digits[2 * i] = pair / 10;
      number.digits[2 * i + 1] = pair % 10;
    }

  /* A last pair ending in 0 holds a single digit and the pad; a last pair of 00 (trailing
   * zero) or a first digit of 0 (leading zero) is not canonical. */
  n = (guint)(2 * n_pairs);
  if (number.digits[n - 1] == 0)
    n--;
  if (number.digits[0] == 0 || number.digits[n - 1] == 0)
    return FALSE;

  number.n_digits = (guint8)n;
  *out = number;
  g_assert (ddb_number_check (out));

  return TRUE;
}
