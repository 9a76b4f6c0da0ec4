/* expression-fixture.h
 *
 * Helpers shared by the expression test suites: items and ExpressionAttributeNames /
 * ExpressionAttributeValues written as JSON with ' for ", expression contexts built from
 * them, the error message of parsing an expression of any kind, and the parts of
 * DynamoDB's messages that more than one suite checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression.h"

G_BEGIN_DECLS

/* Parts of DynamoDB's messages that the parse and update suites share. */
#define UPDATE "Invalid UpdateExpression: "
#define OVERLAP \
  "Two document paths overlap with each other; must remove or rewrite one of these paths; " \
  "path one: "
#define CONFLICT \
  "Two document paths conflict with each other; must remove or rewrite one of these paths; " \
  "path one: "

DdbValue             *item_new         (const char             *json);
DdbValue             *values_from_json (const char             *json);
DdbExpressionContext *context_new      (const char             *names,
                                        const char             *values);
char                 *expression_error (DdbExpressionKind       kind,
                                        const DdbKeyAttributes *key,
                                        const char             *text,
                                        const char             *names,
                                        const char             *values);

G_END_DECLS
