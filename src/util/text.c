/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c - small string helpers (text.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

void mw_text_copy(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(dst, src ? src : "", len);
	dst[len] = 0;
}

void mw_text_printf(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!dst || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(dst, n, fmt, ap);
	va_end(ap);
}
