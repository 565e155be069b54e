/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_commission_dlt.c - `meterwise commission` with a plan of DL/T645
 * meters.  Such meters leave the factory with addresses of their own, so
 * the plan names each meter by its 12-digit address (the address column)
 * and gives what to set: the baud column and any settings of its device
 * file (alarm thresholds, clock_sync=now, daily periods...).  The whole
 * plan is validated before the bus is touched; then each meter is written
 * in turn (settings by DI, verified by reading back; the baud change last,
 * followed), journaled with the plan and the position, and a line per
 * write says how it ended.  A plan that mixes Modbus and DL/T645 meters is
 * refused: the Modbus workflow waits for new meters at factory addresses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "commission.h"
#include "csv.h"
#include "dlt_meter.h"
#include "i18n.h"
#include "journal.h"
#include "xalloc.h"

#define MAX_SETS 16 /* settings per row */

struct drow {
	int line;
	char label[64];
	const struct mw_model *model;
	char addr[13];
	struct mw_dlt_set set[MAX_SETS];
	int n_set;
};

/* Validate one row; problems printed as "path:line: message". */
static int load_row(const char *path, const struct mw_plan_file *f, const struct mw_csv_record *r,
                    const struct mw_catalog *cat, const char *password, struct drow *d)
{
	const struct mw_csv_record *h = &f->hdr;
	int cl = mw_plan_file_col(f, "label"), cm = mw_plan_file_col(f, "model"),
	    ca = mw_plan_file_col(f, "address"), cf = mw_plan_file_col(f, "format");
	const char *cell;
	int bad = 0;
	char err[1024];

	memset(d, 0, sizeof *d);
	d->line = r->line;
	d->model = cm >= 0 && (size_t)cm < r->n ? mw_plan_find_model(cat, r->cell[cm]) : NULL;
	snprintf(d->label, sizeof d->label, "%s", cl >= 0 && (size_t)cl < r->n ? r->cell[cl] : "");
	if (!*d->label) {
		fprintf(stderr, _("%s:%d: no label: name the position (e.g. flat 12)\n"), path,
		        r->line);
		bad++;
	}
	cell = ca >= 0 && (size_t)ca < r->n ? r->cell[ca] : "";
	if (strlen(cell) != 12 || strspn(cell, "0123456789") != 12) {
		fprintf(stderr,
		        _("%s:%d: address \"%s\": a DL/T645 meter is named by its 12-digit "
		          "address\n"),
		        path, r->line, cell);
		bad++;
	}
	snprintf(d->addr, sizeof d->addr, "%s", cell);
	cell = cf >= 0 && (size_t)cf < r->n ? r->cell[cf] : "";
	if (*cell && strcasecmp(cell, "8E1") != 0) {
		fprintf(stderr, _("%s:%d: format \"%s\": DL/T645 meters keep 8E1\n"), path, r->line,
		        cell);
		bad++;
	}
	for (size_t i = 0; i < h->n && i < r->n; i++) {
		const char *name = h->cell[i];

		if ((int)i == cl || (int)i == cm || (int)i == ca || (int)i == cf || !*r->cell[i])
			continue;
		if (d->n_set == MAX_SETS) {
			fprintf(stderr, _("%s:%d: more than %d settings in one row\n"), path,
			        r->line, MAX_SETS);
			return bad + 1;
		}
		if (mw_dlt_set_prepare(d->model, name, r->cell[i], password, &d->set[d->n_set], err,
		                       sizeof err) < 0) {
			fprintf(stderr, "%s:%d: %s\n", path, r->line, err);
			bad++;
			continue;
		}
		d->n_set++;
	}
	/* The baud change last: the meter is followed to it and stays there. */
	for (int i = 0; i + 1 < d->n_set; i++)
		if (d->set[i].setting->dlt.command == MW_DLT_CMD_BAUD) {
			struct mw_dlt_set t = d->set[i];

			memmove(&d->set[i], &d->set[i + 1], (size_t)(d->n_set - i - 1) * sizeof t);
			d->set[d->n_set - 1] = t;
			break;
		}
	return bad;
}

/* Write the settings of one row; the worst exit code. */
static int run_row(const char *path, struct mw_bus *b, const struct mw_cli_conn *conn,
                   struct drow *d)
{
	struct mw_dlt_meter m;
	struct mw_set_result res;
	char err[512];
	int code = MW_EXIT_OK;

