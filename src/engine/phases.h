/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * phases.h - the per-phase picture of an AC meter, independent of model.
 *
 * The engine fills it from a reading (values found by quantity and phase
 * in the device file); the wiring diagnostics, the dashboard and the
 * phasor diagram read only this.  NaN marks what the meter does not
 * report.  Index 0..2 = L1..L3.
 */
#ifndef MW_PHASES_H
#define MW_PHASES_H

#include <stdbool.h>

struct mw_phases {
	double v[3];    /* phase voltage, V */
	double i[3];    /* current, A */
	double p[3];    /* active power, W, signed (import > 0) */
	double q[3];    /* reactive power, var, signed */
	double s[3];    /* apparent power, VA */
	double pf[3];   /* power factor, signed as the meter gives it */
	double p_total; /* W */
	double q_total; /* var */
	double s_total; /* VA */
	double pf_total;
	double freq;        /* Hz */
	int reverse_seq;    /* meter's phase-sequence flag: 1 reversed, 0 ok, -1 not reported */
	int overvoltage[3]; /* alarm flags: 1 set, 0 clear, -1 not reported */
	int overcurrent[3];
	double v_nominal; /* expected phase voltage, V (default 230) */
	double f_nominal; /* expected frequency, Hz (default 50) */
};

/* Set every field to "not reported" and nominals to 230 V / 50 Hz. */
void mw_phases_init(struct mw_phases *ph);

#endif
