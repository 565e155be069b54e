/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_test.c - the codec against the manuals: the JSY-MK-333's worked
 * read reply, its packed address/format/baud word 0x0004 and its alarm
 * limits, through the shipped device file; IEEE 754 bit patterns; word and
 * byte orders; the sign taken from a direction bit; BCD and binary clocks;
 * tariff schedules; and the messages that reject bad values.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "devload.h"
#include "tap.h"
#include "devtest.h"

static const struct mw_value *value(const struct mw_model *m, const char *name)
{
	const struct mw_value *v = mw_model_value(m, name);

	if (!v) {
		printf("Bail out! %s has no value %s\n", m->id, name);
		exit(1);
	}
	return v;
}

static const struct mw_setting *setting(const struct mw_model *m, const char *name)
{
	const struct mw_setting *s = mw_model_setting(m, name);

	if (!s) {
		printf("Bail out! %s has no setting %s\n", m->id, name);
		exit(1);
	}
	return s;
}

/* A register image for mw_decode_all: regs [base, base + n) of holding. */
struct image {
	uint16_t base;
	const uint16_t *w;
	int n;
};

static const uint16_t *image_get(void *ctx, enum mw_table t, uint16_t reg, int n)
{
	const struct image *im = ctx;

	if (t != MW_TABLE_HOLDING || reg < im->base || reg + n > im->base + im->n)
		return NULL;
	return im->w + (reg - im->base);
}

/* Manual 4.4.1: reply 01 03 06 56 11 56 22 56 33 1F 77 = 220.33, 220.50, 220.67 V. */
static void test_jsy_voltages(const struct mw_model *m)
{
	static const uint8_t reply[] = {0x01, 0x03, 0x06, 0x56, 0x11, 0x56,
	                                0x22, 0x56, 0x33, 0x1F, 0x77};
	static const char *const names[] = {"voltage_l1", "voltage_l2", "voltage_l3"};
	static const double want[] = {220.33, 220.50, 220.67};
	uint16_t w[3];
	double all[512];
	struct image im = {0x0100, w, 3};

	for (int i = 0; i < 3; i++)
		w[i] = (uint16_t)(reply[3 + 2 * i] << 8 | reply[4 + 2 * i]);
	for (int i = 0; i < 3; i++) {
		const struct mw_value *v = value(m, names[i]);
		double x = 0;

		ok(v->reg == 0x0100 + i, "%s is register 0x%04X", names[i], 0x0100 + i);
		ok(mw_decode_value(v, &w[v->reg - 0x0100], -1, &x, NULL, 0) == 0, "%s decodes",
		   names[i]);
		is_double(x, want[i], 0.004, names[i]);
	}
	if (m->n_values > sizeof all / sizeof all[0])
		return;
	mw_decode_all(m, image_get, &im, all);
	is_double(all[value(m, "voltage_l3") - m->values], 220.67, 0.004,
	          "decode_all: voltage_l3 from the image");
	ok(isnan(all[value(m, "current_l1") - m->values]), "decode_all: unread current_l1 is NaN");
}

