/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt_write.c - writes to DL/T645-2007 meters: settings by DI with their
 * password level (0x14), the baud change (0x17, one try, followed), the
 * address change (0x15, one meter on the line, programming key), the
 * broadcast time (0x08, verified by the meters' clocks) and control
 * commands (0x1C, the relay verified by status word 3).  Every write is
 * journaled as Modbus writes are: an intent before, the result after,
 * with the protocol and the 12-digit address.
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
#include "journal.h"
#include "text.h"
#include "timing.h"

#define CLOCK_SLACK_S 5 /* a clock read back within this is verified */

/* The journal entry of a write to meter m (addr_text may differ: 99x6). */
static void entry(struct mw_journal_entry *je, const struct mw_bus *b, const char *addr_text,
                  const struct mw_model *md, const char *kind, const char *name, const char *op)
{
	memset(je, 0, sizeof *je);
	je->port = mw_bus_port(b);
	if (!mw_bus_is_tcp(b))
		je->line = *mw_bus_line(b);
	je->addr = -1;
	je->protocol = "dlt645";
	je->dlt_addr = addr_text;
	je->model = md ? md->id : NULL;
	je->kind = kind;
	je->setting = name;
	je->op = op;
}

/* Append the intent; on failure fill res (nothing is sent). */
static int intent(struct mw_journal_entry *je, bool no_journal, struct mw_set_result *res)
{
	if (no_journal)
		return 0;
	if (mw_journal_append(je, res->journal_error, sizeof res->journal_error) == 0)
		return 0;
	res->outcome = MW_OUT_FAILED;
	snprintf(res->message, sizeof res->message,
	         _("%s; nothing was sent to the meter. Free space or fix the journal's directory "
	           "(or set XDG_STATE_HOME), or give --no-journal to write without a record"),
	         res->journal_error);
	res->journal_error[0] = '\0';
	return -1;
}

/* Append the result entry. */
static void result(struct mw_journal_entry *je, bool no_journal, const char *kind,
                   const char *where, struct mw_set_result *res)
{
	if (no_journal)
		return;
	je->kind = kind;
	je->target = NULL;
	je->outcome = mw_outcome_name(res->outcome);
	je->where = where;
	je->message = res->message;
	(void)mw_journal_append(je, res->journal_error, sizeof res->journal_error);
}

int mw_dlt_set_prepare(const struct mw_model *model, const char *name, const char *value,
                       const char *password, struct mw_dlt_set *s, char *err, size_t errsz)
{
	const struct mw_setting *st = mw_model_setting(model, name);

	memset(s, 0, sizeof *s);
	if (model->dlt_1997) {
		mw_text_printf(
		    err, errsz,
		    _("%s: the %s speaks DL/T645-1997, which meterwise reads but does not "
		      "write (a gap: its write commands are not implemented); nothing is "
		      "sent"),
		    name, model->name);
		return -1;
	}
	if (!st) {
		char list[1024] = "";

		for (size_t i = 0; i < model->n_settings; i++)
			if (!model->settings[i].gap)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				         *list ? ", " : "", model->settings[i].name);
		mw_text_printf(err, errsz, _("%s: no such setting of the %s; it has: %s"), name,
		               model->name, list);
		return -1;
	}
	if (st->gap) {
		mw_text_printf(err, errsz,
		               _("%s: the %s's manual leaves it open (%s); nothing is sent"), name,
		               model->name, st->gap);
		return -1;
	}
	s->setting = st;
	snprintf(s->text, sizeof s->text, "%s", value);
	s->len = mw_dlt_setting_encode(st, value, s->data, sizeof s->data, err, errsz);
	if (s->len < 0)
		return -1;
	if (st->dlt.command == MW_DLT_CMD_BAUD) {
		int baud = dlt645_baud_from_code(s->data[0]);
		bool ok = false;

		for (size_t i = 0; i < model->line.n_bauds; i++)
			ok |= model->line.bauds[i] == baud;
		if (!ok) {
			mw_text_printf(err, errsz, _("%s: %s is not a baud rate the %s supports"),
			               name, value, model->name);
			return -1;
		}
	}
	if (st->dlt.command == MW_DLT_CMD_WRITE &&
	    mw_dlt_auth(st->dlt.password, password, &s->auth, err, errsz) < 0)
		return -1;
	return 0;
}

