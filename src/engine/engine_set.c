/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_set.c - validating settings and preparing their writes.
 *
 * mw_set_add() checks NAME=VALUE against the device file without any I/O;
 * mw_set_prepare() reads the registers involved (reads only) and computes
 * the words to write, merging packed fields that share a word.  Writing,
 * verifying and following are in engine_apply.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "engine.h"
#include "engine_int.h"
#include "i18n.h"
#include "numfmt.h"

void mw_set_init(struct mw_set_plan *p, const struct mw_model *m)
{
	memset(p, 0, sizeof *p);
	p->model = m;
	p->new_addr = p->addr = -1;
}

/* "a, b, c" of the model's writable settings. */
static void setting_names(const struct mw_model *m, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->n_settings && len < sz; i++)
		if (!m->settings[i].gap)
			len += (size_t)snprintf(buf + len, sz - len, "%s%s", len ? ", " : "",
			                        m->settings[i].name);
}

/* Text of a setting's value held in words w (its own words). */
static void setting_text(const struct mw_setting *s, const uint16_t *w, char *buf, size_t sz)
{
	if (s->secret) {
		snprintf(buf, sz, "%s", "***");
	} else if (s->type == MW_T_DATETIME) {
		struct mw_clock c;

		if (mw_datetime_decode(s, w, &c) == 0)
			mw_datetime_format(&c, buf, sz);
		else
			snprintf(buf, sz, "%s", "?");
	} else if (s->type == MW_T_SCHEDULE) {
		struct mw_period per[64];
		int n = s->schedule.periods <= 64 ? mw_schedule_decode(s, w, per) : -1;

		if (n >= 0)
			mw_schedule_format(per, n, buf, sz);
		else
			snprintf(buf, sz, "%s", "?");
	} else {
		mw_setting_format(s, mw_setting_decode(s, w), buf, sz);
	}
}

/* Engineering value of a scalar setting's raw field value. */
static double setting_value(const struct mw_setting *s, uint32_t raw)
{
	if (s->n_choices > 0) {
		for (size_t i = 0; i < s->n_choices; i++)
			if (s->choices[i].raw == raw)
				return mw_numfmt_strtod(s->choices[i].name, NULL);
		return NAN;
	}
	return raw * (s->scale == 0 ? 1 : s->scale);
}

int mw_set_add(struct mw_set_plan *p, const char *name, const char *value, char *err, size_t errsz)
{
	const struct mw_model *m = p->model;
	const struct mw_setting *s = mw_model_setting(m, name);
	struct mw_set_item *it;
	char names[1024];

	if (!s) {
		if (mw_model_value(m, name))
			snprintf(err, errsz,
			         _("%s: is a measured value of the %s, it cannot be set"), name,
			         m->name);
		else if (mw_model_action(m, name))
			snprintf(err, errsz,
			         _("%s: is an action, not a setting; use `meterwise act %s`"), name,
			         name);
		else {
			setting_names(m, names, sizeof names);
			snprintf(err, errsz,
			         _("%s: the %s has no such setting; its settings are: %s"), name,
			         m->name, names);
		}
		return -1;
	}
	if (s->gap) {
		snprintf(err, errsz, _("%s: cannot be set: the manual does not say how (%s)"), name,
		         s->gap);
		return -1;
	}
	for (size_t i = 0; i < p->n_items; i++)
		if (p->item[i].setting == s) {
			snprintf(err, errsz, _("%s: given twice"), name);
			return -1;
		}
	if (p->n_items >= MW_SET_MAX) {
		snprintf(err, errsz, _("too many settings at once (at most %d)"), MW_SET_MAX);
		return -1;
	}
	it = &p->item[p->n_items];
	memset(it, 0, sizeof *it);
	it->setting = s;
	snprintf(it->text, sizeof it->text, "%s", value ? value : "");
	it->n_words = s->table == MW_TABLE_COIL ? 1 : mw_setting_words(s);
	if (it->n_words < 1 || it->n_words > MW_SET_WORDS) {
		snprintf(err, errsz,
		         _("%s: the device file gives it %d registers; cannot write it"), name,
		         it->n_words);
		return -1;
	}
	if (s->type == MW_T_DATETIME) {
		struct mw_clock c;

		if (mw_datetime_parse(s, value, &c, err, errsz) < 0)
			return -1;
		if (mw_datetime_encode(s, &c, it->words) < 0) {
			snprintf(err, errsz, _("%s: %s cannot be stored by this meter"), name,
			         value);
			return -1;
		}
		mw_datetime_format(&c, it->new_text, sizeof it->new_text);
	} else if (s->type == MW_T_SCHEDULE) {
		struct mw_period per[64];
		int n;

		if (s->schedule.periods > 64) {
			snprintf(err, errsz, _("%s: too many periods in the device file"), name);
			return -1;
		}
		n = mw_schedule_parse(s, value, per, err, errsz);
		if (n < 0 || mw_schedule_encode(s, per, n, it->words, err, errsz) < 0)
			return -1;
		mw_schedule_format(per, n, it->new_text, sizeof it->new_text);
	} else {
		if (mw_setting_parse(s, value, &it->raw, err, errsz) < 0)
			return -1;
		mw_setting_format(s, it->raw, it->new_text, sizeof it->new_text);
	}
	if (s->secret)
		snprintf(it->new_text, sizeof it->new_text, "%s", "***");
	p->n_items++;
	p->prepared = false;
	return 0;
}

