/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.h - small string helpers every layer uses.
 */
#ifndef MW_TEXT_H
#define MW_TEXT_H

#include <stddef.h>

/* Copy src (NULL: "") into dst of size n, cut to fit, always terminated. */
void mw_text_copy(char *dst, size_t n, const char *src);

#endif
