/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mw-timing.c - the timing model (src/line/timing.h) for the benchmark
 * scripts, so that they compare against the very formulas meterwise uses:
 *
 *   mw-timing char BAUD FORMAT                  t, ms
 *   mw-timing first-byte BAUD FORMAT T_MS       9t + T, ms
 *   mw-timing safe BAUD FORMAT T_MAX_MS [L_MS]  the safe timeout, whole ms
 *   mw-timing bound BAUD FORMAT N_EMPTY TAU_MS [T_MS:REPLY_BYTES ...]
 *                                               N_empty tau + sum (8 + r)t + T, ms
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "timing.h"
#include "xalloc.h"

static int usage(void)
{
	fprintf(stderr, "usage: mw-timing char|first-byte|safe|bound BAUD FORMAT ...\n");
	return 2;
}

int main(int argc, char **argv)
{
	int baud, fmt;

	if (argc < 4)
		return usage();
	baud = atoi(argv[2]);
	fmt = mw_format_parse(argv[3]);
	if (baud <= 0 || fmt < 0)
		return usage();
	if (strcmp(argv[1], "char") == 0) {
		printf("%.6f\n", mw_timing_char_ms(baud, (enum mw_format)fmt));
	} else if (strcmp(argv[1], "first-byte") == 0 && argc == 5) {
		printf("%.6f\n", mw_timing_first_byte_ms(baud, (enum mw_format)fmt,
		                                         mw_numfmt_strtod(argv[4], NULL)));
	} else if (strcmp(argv[1], "safe") == 0 && argc >= 5) {
		printf("%d\n", mw_timing_safe_timeout_ms(
		                   baud, (enum mw_format)fmt, mw_numfmt_strtod(argv[4], NULL),
		                   argc > 5 ? mw_numfmt_strtod(argv[5], NULL) : 0));
	} else if (strcmp(argv[1], "bound") == 0 && argc >= 6) {
		int n = argc - 6;
		struct mw_timing_req *r = mw_xcalloc((size_t)n + 1, sizeof *r);

		for (int i = 0; i < n; i++) {
			r[i].req_bytes = 8;
			if (sscanf(argv[6 + i], "%lf:%d", &r[i].turnaround_ms, &r[i].reply_bytes) !=
			    2)
				return usage();
		}
		printf("%.6f\n",
		       mw_timing_bound_ms(baud, (enum mw_format)fmt, r, (size_t)n, atoi(argv[4]),
		                          mw_numfmt_strtod(argv[5], NULL)));
		free(r);
	} else {
		return usage();
	}
	return 0;
}
