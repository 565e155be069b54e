/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xalloc.h - allocation that cannot fail: on exhaustion the program says
 * "out of memory" on stderr and exits (status 70, EX_SOFTWARE).  Running
 * out of memory is a broken invariant for a tool of this size, not a user
 * error, so callers do not check.  Zero sizes allocate one byte so the
 * result is never NULL.
 */
#ifndef MW_XALLOC_H
#define MW_XALLOC_H

#include <stddef.h>

void *mw_xmalloc(size_t n);
void *mw_xcalloc(size_t count, size_t size);
void *mw_xrealloc(void *p, size_t n);
/* A copy of s; NULL gives "". */
char *mw_xstrdup(const char *s);
/* At most n bytes of s, terminated. */
char *mw_xstrndup(const char *s, size_t n);
/* Report exhaustion and exit; for allocators outside this family (libyaml). */
__attribute__((noreturn)) void mw_oom(void);

#endif
