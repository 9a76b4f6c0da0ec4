/* ddb-window.h
 *
 * The main window of ddbsim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DDB_TYPE_WINDOW (ddb_window_get_type ())

G_DECLARE_FINAL_TYPE (DdbWindow, ddb_window, DDB, WINDOW, GtkApplicationWindow)

DdbWindow *ddb_window_new (GtkApplication *application);

G_END_DECLS
