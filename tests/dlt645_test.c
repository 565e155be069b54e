/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt645_test.c - DL/T645-2007 frames and data, byte for byte: the worked
 * frames of the project's DL/T645 issue and seeds README (read address to
 * AAx6, read DI 0x00010000 at 000000000001 and its 1234.56 kWh reply),
 * error replies, wake-up bytes, noise and bad checksums in a stream,
 * abbreviated addresses, the standard's data formats (voltage XXX.X,
 * current XXX.XXX signed, power XX.XXXX signed, energy XXXXXX.XX), dates
 * and times, blocks, baud characteristic bytes and control commands; the
 * search over abbreviated addresses against lines of simulated meters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dlt645.h"
#include "tap.h"

/* Parse "68 AA ..." into b; returns the count. */
static size_t hex(const char *s, uint8_t *b)
{
	size_t n = 0;

	while (*s) {
		char *end;
		unsigned long v = strtoul(s, &end, 16);

		if (end == s)
			break;
		b[n++] = (uint8_t)v;
		s = end;
	}
	return n;
}

/* Compare built bytes with the hex text of a frame. */
static int is_bytes(const uint8_t *got, size_t n, const char *want, const char *what)
{
	uint8_t w[DLT645_FRAME_MAX];
	size_t wn = hex(want, w);
	int r = ok(n == wn && memcmp(got, w, n) == 0, "%s", what);

	if (!r) {
		char buf[3 * DLT645_FRAME_MAX + 1] = "";

		for (size_t i = 0; i < n; i++)
			snprintf(buf + 3 * i, 4, "%02X ", got[i]);
		diag("got  %s", buf);
		diag("want %s", want);
	}
	return r;
}

static void test_worked_frames(void)
{
	static const char *read_addr = "68 AA AA AA AA AA AA 68 13 00 DF 16";
	static const char *read_req = "68 01 00 00 00 00 00 68 11 04 33 33 34 33 B3 16";
	static const char *read_rep = "68 01 00 00 00 00 00 68 91 08 33 33 34 33 89 67 45 33 9F 16";
	struct dlt645_frame f, g;
	struct dlt645_addr a;
	struct dlt645_scan s;
	uint8_t b[DLT645_FRAME_MAX], d[8];
	size_t n;
	double v;
	char txt[13];

	dlt645_req_read_address(&f);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, read_addr, "read address to AAx6 = 68 AA AA AA AA AA AA 68 13 00 DF 16");

	ok(dlt645_addr_parse("000000000001", &a) == 0, "address 000000000001 parses");
	dlt645_addr_format(&a, txt);
	is_str(txt, "000000000001", "address formats back");
	dlt645_req_read(&f, &a, 0x00010000);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, read_req, "read DI 0x00010000 at 000000000001");

	n = dlt645_build(&f, 4, b, sizeof b);
	ok(n == 20 && b[0] == 0xFE && b[3] == 0xFE && b[4] == 0x68, "4 wake-up bytes first");

	ok(dlt645_bcd_encode(1234.56, 8, 2, false, d) == 4, "1234.56 as XXXXXX.XX: 4 bytes");
	dlt645_di_put(0x00010000, b);
	memcpy(b + 4, d, 4);
	dlt645_reply(&f, &a, DLT645_READ, b, 8);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, read_rep, "reply carrying 1234.56 kWh");

	n = hex(read_rep, b);
	ok(dlt645_find(b, n, &g, &s) == 1 && s.start == 0 && s.end == n, "reply found");
	ok(dlt645_is_reply(&g, DLT645_READ) && !dlt645_is_error(&g, DLT645_READ),
	   "reply is a normal read reply (C 91)");
	ok(g.len == 8 && dlt645_di_get(g.data) == 0x00010000, "reply DI 0x00010000");
	ok(dlt645_bcd_decode(g.data + 4, 8, 2, false, &v) == 0, "energy decodes");
	is_double(v, 1234.56, 1e-9, "energy kWh");
	ok(memcmp(g.addr.a, a.a, 6) == 0, "reply from 000000000001");
}

