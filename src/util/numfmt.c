/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * numfmt.c - locale-free number parsing and printing (see numfmt.h).
 *
 * Conversions run on a "C" locale object (strtod_l, and snprintf under
 * uselocale() for the calling thread only), so the process may keep
 * LC_NUMERIC from the environment for what people read.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "numfmt.h"

static locale_t c_locale;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!c_locale) {
		/* Fails only when memory is exhausted at start-up. */
		fputs("meterwise: cannot create the C locale\n", stderr);
		abort();
	}
}

static locale_t numfmt_c(void)
{
	pthread_once(&c_once, c_locale_init);
	return c_locale;
}

/* snprintf in the C locale (this thread only, restored after). */
__attribute__((format(printf, 3, 4))) static void c_printf(char *buf, size_t sz, const char *fmt,
                                                           ...)
{
	locale_t old = uselocale(numfmt_c());
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
	uselocale(old);
}

double mw_numfmt_strtod(const char *s, char **end)
{
	return strtod_l(s, end, numfmt_c());
}

/* End of the strict decimal syntax at p, or NULL when p does not start one. */
static const char *decimal_end(const char *p, char point)
{
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == point)
		for (p++; isdigit((unsigned char)*p); p++)
			digits = true;
	if (!digits)
		return NULL;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return NULL;
		while (isdigit((unsigned char)*q))
			q++;
		p = q;
	}
	return p;
}

/* Parse s with decimal point `point` (one byte), all of it but blanks. */
static int parse_with(const char *s, char point, double *out)
{
	char t[128];
	const char *e;
	size_t n;
	double x;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof t) {
		errno = EINVAL;
		return -1;
	}
	memcpy(t, s, n);
	t[n] = '\0';
	e = decimal_end(t, point);
	if (!e || *e) {
		errno = EINVAL;
		return -1;
	}
	if (point != '.')
		for (char *p = t; *p; p++)
			if (*p == point)
				*p = '.';
	errno = 0;
	x = mw_numfmt_strtod(t, NULL);
	if (errno == ERANGE && isinf(x))
		return -1;
	errno = 0;
	*out = x;
	return 0;
}

int mw_numfmt_parse(const char *s, double *out)
{
	return parse_with(s, '.', out);
}

int mw_numfmt_parse_people(const char *s, double *out)
{
	const char *dp = mw_numfmt_decimal_point();

	if (parse_with(s, '.', out) == 0)
		return 0;
	if (strlen(dp) == 1 && dp[0] != '.')
		return parse_with(s, dp[0], out);
	return -1;
}

bool mw_numfmt_comma_decimal(const char *s)
{
	double x;

	return strchr(s, ',') && parse_with(s, '.', &x) < 0 && parse_with(s, ',', &x) == 0;
}

bool mw_numfmt_comma_message(const char *what, const char *s, const char *shown, char *msg,
                             size_t sz)
{
	char dot[128];

	if (!mw_numfmt_comma_decimal(s))
		return false;
	snprintf(dot, sizeof dot, "%s", shown ? shown : s);
	for (char *p = dot; *p; p++)
		if (*p == ',')
			*p = '.';
	/* L10N: "prepaid_energy: 12,5: use '.' as the decimal point (12.5)".
	   The '.' is literal: values on the command line, in plans and in
	   files take it whatever the language. */
	snprintf(msg, sz, _("%s: %s: use '.' as the decimal point (%s)"), what, shown ? shown : s,
	         dot);
	return true;
}

/* "inf", "-inf" or "nan" for a non-finite x; false when x is finite. */
static bool non_finite(double x, char *buf, size_t sz)
{
	if (isnan(x))
		snprintf(buf, sz, "%s", "nan");
	else if (isinf(x))
		snprintf(buf, sz, "%s", x < 0 ? "-inf" : "inf");
	else
		return false;
	return true;
}

