/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_set.c - `meterwise set` and `meterwise act`: validate everything
 * before anything is sent, show what will be written, confirm, write,
 * verify, follow, and report (exit codes as in meterwise(1)).
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "json.h"
#include "xalloc.h"

struct set_args {
	struct mw_cli_conn c;
	bool yes;
	bool json;
	const char *password;
	int confirm_address; /* -1 = not given */
	int first;           /* index of the first positional argument */
};

/* Parse options; returns -1 to exit with *code. */
static int parse(const char *cmd, int argc, char **argv, struct set_args *a, int *code)
{
	int opt;

	memset(a, 0, sizeof *a);
	mw_cli_conn_init(&a->c);
	a->confirm_address = -1;
	optind = 1;
	while ((opt = mw_cli_getopt(cmd, argc, argv)) != -1) {
		int h = mw_cli_conn_opt(&a->c, opt, optarg);

		if (h < 0) {
			*code = MW_EXIT_USAGE;
			return -1;
		}
		if (h)
			continue;
		switch (opt) {
		case MW_OPT_YES:
			a->yes = true;
			break;
		case MW_OPT_JSON:
			a->json = true;
			break;
		case MW_OPT_PASSWORD:
			a->password = optarg;
			break;
		case MW_OPT_CONFIRM_ADDRESS:
			if (mw_cli_parse_address("--confirm-address", optarg, false,
			                         &a->confirm_address) < 0) {
				*code = MW_EXIT_USAGE;
				return -1;
			}
			break;
		case 'h':
			mw_cli_usage(cmd, stdout);
			*code = MW_EXIT_OK;
			return -1;
		case MW_OPT_VERSION:
			mw_cli_version();
			*code = MW_EXIT_OK;
			return -1;
		default:
			mw_cli_try_help(cmd);
			*code = MW_EXIT_USAGE;
			return -1;
		}
	}
	a->first = optind;
	if (!a->c.port || (a->c.addr < 0 && !a->c.dlt[0])) {
		mw_cli_error(cmd, "%s", _("give the port and the address: -p PORT -a ADDR"));
		*code = MW_EXIT_USAGE;
		return -1;
	}
	return 0;
}

static void show_plan(const struct mw_bus *b, const struct mw_set_plan *p)
{
	char where[96];

	mw_where(b, p->addr, &p->line, where, sizeof where);
	printf(_("%s at %s on %s:\n"), p->model->name, where, mw_bus_name(b));
	for (size_t i = 0; i < p->n_items; i++) {
		const struct mw_set_item *it = &p->item[i];
		const char *unit = it->setting->unit && *it->setting->unit ? it->setting->unit : "";

		printf("  %-20s %s -> %s%s%s%s\n", it->setting->name,
		       !it->have_old   ? _("(unknown)")
		       : *it->old_text ? it->old_text
		                       : _("(none)"),
		       it->new_text, *unit ? " " : "", unit,
		       it->unchanged ? _("  (unchanged)") : "");
	}
	for (size_t k = 0; k < p->n_writes; k++) {
		const struct mw_set_write *w = &p->write[k];
		bool secret = false;

		for (size_t i = 0; i < p->n_items; i++)
			if (p->item[i].setting->secret && p->item[i].setting->reg >= w->reg &&
			    p->item[i].setting->reg < w->reg + w->n)
				secret = true;
		if (w->table == MW_TABLE_COIL) {
			printf(_("  coil 0x%04X: %s -> %s (FC05)\n"), w->reg,
			       w->have_old ? (w->old[0] ? "on" : "off") : "?",
			       w->new[0] ? "on" : "off");
			continue;
		}
		printf(_("  register 0x%04X"), w->reg);
		if (w->n > 1)
			printf("-0x%04X", w->reg + w->n - 1);
		printf(":");
		for (int x = 0; x < w->n && x < 8; x++) {
			if (secret)
				printf(" ****");
			else if (w->have_old)
				printf(" 0x%04X", w->old[x]);
			else
				printf(" ?");
		}
		printf(" ->");
		for (int x = 0; x < w->n && x < 8; x++)
			secret ? printf(" ****") : printf(" 0x%04X", w->new[x]);
		if (w->n > 8)
			printf(" ...");
		if (w->unchanged)
			printf("%s\n", _("  (unchanged, not written)"));
		else
			printf(" (FC%02d%s)\n", w->n == 1 && p->model->line.write_fc == 6 ? 6 : 16,
			       w->needs_unlock ? _(", after the password") : "");
	}
	if (p->changes_line) {
		mw_where(b, p->new_addr, &p->new_line, where, sizeof where);
		printf(_("After this the meter answers at %s.\n"), where);
	}
}

