/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_watch.h - `read --watch` and `check --watch`: one meter polled by the
 * engine session (session.h), so a watch reconnects when the port comes
 * back, as the TUI does.
 */
#ifndef MW_CLI_WATCH_H
#define MW_CLI_WATCH_H

#include <stdbool.h>

#include "cli.h"
#include "engine.h"

/* Where a watched meter is, for the lines a watch prints. */
struct mw_cli_watch_where {
	const char *port;  /* the port as given (-p) */
	const char *name;  /* the port's name for people (mw_bus_name) */
	const char *where; /* "address 5, 9600 8N1" (mw_where) */
};

/* How a watch prints. */
struct mw_cli_watch {
	const char *cmd; /* "read", "check": for messages */
	double every_s;  /* seconds between readings */
	/* Print one reading: every block answered (err NULL), or some of
	 * them (err says what failed; the rest keep their last values). */
	void (*show)(void *ctx, const struct mw_reading *r, const struct mw_cli_watch_where *at,
	             const char *err);
	void *ctx;
	const size_t *want; /* indices of the values to read (NULL: all) */
	size_t n_want;
};

/*
 * Watch meter m at c->addr until interrupted: b is the bus the command
 * opened (and identified the meter on); the watch closes it and hands the
 * port to a session at the same line settings.  Errors and the port
 * vanishing and returning are said on stderr.  Returns the exit code
 * (MW_EXIT_INTERRUPTED after Ctrl-C or SIGTERM).
 */
int mw_cli_watch_run(const struct mw_cli_watch *w, struct mw_bus *b, const struct mw_model *m,
                     const struct mw_cli_conn *c);

#endif
