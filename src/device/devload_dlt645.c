/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_dlt645.c - the sections of a device file with `protocol: dlt645`.
 *
 * Such a meter is addressed by a 12-digit address and its data by data
 * identifiers (DI), not registers: values and settings give `di:` and the
 * data format the standard writes for it ("XXX.XXX", "YYMMDDWW",
 * "hhmmNN"), settings the password level they need, actions the control
 * type of command 0x1C.  The line section has no function codes; the
 * identify section says whether the meter answers a read address and
 * which DI holds its meter number.  devload.c calls these in place of the
 * Modbus sections; names, gaps and the model section are shared, and so
 * are the keys both protocols have (devload_common.c: rates, formats,
 * names, labels, texts, quantity, flags, range, choices, line role,
 * confirm, effect): this file adds only what DL/T645 has of its own.
 * `protocol: dlt645-1997` uses the same sections with 2-byte DIs and
 * no settings or actions (mw_dl_dlt_check_1997, devload.c).
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codec_dlt645.h"
#include "devload_int.h"
#include "dlt645.h"
#include "i18n.h"

static const char *const dlt_types[] = {"bcd", "bits", "time", "table", "address", "ascii", NULL};

int mw_dl_dlt_line(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"bauds",         "formats", "default",
	                                   "turnaround_ms", "wakeup",  NULL};
	struct mw_line *ln = &d->m->line;
	struct dl_map mp, dm;
	struct dlt645_addr a;
	yaml_node_t *x;
	const char *s;
	long l;

	if (mw_dl_map(d, n, "line", keys, &mp))
		return -1;
	ln->turnaround_ms = 20;
	ln->wakeup = DLT645_WAKEUP;
	ln->max_read = 125;
	ln->exceptions = false;
	if (mw_dl_line_common(d, &mp, &dm))
		return -1;
	/* Only the rates the change-baud command (0x17) has a byte for. */
	for (size_t k = 0; k < ln->n_bauds; k++)
		if (!dlt645_baud_code(ln->bauds[k]))
			return mw_dl_fail(d, mw_dl_item(d, mw_dl_get(&mp, "bauds"), k),
			                  _("baud %ld: DL/T645 rates are 600, 1200, 2400, 4800, "
			                    "9600 and 19200"),
			                  (long)ln->bauds[k]);
	if (!(x = mw_dl_get(&dm, "address")))
		return mw_dl_fail(d, dm.node,
		                  _("line default: missing 'address' (12 digits, quoted)"));
	if (!(s = mw_dl_scalar(d, x, "default address")))
		return -1;
	if (dlt645_addr_parse(s, &a) < 0 || memchr(a.a, 0xAA, 6) || dlt645_addr_is_broadcast(&a))
		return mw_dl_fail(d, x,
		                  _("default address '%s': a DL/T645 address is 12 decimal digits "
		                    "(quote it), not the wildcard or broadcast address"),
		                  s);
	snprintf(ln->dlt_address, sizeof ln->dlt_address, "%s", s);
	if ((x = mw_dl_get(&mp, "wakeup"))) {
		if (mw_dl_long(d, x, "wakeup", 0, 8, &l))
			return -1;
		ln->wakeup = (int)l;
	}
	return 0;
}

/*
 * A data identifier (`di`, `block`, `meter_number`): DI3..DI0 of
 * DL/T645-2007, four bytes, written in hex.  The one place a DI is read.
 */
static int parse_di(struct dl *d, yaml_node_t *n, const char *what, uint32_t *out)
{
	const char *s = mw_dl_scalar(d, n, what);
	long l;

	if (!s)
		return -1;
	if (!mw_yaml_parse_long(s, &l) || l < 0 || l > 0xFFFFFFFFL)
		return mw_dl_fail(d, n,
		                  _("%s '%s': a data identifier is 4 bytes, 0x00000000 to "
		                    "0xFFFFFFFF in hex (e.g. 0x02010100)"),
		                  what, s);
	*out = (uint32_t)l;
	return 0;
}

