/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim_physics_test.c - meterwise-sim's physics and value encoding, without
 * a pty: P, Q, S and PF from phasors, what each wiring fault does to the
 * readings, energy accumulation, and registers through the JSY-MK-333
 * device file (scaling, direction bits, alarm bits against the limits).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "devload.h"
#include "physics.h"
#include "regmap.h"
#include "tap.h"
#include "values.h"

#define DEG (M_PI / 180.0)

static struct mw_model ac3 = {.id = "test", .name = "test", .kind = MW_KIND_AC3};

/* A device with balanced 230 V, 10 A at 30 degrees lagging. */
static void healthy(struct sim_device *d)
{
	memset(d, 0, sizeof *d);
	d->model = &ac3;
	d->attached = true;
	d->wiring.ct_swap[0] = d->wiring.ct_swap[1] = -1;
	d->phys.frequency = 50;
	for (int k = 0; k < SIM_PHASES; k++) {
		d->phys.voltage[k] = 230;
		d->phys.current[k] = 10;
		d->phys.angle[k] = 30;
	}
}

static void test_healthy(void)
{
	struct sim_device d;
	struct sim_meas m;

	healthy(&d);
	sim_physics_eval(&d, 0, false, &m);
	for (int k = 0; k < SIM_PHASES; k++) {
		is_double(m.p[k], 2300 * cos(30 * DEG), 1e-6, "P = V I cos(phi)");
		is_double(m.q[k], 2300 * sin(30 * DEG), 1e-6, "Q = V I sin(phi)");
		is_double(m.s[k], 2300, 1e-9, "S = V I");
		is_double(m.pf[k], cos(30 * DEG), 1e-9, "PF = P / S");
		is_double(m.vll[k], 230 * sqrt(3), 1e-6, "line voltage = sqrt(3) V");
	}
	is_double(m.p[3], 3 * 2300 * cos(30 * DEG), 1e-6, "total P is the sum");
	is_double(m.s[3], 6900, 1e-9, "total S is the arithmetic sum");
	ok(!m.reverse_sequence, "normal rotation");
}

static void test_faults(void)
{
	struct sim_device d;
	struct sim_meas m;

	healthy(&d);
	d.wiring.ct_reversed[1] = true;
	sim_physics_eval(&d, 0, false, &m);
	ok(m.p[1] < 0 && m.p[0] > 0 && m.p[2] > 0, "ct_reversed L2: P2 < 0 while P1, P3 > 0");
	is_double(m.p[1], -2300 * cos(30 * DEG), 1e-6, "ct_reversed L2: P2 = -V I cos(phi)");
	is_double(m.p[3], 2300 * cos(30 * DEG), 1e-6, "ct_reversed L2: total = P1 + P3 - P2");

	healthy(&d);
	d.phys.current[0] = 5;
	d.wiring.ct_swap[0] = 0;
	d.wiring.ct_swap[1] = 1;
	sim_physics_eval(&d, 0, false, &m);
	is_double(m.i[0], 10, 1e-9, "ct_swap L1/L2: channel 1 measures L2's current");
	is_double(m.i[1], 5, 1e-9, "ct_swap L1/L2: channel 2 measures L1's current");
	/* L2's current (at -120 - 30) against L1's voltage (0): phi = 150 degrees. */
	is_double(m.p[0], 2300 * cos(150 * DEG), 1e-6, "ct_swap: P1 = V1 I2 cos(150)");

	healthy(&d);
	d.wiring.lost[2] = true;
	sim_physics_eval(&d, 0, false, &m);
	ok(m.v[2] == 0 && m.i[2] == 0 && m.p[2] == 0, "lost_phase L3: no voltage, current, power");
	is_double(m.v[3], 230, 1e-9, "lost_phase: average voltage of the present phases");
	ok(!m.reverse_sequence, "lost_phase: no sequence verdict");

	healthy(&d);
	d.wiring.reverse_sequence = true;
	sim_physics_eval(&d, 0, false, &m);
	ok(m.reverse_sequence, "reverse_sequence: detected from the voltages");
	is_double(m.p[1], 2300 * cos(30 * DEG), 1e-6, "reverse_sequence: per-phase P unchanged");
	is_double(m.vll[0], 230 * sqrt(3), 1e-6, "reverse_sequence: line voltages unchanged");

	healthy(&d);
	d.phys.angle[0] = -20;
	sim_physics_eval(&d, 0, false, &m);
	ok(m.q[0] < 0 && m.p[0] > 0, "leading current: Q < 0, P > 0");
}

