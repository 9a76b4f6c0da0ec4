/* ddb-engine-error.c
 *
 * The DDB_ENGINE_ERROR quark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-engine-error.h"

G_DEFINE_QUARK (ddb-engine-error-quark, ddb_engine_error)
