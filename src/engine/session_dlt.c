/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_dlt.c - DL/T645-2007 meters in the engine session: the meters
 * the scan's DL/T645 pass finds join the device list under their 12-digit
 * address, polling reads them through the DL/T645 engine (dlt_meter.h:
 * reads by DI, blocks, follow-up frames; never Modbus frames) into the
 * same values the dashboard shows (with the refresh against its line
 * bound and the power sparkline, as for Modbus meters), a prepaid meter's credit, alarm stage
 * and relay state are worked out once here for every front end, and
 * actions (relay trip/close, control 0x1C) run through mw_dlt_act_run,
 * verified by status word 3 and journaled.  Settings are read as text by
 * DI (period and zone tables too, for the tariff and clock screen) with
 * the meter's clock against this computer's, and written through
 * mw_dlt_set_apply as the CLI writes them; a clock setting given as "now"
 * takes this computer's time at the moment it is written.  A write or
 * control the meter refuses for its password is kept, and sent again
 * once with the password the front end gives (MW_SESSION_CMD_PASSWORD);
 * a password a meter took is kept for it, by its 12-digit address, in
 * this session's memory only, for its later writes and controls.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec_dlt645.h"
#include "dlt_meter.h"
#include "i18n.h"
#include "numfmt.h"
#include "session_int.h"
#include "timing.h"
#include "xalloc.h"

/* The standard's longest turnaround (DESIGN.md: 20-500 ms), ms. */
#define DLT_T_MAX_MS 500
/* Added to a measured turnaround while polling (session_poll.c's slack), ms. */
#define DLT_POLL_SLACK_MS 120

__attribute__((format(printf, 3, 4))) static void say(struct mw_session *s, int rc, const char *fmt,
                                                      ...)
{
	va_list ap;

	s->st->cmd_rc = rc;
	va_start(ap, fmt);
	vsnprintf(s->st->cmd_msg, sizeof s->st->cmd_msg, fmt, ap);
	va_end(ap);
}

/* A password a meter took in this run: memory only, never published. */
struct mw_session_pw {
	char addr[13]; /* the meter's 12 digits */
	char text[16]; /* "LEVEL:PPPPPP" */
};

/* The password of writes and controls to meter addr: the one it took in
 * this run, else --password, else NULL (the file's level, 000000). */
static const char *password_of(const struct mw_session *s, const char *addr)
{
	for (size_t i = 0; i < s->n_pw; i++)
		if (strcmp(s->pw[i].addr, addr) == 0)
			return s->pw[i].text;
	return s->cfg.dlt_password;
}

/* Meter addr took password text: keep it for the meter's next writes. */
static void password_keep(struct mw_session *s, const char *addr, const char *text)
{
	size_t i;

	for (i = 0; i < s->n_pw && strcmp(s->pw[i].addr, addr) != 0; i++)
		;
	if (i == s->n_pw) {
		s->pw = mw_xrealloc(s->pw, (s->n_pw + 1) * sizeof *s->pw);
		s->n_pw++;
		mw_text_copy(s->pw[i].addr, sizeof s->pw[i].addr, addr);
	}
	explicit_bzero(s->pw[i].text, sizeof s->pw[i].text);
	mw_text_copy(s->pw[i].text, sizeof s->pw[i].text, text);
}

/* The meter moved from address `from` to `to` (0x15): its password with it. */
static void password_move(struct mw_session *s, const char *from, const char *to)
{
	for (size_t i = 0; i < s->n_pw; i++)
		if (strcmp(s->pw[i].addr, from) == 0)
			mw_text_copy(s->pw[i].addr, sizeof s->pw[i].addr, to);
}

void mw_session_dlt_pw_free(struct mw_session *s)
{
	if (s->pw)
		explicit_bzero(s->pw, s->n_pw * sizeof *s->pw);
	free(s->pw);
	s->pw = NULL;
	s->n_pw = 0;
}

void mw_session_dlt_retry_drop(struct mw_session *s)
{
	s->retry = false;
	s->st->pw_ask = false;
	s->st->pw_refused = 0;
}

int mw_session_password_check(int level, const char *text, char *err, size_t errsz)
{
	struct dlt645_auth a;
	char shown[64];

	mw_dlt_auth_mask(text ? text : "", shown, sizeof shown);
	return mw_dlt_auth_parse(level, text ? text : "", shown, &a, err, errsz);
}

