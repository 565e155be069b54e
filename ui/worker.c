/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.c - the TUI's engine thread: the connection to the port, the
 * command queue, the main loop (commands, then a scan step, then a poll)
 * and publishing snapshots under the mutex.  See worker.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "wpriv.h"

double mw_ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void mw_ui_strcpy(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(dst, src ? src : "", len);
	dst[len] = 0;
}

void mw_worker_publish(struct mw_worker *w)
{
	char c = 1;
	const struct mw_stats *t = w->bus ? mw_bus_stats(w->bus, -1) : NULL;
	double now = mw_ui_now();

	if (t) {
		w->st->total = *t;
		if (now - w->rate_t0 >= 1.0) {
			w->st->req_per_s = (t->requests - w->rate_req0) / (now - w->rate_t0);
			w->rate_t0 = now;
			w->rate_req0 = t->requests;
		}
	}
	pthread_mutex_lock(&w->lock);
	w->st->seq++;
	memcpy(w->pub, w->st, sizeof *w->pub);
	pthread_mutex_unlock(&w->lock);
	if (write(w->pipe[1], &c, 1) < 0 && errno != EAGAIN) {
		/* the UI is gone or slow; it redraws on its own timer anyway */
	}
}

/* Open the port; on failure note it and retry later. */
static void worker_open(struct mw_worker *w)
{
	char err[256];
	struct mw_linecfg lc = {9600, MW_FMT_8N1};
	bool was_lost = w->st->conn == MW_CONN_LOST;

	if (mw_ui_now() < w->next_open_s)
		return;
	w->bus = mw_bus_open(w->port, &lc, err, sizeof err);
	if (!w->bus) {
		w->st->conn = MW_CONN_LOST;
		mw_ui_strcpy(w->st->conn_msg, sizeof w->st->conn_msg, err);
		w->next_open_s = mw_ui_now() + 1.0;
		mw_worker_publish(w);
		return;
	}
	mw_bus_set_retries(w->bus, 0);
	w->st->conn = MW_CONN_UP;
	w->rate_t0 = mw_ui_now();
	w->rate_req0 = 0;
	snprintf(w->st->conn_msg, sizeof w->st->conn_msg, _("connected to %s"), w->port);
	if ((w->cfg.autoscan && !was_lost && !w->st->scan.done) || w->rescan) {
		w->rescan = false;
		mw_wscan_begin(w);
	}
	mw_worker_publish(w);
}

bool mw_worker_io_failed(struct mw_worker *w, const char *msg)
{
	if (!w->bus)
		return true;
	if (mw_bus_last_error(w->bus) != MW_BUS_IO && access(w->port, F_OK) == 0)
		return false;
	if (strncmp(w->port, "tcp:", 4) == 0 || strncmp(w->port, "rtutcp:", 7) == 0) {
		if (mw_bus_last_error(w->bus) != MW_BUS_IO)
			return false;
	}
	if (w->scan) {
		mw_wscan_end(w);
		w->st->scan.running = false;
		w->rescan = true;
	}
	mw_bus_close(w->bus);
	w->bus = NULL;
	w->st->conn = MW_CONN_LOST;
	snprintf(w->st->conn_msg, sizeof w->st->conn_msg,
	         _("%s: disconnected (%s); reconnecting when it returns"), w->port, msg);
	w->next_open_s = mw_ui_now() + 1.0;
	mw_worker_publish(w);
	return true;
}

/* Take the next command off the queue; false when empty. */
static bool worker_take(struct mw_worker *w, struct mw_ui_cmd *c)
{
	bool got = false;

	pthread_mutex_lock(&w->lock);
	if (w->q_len > 0) {
		*c = w->q[w->q_head];
		w->q_head = (w->q_head + 1) % MW_UI_QUEUE;
		w->q_len--;
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

/* Poll: the selected device in full, then one other device's key figures. */
static void worker_poll(struct mw_worker *w)
{
	struct mw_ui_snap *s = w->st;
	double now = mw_ui_now();

	if (s->n_dev == 0 || now < w->next_poll_s)
		return;
	if (s->sel >= 0 && s->sel < s->n_dev)
		mw_wpoll_device(w, s->sel, true);
	if (!w->bus)
		return;
	if (s->n_dev > 1 || s->sel < 0) {
		w->rr = (w->rr + 1) % s->n_dev;
		if (w->rr != s->sel)
			mw_wpoll_device(w, w->rr, false);
	}
	w->next_poll_s = mw_ui_now() + 0.25;
	mw_worker_publish(w);
}

/* Sleep until a command arrives or `s` seconds pass. */
static void worker_wait(struct mw_worker *w, double s)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(s * 1e9);
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&w->lock);
	if (!w->quit && w->q_len == 0)
		pthread_cond_timedwait(&w->wake, &w->lock, &ts);
	pthread_mutex_unlock(&w->lock);
}

