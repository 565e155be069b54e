/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_common.c - the keys every protocol's device file shares.
 *
 * A Modbus file and a DL/T645 file differ in how a value or setting is
 * found on the wire (register and type, or data identifier and format),
 * not in the rest: the line's rates, formats and default; an entry's
 * name, label and texts; a value's quantity, tariff and flags; a
 * setting's range, choices and line role; an action's confirm and effect.
 * Each of those is parsed here, once, so both protocols accept the same
 * spellings and word their errors alike.  A protocol's own checks come
 * before or after these calls (devload.c, devload_values.c,
 * devload_settings.c, devload_actions.c; devload_dlt645.c).
 */
#include "config.h"

#include <string.h>

#include "devload_int.h"
#include "i18n.h"

/* Modbus and DL/T645 alike: the protocol only changes the hints. */
static bool is_dlt(const struct dl *d)
{
	return d->m->protocol != MW_PROTO_MODBUS;
}

int mw_dl_int_list(struct dl *d, yaml_node_t *n, const char *what, long min, long max, int **out,
                   size_t *nout)
{
	long len = mw_dl_list(d, n, what), l;

	if (len < 0)
		return -1;
	if (len == 0)
		return mw_dl_fail(d, n, _("%s is empty"), what);
	for (long i = 0; i < len; i++) {
		yaml_node_t *it = mw_dl_item(d, n, (size_t)i);

		if (mw_dl_long(d, it, what, min, max, &l))
			return -1;
		for (size_t j = 0; j < *nout; j++)
			if ((*out)[j] == l)
				return mw_dl_fail(d, it, _("%s: %ld is listed twice"), what, l);
		*(int *)mw_dl_grow(out, nout, sizeof **out) = (int)l;
	}
	return 0;
}

/* `formats: [8N1, 8E1]`, each once. */
static int parse_formats(struct dl *d, yaml_node_t *n)
{
	struct mw_line *ln = &d->m->line;
	long len = mw_dl_list(d, n, "formats");

	if (len < 0)
		return -1;
	if (len == 0)
		return mw_dl_fail(d, n, _("formats is empty"));
	for (long i = 0; i < len; i++) {
		yaml_node_t *it = mw_dl_item(d, n, (size_t)i);
		const char *s = mw_dl_scalar(d, it, "formats");
		int f;

		if (!s)
			return -1;
		if ((f = mw_format_parse(s)) < 0)
			return mw_dl_fail(d, it,
			                  _("unknown format '%s' (one of: 8N1, 8E1, 8O1, 8N2)"), s);
		for (size_t j = 0; j < ln->n_formats; j++)
			if ((int)ln->formats[j] == f)
				return mw_dl_fail(d, it, _("formats: %s is listed twice"), s);
		*(enum mw_format *)mw_dl_grow(&ln->formats, &ln->n_formats, sizeof *ln->formats) =
		    (enum mw_format)f;
	}
	return 0;
}

/* The baud and format of `default`, each among the line's. */
static int parse_default(struct dl *d, yaml_node_t *n, struct dl_map *mp)
{
	static const char *const keys[] = {"baud", "format", "address", NULL};
	struct mw_line *ln = &d->m->line;
	yaml_node_t *v;
	const char *s;
	long l;
	size_t i;

	if (mw_dl_map(d, n, "line default", keys, mp))
		return -1;
	if (!(v = mw_dl_get(mp, "baud")))
		return mw_dl_fail(d, n, _("line default: missing 'baud'"));
	if (mw_dl_long(d, v, "default baud", 1, 10000000, &l))
		return -1;
	for (i = 0; i < ln->n_bauds && ln->bauds[i] != l; i++)
		;
	if (i == ln->n_bauds)
		return mw_dl_fail(d, v, _("default baud %ld is not among bauds"), l);
	ln->default_baud = (int)l;
	if (!(v = mw_dl_get(mp, "format")))
		return mw_dl_fail(d, n, _("line default: missing 'format'"));
	if (!(s = mw_dl_scalar(d, v, "default format")))
		return -1;
	if (mw_format_parse(s) < 0)
		return mw_dl_fail(d, v, _("unknown format '%s' (one of: 8N1, 8E1, 8O1, 8N2)"), s);
	ln->default_format = (enum mw_format)mw_format_parse(s);
	for (i = 0; i < ln->n_formats && ln->formats[i] != ln->default_format; i++)
		;
	if (i == ln->n_formats)
		return mw_dl_fail(d, v, _("default format %s is not among formats"), s);
	return 0;
}

