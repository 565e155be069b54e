/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * regmap.c - a simulated meter's registers.
 *
 * Settings live in stored words (one per register or coil), created from
 * the device file's defaults and then the scenario; reads of values are
 * computed from the physics at the time of the request (values.c).  A
 * register is mapped when a value, a setting or an action covers it;
 * anything else is an illegal data address.  Writes are checked whole
 * before anything is stored: every register must belong to a writable
 * setting or to an action whose words match, and every setting the write
 * touches must still decode to an allowed value (range or enumeration,
 * through the codec's own parser), or the meter answers illegal value.
 * An action whose device file says `effect: clear_energy` zeroes the
 * energy counters.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "i18n.h"
#include "physics.h"
#include "regmap.h"
#include "values.h"
#include "xalloc.h"

/* The stored word at (t, reg), created as 0 if absent. */
static struct sim_word *word_make(struct sim_device *d, enum mw_table t, uint16_t reg)
{
	struct sim_word *w = sim_regmap_word(d, t, reg);

	if (w)
		return w;
	d->words = mw_xrealloc(d->words, (d->n_words + 1) * sizeof *d->words);
	w = &d->words[d->n_words++];
	w->table = t;
	w->reg = reg;
	w->val = 0;
	return w;
}

/* A setting the simulator stores: it has a register and no gap. */
static bool stored_setting(const struct mw_setting *s)
{
	return !s->gap && (s->table == MW_TABLE_HOLDING || s->table == MW_TABLE_COIL);
}

/* Copy a setting's stored words into w. */
static void setting_get(struct sim_device *d, const struct mw_setting *s, uint16_t *w)
{
	int n = mw_setting_words(s);

	for (int i = 0; i < n; i++) {
		struct sim_word *sw = sim_regmap_word(d, s->table, (uint16_t)(s->reg + i));
		w[i] = sw ? sw->val : 0;
	}
}

/* Store a setting's words. */
static void setting_put(struct sim_device *d, const struct mw_setting *s, const uint16_t *w)
{
	int n = mw_setting_words(s);

	for (int i = 0; i < n; i++)
		word_make(d, s->table, (uint16_t)(s->reg + i))->val = w[i];
}

int sim_regmap_set_text(struct sim_device *d, const struct mw_setting *s, const char *text,
                        char *err, size_t errsz)
{
	uint16_t w[256];
	uint32_t raw;
	int n = mw_setting_words(s);

	if (!stored_setting(s) || n <= 0 || n > 256) {
		snprintf(err, errsz, _("%s: the simulator cannot store this setting"), s->name);
		return -1;
	}
	setting_get(d, s, w);
	if (s->type == MW_T_SCHEDULE) {
		struct mw_period p[64];
		int np = mw_schedule_parse(s, text, p, err, errsz);

		if (np < 0 || mw_schedule_encode(s, p, np, w, err, errsz) < 0)
			return -1;
	} else if (s->type == MW_T_DATETIME) {
		return 0; /* the clock follows the host's */
	} else {
		if (mw_setting_parse(s, text, &raw, err, errsz) < 0)
			return -1;
		if (mw_setting_encode(s, raw, w) < 0) {
			snprintf(err, errsz, _("%s: %s does not fit the register"), s->name, text);
			return -1;
		}
	}
	setting_put(d, s, w);
	return 0;
}

int sim_regmap_init(struct sim_device *d, char *err, size_t errsz)
{
	const struct mw_model *m = d->model;

	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int n = mw_setting_words(s);

		if (!stored_setting(s))
			continue;
		for (int j = 0; j < n; j++)
			word_make(d, s->table, (uint16_t)(s->reg + j));
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];

		if (stored_setting(s) && s->default_text &&
		    sim_regmap_set_text(d, s, s->default_text, err, errsz) < 0)
			return -1;
	}
	/* Coils the device file reports with a fixed value start there. */
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		struct sim_word *w;

		if (v->table == MW_TABLE_COIL && (w = sim_regmap_word(d, MW_TABLE_COIL, v->reg)) &&
		    !isnan(v->sim_fixed))
			w->val = v->sim_fixed != 0;
	}
	return 0;
}

