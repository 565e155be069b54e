/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * widgets.c - small drawing functions the screens share: clipped text,
 * numbers, bars, sparklines, the phasor diagram, frames, the title line
 * and the footer (bus statistics, refresh against the line bound, and
 * the function-key bar).  Each draws from values it is given; Unicode
 * where the locale is UTF-8, ASCII otherwise.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "ui.h"

/* Bytes and columns of the character at s (an invalid byte: one of each). */
static size_t char_at(const char *s, size_t n, mbstate_t *st, int *cols)
{
	wchar_t wc;
	size_t len = mbrtowc(&wc, s, n, st);
	int cw;

	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		memset(st, 0, sizeof *st);
		*cols = 1;
		return 1;
	}
	cw = wcwidth(wc);
	*cols = cw < 0 ? 1 : cw;
	return len;
}

int mw_w_width(const char *s)
{
	wchar_t wbuf[256];
	size_t n = mbstowcs(NULL, s, 0);
	mbstate_t st;
	int w = 0;

	if (n != (size_t)-1 && n < sizeof wbuf / sizeof wbuf[0]) {
		mbstowcs(wbuf, s, n + 1);
		w = wcswidth(wbuf, n);
		if (w >= 0)
			return w;
	}
	/* long, invalid or unprintable text: character by character */
	memset(&st, 0, sizeof st);
	w = 0;
	for (size_t i = 0, len = strlen(s); i < len;) {
		int cw;

		i += char_at(s + i, len - i, &st, &cw);
		w += cw;
	}
	return w;
}