static void test_errors(void)
{
	struct dlt645_frame f, g;
	struct dlt645_addr a;
	struct dlt645_scan s;
	uint8_t b[DLT645_FRAME_MAX];
	char txt[128];
	size_t n;

	dlt645_addr_parse("000000000001", &a);
	dlt645_reply_error(&f, &a, DLT645_READ, DLT645_ERR_NO_DATA);
	n = dlt645_build(&f, 0, b, sizeof b);
	/* 68+01+68+D1+01+35 = 0x1D8 */
	is_bytes(b, n, "68 01 00 00 00 00 00 68 D1 01 35 D8 16", "error reply: no such data");
	ok(dlt645_find(b, n, &g, &s) == 1 && dlt645_is_error(&g, DLT645_READ) &&
	       g.data[0] == DLT645_ERR_NO_DATA,
	   "error reply decodes: C D1, error word 02");
	ok(!dlt645_is_reply(&g, DLT645_READ), "an error reply is not a normal reply");
	dlt645_error_text(DLT645_ERR_PASSWORD, txt, sizeof txt);
	is_str(txt, "wrong password or not authorised", "error word 04 text");
	dlt645_error_text(DLT645_ERR_NO_DATA | DLT645_ERR_BAUD, txt, sizeof txt);
	is_str(txt, "no such data item, baud rate cannot be changed", "two error bits");

	dlt645_reply_error(&f, &a, DLT645_WRITE, DLT645_ERR_PASSWORD);
	n = dlt645_build(&f, 0, b, sizeof b);
	ok(b[8] == 0xD4 && b[10] == 0x37, "write error reply: C D4, 04+33");
}

static void test_stream(void)
{
	static const char *read_rep = "68 01 00 00 00 00 00 68 91 08 33 33 34 33 89 67 45 33 9F 16";
	struct dlt645_frame g;
	struct dlt645_scan s;
	uint8_t b[256], r[64];
	size_t n, rn = hex(read_rep, r);

	/* Wake-up bytes and noise before the frame. */
	n = hex("FE FE FE FE", b);
	memcpy(b + n, r, rn);
	n += rn;
	ok(dlt645_find(b, n, &g, &s) == 1 && s.start == 4 && s.wakeup == 4 && s.garbage == 0 &&
	       s.problem == DLT645_P_NONE,
	   "FE FE FE FE then a frame: found at 4, clean");

	n = hex("00 13 68 44 FE", b);
	memcpy(b + n, r, rn);
	n += rn;
	ok(dlt645_find(b, n, &g, &s) == 1 && s.start == 5 && s.wakeup == 1 && s.garbage == 4,
	   "garbage with a stray 68: frame found after 4 bytes of garbage and one FE");
	ok(s.problem == DLT645_P_GARBAGE || s.problem == DLT645_P_HEADER,
	   "the stray bytes are named (%s)", dlt645_problem_text(s.problem));

	/* A wrong checksum: no frame, the problem named with both sums. */
	memcpy(b, r, rn);
	b[rn - 2] = 0x9E;
	ok(dlt645_find(b, rn, &g, &s) == 0 && s.problem == DLT645_P_CHECKSUM && s.cs_got == 0x9E &&
	       s.cs_want == 0x9F,
	   "checksum 9E for 9F: rejected as a checksum mismatch");
	/* ... and a good frame after the bad one is still found. */
	memcpy(b + rn, r, rn);
	ok(dlt645_find(b, 2 * rn, &g, &s) == 1 && s.start == rn && s.problem == DLT645_P_CHECKSUM,
	   "a good frame after a bad one is found; the bad one is reported");

	/* Missing end byte. */
	memcpy(b, r, rn);
	b[rn - 1] = 0x17;
	ok(dlt645_find(b, rn, &g, &s) == 0 && s.problem == DLT645_P_END, "no 16: rejected");

	/* A data byte flipped: the checksum catches it. */
	memcpy(b, r, rn);
	b[15] ^= 0x01;
	ok(dlt645_find(b, rn, &g, &s) == 0 && s.problem == DLT645_P_CHECKSUM,
	   "a flipped data bit fails the checksum");

	/* Partial frames: need more, keep the start. */
	n = hex("FE FE 55", b);
	memcpy(b + n, r, 9);
	ok(dlt645_find(b, n + 9, &g, &s) == 0 && s.end == 3 && s.problem == DLT645_P_GARBAGE,
	   "half a frame: wait, dropping only the 3 bytes before it");
	memcpy(b + n, r, rn - 1);
	ok(dlt645_find(b, n + rn - 1, &g, &s) == 0 && s.end == 3,
	   "all but the end byte: wait for it");

	/* A Modbus request is not a DL/T645 frame. */
	n = hex("01 03 01 00 00 03 04 37", b);
	ok(dlt645_find(b, n, &g, &s) == 0 && s.end == n && s.garbage == n,
	   "a Modbus read request is garbage to DL/T645");
	/* A wrong L makes the frame run past its end: wait (the silence ends it). */
	memcpy(b, r, rn);
	b[9] = 0x20;
	ok(dlt645_find(b, rn, &g, &s) == 0 && s.end == 0, "L too long: not complete");
}

