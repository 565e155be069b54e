/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.c - the engine session's thread: the connection to the port, the
 * command queue, the main loop (commands, then a scan step, then a poll),
 * the growing device list and publishing snapshots under the mutex, device
 * by device.  See session.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "link.h"
#include "trace.h"
#include "xalloc.h"
#include "session_int.h"

double mw_session_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Free what device d owns (its values and texts). */
static void dev_free(struct mw_session_dev *d)
{
	if (d->text)
		for (size_t i = 0; i < d->rd.n_values; i++)
			free(d->text[i]);
	free(d->text);
	free(d->value_s);
	if (d->rd.values)
		mw_reading_free(&d->rd);
	memset(d, 0, sizeof *d);
}

/* Deep copy of src into dst (freed first); returns the bytes copied. */
static size_t dev_copy(struct mw_session_dev *dst, const struct mw_session_dev *src)
{
	size_t n = src->rd.n_values, bytes = sizeof *dst;

	dev_free(dst);
	*dst = *src;
	memset(&dst->rd, 0, sizeof dst->rd);
	dst->text = NULL;
	dst->value_s = NULL;
	if (!src->rd.values)
		return bytes;
	dst->value_s = mw_xcalloc(n ? n : 1, sizeof *dst->value_s);
	if (src->value_s)
		memcpy(dst->value_s, src->value_s, n * sizeof *dst->value_s);
	bytes += n * sizeof *dst->value_s;
	mw_reading_init(&dst->rd, src->rd.model, src->rd.addr);
	dst->rd.line = src->rd.line;
	dst->rd.when = src->rd.when;
	dst->rd.n_requests = src->rd.n_requests;
	dst->rd.n_failed = src->rd.n_failed;
	dst->rd.elapsed_ms = src->rd.elapsed_ms;
	memcpy(dst->rd.values, src->rd.values, n * sizeof *src->rd.values);
	memcpy(dst->rd.raw_flags, src->rd.raw_flags, n * sizeof *src->rd.raw_flags);
	memcpy(dst->rd.have, src->rd.have, n * sizeof *src->rd.have);
	bytes += n * (sizeof *src->rd.values + sizeof *src->rd.raw_flags + sizeof *src->rd.have);
	dst->text = mw_xcalloc(n, sizeof *dst->text);
	for (size_t i = 0; i < n; i++) {
		if (src->rd.texts[i]) {
			dst->rd.texts[i] = mw_xstrdup(src->rd.texts[i]);
			bytes += strlen(src->rd.texts[i]) + 1;
		}
		dst->text[i] = mw_xstrdup(src->text[i] ? src->text[i] : "");
		bytes += strlen(dst->text[i]) + 1;
	}
	return bytes;
}

/* Make room for n devices in snapshot p (new entries zeroed). */
static void snap_reserve(struct mw_session_snap *p, int n)
{
	int cap = p->cap_dev ? p->cap_dev : 8;

	if (n <= p->cap_dev)
		return;
	while (cap < n)
		cap *= 2;
	p->dev = mw_xrealloc(p->dev, (size_t)cap * sizeof *p->dev);
	memset(p->dev + p->cap_dev, 0, (size_t)(cap - p->cap_dev) * sizeof *p->dev);
	p->cap_dev = cap;
}

/* Bring dst up to date with src: the fields, the commissioning when its
 * generation differs, the devices whose generation differs; returns the
 * bytes copied. */
static size_t snap_copy(struct mw_session_snap *dst, const struct mw_session_snap *src)
{
	struct mw_session_dev *dev = dst->dev;
	int n_old = dst->n_dev, cap = dst->cap_dev;
	size_t bytes = offsetof(struct mw_session_snap, cm);

	memcpy(dst, src, offsetof(struct mw_session_snap, cm));
	dst->dev = dev;
	dst->n_dev = n_old;
	dst->cap_dev = cap;
	if (dst->cm.gen != src->cm.gen) {
		dst->cm = src->cm;
		bytes += sizeof dst->cm;
	}
	snap_reserve(dst, src->n_dev);
	for (int i = 0; i < src->n_dev; i++)
		if (i >= n_old || dst->dev[i].gen != src->dev[i].gen)
			bytes += dev_copy(&dst->dev[i], &src->dev[i]);
	for (int i = src->n_dev; i < n_old; i++)
		dev_free(&dst->dev[i]);
	dst->n_dev = src->n_dev;
	return bytes;
}

