/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_read.c - `meterwise read`: every value of one meter, as a per-phase
 * table (quantities as rows; L1, L2, L3 and total as columns) followed by
 * the other values, or as JSON or CSV for scripts; --watch repeats.
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bus.h"
#include "cli.h"
#include "commands.h"
#include "cli_watch.h"
#include "engine.h"
#include "i18n.h"
#include "numfmt.h"
#include "json.h"
#include "xalloc.h"
#include "isotime.h"
#include "csv.h"
#include "dlt_meter.h"

enum out_mode { OUT_TABLE, OUT_JSON, OUT_CSV };

/* Row titles of the per-phase table, by quantity. */
static const char *quantity_title(enum mw_quantity q)
{
	switch (q) {
	case MW_Q_VOLTAGE:
		return _("Voltage");
	case MW_Q_CURRENT:
		return _("Current");
	case MW_Q_ACTIVE_POWER:
		return _("Active power");
	case MW_Q_REACTIVE_POWER:
		return _("Reactive power");
	case MW_Q_APPARENT_POWER:
		return _("Apparent power");
	case MW_Q_POWER_FACTOR:
		return _("Power factor");
	case MW_Q_ACTIVE_ENERGY:
		return _("Active energy");
	case MW_Q_ACTIVE_ENERGY_IMPORT:
		return _("Active energy import");
	case MW_Q_ACTIVE_ENERGY_EXPORT:
		return _("Active energy export");
	case MW_Q_REACTIVE_ENERGY:
		return _("Reactive energy");
	case MW_Q_REACTIVE_ENERGY_IMPORT:
		return _("Reactive energy import");
	case MW_Q_REACTIVE_ENERGY_EXPORT:
		return _("Reactive energy export");
	case MW_Q_APPARENT_ENERGY:
		return _("Apparent energy");
	case MW_Q_APPARENT_DEMAND:
		return _("Apparent demand");
	default:
		return mw_quantity_name(q);
	}
}

/* Column of value v in the table (0..3 = L1 L2 L3 total, C1.. for DC), or -1. */
static int column(const struct mw_model *m, const struct mw_value *v)
{
	if (v->tariff || v->month || v->quantity == MW_Q_NONE || v->type == MW_T_BITS ||
	    v->type == MW_T_STRING || v->quantity == MW_Q_FREQUENCY)
		return -1;
	if (m->kind == MW_KIND_DC)
		return v->phase == MW_PHASE_C1 ? 0 : v->phase == MW_PHASE_C2 ? 1 : -1;
	if (m->kind == MW_KIND_AC1) /* one phase: L1 and the total */
		return v->phase == MW_PHASE_L1 ? 0 : v->phase == MW_PHASE_TOTAL ? 1 : -1;
	switch (v->phase) {
	case MW_PHASE_L1:
		return 0;
	case MW_PHASE_L2:
		return 1;
	case MW_PHASE_L3:
		return 2;
	case MW_PHASE_TOTAL:
		return 3;
	default:
		return -1;
	}
}

