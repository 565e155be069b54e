/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identify.c - which model answers at an address: the identification
 * probes of every device file (`identify:`), read once each even when
 * several files probe the same register, and the model whose probes all
 * pass.  When more than one passes, the one with more exact-value probes
 * wins, then the one that supports the line as it is set.  DL/T645
 * meters the same way, by the meter-number DI of their files.  Reads only.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "identify.h"

#define CACHE_MAX   32
#define IDENT_TRIES 4 /* tries of one identification read whose reply is lost */

/* One read, kept so a register probed by several files is read once. */
struct probe_read {
	enum mw_table table;
	uint16_t reg;
	int n;
	int rc; /* 0 read, -1 failed */
	enum mw_bus_err why;
	int exception;
	uint16_t w[2];
};

struct probe_cache {
	struct probe_read r[CACHE_MAX];
	int n;
};

static const char *table_name(enum mw_table t)
{
	switch (t) {
	case MW_TABLE_HOLDING:
		return "holding";
	case MW_TABLE_INPUT:
		return "input";
	case MW_TABLE_COIL:
		return "coil";
	case MW_TABLE_DISCRETE:
		return "discrete";
	}
	return "?";
}

static int probe_words(const struct mw_probe *p)
{
	int n = mw_type_words(p->type, 0);

	return n >= 1 && n <= 2 ? n : 1;
}

/*
 * Read (or recall) the words probe p looks at.  The device answered the
 * scan's probe a moment ago, so a read that gets no reply or a corrupt one
 * lost its reply on the line: a read that gets no reply is tried again, up
 * to IDENT_TRIES times (two lost replies in a row listed a meter that
 * answers as "unknown"); a corrupt reply twice, as before (a collision
 * must stay visible).  An exception or a reply ends the tries.
 */
static const struct probe_read *cache_read(struct probe_cache *c, struct mw_bus *b, int addr,
                                           const struct mw_probe *p)
{
	struct probe_read *r;
	char err[256];
	int n = probe_words(p);

	for (int i = 0; i < c->n; i++)
		if (c->r[i].table == p->table && c->r[i].reg == p->reg && c->r[i].n == n)
			return &c->r[i];
	if (c->n >= CACHE_MAX)
		return NULL;
	r = &c->r[c->n++];
	memset(r, 0, sizeof *r);
	r->table = p->table;
	r->reg = p->reg;
	r->n = n;
	for (int attempt = 0; attempt < IDENT_TRIES; attempt++) {
		r->rc = mw_bus_read(b, addr, p->table, p->reg, n, r->w, err, sizeof err);
		r->why = r->rc == 0 ? MW_BUS_OK : mw_bus_last_error(b);
		r->exception = r->why == MW_BUS_EXCEPTION ? mw_bus_exception(b) : 0;
		if (r->rc == 0 || r->why == MW_BUS_EXCEPTION || r->why == MW_BUS_IO)
			break;
		/* corrupt replies are tried twice only: garbled ones, again and
		   again, say two devices answer (the caller reports it) */
		if (r->why != MW_BUS_TIMEOUT && attempt >= 1)
			break;
	}
	return r;
}

static bool probe_passes(const struct mw_probe *p, const struct probe_read *r)
{
	double v;

	if (!r || r->rc != 0)
		return false;
	v = mw_decode_raw(p->type, p->word_order, MW_BYTES_HIGH_FIRST, r->w);
	if (isnan(v))
		return false;
	if (p->has_equals && (uint32_t)v != p->equals)
		return false;
	if (p->has_range) {
		v *= p->scale != 0 ? p->scale : 1;
		if (!(v >= p->min && v <= p->max))
			return false;
	}
	return p->has_equals || p->has_range;
}

static bool supports_line(const struct mw_model *m, const struct mw_linecfg *lc)
{
	bool baud = false, fmt = false;

	if (!lc)
		return true;
	for (size_t i = 0; i < m->line.n_bauds; i++)
		baud |= m->line.bauds[i] == lc->baud;
	for (size_t i = 0; i < m->line.n_formats; i++)
		fmt |= m->line.formats[i] == lc->format;
	return baud && fmt;
}

