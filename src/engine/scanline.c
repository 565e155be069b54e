/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scanline.c - the scan at one line setting: timed reads (every request
 * is counted for the bounds of --stats), the presence probe of one
 * address, the address-0 read, confirmation of corrupt replies (a slow
 * device answering late, two devices at one address, noise), and what is
 * done with a device once found: identification, its own view of its line
 * settings, and merging a device seen at several formats into one entry.
 * Reads only.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "i18n.h"
#include "identify.h"
#include "scanpriv.h"
#include "timing.h"
#include "xalloc.h"

#define CONFIRM_TRIES 3 /* re-reads of an address that gave a corrupt reply */

/* The scan's clock (seconds, monotonic); here, the lowest of the scan's
 * files, so that scan.c calls scanline.c and never the other way. */
double mw_scan_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void mw_scanline_event(struct mw_scan *s, enum mw_scan_event_kind k, int addr, int bad, int tries,
                       const char *text)
{
	struct mw_scan_event *e;

	if (s->n_ev >= SCAN_MAX_EVENTS)
		return;
	e = &s->ev[s->n_ev++];
	e->kind = k;
	e->addr = addr;
	e->line = s->phase == PH_DLT ? s->dlines[s->dli].lc : s->lines[s->li].lc;
	e->bad = bad;
	e->tries = tries;
	snprintf(e->text, sizeof e->text, "%s", text);
	if (s->o.on_event)
		s->o.on_event(s->o.ctx, e);
}

/* Wait for the line to fall quiet (after corrupt bytes); counted at cost. */
static void quiet(struct mw_scan *s, int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
	s->neutral_s += ms / 1000.0;
}

static void keep_reply(struct mw_scan *s, int addr, int n_bytes, double el)
{
	if (s->n_rep == s->cap_rep) {
		size_t cap = s->cap_rep ? 2 * s->cap_rep : 64;
		s->rep = mw_xrealloc(s->rep, cap * sizeof *s->rep);
		s->cap_rep = cap;
	}
	s->rep[s->n_rep++] = (struct scan_reply){s->li, addr, n_bytes, el};
}

enum scan_res mw_scanline_read(struct mw_scan *s, int addr, const struct scan_reg *r, uint16_t *w,
                               int tau_ms)
{
	struct scan_line *L = &s->lines[s->li];
	int byte_ms = (int)ceil(3000.0 * L->t_s) + 5;
	char err[256];
	double t0, el;
	int rc;

	mw_bus_set_timeouts(s->bus, tau_ms, byte_ms);
	t0 = mw_scan_now();
	s->bcast_from = -1;
	if (mw_bus_is_rtu_framed(s->bus) &&
	    (r->table == MW_TABLE_HOLDING || r->table == MW_TABLE_INPUT))
		rc = mw_bus_probe(s->bus, addr, r->table, r->reg, r->n, w, &s->bcast_from, err,
		                  sizeof err);
	else
		rc = mw_bus_read(s->bus, addr, r->table, r->reg, r->n, w, err, sizeof err);
	el = mw_scan_now() - t0;
	s->st.requests++;
	{
		/* a reply that came after its read timed out, dropped as stale
		 * before this request: its sender is looked at (mw_scanline_probe) */
		int from;

		if (mw_bus_drained(s->bus, &from) > 0 && from > 0 && from != addr &&
		    s->late_from <= 0) {
			s->late_from = from;
			s->late_at = t0;
		}
	}
	if (rc == 0) {
		s->st.replies++;
		L->decoded++;
		keep_reply(s, addr, 8 + 5 + 2 * r->n, el);
		return RES_DATA;
	}
	switch (mw_bus_last_error(s->bus)) {
	case MW_BUS_EXCEPTION:
		s->st.replies++;
		L->decoded++;
		keep_reply(s, addr, 8 + 5, el);
		return RES_EXCEPTION;
	case MW_BUS_TIMEOUT:
		s->st.timeouts++;
		L->n_timeouts++;
		L->tau_sum_s += tau_ms / 1000.0;
		s->to_wall_s += el;
		return RES_TIMEOUT;
	case MW_BUS_CRC:
	case MW_BUS_GARBLED:
		s->st.corrupt++;
		L->bad++;
		s->neutral_s += el;
		return RES_BAD;
	default:
		snprintf(s->err, sizeof s->err, "%s", err);
		return RES_IO;
	}
}

