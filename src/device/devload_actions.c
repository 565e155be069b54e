/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_actions.c - the `actions` section of a device file.
 *
 * An action writes fixed words (and optionally one word the user gives)
 * to a register, or sets a coil: clear energy, relay on/off, forced power.
 * Checks that the words fit, that the meter has the function code the
 * write needs, and the confirmation level.  Without `confirm`, an action
 * asks yes/no: sending a command unasked is never the safe default.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "devload_int.h"
#include "i18n.h"

static int parse_param(struct dl *d, struct mw_action *a, yaml_node_t *n)
{
	static const char *const keys[] = {"label", "range", NULL};
	struct dl_map mp;
	yaml_node_t *x;

	if (mw_dl_map(d, n, "param", keys, &mp))
		return -1;
	if (!(x = mw_dl_get(&mp, "label")))
		return mw_dl_fail(d, n, _("param needs 'label' (what the user types)"));
	if (mw_dl_str(d, x, "param label", &a->param_label))
		return -1;
	if (!(x = mw_dl_get(&mp, "range")))
		return mw_dl_fail(d, n, _("param needs 'range: [MIN, MAX]'"));
	if (mw_dl_range(d, x, "param range", &a->param_min, &a->param_max))
		return -1;
	if (a->param_min < 0 || a->param_max > 65535)
		return mw_dl_fail(d, x,
		                  _("param range [%g, %g] does not fit one register (0..65535)"),
		                  a->param_min, a->param_max);
	a->has_param = true;
	return 0;
}

static int parse_words(struct dl *d, struct mw_action *a, yaml_node_t *n)
{
	long len = mw_dl_list(d, n, "write"), w;

	if (len < 0)
		return -1;
	if (len > 123)
		return mw_dl_fail(d, n, _("write has %ld words; one request writes at most 123"),
		                  len);
	for (long i = 0; i < len; i++) {
		if (mw_dl_long(d, mw_dl_item(d, n, (size_t)i), "write word", 0, 65535, &w))
			return -1;
		*(uint16_t *)mw_dl_grow(&a->words, &a->n_words, sizeof *a->words) = (uint16_t)w;
	}
	return 0;
}

static int check_action(struct dl *d, struct mw_action *a, const struct dl_map *mp)
{
	const struct mw_model *m = d->m;
	size_t total = a->n_words + (a->has_param ? 1 : 0);
	yaml_node_t *n = mp->node;

	if (a->gap)
		return 0;
	if (!mw_dl_get(mp, "register"))
		return mw_dl_fail(d, n,
		                  _("action '%s': missing 'register' (state a 'gap' if the manual "
		                    "gives none)"),
		                  a->name);
	if (!total)
		return mw_dl_fail(d, n, _("action '%s' needs 'write' or 'param'"), a->name);
	if (a->table == MW_TABLE_COIL) {
		if (a->n_words != 1 || a->words[0] > 1 || a->has_param)
			return mw_dl_fail(d, n,
			                  _("a coil action writes [0] or [1], without param"));
		if (!mw_dl_has_fc(m, 5))
			return mw_dl_fail(d, n,
			                  _("a coil action needs function code 5 in "
			                    "function_codes"));
		return 0;
	}
	if ((long)a->reg + (long)total - 1 > 65535)
		return mw_dl_fail(d, n, _("action '%s' writes past register 65535"), a->name);
	if (total > 1 && !mw_dl_has_fc(m, 16))
		return mw_dl_fail(
		    d, n,
		    _("action '%s' writes %zu registers, which needs function code 16, "
		      "but function_codes has no 16"),
		    a->name, total);
	if (!m->line.write_fc)
		return mw_dl_fail(d, n,
		                  _("action '%s' writes a register, but function_codes has no "
		                    "6 or 16"),
		                  a->name);
	return 0;
}

static int parse_action(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"name",         "label", "note",   "register",
	                                   "table",        "write", "param",  "confirm",
	                                   "needs_unlock", "gap",   "effect", NULL};
	struct mw_action *a;
	struct dl_map mp;
	yaml_node_t *x;
	long l;

	if (mw_dl_map(d, n, "an action", keys, &mp))
		return -1;
	a = mw_dl_grow(&d->m->actions, &d->m->n_actions, sizeof *a);
	a->pos = mw_dl_pos(n);
	if (mw_dl_action_head(d, &mp, a))
		return -1;
	if ((x = mw_dl_get(&mp, "register"))) {
		if (mw_dl_long(d, x, "register", 0, 65535, &l))
			return -1;
		a->reg = (uint16_t)l;
	}
	if ((x = mw_dl_get(&mp, "table"))) {
		if (mw_dl_table(d, x, &a->table))
			return -1;
		if (a->table != MW_TABLE_HOLDING && a->table != MW_TABLE_COIL)
			return mw_dl_fail(d, x, _("an action writes a holding register or a coil"));
	}
	if ((x = mw_dl_get(&mp, "write")) && parse_words(d, a, x))
		return -1;
	if ((x = mw_dl_get(&mp, "param")) && parse_param(d, a, x))
		return -1;
	return check_action(d, a, &mp);
}

int mw_dl_actions(struct dl *d, yaml_node_t *list)
{
	long len = mw_dl_list(d, list, "actions");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_action(d, mw_dl_item(d, list, (size_t)i)))
			return -1;
	return 0;
}