void mw_session_snap_free(struct mw_session_snap *snap)
{
	for (int i = 0; i < snap->n_dev; i++)
		dev_free(&snap->dev[i]);
	free(snap->dev);
	memset(snap, 0, sizeof *snap);
}

/* Free the copies of the known devices. */
static void free_known(struct mw_session *s)
{
	if (s->known)
		for (size_t k = 0; k < s->n_known_alloc; k++)
			free((void *)s->known[k].want);
	free(s->known);
	s->known = NULL;
}

int mw_session_dev_add(struct mw_session *s, int addr, const struct mw_linecfg *lc,
                       const struct mw_model *model)
{
	struct mw_session_snap *st = s->st;
	int cap = st->cap_dev, i = st->n_dev;
	struct mw_session_dev *d;

	snap_reserve(st, i + 1);
	if (st->cap_dev != cap) {
		s->dirty = mw_xrealloc(s->dirty, (size_t)st->cap_dev * sizeof *s->dirty);
		s->reading = mw_xrealloc(s->reading, (size_t)st->cap_dev * sizeof *s->reading);
		s->have_reading =
		    mw_xrealloc(s->have_reading, (size_t)st->cap_dev * sizeof *s->have_reading);
		for (int k = cap; k < st->cap_dev; k++) {
			s->dirty[k] = s->have_reading[k] = false;
			memset(&s->reading[k], 0, sizeof s->reading[k]);
		}
	}
	d = &st->dev[i];
	memset(d, 0, sizeof *d);
	d->addr = addr;
	d->lc = *lc;
	d->dlt_measured_ms = -1; /* nothing measured yet */
	mw_phases_init(&d->ph);
	st->n_dev++;
	s->have_reading[i] = false;
	mw_session_dev_model(s, i, model);
	return i;
}

void mw_session_dev_model(struct mw_session *s, int i, const struct mw_model *model)
{
	struct mw_session_dev *d = &s->st->dev[i];

	if (d->model == model && (!model || d->rd.values))
		return;
	if (d->text)
		for (size_t k = 0; k < d->rd.n_values; k++)
			free(d->text[k]);
	free(d->text);
	free(d->value_s);
	d->text = NULL;
	d->value_s = NULL;
	if (d->rd.values)
		mw_reading_free(&d->rd);
	memset(&d->rd, 0, sizeof d->rd);
	mw_session_poll_forget(s, i);
	d->model = model;
	d->have_reading = false;
	d->bound_s = d->key_bound_s = 0;
	if (model) {
		mw_reading_init(&d->rd, model, d->addr);
		d->text = mw_xcalloc(model->n_values, sizeof *d->text);
		d->value_s = mw_xcalloc(model->n_values ? model->n_values : 1, sizeof *d->value_s);
		for (size_t k = 0; k < model->n_values; k++)
			d->text[k] = mw_xstrdup("");
	}
	mw_session_touch(s, i);
}

void mw_session_dev_clear(struct mw_session *s)
{
	for (int i = 0; i < s->st->n_dev; i++) {
		mw_session_poll_forget(s, i);
		dev_free(&s->st->dev[i]);
		s->dirty[i] = false;
	}
	s->st->n_dev = 0;
	s->n_known = 0;
	s->rr = 0;
}

void mw_session_touch(struct mw_session *s, int i)
{
	if (i >= 0 && i < s->st->n_dev)
		s->dirty[i] = true;
}

void mw_session_publish(struct mw_session *s)
{
	char c = 1;
	const struct mw_stats *t = s->bus ? mw_bus_stats(s->bus, -1) : NULL;
	double now = mw_session_now();

	if (t) {
		struct mw_link_adapter a;

		if (!mw_bus_is_tcp(s->bus) && mw_bus_adapter(s->bus, &a) == 0) {
			s->st->adapter_ms = a.latency_ms;
			s->st->adapter_echo = a.echo == MW_ECHO_PRESENT;
		}
		s->st->total = *t;
		if (now - s->rate_t0 >= 1.0) {
			s->st->req_per_s = (t->requests - s->rate_req0) / (now - s->rate_t0);
			s->rate_t0 = now;
			s->rate_req0 = t->requests;
		}
	}
	for (int i = 0; i < s->st->n_dev; i++)
		if (s->dirty[i]) {
			s->st->dev[i].gen = ++s->gen;
			s->dirty[i] = false;
		}
	pthread_mutex_lock(&s->lock);
	if (memcmp(&s->st->cm, &s->pub->cm, sizeof s->st->cm) != 0)
		s->st->cm.gen = ++s->gen;
	s->st->seq++;
	snap_copy(s->pub, s->st);
	pthread_mutex_unlock(&s->lock);
	if (write(s->pipe[1], &c, 1) < 0 && errno != EAGAIN) {
		/* the front end is gone or slow; it redraws on its own timer anyway */
	}
}

