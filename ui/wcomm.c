/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wcomm.c - commissioning from a plan in the worker thread (issue 8): load
 * and check the plan, then step the engine's commissioning state machine
 * (commission.h) instead of scanning and polling, copying each event, the
 * rows' states, the announcements and the collision into the snapshot; at
 * the end the report is read back from the meters and kept as text.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "wpriv.h"

static void tell(struct mw_worker *w, int rc, const char *msg)
{
	w->st->cmd_rc = rc;
	mw_ui_strcpy(w->st->cmd_msg, sizeof w->st->cmd_msg, msg);
}

/* mw_cplan_load's problems, one per line. */
static void on_problem(void *ctx, const char *msg)
{
	struct mw_ui_cm *cm = ctx;
	size_t len = strlen(cm->problems);

	if (len + 2 < sizeof cm->problems)
		snprintf(cm->problems + len, sizeof cm->problems - len, "%s\n", msg);
}

/* Copy the rows' states from the running commissioning. */
static void sync_rows(struct mw_worker *w)
{
	struct mw_ui_cm *cm = &w->st->cm;
	const struct mw_cm_row_status *st = w->cm ? mw_commission_rows(w->cm) : NULL;

	if (!st)
		return;
	for (int i = 0; i < cm->n_rows; i++) {
		cm->row[i].state = (int)st[i].state;
		mw_ui_strcpy(cm->row[i].note, sizeof cm->row[i].note, st[i].message);
	}
	cm->n_done = (int)mw_commission_done(w->cm);
}

/* on_event: what the front end shows of each step. */
static void on_event(void *ctx, const struct mw_cm_event *e)
{
	struct mw_worker *w = ctx;
	struct mw_ui_cm *cm = &w->st->cm;

	if (cm->n_events == MW_UI_CM_EVENTS) {
		memmove(cm->event[0], cm->event[1], sizeof cm->event[0] * (MW_UI_CM_EVENTS - 1));
		cm->n_events--;
	}
	mw_ui_strcpy(cm->event[cm->n_events++], sizeof cm->event[0], e->text);
	switch (e->kind) {
	case MW_CM_EV_DONE:
	case MW_CM_EV_CHECKED:
		cm->announce_seq++;
		mw_ui_strcpy(cm->announce, sizeof cm->announce, e->text);
		cm->collision = false;
		break;
	case MW_CM_EV_COLLISION:
		cm->collision = true;
		mw_ui_strcpy(cm->collision_msg, sizeof cm->collision_msg, e->text);
		break;
	case MW_CM_EV_CLEARED:
		cm->collision = false;
		break;
	default:
		break;
	}
	sync_rows(w);
	mw_worker_publish(w);
}

/* The report, read back from the meters, as text. */
static void build_report(struct mw_worker *w)
{
	struct mw_ui_cm *cm = &w->st->cm;
	struct mw_cm_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cm->report[0] = 0;
	if (!w->bus || mw_commission_done(w->cm) == 0 || !(f = open_memstream(&buf, &len)))
		return;
	mw_cm_report_build(w->bus, w->cm, &rep);
	mw_cm_report_write(&rep, MW_CM_REPORT_TEXT, f);
	mw_cm_report_free(&rep);
	fclose(f);
	mw_ui_strcpy(cm->report, sizeof cm->report, buf ? buf : "");
	free(buf);
}

static void load(struct mw_worker *w, const char *path)
{
	struct mw_ui_cm *cm = &w->st->cm;
	int n;

	mw_wcomm_free(w);
	memset(cm, 0, sizeof *cm);
	mw_ui_strcpy(cm->path, sizeof cm->path, path);
	n = mw_cplan_load(path, w->cfg.cat, &w->plan, on_problem, cm);
	if (n != 0) {
		mw_cplan_free(&w->plan); /* zeroed by the load when it could not read */
		tell(w, -1, cm->problems);
		return;
	}
	w->have_plan = true;
	cm->loaded = true;
	for (size_t i = 0; i < w->plan.n_rows && i < MW_UI_CM_ROWS; i++) {
		const struct mw_cplan_row *r = &w->plan.rows[i];
		struct mw_ui_cm_row *u = &cm->row[i];

		mw_ui_strcpy(u->label, sizeof u->label, r->label);
		mw_ui_strcpy(u->model, sizeof u->model, r->model->name);
		u->addr = r->addr;
		snprintf(u->line, sizeof u->line, "%d %s", r->final_line.baud,
		         mw_format_name(r->final_line.format));
		u->state = -1;
	}
	cm->n_rows = w->plan.n_rows < MW_UI_CM_ROWS ? (int)w->plan.n_rows : MW_UI_CM_ROWS;
	tell(w, 0, "");
}

static void start(struct mw_worker *w)
{
	struct mw_ui_cm *cm = &w->st->cm;
	struct mw_cm_opts o = {.on_event = on_event, .ctx = w};
	char err[512];

	if (!w->have_plan) {
		tell(w, -1, _("no plan is loaded: type its path and press Enter"));
		return;
	}
	if (!w->bus) {
		tell(w, -1, _("the port is not connected: start again when it is back"));
		return;
	}
	if (w->cm) {
		tell(w, 0, _("commissioning is already running"));
		return;
	}
	/* the bus is the commissioning's now: no scan, no polling */
	mw_wscan_end(w);
	w->st->scan.running = false;
	cm->finished = false;
	cm->report[0] = 0;
	w->cm = mw_commission_new(w->bus, w->cfg.cat, &w->plan, &o, err, sizeof err);
	if (!w->cm) {
		tell(w, -1, err);
		return;
	}
	cm->running = true;
	sync_rows(w);
	tell(w, 0, _("commissioning started: connect the first meter"));
}

void mw_wcomm_free(struct mw_worker *w)
{
	if (w->cm)
		mw_commission_free(w->cm);
	w->cm = NULL;
	if (w->have_plan)
		mw_cplan_free(&w->plan);
	w->have_plan = false;
}

void mw_wcomm_cmd(struct mw_worker *w, const struct mw_ui_cmd *c)
{
	switch (c->kind) {
	case MW_CMD_CM_LOAD:
		load(w, c->path);
		break;
	case MW_CMD_CM_START:
		start(w);
		break;
	case MW_CMD_CM_STOP:
		if (w->cm) {
			mw_commission_free(w->cm);
			w->cm = NULL;
		}
		w->st->cm.running = false;
		tell(w, 0, _("commissioning stopped: start again to continue where it stopped"));
		break;
	default:
		break;
	}
}

void mw_wcomm_step(struct mw_worker *w)
{
	struct mw_ui_cm *cm = &w->st->cm;
	int rc = mw_commission_step(w->cm);

	sync_rows(w);
	if (rc < 0) {
		char msg[600];

		snprintf(msg, sizeof msg, _("%s; start again to continue"),
		         mw_commission_error(w->cm));
		on_problem(cm, msg);
		mw_commission_free(w->cm);
		w->cm = NULL;
		cm->running = false;
		mw_worker_io_failed(w, msg);
	} else if (rc == 0) {
		cm->running = false;
		cm->finished = true;
		build_report(w);
		mw_commission_free(w->cm);
		w->cm = NULL;
	}
	mw_worker_publish(w);
}