static void test_addresses(void)
{
	struct dlt645_addr to, m;
	struct dlt645_frame f;
	uint8_t b[64];
	size_t n;
	char txt[13];

	dlt645_addr_parse("123456789012", &m);
	ok(m.a[0] == 0x12 && m.a[5] == 0x12 && m.a[1] == 0x90, "A0 = lowest digits 12, A1 = 90");
	dlt645_addr_parse("AAAAAAAAAAAA", &to);
	ok(dlt645_addr_is_wildcard(&to) && dlt645_addr_match(&to, &m), "AAx6 reaches any meter");
	dlt645_addr_parse("AAAAAAAAAA12", &to);
	ok(dlt645_addr_match(&to, &m), "AAAAAAAAAA12 reaches ...12");
	dlt645_addr_parse("AAAAAAAAAA13", &to);
	ok(!dlt645_addr_match(&to, &m), "AAAAAAAAAA13 does not reach ...12");
	dlt645_addr_parse("AAAAAAAA9012", &to);
	ok(dlt645_addr_match(&to, &m), "two low bytes given: match");
	dlt645_addr_format(&to, txt);
	is_str(txt, "AAAAAAAA9012", "abbreviated address formats with AA");
	dlt645_addr_parse("999999999999", &to);
	ok(dlt645_addr_is_broadcast(&to) && dlt645_addr_match(&to, &m), "99x6 is broadcast");
	ok(dlt645_addr_parse("12345678901", &to) < 0 && dlt645_addr_parse("12345678901X", &to) < 0,
	   "11 digits or a letter: rejected");
	dlt645_addr_from_number(1, &to);
	dlt645_addr_format(&to, txt);
	is_str(txt, "000000000001", "address of number 1");

	/* Abbreviated read: low byte 01, rest wildcard, CS by hand:
	   68+01+AA*5+68+11+04+33+33+34+33 = 0x505 -> 05. */
	dlt645_addr_parse("AAAAAAAAAA01", &to);
	dlt645_req_read(&f, &to, 0x00010000);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, "68 01 AA AA AA AA AA 68 11 04 33 33 34 33 05 16",
	         "read at abbreviated address AAAAAAAAAA01");
	/* Write address 000000000002: 68 AA*6 68 15 06 35 33 33 33 33 33 CS 16. */
	dlt645_addr_parse("000000000002", &to);
	dlt645_req_write_address(&f, &to);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, "68 AA AA AA AA AA AA 68 15 06 35 33 33 33 33 33 1B 16",
	         "write address 000000000002");
}

