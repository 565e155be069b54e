/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_sched.c - the tariff schedule and the meter clock.  A schedule
 * setting is edited as a table of periods (start time, tariff) with the
 * day's coverage drawn as a bar; where the device file marks the schedule
 * as a gap, the gap's text is shown instead.  A clock setting shows the
 * meter's time beside the laptop's and can be set from the laptop.
 * Writes go through the same prepare / confirm / apply path as the form.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "i18n.h"
#include "ui.h"

struct sched {
	int dev;
	unsigned long seq; /* set_seq the periods were loaded from */
	int setting;       /* index of the schedule setting, -1 none */
	struct mw_period p[MW_SESSION_SET_WORDS];
	int n;
	int row;
	bool edited;
	bool reload; /* written: load the meter's periods once they are read back */
	bool unread; /* the meter's schedule could not be read */
};

static struct sched *state(struct mw_ui *ui)
{
	return mw_ui_state(ui, MW_SCR_SCHEDULE, sizeof(struct sched));
}

static int find_setting(const struct mw_model *m, enum mw_type t)
{
	for (size_t i = 0; m && i < m->n_settings; i++)
		if (m->settings[i].type == t)
			return (int)i;
	return -1;
}

static int by_start(const void *a, const void *b)
{
	const struct mw_period *x = a, *y = b;

	return (x->hour * 60 + x->minute) - (y->hour * 60 + y->minute);
}

/* Load the periods the meter holds (used slots only, sorted). */
static void load(struct sched *st, const struct mw_session_dev *d,
                 const struct mw_session_settings *set)
{
	const struct mw_setting *s = &d->model->settings[st->setting];
	struct mw_period all[MW_SESSION_SET_WORDS];
	int n;

	st->n = 0;
	st->seq = set->seq;
	st->edited = false;
	st->reload = false;
	st->unread = st->setting >= MW_SESSION_MAX_SET || !set->ok[st->setting] ||
	             s->schedule.periods > MW_SESSION_SET_WORDS;
	if (st->unread)
		return;
	memset(all, 0, sizeof all);
	n = mw_schedule_decode(s, set->words[st->setting], all);
	for (int i = 0; i < n && i < s->schedule.periods; i++)
		if (all[i].tariff > 0)
			st->p[st->n++] = all[i];
	qsort(st->p, st->n, sizeof st->p[0], by_start);
}

static void sched_enter(struct mw_ui *ui)
{
	struct sched *st = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SETTINGS};

	if (!st)
		return;
	st->dev = -1;
	st->seq = 0;
	if (!d || !d->model)
		return;
	c.dev = mw_ui_dev_index(ui);
	mw_ui_run(ui, &c, _("reading the schedule and clock..."), false);
}

/* Tariff in effect at minute t of the day. */
static int tariff_at(const struct sched *st, int t)
{
	int tar = st->n ? st->p[st->n - 1].tariff : 0; /* from the day before */

	for (int i = 0; i < st->n; i++)
		if (st->p[i].hour * 60 + st->p[i].minute <= t)
			tar = st->p[i].tariff;
	return tar;
}

/* The day as a bar: one cell per slice, the tariff's digit in its colour. */
static void coverage(struct mw_ui *ui, const struct sched *st, int y, int x, int w)
{
	static const enum mw_role role[5] = {MW_R_DIM, MW_R_OK, MW_R_WARN, MW_R_FAULT, MW_R_LABEL};
	char c[2] = "";

	mw_w_text(ui, y, x, w, MW_R_LABEL, "0h");
	mw_w_text(ui, y, x + w / 4, 4, MW_R_LABEL, "6h");
	mw_w_text(ui, y, x + w / 2, 4, MW_R_LABEL, "12h");
	mw_w_text(ui, y, x + 3 * w / 4, 4, MW_R_LABEL, "18h");
	for (int i = 0; i < w; i++) {
		int t = tariff_at(st, i * 1440 / w);

		c[0] = t ? (char)('0' + t) : '-';
		mw_w_text(ui, y + 1, x + i, 1, role[t >= 0 && t <= 4 ? t : 0], c);
	}
}

