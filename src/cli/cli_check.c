/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_check.c - `meterwise check`: read the per-phase picture of one meter
 * (phases.h), diagnose its wiring (diag.h) and print the picture and the
 * verdicts as text or JSON.  --watch repeats, so a technician changing the
 * wiring sees the verdict follow.  Only the values the diagnosis needs are
 * read (voltages, currents, powers, power factors, frequency and the flag
 * words their signs and alarms come from).
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
#include "dlt_meter.h"
#include "commands.h"
#include "cli_watch.h"
#include "diag.h"
#include "engine.h"
#include "i18n.h"
#include "numfmt.h"
#include "json.h"
#include "xalloc.h"
#include "isotime.h"

/* Options of one check. */
struct check_opts {
	bool json;
	double watch;     /* seconds between readings; 0 = once */
	double v_nominal; /* V */
	double f_nominal; /* Hz */
};

/* Is value v part of the per-phase picture? */
static bool wanted(const struct mw_value *v)
{
	if (v->tariff || v->month)
		return false;
	switch (v->quantity) {
	case MW_Q_VOLTAGE:
	case MW_Q_CURRENT:
	case MW_Q_ACTIVE_POWER:
	case MW_Q_REACTIVE_POWER:
	case MW_Q_APPARENT_POWER:
	case MW_Q_POWER_FACTOR:
		return v->phase >= MW_PHASE_L1 && v->phase <= MW_PHASE_TOTAL;
	case MW_Q_FREQUENCY:
		return true;
	case MW_Q_DIRECTION:
	case MW_Q_ALARM:
		return v->type == MW_T_BITS;
	default:
		return false;
	}
}

/* Indices of the values to read, with the flag words their signs come from.
 * Returns the count; *out is malloc'ed. */
static size_t want_list(const struct mw_model *m, size_t **out)
{
	bool *take = mw_xcalloc(m->n_values + 1, sizeof *take);
	size_t *w = mw_xcalloc(m->n_values + 1, sizeof *w), n = 0;

	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (!wanted(v))
			continue;
		take[i] = true;
		if (v->sign.value && v->sign.index >= 0 && (size_t)v->sign.index < m->n_values)
			take[v->sign.index] = true;
	}
	for (size_t i = 0; i < m->n_values; i++)
		if (take[i])
			w[n++] = i;
	free(take);
	*out = w;
	return n;
}

/* "L1".."L3", or "--" for the whole meter. */
static const char *phase_name(int k)
{
	static const char *const n[] = {"L1", "L2", "L3"};

	return k >= 0 && k < 3 ? n[k] : "--";
}

