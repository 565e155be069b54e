/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag.c - wiring diagnostics from one per-phase picture (diag.h).
 *
 * This half decides which phases can be judged and checks what needs no
 * model of the wiring: lost voltage or current, voltage and frequency
 * range, unbalance, the meter's own alarms, too little load.  The CT
 * direction, CT-to-voltage match and phase sequence come from the search
 * in diag_wiring.c.  Items are collected, then ordered faults first and
 * cut to MW_DIAG_MAX.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag_int.h"
#include "i18n.h"

const char *mw_diag_kind_name(enum mw_diag_kind k)
{
	static const char *const n[] = {
	    "ok",           "ct_reversed",  "all_reversed", "ct_wrong_phase", "reverse_sequence",
	    "lost_voltage", "lost_current", "unbalance",    "voltage_range",  "frequency_range",
	    "meter_alarm",  "no_load",      "implausible"};

	return (unsigned)k < sizeof n / sizeof n[0] ? n[k] : "?";
}

static double nominal_v(const struct mw_phases *ph)
{
	return ph->v_nominal > 0 ? ph->v_nominal : 230.0;
}

/* Decide what can be judged on each phase. */
static void classify(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;
	double vn = nominal_v(ph);

	c->low_load = INFINITY;
	for (int k = 0; k < 3; k++) {
		double p = ph->p[k], q = ph->q[k], i = ph->i[k], s;

		c->v_lost[k] = !isnan(ph->v[k]) && ph->v[k] < DIAG_V_LOST * vn;
		c->phi[k] = NAN;
		c->load[k] = !isnan(i) ? i : ph->s[k];
		c->judge[k] = DIAG_JUDGE_NONE;
		if (c->v_lost[k] || isnan(p) || (!isnan(i) && i < DIAG_I_MIN))
			continue;
		s = isnan(q) ? fabs(p) : hypot(p, q);
		if (!isnan(ph->s[k]) && ph->s[k] > s)
			s = ph->s[k];
		if (s < DIAG_S_MIN)
			continue;
		c->judge[k] = isnan(q) ? DIAG_JUDGE_SIGN : DIAG_JUDGE_ANGLE;
		if (!isnan(q))
			c->phi[k] = atan2(q, p) * 180.0 / M_PI;
		c->n_judged++;
		c->low_load = fmin(c->low_load, s);
	}
}

/* Mask of phases with a voltage that is reported and not lost. */
static unsigned live_voltages(const struct diag_ctx *c)
{
	unsigned m = 0;

	for (int k = 0; k < 3; k++)
		if (!isnan(c->ph->v[k]) && !c->v_lost[k])
			m |= 1u << k;
	return m;
}

static void check_lost_voltage(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;
	double vn = nominal_v(ph);
	unsigned live = 0;
	int n_lost = 0;
	char list[32];

	for (int k = 0; k < 3; k++) {
		n_lost += c->v_lost[k];
		if (!isnan(ph->v[k]) && ph->v[k] >= 0.8 * vn)
			live |= 1u << k;
	}
	if (n_lost == 3) {
		struct mw_diag_item *it =
		    mw_diag_add(c, MW_DIAG_LOST_VOLTAGE, MW_SEV_FAULT, -1, 90);

		snprintf(it->what, sizeof it->what,
		         _("No voltage on any phase (V1, V2, V3 below %.0f V)"), DIAG_V_LOST * vn);
		snprintf(it->fix, sizeof it->fix,
		         _("check the supply and the meter's voltage leads and their fuses"));
		return;
	}
	if (!live)
		return;
	mw_diag_list(list, sizeof list, "V", live);
	for (int k = 0; k < 3; k++) {
		struct mw_diag_item *it;
		double i = ph->i[k];

		if (!c->v_lost[k])
			continue;
		c->fault[k] = true;
		if (!isnan(i) && i >= DIAG_I_MIN) {
			it = mw_diag_add(c, MW_DIAG_LOST_VOLTAGE, MW_SEV_FAULT, k, 95);
			snprintf(it->what, sizeof it->what,
			         _("L%d voltage lost at the meter (V%d = %.1f V while %s are live) "
			           "though I%d = %.2f A flows"),
			         k + 1, k + 1, ph->v[k], list, k + 1, i);
			snprintf(it->fix, sizeof it->fix,
			         _("check the L%d voltage lead and its fuse at the meter"), k + 1);
		} else {
			it = mw_diag_add(c, MW_DIAG_LOST_VOLTAGE, MW_SEV_FAULT, k, 90);
			snprintf(
			    it->what, sizeof it->what,
			    _("L%d phase lost: V%d = %.1f V and no current, while %s are live"),
			    k + 1, k + 1, ph->v[k], list);
			snprintf(
			    it->fix, sizeof it->fix,
			    _("check the L%d fuse or breaker upstream and the L%d voltage lead at "
			      "the meter"),
			    k + 1, k + 1);
		}
	}
}

