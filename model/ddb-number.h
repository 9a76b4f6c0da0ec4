/* ddb-number.h
 *
 * Exact decimal numbers as DynamoDB stores them.
 *
 * A DdbNumber is a plain value type (no allocation): a sign, 1..38 significant decimal
 * digits and the scientific exponent of the first digit, or zero.  Every DdbNumber that
 * exists is canonical: no leading or trailing zero digits, zero is never negative, and
 * the magnitude lies in DynamoDB's range 1E-130 .. 9.9999999999999999999999999999999999999E+125.
 * Two equal numbers therefore have identical fields, whatever text they were parsed from.
 *
 * No binary floating point is used anywhere in this unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_NUMBER_MAX_DIGITS    38
#define DDB_NUMBER_MIN_EXPONENT  (-130)
#define DDB_NUMBER_MAX_EXPONENT  125

/* Longest canonical text: "-0." + 129 zeros + 38 digits, or "-" + 126 digits; plus NUL. */
#define DDB_NUMBER_MAX_TEXT      176

/* Longest order-preserving key encoding (see ddb_number_encode_key()). */
#define DDB_NUMBER_MAX_KEY_BYTES 22

typedef struct
{
  guint8 negative;                        /* 1 for x < 0; 0 for zero and x > 0 */
  guint8 n_digits;                        /* 0 for zero, else 1..38 */
  gint16 exponent;                        /* x = d[0].d[1]d[2]... * 10^exponent; 0 for zero */
  guint8 digits[DDB_NUMBER_MAX_DIGITS];   /* values 0..9; d[0] != 0 and d[n-1] != 0;
                                           * 0 past n_digits */
} DdbNumber;

/* Why a text is not a valid DynamoDB number.  ddb-value-json.c maps each status to the
 * message DynamoDB gives for it. */
typedef enum
{
  DDB_NUMBER_OK,
  DDB_NUMBER_EMPTY,            /* "" */
  DDB_NUMBER_SYNTAX,           /* not a decimal number: "abc", "1e", "--1", "0x10", " 1" */
  DDB_NUMBER_TOO_MANY_DIGITS,  /* more than 38 significant digits */
  DDB_NUMBER_OVERFLOW,         /* magnitude above 9.99..E+125 */
  DDB_NUMBER_UNDERFLOW,        /* non-zero magnitude below 1E-130 */
} DdbNumberStatus;

DdbNumberStatus ddb_number_parse        (const char      *text,
                                         gssize           length,
                                         DdbNumber       *out);
void            ddb_number_set_int64    (DdbNumber       *out,
                                         gint64           value);
gboolean        ddb_number_to_int64     (const DdbNumber *number,
                                         gint64          *out);
gboolean        ddb_number_is_zero      (const DdbNumber *number);

gsize           ddb_number_format       (const DdbNumber *number,
                                         char             buffer[DDB_NUMBER_MAX_TEXT]);
char           *ddb_number_to_string    (const DdbNumber *number);

int             ddb_number_compare      (const DdbNumber *a,
                                         const DdbNumber *b);
gboolean        ddb_number_equal        (const DdbNumber *a,
                                         const DdbNumber *b);

DdbNumberStatus ddb_number_add          (const DdbNumber *a,
                                         const DdbNumber *b,
                                         DdbNumber       *result);
DdbNumberStatus ddb_number_subtract     (const DdbNumber *a,
                                         const DdbNumber *b,
                                         DdbNumber       *result);
void            ddb_number_negate       (const DdbNumber *number,
                                         DdbNumber       *result);

gsize           ddb_number_size         (const DdbNumber *number);

gsize           ddb_number_encode_key   (const DdbNumber *number,
                                         guint8           buffer[DDB_NUMBER_MAX_KEY_BYTES]);
gboolean        ddb_number_decode_key   (const guint8    *bytes,
                                         gsize            length,
                                         DdbNumber       *out);

#ifndef G_DISABLE_ASSERT
gboolean        ddb_number_check        (const DdbNumber *number);
#endif

G_END_DECLS