int mw_dl_dlt_identify(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"address_read", "meter_number", "number_is_address",
	                                   NULL};
	struct mw_model *m = d->m;
	struct dl_map mp;
	yaml_node_t *x;

	if (n->type == YAML_SEQUENCE_NODE)
		return mw_dl_fail(d, n,
		                  _("a dlt645 identify is a mapping {address_read, meter_number}, "
		                    "not a list of register probes"));
	if (mw_dl_map(d, n, "identify", keys, &mp))
		return -1;
	if ((x = mw_dl_get(&mp, "address_read")) &&
	    mw_dl_bool(d, x, "address_read", &m->dlt_id_address))
		return -1;
	if (m->dlt_1997 && m->dlt_id_address)
		return mw_dl_fail(d, x,
		                  _("address_read: DL/T645-1997 has no read address command; a "
		                    "1997 meter is read at its own address"));
	if ((x = mw_dl_get(&mp, "meter_number"))) {
		if (parse_di(d, x, "meter_number", &m->dlt_id_di))
			return -1;
		if (m->dlt_1997 && m->dlt_id_di > 0xFFFF)
			return mw_dl_fail(
			    d, x,
			    _("meter_number 0x%08X: DL/T645-1997 data identifiers are 2 "
			      "bytes (e.g. 0xC032)"),
			    m->dlt_id_di);
		if (!m->dlt_id_di)
			return mw_dl_fail(d, x, _("%s %s is out of range %ld..%ld"), "meter_number",
			                  (const char *)x->data.scalar.value, 1L, 0xFFFFFFFFL);
	}
	if ((x = mw_dl_get(&mp, "number_is_address")) &&
	    mw_dl_bool(d, x, "number_is_address", &m->dlt_id_di_match))
		return -1;
	return 0;
}

/* di, type, format, signed, count, length, block: the data item of an entry. */
static int parse_item(struct dl *d, const struct dl_map *mp, yaml_node_t *n, const char *name,
                      struct mw_dlt *x, bool need_di)
{
	yaml_node_t *v;
	const char *s;
	long l;
	int i;

