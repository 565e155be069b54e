/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * roundtrip_test.c - every setting of every device file: text -> raw ->
 * register words -> raw -> text gives the value back, for every choice,
 * for the ends and the middle of every range, for the factory default, and
 * for clocks and tariff schedules; writing a packed field leaves the other
 * bits of its word alone.  Settings whose manual is silent (a gap) are
 * skipped and counted.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "codec.h"
#include "devload.h"
#include "tap.h"

static const uint16_t patterns[] = {0x0000, 0xFFFF, 0xA5A5, 0x5A5A};
#define NPAT (sizeof patterns / sizeof patterns[0])

/* Bits of the word that the setting's field covers (16-bit types). */
static uint16_t field_mask(const struct mw_setting *s)
{
	int w = s->field.hi - s->field.lo + 1;

	return (uint16_t)(((1u << w) - 1) << s->field.lo);
}

static int is_wide(enum mw_type t)
{
	return t == MW_T_U32 || t == MW_T_S32 || t == MW_T_FLOAT32;
}

/*
 * Parse `text`, encode over each pattern, decode and format; check the
 * result is `text` again (names: any case; numbers: within tolerance) and
 * that no bit outside the field moved.  Returns 1 if all held.
 */
static int roundtrip(const struct mw_model *m, const struct mw_setting *s, const char *text,
                     int numeric)
{
	char err[256], back[128];
	uint32_t raw, raw2;

	if (mw_setting_parse(s, text, &raw, err, sizeof err) < 0) {
		diag("%s: %s: parse \"%s\": %s", m->id, s->name, text, err);
		return 0;
	}
	for (size_t p = 0; p < NPAT; p++) {
		uint16_t w[2] = {patterns[p], patterns[p]}, before = w[0];

		if (mw_setting_encode(s, raw, w) < 0) {
			diag("%s: %s: encode %s failed", m->id, s->name, text);
			return 0;
		}
		if (!is_wide(s->type) && ((w[0] ^ before) & ~field_mask(s))) {
			diag("%s: %s: %s changed bits outside [%d,%d]: %04X -> %04X", m->id,
			     s->name, text, s->field.hi, s->field.lo, before, w[0]);
			return 0;
		}
		raw2 = mw_setting_decode(s, w);
		mw_setting_format(s, raw2, back, sizeof back);
		if (raw2 != raw || (numeric ? fabs(strtod(back, NULL) - strtod(text, NULL)) >
		                                  1e-6 * fmax(1, fabs(strtod(text, NULL)))
		                            : strcasecmp(back, text) != 0)) {
			diag("%s: %s: \"%s\" came back as \"%s\" (raw %u, %u)", m->id, s->name,
			     text, back, (unsigned)raw, (unsigned)raw2);
			return 0;
		}
	}
	return 1;
}

/* Decimals of the scale's resolution, as a human would write the value. */
static int decimals(double scale)
{
	int d = 0;

	if (scale == 0)
		return 0;
	while (d < 6 && fabs(scale * pow(10, d) - round(scale * pow(10, d))) > 1e-9)
		d++;
	return d;
}

static void scalar(const struct mw_model *m, const struct mw_setting *s)
{
	char text[64];
	int good = 1, n = 0;

	if (s->n_choices > 0) {
		for (size_t i = 0; i < s->n_choices; i++, n++)
			good &= roundtrip(m, s, s->choices[i].name, 0);
	} else if (s->type == MW_T_BOOL) {
		good &= roundtrip(m, s, "on", 0) & roundtrip(m, s, "off", 0);
		n = 2;
	} else if (s->has_range) {
		double sc = s->scale == 0 ? 1 : s->scale;
		double v[3] = {s->min, s->max, round((s->min + s->max) / 2 / sc) * sc};

		for (int i = 0; i < 3; i++, n++) {
			if (s->type == MW_T_FLOAT32)
				snprintf(text, sizeof text, "%.9g", v[i]);
			else
				snprintf(text, sizeof text, "%.*f", decimals(sc), v[i]);
			good &= roundtrip(m, s, text, 1);
		}
	} else {
		ok(0, "%s: %s has neither range nor choices", m->id, s->name);
		return;
	}
	ok(good, "%s: %s: %d values round-trip, other bits untouched", m->id, s->name, n);
	if (s->default_text)
		ok(roundtrip(m, s, s->default_text, s->n_choices == 0 && s->type != MW_T_BOOL),
		   "%s: %s: default \"%s\" round-trips", m->id, s->name, s->default_text);
}

