/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_settings.c - the `settings` section of a device file.
 *
 * A setting is a writable register (or a packed field of one, or a coil)
 * with a domain: a range, an enumeration, or a type that implies one
 * (bool, datetime, schedule).  Besides the syntax, this checks that the
 * domain can be encoded in the field after scaling, that the default is
 * in the domain, that packed fields of one register do not overlap, and
 * that settings which change the line agree with the `line` section.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "devload_int.h"
#include "i18n.h"

static const char *const setting_keys[] = {
    "name",         "label",      "register", "table",   "type",
    "word_order",   "byte_order", "scale",    "unit",    "default",
    "note",         "bits",       "range",    "choices", "line",
    "needs_unlock", "write_only", "secret",   "gap",     "order",
    "encoding",     "year_base",  "periods",  "tariffs", "words_per_period",
    "layout",       "limit",      NULL};

/* Registers (or coils) a setting spans. */
static int setting_words(const struct mw_setting *s)
{
	if (s->type == MW_T_DATETIME)
		return (s->datetime.n_fields + 1) / 2;
	if (s->type == MW_T_SCHEDULE)
		return s->schedule.periods * s->schedule.words_per_period;
	return mw_dl_words(s->type, 0);
}

/* The raw values the setting's field can hold. */
static void raw_limits(const struct mw_setting *s, double *lo, double *hi)
{
	switch (s->type) {
	case MW_T_S16:
		*lo = -32768;
		*hi = 32767;
		break;
	case MW_T_U32:
		*lo = 0;
		*hi = 4294967295.0;
		break;
	case MW_T_S32:
		*lo = -2147483648.0;
		*hi = 2147483647.0;
		break;
	case MW_T_FLOAT32:
		*lo = -FLT_MAX;
		*hi = FLT_MAX;
		break;
	case MW_T_U16:
		*lo = 0;
		*hi = (double)((1L << (s->field.hi - s->field.lo + 1)) - 1);
		break;
	default:
		*lo = 0;
		*hi = 1;
	}
}

/* A choice's raw value must fit the field (the register, or bits HI..LO). */
static int check_choice(struct dl *d, const struct mw_setting *s, yaml_node_t *at, long raw,
                        const char *name)
{
	double lo, hi;

	(void)name;
	raw_limits(s, &lo, &hi);
	if (s->type == MW_T_S16)
		hi = 65535;
	else if (s->type == MW_T_S32)
		hi = 4294967295.0;
	if (raw < 0 || raw > hi)
		return mw_dl_fail(d, at,
		                  _("choice raw %ld does not fit the field (0..%.0f, bits "
		                    "%d-%d)"),
		                  raw, hi, s->field.hi, s->field.lo);
	return 0;
}

static int parse_datetime(struct dl *d, struct mw_setting *s, const struct dl_map *mp)
{
	static const char *const encs[] = {"binary", "bcd", NULL};
	struct mw_datetime *dt = &s->datetime;
	yaml_node_t *x;
	const char *o;
	long l;
	int i;

	dt->year_base = 2000;
	if ((x = mw_dl_get(mp, "order"))) {
		if (!(o = mw_dl_scalar(d, x, "order")))
			return -1;
		if (!*o || strlen(o) > 7)
			return mw_dl_fail(
			    d, x, _("order '%s': give 1..7 of the letters Y M D h m s w"), o);
		for (size_t k = 0; o[k]; k++)
			if (!strchr("YMDhmsw", o[k]) || strchr(o + k + 1, o[k]))
				return mw_dl_fail(
				    d, x,
				    _("order '%s': each of Y M D h m s w at most once, "
				      "nothing else"),
				    o);
		strcpy(dt->order, o);
		dt->n_fields = (int)strlen(o);
	} else if (!s->gap) {
		return mw_dl_fail(d, mw_dl_key_node(mp, "type"),
		                  _("type datetime needs 'order' (e.g. YMDhms)"));
	}
	if ((x = mw_dl_get(mp, "encoding"))) {
		if (mw_dl_enum(d, x, "encoding", encs, &i))
			return -1;
		dt->encoding = (enum mw_dt_encoding)i;
	} else if (!s->gap) {
		return mw_dl_fail(d, mw_dl_key_node(mp, "type"),
		                  _("type datetime needs 'encoding' (binary or bcd), or a gap"));
	}
	if ((x = mw_dl_get(mp, "year_base"))) {
		if (mw_dl_long(d, x, "year_base", 0, 9999, &l))
			return -1;
		dt->year_base = (int)l;
	}
	return 0;
}