static void clock_draw(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	const struct mw_session_settings *set = mw_ui_settings(ui);
	int k = find_setting(d->model, MW_T_DATETIME);
	const struct mw_setting *s;
	struct mw_clock ck;
	char buf[300], now[64];
	time_t t = time(NULL);
	struct tm tm;

	if (k < 0)
		return;
	s = &d->model->settings[k];
	localtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%d %H:%M:%S", &tm);
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, s->label);
	if (s->gap) {
		snprintf(buf, sizeof buf, _("not settable: the manual is silent: %s"), s->gap);
		mw_w_wrap(ui, y, 1, COLS - 2, MW_R_WARN, buf, 4);
		return;
	}
	if (set && k < MW_SESSION_MAX_SET && set->ok[k] &&
	    mw_datetime_decode(s, set->words[k], &ck) == 0)
		snprintf(buf, sizeof buf,
		         _("meter %04d-%02d-%02d %02d:%02d:%02d   laptop %s   "
		           "c: set the meter from the laptop"),
		         ck.year, ck.month, ck.day, ck.hour, ck.minute, ck.second, now);
	else
		snprintf(buf, sizeof buf,
		         _("meter ?   laptop %s   c: set the meter from the laptop"), now);
	mw_w_text(ui, y, 1, COLS - 2, MW_R_NORMAL, buf);
}

static void sched_draw(struct mw_ui *ui)
{
	struct sched *st = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_setting *s;
	char buf[300];
	int y = 2;

	if (!st || !d || !d->model) {
		mw_w_text(
		    ui, y, 1, COLS - 2, MW_R_DIM,
		    _("No device with a device file selected: choose one on the scan screen"));
		return;
	}
	if (st->dev != mw_ui_dev_index(ui)) {
		st->dev = mw_ui_dev_index(ui);
		st->setting = find_setting(d->model, MW_T_SCHEDULE);
		st->seq = 0;
		st->n = 0;
		st->row = 0;
	}
	if (st->setting < 0) {
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM,
		          _("This device file has no tariff schedule."));
	} else {
		s = &d->model->settings[st->setting];
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, s->label);
		if (s->gap) {
			snprintf(buf, sizeof buf, _("not editable: the manual is silent: %s"),
			         s->gap);
			y += mw_w_wrap(ui, y, 1, COLS - 2, MW_R_WARN, buf, 4) + 1;
		} else {
			const struct mw_session_settings *set = mw_ui_settings(ui);

			if (set && set->seq != st->seq && (!st->edited || st->reload))
				load(st, d, set);
			snprintf(buf, sizeof buf, "%-3s ", "#");
			mw_w_cell(buf, sizeof buf, _("Start"), 7);
			mw_w_cell(buf, sizeof buf, _("Tariff"), 0);
			mw_w_text(ui, y++, 1, 30, MW_R_LABEL, buf);
			for (int i = 0; i < st->n && y < LINES - 9; i++) {
				snprintf(buf, sizeof buf, "%-3d %02d:%02d   T%d", i + 1,
				         st->p[i].hour, st->p[i].minute, st->p[i].tariff);
				mw_w_text(ui, y++, 1, 30, i == st->row ? MW_R_SELECT : MW_R_NORMAL,
				          buf);
			}
			if (!set || st->seq == 0)
				mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM,
				          _("(reading the meter...)"));
			else if (st->unread && !st->edited)
				mw_w_text(
				    ui, y++, 1, COLS - 2, MW_R_FAULT,
				    _("the meter's schedule could not be read (Esc tries again)"));
			else if (st->n == 0)
				mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM,
				          _("(no period: a to add one)"));
			if (st->edited)
				mw_w_text(ui, y++, 1, COLS - 2, MW_R_WARN,
				          _("edited: w writes the schedule, Esc reloads it"));
			y++;
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, _("The day's tariffs"));
			coverage(ui, st, y, 1, COLS - 2 > 96 ? 96 : COLS - 2);
			y += 3;
		}
	}
	clock_draw(ui, d, y);
}

/* Send the edited periods as "HH:MM=T,...". */
static void write_schedule(struct mw_ui *ui, struct sched *st)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE, .dev = st->dev};
	size_t len = 0;

	mw_text_copy(c.name, sizeof c.name, mw_ui_dev(ui)->model->settings[st->setting].name);
	for (int i = 0; i < st->n && len + 12 < sizeof c.text; i++)
		len += snprintf(c.text + len, sizeof c.text - len, "%s%02d:%02d=%d", i ? "," : "",
		                st->p[i].hour, st->p[i].minute, st->p[i].tariff);
	st->reload = true;
	mw_ui_run(ui, &c, _("reading what the write changes..."), true);
}

