/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission.c - the commissioning state machine (commission.h).
 *
 * First it looks once at the planned target of every open position (a
 * meter already there with the planned settings is checked, not
 * rewritten).  Then it waits: it polls the factory settings of the plan's
 * models with short probes (DESIGN.md timing model) and, between rounds,
 * one planned target.  A meter that answers at a factory setting is
 * identified and given the next open position of its model: the target
 * address is checked to be free, the position is claimed in the journal,
 * and the engine writes, verifies and follows it.  Garbled replies at a
 * factory address mean two new meters at once: the technician is told and
 * nothing is written.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commission_int.h"
#include "i18n.h"
#include "identify.h"
#include "journal.h"
#include "timing.h"
#include "xalloc.h"

#define CONFIRM_TRIES 3

const char *mw_commission_state_name(enum mw_commission_state s)
{
	static const char *const n[] = {"open", "started", "done", "checked", "blocked", "failed"};

	return (unsigned)s < sizeof n / sizeof n[0] ? n[s] : "?";
}

__attribute__((format(printf, 6, 7))) static void emit(struct mw_commission *c,
                                                       enum mw_commission_event_kind k, int row,
                                                       const struct mw_model *m, int addr,
                                                       const char *fmt, ...)
{
	struct mw_commission_event e = {.kind = k, .row = row, .model = m, .addr = addr};
	va_list ap;

	e.line = *mw_bus_line(c->b);
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof e.text, fmt, ap);
	va_end(ap);
	if (c->o.on_event)
		c->o.on_event(c->o.ctx, &e);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

static bool same_line(const struct mw_linecfg *a, const struct mw_linecfg *b)
{
	return a->baud == b->baud && a->format == b->format;
}

/* Put the bus at lc; -1 (c->err) when the port fails. */
static int go_line(struct mw_commission *c, const struct mw_linecfg *lc)
{
	char e[256];

	if (same_line(mw_bus_line(c->b), lc))
		return 0;
	if (mw_bus_set_line(c->b, lc, e, sizeof e) < 0) {
		snprintf(c->err, sizeof c->err, "%s", e);
		return -1;
	}
	return 0;
}

static bool row_open(const struct mw_commission *c, size_t i)
{
	return c->plan->rows[i].model &&
	       (c->st[i].state == MW_COMMISSION_OPEN || c->st[i].state == MW_COMMISSION_STARTED);
}

size_t mw_commission_done(const struct mw_commission *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->plan->n_rows; i++)
		n +=
		    c->st[i].state == MW_COMMISSION_DONE || c->st[i].state == MW_COMMISSION_CHECKED;
	return n;
}

/* The row a new meter of model m gets: one started earlier, else the first open. */
static int pick_row(const struct mw_commission *c, const struct mw_model *m)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->plan->n_rows; i++)
			if (c->plan->rows[i].model == m && row_open(c, i) &&
			    (pass == 1 || c->st[i].state == MW_COMMISSION_STARTED))
				return (int)i;
	return -1;
}

/* Does some open row want a meter of model m? */
static bool wanted(const struct mw_commission *c, const struct mw_model *m)
{
	return pick_row(c, m) >= 0;
}

/*
 * One short read of a register each candidate model has (its first
 * identification probe, else its address setting) at addr, at the bus's
 * line settings, with timeout ms.
 */