static int parse_slot(struct dl *d, yaml_node_t *n, const char *what, int wpp, struct mw_field *f,
                      int *word)
{
	static const char *const keys[] = {"word", "bits", NULL};
	struct dl_map mp;
	yaml_node_t *x;
	long l = 0;

	if (mw_dl_map(d, n, what, keys, &mp))
		return -1;
	if ((x = mw_dl_get(&mp, "word")) && mw_dl_long(d, x, "word", 0, wpp - 1, &l))
		return -1;
	*word = (int)l;
	if (!(x = mw_dl_get(&mp, "bits")))
		return mw_dl_fail(d, n, _("%s needs 'bits: [HI, LO]'"), what);
	return mw_dl_field(d, x, "bits", f);
}

static int parse_schedule(struct dl *d, struct mw_setting *s, const struct dl_map *mp)
{
	static const char *const keys[] = {"hour", "minute", "tariff", NULL};
	struct mw_schedule *sc = &s->schedule;
	const char *names[3] = {"hour", "minute", "tariff"};
	struct mw_field *f[3] = {&sc->hour, &sc->minute, &sc->tariff};
	int *w[3] = {&sc->hour_word, &sc->minute_word, &sc->tariff_word};
	int need[3] = {23, 59, 0};
	struct dl_map lm;
	yaml_node_t *x;
	long l;

	if (!(x = mw_dl_get(mp, "periods")) || !mw_dl_get(mp, "tariffs") ||
	    !mw_dl_get(mp, "words_per_period")) {
		if (s->gap)
			return 0;
		return mw_dl_fail(d, mw_dl_key_node(mp, "type"),
		                  _("type schedule needs periods, tariffs and words_per_period"));
	}
	if (mw_dl_long(d, x, "periods", 1, 48, &l))
		return -1;
	sc->periods = (int)l;
	if (mw_dl_long(d, mw_dl_get(mp, "tariffs"), "tariffs", 1, 8, &l))
		return -1;
	sc->tariffs = (int)l;
	need[2] = (int)l - 1; /* tariffs may be stored from 0 */
	if (mw_dl_long(d, mw_dl_get(mp, "words_per_period"), "words_per_period", 1, 8, &l))
		return -1;
	sc->words_per_period = (int)l;
	if (!(x = mw_dl_get(mp, "layout"))) {
		if (s->gap)
			return 0;
		return mw_dl_fail(
		    d, mw_dl_key_node(mp, "type"),
		    _("type schedule needs 'layout' {hour, minute, tariff}, or a gap"));
	}
	if (mw_dl_map(d, x, "layout", keys, &lm))
		return -1;
	for (int i = 0; i < 3; i++) {
		yaml_node_t *y = mw_dl_get(&lm, names[i]);

		if (!y)
			return mw_dl_fail(d, x, _("layout needs '%s'"), names[i]);
		if (parse_slot(d, y, names[i], sc->words_per_period, f[i], w[i]))
			return -1;
		if ((1L << (f[i]->hi - f[i]->lo + 1)) - 1 < need[i])
			return mw_dl_fail(d, y, _("layout %s: bits %d-%d cannot hold %d"), names[i],
			                  f[i]->hi, f[i]->lo, need[i]);
		for (int j = 0; j < i; j++)
			if (*w[j] == *w[i] && !(f[j]->hi < f[i]->lo || f[i]->hi < f[j]->lo))
				return mw_dl_fail(d, y, _("layout %s overlaps %s in word %d"),
				                  names[i], names[j], *w[i]);
	}
	return 0;
}

