/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario_keys.c - the keys of a scenario's devices and of its bus:
 * numbers, phases, faults, energies, formats, a DL/T645 meter's address
 * and prepaid state, and the line settings checked against the device
 * file.  The same rules read a scenario file and the control socket's
 * "set ID KEY VALUE" (scenario.c); every error is "file:line:column:
 * message".
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dlt.h"
#include "i18n.h"
#include "scenario_keys.h"
#include "yamlscalar.h"

int sim_keys_fail(struct sim_parse *c, const yaml_node_t *n, const char *fmt, ...)
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

yaml_node_t *sim_keys_node(struct sim_parse *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

const char *sim_keys_scalar(const yaml_node_t *n)
{
	return mw_yaml_scalar(n);
}

int sim_keys_double(struct sim_parse *c, yaml_node_t *n, double *x)
{
	const char *s = sim_keys_scalar(n);

	if (!s || !*s)
		return sim_keys_fail(c, n, _("expected a number"));
	if (!mw_yaml_parse_double(s, x))
		return sim_keys_fail(c, n, _("\"%s\" is not a number"), s);
	return 0;
}

int sim_keys_int(struct sim_parse *c, yaml_node_t *n, int *x)
{
	const char *s = sim_keys_scalar(n);
	long v;

	if (!s || !*s)
		return sim_keys_fail(c, n, _("expected a whole number"));
	if (!mw_yaml_parse_long(s, &v) || v < -1000000000L || v > 1000000000L)
		return sim_keys_fail(c, n, _("\"%s\" is not a whole number"), s);
	*x = (int)v;
	return 0;
}

static int get_bool(struct sim_parse *c, yaml_node_t *n, bool *b)
{
	const char *s = sim_keys_scalar(n);

	if (s && mw_yaml_parse_bool(s, b))
		return 0;
	/* Scenarios also say on/off (a relay, a fault). */
	if (s && (!strcmp(s, "on") || !strcmp(s, "off"))) {
		*b = !strcmp(s, "on");
		return 0;
	}
	return sim_keys_fail(c, n, _("expected true or false"));
}

static int get_rate(struct sim_parse *c, yaml_node_t *n, double *x)
{
	if (sim_keys_double(c, n, x) < 0)
		return -1;
	if (*x < 0 || *x > 1)
		return sim_keys_fail(c, n, _("a rate is between 0 and 1"));
	return 0;
}

/* One number for all three phases, or a list of three. */
static int get_triple(struct sim_parse *c, yaml_node_t *n, double *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		if (sim_keys_double(c, n, &out[0]) < 0)
			return -1;
		out[1] = out[2] = out[0];
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE ||
	    n->data.sequence.items.top - n->data.sequence.items.start != SIM_PHASES)
		return sim_keys_fail(c, n, _("expected a number or a list of three (L1, L2, L3)"));
	for (int k = 0; k < SIM_PHASES; k++)
		if (sim_keys_double(c, sim_keys_node(c, n->data.sequence.items.start[k]), &out[k]) <
		    0)
			return -1;
	return 0;
}

/* A phase name L1..L3 as index 0..2. */
static int get_phase(struct sim_parse *c, yaml_node_t *n, int *k)
{
	const char *s = sim_keys_scalar(n);

	if (s && (s[0] == 'L' || s[0] == 'l') && s[1] >= '1' && s[1] <= '3' && !s[2]) {
		*k = s[1] - '1';
		return 0;
	}
	return sim_keys_fail(c, n, _("expected a phase: L1, L2 or L3"));
}

/* A phase or a list of phases (none: empty list or "none"). */
static int get_phases(struct sim_parse *c, yaml_node_t *n, bool *out, int *list, int *count)
{
	int k;

	memset(out, 0, SIM_PHASES * sizeof *out);
	*count = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (!strcmp(sim_keys_scalar(n), "none") || !*sim_keys_scalar(n))
			return 0;
		if (get_phase(c, n, &k) < 0)
			return -1;
		out[k] = true;
		list[(*count)++] = k;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return sim_keys_fail(c, n, _("expected a phase or a list of phases"));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		if (get_phase(c, sim_keys_node(c, *i), &k) < 0)
			return -1;
		out[k] = true;
		if (*count < SIM_PHASES)
			list[(*count)++] = k;
	}
	return 0;
}

