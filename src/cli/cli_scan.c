/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_scan.c - `meterwise scan`: options, a progress line on a terminal,
 * the devices as a table, JSON or CSV (Modbus and DL/T645 meters, each
 * with its protocol and address: 1-247, or 12 digits), what looked wrong
 * (collisions, noise, activity that never decoded), and with --stats the
 * time taken against the timing model's bounds, for each pass.  The work
 * is done by scan.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h> /* optind */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cli.h"
#include "commands.h"
#include "csv.h"
#include "i18n.h"
#include "json.h"
#include "numfmt.h"
#include "scan.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct cli {
	struct mw_scan *scan;
	bool tty;       /* stderr is a terminal: progress and a growing list */
	double last_ms; /* last progress line, ms into the scan */
};

/* "9600,19200" -> bauds, each a standard rate; count, or -1 (message printed). */
static int parse_bauds(const char *s, int *out, int max)
{
	char buf[256], *tok, *save;
	int n = 0;

	if (!*s || strlen(s) >= sizeof buf || s[strlen(s) - 1] == ',' || strstr(s, ",,") ||
	    *s == ',') {
		mw_cli_error("scan",
		             _("--baud %s: give baud rates separated by commas, e.g. 9600,19200"),
		             s);
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n >= max) {
			mw_cli_error("scan", _("--baud %s: at most %d baud rates"), s, max);
			return -1;
		}
		if (mw_cli_parse_baud("--baud", tok, &out[n++]) < 0)
			return -1;
	}
	return n;
}

/* "8N1,8E1" -> formats; count, or -1 (message printed). */
static int parse_formats(const char *s, enum mw_format *out)
{
	char buf[64], *tok, *save;
	int n = 0, f;

	if (!*s || strlen(s) >= sizeof buf || s[strlen(s) - 1] == ',' || strstr(s, ",,") ||
	    *s == ',') {
		mw_cli_error("scan",
		             _("--format %s: give formats among 8N1, 8E1, 8O1, 8N2 separated by "
		               "commas"),
		             s);
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (mw_cli_parse_format("--format", tok, &f) < 0)
			return -1;
		if (n >= MW_FMT__COUNT) {
			mw_cli_error("scan", _("--format %s: each format once"), s);
			return -1;
		}
		out[n++] = (enum mw_format)f;
	}
	return n;
}

/* "N" or "MIN:MAX" (also "MIN-MAX") milliseconds within 1-60000; -1 if not. */
static int parse_timeouts(const char *s, int *lo, int *hi)
{
	size_t k = strcspn(s, ":-");
	char first[16];
	long a, b;

	if (k >= sizeof first)
		return -1;
	memcpy(first, s, k);
	first[k] = '\0';
	if (mw_cli_parse_uint(first, 1, 60000, &a) < 0)
		return -1;
	b = a;
	if (s[k] && mw_cli_parse_uint(s + k + 1, 1, 60000, &b) < 0)
		return -1;
	if (a > b)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

static void clear_line(struct cli *c)
{
	if (c->tty)
		fputs("\r\033[K", stderr);
}

static const char *dev_model(const struct mw_scan_dev *d)
{
	return d->model ? d->model->name : _("unknown");
}

static void formats_text(const struct mw_scan_dev *d, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < d->n_formats && len + 5 < sz; i++)
		len += snprintf(buf + len, sz - len, "%s%s", i ? "," : "",
		                mw_format_name(d->formats[i]));
}

static void on_found(void *ctx, const struct mw_scan_dev *d)
{
	struct cli *c = ctx;

	if (!c->tty)
		return;
	clear_line(c);
	if (d->protocol == MW_PROTO_DLT645)
		fprintf(stderr, _("found: DL/T645 meter %s at %d %s: %s\n"), d->dlt_addr,
		        d->line.baud, mw_format_name(d->line.format),
		        d->model ? d->model->name : d->what);
	else
		fprintf(stderr, _("found: address %d at %d %s: %s\n"), d->addr, d->line.baud,
		        mw_format_name(d->line.format), d->model ? d->model->name : d->what);
}

