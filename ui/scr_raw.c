/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_raw.c - raw registers, for a meter nobody has described (or to
 * check one that is): a range read with FC03 or FC04, each register as
 * hex, unsigned and signed, and each pair of registers as float32 and
 * u32 in both word orders, as many rows as the screen has.  Registers of
 * a setting the device file marks secret (a password) are masked.
 * Refreshes about once a second.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "ui.h"

/* Registers shown: the screen's height (one more is read for the pairs). */
static int raw_rows(void)
{
	int n = LINES - 7;

	return n < 1 ? 1 : n > MW_SESSION_RAW_WORDS - 1 ? MW_SESSION_RAW_WORDS - 1 : n;
}

struct raw {
	enum mw_table table;
	int start;
	char typed[8]; /* hex start address being typed */
	unsigned long pending;
	double next_s;
	int rows; /* registers asked for (the screen's height then) */
	bool ready;
};

/* Is register reg of table t (part of) a secret setting of the device's file? */
static bool secret_reg(const struct mw_session_dev *d, enum mw_table t, int reg)
{
	for (size_t i = 0; d && d->model && i < d->model->n_settings; i++) {
		const struct mw_setting *s = &d->model->settings[i];
		int n = mw_setting_words(s);

		if (s->secret && s->table == t && reg >= s->reg && reg < s->reg + (n > 0 ? n : 1))
			return true;
	}
	return false;
}

static struct raw *state(struct mw_ui *ui)
{
	struct raw *r = mw_ui_state(ui, MW_SCR_RAW, sizeof *r);

	if (r && !r->ready) {
		r->ready = true;
		r->table = MW_TABLE_HOLDING;
	}
	return r;
}

/* Ask for a read when the last one is done and a second has passed. */
static void raw_request(struct mw_ui *ui, struct raw *r, bool now)
{
	struct mw_session_cmd c = {
	    .kind = MW_SESSION_CMD_RAW, .table = r->table, .count = raw_rows() + 1};

	if (r->rows != raw_rows())
		now = true; /* the window changed size */
	if (mw_ui_dev_index(ui) < 0 ||
	    (!now && (ui->s->cmd_done < r->pending || mw_session_now() < r->next_s)))
		return;
	r->rows = raw_rows();
	c.dev = mw_ui_dev_index(ui);
	c.reg = (uint16_t)r->start;
	r->pending = mw_session_send(ui->session, &c);
	r->next_s = mw_session_now() + 1.0;
}

static void raw_draw(struct mw_ui *ui)
{
	struct raw *r = state(ui);
	const struct mw_session_raw *rw = &ui->s->raw;
	char buf[300];
	int y = 2;
	bool mine;

	if (!r)
		return;
	if (!mw_ui_dev(ui)) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM,
		          _("No device selected: choose one on the scan screen (F2)"));
		return;
	}
	raw_request(ui, r, false);
	snprintf(buf, sizeof buf, _("%s from 0x%04X (%d)   t: FC03/FC04   g: go to %s_"),
	         r->table == MW_TABLE_INPUT ? "FC04" : "FC03", r->start, r->start, r->typed);
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_NORMAL, buf);
	mine = rw->table == r->table && rw->start == r->start;
	if (!mine) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, _("reading..."));
		return;
	}
	if (!rw->valid) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_FAULT, rw->error);
		return;
	}
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Reg"), 6);
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
	         "%-4s %5s %6s %-11s %-11s %-10s %-10s", "hex", "u16", "s16", "f32 hi-lo",
	         "f32 lo-hi", "u32 hi-lo", "u32 lo-hi");
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, buf);
	for (int i = 0; i < raw_rows() && i < rw->n && y < LINES - 3; i++, y++) {
		uint16_t w[2] = {rw->w[i], i + 1 < rw->n ? rw->w[i + 1] : 0};
		uint16_t sw[2] = {w[1], w[0]};
		int len;

		if (secret_reg(mw_ui_dev(ui), rw->table, rw->start + i)) {
			/* L10N: a register holding a password, not shown */
			snprintf(buf, sizeof buf, _("0x%04X ****  (password: not shown)"),
			         rw->start + i);
			mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, buf);
			continue;
		}
		if (!rw->have[i]) {
			snprintf(buf, sizeof buf,
			         _("0x%04X ----  (the meter refuses this register)"),
			         rw->start + i);
			mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, buf);
			continue;
		}
		len = snprintf(buf, sizeof buf, "0x%04X %04X %5u %6d", rw->start + i, w[0], w[0],
		               (int16_t)w[0]);
		if (i + 1 < rw->n && rw->have[i + 1] &&
		    !secret_reg(mw_ui_dev(ui), rw->table, rw->start + i + 1))
			snprintf(buf + len, sizeof buf - (size_t)len,
			         " %-11.4g %-11.4g %-10u %-10u",
			         mw_decode_raw(MW_T_FLOAT32, MW_WORDS_HIGH_FIRST,
			                       MW_BYTES_HIGH_FIRST, w),
			         mw_decode_raw(MW_T_FLOAT32, MW_WORDS_HIGH_FIRST,
			                       MW_BYTES_HIGH_FIRST, sw),
			         (unsigned)w[0] << 16 | w[1], (unsigned)w[1] << 16 | w[0]);
		mw_w_text(ui, y, 1, COLS - 2, MW_R_NORMAL, buf);
	}
}

