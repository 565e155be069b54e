/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_read.c - reading a meter: every value (or a chosen few) in the
 * fewest requests the planner allows, decoded as the device file says,
 * with signs taken from flag words.  Also formatting of one value and the
 * identity (serial, firmware) the journal records.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "engine.h"
#include "i18n.h"
#include "numfmt.h"
#include "plan.h"
#include "xalloc.h"

int mw_reading_init(struct mw_reading *r, const struct mw_model *m, int addr)
{
	memset(r, 0, sizeof *r);
	r->model = m;
	r->addr = addr;
	r->n_values = m->n_values;
	r->values = mw_xcalloc(m->n_values + 1, sizeof *r->values);
	r->texts = mw_xcalloc(m->n_values + 1, sizeof *r->texts);
	r->raw_flags = mw_xcalloc(m->n_values + 1, sizeof *r->raw_flags);
	r->have = mw_xcalloc(m->n_values + 1, sizeof *r->have);
	for (size_t i = 0; i < r->n_values; i++) {
		r->values[i] = NAN;
		r->raw_flags[i] = -1;
	}
	return 0;
}

void mw_reading_free(struct mw_reading *r)
{
	if (r->texts)
		for (size_t i = 0; i < r->n_values; i++)
			free(r->texts[i]);
	free(r->values);
	free(r->texts);
	free(r->raw_flags);
	free(r->have);
	memset(r, 0, sizeof *r);
}

/* Forget earlier values. */
static void reading_clear(struct mw_reading *r)
{
	for (size_t i = 0; i < r->n_values; i++) {
		r->values[i] = NAN;
		r->raw_flags[i] = -1;
		r->have[i] = false;
		free(r->texts[i]);
		r->texts[i] = NULL;
	}
	r->n_requests = r->n_failed = 0;
	r->elapsed_ms = 0;
}

/* The registers read: one block per answered request. */
struct image {
	const struct mw_request *req;
	uint16_t *words;
	bool ok;
};

struct images {
	struct image *img;
	size_t n;
};

/* mw_reg_getter over the answered blocks. */
static const uint16_t *image_get(void *ctx, enum mw_table t, uint16_t reg, int n)
{
	const struct images *im = ctx;

	for (size_t k = 0; k < im->n; k++) {
		const struct image *g = &im->img[k];

		if (g->ok && g->req->table == t && reg >= g->req->start &&
		    reg + n <= g->req->start + g->req->count)
			return g->words + (reg - g->req->start);
	}
	return NULL;
}

/* Index of the bits value v takes its sign from, or -1. */
static int sign_index(const struct mw_model *m, const struct mw_value *v)
{
	if (!v->sign.value)
		return -1;
	if (v->sign.index >= 0 && (size_t)v->sign.index < m->n_values &&
	    strcmp(m->values[v->sign.index].name, v->sign.value) == 0)
		return v->sign.index;
	for (size_t i = 0; i < m->n_values; i++)
		if (strcmp(m->values[i].name, v->sign.value) == 0)
			return (int)i;
	return -1;
}

