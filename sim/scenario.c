/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.c - reading a scenario (YAML, libyaml's document API) into a
 * bus of devices; also the run-time "set ID KEY VALUE" of the control
 * socket, which parses VALUE with the same rules.  Unknown keys are
 * errors; every error is "file:line:column: message".
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "devload.h"
#include "i18n.h"
#include "numfmt.h"
#include "physics.h"
#include "dlt.h"
#include "regmap.h"
#include "sim.h"
#include "yamlscalar.h"
#include "xalloc.h"

struct ctx {
	yaml_document_t *doc;
	const char *path;
	const char *devices_dir;
	struct sim_bus *bus;
	char *err;
	size_t errsz;
};

/* Report an error at node n; always returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(struct ctx *c, const yaml_node_t *n,
                                                      const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct mw_pos pos = mw_yaml_pos(n);

	snprintf(c->err, c->errsz, "%s:%d:%d: %s", c->path, pos.line, pos.col, msg);
	return -1;
}

static yaml_node_t *node(struct ctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

/* Text of a scalar node, NULL otherwise. */
static const char *scalar(const yaml_node_t *n)
{
	return mw_yaml_scalar(n);
}

static int get_double(struct ctx *c, yaml_node_t *n, double *x)
{
	const char *s = scalar(n);

	if (!s || !*s)
		return fail(c, n, _("expected a number"));
	if (!mw_yaml_parse_double(s, x))
		return fail(c, n, _("\"%s\" is not a number"), s);
	return 0;
}

static int get_int(struct ctx *c, yaml_node_t *n, int *x)
{
	const char *s = scalar(n);
	long v;

	if (!s || !*s)
		return fail(c, n, _("expected a whole number"));
	if (!mw_yaml_parse_long(s, &v) || v < -1000000000L || v > 1000000000L)
		return fail(c, n, _("\"%s\" is not a whole number"), s);
	*x = (int)v;
	return 0;
}

static int get_bool(struct ctx *c, yaml_node_t *n, bool *b)
{
	const char *s = scalar(n);

	if (s && mw_yaml_parse_bool(s, b))
		return 0;
	/* Scenarios also say on/off (a relay, a fault). */
	if (s && (!strcmp(s, "on") || !strcmp(s, "off"))) {
		*b = !strcmp(s, "on");
		return 0;
	}
	return fail(c, n, _("expected true or false"));
}

static int get_rate(struct ctx *c, yaml_node_t *n, double *x)
{
	if (get_double(c, n, x) < 0)
		return -1;
	if (*x < 0 || *x > 1)
		return fail(c, n, _("a rate is between 0 and 1"));
	return 0;
}

/* One number for all three phases, or a list of three. */
static int get_triple(struct ctx *c, yaml_node_t *n, double *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		if (get_double(c, n, &out[0]) < 0)
			return -1;
		out[1] = out[2] = out[0];
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE ||
	    n->data.sequence.items.top - n->data.sequence.items.start != SIM_PHASES)
		return fail(c, n, _("expected a number or a list of three (L1, L2, L3)"));
	for (int k = 0; k < SIM_PHASES; k++)
		if (get_double(c, node(c, n->data.sequence.items.start[k]), &out[k]) < 0)
			return -1;
	return 0;
}

/* A phase name L1..L3 as index 0..2. */
static int get_phase(struct ctx *c, yaml_node_t *n, int *k)
{
	const char *s = scalar(n);

	if (s && (s[0] == 'L' || s[0] == 'l') && s[1] >= '1' && s[1] <= '3' && !s[2]) {
		*k = s[1] - '1';
		return 0;
	}
	return fail(c, n, _("expected a phase: L1, L2 or L3"));
}

