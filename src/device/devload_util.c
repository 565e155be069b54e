/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_util.c - node and scalar helpers for the device-file loader.
 *
 * Every check here records the first error as "file:line:col: message"
 * (positions from libyaml's start marks) and returns -1, so the section
 * parsers in devload*.c read as a list of "get this key, check it" lines.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "devload_int.h"
#include "i18n.h"
#include "xalloc.h"

const char *const mw_dl_phase_names[] = {"none",  "L1",    "L2", "L3", "total", "L1-L2",
                                         "L2-L3", "L3-L1", "C1", "C2", NULL};
const char *const mw_dl_type_names[] = {"u16",  "s16",  "u32",      "s32",      "float32", "string",
                                        "bits", "bool", "datetime", "schedule", NULL};

struct mw_pos mw_dl_pos(const yaml_node_t *n)
{
	return mw_yaml_pos(n);
}

/*
 * Length of the control character at s (C0 but tab and newline, DEL, or
 * a C1 control as UTF-8: C2 80..C2 9F), else 0.  Such bytes in a device
 * file would reach the terminal as escape sequences.
 */
static int control_len(const unsigned char *s)
{
	if ((*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7F)
		return 1;
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
		return 2;
	return 0;
}

void mw_dl_escape_controls(char *dst, size_t sz, const char *src)
{
	size_t k = 0;

	for (const unsigned char *s = (const unsigned char *)src; *s && k + 5 < sz;) {
		int n = control_len(s);

		if (n == 0) {
			dst[k++] = (char)*s++;
			continue;
		}
		while (n-- > 0 && k + 5 < sz)
			k += (size_t)snprintf(dst + k, sz - k, "\\x%02X", *s++);
	}
	if (sz)
		dst[k < sz ? k : sz - 1] = '\0';
}

__attribute__((format(printf, 3, 0))) static int vfail(struct dl *d, struct mw_pos pos,
                                                       const char *fmt, va_list ap)
{
	char msg[1024];
	int k;

	if (d->failed)
		return -1;
	d->failed = true;
	k = snprintf(d->err, d->errsz, "%s:%d:%d: ", d->path, pos.line, pos.col);
	if (k >= 0 && (size_t)k < d->errsz) {
		vsnprintf(msg, sizeof msg, fmt, ap);
		mw_dl_escape_controls(d->err + k, d->errsz - (size_t)k, msg);
	}
	return -1;
}

int mw_dl_fail(struct dl *d, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(d, mw_dl_pos(at), fmt, ap);
	va_end(ap);
	return -1;
}

int mw_dl_fail_pos(struct dl *d, struct mw_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(d, pos, fmt, ap);
	va_end(ap);
	return -1;
}

char *mw_dl_strdup(const char *s)
{
	return mw_xstrdup(s);
}

void *mw_dl_grow(void *arr_ptr, size_t *n, size_t size)
{
	void **arr = arr_ptr;
	char *p = *arr;

	/* Capacity doubles when the count reaches a power of two: linear
	 * in the end, where growing by one copied the array every time. */
	if ((*n & (*n - 1)) == 0)
		p = mw_xrealloc(p, (*n ? 2 * *n : 1) * size);
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

/* What a node is, for "expected X, found Y". */
static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return _("a list");
	case YAML_MAPPING_NODE:
		return _("a mapping");
	default:
		return _("a single value");
	}
}

yaml_node_t *mw_dl_item(struct dl *d, const yaml_node_t *seq, size_t i)
{
	return yaml_document_get_node(d->doc, seq->data.sequence.items.start[i]);
}

/* Levenshtein distance, for "did you mean"; large for long strings. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Append the known names to buf: "a, b, c". */
static void list_names(char *buf, size_t sz, const char *const *names)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; names[i] && k < sz; i++) {
		int w = snprintf(buf + k, sz - k, "%s%s", i ? ", " : "", names[i]);

		if (w < 0)
			break;
		k += (size_t)w;
	}
}

int mw_dl_map(struct dl *d, yaml_node_t *n, const char *what, const char *const *known,
              struct dl_map *out)
{
	yaml_node_pair_t *p;

	memset(out, 0, sizeof *out);
	out->node = n;
	if (n->type != YAML_MAPPING_NODE)
		return mw_dl_fail(d, n, _("%s must be a mapping (key: value), found %s"), what,
		                  kind_name(n));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(d->doc, p->value);
		const char *key;
		size_t i;