static void print_table(const struct mw_reading *r, const char *where, const char *port)
{
	const struct mw_model *m = r->model;
	int ncol = m->kind == MW_KIND_DC ? (m->channels > 0 && m->channels <= 2 ? m->channels : 2)
	           : m->kind == MW_KIND_AC1 ? 2
	                                    : 4;
	const char *const ac[] = {"L1", "L2", "L3", _("total")};
	const char *const ac1[] = {"L1", _("total")};
	const char *const dc[] = {"C1", "C2"};
	bool *shown = mw_xcalloc(m->n_values + 1, sizeof *shown);
	char buf[128];

	printf(_("%s at %s on %s\n\n"), m->name, where, port);
	printf("%-32s", "");
	for (int c = 0; c < ncol; c++)
		printf(" %12s", m->kind == MW_KIND_DC    ? dc[c]
		                : m->kind == MW_KIND_AC1 ? ac1[c]
		                                         : ac[c]);
	printf("\n");
	for (int q = 1; q < MW_Q__COUNT; q++) {
		int idx[4] = {-1, -1, -1, -1};
		const char *unit = NULL;
		bool any = false;

		for (size_t i = 0; i < m->n_values; i++) {
			int c = column(m, &m->values[i]);

			if (c < 0 || c >= ncol || (int)m->values[i].quantity != q || idx[c] >= 0)
				continue;
			idx[c] = (int)i;
			any = true;
			if (!unit)
				unit = m->values[i].unit;
		}
		if (!any)
			continue;
		if (unit && *unit)
			snprintf(buf, sizeof buf, "%s (%s)", quantity_title((enum mw_quantity)q),
			         unit);
		else
			snprintf(buf, sizeof buf, "%s", quantity_title((enum mw_quantity)q));
		printf("%-32s", buf);
		for (int c = 0; c < ncol; c++) {
			char v[64] = "";

			if (idx[c] >= 0) {
				mw_reading_format(r, (size_t)idx[c], v, sizeof v);
				shown[idx[c]] = true;
				if (!*v)
					snprintf(v, sizeof v, "%s", "--");
			}
			printf(" %12s", v);
		}
		printf("\n");
	}
	printf("\n");
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		char val[256];

		if (shown[i])
			continue;
		mw_reading_format(r, i, val, sizeof val);
		if (v->type == MW_T_BITS && r->raw_flags[i] >= 0) {
			/* Flags by label, alarms marked. */
			size_t len = 0;

			val[0] = '\0';
			for (size_t f = 0; f < v->n_flags && len < sizeof val; f++)
				if ((r->raw_flags[i] >> v->flags[f].bit) & 1)
					len += (size_t)snprintf(
					    val + len, sizeof val - len, "%s%s%s", len ? ", " : "",
					    v->flags[f].label, v->flags[f].alarm ? " (!)" : "");
			if (!len)
				snprintf(val, sizeof val, "%s", _("none set"));
		}
		printf("%-34s %s%s%s\n", v->label ? v->label : v->name, *val ? val : "--",
		       *val && v->unit && *v->unit && v->type != MW_T_BITS ? " " : "",
		       *val && v->type != MW_T_BITS && v->unit ? v->unit : "");
	}
	free(shown);
}

static void print_json(const struct mw_reading *r, const char *port, bool pretty)
{
	const struct mw_model *m = r->model;
	struct mw_json j;
	char when[40];

	mw_iso_time(&r->when, true, when, sizeof when);
	mw_json_init(&j, stdout, pretty);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "time", when);
	mw_json_str(&j, "port", port);
	if (r->dlt_addr[0]) {
		mw_json_str(&j, "protocol", m ? mw_model_protocol_name(m) : "dlt645");
		mw_json_str(&j, "address", r->dlt_addr);
	} else
		mw_json_int(&j, "address", r->addr);
	if (!mw_cli_is_tcp_port(port)) { /* a gateway's serial side is not ours to know */
		mw_json_int(&j, "baud", r->line.baud);
		mw_json_str(&j, "format", mw_format_name(r->line.format));
	}
	mw_json_str(&j, "model", m->id);
	mw_json_str(&j, "model_name", m->name);
	mw_json_int(&j, "requests", r->n_requests);
	mw_json_int(&j, "failed", r->n_failed);
	mw_json_num(&j, "elapsed_ms", r->elapsed_ms);
	mw_json_obj_begin(&j, "values");
	for (size_t i = 0; i < m->n_values; i++) {
		if (m->values[i].type == MW_T_STRING)
			mw_json_str(&j, m->values[i].name, r->texts[i]);
		else if (m->values[i].type == MW_T_BITS)
			r->raw_flags[i] >= 0 ? mw_json_int(&j, m->values[i].name, r->raw_flags[i])
			                     : mw_json_null(&j, m->values[i].name);
		else {
			char t[64];

			/* The formatter's digits; inf, nan and not read are null. */
			mw_reading_format_as(r, i, MW_NUMFMT_MACHINE, t, sizeof t);
			if (m->values[i].group && strcmp(m->values[i].group, "identity") == 0 &&
			    r->have[i])
				mw_numfmt_general(r->values[i], 10, t, sizeof t);
			mw_json_numtext(&j, m->values[i].name, t);
		}
	}
	mw_json_obj_end(&j);
	mw_json_obj_begin(&j, "units");
	for (size_t i = 0; i < m->n_values; i++)
		if (m->values[i].unit && *m->values[i].unit)
			mw_json_str(&j, m->values[i].name, m->values[i].unit);
	mw_json_obj_end(&j);
	mw_json_obj_begin(&j, "flags");
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->type != MW_T_BITS || r->raw_flags[i] < 0)
			continue;
		mw_json_arr_begin(&j, v->name);
		for (size_t f = 0; f < v->n_flags; f++)
			if ((r->raw_flags[i] >> v->flags[f].bit) & 1)
				mw_json_str(&j, NULL, v->flags[f].name);
		mw_json_arr_end(&j);
	}
	mw_json_obj_end(&j);
	mw_json_obj_end(&j);
	if (!pretty)
		putchar('\n');
}