/* A phase or a list of phases (none: empty list or "none"). */
static int get_phases(struct ctx *c, yaml_node_t *n, bool *out, int *list, int *count)
{
	int k;

	memset(out, 0, SIM_PHASES * sizeof *out);
	*count = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (!strcmp(scalar(n), "none") || !*scalar(n))
			return 0;
		if (get_phase(c, n, &k) < 0)
			return -1;
		out[k] = true;
		list[(*count)++] = k;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, _("expected a phase or a list of phases"));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		if (get_phase(c, node(c, *i), &k) < 0)
			return -1;
		out[k] = true;
		if (*count < SIM_PHASES)
			list[(*count)++] = k;
	}
	return 0;
}

static int get_wobble(struct ctx *c, yaml_node_t *n, struct sim_wobble *w)
{
	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, _("expected a mapping of voltage, current, angle, frequency"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const char *key = scalar(k);
		double *dst = !key                        ? NULL
		              : !strcmp(key, "voltage")   ? &w->voltage
		              : !strcmp(key, "current")   ? &w->current
		              : !strcmp(key, "angle")     ? &w->angle
		              : !strcmp(key, "frequency") ? &w->frequency
		                                          : NULL;

		if (!dst)
			return fail(c, k,
			            _("unknown key \"%s\" (voltage, current, angle, frequency)"),
			            key ? key : "?");
		if (get_double(c, v, dst) < 0)
			return -1;
	}
	return 0;
}

/* One fault key of a device (wiring or line) or of the bus (d == NULL). */
static int set_fault(struct ctx *c, struct sim_device *d, struct sim_faults *f, yaml_node_t *k,
                     yaml_node_t *v)
{
	const char *key = scalar(k);
	int list[SIM_PHASES], count;
	bool on[SIM_PHASES];

	if (!key)
		return fail(c, k, _("expected a key"));
	if (!strcmp(key, "crc_error_rate"))
		return get_rate(c, v, &f->crc_error_rate);
	if (!strcmp(key, "drop_rate"))
		return get_rate(c, v, &f->drop_rate);
	if (!strcmp(key, "extra_turnaround_ms"))
		return get_double(c, v, &f->extra_turnaround_ms);
	if (!d && !strcmp(key, "garbage_rate"))
		return get_double(c, v, &f->garbage_rate);
	if (!d && !strcmp(key, "garbage_max"))
		return get_int(c, v, &f->garbage_max);
	if (d && !strcmp(key, "ct_reversed")) {
		if (get_phases(c, v, on, list, &count) < 0)
			return -1;
		memcpy(d->wiring.ct_reversed, on, sizeof on);
		return 0;
	}
	if (d && !strcmp(key, "lost_phase")) {
		if (get_phases(c, v, on, list, &count) < 0)
			return -1;
		memcpy(d->wiring.lost, on, sizeof on);
		return 0;
	}
	if (d && !strcmp(key, "ct_swap")) {
		if (get_phases(c, v, on, list, &count) < 0)
			return -1;
		if (count != 0 && (count != 2 || list[0] == list[1]))
			return fail(c, v, _("ct_swap takes two different phases, e.g. [L1, L2]"));
		d->wiring.ct_swap[0] = count ? list[0] : -1;
		d->wiring.ct_swap[1] = count ? list[1] : -1;
		return 0;
	}
	if (d && !strcmp(key, "reverse_sequence"))
		return get_bool(c, v, &d->wiring.reverse_sequence);
	if (d)
		return fail(c, k,
		            _("unknown fault \"%s\" (ct_reversed, ct_swap, lost_phase, "
		              "reverse_sequence, crc_error_rate, drop_rate, extra_turnaround_ms)"),
		            key);
	return fail(c, k,
	            _("unknown bus fault \"%s\" (crc_error_rate, drop_rate, extra_turnaround_ms, "
	              "garbage_rate, garbage_max)"),
	            key);
}

