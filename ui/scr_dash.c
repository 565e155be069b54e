/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_dash.c - the dashboard of the selected device: a per-phase table
 * (L1, L2, L3, total) of the values the device file gives by quantity,
 * frequency, direction and alarm flags, the phasor diagram beside the
 * table with the wiring verdicts under them, and a sparkline of total
 * power.  Meters of
 * kind dc get a table with one row per channel instead.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

void mw_ui_format_value(const struct mw_session_dev *d, size_t i, char *buf, size_t bufsz)
{
	/* the engine's text (mw_reading_format): the same digits as read --json */
	const char *t = d->text && i < d->rd.n_values ? d->text[i] : "";

	snprintf(buf, bufsz, "%s", *t ? t : "-");
}

/* Rows of the AC table: a quantity per row. */
static const struct {
	enum mw_quantity q;
	const char *label;
} rows[] = {
    {MW_Q_VOLTAGE, N_("Voltage")},
    {MW_Q_CURRENT, N_("Current")},
    {MW_Q_ACTIVE_POWER, N_("Active P")},
    {MW_Q_REACTIVE_POWER, N_("Reactive Q")},
    {MW_Q_APPARENT_POWER, N_("Apparent S")},
    {MW_Q_POWER_FACTOR, N_("Power factor")},
    {MW_Q_ACTIVE_ENERGY, N_("Energy")},
    {MW_Q_ACTIVE_ENERGY_IMPORT, N_("Import")},
    {MW_Q_ACTIVE_ENERGY_EXPORT, N_("Export")},
    {MW_Q_REACTIVE_ENERGY, N_("Q energy")},
};

#define LABEL_W 16 /* columns: "Leistungsfaktor" fits */
#define COL_W   (COLS >= 100 ? 11 : 10)
#define AGE_W   6 /* columns: a row's age, "0.3s" or "12s!" when stale */

/* Is phase k's active power flowing backwards (flag or sign)? */
static int reversed(const struct mw_session_dev *d, int k)
{
	const struct mw_model *m = d->model;

	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->type != MW_T_BITS || d->rd.raw_flags[i] < 0)
			continue;
		for (size_t f = 0; f < v->n_flags; f++)
			if (v->flags[f].meaning == MW_F_REVERSE_ACTIVE &&
			    v->flags[f].phase == (enum mw_phase)(MW_PHASE_L1 + k))
				return (d->rd.raw_flags[i] >> v->flags[f].bit) & 1;
	}
	if (isnan(d->ph.p[k]) && k == 0 && m->kind == MW_KIND_AC1 && !isnan(d->ph.p_total))
		return d->ph.p_total < 0; /* single phase: its total is L1's */
	return isnan(d->ph.p[k]) ? -1 : d->ph.p[k] < 0;
}

/* The age of a row at the right of its label (its oldest value): "0.3s";
 * a stale row's age is marked "!" and shown as a warning. */
static void row_age(struct mw_ui *ui, int y, int x, double age, bool stale)
{
	char t[16], cell[24];

	if (age < 0)
		return;
	mw_ui_age_text(age, t, sizeof t);
	snprintf(cell, sizeof cell, " %4s%s", t, stale ? "!" : " ");
	mw_w_text(ui, y, x, AGE_W, stale ? MW_R_WARN : MW_R_DIM, cell);
}

