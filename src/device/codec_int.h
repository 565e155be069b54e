/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec_int.h - helpers shared by the codec's source files (codec.c,
 * codec_setting.c, codec_time.c); not part of the public interface.
 */
#ifndef MW_CODEC_INT_H
#define MW_CODEC_INT_H

#include <stdarg.h>

#include "model.h"

/* One 16-bit word in logical (high byte first) order, and back. */
uint16_t mw_codec_get16(enum mw_byte_order bo, uint16_t w);
uint16_t mw_codec_put16(enum mw_byte_order bo, uint16_t v);
/* A 32-bit pattern from two words, and back. */
uint32_t mw_codec_get32(enum mw_word_order wo, enum mw_byte_order bo, const uint16_t *w);
void mw_codec_put32(enum mw_word_order wo, enum mw_byte_order bo, uint32_t v, uint16_t *w);
/* The scale to use: 0 (unset) means 1. */
double mw_codec_scale(double scale);
/* Index of the value whose flag gives v's sign, or -1. */
int mw_codec_sign_index(const struct mw_model *m, const struct mw_value *v);

/* Field `f` of a logical word, and the word with the field replaced. */
uint32_t mw_codec_field_get(struct mw_field f, uint16_t word);
uint16_t mw_codec_field_set(struct mw_field f, uint16_t word, uint32_t v);
/* Bits in field `f`; 0 if the field is malformed. */
int mw_codec_field_width(struct mw_field f);

/* snprintf into err when err is not NULL. */
__attribute__((format(printf, 3, 4))) void mw_codec_err(char *err, size_t errsz, const char *fmt,
                                                        ...);

#endif
