/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_panel.c - the panel overview: every device on the bus with its key
 * figures (voltages, currents, total power, power factor; no power factor
 * where no phase carries load) and its worst wiring verdict with the
 * number of others, so a whole panel can be checked at a glance.  A meter
 * that cannot tell the phase sequence is not called healthy: its sequence
 * is "not checked".  The
 * session reads the selected device in full and the others' key figures
 * in turn.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

/* Per-phase (or per-channel) values of quantity q: their mean or sum, or
 * the meter's total when it gives one and `sum` is asked (*one = its index,
 * else -1). */
static double figure(const struct mw_session_dev *d, enum mw_quantity q, bool sum, int *one)
{
	const struct mw_value *t = sum ? mw_model_find(d->model, q, MW_PHASE_TOTAL) : NULL;
	double acc = 0;
	int n = 0;

	*one = -1;
	if (t && !isnan(d->rd.values[t - d->model->values])) {
		*one = (int)(t - d->model->values);
		return d->rd.values[*one];
	}
	for (size_t i = 0; i < d->model->n_values; i++) {
		const struct mw_value *v = &d->model->values[i];
		bool per = (v->phase >= MW_PHASE_L1 && v->phase <= MW_PHASE_L3) ||
		           v->phase == MW_PHASE_C1 || v->phase == MW_PHASE_C2;

		if (v->quantity == q && per && v->tariff == 0 && v->month == 0 &&
		    !isnan(d->rd.values[i])) {
			acc += d->rd.values[i];
			n++;
		}
	}
	return n ? (sum ? acc : acc / n) : NAN;
}

/* A figure right-aligned in w columns: the engine's text when it is one of
 * the meter's values, else prec decimals (people's separator). */
static void figure_draw(struct mw_ui *ui, int y, int x, int w, const struct mw_session_dev *d,
                        enum mw_quantity q, bool sum, int prec, enum mw_role role)
{
	char t[48], cell[64];
	int one;
	double v = figure(d, q, sum, &one);

	if (one >= 0)
		mw_ui_format_value(d, (size_t)one, t, sizeof t);
	else if (isnan(v))
		snprintf(t, sizeof t, "%s", "-");
	else
		mw_numfmt_people(mw_numfmt_fixed(v, prec, t, sizeof t), sizeof t);
	snprintf(cell, sizeof cell, "%*s", w, t);
	mw_w_text(ui, y, x, w, role, cell);
}

/* The worst verdict of a device. */
static const struct mw_diag_item *worst(const struct mw_diag *dg)
{
	const struct mw_diag_item *w = NULL;

	for (int i = 0; i < dg->n; i++)
		if (!w || dg->item[i].severity > w->severity)
			w = &dg->item[i];
	return w;
}