/* The per-phase table; returns the next free row. */
static int ac_table(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	static const char *const heads[4] = {"L1", "L2", "L3", N_("Total")};
	static const enum mw_role ph_role[4] = {MW_R_L1, MW_R_L2, MW_R_L3, MW_R_LABEL};
	int x0 = 1 + LABEL_W;
	char buf[64];

	/* a single-phase meter: one column, L1, with what it measures in total */
	int n_col = d->model->kind == MW_KIND_AC1 ? 1 : 4;

	for (int c = 0; c < n_col; c++) {
		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, c == 3 ? _(heads[c]) : heads[c], -COL_W);
		mw_w_text(ui, y, x0 + c * COL_W, COL_W, ph_role[c], buf);
	}
	mw_w_text(ui, y, x0 + 4 * COL_W, AGE_W, MW_R_LABEL, _("  Age"));
	y++;
	for (size_t r = 0; r < sizeof rows / sizeof rows[0] && y < LINES - 8; r++) {
		const char *unit = "";
		bool any = false;
		double age = -1; /* the row's oldest value, s */
		bool stale;

		for (int c = 0; c < 4; c++) {
			const struct mw_value *v = mw_model_find(
			    d->model, rows[r].q, c == 3 ? MW_PHASE_TOTAL : MW_PHASE_L1 + c);
			double a = v ? mw_ui_age(d, (size_t)(v - d->model->values)) : -1;

			if (a > age)
				age = a;
		}
		stale = age > mw_ui_stale_after(ui, d);

		for (int c = 0; c < n_col; c++) {
			const struct mw_value *v = mw_model_find(
			    d->model, rows[r].q, c == 3 ? MW_PHASE_TOTAL : MW_PHASE_L1 + c);

			if (!v && n_col == 1)
				v = mw_model_find(d->model, rows[r].q, MW_PHASE_TOTAL);
			size_t i;
			enum mw_role role = MW_R_NORMAL;
			char cell[80];

			if (!v)
				continue;
			any = true;
			unit = v->unit ? v->unit : "";
			i = (size_t)(v - d->model->values);
			mw_ui_format_value(d, i, buf, sizeof buf);
			/* a phase without voltage or load has no power factor */
			if (rows[r].q == MW_Q_POWER_FACTOR && c < 3 && d->diag.dead[c] &&
			    d->model->kind == MW_KIND_AC3)
				mw_text_copy(buf, sizeof buf, "-");
			/* Too wide for the column (a float32 energy, 0.00082419644):
			   fewer significant digits rather than a cut number. */
			for (int g = 8;
			     g > 1 && mw_w_width(buf) > COL_W - 1 && !isnan(d->rd.values[i]); g--)
				mw_numfmt_people(
				    mw_numfmt_general(d->rd.values[i], g, buf, sizeof buf),
				    sizeof buf);
			if (rows[r].q == MW_Q_ACTIVE_POWER && c < 3 && reversed(d, c) == 1)
				role = MW_R_FAULT;
			if (rows[r].q == MW_Q_VOLTAGE && c < 3 && d->ph.overvoltage[c] == 1)
				role = MW_R_FAULT;
			if (rows[r].q == MW_Q_CURRENT && c < 3 && d->ph.overcurrent[c] == 1)
				role = MW_R_FAULT;
			if (stale)
				role = MW_R_DIM; /* old: not shown as live */
			cell[0] = 0;
			mw_w_cell(cell, sizeof cell, buf, -COL_W);
			mw_w_text(ui, y, x0 + c * COL_W, COL_W, role, cell);
		}
		if (!any)
			continue;
		snprintf(buf, sizeof buf, "%s %s", _(rows[r].label), unit);
		mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, buf);
		row_age(ui, y, x0 + 4 * COL_W, age, stale);
		y++;
	}
	/* direction row: the reversed phase is marked */
	mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, _("Direction"));
	for (int c = 0; c < (n_col == 1 ? 1 : 3); c++) {
		int rv = reversed(d, c);

		buf[0] = 0;
		mw_w_cell(buf, sizeof buf,
		          rv < 0 ? "-"
		          : rv   ? _("REVERSED")
		                 : _("forward"),
		          -COL_W);
		mw_w_text(ui, y, x0 + c * COL_W, COL_W, rv == 1 ? MW_R_FAULT : MW_R_OK, buf);
	}
	y++;
	if (!isnan(d->ph.freq)) {
		snprintf(buf, sizeof buf, "%*.2f", COL_W, d->ph.freq);
		mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, _("Frequency Hz"));
		mw_w_text(ui, y, x0, COL_W, MW_R_NORMAL, buf);
		if (d->ph.reverse_seq >= 0)
			mw_w_text(ui, y, x0 + COL_W + 2, 2 * COL_W,
			          d->ph.reverse_seq ? MW_R_FAULT : MW_R_OK,
			          d->ph.reverse_seq ? _("sequence L1-L3-L2")
			                            : _("sequence L1-L2-L3"));
		y++;
	}
	return y;
}

