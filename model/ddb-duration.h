/* ddb-duration.h
 *
 * Durations on the simulated clock, written as a decimal number and a unit: "250ms",
 * "1s", "1.5s", "5m", "2h", "1d", "100us".  They are parsed exactly (the decimal text is
 * read as digits, never through a double), into whole microseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ddb_duration_parse (const char  *text,
                             gint64      *usec,
                             GError     **error);

G_END_DECLS