int mw_dl_line_common(struct dl *d, const struct dl_map *mp, struct dl_map *dm)
{
	struct mw_line *ln = &d->m->line;
	yaml_node_t *n = mp->node, *v;
	long l;

	if (!(v = mw_dl_get(mp, "bauds")))
		return mw_dl_fail(d, n, _("line: missing 'bauds' (the supported baud rates)"));
	if (mw_dl_int_list(d, v, "bauds", 300, 10000000, &ln->bauds, &ln->n_bauds))
		return -1;
	if (!(v = mw_dl_get(mp, "formats")))
		return is_dlt(d) ? mw_dl_fail(d, n, _("line: missing 'formats' (DL/T645: [8E1])"))
		                 : mw_dl_fail(d, n, _("line: missing 'formats' (e.g. [8N1, 8E1])"));
	if (parse_formats(d, v))
		return -1;
	if (!(v = mw_dl_get(mp, "default")))
		return is_dlt(d)
		           ? mw_dl_fail(d, n,
		                        _("line: missing 'default' ({baud, format, address: "
		                          "12 digits})"))
		           : mw_dl_fail(d, n,
		                        _("line: missing 'default' ({baud, format, address})"));
	if (parse_default(d, v, dm))
		return -1;
	if ((v = mw_dl_get(mp, "turnaround_ms"))) {
		if (mw_dl_long(d, v, "turnaround_ms", 0, 10000, &l))
			return -1;
		ln->turnaround_ms = (int)l;
	}
	return 0;
}

int mw_dl_entry_name(struct dl *d, const struct dl_map *mp, enum dl_entry kind, char **name,
                     char **label)
{
	yaml_node_t *x = mw_dl_get(mp, "name");

	if (!x) {
		switch (kind) {
		case DL_VALUE:
			return mw_dl_fail(d, mp->node, _("a value needs 'name'"));
		case DL_SETTING:
			return mw_dl_fail(d, mp->node, _("a setting needs 'name'"));
		default:
			return mw_dl_fail(d, mp->node, _("an action needs 'name'"));
		}
	}
	if (mw_dl_str(d, x, "name", name) || mw_dl_check_name(d, x, *name))
		return -1;
	if ((x = mw_dl_get(mp, "label")))
		return mw_dl_str(d, x, "label", label);
	*label = mw_dl_strdup(*name);
	return 0;
}

int mw_dl_opt_str(struct dl *d, const struct dl_map *mp, const char *key, char **out)
{
	yaml_node_t *x = mw_dl_get(mp, key);

	return x ? mw_dl_str(d, x, key, out) : 0;
}

