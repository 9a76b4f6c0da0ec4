/* ddb-table-spec.h
 *
 * Table definitions and descriptions: what CreateTable and UpdateTable ask for
 * (DdbTableSpec, DdbTableUpdate) and what DescribeTable reports (DdbTableInfo), plus the
 * partition and split information the UI and the reports draw from (DdbPartitionInfo,
 * DdbSplitEvent).
 *
 * Specs are plain structs owned by the caller; infos are snapshots owned by the caller and
 * released with their _free() function.  Nothing here refers back into the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ddb-types.h"
#include "ddb-value.h"

G_BEGIN_DECLS

/* The default partition size limit; a table may scale it down for demonstrations. */
#define DDB_TABLE_DEFAULT_PARTITION_BYTES (G_GUINT64_CONSTANT (10) << 30)

typedef struct
{
  char    *name;
  DdbKind  kind;                    /* S, N or B */
} DdbAttributeDefinition;

typedef struct
{
  char *partition_key;              /* KeyType HASH */
  char *sort_key;                   /* KeyType RANGE; NULL when there is none */
} DdbKeySchema;

typedef enum
{
  DDB_PROJECTION_ALL,
  DDB_PROJECTION_KEYS_ONLY,
  DDB_PROJECTION_INCLUDE,
} DdbProjectionType;

/* Provisioned throughput, or on-demand maximums (-1 when unlimited). */
typedef struct
{
  gint64 read_capacity_units;       /* provisioned; 0 when on-demand */
  gint64 write_capacity_units;
  gint64 max_read_request_units;    /* on-demand: OnDemandThroughput; -1 unlimited */
  gint64 max_write_request_units;
} DdbThroughput;

typedef struct
{
  char             *name;
  gboolean          global;         /* GSI, else LSI */
  DdbKeySchema      key;
  DdbProjectionType projection;
  GStrv             non_key_attributes;   /* INCLUDE only; NULL otherwise */
  DdbThroughput     throughput;     /* GSI only */
  gint64            warm_read_units;      /* GSI only: WarmThroughput asked for; 0: none */
  gint64            warm_write_units;
} DdbIndexSpec;

/* What CreateTable asks for. */
typedef struct
{
  char          *table_name;
  GArray        *attribute_definitions;   /* of DdbAttributeDefinition */
  DdbKeySchema   key;
  DdbBillingMode billing_mode;
  DdbThroughput  throughput;
  DdbTableClass  table_class;
  GPtrArray     *indexes;                 /* of DdbIndexSpec*; may be NULL */
  guint64        partition_max_bytes;     /* ddbsim extension; 0: the default 10 GB */
  gint64         warm_read_units;         /* WarmThroughput asked for (pre-warming); 0: none */
  gint64         warm_write_units;
} DdbTableSpec;

DdbTableSpec *ddb_table_spec_new                (const char         *table_name);
void          ddb_table_spec_free               (DdbTableSpec       *spec);
void          ddb_table_spec_add_attribute      (DdbTableSpec       *spec,
                                                 const char         *name,
                                                 DdbKind             kind);
DdbIndexSpec *ddb_table_spec_add_index          (DdbTableSpec       *spec,
                                                 const char         *name,
                                                 gboolean            global);
DdbIndexSpec *ddb_table_spec_add_index_copy     (DdbTableSpec       *spec,
                                                 const DdbIndexSpec *index);
DdbKind       ddb_table_spec_lookup_kind        (const DdbTableSpec *spec,
                                                 const char         *attribute);
DdbTableSpec *ddb_table_spec_copy               (const DdbTableSpec *spec);
void          ddb_index_spec_free               (DdbIndexSpec       *index);

/* One of UpdateTable's GlobalSecondaryIndexUpdates. */
typedef enum
{
  DDB_INDEX_UPDATE_CREATE,
  DDB_INDEX_UPDATE_UPDATE,
  DDB_INDEX_UPDATE_DELETE,
} DdbIndexUpdateKind;

typedef struct
{
  DdbIndexUpdateKind  kind;
  const DdbIndexSpec *create;       /* Create: the new GSI (global must be TRUE), with its
                                       WarmThroughput if any */
  const char         *index_name;   /* Update and Delete */
  DdbThroughput       throughput;   /* Update: ProvisionedThroughput or OnDemandThroughput */
  gboolean            keep_throughput;      /* Update: TRUE when it carries neither (only
                                               WarmThroughput); throughput is then ignored */
  gboolean            set_warm_throughput;  /* Update: WarmThroughput, raise what it serves */
  gint64              warm_read_units;
  gint64              warm_write_units;
} DdbIndexUpdate;

/* What UpdateTable asks for; members left at their "unchanged" value are not changed. */
typedef struct
{
  const char    *table_name;
  gboolean       set_billing_mode;
  DdbBillingMode billing_mode;
  gboolean       set_throughput;
  DdbThroughput  throughput;
  gboolean       set_table_class;
  DdbTableClass  table_class;
  gboolean       set_warm_throughput;     /* WarmThroughput: raise what it serves at once */
  gint64         warm_read_units;
  gint64         warm_write_units;
  const DdbAttributeDefinition *attribute_definitions;   /* for new index keys */
  guint          n_attribute_definitions;
  const DdbIndexUpdate *index_updates;                   /* GlobalSecondaryIndexUpdates */
  guint          n_index_updates;
} DdbTableUpdate;

