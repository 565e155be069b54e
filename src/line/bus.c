/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus.c - one Modbus line on the line layer (see bus.h and link.h).
 *
 * A bus owns one link (link.c: the descriptor, its lock, raw frames).  RTU
 * framing, on a serial port and over TCP to a transparent gateway
 * ("rtutcp:"), is done here: build the request and its CRC, drain stale
 * bytes, send, receive with the response (first-byte) timeout and the byte
 * (end-of-frame) timeout, check the reply.  Modbus TCP ("tcp:") keeps
 * libmodbus's MBAP framing on the line's socket (modbus_set_socket, no
 * modbus_connect, no modbus_flush).  Every frame goes to the trace
 * (trace.h).  Changing the line settings changes the termios of the open
 * port; over TCP the gateway's serial side is not ours to change.  Every
 * transaction is retried up to `retries` times on no reply, a bad CRC or a
 * garbled reply; an exception or a dead port ends it at once.  Messages
 * are ours, e.g. "ttyUSB0: no reply from address 7 at 9600 8E1 after 3
 * tries" or "tcp: no reply from address 7 at 10.0.0.5:502 after 3 tries".
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <modbus/modbus.h>

#include "bus.h"
#include "bus_int.h"
#include "crc16.h"
#include "i18n.h"
#include "link.h"
#include "timing.h"
#include "trace.h"
#include "text.h"
#include "xalloc.h"

#define RTU_MAX 256 /* longest RTU frame */
/* How long after a read timed out its reply is still waited for before a
 * read it could pass for (late_settle), ms: beyond any meter's turnaround
 * seen in the device files. */
#define LATE_MS 1000

/* Milliseconds on the monotonic clock. */
double bus_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Open the line (and for Modbus TCP the libmodbus context on it). */
static int bus_connect(struct mw_bus *b, char *err, size_t errsz)
{
	if (b->tr == TR_RTU) {
		b->line =
		    mw_link_open_serial(b->port, b->lc.baud, b->lc.format, &b->busy, err, errsz);
		return b->line ? 0 : -1;
	}
	b->line = mw_link_open_tcp(b->host, b->service, MW_TIMING_CONNECT_MS, err, errsz);
	if (!b->line)
		return -1;
	if (b->tr == TR_TCP) {
		b->ctx = modbus_new_tcp_pi(b->host, b->service);
		if (!b->ctx) {
			mw_text_printf(err, errsz, _("%s: cannot set up the line: %s"), b->name,
			               modbus_strerror(errno));
			mw_link_close(b->line);
			b->line = NULL;
			return -1;
		}
		modbus_set_error_recovery(b->ctx, MODBUS_ERROR_RECOVERY_NONE);
		modbus_set_socket(b->ctx, mw_link_fd(b->line));
	}
	return 0;
}

/* Close the line; the socket is the line's, never libmodbus's to close. */
static void bus_disconnect(struct mw_bus *b)
{
	if (b->ctx) {
		modbus_set_socket(b->ctx, -1);
		modbus_free(b->ctx);
		b->ctx = NULL;
	}
	mw_link_close(b->line);
	b->line = NULL;
}

/* Split "HOST[:PORT]" (HOST may be [v6]). */
static int parse_tcp(struct mw_bus *b, const char *spec, char *err, size_t errsz)
{
	const char *h = spec, *colon;
	size_t hl;

	snprintf(b->service, sizeof b->service, "502");
	if (*h == '[') {
		const char *end = strchr(h, ']');

		if (!end)
			goto bad;
		hl = (size_t)(end - h - 1);
		h++;
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = strrchr(h, ':');
		hl = colon ? (size_t)(colon - h) : strlen(h);
	}
	if (hl == 0 || hl >= sizeof b->host)
		goto bad;
	memcpy(b->host, h, hl);
	b->host[hl] = '\0';
	if (colon) {
		char *end;
		long p = strtol(colon + 1, &end, 10);

		if (*end || p < 1 || p > 65535)
			goto bad;
		snprintf(b->service, sizeof b->service, "%ld", p);
	}
	snprintf(b->name, sizeof b->name, "%s:%s", b->host, b->service);
	return 0;
bad:
	if (b->tr == TR_RTUTCP)
		mw_text_printf(err, errsz,
		               _("%s: not a TCP address; write rtutcp:HOST or rtutcp:HOST:PORT"),
		               b->port);
	else
		mw_text_printf(err, errsz,
		               _("%s: not a TCP address; write tcp:HOST or tcp:HOST:PORT"),
		               b->port);
	return -1;
}