/* Read setting st's data now into out (at most outsz); bytes or -1. */
static int read_setting(struct mw_dlt_meter *m, const struct mw_setting *st, uint8_t *out,
                        size_t outsz, char *err, size_t errsz)
{
	size_t n;

	if (mw_dlt_read_di(m, st->dlt.di, out, outsz, &n, err, errsz) < 0)
		return -1;
	return (int)n;
}

void mw_dlt_set_read_old(struct mw_dlt_meter *m, struct mw_dlt_set *s)
{
	const struct mw_setting *st = s->setting;
	const struct mw_linecfg *lc = mw_bus_line(m->bus);
	uint8_t d[DLT645_DATA_MAX];
	char e[256];
	int n;

	s->have_old = false;
	s->old_text[0] = '\0';
	switch (st->dlt.command) {
	case MW_DLT_CMD_BAUD:
		snprintf(s->old_text, sizeof s->old_text, "%d", lc->baud);
		s->have_old = true;
		return;
	case MW_DLT_CMD_ADDRESS:
		snprintf(s->old_text, sizeof s->old_text, "%s", m->addr_text);
		s->have_old = true;
		return;
	case MW_DLT_CMD_TIME:
		return;
	case MW_DLT_CMD_WRITE:
		break;
	}
	if (st->write_only)
		return;
	n = read_setting(m, st, d, sizeof d, e, sizeof e);
	if (n >= 0 && mw_dlt_setting_decode(st, d, (size_t)n, s->old_text, sizeof s->old_text) == 0)
		s->have_old = true;
	else
		s->old_text[0] = '\0';
}

/* Is the clock data got equal to want within CLOCK_SLACK_S (time formats)? */
static bool same_time(const char *fmt, const uint8_t *want, const uint8_t *got)
{
	struct dlt645_time a, b;
	long sa, sb;

	if (dlt645_time_decode(fmt, want, &a) < 0 || dlt645_time_decode(fmt, got, &b) < 0)
		return false;
	if (a.year != b.year || a.month != b.month || a.day != b.day || a.num != b.num)
		return false;
	sa = a.hour * 3600L + a.min * 60 + a.sec;
	sb = b.hour * 3600L + b.min * 60 + b.sec;
	return labs(sa - sb) <= CLOCK_SLACK_S;
}

/* Read back a 0x14 write: 1 equal, 0 differs (readback says), -1 unreadable. */
static int read_back(struct mw_dlt_meter *m, struct mw_dlt_set *s, char *err, size_t errsz)
{
	const struct mw_setting *st = s->setting;
	uint8_t d[DLT645_DATA_MAX];
	int n = read_setting(m, st, d, sizeof d, err, errsz);

	if (n < 0)
		return -1;
	mw_dlt_setting_decode(st, d, (size_t)n, s->readback, sizeof s->readback);
	if (st->dlt.type == MW_DLT_TIME && strstr(st->dlt.format, "ss"))
		return n == s->len && same_time(st->dlt.format, s->data, d);
	return n == s->len && memcmp(d, s->data, (size_t)n) == 0;
}

/* Why the meter refused: its error word, with the password and key named. */
static void refused(struct mw_dlt_meter *m, const struct mw_dlt_set *s, const char *e,
                    struct mw_set_result *res)
{
	int w = mw_bus_exception(m->bus);

	res->auth_refused = (w & DLT645_ERR_PASSWORD) != 0;
	if (w & DLT645_ERR_PASSWORD)
		snprintf(res->message, sizeof res->message,
		         _("%s; it takes %s with password level %d and the meter's password: give "
		           "--password LEVEL:PPPPPP%s"),
		         e, s->setting->name, s->auth.level,
		         s->setting->dlt.programming_key
		             ? _(", and press the meter's programming key first")
		             : "");
	else
		snprintf(res->message, sizeof res->message, "%s", e);
}

