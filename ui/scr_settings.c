/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_settings.c - the settings form, built from the device file with the
 * ncurses form library: one field per writable scalar setting (a packed
 * field of a shared register is a field of its own), enumerations as pick
 * lists (Left/Right step through the choices, Space opens the list, a
 * menu: picklist.c), numbers checked against the range as they are typed,
 * the password masked.  Fields edit as a line editor does (no blanking on
 * the first key, Backspace stops at the start of the field).  Every field
 * whose text differs from the meter's value is an edit; the edits are kept
 * (by setting, across redraws and visits) until written or dropped, and
 * Enter asks the engine what writing all of them would change and shows
 * exactly that in one confirmation (the engine writes a line change last
 * and follows it).  The result, verification and journal entry come back
 * in a dialog.  Settings the form cannot write (gaps, schedules, clocks)
 * are listed with the reason.
 */
#include "config.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "ui.h"

#define FIELD_X  30
#define FIELD_W  14
#define EDIT_MAX 48 /* bytes of an edit's text */

struct sform {
	int dev; /* snapshot device index the form is for */
	const struct mw_model *model;
	unsigned long seq; /* set_seq the fields were filled from */
	WINDOW *win;
	FORM *form;
	FIELD **fields; /* n + 1, NULL-terminated */
	int *setting;   /* setting index of each field */
	int n;
	int per_page;
	int lines, cols; /* screen size it was built for */
	char check[240]; /* live check of the current field */
	bool check_bad;
	struct mw_picklist *pick; /* open pick list of the current enumeration */
	bool ready;               /* the fields below are set up */
	int cur_setting;          /* setting of the current field, kept across rebuilds */
	/* The technician's edits, by setting index: kept while the form is
	 * rebuilt (resize, another screen and back) for the same device. */
	int edit_dev; /* device they belong to, -1 none */
	const struct mw_model *edit_model;
	bool edited[MW_SESSION_MAX_SET];         /* text differs from the meter's value */
	char edit[MW_SESSION_MAX_SET][EDIT_MAX]; /* the text typed */
};

static struct sform *state(struct mw_ui *ui)
{
	return mw_ui_state(ui, MW_SCR_SETTINGS, sizeof(struct sform));
}

/* A setting the form edits: a scalar the manual documents (the password
 * too, masked). */
static bool in_form(const struct mw_setting *s, size_t k)
{
	return !s->gap && s->type != MW_T_SCHEDULE && s->type != MW_T_DATETIME &&
	       k < MW_SESSION_MAX_SET;
}

static void form_free(struct sform *f)
{
	mw_picklist_close(f->pick);
	if (f->form) {
		unpost_form(f->form);
		free_form(f->form);
	}
	for (int i = 0; f->fields && i < f->n; i++)
		free_field(f->fields[i]);
	if (f->win)
		delwin(f->win);
	free(f->fields);
	free(f->setting);
	f->form = NULL;
	f->fields = NULL;
	f->setting = NULL;
	f->win = NULL;
	f->pick = NULL;
	f->n = 0;
	f->per_page = 0;
	f->model = NULL;
	f->dev = -1;
}

/* Trimmed text of a field. */
static void field_text(FIELD *fl, char *buf, size_t sz)
{
	const char *b = field_buffer(fl, 0);
	size_t len;

	while (b && *b == ' ')
		b++;
	snprintf(buf, sz, "%s", b ? b : "");
	len = strlen(buf);
	while (len && buf[len - 1] == ' ')
		buf[--len] = 0;
}

/*
 * A number field takes the locale's decimal separator as well as '.':
 * "12,5" becomes "12.5" under de_DE before it is checked and sent.  Only
 * numeric settings (no choices, clocks or schedules, whose text has commas).
 */
static void form_machine(const struct mw_setting *s, char *text)
{
	const char *dp = mw_numfmt_decimal_point();
	char *p;

	if (!s || s->n_choices || s->type == MW_T_BOOL || s->type == MW_T_DATETIME ||
	    s->type == MW_T_SCHEDULE || s->type == MW_T_STRING)
		return;
	if (strlen(dp) != 1 || dp[0] == '.' || strchr(text, '.') || !(p = strchr(text, dp[0])) ||
	    strchr(p + 1, dp[0]))
		return;
	*p = '.';
}

