/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_watch.c - the watch loop of `read --watch` and `check --watch` on the
 * engine session: the session owns the port, polls the one meter every
 * --watch seconds, and reconnects when the port vanishes and comes back;
 * this loop takes each new poll from the snapshot and prints it through
 * the command's own printer.
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "cli_watch.h"
#include "session.h"
#include "text.h"

/* Say what changed in the connection: back (when `back`), or gone. */
static void tell_conn(const struct mw_cli_watch *w, const struct mw_session_snap *snap,
                      enum mw_session_conn *prev, bool back)
{
	if (snap->conn == *prev || (snap->conn == MW_SESSION_CONN_UP) != back)
		return;
	if (snap->conn == MW_SESSION_CONN_LOST ||
	    (snap->conn == MW_SESSION_CONN_UP && *prev == MW_SESSION_CONN_LOST))
		mw_cli_error(w->cmd, "%s", snap->conn_msg);
	*prev = snap->conn;
}

int mw_cli_watch_run(const struct mw_cli_watch *w, struct mw_bus *b, const struct mw_model *m,
                     const struct mw_cli_conn *c)
{
	struct mw_session_known known = {
	    .addr = c->addr, .model = m, .want = w->want, .n_want = w->n_want};
	struct mw_session_cfg cfg = {0};
	struct mw_session_snap snap = {0};
	struct mw_cli_watch_where at;
	enum mw_session_conn prev = MW_SESSION_CONN_UP;
	char port[256], name[256], where[96], err[256];
	struct mw_session *s;
	unsigned long seen = 0;
	int code = MW_EXIT_OK;

	known.lc = mw_bus_line(b) ? *mw_bus_line(b) : mw_cli_line(c, m);
	mw_text_copy(port, sizeof port, mw_bus_port(b));
	mw_text_copy(name, sizeof name, mw_bus_name(b));
	mw_where(b, c->addr, &known.lc, where, sizeof where);
	at.port = port;
	at.name = name;
	at.where = where;
	/* one owner of the port: the session from now on */
	mw_cli_release(b);
	cfg.port = port;
	cfg.known = &known;
	cfg.n_known = 1;
	cfg.poll_s = w->every_s;
	cfg.timeout_ms = c->timeout_ms;
	cfg.tries = c->retries ? c->retries : -1;
	s = mw_session_start(&cfg, err, sizeof err);
	if (!s) {
		mw_cli_error(w->cmd, "%s", err);
		return MW_EXIT_DEVICE;
	}
	mw_cli_catch_signals();
	while (!mw_cli_interrupted) {
		struct pollfd p = {.fd = mw_session_fd(s), .events = POLLIN};
		const struct mw_session_dev *d;

		(void)poll(&p, 1, 200);
		mw_session_ack(s);
		mw_session_snapshot(s, &snap);
		/* back first, then the readings, then gone: the order it happened */
		tell_conn(w, &snap, &prev, true);
		d = snap.n_dev > 0 ? &snap.dev[0] : NULL;
		if (d && d->n_polls != seen) {
			seen = d->n_polls;
			if (d->last_complete || d->last_partial) {
				if (d->last_partial)
					code = MW_EXIT_DEVICE;
				w->show(w->ctx, &d->rd, &at, d->last_partial ? d->error : NULL);
			} else {
				mw_cli_error(w->cmd, "%s", d->error);
				code = MW_EXIT_DEVICE;
			}
			fflush(stdout);
		}
		tell_conn(w, &snap, &prev, false);
	}
	mw_session_stop(s);
	mw_session_snap_free(&snap);
	return mw_cli_interrupted ? MW_EXIT_INTERRUPTED : code;
}