/* Flags that are set: alarms and reversals, highlighted. */
/* Energy per tariff (this month's totals), when the device file has them. */
static int tariff_line(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	const struct mw_model *m = d->model;
	int x = 1 + LABEL_W;
	char buf[80];

	for (int t = 1; t <= 4; t++) {
		for (size_t i = 0; i < m->n_values; i++) {
			const struct mw_value *v = &m->values[i];
			char val[48];

			if (v->tariff != t || v->month != 0 || v->phase != MW_PHASE_TOTAL ||
			    (v->quantity != MW_Q_ACTIVE_ENERGY &&
			     v->quantity != MW_Q_ACTIVE_ENERGY_IMPORT))
				continue;
			if (x == 1 + LABEL_W) {
				snprintf(buf, sizeof buf, _("Tariffs %s"), v->unit ? v->unit : "");
				mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, buf);
			}
			mw_ui_format_value(d, i, val, sizeof val);
			snprintf(buf, sizeof buf, "T%d %s", t, val);
			mw_w_text(ui, y, x, COLS - x, MW_R_NORMAL, buf);
			x += mw_w_width(buf) + 3;
			break;
		}
	}
	return x == 1 + LABEL_W ? y : y + 1;
}

static int flag_line(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	const struct mw_model *m = d->model;
	int x = 1 + LABEL_W;
	bool any = false;

	mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, _("Flags"));
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];

		if (v->type != MW_T_BITS || d->rd.raw_flags[i] < 0)
			continue;
		for (size_t f = 0; f < v->n_flags; f++) {
			const struct mw_flag *fl = &v->flags[f];
			int len = mw_w_width(fl->label) + 2;

			if (!((d->rd.raw_flags[i] >> fl->bit) & 1))
				continue;
			any = true;
			if (x + len > COLS) {
				x = 1 + LABEL_W;
				if (++y >= LINES - 5)
					return y;
			}
			mw_w_text(ui, y, x, len, fl->alarm ? MW_R_FAULT : MW_R_WARN, fl->label);
			x += len;
		}
	}
	if (!any)
		mw_w_text(ui, y, x, COLS - x, MW_R_OK, _("none set"));
	return y + 1;
}

/* The prepaid block of a DL/T645 prepaid meter: credit and overdraft (the
 * engine's digits), the credit-alarm stage and the relay, as the session
 * worked them out (session_dlt.c). */
static int prepaid_line(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	static const char *const stages[] = {N_("none"), N_("alarm 1"),
	                                     N_("alarm 2 (2-minute cut)"), N_("credit exhausted")};
	const struct mw_session_prepaid *pp = &d->pp;
	const struct mw_value *cv = mw_model_value(d->model, "credit");
	const struct mw_value *ov = mw_model_value(d->model, "overdraft");
	int x = 1 + LABEL_W;
	char buf[200], num[64];

	mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, _("Prepaid"));
	mw_ui_format_value(d, cv ? (size_t)(cv - d->model->values) : (size_t)-1, num, sizeof num);
	snprintf(buf, sizeof buf, _("credit %s"), num);
	mw_w_text(ui, y, x, COLS - x, MW_R_NORMAL, buf);
	x += mw_w_width(buf) + 2;
	if (ov) {
		mw_ui_format_value(d, (size_t)(ov - d->model->values), num, sizeof num);
		snprintf(buf, sizeof buf, _("overdraft %s"), num);
		mw_w_text(ui, y, x, COLS - x, MW_R_NORMAL, buf);
		x += mw_w_width(buf) + 2;
	}
	y++;
	x = 1 + LABEL_W;
	snprintf(buf, sizeof buf, _("alarm stage: %s"),
	         pp->stage >= 0 && pp->stage <= 3 ? _(stages[pp->stage]) : "-");
	mw_w_text(ui, y, x, COLS - x,
	          pp->stage >= 2   ? MW_R_FAULT
	          : pp->stage == 1 ? MW_R_WARN
	                           : MW_R_OK,
	          buf);
	x += mw_w_width(buf) + 2;
	snprintf(buf, sizeof buf, _("relay: %s"),
	         pp->relay_open < 0 ? "-"
	         : pp->relay_open   ? (pp->relay_cmd_open == 1 ? _("open (tripped)") : _("open"))
	                            : _("closed"));
	mw_w_text(ui, y, x, COLS - x, pp->relay_open == 1 ? MW_R_FAULT : MW_R_OK, buf);
	return y + 1;
}