void mw_session_password_mask(const char *text, char *buf, size_t bufsz)
{
	mw_dlt_auth_mask(text, buf, bufsz);
}

/* Did the meter take the password of a write or control that ended so? */
static bool took(enum mw_outcome o)
{
	return o == MW_OUT_VERIFIED || o == MW_OUT_WRITTEN || o == MW_OUT_MISMATCH;
}

/* Command id was refused for its password (the file's level `level`):
 * keep what is left of it, the action `act` or plan p's items from
 * `from` on, for MW_SESSION_CMD_PASSWORD; `again`: it had a password given. */
static void retry_keep(struct mw_session *s, int dev, const char *act, const struct mw_set_plan *p,
                       size_t from, int level, unsigned long id, bool again)
{
	struct mw_session_snap *st = s->st;

	s->retry = true;
	s->retry_dev = dev;
	mw_text_copy(s->retry_addr, sizeof s->retry_addr, st->dev[dev].dlt_addr);
	mw_text_copy(s->retry_act, sizeof s->retry_act, act ? act : "");
	if (p && p != &s->retry_plan)
		s->retry_plan = *p;
	s->retry_from = from;
	st->pw_ask = true;
	st->pw_cmd = id;
	st->pw_level = level < 0 ? 2 : level;
	st->pw_refused = again ? st->pw_refused + 1 : 0;
}

static void prepaid_reset(struct mw_session_prepaid *pp, const struct mw_model *m)
{
	pp->valid = m && mw_model_value(m, "credit") != NULL;
	pp->credit = pp->overdraft = NAN;
	pp->alarm1 = pp->alarm2 = pp->overdraft_limit = NAN;
	pp->stage = pp->relay_open = pp->relay_cmd_open = -1;
}

void mw_session_dlt_found(struct mw_session *s, const struct mw_scan_dev *f)
{
	struct mw_session_snap *st = s->st;
	struct mw_session_dev *d;
	int i;

	for (i = 0; i < st->n_dev; i++)
		if (st->dev[i].protocol == MW_PROTO_DLT645 &&
		    strcmp(st->dev[i].dlt_addr, f->dlt_addr) == 0)
			return; /* already listed (a scan again after the port came back) */
	i = mw_session_dev_add(s, 0, &f->line, f->model);
	d = &st->dev[i];
	d->protocol = MW_PROTO_DLT645;
	mw_text_copy(d->dlt_addr, sizeof d->dlt_addr, f->dlt_addr);
	mw_text_copy(d->ident, sizeof d->ident, f->what);
	mw_text_copy(d->formats, sizeof d->formats, mw_format_name(f->line.format));
	d->turnaround_ms = f->turnaround_ms;
	d->dlt_measured_ms = f->turnaround_ms;
	prepaid_reset(&d->pp, f->model);
	if (st->sel < 0)
		st->sel = i;
}

/* The meter behind device d, on the session's bus at d's line. */
static int meter_of(struct mw_session *s, const struct mw_session_dev *d, struct mw_dlt_meter *m,
                    char *err, size_t errsz)
{
	if (!s->bus || mw_session_line_use(s, &d->lc) < 0) {
		snprintf(err, errsz, "%s", _("the port is not connected"));
		return -1;
	}
	if (mw_dlt_meter_init(m, s->bus, d->dlt_addr, d->model, err, errsz) < 0)
		return -1;
	/* the safe timeout: the standard's longest turnaround until a read
	 * reply is measured, as the CLI, with the slack polling gives Modbus
	 * meters (the host is shared with drawing); measured already when the
	 * scan or an earlier reading heard the meter, so that a reading's first
	 * request does not wait the standard's 500 ms for a lost reply */
	m->t_max_ms = DLT_T_MAX_MS;
	m->slack_ms = DLT_POLL_SLACK_MS;
	m->measured_ms = d->dlt_measured_ms >= 0 ? d->dlt_measured_ms : -1;
	m->timeout_ms = s->cfg.timeout_ms;
	return 0;
}

/* Keep the turnaround meter m measured for device d's next exchanges. */
static void keep_measured(struct mw_session_dev *d, const struct mw_dlt_meter *m)
{
	if (m->measured_ms > d->dlt_measured_ms)
		d->dlt_measured_ms = m->measured_ms;
}

/* Values a poll of a device that is not the selected one reads: the key
 * figures of the panel overview and the prepaid state. */
