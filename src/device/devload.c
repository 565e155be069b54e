/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload.c - load one device file (devices/ID.yaml) into a struct mw_model.
 *
 * libyaml's document API parses the whole file; this file walks the top
 * level (model, identify, line, unlock, gaps) and hands values, settings
 * and actions to devload_values.c, devload_settings.c and
 * devload_actions.c (devload_dlt645.c for protocol dlt645); the keys both
 * protocols share are parsed once, in devload_common.c.  Sections are
 * parsed in a fixed order (line first, since the others are checked
 * against it) and cross-references are resolved at the end.  The format
 * is documented in meterwise-devices(5).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devload.h"
#include "devload_int.h"
#include "i18n.h"
#include "xalloc.h"

static int parse_model(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"name", "vendor", "manual", "kind", "channels", NULL};
	static const char *const kinds[] = {"ac3", "dc", "ac1", NULL};
	struct mw_model *m = d->m;
	struct dl_map mp;
	yaml_node_t *v;
	int kind = 0;
	long ch;

	if (mw_dl_map(d, n, "model", keys, &mp))
		return -1;
	if (!(v = mw_dl_get(&mp, "name")))
		return mw_dl_fail(d, n, _("model: missing 'name' (the meter's name)"));
	if (mw_dl_str(d, v, "name", &m->name))
		return -1;
	m->vendor = mw_dl_strdup("");
	m->manual = mw_dl_strdup("");
	if ((v = mw_dl_get(&mp, "vendor")) && mw_dl_str(d, v, "vendor", &m->vendor))
		return -1;
	if ((v = mw_dl_get(&mp, "manual")) && mw_dl_str(d, v, "manual", &m->manual))
		return -1;
	if ((v = mw_dl_get(&mp, "kind")) && mw_dl_enum(d, v, "kind", kinds, &kind))
		return -1;
	m->kind = (enum mw_kind)kind;
	v = mw_dl_get(&mp, "channels");
	if (m->kind == MW_KIND_DC) {
		if (!v)
			return mw_dl_fail(d, n, _("model: kind dc needs 'channels' (1..16)"));
		if (mw_dl_long(d, v, "channels", 1, 16, &ch))
			return -1;
		m->channels = (int)ch;
	} else if (v) {
		return mw_dl_fail(d, mw_dl_key_node(&mp, "channels"),
		                  _("channels is only for kind: dc"));
	}
	return 0;
}

static int parse_probe(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"register", "table", "type",  "word_order",
	                                   "equals",   "range", "scale", NULL};
	static const char *const types[] = {"u16", "u32", "float32", NULL};
	static const enum mw_type tmap[] = {MW_T_U16, MW_T_U32, MW_T_FLOAT32};
	struct mw_model *m = d->m;
	struct mw_probe *p;
	struct dl_map mp;
	yaml_node_t *v;
	long l;
	int i;

	if (mw_dl_map(d, n, "an identify probe", keys, &mp))
		return -1;
	p = mw_dl_grow(&m->probes, &m->n_probes, sizeof *p);
	p->pos = mw_dl_pos(n);
	p->scale = 1;
	p->type = MW_T_U16;
	if (!(v = mw_dl_get(&mp, "register")))
		return mw_dl_fail(d, n, _("missing 'register' in an identify probe"));
	if (mw_dl_long(d, v, "register", 0, 65535, &l))
		return -1;
	p->reg = (uint16_t)l;
	if ((v = mw_dl_get(&mp, "table"))) {
		if (mw_dl_table(d, v, &p->table))
			return -1;
		if (p->table != MW_TABLE_HOLDING && p->table != MW_TABLE_INPUT)
			return mw_dl_fail(d, v,
			                  _("an identify probe reads a holding or input "
			                    "register, not a %s"),
			                  (const char *)v->data.scalar.value);
	}
	if ((v = mw_dl_get(&mp, "type"))) {
		if (mw_dl_enum(d, v, "type", types, &i))
			return -1;
		p->type = tmap[i];
	}
	if ((v = mw_dl_get(&mp, "word_order"))) {
		if (mw_dl_order(d, v, "word_order", &i))
			return -1;
		p->word_order = (enum mw_word_order)i;
	}
	if ((v = mw_dl_get(&mp, "scale")) && mw_dl_double(d, v, "scale", &p->scale))
		return -1;
	if (p->scale <= 0)
		return mw_dl_fail(d, v, _("scale must be greater than 0"));
	if ((unsigned long)p->reg + (unsigned long)mw_dl_words(p->type, 0) - 1 > 65535)
		return mw_dl_fail(d, n, _("register %u: a %s runs past register 65535"), p->reg,
		                  mw_type_name(p->type));
	if ((v = mw_dl_get(&mp, "equals"))) {
		if (p->type == MW_T_FLOAT32)
			return mw_dl_fail(d, v, _("a float32 probe needs range, not equals"));
		if (mw_dl_long(d, v, "equals", 0, p->type == MW_T_U16 ? 65535 : 0xffffffffL, &l))
			return -1;
		p->has_equals = true;
		p->equals = (uint32_t)l;
	}
	if ((v = mw_dl_get(&mp, "range"))) {
		if (p->has_equals)
			return mw_dl_fail(d, v, _("a probe has equals or range, not both"));
		if (mw_dl_range(d, v, "range", &p->min, &p->max))
			return -1;
		p->has_range = true;
	}
	if (!p->has_equals && !p->has_range)
		return mw_dl_fail(d, n, _("an identify probe needs 'equals' or 'range'"));
	return 0;
}

