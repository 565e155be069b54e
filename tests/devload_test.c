/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_test.c - the device-file loader: the JSY-MK-333 file against its
 * manual, the format's features on a small file, every malformed file in
 * tests/devices/bad/ (each says on its first line "# expect: LINE[:COL]:
 * PHRASE"), every shipped device file, and the search-path precedence.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devload.h"
#include "tap.h"

static const char *srcdir;
static char tmp[256];

/* Line (1-based) of the first line of `path` containing `needle`, or 0. */
static int line_of(const char *path, const char *needle)
{
	char buf[1024];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(buf, sizeof buf, f)) {
		n++;
		if (strstr(buf, needle)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static size_t value_index(const struct mw_model *m, const char *name)
{
	const struct mw_value *v = mw_model_value(m, name);

	return v ? (size_t)(v - m->values) : (size_t)-1;
}

/* Table 1 of the manual, register by register: every row has a value. */
static void jsy_table1(const struct mw_model *m)
{
	static const struct {
		unsigned reg, words;
	} rows[] = {{0x0100, 1}, {0x0101, 1}, {0x0102, 1}, {0x0103, 1}, {0x0104, 1}, {0x0105, 1},
	            {0x0106, 1}, {0x0107, 1}, {0x0108, 1}, {0x0109, 2}, {0x010B, 1}, {0x010C, 1},
	            {0x010D, 1}, {0x010E, 2}, {0x0110, 1}, {0x0111, 1}, {0x0112, 1}, {0x0113, 2},
	            {0x0115, 1}, {0x0116, 1}, {0x0117, 1}, {0x0118, 1}, {0x0119, 1}};
	int missing = 0;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t k;

		for (k = 0; k < m->n_values; k++)
			if (m->values[k].reg == rows[i].reg &&
			    (unsigned)(m->values[k].type == MW_T_U32 ? 2 : 1) == rows[i].words)
				break;
		if (k == m->n_values) {
			diag("no value at 0x%04X", rows[i].reg);
			missing++;
		}
	}
	/* 0x011A..0x0131 and 0x0134..0x0153: 32-bit energies. */
	for (unsigned r = 0x011A; r <= 0x0152; r += 2) {
		const struct mw_value *hit = NULL;

		if (r == 0x0132) /* the two status words */
			continue;
		for (size_t k = 0; k < m->n_values; k++)
			if (m->values[k].reg == r)
				hit = &m->values[k];
		if (!hit || hit->type != MW_T_U32 || fabs(hit->scale - 0.01) > 1e-12) {
			diag("no u32 energy with scale 0.01 at 0x%04X", r);
			missing++;
		}
	}
	ok(missing == 0, "every register of Table 1 has a value of the right width");
	/* 4 identification words + 53 rows of Table 1 (0x0100..0x0153). */
	ok(m->n_values >= 57, "at least 57 values (4 identification + 53 measurements): %zu",
	   m->n_values);
}

static void jsy_values(const struct mw_model *m, const char *path)
{
	const struct mw_value *v = mw_model_value(m, "voltage_l1"), *d;

	if (ok(v != NULL, "voltage_l1 exists")) {
		ok(v->reg == 0x0100 && v->type == MW_T_U16 && v->table == MW_TABLE_HOLDING,
		   "voltage L1 is u16 holding 0x0100");
		is_double(v->scale, 0.01, 1e-12, "voltage scale 0.01 (DATA/100)");
		is_str(v->unit, "V", "voltage unit V");
		ok(v->phase == MW_PHASE_L1 && v->quantity == MW_Q_VOLTAGE,
		   "voltage L1 phase/quantity");
		is_str(v->label, "L1 voltage", "{PHASE} expanded in the label");
		ok(isnan(v->sim_fixed), "no fixed simulator value for a measurement");
		ok(v->pos.line == line_of(path, "\"voltage_{phase}\""),
		   "position of an expanded value is its entry's line (%d)", v->pos.line);
		ok(v->pos.col > 1, "column recorded (%d)", v->pos.col);
	}
	v = mw_model_value(m, "voltage_l3");
	ok(v && v->reg == 0x0102 && v->phase == MW_PHASE_L3, "voltage L3 at 0x0102 (stride 1)");
	ok(mw_model_find(m, MW_Q_CURRENT, MW_PHASE_L2) == mw_model_value(m, "current_l2") &&
	       mw_model_value(m, "current_l2")->reg == 0x0104,
	   "L2 current found by quantity at 0x0104");
	d = mw_model_value(m, "direction");
	ok(d && d->type == MW_T_BITS && d->reg == 0x0132 && d->n_flags == 8,
	   "direction is a bits word at 0x0132 with 8 flags");
	v = mw_model_value(m, "active_power_l2");
	if (ok(v != NULL, "active_power_l2 exists")) {
		ok(v->reg == 0x0107, "L2 active power at 0x0107");
		is_str(v->sign.value, "direction", "L2 active power sign from direction");
		ok(v->sign.bit == 1, "L2 active power sign is bit 1 (Table 4)");
		ok(v->sign.index >= 0 && (size_t)v->sign.index == value_index(m, "direction"),
		   "sign.index resolved to the direction value");
	}
	v = mw_model_value(m, "reactive_power_l3");
	ok(v && v->sign.bit == 6, "L3 reactive power sign is bit 6");
	v = mw_model_value(m, "active_power_total");
	ok(v && v->type == MW_T_U32 && v->reg == 0x0109 && v->sign.bit == 3 &&
	       v->word_order == MW_WORDS_HIGH_FIRST,
	   "total active power u32 0x0109 high word first, sign bit 3");
	v = mw_model_value(m, "active_energy_total");
	ok(v && v->reg == 0x0120 && v->phase == MW_PHASE_TOTAL, "total active energy at 0x0120");
	is_str(v ? v->label : NULL, "Total active energy", "{PHASE} of total is Total");
	v = mw_model_value(m, "alarm");
	if (ok(v && v->n_flags == 7, "alarm word has 7 flags")) {
		const struct mw_flag *f = &v->flags[6];

		ok(f->bit == 8 && f->meaning == MW_F_REVERSE_SEQUENCE && f->alarm,
		   "alarm bit 8 (high byte bit 0) is reverse sequence");
	}
	v = mw_model_value(m, "model_code");
	ok(v && v->sim_fixed == 0x0333, "model code simulated as 0x0333");
	ok(v && v->quantity == MW_Q_NONE && v->phase == MW_PHASE_NONE && v->scale == 1 && v->unit &&
	       !*v->unit,
	   "defaults: quantity none, no phase, scale 1, unit empty");
}

static void jsy_settings(const struct mw_model *m)
{
	const struct mw_setting *s = mw_model_setting(m, "address");

	if (ok(s != NULL, "address setting exists")) {
		ok(s->reg == 0x0004 && s->field.hi == 15 && s->field.lo == 8,
		   "address is bits 15-8 of 0x0004");
		ok(s->has_range && s->min == 1 && s->max == 247, "address range 1..247");
		ok(s->line_role == MW_LINE_ADDRESS, "address changes the line");
		is_str(s->default_text, "1", "address default 1");
	}
	s = mw_model_setting(m, "baud");
	if (ok(s && s->n_choices == 3, "baud has 3 choices")) {
		ok(s->field.hi == 3 && s->field.lo == 0, "baud is bits 3-0");
		ok(s->choices[0].raw == 5 && strcmp(s->choices[0].name, "4800") == 0 &&
		       s->choices[1].raw == 6 && strcmp(s->choices[1].name, "9600") == 0 &&
		       s->choices[2].raw == 7 && strcmp(s->choices[2].name, "19200") == 0,
		   "baud 5 = 4800, 6 = 9600, 7 = 19200");
		ok(mw_model_line_setting(m, MW_LINE_BAUD) == s, "baud is the line baud setting");
	}
	s = mw_model_setting(m, "format");
	ok(s && s->n_choices == 4 && s->field.hi == 7 && s->field.lo == 6 &&
	       s->choices[1].raw == 1 && strcmp(s->choices[1].name, "8E1") == 0,
	   "format bits 7-6, 01 = 8E1");
	s = mw_model_setting(m, "current_limit");
	ok(s && s->reg == 0x0021 && fabs(s->scale - 0.1) < 1e-12 && s->field.lo == 0 &&
	       s->field.hi == 15 && s->type == MW_T_U16,
	   "current limit 0x0021 whole word, 0.1 A");
	is_str(s ? s->default_text : NULL, "50.0", "current limit default kept as text");
}

static void jsy_rest(const struct mw_model *m)
{
	const struct mw_action *a = mw_model_action(m, "clear_energy");
	const struct mw_line *l = &m->line;

	if (ok(a != NULL, "clear_energy exists")) {
		ok(a->reg == 0x000C && a->n_words == 2 && a->words[0] == 0 && a->words[1] == 0,
		   "clear energy writes 0x0000 0x0000 at 0x000C (4.4.3, erratum)");
		ok(a->confirm == MW_CONFIRM_ADDRESS, "clear energy confirms with the address");
		ok(!a->has_param && a->table == MW_TABLE_HOLDING, "no param, holding");
		ok(a->effect == MW_EFFECT_CLEAR_ENERGY, "clear energy's effect is stated");
	}
	ok(mw_model_setting(m, "voltage_limit") &&
	       mw_model_setting(m, "voltage_limit")->limit_for == MW_F_OVERVOLTAGE,
	   "voltage_limit drives the overvoltage flags (Table 3)");
	ok(mw_model_setting(m, "current_limit") &&
	       mw_model_setting(m, "current_limit")->limit_for == MW_F_OVERCURRENT,
	   "current_limit drives the overcurrent flags (Table 3)");
	ok(l->broadcast_read, "broadcast_read true");
	ok(l->n_bauds == 3 && l->bauds[0] == 4800 && l->bauds[2] == 19200, "bauds 4800..19200");
	ok(l->n_formats == 4, "four formats");
	ok(l->default_baud == 9600 && l->default_format == MW_FMT_8N1 && l->default_address == 1,
	   "factory 9600 8N1 address 1 (0x0106)");
	ok(l->n_fcs == 2 && l->fcs[0] == 3 && l->fcs[1] == 16 && l->write_fc == 16,
	   "FC 03 and 10H only, writes with 16");
	ok(l->addr_min == 1 && l->addr_max == 247 && l->max_read == 125 && !l->bridge_gaps &&
	       l->exceptions,
	   "addresses 1..247, max_read 125, exceptions");
	ok(m->n_probes == 1 && m->probes[0].reg == 0 && m->probes[0].has_equals &&
	       m->probes[0].equals == 0x0333,
	   "identified by 0x0000 == 0x0333");
	ok(m->n_gaps == 2 && m->gaps[0].what && m->gaps[0].note, "two stated gaps");
	ok(m->kind == MW_KIND_AC3 && !m->unlock.present, "ac3, no unlock");
}

static void test_jsy(void)
{
	char path[512], err[512];
	struct mw_model *m;

	snprintf(path, sizeof path, "%s/devices/jsy-mk-333.yaml", srcdir);
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "jsy-mk-333.yaml loads")) {
		diag("%s", err);
		return;
	}
	is_str(m->id, "jsy-mk-333", "id is the file stem");
	is_str(m->name, "JSY-MK-333", "model name");
	is_str(m->path, path, "path kept");
	jsy_table1(m);
	jsy_values(m, path);
	jsy_settings(m);
	jsy_rest(m);
	mw_model_free(m);
}

