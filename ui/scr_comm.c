/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_comm.c - the Commission screen (issue 8): the plan's path in a
 * field, its positions with their state (open, done, checked, failed),
 * the announcement of each meter (a bell and a highlighted line), the
 * collision warning, the last events, and at the end the report read back
 * from the meters.  The engine session runs the commissioning (session_commission.c);
 * this file only draws the snapshot and sends commands.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commission.h"
#include "i18n.h"
#include "ui.h"

struct comm {
	char path[256];
	unsigned long seen_announce; /* announcements already rung */
	bool show_report;            /* the report instead of the rows */
	bool report_seen;            /* the finished report was shown once */
	int top;                     /* first report line shown */
	bool ready;                  /* path set from --plan */
};

static struct comm *state(struct mw_ui *ui)
{
	struct comm *c = mw_ui_state(ui, MW_SCR_COMMISSION, sizeof *c);

	if (!c->ready) {
		c->ready = true;
		if (ui->plan_path)
			mw_text_copy(c->path, sizeof c->path, ui->plan_path);
	}
	return c;
}

static void load(struct mw_ui *ui, const char *path)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_CM_LOAD};

	mw_text_copy(c.path, sizeof c.path, path);
	mw_ui_run(ui, &c, _("reading the plan..."), false);
}

static void comm_enter(struct mw_ui *ui)
{
	struct comm *c = state(ui);

	if (!c)
		return;
	c->seen_announce = ui->s->cm.announce_seq;
	if (c->path[0] && !ui->s->cm.loaded && ui->dlg.kind == MW_DLG_NONE)
		load(ui, c->path);
}

/* A row's state in the user's words. */
static const char *state_text(int st, enum mw_role *r)
{
	*r = MW_R_NORMAL;
	switch (st) {
	case MW_COMMISSION_STARTED:
		*r = MW_R_WARN;
		return _("started");
	case MW_COMMISSION_DONE:
		*r = MW_R_OK;
		return _("done");
	case MW_COMMISSION_CHECKED:
		*r = MW_R_OK;
		return _("checked");
	case MW_COMMISSION_BLOCKED:
		*r = MW_R_FAULT;
		return _("blocked");
	case MW_COMMISSION_FAILED:
		*r = MW_R_FAULT;
		return _("failed");
	default:
		return _("open");
	}
}

/* The report, from line c->top, between rows y and ybot. */
static void draw_report(struct mw_ui *ui, struct comm *c, int y, int ybot)
{
	const char *p = ui->s->cm.report;
	int n = 0;

	while (*p && y < ybot) {
		size_t len = strcspn(p, "\n");
		char line[512];

		if (n++ >= c->top) {
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_NORMAL, line);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void comm_draw(struct mw_ui *ui)
{
	const struct mw_session_cm *cm = &ui->s->cm;
	struct comm *c = state(ui);
	int y = 2, ybot = LINES - 4, n_ev;
	char buf[512];

	if (!c)
		return;
	ui->typing = !cm->running; /* the plan's path is typed here */
	snprintf(buf, sizeof buf, _("Plan: %s%s"), c->path, cm->running ? "" : "_");
	mw_w_text(ui, y++, 1, COLS - 2, cm->running ? MW_R_NORMAL : MW_R_SELECT, buf);
	if (cm->announce_seq != c->seen_announce) {
		beep();
		c->seen_announce = cm->announce_seq;
	}
	if (cm->finished && !c->report_seen && cm->report[0]) {
		c->show_report = true;
		c->report_seen = true;
	}
	if (cm->collision)
		mw_w_text(ui, y, 1, COLS - 2, MW_R_FAULT, cm->collision_msg);
	else if (cm->announce[0])
		mw_w_text(ui, y, 1, COLS - 2, MW_R_SELECT, cm->announce);
	else if (cm->loaded && !cm->running)
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM,
		          _("Enter starts commissioning: connect the new meters one at a time"));
	else if (!cm->loaded && cm->problems[0])
		mw_w_wrap(ui, y, 1, COLS - 2, MW_R_FAULT, cm->problems, 1);
	else if (!cm->loaded)
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM,
		          _("Type the path of a plan (CSV) and press Enter"));
	y += 2;
	if (c->show_report) {
		draw_report(ui, c, y, ybot + 1);
		return;
	}
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Position"), 10);
	mw_w_cell(buf, sizeof buf, _("Model"), 12);
	mw_w_cell(buf, sizeof buf, _("Addr"), -5);
	mw_w_cell(buf, sizeof buf, _("Line"), 10);
	mw_w_cell(buf, sizeof buf, _("State"), 8);
	mw_w_cell(buf, sizeof buf, _("Note"), 0);
	mw_w_text(ui, y - 1, 1, COLS - 2, MW_R_LABEL, buf);
	n_ev = cm->n_events < 3 ? cm->n_events : 3;
	for (int i = 0; i < cm->n_rows && y < ybot - n_ev; i++, y++) {
		const struct mw_session_cm_row *r = &cm->row[i];
		enum mw_role role;
		const char *st = state_text(r->state, &role);
		char num[16];

		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, r->label, 10);
		mw_w_cell(buf, sizeof buf, r->model, 12);
		snprintf(num, sizeof num, "%d", r->addr);
		mw_w_cell(buf, sizeof buf, num, -5);
		mw_w_cell(buf, sizeof buf, r->line, 10);
		mw_w_cell(buf, sizeof buf, st, 8);
		mw_w_cell(buf, sizeof buf, r->note, 0);
		mw_w_text(ui, y, 1, COLS - 2, role, buf);
	}
	/* the last events, newest last */
	for (int i = cm->n_events - n_ev; i < cm->n_events && y <= ybot; i++)
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM, cm->event[i]);
}

