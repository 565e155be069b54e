/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_settings.c - the settings form, built from the device file with the
 * ncurses form library: one field per writable scalar setting (a packed
 * field of a shared register is a field of its own), enumerations as pick
 * lists (Left/Right step through the choices, Space opens the list, a
 * menu: picklist.c), numbers checked against
 * the range as they are typed.  Enter on a field asks the engine what the
 * write would change and shows exactly that for confirmation; the result,
 * verification and journal entry come back in a dialog.  Settings the
 * form cannot write (gaps, schedules, clocks, passwords) are listed with
 * the reason.
 */
#include "config.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "ui.h"

#define FIELD_X 30
#define FIELD_W 14

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
	bool fresh;               /* the current field has not been typed in yet */
	struct mw_picklist *pick; /* open pick list of the current enumeration */
};

static struct sform *state(struct mw_ui *ui)
{
	return ui->scr_state[MW_SCR_SETTINGS];
}

static bool in_form(const struct mw_setting *s)
{
	return !s->gap && !s->secret && s->type != MW_T_SCHEDULE && s->type != MW_T_DATETIME;
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
	memset(f, 0, sizeof *f);
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

/* Fill the fields with the meter's current values. */
static void fill(struct sform *f, const struct mw_session_settings *set)
{
	for (int i = 0; i < f->n; i++) {
		int k = f->setting[i];
		const struct mw_setting *s = &f->model->settings[k];
		char buf[64] = "";

		if (set && k < MW_SESSION_MAX_SET && set->ok[k])
			mw_setting_format(s, mw_setting_decode(s, set->words[k]), buf, sizeof buf);
		mw_numfmt_people(buf, sizeof buf);
		set_field_buffer(f->fields[i], 0, buf);
	}
	f->seq = set ? set->seq : 0;
	f->fresh = true;
}

static void build(struct mw_ui *ui, struct sform *f)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_model *m;
	int rows = LINES - 9;

	form_free(f);
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
		if (in_form(&m->settings[i]))
			f->n++;
	f->per_page = f->n < rows ? f->n : rows;
	if (f->n == 0)
		return;
	for (size_t i = 0, k = 0; i < m->n_settings; i++) {
		if (!in_form(&m->settings[i]))
			continue;
		f->setting[k] = (int)i;
		f->fields[k] = new_field(1, FIELD_W, (int)(k % f->per_page), FIELD_X, 0, 0);
		if (!f->fields[k]) {
			f->n = (int)k;
			form_free(f);
			return;
		}
		set_field_back(f->fields[k], A_UNDERLINE);
		field_opts_off(f->fields[k], O_AUTOSKIP | O_STATIC);
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
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->win);
	post_form(f->form);
	fill(f, mw_ui_settings(ui));
}

static void settings_enter(struct mw_ui *ui)
{
	struct sform *f = state(ui);
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SETTINGS};

	if (!f) {
		f = ui->scr_state[MW_SCR_SETTINGS] = calloc(1, sizeof *f);
		if (!f)
			return;
		f->dev = -1;
	}
	build(ui, f);
	c.dev = mw_ui_dev_index(ui);
	if (c.dev >= 0 && mw_ui_dev(ui)->model)
		mw_ui_run(ui, &c, _("reading the settings..."), false);
}

static void settings_leave(struct mw_ui *ui)
{
	struct sform *f = state(ui);

	if (f)
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
		         s->label, text);
}

