/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.c - the scan's steps: for each line setting of the plan
 * (scanplan.c), set the line, send the address-0 reads, sweep the
 * addresses (scanline.c), report activity that never decoded; stop when
 * the plan is done, the expected number of devices is found, or the user
 * interrupts.  Then the DL/T645 pass (scandlt.c).  Also the progress
 * estimate and the --stats figures.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "link.h"
#include "scanpriv.h"
#include "timing.h"
#include "xalloc.h"

static double time_left(const struct mw_scan *s, long *probes, int *n_lines);

/*
 * Addresses are swept in blocks, each block at every setting before the
 * next: low addresses, where meters usually are, are seen at every setting
 * early, and --expect stops sooner.  A full scan costs the same.
 */
static void plan_blocks(struct mw_scan *s)
{
	static const int tier_hi[] = {8, 32, 247};
	int lo = s->o.addr_min;

	s->n_blocks = 0;
	if (s->o.exhaustive) {
		s->blocks[s->n_blocks++] = (struct scan_block){s->o.addr_min, s->o.addr_max};
		return;
	}
	for (size_t i = 0; i < sizeof tier_hi / sizeof tier_hi[0] && lo <= s->o.addr_max; i++) {
		int hi = tier_hi[i] < s->o.addr_max ? tier_hi[i] : s->o.addr_max;

		if (hi < lo)
			continue;
		s->blocks[s->n_blocks++] = (struct scan_block){lo, hi};
		lo = hi + 1;
	}
}

struct mw_scan *mw_scan_new(struct mw_bus *b, const struct mw_catalog *cat,
                            const struct mw_scan_opts *o, char *err, size_t errsz)
{
	static const struct mw_catalog empty = {NULL, 0};
	struct mw_scan *s = mw_xcalloc(1, sizeof *s);
	char mb_err[256];

	s->bus = b;
	cat = cat ? cat : &empty;
	/* The sweep speaks Modbus: DL/T645 models are not its to find. */
	s->modbus.models = mw_xcalloc(cat->n_models ? cat->n_models : 1, sizeof *s->modbus.models);
	for (size_t i = 0; i < cat->n_models; i++)
		if (cat->models[i]->protocol == MW_PROTO_MODBUS)
			s->modbus.models[s->modbus.n_models++] = cat->models[i];
	s->cat = &s->modbus;
	s->o = *o;
	if (s->o.addr_min <= 0)
		s->o.addr_min = 1;
	if (s->o.addr_max <= 0 || s->o.addr_max > 247)
		s->o.addr_max = 247;
	if (s->o.addr_min > s->o.addr_max) {
		snprintf(err, errsz,
		         _("address range %d-%d is empty: give --addr MIN-MAX within 1-247"),
		         s->o.addr_min, s->o.addr_max);
		free(s->modbus.models);
		free(s);
		return NULL;
	}
	if (s->o.exhaustive) {
		s->o.quick = false;
		s->o.expect = 0;
	}
	if (mw_bus_is_tcp(b)) {
		/* A gateway's serial side is set on the gateway: one sweep, no
		 * address-0 read, and time for the gateway's own round trip. */
		s->o.lines = mw_bus_line(b);
		s->o.n_lines = 1;
		s->tcp = true;
		if (s->o.timeout_min_ms <= 0)
			s->o.timeout_min_ms = 200;
	}
	mw_scandlt_plan(s, cat);
	mb_err[0] = '\0';
	/* with DL/T645 settings to search, a Modbus plan may be empty */
	if ((!s->o.protocols || (s->o.protocols & MW_SCAN_MODBUS)) &&
	    mw_scanplan_build(s, mb_err, sizeof mb_err) < 0 && s->n_dlines == 0) {
		snprintf(err, errsz, "%s", mb_err);
		mw_scan_free(s);
		return NULL;
	}
	if (s->n_lines == 0 && s->n_dlines == 0) {
		if (!mw_bus_is_rtu_framed(b))
			snprintf(
			    err, errsz, "%s",
			    _("DL/T645 needs a serial port or a transparent gateway (rtutcp:), "
			      "not Modbus TCP"));
		else
			snprintf(
			    err, errsz, "%s",
			    _("no line settings to scan: no DL/T645 setting among the bauds and "
			      "formats given (DL/T645 is 8E1; check --baud and --format)"));
		mw_scan_free(s);
		return NULL;
	}
	plan_blocks(s);
	mw_bus_set_retries(b, 0); /* an empty address costs one timeout, not three */
	s->phase = s->n_lines > 0 ? PH_LINE : PH_DLT;
	s->recent_li = -1;
	s->late_from = -1;
	s->t0 = mw_scan_now();
	{
		int nl;

		time_left(s, &s->total_probes, &nl);
	}
	return s;
}

