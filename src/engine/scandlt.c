/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scandlt.c - the scan's DL/T645-2007 pass.
 *
 * At each DL/T645 line setting (the standard's 2400 first, then 1200,
 * 4800, 9600 and whatever else the DL/T645 device files list; 8E1; or the
 * user's --baud and --format), a read address (0x13) to the wildcard AAx6:
 * silence, nobody there; one valid reply, that meter; garbled bytes twice
 * in a row, several meters at once, and the abbreviated-address search of
 * dlt645.h narrows one address byte at a time until every meter is found.  One probe per
 * step, each sent once (mw_bus_dlt645, one try), its timeout from the
 * timing model: the standard's 500 ms turnaround until a meter at this
 * setting answered, then its measured turnaround with the Modbus scan's
 * margin.  Each meter found is identified (identify.c) by its address.
 * A DL/T645 frame is noise to a Modbus meter (and the other way round), so
 * the two passes leave each other's meters alone.  Reads only.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "identify.h"
#include "scanpriv.h"
#include "timing.h"
#include "xalloc.h"

/* The standard's default rate first, then the other usual ones. */
static const int dlt_bauds[] = {2400, 1200, 4800, 9600};

/* Characters of a read address with its wake-up bytes. */
#define PROBE_CHARS ((int)dlt645_frame_chars(0, DLT645_WAKEUP))
/* Characters of a read (DI) request, for identification. */
#define READ_CHARS ((int)dlt645_frame_chars(4, DLT645_WAKEUP))

static bool has_int(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static void add_line(struct mw_scan *s, int baud, enum mw_format f, int cap)
{
	for (int i = 0; i < s->n_dlines; i++)
		if (s->dlines[i].lc.baud == baud && s->dlines[i].lc.format == f)
			return;
	if (s->n_dlines >= cap)
		return;
	s->dlines[s->n_dlines].lc = (struct mw_linecfg){baud, f};
	s->dlines[s->n_dlines].t_s = mw_timing_char_ms(baud, f) / 1000.0;
	s->n_dlines++;
}

int mw_scandlt_plan(struct mw_scan *s, const struct mw_catalog *cat)
{
	int bauds[MW_SCAN_MAX_LINES], nb = 0;
	bool fmt_ok[MW_FMT__COUNT] = {false};
	int cap = MW_SCAN_MAX_LINES;

	s->dlt.models = mw_xcalloc(cat->n_models ? cat->n_models : 1, sizeof *s->dlt.models);
	for (size_t i = 0; i < cat->n_models; i++)
		if (cat->models[i]->protocol == MW_PROTO_DLT645)
			s->dlt.models[s->dlt.n_models++] = cat->models[i];
	s->dlines = mw_xcalloc((size_t)cap, sizeof *s->dlines);
	s->dst.t_max_ms = -1;
	if (s->o.protocols && !(s->o.protocols & MW_SCAN_DLT645))
		return 0;
	if (!mw_bus_is_rtu_framed(s->bus))
		return 0; /* Modbus TCP carries no DL/T645 frames */
	if (s->tcp) {     /* rtutcp: the gateway's serial side is set on the gateway */
		add_line(s, mw_bus_line(s->bus)->baud, mw_bus_line(s->bus)->format, cap);
		return 0;
	}
	/* bauds: the user's, else the usual ones and those the files list */
	if (s->o.bauds && s->o.n_bauds) {
		for (size_t i = 0; i < s->o.n_bauds && nb < cap; i++)
			if (!has_int(bauds, nb, s->o.bauds[i]))
				bauds[nb++] = s->o.bauds[i];
	} else {
		for (size_t i = 0; i < sizeof dlt_bauds / sizeof dlt_bauds[0]; i++)
			bauds[nb++] = dlt_bauds[i];
		for (size_t m = 0; m < s->dlt.n_models; m++)
			for (size_t i = 0; i < s->dlt.models[m]->line.n_bauds && nb < cap; i++)
				if (!has_int(bauds, nb, s->dlt.models[m]->line.bauds[i]))
					bauds[nb++] = s->dlt.models[m]->line.bauds[i];
	}
	/* formats: DL/T645's 8E1 and those the files list, within the user's */
	fmt_ok[MW_FMT_8E1] = true;
	for (size_t m = 0; m < s->dlt.n_models; m++)
		for (size_t i = 0; i < s->dlt.models[m]->line.n_formats; i++)
			fmt_ok[s->dlt.models[m]->line.formats[i]] = true;
	if (s->o.formats && s->o.n_formats) {
		bool given[MW_FMT__COUNT] = {false};

		for (size_t i = 0; i < s->o.n_formats; i++)
			given[s->o.formats[i]] = true;
		for (int f = 0; f < MW_FMT__COUNT; f++)
			fmt_ok[f] = fmt_ok[f] && given[f];
	}
	for (int f = 0; f < MW_FMT__COUNT; f++)
		for (int i = 0; fmt_ok[f] && i < nb; i++)
			add_line(s, bauds[i], (enum mw_format)f, cap);
	return 0;
}

void mw_scandlt_free(struct mw_scan *s)
{
	free(s->dlt.models);
	free(s->dlines);
	free(s->drep);
	s->dlt.models = NULL;
	s->dlines = NULL;
	s->drep = NULL;
}

/* Shortest turnaround measured from meter a at line li, ms (-1: none). */
static double meter_turnaround(const struct mw_scan *s, int li, const struct dlt645_addr *a)
{
	double best = -1;
	double t = s->dlines[li].t_s;

	for (size_t i = 0; i < s->n_drep; i++) {
		const struct scan_dreply *r = &s->drep[i];
		double T;

		if (r->line != li || (a && memcmp(r->from.a, a->a, 6) != 0))
			continue;
		T = (r->elapsed_s - r->n_chars * t) * 1000.0;
		if (T < 0)
			T = 0;
		if (best < 0 || T < best)
			best = T;
	}
	return best;
}

/* The slowest meter's turnaround at line li (each meter at its
 * shortest), ms; -1 when no meter answered there (li -1: every line). */
static double slowest(const struct mw_scan *s, int li)
{
	double tmax = -1;

	for (size_t i = 0; i < s->n_drep; i++) {
		const struct scan_dreply *r = &s->drep[i];
		double T;

		if (li >= 0 && r->line != li)
			continue;
		T = meter_turnaround(s, r->line, &r->from);
		if (T > tmax)
			tmax = T;
	}
	return tmax;
}

/* Probe timeout at line li for a request of q characters, ms. */
static int dlt_timeout(const struct mw_scan *s, int li, int q)
{
	const struct scan_dline *L = &s->dlines[li];
	double T = slowest(s, li);

	/* the standard's slowest turnaround until one was measured here, then
	 * the measured one with the margin the Modbus scan gives */
	T = T < 0 ? DLT645_TURNAROUND_MAX_MS : T * 1.25 + 2.0 + s->dlt_slack_ms;
	return mw_timing_safe_timeout_req_ms(L->lc.baud, L->lc.format, q, T,
	                                     s->tcp ? MW_TIMING_NETWORK_MS : 0);
}

static void keep_reply(struct mw_scan *s, const struct dlt645_addr *from, int n_chars, double el)
{
	if (s->n_drep == s->cap_drep) {
		size_t cap = s->cap_drep ? 2 * s->cap_drep : 32;

		s->drep = mw_xrealloc(s->drep, cap * sizeof *s->drep);
		s->cap_drep = cap;
	}
	s->drep[s->n_drep++] = (struct scan_dreply){s->dli, *from, n_chars, el};
}

/* A meter found at address a: identify it, keep it, tell the front end. */
static int dlt_found(struct mw_scan *s, const struct dlt645_addr *a)
{
	const struct scan_dline *L = &s->dlines[s->dli];
	struct mw_scan_dev d;

	memset(&d, 0, sizeof d);
	d.protocol = MW_PROTO_DLT645;
	d.addr = 0;
	dlt645_addr_format(a, d.dlt_addr);
	snprintf(d.cfg_addr, sizeof d.cfg_addr, "%s", d.dlt_addr);
	d.line = L->lc;
	d.formats[0] = L->lc.format;
	d.n_formats = 1;
	d.turnaround_ms = meter_turnaround(s, s->dli, a);
	if (!s->o.no_identify) {
		double t0 = mw_scan_now();

		d.model = mw_identify_dlt645(s->bus, a, &s->dlt, dlt_timeout(s, s->dli, READ_CHARS),
		                             d.what, sizeof d.what, &s->dst.id_requests);
		s->dst.at_cost_s += mw_scan_now() - t0;
		if (!d.model && mw_bus_last_error(s->bus) == MW_BUS_IO) {
			snprintf(s->err, sizeof s->err, "%s", d.what);
			return -1;
		}
	}
	d.found_s = mw_scan_now() - s->t0;
	if (s->n_dev == s->cap_dev) {
		int cap = s->cap_dev ? 2 * s->cap_dev : 16;

		s->dev = mw_xrealloc(s->dev, (size_t)cap * sizeof *s->dev);
		s->cap_dev = cap;
	}
	s->dev[s->n_dev++] = d;
	if (s->o.on_found)
		s->o.on_found(s->o.ctx, &s->dev[s->n_dev - 1]);
	return 0;
}

/* Start the search at line dli: set the port to it. */
static int dline_start(struct mw_scan *s)
{
	char err[256];

	if (mw_bus_set_line(s->bus, &s->dlines[s->dli].lc, err, sizeof err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err);
		return -1;
	}
	dlt645_search_init(&s->search);
	s->searching = true;
	s->dst.settings++;
	return 1;
}

/* The search at line dli is over: say what it could not resolve. */
static void dline_end(struct mw_scan *s)
{
	char text[256], a[13];

	for (int i = 0; i < s->search.n_same; i++) {
		dlt645_addr_format(&s->search.same[i], a);
		snprintf(text, sizeof text,
		         _("DL/T645 address %s: garbled replies with every address byte fixed: "
		           "two meters at one address? Connect them one at a time and give each "
		           "its own address"),
		         a);
		mw_scanline_event(s, MW_SCAN_COLLISION, 0, 1, 1, text);
	}
	if (s->search.dropped > 0) {
		snprintf(text, sizeof text,
		         _("%d more DL/T645 meters answered than one search keeps (%d): scan "
		           "again with fewer meters connected"),
		         s->search.dropped, DLT645_SEARCH_MAX);
		mw_scanline_event(s, MW_SCAN_NOISE, 0, 0, 0, text);
	}
	s->searching = false;
	s->dli++;
}

/*
 * Measure the turnaround of the meter at a (it answered late): a read
 * address to its own address, with the standard's slowest turnaround.
 * Without an answer, allow the timeout it overran once more from now on.
 * -1 on port failure.
 */
static int measure(struct mw_scan *s, const struct dlt645_addr *a)
{
	const struct scan_dline *L = &s->dlines[s->dli];
	struct dlt645_frame q, rep;
	char err[256];
	double t0, el;
	int rc;

	dlt645_req_read_address(&q);
	q.addr = *a;
	mw_bus_set_timeouts(s->bus,
	                    mw_timing_safe_timeout_req_ms(L->lc.baud, L->lc.format, PROBE_CHARS,
	                                                  DLT645_TURNAROUND_MAX_MS,
	                                                  s->tcp ? MW_TIMING_NETWORK_MS : 0),
	                    (int)ceil(3000.0 * L->t_s) + 5);
	t0 = mw_scan_now();
	rc = mw_bus_dlt645(s->bus, &q, DLT645_WAKEUP, 1, &rep, err, sizeof err);
	el = mw_scan_now() - t0;
	s->dst.probes++;
	if (rc == 0) {
		s->dst.replies++;
		keep_reply(s, a, PROBE_CHARS + (int)dlt645_frame_chars(rep.len, 0), el);
		return 0;
	}
	if (mw_bus_last_error(s->bus) == MW_BUS_IO) {
		snprintf(s->err, sizeof s->err, "%s", err);
		return -1;
	}
	s->dst.at_cost_s += el;
	s->dlt_slack_ms += s->tau_ms;
	return 0;
}

/*
 * A whole read-address reply from a meter the probe does not reach: its
 * answer to an earlier probe, after that probe's timeout.  Keep the meter
 * (the search has passed its address by) and measure its turnaround, so
 * that the timeout allows for it from now on.  -1 on port failure.
 */
static int late_reply(struct mw_scan *s, const struct dlt645_frame *rep)
{
	char text[256], a[13];
	int tau = s->tau_ms;

	if (rep->ctrl != (DLT645_C_REPLY | DLT645_READ_ADDRESS) || rep->len != 6 ||
	    memcmp(rep->data, rep->addr.a, 6) != 0 || dlt645_addr_match(&s->probe, &rep->addr))
		return 0;
	for (int i = 0; i < 6; i++)
		if (dlt645_bcd_value(rep->addr.a[i]) < 0)
			return 0;
	for (int i = 0; i < s->search.n_found; i++)
		if (memcmp(s->search.found[i].a, rep->addr.a, 6) == 0)
			return 0;
	if (s->search.n_found >= DLT645_SEARCH_MAX)
		return 0;
	s->search.found[s->search.n_found++] = rep->addr;
	if (measure(s, &rep->addr) < 0)
		return -1;
	dlt645_addr_format(&rep->addr, a);
	snprintf(text, sizeof text,
	         _("DL/T645 meter %s answered after the %d ms timeout: timeout raised"), a, tau);
	mw_scanline_event(s, MW_SCAN_SLOW, 0, 0, 1, text);
	return dlt_found(s, &rep->addr);
}

/* Collisions one setting's search may take: 64 meters (DLT645_SEARCH_MAX)
 * each met at up to 6 address bytes, with room to spare. */
#define DLT_GARBLED_MAX (DLT645_SEARCH_MAX * 6 + 16)

int mw_scandlt_step(struct mw_scan *s)
{
	const struct scan_dline *L;
	struct dlt645_frame q, rep;
	enum dlt645_probe_result res;
	char err[256];
	double t0, el;
	int rc, n_before;

	if (s->dlt_t0 == 0)
		s->dlt_t0 = mw_scan_now();
	if (s->dli >= s->n_dlines)
		return 0;
	if (!s->searching)
		return dline_start(s);
	if (!dlt645_search_next(&s->search, &s->probe)) {
		dline_end(s);
		return s->dli < s->n_dlines;
	}
	L = &s->dlines[s->dli];
	memset(&rep, 0, sizeof rep);
	dlt645_req_read_address(&q);
	q.addr = s->probe;
	s->tau_ms = dlt_timeout(s, s->dli, PROBE_CHARS);
	mw_bus_set_timeouts(s->bus, s->tau_ms, (int)ceil(3000.0 * L->t_s) + 5);
	t0 = mw_scan_now();
	rc = mw_bus_dlt645(s->bus, &q, DLT645_WAKEUP, 1, &rep, err, sizeof err);
	el = mw_scan_now() - t0;
	s->dst.probes++;
	switch (rc == 0 ? MW_BUS_OK : mw_bus_last_error(s->bus)) {
	case MW_BUS_OK:
	case MW_BUS_EXCEPTION: /* a meter is there, whatever it thinks */
		if (s->search.depth < 6) {
			/* another meter the probe reaches may answer later, up to
			 * the timeout: listen that long (counted as taken) */
			double t1 = mw_scan_now();
			int heard = mw_bus_listen(s->bus, s->tau_ms - (int)(el * 1000.0) + 1, err,
			                          sizeof err);

			s->dst.at_cost_s += mw_scan_now() - t1;
			if (heard < 0) {
				snprintf(s->err, sizeof s->err, "%s", err);
				return -1;
			}
			if (heard > 0) { /* two meters, one quicker: a collision */
				s->dst.corrupt++;
				s->dst.at_cost_s += el;
				if (!s->dlt_again) {
					s->dlt_again = true;
					return 1;
				}
				res = DLT645_PROBE_COLLISION;
				break;
			}
		}
		s->dst.replies++;
		keep_reply(s, &rep.addr, PROBE_CHARS + (int)dlt645_frame_chars(rep.len, 0), el);
		res = DLT645_PROBE_ONE;
		break;
	case MW_BUS_TIMEOUT:
		s->dst.timeouts++;
		s->dlines[s->dli].n_timeouts++;
		s->dlines[s->dli].tau_sum_s += s->tau_ms / 1000.0;
		res = DLT645_PROBE_NONE;
		break;
	case MW_BUS_CRC:
	case MW_BUS_GARBLED: /* several meters at once (the bus waited for quiet) */
		s->dst.corrupt++;
		s->dst.at_cost_s += el;
		if (late_reply(s, &rep) < 0)
			return -1;
		if (!s->dlt_again) {
			/* once more: meters that collide do so again, while a late
			 * reply or a burst of noise would send the search a byte
			 * deeper (100 probes) for nothing */
			s->dlt_again = true;
			return 1;
		}
		res = DLT645_PROBE_COLLISION;
		if (++s->dlines[s->dli].n_garbled > DLT_GARBLED_MAX) {
			/* more collisions than 64 meters with 6 address bytes can
			 * make: noise, or an adapter's echo not recognised */
			char text[256];

			snprintf(text, sizeof text,
			         _("DL/T645 at %d %s: %lu probes garbled, more than meters "
			           "could cause: noise on the line, or an adapter that echoes "
			           "what it sends (give it time to be recognised, or check the "
			           "wiring); the search there stopped"),
			         L->lc.baud, mw_format_name(L->lc.format),
			         s->dlines[s->dli].n_garbled);
			mw_scanline_event(s, MW_SCAN_NOISE, 0, 1, 1, text);
			s->dlt_again = false;
			dline_end(s);
			return s->dli < s->n_dlines;
		}
		break;
	default:
		snprintf(s->err, sizeof s->err, "%s", err);
		return -1;
	}
	s->dlt_again = false;
	n_before = s->search.n_found;
	dlt645_search_result(&s->search, res, &rep.addr);
	if (s->search.n_found > n_before && dlt_found(s, &rep.addr) < 0)
		return -1;
	return 1;
}

void mw_scandlt_stats(const struct mw_scan *s, struct mw_scan_dlt_stats *st)
{
	double tmax = slowest(s, -1), replies = 0;

	*st = s->dst;
	st->t_max_ms = tmax;
	if (tmax < 0)
		tmax = DLT645_TURNAROUND_MAX_MS; /* nobody answered: the standard's */
	for (size_t i = 0; i < s->n_drep; i++) {
		const struct scan_dreply *r = &s->drep[i];
		double T = meter_turnaround(s, r->line, &r->from);

		replies += r->n_chars * s->dlines[r->line].t_s + (T > 0 ? T / 1000.0 : 0);
	}
	st->bound_s = st->phys_bound_s = replies + s->dst.at_cost_s;
	for (int i = 0; i < s->n_dlines; i++) {
		const struct scan_dline *L = &s->dlines[i];
		double T = slowest(s, i); /* the slowest meter at this setting, else overall */

		st->bound_s += L->tau_sum_s;
		st->phys_bound_s += L->n_timeouts *
		                    mw_timing_first_byte_req_ms(L->lc.baud, L->lc.format,
		                                                PROBE_CHARS, T >= 0 ? T : tmax) /
		                    1000.0;
	}
}

double mw_scandlt_left(const struct mw_scan *s)
{
	double left = 0;

	/* one probe per line not started yet; the search under way, unknown */
	for (int i = s->searching ? s->dli + 1 : s->dli; i < s->n_dlines; i++)
		left += dlt_timeout(s, i, PROBE_CHARS) / 1000.0;
	return left;
}
