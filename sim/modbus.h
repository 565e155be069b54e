/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modbus.h - Modbus RTU as the simulated meters speak it: frame lengths,
 * CRC, and the answer of every device on the bus to one request.
 */
#ifndef MW_SIM_MODBUS_H
#define MW_SIM_MODBUS_H

#include "sim.h"

#define SIM_FRAME_MAX 256

/* One device's answer to a request. */
struct sim_reply {
	struct sim_device *dev;
	uint8_t buf[SIM_FRAME_MAX];
	size_t len;
};

/* Length of the request that starts with b[0..n): 0 = need more bytes to
   tell, -1 = unknown function code (the frame ends at the silence). */
int sim_modbus_request_len(const uint8_t *b, size_t n);
/*
 * Every attached device whose line settings are baud/fmt hears the
 * request (CRC already checked); those that answer fill out[] (at most
 * max).  Writes take effect now; line changes wait (line_pending).
 * *changed is set when stored settings changed.  Returns the count.
 */
int sim_modbus_handle(struct sim_bus *bus, const uint8_t *req, size_t len, int baud,
                      enum mw_format fmt, struct sim_reply *out, int max, bool *changed);

#endif
