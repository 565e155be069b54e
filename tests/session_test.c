/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_test.c - the engine session's snapshot: the device list grows
 * past any fixed size (a hundred devices given at start), each device
 * carries its values and their engine text, and a copy of the snapshot
 * copies only the devices whose generation changed.  The port does not
 * exist, so nothing is ever read: the session keeps trying to open it and
 * publishes each failure, which changes no device.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devload.h"
#include "session.h"
#include "tap.h"

#define N_DEV 100

static void warn(const char *msg)
{
	diag("%s", msg);
}

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) < 0)
		;
}

int main(void)
{
	struct mw_catalog cat = {0};
	struct mw_session_known known[N_DEV];
	struct mw_session_cfg cfg = {0};
	struct mw_session_snap snap = {0};
	const struct mw_model *m;
	struct mw_session *s;
	char err[256];
	size_t header = offsetof(struct mw_session_snap, cm), first;
	unsigned long seq;
	bool texts = true;

	if (mw_devload_all(&cat, warn) < 0 || !(m = mw_catalog_find(&cat, "jsy-mk-333"))) {
		printf("Bail out! the JSY-MK-333 device file is needed (MW_DEVICES_PATH)\n");
		return 1;
	}
	for (int i = 0; i < N_DEV; i++) {
		memset(&known[i], 0, sizeof known[i]);
		known[i].addr = i + 1;
		known[i].lc.baud = 9600;
		known[i].lc.format = MW_FMT_8N1;
		known[i].model = m;
	}
	cfg.port = "/nonexistent/meterwise-session-test";
	cfg.cat = &cat;
	cfg.known = known;
	cfg.n_known = N_DEV;
	s = mw_session_start(&cfg, err, sizeof err);
	if (!ok(s != NULL, "the session starts")) {
		diag("%s", err);
		return 1;
	}
	mw_session_snapshot(s, &snap);
	ok(snap.n_dev == N_DEV, "all %d devices are in the snapshot (no cap)", N_DEV);
	ok(snap.sel == 0, "the first is selected");
	for (int i = 0; i < snap.n_dev; i++)
		texts &= snap.dev[i].addr == i + 1 && snap.dev[i].rd.n_values == m->n_values &&
		         snap.dev[i].text && snap.dev[i].text[0] && !snap.dev[i].text[0][0];
	ok(texts, "each device carries its model's values and texts (not read yet: \"\")");
	first = mw_session_copied(s);
	ok(first > header + N_DEV * sizeof(struct mw_session_dev),
	   "the first copy copies every device (%zu bytes)", first);
	seq = snap.seq;
	/* the session retries the missing port once a second and publishes */
	for (int i = 0; i < 50 && snap.seq == seq; i++) {
		sleep_s(0.1);
		mw_session_snapshot(s, &snap);
	}
	ok(snap.seq != seq, "the session published again (seq %lu -> %lu)", seq, snap.seq);
	ok(snap.conn == MW_SESSION_CONN_LOST, "the port is reported lost: %s", snap.conn_msg);
	is_str(snap.port, cfg.port, "the snapshot names the port");
	ok(mw_session_copied(s) == header,
	   "a copy without device changes copies %zu bytes, not the devices (got %zu)", header,
	   mw_session_copied(s));
	ok(snap.n_dev == N_DEV && snap.dev[N_DEV - 1].addr == N_DEV,
	   "and the devices are still there");
	mw_session_stop(s);
	mw_session_snap_free(&snap);
	ok(snap.n_dev == 0 && snap.dev == NULL, "mw_session_snap_free empties the snapshot");
	mw_catalog_free(&cat);
	return done_testing();
}
