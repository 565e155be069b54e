/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus.h - one Modbus line on the line layer (link.h): RTU on a serial port,
 * Modbus TCP (libmodbus's framing on the line's socket) or RTU over TCP to a
 * transparent gateway; line settings, timeouts, retries, and per-address
 * statistics.  Every frame goes to the trace (trace.h) when one is on.
 * Errors come back as -1 with a message that names the port, address and
 * line settings (HOST:PORT over TCP).
 */
#ifndef MW_BUS_H
#define MW_BUS_H

#include <stdint.h>

#include "dlt645.h"
#include "model.h"

/* Line settings of an RTU port. */
struct mw_linecfg {
	int baud;
	enum mw_format format;
};

/* What went wrong with the last transaction. */
enum mw_bus_err {
	MW_BUS_OK,
	MW_BUS_TIMEOUT,   /* no reply */
	MW_BUS_CRC,       /* reply with a bad CRC */
	MW_BUS_GARBLED,   /* bytes that are no valid reply (collision, noise) */
	MW_BUS_EXCEPTION, /* Modbus exception; see mw_bus_exception() */
	MW_BUS_IO         /* the port itself failed (unplugged...) */
};

/* Per-address counters. */
struct mw_stats {
	unsigned long requests;
	unsigned long replies;
	unsigned long timeouts;
	unsigned long crc_errors;
	unsigned long exceptions;
	unsigned long other_errors;
	double latency_ms_last; /* request sent -> reply complete */
	double latency_ms_sum;
	double latency_ms_max;
};

struct mw_bus;

/*
 * Open PORT: a serial device path (locked, see lock.h), "tcp:HOST[:PORT]"
 * or "rtutcp:HOST[:PORT]" (port 502 by default).  On failure NULL with a
 * message in err; a port another process holds is named with its holder.
 */
struct mw_bus *mw_bus_open(const char *port, const struct mw_linecfg *lc, char *err, size_t errsz);
void mw_bus_close(struct mw_bus *b);
int mw_bus_set_line(struct mw_bus *b, const struct mw_linecfg *lc, char *err, size_t errsz);
const struct mw_linecfg *mw_bus_line(const struct mw_bus *b);
const char *mw_bus_port(const struct mw_bus *b);
/* Response timeout (first byte) and byte timeout, milliseconds. */
void mw_bus_set_timeouts(struct mw_bus *b, int response_ms, int byte_ms);
void mw_bus_set_retries(struct mw_bus *b, int retries);

/* FC03/FC04/FC01/FC02 reads.  Coils come back one per word (0/1). */
int mw_bus_read(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                char *err, size_t errsz);
/* FC06 (n == 1 and fc == 6) or FC16 writes. */
int mw_bus_write(struct mw_bus *b, int addr, int fc, uint16_t reg, const uint16_t *w, int n,
                 char *err, size_t errsz);
/* FC05 write of one coil. */
int mw_bus_write_coil(struct mw_bus *b, int addr, uint16_t coil, int on, char *err, size_t errsz);

enum mw_bus_err mw_bus_last_error(const struct mw_bus *b);
int mw_bus_exception(const struct mw_bus *b); /* last exception code */
/*
 * Bytes the last request's drain dropped as stale (0: none): a reply that
 * came after its read had timed out, or noise.  When they start like a
 * reply to a read (an address 1..247, then function 3 or 4, or its
 * exception 0x83/0x84), *from is that address, else -1.
 */
int mw_bus_drained(const struct mw_bus *b, int *from);
/* Counters for one address (0..247), or the bus total for -1. */
const struct mw_stats *mw_bus_stats(const struct mw_bus *b, int addr);

/* Added with bus.c: */
/* Short name for messages: the port's basename, or HOST:PORT. */
const char *mw_bus_name(const struct mw_bus *b);
/* Behind a TCP gateway (tcp: or rtutcp:): the serial side is not ours. */
int mw_bus_is_tcp(const struct mw_bus *b);
void mw_bus_get_timeouts(const struct mw_bus *b, int *response_ms, int *byte_ms);
int mw_bus_retries(const struct mw_bus *b);
/* Text of a Modbus exception code ("illegal data address ..."). */
const char *mw_bus_exception_text(int code);
void mw_bus_reset_stats(struct mw_bus *b);
/* Times the serial port was found at other settings than the line's and
 * set again (before each request; see mw_link_hold_serial). */
