/* ddb-cli-settings.h
 *
 * The `set` and `autoscale` directives of `ddbsim-cli exec` (ddb-cli-settings.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"

G_BEGIN_DECLS

extern const char ddb_cli_settings_help[];

gboolean ddb_cli_settings_set       (DdbEngine   *engine,
                                     const char  *argument,
                                     GError     **error);
gboolean ddb_cli_settings_autoscale (DdbEngine   *engine,
                                     const char  *argument,
                                     GError     **error);

G_END_DECLS