static int get_faults(struct ctx *c, struct sim_device *d, struct sim_faults *f, yaml_node_t *n)
{
	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, _("expected a mapping of faults"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if (set_fault(c, d, f, node(c, p->key), node(c, p->value)) < 0)
			return -1;
	return 0;
}

/* energy: {active_import: [..], ...}: initial counters per phase. */
static int get_energy(struct ctx *c, struct sim_device *d, yaml_node_t *n)
{
	static const char *const names[SIM_E__COUNT] = {
	    "active_import", "active_export", "reactive_import", "reactive_export", "apparent"};

	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, _("expected a mapping of energy counters"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key);
		const char *key = scalar(k);
		double e[SIM_PHASES];
		int which = -1;

		for (int i = 0; i < SIM_E__COUNT; i++)
			if (key && !strcmp(key, names[i]))
				which = i;
		if (which < 0)
			return fail(c, k,
			            _("unknown energy \"%s\" (active_import, active_export, "
			              "reactive_import, reactive_export, apparent)"),
			            key ? key : "?");
		if (get_triple(c, node(c, p->value), e) < 0)
			return -1;
		d->energy[SIM_PHASES][which] = 0;
		for (int i = 0; i < SIM_PHASES; i++) {
			if (e[i] < 0)
				return fail(c, node(c, p->value),
				            _("an energy counter is not negative"));
			d->energy[i][which] = e[i];
			d->energy[SIM_PHASES][which] += e[i];
		}
	}
	return 0;
}

/* A format or a list of formats, as a bit set. */
static int get_formats(struct ctx *c, yaml_node_t *n, unsigned *set)
{
	int f;

	*set = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (!strcmp(scalar(n), "none") || !*scalar(n))
			return 0;
		if ((f = mw_format_parse(scalar(n))) < 0)
			return fail(c, n, _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		*set = 1u << f;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, _("expected a list of formats, e.g. [8N1, 8N2]"));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		if ((f = mw_format_parse(scalar(node(c, *i)))) < 0)
			return fail(c, node(c, *i), _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		*set |= 1u << f;
	}
	return 0;
}

/* Line settings of d against its model's lists; errors at node n. */
static int check_line(struct ctx *c, struct sim_device *d, yaml_node_t *n)
{
	const struct mw_line *l = &d->model->line;
	bool ok = false;

	for (size_t i = 0; i < l->n_bauds; i++)
		ok = ok || l->bauds[i] == d->baud;
	if (!ok)
		return fail(c, n, _("%s: %s does not support %d baud"), d->id, d->model->name,
		            d->baud);
	ok = false;
	for (size_t i = 0; i < l->n_formats; i++)
		ok = ok || l->formats[i] == d->format;
	if (!ok)
		return fail(c, n, _("%s: %s does not support %s"), d->id, d->model->name,
		            mw_format_name(d->format));
	if (d->model->protocol == MW_PROTO_MODBUS && (d->address < 1 || d->address > 247))
		return fail(c, n, _("%s: address %d is outside 1..247"), d->id, d->address);
	return 0;
}

/* Keys of a DL/T645 device: its address and its prepaid meter's state. */
static int set_dlt_key(struct ctx *c, struct sim_device *d, const char *key, yaml_node_t *v)
{
	const char *s = scalar(v);
	struct dlt645_addr a;

	if (!strcmp(key, "address")) {
		if (!s || dlt645_addr_parse(s, &a) < 0 || memchr(a.a, 0xAA, 6) ||
		    dlt645_addr_is_broadcast(&a))
			return fail(c, v,
			            _("a DL/T645 address is 12 decimal digits in quotes, e.g. "
			              "\"000000000001\""));
		d->dlt.addr = a;
		return 0;
	}
	if (!strcmp(key, "credit"))
		return get_double(c, v, &d->dlt.credit);
	if (!strcmp(key, "price"))
		return get_double(c, v, &d->dlt.price);
	if (!strcmp(key, "cut_s"))
		return get_double(c, v, &d->dlt.cut_s);
	if (!strcmp(key, "frame_max")) {
		double fm;

		if (get_double(c, v, &fm) < 0)
			return -1;
		if (fm < 8 || fm > 200 || fm != (int)fm)
			return fail(c, v,
			            _("frame_max is the data bytes of one reply frame, 8 to 200"));
		d->dlt.frame_max = (int)fm;
		return 0;
	}
	if (!strcmp(key, "programming_key"))
		return get_bool(c, v, &d->dlt.key);
	if (!strcmp(key, "guarantee"))
		return get_bool(c, v, &d->dlt.guarantee);
	if (!strcmp(key, "relay")) {
		if (!s || (strcmp(s, "open") && strcmp(s, "closed")))
			return fail(c, v, _("relay is open or closed"));
		d->dlt.relay_open = !strcmp(s, "open");
		return 0;
	}
	if (!strcmp(key, "password")) {
		char *end;
		unsigned long pw = s ? strtoul(s, &end, 16) : 0;

		if (!s || strlen(s) != 6 || *end || pw > 0xFFFFFF)
			return fail(c, v,
			            _("a DL/T645 password is 6 digits in quotes, e.g. \"000000\""));
		d->dlt.password = (uint32_t)pw;
		return 0;
	}
	return 1; /* not a DL/T645 key */
}