struct mw_bus *mw_bus_open(const char *port, const struct mw_linecfg *lc, char *err, size_t errsz)
{
	struct mw_bus *b;
	const char *spec = NULL;

	if (!port || !*port) {
		mw_text_printf(err, errsz, _("no port given; use -p PORT (see `meterwise ports`)"));
		return NULL;
	}
	b = mw_xcalloc(1, sizeof *b);
	snprintf(b->port, sizeof b->port, "%s", port);
	b->byte_ms = 50;
	b->retries = 3;
	b->lc.baud = 9600;
	b->lc.format = MW_FMT_8N1;
	if (lc)
		b->lc = *lc;
	if (strncmp(port, "tcp:", 4) == 0) {
		b->tr = TR_TCP;
		spec = port + 4;
	} else if (strncmp(port, "rtutcp:", 7) == 0) {
		b->tr = TR_RTUTCP;
		spec = port + 7;
	} else if (strncmp(port, "rtu-tcp:", 8) == 0) {
		b->tr = TR_RTUTCP;
		spec = port + 8;
	} else {
		const char *slash = strrchr(port, '/');

		b->tr = TR_RTU;
		snprintf(b->name, sizeof b->name, "%s", slash ? slash + 1 : port);
	}
	/* over a network the first byte may take the round trip longer */
	b->response_ms = b->tr == TR_RTU ? 500 : 500 + MW_TIMING_NETWORK_MS;
	if (spec && parse_tcp(b, spec, err, errsz) < 0) {
		free(b);
		return NULL;
	}
	if (bus_connect(b, err, errsz) < 0) {
		free(b);
		return NULL;
	}
	return b;
}

void mw_bus_close(struct mw_bus *b)
{
	if (!b)
		return;
	bus_disconnect(b);
	free(b);
}

int mw_bus_set_line(struct mw_bus *b, const struct mw_linecfg *lc, char *err, size_t errsz)
{
	if (lc->baud == b->lc.baud && lc->format == b->lc.format)
		return 0;
	if (b->tr != TR_RTU) {
		b->lc = *lc; /* the gateway's serial side is set on the gateway */
		return 0;
	}
	if (!b->line) {
		mw_text_printf(
		    err, errsz,
		    _("%s: the port is closed after a failed line change; open it again"), b->name);
		return -1;
	}
	if (mw_link_set_serial(b->line, lc->baud, lc->format, err, errsz) < 0) {
		char e2[64];

		(void)mw_link_set_serial(b->line, b->lc.baud, b->lc.format, e2, sizeof e2);
		return -1;
	}
	b->lc = *lc;
	return 0;
}

const struct mw_linecfg *mw_bus_line(const struct mw_bus *b)
{
	return &b->lc;
}

const char *mw_bus_port(const struct mw_bus *b)
{
	return b->port;
}

const char *mw_bus_name(const struct mw_bus *b)
{
	return b->name;
}

int mw_bus_is_tcp(const struct mw_bus *b)
{
	return b->tr != TR_RTU;
}

int mw_bus_is_rtu_framed(const struct mw_bus *b)
{
	return b->tr != TR_TCP;
}

const char *mw_bus_transport(const struct mw_bus *b)
{
	return b->tr == TR_RTU ? "rtu" : b->tr == TR_TCP ? "tcp" : "rtutcp";
}

int mw_bus_adapter(const struct mw_bus *b, struct mw_link_adapter *out)
{
	memset(out, 0, sizeof *out);
	out->stated_ms = out->measured_ms = -1;
	out->timer_ms = out->timer_found_ms = -1;
	if (!b->line)
		return -1;
	mw_link_adapter(b->line, out);
	return 0;
}

double mw_bus_latency_ms(const struct mw_bus *b)
{
	struct mw_link_adapter a;

	if (b->tr != TR_RTU)
		return MW_TIMING_NETWORK_MS;
	return mw_bus_adapter(b, &a) == 0 ? a.latency_ms : 0;
}

void mw_bus_set_timeouts(struct mw_bus *b, int response_ms, int byte_ms)
{
	if (response_ms > 0)
		b->response_ms = response_ms;
	if (byte_ms > 0)
		b->byte_ms = byte_ms;
}

void mw_bus_get_timeouts(const struct mw_bus *b, int *response_ms, int *byte_ms)
{
	if (response_ms)
		*response_ms = b->response_ms;
	if (byte_ms)
		*byte_ms = b->byte_ms;
}

