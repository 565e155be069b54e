/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wcmd.c - the worker's commands: select a device, read its settings,
 * prepare a write (validate, read what it changes: the words the
 * confirmation shows), apply it through the engine (write, verify, follow
 * the device to new line settings, journal), run an action, read raw
 * registers.  Every result is told in st->cmd_msg in the user's words.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "journal.h"
#include "wpriv.h"

__attribute__((format(printf, 3, 4))) static void say(struct mw_worker *w, int rc, const char *fmt,
                                                      ...)
{
	va_list ap;

	w->st->cmd_rc = rc;
	va_start(ap, fmt);
	vsnprintf(w->st->cmd_msg, sizeof w->st->cmd_msg, fmt, ap);
	va_end(ap);
}

static struct mw_ui_dev *cmd_dev(struct mw_worker *w, const struct mw_ui_cmd *c)
{
	if (c->dev < 0 || c->dev >= w->st->n_dev) {
		say(w, -1, "%s", _("no such device"));
		return NULL;
	}
	if (!w->bus || mw_wline_use(w, &w->st->dev[c->dev].lc) < 0) {
		say(w, -1, "%s", _("the port is not connected"));
		return NULL;
	}
	mw_bus_set_timeouts(w->bus, 500, 50);
	return &w->st->dev[c->dev];
}

/* Read the words of every readable setting of device i. */
static void read_settings(struct mw_worker *w, int i)
{
	const struct mw_ui_dev *d = &w->st->dev[i];
	struct mw_ui_settings *set = &w->st->set;
	const struct mw_model *m = d->model;
	char err[256];

	set->dev = i;
	set->seq++;
	for (size_t k = 0; k < MW_UI_MAX_SET; k++)
		set->ok[k] = false;
	for (size_t k = 0; k < m->n_settings && k < MW_UI_MAX_SET; k++) {
		const struct mw_setting *s = &m->settings[k];
		int n = mw_setting_words(s);

		if (s->gap || s->write_only || s->secret || n <= 0 || n > MW_UI_SET_WORDS)
			continue;
		set->ok[k] = mw_bus_read(w->bus, d->addr, s->table, s->reg, n, set->words[k], err,
		                         sizeof err) == 0;
		if (!set->ok[k] && mw_worker_io_failed(w, err))
			return;
	}
}

