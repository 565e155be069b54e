/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devfiles_test.c - the shipped device files checked against their manuals.
 *
 * Each file is loaded with the real loader and a few facts are compared
 * with what the manufacturer's manual says (section numbers in the
 * comments), so a typo in an address, a stride or a choice table fails
 * here.  The tariff test device (tests/devices/tariff-meter.yaml) is
 * checked for the schedule and clock layout it declares.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "devload.h"
#include "model.h"
#include "tap.h"

/* Load one file of the source tree; reports the loader's message on failure. */
static struct mw_model *load(const char *rel)
{
	char path[4096], err[512] = "";
	struct mw_model *m;

	snprintf(path, sizeof path, "%s/%s", MW_SRCDIR, rel);
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "%s loads", rel))
		diag("%s", err);
	return m;
}

/* Registers (or coils) a value occupies. */
static int value_width(const struct mw_value *v)
{
	switch (v->type) {
	case MW_T_U32:
	case MW_T_S32:
	case MW_T_FLOAT32:
		return 2;
	case MW_T_STRING:
		return (v->length + 1) / 2;
	default:
		return 1;
	}
}

/* No two values of a file share a register of the same table. */
static void check_no_overlap(const struct mw_model *m)
{
	int clash = 0;

	for (size_t i = 0; i < m->n_values; i++)
		for (size_t j = i + 1; j < m->n_values; j++) {
			const struct mw_value *a = &m->values[i], *b = &m->values[j];

			if (a->table == b->table && a->reg < b->reg + value_width(b) &&
			    b->reg < a->reg + value_width(a)) {
				if (!clash)
					diag("%s overlaps %s", a->name, b->name);
				clash++;
			}
		}
	ok(clash == 0, "%s: no two values share a register", m->id);
}

/* The value with this quantity, phase, tariff and month; NULL if none or several. */
static const struct mw_value *find(const struct mw_model *m, enum mw_quantity q, enum mw_phase p,
                                   int tariff, int month)
{
	const struct mw_value *hit = NULL;
	int n = 0;

	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->quantity == q && v->phase == p && v->tariff == tariff && v->month == month) {
			hit = v;
			n++;
		}
	}
	return n == 1 ? hit : NULL;
}

/* A float32 value, high word first, at `reg` with this meaning and unit. */
static void is_float_at(const struct mw_model *m, enum mw_quantity q, enum mw_phase p, int tariff,
                        int month, unsigned reg, const char *unit)
{
	const struct mw_value *v = find(m, q, p, tariff, month);

	if (!ok(v && v->reg == reg && v->type == MW_T_FLOAT32 &&
	            v->word_order == MW_WORDS_HIGH_FIRST && v->table == MW_TABLE_HOLDING &&
	            strcmp(v->unit ? v->unit : "", unit) == 0,
	        "%s: %s %s tariff %d month %d is float32 %s at 0x%04X", m->id, mw_quantity_name(q),
	        mw_phase_name(p), tariff, month, unit, reg))
		diag("got %s at 0x%04X", v ? mw_type_name(v->type) : "no single value",
		     v ? v->reg : 0);
}

/* The name of choice `raw` of a setting, or NULL. */
static const char *choice(const struct mw_setting *s, unsigned raw)
{
	for (size_t i = 0; s && i < s->n_choices; i++)
		if (s->choices[i].raw == raw)
			return s->choices[i].name;
	return NULL;
}

/* A setting packed at bits hi..lo of `reg` with this line role. */
static const struct mw_setting *packed(const struct mw_model *m, enum mw_line_role r, unsigned reg,
                                       int hi, int lo)
{
	const struct mw_setting *s = mw_model_line_setting(m, r);

	ok(s && s->reg == reg && s->field.hi == hi && s->field.lo == lo && !s->gap,
	   "%s: line setting %d at 0x%04X bits %d-%d", m->id, (int)r, reg, hi, lo);
	return s;
}