typedef enum
{
  DDB_TABLE_STATUS_CREATING,
  DDB_TABLE_STATUS_ACTIVE,
  DDB_TABLE_STATUS_UPDATING,
  DDB_TABLE_STATUS_DELETING,
} DdbTableStatus;

const char *ddb_table_status_to_string (DdbTableStatus status);

typedef enum
{
  DDB_TTL_DISABLED,
  DDB_TTL_ENABLING,
  DDB_TTL_ENABLED,
  DDB_TTL_DISABLING,
} DdbTtlStatus;

const char *ddb_ttl_status_to_string (DdbTtlStatus status);

typedef enum
{
  DDB_INDEX_STATUS_CREATING,        /* a GSI being added and backfilled */
  DDB_INDEX_STATUS_UPDATING,
  DDB_INDEX_STATUS_DELETING,
  DDB_INDEX_STATUS_ACTIVE,
} DdbIndexStatus;

const char *ddb_index_status_to_string (DdbIndexStatus status);

/* A snapshot of a secondary index for DescribeTable and the UI. */
typedef struct
{
  char          *name;
  gboolean       global;
  DdbIndexStatus status;
  gboolean       backfilling;
  char          *arn;
  gint64         item_count;              /* as DescribeTable reports it */
  gint64         size_bytes;
  gint64         live_item_count;
  gint64         live_size_bytes;
  guint          partition_count;         /* GSI: its own; LSI: the table's */
  gint64         last_increase_usec;
  gint64         last_decrease_usec;
  gint           decreases_today;
  gint64         backfilled_items;        /* CREATING GSI: base items visited so far */
  double         warm_read_units;         /* GSI: WarmThroughput (on-demand: its instant
                                             ceiling; provisioned: what it was pre-warmed
                                             for, 0 when never); 0 for an LSI */
  double         warm_write_units;
} DdbIndexInfo;

/* A snapshot of a table for DescribeTable, the UI and reports. */
typedef struct
{
  DdbTableSpec  *spec;
  DdbTableStatus status;
  char          *arn;
  char          *table_id;                /* TableId, a UUID fixed at creation */
  gint64         creation_usec;           /* simulated clock */
  gint64         item_count;              /* as DescribeTable reports it (refreshed periodically) */
  gint64         size_bytes;
  gint64         live_item_count;         /* exact, now */
  gint64         live_size_bytes;
  gint64         stats_refreshed_usec;
  gint64         last_increase_usec;      /* 0 when never */
  gint64         last_decrease_usec;
  gint           decreases_today;
  gint64         billing_mode_changed_usec;
  guint          partition_count;
  guint64        partition_max_bytes;
  char          *ttl_attribute;           /* NULL when TTL was never enabled */
  DdbTtlStatus   ttl_status;
  gint64         ttl_deleted_items;       /* items Time to Live deleted, ever */
  double         warm_read_units;         /* on-demand: WarmThroughput, what it serves at
                                             once (its instant ceiling); provisioned: what
                                             it was pre-warmed for, 0 when never */
  double         warm_write_units;
  GArray        *indexes;                 /* of DdbIndexInfo, in the spec's order */
} DdbTableInfo;

void ddb_table_info_free (DdbTableInfo *info);

typedef enum
{
  DDB_SPLIT_FOR_SIZE,               /* a partition passed the size limit */
  DDB_SPLIT_FOR_THROUGHPUT,         /* provisioned throughput raised past what partitions hold */
  DDB_SPLIT_FOR_HEAT,               /* sustained traffic near the partition limits */
} DdbSplitReason;

const char *ddb_split_reason_to_string (DdbSplitReason reason);

typedef struct
{
  guint   id;
  guint   parent_id;                /* 0 for an initial partition */
  guint64 hash_low;                 /* inclusive range of the 64-bit hash prefix */
  guint64 hash_high;
  gboolean sort_low;                /* holds the items of its first hash only from a sort
                                       key on (a split for heat cut that partition key) */
  gboolean sort_high;               /* holds those of its last hash only below a sort key */
  gint64  item_count;
  gint64  size_bytes;
  gint64  created_usec;
  double  read_capacity_share;      /* provisioned RCU divided evenly; 0 on-demand */
  double  write_capacity_share;
} DdbPartitionInfo;

typedef struct
{
  gint64         time_usec;
  DdbSplitReason reason;
  guint          parent_id;
  guint          child_ids[2];
  guint64        boundary;          /* first hash of the second child */
  gboolean       by_sort_key;       /* the boundary is inside partition key `boundary`: the
                                       second child starts at one of its sort keys */
} DdbSplitEvent;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbTableSpec, ddb_table_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbTableInfo, ddb_table_info_free)

G_END_DECLS