static enum mw_key_result raw_key(struct mw_ui *ui, int ch)
{
	struct raw *r = state(ui);
	size_t n;

	if (!r)
		return MW_KEY_IGNORED;
	n = strlen(r->typed);
	if (n && ch != '\n' && ch != '\r' && ch != KEY_ENTER && ch != 27 && ch != KEY_BACKSPACE &&
	    ch != 127 && !strchr("0123456789abcdefABCDEF", ch)) {
		r->typed[0] = 0; /* any other key ends the typing */
		n = 0;
	}
	switch (ch) {
	case KEY_UP:
		r->start = r->start > 0 ? r->start - 1 : 0;
		break;
	case KEY_DOWN:
		r->start = r->start < 0xFFFF - raw_rows() ? r->start + 1 : r->start;
		break;
	case KEY_PPAGE:
		r->start = r->start >= raw_rows() ? r->start - raw_rows() : 0;
		break;
	case KEY_NPAGE:
		r->start = r->start < 0xFFFF - 2 * raw_rows() ? r->start + raw_rows() : r->start;
		break;
	case 't':
		r->table = r->table == MW_TABLE_INPUT ? MW_TABLE_HOLDING : MW_TABLE_INPUT;
		break;
	case 'g':
		snprintf(r->typed, sizeof r->typed, "0x");
		return MW_KEY_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (n > 2)
			r->start = (int)strtol(r->typed, NULL, 16) & 0xFFFF;
		r->typed[0] = 0;
		break;
	case 27:
		r->typed[0] = 0;
		return MW_KEY_HANDLED;
	case KEY_BACKSPACE:
	case 127:
		if (n > 2)
			r->typed[n - 1] = 0;
		return MW_KEY_HANDLED;
	default:
		if (n && n + 1 < sizeof r->typed && strchr("0123456789abcdefABCDEF", ch)) {
			r->typed[n] = (char)ch;
			r->typed[n + 1] = 0;
			return MW_KEY_HANDLED;
		}
		return MW_KEY_IGNORED;
	}
	raw_request(ui, r, true);
	return MW_KEY_HANDLED;
}

static void raw_enter(struct mw_ui *ui)
{
	struct raw *r = state(ui);

	if (r)
		raw_request(ui, r, true);
}

const struct mw_screen mw_scr_raw = {
    .name = N_("Raw registers"),
    .keys = N_("Up/Down/PgUp/PgDn move  t FC03/FC04  g go to (hex) and Enter"),
    .help = N_("Registers read as they are, for a meter without a device file: each register\n"
               "as hex, unsigned and signed 16 bits; each pair as float32 and as u32, high\n"
               "word first and low word first.  A value that looks right in one column tells\n"
               "its type and word order.\n\n"
               "Up/Down  one register   PgUp/PgDn  a screenful   t  holding/input table\n"
               "g        type a start address in hex, then Enter\n"
               "A password's registers (a secret setting of the device file) are masked."),
    .enter = raw_enter,
    .draw = raw_draw,
    .key = raw_key,
};