static int get_wobble(struct sim_parse *c, yaml_node_t *n, struct sim_wobble *w)
{
	if (n->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, n,
		                     _("expected a mapping of voltage, current, angle, frequency"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = sim_keys_node(c, p->key), *v = sim_keys_node(c, p->value);
		const char *key = sim_keys_scalar(k);
		double *dst = !key                        ? NULL
		              : !strcmp(key, "voltage")   ? &w->voltage
		              : !strcmp(key, "current")   ? &w->current
		              : !strcmp(key, "angle")     ? &w->angle
		              : !strcmp(key, "frequency") ? &w->frequency
		                                          : NULL;

		if (!dst)
			return sim_keys_fail(
			    c, k, _("unknown key \"%s\" (voltage, current, angle, frequency)"),
			    key ? key : "?");
		if (sim_keys_double(c, v, dst) < 0)
			return -1;
	}
	return 0;
}

int sim_keys_fault(struct sim_parse *c, struct sim_device *d, struct sim_faults *f, yaml_node_t *k,
                   yaml_node_t *v)
{
	const char *key = sim_keys_scalar(k);
	int list[SIM_PHASES], count;
	bool on[SIM_PHASES];

	if (!key)
		return sim_keys_fail(c, k, _("expected a key"));
	if (!strcmp(key, "crc_error_rate"))
		return get_rate(c, v, &f->crc_error_rate);
	if (!strcmp(key, "drop_rate"))
		return get_rate(c, v, &f->drop_rate);
	if (!strcmp(key, "extra_turnaround_ms"))
		return sim_keys_double(c, v, &f->extra_turnaround_ms);
	if (!d && !strcmp(key, "garbage_rate"))
		return sim_keys_double(c, v, &f->garbage_rate);
	if (!d && !strcmp(key, "garbage_max"))
		return sim_keys_int(c, v, &f->garbage_max);
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
			return sim_keys_fail(
			    c, v, _("ct_swap takes two different phases, e.g. [L1, L2]"));
		d->wiring.ct_swap[0] = count ? list[0] : -1;
		d->wiring.ct_swap[1] = count ? list[1] : -1;
		return 0;
	}
	if (d && !strcmp(key, "reverse_sequence"))
		return get_bool(c, v, &d->wiring.reverse_sequence);
	if (d)
		return sim_keys_fail(
		    c, k,
		    _("unknown fault \"%s\" (ct_reversed, ct_swap, lost_phase, "
		      "reverse_sequence, crc_error_rate, drop_rate, extra_turnaround_ms)"),
		    key);
	return sim_keys_fail(
	    c, k,
	    _("unknown bus fault \"%s\" (crc_error_rate, drop_rate, extra_turnaround_ms, "
	      "garbage_rate, garbage_max)"),
	    key);
}

