/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_item.c - what both halves of the diagnostics (diag.c and
 * diag_wiring.c) use: adding an item, listing phases, rounding and the
 * confidence scale.  Apart so that diag.c calls diag_wiring.c and neither
 * calls back (tests/layers.sh checks for call cycles).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag_int.h"

struct mw_diag_item *mw_diag_add(struct diag_ctx *c, enum mw_diag_kind kind,
                                 enum mw_diag_severity sev, int phase, int confidence)
{
	static _Thread_local struct mw_diag_item spare;
	struct mw_diag_item *it = c->n < DIAG_SCRATCH ? &c->item[c->n++] : &spare;

	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->severity = sev;
	it->phase = phase;
	it->confidence = confidence < 0 ? 0 : confidence > 100 ? 100 : confidence;
	return it;
}

void mw_diag_list(char *buf, size_t bufsz, const char *sym, unsigned mask)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < 3; k++)
		if (mask & (1u << k)) {
			int w =
			    snprintf(buf + len, bufsz - len, "%s%s%d", len ? ", " : "", sym, k + 1);

			if (w < 0 || (size_t)w >= bufsz - len)
				return;
			len += (size_t)w;
		}
}

double mw_diag_r0(double x)
{
	return round(x) + 0.0;
}

int mw_diag_confidence(double margin)
{
	double p = 50.0 + 45.0 * (1.0 - exp(-fmax(0.0, margin) / 3.0));

	return (int)lround(p);
}
