/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timing_test.c - the timing model of DESIGN.md as src/line/timing.c
 * computes it: character time, frames, the first byte, the safe timeout
 * and the line bound of a set of requests.
 */
#include "config.h"

#include <math.h>

#include "tap.h"
#include "timing.h"

/* a == b within a microsecond */
static int near(double a, double b)
{
	return fabs(a - b) < 1e-3;
}

int main(void)
{
	struct mw_timing_req reqs[2] = {{8, 5 + 2 * 3, 20.0}, {8, 5 + 2 * 2, 10.0}};
	double t = 10000.0 / 9600;

	ok(near(mw_timing_char_ms(9600, MW_FMT_8N1), t), "t at 9600 8N1 = 10/9600 s");
	ok(near(mw_timing_char_ms(19200, MW_FMT_8E1), 11000.0 / 19200), "t at 19200 8E1 = 11 bits");
	ok(near(mw_timing_char_ms(9600, MW_FMT_8N2), 11000.0 / 9600), "8N2 is 11 bits too");
	ok(near(mw_timing_frame_ms(9600, MW_FMT_8N1, 8), 8 * t), "a read request is 8t");
	ok(near(mw_timing_first_byte_ms(9600, MW_FMT_8N1, 20), 9 * t + 20), "first byte: 9t + T");
	ok(mw_timing_safe_timeout_ms(9600, MW_FMT_8N1, 20, 0) ==
	       (int)ceil(9 * t + 20 + MW_TIMING_HOST_MS),
	   "safe timeout 9t + T_max + H on a pty");
	ok(mw_timing_safe_timeout_ms(9600, MW_FMT_8N1, 20, 16) ==
	       (int)ceil(9 * t + 20 + 16 + MW_TIMING_HOST_MS),
	   "an adapter's latency adds to the safe timeout");
	ok(near(mw_timing_txn_ms(9600, MW_FMT_8N1, &reqs[0]), 8 * t + 20 + 11 * t),
	   "a read of 3 registers: 8t + T + (5 + 2n)t");
	ok(near(mw_timing_bound_ms(9600, MW_FMT_8N1, reqs, 2, 245, 40.0),
	        245 * 40.0 + 8 * t + 20 + 11 * t + 8 * t + 10 + 9 * t),
	   "sweep bound: N_empty tau + the answered transactions");
	ok(mw_timing_char_ms(0, MW_FMT_8N1) == 0, "no baud, no time (TCP)");
	return done_testing();
}
