/* ddb-window.c
 *
 * The main window: a header bar with the primary menu and, for now, a welcome page that
 * says what ddbsim will show.  The charts, the scenario runner and the table editor are
 * added by later issues; the window only ever draws what the layers below computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-window"

#include "config.h"

#include "ddb-window.h"

struct _DdbWindow
{
  GtkApplicationWindow parent_instance;

  GtkMenuButton *primary_menu_button;
};

G_DEFINE_FINAL_TYPE (DdbWindow, ddb_window, GTK_TYPE_APPLICATION_WINDOW)

static void
ddb_window_class_init (DdbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ddbsim/Ddbsim/ddb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdbWindow, primary_menu_button);
}

static void
ddb_window_init (DdbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DdbWindow *
ddb_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (DDB_TYPE_WINDOW, "application", application, NULL);
}
