/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_shell.c - `meterwise shell -p PORT [-b BAUD] [-f FORMAT]`: a readline
 * console that runs the same commands as the command line (read, set, act,
 * scan, check, devices, journal, ports) by calling their functions with an
 * argv, adding the shell's port, line settings and `use` address and model
 * where a command does not give its own.  History is kept in
 * $XDG_STATE_HOME/meterwise/history; Tab completes commands, options,
 * models, setting names and enumeration values (shell_complete.c).  When
 * standard input is not a terminal it runs it as a script: one command a
 * line, '#' comments, stopping at the first failure (exit code of that
 * command) unless -k.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli.h"
#include "dlt_meter.h"
#include "commands.h"
#include "i18n.h"
#include "identify.h"
#include "shell.h"

/* What the shell adds to each command. */
struct shell {
	struct mw_cli_conn c; /* -p -b -f; -a and -m from `use` */
	struct mw_catalog cat;
	const struct mw_model *model; /* `use ADDR MODEL`, or identified */
	bool keep_going;
	int first_error;
};

/* The shell's commands' summaries, from the command table. */
static void builtin_help(void)
{
	printf("%s\n", _("Commands (each takes --help):"));
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		if (c->shell != MW_CLI_SHELL_NO)
			printf("  %-12s %s\n", c->name, _(c->summary));
	printf("%s", _("Built-ins:\n"
	               "  use ADDR [MODEL]   work with the meter at ADDR\n"
	               "  line BAUD FORMAT   line settings for the commands (alone: show them)\n"
	               "  help, exit\n"));
}

/* $XDG_STATE_HOME/meterwise/history, its directory created. */
static const char *history_path(void)
{
	static char path[PATH_MAX];
	const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX - 16];

	if (st && *st == '/')
		snprintf(dir, sizeof dir, "%s/meterwise", st);
	else
		snprintf(dir, sizeof dir, "%s/.local/state/meterwise", home && *home ? home : ".");
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/history", dir);
	return path;
}

/* Does argv give option -S (short letter; s may be NULL) or --LONG? */
static bool has_opt(int argc, char **argv, const char *s, const char *l)
{
	size_t ll = strlen(l);

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (s && argv[i][0] == '-' && argv[i][1] == s[1])
			return true;
		if (!strncmp(argv[i], l, ll) && (argv[i][ll] == '\0' || argv[i][ll] == '='))
			return true;
	}
	return false;
}

