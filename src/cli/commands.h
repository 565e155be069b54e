/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commands.h - the command table: every subcommand with its handler,
 * summary, synopsis and options (long and short name, argument, help,
 * completion hint).  Everything that lists commands or options is
 * derived from it: main's dispatch, `meterwise --help` and
 * `meterwise CMD --help`, the getopt_long tables, the shell's commands
 * and completion, the bash-completion file and the man-page parity test
 * (`meterwise --list-options`).
 */
#ifndef MW_COMMANDS_H
#define MW_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

/* What completes an option's argument (or a command's positional words). */
enum mw_cli_hint {
	MW_HINT_NONE,    /* free text or a number: nothing to offer */
	MW_HINT_PORT,    /* serial port or tcp:HOST[:PORT] */
	MW_HINT_ADDRESS, /* Modbus address 1-247 */
	MW_HINT_BAUD,    /* a standard baud rate */
	MW_HINT_FORMAT,  /* 8N1, 8E1, 8O1, 8N2 */
	MW_HINT_MODEL,   /* a device file id */
	MW_HINT_CHOICE,  /* one of the option's choices */
	MW_HINT_FILE,    /* a file name */
	MW_HINT_SETTING, /* NAME=VALUE of the meter's model (set) */
	MW_HINT_ACTION,  /* an action of the meter's model (act) */
};

/* One option of a command. */
struct mw_cli_opt {
	const char *name; /* long name without "--"; NULL ends a group */
	int key;          /* short letter, or an MW_OPT_* id (>= 256): getopt's value */
	int has_arg;      /* no_argument, required_argument, optional_argument */
	const char *arg;  /* argument name in help ("PORT"); NULL when none */
	const char *help; /* N_() one line of help; may hold '\n' */
	enum mw_cli_hint hint;
	const char *choices;  /* MW_HINT_CHOICE: space-separated words */
	const char *alias_of; /* deprecated spelling of --alias_of: warns, not listed */
};

/* The shell adds its port, and its line settings and meter, to these. */
enum { MW_CLI_SHELL_NO = 0, MW_CLI_SHELL_PLAIN = 1, MW_CLI_SHELL_PORT = 2, MW_CLI_SHELL_CONN = 3 };

/* One subcommand. */
struct mw_cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;                /* N_() one line for meterwise --help */
	const char *synopsis;               /* N_() what follows "meterwise NAME" in Usage */
	const char *about;                  /* N_() the description in CMD --help */
	const struct mw_cli_opt *groups[4]; /* option groups, NULL-terminated list */
	enum mw_cli_hint args;              /* what the positional words are */
	int shell;                          /* MW_CLI_SHELL_*: offered in the shell, and how */
};

/* The commands, NULL-name terminated, in the order --help lists them. */
extern const struct mw_cli_cmd mw_cli_commands[];

/* Option groups shared by several commands (commands.c). */
extern const struct mw_cli_opt mw_cli_opts_conn[]; /* -p -a -b -f -m --timeout --retries --trace */
extern const struct mw_cli_opt mw_cli_opts_std[];  /* -h --help, --version */

/* The command named name, or NULL. */
const struct mw_cli_cmd *mw_cli_command(const char *name);
/* The option --name of cmd (aliases too), or NULL. */
const struct mw_cli_opt *mw_cli_command_opt(const struct mw_cli_cmd *cmd, const char *name);

/*
 * getopt_long over cmd's table (built once per command).  Returns the
 * option's key, '?' on an unknown option or missing argument (getopt's
 * message printed), -1 at the end; a deprecated alias prints a warning
 * naming the new spelling.  Callers reset optind as with getopt_long.
 */
int mw_cli_getopt(const char *cmd, int argc, char **argv);

/* `meterwise CMD --help` from the table, with the exit codes. */
void mw_cli_usage(const char *cmd, FILE *f);
/* `meterwise --help`: the commands and their summaries. */
void mw_cli_usage_main(FILE *f);
/* "Try 'meterwise CMD --help'." on stderr. */
void mw_cli_try_help(const char *cmd);

/* The bash-completion script for meterwise, derived from the table. */
void mw_cli_bash_completion(FILE *f);
/* One line per option: "CMD<TAB>--long<TAB>-s<TAB>flags" (tests, man parity). */
void mw_cli_list_options(FILE *f);

#endif
