/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.h - a small streaming JSON writer for `--json` output and the
 * journal.  Keys are given with each member; NULL key inside an array.
 * NaN and infinities are written as null; numbers never follow the
 * locale (numfmt.h); a double that is exactly a float32 prints as that
 * float32's shortest decimal.
 */
#ifndef MW_JSON_H
#define MW_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define MW_JSON_DEPTH 16

struct mw_json {
	FILE *f;
	int depth;
	bool first[MW_JSON_DEPTH]; /* nothing written yet at this level */
	bool pretty;               /* newlines and indentation */
};

void mw_json_init(struct mw_json *j, FILE *f, bool pretty);
void mw_json_obj_begin(struct mw_json *j, const char *key);
void mw_json_obj_end(struct mw_json *j);
void mw_json_arr_begin(struct mw_json *j, const char *key);
void mw_json_arr_end(struct mw_json *j);
void mw_json_str(struct mw_json *j, const char *key, const char *s); /* NULL -> null */
void mw_json_num(struct mw_json *j, const char *key, double v);
/* A number already printed by numfmt.h ("230.1"); "inf", "nan" or "" -> null. */
void mw_json_numtext(struct mw_json *j, const char *key, const char *text);
void mw_json_int(struct mw_json *j, const char *key, long v);
void mw_json_bool(struct mw_json *j, const char *key, bool v);
void mw_json_null(struct mw_json *j, const char *key);
/* Write s as a JSON string literal (with quotes). */
void mw_json_quote(FILE *f, const char *s);

#endif