static void result_json(const struct mw_set_plan *p, const struct mw_set_result *r)
{
	struct mw_json j;

	mw_json_init(&j, stdout, true);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "outcome", mw_outcome_name(r->outcome));
	mw_json_str(&j, "message", r->message);
	mw_json_bool(&j, "found", r->found);
	mw_json_int(&j, "address", r->addr);
	mw_json_int(&j, "baud", r->line.baud);
	mw_json_str(&j, "format", mw_format_name(r->line.format));
	if (p) {
		mw_json_arr_begin(&j, "settings");
		for (size_t i = 0; i < p->n_items; i++) {
			const struct mw_set_item *it = &p->item[i];

			mw_json_obj_begin(&j, NULL);
			mw_json_str(&j, "name", it->setting->name);
			if (!it->setting->secret) {
				mw_json_str(&j, "old", it->have_old ? it->old_text : NULL);
				mw_json_str(&j, "new", it->new_text);
				mw_json_str(&j, "read_back",
				            it->readback_text[0] ? it->readback_text : NULL);
			}
			mw_json_bool(&j, "verified", it->verified);
			mw_json_obj_end(&j);
		}
		mw_json_arr_end(&j);
	}
	mw_json_obj_end(&j);
}

/*
 * Without --yes a question must be asked; with no terminal to ask on,
 * refuse (after validation, so a bad value is still reported as such).
 */
static bool no_terminal(const char *cmd)
{
	if (isatty(STDIN_FILENO))
		return false;
	mw_cli_error(
	    cmd, "%s",
	    _("refusing to write without confirmation: stdin is not a terminal; add --yes"));
	return true;
}

/* Everything `set` checks against the model before a request: the
 * password and every NAME=VALUE.  -1 with the message printed. */
static int set_validate(struct mw_set_plan *p, const struct mw_model *m, const struct set_args *a,
                        int argc, char **argv)
{
	char err[1024];

	if (mw_cli_check_password("set", m, a->password) < 0)
		return -1;
	mw_set_init(p, m);
	if (mw_set_parse(p, argv + a->first, (size_t)(argc - a->first), err, sizeof err) < 0) {
		mw_cli_error("set", "%s", err);
		return -1;
	}
	return 0;
}

/* The same for `act`: the password, the action and its value. */
static int act_validate(struct mw_act_plan *p, const struct mw_model *m, const struct set_args *a,
                        const char *name, const char *param)
{
	char err[1024];

	if (mw_cli_check_password("act", m, a->password) < 0)
		return -1;
	if (mw_act_prepare(m, name, param, p, err, sizeof err) < 0) {
		mw_cli_error("act", "%s", err);
		return -1;
	}
	return 0;
}

int mw_cli_set(int argc, char **argv)
{
	struct set_args a;
	struct mw_catalog cat;
	const struct mw_model *m = NULL;
	struct mw_bus *b = NULL;
	struct mw_set_plan *p = NULL;
	struct mw_set_result res;
	struct mw_set_opts o = {0};
	struct mw_linecfg before;
	char err[1024];
	int code;

	if (parse("set", argc, argv, &a, &code) < 0)
		return code;
	if (a.first >= argc) {
		mw_cli_error("set", "%s", _("nothing to set; give NAME=VALUE (e.g. address=5)"));
		return MW_EXIT_USAGE;
	}
	if (a.c.dlt[0]) {
		struct mw_cli_dlt_args d = {&a.c,       a.yes,          a.json,
		                            a.password, argv + a.first, argc - a.first};

		return mw_cli_dlt_set(&d);
	}
	if (mw_cli_catalog("set", &cat) < 0)
		return MW_EXIT_USAGE;
	p = mw_xcalloc(1, sizeof *p);
	code = MW_EXIT_USAGE;
	/* With -m everything is validated before the port is even opened. */
	if (a.c.model) {
		m = mw_cli_model("set", &cat, a.c.model);
		if (!m)
			goto out;
		if (set_validate(p, m, &a, argc, argv) < 0)
			goto out;
	}
	b = mw_cli_open("set", &a.c, m);
	if (!b) {
		code = MW_EXIT_DEVICE;
		goto out;
	}
	if (!m) {
		m = mw_cli_identify("set", b, &cat, &a.c, &code);
		if (!m)
			goto out;
		if (set_validate(p, m, &a, argc, argv) < 0) {
			code = MW_EXIT_USAGE;
			goto out;
		}
	}
	if ((code = mw_set_prepare(b, a.c.addr, p, err, sizeof err)) < 0) {
		mw_cli_error("set", "%s", err);
		code = code == -2 ? MW_EXIT_USAGE : MW_EXIT_DEVICE;
		goto out;
	}
	if (!a.json || !a.yes)
		show_plan(b, p);
	if (!a.yes && no_terminal("set")) {
		code = MW_EXIT_USAGE;
		goto out;
	}
	if (!a.yes && !mw_cli_confirm(_("Write these settings?"))) {
		printf("%s\n", _("Nothing was written."));
		code = MW_EXIT_OK;
		goto out;
	}
	o.password = a.password;
	o.no_journal = a.c.no_journal;
	o.stop = &mw_cli_interrupted;
	mw_cli_catch_signals();
	before = *mw_bus_line(b);
	code = mw_set_apply(b, p, &o, &res);
	if (res.interrupted)
		code = MW_EXIT_INTERRUPTED;
	/* the shell talks to the meter where it went */
	if (res.found && (res.addr != a.c.addr || res.line.baud != before.baud ||
	                  res.line.format != before.format))
		mw_cli_note_moved(res.addr, &res.line);
	if (res.journal_error[0])
		mw_cli_error("set", _("warning: %s"), res.journal_error);
	if (a.json) {
		result_json(p, &res);
	} else if (code == MW_EXIT_OK) {
		printf("%s\n", res.message);
	} else {
		mw_cli_error("set", "%s", res.message);
		for (size_t i = 0; i < p->n_items; i++)
			if (p->item[i].readback_text[0] && !p->item[i].verified &&
			    !p->item[i].setting->secret)
				fprintf(stderr, _("  %s: wrote %s, reads back %s\n"),
				        p->item[i].setting->name, p->item[i].new_text,
				        p->item[i].readback_text);
	}
out:
	free(p);
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return code;
}