/* One entry of `flags:`: bit and name each once in the value. */
static int parse_flag(struct dl *d, struct mw_value *v, yaml_node_t *n)
{
	static const char *const keys[] = {"bit",   "name",  "label", "meaning",
	                                   "phase", "alarm", NULL};
	static const char *const meanings[] = {"none",        "reverse_active", "reverse_reactive",
	                                       "overvoltage", "overcurrent",    "reverse_sequence",
	                                       NULL};
	struct dl_map mp;
	struct mw_flag *f;
	yaml_node_t *x;
	long bit;
	int i;

	if (mw_dl_map(d, n, "a flag", keys, &mp))
		return -1;
	if (!(x = mw_dl_get(&mp, "bit")))
		return mw_dl_fail(d, n, _("a flag needs 'bit' (0..15)"));
	if (mw_dl_long(d, x, "flag bit", 0, 15, &bit))
		return -1;
	for (size_t j = 0; j < v->n_flags; j++)
		if (v->flags[j].bit == bit)
			return mw_dl_fail(d, x, _("duplicate flag bit %ld (already '%s')"), bit,
			                  v->flags[j].name);
	f = mw_dl_grow(&v->flags, &v->n_flags, sizeof *f);
	f->bit = (int)bit;
	f->pos = mw_dl_pos(n);
	if (!(x = mw_dl_get(&mp, "name")))
		return mw_dl_fail(d, n, _("a flag needs 'name'"));
	if (mw_dl_str(d, x, "flag name", &f->name) || mw_dl_check_name(d, x, f->name))
		return -1;
	for (size_t j = 0; j + 1 < v->n_flags; j++)
		if (strcmp(v->flags[j].name, f->name) == 0)
			return mw_dl_fail(d, x, _("duplicate flag name '%s'"), f->name);
	x = mw_dl_get(&mp, "label");
	if (x ? mw_dl_str(d, x, "label", &f->label) : (f->label = mw_dl_strdup(f->name), 0))
		return -1;
	if ((x = mw_dl_get(&mp, "meaning"))) {
		if (mw_dl_enum(d, x, "meaning", meanings, &i))
			return -1;
		f->meaning = (enum mw_flag_meaning)i;
	}
	if ((x = mw_dl_get(&mp, "phase")) && mw_dl_phase(d, x, &f->phase))
		return -1;
	if ((x = mw_dl_get(&mp, "alarm")) && mw_dl_bool(d, x, "alarm", &f->alarm))
		return -1;
	return 0;
}

int mw_dl_value_keys(struct dl *d, const struct dl_map *mp, struct mw_value *v, long tariff_max)
{
	yaml_node_t *x;
	long l;
	int i;

	if ((x = mw_dl_get(mp, "quantity"))) {
		static const char *qn[MW_Q__COUNT + 1];

		for (int q = 0; q < MW_Q__COUNT; q++)
			qn[q] = mw_quantity_name((enum mw_quantity)q);
		if (mw_dl_enum(d, x, "quantity", qn, &i))
			return -1;
		v->quantity = (enum mw_quantity)i;
	}
	if ((x = mw_dl_get(mp, "tariff"))) {
		if (mw_dl_long(d, x, "tariff", 0, tariff_max, &l))
			return -1;
		v->tariff = (int)l;
	}
	if ((x = mw_dl_get(mp, "sim")) && mw_dl_double(d, x, "sim", &v->sim_fixed))
		return -1;
	if ((x = mw_dl_get(mp, "flags"))) {
		long len;

		if (v->type != MW_T_BITS)
			return mw_dl_fail(d, mw_dl_key_node(mp, "flags"),
			                  _("flags are only for type bits"));
		if ((len = mw_dl_list(d, x, "flags")) < 0)
			return -1;
		for (long k = 0; k < len; k++)
			if (parse_flag(d, v, mw_dl_item(d, x, (size_t)k)))
				return -1;
	}
	return 0;
}

int mw_dl_setting_head(struct dl *d, const struct dl_map *mp, struct mw_setting *s)
{
	if (mw_dl_entry_name(d, mp, DL_SETTING, &s->name, &s->label))
		return -1;
	s->unit = mw_dl_strdup("");
	if (mw_dl_opt_str(d, mp, "unit", &s->unit) || mw_dl_opt_str(d, mp, "note", &s->note) ||
	    mw_dl_opt_str(d, mp, "gap", &s->gap))
		return -1;
	return 0;
}

