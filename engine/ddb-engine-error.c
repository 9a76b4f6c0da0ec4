/* ddb-engine-error.c
 *
 * The DDB_ENGINE_ERROR domain: DynamoDB exception names for each code, and adoption of
 * errors from the layers below (model values, expressions) into the engine's domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-engine-error"

#include "config.h"

#include "ddb-engine-error.h"
#include "ddb-expression.h"
#include "ddb-model-error.h"

G_DEFINE_QUARK (ddb-engine-error-quark, ddb_engine_error)

typedef struct
{
  const char *name;
  const char *id;          /* the "__type" of DynamoDB's JSON error body */
} ErrorType;

static const ErrorType error_types[] = {
  [DDB_ENGINE_ERROR_FAILED] =
    { "InternalServerError", "com.amazonaws.dynamodb.v20120810#InternalServerError" },
  [DDB_ENGINE_ERROR_STORAGE] =
    { "InternalServerError", "com.amazonaws.dynamodb.v20120810#InternalServerError" },
  [DDB_ENGINE_ERROR_VALIDATION] =
    { "ValidationException", "com.amazon.coral.validate#ValidationException" },
  [DDB_ENGINE_ERROR_SERIALIZATION] =
    { "SerializationException", "com.amazon.coral.service#SerializationException" },
  [DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND] =
    { "ResourceNotFoundException",
      "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" },
  [DDB_ENGINE_ERROR_RESOURCE_IN_USE] =
    { "ResourceInUseException", "com.amazonaws.dynamodb.v20120810#ResourceInUseException" },
  [DDB_ENGINE_ERROR_LIMIT_EXCEEDED] =
    { "LimitExceededException", "com.amazonaws.dynamodb.v20120810#LimitExceededException" },
  [DDB_ENGINE_ERROR_ITEM_COLLECTION_SIZE_LIMIT] =
    { "ItemCollectionSizeLimitExceededException",
      "com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException" },
  [DDB_ENGINE_ERROR_IDEMPOTENT_PARAMETER_MISMATCH] =
    { "IdempotentParameterMismatchException",
      "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException" },
  [DDB_ENGINE_ERROR_UNKNOWN_OPERATION] =
    { "UnknownOperationException", "com.amazon.coral.service#UnknownOperationException" },
};

static const ErrorType *
lookup_type (const GError *error)
{
  if (error == NULL || error->domain != DDB_ENGINE_ERROR ||
      (guint)error->code >= G_N_ELEMENTS (error_types))
    return &error_types[DDB_ENGINE_ERROR_FAILED];

  return &error_types[error->code];
}

/* DynamoDB's exception name for @error ("ValidationException"); errors of other domains
 * are internal errors. */
const char *
ddb_engine_error_type_name (const GError *error)
{
  return lookup_type (error)->name;
}

/* The full "__type" of DynamoDB's JSON error body for @error. */
const char *
ddb_engine_error_type_id (const GError *error)
{
  return lookup_type (error)->id;
}

/**
 * ddb_engine_error_adopt:
 * @error: (inout) (nullable): an error from the model or expression layer, or NULL
 *
 * Rewrites a model or expression error in place into the engine's domain, keeping its
 * message, so that engine callers handle one domain only.  Engine errors are left alone;
 * errors of any other domain become %DDB_ENGINE_ERROR_FAILED.
 */
void
ddb_engine_error_adopt (GError **error)
{
  GError *e;

  if (error == NULL || *error == NULL)
    return;

  e = *error;
  if (e->domain == DDB_ENGINE_ERROR)
    return;

  if (e->domain == DDB_MODEL_ERROR && e->code == DDB_MODEL_ERROR_VALIDATION)
    e->code = DDB_ENGINE_ERROR_VALIDATION;
  else if (e->domain == DDB_MODEL_ERROR && e->code == DDB_MODEL_ERROR_SERIALIZATION)
    e->code = DDB_ENGINE_ERROR_SERIALIZATION;
  else if (e->domain == DDB_EXPRESSION_ERROR)
    e->code = DDB_ENGINE_ERROR_VALIDATION;
  else
    e->code = DDB_ENGINE_ERROR_FAILED;

  e->domain = DDB_ENGINE_ERROR;
}

/**
 * ddb_engine_invalid:
 *
 * Sets a ValidationException with a printf-style message.
 *
 * Returns: FALSE, so that a check can end with `return ddb_engine_invalid (...)`.
 */
gboolean
ddb_engine_invalid (GError     **error,
                    const char  *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                                                format, args));
  va_end (args);

  return FALSE;
}
