/* ddb-model-error.c
 *
 * The DDB_MODEL_ERROR quark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-model-error.h"

G_DEFINE_QUARK (ddb-model-error-quark, ddb_model_error)
