/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * numfmt_test.c - locale-free numbers (src/util/numfmt.c) and the one
 * value formatter (mw_value_format), run under the real de_DE.UTF-8 and
 * zh_CN.UTF-8 locales: '.' parses and prints whatever LC_NUMERIC says,
 * float32 prints as the shortest decimal that reads back as the same
 * float32, scales keep their decimals, inf/nan are the same everywhere
 * and null in JSON, and only the people variant shows the locale's
 * separator.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "engine.h"
#include "json.h"
#include "numfmt.h"
#include "tap.h"

/* JSON text of one value written through mw_json_num / mw_json_numtext. */
static void json_of(double v, const char *text, char *out, size_t sz)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct mw_json j;

	mw_json_init(&j, f, false);
	mw_json_arr_begin(&j, NULL);
	if (text)
		mw_json_numtext(&j, NULL, text);
	else
		mw_json_num(&j, NULL, v);
	mw_json_arr_end(&j);
	fclose(f);
	snprintf(out, sz, "%s", buf);
	free(buf);
}

/* Significant digits of a %g-style text ("230.1" -> 4, "1e-07" -> 1). */
static int sig_digits(const char *t)
{
	int n = 0, lead = 1, trail = 0;

	for (; *t && *t != 'e'; t++) {
		if (*t < '0' || *t > '9')
			continue;
		if (lead && *t == '0')
			continue;
		lead = 0;
		n++;
		trail = *t == '0' ? trail + 1 : 0;
	}
	return n - trail;
}

/* Parsing, under the current locale. */
static void test_parse(const char *loc)
{
	double x = 0;

	ok(mw_numfmt_parse("0.01", &x) == 0 && x == 0.01, "%s: '0.01' parses as 0.01", loc);
	ok(mw_numfmt_parse(" 231.2 ", &x) == 0 && x == 231.2, "%s: ' 231.2 ' parses", loc);
	ok(mw_numfmt_parse("-1.5e3", &x) == 0 && x == -1500, "%s: '-1.5e3' parses", loc);
	ok(mw_numfmt_parse("7.75", &x) == 0 && x == 7.75, "%s: '7.75' is 7.75, not 7", loc);
	ok(mw_numfmt_parse("12,5", &x) < 0, "%s: '12,5' is refused", loc);
	ok(mw_numfmt_comma_decimal("12,5"), "%s: '12,5' is recognised as a comma decimal", loc);
	ok(!mw_numfmt_comma_decimal("1,2,3") && !mw_numfmt_comma_decimal("12.5"),
	   "%s: '1,2,3' and '12.5' are not comma decimals", loc);
	ok(mw_numfmt_parse("0x10", &x) < 0 && mw_numfmt_parse("inf", &x) < 0 &&
	       mw_numfmt_parse("nan", &x) < 0 && mw_numfmt_parse("", &x) < 0 &&
	       mw_numfmt_parse("1.2.3", &x) < 0 && mw_numfmt_parse("1e", &x) < 0,
	   "%s: hex, inf, nan, empty, 1.2.3 and 1e are not numbers", loc);
	ok(mw_numfmt_parse("1e999", &x) < 0, "%s: an overflow is refused", loc);
	ok(mw_numfmt_parse_people("12.5", &x) == 0 && x == 12.5, "%s: a form accepts '12.5'", loc);
}