/* One key of a device that may also be set at run time. */
static int set_key(struct ctx *c, struct sim_device *d, yaml_node_t *k, yaml_node_t *v)
{
	const char *key = scalar(k);
	int f;

	if (!key)
		return fail(c, k, _("expected a key"));
	if (d->model && d->model->protocol == MW_PROTO_DLT645) {
		int r = set_dlt_key(c, d, key, v);

		if (r <= 0)
			return r;
	}
	if (!strcmp(key, "address"))
		return get_int(c, v, &d->address);
	if (!strcmp(key, "baud"))
		return get_int(c, v, &d->baud);
	if (!strcmp(key, "format")) {
		if ((f = mw_format_parse(scalar(v))) < 0)
			return fail(c, v, _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		d->format = (enum mw_format)f;
		return 0;
	}
	if (!strcmp(key, "also_formats"))
		return get_formats(c, v, &d->also_formats);
	if (!strcmp(key, "turnaround_ms"))
		return get_int(c, v, &d->turnaround_ms);
	if (!strcmp(key, "attached"))
		return get_bool(c, v, &d->attached);
	if (!strcmp(key, "voltage"))
		return get_triple(c, v, d->phys.voltage);
	if (!strcmp(key, "current"))
		return get_triple(c, v, d->phys.current);
	if (!strcmp(key, "angle"))
		return get_triple(c, v, d->phys.angle);
	if (!strcmp(key, "frequency"))
		return get_double(c, v, &d->phys.frequency);
	if (!strcmp(key, "noise"))
		return get_wobble(c, v, &d->phys.noise);
	if (!strcmp(key, "drift"))
		return get_wobble(c, v, &d->phys.drift);
	if (!strcmp(key, "drift_period_s"))
		return get_double(c, v, &d->phys.drift_period_s);
	if (!strcmp(key, "energy"))
		return get_energy(c, d, v);
	if (!strcmp(key, "faults"))
		return get_faults(c, d, &d->faults, v);
	return fail(c, k, _("unknown device key \"%s\""), key);
}

/* The model named by a scenario: a device id, or a path to a file. */
static const struct mw_model *find_model(struct ctx *c, yaml_node_t *n)
{
	const char *name = scalar(n);
	struct mw_catalog *cat = &c->bus->catalog;
	const struct mw_model *m;
	char path[4096], err[512];
	struct mw_model *loaded = NULL;
	struct mw_model **grown;

	if (!name || !*name) {
		fail(c, n, _("expected a model id (a device file name without .yaml)"));
		return NULL;
	}
	if ((m = mw_catalog_find(cat, name)))
		return m;
	if (strchr(name, '/')) {
		const char *slash = strrchr(c->path, '/');

		if (name[0] == '/' || !slash)
			snprintf(path, sizeof path, "%s", name);
		else
			snprintf(path, sizeof path, "%.*s/%s", (int)(slash - c->path), c->path,
			         name);
		loaded = mw_devload_file(path, err, sizeof err);
	} else if (c->devices_dir) {
		snprintf(path, sizeof path, "%s/%s.yaml", c->devices_dir, name);
		loaded = mw_devload_file(path, err, sizeof err);
	}
	if (loaded) {
		grown = mw_xrealloc(cat->models, (cat->n_models + 1) * sizeof *grown);
		cat->models = grown;
		cat->models[cat->n_models++] = loaded;
		return loaded;
	}
	if (strchr(name, '/') || c->devices_dir) {
		if (access(path, F_OK) == 0) {
			snprintf(c->err, c->errsz, "%s", err);
			return NULL;
		}
		if (strchr(name, '/')) {
			fail(c, n, _("%s: no such device file"), path);
			return NULL;
		}
	}
	{
		static bool all_loaded;
		struct mw_catalog more = {0};

		if (!all_loaded) {
			all_loaded = true;
			mw_devload_all(&more, NULL);
			for (size_t i = 0; i < more.n_models; i++) {
				if (mw_catalog_find(cat, more.models[i]->id)) {
					mw_model_free(more.models[i]);
					continue;
				}
				grown =
				    mw_xrealloc(cat->models, (cat->n_models + 1) * sizeof *grown);
				cat->models = grown;
				cat->models[cat->n_models++] = more.models[i];
			}
			free(more.models);
		}
	}
	if ((m = mw_catalog_find(cat, name)))
		return m;
	fail(c, n,
	     _("no device file for model \"%s\" (see meterwise devices; --devices DIR adds "
	       "a directory)"),
	     name);
	return NULL;
}

/* The node of a device's first line key (baud, format, address), or n. */
static yaml_node_t *line_node(struct ctx *c, yaml_node_t *n)
{
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = scalar(node(c, p->key));

		if (key &&
		    (!strcmp(key, "baud") || !strcmp(key, "format") || !strcmp(key, "address")))
			return node(c, p->key);
	}
	return n;
}