static void on_event(void *ctx, const struct mw_scan_event *e)
{
	struct cli *c = ctx;

	if (!c->tty)
		return;
	clear_line(c);
	fprintf(stderr, _("warning: %d %s: %s\n"), e->line.baud, mw_format_name(e->line.format),
	        e->text);
}

static void progress(struct cli *c, bool force)
{
	struct mw_scan_progress p;
	double now;

	if (!c->tty)
		return;
	mw_scan_progress(c->scan, &p);
	now = p.elapsed_s * 1000.0;
	if (!force && now - c->last_ms < 100)
		return;
	c->last_ms = now;
	clear_line(c);
	if (p.protocol == MW_PROTO_DLT645) {
		fprintf(stderr,
		        _("DL/T645 %d %s (%d/%d)  probe %-12s  timeout %d ms  found %d  %.1f s"),
		        p.line.baud, mw_format_name(p.line.format), p.line_index + 1, p.n_lines,
		        p.dlt_probe, p.timeout_ms, p.found, p.elapsed_s);
		return;
	}
	fprintf(stderr,
	        _("%d %s (%d/%d)  address %3d  timeout %d ms  found %d  %.1f s, "
	          "about %.0f s left"),
	        p.line.baud, mw_format_name(p.line.format), p.line_index + 1, p.n_lines, p.addr,
	        p.timeout_ms, p.found, p.elapsed_s, p.left_s);
}

static const char *event_kind(enum mw_scan_event_kind k)
{
	static const char *const n[] = {"collision", "noise", "activity", "slow", "broadcast"};

	return (unsigned)k < sizeof n / sizeof n[0] ? n[k] : "?";
}

static void print_json(struct mw_scan *s, const char *port, const struct mw_scan_stats *st)
{
	struct mw_json j;
	const struct mw_scan_dev *d;
	const struct mw_scan_event *e;
	bool tcp = mw_cli_is_tcp_port(port);
	int nd, ne;

	d = mw_scan_devices(s, &nd);
	e = mw_scan_events(s, &ne);
	mw_json_init(&j, stdout, true);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "port", port);
	mw_json_bool(&j, "interrupted", mw_scan_interrupted(s));
	mw_json_arr_begin(&j, "devices");
	for (int i = 0; i < nd; i++) {
		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "protocol", mw_protocol_name(d[i].protocol));
		if (d[i].protocol == MW_PROTO_DLT645)
			mw_json_str(&j, "address", d[i].dlt_addr); /* 12 digits */
		else
			mw_json_int(&j, "address", d[i].addr);
		if (!tcp) { /* through a gateway, its serial side is not ours */
			mw_json_int(&j, "baud", d[i].line.baud);
			mw_json_str(&j, "format", mw_format_name(d[i].line.format));
		}
		mw_json_arr_begin(&j, "formats");
		for (int f = 0; f < d[i].n_formats; f++)
			mw_json_str(&j, NULL, mw_format_name(d[i].formats[f]));
		mw_json_arr_end(&j);
		mw_json_str(&j, "model", d[i].model ? d[i].model->id : NULL);
		mw_json_str(&j, "model_name", d[i].model ? d[i].model->name : NULL);
		mw_json_str(&j, "what", d[i].what);
		mw_json_num(&j, "turnaround_ms", d[i].turnaround_ms);
		mw_json_obj_begin(&j, "configured");
		mw_json_str(&j, "address", d[i].cfg_addr[0] ? d[i].cfg_addr : NULL);
		mw_json_str(&j, "baud", d[i].cfg_baud[0] ? d[i].cfg_baud : NULL);
		mw_json_str(&j, "format", d[i].cfg_format[0] ? d[i].cfg_format : NULL);
		mw_json_obj_end(&j);
		mw_json_num(&j, "found_s", d[i].found_s);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_arr_begin(&j, "events");
	for (int i = 0; i < ne; i++) {
		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "kind", event_kind(e[i].kind));
		mw_json_int(&j, "address", e[i].addr);
		if (!tcp) {
			mw_json_int(&j, "baud", e[i].line.baud);
			mw_json_str(&j, "format", mw_format_name(e[i].line.format));
		}
		mw_json_int(&j, "bad", e[i].bad);
		mw_json_int(&j, "tries", e[i].tries);
		mw_json_str(&j, "text", e[i].text);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_obj_begin(&j, "stats");
	mw_json_int(&j, "settings", st->lines_done);
	mw_json_int(&j, "requests", (long)st->requests);
	mw_json_int(&j, "replies", (long)st->replies);
	mw_json_int(&j, "timeouts", (long)st->timeouts);
	mw_json_int(&j, "corrupt", (long)st->corrupt);
	mw_json_num(&j, "elapsed_s", st->elapsed_s);
	mw_json_num(&j, "bound_s", st->bound_s);
	mw_json_num(&j, "physical_bound_s", st->phys_bound_s);
	mw_json_num(&j, "t_max_ms", st->t_max_ms);
	mw_json_num(&j, "at_cost_s", st->at_cost_s);
	mw_json_num(&j, "total_s", st->total_s);
	mw_json_obj_begin(&j, "dlt645");
	mw_json_int(&j, "settings", st->dlt.settings);
	mw_json_int(&j, "probes", (long)st->dlt.probes);
	mw_json_int(&j, "replies", (long)st->dlt.replies);
	mw_json_int(&j, "timeouts", (long)st->dlt.timeouts);
	mw_json_int(&j, "corrupt", (long)st->dlt.corrupt);
	mw_json_int(&j, "identification_requests", (long)st->dlt.id_requests);
	mw_json_num(&j, "elapsed_s", st->dlt.elapsed_s);
	mw_json_num(&j, "bound_s", st->dlt.bound_s);
	mw_json_num(&j, "physical_bound_s", st->dlt.phys_bound_s);
	mw_json_num(&j, "t_max_ms", st->dlt.t_max_ms);
	mw_json_num(&j, "at_cost_s", st->dlt.at_cost_s);
	if (st->adapter[0]) {
		mw_json_num(&j, "adapter_latency_ms", st->adapter_ms);
		mw_json_bool(&j, "adapter_echo", st->adapter_echo);
	}
	mw_json_obj_end(&j);
	mw_json_obj_end(&j);
	mw_json_obj_end(&j);
}