/* Range and unbalance of the live voltages; true when all is well. */
static bool check_voltage(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;
	double vn = nominal_v(ph), sum = 0, mean, dev = 0;
	unsigned live = live_voltages(c);
	int n = 0, worst = -1;
	bool ok = true;

	for (int k = 0; k < 3; k++) {
		if (!(live & (1u << k)))
			continue;
		sum += ph->v[k];
		n++;
		if (fabs(ph->v[k] - vn) > DIAG_V_RANGE * vn) {
			struct mw_diag_item *it =
			    mw_diag_add(c, MW_DIAG_VOLTAGE_RANGE, MW_SEV_WARNING, k, 90);

			snprintf(it->what, sizeof it->what,
			         _("L%d voltage %.1f V outside %.0f-%.0f V (%.0f V ±%.0f%%)"),
			         k + 1, ph->v[k], vn * (1 - DIAG_V_RANGE), vn * (1 + DIAG_V_RANGE),
			         vn, DIAG_V_RANGE * 100);
			snprintf(
			    it->fix, sizeof it->fix,
			    _("check the supply on L%d, or set the nominal voltage if it is not "
			      "%.0f V"),
			    k + 1, vn);
			ok = false;
		}
	}
	if (n < 2)
		return ok;
	mean = sum / n;
	for (int k = 0; k < 3; k++)
		if ((live & (1u << k)) && fabs(ph->v[k] - mean) > dev) {
			dev = fabs(ph->v[k] - mean);
			worst = k;
		}
	if (worst >= 0 && dev / mean > DIAG_V_UNBAL) {
		struct mw_diag_item *it =
		    mw_diag_add(c, MW_DIAG_UNBALANCE, MW_SEV_WARNING, worst, 85);

		snprintf(
		    it->what, sizeof it->what,
		    _("Voltage unbalance %.1f%% (V%d = %.1f V, mean %.1f V), more than %.0f%%"),
		    100 * dev / mean, worst + 1, ph->v[worst], mean, DIAG_V_UNBAL * 100);
		snprintf(it->fix, sizeof it->fix,
		         _("check the L%d connections and what L%d feeds; if the supply itself is "
		           "unbalanced, report it to the utility"),
		         worst + 1, worst + 1);
		ok = false;
	}
	return ok;
}

