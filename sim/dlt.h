/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt.h - DL/T645-2007 as the simulated meters speak it: each meter
 * answers the frames sent to its address (or to the wildcard and
 * broadcast addresses) at its line settings, from its device file, with a
 * prepaid meter's state: credit running down with energy and price, two
 * alarm stages and the 2-minute cut, the relay (tripped: no current), the
 * programming key.
 */
#ifndef MW_SIM_DLT_H
#define MW_SIM_DLT_H

#include "dlt645.h"
#include "modbus.h"
#include "sim.h"

/* Stored settings from the device file's defaults; address from the model. */
int sim_dlt_init(struct sim_device *d, char *err, size_t errsz);
/* Store a setting given as text (scenario, control socket); 0 or -1 + err. */
int sim_dlt_set_text(struct sim_device *d, const struct mw_setting *s, const char *text, char *err,
                     size_t errsz);
/* The text of a stored setting, or of the clock; 0 or -1. */
int sim_dlt_get_text(struct sim_device *d, const struct mw_setting *s, char *text, size_t sz);
/* Bring the prepaid state (credit, alarm stage, cut) up to sim time now. */
void sim_dlt_update(struct sim_device *d, const struct sim_bus *bus);
/* Alarm stage now: 0 none, 1 below alarm 1, 2 below alarm 2, 3 credit exhausted. */
int sim_dlt_stage(const struct sim_device *d);
/*
 * Every attached DL/T645 device at baud/fmt that the frame reaches
 * answers into out[] (at most max); returns the count.
 */
int sim_dlt_handle(struct sim_bus *bus, const struct dlt645_frame *req, int baud,
                   enum mw_format fmt, struct sim_reply *out, int max);
/* Apply a baud change once its reply is on the line. */
void sim_dlt_apply_line(struct sim_device *d);

#endif
