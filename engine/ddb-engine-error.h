/* ddb-engine-error.h
 *
 * The error domain of the engine layer.  Its codes are DynamoDB's exception types, so a
 * GError from the engine says exactly what DynamoDB would answer (the dispatcher turns the
 * code into "__type" and the message into "message").
 *
 * What is *not* an error: the expected outcomes of a simulated request, a failed
 * condition, a throttled request, a cancelled transaction.  Those are DdbOutcome values
 * and counters (see ddb-request.h), because a simulation produces millions of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DDB_ENGINE_ERROR (ddb_engine_error_quark ())

typedef enum
{
  DDB_ENGINE_ERROR_FAILED,                          /* InternalServerError */
  DDB_ENGINE_ERROR_STORAGE,                         /* InternalServerError: SQLite failed */
  DDB_ENGINE_ERROR_VALIDATION,                      /* ValidationException */
  DDB_ENGINE_ERROR_SERIALIZATION,                   /* SerializationException */
  DDB_ENGINE_ERROR_RESOURCE_NOT_FOUND,              /* ResourceNotFoundException */
  DDB_ENGINE_ERROR_RESOURCE_IN_USE,                 /* ResourceInUseException */
  DDB_ENGINE_ERROR_LIMIT_EXCEEDED,                  /* LimitExceededException */
  DDB_ENGINE_ERROR_ITEM_COLLECTION_SIZE_LIMIT,      /* ItemCollectionSizeLimitExceededException */
  DDB_ENGINE_ERROR_IDEMPOTENT_PARAMETER_MISMATCH,   /* IdempotentParameterMismatchException */
  DDB_ENGINE_ERROR_UNKNOWN_OPERATION,               /* UnknownOperationException */
} DdbEngineError;

GQuark      ddb_engine_error_quark      (void);
const char *ddb_engine_error_type_name  (const GError  *error);
const char *ddb_engine_error_type_id    (const GError  *error);
void        ddb_engine_error_adopt      (GError       **error);
gboolean    ddb_engine_invalid          (GError       **error,
                                         const char    *format,
                                         ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