static enum mw_commission_probe probe(struct mw_commission *c, int addr,
                                      const struct mw_model *const *ms, int n, int ms_timeout)
{
	enum mw_commission_probe res = MW_COMMISSION_NOTHING;
	int retries = mw_bus_retries(c->b);

	mw_bus_set_timeouts(c->b, ms_timeout, c->byte_ms);
	mw_bus_set_retries(c->b, 1);
	for (int k = 0; k < n && res == MW_COMMISSION_NOTHING; k++) {
		const struct mw_model *m = ms[k];
		enum mw_table t = MW_TABLE_HOLDING;
		uint16_t reg = 0, w[4];
		int words = 1;
		char e[256];

		if (m->n_probes > 0) {
			t = m->probes[0].table;
			reg = m->probes[0].reg;
			words = m->probes[0].type == MW_T_U16 ? 1 : 2;
		} else if (mw_model_line_setting(m, MW_LINE_ADDRESS)) {
			reg = mw_model_line_setting(m, MW_LINE_ADDRESS)->reg;
		}
		if (mw_bus_read(c->b, addr, t, reg, words, w, e, sizeof e) == 0) {
			res = MW_COMMISSION_ANSWER;
			break;
		}
		switch (mw_bus_last_error(c->b)) {
		case MW_BUS_EXCEPTION:
			res = MW_COMMISSION_ANSWER;
			break;
		case MW_BUS_CRC:
		case MW_BUS_GARBLED:
			res = MW_COMMISSION_BAD;
			break;
		case MW_BUS_IO:
			snprintf(c->err, sizeof c->err, "%s", e);
			res = MW_COMMISSION_IO;
			break;
		default:
			break;
		}
	}
	mw_bus_set_retries(c->b, retries);
	mw_bus_set_timeouts(c->b, c->work_ms, c->byte_ms);
	return res;
}

/*
 * A corrupt reply: look again with a long timeout.  Returns ANSWER when a
 * clean reply comes (noise), BAD when the replies stay garbled (two
 * devices), NOTHING when it went quiet.
 */
static enum mw_commission_probe confirm(struct mw_commission *c, int addr,
                                        const struct mw_model *const *ms, int n)
{
	int good = 0, bad = 1, lt = c->work_ms > 4 * c->poll_ms ? c->work_ms : 4 * c->poll_ms;

	for (int i = 0; i < CONFIRM_TRIES; i++) {
		enum mw_commission_probe r;

		sleep_ms(lt / 4); /* let a late or colliding reply finish */
		r = probe(c, addr, ms, n, lt);
		if (r == MW_COMMISSION_IO)
			return r;
		if (r == MW_COMMISSION_ANSWER)
			good++;
		else if (r == MW_COMMISSION_BAD)
			bad++;
	}
	if (good > 0)
		return MW_COMMISSION_ANSWER;
	return bad >= 2 ? MW_COMMISSION_BAD : MW_COMMISSION_NOTHING;
}

/* "address=7, baud=19200, format=8E1, voltage_limit=250" of a set plan. */
static void plan_text(const struct mw_set_plan *p, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n_items && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s=%s", len ? ", " : "",
		                        p->item[i].setting->name, p->item[i].new_text);
}

static void say_waiting(struct mw_commission *c)
{
	size_t done = mw_commission_done(c), left = 0;
	char models[512];
	size_t len = 0;

	models[0] = '\0';
	for (size_t i = 0; i < c->plan->n_rows; i++) {
		const struct mw_model *m = c->plan->rows[i].model;
		bool seen = false;

		if (!row_open(c, i))
			continue;
		left++;
		for (size_t j = 0; j < i; j++)
			seen |= row_open(c, j) && c->plan->rows[j].model == m;
		if (!seen && len < sizeof models)
			len += (size_t)snprintf(models + len, sizeof models - len, "%s%s",
			                        len ? _(" or ") : "", m->name);
	}
	c->waiting_said = true;
	if (!left)
		return;
	emit(c, MW_COMMISSION_EV_WAITING, -1, NULL, -1,
	     _("%zu of %zu positions done; waiting for the next meter: connect one new %s at "
	       "its factory settings"),
	     done, c->plan->n_rows, models);
}

/*
 * Is row i's meter already at its target?  Looks there (the bus is left at
 * the target line).  Returns 1 when the row was checked (or completed),
 * 0 when nothing answers there, -1 on a port failure; a device that is not
 * the row's meter blocks the row (2).
 */
