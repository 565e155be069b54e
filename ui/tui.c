/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui.c - the TUI's entry point and its one loop: options, the demo
 * simulator or the port picker, the engine session, then: take the latest
 * snapshot, draw the current screen and any dialog, wait for a key or a
 * new snapshot, hand the key to the dialog, the screen, or the global
 * keys.  Also the dialogs (confirm, type the address, result) and the
 * keys typed ahead while a command runs.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "devload.h"
#include "i18n.h"
#include "tui.h"
#include "ui.h"
#include "xalloc.h"

void mw_ui_open_device(struct mw_ui *ui, int i)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SELECT, .dev = i};

	if (i < 0 || i >= ui->s->n_dev)
		return;
	mw_session_send(ui->session, &c);
	ui->s->sel = i; /* until the next snapshot says so */
	mw_ui_goto(ui, ui->s->dev[i].model ? MW_SCR_DASH : MW_SCR_RAW);
}

bool mw_ui_devlist_key(struct mw_ui *ui, int ch)
{
	/* the cursor is a device index; lists run in address order */
	int n = ui->s->n_dev, pos = mw_ui_dev_pos(ui, ui->cursor);

	switch (ch) {
	case KEY_UP:
	case 'k':
		pos = pos > 0 ? pos - 1 : 0;
		break;
	case KEY_DOWN:
	case 'j':
		pos = pos + 1 < n ? pos + 1 : pos;
		break;
	case KEY_NPAGE:
		pos = pos + LINES / 2 < n ? pos + LINES / 2 : n - 1;
		break;
	case KEY_PPAGE:
		pos = pos > LINES / 2 ? pos - LINES / 2 : 0;
		break;
	case KEY_HOME:
		pos = 0;
		break;
	case KEY_END:
		pos = n - 1;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		mw_ui_open_device(ui, ui->cursor);
		return true;
	default:
		return false;
	}
	ui->cursor = n > 0 ? mw_ui_dev_at(ui, pos) : 0;
	return true;
}

int mw_ui_list_top(const struct mw_ui *ui, int rows)
{
	int pos = mw_ui_dev_pos(ui, ui->cursor);

	if (rows < 1 || pos < rows)
		return 0;
	return pos - rows + 1;
}

void mw_ui_goto(struct mw_ui *ui, int screen)
{
	if (screen == ui->screen || screen < 0 || screen >= MW_SCR__COUNT)
		return;
	ui->status[0] = 0; /* the screen left may say what it kept */
	if (mw_screens[ui->screen]->leave)
		mw_screens[ui->screen]->leave(ui);
	if (screen == MW_SCR_HELP)
		ui->prev_screen = ui->screen;
	ui->screen = screen;
	if (mw_screens[screen]->enter)
		mw_screens[screen]->enter(ui);
	mw_ui_follow_view(ui); /* polling follows what is on screen */
}

void mw_ui_run(struct mw_ui *ui, const struct mw_session_cmd *c, const char *what, bool show_result)
{
	struct mw_dialog *d = &ui->dlg;
	unsigned long id = mw_session_send(ui->session, c);

	memset(d, 0, sizeof *d);
	if (!id) {
		mw_ui_info(ui, _("Busy"), _("the engine is busy: try again"));
		return;
	}
	d->kind = MW_DLG_WAITING;
	d->wait_id = id;
	d->show_result = show_result;
	d->after_prepare = c->kind == MW_SESSION_CMD_PREPARE;
	mw_text_copy(d->title, sizeof d->title, _("Working"));
	mw_text_copy(d->text, sizeof d->text, what);
}

void mw_ui_confirm(struct mw_ui *ui, const char *title, const char *text, const char *expect,
                   const struct mw_session_cmd *c)
{
	struct mw_dialog *d = &ui->dlg;

	memset(d, 0, sizeof *d);
	d->kind = expect ? MW_DLG_TYPE : MW_DLG_YESNO;
	mw_text_copy(d->title, sizeof d->title, title);
	mw_text_copy(d->text, sizeof d->text, text);
	if (expect)
		mw_text_copy(d->expect, sizeof d->expect, expect);
	d->cmd = *c;
	d->has_cmd = c != NULL;
}