static void settings_draw(struct mw_ui *ui)
{
	struct sform *f = state(ui);
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_session_settings *set = mw_ui_settings(ui);
	int y, page;
	char buf[300];

	if (!d || !d->model) {
		mw_w_text(
		    ui, 2, 1, COLS - 2, MW_R_DIM,
		    _("No device with a device file selected: choose one on the scan screen"));
		return;
	}
	if (!f)
		return;
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

		if (in_form(s))
			continue;
		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, s->label, 28);
		if (s->gap)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			         _("not writable: the manual is silent: %s"), s->gap);
		else if (s->secret)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s",
			         _("password: set it with `meterwise set`"));
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

		if (set && f->setting[i] < MW_SESSION_MAX_SET && set->ok[f->setting[i]])
			mw_setting_format(s, mw_setting_decode(s, set->words[f->setting[i]]), now,
			                  sizeof now);
		mw_numfmt_people(now, sizeof now);
		domain(s, dom, sizeof dom);
		wattron(f->win, a);
		mw_w_cell(label, sizeof label, s->label, 28);
		mvwaddstr(f->win, row, 0, label);
		wattroff(f->win, a);
		wmove(f->win, row, FIELD_X + FIELD_W);
		wclrtoeol(f->win);
		/* L10N: the value the meter has now, beside the form field */
		snprintf(nowtext, sizeof nowtext, _("(now %s)"), now);
		if (s->field.lo == 0 && s->field.hi == 15)
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
	f->fresh = false;
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
		f->fresh = false;
		live_check(f);
	}
	return MW_KEY_HANDLED;
}

static void review(struct mw_ui *ui, struct sform *f)
{
	FIELD *fl;
	const struct mw_setting *s = current(f, &fl);
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE};
	char text[64];
	uint32_t raw;

	if (!s)
		return;
	live_check(f);
	field_text(fl, text, sizeof text);
	form_machine(s, text);
	if (mw_setting_parse(s, text, &raw, f->check, sizeof f->check) < 0) {
		f->check_bad = true;
		return;
	}
	c.dev = f->dev;
	mw_text_copy(c.name, sizeof c.name, s->name);
	mw_text_copy(c.text, sizeof c.text, text);
	mw_ui_run(ui, &c, _("reading what the write changes..."), true);
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
	if (f->pick)
		return pick_key(f, fl, s, ch);
	switch (ch) {
	case KEY_UP:
	case KEY_BTAB:
		form_driver(f->form, REQ_PREV_FIELD);
		f->fresh = true;
		f->check[0] = 0;
		return MW_KEY_HANDLED;
	case KEY_DOWN:
	case '\t':
		form_driver(f->form, REQ_NEXT_FIELD);
		f->fresh = true;
		f->check[0] = 0;
		return MW_KEY_HANDLED;
	case KEY_NPAGE:
		form_driver(f->form, REQ_NEXT_PAGE);
		return MW_KEY_HANDLED;
	case KEY_PPAGE:
		form_driver(f->form, REQ_PREV_PAGE);
		return MW_KEY_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		review(ui, f);
		return MW_KEY_HANDLED;
	case 27:
		if (mw_ui_dev(ui) && mw_ui_dev(ui)->model == f->model)
			fill(f, mw_ui_settings(ui));
		f->check[0] = 0;
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
		f->fresh = false;
	} else if (ch == KEY_RIGHT) {
		form_driver(f->form, REQ_NEXT_CHAR);
		f->fresh = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		form_driver(f->form, f->fresh ? REQ_CLR_FIELD : REQ_DEL_PREV);
		f->fresh = false;
	} else if (ch == KEY_DC) {
		form_driver(f->form, REQ_DEL_CHAR);
	} else if (ch >= ' ' && ch < 127 && ch != '?' && !(ch == 'q' && f->fresh)) {
		if (f->fresh)
			form_driver(f->form, REQ_CLR_FIELD);
		f->fresh = false;
		form_driver(f->form, ch);
	} else {
		return MW_KEY_IGNORED;
	}
	live_check(f);
	return MW_KEY_HANDLED;
}

const struct mw_screen mw_scr_settings = {
    .name = N_("Settings"),
    .keys = N_("Up/Down field  type, or Left/Right/Space for choices  Enter write..."),
    .help = N_("One field per setting of the device file; a register holding several\n"
               "settings (address, format and baud packed in one word) gives a field each.\n"
               "Typing replaces the value; it is checked against the range as you type.\n"
               "Choices: Left/Right step through them, Space opens the list.\n"
               "Enter reads the meter and shows exactly which registers and words will be\n"
               "written; y writes, verifies by reading back, follows the meter to a new\n"
               "address or line setting, and journals it.\n"
               "Esc puts the meter's values back in the fields.  PgUp/PgDn: more settings."),
    .enter = settings_enter,
    .leave = settings_leave,
    .draw = settings_draw,
    .key = settings_key,
    .post = settings_post,
};