unsigned long mw_bus_line_resets(const struct mw_bus *b);

/* Added for real adapters (link.h): */
struct mw_link_adapter;
/* What the line knows about its adapter (echo, latency timer); -1 when closed. */
int mw_bus_adapter(const struct mw_bus *b, struct mw_link_adapter *out);
/*
 * L of the safe timeout (timing.h): the serial adapter's latency (stated
 * or measured), or MW_TIMING_NETWORK_MS through a TCP gateway, ms.
 */
double mw_bus_latency_ms(const struct mw_bus *b);

/* Added for safe writes: has the port gone away (a pulled USB adapter, a
 * simulator that stopped)?  Checked right before a write is sent, so that
 * "nothing was sent" can be told apart from "sent, outcome unknown".
 * Always 0 for TCP (a lost connection shows as an I/O error). */
int mw_bus_port_gone(const struct mw_bus *b);

/* Added for the scan (scan.c): */
/*
 * One short read (holding or input) that says exactly what came back, for
 * probing: addr 0 is allowed (meters that answer reads there; libmodbus
 * drops replies that name another address, so the frame is checked here)
 * and *from is the address a whole frame came from (-1: none).
 * MW_BUS_TIMEOUT only when not one byte came; bytes that make no valid
 * reply (a partial frame, two devices at once, a late reply from another
 * address: *from says which) are MW_BUS_GARBLED or MW_BUS_CRC.  RTU
 * framing only (a serial port or rtutcp:); one try.
 */
int mw_bus_probe(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                 int *from, char *err, size_t errsz);

/* Added with the line layer: */
/* RTU frames (a serial port, or rtutcp:), where mw_bus_probe works. */
int mw_bus_is_rtu_framed(const struct mw_bus *b);
/* "rtu", "tcp" or "rtutcp", for JSON and messages. */
const char *mw_bus_transport(const struct mw_bus *b);

/* Added for DL/T645-2007 on the same line (dlt645.h is the frame codec): */
/*
 * One DL/T645 exchange on an RTU-framed line (a serial port or rtutcp:):
 * drain stale bytes, send req after `wakeup` FE bytes (0..4), and take the
 * reply whose control code is the request's with D7 set and whose address
 * matches the request's (an abbreviated address matches byte by byte; the
 * wildcard AAx6 of a read-address request matches any).  rep (may be NULL)
 * gets the reply with its data offset removed.  Outcomes as for Modbus,
 * in mw_bus_last_error: MW_BUS_OK; MW_BUS_TIMEOUT (not one byte);
 * MW_BUS_CRC (a frame with a bad checksum); MW_BUS_GARBLED (bytes that make
 * no frame: several meters at once, noise, or another meter's frame);
 * MW_BUS_EXCEPTION (an error reply: mw_bus_exception() is the error word,
 * dlt645_error_text() its text); MW_BUS_IO.  A broadcast (99x6) waits for
 * nothing and succeeds once sent.  tries <= 0 uses the bus's retries; give
 * 1 for probes and for requests that must not be sent twice (a baud
 * change).  The response timeout is the bus's (mw_bus_set_timeouts): give
 * it from the timing model with the standard's 500 ms turnaround unless
 * one was measured.  Errors name the port, the 12-digit address and the
 * line settings.  Not over Modbus TCP (tcp:).
 */
int mw_bus_dlt645(struct mw_bus *b, const struct dlt645_frame *req, int wakeup, int tries,
                  struct dlt645_frame *rep, char *err, size_t errsz);

/* Added for the DL/T645 scan (scandlt.c): */
/*
 * Listen up to ms for bytes on the line (after a reply to an abbreviated
 * address, did a second meter answer too?).  Bytes heard go to the trace
 * as noise and are dropped, then the line is let settle.  The byte count
 * (0: the line stayed quiet), or -1 when the port failed (MW_BUS_IO).
 * RTU-framed lines only (a serial port or rtutcp:).
 */
int mw_bus_listen(struct mw_bus *b, int ms, char *err, size_t errsz);

#endif