/* choices {RAW: NAME}: names non-empty, raws and names each once. */
static int parse_choices(struct dl *d, struct mw_setting *s, yaml_node_t *n, dl_choice_check check)
{
	if (n->type != YAML_MAPPING_NODE)
		return mw_dl_fail(d, n, _("choices must be a mapping {RAW: NAME, ...}"));
	if (n->data.mapping.pairs.top == n->data.mapping.pairs.start)
		return mw_dl_fail(d, n, _("choices is empty: an enumeration needs values"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(d->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(d->doc, p->value);
		struct mw_choice *c;
		const char *name;
		long raw;

		if (mw_dl_long(d, k, "choice raw value", -2147483647L - 1, 4294967295L, &raw))
			return -1;
		if (!(name = mw_dl_scalar(d, v, "choice name")))
			return -1;
		if (!*name)
			return mw_dl_fail(d, v, _("choice %ld has an empty name"), raw);
		if (check(d, s, k, raw, name))
			return -1;
		for (size_t i = 0; i < s->n_choices; i++) {
			if (s->choices[i].raw == (uint32_t)raw)
				return mw_dl_fail(d, k,
				                  _("duplicate choice raw %ld ('%s' and '%s')"),
				                  raw, s->choices[i].name, name);
			if (strcmp(s->choices[i].name, name) == 0)
				return mw_dl_fail(d, v, _("duplicate choice name '%s'"), name);
		}
		c = mw_dl_grow(&s->choices, &s->n_choices, sizeof *c);
		c->raw = (uint32_t)raw;
		c->name = mw_dl_strdup(name);
	}
	return 0;
}

int mw_dl_setting_domain(struct dl *d, const struct dl_map *mp, struct mw_setting *s,
                         dl_choice_check check)
{
	yaml_node_t *x;

	if ((x = mw_dl_get(mp, "range"))) {
		if (mw_dl_range(d, x, "range", &s->min, &s->max))
			return -1;
		s->has_range = true;
	}
	if ((x = mw_dl_get(mp, "choices"))) {
		if (s->has_range)
			return mw_dl_fail(d, mw_dl_key_node(mp, "choices"),
			                  _("give range or choices, not both"));
		return parse_choices(d, s, x, check);
	}
	return 0;
}

int mw_dl_setting_role(struct dl *d, yaml_node_t *n, enum mw_line_role *out)
{
	static const char *const roles[] = {"none", "address", "baud", "format", NULL};
	int i;

	if (mw_dl_enum(d, n, "line role", roles, &i))
		return -1;
	*out = (enum mw_line_role)i;
	return 0;
}

int mw_dl_setting_flags(struct dl *d, const struct dl_map *mp, struct mw_setting *s)
{
	yaml_node_t *x;

	if ((x = mw_dl_get(mp, "needs_unlock")) &&
	    mw_dl_bool(d, x, "needs_unlock", &s->needs_unlock))
		return -1;
	if ((x = mw_dl_get(mp, "write_only")) && mw_dl_bool(d, x, "write_only", &s->write_only))
		return -1;
	if ((x = mw_dl_get(mp, "secret")) && mw_dl_bool(d, x, "secret", &s->secret))
		return -1;
	return 0;
}

int mw_dl_action_head(struct dl *d, const struct dl_map *mp, struct mw_action *a)
{
	static const char *const confirms[] = {"none", "yes", "address", NULL};
	static const char *const effects[] = {"none", "clear_energy", "relay_open", "relay_close",
	                                      NULL};
	yaml_node_t *x;
	int i;

	a->confirm = MW_CONFIRM_YES;
	if (mw_dl_entry_name(d, mp, DL_ACTION, &a->name, &a->label) ||
	    mw_dl_opt_str(d, mp, "note", &a->note) || mw_dl_opt_str(d, mp, "gap", &a->gap))
		return -1;
	if ((x = mw_dl_get(mp, "confirm"))) {
		if (mw_dl_enum(d, x, "confirm", confirms, &i))
			return -1;
		a->confirm = (enum mw_confirm)i;
	}
	if ((x = mw_dl_get(mp, "effect"))) {
		if (mw_dl_enum(d, x, "effect", effects, &i))
			return -1;
		a->effect = (enum mw_effect)i;
	}
	if ((x = mw_dl_get(mp, "needs_unlock")) &&
	    mw_dl_bool(d, x, "needs_unlock", &a->needs_unlock))
		return -1;
	return 0;
}
