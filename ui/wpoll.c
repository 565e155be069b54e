/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wpoll.c - the worker's readings: every value of the selected device
 * (the key figures of the others, for the panel overview) through the
 * engine's reader, the per-phase picture, the wiring diagnostics and the
 * power sparkline, copied into the snapshot.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "plan.h"
#include "wpriv.h"

/* Quantities the panel overview shows for every device. */
static bool is_key(const struct mw_value *v)
{
	switch (v->quantity) {
	case MW_Q_VOLTAGE:
	case MW_Q_CURRENT:
	case MW_Q_ACTIVE_POWER:
	case MW_Q_REACTIVE_POWER:
	case MW_Q_POWER_FACTOR:
	case MW_Q_FREQUENCY:
	case MW_Q_DIRECTION:
	case MW_Q_ALARM:
		return v->tariff == 0 && v->month == 0;
	default:
		return false;
	}
}

void mw_wpoll_forget(struct mw_worker *w, int i)
{
	if (w->have_reading[i])
		mw_reading_free(&w->reading[i]);
	w->have_reading[i] = false;
}

/* Total power for the sparkline: the meter's total, else the phase sum. */
static double total_power(const struct mw_ui_dev *d)
{
	double sum = 0;
	int n = 0;

	if (!isnan(d->ph.p_total))
		return d->ph.p_total;
	for (size_t i = 0; i < d->model->n_values && i < MW_UI_MAX_VAL; i++) {
		const struct mw_value *v = &d->model->values[i];

		if (v->quantity == MW_Q_ACTIVE_POWER && v->tariff == 0 && v->month == 0 &&
		    !isnan(d->val[i])) {
			sum += d->val[i];
			n++;
		}
	}
	return n ? sum : NAN;
}

static void spark_add(struct mw_ui_dev *d, double now)
{
	double p = total_power(d);

	if (isnan(p) || now - d->spark_last_s < MW_UI_SPARK_S)
		return;
	d->spark_last_s = now;
	if (d->n_spark == MW_UI_SPARK) {
		memmove(d->spark, d->spark + 1, (MW_UI_SPARK - 1) * sizeof d->spark[0]);
		d->n_spark--;
	}
	d->spark[d->n_spark++] = (float)p;
}

/* Line bound of reading every value: sum of 8t + T + (5 + 2n)t, seconds. */
static double line_bound(const struct mw_ui_dev *d)
{
	struct mw_plan plan;
	double t = (double)mw_format_bits(d->lc.format) / d->lc.baud;
	double T = d->model->line.turnaround_ms / 1000.0, s = 0;

	if (mw_plan_build(d->model, NULL, 0, &plan) < 0)
		return NAN;
	for (size_t i = 0; i < plan.n_req; i++)
		s += 8 * t + T + (5 + 2.0 * plan.req[i].count) * t;
	mw_plan_free(&plan);
	return s;
}

/* Read device i: every value (full) or its key figures. */
static int read_device(struct mw_worker *w, int i, bool full, char *err, size_t errsz)
{
	const struct mw_model *m = w->st->dev[i].model;
	size_t *want, n = 0;
	int rc;

	if (full)
		return mw_read_all(w->bus, w->st->dev[i].addr, m, &w->reading[i], err, errsz);
	want = calloc(m->n_values + 1, sizeof *want);
	if (!want) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return -1;
	}
	for (size_t v = 0; v < m->n_values; v++)
		if (is_key(&m->values[v]))
			want[n++] = v;
	rc = mw_read_values(w->bus, w->st->dev[i].addr, m, want, n, &w->reading[i], err, errsz);
	free(want);
	return rc;
}

void mw_wpoll_device(struct mw_worker *w, int i, bool full)
{
	struct mw_ui_dev *d = &w->st->dev[i];
	struct mw_reading *r = &w->reading[i];
	char err[256] = "";
	double t;
	int rc;

	if (!d->model)
		return;
	if (!w->have_reading[i]) {
		if (mw_reading_init(r, d->model, d->addr) < 0)
			return;
		w->have_reading[i] = true;
	}
	if (mw_wline_use(w, &d->lc) < 0)
		return;
	t = (double)mw_format_bits(d->lc.format) / d->lc.baud;
	mw_bus_set_timeouts(w->bus, (int)(9000 * t + d->model->line.turnaround_ms * 3 + 150), 50);
	rc = read_device(w, i, full, err, sizeof err);
	if (r->n_failed < r->n_requests) {
		/* some blocks answered: keep what came, the rest stays as it was */
		/* the snapshot keeps the first MW_UI_MAX_VAL values of a model */
		for (size_t v = 0; v < d->model->n_values && v < MW_UI_MAX_VAL; v++) {
			if ((full && rc == 0) || !isnan(r->values[v])) {
				d->val[v] = r->values[v];
				d->flags[v] = r->raw_flags[v];
			}
		}
		d->have_reading = true;
	}
	if (rc == 0) {
		/* a complete reading: the picture, the verdicts, the timing */
		mw_reading_phases(r, &d->ph);
		if (d->model->kind == MW_KIND_AC3)
			mw_diag_run(&d->ph, &d->diag);
		d->last_ok_s = mw_ui_now();
		if (full) {
			d->refresh_s = r->elapsed_ms / 1000.0;
			d->n_requests = r->n_requests;
			if (isnan(d->bound_s) || d->bound_s == 0)
				d->bound_s = line_bound(d);
		}
		spark_add(d, d->last_ok_s);
	}
	if (rc < 0) {
		d->failing = true;
		mw_ui_strcpy(d->error, sizeof d->error, err);
		mw_worker_io_failed(w, err);
	} else {
		d->failing = false;
		d->error[0] = 0;
	}
	if (w->bus) {
		const struct mw_stats *st = mw_bus_stats(w->bus, d->addr);

		if (st)
			d->stats = *st;
	}
}