/* Wiring verdicts from the diagnostics. */
static int verdicts(struct mw_ui *ui, const struct mw_session_dev *d, int y, int x, int w, int ymax)
{
	const struct mw_diag *dg = &d->diag;
	char buf[600];

	mw_w_text(ui, y++, x, w, MW_R_LABEL, _("Wiring check"));
	/* faults first, then warnings, then the rest */
	for (int sev = MW_SEV_FAULT; sev >= MW_SEV_INFO; sev--) {
		for (int i = 0; i < dg->n && y < ymax; i++) {
			const struct mw_diag_item *it = &dg->item[i];
			enum mw_role r = it->severity == MW_SEV_FAULT     ? MW_R_FAULT
			                 : it->severity == MW_SEV_WARNING ? MW_R_WARN
			                                                  : MW_R_OK;

			if ((int)it->severity != sev)
				continue;
			if (it->fix[0])
				snprintf(buf, sizeof buf, "%s: %s", it->what, it->fix);
			else
				mw_text_copy(buf, sizeof buf, it->what);
			/* wrapped, not cut: a fix must be read to the end */
			y += mw_w_wrap(ui, y, x, w, r, buf, ymax - y);
		}
	}
	if (dg->n == 0)
		mw_w_text(ui, y++, x, w, MW_R_DIM, _("(no verdict yet)"));
	return y;
}

/* Table of a DC meter: one row per channel. */
static int dc_table(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	static const struct {
		enum mw_quantity q;
		const char *label;
	} cols[] = {{MW_Q_VOLTAGE, N_("Voltage")},
	            {MW_Q_CURRENT, N_("Current")},
	            {MW_Q_ACTIVE_POWER, N_("Power")},
	            {MW_Q_ACTIVE_ENERGY, N_("Energy")},
	            {MW_Q_ACTIVE_ENERGY_IMPORT, N_("Energy in")},
	            {MW_Q_ACTIVE_ENERGY_EXPORT, N_("Energy out")}};
	int channels = d->model->channels > 0 ? d->model->channels : 2;
	char buf[64];

	if (channels > 2)
		channels = 2; /* phases C1 and C2 exist */
	int x, present[sizeof cols / sizeof cols[0]] = {0};

	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		for (int ch = 0; ch < channels; ch++)
			present[c] |= mw_model_find(d->model, cols[c].q, MW_PHASE_C1 + ch) != NULL;
	mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, _("Channel"));
	x = 1 + LABEL_W;
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		if (present[c]) {
			mw_w_text(ui, y, x, COL_W + 2, MW_R_LABEL, _(cols[c].label));
			x += COL_W + 2;
		}
	y++;
	for (int ch = 0; ch < channels; ch++, y++) {
		snprintf(buf, sizeof buf, "C%d", ch + 1);
		mw_w_text(ui, y, 1, LABEL_W, MW_R_LABEL, buf);
		x = 1 + LABEL_W;
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			const struct mw_value *v =
			    mw_model_find(d->model, cols[c].q, MW_PHASE_C1 + ch);
			char val[48];

			if (!present[c])
				continue;
			if (v) {
				mw_ui_format_value(d, (size_t)(v - d->model->values), val,
				                   sizeof val);
				snprintf(buf, sizeof buf, "%s %s", val, v->unit ? v->unit : "");
				mw_w_text(ui, y, x, COL_W + 1, MW_R_NORMAL, buf);
			}
			x += COL_W + 2;
		}
	}
	return y + 1;
}

static void spark_line(struct mw_ui *ui, const struct mw_session_dev *d, int y)
{
	char buf[160];
	float lo = 0, hi = 0;
	int w = COLS - 2 - 34;

	for (int i = 0; i < d->n_spark; i++) {
		lo = i == 0 || d->spark[i] < lo ? d->spark[i] : lo;
		hi = i == 0 || d->spark[i] > hi ? d->spark[i] : hi;
	}
	/* the span the line can show: one sample every MW_SESSION_SPARK_S */
	int span = (w < MW_SESSION_SPARK ? (w > 0 ? w : 0) : MW_SESSION_SPARK) * MW_SESSION_SPARK_S;

	if (span < 600)
		snprintf(buf, sizeof buf, _("P total, %d s:"), span);
	else
		snprintf(buf, sizeof buf, _("P total, %d min:"), span / 60);
	mw_w_text(ui, y, 1, 18, MW_R_LABEL, buf);
	if (w < 10)
		return;
	mw_w_spark(ui, y, 19, w, d->spark, d->n_spark);
	if (d->n_spark) {
		snprintf(buf, sizeof buf, " %.0f..%.0f W", lo, hi);
		mw_w_text(ui, y, 19 + (d->n_spark < w ? d->n_spark : w), 30, MW_R_DIM, buf);
	}
}