static bool is_key(const struct mw_value *v)
{
	if (v->group && strcmp(v->group, "prepaid") == 0)
		return true;
	switch (v->quantity) {
	case MW_Q_VOLTAGE:
	case MW_Q_CURRENT:
	case MW_Q_ACTIVE_POWER:
	case MW_Q_POWER_FACTOR:
	case MW_Q_FREQUENCY:
	case MW_Q_ALARM:
	case MW_Q_STATUS:
		return v->tariff == 0 && v->month == 0;
	default:
		return false;
	}
}

/* A numeric setting read by its DI; NAN when it does not answer. */
static double read_number(struct mw_dlt_meter *m, const char *name)
{
	const struct mw_setting *st = mw_model_setting(m->model, name);
	uint8_t data[64];
	char text[64], e[256];
	size_t n;
	double v;

	if (!st || st->gap || !st->dlt.di ||
	    mw_dlt_read_di(m, st->dlt.di, data, sizeof data, &n, e, sizeof e) < 0 ||
	    mw_dlt_setting_decode(st, data, n, text, sizeof text) < 0 ||
	    mw_numfmt_parse(text, &v) < 0)
		return NAN;
	return v;
}

/* Value `name` of the reading (NAN when absent or not read). */
static double value_of(const struct mw_session_dev *d, const char *name)
{
	const struct mw_value *v = mw_model_value(d->model, name);

	return v ? d->rd.values[v - d->model->values] : NAN;
}

/* Work out the prepaid state from the values and the thresholds: the
 * stages as seed 004 describes them (below alarm 1: display; below alarm
 * 2: the 2-minute cut; no credit and the overdraft used up: off). */
static void prepaid_update(struct mw_session_dev *d)
{
	struct mw_session_prepaid *pp = &d->pp;
	const struct mw_value *sv = mw_model_value(d->model, "status_3");

	pp->credit = value_of(d, "credit");
	pp->overdraft = value_of(d, "overdraft");
	if (sv && d->rd.raw_flags[sv - d->model->values] >= 0) {
		long w = d->rd.raw_flags[sv - d->model->values];

		pp->relay_open = pp->relay_cmd_open = -1;
		for (size_t f = 0; f < sv->n_flags; f++) {
			int bit = (int)((w >> sv->flags[f].bit) & 1);

			if (strcmp(sv->flags[f].name, "relay_open") == 0)
				pp->relay_open = bit;
			else if (strcmp(sv->flags[f].name, "relay_command_open") == 0)
				pp->relay_cmd_open = bit;
		}
	}
	pp->stage = -1;
	if (isnan(pp->credit) || isnan(pp->alarm1) || isnan(pp->alarm2))
		return;
	if (pp->credit <= 0 && !isnan(pp->overdraft) && !isnan(pp->overdraft_limit) &&
	    pp->overdraft >= pp->overdraft_limit)
		pp->stage = 3;
	else if (pp->credit < pp->alarm2)
		pp->stage = 2;
	else if (pp->credit < pp->alarm1)
		pp->stage = 1;
	else
		pp->stage = 0;
}

/* Read device i's values: every one (full) or the key figures. */
static int read_device(struct mw_session *s, struct mw_dlt_meter *m, int i, bool full, char *err,
                       size_t errsz)
{
	const struct mw_model *md = m->model;
	size_t *want, n = 0;
	int rc;

	if (full)
		return mw_dlt_read_all(m, &s->reading[i], err, errsz);
	want = mw_xcalloc(md->n_values + 1, sizeof *want);
	for (size_t v = 0; v < md->n_values; v++)
		if (is_key(&md->values[v]))
			want[n++] = v;
	rc = mw_dlt_read_values(m, want, n, &s->reading[i], err, errsz);
	free(want);
	return rc;
}

/*
 * Line bound of the reading meter m just made of device d (timing.h: the
 * sum over its requests of (q + r)t + T, q the request with its wake-up
 * bytes, r the reply, each plus the USB adapter's latency L), from the
 * frames it exchanged, T the turnaround the scan measured (else the
 * device file's), s.
 */
