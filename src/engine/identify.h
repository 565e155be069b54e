/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identify.h - which model answers at an address.
 *
 * Runs the identification probes of every device file in the catalogue
 * (the `identify:` list of each devices/NAME.yaml) against one address on the bus as it is set.
 */
#ifndef MW_IDENTIFY_H
#define MW_IDENTIFY_H

#include <stddef.h>

#include "bus.h"
#include "model.h"

/*
 * The model whose probes all pass at addr, or NULL.  `what` receives a
 * short description of what was seen (the model name, or what answered
 * when no file matched, or why nothing could be told).
 */
const struct mw_model *mw_identify(struct mw_bus *b, int addr, const struct mw_catalog *cat,
                                   char *what, size_t whatsz);

#endif
