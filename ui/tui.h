/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui.h - the interactive front end: `meterwise` with no subcommand,
 * `meterwise -p PORT` and `meterwise --demo`.  src/cli/main.c dispatches here.
 */
#ifndef MW_UI_TUI_H
#define MW_UI_TUI_H

/* Run the TUI; returns the process exit code. */
int mw_tui_main(int argc, char **argv);

#endif