	mw_dlt_meter_init(&m, b, d->addr, d->model, err, sizeof err);
	m.timeout_ms = conn->timeout_ms;
	mw_journal_set_context(path, NULL, d->label);
	printf(_("%s: meter %s (%s)\n"), d->label, d->addr, d->model->name);
	for (int i = 0; i < d->n_set; i++) {
		int rc;

		mw_dlt_set_read_old(&m, &d->set[i]);
		rc = mw_dlt_set_apply(&m, &d->set[i], conn->no_journal, &res);
		printf("  %s%s\n", rc == MW_EXIT_OK ? "" : _("FAILED: "), res.message);
		if (res.journal_error[0])
			mw_cli_error("commission", _("warning: %s"), res.journal_error);
		if (rc > code)
			code = rc;
		if (rc != MW_EXIT_OK && !res.found)
			break; /* the meter is not there: the rest would fail too */
	}
	mw_journal_set_context(NULL, NULL, NULL);
	return code;
}

int mw_cli_commission_dlt(const char *path, const struct mw_catalog *cat,
                          const struct mw_cli_conn *conn, bool yes, bool check,
                          const char *password)
{
	struct mw_plan_file f;
	struct mw_csv_record r;
	struct drow *rows = NULL;
	size_t n = 0, n_dlt = 0, n_other = 0;
	int bad = 0, code = MW_EXIT_OK, done = 0, cm;
	struct mw_bus *b = NULL;
	struct mw_linecfg start;

	memset(&r, 0, sizeof r);
	if (mw_plan_file_open(path, &f) < 0)
		return -1; /* the plan loader says why */
	cm = mw_plan_file_col(&f, "model");
	if (cm < 0) {
		mw_plan_file_close(&f);
		return -1;
	}
	/* Which kind of plan: DL/T645 rows only, or none (the Modbus workflow). */
	{
		const char *q = f.p;
		int l = f.line;

		while (mw_csv_next(&q, &l, &r) == 1) {
			const struct mw_model *m =
			    (size_t)cm < r.n ? mw_plan_find_model(cat, r.cell[cm]) : NULL;

			if (r.n == 1 && !*r.cell[0])
				;
			else if (m && mw_dlt_model(m))
				n_dlt++;
			else
				n_other++;
			mw_csv_record_free(&r);
		}
	}
	if (!n_dlt) {
		mw_plan_file_close(&f);
		return -1;
	}
	if (n_other) {
		mw_cli_error("commission",
		             _("%s mixes DL/T645 meters with others; give the DL/T645 meters a "
		               "plan of their own (they are named by their addresses, not waited "
		               "for at a factory address)"),
		             path);
		code = MW_EXIT_USAGE;
		goto out;
	}
	rows = mw_xcalloc(n_dlt, sizeof *rows);
	while (n < n_dlt && mw_csv_next(&f.p, &f.line, &r) == 1) {
		if (!(r.n == 1 && !*r.cell[0]))
			bad += load_row(path, &f, &r, cat, password, &rows[n++]);
		mw_csv_record_free(&r);
	}
	if (bad) {
		mw_cli_error("commission",
		             _("%d problem(s) in the plan %s; nothing was sent to the bus"), bad,
		             path);
		code = MW_EXIT_USAGE;
		goto out;
	}
	printf(_("Plan %s: %zu DL/T645 meter(s)\n"), path, n);
	for (size_t i = 0; i < n; i++) {
		printf("  %-12s %s %-16s", rows[i].label, rows[i].addr, rows[i].model->id);
		for (int k = 0; k < rows[i].n_set; k++)
			printf(" %s=%s", rows[i].set[k].setting->name, rows[i].set[k].text);
		printf("\n");
	}
	if (check) {
		printf("%s\n", _("The plan is valid."));
		goto out;
	}
	if (!yes) {
		if (!isatty(STDIN_FILENO)) {
			mw_cli_error("commission", "%s",
			             _("refusing to write without confirmation: stdin is not a "
			               "terminal; add --yes"));
			code = MW_EXIT_USAGE;
			goto out;
		}
		if (!mw_cli_confirm(_("Write these settings?"))) {
			printf("%s\n", _("Nothing was written."));
			goto out;
		}
	}
	b = mw_cli_open("commission", conn, rows[0].model);
	if (!b) {
		code = MW_EXIT_DEVICE;
		goto out;
	}
	start = *mw_bus_line(b);
	for (size_t i = 0; i < n; i++) {
		char err[256];
		int rc;

		mw_bus_set_line(b, &start, err, sizeof err); /* a baud change moved the bus */
		rc = run_row(path, b, conn, &rows[i]);
		done += rc == MW_EXIT_OK;
		if (rc > code)
			code = rc;
	}
	printf(_("%d of %zu meter(s) commissioned.\n"), done, n);
out:
	mw_cli_close(b);
	free(rows);
	mw_plan_file_close(&f);
	return code;
}
