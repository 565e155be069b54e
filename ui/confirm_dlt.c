/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * confirm_dlt.c - the confirmation text of a prepared DL/T645 write (the
 * settings form, the daily tables and the clock, the broadcast time):
 * each setting's old and new value and what goes on the wire for it, as
 * the Actions screen says its control 0x1C: the command (0x14 write data
 * with the DI and the password level, 0x17 baud change, 0x15 write address
 * with the programming key, 0x08 broadcast time) and the 12-digit address
 * it is sent to.  When that does not fit the dialog, one line a setting
 * with the address said once.  tui.c shows it (confirm_plan).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

/* The DL/T645 wildcard and broadcast addresses (0x15, 0x08 go there). */
#define ADDR_WILDCARD  "AAAAAAAAAAAA"
#define ADDR_BROADCAST "999999999999"

/* Append to buf (length *len of sz) as printf does, never past its end. */
__attribute__((format(printf, 4, 5))) static void add(char *buf, size_t sz, size_t *len,
                                                      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len + 1 >= sz)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, sz - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < sz ? *len + (size_t)n : sz - 1;
}

/* Item it's value before, as the confirmation shows it. */
static const char *old_of(const struct mw_set_item *it)
{
	return !it->have_old ? "?" : it->old_text[0] ? it->old_text : _("(none)");
}

/* The line under item it: what is sent for it, to meter addr. */
static void wire_line(char *buf, size_t sz, size_t *len, const struct mw_set_item *it,
                      const char *addr)
{
	const struct mw_dlt *w = &it->setting->dlt;

	if (it->unchanged) {
		add(buf, sz, len, "%s", _("  unchanged: nothing is sent\n"));
		return;
	}
	switch (w->command) {
	case MW_DLT_CMD_WRITE:
		add(buf, sz, len, _("  0x14 write data: DI %08X, password level %d, meter %s\n"),
		    (unsigned)w->di, it->dlt_level, addr);
		break;
	case MW_DLT_CMD_BAUD:
		add(buf, sz, len, _("  0x17 change baud: meter %s, no password\n"), addr);
		break;
	case MW_DLT_CMD_ADDRESS:
		if (w->programming_key)
			add(buf, sz, len,
			    _("  0x15 write address: to %s (meter %s alone on the line), no "
			      "password; press the meter's programming key first\n"),
			    ADDR_WILDCARD, addr);
		else
			add(buf, sz, len,
			    _("  0x15 write address: to %s (meter %s alone on the line), no "
			      "password\n"),
			    ADDR_WILDCARD, addr);
		break;
	case MW_DLT_CMD_TIME:
		add(buf, sz, len, _("  0x08 broadcast time: to %s, no password, no reply\n"),
		    ADDR_BROADCAST);
		break;
	}
}

/* The same in a few words, at the end of the item's own line. */
static void wire_short(char *buf, size_t sz, size_t *len, const struct mw_set_item *it)
{
	const struct mw_dlt *w = &it->setting->dlt;

	if (it->unchanged) {
		add(buf, sz, len, "%s", _("  [unchanged]\n"));
		return;
	}
	switch (w->command) {
	case MW_DLT_CMD_WRITE:
		add(buf, sz, len, _("  [0x14 DI %08X, level %d]\n"), (unsigned)w->di,
		    it->dlt_level);
		break;
	case MW_DLT_CMD_BAUD:
		add(buf, sz, len, "%s", "  [0x17]\n");
		break;
	case MW_DLT_CMD_ADDRESS:
		add(buf, sz, len,
		    w->programming_key ? _("  [0x15 to %s: programming key first]\n")
		                       : _("  [0x15 to %s]\n"),
		    ADDR_WILDCARD);
		break;
	case MW_DLT_CMD_TIME:
		add(buf, sz, len, _("  [0x08 to %s]\n"), ADDR_BROADCAST);
		break;
	}
}

/* Lines text takes word-wrapped to cols columns (as the dialog wraps it). */
static int lines_of(const char *text, int cols)
{
	int n = 0;

	while (*text) {
		size_t skip;

		mw_w_break(text, cols, &skip);
		text += skip ? skip : 1;
		n++;
	}
	return n;
}

/* Item it's old and new value, without its newline when in_line. */
static void item_line(char *buf, size_t sz, size_t *len, const struct mw_set_item *it, bool in_line)
{
	size_t at = *len;

	add(buf, sz, len, _("%s: %s -> %s\n"), it->setting->label, old_of(it), it->new_text);
	if (in_line && *len > at && buf[*len - 1] == '\n')
		buf[--*len] = 0;
}

size_t mw_ui_dlt_plan_text(const struct mw_set_plan *p, const char *addr, int cols, int rows,
                           char *buf, size_t sz)
{
	size_t len = 0;

	if (sz == 0)
		return 0;
	buf[0] = 0;
	for (size_t i = 0; i < p->n_items; i++) {
		item_line(buf, sz, &len, &p->item[i], false);
		wire_line(buf, sz, &len, &p->item[i], addr);
	}
	if (lines_of(buf, cols) <= rows && len + 1 < sz)
		return len;
	/* too long for the dialog: the wire in brackets, the address once */
	len = 0;
	buf[0] = 0;
	add(buf, sz, &len, _("Frames to meter %s:\n"), addr);
	for (size_t i = 0; i < p->n_items; i++) {
		item_line(buf, sz, &len, &p->item[i], true);
		wire_short(buf, sz, &len, &p->item[i]);
	}
	return len;
}