/* Open the port; on failure note it and retry later. */
static void session_open(struct mw_session *s)
{
	char err[256];
	struct mw_linecfg lc = {9600, MW_FMT_8N1};
	bool was_lost = s->st->conn == MW_SESSION_CONN_LOST;

	if (mw_session_now() < s->next_open_s)
		return;
	s->bus = mw_bus_open(s->port, &lc, err, sizeof err);
	if (!s->bus) {
		s->st->conn = MW_SESSION_CONN_LOST;
		mw_text_copy(s->st->conn_msg, sizeof s->st->conn_msg, err);
		s->next_open_s = mw_session_now() + 1.0;
		mw_session_publish(s);
		return;
	}
	if (s->cfg.tries >= 0)
		mw_bus_set_retries(s->bus, s->cfg.tries);
	s->st->conn = MW_SESSION_CONN_UP;
	s->rate_t0 = mw_session_now();
	s->rate_req0 = 0;
	s->next_poll_s = 0;
	snprintf(s->st->conn_msg, sizeof s->st->conn_msg, _("connected to %s"), s->port);
	if ((s->cfg.autoscan && !was_lost && !s->st->scan.done) || s->rescan) {
		s->rescan = false;
		mw_session_scan_begin(s);
	}
	mw_session_publish(s);
}

bool mw_session_io_failed(struct mw_session *s, const char *msg)
{
	if (!s->bus)
		return true;
	if (mw_bus_last_error(s->bus) != MW_BUS_IO && access(s->port, F_OK) == 0)
		return false;
	if (strncmp(s->port, "tcp:", 4) == 0 || strncmp(s->port, "rtutcp:", 7) == 0) {
		if (mw_bus_last_error(s->bus) != MW_BUS_IO)
			return false;
	}
	if (s->scan) {
		mw_session_scan_end(s);
		s->st->scan.running = false;
		s->rescan = true;
	}
	mw_bus_close(s->bus);
	s->bus = NULL;
	s->st->conn = MW_SESSION_CONN_LOST;
	snprintf(s->st->conn_msg, sizeof s->st->conn_msg,
	         _("%s: disconnected (%s); reconnecting when it returns"), s->port, msg);
	s->next_open_s = mw_session_now() + 1.0;
	mw_session_publish(s);
	return true;
}

/* Take the next command off the queue; false when empty. */
static bool session_take(struct mw_session *s, struct mw_session_cmd *c)
{
	bool got = false;

	pthread_mutex_lock(&s->lock);
	if (s->q_len > 0) {
		*c = s->q[s->q_head];
		if (c->kind == MW_SESSION_CMD_PASSWORD) /* only the copy holds it now */
			explicit_bzero(s->q[s->q_head].text, sizeof c->text);
		s->q_head = (s->q_head + 1) % MW_SESSION_QUEUE;
		s->q_len--;
		got = true;
	}
	pthread_mutex_unlock(&s->lock);
	return got;
}

/* PANEL: the next device of the round robin, its key figures; a new
 * round measures the last one and sums the bound of the next. */
static void poll_panel(struct mw_session *s)
{
	struct mw_session_snap *st = s->st;
	double now = mw_session_now();

	if (s->round_left <= 0) {
		double bound = 0;

		if (s->round_t0 > 0)
			st->round_s = now - s->round_t0;
		s->round_t0 = now;
		s->round_left = st->n_dev;
		for (int i = 0; i < st->n_dev; i++)
			bound += st->dev[i].model ? st->dev[i].key_bound_s : 0;
		st->round_bound_s = bound;
	}
	s->rr = (s->rr + 1) % st->n_dev;
	s->round_left--;
	if (st->dev[s->rr].model)
		mw_session_poll_device(s, s->rr, false);
}

/* Poll what the front end shows (enum mw_session_view); true when a
 * poll was made (DASH and PANEL poll back to back, the rest every poll_s). */
