/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_apply.c - writing a prepared plan (engine_set.c): unlock, write
 * with the model's function code, read back and verify; follow a meter to
 * its new address and line settings and, when it is not there, look for it
 * at every mix of the old and new settings (engine_follow.c) and say
 * where it is.
 *
 * Safety rules: the journal's intent entry is on disk before a request
 * goes out (no journal, no write, unless --no-journal); a write whose reply
 * is lost is read back before it is ever sent again; a signal or a
 * vanished port before the send means "nothing was sent", after it "sent,
 * outcome unknown".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "engine.h"
#include "engine_int.h"
#include "i18n.h"
#include "journal.h"
#include "timing.h"

const char *mw_outcome_name(enum mw_outcome o)
{
	static const char *const n[] = {"verified", "written",       "mismatch",
	                                "failed",   "not-answering", "uncertain"};

	return (unsigned)o < sizeof n / sizeof n[0] ? n[o] : "?";
}

int mw_outcome_exit(enum mw_outcome o)
{
	switch (o) {
	case MW_OUT_VERIFIED:
	case MW_OUT_WRITTEN:
		return 0;
	case MW_OUT_MISMATCH:
		return 3;
	case MW_OUT_LOST:
		return 4;
	default:
		return 1;
	}
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* Write the unlock (password) setting.  0, or -1 with err. */
static int unlock(struct mw_bus *b, int addr, const struct mw_model *m, const char *password,
                  char *err, size_t errsz)
{
	const struct mw_setting *s = mw_model_setting(m, m->unlock.setting);
	uint16_t w[4] = {0};
	uint32_t raw;
	const char *pw = password ? password : s ? s->default_text : NULL;
	char e[256];

	if (!s || !pw) {
		snprintf(err, errsz,
		         _("the %s needs a password before this write; give it with --password"),
		         m->name);
		return -1;
	}
	if (mw_setting_parse(s, pw, &raw, e, sizeof e) < 0 || mw_setting_encode(s, raw, w) < 0) {
		snprintf(err, errsz, _("the password is not valid for the %s: %s"), m->name, e);
		return -1;
	}
	if (mw_engine_write(b, addr, m, m->line.write_fc, s->reg, w, mw_setting_words(s), e,
	                    sizeof e) < 0) {
		snprintf(err, errsz, _("unlocking with the password failed: %s"), e);
		return -1;
	}
	return 0;
}

/* Send one block with the model's FC (FC05 for a coil). */
static int send_block(struct mw_bus *b, int addr, const struct mw_model *m,
                      const struct mw_set_write *w, char *err, size_t errsz)
{
	if (w->table == MW_TABLE_COIL)
		return mw_bus_write_coil(b, addr, w->reg, w->new[0], err, errsz);
	return mw_engine_write(b, addr, m, m->line.write_fc, w->reg, w->new, w->n, err, errsz);
}

/* Compare the read-back words with what each item of block w wanted. */
static bool verify_items(struct mw_set_plan *p, const struct mw_set_write *w, const uint16_t *rb)
{
	bool all = true;

	for (size_t i = 0; i < p->n_items; i++) {
		struct mw_set_item *it = &p->item[i];
		const struct mw_setting *s = it->setting;
		const uint16_t *x;

		if (s->table != w->table || s->reg < w->reg || s->reg + it->n_words > w->reg + w->n)
			continue;
		x = rb + (s->reg - w->reg);
		if (s->table == MW_TABLE_COIL) {
			it->verified = (x[0] != 0) == (it->raw != 0);
			snprintf(it->readback_text, sizeof it->readback_text, "%s",
			         x[0] ? "on" : "off");
		} else if (s->type == MW_T_DATETIME) {
			struct mw_clock a, c;
			struct tm ta = {0}, tc = {0};

			it->verified = false;
			if (mw_datetime_decode(s, x, &c) == 0 &&
			    mw_datetime_decode(s, it->words, &a) == 0) {
				ta = (struct tm){
				    a.second, a.minute, a.hour, a.day, a.month - 1, a.year - 1900,
				    0,        0,        0,      0,     NULL};
				tc = (struct tm){
				    c.second, c.minute, c.hour, c.day, c.month - 1, c.year - 1900,
				    0,        0,        0,      0,     NULL};
				double d = difftime(timegm(&tc), timegm(&ta));
				/* The clock ran on while we read it back. */
				it->verified = d >= -2 && d <= 30;
				mw_datetime_format(&c, it->readback_text, sizeof it->readback_text);
			}
		} else if (s->type == MW_T_SCHEDULE) {
			struct mw_period per[64];
			int n = mw_schedule_decode(s, x, per);

			it->verified = memcmp(x, it->words, (size_t)it->n_words * sizeof *x) == 0;
			if (n >= 0)
				mw_schedule_format(per, n, it->readback_text,
				                   sizeof it->readback_text);
		} else {
			uint32_t got = mw_setting_decode(s, x);

			/* Equal to what was computed, and to what the user's text means
			   (read independently of the parse that computed it). */
			it->verified = got == it->raw && mw_setting_matches(s, it->text, got);
			if (s->secret)
				snprintf(it->readback_text, sizeof it->readback_text, "%s", "***");
			else
				mw_setting_format(s, got, it->readback_text,
				                  sizeof it->readback_text);
		}
		if (!it->verified)
			all = false;
	}
	return all;
}

/* Where the meter should answer after block w: apply its line roles. */
static void after_block(const struct mw_set_plan *p, const struct mw_set_write *w, int *addr,
                        struct mw_linecfg *lc)
{
	if (w->line_roles & (1u << MW_LINE_ADDRESS))
		*addr = p->new_addr;
	if (w->line_roles & (1u << MW_LINE_BAUD))
		lc->baud = p->new_line.baud;
	if (w->line_roles & (1u << MW_LINE_FORMAT))
		lc->format = p->new_line.format;
}

/* What the journal entries of one block share. */
struct jctx {
	char op[64];        /* id shared by the intent and the result */
	char last_seen[64]; /* where the meter last answered */
	char looked[768];   /* where it was looked for after a line change, or "" */
};

/* Journal every item of block w: the intent (out < 0, before sending) or the
 * result.  0, or -1 with res->journal_error set. */
static int journal_block(const struct mw_bus *b, const struct mw_set_plan *p,
                         const struct mw_set_write *w, int addr, const struct mw_linecfg *lc,
                         int out, const char *where, const char *msg, const struct jctx *jc,
                         const struct mw_set_opts *o, struct mw_set_result *res)
{
	char target[64];
	int rc = 0;

	if (o && o->no_journal)
		return 0;
	if (out < 0) {
		int ta = addr;
		struct mw_linecfg tl = *lc;

		after_block(p, w, &ta, &tl);
		mw_where(b, ta, &tl, target, sizeof target);
	}
	for (size_t i = 0; i < p->n_items; i++) {
		const struct mw_set_item *it = &p->item[i];
		const struct mw_setting *s = it->setting;
		struct mw_journal_entry je = {0};

		if (s->table != w->table || s->reg < w->reg || s->reg + it->n_words > w->reg + w->n)
			continue;
		je.port = mw_bus_port(b);
		if (!mw_bus_is_tcp(b))
			je.line = *lc;
		je.addr = addr;
		je.model = p->model->id;
		je.serial = p->serial;
		je.firmware = p->firmware;
		je.kind = out < 0 ? "intent" : "set";
		je.setting = s->name;
		if (!s->secret) {
			je.old_value = it->have_old ? it->old_text : NULL;
			je.new_value = it->new_text;
		}
		je.op = jc->op;
		je.last_seen = jc->last_seen;
		if (out < 0) {
			je.target = target;
		} else {
			je.outcome = mw_outcome_name((enum mw_outcome)out);
			je.where = where;
			je.message = msg;
			je.looked = *jc->looked ? jc->looked : NULL;
		}
		if (mw_journal_append(&je, res->journal_error, sizeof res->journal_error) < 0)
			rc = -1;
	}
	return rc;
}

/* Stopped by a signal? */
static bool stopped(const struct mw_set_opts *o)
{
	return o && o->stop && *o->stop;
}

/*
 * Right before a send: nothing goes out after a signal or with the port
 * gone.  0 to go on, or an outcome with msg set.
 */
static int before_send(const struct mw_bus *b, const struct mw_set_opts *o, bool first, char *msg,
                       size_t msgsz)
{
	if (stopped(o)) {
		snprintf(msg, msgsz, "%s",
		         first ? _("interrupted before the write: nothing was sent")
		               : _("interrupted before the write was sent again; the meter still "
		                   "holds its old value"));
		return MW_OUT_FAILED;
	}
	if (mw_bus_port_gone(b)) {
		snprintf(msg, msgsz, _("%s: the port is gone (unplugged?): nothing was sent"),
		         mw_bus_port(b));
		return MW_OUT_FAILED;
	}
	return 0;
}

/* A send that failed with an I/O error: the port vanished under it. */
static enum mw_outcome port_vanished(const struct mw_bus *b, char *msg, size_t msgsz)
{
	snprintf(msg, msgsz,
	         _("%s: the port vanished while the write was sent (unplugged?): it may or may "
	           "not have reached the meter; outcome unknown. Reconnect and read the "
	           "setting back"),
	         mw_bus_port(b));
	return MW_OUT_UNCERTAIN;
}

/* Time the request and a reply to write w take on the line, plus the
 * meter's turnaround and a margin, in ms. */
static int switch_wait_ms(const struct mw_bus *b, const struct mw_model *m,
                          const struct mw_set_write *w)
{
	const struct mw_linecfg *lc = mw_bus_line(b);
	int bytes = (w->n == 1 && m->line.write_fc == 6 ? 8 : 9 + 2 * w->n) + 8;
	int turn = m->line.turnaround_ms > 0 ? m->line.turnaround_ms : 20;

	if (mw_bus_is_tcp(b) || lc->baud <= 0)
		return 50;
	return 50 + turn + (int)mw_timing_frame_ms(lc->baud, lc->format, bytes) +
	       (int)(mw_bus_latency_ms(b) + 0.999); /* the USB adapter may hold the reply */
}

/* Apply one block that moves the meter; updates addr and lc to where it is. */
static enum mw_outcome apply_line_block(struct mw_bus *b, struct mw_set_plan *p,
                                        const struct mw_set_write *w, const struct mw_set_opts *o,
                                        int *addr, struct mw_linecfg *lc, struct jctx *jc,
                                        char *msg, size_t msgsz)
{
	const struct mw_model *m = p->model;
	int exp_addr = *addr, retries = mw_bus_retries(b), found, rc;
	int rounds = p->tries > 0 ? p->tries : retries;
	struct mw_linecfg exp_line = *lc;
	struct mw_place c[MW_MAX_PLACES];
	bool other[MW_MAX_PLACES];
	size_t n;
	char e[256], wexp[64], wold[64], wfound[64];
	uint16_t rb[MW_SET_WORDS];

	after_block(p, w, &exp_addr, &exp_line);
	mw_where(b, exp_addr, &exp_line, wexp, sizeof wexp);
	mw_where(b, *addr, lc, wold, sizeof wold);
	n = mw_follow_places(*addr, lc, exp_addr, &exp_line, c);
	mw_places_text(b, c, n, jc->looked, sizeof jc->looked);
	for (int attempt = 1; attempt <= retries; attempt++) {
		bool acked;

		if ((rc = before_send(b, o, attempt == 1, msg, msgsz)) != 0)
			return (enum mw_outcome)rc;
		if (w->needs_unlock && unlock(b, *addr, m, o ? o->password : NULL, msg, msgsz) < 0)
			return MW_OUT_FAILED;
		/* One try: a retry would go to where the meter no longer is. */
		mw_bus_set_retries(b, 1);
		rc = send_block(b, *addr, m, w, e, sizeof e);
		mw_bus_set_retries(b, retries);
		acked = rc == 0;
		if (!acked && mw_bus_last_error(b) == MW_BUS_EXCEPTION) {
			snprintf(msg, msgsz, _("%s; nothing was changed"), e);
			return MW_OUT_FAILED;
		}
		if (!acked && mw_bus_last_error(b) == MW_BUS_IO)
			return port_vanished(b, msg, msgsz);
		if (stopped(o)) {
			snprintf(
			    msg, msgsz, "%s",
			    _("interrupted after the write was sent: outcome unknown; read the "
			      "meter's settings to see where it answers"));
			return MW_OUT_UNCERTAIN;
		}
		/* Let the meter store and switch.  When the reply was lost it may
		 * still be on the wire (a slow line, a late reply): the meter
		 * switches only after it, so wait out its line time too. */
		sleep_ms(acked ? 50 : switch_wait_ms(b, m, w));
		memset(other, 0, sizeof other);
		found = mw_follow_search(b, p, w, c, n, rounds, rb, other);
		if (found == -2) {
			(void)mw_bus_set_line(b, lc, e, sizeof e);
			snprintf(msg, msgsz,
			         _("%s: the port vanished after the write was sent (unplugged?), "
			           "while looking for the meter at %s; outcome unknown"),
			         mw_bus_port(b), wexp);
			return MW_OUT_UNCERTAIN;
		}
		if (found < 0) {
			(void)mw_bus_set_line(b, lc, e, sizeof e);
			for (size_t i = 0; i < n; i++)
				if (other[i]) {
					mw_where(b, c[i].addr, &c[i].line, wfound, sizeof wfound);
					snprintf(
					    msg, msgsz,
					    _("another meter answers at %s and this one answers "
					      "nowhere else: two meters may now share that "
					      "place; looked at %s, %d times each"),
					    wfound, jc->looked, rounds);
					return MW_OUT_MISMATCH;
				}
			snprintf(msg, msgsz,
			         _("the meter does not answer at its new settings (%s) nor at its "
			           "old ones (%s), nor at the mixes of the two (looked at %s, %d "
			           "times each); the write was %s. Scan the bus to find it "
			           "(meterwise scan)"),
			         wexp, wold, jc->looked, rounds,
			         acked ? _("acknowledged") : _("not acknowledged"));
			return MW_OUT_LOST;
		}
		mw_where(b, c[found].addr, &c[found].line, wfound, sizeof wfound);
		snprintf(jc->last_seen, sizeof jc->last_seen, "%s", wfound);
		if (found == 0) {
			*addr = c[0].addr;
			*lc = c[0].line;
			if (!verify_items(p, w, rb)) {
				snprintf(
				    msg, msgsz,
				    _("the meter answers at %s but reads back different values"),
				    wfound);
				return MW_OUT_MISMATCH;
			}
			snprintf(msg, msgsz, _("verified at %s"), wfound);
			return MW_OUT_VERIFIED;
		}
		if (n > 1 && found == 1 && memcmp(rb, w->old, (size_t)w->n * sizeof rb[0]) == 0 &&
		    attempt < retries) {
			/* Read back at the old place: the write never arrived. */
			(void)mw_bus_set_line(b, lc, e, sizeof e);
			continue;
		}
		bool at_old = n > 1 && found == 1;

		*addr = c[found].addr;
		*lc = c[found].line;
		verify_items(p, w, rb);
		if (at_old && memcmp(rb, w->old, (size_t)w->n * sizeof rb[0]) == 0)
			snprintf(msg, msgsz,
			         _("the meter still answers at %s: it did not take the change"),
			         wfound);
		else
			snprintf(msg, msgsz,
			         _("the meter answers at %s, not at %s as expected: it took only "
			           "part of the change"),
			         wfound, wexp);
		return MW_OUT_MISMATCH;
	}
	snprintf(msg, msgsz,
	         _("the meter still answers at %s with its old settings after %d tries"), wold,
	         retries);
	return MW_OUT_MISMATCH;
}

/*
 * Apply one block that leaves the line alone.  The write goes out once;
 * when its reply is lost the value is read back, and the write is sent
 * again only when the meter does not hold it.
 */
static enum mw_outcome apply_block(struct mw_bus *b, struct mw_set_plan *p,
                                   const struct mw_set_write *w, const struct mw_set_opts *o,
                                   int addr, const struct mw_linecfg *lc, char *msg, size_t msgsz)
{
	const struct mw_model *m = p->model;
	int retries = mw_bus_retries(b), tries = p->tries > 0 ? p->tries : retries, rc;
	uint16_t rb[MW_SET_WORDS];
	char e[256], e2[256], where[64];

	mw_where(b, addr, lc, where, sizeof where);
	for (int attempt = 1; attempt <= retries; attempt++) {
		if ((rc = before_send(b, o, attempt == 1, msg, msgsz)) != 0)
			return (enum mw_outcome)rc;
		if (w->needs_unlock && unlock(b, addr, m, o ? o->password : NULL, msg, msgsz) < 0)
			return MW_OUT_FAILED;
		mw_bus_set_retries(b, 1);
		rc = send_block(b, addr, m, w, e, sizeof e);
		mw_bus_set_retries(b, retries);
		if (rc < 0 && mw_bus_last_error(b) == MW_BUS_EXCEPTION) {
			snprintf(msg, msgsz, _("%s; nothing was changed"), e);
			return MW_OUT_FAILED;
		}
		if (rc < 0 && mw_bus_last_error(b) == MW_BUS_IO)
			return port_vanished(b, msg, msgsz);
		if (stopped(o)) {
			snprintf(
			    msg, msgsz, "%s",
			    _("interrupted after the write was sent: outcome unknown; read the "
			      "setting back"));
			return MW_OUT_UNCERTAIN;
		}
		if (w->write_only) {
			if (rc < 0) {
				/* Never re-sent blind: it cannot be read back. */
				snprintf(msg, msgsz,
				         _("%s; the setting cannot be read back, so whether it was "
				           "written is unknown"),
				         e);
				return MW_OUT_UNCERTAIN;
			}
			snprintf(msg, msgsz, _("written at %s (this setting cannot be read back)"),
			         where);
			return MW_OUT_WRITTEN;
		}
		mw_bus_set_retries(b, tries);
		rc = rc < 0 ? -1 : 0;
		if (mw_engine_read(b, addr, p->model, w->table, w->reg, w->n, rb, e2, sizeof e2) <
		    0) {
			mw_bus_set_retries(b, retries);
			if (mw_bus_last_error(b) == MW_BUS_IO)
				return port_vanished(b, msg, msgsz);
			snprintf(msg, msgsz, _("%s; reading it back failed too: %s"),
			         rc < 0 ? e : _("written"), e2);
			return MW_OUT_UNCERTAIN;
		}
		mw_bus_set_retries(b, retries);
		if (verify_items(p, w, rb)) {
			snprintf(msg, msgsz, _("verified at %s"), where);
			return MW_OUT_VERIFIED;
		}
		if (rc < 0 && memcmp(rb, w->old, (size_t)w->n * sizeof rb[0]) == 0) {
			if (attempt < retries)
				continue; /* the write never arrived: now send it again */
			snprintf(msg, msgsz, _("%s; the meter still holds the old value"), e);
			return MW_OUT_FAILED;
		}
		snprintf(msg, msgsz, "%s",
		         rc < 0 ? _("the reply to the write was lost and the meter reads back a "
		                    "different value")
		                : _("the meter acknowledged the write but reads back a different "
		                    "value"));
		return MW_OUT_MISMATCH;
	}
	snprintf(msg, msgsz, _("the meter still holds the old value after %d tries"), retries);
	return MW_OUT_FAILED;
}

int mw_set_apply(struct mw_bus *b, struct mw_set_plan *p, const struct mw_set_opts *o,
                 struct mw_set_result *res)
{
	int addr = p->addr;
	struct mw_linecfg lc = p->line;
	enum mw_outcome worst = MW_OUT_VERIFIED;
	char msg[900], where[64];
	bool wrote = false;

	memset(res, 0, sizeof *res);
	if (!p->prepared) {
		res->outcome = MW_OUT_FAILED;
		snprintf(res->message, sizeof res->message, "%s",
		         _("internal error: the plan was not prepared"));
		return 1;
	}
	/* Line-changing blocks last, so everything else is written where the meter is now. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < p->n_writes; k++) {
			struct mw_set_write *w = &p->write[k];
			bool moves = (w->line_roles & ~1u) != 0;
			int sent_addr = addr;
			struct mw_linecfg sent_line = lc;
			enum mw_outcome out;
			struct jctx jc;

			memset(&jc, 0, sizeof jc);

			if (moves != (pass == 1) || w->unchanged)
				continue;
			mw_journal_op_id(jc.op, sizeof jc.op);
			mw_where(b, addr, &lc, jc.last_seen, sizeof jc.last_seen);
			/* No record, no write: the intent is on disk before anything is sent. */
			if (journal_block(b, p, w, addr, &lc, -1, NULL, NULL, &jc, o, res) < 0) {
				res->outcome = MW_OUT_FAILED;
				res->found = true;
				res->addr = addr;
				res->line = lc;
				snprintf(
				    res->message, sizeof res->message,
				    _("%s; nothing was written to the meter. Free space or fix the "
				      "journal's directory (or set XDG_STATE_HOME), or give "
				      "--no-journal to write without a record"),
				    res->journal_error);
				res->journal_error[0] = '\0';
				return mw_outcome_exit(MW_OUT_FAILED);
			}
			wrote = true;
			if (moves)
				out =
				    apply_line_block(b, p, w, o, &addr, &lc, &jc, msg, sizeof msg);
			else
				out = apply_block(b, p, w, o, addr, &lc, msg, sizeof msg);
			/* where: the place it answers now, or for a lost meter where it
			 * was last seen (looked says where it was looked for). */
			if (out == MW_OUT_LOST || out == MW_OUT_UNCERTAIN)
				snprintf(where, sizeof where, "%s", jc.last_seen);
			else
				mw_where(b, addr, &lc, where, sizeof where);
			if (out != MW_OUT_LOST && out != MW_OUT_UNCERTAIN)
				snprintf(jc.last_seen, sizeof jc.last_seen, "%s", where);
			(void)journal_block(b, p, w, sent_addr, &sent_line, out, where, msg, &jc, o,
			                    res);
			res->interrupted = stopped(o);
			if (out != MW_OUT_VERIFIED && out != MW_OUT_WRITTEN) {
				res->outcome = out;
				res->found = out != MW_OUT_LOST && out != MW_OUT_UNCERTAIN;
				res->addr = res->found ? addr : sent_addr;
				res->line = res->found ? lc : sent_line;
				snprintf(res->message, sizeof res->message, "%s", msg);
				return mw_outcome_exit(out);
			}
			if (out == MW_OUT_WRITTEN)
				worst = MW_OUT_WRITTEN;
		}
	}
	res->outcome = worst;
	res->found = true;
	res->addr = addr;
	res->line = lc;
	mw_where(b, addr, &lc, where, sizeof where);
	if (!wrote)
		snprintf(res->message, sizeof res->message,
		         _("nothing to write: the meter at %s already holds these values"), where);
	else if (worst == MW_OUT_WRITTEN)
		snprintf(res->message, sizeof res->message, "%s", msg);
	else
		snprintf(res->message, sizeof res->message, _("verified at %s"), where);
	return mw_outcome_exit(worst);
}