static void test_numbers(void)
{
	uint8_t d[8];
	double v;
	int digits, dec;

	/* Voltage 0x02010100 XXX.X, 2 bytes: 220.1 V = 01 22. */
	ok(dlt645_format_parse("XXX.X", &digits, &dec) == 0 && digits == 4 && dec == 1,
	   "XXX.X: 4 digits, 1 decimal");
	ok(dlt645_bcd_encode(220.1, 4, 1, false, d) == 2 && d[0] == 0x01 && d[1] == 0x22,
	   "220.1 V = 01 22 (wire 34 55)");
	ok(dlt645_bcd_decode(d, 4, 1, false, &v) == 0 && fabs(v - 220.1) < 1e-9, "01 22 = 220.1 V");
	/* Current 0x02020100 XXX.XXX signed, 3 bytes: -1.5 A = 00 15 80. */
	ok(dlt645_format_parse("XXX.XXX", &digits, &dec) == 0 && digits == 6 && dec == 3,
	   "XXX.XXX: 6 digits, 3 decimals");
	ok(dlt645_bcd_encode(-1.5, 6, 3, true, d) == 3 && d[0] == 0x00 && d[1] == 0x15 &&
	       d[2] == 0x80,
	   "-1.500 A = 00 15 80 (sign in the top bit)");
	ok(dlt645_bcd_decode(d, 6, 3, true, &v) == 0 && v == -1.5, "00 15 80 = -1.5 A");
	ok(dlt645_bcd_decode(d, 6, 3, false, &v) == 0 && fabs(v - 801.5) < 1e-9,
	   "00 15 80 read unsigned is 801.500: the sign bit matters");
	d[0] = 0x0A;
	ok(dlt645_bcd_decode(d, 6, 3, true, &v) < 0, "a nibble A: not BCD");
	ok(dlt645_bcd_encode(12.345, 6, 3, true, d) == 3 && d[0] == 0x45 && d[1] == 0x23 &&
	       d[2] == 0x01,
	   "12.345 A = 45 23 01");
	/* Power 0x02030000 XX.XXXX kW signed: 2.2 kW = 00 20 02; -0.3456 = 56 34 80. */
	ok(dlt645_format_parse("XX.XXXX", &digits, &dec) == 0 && digits == 6 && dec == 4,
	   "XX.XXXX: 6 digits, 4 decimals");
	ok(dlt645_bcd_encode(2.2, 6, 4, true, d) == 3 && d[0] == 0x00 && d[1] == 0x20 &&
	       d[2] == 0x02,
	   "2.2000 kW = 00 20 02");
	ok(dlt645_bcd_encode(-0.3456, 6, 4, true, d) == 3 && d[0] == 0x56 && d[1] == 0x34 &&
	       d[2] == 0x80,
	   "-0.3456 kW = 56 34 80");
	ok(dlt645_bcd_decode(d, 6, 4, true, &v) == 0 && fabs(v + 0.3456) < 1e-12,
	   "56 34 80 = -0.3456 kW");
	/* Power factor X.XXX, frequency XX.XX. */
	ok(dlt645_bcd_encode(0.995, 4, 3, true, d) == 2 && d[0] == 0x95 && d[1] == 0x09,
	   "PF 0.995 = 95 09");
	ok(dlt645_bcd_encode(50.01, 4, 2, false, d) == 2 && d[0] == 0x01 && d[1] == 0x50,
	   "50.01 Hz = 01 50");
	/* Range: unsigned 4 digits < 10000 raw; signed top digit <= 7. */
	ok(dlt645_bcd_encode(999.9, 4, 1, false, d) == 2, "999.9 fits XXX.X");
	ok(dlt645_bcd_encode(1000.0, 4, 1, false, d) < 0, "1000.0 does not fit XXX.X");
	ok(dlt645_bcd_encode(799.999, 6, 3, true, d) == 3, "799.999 fits signed XXX.XXX");
	ok(dlt645_bcd_encode(800.0, 6, 3, true, d) < 0, "800.000 does not (sign bit)");
	ok(dlt645_bcd_encode(-1, 4, 1, false, d) < 0, "negative unsigned: rejected");
	ok(dlt645_format_parse("XXX", &digits, &dec) < 0 &&
	       dlt645_format_parse(".XX", &digits, &dec) < 0 &&
	       dlt645_format_parse("XX.X.X", &digits, &dec) < 0,
	   "odd digits, leading point, two points: rejected");
	ok(dlt645_bcd_value(0x9A) < 0 && dlt645_bcd_value(0x99) == 99, "BCD byte check");
}

