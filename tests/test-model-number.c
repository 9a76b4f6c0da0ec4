/* test-model-number.c
 *
 * Tests for model/ddb-number.c: parsing and its error statuses, canonical text, ordering,
 * exact addition and subtraction, gint64 conversion, the item-size formula (rulebook §1.2,
 * test vectors TV-1 and TV-2) and the order-preserving key encoding.  The property tests
 * check ordering against oracles that do not use ddb-number.c (long double for short
 * numbers, a digit-string comparison for long ones) and the round trips of text, keys and
 * arithmetic on random numbers across the whole range.
 *
 * The random tests print their seed; set DDB_TEST_SEED to replay one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-number.h"

#include <stdlib.h>
#include <string.h>

#define N_RANDOM_PAIRS 20000

/* -------- helpers -------- */

static void
assert_canonical (const DdbNumber *x)
{
  guint i;

  g_assert_cmpuint (x->negative, <=, 1);
  g_assert_cmpuint (x->n_digits, <=, DDB_NUMBER_MAX_DIGITS);
  if (x->n_digits == 0)
    {
      g_assert_cmpuint (x->negative, ==, 0);
      g_assert_cmpint (x->exponent, ==, 0);
    }
  else
    {
      g_assert_cmpint (x->exponent, >=, DDB_NUMBER_MIN_EXPONENT);
      g_assert_cmpint (x->exponent, <=, DDB_NUMBER_MAX_EXPONENT);
      g_assert_cmpuint (x->digits[0], !=, 0);
      g_assert_cmpuint (x->digits[x->n_digits - 1], !=, 0);
    }
  for (i = 0; i < DDB_NUMBER_MAX_DIGITS; i++)
    g_assert_cmpuint (x->digits[i], <=, i < x->n_digits ? 9 : 0);
}

static DdbNumber
parse_ok (const char *text)
{
  DdbNumber x;
  DdbNumberStatus status = ddb_number_parse (text, -1, &x);

  if (status != DDB_NUMBER_OK)
    g_test_message ("parsing \"%s\"", text);
  g_assert_cmpint (status, ==, DDB_NUMBER_OK);
  assert_canonical (&x);

  return x;
}

static void
assert_text (const DdbNumber *x,
             const char      *expected)
{
  char buffer[DDB_NUMBER_MAX_TEXT];
  gsize length = ddb_number_format (x, buffer);

  g_assert_cmpstr (buffer, ==, expected);
  g_assert_cmpuint (length, ==, strlen (expected));
}

static char *
repeat (const char *unit,
        guint       count)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < count; i++)
    g_string_append (s, unit);

  return g_string_free (s, FALSE);
}

static int
sign_of (int value)
{
  return (value > 0) - (value < 0);
}

/* SQLite's BLOB order: memcmp on the common length, then the shorter first. */
static int
key_compare (const guint8 *a,
             gsize         a_len,
             const guint8 *b,
             gsize         b_len)
{
  int c = memcmp (a, b, MIN (a_len, b_len));

  if (c != 0)
    return sign_of (c);

  return (a_len > b_len) - (a_len < b_len);
}

static guint32
test_seed (void)
{
  const char *env = g_getenv ("DDB_TEST_SEED");
  guint32 seed;

  /* g_test_rand_int() follows the test program's --seed, so a plain rerun reproduces too. */
  if (env != NULL)
    seed = (guint32)g_ascii_strtoull (env, NULL, 10);
  else
    seed = (guint32)g_test_rand_int ();

  g_test_message ("seed %u (replay with DDB_TEST_SEED=%u)", seed, seed);

  return seed;
}

/* -------- item size (rulebook §1.2) -------- */

typedef struct
{
  const char *text;
  gsize       size;
} SizeCase;

static void
assert_sizes (const SizeCase *cases,
              gsize           n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      DdbNumber x = parse_ok (cases[i].text);

      g_test_message ("size of %.60s", cases[i].text);
      g_assert_cmpuint (ddb_number_size (&x), ==, cases[i].size);
    }
}

static void
test_size_tv1 (void)
{
  static const SizeCase cases[] = {
    { "0", 1 }, { "1", 2 }, { "-1", 3 }, { "10", 2 }, { "100", 2 }, { "123", 3 },
    { "1234", 3 }, { "12345", 4 }, { "12.3456", 4 }, { "-12.3456", 5 }, { "1.23456", 5 },
    { "1.5", 3 }, { "0.5", 2 }, { "0.05", 2 }, { "123456789", 6 },
    { "99999999999999999999999999999999999999", 20 },
  };

  g_test_summary ("Rulebook test vector TV-1: sizes of small and 38-digit numbers.");
  assert_sizes (cases, G_N_ELEMENTS (cases));
}

static void
test_size_tv2 (void)
{
  g_autofree char *z125 = repeat ("0", 125);
  g_autofree char *z124 = repeat ("0", 124);
  g_autofree char *z121 = repeat ("0", 121);
  g_autofree char *z120 = repeat ("0", 120);
  g_autofree char *z119 = repeat ("0", 119);
  g_autofree char *z88 = repeat ("0", 88);
  g_autofree char *ones38 = repeat ("1", 38);
  g_autofree char *a = g_strconcat ("1", z125, NULL);
  g_autofree char *b = g_strconcat ("11", z124, NULL);
  g_autofree char *c = g_strconcat ("11111", z121, NULL);
  g_autofree char *d = g_strconcat ("111111", z120, NULL);
  g_autofree char *e = g_strconcat ("1111111", z119, NULL);
  g_autofree char *f = g_strconcat (ones38, z88, NULL);
  const SizeCase cases[] = {
    { a, 2 }, { b, 2 }, { c, 4 }, { d, 4 }, { e, 5 }, { f, 20 },
  };

  g_test_summary ("Rulebook test vector TV-2: the numbers of dynalite's item-size limit tests.");
  assert_sizes (cases, G_N_ELEMENTS (cases));
}

static void
test_size_parity (void)
{
  static const SizeCase cases[] = {
    { "0.15", 2 },       /* n 2, e -1: odd exponent, no extra pair */
    { "0.015", 3 },      /* n 2, e -2: even */
    { "-0.015", 4 },
    { "1.5e-130", 3 },   /* e -130 */
    { "1.5e-129", 2 },
    { "1e-130", 2 },
    { "-1e-130", 3 },
    { "1.1e-3", 2 },     /* e -3: a "% 2 == 1" parity test would get this wrong */
    { "1.1e-4", 3 },
    /* 38 digits, even exponent, negative: 22, deliberately not capped at 21. */
    { "-1.1111111111111111111111111111111111111", 22 },
    { "1.1111111111111111111111111111111111111", 21 },
    { "-11.111111111111111111111111111111111111", 21 },
  };

  g_test_summary ("Number size with negative exponents (C's % on negative values) and the "
                  "uncapped 22-byte extreme of rulebook open question 9.");
  assert_sizes (cases, G_N_ELEMENTS (cases));
}

