/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.h - the frame trace (--trace[=FILE]): every frame the line layer
 * sends or receives, one line each, written by bus.c as the bytes pass:
 *
 *   11:52:03.123456 ttyUSB0 > request  01 03 00 00 00 01 84 0A
 *   11:52:03.140012 ttyUSB0 < reply    01 03 02 03 33 F9 01
 *   11:52:03.361000 ttyUSB0 < timeout  (nothing in 200 ms)
 *
 * The time is the local wall clock with microseconds; ">" is sent, "<"
 * received; the kind says what the bytes were (request, reply, exception,
 * crc-error, garbled, noise for stale bytes drained before a request,
 * timeout; echo for our own request handed back by a 2-wire adapter and
 * dropped; line-set when the port was found at other settings than the
 * line's -- changed by another program or a driver -- and set again).
 * Over Modbus TCP the bytes are the unit id and the PDU (the MBAP header
 * is left out).  Password bytes a caller marks (mw_trace_secret) print as
 * "**".  The trace is one per process: every line opened after
 * mw_trace_open writes to it, the TUI's engine thread too.
 */
#ifndef MW_TRACE_H
#define MW_TRACE_H

#include <stddef.h>
#include <stdint.h>

enum mw_trace_dir { MW_TRACE_OUT, MW_TRACE_IN };

enum mw_trace_kind {
	MW_TRACE_REQUEST,
	MW_TRACE_REPLY,
	MW_TRACE_EXCEPTION,
	MW_TRACE_CRC,
	MW_TRACE_GARBLED,
	MW_TRACE_NOISE,
	MW_TRACE_TIMEOUT,
	MW_TRACE_ECHO,
	MW_TRACE_LINE_SET /* the port had lost its settings and got them again: p is the
	                     text ("9600 8E1"), n unused */
};

/*
 * Start tracing to FILE (appended), or stderr for NULL or "-".  -1 with a
 * message in err when the file cannot be opened.
 */
int mw_trace_open(const char *file, char *err, size_t errsz);
void mw_trace_close(void);
/* Whether a trace is on (callers skip work for it otherwise). */
int mw_trace_on(void);
/* One frame; for MW_TRACE_TIMEOUT, n is 0 and wait_ms the time waited. */
void mw_trace_frame(const char *port, enum mw_trace_dir dir, enum mw_trace_kind kind,
                    const uint8_t *p, size_t n, int wait_ms);

/*
 * Bytes the trace must not show (a password), in the frames this thread
 * traces until mw_trace_secret(NULL): the request's (and its echo's)
 * [req_from, req_from + req_n), and the reply's (or of what came instead)
 * [rep_from, rep_from + rep_n), counted from the frame's first byte after
 * any FE wake-up bytes (DL/T645): the Modbus unit id (address) is byte 0,
 * over TCP too.  A frame with such bytes also hides its check_n check
 * bytes, which would give the password away, starting check_back bytes
 * before its end (Modbus RTU's CRC: 2, 2; DL/T645's checksum: 2, 1;
 * Modbus TCP has none: 0, 0).  They print as "**".  Set by the caller that
 * knows which bytes are secret (the bus does not: it moves words and
 * frames).
 */
struct mw_trace_secret {
	size_t req_from, req_n;
	size_t rep_from, rep_n;
	size_t check_back, check_n;
};
void mw_trace_secret(const struct mw_trace_secret *s);

#endif
