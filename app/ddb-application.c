/* ddb-application.c
 *
 * The GtkApplication of the ddbsim GUI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-application"

#include "config.h"

#include "ddb-application.h"
#include "ddb-window.h"

struct _DdbApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (DdbApplication, ddb_application, GTK_TYPE_APPLICATION)

static void
ddb_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  DdbApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *authors[] = { "The ddbsim developers", NULL };

  gtk_show_about_dialog (window,
                         "program-name", "ddbsim",
                         "logo-icon-name", DDB_APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "Learn how Amazon DynamoDB behaves under load and what it "
                                     "costs: a real partitioned engine on a simulated clock.\n\n"
                                     "Not affiliated with Amazon Web Services. Prices and "
                                     "limits come from public sources; see the rulebook for "
                                     "which ones are unverified.",
                         "authors", authors,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
ddb_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = ddb_application_about_action },
  { .name = "quit", .activate = ddb_application_quit_action },
};

static void
ddb_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ddb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
ddb_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (ddb_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

static void
ddb_application_class_init (DdbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = ddb_application_startup;
  app_class->activate = ddb_application_activate;
}

static void
ddb_application_init (DdbApplication *self)
{
}

DdbApplication *
ddb_application_new (void)
{
  return g_object_new (DDB_TYPE_APPLICATION,
                       "application-id", DDB_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
