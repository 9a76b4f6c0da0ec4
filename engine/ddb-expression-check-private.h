/* ddb-expression-check-private.h
 *
 * The checker's state and the helpers its three files share: ddb-expression-check.c
 * (recording errors, resolving paths and values, walking operands),
 * ddb-expression-check-condition.c and ddb-expression-check-update.c (updates and
 * projections).
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
void     _ddb_check_record_in      (char                 **slot,
                                    const char            *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void     _ddb_check_resolve_path   (DdbChecker            *ck,
                                    DdbNode               *node);
void     _ddb_check_resolve_value  (DdbChecker            *ck,
                                    DdbNode               *node);

/* Records a message in the DdbSlot @slot of @ck, or in the current leaf condition's
 * DdbLeafSlot @slot, unless that slot already holds an earlier one. */
#define _ddb_check_record(ck, slot, ...) \
  _ddb_check_record_in (&(ck)->slots[(slot)], __VA_ARGS__)
#define _ddb_check_record_leaf(ck, slot, ...) \
  _ddb_check_record_in (&(ck)->leaf[(slot)], __VA_ARGS__)

/* How conditions or updates go on checking a call (or, in updates, a + or -) once
 * _ddb_check_operand() has checked its operands; @name is the function or the operator. */
typedef void (*DdbCheckCallFunc) (DdbChecker *ck,
                                  DdbNode    *node,
                                  const char *name);

void     _ddb_check_operand        (DdbChecker            *ck,
                                    DdbNode               *node,
                                    DdbCheckCallFunc       check_call);

G_END_DECLS
