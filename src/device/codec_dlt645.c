/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_dlt645.c - DL/T645 data items of a device file: values decoded
 * from a reply's data, settings encoded from and decoded to their text
 * form.  The wire formats are in dlt645.c; this file applies a model's
 * formats, ranges, enumerations and tables to them.
 *
 * Texts: numbers as "500.00" (the DI's decimals), dates "2026-11-27",
 * times "14:05:09", both "2026-11-27 14:05:09" (or "now"), daily periods
 * "06:00=1,22:00=2" (start and tariff), time zones "01-01=1,07-01=2"
 * (start day and daily table), addresses "000000000001".  A table is
 * sent with all its entries: the unused ones repeat the last, as meters
 * expect, and decoding drops that repetition again.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec_dlt645.h"
#include "dlt645.h"
#include "i18n.h"
#include "numfmt.h"

int mw_dlt_len(const struct mw_dlt *x)
{
	int n;

	switch (x->type) {
	case MW_DLT_BCD:
		return x->digits / 2;
	case MW_DLT_BITS:
	case MW_DLT_ASCII:
		return x->length;
	case MW_DLT_TIME:
		return dlt645_time_len(x->format);
	case MW_DLT_TABLE:
		n = dlt645_time_len(x->format);
		return n > 0 ? n * x->count : -1;
	case MW_DLT_ADDRESS:
		return 6;
	}
	return -1;
}

/* Does the time format hold the pair `p` ("YY", "hh", ...)? */
static bool has(const char *fmt, const char *p)
{
	for (size_t i = 0; fmt[i] && fmt[i + 1]; i += 2)
		if (fmt[i] == p[0] && fmt[i + 1] == p[1])
			return true;
	return false;
}

/* One time item as text (without NN): "2026-11-27 14:05:09", "06:00", "01-01". */
static void time_text(const char *fmt, const struct dlt645_time *t, char *out, size_t sz)
{
	size_t o = 0;

	out[0] = '\0';
	if (has(fmt, "YY"))
		o += (size_t)snprintf(out + o, sz - o, "%04d-%02d-%02d", t->year, t->month, t->day);
	else if (has(fmt, "MM") && has(fmt, "DD"))
		o += (size_t)snprintf(out + o, sz - o, "%02d-%02d", t->month, t->day);
	if (o < sz && (has(fmt, "hh") || has(fmt, "mm"))) {
		o +=
		    (size_t)snprintf(out + o, sz - o, "%s%02d:%02d", o ? " " : "", t->hour, t->min);
		if (o < sz && has(fmt, "ss"))
			snprintf(out + o, sz - o, ":%02d", t->sec);
	}
}

/* Day of the week, 0 = Sunday (Sakamoto). */
static int weekday(int y, int m, int d)
{
	static const int k[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

	y -= m < 3;
	return (y + y / 4 - y / 100 + y / 400 + k[m - 1] + d) % 7;
}

static int days_in(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : dm[m - 1];
}

/* Parse one time item (no NN) per fmt; -1 if it does not read. */
static int time_parse(const char *fmt, const char *text, struct dlt645_time *t)
{
	bool date = has(fmt, "MM") || has(fmt, "DD"), year = has(fmt, "YY");
	bool clock = has(fmt, "hh") || has(fmt, "mm"), sec = has(fmt, "ss");
	const char *p = text;
	int n = 0;

	memset(t, 0, sizeof *t);
	if (strcmp(text, "now") == 0 && year) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		*t = (struct dlt645_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
		                          tm.tm_hour,        tm.tm_min,     tm.tm_sec,  0};
		return 0;
	}
	if (date) {
		if (year ? sscanf(p, "%4d-%2d-%2d%n", &t->year, &t->month, &t->day, &n) != 3
		         : sscanf(p, "%2d-%2d%n", &t->month, &t->day, &n) != 2)
			return -1;
		if (!year)
			t->year = 2000; /* a leap year: 02-29 is a valid zone start */
		if (t->month < 1 || t->month > 12 || t->day < 1 ||
		    t->day > days_in(t->year, t->month) ||
		    (year && (t->year < 2000 || t->year > 2099)))
			return -1;
		t->wday = weekday(t->year, t->month, t->day);
		p += n;
		if (clock) {
			if (*p != ' ')
				return -1;
			p++;
		}
	}
	if (clock) {
		if (sec ? sscanf(p, "%2d:%2d:%2d%n", &t->hour, &t->min, &t->sec, &n) != 3
		        : sscanf(p, "%2d:%2d%n", &t->hour, &t->min, &n) != 2)
			return -1;
		p += n;
	}
	return *p ? -1 : 0;
}

/* Item text of a table format: time_text plus "=N". */
static const char *example(const struct mw_dlt *x)
{
	bool tbl = x->type == MW_DLT_TABLE;

	if (has(x->format, "YY") && has(x->format, "hh"))
		return "2026-11-27 14:05:00";
	if (has(x->format, "YY"))
		return "2026-11-27";
	if (has(x->format, "MM"))
		return tbl ? "01-01=1,07-01=2" : "01-01";
	return tbl ? "06:00=1,22:00=2" : has(x->format, "ss") ? "14:05:00" : "14:05";
}

int mw_dlt_decode_value(const struct mw_value *v, const uint8_t *in, size_t n, double *out,
                        char *text, size_t textsz)
{
	const struct mw_dlt *x = &v->dlt;
	int len = mw_dlt_len(x);
	struct dlt645_time t;

	*out = NAN;
	if (textsz)
		text[0] = '\0';
	if (len < 0 || n < (size_t)len) {
		snprintf(text, textsz, _("%s: %zu data bytes, %d expected"), v->name, n, len);
		return -1;
	}
	switch (x->type) {
	case MW_DLT_BCD:
		if (dlt645_bcd_decode(in, x->digits, x->decimals, x->is_signed, out) < 0)
			break;
		return 0;
	case MW_DLT_BITS:
		*out = 0;
		for (int i = len - 1; i >= 0; i--)
			*out = *out * 256 + in[i];
		return 0;
	case MW_DLT_TIME:
		if (dlt645_time_decode(x->format, in, &t) < 0)
			break;
		time_text(x->format, &t, text, textsz);
		return 0;
	case MW_DLT_ADDRESS: {
		struct dlt645_addr a;

		memcpy(a.a, in, 6);
		for (int i = 0; i < 6; i++)
			if (dlt645_bcd_value(in[i]) < 0)
				goto bad;
		if (textsz >= 13)
			dlt645_addr_format(&a, text);
		return 0;
	}
	case MW_DLT_ASCII:
		for (int i = 0; i < len && (size_t)i + 1 < textsz; i++)
			text[i] = (char)in[len - 1 - i];
		if (textsz)
			text[(size_t)len < textsz ? (size_t)len : textsz - 1] = '\0';
		return 0;
	case MW_DLT_TABLE: {
		struct mw_setting s = {.name = v->name, .dlt = *x};

		return mw_dlt_setting_decode(&s, in, n, text, textsz);
	}
	}
bad:
	snprintf(text, textsz, _("%s: data are not BCD in the format %s"), v->name, x->format);
	*out = NAN;
	return -1;
}

/* Encode a table "a=N,b=N" of up to x->count entries, padding with the last. */
static int table_encode(const struct mw_setting *s, const char *text, uint8_t *out, char *err,
                        size_t errsz)
{
	const struct mw_dlt *x = &s->dlt;
	int isz = dlt645_time_len(x->format), n = 0, maxnum = 99;
	char buf[1024], *save = NULL, *item;
	char ifmt[24];
	struct dlt645_time prev = {0};
	bool periods = has(x->format, "hh");

	/* The format without its NN pair, for the time part of each item. */
	ifmt[0] = '\0';
	for (size_t i = 0; x->format[i] && x->format[i + 1]; i += 2)
		if (!(x->format[i] == 'N' && x->format[i + 1] == 'N'))
			strncat(ifmt, x->format + i, 2);
	if (periods && s->schedule.tariffs > 0)
		maxnum = s->schedule.tariffs;
	snprintf(buf, sizeof buf, "%s", text);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		struct dlt645_time t;
		char *eq = strchr(item, '=');
		char *end;
		long num;

		while (*item == ' ')
			item++;
		if (!eq)
			goto bad;
		*eq = '\0';
		num = strtol(eq + 1, &end, 10);
		if (end == eq + 1 || *end || time_parse(ifmt, item, &t) < 0)
			goto bad;
		if (num < 1 || num > maxnum) {
			snprintf(err, errsz, _("%s: number %ld of entry %s is outside 1..%d"),
			         s->name, num, item, maxnum);
			return -1;
		}
		if (n == x->count) {
			snprintf(err, errsz, _("%s: more than %d entries"), s->name, x->count);
			return -1;
		}
		t.num = (int)num;
		if (n > 0 &&
		    (t.month * 100 + t.day) * 10000 + t.hour * 100 + t.min <=
		        (prev.month * 100 + prev.day) * 10000 + prev.hour * 100 + prev.min) {
			snprintf(err, errsz,
			         _("%s: entry %s is not after the one before; list them in order"),
			         s->name, item);
			return -1;
		}
		if (dlt645_time_encode(x->format, &t, out + n * isz) < 0)
			goto bad;
		prev = t;
		n++;
	}
	if (n == 0)
		goto bad;
	for (int i = n; i < x->count; i++)
		memcpy(out + i * isz, out + (n - 1) * isz, (size_t)isz);
	return isz * x->count;
bad:
	snprintf(err, errsz, _("%s: cannot read \"%s\"; give up to %d entries like %s"), s->name,
	         text, x->count, example(x));
	return -1;
}

