/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission_plan.c - the commissioning plan: a CSV file with a header
 * row, one row per meter position (label, model, address, baud, format,
 * then columns named after device-file settings; an empty cell leaves the
 * setting as it is).  Everything is checked against the device files
 * before the bus is touched; every problem is reported as file:line.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commission.h"
#include "csv.h"
#include "i18n.h"
#include "xalloc.h"

/* Fixed columns, by their header names. */
enum { COL_LABEL, COL_MODEL, COL_ADDRESS, COL_BAUD, COL_FORMAT, COL__FIXED };
static const char *const fixed_names[COL__FIXED] = {"label", "model", "address", "baud", "format"};

struct loader {
	const char *path;
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	int problems;
};

__attribute__((format(printf, 3, 4))) static void problem(struct loader *L, int line,
                                                          const char *fmt, ...)
{
	char msg[1024];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof msg, "%s:%d: ", L->path, line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	va_end(ap);
	L->problems++;
	if (L->report)
		L->report(L->ctx, msg);
}

/* The whole file, NUL-terminated; NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap)
			buf = mw_xrealloc(buf, cap = cap ? 2 * cap : 8192);
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void fnv_hex(const char *data, size_t n, char out[17])
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int mw_plan_file_open(const char *path, struct mw_plan_file *f)
{
	memset(f, 0, sizeof *f);
	f->text = slurp(path, &f->len);
	if (!f->text)
		return -1;
	f->p = f->text;
	f->line = 1;
	if (mw_csv_next(&f->p, &f->line, &f->hdr) != 1)
		memset(&f->hdr, 0, sizeof f->hdr);
	return 0;
}

void mw_plan_file_close(struct mw_plan_file *f)
{
	mw_csv_record_free(&f->hdr);
	free(f->text);
	memset(f, 0, sizeof *f);
}

int mw_plan_file_col(const struct mw_plan_file *f, const char *name)
{
	for (size_t i = 0; i < f->hdr.n; i++)
		if (strcasecmp(f->hdr.cell[i], name) == 0)
			return (int)i;
	return -1;
}

const struct mw_model *mw_plan_find_model(const struct mw_catalog *cat, const char *s)
{
	const struct mw_model *m = mw_catalog_find(cat, s);

	for (size_t i = 0; !m && i < cat->n_models; i++)
		if (strcasecmp(cat->models[i]->name, s) == 0)
			m = cat->models[i];
	return m;
}

static void model_list(const struct mw_catalog *cat, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cat->n_models && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s", len ? ", " : "",
		                        cat->models[i]->id);
}

/* Does any model of the catalogue have a setting called name? */
static bool any_setting(const struct mw_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->n_models; i++)
		if (mw_model_setting(cat->models[i], name))
			return true;
	return false;
}

int mw_commission_plan_row_set(const struct mw_commission_plan *plan,
                               const struct mw_commission_plan_row *r, struct mw_set_plan *p,
                               bool line_too, char *err, size_t errsz)
{
	const struct mw_model *m = r->model;
	char v[32];

	mw_set_init(p, m);
	if (line_too) {
		const struct mw_setting *sa = mw_model_line_setting(m, MW_LINE_ADDRESS);
		const struct mw_setting *sb = mw_model_line_setting(m, MW_LINE_BAUD);
		const struct mw_setting *sf = mw_model_line_setting(m, MW_LINE_FORMAT);

		if (!sa) {
			snprintf(err, errsz, _("the %s has no address setting in its device file"),
			         m->name);
			return -1;
		}
		snprintf(v, sizeof v, "%d", r->addr);
		if (mw_set_add(p, sa->name, v, err, errsz) < 0)
			return -1;
		if (r->baud > 0) {
			if (!sb) {
				snprintf(err, errsz,
				         _("the %s cannot change its baud rate (no such setting in "
				           "its device file); leave the baud cell empty"),
				         m->name);
				return -1;
			}
			snprintf(v, sizeof v, "%d", r->baud);
			if (mw_set_add(p, sb->name, v, err, errsz) < 0)
				return -1;
		}
		if (r->format >= 0) {
			if (!sf) {
				snprintf(err, errsz,
				         _("the %s cannot change its frame format (no such setting "
				           "in its device file); leave the format cell empty"),
				         m->name);
				return -1;
			}
			if (mw_set_add(p, sf->name, mw_format_name((enum mw_format)r->format), err,
			               errsz) < 0)
				return -1;
		}
	}
	for (size_t k = 0; k < plan->n_columns; k++) {
		if (!r->value[k])
			continue;
		if (mw_set_add(p, plan->column[k], r->value[k], err, errsz) < 0)
			return -1;
	}
	return 0;
}

/* Parse a whole number; -1 if it is not one. */
static int parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Header: map fixed columns and setting columns; -1 when the rows cannot be read. */
static int header(struct loader *L, const struct mw_catalog *cat, const struct mw_csv_record *h,
                  struct mw_commission_plan *plan, int fixed[COL__FIXED], int *setcol)
{
	int rc = 0;

