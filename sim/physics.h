/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * physics.h - what a meter measures: phasors of the supply and load,
 * seen through the meter's wiring (faults included), as per-channel
 * voltage, current, P, Q, S, PF, line voltages, frequency and the
 * phase sequence; and the energy counters that accumulate from them.
 */
#ifndef MW_SIM_PHYSICS_H
#define MW_SIM_PHYSICS_H

#include "sim.h"

/* One reading. Index 0..2 = channels L1..L3 (or C1, C2), 3 = total. */
struct sim_meas {
	double v[SIM_PHASES + 1];  /* V; [3] = average of the present phases */
	double i[SIM_PHASES + 1];  /* A; [3] = average */
	double p[SIM_PHASES + 1];  /* W, signed: < 0 = export */
	double q[SIM_PHASES + 1];  /* var, signed: < 0 = leading */
	double s[SIM_PHASES + 1];  /* VA; total = arithmetic sum */
	double pf[SIM_PHASES + 1]; /* P / S, signed like P; 1 with no load */
	double vll[SIM_PHASES];    /* V: L1-L2, L2-L3, L3-L1 */
	double f;                  /* Hz */
	bool reverse_sequence;     /* voltages rotate L1-L3-L2 */
};

/* Measure device d at sim time t (seconds); noisy adds the noise. */
void sim_physics_eval(const struct sim_device *d, double t, bool noisy, struct sim_meas *m);
/* Bring d's energy counters up to sim time t (time_scale applied). */
void sim_physics_accumulate(struct sim_device *d, double t, double time_scale);
/* Zero every energy counter of d. */
void sim_physics_clear_energy(struct sim_device *d);

#endif