/* An action writing exactly these words to `reg` of `table`. */
static const struct mw_action *action_is(const struct mw_model *m, const char *name,
                                         enum mw_table table, unsigned reg, const uint16_t *w,
                                         size_t n, enum mw_confirm confirm)
{
	const struct mw_action *a = mw_model_action(m, name);
	int same = a && a->table == table && a->reg == reg && a->n_words == n &&
	           a->confirm == confirm && !a->gap;

	for (size_t i = 0; same && i < n; i++)
		same = a->words[i] == w[i];
	ok(same, "%s: action %s writes %zu word(s) to 0x%04X", m->id, name, n, reg);
	return a;
}

/* Does the model support function code fc? */
static int has_fc(const struct mw_model *m, int fc)
{
	for (size_t i = 0; i < m->line.n_fcs; i++)
		if (m->line.fcs[i] == fc)
			return 1;
	return 0;
}

/* Does the model support this frame format? */
static int has_format(const struct mw_model *m, enum mw_format f)
{
	for (size_t i = 0; i < m->line.n_formats; i++)
		if (m->line.formats[i] == f)
			return 1;
	return 0;
}

/* JSY-MK-333: the worked example, from its register list and section 4. */
static void check_jsy(void)
{
	static const uint16_t clear[] = {0x0000, 0x0000};
	struct mw_model *m = load("devices/jsy-mk-333.yaml");
	const struct mw_value *v;
	const struct mw_setting *s;

	if (!m)
		return;
	ok(m->n_probes == 1 && m->probes[0].reg == 0x0000 && m->probes[0].has_equals &&
	       m->probes[0].equals == 0x0333,
	   "jsy-mk-333: identified by model code 0x0333 at 0x0000");
	/* 4.4.1: 01 03 06 56 11 ... reads 220.33 V at 0x0100. */
	v = find(m, MW_Q_VOLTAGE, MW_PHASE_L1, 0, 0);
	ok(v && v->reg == 0x0100 && v->type == MW_T_U16, "jsy-mk-333: L1 voltage u16 at 0x0100");
	if (v)
		is_double(0x5611 * v->scale, 220.33, 1e-9, "jsy-mk-333: 0x5611 in V");
	/* Table 2: 0x0004 default 0x0106 is address 1, 8N1, 9600. */
	packed(m, MW_LINE_ADDRESS, 0x0004, 15, 8);
	s = packed(m, MW_LINE_FORMAT, 0x0004, 7, 6);
	is_str(choice(s, (0x0106 >> 6) & 3), "8N1", "jsy-mk-333: 0x0106 format field is 8N1");
	s = packed(m, MW_LINE_BAUD, 0x0004, 3, 0);
	is_str(choice(s, 0x0106 & 0xF), "9600", "jsy-mk-333: 0x0106 baud field is 9600");
	/* Errata: clear all energy writes 00 00 00 00 at 0x000C. */
	action_is(m, "clear_energy", MW_TABLE_HOLDING, 0x000C, clear, 2, MW_CONFIRM_ADDRESS);
	ok(has_fc(m, 3) && has_fc(m, 16) && !has_fc(m, 6) && m->line.write_fc == 16,
	   "jsy-mk-333: FC 03 and 10 only");
	check_no_overlap(m);
	mw_model_free(m);
}

