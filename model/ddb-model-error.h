/* ddb-model-error.h
 *
 * The error domain of the model layer.  Model errors describe invalid input (an attribute
 * value DynamoDB would refuse, a malformed price sheet); the message is the text DynamoDB
 * gives where it gives one, so the engine's dispatcher can pass it through unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_MODEL_ERROR (ddb_model_error_quark ())

typedef enum
{
  DDB_MODEL_ERROR_FAILED,
  DDB_MODEL_ERROR_VALIDATION,     /* DynamoDB answers ValidationException */
  DDB_MODEL_ERROR_SERIALIZATION,  /* DynamoDB answers SerializationException (wrong JSON shape) */
  DDB_MODEL_ERROR_CATALOG,        /* a price sheet is missing or malformed */
} DdbModelError;

GQuark ddb_model_error_quark (void);

G_END_DECLS
