/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission_report.c - the commissioning report: every finished position
 * read back from its meter (address, line and planned settings from the
 * registers, serial number and firmware where readable, V, I, P per phase)
 * with the wiring verdict (diag.h); written as text, CSV or JSON.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commission_int.h"
#include "i18n.h"
#include "numfmt.h"
#include "json.h"
#include "xalloc.h"
#include "isotime.h"
#include "csv.h"

/* Values a snapshot needs: per-phase quantities, frequency, flags. */
static size_t snapshot_values(const struct mw_model *m, size_t *want, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_values && n < max; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->tariff || v->month)
			continue;
		switch (v->quantity) {
		case MW_Q_VOLTAGE:
		case MW_Q_CURRENT:
		case MW_Q_ACTIVE_POWER:
		case MW_Q_REACTIVE_POWER:
		case MW_Q_APPARENT_POWER:
		case MW_Q_POWER_FACTOR:
		case MW_Q_FREQUENCY:
		case MW_Q_DIRECTION:
		case MW_Q_ALARM:
			if (v->phase != MW_PHASE_NONE || v->quantity == MW_Q_FREQUENCY ||
			    v->type == MW_T_BITS)
				want[n++] = i;
			break;
		default:
			break;
		}
	}
	return n;
}

static void read_row(struct mw_bus *b, const struct mw_commission *c, size_t i,
                     struct mw_commission_report_row *rr)
{
	const struct mw_commission_plan_row *r = &c->plan->rows[i];
	const struct mw_model *m = r->model;
	struct mw_set_plan *p = mw_xcalloc(1, sizeof *p);
	struct mw_reading rd;
	size_t want[256], n;
	char e[512];

	rr->addr = r->addr;
	rr->line = r->final_line;
	if (mw_bus_set_line(b, &r->final_line, e, sizeof e) < 0 ||
	    mw_commission_plan_row_set(c->plan, r, p, true, e, sizeof e) < 0 ||
	    mw_set_prepare(b, r->addr, p, e, sizeof e) < 0) {
		snprintf(rr->error, sizeof rr->error, "%s", e);
		free(p);
		return;
	}
	rr->answered = true;
	rr->matches = true;
	snprintf(rr->serial, sizeof rr->serial, "%s", *p->serial ? p->serial : c->st[i].serial);
	snprintf(rr->firmware, sizeof rr->firmware, "%s",
	         *p->firmware ? p->firmware : c->st[i].firmware);
	for (size_t k = 0; k < p->n_items; k++) {
		const struct mw_set_item *it = &p->item[k];
		const struct mw_setting *s = it->setting;
		const char *txt = it->have_old ? it->old_text : "";

		if (!it->unchanged && !s->secret)
			rr->matches = false;
		if (s->line_role == MW_LINE_ADDRESS)
			snprintf(rr->address, sizeof rr->address, "%s", txt);
		else if (s->line_role == MW_LINE_BAUD)
			snprintf(rr->baud, sizeof rr->baud, "%s", txt);
		else if (s->line_role == MW_LINE_FORMAT)
			snprintf(rr->format, sizeof rr->format, "%s", txt);
		else
			for (size_t col = 0; col < c->plan->n_columns; col++)
				if (strcmp(c->plan->column[col], s->name) == 0 && !rr->setting[col])
					rr->setting[col] = strdup(s->secret ? "***" : txt);
	}
	free(p);
	/* A model whose baud or format is not settable reads back its factory line. */
	if (!*rr->baud)
		snprintf(rr->baud, sizeof rr->baud, "%d", r->final_line.baud);
	if (!*rr->format)
		snprintf(rr->format, sizeof rr->format, "%s", mw_format_name(r->final_line.format));
	n = snapshot_values(m, want, sizeof want / sizeof want[0]);
	if (n == 0 || mw_reading_init(&rd, m, r->addr) < 0)
		return;
	if (mw_read_values(b, r->addr, m, want, n, &rd, e, sizeof e) == 0 ||
	    rd.n_failed < rd.n_requests) {
		mw_reading_phases(&rd, &rr->ph);
		rr->have_ph = true;
		mw_diag_run(&rr->ph, &rr->diag);
	} else {
		snprintf(rr->error, sizeof rr->error, "%s", e);
	}
	mw_reading_free(&rd);
}

int mw_commission_report_build(struct mw_bus *b, const struct mw_commission *c,
                               struct mw_commission_report *rep)
{
	struct mw_linecfg back = *mw_bus_line(b);
	char e[256];

	memset(rep, 0, sizeof *rep);
	rep->plan = c->plan;
	rep->n_rows = c->plan->n_rows;
	rep->rows = mw_xcalloc(rep->n_rows ? rep->n_rows : 1, sizeof *rep->rows);
	mw_iso_time(NULL, false, rep->time, sizeof rep->time);
	snprintf(rep->port, sizeof rep->port, "%s", mw_bus_port(b));
	for (size_t i = 0; i < rep->n_rows; i++) {
		struct mw_commission_report_row *rr = &rep->rows[i];

		rr->row = &c->plan->rows[i];
		rr->state = c->st[i].state;
		mw_phases_init(&rr->ph);
		snprintf(rr->serial, sizeof rr->serial, "%s", c->st[i].serial);
		snprintf(rr->firmware, sizeof rr->firmware, "%s", c->st[i].firmware);
		if (!rr->row->model)
			continue;
		if (rr->state == MW_COMMISSION_DONE || rr->state == MW_COMMISSION_CHECKED)
			read_row(b, c, i, rr);
		else
			snprintf(rr->error, sizeof rr->error, "%s", c->st[i].message);
	}
	(void)mw_bus_set_line(b, &back, e, sizeof e);
	return 0;
}

