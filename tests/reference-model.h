/* reference-model.h
 *
 * The reference model of the differential test (test-engine-differential.c): a naive,
 * independent answer to every request the test makes, written from the rulebook rather
 * than from the engine.
 *
 * A table is a fixed grid of items (partition key index x sort key index, NULL where
 * there is no item) with its sort keys ordered once by their own comparison.  The model
 * applies writes (the updates and conditions the test generates, each kind hard-coded),
 * answers Query pages, and does the capacity arithmetic of rulebook 2.2 and 2.3.  It
 * uses the model layer (values, item sizes) but nothing from engine/ except the request
 * and response types.
 *
 * Secondary indexes (reference-indexes.c) are not stored at all: an index is a function
 * of the table's items.  Its entries are computed from the items whenever they are
 * needed (rulebook 2.3: table key + index key + projected attributes, only for items
 * that have the index key), and so are the write units of every change to them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-item.h"
#include "ddb-value-json.h"
#include "differential-response.h"

G_BEGIN_DECLS

#define N_PK            4           /* partition keys per table */
#define N_SK            48          /* sort keys per table */
#define PAGE_MAX_BYTES  1048576     /* Query and Scan stop once a page has read 1 MB */

/* ---------------------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------------------- */

#define N_KEY_VALUES    5           /* values an index key attribute takes */
#define MAX_INDEXES     3           /* secondary indexes per table */

/* The attributes index keys are made of: items have them or not, with values of one type
 * from a small set, so that index partitions hold several entries and ties occur. */
typedef enum
{
  ATTR_G,                           /* "g": a GSI partition key */
  ATTR_H,                           /* "h": a GSI sort key, or a second GSI's partition key */
  ATTR_L,                           /* "l": an LSI sort key */
  N_ATTRIBUTES,
} RefAttributeId;

typedef struct
{
  const char *name;
  DdbKind     kind;                 /* S or N */
  DdbValue   *values[N_KEY_VALUES];
} RefAttribute;

typedef struct
{
  char              *name;
  gboolean           global;
  const char        *pk_name;       /* an LSI's is the table's */
  const char        *sk_name;       /* NULL: no sort key */
  DdbProjectionType  projection;
  const char *const *include;       /* INCLUDE: the non-key attributes, NULL-terminated */
} RefIndex;

typedef struct
{
  const char   *name;
  const char   *pk_name;
  const char   *sk_name;
  gboolean      string_sort;        /* S sort key (and N partition key), else the reverse */
  DdbValue     *pk[N_PK];
  DdbValue     *sk[N_SK];
  guint         order[N_SK];        /* sort key indices, ascending */
  DdbValue     *items[N_PK][N_SK];  /* NULL where there is no item */
  RefAttribute  attributes[N_ATTRIBUTES];
  RefIndex      indexes[MAX_INDEXES];
  guint         n_indexes;
} RefTable;

int                 ref_compare_sort    (const DdbValue *a,
                                         const DdbValue *b);
void                ref_sort_order_init (RefTable       *t);
double              ref_read_units      (gsize           bytes,
                                         gboolean        consistent);
double              ref_write_units     (gsize           bytes);
const RefAttribute *ref_attribute       (const RefTable *t,
                                         const char     *name);
DdbValue           *ref_key             (const RefTable *t,
                                         guint           p,
                                         guint           s);
gboolean            ref_locate          (const RefTable *t,
                                         const DdbValue *item,
                                         guint          *p,
                                         guint          *s);
void                ref_store           (RefTable       *t,
                                         guint           p,
                                         guint           s,
                                         DdbValue       *item);
void                ref_table_clear     (RefTable       *t);
gsize               ref_table_count     (const RefTable *t);
gboolean            item_int            (const DdbValue *item,
                                         const char     *name,
                                         gint64         *out);
DdbValue           *parse_number        (const char     *text);

/* ---------------------------------------------------------------------------------------
 * Predicates: the condition and filter expressions the test generates
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  PRED_NONE,
  PRED_KEY_NOT_EXISTS,              /* attribute_not_exists(<partition key>) */
  PRED_KEY_EXISTS,                  /* attribute_exists(<partition key>) */
  PRED_N_GT,                        /* n > :c */
  PRED_N_LE,                        /* n <= :c */
  PRED_A_EQ,                        /* a = :c */
  PRED_A_EXISTS,                    /* attribute_exists(a) */
  PRED_N_NOT_EXISTS,                /* attribute_not_exists(n) */
} PredKind;

typedef struct
{
  PredKind kind;
  gint64   number;
  char    *string;
} Pred;

void       pred_clear          (Pred           *pred);
gboolean   pred_holds          (const Pred     *pred,
                                const DdbValue *item);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pred, pred_clear)