static void clock_roundtrip(const struct mw_model *m, const struct mw_setting *s)
{
	int span = s->datetime.encoding == MW_DT_BCD ? 99 : 255, good = 1, leap;
	char text[3][32], err[256], back[32];
	uint16_t w[8];
	struct mw_clock c;

	snprintf(text[0], sizeof text[0], "%04d-01-01 00:00:00", s->datetime.year_base);
	snprintf(text[1], sizeof text[1], "%04d-12-31 23:59:59", s->datetime.year_base + span);
	for (leap = s->datetime.year_base; leap % 4 || (leap % 100 == 0 && leap % 400); leap++)
		;
	snprintf(text[2], sizeof text[2], "%04d-02-29 12:34:56", leap);
	for (int i = 0; i < 3; i++) {
		if (mw_datetime_parse(s, text[i], &c, err, sizeof err) < 0 ||
		    mw_datetime_encode(s, &c, w) < 0 || mw_datetime_decode(s, w, &c) < 0) {
			diag("%s: %s: %s: %s", m->id, s->name, text[i], err);
			good = 0;
			continue;
		}
		mw_datetime_format(&c, back, sizeof back);
		if (strcmp(back, text[i]) != 0) {
			diag("%s: %s: %s came back as %s", m->id, s->name, text[i], back);
			good = 0;
		}
	}
	ok(good, "%s: %s: clocks round-trip", m->id, s->name);
}

static void schedule(const struct mw_model *m, const struct mw_setting *s)
{
	const struct mw_schedule *k = &s->schedule;
	char text[512], back[512], err[256];
	int len = 0, n, words = mw_setting_words(s), good = 1;
	struct mw_period p[64];
	uint16_t *w = calloc((size_t)words + 1, sizeof *w), *before = calloc((size_t)words + 1, 2);
	uint16_t mask[16] = {0};

	if (!w || !before || k->periods > 64 || k->words_per_period > 16) {
		ok(0, "%s: %s: schedule too large for the test", m->id, s->name);
		free(w);
		free(before);
		return;
	}
	/* Every slot used, tariffs cycling, starts spread over the day. */
	for (int i = 0; i < k->periods; i++)
		len +=
		    snprintf(text + len, sizeof text - (size_t)len, "%s%02d:%02d=%d", i ? "," : "",
		             i * 24 / k->periods, i % 2 ? 59 : 0, i % k->tariffs + 1);
	mask[k->hour_word] |= field_mask(&(struct mw_setting){.field = k->hour});
	mask[k->minute_word] |= field_mask(&(struct mw_setting){.field = k->minute});
	mask[k->tariff_word] |= field_mask(&(struct mw_setting){.field = k->tariff});
	for (size_t pat = 0; pat < NPAT; pat++) {
		for (int i = 0; i < words; i++)
			w[i] = before[i] = patterns[pat];
		n = mw_schedule_parse(s, text, p, err, sizeof err);
		if (n != k->periods || mw_schedule_encode(s, p, n, w, err, sizeof err) < 0 ||
		    (n = mw_schedule_decode(s, w, p)) < 0) {
			diag("%s: %s: %s: %s", m->id, s->name, text, err);
			good = 0;
			break;
		}
		mw_schedule_format(p, n, back, sizeof back);
		for (int i = 0; i < words; i++)
			if ((w[i] ^ before[i]) & ~mask[i % k->words_per_period]) {
				diag("%s: %s: word %d changed outside the layout", m->id, s->name,
				     i);
				good = 0;
			}
		if (strcmp(back, text) != 0) {
			diag("%s: %s: %s came back as %s", m->id, s->name, text, back);
			good = 0;
		}
	}
	ok(good, "%s: %s: a full schedule round-trips", m->id, s->name);
	free(w);
	free(before);
}

static int skipped;

static void model(const char *path)
{
	char err[512];
	struct mw_model *m = mw_devload_file(path, err, sizeof err);

	if (!ok(m != NULL, "%s loads", path)) {
		diag("%s", err);
		return;
	}
	if (m->protocol != MW_PROTO_MODBUS) {
		diag("%s: protocol %s: see roundtrip_dlt645_test", m->id,
		     mw_protocol_name(m->protocol));
		mw_model_free(m);
		return;
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];

		if (s->gap) {
			diag("skip %s: %s: gap: %s", m->id, s->name, s->gap);
			skipped++;
		} else if (s->type == MW_T_DATETIME)
			clock_roundtrip(m, s);
		else if (s->type == MW_T_SCHEDULE)
			schedule(m, s);
		else
			scalar(m, s);
	}
	mw_model_free(m);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], path[8192], *names[256];
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	(void)is_str; /* tap.h helpers this test does not need */
	(void)is_double;
	if (!top)
		top = MW_SRCDIR;
	snprintf(dir, sizeof dir, "%s/devices", top);
	d = opendir(dir);
	if (!d) {
		printf("Bail out! cannot open %s\n", dir);
		return 1;
	}
	while ((e = readdir(d)) && n < 256) {
		size_t l = strlen(e->d_name);

		if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	ok(n > 0, "%zu device files in %s", n, dir);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		model(path);
		free(names[i]);
	}
	snprintf(path, sizeof path, "%s/tests/devices/tariff-meter.yaml", top);
	if (access(path, R_OK) == 0)
		model(path);
	else
		diag("no %s: schedules and clocks only from the shipped files", path);
	diag("%d settings skipped: their manual leaves them open (gap)", skipped);
	return done_testing();
}