/* The meter's value of setting k as the form shows it ("" when not read). */
static void meter_text(const struct sform *f, const struct mw_session_settings *set, int k,
                       char *buf, size_t sz)
{
	const struct mw_setting *s = &f->model->settings[k];

	buf[0] = 0;
	if (set && k < MW_SESSION_MAX_SET && set->text[k][0])
		mw_text_copy(buf, sz, set->text[k]); /* a DL/T645 meter's, decoded by the engine */
	else if (set && k < MW_SESSION_MAX_SET && set->ok[k])
		mw_setting_format(s, mw_setting_decode(s, set->words[k]), buf, sz);
	mw_numfmt_people(buf, sz);
}

/* Fill the fields: an edit where there is one, else the meter's value.
 * An edit that now equals the meter's value (it was written) is done. */
/* Does the text typed say the meter's value (25 and 25.00 do)? */
static bool same_value(const char *typed, const char *meter)
{
	double a, b;

	return strcmp(typed, meter) == 0 ||
	       (*typed && *meter && mw_numfmt_parse_people(typed, &a) == 0 &&
	        mw_numfmt_parse_people(meter, &b) == 0 && a == b);
}

static void fill(struct sform *f, const struct mw_session_settings *set)
{
	for (int i = 0; i < f->n; i++) {
		int k = f->setting[i];
		char buf[64];

		meter_text(f, set, k, buf, sizeof buf);
		if (f->edited[k] && !same_value(f->edit[k], buf))
			set_field_buffer(f->fields[i], 0, f->edit[k]);
		else {
			f->edited[k] = false;
			set_field_buffer(f->fields[i], 0, buf);
		}
	}
	f->seq = set ? set->seq : 0;
	if (f->form)
		form_driver(f->form, REQ_END_LINE); /* the cursor after the text */
}

/* Record field i's text as an edit when it differs from the meter's value. */
static void sync_field(struct sform *f, const struct mw_session_settings *set, int i)
{
	char text[EDIT_MAX], now[64];
	int k;

	if (!f->form || i < 0 || i >= f->n)
		return;
	form_driver(f->form, REQ_VALIDATION);
	k = f->setting[i];
	field_text(f->fields[i], text, sizeof text);
	meter_text(f, set, k, now, sizeof now);
	f->edited[k] = strcmp(text, now) != 0;
	mw_text_copy(f->edit[k], sizeof f->edit[k], text);
}

/* Number of edits, and their labels in buf (", " between). */
static int edits_list(const struct sform *f, const struct mw_model *m, char *buf, size_t sz)
{
	int n = 0;
	size_t len = 0;

	buf[0] = 0;
	for (size_t k = 0; m && k < m->n_settings && k < MW_SESSION_MAX_SET; k++) {
		if (!f->edited[k])
			continue;
		if (len < sz)
			len += (size_t)snprintf(buf + len, sz - len, "%s%s", n ? ", " : "",
			                        m->settings[k].label);
		n++;
	}
	return n;
}

/* Forget every edit; when some are dropped unwritten, say which. */
static void edits_drop(struct mw_ui *ui, struct sform *f, bool tell)
{
	char names[200];

	if (tell && edits_list(f, f->edit_model, names, sizeof names) > 0)
		snprintf(ui->status, sizeof ui->status, _("not written, dropped: %s"), names);
	memset(f->edited, 0, sizeof f->edited);
}