/* Append "holding 0x0000 = 0x0334" (or why it could not be read) to buf. */
static void describe(const struct probe_read *r, char *buf, size_t bufsz)
{
	size_t len = strlen(buf);
	char item[96];

	if (r->rc == 0 && r->n == 1)
		snprintf(item, sizeof item, "%s 0x%04X = 0x%04X", table_name(r->table), r->reg,
		         r->w[0]);
	else if (r->rc == 0)
		snprintf(item, sizeof item, "%s 0x%04X = 0x%04X 0x%04X", table_name(r->table),
		         r->reg, r->w[0], r->w[1]);
	else if (r->why == MW_BUS_EXCEPTION)
		snprintf(item, sizeof item, _("%s 0x%04X: exception %d"), table_name(r->table),
		         r->reg, r->exception);
	else if (r->why == MW_BUS_TIMEOUT)
		snprintf(item, sizeof item, _("%s 0x%04X: no reply"), table_name(r->table), r->reg);
	else
		snprintf(item, sizeof item, _("%s 0x%04X: corrupt reply"), table_name(r->table),
		         r->reg);
	if (len + 2 < bufsz)
		snprintf(buf + len, bufsz - len, "%s%s", len ? "; " : "", item);
}

const struct mw_model *mw_identify(struct mw_bus *b, int addr, const struct mw_catalog *cat,
                                   char *what, size_t whatsz)
{
	struct probe_cache cache = {.n = 0};
	const struct mw_linecfg *lc = mw_bus_line(b);
	const struct mw_model *best = NULL;
	int best_score = -1;

	if (what && whatsz)
		what[0] = '\0';
	for (size_t m = 0; cat && m < cat->n_models; m++) {
		const struct mw_model *mod = cat->models[m];
		bool all = mod->n_probes > 0;
		int score = 0;

		for (size_t p = 0; all && p < mod->n_probes; p++) {
			const struct mw_probe *pr = &mod->probes[p];
			const struct probe_read *r = cache_read(&cache, b, addr, pr);

			if (r && r->rc != 0 && r->why == MW_BUS_IO) {
				if (what && whatsz)
					snprintf(what, whatsz,
					         _("the port failed while identifying"));
				return NULL;
			}
			all = probe_passes(pr, r);
			score += pr->has_equals ? 4 : 1;
		}
		if (!all)
			continue;
		score = score * 2 + supports_line(mod, lc);
		if (score > best_score) {
			best = mod;
			best_score = score;
		}
	}
	if (!what || !whatsz)
		return best;
	if (best) {
		snprintf(what, whatsz, "%s", best->name);
		return best;
	}
	if (cache.n == 0)
		snprintf(what, whatsz, _("no device file has identification probes"));
	for (int i = 0; i < cache.n; i++)
		describe(&cache.r[i], what, whatsz);
	return NULL;
}

/* One meter-number read of a DL/T645 identification, kept per DI. */
struct dlt_read {
	uint32_t di;
	int rc; /* 0 read, -1 failed */
	enum mw_bus_err why;
	struct dlt645_frame rep;
};

/* Read (or recall) DI di of meter a; a lost reply is tried twice. */
static const struct dlt_read *dlt_read(struct dlt_read *c, int *n, struct mw_bus *b,
                                       const struct dlt645_addr *a, uint32_t di,
                                       unsigned long *requests)
{
	struct dlt645_frame q;
	char err[256];
	struct dlt_read *r;

	for (int i = 0; i < *n; i++)
		if (c[i].di == di)
			return &c[i];
	if (*n >= CACHE_MAX)
		return NULL;
	r = &c[(*n)++];
	memset(r, 0, sizeof *r);
	r->di = di;
	dlt645_req_read(&q, a, di);
	for (int attempt = 0; attempt < 3; attempt++) {
		r->rc = mw_bus_dlt645(b, &q, DLT645_WAKEUP, 1, &r->rep, err, sizeof err);
		r->why = r->rc == 0 ? MW_BUS_OK : mw_bus_last_error(b);
		if (requests)
			(*requests)++;
		if (r->rc == 0 || r->why == MW_BUS_EXCEPTION || r->why == MW_BUS_IO)
			break;
	}
	return r;
}

