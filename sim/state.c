/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * state.c - the simulator's EEPROM.  A plain text file, one record a line:
 *
 *   device ID
 *   line ADDRESS BAUD FORMAT
 *   word TABLE REG VALUE        (holding/coil, hex)
 *   energy PHASE AI AE RI RE S  (PHASE 0..3, kWh kvarh kVAh)
 *   clock OFFSET_S
 *
 * Devices are matched by id; records of unknown devices or registers are
 * skipped, so a state survives edits to the scenario.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "physics.h"
#include "regmap.h"
#include "state.h"

int sim_state_load(struct sim_bus *bus, const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	struct sim_device *d = NULL;
	char line[512], id[256], table[16], fmt[16];
	int lineno = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, _("%s: cannot read the state: %s"), path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		unsigned reg, val;
		int a, b, k, fi;
		double e[SIM_E__COUNT], off;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "device %255s", id) == 1) {
			d = sim_bus_device(bus, id);
		} else if (!d) {
			continue;
		} else if (sscanf(line, "line %d %d %15s", &a, &b, fmt) == 3 &&
		           (fi = mw_format_parse(fmt)) >= 0) {
			d->address = a;
			d->baud = b;
			d->format = (enum mw_format)fi;
		} else if (sscanf(line, "word %15s %x %x", table, &reg, &val) == 3) {
			struct sim_word *w = sim_regmap_word(
			    d, strcmp(table, "coil") == 0 ? MW_TABLE_COIL : MW_TABLE_HOLDING,
			    (uint16_t)reg);

			if (w)
				w->val = (uint16_t)val;
		} else if (sscanf(line, "energy %d %lf %lf %lf %lf %lf", &k, &e[0], &e[1], &e[2],
		                  &e[3], &e[4]) == 6 &&
		           k >= 0 && k <= SIM_PHASES) {
			memcpy(d->energy[k], e, sizeof e);
		} else if (sscanf(line, "clock %lf", &off) == 1) {
			d->clock_offset_s = off;
		} else {
			snprintf(err, errsz,
			         _("%s:%d:1: not a state record; remove the file to start "
			           "from the scenario"),
			         path, lineno);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int sim_state_save(struct sim_bus *bus, const char *path, char *err, size_t errsz)
{
	char tmp[4096];
	FILE *f;
	double now = sim_now();
	int fd;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		snprintf(err, errsz, _("%s: cannot write the state: %s"), tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# meterwise-sim state of %s\n", bus->path ? bus->path : "?");
	for (size_t i = 0; i < bus->n_devs; i++) {
		struct sim_device *d = &bus->devs[i];

		sim_physics_accumulate(d, now, bus->time_scale);
		fprintf(f, "device %s\nline %d %d %s\n", d->id, d->address, d->baud,
		        mw_format_name(d->format));
		for (size_t j = 0; j < d->n_words; j++)
			fprintf(f, "word %s 0x%04X 0x%04X\n",
			        d->words[j].table == MW_TABLE_COIL ? "coil" : "holding",
			        d->words[j].reg, d->words[j].val);
		for (int k = 0; k <= SIM_PHASES; k++)
			fprintf(f, "energy %d %.6f %.6f %.6f %.6f %.6f\n", k, d->energy[k][0],
			        d->energy[k][1], d->energy[k][2], d->energy[k][3], d->energy[k][4]);
		fprintf(f, "clock %.0f\n", d->clock_offset_s);
	}
	if (fflush(f) != 0 || fsync(fd) != 0) {
		snprintf(err, errsz, _("%s: cannot write the state: %s"), tmp, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (rename(tmp, path) < 0) {
		snprintf(err, errsz, _("%s: cannot replace the state: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}
