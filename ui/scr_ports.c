/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_ports.c - the port picker, shown when `meterwise` starts without
 * -p: the serial ports with their descriptions and state, and the demo
 * panel (meterwise-sim) as the last choice.  It runs before the engine
 * thread exists, with its own small loop.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ports.h"
#include "ui.h"

static const char *const picker_help =
    N_("Choose the serial port your USB-RS485 adapter appeared as (often /dev/ttyUSB0),\n"
       "or the demo: a simulated panel of meters, to try meterwise without hardware.\n"
       "A port marked busy is held by another program; not permitted means you are\n"
       "not in the dialout group.  Plugged the adapter in after starting?  Press r.\n\n"
       "Up/Down  choose      Enter  connect     d  the demo\n"
       "r        look again  q/F10  quit        ?  this help (any key goes back)\n\n"
       "Next time: meterwise -p PORT skips this screen; `meterwise ports` lists the ports.");

/* One line of the list: name, description, USB identity, state. */
static void describe(const struct mw_port *p, char *buf, size_t sz)
{
	char usb[200] = "";

	if (p->usb)
		snprintf(usb, sizeof usb, " (USB %04x:%04x)%s%s", p->vid, p->pid,
		         p->serial[0] ? _(" serial ") : "", p->serial);
	buf[0] = 0;
	mw_w_cell(buf, sz, p->name, 20);
	snprintf(buf + strlen(buf), sz - strlen(buf), "%s%s%s%s", p->desc, usb,
	         p->state[0] ? "  " : "", p->state);
}

static void picker_draw(struct mw_ui *ui, const struct mw_port *p, int n, int cur, const char *msg,
                        bool help)
{
	char buf[600];
	int y = 2;

	erase();
	mw_w_text(ui, 0, 0, COLS, MW_R_TITLE, "");
	attron(mw_term_attr(ui, MW_R_TITLE));
	mvhline(0, 0, ' ', COLS);
	attroff(mw_term_attr(ui, MW_R_TITLE));
	snprintf(buf, sizeof buf, " meterwise | %s", _("Choose the port of the RS-485 adapter"));
	mw_w_text(ui, 0, 0, COLS, MW_R_TITLE, buf);
	if (help) {
		for (const char *t = _(picker_help); *t && y < LINES - 2;) {
			int len = (int)strcspn(t, "\n");

			mw_w_text(ui, y++, 1, len < COLS - 2 ? len : COLS - 2, MW_R_NORMAL, t);
			t += len + (t[len] == '\n');
		}
		refresh();
		return;
	}
	if (n == 0)
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_WARN,
		          _("No serial port found: plug in the USB-RS485 adapter and press r."));
	for (int i = 0; i <= n && y < LINES - 4; i++) {
		enum mw_role r = i == cur ? MW_R_SELECT : MW_R_NORMAL;

		if (i == n) {
			buf[0] = 0;
			mw_w_cell(buf, sizeof buf, _("demo"), 20);
			mw_w_cell(
			    buf, sizeof buf,
			    _("a simulated panel of meters (meterwise-sim), to try meterwise"), 0);
		} else
			describe(&p[i], buf, sizeof buf);
		mw_w_text(ui, y++, 1, COLS - 2, r, buf);
		if (i < n && i == cur && p[i].fix[0])
			y += mw_w_wrap(ui, y, 4, COLS - 6, MW_R_WARN, p[i].fix, 2);
	}
	if (msg && msg[0])
		mw_w_wrap(ui, LINES - 4, 1, COLS - 2, MW_R_FAULT, msg, 2);
	mw_w_text(ui, LINES - 1, 0, COLS, MW_R_KEY,
	          _("Up/Down choose  Enter connect  d demo  r look again  ? help  q quit"));
	refresh();
}

int mw_ui_pick_port(struct mw_ui *ui, char *port, size_t sz, const char *msg)
{
	struct mw_port *p = NULL;
	char err[256] = "";
	int n = mw_ports_list(&p, err, sizeof err), cur = 0, rc = -1;
	bool help = false;

	if (n < 0) {
		n = 0;
		msg = err;
	}
	while (rc < 0) {
		int ch;

		if (mw_ui_interrupted()) {
			rc = 0;
			break;
		}
		picker_draw(ui, p, n, cur, msg, help);
		ch = mw_term_key(-1, 1000);
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		if (help || ch == '?' || ch == KEY_F(1)) {
			help = !help;
			continue;
		}
		switch (ch) {
		case KEY_UP:
		case 'k':
			cur = cur > 0 ? cur - 1 : 0;
			break;
		case KEY_DOWN:
		case 'j':
			cur = cur < n ? cur + 1 : n;
			break;
		case 'r':
			free(p);
			p = NULL;
			n = mw_ports_list(&p, err, sizeof err);
			msg = n < 0 ? err : NULL;
			n = n < 0 ? 0 : n;
			cur = 0;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			if (cur == n) {
				rc = 2;
			} else {
				snprintf(port, sz, "%s", p[cur].name);
				rc = 1;
			}
			break;
		case 'd':
			rc = 2;
			break;
		case 'q':
		case KEY_F(10):
			rc = 0;
			break;
		default:
			break;
		}
	}
	free(p);
	return rc;
}