static void print_csv(const struct mw_reading *r, bool header)
{
	const struct mw_model *m = r->model;
	char when[40];

	if (header) {
		printf("time,address");
		for (size_t i = 0; i < m->n_values; i++)
			printf(",%s", m->values[i].name);
		printf("\n");
	}
	mw_iso_time(&r->when, true, when, sizeof when);
	if (r->dlt_addr[0])
		printf("%s,%s", when, r->dlt_addr);
	else
		printf("%s,%d", when, r->addr);
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->type == MW_T_STRING) {
			putchar(',');
			mw_csv_cell(stdout, r->texts[i], true);
		} else if (v->type == MW_T_BITS) {
			if (r->raw_flags[i] >= 0)
				printf(",%ld", r->raw_flags[i]);
			else
				printf(",");
		} else if (!r->have[i]) {
			printf(",");
		} else {
			char b[64];

			/* Identity words as numbers here, not as the table's hex. */
			if (v->group && strcmp(v->group, "identity") == 0)
				mw_numfmt_general(r->values[i], 10, b, sizeof b);
			else
				mw_reading_format_as(r, i, MW_NUMFMT_MACHINE, b, sizeof b);
			printf(",%s", b);
		}
	}
	printf("\n");
}

/* What `read --watch` prints with: the output mode, readings printed so far. */
struct watch_out {
	enum out_mode mode;
	int rounds;
};

/* The watch's printer (cli_watch.c): one reading as the mode says. */
static void watch_show(void *ctx, const struct mw_reading *r, const struct mw_cli_watch_where *at,
                       const char *err)
{
	struct watch_out *o = ctx;

	if (err)
		mw_cli_error("read", _("%s (values of that block keep their last reading)"), err);
	if (o->mode == OUT_JSON)
		print_json(r, at->port, false);
	else if (o->mode == OUT_CSV)
		print_csv(r, o->rounds == 0);
	else {
		if (o->rounds)
			printf("\n");
		print_table(r, at->where, at->name);
	}
	o->rounds++;
}

