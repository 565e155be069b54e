/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_sched.c - the tariff schedule and the meter clock.  A schedule
 * setting is edited as a table of periods (start time, tariff) with the
 * day's coverage drawn as a bar; where the device file marks the schedule
 * as a gap, the gap's text is shown instead.  A clock setting shows the
 * meter's time beside the laptop's and can be set from the laptop.
 * Writes go through the same prepare / confirm / apply path as the form.
 *
 * A DL/T645 meter's daily tables (type table, format hhmmNN) come as text
 * read by DI: Tab chooses the table, the same keys edit it, and the engine
 * validates, writes, reads back and journals it as `meterwise set` does.
 * Its time zones (MMDDNN) are shown beside, read only; its clock is shown
 * with how far off it is, and c writes date and time with the password
 * level of the file (or broadcasts the time where the file has no DIs).
 */
#include "config.h"

#include <math.h>
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
	int tab;           /* which schedule of the file is shown (Tab), 0-based */
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

/* Index of the n-th schedule setting of m (0-based), -1 none; *count: how many. */
static int schedule_at(const struct mw_model *m, int n, int *count)
{
	int k = -1, c = 0;

	for (size_t i = 0; m && i < m->n_settings; i++)
		if (m->settings[i].type == MW_T_SCHEDULE && c++ == n)
			k = (int)i;
	if (count)
		*count = c;
	return k;
}

static bool is_dlt(const struct mw_session_dev *d)
{
	return d && d->protocol == MW_PROTO_DLT645;
}

/* Tariffs a period may take: the file's, else 8. */
static int tariffs_of(const struct mw_setting *s)
{
	return s->schedule.tariffs > 0 ? s->schedule.tariffs : 8;
}

/* The clock settings of a DL/T645 file: written by DI (date and time, or
 * one date-and-time item), else the broadcast time; -1 each when absent. */
struct dlt_clock {
	int date, time, both, sync;
};

static struct dlt_clock dlt_clock_of(const struct mw_model *m)
{
	struct dlt_clock c = {-1, -1, -1, -1};

	for (size_t i = 0; m && i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		bool y = strstr(s->dlt.format, "YY") != NULL,
		     h = strstr(s->dlt.format, "hh") != NULL;

		if (s->gap || s->type != MW_T_DATETIME || s->dlt.type != MW_DLT_TIME)
			continue;
		if (s->dlt.command == MW_DLT_CMD_TIME && c.sync < 0)
			c.sync = (int)i;
		else if (s->dlt.command != MW_DLT_CMD_WRITE || s->write_only)
			continue;
		else if (y && h && c.both < 0)
			c.both = (int)i;
		else if (y && !h && c.date < 0)
			c.date = (int)i;
		else if (h && !y && c.time < 0)
			c.time = (int)i;
	}
	return c;
}

/* Does c set the clock by DI (a password write) rather than by broadcast? */
static bool clock_by_di(const struct dlt_clock *c)
{
	return c->both >= 0 || (c->date >= 0 && c->time >= 0);
}

static int by_start(const void *a, const void *b)
{
	const struct mw_period *x = a, *y = b;

	return (x->hour * 60 + x->minute) - (y->hour * 60 + y->minute);
}

/* A DL/T645 table as the engine reads it ("00:00=3,08:00=2") into st,
 * sorted; -1 when empty or unreadable. */