void mw_ui_info(struct mw_ui *ui, const char *title, const char *text)
{
	struct mw_dialog *d = &ui->dlg;

	memset(d, 0, sizeof *d);
	d->kind = MW_DLG_INFO;
	mw_text_copy(d->title, sizeof d->title, title);
	mw_text_copy(d->text, sizeof d->text, text);
}

/* A block's words: old->new pairs when short, else two rows. */
static size_t words_text(char *buf, size_t sz, const struct mw_set_write *wr)
{
	size_t len = 0;

	if (wr->n <= 2) {
		for (int k = 0; k < wr->n && len + 16 < sz; k++)
			len += snprintf(buf + len, sz - len, " %04X->%04X",
			                wr->have_old ? wr->old[k] : 0, wr->new[k]);
		return len + (size_t)snprintf(buf + len, sz - len, "\n");
	}
	len += snprintf(buf + len, sz - len, _(" %d registers\n  now:"), wr->n);
	for (int k = 0; k < wr->n && len + 8 < sz; k++)
		len += wr->have_old ? snprintf(buf + len, sz - len, " %04X", wr->old[k])
		                    : snprintf(buf + len, sz - len, " ????");
	len += snprintf(buf + len, sz - len, "%s", _("\n  new:"));
	for (int k = 0; k < wr->n && len + 8 < sz; k++)
		len += snprintf(buf + len, sz - len, " %04X", wr->new[k]);
	return len + (size_t)snprintf(buf + len, sz - len, "\n");
}

/* Width of a dialog, its frame included (its text: 4 columns less). */
static int dialog_cols(void)
{
	return COLS - 4 < 76 ? COLS - 4 : 76;
}

/* The confirmation of a prepared write: exactly the words it sends. */
static void confirm_plan(struct mw_ui *ui)
{
	const struct mw_set_plan *p = &ui->s->plan;
	char text[2048];
	size_t len = 0;
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_APPLY, .dev = ui->s->plan_dev};

	if (p->model && p->model->protocol == MW_PROTO_DLT645 && ui->s->plan_dev >= 0 &&
	    ui->s->plan_dev < ui->s->n_dev) {
		/* DL/T645: what goes on the wire for each setting, within the dialog */
		char dlt[sizeof ui->dlg.text];

		mw_ui_dlt_plan_text(p, ui->s->dev[ui->s->plan_dev].dlt_addr, dialog_cols() - 4,
		                    LINES - 6, dlt, sizeof dlt);
		mw_ui_confirm(ui, _("Write to the meter?"), dlt, NULL, &c);
		return;
	}
	for (size_t i = 0; i < p->n_items && len < sizeof text - 200; i++)
		len += snprintf(text + len, sizeof text - len, _("%s: %s -> %s\n"),
		                p->item[i].setting->label,
		                !p->item[i].have_old     ? "?"
		                : p->item[i].old_text[0] ? p->item[i].old_text
		                                         : _("(none)"),
		                p->item[i].new_text);
	for (size_t i = 0; i < p->n_writes && len < sizeof text - 200; i++) {
		const struct mw_set_write *wr = &p->write[i];

		if (wr->unchanged) {
			len += snprintf(text + len, sizeof text - len,
			                _("register 0x%04X: unchanged, not written\n"), wr->reg);
			continue;
		}
		len += snprintf(text + len, sizeof text - len, _("write register 0x%04X (FC%02d):"),
		                wr->reg,
		                wr->table == MW_TABLE_COIL                   ? 5
		                : p->model->line.write_fc == 6 && wr->n == 1 ? 6
		                                                             : 16);
		len += words_text(text + len, sizeof text - len, wr);
	}
	if (p->changes_line && len < sizeof text - 200)
		len += snprintf(text + len, sizeof text - len,
		                _("The meter will then answer at address %d, %d %s; meterwise "
		                  "follows it there.\n"),
		                p->new_addr, p->new_line.baud, mw_format_name(p->new_line.format));
	if (p->needs_unlock && len < sizeof text - 100)
		snprintf(text + len, sizeof text - len, "%s\n",
		         _("The meter's password (factory default) is written first."));
	mw_ui_confirm(ui, _("Write to the meter?"), text, NULL, &c);
}

