/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_setting.c - scalar settings: text <-> raw field value (with range
 * and enumeration checks and messages that say what is allowed), and raw
 * field value <-> register words, packed fields by read-modify-write.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "codec_int.h"
#include "i18n.h"
#include "numfmt.h"

void mw_codec_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

int mw_codec_field_width(struct mw_field f)
{
	if (f.lo < 0 || f.hi > 15 || f.lo > f.hi)
		return 0;
	return f.hi - f.lo + 1;
}

static uint32_t field_mask(struct mw_field f)
{
	int w = mw_codec_field_width(f);

	return w > 0 ? ((1u << w) - 1) << f.lo : 0;
}

uint32_t mw_codec_field_get(struct mw_field f, uint16_t word)
{
	return (word & field_mask(f)) >> (f.lo >= 0 ? f.lo : 0);
}

uint16_t mw_codec_field_set(struct mw_field f, uint16_t word, uint32_t v)
{
	uint32_t m = field_mask(f);

	return (uint16_t)((word & ~m) | ((v << (f.lo >= 0 ? f.lo : 0)) & m));
}

static bool type_is_wide(enum mw_type t)
{
	return t == MW_T_U32 || t == MW_T_S32 || t == MW_T_FLOAT32;
}

static bool type_is_signed(enum mw_type t)
{
	return t == MW_T_S16 || t == MW_T_S32;
}

static bool type_is_scalar(enum mw_type t)
{
	return t != MW_T_DATETIME && t != MW_T_SCHEDULE && t != MW_T_STRING;
}

/* Bits the raw field value of `s` has: 32 for 32-bit types, else the field's width. */
static int setting_bits(const struct mw_setting *s)
{
	return type_is_wide(s->type) ? 32 : mw_codec_field_width(s->field);
}

/* Smallest and largest raw integer the field holds. */
static void field_limits(const struct mw_setting *s, double *lo, double *hi)
{
	int b = setting_bits(s);

	if (type_is_signed(s->type)) {
		*lo = -ldexp(1, b - 1);
		*hi = ldexp(1, b - 1) - 1;
	} else {
		*lo = 0;
		*hi = ldexp(1, b) - 1;
	}
}

/* Engineering value of raw field value `raw`. */
static double setting_eng(const struct mw_setting *s, uint32_t raw)
{
	double sc = mw_codec_scale(s->scale);
	int b = setting_bits(s);
	float f;

	switch (s->type) {
	case MW_T_FLOAT32:
		memcpy(&f, &raw, sizeof f);
		return f * sc;
	case MW_T_S16:
	case MW_T_S32:
		if (b > 0 && b <= 32 && (raw >> (b - 1) & 1))
			return ((double)raw - ldexp(1, b)) * sc;
		return raw * sc;
	case MW_T_BOOL:
		return raw != 0;
	default:
		return raw * sc;
	}
}

/*
 * Raw field value for engineering value x, rounded to the field's
 * resolution; *stored is the engineering value that raw stands for.
 * Returns -1 if it does not fit the field.
 */
static int setting_raw(const struct mw_setting *s, double x, uint32_t *raw, double *stored)
{
	double sc = mw_codec_scale(s->scale), r = x / sc, lo, hi;
	float f;

	if (!isfinite(r))
		return -1;
	if (s->type == MW_T_FLOAT32) {
		if (fabs(r) > FLT_MAX)
			return -1;
		f = (float)r;
		memcpy(raw, &f, sizeof *raw);
		*stored = f * sc;
		return 0;
	}
	if (setting_bits(s) <= 0)
		return -1;
	r = round(r);
	field_limits(s, &lo, &hi);
	if (r < lo || r > hi)
		return -1;
	*raw =
	    r < 0 ? (uint32_t)(int64_t)r & (uint32_t)(ldexp(1, setting_bits(s)) - 1) : (uint32_t)r;
	if (s->type == MW_T_BOOL)
		*raw = r != 0;
	*stored = r * sc;
	return 0;
}

/* A number in the setting's resolution. */
static void format_number(const struct mw_setting *s, double x, char *buf, size_t bufsz)
{
	if (x == 0)
		x = 0; /* no "-0" */
	if (s->type == MW_T_FLOAT32)
		mw_numfmt_float32((float)x, buf, bufsz);
	else
		mw_numfmt_fixed(x, mw_numfmt_scale_decimals(mw_codec_scale(s->scale)), buf, bufsz);
}

