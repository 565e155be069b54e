/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scanplan.c - what a scan tries and how long it waits.
 *
 * Settings: each model's factory default first (the most shared first),
 * then common settings, then the rest of the union of the device files'
 * bauds x formats (or the user's lists), cheapest sweep first; settings
 * no model supports come last.  Per setting: the presence probe (a short
 * read every candidate model answers, with data or an exception), and the
 * address-0 reads of the models that answer them (their address setting).
 * Timeout: 9t + T_max with a margin (DESIGN.md, timing model); T_max from
 * the device files until devices are found, then measured on them.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "scanpriv.h"
#include "timing.h"
#include "xalloc.h"

/* Settings met most often on site, most likely first. */
static const struct mw_linecfg common_lines[] = {
    {9600, MW_FMT_8N1},  {9600, MW_FMT_8E1},   {19200, MW_FMT_8N1},
    {19200, MW_FMT_8E1}, {4800, MW_FMT_8N1},   {38400, MW_FMT_8N1},
    {2400, MW_FMT_8N1},  {115200, MW_FMT_8N1}, {9600, MW_FMT_8N2},
};

#define DEFAULT_TURNAROUND_MS 20 /* a model that does not say */

static bool has_int(const int *v, size_t n, int x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static bool has_fmt(const enum mw_format *v, size_t n, enum mw_format x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static bool model_supports(const struct mw_model *m, const struct mw_linecfg *lc)
{
	return has_int(m->line.bauds, m->line.n_bauds, lc->baud) &&
	       has_fmt(m->line.formats, m->line.n_formats, lc->format);
}

static bool fc_supported(const struct mw_model *m, int fc)
{
	return m->line.n_fcs == 0 || has_int(m->line.fcs, m->line.n_fcs, fc);
}

static int table_fc(enum mw_table t)
{
	static const int fc[] = {3, 4, 1, 2};

	return fc[t];
}

/* Does the model hold data at r (a value, setting or probe covers it)? */
static bool model_has(const struct mw_model *m, const struct scan_reg *r)
{
	if (!fc_supported(m, table_fc(r->table)))
		return false;
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->table == r->table && v->reg <= r->reg &&
		    r->reg + r->n <= v->reg + mw_value_words(v))
			return true;
	}
	for (size_t i = 0; i < m->n_probes; i++)
		if (m->probes[i].table == r->table && m->probes[i].reg == r->reg &&
		    r->n <= mw_type_words(m->probes[i].type, 0))
			return true;
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *st = &m->settings[i];

		if (!st->gap && !st->write_only && st->table == r->table && st->reg <= r->reg &&
		    r->reg + r->n <= st->reg + mw_setting_words(st))
			return true;
	}
	return false;
}

/* Does the model answer a read of r at all (data, or an exception frame)? */
static bool model_answers(const struct mw_model *m, const struct scan_reg *r)
{
	return model_has(m, r) || m->line.exceptions;
}

/* The read a model is best probed with: its first identification probe. */
static bool model_probe_reg(const struct mw_model *m, struct scan_reg *r)
{
	if (m->n_probes > 0) {
		int n = mw_type_words(m->probes[0].type, 0);

		*r = (struct scan_reg){m->probes[0].table, m->probes[0].reg, n >= 1 ? n : 1};
		return true;
	}
	if (m->n_values > 0) {
		*r = (struct scan_reg){m->values[0].table, m->values[0].reg, 1};
		return true;
	}
	return false;
}