int mw_dlt_setting_encode(const struct mw_setting *s, const char *text, uint8_t *out, size_t outsz,
                          char *err, size_t errsz)
{
	const struct mw_dlt *x = &s->dlt;
	int len = mw_dlt_len(x);
	struct dlt645_time t;
	char *end;
	double v;

	if (len < 0 || (size_t)len > outsz) {
		snprintf(err, errsz, _("%s: %d bytes do not fit one frame"), s->name, len);
		return -1;
	}
	if (s->n_choices) {
		for (size_t i = 0; i < s->n_choices; i++)
			if (strcmp(s->choices[i].name, text) == 0) {
				out[0] = (uint8_t)s->choices[i].raw;
				return 1;
			}
		{
			char list[256] = "";

			for (size_t i = 0; i < s->n_choices; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				         i ? ", " : "", s->choices[i].name);
			snprintf(err, errsz, _("%s: \"%s\" is not one of: %s"), s->name, text,
			         list);
		}
		return -1;
	}
	switch (x->type) {
	case MW_DLT_BCD:
		v = mw_numfmt_strtod(text, &end);
		if (end == text || *end || !isfinite(v)) {
			snprintf(err, errsz, _("%s: \"%s\" is not a number"), s->name, text);
			return -1;
		}
		if (s->has_range && (v < s->min || v > s->max)) {
			snprintf(err, errsz, _("%s: %s is outside %.10g..%.10g%s%s"), s->name, text,
			         s->min, s->max, s->unit && *s->unit ? " " : "",
			         s->unit ? s->unit : "");
			return -1;
		}
		if (fabs(v * pow(10, x->decimals) - round(v * pow(10, x->decimals))) > 1e-6) {
			snprintf(err, errsz, _("%s: %s has more than %d decimals (format %s)"),
			         s->name, text, x->decimals, x->format);
			return -1;
		}
		if (dlt645_bcd_encode(v, x->digits, x->decimals, x->is_signed, out) < 0) {
			snprintf(err, errsz, _("%s: %s does not fit the format %s%s"), s->name,
			         text, x->format, x->is_signed ? _(" (signed)") : "");
			return -1;
		}
		return len;
	case MW_DLT_TIME:
		if (time_parse(x->format, text, &t) < 0 ||
		    dlt645_time_encode(x->format, &t, out) < 0) {
			snprintf(err, errsz, _("%s: cannot read \"%s\"; give it like %s%s"),
			         s->name, text, example(x),
			         has(x->format, "YY") ? _(" or now") : "");
			return -1;
		}
		return len;
	case MW_DLT_TABLE:
		return table_encode(s, text, out, err, errsz);
	case MW_DLT_ADDRESS: {
		struct dlt645_addr a;

		if (dlt645_addr_parse(text, &a) < 0 || memchr(a.a, 0xAA, 6)) {
			snprintf(err, errsz, _("%s: \"%s\" is not 12 decimal digits"), s->name,
			         text);
			return -1;
		}
		memcpy(out, a.a, 6);
		return 6;
	}
	case MW_DLT_BITS: {
		unsigned long w = strtoul(text, &end, 0);

		if (end == text || *end || (len < 4 && w >> (8 * len))) {
			snprintf(err, errsz, _("%s: \"%s\" is not a %d-byte word"), s->name, text,
			         len);
			return -1;
		}
		for (int i = 0; i < len; i++)
			out[i] = (uint8_t)(w >> (8 * i));
		return len;
	}
	case MW_DLT_ASCII: {
		size_t tl = strlen(text);

		if (tl > (size_t)len) {
			snprintf(err, errsz, _("%s: \"%s\" is longer than %d characters"), s->name,
			         text, len);
			return -1;
		}
		memset(out, 0, (size_t)len);
		for (size_t i = 0; i < tl; i++)
			out[(size_t)len - 1 - i] = (uint8_t)text[i];
		return len;
	}
	}
	return -1;
}