static int parse_periods(struct sched *st, const char *text)
{
	const char *t = text;

	st->n = 0;
	while (*t && st->n < MW_SESSION_SET_WORDS) {
		struct mw_period *p = &st->p[st->n];
		int len = 0;

		if (sscanf(t, "%2d:%2d=%d%n", &p->hour, &p->minute, &p->tariff, &len) != 3 ||
		    p->hour < 0 || p->hour > 23 || p->minute < 0 || p->minute > 59)
			return -1;
		st->n++;
		t += len;
		if (*t == ',')
			t++;
		else if (*t)
			return -1;
	}
	qsort(st->p, st->n, sizeof st->p[0], by_start);
	return st->n > 0 ? 0 : -1;
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
	if (is_dlt(d)) {
		st->unread = st->setting >= MW_SESSION_MAX_SET ||
		             parse_periods(st, set->text[st->setting]) < 0;
		return;
	}
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

/* How far the meter's clock is off: "+35 s", "-1 h 02 min". */
static void off_text(double off, char *buf, size_t sz)
{
	long a = labs(lround(off));
	char sign = off < 0 ? '-' : '+';

	if (a == 0)
		mw_text_copy(buf, sz, _("0 s"));
	else if (a < 60)
		snprintf(buf, sz, _("%c%ld s"), sign, a);
	else if (a < 3600)
		snprintf(buf, sz, _("%c%ld min %02ld s"), sign, a / 60, a % 60);
	else if (a < 86400)
		snprintf(buf, sz, _("%c%ld h %02ld min"), sign, a / 3600, a % 3600 / 60);
	else
		snprintf(buf, sz, _("%c%ld d %ld h"), sign, a / 86400, a % 86400 / 3600);
}

/* A DL/T645 meter's clock: its date and time as read (kept running), the
 * laptop's, how far off, and what c does. */
static void dlt_clock_draw(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	const struct mw_session_settings *set = mw_ui_settings(ui);
	struct dlt_clock c = dlt_clock_of(d->model);
	const struct mw_setting *s;
	enum mw_role role = MW_R_NORMAL;
	char buf[300], now[32], met[32], off[48];
	time_t t = time(NULL), mt;
	struct tm tm;

	if (c.both < 0 && c.date < 0 && c.time < 0 && c.sync < 0)
		return;
	if (c.both >= 0) {
		s = &d->model->settings[c.both];
		snprintf(buf, sizeof buf, _("Clock (DI %08X): c writes it with password level %d"),
		         (unsigned)s->dlt.di, s->dlt.password);
	} else if (clock_by_di(&c)) {
		s = &d->model->settings[c.date];
		snprintf(buf, sizeof buf,
		         _("Clock (date %08X, time %08X): c writes both with password level %d"),
		         (unsigned)s->dlt.di, (unsigned)d->model->settings[c.time].dlt.di,
		         s->dlt.password);
	} else {
		mw_text_copy(buf, sizeof buf,
		             _("Clock: c broadcasts this computer's time (0x08, no password)"));
	}
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, buf);
	localtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%d %H:%M:%S", &tm);
	if (set && set->clock_ok) {
		mt = t + (time_t)lround(set->clock_off_s);
		localtime_r(&mt, &tm);
		strftime(met, sizeof met, "%Y-%m-%d %H:%M:%S", &tm);
		off_text(set->clock_off_s, off, sizeof off);
		snprintf(buf, sizeof buf, _("meter %s   laptop %s   off by %s"), met, now, off);
		/* the standard lets a meter refuse a broadcast time 5 minutes off */
		role = fabs(set->clock_off_s) > 300 ? MW_R_FAULT
		       : fabs(set->clock_off_s) > 5 ? MW_R_WARN
		                                    : MW_R_NORMAL;
	} else {
		snprintf(buf, sizeof buf,
		         _("meter ?   laptop %s   (the meter's clock was not read)"), now);
	}
	mw_w_text(ui, y, 1, COLS - 2, role, buf);
}

/* A DL/T645 meter's time zone tables (format MMDDNN: from which day each
 * daily table applies), read only, at column x from row y; the row after. */
static int zones_draw(struct mw_ui *ui, const struct mw_session_dev *d, int y, int x)
{
	const struct mw_session_settings *set = mw_ui_settings(ui);
	int w = COLS - 1 - x;

	for (size_t k = 0; k < d->model->n_settings && k < MW_SESSION_MAX_SET; k++) {
		const struct mw_setting *s = &d->model->settings[k];
		const char *t = set ? set->text[k] : "";
		char buf[200];

		if (s->gap || s->dlt.type != MW_DLT_TABLE || s->type == MW_T_SCHEDULE ||
		    !strstr(s->dlt.format, "MM"))
			continue;
		snprintf(buf, sizeof buf, "%s  %08X", s->label, (unsigned)s->dlt.di);
		mw_w_text(ui, y++, x, w, MW_R_LABEL, buf);
		if (!*t) {
			mw_w_text(ui, y++, x, w, MW_R_DIM,
			          set ? _("(could not be read)") : _("(reading the meter...)"));
			continue;
		}
		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, _("From"), 7);
		mw_w_cell(buf, sizeof buf, _("Daily table"), 0);
		mw_w_text(ui, y++, x, w, MW_R_LABEL, buf);
		while (*t && y < LINES - 9) {
			int mo, da, n, len = 0;

			if (sscanf(t, "%2d-%2d=%d%n", &mo, &da, &n, &len) != 3)
				break;
			snprintf(buf, sizeof buf, _("%02d-%02d   table %d"), mo, da, n);
			mw_w_text(ui, y++, x, w, MW_R_NORMAL, buf);
			t += len;
			if (*t == ',')
				t++;
		}
		mw_w_text(ui, y++, x, w, MW_R_DIM, _("(read only here: F5 edits it)"));
	}
	return y;
}

/* The schedule's title: its label, and for DL/T645 its DI, size and which
 * table of how many. */
