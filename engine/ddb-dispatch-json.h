/* ddb-dispatch-json.h
 *
 * Private to the dispatcher: DynamoDB's request validation over a json-glib tree.
 *
 * An operation describes its request members once, in a static table of DdbMemberSpec in
 * the order DynamoDB's request model lists them, and ddb_dispatch_check() runs the first
 * two of DynamoDB's three validation phases from it:
 *
 *   1. JSON types of every member, depth first (SerializationException with the wording
 *      of DynamoDB's deserialiser); AttributeValue maps are parsed here too, so that a
 *      wrong shape anywhere wins over any validation error;
 *   2. control-plane table names ("The parameter 'TableName' is required ..."), then the
 *      constraint checks, aggregated as "N validation errors detected: ..." (at most ten).
 *
 * The third phase, the operation's own rules, is code in each operation; it reads members
 * through the accessors below, which can no longer fail once phase 1 passed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ddb-engine-error.h"
#include "ddb-value.h"

G_BEGIN_DECLS

typedef enum
{
  DDB_MEMBER_STRING,
  DDB_MEMBER_BOOLEAN,
  DDB_MEMBER_INTEGER,             /* java.lang.Integer */
  DDB_MEMBER_LONG,                /* java.lang.Long */
  DDB_MEMBER_LIST,                /* element: children[0] */
  DDB_MEMBER_STRUCTURE,           /* members: children, NULL-name terminated */
  DDB_MEMBER_STRING_MAP,          /* Map<String, String> */
  DDB_MEMBER_VALUE_MAP,           /* Map<String, AttributeValue>, parsed in phase 1 */
  DDB_MEMBER_STRUCTURE_MAP,       /* Map<String, children[0]>: a structure or a list; the
                                     value's length limits and NOT_NULL are the map's "Map
                                     value" rule */
} DdbMemberType;

typedef enum
{
  DDB_MEMBER_NOT_NULL      = 1 << 0,
  DDB_MEMBER_NAME_PATTERN  = 1 << 1,    /* [a-zA-Z0-9_.-]+ */
  DDB_MEMBER_REQUIRED_NAME = 1 << 2,    /* control plane: required, 3 to 255 characters */
  DDB_MEMBER_MIN           = 1 << 3,    /* min_value applies */
  DDB_MEMBER_MAX           = 1 << 4,    /* max_value applies */
  DDB_MEMBER_TABLE_KEYS    = 1 << 5,    /* a map keyed by table names (RequestItems) */
} DdbMemberFlags;

typedef struct _DdbMemberSpec DdbMemberSpec;

struct _DdbMemberSpec
{
  const char          *name;            /* NULL ends a table */
  DdbMemberType        type;
  DdbMemberFlags       flags;
  const char          *class_name;      /* structures: DynamoDB's model class, for messages */
  guint                min_length;      /* strings, lists: 0 when unchecked */
  guint                max_length;
  gint64               min_value;
  gint64               max_value;
  const char * const  *enum_values;     /* strings: NULL-terminated */
  const DdbMemberSpec *children;
};

/* The members of a table name, data plane and control plane. */
#define DDB_MEMBER_SPEC_TABLE_NAME \
  { .name = "TableName", .type = DDB_MEMBER_STRING, \
    .flags = DDB_MEMBER_NOT_NULL | DDB_MEMBER_NAME_PATTERN, .min_length = 3, .max_length = 255 }
#define DDB_MEMBER_SPEC_CONTROL_TABLE_NAME \
  { .name = "TableName", .type = DDB_MEMBER_STRING, \
    .flags = DDB_MEMBER_REQUIRED_NAME | DDB_MEMBER_NAME_PATTERN }
#define DDB_MEMBER_SPEC_INDEX_NAME(extra_flags) \
  { .name = "IndexName", .type = DDB_MEMBER_STRING, \
    .flags = DDB_MEMBER_NAME_PATTERN | (extra_flags), .min_length = 3, .max_length = 255 }

extern const char * const ddb_dispatch_return_capacity_values[];
extern const char * const ddb_dispatch_return_values_values[];
extern const char * const ddb_dispatch_select_values[];

/* How a deferred AttributeValue error is worded when an operation reports it. */
typedef enum
{
  DDB_VALUES_PLAIN,                 /* Item, Key: the value's own message */
  DDB_VALUES_START_KEY,             /* "The provided starting key is invalid: ..." */
  DDB_VALUES_EXPRESSION,            /* "ExpressionAttributeValues contains invalid value: ..." */
} DdbValuesContext;

/* A request body during dispatch, with the AttributeValue maps phase 1 parsed. */
typedef struct _DdbDispatchRequest DdbDispatchRequest;

DdbDispatchRequest *ddb_dispatch_request_new   (JsonObject           *body);
void                ddb_dispatch_request_free  (DdbDispatchRequest   *request);
JsonObject         *ddb_dispatch_request_get_body (DdbDispatchRequest *request);
gboolean            ddb_dispatch_check         (DdbDispatchRequest   *request,
                                                const DdbMemberSpec  *members,
                                                GError              **error);
DdbValue           *ddb_dispatch_take_values   (DdbDispatchRequest   *request,
                                                const char           *member,
                                                DdbValuesContext      context,
                                                GError              **error);
DdbValue           *ddb_dispatch_take_map      (DdbDispatchRequest   *request,
                                                JsonObject           *map,
                                                DdbValuesContext      context,
                                                GError              **error);

/* Accessors for members phase 1 accepted; absent and JSON null members read as absent. */
gboolean     ddb_dispatch_has          (JsonObject   *object,
                                        const char   *member);
const char  *ddb_dispatch_get_string   (JsonObject   *object,
                                        const char   *member);
gboolean     ddb_dispatch_get_boolean  (JsonObject   *object,
                                        const char   *member,
                                        gboolean      default_value);
gint64       ddb_dispatch_get_integer  (JsonObject   *object,
                                        const char   *member,
                                        gint64        default_value);
JsonArray   *ddb_dispatch_get_array    (JsonObject   *object,
                                        const char   *member);
JsonObject  *ddb_dispatch_get_object   (JsonObject   *object,
                                        const char   *member);
JsonObject  *ddb_dispatch_array_get_object (JsonArray *array,
                                            guint      index);
GStrv        ddb_dispatch_dup_strv     (JsonArray    *array);
GHashTable  *ddb_dispatch_dup_names    (JsonObject   *object,
                                        const char   *member);
gint         ddb_dispatch_get_enum     (JsonObject   *object,
                                        const char   *member,
                                        const char * const *values,
                                        gint          default_index);

gboolean     ddb_dispatch_validation_error (GError    **error,
                                            const char *format,
                                            ...) G_GNUC_PRINTF (2, 3);
gboolean     ddb_dispatch_node_is_present  (JsonNode   *node);
gint64       ddb_dispatch_node_integer     (JsonNode   *node);

/* Phase 2 (ddb-dispatch-constraints.c); ddb_dispatch_check() runs it after phase 1. */
gboolean     _ddb_dispatch_constrain       (JsonObject           *body,
                                            const DdbMemberSpec  *members,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbDispatchRequest, ddb_dispatch_request_free)

G_END_DECLS
