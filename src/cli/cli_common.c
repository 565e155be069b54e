/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_common.c - what the subcommands share: connection options, the
 * catalogue, opening the bus, identifying the meter, confirmation prompts,
 * error messages and signals.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "codec.h"
#include "devload.h"
#include "i18n.h"
#include "identify.h"
#include "link.h"
#include "trace.h"
#include "version.h"

volatile int mw_cli_interrupted;

void mw_cli_conn_init(struct mw_cli_conn *c)
{
	memset(c, 0, sizeof *c);
	c->addr = -1;
	c->format = -1;
}

void mw_cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "meterwise%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void mw_cli_version(void)
{
	mw_version_print(stdout, "meterwise");
}

const char *mw_cli_exit_help(void)
{
	static char text[4096];

	snprintf(text, sizeof text, "%s\n%s",
	         _("      --trace[=FILE]  write every frame in hex, with the time, direction and\n"
	           "                      what it was, to FILE (default: standard error)\n"),
	         mw_cli_exit_codes());
	return text;
}

const char *mw_cli_exit_codes(void)
{
	return _("Exit status:\n"
	         "  0    success\n"
	         "  1    device or line error (no reply, port missing, exception)\n"
	         "  2    usage or validation error (nothing was written)\n"
	         "  3    the meter reads back a different value than was written\n"
	         "  4    the meter was lost after a line change (the journal says where it was "
	         "looked for)\n"
	         "  130  interrupted\n");
}

