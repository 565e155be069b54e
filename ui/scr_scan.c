/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_scan.c - the scan screen: live progress of the engine's scan and
 * the list of devices found, growing as they answer.  Enter opens the
 * dashboard of the device under the cursor (the raw view for a device no
 * file describes); r scans again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

/* Address typed on the scan screen to jump to (a Modbus address, or a
 * DL/T645 one: its 12 digits or the last few), "" when none. */
static char typed[13];

/* Width of the address column: 12 digits once a DL/T645 meter is listed. */
static int addr_width(const struct mw_session_snap *s)
{
	for (int i = 0; i < s->n_dev; i++)
		if (s->dev[i].protocol == MW_PROTO_DLT645)
			return 13;
	return 5;
}

static void scan_draw(struct mw_ui *ui)
{
	const struct mw_session_snap *s = ui->s;
	const struct mw_session_scan *sc = &s->scan;
	char buf[400], more[120] = "";
	int y = 2;

	if (sc->expect > 0)
		snprintf(more, sizeof more, _("stops after %d found (+/- to change)"), sc->expect);
	if (sc->running) {
		/* L10N: the estimate counts the probes left at their timeout plus the
		   overhead measured so far */
		snprintf(buf, sizeof buf,
		         _("Scanning %d %s (setting %d of %d), address %d: %d found, %.0f s, about "
		           "%.0f s left"),
		         sc->lc.baud, mw_format_name(sc->lc.format), sc->step + 1, sc->steps,
		         sc->addr, s->n_dev, sc->elapsed_s, sc->left_s);
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_NORMAL, buf);
		mw_w_bar(ui, y++, 1, COLS - 2, sc->frac, MW_R_OK);
	} else if (sc->done) {
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_OK, sc->note);
		y++;
	} else {
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM,
		          s->conn == MW_SESSION_CONN_UP ? _("Press r to scan the bus")
		                                        : s->conn_msg);
		y++;
	}
	if (typed[0]) {
		snprintf(buf, sizeof buf, _("open address %s_ (Enter)"), typed);
		mw_w_text(ui, y - 1, 1, COLS - 2, MW_R_SELECT, buf);
	}
	if (sc->running && sc->note[0])
		mw_w_text(ui, y, 1, COLS - 2, MW_R_WARN, sc->note);
	else if (sc->running && more[0])
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, more);
	else if (!sc->running && sc->expect > 0) {
		snprintf(buf, sizeof buf, _("the next scan stops after %d found (+/- to change)"),
		         sc->expect);
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, buf);
	}
	y += 2;
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Addr"), addr_width(s));
	mw_w_cell(buf, sizeof buf, _("Line"), 11);
	mw_w_cell(buf, sizeof buf, _("Model"), 18);
	mw_w_cell(buf, sizeof buf, _("Seen"), 0);
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, buf);
	if (s->n_dev == 0 && sc->done)
		mw_w_wrap(ui, y, 1, COLS - 2, MW_R_WARN,
		          _("No device answered.  Check the A and B wires (swap them if unsure), "
		            "the 120 ohm termination, the meters' power and the adapter; r scans "
		            "again."),
		          3);
	else if (s->n_dev == 0)
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, _("(no device found yet)"));
	if (ui->cursor >= s->n_dev)
		ui->cursor =
		    mw_ui_dev_at(ui, s->n_dev - 1) >= 0 ? mw_ui_dev_at(ui, s->n_dev - 1) : 0;
	/* in address order, whatever order they answered in */
	for (int p = mw_ui_list_top(ui, LINES - 3 - y); p < s->n_dev && y < LINES - 3; p++, y++) {
		int i = mw_ui_dev_at(ui, p);
		const struct mw_session_dev *d = &s->dev[i];
		char line[32], what[200], addr[16];

		snprintf(line, sizeof line, "%d %s", d->lc.baud, mw_format_name(d->lc.format));
		if (d->protocol == MW_PROTO_DLT645)
			/* L10N: the scan list's note on a DL/T645 meter */
			snprintf(what, sizeof what, _("DL/T645-2007, turnaround %.0f ms"),
			         d->turnaround_ms);
		else if (d->model)
			snprintf(what, sizeof what, _("turnaround %.0f ms%s%s"), d->turnaround_ms,
			         strchr(d->formats, '/') ? _(", answers at ") : "",
			         strchr(d->formats, '/') ? d->formats : "");
		else
			snprintf(what, sizeof what, _("(i: identify again) %s"), d->ident);
		mw_ui_dev_addr(d, addr, sizeof addr);
		snprintf(buf, sizeof buf, "%-*s %-11s ", addr_width(s), addr, line);
		mw_w_cell(buf, sizeof buf, d->model ? d->model->name : _("unknown"), 18);
		mw_w_cell(buf, sizeof buf, what, 0);
		mw_w_text(ui, y, 1, COLS - 2, i == ui->cursor ? MW_R_SELECT : MW_R_NORMAL, buf);
	}
}

/*
 * The device the digits t name: a Modbus address first (1-3 digits, as
 * typed), else a DL/T645 address by its 12 digits, else by its last digits
 * (what a technician reads off the nameplate) when exactly one DL/T645
 * meter ends in them.  The device index, -1 for none, -2 when several
 * DL/T645 meters end in t (*n_end says how many).
 */