int sim_regmap_store_line(struct sim_device *d, char *err, size_t errsz)
{
	static const enum mw_line_role roles[] = {MW_LINE_ADDRESS, MW_LINE_BAUD, MW_LINE_FORMAT};

	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		const struct mw_setting *s = mw_model_line_setting(d->model, roles[i]);
		char text[32];

		if (!s || !stored_setting(s))
			continue;
		if (roles[i] == MW_LINE_ADDRESS)
			snprintf(text, sizeof text, "%d", d->address);
		else if (roles[i] == MW_LINE_BAUD)
			snprintf(text, sizeof text, "%d", d->baud);
		else
			snprintf(text, sizeof text, "%s", mw_format_name(d->format));
		if (sim_regmap_set_text(d, s, text, err, errsz) < 0)
			return -1;
	}
	return 0;
}

void sim_regmap_apply_line(struct sim_device *d)
{
	static const enum mw_line_role roles[] = {MW_LINE_ADDRESS, MW_LINE_BAUD, MW_LINE_FORMAT};

	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		const struct mw_setting *s = mw_model_line_setting(d->model, roles[i]);
		uint16_t w[2] = {0, 0};
		char text[64];
		int f;

		if (!s || !stored_setting(s) || mw_setting_words(s) > 2)
			continue;
		setting_get(d, s, w);
		mw_setting_format(s, mw_setting_decode(s, w), text, sizeof text);
		if (roles[i] == MW_LINE_ADDRESS && atoi(text) > 0)
			d->address = atoi(text);
		else if (roles[i] == MW_LINE_BAUD && atoi(text) > 0)
			d->baud = atoi(text);
		else if (roles[i] == MW_LINE_FORMAT && (f = mw_format_parse(text)) >= 0)
			d->format = (enum mw_format)f;
	}
	d->line_pending = false;
}

/* Does [a, a+an) overlap [b, b+bn)? */
static bool overlaps(int a, int an, int b, int bn)
{
	return a < b + bn && b < a + an;
}

/* The meter clock as words of datetime setting s. */
static void clock_words(const struct sim_device *d, const struct mw_setting *s, uint16_t *w)
{
	time_t now = time(NULL) + (time_t)d->clock_offset_s;
	struct tm tm;
	struct mw_clock c;

	gmtime_r(&now, &tm);
	c.year = tm.tm_year + 1900;
	c.month = tm.tm_mon + 1;
	c.day = tm.tm_mday;
	c.hour = tm.tm_hour;
	c.minute = tm.tm_min;
	c.second = tm.tm_sec;
	c.weekday = tm.tm_wday;
	mw_datetime_encode(s, &c, w);
}

int sim_regmap_read(struct sim_device *d, const struct sim_bus *bus, enum mw_table t,
                    uint16_t start, int n, uint16_t *out)
{
	const struct mw_model *m = d->model;
	uint8_t covered[2000] = {0};
	struct sim_meas meas;
	bool measured = false;
	uint16_t w[256];
	int end = start + n;

	if (n <= 0 || n > 125)
		return SIM_EX_VALUE;
	memset(out, 0, (size_t)n * sizeof *out);
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		int nw = mw_value_words(v);

		if (v->table != t || !overlaps(v->reg, nw, start, n) || nw > 256)
			continue;
		if (!measured) {
			double now = sim_now();

			sim_physics_accumulate(d, now, bus->time_scale);
			sim_physics_eval(d, now, true, &meas);
			measured = true;
		}
		sim_value_encode(d, v, &meas, w);
		for (int j = 0; j < nw; j++)
			if (v->reg + j >= start && v->reg + j < end) {
				out[v->reg + j - start] = w[j];
				covered[v->reg + j - start] = 1;
			}
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int nw = mw_setting_words(s);

		if (!stored_setting(s) || s->table != t || !overlaps(s->reg, nw, start, n) ||
		    nw > 256)
			continue;
		if (s->type == MW_T_DATETIME)
			clock_words(d, s, w);
		else
			setting_get(d, s, w);
		for (int j = 0; j < nw; j++)
			if (s->reg + j >= start && s->reg + j < end) {
				out[s->reg + j - start] = s->write_only ? 0 : w[j];
				covered[s->reg + j - start] = 1;
			}
	}
	for (size_t i = 0; i < m->n_actions; i++) {
		const struct mw_action *a = &m->actions[i];
		int nw = (int)a->n_words + (a->has_param ? 1 : 0);

		if (a->gap || a->table != t || !overlaps(a->reg, nw, start, n))
			continue;
		for (int j = 0; j < nw; j++)
			if (a->reg + j >= start && a->reg + j < end)
				covered[a->reg + j - start] = 1;
	}
	for (int j = 0; j < n; j++)
		if (!covered[j])
			return SIM_EX_ADDRESS;
	return 0;
}

