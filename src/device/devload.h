/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload.h - the device-file loader (libyaml).
 *
 * Errors come back as "file:line:column: message" in a caller buffer.
 * The search path is: $MW_DEVICES_PATH (colon separated, for tests), then
 * the build tree's devices/ when running uninstalled, otherwise the
 * installed pkgdatadir/devices, then $XDG_CONFIG_HOME/meterwise/devices
 * (default ~/.config/meterwise/devices).  A file in a later directory
 * with the same id replaces an earlier one: user files win.
 */
#ifndef MW_DEVLOAD_H
#define MW_DEVLOAD_H

#include "model.h"

/* Limits on a device file: its size, and how deep lists and mappings nest. */
#define MW_DEVFILE_MAX_BYTES (1024 * 1024)
#define MW_DEVFILE_MAX_DEPTH 16

/* Load one file.  NULL on error with err = "file:line:col: message". */
struct mw_model *mw_devload_file(const char *path, char *err, size_t errsz);

/*
 * Load every *.yaml of the search path into `cat`.  Files that fail are
 * reported through `warn` (may be NULL) and skipped.  Returns the number
 * of models loaded, or -1 if none could be.
 */
int mw_devload_all(struct mw_catalog *cat, void (*warn)(const char *msg));

/*
 * Name comparisons made by the duplicate-name check since the program
 * started.  For tests: the check must grow linearly with the names.
 */
extern unsigned long mw_devload_name_compares;

/* The directories searched, in order; NULL-terminated, static storage. */
const char *const *mw_devload_path(void);

#endif
