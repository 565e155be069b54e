/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_journal.c - `meterwise journal [--json] [--tail N]`: the journal of
 * writes (journal.h), one line per entry, or the JSON lines as stored.
 * Corrupt lines are reported as such (path:line), never shown as writes.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "journal.h"
#include "xalloc.h"

int mw_cli_journal(int argc, char **argv)
{
	const char *path = mw_journal_path();
	struct mw_journal jr;
	char err[512];
	size_t start = 0, *shown, n_shown = 0;
	long tail = -1;
	bool json = false;
	int opt;

	optind = 1;
	while ((opt = mw_cli_getopt("journal", argc, argv)) != -1) {
		switch (opt) {
		case MW_OPT_JSON:
			json = true;
			break;
		case 'n':
			if (mw_cli_parse_uint(optarg, 0, 100000000, &tail) < 0) {
				mw_cli_error("journal",
				             _("--tail %s: a number of entries, 0 or more"),
				             optarg);
				return MW_EXIT_USAGE;
			}
			break;
		case 'h':
			mw_cli_usage("journal", stdout);
			printf(_("\nThe journal is %s\n"), path);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("journal");
			return MW_EXIT_USAGE;
		}
	}
	if (mw_journal_load(path, &jr, err, sizeof err) < 0) {
		mw_cli_error("journal", "%s", err);
		return MW_EXIT_DEVICE;
	}
	if (jr.n == 0) {
		if (!json)
			printf(_("The journal is empty (%s): nothing has been written yet.\n"),
			       path);
		mw_journal_free(&jr);
		return MW_EXIT_OK;
	}
	/* For people, an intent is shown only when no result followed it. */
	shown = mw_xcalloc(jr.n ? jr.n : 1, sizeof *shown);
	for (size_t i = 0; i < jr.n; i++)
		if (json || jr.rec[i].corrupt ||
		    strcmp(mw_journal_field(&jr.rec[i], "kind"), "intent") != 0 ||
		    !mw_journal_has_result(&jr, i))
			shown[n_shown++] = i;
	if (tail >= 0 && (size_t)tail < n_shown)
		start = n_shown - (size_t)tail;
	for (size_t k = start; k < n_shown; k++) {
		const struct mw_journal_rec *r = &jr.rec[shown[k]];

		if (r->corrupt) {
			char raw[64];

			/* Never shown as a write: say where it is and what it holds. */
			snprintf(raw, sizeof raw, "%s", r->raw);
			for (char *c = raw; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					*c = '?';
			if (!json)
				printf(_("%s:%zu: corrupt entry, not a journal record: %s\n"), path,
				       r->lineno, raw);
		} else if (json) {
			printf("%s\n", r->raw);
		} else {
			{
				char line[2048];

				mw_journal_format(&jr, shown[k], line, sizeof line);
				printf("%s\n", line);
			}
		}
	}
	free(shown);
	if (jr.n_corrupt)
		mw_cli_error("journal",
		             _("warning: %zu corrupt line(s) in %s (a torn write or an edit); "
		               "they are not writes"),
		             jr.n_corrupt, path);
	mw_journal_free(&jr);
	return MW_EXIT_OK;
}
