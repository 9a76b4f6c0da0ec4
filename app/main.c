/* main.c
 *
 * Entry point of the ddbsim GUI: create the application and run it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DdbApplication) application = NULL;

  g_set_application_name ("ddbsim");
  application = ddb_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