/* 0x14: write, read back, verify; a lost reply is read back before a resend. */
static void apply_write(struct mw_dlt_meter *m, struct mw_dlt_set *s, struct mw_set_result *res)
{
	struct dlt645_frame q;
	char e[512], where[96];
	int rc, v = -1;

	mw_dlt_where(m, where, sizeof where);
	dlt645_req_write(&q, &m->addr, s->setting->dlt.di, &s->auth, s->data, (size_t)s->len);
	for (int attempt = 0; attempt < 2; attempt++) {
		rc = mw_dlt_request(m, &q, 1, NULL, e, sizeof e);
		if (rc < 0 && mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) {
			res->outcome = MW_OUT_FAILED;
			refused(m, s, e, res);
			return;
		}
		if (rc < 0 && mw_bus_last_error(m->bus) == MW_BUS_IO) {
			res->outcome = MW_OUT_UNCERTAIN;
			snprintf(res->message, sizeof res->message, "%s", e);
			return;
		}
		if (s->setting->write_only) {
			res->outcome = rc == 0 ? MW_OUT_WRITTEN : MW_OUT_UNCERTAIN;
			snprintf(res->message, sizeof res->message,
			         rc == 0 ? _("%s: written at %s (the meter cannot read it back)")
			                 : _("%s: no acknowledgement at %s; outcome unknown"),
			         s->setting->name, where);
			return;
		}
		v = read_back(m, s, e, sizeof e);
		if (v == 1 || rc == 0)
			break; /* acknowledged: no second send whatever reads back */
	}
	if (v == 1) {
		res->outcome = MW_OUT_VERIFIED;
		snprintf(res->message, sizeof res->message, _("%s: verified at %s (%s)"),
		         s->setting->name, where, s->readback);
	} else if (v == 0) {
		res->outcome = MW_OUT_MISMATCH;
		snprintf(res->message, sizeof res->message,
		         _("%s: wrote %s at %s, but the meter reads back %s"), s->setting->name,
		         s->text, where, s->readback);
	} else {
		res->outcome = MW_OUT_UNCERTAIN;
		snprintf(res->message, sizeof res->message,
		         _("%s: sent to %s, but it cannot be read back (%s); outcome unknown"),
		         s->setting->name, where, e);
	}
}

/* Does the meter answer at the bus's line now?  Reads the address DI. */
static bool answers(struct mw_dlt_meter *m, int tries)
{
	struct dlt645_frame q;
	char e[256];

	dlt645_req_read(&q, &m->addr, DLT645_DI_ADDRESS);
	return mw_dlt_request(m, &q, tries, NULL, e, sizeof e) == 0 ||
	       mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION;
}

/* 0x17: one try at the old baud, then follow the meter to the new one. */
static void apply_baud(struct mw_dlt_meter *m, struct mw_dlt_set *s, struct mw_set_result *res,
                       char *where, size_t wsz)
{
	struct mw_linecfg old = *mw_bus_line(m->bus), nw = old;
	struct dlt645_frame q;
	char e[512], old_where[96];
	int rc;

	mw_dlt_where(m, old_where, sizeof old_where);
	nw.baud = dlt645_baud_from_code(s->data[0]);
	dlt645_req_baud(&q, &m->addr, nw.baud);
	rc = mw_dlt_request(m, &q, 1, NULL, e, sizeof e);
	if (rc < 0 && mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) {
		res->outcome = MW_OUT_FAILED;
		snprintf(res->message, sizeof res->message, _("%s; the meter stays at %s"), e,
		         old_where);
		snprintf(where, wsz, "%s", old_where);
		return;
	}
	if (mw_bus_set_line(m->bus, &nw, e, sizeof e) < 0) {
		res->outcome = MW_OUT_UNCERTAIN;
		snprintf(res->message, sizeof res->message, "%s", e);
		snprintf(where, wsz, "%s", old_where);
		return;
	}
	if (answers(m, 3)) {
		res->outcome = MW_OUT_VERIFIED;
		res->line = nw;
		mw_dlt_where(m, where, wsz);
		snprintf(s->readback, sizeof s->readback, "%d", nw.baud);
		snprintf(res->message, sizeof res->message,
		         _("baud: verified, the meter answers at %s"), where);
		return;
	}
	mw_bus_set_line(m->bus, &old, e, sizeof e);
	if (answers(m, 3)) {
		res->outcome = MW_OUT_MISMATCH;
		snprintf(where, wsz, "%s", old_where);
		snprintf(s->readback, sizeof s->readback, "%d", old.baud);
		snprintf(res->message, sizeof res->message,
		         _("baud: the meter still answers at %s, not at %d"), old_where, nw.baud);
		return;
	}
	res->outcome = MW_OUT_LOST;
	res->found = false;
	snprintf(where, wsz, "%s", old_where);
	snprintf(res->message, sizeof res->message,
	         _("baud: meter %s answers neither at %d nor at %d %s any more; look for it "
	           "with `meterwise scan`"),
	         m->addr_text, nw.baud, old.baud, mw_format_name(old.format));
}