int mw_set_parse(struct mw_set_plan *p, char *const *assign, size_t n, char *err, size_t errsz)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(assign[i], '=');
		char name[128];

		if (!eq || eq == assign[i] || (size_t)(eq - assign[i]) >= sizeof name) {
			snprintf(err, errsz, _("%s: write NAME=VALUE (e.g. address=5)"), assign[i]);
			return -1;
		}
		memcpy(name, assign[i], (size_t)(eq - assign[i]));
		name[eq - assign[i]] = '\0';
		if (mw_set_add(p, name, eq + 1, err, errsz) < 0)
			return -1;
	}
	return 0;
}

/* The write block holding [reg, reg+n) of table t, merged or new; NULL when full. */
static struct mw_set_write *block_for(struct mw_set_plan *p, enum mw_table t, uint16_t reg, int n)
{
	for (size_t k = 0; k < p->n_writes; k++) {
		struct mw_set_write *w = &p->write[k];
		int lo, hi;

		if (w->table != t || reg >= w->reg + w->n || reg + n <= w->reg)
			continue;
		lo = reg < w->reg ? reg : w->reg;
		hi = reg + n > w->reg + w->n ? reg + n : w->reg + w->n;
		if (hi - lo > MW_SET_WORDS)
			return NULL;
		w->reg = (uint16_t)lo;
		w->n = hi - lo;
		return w;
	}
	if (p->n_writes >= MW_SET_MAX)
		return NULL;
	p->write[p->n_writes] = (struct mw_set_write){.table = t, .reg = reg, .n = n};
	return &p->write[p->n_writes++];
}

/*
 * Merge neighbouring register blocks into one FC16 write (limits at 0x0020
 * and 0x0021 go out in one request).  Blocks that move the meter stay
 * apart: each is followed on its own.
 */
static void merge_adjacent(struct mw_set_plan *p)
{
	if (p->model->line.write_fc != 16)
		return;
	for (size_t a = 0; a < p->n_writes; a++) {
		for (size_t b = 0; b < p->n_writes; b++) {
			struct mw_set_write *x = &p->write[a], *y = &p->write[b];

			if (a == b || x->table != MW_TABLE_HOLDING ||
			    y->table != MW_TABLE_HOLDING || (x->line_roles & ~1u) ||
			    (y->line_roles & ~1u) || x->needs_unlock != y->needs_unlock ||
			    x->reg + x->n != y->reg || x->n + y->n > MW_SET_WORDS)
				continue;
			x->n += y->n;
			x->write_only = x->write_only || y->write_only;
			memmove(y, y + 1, (p->n_writes - b - 1) * sizeof *y);
			p->n_writes--;
			a = (size_t)-1; /* start over */
			break;
		}
	}
}

