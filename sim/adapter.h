/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adapter.h - the USB-RS485 adapter between the simulated bus and the
 * master: a latency timer (bytes from the bus are held in the chip and
 * handed to the host in bursts when the timer fires or the chip's buffer
 * fills), a fixed extra lag (a gateway's), and local echo of the master's
 * own bytes (a 2-wire converter whose receiver stays enabled).
 *
 * Set by --adapter SPEC, a scenario's `adapter:` block, or `adapter SPEC`
 * on the control socket.  SPEC is a preset (none, ftdi) or a comma list
 * of latency=MS, lag=MS, buffer=BYTES, echo[=on|off], echo_noise_after=N
 * (noise on the line corrupts the echo of every frame after the Nth), e.g.
 * "latency=16,buffer=62,echo".
 */
#ifndef MW_SIM_ADAPTER_H
#define MW_SIM_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_adapter {
	double latency_ms;    /* latency timer period, ms; 0 = bytes pass at once */
	double lag_ms;        /* fixed extra delay of every byte to the master, ms */
	int buffer;           /* chip's receive buffer, bytes: full = sent at once; 0 = 62 */
	bool echo;            /* the master hears its own bytes */
	int echo_noise_after; /* > 0: the echo of every frame after this many is corrupted */
	unsigned long frames; /* frames echoed so far */
};

/* Apply one key (latency, lag, buffer, echo) with its value; 0 or -1 + err. */
int sim_adapter_set(struct sim_adapter *a, const char *key, const char *value, char *err,
                    size_t errsz);
/* Apply a SPEC (see above) over the defaults; 0 or -1 + err. */
int sim_adapter_parse(struct sim_adapter *a, const char *spec, char *err, size_t errsz);
/* The adapter as a SPEC, for show and the log. */
void sim_adapter_text(const struct sim_adapter *a, char *buf, size_t sz);
/*
 * Deliver bytes to the master fd: byte k (if used[k]) is on the wire at
 * s0 + (k+1)*t (sim seconds) and reaches the master when the adapter
 * hands it over.  Sleeps until each burst is due.
 */
void sim_adapter_deliver(const struct sim_adapter *a, int fd, const uint8_t *byte,
                         const uint8_t *used, size_t slots, double s0, double t);

#endif
