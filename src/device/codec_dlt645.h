/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_dlt645.h - DL/T645 data items <-> values and setting texts, as a
 * device file's `di:` entries say (struct mw_dlt): BCD numbers with their
 * decimals and sign, status words, dates and times, period and zone
 * tables, addresses and text.  Bytes are the data of a frame without the
 * DI, 0x33 already taken off, lowest byte first.  Pure functions.
 */
#ifndef MW_CODEC_DLT645_H
#define MW_CODEC_DLT645_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Bytes of data of one item (0 for commands without data). */
int mw_dlt_len(const struct mw_dlt *x);

/*
 * Decode value v from n bytes: numbers (BCD, status words) to *out, the
 * others to text (*out NaN).  Returns 0, or -1 with a message in text
 * when the bytes are short or not BCD.
 */
int mw_dlt_decode_value(const struct mw_value *v, const uint8_t *in, size_t n, double *out,
                        char *text, size_t textsz);

/*
 * Encode the text form of a setting ("500.00", "2026-11-27 14:05:00",
 * "06:00=1,22:00=2", "000000000002", "9600") into out; returns the byte
 * count, or -1 with a message naming the setting and what it accepts.
 */
int mw_dlt_setting_encode(const struct mw_setting *s, const char *text, uint8_t *out, size_t outsz,
                          char *err, size_t errsz);
/* The text form of a setting's bytes; 0, or -1 with a message in text. */
int mw_dlt_setting_decode(const struct mw_setting *s, const uint8_t *in, size_t n, char *text,
                          size_t textsz);

#endif
