/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_devices.c - `meterwise devices [MODEL] [--json]`: the models the
 * device files describe, or one model's map (values, settings, actions,
 * gaps) as tables or JSON.
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "codec.h"
#include "devload.h"
#include "i18n.h"
#include "json.h"

static const char *table_name(enum mw_table t)
{
	static const char *const n[] = {"holding", "input", "coil", "discrete"};

	return (unsigned)t < 4 ? n[t] : "?";
}

static const char *role_name(enum mw_line_role r)
{
	static const char *const n[] = {"", "address", "baud", "format"};

	return (unsigned)r < 4 ? n[r] : "?";
}

static const char *confirm_name(enum mw_confirm c)
{
	static const char *const n[] = {"none", "yes", "address"};

	return (unsigned)c < 3 ? n[c] : "?";
}

/* "4800,9600" of the model's baud rates; "8N1,8E1" of its formats. */
static void line_lists(const struct mw_model *m, char *bauds, size_t bsz, char *fmts, size_t fsz)
{
	size_t len = 0;

	bauds[0] = fmts[0] = '\0';
	for (size_t i = 0; i < m->line.n_bauds && len < bsz; i++)
		len += (size_t)snprintf(bauds + len, bsz - len, "%s%d", i ? "," : "",
		                        m->line.bauds[i]);
	len = 0;
	for (size_t i = 0; i < m->line.n_formats && len < fsz; i++)
		len += (size_t)snprintf(fmts + len, fsz - len, "%s%s", i ? "," : "",
		                        mw_format_name(m->line.formats[i]));
}

/* Domain of a setting as text: "1..247", "0=8N1 1=8E1", "on/off"... */
static void domain(const struct mw_setting *s, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	if (s->n_choices) {
		for (size_t c = 0; c < s->n_choices && len < sz; c++)
			len += (size_t)snprintf(buf + len, sz - len, "%s%s", c ? "," : "",
			                        s->choices[c].name);
	} else if (s->has_range) {
		snprintf(buf, sz, "%.10g..%.10g", s->min, s->max);
	} else if (s->type == MW_T_BOOL) {
		snprintf(buf, sz, "on,off");
	} else if (s->type == MW_T_DATETIME) {
		snprintf(buf, sz, "YYYY-MM-DD hh:mm:ss|now");
	} else if (s->type == MW_T_SCHEDULE) {
		snprintf(buf, sz, "%d periods HH:MM=T", s->schedule.periods);
	}
}

static void list_text(const struct mw_catalog *cat)
{
	printf("%-16s %-14s %-6s %6s %8s %7s  %s\n", _("ID"), _("NAME"), _("KIND"), _("VALUES"),
	       _("SETTINGS"), _("ACTIONS"), _("VENDOR"));
	for (size_t i = 0; i < cat->n_models; i++) {
		const struct mw_model *m = cat->models[i];

		printf("%-16s %-14s %-6s %6zu %8zu %7zu  %s\n", m->id, m->name,
		       mw_kind_name(m->kind), m->n_values, m->n_settings, m->n_actions,
		       m->vendor ? m->vendor : "");
	}
}