	for (int k = 0; k < COL__FIXED; k++)
		fixed[k] = -1;
	for (size_t i = 0; i < h->n; i++) {
		const char *name = h->cell[i];
		int k;

		setcol[i] = -1;
		for (k = 0; k < COL__FIXED; k++)
			if (strcasecmp(name, fixed_names[k]) == 0)
				break;
		if (k < COL__FIXED) {
			if (fixed[k] >= 0) {
				problem(L, h->line, _("column \"%s\" is given twice"), name);
				continue;
			}
			fixed[k] = (int)i;
			continue;
		}
		if (!*name) {
			problem(L, h->line, _("column %zu has no name; name it after a setting"),
			        i + 1);
			continue;
		}
		if (!any_setting(cat, name)) {
			problem(L, h->line,
			        _("column \"%s\" is no setting of any device file (see `meterwise "
			          "devices MODEL` for the settings of a model)"),
			        name);
			continue; /* reported; the rows are still checked without it */
		}
		for (size_t j = 0; j < plan->n_columns && setcol[i] == -1; j++)
			if (strcmp(plan->column[j], name) == 0) {
				problem(L, h->line, _("column \"%s\" is given twice"), name);
				setcol[i] = -2;
			}
		if (setcol[i] == -2) {
			setcol[i] = -1;
			continue;
		}
		if (plan->n_columns >= MW_COMMISSION_PLAN_COLS) {
			problem(L, h->line, _("too many setting columns (at most %d)"),
			        MW_COMMISSION_PLAN_COLS);
			return -1;
		}
		setcol[i] = (int)plan->n_columns;
		plan->column[plan->n_columns++] = mw_xstrdup(name);
	}
	for (int k = 0; k < COL_BAUD; k++)
		if (fixed[k] < 0) {
			problem(L, h->line,
			        _("the header has no \"%s\" column; the plan's first row names the "
			          "columns: label,model,address,baud,format,SETTING..."),
			        fixed_names[k]);
			rc = -1;
		}
	return rc;
}

/* One data row into r; problems reported. */
static void row(struct loader *L, const struct mw_catalog *cat, const struct mw_csv_record *rec,
                const int fixed[COL__FIXED], const int *setcol, size_t n_hcols,
                struct mw_commission_plan *plan, struct mw_commission_plan_row *r)
{
	const char *cell[COL__FIXED];
	char err[1024], list[512];
	long v;
	struct mw_set_plan *sp;

	memset(r, 0, sizeof *r);
	r->line = rec->line;
	r->format = -1;
	if (rec->n > n_hcols)
		problem(L, rec->line, _("%zu cells, but the header names %zu columns"), rec->n,
		        n_hcols);
	for (int k = 0; k < COL__FIXED; k++)
		cell[k] = fixed[k] >= 0 && (size_t)fixed[k] < rec->n ? rec->cell[fixed[k]] : "";
	snprintf(r->label, sizeof r->label, "%s", cell[COL_LABEL]);
	if (!*r->label)
		problem(L, rec->line, "%s", _("no label: name the position (e.g. L3-2)"));
	else if (strlen(cell[COL_LABEL]) >= sizeof r->label)
		problem(L, rec->line, _("label \"%s\" is too long (at most %zu characters)"),
		        cell[COL_LABEL], sizeof r->label - 1);
	for (size_t i = 0; i < rec->n && i < n_hcols; i++)
		if (setcol[i] >= 0 && *rec->cell[i])
			r->value[setcol[i]] = mw_xstrdup(rec->cell[i]);
	r->model = *cell[COL_MODEL] ? mw_plan_find_model(cat, cell[COL_MODEL]) : NULL;
	if (!r->model) {
		model_list(cat, list, sizeof list);
		if (*cell[COL_MODEL])
			problem(L, rec->line,
			        _("model \"%s\": no such device file; the models are: %s"),
			        cell[COL_MODEL], list);
		else
			problem(L, rec->line, _("no model given; the models are: %s"), list);
		return;
	}
	if (parse_num(cell[COL_ADDRESS], 1, 247, &v) < 0) {
		problem(L, rec->line,
		        _("address \"%s\": give the target address, a number from %d to %d"),
		        cell[COL_ADDRESS], r->model->line.addr_min, r->model->line.addr_max);
		v = -1;
	}
	r->addr = (int)v;
	if (*cell[COL_BAUD] && parse_num(cell[COL_BAUD], 1, 4000000, &v) < 0)
		problem(L, rec->line,
		        _("baud \"%s\": not a baud rate (e.g. 9600), or leave it empty"),
		        cell[COL_BAUD]);
	else if (*cell[COL_BAUD])
		r->baud = (int)v;
	if (*cell[COL_FORMAT] && (r->format = mw_format_parse(cell[COL_FORMAT])) < 0)
		problem(L, rec->line,
		        _("format \"%s\": not a frame format; use 8N1, 8E1, 8O1 or 8N2, or leave "
		          "it empty"),
		        cell[COL_FORMAT]);
	for (size_t k = 0; k < plan->n_columns; k++) {
		const struct mw_setting *s;

		if (!r->value[k])
			continue;
		s = mw_model_setting(r->model, plan->column[k]);
		if (!s) {
			problem(L, rec->line,
			        _("%s: the %s has no such setting; leave the cell empty for this "
			          "model"),
			        plan->column[k], r->model->name);
			free(r->value[k]);
			r->value[k] = NULL;
		} else if (s->line_role != MW_LINE_NONE) {
			problem(L, rec->line,
			        _("%s: give the address, baud and format in their own columns"),
			        plan->column[k]);
			free(r->value[k]);
			r->value[k] = NULL;
		}
	}
	if (r->addr < 0)
		return;
	sp = mw_xcalloc(1, sizeof *sp);
	if (mw_commission_plan_row_set(plan, r, sp, true, err, sizeof err) < 0)
		problem(L, rec->line, "%s", err);
	free(sp);
	r->final_line.baud = r->baud > 0 ? r->baud : r->model->line.default_baud;
	r->final_line.format =
	    r->format >= 0 ? (enum mw_format)r->format : r->model->line.default_format;
}

