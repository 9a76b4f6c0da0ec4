/* ddb-cli.h
 *
 * Shared pieces of ddbsim-cli: exit statuses, error reporting, and the report type every
 * subcommand prints either as JSON (the default) or as an aligned text table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses (product.md): 2 for usage errors, 1 for bad input or failures. */
#define DDB_CLI_EXIT_OK      0
#define DDB_CLI_EXIT_FAILURE 1
#define DDB_CLI_EXIT_USAGE   2

typedef enum
{
  DDB_CLI_FORMAT_JSON,
  DDB_CLI_FORMAT_TEXT,
} DdbCliFormat;

int      ddb_cli_usage_error      (const char   *command,
                                   const char   *format,
                                   ...) G_GNUC_PRINTF (2, 3);
int      ddb_cli_input_error      (const char   *command,
                                   const char   *format,
                                   ...) G_GNUC_PRINTF (2, 3);
gboolean ddb_cli_parse_format     (const char   *text,
                                   DdbCliFormat *format);
char    *ddb_cli_read_argument    (const char   *argument,
                                   GError      **error);

/* A report: ordered fields, and optionally one table of rows. */
typedef struct _DdbCliReport DdbCliReport;

typedef enum
{
  DDB_CLI_CELL_TEXT,
  DDB_CLI_CELL_INT,
  DDB_CLI_CELL_DECIMAL,
  DDB_CLI_CELL_MONEY,        /* text: "$" and cents */
  DDB_CLI_CELL_PRICE,        /* text: "$" and every significant decimal */
  DDB_CLI_CELL_BOOL,
} DdbCliCellKind;

DdbCliReport *ddb_cli_report_new          (void);
void          ddb_cli_report_free         (DdbCliReport  *report);
void          ddb_cli_report_add_int      (DdbCliReport  *report,
                                           const char    *key,
                                           gint64         value);
void          ddb_cli_report_add_decimal  (DdbCliReport  *report,
                                           const char    *key,
                                           double         value);
void          ddb_cli_report_add_money    (DdbCliReport  *report,
                                           const char    *key,
                                           double         value);
void          ddb_cli_report_add_bool     (DdbCliReport  *report,
                                           const char    *key,
                                           gboolean       value);
void          ddb_cli_report_add_text     (DdbCliReport  *report,
                                           const char    *key,
                                           const char    *value);
void          ddb_cli_report_begin_table  (DdbCliReport  *report,
                                           const char    *key,
                                           const char   **column_keys,
                                           const char   **column_titles,
                                           const DdbCliCellKind *column_kinds,
                                           guint          n_columns);
void          ddb_cli_report_add_row      (DdbCliReport  *report,
                                           ...);
void          ddb_cli_report_end_table    (DdbCliReport  *report);
void          ddb_cli_report_add_note     (DdbCliReport  *report,
                                           const char    *note);
void          ddb_cli_report_print        (DdbCliReport  *report,
                                           DdbCliFormat   format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbCliReport, ddb_cli_report_free)

/* Subcommands */
int ddb_cli_calc (int    argc,
                  char **argv);
int ddb_cli_bench (int    argc,
                   char **argv);
int ddb_cli_exec (int    argc,
                  char **argv);

G_END_DECLS