void mw_setting_format(const struct mw_setting *s, uint32_t raw, char *buf, size_t bufsz)
{
	if (bufsz == 0)
		return;
	for (size_t i = 0; i < s->n_choices; i++)
		if (s->choices[i].raw == raw) {
			snprintf(buf, bufsz, "%s", s->choices[i].name);
			return;
		}
	if (s->n_choices > 0)
		/* L10N: a register holds a value the device file does not name. */
		snprintf(buf, bufsz, _("unknown (%u)"), (unsigned)raw);
	else if (s->type == MW_T_BOOL)
		snprintf(buf, bufsz, "%s", raw ? "on" : "off");
	else if (type_is_scalar(s->type))
		format_number(s, setting_eng(s, raw), buf, bufsz);
	else
		buf[0] = '\0';
}

/* "A, B or C" from the choices, into buf. */
static void choice_list(const struct mw_setting *s, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < s->n_choices && n < bufsz; i++) {
		const char *sep = i == 0 ? "" : i + 1 == s->n_choices ? _(" or ") : ", ";

		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", sep, s->choices[i].name);
	}
}

/* "a number from MIN to MAX UNIT": the range, or what the field holds when !use_range. */
static void range_text(const struct mw_setting *s, bool use_range, char *buf, size_t bufsz)
{
	char a[48], b[48];
	double lo, hi, sc = mw_codec_scale(s->scale);
	const char *unit = s->unit && s->unit[0] ? s->unit : NULL;

	if (s->has_range && use_range) {
		lo = s->min;
		hi = s->max;
	} else if (s->type == MW_T_FLOAT32) {
		snprintf(buf, bufsz, "%s", _("a number"));
		return;
	} else {
		field_limits(s, &lo, &hi);
		lo *= sc;
		hi *= sc;
		if (sc < 0) {
			double t = lo;

			lo = hi;
			hi = t;
		}
	}
	format_number(s, lo, a, sizeof a);
	format_number(s, hi, b, sizeof b);
	/* L10N: "a number from 1 to 247" or "a number from 0 to 6553.5 A". */
	snprintf(buf, bufsz, _("a number from %s to %s%s%s"), a, b, unit ? " " : "",
	         unit ? unit : "");
}

/* Strict decimal number: [+-]digits[.digits].  No exponent: nobody types
 * a meter setting as 1e0, and a value read as one is not what was meant. */
static bool is_decimal(const char *p, const char **end)
{
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits = true;
	if (!digits)
		return false;
	*end = p;
	return true;
}

/* Parse a number ('.' decimal point whatever the locale), allowing the
 * setting's unit after it ("260 V"). */
static bool parse_number(const struct mw_setting *s, const char *t, double *x)
{
	const char *end;

	if (!is_decimal(t, &end))
		return false;
	*x = mw_numfmt_strtod(t, NULL);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end && !(s->unit && s->unit[0] && strcasecmp(end, s->unit) == 0))
		return false;
	return isfinite(*x);
}

/* Parse on/off and friends; -1 if not a boolean word. */
static int parse_bool(const char *t)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(t, yes[i]) == 0)
			return 1;
		if (strcasecmp(t, no[i]) == 0)
			return 0;
	}
	return -1;
}

