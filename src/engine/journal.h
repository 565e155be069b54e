/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.h - the write journal: one JSON object per line, appended and
 * fsync'd to $XDG_STATE_HOME/meterwise/journal (default
 * ~/.local/state/meterwise/journal) for every write meterwise makes.
 * Secret settings (passwords) are never written to it.
 *
 * Every write is journaled twice: an "intent" entry (kind "intent") is
 * appended and synced BEFORE the request goes out, and the result entry
 * (kind "set", "act" or "commission") after; both carry the same "op" id.
 * An intent with no result names a write whose outcome nobody saw (the
 * program was killed after sending).  mw_journal_load() is the one reader,
 * used by `meterwise journal` and by commissioning's resume.
 */
#ifndef MW_JOURNAL_H
#define MW_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bus.h"

/* One write.  NULL strings are left out. */
struct mw_journal_entry {
	const char *port;
	struct mw_linecfg line; /* line settings the write was sent at */
	int addr;               /* address it was sent to */
	const char *model;      /* model id */
	const char *serial;     /* serial number, when readable */
	const char *firmware;   /* firmware version, when readable */
	const char *kind;       /* "set" or "act" */
	const char *setting;    /* setting or action name */
	const char *old_value;
	const char *new_value;
	const char *outcome;   /* mw_outcome_name() */
	const char *where;     /* where the meter answers after, or NULL */
	const char *message;   /* the result's message */
	const char *last_seen; /* where the meter last answered ("address 5, 9600 8N1") */
	const char *looked;    /* where it was looked for, "; "-separated, or NULL */
	const char *target;    /* intent: where the meter should answer after the write */
	const char *op;        /* id shared by an intent and its result (mw_journal_op_id) */
	const char *protocol;  /* "dlt645", or NULL for Modbus */
	const char *dlt_addr;  /* DL/T645: the meter's 12 digits ("address" then holds them) */
};

/* The journal's path (static storage), from the environment. */
const char *mw_journal_path(void);
/* Append and fsync one entry; creates the directory.  0, or -1 with err. */
int mw_journal_append(const struct mw_journal_entry *e, char *err, size_t errsz);

/* Added for commissioning: tags written into every entry appended from now
 * on ("plan", "plan_hash", "position"); NULL leaves a tag out.  Copies. */
void mw_journal_set_context(const char *plan, const char *plan_hash, const char *position);

/* A fresh id for one write (its intent and result entries): "PID-N-TIME". */
void mw_journal_op_id(char *buf, size_t bufsz);

/* One line of the journal as read back. */
struct mw_journal_rec {
	size_t lineno; /* 1-based line number in the file */
	char *raw;     /* the line as stored, without its newline */
	bool corrupt;  /* not one flat JSON object: no fields */
	size_t n_fields;
	char **keys;
	char **vals; /* decoded strings; numbers, true/false/null as written */
};

struct mw_journal {
	struct mw_journal_rec *rec;
	size_t n;
	size_t n_corrupt;
};

/*
 * Read the journal at path (NULL: mw_journal_path()).  0 (a missing file
 * is an empty journal), or -1 with err naming the path.  Lines that are no
 * flat JSON object (a torn write, an edit) are kept, marked corrupt.
 */
int mw_journal_load(const char *path, struct mw_journal *j, char *err, size_t errsz);
void mw_journal_free(struct mw_journal *j);
/* The value of key in r, or "" when absent (or r corrupt). */
const char *mw_journal_field(const struct mw_journal_rec *r, const char *key);
/* Entry i of jr as one line for people (what `meterwise journal` prints,
 * without the newline): time, port, line, address, model, what changed,
 * the outcome.  The TUI shows the same line. */
void mw_journal_format(const struct mw_journal *jr, size_t i, char *buf, size_t sz);
/* Has the intent r a result entry (same "op") later in j? */
bool mw_journal_has_result(const struct mw_journal *j, size_t i);

#endif