void mw_bus_set_retries(struct mw_bus *b, int retries)
{
	b->retries = retries < 1 ? 1 : retries;
}

int mw_bus_retries(const struct mw_bus *b)
{
	return b->retries;
}

const char *mw_bus_exception_text(int code)
{
	switch (code) {
	case 1:
		return _("illegal function (the meter does not support this function code)");
	case 2:
		return _("illegal data address (no such register on this meter)");
	case 3:
		return _("illegal data value (the meter refused the value)");
	case 4:
		return _("device failure");
	case 5:
		return _("acknowledge (the meter is still busy with the request)");
	case 6:
		return _("device busy");
	case 8:
		return _("memory parity error");
	case 10:
		return _("gateway path unavailable");
	case 11:
		return _("gateway target did not respond");
	default:
		return _("unknown exception");
	}
}

/* Line settings as text for messages: "9600 8E1", or HOST:PORT over TCP. */
void bus_line_text(const struct mw_bus *b, char *buf, size_t sz)
{
	if (b->tr != TR_RTU)
		snprintf(buf, sz, "%s", b->name);
	else
		snprintf(buf, sz, "%d %s", b->lc.baud, mw_format_name(b->lc.format));
}

/* What starts a message: the port's name, or the transport over TCP. */
const char *bus_msg_name(const struct mw_bus *b)
{
	return b->tr == TR_RTU ? b->name : mw_bus_transport(b);
}

/* Message for a failed port or connection (MW_BUS_IO), Modbus or DL/T645. */
void bus_io_error(const struct mw_bus *b, const char *nm, int e, char *err, size_t errsz)
{
	if (b->tr != TR_RTU)
		mw_text_printf(err, errsz, _("%s: the connection to %s failed (%s)"), nm, b->name,
		               strerror(e));
	else
		mw_text_printf(err, errsz,
		               _("%s: the port stopped working (%s); is the adapter unplugged? "
		                 "Reconnect it and try again"),
		               b->name, strerror(e));
}

/* Message for the last failure of a transaction with addr. */
static void txn_error(const struct mw_bus *b, int addr, int tries, int e, char *err, size_t errsz)
{
	char lt[256];
	const char *nm = bus_msg_name(b);

	bus_line_text(b, lt, sizeof lt);
	switch (b->last) {
	case MW_BUS_TIMEOUT:
		if (b->gw_exc)
			mw_text_printf(
			    err, errsz,
			    _("%s: no meter at address %d (the gateway answered exception %d: "
			      "%s)"),
			    nm, addr, b->gw_exc, mw_bus_exception_text(b->gw_exc));
		else
			mw_text_printf(err, errsz,
			               _("%s: no reply from address %d at %s after %d tries"), nm,
			               addr, lt, tries);
		break;
	case MW_BUS_CRC:
	case MW_BUS_GARBLED:
		if (b->echo_bad) {
			mw_text_printf(
			    err, errsz,
			    _("%s: noisy line: the adapter's echo of the request to address %d "
			      "at %s differed from the request, after %d tries (check the "
			      "wiring, termination and shield)"),
			    nm, addr, lt, tries);
			break;
		}
		if (b->last == MW_BUS_GARBLED) {
			mw_text_printf(err, errsz,
			               _("%s: garbled reply from address %d at %s after %d tries "
			                 "(two devices at one address, or noise on the line)"),
			               nm, addr, lt, tries);
			break;
		}
		mw_text_printf(err, errsz,
		               _("%s: bad CRC in the reply from address %d at %s after %d tries "
		                 "(noise, a wrong line setting, or two devices at one address)"),
		               nm, addr, lt, tries);
		break;
	case MW_BUS_EXCEPTION:
		mw_text_printf(err, errsz, _("%s: address %d answered with exception %d: %s"), nm,
		               addr, b->exc, mw_bus_exception_text(b->exc));
		break;
	case MW_BUS_IO:
		bus_io_error(b, nm, e, err, errsz);
		break;
	default:
		mw_text_printf(err, errsz, "%s", "");
	}
}

/* One request: what it asks, as the reply must match it. */
struct req {
	uint8_t pdu[6 + 1 + 2 * MODBUS_MAX_WRITE_REGISTERS]; /* unit id + PDU, no CRC */
	size_t len;
	int fc;
	int n;         /* registers or bits asked for */
	size_t nbytes; /* data bytes a read reply carries */
};

