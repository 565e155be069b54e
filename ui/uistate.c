/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uistate.c - what screens and widgets ask about the TUI's state: the
 * selected device, its settings, each screen's own state (the one
 * place it lives: no screen keeps statics), and whether a signal asked
 * to quit.
 * Apart from tui.c so that widgets.c and scr_ports.c need not call back
 * into the file that calls them (tests/layers.sh checks).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"
#include "xalloc.h"

static volatile sig_atomic_t got_signal;

void mw_ui_on_signal(int sig)
{
	got_signal = sig;
}

bool mw_ui_interrupted(void)
{
	return got_signal != 0;
}

const struct mw_session_dev *mw_ui_dev(const struct mw_ui *ui)
{
	int i = ui->s->sel;

	return i >= 0 && i < ui->s->n_dev ? &ui->s->dev[i] : NULL;
}

void mw_ui_dev_addr(const struct mw_session_dev *d, char *buf, size_t sz)
{
	if (d->protocol == MW_PROTO_DLT645)
		snprintf(buf, sz, "%s", d->dlt_addr);
	else
		snprintf(buf, sz, "%d", d->addr);
}

const struct mw_session_settings *mw_ui_settings(const struct mw_ui *ui)
{
	return mw_ui_dev(ui) && ui->s->set.dev == ui->s->sel ? &ui->s->set : NULL;
}

int mw_ui_dev_index(const struct mw_ui *ui)
{
	return mw_ui_dev(ui) ? ui->s->sel : -1;
}

void *mw_ui_state(struct mw_ui *ui, int screen, size_t size)
{
	if (screen < 0 || screen >= MW_SCR__COUNT)
		return NULL;
	if (!ui->scr_state[screen])
		ui->scr_state[screen] = mw_xcalloc(1, size);
	return ui->scr_state[screen];
}

void mw_ui_state_free(struct mw_ui *ui)
{
	for (int i = 0; i < MW_SCR__COUNT; i++) {
		free(ui->scr_state[i]);
		ui->scr_state[i] = NULL;
	}
}
/* Sort devices by address, then baud, then format. */
static const struct mw_session_snap *sort_snap;

static int by_address(const void *a, const void *b)
{
	const struct mw_session_dev *x = &sort_snap->dev[*(const int *)a];
	const struct mw_session_dev *y = &sort_snap->dev[*(const int *)b];

	if (x->addr != y->addr)
		return x->addr - y->addr;
	if (x->lc.baud != y->lc.baud)
		return x->lc.baud - y->lc.baud;
	if (x->lc.format != y->lc.format)
		return (int)x->lc.format - (int)y->lc.format;
	return *(const int *)a - *(const int *)b;
}

/* The devices in address order, recomputed when the snapshot changes. */
static const int *order(const struct mw_ui *ui)
{
	static int *ord;
	static int cap, n;
	static unsigned long seq;
	static const struct mw_session_snap *of;

	if (ord && of == ui->s && seq == ui->s->seq && n == ui->s->n_dev)
		return ord;
	if (ui->s->n_dev > cap) {
		cap = ui->s->n_dev * 2;
		ord = mw_xrealloc(ord, (size_t)cap * sizeof *ord);
	}
	n = ui->s->n_dev;
	for (int i = 0; i < n; i++)
		ord[i] = i;
	sort_snap = ui->s;
	if (n > 1)
		qsort(ord, (size_t)n, sizeof *ord, by_address);
	of = ui->s;
	seq = ui->s->seq;
	return ord;
}

int mw_ui_dev_at(const struct mw_ui *ui, int pos)
{
	if (pos < 0 || pos >= ui->s->n_dev)
		return -1;
	return order(ui)[pos];
}

int mw_ui_dev_pos(const struct mw_ui *ui, int dev)
{
	const int *o = order(ui);

	for (int p = 0; p < ui->s->n_dev; p++)
		if (o[p] == dev)
			return p;
	return 0;
}

double mw_ui_age(const struct mw_session_dev *d, size_t v)
{
	if (!d->value_s || v >= d->rd.n_values || d->value_s[v] <= 0)
		return -1;
	return mw_session_now() - d->value_s[v];
}

double mw_ui_stale_after(const struct mw_ui *ui, const struct mw_session_dev *d)
{
	double poll = d->interval_s;

	if (ui->s->round_s > poll)
		poll = ui->s->round_s;
	if (poll < 0.25)
		poll = 0.25;
	return 3 * poll < 1.0 ? 1.0 : 3 * poll;
}

void mw_ui_age_text(double age, char *buf, size_t sz)
{
	if (age < 0)
		snprintf(buf, sz, "%s", "");
	else if (age < 10)
		snprintf(buf, sz, "%.1fs", age);
	else if (age < 600)
		snprintf(buf, sz, "%.0fs", age);
	else
		snprintf(buf, sz, "%.0fm", age / 60);
}

int mw_ui_view_of(int screen)
{
	switch (screen) {
	case MW_SCR_SCAN:
		return MW_SESSION_VIEW_SCAN;
	case MW_SCR_DASH:
		return MW_SESSION_VIEW_DASH;
	case MW_SCR_PANEL:
		return MW_SESSION_VIEW_PANEL;
	default:
		return MW_SESSION_VIEW_OTHER;
	}
}

void mw_ui_follow_view(struct mw_ui *ui)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_VIEW};

	if (!ui->session)
		return;
	c.count = mw_ui_view_of(ui->screen == MW_SCR_HELP ? ui->prev_screen : ui->screen);
	mw_session_send(ui->session, &c);
}
