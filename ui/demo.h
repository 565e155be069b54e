/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * demo.h - `meterwise --demo`: the simulator on its own pseudo-terminal.
 *
 * Starts meterwise-sim (next to the running meterwise first, then on
 * PATH) with the demo-panel scenario (the source tree's sim/scenarios
 * when running uninstalled, else pkgdatadir/sim/scenarios) linked into a
 * private temporary directory, and stops it again.
 */
#ifndef MW_UI_DEMO_H
#define MW_UI_DEMO_H

#include <stddef.h>
#include <sys/types.h>

struct mw_demo {
	pid_t pid;
	char dir[256];  /* private temporary directory */
	char link[300]; /* the simulator's pty link: the port to open */
};

struct mw_demo_opts {
	const char *scenario; /* NULL: demo-panel (or $MW_DEMO_SCENARIO) */
	const char *log;      /* simulator's --log FILE, may be NULL */
	const char *state;    /* simulator's --state FILE, may be NULL */
	const char *extra;    /* more simulator arguments, space separated, may be NULL */
};

/* Start the simulator; 0, or -1 with a message in err. */
int mw_demo_start(struct mw_demo *d, const struct mw_demo_opts *o, char *err, size_t errsz);
/* Stop it, wait for it, and remove the temporary directory. */
void mw_demo_stop(struct mw_demo *d);

#endif
