/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timing.c - the timing model (see timing.h for the formulas).
 */
#include "config.h"

#include <math.h>

#include "timing.h"

double mw_timing_char_ms(int baud, enum mw_format format)
{
	return baud > 0 ? 1000.0 * mw_format_bits(format) / baud : 0;
}

double mw_timing_frame_ms(int baud, enum mw_format format, int bytes)
{
	return bytes * mw_timing_char_ms(baud, format);
}

double mw_timing_first_byte_ms(int baud, enum mw_format format, double turnaround_ms)
{
	return mw_timing_first_byte_req_ms(baud, format, 8, turnaround_ms);
}

int mw_timing_safe_timeout_ms(int baud, enum mw_format format, double t_max_ms, double latency_ms)
{
	return mw_timing_safe_timeout_req_ms(baud, format, 8, t_max_ms, latency_ms);
}

double mw_timing_txn_ms(int baud, enum mw_format format, const struct mw_timing_req *r)
{
	return mw_timing_frame_ms(baud, format, r->req_bytes + r->reply_bytes) + r->turnaround_ms;
}

double mw_timing_bound_ms(int baud, enum mw_format format, const struct mw_timing_req *reqs,
                          size_t n, int n_empty, double tau_ms)
{
	double sum = n_empty * tau_ms;

	for (size_t i = 0; i < n; i++)
		sum += mw_timing_txn_ms(baud, format, &reqs[i]);
	return sum;
}

double mw_timing_first_byte_req_ms(int baud, enum mw_format format, int req_bytes,
                                   double turnaround_ms)
{
	return (req_bytes + 1) * mw_timing_char_ms(baud, format) + turnaround_ms;
}

int mw_timing_safe_timeout_req_ms(int baud, enum mw_format format, int req_bytes, double t_max_ms,
                                  double latency_ms)
{
	return (int)ceil(mw_timing_first_byte_req_ms(baud, format, req_bytes, t_max_ms) +
	                 latency_ms + MW_TIMING_HOST_MS);
}
