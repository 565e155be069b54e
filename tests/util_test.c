/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util_test.c - the one-of-each helpers in src/util/: the Modbus CRC
 * against the manuals' frames, the ISO time formatter, the CSV reader and
 * writer (a round trip through both), the allocation family.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crc16.h"
#include "csv.h"
#include "isotime.h"
#include "tap.h"
#include "xalloc.h"

/* CRC of a frame's body equals its last two bytes, low byte first. */
static int frame_ok(const uint8_t *f, size_t n)
{
	return mw_crc16(f, n - 2) == (uint16_t)(f[n - 2] | f[n - 1] << 8);
}

static void test_crc(void)
{
	/* JSY-MK-333 manual: read request and reply, clear-energy, alarm limits. */
	static const uint8_t rd[] = {0x01, 0x03, 0x01, 0x00, 0x00, 0x03, 0x04, 0x37};
	static const uint8_t rp[] = {0x01, 0x03, 0x06, 0x56, 0x11, 0x56,
	                             0x22, 0x56, 0x33, 0x1F, 0x77};
	static const uint8_t clr[] = {0x01, 0x10, 0x00, 0x0C, 0x00, 0x02, 0x04,
	                              0x00, 0x00, 0x00, 0x00, 0xF3, 0xFA};
	static const uint8_t lim[] = {0x01, 0x10, 0x00, 0x20, 0x00, 0x02, 0x04,
	                              0x01, 0x04, 0x01, 0xF4, 0xB1, 0x9D};
	/* KPM33B manual: FC 01 reply (CRC low byte first). */
	static const uint8_t coil[] = {0x01, 0x01, 0x01, 0x01, 0x90, 0x48};

	ok(frame_ok(rd, sizeof rd), "CRC of the JSY read request 01 03 01 00 00 03: 04 37");
	ok(frame_ok(rp, sizeof rp), "CRC of the JSY reply: 1F 77");
	ok(frame_ok(clr, sizeof clr), "CRC of the JSY clear-energy frame: F3 FA");
	ok(frame_ok(lim, sizeof lim), "CRC of the JSY alarm-limit write: B1 9D");
	ok(frame_ok(coil, sizeof coil), "CRC of the KPM33B FC 01 reply: 90 48");
	ok(mw_crc16(NULL, 0) == 0xFFFF, "CRC of nothing is the initial 0xFFFF");
}

static void test_iso_time(void)
{
	struct timespec ts = {1795781386, 123456789}; /* 2026-11-27T12:09:46Z */
	char b[MW_ISO_TIME_LEN];

	is_str(mw_iso_time(&ts, false, b, sizeof b), "2026-11-27T12:09:46Z", "ISO time, seconds");
	is_str(mw_iso_time(&ts, true, b, sizeof b), "2026-11-27T12:09:46.123Z",
	       "ISO time, milliseconds");
	ok(strlen(mw_iso_time(NULL, true, b, sizeof b)) == 24 && b[23] == 'Z', "now: %s", b);
}

static void test_csv(void)
{
	const char *text = "# a comment\n"
	                   "label, model ,address\n"
	                   "\n"
	                   "\"A, 1\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
	                   "B,,3\n";
	const char *p = text;
	struct mw_csv_record r;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int line = 1;

	ok(mw_csv_next(&p, &line, &r) == 1 && r.n == 3 && r.line == 2, "header at line 2");
	is_str(r.n > 1 ? r.cell[1] : NULL, "model", "unquoted cells are trimmed");
	mw_csv_record_free(&r);
	ok(mw_csv_next(&p, &line, &r) == 1 && r.n == 3 && r.line == 4, "a record at line 4");
	is_str(r.n > 0 ? r.cell[0] : NULL, "A, 1", "a comma inside quotes");
	is_str(r.n > 1 ? r.cell[1] : NULL, "say \"hi\"", "doubled quotes");
	is_str(r.n > 2 ? r.cell[2] : NULL, "two\nlines", "a line break inside quotes");

	/* Write the record back and read it again: the same cells. */
	f = open_memstream(&out, &len);
	for (size_t i = 0; i < r.n; i++) {
		if (i)
			fputc(',', f);
		mw_csv_cell(f, r.cell[i], false);
	}
	fputc('\n', f);
	mw_csv_cell(f, "plain", false);
	fputc(',', f);
	mw_csv_cell(f, "plain", true);
	fputc('\n', f);
	fclose(f);
	{
		const char *q = out;
		struct mw_csv_record back;
		int l2 = 1;

		ok(mw_csv_next(&q, &l2, &back) == 1 && back.n == 3 &&
		       !strcmp(back.cell[0], r.cell[0]) && !strcmp(back.cell[1], r.cell[1]) &&
		       !strcmp(back.cell[2], r.cell[2]),
		   "written and read back: the same cells");
		mw_csv_record_free(&back);
		is_str(strstr(out, "plain,"), "plain,\"plain\"\n",
		       "quoted only when asked or needed");
	}
	free(out);
	mw_csv_record_free(&r);
	ok(mw_csv_next(&p, &line, &r) == 1 && r.n == 3 && r.line == 6 && !*r.cell[1],
	   "an empty cell, line 6");
	mw_csv_record_free(&r);
	ok(mw_csv_next(&p, &line, &r) == 0, "the end");
}

static void test_xalloc(void)
{
	char *s = mw_xstrdup(NULL), *t = mw_xstrndup("abcdef", 3);
	int *v = mw_xcalloc(0, sizeof *v);

	is_str(s, "", "mw_xstrdup(NULL) is empty");
	is_str(t, "abc", "mw_xstrndup cuts");
	ok(v != NULL, "a zero-size allocation is not NULL");
	v = mw_xrealloc(v, 100 * sizeof *v);
	v[99] = 7;
	ok(v[99] == 7, "grown");
	free(s);
	free(t);
	free(v);
}

int main(void)
{
	test_crc();
	test_iso_time();
	test_csv();
	test_xalloc();
	return done_testing();
}