void mw_commission_report_free(struct mw_commission_report *rep)
{
	for (size_t i = 0; i < rep->n_rows; i++)
		for (size_t k = 0; k < MW_COMMISSION_PLAN_COLS; k++)
			free(rep->rows[i].setting[k]);
	free(rep->rows);
	memset(rep, 0, sizeof *rep);
}

/* The wiring verdict in one line: "ok", or the warnings and faults. */
static void verdict(const struct mw_commission_report_row *rr, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	if (!rr->have_ph)
		return;
	for (int k = 0; k < rr->diag.n && len < sz; k++) {
		const struct mw_diag_item *it = &rr->diag.item[k];

		if (it->severity == MW_SEV_INFO)
			continue;
		len += (size_t)snprintf(buf + len, sz - len, "%s%s%s%s", len ? "; " : "", it->what,
		                        *it->fix ? ": " : "", it->fix);
	}
	if (!len)
		snprintf(buf, sz, "%s", rr->diag.healthy ? _("ok") : _("cannot be judged"));
}

static void csv_cell(FILE *f, const char *s)
{
	mw_csv_cell(f, s, false);
}

static void csv_num(FILE *f, double v, int decimals)
{
	char t[64];

	fputc(',', f);
	if (!isnan(v))
		fputs(mw_numfmt_fixed(v, decimals, t, sizeof t), f);
}

static void write_csv(const struct mw_commission_report *rep, FILE *f)
{
	const struct mw_commission_plan *plan = rep->plan;
	char v[1024];

	fputs("position,model,status,address,baud,format,serial,firmware", f);
	for (size_t k = 0; k < plan->n_columns; k++) {
		fputc(',', f);
		csv_cell(f, plan->column[k]);
	}
	fputs(",as_planned,v_l1,v_l2,v_l3,i_l1,i_l2,i_l3,p_l1,p_l2,p_l3,wiring\n", f);
	for (size_t i = 0; i < rep->n_rows; i++) {
		const struct mw_commission_report_row *rr = &rep->rows[i];

		csv_cell(f, rr->row->label);
		fputc(',', f);
		csv_cell(f, rr->row->model ? rr->row->model->id : "");
		fprintf(f, ",%s,", mw_commission_state_name(rr->state));
		csv_cell(f, rr->address);
		fputc(',', f);
		csv_cell(f, rr->answered ? rr->baud : "");
		fputc(',', f);
		csv_cell(f, rr->answered ? rr->format : "");
		fputc(',', f);
		csv_cell(f, rr->serial);
		fputc(',', f);
		csv_cell(f, rr->firmware);
		for (size_t k = 0; k < plan->n_columns; k++) {
			fputc(',', f);
			csv_cell(f, rr->setting[k]);
		}
		fprintf(f, ",%s", rr->answered ? (rr->matches ? "yes" : "no") : "");
		for (int q = 0; q < 3; q++)
			for (int k = 0; k < 3; k++)
				csv_num(f,
				        q == 0   ? rr->ph.v[k]
				        : q == 1 ? rr->ph.i[k]
				                 : rr->ph.p[k],
				        q == 0   ? 1
				        : q == 1 ? 2
				                 : 0);
		verdict(rr, v, sizeof v);
		fputc(',', f);
		csv_cell(f, v);
		fputc('\n', f);
	}
}