int mw_cli_read(int argc, char **argv)
{
	struct mw_cli_conn c;
	enum out_mode mode = OUT_TABLE;
	double watch = 0;
	struct mw_catalog cat;
	const struct mw_model *m;
	struct mw_bus *b;
	struct mw_reading r;
	struct mw_dlt_meter dm;
	int opt, code = MW_EXIT_OK, rounds = 0;

	mw_cli_conn_init(&c);
	optind = 1;
	while ((opt = mw_cli_getopt("read", argc, argv)) != -1) {
		int h = mw_cli_conn_opt(&c, opt, optarg);

		if (h < 0)
			return MW_EXIT_USAGE;
		if (h)
			continue;
		switch (opt) {
		case MW_OPT_JSON:
		case MW_OPT_CSV:
			if (mode != OUT_TABLE &&
			    mode != (opt == MW_OPT_JSON ? OUT_JSON : OUT_CSV)) {
				mw_cli_error("read", "%s",
				             _("--json and --csv exclude each other; give one"));
				return MW_EXIT_USAGE;
			}
			mode = opt == MW_OPT_JSON ? OUT_JSON : OUT_CSV;
			break;
		case MW_OPT_WATCH: {
			char msg[256];

			if (mw_numfmt_comma_message("--watch", optarg, NULL, msg, sizeof msg)) {
				mw_cli_error("read", "%s", msg);
				return MW_EXIT_USAGE;
			}
			if (mw_numfmt_parse(optarg, &watch) < 0 ||
			    !(watch >= 0.05 && watch <= 86400)) {
				mw_cli_error(
				    "read",
				    _("--watch %s: seconds between readings, e.g. 1 or 0.5"),
				    optarg);
				return MW_EXIT_USAGE;
			}
			break;
		}
		case 'h':
			mw_cli_usage("read", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("read");
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		mw_cli_error("read", _("%s: unexpected argument"), argv[optind]);
		return MW_EXIT_USAGE;
	}
	if (!c.port || (c.addr < 0 && !c.dlt[0])) {
		mw_cli_error("read", "%s", _("give the port and the address: -p PORT -a ADDR"));
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("read", &cat) < 0)
		return MW_EXIT_USAGE;
	memset(&dm, 0, sizeof dm);
	if (c.dlt[0]) {
		/* DL/T645: its own line defaults and identification */
		if ((code = mw_cli_dlt_open("read", &c, &cat, &dm)) != MW_EXIT_OK) {
			mw_catalog_free(&cat);
			return code;
		}
		b = dm.bus;
		m = dm.model;
	} else {
		m = c.model ? mw_cli_model("read", &cat, c.model) : NULL;
		if (c.model && !m) {
			mw_catalog_free(&cat);
			return MW_EXIT_USAGE;
		}
		b = mw_cli_open("read", &c, m);
		if (!b) {
			mw_catalog_free(&cat);
			return MW_EXIT_DEVICE;
		}
	}
	if (!m)
		m = mw_cli_identify("read", b, &cat, &c, &code);
	if (!m)
		goto out;
	if (m->n_values == 0) {
		mw_cli_error(
		    "read",
		    _("the %s device file describes no values (its manual leaves the register "
		      "map open; see `meterwise devices %s`)"),
		    m->name, m->id);
		code = MW_EXIT_USAGE;
		goto out;
	}
	if (watch && !dm.bus) {
		/* on the engine session: it reconnects when the port returns */
		struct watch_out wo = {mode, 0};
		struct mw_cli_watch w = {"read", watch, watch_show, &wo, NULL, 0};

		code = mw_cli_watch_run(&w, b, m, &c);
		mw_catalog_free(&cat);
		return code;
	}
	mw_reading_init(&r, m, c.addr);
	mw_cli_catch_signals();
	while (!mw_cli_interrupted) {
		char err[512], where[96];
		int rc = dm.bus ? mw_dlt_read_all(&dm, &r, err, sizeof err)
		                : mw_read_all(b, c.addr, m, &r, err, sizeof err);

		if (rc < 0 && r.n_failed == r.n_requests) {
			mw_cli_error("read", "%s", err);
			code = MW_EXIT_DEVICE;
			if (!watch)
				break;
		} else {
			if (rc < 0) {
				mw_cli_error("read", _("%s (values of that block are left empty)"),
				             err);
				code = MW_EXIT_DEVICE;
			}
			if (dm.bus)
				mw_dlt_where(&dm, where, sizeof where);
			else
				mw_where(b, c.addr, &r.line, where, sizeof where);
			if (mode == OUT_JSON)
				print_json(&r, mw_bus_port(b), !watch);
			else if (mode == OUT_CSV)
				print_csv(&r, rounds == 0);
			else {
				if (watch && rounds)
					printf("\n");
				print_table(&r, where, mw_bus_name(b));
			}
			fflush(stdout);
			rounds++;
		}
		if (!watch)
			break;
		{
			struct timespec ts = {(time_t)watch, (long)((watch - floor(watch)) * 1e9)};

			while (!mw_cli_interrupted && nanosleep(&ts, &ts) < 0)
				;
		}
	}
	mw_reading_free(&r);
	if (mw_cli_interrupted)
		code = MW_EXIT_INTERRUPTED;
out:
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return code;
}