/* `use ADDR [MODEL]`: the meter the commands work with. */
static int use(struct shell *sh, int argc, char **argv)
{
	int a;

	if (argc < 2 || argc > 3) {
		if (sh->c.dlt[0])
			printf(_("Using DL/T645 meter %s%s%s.\n"), sh->c.dlt, sh->model ? ", " : "",
			       sh->model ? sh->model->name : "");
		else if (sh->c.addr > 0)
			printf(_("Using address %d%s%s.\n"), sh->c.addr, sh->model ? ", " : "",
			       sh->model ? sh->model->name : "");
		else
			printf("%s\n", _("No meter chosen: use ADDR [MODEL]"));
		return argc == 1 ? MW_EXIT_OK : MW_EXIT_USAGE;
	}
	if (strlen(argv[1]) == 12 && strspn(argv[1], "0123456789") == 12) {
		/* a DL/T645 meter: its 12 digits */
		snprintf(sh->c.dlt, sizeof sh->c.dlt, "%s", argv[1]);
		sh->c.addr = -1;
		sh->model = NULL;
		sh->c.model = NULL;
		if (argc == 3 && !(sh->model = mw_cli_model("shell", &sh->cat, argv[2])))
			return MW_EXIT_USAGE;
		if (argc == 2 && sh->c.port) {
			struct mw_dlt_meter dm;

			if (mw_cli_dlt_open("shell", &sh->c, &sh->cat, &dm) == MW_EXIT_OK) {
				sh->model = dm.model;
				mw_cli_close(dm.bus);
			}
		}
		if (sh->model)
			sh->c.model = sh->model->id;
		mw_shell_complete_setup(&sh->cat, sh->model);
		if (sh->model)
			printf(_("Using the %s at DL/T645 address %s.\n"), sh->model->name,
			       sh->c.dlt);
		return MW_EXIT_OK;
	}
	if (mw_cli_parse_address("use", argv[1], false, &a) < 0)
		return MW_EXIT_USAGE;
	sh->c.addr = a;
	sh->c.dlt[0] = '\0';
	sh->model = NULL;
	sh->c.model = NULL;
	if (argc == 3) {
		sh->model = mw_cli_model("shell", &sh->cat, argv[2]);
		if (!sh->model)
			return MW_EXIT_USAGE;
	} else if (sh->c.port) {
		/* Identify it now, so completion offers its settings. */
		struct mw_bus *b = mw_cli_open("shell", &sh->c, NULL);
		char what[256];

		if (b) {
			sh->model = mw_identify(b, sh->c.addr, &sh->cat, what, sizeof what);
			if (!sh->model)
				printf(_("Address %ld: %s\n"), (long)a, what);
			mw_cli_close(b);
		}
	}
	if (sh->model)
		sh->c.model = sh->model->id;
	mw_shell_complete_setup(&sh->cat, sh->model);
	if (sh->model)
		printf(_("Using the %s at address %d.\n"), sh->model->name, sh->c.addr);
	return MW_EXIT_OK;
}

/* `line BAUD FORMAT`; `line` alone says what the commands get. */
static int line(struct shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		if (sh->c.baud || sh->c.format >= 0)
			printf(_("Line settings: %d %s.\n"), sh->c.baud ? sh->c.baud : 9600,
			       mw_format_name(sh->c.format >= 0 ? (enum mw_format)sh->c.format
			                                        : MW_FMT_8N1));
		else
			printf("%s\n", _("Line settings: each meter's defaults."));
		/* L10N: how often this shell opened its port (1 when it stayed open). */
		printf(_("Port opens in this shell: %lu.\n"), mw_cli_hold_opens());
		return MW_EXIT_OK;
	}
	if (argc != 3 || mw_cli_conn_opt(&sh->c, 'b', argv[1]) < 0 ||
	    mw_cli_conn_opt(&sh->c, 'f', argv[2]) < 0) {
		if (argc != 3)
			mw_cli_error("shell", "%s", _("line BAUD FORMAT, e.g. line 9600 8E1"));
		return MW_EXIT_USAGE;
	}
	return MW_EXIT_OK;
}

/* After a command that moved the meter the shell works with (a new
 * address or line settings, followed by set): talk to it there. */
static void follow(struct shell *sh)
{
	struct mw_linecfg lc;
	int addr;

	if (!mw_cli_take_moved(&addr, &lc))
		return;
	if (addr != sh->c.addr && sh->c.addr > 0) {
		sh->c.addr = addr;
		printf(_("The shell now uses address %d.\n"), addr);
	}
	if (!mw_cli_is_tcp_port(sh->c.port) &&
	    (lc.baud != sh->c.baud || (int)lc.format != sh->c.format)) {
		sh->c.baud = lc.baud;
		sh->c.format = (int)lc.format;
		printf(_("The shell's line is now %d %s.\n"), lc.baud, mw_format_name(lc.format));
	}
}