/* ---------------------------------------------------------------------------------------
 * Updates
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  UPDATE_SET,                       /* SET <name> = :v */
  UPDATE_REMOVE,                    /* REMOVE <name> */
  UPDATE_INCREMENT_N,               /* SET n = n + :d */
  UPDATE_ADD_N,                     /* ADD n :d */
} UpdateKind;

/* One UpdateExpression of the kinds the test generates. */
typedef struct
{
  UpdateKind  kind;
  const char *name;                 /* the attribute it changes: a, g, h, l or x; or n */
  DdbValue   *value;                /* UPDATE_SET */
  gint64      delta;                /* UPDATE_INCREMENT_N, UPDATE_ADD_N */
} Update;

void       update_clear          (Update          *update);
DdbValue  *ref_apply_update      (const DdbValue  *base,
                                  const Update    *update);
DdbValue  *ref_update_attributes (DdbReturnValues  return_values,
                                  const DdbValue  *old,
                                  DdbValue        *new_item,
                                  const char      *changed);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Update, update_clear)

/* ---------------------------------------------------------------------------------------
 * Query pages
 * ------------------------------------------------------------------------------------- */

typedef enum
{
  STOP_END,                         /* the range ended: no LastEvaluatedKey */
  STOP_LIMIT,
  STOP_MEGABYTE,
} Stop;

typedef enum
{
  SORT_NONE,
  SORT_EQ,
  SORT_LT,
  SORT_LE,
  SORT_GT,
  SORT_GE,
  SORT_BETWEEN,
  SORT_BEGINS_WITH,                 /* string sort keys only */
} SortKind;

typedef struct
{
  SortKind  sort;
  DdbValue *first;
  DdbValue *second;
  Pred      filter;
  gint64    limit;
  gboolean  forward;
  gboolean  consistent;
  DdbSelect select;                 /* index reads */
} QuerySpec;

void       query_spec_clear    (QuerySpec       *spec);
gboolean   ref_sort_matches    (const QuerySpec *spec,
                                const DdbValue  *sk);
Stop       ref_page_stop       (gsize            bytes,
                                gint64           scanned_count,
                                gint64           limit);
Stop       ref_query_page      (const RefTable  *t,
                                guint            p,
                                const QuerySpec *spec,
                                const DdbValue  *start,
                                Page            *page,
                                gsize           *bytes_read);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QuerySpec, query_spec_clear)

/* ---------------------------------------------------------------------------------------
 * Writes: capacity, table and indexes (reference-indexes.c)
 * ------------------------------------------------------------------------------------- */

/* What writes did to index entries, counted for the run's statistics. */
typedef struct
{
  gint64 added;                     /* a new entry: ceil1k (new) */
  gint64 removed;                   /* ceil1k (old) */
  gint64 moved;                     /* the index key changed: ceil1k (old) + ceil1k (new) */
  gint64 updated;                   /* same key, other projected values: ceil1k (max) */
  gint64 unchanged;                 /* same entry: 0 */
} RefIndexChanges;

DdbValue  *ref_index_entry      (const RefTable  *t,
                                 const RefIndex  *index,
                                 const DdbValue  *item);
void       ref_write_capacity   (const RefTable  *t,
                                 const DdbValue  *old,
                                 const DdbValue  *new_item,
                                 gboolean         transactional,
                                 Capacity        *consumed,
                                 RefIndexChanges *changes);

/* ---------------------------------------------------------------------------------------
 * Index reads (reference-indexes.c)
 * ------------------------------------------------------------------------------------- */

/* One entry of an index: the base item's grid position and its projection. */
typedef struct
{
  guint     p;
  guint     s;
  DdbValue *entry;
} RefEntry;

void              ref_entry_clear       (RefEntry        *entry);
DdbValue *const  *ref_index_partitions  (const RefTable  *t,
                                         const RefIndex  *index,
                                         guint           *n_values);
GArray           *ref_index_entries     (const RefTable  *t,
                                         const RefIndex  *index,
                                         const DdbValue  *partition);
gboolean          ref_index_same_key    (const RefIndex  *index,
                                         const DdbValue  *a,
                                         const DdbValue  *b);
void              ref_index_follow_ties (const RefTable  *t,
                                         const RefIndex  *index,
                                         GArray          *order,
                                         const GPtrArray *items);
gboolean          ref_index_fetches     (const RefIndex  *index,
                                         DdbSelect        select);
Stop              ref_index_page        (const RefTable  *t,
                                         const RefIndex  *index,
                                         const GArray    *order,
                                         const QuerySpec *spec,
                                         Page            *page,
                                         gsize           *bytes_read);

G_END_DECLS
