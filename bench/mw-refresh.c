/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mw-refresh.c - the engine session as the TUI drives it, measured (for
 * bench/refresh-bench; prints figures, asserts nothing):
 *
 *   mw-refresh -p PORT [-b BAUDS] [-s SECONDS] [-e N]
 *
 * (1) the scan on the scan screen (view SCAN: the scan has the line): its
 *     estimate of the total (elapsed + left) at several points against the
 *     time it took;
 * (2) the dashboard (view DASH) of each device found: full readings
 *     completed over SECONDS, their mean interval against the line bound
 *     of one full reading (timing.h), and the rate ratio bound/interval;
 * (3) the panel (view PANEL): rounds of every device's key figures, their
 *     mean time against the bound of one round, and the ratio;
 * (4) the dashboard of the first device a new scan finds, while that scan
 *     runs (it waits for the dashboard), against the same bound.
 * The same session code the TUI runs; only the terminal is left out.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devload.h"
#include "session.h"

static void nap(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};

	nanosleep(&ts, NULL);
}

static void send_view(struct mw_session *s, int view)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_VIEW, .count = view};

	mw_session_send(s, &c);
}

/* Polls answered in full by device i so far (complete ones). */
static unsigned long polls_of(const struct mw_session_snap *sn, int i)
{
	return sn->dev[i].n_polls;
}

