/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_follow.c - finding a meter safely around a line change: how many
 * tries the loss on the line calls for, whether a destination is free
 * (anything but clean silence means taken), which meter answers at a
 * place (a value that differs from meter to meter), and the search for
 * the meter after its address, baud or format changed.  Used by
 * engine_set.c (the check before) and engine_apply.c (the search after).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "engine.h"
#include "engine_int.h"
#include "i18n.h"

/* The chance of missing a present meter that the tries are sized for. */
#define MISS_BOUND 1e-6
#define MAX_TRIES  64

int mw_tries_for_loss(const struct mw_bus *b, int addr, bool silent_only)
{
	const struct mw_stats *s = mw_bus_stats(b, addr);
	double req = s ? (double)s->requests : 0, lost, p;
	int n;

	if (!s)
		return 3;
	lost = silent_only ? (double)s->timeouts : (double)(s->requests - s->replies);
	/* An upper estimate: two pretend losses on top of what was seen. */
	p = (lost + 2) / (req + 2);
	p = p < 0.2 ? 0.2 : p > 0.8 ? 0.8 : p;
	n = (int)ceil(log(MISS_BOUND) / log(p));
	return n < 3 ? 3 : n > MAX_TRIES ? MAX_TRIES : n;
}

const struct mw_value *mw_distinct_value(const struct mw_model *m)
{
	const struct mw_value *v = NULL;

	/* the device file says which (identity: true) */
	for (size_t i = 0; i < m->n_values; i++)
		if (m->values[i].identity)
			return &m->values[i];
	/* else by rule: a serial, else the total energy */
	for (size_t i = 0; i < m->n_values; i++)
		if (m->values[i].group && strcmp(m->values[i].group, "identity") == 0 &&
		    strstr(m->values[i].name, "serial") && m->values[i].table == MW_TABLE_HOLDING)
			return &m->values[i];
	v = mw_model_find(m, MW_Q_ACTIVE_ENERGY, MW_PHASE_TOTAL);
	if (!v)
		v = mw_model_find(m, MW_Q_ACTIVE_ENERGY_IMPORT, MW_PHASE_TOTAL);
	if (v && (v->table != MW_TABLE_HOLDING || mw_value_words(v) > 16))
		v = NULL;
	return v;
}

/* Same meter?  A serial must match word for word; an energy counter may
 * only have grown a little (1 % or 1 kWh) since it was read before. */
static bool same_meter(const struct mw_value *v, const uint16_t *before, const uint16_t *now)
{
	double a, c;
	char t[64];

	if (v->type == MW_T_STRING)
		return memcmp(before, now, (size_t)mw_value_words(v) * sizeof *now) == 0;
	if (mw_decode_value(v, before, -1, &a, t, sizeof t) < 0 ||
	    mw_decode_value(v, now, -1, &c, t, sizeof t) < 0)
		return true; /* cannot tell: do not accuse */
	return c >= a - 1e-9 && c <= a + fmax(fabs(a) * 0.01, 1.0);
}

int mw_distinct_check(struct mw_bus *b, const struct mw_set_plan *p, int addr, int tries)
{
	int retries = mw_bus_retries(b), rc = -1;
	uint16_t w[16];
	char e[256];

	if (!p->have_distinct)
		return 1;
	mw_bus_set_retries(b, 1);
	for (int i = 0; i < tries; i++) {
		if (mw_bus_read(b, addr, MW_TABLE_HOLDING, p->distinct->reg,
		                mw_value_words(p->distinct), w, e, sizeof e) == 0) {
			rc = same_meter(p->distinct, p->distinct_words, w) ? 1 : 0;
			break;
		}
		if (mw_bus_last_error(b) == MW_BUS_IO || mw_bus_last_error(b) == MW_BUS_EXCEPTION)
			break;
	}
	mw_bus_set_retries(b, retries);
	return rc;
}

/*
 * `tries` probes of addr at the bus's current line: 0 silence, 1 taken, -1
 * the port failed (e holds why).  strict: anything but clean silence means
 * taken; otherwise only a whole frame from addr (a reply or an exception)
 * does, since at a line format nobody on the bus speaks, noise is what
 * one expects.
 */
static int probe_place(struct mw_bus *b, int addr, int tries, bool strict, char *e, size_t esz)
{
	int from;
	uint16_t w;

	for (int i = 0; i < tries; i++) {
		enum mw_bus_err x;

		if (mw_bus_is_tcp(b))
			x = mw_bus_read(b, addr, MW_TABLE_HOLDING, 0, 1, &w, e, esz) == 0
			        ? MW_BUS_OK
			        : mw_bus_last_error(b);
		else
			x = mw_bus_probe(b, addr, MW_TABLE_HOLDING, 0, 1, &w, &from, e, esz) == 0
			        ? MW_BUS_OK
			        : mw_bus_last_error(b);
		/* A gateway's "target did not respond" is silence, not a device. */
		if (x == MW_BUS_EXCEPTION && mw_bus_is_tcp(b) &&
		    (mw_bus_exception(b) == 0x0A || mw_bus_exception(b) == 0x0B))
			x = MW_BUS_TIMEOUT;
		if (x == MW_BUS_TIMEOUT)
			continue;
		if (x == MW_BUS_IO)
			return -1;
		if (strict || x == MW_BUS_OK || x == MW_BUS_EXCEPTION)
			return 1;
	}
	return 0;
}