static int parse_identify(struct dl *d, yaml_node_t *n)
{
	long len = mw_dl_list(d, n, "identify");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++)
		if (parse_probe(d, mw_dl_item(d, n, (size_t)i)))
			return -1;
	return 0;
}

static int parse_line(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"bauds",          "formats",        "default",
	                                   "addresses",      "function_codes", "write_fc",
	                                   "broadcast_read", "exceptions",     "turnaround_ms",
	                                   "max_read",       "bridge_gaps",    NULL};
	struct mw_line *ln = &d->m->line;
	struct dl_map mp, dm;
	yaml_node_t *v;
	double lo, hi;
	long l;

	if (mw_dl_map(d, n, "line", keys, &mp))
		return -1;
	ln->addr_min = 1;
	ln->addr_max = 247;
	ln->exceptions = true;
	ln->turnaround_ms = 10;
	ln->max_read = 125;
	if (mw_dl_line_common(d, &mp, &dm))
		return -1;
	if ((v = mw_dl_get(&mp, "addresses"))) {
		if (mw_dl_range(d, v, "addresses", &lo, &hi))
			return -1;
		if (lo < 1 || hi > 247 || lo != (long)lo || hi != (long)hi)
			return mw_dl_fail(d, v,
			                  _("addresses [%g, %g]: Modbus unicast addresses are "
			                    "whole numbers 1..247"),
			                  lo, hi);
		ln->addr_min = (int)lo;
		ln->addr_max = (int)hi;
	}
	if (!(v = mw_dl_get(&dm, "address")))
		return mw_dl_fail(d, dm.node, _("line default: missing 'address'"));
	if (mw_dl_long(d, v, "default address", ln->addr_min, ln->addr_max, &l))
		return -1;
	ln->default_address = (int)l;
	if (!(v = mw_dl_get(&mp, "function_codes")))
		return mw_dl_fail(d, n, _("line: missing 'function_codes' (e.g. [3, 16])"));
	if (mw_dl_int_list(d, v, "function_codes", 1, 127, &ln->fcs, &ln->n_fcs))
		return -1;
	if ((v = mw_dl_get(&mp, "write_fc"))) {
		if (mw_dl_long(d, v, "write_fc", 0, 127, &l))
			return -1;
		if (l != 6 && l != 16)
			return mw_dl_fail(d, v, _("write_fc must be 6 or 16, not %ld"), l);
		if (!mw_dl_has_fc(d->m, (int)l))
			return mw_dl_fail(d, v, _("write_fc %ld is not among function_codes"), l);
		ln->write_fc = (int)l;
	} else {
		ln->write_fc = mw_dl_has_fc(d->m, 16) ? 16 : mw_dl_has_fc(d->m, 6) ? 6 : 0;
	}
	if ((v = mw_dl_get(&mp, "broadcast_read")) &&
	    mw_dl_bool(d, v, "broadcast_read", &ln->broadcast_read))
		return -1;
	if ((v = mw_dl_get(&mp, "exceptions")) && mw_dl_bool(d, v, "exceptions", &ln->exceptions))
		return -1;
	if ((v = mw_dl_get(&mp, "bridge_gaps")) &&
	    mw_dl_bool(d, v, "bridge_gaps", &ln->bridge_gaps))
		return -1;
	if ((v = mw_dl_get(&mp, "max_read"))) {
		if (mw_dl_long(d, v, "max_read", 1, 125, &l))
			return -1;
		ln->max_read = (int)l;
	}
	return 0;
}