/* A small file using the rest of the format. */
static const char features[] =
    "model: {name: Feature Meter, vendor: Nobody, manual: none, kind: dc, channels: 2}\n"
    "identify:\n"
    "  - {register: 0x62, table: input, type: float32, range: [45, 65]}\n"
    "line:\n"
    "  bauds: [2400, 9600]\n"
    "  formats: [8E1, 8N1]\n"
    "  default: {baud: 9600, format: 8E1, address: 3}\n"
    "  addresses: [1, 99]\n"
    "  function_codes: [1, 3, 4, 5, 6]\n"
    "  max_read: 40\n"
    "unlock: {setting: password}\n"
    "values:\n"
    "  - {each: [L1-L2, L2-L3, L3-L1], name: \"u_{phase}\", label: \"{PHASE} voltage\",\n"
    "     register: 0x10, table: input, type: float32, stride: 4, word_order: low_first}\n"
    "  - {repeat: 3, name: \"energy_{n}\", label: \"Energy {n} months back\", register: 0x40,\n"
    "     type: u32, tariff: 2}\n"
    "  - {name: serial, register: 0x20, type: string, length: 9, byte_order: low_first,\n"
    "     identity: true}\n"
    "  - {name: relay, register: 1, table: coil, type: bool}\n"
    "settings:\n"
    "  - {name: password, register: 0, type: u32, range: [0, 999999], secret: true,\n"
    "     write_only: true}\n"
    "  - {name: clock, register: 0x23, type: datetime, order: YMDhms, encoding: bcd,\n"
    "     needs_unlock: true}\n"
    "  - {name: periods, register: 0x100, type: schedule, periods: 8, tariffs: 4,\n"
    "     words_per_period: 2,\n"
    "     layout: {hour: {word: 0, bits: [15, 8]}, minute: {word: 0, bits: [7, 0]},\n"
    "              tariff: {word: 1, bits: [1, 0]}}}\n"
    "  - {name: wiring, label: Wiring direction, gap: \"the manual names it, no register\"}\n"
    "  - {name: mode, register: 0x1E, choices: {0: local, 0x1: remote}, default: remote}\n"
    "  - {name: relay_set, register: 2, table: coil}\n"
    "actions:\n"
    "  - {name: relay_on, register: 1, table: coil, write: [1], confirm: none}\n"
    "  - {name: load_time, register: 0x1D, param: {label: Minutes, range: [0, 600]}}\n"
    "  - {name: forced_off, gap: \"encoding not given\"}\n"
    "gaps:\n"
    "  - {what: Tariff table}\n";

