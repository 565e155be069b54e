/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.c - the frame trace (see trace.h): one line per frame, written
 * whole under the stream's lock so that threads do not interleave.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "i18n.h"
#include "trace.h"

static FILE *trace_out;
static int trace_owned; /* opened here, closed by mw_trace_close */
/* The secret bytes of this thread's frames (mw_trace_secret); n 0: none. */
static _Thread_local struct mw_trace_secret secret;

void mw_trace_secret(const struct mw_trace_secret *s)
{
	if (s)
		secret = *s;
	else
		memset(&secret, 0, sizeof secret);
}

/* Is byte i of frame p of len bytes (of kind k, direction d) one to mask? */
static bool masked(const uint8_t *p, size_t len, size_t i, enum mw_trace_dir d,
                   enum mw_trace_kind k)
{
	size_t from, n, skip = 0;

	if (k == MW_TRACE_NOISE || k == MW_TRACE_LINE_SET)
		return false;
	if (d == MW_TRACE_OUT || k == MW_TRACE_ECHO) {
		from = secret.req_from;
		n = secret.req_n;
	} else {
		from = secret.rep_from;
		n = secret.rep_n;
	}
	if (n == 0)
		return false;
	while (skip < i && p[skip] == 0xFE)
		skip++;
	if (p[i] == 0xFE && skip == i)
		return false; /* a wake-up byte */
	if (secret.check_n && len >= secret.check_back && i >= len - secret.check_back &&
	    i < len - secret.check_back + secret.check_n)
		return true;
	return i - skip >= from && i - skip < from + n;
}

int mw_trace_open(const char *file, char *err, size_t errsz)
{
	FILE *f;

	mw_trace_close();
	if (!file || !*file || strcmp(file, "-") == 0) {
		trace_out = stderr;
		return 0;
	}
	f = fopen(file, "a");
	if (!f) {
		snprintf(err, errsz, _("--trace=%s: cannot open: %s"), file, strerror(errno));
		return -1;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	trace_out = f;
	trace_owned = 1;
	return 0;
}

void mw_trace_close(void)
{
	if (trace_out && trace_owned)
		fclose(trace_out);
	trace_out = NULL;
	trace_owned = 0;
}

int mw_trace_on(void)
{
	return trace_out != NULL;
}

/* The word for a kind, padded in the output. */
static const char *kind_name(enum mw_trace_kind k)
{
	static const char *const names[] = {"request",   "reply",   "exception",
	                                    "crc-error", "garbled", "noise",
	                                    "timeout",   "echo",    "line-set"};

	return k <= MW_TRACE_LINE_SET ? names[k] : "?";
}

void mw_trace_frame(const char *port, enum mw_trace_dir dir, enum mw_trace_kind kind,
                    const uint8_t *p, size_t n, int wait_ms)
{
	char line[64 + 3 * 512 + 64];
	struct timeval tv;
	struct tm tm;
	size_t len;

	if (!trace_out)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	len = (size_t)snprintf(line, sizeof line, "%02d:%02d:%02d.%06ld %s %c %-9s", tm.tm_hour,
	                       tm.tm_min, tm.tm_sec, (long)tv.tv_usec, port,
	                       dir == MW_TRACE_OUT ? '>' : '<', kind_name(kind));
	if (kind == MW_TRACE_TIMEOUT)
		len +=
		    (size_t)snprintf(line + len, sizeof line - len, " (nothing in %d ms)", wait_ms);
	if (kind == MW_TRACE_LINE_SET)
		len += (size_t)snprintf(line + len, sizeof line - len, " %s", (const char *)p);
	if (kind == MW_TRACE_LINE_SET)
		n = 0;
	for (size_t i = 0; i < n && i < 512 && len + 4 < sizeof line; i++)
		len += masked(p, n, i, dir, kind)
		           ? (size_t)snprintf(line + len, sizeof line - len, " **")
		           : (size_t)snprintf(line + len, sizeof line - len, " %02X", p[i]);
	if (n > 512 && len + 5 < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, " ...");
	flockfile(trace_out);
	fprintf(trace_out, "%s\n", line);
	fflush(trace_out);
	funlockfile(trace_out);
}