/* Run one command's words; returns its exit code. */
static int run_words(struct shell *sh, int argc, char **argv)
{
	const struct mw_cli_cmd *cmd;
	char *args[256], num[3][24];
	int n = 0, rc;

	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "?")) {
		cmd = argc > 1 ? mw_cli_command(argv[1]) : NULL;
		if (cmd && cmd->shell != MW_CLI_SHELL_NO) {
			char *h[] = {argv[1], (char *)"--help", NULL};

			return cmd->run(2, h);
		}
		builtin_help();
		return MW_EXIT_OK;
	}
	if (!strcmp(argv[0], "use"))
		return use(sh, argc, argv);
	if (!strcmp(argv[0], "line"))
		return line(sh, argc, argv);
	cmd = mw_cli_command(argv[0]);
	if (!cmd || cmd->shell == MW_CLI_SHELL_NO) {
		mw_cli_error("shell", _("%s: unknown command; type help"), argv[0]);
		return MW_EXIT_USAGE;
	}
	if (argc > 200) {
		mw_cli_error("shell", "%s", _("too many words on one line"));
		return MW_EXIT_USAGE;
	}
	args[n++] = argv[0];
	if (cmd->shell >= MW_CLI_SHELL_PORT && sh->c.port && !has_opt(argc, argv, "-p", "--port")) {
		args[n++] = (char *)"-p";
		args[n++] = (char *)sh->c.port;
	}
	if (cmd->shell == MW_CLI_SHELL_CONN) {
		if (sh->c.baud && !has_opt(argc, argv, "-b", "--baud")) {
			snprintf(num[0], sizeof num[0], "%d", sh->c.baud);
			args[n++] = (char *)"-b";
			args[n++] = num[0];
		}
		if (sh->c.format >= 0 && !has_opt(argc, argv, "-f", "--format")) {
			args[n++] = (char *)"-f";
			args[n++] = (char *)mw_format_name((enum mw_format)sh->c.format);
		}
		if (sh->c.addr > 0 && !has_opt(argc, argv, "-a", "--address")) {
			snprintf(num[1], sizeof num[1], "%d", sh->c.addr);
			args[n++] = (char *)"-a";
			args[n++] = num[1];
		} else if (sh->c.dlt[0] && !has_opt(argc, argv, "-a", "--address")) {
			args[n++] = (char *)"-a";
			args[n++] = sh->c.dlt;
		}
		if (sh->c.model && !has_opt(argc, argv, "-m", "--model")) {
			args[n++] = (char *)"-m";
			args[n++] = (char *)sh->c.model;
		}
		if (sh->c.timeout_ms && !has_opt(argc, argv, NULL, "--timeout")) {
			snprintf(num[2], sizeof num[2], "--timeout=%d", sh->c.timeout_ms);
			args[n++] = num[2];
		}
	}
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	mw_cli_interrupted = 0;
	mw_cli_catch_signals();
	rc = cmd->run(n, args);
	follow(sh);
	fflush(stdout);
	fflush(stderr);
	{
		/* Forget getopt's place: a command that stopped inside "-xy" leaves it
		 * pointing into this line's words. */
		char *none[] = {args[0], NULL};

		optind = 0;
		opterr = 0;
		(void)getopt(1, none, "");
		opterr = 1;
	}
	mw_cli_catch_signals(); /* a command may have set its own handler */
	return rc;
}

/* Run one line; returns the exit code (0 for blank lines). */
static int run_line(struct shell *sh, const char *text)
{
	char **argv;
	int argc = mw_shell_split(text, &argv), rc;

	if (argc < 0) {
		mw_cli_error("shell", "%s", _("a quote is not closed"));
		return MW_EXIT_USAGE;
	}
	if (argc == 0 || argv[0][0] == '#') {
		mw_shell_free(argv);
		return MW_EXIT_OK;
	}
	rc = run_words(sh, argc, argv);
	fflush(stdout); /* a built-in's output too, before the next line is read */
	mw_shell_free(argv);
	return rc;
}

/* Readline's hook: our completion, no file names unless they fit. */
static char **complete(const char *text, int start, int end)
{
	bool no_space, files;
	char **m;

	(void)text;
	m = mw_shell_complete(rl_line_buffer, start, end, &no_space, &files);
	rl_attempted_completion_over = !files;
	rl_completion_append_character = no_space ? '\0' : ' ';
	return m;
}

