/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_values.c - the `values` section of a device file.
 *
 * One list entry describes one value, or several with `each` (one per
 * phase, `{phase}`/`{PHASE}` substituted) or `repeat` (months back, `{n}`
 * substituted).  An entry is parsed once into a template, then expanded.
 * Signs taken from flag bits (`sign: {from, bit|bits}`) are resolved to
 * the index of the bits value once every value is known.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "devload_int.h"
#include "i18n.h"
#include "xalloc.h"

#define MAX_ITEMS  16 /* items of one `each` */
#define MAX_REPEAT 13 /* months 0..12 */

/* One parsed entry before expansion; strings point into the document. */
struct tmpl {
	struct mw_value v; /* common fields; flags owned here */
	const char *name;  /* with {phase} or {n} */
	const char *label; /* with {PHASE} or {n}, may be NULL */
	const char *unit, *group, *note;
	const char *sign_from;
	int sign_bit;
	int sign_bits[MAX_ITEMS];
	int n_sign_bits;
	const char *items[MAX_ITEMS]; /* `each` as written */
	enum mw_phase item_phase[MAX_ITEMS];
	int n_items; /* each */
	int repeat;
	long stride;
	yaml_node_t *node, *name_node;
};

static const char *const value_keys[] = {
    "name",  "label", "register", "table", "type",     "length", "word_order", "byte_order",
    "scale", "unit",  "phase",    "group", "quantity", "tariff", "month",      "sign",
    "flags", "sim",   "note",     "each",  "repeat",   "stride", "identity",   NULL};

