/* ddb-admission.h
 *
 * Admission control: whether DynamoDB would serve a request now or throttle it, from the
 * capacity rules of rulebook sections 3, 4 and 9, on the simulated clock.  Pure logic
 * over plain structs (no SQLite, no tables): the engine describes what a request would
 * consume as charges on partitions, and this module admits all of them or none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-partition-heat.h"
#include "ddb-partition-plan.h"
#include "ddb-types.h"

G_BEGIN_DECLS


typedef enum
{
  DDB_ADAPTIVE_INSTANT,             /* since May 2019: a hot partition borrows at once */
  DDB_ADAPTIVE_DELAYED,             /* before: after a 5-30 minute delay */
  DDB_ADAPTIVE_OFF,                 /* for teaching: partitions keep their even share */
} DdbAdaptiveMode;

/* Model parameters of admission control; see docs/capacity.md for their sources. */
typedef struct
{
  gboolean        enabled;                  /* FALSE: every request is admitted */
  double          burst_seconds;            /* unused capacity banked: 300 s */
  DdbAdaptiveMode adaptive;
  gint64          adaptive_delay_usec;      /* DDB_ADAPTIVE_DELAYED: 5-30 min */
  double          on_demand_initial_rru;    /* a new on-demand table: 12,000 RRU ... */
  double          on_demand_initial_wru;    /* ... or 4,000 WRU, or a linear combination */
  gint64          on_demand_ramp_usec;      /* 2x the previous peak of 30 min ago */
  double          table_quota_units;        /* 40,000 RCU/WCU per table (and per GSI) */
  gboolean        heat_splits;              /* split partitions kept near their limits */
  double          heat_threshold;           /* "near": this fraction of the hard limit */
  gint64          heat_window_usec;         /* "sustained": for this long */
  double          heat_monotonic_fraction;  /* a hot partition key whose sort keys rise (or
                                               fall) this often is not split by sort key */
} DdbAdmissionConfig;

void ddb_admission_config_init_defaults (DdbAdmissionConfig *config);

/* One direction (reads or writes) of a partition, within one simulated second. */
typedef struct
{
  double used;                      /* units admitted in the current second */
  double bank;                      /* burst capacity saved from earlier seconds */
} DdbFlow;

/* The admission state of a partition. */
typedef struct
{
  gint64  second;                   /* the simulated second the flows count */
  DdbFlow read;
  DdbFlow write;
  gint64  hot_since_usec;           /* delayed adaptive: when it first needed more; 0 */
  gboolean over_share;              /* asked for more than its share this second */
  gint64  idle_since_usec;          /* before the first request: idle since (0: since the
                                       partition was created) */
  gint64  hot_seconds;              /* consecutive seconds near the hard limit */
} DdbPartitionLoad;

/* The highest per-second consumption of an on-demand table or GSI, over time. */
typedef struct
{
  gint64 second;
  double units;
} DdbPeak;

/* The admission state of a table or of a GSI, across its partitions. */
typedef struct
{
  gint64  second;
  double  read_used;
  double  write_used;
  double  read_floor;               /* on-demand: the starting previous peak */
  double  write_floor;
  GArray *read_peaks;               /* of DdbPeak, increasing; NULL until one */
  GArray *write_peaks;
} DdbOwnerLoad;

void ddb_owner_load_clear (DdbOwnerLoad *load);

/* ThrottlingReasons (rulebook 6.1): <Table|Index><Read|Write><Limit>. */
typedef enum
{
  DDB_LIMIT_PROVISIONED,            /* ProvisionedThroughputExceeded */
  DDB_LIMIT_KEY_RANGE,              /* KeyRangeThroughputExceeded: a hot partition */
  DDB_LIMIT_MAX_ON_DEMAND,          /* MaxOnDemandThroughputExceeded */
  DDB_LIMIT_ACCOUNT,                /* AccountLimitExceeded: the per-table quota */
} DdbThrottleLimit;

typedef struct
{
  gboolean         index;           /* the limit of a GSI, else of the table */
  gboolean         write;
  DdbThrottleLimit limit;
  guint            charge;          /* the position of the charge that did not fit */
} DdbThrottleReason;

char *ddb_throttle_reason_to_string (const DdbThrottleReason *reason);

/* What a request would consume on one partition of a table or GSI. */
typedef struct
{
  DdbPartitionLoad    *partition;
  DdbPartitionHeat    *heat;          /* the traffic of the partition's hot run */
  DdbRouteKey          key;           /* the request's key (its sort key bytes are only
                                         read during ddb_admission_admit()) */
  gint64               created_usec;  /* the partition's creation: its burst bank fills
                                         from then */
  double               read_share;  /* the partition's provisioned share (0 on-demand) */
  double               write_share;
  DdbOwnerLoad        *owner;
  DdbBillingMode       mode;
  double               read_rate;   /* the owner's provisioned RCU/WCU ... */
  double               write_rate;
  double               max_read;    /* ... or its on-demand maximums (<= 0: none) */
  double               max_write;
  gboolean             index;
  double               read_units;
  double               write_units;
  double               adaptive_read;  /* out: units admitted thanks to adaptive capacity */
  double               adaptive_write;
} DdbCharge;

gboolean ddb_admission_admit  (const DdbAdmissionConfig *config,
                               gint64                    now_usec,
                               DdbCharge                *charges,
                               guint                     n_charges,
                               DdbThrottleReason        *reason,
                               GArray                   *failures);

void     ddb_admission_consume (const DdbAdmissionConfig *config,
                                gint64                    now_usec,
                                DdbCharge                *charge);
double   ddb_partition_load_peek_bank (const DdbAdmissionConfig *config,
                                       const DdbPartitionLoad   *load,
                                       double                    share,
                                       gint64                    created_usec,
                                       gint64                    second,
                                       gboolean                  write);
double   ddb_owner_load_ceiling (const DdbAdmissionConfig *config,
                                 DdbOwnerLoad             *owner,
                                 gboolean                  write,
                                 gint64                    now_usec);

G_END_DECLS