static void build(struct mw_ui *ui, struct sform *f)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_model *m;
	int rows = LINES - 9;

	form_free(f);
	if (f->edit_dev != mw_ui_dev_index(ui) || (d && f->edit_model != d->model)) {
		/* another device: the last one's edits cannot be written here */
		edits_drop(ui, f, true);
		f->cur_setting = 0;
		f->edit_dev = mw_ui_dev_index(ui);
		f->edit_model = d ? d->model : NULL;
	}
	if (!d || !d->model || rows < 3)
		return;
	m = d->model;
	f->dev = mw_ui_dev_index(ui);
	f->model = m;
	f->lines = LINES;
	f->cols = COLS;
	f->fields = calloc(m->n_settings + 1, sizeof *f->fields);
	f->setting = calloc(m->n_settings + 1, sizeof *f->setting);
	if (!f->fields || !f->setting)
		return;
	for (size_t i = 0; i < m->n_settings; i++)
		if (in_form(&m->settings[i], i))
			f->n++;
	f->per_page = f->n < rows ? f->n : rows;
	if (f->n == 0)
		return;
	for (size_t i = 0, k = 0; i < m->n_settings; i++) {
		if (!in_form(&m->settings[i], i))
			continue;
		f->setting[k] = (int)i;
		f->fields[k] = new_field(1, FIELD_W, (int)(k % f->per_page), FIELD_X, 0, 0);
		if (!f->fields[k]) {
			f->n = (int)k;
			form_free(f);
			return;
		}
		set_field_back(f->fields[k], A_UNDERLINE);
		/* a line editor: the first key does not blank the field */
		field_opts_off(f->fields[k], O_AUTOSKIP | O_STATIC | O_BLANK);
		if (m->settings[i].secret)
			field_opts_off(f->fields[k], O_PUBLIC); /* the password: masked */
		set_max_field(f->fields[k], 40);
		if (k % f->per_page == 0 && k)
			set_new_page(f->fields[k], TRUE);
		k++;
	}
	f->win = newwin(f->per_page, COLS - 2, 4, 1);
	f->form = new_form(f->fields);
	if (!f->win || !f->form) {
		form_free(f);
		return;
	}
	keypad(f->win, TRUE);
	/* Backspace at the start of a field stays there (no jump to the field above) */
	form_opts_off(f->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->win);
	for (int i = 0; i < f->n; i++)
		if (f->setting[i] == f->cur_setting && f->edit_dev == f->dev)
			set_current_field(f->form, f->fields[i]);
	post_form(f->form);
	fill(f, mw_ui_settings(ui));
}

static void settings_enter(struct mw_ui *ui)
{
	struct sform *f = state(ui);
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SETTINGS};

	if (!f)
		return;
	if (!f->ready) {
		f->ready = true;
		f->dev = -1;
		f->edit_dev = mw_ui_dev_index(ui);
		f->edit_model = mw_ui_dev(ui) ? mw_ui_dev(ui)->model : NULL;
	}
	build(ui, f);
	c.dev = mw_ui_dev_index(ui);
	if (c.dev >= 0 && mw_ui_dev(ui)->model)
		mw_ui_run(ui, &c, _("reading the settings..."), false);
}

static void settings_leave(struct mw_ui *ui)
{
	struct sform *f = state(ui);
	char names[200];
	int n;

	if (!f)
		return;
	if (f->form) {
		int i = field_index(current_field(f->form));

		sync_field(f, mw_ui_settings(ui), i);
		f->cur_setting = i >= 0 && i < f->n ? f->setting[i] : 0;
	}
	n = edits_list(f, f->edit_model, names, sizeof names);
	if (n > 0)
		snprintf(ui->status, sizeof ui->status,
		         _("kept, not written yet: %s (the Settings screen writes them)"), names);
	form_free(f);
}

static const struct mw_setting *current(const struct sform *f, FIELD **fl)
{
	FIELD *c = f->form ? current_field(f->form) : NULL;
	int i = c ? field_index(c) : -1;

	if (i < 0 || i >= f->n)
		return NULL;
	if (fl)
		*fl = c;
	return &f->model->settings[f->setting[i]];
}

/* What the setting accepts, for the info column. */
static void domain(const struct mw_setting *s, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = 0;
	if (s->n_choices) {
		for (size_t i = 0; i < s->n_choices && len + 12 < sz; i++)
			len +=
			    snprintf(buf + len, sz - len, "%s%s", i ? "/" : "", s->choices[i].name);
	} else if (s->has_range) {
		snprintf(buf, sz, "%g..%g %s", s->min, s->max, s->unit ? s->unit : "");
	} else if (s->type == MW_T_BOOL) {
		snprintf(buf, sz, "on/off");
	}
}