int main(int argc, char **argv)
{
	struct mw_catalog cat = {0};
	struct mw_session_cfg cfg = {.autoscan = true};
	struct mw_session_snap sn = {0};
	struct mw_session *s;
	static int bauds[16];
	const char *port = NULL;
	double secs = 10, t0, marks[] = {0.1, 0.25, 0.5, 0.75}, est[4] = {0}, at[4] = {0};
	char err[512];
	int opt;

	setlocale(LC_ALL, "C");
	while ((opt = getopt(argc, argv, "p:b:s:e:")) != -1) {
		switch (opt) {
		case 'p':
			port = optarg;
			break;
		case 'b':
			for (char *t = strtok(optarg, ","); t && cfg.n_bauds < 16;
			     t = strtok(NULL, ","))
				bauds[cfg.n_bauds++] = atoi(t);
			cfg.bauds = bauds;
			break;
		case 's':
			secs = atof(optarg);
			break;
		case 'e':
			cfg.expect = atoi(optarg);
			break;
		default:
			fprintf(stderr,
			        "usage: mw-refresh -p PORT [-b BAUDS] [-s SECONDS] [-e N]\n");
			return 2;
		}
	}
	if (!port || mw_devload_all(&cat, NULL) < 0) {
		fprintf(stderr, "mw-refresh: -p PORT and device files (MW_DEVICES_PATH) needed\n");
		return 2;
	}
	cfg.port = port;
	cfg.cat = &cat;
	if (!(s = mw_session_start(&cfg, err, sizeof err))) {
		fprintf(stderr, "mw-refresh: %s\n", err);
		return 1;
	}
	send_view(s, MW_SESSION_VIEW_SCAN);
	/* (1) the scan and its estimate */
	t0 = mw_session_now();
	for (;;) {
		nap(0.05);
		mw_session_snapshot(s, &sn);
		if (sn.scan.done)
			break;
		if (!sn.scan.running) {
			if (mw_session_now() - t0 > 30) {
				fprintf(stderr, "mw-refresh: the scan did not start: %s\n",
				        sn.conn_msg);
				return 1;
			}
			continue;
		}
		for (int k = 0; k < 4; k++)
			if (est[k] == 0 && sn.scan.frac >= marks[k]) {
				est[k] = sn.scan.elapsed_s + sn.scan.left_s;
				at[k] = sn.scan.elapsed_s;
			}
	}
	printf("scan: %d device(s), %d setting(s), took %.1f s\n", sn.n_dev, sn.scan.steps,
	       sn.scan.elapsed_s);
	for (int k = 0; k < 4; k++)
		if (est[k] > 0)
			printf("scan estimate at %2.0f%% of the probes (%.1f s in): total %.1f s, "
			       "taken %.1f s, estimate/taken %.2f\n",
			       100 * marks[k], at[k], est[k], sn.scan.elapsed_s,
			       est[k] / sn.scan.elapsed_s);
	/* (2) the dashboard of each device */
	for (int i = 0; i < sn.n_dev; i++) {
		struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SELECT, .dev = i};
		unsigned long p0;
		double start;

		if (!sn.dev[i].model)
			continue;
		mw_session_send(s, &c);
		send_view(s, MW_SESSION_VIEW_DASH);
		mw_session_snapshot(s, &sn);
		p0 = polls_of(&sn, i);
		/* two readings first: the view has changed and the bound is known */
		for (double w = 0; w < 10 && polls_of(&sn, i) < p0 + 2; w += 0.02) {
			nap(0.02);
			mw_session_snapshot(s, &sn);
		}
		p0 = polls_of(&sn, i);
		start = sn.dev[i].last_ok_s;
		nap(secs);
		mw_session_snapshot(s, &sn);
		{
			/* from the start of one answered reading to the start of the last */
			double dt = sn.dev[i].last_ok_s - start,
			       n = (double)(polls_of(&sn, i) - p0);
			double iv = n > 0 ? dt / n : 0, b = sn.dev[i].bound_s;

			printf("dashboard: address %3d %-12s %6d %s: %3.0f readings in %.1f s, "
			       "interval %.3f s, bound %.3f s, rate/bound rate %.2f\n",
			       sn.dev[i].addr, sn.dev[i].model->name, sn.dev[i].lc.baud,
			       mw_format_name(sn.dev[i].lc.format), n, dt, iv, b,
			       iv > 0 ? b / iv : 0);
		}
	}
	/* (3) the panel's round robin: each device's readings, start to start */
	send_view(s, MW_SESSION_VIEW_PANEL);
	nap(2.0);
	mw_session_snapshot(s, &sn);
	{
		unsigned long *p0 = calloc((size_t)sn.n_dev + 1, sizeof *p0);
		double *t0s = calloc((size_t)sn.n_dev + 1, sizeof *t0s), sum = 0, bound;
		int n_known = 0, n0 = sn.n_dev;

		for (int i = 0; i < n0; i++) {
			p0[i] = polls_of(&sn, i);
			t0s[i] = sn.dev[i].last_ok_s;
		}
		bound = sn.round_bound_s;
		nap(secs);
		mw_session_snapshot(s, &sn);
		for (int i = 0; i < n0 && i < sn.n_dev; i++) {
			unsigned long n = polls_of(&sn, i) - p0[i];

			if (!sn.dev[i].model || n == 0)
				continue;
			sum += (sn.dev[i].last_ok_s - t0s[i]) / (double)n;
			n_known++;
		}
		if (n_known) {
			double iv = sum / n_known;

			printf(
			    "panel: %d device(s) in turn for %.0f s: round %.3f s (mean, start to "
			    "start), bound %.3f s, rate/bound rate %.2f\n",
			    n_known, secs, iv, bound, iv > 0 ? bound / iv : 0);
		}
		free(p0);
		free(t0s);
	}
	/* (4) the dashboard while a scan runs: the scan waits for it */
	{
		struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SCAN};
		unsigned long p0;
		double start, w;
		int i = -1;

		send_view(s, MW_SESSION_VIEW_SCAN);
		mw_session_send(s, &c);
		for (w = 0; w < 120 && i < 0; w += 0.05) {
			nap(0.05);
			mw_session_snapshot(s, &sn);
			for (int k = 0; k < sn.n_dev && sn.scan.running; k++)
				if (sn.dev[k].model)
					i = k;
		}
		if (i < 0) {
			printf("dashboard during a scan: no device found to show\n");
		} else {
			struct mw_session_cmd sel = {.kind = MW_SESSION_CMD_SELECT, .dev = i};

			mw_session_send(s, &sel);
			send_view(s, MW_SESSION_VIEW_DASH);
			mw_session_snapshot(s, &sn);
			p0 = polls_of(&sn, i);
			for (w = 0; w < 10 && polls_of(&sn, i) < p0 + 2; w += 0.02) {
				nap(0.02);
				mw_session_snapshot(s, &sn);
			}
			p0 = polls_of(&sn, i);
			start = sn.dev[i].last_ok_s;
			nap(secs);
			mw_session_snapshot(s, &sn);
			{
				double dt = sn.dev[i].last_ok_s - start,
				       n = (double)(polls_of(&sn, i) - p0);
				double iv = n > 0 ? dt / n : 0, b = sn.dev[i].bound_s;

				printf("dashboard during a scan (scan %s): address %d %s: interval "
				       "%.3f s, bound %.3f s, rate/bound rate %.2f\n",
				       sn.scan.paused ? "waiting" : "running", sn.dev[i].addr,
				       sn.dev[i].model->name, iv, b, iv > 0 ? b / iv : 0);
			}
		}
		c.kind = MW_SESSION_CMD_SCAN_STOP;
		mw_session_send(s, &c);
	}
	mw_session_stop(s);
	mw_session_snap_free(&sn);
	mw_catalog_free(&cat);
	return 0;
}
