/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.c - append-only write journal (see journal.h).
 *
 * Each entry is one JSON object on one line, written with a single
 * write(2) to a file opened O_APPEND and then fsync'd, so concurrent
 * meterwise processes do not interleave and a crash loses at most the
 * entry being written.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "journal.h"
#include "json.h"

const char *mw_journal_path(void)
{
	static char path[PATH_MAX];
	const char *st = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (st && *st == '/')
		snprintf(path, sizeof path, "%s/meterwise/journal", st);
	else
		snprintf(path, sizeof path, "%s/.local/state/meterwise/journal",
		         home && *home ? home : ".");
	return path;
}

/* mkdir -p of the directories above path. */
static int make_parents(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Commissioning tags (mw_journal_set_context); NULL = none. */
static char *ctx_plan, *ctx_hash, *ctx_position;

static void set_tag(char **tag, const char *v)
{
	free(*tag);
	*tag = v ? strdup(v) : NULL;
}

void mw_journal_set_context(const char *plan, const char *plan_hash, const char *position)
{
	set_tag(&ctx_plan, plan);
	set_tag(&ctx_hash, plan_hash);
	set_tag(&ctx_position, position);
}

int mw_journal_append(const struct mw_journal_entry *e, char *err, size_t errsz)
{
	const char *path = mw_journal_path();
	char *line = NULL, when[40];
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	struct mw_json j;
	struct timespec ts;
	struct tm tm;
	int fd, rc = 0;

	if (!m)
		abort();
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof when - strlen(when), ".%03ldZ", ts.tv_nsec / 1000000);
	mw_json_init(&j, m, false);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "time", when);
	mw_json_str(&j, "port", e->port);
	if (e->line.baud > 0) {
		mw_json_int(&j, "baud", e->line.baud);
		mw_json_str(&j, "format", mw_format_name(e->line.format));
	}
	mw_json_int(&j, "address", e->addr);
	if (e->model)
		mw_json_str(&j, "model", e->model);
	if (e->serial && *e->serial)
		mw_json_str(&j, "serial", e->serial);
	if (e->firmware && *e->firmware)
		mw_json_str(&j, "firmware", e->firmware);
	if (e->kind)
		mw_json_str(&j, "kind", e->kind);
	if (e->setting)
		mw_json_str(&j, "setting", e->setting);
	if (e->old_value)
		mw_json_str(&j, "old", e->old_value);
	if (e->new_value)
		mw_json_str(&j, "new", e->new_value);
	if (e->outcome)
		mw_json_str(&j, "outcome", e->outcome);
	if (e->where)
		mw_json_str(&j, "where", e->where);
	if (e->message)
		mw_json_str(&j, "message", e->message);
	if (ctx_plan)
		mw_json_str(&j, "plan", ctx_plan);
	if (ctx_hash)
		mw_json_str(&j, "plan_hash", ctx_hash);
	if (ctx_position)
		mw_json_str(&j, "position", ctx_position);
	mw_json_obj_end(&j);
	fputc('\n', m);
	fclose(m);

	if (make_parents(path) < 0 ||
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errsz, _("%s: cannot open the journal: %s"), path, strerror(errno));
		free(line);
		return -1;
	}
	if (write(fd, line, len) != (ssize_t)len || fsync(fd) < 0) {
		snprintf(err, errsz, _("%s: cannot write the journal: %s"), path, strerror(errno));
		rc = -1;
	}
	close(fd);
	free(line);
	return rc;
}
