/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timing.h - the timing model of DESIGN.md, written once.
 *
 * With c bits per character (10 for 8N1, 11 for 8E1, 8O1, 8N2) and baud B,
 * one character takes t = c/B.  A read request is 8 bytes; a device with
 * turnaround T answers n registers in 5 + 2n bytes.  write() returns before
 * the request is on the wire, and the response timeout runs from then to
 * the first reply byte, which cannot come before 8t + T + t.  Hence:
 *
 *   first byte            9t + T                     mw_timing_first_byte_ms
 *   safe timeout    tau = 9t + T_max + L + H         mw_timing_safe_timeout_ms
 *       T_max  the slowest turnaround on the bus,
 *       L      the latency between the wire and us: a USB adapter's
 *              (none on a pty), or MW_TIMING_NETWORK_MS through a TCP
 *              gateway,
 *       H      MW_TIMING_HOST_MS, the host's scheduling allowance;
 *   one transaction       (q + r)t + T               mw_timing_txn_ms
 *       for q request and r reply bytes (a read: 8t + T + (5 + 2n)t);
 *   line bound of a set   N_empty * tau + sum over the answered requests of
 *                         their transactions         mw_timing_bound_ms
 *
 * The physical bound of a sweep is mw_timing_bound_ms with tau the first
 * byte at T_max (L = H = 0).  Times are in milliseconds.
 */
#ifndef MW_TIMING_H
#define MW_TIMING_H

#include <stddef.h>

#include "model.h"

#define MW_TIMING_HOST_MS    30   /* H: scheduling allowance of the host */
#define MW_TIMING_NETWORK_MS 100  /* L through a TCP gateway (its round trip) */
#define MW_TIMING_CONNECT_MS 3000 /* to connect to a gateway */

/* One request of a set: its bytes each way and the device's turnaround. */
struct mw_timing_req {
	int req_bytes;        /* 8 for a read */
	int reply_bytes;      /* 5 + 2n for a read of n registers; 0: no reply */
	double turnaround_ms; /* T of the device asked */
};

/* t: one character at baud and format, ms. */
double mw_timing_char_ms(int baud, enum mw_format format);
/* bytes characters on the wire, ms. */
double mw_timing_frame_ms(int baud, enum mw_format format, int bytes);
/* 9t + T: the earliest a device with turnaround T starts its reply, ms. */
double mw_timing_first_byte_ms(int baud, enum mw_format format, double turnaround_ms);
/* tau = 9t + T_max + L + H, rounded up to whole ms. */
int mw_timing_safe_timeout_ms(int baud, enum mw_format format, double t_max_ms, double latency_ms);
/* (q + r)t + T of one answered request, ms. */
double mw_timing_txn_ms(int baud, enum mw_format format, const struct mw_timing_req *r);
/* n_empty * tau_ms + the transactions of the n answered requests, ms. */
double mw_timing_bound_ms(int baud, enum mw_format format, const struct mw_timing_req *reqs,
                          size_t n, int n_empty, double tau_ms);

/*
 * The same for a request of q characters (DL/T645: its wake-up bytes and
 * frame; a Modbus read is q = 8): the first reply byte (q + 1)t + T, and
 * the safe timeout (q + 1)t + T_max + L + H rounded up to whole ms.
 */
double mw_timing_first_byte_req_ms(int baud, enum mw_format format, int req_bytes,
                                   double turnaround_ms);
int mw_timing_safe_timeout_req_ms(int baud, enum mw_format format, int req_bytes, double t_max_ms,
                                  double latency_ms);

#endif
