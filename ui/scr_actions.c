/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scr_actions.c - the device file's actions (clear energy, relay on/off,
 * ...) with confirmation in proportion to the damage: none, y/n, or
 * typing the device's address for what destroys data.  The state the
 * action changes (a relay) is shown where the device file reads it, and
 * the session reads it back after the action.  Actions the
 * manual leaves unclear (gaps) are listed with the reason, not run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

/* The screen's own state (mw_ui_state). */
struct actions {
	int row; /* the action under the cursor */
};

static int *cursor(struct mw_ui *ui)
{
	struct actions *a = mw_ui_state(ui, MW_SCR_ACTIONS, sizeof *a);

	return &a->row;
}

/* The device's value read from the register an action writes (a relay's
 * state), as the last poll read it, or "" when the file has none. */
static void state_of(const struct mw_session_dev *d, const struct mw_action *a, char *buf,
                     size_t sz)
{
	buf[0] = 0;
	if (d->protocol == MW_PROTO_DLT645) {
		/* control 0x1C: status word 3 says what the relay does */
		if (d->pp.relay_open >= 0)
			snprintf(buf, sz, _("relay %s (status word 3)"),
			         d->pp.relay_open ? _("open") : _("closed"));
		return;
	}
	for (size_t i = 0; i < d->model->n_values; i++) {
		const struct mw_value *v = &d->model->values[i];

		if (v->table == a->table && v->reg == a->reg && d->text && d->text[i][0]) {
			snprintf(buf, sz, "%s: %s", v->label, d->text[i]);
			return;
		}
	}
}

/* A DL/T645 meter's broadcast-time setting (0x08 to 99x6), or NULL. */
static const struct mw_setting *time_sync(const struct mw_session_dev *d)
{
	if (d->protocol != MW_PROTO_DLT645)
		return NULL;
	for (size_t k = 0; k < d->model->n_settings; k++)
		if (d->model->settings[k].dlt.command == MW_DLT_CMD_TIME &&
		    !d->model->settings[k].gap)
			return &d->model->settings[k];
	return NULL;
}

static void actions_draw(struct mw_ui *ui)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	int *rowp = cursor(ui), row = *rowp;
	char now[160];
	char buf[400];
	int y = 2;

	if (!d || !d->model) {
		mw_w_text(
		    ui, y, 1, COLS - 2, MW_R_DIM,
		    _("No device with a device file selected: choose one on the scan screen"));
		return;
	}
	if (d->model->n_actions == 0) {
		mw_w_text(ui, y, 1, COLS - 2, MW_R_DIM, _("This device file has no actions."));
		return;
	}
	if (row >= (int)d->model->n_actions)
		row = *rowp = 0;
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, _("Action"), 34);
	mw_w_cell(buf, sizeof buf, _("Register"), 10);
	mw_w_cell(buf, sizeof buf, _("Confirmation"), 0);
	mw_w_text(ui, y++, 1, COLS - 2, MW_R_LABEL, buf);
	for (size_t i = 0; i < d->model->n_actions && y < LINES - 5; i++) {
		const struct mw_action *a = &d->model->actions[i];
		const char *conf = a->confirm == MW_CONFIRM_ADDRESS ? _("type the address")
		                   : a->confirm == MW_CONFIRM_YES   ? _("y/n")
		                                                    : _("none");
		char reg[16] = "-";

		if (!a->gap && d->protocol == MW_PROTO_DLT645)
			snprintf(reg, sizeof reg, "1C %02X", a->dlt.control);
		else if (!a->gap)
			snprintf(reg, sizeof reg, "0x%04X", a->reg);
		buf[0] = 0;
		mw_w_cell(buf, sizeof buf, a->label, 34);
		mw_w_cell(buf, sizeof buf, reg, 10);
		mw_w_cell(buf, sizeof buf, a->gap ? _("not available (gap)") : conf, 0);
		mw_w_text(ui, y++, 1, COLS - 2, (int)i == row ? MW_R_SELECT : MW_R_NORMAL, buf);
	}
	y++;
	{
		const struct mw_action *a = &d->model->actions[row];

		/* what the register it writes reads now (a relay: on/off) */
		state_of(d, a, now, sizeof now);
		if (now[0]) {
			/* L10N: the state an action changes, as last read: "Relay (DO1): 1" */
			snprintf(buf, sizeof buf, _("now %s"), now);
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_OK, buf);
		}
		if (a->gap)
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_WARN, a->gap);
		if (a->note)
			mw_w_text(ui, y++, 1, COLS - 2, MW_R_DIM, a->note);
	}
	if (time_sync(d) && y < LINES - 4)
		mw_w_text(ui, y + 1, 1, COLS - 2, MW_R_NORMAL,
		          _("t  broadcast this computer's time (0x08 to 99x6, at this meter's line "
		            "settings), then read its clock back"));
}

