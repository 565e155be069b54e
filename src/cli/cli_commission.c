/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_commission.c - `meterwise commission -p PORT PLAN`: validate the plan
 * against the device files, then commission the panel one meter at a
 * time (commission.c), announcing each position (a bell on a terminal and
 * a clear line), and print the report at the end (--report FILE,
 * --report-format for CSV or JSON).  Ctrl-C stops; running it again continues where it stopped.
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "commission.h"
#include "i18n.h"

static void on_problem(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

static void on_event(void *ctx, const struct mw_commission_event *e)
{
	bool tty = *(bool *)ctx;

	switch (e->kind) {
	case MW_COMMISSION_EV_DONE:
	case MW_COMMISSION_EV_CHECKED:
		printf("%s%s\n", tty ? "\a" : "", e->text);
		break;
	case MW_COMMISSION_EV_COLLISION:
	case MW_COMMISSION_EV_UNEXPECTED:
	case MW_COMMISSION_EV_CONFLICT:
	case MW_COMMISSION_EV_FAILED:
		fflush(stdout);
		fprintf(stderr, "%s%s: %s\n", tty ? "\a" : "", _("warning"), e->text);
		break;
	default:
		printf("%s\n", e->text);
		break;
	}
	fflush(stdout);
}

/* Show the positions: label, model, target. */
static void show_plan(const struct mw_commission_plan *plan)
{
	printf(_("Plan %s: %zu positions\n"), plan->path, plan->n_rows);
	for (size_t i = 0; i < plan->n_rows; i++) {
		const struct mw_commission_plan_row *r = &plan->rows[i];
		size_t len = 0;
		char extra[512];

		extra[0] = '\0';
		for (size_t k = 0; k < plan->n_columns && len < sizeof extra; k++)
			if (r->value[k])
				len += (size_t)snprintf(extra + len, sizeof extra - len, " %s=%s",
				                        plan->column[k], r->value[k]);
		printf("  %-12s %-12s %s %3d, %d %s%s\n", r->label, r->model->name, _("address"),
		       r->addr, r->final_line.baud, mw_format_name(r->final_line.format), extra);
	}
}

static int write_report(const char *path, enum mw_commission_report_format fmt,
                        const struct mw_commission_report *rep)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		mw_cli_error("commission",
		             _("%s: cannot write the report: %m; it was printed above"), path);
		return -1;
	}
	mw_commission_report_write(rep, fmt, f);
	if (fclose(f) != 0) {
		mw_cli_error("commission", _("%s: cannot write the report: %m"), path);
		return -1;
	}
	return 0;
}

