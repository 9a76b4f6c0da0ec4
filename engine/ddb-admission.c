/* ddb-admission.c
 *
 * Design notes
 * ------------
 * DynamoDB enforces capacity per second (rulebook 3.4), so admission counts the units
 * each partition served in the current simulated second (DdbPartitionLoad) and the
 * units its table or GSI served (DdbOwnerLoad).  A request is a list of charges, one
 * per partition it touches (the item's table partition, each GSI partition whose entry
 * it writes); the request is admitted only if every charge fits, and then all of them
 * are recorded, so a throttled request consumes nothing.
 *
 * One charge fits when, for each direction with units:
 *
 *   1. the partition stays within its hard limit, 3,000 RCU and 1,000 WCU as a linear
 *      combination (rulebook 3.1, TV-30), whatever the mode, burst or adaptive capacity;
 *   2. provisioned mode: the units fit the partition's even share of the provisioned
 *      throughput, or, with adaptive capacity (rulebook 3.5), the unused capacity of
 *      the whole table in this second, or else the partition's burst bank pays for the
 *      rest (rulebook 3.4: up to 300 seconds of unused share, TV-31);
 *   3. on-demand mode: the table (or GSI) stays within its instant ceiling, 2x the
 *      previous peak reached at least 30 minutes ago and never below a new table's
 *      12,000 RRU / 4,000 WRU (as a linear combination), within its
 *      OnDemandThroughput maximums, and within the per-table quota (rulebook 4.2).
 *
 * Which limit a throttle reports (ThrottlingReasons, rulebook 6.1): the partition's hard
 * limit, or a partition short of capacity while its table has headroom, is a key-range
 * limit; a table without headroom is the provisioned limit; on-demand maximums and the
 * quota have their own.  An on-demand table above its instant ceiling is reported as a
 * key-range limit: its partitions have not split for the new traffic yet (AWS's own
 * explanation of the 2x rule).
 *
 * Banks grow lazily: a partition rolls forward to the current second when a request
 * touches it, adding the unused share of the second it last served and the full share
 * of every idle second since, up to burst_seconds of share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-admission"

#include "config.h"

#include <string.h>

#include "ddb-admission.h"

#define USEC_PER_MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

/* Sums of half units are exact in binary floating point; the margin only absorbs the
 * shares of odd capacities divided among partitions (100 / 3). */
#define EPSILON 1e-9

void
ddb_admission_config_init_defaults (DdbAdmissionConfig *config)
{
  g_return_if_fail (config != NULL);

  config->enabled = TRUE;
  config->burst_seconds = 300;
  config->adaptive = DDB_ADAPTIVE_INSTANT;
  config->adaptive_delay_usec = 15 * USEC_PER_MINUTE;
  config->on_demand_initial_rru = 12000;
  config->on_demand_initial_wru = 4000;
  config->on_demand_ramp_usec = 30 * USEC_PER_MINUTE;
  config->table_quota_units = 40000;
  config->heat_splits = TRUE;
  config->heat_threshold = 0.8;
  config->heat_window_usec = 5 * USEC_PER_MINUTE;
  config->heat_monotonic_fraction = 0.9;
}

void
ddb_owner_load_clear (DdbOwnerLoad *load)
{
  g_return_if_fail (load != NULL);

  g_clear_pointer (&load->read_peaks, g_array_unref);
  g_clear_pointer (&load->write_peaks, g_array_unref);
}

char *
ddb_throttle_reason_to_string (const DdbThrottleReason *reason)
{
  static const char * const limits[] = {
    [DDB_LIMIT_PROVISIONED] = "ProvisionedThroughputExceeded",
    [DDB_LIMIT_KEY_RANGE] = "KeyRangeThroughputExceeded",
    [DDB_LIMIT_MAX_ON_DEMAND] = "MaxOnDemandThroughputExceeded",
    [DDB_LIMIT_ACCOUNT] = "AccountLimitExceeded",
  };

  g_return_val_if_fail (reason != NULL, NULL);

  return g_strconcat (reason->index ? "Index" : "Table", reason->write ? "Write" : "Read",
                      limits[reason->limit], NULL);
}

/* ---------------------------------------------------------------------------------------
 * Rolling the per-second counters forward
 * ------------------------------------------------------------------------------------- */

static void
bank_unused (DdbFlow *flow,
             double   share,
             gint64   idle_seconds,
             double   burst_seconds)
{
  double unused = MAX (share - flow->used, 0) + share * (double)idle_seconds;

  flow->bank = MIN (flow->bank + unused, share * burst_seconds);
}