/* Manual Table 2, 0x0004: default 0x0106 = address 1, 8N1, 9600. */
static void test_jsy_line_word(const struct mw_model *m)
{
	const struct mw_setting *addr = setting(m, "address"), *fmt = setting(m, "format"),
	                        *baud = setting(m, "baud");
	char buf[64], err[256];
	uint16_t w;
	uint32_t raw;

	w = 0x0106;
	mw_setting_format(addr, mw_setting_decode(addr, &w), buf, sizeof buf);
	is_str(buf, "1", "0x0106: address 1");
	mw_setting_format(fmt, mw_setting_decode(fmt, &w), buf, sizeof buf);
	is_str(buf, "8N1", "0x0106: format 8N1");
	mw_setting_format(baud, mw_setting_decode(baud, &w), buf, sizeof buf);
	is_str(buf, "9600", "0x0106: 9600 baud");

	ok(mw_setting_parse(addr, "5", &raw, err, sizeof err) == 0, "address 5 parses");
	w = 0x0106;
	ok(mw_setting_encode(addr, raw, &w) == 0 && w == 0x0506, "address 5 into 0x0106 = 0x0506");
	ok(mw_setting_parse(fmt, "8e1", &raw, err, sizeof err) == 0,
	   "format 8e1 parses (any case)");
	w = 0x0106;
	ok(mw_setting_encode(fmt, raw, &w) == 0 && w == 0x0146, "format 8E1 into 0x0106 = 0x0146");
	ok(mw_setting_parse(fmt, "8N2", &raw, err, sizeof err) == 0, "format 8N2 parses");
	w = 0x0106;
	ok(mw_setting_encode(fmt, raw, &w) == 0 && w == 0x01C6, "format 8N2 (bits 11) = 0x01C6");
	ok(mw_setting_parse(baud, "19200", &raw, err, sizeof err) == 0, "baud 19200 parses");
	w = 0x0106;
	ok(mw_setting_encode(baud, raw, &w) == 0 && w == 0x0107, "19200 (7) into 0x0106 = 0x0107");
	ok(mw_setting_parse(baud, "4800", &raw, err, sizeof err) == 0 && raw == 5,
	   "4800 is code 5");

	/* Read-modify-write: only the field's bits change. */
	ok(mw_setting_parse(addr, "5", &raw, err, sizeof err) == 0, "address 5 parses again");
	w = 0xFFFF;
	ok(mw_setting_encode(addr, raw, &w) == 0 && w == 0x05FF, "address 5 into 0xFFFF = 0x05FF");
	w = 0x0000;
	ok(mw_setting_encode(baud, 6, &w) == 0 && w == 0x0006, "baud code 6 into 0x0000 = 0x0006");
	w = 0x0106;
	ok(mw_setting_encode(addr, 256, &w) == -1 && w == 0x0106,
	   "256 does not fit the 8-bit address field; word untouched");
	ok(mw_setting_encode(fmt, 4, &w) == -1, "4 does not fit the 2-bit format field");
}

/* Manual 4.4.2: 0104H, 01F4H at 0x0020/0x0021 = 260 V, 50.0 A (0.1 A). */
static void test_jsy_limits(const struct mw_model *m)
{
	const struct mw_setting *v = setting(m, "voltage_limit"), *a = setting(m, "current_limit");
	uint16_t w[2] = {0, 0};
	uint32_t raw;
	char err[256], buf[64];

	ok(mw_setting_parse(v, "260", &raw, err, sizeof err) == 0 &&
	       mw_setting_encode(v, raw, &w[0]) == 0 && w[0] == 0x0104,
	   "voltage_limit 260 V = 0x0104");
	ok(mw_setting_parse(a, "50.0", &raw, err, sizeof err) == 0 &&
	       mw_setting_encode(a, raw, &w[1]) == 0 && w[1] == 0x01F4,
	   "current_limit 50.0 A = 0x01F4");
	mw_setting_format(a, 0x01F4, buf, sizeof buf);
	is_str(buf, "50.0", "0x01F4 formats as 50.0 (A, one decimal)");
	/* Finer than the register's 0.1 A step: refused, never rounded into
	   another value and written (issue: address=3.5 was written as 4). */
	ok(mw_setting_parse(a, "50.04", &raw, err, sizeof err) < 0 &&
	       strstr(err, "50.04 is not a multiple of 0.1"),
	   "50.04 A is refused: finer than the 0.1 A step");
	ok(mw_setting_parse(a, "12.36", &raw, err, sizeof err) < 0, "12.36 A is refused");
	ok(mw_setting_parse(a, "12.4", &raw, err, sizeof err) == 0 && raw == 124, "12.4 A = 124");
	ok(mw_setting_parse(v, "260 V", &raw, err, sizeof err) == 0 && raw == 260,
	   "a trailing unit is accepted: 260 V");
	ok(mw_setting_parse(v, " 1e2 ", &raw, err, sizeof err) < 0 && strstr(err, "not a number"),
	   "exponent notation is refused: 1e2");
	ok(mw_setting_parse(v, " 100 ", &raw, err, sizeof err) == 0 && raw == 100,
	   "blanks around a value: 100");
	ok(mw_setting_parse(a, "6553.5", &raw, err, sizeof err) == 0 && raw == 65535,
	   "current_limit maximum 6553.5 A = 0xFFFF");
}