/* A DL/T645 write or control was refused for the meter's password: its
 * message, and a masked field for one, prefilled with the file's level. */
static void password_ask(struct mw_ui *ui)
{
	struct mw_dialog *d = &ui->dlg;
	const struct mw_session_snap *s = ui->s;

	memset(d, 0, sizeof *d);
	d->kind = MW_DLG_PASSWORD;
	d->pw_level = s->pw_level;
	mw_text_copy(d->title, sizeof d->title,
	             s->pw_refused ? _("Password refused again") : _("Password refused"));
	snprintf(d->text, sizeof d->text, "%s\n\n%s%s%s", s->cmd_msg,
	         s->pw_refused ? _("The meter refused this password too.") : "",
	         s->pw_refused ? " " : "",
	         _("Type the meter's password as LEVEL:PPPPPP (the level the device file gives is "
	           "filled in): Enter sends the same again, once, with it; Esc cancels, and "
	           "nothing is sent."));
	snprintf(d->typed, sizeof d->typed, "%d:", d->pw_level);
}

/* Enter in the password dialog: the CLI's check first (its message, and
 * nothing sent, on a bad entry), then the refused command again with it. */
static void password_send(struct mw_ui *ui)
{
	struct mw_dialog *d = &ui->dlg;
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PASSWORD};
	char err[sizeof d->wrong];

	if (mw_session_password_check(d->pw_level, d->typed, err, sizeof err) < 0) {
		mw_text_copy(d->wrong, sizeof d->wrong, err);
		explicit_bzero(d->typed, sizeof d->typed);
		snprintf(d->typed, sizeof d->typed, "%d:", d->pw_level);
		return;
	}
	mw_text_copy(c.text, sizeof c.text, d->typed);
	explicit_bzero(d->typed, sizeof d->typed);
	mw_ui_run(ui, &c, _("sending it again with the password..."), true);
	explicit_bzero(c.text, sizeof c.text);
}

/* A running command finished: show its outcome or the next question. */
static void dialog_update(struct mw_ui *ui)
{
	struct mw_dialog *d = &ui->dlg;
	char text[sizeof d->text];

	if (d->kind != MW_DLG_WAITING || ui->s->cmd_done < d->wait_id)
		return;
	if (d->after_prepare && ui->s->have_plan && ui->s->plan_id == d->wait_id) {
		confirm_plan(ui);
		return;
	}
	if (ui->s->cmd_rc < 0 && ui->s->pw_ask && ui->s->pw_cmd == d->wait_id) {
		password_ask(ui);
		return;
	}
	if (ui->s->cmd_rc < 0) {
		mw_ui_info(ui, _("Failed"), ui->s->cmd_msg);
		return;
	}
	if (!d->show_result) {
		d->kind = MW_DLG_NONE;
		return;
	}
	if (ui->s->journal[0])
		snprintf(text, sizeof text, _("%s\n\nJournal:\n%s"), ui->s->cmd_msg,
		         ui->s->journal);
	else
		mw_text_copy(text, sizeof text, ui->s->cmd_msg);
	mw_ui_info(ui, _("Done"), text);
}

static void screen_key(struct mw_ui *ui, int ch);