static const char *severity_name(const struct mw_diag_item *it)
{
	if (it->kind == MW_DIAG_OK)
		return "ok";
	switch (it->severity) {
	case MW_SEV_FAULT:
		return "fault";
	case MW_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

static const char *severity_title(const struct mw_diag_item *it)
{
	if (it->kind == MW_DIAG_OK)
		return _("OK");
	switch (it->severity) {
	case MW_SEV_FAULT:
		return _("FAULT");
	case MW_SEV_WARNING:
		return _("WARNING");
	default:
		return _("INFO");
	}
}

/* Angle of the voltage ahead of the current, degrees; NaN if unknown. */
static double angle(const struct mw_phases *ph, int k)
{
	if (isnan(ph->p[k]) || isnan(ph->q[k]) || hypot(ph->p[k], ph->q[k]) < 1.0)
		return NAN;
	return atan2(ph->q[k], ph->p[k]) * 180.0 / M_PI;
}

/* One row of the per-phase table, numbers with `dec` decimals. */
static void row(const char *title, const double *x, int n, int dec)
{
	printf("%-20s", title);
	for (int k = 0; k < n; k++) {
		char b[32];

		if (isnan(x[k]))
			snprintf(b, sizeof b, "%s", "--");
		else
			snprintf(b, sizeof b, "%.*f", dec,
			         round(x[k] * pow(10, dec)) / pow(10, dec) + 0.0); /* no "-0" */
		printf(" %10s", b);
	}
	printf("\n");
}

/* Did too little load leave some CT unjudged? */
static bool unjudged(const struct mw_diag *d)
{
	for (int i = 0; i < d->n; i++)
		if (d->item[i].kind == MW_DIAG_NO_LOAD)
			return true;
	return false;
}

static void print_text(const struct mw_model *m, const char *where, const char *port,
                       const struct mw_phases *ph, const struct mw_diag *d, const char *when)
{
	double v[4], a[4];
	int faults = 0, warnings = 0;

	printf(_("%s at %s on %s, %s\n\n"), m->name, where, port, when);
	if (m->kind == MW_KIND_AC1) {
		/* one phase: L1 and what the meter gives as its total */
		double p = isnan(ph->p[0]) ? ph->p_total : ph->p[0];
		double pf = isnan(ph->pf[0]) ? ph->pf_total : ph->pf[0];

		printf("%-20s %10s\n", "", "L1");
		row(_("Voltage (V)"), &ph->v[0], 1, 1);
		row(_("Current (A)"), &ph->i[0], 1, 2);
		row(_("Active power (W)"), &p, 1, 0);
		row(_("Power factor"), &pf, 1, 3);
		if (!isnan(ph->freq))
			printf("%-20s %10.2f\n", _("Frequency (Hz)"), ph->freq);
		printf("\n");
		goto verdicts;
	}
	printf("%-20s %10s %10s %10s %10s\n", "", "L1", "L2", "L3", _("total"));
	for (int k = 0; k < 3; k++)
		v[k] = ph->v[k];
	v[3] = NAN;
	row(_("Voltage (V)"), v, 3, 1);
	for (int k = 0; k < 3; k++)
		v[k] = ph->i[k];
	row(_("Current (A)"), v, 3, 2);
	memcpy(v, ph->p, sizeof ph->p);
	v[3] = ph->p_total;
	row(_("Active power (W)"), v, 4, 0);
	memcpy(v, ph->q, sizeof ph->q);
	v[3] = ph->q_total;
	row(_("Reactive (var)"), v, 4, 0);
	memcpy(v, ph->s, sizeof ph->s);
	v[3] = ph->s_total;
	row(_("Apparent (VA)"), v, 4, 0);
	memcpy(v, ph->pf, sizeof ph->pf);
	v[3] = ph->pf_total;
	row(_("Power factor"), v, 4, 3);
	for (int k = 0; k < 3; k++)
		a[k] = angle(ph, k);
	row(_("Angle V-I (deg)"), a, 3, 0);
	if (!isnan(ph->freq))
		printf("%-20s %10.2f\n", _("Frequency (Hz)"), ph->freq);
	printf("%-20s %10s\n\n", _("Phase sequence"),
	       ph->reverse_seq < 0   ? _("not reported")
	       : ph->reverse_seq > 0 ? "L1-L3-L2"
	                             : "L1-L2-L3");
verdicts:
	for (int i = 0; i < d->n; i++) {
		const struct mw_diag_item *it = &d->item[i];

		printf("%-8s %-3s %3d%%  %s\n", severity_title(it), phase_name(it->phase),
		       it->confidence, it->what);
		if (it->fix[0])
			printf("%-18s %s %s\n", "", _("fix:"), it->fix);
		faults += it->kind != MW_DIAG_OK && it->severity == MW_SEV_FAULT;
		warnings += it->kind != MW_DIAG_OK && it->severity == MW_SEV_WARNING;
	}
	if (d->healthy) {
		printf("\n%s\n", unjudged(d)
		                     ? _("Verdict: no fault seen, but not every CT could be "
		                         "judged (too little load)")
		                     : _("Verdict: wiring OK"));
		return;
	}
	printf("\n%s ", _("Verdict:"));
	printf(ngettext("%d fault", "%d faults", faults), faults);
	printf(", ");
	printf(ngettext("%d warning", "%d warnings", warnings), warnings);
	printf("\n");
}

static void print_json(const struct mw_model *m, const struct mw_reading *r, const char *port,
                       const struct mw_phases *ph, const struct mw_diag *d, const char *when,
                       bool pretty)
{
	struct mw_json j;

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
	mw_json_arr_begin(&j, "phases");
	for (int k = 0; k < 3; k++) {
		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "phase", phase_name(k));
		mw_json_num(&j, "voltage", ph->v[k]);
		mw_json_num(&j, "current", ph->i[k]);
		mw_json_num(&j, "active_power", ph->p[k]);
		mw_json_num(&j, "reactive_power", ph->q[k]);
		mw_json_num(&j, "apparent_power", ph->s[k]);
		mw_json_num(&j, "power_factor", ph->pf[k]);
		mw_json_num(&j, "angle", angle(ph, k));
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_obj_begin(&j, "total");
	mw_json_num(&j, "active_power", ph->p_total);
	mw_json_num(&j, "reactive_power", ph->q_total);
	mw_json_num(&j, "apparent_power", ph->s_total);
	mw_json_num(&j, "power_factor", ph->pf_total);
	mw_json_obj_end(&j);
	mw_json_num(&j, "frequency", ph->freq);
	if (ph->reverse_seq < 0)
		mw_json_null(&j, "reverse_sequence");
	else
		mw_json_bool(&j, "reverse_sequence", ph->reverse_seq > 0);
	mw_json_bool(&j, "healthy", d->healthy);
	mw_json_arr_begin(&j, "verdicts");
	for (int i = 0; i < d->n; i++) {
		const struct mw_diag_item *it = &d->item[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "kind", mw_diag_kind_name(it->kind));
		mw_json_str(&j, "severity", severity_name(it));
		mw_json_str(&j, "phase", it->phase >= 0 ? phase_name(it->phase) : NULL);
		mw_json_int(&j, "confidence", it->confidence);
		mw_json_str(&j, "what", it->what);
		mw_json_str(&j, "fix", it->fix[0] ? it->fix : NULL);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_obj_end(&j);
	putchar('\n');
}

/* Parse a number in [lo, hi]; false (message printed) if not. */
static bool number_opt(const char *opt, const char *arg, double lo, double hi, double *out)
{
	char msg[256];
	double x;

	if (mw_numfmt_comma_message(opt, arg, NULL, msg, sizeof msg)) {
		mw_cli_error("check", "%s", msg);
		return false;
	}
	if (mw_numfmt_parse(arg, &x) < 0 || !(x >= lo && x <= hi)) {
		mw_cli_error("check", _("%s %s: give a number from %g to %g"), opt, arg, lo, hi);
		return false;
	}
	*out = x;
	return true;
}

/* Parse the options; -1 to exit with *code. */
static int parse(int argc, char **argv, struct mw_cli_conn *c, struct check_opts *o, int *code)
{
	int opt;

	*code = MW_EXIT_USAGE;
	optind = 1;
	while ((opt = mw_cli_getopt("check", argc, argv)) != -1) {
		int h = mw_cli_conn_opt(c, opt, optarg);

		if (h < 0)
			return -1;
		if (h)
			continue;
		switch (opt) {
		case MW_OPT_JSON:
			o->json = true;
			break;
		case MW_OPT_WATCH:
			if (!number_opt("--watch", optarg, 0.05, 86400, &o->watch))
				return -1;
			break;
		case MW_OPT_NOMINAL_V:
			if (!number_opt("--nominal-voltage", optarg, 1, 100000, &o->v_nominal))
				return -1;
			break;
		case MW_OPT_NOMINAL_F:
			if (!number_opt("--nominal-frequency", optarg, 1, 1000, &o->f_nominal))
				return -1;
			break;
		case 'h':
			mw_cli_usage("check", stdout);
			*code = MW_EXIT_OK;
			return -1;
		case MW_OPT_VERSION:
			mw_cli_version();
			*code = MW_EXIT_OK;
			return -1;
		default:
			mw_cli_try_help("check");
			return -1;
		}
	}
	if (optind < argc) {
		mw_cli_error("check", _("%s: unexpected argument"), argv[optind]);
		return -1;
	}
	if (!c->port || (c->addr < 1 && !c->dlt[0])) {
		mw_cli_error("check", "%s",
		             _("give the port and the meter's address: -p PORT -a ADDR (1-247)"));
		return -1;
	}
	return 0;
}

/* Sleep `s` seconds unless interrupted. */
static void pause_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};

	while (!mw_cli_interrupted && nanosleep(&ts, &ts) < 0)
		;
}

/* The diagnosis for the meter's kind. */
static void diagnose(const struct mw_model *m, const struct mw_phases *ph, struct mw_diag *d)
{
	if (m->kind == MW_KIND_AC1)
		mw_diag_run_ac1(ph, d);
	else
		mw_diag_run(ph, d);
}

/* Read, diagnose and print until done; returns the exit code.  dm: a
 * DL/T645 meter (read by DI), or NULL. */
static int loop(struct mw_bus *b, const struct mw_model *m, const struct mw_cli_conn *c,
                const struct check_opts *o, struct mw_dlt_meter *dm)
{
	struct mw_reading r;
	size_t *want, n_want = want_list(m, &want);
	int code = MW_EXIT_OK;

	mw_reading_init(&r, m, c->addr);
	mw_cli_catch_signals();
	while (!mw_cli_interrupted) {
		char err[512], where[96], when[40];
		int rc = dm ? mw_dlt_read_all(dm, &r, err, sizeof err)
		            : mw_read_values(b, c->addr, m, want, n_want, &r, err, sizeof err);
		struct mw_phases ph;
		struct mw_diag d;

		if (rc < 0) {
			/* A verdict from half a picture would mislead: report and retry. */
			mw_cli_error("check", "%s", err);
			code = MW_EXIT_DEVICE;
		} else {
			code = MW_EXIT_OK;
			mw_reading_phases(&r, &ph);
			if (o->v_nominal > 0)
				ph.v_nominal = o->v_nominal;
			if (o->f_nominal > 0)
				ph.f_nominal = o->f_nominal;
			diagnose(m, &ph, &d);
			mw_iso_time(&r.when, false, when, sizeof when);
			if (o->json) {
				print_json(m, &r, mw_bus_port(b), &ph, &d, when, !o->watch);
			} else {
				if (dm)
					mw_dlt_where(dm, where, sizeof where);
				else
					mw_where(b, c->addr, &r.line, where, sizeof where);
				print_text(m, where, mw_bus_name(b), &ph, &d, when);
				if (o->watch)
					printf("\n");
			}
			fflush(stdout);
		}
		if (!o->watch)
			break;
		pause_s(o->watch);
	}
	mw_reading_free(&r);
	free(want);
	return mw_cli_interrupted ? MW_EXIT_INTERRUPTED : code;
}

/* The watch's printer (cli_watch.c): diagnose one reading and print it. */
static void watch_show(void *ctx, const struct mw_reading *r, const struct mw_cli_watch_where *at,
                       const char *err)
{
	const struct check_opts *o = ctx;
	struct mw_phases ph;
	struct mw_diag d;
	char when[40];

	if (err) {
		/* A verdict from half a picture would mislead: report and retry. */
		mw_cli_error("check", "%s", err);
		return;
	}
	mw_reading_phases(r, &ph);
	if (o->v_nominal > 0)
		ph.v_nominal = o->v_nominal;
	if (o->f_nominal > 0)
		ph.f_nominal = o->f_nominal;
	diagnose(r->model, &ph, &d);
	mw_iso_time(&r->when, false, when, sizeof when);
	if (o->json) {
		print_json(r->model, r, at->port, &ph, &d, when, false);
	} else {
		print_text(r->model, at->where, at->name, &ph, &d, when);
		printf("\n");
	}
}

/* check --watch on the engine session: it reconnects when the port returns. */
static int watch(struct mw_bus *b, const struct mw_model *m, const struct mw_cli_conn *c,
                 const struct check_opts *o)
{
	struct mw_cli_watch w = {"check", o->watch, watch_show, (void *)o, NULL, 0};
	size_t *want;
	int code;

	w.n_want = want_list(m, &want);
	w.want = want;
	code = mw_cli_watch_run(&w, b, m, c);
	free(want);
	return code;
}

int mw_cli_check(int argc, char **argv)
{
	struct mw_cli_conn c;
	struct check_opts o = {0};
	struct mw_catalog cat;
	const struct mw_model *m;
	struct mw_bus *b;
	struct mw_dlt_meter dm;
	int code;

	mw_cli_conn_init(&c);
	if (parse(argc, argv, &c, &o, &code) < 0)
		return code;
	if (mw_cli_catalog("check", &cat) < 0)
		return MW_EXIT_USAGE;
	if (c.dlt[0]) {
		/* DL/T645: read by DI, checked for its kind, --watch in the same loop */
		if ((code = mw_cli_dlt_open("check", &c, &cat, &dm)) == MW_EXIT_OK) {
			if (dm.model->kind == MW_KIND_DC) {
				mw_cli_error(
				    "check",
				    _("%s is not an AC meter: there is no wiring to diagnose; "
				      "use meterwise read"),
				    dm.model->name);
				code = MW_EXIT_USAGE;
			} else
				code = loop(dm.bus, dm.model, &c, &o, &dm);
			mw_cli_close(dm.bus);
		}
		mw_catalog_free(&cat);
		return code;
	}
	m = c.model ? mw_cli_model("check", &cat, c.model) : NULL;
	if (c.model && !m) {
		mw_catalog_free(&cat);
		return MW_EXIT_USAGE;
	}
	b = mw_cli_open("check", &c, m);
	if (!b) {
		mw_catalog_free(&cat);
		return MW_EXIT_DEVICE;
	}
	code = MW_EXIT_DEVICE;
	if (!m)
		m = mw_cli_identify("check", b, &cat, &c, &code);
	if (m && m->kind == MW_KIND_DC) {
		mw_cli_error("check",
		             _("%s is not an AC meter: there is no wiring to diagnose; "
		               "use meterwise read"),
		             m->name);
		code = MW_EXIT_USAGE;
	} else if (m && o.watch) {
		code = watch(b, m, &c, &o);
		b = NULL; /* the watch closed it */
	} else if (m) {
		code = loop(b, m, &c, &o, NULL);
	}
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return code;
}