/* Fold the line roles of the plan's items into new_addr/new_line. */
static void plan_line(struct mw_set_plan *p)
{
	p->new_addr = p->addr;
	p->new_line = p->line;
	for (size_t i = 0; i < p->n_items; i++) {
		const struct mw_setting *s = p->item[i].setting;
		double v = setting_value(s, p->item[i].raw);
		int f;

		switch (s->line_role) {
		case MW_LINE_ADDRESS:
			if (!isnan(v))
				p->new_addr = (int)lround(v);
			break;
		case MW_LINE_BAUD:
			if (!isnan(v) && v > 0)
				p->new_line.baud = (int)lround(v);
			break;
		case MW_LINE_FORMAT:
			for (size_t c = 0; c < s->n_choices; c++)
				if (s->choices[c].raw == p->item[i].raw &&
				    (f = mw_format_parse(s->choices[c].name)) >= 0)
					p->new_line.format = (enum mw_format)f;
			break;
		default:
			break;
		}
	}
	p->changes_line = p->new_addr != p->addr || p->new_line.baud != p->line.baud ||
	                  p->new_line.format != p->line.format;
}

/*
 * Is the meter's destination (new address at the new line settings) taken
 * by another device?  p->tries probes there, sized to the loss measured on
 * the line so far (mw_tries_for_loss: a present device stays silent in all
 * of them with a chance of at most 1e-6 at that loss), and anything but
 * clean silence (a reply, an exception, a bad CRC, garbage) means taken.
 * When the address changes, the new address is also probed at the new baud
 * in the other frame formats (three probes each; a whole reply means taken).
 * 0 free, -2 taken, -1 could not check.
 */
static int check_destination(struct mw_bus *b, struct mw_set_plan *p, char *err, size_t errsz)
{
	int rc, tries, retries = mw_bus_retries(b);
	uint16_t w;
	char e[256];

	/* A dozen requests to the meter first: a clean line then needs 9
	 * probes, not 16 (an answered request costs far less than a probe of
	 * an empty place, which costs the whole timeout). */
	mw_bus_set_retries(b, 1);
	for (int i = 0; i < 24 && mw_bus_stats(b, p->addr)->requests < 12; i++)
		if (mw_bus_read(b, p->addr, MW_TABLE_HOLDING, p->write[0].reg, 1, &w, e, sizeof e) <
		        0 &&
		    mw_bus_last_error(b) == MW_BUS_IO)
			break;
	mw_bus_set_retries(b, retries);

	/* The meter's own line is untouched by the probes unless only the
	 * address changes, and then it does not answer the new address. */
	tries = mw_tries_for_loss(b, p->addr, true);
	rc = mw_dest_free(b, p->new_addr, &p->new_line, &p->line, tries, err, errsz);
	/* A device at the new address in another frame format: flagged too
	 * (fewer tries: there only a whole reply counts, noise does not). */
	if (rc == 0 && p->new_addr != p->addr) {
		struct mw_place self = {p->addr, p->line};

		rc = mw_dest_free_formats(b, p->new_addr, &p->new_line, &self, &p->line,
		                          tries < 3 ? tries : 3, err, errsz);
	}
	return rc == 0 ? 0 : rc > 0 ? -2 : -1;
}

