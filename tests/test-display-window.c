/* test-display-window.c
 *
 * The GUI shell: the application registers its actions and accelerators, activating it
 * opens the main window with the primary menu, and app.about opens an about dialog.  Runs
 * under Xvfb in CI; without a display each test is skipped, never failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "ddb-application.h"
#include "ddb-window.h"

static gboolean have_display;

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  /* Bounded: a few seconds of main-loop iterations, so a broken test fails, not hangs. */
  for (guint i = 0; i < 5000 && !done (data); i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      if (!done (data))
        g_usleep (1000);
    }
}

static gboolean
window_is_mapped (gpointer data)
{
  GtkApplication *application = data;
  GtkWindow *window = gtk_application_get_active_window (application);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
about_dialog_is_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  (void)data;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_ABOUT_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }

  return FALSE;
}

static void
test_window_opens (void)
{
  g_autoptr(DdbApplication) application = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display: run under xvfb-run");
      return;
    }

  application = ddb_application_new ();
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (application)), ==,
                   "io.github.ddbsim.Ddbsim");
  /* No session bus in CI: do not try to be the unique instance. */
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "quit"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  g_application_activate (G_APPLICATION (application));
  iterate_until (window_is_mapped, application);
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_assert_nonnull (window);
  g_assert_true (DDB_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "ddbsim");

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  iterate_until (about_dialog_is_shown, NULL);
  g_assert_true (about_dialog_is_shown (NULL));

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* gtk_test_init() would abort without a display; this lets the tests skip instead. */
  have_display = gtk_init_check ();

  g_test_add_func ("/ddb/display/window/opens", test_window_opens);

  return g_test_run ();
}
