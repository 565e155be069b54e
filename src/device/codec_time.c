/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_time.c - meter clocks and daily tariff schedules.
 *
 * A clock is one byte per field in the device file's `order` (Y M D h m s,
 * w = weekday 0..6 with 0 = Sunday as in struct tm), two bytes a word,
 * high byte first, binary or BCD, the year stored as year - year_base.
 * A schedule is `periods` slots of `words_per_period` words; hour, minute
 * and tariff are bit fields at the positions the layout gives; used slots
 * come first, sorted by start, unused ones have tariff 0.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "codec.h"
#include "codec_int.h"
#include "i18n.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Day of the week, 0 = Sunday (Sakamoto). */
static int weekday(int y, int m, int d)
{
	static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int dt_fields(const struct mw_setting *s)
{
	int n = s->datetime.n_fields > 0
	            ? s->datetime.n_fields
	            : (int)strnlen(s->datetime.order, sizeof s->datetime.order);

	return n < (int)sizeof s->datetime.order ? n : (int)sizeof s->datetime.order;
}

/* Pointer to the clock field a letter names, or NULL. */
static int *dt_slot(struct mw_clock *c, char letter)
{
	switch (letter) {
	case 'Y':
		return &c->year;
	case 'M':
		return &c->month;
	case 'D':
		return &c->day;
	case 'h':
		return &c->hour;
	case 'm':
		return &c->minute;
	case 's':
		return &c->second;
	case 'w':
		return &c->weekday;
	}
	return NULL;
}

/* 0 if the clock names a real date and time. */
static int clock_check(const struct mw_clock *c)
{
	if (c->month < 1 || c->month > 12 || c->day < 1 || c->day > month_days(c->year, c->month))
		return -1;
	if (c->hour < 0 || c->hour > 23 || c->minute < 0 || c->minute > 59 || c->second < 0 ||
	    c->second > 59 || c->weekday < 0 || c->weekday > 6)
		return -1;
	return 0;
}

int mw_datetime_encode(const struct mw_setting *s, const struct mw_clock *c, uint16_t *w)
{
	int n = dt_fields(s), bcd = s->datetime.encoding == MW_DT_BCD;
	struct mw_clock k = *c;

	if (s->type != MW_T_DATETIME || s->gap || n == 0 || clock_check(c) < 0) {
		errno = EINVAL;
		return -1;
	}
	k.weekday = weekday(c->year, c->month, c->day);
	k.year -= s->datetime.year_base;
	for (int i = 0; i < (n + 1) / 2; i++)
		w[i] = 0;
	for (int i = 0; i < n; i++) {
		int *f = dt_slot(&k, s->datetime.order[i]), v;

		if (!f || *f < 0 || *f > (bcd ? 99 : 255)) {
			errno = f ? ERANGE : EINVAL;
			return -1;
		}
		v = bcd ? (*f / 10) << 4 | *f % 10 : *f;
		w[i / 2] |= (uint16_t)(i % 2 == 0 ? v << 8 : v);
	}
	for (int i = 0; i < (n + 1) / 2; i++)
		w[i] = mw_codec_put16(s->byte_order, w[i]);
	return 0;
}

int mw_datetime_decode(const struct mw_setting *s, const uint16_t *w, struct mw_clock *c)
{
	int n = dt_fields(s), bcd = s->datetime.encoding == MW_DT_BCD, have_w = 0;

	memset(c, 0, sizeof *c);
	c->month = c->day = 1;
	if (s->type != MW_T_DATETIME || s->gap || n == 0) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < n; i++) {
		uint16_t word = mw_codec_get16(s->byte_order, w[i / 2]);
		int v = i % 2 == 0 ? word >> 8 : word & 0xff, *f = dt_slot(c, s->datetime.order[i]);

		if (!f || (bcd && ((v >> 4) > 9 || (v & 15) > 9))) {
			errno = EINVAL;
			return -1;
		}
		*f = bcd ? (v >> 4) * 10 + (v & 15) : v;
		have_w |= s->datetime.order[i] == 'w';
	}
	c->year += s->datetime.year_base;
	if (!have_w && c->month >= 1 && c->month <= 12 && c->day >= 1)
		c->weekday = weekday(c->year, c->month, c->day);
	if (clock_check(c) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int mw_datetime_parse(const struct mw_setting *s, const char *text, struct mw_clock *c, char *err,
                      size_t errsz)
{
	int len = 0, y;

	memset(c, 0, sizeof *c);
	while (text && isspace((unsigned char)*text))
		text++;
	if (text && strcasecmp(text, "now") == 0) {
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		*c = (struct mw_clock){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		                       tm.tm_min,         tm.tm_sec,     tm.tm_wday};
		return 0;
	}
	if (!text ||
	    sscanf(text, "%4d-%2d-%2d%*[ T]%2d:%2d:%2d%n", &c->year, &c->month, &c->day, &c->hour,
	           &c->minute, &c->second, &len) != 6 ||
	    text[len + strspn(text + len, " \t")] != '\0' || c->month < 1 || c->month > 12) {
		mw_codec_err(
		    err, errsz,
		    _("%s: \"%s\" is not a date and time; enter YYYY-MM-DD hh:mm:ss or now"),
		    s->name, text ? text : "");
		return -1;
	}
	c->weekday = weekday(c->year, c->month, c->day);
	if (clock_check(c) < 0) {
		mw_codec_err(
		    err, errsz,
		    _("%s: %s is not a valid date and time; enter YYYY-MM-DD hh:mm:ss or now"),
		    s->name, text);
		return -1;
	}
	y = c->year - s->datetime.year_base;
	if (memchr(s->datetime.order, 'Y', sizeof s->datetime.order) &&
	    (y < 0 || y > (s->datetime.encoding == MW_DT_BCD ? 99 : 255))) {
		mw_codec_err(err, errsz, _("%s: the meter's clock holds the years %d to %d only"),
		             s->name, s->datetime.year_base,
		             s->datetime.year_base +
		                 (s->datetime.encoding == MW_DT_BCD ? 99 : 255));
		return -1;
	}
	return 0;
}

void mw_datetime_format(const struct mw_clock *c, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%04d-%02d-%02d %02d:%02d:%02d", c->year, c->month, c->day, c->hour,
	         c->minute, c->second);
}

/* 0 if the schedule layout of `s` is usable. */
static int layout_check(const struct mw_setting *s)
{
	const struct mw_schedule *k = &s->schedule;

	if (s->type != MW_T_SCHEDULE || s->gap || k->periods <= 0 || k->words_per_period <= 0 ||
	    k->tariffs <= 0)
		return -1;
	if (k->hour_word < 0 || k->hour_word >= k->words_per_period || k->minute_word < 0 ||
	    k->minute_word >= k->words_per_period || k->tariff_word < 0 ||
	    k->tariff_word >= k->words_per_period)
		return -1;
	if (mw_codec_field_width(k->hour) < 5 || mw_codec_field_width(k->minute) < 6 ||
	    (1 << mw_codec_field_width(k->tariff)) <= k->tariffs)
		return -1;
	return 0;
}

static int period_cmp(const void *a, const void *b)
{
	const struct mw_period *x = a, *y = b;

	return (x->hour * 60 + x->minute) - (y->hour * 60 + y->minute);
}

/* Check and sort n periods into q; message and -1 on error. */
static int periods_check(const struct mw_setting *s, const struct mw_period *p, int n,
                         struct mw_period *q, char *err, size_t errsz)
{
	const struct mw_schedule *k = &s->schedule;

	if (n < 1 || n > k->periods) {
		mw_codec_err(err, errsz, _("%s: %d periods given; enter 1 to %d"), s->name, n,
		             k->periods);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (p[i].hour < 0 || p[i].hour > 23 || p[i].minute < 0 || p[i].minute > 59) {
			mw_codec_err(
			    err, errsz,
			    _("%s: %02d:%02d is not a time of day; hours are 0-23, minutes 0-59"),
			    s->name, p[i].hour, p[i].minute);
			return -1;
		}
		if (p[i].tariff < 1 || p[i].tariff > k->tariffs) {
			mw_codec_err(err, errsz,
			             _("%s: tariff %d at %02d:%02d does not exist; choose 1 to %d"),
			             s->name, p[i].tariff, p[i].hour, p[i].minute, k->tariffs);
			return -1;
		}
		q[i] = p[i];
	}
	qsort(q, (size_t)n, sizeof *q, period_cmp);
	for (int i = 1; i < n; i++)
		if (period_cmp(&q[i - 1], &q[i]) == 0) {
			mw_codec_err(
			    err, errsz,
			    _("%s: two periods start at %02d:%02d; give each a different start"),
			    s->name, q[i].hour, q[i].minute);
			return -1;
		}
	return 0;
}

/* Set field f of word `idx` of w (logical order kept by byte_order). */
static void put_field(const struct mw_setting *s, uint16_t *w, int idx, struct mw_field f, int v)
{
	uint16_t word = mw_codec_get16(s->byte_order, w[idx]);

	w[idx] = mw_codec_put16(s->byte_order, mw_codec_field_set(f, word, (uint32_t)v));
}

static int get_field(const struct mw_setting *s, const uint16_t *w, int idx, struct mw_field f)
{
	return (int)mw_codec_field_get(f, mw_codec_get16(s->byte_order, w[idx]));
}

int mw_schedule_encode(const struct mw_setting *s, const struct mw_period *p, int n, uint16_t *w,
                       char *err, size_t errsz)
{
	const struct mw_schedule *k = &s->schedule;
	struct mw_period q[64];

	if (layout_check(s) < 0 || k->periods > 64) {
		mw_codec_err(err, errsz, _("%s: the device file gives no usable schedule layout"),
		             s->name);
		errno = EINVAL;
		return -1;
	}
	if (periods_check(s, p, n, q, err, errsz) < 0) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < k->periods; i++) {
		struct mw_period e = i < n ? q[i] : (struct mw_period){0, 0, 0};
		uint16_t *b = w + i * k->words_per_period;

		put_field(s, b, k->hour_word, k->hour, e.hour);
		put_field(s, b, k->minute_word, k->minute, e.minute);
		put_field(s, b, k->tariff_word, k->tariff, e.tariff);
	}
	return 0;
}