/* -------- text -------- */

static void
test_format_canonical (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
  } cases[] = {
    { "1.50", "1.5" }, { "-0", "0" }, { "1E+2", "100" }, { "-1.23e5", "-123000" },
    { ".5", "0.5" }, { "+007", "7" }, { "0", "0" }, { "0.000", "0" }, { "0e999", "0" },
    { "-0e-999", "0" }, { "+0.0E+0", "0" }, { "1.", "1" }, { "100", "100" },
    { "00100.0100", "100.01" }, { "1e-1", "0.1" }, { "-12.3456", "-12.3456" },
    { "12345e-2", "123.45" }, { "1.2345e2", "123.45" }, { "5e-3", "0.005" },
    { "123.456e1", "1234.56" }, { "123.456e3", "123456" }, { "123.456e2", "12345.6" },
    { "-.001", "-0.001" }, { "1e0", "1" }, { "10e-1", "1" }, { "0.00012e4", "1.2" },
    { "12345678901234567890123456789012345678", "12345678901234567890123456789012345678" },
    { "-1.2345678901234567890123456789012345678E+37",
      "-12345678901234567890123456789012345678" },
    { "1.2345678901234567890123456789012345678E+36",
      "1234567890123456789012345678901234567.8" },
  };
  g_autofree char *z129 = repeat ("0", 129);
  g_autofree char *z88 = repeat ("0", 88);
  g_autofree char *nines = repeat ("9", 38);
  g_autofree char *ones = repeat ("1", 38);
  g_autofree char *smallest = g_strconcat ("0.", z129, "1", NULL);
  g_autofree char *smallest_neg = g_strconcat ("-0.", z129, "15", NULL);
  g_autofree char *largest = g_strconcat (nines, z88, NULL);
  g_autofree char *longest = g_strconcat ("-0.", z129, ones, NULL);
  DdbNumber x;
  gsize i;

  g_test_summary ("Canonical text: plain decimal, no exponent, no trailing zeros, no '-0'.");

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      x = parse_ok (cases[i].text);
      assert_text (&x, cases[i].canonical);
    }

  x = parse_ok ("1e-130");
  assert_text (&x, smallest);
  x = parse_ok ("-1.5e-130");
  assert_text (&x, smallest_neg);
  x = parse_ok ("9.9999999999999999999999999999999999999E+125");
  assert_text (&x, largest);
  x = parse_ok ("-1.1111111111111111111111111111111111111e-130");
  assert_text (&x, longest);
  g_assert_cmpuint (strlen (longest), <, DDB_NUMBER_MAX_TEXT);
}

static void
test_format_to_string (void)
{
  DdbNumber x = parse_ok ("-00012.3400e-1");
  g_autofree char *text = ddb_number_to_string (&x);
  g_autofree char *zero_text = NULL;

  g_assert_cmpstr (text, ==, "-1.234");

  x = parse_ok ("-0.0");
  zero_text = ddb_number_to_string (&x);
  g_assert_cmpstr (zero_text, ==, "0");
}

/* -------- parsing -------- */

static void
assert_parse_status (const char      *text,
                     gssize           length,
                     DdbNumberStatus  expected)
{
  DdbNumber x;
  DdbNumber before;
  DdbNumberStatus status;

  ddb_number_set_int64 (&x, 4242);
  before = x;
  status = ddb_number_parse (text, length, &x);
  if (status != expected)
    g_test_message ("parsing \"%.80s\"", text);
  g_assert_cmpint (status, ==, expected);
  if (status != DDB_NUMBER_OK)
    g_assert_cmpmem (&x, sizeof x, &before, sizeof before);
}