/* Defaults of a device before the scenario's keys. */
static void device_defaults(struct sim_device *d)
{
	d->phys.frequency = 50;
	d->phys.drift_period_s = 300;
	for (int k = 0; k < SIM_PHASES; k++)
		d->phys.voltage[k] = 230;
	d->wiring.ct_swap[0] = d->wiring.ct_swap[1] = -1;
	d->attached = true;
}

/* A DL/T645 device's scenario settings, as texts through its device file. */
static int load_dlt_settings(struct ctx *c, struct sim_device *d, yaml_node_t *settings, char *err,
                             size_t errsz)
{
	if (!settings)
		return 0;
	if (settings->type != YAML_MAPPING_NODE)
		return fail(c, settings, _("settings is a mapping of setting names to values"));
	for (yaml_node_pair_t *p = settings->data.mapping.pairs.start;
	     p < settings->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const struct mw_setting *s = mw_model_setting(d->model, scalar(k) ? scalar(k) : "");

		if (!s)
			return fail(c, k, _("%s has no setting \"%s\""), d->model->name,
			            scalar(k) ? scalar(k) : "?");
		if (!scalar(v) || sim_dlt_set_text(d, s, scalar(v), err, errsz) < 0)
			return fail(c, v, "%s", scalar(v) ? err : _("expected a value"));
	}
	return 0;
}