int sim_regmap_read_bits(struct sim_device *d, enum mw_table t, uint16_t start, int n, uint8_t *out)
{
	const struct mw_model *m = d->model;

	if (n <= 0 || n > 2000)
		return SIM_EX_VALUE;
	for (int j = 0; j < n; j++) {
		uint16_t reg = (uint16_t)(start + j);
		struct sim_word *w = sim_regmap_word(d, t, reg);
		bool mapped = w != NULL;

		out[j] = w ? w->val != 0 : 0;
		for (size_t i = 0; i < m->n_values && !mapped; i++)
			if (m->values[i].table == t && m->values[i].reg == reg) {
				mapped = true;
				out[j] =
				    !isnan(m->values[i].sim_fixed) && m->values[i].sim_fixed != 0;
			}
		for (size_t i = 0; i < m->n_actions && !mapped; i++)
			mapped = !m->actions[i].gap && m->actions[i].table == t &&
			         m->actions[i].reg == reg;
		if (!mapped)
			return SIM_EX_ADDRESS;
	}
	return 0;
}

/* Does the write (start, n, w) match action a exactly? */
static bool action_matches(const struct mw_action *a, uint16_t start, int n, const uint16_t *w)
{
	int want = (int)a->n_words + (a->has_param ? 1 : 0);

	if (a->gap || a->table != MW_TABLE_HOLDING || start != a->reg || n != want)
		return false;
	for (size_t i = 0; i < a->n_words; i++)
		if (w[i] != a->words[i])
			return false;
	if (a->has_param) {
		double p = w[a->n_words];

		if (p < a->param_min || p > a->param_max)
			return false;
	}
	return true;
}

/* What an action does to the simulated meter. */
static void action_perform(struct sim_device *d, const struct mw_action *a)
{
	if (a->effect == MW_EFFECT_CLEAR_ENERGY)
		sim_physics_clear_energy(d);
}

/* Is the new content of setting s allowed?  Checked through the codec. */
static bool setting_allowed(struct sim_device *d, const struct mw_setting *s, const uint16_t *w)
{
	char text[128], err[256];
	uint32_t raw;

	if (s->type == MW_T_SCHEDULE) {
		struct mw_period p[64];

		return s->schedule.periods <= 64 && mw_schedule_decode(s, w, p) >= 0;
	}
	if (s->type == MW_T_DATETIME) {
		struct mw_clock c;

		return mw_datetime_decode(s, w, &c) >= 0;
	}
	mw_setting_format(s, mw_setting_decode(s, w), text, sizeof text);
	return mw_setting_parse(s, text, &raw, err, sizeof err) == 0;
}

/* A datetime setting was written: keep the offset from the host clock. */
static void clock_set(struct sim_device *d, const struct mw_setting *s, const uint16_t *w)
{
	struct mw_clock c;
	struct tm tm = {0};

	if (mw_datetime_decode(s, w, &c) < 0)
		return;
	tm.tm_year = c.year - 1900;
	tm.tm_mon = c.month - 1;
	tm.tm_mday = c.day;
	tm.tm_hour = c.hour;
	tm.tm_min = c.minute;
	tm.tm_sec = c.second;
	d->clock_offset_s = difftime(timegm(&tm), time(NULL));
}

int sim_regmap_write(struct sim_device *d, uint16_t start, int n, const uint16_t *w,
                     struct sim_write_result *res)
{
	const struct mw_model *m = d->model;
	uint8_t setting_reg[128] = {0};
	bool action_hit = false;
	uint16_t cur[256];