int sim_keys_faults(struct sim_parse *c, struct sim_device *d, struct sim_faults *f, yaml_node_t *n)
{
	if (n->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, n, _("expected a mapping of faults"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if (sim_keys_fault(c, d, f, sim_keys_node(c, p->key), sim_keys_node(c, p->value)) <
		    0)
			return -1;
	return 0;
}

/* energy: {active_import: [..], ...}: initial counters per phase. */
static int get_energy(struct sim_parse *c, struct sim_device *d, yaml_node_t *n)
{
	static const char *const names[SIM_E__COUNT] = {
	    "active_import", "active_export", "reactive_import", "reactive_export", "apparent"};

	if (n->type != YAML_MAPPING_NODE)
		return sim_keys_fail(c, n, _("expected a mapping of energy counters"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = sim_keys_node(c, p->key);
		const char *key = sim_keys_scalar(k);
		double e[SIM_PHASES];
		int which = -1;

		for (int i = 0; i < SIM_E__COUNT; i++)
			if (key && !strcmp(key, names[i]))
				which = i;
		if (which < 0)
			return sim_keys_fail(
			    c, k,
			    _("unknown energy \"%s\" (active_import, active_export, "
			      "reactive_import, reactive_export, apparent)"),
			    key ? key : "?");
		if (get_triple(c, sim_keys_node(c, p->value), e) < 0)
			return -1;
		d->energy[SIM_PHASES][which] = 0;
		for (int i = 0; i < SIM_PHASES; i++) {
			if (e[i] < 0)
				return sim_keys_fail(c, sim_keys_node(c, p->value),
				                     _("an energy counter is not negative"));
			d->energy[i][which] = e[i];
			d->energy[SIM_PHASES][which] += e[i];
		}
	}
	return 0;
}

/* A format or a list of formats, as a bit set. */
static int get_formats(struct sim_parse *c, yaml_node_t *n, unsigned *set)
{
	int f;

	*set = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (!strcmp(sim_keys_scalar(n), "none") || !*sim_keys_scalar(n))
			return 0;
		if ((f = mw_format_parse(sim_keys_scalar(n))) < 0)
			return sim_keys_fail(c, n, _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		*set = 1u << f;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return sim_keys_fail(c, n, _("expected a list of formats, e.g. [8N1, 8N2]"));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		if ((f = mw_format_parse(sim_keys_scalar(sim_keys_node(c, *i)))) < 0)
			return sim_keys_fail(c, sim_keys_node(c, *i),
			                     _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		*set |= 1u << f;
	}
	return 0;
}

int sim_keys_check_line(struct sim_parse *c, struct sim_device *d, yaml_node_t *n)
{
	const struct mw_line *l = &d->model->line;
	bool ok = false;

	for (size_t i = 0; i < l->n_bauds; i++)
		ok = ok || l->bauds[i] == d->baud;
	if (!ok)
		return sim_keys_fail(c, n, _("%s: %s does not support %d baud"), d->id,
		                     d->model->name, d->baud);
	ok = false;
	for (size_t i = 0; i < l->n_formats; i++)
		ok = ok || l->formats[i] == d->format;
	if (!ok)
		return sim_keys_fail(c, n, _("%s: %s does not support %s"), d->id, d->model->name,
		                     mw_format_name(d->format));
	if (d->model->protocol == MW_PROTO_MODBUS && (d->address < 1 || d->address > 247))
		return sim_keys_fail(c, n, _("%s: address %d is outside 1..247"), d->id,
		                     d->address);
	return 0;
}

/* Keys of a DL/T645 device: its address and its prepaid meter's state. */
static int set_dlt_key(struct sim_parse *c, struct sim_device *d, const char *key, yaml_node_t *v)
{
	const char *s = sim_keys_scalar(v);
	struct dlt645_addr a;

	if (!strcmp(key, "address")) {
		if (!s || dlt645_addr_parse(s, &a) < 0 || memchr(a.a, 0xAA, 6) ||
		    dlt645_addr_is_broadcast(&a))
			return sim_keys_fail(
			    c, v,
			    _("a DL/T645 address is 12 decimal digits in quotes, e.g. "
			      "\"000000000001\""));
		d->dlt.addr = a;
		return 0;
	}
	if (!strcmp(key, "credit"))
		return sim_keys_double(c, v, &d->dlt.credit);
	if (!strcmp(key, "price"))
		return sim_keys_double(c, v, &d->dlt.price);
	if (!strcmp(key, "cut_s"))
		return sim_keys_double(c, v, &d->dlt.cut_s);
	if (!strcmp(key, "frame_max")) {
		double fm;

		if (sim_keys_double(c, v, &fm) < 0)
			return -1;
		if (fm < 8 || fm > 200 || fm != (int)fm)
			return sim_keys_fail(
			    c, v, _("frame_max is the data bytes of one reply frame, 8 to 200"));
		d->dlt.frame_max = (int)fm;
		return 0;
	}
	if (!strcmp(key, "programming_key"))
		return get_bool(c, v, &d->dlt.key);
	if (!strcmp(key, "guarantee"))
		return get_bool(c, v, &d->dlt.guarantee);
	if (!strcmp(key, "relay")) {
		if (!s || (strcmp(s, "open") && strcmp(s, "closed")))
			return sim_keys_fail(c, v, _("relay is open or closed"));
		d->dlt.relay_open = !strcmp(s, "open");
		return 0;
	}
	if (!strcmp(key, "password")) {
		char *end;
		unsigned long pw = s ? strtoul(s, &end, 16) : 0;

		if (!s || strlen(s) != 6 || *end || pw > 0xFFFFFF)
			return sim_keys_fail(
			    c, v, _("a DL/T645 password is 6 digits in quotes, e.g. \"000000\""));
		d->dlt.password = (uint32_t)pw;
		return 0;
	}
	return 1; /* not a DL/T645 key */
}

int sim_keys_device(struct sim_parse *c, struct sim_device *d, yaml_node_t *k, yaml_node_t *v)
{
	const char *key = sim_keys_scalar(k);
	int f;

	if (!key)
		return sim_keys_fail(c, k, _("expected a key"));
	if (d->model && d->model->protocol == MW_PROTO_DLT645) {
		int r = set_dlt_key(c, d, key, v);

		if (r <= 0)
			return r;
	}
	if (!strcmp(key, "address"))
		return sim_keys_int(c, v, &d->address);
	if (!strcmp(key, "baud"))
		return sim_keys_int(c, v, &d->baud);
	if (!strcmp(key, "format")) {
		if ((f = mw_format_parse(sim_keys_scalar(v))) < 0)
			return sim_keys_fail(c, v, _("expected a format: 8N1, 8E1, 8O1 or 8N2"));
		d->format = (enum mw_format)f;
		return 0;
	}
	if (!strcmp(key, "also_formats"))
		return get_formats(c, v, &d->also_formats);
	if (!strcmp(key, "turnaround_ms"))
		return sim_keys_int(c, v, &d->turnaround_ms);
	if (!strcmp(key, "attached"))
		return get_bool(c, v, &d->attached);
	if (!strcmp(key, "voltage"))
		return get_triple(c, v, d->phys.voltage);
	if (!strcmp(key, "current"))
		return get_triple(c, v, d->phys.current);
	if (!strcmp(key, "angle"))
		return get_triple(c, v, d->phys.angle);
	if (!strcmp(key, "frequency"))
		return sim_keys_double(c, v, &d->phys.frequency);
	if (!strcmp(key, "noise"))
		return get_wobble(c, v, &d->phys.noise);
	if (!strcmp(key, "drift"))
		return get_wobble(c, v, &d->phys.drift);
	if (!strcmp(key, "drift_period_s"))
		return sim_keys_double(c, v, &d->phys.drift_period_s);
	if (!strcmp(key, "energy"))
		return get_energy(c, d, v);
	if (!strcmp(key, "faults"))
		return sim_keys_faults(c, d, &d->faults, v);
	return sim_keys_fail(c, k, _("unknown device key \"%s\""), key);
}