/* The last line of the journal, to show what was recorded. */
static void journal_tail(struct mw_worker *w)
{
	FILE *f = fopen(mw_journal_path(), "r");
	char line[1024];

	w->st->journal[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		mw_ui_strcpy(w->st->journal, sizeof w->st->journal, line);
	fclose(f);
	w->st->journal[strcspn(w->st->journal, "\n")] = 0;
}

static void cmd_prepare(struct mw_worker *w, struct mw_ui_dev *d, const struct mw_ui_cmd *c)
{
	struct mw_set_plan *p = &w->st->plan;
	char err[512];

	w->st->have_plan = false;
	mw_set_init(p, d->model);
	if (mw_set_add(p, c->name, c->text, err, sizeof err) < 0 ||
	    mw_set_prepare(w->bus, d->addr, p, err, sizeof err) < 0) {
		say(w, -1, "%s", err);
		return;
	}
	w->st->have_plan = true;
	w->st->plan_id = c->id;
	w->st->plan_dev = c->dev;
	say(w, 0, "%s", "");
}

static void cmd_apply(struct mw_worker *w, struct mw_ui_dev *d, const struct mw_ui_cmd *c)
{
	struct mw_set_result res;
	struct mw_set_opts o = {0};

	if (!w->st->have_plan || w->st->plan_dev != c->dev) {
		say(w, -1, "%s", _("nothing prepared to write"));
		return;
	}
	w->st->have_plan = false;
	mw_set_apply(w->bus, &w->st->plan, &o, &res);
	say(w, res.outcome == MW_OUT_VERIFIED || res.outcome == MW_OUT_WRITTEN ? 0 : -1, "%s",
	    res.message);
	if (res.found && (res.addr != d->addr || res.line.baud != d->lc.baud ||
	                  res.line.format != d->lc.format)) {
		d->addr = res.addr;
		d->lc = res.line;
		d->bound_s = 0;
		mw_wpoll_forget(w, c->dev);
	}
	journal_tail(w);
	if (w->bus && mw_wline_use(w, &d->lc) == 0)
		read_settings(w, c->dev);
}

static void cmd_act(struct mw_worker *w, struct mw_ui_dev *d, const struct mw_ui_cmd *c)
{
	struct mw_act_plan p;
	struct mw_set_result res;
	struct mw_set_opts o = {0};
	char err[512];

	if (mw_act_prepare(d->model, c->name, c->text[0] ? c->text : NULL, &p, err, sizeof err) <
	    0) {
		say(w, -1, "%s", err);
		return;
	}
	mw_act_run(w->bus, d->addr, &p, &o, &res);
	say(w, res.outcome == MW_OUT_WRITTEN || res.outcome == MW_OUT_VERIFIED ? 0 : -1, "%s",
	    res.message);
	journal_tail(w);
}

/* Read a range; where the meter refuses it (an exception: some register
 * in it does not exist), read the registers one by one. */
static void cmd_raw(struct mw_worker *w, struct mw_ui_dev *d, const struct mw_ui_cmd *c)
{
	struct mw_ui_raw *r = &w->st->raw;
	int n = c->count > MW_UI_RAW_WORDS ? MW_UI_RAW_WORDS : c->count;
	bool all;

	r->table = c->table;
	r->start = c->reg;
	r->n = n;
	r->error[0] = 0;
	all =
	    mw_bus_read(w->bus, d->addr, c->table, c->reg, n, r->w, r->error, sizeof r->error) == 0;
	for (int i = 0; i < n; i++)
		r->have[i] = all;
	r->valid = all;
	if (all || mw_bus_last_error(w->bus) != MW_BUS_EXCEPTION) {
		if (!all)
			mw_worker_io_failed(w, r->error);
		return;
	}
	for (int i = 0; i < n && w->bus; i++) {
		char err[200];

		r->have[i] = mw_bus_read(w->bus, d->addr, c->table, (uint16_t)(c->reg + i), 1,
		                         &r->w[i], err, sizeof err) == 0;
		r->valid |= r->have[i];
		if (!r->have[i] && mw_bus_last_error(w->bus) != MW_BUS_EXCEPTION &&
		    mw_worker_io_failed(w, err))
			return;
	}
}

void mw_wcmd_run(struct mw_worker *w, const struct mw_ui_cmd *c)
{
	struct mw_ui_dev *d;

	if (c->kind == MW_CMD_CM_LOAD || c->kind == MW_CMD_CM_START || c->kind == MW_CMD_CM_STOP) {
		mw_wcomm_cmd(w, c);
		goto done;
	}
	/* the bus and its line are the commissioning's while it runs */
	if (w->cm &&
	    (c->kind == MW_CMD_SCAN || c->kind == MW_CMD_SETTINGS || c->kind == MW_CMD_PREPARE ||
	     c->kind == MW_CMD_APPLY || c->kind == MW_CMD_ACT || c->kind == MW_CMD_RAW)) {
		say(w, -1, "%s",
		    _("commissioning is running: stop it first (x on the Commission screen)"));
		goto done;
	}
	if (c->kind == MW_CMD_SCAN && !w->bus) {
		say(w, -1, "%s",
		    _("the port is not connected: the scan starts again when it returns"));
		w->rescan = true;
		goto done;
	}
	if (c->kind == MW_CMD_SCAN) {
		for (int i = 0; i < MW_UI_MAX_DEV; i++)
			mw_wpoll_forget(w, i);
		w->st->n_dev = 0;
		w->st->sel = -1;
		w->st->set.dev = -1;
		w->st->have_plan = false;
		mw_wscan_begin(w);
		return;
	}
	if (c->kind == MW_CMD_SELECT) {
		if (c->dev >= 0 && c->dev < w->st->n_dev)
			w->st->sel = c->dev;
		w->next_poll_s = 0;
		return;
	}
	if (!(d = cmd_dev(w, c)))
		goto done;
	if (c->kind == MW_CMD_RAW) {
		cmd_raw(w, d, c);
		goto done;
	}
	if (!d->model) {
		say(w, -1, "%s",
		    _("no device file describes this device: only the raw view works"));
		goto done;
	}
	switch (c->kind) {
	case MW_CMD_SETTINGS:
		read_settings(w, c->dev);
		say(w, 0, "%s", "");
		break;
	case MW_CMD_PREPARE:
		cmd_prepare(w, d, c);
		break;
	case MW_CMD_APPLY:
		cmd_apply(w, d, c);
		break;
	case MW_CMD_ACT:
		cmd_act(w, d, c);
		break;
	default:
		break;
	}
done:
	w->st->cmd_done = c->id;
}