int mw_cli_act(int argc, char **argv)
{
	struct set_args a;
	struct mw_catalog cat;
	const struct mw_model *m = NULL;
	struct mw_bus *b = NULL;
	struct mw_act_plan p;
	struct mw_set_result res;
	struct mw_set_opts o = {0};
	const char *name, *param;
	char where[96];
	int code;

	if (parse("act", argc, argv, &a, &code) < 0)
		return code;
	if (a.first >= argc || argc - a.first > 2) {
		mw_cli_error("act", "%s", _("give one ACTION (and its value, if it takes one)"));
		return MW_EXIT_USAGE;
	}
	if (a.c.dlt[0]) {
		struct mw_cli_dlt_args d = {&a.c,       a.yes,          a.json,
		                            a.password, argv + a.first, argc - a.first};

		return mw_cli_dlt_act(&d);
	}
	name = argv[a.first];
	param = a.first + 1 < argc ? argv[a.first + 1] : NULL;
	if (mw_cli_catalog("act", &cat) < 0)
		return MW_EXIT_USAGE;
	code = MW_EXIT_USAGE;
	if (a.c.model) {
		m = mw_cli_model("act", &cat, a.c.model);
		if (!m)
			goto out;
		if (act_validate(&p, m, &a, name, param) < 0)
			goto out;
	}
	b = mw_cli_open("act", &a.c, m);
	if (!b) {
		code = MW_EXIT_DEVICE;
		goto out;
	}
	if (!m) {
		m = mw_cli_identify("act", b, &cat, &a.c, &code);
		if (!m)
			goto out;
		if (act_validate(&p, m, &a, name, param) < 0) {
			code = MW_EXIT_USAGE;
			goto out;
		}
	}
	mw_where(b, a.c.addr, mw_bus_line(b), where, sizeof where);
	if (!a.yes && p.action->confirm != MW_CONFIRM_NONE && no_terminal("act")) {
		code = MW_EXIT_USAGE;
		goto out;
	}
	if (p.action->confirm == MW_CONFIRM_ADDRESS) {
		char addr[16];

		snprintf(addr, sizeof addr, "%d", a.c.addr);
		if (a.yes) {
			if (a.confirm_address != a.c.addr) {
				mw_cli_error("act",
				             _("%s destroys data: with --yes also give "
				               "--confirm-address %d"),
				             p.action->name, a.c.addr);
				code = MW_EXIT_USAGE;
				goto out;
			}
		} else {
			char prompt[256];

			printf(_("%s: %s on the %s at %s.\n"), p.action->name,
			       p.action->label ? p.action->label : p.action->name, m->name, where);
			snprintf(
			    prompt, sizeof prompt,
			    _("This cannot be undone. Type the meter's address (%d) to go on:"),
			    a.c.addr);
			if (!mw_cli_confirm_typed(prompt, addr)) {
				printf("%s\n", _("Nothing was sent."));
				code = MW_EXIT_OK;
				goto out;
			}
		}
	} else if (p.action->confirm == MW_CONFIRM_YES && !a.yes) {
		char q[256];

		snprintf(q, sizeof q, _("%s on the %s at %s?"),
		         p.action->label ? p.action->label : p.action->name, m->name, where);
		if (!mw_cli_confirm(q)) {
			printf("%s\n", _("Nothing was sent."));
			code = MW_EXIT_OK;
			goto out;
		}
	}
	o.password = a.password;
	o.no_journal = a.c.no_journal;
	o.stop = &mw_cli_interrupted;
	mw_cli_catch_signals();
	code = mw_act_run(b, a.c.addr, &p, &o, &res);
	if (mw_cli_interrupted)
		code = MW_EXIT_INTERRUPTED;
	if (res.journal_error[0])
		mw_cli_error("act", _("warning: %s"), res.journal_error);
	if (a.json)
		result_json(NULL, &res);
	else if (code == MW_EXIT_OK)
		printf("%s\n", res.message);
	else
		mw_cli_error("act", "%s", res.message);
out:
	mw_cli_close(b);
	mw_catalog_free(&cat);
	return code;
}