/* Drop the sign of a printed zero ("-0", "-0.00"). */
static void no_negative_zero(char *buf)
{
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

/* Rewrite "-1.2345e+08" in t as "-123450000" (the same decimal digits). */
static void unexponent(char *t, size_t sz)
{
	char digits[64], out[96];
	const char *p = t;
	size_t nd = 0, o = 0;
	int point = -1, e;

	if (*p == '-')
		out[o++] = *p++;
	for (; *p && *p != 'e' && nd < sizeof digits - 1; p++) {
		if (*p == '.')
			point = (int)nd;
		else
			digits[nd++] = *p;
	}
	digits[nd] = '\0';
	if (*p != 'e')
		return;
	e = atoi(p + 1);
	point = (point < 0 ? (int)nd : point) + e; /* digits before the point */
	if (point < -30 || point > 40)
		return;
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int k = 0; k < -point; k++)
			out[o++] = '0';
		for (size_t k = 0; k < nd; k++)
			out[o++] = digits[k];
	} else {
		for (int k = 0; k < point || (size_t)k < nd; k++) {
			if (k == point)
				out[o++] = '.';
			out[o++] = (size_t)k < nd ? digits[k] : '0';
		}
	}
	out[o] = '\0';
	if (o < sz)
		snprintf(t, sz, "%s", out);
}

char *mw_numfmt_float32(float x, char *buf, size_t sz)
{
	char t[64];
	int digits = 9;

	if (!sz)
		return buf;
	if (non_finite(x, buf, sz))
		return buf;
	for (int d = 1; d <= 9; d++) {
		c_printf(t, sizeof t, "%.*g", d, (double)x);
		if (strtof_l(t, NULL, numfmt_c()) == x) {
			digits = d;
			break;
		}
	}
	c_printf(t, sizeof t, "%.*g", digits, (double)x);
	if (strchr(t, 'e') && fabsf(x) >= 1e-5f && fabsf(x) < 1e16f)
		unexponent(t, sizeof t); /* 1e+06 -> 1000000, same digits */
	no_negative_zero(t);
	snprintf(buf, sz, "%s", t);
	return buf;
}

char *mw_numfmt_fixed(double x, int decimals, char *buf, size_t sz)
{
	if (!sz)
		return buf;
	if (non_finite(x, buf, sz))
		return buf;
	c_printf(buf, sz, "%.*f", decimals < 0 ? 0 : decimals > 9 ? 9 : decimals, x);
	no_negative_zero(buf);
	return buf;
}

char *mw_numfmt_general(double x, int digits, char *buf, size_t sz)
{
	if (!sz)
		return buf;
	if (non_finite(x, buf, sz))
		return buf;
	c_printf(buf, sz, "%.*g", digits < 1 ? 1 : digits > 17 ? 17 : digits, x);
	no_negative_zero(buf);
	return buf;
}

int mw_numfmt_scale_decimals(double scale)
{
	for (int d = 0; d < 9; d++) {
		double v = fabs(scale) * pow(10, d);

		if (fabs(v - round(v)) < 1e-9 * (v > 1 ? v : 1))
			return d;
	}
	return 9;
}

bool mw_numfmt_is_number(const char *text)
{
	const char *e = text ? decimal_end(text, '.') : NULL;

	return e && !*e;
}

const char *mw_numfmt_decimal_point(void)
{
	const char *dp = nl_langinfo(RADIXCHAR);

	return dp && *dp ? dp : ".";
}

char *mw_numfmt_people(char *buf, size_t sz)
{
	const char *dp = mw_numfmt_decimal_point();
	char *p;
	size_t n = strlen(dp);

	if (strcmp(dp, ".") == 0 || !mw_numfmt_is_number(buf) || !(p = strchr(buf, '.')))
		return buf;
	if (strlen(buf) + n > sz)
		return buf; /* no room: leave it as it is rather than cut it */
	memmove(p + n, p + 1, strlen(p + 1) + 1);
	memcpy(p, dp, n);
	return buf;
}