/* KPM33B measurements, energies and history (manual 6.3, 6.4). */
static void check_kpm33b_values(const struct mw_model *m)
{
	static const char *const tname[] = {"", "sharp", "peak", "flat", "valley"};
	const struct mw_value *v;

	ok(m->kind == MW_KIND_AC3, "kpm33b: three-phase");
	is_float_at(m, MW_Q_VOLTAGE, MW_PHASE_L1, 0, 0, 0x0030, "V");
	is_float_at(m, MW_Q_VOLTAGE, MW_PHASE_L3, 0, 0, 0x0034, "V");
	is_float_at(m, MW_Q_CURRENT, MW_PHASE_L2, 0, 0, 0x0038, "A");
	is_float_at(m, MW_Q_LINE_VOLTAGE, MW_PHASE_L12, 0, 0, 0x003C, "V");
	is_float_at(m, MW_Q_LINE_VOLTAGE, MW_PHASE_L31, 0, 0, 0x0040, "V");
	is_float_at(m, MW_Q_ACTIVE_POWER, MW_PHASE_L1, 0, 0, 0x0042, "W");
	is_float_at(m, MW_Q_ACTIVE_POWER, MW_PHASE_TOTAL, 0, 0, 0x0048, "W");
	is_float_at(m, MW_Q_REACTIVE_POWER, MW_PHASE_TOTAL, 0, 0, 0x0050, "var");
	is_float_at(m, MW_Q_APPARENT_POWER, MW_PHASE_TOTAL, 0, 0, 0x0058, "VA");
	is_float_at(m, MW_Q_POWER_FACTOR, MW_PHASE_TOTAL, 0, 0, 0x0060, "");
	is_float_at(m, MW_Q_FREQUENCY, MW_PHASE_NONE, 0, 0, 0x0062, "Hz");
	is_float_at(m, MW_Q_APPARENT_DEMAND, MW_PHASE_L3, 0, 0, 0x0204, "VA");
	is_float_at(m, MW_Q_ACTIVE_ENERGY_IMPORT, MW_PHASE_L1, 0, 0, 0x0068, "kWh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY_EXPORT, MW_PHASE_L3, 0, 0, 0x0072, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY_EXPORT, MW_PHASE_L3, 0, 0, 0x007E, "kvarh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_TOTAL, 0, 0, 0x0080, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY_EXPORT, MW_PHASE_TOTAL, 0, 0, 0x008A, "kvarh");
	/* 4.1: tariff 1 sharp, 2 peak, 3 flat, 4 valley; totals at 0x008C-0x009A. */
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_TOTAL, 1, 0, 0x008C, "kWh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_TOTAL, 4, 0, 0x0092, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_TOTAL, 1, 0, 0x0094, "kvarh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_TOTAL, 4, 0, 0x009A, "kvarh");
	/* History: this month then 12 settlement days, rows the manual prints. */
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 0, 0, 0x009C, "kWh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 0, 12, 0x00B4, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 0, 0, 0x00B6, "kvarh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 0, 12, 0x00CE, "kvarh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 1, 0, 0x00D0, "kWh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 1, 12, 0x00E8, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 1, 11, 0x0100, "kvarh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 2, 10, 0x0118, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 2, 0, 0x011E, "kvarh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 3, 0, 0x0138, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 3, 12, 0x016A, "kvarh");
	is_float_at(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_NONE, 4, 0, 0x016C, "kWh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 4, 0, 0x0186, "kvarh");
	is_float_at(m, MW_Q_REACTIVE_ENERGY, MW_PHASE_NONE, 4, 12, 0x019E, "kvarh");
	for (int t = 1; t <= 4; t++) {
		int n = 0;

		for (size_t i = 0; i < m->n_values; i++)
			n += m->values[i].tariff == t && m->values[i].group &&
			     strcmp(m->values[i].group, "history") == 0;
		ok(n == 26, "kpm33b: 13 active and 13 reactive history values for %s", tname[t]);
	}
	/* 6.2: 14-byte serial number at 0x0012; 6.1: relay status at coil 1. */
	v = mw_model_value(m, "serial_number");
	ok(v && v->reg == 0x0012 && v->type == MW_T_STRING && v->length == 14,
	   "kpm33b: serial number is 14 bytes at 0x0012");
	v = mw_model_value(m, "relay");
	ok(v && v->table == MW_TABLE_COIL && v->reg == 1 && v->type == MW_T_BOOL,
	   "kpm33b: relay status is coil 1");
	check_no_overlap(m);
}