int mw_setting_parse(const struct mw_setting *s, const char *text, uint32_t *raw, char *err,
                     size_t errsz)
{
	char t[128], allowed[512], shown[160];
	size_t n;
	double x, stored, tol;

	if (s->gap) {
		mw_codec_err(err, errsz, _("%s: cannot be set: %s"), s->name, s->gap);
		return -1;
	}
	if (!type_is_scalar(s->type)) {
		mw_codec_err(err, errsz,
		             _("%s: a clock or a schedule is not set as a single value"), s->name);
		return -1;
	}
	while (text && isspace((unsigned char)*text))
		text++;
	n = text ? strlen(text) : 0;
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n >= sizeof t) {
		mw_codec_err(err, errsz,
		             _("%s: the value is %zu characters long; no setting takes that"),
		             s->name, n);
		return -1;
	}
	memcpy(t, text ? text : "", n);
	t[n] = '\0';
	/* A password's value is never echoed. */
	snprintf(shown, sizeof shown, "%s", s->secret ? _("the value") : t);
	if (s->n_choices > 0 || s->type == MW_T_BOOL) {
		int b;

		for (size_t i = 0; i < s->n_choices; i++)
			if (strcasecmp(t, s->choices[i].name) == 0) {
				*raw = s->choices[i].raw;
				return 0;
			}
		if (s->n_choices == 0 && (b = parse_bool(t)) >= 0) {
			*raw = (uint32_t)b;
			return 0;
		}
		if (s->n_choices > 0)
			choice_list(s, allowed, sizeof allowed);
		else
			snprintf(allowed, sizeof allowed, "%s", _("on or off"));
		if (!t[0])
			mw_codec_err(err, errsz, _("%s: no value given; choose %s"), s->name,
			             allowed);
		else
			/* L10N: "baud: 38400 is not supported; choose 4800, 9600 or 19200". */
			mw_codec_err(err, errsz, _("%s: %s is not supported; choose %s"), s->name,
			             shown, allowed);
		return -1;
	}
	range_text(s, true, allowed, sizeof allowed);
	if (!t[0]) {
		mw_codec_err(err, errsz, _("%s: no value given; enter %s"), s->name, allowed);
		return -1;
	}
	if (!parse_number(s, t, &x) &&
	    mw_numfmt_comma_message(s->name, t, s->secret ? shown : NULL, err, errsz))
		return -1;
	if (!parse_number(s, t, &x)) {
		mw_codec_err(err, errsz, _("%s: \"%s\" is not a number; enter %s"), s->name, shown,
		             allowed);
		return -1;
	}
	if (setting_raw(s, x, raw, &stored) < 0) {
		if (s->has_range && (x < s->min || x > s->max))
			mw_codec_err(err, errsz, _("%s: %s is out of range; enter %s"), s->name,
			             shown, allowed);
		else {
			range_text(s, false, allowed, sizeof allowed);
			mw_codec_err(err, errsz, _("%s: %s does not fit the register; enter %s"),
			             s->name, shown, allowed);
		}
		return -1;
	}
	if (s->type != MW_T_FLOAT32 && s->type != MW_T_BOOL &&
	    fabs(stored - x) > fabs(mw_codec_scale(s->scale)) * 1e-6) {
		/* 3.5 for an address, 260.4 for a limit in whole volts: never
		 * rounded into something else and written. */
		char step[64];

		snprintf(step, sizeof step, "%g", fabs(mw_codec_scale(s->scale)));
		mw_codec_err(err, errsz,
		             _("%s: %s is not a multiple of %s (the register's step); "
		               "enter %s"),
		             s->name, shown, step, allowed);
		return -1;
	}
	tol = 1e-9 * fmax(1, fmax(fabs(s->min), fabs(s->max)));
	if (s->has_range && (stored < s->min - tol || stored > s->max + tol)) {
		mw_codec_err(err, errsz, _("%s: %s is out of range; enter %s"), s->name, shown,
		             allowed);
		return -1;
	}
	return 0;
}

bool mw_setting_matches(const struct mw_setting *s, const char *text, uint32_t raw)
{
	double sc = mw_codec_scale(s->scale), x, got;
	char *end;

	if (!text || s->n_choices > 0 || s->type == MW_T_BOOL || !type_is_scalar(s->type))
		return true;
	while (isspace((unsigned char)*text))
		text++;
	x = mw_numfmt_strtod(text, &end);
	if (end == text || !isfinite(x))
		return true;
	got = setting_eng(s, raw);
	if (s->type == MW_T_FLOAT32)
		return (float)(x / sc) == (float)(got / sc);
	return fabs(got - x) <= fabs(sc) / 2 * (1 + 1e-9);
}

int mw_setting_encode(const struct mw_setting *s, uint32_t raw, uint16_t *w)
{
	int b = setting_bits(s);

	if (s->gap || !type_is_scalar(s->type) || b <= 0 || (b < 32 && raw >> b)) {
		errno = EINVAL;
		return -1;
	}
	if (type_is_wide(s->type)) {
		mw_codec_put32(s->word_order, s->byte_order, raw, w);
		return 0;
	}
	w[0] = mw_codec_put16(
	    s->byte_order, mw_codec_field_set(s->field, mw_codec_get16(s->byte_order, w[0]), raw));
	return 0;
}

uint32_t mw_setting_decode(const struct mw_setting *s, const uint16_t *w)
{
	if (!type_is_scalar(s->type))
		return 0;
	if (type_is_wide(s->type))
		return mw_codec_get32(s->word_order, s->byte_order, w);
	return mw_codec_field_get(s->field, mw_codec_get16(s->byte_order, w[0]));
}