/* Messages name the setting, the bad value and what is allowed. */
static void test_rejections(const struct mw_model *m)
{
	char err[256];
	uint32_t raw = 12345;

	ok(mw_setting_parse(setting(m, "baud"), "38400", &raw, err, sizeof err) == -1,
	   "baud 38400 rejected");
	is_str(err, "baud: 38400 is not supported; choose 4800, 9600 or 19200", "baud message");
	ok(raw == 12345, "a rejected value leaves *raw alone");
	ok(mw_setting_parse(setting(m, "format"), "7N1", &raw, err, sizeof err) == -1,
	   "format 7N1 rejected");
	is_str(err, "format: 7N1 is not supported; choose 8N1, 8E1, 8O1 or 8N2", "format message");
	ok(mw_setting_parse(setting(m, "address"), "0", &raw, err, sizeof err) == -1,
	   "address 0 rejected (broadcast)");
	is_str(err, "address: 0 is out of range; enter a number from 1 to 247",
	       "address 0 message");
	ok(mw_setting_parse(setting(m, "address"), "248", &raw, err, sizeof err) == -1,
	   "address 248 rejected (reserved)");
	ok(strstr(err, "address") && strstr(err, "248") && strstr(err, "1 to 247"),
	   "address 248 message names setting, value and range: %s", err);
	ok(mw_setting_parse(setting(m, "address"), "12abc", &raw, err, sizeof err) == -1,
	   "address 12abc rejected");
	is_str(err, "address: \"12abc\" is not a number; enter a number from 1 to 247",
	       "not-a-number message");
	ok(mw_setting_parse(setting(m, "address"), "0x05", &raw, err, sizeof err) == -1,
	   "hex is not a decimal number");
	ok(mw_setting_parse(setting(m, "address"), "", &raw, err, sizeof err) == -1 &&
	       strstr(err, "no value"),
	   "empty value rejected: %s", err);
	ok(mw_setting_parse(setting(m, "voltage_limit"), "65536", &raw, err, sizeof err) == -1,
	   "voltage_limit 65536 rejected");
	is_str(err, "voltage_limit: 65536 is out of range; enter a number from 0 to 65535 V",
	       "voltage_limit message carries the unit");
	ok(mw_setting_parse(setting(m, "voltage_limit"), "-1", &raw, err, sizeof err) == -1,
	   "voltage_limit -1 rejected");
	ok(mw_setting_parse(setting(m, "current_limit"), "6553.6", &raw, err, sizeof err) == -1,
	   "current_limit 6553.6 A rejected");
	is_str(err, "current_limit: 6553.6 is out of range; enter a number from 0.0 to 6553.5 A",
	       "current_limit message in 0.1 A");
	ok(mw_setting_parse(setting(m, "current_limit"), "nan", &raw, err, sizeof err) == -1,
	   "nan is not a number");
	ok(mw_setting_parse(setting(m, "voltage_limit"), "260 A", &raw, err, sizeof err) == -1,
	   "a wrong unit is rejected");
	{
		char longer[300];

		memset(longer, ' ', sizeof longer);
		longer[0] = '5';
		longer[sizeof longer - 2] = 'x';
		longer[sizeof longer - 1] = '\0';
		ok(mw_setting_parse(setting(m, "voltage_limit"), longer, &raw, err, sizeof err) ==
		       -1,
		   "5, many blanks and x is rejected, not cut to 5");
	}
}