/* Replace every `tok` in s by `with`; a new string. */
static char *subst(const char *s, const char *tok, const char *with)
{
	size_t lt = strlen(tok), lw = strlen(with), n = 0;
	const char *p;
	char *r, *o;

	for (p = s; (p = strstr(p, tok)); p += lt)
		n++;
	r = mw_xmalloc(strlen(s) + n * lw + 1);
	for (o = r, p = s; *p;) {
		if (strncmp(p, tok, lt) == 0) {
			memcpy(o, with, lw);
			o += lw;
			p += lt;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return r;
}

static void free_flags(struct mw_value *v)
{
	for (size_t i = 0; i < v->n_flags; i++) {
		free(v->flags[i].name);
		free(v->flags[i].label);
	}
	free(v->flags);
	v->flags = NULL;
	v->n_flags = 0;
}

static int parse_sign(struct dl *d, struct tmpl *t, yaml_node_t *n)
{
	static const char *const keys[] = {"from", "bit", "bits", NULL};
	struct dl_map mp;
	yaml_node_t *b, *bs;
	long l, len;

	if (mw_dl_map(d, n, "sign", keys, &mp))
		return -1;
	if (!(b = mw_dl_get(&mp, "from")))
		return mw_dl_fail(d, n, _("sign needs 'from' (the name of a bits value)"));
	if (!(t->sign_from = mw_dl_scalar(d, b, "sign.from")))
		return -1;
	b = mw_dl_get(&mp, "bit");
	bs = mw_dl_get(&mp, "bits");
	if (!b == !bs)
		return mw_dl_fail(d, n, _("sign needs exactly one of 'bit' or 'bits'"));
	if (b) {
		if (mw_dl_long(d, b, "sign bit", 0, 15, &l))
			return -1;
		t->sign_bit = (int)l;
		return 0;
	}
	if ((len = mw_dl_list(d, bs, "sign.bits")) < 0)
		return -1;
	if (!t->n_items)
		return mw_dl_fail(d, bs,
		                  _("sign.bits gives one bit per 'each' item; without "
		                    "each use sign.bit"));
	if (len != t->n_items)
		return mw_dl_fail(d, bs, _("sign.bits has %ld bits for %d 'each' items"), len,
		                  t->n_items);
	for (long i = 0; i < len; i++) {
		if (mw_dl_long(d, mw_dl_item(d, bs, (size_t)i), "sign bit", 0, 15, &l))
			return -1;
		t->sign_bits[i] = (int)l;
	}
	t->n_sign_bits = (int)len;
	return 0;
}

static int parse_each(struct dl *d, struct tmpl *t, yaml_node_t *n)
{
	long len = mw_dl_list(d, n, "each");

	if (len < 0)
		return -1;
	if (len < 1 || len > MAX_ITEMS)
		return mw_dl_fail(d, n, _("each must list 1..%d phases"), MAX_ITEMS);
	for (long i = 0; i < len; i++) {
		yaml_node_t *it = mw_dl_item(d, n, (size_t)i);

		if (mw_dl_phase(d, it, &t->item_phase[i]))
			return -1;
		t->items[i] = (const char *)it->data.scalar.value;
	}
	t->n_items = (int)len;
	return 0;
}

/* `identity: true`: one value per model, one holding block the check
 * after a write can read (at most 16 registers). */
static int check_identity(struct dl *d, const struct tmpl *t, yaml_node_t *x)
{
	const struct mw_value *v = &t->v;

	if (t->n_items || t->repeat)
		return mw_dl_fail(d, x,
		                  _("identity: true marks one value; not with each or repeat"));
	if (v->table != MW_TABLE_HOLDING || mw_dl_words(v->type, v->length) > 16)
		return mw_dl_fail(d, x,
		                  _("identity: true needs a holding-register value of at most 16 "
		                    "registers (it is read back after a write)"));
	for (size_t i = 0; i < d->m->n_values; i++)
		if (d->m->values[i].identity)
			return mw_dl_fail(d, x,
			                  _("identity: true is already on %s; one value per model"),
			                  d->m->values[i].name);
	return 0;
}

/* Type-dependent checks of one template. */
static int check_tmpl(struct dl *d, struct tmpl *t, const struct dl_map *mp)
{
	struct mw_value *v = &t->v;
	yaml_node_t *x;

	if (v->type == MW_T_STRING && !v->length)
		return mw_dl_fail(d, t->node, _("type string needs 'length' (bytes)"));
	if (v->type != MW_T_STRING && mw_dl_get(mp, "length"))
		return mw_dl_fail(d, mw_dl_key_node(mp, "length"),
		                  _("length is only for type string"));
	if (v->type == MW_T_BOOL && v->table != MW_TABLE_COIL && v->table != MW_TABLE_DISCRETE)
		return mw_dl_fail(d, t->node, _("type bool needs table: coil or discrete"));
	if (v->type != MW_T_BOOL && (v->table == MW_TABLE_COIL || v->table == MW_TABLE_DISCRETE))
		return mw_dl_fail(
		    d, t->node, _("a %s table holds bits: use type bool (or table holding/input)"),
		    v->table == MW_TABLE_COIL ? "coil" : "discrete");
	if (t->sign_from && v->type != MW_T_U16 && v->type != MW_T_U32)
		return mw_dl_fail(d, mw_dl_key_node(mp, "sign"),
		                  _("sign from a flag needs an unsigned type (u16 or u32), not %s"),
		                  mw_type_name(v->type));
	if ((x = mw_dl_get(mp, "stride")) && !t->n_items && !t->repeat)
		return mw_dl_fail(d, mw_dl_key_node(mp, "stride"),
		                  _("stride is only for entries with each or repeat"));
	if (t->stride < mw_dl_words(v->type, v->length))
		return mw_dl_fail(
		    d, x ? x : t->node, _("stride %ld is less than the %d registers a %s takes"),
		    t->stride, mw_dl_words(v->type, v->length), mw_type_name(v->type));
	if (t->n_items && !strstr(t->name, "{phase}"))
		return mw_dl_fail(d, t->name_node, _("with each, the name needs {phase}"));
	if (t->repeat && !strstr(t->name, "{n}"))
		return mw_dl_fail(d, t->name_node, _("with repeat, the name needs {n}"));
	if (!t->n_items && strstr(t->name, "{phase}"))
		return mw_dl_fail(d, t->name_node, _("{phase} in a name needs each"));
	if (!t->repeat && strstr(t->name, "{n}"))
		return mw_dl_fail(d, t->name_node, _("{n} in a name needs repeat"));
	return 0;
}

static int parse_tmpl(struct dl *d, struct tmpl *t, yaml_node_t *n)
{
	struct mw_value *v = &t->v;
	struct dl_map mp;
	yaml_node_t *x;
	long l;
	int i;

	t->node = n;
	if (mw_dl_map(d, n, "a value", value_keys, &mp))
		return -1;
	v->scale = 1;
	v->sim_fixed = NAN;
	v->pos = mw_dl_pos(n);
	if (!(t->name_node = mw_dl_get(&mp, "name")))
		return mw_dl_fail(d, n, _("a value needs 'name'"));
	if (!(t->name = mw_dl_scalar(d, t->name_node, "name")))
		return -1;
	if ((x = mw_dl_get(&mp, "label")) && !(t->label = mw_dl_scalar(d, x, "label")))
		return -1;
	if (!(x = mw_dl_get(&mp, "register")))
		return mw_dl_fail(d, n, _("value '%s': missing 'register'"), t->name);
	if (mw_dl_long(d, x, "register", 0, 65535, &l))
		return -1;
	v->reg = (uint16_t)l;
	if ((x = mw_dl_get(&mp, "table")) && mw_dl_table(d, x, &v->table))
		return -1;
	if ((x = mw_dl_get(&mp, "type"))) {
		if (mw_dl_enum(d, x, "type", mw_dl_type_names, &i))
			return -1;
		if (i == MW_T_DATETIME || i == MW_T_SCHEDULE)
			return mw_dl_fail(d, x, _("type %s is only for settings"), mw_type_name(i));
		v->type = (enum mw_type)i;
	}
	if ((x = mw_dl_get(&mp, "length"))) {
		if (mw_dl_long(d, x, "length", 1, 250, &l))
			return -1;
		v->length = (int)l;
	}
	if ((x = mw_dl_get(&mp, "word_order"))) {
		if (mw_dl_order(d, x, "word_order", &i))
			return -1;
		v->word_order = (enum mw_word_order)i;
	}
	if ((x = mw_dl_get(&mp, "byte_order"))) {
		if (mw_dl_order(d, x, "byte_order", &i))
			return -1;
		v->byte_order = (enum mw_byte_order)i;
	}
	if ((x = mw_dl_get(&mp, "scale"))) {
		if (mw_dl_double(d, x, "scale", &v->scale))
			return -1;
		if (v->scale <= 0)
			return mw_dl_fail(d, x, _("scale must be greater than 0"));
	}
	if ((x = mw_dl_get(&mp, "unit")) && !(t->unit = mw_dl_scalar(d, x, "unit")))
		return -1;
	if ((x = mw_dl_get(&mp, "group")) && !(t->group = mw_dl_scalar(d, x, "group")))
		return -1;
	if ((x = mw_dl_get(&mp, "note")) && !(t->note = mw_dl_scalar(d, x, "note")))
		return -1;
	if (mw_dl_value_keys(d, &mp, v, 4))
		return -1;
	if ((x = mw_dl_get(&mp, "identity")) && mw_dl_bool(d, x, "identity", &v->identity))
		return -1;
	if ((x = mw_dl_get(&mp, "each")) && parse_each(d, t, x))
		return -1;
	if ((x = mw_dl_get(&mp, "repeat"))) {
		if (t->n_items)
			return mw_dl_fail(d, mw_dl_key_node(&mp, "repeat"),
			                  _("each and repeat do not combine in one entry"));
		if (mw_dl_long(d, x, "repeat", 1, MAX_REPEAT, &l))
			return -1;
		t->repeat = (int)l;
	}
	if ((x = mw_dl_get(&mp, "phase"))) {
		if (t->n_items)
			return mw_dl_fail(
			    d, mw_dl_key_node(&mp, "phase"),
			    _("with each, the phase comes from each; remove 'phase'"));
		if (mw_dl_phase(d, x, &v->phase))
			return -1;
	}
	if ((x = mw_dl_get(&mp, "month"))) {
		if (t->repeat)
			return mw_dl_fail(
			    d, mw_dl_key_node(&mp, "month"),
			    _("with repeat, the month comes from repeat; remove 'month'"));
		if (mw_dl_long(d, x, "month", 0, 12, &l))
			return -1;
		v->month = (int)l;
	}
	t->stride = mw_dl_words(v->type, v->length);
	if ((x = mw_dl_get(&mp, "stride")) && mw_dl_long(d, x, "stride", 1, 65535, &t->stride))
		return -1;
	if ((x = mw_dl_get(&mp, "sign")) && parse_sign(d, t, x))
		return -1;
	if (v->identity && (x = mw_dl_get(&mp, "identity")) && check_identity(d, t, x))
		return -1;
	return check_tmpl(d, t, &mp);
}

/* Item i of an `each` as written, with "Total" for total. */
static char *phase_label(const char *item)
{
	char *s = mw_dl_strdup(item);

	if (strcmp(s, "total") == 0)
		s[0] = 'T';
	return s;
}

/* Item i in a name: lower case, '-' as '_' (L1-L2 -> l1_l2). */
static char *phase_ident(const char *item)
{
	char *s = mw_dl_strdup(item);

	for (char *p = s; *p; p++)
		*p = *p == '-' ? '_' : (char)tolower((unsigned char)*p);
	return s;
}

static int expand(struct dl *d, struct tmpl *t)
{
	struct mw_model *m = d->m;
	int n = t->n_items ? t->n_items : t->repeat ? t->repeat : 1;
	int words = mw_dl_words(t->v.type, t->v.length);

	for (int i = 0; i < n; i++) {
		long reg = (long)t->v.reg + (long)i * t->stride;
		struct mw_value *v;
		char num[16], *a, *b;

		if (reg + words - 1 > 65535)
			return mw_dl_fail(d, t->node,
			                  _("item %d of this entry is at register %ld, past 65535"),
			                  i, reg);
		v = mw_dl_grow(&m->values, &m->n_values, sizeof *v);
		*v = t->v;
		v->reg = (uint16_t)reg;
		v->flags = NULL;
		v->n_flags = 0;
		v->sign.index = -1;
		snprintf(num, sizeof num, "%d", i);
		if (t->n_items) {
			a = phase_ident(t->items[i]);
			b = phase_label(t->items[i]);
			v->name = subst(t->name, "{phase}", a);
			v->label = subst(t->label ? t->label : v->name, "{PHASE}", b);
			free(a);
			free(b);
			v->phase = t->item_phase[i];
		} else if (t->repeat) {
			v->name = subst(t->name, "{n}", num);
			v->label = subst(t->label ? t->label : v->name, "{n}", num);
			v->month = i;
		} else {
			v->name = mw_dl_strdup(t->name);
			v->label = mw_dl_strdup(t->label ? t->label : t->name);
		}
		v->unit = mw_dl_strdup(t->unit);
		v->group = mw_dl_strdup(t->group);
		v->note = t->note ? mw_dl_strdup(t->note) : NULL;
		if (t->sign_from) {
			v->sign.value = mw_dl_strdup(t->sign_from);
			v->sign.bit = t->n_sign_bits ? t->sign_bits[i] : t->sign_bit;
		}
		if (t->v.n_flags) {
			v->flags = mw_xcalloc(t->v.n_flags, sizeof *v->flags);
			v->n_flags = t->v.n_flags;
			for (size_t k = 0; k < t->v.n_flags; k++) {
				v->flags[k] = t->v.flags[k];
				v->flags[k].name = mw_dl_strdup(t->v.flags[k].name);
				v->flags[k].label = mw_dl_strdup(t->v.flags[k].label);
			}
		}
		if (mw_dl_check_name(d, t->name_node, v->name))
			return -1;
	}
	return 0;
}

int mw_dl_values(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "values");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++) {
		struct tmpl t;
		int rc;

		memset(&t, 0, sizeof t);
		rc = parse_tmpl(d, &t, mw_dl_item(d, list, (size_t)i));
		if (!rc)
			rc = expand(d, &t);
		free_flags(&t.v);
		if (rc)
			return -1;
	}
	return 0;
}

int mw_dl_values_resolve(struct dl *d)
{
	struct mw_model *m = d->m;

	for (size_t i = 0; i < m->n_values; i++) {
		struct mw_value *v = &m->values[i];
		const struct mw_value *src;
		size_t k;

		if (!v->sign.value)
			continue;
		if (!(src = mw_model_value(m, v->sign.value)))
			return mw_dl_fail_pos(
			    d, v->pos, _("value '%s': sign.from '%s' is not a value in this file"),
			    v->name, v->sign.value);
		if (src->type != MW_T_BITS)
			return mw_dl_fail_pos(
			    d, v->pos,
			    _("value '%s': sign.from '%s' is not a bits value (it is "
			      "%s)"),
			    v->name, v->sign.value, mw_type_name(src->type));
		for (k = 0; k < src->n_flags && src->flags[k].bit != v->sign.bit; k++)
			;
		if (k == src->n_flags)
			return mw_dl_fail_pos(
			    d, v->pos,
			    _("value '%s': sign bit %d is not a flag of '%s'; list it "
			      "under that value's flags"),
			    v->name, v->sign.bit, v->sign.value);
		v->sign.index = (int)(src - m->values);
	}
	return 0;
}
