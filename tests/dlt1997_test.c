/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt1997_test.c - DL/T645-1997 frames byte for byte, its error byte, and
 * the seed-004 meter's 1997 device file against the standard's tables.
 *
 * Where each fact comes from (public descriptions of DL/T645-1997):
 * - The worked frames of read B611 and its reply "0100 V", checksum
 *   included: Heyuan Intelligence ASDU-LS manual, "1997 DL/645 Protocol
 *   Configuration" (manualshive.com/en/manual/heyuan-intelligence/asdu-ls/
 *   2128413?page=18): 68 03 00 00 00 00 00 68 01 02 44 E9 03 16 and
 *   68 03 00 00 00 00 00 68 81 04 44 E9 33 34 EC 16.
 * - Read 9010 (forward active energy) at 138000130754 and its reply of
 *   0.01 kWh: kaledl.com/down/1493168.html ("68 54 07 13 00 80 13 68 01 02
 *   43 C3 DA 16", "... 68 81 06 43 C3 34 33 33 33 2B 16").
 * - Control codes (01 read, 02 follow-up, 03 reread, 04 write, 08
 *   broadcast time, 0A write address, 0C change baud, 0F password, 10
 *   clear demand), the error byte (D0 illegal data, D1 wrong data
 *   identifier, D2 password, D4 year zones, D5 day periods, D6 tariffs)
 *   and the DI table (9010/9020 XXXXXX.XX kWh 4 bytes; B611..B613 XXX V 2
 *   bytes; B621..B623 XX.XX A 2 bytes; B630 XX.XXXX kW 3 bytes; B650
 *   X.XXX 2 bytes; C010 YYMMDDWW; C011 hhmmss; C032 meter number NN x6):
 *   github.com/bobyuxinyang/dlt645_1997, dlt645_api_97.h and .c
 *   (get_d97_ruler_info, trans_d97_format_err_word).
 * - 2007 added the read-address command and widened DIs from 2 to 4
 *   bytes: the foreword of DL/T645-2007, as quoted at
 *   sh-liguang.com/other/149775.html ("control codes redefined, read
 *   communication address added"; "data identifiers changed from 2 bytes
 *   to 4").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devload.h"
#include "dlt645.h"
#include "model.h"
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

/* The Heyuan manual's read of B611 (phase A voltage) and its reply. */
static void test_voltage_frames(void)
{
	static const char *req = "68 03 00 00 00 00 00 68 01 02 44 E9 03 16";
	static const char *rep = "68 03 00 00 00 00 00 68 81 04 44 E9 33 34 EC 16";
	struct dlt645_frame f, g;
	struct dlt645_addr a;
	struct dlt645_scan s;
	uint8_t b[DLT645_FRAME_MAX], d[2];
	size_t n;
	double v;

	ok(dlt645_addr_parse("000000000003", &a) == 0, "address 000000000003");
	dlt645_97_req_read(&f, &a, DLT645_97_DI_VOLTAGE_A);
	ok(f.ctrl == 0x01 && f.len == 2, "read data: C 01, L 2 (a 2-byte DI)");
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, req, "read B611 at 000000000003, byte for byte (CS 03)");

	n = hex(rep, b);
	ok(dlt645_find(b, n, &g, &s) == 1 && s.problem == DLT645_P_NONE, "reply found, CS EC good");
	ok(dlt645_is_reply(&g, DLT645_97_READ) && g.ctrl == 0x81, "normal reply: C 81");
	ok(g.len == 4 && dlt645_97_di_get(g.data) == 0xB611, "reply DI B611 (sent 11 B6)");
	ok(dlt645_bcd_decode(g.data + 2, 4, 0, false, &v) == 0, "voltage decodes");
	is_double(v, 100, 1e-9, "data 00 01: XXX = 100 V");

	/* and the reply built the way the simulator builds it */
	dlt645_97_di_put(0xB611, b);
	ok(dlt645_bcd_encode(100, 4, 0, false, d) == 2, "100 V in 2 bytes");
	memcpy(b + 2, d, 2);
	dlt645_reply(&f, &a, DLT645_97_READ, b, 4);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, rep, "reply built byte for byte");
}

/* kaledl's read of 9010 (forward active energy) and its 0.01 kWh reply. */
static void test_energy_frames(void)
{
	static const char *req = "68 54 07 13 00 80 13 68 01 02 43 C3 DA 16";
	static const char *rep = "68 54 07 13 00 80 13 68 81 06 43 C3 34 33 33 33 2B 16";
	struct dlt645_frame f, g;
	struct dlt645_addr a;
	struct dlt645_scan s;
	uint8_t b[DLT645_FRAME_MAX];
	char txt[13];
	size_t n;
	double v;

	ok(dlt645_addr_parse("138000130754", &a) == 0, "address 138000130754");
	dlt645_97_req_read(&f, &a, DLT645_97_DI_ENERGY_IMPORT);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, req, "read 9010 at 138000130754 (DI sent 10 90, CS DA)");
	n = dlt645_build(&f, 4, b, sizeof b);
	ok(n == 18 && b[0] == 0xFE && b[3] == 0xFE && b[4] == 0x68, "with 4 wake-up bytes FE");

	n = hex(rep, b);
	ok(dlt645_find(b, n, &g, &s) == 1 && s.problem == DLT645_P_NONE, "reply found, CS 2B good");
	dlt645_addr_format(&g.addr, txt);
	is_str(txt, "138000130754", "reply from the meter's address");
	ok(g.ctrl == 0x81 && g.len == 6 && dlt645_97_di_get(g.data) == 0x9010,
	   "C 81, L 6, DI 9010");
	ok(dlt645_bcd_decode(g.data + 2, 8, 2, false, &v) == 0, "energy decodes");
	is_double(v, 0.01, 1e-9, "XXXXXX.XX: 0.01 kWh");

	b[n - 2] ^= 1;
	ok(dlt645_find(b, n, &g, &s) == 0 && s.problem == DLT645_P_CHECKSUM,
	   "a wrong checksum is named");
}