/* A password's check never repeats what was typed: only what is allowed. */
static void secret_check(struct sform *f, const struct mw_setting *s)
{
	char dom[160];

	domain(s, dom, sizeof dom);
	/* L10N: %s: the setting (Password), then what it allows (0..9999) */
	snprintf(f->check, sizeof f->check, _("%s: not a valid value (allowed: %s)"), s->label,
	         dom);
}

/* Live check of the current field's text. */
static void live_check(struct sform *f)
{
	FIELD *fl;
	const struct mw_setting *s = current(f, &fl);
	char text[64];
	uint32_t raw;

	f->check[0] = 0;
	f->check_bad = false;
	if (!s)
		return;
	form_driver(f->form, REQ_VALIDATION);
	field_text(fl, text, sizeof text);
	form_machine(s, text);
	if (mw_setting_parse(s, text, &raw, f->check, sizeof f->check) < 0)
		f->check_bad = true;
	else
		snprintf(f->check, sizeof f->check, _("%s = %s: Enter to review the write"),
		         s->label, s->secret ? "****" : text);
	if (s->secret && f->check_bad)
		secret_check(f, s);
}

static void settings_draw(struct mw_ui *ui)
{
	struct sform *f = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_session_settings *set = mw_ui_settings(ui);
	int y, page;
	char buf[300], names[200];

	if (!d || !d->model) {
		mw_w_text(
		    ui, 2, 1, COLS - 2, MW_R_DIM,
		    _("No device with a device file selected: choose one on the scan screen"));
		return;
	}
	if (!f)
		return;
	ui->typing = true; /* letters are text in the fields */
	if (f->dev != mw_ui_dev_index(ui) || f->model != d->model || f->lines != LINES ||
	    f->cols != COLS)
		build(ui, f);
	else if (f->form && set && set->seq != f->seq)
		fill(f, set);
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Setting"), 28);
	mw_w_cell(buf, sizeof buf, _("Value"), 14);
	mw_w_cell(buf, sizeof buf, "", 0);
	mw_w_cell(buf, sizeof buf, _("Register, allowed values"), 0);
	mw_w_text(ui, 3, 1, COLS - 2, MW_R_LABEL, buf);
	if (edits_list(f, f->model, names, sizeof names) > 0) {
		/* L10N: %s: the labels of the settings edited and not written yet */
		snprintf(buf, sizeof buf, _("Edited: %s. Enter reviews them all in one write"),
		         names);
		mw_w_text(ui, 1, 1, COLS - 2, MW_R_WARN, buf);
	}
	if (f->check[0])
		mw_w_text(ui, 2, 1, COLS - 2, f->check_bad ? MW_R_FAULT : MW_R_OK, f->check);
	else
		mw_w_text(
		    ui, 2, 1, COLS - 2, MW_R_DIM,
		    _("Type a value (choices: Left/Right or Space), Enter reviews the write"));
	y = 4 + f->per_page;
	/* settings outside the form, with the reason */
	for (size_t i = 0; i < d->model->n_settings && y < LINES - 4; i++) {
		const struct mw_setting *s = &d->model->settings[i];

		if (in_form(s, i))
			continue;
		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, s->label, 28);
		if (s->gap)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			         _("not writable: the manual is silent: %s"), s->gap);
		else if (i >= MW_SESSION_MAX_SET)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s",
			         _("beyond the form's settings: use `meterwise set`"));
		else if (s->dlt.command == MW_DLT_CMD_TIME)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s",
			         _("on the Actions screen (F7): t broadcasts the time"));
		else
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s",
			         _("on the tariff and clock screen (F6)"));
		y += mw_w_wrap(ui, y + 1, 1, COLS - 2, s->gap ? MW_R_WARN : MW_R_DIM, buf, 3);
	}
	if (!f->form) {
		mw_w_text(ui, 4, 1, COLS - 2, MW_R_DIM,
		          LINES - 9 < 3 ? _("(the window is too small for the form)")
		                        : _("(no setting this form can write)"));
		return;
	}
	/* labels and info beside the fields of the current page */
	page = form_page(f->form);
	for (int i = page * f->per_page; i < f->n && i < (page + 1) * f->per_page; i++) {
		const struct mw_setting *s = &d->model->settings[f->setting[i]];
		int row = i % f->per_page;
		char dom[160], now[64] = "?", label[160] = "", nowtext[128];
		bool cur = current_field(f->form) == f->fields[i];
		int a = mw_term_attr(ui, cur ? MW_R_SELECT : MW_R_NORMAL);

		if (s->secret)
			mw_text_copy(now, sizeof now, "****"); /* never shown */
		else if (set && (set->ok[f->setting[i]] || set->text[f->setting[i]][0]))
			meter_text(f, set, f->setting[i], now, sizeof now);
		domain(s, dom, sizeof dom);
		wattron(f->win, a);
		/* an edit not written yet is marked with a star */
		mw_w_cell(label, sizeof label, s->label, 27);
		mw_w_cell(label, sizeof label, f->edited[f->setting[i]] ? "*" : " ", 0);
		mvwaddstr(f->win, row, 0, label);
		wattroff(f->win, a);
		wmove(f->win, row, FIELD_X + FIELD_W);
		wclrtoeol(f->win);
		/* L10N: the value the meter has now, beside the form field */
		snprintf(nowtext, sizeof nowtext, _("(now %s)"), now);
		if (d->protocol == MW_PROTO_DLT645 && s->dlt.di)
			snprintf(buf, sizeof buf, "  %08X  %.150s  %s", (unsigned)s->dlt.di, dom,
			         nowtext);
		else if (d->protocol == MW_PROTO_DLT645)
			snprintf(buf, sizeof buf, "  %s  %s  %s",
			         s->dlt.command == MW_DLT_CMD_BAUD      ? "0x17"
			         : s->dlt.command == MW_DLT_CMD_ADDRESS ? "0x15"
			                                                : "-",
			         dom, nowtext);
		else if (s->field.lo == 0 && s->field.hi == 15)
			snprintf(buf, sizeof buf, "  0x%04X  %s  %s", s->reg, dom, nowtext);
		else
			/* L10N: the bits of a register a packed field uses, high-low */
			snprintf(buf, sizeof buf, _("  0x%04X bits %d-%d  %s  %s"), s->reg,
			         s->field.hi, s->field.lo, dom, nowtext);
		mvwaddnstr(f->win, row, FIELD_X + FIELD_W, buf,
		           (int)mw_w_fit(buf, strlen(buf), COLS - 3 - FIELD_X - FIELD_W, NULL));
	}
	pos_form_cursor(f->form);
}

