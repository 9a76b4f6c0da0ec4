/* differential-gen.h
 *
 * The random generators of the differential test (test-engine-differential.c): items,
 * updates, conditions, filters and sort key operands drawn from a seeded GRand, and the
 * expression attributes of a request as its expressions are built.
 *
 * Every generator draws its random numbers in a fixed order, so that a seed replays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reference-model.h"

G_BEGIN_DECLS

#define N_HOT_SK        12          /* the first sort keys, chosen more often */

/* The expression attributes of one request, filled in as its expressions are built. */
typedef struct
{
  GHashTable    *names;             /* NULL until a name is used */
  DdbMapBuilder *values;            /* NULL until a value is used */
  GString       *shown_names;
} Exprs;

void                    exprs_clear      (Exprs          *exprs);
void                    exprs_name       (Exprs          *exprs,
                                          const char     *alias,
                                          const char     *name);
void                    exprs_value_take (Exprs          *exprs,
                                          const char     *placeholder,
                                          DdbValue       *value);
DdbExpressionAttributes exprs_finish     (Exprs          *exprs,
                                          DdbValue      **values);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exprs, exprs_clear)

guint     pick                  (GRand          *rng,
                                 guint           n);
gboolean  chance                (GRand          *rng,
                                 guint           percent);
gint64    pick_between          (GRand          *rng,
                                 gint64          low,
                                 gint64          high);
gint64    gen_limit             (GRand          *rng,
                                 gint64          small,
                                 gint64          large);
DdbValue *gen_a                 (GRand          *rng);
DdbValue *gen_x                 (GRand          *rng);
DdbValue *gen_key_value         (GRand          *rng,
                                 const RefTable *t,
                                 RefAttributeId  a);
guint     gen_sk                (GRand          *rng);
DdbValue *gen_item              (GRand          *rng,
                                 const RefTable *t,
                                 guint           p,
                                 guint           s,
                                 gboolean        bulk,
                                 gsize           exact_size);
void      gen_update            (GRand          *rng,
                                 const RefTable *t,
                                 const DdbValue *old,
                                 gboolean        applicable,
                                 Exprs          *exprs,
                                 GString        *text,
                                 Update         *update);
void      gen_condition         (GRand          *rng,
                                 const RefTable *t,
                                 const DdbValue *old,
                                 Exprs          *exprs,
                                 Pred           *pred,
                                 GString        *text);
void      gen_filter            (GRand          *rng,
                                 Exprs          *exprs,
                                 Pred           *pred,
                                 GString        *text);
DdbValue *gen_sort_operand      (GRand          *rng,
                                 DdbValue *const *values,
                                 guint           n_values,
                                 gboolean        strings,
                                 gint64          low,
                                 gint64          high);
void      append_sort_condition (QuerySpec      *spec,
                                 const char     *sk,
                                 Exprs          *exprs,
                                 GString        *key_condition);

G_END_DECLS
