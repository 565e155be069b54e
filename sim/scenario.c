/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.c - reading a scenario (YAML, libyaml's document API) into a
 * bus of devices; also the run-time "set ID KEY VALUE" of the control
 * socket, which parses VALUE with the same rules (the keys themselves:
 * scenario_keys.c).  Unknown keys are errors; every error is
 * "file:line:column: message".
 */
#include "config.h"

#include <math.h>
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
#include "scenario_keys.h"
#include "sim.h"
#include "yamlscalar.h"
#include "xalloc.h"

/* The model named by a scenario: a device id, or a path to a file. */
static const struct mw_model *find_model(struct sim_parse *c, yaml_node_t *n)
{
	const char *name = sim_keys_scalar(n);
	struct mw_catalog *cat = &c->bus->catalog;
	const struct mw_model *m;
	char path[4096], err[512];
	struct mw_model *loaded = NULL;
	struct mw_model **grown;

	if (!name || !*name) {
		sim_keys_fail(c, n, _("expected a model id (a device file name without .yaml)"));
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
			sim_keys_fail(c, n, _("%s: no such device file"), path);
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
	sim_keys_fail(
	    c, n,
	    _("no device file for model \"%s\" (see meterwise devices; --devices DIR adds "
	      "a directory)"),
	    name);
	return NULL;
}

/* The node of a device's first line key (baud, format, address), or n. */
static yaml_node_t *line_node(struct sim_parse *c, yaml_node_t *n)
{
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = sim_keys_scalar(sim_keys_node(c, p->key));

		if (key &&
		    (!strcmp(key, "baud") || !strcmp(key, "format") || !strcmp(key, "address")))
			return sim_keys_node(c, p->key);
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
static int load_dlt_settings(struct sim_parse *c, struct sim_device *d, yaml_node_t *settings,
                             char *err, size_t errsz)
{
	if (!settings)
		return 0;
	if (settings->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, settings,
		                     _("settings is a mapping of setting names to values"));
	for (yaml_node_pair_t *p = settings->data.mapping.pairs.start;
	     p < settings->data.mapping.pairs.top; p++) {
		yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
		const struct mw_setting *s =
		    mw_model_setting(d->model, sim_keys_scalar(k) ? sim_keys_scalar(k) : "");

		if (!s)
			return sim_keys_fail(c, k, _("%s has no setting \"%s\""), d->model->name,
			                     sim_keys_scalar(k) ? sim_keys_scalar(k) : "?");
		if (!sim_keys_scalar(v) ||
		    sim_dlt_set_text(d, s, sim_keys_scalar(v), err, errsz) < 0)
			return sim_keys_fail(c, v, "%s",
			                     sim_keys_scalar(v) ? err : _("expected a value"));
	}
	return 0;
}

static int load_device(struct sim_parse *c, struct sim_device *d, yaml_node_t *n)
{
	yaml_node_t *settings = NULL, *texts = NULL, *model = NULL, *id = NULL;
	char err[512];

	if (n->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, n, _("a device is a mapping (id, model, address, ...)"));
	device_defaults(d);
	d->pos.line = (int)n->start_mark.line + 1;
	d->pos.col = (int)n->start_mark.column + 1;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		const char *key = sim_keys_scalar(sim_keys_node(c, p->key));

		if (key && !strcmp(key, "model"))
			model = sim_keys_node(c, p->value);
		else if (key && !strcmp(key, "id"))
			id = sim_keys_node(c, p->value);
	}
	if (!id || !sim_keys_scalar(id) || !*sim_keys_scalar(id))
		return sim_keys_fail(
		    c, n, _("a device needs an id (a name for the control socket and the log)"));
	d->id = strdup(sim_keys_scalar(id));
	for (size_t i = 0; c->bus->devs + i < d; i++)
		if (!strcmp(c->bus->devs[i].id, d->id))
			return sim_keys_fail(c, id, _("device id \"%s\" is used twice"), d->id);
	if (!model)
		return sim_keys_fail(
		    c, n, _("%s: a device needs a model (a device file id, e.g. jsy-mk-333)"),
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
		return sim_keys_fail(c, model, "%s: %s",
		                     d->model->path ? d->model->path : d->model->id, err);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
		const char *key = sim_keys_scalar(k);

		if (key && (!strcmp(key, "model") || !strcmp(key, "id") || !strcmp(key, "note")))
			continue;
		if (key && !strcmp(key, "settings"))
			settings = v;
		else if (key && !strcmp(key, "text"))
			texts = v;
		else if (sim_keys_device(c, d, k, v) < 0)
			return -1;
	}
	if (d->model->kind == MW_KIND_AC1)
		for (int k = 1; k < SIM_PHASES; k++)
			d->phys.voltage[k] = d->phys.current[k] = 0; /* one phase */
	if (sim_keys_check_line(c, d, line_node(c, n)) < 0)
		return -1;
	if (d->model->protocol == MW_PROTO_DLT645)
		return load_dlt_settings(c, d, settings, err, sizeof err);
	if (sim_regmap_init(d, err, sizeof err) < 0)
		return sim_keys_fail(c, model, "%s: %s",
		                     d->model->path ? d->model->path : d->model->id, err);
	if (settings) {
		if (settings->type != YAML_MAPPING_NODE)
			return sim_keys_fail(c, settings,
			                     _("settings is a mapping of setting names to values"));
		for (yaml_node_pair_t *p = settings->data.mapping.pairs.start;
		     p < settings->data.mapping.pairs.top; p++) {
			yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
			const struct mw_setting *s = mw_model_setting(
			    d->model, sim_keys_scalar(k) ? sim_keys_scalar(k) : "");

			if (!s)
				return sim_keys_fail(c, k, _("%s has no setting \"%s\""),
				                     d->model->name,
				                     sim_keys_scalar(k) ? sim_keys_scalar(k) : "?");
			if (!sim_keys_scalar(v) ||
			    sim_regmap_set_text(d, s, sim_keys_scalar(v), err, sizeof err) < 0)
				return sim_keys_fail(
				    c, v, "%s", sim_keys_scalar(v) ? err : _("expected a value"));
		}
	}
	if (texts) {
		if (texts->type != YAML_MAPPING_NODE)
			return sim_keys_fail(c, texts,
			                     _("text is a mapping of string value names to text"));
		for (yaml_node_pair_t *p = texts->data.mapping.pairs.start;
		     p < texts->data.mapping.pairs.top; p++) {
			yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
			const struct mw_value *val =
			    mw_model_value(d->model, sim_keys_scalar(k) ? sim_keys_scalar(k) : "");

			if (!val || val->type != MW_T_STRING)
				return sim_keys_fail(c, k, _("%s has no text value \"%s\""),
				                     d->model->name,
				                     sim_keys_scalar(k) ? sim_keys_scalar(k) : "?");
			if (!sim_keys_scalar(v))
				return sim_keys_fail(c, v, _("expected a text"));
			d->texts = mw_xrealloc(d->texts, (d->n_texts + 1) * sizeof *d->texts);
			d->texts[d->n_texts].value = strdup(val->name);
			d->texts[d->n_texts++].text = strdup(sim_keys_scalar(v));
		}
	}
	/* The scenario's address and line settings, through the device file. */
	if (sim_regmap_store_line(d, err, sizeof err) < 0)
		return sim_keys_fail(c, n, "%s: %s", d->id, err);
	return 0;
}

/* adapter: {latency_ms, lag_ms, buffer_bytes, echo} or a SPEC (adapter.h). */
static int get_adapter(struct sim_parse *c, struct sim_adapter *a, yaml_node_t *n)
{
	char err[256];

	if (n->type == YAML_SCALAR_NODE) {
		if (sim_adapter_parse(a, sim_keys_scalar(n), err, sizeof err) < 0)
			return sim_keys_fail(c, n, "%s", err);
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return sim_keys_fail(
		    c, n, _("expected a mapping: latency_ms, lag_ms, buffer_bytes, echo"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);

		if (!sim_keys_scalar(k) || !sim_keys_scalar(v))
			return sim_keys_fail(c, k, _("expected a key and a value"));
		if (sim_adapter_set(a, sim_keys_scalar(k), sim_keys_scalar(v), err, sizeof err) < 0)
			return sim_keys_fail(c, v, "%s", err);
	}
	return 0;
}

static int load_bus(struct sim_parse *c, yaml_node_t *root)
{
	yaml_node_t *devs = NULL;
	struct sim_bus *bus = c->bus;

	if (!root || root->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, root, _("a scenario is a mapping with a list of devices"));
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
		const char *key = sim_keys_scalar(k);
		int seed;

		if (!key)
			return sim_keys_fail(c, k, _("expected a key"));
		if (!strcmp(key, "devices"))
			devs = v;
		else if (!strcmp(key, "name") || !strcmp(key, "description"))
			continue;
		else if (!strcmp(key, "time_scale")) {
			if (sim_keys_double(c, v, &bus->time_scale) < 0)
				return -1;
		} else if (!strcmp(key, "seed")) {
			if (sim_keys_int(c, v, &seed) < 0)
				return -1;
			bus->seed = (uint64_t)seed;
		} else if (!strcmp(key, "faults")) {
			if (sim_keys_faults(c, NULL, &bus->faults, v) < 0)
				return -1;
		} else if (!strcmp(key, "adapter")) {
			if (get_adapter(c, &bus->adapter, v) < 0)
				return -1;
		} else
			return sim_keys_fail(
			    c, k,
			    _("unknown key \"%s\" (name, description, time_scale, seed, "
			      "faults, adapter, devices)"),
			    key);
	}
	if (!devs || devs->type != YAML_SEQUENCE_NODE)
		return sim_keys_fail(c, devs ? devs : root,
		                     _("a scenario needs a list of devices"));
	bus->n_devs = (size_t)(devs->data.sequence.items.top - devs->data.sequence.items.start);
	bus->devs = mw_xcalloc(bus->n_devs ? bus->n_devs : 1, sizeof *bus->devs);
	for (size_t i = 0; i < bus->n_devs; i++)
		if (load_device(c, &bus->devs[i],
		                sim_keys_node(c, devs->data.sequence.items.start[i])) < 0)
			return -1;
	return 0;
}

/* Parse text (a file's or a control value's) into doc; 0 or -1 + err. */
static int parse_doc(struct sim_parse *c, yaml_document_t *doc, const unsigned char *text,
                     size_t len)
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
	struct sim_parse c = {.path = path, .devices_dir = devices_dir, .err = err, .errsz = errsz};
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
	struct sim_parse c = {.path = "set", .bus = bus, .err = err, .errsz = errsz};
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
		r = sim_keys_fault(&c, &copy, &copy.faults, &k, v);
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
		r = sim_keys_fail(
		    &c, v, _("%s cannot be set this way (use attach, detach, or the scenario)"),
		    key);
	} else {
		k.data.scalar.value = (yaml_char_t *)key;
		r = sim_keys_device(&c, &copy, &k, v);
	}
	line = copy.address != d->address || copy.baud != d->baud || copy.format != d->format;
	if (r == 0 && line)
		r = sim_keys_check_line(&c, &copy, v);
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
