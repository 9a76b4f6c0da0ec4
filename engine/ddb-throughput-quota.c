/* ddb-throughput-quota.c
 *
 * Design notes
 * ------------
 * Decreases (rulebook 5, TV-34): a table, and separately each GSI, may decrease its
 * provisioned throughput 4 times at any time in a UTC day, and once more whenever there
 * was no decrease in the last hour: at most 4 + 23 = 27 a day.  Increases are unlimited.
 *
 * Switches to on-demand (rulebook 4.3, current rule): at most 4 in a rolling 24 hours;
 * back to provisioned at any time.  ddbsim keeps the times of the last 4 switches.
 *
 * The per-table quota (rulebook 6.2): 40,000 read and 40,000 write capacity units for a
 * table, and for each GSI.  Messages marked below are ddbsim's wording where DynamoDB's
 * exact text is not in the rulebook.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-throughput-quota"

#include "config.h"

#include "ddb-engine-error.h"
#include "ddb-throughput-quota.h"

#define USEC_PER_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define USEC_PER_DAY  (24 * USEC_PER_HOUR)

#define FREE_DECREASES_PER_DAY 4

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%a %b %d %H:%M:%S UTC %Y");
}

/* The decreases a tally counts today (a tally of an earlier day counts none). */
static gint
decreases_today (DdbDecreaseTally tally,
                 gint64           now_usec)
{
  return *tally.day == now_usec / USEC_PER_DAY ? *tally.today : 0;
}

gboolean
ddb_quota_check_decrease (DdbDecreaseTally   tally,
                          const char        *resource,
                          gint64             now_usec,
                          GError           **error)
{
  gint today = decreases_today (tally, now_usec);
  g_autofree char *last = NULL;
  g_autofree char *next = NULL;

  if (today < FREE_DECREASES_PER_DAY || now_usec - *tally.last_usec >= USEC_PER_HOUR)
    return TRUE;

  last = format_time (*tally.last_usec);
  next = format_time (*tally.last_usec + USEC_PER_HOUR);
  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
               "Subscriber limit exceeded: Provisioned throughput decreases are limited within "
               "a given UTC day. After the first 4 decreases, each subsequent decrease in the "
               "same UTC day can be performed at most once every 3600 seconds. Number of "
               "decreases today: %d. Last decrease at %s. Next decrease can be made at %s "
               "(%s)", today, last, next, resource);
  return FALSE;
}

void
ddb_quota_count_decrease (DdbDecreaseTally tally,
                          gint64           now_usec)
{
  *tally.today = decreases_today (tally, now_usec) + 1;
  *tally.day = now_usec / USEC_PER_DAY;
  *tally.last_usec = now_usec;
}

gboolean
ddb_quota_check_units (const DdbThroughput *throughput,
                       double               table_quota,
                       GError             **error)
{
  const char *name = NULL;
  gint64 units = 0;

  if ((double)throughput->read_capacity_units > table_quota)
    {
      name = "ReadCapacityUnits";
      units = throughput->read_capacity_units;
    }
  else if ((double)throughput->write_capacity_units > table_quota)
    {
      name = "WriteCapacityUnits";
      units = throughput->write_capacity_units;
    }
  if (name == NULL)
    return TRUE;

  /* Wording: ddbsim's. */
  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
               "Subscriber limit exceeded: The requested %s, %" G_GINT64_FORMAT ", is above "
               "the per table maximum of %.0f", name, units, table_quota);
  return FALSE;
}

gboolean
ddb_quota_check_switch (const gint64  *switches,
                        gint64         now_usec,
                        GError       **error)
{
  guint recent = 0;

  for (guint i = 0; i < DDB_ON_DEMAND_SWITCHES; i++)
    recent += switches[i] != 0 && now_usec - switches[i] < USEC_PER_DAY;
  if (recent < DDB_ON_DEMAND_SWITCHES)
    return TRUE;

  /* Wording: ddbsim's. */
  g_set_error (error, DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_LIMIT_EXCEEDED,
               "Subscriber limit exceeded: A table can switch to on-demand (PAY_PER_REQUEST) "
               "billing at most %d times in 24 hours", DDB_ON_DEMAND_SWITCHES);
  return FALSE;
}

/* Records a switch to on-demand, forgetting the oldest of the last four. */
void
ddb_quota_count_switch (gint64 *switches,
                        gint64  now_usec)
{
  guint oldest = 0;

  for (guint i = 1; i < DDB_ON_DEMAND_SWITCHES; i++)
    if (switches[i] < switches[oldest])
      oldest = i;
  switches[oldest] = now_usec;
}
