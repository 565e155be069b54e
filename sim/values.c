/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * values.c - measurements to registers, through the device file.
 *
 * A value's quantity and phase pick the measurement; energies are the
 * device's counters (tariff 1 is the tariff in force, so it holds all of
 * the energy; other tariffs and past months read 0).  Units with a prefix
 * (kW, Wh, kvarh...) are converted from the physics' units.  A value
 * whose sign lives in a flag bit is encoded as its magnitude and the flag
 * word carries the direction; an unsigned value without a sign flag
 * (the JSY's power factor) is encoded as its magnitude.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "codec.h"
#include "regmap.h"
#include "values.h"

/* Measurement index of a phase: 0..2 channels, 3 total. */
static int phase_index(enum mw_phase p)
{
	switch (p) {
	case MW_PHASE_L1:
	case MW_PHASE_L12:
	case MW_PHASE_C1:
		return 0;
	case MW_PHASE_L2:
	case MW_PHASE_L23:
	case MW_PHASE_C2:
		return 1;
	case MW_PHASE_L3:
	case MW_PHASE_L31:
		return 2;
	default:
		return 3;
	}
}

/* Energy counter of device d for a quantity; *kind set, false if none. */
static bool energy_of(const struct sim_device *d, enum mw_quantity q, int k, double *x)
{
	const double *e = d->energy[k];

	switch (q) {
	case MW_Q_ACTIVE_ENERGY: /* combined: import + export */
		*x = e[SIM_E_ACTIVE_IMPORT] + e[SIM_E_ACTIVE_EXPORT];
		return true;
	case MW_Q_ACTIVE_ENERGY_IMPORT:
		*x = e[SIM_E_ACTIVE_IMPORT];
		return true;
	case MW_Q_ACTIVE_ENERGY_EXPORT:
		*x = e[SIM_E_ACTIVE_EXPORT];
		return true;
	case MW_Q_REACTIVE_ENERGY:
		*x = e[SIM_E_REACTIVE_IMPORT] + e[SIM_E_REACTIVE_EXPORT];
		return true;
	case MW_Q_REACTIVE_ENERGY_IMPORT:
		*x = e[SIM_E_REACTIVE_IMPORT];
		return true;
	case MW_Q_REACTIVE_ENERGY_EXPORT:
		*x = e[SIM_E_REACTIVE_EXPORT];
		return true;
	case MW_Q_APPARENT_ENERGY:
		*x = e[SIM_E_APPARENT];
		return true;
	default:
		return false;
	}
}

/* Unit stem of the physics' unit for a quantity ("" = dimensionless). */
static const char *stem_of(enum mw_quantity q, double *base)
{
	*base = 1;
	switch (q) {
	case MW_Q_VOLTAGE:
	case MW_Q_LINE_VOLTAGE:
		return "V";
	case MW_Q_CURRENT:
		return "A";
	case MW_Q_ACTIVE_POWER:
		return "W";
	case MW_Q_REACTIVE_POWER:
		return "var";
	case MW_Q_APPARENT_POWER:
	case MW_Q_APPARENT_DEMAND:
		return "VA";
	case MW_Q_FREQUENCY:
		return "Hz";
	case MW_Q_ACTIVE_ENERGY:
	case MW_Q_ACTIVE_ENERGY_IMPORT:
	case MW_Q_ACTIVE_ENERGY_EXPORT:
		*base = 1000; /* counters are in kWh */
		return "Wh";
	case MW_Q_REACTIVE_ENERGY:
	case MW_Q_REACTIVE_ENERGY_IMPORT:
	case MW_Q_REACTIVE_ENERGY_EXPORT:
		*base = 1000;
		return "varh";
	case MW_Q_APPARENT_ENERGY:
		*base = 1000;
		return "VAh";
	default:
		return NULL;
	}
}

/* Factor from the physics' unit to the value's unit (prefix k, M, m). */
static double unit_factor(enum mw_quantity q, const char *unit)
{
	double base;
	const char *stem = stem_of(q, &base);
	size_t ul, sl;

	if (!stem || !unit || !*unit)
		return 1;
	ul = strlen(unit);
	sl = strlen(stem);
	if (ul < sl || strcmp(unit + ul - sl, stem) != 0)
		return 1; /* unknown spelling: take the physics' unit */
	if (ul == sl)
		return base;
	if (ul == sl + 1) {
		switch (unit[0]) {
		case 'k':
			return base / 1e3;
		case 'M':
			return base / 1e6;
		case 'm':
			return base * 1e3;
		}
	}
	return 1;
}

double sim_value_number(const struct sim_device *d, const struct mw_value *v,
                        const struct sim_meas *m)
{
	int k = phase_index(v->phase);
	double x = 0;

	if (!isnan(v->sim_fixed))
		return v->sim_fixed;
	switch (v->quantity) {
	case MW_Q_VOLTAGE:
		x = m->v[k];
		break;
	case MW_Q_LINE_VOLTAGE:
		x = k < SIM_PHASES ? m->vll[k] : (m->vll[0] + m->vll[1] + m->vll[2]) / 3;
		break;
	case MW_Q_CURRENT:
		x = m->i[k];
		break;
	case MW_Q_ACTIVE_POWER:
		x = m->p[k];
		break;
	case MW_Q_REACTIVE_POWER:
		x = m->q[k];
		break;
	case MW_Q_APPARENT_POWER:
	case MW_Q_APPARENT_DEMAND:
		x = m->s[k];
		break;
	case MW_Q_POWER_FACTOR:
		x = m->pf[k];
		break;
	case MW_Q_FREQUENCY:
		x = m->f;
		break;
	case MW_Q_DIRECTION:
	case MW_Q_ALARM:
	case MW_Q_STATUS:
		return NAN;
	default:
		if (v->tariff > 1 || v->month > 0 || !energy_of(d, v->quantity, k, &x))
			x = 0;
		break;
	}
	return x * unit_factor(v->quantity, v->unit);
}

/* The limit (engineering units) a flag of this meaning compares against. */
static bool flag_limit(const struct sim_device *d, enum mw_flag_meaning fm, double *lim)
{
	const struct mw_model *mo = d->model;

	/* The setting whose device file says `limit: overvoltage` (or overcurrent). */
	for (size_t i = 0; i < mo->n_settings; i++) {
		const struct mw_setting *s = &mo->settings[i];
		uint16_t w[2] = {0, 0};
		int n = mw_setting_words(s);

		if (s->gap || s->limit_for != fm || s->table != MW_TABLE_HOLDING || n > 2)
			continue;
		for (int j = 0; j < n; j++) {
			struct sim_word *sw = sim_regmap_word((struct sim_device *)d, s->table,
			                                      (uint16_t)(s->reg + j));
			w[j] = sw ? sw->val : 0;
		}
		*lim = mw_setting_decode(s, w) * (s->scale != 0 ? s->scale : 1);
		return true;
	}
	return false;
}

/* The word of flags of bits value v. */
static uint16_t flags_word(const struct sim_device *d, const struct mw_value *v,
                           const struct sim_meas *m)
{
	const struct mw_model *mo = d->model;
	uint16_t w = 0;
	double lim;

	for (size_t i = 0; i < v->n_flags; i++) {
		const struct mw_flag *f = &v->flags[i];
		int k = phase_index(f->phase);
		bool on = false;

		switch (f->meaning) {
		case MW_F_REVERSE_ACTIVE:
			on = m->p[k] < 0;
			break;
		case MW_F_REVERSE_REACTIVE:
			on = m->q[k] < 0;
			break;
		case MW_F_OVERVOLTAGE:
			on = flag_limit(d, f->meaning, &lim) && m->v[k] > lim;
			break;
		case MW_F_OVERCURRENT:
			on = flag_limit(d, f->meaning, &lim) && m->i[k] > lim;
			break;
		case MW_F_REVERSE_SEQUENCE:
			on = m->reverse_sequence;
			break;
		default:
			break;
		}
		if (on && f->bit >= 0 && f->bit < 16)
			w |= (uint16_t)(1u << f->bit);
	}
	/* Values that take their sign from this word set their bit when negative. */
	for (size_t i = 0; i < mo->n_values; i++) {
		const struct mw_value *u = &mo->values[i];

		if (u->sign.value && strcmp(u->sign.value, v->name) == 0 && u->sign.bit >= 0 &&
		    u->sign.bit < 16 && sim_value_number(d, u, m) < 0)
			w |= (uint16_t)(1u << u->sign.bit);
	}
	return w;
}

/* Text of a string value: the scenario's, or one made from the device id. */
static void encode_string(const struct sim_device *d, const struct mw_value *v, uint16_t *w)
{
	const char *t = NULL;
	char made[64];
	int nw = mw_value_words(v);

	for (size_t i = 0; i < d->n_texts; i++)
		if (strcmp(d->texts[i].value, v->name) == 0)
			t = d->texts[i].text;
	if (!t) {
		snprintf(made, sizeof made, "SIM-%s", d->id);
		t = made;
	}
	for (int i = 0; i < nw; i++) {
		int a =
		    2 * i < v->length && (size_t)(2 * i) < strlen(t) ? (unsigned char)t[2 * i] : 0;
		int b = 2 * i + 1 < v->length && (size_t)(2 * i + 1) < strlen(t)
		            ? (unsigned char)t[2 * i + 1]
		            : 0;
		uint16_t word = (uint16_t)(a << 8 | b);

		w[i] =
		    v->byte_order == MW_BYTES_LOW_FIRST ? (uint16_t)(word >> 8 | word << 8) : word;
	}
}

/* Largest raw magnitude a type holds. */
static double type_max(enum mw_type t)
{
	switch (t) {
	case MW_T_S16:
		return 32767;
	case MW_T_U32:
		return 4294967295.0;
	case MW_T_S32:
		return 2147483647.0;
	case MW_T_FLOAT32:
		return 3.0e38;
	default:
		return 65535;
	}
}

void sim_value_encode(const struct sim_device *d, const struct mw_value *v,
                      const struct sim_meas *m, uint16_t *w)
{
	int nw = mw_value_words(v);
	double x, raw, mx;
	bool is_unsigned;

	memset(w, 0, (size_t)nw * sizeof *w);
	if (v->type == MW_T_STRING) {
		encode_string(d, v, w);
		return;
	}
	if (v->type == MW_T_DATETIME || v->type == MW_T_SCHEDULE)
		return;
	if (v->type == MW_T_BITS && isnan(v->sim_fixed)) {
		w[0] = flags_word(d, v, m);
		if (v->byte_order == MW_BYTES_LOW_FIRST)
			w[0] = (uint16_t)(w[0] >> 8 | w[0] << 8);
		return;
	}
	x = sim_value_number(d, v, m);
	if (isnan(x))
		return;
	is_unsigned = v->type == MW_T_U16 || v->type == MW_T_U32 || v->type == MW_T_BITS ||
	              v->type == MW_T_BOOL;
	if (v->sign.value || is_unsigned)
		x = fabs(x); /* the direction is in the flag word */
	raw = x / (v->scale != 0 ? v->scale : 1);
	mx = type_max(v->type);
	if (raw > mx)
		raw = mx;
	if (raw < -mx)
		raw = -mx;
	if (mw_encode_raw(v->type, v->word_order, v->byte_order, raw, w) < 0)
		memset(w, 0, (size_t)nw * sizeof *w);
}