/* Lost current, current unbalance and too little load. */
static void check_current(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;
	bool i_lost[3] = {false, false, false};
	double sum = 0, mean, dev = 0, imax = 0;
	int n = 0, worst = -1;

	for (int k = 0; k < 3; k++) {
		unsigned others = 0;
		int n_others = 0;
		bool loaded = true;
		char list[32];
		struct mw_diag_item *it;

		if (c->v_lost[k] || isnan(ph->v[k]) || isnan(ph->i[k]) || ph->i[k] >= DIAG_I_MIN)
			continue;
		for (int j = 0; j < 3; j++) {
			if (j == k || c->v_lost[j])
				continue;
			n_others++;
			others |= 1u << j;
			if (isnan(ph->i[j]) || ph->i[j] < DIAG_I_LOAD)
				loaded = false;
		}
		if (n_others < 2 || !loaded)
			continue;
		i_lost[k] = true;
		c->fault[k] = true;
		mw_diag_list(list, sizeof list, "I", others);
		it = mw_diag_add(c, MW_DIAG_LOST_CURRENT, MW_SEV_WARNING, k, 60);
		snprintf(it->what, sizeof it->what,
		         _("L%d carries no current (I%d = %.2f A while %s carry load): open CT "
		           "circuit, CT shorted, or no load on L%d"),
		         k + 1, k + 1, ph->i[k], list, k + 1);
		snprintf(
		    it->fix, sizeof it->fix,
		    _("check CT%d's leads and shorting link; switch on a load on L%d to confirm"),
		    k + 1, k + 1);
	}
	for (int k = 0; k < 3; k++)
		if (!c->v_lost[k] && !i_lost[k] && !isnan(ph->i[k])) {
			sum += ph->i[k];
			imax = fmax(imax, ph->i[k]);
			n++;
		}
	if (n >= 2 && imax >= DIAG_I_LOAD) {
		mean = sum / n;
		for (int k = 0; k < 3; k++)
			if (!c->v_lost[k] && !i_lost[k] && !isnan(ph->i[k]) &&
			    fabs(ph->i[k] - mean) > dev) {
				dev = fabs(ph->i[k] - mean);
				worst = k;
			}
		if (worst >= 0 && dev / mean > DIAG_I_UNBAL) {
			struct mw_diag_item *it =
			    mw_diag_add(c, MW_DIAG_UNBALANCE, MW_SEV_INFO, worst, 90);

			snprintf(
			    it->what, sizeof it->what,
			    _("Current unbalance %.0f%% (I%d = %.2f A, mean %.2f A): not a wiring "
			      "fault by itself"),
			    100 * dev / mean, worst + 1, ph->i[worst], mean);
			snprintf(it->fix, sizeof it->fix,
			         _("spread single-phase loads over the phases if it persists"));
		}
	}
	if (c->n_judged == 0 && live_voltages(c)) {
		struct mw_diag_item *it = mw_diag_add(c, MW_DIAG_NO_LOAD, MW_SEV_INFO, -1, 95);
		double i_max = 0, s_max = 0;

		for (int k = 0; k < 3; k++) {
			if (!isnan(ph->i[k]))
				i_max = fmax(i_max, ph->i[k]);
			if (!isnan(ph->p[k]))
				s_max = fmax(s_max, isnan(ph->q[k]) ? fabs(ph->p[k])
				                                    : hypot(ph->p[k], ph->q[k]));
		}
		snprintf(
		    it->what, sizeof it->what,
		    _("Too little load to judge the CTs (largest current %.2f A, power %.0f VA)"),
		    i_max, s_max);
		snprintf(it->fix, sizeof it->fix,
		         _("switch on a load of at least %.1f A on each phase"), DIAG_I_LOAD);
		return;
	}
	for (int k = 0; k < 3; k++) {
		struct mw_diag_item *it;

		if (c->n_judged == 0 || c->judge[k] != DIAG_JUDGE_NONE || c->v_lost[k] ||
		    i_lost[k] || isnan(ph->p[k]))
			continue;
		it = mw_diag_add(c, MW_DIAG_NO_LOAD, MW_SEV_INFO, k, 95);
		snprintf(it->what, sizeof it->what,
		         _("L%d carries too little load to judge CT%d (I%d = %.2f A)"), k + 1,
		         k + 1, k + 1, ph->i[k]);
		snprintf(it->fix, sizeof it->fix, _("switch on a load on L%d to check CT%d"), k + 1,
		         k + 1);
	}
}