static int load_device(struct ctx *c, struct sim_device *d, yaml_node_t *n)
{
	yaml_node_t *settings = NULL, *texts = NULL, *model = NULL, *id = NULL;
	char err[512];

	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, _("a device is a mapping (id, model, address, ...)"));
	device_defaults(d);
	d->pos.line = (int)n->start_mark.line + 1;
	d->pos.col = (int)n->start_mark.column + 1;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = scalar(node(c, p->key));

		if (key && !strcmp(key, "model"))
			model = node(c, p->value);
		else if (key && !strcmp(key, "id"))
			id = node(c, p->value);
	}
	if (!id || !scalar(id) || !*scalar(id))
		return fail(c, n,
		            _("a device needs an id (a name for the control socket and the log)"));
	d->id = strdup(scalar(id));
	for (size_t i = 0; c->bus->devs + i < d; i++)
		if (!strcmp(c->bus->devs[i].id, d->id))
			return fail(c, id, _("device id \"%s\" is used twice"), d->id);
	if (!model)
		return fail(c, n,
		            _("%s: a device needs a model (a device file id, e.g. jsy-mk-333)"),
		            d->id);
	if (!(d->model = find_model(c, model)))
		return -1;
	d->address = d->model->line.default_address;
	d->baud = d->model->line.default_baud;
	d->format = d->model->line.default_format;
	d->turnaround_ms = d->model->line.turnaround_ms;
	if (d->model->kind == MW_KIND_AC1)
		d->phys.voltage[1] = d->phys.voltage[2] = 0; /* one phase */
	if (d->model->protocol == MW_PROTO_DLT645 && sim_dlt_init(d, err, sizeof err) < 0)
		return fail(c, model, "%s: %s", d->model->path ? d->model->path : d->model->id,
		            err);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const char *key = scalar(k);

		if (key && (!strcmp(key, "model") || !strcmp(key, "id") || !strcmp(key, "note")))
			continue;
		if (key && !strcmp(key, "settings"))
			settings = v;
		else if (key && !strcmp(key, "text"))
			texts = v;
		else if (set_key(c, d, k, v) < 0)
			return -1;
	}
	if (d->model->kind == MW_KIND_AC1)
		for (int k = 1; k < SIM_PHASES; k++)
			d->phys.voltage[k] = d->phys.current[k] = 0; /* one phase */
	if (check_line(c, d, line_node(c, n)) < 0)
		return -1;
	if (d->model->protocol == MW_PROTO_DLT645)
		return load_dlt_settings(c, d, settings, err, sizeof err);
	if (sim_regmap_init(d, err, sizeof err) < 0)
		return fail(c, model, "%s: %s", d->model->path ? d->model->path : d->model->id,
		            err);
	if (settings) {
		if (settings->type != YAML_MAPPING_NODE)
			return fail(c, settings,
			            _("settings is a mapping of setting names to values"));
		for (yaml_node_pair_t *p = settings->data.mapping.pairs.start;
		     p < settings->data.mapping.pairs.top; p++) {
			yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
			const struct mw_setting *s =
			    mw_model_setting(d->model, scalar(k) ? scalar(k) : "");

			if (!s)
				return fail(c, k, _("%s has no setting \"%s\""), d->model->name,
				            scalar(k) ? scalar(k) : "?");
			if (!scalar(v) || sim_regmap_set_text(d, s, scalar(v), err, sizeof err) < 0)
				return fail(c, v, "%s", scalar(v) ? err : _("expected a value"));
		}
	}
	if (texts) {
		if (texts->type != YAML_MAPPING_NODE)
			return fail(c, texts, _("text is a mapping of string value names to text"));
		for (yaml_node_pair_t *p = texts->data.mapping.pairs.start;
		     p < texts->data.mapping.pairs.top; p++) {
			yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
			const struct mw_value *val =
			    mw_model_value(d->model, scalar(k) ? scalar(k) : "");

			if (!val || val->type != MW_T_STRING)
				return fail(c, k, _("%s has no text value \"%s\""), d->model->name,
				            scalar(k) ? scalar(k) : "?");
			if (!scalar(v))
				return fail(c, v, _("expected a text"));
			d->texts = mw_xrealloc(d->texts, (d->n_texts + 1) * sizeof *d->texts);
			d->texts[d->n_texts].value = strdup(val->name);
			d->texts[d->n_texts++].text = strdup(scalar(v));
		}
	}
	/* The scenario's address and line settings, through the device file. */
	if (sim_regmap_store_line(d, err, sizeof err) < 0)
		return fail(c, n, "%s: %s", d->id, err);
	return 0;
}

