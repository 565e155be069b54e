/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * state.h - --state FILE: what a meter keeps in its EEPROM (line settings,
 * settings registers, coils, clock offset) and its energy counters,
 * across restarts of the simulator.  Written atomically.
 */
#ifndef MW_SIM_STATE_H
#define MW_SIM_STATE_H

#include "sim.h"

/* Apply a saved state to the bus (a missing file is not an error). */
int sim_state_load(struct sim_bus *bus, const char *path, char *err, size_t errsz);
/* Save the bus (energy brought up to now first); 0 or -1 with err. */
int sim_state_save(struct sim_bus *bus, const char *path, char *err, size_t errsz);

#endif