/* Fields that cannot hold the range, and a password that is never echoed. */
static void test_fit_and_secret(void)
{
	struct mw_setting s = {.name = "nibble",
	                       .type = MW_T_U16,
	                       .field = {0, 3},
	                       .scale = 1,
	                       .has_range = true,
	                       .min = 0,
	                       .max = 100};
	struct mw_setting pw = {.name = "password",
	                        .type = MW_T_U16,
	                        .field = {0, 15},
	                        .scale = 1,
	                        .has_range = true,
	                        .min = 0,
	                        .max = 9999,
	                        .secret = true};
	struct mw_setting neg = {.name = "offset",
	                         .type = MW_T_S16,
	                         .field = {0, 15},
	                         .scale = 0.1,
	                         .has_range = true,
	                         .min = -100,
	                         .max = 100};
	struct mw_setting sw = {
	    .name = "relay", .type = MW_T_BOOL, .table = MW_TABLE_COIL, .field = {0, 15}};
	char err[256], buf[32];
	uint32_t raw;
	uint16_t w = 0;

	ok(mw_setting_parse(&s, "20", &raw, err, sizeof err) == -1,
	   "20 does not fit a 4-bit field although the range says 100");
	is_str(err, "nibble: 20 does not fit the register; enter a number from 0 to 15",
	       "the message gives what the field holds");
	ok(mw_setting_parse(&pw, "12345", &raw, err, sizeof err) == -1 && !strstr(err, "12345") &&
	       strstr(err, "password"),
	   "a secret's bad value is not echoed: %s", err);
	ok(mw_setting_parse(&neg, "-12.5", &raw, err, sizeof err) == 0 && raw == 0xFF83,
	   "s16 -12.5 at 0.1 = 0xFF83 (-125)");
	ok(mw_setting_encode(&neg, raw, &w) == 0 && w == 0xFF83, "s16 encodes two's complement");
	mw_setting_format(&neg, mw_setting_decode(&neg, &w), buf, sizeof buf);
	is_str(buf, "-12.5", "s16 0xFF83 formats as -12.5");
	ok(mw_setting_parse(&sw, "ON", &raw, err, sizeof err) == 0 && raw == 1, "bool ON = 1");
	ok(mw_setting_parse(&sw, "maybe", &raw, err, sizeof err) == -1 && strstr(err, "on or off"),
	   "bool rejects maybe: %s", err);
}

