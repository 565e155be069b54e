/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission_int.h - what the commissioning files share (commission.c,
 * commission_state.c, commission_report.c).  Not for front ends.
 */
#ifndef MW_COMMISSION_INT_H
#define MW_COMMISSION_INT_H

#include "commission.h"

#define MW_COMMISSION_POINTS 16 /* factory settings polled */

/* A place a meter may answer: a factory setting, or a row's target. */
struct mw_commission_point {
	int addr;
	struct mw_linecfg line;
	const struct mw_model *models[8]; /* models that arrive here */
	int n_models;
	bool collision;  /* garbled replies reported, not yet cleared */
	bool unexpected; /* a meter no row wants was reported here */
};

struct mw_commission {
	struct mw_bus *b;
	const struct mw_catalog *cat;
	const struct mw_commission_plan *plan;
	struct mw_commission_opts o;
	struct mw_commission_row_status *st;
	struct mw_commission_point fac[MW_COMMISSION_POINTS];
	int n_fac;
	int phase;    /* 0: look at the planned targets once; 1: wait for meters */
	size_t sweep; /* next row of the first look */
	int fac_i;    /* next factory point */
	size_t rr;    /* next planned target to look at between rounds */
	bool finished;
	bool waiting_said;
	int done_now; /* positions finished in this run */
	int poll_ms;  /* per probe while waiting */
	int work_ms;  /* identification and writes */
	int byte_ms;
	char err[512];
};

/* Probe result. */
enum mw_commission_probe {
	MW_COMMISSION_NOTHING,
	MW_COMMISSION_ANSWER,
	MW_COMMISSION_BAD,
	MW_COMMISSION_IO
};

/* Journal one commissioning record for row (outcome "started", "done"...). */
void mw_commission_journal(struct mw_commission *c, const char *outcome, int row, int addr,
                           const struct mw_linecfg *lc, const char *serial, const char *firmware,
                           const char *message);
/* Rows finished in earlier runs, from the journal; returns how many. */
int mw_commission_resume(struct mw_commission *c);

#endif
