/* ddb-engine-private.h
 *
 * The engine's instance struct and the functions its files share (ddb-engine.c: the
 * object, the clock and the table registry; ddb-engine-tables.c: the control plane;
 * ddb-engine-items.c: item writes and GetItem; ddb-engine-read.c: Query and Scan).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"
#include "ddb-expression.h"
#include "ddb-store.h"
#include "ddb-table.h"
#include "ddb-transaction-tokens.h"

G_BEGIN_DECLS

/* The engine's files say `return invalid (error, "...")` for a ValidationException. */
#define invalid ddb_engine_invalid

struct _DdbEngine
{
  GObject          parent_instance;

  char            *path;            /* NULL for an in-memory database */
  DdbStore        *store;
  gint64           now_usec;        /* the simulated clock; only advance() moves it */
  DdbEngineConfig  config;
  GHashTable      *tables;          /* name -> DdbTable*, owned */
  GByteArray      *scratch;         /* reused serialisation buffer */
  DdbTransactionTokens *transaction_tokens; /* ClientRequestToken register */
  DdbMetricsFunc   metrics_func;    /* receives closed seconds; nullable */
  GArray          *scaling_activities; /* of DdbScalingActivity, oldest first */
  gboolean         in_batch;        /* a batch counts ThrottledRequests itself */
  gpointer         metrics_data;
  gint64           opened_usec;     /* the clock when the engine opened: metrics start
                                       here at the earliest */
  DdbBillingMeter *meter;           /* created on first use */
  gboolean         opened;          /* ddb_engine_new() succeeded: state is saved on close */
};

DdbTable *_ddb_engine_lookup_table     (DdbEngine   *self,
                                        const char  *name,
                                        gboolean     for_describe,
                                        GError     **error);
gboolean  _ddb_engine_save_table       (DdbEngine   *self,
                                        DdbTable    *table,
                                        GError     **error);
gboolean  _ddb_engine_begin            (DdbEngine   *self,
                                        GError     **error);
gboolean  _ddb_engine_commit           (DdbEngine   *self,
                                        GError     **error);
void      _ddb_engine_rollback         (DdbEngine   *self);

GArray              *_ddb_consumed_capacity_array_new    (void);
DdbConsumedCapacity *_ddb_consumed_capacity_array_lookup (GArray     *array,
                                                          const char *table_name);
GArray              *_ddb_cancellation_reasons_new       (void);

gboolean  _ddb_engine_parse_projection (const DdbExpressionAttributes  *attributes,
                                        const char                     *text,
                                        DdbProjection                 **projection,
                                        GError                        **error);
gboolean  _ddb_engine_read_item        (DdbEngine                      *self,
                                        DdbTable                       *table,
                                        const DdbValue                 *key_param,
                                        DdbReadConsistency              consistency,
                                        const DdbProjection            *projection,
                                        DdbValue                      **item,
                                        double                         *units,
                                        DdbItemKey                     *key,
                                        GError                        **error);

G_END_DECLS
