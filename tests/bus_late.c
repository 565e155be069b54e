/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus_late.c - for tests/line-late.sh: reads through the bus layer, one
 * line of output per read, so the test can tell whose reply each read got.
 *
 *   bus_late PORT ADDR TIMEOUT_MS REG...
 *
 * Opens PORT at 9600 8N1 with one try per read and TIMEOUT_MS as the
 * response timeout, reads one holding register at each REG in turn, and
 * prints "REG value 0xVVVV" or "REG timeout" (or "REG error TEXT").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"

int main(int argc, char **argv)
{
	struct mw_linecfg lc = {9600, MW_FMT_8N1};
	struct mw_bus *b;
	char err[512];

	if (argc < 5) {
		fprintf(stderr, "usage: bus_late PORT ADDR TIMEOUT_MS [FORMAT:]REG...\n");
		return 2;
	}
	b = mw_bus_open(argv[1], &lc, err, sizeof err);
	if (!b) {
		fprintf(stderr, "bus_late: %s\n", err);
		return 2;
	}
	mw_bus_set_timeouts(b, atoi(argv[3]), 0);
	mw_bus_set_retries(b, 1);
	for (int i = 4; i < argc; i++) {
		const char *arg = argv[i], *colon = strchr(arg, ':');
		unsigned reg;
		uint16_t w;

		if (colon) { /* FORMAT:REG: read at that frame format (same baud) */
			char f[8];
			struct mw_linecfg to = lc;

			snprintf(f, sizeof f, "%.*s", (int)(colon - arg), arg);
			to.format = (enum mw_format)mw_format_parse(f);
			if (mw_bus_set_line(b, &to, err, sizeof err) < 0) {
				fprintf(stderr, "bus_late: %s\n", err);
				return 2;
			}
			arg = colon + 1;
		}
		reg = (unsigned)strtoul(arg, NULL, 0);
		if (mw_bus_read(b, atoi(argv[2]), MW_TABLE_HOLDING, (uint16_t)reg, 1, &w, err,
		                sizeof err) == 0)
			printf("0x%04X value 0x%04X\n", reg, w);
		else if (mw_bus_last_error(b) == MW_BUS_TIMEOUT)
			printf("0x%04X timeout\n", reg);
		else
			printf("0x%04X error %s\n", reg, err);
		fflush(stdout);
	}
	mw_bus_close(b);
	return 0;
}
