/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_dlt645_test.c - the keys a DL/T645 device file shares with
 * Modbus files (devload_common.c), read from a DL/T645 file: the line's
 * defaults, names and labels, texts, quantity, tariff, flags, range,
 * choices, line roles, confirm and effect, next to the DL/T645 keys of
 * the same entries.  Malformed files are in tests/devices/bad/dlt-*.yaml
 * (devload_test).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devload.h"
#include "tap.h"

static const char dlt_file[] =
    "protocol: dlt645\n"
    "model: {name: All keys, vendor: V, manual: M, kind: ac3}\n"
    "identify: {address_read: false, meter_number: 0x04000402, number_is_address: true}\n"
    "line:\n"
    "  bauds: [600, 2400, 9600, 19200]\n"
    "  formats: [8E1, 8N1]\n"
    "  default: {baud: 9600, format: 8N1, address: \"123456789012\"}\n"
    "values:\n"
    "  - {name: v1, di: 0x02010100, format: XXX.X, unit: V, phase: L1, group: voltage,\n"
    "     quantity: voltage, sim: 230.5, note: a note, tariff: 12}\n"
    "  - {name: txt, label: Text, di: 0x04000403, type: ascii, length: 32}\n"
    "  - {name: st, di: 0x04000501, type: bits, length: 1,\n"
    "     flags: [{bit: 0, name: f0, meaning: reverse_active, phase: L2, alarm: true}]}\n"
    "settings:\n"
    "  - {name: s1, di: 0x04000201, format: XX, range: [1, 14], password: 4, default: \"1\",\n"
    "     unit: h, write_only: true, secret: true}\n"
    "  - {name: s2, di: 0x04000202, type: bits, length: 1, choices: {1: one, 2: two},\n"
    "     password: 0, default: two, line: none}\n"
    "  - {name: s3, gap: nobody knows, note: x, format: XX.XX}\n"
    "  - {name: s8, command: baud, line: baud,\n"
    "     choices: {2: \"600\", 8: \"2400\", 32: \"9600\", 64: \"19200\"}}\n"
    "actions:\n"
    "  - {name: a1, control: trip, password: 2, confirm: address, effect: clear_energy}\n"
    "  - {name: a2, gap: unknown control, note: n}\n"
    "  - {name: a3, label: A3, control: close_allowed, password: 9, confirm: none}\n"
    "  - {name: a4, control: alarm, password: 2}\n";

static struct mw_model *load(const char *dir, const char *name, const char *text)
{
	char path[512], err[1024];
	struct mw_model *m;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "w")) || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "%s loads", name))
		diag("%s", err);
	unlink(path);
	return m;
}

static void test_line(const struct mw_model *m)
{
	const struct mw_line *l = &m->line;

	ok(l->n_bauds == 4 && l->bauds[0] == 600 && l->bauds[3] == 19200, "bauds in order");
	ok(l->n_formats == 2 && l->formats[0] == MW_FMT_8E1 && l->formats[1] == MW_FMT_8N1,
	   "formats in order");
	ok(l->default_baud == 9600 && l->default_format == MW_FMT_8N1, "default baud and format");
	is_str(l->dlt_address, "123456789012", "default address");
	ok(l->turnaround_ms == 20 && l->wakeup == 4 && !l->exceptions,
	   "DL/T645 line defaults: turnaround 20 ms, 4 wake-up bytes, no exceptions");
	ok(m->dlt_id_di == 0x04000402 && m->dlt_id_di_match && !m->dlt_id_address,
	   "identify: meter number DI, number is the address");
}

static void test_values(const struct mw_model *m)
{
	const struct mw_value *v = mw_model_value(m, "v1");

	if (!ok(v != NULL, "value v1"))
		return;
	is_str(v->label, "v1", "a label defaults to the name");
	ok(v->quantity == MW_Q_VOLTAGE && v->phase == MW_PHASE_L1, "quantity and phase");
	ok(v->tariff == 12, "tariff 12 (DL/T645 counts up to 63)");
	is_double(v->sim_fixed, 230.5, 1e-9, "sim");
	is_str(v->unit, "V", "unit");
	is_str(v->group, "voltage", "group");
	is_str(v->note, "a note", "note");
	is_double(v->scale, 0.1, 1e-12, "XXX.X scales by 0.1");
	v = mw_model_value(m, "txt");
	if (ok(v != NULL, "value txt")) {
		is_str(v->label, "Text", "a label as written");
		is_str(v->unit, "", "a unit defaults to empty");
		ok(isnan(v->sim_fixed) && v->quantity == MW_Q_NONE && v->tariff == 0,
		   "no sim, quantity none, tariff 0 by default");
	}
	v = mw_model_value(m, "st");
	if (ok(v != NULL && v->type == MW_T_BITS && v->n_flags == 1, "bits value with one flag")) {
		ok(v->flags[0].bit == 0 && v->flags[0].meaning == MW_F_REVERSE_ACTIVE &&
		       v->flags[0].phase == MW_PHASE_L2 && v->flags[0].alarm,
		   "flag bit, meaning, phase, alarm");
		is_str(v->flags[0].label, "f0", "a flag's label defaults to its name");
	}
}