size_t mw_w_fit(const char *s, size_t len, int cols, int *used)
{
	mbstate_t st;
	size_t i = 0;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (i < len && s[i]) {
		int cw;
		mbstate_t save = st;
		size_t n = char_at(s + i, len - i, &st, &cw);

		if (w + cw > cols) {
			st = save;
			break;
		}
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

void mw_w_cell(char *buf, size_t sz, const char *text, int cols)
{
	size_t at = strlen(buf), n;
	int used, pad;

	if (at >= sz)
		return;
	n = cols ? mw_w_fit(text, strlen(text), cols < 0 ? -cols : cols, &used) : strlen(text);
	pad = cols ? (cols < 0 ? -cols : cols) - used : 0;
	if (cols < 0)
		at += (size_t)snprintf(buf + at, sz - at, "%*s", pad, "");
	if (at < sz)
		at += (size_t)snprintf(buf + at, sz - at, "%.*s", (int)n, text);
	if (cols > 0 && at < sz)
		at += (size_t)snprintf(buf + at, sz - at, "%*s", pad, "");
	if (at < sz)
		snprintf(buf + at, sz - at, " ");
}

size_t mw_w_break(const char *p, int w, size_t *skip)
{
	size_t len = strcspn(p, "\n"), cut = len, sp;

	if (w < 1)
		w = 1;
	if (mw_w_width_n(p, len) > w) {
		int half;

		cut = mw_w_fit(p, len, w, NULL);
		if (cut == 0) /* a character wider than the line: show it anyway */
			cut = mw_w_fit(p, len, w + 2, NULL);
		/* break at the last space that leaves at least half a line */
		for (sp = cut; sp > 0 && p[sp] != ' '; sp--)
			;
		half = mw_w_width_n(p, sp);
		if (p[sp] == ' ' && half > w / 2)
			cut = sp;
	}
	*skip = cut;
	if (cut < len)
		while (p[*skip] == ' ')
			(*skip)++;
	else if (p[cut] == '\n')
		(*skip)++;
	return cut;
}

int mw_w_width_n(const char *s, size_t len)
{
	int used;

	mw_w_fit(s, len, 1 << 20, &used);
	return used;
}

void mw_w_text(struct mw_ui *ui, int y, int x, int w, enum mw_role r, const char *text)
{
	int a = mw_term_attr(ui, r);

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attron(a);
	mvaddnstr(y, x, text, (int)mw_w_fit(text, strlen(text), w, NULL));
	attroff(a);
}

int mw_w_wrap(struct mw_ui *ui, int y, int x, int w, enum mw_role r, const char *text, int max)
{
	int n = 0;

	while (*text && n < max && w > 0) {
		size_t skip, cut = mw_w_break(text, w, &skip);
		char line[1024];

		snprintf(line, sizeof line, "%.*s", (int)cut, text);
		mw_w_text(ui, y + n++, x, w, r, line);
		text += skip;
	}
	return n;
}

void mw_w_num(struct mw_ui *ui, int y, int x, int w, enum mw_role r, double v, int prec)
{
	char buf[48];

	char t[48];

	if (isnan(v))
		snprintf(t, sizeof t, "%s", "-");
	else
		mw_numfmt_people(mw_numfmt_fixed(v, prec, t, sizeof t), sizeof t);
	snprintf(buf, sizeof buf, "%*s", w, t);
	mw_w_text(ui, y, x, w, r, buf);
}

void mw_w_bar(struct mw_ui *ui, int y, int x, int w, double frac, enum mw_role r)
{
	int fill = isnan(frac) ? 0 : (int)lround(frac * w);
	int a = mw_term_attr(ui, r);

	if (fill < 0)
		fill = 0;
	if (fill > w)
		fill = w;
	for (int i = 0; i < w && x + i < COLS; i++) {
		if (i < fill) {
			attron(a);
			if (ui->utf8)
				mvaddstr(y, x + i, "\u2588");
			else
				mvaddch(y, x + i, '#');
			attroff(a);
		} else {
			mvaddstr(y, x + i, ui->utf8 ? "\u00b7" : ".");
		}
	}
}

void mw_w_spark(struct mw_ui *ui, int y, int x, int w, const float *v, int n)
{
	static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
	                                     "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char ascii[] = "_.-:=+*#";
	float lo = 0, hi = 0;
	int first = n > w ? n - w : 0;

	for (int i = first; i < n; i++) {
		if (i == first || v[i] < lo)
			lo = v[i];
		if (i == first || v[i] > hi)
			hi = v[i];
	}
	for (int i = first; i < n && x + (i - first) < COLS; i++) {
		int k = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7.0f + 0.5f) : 3;

		if (ui->utf8)
			mvaddstr(y, x + i - first, blocks[k]);
		else
			mvaddch(y, x + i - first, ascii[k]);
	}
}

/* One cell of a line at visual angle a (radians, screen aspect corrected). */
static const char *line_glyph(bool utf8, double a)
{
	double d = fmod(a * 180 / M_PI + 360, 180);

	if (d < 22.5 || d >= 157.5)
		return utf8 ? "\u2500" : "-";
	if (d < 67.5)
		return utf8 ? "\u2571" : "/";
	if (d < 112.5)
		return utf8 ? "\u2502" : "|";
	return utf8 ? "\u2572" : "\\";
}

/* Draw a vector from the centre at angle th (rad, maths convention), length
 * frac of the radius, with `tip` at its end. */
static void vector(struct mw_ui *ui, int cy, int cx, int ry, int rx, double th, double frac,
                   enum mw_role r, const char *tip)
{
	double dx = cos(th) * rx * frac, dy = -sin(th) * ry * frac;
	int steps = (int)ceil(fmax(fabs(dx), fabs(dy)));
	const char *g = line_glyph(ui->utf8, atan2(-dy * 2, dx));
	int a = mw_term_attr(ui, r);

	attron(a);
	for (int s = 1; s < steps; s++)
		mvaddstr(cy + (int)lround(dy * s / steps), cx + (int)lround(dx * s / steps), g);
	mvaddstr(cy + (int)lround(dy), cx + (int)lround(dx), tip);
	attroff(a);
}

void mw_w_phasor(struct mw_ui *ui, int y, int x, int h, int w, const struct mw_phases *ph)
{
	static const enum mw_role role[3] = {MW_R_L1, MW_R_L2, MW_R_L3};
	/* L1 up, then 120 degrees apart clockwise (L1-L2-L3 sequence) */
	double vang[3] = {M_PI / 2, M_PI / 2 - 2 * M_PI / 3, M_PI / 2 + 2 * M_PI / 3};
	int cy = y + h / 2, cx = x + w / 2;
	int ry = (h - 1) / 2, rx = (w - 3) / 2;
	double vmax = 0, imax = 0;
	char tip[8];

	if (rx > 2 * ry)
		rx = 2 * ry;
	else
		ry = rx / 2;
	if (ry < 2)
		return;
	if (ph->reverse_seq == 1) {
		double t = vang[1];

		vang[1] = vang[2];
		vang[2] = t;
	}
	for (int k = 0; k < 3; k++) {
		if (!isnan(ph->v[k]) && ph->v[k] > vmax)
			vmax = ph->v[k];
		if (!isnan(ph->i[k]) && ph->i[k] > imax)
			imax = ph->i[k];
	}
	mvaddstr(cy, cx, ui->utf8 ? "\u253c" : "+");
	for (int k = 0; k < 3; k++) {
		if (isnan(ph->v[k]) || vmax <= 0 || ph->v[k] < 0.05 * vmax)
			continue;
		snprintf(tip, sizeof tip, "V%d", k + 1);
		vector(ui, cy, cx, ry, rx, vang[k], ph->v[k] / vmax, role[k], tip);
	}
	for (int k = 0; k < 3; k++) {
		double phi;

		if (isnan(ph->i[k]) || imax <= 0 || ph->i[k] < 0.02 * imax)
			continue;
		/* angle of I behind V from P and Q; P < 0 turns it round */
		phi = !isnan(ph->p[k]) && !isnan(ph->q[k])        ? atan2(ph->q[k], ph->p[k])
		      : !isnan(ph->pf[k]) && fabs(ph->pf[k]) <= 1 ? acos(ph->pf[k])
		                                                  : 0;
		snprintf(tip, sizeof tip, "I%d", k + 1);
		vector(ui, cy, cx, ry, rx, vang[k] - phi, 0.6 * ph->i[k] / imax, role[k], tip);
	}
}

void mw_w_frame(struct mw_ui *ui, int y, int x, int h, int w, const char *title)
{
	int a = mw_term_attr(ui, MW_R_DIM);

	if (h < 2 || w < 2)
		return;
	attron(a);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attroff(a);
	if (title && title[0]) {
		mvaddch(y, x + 1, ' ');
		mw_w_text(ui, y, x + 2, w - 4, MW_R_LABEL, title);
		addch(' ');
	}
}

/* The port as the title shows it: its last component. */
static const char *port_name(const char *port)
{
	const char *slash = strrchr(port, '/');

	return slash && slash[1] ? slash + 1 : port;
}

void mw_w_title(struct mw_ui *ui)
{
	const struct mw_session_snap *s = ui->s;
	const struct mw_session_dev *d = mw_ui_dev(ui);
	char buf[512], dev[160] = "";
	int a = mw_term_attr(ui, MW_R_TITLE);
	const char *state;
	enum mw_role r = MW_R_TITLE;

	attron(a);
	mvhline(0, 0, ' ', COLS);
	attroff(a);
	if (d && d->protocol == MW_PROTO_DLT645)
		/* L10N: the title's device: a DL/T645 meter by its 12-digit address */
		snprintf(dev, sizeof dev, _("meter %s, %s, %d %s"), d->dlt_addr,
		         d->model ? d->model->name : _("unknown device"), d->lc.baud,
		         mw_format_name(d->lc.format));
	else if (d)
		snprintf(dev, sizeof dev, _("address %d, %s, %d %s"), d->addr,
		         d->model ? d->model->name : _("unknown device"), d->lc.baud,
		         mw_format_name(d->lc.format));
	snprintf(buf, sizeof buf, " meterwise | %s | %s", _(mw_screens[ui->screen]->name), dev);
	mw_w_text(ui, 0, 0, COLS, MW_R_TITLE, buf);
	switch (s->conn) {
	case MW_SESSION_CONN_UP:
		state = _("connected");
		break;
	case MW_SESSION_CONN_LOST:
		state = _("DISCONNECTED");
		r = MW_R_FAULT;
		break;
	default:
		state = _("connecting");
		break;
	}
	snprintf(buf, sizeof buf, " %s: %s ", port_name(s->port), state);
	mw_w_text(ui, 0, COLS - mw_w_width(buf) > 0 ? COLS - mw_w_width(buf) : 0, COLS, r, buf);
}

/* Keys every screen has, in key-bar order: the function key and the
 * capital letter that does the same (tui.c maps both), shown as the
 * label's first letter, underlined, as menus mark their keys. */
static const struct {
	const char *key;
	const char *letter;
	const char *label;
	int n; /* KEY_F(n) */
} fkeys[] = {
    {"F1", "H", N_("Help"), 1},
    {"F2", "S", N_("Scan"), 2},
    {"F3", "D", N_("Dash"), 3},
    {"F4", "P", N_("Panel"), 4},
    /* L10N: F5 or E, the settings form; the key bar must fit 80 columns */
    {"F5", "E", N_("Edit"), 5},
    {"F6", "T", N_("Tariff"), 6},
    {"F7", "A", N_("Action"), 7},
    {"F8", "R", N_("Raw"), 8},
    /* L10N: F9 or C, the Commission screen; the key bar must fit 80 columns */
    {"F9", "C", N_("Comm"), 9},
    {"F10", "Q", N_("Quit"), 10},
};

/* The text of entry i's key part: "F2", and the letter after it when
 * the (translated) label does not start with it ("F2S:Suche"). */
static void fkey_text(size_t i, char *buf, size_t sz)
{
	const char *l = _(fkeys[i].label);

	if (l[0] != fkeys[i].letter[0])
		snprintf(buf, sz, "%s%s:", fkeys[i].key, fkeys[i].letter);
	else
		snprintf(buf, sz, "%s", fkeys[i].key);
}

int mw_w_fkey_at(int x)
{
	int at = 0;

	for (size_t i = 0; i < sizeof fkeys / sizeof fkeys[0]; i++) {
		char k[16];
		int w;

		fkey_text(i, k, sizeof k);
		w = mw_w_width(k) + mw_w_width(_(fkeys[i].label));
		if (x >= at && x < at + w)
			return KEY_F(fkeys[i].n);
		at += w + 1;
	}
	return 0;
}

void mw_w_footer(struct mw_ui *ui)
{
	const struct mw_session_snap *s = ui->s;
	const struct mw_session_dev *d = mw_ui_dev(ui);
	const struct mw_stats *t = &s->total;
	char buf[512];
	int x = 0, len;
	double lat = t->replies ? t->latency_ms_sum / t->replies : NAN;

	move(LINES - 2, 0);
	clrtoeol();
	if (s->conn == MW_SESSION_CONN_LOST) {
		mw_w_text(ui, LINES - 2, 0, COLS, MW_R_FAULT, s->conn_msg);
	} else {
		len = snprintf(buf, sizeof buf,
		               _("%.1f req/s  latency %.0f ms  timeouts %lu  CRC %lu "),
		               s->req_per_s, isnan(lat) ? 0.0 : lat, t->timeouts, t->crc_errors);
		/* what the USB adapter costs, when it costs anything */
		if (len > 0 && (s->adapter_ms >= 1 || s->adapter_echo) &&
		    (size_t)len < sizeof buf - 1)
			snprintf(buf + len, sizeof buf - (size_t)len,
			         s->adapter_echo ? _("adapter %.0f ms, echo ")
			                         : _("adapter %.0f ms "),
			         s->adapter_ms);
		len = len > 0 ? mw_w_width(buf) : 0;
		mw_w_text(ui, LINES - 2, 0, COLS, MW_R_NORMAL, buf);
		if (s->view == MW_SESSION_VIEW_PANEL && s->round_bound_s > 0 && len + 2 < COLS) {
			/* the panel: one round of every device's key figures, measured */
			snprintf(buf, sizeof buf, _("| round %.2f s measured, bound %.2f s"),
			         s->round_s, s->round_bound_s);
			mw_w_text(ui, LINES - 2, len + 2, COLS - len - 2, MW_R_DIM, buf);
		} else if (d && d->have_reading && d->bound_s > 0 && len + 2 < COLS) {
			/* the interval between its readings as measured (what the
			   technician waits), else the time of one reading */
			snprintf(buf, sizeof buf, _("| refresh %.2f s, bound %.2f s"),
			         d->interval_s > 0 ? d->interval_s : d->refresh_s, d->bound_s);
			mw_w_text(ui, LINES - 2, len + 2, COLS - len - 2, MW_R_DIM, buf);
		}
	}
	move(LINES - 1, 0);
	clrtoeol();
	for (size_t i = 0; i < sizeof fkeys / sizeof fkeys[0] && x < COLS; i++) {
		const char *l = _(fkeys[i].label);
		char k[16];
		int a = mw_term_attr(ui, MW_R_KEY);

		fkey_text(i, k, sizeof k);
		mw_w_text(ui, LINES - 1, x, COLS - x, MW_R_NORMAL, k);
		x += mw_w_width(k);
		mw_w_text(ui, LINES - 1, x, COLS - x, MW_R_KEY, l);
		if (l[0] == fkeys[i].letter[0] && x < COLS) /* the letter key: underlined */
			mvchgat(LINES - 1, x, 1, (a & ~A_COLOR) | A_UNDERLINE, PAIR_NUMBER(a),
			        NULL);
		x += mw_w_width(l) + 1;
	}
}