static void title_draw(struct mw_ui *ui, const struct mw_session_dev *d, const struct sched *st,
                       const struct mw_setting *s, int y)
{
	char buf[300];
	int n_tab;

	schedule_at(d->model, 0, &n_tab);
	if (!is_dlt(d) || s->gap) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_LABEL, s->label);
		return;
	}
	snprintf(buf, sizeof buf, _("%s  %08X: up to %d periods, tariffs 1-%d"), s->label,
	         (unsigned)s->dlt.di, s->schedule.periods, tariffs_of(s));
	if (n_tab > 1)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		         _("   table %d of %d (Tab: the next)"), st->tab + 1, n_tab);
	mw_w_text(ui, y, 1, COLS - 2, MW_R_LABEL, buf);
}

/* The first start time two periods share (minutes of the day), -1 none. */
static int same_start(const struct sched *st)
{
	for (int i = 1; i < st->n; i++)
		if (by_start(&st->p[i - 1], &st->p[i]) == 0)
			return st->p[i].hour * 60 + st->p[i].minute;
	return -1;
}

static void sched_draw(struct mw_ui *ui)
{
	struct sched *st = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_setting *s;
	char buf[300];
	int y = 2, zones_end = 0;

	if (!st || !d || !d->model) {
		mw_w_text(
		    ui, y, 1, COLS - 2, MW_R_DIM,
		    _("No device with a device file selected: choose one on the scan screen"));
		return;
	}
	if (st->dev != mw_ui_dev_index(ui)) {
		st->dev = mw_ui_dev_index(ui);
		st->tab = 0;
		st->setting = schedule_at(d->model, 0, NULL);
		st->seq = 0;
		st->n = 0;
		st->row = 0;
	}
	if (st->setting < 0) {
		mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM,
		          _("This device file has no tariff schedule."));
	} else {
		s = &d->model->settings[st->setting];
		title_draw(ui, d, st, s, y++);
		if (s->gap) {
			snprintf(buf, sizeof buf, _("not editable: the manual is silent: %s"),
			         s->gap);
			y += mw_w_wrap(ui, y, 1, COLS - 2, MW_R_WARN, buf, 4) + 1;
		} else {
			const struct mw_session_settings *set = mw_ui_settings(ui);
			int dup;

			/* an edit is kept until it is written: the settings read back
			 * after the write (the plan used up), not the next read after a
			 * cancelled confirmation (the plan still there) */
			if (set && set->seq != st->seq &&
			    (!st->edited || (st->reload && !ui->s->have_plan)))
				load(st, d, set);
			if (is_dlt(d) && COLS >= 72)
				zones_end = zones_draw(ui, d, y, 40);
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
				mw_w_text(ui, y++, 1, 38, MW_R_DIM, _("(reading the meter...)"));
			else if (st->unread && !st->edited)
				mw_w_wrap(
				    ui, y++, 1, is_dlt(d) ? 38 : COLS - 2, MW_R_FAULT,
				    _("the meter's schedule could not be read (Esc tries again)"),
				    1);
			else if (st->n == 0)
				mw_w_text(ui, y++, 1, 38, MW_R_DIM, _("(no period: a to add one)"));
			if (st->edited && is_dlt(d) && (dup = same_start(st)) >= 0) {
				snprintf(buf, sizeof buf,
				         _("two periods start at %02d:%02d: the meter refuses that "
				           "(+/- moves one)"),
				         dup / 60, dup % 60);
				mw_w_text(ui, y++, 1, COLS - 2, MW_R_FAULT, buf);
			}
			if (st->edited)
				mw_w_text(ui, y++, 1, COLS - 2, MW_R_WARN,
				          _("edited: w writes the schedule, Esc reloads it"));
			y = y > zones_end ? y : zones_end;
			y++;
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, _("The day's tariffs"));
			coverage(ui, st, y, 1, COLS - 2 > 96 ? 96 : COLS - 2);
			y += 3;
		}
	}
	if (is_dlt(d))
		dlt_clock_draw(ui, d, y);
	else
		clock_draw(ui, d, y);
}

/* Send the edited periods as "HH:MM=T,...". */
static void write_schedule(struct mw_ui *ui, struct sched *st)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE, .dev = st->dev};
	size_t len = 0;

	mw_text_copy(c.name, sizeof c.name, mw_ui_dev(ui)->model->settings[st->setting].name);
	for (int i = 0; i < st->n; i++) {
		if (len + 12 >= sizeof c.text) {
			mw_ui_info(ui, _("Not written"),
			           _("the periods do not fit one command: delete some"));
			return;
		}
		len += snprintf(c.text + len, sizeof c.text - len, "%s%02d:%02d=%d", i ? "," : "",
		                st->p[i].hour, st->p[i].minute, st->p[i].tariff);
	}
	/* the meter's periods are loaded again from the settings read back
	 * after the write, not from a read that came in while editing */
	if (mw_ui_settings(ui))
		st->seq = mw_ui_settings(ui)->seq;
	st->reload = true;
	mw_ui_run(ui, &c, _("reading what the write changes..."), true);
}