/* IEEE 754 single precision, big-endian words (KPM33B style), and word orders. */
static void test_raw(void)
{
	static const struct {
		float f;
		uint32_t bits;
	} fl[] = {{230.0f, 0x43660000}, {50.0f, 0x42480000}, {-1.5f, 0xBFC00000},
	          {0.1f, 0x3DCCCCCD},   {1.0f, 0x3F800000},  {0.0f, 0x00000000}};
	uint16_t w[2], be[2];

	for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++) {
		be[0] = (uint16_t)(fl[i].bits >> 16);
		be[1] = (uint16_t)fl[i].bits;
		ok(mw_decode_raw(MW_T_FLOAT32, MW_WORDS_HIGH_FIRST, MW_BYTES_HIGH_FIRST, be) ==
		       fl[i].f,
		   "float32 0x%08X = %g", fl[i].bits, fl[i].f);
		ok(mw_encode_raw(MW_T_FLOAT32, MW_WORDS_HIGH_FIRST, MW_BYTES_HIGH_FIRST, fl[i].f,
		                 w) == 0 &&
		       w[0] == be[0] && w[1] == be[1],
		   "%g encodes to 0x%08X", fl[i].f, fl[i].bits);
	}
	w[0] = 0x0000;
	w[1] = 0x4366;
	ok(mw_decode_raw(MW_T_FLOAT32, MW_WORDS_LOW_FIRST, MW_BYTES_HIGH_FIRST, w) == 230.0,
	   "float32 low word first 0000 4366 = 230");
	w[0] = 0x6643;
	w[1] = 0x0000;
	ok(mw_decode_raw(MW_T_FLOAT32, MW_WORDS_HIGH_FIRST, MW_BYTES_LOW_FIRST, w) == 230.0,
	   "float32 bytes swapped 6643 0000 = 230");
	w[0] = 0xFF9C;
	ok(mw_decode_raw(MW_T_S16, 0, 0, w) == -100, "s16 0xFF9C = -100");
	ok(mw_decode_raw(MW_T_U16, 0, 0, w) == 65436, "u16 0xFF9C = 65436");
	w[0] = 0x3412;
	ok(mw_decode_raw(MW_T_U16, 0, MW_BYTES_LOW_FIRST, w) == 0x1234, "u16 low byte first");
	w[0] = 0xFFFF;
	w[1] = 0xFF38;
	ok(mw_decode_raw(MW_T_S32, MW_WORDS_HIGH_FIRST, 0, w) == -200, "s32 FFFF FF38 = -200");
	w[0] = 0xFF38;
	w[1] = 0xFFFF;
	ok(mw_decode_raw(MW_T_S32, MW_WORDS_LOW_FIRST, 0, w) == -200, "s32 low first FF38 FFFF");
	w[0] = 0x0001;
	w[1] = 0x0002;
	ok(mw_decode_raw(MW_T_U32, MW_WORDS_HIGH_FIRST, 0, w) == 65538, "u32 0001 0002 = 65538");
	ok(mw_decode_raw(MW_T_U32, MW_WORDS_LOW_FIRST, 0, w) == 131073, "u32 low first = 131073");
	ok(mw_encode_raw(MW_T_S32, MW_WORDS_LOW_FIRST, 0, -2, w) == 0 && w[0] == 0xFFFE &&
	       w[1] == 0xFFFF,
	   "s32 -2 low word first = FFFE FFFF");
	ok(mw_encode_raw(MW_T_U32, MW_WORDS_HIGH_FIRST, 0, 4294967295.0, w) == 0 &&
	       w[0] == 0xFFFF && w[1] == 0xFFFF,
	   "u32 maximum");
	ok(mw_encode_raw(MW_T_U16, 0, 0, 65536, w) == -1, "u16 65536 does not fit");
	ok(mw_encode_raw(MW_T_S16, 0, 0, 32768, w) == -1, "s16 32768 does not fit");
	ok(mw_encode_raw(MW_T_U32, 0, 0, -1, w) == -1, "u32 -1 does not fit");
	ok(mw_encode_raw(MW_T_FLOAT32, 0, 0, 1e39, w) == -1, "1e39 does not fit a float32");
	ok(mw_type_words(MW_T_STRING, 5) == 3 && mw_type_words(MW_T_U32, 0) == 2,
	   "string of 5 bytes = 3 registers, u32 = 2");
}

/* JSY: powers are unsigned; bit N of 0x0132 says reverse. */
static void test_sign(const struct mw_model *m)
{
	const struct mw_value *p2 = value(m, "active_power_l2"),
	                      *pt = value(m, "active_power_total"),
	                      *q3 = value(m, "reactive_power_l3"), *dir = value(m, "direction"),
	                      *e = value(m, "active_energy_total");
	uint16_t w[2] = {0x0064, 0}, big[2] = {0x0001, 0x86A0}, img[0x54] = {0};
	double x, all[512];
	struct image im = {0x0100, img, 0x54};

	ok(mw_decode_value(p2, w, 0x0002, &x, NULL, 0) == 0 && x == -100,
	   "active_power_l2 100 W with bit 1 set = -100 W");
	ok(mw_decode_value(p2, w, 0x00FD, &x, NULL, 0) == 0 && x == 100,
	   "other direction bits leave L2 positive");
	ok(mw_decode_value(p2, w, -1, &x, NULL, 0) == 0 && x == 100,
	   "direction word not read: positive");
	ok(mw_decode_value(pt, big, 0x0008, &x, NULL, 0) == 0 && x == -100000,
	   "active_power_total u32 0001 86A0 with bit 3 = -100000 W");
	ok(mw_decode_value(e, big, -1, &x, NULL, 0) == 0 && fabs(x - 1000.0) < 1e-9,
	   "active_energy_total 0001 86A0 x 0.01 = 1000.00 kWh");
	if (m->n_values > sizeof all / sizeof all[0])
		return;
	img[q3->reg - 0x0100] = 0x0032;
	img[dir->reg - 0x0100] = 1u << 6;
	mw_decode_all(m, image_get, &im, all);
	ok(all[q3 - m->values] == -50, "decode_all: reactive_power_l3 takes bit 6 of 0x0132");
	ok(all[dir - m->values] == 64, "decode_all: the direction word itself is 0x0040");
}

