/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_poll.c - the session's readings: every value of the selected
 * device (the key figures of the others, for the panel overview) through
 * the engine's reader, merged into the device's values and formatted once
 * (mw_reading_format), the per-phase picture, the wiring diagnostics and
 * the power sparkline.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "timing.h"

/*
 * Polling shares the host with drawing (and, in tests, with sanitizers and
 * a simulator): a reply that comes a little late must not be taken for a
 * silent meter.  The latency term of the one safe-timeout formula gets this
 * slack plus twice the model's turnaround (the allowance the TUI had before
 * the timing module, 9t + 3T + 150 ms).
 */
#define MW_SESSION_POLL_SLACK_MS 120
#include "xalloc.h"
#include "plan.h"
#include "session_int.h"

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

void mw_session_poll_forget(struct mw_session *s, int i)
{
	if (s->have_reading[i])
		mw_reading_free(&s->reading[i]);
	s->have_reading[i] = false;
}

/* Total power for the sparkline: the meter's total, else the phase sum. */
static double total_power(const struct mw_session_dev *d)
{
	double sum = 0;
	int n = 0;

	if (!isnan(d->ph.p_total))
		return d->ph.p_total;
	for (size_t i = 0; i < d->rd.n_values; i++) {
		const struct mw_value *v = &d->model->values[i];

		if (v->quantity == MW_Q_ACTIVE_POWER && v->tariff == 0 && v->month == 0 &&
		    !isnan(d->rd.values[i])) {
			sum += d->rd.values[i];
			n++;
		}
	}
	return n ? sum : NAN;
}

void mw_session_poll_spark(struct mw_session_dev *d, double now)
{
	double p = total_power(d);

	if (isnan(p) || now - d->spark_last_s < MW_SESSION_SPARK_S)
		return;
	d->spark_last_s = now;
	if (d->n_spark == MW_SESSION_SPARK) {
		memmove(d->spark, d->spark + 1, (MW_SESSION_SPARK - 1) * sizeof d->spark[0]);
		d->n_spark--;
	}
	d->spark[d->n_spark++] = (float)p;
}

/* Indices of the key figures of model m (is_key); free the result. */
static size_t *key_values(const struct mw_model *m, size_t *n)
{
	size_t *want = mw_xcalloc(m->n_values + 1, sizeof *want);

	*n = 0;
	for (size_t v = 0; v < m->n_values; v++)
		if (is_key(&m->values[v]))
			want[(*n)++] = v;
	return want;
}

/* Line bound of reading the values want (NULL: every value) (timing.h:
 * the sum over its requests of 8t + T + (5 + 2n)t, each plus the USB
 * adapter's latency L, which may hold its reply that long), seconds. */
static double line_bound(const struct mw_session_dev *d, const size_t *want, size_t n_want,
                         double adapter_ms)
{
	struct mw_plan plan;
	double ms = 0;

	if (mw_plan_build(d->model, want, n_want, &plan) < 0)
		return NAN;
	for (size_t i = 0; i < plan.n_req; i++) {
		struct mw_timing_req r = {8, 5 + 2 * plan.req[i].count,
		                          d->model->line.turnaround_ms};

		ms += mw_timing_txn_ms(d->lc.baud, d->lc.format, &r) + adapter_ms;
	}
	mw_plan_free(&plan);
	return ms / 1000.0;
}

/* The USB adapter's latency L on this line (none over TCP), ms. */
static double line_latency_ms(struct mw_session *s)
{
	return mw_bus_is_tcp(s->bus) ? 0 : mw_bus_latency_ms(s->bus);
}

/* Read device i: every value (full) or its key figures. */
static int read_device(struct mw_session *s, int i, bool full, char *err, size_t errsz)
{
	const struct mw_model *m = s->st->dev[i].model;
	size_t *want, n = 0;
	int rc;

	if (full && (size_t)i < s->n_known && s->known[i].want)
		return mw_read_values(s->bus, s->st->dev[i].addr, m, s->known[i].want,
		                      s->known[i].n_want, &s->reading[i], err, errsz);
	if (full)
		return mw_read_all(s->bus, s->st->dev[i].addr, m, &s->reading[i], err, errsz);
	want = key_values(m, &n);
	rc = mw_read_values(s->bus, s->st->dev[i].addr, m, want, n, &s->reading[i], err, errsz);
	free(want);
	return rc;
}

/* Keep what reading r answered in device d (a complete full reading
 * replaces everything; otherwise the values not read stay as they were),
 * and format the values that changed. */