static int parse_unlock(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"setting", "gap", "note", NULL};
	struct mw_unlock *u = &d->m->unlock;
	struct dl_map mp;
	yaml_node_t *s, *g, *v;

	if (mw_dl_map(d, n, "unlock", keys, &mp))
		return -1;
	u->present = true;
	u->pos = mw_dl_pos(n);
	s = mw_dl_get(&mp, "setting");
	g = mw_dl_get(&mp, "gap");
	if (!s == !g)
		return mw_dl_fail(d, n,
		                  _("unlock needs exactly one of 'setting' (the password "
		                    "setting) or 'gap' (what the manual leaves open)"));
	if (s && mw_dl_str(d, s, "unlock setting", &u->setting))
		return -1;
	if (g && mw_dl_str(d, g, "unlock gap", &u->note))
		return -1;
	if ((v = mw_dl_get(&mp, "note"))) {
		if (g)
			return mw_dl_fail(d, mw_dl_key_node(&mp, "note"),
			                  _("unlock: put the text in 'gap' alone, without 'note'"));
		if (mw_dl_str(d, v, "note", &u->note))
			return -1;
	}
	return 0;
}

static int parse_gaps(struct dl *d, yaml_node_t *n)
{
	static const char *const keys[] = {"what", "note", NULL};
	struct mw_model *m = d->m;
	long len = mw_dl_list(d, n, "gaps");

	if (len < 0)
		return -1;
	for (long i = 0; i < len; i++) {
		yaml_node_t *it = mw_dl_item(d, n, (size_t)i), *v;
		struct mw_gap *g;
		struct dl_map mp;

		if (mw_dl_map(d, it, "a gap", keys, &mp))
			return -1;
		g = mw_dl_grow(&m->gaps, &m->n_gaps, sizeof *g);
		g->pos = mw_dl_pos(it);
		if (!(v = mw_dl_get(&mp, "what")))
			return mw_dl_fail(d, it,
			                  _("a gap needs 'what' (what the manual leaves open)"));
		if (mw_dl_str(d, v, "what", &g->what))
			return -1;
		if ((v = mw_dl_get(&mp, "note")) && mw_dl_str(d, v, "note", &g->note))
			return -1;
	}
	return 0;
}

/* Function codes the reads and writes need must be among function_codes. */
static int check_fcs(struct dl *d)
{
	static const int read_fc[] = {3, 4, 1, 2};
	static const char *const tname[] = {"holding", "input", "coil", "discrete"};
	struct mw_model *m = d->m;

	for (size_t i = 0; i < m->n_probes; i++)
		if (!mw_dl_has_fc(m, read_fc[m->probes[i].table]))
			return mw_dl_fail_pos(d, m->probes[i].pos,
			                      _("this probe reads the %s table, but function_codes "
			                        "has no %d"),
			                      tname[m->probes[i].table],
			                      read_fc[m->probes[i].table]);
	for (size_t i = 0; i < m->n_values; i++) {
		struct mw_value *v = &m->values[i];

		if (!mw_dl_has_fc(m, read_fc[v->table]))
			return mw_dl_fail_pos(d, v->pos,
			                      _("value '%s' is in the %s table, but function_codes "
			                        "has no %d"),
			                      v->name, tname[v->table], read_fc[v->table]);
		if (mw_dl_words(v->type, v->length) > m->line.max_read)
			return mw_dl_fail_pos(
			    d, v->pos, _("value '%s' takes %d registers, more than max_read %d"),
			    v->name, mw_dl_words(v->type, v->length), m->line.max_read);
	}
	for (size_t i = 0; i < m->n_settings; i++) {
		struct mw_setting *s = &m->settings[i];
		int wfc = s->table == MW_TABLE_COIL ? 5 : m->line.write_fc;

		if (s->gap)
			continue;
		if (!s->write_only && !mw_dl_has_fc(m, read_fc[s->table]))
			return mw_dl_fail_pos(
			    d, s->pos,
			    _("setting '%s' is read back with function code %d, "
			      "which function_codes lacks (or mark it write_only)"),
			    s->name, read_fc[s->table]);
		if (!wfc || !mw_dl_has_fc(m, wfc))
			return mw_dl_fail_pos(
			    d, s->pos,
			    _("setting '%s' cannot be written: function_codes has "
			      "no %s"),
			    s->name, s->table == MW_TABLE_COIL ? "5" : "6 or 16");
	}
	return 0;
}

