/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xalloc.c - the one out-of-memory exit (see xalloc.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

void mw_oom(void)
{
	static const char msg[] = "meterwise: out of memory\n";

	/* write(2), not stdio: stdio may itself need memory. */
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to say */
	}
	_exit(70);
}

void *mw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		mw_oom();
	return p;
}

void *mw_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		mw_oom();
	return p;
}

void *mw_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		mw_oom();
	return p;
}

char *mw_xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		mw_oom();
	return d;
}

char *mw_xstrndup(const char *s, size_t n)
{
	char *d = strndup(s ? s : "", n);

	if (!d)
		mw_oom();
	return d;
}