/* Expected length of the RTU frame in p so far (0: not known yet). */
static int rtu_frame_len(const uint8_t *p, size_t n, void *arg)
{
	(void)arg;
	if (n < 2)
		return 0;
	if (p[1] & 0x80)
		return 5;
	if (p[1] >= 1 && p[1] <= 4)
		return n >= 3 ? 5 + p[2] : 0;
	if (p[1] == 5 || p[1] == 6 || p[1] == 15 || p[1] == 16)
		return 8;
	return 0; /* unknown: the end-of-frame timeout says */
}

/*
 * Check a reply (unit id + PDU, CRC already checked) against its request;
 * fills out for reads.  MW_BUS_OK, MW_BUS_EXCEPTION (b->exc) or
 * MW_BUS_GARBLED.
 */
static enum mw_bus_err check_reply(struct mw_bus *b, const struct req *q, const uint8_t *p,
                                   size_t n, uint16_t *out)
{
	if (n < 3)
		return MW_BUS_GARBLED;
	if (b->tr != TR_TCP && q->pdu[0] != 0 && p[0] != q->pdu[0])
		return MW_BUS_GARBLED;
	if (p[1] == (q->fc | 0x80)) {
		if (n != 3 || p[2] < 1 || p[2] > 11)
			return MW_BUS_GARBLED;
		b->exc = p[2];
		/*
		 * Exceptions 0x0A (gateway path unavailable) and 0x0B (gateway
		 * target failed to respond) come from a gateway, not a meter:
		 * nobody is at that address.  They count as silence everywhere
		 * (scan, collision checks, searches after a line change).
		 */
		if (p[2] == 10 || p[2] == 11) {
			b->gw_exc = p[2];
			return MW_BUS_TIMEOUT;
		}
		return MW_BUS_EXCEPTION;
	}
	if (p[1] != q->fc)
		return MW_BUS_GARBLED;
	switch (q->fc) {
	case 1:
	case 2:
		if (p[2] != q->nbytes || n != 3 + q->nbytes)
			return MW_BUS_GARBLED;
		for (int k = 0; out && k < q->n; k++)
			out[k] = (uint16_t)(p[3 + k / 8] >> (k % 8) & 1);
		return MW_BUS_OK;
	case 3:
	case 4:
		if (p[2] != q->nbytes || n != 3 + q->nbytes)
			return MW_BUS_GARBLED;
		for (int k = 0; out && k < q->n; k++)
			out[k] = (uint16_t)(p[3 + 2 * k] << 8 | p[4 + 2 * k]);
		return MW_BUS_OK;
	case 5:
	case 6:
		return n == 6 && memcmp(p + 1, q->pdu + 1, 5) == 0 ? MW_BUS_OK : MW_BUS_GARBLED;
	default: /* 16 */
		return n == 6 && memcmp(p + 1, q->pdu + 1, 5) == 0 ? MW_BUS_OK : MW_BUS_GARBLED;
	}
}

/* The trace kind for a reply's outcome. */
enum mw_trace_kind bus_trace_kind(enum mw_bus_err e)
{
	switch (e) {
	case MW_BUS_OK:
		return MW_TRACE_REPLY;
	case MW_BUS_EXCEPTION:
		return MW_TRACE_EXCEPTION;
	case MW_BUS_CRC:
		return MW_TRACE_CRC;
	default:
		return MW_TRACE_GARBLED;
	}
}

/* Drop stale bytes (a late reply, noise) before a request. */
void bus_drain(struct mw_bus *b)
{
	uint8_t junk[RTU_MAX];
	int n;

	/* The port must still be at the line's settings: a bus that believed
	 * 8E1 on a port something had set to 8N1 timed out for ever. */
	if (b->tr == TR_RTU && mw_link_hold_serial(b->line, b->lc.baud, b->lc.format) != 0) {
		char lt[64];

		b->line_resets++;
		snprintf(lt, sizeof lt, "%d %s", b->lc.baud, mw_format_name(b->lc.format));
		mw_trace_frame(b->name, MW_TRACE_OUT, MW_TRACE_LINE_SET, (const uint8_t *)lt, 0, 0);
	}
	n = mw_link_drain(b->line, junk, sizeof junk);
	b->drained_n = n > 0 ? n : 0;
	b->drained_hd[0] = n > 0 ? junk[0] : 0;
	b->drained_hd[1] = n > 1 ? junk[1] : 0;
	if (n > 0)
		mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_NOISE, junk,
		               (size_t)n < sizeof junk ? (size_t)n : sizeof junk, 0);
}

