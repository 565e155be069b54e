/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - meterwise: dispatch to a subcommand, or start the TUI.
 *
 * Subcommands are a table (name, function, summary).  `meterwise` alone
 * and `meterwise --demo` start the TUI when the build has one
 * (MW_HAVE_TUI, set by ui/local.mk).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "selfdir.h"

#ifdef MW_HAVE_TUI
#include "tui.h"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* N_() */
};

static const struct command commands[] = {
    {"ports", mw_cli_ports, N_("list serial ports and USB adapters")},
    {"scan", mw_cli_scan, N_("find the meters on a bus: address, line settings, model")},
    {"read", mw_cli_read, N_("read every value of one meter (table, JSON, CSV, --watch)")},
    {"check", mw_cli_check, N_("diagnose the wiring of one meter")},
    {"set", mw_cli_set, N_("change settings: validated, verified, followed, journaled")},
    {"act", mw_cli_act, N_("run an action (clear energy, relay on/off...)")},
    {"commission", mw_cli_commission, N_("commission a panel from a plan, one meter at a time")},
    {"shell", mw_cli_shell, N_("interactive console with completion")},
    {"devices", mw_cli_devices, N_("list the meter models, or show one model's map")},
    {"journal", mw_cli_journal, N_("show the journal of writes")},
};

static void usage(FILE *f)
{
	fprintf(f, "%s",
	        _("Usage: meterwise [-p PORT] [--demo]\n"
	          "       meterwise COMMAND [OPTIONS]\n"
	          "\n"
	          "Commissioning tool for RS-485 energy meters (Modbus RTU).\n"
	          "Without a command, starts the interactive screen.\n"
	          "\n"
	          "Commands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f, "\n%s\n%s",
	        _("`meterwise COMMAND --help` describes a command; meterwise(1) has them all."),
	        mw_cli_exit_help());
}

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
		if (argc > 2 && strcmp(cmd, "help") == 0) {
			char *sub[] = {argv[2], (char *)"--help", NULL};

			for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
				if (strcmp(commands[i].name, argv[2]) == 0)
					return commands[i].run(2, sub);
		}
		usage(stdout);
		return MW_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		mw_cli_version();
		return MW_EXIT_OK;
	}
	if (cmd[0] == '-')
		return tui(argc, argv); /* --demo, -p PORT ... */
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i].name, cmd) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	mw_cli_error(NULL, _("%s: unknown command; see meterwise --help"), cmd);
	return MW_EXIT_USAGE;
}