static bool is_exit(const char *s)
{
	char **argv;
	int n = mw_shell_split(s, &argv);
	bool ex = n > 0 && (!strcmp(argv[0], "exit") || !strcmp(argv[0], "quit"));

	mw_shell_free(argv);
	return ex;
}

static int interactive(struct shell *sh)
{
	const char *hist = history_path();
	char prompt[96];
	int last = MW_EXIT_OK;

	rl_readline_name = "meterwise";
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = (char *)" \t\n\"'";
	using_history();
	stifle_history(1000);
	read_history(hist);
	printf("%s\n", _("meterwise shell: type help for the commands, Tab to complete, Ctrl-D to "
	                 "leave."));
	for (;;) {
		char *s;

		if (sh->c.addr > 0)
			snprintf(prompt, sizeof prompt, "meterwise %d%s%s> ", sh->c.addr,
			         sh->model ? " " : "", sh->model ? sh->model->id : "");
		else if (sh->c.dlt[0])
			snprintf(prompt, sizeof prompt, "meterwise %s%s%s> ", sh->c.dlt,
			         sh->model ? " " : "", sh->model ? sh->model->id : "");
		else
			snprintf(prompt, sizeof prompt, "meterwise> ");
		s = readline(prompt);
		if (!s) {
			printf("\n");
			break;
		}
		if (*s) {
			add_history(s);
			if (append_history(1, hist) != 0)
				write_history(hist);
		}
		if (is_exit(s)) {
			free(s);
			break;
		}
		last = run_line(sh, s);
		free(s);
	}
	return last;
}

static int script(struct shell *sh)
{
	char *s = NULL;
	size_t sz = 0;
	long lineno = 0;
	int first = MW_EXIT_OK;

	while (getline(&s, &sz, stdin) > 0) {
		int rc;

		lineno++;
		s[strcspn(s, "\r\n")] = '\0';
		if (is_exit(s))
			break;
		rc = run_line(sh, s);
		if (rc == MW_EXIT_OK)
			continue;
		mw_cli_error("shell", _("line %ld: `%s` failed with exit code %d%s"), lineno, s, rc,
		             sh->keep_going ? "" : _("; stopping (use -k to go on)"));
		if (first == MW_EXIT_OK)
			first = rc;
		if (!sh->keep_going)
			break;
	}
	free(s);
	return first;
}

int mw_cli_shell(int argc, char **argv)
{
	struct shell sh;
	int opt, rc;

	memset(&sh, 0, sizeof sh);
	mw_cli_conn_init(&sh.c);
	optind = 1;
	while ((opt = mw_cli_getopt("shell", argc, argv)) != -1) {
		int h = mw_cli_conn_opt(&sh.c, opt, optarg);

		if (h < 0)
			return MW_EXIT_USAGE;
		if (h)
			continue;
		switch (opt) {
		case 'k':
			sh.keep_going = true;
			break;
		case 'h':
			mw_cli_usage("shell", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("shell");
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		mw_cli_error("shell", _("%s: unexpected argument; commands go on standard input"),
		             argv[optind]);
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("shell", &sh.cat) < 0)
		return MW_EXIT_USAGE;
	if (sh.c.model) {
		sh.model = mw_cli_model("shell", &sh.cat, sh.c.model);
		if (!sh.model) {
			mw_catalog_free(&sh.cat);
			return MW_EXIT_USAGE;
		}
		sh.c.model = sh.model->id;
	}
	mw_shell_complete_setup(&sh.cat, sh.model);
	mw_cli_catch_signals();
	mw_cli_hold_begin();
	rc = isatty(STDIN_FILENO) ? interactive(&sh) : script(&sh);
	mw_cli_hold_end();
	mw_shell_complete_setup(NULL, NULL);
	mw_catalog_free(&sh.cat);
	return rc;
}
