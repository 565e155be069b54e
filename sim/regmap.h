/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * regmap.h - a simulated meter's registers, as its device file maps them:
 * values computed from the physics and encoded through the codec,
 * settings held in stored words (the meter's EEPROM), actions matched by
 * register and words, coils.  Exceptions are Modbus codes (1, 2, 3).
 */
#ifndef MW_SIM_REGMAP_H
#define MW_SIM_REGMAP_H

#include "sim.h"

#define SIM_EX_FUNCTION 1 /* illegal function */
#define SIM_EX_ADDRESS  2 /* illegal data address */
#define SIM_EX_VALUE    3 /* illegal data value */

/* What a write did besides storing words. */
struct sim_write_result {
	bool changed;                   /* stored settings or coils changed (persist) */
	const struct mw_action *action; /* the action performed, or NULL */
};

/* Create d's settings words from the device file's defaults. */
int sim_regmap_init(struct sim_device *d, char *err, size_t errsz);
/* Store a setting given as text (scenario settings); 0 or -1 + err. */
int sim_regmap_set_text(struct sim_device *d, const struct mw_setting *s, const char *text,
                        char *err, size_t errsz);
/* Store d->address, baud and format through the line-role settings. */
int sim_regmap_store_line(struct sim_device *d, char *err, size_t errsz);
/* Take the line settings in force from the stored line-role settings. */
void sim_regmap_apply_line(struct sim_device *d);
/* The stored word at (table, reg), or NULL. */
struct sim_word *sim_regmap_word(struct sim_device *d, enum mw_table t, uint16_t reg);

/* Read n registers of table t at start into out: 0 or an exception code. */
int sim_regmap_read(struct sim_device *d, const struct sim_bus *bus, enum mw_table t,
                    uint16_t start, int n, uint16_t *out);
/* Read n coils or discrete inputs into out (0 or 1 each). */
int sim_regmap_read_bits(struct sim_device *d, enum mw_table t, uint16_t start, int n,
                         uint8_t *out);
/* Write n holding registers: 0 or an exception code. */
int sim_regmap_write(struct sim_device *d, uint16_t start, int n, const uint16_t *w,
                     struct sim_write_result *res);
/* Write n coils (0 or 1 each): 0 or an exception code. */
int sim_regmap_write_bits(struct sim_device *d, uint16_t start, int n, const uint8_t *bits,
                          struct sim_write_result *res);

#endif
