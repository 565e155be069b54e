/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_commission.c - commissioning from a plan in the session: load
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
#include "session_int.h"

static void tell(struct mw_session *s, int rc, const char *msg)
{
	s->st->cmd_rc = rc;
	mw_text_copy(s->st->cmd_msg, sizeof s->st->cmd_msg, msg);
}

/* mw_commission_plan_load's problems, one per line. */
static void on_problem(void *ctx, const char *msg)
{
	struct mw_session_cm *cm = ctx;
	size_t len = strlen(cm->problems);

	if (len + 2 < sizeof cm->problems)
		snprintf(cm->problems + len, sizeof cm->problems - len, "%s\n", msg);
}

/* Copy the rows' states from the running commissioning. */
static void sync_rows(struct mw_session *s)
{
	struct mw_session_cm *cm = &s->st->cm;
	const struct mw_commission_row_status *st = s->cm ? mw_commission_rows(s->cm) : NULL;

	if (!st)
		return;
	for (int i = 0; i < cm->n_rows; i++) {
		cm->row[i].state = (int)st[i].state;
		mw_text_copy(cm->row[i].note, sizeof cm->row[i].note, st[i].message);
	}
	cm->n_done = (int)mw_commission_done(s->cm);
}

/* A position is done: its meter answers at the plan's address and line
 * from now on; list it there (polling reads it) unless it already is.
 * The entry where it answered before goes stale and is shown so. */
static void follow(struct mw_session *s, const struct mw_commission_event *e)
{
	const struct mw_commission_plan_row *r;
	struct mw_session_snap *st = s->st;

	if (e->row < 0 || (size_t)e->row >= s->plan.n_rows)
		return;
	r = &s->plan.rows[e->row];
	for (int i = 0; i < st->n_dev; i++)
		if (st->dev[i].addr == r->addr && st->dev[i].lc.baud == r->final_line.baud &&
		    st->dev[i].lc.format == r->final_line.format)
			return;
	mw_session_dev_add(s, r->addr, &r->final_line, e->model ? e->model : r->model);
}

/* on_event: what the front end shows of each step. */
static void on_event(void *ctx, const struct mw_commission_event *e)
{
	struct mw_session *s = ctx;
	struct mw_session_cm *cm = &s->st->cm;

	if (cm->n_events == MW_SESSION_CM_EVENTS) {
		memmove(cm->event[0], cm->event[1],
		        sizeof cm->event[0] * (MW_SESSION_CM_EVENTS - 1));
		cm->n_events--;
	}
	mw_text_copy(cm->event[cm->n_events++], sizeof cm->event[0], e->text);
	switch (e->kind) {
	case MW_COMMISSION_EV_DONE:
	case MW_COMMISSION_EV_CHECKED:
		follow(s, e);
		cm->announce_seq++;
		mw_text_copy(cm->announce, sizeof cm->announce, e->text);
		cm->collision = false;
		break;
	case MW_COMMISSION_EV_COLLISION:
		cm->collision = true;
		mw_text_copy(cm->collision_msg, sizeof cm->collision_msg, e->text);
		break;
	case MW_COMMISSION_EV_CLEARED:
		cm->collision = false;
		break;
	default:
		break;
	}
	sync_rows(s);
	mw_session_publish(s);
}

/* The report, read back from the meters, as text. */
static void build_report(struct mw_session *s)
{
	struct mw_session_cm *cm = &s->st->cm;
	struct mw_commission_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cm->report[0] = 0;
	if (!s->bus || mw_commission_done(s->cm) == 0 || !(f = open_memstream(&buf, &len)))
		return;
	mw_commission_report_build(s->bus, s->cm, &rep);
	mw_commission_report_write(&rep, MW_COMMISSION_REPORT_TEXT, f);
	mw_commission_report_free(&rep);
	fclose(f);
	mw_text_copy(cm->report, sizeof cm->report, buf ? buf : "");
	free(buf);
}