static void list_json(const struct mw_catalog *cat)
{
	struct mw_json j;

	mw_json_init(&j, stdout, true);
	mw_json_arr_begin(&j, NULL);
	for (size_t i = 0; i < cat->n_models; i++) {
		const struct mw_model *m = cat->models[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "id", m->id);
		mw_json_str(&j, "name", m->name);
		mw_json_str(&j, "vendor", m->vendor);
		mw_json_str(&j, "kind", mw_kind_name(m->kind));
		mw_json_str(&j, "protocol", mw_model_protocol_name(m));
		mw_json_int(&j, "values", (long)m->n_values);
		mw_json_int(&j, "settings", (long)m->n_settings);
		mw_json_int(&j, "actions", (long)m->n_actions);
		mw_json_int(&j, "gaps", (long)m->n_gaps);
		mw_json_str(&j, "path", m->path);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
}

static void model_text(const struct mw_model *m)
{
	char bauds[128], fmts[64], dom[512];

	line_lists(m, bauds, sizeof bauds, fmts, sizeof fmts);
	printf("%s — %s\n", m->name, m->vendor ? m->vendor : "");
	if (m->manual)
		printf(_("Manual: %s\n"), m->manual);
	printf(_("File: %s\n"), m->path ? m->path : m->id);
	if (m->dlt_1997)
		printf(_("Line: DL/T645-1997; baud %s; formats %s; factory %d %s, address %s\n"),
		       bauds, fmts, m->line.default_baud, mw_format_name(m->line.default_format),
		       m->line.dlt_address);
	else if (m->protocol == MW_PROTO_DLT645)
		printf(_("Line: DL/T645-2007; baud %s; formats %s; factory %d %s, address %s\n"),
		       bauds, fmts, m->line.default_baud, mw_format_name(m->line.default_format),
		       m->line.dlt_address);
	else
		printf(_("Line: baud %s; formats %s; factory %d %s, address %d; addresses %d-%d; "
		         "writes FC%02d\n"),
		       bauds, fmts, m->line.default_baud, mw_format_name(m->line.default_format),
		       m->line.default_address, m->line.addr_min, m->line.addr_max,
		       m->line.write_fc);

	printf("\n%s\n", _("Values:"));
	printf("  %-30s %-14s %-8s %-8s %-6s %-6s %s\n", _("NAME"), _("REGISTER"), _("TYPE"),
	       _("SCALE"), _("UNIT"), _("PHASE"), _("LABEL"));
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		char reg[32];

		snprintf(reg, sizeof reg, "0x%04X%s", v->reg,
		         v->table == MW_TABLE_INPUT      ? " in"
		         : v->table == MW_TABLE_COIL     ? " coil"
		         : v->table == MW_TABLE_DISCRETE ? " di"
		                                         : "");
		if (m->protocol == MW_PROTO_DLT645)
			snprintf(reg, sizeof reg, m->dlt_1997 ? "DI %04X" : "DI %08X", v->dlt.di);
		printf("  %-30s %-14s %-8s %-8g %-6s %-6s %s%s\n", v->name, reg,
		       m->protocol == MW_PROTO_DLT645 && v->dlt.format[0] ? v->dlt.format
		                                                          : mw_type_name(v->type),
		       v->scale == 0 ? 1 : v->scale, v->unit ? v->unit : "",
		       mw_phase_name(v->phase), v->label ? v->label : "",
		       v->sign.value ? _(" (sign from flags)") : "");
		for (size_t f = 0; f < v->n_flags; f++)
			printf("      bit %-2d %-26s %s\n", v->flags[f].bit, v->flags[f].name,
			       v->flags[f].label ? v->flags[f].label : "");
	}
	printf("\n%s\n", _("Settings:"));
	printf("  %-22s %-14s %-9s %-28s %-8s %s\n", _("NAME"), _("REGISTER"), _("TYPE"),
	       _("RANGE/CHOICES"), _("LINE"), _("DEFAULT"));
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		char reg[32];

		if (s->gap) {
			printf("  %-22s %s %s\n", s->name, _("GAP:"), s->gap);
			continue;
		}
		if (s->field.lo != 0 || (s->field.hi != 15 && s->field.hi != 0))
			snprintf(reg, sizeof reg, "0x%04X[%d:%d]", s->reg, s->field.hi,
			         s->field.lo);
		else
			snprintf(reg, sizeof reg, "0x%04X%s", s->reg,
			         s->table == MW_TABLE_COIL ? " coil" : "");
		if (m->protocol == MW_PROTO_DLT645)
			snprintf(reg, sizeof reg, s->dlt.di ? "DI %08X" : "cmd %02X",
			         s->dlt.di                           ? s->dlt.di
			         : s->dlt.command == MW_DLT_CMD_BAUD ? 0x17u
			         : s->dlt.command == MW_DLT_CMD_TIME ? 0x08u
			                                             : 0x15u);
		domain(s, dom, sizeof dom);
		printf("  %-22s %-14s %-9s %-28s %-8s %s%s%s%s%s%s\n", s->name, reg,
		       mw_type_name(s->type), dom, role_name(s->line_role),
		       s->secret ? "" : (s->default_text ? s->default_text : ""),
		       s->unit && *s->unit ? " " : "", s->unit ? s->unit : "",
		       s->needs_unlock ? _(" [password]") : "",
		       s->write_only ? _(" [write-only]") : "", s->secret ? _(" [secret]") : "");
	}
	printf("\n%s\n", _("Actions:"));
	if (!m->n_actions)
		printf("  %s\n", _("(none)"));
	for (size_t i = 0; i < m->n_actions; i++) {
		const struct mw_action *a = &m->actions[i];

		if (a->gap) {
			printf("  %-22s %s %s\n", a->name, _("GAP:"), a->gap);
			continue;
		}
		if (m->protocol == MW_PROTO_DLT645) {
			printf(_("  %-22s control 1C, N1 %02X, password level %d"), a->name,
			       a->dlt.control, a->dlt.password);
			printf(_("  confirm: %s  %s\n"), confirm_name(a->confirm),
			       a->label ? a->label : "");
			continue;
		}
		printf("  %-22s %s 0x%04X <-", a->name, a->table == MW_TABLE_COIL ? "coil" : "reg",
		       a->reg);
		for (size_t w = 0; w < a->n_words; w++)
			if (a->table == MW_TABLE_COIL)
				printf(" %s", a->words[w] ? "on" : "off");
			else
				printf(" 0x%04X", a->words[w]);
		if (a->has_param)
			printf(" + %s (%g..%g)", a->param_label ? a->param_label : "param",
			       a->param_min, a->param_max);
		printf(_("  confirm: %s  %s\n"), confirm_name(a->confirm),
		       a->label ? a->label : "");
	}
	printf("\n%s\n", _("Gaps (what the manual leaves open):"));
	if (!m->n_gaps)
		printf("  %s\n", _("(none)"));
	for (size_t i = 0; i < m->n_gaps; i++)
		printf("  - %s%s%s\n", m->gaps[i].what, m->gaps[i].note ? ": " : "",
		       m->gaps[i].note ? m->gaps[i].note : "");
}