static bool already_found(const struct mw_scan *s, int addr)
{
	const struct mw_linecfg *lc = &s->lines[s->li].lc;

	for (int i = 0; i < s->n_dev; i++)
		if (s->dev[i].addr == addr && s->dev[i].line.baud == lc->baud) {
			if (s->dev[i].line.format == lc->format)
				return true;
		}
	return false;
}

static void finish(struct mw_scan *s)
{
	if (s->phase != PH_DONE) {
		s->t_end = s->paused_at > 0 ? s->paused_at : mw_scan_now();
		s->phase = PH_DONE;
	}
}

static bool enough(const struct mw_scan *s)
{
	return s->o.expect > 0 && s->n_dev >= s->o.expect;
}

/* The next (block, setting) to sweep: set the port to it. */
static int line_start(struct mw_scan *s)
{
	char err[256];

	while (s->pass < s->n_blocks && s->li < s->n_lines && s->lines[s->li].settled)
		s->li++;
	if (s->li >= s->n_lines) {
		s->li = 0;
		if (++s->pass >= s->n_blocks) {
			s->li = s->n_lines - 1;
			if (s->n_dlines > 0) { /* the Modbus pass is done: DL/T645 */
				s->phase = PH_DLT;
				return 1;
			}
			finish(s);
			return 0;
		}
		return 1;
	}
	double t0 = mw_scan_now();

	if (mw_bus_set_line(s->bus, &s->lines[s->li].lc, err, sizeof err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err);
		return -1;
	}
	s->line_wall_s += mw_scan_now() - t0;
	s->n_line_changes++;
	s->tau_ms = mw_scanplan_timeout(s, s->li);
	if (s->pass == 0)
		s->st.lines_done++; /* settings tried */
	s->bi = 0;
	s->addr = s->blocks[s->pass].lo;
	if (s->recent_li != s->li) {
		/* a late reply is looked for at its own line settings only (the
		 * next block at the same settings may still receive one) */
		memset(s->recent_to, 0, sizeof s->recent_to);
		s->recent_li = s->li;
		s->late_from = -1;
	}
	s->phase = s->o.exhaustive || s->tcp || s->pass > 0 ? PH_SWEEP : PH_BCAST;
	return 1;
}

/* End of a block at line li; when the line is done for good, say so if
 * bytes came but nothing decoded there. */
static void line_end(struct mw_scan *s)
{
	struct scan_line *L = &s->lines[s->li];
	char text[256];

	if ((s->pass == s->n_blocks - 1 || L->settled) && !L->reported) {
		L->reported = true;
		int stray = L->bad - L->explained;

		if (stray > 0 && L->decoded == 0) {
			snprintf(text, sizeof text,
			         _("%d corrupt replies at %d %s and no valid frame: a device at "
			           "another format or baud, or noise on the line"),
			         stray, L->lc.baud, mw_format_name(L->lc.format));
			mw_scanline_event(s, MW_SCAN_ACTIVITY, 0, stray, 0, text);
		} else if (stray > 0) {
			snprintf(
			    text, sizeof text,
			    _("%d corrupt replies at %d %s where no device answers: noise on the "
			      "line, or a device at another format or baud"),
			    stray, L->lc.baud, mw_format_name(L->lc.format));
			mw_scanline_event(s, MW_SCAN_NOISE, 0, stray, 0, text);
		}
	}
	s->li++;
	s->phase = PH_LINE;
}

int mw_scan_step(struct mw_scan *s)
{
	struct scan_line *L;
	int rc = 0;

	if (s->phase == PH_DONE)
		return 0;
	if (s->interrupted || enough(s)) {
		finish(s);
		return 0;
	}
	if (s->phase == PH_LINE)
		return line_start(s);
	/* the adapter's latency is measured as replies come: the timeout follows
	 * (Modbus settings only: the DL/T645 pass keeps its own, and a
	 * --protocol dlt645 scan has no Modbus setting at all) */
	if (s->li < s->n_lines) {
		L = &s->lines[s->li];
		s->tau_ms = mw_scanplan_timeout(s, s->li);
	} else
		L = NULL;
	switch (s->phase) {
	case PH_BCAST:
		if (s->bi < L->n_bcast) {
			rc = mw_scanline_bcast(s, s->bi++);
			break;
		}
		s->phase = PH_SWEEP;
		if (s->o.quick && L->all_bcast && !L->bcast_unclear) {
			L->settled = true; /* every model here answers at 0: that read decided */
			s->phase = PH_END;
		}
		return 1;
	case PH_SWEEP:
		while (s->addr <= s->blocks[s->pass].hi && already_found(s, s->addr))
			s->addr++;
		if (s->addr > s->blocks[s->pass].hi) {
			s->phase = PH_END;
			return 1;
		}
		rc = mw_scanline_probe(s, s->addr++);
		break;
	case PH_END:
		line_end(s);
		return 1;
	case PH_DLT:
		rc = mw_scandlt_step(s);
		if (rc == 0)
			finish(s);
		break;
	default:
		break;
	}
	if (rc < 0)
		return -1;
	if (enough(s))
		finish(s);
	return s->phase == PH_DONE ? 0 : 1;
}

