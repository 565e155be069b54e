/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * words.c - looking up a simulated meter's stored words.  Apart from
 * regmap.c, which encodes values through values.c, so that values.c can
 * read a flag word without calling back into regmap.c.
 */
#include "config.h"

#include "regmap.h"

struct sim_word *sim_regmap_word(struct sim_device *d, enum mw_table t, uint16_t reg)
{
	for (size_t i = 0; i < d->n_words; i++)
		if (d->words[i].table == t && d->words[i].reg == reg)
			return &d->words[i];
	return NULL;
}
