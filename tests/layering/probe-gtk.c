/* probe-gtk.c
 *
 * Compiled against one layer's dependencies by tests/layering/meson.build.  Against
 * model, engine or scenarios it must fail to compile: the layer's include path has no GTK.
 * Against ui it must compile, which shows that the failure is the layering and not the
 * probe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gtk/gtk.h>

GtkWidget *ddb_probe_gtk (void);

GtkWidget *
ddb_probe_gtk (void)
{
  return gtk_label_new ("layering probe");
}