static void
test_parse_errors (void)
{
  static const char *syntax[] = {
    "abc", "1e", "--1", "0x10", " 1", "1 ", "+", "-", ".", "e5", ".e1", "1e+", "1e-",
    "1.2.3", "1e5.5", "Infinity", "-Infinity", "inf", "NaN", "nan", "1,000", "1_000", "++1",
    "+-1", "-+1", "1ee5", "1e++5", "1e+-5", "1\n", "\t1", "0x1p3", "1d", "1f", "e", "E1",
    "1.e", "1e 5", "- 1", "\xd9\xa1", "1\xc2\xa0", ".-1", "1-", "1e5e5", "0b1", "..5",
  };
  g_autofree char *z36 = repeat ("0", 36);
  g_autofree char *z37 = repeat ("0", 37);
  g_autofree char *z126 = repeat ("0", 126);
  g_autofree char *z130 = repeat ("0", 130);
  g_autofree char *nines41 = repeat ("9", 41);
  g_autofree char *ok38 = g_strconcat ("1", z36, "1", NULL);
  g_autofree char *many39 = g_strconcat ("1", z37, "1", NULL);
  g_autofree char *many39_frac = g_strconcat ("0.0001", z37, "1e-3", NULL);
  g_autofree char *over_plain = g_strconcat ("1", z126, NULL);
  g_autofree char *under_plain = g_strconcat ("0.", z130, "1", NULL);
  g_autofree char *many_at_top = g_strconcat ("9.", nines41, "E125", NULL);
  gsize i;

  g_test_summary ("Every parse failure status, including DynamoDB's check order: overflow, "
                  "then underflow, then digit count.");

  assert_parse_status ("", -1, DDB_NUMBER_EMPTY);
  assert_parse_status ("123", 0, DDB_NUMBER_EMPTY);

  for (i = 0; i < G_N_ELEMENTS (syntax); i++)
    assert_parse_status (syntax[i], -1, DDB_NUMBER_SYNTAX);

  assert_parse_status ("123456789012345678901234567890123456789", -1,
                       DDB_NUMBER_TOO_MANY_DIGITS);
  assert_parse_status ("-1.23456789012345678901234567890123456789", -1,
                       DDB_NUMBER_TOO_MANY_DIGITS);
  assert_parse_status (many39, -1, DDB_NUMBER_TOO_MANY_DIGITS);
  assert_parse_status (many39_frac, -1, DDB_NUMBER_TOO_MANY_DIGITS);
  assert_parse_status (many_at_top, -1, DDB_NUMBER_TOO_MANY_DIGITS);
  assert_parse_status (ok38, -1, DDB_NUMBER_OK);

  assert_parse_status ("1e126", -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status ("-1e126", -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status ("10e125", -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status ("1000000e120", -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status (over_plain, -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status ("1e99999999999999999999", -1, DDB_NUMBER_OVERFLOW);
  assert_parse_status ("-1e+99999999999999999999999999999999999999999", -1,
                       DDB_NUMBER_OVERFLOW);

  assert_parse_status ("1e-131", -1, DDB_NUMBER_UNDERFLOW);
  assert_parse_status ("-1e-131", -1, DDB_NUMBER_UNDERFLOW);
  assert_parse_status ("0.1e-130", -1, DDB_NUMBER_UNDERFLOW);
  assert_parse_status ("0.00001e-126", -1, DDB_NUMBER_UNDERFLOW);
  assert_parse_status (under_plain, -1, DDB_NUMBER_UNDERFLOW);
  assert_parse_status ("1e-99999999999999999999", -1, DDB_NUMBER_UNDERFLOW);

  /* Several problems at once: the range checks come before the digit count. */
  assert_parse_status ("1.234567890123456789012345678901234567890e126", -1,
                       DDB_NUMBER_OVERFLOW);
  assert_parse_status ("1.234567890123456789012345678901234567890e-131", -1,
                       DDB_NUMBER_UNDERFLOW);
}

static void
test_parse_limits (void)
{
  g_autofree char *z125 = repeat ("0", 125);
  g_autofree char *z129 = repeat ("0", 129);
  g_autofree char *z5000 = repeat ("0", 5000);
  g_autofree char *top_plain = g_strconcat ("1", z125, NULL);
  g_autofree char *bottom_plain = g_strconcat ("0.", z129, "1", NULL);
  g_autofree char *padded = g_strconcat ("-", z5000, "12.5", z5000, "e-1", NULL);
  DdbNumber x;

  g_test_summary ("The boundary values of DynamoDB's range are accepted, zero with any "
                  "exponent is zero, and huge exponent literals saturate.");

  x = parse_ok ("9.9999999999999999999999999999999999999E+125");
  g_assert_cmpuint (x.n_digits, ==, 38);
  g_assert_cmpint (x.exponent, ==, 125);
  x = parse_ok ("-9.9999999999999999999999999999999999999E+125");
  g_assert_cmpuint (x.negative, ==, 1);
  x = parse_ok ("1E-130");
  g_assert_cmpuint (x.n_digits, ==, 1);
  g_assert_cmpint (x.exponent, ==, -130);
  x = parse_ok ("-1E-130");
  g_assert_cmpint (x.exponent, ==, -130);
  x = parse_ok ("1.5e-130");
  g_assert_cmpint (x.exponent, ==, -130);
  g_assert_cmpuint (x.n_digits, ==, 2);
  x = parse_ok (top_plain);
  g_assert_cmpint (x.exponent, ==, 125);
  x = parse_ok (bottom_plain);
  g_assert_cmpint (x.exponent, ==, -130);
  x = parse_ok ("1000000e119");
  g_assert_cmpint (x.exponent, ==, 125);
  x = parse_ok ("0.00001e-125");
  g_assert_cmpint (x.exponent, ==, -130);

  x = parse_ok (padded);
  assert_text (&x, "-1.25");

  x = parse_ok ("0e99999999999999999999");
  g_assert_true (ddb_number_is_zero (&x));
  x = parse_ok ("-0.000e-99999999999999999999");
  g_assert_true (ddb_number_is_zero (&x));
  g_assert_cmpuint (x.negative, ==, 0);
  x = parse_ok ("00000000000000000000000000000000000000000000000000000");
  g_assert_true (ddb_number_is_zero (&x));
  x = parse_ok ("-1");
  g_assert_false (ddb_number_is_zero (&x));
}

static void
test_parse_length (void)
{
  DdbNumber x;

  g_test_summary ("An explicit length bounds the text; bytes past it are never read, and an "
                  "embedded NUL is a syntax error.");

  g_assert_cmpint (ddb_number_parse ("12345", 3, &x), ==, DDB_NUMBER_OK);
  assert_text (&x, "123");
  g_assert_cmpint (ddb_number_parse ("-1e5xyz", 4, &x), ==, DDB_NUMBER_OK);
  assert_text (&x, "-100000");
  g_assert_cmpint (ddb_number_parse ("1.5e", 3, &x), ==, DDB_NUMBER_OK);
  assert_text (&x, "1.5");
  assert_parse_status ("1\0" "5", 3, DDB_NUMBER_SYNTAX);
  assert_parse_status ("1e", 2, DDB_NUMBER_SYNTAX);
}

static void
test_parse_preconditions (void)
{
  if (g_test_subprocess ())
    {
      DdbNumber x;

      ddb_number_parse (NULL, -1, &x);
      return;
    }

  g_test_summary ("A NULL text is a programming error, reported as a critical.");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*text != NULL*");
}

/* -------- ordering -------- */

static void
test_compare_table (void)
{
  static const struct
  {
    const char *a;
    const char *b;
    int         expected;
  } cases[] = {
    { "0", "0", 0 }, { "0", "-0", 0 }, { "1", "1.0", 0 }, { "0.5", "0.50", 0 },
    { "1e2", "100", 0 }, { "12", "1.2e1", 0 }, { "1", "2", -1 }, { "-1", "1", -1 },
    { "-1", "0", -1 }, { "0", "1e-130", -1 }, { "-1e-130", "0", -1 }, { "10", "9", 1 },
    { "-10", "-9", -1 }, { "1.1", "1.01", 1 }, { "-1.1", "-1.01", -1 },
    { "1", "1.0000000000000000000000000000000000001", -1 },
    { "-1", "-1.0000000000000000000000000000000000001", 1 },
    { "1e125", "9.99e124", 1 }, { "-1e125", "-9.99e124", -1 },
    { "1e-130", "-9.9999999999999999999999999999999999999E+125", 1 },
    { "123", "122.9999", 1 }, { "-5", "5", -1 }, { "5", "-5", 1 },
    { "1.5e-130", "1e-130", 1 }, { "2", "10", -1 }, { "-2", "-10", 1 },
    { "0.09", "0.1", -1 }, { "99", "100", -1 }, { "1.9", "1.89", 1 },
  };
  gsize i;

  g_test_summary ("Exact ordering, including mixed signs, zero and digit-string prefixes.");

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdbNumber a = parse_ok (cases[i].a);
      DdbNumber b = parse_ok (cases[i].b);

      g_test_message ("compare %s %s", cases[i].a, cases[i].b);
      g_assert_cmpint (sign_of (ddb_number_compare (&a, &b)), ==, cases[i].expected);
      g_assert_cmpint (sign_of (ddb_number_compare (&b, &a)), ==, -cases[i].expected);
      g_assert_cmpint (ddb_number_equal (&a, &b), ==, cases[i].expected == 0);
    }
}

/* -------- arithmetic -------- */

typedef struct
{
  const char      *a;
  const char      *b;
  DdbNumberStatus  status;
  const char      *result;   /* canonical text when status is DDB_NUMBER_OK */
} ArithCase;

typedef DdbNumberStatus (*ArithFunc) (const DdbNumber *,
                                      const DdbNumber *,
                                      DdbNumber *);

static void
assert_arith (ArithFunc        func,
              const ArithCase *cases,
              gsize            n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      DdbNumber a = parse_ok (cases[i].a);
      DdbNumber b = parse_ok (cases[i].b);
      DdbNumber result;
      DdbNumber sentinel;
      DdbNumberStatus status;

      g_test_message ("%.60s op %.60s", cases[i].a, cases[i].b);
      ddb_number_set_int64 (&result, -4242);
      sentinel = result;
      status = func (&a, &b, &result);
      g_assert_cmpint (status, ==, cases[i].status);
      if (status == DDB_NUMBER_OK)
        {
          assert_canonical (&result);
          assert_text (&result, cases[i].result);
        }
      else
        {
          g_assert_cmpmem (&result, sizeof result, &sentinel, sizeof sentinel);
        }
    }
}

static void
test_add_table (void)
{
  g_autofree char *z128 = repeat ("0", 128);
  g_autofree char *z129 = repeat ("0", 129);
  g_autofree char *nines37 = repeat ("9", 37);
  g_autofree char *nines38 = repeat ("9", 38);
  g_autofree char *z38 = repeat ("0", 38);
  g_autofree char *two_smallest = g_strconcat ("0.", z129, "2", NULL);
  g_autofree char *three_smallest = g_strconcat ("0.", z129, "3", NULL);
  g_autofree char *carry_smallest = g_strconcat ("0.", z128, "1", NULL);
  g_autofree char *one_e38 = g_strconcat ("1", z38, NULL);
  g_autofree char *top = g_strconcat ("9.", nines37, "E125", NULL);
  const ArithCase cases[] = {
    { "1", "2", DDB_NUMBER_OK, "3" },
    { "0", "0", DDB_NUMBER_OK, "0" },
    { "0", "-5", DDB_NUMBER_OK, "-5" },
    { "-5", "0", DDB_NUMBER_OK, "-5" },
    { "5", "-5", DDB_NUMBER_OK, "0" },
    { "-5", "5", DDB_NUMBER_OK, "0" },
    { "9", "1", DDB_NUMBER_OK, "10" },
    { "99.99", "0.01", DDB_NUMBER_OK, "100" },
    { "999", "1", DDB_NUMBER_OK, "1000" },
    { "1", "-0.001", DDB_NUMBER_OK, "0.999" },
    { "-1", "0.001", DDB_NUMBER_OK, "-0.999" },
    { "1.5", "1.5", DDB_NUMBER_OK, "3" },
    { "0.1", "0.2", DDB_NUMBER_OK, "0.3" },
    { "-0.1", "-0.2", DDB_NUMBER_OK, "-0.3" },
    { "100", "-99.99", DDB_NUMBER_OK, "0.01" },
    { "-7", "3", DDB_NUMBER_OK, "-4" },
    { "3", "-7", DDB_NUMBER_OK, "-4" },
    { "123.456", "-123.455", DDB_NUMBER_OK, "0.001" },
    { "1e125", "-1e125", DDB_NUMBER_OK, "0" },
    { top, "-9.9999999999999999999999999999999999999E+125", DDB_NUMBER_OK, "0" },
    { "1e-130", "1e-130", DDB_NUMBER_OK, two_smallest },
    { "12345678901234567890123456789012345678", "1", DDB_NUMBER_OK,
      "12345678901234567890123456789012345679" },
    { nines38, "1", DDB_NUMBER_OK, one_e38 },
    { one_e38, "-1", DDB_NUMBER_OK, nines38 },
    { "0.99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001",
      DDB_NUMBER_OK, "1" },
    { "1e20", "1e-17", DDB_NUMBER_OK, "100000000000000000000.00000000000000001" },
    { "1e20", "-1e-17", DDB_NUMBER_OK, "99999999999999999999.99999999999999999" },
    { "1", "1e-37", DDB_NUMBER_OK, "1.0000000000000000000000000000000000001" },
    { "1.5e-130", "1.5e-130", DDB_NUMBER_OK, three_smallest },
    { "5.5e-130", "4.5e-130", DDB_NUMBER_OK, carry_smallest },

    /* 1E+125 + 1E-130 is exact only with 256 digits: never rounded. */
    { "1e125", "1e-130", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { "-1e125", "-1e-130", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { nines38, "0.1", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { "1", "1e-38", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { one_e38, "-0.1", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { top, "1e87", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    /* 1E+126 + 1E+87 needs 40 digits, but the range check comes first. */
    { top, "1.1e88", DDB_NUMBER_OVERFLOW, NULL },
    { top, "1e88", DDB_NUMBER_OVERFLOW, NULL },
    { "9e125", "9e125", DDB_NUMBER_OVERFLOW, NULL },
    { "-9e125", "-9e125", DDB_NUMBER_OVERFLOW, NULL },
    { "1.5e-130", "-1.4e-130", DDB_NUMBER_UNDERFLOW, NULL },
    { "-1.5e-130", "1e-130", DDB_NUMBER_UNDERFLOW, NULL },
  };

  g_test_summary ("Exact addition: carries, cancellation, far-apart exponents, and every "
                  "failure status with the result left untouched.");
  assert_arith (ddb_number_add, cases, G_N_ELEMENTS (cases));
}

static void
test_subtract_table (void)
{
  g_autofree char *z62 = repeat ("0", 62);
  g_autofree char *one_e62 = g_strconcat ("1", z62, NULL);
  const ArithCase cases[] = {
    { "3", "2", DDB_NUMBER_OK, "1" },
    { "2", "3", DDB_NUMBER_OK, "-1" },
    { "0", "5", DDB_NUMBER_OK, "-5" },
    { "0", "-5", DDB_NUMBER_OK, "5" },
    { "5", "0", DDB_NUMBER_OK, "5" },
    { "-5", "-5", DDB_NUMBER_OK, "0" },
    { "0", "0", DDB_NUMBER_OK, "0" },
    { "1000", "1", DDB_NUMBER_OK, "999" },
    { "1", "0.001", DDB_NUMBER_OK, "0.999" },
    { "-1", "-1", DDB_NUMBER_OK, "0" },
    { "-1", "1", DDB_NUMBER_OK, "-2" },
    { "0.3", "0.1", DDB_NUMBER_OK, "0.2" },
    { "-0.3", "-0.1", DDB_NUMBER_OK, "-0.2" },
    { "1e-130", "1e-130", DDB_NUMBER_OK, "0" },
    { "10.5", "0.5", DDB_NUMBER_OK, "10" },
    { "1e100", "9.9999999999999999999999999999999999999e99", DDB_NUMBER_OK, one_e62 },
    { "1e125", "-1e-130", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { "1e125", "1e-130", DDB_NUMBER_TOO_MANY_DIGITS, NULL },
    { "-9e125", "9e125", DDB_NUMBER_OVERFLOW, NULL },
    { "1.5e-130", "1.4e-130", DDB_NUMBER_UNDERFLOW, NULL },
  };

  g_test_summary ("Exact subtraction: borrows across many places, cancellation to zero "
                  "and failures.");
  assert_arith (ddb_number_subtract, cases, G_N_ELEMENTS (cases));
}

static void
test_arith_aliasing (void)
{
  DdbNumber a = parse_ok ("5");
  DdbNumber b = parse_ok ("-0.25");

  g_test_summary ("The result may be either operand.");

  g_assert_cmpint (ddb_number_add (&a, &a, &a), ==, DDB_NUMBER_OK);
  assert_text (&a, "10");
  g_assert_cmpint (ddb_number_add (&a, &b, &b), ==, DDB_NUMBER_OK);
  assert_text (&b, "9.75");
  g_assert_cmpint (ddb_number_subtract (&a, &b, &a), ==, DDB_NUMBER_OK);
  assert_text (&a, "0.25");
  g_assert_cmpint (ddb_number_subtract (&b, &b, &b), ==, DDB_NUMBER_OK);
  assert_text (&b, "0");
  assert_canonical (&b);
}

static void
test_negate (void)
{
  DdbNumber x = parse_ok ("5");
  DdbNumber y;

  ddb_number_negate (&x, &y);
  assert_text (&y, "-5");
  ddb_number_negate (&y, &y);
  assert_text (&y, "5");

  x = parse_ok ("0");
  ddb_number_negate (&x, &y);
  g_assert_cmpuint (y.negative, ==, 0);
  assert_text (&y, "0");
}

/* -------- gint64 -------- */

static void
test_int64_round_trip (void)
{
  static const gint64 values[] = {
    0, 1, -1, 10, -10, 100, 1000000, 123456789, -987654321000,
    G_GINT64_CONSTANT (1000000000000000000), G_GINT64_CONSTANT (-1000000000000000000),
    G_GINT64_CONSTANT (9000000000000000000), G_MAXINT64, G_MAXINT64 - 1, G_MININT64,
    G_MININT64 + 1, G_MAXINT32, G_MININT32,
  };
  gsize i;

  g_test_summary ("set_int64 and to_int64 are exact inverses over all of gint64.");

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);
      DdbNumber x;
      DdbNumber y;
      gint64 back = 0;

      ddb_number_set_int64 (&x, values[i]);
      assert_canonical (&x);
      assert_text (&x, expected);
      g_assert_true (ddb_number_to_int64 (&x, &back));
      g_assert_cmpint (back, ==, values[i]);

      y = parse_ok (expected);
      g_assert_true (ddb_number_equal (&x, &y));
    }
}

static void
test_int64_rejects (void)
{
  static const char *rejected[] = {
    "0.5", "1.5", "-0.1", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "1e19", "-1e19", "1e125", "1e-130", "12345678901234567890.5",
  };
  static const struct
  {
    const char *text;
    gint64      value;
  } accepted[] = {
    { "9223372036854775807", G_MAXINT64 }, { "-9223372036854775808", G_MININT64 },
    { "1e18", G_GINT64_CONSTANT (1000000000000000000) }, { "1.5e1", 15 },
    { "-1.23e5", -123000 }, { "-0", 0 },
  };
  gsize i;

  g_test_summary ("to_int64 refuses fractions and values outside gint64, leaving the output "
                  "untouched.");

  for (i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      DdbNumber x = parse_ok (rejected[i]);
      gint64 out = 77;

      g_assert_false (ddb_number_to_int64 (&x, &out));
      g_assert_cmpint (out, ==, 77);
    }

  for (i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      DdbNumber x = parse_ok (accepted[i].text);
      gint64 out = 77;

      g_assert_true (ddb_number_to_int64 (&x, &out));
      g_assert_cmpint (out, ==, accepted[i].value);
    }
}

/* -------- key encoding -------- */

static void
test_key_bytes (void)
{
  static const struct
  {
    const char   *text;
    gsize         length;
    const guint8  bytes[DDB_NUMBER_MAX_KEY_BYTES];
  } cases[] = {
    { "0", 1, { 0x02 } },
    { "1", 3, { 0x03, 130, 10 } },
    { "12", 3, { 0x03, 131, 12 } },
    { "1.23", 4, { 0x03, 130, 12, 30 } },
    { "-1", 4, { 0x01, 125, 89, 0xFF } },
    { "-1.23", 5, { 0x01, 125, 87, 69, 0xFF } },
    { "1.5e-130", 3, { 0x03, 0, 15 } },
    { "-1e-130", 4, { 0x01, 255, 89, 0xFF } },
    { "9.9999999999999999999999999999999999999E+125", 21,
      { 0x03, 255, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99 } },
    { "-9.9999999999999999999999999999999999999E+125", 22,
      { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF } },
  };
  gsize i;

  g_test_summary ("The documented key layout: class byte, biased exponent, digit pairs, "
                  "inverted with a terminator for negatives.");

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdbNumber x = parse_ok (cases[i].text);
      DdbNumber y;
      guint8 key[DDB_NUMBER_MAX_KEY_BYTES];
      gsize length = ddb_number_encode_key (&x, key);

      g_assert_cmpmem (key, length, cases[i].bytes, cases[i].length);
      g_assert_true (ddb_number_decode_key (key, length, &y));
      assert_canonical (&y);
      g_assert_true (ddb_number_equal (&x, &y));
    }
}

static void
test_key_malformed (void)
{
  static const struct
  {
    const char   *why;
    gsize         length;
    const guint8  bytes[24];
  } cases[] = {
    { "empty", 0, { 0 } },
    { "class 00", 1, { 0x00 } },
    { "class 04", 3, { 0x04, 130, 10 } },
    { "class ff", 1, { 0xFF } },
    { "zero with tail", 2, { 0x02, 0x00 } },
    { "positive, no exponent", 1, { 0x03 } },
    { "positive, no pairs", 2, { 0x03, 130 } },
    { "pair 100", 3, { 0x03, 130, 100 } },
    { "pair ff", 4, { 0x03, 130, 12, 0xFF } },
    { "only pair 00", 3, { 0x03, 130, 0 } },
    { "leading zero digit", 3, { 0x03, 130, 5 } },
    { "trailing pair 00", 4, { 0x03, 130, 10, 0 } },
    { "negative, no terminator", 3, { 0x01, 125, 89 } },
    { "negative, wrong terminator", 4, { 0x01, 125, 89, 0xFE } },
    { "negative, no pairs", 3, { 0x01, 125, 0xFF } },
    { "negative, inverted pair > 99", 5, { 0x01, 125, 0xF0, 89, 0xFF } },
    { "negative, pair 00", 4, { 0x01, 125, 99, 0xFF } },
    { "negative, leading zero digit", 4, { 0x01, 125, 94, 0xFF } },
    { "20 pairs", 22, { 0x03, 130, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11,
                        11, 11, 11, 11, 11, 11 } },
    { "negative, 20 pairs", 23, { 0x01, 125, 88, 88, 88, 88, 88, 88, 88, 88, 88, 88, 88, 88,
                                  88, 88, 88, 88, 88, 88, 88, 88, 0xFF } },
  };
  gsize i;

  g_test_summary ("decode_key refuses every byte string that no number encodes to.");

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DdbNumber x;
      DdbNumber before;

      g_test_message ("malformed key: %s", cases[i].why);
      ddb_number_set_int64 (&x, 31337);
      before = x;
      g_assert_false (ddb_number_decode_key (cases[i].bytes, cases[i].length, &x));
      g_assert_cmpmem (&x, sizeof x, &before, sizeof before);
    }
}

static void
test_key_decode_random (void)
{
  GRand *rand = g_rand_new_with_seed (test_seed ());
  guint n_accepted = 0;
  guint i;

  g_test_summary ("Random byte strings: whatever decode_key accepts re-encodes to the same "
                  "bytes, so the encoding is a bijection onto the accepted strings.");

  for (i = 0; i < 100000; i++)
    {
      guint8 bytes[DDB_NUMBER_MAX_KEY_BYTES + 2];
      guint8 again[DDB_NUMBER_MAX_KEY_BYTES];
      gsize length = (gsize)g_rand_int_range (rand, 0, (gint32)sizeof bytes + 1);
      DdbNumber x;
      gsize j;

      for (j = 0; j < length; j++)
        {
          /* Mostly plausible bytes, so that a good share decodes. */
          if (j == 0)
            bytes[j] = (guint8)g_rand_int_range (rand, 0, 5);
          else if (j == length - 1 && g_rand_boolean (rand))
            bytes[j] = 0xFF;
          else
            bytes[j] = (guint8)g_rand_int_range (rand, 0, j == 1 ? 256 : 104);
        }

      if (ddb_number_decode_key (bytes, length, &x))
        {
          gsize again_length = ddb_number_encode_key (&x, again);

          n_accepted++;
          assert_canonical (&x);
          g_assert_cmpmem (again, again_length, bytes, length);
        }
    }

  g_test_message ("%u of 100000 random strings decoded", n_accepted);
  g_assert_cmpuint (n_accepted, >, 1000);
  g_rand_free (rand);
}

/* -------- property tests -------- */

/* A number as the generator means it, independent of DdbNumber. */
typedef struct
{
  gboolean negative;
  int      exponent;
  char     digits[DDB_NUMBER_MAX_DIGITS + 1];   /* canonical, "" for zero */
} Spec;

static void
spec_fill (GRand *rand,
           Spec  *spec,
           int    n,
           int    from)
{
  int i;

  g_assert_true (n >= 1 && n <= DDB_NUMBER_MAX_DIGITS);

  for (i = from; i < n; i++)
    spec->digits[i] = (char)('0' + g_rand_int_range (rand, 0, 10));
  if (spec->digits[0] == '0')
    spec->digits[0] = (char)('1' + g_rand_int_range (rand, 0, 9));
  if (spec->digits[n - 1] == '0')
    spec->digits[n - 1] = (char)('1' + g_rand_int_range (rand, 0, 9));
  spec->digits[n] = '\0';
}

static int
random_digit_count (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return g_rand_int_range (rand, 1, 19);
    case 1:
      return g_rand_int_range (rand, 1, 6);
    case 2:
      return DDB_NUMBER_MAX_DIGITS;
    default:
      return g_rand_int_range (rand, 1, DDB_NUMBER_MAX_DIGITS + 1);
    }
}

static void
spec_random (GRand *rand,
             Spec  *spec)
{
  memset (spec, 0, sizeof *spec);
  if (g_rand_int_range (rand, 0, 40) == 0)
    return;

  spec->negative = g_rand_boolean (rand);
  spec->exponent = g_rand_int_range (rand, DDB_NUMBER_MIN_EXPONENT, DDB_NUMBER_MAX_EXPONENT + 1);
  spec_fill (rand, spec, random_digit_count (rand), 0);
}

static int
random_exponent_near (GRand *rand,
                      int    exponent,
                      int    distance)
{
  /* Drawn once: CLAMP evaluates its argument more than once. */
  int near = exponent + g_rand_int_range (rand, -distance, distance + 1);

  return CLAMP (near, DDB_NUMBER_MIN_EXPONENT, DDB_NUMBER_MAX_EXPONENT);
}

/* A number close to @a in the ways that trip comparisons up. */
static void
spec_near (GRand      *rand,
           const Spec *a,
           Spec       *b)
{
  int n = (int)strlen (a->digits);

  *b = *a;
  if (n == 0)
    {
      spec_random (rand, b);
      return;
    }

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:   /* identical */
      break;
    case 1:   /* one digit more */
      if (n < DDB_NUMBER_MAX_DIGITS)
        spec_fill (rand, b, n + 1, n);
      break;
    case 2:   /* one digit less */
      if (n > 1)
        {
          b->digits[n - 1] = '\0';
          while (b->digits[strlen (b->digits) - 1] == '0')
            b->digits[strlen (b->digits) - 1] = '\0';
        }
      break;
    case 3:   /* same prefix, different tail */
      spec_fill (rand, b, g_rand_int_range (rand, 1, DDB_NUMBER_MAX_DIGITS + 1),
                 g_rand_int_range (rand, 0, n) + 1);
      break;
    case 4:   /* same digits, neighbouring exponent */
      b->exponent = random_exponent_near (rand, a->exponent, 1);
      break;
    case 5:
      b->negative = !a->negative;
      break;
    case 6:   /* last digit one off */
      b->digits[n - 1] = (char)(b->digits[n - 1] == '9' ? '8' : b->digits[n - 1] + 1);
      break;
    default:
      memset (b, 0, sizeof *b);
      break;
    }
}

/* The oracle for long numbers: sign, then exponent, then the digit strings. */
static int
spec_compare (const Spec *a,
              const Spec *b)
{
  int sign_a = a->digits[0] == '\0' ? 0 : a->negative ? -1 : 1;
  int sign_b = b->digits[0] == '\0' ? 0 : b->negative ? -1 : 1;
  int magnitude;

  if (sign_a != sign_b)
    return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0)
    return 0;

  if (a->exponent != b->exponent)
    magnitude = a->exponent < b->exponent ? -1 : 1;
  else
    magnitude = sign_of (strcmp (a->digits, b->digits));

  return sign_a * magnitude;
}

/* Plain decimal text of @spec, built without ddb-number.c. */
static char *
spec_plain (const Spec *spec)
{
  GString *s;
  int n = (int)strlen (spec->digits);
  int i;

  if (n == 0)
    return g_strdup ("0");

  s = g_string_new (spec->negative ? "-" : "");
  if (spec->exponent < 0)
    {
      g_string_append (s, "0.");
      for (i = 0; i < -spec->exponent - 1; i++)
        g_string_append_c (s, '0');
      g_string_append (s, spec->digits);
    }
  else
    {
      g_string_append_len (s, spec->digits, MIN (n, spec->exponent + 1));
      for (i = n; i < spec->exponent + 1; i++)
        g_string_append_c (s, '0');
      if (n > spec->exponent + 1)
        {
          g_string_append_c (s, '.');
          g_string_append (s, spec->digits + spec->exponent + 1);
        }
    }

  return g_string_free (s, FALSE);
}

/* One of several spellings of @spec that DynamoDB accepts. */
static char *
spec_spelling (GRand      *rand,
               const Spec *spec)
{
  const char *sign = spec->negative ? "-" : g_rand_boolean (rand) ? "+" : "";
  const char *e = g_rand_boolean (rand) ? "e" : "E";
  int shift = g_rand_int_range (rand, 0, 5);
  g_autofree char *zeros = repeat ("0", (guint)shift);

  if (spec->digits[0] == '\0')
    return g_strdup_printf ("%s0.%s%s%d", g_rand_boolean (rand) ? "-" : "", zeros, e,
                            g_rand_int_range (rand, -500, 500));

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:   /* d.ddd E x */
      return g_strdup_printf ("%s%c%s%s%s%+d", sign, spec->digits[0],
                              spec->digits[1] ? "." : "", spec->digits + 1, e, spec->exponent);
    case 1:
      return spec_plain (spec);
    case 2:   /* 0.000ddd000 E x */
      return g_strdup_printf ("%s0.%s%s%s%s%d", sign, zeros, spec->digits, zeros, e,
                              spec->exponent + shift + 1);
    default:  /* 000ddd000 E x */
      return g_strdup_printf ("%s%s%s%s%s%d", sign, zeros, spec->digits, zeros, e,
                              spec->exponent - (int)strlen (spec->digits) + 1 - shift);
    }
}

static DdbNumber
spec_parse (GRand      *rand,
            const Spec *spec)
{
  g_autofree char *text = spec_spelling (rand, spec);
  DdbNumber x = parse_ok (text);
  guint i;

  g_assert_cmpuint (x.n_digits, ==, strlen (spec->digits));
  if (x.n_digits > 0)
    {
      g_assert_cmpuint (x.negative, ==, spec->negative);
      g_assert_cmpint (x.exponent, ==, spec->exponent);
    }
  for (i = 0; i < x.n_digits; i++)
    g_assert_cmpint (x.digits[i], ==, spec->digits[i] - '0');

  return x;
}

static int
long_double_compare (const DdbNumber *a,
                     const DdbNumber *b)
{
  char text_a[DDB_NUMBER_MAX_TEXT];
  char text_b[DDB_NUMBER_MAX_TEXT];
  long double value_a;
  long double value_b;

  ddb_number_format (a, text_a);
  ddb_number_format (b, text_b);
  value_a = strtold (text_a, NULL);
  value_b = strtold (text_b, NULL);

  return (value_a > value_b) - (value_a < value_b);
}

static void
test_property_order (void)
{
  GRand *rand = g_rand_new_with_seed (test_seed ());
  guint n_short = 0;
  guint n_long = 0;
  guint n_equal = 0;
  guint i;

  g_test_summary ("For random pairs across the whole range, with near-ties and zero, compare "
                  "agrees with a digit-string oracle, with long double for numbers of at most "
                  "18 digits, and with memcmp order of the key encodings.");

  for (i = 0; i < N_RANDOM_PAIRS; i++)
    {
      Spec spec_a;
      Spec spec_b;
      DdbNumber a;
      DdbNumber b;
      guint8 key_a[DDB_NUMBER_MAX_KEY_BYTES];
      guint8 key_b[DDB_NUMBER_MAX_KEY_BYTES];
      gsize len_a;
      gsize len_b;
      int expected;
      int got;

      spec_random (rand, &spec_a);
      if (g_rand_boolean (rand))
        spec_near (rand, &spec_a, &spec_b);
      else
        spec_random (rand, &spec_b);

      a = spec_parse (rand, &spec_a);
      b = spec_parse (rand, &spec_b);
      expected = spec_compare (&spec_a, &spec_b);
      got = sign_of (ddb_number_compare (&a, &b));
      len_a = ddb_number_encode_key (&a, key_a);
      len_b = ddb_number_encode_key (&b, key_b);

      if (got != expected || key_compare (key_a, len_a, key_b, len_b) != expected)
        g_test_message ("a = %c%se%d, b = %c%se%d", spec_a.negative ? '-' : '+',
                        spec_a.digits, spec_a.exponent, spec_b.negative ? '-' : '+',
                        spec_b.digits, spec_b.exponent);

      g_assert_cmpint (got, ==, expected);
      g_assert_cmpint (sign_of (ddb_number_compare (&b, &a)), ==, -expected);
      g_assert_cmpint (ddb_number_equal (&a, &b), ==, expected == 0);
      g_assert_cmpint (key_compare (key_a, len_a, key_b, len_b), ==, expected);

      if (a.n_digits <= 18 && b.n_digits <= 18)
        {
          g_assert_cmpint (long_double_compare (&a, &b), ==, got);
          n_short++;
        }
      if (a.n_digits == DDB_NUMBER_MAX_DIGITS || b.n_digits == DDB_NUMBER_MAX_DIGITS)
        n_long++;
      if (expected == 0)
        n_equal++;
    }

  g_test_message ("%u pairs: %u checked with long double, %u with a 38-digit operand, "
                  "%u equal", N_RANDOM_PAIRS, n_short, n_long, n_equal);
  g_assert_cmpuint (n_short, >, N_RANDOM_PAIRS / 10);
  g_assert_cmpuint (n_long, >, N_RANDOM_PAIRS / 10);
  g_assert_cmpuint (n_equal, >, N_RANDOM_PAIRS / 100);
  g_rand_free (rand);
}

static void
test_property_text (void)
{
  GRand *rand = g_rand_new_with_seed (test_seed ());
  guint i;

  g_test_summary ("parse (format (x)) == x, and format gives the independently built plain "
                  "decimal text, for random numbers across the whole range.");

  for (i = 0; i < N_RANDOM_PAIRS; i++)
    {
      Spec spec;
      DdbNumber x;
      DdbNumber y;
      g_autofree char *plain = NULL;
      g_autofree char *text = NULL;

      spec_random (rand, &spec);
      x = spec_parse (rand, &spec);
      plain = spec_plain (&spec);
      text = ddb_number_to_string (&x);
      g_assert_cmpstr (text, ==, plain);
      g_assert_cmpuint (strlen (text), <, DDB_NUMBER_MAX_TEXT);
      g_assert_null (strpbrk (text, "eE+"));

      g_assert_cmpint (ddb_number_parse (text, -1, &y), ==, DDB_NUMBER_OK);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
    }

  g_rand_free (rand);
}

static void
test_property_add_subtract (void)
{
  GRand *rand = g_rand_new_with_seed (test_seed ());
  guint n_round_trips = 0;
  guint n_failures = 0;
  guint i;

  g_test_summary ("(a + b) - b == a whenever both succeed; addition commutes; a - b has the "
                  "sign of compare (a, b) and is -(b - a).");

  for (i = 0; i < N_RANDOM_PAIRS; i++)
    {
      Spec spec_a;
      Spec spec_b;
      DdbNumber a;
      DdbNumber b;
      DdbNumber sum;
      DdbNumber sum_swapped;
      DdbNumber back;
      DdbNumber difference;
      DdbNumber difference_swapped;
      DdbNumberStatus status;
      int choice;

      spec_random (rand, &spec_a);
      choice = g_rand_int_range (rand, 0, 8);
      if (choice == 0)
        {
          /* Anywhere in the range: mostly too many digits to be exact. */
          spec_random (rand, &spec_b);
        }
      else if (choice < 6)
        {
          /* Mostly close exponents and few digits, so that most sums are exact. */
          spec_random (rand, &spec_b);
          if (spec_b.digits[0] != '\0')
            {
              spec_b.exponent = random_exponent_near (rand, spec_a.exponent, 12);
              spec_fill (rand, &spec_b, g_rand_int_range (rand, 1, 20), 0);
            }
          if (spec_a.digits[0] != '\0' && strlen (spec_a.digits) > 19)
            spec_a.digits[g_rand_int_range (rand, 1, 20)] = '\0';
          while (spec_a.digits[0] != '\0' && spec_a.digits[strlen (spec_a.digits) - 1] == '0')
            spec_a.digits[strlen (spec_a.digits) - 1] = '\0';
        }
      else
        {
          spec_near (rand, &spec_a, &spec_b);
        }

      a = spec_parse (rand, &spec_a);
      b = spec_parse (rand, &spec_b);

      status = ddb_number_add (&a, &b, &sum);
      g_assert_cmpint (ddb_number_add (&b, &a, &sum_swapped), ==, status);
      if (status == DDB_NUMBER_OK)
        {
          assert_canonical (&sum);
          g_assert_true (ddb_number_equal (&sum, &sum_swapped));
          if (ddb_number_subtract (&sum, &b, &back) == DDB_NUMBER_OK)
            {
              assert_canonical (&back);
              g_assert_true (ddb_number_equal (&back, &a));
              n_round_trips++;
            }
        }
      else
        {
          n_failures++;
        }

      status = ddb_number_subtract (&a, &b, &difference);
      g_assert_cmpint (ddb_number_subtract (&b, &a, &difference_swapped), ==, status);
      if (status == DDB_NUMBER_OK)
        {
          DdbNumber zero;

          ddb_number_set_int64 (&zero, 0);
          ddb_number_negate (&difference_swapped, &difference_swapped);
          g_assert_true (ddb_number_equal (&difference, &difference_swapped));
          g_assert_cmpint (sign_of (ddb_number_compare (&difference, &zero)), ==,
                           sign_of (ddb_number_compare (&a, &b)));
        }
      else
        {
          g_assert_false (ddb_number_equal (&a, &b));
        }
    }

  g_test_message ("%u exact round trips, %u sums out of range or precision",
                  n_round_trips, n_failures);
  g_assert_cmpuint (n_round_trips, >, N_RANDOM_PAIRS / 2);
  g_assert_cmpuint (n_failures, >, N_RANDOM_PAIRS / 100);
  g_rand_free (rand);
}

static guint64
random_u64 (GRand *rand)
{
  guint64 high = g_rand_int (rand);

  return high << 32 | g_rand_int (rand);
}

static void
test_property_int64 (void)
{
  GRand *rand = g_rand_new_with_seed (test_seed ());
  guint i;

  g_test_summary ("Sums and differences of random integers agree with gint64 arithmetic, and "
                  "random gint64 values round-trip through text.");

  for (i = 0; i < N_RANDOM_PAIRS; i++)
    {
      /* Within ±2^62 so that neither the sum nor the difference overflows gint64. */
      gint64 va = (gint64)(random_u64 (rand) >> 2) - (G_GINT64_CONSTANT (1) << 61);
      gint64 vb = (gint64)(random_u64 (rand) >> g_rand_int_range (rand, 2, 64));
      gint64 full = (gint64)random_u64 (rand);
      g_autofree char *full_text = g_strdup_printf ("%" G_GINT64_FORMAT, full);
      DdbNumber a;
      DdbNumber b;
      DdbNumber r;
      gint64 out = 0;

      if (g_rand_boolean (rand))
        vb = -vb;
      ddb_number_set_int64 (&a, va);
      ddb_number_set_int64 (&b, vb);

      g_assert_cmpint (ddb_number_add (&a, &b, &r), ==, DDB_NUMBER_OK);
      g_assert_true (ddb_number_to_int64 (&r, &out));
      g_assert_cmpint (out, ==, va + vb);

      g_assert_cmpint (ddb_number_subtract (&a, &b, &r), ==, DDB_NUMBER_OK);
      g_assert_true (ddb_number_to_int64 (&r, &out));
      g_assert_cmpint (out, ==, va - vb);

      g_assert_cmpint (sign_of (ddb_number_compare (&a, &b)), ==, (va > vb) - (va < vb));

      ddb_number_set_int64 (&r, full);
      assert_text (&r, full_text);
      g_assert_true (ddb_number_to_int64 (&r, &out));
      g_assert_cmpint (out, ==, full);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/number/size/tv1", test_size_tv1);
  g_test_add_func ("/ddb/model/number/size/tv2", test_size_tv2);
  g_test_add_func ("/ddb/model/number/size/exponent-parity", test_size_parity);
  g_test_add_func ("/ddb/model/number/format/canonical", test_format_canonical);
  g_test_add_func ("/ddb/model/number/format/to-string", test_format_to_string);
  g_test_add_func ("/ddb/model/number/parse/errors", test_parse_errors);
  g_test_add_func ("/ddb/model/number/parse/limits", test_parse_limits);
  g_test_add_func ("/ddb/model/number/parse/length", test_parse_length);
  g_test_add_func ("/ddb/model/number/parse/preconditions", test_parse_preconditions);
  g_test_add_func ("/ddb/model/number/compare/table", test_compare_table);
  g_test_add_func ("/ddb/model/number/add/table", test_add_table);
  g_test_add_func ("/ddb/model/number/subtract/table", test_subtract_table);
  g_test_add_func ("/ddb/model/number/arithmetic/aliasing", test_arith_aliasing);
  g_test_add_func ("/ddb/model/number/negate", test_negate);
  g_test_add_func ("/ddb/model/number/int64/round-trip", test_int64_round_trip);
  g_test_add_func ("/ddb/model/number/int64/rejects", test_int64_rejects);
  g_test_add_func ("/ddb/model/number/key/bytes", test_key_bytes);
  g_test_add_func ("/ddb/model/number/key/malformed", test_key_malformed);
  g_test_add_func ("/ddb/model/number/key/decode-random", test_key_decode_random);
  g_test_add_func ("/ddb/model/number/property/order", test_property_order);
  g_test_add_func ("/ddb/model/number/property/text-round-trip", test_property_text);
  g_test_add_func ("/ddb/model/number/property/add-subtract", test_property_add_subtract);
  g_test_add_func ("/ddb/model/number/property/int64-arithmetic", test_property_int64);

  return g_test_run ();
}
