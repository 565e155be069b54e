/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_help.c - help: the keys every screen has, then what the screen
 * help was asked from does and its own keys.  Any key goes back.
 */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "ui.h"

static const char *const global_help =
    N_("Keys on every screen: a function key or the capital letter (underlined in\n"
       "the key bar); inside a form field letters are text: Esc, then the letter\n"
       "  F1 H ?  this help               F2 S  scan and device list\n"
       "  F3 D    dashboard               F4 P  panel overview (every device)\n"
       "  F5 E    settings form           F6 T  tariff schedule and clock\n"
       "  F7 A    actions                 F8 R  raw registers\n"
       "  F10 q Q quit (the demo simulator stops too)");
static const char *const global_help_f9 = N_("  F9 C    commission a panel from a plan");

/* Print text with line breaks from row y; returns the next row. */
static int paragraph(struct mw_ui *ui, int y, enum mw_role r, const char *text)
{
	while (*text && y < LINES - 3) {
		int len = (int)strcspn(text, "\n");
		char line[512];

		snprintf(line, sizeof line, "%.*s", len, text);
		mw_w_text(ui, y++, 2, COLS - 3, r, line);
		text += len;
		if (*text == '\n')
			text++;
	}
	return y;
}

static void help_draw(struct mw_ui *ui)
{
	const struct mw_screen *from = mw_screens[ui->prev_screen];
	int y = 2;

	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, _("Help"));
	y = paragraph(ui, y + 1, MW_R_NORMAL, _(global_help));
	y = paragraph(ui, y, MW_R_NORMAL, _(global_help_f9));
	y++;
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, _(from->name));
	paragraph(ui, y, MW_R_NORMAL, _(from->help));
}

static enum mw_key_result help_key(struct mw_ui *ui, int ch)
{
	if (ch == 'q' || ch == 'Q' || ch == KEY_F(10) ||
	    (mw_ui_screen_for_key(ch, false) >= 0 && ch != '?'))
		return MW_KEY_IGNORED; /* another screen's key opens it */
	mw_ui_goto(ui, ui->prev_screen);
	return MW_KEY_HANDLED;
}

const struct mw_screen mw_scr_help = {
    .name = N_("Help"),
    .keys = N_("any key goes back"),
    .help = N_("The help screen."),
    .draw = help_draw,
    .key = help_key,
};
