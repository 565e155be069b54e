/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_apply.c - writing a prepared plan (engine_set.c): unlock, write
 * with the model's function code, read back and verify; follow a meter to
 * its new address and line settings and, when it is not there, look for it
 * at the likely settings (old and new address x old and new line) and say
 * where it is.  Every write is journaled.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "engine.h"
#include "i18n.h"
#include "journal.h"

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

void mw_where(const struct mw_bus *b, int addr, const struct mw_linecfg *lc, char *buf,
              size_t bufsz)
{
	if (mw_bus_is_tcp(b))
		snprintf(buf, bufsz, _("address %d"), addr);
	else
		snprintf(buf, bufsz, _("address %d, %d %s"), addr, lc->baud,
		         mw_format_name(lc->format));
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

int mw_locate(struct mw_bus *b, const struct mw_model *m, uint16_t reg, int addr_a, int addr_b,
              const struct mw_linecfg *la, const struct mw_linecfg *lb, int *addr_out,
              struct mw_linecfg *line_out)
{
	const struct mw_linecfg *lines[2] = {la, lb};
	int addrs[2] = {addr_a, addr_b};
	char e[256];

	(void)m;
	for (int li = 0; li < 2; li++) {
		if (li == 1 && lb->baud == la->baud && lb->format == la->format)
			break;
		if (mw_bus_set_line(b, lines[li], e, sizeof e) < 0)
			continue;
		for (int ai = 0; ai < 2; ai++) {
			uint16_t w;

			if (ai == 1 && addr_b == addr_a)
				break;
			if (addrs[ai] < 1 || addrs[ai] > 247)
				continue;
			if (mw_bus_read(b, addrs[ai], MW_TABLE_HOLDING, reg, 1, &w, e, sizeof e) ==
			        0 ||
			    mw_bus_last_error(b) == MW_BUS_EXCEPTION) {
				*addr_out = addrs[ai];
				*line_out = *lines[li];
				return 0;
			}
		}
	}
	(void)mw_bus_set_line(b, la, e, sizeof e);
	return -1;
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
	if (mw_bus_write(b, addr, m->line.write_fc, s->reg, w, mw_setting_words(s), e, sizeof e) <
	    0) {
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
	return mw_bus_write(b, addr, m->line.write_fc, w->reg, w->new, w->n, err, errsz);
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

			it->verified = got == it->raw;
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

/* Journal every item of block w. */
static void journal_block(const struct mw_bus *b, const struct mw_set_plan *p,
                          const struct mw_set_write *w, int addr, const struct mw_linecfg *lc,
                          enum mw_outcome out, const char *where, const char *msg,
                          const struct mw_set_opts *o, struct mw_set_result *res)
{
	if (o && o->no_journal)
		return;
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
		je.kind = "set";
		je.setting = s->name;
		if (!s->secret) {
			je.old_value = it->have_old ? it->old_text : NULL;
			je.new_value = it->new_text;
		}
		je.outcome = mw_outcome_name(out);
		je.where = where;
		je.message = msg;
		/* The write itself is done: report, do not fail it. */
		(void)mw_journal_append(&je, res->journal_error, sizeof res->journal_error);
	}
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

/* Apply one block that moves the meter; updates addr and lc to where it is. */
static enum mw_outcome apply_line_block(struct mw_bus *b, struct mw_set_plan *p,
                                        const struct mw_set_write *w, const struct mw_set_opts *o,
                                        int *addr, struct mw_linecfg *lc, char *msg, size_t msgsz)
{
	const struct mw_model *m = p->model;
	int exp_addr = *addr, retries = mw_bus_retries(b), found_addr;
	struct mw_linecfg exp_line = *lc, found_line;
	char e[256], wexp[64], wold[64], wfound[64];
	uint16_t rb[MW_SET_WORDS];

	after_block(p, w, &exp_addr, &exp_line);
	mw_where(b, exp_addr, &exp_line, wexp, sizeof wexp);
	mw_where(b, *addr, lc, wold, sizeof wold);
	for (int attempt = 1; attempt <= retries; attempt++) {
		bool acked;
		int rc;

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
		if (!acked && mw_bus_last_error(b) == MW_BUS_IO) {
			snprintf(msg, msgsz, "%s", e);
			return MW_OUT_UNCERTAIN;
		}
		sleep_ms(50); /* let the meter store and switch */
		if (mw_locate(b, m, w->reg, exp_addr, *addr, &exp_line, lc, &found_addr,
		              &found_line) < 0) {
			snprintf(
			    msg, msgsz,
			    _("the meter does not answer at its new settings (%s) nor at its old "
			      "ones (%s), nor at the mixes of the two; the write was %s. "
			      "Scan the bus to find it (meterwise scan)"),
			    wexp, wold, acked ? _("acknowledged") : _("not acknowledged"));
			return MW_OUT_LOST;
		}
		mw_where(b, found_addr, &found_line, wfound, sizeof wfound);
		if (mw_bus_read(b, found_addr, w->table, w->reg, w->n, rb, e, sizeof e) < 0) {
			*addr = found_addr;
			*lc = found_line;
			snprintf(
			    msg, msgsz,
			    _("the meter answers at %s but reading the setting back failed: %s"),
			    wfound, e);
			return MW_OUT_UNCERTAIN;
		}
		if (found_addr == exp_addr && found_line.baud == exp_line.baud &&
		    found_line.format == exp_line.format) {
			*addr = found_addr;
			*lc = found_line;
			if (verify_items(p, w, rb)) {
				snprintf(msg, msgsz, _("verified at %s"), wfound);
				return MW_OUT_VERIFIED;
			}
			snprintf(msg, msgsz,
			         _("the meter answers at %s but reads back different values"),
			         wfound);
			return MW_OUT_MISMATCH;
		}
		if (found_addr == *addr && found_line.baud == lc->baud &&
		    found_line.format == lc->format &&
		    memcmp(rb, w->old, (size_t)w->n * sizeof rb[0]) == 0 && attempt < retries) {
			continue; /* the write never arrived: send it again */
		}
		bool at_old = found_addr == *addr && found_line.baud == lc->baud &&
		              found_line.format == lc->format;

		*addr = found_addr;
		*lc = found_line;
		verify_items(p, w, rb);
		if (at_old && memcmp(rb, w->old, (size_t)w->n * sizeof rb[0]) == 0)
			snprintf(msg, msgsz,
			         _("the meter still answers at %s: it did not take the change"),
			         wfound);
		else
			snprintf(msg, msgsz,
			         _("the meter answers at %s, not at %s as expected: it took only "
			           "part of "
			           "the change"),
			         wfound, wexp);
		return MW_OUT_MISMATCH;
	}
	snprintf(msg, msgsz,
	         _("the meter still answers at %s with its old settings after %d tries"), wold,
	         retries);
	return MW_OUT_MISMATCH;
}

/* Apply one block that leaves the line alone. */
static enum mw_outcome apply_block(struct mw_bus *b, struct mw_set_plan *p,
                                   const struct mw_set_write *w, const struct mw_set_opts *o,
                                   int addr, const struct mw_linecfg *lc, char *msg, size_t msgsz)
{
	const struct mw_model *m = p->model;
	uint16_t rb[MW_SET_WORDS];
	char e[256], e2[256], where[64];
	int rc;

	mw_where(b, addr, lc, where, sizeof where);
	if (w->needs_unlock && unlock(b, addr, m, o ? o->password : NULL, msg, msgsz) < 0)
		return MW_OUT_FAILED;
	rc = send_block(b, addr, m, w, e, sizeof e);
	if (rc < 0 && mw_bus_last_error(b) == MW_BUS_EXCEPTION) {
		snprintf(msg, msgsz, _("%s; nothing was changed"), e);
		return MW_OUT_FAILED;
	}
	if (w->write_only) {
		if (rc < 0) {
			snprintf(msg, msgsz,
			         _("%s; the setting cannot be read back, so whether it was "
			           "written is unknown"),
			         e);
			return MW_OUT_UNCERTAIN;
		}
		snprintf(msg, msgsz, _("written at %s (this setting cannot be read back)"), where);
		return MW_OUT_WRITTEN;
	}
	if (mw_bus_read(b, addr, w->table, w->reg, w->n, rb, e2, sizeof e2) < 0) {
		snprintf(msg, msgsz, _("%s; reading it back failed too: %s"),
		         rc < 0 ? e : _("written"), e2);
		return rc < 0 ? MW_OUT_FAILED : MW_OUT_UNCERTAIN;
	}
	if (verify_items(p, w, rb)) {
		snprintf(msg, msgsz, _("verified at %s"), where);
		return MW_OUT_VERIFIED;
	}
	if (rc < 0) {
		snprintf(msg, msgsz, _("%s; the meter still holds the old value"), e);
		return MW_OUT_FAILED;
	}
	snprintf(msg, msgsz,
	         _("the meter acknowledged the write but reads back a different value"));
	return MW_OUT_MISMATCH;
}

int mw_set_apply(struct mw_bus *b, struct mw_set_plan *p, const struct mw_set_opts *o,
                 struct mw_set_result *res)
{
	int addr = p->addr;
	struct mw_linecfg lc = p->line;
	enum mw_outcome worst = MW_OUT_VERIFIED;
	char msg[400], where[64];
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

			if (moves != (pass == 1) || w->unchanged)
				continue;
			wrote = true;
			if (moves)
				out = apply_line_block(b, p, w, o, &addr, &lc, msg, sizeof msg);
			else
				out = apply_block(b, p, w, o, addr, &lc, msg, sizeof msg);
			mw_where(b, addr, &lc, where, sizeof where);
			journal_block(b, p, w, sent_addr, &sent_line, out,
			              out == MW_OUT_LOST ? NULL : where, msg, o, res);
			if (out != MW_OUT_VERIFIED && out != MW_OUT_WRITTEN) {
				res->outcome = out;
				res->found = out != MW_OUT_LOST;
				res->addr = out == MW_OUT_LOST ? sent_addr : addr;
				res->line = out == MW_OUT_LOST ? sent_line : lc;
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