/* adapter: {latency_ms, lag_ms, buffer_bytes, echo} or a SPEC (adapter.h). */
static int get_adapter(struct ctx *c, struct sim_adapter *a, yaml_node_t *n)
{
	char err[256];

	if (n->type == YAML_SCALAR_NODE) {
		if (sim_adapter_parse(a, scalar(n), err, sizeof err) < 0)
			return fail(c, n, "%s", err);
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, _("expected a mapping: latency_ms, lag_ms, buffer_bytes, echo"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);

		if (!scalar(k) || !scalar(v))
			return fail(c, k, _("expected a key and a value"));
		if (sim_adapter_set(a, scalar(k), scalar(v), err, sizeof err) < 0)
			return fail(c, v, "%s", err);
	}
	return 0;
}

static int load_bus(struct ctx *c, yaml_node_t *root)
{
	yaml_node_t *devs = NULL;
	struct sim_bus *bus = c->bus;

	if (!root || root->type != YAML_MAPPING_NODE)
		return fail(c, root, _("a scenario is a mapping with a list of devices"));
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const char *key = scalar(k);
		int seed;

		if (!key)
			return fail(c, k, _("expected a key"));
		if (!strcmp(key, "devices"))
			devs = v;
		else if (!strcmp(key, "name") || !strcmp(key, "description"))
			continue;
		else if (!strcmp(key, "time_scale")) {
			if (get_double(c, v, &bus->time_scale) < 0)
				return -1;
		} else if (!strcmp(key, "seed")) {
			if (get_int(c, v, &seed) < 0)
				return -1;
			bus->seed = (uint64_t)seed;
		} else if (!strcmp(key, "faults")) {
			if (get_faults(c, NULL, &bus->faults, v) < 0)
				return -1;
		} else if (!strcmp(key, "adapter")) {
			if (get_adapter(c, &bus->adapter, v) < 0)
				return -1;
		} else
			return fail(c, k,
			            _("unknown key \"%s\" (name, description, time_scale, seed, "
			              "faults, adapter, devices)"),
			            key);
	}
	if (!devs || devs->type != YAML_SEQUENCE_NODE)
		return fail(c, devs ? devs : root, _("a scenario needs a list of devices"));
	bus->n_devs = (size_t)(devs->data.sequence.items.top - devs->data.sequence.items.start);
	bus->devs = mw_xcalloc(bus->n_devs ? bus->n_devs : 1, sizeof *bus->devs);
	for (size_t i = 0; i < bus->n_devs; i++)
		if (load_device(c, &bus->devs[i], node(c, devs->data.sequence.items.start[i])) < 0)
			return -1;
	return 0;
}

/* Parse text (a file's or a control value's) into doc; 0 or -1 + err. */
static int parse_doc(struct ctx *c, yaml_document_t *doc, const unsigned char *text, size_t len)
{
	yaml_parser_t parser;
	int r = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, text, len);
	if (!yaml_parser_load(&parser, doc)) {
		snprintf(c->err, c->errsz, "%s:%lu:%lu: %s", c->path,
		         (unsigned long)parser.problem_mark.line + 1,
		         (unsigned long)parser.problem_mark.column + 1,
		         parser.problem ? parser.problem : _("not valid YAML"));
		r = -1;
	}
	yaml_parser_delete(&parser);
	return r;
}

