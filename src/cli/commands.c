/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commands.c - the command table and what is derived from it: the
 * getopt_long tables, `--help` of every command and of meterwise, the
 * option list the man-page parity test reads.  The bash-completion
 * script is written by bashcomp.c from the same table.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"

/* Options shared by several commands, one definition each. */
#define OPT_PORT                                                                                   \
	{                                                                                          \
		"port", 'p', required_argument, "PORT", N_("serial port, or tcp:HOST[:PORT]"),     \
		    MW_HINT_PORT, NULL, NULL                                                       \
	}
#define OPT_ADDRESS                                                                                \
	{                                                                                          \
		"address", 'a', required_argument, "ADDR",                                         \
		    N_("Modbus address 1-247, or a DL/T645 meter's 12 digits"), MW_HINT_ADDRESS,   \
		    NULL, NULL                                                                     \
	}
#define OPT_BAUD                                                                                   \
	{                                                                                          \
		"baud", 'b', required_argument, "BAUD",                                            \
		    N_("baud rate: 300 to 115200 (standard rates)"), MW_HINT_BAUD, NULL, NULL      \
	}
#define OPT_FORMAT                                                                                 \
	{                                                                                          \
		"format", 'f', required_argument, "FORMAT",                                        \
		    N_("frame format: 8N1, 8E1, 8O1 or 8N2"), MW_HINT_FORMAT, NULL, NULL           \
	}
#define OPT_MODEL                                                                                  \
	{                                                                                          \
		"model", 'm', required_argument, "MODEL",                                          \
		    N_("device file id (meterwise devices)"), MW_HINT_MODEL, NULL, NULL            \
	}
#define OPT_TIMEOUT                                                                                \
	{                                                                                          \
		"timeout", MW_OPT_TIMEOUT, required_argument, "MS",                                \
		    N_("reply timeout (default 500)"), MW_HINT_NONE, NULL, NULL                    \
	}
#define OPT_RETRIES                                                                                \
	{                                                                                          \
		"retries", MW_OPT_RETRIES, required_argument, "N",                                 \
		    N_("tries per request (default 3)"), MW_HINT_NONE, NULL, NULL                  \
	}
#define OPT_TRACE                                                                                  \
	{                                                                                          \
		"trace", MW_OPT_TRACE, optional_argument, "FILE",                                  \
		    N_("print every frame, to FILE or standard error (-)"), MW_HINT_FILE, NULL,    \
		    NULL                                                                           \
	}
#define OPT_JSON                                                                                   \
	{                                                                                          \
		"json", MW_OPT_JSON, no_argument, NULL, N_("JSON output for scripts"),             \
		    MW_HINT_NONE, NULL, NULL                                                       \
	}
#define OPT_YES                                                                                    \
	{                                                                                          \
		"yes", MW_OPT_YES, no_argument, NULL,                                              \
		    N_("do not ask (required when stdin is not a terminal)"), MW_HINT_NONE, NULL,  \
		    NULL                                                                           \
	}
#define OPT_PASSWORD                                                                               \
	{                                                                                          \
		"password", MW_OPT_PASSWORD, required_argument, "N",                               \
		    N_("the meter's password, where its file needs one"), MW_HINT_NONE, NULL, NULL \
	}
#define OPT_NO_JOURNAL                                                                             \
	{                                                                                          \
		"no-journal", MW_OPT_NO_JOURNAL, no_argument, NULL,                                \
		    N_("write even when the journal cannot be written"), MW_HINT_NONE, NULL, NULL  \
	}
#define OPT_RTS                                                                                    \
	{                                                                                          \
		"rts", MW_OPT_RTS, required_argument, "up|down",                                   \
		    N_("drive RTS for RS-485 direction: high (up) or low (down)\n"                 \
		       "while sending (adapters that need it; not on a pty)"),                     \
		    MW_HINT_CHOICE, "up down none", NULL                                           \
	}
#define OPT_RTS_DELAY                                                                              \
	{                                                                                          \
		"rts-delay", MW_OPT_RTS_DELAY, required_argument, "MS",                            \
		    N_("with --rts: RTS set this long before and after sending"), MW_HINT_NONE,    \
		    NULL, NULL                                                                     \
	}