/* Shortest turnaround seen from addr at this line, ms (-1: no reply). */
static double turnaround_ms(const struct mw_scan *s, int addr)
{
	double best = -1;
	double t = s->lines[s->li].t_s;

	for (size_t i = 0; i < s->n_rep; i++)
		if (s->rep[i].line == s->li && s->rep[i].addr == addr) {
			double T = (s->rep[i].elapsed_s - s->rep[i].n_bytes * t) * 1000.0;

			if (T < 0)
				T = 0;
			if (best < 0 || T < best)
				best = T;
		}
	return best;
}

/* The device's own idea of its line settings, where its model says how. */
static int read_line_settings(struct mw_scan *s, struct mw_scan_dev *d, int tau)
{
	static const enum mw_line_role roles[] = {MW_LINE_ADDRESS, MW_LINE_BAUD, MW_LINE_FORMAT};
	char *out[] = {d->cfg_addr, d->cfg_baud, d->cfg_format};
	struct scan_reg last = {MW_TABLE_HOLDING, 0, 0};
	uint16_t w[8];
	bool have = false;

	for (int i = 0; i < 3; i++) {
		const struct mw_setting *st = mw_model_line_setting(d->model, roles[i]);
		struct scan_reg r;
		enum scan_res res;

		if (!st || st->gap || st->write_only || st->secret ||
		    (st->table != MW_TABLE_HOLDING && st->table != MW_TABLE_INPUT) ||
		    mw_setting_words(st) > 2)
			continue;
		r = (struct scan_reg){st->table, st->reg, mw_setting_words(st)};
		if (!have || r.table != last.table || r.reg != last.reg || r.n != last.n) {
			res = mw_scanline_read(s, d->addr, &r, w, tau);
			if (res == RES_IO)
				return -1;
			have = res == RES_DATA;
			last = r;
			if (!have)
				continue;
		}
		mw_setting_format(st, mw_setting_decode(st, w), out[i], 16);
	}
	return 0;
}

/* The same device seen at another format: same address, baud and model. */
static struct mw_scan_dev *same_device(struct mw_scan *s, const struct mw_scan_dev *d)
{
	for (int i = 0; i < s->n_dev; i++) {
		struct mw_scan_dev *o = &s->dev[i];

		if (o->addr == d->addr && o->line.baud == d->line.baud && o->model == d->model &&
		    o->line.format != d->line.format && strcmp(o->cfg_format, d->cfg_format) == 0 &&
		    strcmp(o->what, d->what) == 0)
			return o;
	}
	return NULL;
}

/* Is a device at addr already known at the current line? */
static bool known_here(const struct mw_scan *s, int addr)
{
	for (int i = 0; i < s->n_dev; i++)
		if (s->dev[i].addr == addr && s->dev[i].line.baud == s->lines[s->li].lc.baud &&
		    s->dev[i].line.format == s->lines[s->li].lc.format)
			return true;
	return false;
}

/* Something answered at addr: identify it, keep it, tell the front end. */
static int found(struct mw_scan *s, int addr)
{
	struct mw_scan_dev d, *o;
	int lt = mw_scanplan_long_timeout(s, s->li);
	double ta = turnaround_ms(s, addr);

	if (known_here(s, addr))
		return 0; /* already known here (address-0 read, then the sweep) */
	if (ta > 0) {
		/* a device slower than the files say (found by its late reply):
		 * identified with a timeout its own turnaround fits in */
		const struct mw_linecfg *lc = &s->lines[s->li].lc;
		int need =
		    (int)ceil(mw_timing_first_byte_ms(lc->baud, lc->format, ta * 1.25 + 2.0) +
		              mw_bus_latency_ms(s->bus) + 20.0);

		if (need > lt)
			lt = need;
	}
	memset(&d, 0, sizeof d);
	d.addr = addr;
	d.line = s->lines[s->li].lc;
	d.formats[0] = d.line.format;
	d.n_formats = 1;
	if (!s->o.no_identify) {
		double t0 = mw_scan_now();

		mw_bus_set_timeouts(s->bus, lt, (int)ceil(3000.0 * s->lines[s->li].t_s) + 5);
		d.model = mw_identify(s->bus, addr, s->cat, d.what, sizeof d.what);
		s->neutral_s += mw_scan_now() - t0;
		if (!d.model && mw_bus_last_error(s->bus) == MW_BUS_IO) {
			snprintf(s->err, sizeof s->err, "%s", d.what);
			return -1;
		}
		if (d.model && read_line_settings(s, &d, lt) < 0)
			return -1;
	}
	d.turnaround_ms = turnaround_ms(s, addr);
	d.found_s = mw_scan_now() - s->t0;
	o = same_device(s, &d);
	if (o) {
		if (o->n_formats < MW_FMT__COUNT)
			o->formats[o->n_formats++] = d.line.format;
		return 0;
	}
	if (s->n_dev == s->cap_dev) {
		int cap = s->cap_dev ? 2 * s->cap_dev : 16;
		s->dev = mw_xrealloc(s->dev, (size_t)cap * sizeof *s->dev);
		s->cap_dev = cap;
	}
	s->dev[s->n_dev++] = d;
	s->tau_ms = mw_scanplan_timeout(s, s->li);
	if (s->o.on_found)
		s->o.on_found(s->o.ctx, &s->dev[s->n_dev - 1]);
	return 0;
}