unsigned long mw_devload_name_compares;

/* Name and position of the i-th entry of the shared namespace. */
static const char *entry_name(const struct mw_model *m, size_t i, struct mw_pos *pos)
{
	size_t nv = m->n_values, ns = m->n_settings;

	if (i < nv) {
		*pos = m->values[i].pos;
		return m->values[i].name;
	}
	if (i < nv + ns) {
		*pos = m->settings[i - nv].pos;
		return m->settings[i - nv].name;
	}
	*pos = m->actions[i - nv - ns].pos;
	return m->actions[i - nv - ns].name;
}

/* FNV-1a, for the name set. */
static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * Values, settings and actions share one namespace.  Names go into an
 * open-addressing hash set (at most half full), so the check is linear in
 * the number of names; mw_devload_name_compares counts the string
 * comparisons for the tests.
 */
static int check_names(struct dl *d)
{
	struct mw_model *m = d->m;
	size_t n = m->n_values + m->n_settings + m->n_actions, cap = 16;
	size_t *slot; /* entry index + 1; 0 = empty */
	int rc = 0;

	while (cap < 2 * n)
		cap *= 2;
	slot = mw_xcalloc(cap, sizeof *slot);
	for (size_t i = 0; i < n && !rc; i++) {
		struct mw_pos pi, pj;
		const char *ni = entry_name(m, i, &pi);
		size_t k = name_hash(ni) & (cap - 1);

		for (; slot[k]; k = (k + 1) & (cap - 1)) {
			const char *nj = entry_name(m, slot[k] - 1, &pj);

			mw_devload_name_compares++;
			if (strcmp(ni, nj) == 0) {
				rc =
				    mw_dl_fail_pos(d, pi,
				                   _("duplicate name '%s' (first used at line %d); "
				                     "values, settings and actions share one "
				                     "namespace"),
				                   ni, pj.line);
				break;
			}
		}
		slot[k] = i + 1;
	}
	free(slot);
	return rc;
}

static int check_unlock(struct dl *d)
{
	struct mw_model *m = d->m;
	const struct mw_setting *s;

	if (m->unlock.setting) {
		if (!(s = mw_model_setting(m, m->unlock.setting)))
			return mw_dl_fail_pos(
			    d, m->unlock.pos,
			    _("unlock setting '%s' is not a setting in this file"),
			    m->unlock.setting);
		if (s->gap)
			return mw_dl_fail_pos(
			    d, m->unlock.pos,
			    _("unlock setting '%s' has a gap; use unlock: {gap: ...}"),
			    m->unlock.setting);
		m->unlock.reg = s->reg;
	}
	for (size_t i = 0; i < m->n_settings; i++)
		if (m->settings[i].needs_unlock && !m->unlock.present)
			return mw_dl_fail_pos(d, m->settings[i].pos,
			                      _("setting '%s' needs_unlock, but the file has no "
			                        "unlock section"),
			                      m->settings[i].name);
	for (size_t i = 0; i < m->n_actions; i++)
		if (m->actions[i].needs_unlock && !m->unlock.present)
			return mw_dl_fail_pos(d, m->actions[i].pos,
			                      _("action '%s' needs_unlock, but the file has no "
			                        "unlock section"),
			                      m->actions[i].name);
	return 0;
}

