/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.c - append-only write journal (see journal.h).
 *
 * Each entry is one JSON object on one line, written with a single
 * write(2) to a file opened O_APPEND and then fsync'd, so concurrent
 * meterwise processes do not interleave and a crash loses at most the
 * entry being written.  The reader (mw_journal_load) parses each line as
 * one flat JSON object and marks any other line corrupt, so a torn or
 * edited line is never taken for a write.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "journal.h"
#include "json.h"
#include "xalloc.h"
#include "isotime.h"

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
	int fd, rc = 0;

	if (!m)
		mw_oom();
	mw_iso_time(NULL, true, when, sizeof when);
	mw_json_init(&j, m, false);
	mw_json_obj_begin(&j, NULL);
	mw_json_str(&j, "time", when);
	mw_json_str(&j, "port", e->port);
	if (e->line.baud > 0) {
		mw_json_int(&j, "baud", e->line.baud);
		mw_json_str(&j, "format", mw_format_name(e->line.format));
	}
	if (e->protocol)
		mw_json_str(&j, "protocol", e->protocol);
	if (e->dlt_addr)
		mw_json_str(&j, "address", e->dlt_addr);
	else
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
	if (e->last_seen)
		mw_json_str(&j, "last_seen", e->last_seen);
	if (e->looked)
		mw_json_str(&j, "looked", e->looked);
	if (e->target)
		mw_json_str(&j, "target", e->target);
	if (e->op)
		mw_json_str(&j, "op", e->op);
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

void mw_journal_op_id(char *buf, size_t bufsz)
{
	static unsigned n;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, bufsz, "%ld-%u-%lld%03ld", (long)getpid(), ++n, (long long)ts.tv_sec,
	         ts.tv_nsec / 1000000);
}

/* Append the UTF-8 encoding of code point c to out (at most 4 bytes). */
static size_t put_utf8(char *out, unsigned c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (c >> 12));
	out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* Parse a JSON string at *p (at its quote) into a new string; NULL if malformed. */
static char *parse_string(const char **p)
{
	const char *s = *p + 1;
	size_t cap = strlen(s) + 1, n = 0;
	char *out = mw_xmalloc(cap);

	for (;; s++) {
		if (*s == '\0' || (unsigned char)*s < 0x20)
			goto bad;
		if (*s == '"')
			break;
		if (*s != '\\') {
			out[n++] = *s;
			continue;
		}
		s++;
		switch (*s) {
		case '"':
		case '\\':
		case '/':
			out[n++] = *s;
			break;
		case 'b':
			out[n++] = '\b';
			break;
		case 'f':
			out[n++] = '\f';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'u': {
			unsigned c = 0;

			for (int k = 1; k <= 4; k++) {
				if (!isxdigit((unsigned char)s[k]))
					goto bad;
				c = c * 16 +
				    (unsigned)(isdigit((unsigned char)s[k])
				                   ? s[k] - '0'
				                   : (tolower((unsigned char)s[k]) - 'a' + 10));
			}
			s += 4;
			n += put_utf8(out + n, c); /* \uXXXX takes 6 bytes, gives at most 3 */
			break;
		}
		default:
			goto bad;
		}
	}
	out[n] = '\0';
	*p = s + 1;
	return out;
bad:
	free(out);
	return NULL;
}

/* Parse a number, true, false or null at *p into a new string; NULL if malformed. */
static char *parse_scalar(const char **p)
{
	const char *s = *p;
	size_t n;
	char *out;

	if (strncmp(s, "true", 4) == 0 || strncmp(s, "null", 4) == 0)
		n = 4;
	else if (strncmp(s, "false", 5) == 0)
		n = 5;
	else {
		char *end;

		/* JSON numbers are locale-free: digits, sign, '.', exponent. */
		n = strspn(s, "-+0123456789.eE");
		if (n == 0)
			return NULL;
		(void)strtod(s, &end);
		if (*s != '-' && !isdigit((unsigned char)*s))
			return NULL;
	}
	out = mw_xstrndup(s, n);
	*p = s + n;
	return out;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	return s;
}

/* Parse line as one flat JSON object into r; false when it is not one. */
static bool parse_line(const char *line, struct mw_journal_rec *r)
{
	const char *s = skip_ws(line);
	size_t cap = 0;

	if (*s++ != '{')
		return false;
	s = skip_ws(s);
	if (*s == '}')
		return *skip_ws(s + 1) == '\0';
	for (;;) {
		char *k, *v;

		s = skip_ws(s);
		if (*s != '"' || !(k = parse_string(&s)))
			return false;
		s = skip_ws(s);
		if (*s++ != ':') {
			free(k);
			return false;
		}
		s = skip_ws(s);
		v = *s == '"' ? parse_string(&s) : parse_scalar(&s);
		if (!v) {
			free(k);
			return false;
		}
		if (r->n_fields == cap) {
			cap = cap ? cap * 2 : 16;
			r->keys = mw_xrealloc(r->keys, cap * sizeof *r->keys);
			r->vals = mw_xrealloc(r->vals, cap * sizeof *r->vals);
		}
		r->keys[r->n_fields] = k;
		r->vals[r->n_fields++] = v;
		s = skip_ws(s);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s != '}')
			return false;
		return *skip_ws(s + 1) == '\0';
	}
}