	x->password = -1;
	if ((v = mw_dl_get(mp, "di"))) {
		if (parse_di(d, v, "di", &x->di))
			return -1;
		if (dlt645_di_is_block(x->di))
			return mw_dl_fail(
			    d, v,
			    _("di 0x%08lX is a block (FF): give the item's own DI and "
			      "the block as 'block'"),
			    (unsigned long)x->di);
	} else if (need_di) {
		return mw_dl_fail(
		    d, n, _("'%s': missing 'di' (the data identifier, e.g. 0x02010100)"), name);
	}
	if ((v = mw_dl_get(mp, "type"))) {
		if (mw_dl_enum(d, v, "type", dlt_types, &i))
			return -1;
		x->type = (enum mw_dlt_type)i;
	}
	v = mw_dl_get(mp, "format");
	if (v) {
		if (!(s = mw_dl_scalar(d, v, "format")))
			return -1;
		if (strlen(s) >= sizeof x->format)
			return mw_dl_fail(d, v, _("format '%s' is too long"), s);
		strcpy(x->format, s);
	}
	switch (x->type) {
	case MW_DLT_BCD:
		if (!v)
			return mw_dl_fail(d, n, _("'%s': a bcd item needs 'format' (e.g. XXX.X)"),
			                  name);
		if (dlt645_format_parse(x->format, &x->digits, &x->decimals) < 0)
			return mw_dl_fail(d, v,
			                  _("format '%s': give an even number (2..16) of X digits "
			                    "with at most one decimal point, e.g. XXXXXX.XX"),
			                  x->format);
		break;
	case MW_DLT_TIME:
	case MW_DLT_TABLE:
		if (!v || dlt645_time_len(x->format) < 0)
			return mw_dl_fail(
			    d, v ? v : n,
			    _("'%s': a %s item needs a 'format' of BCD pairs YY MM DD WW "
			      "hh mm ss NN, e.g. YYMMDDWW or hhmmNN"),
			    name, dlt_types[x->type]);
		break;
	default:
		if (v)
			return mw_dl_fail(d, v, _("format is only for types bcd, time and table"));
	}
	if ((v = mw_dl_get(mp, "signed"))) {
		if (x->type != MW_DLT_BCD)
			return mw_dl_fail(d, v, _("signed is only for type bcd"));
		if (mw_dl_bool(d, v, "signed", &x->is_signed))
			return -1;
	}
	x->length = x->type == MW_DLT_BITS ? 2 : 0;
	if ((v = mw_dl_get(mp, "length"))) {
		if (x->type != MW_DLT_BITS && x->type != MW_DLT_ASCII)
			return mw_dl_fail(d, v, _("length is only for types bits and ascii"));
		if (mw_dl_long(d, v, "length", 1, x->type == MW_DLT_BITS ? 2 : 64, &l))
			return -1;
		x->length = (int)l;
	} else if (x->type == MW_DLT_ASCII) {
		return mw_dl_fail(d, n, _("'%s': type ascii needs 'length' (bytes)"), name);
	}
	if ((v = mw_dl_get(mp, "count"))) {
		if (x->type != MW_DLT_TABLE)
			return mw_dl_fail(d, v, _("count is only for type table"));
		if (mw_dl_long(d, v, "count", 1, 64, &l))
			return -1;
		x->count = (int)l;
	} else if (x->type == MW_DLT_TABLE) {
		return mw_dl_fail(d, n, _("'%s': type table needs 'count' (entries, e.g. 14)"),
		                  name);
	}
	if (mw_dlt_len(x) > DLT645_DATA_MAX - 16)
		return mw_dl_fail(d, n, _("'%s': %d bytes do not fit one frame"), name,
		                  mw_dlt_len(x));
	if ((v = mw_dl_get(mp, "block"))) {
		if (parse_di(d, v, "block", &x->block))
			return -1;
		if (!dlt645_di_is_block(x->block) || !dlt645_di_in_block(x->block, x->di))
			return mw_dl_fail(
			    d, v,
			    _("block 0x%08lX: a block DI has FF where its items differ "
			      "and contains di 0x%08X"),
			    (unsigned long)x->block, x->di);
	}
	return 0;
}

static int parse_password(struct dl *d, yaml_node_t *v, struct mw_dlt *x)
{
	long l;

	if (mw_dl_long(d, v, "password", LONG_MIN, LONG_MAX, &l))
		return -1;
	if (l < 0 || l > 9)
		return mw_dl_fail(d, v,
		                  _("password level %ld: meterwise sends the plain levels 0..9; "
		                    "encrypted levels (ESAM, 0x98/0x99) are a gap"),
		                  l);
	x->password = (int)l;
	return 0;
}

static int parse_value(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {
	    "name", "label", "di",    "type",     "format", "signed", "length", "count", "block",
	    "unit", "phase", "group", "quantity", "tariff", "flags",  "sim",    "note",  NULL};
	struct mw_model *m = d->m;
	struct mw_value *v;
	struct dl_map mp;
	yaml_node_t *x;

	if (mw_dl_map(d, n, "a value", keys, &mp))
		return -1;
	v = mw_dl_grow(&m->values, &m->n_values, sizeof *v);
	v->pos = mw_dl_pos(n);
	v->scale = 1;
	v->sim_fixed = NAN;
	v->sign.index = -1;
	if (mw_dl_entry_name(d, &mp, DL_VALUE, &v->name, &v->label))
		return -1;
	if (parse_item(d, &mp, n, v->name, &v->dlt, true))
		return -1;
	v->type = v->dlt.type == MW_DLT_BITS  ? MW_T_BITS
	          : v->dlt.type == MW_DLT_BCD ? (v->dlt.is_signed ? MW_T_S32 : MW_T_U32)
	                                      : MW_T_STRING;
	v->length = mw_dlt_len(&v->dlt);
	if (v->dlt.type == MW_DLT_BCD)
		v->scale = pow(10, -v->dlt.decimals);
	v->unit = mw_dl_strdup("");
	v->group = mw_dl_strdup("");
	if (mw_dl_opt_str(d, &mp, "unit", &v->unit) || mw_dl_opt_str(d, &mp, "group", &v->group) ||
	    mw_dl_opt_str(d, &mp, "note", &v->note))
		return -1;
	if ((x = mw_dl_get(&mp, "phase")) && mw_dl_phase(d, x, &v->phase))
		return -1;
	/* DL/T645 numbers tariffs 1..63 (DI2 of the energies). */
	return mw_dl_value_keys(d, &mp, v, 63);
}