static bool session_poll(struct mw_session *s)
{
	struct mw_session_snap *st = s->st;
	double now = mw_session_now();
	bool sel_ok = st->sel >= 0 && st->sel < st->n_dev && st->dev[st->sel].model;

	if (st->n_dev == 0)
		return false;
	if (st->view == MW_SESSION_VIEW_DASH && sel_ok) {
		mw_session_poll_device(s, st->sel, true);
		st->round_bound_s = st->dev[st->sel].bound_s;
		st->round_s = st->dev[st->sel].interval_s;
		mw_session_publish(s);
		return true;
	}
	if (st->view == MW_SESSION_VIEW_PANEL) {
		bool any = false;

		for (int i = 0; i < st->n_dev && !any; i++)
			any = st->dev[i].model != NULL;
		if (!any)
			return false; /* nothing to read: no busy loop */
		poll_panel(s);
		mw_session_publish(s);
		return true;
	}
	if (now < s->next_poll_s || st->view == MW_SESSION_VIEW_SCAN)
		return false; /* the scan list shows no values: the line stays quiet */
	st->round_bound_s = st->round_s = 0;
	if (sel_ok)
		mw_session_poll_device(s, st->sel, true);
	if (!s->bus)
		return true;
	if (st->n_dev > 1 || st->sel < 0) {
		s->rr = (s->rr + 1) % st->n_dev;
		if (s->rr != st->sel)
			mw_session_poll_device(s, s->rr, false);
	}
	s->next_poll_s = mw_session_now() + (s->cfg.poll_s > 0 ? s->cfg.poll_s : 0.25);
	mw_session_publish(s);
	return true;
}

/* Sleep until a command arrives or `sec` seconds pass. */
static void session_wait(struct mw_session *s, double sec)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(sec * 1e9);
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&s->lock);
	if (!s->quit && s->q_len == 0)
		pthread_cond_timedwait(&s->wake, &s->lock, &ts);
	pthread_mutex_unlock(&s->lock);
}

/* During a scan: the dashboard or the panel on screen gets the line
 * (the scan pauses, and resumes when they are left); on the scan screen the
 * scan has it all; elsewhere the selected device and the others' key
 * figures are read in turn once a second between scan steps. */
static void session_scan_turn(struct mw_session *s)
{
	struct mw_session_snap *st = s->st;
	struct mw_scan_progress p;
	bool sel_ok = st->sel >= 0 && st->sel < st->n_dev && st->dev[st->sel].model;

	bool any = false;

	for (int i = 0; i < st->n_dev && !any; i++)
		any = st->dev[i].model != NULL;
	if ((st->view == MW_SESSION_VIEW_DASH && sel_ok) ||
	    (st->view == MW_SESSION_VIEW_PANEL && any)) {
		mw_session_scan_pause(s, true);
		if (!session_poll(s))
			session_wait(s, 0.05);
		return;
	}
	mw_session_scan_pause(s, false);
	if (st->view != MW_SESSION_VIEW_SCAN && st->n_dev > 0 &&
	    mw_session_now() >= s->next_poll_s) {
		int i = st->sel;

		if (s->scan_turn++ % 2 || i < 0) {
			s->rr = (s->rr + 1) % st->n_dev;
			i = s->rr;
		}
		mw_session_poll_device(s, i, i == st->sel);
		s->next_poll_s = mw_session_now() + 1.0;
		if (!s->scan)
			return;
	}
	/* a poll or a command may have moved the line: put it back */
	mw_scan_progress(s->scan, &p);
	if (p.line.baud > 0 && mw_session_line_use(s, &p.line) < 0)
		return;
	mw_session_scan_step(s);
}

static void *session_main(void *arg)
{
	struct mw_session *s = arg;
	struct mw_session_cmd c;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		bool quit = s->quit;
		pthread_mutex_unlock(&s->lock);
		if (quit)
			break;
		if (!s->bus)
			session_open(s);
		/* commands run even while disconnected: they fail at once, so
		 * the front end never waits for a port that is not there */
		if (session_take(s, &c)) {
			mw_session_cmd_run(s, &c);
			explicit_bzero(c.text, sizeof c.text); /* a password, maybe */
			mw_session_publish(s);
			continue;
		}
		if (!s->bus) {
			session_wait(s, 0.2);
			continue;
		}
		if (s->cm) {
			mw_session_cm_step(s);
			continue;
		}
		if (s->scan) {
			session_scan_turn(s);
			continue;
		}
		if (!session_poll(s) && s->bus)
			session_wait(s, 0.05);
	}
	return NULL;
}

