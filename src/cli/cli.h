/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h - the command-line front end: one function per subcommand, the
 * options they share, and helpers (catalogue, bus, confirmation).
 *
 * Every command takes (argc, argv) with argv[0] the command name and
 * returns an exit code (enum mw_exit).  The command table (commands.c)
 * names them, with their options; main.c and the shell dispatch from it.
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
	int addr;          /* -a; -1 = not given (or a DL/T645 address: dlt) */
	char dlt[13];      /* -a as 12 digits: a DL/T645 meter; "" = Modbus */
	int baud;          /* -b; 0 = model default or 9600 */
	int format;        /* -f; -1 = model default or 8N1 */
	const char *model; /* -m */
	int timeout_ms;    /* --timeout; 0 = default */
	int retries;       /* --retries; 0 = default */
	const char *trace; /* --trace[=FILE]: NULL = off, "-" = standard error */
	bool no_journal;   /* --no-journal (set, act) */
};

/* getopt values of the options without a short letter (the table in commands.c). */
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
	MW_OPT_TRACE,
	MW_OPT_NO_JOURNAL,
	/* Options of one command each (the table in commands.c names them). */
	MW_OPT_NOMINAL_V,
	MW_OPT_NOMINAL_F,
	MW_OPT_REPORT,
	MW_OPT_REPORT_FORMAT,
	MW_OPT_ONCE,
	MW_OPT_POLL,
	MW_OPT_CHECK,
	MW_OPT_EXHAUSTIVE,
	MW_OPT_NO_IDENTIFY,
	MW_OPT_PROTOCOL,
	/* The adapter (link.h): shared by every command that opens a port. */
	MW_OPT_RTS,
	MW_OPT_RTS_DELAY,
	MW_OPT_LATENCY,
};

void mw_cli_conn_init(struct mw_cli_conn *c);
/*
 * Handle one of the shared options (-p -a -b -f -m --timeout --retries
 * --trace --no-journal --rts --rts-delay --latency).  Returns 1 when handled, 0 when not one of
 * them, -1 (message printed, naming the option and what it accepts) on a bad value.  -a 0 is
 * refused: no command takes the broadcast address.
 */
int mw_cli_conn_opt(struct mw_cli_conn *c, int opt, const char *arg);

/*
 * The strict parsers of command-line values, one each.  0, or -1 with a
 * message naming the option (opt, e.g. "--baud") and the accepted values.
 */
/* A standard baud rate, 300 to 115200, in decimal digits only. */
int mw_cli_parse_baud(const char *opt, const char *arg, int *baud);
/* A Modbus address in decimal digits: 1-247 (0 too when allow_zero). */
int mw_cli_parse_address(const char *opt, const char *arg, bool allow_zero, int *addr);
/* A frame format: 8N1, 8E1, 8O1 or 8N2 (any case). */
int mw_cli_parse_format(const char *opt, const char *arg, int *format);
/* "N" or "MIN-MAX" addresses within 1-247. */
int mw_cli_parse_address_range(const char *opt, const char *arg, int *lo, int *hi);
/* A whole decimal number in [min, max] (digits only).  No message. */
int mw_cli_parse_uint(const char *arg, long min, long max, long *out);
/* A port: a device path, tcp:HOST[:PORT] or rtutcp:HOST[:PORT], not empty. */
int mw_cli_parse_port(const char *opt, const char *arg);

/* "meterwise CMD: message" on stderr. */
void mw_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the version (--version of every command). */
void mw_cli_version(void);
/* Text of the option every command shares (--trace) and of the exit
 * codes, for --help. */
const char *mw_cli_exit_help(void);
/* Only the exit codes. */
const char *mw_cli_exit_codes(void);

/* Load the catalogue (warnings to stderr); -1 if nothing loads. */
int mw_cli_catalog(const char *cmd, struct mw_catalog *cat);
/* The model -m names, or NULL with a message listing the models. */
const struct mw_model *mw_cli_model(const char *cmd, const struct mw_catalog *cat, const char *id);
/* Behind a TCP gateway (tcp: or rtutcp:): no baud or format of ours. */
bool mw_cli_is_tcp_port(const char *port);
/* Line settings from the options, defaults from the model (may be NULL). */
struct mw_linecfg mw_cli_line(const struct mw_cli_conn *c, const struct mw_model *m);
/* Open the bus with the options' line and timing.  NULL with a message. */
struct mw_bus *mw_cli_open(const char *cmd, const struct mw_cli_conn *c, const struct mw_model *m);
/* Open PORT at lc (the held bus in the shell).  NULL with a message in err. */
struct mw_bus *mw_cli_open_line(const char *cmd, const char *port, const struct mw_linecfg *lc,
                                char *err, size_t errsz);
/* Close what mw_cli_open gave, unless the shell holds it (then it stays open,
 * unless the port failed: the next command opens it afresh). */
void mw_cli_close(struct mw_bus *b);
/* Close it even when held, so another owner (the engine session) can open the
 * port; the shell's next command opens it again. */
void mw_cli_release(struct mw_bus *b);

/*
 * The shell keeps one line open for its session: between hold_begin and
 * hold_end, mw_cli_open and mw_cli_open_line hand every command the same
 * bus (reopened only when the port changes or goes away), and mw_cli_close
 * leaves it open.  A command that moved its meter (address or line
 * settings, followed) notes where it is now; the shell takes that note and
 * talks to the meter there from then on.
 */
void mw_cli_hold_begin(void);
void mw_cli_hold_end(void);
/* How many times the port was opened while holding (for the shell's
 * `status` and its test). */
unsigned long mw_cli_hold_opens(void);
void mw_cli_note_moved(int addr, const struct mw_linecfg *lc);
/* The last note since the last take: true and where, or false. */
bool mw_cli_take_moved(int *addr, struct mw_linecfg *lc);
/* Say on stderr what was done to the bus's adapter (its latency timer lowered). */
void mw_cli_adapter_note(const char *cmd, const struct mw_bus *b);
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

/*
 * The meter's password (--password) checked against its model's unlock
 * setting before anything is opened or journaled.  0 when valid or not
 * given, or when the model has no password; -1 with a message.
 */
int mw_cli_check_password(const char *cmd, const struct mw_model *m, const char *password);

/* DL/T645 meters (-a with 12 digits), cli_dlt.c.  set and act: yes
 * (--yes), json (--json), password (--password LEVEL:PPPPPP), the
 * positional arguments args[0..n). */
struct mw_cli_dlt_args {
	const struct mw_cli_conn *c;
	bool yes, json;
	const char *password;
	char **args;
	int n;
};
int mw_cli_dlt_set(const struct mw_cli_dlt_args *a);
int mw_cli_dlt_act(const struct mw_cli_dlt_args *a);
/* Open the bus at the DL/T645 line defaults (2400 8E1 unless -b/-f or the
 * model say otherwise) and find the model (-m or identification). */
struct mw_dlt_meter;
int mw_cli_dlt_open(const char *cmd, const struct mw_cli_conn *c, const struct mw_catalog *cat,
                    struct mw_dlt_meter *m);
int mw_cli_time_sync(int argc, char **argv);
/* `commission` with a plan of DL/T645 meters (cli_commission_dlt.c): the
 * exit code, or -1 when PATH is no such plan (the Modbus workflow runs). */
struct mw_catalog;
int mw_cli_commission_dlt(const char *path, const struct mw_catalog *cat,
                          const struct mw_cli_conn *conn, bool yes, bool check,
                          const char *password);

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
