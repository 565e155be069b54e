/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_scan.c - the session's side of a scan: the engine's scan
 * (scan.h) run one probe per loop turn, so commands and quitting stay
 * responsive, with the devices it finds added to the list as they come.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "identify.h"
#include "session_int.h"
#include "timing.h"

int mw_session_line_use(struct mw_session *s, const struct mw_linecfg *lc)
{
	char err[256];
	const struct mw_linecfg *cur;

	if (!s->bus)
		return -1;
	cur = mw_bus_line(s->bus);
	if (cur && cur->baud == lc->baud && cur->format == lc->format)
		return 0;
	if (mw_bus_set_line(s->bus, lc, err, sizeof err) < 0) {
		mw_session_io_failed(s, err);
		return -1;
	}
	return 0;
}

/* on_found: add the device to the list. */
static void scan_found(void *ctx, const struct mw_scan_dev *f)
{
	struct mw_session *s = ctx;
	struct mw_session_snap *st = s->st;
	struct mw_session_dev *d;
	int i;

	if (f->protocol == MW_PROTO_DLT645) {
		mw_session_dlt_found(s, f);
		return;
	}
	for (i = 0; i < st->n_dev; i++)
		if (st->dev[i].addr == f->addr && st->dev[i].lc.baud == f->line.baud &&
		    st->dev[i].lc.format == f->line.format)
			return; /* already listed (a scan again after the port came back) */
	i = mw_session_dev_add(s, f->addr, &f->line, f->model);
	d = &st->dev[i];
	mw_text_copy(d->ident, sizeof d->ident, f->what);
	d->turnaround_ms = f->turnaround_ms;
	for (int k = 0; k < f->n_formats; k++) {
		size_t len = strlen(d->formats);

		snprintf(d->formats + len, sizeof d->formats - len, "%s%s", k ? "/" : "",
		         mw_format_name(f->formats[k]));
	}
	if (st->sel < 0)
		st->sel = i;
}

/* on_event: keep the latest remark for the scan screen. */
static void scan_event(void *ctx, const struct mw_scan_event *e)
{
	struct mw_session *s = ctx;

	mw_text_copy(s->st->scan.note, sizeof s->st->scan.note, e->text);
}

void mw_session_scan_end(struct mw_session *s)
{
	if (s->scan)
		mw_scan_free(s->scan);
	s->scan = NULL;
}

void mw_session_scan_begin(struct mw_session *s)
{
	struct mw_session_scan *sc = &s->st->scan;
	struct mw_scan_opts o = {0};
	char err[256];

	mw_session_scan_end(s);
	memset(sc, 0, sizeof *sc);
	o.bauds = s->cfg.bauds;
	o.n_bauds = s->cfg.n_bauds;
	o.formats = s->cfg.formats;
	o.n_formats = s->cfg.n_formats;
	o.expect = s->cfg.expect;
	sc->expect = s->cfg.expect;
	o.timeout_min_ms = o.timeout_max_ms = s->cfg.scan_timeout_ms;
	o.on_found = scan_found;
	o.on_event = scan_event;
	o.ctx = s;
	s->scan = mw_scan_new(s->bus, s->cfg.cat, &o, err, sizeof err);
	if (!s->scan) {
		sc->done = true;
		mw_text_copy(sc->note, sizeof sc->note, err);
		return;
	}
	sc->running = true;
}

void mw_session_scan_step(struct mw_session *s)
{
	struct mw_session_scan *sc = &s->st->scan;
	struct mw_scan_progress p;
	int rc = mw_scan_step(s->scan);

	mw_scan_progress(s->scan, &p);
	sc->step = p.line_index;
	sc->steps = p.n_lines;
	sc->lc = p.line;
	sc->addr = p.addr;
	sc->frac = p.frac; /* one bar over the whole plan, every block */
	sc->elapsed_s = p.elapsed_s;
	sc->left_s = p.left_s;
	if (rc < 0) {
		const char *e = mw_scan_error(s->scan);

		mw_text_copy(sc->note, sizeof sc->note, e ? e : "");
		sc->running = false;
		mw_session_scan_end(s);
		mw_session_io_failed(s, e ? e : "");
	} else if (rc == 0) {
		sc->running = false;
		sc->paused = false;
		sc->done = true;
		if (sc->stopped)
			snprintf(sc->note, sizeof sc->note,
			         _("scan stopped: %d device(s) in %.1f s (r scans again)"),
			         s->st->n_dev, p.elapsed_s);
		else
			snprintf(sc->note, sizeof sc->note,
			         _("scan finished: %d device(s) in %.1f s"), s->st->n_dev,
			         p.elapsed_s);
		mw_session_scan_end(s);
	}
	mw_session_publish(s);
}

void mw_session_scan_stop(struct mw_session *s)
{
	if (!s->scan)
		return;
	s->st->scan.stopped = true;
	mw_scan_interrupt(s->scan);
	mw_session_scan_step(s); /* finishes: the note and the list stay */
}

void mw_session_scan_expect(struct mw_session *s, int n)
{
	s->cfg.expect = n > 0 ? n : 0;
	s->st->scan.expect = s->cfg.expect;
	if (s->scan)
		mw_scan_set_expect(s->scan, s->cfg.expect);
}

void mw_session_scan_pause(struct mw_session *s, bool paused)
{
	if (!s->scan || s->st->scan.paused == paused)
		return;
	mw_scan_pause(s->scan, paused);
	s->st->scan.paused = paused;
	mw_session_publish(s);
}

/*
 * Identify device i again: the identification reads (each tried again when
 * its reply is lost, identify.c) with a timeout well above the safe one (four times 9t + T_max + H,
 * T_max the larger of its measured turnaround and 100 ms), for a device the scan listed as unknown.
 * Its model, when one matches, is kept from now on.
 */
int mw_session_identify(struct mw_session *s, int i, char *msg, size_t msgsz)
{
	struct mw_session_dev *d = &s->st->dev[i];
	const struct mw_model *m;
	double tmax = d->turnaround_ms > 100 ? d->turnaround_ms : 100;
	int tau = 4 * mw_timing_safe_timeout_ms(d->lc.baud, d->lc.format, tmax,
	                                        mw_bus_is_tcp(s->bus) ? MW_TIMING_NETWORK_MS : 0);
	char what[256];

	if (mw_session_line_use(s, &d->lc) < 0) {
		snprintf(msg, msgsz, "%s", _("the port is not connected"));
		return -1;
	}
	mw_bus_set_timeouts(s->bus, tau, 50);
	m = mw_identify(s->bus, d->addr, s->cfg.cat, what, sizeof what); /* its own tries */
	if (!m) {
		mw_text_copy(d->ident, sizeof d->ident, what);
		mw_session_touch(s, i);
		snprintf(msg, msgsz,
		         _("address %d: still no device file matches (%d ms timeout): %s"), d->addr,
		         tau, what);
		return -1;
	}
	mw_session_dev_model(s, i, m);
	snprintf(msg, msgsz, _("address %d is a %s"), d->addr, m->name);
	return 0;
}
