/* ddb-engine-error.h
 *
 * The error domain of the engine layer: storage failures and requests that name
 * something that does not exist.  Expected outcomes of a simulated request (throttled,
 * condition failed) are never errors: they are return values and counters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_ENGINE_ERROR (ddb_engine_error_quark ())

typedef enum
{
  DDB_ENGINE_ERROR_FAILED,
  DDB_ENGINE_ERROR_STORAGE,       /* SQLite reported a failure */
} DdbEngineError;

GQuark ddb_engine_error_quark (void);

G_END_DECLS
