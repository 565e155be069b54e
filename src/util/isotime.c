/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * isotime.c - the one ISO 8601 formatter (see isotime.h).
 */
#include "config.h"

#include <stdio.h>

#include "isotime.h"

char *mw_iso_time(const struct timespec *ts, bool with_ms, char *buf, size_t sz)
{
	struct timespec now;
	struct tm tm;

	if (!ts) {
		clock_gettime(CLOCK_REALTIME, &now);
		ts = &now;
	}
	gmtime_r(&ts->tv_sec, &tm);
	if (with_ms)
		snprintf(buf, sz, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		         ts->tv_nsec / 1000000);
	else
		snprintf(buf, sz, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}
