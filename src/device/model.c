/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model.c - names of the model enums, lookups in a model, and freeing.
 * The loader (devload.c) builds models; everything else only reads them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"

static const char *const format_names[MW_FMT__COUNT] = {"8N1", "8E1", "8O1", "8N2"};

const char *mw_format_name(enum mw_format f)
{
	return (unsigned)f < MW_FMT__COUNT ? format_names[f] : "?";
}

int mw_format_parse(const char *s)
{
	for (int i = 0; i < MW_FMT__COUNT; i++)
		if (s && strcasecmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

int mw_format_bits(enum mw_format f)
{
	return f == MW_FMT_8N1 ? 10 : 11;
}

const char *mw_phase_name(enum mw_phase p)
{
	static const char *const n[] = {"",      "L1",    "L2",    "L3", "total",
	                                "L1-L2", "L2-L3", "L3-L1", "C1", "C2"};

	return (unsigned)p < sizeof n / sizeof n[0] ? n[p] : "?";
}

const char *mw_quantity_name(enum mw_quantity q)
{
	static const char *const n[MW_Q__COUNT] = {
	    "none",
	    "voltage",
	    "line_voltage",
	    "current",
	    "active_power",
	    "reactive_power",
	    "apparent_power",
	    "power_factor",
	    "frequency",
	    "active_energy",
	    "active_energy_import",
	    "active_energy_export",
	    "reactive_energy",
	    "reactive_energy_import",
	    "reactive_energy_export",
	    "apparent_energy",
	    "apparent_demand",
	    "direction",
	    "alarm",
	    "status",
	};

	return (unsigned)q < MW_Q__COUNT ? n[q] : "?";
}

const char *mw_type_name(enum mw_type t)
{
	static const char *const n[] = {"u16",    "s16",  "u32",  "s32",      "float32",
	                                "string", "bits", "bool", "datetime", "schedule"};

	return (unsigned)t < sizeof n / sizeof n[0] ? n[t] : "?";
}

const char *mw_protocol_name(enum mw_protocol p)
{
	return p == MW_PROTO_DLT645 ? "dlt645" : "modbus";
}

const char *mw_model_protocol_name(const struct mw_model *m)
{
	return m->dlt_1997 ? "dlt645-1997" : mw_protocol_name(m->protocol);
}

const char *mw_kind_name(enum mw_kind k)
{
	return k == MW_KIND_DC ? "dc" : k == MW_KIND_AC1 ? "ac1" : "ac3";
}

const struct mw_value *mw_model_value(const struct mw_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_values; i++)
		if (strcmp(m->values[i].name, name) == 0)
			return &m->values[i];
	return NULL;
}

const struct mw_setting *mw_model_setting(const struct mw_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_settings; i++)
		if (strcmp(m->settings[i].name, name) == 0)
			return &m->settings[i];
	return NULL;
}

const struct mw_action *mw_model_action(const struct mw_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_actions; i++)
		if (strcmp(m->actions[i].name, name) == 0)
			return &m->actions[i];
	return NULL;
}

const struct mw_value *mw_model_find(const struct mw_model *m, enum mw_quantity q, enum mw_phase p)
{
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->quantity == q && v->phase == p && v->tariff == 0 && v->month == 0)
			return v;
	}
	return NULL;
}

const struct mw_setting *mw_model_line_setting(const struct mw_model *m, enum mw_line_role r)
{
	for (size_t i = 0; i < m->n_settings; i++)
		if (m->settings[i].line_role == r)
			return &m->settings[i];
	return NULL;
}

const struct mw_model *mw_catalog_find(const struct mw_catalog *c, const char *id)
{
	for (size_t i = 0; i < c->n_models; i++)
		if (strcasecmp(c->models[i]->id, id) == 0 ||
		    strcasecmp(c->models[i]->name, id) == 0)
			return c->models[i];
	return NULL;
}

void mw_model_free(struct mw_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_values; i++) {
		struct mw_value *v = &m->values[i];

		free(v->name);
		free(v->label);
		free(v->unit);
		free(v->group);
		free(v->note);
		free(v->sign.value);
		for (size_t j = 0; j < v->n_flags; j++) {
			free(v->flags[j].name);
			free(v->flags[j].label);
		}
		free(v->flags);
	}
	free(m->values);
	for (size_t i = 0; i < m->n_settings; i++) {
		struct mw_setting *s = &m->settings[i];

		free(s->name);
		free(s->label);
		free(s->unit);
		free(s->default_text);
		free(s->gap);
		free(s->note);
		for (size_t j = 0; j < s->n_choices; j++)
			free(s->choices[j].name);
		free(s->choices);
	}
	free(m->settings);
	for (size_t i = 0; i < m->n_actions; i++) {
		struct mw_action *a = &m->actions[i];

		free(a->name);
		free(a->label);
		free(a->words);
		free(a->param_label);
		free(a->gap);
		free(a->note);
	}
	free(m->actions);
	for (size_t i = 0; i < m->n_gaps; i++) {
		free(m->gaps[i].what);
		free(m->gaps[i].note);
	}
	free(m->gaps);
	free(m->probes);
	free(m->line.bauds);
	free(m->line.formats);
	free(m->line.fcs);
	free(m->unlock.setting);
	free(m->unlock.note);
	free(m->id);
	free(m->name);
	free(m->vendor);
	free(m->manual);
	free(m->path);
	free(m);
}

void mw_catalog_free(struct mw_catalog *c)
{
	for (size_t i = 0; i < c->n_models; i++)
		mw_model_free(c->models[i]);
	free(c->models);
	c->models = NULL;
	c->n_models = 0;
}