int mw_cli_parse_uint(const char *s, long min, long max, long *out)
{
	long v = 0;

	/* Digits only: no sign, blank, base prefix, exponent or decimals. */
	if (!s || !*s || strlen(s) > 9)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The baud rates meterwise accepts on the command line. */
static const int std_bauds[] = {300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

int mw_cli_parse_baud(const char *opt, const char *arg, int *baud)
{
	long v;

	if (mw_cli_parse_uint(arg, 1, 115200, &v) == 0)
		for (size_t i = 0; i < sizeof std_bauds / sizeof std_bauds[0]; i++)
			if (v == std_bauds[i]) {
				*baud = (int)v;
				return 0;
			}
	mw_cli_error(NULL,
	             _("%s %s: not a baud rate; use one of 300, 600, 1200, 2400, 4800, 9600, "
	               "19200, 38400, 57600, 115200"),
	             opt, arg);
	return -1;
}

int mw_cli_parse_address(const char *opt, const char *arg, bool allow_zero, int *addr)
{
	long v;

	if (mw_cli_parse_uint(arg, allow_zero ? 0 : 1, 247, &v) == 0) {
		*addr = (int)v;
		return 0;
	}
	if (mw_cli_parse_uint(arg, 0, 0, &v) == 0)
		mw_cli_error(NULL,
		             _("%s 0: 0 is the broadcast address, which cannot be used here; give "
		               "the meter's own address, a whole number from 1 to 247"),
		             opt);
	else if (allow_zero)
		mw_cli_error(NULL, _("%s %s: an address is a whole number from 0 to 247"), opt,
		             arg);
	else
		mw_cli_error(NULL,
		             _("%s %s: an address is a whole number from 1 to 247 (Modbus) or 12 "
		               "digits (DL/T645)"),
		             opt, arg);
	return -1;
}

int mw_cli_parse_format(const char *opt, const char *arg, int *format)
{
	int f = mw_format_parse(arg);

	if (f < 0) {
		mw_cli_error(NULL, _("%s %s: not a frame format; use 8N1, 8E1, 8O1 or 8N2"), opt,
		             arg);
		return -1;
	}
	*format = f;
	return 0;
}

int mw_cli_parse_address_range(const char *opt, const char *arg, int *lo, int *hi)
{
	const char *dash = strchr(arg, '-');
	char first[16];
	long a, b;

	if (!dash) {
		if (mw_cli_parse_uint(arg, 1, 247, &a) == 0) {
			*lo = *hi = (int)a;
			return 0;
		}
	} else if ((size_t)(dash - arg) < sizeof first) {
		memcpy(first, arg, (size_t)(dash - arg));
		first[dash - arg] = '\0';
		if (mw_cli_parse_uint(first, 1, 247, &a) == 0 &&
		    mw_cli_parse_uint(dash + 1, 1, 247, &b) == 0 && a <= b) {
			*lo = (int)a;
			*hi = (int)b;
			return 0;
		}
	}
	mw_cli_error(NULL,
	             _("%s %s: give an address or MIN-MAX, whole numbers within 1-247 "
	               "(e.g. 1-20)"),
	             opt, arg);
	return -1;
}

int mw_cli_parse_port(const char *opt, const char *arg)
{
	static const char *const schemes[] = {"tcp:", "rtutcp:", "rtu-tcp:"};
	const char *host = NULL;

	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strncmp(arg, schemes[i], strlen(schemes[i])) == 0)
			host = arg + strlen(schemes[i]);
	if (host) {
		/* HOST[:PORT] or [V6][:PORT]; the bus checks the rest. */
		const char *end = *host == '[' ? strchr(host, ']') : NULL;
		const char *colon = end ? (end[1] == ':' ? end + 1 : NULL) : strrchr(host, ':');
		size_t hl = end     ? (size_t)(end - host - 1)
		            : colon ? (size_t)(colon - host)
		                    : strlen(host);
		long port;

		if ((*host == '[' && !end) || hl == 0 || (end && end[1] && !colon) ||
		    (colon && mw_cli_parse_uint(colon + 1, 1, 65535, &port) < 0)) {
			mw_cli_error(NULL,
			             _("%s %s: not a TCP address; write %.*sHOST or %.*sHOST:PORT "
			               "(PORT 1-65535)"),
			             opt, arg, (int)(host - arg), arg, (int)(host - arg), arg);
			return -1;
		}
		return 0;
	}
	if (!*arg) {
		mw_cli_error(NULL,
		             _("%s '': give a serial port (e.g. /dev/ttyUSB0, see `meterwise "
		               "ports`) or tcp:HOST[:PORT]"),
		             opt);
		return -1;
	}
	return 0;
}

int mw_cli_conn_opt(struct mw_cli_conn *c, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case 'p':
		if (mw_cli_parse_port("--port", arg) < 0)
			return -1;
		c->port = arg;
		return 1;
	case 'a':
		if (strlen(arg) == 12 && strspn(arg, "0123456789") == 12) {
			/* 12 digits: a DL/T645 meter */
			snprintf(c->dlt, sizeof c->dlt, "%s", arg);
			c->addr = -1;
			return 1;
		}
		c->dlt[0] = '\0';
		return mw_cli_parse_address("--address", arg, false, &c->addr) < 0 ? -1 : 1;
	case 'b':
		return mw_cli_parse_baud("--baud", arg, &c->baud) < 0 ? -1 : 1;
	case 'f':
		return mw_cli_parse_format("--format", arg, &c->format) < 0 ? -1 : 1;
	case 'm':
		c->model = arg;
		return 1;
	case MW_OPT_TIMEOUT:
		if (mw_cli_parse_uint(arg, 1, 60000, &v) < 0) {
			mw_cli_error(NULL, _("--timeout %s: milliseconds from 1 to 60000"), arg);
			return -1;
		}
		c->timeout_ms = (int)v;
		return 1;
	case MW_OPT_TRACE: {
		char err[512];

		if (arg && !*arg) {
			mw_cli_error(NULL, "%s",
			             _("--trace=: give a file name, or - for standard error"));
			return -1;
		}
		c->trace = arg ? arg : "-";
		if (mw_trace_open(c->trace, err, sizeof err) < 0) {
			mw_cli_error(NULL, "%s", err);
			return -1;
		}
		return 1;
	}
	case MW_OPT_RETRIES:
		if (mw_cli_parse_uint(arg, 1, 20, &v) < 0) {
			mw_cli_error(NULL, _("--retries %s: tries per request, 1 to 20"), arg);
			return -1;
		}
		c->retries = (int)v;
		return 1;
	case MW_OPT_NO_JOURNAL:
		c->no_journal = true;
		return 1;
	case MW_OPT_RTS:
	case MW_OPT_RTS_DELAY:
	case MW_OPT_LATENCY: {
		char err[256];
		const char *name = opt == MW_OPT_RTS         ? "rts"
		                   : opt == MW_OPT_RTS_DELAY ? "rts-delay"
		                                             : "latency";

		if (mw_link_parse_opt(name, arg, err, sizeof err) < 0) {
			mw_cli_error(NULL, "%s", err);
			return -1;
		}
		return 1;
	}
	default:
		return 0;
	}
}

int mw_cli_check_password(const char *cmd, const struct mw_model *m, const char *password)
{
	const struct mw_setting *s;
	uint32_t raw;
	char e[256];

	if (!password || !m || !m->unlock.present || !m->unlock.setting)
		return 0;
	s = mw_model_setting(m, m->unlock.setting);
	if (!s)
		return 0;
	e[0] = '\0';
	if (mw_setting_parse(s, password, &raw, e, sizeof e) < 0) {
		mw_cli_error(cmd, _("--password: not a valid password for the %s: %s"), m->name, e);
		return -1;
	}
	return 0;
}