/* Shortest float32 over many random floats, and fixed decimals. */
static void test_print(const char *loc)
{
	char t[64], u[400];
	int bad = 0, comma = 0, longer = 0;
	uint32_t s = 12345;
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);

	is_str(mw_numfmt_float32(230.1f, t, sizeof t), "230.1", "float32 230.1");
	is_str(mw_numfmt_float32(-0.952f, t, sizeof t), "-0.952", "float32 -0.952");
	is_str(mw_numfmt_float32(1e6f, t, sizeof t), "1000000", "float32 1e6 without exponent");
	is_str(mw_numfmt_float32(-0.0f, t, sizeof t), "0", "float32 -0 is 0");
	is_str(mw_numfmt_float32(1e-7f, t, sizeof t), "1e-07", "float32 1e-7 keeps its exponent");
	for (int i = 0; i < 200000; i++) {
		float f;
		uint32_t bits;
		int n;

		s = s * 1664525u + 1013904223u;
		bits = s;
		memcpy(&f, &bits, sizeof f);
		if (!isfinite(f))
			continue;
		mw_numfmt_float32(f, t, sizeof t);
		if (strchr(t, ','))
			comma++;
		if (strtof_l(t, NULL, c) != f)
			bad++;
		/* One significant digit fewer must not read back as f. */
		n = sig_digits(t);
		if (n > 1) {
			locale_t old = uselocale(c);

			snprintf(u, sizeof u, "%.*g", n - 1, (double)f);
			if (strtof(u, NULL) == f)
				longer++;
			uselocale(old);
		}
	}
	freelocale(c);
	ok(bad == 0, "%s: 200000 random float32 read back exactly (%d did not)", loc, bad);
	ok(comma == 0, "%s: none printed with a comma (%d)", loc, comma);
	ok(longer == 0, "%s: none longer than needed (%d)", loc, longer);
	is_str(mw_numfmt_fixed(220.3, 2, t, sizeof t), "220.30", "fixed scale 0.01: 220.30");
	is_str(mw_numfmt_fixed(-0.001, 2, t, sizeof t), "0.00", "no -0.00");
	ok(mw_numfmt_scale_decimals(0.01) == 2 && mw_numfmt_scale_decimals(0.25) == 2 &&
	       mw_numfmt_scale_decimals(1) == 0 && mw_numfmt_scale_decimals(10) == 0,
	   "scale decimals: 0.01 -> 2, 0.25 -> 2, 1 -> 0, 10 -> 0");
	is_str(mw_numfmt_general(1067.799462, 10, t, sizeof t), "1067.799462",
	       "general 1067.799462");
}

/* inf and nan: the same words in text and CSV, null in JSON. */
static void test_nonfinite(void)
{
	char t[64];

	is_str(mw_numfmt_float32(INFINITY, t, sizeof t), "inf", "float32 inf");
	is_str(mw_numfmt_float32(-INFINITY, t, sizeof t), "-inf", "float32 -inf");
	is_str(mw_numfmt_float32(NAN, t, sizeof t), "nan", "float32 nan");
	is_str(mw_numfmt_fixed(INFINITY, 2, t, sizeof t), "inf", "fixed inf");
	is_str(mw_numfmt_fixed(NAN, 2, t, sizeof t), "nan", "fixed nan");
	is_str(mw_numfmt_general(-INFINITY, 10, t, sizeof t), "-inf", "general -inf");
	json_of(INFINITY, NULL, t, sizeof t);
	is_str(t, "[null]", "JSON: inf is null");
	json_of(NAN, NULL, t, sizeof t);
	is_str(t, "[null]", "JSON: nan is null");
	json_of(0, "inf", t, sizeof t);
	is_str(t, "[null]", "JSON: the text inf is null");
	json_of(0, "nan", t, sizeof t);
	is_str(t, "[null]", "JSON: the text nan is null");
	json_of(0, "", t, sizeof t);
	is_str(t, "[null]", "JSON: no text is null");
	json_of(0, "230.1", t, sizeof t);
	is_str(t, "[230.1]", "JSON: 230.1 as it is");
	json_of((double)230.1f, NULL, t, sizeof t);
	is_str(t, "[230.1]", "JSON: a float32 widened to double prints as 230.1");
	json_of(123456792.0, NULL, t, sizeof t);
	is_str(t, "[123456792]", "JSON: a large whole number keeps every digit");
	json_of(1067.799462, NULL, t, sizeof t);
	is_str(t, "[1067.799462]", "JSON: elapsed 1067.799462 with a point");
}