/* Keys while a dialog is open. */
static void dialog_key(struct mw_ui *ui, int ch)
{
	struct mw_dialog *d = &ui->dlg;
	size_t n = strlen(d->typed);

	switch (d->kind) {
	case MW_DLG_INFO:
		/* any key closes it; a key that means something on the screen
		 * (x: stop commissioning, a letter or F-key: another screen)
		 * does that too, so it is never lost to the dialog */
		d->kind = MW_DLG_NONE;
		if (ch != 27 && ch != '\n' && ch != '\r' && ch != KEY_ENTER && ch != ' ' &&
		    ch != 'q' && ch != 'Q' && ch != KEY_F(10))
			screen_key(ui, ch);
		break;
	case MW_DLG_YESNO:
		if (ch == 'y' || ch == 'Y') {
			d->kind = MW_DLG_NONE;
			if (d->has_cmd)
				mw_ui_run(ui, &d->cmd, _("writing..."), true);
		} else if (ch == 'n' || ch == 'N' || ch == 27) {
			d->kind = MW_DLG_NONE;
			mw_text_copy(ui->status, sizeof ui->status,
			             _("cancelled: nothing written"));
		}
		break;
	case MW_DLG_TYPE:
		if (ch == 27) {
			d->kind = MW_DLG_NONE;
			mw_text_copy(ui->status, sizeof ui->status,
			             _("cancelled: nothing written"));
		} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			if (n)
				d->typed[n - 1] = 0;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			if (strcmp(d->typed, d->expect) == 0 && d->has_cmd) {
				d->kind = MW_DLG_NONE;
				mw_ui_run(ui, &d->cmd, _("running..."), true);
			} else {
				/* L10N: what was typed, then what is asked */
				if (d->typed[0])
					snprintf(d->wrong, sizeof d->wrong,
					         _("%s is not %s: nothing was sent; type it again"),
					         d->typed, d->expect);
				else
					snprintf(d->wrong, sizeof d->wrong,
					         _("nothing typed: type %s to confirm"), d->expect);
				d->typed[0] = 0;
			}
		} else if (ch >= ' ' && ch < 127 && n + 1 < sizeof d->typed) {
			d->typed[n] = (char)ch;
			d->typed[n + 1] = 0;
		}
		break;
	case MW_DLG_PASSWORD:
		if (ch == 27) {
			explicit_bzero(d->typed, sizeof d->typed);
			d->kind = MW_DLG_NONE;
			mw_text_copy(ui->status, sizeof ui->status, _("cancelled: nothing sent"));
		} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			if (n)
				d->typed[n - 1] = 0;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			password_send(ui);
		} else if (ch >= ' ' && ch < 127 && n + 1 < sizeof d->typed) {
			d->typed[n] = (char)ch;
			d->typed[n + 1] = 0;
		}
		break;
	default:
		break;
	}
}

/* Lay text out in lines of at most w columns, breaking at spaces where it
 * can; draws from row 1 of win (when not NULL), at most max lines.
 * Returns the number of lines. */
static int wrap(WINDOW *win, const char *p, int w, int max)
{
	int n = 0;

	while (*p && n < max) {
		size_t skip, cut = mw_w_break(p, w, &skip);

		if (win)
			mvwaddnstr(win, 1 + n, 2, p, (int)cut);
		n++;
		p += skip;
	}
	return n;
}

/* Draw the open dialog in its own window over the screen. */
static void dialog_draw(struct mw_ui *ui)
{
	struct mw_dialog *d = &ui->dlg;
	int w = dialog_cols(), h, lines, n_wrong = 0;
	bool field = d->kind == MW_DLG_TYPE || d->kind == MW_DLG_PASSWORD;
	WINDOW *win;
	char hint[160] = "";

	if (d->kind == MW_DLG_NONE || w < 10)
		return;
	/* a field's line for what was typed wrong (wrapped, never cut) */
	if (field)
		n_wrong = d->wrong[0] ? wrap(NULL, d->wrong, w - 4, 3) : 1;
	lines = wrap(NULL, d->text, w - 4, 1000) + n_wrong;
	h = lines + 4 > LINES - 2 ? LINES - 2 : lines + 4;
	win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (!win)
		return;
	wattron(win, mw_term_attr(ui, MW_R_NORMAL));
	werase(win);
	box(win, 0, 0);
	snprintf(hint, sizeof hint, " %s ", d->title);
	mvwaddnstr(win, 0, 2, hint, (int)mw_w_fit(hint, strlen(hint), w - 4, NULL));
	hint[0] = 0;
	wrap(win, d->text, w - 4, h - 3 - n_wrong);
	if (field && d->wrong[0]) {
		const char *p = d->wrong;

		wattron(win, mw_term_attr(ui, MW_R_FAULT));
		for (int i = 0; i < n_wrong && *p; i++) {
			size_t skip, cut = mw_w_break(p, w - 4, &skip);

			mvwaddnstr(win, h - 2 - n_wrong + i, 2, p, (int)cut);
			p += skip;
		}
		wattroff(win, mw_term_attr(ui, MW_R_FAULT));
	}
	if (d->kind == MW_DLG_YESNO)
		mw_text_copy(hint, sizeof hint, _("[y] yes   [n] no"));
	else if (d->kind == MW_DLG_TYPE)
		snprintf(hint, sizeof hint, _("Type %s and Enter to confirm, Esc cancels: %s_"),
		         d->expect, d->typed);
	else if (d->kind == MW_DLG_INFO)
		mw_text_copy(hint, sizeof hint, _("[any key] close"));
	else if (d->kind == MW_DLG_PASSWORD) {
		char shown[sizeof d->typed];

		/* the level as typed, every character after its ':' as '*' */
		mw_session_password_mask(d->typed, shown, sizeof shown);
		snprintf(hint, sizeof hint,
		         _("Password (LEVEL:PPPPPP), Enter sends, Esc cancels: %s_"), shown);
	}
	wattron(win, A_BOLD);
	mvwaddnstr(win, h - 2, 2, hint, (int)mw_w_fit(hint, strlen(hint), w - 4, NULL));
	wattroff(win, A_BOLD);
	wnoutrefresh(win);
	delwin(win);
}