/* Ask for the action under the cursor, as firmly as it deserves. */
static void run_action(struct mw_ui *ui, const struct mw_session_dev *d)
{
	const struct mw_action *a = &d->model->actions[*cursor(ui)];
	struct mw_session_cmd c = {.kind = MW_SESSION_CMD_ACT, .dev = mw_ui_dev_index(ui)};
	char text[600], addr[16], words[200] = "";
	size_t len = 0;

	if (a->gap) {
		mw_ui_info(ui, a->label, a->gap);
		return;
	}
	if (a->has_param) {
		mw_ui_info(ui, a->label,
		           _("This action takes a parameter: run it with `meterwise act`."));
		return;
	}
	for (size_t i = 0; i < a->n_words && len + 8 < sizeof words; i++)
		len += snprintf(words + len, sizeof words - len, " 0x%04X", a->words[i]);
	mw_text_copy(c.name, sizeof c.name, a->name);
	if (d->protocol == MW_PROTO_DLT645)
		snprintf(text, sizeof text,
		         _("%s\nsends control 0x1C (type 0x%02X, password level %d) to meter %s;\n"
		           "status word 3 is read back."),
		         a->label, a->dlt.control, a->dlt.password, d->dlt_addr);
	else if (a->table == MW_TABLE_COIL)
		snprintf(text, sizeof text, _("%s\nwrites coil 0x%04X =%s (FC05) at address %d."),
		         a->label, a->reg, words, d->addr);
	else
		snprintf(text, sizeof text, _("%s\nwrites%s at register 0x%04X at address %d."),
		         a->label, words, a->reg, d->addr);
	mw_ui_dev_addr(d, addr, sizeof addr);
	switch (a->confirm) {
	case MW_CONFIRM_NONE:
		mw_ui_run(ui, &c, _("running..."), true);
		break;
	case MW_CONFIRM_YES:
		mw_ui_confirm(ui, _("Run this action?"), text, NULL, &c);
		break;
	case MW_CONFIRM_ADDRESS:
		snprintf(text + strlen(text), sizeof text - strlen(text), "\n%s",
		         _("This destroys data on the meter and cannot be undone."));
		mw_ui_confirm(ui, _("Destroy data?"), text, addr, &c);
		break;
	}
}

static enum mw_key_result actions_key(struct mw_ui *ui, int ch)
{
	const struct mw_session_dev *d = mw_ui_dev(ui);
	int *row = cursor(ui);

	if (!d || !d->model || d->model->n_actions == 0)
		return MW_KEY_IGNORED;
	switch (ch) {
	case KEY_UP:
		*row = *row > 0 ? *row - 1 : 0;
		return MW_KEY_HANDLED;
	case KEY_DOWN:
		*row = *row + 1 < (int)d->model->n_actions ? *row + 1 : *row;
		return MW_KEY_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		run_action(ui, d);
		return MW_KEY_HANDLED;
	case 't':
		if (time_sync(d)) {
			/* prepared like a setting: the confirmation, then the
			   broadcast and this meter's clock read back */
			struct mw_session_cmd c = {.kind = MW_SESSION_CMD_PREPARE,
			                           .dev = mw_ui_dev_index(ui)};

			mw_text_copy(c.name, sizeof c.name, time_sync(d)->name);
			mw_text_copy(c.text, sizeof c.text, "now");
			mw_ui_run(ui, &c, _("reading what the write changes..."), true);
			return MW_KEY_HANDLED;
		}
		return MW_KEY_IGNORED;
	default:
		return MW_KEY_IGNORED;
	}
}

const struct mw_screen mw_scr_actions = {
    .name = N_("Actions"),
    .keys = N_("Up/Down choose  Enter run (asks first)  t time sync (DL/T645)"),
    .help = N_("The commands the device file gives: clearing energy, relays, ...\n"
               "Each asks in proportion to the damage: nothing, y/n, or, for what destroys\n"
               "data (clearing energy), typing the device's address.  The result and the\n"
               "journal entry are shown.  Actions marked as gaps are not run: the manual\n"
               "does not say clearly how.  Where the device file reads the register an\n"
               "action writes (a relay's state), its value is shown beside the action and\n"
               "read back after it: \"verified\" when it holds what was written.\n"
               "A DL/T645 control (relay trip/close) refused for the meter's password\n"
               "offers a field for it (LEVEL:PPPPPP, shown as *): Enter sends it again,\n"
               "once; Esc sends nothing.  The meter's password is then kept until\n"
               "meterwise ends, in memory only (or give meterwise --password)."),
    .draw = actions_draw,
    .key = actions_key,
};