		if (k->type != YAML_SCALAR_NODE)
			return mw_dl_fail(d, k, _("a key in %s must be a word, found %s"), what,
			                  kind_name(k));
		key = (const char *)k->data.scalar.value;
		for (i = 0; known[i]; i++)
			if (strcmp(known[i], key) == 0)
				break;
		if (!known[i]) {
			const char *best = NULL;
			int bd = 3;
			char names[512];

			for (i = 0; known[i]; i++) {
				int dd = distance(key, known[i]);

				if (dd < bd) {
					bd = dd;
					best = known[i];
				}
			}
			if (best)
				return mw_dl_fail(d, k,
				                  _("unknown key '%s' in %s; did you mean '%s'?"),
				                  key, what, best);
			list_names(names, sizeof names, known);
			return mw_dl_fail(d, k, _("unknown key '%s' in %s; known keys: %s"), key,
			                  what, names);
		}
		for (i = 0; i < out->n; i++)
			if (strcmp(out->key[i], key) == 0)
				return mw_dl_fail(d, k,
				                  _("duplicate key '%s' in %s (first at line %d)"),
				                  key, what, mw_dl_pos(out->knode[i]).line);
		if (out->n >= DL_MAX_KEYS)
			return mw_dl_fail(d, k, _("too many keys in %s"), what);
		out->key[out->n] = key;
		out->knode[out->n] = k;
		out->val[out->n] = v;
		out->n++;
	}
	return 0;
}

yaml_node_t *mw_dl_get(const struct dl_map *mp, const char *key)
{
	for (size_t i = 0; i < mp->n; i++)
		if (strcmp(mp->key[i], key) == 0)
			return mp->val[i];
	return NULL;
}

const yaml_node_t *mw_dl_key_node(const struct dl_map *mp, const char *key)
{
	for (size_t i = 0; i < mp->n; i++)
		if (strcmp(mp->key[i], key) == 0)
			return mp->knode[i];
	return mp->node;
}

long mw_dl_list(struct dl *d, yaml_node_t *n, const char *what)
{
	/* "key:" with nothing after it is an empty list. */
	if (n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (n->data.scalar.length == 0 || strcmp((const char *)n->data.scalar.value, "~") == 0))
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return mw_dl_fail(d, n, _("%s must be a list, found %s"), what, kind_name(n));
	return (long)(n->data.sequence.items.top - n->data.sequence.items.start);
}

const char *mw_dl_scalar(struct dl *d, yaml_node_t *n, const char *what)
{
	const unsigned char *s;

	if (n->type != YAML_SCALAR_NODE) {
		mw_dl_fail(d, n, _("%s must be a single value, found %s"), what, kind_name(n));
		return NULL;
	}
	s = n->data.scalar.value;
	for (size_t i = 0; s[i]; i++)
		if (control_len(s + i)) {
			mw_dl_fail(d, n,
			           _("%s holds a control character (byte %zu of the text, 0x%02X); "
			             "a device file may not hold terminal control codes"),
			           what, i + 1, s[i]);
			return NULL;
		}
	return (const char *)s;
}

int mw_dl_str(struct dl *d, yaml_node_t *n, const char *what, char **out)
{
	const char *s = mw_dl_scalar(d, n, what);

	if (!s)
		return -1;
	free(*out);
	*out = mw_dl_strdup(s);
	return 0;
}

int mw_dl_long(struct dl *d, yaml_node_t *n, const char *what, long min, long max, long *out)
{
	const char *s = mw_dl_scalar(d, n, what);

	if (!s)
		return -1;
	if (!mw_yaml_parse_long(s, out))
		return mw_dl_fail(d, n, _("%s: '%s' is not a whole number (decimal or 0x hex)"),
		                  what, s);
	if (*out < min || *out > max)
		return mw_dl_fail(d, n, _("%s %s is out of range %ld..%ld"), what, s, min, max);
	return 0;
}

int mw_dl_double(struct dl *d, yaml_node_t *n, const char *what, double *out)
{
	const char *s = mw_dl_scalar(d, n, what);

	if (!s)
		return -1;
	if (!mw_yaml_parse_double(s, out))
		return mw_dl_fail(d, n, _("%s: '%s' is not a number"), what, s);
	return 0;
}

