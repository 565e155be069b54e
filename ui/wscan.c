/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wscan.c - the worker's side of a scan: the engine's scan (scan.h) run
 * one probe per loop turn, so commands and quitting stay responsive, with
 * the devices it finds added to the snapshot as they come.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "wpriv.h"

int mw_wline_use(struct mw_worker *w, const struct mw_linecfg *lc)
{
	char err[256];
	const struct mw_linecfg *cur;

	if (!w->bus)
		return -1;
	cur = mw_bus_line(w->bus);
	if (cur && cur->baud == lc->baud && cur->format == lc->format)
		return 0;
	if (mw_bus_set_line(w->bus, lc, err, sizeof err) < 0) {
		mw_worker_io_failed(w, err);
		return -1;
	}
	return 0;
}

/* on_found: add the device to the list. */
static void scan_found(void *ctx, const struct mw_scan_dev *f)
{
	struct mw_worker *w = ctx;
	struct mw_ui_snap *s = w->st;
	struct mw_ui_dev *d;

	for (int i = 0; i < s->n_dev; i++)
		if (s->dev[i].addr == f->addr && s->dev[i].lc.baud == f->line.baud &&
		    s->dev[i].lc.format == f->line.format)
			return; /* already listed (a scan again after the port came back) */
	if (s->n_dev >= MW_UI_MAX_DEV)
		return;
	d = &s->dev[s->n_dev];
	memset(d, 0, sizeof *d);
	d->addr = f->addr;
	d->lc = f->line;
	d->model = f->model;
	mw_ui_strcpy(d->ident, sizeof d->ident, f->what);
	d->turnaround_ms = f->turnaround_ms;
	for (int k = 0; k < f->n_formats; k++) {
		size_t len = strlen(d->formats);

		snprintf(d->formats + len, sizeof d->formats - len, "%s%s", k ? "/" : "",
		         mw_format_name(f->formats[k]));
	}
	for (int i = 0; i < MW_UI_MAX_VAL; i++) {
		d->val[i] = NAN;
		d->flags[i] = -1;
	}
	mw_phases_init(&d->ph);
	s->n_dev++;
	if (s->sel < 0)
		s->sel = s->n_dev - 1;
}

/* on_event: keep the latest remark for the scan screen. */
static void scan_event(void *ctx, const struct mw_scan_event *e)
{
	struct mw_worker *w = ctx;

	mw_ui_strcpy(w->st->scan.note, sizeof w->st->scan.note, e->text);
}

void mw_wscan_end(struct mw_worker *w)
{
	if (w->scan)
		mw_scan_free(w->scan);
	w->scan = NULL;
}

void mw_wscan_begin(struct mw_worker *w)
{
	struct mw_ui_scan *sc = &w->st->scan;
	struct mw_scan_opts o = {0};
	char err[256];

	mw_wscan_end(w);
	memset(sc, 0, sizeof *sc);
	o.bauds = w->cfg.bauds;
	o.n_bauds = w->cfg.n_bauds;
	o.formats = w->cfg.formats;
	o.n_formats = w->cfg.n_formats;
	o.expect = w->cfg.expect;
	o.on_found = scan_found;
	o.on_event = scan_event;
	o.ctx = w;
	w->scan = mw_scan_new(w->bus, w->cfg.cat, &o, err, sizeof err);
	if (!w->scan) {
		sc->done = true;
		mw_ui_strcpy(sc->note, sizeof sc->note, err);
		return;
	}
	sc->running = true;
}

void mw_wscan_step(struct mw_worker *w)
{
	struct mw_ui_scan *sc = &w->st->scan;
	struct mw_scan_progress p;
	int rc = mw_scan_step(w->scan);

	mw_scan_progress(w->scan, &p);
	sc->step = p.line_index;
	sc->steps = p.n_lines;
	sc->lc = p.line;
	sc->addr = p.addr;
	sc->frac = p.n_lines ? (p.line_index + (p.addr > 0 ? p.addr / 247.0 : 0)) / p.n_lines : 0;
	sc->elapsed_s = p.elapsed_s;
	sc->left_s = p.left_s;
	if (rc < 0) {
		const char *e = mw_scan_error(w->scan);

		mw_ui_strcpy(sc->note, sizeof sc->note, e ? e : "");
		sc->running = false;
		mw_wscan_end(w);
		mw_worker_io_failed(w, e ? e : "");
	} else if (rc == 0) {
		sc->running = false;
		sc->done = true;
		snprintf(sc->note, sizeof sc->note, _("scan finished: %d device(s) in %.1f s"),
		         w->st->n_dev, p.elapsed_s);
		mw_wscan_end(w);
	}
	mw_worker_publish(w);
}