/* The default, as text, must lie in the setting's domain. */
static int check_default(struct dl *d, const struct mw_setting *s, yaml_node_t *at)
{
	const char *t = s->default_text;
	double x;

	if (s->n_choices) {
		for (size_t i = 0; i < s->n_choices; i++)
			if (strcmp(s->choices[i].name, t) == 0)
				return 0;
		return mw_dl_fail(d, at, _("default '%s' is not among the choices"), t);
	}
	if (s->has_range) {
		if (!mw_yaml_parse_double(t, &x))
			return mw_dl_fail(d, at, _("default '%s' is not a number"), t);
		if (x < s->min || x > s->max)
			return mw_dl_fail(d, at, _("default %s is out of range %g..%g"), t, s->min,
			                  s->max);
	}
	if (s->type == MW_T_BOOL && strcasecmp(t, "true") && strcasecmp(t, "false") &&
	    strcmp(t, "0") && strcmp(t, "1") && strcasecmp(t, "on") && strcasecmp(t, "off"))
		return mw_dl_fail(d, at,
		                  _("default '%s' of a bool must be true/false, on/off or 1/0"), t);
	return 0;
}

/* The domain: range, choices (not both, devload_common.c) or an implied one. */
static int check_domain(struct dl *d, struct mw_setting *s, const struct dl_map *mp, yaml_node_t *n)
{
	bool implied = s->type == MW_T_BOOL || s->type == MW_T_DATETIME || s->type == MW_T_SCHEDULE;
	double lo, hi;

	if (implied && (s->has_range || s->n_choices))
		return mw_dl_fail(d, n, _("type %s takes neither range nor choices"),
		                  mw_type_name(s->type));
	if (!implied && !s->has_range && !s->n_choices && !s->gap)
		return mw_dl_fail(d, n, _("setting '%s' needs 'range' or 'choices' (or a 'gap')"),
		                  s->name);
	if (s->has_range) {
		raw_limits(s, &lo, &hi);
		if (s->min / s->scale < lo - 1e-6 ||
		    s->max / s->scale > hi + 1e-6 * (hi > 1 ? hi : 1))
			return mw_dl_fail(
			    d, mw_dl_get(mp, "range"),
			    _("range [%g, %g] cannot be encoded: with scale %g the raw "
			      "value must be %.0f..%.0f (%s, bits %d-%d)"),
			    s->min, s->max, s->scale, lo, hi, mw_type_name(s->type), s->field.hi,
			    s->field.lo);
	}
	return 0;
}

/* A setting that changes the line must agree with the line section. */
static int check_line_role(struct dl *d, const struct mw_setting *s, yaml_node_t *n)
{
	const struct mw_line *ln = &d->m->line;
	long l = 0;
	int f = -1;

	if (s->gap)
		return 0;
	if (s->line_role == MW_LINE_ADDRESS) {
		if (!s->has_range)
			return mw_dl_fail(d, n, _("line: address needs a range"));
		if (s->min != ln->addr_min || s->max != ln->addr_max)
			return mw_dl_fail(
			    d, n, _("address range %g..%g differs from line addresses %d..%d"),
			    s->min, s->max, ln->addr_min, ln->addr_max);
		if (s->default_text &&
		    (!mw_yaml_parse_long(s->default_text, &l) || l != ln->default_address))
			return mw_dl_fail(d, n,
			                  _("default address %s differs from line default %d"),
			                  s->default_text, ln->default_address);
	}
	if (s->line_role == MW_LINE_BAUD || s->line_role == MW_LINE_FORMAT) {
		bool baud = s->line_role == MW_LINE_BAUD;
		size_t n_line = baud ? ln->n_bauds : ln->n_formats;

		if (!s->n_choices)
			return mw_dl_fail(d, n, _("line: %s needs choices"),
			                  baud ? "baud" : "format");
		for (size_t i = 0; i < s->n_choices; i++) {
			const char *c = s->choices[i].name;
			size_t j;

			if (baud && !mw_yaml_parse_long(c, &l))
				return mw_dl_fail(d, n, _("baud choice '%s' is not a number"), c);
			if (!baud && (f = mw_format_parse(c)) < 0)
				return mw_dl_fail(
				    d, n, _("format choice '%s' is not 8N1, 8E1, 8O1 or 8N2"), c);
			for (j = 0; j < n_line; j++)
				if (baud ? ln->bauds[j] == l : (int)ln->formats[j] == f)
					break;
			if (j == n_line)
				return mw_dl_fail(d, n, _("%s choice '%s' is not among line %s"),
				                  baud ? "baud" : "format", c,
				                  baud ? "bauds" : "formats");
		}
		if (s->n_choices != n_line)
			return mw_dl_fail(
			    d, n, _("the %s choices and line %s differ: list the same ones"),
			    baud ? "baud" : "format", baud ? "bauds" : "formats");
		if (s->default_text &&
		    (baud ? !mw_yaml_parse_long(s->default_text, &l) || l != ln->default_baud
		          : mw_format_parse(s->default_text) != (int)ln->default_format))
			return mw_dl_fail(d, n, _("default %s %s differs from the line default"),
			                  baud ? "baud" : "format", s->default_text);
	}
	return 0;
}

