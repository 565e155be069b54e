/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_journal.c - `meterwise journal [--json] [--tail N]`: the journal of
 * writes (journal.h), one line per entry, or the JSON lines as stored.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "journal.h"

/* The string or number of "key" in one flat JSON line written by journal.c. */
static void field(const char *line, const char *key, char *out, size_t sz)
{
	char pat[64];
	const char *p;
	size_t n = 0;

	out[0] = '\0';
	snprintf(pat, sizeof pat, "\"%s\":", key);
	p = strstr(line, pat);
	if (!p)
		return;
	p += strlen(pat);
	if (*p == '"') {
		for (p++; *p && *p != '"' && n + 1 < sz; p++) {
			if (*p == '\\' && p[1]) {
				p++;
				out[n++] = *p == 'n' ? ' ' : *p == 't' ? ' ' : *p;
				continue;
			}
			out[n++] = *p;
		}
	} else {
		for (; *p && *p != ',' && *p != '}' && n + 1 < sz; p++)
			out[n++] = *p;
	}
	out[n] = '\0';
}

static void print_entry(const char *line)
{
	char t[40], port[256], baud[16], fmt[8], addr[8], model[64], kind[8], name[64], old[128],
	    new[128], outcome[32], where[96], msg[512];

	field(line, "time", t, sizeof t);
	field(line, "port", port, sizeof port);
	field(line, "baud", baud, sizeof baud);
	field(line, "format", fmt, sizeof fmt);
	field(line, "address", addr, sizeof addr);
	field(line, "model", model, sizeof model);
	field(line, "kind", kind, sizeof kind);
	field(line, "setting", name, sizeof name);
	field(line, "old", old, sizeof old);
	field(line, "new", new, sizeof new);
	field(line, "outcome", outcome, sizeof outcome);
	field(line, "where", where, sizeof where);
	field(line, "message", msg, sizeof msg);
	printf("%s  %s", t, port);
	if (*baud)
		printf(" %s %s", baud, fmt);
	printf(_(" address %s  %s  "), addr, model);
	if (strcmp(kind, "act") == 0)
		printf(_("action %s%s%s"), name, *new ? " " : "", new);
	else
		printf("%s %s -> %s", name, *old ? old : "?", *new ? new : "***");
	printf("  %s", outcome);
	if (*msg)
		printf(": %s", msg);
	printf("\n");
}

int mw_cli_journal(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, MW_OPT_JSON},
	    {"tail", required_argument, NULL, MW_OPT_TAIL},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, MW_OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	const char *path = mw_journal_path();
	char **lines = NULL, *line = NULL;
	size_t n = 0, cap = 0, lsz = 0, start = 0;
	long tail = -1;
	bool json = false;
	FILE *f;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
		switch (opt) {
		case MW_OPT_JSON:
			json = true;
			break;
		case 'n':
		case MW_OPT_TAIL: {
			char *end;

			tail = strtol(optarg, &end, 10);
			if (*end || tail < 0) {
				mw_cli_error("journal", _("--tail %s: a number of entries"),
				             optarg);
				return MW_EXIT_USAGE;
			}
			break;
		}
		case 'h':
			printf(
			    _("Usage: meterwise journal [--json] [--tail N]\n"
			      "\n"
			      "Print the journal of every write meterwise made: time, port, line\n"
			      "settings, address, model, serial and firmware where readable, "
			      "setting,\n"
			      "old and new value, and the outcome (verified, mismatch, "
			      "not-answering\n"
			      "and where the meter was looked for).  --json prints the JSON lines "
			      "as\n"
			      "stored.  The journal is %s\n"),
			    path);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			fprintf(stderr, "%s", _("Try 'meterwise journal --help'.\n"));
			return MW_EXIT_USAGE;
		}
	}
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT) {
			if (!json)
				printf(
				    _("The journal is empty (%s): nothing has been written yet.\n"),
				    path);
			return MW_EXIT_OK;
		}
		mw_cli_error("journal", _("%s: cannot read: %s"), path, strerror(errno));
		return MW_EXIT_DEVICE;
	}
	while (getline(&line, &lsz, f) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			lines = realloc(lines, cap * sizeof *lines);
			if (!lines)
				abort();
		}
		line[strcspn(line, "\n")] = '\0';
		lines[n++] = strdup(line);
	}
	free(line);
	fclose(f);
	if (tail >= 0 && (size_t)tail < n)
		start = n - (size_t)tail;
	for (size_t i = start; i < n; i++) {
		if (json)
			printf("%s\n", lines[i]);
		else
			print_entry(lines[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return MW_EXIT_OK;
}