static void warn_load(const char *msg)
{
	fprintf(stderr, "meterwise: %s\n", msg);
}

int mw_cli_catalog(const char *cmd, struct mw_catalog *cat)
{
	memset(cat, 0, sizeof *cat);
	if (mw_devload_all(cat, warn_load) <= 0) {
		const char *const *dirs = mw_devload_path();
		char list[1024];
		size_t len = 0;

		list[0] = '\0';
		for (; dirs && *dirs && len < sizeof list; dirs++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
			                        len ? ", " : "", *dirs);
		mw_cli_error(cmd, _("no device files found (searched %s); set MW_DEVICES_PATH"),
		             list);
		return -1;
	}
	return 0;
}

const struct mw_model *mw_cli_model(const char *cmd, const struct mw_catalog *cat, const char *id)
{
	const struct mw_model *m = mw_catalog_find(cat, id);
	char list[1024];
	size_t len = 0;

	if (m)
		return m;
	for (size_t i = 0; i < cat->n_models; i++) {
		/* Accept the display name too ("JSY-MK-333"). */
		if (strcasecmp(cat->models[i]->name, id) == 0)
			return cat->models[i];
	}
	list[0] = '\0';
	for (size_t i = 0; i < cat->n_models && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "",
		                        cat->models[i]->id);
	mw_cli_error(cmd, _("%s: no such model; the device files give: %s"), id, list);
	return NULL;
}

bool mw_cli_is_tcp_port(const char *port)
{
	return port && (strncmp(port, "tcp:", 4) == 0 || strncmp(port, "rtutcp:", 7) == 0 ||
	                strncmp(port, "rtu-tcp:", 8) == 0);
}

struct mw_linecfg mw_cli_line(const struct mw_cli_conn *c, const struct mw_model *m)
{
	struct mw_linecfg lc = {9600, MW_FMT_8N1};

	if (c->dlt[0] && (!m || m->protocol != MW_PROTO_DLT645)) {
		lc.baud = 2400; /* DL/T645's default line */
		lc.format = MW_FMT_8E1;
	} else if (m) {
		lc.baud = m->line.default_baud;
		lc.format = m->line.default_format;
	}
	if (c->baud)
		lc.baud = c->baud;
	if (c->format >= 0)
		lc.format = (enum mw_format)c->format;
	return lc;
}

/*
 * The shell's line: while holding is on (mw_cli_hold_begin), the bus the
 * first command opens stays open, locked, across commands; each command
 * gets it back at its own line settings, timeouts and retries, with fresh
 * statistics, as if newly opened.
 */
static struct {
	bool on;             /* between mw_cli_hold_begin and mw_cli_hold_end */
	struct mw_bus *bus;  /* the held bus, NULL until a command opens one */
	int response_ms;     /* the bus's own defaults, restored for each command */
	int byte_ms;         /* (milliseconds) */
	int retries;         /* tries after the first */
	unsigned long opens; /* mw_bus_open calls while holding */
	bool moved;          /* a command followed its meter (mw_cli_note_moved) */
	int moved_addr;
	struct mw_linecfg moved_line;
} held;

void mw_cli_hold_begin(void)
{
	memset(&held, 0, sizeof held);
	held.on = true;
}

void mw_cli_hold_end(void)
{
	mw_bus_close(held.bus);
	memset(&held, 0, sizeof held);
}

unsigned long mw_cli_hold_opens(void)
{
	return held.opens;
}

void mw_cli_note_moved(int addr, const struct mw_linecfg *lc)
{
	held.moved = true;
	held.moved_addr = addr;
	held.moved_line = *lc;
}

bool mw_cli_take_moved(int *addr, struct mw_linecfg *lc)
{
	if (!held.moved)
		return false;
	held.moved = false;
	*addr = held.moved_addr;
	*lc = held.moved_line;
	return true;
}

/* The held bus made ready for a command at lc, or NULL (none, another port,
 * or the port went away: closed, so a fresh open follows). */
static struct mw_bus *held_reuse(const char *cmd, const char *port, const struct mw_linecfg *lc)
{
	struct mw_bus *b = held.bus;
	char err[512];

	if (!b)
		return NULL;
	if (strcmp(mw_bus_port(b), port) != 0 || mw_bus_port_gone(b)) {
		mw_bus_close(b);
		held.bus = NULL;
		return NULL;
	}
	if (mw_bus_set_line(b, lc, err, sizeof err) < 0) {
		mw_cli_error(cmd, "%s", err);
		return NULL;
	}
	mw_bus_set_timeouts(b, held.response_ms, held.byte_ms);
	mw_bus_set_retries(b, held.retries);
	mw_bus_reset_stats(b);
	return b;
}