static void dash_draw(struct mw_ui *ui)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	int y = 2, px = 1 + LABEL_W + 4 * COL_W + AGE_W + 1, ybot = LINES - 4;
	char buf[400];

	if (!d) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM,
		          _("No device selected: choose one on the scan screen (F2)"));
		return;
	}
	if (!d->model) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_WARN,
		          _("No device file describes this device: the raw view (F8) shows its "
		            "registers"));
		return;
	}
	if (!d->have_reading) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM,
		          d->failing ? d->error : _("reading the meter..."));
		return;
	}
	if (ui->s->scan.paused)
		mw_w_text(ui, 1, 1, COLS - 2, MW_R_DIM,
		          _("the scan waits while this screen reads (F2 goes on with it)"));
	if (ui->s->conn == MW_SESSION_CONN_LOST) {
		snprintf(buf, sizeof buf, _("port disconnected: values are %.0f s old"),
		         mw_session_now() - d->last_ok_s);
		mw_w_text(ui, 1, 1, COLS - 2, MW_R_FAULT, buf);
	} else if (d->failing) {
		snprintf(buf, sizeof buf, _("no reply (%s): values are %.0f s old"), d->error,
		         mw_session_now() - d->last_ok_s);
		mw_w_text(ui, 1, 1, COLS - 2, MW_R_FAULT, buf);
	}
	if (d->model->kind == MW_KIND_DC) {
		y = dc_table(ui, d, y);
		spark_line(ui, d, ybot - 1);
		return;
	}
	y = ac_table(ui, d, y);
	if (COLS - px >= 14) {
		int ph = y - 2 < 9 ? 9 : y - 2;

		mw_w_frame(ui, 2, px, ph, COLS - px - 1, _("Phasors"));
		mw_w_phasor(ui, 3, px + 1, ph - 2, COLS - px - 3, &d->ph);
		if (y < 2 + ph)
			y = 2 + ph;
	}
	if (d->pp.valid)
		y = prepaid_line(ui, d, y);
	y = tariff_line(ui, d, y);
	y = flag_line(ui, d, y);
	y = verdicts(ui, d, y, 1, COLS - 2, ybot - 1);
	spark_line(ui, d, ybot - 1 > y ? ybot - 1 : y);
}

static enum mw_key_result dash_key(struct mw_ui *ui, int ch)
{
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_SELECT};

	if (ch == KEY_LEFT || ch == KEY_RIGHT || ch == '[' || ch == ']') {
		int n = ui->s->n_dev, i = ui->s->sel;

		if (n == 0)
			return MW_KEY_HANDLED;
		i = (i + (ch == KEY_LEFT || ch == '[' ? n - 1 : 1)) % n;
		c.dev = i;
		ui->cursor = i;
		mw_session_send(ui->session, &c);
		return MW_KEY_HANDLED;
	}
	return MW_KEY_IGNORED;
}

const struct mw_screen mw_scr_dash = {
    .name = N_("Dashboard"),
    .keys = N_("Left/Right other device  F5 settings  F7 actions"),
    .help = N_("Live values of the selected device, per phase.\nREVERSED marks a phase whose "
               "active power flows backwards (flag or sign);\nalarm flags the meter sets are "
               "highlighted.  The phasor diagram draws each\nphase's voltage (V) and current (I) "
               "from P and Q; the wiring check says what\nlooks wrong and how to fix it.  The "
               "sparkline is total active power.\nEach row shows its age; a row older than three "
               "readings is dimmed and marked !.\nWhile this screen is open the meter is read "
               "back to back (a scan waits).\n\nLeft/Right  previous/next device on the bus"),
    .draw = dash_draw,
    .key = dash_key,
};