int mw_bus_drained(const struct mw_bus *b, int *from)
{
	int fc = b->drained_hd[1] & 0x7F;

	*from = -1;
	if (b->drained_n >= 2 && b->drained_hd[0] >= 1 && b->drained_hd[0] <= MW_ADDR_MAX &&
	    (fc == 3 || fc == 4))
		*from = b->drained_hd[0];
	return b->drained_n;
}

/*
 * After a garbled or corrupt reply, wait until the line has been quiet for
 * the response timeout: the rest of a frame a busy device paces slowly, or
 * a second device's overlapping reply, may still be coming, and must not
 * land in the next request's reply (libmodbus's protocol recovery slept the
 * response timeout and flushed for the same reason).  What comes is traced
 * as noise; a line that never falls quiet is left after three rounds.
 */
void bus_settle(struct mw_bus *b)
{
	uint8_t junk[RTU_MAX];

	for (int i = 0; i < 3; i++) {
		int n = mw_link_recv(b->line, junk, sizeof junk, b->response_ms, b->byte_ms, NULL,
		                     NULL);

		if (n <= 0)
			return;
		mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_NOISE, junk, (size_t)n, 0);
	}
}

/*
 * Before sending q: a read to the same address that timed out may still be
 * answered (a --timeout shorter than the meter's turnaround), and Modbus
 * RTU gives no way to tell whose reply it is when q asks for the same
 * function and count.  Then wait for that reply until LATE_MS after the
 * read was sent (at least the response timeout), and once something came,
 * until the line is quiet (settle), dropping it all as noise, so that a
 * reply taken for q answers q.  Nothing is waited for a request
 * to another address (a late reply shows there by its unit id), an
 * identical request at the same line settings (any reply answers it
 * equally; the late mark stays for the reply still due; at other settings
 * it is waited for, as a reply would place the meter where it is not), or one whose reply has
 * another shape (a late reply fails the check against q): a scan over empty addresses costs what it
 * did.
 */
static void late_settle(struct mw_bus *b, const struct req *q)
{
	if (!b->late)
		return;
	if (q->pdu[0] != b->late_pdu[0] || q->len < 6) {
		b->late = false;
		return;
	}
	/* The same read at the same line: its late reply answers it.  At other
	 * line settings it must not: it would say the meter is there. */
	if (memcmp(q->pdu, b->late_pdu, 6) == 0 && b->late_lc.baud == b->lc.baud &&
	    b->late_lc.format == b->lc.format)
		return;
	if (q->pdu[1] == b->late_pdu[1] && q->fc >= 1 && q->fc <= 4 &&
	    memcmp(q->pdu + 4, b->late_pdu + 4, 2) == 0) {
		uint8_t junk[RTU_MAX];
		double left = b->late_ms + LATE_MS - bus_now_ms();
		int n = mw_link_recv(b->line, junk, sizeof junk,
		                     left > b->response_ms ? (int)left : b->response_ms, b->byte_ms,
		                     NULL, NULL);

		if (n > 0) {
			mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_NOISE, junk, (size_t)n, 0);
			bus_settle(b);
		}
	}
	b->late = false;
}

/* Note a read that timed out (see late_settle). */
static void late_mark(struct mw_bus *b, const struct req *q)
{
	if (q->fc < 1 || q->fc > 4 || q->pdu[0] == 0 || q->len < 6)
		return;
	b->late = true;
	memcpy(b->late_pdu, q->pdu, 6);
	b->late_ms = bus_now_ms() - b->response_ms;
	b->late_lc = b->lc;
}

/*
 * One exchange in RTU framing: send q, receive, check.  *got is the number
 * of bytes received (the frame is in frame); *from the address of a whole
 * frame with a good CRC (-1: none).  Returns the outcome; *e the errno for
 * MW_BUS_IO.
 */