/* A clock like the tariff test meter's: YY MM DD hh mm ss, BCD, from 2000. */
static void test_clock(void)
{
	struct mw_setting s = {.name = "clock",
	                       .type = MW_T_DATETIME,
	                       .reg = 0x0310,
	                       .datetime = {MW_DT_BCD, 2000, "YMDhms", 6}};
	struct mw_clock c = {2026, 11, 21, 4, 31, 37, 0}, d;
	uint16_t w[3];
	char err[256], buf[32];

	ok(mw_setting_words(&s) == 3, "YMDhms takes 3 registers");
	ok(mw_datetime_encode(&s, &c, w) == 0 && w[0] == 0x2611 && w[1] == 0x2104 && w[2] == 0x3137,
	   "BCD 2026-11-21 04:31:37 = 2611 2104 3137");
	ok(mw_datetime_decode(&s, w, &d) == 0 && d.year == 2026 && d.month == 11 && d.day == 21 &&
	       d.hour == 4 && d.minute == 31 && d.second == 37 && d.weekday == 6,
	   "decodes back (a Saturday)");
	w[0] = 0x2A11;
	ok(mw_datetime_decode(&s, w, &d) == -1, "0x2A is not BCD");
	w[0] = 0x2613;
	ok(mw_datetime_decode(&s, w, &d) == -1, "month 13 is rejected");
	s.datetime.encoding = MW_DT_BINARY;
	ok(mw_datetime_encode(&s, &c, w) == 0 && w[0] == 0x1A0B && w[1] == 0x1504 && w[2] == 0x1F25,
	   "binary 2026-11-21 04:31:37 = 1A0B 1504 1F25");
	c = (struct mw_clock){2026, 2, 29, 0, 0, 0, 0};
	ok(mw_datetime_encode(&s, &c, w) == -1, "2026-02-29 does not exist");
	c.year = 2024;
	ok(mw_datetime_encode(&s, &c, w) == 0, "2024-02-29 does");
	ok(mw_datetime_parse(&s, "2026-11-21 04:31:37", &c, err, sizeof err) == 0 && c.hour == 4 &&
	       c.second == 37,
	   "parse 2026-11-21 04:31:37");
	mw_datetime_format(&c, buf, sizeof buf);
	is_str(buf, "2026-11-21 04:31:37", "format the clock");
	ok(mw_datetime_parse(&s, "2026-11-31 00:00:00", &c, err, sizeof err) == -1 &&
	       strstr(err, "clock"),
	   "November 31st rejected: %s", err);
	s.datetime.encoding = MW_DT_BCD;
	ok(mw_datetime_parse(&s, "2100-01-01 00:00:00", &c, err, sizeof err) == -1 &&
	       strstr(err, "2000 to 2099"),
	   "BCD years from 2000 hold 2000 to 2099: %s", err);
	ok(mw_datetime_parse(&s, "tomorrow", &c, err, sizeof err) == -1, "tomorrow rejected");
	ok(mw_datetime_parse(&s, "now", &c, err, sizeof err) == 0 &&
	       mw_datetime_encode(&s, &c, w) == 0,
	   "now parses and encodes");
}