/* One presence read of addr (every probe until one is answered). */
static enum scan_res presence(struct mw_scan *s, int addr, int tau)
{
	struct scan_line *L = &s->lines[s->li];
	uint16_t w[4];
	enum scan_res res = RES_TIMEOUT;

	for (int p = 0; p < L->n_probe; p++) {
		res = mw_scanline_read(s, addr, &L->probe[p], w, tau);
		if (res != RES_TIMEOUT)
			break;
	}
	return res;
}

/* Where a is among the addresses that timed out lately (-1: not there). */
static int recent_find(const struct mw_scan *s, int a)
{
	for (int i = 0; a > 0 && i < SCAN_RECENT; i++)
		if (s->recent_to[i] == a)
			return i;
	return -1;
}

/*
 * The timeout to ask a again with, ms, when its late reply was seen at
 * `at` (s): long enough for a reply that late (how long after a's probe it
 * came, with a margin), never shorter than the long timeout, at most a
 * second (beyond any turnaround).
 */
static int late_timeout(const struct mw_scan *s, int a, double at, int lt)
{
	int i = recent_find(s, a);
	double ms = i < 0 ? 0 : (at - s->recent_at[i]) * 1000.0 * 1.25 + 20.0;

	if (ms > 1000.0)
		ms = 1000.0;
	return ms > lt ? (int)ceil(ms) : lt;
}

/*
 * Ask a (an address that timed out) again, with a timeout long enough for
 * the late reply seen at `at`.  Another late reply may cross it (two slow
 * meters): a then is asked again, and the other's sender after it (depth
 * bounds that).  1 when a answered (found, timeout raised), 0 when not, -1
 * on an I/O error.
 */
static int late_look(struct mw_scan *s, int a, double at, int lt, int depth)
{
	int tau = s->tau_ms, to = late_timeout(s, a, at, lt), other[2], n_other = 0, rc = 0;
	enum scan_res r = RES_TIMEOUT;
	char text[256];

	for (int k = 0; k < 3; k++) {
		r = presence(s, a, to);
		if (r != RES_BAD)
			break;
		if (s->bcast_from > 0 && s->bcast_from != a && n_other < 2)
			other[n_other++] = s->bcast_from; /* its own late reply */
		quiet(s, lt);
	}
	for (int i; (i = recent_find(s, a)) >= 0;)
		s->recent_to[i] = 0; /* asked again: not again */
	if (r == RES_IO)
		return -1;
	if (r == RES_DATA || r == RES_EXCEPTION) {
		snprintf(text, sizeof text,
		         _("address %d answered after the %d ms timeout: timeout raised"), a, tau);
		mw_scanline_event(s, MW_SCAN_SLOW, a, 0, 1, text);
		if (found(s, a) < 0)
			return -1;
		rc = 1;
	}
	for (int i = 0; i < n_other && depth < 2; i++) {
		int o;

		if (recent_find(s, other[i]) < 0 || known_here(s, other[i]))
			continue;
		o = late_look(s, other[i], mw_scan_now(), lt, depth + 1);
		if (o < 0)
			return -1;
		if (o > 0) /* the crossed reply was its */
			s->lines[s->li].explained++;
	}
	return rc;
}

/* A corrupt reply at addr: a late reply from the address before, two
 * devices at one address, or noise.  Look again with a long timeout. */