/* Problems between rows: labels, addresses, factory settings. */
static void cross_check(struct loader *L, struct mw_commission_plan *plan)
{
	for (size_t i = 0; i < plan->n_rows; i++) {
		struct mw_commission_plan_row *a = &plan->rows[i];

		if (!a->model || a->addr < 0)
			continue;
		for (size_t j = 0; j < i; j++) {
			struct mw_commission_plan_row *b = &plan->rows[j];

			if (*a->label && strcmp(a->label, b->label) == 0)
				problem(L, a->line, _("label \"%s\" is used twice (line %d too)"),
				        a->label, b->line);
			if (b->model && b->addr == a->addr)
				problem(L, a->line,
				        _("address %d is planned twice (line %d too): every meter "
				          "needs its own address"),
				        a->addr, b->line);
		}
		for (size_t j = 0; j < plan->n_rows; j++) {
			const struct mw_model *m = plan->rows[j].model;

			if (!m || a->addr != m->line.default_address ||
			    a->final_line.baud != m->line.default_baud ||
			    a->final_line.format != m->line.default_format)
				continue;
			problem(L, a->line,
			        _("address %d at %d %s is where a new %s arrives from the factory: "
			          "the next new meter would collide with this one; plan another "
			          "address, baud or format"),
			        a->addr, a->final_line.baud, mw_format_name(a->final_line.format),
			        m->name);
			break;
		}
	}
}

int mw_commission_plan_load(const char *path, const struct mw_catalog *cat,
                            struct mw_commission_plan *plan,
                            void (*report)(void *ctx, const char *msg), void *ctx)
{
	struct loader L = {path, report, ctx, 0};
	struct mw_plan_file pf;
	struct mw_csv_record rec;
	int fixed[COL__FIXED], *setcol = NULL;
	char abs[PATH_MAX];

	memset(plan, 0, sizeof *plan);
	plan->path = mw_xstrdup(path);
	if (mw_plan_file_open(path, &pf) < 0) {
		char msg[1024];

		snprintf(msg, sizeof msg, _("%s: cannot read the plan: %s"), path, strerror(errno));
		if (report)
			report(ctx, msg);
		return -1;
	}
	plan->abspath = mw_xstrdup(realpath(path, abs) ? abs : path);
	fnv_hex(pf.text, pf.len, plan->hash);
	if (pf.hdr.n == 0) {
		problem(&L, 1, "%s",
		        _("the plan is empty; its first row names the columns: "
		          "label,model,address,baud,format,SETTING..."));
		mw_plan_file_close(&pf);
		return L.problems;
	}
	setcol = mw_xrealloc(NULL, pf.hdr.n * sizeof *setcol);
	if (header(&L, cat, &pf.hdr, plan, fixed, setcol) < 0) {
		free(setcol);
		mw_plan_file_close(&pf);
		return L.problems;
	}
	while (mw_csv_next(&pf.p, &pf.line, &rec)) {
		plan->rows = mw_xrealloc(plan->rows, (plan->n_rows + 1) * sizeof *plan->rows);
		row(&L, cat, &rec, fixed, setcol, pf.hdr.n, plan, &plan->rows[plan->n_rows]);
		plan->n_rows++;
		mw_csv_record_free(&rec);
	}
	if (plan->n_rows == 0)
		problem(&L, pf.hdr.line, "%s", _("the plan has a header but no meter positions"));
	cross_check(&L, plan);
	free(setcol);
	mw_plan_file_close(&pf);
	return L.problems;
}

void mw_commission_plan_free(struct mw_commission_plan *plan)
{
	for (size_t i = 0; i < plan->n_rows; i++)
		for (size_t k = 0; k < MW_COMMISSION_PLAN_COLS; k++)
			free(plan->rows[i].value[k]);
	for (size_t k = 0; k < plan->n_columns; k++)
		free(plan->column[k]);
	free(plan->rows);
	free(plan->path);
	free(plan->abspath);
	memset(plan, 0, sizeof *plan);
}
