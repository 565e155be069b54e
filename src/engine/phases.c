/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * phases.c - the per-phase picture (phases.h) and how a reading fills it:
 * values are found by quantity and phase in the device file, flag bits by
 * their meaning, so no model is named here.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "engine.h"
#include "phases.h"

void mw_phases_init(struct mw_phases *ph)
{
	for (int k = 0; k < 3; k++) {
		ph->v[k] = ph->i[k] = ph->p[k] = ph->q[k] = ph->s[k] = ph->pf[k] = NAN;
		ph->overvoltage[k] = ph->overcurrent[k] = -1;
	}
	ph->p_total = ph->q_total = ph->s_total = ph->pf_total = ph->freq = NAN;
	ph->reverse_seq = -1;
	ph->v_nominal = 230;
	ph->f_nominal = 50;
}

/* Slot for quantity q at phase index k (0..2, 3 = total), or NULL. */
static double *slot(struct mw_phases *ph, enum mw_quantity q, int k)
{
	static double *const none = NULL;

	switch (q) {
	case MW_Q_VOLTAGE:
		return k < 3 ? &ph->v[k] : none;
	case MW_Q_CURRENT:
		return k < 3 ? &ph->i[k] : none;
	case MW_Q_ACTIVE_POWER:
		return k < 3 ? &ph->p[k] : &ph->p_total;
	case MW_Q_REACTIVE_POWER:
		return k < 3 ? &ph->q[k] : &ph->q_total;
	case MW_Q_APPARENT_POWER:
		return k < 3 ? &ph->s[k] : &ph->s_total;
	case MW_Q_POWER_FACTOR:
		return k < 3 ? &ph->pf[k] : &ph->pf_total;
	default:
		return none;
	}
}

/* Apply the flag bits of a bits value read as `word`. */
static void flags(struct mw_phases *ph, const struct mw_value *v, long word)
{
	for (size_t f = 0; f < v->n_flags; f++) {
		const struct mw_flag *fl = &v->flags[f];
		int set = (word >> fl->bit) & 1;
		int k = fl->phase >= MW_PHASE_L1 && fl->phase <= MW_PHASE_L3
		            ? (int)(fl->phase - MW_PHASE_L1)
		            : -1;

		switch (fl->meaning) {
		case MW_F_OVERVOLTAGE:
			if (k >= 0)
				ph->overvoltage[k] = set;
			break;
		case MW_F_OVERCURRENT:
			if (k >= 0)
				ph->overcurrent[k] = set;
			break;
		case MW_F_REVERSE_SEQUENCE:
			ph->reverse_seq = set;
			break;
		default:
			break;
		}
	}
}

void mw_reading_phases(const struct mw_reading *r, struct mw_phases *ph)
{
	const struct mw_model *m = r->model;

	mw_phases_init(ph);
	if (!m)
		return;
	for (size_t i = 0; i < m->n_values && i < r->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		double x = r->values[i];
		double *d;
		int k;

		if (v->type == MW_T_BITS) {
			if (r->raw_flags[i] >= 0)
				flags(ph, v, r->raw_flags[i]);
			continue;
		}
		if (isnan(x) || v->tariff != 0 || v->month != 0)
			continue;
		if (v->quantity == MW_Q_FREQUENCY) {
			if (isnan(ph->freq))
				ph->freq = x;
			continue;
		}
		if (v->phase >= MW_PHASE_L1 && v->phase <= MW_PHASE_L3)
			k = (int)(v->phase - MW_PHASE_L1);
		else if (v->phase == MW_PHASE_TOTAL)
			k = 3;
		else
			continue;
		d = slot(ph, v->quantity, k);
		/* The picture is in W, var and VA: kW (DL/T645's unit) times 1000. */
		if ((v->quantity == MW_Q_ACTIVE_POWER || v->quantity == MW_Q_REACTIVE_POWER ||
		     v->quantity == MW_Q_APPARENT_POWER) &&
		    v->unit && v->unit[0] == 'k')
			x *= 1000;
		if (d && isnan(*d))
			*d = x;
	}
}