	memset(res, 0, sizeof *res);
	if (n <= 0 || n > 123)
		return SIM_EX_VALUE;
	for (size_t i = 0; i < m->n_actions; i++) {
		const struct mw_action *a = &m->actions[i];
		int nw = (int)a->n_words + (a->has_param ? 1 : 0);

		if (a->gap || a->table != MW_TABLE_HOLDING || !overlaps(a->reg, nw, start, n))
			continue;
		action_hit = true;
		if (action_matches(a, start, n, w))
			res->action = a;
	}
	if (action_hit) {
		if (!res->action)
			return SIM_EX_VALUE;
		action_perform(d, res->action);
		res->changed = true;
		return 0;
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int nw = mw_setting_words(s);

		if (!stored_setting(s) || s->table != MW_TABLE_HOLDING ||
		    !overlaps(s->reg, nw, start, n))
			continue;
		for (int j = 0; j < nw; j++)
			if (s->reg + j >= start && s->reg + j < start + n)
				setting_reg[s->reg + j - start] = 1;
	}
	for (int j = 0; j < n; j++)
		if (!setting_reg[j])
			return SIM_EX_ADDRESS; /* unmapped or read-only */
	/* Check every touched setting with the new words merged in. */
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int nw = mw_setting_words(s);

		if (!stored_setting(s) || s->table != MW_TABLE_HOLDING ||
		    !overlaps(s->reg, nw, start, n) || nw > 256)
			continue;
		setting_get(d, s, cur);
		for (int j = 0; j < nw; j++)
			if (s->reg + j >= start && s->reg + j < start + n)
				cur[j] = w[s->reg + j - start];
		if (!setting_allowed(d, s, cur))
			return SIM_EX_VALUE;
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int nw = mw_setting_words(s);

		if (!stored_setting(s) || s->table != MW_TABLE_HOLDING ||
		    !overlaps(s->reg, nw, start, n) || nw > 256)
			continue;
		setting_get(d, s, cur);
		for (int j = 0; j < nw; j++)
			if (s->reg + j >= start && s->reg + j < start + n)
				cur[j] = w[s->reg + j - start];
		if (s->type == MW_T_DATETIME)
			clock_set(d, s, cur);
		if (s->line_role != MW_LINE_NONE)
			d->line_pending = true;
	}
	for (int j = 0; j < n; j++) {
		struct sim_word *sw = word_make(d, MW_TABLE_HOLDING, (uint16_t)(start + j));

		if (sw->val != w[j])
			res->changed = true;
		sw->val = w[j];
	}
	return 0;
}

int sim_regmap_write_bits(struct sim_device *d, uint16_t start, int n, const uint8_t *bits,
                          struct sim_write_result *res)
{
	const struct mw_model *m = d->model;

	memset(res, 0, sizeof *res);
	if (n <= 0 || n > 1968)
		return SIM_EX_VALUE;
	for (int j = 0; j < n; j++) {
		uint16_t reg = (uint16_t)(start + j);
		bool ok = sim_regmap_word(d, MW_TABLE_COIL, reg) != NULL;

		for (size_t i = 0; i < m->n_actions && !ok; i++)
			ok = !m->actions[i].gap && m->actions[i].table == MW_TABLE_COIL &&
			     m->actions[i].reg == reg;
		if (!ok)
			return SIM_EX_ADDRESS;
	}
	for (int j = 0; j < n; j++) {
		uint16_t reg = (uint16_t)(start + j);
		struct sim_word *sw = word_make(d, MW_TABLE_COIL, reg);

		for (size_t i = 0; i < m->n_actions; i++) {
			const struct mw_action *a = &m->actions[i];

			if (!a->gap && a->table == MW_TABLE_COIL && a->reg == reg &&
			    a->n_words > 0 && (a->words[0] != 0) == (bits[j] != 0)) {
				res->action = a;
				action_perform(d, a);
			}
		}
		if (sw->val != bits[j])
			res->changed = true;
		sw->val = bits[j] ? 1 : 0;
	}
	return 0;
}