static enum mw_bus_err rtu_exchange(struct mw_bus *b, const struct req *q, uint8_t *frame, int *got,
                                    int *from, uint16_t *out, int *e)
{
	uint8_t buf[sizeof q->pdu + 2];
	uint16_t crc = mw_crc16(q->pdu, q->len);
	enum mw_bus_err r;
	int n;

	*got = 0;
	*from = -1;
	memcpy(buf, q->pdu, q->len);
	buf[q->len] = (uint8_t)(crc & 0xFF);
	buf[q->len + 1] = (uint8_t)(crc >> 8);
	late_settle(b, q);
	bus_drain(b);
	/* FC05 and FC06 replies repeat the request: an echo cannot be told by them */
	if (mw_link_send_flags(b->line, buf, q->len + 2,
	                       q->fc == 5 || q->fc == 6 ? MW_LINK_SELF_REPLY : 0) < 0) {
		*e = errno;
		return MW_BUS_IO;
	}
	mw_trace_frame(b->name, MW_TRACE_OUT, MW_TRACE_REQUEST, buf, q->len + 2, 0);
	n = mw_link_recv(b->line, frame, RTU_MAX, b->response_ms, b->byte_ms, rtu_frame_len, NULL);
	b->echo_bad = n > 0 && mw_link_echo_bad(b->line);
	if (n < 0) {
		*e = errno;
		return MW_BUS_IO;
	}
	*got = n;
	if (n == 0) {
		mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_TIMEOUT, NULL, 0, b->response_ms);
		late_mark(b, q);
		return MW_BUS_TIMEOUT;
	}
	if (n >= 4 &&
	    mw_crc16(frame, (size_t)n - 2) == (uint16_t)(frame[n - 2] | frame[n - 1] << 8)) {
		*from = frame[0];
		r = check_reply(b, q, frame, (size_t)n - 2, out);
	} else {
		/* a frame with our address and a bad CRC, or bytes that make none */
		r = n >= 4 && frame[0] == q->pdu[0] ? MW_BUS_CRC : MW_BUS_GARBLED;
	}
	mw_trace_frame(b->name, MW_TRACE_IN, bus_trace_kind(r), frame, (size_t)n, 0);
	if (r == MW_BUS_CRC || r == MW_BUS_GARBLED)
		bus_settle(b);
	return r;
}

/* One exchange over Modbus TCP through libmodbus on the line's socket. */
static enum mw_bus_err tcp_exchange(struct mw_bus *b, const struct req *q, uint16_t *out, int *e)
{
	uint8_t rsp[MODBUS_TCP_MAX_ADU_LENGTH];
	enum mw_bus_err r;
	int rc;

	bus_drain(b);
	modbus_set_slave(b->ctx, q->pdu[0]);
	modbus_set_response_timeout(b->ctx, b->response_ms / 1000, (b->response_ms % 1000) * 1000);
	modbus_set_byte_timeout(b->ctx, b->byte_ms / 1000, (b->byte_ms % 1000) * 1000);
	errno = 0;
	if (modbus_send_raw_request(b->ctx, (uint8_t *)q->pdu, (int)q->len) < 0) {
		*e = errno ? errno : EIO;
		return MW_BUS_IO;
	}
	mw_trace_frame(b->name, MW_TRACE_OUT, MW_TRACE_REQUEST, q->pdu, q->len, 0);
	errno = 0;
	rc = modbus_receive_confirmation(b->ctx, rsp);
	if (rc < 0) {
		*e = errno ? errno : EMBBADDATA;
		if (*e == ETIMEDOUT) {
			mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_TIMEOUT, NULL, 0,
			               b->response_ms);
			return MW_BUS_TIMEOUT;
		}
		if (*e >= EMBXILFUN && *e <= EMBBADSLAVE) {
			mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_GARBLED, NULL, 0, 0);
			return MW_BUS_GARBLED;
		}
		return MW_BUS_IO;
	}
	r = rc < 8 ? MW_BUS_GARBLED : check_reply(b, q, rsp + 6, (size_t)rc - 6, out);
	mw_trace_frame(b->name, MW_TRACE_IN, bus_trace_kind(r), rsp + 6,
	               rc > 6 ? (size_t)rc - 6 : 0, 0);
	return r;
}

/* Count an outcome in the per-address and total counters. */
void bus_count(struct mw_bus *b, struct mw_stats *st, enum mw_bus_err r)
{
	switch (r) {
	case MW_BUS_TIMEOUT:
		st->timeouts++;
		b->total.timeouts++;
		break;
	case MW_BUS_CRC:
		st->crc_errors++;
		b->total.crc_errors++;
		break;
	case MW_BUS_EXCEPTION:
		st->exceptions++;
		b->total.exceptions++;
		st->replies++;
		b->total.replies++;
		break;
	case MW_BUS_OK:
		st->replies++;
		b->total.replies++;
		break;
	default:
		st->other_errors++;
		b->total.other_errors++;
		break;
	}
}

/* Note the latency of a good reply. */
void bus_count_latency(struct mw_bus *b, struct mw_stats *st, double lat)
{
	st->latency_ms_last = b->total.latency_ms_last = lat;
	st->latency_ms_sum += lat;
	b->total.latency_ms_sum += lat;
	if (lat > st->latency_ms_max)
		st->latency_ms_max = lat;
	if (lat > b->total.latency_ms_max)
		b->total.latency_ms_max = lat;
}

