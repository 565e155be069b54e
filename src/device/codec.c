/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec.c - raw registers <-> numbers: word and byte order, 16/32-bit
 * integers, IEEE 754 float32, strings, scale and the sign taken from a
 * flag bit of another value.  Settings live in codec_setting.c, clocks and
 * tariff schedules in codec_time.c.  Pure functions, no I/O.
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "codec.h"
#include "codec_int.h"

uint16_t mw_codec_get16(enum mw_byte_order bo, uint16_t w)
{
	return bo == MW_BYTES_LOW_FIRST ? (uint16_t)((w >> 8) | (w << 8)) : w;
}

uint16_t mw_codec_put16(enum mw_byte_order bo, uint16_t v)
{
	/* Swapping is its own inverse. */
	return mw_codec_get16(bo, v);
}

uint32_t mw_codec_get32(enum mw_word_order wo, enum mw_byte_order bo, const uint16_t *w)
{
	uint16_t a = mw_codec_get16(bo, w[0]), b = mw_codec_get16(bo, w[1]);

	return wo == MW_WORDS_LOW_FIRST ? (uint32_t)b << 16 | a : (uint32_t)a << 16 | b;
}

void mw_codec_put32(enum mw_word_order wo, enum mw_byte_order bo, uint32_t v, uint16_t *w)
{
	uint16_t hi = mw_codec_put16(bo, (uint16_t)(v >> 16)), lo = mw_codec_put16(bo, (uint16_t)v);

	w[0] = wo == MW_WORDS_LOW_FIRST ? lo : hi;
	w[1] = wo == MW_WORDS_LOW_FIRST ? hi : lo;
}

double mw_codec_scale(double scale)
{
	/* A scale of 0 is an unset field (hand-built models): it means 1. */
	return scale == 0 ? 1.0 : scale;
}

int mw_type_words(enum mw_type t, int length)
{
	switch (t) {
	case MW_T_U16:
	case MW_T_S16:
	case MW_T_BITS:
	case MW_T_BOOL:
		return 1;
	case MW_T_U32:
	case MW_T_S32:
	case MW_T_FLOAT32:
		return 2;
	case MW_T_STRING:
		return length > 0 ? (length + 1) / 2 : 0;
	case MW_T_DATETIME:
	case MW_T_SCHEDULE:
		break;
	}
	return 0; /* sized by the setting, see mw_setting_words() */
}

int mw_value_words(const struct mw_value *v)
{
	return mw_type_words(v->type, v->length);
}

int mw_setting_words(const struct mw_setting *s)
{
	if (s->type == MW_T_DATETIME) {
		int n = s->datetime.n_fields > 0
		            ? s->datetime.n_fields
		            : (int)strnlen(s->datetime.order, sizeof s->datetime.order);

		return (n + 1) / 2;
	}
	if (s->type == MW_T_SCHEDULE)
		return s->schedule.periods * s->schedule.words_per_period;
	return mw_type_words(s->type, 0);
}

double mw_decode_raw(enum mw_type t, enum mw_word_order wo, enum mw_byte_order bo,
                     const uint16_t *w)
{
	uint32_t u;
	float f;

	switch (t) {
	case MW_T_U16:
	case MW_T_BITS:
	case MW_T_BOOL:
		return mw_codec_get16(bo, w[0]);
	case MW_T_S16:
		return (int16_t)mw_codec_get16(bo, w[0]);
	case MW_T_U32:
		return mw_codec_get32(wo, bo, w);
	case MW_T_S32:
		return (int32_t)mw_codec_get32(wo, bo, w);
	case MW_T_FLOAT32:
		u = mw_codec_get32(wo, bo, w);
		memcpy(&f, &u, sizeof f);
		return f;
	case MW_T_STRING:
	case MW_T_DATETIME:
	case MW_T_SCHEDULE:
		break;
	}
	return NAN;
}