static void
roll_partition (const DdbAdmissionConfig *config,
                DdbCharge                *charge,
                gint64                    second)
{
  DdbPartitionLoad *load = charge->partition;

  if (load->second == second)
    return;

  if (charge->mode == DDB_BILLING_PROVISIONED && load->second == 0)
    {
      /* First request: every second since the partition was created was idle. */
      gint64 since = load->idle_since_usec != 0 ? load->idle_since_usec : charge->created_usec;
      gint64 idle = MAX (second - since / G_USEC_PER_SEC, 0);

      load->read.bank = MIN (charge->read_share * (double)idle,
                             charge->read_share * config->burst_seconds);
      load->write.bank = MIN (charge->write_share * (double)idle,
                              charge->write_share * config->burst_seconds);
    }
  else if (charge->mode == DDB_BILLING_PROVISIONED && load->second < second)
    {
      gint64 idle = second - load->second - 1;

      bank_unused (&load->read, charge->read_share, idle, config->burst_seconds);
      bank_unused (&load->write, charge->write_share, idle, config->burst_seconds);
    }

  /* Heat: consecutive seconds near the hard limit (a gap breaks the run). */
  if (load->second != 0 &&
      load->read.used / DDB_PARTITION_MAX_RCU + load->write.used / DDB_PARTITION_MAX_WCU >=
      config->heat_threshold && second == load->second + 1)
    load->hot_seconds++;
  else
    {
      load->hot_seconds = 0;
      ddb_partition_heat_cool (charge->heat);
    }

  /* Delayed adaptive capacity forgets a partition that cooled down for a whole second
   * (demand, admitted or not, within its share). */
  if (!load->over_share)
    load->hot_since_usec = 0;
  load->over_share = FALSE;

  load->second = second;
  load->read.used = 0;
  load->write.used = 0;
}

/**
 * ddb_partition_load_peek_bank:
 * @write: the write bank, else the read one
 *
 * Returns: the burst capacity a provisioned partition would have banked at the start of
 *   @second, without rolling it (for gauges).
 */
double
ddb_partition_load_peek_bank (const DdbAdmissionConfig *config,
                              const DdbPartitionLoad   *load,
                              double                    share,
                              gint64                    created_usec,
                              gint64                    second,
                              gboolean                  write)
{
  const DdbFlow *flow = write ? &load->write : &load->read;
  gint64 since;

  if (load->second == 0)
    {
      since = load->idle_since_usec != 0 ? load->idle_since_usec : created_usec;
      return MIN (share * (double)MAX (second - since / G_USEC_PER_SEC, 0),
                  share * config->burst_seconds);
    }
  if (load->second >= second)
    return flow->bank;

  return MIN (flow->bank + MAX (share - flow->used, 0) +
              share * (double)(second - load->second - 1),
              share * config->burst_seconds);
}

/* Records a new peak (per-second consumption above every earlier one). */
static void
note_peak (GArray **peaks,
           gint64   second,
           double   units)
{
  DdbPeak peak = { second, units };

  if (units <= 0)
    return;
  if (*peaks == NULL)
    *peaks = g_array_new (FALSE, FALSE, sizeof (DdbPeak));
  if ((*peaks)->len > 0 && g_array_index (*peaks, DdbPeak, (*peaks)->len - 1).units >= units)
    return;
  g_array_append_val (*peaks, peak);
}

static void
roll_owner (DdbOwnerLoad *owner,
            gint64        second)
{
  if (owner->second == second)
    return;

  note_peak (&owner->read_peaks, owner->second, owner->read_used);
  note_peak (&owner->write_peaks, owner->second, owner->write_used);
  owner->second = second;
  owner->read_used = 0;
  owner->write_used = 0;
}

/* The highest peak reached at or before @second. */
static double
peak_before (const GArray *peaks,
             gint64        second)
{
  double best = 0;

  for (guint i = 0; peaks != NULL && i < peaks->len; i++)
    {
      const DdbPeak *peak = &g_array_index (peaks, DdbPeak, i);

      if (peak->second > second)
        break;
      best = peak->units;
    }

  return best;
}

/**
 * ddb_owner_load_ceiling:
 * @write: the write ceiling, else the read one
 *
 * Returns: the units per second an on-demand table (or GSI) serves at once now: twice the
 *   peak it reached at least the ramp time ago, and at least its starting level.
 */
double
ddb_owner_load_ceiling (const DdbAdmissionConfig *config,
                        DdbOwnerLoad             *owner,
                        gboolean                  write,
                        gint64                    now_usec)
{
  gint64 settled = (now_usec - config->on_demand_ramp_usec) / G_USEC_PER_SEC;
  double floor_units = write ? MAX (owner->write_floor, config->on_demand_initial_wru)
                             : MAX (owner->read_floor, config->on_demand_initial_rru);
  double peak = peak_before (write ? owner->write_peaks : owner->read_peaks, settled);

  /* The second still being counted becomes a peak once the next request rolls it: until
   * then it counts from here. */
  if (owner->second <= settled)
    peak = MAX (peak, write ? owner->write_used : owner->read_used);

  return MAX (floor_units, 2 * peak);
}