static enum mw_key_result sched_key(struct mw_ui *ui, int ch)
{
	struct sched *st = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_setting *s;
	struct mw_period *p;
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE};
	int k;

	if (!st || !d || !d->model)
		return MW_KEY_IGNORED;
	if (ch == 'c' && (k = find_setting(d->model, MW_T_DATETIME)) >= 0 &&
	    !d->model->settings[k].gap) {
		c.dev = mw_ui_dev_index(ui);
		mw_text_copy(c.name, sizeof c.name, d->model->settings[k].name);
		snprintf(c.text, sizeof c.text, "now");
		mw_ui_run(ui, &c, _("reading the meter's clock..."), true);
		return MW_KEY_HANDLED;
	}
	if (st->setting < 0 || d->model->settings[st->setting].gap)
		return MW_KEY_IGNORED;
	s = &d->model->settings[st->setting];
	p = st->n ? &st->p[st->row] : NULL;
	switch (ch) {
	case KEY_UP:
		st->row = st->row > 0 ? st->row - 1 : 0;
		break;
	case KEY_DOWN:
		st->row = st->row + 1 < st->n ? st->row + 1 : st->row;
		break;
	case KEY_LEFT:
	case KEY_RIGHT:
		if (!p)
			break;
		p->tariff = (p->tariff - 1 + (ch == KEY_RIGHT ? 1 : s->schedule.tariffs - 1)) %
		                s->schedule.tariffs +
		            1;
		st->edited = true;
		break;
	case '+':
	case '-':
		if (!p)
			break;
		k = (p->hour * 60 + p->minute + (ch == '+' ? 30 : 1410)) % 1440;
		p->hour = k / 60;
		p->minute = k % 60;
		st->edited = true;
		qsort(st->p, st->n, sizeof st->p[0], by_start);
		break;
	case 'a':
		if (st->n >= s->schedule.periods || st->n >= MW_SESSION_SET_WORDS)
			break;
		st->p[st->n] = st->n ? st->p[st->n - 1] : (struct mw_period){0, 0, 1};
		k = (st->p[st->n].hour * 60 + st->p[st->n].minute + (st->n ? 60 : 0)) % 1440;
		st->p[st->n].hour = k / 60;
		st->p[st->n].minute = k % 60;
		st->row = st->n++;
		st->edited = true;
		qsort(st->p, st->n, sizeof st->p[0], by_start);
		break;
	case 'd':
		if (!p)
			break;
		memmove(p, p + 1, (size_t)(st->n - st->row - 1) * sizeof *p);
		st->n--;
		st->row = st->row >= st->n && st->row ? st->n - 1 : st->row;
		st->edited = true;
		break;
	case 27:
		st->seq = 0;
		st->edited = false;
		c.kind = MW_SESSION_CMD_SETTINGS;
		c.dev = mw_ui_dev_index(ui);
		mw_ui_run(ui, &c, _("reading the schedule and clock..."), false);
		break;
	case 'w':
	case '\n':
	case '\r':
	case KEY_ENTER:
		write_schedule(ui, st);
		break;
	default:
		return MW_KEY_IGNORED;
	}
	return MW_KEY_HANDLED;
}

/* The keys there are: none of the editor's where the schedule is a gap
 * (or missing), the clock's only where it can be set. */
static const char *sched_keys(struct mw_ui *ui)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	int s = d ? find_setting(d->model, MW_T_SCHEDULE) : -1;
	int c = d ? find_setting(d->model, MW_T_DATETIME) : -1;
	bool sched_ok = s >= 0 && !d->model->settings[s].gap;
	bool clock_ok = c >= 0 && !d->model->settings[c].gap;

	if (!d || !d->model || (sched_ok && clock_ok))
		return NULL;
	if (sched_ok)
		return _("Up/Down period  Left/Right tariff  +/- start  a add  d delete  w write");
	if (clock_ok)
		return _("c set the clock (the schedule cannot be edited: see why above)");
	return _("nothing to edit here: the manual gives no registers (see why above)");
}

const struct mw_screen mw_scr_schedule = {
    .name = N_("Tariff and clock"),
    .keys = N_("Up/Down period  Left/Right tariff  +/- start  a add  d delete  w write  c clock"),
    .help = N_("The meter's daily tariff periods: each starts at a time and runs until the\n"
               "next; the bar shows which tariff covers each part of the day.  A device file\n"
               "that marks the schedule as a gap (its manual gives no registers) shows why.\n\n"
               "Up/Down  choose a period      Left/Right  change its tariff\n"
               "+/-      move its start 30 min  a  add a period   d  delete it\n"
               "w/Enter  review and write     Esc  reload from the meter\n"
               "c        set the meter's clock from this computer's time"),
    .enter = sched_enter,
    .draw = sched_draw,
    .key = sched_key,
    .keys_now = sched_keys,
};