/* One CSV cell after a separator (first: none). */
static void csv_put(bool first, const char *v)
{
	if (!first)
		putchar(',');
	mw_csv_cell(stdout, v, false);
}

/* One CSV row per device: protocol, address, line, model, what it said. */
static void print_csv(struct mw_scan *s, bool tcp)
{
	static const char *const head[] = {
	    "protocol",        "address",          "baud", "format",        "formats",
	    "model",           "model_name",       "what", "turnaround_ms", "configured_address",
	    "configured_baud", "configured_format"};
	const struct mw_scan_dev *d;
	char addr[16], baud[16], ta[32], fmts[64];
	int nd;

	d = mw_scan_devices(s, &nd);
	for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
		csv_put(k == 0, head[k]);
	putchar('\n');
	for (int i = 0; i < nd; i++) {
		if (d[i].protocol == MW_PROTO_DLT645)
			snprintf(addr, sizeof addr, "%s", d[i].dlt_addr);
		else
			snprintf(addr, sizeof addr, "%d", d[i].addr);
		snprintf(baud, sizeof baud, "%d", d[i].line.baud);
		formats_text(&d[i], fmts, sizeof fmts);
		mw_numfmt_fixed(d[i].turnaround_ms, 1, ta, sizeof ta);
		csv_put(true, mw_protocol_name(d[i].protocol));
		csv_put(false, addr);
		csv_put(false, tcp ? NULL : baud);
		csv_put(false, tcp ? NULL : mw_format_name(d[i].line.format));
		csv_put(false, fmts);
		csv_put(false, d[i].model ? d[i].model->id : NULL);
		csv_put(false, d[i].model ? d[i].model->name : NULL);
		csv_put(false, d[i].what);
		csv_put(false, d[i].turnaround_ms >= 0 ? ta : NULL);
		csv_put(false, d[i].cfg_addr);
		csv_put(false, d[i].cfg_baud);
		csv_put(false, d[i].cfg_format);
		putchar('\n');
	}
}