static void test_features(void)
{
	char path[512], err[512];
	struct mw_model *m;
	const struct mw_value *v;
	const struct mw_setting *s;
	const struct mw_action *a;

	snprintf(path, sizeof path, "%s/feature-meter.yaml", tmp);
	write_file(path, features);
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "feature file loads")) {
		diag("%s", err);
		return;
	}
	ok(m->kind == MW_KIND_DC && m->channels == 2, "kind dc, 2 channels");
	ok(m->probes[0].type == MW_T_FLOAT32 && m->probes[0].has_range && m->probes[0].min == 45 &&
	       m->probes[0].table == MW_TABLE_INPUT,
	   "float32 range probe");
	ok(m->line.write_fc == 6 && m->line.max_read == 40 && m->line.addr_max == 99 &&
	       m->line.default_format == MW_FMT_8E1 && !m->line.broadcast_read,
	   "line: write_fc defaults to 6 without 16; max_read, addresses, format");
	v = mw_model_value(m, "u_l2_l3");
	ok(v && v->reg == 0x14 && v->phase == MW_PHASE_L23 && v->word_order == MW_WORDS_LOW_FIRST,
	   "each over line phases: l2_l3 at 0x14");
	is_str(v ? v->label : NULL, "L2-L3 voltage", "line phase label");
	v = mw_model_value(m, "energy_2");
	ok(v && v->reg == 0x44 && v->month == 2 && v->tariff == 2,
	   "repeat: item 2 at 0x44 (default stride = 2 words), month 2");
	is_str(v ? v->label : NULL, "Energy 2 months back", "{n} in the label");
	v = mw_model_value(m, "serial");
	ok(v && v->type == MW_T_STRING && v->length == 9 && v->byte_order == MW_BYTES_LOW_FIRST,
	   "string of 9 bytes, low byte first");
	ok(v && v->identity, "identity: true is kept");
	v = mw_model_value(m, "u_l1_l2");
	ok(v && !v->identity, "identity is false when not given");
	v = mw_model_value(m, "relay");
	ok(v && v->type == MW_T_BOOL && v->table == MW_TABLE_COIL, "coil value");
	ok(m->unlock.present && m->unlock.reg == 0 && strcmp(m->unlock.setting, "password") == 0,
	   "unlock by the password setting at register 0");
	s = mw_model_setting(m, "password");
	ok(s && s->secret && s->write_only && s->type == MW_T_U32, "secret write-only password");
	s = mw_model_setting(m, "clock");
	ok(s && s->datetime.encoding == MW_DT_BCD && s->datetime.n_fields == 6 &&
	       strcmp(s->datetime.order, "YMDhms") == 0 && s->datetime.year_base == 2000 &&
	       s->needs_unlock,
	   "datetime: YMDhms bcd, year base 2000 by default");
	s = mw_model_setting(m, "periods");
	ok(s && s->schedule.periods == 8 && s->schedule.tariffs == 4 &&
	       s->schedule.words_per_period == 2 && s->schedule.hour.hi == 15 &&
	       s->schedule.minute.lo == 0 && s->schedule.tariff_word == 1 &&
	       s->schedule.tariff.hi == 1,
	   "schedule layout");
	s = mw_model_setting(m, "wiring");
	ok(s && s->gap && s->n_choices == 0 && !s->has_range, "a setting may be only a gap");
	s = mw_model_setting(m, "mode");
	ok(s && s->n_choices == 2 && s->choices[1].raw == 1 &&
	       strcmp(s->default_text, "remote") == 0,
	   "enumeration with hex raw and a default");
	s = mw_model_setting(m, "relay_set");
	ok(s && s->type == MW_T_BOOL, "a coil setting is bool by default");
	a = mw_model_action(m, "relay_on");
	ok(a && a->table == MW_TABLE_COIL && a->n_words == 1 && a->words[0] == 1 &&
	       a->confirm == MW_CONFIRM_NONE,
	   "coil action");
	a = mw_model_action(m, "load_time");
	ok(a && a->has_param && a->param_max == 600 && a->n_words == 0 &&
	       a->confirm == MW_CONFIRM_YES,
	   "param action asks yes/no by default");
	a = mw_model_action(m, "forced_off");
	ok(a && a->gap, "an action may be only a gap");
	ok(m->n_gaps == 1 && !m->gaps[0].note, "gap without note");
	mw_model_free(m);

	/* A section key with nothing after it is an empty list. */
	snprintf(path, sizeof path, "%s/empty-lists.yaml", tmp);
	write_file(path, "model: {name: E}\n"
	                 "line: {bauds: [9600], formats: [8N1], function_codes: [3],\n"
	                 "       default: {baud: 9600, format: 8N1, address: 1}}\n"
	                 "values:\nsettings:\nactions:\ngaps:\n");
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m && m->n_values == 0 && m->n_settings == 0 && m->vendor && !*m->vendor,
	        "empty sections load as empty lists; vendor defaults to empty"))
		diag("%s", err);
	mw_model_free(m);
}

