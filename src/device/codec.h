/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec.h - raw registers <-> engineering values, as a device file says.
 *
 * Decoding takes the words read from a meter (host order, as libmodbus
 * returns them) and gives a number (or text); encoding takes a setting's
 * value and gives the register words to write, merging packed fields into
 * the word already in the meter (read-modify-write).  Pure functions: no
 * I/O, usable by the engine, the simulator and the tests alike.
 */
#ifndef MW_CODEC_H
#define MW_CODEC_H

#include "model.h"

/* Registers a value of this type occupies (string: (length+1)/2). */
int mw_type_words(enum mw_type t, int length);
/* Registers a value occupies in the meter. */
int mw_value_words(const struct mw_value *v);
/* Registers a setting occupies (datetime, schedule: whole block). */
int mw_setting_words(const struct mw_setting *s);

/* Raw integer or float from words per type and word/byte order. */
double mw_decode_raw(enum mw_type t, enum mw_word_order wo, enum mw_byte_order bo,
                     const uint16_t *w);
/* Words from a raw number; returns -1 if it does not fit the type. */
int mw_encode_raw(enum mw_type t, enum mw_word_order wo, enum mw_byte_order bo, double raw,
                  uint16_t *w);

/*
 * Decode value `v` from `w` (mw_value_words(v) words).  Applies scale and,
 * when sign.value is set, the sign from `flags_word` (the word of the flag
 * value, after its byte order; pass -1 when it was not read: the sign is
 * then left positive).
 * Strings go to `text` (size `textsz`); returns 0, or -1 with errno EINVAL.
 */
int mw_decode_value(const struct mw_value *v, const uint16_t *w, long flags_word, double *out,
                    char *text, size_t textsz);

/*
 * Decode a whole catalogue's worth: fill out[i] for every value of `m`
 * given a register image.  `get` returns a pointer to n words at reg of
 * table, or NULL if they were not read (out[i] is then NaN).
 */
typedef const uint16_t *(*mw_reg_getter)(void *ctx, enum mw_table t, uint16_t reg, int n);
void mw_decode_all(const struct mw_model *m, mw_reg_getter get, void *ctx, double *out);

/*
 * Parse the text form of a setting's value ("9600", "8E1", "260", "on")
 * and check it against range and enumeration.  On success *raw is the
 * field value to store.  On failure returns -1 and writes a message that
 * names the setting and the allowed values into err.
 */
int mw_setting_parse(const struct mw_setting *s, const char *text, uint32_t *raw, char *err,
                     size_t errsz);
/* Text form of a setting's raw field value (enumeration name or number). */
void mw_setting_format(const struct mw_setting *s, uint32_t raw, char *buf, size_t bufsz);
/*
 * Does raw field value `raw` hold the number `text` (as the user gave it,
 * '.' decimal point, unit allowed) means, to the field's resolution?  An
 * independent check for verification, not a re-run of mw_setting_parse();
 * true for choices, on/off and texts that are not numbers.
 */
bool mw_setting_matches(const struct mw_setting *s, const char *text, uint32_t raw);

/*
 * Encode raw field value `raw` of scalar setting `s` into `w`
 * (mw_setting_words(s) words).  `w` must hold the words currently in the
 * meter: a packed field changes only its own bits.  Returns 0 or -1.
 */
int mw_setting_encode(const struct mw_setting *s, uint32_t raw, uint16_t *w);
/* The raw field value of scalar setting `s` in words `w`. */
uint32_t mw_setting_decode(const struct mw_setting *s, const uint16_t *w);

/* A daily schedule: periods sorted by start time. */
struct mw_period {
	int hour;   /* 0..23 */
	int minute; /* 0..59 */
	int tariff; /* 1..tariffs; 0 = unused slot */
};
/* Schedule <-> words (s->schedule.periods * words_per_period). */
int mw_schedule_encode(const struct mw_setting *s, const struct mw_period *p, int n, uint16_t *w,
                       char *err, size_t errsz);
int mw_schedule_decode(const struct mw_setting *s, const uint16_t *w, struct mw_period *p);
/* Parse "06:00=1,10:00=2,..." into periods; returns count or -1. */
int mw_schedule_parse(const struct mw_setting *s, const char *text, struct mw_period *p, char *err,
                      size_t errsz);
/* Text form "06:00=1,10:00=2" of n periods. */
void mw_schedule_format(const struct mw_period *p, int n, char *buf, size_t bufsz);

/* Broken-down time <-> words for a datetime setting: year in full (2026),
 * month 1..12, weekday 0..6 with 0 = Sunday. */
struct mw_clock {
	int year, month, day, hour, minute, second, weekday;
};
int mw_datetime_encode(const struct mw_setting *s, const struct mw_clock *c, uint16_t *w);
int mw_datetime_decode(const struct mw_setting *s, const uint16_t *w, struct mw_clock *c);
/* Parse "YYYY-MM-DD hh:mm:ss" (or "now", local time); checks the date and the year's range. */
int mw_datetime_parse(const struct mw_setting *s, const char *text, struct mw_clock *c, char *err,
                      size_t errsz);
/* Text form "YYYY-MM-DD hh:mm:ss". */
void mw_datetime_format(const struct mw_clock *c, char *buf, size_t bufsz);

#endif