/* KPM33B line, settings, actions and gaps (manual 6, 6.1, 6.2, 4.1, 5). */
static void check_kpm33b_settings(const struct mw_model *m)
{
	static const uint16_t clear[] = {0x5578}, prepaid[] = {0x5579}, on[] = {1}, off[] = {0};
	static const uint16_t local[] = {0xDD11}, remote[] = {0xDD22};
	const struct mw_setting *s;

	ok(m->n_probes == 1 && m->probes[0].reg == 0x0062 && m->probes[0].type == MW_T_FLOAT32 &&
	       m->probes[0].has_range && m->probes[0].min <= 50 && m->probes[0].max >= 60,
	   "kpm33b: identified by a plausible frequency at 0x0062");
	ok(m->line.default_baud == 9600 && m->line.default_format == MW_FMT_8E1 &&
	       m->line.default_address == 1,
	   "kpm33b: factory 9600 8E1 address 1");
	ok(has_fc(m, 1) && has_fc(m, 3) && has_fc(m, 5) && has_fc(m, 16) && m->line.write_fc == 16,
	   "kpm33b: FC 01 03 05 10");
	ok(m->line.n_bauds == 5 && !has_format(m, MW_FMT_8N2), "kpm33b: 5 bauds, no 8N2");
	s = packed(m, MW_LINE_BAUD, 0x0002, 7, 0);
	is_str(choice(s, 0), "1200", "kpm33b: baud field 0 is 1200");
	is_str(choice(s, 3), "9600", "kpm33b: baud field 3 is 9600");
	is_str(choice(s, 4), "19200", "kpm33b: baud field 4 is 19200");
	s = packed(m, MW_LINE_FORMAT, 0x0002, 15, 8);
	is_str(choice(s, 0), "8E1", "kpm33b: format field 0 is 8E1");
	is_str(choice(s, 1), "8O1", "kpm33b: format field 1 is 8O1");
	is_str(choice(s, 2), "8N1", "kpm33b: format field 2 is 8N1");
	s = mw_model_line_setting(m, MW_LINE_ADDRESS);
	ok(s && s->reg == 0x0001 && s->has_range && s->min == 1 && s->max == 247,
	   "kpm33b: address 1..247 at 0x0001");
	s = mw_model_setting(m, "password");
	ok(s && s->reg == 0x0000 && s->secret && s->has_range && s->max == 9999,
	   "kpm33b: secret password 0..9999 at 0x0000");
	ok(m->unlock.setting == NULL, "kpm33b: no unlock sequence invented");

	action_is(m, "clear_energy", MW_TABLE_HOLDING, 0x000C, clear, 1, MW_CONFIRM_ADDRESS);
	action_is(m, "clear_prepaid", MW_TABLE_HOLDING, 0x000C, prepaid, 1, MW_CONFIRM_ADDRESS);
	action_is(m, "relay_on", MW_TABLE_COIL, 1, on, 1, MW_CONFIRM_YES);
	action_is(m, "relay_off", MW_TABLE_COIL, 1, off, 1, MW_CONFIRM_YES);
	action_is(m, "control_local", MW_TABLE_HOLDING, 0x001E, local, 1, MW_CONFIRM_YES);
	action_is(m, "control_remote", MW_TABLE_HOLDING, 0x001E, remote, 1, MW_CONFIRM_YES);

	/* What the manual leaves open is marked, not invented. */
	s = mw_model_setting(m, "tariff_schedule");
	ok(s && s->type == MW_T_SCHEDULE && s->gap, "kpm33b: tariff time periods are a gap");
	s = mw_model_setting(m, "wiring_direction");
	ok(s && s->gap, "kpm33b: wiring direction is a gap");
	s = mw_model_setting(m, "clock");
	ok(s && s->type == MW_T_DATETIME && s->reg == 0x0023 && s->gap,
	   "kpm33b: clock at 0x0023 has a gap for its encoding");
	ok(mw_model_action(m, "forced_power_off") && mw_model_action(m, "forced_power_off")->gap,
	   "kpm33b: garbled forced power-off command is held back by a gap");
}