struct mw_bus *mw_cli_open_line(const char *cmd, const char *port, const struct mw_linecfg *lc,
                                char *err, size_t errsz)
{
	struct mw_bus *b;

	if (held.on && (b = held_reuse(cmd, port, lc)) != NULL)
		return b;
	b = mw_bus_open(port, lc, err, errsz);
	if (b && held.on) {
		held.bus = b;
		held.opens++;
		mw_bus_get_timeouts(b, &held.response_ms, &held.byte_ms);
		held.retries = mw_bus_retries(b);
	}
	return b;
}

void mw_cli_close(struct mw_bus *b)
{
	/* a port that failed (a restarted simulator, a replugged adapter) is
	 * opened afresh by the next command */
	if (b && b == held.bus && mw_bus_last_error(b) != MW_BUS_IO)
		return;
	if (b && b == held.bus)
		held.bus = NULL;
	mw_bus_close(b);
}

void mw_cli_release(struct mw_bus *b)
{
	if (b && b == held.bus)
		held.bus = NULL;
	mw_bus_close(b);
}

struct mw_bus *mw_cli_open(const char *cmd, const struct mw_cli_conn *c, const struct mw_model *m)
{
	struct mw_linecfg lc = mw_cli_line(c, m);
	struct mw_bus *b;
	char err[512];

	if (!c->port) {
		mw_cli_error(cmd, "%s",
		             _("no port given; use -p PORT (list them with `meterwise ports`)"));
		return NULL;
	}
	b = mw_cli_open_line(cmd, c->port, &lc, err, sizeof err);
	if (!b) {
		mw_cli_error(cmd, "%s", err);
		return NULL;
	}
	if (c->timeout_ms)
		mw_bus_set_timeouts(b, c->timeout_ms, 0);
	if (c->retries)
		mw_bus_set_retries(b, c->retries);
	mw_cli_adapter_note(cmd, b);
	return b;
}

void mw_cli_adapter_note(const char *cmd, const struct mw_bus *b)
{
	struct mw_link_adapter a;

	if (mw_bus_adapter(b, &a) == 0 && a.note[0])
		mw_cli_error(cmd, "%s: %s", mw_bus_name(b), a.note);
}

const struct mw_model *mw_cli_identify(const char *cmd, struct mw_bus *b,
                                       const struct mw_catalog *cat, const struct mw_cli_conn *c,
                                       int *code)
{
	const struct mw_model *m;
	char what[256];

	*code = MW_EXIT_OK;
	if (c->model) {
		m = mw_cli_model(cmd, cat, c->model);
		if (!m)
			*code = MW_EXIT_USAGE;
		return m;
	}
	what[0] = '\0';
	m = mw_identify(b, c->addr, cat, what, sizeof what);
	if (!m) {
		struct mw_linecfg lc = *mw_bus_line(b);

		if (mw_bus_last_error(b) == MW_BUS_TIMEOUT && !mw_bus_is_tcp(b))
			mw_cli_error(
			    cmd,
			    _("nothing answers at address %d at %d %s (%s); give the meter's "
			      "line settings with -b and -f, or find it with `meterwise scan`"),
			    c->addr, lc.baud, mw_format_name(lc.format), what);
		else
			mw_cli_error(cmd,
			             _("cannot tell which meter is at address %d: %s; name it with "
			               "-m MODEL"),
			             c->addr,
			             what[0] ? what : _("no device file's probes matched"));
		*code = MW_EXIT_DEVICE;
	}
	return m;
}

/* Read one line from the terminal into buf; false on EOF. */
static bool read_answer(char *buf, size_t sz)
{
	size_t n;

	fflush(stdout);
	if (!fgets(buf, (int)sz, stdin))
		return false;
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return true;
}

bool mw_cli_confirm(const char *question)
{
	char ans[32];

	/* L10N: the answer letters are y/yes in every language here. */
	printf("%s [y/N] ", question);
	if (!read_answer(ans, sizeof ans))
		return false;
	return strcasecmp(ans, "y") == 0 || strcasecmp(ans, "yes") == 0 ||
	       strcasecmp(ans, _("y")) == 0;
}

bool mw_cli_confirm_typed(const char *prompt, const char *expect)
{
	char ans[64];

	printf("%s ", prompt);
	if (!read_answer(ans, sizeof ans))
		return false;
	return strcmp(ans, expect) == 0;
}

static void on_signal(int sig)
{
	(void)sig;
	mw_cli_interrupted = 1;
}

void mw_cli_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
