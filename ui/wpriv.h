/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wpriv.h - internals shared by the worker's files (worker.c: thread,
 * queue, connection; wscan.c: scan and identification; wpoll.c: readings;
 * wcmd.c: writes, actions, raw reads).  Only the worker thread touches a
 * struct mw_worker's fields, except the queue and the published snapshot,
 * which are under `lock`.
 */
#ifndef MW_UI_WPRIV_H
#define MW_UI_WPRIV_H

#include <pthread.h>

#include "commission.h"
#include "scan.h"
#include "worker.h"

#define MW_UI_QUEUE 16

struct mw_worker {
	struct mw_worker_cfg cfg;
	char port[256];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool quit;
	int pipe[2]; /* worker -> UI wake-ups */
	/* queue (under lock) */
	struct mw_ui_cmd q[MW_UI_QUEUE];
	int q_head, q_len;
	unsigned long next_id;
	/* published snapshot (under lock) */
	struct mw_ui_snap *pub;
	/* the worker's own state */
	struct mw_ui_snap *st;
	struct mw_bus *bus;
	double next_open_s;
	/* scan */
	struct mw_scan *scan;
	bool rescan; /* scan when the port is back (it was lost mid-scan or asked for) */
	/* polling */
	struct mw_reading reading[MW_UI_MAX_DEV]; /* last reading of each device */
	bool have_reading[MW_UI_MAX_DEV];
	int rr;                  /* round robin over the other devices */
	unsigned long scan_turn; /* during a scan: selected device or another */
	double next_poll_s;
	double rate_t0;
	unsigned long rate_req0;
	/* commissioning */
	struct mw_cplan plan;
	bool have_plan;
	struct mw_commission *cm; /* running, or NULL */
};

/* wscan.c */
void mw_wscan_begin(struct mw_worker *w);
void mw_wscan_step(struct mw_worker *w);
void mw_wscan_end(struct mw_worker *w);
/* Put the bus at line settings lc; -1 when the port failed. */
int mw_wline_use(struct mw_worker *w, const struct mw_linecfg *lc);

/* wpoll.c */
void mw_wpoll_device(struct mw_worker *w, int i, bool full);
void mw_wpoll_forget(struct mw_worker *w, int i);

/* wcmd.c */
void mw_wcmd_run(struct mw_worker *w, const struct mw_ui_cmd *c);

/* wcomm.c */
void mw_wcomm_cmd(struct mw_worker *w, const struct mw_ui_cmd *c);
void mw_wcomm_step(struct mw_worker *w);
void mw_wcomm_free(struct mw_worker *w);

/* worker.c */
void mw_worker_publish(struct mw_worker *w);
/* Note a bus failure; returns true when the port is gone (connection lost). */
bool mw_worker_io_failed(struct mw_worker *w, const char *msg);

#endif
