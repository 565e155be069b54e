/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shell_complete_test.c - completion of `meterwise shell` through readline's
 * own rl_completion_matches(): command names, setting names (NAME=) and
 * enumeration values (NAME=VALUE) as the device files give them, actions,
 * models, formats; and the line splitter.  Expected names come from
 * devices/jsy-mk-333.yaml and devices/kpm33b.yaml (the manuals).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "devload.h"
#include "shell.h"
#include "tap.h"

static char **got;
static bool no_space, files;

/* Complete the last word of line (after its last space). */
static int complete(const char *line)
{
	const char *sp = strrchr(line, ' ');
	int start = sp ? (int)(sp - line) + 1 : 0;

	if (got) {
		for (size_t i = 0; got[i]; i++)
			free(got[i]);
		free(got);
	}
	got = mw_shell_complete(line, start, (int)strlen(line), &no_space, &files);
	return got ? 1 : 0;
}

/* Is s among the matches (after the common prefix in got[0])? */
static int has(const char *s)
{
	if (!got)
		return 0;
	if (!got[1])
		return strcmp(got[0], s) == 0;
	for (size_t i = 1; got[i]; i++)
		if (strcmp(got[i], s) == 0)
			return 1;
	return 0;
}

static size_t count(void)
{
	size_t n = 0;

	if (!got)
		return 0;
	if (!got[1])
		return 1;
	while (got[n + 1])
		n++;
	return n;
}

int main(void)
{
	struct mw_catalog cat = {0};
	char **argv;
	int n;

	if (mw_devload_all(&cat, NULL) <= 0) {
		printf("1..0 # SKIP no device files (set MW_DEVICES_PATH)\n");
		return 0;
	}
	mw_shell_complete_setup(&cat, NULL);

	complete("se");
	ok(got && !got[1] && strcmp(got[0], "set") == 0, "\"se\" completes to the command set");
	complete("sc");
	ok(has("scan") && count() == 1, "\"sc\" completes to scan");

	complete("set -m jsy-mk-333 volt");
	ok(got && !got[1] && strcmp(got[0], "voltage_limit=") == 0,
	   "JSY-MK-333: \"volt\" completes to voltage_limit=");
	ok(no_space, "no space after NAME=");
	complete("set -m jsy-mk-333 format=");
	ok(count() == 4 && has("format=8N1") && has("format=8E1") && has("format=8O1") &&
	       has("format=8N2"),
	   "JSY-MK-333 format= offers its four choices 8N1 8E1 8O1 8N2 (register 0x0004 bits 7-6)");
	ok(!no_space, "a space after a finished NAME=VALUE choice list");
	complete("set -m jsy-mk-333 baud=");
	ok(count() == 3 && has("baud=4800") && has("baud=9600") && has("baud=19200"),
	   "JSY-MK-333 baud= offers 4800 9600 19200");
	complete("set -m kpm33b baud=1");
	ok(count() == 2 && has("baud=1200") && has("baud=19200"),
	   "KPM33B baud=1 offers 1200 and 19200");
	complete("set -m kpm33b ");
	ok(has("load_threshold=") && has("address=") && has("prepaid_energy="),
	   "KPM33B settings are offered");
	ok(!has("clock=") && !has("tariff_schedule="),
	   "KPM33B settings the manual leaves open (clock, tariff schedule) are not offered");
	ok(!has("voltage_limit="), "a JSY-MK-333 setting is not offered for -m kpm33b");
	complete("set ");
	ok(has("voltage_limit=") && has("load_threshold="),
	   "without a model, the settings of every model are offered");

	complete("act -m jsy-mk-333 cl");
	ok(got && !got[1] && strcmp(got[0], "clear_energy") == 0,
	   "JSY-MK-333 actions: \"cl\" completes to clear_energy");
	complete("act -m kpm33b relay_o");
	ok(count() == 2 && has("relay_on") && has("relay_off"), "KPM33B relay_on and relay_off");
	ok(!has("forced_power_off"), "an action held back by a gap is not offered");
	complete("read -m kp");
	ok(got && strcmp(got[0], "kpm33b") == 0, "models complete after -m");
	complete("read -f 8");
	ok(count() == 4, "formats complete after -f");
	complete("read --js");
	ok(got && strcmp(got[0], "--json") == 0, "options complete");
	complete("read -p /dev/tt");
	ok(!got && files, "after -p, file names are left to readline");

	/* With `use` choosing a KPM33B, `set` offers its settings alone. */
	mw_shell_complete_setup(&cat, mw_catalog_find(&cat, "kpm33b"));
	complete("set volt");
	ok(!got, "use kpm33b: voltage_limit is not offered");
	complete("set load_t");
	ok(got && strcmp(got[0], "load_threshold=") == 0, "use kpm33b: load_threshold=");

	n = mw_shell_split("set clock=\"2026-01-02 03:04:05\" 'a b'\\ c --yes", &argv);
	ok(n == 4 && !strcmp(argv[1], "clock=2026-01-02 03:04:05") && !strcmp(argv[2], "a b c") &&
	       !strcmp(argv[3], "--yes"),
	   "split: quotes and backslashes as in sh");
	mw_shell_free(argv);
	ok(mw_shell_split("read 'open", &argv) < 0, "split: an unclosed quote is an error");

	complete("zz");
	mw_shell_complete_setup(NULL, NULL);
	mw_catalog_free(&cat);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