static double line_bound(struct mw_session *s, const struct mw_session_dev *d,
                         const struct mw_dlt_meter *m)
{
	double T = d->turnaround_ms > 0 ? d->turnaround_ms : d->model->line.turnaround_ms;
	double L = mw_bus_is_tcp(s->bus) ? 0 : mw_bus_latency_ms(s->bus);

	return (mw_timing_frame_ms(d->lc.baud, d->lc.format, (int)m->line_chars) +
	        (double)m->n_answered * (T + L)) /
	       1000.0;
}

void mw_session_dlt_poll(struct mw_session *s, int i, bool full)
{
	struct mw_session_dev *d = &s->st->dev[i];
	struct mw_reading *r = &s->reading[i];
	struct mw_dlt_meter m;
	char err[256] = "";
	double t0 = mw_session_now(), bound;
	int rc;

	if (!s->have_reading[i]) {
		if (mw_reading_init(r, d->model, 0) < 0)
			return;
		s->have_reading[i] = true;
	}
	if (meter_of(s, d, &m, err, sizeof err) < 0)
		return;
	rc = read_device(s, &m, i, full, err, sizeof err);
	bound = line_bound(s, d, &m); /* of the reading alone */
	mw_session_touch(s, i);
	d->n_polls++;
	d->last_full = full;
	d->last_complete = rc == 0;
	d->last_partial = rc < 0 && r->n_failed < r->n_requests;
	if (r->n_failed < r->n_requests) {
		mw_session_poll_merge(d, r, full && rc == 0);
		d->have_reading = true;
	}
	/* the thresholds change only by a write: read them until known */
	if (d->pp.valid && full && r->n_failed < r->n_requests &&
	    (isnan(d->pp.alarm1) || isnan(d->pp.alarm2))) {
		d->pp.alarm1 = read_number(&m, "alarm_credit_1");
		d->pp.alarm2 = read_number(&m, "alarm_credit_2");
		d->pp.overdraft_limit = read_number(&m, "overdraft_limit");
	}
	keep_measured(d, &m);
	if (d->pp.valid)
		prepaid_update(d);
	if (rc == 0) {
		mw_reading_phases(r, &d->ph);
		/* measured: from the start of one answered poll to the next */
		if (d->last_ok_s > 0)
			d->interval_s = t0 - d->last_ok_s;
		d->last_ok_s = t0;
		if (full) {
			d->refresh_s = r->elapsed_ms / 1000.0;
			d->n_requests = r->n_requests;
			d->bound_s = bound;
		} else {
			d->key_bound_s = bound;
		}
		mw_session_poll_spark(d, t0);
		d->failing = false;
		d->error[0] = 0;
	} else {
		d->failing = true;
		mw_text_copy(d->error, sizeof d->error, err);
		mw_session_io_failed(s, err);
	}
}

/* Control 0x1C (relay trip/close, alarm, keep power) `name` to device
 * dev (d), for command id: sent once with the password `given` (the
 * retry of a refused one), else the meter's; verified by status word 3,
 * journaled; the next poll shows the new state. */
