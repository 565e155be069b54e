/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - the small streaming JSON writer (see json.h).
 */
#include "config.h"

#include <math.h>

#include "json.h"
#include "numfmt.h"

void mw_json_init(struct mw_json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->pretty = pretty;
}

void mw_json_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Separator, indentation and key before a member. */
static void member(struct mw_json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (j->pretty && j->depth > 0) {
		fputc('\n', j->f);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->f);
	}
	if (key) {
		mw_json_quote(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_(struct mw_json *j, const char *key, int c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < MW_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct mw_json *j, int c)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (j->pretty && !empty) {
		fputc('\n', j->f);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->f);
	}
	fputc(c, j->f);
	if (j->depth == 0 && j->pretty)
		fputc('\n', j->f);
}

void mw_json_obj_begin(struct mw_json *j, const char *key)
{
	open_(j, key, '{');
}

void mw_json_obj_end(struct mw_json *j)
{
	close_(j, '}');
}

void mw_json_arr_begin(struct mw_json *j, const char *key)
{
	open_(j, key, '[');
}

void mw_json_arr_end(struct mw_json *j)
{
	close_(j, ']');
}

void mw_json_str(struct mw_json *j, const char *key, const char *s)
{
	member(j, key);
	if (s)
		mw_json_quote(j->f, s);
	else
		fputs("null", j->f);
}

void mw_json_num(struct mw_json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v)) {
		char t[64];

		/* A value that came from a float32 register (exactly a float32,
		   below 2^24 where such integers are exact too) prints as that
		   float32's shortest decimal: 230.1, not 230.1000061. */
		if (fabs(v) < 16777216.0 && (double)(float)v == v)
			mw_numfmt_float32((float)v, t, sizeof t);
		else
			mw_numfmt_general(v, 10, t, sizeof t);
		fputs(t, j->f);
	} else {
		fputs("null", j->f);
	}
}

void mw_json_numtext(struct mw_json *j, const char *key, const char *text)
{
	member(j, key);
	fputs(mw_numfmt_is_number(text) ? text : "null", j->f);
}

void mw_json_int(struct mw_json *j, const char *key, long v)
{
	member(j, key);
	fprintf(j->f, "%ld", v);
}

void mw_json_bool(struct mw_json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

void mw_json_null(struct mw_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}
