/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.h - small string helpers every layer uses.
 */
#ifndef MW_TEXT_H
#define MW_TEXT_H

#include <stddef.h>

/* Copy src (NULL: "") into dst of size n, cut to fit, always terminated. */
void mw_text_copy(char *dst, size_t n, const char *src);
/* printf into dst of size n (nothing when dst is NULL or n is 0): the
 * "message in err" of functions that fail with -1. */
void mw_text_printf(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
