/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uistate.c - what screens and widgets ask about the TUI's state: the
 * selected device, its settings, and whether a signal asked to quit.
 * Apart from tui.c so that widgets.c and scr_ports.c need not call back
 * into the file that calls them (tests/layers.sh checks).
 */
#include "config.h"

#include <signal.h>

#include "ui.h"

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

const struct mw_session_settings *mw_ui_settings(const struct mw_ui *ui)
{
	return mw_ui_dev(ui) && ui->s->set.dev == ui->s->sel ? &ui->s->set : NULL;
}

int mw_ui_dev_index(const struct mw_ui *ui)
{
	return mw_ui_dev(ui) ? ui->s->sel : -1;
}