static void test_energy(void)
{
	struct sim_device d;

	healthy(&d);
	d.phys.angle[0] = d.phys.angle[1] = d.phys.angle[2] = 0;
	d.wiring.ct_reversed[2] = true;
	sim_physics_accumulate(&d, 3600, 1);
	is_double(d.energy[0][SIM_E_ACTIVE_IMPORT], 2.3, 1e-9,
	          "2300 W for an hour: 2.3 kWh import");
	is_double(d.energy[2][SIM_E_ACTIVE_EXPORT], 2.3, 1e-9, "reversed L3: 2.3 kWh export");
	is_double(d.energy[3][SIM_E_ACTIVE_IMPORT], 2.3, 1e-9,
	          "total import from total P (2300 W)");
	is_double(d.energy[0][SIM_E_APPARENT], 2.3, 1e-9, "apparent energy");
	sim_physics_accumulate(&d, 3600 + 1800, 2);
	is_double(d.energy[0][SIM_E_ACTIVE_IMPORT], 4.6, 1e-9,
	          "time_scale 2: half an hour counts one");
	d.attached = false;
	sim_physics_accumulate(&d, 9000, 1);
	is_double(d.energy[0][SIM_E_ACTIVE_IMPORT], 4.6, 1e-9, "a detached meter counts nothing");
	sim_physics_clear_energy(&d);
	is_double(d.energy[3][SIM_E_ACTIVE_IMPORT], 0, 0, "clear zeroes the counters");
}

/* Registers through the JSY-MK-333 device file. */
static void test_jsy(void)
{
	const char *top = getenv("top_srcdir");
	char path[4096], err[512];
	struct mw_model *jsy;
	struct sim_device d;
	struct sim_meas m;
	uint16_t w[4];
	const struct mw_setting *vl;

	snprintf(path, sizeof path, "%s/devices/jsy-mk-333.yaml", top ? top : MW_SRCDIR);
	jsy = mw_devload_file(path, err, sizeof err);
	if (!ok(jsy != NULL, "load jsy-mk-333.yaml")) {
		diag("%s", err);
		return;
	}
	healthy(&d);
	d.model = jsy;
	d.id = "t";
	d.phys.voltage[0] = 220.33;
	ok(sim_regmap_init(&d, err, sizeof err) == 0, "settings from the device file's defaults");
	sim_physics_eval(&d, 0, false, &m);
	sim_value_encode(&d, mw_model_value(jsy, "voltage_l1"), &m, w);
	is_double(w[0], 0x5611, 0, "220.33 V encodes as 0x5611 (manual 4.1)");
	sim_value_encode(&d, mw_model_value(jsy, "model_code"), &m, w);
	is_double(w[0], 0x0333, 0, "the model code is the device file's sim value");
	d.wiring.ct_reversed[1] = true;
	sim_physics_eval(&d, 0, false, &m);
	sim_value_encode(&d, mw_model_value(jsy, "active_power_l2"), &m, w);
	is_double(w[0], round(2300 * cos(30 * DEG)), 0, "L2 power is a magnitude");
	sim_value_encode(&d, mw_model_value(jsy, "direction"), &m, w);
	is_double(w[0], 0x22, 0, "direction word: bits 1 (P2) and 5 (Q2) reverse");
	sim_value_encode(&d, mw_model_value(jsy, "alarm"), &m, w);
	is_double(w[0], 0, 0, "no alarm below 260 V and 50 A");
	vl = mw_model_setting(jsy, "voltage_limit");
	ok(vl && sim_regmap_set_text(&d, vl, "225", err, sizeof err) == 0, "voltage limit 225 V");
	sim_value_encode(&d, mw_model_value(jsy, "alarm"), &m, w);
	is_double(w[0], 0x06, 0, "overvoltage bits for L2, L3 (230 V) but not L1 (220.33 V)");
	d.wiring.reverse_sequence = true;
	sim_physics_eval(&d, 0, false, &m);
	sim_value_encode(&d, mw_model_value(jsy, "alarm"), &m, w);
	is_double(w[0], 0x106, 0, "reverse sequence adds bit 8");
	free(d.words);
	mw_model_free(jsy);
}

int main(void)
{
	test_healthy();
	test_faults();
	test_energy();
	test_jsy();
	return done_testing();
}