int mw_dlt_setting_decode(const struct mw_setting *s, const uint8_t *in, size_t n, char *text,
                          size_t textsz)
{
	const struct mw_dlt *x = &s->dlt;
	int len = mw_dlt_len(x), isz, last;
	size_t o = 0;

	if (textsz)
		text[0] = '\0';
	if (s->n_choices && n >= 1) {
		for (size_t i = 0; i < s->n_choices; i++)
			if (s->choices[i].raw == in[0]) {
				snprintf(text, textsz, "%s", s->choices[i].name);
				return 0;
			}
		snprintf(text, textsz, "0x%02X", in[0]);
		return 0;
	}
	if (len < 0 || n < (size_t)len) {
		snprintf(text, textsz, _("%s: %zu data bytes, %d expected"), s->name, n, len);
		return -1;
	}
	if (x->type != MW_DLT_TABLE) {
		struct mw_value v = {.name = s->name, .dlt = *x};
		double d;

		if (mw_dlt_decode_value(&v, in, n, &d, text, textsz) < 0)
			return -1;
		if (x->type == MW_DLT_BCD)
			snprintf(text, textsz, "%.*f", x->decimals, d);
		else if (x->type == MW_DLT_BITS)
			snprintf(text, textsz, "0x%0*lX", 2 * len, (unsigned long)d);
		return 0;
	}
	isz = dlt645_time_len(x->format);
	/* Drop the padding: trailing entries equal to the one before. */
	for (last = x->count - 1;
	     last > 0 && !memcmp(in + last * isz, in + (last - 1) * isz, (size_t)isz); last--)
		;
	for (int i = 0; i <= last && o < textsz; i++) {
		struct dlt645_time t;
		char item[40];

		if (dlt645_time_decode(x->format, in + i * isz, &t) < 0) {
			snprintf(text, textsz, _("%s: entry %d is not BCD in the format %s"),
			         s->name, i + 1, x->format);
			return -1;
		}
		time_text(x->format, &t, item, sizeof item);
		o += (size_t)snprintf(text + o, textsz - o, "%s%s=%d", i ? "," : "", item, t.num);
	}
	return 0;
}