/* Parse "# expect: LINE[:COL]: PHRASE" from the first line. */
static int read_expect(const char *path, int *line, int *col, char *phrase, size_t sz)
{
	char buf[512], *p, *end;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	p = fgets(buf, sizeof buf, f);
	fclose(f);
	if (!p || strncmp(buf, "# expect: ", 10) != 0)
		return -1;
	*line = (int)strtol(buf + 10, &end, 10);
	*col = 0;
	if (*end != ':')
		return -1;
	if (end[1] >= '0' && end[1] <= '9') {
		*col = (int)strtol(end + 1, &end, 10);
		if (*end != ':')
			return -1;
	}
	p = end + 1;
	while (*p == ' ')
		p++;
	p[strcspn(p, "\n")] = '\0';
	snprintf(phrase, sz, "%s", p);
	return *line > 0 && *p ? 0 : -1;
}

static int yaml_only(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0;
}

static void check_bad(const char *path)
{
	char err[1024], phrase[256], want[1100];
	int line = 0, col = 0, got_line = 0, got_col = 0, k;
	struct mw_model *m;

	if (!ok(read_expect(path, &line, &col, phrase, sizeof phrase) == 0,
	        "%s has an '# expect: LINE: PHRASE' first line", path))
		return;
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m == NULL, "%s is refused", path)) {
		mw_model_free(m);
		return;
	}
	snprintf(want, sizeof want, "%s:", path);
	k = strncmp(err, want, strlen(want)) == 0 &&
	    sscanf(err + strlen(want), "%d:%d: ", &got_line, &got_col) == 2;
	if (!ok(k && got_line == line && got_col >= 1 && (!col || got_col == col) &&
	            strstr(err, phrase),
	        "%s: line %d, '%s'", strrchr(path, '/') + 1, line, phrase))
		diag("got: %s", err);
}