int mw_scan_run(struct mw_scan *s, volatile sig_atomic_t *stop)
{
	int rc;

	while ((rc = mw_scan_step(s)) > 0)
		if (stop && *stop) {
			mw_scan_interrupt(s);
			return 0;
		}
	return rc;
}

void mw_scan_interrupt(struct mw_scan *s)
{
	s->interrupted = true;
	finish(s);
}

bool mw_scan_interrupted(const struct mw_scan *s)
{
	return s->interrupted;
}

const char *mw_scan_error(const struct mw_scan *s)
{
	return s->err;
}

/* Probes left from here if nothing more answers (*n_lines: the sweeps
 * left, each a line change); their cost at the measured overhead, s. */
static double time_left(const struct mw_scan *s, long *probes, int *n_lines)
{
	double left = 0, over = 0;
	long n_to = 0;

	for (int i = 0; i < s->n_lines; i++)
		n_to += (long)s->lines[i].n_timeouts;
	if (n_to > 0) {
		double tau = 0;

		for (int i = 0; i < s->n_lines; i++)
			tau += s->lines[i].tau_sum_s;
		over = (s->to_wall_s - tau) / n_to; /* host, system calls: measured */
		if (over < 0)
			over = 0;
	}
	*probes = 0;
	*n_lines = 0;
	for (int p = s->phase == PH_DLT ? s->n_blocks : s->pass; p < s->n_blocks; p++)
		for (int i = p == s->pass ? s->li : 0; i < s->n_lines; i++) {
			const struct scan_line *L = &s->lines[i];
			int n = s->blocks[p].hi - s->blocks[p].lo + 1;

			if (L->settled)
				continue;
			if (p == s->pass && i == s->li && s->phase == PH_SWEEP)
				n = s->blocks[p].hi - s->addr + 1;
			else if (p == s->pass && i == s->li && s->phase == PH_END)
				n = 0;
			else
				(*n_lines)++;
			n *= L->n_probe;
			if (p == 0 && !s->o.exhaustive &&
			    !(i == s->li && s->phase != PH_BCAST && s->phase != PH_LINE))
				n += L->n_bcast;
			*probes += n;
			left += n * (mw_scanplan_timeout(s, i) / 1000.0 + over);
		}
	if (s->n_line_changes > 0)
		left += *n_lines * s->line_wall_s / s->n_line_changes;
	return left + mw_scandlt_left(s);
}

/* Now on the scan's clock, pauses left out. */
static double scan_clock(const struct mw_scan *s)
{
	if (s->phase == PH_DONE)
		return s->t_end;
	return s->paused_at > 0 ? s->paused_at : mw_scan_now();
}

void mw_scan_set_expect(struct mw_scan *s, int n)
{
	s->o.expect = n > 0 && !s->o.exhaustive ? n : 0;
}

void mw_scan_pause(struct mw_scan *s, bool paused)
{
	if (paused && s->paused_at == 0 && s->phase != PH_DONE) {
		s->paused_at = mw_scan_now();
	} else if (!paused && s->paused_at > 0) {
		double d = mw_scan_now() - s->paused_at;

		s->t0 += d; /* the pause does not count */
		if (s->dlt_t0 > 0)
			s->dlt_t0 += d;
		s->paused_at = 0;
	}
}

