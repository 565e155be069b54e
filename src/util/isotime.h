/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * isotime.h - timestamps in machine formats (JSON, CSV, the journal,
 * reports): ISO 8601 in UTC, "2026-11-27T11:49:46Z" or with milliseconds
 * "2026-11-27T11:49:46.123Z".  Independent of the locale and time zone.
 */
#ifndef MW_ISOTIME_H
#define MW_ISOTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Enough for either form. */
#define MW_ISO_TIME_LEN 32

/* Format ts (NULL: now) into buf; with_ms adds ".mmm".  Returns buf. */
char *mw_iso_time(const struct timespec *ts, bool with_ms, char *buf, size_t sz);

#endif
