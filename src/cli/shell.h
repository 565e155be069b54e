/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shell.h - `meterwise shell`: the readline console (cli_shell.c) and its
 * completion (shell_complete.c), which the tests drive directly.
 */
#ifndef MW_SHELL_H
#define MW_SHELL_H

#include <stdbool.h>

#include "model.h"

/* What completion draws on: the catalogue and the model `use` chose (or NULL). */
void mw_shell_complete_setup(const struct mw_catalog *cat, const struct mw_model *model);

/*
 * Completions of the word line[start, end) given the words before it, as
 * rl_completion_matches() returns them (matches[0] the common prefix), or
 * NULL.  *no_space is set when the word is unfinished (NAME= of a setting).
 * *files is set when file names fit better (the port, a plan).
 */
char **mw_shell_complete(const char *line, int start, int end, bool *no_space, bool *files);

/*
 * Print the completions of the last word of line, one a line (for the
 * bash-completion script: `meterwise --complete "set -m kpm33b pa"`).
 * Loads the device files itself.  Returns 0.
 */
int mw_shell_complete_print(const char *line);

/* Split a line into words: blanks separate; quotes '...' "..." and
 * backslashes as in sh.  Returns the count (argv NULL-terminated), or -1
 * when a quote is not closed. */
int mw_shell_split(const char *line, char ***argv);
void mw_shell_free(char **argv);

#endif