#define OPT_LATENCY                                                                                \
	{                                                                                          \
		"latency", MW_OPT_LATENCY, required_argument, "MS",                                \
		    N_("the USB adapter's latency (default: its latency timer\n"                   \
		       "in sysfs, else measured)"),                                                \
		    MW_HINT_NONE, NULL, NULL                                                       \
	}
#define OPT_END                                                                                    \
	{                                                                                          \
		NULL, 0, 0, NULL, NULL, MW_HINT_NONE, NULL, NULL                                   \
	}

const struct mw_cli_opt mw_cli_opts_conn[] = {
    OPT_PORT,    OPT_ADDRESS, OPT_BAUD, OPT_FORMAT,    OPT_MODEL,   OPT_TIMEOUT,
    OPT_RETRIES, OPT_TRACE,   OPT_RTS,  OPT_RTS_DELAY, OPT_LATENCY, OPT_END,
};

const struct mw_cli_opt mw_cli_opts_std[] = {
    {"help", 'h', no_argument, NULL, N_("this help"), MW_HINT_NONE, NULL, NULL},
    {"version", MW_OPT_VERSION, no_argument, NULL, N_("the version"), MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

static const struct mw_cli_opt read_opts[] = {
    OPT_JSON,
    {"csv", MW_OPT_CSV, no_argument, NULL, N_("CSV: a header, then one row per reading"),
     MW_HINT_NONE, NULL, NULL},
    {"watch", MW_OPT_WATCH, required_argument, "SECONDS",
     N_("read again every SECONDS until Ctrl-C"), MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

static const struct mw_cli_opt check_opts[] = {
    OPT_JSON,
    {"watch", MW_OPT_WATCH, required_argument, "SECONDS",
     N_("check again every SECONDS until Ctrl-C"), MW_HINT_NONE, NULL, NULL},
    {"nominal-voltage", MW_OPT_NOMINAL_V, required_argument, "V",
     N_("expected phase voltage (default 230)"), MW_HINT_NONE, NULL, NULL},
    {"nominal-frequency", MW_OPT_NOMINAL_F, required_argument, "HZ",
     N_("expected frequency (default 50)"), MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

static const struct mw_cli_opt set_opts[] = {
    OPT_YES, OPT_PASSWORD, OPT_JSON, OPT_NO_JOURNAL, OPT_END,
};

static const struct mw_cli_opt act_opts[] = {
    OPT_YES,
    {"confirm-address", MW_OPT_CONFIRM_ADDRESS, required_argument, "ADDR",
     N_("the meter's address, for actions that destroy data"), MW_HINT_ADDRESS, NULL, NULL},
    OPT_PASSWORD,
    OPT_JSON,
    OPT_NO_JOURNAL,
    OPT_END,
};

static const struct mw_cli_opt time_sync_opts[] = {
    OPT_PORT,
    {"address", 'a', required_argument, "ADDR",
     N_("a DL/T645 meter (12 digits) whose clock is read back; repeat for more"), MW_HINT_NONE,
     NULL, NULL},
    OPT_BAUD,
    OPT_FORMAT,
    OPT_TIMEOUT,
    OPT_RETRIES,
    OPT_TRACE,
    OPT_YES,
    OPT_JSON,
    OPT_NO_JOURNAL,
    OPT_END,
};

static const struct mw_cli_opt scan_opts[] = {
    OPT_PORT,
    {"baud", 'b', required_argument, "LIST",
     N_("baud rates to try, e.g. 9600,19200 (default: every rate\n"
        "a device file lists)"),
     MW_HINT_BAUD, NULL, NULL},
    {"format", 'f', required_argument, "LIST",
     N_("frame formats to try: 8N1,8E1,8O1,8N2 (default: all the\n"
        "device files list)"),
     MW_HINT_FORMAT, NULL, NULL},
    {"address", 'a', required_argument, "MIN-MAX", N_("addresses to sweep (default 1-247)"),
     MW_HINT_NONE, NULL, NULL},
    {"addr", 'a', required_argument, "MIN-MAX", NULL, MW_HINT_NONE, NULL, "address"},
    {"timeout", 't', required_argument, "MS",
     N_("fixed per-probe timeout; MIN:MAX lets it adapt within\n"
        "bounds (default: 9t + slowest turnaround, measured)"),
     MW_HINT_NONE, NULL, NULL},
    {"expect", 'n', required_argument, "N", N_("stop once N devices are found"), MW_HINT_NONE, NULL,
     NULL},
    {"quick", 'q', no_argument, NULL,
     N_("factory defaults and common settings only; where every\n"
        "model of a setting answers address 0, trust that read"),
     MW_HINT_NONE, NULL, NULL},
    {"exhaustive", MW_OPT_EXHAUSTIVE, no_argument, NULL,
     N_("every address at every setting, no shortcut"), MW_HINT_NONE, NULL, NULL},
    {"no-identify", MW_OPT_NO_IDENTIFY, no_argument, NULL,
     N_("presence only: no identification reads (benchmarks)"), MW_HINT_NONE, NULL, NULL},
    {"protocol", MW_OPT_PROTOCOL, required_argument, "PROTO",
     N_("look for Modbus meters, DL/T645 meters or both\n"
        "(modbus, dlt645, all; default all)"),
     MW_HINT_CHOICE, "modbus dlt645 all", NULL},
    {"json", 'j', no_argument, NULL, N_("JSON on standard output"), MW_HINT_NONE, NULL, NULL},
    {"csv", MW_OPT_CSV, no_argument, NULL, N_("CSV: a header, then one row per device"),
     MW_HINT_NONE, NULL, NULL},
    {"stats", 's', no_argument, NULL, N_("time taken against the timing model's bound"),
     MW_HINT_NONE, NULL, NULL},
    OPT_TRACE,
    OPT_RTS,
    OPT_RTS_DELAY,
    OPT_LATENCY,
    OPT_END,
};

static const struct mw_cli_opt commission_opts[] = {
    OPT_PORT,
    OPT_TIMEOUT,
    OPT_RETRIES,
    OPT_TRACE,
    OPT_RTS,
    OPT_RTS_DELAY,
    OPT_LATENCY,
    OPT_YES,
    OPT_PASSWORD,
    {"report", MW_OPT_REPORT, required_argument, "FILE", N_("write the report to FILE too"),
     MW_HINT_FILE, NULL, NULL},
    {"report-format", MW_OPT_REPORT_FORMAT, required_argument, "FMT",
     N_("report format: text, csv or json (default: from the\n"
        "extension of --report's FILE, else text)"),
     MW_HINT_CHOICE, "text csv json", NULL},
    {"format", MW_OPT_REPORT_FORMAT, required_argument, "FMT", NULL, MW_HINT_CHOICE,
     "text csv json", "report-format"},
    {"once", MW_OPT_ONCE, no_argument, NULL, N_("stop after one meter"), MW_HINT_NONE, NULL, NULL},
    {"check", MW_OPT_CHECK, no_argument, NULL, N_("only check the plan; do not touch the bus"),
     MW_HINT_NONE, NULL, NULL},
    {"poll", MW_OPT_POLL, required_argument, "MS",
     N_("probe timeout while waiting (default: from the line)"), MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

static const struct mw_cli_opt json_only[] = {OPT_JSON, OPT_END};

static const struct mw_cli_opt journal_opts[] = {
    {"json", MW_OPT_JSON, no_argument, NULL, N_("the JSON lines as stored"), MW_HINT_NONE, NULL,
     NULL},
    {"tail", 'n', required_argument, "N", N_("the last N entries only"), MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

static const struct mw_cli_opt shell_opts[] = {
    OPT_PORT,
    {"baud", 'b', required_argument, "BAUD", N_("baud rate for the commands"), MW_HINT_BAUD, NULL,
     NULL},
    OPT_FORMAT,
    {"address", 'a', required_argument, "ADDR", N_("the meter to work with (as `use ADDR`)"),
     MW_HINT_ADDRESS, NULL, NULL},
    {"model", 'm', required_argument, "MODEL", N_("its model (as `use ADDR MODEL`)"), MW_HINT_MODEL,
     NULL, NULL},
    {"timeout", MW_OPT_TIMEOUT, required_argument, "MS", N_("reply timeout for the commands"),
     MW_HINT_NONE, NULL, NULL},
    {"keep-going", 'k', no_argument, NULL, N_("in a script, run every line even after a failure"),
     MW_HINT_NONE, NULL, NULL},
    OPT_END,
};

const struct mw_cli_cmd mw_cli_commands[] = {
    {"ports",
     mw_cli_ports,
     N_("list serial ports and USB adapters"),
     N_("[--json]"),
     N_("List the serial ports: name, USB vendor:product id, product,\n"
        "manufacturer, serial number and description.  Ports that cannot be\n"
        "opened are marked busy or not permitted, with how to fix it."),
     {json_only, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_PLAIN},
    {"scan",
     mw_cli_scan,
     N_("find the meters on a bus: address, line settings, model"),
     N_("-p PORT [-b LIST] [-f LIST] [-a MIN-MAX] [-t MS|MIN:MAX]\n"
        "[-n N] [-q] [--exhaustive] [--no-identify] [--protocol PROTO]\n"
        "[-j|--csv] [-s] [--trace[=FILE]]"),
     N_("Find every device on the line: its protocol, address, baud rate, frame format\n"
        "and model.  Modbus meters first, then DL/T645-2007 meters: a read address at\n"
        "each DL/T645 baud (2400, 1200, 4800, 9600; 8E1), and where several meters\n"
        "answer at once, a search over abbreviated addresses.  --address and\n"
        "--timeout apply to the Modbus sweep only.  The scan only reads; it never\n"
        "writes to a device.  It exits 1 when it finds no device, or fewer than\n"
        "--expect.  --addr is a deprecated spelling of --address."),
     {scan_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_PORT},
    {"read",
     mw_cli_read,
     N_("read every value of one meter (table, JSON, CSV, --watch)"),
     N_("-p PORT -a ADDR [-b BAUD] [-f FORMAT] [-m MODEL]\n"
        "[--json|--csv] [--watch SECONDS] [--timeout MS] [--retries N]\n"
        "[--trace[=FILE]]"),
     N_("Read every value of one meter in the fewest requests and print a\n"
        "per-phase table (L1, L2, L3, total) with units, then the other values.\n"
        "Without -m the model is identified from the device files.  -b and -f\n"
        "default to the model's factory settings (9600 8N1 when identifying)."),
     {mw_cli_opts_conn, read_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_CONN},
    {"check",
     mw_cli_check,
     N_("diagnose the wiring of one meter"),
     N_("-p PORT -a ADDR [-b BAUD] [-f FORMAT] [-m MODEL]\n"
        "[--json] [--watch SECONDS] [--nominal-voltage V]\n"
        "[--nominal-frequency HZ] [--timeout MS] [--retries N] [--trace[=FILE]]"),
     N_("Read one meter's per-phase voltage, current and powers and diagnose the\n"
        "wiring: reversed CTs, a CT on the wrong phase, reversed phase sequence,\n"
        "a lost phase, unbalance, voltage and frequency out of range, the meter's\n"
        "own alarms.  Each verdict says how sure it is and how to fix it; what\n"
        "the readings cannot tell apart is said.  Switch on some load on every\n"
        "phase first: without current the CTs cannot be judged.\n"
        "\n"
        "The exit status is 0 when the check ran, whatever it found: read\n"
        "\"healthy\" in the JSON to act on the verdict."),
     {mw_cli_opts_conn, check_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_CONN},
    {"set",
     mw_cli_set,
     N_("change settings: validated, verified, followed, journaled"),
     N_("-p PORT -a ADDR [-b BAUD] [-f FORMAT] [-m MODEL]\n"
        "NAME=VALUE... [--yes] [--password N] [--json] [--no-journal]"),
     N_("Change settings of one meter.  Every NAME=VALUE is checked against the\n"
        "device file (unknown setting, range, choices, settings the manual leaves\n"
        "open) before anything is sent; the registers are shown old -> new and,\n"
        "unless --yes, you confirm.  Writes use the model's function code and are\n"
        "read back.  After an address, baud or format change meterwise follows the\n"
        "meter to its new settings; if it is not there it looks at the likely\n"
        "settings and says where it is.  Every write goes to the journal.\n"
        "\n"
        "Example: meterwise set -p /dev/ttyUSB0 -a 1 address=5 baud=19200"),
     {mw_cli_opts_conn, set_opts, mw_cli_opts_std, NULL},
     MW_HINT_SETTING,
     MW_CLI_SHELL_CONN},
    {"act",
     mw_cli_act,
     N_("run an action (clear energy, relay on/off...)"),
     N_("-p PORT -a ADDR [-b BAUD] [-f FORMAT] [-m MODEL]\n"
        "ACTION [PARAM] [--yes [--confirm-address ADDR]] [--no-journal]"),
     N_("Run an action of the device file (meterwise devices MODEL lists them):\n"
        "clear energy, relay on or off, forced power on or off...  Actions that\n"
        "destroy data ask you to type the meter's address; in scripts give --yes\n"
        "and --confirm-address with that address."),
     {mw_cli_opts_conn, act_opts, mw_cli_opts_std, NULL},
     MW_HINT_ACTION,
     MW_CLI_SHELL_CONN},
    {"time-sync",
     mw_cli_time_sync,
     N_("set the clocks of DL/T645 meters by broadcast, and verify"),
     N_("-p PORT [-b BAUD] [-f FORMAT] [-a ADDR]... [--yes] [--json]\n"
        "[--no-journal] [--timeout MS] [--retries N] [--trace[=FILE]]"),
     N_("Broadcast this computer's time to every DL/T645 meter on the line at\n"
        "BAUD and FORMAT (default 2400 8E1): command 0x08 to 999999999999, which\n"
        "no meter answers.  Then the date and time of each meter named with -a\n"
        "(12 digits) are read back: verified when within 5 seconds.  A meter may\n"
        "refuse a broadcast time more than 5 minutes from its own clock; set its\n"
        "date and time settings instead.  The broadcast and its outcome go to the\n"
        "journal."),
     {time_sync_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_PORT},
    {"commission",
     mw_cli_commission,
     N_("commission a panel from a plan, one meter at a time"),
     N_("-p PORT PLAN [--report FILE] [--report-format text|csv|json]\n"
        "[--yes] [--once] [--check] [--timeout MS] [--retries N] [--poll MS]\n"
        "[--password N] [--trace[=FILE]]"),
     N_("Commission a panel of new meters from a plan, one meter at a time.  PLAN is\n"
        "a CSV file whose first row names the columns: label,model,address,baud,format\n"
        "and then any settings of the device files (e.g. voltage_limit); one row per\n"
        "meter position; an empty cell leaves that setting as it is.  The whole plan\n"
        "is checked against the device files before the bus is touched.\n"
        "\n"
        "Connect the new meters one at a time.  meterwise watches the factory settings\n"
        "of the plan's models; when a meter answers it is identified, given the next\n"
        "open position of its model (address, line, settings: verified at its new\n"
        "settings and journaled), announced with a bell, and the next is awaited.\n"
        "A meter already at its planned settings is checked, not rewritten.  Garbled\n"
        "replies (two new meters at once) are reported and nothing is written.\n"
        "Progress is kept in the journal: run the same command again to continue.\n"
        "--format is a deprecated spelling of --report-format."),
     {commission_opts, mw_cli_opts_std, NULL},
     MW_HINT_FILE,
     MW_CLI_SHELL_PORT},
    {"shell",
     mw_cli_shell,
     N_("interactive console with completion"),
     N_("-p PORT [-b BAUD] [-f FORMAT] [-a ADDR] [-m MODEL] [--timeout MS] [-k]"),
     N_("An interactive console for one bus: the commands of meterwise (read, set,\n"
        "act, scan, check, devices, journal, ports, commission) without typing the\n"
        "port again.\n"
        "The shell's -p, -b, -f (and the meter chosen with `use`) are added to each\n"
        "command that does not give its own.  Tab completes commands, options, models,\n"
        "setting names and their values from the device files; history is kept across\n"
        "sessions.  Built-ins: use ADDR [MODEL], line BAUD FORMAT, help, exit.\n"
        "\n"
        "When standard input is not a terminal, the shell runs it as a script, one\n"
        "command a line ('#' starts a comment), and stops at the first command that\n"
        "fails, exiting with its code."),
     {shell_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_NO},
    {"devices",
     mw_cli_devices,
     N_("list the meter models, or show one model's map"),
     N_("[MODEL] [--json]"),
     N_("Without MODEL, list the meter models of the device files.  With MODEL,\n"
        "print its map: values (register, type, scale, unit, phase), settings\n"
        "(range or choices, line role, default), actions and stated gaps.\n"
        "Device files are read from $MW_DEVICES_PATH, the installed devices\n"
        "directory and $XDG_CONFIG_HOME/meterwise/devices; meterwise-devices(5)\n"
        "describes the format."),
     {json_only, mw_cli_opts_std, NULL},
     MW_HINT_MODEL,
     MW_CLI_SHELL_PLAIN},
    {"journal",
     mw_cli_journal,
     N_("show the journal of writes"),
     N_("[--json] [--tail N]"),
     N_("Print the journal of every write meterwise made: time, port, line\n"
        "settings, address, model, serial and firmware where readable, setting,\n"
        "old and new value, and the outcome (verified, mismatch, not-answering\n"
        "and where the meter was looked for).  --json prints the JSON lines as\n"
        "stored."),
     {journal_opts, mw_cli_opts_std, NULL},
     MW_HINT_NONE,
     MW_CLI_SHELL_PLAIN},
    {NULL, NULL, NULL, NULL, NULL, {NULL}, MW_HINT_NONE, MW_CLI_SHELL_NO},
};

const struct mw_cli_cmd *mw_cli_command(const char *name)
{
	for (const struct mw_cli_cmd *c = mw_cli_commands; name && c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const struct mw_cli_opt *mw_cli_command_opt(const struct mw_cli_cmd *cmd, const char *name)
{
	for (size_t g = 0; cmd && cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++)
			if (strcmp(o->name, name) == 0)
				return o;
	return NULL;
}

/* The getopt_long tables of one command, built from its groups. */
struct getopt_tables {
	const struct mw_cli_cmd *cmd;
	struct option lo[64];
	const struct mw_cli_opt *from[64]; /* table entry of lo[i] */
	char so[96];
};

/* Fill t for cmd; aborts on a table too big (a broken invariant). */
static void build_tables(struct getopt_tables *t, const struct mw_cli_cmd *cmd)
{
	size_t n = 0, k = 0;

	memset(t, 0, sizeof *t);
	t->cmd = cmd;
	t->so[k++] = ':'; /* ':' for a missing argument, our own message */
	for (size_t g = 0; cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++) {
			if (n + 1 >= sizeof t->lo / sizeof t->lo[0] || k + 4 >= sizeof t->so)
				abort();
			t->lo[n] = (struct option){o->name, o->has_arg, NULL, o->key};
			t->from[n++] = o;
			if (o->key > 0 && o->key < 128 && !memchr(t->so, o->key, k)) {
				t->so[k++] = (char)o->key;
				if (o->has_arg == required_argument)
					t->so[k++] = ':';
				else if (o->has_arg == optional_argument) {
					t->so[k++] = ':';
					t->so[k++] = ':';
				}
			}
		}
}

/* The option table entry for getopt's key (first with that key). */
static const struct mw_cli_opt *by_key(const struct mw_cli_cmd *cmd, int key)
{
	for (size_t g = 0; cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++)
			if (o->key == key)
				return o;
	return NULL;
}

int mw_cli_getopt(const char *name, int argc, char **argv)
{
	static struct getopt_tables t;
	const struct mw_cli_cmd *cmd = mw_cli_command(name);
	int idx = -1, opt;

	if (!cmd) {
		fprintf(stderr, "meterwise: internal error: no command '%s' in the table\n", name);
		abort();
	}
	if (t.cmd != cmd)
		build_tables(&t, cmd);
	opt = getopt_long(argc, argv, t.so, t.lo, &idx);
	if (opt == ':') {
		const struct mw_cli_opt *o = by_key(cmd, optopt);
		const char *what = argv[optind - 1];

		/* optopt is the key for a short or a long option alike. */
		if (o && o->arg)
			mw_cli_error(name, _("%s needs an argument (%s)"), what, o->arg);
		else
			mw_cli_error(name, _("%s needs an argument"), what);
		return '?';
	}
	if (opt == '?') {
		/* The leading ':' keeps getopt quiet: say it ourselves. */
		if (optopt > 0 && optopt < 128)
			mw_cli_error(name, _("-%c: unknown option"), optopt);
		else
			mw_cli_error(name, _("%s: unknown option"), argv[optind - 1]);
		return '?';
	}
	if (idx >= 0 && t.from[idx] && t.from[idx]->alias_of)
		mw_cli_error(name, _("warning: --%s is deprecated; use --%s"), t.from[idx]->name,
		             t.from[idx]->alias_of);
	return opt;
}

void mw_cli_try_help(const char *cmd)
{
	fprintf(stderr, _("Try 'meterwise %s --help'.\n"), cmd);
}

/* "  -p, --port PORT" or "      --trace[=FILE]" into buf. */
static void opt_left(const struct mw_cli_opt *o, char *buf, size_t sz)
{
	char shrt[8] = "    ";

	if (o->key > 0 && o->key < 128)
		snprintf(shrt, sizeof shrt, "-%c, ", o->key);
	if (!o->arg)
		snprintf(buf, sz, "  %s--%s", shrt, o->name);
	else if (o->has_arg == optional_argument)
		snprintf(buf, sz, "  %s--%s[=%s]", shrt, o->name, o->arg);
	else
		snprintf(buf, sz, "  %s--%s %s", shrt, o->name, o->arg);
}

/* Print text with every line after the first indented by indent columns. */
static void print_indented(FILE *f, const char *text, int indent)
{
	for (const char *p = text; *p; p++) {
		fputc(*p, f);
		if (*p == '\n' && p[1])
			fprintf(f, "%*s", indent, "");
	}
}

void mw_cli_usage(const char *name, FILE *f)
{
	const struct mw_cli_cmd *cmd = mw_cli_command(name);
	char left[96], head[64];
	int width = 0;

	if (!cmd) {
		fprintf(stderr, "meterwise: internal error: no command in the table\n");
		abort();
	}
	/* L10N: followed by "meterwise COMMAND" and the command's synopsis. */
	snprintf(head, sizeof head, "%s meterwise %s ", _("Usage:"), cmd->name);
	fputs(head, f);
	print_indented(f, _(cmd->synopsis), (int)strlen(head));
	fprintf(f, "\n\n");
	fprintf(f, "%s\n\n", _(cmd->about));
	for (size_t g = 0; cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++) {
			int l;

			if (o->alias_of)
				continue;
			opt_left(o, left, sizeof left);
			l = (int)strlen(left);
			if (l > width && l <= 28)
				width = l;
		}
	for (size_t g = 0; cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++) {
			if (o->alias_of)
				continue;
			opt_left(o, left, sizeof left);
			if ((int)strlen(left) > width)
				fprintf(f, "%s\n%*s  ", left, width, "");
			else
				fprintf(f, "%-*s  ", width, left);
			print_indented(f, _(o->help), width + 2);
			fputc('\n', f);
		}
	fprintf(f, "\n%s", mw_cli_exit_help());
}

void mw_cli_usage_main(FILE *f)
{
	fprintf(f, "%s",
	        _("Usage: meterwise [-p PORT] [--demo]\n"
	          "       meterwise COMMAND [OPTIONS]\n"
	          "\n"
	          "Commissioning tool for RS-485 energy meters (Modbus RTU).\n"
	          "Without a command, starts the interactive screen.\n"
	          "\n"
	          "Commands:\n"));
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		fprintf(f, "  %-11s %s\n", c->name, _(c->summary));
	fprintf(f, "\n%s\n%s",
	        _("`meterwise COMMAND --help` describes a command; meterwise(1) has them all."),
	        mw_cli_exit_help());
}

void mw_cli_list_options(FILE *f)
{
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		for (size_t g = 0; c->groups[g]; g++)
			for (const struct mw_cli_opt *o = c->groups[g]; o->name; o++) {
				char shrt[4] = "";

				if (o->key > 0 && o->key < 128)
					snprintf(shrt, sizeof shrt, "-%c", o->key);
				fprintf(f, "%s\t--%s\t%s\t%s\n", c->name, o->name, shrt,
				        o->alias_of ? "deprecated"
				        : c->groups[g] == mw_cli_opts_conn ||
				                c->groups[g] == mw_cli_opts_std
				            ? "shared"
				            : "own");
			}
}
