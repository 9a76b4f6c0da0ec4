/* ddb-scenario-error.c
 *
 * The DDB_SCENARIO_ERROR quark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-scenario-error.h"

G_DEFINE_QUARK (ddb-scenario-error-quark, ddb_scenario_error)
