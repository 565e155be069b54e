/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * numfmt.h - numbers as text, independently of the locale.
 *
 * Every machine format (device files, scenarios, plans, JSON, CSV, the
 * journal, command-line values) uses '.' as the decimal point whatever
 * LC_NUMERIC says; these functions parse and print that form without
 * touching the process's locale.  Only the "people" variants follow the
 * locale, and only in the decimal separator.
 *
 * Printing rules, the same in every format:
 *   float32      the shortest decimal that reads back as the same float32
 *                (230.1, -0.952), never an exponent for 1e-5 <= |x| < 1e16;
 *   fixed scale  the decimals the scale implies (0.01 -> 220.30);
 *   Inf, NaN     "inf", "-inf", "nan" in text and CSV, null in JSON
 *                (mw_numfmt_is_number() tells a JSON writer which).
 */
#ifndef MW_NUMFMT_H
#define MW_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

/* Who reads the text. */
enum mw_numfmt_style {
	MW_NUMFMT_MACHINE, /* '.' decimal point, always */
	MW_NUMFMT_PEOPLE   /* the locale's decimal separator */
};

/* strtod() with '.' as the decimal point whatever the locale. */
double mw_numfmt_strtod(const char *s, char **end);
/*
 * Parse all of s as a decimal number: [+-]digits[.digits][e[+-]digits]
 * with '.' as the decimal point (no hex, inf or nan; blanks around it are
 * allowed).  0, or -1 (errno EINVAL, or ERANGE when it overflows).
 */
int mw_numfmt_parse(const char *s, double *out);
/* The same, accepting the locale's decimal separator as well as '.'. */
int mw_numfmt_parse_people(const char *s, double *out);
/*
 * True when s is not a number but would be one with its ',' read as a
 * decimal point ("12,5"): callers say "use '.' as the decimal point".
 */
bool mw_numfmt_comma_decimal(const char *s);
/*
 * When s is such a comma number, write "WHAT: S: use '.' as the decimal
 * point (S with '.')" into msg and return true; else false.  `shown` is
 * what to echo instead of s (NULL: s itself; for secrets).
 */
bool mw_numfmt_comma_message(const char *what, const char *s, const char *shown, char *msg,
                             size_t sz);

/* Shortest decimal that reads back as the same float32. Returns buf. */
char *mw_numfmt_float32(float x, char *buf, size_t sz);
/* Fixed decimals (0..9), no "-0.00".  Returns buf. */
char *mw_numfmt_fixed(double x, int decimals, char *buf, size_t sz);
/* %.{digits}g, '.' decimal point (digits 1..17).  Returns buf. */
char *mw_numfmt_general(double x, int digits, char *buf, size_t sz);
/* Decimals a scale's resolution needs: 0.1 -> 1, 0.25 -> 2, 1 -> 0 (max 9). */
int mw_numfmt_scale_decimals(double scale);

/* True when text is a finite number as printed here (JSON: else null). */
bool mw_numfmt_is_number(const char *text);
/* Rewrite machine text buf in place for people (locale separator).  Returns buf. */
char *mw_numfmt_people(char *buf, size_t sz);
/* The locale's decimal separator ("," under de_DE, "." under C). */
const char *mw_numfmt_decimal_point(void);

#endif