static void panel_draw(struct mw_ui *ui)
{
	const struct mw_session_snap *s = ui->s;
	char buf[400];
	int y = 2;

	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Addr"), 4);
	mw_w_cell(buf, sizeof buf, _("Model"), 12);
	mw_w_cell(buf, sizeof buf, _("V avg"), -8);
	mw_w_cell(buf, sizeof buf, _("I sum"), -8);
	mw_w_cell(buf, sizeof buf, _("P W"), -9);
	mw_w_cell(buf, sizeof buf, _("PF"), -6);
	mw_w_cell(buf, sizeof buf, _("Wiring"), 0);
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, buf);
	if (s->n_dev == 0)
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, _("(no device found yet)"));
	if (ui->cursor >= s->n_dev)
		ui->cursor = s->n_dev ? s->n_dev - 1 : 0;
	if (s->scan.paused)
		mw_w_text(ui, 1, 1, COLS - 2, MW_R_DIM,
		          _("the scan waits while this screen reads (F2 goes on with it)"));
	/* in address order; each row's age at the right, old rows dimmed */
	for (int p = mw_ui_list_top(ui, LINES - 4 - y); p < s->n_dev && y < LINES - 4; p++, y++) {
		int i = mw_ui_dev_at(ui, p);
		const struct mw_session_dev *d = &s->dev[i];
		const struct mw_diag_item *it = worst(&d->diag);
		enum mw_role r = MW_R_OK, vr = MW_R_NORMAL;
		char shortv[300], agebuf[16], stalebuf[200];
		const char *verdict = "";
		int n_bad = 0;
		bool live = false;
		double age = d->model && d->have_reading && d->last_ok_s > 0
		                 ? mw_session_now() - d->last_ok_s
		                 : -1;
		bool stale = d->value_s && age > mw_ui_stale_after(ui, d);

		for (int k = 0; k < d->diag.n; k++)
			n_bad += d->diag.item[k].severity >= MW_SEV_WARNING;
		for (int k = 0; k < 3; k++)
			live |= !d->diag.dead[k];

		if (!d->model)
			verdict = _("no device file");
		else if (!d->have_reading)
			verdict = d->failing ? d->error : _("reading...");
		else if (d->model->kind == MW_KIND_DC)
			verdict = _("DC meter");
		else if (d->diag.healthy && d->diag.seq_unchecked) {
			/* L10N: the panel's verdict on a meter that cannot tell the
			   phase sequence (no flag, and the angles cannot say) */
			verdict = _("no fault seen; sequence not checked");
			r = MW_R_NORMAL;
		} else if (d->diag.healthy) {
			verdict = _("healthy");
		} else if (it) {
			verdict = it->what;
			r = it->severity == MW_SEV_FAULT     ? MW_R_FAULT
			    : it->severity == MW_SEV_WARNING ? MW_R_WARN
			                                     : MW_R_OK;
		}
		if (stale) {
			vr = MW_R_DIM;
			mw_ui_age_text(age, agebuf, sizeof agebuf);
			snprintf(stalebuf, sizeof stalebuf, _("STALE: read %s ago%s%s"), agebuf,
			         d->failing ? ", " : "", d->failing ? d->error : "");
			verdict = stalebuf;
			r = MW_R_WARN;
		}
		if (d->protocol == MW_PROTO_DLT645) /* its last 4 digits: the label's */
			snprintf(buf, sizeof buf, "%-4s ", d->dlt_addr + 8);
		else
			snprintf(buf, sizeof buf, "%-4d ", d->addr);
		mw_w_cell(buf, sizeof buf, d->model ? d->model->name : _("unknown"), 12);
		mw_w_text(ui, y, 1, COLS - 2, i == ui->cursor ? MW_R_SELECT : vr, buf);
		if (d->model) {
			figure_draw(ui, y, 19, 8, d, MW_Q_VOLTAGE, false, 1, vr);
			figure_draw(ui, y, 28, 8, d, MW_Q_CURRENT, true, 2, vr);
			figure_draw(ui, y, 37, 9, d, MW_Q_ACTIVE_POWER, true, 0, vr);
			/* no power factor without voltage and load */
			mw_w_num(ui, y, 47, 6, vr,
			         live || d->model->kind != MW_KIND_AC3 ? d->ph.pf_total : NAN, 3);
		}
		if (it && verdict == it->what) {
			/* the verdict without its evidence: "L2 CT reversed", and how
			   many more there are (the dashboard lists them all) */
			int len = (int)strcspn(it->what, "(");

			while (len > 0 && it->what[len - 1] == ' ')
				len--;
			if (n_bad > 1)
				/* L10N: the worst wiring verdict, then how many other
				   warnings and faults the dashboard lists */
				snprintf(shortv, sizeof shortv, _("%.*s (+%d more)"), len, it->what,
				         n_bad - 1);
			else
				snprintf(shortv, sizeof shortv, "%.*s", len, it->what);
			verdict = shortv;
		}
		if (d->value_s && age >= 0 && COLS > 70) {
			/* every row carries its age */
			char cell[16];

			mw_ui_age_text(age, agebuf, sizeof agebuf);
			snprintf(cell, sizeof cell, "%5s", agebuf);
			mw_w_text(ui, y, COLS - 6, 5, stale ? MW_R_WARN : MW_R_DIM, cell);
		}
		if (53 < COLS - 2)
			mw_w_text(ui, y, 54, COLS - 55 - (d->value_s ? 6 : 0),
			          d->failing && !stale ? MW_R_FAULT : r, verdict);
	}
}

static enum mw_key_result panel_key(struct mw_ui *ui, int ch)
{
	return mw_ui_devlist_key(ui, ch) ? MW_KEY_HANDLED : MW_KEY_IGNORED;
}

const struct mw_screen mw_scr_panel = {
    .name = N_("Panel"),
    .keys = N_("Up/Down choose  Enter dashboard"),
    .help = N_("Every device on the bus with its key figures: mean phase voltage, sum of\n"
               "currents, total active power, power factor, and the most serious wiring\n"
               "verdict with the number of others (+N more; the dashboard lists them all),\n"
               "in address order.  \"sequence not checked\": the meter cannot tell the\n"
               "phase sequence.  While this screen is open every device's key figures\n"
               "are read in turn, back to back; the age of each row is at its right,\n"
               "and a row older than three rounds is dimmed and marked STALE.\n\n"
               "Up/Down  choose   PgUp/PgDn/Home/End  move by pages\n"
               "Enter  open its dashboard"),
    .draw = panel_draw,
    .key = panel_key,
};
