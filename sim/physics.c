/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * physics.c - phasors to measurements.
 *
 * The supply: phase voltages at 0, -120 and +120 degrees (L1, L2, L3).
 * The load on each phase draws its current `angle` degrees behind its
 * voltage (+ = lagging).  The meter's channel k measures the voltage on
 * its terminal k and the current through its CT k.  Wiring faults change
 * what reaches the terminals: a reversed CT negates the current, swapped
 * CTs exchange two channels' currents, a lost phase has neither voltage
 * nor current, a reversed sequence puts L3's voltage on terminal 2 and
 * L2's on terminal 3 (with their loads, so per-phase powers are kept and
 * only the rotation changes).  P = VI cos(phi), Q = VI sin(phi), S = VI.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "physics.h"

#define DEG (M_PI / 180.0)

/* Random number in [-1, 1). */
static double wobble(void)
{
	return 2.0 * sim_random() - 1.0;
}

/* The drift of one quantity: a slow sine, phase-shifted per channel. */
static double drift(const struct sim_physics *ph, double amp, double t, int k)
{
	double period = ph->drift_period_s > 0 ? ph->drift_period_s : 300.0;

	if (amp == 0)
		return 0;
	return amp * sin(2.0 * M_PI * t / period + k * 2.1);
}

void sim_physics_eval(const struct sim_device *d, double t, bool noisy, struct sim_meas *m)
{
	const struct sim_physics *ph = &d->phys;
	const struct sim_wiring *w = &d->wiring;
	double vmag[SIM_PHASES], vang[SIM_PHASES], imag[SIM_PHASES], iang[SIM_PHASES];
	static const double supply[SIM_PHASES] = {0, -120, 120};
	/* Reversed sequence: terminal 2 sees L3 and terminal 3 sees L2. */
	static const double reversed[SIM_PHASES] = {0, 120, -120};
	bool dc = d->model && d->model->kind == MW_KIND_DC;
	int present = 0;

	memset(m, 0, sizeof *m);
	for (int k = 0; k < SIM_PHASES; k++) {
		double v = ph->voltage[k] + drift(ph, ph->drift.voltage, t, k);
		double i = ph->current[k] + drift(ph, ph->drift.current, t, k + 3);
		double a = ph->angle[k] + drift(ph, ph->drift.angle, t, k + 6);

		if (noisy) {
			v += ph->noise.voltage * wobble();
			i += ph->noise.current * wobble();
			a += ph->noise.angle * wobble();
		}
		if (w->lost[k] || v < 0)
			v = 0;
		if (w->lost[k] || i < 0 || d->supply_off)
			i = 0;
		vmag[k] = v;
		vang[k] = dc ? 0 : w->reverse_sequence ? reversed[k] : supply[k];
		imag[k] = i;
		iang[k] = dc ? 0 : vang[k] - a;
	}
	if (w->ct_swap[0] >= 0 && w->ct_swap[1] >= 0) {
		int a = w->ct_swap[0], b = w->ct_swap[1];
		double tm = imag[a], ta = iang[a];

		imag[a] = imag[b];
		iang[a] = iang[b];
		imag[b] = tm;
		iang[b] = ta;
	}
	for (int k = 0; k < SIM_PHASES; k++) {
		double phi;

		if (w->ct_reversed[k])
			iang[k] += 180;
		phi = (vang[k] - iang[k]) * DEG;
		m->v[k] = vmag[k];
		m->i[k] = imag[k];
		if (dc) {
			m->p[k] = vmag[k] * imag[k] * (w->ct_reversed[k] ? -1 : 1);
			m->q[k] = 0;
		} else {
			m->p[k] = vmag[k] * imag[k] * cos(phi);
			m->q[k] = vmag[k] * imag[k] * sin(phi);
		}
		m->s[k] = vmag[k] * imag[k];
		m->pf[k] = m->s[k] > 0 ? m->p[k] / m->s[k] : 1.0;
		m->p[3] += m->p[k];
		m->q[3] += m->q[k];
		m->s[3] += m->s[k];
		m->i[3] += imag[k];
		if (vmag[k] > 0) {
			m->v[3] += vmag[k];
			present++;
		}
	}
	m->v[3] = present ? m->v[3] / present : 0;
	m->i[3] /= SIM_PHASES;
	m->pf[3] = m->s[3] > 0 ? m->p[3] / m->s[3] : 1.0;
	for (int k = 0; k < SIM_PHASES; k++) {
		int n = (k + 1) % SIM_PHASES;
		double re = vmag[k] * cos(vang[k] * DEG) - vmag[n] * cos(vang[n] * DEG);
		double im = vmag[k] * sin(vang[k] * DEG) - vmag[n] * sin(vang[n] * DEG);

		m->vll[k] = dc ? 0 : sqrt(re * re + im * im);
	}
	m->f = ph->frequency + drift(ph, ph->drift.frequency, t, 9);
	if (noisy)
		m->f += ph->noise.frequency * wobble();
	if (present == SIM_PHASES && !dc) {
		/* Where V2 stands relative to V1: -120 normal, +120 reversed. */
		double rel = fmod(vang[1] - vang[0] + 540.0, 360.0) - 180.0;

		m->reverse_sequence = rel > 0;
	}
}

void sim_physics_accumulate(struct sim_device *d, double t, double time_scale)
{
	struct sim_meas m;
	double dt_h;

	if (t <= d->energy_t)
		return;
	sim_physics_eval(d, t, false, &m);
	dt_h = (t - d->energy_t) * (time_scale > 0 ? time_scale : 1.0) / 3600.0;
	d->energy_t = t;
	if (!d->attached)
		return; /* a disconnected meter has no supply */
	for (int k = 0; k <= SIM_PHASES; k++) {
		double *e = d->energy[k];

		if (m.p[k] >= 0)
			e[SIM_E_ACTIVE_IMPORT] += m.p[k] * dt_h / 1000.0;
		else
			e[SIM_E_ACTIVE_EXPORT] += -m.p[k] * dt_h / 1000.0;
		if (m.q[k] >= 0)
			e[SIM_E_REACTIVE_IMPORT] += m.q[k] * dt_h / 1000.0;
		else
			e[SIM_E_REACTIVE_EXPORT] += -m.q[k] * dt_h / 1000.0;
		e[SIM_E_APPARENT] += m.s[k] * dt_h / 1000.0;
	}
}

void sim_physics_clear_energy(struct sim_device *d)
{
	memset(d->energy, 0, sizeof d->energy);
}
