/* ddb-engine-autoscaling.h
 *
 * Auto scaling inside the engine (private): see ddb-engine-autoscaling.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-engine-private.h"

G_BEGIN_DECLS

GArray *_ddb_scaling_activities_new (void);
void    _ddb_scaling_target_write_json    (const DdbScalingTarget *target,
                                           JsonBuilder            *builder);
DdbScalingTarget *
        _ddb_scaling_target_new_from_json (JsonNode               *node);
void    _ddb_engine_autoscale       (DdbEngine        *self,
                                     DdbTable         *table);

G_END_DECLS
