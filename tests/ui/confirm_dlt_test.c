/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * confirm_dlt_test.c - the confirmation of a prepared DL/T645 write
 * (ui/confirm_dlt.c) says what goes on the wire for each setting of
 * devices/prepaid-dlt645.yaml: 0x14 with the DI, the password level and the
 * 12-digit address, 0x17, 0x15 with the programming key, 0x08; and when
 * that would not fit the dialog it takes one line a setting, within the
 * rows given.  No terminal needed.
 */
#include "config.h"

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "devload.h"
#include "ui.h"

#define ADDR "240512000102"

/* Add setting `name` old -> new (level: the password level sent) to p. */
static void item(struct mw_set_plan *p, const char *name, const char *old, const char *nw,
                 int level)
{
	struct mw_set_item *it = &p->item[p->n_items++];

	memset(it, 0, sizeof *it);
	it->setting = mw_model_setting(p->model, name);
	it->have_old = old != NULL;
	snprintf(it->old_text, sizeof it->old_text, "%s", old ? old : "");
	snprintf(it->new_text, sizeof it->new_text, "%s", nw);
	it->dlt_level = level;
}

/* Does text match the extended regular expression re? */
static int like(const char *text, const char *re, const char *what)
{
	regex_t r;
	int m;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return ok(0, "%s (bad pattern /%s/)", what, re);
	m = regexec(&r, text, 0, NULL, 0) == 0;
	regfree(&r);
	if (!m)
		diag("/%s/ not in:\n%s", re, text);
	return ok(m, "%s", what);
}

/* Lines of text (each ends with a newline). */
static int count_lines(const char *t)
{
	int n = 0;

	for (; *t; t++)
		n += *t == '\n';
	return n;
}

/* Does every line of t fit in cols columns? */
static bool narrow(const char *t, int cols)
{
	while (*t) {
		size_t n = strcspn(t, "\n");

		if ((int)n > cols)
			return false;
		t += n + (t[n] == '\n');
	}
	return true;
}

int main(void)
{
	const char *src = getenv("top_srcdir");
	char path[4096], err[512], buf[4096];
	struct mw_set_plan p;
	struct mw_model *m;

	setlocale(LC_ALL, "C");
	snprintf(path, sizeof path, "%s/devices/prepaid-dlt645.yaml", src ? src : ".");
	m = mw_devload_file(path, err, sizeof err);
	if (!m) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	memset(&p, 0, sizeof p);
	p.model = m;
	item(&p, "alarm_credit_1", "20.00", "25", 2);
	item(&p, "baud", "2400", "4800", 0);
	mw_ui_dlt_plan_text(&p, ADDR, 72, 24, buf, sizeof buf);
	like(buf, "Credit alarm 1 \\(display\\): 20\\.00 -> 25\n", "the setting, old and new");
	like(buf,
	     "\n  0x14 write data: DI 04001001, password level 2, meter " ADDR "\n"
	     "Baud rate: 2400 -> 4800\n",
	     "under it: 0x14, its DI, the password level and the address");
	like(buf, "\n  0x17 change baud: meter " ADDR ", no password\n$",
	     "the baud: 0x17 to the meter, no password");
	ok(narrow(buf, 72), "every line fits the dialog's 72 columns");

	/* the clock: date and time DIs; the broadcast time; the address */
	memset(&p, 0, sizeof p);
	p.model = m;
	item(&p, "time", "10:00:00", "now", 2);
	item(&p, "date", "2026-11-27", "now", 2);
	mw_ui_dlt_plan_text(&p, ADDR, 72, 24, buf, sizeof buf);
	like(buf, "Time: 10:00:00 -> now\n  0x14 write data: DI 04000102, password level 2",
	     "the clock's time by DI 04000102");
	like(buf, "Date: 2026-11-27 -> now\n  0x14 write data: DI 04000101, password level 2",
	     "its date by DI 04000101");
	memset(&p, 0, sizeof p);
	p.model = m;
	item(&p, "clock_sync", NULL, "now", 0);
	item(&p, "address", ADDR, "240512000150", 0);
	mw_ui_dlt_plan_text(&p, ADDR, 72, 24, buf, sizeof buf);
	like(buf, "Broadcast time: \\? -> now\n  0x08 broadcast time: to 999999999999, no password",
	     "the broadcast time: 0x08 to 99x6");
	like(buf,
	     "  0x15 write address: to AAAAAAAAAAAA \\(meter " ADDR
	     " alone on the line\\), no password; press the meter's programming key first\n",
	     "the address: 0x15 to AAx6, the programming key pressed first");
	p.item[0].unchanged = true;
	mw_ui_dlt_plan_text(&p, ADDR, 72, 24, buf, sizeof buf);
	like(buf, "-> now\n  unchanged: nothing is sent\n", "an unchanged setting: nothing sent");

	/* too many lines for the dialog: one line a setting, the address once */
	memset(&p, 0, sizeof p);
	p.model = m;
	item(&p, "alarm_credit_1", "20.00", "25", 2);
	item(&p, "alarm_credit_2", "5.00", "6", 2);
	item(&p, "overdraft_limit", "0.00", "10", 2);
	item(&p, "zone_count", "1", "2", 2);
	item(&p, "table_count", "2", "3", 2);
	item(&p, "period_count", "4", "5", 2);
	item(&p, "tariff_count", "4", "3", 4);
	item(&p, "baud", "2400", "4800", 0);
	mw_ui_dlt_plan_text(&p, ADDR, 72, 15, buf, sizeof buf);
	ok(count_lines(buf) == 9, "8 settings in 15 rows: one line each and the address (%d)",
	   count_lines(buf));
	like(buf, "^Frames to meter " ADDR ":\n", "the address said once, first");
	like(buf, "\nTariffs: 4 -> 3  \\[0x14 DI 04000204, level 4\\]\n",
	     "each setting with its command, DI and password level in brackets");
	like(buf, "\nBaud rate: 2400 -> 4800  \\[0x17\\]\n$", "the baud: 0x17");
	ok(narrow(buf, 72), "every line fits the dialog's 72 columns");
	mw_ui_dlt_plan_text(&p, ADDR, 72, 16, buf, sizeof buf);
	ok(count_lines(buf) == 16, "in 16 rows: two lines a setting (%d)", count_lines(buf));

	mw_model_free(m);
	done_testing();
}
