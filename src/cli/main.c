/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - meterwise: dispatch to a subcommand, or start the TUI.
 *
 * Subcommands come from the command table (commands.c).  `meterwise` alone
 * and `meterwise --demo` start the TUI when the build has one
 * (MW_HAVE_TUI, set by ui/local.mk).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "shell.h"
#include "selfdir.h"

#ifdef MW_HAVE_TUI
/*
 * The TUI's entry point (ui/tui.h, in libmwui.a).  Declared here rather
 * than included: src/ includes no ui/ header (tests/layers.sh), the
 * program's main is the one place that links the two front ends.
 */
int mw_tui_main(int argc, char **argv);
#endif

/* Start the TUI with the original arguments. */
static int tui(int argc, char **argv)
{
#ifdef MW_HAVE_TUI
	return mw_tui_main(argc, argv);
#else
	(void)argc;
	(void)argv;
	mw_cli_error(NULL, "%s",
	             _("this build has no interactive screen yet; use the commands "
	               "(meterwise --help), e.g. meterwise read -p PORT -a ADDR"));
	return MW_EXIT_USAGE;
#endif
}

int main(int argc, char **argv)
{
	const struct mw_cli_cmd *c;
	const char *cmd, *localedir;
	char locbuf[4096];

	setlocale(LC_ALL, "");
	/* MW_LOCALEDIR: catalogs of an uninstalled build (tests, translators). */
	localedir = getenv("MW_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir
	                            ? localedir
	                            : mw_selfdir_installed(LOCALEDIR, locbuf, sizeof locbuf));
	textdomain(PACKAGE);

	if (argc < 2)
		return tui(argc, argv);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		if (argc > 2 && strcmp(cmd, "help") == 0 && (c = mw_cli_command(argv[2]))) {
			char *sub[] = {argv[2], (char *)"--help", NULL};

			return c->run(2, sub);
		}
		mw_cli_usage_main(stdout);
		return MW_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		mw_cli_version();
		return MW_EXIT_OK;
	}
	/* Derived from the command table: completion and the man-page check. */
	if (strcmp(cmd, "--bash-completion") == 0 && argc == 2) {
		mw_cli_bash_completion(stdout);
		return MW_EXIT_OK;
	}
	if (strcmp(cmd, "--list-options") == 0 && argc == 2) {
		mw_cli_list_options(stdout);
		return MW_EXIT_OK;
	}
	if (strcmp(cmd, "--complete") == 0 && argc == 3)
		return mw_shell_complete_print(argv[2]);
	if (cmd[0] == '-')
		return tui(argc, argv); /* --demo, -p PORT ... */
	c = mw_cli_command(cmd);
	if (c)
		return c->run(argc - 1, argv + 1);
	mw_cli_error(NULL, _("%s: unknown command; see meterwise --help"), cmd);
	return MW_EXIT_USAGE;
}