/* The address as the table shows it: 1-247, or DL/T645's 12 digits. */
static const char *dev_addr(const struct mw_scan_dev *d, char *buf, size_t sz)
{
	if (d->protocol == MW_PROTO_DLT645)
		snprintf(buf, sz, "%s", d->dlt_addr);
	else
		snprintf(buf, sz, "%d", d->addr);
	return buf;
}

static void print_stats(const struct mw_scan_stats *st)
{
	const struct mw_scan_dlt_stats *dl = &st->dlt;

	if (st->lines_done > 0) {
		printf(_("stats: %lu requests, %lu replies, %lu timeouts, %lu corrupt\n"),
		       st->requests, st->replies, st->timeouts, st->corrupt);
		printf(_("stats: time %.3f s; bound at the timeouts used %.3f s (ratio %.3f)\n"),
		       st->elapsed_s, st->bound_s,
		       st->bound_s > 0 ? st->elapsed_s / st->bound_s : 0);
		printf(_("stats: physical bound (timeout 9t + T_max + L, T_max %.1f ms, L %.1f ms) "
		         "%.3f s (ratio %.3f)\n"),
		       st->t_max_ms > 0 ? st->t_max_ms : 0, st->adapter_ms, st->phys_bound_s,
		       st->phys_bound_s > 0 ? st->elapsed_s / st->phys_bound_s : 0);
		if (st->adapter[0])
			printf(_("stats: adapter: %s\n"), st->adapter);
		printf(_("stats: bounds: N_empty*tau + sum over replies of 8t + T + (5+2n)t, T "
		         "each device's shortest measured turnaround; identification and waits "
		         "after corrupt replies (%.3f s) counted as taken\n"),
		       st->at_cost_s);
	}
	if (dl->settings == 0)
		return;
	printf(_("stats: DL/T645: %lu read-address probes at %d setting(s): %lu replies, %lu "
	         "timeouts, %lu garbled (meters answering at once); %lu identification "
	         "reads\n"),
	       dl->probes, dl->settings, dl->replies, dl->timeouts, dl->corrupt, dl->id_requests);
	printf(_("stats: DL/T645: time %.3f s; bound at the timeouts used %.3f s (ratio %.3f)\n"),
	       dl->elapsed_s, dl->bound_s, dl->bound_s > 0 ? dl->elapsed_s / dl->bound_s : 0);
	printf(_("stats: DL/T645: physical bound (timeout (q+1)t + T_max, T_max %.1f ms%s) %.3f "
	         "s (ratio %.3f)\n"),
	       dl->t_max_ms >= 0 ? dl->t_max_ms : (double)DLT645_TURNAROUND_MAX_MS,
	       dl->t_max_ms >= 0 ? "" : _(", the standard's: no meter answered"), dl->phys_bound_s,
	       dl->phys_bound_s > 0 ? dl->elapsed_s / dl->phys_bound_s : 0);
	printf(_("stats: DL/T645 bounds: N_empty*tau + sum over replies of (q+r)t + T, q = 16 "
	         "characters of a read address with its wake-up bytes, r the reply frame, T "
	         "each meter's shortest measured turnaround; garbled probes, quiet waits "
	         "after a reply and identification (%.3f s) counted as taken\n"),
	       dl->at_cost_s);
}