struct mw_session *mw_session_start(const struct mw_session_cfg *cfg, char *err, size_t errsz)
{
	struct mw_session *s = mw_xcalloc(1, sizeof *s);

	s->pub = mw_xcalloc(1, sizeof *s->pub);
	s->st = mw_xcalloc(1, sizeof *s->st);
	s->cfg = *cfg;
	mw_text_copy(s->port, sizeof s->port, cfg->port);
	mw_text_copy(s->st->port, sizeof s->st->port, cfg->port);
	s->st->sel = -1;
	s->st->set.dev = -1;
	s->st->conn = MW_SESSION_CONN_OPENING;
	s->next_id = 1;
	for (size_t k = 0; k < cfg->n_known; k++)
		mw_session_dev_add(s, cfg->known[k].addr, &cfg->known[k].lc, cfg->known[k].model);
	if (cfg->n_known > 0)
		s->st->sel = 0;
	/* the caller's arrays may go: keep copies */
	s->known = mw_xcalloc(cfg->n_known, sizeof *s->known);
	for (size_t k = 0; k < cfg->n_known; k++) {
		s->known[k] = cfg->known[k];
		if (cfg->known[k].want) {
			size_t *want = mw_xcalloc(cfg->known[k].n_want, sizeof *want);

			memcpy(want, cfg->known[k].want, cfg->known[k].n_want * sizeof *want);
			s->known[k].want = want;
		}
	}
	s->n_known = s->n_known_alloc = cfg->n_known;
	s->cfg.known = NULL;
	s->cfg.n_known = 0;
	if (pipe(s->pipe) < 0) {
		snprintf(err, errsz, _("cannot create a pipe: %s"), strerror(errno));
		goto fail;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(s->pipe[i], F_SETFL, fcntl(s->pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(s->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	for (int i = 0; i < s->st->n_dev; i++) {
		s->st->dev[i].gen = ++s->gen;
		s->dirty[i] = false;
	}
	snap_copy(s->pub, s->st);
	if (pthread_create(&s->thread, NULL, session_main, s) != 0) {
		snprintf(err, errsz, "%s", _("cannot start the engine thread"));
		close(s->pipe[0]);
		close(s->pipe[1]);
		goto fail;
	}
	return s;
fail:
	mw_session_dev_clear(s);
	mw_session_snap_free(s->pub);
	mw_session_snap_free(s->st);
	free(s->pub);
	free(s->st);
	free(s->dirty);
	free(s->reading);
	free(s->have_reading);
	free_known(s);
	free(s);
	return NULL;
}

void mw_session_stop(struct mw_session *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	if (s->bus)
		mw_bus_close(s->bus);
	mw_session_scan_end(s);
	mw_session_cm_free(s);
	mw_session_dlt_pw_free(s);
	mw_session_dev_clear(s);
	close(s->pipe[0]);
	close(s->pipe[1]);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	mw_session_snap_free(s->pub);
	mw_session_snap_free(s->st);
	free(s->pub);
	free(s->st);
	free(s->dirty);
	free(s->reading);
	free(s->have_reading);
	free_known(s);
	free(s);
}

void mw_session_snapshot(struct mw_session *s, struct mw_session_snap *out)
{
	pthread_mutex_lock(&s->lock);
	s->copied = snap_copy(out, s->pub);
	pthread_mutex_unlock(&s->lock);
}

size_t mw_session_copied(const struct mw_session *s)
{
	return s->copied;
}

unsigned long mw_session_send(struct mw_session *s, const struct mw_session_cmd *c)
{
	unsigned long id = 0;

	pthread_mutex_lock(&s->lock);
	if (s->q_len < MW_SESSION_QUEUE) {
		int at = (s->q_head + s->q_len) % MW_SESSION_QUEUE;

		s->q[at] = *c;
		s->q[at].id = id = s->next_id++;
		s->q_len++;
		pthread_cond_signal(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
	return id;
}

int mw_session_fd(const struct mw_session *s)
{
	return s->pipe[0];
}

void mw_session_ack(struct mw_session *s)
{
	char buf[64];

	while (read(s->pipe[0], buf, sizeof buf) > 0)
		;
}

int mw_session_trace(const char *path, char *err, size_t errsz)
{
	return mw_trace_open(path, err, errsz);
}

int mw_session_line_opt(const char *name, const char *arg, char *err, size_t errsz)
{
	return mw_link_parse_opt(name, arg, err, errsz);
}
