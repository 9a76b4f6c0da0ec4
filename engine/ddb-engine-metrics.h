/* ddb-engine-metrics.h
 *
 * Metrics inside the engine (private): see ddb-engine-metrics.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

void            _ddb_engine_metrics_roll          (DdbEngine               *self,
                                                   DdbTable                *table);
DdbMetricPoint *_ddb_engine_metrics_now           (DdbEngine               *self,
                                                   DdbTable                *table,
                                                   DdbIndex                *index);
void            _ddb_engine_metrics_count_request (DdbEngine               *self,
                                                   DdbTable                *table,
                                                   DdbOperationKind             operation);
void            _ddb_engine_metrics_count_table_once (DdbEngine            *self,
                                                   GPtrArray               *seen,
                                                   DdbTable                *table,
                                                   DdbOperationKind         operation);
void            _ddb_engine_metrics_batch_throttled (DdbEngine             *self,
                                                   DdbTable                *table);
void            _ddb_engine_metrics_consumed      (DdbEngine               *self,
                                                   DdbTable                *table,
                                                   DdbIndex                *index,
                                                   guint                    partition_id,
                                                   const DdbCharge         *charge);
void            _ddb_engine_metrics_throttled     (DdbEngine               *self,
                                                   DdbTable                *table,
                                                   DdbIndex                *index,
                                                   guint                    partition_id,
                                                   const DdbThrottleReason *reason,
                                                   gboolean                 count_request);

G_END_DECLS