/* A closed line (a failed reconnect) cannot carry a request. */
int bus_need_line(struct mw_bus *b, char *err, size_t errsz)
{
	if (b->line)
		return 0;
	b->last = MW_BUS_IO;
	mw_text_printf(err, errsz,
	               _("%s: the port is closed after a failed line change; open it again"),
	               b->name);
	return -1;
}

/* One transaction, retried; returns 0 or -1 with b->last and err set. */
static int transact(struct mw_bus *b, const struct req *q, uint16_t *out, char *err, size_t errsz)
{
	int addr = q->pdu[0];
	int tries = addr == 0 && q->fc >= 5 ? 1 : b->retries;
	int e = 0, i;
	struct mw_stats *st = &b->st[addr];

	if (bus_need_line(b, err, errsz) < 0)
		return -1;
	for (i = 0; i < tries; i++) {
		uint8_t frame[RTU_MAX];
		double t0 = bus_now_ms();
		int got, from;
		enum mw_bus_err r;

		st->requests++;
		b->total.requests++;
		b->gw_exc = 0;
		r = b->tr == TR_TCP ? tcp_exchange(b, q, out, &e)
		                    : rtu_exchange(b, q, frame, &got, &from, out, &e);
		b->last = r;
		if (addr == 0 && q->fc >= 5 && r == MW_BUS_TIMEOUT) {
			/* A broadcast write gets no reply: that is success. */
			b->last = MW_BUS_OK;
			return 0;
		}
		bus_count(b, st, r);
		if (r == MW_BUS_OK) {
			bus_count_latency(b, st, bus_now_ms() - t0);
			return 0;
		}
		if (r == MW_BUS_EXCEPTION || r == MW_BUS_IO)
			break;
	}
	txn_error(b, addr, i < tries ? i + 1 : tries, e, err, errsz);
	return -1;
}

/* Check an address and a count; fills q's header. */
static int req_init(struct mw_bus *b, struct req *q, int addr, int fc, uint16_t reg, int n, int max,
                    char *err, size_t errsz)
{
	if (addr < 0 || addr > MW_ADDR_MAX) {
		b->last = MW_BUS_GARBLED;
		mw_text_printf(err, errsz, _("address %d is outside 0..247"), addr);
		return -1;
	}
	if (n < 1 || n > max) {
		b->last = MW_BUS_GARBLED;
		mw_text_printf(err, errsz, _("%d registers in one request is outside 1..125"), n);
		return -1;
	}
	memset(q, 0, sizeof *q);
	q->pdu[0] = (uint8_t)addr;
	q->pdu[1] = (uint8_t)fc;
	q->pdu[2] = (uint8_t)(reg >> 8);
	q->pdu[3] = (uint8_t)reg;
	q->fc = fc;
	q->n = n;
	q->len = 4;
	return 0;
}

/* Append a big-endian word. */
static void put16(struct req *q, unsigned v)
{
	q->pdu[q->len++] = (uint8_t)(v >> 8);
	q->pdu[q->len++] = (uint8_t)v;
}

int mw_bus_read(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                char *err, size_t errsz)
{
	static const int fcs[] = {[MW_TABLE_COIL] = 1,
	                          [MW_TABLE_DISCRETE] = 2,
	                          [MW_TABLE_HOLDING] = 3,
	                          [MW_TABLE_INPUT] = 4};
	int bits = t == MW_TABLE_COIL || t == MW_TABLE_DISCRETE;
	struct req q;

	if (req_init(b, &q, addr, fcs[t], reg, n,
	             bits ? MODBUS_MAX_READ_BITS : MODBUS_MAX_READ_REGISTERS, err, errsz) < 0)
		return -1;
	put16(&q, (unsigned)n);
	q.nbytes = bits ? (size_t)(n + 7) / 8 : 2 * (size_t)n;
	return transact(b, &q, out, err, errsz);
}

int mw_bus_write(struct mw_bus *b, int addr, int fc, uint16_t reg, const uint16_t *w, int n,
                 char *err, size_t errsz)
{
	struct req q;

	if (fc == 6 && n == 1) {
		if (req_init(b, &q, addr, 6, reg, 1, 1, err, errsz) < 0)
			return -1;
		put16(&q, w[0]);
		return transact(b, &q, NULL, err, errsz);
	}
	if (req_init(b, &q, addr, 16, reg, n, MODBUS_MAX_WRITE_REGISTERS, err, errsz) < 0)
		return -1;
	put16(&q, (unsigned)n);
	q.pdu[q.len++] = (uint8_t)(2 * n);
	for (int i = 0; i < n; i++)
		put16(&q, w[i]);
	return transact(b, &q, NULL, err, errsz);
}

