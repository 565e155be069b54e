/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_dlt.c - the commands on DL/T645-2007 meters (-a with 12 digits):
 * opening the line at DL/T645's defaults and identifying the model, `set`
 * and `act` (validated before anything is sent, confirmed, verified,
 * journaled: dlt_meter.h), and `time-sync`, the broadcast time.  `read`
 * and `check` use mw_cli_dlt_open and print as for Modbus meters.
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "dlt_meter.h"
#include "i18n.h"
#include "json.h"
#include "xalloc.h"

int mw_cli_dlt_open(const char *cmd, const struct mw_cli_conn *c, const struct mw_catalog *cat,
                    struct mw_dlt_meter *m)
{
	const struct mw_model *md = NULL;
	struct mw_bus *b;
	char err[512], what[512];

	if (c->model) {
		md = mw_cli_model(cmd, cat, c->model);
		if (!md)
			return MW_EXIT_USAGE;
		if (!mw_dlt_model(md)) {
			mw_cli_error(cmd,
			             _("%s is a Modbus meter; a 12-digit address is a DL/T645 one "
			               "(give a Modbus address, 1-247)"),
			             md->id);
			return MW_EXIT_USAGE;
		}
	}
	if (mw_cli_is_tcp_port(c->port) && strncmp(c->port, "tcp:", 4) == 0) {
		mw_cli_error(cmd, "%s",
		             _("DL/T645 needs a serial port or a transparent gateway "
		               "(rtutcp:HOST[:PORT]), not Modbus TCP"));
		return MW_EXIT_USAGE;
	}
	b = mw_cli_open(cmd, c, md);
	if (!b)
		return MW_EXIT_DEVICE;
	if (mw_dlt_meter_init(m, b, c->dlt, md, err, sizeof err) < 0) {
		mw_cli_error(cmd, "%s", err);
		mw_cli_close(b);
		return MW_EXIT_USAGE;
	}
	m->timeout_ms = c->timeout_ms;
	if (!md && !mw_dlt_identify(m, cat, what, sizeof what)) {
		const struct mw_linecfg *lc = mw_bus_line(b);

		if (mw_bus_last_error(b) == MW_BUS_TIMEOUT)
			mw_cli_error(
			    cmd,
			    _("nothing answers at DL/T645 address %s at %d %s (%s); give the "
			      "meter's line settings with -b and -f, or find it with "
			      "`meterwise scan`"),
			    c->dlt, lc->baud, mw_format_name(lc->format), what);
		else
			mw_cli_error(
			    cmd,
			    _("cannot tell which meter is at DL/T645 address %s: %s; name it "
			      "with -m MODEL"),
			    c->dlt, what);
		mw_cli_close(b);
		return MW_EXIT_DEVICE;
	}
	return MW_EXIT_OK;
}

/* Without --yes a question must be asked: refuse without a terminal. */
static bool no_terminal(const char *cmd)
{
	if (isatty(STDIN_FILENO))
		return false;
	mw_cli_error(
	    cmd, "%s",
	    _("refusing to write without confirmation: stdin is not a terminal; add --yes"));
	return true;
}

/* The result as JSON, as `set --json` prints it for Modbus meters. */
static void result_json(const struct mw_dlt_meter *m, const struct mw_dlt_set *s,
                        const struct mw_set_result *r)
{
	struct mw_json j;
	const struct mw_linecfg *lc = mw_bus_line(m->bus);

	mw_json_init(&j, stdout, true);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "outcome", mw_outcome_name(r->outcome));
	mw_json_str(&j, "message", r->message);
	mw_json_bool(&j, "found", r->found);
	mw_json_str(&j, "protocol", "dlt645");
	mw_json_str(&j, "address", m->addr_text);
	mw_json_int(&j, "baud", lc->baud);
	mw_json_str(&j, "format", mw_format_name(lc->format));
	if (s) {
		mw_json_arr_begin(&j, "settings");
		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "name", s->setting->name);
		mw_json_str(&j, "old", s->have_old ? s->old_text : NULL);
		mw_json_str(&j, "new", s->text);
		mw_json_str(&j, "read_back", s->readback[0] ? s->readback : NULL);
		mw_json_bool(&j, "verified", r->outcome == MW_OUT_VERIFIED);
		mw_json_obj_end(&j);
		mw_json_arr_end(&j);
	}
	mw_json_obj_end(&j);
}

/* Print a result (or the error) and give the exit code. */
static int report(const char *cmd, const struct mw_dlt_meter *m, const struct mw_dlt_set *s,
                  const struct mw_set_result *res, bool json, int code)
{
	if (res->journal_error[0])
		mw_cli_error(cmd, _("warning: %s"), res->journal_error);
	if (json)
		result_json(m, s, res);
	else if (code == MW_EXIT_OK)
		printf("%s\n", res->message);
	else
		mw_cli_error(cmd, "%s", res->message);
	return code;
}