/* 0x15 to AAx6: only with this meter alone on the line; needs the key. */
static void apply_address(struct mw_dlt_meter *m, struct mw_dlt_set *s, struct mw_set_result *res,
                          char *where, size_t wsz)
{
	struct dlt645_frame q, r;
	struct dlt645_addr old = m->addr, nw;
	char e[512], old_text[13];
	int rc;

	memcpy(old_text, m->addr_text, sizeof old_text);
	mw_dlt_where(m, where, wsz);
	dlt645_req_read_address(&q);
	rc = mw_dlt_request(m, &q, 1, &r, e, sizeof e);
	if (rc < 0 && mw_bus_last_error(m->bus) != MW_BUS_TIMEOUT) {
		res->outcome = MW_OUT_FAILED;
		snprintf(res->message, sizeof res->message,
		         _("address: several DL/T645 meters answer at %d %s; a write address goes "
		           "to every one of them, so nothing was sent: leave only meter %s on the "
		           "line"),
		         mw_bus_line(m->bus)->baud, mw_format_name(mw_bus_line(m->bus)->format),
		         m->addr_text);
		return;
	}
	if (rc == 0 && memcmp(r.addr.a, m->addr.a, 6) != 0) {
		char other[13];

		dlt645_addr_format(&r.addr, other);
		res->outcome = MW_OUT_FAILED;
		snprintf(res->message, sizeof res->message,
		         _("address: the meter on the line is %s, not %s; nothing was sent"), other,
		         m->addr_text);
		return;
	}
	memcpy(nw.a, s->data, 6);
	dlt645_req_write_address(&q, &nw);
	rc = mw_dlt_request(m, &q, 1, NULL, e, sizeof e);
	m->addr = nw;
	dlt645_addr_format(&nw, m->addr_text);
	if (answers(m, 3)) {
		res->outcome = MW_OUT_VERIFIED;
		mw_dlt_where(m, where, wsz);
		snprintf(s->readback, sizeof s->readback, "%s", m->addr_text);
		snprintf(res->message, sizeof res->message,
		         _("address: verified, the meter answers at %s"), where);
		return;
	}
	m->addr = old;
	memcpy(m->addr_text, old_text, sizeof old_text);
	res->outcome = answers(m, 3) ? MW_OUT_FAILED : MW_OUT_LOST;
	res->found = res->outcome == MW_OUT_FAILED;
	if (res->outcome == MW_OUT_FAILED)
		snprintf(res->message, sizeof res->message,
		         rc < 0 && mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION
		             ? _("address: meter %s refused the new address (%s); DL/T645 meters "
		                 "take it only while their programming key is pressed: press it "
		                 "and try again")
		             : _("address: meter %s did not take the new address (no reply: %s); "
		                 "DL/T645 meters take it only while their programming key is "
		                 "pressed: press it and try again"),
		         old_text, e);
	else
		snprintf(res->message, sizeof res->message,
		         _("address: meter %s answers neither at %s nor at its old address; look "
		           "for it with `meterwise scan`"),
		         old_text, s->text);
}