int mw_dl_bool(struct dl *d, yaml_node_t *n, const char *what, bool *out)
{
	const char *s = mw_dl_scalar(d, n, what);

	if (!s)
		return -1;
	if (!mw_yaml_parse_bool(s, out))
		return mw_dl_fail(d, n, _("%s: '%s' is not true or false"), what, s);
	return 0;
}

int mw_dl_enum(struct dl *d, yaml_node_t *n, const char *what, const char *const *names, int *out)
{
	const char *s = mw_dl_scalar(d, n, what);
	char list[512];

	if (!s)
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	list_names(list, sizeof list, names);
	return mw_dl_fail(d, n, _("unknown %s '%s' (one of: %s)"), what, s, list);
}

int mw_dl_range(struct dl *d, yaml_node_t *n, const char *what, double *lo, double *hi)
{
	long len = mw_dl_list(d, n, what);

	if (len < 0)
		return -1;
	if (len != 2)
		return mw_dl_fail(d, n, _("%s must be [MIN, MAX]"), what);
	if (mw_dl_double(d, mw_dl_item(d, n, 0), what, lo) ||
	    mw_dl_double(d, mw_dl_item(d, n, 1), what, hi))
		return -1;
	if (*lo > *hi)
		return mw_dl_fail(d, n, _("%s [%g, %g]: MIN is greater than MAX"), what, *lo, *hi);
	return 0;
}

int mw_dl_field(struct dl *d, yaml_node_t *n, const char *what, struct mw_field *f)
{
	long len = mw_dl_list(d, n, what), hi, lo;

	if (len < 0)
		return -1;
	if (len != 2)
		return mw_dl_fail(d, n, _("%s must be [HI, LO], two bit numbers 0..15"), what);
	if (mw_dl_long(d, mw_dl_item(d, n, 0), "bit", 0, 15, &hi) ||
	    mw_dl_long(d, mw_dl_item(d, n, 1), "bit", 0, 15, &lo))
		return -1;
	if (hi < lo)
		return mw_dl_fail(d, n, _("%s [%ld, %ld]: HI is below LO; write [HI, LO]"), what,
		                  hi, lo);
	f->hi = (int)hi;
	f->lo = (int)lo;
	return 0;
}

int mw_dl_check_name(struct dl *d, const yaml_node_t *at, const char *name)
{
	const char *p = name;
	bool good = *p >= 'a' && *p <= 'z' && strlen(name) <= 63;

	for (; good && *p; p++)
		good = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	if (!good)
		return mw_dl_fail(d, at,
		                  _("bad name '%s': use lower-case letters, digits and '_', "
		                    "starting with a letter (at most 63)"),
		                  name);
	return 0;
}

int mw_dl_table(struct dl *d, yaml_node_t *n, enum mw_table *out)
{
	static const char *const names[] = {"holding", "input", "coil", "discrete", NULL};
	int i;

	if (mw_dl_enum(d, n, "table", names, &i))
		return -1;
	*out = (enum mw_table)i;
	return 0;
}

int mw_dl_phase(struct dl *d, yaml_node_t *n, enum mw_phase *out)
{
	const char *s = mw_dl_scalar(d, n, "phase");
	char list[256];

	if (!s)
		return -1;
	for (int i = 1; mw_dl_phase_names[i]; i++)
		if (strcasecmp(mw_dl_phase_names[i], s) == 0) {
			*out = (enum mw_phase)i;
			return 0;
		}
	list_names(list, sizeof list, mw_dl_phase_names + 1);
	return mw_dl_fail(d, n, _("unknown phase '%s' (one of: %s)"), s, list);
}

int mw_dl_order(struct dl *d, yaml_node_t *n, const char *what, int *out)
{
	static const char *const names[] = {"high_first", "low_first", NULL};

	return mw_dl_enum(d, n, what, names, out);
}

int mw_dl_words(enum mw_type t, int length)
{
	switch (t) {
	case MW_T_U32:
	case MW_T_S32:
	case MW_T_FLOAT32:
		return 2;
	case MW_T_STRING:
		return (length + 1) / 2;
	default:
		return 1;
	}
}

bool mw_dl_has_fc(const struct mw_model *m, int fc)
{
	for (size_t i = 0; i < m->line.n_fcs; i++)
		if (m->line.fcs[i] == fc)
			return true;
	return false;
}
