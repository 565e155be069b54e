/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen_test.c - screens rendered without a terminal: a fixed snapshot
 * (a JSY-MK-333 and a KPM33B with made-up readings, as the engine session
 * would publish them; for the scan screen a device no file describes too) is drawn into an
 * in-memory ncurses screen of 30 x 100 and the whole screen text is compared with a .result file,
 * as tmux's regress/ does.  MW_SCREEN_OUT=DIR writes what was drawn to DIR/NAME.result (to review
 * and update the expected screens).
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devload.h"
#include "engine.h"
#include "tap.h"
#include "ui.h"

/* A made-up reading of value v: volts, amps and watts that fit together. */
static double sample(const struct mw_value *v)
{
	int k = v->phase >= MW_PHASE_L1 && v->phase <= MW_PHASE_L3 ? v->phase - MW_PHASE_L1 : 0;
	double volts = 230.1 + 0.4 * k, amps = 5.25 + k;

	switch (v->quantity) {
	case MW_Q_VOLTAGE:
		return volts;
	case MW_Q_LINE_VOLTAGE:
		return 398.5;
	case MW_Q_CURRENT:
		return amps;
	case MW_Q_ACTIVE_POWER:
		return v->phase == MW_PHASE_TOTAL ? 3732 : round(volts * amps * 0.9);
	case MW_Q_REACTIVE_POWER:
		return v->phase == MW_PHASE_TOTAL ? 1783 : round(volts * amps * 0.43);
	case MW_Q_APPARENT_POWER:
		return v->phase == MW_PHASE_TOTAL ? 4146 : round(volts * amps);
	case MW_Q_POWER_FACTOR:
		return 0.9;
	case MW_Q_FREQUENCY:
		return 50;
	case MW_Q_ACTIVE_ENERGY:
	case MW_Q_ACTIVE_ENERGY_IMPORT:
		return 1234.5 + 100 * k;
	default:
		return 0;
	}
}

/* Device d as the session publishes it: values, their engine text, the
 * per-phase picture and the wiring verdicts. */
static void make_dev(struct mw_session_dev *d, const struct mw_model *m, int addr, int baud,
                     enum mw_format f)
{
	memset(d, 0, sizeof *d);
	d->gen = (unsigned long)addr;
	d->addr = addr;
	d->lc.baud = baud;
	d->lc.format = f;
	d->model = m;
	d->have_reading = true;
	d->refresh_s = 0.12;
	d->bound_s = 0.1;
	if (mw_reading_init(&d->rd, m, addr) < 0)
		abort();
	d->text = calloc(m->n_values + 1, sizeof *d->text);
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		char buf[256];

		if (v->type == MW_T_BITS)
			d->rd.raw_flags[i] = 0;
		else if (v->type == MW_T_STRING)
			d->rd.texts[i] = strdup("SN0001");
		else
			d->rd.values[i] = sample(v);
		d->rd.have[i] = true;
		mw_reading_format(&d->rd, i, buf, sizeof buf);
		d->text[i] = strdup(buf);
	}
	mw_phases_init(&d->ph);
	mw_reading_phases(&d->rd, &d->ph);
	if (m->kind == MW_KIND_AC3)
		mw_diag_run(&d->ph, &d->diag);
}

/* Phase k of device d loses its voltage: no current, no power; the meter
 * still reports a power factor of 1 there (as the JSY-MK-333 does). */
static void kill_phase(struct mw_session_dev *d, int k)
{
	const struct mw_model *m = d->model;

	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		char buf[256];

		if ((int)v->phase != (int)MW_PHASE_L1 + k || v->type == MW_T_BITS ||
		    v->type == MW_T_STRING || v->tariff || v->month)
			continue;
		switch (v->quantity) {
		case MW_Q_VOLTAGE:
		case MW_Q_CURRENT:
		case MW_Q_ACTIVE_POWER:
		case MW_Q_REACTIVE_POWER:
		case MW_Q_APPARENT_POWER:
			d->rd.values[i] = 0;
			break;
		case MW_Q_POWER_FACTOR:
			d->rd.values[i] = 1;
			break;
		default:
			continue;
		}
		mw_reading_format(&d->rd, i, buf, sizeof buf);
		free(d->text[i]);
		d->text[i] = strdup(buf);
	}
	d->gen++;
	mw_phases_init(&d->ph);
	mw_reading_phases(&d->rd, &d->ph);
	mw_diag_run(&d->ph, &d->diag);
}