int mw_set_prepare(struct mw_bus *b, int addr, struct mw_set_plan *p, char *err, size_t errsz)
{
	const struct mw_model *m = p->model;

	p->addr = addr;
	p->line = *mw_bus_line(b);
	p->port = mw_bus_port(b);
	p->n_writes = 0;
	p->needs_unlock = false;
	for (size_t i = 0; i < p->n_items; i++) {
		const struct mw_setting *s = p->item[i].setting;
		struct mw_set_write *w = block_for(p, s->table, s->reg, p->item[i].n_words);

		if (!w) {
			snprintf(err, errsz, _("%s: too many registers to write at once"), s->name);
			return -1;
		}
		if (s->write_only)
			w->write_only = true;
		if (s->needs_unlock && m->unlock.present && m->unlock.setting) {
			w->needs_unlock = true;
			p->needs_unlock = true;
		}
		w->line_roles |= 1u << s->line_role;
	}
	merge_adjacent(p);
	for (size_t k = 0; k < p->n_writes; k++) {
		struct mw_set_write *w = &p->write[k];
		char e[256];

		w->have_old = false;
		if (mw_engine_read(b, addr, p->model, w->table, w->reg, w->n, w->old, e,
		                   sizeof e) == 0) {
			w->have_old = true;
		} else if (mw_bus_last_error(b) != MW_BUS_EXCEPTION || !w->write_only) {
			snprintf(err, errsz,
			         _("%s (reading the current settings; nothing was written)"), e);
			return -1;
		} else {
			memset(w->old, 0, sizeof w->old);
		}
		memcpy(w->new, w->old, sizeof w->new);
	}
	for (size_t i = 0; i < p->n_items; i++) {
		struct mw_set_item *it = &p->item[i];
		const struct mw_setting *s = it->setting;
		struct mw_set_write *w = block_for(p, s->table, s->reg, it->n_words);
		uint16_t *nw = w->new + (s->reg - w->reg), *ow = w->old + (s->reg - w->reg);

		if (s->table == MW_TABLE_COIL) {
			nw[0] = it->raw ? 1 : 0;
			it->unchanged = w->have_old && ow[0] == nw[0];
		} else if (s->type == MW_T_DATETIME || s->type == MW_T_SCHEDULE) {
			memcpy(nw, it->words, (size_t)it->n_words * sizeof *nw);
			it->unchanged = s->type == MW_T_SCHEDULE && w->have_old &&
			                memcmp(ow, nw, (size_t)it->n_words * sizeof *nw) == 0;
		} else {
			if (mw_setting_encode(s, it->raw, nw) < 0) {
				snprintf(err, errsz, _("%s: %s cannot be stored by this meter"),
				         s->name, it->text);
				return -1;
			}
			it->unchanged = w->have_old && mw_setting_decode(s, ow) == it->raw;
		}
		it->have_old = w->have_old && !s->write_only;
		if (it->have_old)
			setting_text(s, ow, it->old_text, sizeof it->old_text);
		else
			it->old_text[0] = '\0';
		if (s->write_only || s->secret)
			it->unchanged = false;
	}
	for (size_t k = 0; k < p->n_writes; k++) {
		struct mw_set_write *w = &p->write[k];

		w->unchanged = w->have_old && !w->write_only &&
		               memcmp(w->old, w->new, (size_t)w->n * sizeof w->old[0]) == 0;
		/* A datetime is always written: the clock moves on. */
		for (size_t i = 0; i < p->n_items; i++)
			if (p->item[i].setting->type == MW_T_DATETIME &&
			    block_for(p, p->item[i].setting->table, p->item[i].setting->reg, 1) ==
			        w)
				w->unchanged = false;
	}
	plan_line(p);
	for (size_t i = 0; i < p->n_items && mw_bus_is_tcp(b); i++) {
		const struct mw_setting *s = p->item[i].setting;

		if ((s->line_role == MW_LINE_BAUD || s->line_role == MW_LINE_FORMAT) &&
		    !p->item[i].unchanged) {
			snprintf(
			    err, errsz,
			    _("%s: changing the baud rate or format through a TCP gateway would "
			      "lose the meter (the gateway's serial side would no longer match); "
			      "change it on a serial port, or change the gateway at the same time"),
			    s->name);
			return -2; /* refused before any write: a usage error */
		}
	}
	mw_read_identity(b, addr, p->model, p->serial, sizeof p->serial, p->firmware,
	                 sizeof p->firmware);
	p->distinct = mw_distinct_value(m);
	p->have_distinct = false;
	if (p->distinct && p->changes_line) {
		char e[256];

		p->have_distinct =
		    mw_bus_read(b, addr, MW_TABLE_HOLDING, p->distinct->reg,
		                mw_value_words(p->distinct), p->distinct_words, e, sizeof e) == 0;
	}
	if (p->changes_line) {
		int rc = check_destination(b, p, err, errsz);

		if (rc < 0)
			return rc;
	}
	p->tries = mw_tries_for_loss(b, addr, false);
	p->prepared = true;
	return 0;
}