static void *worker_main(void *arg)
{
	struct mw_worker *w = arg;
	struct mw_ui_cmd c;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		bool quit = w->quit;
		pthread_mutex_unlock(&w->lock);
		if (quit)
			break;
		if (!w->bus)
			worker_open(w);
		/* commands run even while disconnected: they fail at once, so
		 * the UI never waits for a port that is not there */
		if (worker_take(w, &c)) {
			mw_wcmd_run(w, &c);
			mw_worker_publish(w);
			continue;
		}
		if (!w->bus) {
			worker_wait(w, 0.2);
			continue;
		}
		if (w->cm) {
			mw_wcomm_step(w);
			continue;
		}
		if (w->scan) {
			/* keep values coming during a long scan: the selected
			 * device and the others' key figures, in turn, once a second */
			struct mw_scan_progress p;

			if (w->st->n_dev > 0 && mw_ui_now() >= w->next_poll_s) {
				int i = w->st->sel;

				if (w->scan_turn++ % 2 || i < 0) {
					w->rr = (w->rr + 1) % w->st->n_dev;
					i = w->rr;
				}
				mw_wpoll_device(w, i, i == w->st->sel);
				w->next_poll_s = mw_ui_now() + 1.0;
				if (!w->scan)
					continue;
			}
			/* a poll or a command may have moved the line: put it back */
			mw_scan_progress(w->scan, &p);
			if (p.line.baud > 0 && mw_wline_use(w, &p.line) < 0)
				continue;
			mw_wscan_step(w);
			continue;
		}
		worker_poll(w);
		if (w->bus)
			worker_wait(w, 0.05);
	}
	return NULL;
}

struct mw_worker *mw_worker_start(const struct mw_worker_cfg *cfg, char *err, size_t errsz)
{
	struct mw_worker *w = calloc(1, sizeof *w);

	if (!w || !(w->pub = calloc(1, sizeof *w->pub)) || !(w->st = calloc(1, sizeof *w->st))) {
		snprintf(err, errsz, "%s", _("out of memory"));
		goto fail;
	}
	w->cfg = *cfg;
	mw_ui_strcpy(w->port, sizeof w->port, cfg->port);
	mw_ui_strcpy(w->st->port, sizeof w->st->port, cfg->port);
	w->st->sel = -1;
	w->st->set.dev = -1;
	w->st->conn = MW_CONN_OPENING;
	w->next_id = 1;
	if (pipe(w->pipe) < 0) {
		snprintf(err, errsz, _("cannot create a pipe: %s"), strerror(errno));
		goto fail;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(w->pipe[i], F_SETFL, fcntl(w->pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(w->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	memcpy(w->pub, w->st, sizeof *w->pub);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		snprintf(err, errsz, "%s", _("cannot start the engine thread"));
		goto fail;
	}
	return w;
fail:
	if (w) {
		free(w->pub);
		free(w->st);
	}
	free(w);
	return NULL;
}

void mw_worker_stop(struct mw_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	if (w->bus)
		mw_bus_close(w->bus);
	mw_wscan_end(w);
	mw_wcomm_free(w);
	for (int i = 0; i < MW_UI_MAX_DEV; i++)
		mw_wpoll_forget(w, i);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w->pub);
	free(w->st);
	free(w);
}

void mw_worker_snapshot(struct mw_worker *w, struct mw_ui_snap *out)
{
	pthread_mutex_lock(&w->lock);
	memcpy(out, w->pub, sizeof *out);
	pthread_mutex_unlock(&w->lock);
}

unsigned long mw_worker_send(struct mw_worker *w, const struct mw_ui_cmd *c)
{
	unsigned long id = 0;

	pthread_mutex_lock(&w->lock);
	if (w->q_len < MW_UI_QUEUE) {
		int at = (w->q_head + w->q_len) % MW_UI_QUEUE;

		w->q[at] = *c;
		w->q[at].id = id = w->next_id++;
		w->q_len++;
		pthread_cond_signal(&w->wake);
	}
	pthread_mutex_unlock(&w->lock);
	return id;
}

int mw_worker_fd(const struct mw_worker *w)
{
	return w->pipe[0];
}

void mw_worker_ack(struct mw_worker *w)
{
	char buf[64];

	while (read(w->pipe[0], buf, sizeof buf) > 0)
		;
}