static int look_at_target(struct mw_commission *c, size_t i)
{
	const struct mw_commission_plan_row *r = &c->plan->rows[i];
	struct mw_commission_row_status *st = &c->st[i];
	const struct mw_model *m;
	struct mw_set_plan *p;
	struct mw_set_result res;
	struct mw_set_opts so = {.password = c->o.password, .no_journal = c->o.no_journal};
	enum mw_commission_probe pr;
	char what[256], e[512], where[96];
	bool all_same = true;
	int rc;

	if (go_line(c, &r->final_line) < 0)
		return -1;
	mw_where(c->b, r->addr, &r->final_line, where, sizeof where);
	pr = probe(c, r->addr, &r->model, 1, c->poll_ms);
	if (pr == MW_COMMISSION_BAD)
		pr = confirm(c, r->addr, &r->model, 1);
	if (pr == MW_COMMISSION_IO)
		return -1;
	if (pr == MW_COMMISSION_NOTHING)
		return 0;
	if (pr == MW_COMMISSION_BAD) {
		st->state = MW_COMMISSION_BLOCKED;
		snprintf(st->message, sizeof st->message,
		         _("garbled replies at %s, the planned settings of position %s: two "
		           "devices there? Nothing was written"),
		         where, r->label);
		emit(c, MW_COMMISSION_EV_CONFLICT, (int)i, NULL, r->addr, "%s", st->message);
		return 2;
	}
	m = mw_identify(c->b, r->addr, c->cat, what, sizeof what);
	if (m != r->model) {
		st->state = MW_COMMISSION_BLOCKED;
		snprintf(st->message, sizeof st->message,
		         _("%s, planned for position %s (%s), is taken by another device (%s); "
		           "position %s is skipped: change the plan or move that device"),
		         where, r->label, r->model->name, m ? m->name : what, r->label);
		emit(c, MW_COMMISSION_EV_CONFLICT, (int)i, m, r->addr, "%s", st->message);
		return 2;
	}
	p = mw_xcalloc(1, sizeof *p);
	if (mw_commission_plan_row_set(c->plan, r, p, true, e, sizeof e) < 0 ||
	    mw_set_prepare(c->b, r->addr, p, e, sizeof e) < 0) {
		free(p);
		/* Something answers there: the address is not free for a new meter. */
		st->state = MW_COMMISSION_BLOCKED;
		snprintf(st->message, sizeof st->message,
		         _("position %s: a %s answers at %s but its settings cannot be read (%s); "
		           "position %s is skipped, run again to retry it"),
		         r->label, m->name, where, e, r->label);
		emit(c, MW_COMMISSION_EV_CONFLICT, (int)i, m, r->addr, "%s", st->message);
		return 2;
	}
	for (size_t k = 0; k < p->n_items; k++)
		if (!p->item[k].unchanged && !p->item[k].setting->secret)
			all_same = false;
	snprintf(st->serial, sizeof st->serial, "%s", p->serial);
	snprintf(st->firmware, sizeof st->firmware, "%s", p->firmware);
	if (all_same) {
		st->state = MW_COMMISSION_CHECKED;
		snprintf(st->message, sizeof st->message,
		         _("position %s: %s already at %s with the planned settings: checked, "
		           "not rewritten"),
		         r->label, m->name, where);
		mw_commission_journal(c, "checked", (int)i, r->addr, &r->final_line, p->serial,
		                      p->firmware, st->message);
		c->done_now++;
		emit(c, MW_COMMISSION_EV_CHECKED, (int)i, m, r->addr, "%s", st->message);
		free(p);
		c->waiting_said = false;
		return 1;
	}
	/* Its line is right (it answers there); write the settings that differ. */
	mw_commission_journal(c, "started", (int)i, r->addr, &r->final_line, p->serial, p->firmware,
	                      NULL);
	rc = mw_set_apply(c->b, p, &so, &res);
	if (rc == 0) {
		st->state = MW_COMMISSION_DONE;
		snprintf(st->message, sizeof st->message,
		         _("position %s: %s at %s, settings completed, verified"), r->label,
		         m->name, where);
		mw_commission_journal(c, "done", (int)i, res.addr, &res.line, p->serial,
		                      p->firmware, st->message);
		c->done_now++;
		emit(c, MW_COMMISSION_EV_DONE, (int)i, m, r->addr, "%s", st->message);
	} else {
		st->state = MW_COMMISSION_FAILED;
		snprintf(st->message, sizeof st->message, _("position %s: %s"), r->label,
		         res.message);
		mw_commission_journal(c, "failed", (int)i, res.addr, &res.line, p->serial,
		                      p->firmware, st->message);
		emit(c, MW_COMMISSION_EV_FAILED, (int)i, m, res.addr, "%s", st->message);
	}
	free(p);
	c->waiting_said = false;
	return 1;
}