static void print_text(struct mw_scan *s, const struct mw_scan_stats *st, bool stats, bool tcp)
{
	const struct mw_scan_dev *d;
	const struct mw_scan_event *e;
	int nd, ne, aw = 5, mw = 14;
	char fmts[64], cfg[96], addr[16];

	d = mw_scan_devices(s, &nd);
	e = mw_scan_events(s, &ne);
	for (int i = 0; i < nd; i++) { /* column widths: DL/T645 addresses, long names */
		int n = (int)strlen(dev_model(&d[i]));

		if (d[i].protocol == MW_PROTO_DLT645)
			aw = 12;
		if (n > mw)
			mw = n;
	}
	if (nd > 0)
		printf("%-*s %-7s %-12s %-*s %-8s %s\n", aw, _("ADDR"), _("BAUD"), _("FORMAT"), mw,
		       _("MODEL"), _("PROTOCOL"), _("NOTES"));
	for (int i = 0; i < nd; i++) {
		formats_text(&d[i], fmts, sizeof fmts);
		cfg[0] = '\0';
		if (!d[i].model)
			snprintf(cfg, sizeof cfg, "%s", d[i].what);
		else if (d[i].n_formats > 1 && d[i].cfg_format[0])
			snprintf(cfg, sizeof cfg, _("answers at several formats; set to %s"),
			         d[i].cfg_format);
		else if (d[i].n_formats > 1)
			snprintf(cfg, sizeof cfg, _("answers at several formats"));
		dev_addr(&d[i], addr, sizeof addr);
		if (tcp) /* the gateway's baud and format are not ours to know */
			printf("%*s %-7s %-12s %-*s %-8s %s\n", aw, addr, "-", "-", mw,
			       dev_model(&d[i]), mw_protocol_name(d[i].protocol), cfg);
		else
			printf("%*s %-7d %-12s %-*s %-8s %s\n", aw, addr, d[i].line.baud, fmts, mw,
			       dev_model(&d[i]), mw_protocol_name(d[i].protocol), cfg);
	}
	for (int i = 0; i < ne; i++)
		printf(_("warning: %d %s: %s\n"), e[i].line.baud, mw_format_name(e[i].line.format),
		       e[i].text);
	printf(_("%d device(s) in %.1f s (%d setting(s), %lu request(s))%s\n"), nd, st->total_s,
	       st->lines_done + st->dlt.settings,
	       st->requests + st->dlt.probes + st->dlt.id_requests,
	       mw_scan_interrupted(s) ? _("; interrupted: the scan did not finish") : "");
	if (st->dlt.settings > 0)
		printf(_("DL/T645: %lu probes at %d setting(s) in %.1f s; bound at the timeouts "
		         "used %.1f s, physical bound %.1f s\n"),
		       st->dlt.probes, st->dlt.settings, st->dlt.elapsed_s, st->dlt.bound_s,
		       st->dlt.phys_bound_s);
	if (stats)
		print_stats(st);
}

/* "modbus", "dlt645" or "all" -> MW_SCAN_* bits; -1 (message printed). */
static int parse_protocol(const char *s, unsigned *out)
{
	if (strcmp(s, "modbus") == 0)
		*out = MW_SCAN_MODBUS;
	else if (strcmp(s, "dlt645") == 0)
		*out = MW_SCAN_DLT645;
	else if (strcmp(s, "all") == 0)
		*out = MW_SCAN_MODBUS | MW_SCAN_DLT645;
	else {
		mw_cli_error("scan", _("--protocol %s: give modbus, dlt645 or all"), s);
		return -1;
	}
	return 0;
}