/* Eight periods of two words: hour (hi) and minute (lo), then tariff. */
static void test_schedule(void)
{
	struct mw_setting s = {.name = "tariff_schedule",
	                       .type = MW_T_SCHEDULE,
	                       .reg = 0x0300,
	                       .schedule = {8, 4, 2, {8, 15}, 0, {0, 7}, 0, {0, 15}, 1}};
	struct mw_period p[8];
	uint16_t w[16];
	char err[256], buf[128];
	int n;

	ok(mw_setting_words(&s) == 16, "8 periods of 2 words = 16 registers");
	n = mw_schedule_parse(&s, "18:00=3, 06:00=1,10:00=2,22:30=4", p, err, sizeof err);
	ok(n == 4 && p[0].hour == 6 && p[1].hour == 10 && p[2].hour == 18 && p[3].minute == 30,
	   "parse sorts the periods by start");
	memset(w, 0xAA, sizeof w);
	ok(mw_schedule_encode(&s, p, n, w, err, sizeof err) == 0, "encode 4 periods");
	ok(w[0] == 0x0600 && w[1] == 1 && w[2] == 0x0A00 && w[3] == 2 && w[4] == 0x1200 &&
	       w[5] == 3 && w[6] == 0x161E && w[7] == 4,
	   "words: 0600 0001 0A00 0002 1200 0003 161E 0004");
	ok(w[8] == 0 && w[9] == 0 && w[14] == 0 && w[15] == 0, "unused slots are 00:00 tariff 0");
	memset(p, 0, sizeof p);
	ok(mw_schedule_decode(&s, w, p) == 4 && p[3].hour == 22 && p[3].tariff == 4,
	   "decode gives the 4 used periods");
	mw_schedule_format(p, 4, buf, sizeof buf);
	is_str(buf, "06:00=1,10:00=2,18:00=3,22:30=4", "format the schedule");
	ok(mw_schedule_parse(&s, "24:00=1", p, err, sizeof err) == -1 && strstr(err, "24:00"),
	   "24:00 rejected: %s", err);
	ok(mw_schedule_parse(&s, "06:60=1", p, err, sizeof err) == -1, "06:60 rejected");
	ok(mw_schedule_parse(&s, "06:00=5", p, err, sizeof err) == -1 && strstr(err, "1 to 4"),
	   "tariff 5 of 4 rejected: %s", err);
	ok(mw_schedule_parse(&s, "06:00=0", p, err, sizeof err) == -1, "tariff 0 rejected");
	ok(mw_schedule_parse(&s, "06:00=1,06:00=2", p, err, sizeof err) == -1 &&
	       strstr(err, "06:00"),
	   "two periods at 06:00 rejected: %s", err);
	ok(mw_schedule_parse(&s,
	                     "00:00=1,01:00=2,02:00=3,03:00=4,04:00=1,05:00=2,06:00=3,"
	                     "07:00=4,08:00=1",
	                     p, err, sizeof err) == -1,
	   "nine periods rejected: %s", err);
	ok(mw_schedule_parse(&s, "6 to 10 = peak", p, err, sizeof err) == -1 &&
	       strstr(err, "06:00=1,10:00=2"),
	   "garbage rejected with an example: %s", err);
	ok(mw_schedule_parse(&s, "", p, err, sizeof err) == -1, "empty schedule rejected");
	w[3] = 7;
	ok(mw_schedule_decode(&s, w, p) == -1, "a stored tariff 7 is reported as invalid");
}

int main(void)
{
	struct mw_model *m = load("jsy-mk-333.yaml");

	test_jsy_voltages(m);
	test_jsy_line_word(m);
	test_jsy_limits(m);
	test_rejections(m);
	test_sign(m);
	test_fit_and_secret();
	test_raw();
	test_clock();
	test_schedule();
	mw_model_free(m);
	return done_testing();
}