/* The one formatter of values, for machines and for people. */
static void test_value_format(const char *loc, const char *people_230_1)
{
	struct mw_flag flags[2] = {{.name = "reverse_l1", .bit = 0}, {.name = "alarm", .bit = 3}};
	struct mw_value fl = {.name = "p", .type = MW_T_FLOAT32, .scale = 1};
	struct mw_value fx = {.name = "v", .type = MW_T_U16, .scale = 0.01};
	struct mw_value bits = {.name = "d", .type = MW_T_BITS, .flags = flags, .n_flags = 2};
	char t[64];

	mw_value_format(&fl, (double)230.1f, -1, NULL, MW_NUMFMT_MACHINE, t, sizeof t);
	is_str(t, "230.1", "value float32 230.1 for machines");
	mw_value_format(&fl, (double)230.1f, -1, NULL, MW_NUMFMT_PEOPLE, t, sizeof t);
	ok(strcmp(t, people_230_1) == 0, "%s: value float32 for people is %s (%s)", loc,
	   people_230_1, t);
	mw_value_format(&fx, 220.3, -1, NULL, MW_NUMFMT_MACHINE, t, sizeof t);
	is_str(t, "220.30", "value with scale 0.01 keeps two decimals");
	mw_value_format(&fl, NAN, -1, NULL, MW_NUMFMT_PEOPLE, t, sizeof t);
	is_str(t, "nan", "value nan");
	mw_value_format(&fl, -INFINITY, -1, NULL, MW_NUMFMT_MACHINE, t, sizeof t);
	is_str(t, "-inf", "value -inf");
	mw_value_format(&bits, NAN, 9, NULL, MW_NUMFMT_PEOPLE, t, sizeof t);
	is_str(t, "reverse_l1,alarm", "flag word as names");
	mw_value_format(&bits, NAN, 0, NULL, MW_NUMFMT_PEOPLE, t, sizeof t);
	is_str(t, "-", "flag word with nothing set");
}

/* Setting values typed with '.', parsed and verified under the locale. */
static void test_settings(const char *loc)
{
	struct mw_setting fl = {.name = "prepaid_energy",
	                        .type = MW_T_FLOAT32,
	                        .scale = 1,
	                        .unit = "kWh",
	                        .has_range = true,
	                        .min = 0,
	                        .max = 1e7};
	struct mw_setting lim = {.name = "current_limit",
	                         .type = MW_T_U16,
	                         .scale = 0.1,
	                         .unit = "A",
	                         .field = {.lo = 0, .hi = 15}};
	float f775 = 7.75f, f7 = 7.0f;
	uint32_t raw = 0, r775, r7;
	char err[256] = "", t[64];

	memcpy(&r775, &f775, sizeof r775);
	memcpy(&r7, &f7, sizeof r7);
	ok(mw_setting_parse(&fl, "7.75", &raw, err, sizeof err) == 0 && raw == r775,
	   "%s: prepaid_energy=7.75 is the float32 7.75 (0x%08X), not 7", loc, (unsigned)raw);
	ok(mw_setting_parse(&lim, "12.5", &raw, err, sizeof err) == 0 && raw == 125,
	   "%s: current_limit=12.5 with scale 0.1 is 125 (%u)", loc, (unsigned)raw);
	ok(mw_setting_parse(&fl, "12,5", &raw, err, sizeof err) < 0 && strstr(err, "12,5") &&
	       strstr(err, "(12.5)"),
	   "%s: 12,5 is refused, the message says 12.5: %s", loc, err);
	mw_setting_format(&lim, 125, t, sizeof t);
	is_str(t, "12.5", "current_limit 125 formats as 12.5");
	ok(mw_setting_matches(&fl, "7.75", r775) && !mw_setting_matches(&fl, "7.75", r7),
	   "%s: verification: 7.75 read back matches 7.75, 7 does not", loc);
	ok(mw_setting_matches(&lim, "12.5 A", 125) && !mw_setting_matches(&lim, "12.5", 12),
	   "%s: verification: 125 matches 12.5 A, 12 does not match 12.5", loc);
}

int main(void)
{
	static const struct {
		const char *name;
		const char *people;
	} locs[] = {{"de_DE.UTF-8", "230,1"}, {"zh_CN.UTF-8", "230.1"}, {"C.UTF-8", "230.1"}};

	for (size_t i = 0; i < sizeof locs / sizeof *locs; i++) {
		char t[64];
		double x;

		if (!ok(setlocale(LC_ALL, locs[i].name) != NULL, "locale %s exists",
		        locs[i].name)) {
			diag("generate it: build-aux/install-deps");
			continue;
		}
		test_parse(locs[i].name);
		test_print(locs[i].name);
		test_nonfinite();
		test_value_format(locs[i].name, locs[i].people);
		test_settings(locs[i].name);
		snprintf(t, sizeof t, "%s", "230.1");
		is_str(mw_numfmt_people(t, sizeof t), locs[i].people, "people's 230.1");
		if (strcmp(locs[i].people, "230,1") == 0)
			ok(mw_numfmt_parse_people("12,5", &x) == 0 && x == 12.5,
			   "%s: a form accepts '12,5' too", locs[i].name);
	}
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