/* The sections of a DL/T645 meter (devload_dlt645.c). */
static int parse_dlt645(struct dl *d, yaml_node_t *root, const struct dl_map *mp)
{
	yaml_node_t *v;

	if ((v = mw_dl_get(mp, "unlock")))
		return mw_dl_fail(d, mw_dl_key_node(mp, "unlock"),
		                  _("unlock is for Modbus meters; a DL/T645 setting gives the "
		                    "'password' level it needs"));
	if (!(v = mw_dl_get(mp, "line")))
		return mw_dl_fail(d, root, _("missing 'line' section (bauds, formats, default)"));
	if (mw_dl_dlt_line(d, v))
		return -1;
	if ((v = mw_dl_get(mp, "identify")) && mw_dl_dlt_identify(d, v))
		return -1;
	if ((v = mw_dl_get(mp, "values")) && mw_dl_dlt_values(d, v))
		return -1;
	if (d->m->dlt_1997 && (mw_dl_get(mp, "settings") || mw_dl_get(mp, "actions")))
		return mw_dl_fail(
		    d, mw_dl_key_node(mp, mw_dl_get(mp, "settings") ? "settings" : "actions"),
		    _("meterwise does not write DL/T645-1997 meters (a gap): a 1997 file "
		      "has no settings or actions; list what the meter holds as values "
		      "and the rest as gaps"));
	if ((v = mw_dl_get(mp, "settings")) && mw_dl_dlt_settings(d, v))
		return -1;
	if ((v = mw_dl_get(mp, "actions")) && mw_dl_dlt_actions(d, v))
		return -1;
	if ((v = mw_dl_get(mp, "gaps")) && parse_gaps(d, v))
		return -1;
	return check_names(d) || mw_dl_dlt_check(d) || (d->m->dlt_1997 && mw_dl_dlt_check_1997(d))
	           ? -1
	           : 0;
}

static int parse_root(struct dl *d, yaml_node_t *root)
{
	static const char *const keys[] = {"protocol", "model",    "identify", "line", "unlock",
	                                   "values",   "settings", "actions",  "gaps", NULL};
	static const char *const protocols[] = {"modbus", "dlt645", "dlt645-1997", NULL};
	struct dl_map mp;
	yaml_node_t *v;
	int proto = 0;

	if (mw_dl_map(d, root, "the top level", keys, &mp))
		return -1;
	if ((v = mw_dl_get(&mp, "protocol")) && mw_dl_enum(d, v, "protocol", protocols, &proto))
		return -1;
	d->m->dlt_1997 = proto == 2; /* DL/T645-1997: the dlt645 sections, 2-byte DIs */
	d->m->protocol = proto == 2 ? MW_PROTO_DLT645 : (enum mw_protocol)proto;
	if (!(v = mw_dl_get(&mp, "model")))
		return mw_dl_fail(d, root,
		                  _("missing 'model' section (name, vendor, manual, kind)"));
	if (parse_model(d, v))
		return -1;
	if (d->m->protocol == MW_PROTO_DLT645)
		return parse_dlt645(d, root, &mp);
	if (!(v = mw_dl_get(&mp, "line")))
		return mw_dl_fail(d, root,
		                  _("missing 'line' section (bauds, formats, default, "
		                    "function_codes)"));
	if (parse_line(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "identify")) && parse_identify(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "values")) && mw_dl_values(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "settings")) && mw_dl_settings(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "actions")) && mw_dl_actions(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "unlock")) && parse_unlock(d, v))
		return -1;
	if ((v = mw_dl_get(&mp, "gaps")) && parse_gaps(d, v))
		return -1;
	if (check_names(d) || mw_dl_values_resolve(d) || mw_dl_settings_check(d) ||
	    check_unlock(d) || check_fcs(d))
		return -1;
	return 0;
}

/* The id is the file name without directory and ".yaml". */
static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/');
	char *id = mw_dl_strdup(b ? b + 1 : path);
	size_t n = strlen(id);

	if (n > 5 && strcmp(id + n - 5, ".yaml") == 0)
		id[n - 5] = '\0';
	return id;
}