static void test_bad(void)
{
	char dir[512], path[1024];
	struct dirent **ents;
	int n;

	snprintf(dir, sizeof dir, "%s/tests/devices/bad", srcdir);
	n = scandir(dir, &ents, yaml_only, alphasort);
	ok(n >= 30, "at least 30 malformed files in tests/devices/bad (%d)", n);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
		check_bad(path);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

/* Every device file shipped in devices/ must load. */
static void test_shipped(void)
{
	char dir[512], path[1024], err[1024];
	struct dirent **ents;
	int n;

	snprintf(dir, sizeof dir, "%s/devices", srcdir);
	n = scandir(dir, &ents, yaml_only, alphasort);
	ok(n >= 1, "devices/ has device files");
	for (int i = 0; i < n; i++) {
		struct mw_model *m;

		snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
		m = mw_devload_file(path, err, sizeof err);
		if (!ok(m != NULL, "shipped %s loads", ents[i]->d_name))
			diag("%s", err);
		mw_model_free(m);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

static char warned[4096];

static void collect(const char *msg)
{
	size_t k = strlen(warned);

	snprintf(warned + k, sizeof warned - k, "%s\n", msg);
}

static const char minimal[] = "model: {name: %s}\n"
                              "line:\n"
                              "  bauds: [9600]\n"
                              "  formats: [8N1]\n"
                              "  default: {baud: 9600, format: 8N1, address: 1}\n"
                              "  function_codes: [3]\n"
                              "values:\n"
                              "  - {name: v, register: 0}\n";

static void put_model(const char *dir, const char *id, const char *name)
{
	char path[512], text[1024];

	snprintf(path, sizeof path, "%s/%s.yaml", dir, id);
	snprintf(text, sizeof text, minimal, name);
	write_file(path, text);
}

static void test_path(void)
{
	char env[300], xdg[300], user[320], envvar[700], path[400];
	struct mw_catalog cat = {0};
	const char *const *dirs;
	const struct mw_model *m;
	int n, last, sorted = 1;

	snprintf(env, sizeof env, "%s/env", tmp);
	snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
	snprintf(user, sizeof user, "%s/meterwise", xdg);
	if (mkdir(env, 0700) || mkdir(xdg, 0700) || mkdir(user, 0700) ||
	    (strcat(user, "/devices"), mkdir(user, 0700))) {
		printf("Bail out! mkdir: %s\n", strerror(errno));
		exit(1);
	}
	/* env: a private model and a jsy-mk-333 the shipped one replaces. */
	put_model(env, "aa-env-meter", "Env meter");
	put_model(env, "jsy-mk-333", "Env JSY");
	/* user: a replacement for the shipped jsy-mk-333, a new one, a broken one. */
	put_model(user, "jsy-mk-333", "User JSY");
	put_model(user, "zz-user-meter", "User meter");
	snprintf(path, sizeof path, "%s/broken.yaml", user);
	write_file(path, "model: [\n"); /* ends inside a flow list: line 2, column 1 */
	snprintf(envvar, sizeof envvar, "%s:%s/devices", env, srcdir);
	setenv("MW_DEVICES_PATH", envvar, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);

	dirs = mw_devload_path();
	for (last = 0; dirs[last]; last++)
		;
	ok(last >= 3 && strcmp(dirs[0], env) == 0, "MW_DEVICES_PATH comes first");
	is_str(last ? dirs[last - 1] : NULL, user, "the user directory comes last");

	n = mw_devload_all(&cat, collect);
	ok(n == (int)cat.n_models && n >= 3, "mw_devload_all loaded %d models", n);
	for (size_t i = 1; i < cat.n_models; i++)
		if (strcmp(cat.models[i - 1]->id, cat.models[i]->id) >= 0)
			sorted = 0;
	ok(sorted, "models sorted by id, each id once");
	m = mw_catalog_find(&cat, "jsy-mk-333");
	is_str(m ? m->name : NULL, "User JSY", "the user's jsy-mk-333 replaces the shipped one");
	ok(strstr(warned, "/meterwise/devices/jsy-mk-333.yaml: model 'jsy-mk-333' takes the place "
	                  "of") &&
	       strstr(warned, "devices/jsy-mk-333.yaml (a file in a later directory"),
	   "and says so, naming both files");
	ok(m && strncmp(m->path, user, strlen(user)) == 0, "and its path is the user's file");
	m = mw_catalog_find(&cat, "aa-env-meter");
	is_str(m ? m->name : NULL, "Env meter", "a model only in MW_DEVICES_PATH is loaded");
	ok(mw_catalog_find(&cat, "zz-user-meter") != NULL, "a new user model is added");
	ok(mw_catalog_find(&cat, "broken") == NULL &&
	       strstr(warned, "broken.yaml:2:1: YAML syntax error"),
	   "a broken user file is reported with its position and skipped");
	mw_catalog_free(&cat);

	/* Without the user's replacement, the shipped file beats the env copy. */
	unlink(path);
	snprintf(path, sizeof path, "%s/jsy-mk-333.yaml", user);
	unlink(path);
	warned[0] = '\0';
	n = mw_devload_all(&cat, collect);
	m = mw_catalog_find(&cat, "jsy-mk-333");
	is_str(m ? m->name : NULL, "JSY-MK-333",
	       "a later directory (the shipped devices) replaces MW_DEVICES_PATH's earlier one");
	mw_catalog_free(&cat);
}

/*
 * 20,000 values: the duplicate-name check counts its comparisons, which
 * must grow linearly (a few per name), not with the square of the names.
 */
static void test_many_names(void)
{
	enum { N = 20000 };
	char path[400];
	char err[1024];
	unsigned long before;
	struct mw_model *m;
	FILE *f;

	snprintf(path, sizeof path, "%s/many.yaml", tmp);
	if (!(f = fopen(path, "w"))) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fprintf(f, "model: {name: Many values}\nline:\n  bauds: [9600]\n  formats: [8N1]\n"
	           "  default: {baud: 9600, format: 8N1, address: 1}\n"
	           "  function_codes: [3, 16]\nvalues:\n");
	for (int i = 0; i < N; i++)
		fprintf(f, "  - {name: v%d, register: %d}\n", i, i % 60000);
	fprintf(f, "settings:\n  - {name: s, register: 65000, range: [0, 9]}\n");
	fclose(f);
	before = mw_devload_name_compares;
	m = mw_devload_file(path, err, sizeof err);
	if (!ok(m != NULL, "%d values load", N))
		diag("%s", err);
	ok(mw_devload_name_compares - before <= 4UL * (N + 1),
	   "the duplicate-name check makes %lu comparisons for %d names (at most 4 each)",
	   mw_devload_name_compares - before, N + 1);
	mw_model_free(m);

	/* A duplicate among many is still found, at its line. */
	f = fopen(path, "a");
	fprintf(f, "actions:\n  - {name: v19999, register: 65001, write: [1]}\n");
	fclose(f);
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && strstr(err, "duplicate name 'v19999' (first used at line 20007)"),
	   "the duplicate is reported: %s", err);
	mw_model_free(m);
}

/*
 * Hostile files on the search path: a FIFO named x.yaml (opened, it would
 * block every command), a file too large, lists nested too deep, control
 * characters in a name or a file name.  Each is refused or skipped with a
 * message, never a hang, and no control byte reaches the message.
 */
static void test_hostile(void)
{
	char dir[300], path[400], err[1024], envvar[400];
	struct mw_catalog cat = {0};
	struct mw_model *m;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/hostile", tmp);
	mkdir(dir, 0700);
	snprintf(envvar, sizeof envvar, "%s", dir);
	setenv("MW_DEVICES_PATH", envvar, 1);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", tmp, 1);

	snprintf(path, sizeof path, "%s/fifo.yaml", dir);
	ok(mkfifo(path, 0600) == 0, "a FIFO named fifo.yaml");
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && strstr(err, "not a regular file") && strstr(err, "named pipe"),
	   "the FIFO is refused, not opened: %s", err);
	put_model(dir, "good-meter", "Good meter");
	warned[0] = '\0';
	ok(mw_devload_all(&cat, collect) >= 1 && mw_catalog_find(&cat, "good-meter"),
	   "the search path loads the good file and goes on");
	ok(strstr(warned, "fifo.yaml: not a regular file") != NULL, "and warns of the FIFO");
	mw_catalog_free(&cat);
	unlink(path);

	/* Too large: refused at line 1 before it is read. */
	snprintf(path, sizeof path, "%s/huge.yaml", dir);
	f = fopen(path, "w");
	fprintf(f, "# padding\n");
	for (int i = 0; i < MW_DEVFILE_MAX_BYTES / 60 + 1; i++)
		fprintf(f, "# %060d\n", i);
	fclose(f);
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && strstr(err, "huge.yaml:1:1: the file is too large"), "%s", err);
	unlink(path);

	/* Nesting: refused at the node that goes too deep. */
	snprintf(path, sizeof path, "%s/deep.yaml", dir);
	f = fopen(path, "w");
	fprintf(f, "model: {name: Deep}\nnotes:\n  x: ");
	for (int i = 0; i < 200; i++)
		fputc('[', f);
	for (int i = 0; i < 200; i++)
		fputc(']', f);
	fputc('\n', f);
	fclose(f);
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && strstr(err, "deep.yaml:3:") && strstr(err, "nested deeper than"), "%s",
	   err);
	unlink(path);

	/* An escape sequence in a label (YAML "\e"): refused with its position. */
	snprintf(path, sizeof path, "%s/esc.yaml", dir);
	write_file(path, "model: {name: \"Evil\\e[2J meter\"}\n"
	                 "line:\n  bauds: [9600]\n  formats: [8N1]\n"
	                 "  default: {baud: 9600, format: 8N1, address: 1}\n"
	                 "  function_codes: [3]\n"
	                 "values:\n  - {name: v, register: 0}\n");
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && strstr(err, "esc.yaml:1:15:") && strstr(err, "control character"),
	   "a control character in the model name is refused: %s", err);
	ok(!strchr(err, '\033'), "and the message holds no raw escape");
	/* ...in a key, which the message quotes: escaped, not raw. */
	write_file(path, "model: {name: Keys, \"x\\e[31m\": 1}\n");
	m = mw_devload_file(path, err, sizeof err);
	ok(m == NULL && !strchr(err, '\033') && strstr(err, "\\x1B"),
	   "a control character in a key is shown as \\x1B: %s", err);
	unlink(path);

	/* A file name with a control character is skipped, the name escaped. */
	snprintf(path, sizeof path, "%s/bad\033[2Jname.yaml", dir);
	write_file(path, "model: {name: x}\n");
	warned[0] = '\0';
	mw_devload_all(&cat, collect);
	ok(!strchr(warned, '\033') && strstr(warned, "bad\\x1B[2Jname.yaml: skipped"),
	   "a file name with a control character is skipped: %s", warned);
	mw_catalog_free(&cat);
	unlink(path);
}

static void cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		diag("could not remove %s", tmp);
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	srcdir = getenv("top_srcdir");
	if (!srcdir) {
		printf("Bail out! top_srcdir is not set (run through make check)\n");
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s/devload.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_jsy();
	test_features();
	test_bad();
	test_shipped();
	test_path();
	test_many_names();
	test_hostile();
	cleanup();
	return done_testing();
}
