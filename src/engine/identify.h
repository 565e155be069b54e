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

/*
 * The DL/T645 model of the meter at address a (12 digits, found by a read
 * address): the device files with `protocol: dlt645` whose `identify:`
 * checks pass (address_read; the meter-number DI read, equal to the
 * address where the file says so); more checks passed wins, then the one
 * that supports the line as it is set.  NULL when none passes: `what` says
 * "unknown DL/T645 meter" and what the meter answered.  tau_ms: the
 * response timeout for the reads (from the timing model).  *requests
 * (may be NULL) counts the reads sent.
 */
const struct mw_model *mw_identify_dlt645(struct mw_bus *b, const struct dlt645_addr *a,
                                          const struct mw_catalog *cat, int tau_ms, char *what,
                                          size_t whatsz, unsigned long *requests);

#endif