/* Broadcast time t (seconds since the epoch, local) on b: 0 or -1 with err. */
static int broadcast_time(struct mw_bus *b, time_t t, char *err, size_t errsz)
{
	struct dlt645_frame q;
	struct dlt645_time dt;
	struct tm tm;

	localtime_r(&t, &tm);
	dt = (struct dlt645_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
	                          tm.tm_hour,        tm.tm_min,     tm.tm_sec,  0};
	if (dlt645_req_broadcast_time(&q, &dt) < 0) {
		mw_text_printf(err, errsz,
		               _("%04d-%02d-%02d: DL/T645 carries years 2000-2099 only"), dt.year,
		               dt.month, dt.day);
		return -1;
	}
	if (mw_bus_dlt645(b, &q, DLT645_WAKEUP, 1, NULL, err, errsz) < 0)
		return -1;
	/* write() returned before the frame is on the wire: the meters hear a
	 * request after it only once it is out, and a read's timeout sized to
	 * a measured turnaround (mw_dlt_request) must not run meanwhile */
	{
		const struct mw_linecfg *lc = mw_bus_line(b);
		double ms = mw_timing_frame_ms(lc->baud, lc->format,
		                               (int)dlt645_frame_chars(q.len, DLT645_WAKEUP));
		struct timespec ts = {(time_t)(ms / 1000), (long)(fmod(ms, 1000.0) * 1e6)};

		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Verify meter m's clock against `sent` broadcast at `at` (monotonic s). */
static void verify_clock(struct mw_dlt_meter *m, time_t sent, double at, struct mw_set_result *res)
{
	struct timespec now;
	double clk, expect, diff;
	char e[512], where[96];

	mw_dlt_where(m, where, sizeof where);
	res->found = true;
	if (mw_dlt_read_clock(m, &clk, e, sizeof e) < 0) {
		res->outcome = MW_OUT_UNCERTAIN;
		res->found = false;
		snprintf(res->message, sizeof res->message,
		         _("time sent, but the clock of %s cannot be read back: %s"), where, e);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	expect = (double)sent + (now.tv_sec + now.tv_nsec / 1e9 - at);
	diff = clk - expect;
	if (fabs(diff) <= CLOCK_SLACK_S) {
		res->outcome = MW_OUT_VERIFIED;
		snprintf(res->message, sizeof res->message,
		         _("time: verified at %s (its clock is %+.0f s off)"), where,
		         round(diff) + 0.0);
	} else {
		res->outcome = MW_OUT_MISMATCH;
		snprintf(res->message, sizeof res->message,
		         _("time: the clock of %s is %+.0f s off after the broadcast (a meter may "
		           "refuse a broadcast time more than 5 minutes from its own; set date "
		           "and time by password instead)"),
		         where, diff);
	}
}

/* Parse the time text of a clock_sync setting: "now" or a date and time. */
static int sync_time(const struct mw_dlt_set *s, time_t *t)
{
	struct dlt645_time dt;
	struct tm tm;

	if (strcmp(s->text, "now") == 0) {
		*t = time(NULL);
		return 0;
	}
	if (dlt645_time_decode(s->setting->dlt.format, s->data, &dt) < 0)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = dt.year - 1900;
	tm.tm_mon = dt.month - 1;
	tm.tm_mday = dt.day;
	tm.tm_hour = dt.hour;
	tm.tm_min = dt.min;
	tm.tm_sec = dt.sec;
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	return 0;
}

int mw_dlt_set_apply(struct mw_dlt_meter *m, struct mw_dlt_set *s, bool no_journal,
                     struct mw_set_result *res)
{
	struct mw_journal_entry je;
	char op[64], where[96], target[96], addr[13];
	const struct mw_setting *st = s->setting;

	memset(res, 0, sizeof *res);
	res->found = true;
	res->addr = -1;
	res->line = *mw_bus_line(m->bus);
	mw_dlt_where(m, where, sizeof where);
	snprintf(target, sizeof target, "%s", where);
	memcpy(addr, m->addr_text, sizeof addr);
	mw_journal_op_id(op, sizeof op);
	entry(&je, m->bus, addr, m->model, "intent", st->name, op);
	je.old_value = s->have_old ? s->old_text : NULL;
	je.new_value = s->text;
	je.last_seen = where;
	je.target = target;
	if (intent(&je, no_journal, res) < 0)
		return mw_outcome_exit(res->outcome);
	switch (st->dlt.command) {
	case MW_DLT_CMD_WRITE:
		apply_write(m, s, res);
		break;
	case MW_DLT_CMD_BAUD:
		apply_baud(m, s, res, where, sizeof where);
		break;
	case MW_DLT_CMD_ADDRESS:
		apply_address(m, s, res, where, sizeof where);
		break;
	case MW_DLT_CMD_TIME: {
		struct timespec at;
		time_t t;
		char e[512];

		clock_gettime(CLOCK_MONOTONIC, &at);
		if (sync_time(s, &t) < 0 || broadcast_time(m->bus, t, e, sizeof e) < 0) {
			res->outcome = MW_OUT_FAILED;
			snprintf(res->message, sizeof res->message, "%s", e);
			break;
		}
		verify_clock(m, t, at.tv_sec + at.tv_nsec / 1e9, res);
		break;
	}
	}
	result(&je, no_journal, "set", where, res);
	return mw_outcome_exit(res->outcome);
}

int mw_dlt_act_prepare(const struct mw_model *model, const char *name, const char *password,
                       struct mw_dlt_act *a, char *err, size_t errsz)
{
	const struct mw_action *ac = mw_model_action(model, name);

	memset(a, 0, sizeof *a);
	if (model->dlt_1997) {
		mw_text_printf(
		    err, errsz,
		    _("%s: the %s speaks DL/T645-1997, which meterwise reads but does not "
		      "command (a gap); nothing is sent"),
		    name, model->name);
		return -1;
	}
	if (!ac) {
		char list[1024] = "";

		for (size_t i = 0; i < model->n_actions; i++)
			if (!model->actions[i].gap)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				         *list ? ", " : "", model->actions[i].name);
		mw_text_printf(err, errsz, _("%s: no such action of the %s; it has: %s"), name,
		               model->name, *list ? list : _("(none)"));
		return -1;
	}
	if (ac->gap) {
		mw_text_printf(err, errsz,
		               _("%s: the %s's manual leaves it open (%s); nothing is sent"), name,
		               model->name, ac->gap);
		return -1;
	}
	a->action = ac;
	return mw_dlt_auth(ac->dlt.password, password, &a->auth, err, errsz);
}

/* Status word 3 now: 0..0xFFFF, or -1. */
static long status3(struct mw_dlt_meter *m)
{
	uint8_t d[16];
	size_t n;
	char e[256];

	if (mw_dlt_read_di(m, DLT645_DI_STATUS3, d, sizeof d, &n, e, sizeof e) < 0 || n < 2)
		return -1;
	return d[0] | d[1] << 8;
}

int mw_dlt_act_run(struct mw_dlt_meter *m, const struct mw_dlt_act *a, bool no_journal,
                   struct mw_set_result *res)
{
	const struct mw_action *ac = a->action;
	struct mw_journal_entry je;
	struct dlt645_frame q;
	struct dlt645_time until;
	struct tm tm;
	time_t t = time(NULL) + 24 * 3600; /* valid for a day: the meter's clock may be off */
	char op[64], where[96], e[512];
	bool trip = ac->dlt.control == DLT645_CTL_TRIP;
	bool close =
	    ac->dlt.control == DLT645_CTL_CLOSE || ac->dlt.control == DLT645_CTL_CLOSE_ALLOWED;
	long st;
	int rc;

	memset(res, 0, sizeof *res);
	res->found = true;
	res->addr = -1;
	res->line = *mw_bus_line(m->bus);
	mw_dlt_where(m, where, sizeof where);
	mw_journal_op_id(op, sizeof op);
	entry(&je, m->bus, m->addr_text, m->model, "intent", ac->name, op);
	je.last_seen = where;
	je.target = where;
	if (intent(&je, no_journal, res) < 0)
		return mw_outcome_exit(res->outcome);
	localtime_r(&t, &tm);
	until = (struct dlt645_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
	                             tm.tm_hour,        tm.tm_min,     tm.tm_sec,  0};
	dlt645_req_control(&q, &m->addr, &a->auth, (enum dlt645_control_type)ac->dlt.control,
	                   &until);
	/* Sent once: a control command is never repeated blindly. */
	rc = mw_dlt_request(m, &q, 1, NULL, e, sizeof e);
	if (rc < 0 && mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) {
		res->outcome = MW_OUT_FAILED;
		res->auth_refused = (mw_bus_exception(m->bus) & DLT645_ERR_PASSWORD) != 0;
		if (res->auth_refused)
			snprintf(
			    res->message, sizeof res->message,
			    _("%s; %s takes password level %d and the meter's password: give "
			      "--password LEVEL:PPPPPP (many prepaid meters take relay control "
			      "only with an encrypted level, which meterwise does not send)"),
			    e, ac->name, a->auth.level);
		else
			snprintf(res->message, sizeof res->message, "%s", e);
	} else if (trip || close) {
		st = status3(m);
		if (st < 0) {
			res->outcome = rc == 0 ? MW_OUT_WRITTEN : MW_OUT_UNCERTAIN;
			snprintf(res->message, sizeof res->message,
			         rc == 0
			             ? _("%s: acknowledged at %s, but status word 3 cannot be "
			                 "read back")
			             : _("%s: no acknowledgement at %s and status word 3 cannot be "
			                 "read: outcome unknown"),
			         ac->name, where);
		} else if (!!(st & DLT645_ST3_RELAY_OPEN) == trip) {
			res->outcome = MW_OUT_VERIFIED;
			snprintf(res->message, sizeof res->message, "%s: %s (%s)", ac->name,
			         trip ? _("verified: relay open") : _("verified: relay closed"),
			         where);
		} else if (close && ac->dlt.control == DLT645_CTL_CLOSE_ALLOWED && rc == 0) {
			res->outcome = MW_OUT_WRITTEN;
			snprintf(res->message, sizeof res->message,
			         _("%s: closing allowed at %s; the relay stays open until the "
			           "customer closes it at the meter"),
			         ac->name, where);
		} else {
			res->outcome = MW_OUT_MISMATCH;
			snprintf(res->message, sizeof res->message,
			         trip
			             ? _("%s: %s, but status word 3 says the relay is still closed")
			             : _("%s: %s, but status word 3 says the relay is still open "
			                 "(no credit left, or a credit-alarm cut in progress?)"),
			         ac->name, rc == 0 ? _("acknowledged") : _("no acknowledgement"));
		}
	} else if (rc == 0) {
		res->outcome = MW_OUT_WRITTEN;
		snprintf(res->message, sizeof res->message, _("%s: done at %s"), ac->name, where);
	} else {
		res->outcome = MW_OUT_UNCERTAIN;
		snprintf(res->message, sizeof res->message, "%s", e);
	}
	result(&je, no_journal, "act", where, res);
	return mw_outcome_exit(res->outcome);
}

int mw_dlt_time_sync(struct mw_bus *b, struct mw_dlt_meter *verify, size_t n, bool no_journal,
                     struct mw_set_result *res)
{
	struct mw_journal_entry je;
	struct mw_set_result all;
	struct timespec at;
	time_t t;
	struct tm tm;
	char op[64], when[32], e[512], where[1024] = "";
	int code = 0;

	memset(&all, 0, sizeof all);
	clock_gettime(CLOCK_MONOTONIC, &at);
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	mw_journal_op_id(op, sizeof op);
	entry(&je, b, "999999999999", n ? verify[0].model : NULL, "intent", "time_sync", op);
	je.new_value = when;
	if (intent(&je, no_journal, &all) < 0) {
		for (size_t i = 0; i < (n ? n : 1); i++)
			res[i] = all;
		return mw_outcome_exit(all.outcome);
	}
	if (broadcast_time(b, t, e, sizeof e) < 0) {
		all.outcome = MW_OUT_FAILED;
		snprintf(all.message, sizeof all.message, "%s", e);
		for (size_t i = 0; i < (n ? n : 1); i++)
			res[i] = all;
	} else if (n == 0) {
		all.outcome = MW_OUT_WRITTEN;
		snprintf(all.message, sizeof all.message,
		         _("time %s broadcast; no meter named to verify it (give -a ADDR)"), when);
		res[0] = all;
	} else {
		all.outcome = MW_OUT_VERIFIED;
		for (size_t i = 0; i < n; i++) {
			memset(&res[i], 0, sizeof res[i]);
			verify_clock(&verify[i], t, at.tv_sec + at.tv_nsec / 1e9, &res[i]);
			if (mw_outcome_exit(res[i].outcome) > mw_outcome_exit(all.outcome) ||
			    (res[i].outcome != MW_OUT_VERIFIED && all.outcome == MW_OUT_VERIFIED))
				all.outcome = res[i].outcome;
			snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s",
			         *where ? "; " : "", res[i].message);
		}
		snprintf(all.message, sizeof all.message, _("time %s broadcast: %s"), when, where);
	}
	code = mw_outcome_exit(all.outcome);
	result(&je, no_journal, "set", NULL, &all);
	if (all.journal_error[0])
		snprintf(res[0].journal_error, sizeof res[0].journal_error, "%s",
		         all.journal_error);
	return code;
}