/* The setting's command, for the plan shown before a write. */
static const char *how(const struct mw_dlt_set *s)
{
	switch (s->setting->dlt.command) {
	case MW_DLT_CMD_BAUD:
		return _("change baud 0x17, then followed to the new rate");
	case MW_DLT_CMD_ADDRESS:
		return _("write address 0x15 to AAAAAAAAAAAA: needs the programming key");
	case MW_DLT_CMD_TIME:
		return _("broadcast time 0x08 to 999999999999, then the clock read back");
	default:
		return _("write data 0x14");
	}
}

int mw_cli_dlt_set(const struct mw_cli_dlt_args *a)
{
	struct mw_catalog cat;
	struct mw_dlt_meter m;
	struct mw_dlt_set *s;
	struct mw_set_result res;
	char err[1024], where[96];
	int code = MW_EXIT_OK, n = a->n;

	memset(&m, 0, sizeof m);
	if (mw_cli_catalog("set", &cat) < 0)
		return MW_EXIT_USAGE;
	s = mw_xcalloc((size_t)n, sizeof *s);
	/* With -m everything is validated before the port is opened. */
	for (int pass = a->c->model ? 0 : 1; pass < 2; pass++) {
		const struct mw_model *md;

		if (pass == 0) {
			md = mw_cli_model("set", &cat, a->c->model);
			if (md && !mw_dlt_model(md)) {
				code = mw_cli_dlt_open("set", a->c, &cat, &m); /* says why */
				goto out;
			}
		} else {
			if ((code = mw_cli_dlt_open("set", a->c, &cat, &m)) != MW_EXIT_OK)
				goto out_nobus;
			md = m.model;
		}
		if (!md) {
			code = MW_EXIT_USAGE;
			goto out_nobus;
		}
		for (int i = 0; i < n; i++) {
			char *eq = strchr(a->args[i], '='), name[128];

			if (!eq || eq == a->args[i] || (size_t)(eq - a->args[i]) >= sizeof name) {
				mw_cli_error("set", _("%s: give NAME=VALUE"), a->args[i]);
				code = MW_EXIT_USAGE;
				goto out;
			}
			memcpy(name, a->args[i], (size_t)(eq - a->args[i]));
			name[eq - a->args[i]] = '\0';
			if (mw_dlt_set_prepare(md, name, eq + 1, a->password, &s[i], err,
			                       sizeof err) < 0) {
				mw_cli_error("set", "%s", err);
				code = MW_EXIT_USAGE;
				goto out;
			}
		}
	}
	mw_dlt_where(&m, where, sizeof where);
	for (int i = 0; i < n; i++)
		mw_dlt_set_read_old(&m, &s[i]);
	if (!a->json || !a->yes) {
		printf(_("%s at %s on %s:\n"), m.model->name, where, mw_bus_name(m.bus));
		for (int i = 0; i < n; i++)
			printf("  %-20s %s -> %s (%s)\n", s[i].setting->name,
			       s[i].have_old ? s[i].old_text : _("(unknown)"), s[i].text,
			       how(&s[i]));
	}
	if (!a->yes && no_terminal("set")) {
		code = MW_EXIT_USAGE;
		goto out;
	}
	if (!a->yes && !mw_cli_confirm(_("Write these settings?"))) {
		printf("%s\n", _("Nothing was written."));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int rc = mw_dlt_set_apply(&m, &s[i], a->c->no_journal, &res);

		rc = report("set", &m, &s[i], &res, a->json, rc);
		if (rc > code)
			code = rc;
		if (rc != MW_EXIT_OK)
			break;
	}
out:
	if (m.bus)
		mw_cli_close(m.bus);
out_nobus:
	free(s);
	mw_catalog_free(&cat);
	return code;
}

int mw_cli_dlt_act(const struct mw_cli_dlt_args *a)
{
	struct mw_catalog cat;
	struct mw_dlt_meter m;
	struct mw_dlt_act act;
	struct mw_set_result res;
	const struct mw_model *md = NULL;
	char err[1024], where[96];
	int code;

	memset(&m, 0, sizeof m);
	if (a->n != 1) {
		mw_cli_error("act", "%s", _("give one ACTION"));
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("act", &cat) < 0)
		return MW_EXIT_USAGE;
	code = MW_EXIT_USAGE;
	if (a->c->model) {
		md = mw_cli_model("act", &cat, a->c->model);
		if (!md)
			goto out;
		if (mw_dlt_model(md) &&
		    mw_dlt_act_prepare(md, a->args[0], a->password, &act, err, sizeof err) < 0) {
			mw_cli_error("act", "%s", err);
			goto out;
		}
	}
	if ((code = mw_cli_dlt_open("act", a->c, &cat, &m)) != MW_EXIT_OK)
		goto out;
	if (!md &&
	    mw_dlt_act_prepare(m.model, a->args[0], a->password, &act, err, sizeof err) < 0) {
		mw_cli_error("act", "%s", err);
		code = MW_EXIT_USAGE;
		goto out;
	}
	mw_dlt_where(&m, where, sizeof where);
	if (!a->yes && act.action->confirm != MW_CONFIRM_NONE) {
		char q[256];

		if (no_terminal("act")) {
			code = MW_EXIT_USAGE;
			goto out;
		}
		snprintf(q, sizeof q, _("%s on the %s at %s?"),
		         act.action->label ? act.action->label : act.action->name, m.model->name,
		         where);
		if (!mw_cli_confirm(q)) {
			printf("%s\n", _("Nothing was sent."));
			code = MW_EXIT_OK;
			goto out;
		}
	}
	code = mw_dlt_act_run(&m, &act, a->c->no_journal, &res);
	code = report("act", &m, NULL, &res, a->json, code);
out:
	if (m.bus)
		mw_cli_close(m.bus);
	mw_catalog_free(&cat);
	return code;
}