static int confirm(struct mw_scan *s, int addr)
{
	struct scan_line *L = &s->lines[s->li];
	int lt = mw_scanplan_long_timeout(s, s->li);
	int good = 0, bad = 1, tries = 1;
	double at = mw_scan_now();
	char text[256];

	/* A whole frame from another address is a late reply: look there;
	 * bytes with no address: look at the addresses that just timed out
	 * (each with a timeout as long as its reply was late). */
	int late[5], n_late = 0;

	if (s->bcast_from > 0 && s->bcast_from != addr)
		late[n_late++] = s->bcast_from;
	else
		for (int i = 0; i < 2 && s->recent_to[i] > 0; i++)
			late[n_late++] = s->recent_to[i];
	quiet(s, lt);
	for (int i = 0; i < n_late; i++) {
		int a = late[i], rc;

		if (a >= addr || known_here(s, a))
			continue;
		rc = late_look(s, a, at, lt, 0);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		L->explained++;
		bad = 0; /* that was its reply: addr itself is looked at below */
		break;
	}
	memset(s->recent_to, 0, sizeof s->recent_to);
	for (int i = 0; i < CONFIRM_TRIES; i++) {
		enum scan_res r = presence(s, addr, lt);

		tries++;
		if (r == RES_IO)
			return -1;
		if (r == RES_DATA || r == RES_EXCEPTION)
			good++;
		else if (r == RES_BAD) {
			bad++;
			quiet(s, lt);
		}
	}
	if (good > 0) {
		if (bad > 0) {
			snprintf(text, sizeof text,
			         _("address %d: %d of %d replies corrupt (noise on the line, or a "
			           "device answering late)"),
			         addr, bad, tries);
			mw_scanline_event(s, MW_SCAN_NOISE, addr, bad, tries, text);
			L->explained += bad;
		}
		return found(s, addr);
	}
	if (bad == tries) { /* every reply garbled: noise is not that regular */
		snprintf(text, sizeof text,
		         _("address %d: %d of %d replies garbled, none valid: two devices at one "
		           "address? Connect them one at a time and give each its own address"),
		         addr, bad, tries);
		mw_scanline_event(s, MW_SCAN_COLLISION, addr, bad, tries, text);
		L->explained += bad;
		L->collisions++;
	}
	return 0; /* stray bytes: reported with the setting (line_end) */
}

int mw_scanline_probe(struct mw_scan *s, int addr)
{
	double at = mw_scan_now();
	enum scan_res r = presence(s, addr, s->tau_ms);
	int rc = 0;

	switch (r) {
	case RES_IO:
		return -1;
	case RES_DATA:
	case RES_EXCEPTION:
		rc = found(s, addr);
		break;
	case RES_BAD:
		rc = confirm(s, addr);
		break;
	case RES_TIMEOUT:
		memmove(s->recent_to + 1, s->recent_to,
		        sizeof s->recent_to - sizeof s->recent_to[0]);
		memmove(s->recent_at + 1, s->recent_at,
		        sizeof s->recent_at - sizeof s->recent_at[0]);
		s->recent_to[0] = addr;
		s->recent_at[0] = at;
		break;
	}
	/* A reply from an address asked before came after its timeout and was
	 * dropped as stale before this probe (a meter slower than its file, a
	 * host that stalled): ask it again, long enough. */
	if (rc == 0 && s->late_from > 0) {
		int a = s->late_from;

		s->late_from = -1;
		if (recent_find(s, a) >= 0 && !known_here(s, a) &&
		    late_look(s, a, s->late_at, mw_scanplan_long_timeout(s, s->li), 0) < 0)
			rc = -1;
	}
	return rc;
}

int mw_scanline_bcast(struct mw_scan *s, int bi)
{
	struct scan_line *L = &s->lines[s->li];
	const struct scan_bcast *B = &L->bcast[bi];
	uint16_t w[4];
	enum scan_res r = mw_scanline_read(s, 0, &B->r, w, s->tau_ms);
	char text[256];
	uint32_t a;

	switch (r) {
	case RES_IO:
		return -1;
	case RES_TIMEOUT:
		return 0;
	case RES_EXCEPTION:
		L->bcast_unclear = true;
		return 0;
	case RES_BAD:
		L->bcast_unclear = true;
		L->explained++;
		snprintf(text, sizeof text,
		         _("several devices answered the address-0 read: sweeping every address"));
		mw_scanline_event(s, MW_SCAN_BROADCAST, 0, 1, 1, text);
		quiet(s, mw_scanplan_long_timeout(s, s->li));
		return 0;
	case RES_DATA:
		break;
	}
	/* The reply names its sender; its address setting says the same. */
	a = mw_setting_decode(B->addr_setting, w);
	if (a != (uint32_t)s->bcast_from || a < 1 || a > 247) {
		L->bcast_unclear = true;
		return 0;
	}
	if (s->n_rep > 0)
		s->rep[s->n_rep - 1].addr = (int)a; /* the reply came from there */
	return found(s, (int)a);
}