/* Keys every screen has: a function key and a capital letter for each
 * screen (the letter the key bar shows); after Esc the small letter
 * too.  -1: not one. */
int mw_ui_screen_for_key(int ch, bool after_esc)
{
	static const struct {
		int key, letter, screen;
	} map[] = {
	    {KEY_F(1), 'H', MW_SCR_HELP},       {KEY_F(2), 'S', MW_SCR_SCAN},
	    {KEY_F(3), 'D', MW_SCR_DASH},       {KEY_F(4), 'P', MW_SCR_PANEL},
	    {KEY_F(5), 'E', MW_SCR_SETTINGS},   {KEY_F(6), 'T', MW_SCR_SCHEDULE},
	    {KEY_F(7), 'A', MW_SCR_ACTIONS},    {KEY_F(8), 'R', MW_SCR_RAW},
	    {KEY_F(9), 'C', MW_SCR_COMMISSION},
	};

	if (ch == '?')
		return MW_SCR_HELP;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (ch == map[i].key || ch == map[i].letter ||
		    (after_esc && ch == map[i].letter - 'A' + 'a'))
			return map[i].screen;
	return -1;
}

static bool quit_key(int ch, bool after_esc)
{
	return ch == KEY_F(10) || ch == 'q' || ch == 'Q' || (after_esc && ch == 'q');
}

static void global_key(struct mw_ui *ui, int ch, bool after_esc)
{
	int scr = mw_ui_screen_for_key(ch, after_esc);

	if (quit_key(ch, after_esc))
		ui->quit = true;
	else if (scr >= 0)
		mw_ui_goto(ui, scr);
}

/* A click on the key bar is that function key; other clicks are ignored. */
static int mouse_key(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || ev.y != LINES - 1)
		return 0;
	return mw_w_fkey_at(ev.x);
}

/* A key for the screen, else for every screen.  Function keys always
 * switch screens; a letter right after Esc does too (in a text field,
 * where letters are text). */
static void screen_key(struct mw_ui *ui, int ch)
{
	bool after_esc = ui->esc && ch != 27 && ui->typing;

	ui->esc = ui->esc && ch == 27; /* seen by the screen: Esc twice */
	if (ch != 27)
		ui->status[0] = 0;
	if ((ch >= KEY_F(1) && ch <= KEY_F(10)) ||
	    (after_esc && ch < 127 &&
	     (mw_ui_screen_for_key(ch, true) >= 0 || quit_key(ch, true)))) {
		ui->esc = false;
		global_key(ui, ch, true);
		return;
	}
	if (mw_screens[ui->screen]->key(ui, ch) == MW_KEY_IGNORED)
		global_key(ui, ch, false);
	ui->esc = ch == 27 && !ui->esc;
}