/* Give row i to the new meter of model m at point f.  -1 on a port failure. */
static int commission_row(struct mw_commission *c, size_t i, const struct mw_model *m,
                          struct mw_commission_point *f)
{
	const struct mw_commission_plan_row *r = &c->plan->rows[i];
	struct mw_commission_row_status *st = &c->st[i];
	struct mw_set_plan *p = mw_xcalloc(1, sizeof *p);
	struct mw_set_result res;
	struct mw_set_opts so = {.password = c->o.password, .no_journal = c->o.no_journal};
	char e[512], what[768], where[96];
	int rc;

	if (go_line(c, &f->line) < 0) {
		free(p);
		return -1;
	}
	rc = mw_commission_plan_row_set(c->plan, r, p, true, e, sizeof e);
	if (rc == 0)
		rc = mw_set_prepare(c->b, f->addr, p, e, sizeof e);
	if (rc == -2) {
		/* The engine found the target taken after all: leave the row. */
		st->state = MW_COMMISSION_BLOCKED;
		snprintf(st->message, sizeof st->message, _("position %s: %s"), r->label, e);
		emit(c, MW_COMMISSION_EV_CONFLICT, (int)i, m, r->addr, "%s", st->message);
		free(p);
		return 0;
	}
	if (rc < 0) {
		emit(c, MW_COMMISSION_EV_FAILED, (int)i, m, f->addr,
		     _("position %s: the new %s stopped answering before anything was written "
		       "(%s); connect it again"),
		     r->label, m->name, e);
		free(p);
		return 0;
	}
	plan_text(p, what, sizeof what);
	mw_commission_journal(c, "started", (int)i, f->addr, &f->line, p->serial, p->firmware,
	                      NULL);
	emit(c, MW_COMMISSION_EV_APPLYING, (int)i, m, f->addr,
	     _("position %s: writing %s to the %s"), r->label, what, m->name);
	if (c->o.no_journal)
		so.no_journal = true;
	rc = mw_set_apply(c->b, p, &so, &res);
	mw_where(c->b, res.addr, &res.line, where, sizeof where);
	snprintf(st->serial, sizeof st->serial, "%s", p->serial);
	snprintf(st->firmware, sizeof st->firmware, "%s", p->firmware);
	if (rc == 0) {
		st->state = MW_COMMISSION_DONE;
		snprintf(st->message, sizeof st->message, _("position %s: %s now at %s, verified"),
		         r->label, m->name, where);
		mw_commission_journal(c, "done", (int)i, res.addr, &res.line, p->serial,
		                      p->firmware, st->message);
		c->done_now++;
		emit(c, MW_COMMISSION_EV_DONE, (int)i, m, res.addr, "%s", st->message);
	} else {
		st->state = MW_COMMISSION_FAILED;
		snprintf(st->message, sizeof st->message, _("position %s: %s"), r->label,
		         res.message);
		mw_commission_journal(c, "failed", (int)i, res.addr, &res.line, p->serial,
		                      p->firmware, st->message);
		emit(c, MW_COMMISSION_EV_FAILED, (int)i, m, res.addr, "%s", st->message);
	}
	free(p);
	c->waiting_said = false;
	return 0;
}

/* A meter answered at factory point f: identify it and give it a row. */
static int new_meter(struct mw_commission *c, struct mw_commission_point *f)
{
	const struct mw_model *m;
	char what[256], where[96];

	mw_where(c->b, f->addr, &f->line, where, sizeof where);
	m = mw_identify(c->b, f->addr, c->cat, what, sizeof what);
	if (!m || !wanted(c, m)) {
		if (mw_bus_last_error(c->b) == MW_BUS_IO) {
			snprintf(c->err, sizeof c->err, "%s", what);
			return -1;
		}
		if (!f->unexpected)
			emit(c, MW_COMMISSION_EV_UNEXPECTED, -1, m, f->addr,
			     m ? _("a %s answers at %s, but the plan has no open position for "
			           "this model; disconnect it")
			       : _("a device answers at %s%s%s, but no device file recognises it; "
			           "disconnect it"),
			     m ? m->name : where, m ? where : ": ", m ? "" : what);
		f->unexpected = true;
		return 0;
	}
	f->unexpected = false;
	emit(c, MW_COMMISSION_EV_FOUND, -1, m, f->addr, _("new %s at %s"), m->name, where);
	for (;;) {
		int i = pick_row(c, m), rc;

		if (i < 0) {
			emit(c, MW_COMMISSION_EV_UNEXPECTED, -1, m, f->addr,
			     _("no open position left for this %s: every planned address for it is "
			       "taken; disconnect it"),
			     m->name);
			f->unexpected = true;
			return 0;
		}
		/* Its target must be free: another device there would collide. */
		rc = look_at_target(c, (size_t)i);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue; /* that row is settled (checked or blocked): the next one */
		return commission_row(c, (size_t)i, m, f);
	}
}