static void dlt_act(struct mw_session *s, struct mw_session_dev *d, int dev, const char *name,
                    const char *given, unsigned long id)
{
	struct mw_dlt_meter m;
	struct mw_dlt_act a;
	struct mw_set_result res;
	char err[512];

	if (meter_of(s, d, &m, err, sizeof err) < 0 ||
	    mw_dlt_act_prepare(d->model, name, given ? given : password_of(s, d->dlt_addr), &a, err,
	                       sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	mw_dlt_act_run(&m, &a, false, &res);
	say(s, res.outcome == MW_OUT_WRITTEN || res.outcome == MW_OUT_VERIFIED ? 0 : -1, "%s",
	    res.message);
	if (res.auth_refused)
		retry_keep(s, dev, name, NULL, 0, a.action->dlt.password, id, given != NULL);
	else if (given && took(res.outcome))
		password_keep(s, d->dlt_addr, given);
	explicit_bzero(&a.auth, sizeof a.auth);
	mw_session_journal_tail(s);
	s->next_poll_s = 0; /* show the new state now */
}

/* Does the file read the meter's clock by the standard's date and time DIs? */
static bool has_clock(const struct mw_model *md)
{
	bool date = false, time = false;

	for (size_t k = 0; k < md->n_settings; k++) {
		const struct mw_setting *st = &md->settings[k];

		if (st->gap || st->dlt.type != MW_DLT_TIME || st->write_only)
			continue;
		date |= st->dlt.di == DLT645_DI_DATE;
		time |= st->dlt.di == DLT645_DI_TIME;
	}
	return date && time;
}

/* The meter's clock against this computer's (the tariff and clock screen),
 * the date and time settings' texts with it: one read of the two DIs. */
static void clock_read(struct mw_dlt_meter *m, struct mw_session_settings *set)
{
	const struct mw_model *md = m->model;
	struct timespec now;
	struct tm tm;
	time_t mt;
	double t;
	char e[256];

	if (mw_dlt_read_clock(m, &t, e, sizeof e) < 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	set->clock_ok = true;
	/* the meter shows whole seconds: on average half a second behind */
	set->clock_off_s = t + 0.5 - (double)now.tv_sec - now.tv_nsec / 1e9;
	mt = (time_t)t;
	localtime_r(&mt, &tm);
	for (size_t k = 0; k < md->n_settings && k < MW_SESSION_MAX_SET; k++)
		if (md->settings[k].dlt.di == DLT645_DI_DATE)
			strftime(set->text[k], sizeof set->text[k], "%Y-%m-%d", &tm);
		else if (md->settings[k].dlt.di == DLT645_DI_TIME)
			strftime(set->text[k], sizeof set->text[k], "%H:%M:%S", &tm);
}

/* A clock setting written by DI (0x14) takes "now": this computer's time
 * in the setting's format, at the moment it is called ("2026-11-27",
 * "14:05:09").  false when st is no such setting. */
static bool now_text(const struct mw_setting *st, char *out, size_t sz)
{
	const char *f = st->dlt.format;
	time_t t = time(NULL);
	struct tm tm;

	if (st->dlt.type != MW_DLT_TIME || st->dlt.command != MW_DLT_CMD_WRITE)
		return false;
	localtime_r(&t, &tm);
	out[0] = 0;
	if (strstr(f, "YY"))
		strftime(out, sz, "%Y-%m-%d", &tm);
	else if (strstr(f, "MM") && strstr(f, "DD"))
		strftime(out, sz, "%m-%d", &tm);
	if (strstr(f, "hh"))
		strftime(out + strlen(out), sz - strlen(out),
		         *out ? (strstr(f, "ss") ? " %H:%M:%S" : " %H:%M")
		              : (strstr(f, "ss") ? "%H:%M:%S" : "%H:%M"),
		         &tm);
	return true;
}

/* Read every readable setting of device i as text (the settings form). */
static void dlt_settings(struct mw_session *s, struct mw_session_dev *d, int i)
{
	struct mw_session_settings *set = &s->st->set;
	const struct mw_model *md = d->model;
	struct mw_dlt_meter m;
	char err[256];
	bool clock = has_clock(md);

	set->dev = i;
	set->seq++;
	set->clock_ok = false;
	set->clock_off_s = 0;
	for (size_t k = 0; k < MW_SESSION_MAX_SET; k++) {
		set->ok[k] = false;
		set->text[k][0] = 0;
	}
	if (meter_of(s, d, &m, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	for (size_t k = 0; k < md->n_settings && k < MW_SESSION_MAX_SET; k++) {
		const struct mw_setting *st = &md->settings[k];
		struct mw_dlt_set ds;

		if (st->gap || st->secret || st->dlt.command == MW_DLT_CMD_TIME ||
		    (clock && (st->dlt.di == DLT645_DI_DATE || st->dlt.di == DLT645_DI_TIME)))
			continue; /* the clock is read below, both DIs back to back */
		memset(&ds, 0, sizeof ds);
		ds.setting = st;
		mw_dlt_set_read_old(&m, &ds); /* the line's baud, the address, else by DI */
		if (ds.have_old)
			mw_text_copy(set->text[k], sizeof set->text[k], ds.old_text);
	}
	if (clock)
		clock_read(&m, set);
	keep_measured(d, &m);
	say(s, 0, "%s", "");
}

/* Settings that move the meter (address, baud) go last. */
static bool moves(const struct mw_setting *st)
{
	return st->dlt.command == MW_DLT_CMD_BAUD || st->dlt.command == MW_DLT_CMD_ADDRESS;
}

/* Validate the edits (NAME=VALUE each) and read what they change, as a plan
 * the confirmation shows (items only: DL/T645 writes no register words). */
static void dlt_prepare(struct mw_session *s, struct mw_session_dev *d,
                        const struct mw_session_cmd *c)
{
	struct mw_set_plan *p = &s->st->plan;
	struct mw_dlt_meter m;
	char err[512];
	int n = c->n_assign > 0 ? (c->n_assign < MW_SET_MAX ? c->n_assign : MW_SET_MAX) : 1;

	s->st->have_plan = false;
	if (meter_of(s, d, &m, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	memset(p, 0, sizeof *p);
	p->model = d->model;
	p->line = p->new_line = d->lc;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < n; k++) {
			char name[384], *value, when[64];
			const struct mw_setting *st;
			struct mw_dlt_set ds;
			struct mw_set_item *it;
			bool now;

			if (c->n_assign > 0)
				mw_text_copy(name, sizeof name, c->assign[k]);
			else
				snprintf(name, sizeof name, "%s=%s", c->name, c->text);
			if (!(value = strchr(name, '='))) {
				say(s, -1, _("%s: expected NAME=VALUE"), name);
				return;
			}
			*value++ = 0;
			st = mw_model_setting(d->model, name);
			now = strcmp(value, "now") == 0 && st && now_text(st, when, sizeof when);
			if (mw_dlt_set_prepare(d->model, name, now ? when : value,
			                       password_of(s, d->dlt_addr), &ds, err,
			                       sizeof err) < 0) {
				say(s, -1, "%s", err);
				return;
			}
			if (moves(ds.setting) != (pass == 1))
				continue;
			mw_dlt_set_read_old(&m, &ds);
			it = &p->item[p->n_items++];
			it->setting = ds.setting;
			/* a clock set to "now" takes the time of the write, and is written
			 * even when the date read before is the same */
			mw_text_copy(it->text, sizeof it->text, now ? value : ds.text);
			mw_text_copy(it->new_text, sizeof it->new_text, now ? value : ds.text);
			it->have_old = ds.have_old;
			mw_text_copy(it->old_text, sizeof it->old_text, ds.old_text);
			it->unchanged = !now && ds.have_old && strcmp(ds.old_text, ds.text) == 0;
			it->dlt_level = ds.auth.level; /* for the confirmation */
		}
	keep_measured(d, &m);
	p->prepared = true;
	s->st->have_plan = true;
	s->st->plan_id = c->id;
	s->st->plan_dev = c->dev;
	say(s, 0, "%s", "");
}

/*
 * Write plan p's items from `from` on to device dev (d), for command id:
 * each with the password `given` (the retry of a refused one), else the
 * meter's, and its level (0x14), or by 0x17 / 0x15 (followed); read back,
 * verified and journaled.  An item refused for its password stops the
 * write and is kept, with the items after it, for a password.
 */
static void apply_items(struct mw_session *s, struct mw_session_dev *d, int dev,
                        const struct mw_set_plan *p, size_t from, const char *given,
                        unsigned long id)
{
	struct mw_dlt_meter m;
	char err[512];
	size_t len = 0, jn;
	int rc = 0;

	jn = mw_session_journal_n(); /* each write is an operation: show them all */
	if (meter_of(s, d, &m, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		return;
	}
	s->st->cmd_msg[0] = 0;
	for (size_t k = from; k < p->n_items; k++) {
		const struct mw_set_item *it = &p->item[k];
		struct mw_dlt_set ds;
		struct mw_set_result res;
		char when[64];

		if (it->unchanged) {
			len +=
			    (size_t)snprintf(s->st->cmd_msg + len, sizeof s->st->cmd_msg - len,
			                     _("%s: unchanged, not written\n"), it->setting->label);
			continue;
		}
		memset(&res, 0, sizeof res);
		if (mw_dlt_set_prepare(
		        d->model, it->setting->name,
		        strcmp(it->text, "now") == 0 && now_text(it->setting, when, sizeof when)
		            ? when
		            : it->text,
		        given ? given : password_of(s, m.addr_text), &ds, err, sizeof err) < 0) {
			snprintf(res.message, sizeof res.message, "%s", err);
			res.outcome = MW_OUT_FAILED;
		} else {
			ds.have_old = it->have_old;
			mw_text_copy(ds.old_text, sizeof ds.old_text, it->old_text);
			mw_dlt_set_apply(&m, &ds, false, &res);
			explicit_bzero(&ds.auth, sizeof ds.auth);
		}
		if (res.outcome != MW_OUT_VERIFIED && res.outcome != MW_OUT_WRITTEN)
			rc = -1;
		if (len < sizeof s->st->cmd_msg)
			len += (size_t)snprintf(s->st->cmd_msg + len, sizeof s->st->cmd_msg - len,
			                        "%s\n", res.message);
		if (res.auth_refused)
			retry_keep(s, dev, NULL, p, k, it->setting->dlt.password, id,
			           given != NULL);
		else if (given && took(res.outcome))
			password_keep(s, m.addr_text, given);
		if (rc < 0)
			break;
	}
	if (len > 0 && len < sizeof s->st->cmd_msg && s->st->cmd_msg[len - 1] == '\n')
		s->st->cmd_msg[len - 1] = 0;
	s->st->cmd_rc = rc;
	/* follow the meter: a new baud (0x17) or address (0x15) */
	if (s->bus) {
		const struct mw_linecfg *lc = mw_bus_line(s->bus);

		if (lc && (lc->baud != d->lc.baud || lc->format != d->lc.format ||
		           strcmp(m.addr_text, d->dlt_addr) != 0)) {
			d->lc = *lc;
			password_move(s, d->dlt_addr, m.addr_text);
			mw_text_copy(d->dlt_addr, sizeof d->dlt_addr, m.addr_text);
			mw_session_touch(s, dev);
		}
	}
	mw_session_journal_since(s, jn);
	if (s->bus) {
		char keep[sizeof s->st->cmd_msg];

		mw_text_copy(keep, sizeof keep, s->st->cmd_msg);
		dlt_settings(s, d, dev);
		mw_text_copy(s->st->cmd_msg, sizeof s->st->cmd_msg, keep);
		s->st->cmd_rc = rc;
	}
}

/* Write the prepared edits (apply_items). */
static void dlt_apply(struct mw_session *s, struct mw_session_dev *d,
                      const struct mw_session_cmd *c)
{
	if (!s->st->have_plan || s->st->plan_dev != c->dev) {
		say(s, -1, "%s", _("nothing prepared to write"));
		return;
	}
	s->st->have_plan = false;
	apply_items(s, d, c->dev, &s->st->plan, 0, NULL, c->id);
}

void mw_session_dlt_password(struct mw_session *s, const struct mw_session_cmd *c)
{
	struct mw_session_snap *st = s->st;
	struct mw_session_dev *d;
	char err[512];

	if (!s->retry) {
		say(s, -1, "%s", _("nothing was refused for its password: nothing is sent"));
		return;
	}
	if (mw_session_password_check(st->pw_level, c->text, err, sizeof err) < 0) {
		say(s, -1, "%s", err);
		st->pw_cmd = c->id; /* nothing sent: the entry is offered again */
		return;
	}
	if (s->retry_dev >= st->n_dev ||
	    strcmp(st->dev[s->retry_dev].dlt_addr, s->retry_addr) != 0) {
		say(s, -1, _("meter %s is no longer listed: nothing is sent"), s->retry_addr);
		mw_session_dlt_retry_drop(s);
		return;
	}
	d = &st->dev[s->retry_dev];
	s->retry = false;
	st->pw_ask = false;
	if (s->retry_act[0])
		dlt_act(s, d, s->retry_dev, s->retry_act, c->text, c->id);
	else
		apply_items(s, d, s->retry_dev, &s->retry_plan, s->retry_from, c->text, c->id);
	if (!st->pw_ask)
		st->pw_refused = 0;
}

bool mw_session_dlt_cmd(struct mw_session *s, struct mw_session_dev *d,
                        const struct mw_session_cmd *c)
{
	switch (c->kind) {
	case MW_SESSION_CMD_RAW:
		say(s, -1, "%s",
		    _("a DL/T645 meter has no registers: its values are read by DI (the "
		      "dashboard)"));
		return true;
	case MW_SESSION_CMD_ACT:
		if (!d->model)
			return false;
		dlt_act(s, d, c->dev, c->name, NULL, c->id);
		return true;
	case MW_SESSION_CMD_SETTINGS:
		if (!d->model)
			return false;
		dlt_settings(s, d, c->dev);
		return true;
	case MW_SESSION_CMD_PREPARE:
		if (!d->model)
			return false;
		dlt_prepare(s, d, c);
		return true;
	case MW_SESSION_CMD_APPLY:
		if (!d->model)
			return false;
		dlt_apply(s, d, c);
		return true;
	default:
		return false;
	}
}