/* Keys typed while a command ran: replayed once it is done, unless it
 * opened a question (an answer typed ahead must not answer it). */
static void replay(struct mw_ui *ui)
{
	int i = 0;

	if (ui->dlg.kind == MW_DLG_WAITING)
		return;
	if (ui->dlg.kind != MW_DLG_NONE) {
		ui->n_ahead = 0;
		return;
	}
	while (i < ui->n_ahead && ui->dlg.kind == MW_DLG_NONE && !ui->quit)
		screen_key(ui, ui->ahead[i++]);
	if (ui->dlg.kind != MW_DLG_NONE && ui->dlg.kind != MW_DLG_WAITING)
		i = ui->n_ahead; /* the rest would answer a question: dropped */
	memmove(ui->ahead, ui->ahead + i, (size_t)(ui->n_ahead - i) * sizeof ui->ahead[0]);
	ui->n_ahead -= i;
}

void mw_ui_draw(struct mw_ui *ui)
{
	const struct mw_screen *sc = mw_screens[ui->screen];

	erase();
	mw_w_title(ui);
	ui->typing = false;
	sc->draw(ui);
	if (ui->status[0])
		mw_w_text(ui, LINES - 3, 0, COLS, MW_R_WARN, ui->status);
	else
		mw_w_text(ui, LINES - 3, 0, COLS, MW_R_DIM,
		          sc->keys_now && sc->keys_now(ui) ? sc->keys_now(ui) : _(sc->keys));
	mw_w_footer(ui);
	curs_set(0);
	wnoutrefresh(stdscr);
	if (sc->post) {
		curs_set(ui->dlg.kind == MW_DLG_NONE);
		sc->post(ui);
	}
	dialog_draw(ui);
	doupdate();
}

static void usage(FILE *f)
{
	fprintf(f, "%s",
	        _("Usage: meterwise [-p PORT] [-b BAUDS] [-f FORMATS] [--expect N]\n"
	          "       meterwise --demo [--demo-log FILE] [--demo-state FILE] "
	          "[--demo-scenario FILE]\n"
	          "The interactive commissioning screen: scan the bus, watch a meter, change its "
	          "settings.\n"
	          "  -p, --port PORT        serial port (or tcp:HOST[:PORT]); default: pick one\n"
	          "  -b, --baud LIST        scan only these bauds (9600,19200)\n"
	          "  -f, --format LIST      scan only these formats (8N1,8E1)\n"
	          "      --expect N         stop scanning after N devices\n"
	          "      --demo             run on a simulated panel (meterwise-sim)\n"
	          "      --demo-log FILE    the simulator's frame log\n"
	          "      --demo-state FILE  the simulator's persistent settings\n"
	          "      --demo-scenario F  another scenario than demo-panel\n"
	          "Keys: F1 or ? help on every screen, F10 or q quits.\n"));
	fprintf(f, "%s",
	        _("      Screens: F2-F9, or the capital letter the key bar shows (S D P E T A R "
	          "C).\n"));
	fprintf(f, "%s",
	        _("      --plan FILE        open the Commission screen with this plan (CSV)\n"));
	fprintf(
	    f, "%s",
	    _("      --timeout MS       fixed response timeout of the scan and the readings\n"));
	fprintf(f, "%s",
	        _("      --password LEVEL:PPPPPP  DL/T645 meters' password for writes and "
	          "controls\n"));
	fprintf(f, "%s",
	        _("      --rts up|down      drive RTS for RS-485 direction while sending\n"
	          "      --rts-delay MS     RTS set this long before and after sending\n"
	          "      --latency MS       the USB adapter's latency (default: sysfs or "
	          "measured)\n"));
}