/* Draw screen `scr` and compare it with tests/ui/NAME.result. */
static void golden(struct mw_ui *ui, int scr, const char *name)
{
	char path[1024], *got = NULL, *want = NULL;
	size_t got_len = 0, want_len = 0;
	const char *srcdir = getenv("top_srcdir"), *outdir = getenv("MW_SCREEN_OUT");
	FILE *f;

	ui->screen = scr;
	mw_ui_draw(ui);
	f = open_memstream(&got, &got_len);
	mw_term_dump(f);
	fclose(f);
	if (outdir) {
		snprintf(path, sizeof path, "%s/%s.result", outdir, name);
		if ((f = fopen(path, "w"))) {
			fputs(got, f);
			fclose(f);
		}
	}
	snprintf(path, sizeof path, "%s/tests/ui/%s.result", srcdir ? srcdir : ".", name);
	if ((f = fopen(path, "r"))) {
		FILE *m = open_memstream(&want, &want_len);
		int c;

		while ((c = getc(f)) != EOF)
			putc(c, m);
		fclose(m);
		fclose(f);
	}
	ok(want && strcmp(got, want) == 0, "%s: the screen is as in %s.result", name, name);
	if (!want || strcmp(got, want) != 0) {
		char *line, *sp = NULL;

		diag("drawn:");
		for (line = strtok_r(got, "\n", &sp); line; line = strtok_r(NULL, "\n", &sp))
			diag("|%s", line);
	}
	free(got);
	free(want);
}

/* Stop with a TAP bail-out. */
static void bail(const char *why)
{
	printf("Bail out! %s\n", why);
	exit(1);
}

static void warn(const char *msg)
{
	diag("%s", msg);
}

int main(void)
{
	struct mw_catalog cat = {0};
	struct mw_session_snap snap = {0};
	struct mw_ui ui = {0};
	const struct mw_model *jsy, *kpm;

	setlocale(LC_ALL, "C");
	if (mw_devload_all(&cat, warn) < 0)
		bail("no device files (MW_DEVICES_PATH)");
	jsy = mw_catalog_find(&cat, "jsy-mk-333");
	kpm = mw_catalog_find(&cat, "kpm33b");
	if (!jsy || !kpm)
		bail("the JSY-MK-333 and KPM33B device files are needed");
	snap.conn = MW_SESSION_CONN_UP;
	snprintf(snap.port, sizeof snap.port, "%s", "/dev/ttyUSB0");
	snap.dev = calloc(2, sizeof *snap.dev);
	snap.n_dev = snap.cap_dev = 2;
	make_dev(&snap.dev[0], jsy, 2, 9600, MW_FMT_8N1);
	make_dev(&snap.dev[1], kpm, 7, 19200, MW_FMT_8E1);
	snap.sel = 0;
	snap.set.dev = -1;
	snap.req_per_s = 12.5;
	snap.total.requests = snap.total.replies = 100;
	snap.total.latency_ms_sum = 1500;
	ui.s = &snap;
	if (mw_term_init_virtual(&ui, 30, 100) < 0)
		bail("no in-memory screen (terminfo for vt100?)");
	golden(&ui, MW_SCR_DASH, "dash");
	golden(&ui, MW_SCR_PANEL, "panel");
	/* L3 dead: no power factor shown there (the meter's 1.000 is not one) */
	kill_phase(&snap.dev[0], 2);
	golden(&ui, MW_SCR_DASH, "dash-dead");
	/* the JSY's settings as read: 0x0004 = address 2 << 8 | 8N1 << 6 | 9600
	 * (code 6); 260 V; 50.0 A (500) */
	snap.set.dev = 0;
	snap.set.seq = 1;
	for (int k = 0; k < 3; k++) {
		snap.set.ok[k] = true;
		snap.set.words[k][0] = 0x0206;
	}
	snap.set.ok[3] = snap.set.ok[4] = true;
	snap.set.words[3][0] = 260;
	snap.set.words[4][0] = 500;
	golden(&ui, MW_SCR_SETTINGS, "settings");
	/* the KPM33B's: nothing read yet; the password masked, the gaps listed */
	snap.sel = 1;
	snap.set.dev = -1;
	golden(&ui, MW_SCR_SETTINGS, "settings-kpm");
	mw_screens[MW_SCR_SETTINGS]->leave(&ui); /* its form and window */
	/* the scan screen mid-scan: an unknown device at address 1 answered
	 * last; the list is in address order, one bar over the whole plan */
	snap.dev = realloc(snap.dev, 3 * sizeof *snap.dev);
	memset(&snap.dev[2], 0, sizeof snap.dev[2]);
	snap.dev[2].gen = 3;
	snap.dev[2].addr = 1;
	snap.dev[2].lc.baud = 9600;
	snap.dev[2].lc.format = MW_FMT_8N1;
	snprintf(snap.dev[2].ident, sizeof snap.dev[2].ident, "%s", "holding 0x0000 = 0x1234");
	snap.dev[0].turnaround_ms = 10;
	snap.dev[1].turnaround_ms = 12;
	snap.n_dev = snap.cap_dev = 3;
	snap.seq = 1;
	snap.scan.running = true;
	snap.scan.step = 5;
	snap.scan.steps = 20;
	snap.scan.lc.baud = 9600;
	snap.scan.lc.format = MW_FMT_8E1;
	snap.scan.addr = 14;
	snap.scan.expect = 4;
	snap.scan.elapsed_s = 12;
	snap.scan.left_s = 231;
	snap.scan.frac = 0.4;
	ui.cursor = 1;
	golden(&ui, MW_SCR_SCAN, "scan");
	mw_ui_state_free(&ui);
	mw_term_end();
	mw_session_snap_free(&snap);
	mw_catalog_free(&cat);
	return done_testing();
}
