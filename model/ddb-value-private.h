/* ddb-value-private.h
 *
 * Constructors for the model layer's own parsers, which have already checked what the
 * public constructors would check again: the storage codec and the JSON parser validate
 * UTF-8 once, then build values without validating it a second time.  Not for use outside
 * model/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ddb-value.h"

G_BEGIN_DECLS

gboolean  _ddb_utf8_validate             (const char  *text,
                                         gsize        length);
DdbValue *_ddb_value_new_string_trusted (const char  *utf8,
                                         gsize        length);
DdbValue *_ddb_value_new_map_sorted     (const char **names,
                                         const gsize *name_lengths,
                                         DdbValue   **values,
                                         gsize        n_entries);

G_END_DECLS