/* Ask before writing to the meters. */
static void ask_start(struct mw_ui *ui)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_CM_START};
	char text[600];

	snprintf(text, sizeof text,
	         _("Commission the %d positions of %s?  Each new meter gets the next open "
	           "position of its model: address, line and settings are written and "
	           "verified."),
	         ui->s->cm.n_rows, ui->s->cm.path);
	mw_ui_confirm(ui, _("Commission the meters as planned?"), text, NULL, &c);
}

static enum mw_key_result comm_key(struct mw_ui *ui, int ch)
{
	const struct mw_session_cm *cm = &ui->s->cm;
	struct comm *c = state(ui);
	size_t n;

	if (!c)
		return MW_KEY_IGNORED;
	n = strlen(c->path);
	if (ch == '\t') {
		c->show_report = !c->show_report && cm->report[0];
		c->top = 0;
		return MW_KEY_HANDLED;
	}
	if (c->show_report && (ch == KEY_DOWN || ch == KEY_NPAGE)) {
		c->top += ch == KEY_DOWN ? 1 : LINES - 8;
		return MW_KEY_HANDLED;
	}
	if (c->show_report && (ch == KEY_UP || ch == KEY_PPAGE)) {
		c->top -= ch == KEY_UP ? 1 : LINES - 8;
		if (c->top < 0)
			c->top = 0;
		return MW_KEY_HANDLED;
	}
	if (cm->running) {
		if (ch == 'x') {
			struct mw_session_cmd s = {.kind = MW_SESSION_CMD_CM_STOP};

			mw_ui_run(
			    ui, &s,
			    _("stopping at the next safe point (after the step under way)..."),
			    true);
			return MW_KEY_HANDLED;
		}
		return MW_KEY_IGNORED;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (!c->path[0])
			return MW_KEY_HANDLED;
		if (!cm->loaded || strcmp(c->path, cm->path) != 0)
			load(ui, c->path);
		else
			ask_start(ui);
		return MW_KEY_HANDLED;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			c->path[n - 1] = 0;
		return MW_KEY_HANDLED;
	}
	if (ch >= ' ' && ch < 127 && n + 1 < sizeof c->path) {
		c->path[n] = (char)ch;
		c->path[n + 1] = 0;
		return MW_KEY_HANDLED;
	}
	return MW_KEY_IGNORED;
}

const struct mw_screen mw_scr_commission = {
    .name = N_("Commission"),
    .keys = N_("type the plan's path  Enter load, Enter again start  x stop  Tab report"),
    .help = N_("Commissioning a panel from a plan (CSV: label,model,address,baud,format\nand "
               "settings by name; see meterwise commission --help).\nEnter loads the plan "
               "typed above and checks it; Enter again starts.\nConnect the new meters one at "
               "a time: each gets the next open position of\nits model, is verified, and is "
               "announced with a bell and a highlighted line.\nTwo meters at one address are "
               "reported: connect one at a time.\nx stops; starting again continues where it "
               "stopped (the journal).\nAt the end the report is read back from the meters "
               "(Tab, Up/Down)."),
    .enter = comm_enter,
    .draw = comm_draw,
    .key = comm_key,
};