/* Decode value i from the image; bits values first so signs can apply. */
static void decode_one(const struct mw_model *m, struct images *im, struct mw_reading *r, size_t i)
{
	const struct mw_value *v = &m->values[i];
	const uint16_t *w =
	    image_get(im, v->table, v->reg, mw_value_words(v) ? mw_value_words(v) : 1);
	char text[256];
	double x;
	long flags = -1;
	int si;

	if (!w)
		return;
	if (v->type == MW_T_BITS) {
		r->raw_flags[i] = w[0];
		if (v->byte_order == MW_BYTES_LOW_FIRST)
			r->raw_flags[i] = (uint16_t)((w[0] >> 8) | (w[0] << 8));
	}
	si = sign_index(m, v);
	if (si >= 0) {
		const struct mw_value *sv = &m->values[si];
		const uint16_t *sw = image_get(im, sv->table, sv->reg, 1);

		if (sw)
			flags = sv->byte_order == MW_BYTES_LOW_FIRST
			            ? (uint16_t)((sw[0] >> 8) | (sw[0] << 8))
			            : sw[0];
	}
	text[0] = '\0';
	if (mw_decode_value(v, w, flags, &x, text, sizeof text) < 0)
		return;
	r->values[i] = x;
	r->have[i] = true;
	if (v->type == MW_T_STRING) {
		free(r->texts[i]);
		r->texts[i] = strdup(text);
	}
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int mw_read_values(struct mw_bus *b, int addr, const struct mw_model *m, const size_t *want,
                   size_t n_want, struct mw_reading *r, char *err, size_t errsz)
{
	struct mw_plan plan = {0};
	struct images im = {0};
	double t0 = mono_ms();
	int rc = 0;

	if (r->model != m || r->n_values != m->n_values) {
		snprintf(err, errsz, "%s", _("internal error: reading not set up for this model"));
		return -1;
	}
	reading_clear(r);
	r->addr = addr;
	r->line = *mw_bus_line(b);
	if (mw_plan_build(m, want, n_want, &plan) < 0)
		abort();
	im.img = mw_xcalloc(plan.n_req + 1, sizeof *im.img);
	im.n = plan.n_req;
	for (size_t k = 0; k < plan.n_req; k++) {
		char e[256];

		im.img[k].req = &plan.req[k];
		im.img[k].words = mw_xcalloc(plan.req[k].count + 1u, sizeof(uint16_t));
		r->n_requests++;
		if (mw_bus_read(b, addr, plan.req[k].table, plan.req[k].start, plan.req[k].count,
		                im.img[k].words, e, sizeof e) == 0) {
			im.img[k].ok = true;
			continue;
		}
		r->n_failed++;
		if (rc == 0)
			snprintf(err, errsz, "%s", e);
		rc = -1;
		/* A dead port or a silent meter will not answer the next block either. */
		if (mw_bus_last_error(b) == MW_BUS_IO ||
		    (mw_bus_last_error(b) == MW_BUS_TIMEOUT && r->n_failed == r->n_requests))
			break;
	}
	if (want) {
		for (size_t k = 0; k < n_want; k++)
			if (want[k] < m->n_values && m->values[want[k]].type == MW_T_BITS)
				decode_one(m, &im, r, want[k]);
		for (size_t k = 0; k < n_want; k++)
			if (want[k] < m->n_values && m->values[want[k]].type != MW_T_BITS)
				decode_one(m, &im, r, want[k]);
	} else {
		for (size_t i = 0; i < m->n_values; i++)
			decode_one(m, &im, r, i);
	}
	for (size_t k = 0; k < im.n; k++)
		free(im.img[k].words);
	free(im.img);
	mw_plan_free(&plan);
	clock_gettime(CLOCK_REALTIME, &r->when);
	r->elapsed_ms = mono_ms() - t0;
	return rc;
}

int mw_read_all(struct mw_bus *b, int addr, const struct mw_model *m, struct mw_reading *r,
                char *err, size_t errsz)
{
	return mw_read_values(b, addr, m, NULL, 0, r, err, errsz);
}

double mw_reading_get(const struct mw_reading *r, const char *name)
{
	for (size_t i = 0; i < r->n_values; i++)
		if (strcmp(r->model->values[i].name, name) == 0)
			return r->values[i];
	return NAN;
}

/*
 * The one formatter of a value: every front end (read table, --csv,
 * --json, the TUI) prints this text, so a value reads the same
 * everywhere; only the decimal separator differs for people.
 */
void mw_value_format(const struct mw_value *v, double x, long raw_flags, const char *text,
                     enum mw_numfmt_style style, char *buf, size_t bufsz)
{
	double sc = v->scale == 0 ? 1 : v->scale;

	if (!bufsz)
		return;
	buf[0] = '\0';
	if (v->type == MW_T_STRING) {
		snprintf(buf, bufsz, "%s", text ? text : "");
		return;
	}
	if (v->type == MW_T_BITS) {
		size_t len = 0;

		if (raw_flags < 0)
			return;
		for (size_t f = 0; f < v->n_flags && len < bufsz; f++)
			if ((raw_flags >> v->flags[f].bit) & 1)
				len += (size_t)snprintf(buf + len, bufsz - len, "%s%s",
				                        len ? "," : "", v->flags[f].name);
		if (len == 0)
			snprintf(buf, bufsz, "%s", "-");
		return;
	}
	if (v->group && strcmp(v->group, "identity") == 0 && v->scale == 1 && v->type == MW_T_U16 &&
	    isfinite(x))
		snprintf(buf, bufsz, "0x%04X", (unsigned)x);
	else if (v->type == MW_T_FLOAT32)
		mw_numfmt_float32((float)x, buf, bufsz);
	else
		mw_numfmt_fixed(x, mw_numfmt_scale_decimals(sc), buf, bufsz);
	if (style == MW_NUMFMT_PEOPLE)
		mw_numfmt_people(buf, bufsz);
}

void mw_reading_format_as(const struct mw_reading *r, size_t i, enum mw_numfmt_style style,
                          char *buf, size_t bufsz)
{
	if (!bufsz)
		return;
	buf[0] = '\0';
	if (i >= r->n_values || !r->have[i])
		return;
	mw_value_format(&r->model->values[i], r->values[i], r->raw_flags[i], r->texts[i], style,
	                buf, bufsz);
}

void mw_reading_format(const struct mw_reading *r, size_t i, char *buf, size_t bufsz)
{
	mw_reading_format_as(r, i, MW_NUMFMT_PEOPLE, buf, bufsz);
}

void mw_reading_identity(const struct mw_reading *r, char *serial, size_t serialsz, char *firmware,
                         size_t firmwaresz)
{
	serial[0] = firmware[0] = '\0';
	for (size_t i = 0; i < r->n_values; i++) {
		const struct mw_value *v = &r->model->values[i];
		char t[96];

		if (!v->group || strcmp(v->group, "identity") != 0)
			continue;
		mw_reading_format_as(r, i, MW_NUMFMT_MACHINE, t, sizeof t);
		if (!*t)
			continue;
		if (strstr(v->name, "serial") && !*serial)
			snprintf(serial, serialsz, "%s", t);
		else if ((strstr(v->name, "software") || strstr(v->name, "firmware")) && !*firmware)
			snprintf(firmware, firmwaresz, "%s", t);
	}
}

void mw_read_identity(struct mw_bus *b, int addr, const struct mw_model *m, char *serial,
                      size_t serialsz, char *firmware, size_t firmwaresz)
{
	size_t want[32], n = 0;
	struct mw_reading r;
	char e[256];

	serial[0] = firmware[0] = '\0';
	for (size_t i = 0; i < m->n_values && n < 32; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->group && strcmp(v->group, "identity") == 0 &&
		    (strstr(v->name, "serial") || strstr(v->name, "software") ||
		     strstr(v->name, "firmware")))
			want[n++] = i;
	}
	if (n == 0 || mw_reading_init(&r, m, addr) < 0)
		return;
	(void)mw_read_values(b, addr, m, want, n, &r, e, sizeof e);
	mw_reading_identity(&r, serial, serialsz, firmware, firmwaresz);
	mw_reading_free(&r);
}