int mw_encode_raw(enum mw_type t, enum mw_word_order wo, enum mw_byte_order bo, double raw,
                  uint16_t *w)
{
	double r;
	float f;
	uint32_t u;

	if (!isfinite(raw))
		return -1;
	r = round(raw);
	switch (t) {
	case MW_T_U16:
	case MW_T_BITS:
	case MW_T_BOOL:
		if (r < 0 || r > UINT16_MAX)
			return -1;
		w[0] = mw_codec_put16(bo, (uint16_t)r);
		return 0;
	case MW_T_S16:
		if (r < INT16_MIN || r > INT16_MAX)
			return -1;
		w[0] = mw_codec_put16(bo, (uint16_t)(int16_t)r);
		return 0;
	case MW_T_U32:
		if (r < 0 || r > UINT32_MAX)
			return -1;
		mw_codec_put32(wo, bo, (uint32_t)r, w);
		return 0;
	case MW_T_S32:
		if (r < INT32_MIN || r > INT32_MAX)
			return -1;
		mw_codec_put32(wo, bo, (uint32_t)(int32_t)r, w);
		return 0;
	case MW_T_FLOAT32:
		if (fabs(raw) > FLT_MAX)
			return -1;
		f = (float)raw;
		memcpy(&u, &f, sizeof u);
		mw_codec_put32(wo, bo, u, w);
		return 0;
	case MW_T_STRING:
	case MW_T_DATETIME:
	case MW_T_SCHEDULE:
		break;
	}
	return -1;
}

/* Text of a string value: bytes in wire order, printable ASCII, trailing blanks cut. */
static void decode_string(const struct mw_value *v, const uint16_t *w, char *text, size_t textsz)
{
	size_t n = 0;

	for (int i = 0; i < v->length && n + 1 < textsz; i++) {
		uint16_t word = mw_codec_get16(v->byte_order, w[i / 2]);
		unsigned char c = (unsigned char)(i % 2 == 0 ? word >> 8 : word & 0xff);

		if (c == 0)
			break;
		text[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	while (n > 0 && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
}

int mw_decode_value(const struct mw_value *v, const uint16_t *w, long flags_word, double *out,
                    char *text, size_t textsz)
{
	double x;

	if (v->type == MW_T_STRING) {
		if (!text || textsz == 0 || v->length <= 0) {
			errno = EINVAL;
			return -1;
		}
		decode_string(v, w, text, textsz);
		if (out)
			*out = NAN;
		return 0;
	}
	x = mw_decode_raw(v->type, v->word_order, v->byte_order, w);
	if (isnan(x) && v->type != MW_T_FLOAT32) {
		errno = EINVAL;
		return -1;
	}
	if (v->type == MW_T_BOOL)
		x = x != 0;
	else if (v->type != MW_T_BITS)
		x *= mw_codec_scale(v->scale);
	if (v->sign.value && flags_word >= 0 && v->sign.bit >= 0 && v->sign.bit < 16 &&
	    (flags_word >> v->sign.bit & 1))
		x = -x;
	if (text && textsz > 0)
		text[0] = '\0';
	if (out)
		*out = x;
	return 0;
}

/* Index of the value `v` takes its sign from, or -1 (loader index, else by name). */
int mw_codec_sign_index(const struct mw_model *m, const struct mw_value *v)
{
	int i = v->sign.index;

	if (!v->sign.value)
		return -1;
	if (i >= 0 && (size_t)i < m->n_values && m->values[i].name &&
	    strcmp(m->values[i].name, v->sign.value) == 0)
		return i;
	for (size_t j = 0; j < m->n_values; j++)
		if (m->values[j].name && strcmp(m->values[j].name, v->sign.value) == 0)
			return (int)j;
	return -1;
}

void mw_decode_all(const struct mw_model *m, mw_reg_getter get, void *ctx, double *out)
{
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		int n = mw_value_words(v), si = mw_codec_sign_index(m, v);
		const uint16_t *w = n > 0 ? get(ctx, v->table, v->reg, n) : NULL;
		long flags = -1;
		char text[2];

		out[i] = NAN;
		if (!w || v->type == MW_T_STRING)
			continue;
		if (si >= 0) {
			const struct mw_value *f = &m->values[si];
			const uint16_t *fw = get(ctx, f->table, f->reg, 1);

			if (fw)
				flags = mw_codec_get16(f->byte_order, fw[0]);
		}
		if (mw_decode_value(v, w, flags, &out[i], text, sizeof text) < 0)
			out[i] = NAN;
	}
}
