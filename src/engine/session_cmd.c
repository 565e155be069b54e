/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_cmd.c - the session's commands: select a device, read its settings,
 * prepare a write (validate, read what it changes: the words the
 * confirmation shows), apply it through the engine (write, verify, follow
 * the device to new line settings, journal), run an action, read raw
 * registers.  Every result is told in st->cmd_msg in the user's words.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "journal.h"
#include "session_int.h"

__attribute__((format(printf, 3, 4))) static void say(struct mw_session *s, int rc, const char *fmt,
                                                      ...)
{
	va_list ap;

	s->st->cmd_rc = rc;
	va_start(ap, fmt);
	vsnprintf(s->st->cmd_msg, sizeof s->st->cmd_msg, fmt, ap);
	va_end(ap);
}

static struct mw_session_dev *cmd_dev(struct mw_session *s, const struct mw_session_cmd *c)
{
	if (c->dev < 0 || c->dev >= s->st->n_dev) {
		say(s, -1, "%s", _("no such device"));
		return NULL;
	}
	if (!s->bus || mw_session_line_use(s, &s->st->dev[c->dev].lc) < 0) {
		say(s, -1, "%s", _("the port is not connected"));
		return NULL;
	}
	mw_bus_set_timeouts(s->bus, 500, 50);
	return &s->st->dev[c->dev];
}

/* Read the words of every readable setting of device i. */
static void read_settings(struct mw_session *s, int i)
{
	const struct mw_session_dev *d = &s->st->dev[i];
	struct mw_session_settings *set = &s->st->set;
	const struct mw_model *m = d->model;
	char err[256];

	set->dev = i;
	set->seq++;
	for (size_t k = 0; k < MW_SESSION_MAX_SET; k++)
		set->ok[k] = false;
	for (size_t k = 0; k < m->n_settings && k < MW_SESSION_MAX_SET; k++) {
		const struct mw_setting *st = &m->settings[k];
		int n = mw_setting_words(st);

		if (st->gap || st->write_only || st->secret || n <= 0 || n > MW_SESSION_SET_WORDS)
			continue;
		set->ok[k] = mw_bus_read(s->bus, d->addr, st->table, st->reg, n, set->words[k], err,
		                         sizeof err) == 0;
		if (!set->ok[k] && mw_session_io_failed(s, err))
			return;
	}
}

/* The entries the last write or action added to the journal (those of its
 * operation), as `meterwise journal` prints them, one line each. */
static void journal_tail(struct mw_session *s, size_t since)
{
	struct mw_journal jr;
	char err[256], line[1024];
	const char *op = NULL;
	size_t len = 0, from;

	s->st->journal[0] = 0;
	if (mw_journal_load(NULL, &jr, err, sizeof err) < 0)
		return;
	/* since: every entry from there on, whatever its operation */
	from = since != (size_t)-1 && since < jr.n ? since : jr.n;
	for (size_t i = jr.n; since == (size_t)-1 && i-- > 0;) {
		const char *o = mw_journal_field(&jr.rec[i], "op");

		if (jr.rec[i].corrupt ||
		    strcmp(mw_journal_field(&jr.rec[i], "kind"), "intent") == 0)
			continue;
		if (op && (!*o || strcmp(o, op) != 0))
			break;
		if (!op)
			op = o;
		from = i;
		if (!*o)
			break; /* no operation id: the last entry alone */
	}
	for (size_t i = from; i < jr.n && len + 2 < sizeof s->st->journal; i++) {
		if (jr.rec[i].corrupt ||
		    strcmp(mw_journal_field(&jr.rec[i], "kind"), "intent") == 0 ||
		    (since == (size_t)-1 && op && *op &&
		     strcmp(mw_journal_field(&jr.rec[i], "op"), op) != 0))
			continue;
		mw_journal_format(&jr, i, line, sizeof line);
		len += (size_t)snprintf(s->st->journal + len, sizeof s->st->journal - len, "%s%s",
		                        len ? "\n" : "", line);
	}
	mw_journal_free(&jr);
}