static int parse_type(struct dl *d, struct mw_setting *s, const struct dl_map *mp)
{
	static const char *const only_dt[] = {"order", "encoding", "year_base", NULL};
	static const char *const only_sc[] = {"periods", "tariffs", "words_per_period", "layout",
	                                      NULL};
	yaml_node_t *x;
	int i;

	s->type = s->table == MW_TABLE_COIL ? MW_T_BOOL : MW_T_U16;
	if ((x = mw_dl_get(mp, "type"))) {
		if (mw_dl_enum(d, x, "type", mw_dl_type_names, &i))
			return -1;
		if (i == MW_T_STRING || i == MW_T_BITS)
			return mw_dl_fail(d, x, _("type %s cannot be a setting"), mw_type_name(i));
		s->type = (enum mw_type)i;
	}
	if ((s->type == MW_T_BOOL) != (s->table == MW_TABLE_COIL))
		return mw_dl_fail(
		    d, x ? x : mp->node,
		    _("a coil setting has type bool, and type bool needs table: coil"));
	for (i = 0; only_dt[i]; i++)
		if (s->type != MW_T_DATETIME && mw_dl_get(mp, only_dt[i]))
			return mw_dl_fail(d, mw_dl_key_node(mp, only_dt[i]),
			                  _("%s is only for type datetime"), only_dt[i]);
	for (i = 0; only_sc[i]; i++)
		if (s->type != MW_T_SCHEDULE && mw_dl_get(mp, only_sc[i]))
			return mw_dl_fail(d, mw_dl_key_node(mp, only_sc[i]),
			                  _("%s is only for type schedule"), only_sc[i]);
	if (s->type == MW_T_DATETIME)
		return parse_datetime(d, s, mp);
	if (s->type == MW_T_SCHEDULE)
		return parse_schedule(d, s, mp);
	return 0;
}