/* KPM33B three-phase DIN-rail meter. */
static void check_kpm33b(void)
{
	struct mw_model *m = load("devices/kpm33b.yaml");

	if (!m)
		return;
	check_kpm33b_values(m);
	check_kpm33b_settings(m);
	mw_model_free(m);
}

/* DJS5179 two-circuit DC meter: line and protocol only (7.1). */
static void check_djs5179(void)
{
	struct mw_model *m = load("devices/djs5179.yaml");
	int table_gap = 0;

	if (!m)
		return;
	ok(m->kind == MW_KIND_DC && m->channels == 2, "djs5179: DC with 2 circuits");
	ok(m->line.default_baud == 9600 && m->line.default_format == MW_FMT_8E1,
	   "djs5179: factory 9600 even parity");
	ok(has_format(m, MW_FMT_8N2) && !has_format(m, MW_FMT_8N1),
	   "djs5179: no parity means 2 stop bits");
	ok(m->line.addr_min == 1 && m->line.addr_max == 247, "djs5179: addresses 1..247");
	ok(has_fc(m, 3) && has_fc(m, 5) && has_fc(m, 16) && m->line.n_fcs == 3 &&
	       m->line.write_fc == 16,
	   "djs5179: FC 03 05 10");
	ok(m->line.exceptions, "djs5179: answers errors other than CRC with exceptions");
	ok(m->n_values == 0 && m->n_probes == 0, "djs5179: no register invented");
	for (size_t i = 0; i < m->n_gaps; i++)
		table_gap |= strstr(m->gaps[i].note, "7.1.5") != NULL;
	ok(table_gap, "djs5179: the missing register table (7.1.5) is a gap");
	mw_model_free(m);
}

/* The tariff test device: a schedule and a clock that are given. */
static void check_tariff_meter(void)
{
	struct mw_model *m = load("tests/devices/tariff-meter.yaml");
	const struct mw_setting *s;

	if (!m)
		return;
	ok(m->n_probes == 1 && m->probes[0].has_equals && m->probes[0].equals == 0x7A11,
	   "tariff-meter: identified by 0x7A11 at 0x0000");
	s = mw_model_setting(m, "tariff_schedule");
	ok(s && s->type == MW_T_SCHEDULE && !s->gap && s->reg == 0x0300,
	   "tariff-meter: schedule at 0x0300");
	if (s) {
		const struct mw_schedule *c = &s->schedule;

		ok(c->periods == 8 && c->tariffs == 4 && c->words_per_period == 2,
		   "tariff-meter: 8 periods of 2 words, 4 tariffs");
		ok(c->hour_word == 0 && c->hour.hi == 15 && c->hour.lo == 8, "tariff-meter: hour");
		ok(c->minute_word == 0 && c->minute.hi == 7 && c->minute.lo == 0,
		   "tariff-meter: minute");
		ok(c->tariff_word == 1 && c->tariff.hi == 15 && c->tariff.lo == 0,
		   "tariff-meter: tariff");
	}
	s = mw_model_setting(m, "clock");
	ok(s && s->type == MW_T_DATETIME && !s->gap && s->reg == 0x0310 &&
	       s->datetime.encoding == MW_DT_BCD && s->datetime.year_base == 2000 &&
	       strcmp(s->datetime.order, "YMDhms") == 0 && s->datetime.n_fields == 6,
	   "tariff-meter: BCD clock YMDhms from 2000 at 0x0310");
	check_no_overlap(m);
	mw_model_free(m);
}

int main(void)
{
	check_jsy();
	check_kpm33b();
	check_djs5179();
	check_tariff_meter();
	return done_testing();
}