/* Poll factory point f. */
static int poll_factory(struct mw_commission *c, struct mw_commission_point *f)
{
	enum mw_commission_probe pr;
	char where[96];

	if (go_line(c, &f->line) < 0)
		return -1;
	pr = probe(c, f->addr, f->models, f->n_models, c->poll_ms);
	if (pr == MW_COMMISSION_BAD)
		pr = confirm(c, f->addr, f->models, f->n_models);
	mw_where(c->b, f->addr, &f->line, where, sizeof where);
	switch (pr) {
	case MW_COMMISSION_IO:
		return -1;
	case MW_COMMISSION_NOTHING:
		if (f->collision)
			emit(c, MW_COMMISSION_EV_CLEARED, -1, NULL, f->addr,
			     _("%s is quiet again; connect one new meter"), where);
		f->collision = false;
		f->unexpected = false;
		return 0;
	case MW_COMMISSION_BAD:
		if (!f->collision)
			emit(
			    c, MW_COMMISSION_EV_COLLISION, -1, NULL, f->addr,
			    _("garbled replies at %s: two meters at one address? Connect one meter "
			      "at a time (disconnect all new meters but one); nothing was written"),
			    where);
		f->collision = true;
		return 0;
	case MW_COMMISSION_ANSWER:
		if (f->collision)
			emit(c, MW_COMMISSION_EV_CLEARED, -1, NULL, f->addr,
			     _("%s answers clearly again"), where);
		f->collision = false;
		if (f->unexpected)
			return 0;
		return new_meter(c, f);
	}
	return 0;
}

/* Factory point f still has models with open rows? */
static bool point_wanted(const struct mw_commission *c, const struct mw_commission_point *f)
{
	for (int k = 0; k < f->n_models; k++)
		if (wanted(c, f->models[k]))
			return true;
	return false;
}

static bool all_done(const struct mw_commission *c)
{
	for (size_t i = 0; i < c->plan->n_rows; i++)
		if (row_open(c, i))
			return false;
	return true;
}

int mw_commission_step(struct mw_commission *c)
{
	if (c->finished)
		return 0;
	if (c->phase == 0) {
		while (c->sweep < c->plan->n_rows && !row_open(c, c->sweep))
			c->sweep++;
		if (c->sweep < c->plan->n_rows) {
			size_t i = c->sweep++;

			return look_at_target(c, i) < 0 ? -1 : 1;
		}
		c->phase = 1;
	}
	if (all_done(c) || (c->o.once && c->done_now > 0)) {
		c->finished = true;
		if (all_done(c))
			emit(c, MW_COMMISSION_EV_FINISHED, -1, NULL, -1,
			     _("all %zu positions are done (%zu commissioned or checked)"),
			     c->plan->n_rows, mw_commission_done(c));
		return 0;
	}
	if (!c->waiting_said)
		say_waiting(c);
	if (c->fac_i >= c->n_fac) {
		/* Between rounds: one planned target, for meters set up elsewhere. */
		c->fac_i = 0;
		for (size_t k = 0; k < c->plan->n_rows; k++) {
			size_t i = (c->rr + k) % c->plan->n_rows;

			if (!row_open(c, i))
				continue;
			c->rr = i + 1;
			return look_at_target(c, i) < 0 ? -1 : 1;
		}
		return 1;
	}
	{
		struct mw_commission_point *f = &c->fac[c->fac_i++];

		if (!point_wanted(c, f))
			return 1;
		return poll_factory(c, f) < 0 ? -1 : 1;
	}
}