static void merge(struct mw_session_dev *d, const struct mw_reading *r, bool replace, double now)
{
	for (size_t v = 0; v < d->rd.n_values; v++) {
		bool got =
		    r->have[v] || !isnan(r->values[v]) || r->raw_flags[v] >= 0 || r->texts[v];
		char buf[256];

		if (!replace && !got)
			continue;
		if (got && d->value_s)
			d->value_s[v] = now; /* its age starts again */
		d->rd.values[v] = r->values[v];
		d->rd.raw_flags[v] = r->raw_flags[v];
		d->rd.have[v] = r->have[v];
		free(d->rd.texts[v]);
		d->rd.texts[v] = r->texts[v] ? strdup(r->texts[v]) : NULL;
		mw_reading_format(&d->rd, v, buf, sizeof buf);
		if (strcmp(buf, d->text[v]) != 0) {
			char *t = strdup(buf);

			if (t) {
				free(d->text[v]);
				d->text[v] = t;
			}
		}
	}
	d->rd.line = r->line;
	d->rd.when = r->when;
	d->rd.n_requests = r->n_requests;
	d->rd.n_failed = r->n_failed;
	d->rd.elapsed_ms = r->elapsed_ms;
}

void mw_session_poll_device(struct mw_session *s, int i, bool full)
{
	struct mw_session_dev *d = &s->st->dev[i];
	struct mw_reading *r = &s->reading[i];
	char err[256] = "";
	double t0 = mw_session_now();
	int rc;

	if (!d->model)
		return;
	if (d->protocol == MW_PROTO_DLT645) {
		mw_session_dlt_poll(s, i, full);
		return;
	}
	if (!s->have_reading[i]) {
		if (mw_reading_init(r, d->model, d->addr) < 0)
			return;
		s->have_reading[i] = true;
	}
	if (mw_session_line_use(s, &d->lc) < 0)
		return;
	if (isnan(d->key_bound_s) || d->key_bound_s == 0) {
		size_t n, *want = key_values(d->model, &n);

		d->key_bound_s = line_bound(d, want, n, line_latency_ms(s));
		free(want);
	}
	/* The one safe-timeout formula (timing.h): 9t + T_max + latency + host. */
	mw_bus_set_timeouts(
	    s->bus,
	    s->cfg.timeout_ms > 0
	        ? s->cfg.timeout_ms
	        : mw_timing_safe_timeout_ms(d->lc.baud, d->lc.format, d->model->line.turnaround_ms,
	                                    mw_bus_latency_ms(s->bus) + MW_SESSION_POLL_SLACK_MS +
	                                        2 * d->model->line.turnaround_ms),
	    50);
	rc = read_device(s, i, full, err, sizeof err);
	mw_session_touch(s, i);
	d->n_polls++;
	d->last_full = full;
	d->last_complete = rc == 0;
	d->last_partial = rc < 0 && r->n_failed < r->n_requests;
	if (r->n_failed < r->n_requests) {
		/* some blocks answered: keep what came, the rest stays as it was */
		merge(d, r, full && rc == 0, t0);
		d->have_reading = true;
	}
	if (rc == 0) {
		/* a complete reading: the picture, the verdicts, the timing */
		mw_reading_phases(r, &d->ph);
		if (d->model->kind == MW_KIND_AC3)
			mw_diag_run(&d->ph, &d->diag);
		/* measured: from the start of one answered poll to the next */
		if (d->last_ok_s > 0)
			d->interval_s = t0 - d->last_ok_s;
		d->last_ok_s = t0;
		if (full) {
			d->refresh_s = r->elapsed_ms / 1000.0;
			d->n_requests = r->n_requests;
			if (isnan(d->bound_s) || d->bound_s == 0)
				d->bound_s = line_bound(d, NULL, 0, line_latency_ms(s));
		}
		mw_session_poll_spark(d, d->last_ok_s);
	}
	if (rc < 0) {
		d->failing = true;
		mw_text_copy(d->error, sizeof d->error, err);
		mw_session_io_failed(s, err);
	} else {
		d->failing = false;
		d->error[0] = 0;
	}
	if (s->bus) {
		const struct mw_stats *st = mw_bus_stats(s->bus, d->addr);

		if (st)
			d->stats = *st;
	}
}

void mw_session_poll_merge(struct mw_session_dev *d, const struct mw_reading *r, bool replace)
{
	merge(d, r, replace, mw_session_now());
}