static bool check_frequency(struct diag_ctx *c)
{
	double f = c->ph->freq, fn = c->ph->f_nominal > 0 ? c->ph->f_nominal : 50.0;
	struct mw_diag_item *it;

	if (isnan(f) || f < 1.0 || fabs(f - fn) <= DIAG_F_RANGE * fn)
		return true;
	it = mw_diag_add(c, MW_DIAG_FREQUENCY_RANGE, MW_SEV_WARNING, -1, 90);
	snprintf(it->what, sizeof it->what, _("Frequency %.2f Hz outside %.1f-%.1f Hz"), f,
	         fn * (1 - DIAG_F_RANGE), fn * (1 + DIAG_F_RANGE));
	snprintf(it->fix, sizeof it->fix,
	         _("check the supply (generator, island operation) and the nominal frequency"));
	return false;
}

static void check_alarms(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;

	for (int k = 0; k < 3; k++) {
		struct mw_diag_item *it;

		if (ph->overvoltage[k] == 1) {
			it = mw_diag_add(c, MW_DIAG_METER_ALARM, MW_SEV_WARNING, k, 95);
			snprintf(it->what, sizeof it->what,
			         _("Meter raises its L%d overvoltage alarm (V%d = %.1f V)"), k + 1,
			         k + 1, ph->v[k]);
			snprintf(it->fix, sizeof it->fix,
			         _("check the L%d supply, or the meter's voltage alarm limit"),
			         k + 1);
		}
		if (ph->overcurrent[k] == 1) {
			it = mw_diag_add(c, MW_DIAG_METER_ALARM, MW_SEV_WARNING, k, 95);
			snprintf(it->what, sizeof it->what,
			         _("Meter raises its L%d overcurrent alarm (I%d = %.2f A)"), k + 1,
			         k + 1, ph->i[k]);
			snprintf(it->fix, sizeof it->fix,
			         _("check the load on L%d, or the meter's current alarm limit"),
			         k + 1);
		}
	}
}

/* One OK item for the supply when voltages and frequency are in range. */
static void say_supply_ok(struct diag_ctx *c)
{
	const struct mw_phases *ph = c->ph;
	struct mw_diag_item *it;

	if (live_voltages(c) != 7)
		return;
	it = mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, -1, 95);
	if (isnan(ph->freq))
		snprintf(it->what, sizeof it->what, _("Voltages %.1f, %.1f, %.1f V within range"),
		         ph->v[0], ph->v[1], ph->v[2]);
	else
		snprintf(it->what, sizeof it->what,
		         _("Voltages %.1f, %.1f, %.1f V and frequency %.2f Hz within range"),
		         ph->v[0], ph->v[1], ph->v[2], ph->freq);
}

/* Order: faults, warnings, information, OK; stable within each. */
static int rank(const struct mw_diag_item *it)
{
	if (it->kind == MW_DIAG_OK)
		return 0;
	return 1 + (int)it->severity;
}

void mw_diag_run(const struct mw_phases *ph, struct mw_diag *out)
{
	struct diag_ctx c;
	bool supply_ok;

	memset(&c, 0, sizeof c);
	c.ph = ph;
	classify(&c);
	check_lost_voltage(&c);
	supply_ok = check_voltage(&c);
	supply_ok &= check_frequency(&c);
	check_current(&c);
	check_alarms(&c);
	mw_diag_wiring(&c);
	if (supply_ok)
		say_supply_ok(&c);

	out->n = 0;
	out->healthy = true;
	out->seq_unchecked = c.seq_unchecked;
	for (int k = 0; k < 3; k++)
		out->dead[k] = c.v_lost[k] || (!isnan(ph->i[k]) && ph->i[k] < DIAG_I_MIN) ||
		               (!isnan(ph->s[k]) && ph->s[k] < DIAG_S_MIN);
	for (int r = 3; r >= 0; r--)
		for (int i = 0; i < c.n; i++)
			if (rank(&c.item[i]) == r && out->n < MW_DIAG_MAX)
				out->item[out->n++] = c.item[i];
	for (int i = 0; i < c.n; i++)
		if (c.item[i].severity >= MW_SEV_WARNING)
			out->healthy = false;
}