int mw_cli_scan(int argc, char **argv)
{
	struct mw_scan_opts so = {0};
	struct mw_catalog cat = {NULL, 0};
	struct mw_linecfg lc = {9600, MW_FMT_8N1};
	struct mw_scan_stats st;
	struct sigaction sa, old_sa;
	struct cli c = {0};
	int bauds[MW_SCAN_MAX_LINES];
	enum mw_format fmts[MW_FMT__COUNT];
	struct mw_cli_conn conn;
	const char *port;
	bool json = false, csv = false, stats = false;
	struct mw_bus *b;
	char err[512];
	int opt, rc, nd;

	mw_cli_conn_init(&conn);
	optind = 1;
	while ((opt = mw_cli_getopt("scan", argc, argv)) != -1) {
		switch (opt) {
		case 'p':
		case MW_OPT_TRACE:
		case MW_OPT_RTS:
		case MW_OPT_RTS_DELAY:
		case MW_OPT_LATENCY:
			if (mw_cli_conn_opt(&conn, opt, optarg) < 0)
				return MW_EXIT_USAGE;
			break;
		case 'b':
			rc = parse_bauds(optarg, bauds, MW_SCAN_MAX_LINES);
			if (rc <= 0)
				return MW_EXIT_USAGE;
			so.bauds = bauds;
			so.n_bauds = (size_t)rc;
			break;
		case 'f':
			rc = parse_formats(optarg, fmts);
			if (rc <= 0)
				return MW_EXIT_USAGE;
			so.formats = fmts;
			so.n_formats = (size_t)rc;
			break;
		case 'a':
			if (mw_cli_parse_address_range("--address", optarg, &so.addr_min,
			                               &so.addr_max) < 0)
				return MW_EXIT_USAGE;
			break;
		case 't':
			if (parse_timeouts(optarg, &so.timeout_min_ms, &so.timeout_max_ms) < 0) {
				mw_cli_error("scan",
				             _("--timeout %s: give milliseconds (fixed) or MIN:MAX "
				               "(adaptive), "
				               "within 1-60000"),
				             optarg);
				return MW_EXIT_USAGE;
			}
			break;
		case 'n': {
			long v;

			if (mw_cli_parse_uint(optarg, 1, 247 * 20, &v) < 0) {
				mw_cli_error(
				    "scan",
				    _("--expect %s: give the number of devices on the line, "
				      "1 to 4940"),
				    optarg);
				return MW_EXIT_USAGE;
			}
			so.expect = (int)v;
			break;
		}
		case 'q':
			so.quick = true;
			break;
		case 'j':
			json = true;
			break;
		case MW_OPT_CSV:
			csv = true;
			break;
		case MW_OPT_PROTOCOL:
			if (parse_protocol(optarg, &so.protocols) < 0)
				return MW_EXIT_USAGE;
			break;
		case 's':
			stats = true;
			break;
		case MW_OPT_EXHAUSTIVE:
			so.exhaustive = true;
			break;
		case MW_OPT_NO_IDENTIFY:
			so.no_identify = true;
			break;
		case 'h':
			mw_cli_usage("scan", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("scan");
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		mw_cli_error("scan", _("%s: unexpected argument"), argv[optind]);
		return MW_EXIT_USAGE;
	}
	if (json && csv) {
		mw_cli_error("scan", "%s", _("--json and --csv exclude each other; give one"));
		return MW_EXIT_USAGE;
	}
	port = conn.port;
	if (!port) {
		mw_cli_error("scan", "%s",
		             _("no port given; use -p PORT (list them with `meterwise ports`)"));
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("scan", &cat) < 0)
		return MW_EXIT_DEVICE;
	if (so.bauds)
		lc.baud = so.bauds[0];
	if (so.formats)
		lc.format = so.formats[0];
	b = mw_cli_open_line("scan", port, &lc, err, sizeof err);
	if (!b) {
		fprintf(stderr, "meterwise scan: %s\n", err);
		mw_catalog_free(&cat);
		return MW_EXIT_DEVICE;
	}
	mw_cli_adapter_note("scan", b);
	c.tty = isatty(STDERR_FILENO);
	so.on_found = on_found;
	so.on_event = on_event;
	so.ctx = &c;
	c.scan = mw_scan_new(b, &cat, &so, err, sizeof err);
	if (!c.scan) {
		fprintf(stderr, "meterwise scan: %s\n", err);
		mw_cli_close(b);
		mw_catalog_free(&cat);
		return MW_EXIT_USAGE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C ends it the hard way */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	interrupted = 0;
	while ((rc = mw_scan_step(c.scan)) > 0) {
		if (interrupted) {
			mw_scan_interrupt(c.scan);
			break;
		}
		progress(&c, false);
	}
	sigaction(SIGINT, &old_sa, NULL);
	clear_line(&c);
	mw_scan_stats(c.scan, &st);
	if (rc < 0)
		fprintf(stderr, "meterwise scan: %s\n", mw_scan_error(c.scan));
	if (json)
		print_json(c.scan, port, &st);
	else if (csv)
		print_csv(c.scan, mw_cli_is_tcp_port(port));
	else
		print_text(c.scan, &st, stats, mw_cli_is_tcp_port(port));
	fflush(stdout);
	mw_scan_devices(c.scan, &nd);
	if (rc < 0)
		rc = MW_EXIT_DEVICE;
	else if (mw_scan_interrupted(c.scan))
		rc = MW_EXIT_INTERRUPTED;
	else
		rc = nd > 0 && nd >= so.expect ? MW_EXIT_OK : MW_EXIT_DEVICE;
	mw_scan_free(c.scan);
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return rc;
}