static int jump_find(const struct mw_session_snap *s, const char *t, int *n_end)
{
	size_t n = strlen(t);
	int found = -1;

	*n_end = 0;
	for (int i = 0; i < s->n_dev; i++)
		if (s->dev[i].protocol != MW_PROTO_DLT645 && n <= 3 && s->dev[i].addr == atoi(t))
			return i;
	for (int i = 0; i < s->n_dev; i++) {
		const char *a = s->dev[i].dlt_addr;
		size_t len = strlen(a);

		if (s->dev[i].protocol != MW_PROTO_DLT645 || len < n)
			continue;
		if (strcmp(a, t) == 0)
			return i;
		if (strcmp(a + len - n, t) == 0) {
			found = i;
			(*n_end)++;
		}
	}
	return *n_end > 1 ? -2 : found;
}

/* Digits then Enter: the device at that address (jump_find). */
static bool jump_key(struct mw_ui *ui, int ch)
{
	size_t n = strlen(typed);

	if (ch >= '0' && ch <= '9' && n + 1 < sizeof typed) {
		typed[n] = (char)ch;
		typed[n + 1] = 0;
	} else if ((ch == KEY_BACKSPACE || ch == 127) && n) {
		typed[n - 1] = 0;
	} else if (n && (ch == '\n' || ch == '\r' || ch == KEY_ENTER)) {
		int n_end, i = jump_find(ui->s, typed, &n_end);

		if (i >= 0) {
			ui->cursor = i;
			typed[0] = 0;
			mw_ui_open_device(ui, i);
			return true;
		}
		if (i == -2)
			snprintf(ui->status, sizeof ui->status,
			         _("%d DL/T645 meters end in %s: type more of the address"), n_end,
			         typed);
		else
			snprintf(ui->status, sizeof ui->status, _("no device at address %s"),
			         typed);
		typed[0] = 0;
	} else if (n) {
		typed[0] = 0;
		return ch == 27; /* Esc clears what was typed; it stops the scan only then */
	} else {
		return false;
	}
	return true;
}

static enum mw_key_result scan_key(struct mw_ui *ui, int ch)
{
	struct mw_session_cmd c = {0};
	const struct mw_session_scan *sc = &ui->s->scan;

	if (jump_key(ui, ch) || mw_ui_devlist_key(ui, ch))
		return MW_KEY_HANDLED;
	switch (ch) {
	case 'r':
		c.kind = MW_SESSION_CMD_SCAN;
		mw_session_send(ui->session, &c);
		ui->cursor = 0;
		return MW_KEY_HANDLED;
	case 27: /* Esc */
	case 's':
		if (!sc->running) {
			mw_text_copy(ui->status, sizeof ui->status,
			             _("no scan is running (r scans)"));
			return MW_KEY_HANDLED;
		}
		c.kind = MW_SESSION_CMD_SCAN_STOP;
		mw_session_send(ui->session, &c);
		mw_text_copy(ui->status, sizeof ui->status,
		             _("scan stopped: the devices found stay listed"));
		return MW_KEY_HANDLED;
	case '+':
	case '-':
		c.kind = MW_SESSION_CMD_SCAN_EXPECT;
		c.count = sc->expect + (ch == '+' ? 1 : -1);
		if (ch == '+' && sc->expect == 0)
			c.count = ui->s->n_dev + 1; /* from what is found so far */
		if (c.count < 0)
			c.count = 0;
		mw_session_send(ui->session, &c);
		if (c.count > 0)
			snprintf(ui->status, sizeof ui->status, _("the scan stops after %d found"),
			         c.count);
		else
			mw_text_copy(ui->status, sizeof ui->status,
			             _("the scan goes through the whole plan"));
		return MW_KEY_HANDLED;
	case 'i':
		if (ui->cursor < 0 || ui->cursor >= ui->s->n_dev || ui->s->dev[ui->cursor].model) {
			mw_text_copy(ui->status, sizeof ui->status,
			             _("i identifies an unknown device again: choose one first"));
			return MW_KEY_HANDLED;
		}
		c.kind = MW_SESSION_CMD_IDENTIFY;
		c.dev = ui->cursor;
		mw_ui_run(ui, &c, _("identifying again, with a long timeout..."), true);
		return MW_KEY_HANDLED;
	default:
		return MW_KEY_IGNORED;
	}
}

const struct mw_screen mw_scr_scan = {
    .name = N_("Scan"),
    .keys = N_("Up/Down choose  Enter open  s/Esc stop  +/- stop after N  i identify again  r "
               "scan again"),
    .help = N_("The scan tries every line setting the device files allow, factory defaults "
               "first,\nand lists each device as it answers, in address order, with its model "
               "when a\ndevice file matches.  The estimate counts the probes left at their "
               "timeout and\nthe overhead measured so far.  While the dashboard or the panel "
               "is open the\nscan waits for them (they get the line) and goes on when you "
               "come back here.\n\nUp/Down  choose a device\nEnter    open its dashboard "
               "(unknown devices: the raw register view)\n12 Enter  open the device at "
               "address 12; a DL/T645 meter by its 12 digits,\n         or by its last "
               "digits when no other meter ends in them\ns, Esc   stop the scan (what it "
               "found stays)\n+ / -    stop after N devices are found (the expected count; "
               "0: all)\ni        identify an unknown device again, with a long timeout\nr  "
               "      scan again from the start"),
    .draw = scan_draw,
    .key = scan_key,
};
