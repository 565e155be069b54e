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
#include "devload.h"
#include "i18n.h"
#include "identify.h"
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
	return _("Exit status:\n"
	         "  0    success\n"
	         "  1    device or line error (no reply, port missing, exception)\n"
	         "  2    usage or validation error (nothing was written)\n"
	         "  3    the meter reads back a different value than was written\n"
	         "  4    the meter was lost after a line change (the journal says where it was "
	         "looked for)\n"
	         "  130  interrupted\n");
}

/* Parse a whole decimal number in [min, max]; -1 if not. */
static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int mw_cli_conn_opt(struct mw_cli_conn *c, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case 'p':
		c->port = arg;
		return 1;
	case 'a':
		if (parse_int(arg, 0, 247, &v) < 0) {
			mw_cli_error(
			    NULL, _("-a %s: an address is a number from 1 to 247 (0 = broadcast)"),
			    arg);
			return -1;
		}
		c->addr = (int)v;
		return 1;
	case 'b':
		if (parse_int(arg, 50, 4000000, &v) < 0) {
			mw_cli_error(NULL, _("-b %s: not a baud rate (e.g. 9600)"), arg);
			return -1;
		}
		c->baud = (int)v;
		return 1;
	case 'f':
		if ((c->format = mw_format_parse(arg)) < 0) {
			mw_cli_error(NULL, _("-f %s: not a frame format; use 8N1, 8E1, 8O1 or 8N2"),
			             arg);
			return -1;
		}
		return 1;
	case 'm':
		c->model = arg;
		return 1;
	case MW_OPT_TIMEOUT:
		if (parse_int(arg, 1, 60000, &v) < 0) {
			mw_cli_error(NULL, _("--timeout %s: milliseconds from 1 to 60000"), arg);
			return -1;
		}
		c->timeout_ms = (int)v;
		return 1;
	case MW_OPT_RETRIES:
		if (parse_int(arg, 1, 20, &v) < 0) {
			mw_cli_error(NULL, _("--retries %s: tries per request, 1 to 20"), arg);
			return -1;
		}
		c->retries = (int)v;
		return 1;
	default:
		return 0;
	}
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

struct mw_linecfg mw_cli_line(const struct mw_cli_conn *c, const struct mw_model *m)
{
	struct mw_linecfg lc = {9600, MW_FMT_8N1};

	if (m) {
		lc.baud = m->line.default_baud;
		lc.format = m->line.default_format;
	}
	if (c->baud)
		lc.baud = c->baud;
	if (c->format >= 0)
		lc.format = (enum mw_format)c->format;
	return lc;
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
	b = mw_bus_open(c->port, &lc, err, sizeof err);
	if (!b) {
		mw_cli_error(cmd, "%s", err);
		return NULL;
	}
	if (c->timeout_ms)
		mw_bus_set_timeouts(b, c->timeout_ms, 0);
	if (c->retries)
		mw_bus_set_retries(b, c->retries);
	return b;
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