/* Presence probes: fewest reads that every candidate answers (greedy cover). */
static void choose_probes(struct scan_line *L, const struct mw_model *const *mods, int n)
{
	bool *covered = calloc(n > 0 ? n : 1, sizeof *covered);
	int left = covered ? n : 0;

	L->n_probe = 0;
	while (left > 0 && L->n_probe < SCAN_MAX_PROBES) {
		struct scan_reg best = {MW_TABLE_HOLDING, 0, 1};
		int best_cov = 0, best_data = -1;

		for (int i = 0; i < n; i++) {
			struct scan_reg r;
			int cov = 0, data = 0;

			if (!model_probe_reg(mods[i], &r))
				continue;
			for (int j = 0; j < n; j++) {
				if (!covered[j] && model_answers(mods[j], &r))
					cov++;
				data += model_has(mods[j], &r);
			}
			if (cov > best_cov || (cov == best_cov && data > best_data) ||
			    (cov == best_cov && data == best_data && r.n < best.n)) {
				best = r;
				best_cov = cov;
				best_data = data;
			}
		}
		if (best_cov == 0)
			break;
		L->probe[L->n_probe++] = best;
		for (int j = 0; j < n; j++)
			if (!covered[j] && model_answers(mods[j], &best)) {
				covered[j] = true;
				left--;
			}
	}
	if (L->n_probe == 0) /* nothing known: a holding register 0 read */
		L->probe[L->n_probe++] = (struct scan_reg){MW_TABLE_HOLDING, 0, 1};
	free(covered);
}

/* Address-0 reads: each broadcast-answering model's address setting. */
static void choose_bcast(struct scan_line *L)
{
	L->n_bcast = 0;
	L->all_bcast = L->n_cand > 0;
	for (int i = 0; i < L->n_cand; i++) {
		const struct mw_model *m = L->cand[i];
		const struct mw_setting *a = mw_model_line_setting(m, MW_LINE_ADDRESS);
		struct scan_reg r;
		bool dup = false;

		if (!m->line.broadcast_read || !a || a->gap || a->write_only ||
		    (a->table != MW_TABLE_HOLDING && a->table != MW_TABLE_INPUT) ||
		    !fc_supported(m, table_fc(a->table))) {
			L->all_bcast = false;
			continue;
		}
		r = (struct scan_reg){a->table, a->reg, mw_setting_words(a)};
		for (int j = 0; j < L->n_bcast; j++)
			dup |= L->bcast[j].r.table == r.table && L->bcast[j].r.reg == r.reg &&
			       L->bcast[j].r.n == r.n;
		if (!dup && L->n_bcast < SCAN_MAX_PROBES)
			L->bcast[L->n_bcast++] = (struct scan_bcast){r, m, a};
	}
}

/* Add a setting to the plan unless it is there or filtered out (bauds NULL: no filter). */
static void plan_add(struct mw_scan *s, const struct mw_linecfg *lc, const int *bauds, size_t nb,
                     const enum mw_format *fmts, size_t nf)
{
	if (bauds && (!has_int(bauds, nb, lc->baud) || !has_fmt(fmts, nf, lc->format)))
		return;
	for (int i = 0; i < s->n_lines; i++)
		if (s->lines[i].lc.baud == lc->baud && s->lines[i].lc.format == lc->format)
			return;
	if (s->n_lines < MW_SCAN_MAX_LINES)
		s->lines[s->n_lines++].lc = *lc;
}

static int by_cost(const void *a, const void *b)
{
	const struct scan_line *x = a, *y = b;
	double cx = x->n_cand ? 0 : 1e9, cy = y->n_cand ? 0 : 1e9;

	cx += mw_timing_char_ms(x->lc.baud, x->lc.format);
	cy += mw_timing_char_ms(y->lc.baud, y->lc.format);
	return (cx > cy) - (cx < cy);
}

static int count_candidates(const struct mw_scan *s, const struct mw_linecfg *lc)
{
	int n = 0;

	for (size_t m = 0; m < s->cat->n_models; m++)
		n += model_supports(s->cat->models[m], lc);
	return n;
}

