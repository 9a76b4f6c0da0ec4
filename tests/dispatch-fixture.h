/* dispatch-fixture.h
 *
 * Helpers shared by the dispatcher test suites: requests through ddb_dispatch() on the
 * engine fixture's engine, exact response bodies, exception bodies, ConsumedCapacity, and
 * the tables several suites create.
 *
 * Request and response texts are written with ' where JSON has " (none of them contains
 * an apostrophe of its own); q() turns them into JSON.  Error messages, which do contain
 * quotes, are compared as plain C strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ddb-dispatcher.h"
#include "engine-fixture.h"

G_BEGIN_DECLS

#define VALIDATION "com.amazon.coral.validate#ValidationException"
#define SERIALIZATION "com.amazon.coral.service#SerializationException"
#define DYNAMODB(name) "com.amazonaws.dynamodb.v20120810#" name

char       *q                (const char    *text);
char       *call             (EngineFixture *fixture,
                              const char    *operation,
                              const char    *body,
                              gboolean      *failed);
void        assert_response  (EngineFixture *fixture,
                              const char    *operation,
                              const char    *body,
                              gboolean       expect_failed,
                              const char    *expected);
JsonObject *parse_object     (const char    *response);
JsonObject *describe_table   (EngineFixture *fixture,
                              const char    *table);
void        assert_exception (EngineFixture *fixture,
                              const char    *operation,
                              const char    *body,
                              const char    *type,
                              const char    *member,
                              const char    *message);
double      units            (EngineFixture *fixture,
                              const char    *operation,
                              const char    *body);
void        request_ok       (EngineFixture *fixture,
                              const char    *operation,
                              const char    *body);
void        create_simple    (EngineFixture *fixture,
                              const char    *name,
                              const char    *hash,
                              const char    *range);
void        create_indexed   (EngineFixture *fixture);
char       *sized_item       (const char    *key,
                              gsize          bytes);

#define assert_ok(f, op, body, expected) assert_response ((f), (op), (body), FALSE, (expected))
#define assert_validation(f, op, body, message) \
  assert_exception ((f), (op), (body), VALIDATION, "message", (message))
#define assert_serialization(f, op, body, message) \
  assert_exception ((f), (op), (body), SERIALIZATION, "Message", (message))

G_END_DECLS