int mw_schedule_decode(const struct mw_setting *s, const uint16_t *w, struct mw_period *p)
{
	const struct mw_schedule *k = &s->schedule;
	int n = 0;

	if (layout_check(s) < 0) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < k->periods; i++) {
		const uint16_t *b = w + i * k->words_per_period;
		struct mw_period e = {get_field(s, b, k->hour_word, k->hour),
		                      get_field(s, b, k->minute_word, k->minute),
		                      get_field(s, b, k->tariff_word, k->tariff)};

		if (e.tariff == 0)
			continue;
		if (e.hour > 23 || e.minute > 59 || e.tariff > k->tariffs) {
			errno = EINVAL;
			return -1;
		}
		p[n++] = e;
	}
	qsort(p, (size_t)n, sizeof *p, period_cmp);
	return n;
}

int mw_schedule_parse(const struct mw_setting *s, const char *text, struct mw_period *p, char *err,
                      size_t errsz)
{
	const struct mw_schedule *k = &s->schedule;
	struct mw_period q[64], in[64];
	const char *t = text ? text : "";
	int n = 0;

	if (layout_check(s) < 0 || k->periods > 64) {
		mw_codec_err(err, errsz, _("%s: the device file gives no usable schedule layout"),
		             s->name);
		return -1;
	}
	for (;;) {
		int h, m, tf, len = 0;

		t += strspn(t, " \t");
		if (*t == '\0' && n > 0)
			break;
		if (sscanf(t, "%2d:%2d = %d%n", &h, &m, &tf, &len) != 3 ||
		    !isdigit((unsigned char)*t)) {
			mw_codec_err(err, errsz,
			             _("%s: cannot read \"%s\"; write periods as HH:MM=TARIFF "
			               "separated by commas, e.g. 06:00=1,10:00=2"),
			             s->name, text ? text : "");
			return -1;
		}
		if (n == k->periods) {
			mw_codec_err(err, errsz,
			             _("%s: more than %d periods given; the meter holds %d"),
			             s->name, k->periods, k->periods);
			return -1;
		}
		in[n++] = (struct mw_period){h, m, tf};
		t += len;
		t += strspn(t, " \t");
		if (*t == ',')
			t++;
		else if (*t != '\0') {
			mw_codec_err(err, errsz,
			             _("%s: cannot read \"%s\"; write periods as HH:MM=TARIFF "
			               "separated by commas, e.g. 06:00=1,10:00=2"),
			             s->name, text ? text : "");
			return -1;
		}
	}
	if (periods_check(s, in, n, q, err, errsz) < 0)
		return -1;
	memcpy(p, q, (size_t)n * sizeof *p);
	return n;
}

void mw_schedule_format(const struct mw_period *p, int n, char *buf, size_t bufsz)
{
	size_t len = 0;

	if (bufsz == 0)
		return;
	buf[0] = '\0';
	for (int i = 0; i < n && len < bufsz; i++)
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%02d:%02d=%d", i ? "," : "",
		                        p[i].hour, p[i].minute, p[i].tariff);
}
