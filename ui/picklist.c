/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picklist.c - a pick list widget on the ncurses menu library: a boxed
 * menu of choices over the screen, Up/Down to move, Enter to take, Esc to
 * leave.  The settings form opens one for an enumeration.
 */
#include "config.h"

#include <menu.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct mw_picklist {
	WINDOW *win, *sub;
	MENU *menu;
	ITEM **items;
	int n;
};

void mw_picklist_close(struct mw_picklist *p)
{
	if (!p)
		return;
	if (p->menu) {
		unpost_menu(p->menu);
		free_menu(p->menu);
	}
	for (int i = 0; p->items && i < p->n; i++)
		if (p->items[i])
			free_item(p->items[i]);
	free(p->items);
	if (p->sub)
		delwin(p->sub);
	if (p->win)
		delwin(p->win);
	free(p);
}

struct mw_picklist *mw_picklist_open(const char *const *names, int n, int cur, int y, int x)
{
	struct mw_picklist *p = calloc(1, sizeof *p);
	int w = 4, h;

	if (!p || n <= 0)
		goto fail;
	p->n = n;
	p->items = calloc((size_t)n + 1, sizeof *p->items);
	if (!p->items)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (!(p->items[i] = new_item(names[i], "")))
			goto fail;
		if (mw_w_width(names[i]) + 4 > w)
			w = mw_w_width(names[i]) + 4;
	}
	h = n + 2 < LINES - 2 ? n + 2 : LINES - 2;
	if (h < 3)
		goto fail;
	y = y + h > LINES - 1 ? LINES - 1 - h : y;
	x = x + w > COLS ? COLS - w : x;
	if (!(p->menu = new_menu(p->items)) ||
	    !(p->win = newwin(h, w, y < 0 ? 0 : y, x < 0 ? 0 : x)) ||
	    !(p->sub = derwin(p->win, h - 2, w - 2, 1, 1)))
		goto fail;
	keypad(p->win, TRUE);
	set_menu_win(p->menu, p->win);
	set_menu_sub(p->menu, p->sub);
	set_menu_format(p->menu, h - 2, 1);
	set_menu_mark(p->menu, "");
	box(p->win, 0, 0);
	post_menu(p->menu);
	if (cur >= 0 && cur < n)
		set_current_item(p->menu, p->items[cur]);
	return p;
fail:
	mw_picklist_close(p);
	return NULL;
}

int mw_picklist_key(struct mw_picklist *p, int ch)
{
	switch (ch) {
	case KEY_UP:
	case 'k':
		menu_driver(p->menu, REQ_UP_ITEM);
		return -1;
	case KEY_DOWN:
	case 'j':
		menu_driver(p->menu, REQ_DOWN_ITEM);
		return -1;
	case KEY_HOME:
		menu_driver(p->menu, REQ_FIRST_ITEM);
		return -1;
	case KEY_END:
		menu_driver(p->menu, REQ_LAST_ITEM);
		return -1;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case ' ':
		return item_index(current_item(p->menu));
	case 27:
	case KEY_LEFT:
		return -2;
	default:
		return -1;
	}
}

void mw_picklist_draw(struct mw_picklist *p)
{
	touchwin(p->win);
	wnoutrefresh(p->win);
}
