/* ddb-value.h
 *
 * DynamoDB attribute values: S, N, B, BOOL, NULL, L, M, SS, NS and BS.
 *
 * A DdbValue is immutable and reference counted, so values are shared freely between
 * items, requests, responses and threads.  Values are kept in a canonical form:
 *
 *  - map entries are sorted by name (byte order of the UTF-8 name), names are unique;
 *  - set members are sorted in key order (numeric for NS, byte order for SS and BS) and
 *    unique, and a set is never empty;
 *  - numbers are canonical DdbNumbers.
 *
 * So two values are equal exactly when they have the same structure, and printing a value
 * is deterministic.  An *item* is a map value whose entries are its top-level attributes.
 *
 * Constructors never fail except where DynamoDB itself refuses input (sets): they assert
 * their preconditions instead, so malformed input must be rejected by the parser
 * (ddb-value-json.h) before it gets here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ddb-number.h"

G_BEGIN_DECLS

typedef enum
{
  DDB_KIND_S,
  DDB_KIND_N,
  DDB_KIND_B,
  DDB_KIND_BOOL,
  DDB_KIND_NULL,
  DDB_KIND_L,
  DDB_KIND_M,
  DDB_KIND_SS,
  DDB_KIND_NS,
  DDB_KIND_BS,
} DdbKind;

#define DDB_KIND_COUNT 10

/* Nesting of lists and maps (a top-level map or list counts as level 1). */
#define DDB_VALUE_MAX_DEPTH 32

typedef struct _DdbValue DdbValue;

#define DDB_TYPE_VALUE (ddb_value_get_type ())

GType        ddb_value_get_type        (void) G_GNUC_CONST;

const char  *ddb_kind_to_string        (DdbKind          kind);
gboolean     ddb_kind_from_string      (const char      *name,
                                        DdbKind         *kind);
gboolean     ddb_kind_is_set           (DdbKind          kind);
gboolean     ddb_kind_is_scalar_key    (DdbKind          kind);
DdbKind      ddb_kind_set_member       (DdbKind          set_kind);
DdbKind      ddb_kind_set_of           (DdbKind          member_kind);

DdbValue    *ddb_value_ref             (DdbValue        *value);
void         ddb_value_unref           (DdbValue        *value);

/* Scalars */
DdbValue    *ddb_value_new_string      (const char      *utf8,
                                        gssize           length);
DdbValue    *ddb_value_new_number      (const DdbNumber *number);
DdbValue    *ddb_value_new_int64       (gint64           number);
DdbValue    *ddb_value_new_binary      (const guint8    *data,
                                        gsize            length);
DdbValue    *ddb_value_new_bool        (gboolean         boolean);
DdbValue    *ddb_value_new_null        (void);

/* Containers: the element references are taken (stolen), the arrays are not; map names
 * are copied and must be unique. */
DdbValue    *ddb_value_new_list_take   (DdbValue       **elements,
                                        gsize            n_elements);
DdbValue    *ddb_value_new_map_take    (const char     **names,
                                        DdbValue       **values,
                                        gsize            n_entries);
DdbValue    *ddb_value_new_set_take    (DdbKind          set_kind,
                                        DdbValue       **members,
                                        gsize            n_members,
                                        GError         **error);

DdbKind      ddb_value_get_kind        (const DdbValue  *value);
const char  *ddb_value_get_string      (const DdbValue  *value,
                                        gsize           *length);
const DdbNumber *
             ddb_value_get_number      (const DdbValue  *value);
const guint8 *
             ddb_value_get_binary      (const DdbValue  *value,
                                        gsize           *length);
gboolean     ddb_value_get_bool        (const DdbValue  *value);

/* L, M and sets */
gsize        ddb_value_get_length      (const DdbValue  *value);
DdbValue    *ddb_value_get_element     (const DdbValue  *value,
                                        gsize            index);

/* M */
const char  *ddb_value_get_name        (const DdbValue  *map,
                                        gsize            index);
DdbValue    *ddb_value_lookup          (const DdbValue  *map,
                                        const char      *name);

gboolean     ddb_value_equal           (const DdbValue  *a,
                                        const DdbValue  *b);
int          ddb_value_compare_scalar  (const DdbValue  *a,
                                        const DdbValue  *b);
guint        ddb_value_hash            (const DdbValue  *value);
gboolean     ddb_value_set_contains    (const DdbValue  *set,
                                        const DdbValue  *member);

gsize        ddb_value_size            (const DdbValue  *value);
guint        ddb_value_depth           (const DdbValue  *value);

/* The order-preserving key encoding of an S, N or B value: comparing two encodings with
 * memcmp() (shorter first on a common prefix) orders them as DynamoDB orders the values. */
void         ddb_value_encode_key      (const DdbValue  *value,
                                        GByteArray      *out);
gsize        ddb_value_encode_key_into (const DdbValue  *value,
                                        guint8          *buffer,
                                        gsize            capacity);
DdbValue    *ddb_value_decode_key      (DdbKind          kind,
                                        const guint8    *bytes,
                                        gsize            length);

/* A map under construction.  Names are copied; values are referenced. */
typedef struct _DdbMapBuilder DdbMapBuilder;

DdbMapBuilder *ddb_map_builder_new       (void);
DdbMapBuilder *ddb_map_builder_new_from  (const DdbValue  *map);
void           ddb_map_builder_set       (DdbMapBuilder   *builder,
                                          const char      *name,
                                          DdbValue        *value);
void           ddb_map_builder_set_take  (DdbMapBuilder   *builder,
                                          const char      *name,
                                          DdbValue        *value);
gboolean       ddb_map_builder_remove    (DdbMapBuilder   *builder,
                                          const char      *name);
DdbValue      *ddb_map_builder_lookup    (DdbMapBuilder   *builder,
                                          const char      *name);
gsize          ddb_map_builder_get_size  (DdbMapBuilder   *builder);
DdbValue      *ddb_map_builder_end       (DdbMapBuilder   *builder);
void           ddb_map_builder_free      (DdbMapBuilder   *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbValue, ddb_value_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbMapBuilder, ddb_map_builder_free)

G_END_DECLS