/* -b 9600,19200 / -f 8N1,8E1: the settings the scan tries. */
static int parse_list(int opt, const char *arg, struct mw_session_cfg *cfg)
{
	static int bauds[16];
	static enum mw_format formats[MW_FMT__COUNT];
	char buf[256], *sp, *t;

	snprintf(buf, sizeof buf, "%s", arg);
	for (t = strtok_r(buf, ",", &sp); t; t = strtok_r(NULL, ",", &sp)) {
		if (opt == 'b') {
			int b = atoi(t);

			if (b < 300 || cfg->n_bauds >= 16) {
				fprintf(stderr, _("meterwise: %s: not a baud rate (e.g. 9600)\n"),
				        t);
				return -1;
			}
			bauds[cfg->n_bauds++] = b;
			cfg->bauds = bauds;
		} else {
			int f = mw_format_parse(t);

			if (f < 0 || cfg->n_formats >= MW_FMT__COUNT) {
				fprintf(stderr,
				        _("meterwise: %s: not a format (8N1, 8E1, 8O1, 8N2)\n"), t);
				return -1;
			}
			formats[cfg->n_formats++] = (enum mw_format)f;
			cfg->formats = formats;
		}
	}
	return 0;
}

static void warn_devfile(const char *msg)
{
	fprintf(stderr, "meterwise: %s\n", msg);
}

/* The loop: snapshot, draw, wait for a key or a new snapshot, dispatch. */
static int run(struct mw_ui *ui)
{
	if (mw_screens[ui->screen]->enter)
		mw_screens[ui->screen]->enter(ui);
	mw_ui_follow_view(ui);
	while (!ui->quit && !mw_ui_interrupted()) {
		int ch;

		mw_session_snapshot(ui->session, ui->s);
		dialog_update(ui);
		replay(ui);
		mw_ui_draw(ui);
		ch = mw_term_key(mw_session_fd(ui->session), 250);
		mw_session_ack(ui->session);
		if (ch == KEY_MOUSE)
			ch = mouse_key();
		if (ch == ERR || ch == KEY_RESIZE || ch == 0)
			continue;
		if (ui->dlg.kind == MW_DLG_WAITING && ch == KEY_F(10)) {
			ui->quit = true; /* quitting never waits for a meter */
			continue;
		}
		if (ui->dlg.kind == MW_DLG_WAITING) {
			if (ui->n_ahead < (int)(sizeof ui->ahead / sizeof ui->ahead[0]))
				ui->ahead[ui->n_ahead++] = ch;
			continue;
		}
		if (ui->dlg.kind != MW_DLG_NONE) {
			dialog_key(ui, ch);
			continue;
		}
		screen_key(ui, ch);
	}
	if (mw_screens[ui->screen]->leave)
		mw_screens[ui->screen]->leave(ui);
	mw_term_end();
	return 0;
}