static void cmd_prepare(struct mw_session *s, struct mw_session_dev *d,
                        const struct mw_session_cmd *c)
{
	struct mw_set_plan *p = &s->st->plan;
	char err[512];

	s->st->have_plan = false;
	mw_set_init(p, d->model);
	if (c->n_assign > 0) {
		char *assign[MW_SET_MAX];
		int n = c->n_assign < MW_SET_MAX ? c->n_assign : MW_SET_MAX;

		for (int i = 0; i < n; i++)
			assign[i] = (char *)c->assign[i];
		if (mw_set_parse(p, assign, (size_t)n, err, sizeof err) < 0) {
			say(s, -1, "%s", err);
			return;
		}
	} else if (mw_set_add(p, c->name, c->text, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	if (mw_set_prepare(s->bus, d->addr, p, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	s->st->have_plan = true;
	s->st->plan_id = c->id;
	s->st->plan_dev = c->dev;
	say(s, 0, "%s", "");
}

static void cmd_apply(struct mw_session *s, struct mw_session_dev *d,
                      const struct mw_session_cmd *c)
{
	struct mw_set_result res;
	struct mw_set_opts o = {0};

	if (!s->st->have_plan || s->st->plan_dev != c->dev) {
		say(s, -1, "%s", _("nothing prepared to write"));
		return;
	}
	s->st->have_plan = false;
	mw_set_apply(s->bus, &s->st->plan, &o, &res);
	say(s, res.outcome == MW_OUT_VERIFIED || res.outcome == MW_OUT_WRITTEN ? 0 : -1, "%s",
	    res.message);
	if (res.found && (res.addr != d->addr || res.line.baud != d->lc.baud ||
	                  res.line.format != d->lc.format)) {
		d->addr = res.addr;
		d->lc = res.line;
		d->bound_s = d->key_bound_s = 0;
		mw_session_poll_forget(s, c->dev);
		mw_session_touch(s, c->dev);
	}
	journal_tail(s, (size_t)-1);
	if (s->bus && mw_session_line_use(s, &d->lc) == 0)
		read_settings(s, c->dev);
}

/* After an action that writes one word where the device file also reads
 * a value (a relay's coil): read it back, so that the result says
 * "verified" (or that it does not hold what was written), not only that
 * the meter acknowledged. */
static void act_verify(struct mw_session *s, const struct mw_session_dev *d,
                       const struct mw_act_plan *p, struct mw_set_result *res)
{
	const struct mw_action *a = p->action;
	const struct mw_value *v = NULL;
	size_t len = strlen(res->message);
	uint16_t w = 0;
	char err[200];
	bool same;

	if (a->n_words != 1 || p->has_param || res->outcome != MW_OUT_WRITTEN)
		return;
	for (size_t i = 0; i < d->model->n_values && !v; i++)
		if (d->model->values[i].table == a->table && d->model->values[i].reg == a->reg)
			v = &d->model->values[i];
	if (!v || len + 2 >= sizeof res->message)
		return;
	if (mw_bus_read(s->bus, d->addr, a->table, a->reg, 1, &w, err, sizeof err) < 0) {
		snprintf(res->message + len, sizeof res->message - len,
		         _("; not verified: reading %s back failed: %s"), v->label, err);
		return;
	}
	same = a->table == MW_TABLE_COIL ? (w != 0) == (a->words[0] != 0) : w == a->words[0];
	res->outcome = same ? MW_OUT_VERIFIED : MW_OUT_MISMATCH;
	if (same)
		snprintf(res->message + len, sizeof res->message - len,
		         _("; verified: %s reads %u"), v->label, w);
	else
		snprintf(res->message + len, sizeof res->message - len,
		         _("; NOT verified: %s reads %u after %u was written"), v->label, w,
		         a->words[0]);
}

static void cmd_act(struct mw_session *s, struct mw_session_dev *d, const struct mw_session_cmd *c)
{
	struct mw_act_plan p;
	struct mw_set_result res;
	struct mw_set_opts o = {0};
	char err[512];

	if (mw_act_prepare(d->model, c->name, c->text[0] ? c->text : NULL, &p, err, sizeof err) <
	    0) {
		say(s, -1, "%s", err);
		return;
	}
	mw_act_run(s->bus, d->addr, &p, &o, &res);
	if (s->bus)
		act_verify(s, d, &p, &res);
	say(s, res.outcome == MW_OUT_WRITTEN || res.outcome == MW_OUT_VERIFIED ? 0 : -1, "%s",
	    res.message);
	journal_tail(s, (size_t)-1);
}

/* Read a range; where the meter refuses it (an exception: some register
 * in it does not exist), read the registers one by one. */
static void cmd_raw(struct mw_session *s, struct mw_session_dev *d, const struct mw_session_cmd *c)
{
	struct mw_session_raw *r = &s->st->raw;
	int n = c->count > MW_SESSION_RAW_WORDS ? MW_SESSION_RAW_WORDS : c->count;
	bool all;

	r->table = c->table;
	r->start = c->reg;
	r->n = n;
	r->error[0] = 0;
	all =
	    mw_bus_read(s->bus, d->addr, c->table, c->reg, n, r->w, r->error, sizeof r->error) == 0;
	for (int i = 0; i < n; i++)
		r->have[i] = all;
	r->valid = all;
	if (all || mw_bus_last_error(s->bus) != MW_BUS_EXCEPTION) {
		if (!all)
			mw_session_io_failed(s, r->error);
		return;
	}
	for (int i = 0; i < n && s->bus; i++) {
		char err[200];

		r->have[i] = mw_bus_read(s->bus, d->addr, c->table, (uint16_t)(c->reg + i), 1,
		                         &r->w[i], err, sizeof err) == 0;
		r->valid |= r->have[i];
		if (!r->have[i] && mw_bus_last_error(s->bus) != MW_BUS_EXCEPTION &&
		    mw_session_io_failed(s, err))
			return;
	}
}

void mw_session_cmd_run(struct mw_session *s, const struct mw_session_cmd *c)
{
	struct mw_session_dev *d;

	switch (c->kind) {
	case MW_SESSION_CMD_VIEW:
		if (c->count != s->st->view) {
			s->st->view = c->count;
			s->round_t0 = 0;
			s->round_left = 0;
			s->st->round_s = s->st->round_bound_s = 0;
			s->next_poll_s = 0;
		}
		return;
	case MW_SESSION_CMD_SCAN_STOP:
		mw_session_scan_stop(s);
		return;
	case MW_SESSION_CMD_SCAN_EXPECT:
		mw_session_scan_expect(s, c->count);
		return;
	default:
		break;
	}
	if (c->kind == MW_SESSION_CMD_CM_LOAD || c->kind == MW_SESSION_CMD_CM_START ||
	    c->kind == MW_SESSION_CMD_CM_STOP) {
		mw_session_cm_cmd(s, c);
		goto done;
	}
	/* the bus and its line are the commissioning's while it runs */
	if (s->cm && (c->kind == MW_SESSION_CMD_SCAN || c->kind == MW_SESSION_CMD_SETTINGS ||
	              c->kind == MW_SESSION_CMD_PREPARE || c->kind == MW_SESSION_CMD_APPLY ||
	              c->kind == MW_SESSION_CMD_ACT || c->kind == MW_SESSION_CMD_RAW ||
	              c->kind == MW_SESSION_CMD_IDENTIFY || c->kind == MW_SESSION_CMD_PASSWORD)) {
		say(s, -1, "%s",
		    _("commissioning is running: stop it first (x on the Commission screen)"));
		goto done;
	}
	if (c->kind == MW_SESSION_CMD_PASSWORD) {
		if (s->bus)
			mw_bus_set_timeouts(s->bus, 500, 50);
		mw_session_dlt_password(s, c);
		goto done;
	}
	/* a new write, action or scan: what a password could retry is gone */
	if (c->kind == MW_SESSION_CMD_SCAN || c->kind == MW_SESSION_CMD_PREPARE ||
	    c->kind == MW_SESSION_CMD_APPLY || c->kind == MW_SESSION_CMD_ACT)
		mw_session_dlt_retry_drop(s);
	if (c->kind == MW_SESSION_CMD_SCAN && !s->bus) {
		say(s, -1, "%s",
		    _("the port is not connected: the scan starts again when it returns"));
		s->rescan = true;
		goto done;
	}
	if (c->kind == MW_SESSION_CMD_SCAN) {
		mw_session_dev_clear(s);
		s->st->sel = -1;
		s->st->set.dev = -1;
		s->st->have_plan = false;
		mw_session_scan_begin(s);
		return;
	}
	if (c->kind == MW_SESSION_CMD_SELECT) {
		if (c->dev >= 0 && c->dev < s->st->n_dev)
			s->st->sel = c->dev;
		s->next_poll_s = 0;
		return;
	}
	if (!(d = cmd_dev(s, c)))
		goto done;
	if (d->protocol == MW_PROTO_DLT645 && mw_session_dlt_cmd(s, d, c))
		goto done;
	if (c->kind == MW_SESSION_CMD_RAW) {
		cmd_raw(s, d, c);
		goto done;
	}
	if (c->kind == MW_SESSION_CMD_IDENTIFY) {
		char msg[400];
		int rc = mw_session_identify(s, c->dev, msg, sizeof msg);

		say(s, rc, "%s", msg);
		goto done;
	}
	if (!d->model) {
		say(s, -1, "%s",
		    _("no device file describes this device: only the raw view works"));
		goto done;
	}
	switch (c->kind) {
	case MW_SESSION_CMD_SETTINGS:
		read_settings(s, c->dev);
		say(s, 0, "%s", "");
		break;
	case MW_SESSION_CMD_PREPARE:
		cmd_prepare(s, d, c);
		break;
	case MW_SESSION_CMD_APPLY:
		cmd_apply(s, d, c);
		break;
	case MW_SESSION_CMD_ACT:
		cmd_act(s, d, c);
		break;
	default:
		break;
	}
done:
	s->st->cmd_done = c->id;
}

void mw_session_journal_tail(struct mw_session *s)
{
	journal_tail(s, (size_t)-1);
}

size_t mw_session_journal_n(void)
{
	struct mw_journal jr;
	char err[256];
	size_t n;

	if (mw_journal_load(NULL, &jr, err, sizeof err) < 0)
		return 0;
	n = jr.n;
	mw_journal_free(&jr);
	return n;
}

void mw_session_journal_since(struct mw_session *s, size_t n)
{
	journal_tail(s, n);
}
