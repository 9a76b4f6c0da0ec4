/* ddb-engine-billing.h
 *
 * The billing meter inside the engine (private): see ddb-engine-billing.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

void _ddb_engine_billing_add_second (DdbEngine            *self,
                                     DdbTable             *table,
                                     DdbIndex             *index,
                                     DdbMeterEntry       **entry,
                                     const DdbMetricPoint *point);
void _ddb_engine_billing_retire     (DdbEngine            *self,
                                     DdbTable             *table);

G_END_DECLS