/* c: set the clock from this computer.  A DL/T645 meter's date and time are
 * written by DI with the file's password level (time first, so that a write
 * across midnight still leaves the right date); the broadcast time only
 * where the file has no such DIs.  false when there is nothing to set. */
static bool clock_cmd(const struct mw_session_dev *d, struct mw_session_cmd *c)
{
	struct dlt_clock ck = dlt_clock_of(d->model);
	int k;

	if (!is_dlt(d)) {
		if ((k = find_setting(d->model, MW_T_DATETIME)) < 0 || d->model->settings[k].gap)
			return false;
		mw_text_copy(c->name, sizeof c->name, d->model->settings[k].name);
		snprintf(c->text, sizeof c->text, "now");
		return true;
	}
	if (ck.both >= 0 || (!clock_by_di(&ck) && ck.sync >= 0)) {
		k = ck.both >= 0 ? ck.both : ck.sync;
		mw_text_copy(c->name, sizeof c->name, d->model->settings[k].name);
		snprintf(c->text, sizeof c->text, "now");
		return true;
	}
	if (!clock_by_di(&ck))
		return false;
	snprintf(c->assign[0], sizeof c->assign[0], "%s=now", d->model->settings[ck.time].name);
	snprintf(c->assign[1], sizeof c->assign[1], "%s=now", d->model->settings[ck.date].name);
	c->n_assign = 2;
	return true;
}

static enum mw_key_result sched_key(struct mw_ui *ui, int ch)
{
	struct sched *st = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_setting *s;
	struct mw_period *p;
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE};
	int k, n_tab;

	if (!st || !d || !d->model)
		return MW_KEY_IGNORED;
	if (ch == 'c') {
		if (!clock_cmd(d, &c))
			return MW_KEY_IGNORED;
		c.dev = mw_ui_dev_index(ui);
		mw_ui_run(ui, &c, _("reading the meter's clock..."), true);
		return MW_KEY_HANDLED;
	}
	schedule_at(d->model, 0, &n_tab);
	if ((ch == '\t' || ch == KEY_BTAB) && n_tab > 1) {
		if (st->edited) {
			mw_text_copy(ui->status, sizeof ui->status,
			             _("this table is edited: w writes it, Esc drops the edits"));
			return MW_KEY_HANDLED;
		}
		st->tab = (st->tab + (ch == '\t' ? 1 : n_tab - 1)) % n_tab;
		st->setting = schedule_at(d->model, st->tab, NULL);
		st->seq = 0; /* load it from the settings as last read */
		st->n = 0;
		st->row = 0;
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
		k = tariffs_of(s);
		p->tariff = (p->tariff - 1 + (ch == KEY_RIGHT ? 1 : k - 1)) % k + 1;
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
 * (or missing), the clock's only where it can be set, Tab where a DL/T645
 * file has several daily tables. */
static const char *sched_keys(struct mw_ui *ui)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	struct mw_session_cmd c = {0};
	int s = d ? schedule_at(d->model, 0, NULL) : -1, n_tab = 0;
	bool sched_ok = s >= 0 && !d->model->settings[s].gap;
	bool clock_ok = d && d->model && clock_cmd(d, &c);

	if (!d || !d->model)
		return NULL;
	schedule_at(d->model, 0, &n_tab);
	if (sched_ok && n_tab > 1)
		return clock_ok
		           ? _("Up/Down  Left/Right tariff  +/- start  a/d add/del  w write  Tab "
		               "table  c clock")
		           : _("Up/Down  Left/Right tariff  +/- start  a/d add/del  w write  Tab "
		               "table");
	if (sched_ok && clock_ok)
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
    .help = N_("The meter's daily tariff periods, each from its start to the next; the bar\n"
               "shows the tariff of each part of the day (a gap in the device file: why).\n"
               "A DL/T645 meter has several daily tables (Tab: the next one) and time zones\n"
               "saying from which day each table applies (shown here, edited on F5).\n"
               "Up/Down  choose a period      Left/Right  change its tariff\n"
               "+/-      move its start 30 min  a  add a period   d  delete it\n"
               "w/Enter  review and write     Esc  reload from the meter\n"
               "Tab      the next daily table (DL/T645 meters with several)\n"
               "c        set the meter's clock from this computer's time; a DL/T645 meter's\n"
               "         date and time are written with its file's password level and read\n"
               "         back (the broadcast time only where the file has no date and time)\n"
               "A DL/T645 write refused for the meter's password offers a field for it\n"
               "(LEVEL:PPPPPP, shown as *): Enter sends it again, once; Esc sends nothing."),
    .enter = sched_enter,
    .draw = sched_draw,
    .key = sched_key,
    .keys_now = sched_keys,
};