/* Does the reply r carry DI di, and (match) the meter's own address? */
static bool dlt_number_passes(const struct dlt_read *r, const struct dlt645_addr *a, bool match)
{
	if (!r || r->rc != 0 || r->rep.len < 4 || dlt645_di_get(r->rep.data) != r->di)
		return false;
	return !match || (r->rep.len >= 10 && memcmp(r->rep.data + 4, a->a, 6) == 0);
}

const struct mw_model *mw_identify_dlt645(struct mw_bus *b, const struct dlt645_addr *a,
                                          const struct mw_catalog *cat, int tau_ms, char *what,
                                          size_t whatsz, unsigned long *requests)
{
	struct dlt_read cache[CACHE_MAX];
	const struct mw_linecfg *lc = mw_bus_line(b);
	const struct mw_model *best = NULL;
	int n = 0, best_score = -1, resp, byte;
	bool unanswered = false; /* an identifying read got no valid reply */

	mw_bus_get_timeouts(b, &resp, &byte);
	mw_bus_set_timeouts(b, tau_ms, byte);
	if (what && whatsz)
		what[0] = '\0';
	for (size_t m = 0; cat && m < cat->n_models; m++) {
		const struct mw_model *mod = cat->models[m];
		int score = 0;

		if (mod->protocol != MW_PROTO_DLT645 || !mod->dlt_id_address)
			continue; /* it was found by a read address */
		score++;
		if (mod->dlt_id_di) {
			const struct dlt_read *r =
			    dlt_read(cache, &n, b, a, mod->dlt_id_di, requests);

			if (r && r->rc != 0 && r->why == MW_BUS_IO) {
				if (what && whatsz)
					snprintf(what, whatsz,
					         _("the port failed while identifying"));
				mw_bus_set_timeouts(b, resp, byte);
				return NULL;
			}
			if (r && r->rc != 0 && r->why != MW_BUS_EXCEPTION)
				unanswered = true;
			if (!dlt_number_passes(r, a, mod->dlt_id_di_match))
				continue;
			score += mod->dlt_id_di_match ? 4 : 2;
		}
		score = score * 2 + supports_line(mod, lc);
		if (score > best_score) {
			best = mod;
			best_score = score;
		}
	}
	mw_bus_set_timeouts(b, resp, byte);
	/* A lost reply is no "no": a file the meter could not be told by must
	 * not win over one whose identifying read went unanswered. */
	if (best && !best->dlt_id_di && unanswered)
		best = NULL;
	if (!what || !whatsz)
		return best;
	if (best) {
		snprintf(what, whatsz, "%s", best->name);
		return best;
	}
	snprintf(what, whatsz, "%s", _("unknown DL/T645 meter"));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(what);
		char words[128];

		if (cache[i].rc == 0)
			snprintf(words, sizeof words, _("DI %08X read"), (unsigned)cache[i].di);
		else if (cache[i].why == MW_BUS_EXCEPTION) {
			char e[96];

			dlt645_error_text(cache[i].rep.len ? cache[i].rep.data[0] : 0, e, sizeof e);
			snprintf(words, sizeof words, _("DI %08X: %s"), (unsigned)cache[i].di, e);
		} else
			snprintf(words, sizeof words, _("DI %08X: no valid reply"),
			         (unsigned)cache[i].di);
		snprintf(what + len, whatsz - len, "%s%s", i ? "; " : ": ", words);
	}
	return NULL;
}