int mw_dl_dlt_values(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "values");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_value(d, mw_dl_item(d, list, (size_t)i)))
			return -1;
	return 0;
}

/* A choice is the one byte the write sends; for command baud, the rate's byte. */
static int check_choice(struct dl *d, const struct mw_setting *s, yaml_node_t *at, long raw,
                        const char *name)
{
	if (raw < 0 || raw > 255)
		return mw_dl_fail(d, at, _("%s %s is out of range %ld..%ld"), "choice raw value",
		                  (const char *)at->data.scalar.value, 0L, 255L);
	if (s->dlt.command == MW_DLT_CMD_BAUD && dlt645_baud_from_code((uint8_t)raw) != atoi(name))
		return mw_dl_fail(d, at, _("choice %ld '%s': the change-baud byte of %s is 0x%02X"),
		                  raw, name, name, dlt645_baud_code(atoi(name)));
	return 0;
}

static int parse_setting(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {
	    "name",       "label",           "di",      "type",    "format",
	    "signed",     "length",          "count",   "block",   "unit",
	    "range",      "choices",         "line",    "command", "password",
	    "tariffs",    "programming_key", "default", "gap",     "note",
	    "write_only", "secret",          NULL};
	static const char *const cmds[] = {"write", "address", "baud", "time", NULL};
	struct mw_model *m = d->m;
	struct mw_setting *s;
	struct dl_map mp;
	yaml_node_t *x;
	long l;
	int i;

	if (mw_dl_map(d, n, "a setting", keys, &mp))
		return -1;
	s = mw_dl_grow(&m->settings, &m->n_settings, sizeof *s);
	s->pos = mw_dl_pos(n);
	s->scale = 1;
	s->field = (struct mw_field){0, 15};
	if (mw_dl_setting_head(d, &mp, s))
		return -1;
	if ((x = mw_dl_get(&mp, "command"))) {
		if (mw_dl_enum(d, x, "command", cmds, &i))
			return -1;
		s->dlt.command = (enum mw_dlt_command)i;
	}
	if (s->dlt.command == MW_DLT_CMD_BAUD) {
		/* 0x17 sends one characteristic byte: the choice's raw value. */
		static const char *const none[] = {"di",    "type",  "format", "signed", "length",
		                                   "count", "block", "range",  NULL};

		for (int k = 0; none[k]; k++)
			if (mw_dl_get(&mp, none[k]))
				return mw_dl_fail(
				    d, mw_dl_key_node(&mp, none[k]),
				    _("command baud (0x17) sends one byte from 'choices'; "
				      "remove '%s'"),
				    none[k]);
		s->dlt.type = MW_DLT_BITS;
		s->dlt.length = 1;
		s->dlt.password = -1;
	} else if (parse_item(d, &mp, n, s->name, &s->dlt,
	                      s->dlt.command == MW_DLT_CMD_WRITE && !s->gap)) {
		return -1;
	}
	if (s->dlt.command == MW_DLT_CMD_ADDRESS && s->dlt.type != MW_DLT_ADDRESS)
		return mw_dl_fail(d, n,
		                  _("command address writes a 12-digit address: type address"));
	if (s->dlt.command == MW_DLT_CMD_TIME &&
	    (s->dlt.type != MW_DLT_TIME || !strchr(s->dlt.format, 'Y') ||
	     !strchr(s->dlt.format, 's')))
		return mw_dl_fail(d, n,
		                  _("command time broadcasts date and time: type time, format "
		                    "YYMMDDhhmmss"));
	switch (s->dlt.type) {
	case MW_DLT_BCD:
		s->type = s->dlt.is_signed ? MW_T_S32 : MW_T_U32;
		s->scale = pow(10, -s->dlt.decimals);
		break;
	case MW_DLT_BITS:
		s->type = MW_T_U16;
		break;
	case MW_DLT_TIME:
		s->type = MW_T_DATETIME;
		s->datetime.encoding = MW_DT_BCD;
		s->datetime.year_base = 2000;
		break;
	case MW_DLT_TABLE:
		s->type = strstr(s->dlt.format, "hh") ? MW_T_SCHEDULE : MW_T_STRING;
		s->schedule.periods = s->dlt.count;
		break;
	default:
		s->type = MW_T_STRING;
	}
	if ((x = mw_dl_get(&mp, "tariffs"))) {
		if (s->type != MW_T_SCHEDULE)
			return mw_dl_fail(
			    d, x, _("tariffs is only for a table of daily periods (hhmmNN)"));
		if (mw_dl_long(d, x, "tariffs", 1, 63, &l))
			return -1;
		s->schedule.tariffs = (int)l;
	}
	if ((x = mw_dl_get(&mp, "range")) && s->dlt.type != MW_DLT_BCD)
		return mw_dl_fail(d, x, _("range is only for type bcd"));
	if (mw_dl_setting_domain(d, &mp, s, check_choice))
		return -1;
	if (s->dlt.command == MW_DLT_CMD_BAUD && !s->n_choices)
		return mw_dl_fail(d, n, _("command baud needs 'choices' {BYTE: BAUD}"));
	if ((x = mw_dl_get(&mp, "line"))) {
		if (mw_dl_setting_role(d, x, &s->line_role))
			return -1;
		if (s->line_role == MW_LINE_ADDRESS && s->dlt.type != MW_DLT_ADDRESS)
			return mw_dl_fail(d, x, _("line: address needs type address"));
		if (s->line_role == MW_LINE_BAUD && s->dlt.command != MW_DLT_CMD_BAUD)
			return mw_dl_fail(d, x, _("line: baud needs command: baud (0x17)"));
		if (s->line_role == MW_LINE_FORMAT)
			return mw_dl_fail(d, x,
			                  _("line: format: DL/T645 has no command that changes the "
			                    "frame format; use line: address or line: baud"));
	}
	if ((x = mw_dl_get(&mp, "password")) && parse_password(d, x, &s->dlt))
		return -1;
	if (s->dlt.command == MW_DLT_CMD_WRITE && s->dlt.password < 0 && !s->gap)
		return mw_dl_fail(
		    d, n,
		    _("setting '%s' is written with 0x14: give the 'password' level it "
		      "needs (e.g. 2), or a 'gap'"),
		    s->name);
	if ((x = mw_dl_get(&mp, "programming_key")) &&
	    mw_dl_bool(d, x, "programming_key", &s->dlt.programming_key))
		return -1;
	if (mw_dl_setting_flags(d, &mp, s))
		return -1;
	if (s->dlt.command == MW_DLT_CMD_BAUD || s->dlt.command == MW_DLT_CMD_TIME)
		s->write_only = s->write_only || !s->dlt.di;
	if ((x = mw_dl_get(&mp, "default"))) {
		uint8_t buf[DLT645_DATA_MAX];
		char err[256];

		if (mw_dl_str(d, x, "default", &s->default_text))
			return -1;
		if (mw_dlt_setting_encode(s, s->default_text, buf, sizeof buf, err, sizeof err) < 0)
			return mw_dl_fail(d, x, _("default: %s"), err);
	}
	return 0;
}

