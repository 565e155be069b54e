/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_int.h - what the two halves of the wiring diagnostics share: the
 * checks on voltage, current, frequency and alarms (diag.c) and the
 * search for the wiring that best explains the per-phase angles
 * (diag_wiring.c).  Not a public interface.
 */
#ifndef MW_DIAG_INT_H
#define MW_DIAG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Thresholds, in units of the field they apply to. */
#define DIAG_I_MIN    0.05    /* A: less current than this cannot be judged */
#define DIAG_S_MIN    10.0    /* VA: nor less apparent power */
#define DIAG_I_LOAD   0.5     /* A: a phase "carries load" (lost-current check) */
#define DIAG_V_LOST   0.2     /* of nominal: below it the voltage is lost */
#define DIAG_V_RANGE  0.10    /* of nominal: allowed deviation */
#define DIAG_F_RANGE  0.02    /* of nominal: allowed deviation (49-51 Hz at 50) */
#define DIAG_V_UNBAL  0.03    /* max deviation from the mean voltage */
#define DIAG_I_UNBAL  0.10    /* max deviation from the mean current */
#define DIAG_PLAUS_LO (-60.0) /* degrees: most leading load that is plausible */
#define DIAG_PLAUS_HI 75.0    /* degrees: most lagging load that is plausible */

/* How much of a phase can be judged. */
enum diag_judge {
	DIAG_JUDGE_NONE, /* no load, no voltage or no power reported */
	DIAG_JUDGE_SIGN, /* active power only: its sign */
	DIAG_JUDGE_ANGLE /* active and reactive power: the angle */
};

#define DIAG_SCRATCH 48

/* Working state of one diagnosis. */
struct diag_ctx {
	const struct mw_phases *ph;
	struct mw_diag_item item[DIAG_SCRATCH]; /* sorted and cut to MW_DIAG_MAX at the end */
	int n;
	enum diag_judge judge[3];
	double phi[3];      /* degrees, atan2(Q, P): angle of the voltage ahead of the current */
	double load[3];     /* current (A), or apparent power (VA) when no current is reported */
	bool v_lost[3];     /* voltage below DIAG_V_LOST of nominal */
	bool fault[3];      /* a wiring item named this phase (no OK item then) */
	int n_judged;       /* phases with judge != NONE */
	double low_load;    /* smallest apparent power among judged phases, VA */
	bool seq_unchecked; /* the sequence could not be told (mw_diag.seq_unchecked) */
};

/* New item (a scratch slot when full: never NULL); what/fix are empty. */
struct mw_diag_item *mw_diag_add(struct diag_ctx *c, enum mw_diag_kind kind,
                                 enum mw_diag_severity sev, int phase, int confidence);
/* "P1, P3" for the phases set in mask (bit k = L(k+1)), prefixed with `sym`. */
void mw_diag_list(char *buf, size_t bufsz, const char *sym, unsigned mask);
/* x rounded to a whole number, never "-0". */
double mw_diag_r0(double x);
/* Confidence in percent from a cost margin between explanations. */
int mw_diag_confidence(double margin);
/* Wiring: CT direction, CT-to-voltage match and phase sequence. */
void mw_diag_wiring(struct diag_ctx *c);

#endif