/* ---------------------------------------------------------------------------------------
 * One charge
 * ------------------------------------------------------------------------------------- */

static gboolean
adaptive_available (const DdbAdmissionConfig *config,
                    DdbPartitionLoad         *load,
                    gint64                    now_usec)
{
  switch (config->adaptive)
    {
    case DDB_ADAPTIVE_INSTANT:
      return TRUE;
    case DDB_ADAPTIVE_DELAYED:
      if (load->hot_since_usec == 0)
        load->hot_since_usec = now_usec;
      return now_usec - load->hot_since_usec >= config->adaptive_delay_usec;
    case DDB_ADAPTIVE_OFF:
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/* Provisioned mode, one direction: share, then adaptive capacity, then the bank. */
static gboolean
fits_provisioned (const DdbAdmissionConfig *config,
                  gint64                    now_usec,
                  DdbPartitionLoad         *load,
                  DdbFlow                  *flow,
                  double                    share,
                  double                    owner_used,
                  double                    owner_rate,
                  double                    units,
                  double                   *adaptive,
                  DdbThrottleLimit         *limit)
{
  double available = MAX (share - flow->used, 0);
  double table_headroom = MAX (owner_rate - owner_used, 0);

  if (units <= available + EPSILON)
    return TRUE;
  load->over_share = TRUE;

  if (units <= table_headroom + EPSILON && adaptive_available (config, load, now_usec))
    {
      *adaptive += units - available;
      return TRUE;
    }

  if (flow->bank + available + EPSILON >= units)
    {
      flow->bank = MAX (flow->bank - (units - available), 0);
      return TRUE;
    }

  *limit = units <= table_headroom + EPSILON ? DDB_LIMIT_KEY_RANGE : DDB_LIMIT_PROVISIONED;
  return FALSE;
}

/* On-demand mode: the owner-level limits. */
static gboolean
fits_on_demand (const DdbAdmissionConfig *config,
                gint64                    now_usec,
                DdbCharge                *charge,
                DdbThrottleLimit         *limit,
                gboolean                 *write)
{
  DdbOwnerLoad *owner = charge->owner;
  double reads = owner->read_used + charge->read_units;
  double writes = owner->write_used + charge->write_units;

  *write = charge->write_units > 0;
  if ((charge->max_read > 0 && charge->read_units > 0 && reads > charge->max_read + EPSILON) ||
      (charge->max_write > 0 && charge->write_units > 0 &&
       writes > charge->max_write + EPSILON))
    {
      *write = charge->max_write > 0 && writes > charge->max_write + EPSILON;
      *limit = DDB_LIMIT_MAX_ON_DEMAND;
      return FALSE;
    }
  if (reads > config->table_quota_units + EPSILON || writes > config->table_quota_units + EPSILON)
    {
      *write = writes > config->table_quota_units + EPSILON;
      *limit = DDB_LIMIT_ACCOUNT;
      return FALSE;
    }
  if (reads / ddb_owner_load_ceiling (config, owner, FALSE, now_usec) +
      writes / ddb_owner_load_ceiling (config, owner, TRUE, now_usec) > 1 + EPSILON)
    {
      *limit = DDB_LIMIT_KEY_RANGE;
      return FALSE;
    }

  return TRUE;
}

static gboolean
admit_one (const DdbAdmissionConfig *config,
           gint64                    now_usec,
           DdbCharge                *charge,
           DdbThrottleReason        *reason)
{
  gint64 second = now_usec / G_USEC_PER_SEC;
  DdbPartitionLoad *load = charge->partition;
  DdbOwnerLoad *owner = charge->owner;
  DdbThrottleLimit limit = DDB_LIMIT_PROVISIONED;
  gboolean write = charge->write_units > 0;

  roll_partition (config, charge, second);
  roll_owner (owner, second);

  if ((load->read.used + charge->read_units) / (double)DDB_PARTITION_MAX_RCU +
      (load->write.used + charge->write_units) / (double)DDB_PARTITION_MAX_WCU > 1 + EPSILON)
    {
      limit = DDB_LIMIT_KEY_RANGE;
      goto throttled;
    }

  if (charge->mode == DDB_BILLING_PROVISIONED)
    {
      if (charge->read_units > 0 &&
          !fits_provisioned (config, now_usec, load, &load->read, charge->read_share,
                             owner->read_used, charge->read_rate, charge->read_units,
                             &charge->adaptive_read, &limit))
        {
          write = FALSE;
          goto throttled;
        }
      if (charge->write_units > 0 &&
          !fits_provisioned (config, now_usec, load, &load->write, charge->write_share,
                             owner->write_used, charge->write_rate, charge->write_units,
                             &charge->adaptive_write, &limit))
        {
          write = TRUE;
          goto throttled;
        }
    }
  else if (!fits_on_demand (config, now_usec, charge, &limit, &write))
    goto throttled;

  load->read.used += charge->read_units;
  load->write.used += charge->write_units;
  owner->read_used += charge->read_units;
  owner->write_used += charge->write_units;
  return TRUE;

throttled:
  *reason = (DdbThrottleReason) { charge->index, write, limit, 0 };
  return FALSE;
}

/**
 * ddb_admission_consume:
 *
 * Records what background work (a GSI backfill) consumed in the current second, without
 * asking: requests in the same second find that much less capacity.
 */
void
ddb_admission_consume (const DdbAdmissionConfig *config,
                       gint64                    now_usec,
                       DdbCharge                *charge)
{
  gint64 second = now_usec / G_USEC_PER_SEC;

  g_return_if_fail (config != NULL && charge != NULL);

  roll_partition (config, charge, second);
  roll_owner (charge->owner, second);
  charge->partition->read.used += charge->read_units;
  charge->partition->write.used += charge->write_units;
  charge->owner->read_used += charge->read_units;
  charge->owner->write_used += charge->write_units;
}

/* ---------------------------------------------------------------------------------------
 * All the charges of a request
 * ------------------------------------------------------------------------------------- */

typedef struct
{
  DdbPartitionLoad *partition;
  DdbPartitionLoad  partition_before;
  DdbOwnerLoad     *owner;
  gint64            owner_second;
  double            owner_read_used;
  double            owner_write_used;
} Undo;

/**
 * ddb_admission_admit:
 * @charges: (array length=n_charges): what the request would consume, partition by
 *   partition
 * @reason: (out caller-allocates): why it is throttled, when it is: the first charge that
 *   did not fit
 * @failures: (nullable) (element-type DdbThrottleReason): receives every charge that did
 *   not fit
 *
 * Admits a request: records every charge if all of them fit, none otherwise.  Charges on
 * the same partition add up, as they are checked one after the other.
 *
 * Returns: TRUE if the request is admitted.
 */
gboolean
ddb_admission_admit (const DdbAdmissionConfig *config,
                     gint64                    now_usec,
                     DdbCharge                *charges,
                     guint                     n_charges,
                     DdbThrottleReason        *reason,
                     GArray                   *failures)
{
  g_autofree Undo *undo = NULL;
  gboolean admitted = TRUE;

  g_return_val_if_fail (config != NULL && reason != NULL, FALSE);
  g_return_val_if_fail (charges != NULL || n_charges == 0, FALSE);

  if (!config->enabled)
    return TRUE;

  /* Every charge is tried, even after one failed, so that each resource short of
   * capacity counts its throttle event (rulebook 6.1); the first failure is the reason. */
  undo = g_new (Undo, n_charges);
  for (guint i = 0; i < n_charges; i++)
    {
      DdbCharge *charge = &charges[i];
      DdbThrottleReason failure;

      /* The peaks only ever grow, and rolling forward is idempotent (so is the cooling of
       * heat it may do): only the counters need restoring. */
      undo[i] = (Undo) { charge->partition, *charge->partition, charge->owner,
                         charge->owner->second, charge->owner->read_used,
                         charge->owner->write_used };

      if (admit_one (config, now_usec, charge, &failure))
        continue;

      failure.charge = i;
      if (admitted)
        *reason = failure;
      if (failures != NULL)
        g_array_append_val (failures, failure);
      admitted = FALSE;
    }

  if (admitted)
    {
      /* Only what was served counts toward where a hot partition splits. */
      for (guint i = 0; i < n_charges; i++)
        ddb_partition_heat_note (charges[i].heat, &charges[i].key,
                                 charges[i].read_units + charges[i].write_units);
      return TRUE;
    }

  for (guint j = n_charges; j-- > 0;)
    {
      /* Heat is what the partition saw, admitted or not: keep it. */
      gint64 hot_since = undo[j].partition->hot_since_usec;
      gboolean over_share = undo[j].partition->over_share;

      *undo[j].partition = undo[j].partition_before;
      undo[j].partition->hot_since_usec = hot_since;
      undo[j].partition->over_share = over_share;
      /* An owner this request rolled into a new second had served nothing in it. */
      undo[j].owner->read_used = undo[j].owner->second == undo[j].owner_second
                                 ? undo[j].owner_read_used : 0;
      undo[j].owner->write_used = undo[j].owner->second == undo[j].owner_second
                                  ? undo[j].owner_write_used : 0;
    }

  return FALSE;
}