/* The overlay: the form window is drawn after stdscr. */
static void settings_post(struct mw_ui *ui)
{
	struct sform *f = state(ui);

	if (f && f->win && ui->screen == MW_SCR_SETTINGS) {
		touchwin(f->win);
		wnoutrefresh(f->win);
		if (f->pick)
			mw_picklist_draw(f->pick);
	}
}

/* Left/Right on an enumeration: the next or previous choice. */
static void cycle(struct sform *f, FIELD *fl, const struct mw_setting *s, int dir)
{
	char text[64];
	size_t i = 0;

	field_text(fl, text, sizeof text);
	while (i < s->n_choices && strcmp(s->choices[i].name, text) != 0)
		i++;
	i = i >= s->n_choices ? 0 : (i + s->n_choices + (size_t)dir) % s->n_choices;
	set_field_buffer(fl, 0, s->choices[i].name);
}

/* Space on an enumeration: its choices as a pick list below the field. */
static void open_pick(struct sform *f, FIELD *fl, const struct mw_setting *s)
{
	const char *names[64];
	char text[64];
	int n = 0, cur = 0, row = 0, col = 0;

	field_text(fl, text, sizeof text);
	for (size_t i = 0; i < s->n_choices && n < 64; i++, n++) {
		names[n] = s->choices[i].name;
		if (strcmp(names[n], text) == 0)
			cur = n;
	}
	field_info(fl, &(int){0}, &(int){0}, &row, &col, &(int){0}, &(int){0});
	f->pick = mw_picklist_open(names, n, cur, 4 + row + 1, 1 + col);
}