static void test_settings(const struct mw_model *m)
{
	const struct mw_setting *s = mw_model_setting(m, "s1");

	if (ok(s != NULL, "setting s1")) {
		ok(s->has_range && s->min == 1 && s->max == 14 && !s->n_choices, "range [1, 14]");
		ok(s->write_only && s->secret && !s->needs_unlock, "write_only, secret");
		ok(s->dlt.password == 4, "password level 4");
		is_str(s->unit, "h", "unit");
		is_str(s->default_text, "1", "default");
	}
	s = mw_model_setting(m, "s2");
	if (ok(s != NULL && s->n_choices == 2, "setting s2 with two choices")) {
		ok(s->choices[0].raw == 1 && !strcmp(s->choices[0].name, "one") &&
		       s->choices[1].raw == 2 && !strcmp(s->choices[1].name, "two"),
		   "choices in order");
		ok(s->line_role == MW_LINE_NONE && !s->has_range, "line: none");
		ok(s->dlt.password == 0 && !s->write_only, "password level 0, read back");
	}
	s = mw_model_setting(m, "s3");
	if (ok(s != NULL, "setting s3")) {
		is_str(s->gap, "nobody knows", "gap");
		is_str(s->note, "x", "note");
		is_str(s->unit, "", "a unit defaults to empty");
		ok(s->dlt.password == -1, "a gap needs no password");
	}
	s = mw_model_setting(m, "s8");
	if (ok(s != NULL, "setting s8")) {
		ok(s->line_role == MW_LINE_BAUD && s->dlt.command == MW_DLT_CMD_BAUD,
		   "line: baud with command baud");
		ok(s->n_choices == 4 && s->choices[1].raw == 8, "change-baud bytes as choices");
		ok(s->write_only, "command baud without a DI is write-only");
	}
}

static void test_actions(const struct mw_model *m)
{
	const struct mw_action *a = mw_model_action(m, "a1");

	if (ok(a != NULL, "action a1"))
		ok(a->confirm == MW_CONFIRM_ADDRESS && a->effect == MW_EFFECT_CLEAR_ENERGY &&
		       a->dlt.control == 0x1A && a->dlt.password == 2,
		   "trip with confirm: address; effect as written wins over the control's");
	a = mw_model_action(m, "a2");
	if (ok(a != NULL, "action a2")) {
		ok(a->confirm == MW_CONFIRM_YES && a->effect == MW_EFFECT_NONE && !a->dlt.control,
		   "a gap without control: confirm yes by default, no effect");
		is_str(a->gap, "unknown control", "gap");
		is_str(a->note, "n", "note");
	}
	a = mw_model_action(m, "a3");
	if (ok(a != NULL, "action a3")) {
		ok(a->confirm == MW_CONFIRM_NONE && a->effect == MW_EFFECT_RELAY_CLOSE &&
		       a->dlt.password == 9,
		   "close_allowed: relay_close by default, confirm none, level 9");
		is_str(a->label, "A3", "label as written");
	}
	a = mw_model_action(m, "a4");
	ok(a != NULL && a->effect == MW_EFFECT_NONE && a->dlt.control == 0x2A,
	   "alarm: no relay effect");
}

/* `line: none` is the same word in a Modbus file. */
static void test_modbus_role(const char *dir)
{
	struct mw_model *m = load(dir, "modbus-none.yaml",
	                          "model: {name: M}\n"
	                          "line: {bauds: [9600], formats: [8N1], function_codes: [3, 6],\n"
	                          "       default: {baud: 9600, format: 8N1, address: 1}}\n"
	                          "settings:\n"
	                          "  - {name: s, register: 1, range: [0, 9], line: none}\n");

	if (m)
		ok(m->settings[0].line_role == MW_LINE_NONE, "Modbus setting: line: none");
	mw_model_free(m);
}

int main(void)
{
	const char *t = getenv("TMPDIR");
	char dir[256];
	struct mw_model *m;

	snprintf(dir, sizeof dir, "%s/devload-dlt.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	if ((m = load(dir, "dlt-all.yaml", dlt_file))) {
		test_line(m);
		test_values(m);
		test_settings(m);
		test_actions(m);
		mw_model_free(m);
	}
	test_modbus_role(dir);
	rmdir(dir);
	return done_testing();
}