static void write_json(const struct mw_commission_report *rep, FILE *f)
{
	const struct mw_commission_plan *plan = rep->plan;
	struct mw_json j;
	char v[1024];

	mw_json_init(&j, f, true);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "plan", plan->path);
	mw_json_str(&j, "plan_hash", plan->hash);
	mw_json_str(&j, "port", rep->port);
	mw_json_str(&j, "time", rep->time);
	mw_json_arr_begin(&j, "positions");
	for (size_t i = 0; i < rep->n_rows; i++) {
		const struct mw_commission_report_row *rr = &rep->rows[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "position", rr->row->label);
		mw_json_str(&j, "model", rr->row->model ? rr->row->model->id : NULL);
		mw_json_str(&j, "status", mw_commission_state_name(rr->state));
		mw_json_bool(&j, "answered", rr->answered);
		if (rr->answered) {
			mw_json_int(&j, "address", atol(rr->address));
			mw_json_int(&j, "baud", atol(rr->baud));
			mw_json_str(&j, "format", rr->format);
			mw_json_bool(&j, "as_planned", rr->matches);
		}
		mw_json_str(&j, "serial", *rr->serial ? rr->serial : NULL);
		mw_json_str(&j, "firmware", *rr->firmware ? rr->firmware : NULL);
		mw_json_obj_begin(&j, "settings");
		for (size_t k = 0; k < plan->n_columns; k++)
			if (rr->setting[k])
				mw_json_str(&j, plan->column[k], rr->setting[k]);
		mw_json_obj_end(&j);
		if (rr->have_ph) {
			mw_json_obj_begin(&j, "readings");
			mw_json_arr_begin(&j, "voltage");
			for (int k = 0; k < 3; k++)
				mw_json_num(&j, NULL, rr->ph.v[k]);
			mw_json_arr_end(&j);
			mw_json_arr_begin(&j, "current");
			for (int k = 0; k < 3; k++)
				mw_json_num(&j, NULL, rr->ph.i[k]);
			mw_json_arr_end(&j);
			mw_json_arr_begin(&j, "active_power");
			for (int k = 0; k < 3; k++)
				mw_json_num(&j, NULL, rr->ph.p[k]);
			mw_json_arr_end(&j);
			mw_json_num(&j, "frequency", rr->ph.freq);
			mw_json_obj_end(&j);
			verdict(rr, v, sizeof v);
			mw_json_obj_begin(&j, "wiring");
			mw_json_bool(&j, "healthy", rr->diag.healthy);
			mw_json_str(&j, "verdict", v);
			mw_json_arr_begin(&j, "items");
			for (int k = 0; k < rr->diag.n; k++) {
				const struct mw_diag_item *it = &rr->diag.item[k];

				mw_json_obj_begin(&j, NULL);
				mw_json_str(&j, "kind", mw_diag_kind_name(it->kind));
				mw_json_int(&j, "phase", it->phase >= 0 ? it->phase + 1 : 0);
				mw_json_str(&j, "what", it->what);
				mw_json_str(&j, "fix", *it->fix ? it->fix : NULL);
				mw_json_int(&j, "confidence", it->confidence);
				mw_json_obj_end(&j);
			}
			mw_json_arr_end(&j);
			mw_json_obj_end(&j);
		}
		if (*rr->error)
			mw_json_str(&j, "error", rr->error);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_obj_end(&j);
	fputc('\n', f);
}

static void write_text(const struct mw_commission_report *rep, FILE *f)
{
	const struct mw_commission_plan *plan = rep->plan;
	size_t done = 0;
	char v[1024];

	for (size_t i = 0; i < rep->n_rows; i++)
		done += rep->rows[i].state == MW_COMMISSION_DONE ||
		        rep->rows[i].state == MW_COMMISSION_CHECKED;
	fprintf(f, _("Commissioning report: %s (%zu of %zu positions done)\n"), plan->path, done,
	        rep->n_rows);
	fprintf(f, _("Port %s, %s\n\n"), rep->port, rep->time);
	fprintf(f, "%-12s %-12s %-8s %7s %6s %-6s %-16s %-10s\n", _("Position"), _("Model"),
	        _("Status"), _("Address"), _("Baud"), _("Format"), _("Serial"), _("Firmware"));
	for (size_t i = 0; i < rep->n_rows; i++) {
		const struct mw_commission_report_row *rr = &rep->rows[i];

		fprintf(f, "%-12s %-12s %-8s %7s %6s %-6s %-16s %-10s\n", rr->row->label,
		        rr->row->model ? rr->row->model->name : "?",
		        mw_commission_state_name(rr->state), *rr->address ? rr->address : "-",
		        rr->answered ? rr->baud : "-", rr->answered ? rr->format : "-",
		        *rr->serial ? rr->serial : "-", *rr->firmware ? rr->firmware : "-");
		if (rr->answered) {
			size_t len = 0;

			v[0] = '\0';
			for (size_t k = 0; k < plan->n_columns && len < sizeof v; k++)
				if (rr->setting[k])
					len += (size_t)snprintf(v + len, sizeof v - len, "%s%s=%s",
					                        len ? ", " : "", plan->column[k],
					                        rr->setting[k]);
			fprintf(f, _("    settings: %s%s\n"), len ? v : _("line only"),
			        rr->matches ? _(" (as planned)") : _(" (NOT as planned)"));
		}
		if (rr->have_ph) {
			fprintf(
			    f,
			    _("    V %.1f %.1f %.1f V   I %.2f %.2f %.2f A   P %.0f %.0f %.0f W\n"),
			    rr->ph.v[0], rr->ph.v[1], rr->ph.v[2], rr->ph.i[0], rr->ph.i[1],
			    rr->ph.i[2], rr->ph.p[0], rr->ph.p[1], rr->ph.p[2]);
			verdict(rr, v, sizeof v);
			fprintf(f, _("    wiring: %s\n"), v);
		}
		if (*rr->error)
			fprintf(f, "    %s\n", rr->error);
	}
}

void mw_commission_report_write(const struct mw_commission_report *rep,
                                enum mw_commission_report_format fmt, FILE *f)
{
	switch (fmt) {
	case MW_COMMISSION_REPORT_CSV:
		write_csv(rep, f);
		break;
	case MW_COMMISSION_REPORT_JSON:
		write_json(rep, f);
		break;
	default:
		write_text(rep, f);
		break;
	}
}