/* The settings, in the order described at the top. */
static void plan_order(struct mw_scan *s, const int *bauds, size_t nb, const enum mw_format *fmts,
                       size_t nf)
{
	const struct mw_catalog *cat = s->cat;
	int first_rest;

	if (s->o.lines && s->o.n_lines > 0) {
		for (size_t i = 0; i < s->o.n_lines; i++)
			plan_add(s, &s->o.lines[i], NULL, 0, NULL, 0);
		return;
	}
	/* factory defaults, the most shared first */
	for (size_t pass = cat->n_models; pass > 0; pass--)
		for (size_t m = 0; m < cat->n_models; m++) {
			struct mw_linecfg lc = {cat->models[m]->line.default_baud,
			                        cat->models[m]->line.default_format};
			size_t shared = 0;

			for (size_t k = 0; k < cat->n_models; k++)
				shared += cat->models[k]->line.default_baud == lc.baud &&
				          cat->models[k]->line.default_format == lc.format;
			if (shared == pass)
				plan_add(s, &lc, bauds, nb, fmts, nf);
		}
	for (size_t i = 0; i < sizeof common_lines / sizeof common_lines[0]; i++)
		if (count_candidates(s, &common_lines[i]) > 0 || s->o.bauds || s->o.formats)
			plan_add(s, &common_lines[i], bauds, nb, fmts, nf);
	if (s->o.quick)
		return;
	first_rest = s->n_lines;
	for (size_t b = 0; b < nb; b++)
		for (size_t f = 0; f < nf; f++) {
			struct mw_linecfg lc = {bauds[b], fmts[f]};

			plan_add(s, &lc, bauds, nb, fmts, nf);
		}
	for (int i = first_rest; i < s->n_lines; i++)
		s->lines[i].n_cand = count_candidates(s, &s->lines[i].lc);
	qsort(s->lines + first_rest, s->n_lines - first_rest, sizeof *s->lines, by_cost);
}

/* The union of the device files' bauds and formats. */
static void catalogue_union(const struct mw_catalog *cat, int *bauds, size_t *nb,
                            enum mw_format *fmts, size_t *nf)
{
	*nb = *nf = 0;
	for (size_t m = 0; m < cat->n_models; m++) {
		const struct mw_line *l = &cat->models[m]->line;

		for (size_t i = 0; i < l->n_bauds; i++)
			if (!has_int(bauds, *nb, l->bauds[i]) && *nb < MW_SCAN_MAX_LINES)
				bauds[(*nb)++] = l->bauds[i];
		for (size_t i = 0; i < l->n_formats; i++)
			if (!has_fmt(fmts, *nf, l->formats[i]) && *nf < MW_FMT__COUNT)
				fmts[(*nf)++] = l->formats[i];
	}
}

int mw_scanplan_build(struct mw_scan *s, char *err, size_t errsz)
{
	int ubauds[MW_SCAN_MAX_LINES];
	enum mw_format ufmts[MW_FMT__COUNT];
	size_t nb, nf;
	const int *bauds = ubauds;
	const enum mw_format *fmts = ufmts;

	catalogue_union(s->cat, ubauds, &nb, ufmts, &nf);
	if (s->o.bauds && s->o.n_bauds) {
		bauds = s->o.bauds;
		nb = s->o.n_bauds;
	}
	if (s->o.formats && s->o.n_formats) {
		fmts = s->o.formats;
		nf = s->o.n_formats;
	}
	s->lines = mw_xcalloc(MW_SCAN_MAX_LINES, sizeof *s->lines);
	plan_order(s, bauds, nb, fmts, nf);
	if (s->n_lines == 0) {
		snprintf(err, errsz,
		         _("no line settings to scan: no device file supports the bauds and "
		           "formats given (check --baud and --format)"));
		return -1;
	}
	s->plan = mw_xcalloc((size_t)s->n_lines, sizeof *s->plan);
	for (int i = 0; i < s->n_lines; i++) {
		struct scan_line *L = &s->lines[i];
		const struct mw_model **all = (const struct mw_model **)s->cat->models;

		s->plan[i] = L->lc;
		L->t_s = mw_timing_char_ms(L->lc.baud, L->lc.format) / 1000.0;
		L->cand = mw_xcalloc(s->cat->n_models ? s->cat->n_models : 1, sizeof *L->cand);
		L->n_cand = 0;
		for (size_t m = 0; m < s->cat->n_models; m++)
			if (model_supports(s->cat->models[m], &L->lc))
				L->cand[L->n_cand++] = s->cat->models[m];
		if (L->n_cand > 0)
			choose_probes(L, L->cand, L->n_cand);
		else
			choose_probes(L, all, (int)s->cat->n_models);
		choose_bcast(L);
	}
	return 0;
}