static void rec_clear(struct mw_journal_rec *r)
{
	for (size_t i = 0; i < r->n_fields; i++) {
		free(r->keys[i]);
		free(r->vals[i]);
	}
	free(r->keys);
	free(r->vals);
	r->keys = r->vals = NULL;
	r->n_fields = 0;
}

int mw_journal_load(const char *path, struct mw_journal *j, char *err, size_t errsz)
{
	FILE *f;
	char *line = NULL;
	size_t lsz = 0, cap = 0, lineno = 0;
	ssize_t len;

	memset(j, 0, sizeof *j);
	if (!path)
		path = mw_journal_path();
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, _("%s: cannot read the journal: %s"), path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &lsz, f)) > 0) {
		struct mw_journal_rec *r;

		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (j->n == cap) {
			cap = cap ? cap * 2 : 64;
			j->rec = mw_xrealloc(j->rec, cap * sizeof *j->rec);
		}
		r = &j->rec[j->n++];
		memset(r, 0, sizeof *r);
		r->lineno = lineno;
		r->raw = mw_xstrdup(line);
		/* A NUL inside the line (a torn write over zeroed blocks) is corruption. */
		if ((size_t)len != strlen(line) || !parse_line(line, r)) {
			rec_clear(r);
			r->corrupt = true;
			j->n_corrupt++;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

void mw_journal_free(struct mw_journal *j)
{
	for (size_t i = 0; i < j->n; i++) {
		rec_clear(&j->rec[i]);
		free(j->rec[i].raw);
	}
	free(j->rec);
	memset(j, 0, sizeof *j);
}

const char *mw_journal_field(const struct mw_journal_rec *r, const char *key)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (strcmp(r->keys[i], key) == 0)
			return r->vals[i];
	return "";
}

bool mw_journal_has_result(const struct mw_journal *j, size_t i)
{
	const char *op = mw_journal_field(&j->rec[i], "op");

	if (!*op)
		return false;
	for (size_t k = i + 1; k < j->n; k++)
		if (!j->rec[k].corrupt && strcmp(mw_journal_field(&j->rec[k], "op"), op) == 0 &&
		    strcmp(mw_journal_field(&j->rec[k], "kind"), "intent") != 0)
			return true;
	return false;
}

#define F(key) mw_journal_field(r, key)

/* Append to buf at *len (cut at sz). */
__attribute__((format(printf, 4, 5))) static void put(char *buf, size_t sz, size_t *len,
                                                      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= sz)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, sz - *len, fmt, ap);
	va_end(ap);
	*len = n < 0 ? *len : *len + (size_t)n > sz ? sz : *len + (size_t)n;
}

void mw_journal_format(const struct mw_journal *jr, size_t i, char *buf, size_t sz)
{
	const struct mw_journal_rec *r = &jr->rec[i];
	const char *kind = F("kind"), *old = F("old"), *new = F("new"), *msg = F("message");
	bool intent = strcmp(kind, "intent") == 0;
	size_t len = 0;

	buf[0] = 0;
	put(buf, sz, &len, "%s  %s", F("time"), F("port"));
	if (*F("baud"))
		put(buf, sz, &len, " %s %s", F("baud"), F("format"));
	put(buf, sz, &len, _(" address %s  %s  "), F("address"), F("model"));
	if (strcmp(kind, "act") == 0 || (intent && !*old && !*F("target")))
		put(buf, sz, &len, _("action %s%s%s"), F("setting"), *new ? " " : "", new);
	else
		put(buf, sz, &len, "%s %s -> %s", F("setting"), *old ? old : "?",
		    *new ? new : "***");
	if (intent) {
		/* An intent is followed by its result unless the program died. */
		put(buf, sz, &len, "  %s",
		    _("possibly sent, outcome unknown (the program stopped before "
		      "recording a result)"));
		if (*F("target"))
			put(buf, sz, &len, _("; expected at %s"), F("target"));
		return;
	}
	put(buf, sz, &len, "  %s", F("outcome"));
	if (*msg)
		put(buf, sz, &len, ": %s", msg);
	if (strcmp(F("outcome"), "not-answering") == 0 && *F("where"))
		put(buf, sz, &len, _(" [last seen at %s]"), F("where"));
}
