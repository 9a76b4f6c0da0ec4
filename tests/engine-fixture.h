/* engine-fixture.h
 *
 * Helpers shared by the engine test suites: a fresh in-memory engine per test, tables
 * created from a one-line description, items written and read from DynamoDB JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine.h"
#include "ddb-value-json.h"

G_BEGIN_DECLS

typedef struct
{
  DdbEngine *engine;
} EngineFixture;

void       engine_fixture_set_up    (EngineFixture  *fixture,
                                     gconstpointer   user_data);
void       engine_fixture_tear_down (EngineFixture  *fixture,
                                     gconstpointer   user_data);
void       engine_fixture_enable_admission (EngineFixture *fixture);
void       engine_fixture_set_heat_window  (EngineFixture *fixture,
                                            gint64         usec);

/* Creates a provisioned table: "pk:S" or "pk:S,sk:N", with the given capacity. */
void       create_table             (DdbEngine      *engine,
                                     const char     *name,
                                     const char     *key,
                                     gint64          rcu,
                                     gint64          wcu);
DdbValue  *item_from_json           (const char     *json);
DdbValue  *item_of_size             (const char     *key,
                                     gsize           bytes);
DdbValue  *key_of                   (const char     *key);
void       put_value                (DdbEngine      *engine,
                                     const char     *table,
                                     DdbValue       *item);
void       advance_clock            (DdbEngine      *engine,
                                     gint64          usec);
void       next_second              (DdbEngine      *engine);
char      *db_file_new              (void);
void       db_file_remove           (char           *path);
char      *repeat_char              (char            c,
                                     gsize           n);
double     put_json                 (DdbEngine      *engine,
                                     const char     *table,
                                     const char     *json);
DdbOutcome put_or_throttle          (DdbEngine      *engine,
                                     const char     *table,
                                     const char     *json);
double     get_units                (DdbEngine      *engine,
                                     const char     *table,
                                     const char     *key_json,
                                     gboolean        consistent,
                                     DdbValue      **item);

G_END_DECLS
