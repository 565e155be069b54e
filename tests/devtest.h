/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devtest.h - load a shipped device file in a C test, or bail out (TAP).
 * Header-only, like tap.h; include it after tap.h and devload.h.
 */
#ifndef MW_DEVTEST_H
#define MW_DEVTEST_H

#include <stdio.h>
#include <stdlib.h>

#include "devload.h"

/* Load devices/FILE from the source tree; bail out if it does not load. */
__attribute__((unused)) static struct mw_model *load(const char *file)
{
	const char *top = getenv("top_srcdir");
	char path[4096], err[512];
	struct mw_model *m;

	snprintf(path, sizeof path, "%s/devices/%s", top ? top : MW_SRCDIR, file);
	m = mw_devload_file(path, err, sizeof err);
	if (!m) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	return m;
}

#endif
