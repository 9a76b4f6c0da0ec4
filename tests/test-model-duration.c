/* test-model-duration.c
 *
 * Durations for `ddbsim-cli exec`'s "advance" directive: every unit, exact decimals, and
 * the text that must be refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-duration.h"
#include "ddb-model-error.h"

static void
test_units (void)
{
  const struct { const char *text; gint64 usec; } cases[] = {
    { "100us", 100 },
    { "250ms", 250000 },
    { "1s", 1000000 },
    { "5m", 300000000 },
    { "2h", G_GINT64_CONSTANT (7200000000) },
    { "1d", G_GINT64_CONSTANT (86400000000) },
    { "0s", 0 },
    { "0us", 0 },
    { "007ms", 7000 },
  };

  g_test_summary ("Each unit: us, ms, s, m, h, d");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = -1;

      g_assert_true (ddb_duration_parse (cases[i].text, &usec, &error));
      g_assert_no_error (error);
      g_assert_cmpint (usec, ==, cases[i].usec);
    }
}

static void
test_decimals (void)
{
  const struct { const char *text; gint64 usec; } cases[] = {
    { "1.5s", 1500000 },
    { "0.1s", 100000 },
    { "0.000001s", 1 },
    { "1.50s", 1500000 },
    { "2.5ms", 2500 },
    { "0.001ms", 1 },
    { "1.25m", 75000000 },
    { "0.5d", G_GINT64_CONSTANT (43200000000) },
    { "1.000000000000000000h", G_GINT64_CONSTANT (3600000000) },
    { "0.3s", 300000 },       /* 0.3 has no exact double: the text is read as digits */
    { "4.35s", 4350000 },
  };

  g_test_summary ("Decimal text is read exactly, without floating point");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = -1;

      g_assert_true (ddb_duration_parse (cases[i].text, &usec, &error));
      g_assert_no_error (error);
      g_assert_cmpint (usec, ==, cases[i].usec);
    }
}

static void
test_invalid (void)
{
  const struct { const char *text; const char *message; } cases[] = {
    { "", "invalid duration '': expected a number and a unit (us, ms, s, m, h, d), such as "
          "250ms or 1.5s" },
    { "1", "invalid duration '1': expected a number and a unit (us, ms, s, m, h, d), such as "
           "250ms or 1.5s" },
    { "s", NULL },
    { "-1s", NULL },
    { "+1s", NULL },
    { " 1s", NULL },
    { "1s ", NULL },
    { "1 s", NULL },
    { "1.s", NULL },
    { ".5s", NULL },
    { "1e3ms", NULL },
    { "1sec", NULL },
    { "1S", NULL },
    { "1w", NULL },
    { "1.5.0s", NULL },
    { "1.5us", "invalid duration '1.5us': not a whole number of microseconds" },
    { "0.0000001s", "invalid duration '0.0000001s': not a whole number of microseconds" },
    { "1.0000000000000000001s", "invalid duration '1.0000000000000000001s': too many decimal "
                                "places" },
    { "9223372036854775808us", "invalid duration '9223372036854775808us': too large" },
    { "106751992d", "invalid duration '106751992d': too large" },
  };

  g_test_summary ("Anything but DIGITS[.DIGITS]UNIT is refused with a clear message");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = 42;

      g_assert_false (ddb_duration_parse (cases[i].text, &usec, &error));
      g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (usec, ==, 42);
    }
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  g_test_summary ("The largest gint64 microseconds parse; one more does not");

  g_assert_true (ddb_duration_parse ("9223372036854775807us", &usec, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usec, ==, G_MAXINT64);

  g_assert_true (ddb_duration_parse ("106751991d", &usec, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usec, ==, G_GINT64_CONSTANT (106751991) * 86400 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/duration/units", test_units);
  g_test_add_func ("/ddb/model/duration/decimals", test_decimals);
  g_test_add_func ("/ddb/model/duration/invalid", test_invalid);
  g_test_add_func ("/ddb/model/duration/limits", test_limits);

  return g_test_run ();
}