struct sim_bus *sim_scenario_load(const char *path, const char *devices_dir, char *err,
                                  size_t errsz)
{
	struct ctx c = {.path = path, .devices_dir = devices_dir, .err = err, .errsz = errsz};
	yaml_document_t doc;
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int r;

	if (!f) {
		snprintf(err, errsz, _("%s: cannot open the scenario: %m"), path);
		return NULL;
	}
	do {
		if (len + 4096 > cap) {
			cap = cap * 2 + 8192;
			text = mw_xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	c.bus = mw_xcalloc(1, sizeof *c.bus);
	c.bus->time_scale = 1;
	c.bus->path = strdup(path);
	r = parse_doc(&c, &doc, (const unsigned char *)text, len);
	free(text);
	if (r == 0) {
		c.doc = &doc;
		r = load_bus(&c, yaml_document_get_root_node(&doc));
		yaml_document_delete(&doc);
	}
	if (r < 0) {
		sim_bus_free(c.bus);
		return NULL;
	}
	return c.bus;
}

int sim_scenario_set(struct sim_bus *bus, struct sim_device *d, const char *key, const char *value,
                     char *err, size_t errsz)
{
	struct ctx c = {.path = "set", .bus = bus, .err = err, .errsz = errsz};
	yaml_document_t doc;
	yaml_node_t *v, k = {0};
	struct sim_device copy = *d, was;
	char e2[512];
	bool line;
	int r;

	if (parse_doc(&c, &doc, (const unsigned char *)value, strlen(value)) < 0)
		return -1;
	c.doc = &doc;
	v = yaml_document_get_root_node(&doc);
	if (!v) {
		yaml_document_delete(&doc);
		snprintf(err, errsz, _("set: %s: no value given"), key);
		return -1;
	}
	k.type = YAML_SCALAR_NODE;
	k.start_mark = v->start_mark;
	if (!strncmp(key, "faults.", 7)) {
		k.data.scalar.value = (yaml_char_t *)(key + 7);
		r = set_fault(&c, &copy, &copy.faults, &k, v);
	} else if (!strncmp(key, "settings.", 9)) {
		const struct mw_setting *s = mw_model_setting(d->model, key + 9);

		yaml_document_delete(&doc);
		if (!s) {
			snprintf(err, errsz, _("set: %s has no setting \"%s\""), d->model->name,
			         key + 9);
			return -1;
		}
		if (d->model->protocol == MW_PROTO_DLT645)
			return sim_dlt_set_text(d, s, value, err, errsz);
		if (sim_regmap_set_text(d, s, value, err, errsz) < 0)
			return -1;
		if (s->line_role != MW_LINE_NONE)
			sim_regmap_apply_line(d);
		return 0;
	} else if (!strcmp(key, "energy") || !strcmp(key, "attached")) {
		r = fail(&c, v,
		         _("%s cannot be set this way (use attach, detach, or the scenario)"), key);
	} else {
		k.data.scalar.value = (yaml_char_t *)key;
		r = set_key(&c, &copy, &k, v);
	}
	line = copy.address != d->address || copy.baud != d->baud || copy.format != d->format;
	if (r == 0 && line)
		r = check_line(&c, &copy, v);
	yaml_document_delete(&doc);
	if (r < 0)
		return -1;
	was = *d;
	*d = copy;
	if (d->model->protocol == MW_PROTO_DLT645)
		return 0;
	if (line && sim_regmap_store_line(d, e2, sizeof e2) < 0) {
		snprintf(err, errsz, "set: %s", e2);
		d->address = was.address;
		d->baud = was.baud;
		d->format = was.format;
		sim_regmap_store_line(d, e2, sizeof e2);
		return -1;
	}
	return 0;
}

struct sim_device *sim_bus_device(struct sim_bus *bus, const char *id)
{
	for (size_t i = 0; i < bus->n_devs; i++)
		if (bus->devs[i].id && !strcmp(bus->devs[i].id, id))
			return &bus->devs[i];
	return NULL;
}

void sim_bus_free(struct sim_bus *bus)
{
	if (!bus)
		return;
	for (size_t i = 0; i < bus->n_devs; i++) {
		struct sim_device *d = &bus->devs[i];

		for (size_t j = 0; j < d->n_texts; j++) {
			free(d->texts[j].value);
			free(d->texts[j].text);
		}
		free(d->texts);
		free(d->words);
		free(d->dlt.items);
		free(d->id);
	}
	free(bus->devs);
	mw_catalog_free(&bus->catalog);
	free(bus->path);
	free(bus);
}
