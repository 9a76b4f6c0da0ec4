/* cli-fixture.h
 *
 * Helpers shared by the ddbsim-cli test suites: running the binary named by $DDBSIM_CLI
 * with arguments and standard input, and JSON written with ' for ".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One run of ddbsim-cli: its exit status and what it printed. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void  run_clear    (Run                *run);
char *q            (const char         *text);
void  run_cli_argv (Run                *run,
                    const char         *input,
                    const char * const *argv);
void  run_cli      (Run                *run,
                    const char         *input,
                    ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_END_DECLS