void mw_scanplan_free(struct mw_scan *s)
{
	for (int i = 0; s->lines && i < s->n_lines; i++)
		free(s->lines[i].cand);
	free(s->lines);
	free(s->plan);
	s->lines = NULL;
	s->plan = NULL;
}

double mw_scanplan_tmax(const struct mw_scan *s)
{
	double t = -1;

	for (int i = 0; i < s->n_dev; i++) /* Modbus devices: the DL/T645 pass keeps its own */
		if (s->dev[i].protocol == MW_PROTO_MODBUS && s->dev[i].turnaround_ms > t)
			t = s->dev[i].turnaround_ms;
	return t;
}

/* Turnaround to allow for at line li, ms, margin included. */
static double turnaround_allow(const struct mw_scan *s, int li)
{
	const struct scan_line *L = &s->lines[li];
	double allow = 0;
	int n = L->n_cand;
	const struct mw_model *const *mods = L->cand;

	if (n == 0) {
		mods = (const struct mw_model *const *)s->cat->models;
		n = (int)s->cat->n_models;
	}
	for (int i = 0; i < n; i++) {
		double meas = -1, a;

		for (int d = 0; d < s->n_dev; d++)
			if (s->dev[d].model == mods[i] && s->dev[d].turnaround_ms > meas)
				meas = s->dev[d].turnaround_ms;
		if (meas >= 0)
			a = meas * 1.25 + 2.0;
		else
			a = (mods[i]->line.turnaround_ms > 0 ? mods[i]->line.turnaround_ms
			                                     : DEFAULT_TURNAROUND_MS) *
			        1.5 +
			    2.0;
		if (a > allow)
			allow = a;
	}
	for (int d = 0; d < s->n_dev; d++) /* Modbus devices no file knows */
		if (!s->dev[d].model && s->dev[d].protocol == MW_PROTO_MODBUS &&
		    s->dev[d].turnaround_ms * 1.25 + 2.0 > allow)
			allow = s->dev[d].turnaround_ms * 1.25 + 2.0;
	if (n == 0 && allow == 0)
		allow = DEFAULT_TURNAROUND_MS * 1.5 + 2.0;
	return allow;
}

static int clamp_timeout(const struct mw_scan *s, double ms)
{
	int lo = s->o.timeout_min_ms > 0 ? s->o.timeout_min_ms : 1;
	int hi = s->o.timeout_max_ms > 0 ? s->o.timeout_max_ms : 1000;
	int v = (int)ceil(ms);

	if (hi < lo)
		hi = lo;
	return v < lo ? lo : v > hi ? hi : v;
}

int mw_scanplan_timeout(const struct mw_scan *s, int li)
{
	const struct scan_line *L = &s->lines[li];

	/* the first byte of the slowest device (9t + T_max, with T_max the
	 * turnaround allowance), plus the latency L: the gateway's round trip
	 * over TCP, the USB adapter's (stated or measured) on a serial port */
	return clamp_timeout(
	    s, mw_timing_first_byte_ms(L->lc.baud, L->lc.format, turnaround_allow(s, li)) +
	           mw_bus_latency_ms(s->bus));
}

int mw_scanplan_long_timeout(const struct mw_scan *s, int li)
{
	int tau = mw_scanplan_timeout(s, li);
	int lng = 3 * tau + 20;

	if (lng > 1000)
		lng = tau > 1000 ? tau : 1000;
	return lng;
}