static int parse_setting(struct dl *d, yaml_node_t *n)
{
	static const char *const tables[] = {"holding", "input", "coil", "discrete", NULL};
	struct mw_setting *s;
	struct dl_map mp;
	yaml_node_t *x;
	long l;
	int i;

	if (mw_dl_map(d, n, "a setting", setting_keys, &mp))
		return -1;
	s = mw_dl_grow(&d->m->settings, &d->m->n_settings, sizeof *s);
	s->pos = mw_dl_pos(n);
	s->scale = 1;
	s->field.hi = 15;
	if (mw_dl_setting_head(d, &mp, s))
		return -1;
	if ((x = mw_dl_get(&mp, "register"))) {
		if (mw_dl_long(d, x, "register", 0, 65535, &l))
			return -1;
		s->reg = (uint16_t)l;
	} else if (!s->gap) {
		return mw_dl_fail(d, n,
		                  _("setting '%s': missing 'register' (state a 'gap' if the manual "
		                    "gives none)"),
		                  s->name);
	}
	if ((x = mw_dl_get(&mp, "table"))) {
		if (mw_dl_enum(d, x, "table", tables, &i))
			return -1;
		if (i != MW_TABLE_HOLDING && i != MW_TABLE_COIL)
			return mw_dl_fail(d, x, _("a setting's table is holding or coil, not %s"),
			                  tables[i]);
		s->table = (enum mw_table)i;
	}
	if (parse_type(d, s, &mp))
		return -1;
	if ((x = mw_dl_get(&mp, "word_order"))) {
		if (mw_dl_order(d, x, "word_order", &i))
			return -1;
		s->word_order = (enum mw_word_order)i;
	}
	if ((x = mw_dl_get(&mp, "byte_order"))) {
		if (mw_dl_order(d, x, "byte_order", &i))
			return -1;
		s->byte_order = (enum mw_byte_order)i;
	}
	if ((x = mw_dl_get(&mp, "scale"))) {
		if (mw_dl_double(d, x, "scale", &s->scale))
			return -1;
		if (s->scale <= 0)
			return mw_dl_fail(d, x, _("scale must be greater than 0"));
	}
	if ((x = mw_dl_get(&mp, "bits"))) {
		if (s->type != MW_T_U16)
			return mw_dl_fail(d, x,
			                  _("bits [HI, LO] packs a field into a u16 register, "
			                    "not a %s"),
			                  mw_type_name(s->type));
		if (mw_dl_field(d, x, "bits", &s->field))
			return -1;
	}
	if ((x = mw_dl_get(&mp, "choices")) && s->type != MW_T_U16 && s->type != MW_T_S16 &&
	    s->type != MW_T_U32 && s->type != MW_T_S32)
		return mw_dl_fail(d, x, _("choices need an integer type, not %s"),
		                  mw_type_name(s->type));
	if (mw_dl_setting_domain(d, &mp, s, check_choice) || check_domain(d, s, &mp, n))
		return -1;
	if ((x = mw_dl_get(&mp, "default"))) {
		if (mw_dl_str(d, x, "default", &s->default_text) || check_default(d, s, x))
			return -1;
	}
	if ((x = mw_dl_get(&mp, "line")) &&
	    (mw_dl_setting_role(d, x, &s->line_role) || check_line_role(d, s, x)))
		return -1;
	if ((x = mw_dl_get(&mp, "limit"))) {
		/* Indices follow enum mw_flag_meaning from MW_F_OVERVOLTAGE. */
		static const char *const limits[] = {"overvoltage", "overcurrent", NULL};

		if (mw_dl_enum(d, x, "limit", limits, &i))
			return -1;
		s->limit_for = (enum mw_flag_meaning)(MW_F_OVERVOLTAGE + i);
	}
	if (mw_dl_setting_flags(d, &mp, s))
		return -1;
	if (mw_dl_get(&mp, "register") && (long)s->reg + setting_words(s) - 1 > 65535)
		return mw_dl_fail(d, n, _("setting '%s' at register %u runs past register 65535"),
		                  s->name, s->reg);
	return 0;
}

int mw_dl_settings(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "settings");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_setting(d, mw_dl_item(d, list, (size_t)i)))
			return -1;
	return 0;
}

/* Settings must not share bits; a line role belongs to one setting. */
int mw_dl_settings_check(struct dl *d)
{
	struct mw_model *m = d->m;

	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *a = &m->settings[i];
		long a0 = a->reg, a1 = a0 + setting_words(a) - 1;

		for (size_t j = 0; j < i; j++) {
			const struct mw_setting *b = &m->settings[j];
			long b0 = b->reg, b1 = b0 + setting_words(b) - 1;

			if (a->line_role && a->line_role == b->line_role)
				return mw_dl_fail_pos(
				    d, a->pos,
				    _("setting '%s' has the same line role as '%s' "
				      "(line %d)"),
				    a->name, b->name, b->pos.line);
			/* a gap may name a register without its layout */
			if (a->gap || b->gap || a->table != b->table || a1 < b0 || b1 < a0)
				continue;
			if (a0 == a1 && b0 == b1 &&
			    (a->field.hi < b->field.lo || b->field.hi < a->field.lo))
				continue;
			return mw_dl_fail_pos(d, a->pos,
			                      _("setting '%s' (register %ld, bits %d-%d) overlaps "
			                        "setting '%s' (line %d, bits %d-%d)"),
			                      a->name, a0, a->field.hi, a->field.lo, b->name,
			                      b->pos.line, b->field.hi, b->field.lo);
		}
	}
	return 0;
}
