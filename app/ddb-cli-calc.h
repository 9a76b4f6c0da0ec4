/* ddb-cli-calc.h
 *
 * Pieces shared by the files of `ddbsim-cli calc`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-cli.h"

G_BEGIN_DECLS

int ddb_cli_calc_parse (const char    *command,
                        const char    *parameters,
                        const char    *summary,
                        const char    *description,
                        GOptionEntry  *entries,
                        int            n_positional,
                        int           *argc,
                        char        ***argv,
                        DdbCliFormat  *format);

int ddb_cli_calc_cost  (int            argc,
                        char         **argv);

G_END_DECLS
