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
