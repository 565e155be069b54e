/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.h - the write journal: one JSON object per line, appended and
 * fsync'd to $XDG_STATE_HOME/meterwise/journal (default
 * ~/.local/state/meterwise/journal) for every write meterwise makes.
 * Secret settings (passwords) are never written to it.
 */
#ifndef MW_JOURNAL_H
#define MW_JOURNAL_H

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
	const char *outcome; /* mw_outcome_name() */
	const char *where;   /* where the meter answers after, or NULL */
	const char *message; /* the result's message */
};

/* The journal's path (static storage), from the environment. */
const char *mw_journal_path(void);
/* Append and fsync one entry; creates the directory.  0, or -1 with err. */
int mw_journal_append(const struct mw_journal_entry *e, char *err, size_t errsz);

/* Added for commissioning: tags written into every entry appended from now
 * on ("plan", "plan_hash", "position"); NULL leaves a tag out.  Copies. */
void mw_journal_set_context(const char *plan, const char *plan_hash, const char *position);

#endif
