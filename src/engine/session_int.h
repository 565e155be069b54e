/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_int.h - internals shared by the session's files (session.c:
 * thread, queue, connection, publishing; session_scan.c: scan and
 * identification; session_poll.c: readings; session_cmd.c: writes,
 * actions, raw reads; session_commission.c: commissioning from a plan).
 * Only the session thread touches a struct mw_session's fields, except
 * the queue and the published snapshot, which are under `lock`.
 */
#ifndef MW_SESSION_INT_H
#define MW_SESSION_INT_H

#include <pthread.h>

#include "commission.h"
#include "scan.h"
#include "session.h"
#include "text.h"

#define MW_SESSION_QUEUE 16

struct mw_session {
	struct mw_session_cfg cfg;
	char port[256];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool quit;
	int pipe[2]; /* session -> front end wake-ups */
	/* queue (under lock) */
	struct mw_session_cmd q[MW_SESSION_QUEUE];
	int q_head, q_len;
	unsigned long next_id;
	/* published snapshot (under lock) */
	struct mw_session_snap *pub;
	size_t copied; /* bytes the last mw_session_snapshot() copied */
	/* the session's own state; a device whose `dirty` is set is copied
	 * to pub at the next publish, with a new generation */
	struct mw_session_snap *st;
	bool *dirty;                    /* per device of st (st->cap_dev entries) */
	unsigned long gen;              /* the last generation handed out */
	struct mw_session_known *known; /* cfg.known, copied (want arrays too) */
	size_t n_known;                 /* devices 0..n_known-1 are those (0 after a scan) */
	size_t n_known_alloc;           /* entries of known */
	struct mw_bus *bus;
	double next_open_s;
	/* scan */
	struct mw_scan *scan;
	bool rescan; /* scan when the port is back (it was lost mid-scan or asked for) */
	/* polling */
	struct mw_reading *reading; /* last raw reading of each device (st->cap_dev) */
	bool *have_reading;
	int rr;                  /* round robin over the other devices */
	unsigned long scan_turn; /* during a scan: selected device or another */
	double next_poll_s;
	double round_t0; /* mw_session_now() when the current polling round began */
	int round_left;  /* PANEL: devices left in the current round */
	double rate_t0;
	unsigned long rate_req0;
	/* DL/T645 passwords the meters took in this run (session_dlt.c):
	 * memory only, wiped when replaced and at the end */
	struct mw_session_pw *pw;
	size_t n_pw;
	/* what the meter refused for its password (snapshot's pw_ask): the
	 * write's items from `retry_from` on, or the action `retry_act` */
	bool retry;
	int retry_dev;
	char retry_addr[13];
	char retry_act[64]; /* "" for a write */
	struct mw_set_plan retry_plan;
	size_t retry_from;
	/* commissioning */
	struct mw_commission_plan plan;
	bool have_plan;
	struct mw_commission *cm; /* running, or NULL */
};

/* session_scan.c */
void mw_session_scan_begin(struct mw_session *s);
void mw_session_scan_step(struct mw_session *s);
void mw_session_scan_end(struct mw_session *s);
void mw_session_scan_stop(struct mw_session *s);
void mw_session_scan_expect(struct mw_session *s, int n);
/* Lend the line (paused) or take it back. */
void mw_session_scan_pause(struct mw_session *s, bool paused);
/* Identify device i again with a long timeout; -1 with msg when none matches. */
int mw_session_identify(struct mw_session *s, int i, char *msg, size_t msgsz);
/* Put the bus at line settings lc; -1 when the port failed. */
int mw_session_line_use(struct mw_session *s, const struct mw_linecfg *lc);

/* session_poll.c */
void mw_session_poll_device(struct mw_session *s, int i, bool full);
void mw_session_poll_forget(struct mw_session *s, int i);

/* session_cmd.c */
void mw_session_cmd_run(struct mw_session *s, const struct mw_session_cmd *c);

/* session_commission.c */
void mw_session_cm_cmd(struct mw_session *s, const struct mw_session_cmd *c);
void mw_session_cm_step(struct mw_session *s);
void mw_session_cm_free(struct mw_session *s);

/* session_dlt.c: DL/T645 meters (found by the scan, polled, acted on) */
void mw_session_dlt_found(struct mw_session *s, const struct mw_scan_dev *f);
void mw_session_dlt_poll(struct mw_session *s, int i, bool full);
/* Run command c on DL/T645 device d; false when c is not one it handles. */
bool mw_session_dlt_cmd(struct mw_session *s, struct mw_session_dev *d,
                        const struct mw_session_cmd *c);
/* MW_SESSION_CMD_PASSWORD: send what the meter refused for its password
 * again, once, with c->text (validated first: nothing is sent on a bad one). */
void mw_session_dlt_password(struct mw_session *s, const struct mw_session_cmd *c);
/* Forget what a password could retry (any other command, a new scan). */
void mw_session_dlt_retry_drop(struct mw_session *s);
/* Wipe and free the passwords kept (the session ends). */
void mw_session_dlt_pw_free(struct mw_session *s);
/* session_poll.c: keep what reading r answered in device d */
void mw_session_poll_merge(struct mw_session_dev *d, const struct mw_reading *r, bool replace);
/* session_poll.c: a sparkline sample of d's total power at now (every
 * MW_SESSION_SPARK_S at most) */
void mw_session_poll_spark(struct mw_session_dev *d, double now);
/* session_cmd.c: the journal entries the last write or action added */
void mw_session_journal_tail(struct mw_session *s);
/* Entries in the journal now (0 when it cannot be read). */
size_t mw_session_journal_n(void);
/* As mw_session_journal_tail, but every entry from the n-th on: the
 * results of several writes, each of its own operation. */
void mw_session_journal_since(struct mw_session *s, size_t n);

/* session.c */
/* Add a device to the list (st); its index. */
int mw_session_dev_add(struct mw_session *s, int addr, const struct mw_linecfg *lc,
                       const struct mw_model *model);
/* Device i is now known to be model m (identified again). */
void mw_session_dev_model(struct mw_session *s, int i, const struct mw_model *m);
/* Forget every device (a new scan). */
void mw_session_dev_clear(struct mw_session *s);
/* Device i changed: copy it at the next publish. */
void mw_session_touch(struct mw_session *s, int i);
void mw_session_publish(struct mw_session *s);
/* Note a bus failure; returns true when the port is gone (connection lost). */
bool mw_session_io_failed(struct mw_session *s, const char *msg);

#endif