/* Keys while the pick list is open; the choice goes into the field. */
static enum mw_key_result pick_key(struct sform *f, FIELD *fl, const struct mw_setting *s, int ch)
{
	int r = mw_picklist_key(f->pick, ch);

	if (r == -1)
		return MW_KEY_HANDLED;
	mw_picklist_close(f->pick);
	f->pick = NULL;
	if (r >= 0 && s && (size_t)r < s->n_choices) {
		set_field_buffer(fl, 0, s->choices[r].name);
		live_check(f);
	}
	return MW_KEY_HANDLED;
}

/* Field i's text for the engine: trimmed, the locale's decimal comma as
 * a point; checked against the device file.  -1 with f->check. */
static int field_value(struct sform *f, int i, char *text, size_t sz)
{
	const struct mw_setting *s = &f->model->settings[f->setting[i]];
	uint32_t raw;
	char err[200];

	field_text(f->fields[i], text, sz);
	form_machine(s, text);
	if (mw_setting_parse(s, text, &raw, err, sizeof err) < 0) {
		snprintf(f->check, sizeof f->check, "%s: %s", s->label, err);
		f->check_bad = true;
		if (s->secret)
			secret_check(f, s);
		return -1;
	}
	return 0;
}

/* Enter: every edit (or, with none, the current field) reviewed in one
 * prepared write.  The engine orders the writes, a line change last. */
static void review(struct mw_ui *ui, struct sform *f)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE};
	const struct mw_session_settings *set = mw_ui_settings(ui);
	int cur = field_index(current_field(f->form)), n = 0;
	char text[EDIT_MAX], names[200];
	bool any;

	sync_field(f, set, cur);
	any = edits_list(f, f->model, names, sizeof names) > 0;
	f->check[0] = 0;
	f->check_bad = false;
	for (int i = 0; i < f->n; i++) {
		int k = f->setting[i];

		if (any ? !f->edited[k] : i != cur)
			continue;
		if (field_value(f, i, text, sizeof text) < 0) {
			set_current_field(f->form, f->fields[i]);
			form_driver(f->form, REQ_END_LINE);
			return;
		}
		if (n >= MW_SET_MAX) {
			snprintf(f->check, sizeof f->check,
			         _("more than %d edits: %s and the ones below it are not in this "
			           "write; write these first"),
			         MW_SET_MAX, f->model->settings[k].label);
			f->check_bad = true;
			return;
		}
		snprintf(c.assign[n++], sizeof c.assign[0], "%s=%s", f->model->settings[k].name,
		         text);
	}
	if (n == 0)
		return;
	/* A password cannot be read back to compare with: it goes with this
	 * write (or is typed again after a cancel), and is not kept. */
	for (int i = 0; i < f->n; i++)
		if (f->model->settings[f->setting[i]].secret) {
			f->edited[f->setting[i]] = false;
			memset(f->edit[f->setting[i]], 0, EDIT_MAX);
			set_field_buffer(f->fields[i], 0, "");
		}
	c.n_assign = n;
	c.dev = f->dev;
	mw_ui_run(ui, &c, _("reading what the write changes..."), true);
}

/* Move to field i (by a request of the form), the cursor at its end. */
static void goto_field(struct mw_ui *ui, struct sform *f, int req)
{
	sync_field(f, mw_ui_settings(ui), field_index(current_field(f->form)));
	form_driver(f->form, req);
	form_driver(f->form, REQ_END_LINE);
	f->check[0] = 0;
}

static enum mw_key_result settings_key(struct mw_ui *ui, int ch)
{
	struct sform *f = state(ui);
	FIELD *fl = NULL;
	const struct mw_setting *s;

