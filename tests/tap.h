/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tap.h - a few TAP helpers for the C unit tests (Test Anything Protocol,
 * read by Automake's tap-driver.sh).  Header-only; each test program
 * includes it once.
 */
#ifndef MW_TAP_H
#define MW_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

/* Report one test; returns cond so callers can add diagnostics. */
__attribute__((format(printf, 2, 3), unused)) static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* Note on stdout as a TAP comment. */
__attribute__((format(printf, 1, 2), unused)) static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Compare doubles within eps. */
__attribute__((unused)) static int is_double(double got, double want, double eps, const char *what)
{
	int r = ok(fabs(got - want) <= eps, "%s = %g", what, want);

	if (!r)
		diag("got %.9g, want %.9g", got, want);
	return r;
}

/* Compare strings. */
__attribute__((unused)) static int is_str(const char *got, const char *want, const char *what)
{
	int r = ok(got && want && strcmp(got, want) == 0, "%s", what);

	if (!r)
		diag("got '%s', want '%s'", got ? got : "(null)", want ? want : "(null)");
	return r;
}

/* Print the plan at the end; exit status 1 if anything failed. */
__attribute__((unused)) static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
