/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - the frame log: plain lines, flushed after each, see log.h.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "sim.h"

static FILE *log_file;

int sim_log_open(const char *path, char *err, size_t errsz)
{
	log_file = fopen(path, "a");
	if (!log_file) {
		snprintf(err, errsz, _("%s: cannot open the frame log: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

void sim_log_frame(double t, const char *dir, const uint8_t *b, size_t n, const char *comment)
{
	if (!log_file)
		return;
	fprintf(log_file, "%.3f %s", t, dir);
	for (size_t i = 0; i < n; i++)
		fprintf(log_file, " %02X", b[i]);
	if (comment && *comment)
		fprintf(log_file, " # %s", comment);
	fputc('\n', log_file);
	fflush(log_file);
}

void sim_log_note(const char *fmt, ...)
{
	va_list ap;

	if (!log_file)
		return;
	fprintf(log_file, "%.3f -- ", sim_now());
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
	fflush(log_file);
}

void sim_log_close(void)
{
	if (log_file)
		fclose(log_file);
	log_file = NULL;
}