/* Error reply 0xC1 and its error byte, which is not 2007's error word. */
static void test_error_byte(void)
{
	static const char *rep = "68 03 00 00 00 00 00 68 C1 01 35 CA 16";
	struct dlt645_frame f, g;
	struct dlt645_addr a;
	struct dlt645_scan s;
	uint8_t b[DLT645_FRAME_MAX];
	char words[200];
	size_t n;

	dlt645_addr_parse("000000000003", &a);
	dlt645_reply_error(&f, &a, DLT645_97_READ, DLT645_97_ERR_DI);
	n = dlt645_build(&f, 0, b, sizeof b);
	is_bytes(b, n, rep, "error reply C1, error byte 02 (+33 = 35), CS CA");
	n = hex(rep, b);
	ok(dlt645_find(b, n, &g, &s) == 1 && dlt645_is_error(&g, DLT645_97_READ) &&
	       g.data[0] == DLT645_97_ERR_DI,
	   "found as the error reply to read 0x01");

	dlt645_97_error_text(DLT645_97_ERR_DI, words, sizeof words);
	is_str(words, "wrong data identifier", "1997 bit D1: wrong data identifier");
	dlt645_97_error_text(DLT645_97_ERR_DATA | DLT645_97_ERR_PASSWORD, words, sizeof words);
	is_str(words, "illegal data, wrong password or not authorised", "D0 and D2 together");
	dlt645_97_error_text(DLT645_97_ERR_TARIFFS, words, sizeof words);
	is_str(words, "too many tariffs", "D6: too many tariffs");
	dlt645_error_text(0x01, words, sizeof words);
	is_str(words, "other error", "while 2007's bit D0 is 'other error'");

	ok(dlt645_97_code(0x01) && dlt645_97_code(0x81) && dlt645_97_code(0x0A) &&
	       dlt645_97_code(0x10),
	   "0x01, 0x0A and 0x10 are 1997 requests (D7 ignored)");
	ok(!dlt645_97_code(0x11) && !dlt645_97_code(0x13) && !dlt645_97_code(0x08) &&
	       !dlt645_97_code(0x00),
	   "2007's 0x11 and 0x13 are not, nor the shared broadcast time 0x08");
}

/* One value of the file: its DI, format and bytes on the wire. */
static void check_value(const struct mw_model *m, const char *name, uint32_t di, const char *format,
                        int bytes)
{
	const struct mw_value *v = NULL;

	for (size_t i = 0; i < m->n_values; i++)
		if (!strcmp(m->values[i].name, name))
			v = &m->values[i];
	if (!ok(v != NULL, "%s is a value", name))
		return;
	ok(v->dlt.di == di && !strcmp(v->dlt.format, format) && v->length == bytes,
	   "%s: DI %04X, %s, %d bytes (the standard's)", name, di, format, bytes);
}

/* The seed-004 meter's 1997 file carries the standard's DIs and formats. */
static void test_device_file(void)
{
	char path[4096], err[512] = "";
	struct mw_model *m;

	snprintf(path, sizeof path, "%s/devices/prepaid-dlt645-1997.yaml", MW_SRCDIR);
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "prepaid-dlt645-1997 loads")) {
		diag("%s", err);
		return;
	}
	ok(m->protocol == MW_PROTO_DLT645 && m->dlt_1997, "protocol: dlt645-1997");
	ok(m->dlt_id_di == DLT645_97_DI_METER_NUMBER && !m->dlt_id_address,
	   "identified by the meter number C032; no read address (1997 has none)");
	check_value(m, "energy_import", 0x9010, "XXXXXX.XX", 4);
	check_value(m, "energy_export", 0x9020, "XXXXXX.XX", 4);
	check_value(m, "voltage", 0xB611, "XXXX", 2); /* the standard's XXX in 2 bytes */
	check_value(m, "current", 0xB621, "XX.XX", 2);
	check_value(m, "active_power", 0xB630, "XX.XXXX", 3);
	check_value(m, "power_factor", 0xB650, "X.XXX", 2);
	check_value(m, "date", 0xC010, "YYMMDDWW", 4);
	check_value(m, "time", 0xC011, "hhmmss", 3);
	check_value(m, "meter_number", 0xC032, "", 6);
	ok(m->n_settings == 0 && m->n_actions == 0, "no settings or actions (writes are a gap)");
	ok(m->line.default_format == MW_FMT_8E1, "8E1 (the standard's even parity)");
	mw_model_free(m);
}

int main(void)
{
	test_voltage_frames();
	test_energy_frames();
	test_error_byte();
	test_device_file();
	return done_testing();
}