int mw_tui_main(int argc, char **argv)
{
	static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
	                                     {"demo", no_argument, NULL, 'D'},
	                                     {"demo-log", required_argument, NULL, 'L'},
	                                     {"demo-state", required_argument, NULL, 'S'},
	                                     {"demo-scenario", required_argument, NULL, 'C'},
	                                     {"expect", required_argument, NULL, 'e'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {"trace", optional_argument, NULL, 1001},
	                                     {"baud", required_argument, NULL, 'b'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"plan", required_argument, NULL, 'P'},
	                                     {"timeout", required_argument, NULL, 'T'},
	                                     {"rts", required_argument, NULL, 1002},
	                                     {"rts-delay", required_argument, NULL, 1003},
	                                     {"latency", required_argument, NULL, 1004},
	                                     {"password", required_argument, NULL, 1005},
	                                     {NULL, 0, NULL, 0}};
	struct mw_demo_opts dopt = {.extra = getenv("MW_DEMO_SIM_ARGS")};
	struct mw_session_cfg cfg = {.autoscan = true};
	struct mw_catalog cat = {0};
	struct mw_demo demo = {0};
	struct mw_ui ui = {0};
	const char *port = NULL, *pick_msg = NULL;
	char picked[256];
	bool want_demo = false;
	char err[1024];
	int c, rc;

	setlocale(LC_ALL, "");
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:b:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
		case 'f':
			if (parse_list(c, optarg, &cfg) < 0)
				return 2;
			break;
		case 'p':
			port = optarg;
			break;
		case 'D':
			want_demo = true;
			break;
		case 'L':
			dopt.log = optarg;
			break;
		case 'S':
			dopt.state = optarg;
			break;
		case 'C':
			dopt.scenario = optarg;
			break;
		case 'e':
			cfg.expect = atoi(optarg);
			break;
		case 'T': {
			char *end;
			long ms = strtol(optarg, &end, 10);

			if (*end || end == optarg || ms < 1 || ms > 60000) {
				fprintf(stderr,
				        _("meterwise: --timeout %s: milliseconds, 1 to 60000\n"),
				        optarg);
				return 2;
			}
			cfg.scan_timeout_ms = cfg.timeout_ms = (int)ms;
			break;
		}
		case 'P':
			ui.plan_path = optarg;
			cfg.autoscan = false; /* the panel's meters are not connected yet */
			break;
		case 1002: /* the adapter: --rts, --rts-delay, --latency (link.h) */
		case 1003:
		case 1004:
			if (mw_session_line_opt(c == 1002   ? "rts"
			                        : c == 1003 ? "rts-delay"
			                                    : "latency",
			                        optarg, err, sizeof err) < 0) {
				fprintf(stderr, "meterwise: %s\n", err);
				return 2;
			}
			break;
		case 1005: /* --password: as `meterwise set --password`, checked now */
			if (mw_session_password_check(-1, optarg, err, sizeof err) < 0) {
				fprintf(stderr, "meterwise: %s\n", err);
				return 2;
			}
			cfg.dlt_password = optarg;
			break;
		case 1001: /* --trace */
			if (mw_session_trace(optarg, err, sizeof err) < 0) {
				fprintf(stderr, "meterwise: %s\n", err);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("meterwise: unexpected argument '%s'\n"), argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n",
		        _("meterwise: the interactive screen needs a terminal; in scripts use the "
		          "commands: meterwise scan, read, set..."));
		return 2; /* a usage error: nothing was opened */
	}
	if (mw_devload_all(&cat, warn_devfile) < 0) {
		fprintf(stderr, "%s\n",
		        _("meterwise: no device file could be loaded (set MW_DEVICES_PATH?)"));
		return 1;
	}
	if (want_demo) {
		if (mw_demo_start(&demo, &dopt, err, sizeof err) < 0) {
			fprintf(stderr, "meterwise: %s\n", err);
			mw_catalog_free(&cat);
			return 1;
		}
		port = demo.link;
	}
	signal(SIGINT, mw_ui_on_signal);
	signal(SIGTERM, mw_ui_on_signal);
	signal(SIGHUP, mw_ui_on_signal);
	if (mw_term_init(&ui) < 0) {
		fprintf(stderr, "%s\n",
		        _("meterwise: the interactive screen needs a terminal (with TERM set); in "
		          "scripts use the commands: meterwise scan, read, set..."));
		rc = 1;
		goto out;
	}
	/* no -p: the port picker, with the demo panel as a choice */
	while (!port) {
		int pick = mw_ui_pick_port(&ui, picked, sizeof picked, pick_msg);

		if (pick == 0) {
			rc = 0;
			goto out;
		}
		if (pick == 1)
			port = picked;
		else if (mw_demo_start(&demo, &dopt, err, sizeof err) < 0)
			pick_msg = err;
		else {
			want_demo = true;
			port = demo.link;
		}
	}
	cfg.port = port;
	cfg.cat = &cat;
	ui.s = mw_xcalloc(1, sizeof *ui.s);
	if (!(ui.session = mw_session_start(&cfg, err, sizeof err))) {
		mw_term_end();
		fprintf(stderr, "meterwise: %s\n", err);
		rc = 1;
	} else {
		ui.screen = ui.plan_path ? MW_SCR_COMMISSION : MW_SCR_SCAN;
		rc = run(&ui);
	}
out:
	mw_term_end();
	if (ui.session)
		mw_session_stop(ui.session);
	mw_ui_state_free(&ui);
	if (ui.s)
		mw_session_snap_free(ui.s);
	free(ui.s);
	if (want_demo)
		mw_demo_stop(&demo);
	mw_catalog_free(&cat);
	return rc;
}