	if (!f || !f->form)
		return MW_KEY_IGNORED;
	s = current(f, &fl);
	if (f->pick) {
		pick_key(f, fl, s, ch);
		sync_field(f, mw_ui_settings(ui), field_index(fl));
		return MW_KEY_HANDLED;
	}
	switch (ch) {
	case KEY_UP:
	case KEY_BTAB:
		goto_field(ui, f, REQ_PREV_FIELD);
		return MW_KEY_HANDLED;
	case KEY_DOWN:
	case '\t':
		goto_field(ui, f, REQ_NEXT_FIELD);
		return MW_KEY_HANDLED;
	case KEY_NPAGE:
		goto_field(ui, f, REQ_NEXT_PAGE);
		return MW_KEY_HANDLED;
	case KEY_PPAGE:
		goto_field(ui, f, REQ_PREV_PAGE);
		return MW_KEY_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		review(ui, f);
		return MW_KEY_HANDLED;
	case 27:
		/* the first Esc keeps the edits (a letter after it switches
		 * screens); a second one puts the meter's values back */
		if (ui->esc && mw_ui_dev(ui) && mw_ui_dev(ui)->model == f->model) {
			edits_drop(ui, f, false);
			fill(f, mw_ui_settings(ui));
			f->check[0] = 0;
			mw_text_copy(ui->status, sizeof ui->status,
			             _("edits dropped: the fields show the meter's values"));
		} else {
			sync_field(f, mw_ui_settings(ui), field_index(fl));
			mw_text_copy(ui->status, sizeof ui->status,
			             _("Esc: a letter key now switches screens; Esc again drops "
			               "the edits"));
		}
		return MW_KEY_HANDLED;
	default:
		break;
	}
	if (!s)
		return MW_KEY_IGNORED;
	if (s->n_choices && ch == ' ') {
		open_pick(f, fl, s);
		return MW_KEY_HANDLED;
	} else if (s->n_choices && (ch == KEY_LEFT || ch == KEY_RIGHT)) {
		cycle(f, fl, s, ch == KEY_LEFT ? -1 : 1);
	} else if (ch == KEY_LEFT) {
		form_driver(f->form, REQ_PREV_CHAR);
	} else if (ch == KEY_RIGHT) {
		form_driver(f->form, REQ_NEXT_CHAR);
	} else if (ch == KEY_HOME || ch == 1) { /* Ctrl-A */
		form_driver(f->form, REQ_BEG_LINE);
	} else if (ch == KEY_END || ch == 5) { /* Ctrl-E */
		form_driver(f->form, REQ_END_LINE);
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		form_driver(f->form, REQ_DEL_PREV);
	} else if (ch == KEY_DC) {
		form_driver(f->form, REQ_DEL_CHAR);
	} else if (ch == 21) { /* Ctrl-U: clear the field */
		form_driver(f->form, REQ_CLR_FIELD);
	} else if (ch >= ' ' && ch < 127) {
		form_driver(f->form, ch);
	} else {
		return MW_KEY_IGNORED;
	}
	sync_field(f, mw_ui_settings(ui), field_index(fl));
	live_check(f);
	return MW_KEY_HANDLED;
}

const struct mw_screen mw_scr_settings = {
    .name = N_("Settings"),
    .keys = N_("Up/Down field  type (Ctrl-U clears)  Left/Right/Space choices  Enter write all"),
    .help = N_("One field per setting of the device file (a packed register: a field each).\n"
               "Fields edit as a line: Left/Right/Home/End move, Backspace and Delete erase,\n"
               "Ctrl-U clears; values are checked as you type (12,5 or 12.5).  Choices:\n"
               "Left/Right step through them, Space opens the list.  A changed field is an\n"
               "edit (*) until written.  Enter reads the meter and shows all edits and the\n"
               "registers and words to write (DL/T645: command, DI, password level, address)\n"
               "in one confirmation; y writes them (a new address or line setting last),\n"
               "verifies, follows the meter and journals.  The password field is masked.\n"
               "Letters are text: switch screens with the function keys or Esc then the\n"
               "letter; Esc twice restores the meter's values.  PgUp/PgDn: more settings.\n"
               "A write a DL/T645 meter refused for the meter's password offers a field for\n"
               "it (LEVEL:PPPPPP, shown as *): Enter sends it again, once; Esc sends nothing.\n"
               "The password is kept for the meter until meterwise ends, in memory only."),
    .enter = settings_enter,
    .leave = settings_leave,
    .draw = settings_draw,
    .key = settings_key,
    .post = settings_post,
};
