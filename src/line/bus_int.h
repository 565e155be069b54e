/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus_int.h - the inside of a bus, shared by the files that make up the
 * bus module (bus.c: Modbus RTU/TCP; bus_dlt645.c: DL/T645 on the same
 * line).  Nothing outside src/line/bus*.c includes it.
 */
#ifndef MW_BUS_INT_H
#define MW_BUS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <modbus/modbus.h>

#include "bus.h"
#include "trace.h"

#define MW_ADDR_MAX 247
enum transport { TR_RTU, TR_TCP, TR_RTUTCP };

struct mw_bus {
	struct mw_link *line;
	modbus_t *ctx; /* TR_TCP: libmodbus's MBAP framing on the line's socket */
	enum transport tr;
	char port[256]; /* as given: path, tcp:HOST[:PORT] or rtutcp:HOST[:PORT] */
	char name[240]; /* short name for messages (basename of the path, HOST:PORT) */
	char host[200]; /* TCP host */
	char service[16];
	struct mw_linecfg lc;
	int response_ms;
	int byte_ms;
	int retries; /* tries per transaction, >= 1 */
	enum mw_bus_err last;
	int exc;    /* last exception code */
	int gw_exc; /* gateway exception (10, 11) taken as silence, else 0 */
	int busy;   /* the open failed because another process holds the port */
	/* A read that timed out: its reply may still come, and would pass for
	 * the reply to the next read of the same shape at that address. */
	bool late;                 /* set by a timeout, cleared by a settle */
	uint8_t late_pdu[6];       /* that read: unit id, FC, start, count */
	double late_ms;            /* when it was sent (now_ms) */
	struct mw_linecfg late_lc; /* and at which line settings */
	unsigned long line_resets; /* times the port was found off the line's settings */
	int echo_bad; /* the last exchange read back an echo that was not the request */
	/* What the drain before the last request dropped: a late reply, or
	 * noise (mw_bus_drained). */
	int drained_n;         /* bytes */
	uint8_t drained_hd[2]; /* its first two bytes (address, function) */
	struct mw_stats st[MW_ADDR_MAX + 1];
	struct mw_stats total;
};

/* Milliseconds on the monotonic clock. */
double bus_now_ms(void);
/* 0, or -1 with a message when the line is not usable (a dead port). */
int bus_need_line(struct mw_bus *b, char *err, size_t errsz);
/* Count the outcome r of one try in st and the bus total. */
void bus_count(struct mw_bus *b, struct mw_stats *st, enum mw_bus_err r);
/* Count the latency (ms) of an answered try. */
void bus_count_latency(struct mw_bus *b, struct mw_stats *st, double lat);
/* The name of the bus in messages. */
const char *bus_msg_name(const struct mw_bus *b);
/* The line settings as text ("9600 8E1", or HOST:PORT). */
void bus_line_text(const struct mw_bus *b, char *buf, size_t sz);
/* Message for an I/O error e on the port. */
void bus_io_error(const struct mw_bus *b, const char *nm, int e, char *err, size_t errsz);
/* Drop stale bytes before a request. */
void bus_drain(struct mw_bus *b);
/* Wait for the line to go quiet after a bad frame. */
void bus_settle(struct mw_bus *b);
/* The trace kind of an outcome. */
enum mw_trace_kind bus_trace_kind(enum mw_bus_err e);

#endif