int mw_cli_commission(int argc, char **argv)
{
	struct mw_cli_conn conn;
	struct mw_commission_opts co = {0};
	const char *report = NULL, *fmt_name = NULL;
	enum mw_commission_report_format fmt = MW_COMMISSION_REPORT_TEXT;
	bool yes = false, check = false, tty = isatty(STDOUT_FILENO);
	struct mw_catalog cat;
	struct mw_commission_plan plan;
	struct mw_bus *b = NULL;
	struct mw_commission *c = NULL;
	char err[512];
	int opt, n, rc, code;

	mw_cli_conn_init(&conn);
	optind = 1;
	while ((opt = mw_cli_getopt("commission", argc, argv)) != -1) {
		int h = mw_cli_conn_opt(&conn, opt, optarg);

		if (h < 0)
			return MW_EXIT_USAGE;
		if (h)
			continue;
		switch (opt) {
		case MW_OPT_YES:
			yes = true;
			break;
		case MW_OPT_PASSWORD:
			co.password = optarg;
			break;
		case MW_OPT_REPORT:
			report = optarg;
			break;
		case MW_OPT_REPORT_FORMAT:
			fmt_name = optarg;
			break;
		case MW_OPT_ONCE:
			co.once = true;
			break;
		case MW_OPT_CHECK:
			check = true;
			break;
		case MW_OPT_POLL: {
			long v;

			if (mw_cli_parse_uint(optarg, 1, 60000, &v) < 0) {
				mw_cli_error("commission",
				             _("--poll %s: milliseconds from 1 to 60000"), optarg);
				return MW_EXIT_USAGE;
			}
			co.poll_timeout_ms = (int)v;
			break;
		}
		case 'h':
			mw_cli_usage("commission", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("commission");
			return MW_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		mw_cli_error("commission", "%s",
		             _("give one PLAN file (CSV); see meterwise commission --help"));
		return MW_EXIT_USAGE;
	}
	if (fmt_name) {
		if (!strcmp(fmt_name, "csv"))
			fmt = MW_COMMISSION_REPORT_CSV;
		else if (!strcmp(fmt_name, "json"))
			fmt = MW_COMMISSION_REPORT_JSON;
		else if (strcmp(fmt_name, "text") != 0) {
			mw_cli_error("commission", _("--report-format %s: use text, csv or json"),
			             fmt_name);
			return MW_EXIT_USAGE;
		}
	} else if (report) {
		size_t l = strlen(report);

		if (l > 4 && !strcasecmp(report + l - 4, ".csv"))
			fmt = MW_COMMISSION_REPORT_CSV;
		else if (l > 5 && !strcasecmp(report + l - 5, ".json"))
			fmt = MW_COMMISSION_REPORT_JSON;
	}
	if (!check && !conn.port) {
		mw_cli_error("commission", "%s",
		             _("no port given; use -p PORT (list them with `meterwise ports`)"));
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("commission", &cat) < 0)
		return MW_EXIT_USAGE;
	/* A plan of DL/T645 meters, named by their addresses: written in turn. */
	rc = mw_cli_commission_dlt(argv[optind], &cat, &conn, yes, check, co.password);
	if (rc >= 0) {
		if (report)
			mw_cli_error("commission", "%s",
			             _("warning: --report is not written for a DL/T645 plan; the "
			               "journal holds every write"));
		mw_catalog_free(&cat);
		return rc;
	}
	n = mw_commission_plan_load(argv[optind], &cat, &plan, on_problem, NULL);
	if (n != 0) {
		if (n > 0)
			mw_cli_error("commission",
			             _("%d problem(s) in the plan %s; nothing was sent to the bus"),
			             n, argv[optind]);
		code = MW_EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < plan.n_rows; i++)
		if (mw_cli_check_password("commission", plan.rows[i].model, co.password) < 0) {
			code = MW_EXIT_USAGE;
			goto out;
		}
	show_plan(&plan);
	if (check) {
		printf("%s\n", _("The plan is valid."));
		code = MW_EXIT_OK;
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
		if (!mw_cli_confirm(_("Commission the meters as planned?"))) {
			printf("%s\n", _("Nothing was written."));
			code = MW_EXIT_OK;
			goto out;
		}
	}
	b = mw_cli_open("commission", &conn, NULL);
	if (!b) {
		code = MW_EXIT_DEVICE;
		goto out;
	}
	co.timeout_ms = conn.timeout_ms;
	co.on_event = on_event;
	co.ctx = &tty;
	c = mw_commission_new(b, &cat, &plan, &co, err, sizeof err);
	if (!c) {
		mw_cli_error("commission", "%s", err);
		code = MW_EXIT_USAGE;
		goto out;
	}
	mw_cli_catch_signals();
	rc = mw_commission_run(c, &mw_cli_interrupted);
	if (rc < 0) {
		mw_cli_error("commission", _("%s; run the same command again to continue"),
		             mw_commission_error(c));
		code = MW_EXIT_DEVICE;
	} else if (mw_cli_interrupted) {
		printf("%s\n",
		       _("Stopped. Run the same command again to continue where it stopped."));
		code = MW_EXIT_INTERRUPTED;
	} else {
		const struct mw_commission_row_status *st = mw_commission_rows(c);

		code = MW_EXIT_OK;
		for (size_t i = 0; i < plan.n_rows && !co.once; i++)
			if (st[i].state != MW_COMMISSION_DONE &&
			    st[i].state != MW_COMMISSION_CHECKED)
				code = MW_EXIT_DEVICE;
	}
	if (mw_commission_done(c) > 0 && rc >= 0) {
		struct mw_commission_report rep;

		printf("\n");
		mw_commission_report_build(b, c, &rep);
		/* --format without --report: the report on standard output in that format. */
		mw_commission_report_write(&rep, report ? MW_COMMISSION_REPORT_TEXT : fmt, stdout);
		if (report && write_report(report, fmt, &rep) < 0 && code == MW_EXIT_OK)
			code = MW_EXIT_DEVICE;
		mw_commission_report_free(&rep);
	}
out:
	mw_commission_free(c);
	mw_cli_close(b);
	mw_commission_plan_free(&plan);
	mw_catalog_free(&cat);
	return code;
}