int mw_commission_run(struct mw_commission *c, volatile int *stop)
{
	int rc = 1;

	while ((!stop || !*stop) && (rc = mw_commission_step(c)) > 0)
		;
	return stop && *stop ? 1 : rc;
}

/* The factory settings of the plan's models, and the probe timeout. */
static void plan_points(struct mw_commission *c)
{
	double t_max_ms = 0, latency;

	for (size_t i = 0; i < c->plan->n_rows; i++) {
		const struct mw_model *m = c->plan->rows[i].model;
		struct mw_commission_point *f = NULL;

		if (!m)
			continue;
		for (int k = 0; k < c->n_fac; k++)
			if (c->fac[k].addr == m->line.default_address &&
			    c->fac[k].line.baud == m->line.default_baud &&
			    c->fac[k].line.format == m->line.default_format)
				f = &c->fac[k];
		if (!f && c->n_fac < MW_COMMISSION_POINTS) {
			f = &c->fac[c->n_fac++];
			memset(f, 0, sizeof *f);
			f->addr = m->line.default_address;
			f->line.baud = m->line.default_baud;
			f->line.format = m->line.default_format;
		}
		if (f) {
			bool have = false;

			for (int k = 0; k < f->n_models; k++)
				have |= f->models[k] == m;
			if (!have && f->n_models < 8)
				f->models[f->n_models++] = m;
		}
		if (m->line.turnaround_ms > t_max_ms)
			t_max_ms = m->line.turnaround_ms;
	}
	if (c->o.poll_timeout_ms > 0) {
		c->poll_ms = c->o.poll_timeout_ms;
		return;
	}
	/* the safe timeout at the slowest line polled */
	latency = mw_bus_latency_ms(c->b); /* the gateway's, or the USB adapter's */
	c->poll_ms = 0;
	for (size_t i = 0; i < c->plan->n_rows; i++) {
		const struct mw_commission_plan_row *r = &c->plan->rows[i];

		if (r->model) {
			int ms = mw_timing_safe_timeout_ms(r->final_line.baud, r->final_line.format,
			                                   t_max_ms, latency);

			if (ms > c->poll_ms)
				c->poll_ms = ms;
		}
	}
	for (int k = 0; k < c->n_fac; k++) {
		int ms = mw_timing_safe_timeout_ms(c->fac[k].line.baud, c->fac[k].line.format,
		                                   t_max_ms, latency);

		if (ms > c->poll_ms)
			c->poll_ms = ms;
	}
}

struct mw_commission *mw_commission_new(struct mw_bus *b, const struct mw_catalog *cat,
                                        const struct mw_commission_plan *plan,
                                        const struct mw_commission_opts *o, char *err, size_t errsz)
{
	struct mw_commission *c = mw_xcalloc(1, sizeof *c);
	int resumed;

	c->st = mw_xcalloc(plan->n_rows ? plan->n_rows : 1, sizeof *c->st);
	c->b = b;
	c->cat = cat;
	c->plan = plan;
	c->o = *o;
	mw_bus_get_timeouts(b, &c->work_ms, &c->byte_ms);
	if (o->timeout_ms > 0)
		c->work_ms = o->timeout_ms;
	mw_bus_set_timeouts(b, c->work_ms, c->byte_ms);
	plan_points(c);
	if (c->n_fac == 0) {
		snprintf(err, errsz, "%s", _("the plan has no position to commission"));
		free(c->st);
		free(c);
		return NULL;
	}
	resumed = mw_commission_resume(c);
	if (resumed > 0)
		emit(c, MW_COMMISSION_EV_RESUMED, -1, NULL, -1,
		     _("%d of %zu positions were done in an earlier run (journal %s): they are "
		       "kept, their addresses are not given again"),
		     resumed, plan->n_rows, mw_journal_path());
	return c;
}

const char *mw_commission_error(const struct mw_commission *c)
{
	return c->err;
}

const struct mw_commission_row_status *mw_commission_rows(const struct mw_commission *c)
{
	return c->st;
}

void mw_commission_free(struct mw_commission *c)
{
	if (!c)
		return;
	mw_journal_set_context(NULL, NULL, NULL);
	free(c->st);
	free(c);
}
