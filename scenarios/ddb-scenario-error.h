/* ddb-scenario-error.h
 *
 * The error domain of the scenarios layer: a scenario file that cannot be read or parsed.
 * Messages carry the file name and the line:column of the problem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_SCENARIO_ERROR (ddb_scenario_error_quark ())

typedef enum
{
  DDB_SCENARIO_ERROR_FAILED,
  DDB_SCENARIO_ERROR_PARSE,
} DdbScenarioError;

GQuark ddb_scenario_error_quark (void);

G_END_DECLS