/* Report a libyaml error at its problem mark (reader errors: at the byte). */
static void yaml_error(struct dl *d, const yaml_parser_t *p, FILE *f)
{
	struct mw_pos pos = {(int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1};

	if (p->error == YAML_MEMORY_ERROR)
		mw_oom();
	if (p->error == YAML_READER_ERROR) {
		int c;

		pos.line = pos.col = 1;
		rewind(f);
		for (size_t i = 0; i < p->problem_offset && (c = getc(f)) != EOF; i++) {
			pos.col++;
			if (c == '\n') {
				pos.line++;
				pos.col = 1;
			}
		}
		mw_dl_fail_pos(d, pos, _("not UTF-8 text: %s; save the file as UTF-8"),
		               p->problem ? p->problem : "");
		return;
	}
	if (p->context)
		mw_dl_fail_pos(d, pos, _("YAML syntax error: %s %s"), p->problem ? p->problem : "",
		               p->context);
	else
		mw_dl_fail_pos(d, pos, _("YAML syntax error: %s"),
		               p->problem ? p->problem : _("unreadable file"));
}

/*
 * Open a device file for reading without ever blocking: a FIFO or a
 * device named x.yaml is refused, not opened for a read that waits
 * forever; so is a file over MW_DEVFILE_MAX_BYTES.
 */
static FILE *open_regular(const char *path, char *err, size_t errsz)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errsz, _("%s: cannot open: %s"), path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errsz, _("%s: cannot open: %s"), path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, _("%s: not a regular file (%s); skipped"), path,
		         S_ISFIFO(st.st_mode)  ? _("a named pipe")
		         : S_ISDIR(st.st_mode) ? _("a directory")
		                               : _("a device or socket"));
		close(fd);
		return NULL;
	}
	if (st.st_size > MW_DEVFILE_MAX_BYTES) {
		snprintf(err, errsz,
		         _("%s:1:1: the file is too large (%lld bytes; a device file is at most "
		           "%d)"),
		         path, (long long)st.st_size, MW_DEVFILE_MAX_BYTES);
		close(fd);
		return NULL;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!(f = fdopen(fd, "rb"))) {
		snprintf(err, errsz, _("%s: cannot open: %s"), path, strerror(errno));
		close(fd);
	}
	return f;
}

/*
 * Check the nesting of lists and mappings with libyaml's event parser
 * before the document is built: 0, or -1 with "file:line:col" at the
 * node that goes deeper than MW_DEVFILE_MAX_DEPTH.  Syntax errors are
 * left to the loader proper (0).
 */
static int check_depth(struct dl *d, FILE *f)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, rc = 0;

	if (!yaml_parser_initialize(&p))
		mw_oom();
	yaml_parser_set_input_file(&p, f);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > MW_DEVFILE_MAX_DEPTH) {
				mw_dl_fail_pos(d,
				               (struct mw_pos){(int)ev.start_mark.line + 1,
				                               (int)ev.start_mark.column + 1},
				               _("lists and mappings nested deeper than %d levels"),
				               MW_DEVFILE_MAX_DEPTH);
				rc = -1;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT ||
		           ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		if (ev.type == YAML_STREAM_END_EVENT || rc) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	rewind(f);
	return rc;
}

struct mw_model *mw_devload_file(const char *path, char *err, size_t errsz)
{
	struct dl d = {.path = path, .err = err, .errsz = errsz};
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	yaml_node_t *root;
	FILE *f;
	int rc = -1;

	if (errsz)
		err[0] = '\0';
	if (!(f = open_regular(path, err, errsz)))
		return NULL;
	if (check_depth(&d, f) < 0) {
		fclose(f);
		return NULL;
	}
	if (!yaml_parser_initialize(&parser))
		mw_oom();
	yaml_parser_set_input_file(&parser, f);
	d.doc = &doc;
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_error(&d, &parser, f);
		yaml_parser_delete(&parser);
		fclose(f);
		return NULL;
	}
	d.m = mw_xcalloc(1, sizeof *d.m);
	d.m->id = file_stem(path);
	d.m->path = mw_dl_strdup(path);
	if (!(root = yaml_document_get_root_node(&doc))) {
		mw_dl_fail_pos(&d, (struct mw_pos){1, 1},
		               _("the file is empty; see meterwise-devices(5) for the format"));
	} else if (!yaml_parser_load(&parser, &extra)) {
		yaml_error(&d, &parser, f);
	} else {
		if (yaml_document_get_root_node(&extra))
			mw_dl_fail(&d, yaml_document_get_root_node(&extra),
			           _("a device file holds one YAML document; remove this one"));
		else
			rc = parse_root(&d, root);
		yaml_document_delete(&extra);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	if (rc || d.failed) {
		mw_model_free(d.m);
		return NULL;
	}
	return d.m;
}