int mw_dl_dlt_settings(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "settings");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_setting(d, mw_dl_item(d, list, (size_t)i)))
			return -1;
	return 0;
}

static int parse_action(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"name",   "label", "control", "password", "confirm",
	                                   "effect", "gap",   "note",    NULL};
	static const uint8_t ctls[] = {DLT645_CTL_TRIP,
	                               DLT645_CTL_CLOSE_ALLOWED,
	                               DLT645_CTL_CLOSE,
	                               DLT645_CTL_ALARM,
	                               DLT645_CTL_ALARM_RELEASE,
	                               DLT645_CTL_GUARANTEE,
	                               DLT645_CTL_GUARANTEE_RELEASE};
	const char *ctl_names[8];
	struct mw_action *a;
	struct dl_map mp;
	yaml_node_t *x;
	int i;

	for (i = 0; i < 7; i++)
		ctl_names[i] = dlt645_control_name((enum dlt645_control_type)ctls[i]);
	ctl_names[7] = NULL;
	if (mw_dl_map(d, n, "an action", keys, &mp))
		return -1;
	a = mw_dl_grow(&d->m->actions, &d->m->n_actions, sizeof *a);
	a->pos = mw_dl_pos(n);
	a->dlt.password = -1;
	if (mw_dl_action_head(d, &mp, a))
		return -1;
	if (!(x = mw_dl_get(&mp, "control"))) {
		if (!a->gap)
			return mw_dl_fail(d, n,
			                  _("action '%s': missing 'control' (trip, close_allowed, "
			                    "close, alarm, alarm_release, guarantee, "
			                    "guarantee_release)"),
			                  a->name);
	} else {
		if (mw_dl_enum(d, x, "control", ctl_names, &i))
			return -1;
		a->dlt.control = ctls[i];
		/* Without `effect:`, what the control does to the relay. */
		if (!mw_dl_get(&mp, "effect"))
			a->effect =
			    ctls[i] == DLT645_CTL_TRIP ? MW_EFFECT_RELAY_OPEN
			    : ctls[i] == DLT645_CTL_CLOSE || ctls[i] == DLT645_CTL_CLOSE_ALLOWED
			        ? MW_EFFECT_RELAY_CLOSE
			        : MW_EFFECT_NONE;
	}
	if ((x = mw_dl_get(&mp, "password")) && parse_password(d, x, &a->dlt))
		return -1;
	if (!a->gap && a->dlt.password < 0)
		return mw_dl_fail(d, n,
		                  _("action '%s': give the 'password' level control 0x1C needs "
		                    "(e.g. 2), or a 'gap'"),
		                  a->name);
	return 0;
}