int mw_dest_free(struct mw_bus *b, int addr, const struct mw_linecfg *lc,
                 const struct mw_linecfg *back, int tries, char *err, size_t errsz)
{
	int retries = mw_bus_retries(b), rc;
	char where[64], e[256];

	mw_where(b, addr, lc, where, sizeof where);
	if (mw_bus_set_line(b, lc, e, sizeof e) < 0) {
		snprintf(err, errsz, _("cannot check whether %s is free: %s (nothing was written)"),
		         where, e);
		return -1;
	}
	mw_bus_set_retries(b, 1);
	rc = probe_place(b, addr, tries, true, e, sizeof e);
	if (rc < 0)
		snprintf(err, errsz, _("cannot check whether %s is free: %s (nothing was written)"),
		         where, e);
	else if (rc > 0)
		snprintf(err, errsz,
		         _("another device already answers at %s: the meter would collide "
		           "with it; choose another address (nothing was written)"),
		         where);
	mw_bus_set_retries(b, retries);
	(void)mw_bus_set_line(b, back, e, sizeof e);
	return rc;
}

int mw_dest_free_formats(struct mw_bus *b, int addr, const struct mw_linecfg *lc,
                         const struct mw_place *self, const struct mw_linecfg *back, int tries,
                         char *err, size_t errsz)
{
	int retries = mw_bus_retries(b), rc = 0;
	char where[64], e[256];

	if (mw_bus_is_tcp(b))
		return 0; /* the gateway's serial side is not ours */
	mw_bus_set_retries(b, 1);
	for (int f = 0; f < MW_FMT__COUNT && rc == 0; f++) {
		struct mw_linecfg at = {lc->baud, (enum mw_format)f};

		if (at.format == lc->format)
			continue;
		/* the meter itself, where it is now */
		if (addr == self->addr && at.baud == self->line.baud &&
		    at.format == self->line.format)
			continue;
		mw_where(b, addr, &at, where, sizeof where);
		if (mw_bus_set_line(b, &at, e, sizeof e) < 0) {
			snprintf(err, errsz,
			         _("cannot check whether %s is free: %s (nothing was written)"),
			         where, e);
			rc = -1;
			break;
		}
		rc = probe_place(b, addr, tries, false, e, sizeof e);
		if (rc < 0)
			snprintf(err, errsz,
			         _("cannot check whether %s is free: %s (nothing was written)"),
			         where, e);
		else if (rc > 0)
			snprintf(
			    err, errsz,
			    _("another device answers at %s, the meter's new address at another "
			      "frame format: two devices would share address %d on this bus; "
			      "choose another address (nothing was written)"),
			    where, addr);
	}
	mw_bus_set_retries(b, retries);
	(void)mw_bus_set_line(b, back, e, sizeof e);
	return rc;
}

size_t mw_follow_places(int old_addr, const struct mw_linecfg *old_line, int exp_addr,
                        const struct mw_linecfg *exp_line, struct mw_place *out)
{
	int addrs[2] = {exp_addr, old_addr}, bauds[2] = {exp_line->baud, old_line->baud};
	enum mw_format fmts[2] = {exp_line->format, old_line->format};
	int na = exp_addr != old_addr ? 2 : 1, nb = exp_line->baud != old_line->baud ? 2 : 1;
	int nf = exp_line->format != old_line->format ? 2 : 1;
	size_t n = 0;

	/* The expected place first, the old one second, then the mixes. */
	out[n++] = (struct mw_place){exp_addr, *exp_line};
	if (na * nb * nf > 1)
		out[n++] = (struct mw_place){old_addr, *old_line};
	for (int a = 0; a < na; a++)
		for (int bd = 0; bd < nb; bd++)
			for (int f = 0; f < nf; f++) {
				struct mw_place c = {addrs[a], {bauds[bd], fmts[f]}};

				if ((a == 0 && bd == 0 && f == 0) ||
				    (a == na - 1 && bd == nb - 1 && f == nf - 1))
					continue;
				out[n++] = c;
			}
	return n;
}

void mw_places_text(const struct mw_bus *b, const struct mw_place *c, size_t n, char *buf,
                    size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < sz; i++) {
		char w[64];

		mw_where(b, c[i].addr, &c[i].line, w, sizeof w);
		len += (size_t)snprintf(buf + len, sz - len, "%s%s", i ? "; " : "", w);
	}
}

int mw_follow_search(struct mw_bus *b, const struct mw_set_plan *p, const struct mw_set_write *w,
                     const struct mw_place *c, size_t n, int rounds, uint16_t *rb, bool *other)
{
	int retries = mw_bus_retries(b), found = -1;
	bool skip[MW_MAX_PLACES] = {false};
	char e[256];

	mw_bus_set_retries(b, 1);
	for (int r = 0; r < rounds && found < 0; r++) {
		for (size_t i = 0; i < n && found < 0; i++) {
			if (skip[i] || c[i].addr < 1 || c[i].addr > 247)
				continue;
			if (mw_bus_set_line(b, &c[i].line, e, sizeof e) < 0)
				continue;
			if (mw_engine_read(b, c[i].addr, p->model, w->table, w->reg, w->n, rb, e,
			                   sizeof e) < 0) {
				if (mw_bus_last_error(b) == MW_BUS_IO) {
					found = -2;
					break;
				}
				if (mw_bus_last_error(b) == MW_BUS_EXCEPTION)
					other[i] = skip[i] =
					    true; /* someone, not holding our block */
				continue;
			}
			/* A clean answer: is it this meter, or another one there? */
			if (mw_distinct_check(b, p, c[i].addr, p->tries) == 0) {
				other[i] = skip[i] = true;
				continue;
			}
			found = (int)i;
		}
	}
	mw_bus_set_retries(b, retries);
	return found;
}

void mw_where(const struct mw_bus *b, int addr, const struct mw_linecfg *lc, char *buf,
              size_t bufsz)
{
	if (mw_bus_is_tcp(b))
		snprintf(buf, bufsz, _("address %d"), addr);
	else
		snprintf(buf, bufsz, _("address %d, %d %s"), addr, lc->baud,
		         mw_format_name(lc->format));
}
