/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h - the command-line front end: one function per subcommand, the
 * options they share, and helpers (catalogue, bus, confirmation).
 *
 * Every command takes (argc, argv) with argv[0] the command name and
 * returns an exit code (enum mw_exit).  Commands written by other areas
 * (scan, check, commission, shell) implement the same signature; main.c
 * finds them through weak references, so the program links without them.
 * Their files go in meterwise_SOURCES, not libmw.a: a weak reference does
 * not pull a member out of an archive.
 */
#ifndef MW_CLI_H
#define MW_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bus.h"
#include "model.h"

/* Exit codes, documented in meterwise(1) and --help. */
enum mw_exit {
	MW_EXIT_OK = 0,
	MW_EXIT_DEVICE = 1,   /* device or line error */
	MW_EXIT_USAGE = 2,    /* usage or validation error */
	MW_EXIT_MISMATCH = 3, /* read back differs from what was written */
	MW_EXIT_LOST = 4,     /* device lost after a line change (the journal says where) */
	MW_EXIT_INTERRUPTED = 130
};

/* Connection options shared by read, set, act (and scan, check...). */
struct mw_cli_conn {
	const char *port;  /* -p */
	int addr;          /* -a; -1 = not given */
	int baud;          /* -b; 0 = model default or 9600 */
	int format;        /* -f; -1 = model default or 8N1 */
	const char *model; /* -m */
	int timeout_ms;    /* --timeout; 0 = default */
	int retries;       /* --retries; 0 = default */
};

/* Long option ids of the shared options, for getopt_long tables. */
enum {
	MW_OPT_TIMEOUT = 1000,
	MW_OPT_RETRIES,
	MW_OPT_JSON,
	MW_OPT_CSV,
	MW_OPT_WATCH,
	MW_OPT_YES,
	MW_OPT_PASSWORD,
	MW_OPT_CONFIRM_ADDRESS,
	MW_OPT_VERSION,
	MW_OPT_TAIL,
	MW_OPT__NEXT /* other commands number their own options from here */
};

void mw_cli_conn_init(struct mw_cli_conn *c);
/*
 * Handle one of the shared options (-p -a -b -f -m --timeout --retries).
 * Returns 1 when handled, 0 when not one of them, -1 (message printed)
 * on a bad value.
 */
int mw_cli_conn_opt(struct mw_cli_conn *c, int opt, const char *arg);

/* "meterwise CMD: message" on stderr. */
void mw_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the version (--version of every command). */
void mw_cli_version(void);
/* Text of the exit codes, for --help. */
const char *mw_cli_exit_help(void);

/* Load the catalogue (warnings to stderr); -1 if nothing loads. */
int mw_cli_catalog(const char *cmd, struct mw_catalog *cat);
/* The model -m names, or NULL with a message listing the models. */
const struct mw_model *mw_cli_model(const char *cmd, const struct mw_catalog *cat, const char *id);
/* Line settings from the options, defaults from the model (may be NULL). */
struct mw_linecfg mw_cli_line(const struct mw_cli_conn *c, const struct mw_model *m);
/* Open the bus with the options' line and timing.  NULL with a message. */
struct mw_bus *mw_cli_open(const char *cmd, const struct mw_cli_conn *c, const struct mw_model *m);
/*
 * The model at c->addr: -m if given, else identified from the device
 * files.  NULL with a message (exit code in *code).
 */
const struct mw_model *mw_cli_identify(const char *cmd, struct mw_bus *b,
                                       const struct mw_catalog *cat, const struct mw_cli_conn *c,
                                       int *code);

/* Ask a yes/no question on the terminal; false on EOF or no. */
bool mw_cli_confirm(const char *question);
/* Ask the user to type `expect`; true if they did. */
bool mw_cli_confirm_typed(const char *prompt, const char *expect);

/* Set by SIGINT/SIGTERM when mw_cli_catch_signals() was called. */
extern volatile int mw_cli_interrupted;
void mw_cli_catch_signals(void);

/* The subcommands, one file each (cli_NAME.c). */
int mw_cli_devices(int argc, char **argv);
int mw_cli_ports(int argc, char **argv);
int mw_cli_read(int argc, char **argv);
int mw_cli_set(int argc, char **argv);
int mw_cli_act(int argc, char **argv);
int mw_cli_journal(int argc, char **argv);
int mw_cli_scan(int argc, char **argv);
int mw_cli_check(int argc, char **argv);
int mw_cli_commission(int argc, char **argv);
int mw_cli_shell(int argc, char **argv);

#endif
