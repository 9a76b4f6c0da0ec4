/* ddb-cli-metrics.h
 *
 * The metrics of `ddbsim-cli exec`: the JSON snapshot its `metrics` directive prints, and
 * the per-second CSV series --metrics-csv writes as the simulated clock closes seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"

G_BEGIN_DECLS

/* Per-minute points a snapshot shows, the open minute included. */
#define DDB_CLI_METRICS_MINUTES 5

char *ddb_cli_metrics_snapshot (DdbEngine  *engine,
                                const char *table_name,
                                GError    **error);

typedef struct _DdbCliMetricsCsv DdbCliMetricsCsv;

DdbCliMetricsCsv *ddb_cli_metrics_csv_open  (DdbEngine         *engine,
                                             const char        *path,
                                             GError           **error);
gboolean          ddb_cli_metrics_csv_check (DdbCliMetricsCsv  *csv,
                                             GError           **error);
gboolean          ddb_cli_metrics_csv_close (DdbCliMetricsCsv  *csv,
                                             GError           **error);

G_END_DECLS