int mw_cli_time_sync(int argc, char **argv)
{
	struct mw_cli_conn c;
	struct mw_catalog cat;
	struct mw_dlt_meter *m = NULL;
	struct mw_set_result *res = NULL;
	const char **addrs = mw_xcalloc((size_t)argc + 1, sizeof *addrs);
	struct mw_bus *b = NULL;
	size_t n = 0;
	bool yes = false, json = false;
	int opt, code = MW_EXIT_OK;

	mw_cli_conn_init(&c);
	optind = 1;
	while ((opt = mw_cli_getopt("time-sync", argc, argv)) != -1) {
		int h;

		if (opt == 'a') {
			if (strlen(optarg) != 12 || strspn(optarg, "0123456789") != 12) {
				mw_cli_error(
				    "time-sync",
				    _("--address %s: a DL/T645 address is 12 decimal digits"),
				    optarg);
				free(addrs);
				return MW_EXIT_USAGE;
			}
			addrs[n++] = optarg;
			continue;
		}
		h = mw_cli_conn_opt(&c, opt, optarg);
		if (h < 0) {
			free(addrs);
			return MW_EXIT_USAGE;
		}
		if (h)
			continue;
		switch (opt) {
		case MW_OPT_YES:
			yes = true;
			break;
		case MW_OPT_JSON:
			json = true;
			break;
		case 'h':
			mw_cli_usage("time-sync", stdout);
			free(addrs);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			free(addrs);
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("time-sync");
			free(addrs);
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		mw_cli_error("time-sync", _("%s: unexpected argument"), argv[optind]);
		free(addrs);
		return MW_EXIT_USAGE;
	}
	if (!c.port) {
		mw_cli_error("time-sync", "%s", _("give the port: -p PORT"));
		free(addrs);
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("time-sync", &cat) < 0) {
		free(addrs);
		return MW_EXIT_USAGE;
	}
	snprintf(c.dlt, sizeof c.dlt, "%s", "999999999999"); /* DL/T645's line defaults */
	b = mw_cli_open("time-sync", &c, NULL);
	if (!b) {
		code = MW_EXIT_DEVICE;
		goto out;
	}
	m = mw_xcalloc(n + 1, sizeof *m);
	res = mw_xcalloc(n + 1, sizeof *res);
	for (size_t i = 0; i < n; i++) {
		char err[256];

		mw_dlt_meter_init(&m[i], b, addrs[i], NULL, err, sizeof err);
		m[i].timeout_ms = c.timeout_ms;
	}
	if (!yes) {
		char q[256];
		const struct mw_linecfg *lc = mw_bus_line(b);

		if (no_terminal("time-sync")) {
			code = MW_EXIT_USAGE;
			goto out;
		}
		snprintf(q, sizeof q,
		         _("Set the clock of every DL/T645 meter at %d %s on %s to this computer's "
		           "time?"),
		         lc->baud, mw_format_name(lc->format), mw_bus_name(b));
		if (!mw_cli_confirm(q)) {
			printf("%s\n", _("Nothing was sent."));
			goto out;
		}
	}
	code = mw_dlt_time_sync(b, m, n, c.no_journal, res);
	if (res[0].journal_error[0])
		mw_cli_error("time-sync", _("warning: %s"), res[0].journal_error);
	if (json) {
		struct mw_json j;

		mw_json_init(&j, stdout, true);
		mw_json_obj_begin(&j, NULL);
		mw_json_arr_begin(&j, "meters");
		for (size_t i = 0; i < (n ? n : 1); i++) {
			mw_json_obj_begin(&j, NULL);
			if (n)
				mw_json_str(&j, "address", m[i].addr_text);
			mw_json_str(&j, "outcome", mw_outcome_name(res[i].outcome));
			mw_json_str(&j, "message", res[i].message);
			mw_json_obj_end(&j);
		}
		mw_json_arr_end(&j);
		mw_json_obj_end(&j);
	} else {
		for (size_t i = 0; i < (n ? n : 1); i++) {
			if (mw_outcome_exit(res[i].outcome) == 0)
				printf("%s\n", res[i].message);
			else
				mw_cli_error("time-sync", "%s", res[i].message);
		}
	}
out:
	free(m);
	free(res);
	free(addrs);
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return code;
}
