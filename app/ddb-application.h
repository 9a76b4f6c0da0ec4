/* ddb-application.h
 *
 * The GtkApplication of the ddbsim GUI: application-wide actions (about, quit) and
 * window creation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DDB_TYPE_APPLICATION (ddb_application_get_type ())

G_DECLARE_FINAL_TYPE (DdbApplication, ddb_application, DDB, APPLICATION, GtkApplication)

DdbApplication *ddb_application_new (void);

G_END_DECLS
