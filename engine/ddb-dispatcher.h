/* ddb-dispatcher.h
 *
 * DynamoDB's JSON protocol over a DdbEngine: an operation name and a JSON request body in,
 * a JSON response body out, exactly as DynamoDB's HTTP API would answer (the body of a
 * successful response, or {"__type": "...#ExceptionName", "message": "..."}).
 *
 * The dispatcher is free of transport concerns so that `ddbsim-cli exec` and a future HTTP
 * endpoint share it: it takes the operation as "PutItem" or as the X-Amz-Target form
 * "DynamoDB_20120810.PutItem" and never prints or reads anything itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"

G_BEGIN_DECLS

char *ddb_dispatch (DdbEngine  *engine,
                    const char *operation,
                    const char *body,
                    gssize      length,
                    gboolean   *failed);

G_END_DECLS