static void load(struct mw_session *s, const char *path)
{
	struct mw_session_cm *cm = &s->st->cm;
	int n;

	mw_session_cm_free(s);
	memset(cm, 0, sizeof *cm);
	mw_text_copy(cm->path, sizeof cm->path, path);
	n = mw_commission_plan_load(path, s->cfg.cat, &s->plan, on_problem, cm);
	if (n != 0) {
		mw_commission_plan_free(&s->plan); /* zeroed by the load when it could not read */
		tell(s, -1, cm->problems);
		return;
	}
	s->have_plan = true;
	cm->loaded = true;
	for (size_t i = 0; i < s->plan.n_rows && i < MW_SESSION_CM_ROWS; i++) {
		const struct mw_commission_plan_row *r = &s->plan.rows[i];
		struct mw_session_cm_row *u = &cm->row[i];

		mw_text_copy(u->label, sizeof u->label, r->label);
		mw_text_copy(u->model, sizeof u->model, r->model->name);
		u->addr = r->addr;
		snprintf(u->line, sizeof u->line, "%d %s", r->final_line.baud,
		         mw_format_name(r->final_line.format));
		u->state = -1;
	}
	cm->n_rows = s->plan.n_rows < MW_SESSION_CM_ROWS ? (int)s->plan.n_rows : MW_SESSION_CM_ROWS;
	tell(s, 0, "");
}

static void start(struct mw_session *s)
{
	struct mw_session_cm *cm = &s->st->cm;
	struct mw_commission_opts o = {.on_event = on_event, .ctx = s};
	char err[512];

	if (!s->have_plan) {
		tell(s, -1, _("no plan is loaded: type its path and press Enter"));
		return;
	}
	if (!s->bus) {
		tell(s, -1, _("the port is not connected: start again when it is back"));
		return;
	}
	if (s->cm) {
		tell(s, 0, _("commissioning is already running"));
		return;
	}
	/* the bus is the commissioning's now: no scan, no polling */
	mw_session_scan_end(s);
	s->st->scan.running = false;
	cm->finished = false;
	cm->report[0] = 0;
	s->cm = mw_commission_new(s->bus, s->cfg.cat, &s->plan, &o, err, sizeof err);
	if (!s->cm) {
		tell(s, -1, err);
		return;
	}
	cm->running = true;
	sync_rows(s);
	tell(s, 0, _("commissioning started: connect the first meter"));
}

void mw_session_cm_free(struct mw_session *s)
{
	if (s->cm)
		mw_commission_free(s->cm);
	s->cm = NULL;
	if (s->have_plan)
		mw_commission_plan_free(&s->plan);
	s->have_plan = false;
}

void mw_session_cm_cmd(struct mw_session *s, const struct mw_session_cmd *c)
{
	switch (c->kind) {
	case MW_SESSION_CMD_CM_LOAD:
		load(s, c->path);
		break;
	case MW_SESSION_CMD_CM_START:
		start(s);
		break;
	case MW_SESSION_CMD_CM_STOP:
		if (s->cm) {
			mw_commission_free(s->cm);
			s->cm = NULL;
		}
		s->st->cm.running = false;
		tell(s, 0, _("commissioning stopped: start again to continue where it stopped"));
		break;
	default:
		break;
	}
}

void mw_session_cm_step(struct mw_session *s)
{
	struct mw_session_cm *cm = &s->st->cm;
	int rc = mw_commission_step(s->cm);

	sync_rows(s);
	if (rc < 0) {
		char msg[600];

		snprintf(msg, sizeof msg, _("%s; start again to continue"),
		         mw_commission_error(s->cm));
		on_problem(cm, msg);
		mw_commission_free(s->cm);
		s->cm = NULL;
		cm->running = false;
		mw_session_io_failed(s, msg);
	} else if (rc == 0) {
		cm->running = false;
		cm->finished = true;
		build_report(s);
		mw_commission_free(s->cm);
		s->cm = NULL;
	}
	mw_session_publish(s);
}
