/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag.h - wiring diagnostics from one per-phase picture.
 *
 * Pure engine data, no curses: the verdicts are printed by `meterwise
 * check`, shown on the dashboard and put in commissioning reports.
 */
#ifndef MW_DIAG_H
#define MW_DIAG_H

#include "phases.h"

enum mw_diag_kind {
	MW_DIAG_OK,
	MW_DIAG_CT_REVERSED,    /* one phase's power flows backwards */
	MW_DIAG_ALL_REVERSED,   /* all CTs reversed, or the site exports */
	MW_DIAG_CT_WRONG_PHASE, /* current ~120 degrees off its voltage */
	MW_DIAG_REVERSE_SEQUENCE,
	MW_DIAG_LOST_VOLTAGE,
	MW_DIAG_LOST_CURRENT,
	MW_DIAG_UNBALANCE,
	MW_DIAG_VOLTAGE_RANGE,
	MW_DIAG_FREQUENCY_RANGE,
	MW_DIAG_METER_ALARM,
	MW_DIAG_NO_LOAD,    /* too little current to judge */
	MW_DIAG_IMPLAUSIBLE /* readings that contradict each other (P vs V, I, PF) */
};

enum mw_diag_severity { MW_SEV_INFO, MW_SEV_WARNING, MW_SEV_FAULT };

struct mw_diag_item {
	enum mw_diag_kind kind;
	enum mw_diag_severity severity;
	int phase;      /* 0..2 for L1..L3, -1 for the whole meter */
	int confidence; /* percent */
	char what[256]; /* "L2 CT reversed (P2 < 0 while P1, P3 > 0)" */
	char fix[256];  /* "swap S1/S2 on CT2" */
};

#define MW_DIAG_MAX 16

struct mw_diag {
	struct mw_diag_item item[MW_DIAG_MAX];
	int n;
	bool healthy;       /* no warning or fault */
	bool seq_unchecked; /* the phase sequence could not be checked: the meter has no
	                       sequence flag and the angles cannot tell */
	bool dead[3];       /* L1..L3 without voltage or load: no power factor to show */
};

/* Diagnose; always succeeds.  Strings are translated (gettext). */
void mw_diag_run(const struct mw_phases *ph, struct mw_diag *out);
/* The same for a single-phase meter (L1, or the totals): voltage and
 * frequency range, the direction of the power (import or export) and
 * whether P, V, I and PF agree (diag_ac1.c). */
void mw_diag_run_ac1(const struct mw_phases *ph, struct mw_diag *out);
const char *mw_diag_kind_name(enum mw_diag_kind k); /* stable id for JSON */

#endif