int mw_bus_write_coil(struct mw_bus *b, int addr, uint16_t coil, int on, char *err, size_t errsz)
{
	struct req q;

	if (req_init(b, &q, addr, 5, coil, 1, 1, err, errsz) < 0)
		return -1;
	put16(&q, on ? 0xFF00 : 0x0000);
	return transact(b, &q, NULL, err, errsz);
}

enum mw_bus_err mw_bus_last_error(const struct mw_bus *b)
{
	return b->last;
}

int mw_bus_exception(const struct mw_bus *b)
{
	return b->exc;
}

const struct mw_stats *mw_bus_stats(const struct mw_bus *b, int addr)
{
	if (addr < 0 || addr > MW_ADDR_MAX)
		return &b->total;
	return &b->st[addr];
}

unsigned long mw_bus_line_resets(const struct mw_bus *b)
{
	return b->line_resets;
}

void mw_bus_reset_stats(struct mw_bus *b)
{
	memset(b->st, 0, sizeof b->st);
	memset(&b->total, 0, sizeof b->total);
}

int mw_bus_port_gone(const struct mw_bus *b)
{
	struct pollfd pfd = {.events = POLLOUT};

	if (!b->line)
		return 1;
	if (b->tr != TR_RTU)
		return 0; /* a lost connection shows as an I/O error */
	pfd.fd = mw_link_fd(b->line);
	if (pfd.fd < 0)
		return 1;
	/* A pty whose other side closed, or a USB adapter unplugged, hangs up. */
	if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return 1;
	return access(b->port, F_OK) != 0;
}

int mw_bus_probe(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                 int *from, char *err, size_t errsz)
{
	uint8_t frame[RTU_MAX];
	struct mw_stats *st;
	struct req q;
	enum mw_bus_err r;
	double t0;
	int got, e = 0;

	*from = -1;
	if (b->tr == TR_TCP || (t != MW_TABLE_HOLDING && t != MW_TABLE_INPUT) || n < 1 ||
	    n > MODBUS_MAX_READ_REGISTERS || addr < 0 || addr > MW_ADDR_MAX) {
		b->last = MW_BUS_GARBLED;
		mw_text_printf(err, errsz,
		               _("%s: a probe needs an RTU line, address 0..247 and 1..125 "
		                 "registers"),
		               b->name);
		return -1;
	}
	if (bus_need_line(b, err, errsz) < 0)
		return -1;
	(void)req_init(b, &q, addr, t == MW_TABLE_INPUT ? 4 : 3, reg, n, n, NULL, 0);
	put16(&q, (unsigned)n);
	q.nbytes = 2 * (size_t)n;
	st = &b->st[addr];
	st->requests++;
	b->total.requests++;
	t0 = bus_now_ms();
	b->gw_exc = 0;
	r = rtu_exchange(b, &q, frame, &got, from, out, &e);
	b->last = r;
	bus_count(b, st, r);
	if (r == MW_BUS_OK) {
		st->latency_ms_last = b->total.latency_ms_last = bus_now_ms() - t0;
		return 0;
	}
	txn_error(b, r == MW_BUS_EXCEPTION && *from >= 0 ? *from : addr, 1, e, err, errsz);
	return -1;
}

int mw_bus_listen(struct mw_bus *b, int ms, char *err, size_t errsz)
{
	uint8_t junk[RTU_MAX];
	int n;

	if (b->tr == TR_TCP) {
		b->last = MW_BUS_GARBLED;
		mw_text_printf(err, errsz,
		               _("%s: listening needs a serial port or rtutcp:, not Modbus TCP"),
		               b->name);
		return -1;
	}
	if (bus_need_line(b, err, errsz) < 0)
		return -1;
	n = ms > 0 ? mw_link_recv(b->line, junk, sizeof junk, ms, b->byte_ms, NULL, NULL) : 0;
	if (n < 0) {
		b->last = MW_BUS_IO;
		mw_text_printf(
		    err, errsz,
		    _("%s: the port stopped working (%s); is the adapter unplugged? Reconnect "
		      "it and try again"),
		    b->name, strerror(errno));
		return -1;
	}
	if (n > 0) {
		mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_NOISE, junk, (size_t)n, 0);
		bus_settle(b);
	}
	return n;
}