void mw_scan_progress(const struct mw_scan *s, struct mw_scan_progress *p)
{
	int li = s->li < s->n_lines ? s->li : s->n_lines - 1;

	memset(p, 0, sizeof *p);
	p->n_lines = s->n_lines + s->n_dlines;
	if (s->phase == PH_DLT || (s->phase == PH_DONE && s->dlt_t0 > 0) || s->n_lines == 0) {
		int di = s->dli < s->n_dlines ? s->dli : s->n_dlines - 1;

		p->protocol = MW_PROTO_DLT645;
		p->line_index = s->n_lines + di;
		p->line = s->dlines[di].lc;
		if (s->searching)
			dlt645_addr_format(&s->probe, p->dlt_probe);
		p->timeout_ms = s->tau_ms;
	} else {
		p->line_index = li;
		p->line = s->lines[li].lc;
		p->addr = s->phase == PH_BCAST ? 0 : s->addr;
	}
	p->found = s->n_dev;
	if (p->protocol == MW_PROTO_MODBUS)
		p->timeout_ms = s->tau_ms;
	p->elapsed_s = scan_clock(s) - s->t0;
	if (s->phase == PH_DONE) {
		p->left_s = 0;
		p->frac = 1;
	} else {
		long n;
		int nl;

		p->left_s = time_left(s, &n, &nl);
		p->frac = s->total_probes > 0 ? 1.0 - (double)n / s->total_probes : 0;
		if (p->frac < 0)
			p->frac = 0;
	}
}

/* The USB adapter's figures: its latency, where it comes from, its echo. */
static void adapter_stats(const struct mw_scan *s, struct mw_scan_stats *st)
{
	struct mw_link_adapter a;
	const char *from;

	st->adapter[0] = '\0';
	if (s->tcp || mw_bus_adapter(s->bus, &a) < 0)
		return;
	st->adapter_ms = a.latency_ms;
	st->adapter_echo = a.echo == MW_ECHO_PRESENT;
	if (a.stated_ms >= 0 && a.timer_ms >= 0 && a.stated_ms == a.timer_ms)
		from = _("its latency timer");
	else if (a.stated_ms >= 0)
		from = _("as stated by --latency");
	else
		from = _("measured");
	snprintf(st->adapter, sizeof st->adapter, _("latency %.1f ms (%s), %s"), a.latency_ms, from,
	         a.echo == MW_ECHO_PRESENT ? _("echoes every request (dropped)") : _("no echo"));
}

void mw_scan_stats(const struct mw_scan *s, struct mw_scan_stats *st)
{
	double tmax = mw_scanplan_tmax(s), replies = 0;

	double end = scan_clock(s); /* pauses left out */

	*st = s->st;
	st->total_s = end - s->t0;
	mw_scandlt_stats(s, &st->dlt);
	st->dlt.elapsed_s = s->dlt_t0 > 0 ? end - s->dlt_t0 : 0;
	st->elapsed_s = (s->dlt_t0 > 0 ? s->dlt_t0 : end) - s->t0; /* the Modbus pass */
	st->t_max_ms = tmax;
	if (tmax < 0)
		tmax = 0;
	/* each reply at its device's shortest measured turnaround */
	for (size_t i = 0; i < s->n_rep; i++) {
		const struct scan_reply *r = &s->rep[i];
		double t = s->lines[r->line].t_s, T = -1;

		for (size_t j = 0; j < s->n_rep; j++)
			if (s->rep[j].line == r->line && s->rep[j].addr == r->addr) {
				double x = s->rep[j].elapsed_s - s->rep[j].n_bytes * t;

				if (T < 0 || x < T)
					T = x;
			}
		replies += r->n_bytes * t + (T > 0 ? T : 0);
	}
	st->at_cost_s = s->neutral_s;
	adapter_stats(s, st);
	st->bound_s = replies + s->neutral_s;
	st->phys_bound_s = replies + s->neutral_s;
	for (int i = 0; i < s->n_lines; i++) {
		const struct scan_line *L = &s->lines[i];

		st->bound_s += L->tau_sum_s;
		st->phys_bound_s +=
		    L->n_timeouts *
		    (mw_timing_first_byte_ms(L->lc.baud, L->lc.format, tmax) + st->adapter_ms) /
		    1000.0;
	}
}

const struct mw_linecfg *mw_scan_lines(const struct mw_scan *s, int *n)
{
	*n = s->n_lines;
	return s->plan;
}

const struct mw_scan_dev *mw_scan_devices(const struct mw_scan *s, int *n)
{
	*n = s->n_dev;
	return s->dev;
}

const struct mw_scan_event *mw_scan_events(const struct mw_scan *s, int *n)
{
	*n = s->n_ev;
	return s->ev;
}

void mw_scan_free(struct mw_scan *s)
{
	if (!s)
		return;
	mw_scanplan_free(s);
	mw_scandlt_free(s);
	free(s->modbus.models);
	free(s->dev);
	free(s->rep);
	free(s);
}
