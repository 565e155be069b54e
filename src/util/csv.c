/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv.c - the CSV reader and writer (see csv.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "xalloc.h"

/* Trim spaces at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Skip blank and comment lines; returns false at the end of the text. */
static bool skip_blank(const char **pp, int *line)
{
	const char *p = *pp;

	for (;;) {
		if (!*p)
			break;
		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;
			(*line)++;
			continue;
		}
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	*pp = p;
	return *p != '\0';
}

int mw_csv_next(const char **pp, int *line, struct mw_csv_record *rec)
{
	const char *p;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	rec->cell = NULL;
	rec->n = 0;
	if (!skip_blank(pp, line))
		return 0;
	p = *pp;
	rec->line = *line;
	for (;;) {
		bool quoted = false;

		len = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			quoted = true;
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else if (*p == '\n') {
					(*line)++;
				}
				if (len + 2 > cap)
					buf = mw_xrealloc(buf, cap = cap ? 2 * cap : 64);
				buf[len++] = *p;
			}
		}
		while (*p && *p != ',' && *p != '\n') {
			if (len + 2 > cap)
				buf = mw_xrealloc(buf, cap = cap ? 2 * cap : 64);
			if (!quoted || (*p != ' ' && *p != '\t' && *p != '\r'))
				buf[len++] = *p;
			p++;
		}
		if (len + 1 > cap)
			buf = mw_xrealloc(buf, cap = cap ? 2 * cap : 64);
		buf[len] = '\0';
		rec->cell = mw_xrealloc(rec->cell, (rec->n + 1) * sizeof *rec->cell);
		rec->cell[rec->n++] = mw_xstrdup(quoted ? buf : trim(buf));
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n') {
			p++;
			(*line)++;
		}
		break;
	}
	free(buf);
	*pp = p;
	return 1;
}

void mw_csv_record_free(struct mw_csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		free(rec->cell[i]);
	free(rec->cell);
	rec->cell = NULL;
	rec->n = 0;
}

void mw_csv_cell(FILE *f, const char *s, bool always_quote)
{
	if (!s)
		s = "";
	if (!always_quote && !strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