static void test_times(void)
{
	struct dlt645_time t = {.year = 2026, .month = 11, .day = 27, .wday = 5}, u;
	uint8_t d[16];

	/* 0x04000101 YYMMDDWW: sent WW DD MM YY. */
	ok(dlt645_time_len("YYMMDDWW") == 4 && dlt645_time_len("hhmmss") == 3 &&
	       dlt645_time_len("hhmmNN") == 3 && dlt645_time_len("YYMMDDhhmmss") == 6,
	   "format lengths");
	ok(dlt645_time_len("YYMMDDX") < 0 && dlt645_time_len("QQ") < 0, "bad formats rejected");
	ok(dlt645_time_encode("YYMMDDWW", &t, d) == 4 && d[0] == 0x05 && d[1] == 0x27 &&
	       d[2] == 0x11 && d[3] == 0x26,
	   "2026-11-27 Friday = 05 27 11 26 (WW first)");
	ok(dlt645_time_decode("YYMMDDWW", d, &u) == 0 && u.year == 2026 && u.month == 11 &&
	       u.day == 27 && u.wday == 5,
	   "and back");
	t = (struct dlt645_time){.hour = 14, .min = 5, .sec = 9};
	ok(dlt645_time_encode("hhmmss", &t, d) == 3 && d[0] == 0x09 && d[1] == 0x05 && d[2] == 0x14,
	   "14:05:09 = 09 05 14 (ss first)");
	t = (struct dlt645_time){.hour = 8, .min = 30, .num = 2};
	ok(dlt645_time_encode("hhmmNN", &t, d) == 3 && d[0] == 0x02 && d[1] == 0x30 && d[2] == 0x08,
	   "period 08:30 tariff 2 = 02 30 08");
	t = (struct dlt645_time){.month = 13};
	ok(dlt645_time_encode("MMDDNN", &t, d) < 0, "month 13 rejected");
	d[0] = 0x60;
	d[1] = 0x00;
	d[2] = 0x00;
	ok(dlt645_time_decode("hhmmss", d, &u) < 0, "60 seconds rejected");
}

static void test_blocks_and_commands(void)
{
	struct dlt645_frame f;
	struct dlt645_addr a;
	struct dlt645_auth auth = {.level = 0x02, .password = 0x123456, .operator_id = 0};
	struct dlt645_time until = {
	    .year = 2026, .month = 11, .day = 27, .hour = 23, .min = 59, .sec = 59};
	uint8_t b[DLT645_FRAME_MAX], d[4];
	size_t n;

	ok(dlt645_di_is_block(0x0001FF00) && !dlt645_di_is_block(0x00010000), "FF marks a block");
	ok(dlt645_di_in_block(0x0001FF00, 0x00010000) && dlt645_di_in_block(0x0001FF00, 0x00010400),
	   "total and tariff 4 belong to 0x0001FF00");
	ok(!dlt645_di_in_block(0x0001FF00, 0x00020000), "reverse energy does not");
	ok(dlt645_baud_code(2400) == 0x08 && dlt645_baud_code(9600) == 0x20 &&
	       dlt645_baud_code(1200) == 0x04 && dlt645_baud_code(19200) == 0x40 &&
	       dlt645_baud_code(115200) == 0,
	   "baud characteristic bits: 1200 04, 2400 08, 9600 20, 19200 40");
	ok(dlt645_baud_from_code(0x10) == 4800 && dlt645_baud_from_code(0x02) == 600 &&
	       dlt645_baud_from_code(0x30) == 0,
	   "and back; two bits set is no baud");

	dlt645_addr_parse("000000000001", &a);
	ok(dlt645_req_baud(&f, &a, 9600) == 0, "change baud request");
	n = dlt645_build(&f, 0, b, sizeof b);
	/* 68+01+68+17+01+53 = 0x13C */
	is_bytes(b, n, "68 01 00 00 00 00 00 68 17 01 53 3C 16", "change baud to 9600");
	ok(dlt645_req_baud(&f, &a, 14400) < 0, "14400 has no characteristic bit");

	dlt645_bcd_encode(500.00, 8, 2, false, d);
	ok(dlt645_req_write(&f, &a, 0x04001001, &auth, d, 4) == 0 && f.len == 16,
	   "write alarm amount 1: 4 DI + 4 password + 4 operator + 4 data");
	ok(f.data[4] == 0x02 && f.data[5] == 0x56 && f.data[6] == 0x34 && f.data[7] == 0x12,
	   "password: PA 02, then P0 P1 P2 = 56 34 12");
	n = dlt645_build(&f, 0, b, sizeof b);
	ok(n == 28 && b[8] == 0x14 && b[9] == 0x10 && b[10] == 0x34 && b[11] == 0x43,
	   "on the wire: C 14, L 10, DI 01 10 00 04 + 33");

	ok(dlt645_req_control(&f, &a, &auth, DLT645_CTL_TRIP, &until) == 0 && f.len == 16,
	   "control: 8 auth + N1 N2 + 6 time");
	ok(f.data[8] == 0x1A && f.data[9] == 0 && f.data[10] == 0x59 && f.data[15] == 0x26,
	   "trip 1A, until ss=59 .. YY=26");
	is_str(dlt645_control_name(DLT645_CTL_CLOSE_ALLOWED), "close_allowed", "control name");

	ok(dlt645_req_broadcast_time(&f, &until) == 0 && f.len == 6 &&
	       dlt645_addr_is_broadcast(&f.addr) && f.ctrl == 0x08,
	   "broadcast time to 99x6, C 08, 6 bytes");
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, "68 99 99 99 99 99 99 68 08 06 8C 8C 56 5A 44 59 D9 16",
	         "broadcast 2026-11-27 23:59:59 (ss mm hh DD MM YY)");
}

