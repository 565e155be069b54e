/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv.h - the one CSV reader and writer (RFC 4180): commissioning plans
 * are read with it, reports and `read --csv` written with it.
 *
 * Reader: quoted cells may hold commas, doubled quotes and newlines;
 * unquoted cells are trimmed; blank lines and lines starting with '#' are
 * skipped.  Writer: a cell is quoted when it holds a comma, a quote or a
 * line break (or always, if asked), quotes doubled.
 */
#ifndef MW_CSV_H
#define MW_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One record: its cells and the line it starts on (1-based). */
struct mw_csv_record {
	int line;
	char **cell;
	size_t n;
};

/*
 * Parse the next record from *pp, advancing it and *line (the current
 * line number).  Returns 1 with a record, 0 at the end of the text.
 */
int mw_csv_next(const char **pp, int *line, struct mw_csv_record *rec);
void mw_csv_record_free(struct mw_csv_record *rec);

/* Write one cell (no separator); NULL is empty.  always_quote: quote it anyway. */
void mw_csv_cell(FILE *f, const char *s, bool always_quote);

#endif
