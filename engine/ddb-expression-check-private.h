/* ddb-expression-check-private.h
 *
 * The checker's state and the helpers its three files share: ddb-expression-check.c
 * (recording errors, resolving paths and values), ddb-expression-check-condition.c and
 * ddb-expression-check-update.c (updates and projections).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-expression-ast-private.h"

G_BEGIN_DECLS

/* The categories of errors (see the design notes of ddb-expression-check.c). */
typedef enum
{
  SLOT_OPERATORS,
  SLOT_LIMIT,
  SLOT_PARENS,
  SLOT_FUNCTION_NAME,
  SLOT_MISUSED,
  SLOT_RESERVED,
  SLOT_SECTION,
  SLOT_NAME,
  SLOT_VALUE,
  SLOT_OVERLAP,
  SLOT_CONFLICT,
  SLOT_OPERAND_TYPE,
  SLOT_FUNCTION,
  SLOT_CONDITION,
  N_SLOTS,
} DdbSlot;

/* The categories judged per leaf condition, in their order of precedence. */
typedef enum
{
  LEAF_PLACEHOLDER,
  LEAF_OPERAND_COUNT,
  LEAF_DISTINCT,
  LEAF_TYPE,
  N_LEAF_SLOTS,
} DdbLeafSlot;

typedef struct
{
  DdbSyntax            *syntax;
  DdbExpressionContext *context;
  char                 *slots[N_SLOTS];
  char                 *leaf[N_LEAF_SLOTS];
  guint                 operators;
} DdbChecker;

void     _ddb_checker_init         (DdbChecker            *ck,
                                    DdbSyntax             *syntax,
                                    DdbExpressionContext  *context);
gboolean _ddb_checker_finish       (DdbChecker            *ck,
                                    const DdbSlot         *order,
                                    gsize                  n_order,
                                    GError               **error);
void     _ddb_check_record         (DdbChecker            *ck,
                                    DdbSlot                slot,
                                    const char            *format,
                                    ...) G_GNUC_PRINTF (3, 4);
void     _ddb_check_record_leaf    (DdbChecker            *ck,
                                    DdbLeafSlot            slot,
                                    const char            *format,
                                    ...) G_GNUC_PRINTF (3, 4);
void     _ddb_check_resolve_path   (DdbChecker            *ck,
                                    DdbNode               *node);
void     _ddb_check_resolve_value  (DdbChecker            *ck,
                                    DdbNode               *node);

G_END_DECLS