/* The DL/T645 addressing of a value, setting or action (in place of the
 * Modbus table and register). */
static void dlt_json(struct mw_json *j, const struct mw_dlt *x, bool value, bool action)
{
	static const char *const cmds[] = {"write", "address", "baud", "time"};
	char di[16];

	if (!action && (x->di || x->command == MW_DLT_CMD_WRITE || value)) {
		snprintf(di, sizeof di, "0x%08X", x->di);
		mw_json_str(j, "di", di);
	}
	if (!action && x->format[0])
		mw_json_str(j, "format", x->format);
	if (!action && x->is_signed)
		mw_json_bool(j, "signed", true);
	if (x->block) {
		snprintf(di, sizeof di, "0x%08X", x->block);
		mw_json_str(j, "block", di);
	}
	if (!value && !action)
		mw_json_str(j, "command", cmds[x->command]);
	if (!value && x->password >= 0)
		mw_json_int(j, "password_level", x->password);
	if (x->programming_key)
		mw_json_bool(j, "programming_key", true);
	if (action) {
		snprintf(di, sizeof di, "0x%02X", x->control);
		mw_json_str(j, "control", di);
	}
}

static void model_json(const struct mw_model *m)
{
	bool dlt = m->protocol == MW_PROTO_DLT645;
	struct mw_json j;
	char dom[512];

	mw_json_init(&j, stdout, true);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "id", m->id);
	mw_json_str(&j, "name", m->name);
	mw_json_str(&j, "vendor", m->vendor);
	mw_json_str(&j, "manual", m->manual);
	mw_json_str(&j, "kind", mw_kind_name(m->kind));
	mw_json_str(&j, "protocol", mw_model_protocol_name(m));
	mw_json_obj_begin(&j, "line");
	mw_json_arr_begin(&j, "bauds");
	for (size_t i = 0; i < m->line.n_bauds; i++)
		mw_json_int(&j, NULL, m->line.bauds[i]);
	mw_json_arr_end(&j);
	mw_json_arr_begin(&j, "formats");
	for (size_t i = 0; i < m->line.n_formats; i++)
		mw_json_str(&j, NULL, mw_format_name(m->line.formats[i]));
	mw_json_arr_end(&j);
	mw_json_int(&j, "default_baud", m->line.default_baud);
	mw_json_str(&j, "default_format", mw_format_name(m->line.default_format));
	if (dlt) {
		mw_json_str(&j, "default_address", m->line.dlt_address);
		mw_json_int(&j, "wakeup", m->line.wakeup);
	} else {
		mw_json_int(&j, "default_address", m->line.default_address);
		mw_json_int(&j, "write_fc", m->line.write_fc);
	}
	mw_json_obj_end(&j);
	mw_json_arr_begin(&j, "values");
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "name", v->name);
		mw_json_str(&j, "label", v->label);
		if (dlt) {
			dlt_json(&j, &v->dlt, true, false);
		} else {
			mw_json_str(&j, "table", table_name(v->table));
			mw_json_int(&j, "register", v->reg);
		}
		mw_json_str(&j, "type", mw_type_name(v->type));
		mw_json_num(&j, "scale", v->scale == 0 ? 1 : v->scale);
		mw_json_str(&j, "unit", v->unit ? v->unit : "");
		mw_json_str(&j, "phase", mw_phase_name(v->phase));
		mw_json_str(&j, "quantity", mw_quantity_name(v->quantity));
		if (v->sign.value)
			mw_json_str(&j, "sign_from", v->sign.value);
		if (v->n_flags) {
			mw_json_arr_begin(&j, "flags");
			for (size_t f = 0; f < v->n_flags; f++) {
				mw_json_obj_begin(&j, NULL);
				mw_json_int(&j, "bit", v->flags[f].bit);
				mw_json_str(&j, "name", v->flags[f].name);
				mw_json_str(&j, "label", v->flags[f].label);
				mw_json_obj_end(&j);
			}
			mw_json_arr_end(&j);
		}
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_arr_begin(&j, "settings");
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "name", s->name);
		mw_json_str(&j, "label", s->label);
		if (s->gap) {
			mw_json_str(&j, "gap", s->gap);
			mw_json_obj_end(&j);
			continue;
		}
		if (dlt) {
			dlt_json(&j, &s->dlt, false, false);
		} else {
			mw_json_str(&j, "table", table_name(s->table));
			mw_json_int(&j, "register", s->reg);
			mw_json_arr_begin(&j, "bits");
			mw_json_int(&j, NULL, s->field.hi);
			mw_json_int(&j, NULL, s->field.lo);
			mw_json_arr_end(&j);
		}
		mw_json_str(&j, "type", mw_type_name(s->type));
		mw_json_str(&j, "unit", s->unit ? s->unit : "");
		if (s->has_range) {
			mw_json_arr_begin(&j, "range");
			mw_json_num(&j, NULL, s->min);
			mw_json_num(&j, NULL, s->max);
			mw_json_arr_end(&j);
		}
		if (s->n_choices) {
			mw_json_obj_begin(&j, "choices");
			for (size_t c = 0; c < s->n_choices; c++) {
				char k[16];

				snprintf(k, sizeof k, "%u", s->choices[c].raw);
				mw_json_str(&j, k, s->choices[c].name);
			}
			mw_json_obj_end(&j);
		}
		domain(s, dom, sizeof dom);
		mw_json_str(&j, "domain", dom);
		mw_json_str(&j, "line", *role_name(s->line_role) ? role_name(s->line_role) : NULL);
		mw_json_str(&j, "default", s->secret ? NULL : s->default_text);
		mw_json_bool(&j, "needs_unlock", s->needs_unlock);
		mw_json_bool(&j, "write_only", s->write_only);
		mw_json_bool(&j, "secret", s->secret);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_arr_begin(&j, "actions");
	for (size_t i = 0; i < m->n_actions; i++) {
		const struct mw_action *a = &m->actions[i];

		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "name", a->name);
		mw_json_str(&j, "label", a->label);
		if (a->gap) {
			mw_json_str(&j, "gap", a->gap);
		} else if (dlt) {
			dlt_json(&j, &a->dlt, false, true);
			mw_json_str(&j, "confirm", confirm_name(a->confirm));
		} else {
			mw_json_str(&j, "table", table_name(a->table));
			mw_json_int(&j, "register", a->reg);
			mw_json_arr_begin(&j, "write");
			for (size_t w = 0; w < a->n_words; w++)
				mw_json_int(&j, NULL, a->words[w]);
			mw_json_arr_end(&j);
			mw_json_str(&j, "confirm", confirm_name(a->confirm));
		}
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_arr_begin(&j, "gaps");
	for (size_t i = 0; i < m->n_gaps; i++) {
		mw_json_obj_begin(&j, NULL);
		mw_json_str(&j, "what", m->gaps[i].what);
		mw_json_str(&j, "note", m->gaps[i].note);
		mw_json_obj_end(&j);
	}
	mw_json_arr_end(&j);
	mw_json_obj_end(&j);
}

int mw_cli_devices(int argc, char **argv)
{
	struct mw_catalog cat;
	bool json = false;
	int opt, code = MW_EXIT_OK;

	optind = 1;
	while ((opt = mw_cli_getopt("devices", argc, argv)) != -1) {
		switch (opt) {
		case MW_OPT_JSON:
			json = true;
			break;
		case 'h':
			mw_cli_usage("devices", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("devices");
			return MW_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		mw_cli_error("devices", "%s", _("give at most one MODEL"));
		return MW_EXIT_USAGE;
	}
	if (mw_cli_catalog("devices", &cat) < 0)
		return MW_EXIT_USAGE;
	if (optind < argc) {
		const struct mw_model *m = mw_cli_model("devices", &cat, argv[optind]);

		if (!m)
			code = MW_EXIT_USAGE;
		else if (json)
			model_json(m);
		else
			model_text(m);
	} else if (json) {
		list_json(&cat);
	} else {
		list_text(&cat);
	}
	mw_catalog_free(&cat);
	return code;
}
