/* cli-fixture.c
 *
 * Helpers shared by the ddbsim-cli test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cli-fixture.h"

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* @text with ' turned into ", which keeps JSON readable inside C strings. */
char *
q (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

/**
 * run_cli_argv:
 * @input: (nullable): standard input, written with ' for " (see q())
 * @argv: the arguments after the program name, NULL-terminated
 *
 * Runs ddbsim-cli and waits for it.
 */
void
run_cli_argv (Run                *run,
              const char         *input,
              const char * const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdin_text = input != NULL ? q (input) : NULL;
  const char *cli = g_getenv ("DDBSIM_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer)cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* run_cli_argv() with the arguments listed, NULL-terminated. */
void
run_cli (Run        *run,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_cli_argv (run, input, (const char * const *)argv->pdata);
}
