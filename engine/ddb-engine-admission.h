/* ddb-engine-admission.h
 *
 * Charges and admission inside the engine (private): see ddb-engine-admission.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

/* The table or GSI a charge is for, to name it when it throttles. */
typedef struct
{
  DdbTable *table;
  DdbIndex *index;                  /* NULL: the table */
  guint     partition_id;
} DdbChargeOwner;

#define DDB_CHARGE_LIST_INLINE 8

/* The charges of one request.  Lives on the stack: most requests touch a few partitions,
 * and the hottest path must not allocate for them. */
typedef struct
{
  guint           len;
  guint           allocated;
  DdbCharge      *charges;
  DdbChargeOwner *owners;
  DdbCharge       inline_charges[DDB_CHARGE_LIST_INLINE];
  DdbChargeOwner  inline_owners[DDB_CHARGE_LIST_INLINE];
} DdbChargeList;

void           _ddb_charge_list_init       (DdbChargeList *list);
void           _ddb_charge_list_clear      (DdbChargeList *list);
void           _ddb_charge_list_add        (DdbChargeList *list,
                                            DdbTable      *table,
                                            DdbIndex      *index,
                                            DdbRouteKey    key,
                                            double         read_units,
                                            double         write_units);
gboolean       _ddb_engine_wants_charges   (DdbEngine     *self);
gboolean       _ddb_engine_admit           (DdbEngine     *self,
                                            DdbChargeList *list,
                                            DdbThrottle   *throttle,
                                            guint         *failed_charge);

gboolean       _ddb_engine_grow_on_demand  (DdbEngine     *self,
                                            DdbTable      *table,
                                            GError       **error);
gboolean       _ddb_engine_split_for_heat  (DdbEngine     *self,
                                            DdbTable      *table,
                                            GError       **error);
DdbTableInfo  *_ddb_engine_table_info      (DdbEngine     *self,
                                            DdbTable      *table);
void           _ddb_engine_consume_background (DdbEngine  *self,
                                               DdbTable   *table,
                                               DdbIndex   *index,
                                               DdbRouteKey key,
                                               double      write_units);
gboolean       _ddb_engine_admit_read      (DdbEngine     *self,
                                            DdbTable      *table,
                                            DdbIndex      *index,
                                            DdbRouteKey    key,
                                            double         units,
                                            DdbThrottle   *throttle);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdbChargeList, _ddb_charge_list_clear)

G_END_DECLS