int mw_dl_dlt_actions(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "actions");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_action(d, mw_dl_item(d, list, (size_t)i)))
			return -1;
	return 0;
}

/* Two items of one model must not share a DI (reads would be ambiguous). */
int mw_dl_dlt_check(struct dl *d)
{
	struct mw_model *m = d->m;

	for (size_t i = 0; i < m->n_values; i++)
		for (size_t j = 0; j < i; j++)
			if (m->values[i].dlt.di == m->values[j].dlt.di)
				return mw_dl_fail_pos(
				    d, m->values[i].pos,
				    _("value '%s': di 0x%08X is already value '%s' "
				      "(line %d)"),
				    m->values[i].name, m->values[i].dlt.di, m->values[j].name,
				    m->values[j].pos.line);
	return 0;
}

/* A DL/T645-1997 file: 2-byte DIs, no block reads (settings and actions are
   refused by devload.c before they are parsed). */
int mw_dl_dlt_check_1997(struct dl *d)
{
	struct mw_model *m = d->m;

	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->dlt.di > 0xFFFF)
			return mw_dl_fail_pos(
			    d, v->pos,
			    _("value '%s': di 0x%08X: DL/T645-1997 data identifiers "
			      "are 2 bytes (e.g. 0x9010)"),
			    v->name, v->dlt.di);
		if (v->dlt.block)
			return mw_dl_fail_pos(
			    d, v->pos,
			    _("value '%s': meterwise reads DL/T645-1997 items one by "
			      "one; leave out 'block'"),
			    v->name);
	}
	return 0;
}