/* A line of meters answering probes as the simulator does. */
static enum dlt645_probe_result answer(const char *const *meters, int n,
                                       const struct dlt645_addr *probe, struct dlt645_addr *a)
{
	int hits = 0;

	for (int i = 0; i < n; i++) {
		struct dlt645_addr m;

		dlt645_addr_parse(meters[i], &m);
		if (dlt645_addr_match(probe, &m)) {
			*a = m;
			hits++;
		}
	}
	return hits == 0   ? DLT645_PROBE_NONE
	       : hits == 1 ? DLT645_PROBE_ONE
	                   : DLT645_PROBE_COLLISION;
}

/* Run a search over meters; check what it finds and how many probes it took. */
static void search_case(const char *what, const char *const *meters, int n, int want_found,
                        int want_probes, const char *want_same)
{
	struct dlt645_search s;
	struct dlt645_addr p, a;
	int found = 0;

	dlt645_search_init(&s);
	while (dlt645_search_next(&s, &p) && s.probes < 10000)
		dlt645_search_result(&s, answer(meters, n, &p, &a), &a);
	for (int i = 0; i < s.n_found; i++) {
		char t[13];

		dlt645_addr_format(&s.found[i], t);
		for (int k = 0; k < n; k++)
			found += !strcmp(t, meters[k]);
	}
	ok(s.n_found == want_found && found == want_found && s.probes == want_probes,
	   "search, %s: %d meters found in %d probes", what, s.n_found, s.probes);
	if (want_same) {
		char t[13] = "";

		if (s.n_same)
			dlt645_addr_format(&s.same[0], t);
		is_str(t, want_same, "two meters at one address are named");
	}
}

static void test_search(void)
{
	static const char *const one[] = {"000000000001"};
	static const char *const three[] = {"000000000001", "000000000002", "112233445566"};
	static const char *const flats[] = {"240512000101", "240512000102", "240512000117",
	                                    "231120009944"};
	static const char *const low[] = {"000000000101", "000000000201", "000000000301"};
	static const char *const twin[] = {"000000000005", "000000000005", "000000000006"};

	search_case("an empty line", NULL, 0, 0, 1, NULL);
	search_case("one meter", one, 1, 1, 1, NULL);
	search_case("three meters, A0 differs", three, 3, 3, 101, NULL);
	search_case("the mixed-line flats", flats, 4, 4, 101, NULL);
	search_case("three meters sharing A0", low, 3, 3, 201, NULL);
	search_case("two meters at one address", twin, 3, 1, 601, "000000000005");
	ok(dlt645_frame_chars(4, 4) == 20 && dlt645_frame_chars(0, 0) == 12,
	   "a read request with 4 wake-up bytes is 20 characters, read address 12");
}

int main(void)
{
	test_worked_frames();
	test_errors();
	test_stream();
	test_addresses();
	test_numbers();
	test_times();
	test_blocks_and_commands();
	test_search();
	return done_testing();
}
