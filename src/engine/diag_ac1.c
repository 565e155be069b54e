/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_ac1.c - the check of a single-phase meter (kind ac1, e.g. a
 * DL/T645 prepaid meter): there is no wiring between phases to judge,
 * so it says which way the power flows (import or export, and what a
 * backwards flow means on a site without generation) and whether the
 * readings agree with each other (|P| = V x I x |PF|, |PF| <= 1), with
 * the voltage and frequency checks of the three-phase diagnosis.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "diag_int.h"
#include "i18n.h"

#define AC1_TOLERANCE 0.05 /* of V x I: allowed gap between P and V x I x |PF| */
#define AC1_SLACK_W   5.0  /* W: and this much more (rounding of the meter's digits) */

/* New item of out (the last slot again when full). */
static struct mw_diag_item *add(struct mw_diag *out, enum mw_diag_kind kind,
                                enum mw_diag_severity sev, int confidence)
{
	struct mw_diag_item *it = &out->item[out->n < MW_DIAG_MAX ? out->n++ : MW_DIAG_MAX - 1];

	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->severity = sev;
	it->phase = 0;
	it->confidence = confidence;
	return it;
}

/* The L1 figure, else the total (a single-phase meter reports either). */
static double one(double l1, double total)
{
	return isnan(l1) ? total : l1;
}

void mw_diag_run_ac1(const struct mw_phases *ph, struct mw_diag *out)
{
	double vn = ph->v_nominal > 0 ? ph->v_nominal : 230.0;
	double fn = ph->f_nominal > 0 ? ph->f_nominal : 50.0;
	double v = ph->v[0], i = ph->i[0];
	double p = one(ph->p[0], ph->p_total), pf = one(ph->pf[0], ph->pf_total);
	struct mw_diag_item *it;
	bool bad = false;

	memset(out, 0, sizeof *out);
	if (!isnan(v) && v < DIAG_V_LOST * vn) {
		it = add(out, MW_DIAG_LOST_VOLTAGE, MW_SEV_FAULT, 95);
		snprintf(it->what, sizeof it->what, _("no voltage (%.1f V)"), v);
		snprintf(it->fix, sizeof it->fix, "%s",
		         _("check the supply and the meter's voltage terminals"));
		bad = true;
	} else if (!isnan(v) && fabs(v - vn) > DIAG_V_RANGE * vn) {
		it = add(out, MW_DIAG_VOLTAGE_RANGE, MW_SEV_WARNING, 90);
		snprintf(it->what, sizeof it->what,
		         _("voltage %.1f V is more than %.0f%% from %.0f V"), v, DIAG_V_RANGE * 100,
		         vn);
	}
	if (!isnan(ph->freq) && fabs(ph->freq - fn) > DIAG_F_RANGE * fn) {
		it = add(out, MW_DIAG_FREQUENCY_RANGE, MW_SEV_WARNING, 90);
		snprintf(it->what, sizeof it->what,
		         _("frequency %.2f Hz is more than %.0f%% from %.0f Hz"), ph->freq,
		         DIAG_F_RANGE * 100, fn);
	}
	if (!isnan(pf) && fabs(pf) > 1.0005) {
		it = add(out, MW_DIAG_IMPLAUSIBLE, MW_SEV_FAULT, 95);
		snprintf(it->what, sizeof it->what, _("power factor %.3f is beyond 1"), pf);
		snprintf(it->fix, sizeof it->fix, "%s",
		         _("check the device file's format for the power factor"));
		bad = true;
	}
	if (isnan(i) || isnan(p) || i < DIAG_I_MIN) {
		it = add(out, MW_DIAG_NO_LOAD, MW_SEV_INFO, 100);
		snprintf(it->what, sizeof it->what, "%s",
		         _("too little current to judge the direction (switch on some load)"));
	} else {
		double vi = isnan(v) ? NAN : v * i;

		if (!isnan(vi) && !isnan(pf) && !bad &&
		    fabs(fabs(p) - vi * fabs(pf)) > AC1_TOLERANCE * vi + AC1_SLACK_W) {
			it = add(out, MW_DIAG_IMPLAUSIBLE, MW_SEV_WARNING, 85);
			snprintf(it->what, sizeof it->what,
			         _("readings disagree: P = %.0f W, but V x I x |PF| = %.0f W"),
			         mw_diag_r0(fabs(p)), mw_diag_r0(vi * fabs(pf)));
			snprintf(it->fix, sizeof it->fix, "%s",
			         _("check the device file's formats (decimals, kW or W)"));
		} else if (!isnan(vi) && !isnan(pf) && !bad) {
			it = add(out, MW_DIAG_OK, MW_SEV_INFO, 90);
			snprintf(it->what, sizeof it->what,
			         _("readings agree: P = %.0f W = V x I x |PF|"),
			         mw_diag_r0(fabs(p)));
		}
		if (p < -AC1_SLACK_W) {
			it = add(out, MW_DIAG_ALL_REVERSED, MW_SEV_WARNING, 80);
			snprintf(it->what, sizeof it->what,
			         _("power flows backwards (P = %.0f W): export"), mw_diag_r0(p));
			snprintf(
			    it->fix, sizeof it->fix, "%s",
			    _("if the site does not generate, swap the live in and out wires at "
			      "the meter"));
		} else if (p > AC1_SLACK_W) {
			it = add(out, MW_DIAG_OK, MW_SEV_INFO, 90);
			snprintf(it->what, sizeof it->what,
			         _("power flows forwards (P = %.0f W): import"), mw_diag_r0(p));
		}
	}
	out->healthy = true;
	for (int k = 0; k < out->n; k++)
		if (out->item[k].kind != MW_DIAG_OK && out->item[k].severity != MW_SEV_INFO)
			out->healthy = false;
}
