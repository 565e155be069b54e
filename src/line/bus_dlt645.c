/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus_dlt645.c - DL/T645 on a bus's line (bus.h: mw_bus_dlt645), beside
 * the Modbus framing of bus.c; the inside of a bus is bus_int.h.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bus.h"
#include "bus_int.h"
#include "dlt645.h"
#include "i18n.h"
#include "link.h"
#include "text.h"
#include "trace.h"

/*
 * DL/T645-2007 and -1997 on the same line (dlt645.h holds the frame
 * codec; the two share the frame and differ in control codes, DIs and
 * the error byte, which the request's control code tells apart).  The
 * receive path is Modbus's: drain, send, mw_link_recv with the response and
 * byte timeouts, settle after a bad frame.  The frame's length is known
 * once its L byte is in.
 */

/* Expected length of the DL/T645 frame in p so far (0: not known yet). */
static int dlt_frame_len(const uint8_t *p, size_t n, void *arg)
{
	size_t s = 0;

	(void)arg;
	while (s < n && p[s] != 0x68)
		s++;
	if (s + 10 > n)
		return 0;
	if (p[s + 7] != 0x68)
		return 0; /* no frame: the end-of-frame timeout says */
	return (int)(s + 12 + p[s + 9]);
}

/* Message for the last failure of a DL/T645 exchange with meter `to`; code:
 * the request's control code (a 1997 one words the 1997 error byte). */
static void dlt_error(const struct mw_bus *b, const struct dlt645_addr *to, uint8_t code, int tries,
                      int e, char *err, size_t errsz)
{
	char lt[256], a[13], words[160];
	const char *nm = bus_msg_name(b);

	bus_line_text(b, lt, sizeof lt);
	dlt645_addr_format(to, a);
	switch (b->last) {
	case MW_BUS_TIMEOUT:
		mw_text_printf(err, errsz,
		               _("%s: no reply from DL/T645 meter %s at %s after %d tries"), nm, a,
		               lt, tries);
		break;
	case MW_BUS_CRC:
		mw_text_printf(
		    err, errsz,
		    _("%s: bad checksum in the reply from DL/T645 meter %s at %s after %d "
		      "tries (noise, a wrong line setting, or two meters answering)"),
		    nm, a, lt, tries);
		break;
	case MW_BUS_GARBLED:
		mw_text_printf(
		    err, errsz,
		    _("%s: garbled reply to DL/T645 meter %s at %s after %d tries (several "
		      "meters answering at once, or noise on the line)"),
		    nm, a, lt, tries);
		break;
	case MW_BUS_EXCEPTION:
		if (dlt645_97_code(code))
			dlt645_97_error_text((uint8_t)b->exc, words, sizeof words);
		else
			dlt645_error_text((uint8_t)b->exc, words, sizeof words);
		mw_text_printf(err, errsz, _("%s: DL/T645 meter %s refused the request: %s"), nm, a,
		               words);
		break;
	case MW_BUS_IO:
		bus_io_error(b, nm, e, err, errsz);
		break;
	default:
		mw_text_printf(err, errsz, "%s", "");
	}
}

/*
 * One DL/T645 exchange: send, receive, classify.  rep is the reply frame
 * for MW_BUS_OK and MW_BUS_EXCEPTION.
 */
static enum mw_bus_err dlt_exchange(struct mw_bus *b, const struct dlt645_frame *req, int wakeup,
                                    int want_reply, struct dlt645_frame *rep, int *e)
{
	uint8_t out[DLT645_FRAME_MAX], in[DLT645_FRAME_MAX];
	struct dlt645_scan s;
	size_t len = dlt645_build(req, wakeup, out, sizeof out);
	enum mw_bus_err r;
	int n;

	if (len == 0) {
		*e = EINVAL;
		return MW_BUS_GARBLED;
	}
	bus_drain(b);
	if (mw_link_send(b->line, out, len) < 0) {
		*e = errno;
		return MW_BUS_IO;
	}
	mw_trace_frame(b->name, MW_TRACE_OUT, MW_TRACE_REQUEST, out, len, 0);
	if (!want_reply)
		return MW_BUS_OK;
	n = mw_link_recv(b->line, in, sizeof in, b->response_ms, b->byte_ms, dlt_frame_len, NULL);
	if (n < 0) {
		*e = errno;
		return MW_BUS_IO;
	}
	if (n == 0) {
		mw_trace_frame(b->name, MW_TRACE_IN, MW_TRACE_TIMEOUT, NULL, 0, b->response_ms);
		return MW_BUS_TIMEOUT;
	}
	if (dlt645_find(in, (size_t)n, rep, &s) == 1) {
		if ((rep->ctrl & DLT645_C_REPLY) == 0 ||
		    (rep->ctrl & DLT645_C_CODE) != (req->ctrl & DLT645_C_CODE))
			r = MW_BUS_GARBLED; /* our own echo, or another master's frame */
		else if (!dlt645_addr_is_wildcard(&req->addr) &&
		         !dlt645_addr_match(&req->addr, &rep->addr))
			r = MW_BUS_GARBLED; /* a late reply of another meter */
		else if (rep->ctrl & DLT645_C_ERROR) {
			b->exc = rep->len >= 1 ? rep->data[0] : 0;
			r = MW_BUS_EXCEPTION;
		} else
			r = s.garbage > 0 ? MW_BUS_GARBLED : MW_BUS_OK;
	} else {
		r = s.problem == DLT645_P_CHECKSUM ? MW_BUS_CRC : MW_BUS_GARBLED;
	}
	mw_trace_frame(b->name, MW_TRACE_IN, bus_trace_kind(r), in, (size_t)n, 0);
	if (r == MW_BUS_CRC || r == MW_BUS_GARBLED)
		bus_settle(b);
	return r;
}

int mw_bus_dlt645(struct mw_bus *b, const struct dlt645_frame *req, int wakeup, int tries,
                  struct dlt645_frame *rep, char *err, size_t errsz)
{
	struct dlt645_frame scratch;
	struct mw_stats one = {0};
	int bcast = dlt645_addr_is_broadcast(&req->addr);
	int e = 0, i;

	if (b->tr == TR_TCP) {
		b->last = MW_BUS_GARBLED;
		mw_text_printf(
		    err, errsz,
		    _("%s: DL/T645 needs a serial port or a transparent gateway (rtutcp:), "
		      "not Modbus TCP"),
		    b->name);
		return -1;
	}
	if (bus_need_line(b, err, errsz) < 0)
		return -1;
	if (!rep)
		rep = &scratch;
	if (tries <= 0)
		tries = b->retries;
	if (bcast)
		tries = 1;
	for (i = 0; i < tries; i++) {
		double t0 = bus_now_ms();
		enum mw_bus_err r;

		b->total.requests++;
		r = dlt_exchange(b, req, wakeup, !bcast, rep, &e);
		b->last = r;
		if (bcast && r == MW_BUS_OK)
			return 0;
		bus_count(b, &one, r); /* DL/T645 meters count in the bus total only */
		if (r == MW_BUS_OK) {
			bus_count_latency(b, &one, bus_now_ms() - t0);
			return 0;
		}
		if (r == MW_BUS_EXCEPTION || r == MW_BUS_IO)
			break;
	}
	dlt_error(b, &req->addr, req->ctrl, i < tries ? i + 1 : tries, e, err, errsz);
	return -1;
}
