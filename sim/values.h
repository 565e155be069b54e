/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * values.h - a device file's read-only values computed from the physics:
 * each value's quantity and phase picks a measurement, the unit and scale
 * turn it into a raw number, the codec packs it into words.
 */
#ifndef MW_SIM_VALUES_H
#define MW_SIM_VALUES_H

#include "physics.h"

/* Encode value v of device d into w (mw_value_words(v) words). */
void sim_value_encode(const struct sim_device *d, const struct mw_value *v,
                      const struct sim_meas *m, uint16_t *w);
/* The engineering value of v (signed), NaN for strings and words of flags. */
double sim_value_number(const struct sim_device *d, const struct mw_value *v,
                        const struct sim_meas *m);

#endif
