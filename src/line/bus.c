/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bus.c - one Modbus line over libmodbus (see bus.h).
 *
 * A bus owns one libmodbus context.  Changing the line settings makes a
 * new context and connects it (libmodbus fixes baud and format at
 * creation).  Every transaction is retried up to `retries` times on no
 * reply, a bad CRC or a garbled reply; an exception or a dead port ends it
 * at once.  libmodbus's errno values are classified into mw_bus_err and
 * turned into our own wording, e.g.
 *   "ttyUSB0: no reply from address 7 at 9600 8E1 after 3 tries".
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LINUX_SERIAL_H
#include <linux/serial.h>
#endif

#include <modbus/modbus.h>

#include "bus.h"
#include "i18n.h"

#define MW_ADDR_MAX 247

enum transport { TR_RTU, TR_TCP };

struct mw_bus {
	modbus_t *ctx;
	enum transport tr;
	char port[256]; /* as given: path or tcp:HOST[:PORT] */
	char name[240]; /* short name for messages (basename of the path) */
	char host[200]; /* TCP host */
	char service[16];
	struct mw_linecfg lc;
	int response_ms;
	int byte_ms;
	int retries; /* tries per transaction, >= 1 */
	enum mw_bus_err last;
	int exc; /* last exception code */
	struct mw_stats st[MW_ADDR_MAX + 1];
	struct mw_stats total;
};

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void set_err(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Ask the kernel for low latency on USB serial adapters; ptys refuse it. */
static void low_latency(modbus_t *ctx)
{
#if defined(HAVE_LINUX_SERIAL_H) && defined(ASYNC_LOW_LATENCY)
	struct serial_struct ss;
	int fd = modbus_get_socket(ctx);

	if (fd < 0 || ioctl(fd, TIOCGSERIAL, &ss) < 0)
		return;
	if (ss.flags & ASYNC_LOW_LATENCY)
		return;
	ss.flags |= ASYNC_LOW_LATENCY;
	(void)ioctl(fd, TIOCSSERIAL, &ss);
#else
	(void)ctx;
#endif
}

/* Message for a failed open of a serial port. */
static void open_error(const struct mw_bus *b, int e, char *err, size_t errsz)
{
	switch (e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		set_err(err, errsz,
		        _("%s: no such serial port; list the ports with `meterwise ports`"),
		        b->port);
		break;
	case EACCES:
	case EPERM:
		set_err(err, errsz,
		        _("%s: permission denied; add yourself to the dialout group "
		          "(sudo usermod -aG dialout $USER), then log out and in"),
		        b->port);
		break;
	case EBUSY:
		set_err(err, errsz,
		        _("%s: the port is busy; another program is using it (close it and retry)"),
		        b->port);
		break;
	default:
		set_err(err, errsz, _("%s: cannot open: %s"), b->port, strerror(e));
	}
}

/*
 * Added for commissioning (resume after a crash): on a pseudo-terminal,
 * glibc's tcsetattr() fails with EINVAL when the port already holds the
 * requested settings minus PARENB, which a pty drops; that is the state a
 * killed meterwise leaves behind at an even-parity setting.  Put the port
 * in a neutral state so that the next connect changes something.
 */
static void neutral_termios(const char *port)
{
	int fd = open(port, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct termios t;

	if (fd < 0)
		return;
	if (tcgetattr(fd, &t) == 0) {
		t.c_iflag = 0;
		t.c_cflag = CS8 | CREAD | CLOCAL;
		cfsetispeed(&t, B9600);
		cfsetospeed(&t, B9600);
		(void)tcsetattr(fd, TCSANOW, &t);
	}
	close(fd);
}

/* Make and connect a context for the current settings. */
static int bus_connect(struct mw_bus *b, char *err, size_t errsz)
{
	modbus_t *ctx;
	int rc;

	if (b->tr == TR_TCP) {
		ctx = modbus_new_tcp_pi(b->host, b->service);
	} else {
		char parity = 'N';
		int stop = 1;

		switch (b->lc.format) {
		case MW_FMT_8E1:
			parity = 'E';
			break;
		case MW_FMT_8O1:
			parity = 'O';
			break;
		case MW_FMT_8N2:
			stop = 2;
			break;
		default:
			break;
		}
		ctx = modbus_new_rtu(b->port, b->lc.baud, parity, 8, stop);
	}
	if (!ctx) {
		if (b->tr == TR_RTU && errno == EINVAL)
			set_err(err, errsz, _("%s: baud rate %d is not supported by this system"),
			        b->port, b->lc.baud);
		else
			set_err(err, errsz, _("%s: cannot set up the line: %s"), b->port,
			        modbus_strerror(errno));
		return -1;
	}
	/* Close the old context first: libmodbus restores the termios it found
	 * when it closes, which would undo the new context's settings. */
	if (b->ctx) {
		modbus_close(b->ctx);
		modbus_free(b->ctx);
		b->ctx = NULL;
	}
	modbus_set_error_recovery(ctx, MODBUS_ERROR_RECOVERY_PROTOCOL);
	modbus_set_response_timeout(ctx, b->response_ms / 1000, (b->response_ms % 1000) * 1000);
	modbus_set_byte_timeout(ctx, b->byte_ms / 1000, (b->byte_ms % 1000) * 1000);
	rc = modbus_connect(ctx);
	if (rc < 0 && b->tr == TR_RTU && errno == EINVAL) {
		neutral_termios(b->port);
		rc = modbus_connect(ctx);
	}
	if (rc < 0) {
		int e = errno;

		if (b->tr == TR_TCP)
			set_err(err, errsz, _("%s: cannot connect to %s port %s: %s"), b->name,
			        b->host, b->service, modbus_strerror(e));
		else
			open_error(b, e, err, errsz);
		modbus_free(ctx);
		return -1;
	}
	if (b->tr == TR_RTU)
		low_latency(ctx);
	b->ctx = ctx;
	return 0;
}

/* Split "tcp:HOST[:PORT]" (HOST may be [v6]). */
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
	set_err(err, errsz, _("%s: not a TCP address; write tcp:HOST or tcp:HOST:PORT"), b->port);
	return -1;
}

struct mw_bus *mw_bus_open(const char *port, const struct mw_linecfg *lc, char *err, size_t errsz)
{
	struct mw_bus *b;

	if (!port || !*port) {
		set_err(err, errsz, _("no port given; use -p PORT (see `meterwise ports`)"));
		return NULL;
	}
	if (strncmp(port, "rtutcp:", 7) == 0 || strncmp(port, "rtu-tcp:", 8) == 0) {
		set_err(err, errsz,
		        _("%s: RTU over TCP is not available: libmodbus 3.1 has no RTU-over-TCP "
		          "transport; set the gateway to Modbus TCP and use tcp:HOST[:PORT]"),
		        port);
		return NULL;
	}
	b = calloc(1, sizeof *b);
	if (!b)
		abort();
	snprintf(b->port, sizeof b->port, "%s", port);
	b->response_ms = 500;
	b->byte_ms = 50;
	b->retries = 3;
	b->lc.baud = 9600;
	b->lc.format = MW_FMT_8N1;
	if (lc)
		b->lc = *lc;
	if (strncmp(port, "tcp:", 4) == 0) {
		b->tr = TR_TCP;
		if (parse_tcp(b, port + 4, err, errsz) < 0) {
			free(b);
			return NULL;
		}
	} else {
		const char *slash = strrchr(port, '/');

		b->tr = TR_RTU;
		snprintf(b->name, sizeof b->name, "%s", slash ? slash + 1 : port);
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
	if (b->ctx) {
		modbus_close(b->ctx);
		modbus_free(b->ctx);
	}
	free(b);
}

int mw_bus_set_line(struct mw_bus *b, const struct mw_linecfg *lc, char *err, size_t errsz)
{
	struct mw_linecfg old = b->lc;

	if (lc->baud == b->lc.baud && lc->format == b->lc.format)
		return 0;
	b->lc = *lc;
	if (b->tr == TR_TCP)
		return 0; /* the gateway's serial side is set on the gateway */
	if (bus_connect(b, err, errsz) < 0) {
		char e2[64];

		b->lc = old;
		(void)bus_connect(b, e2, sizeof e2); /* back to where we were */
		return -1;
	}
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
	return b->tr == TR_TCP;
}

void mw_bus_set_timeouts(struct mw_bus *b, int response_ms, int byte_ms)
{
	if (response_ms > 0)
		b->response_ms = response_ms;
	if (byte_ms > 0)
		b->byte_ms = byte_ms;
	if (b->ctx) {
		modbus_set_response_timeout(b->ctx, b->response_ms / 1000,
		                            (b->response_ms % 1000) * 1000);
		modbus_set_byte_timeout(b->ctx, b->byte_ms / 1000, (b->byte_ms % 1000) * 1000);
	}
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

/* Classify a libmodbus errno. */
static enum mw_bus_err classify(int e, int *exc)
{
	if (e == ETIMEDOUT)
		return MW_BUS_TIMEOUT;
	if (e == EMBBADCRC)
		return MW_BUS_CRC;
	if (e >= EMBXILFUN && e <= EMBXGTAR) {
		*exc = e - MODBUS_ENOBASE;
		return MW_BUS_EXCEPTION;
	}
	if (e == EMBBADDATA || e == EMBBADEXC || e == EMBUNKEXC || e == EMBMDATA ||
	    e == EMBBADSLAVE || e == EINVAL)
		return MW_BUS_GARBLED;
	return MW_BUS_IO;
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

/* Line settings as text: "9600 8E1" (empty for TCP). */
static void line_text(const struct mw_bus *b, char *buf, size_t sz)
{
	if (b->tr == TR_TCP)
		snprintf(buf, sz, "%s", _("TCP"));
	else
		snprintf(buf, sz, "%d %s", b->lc.baud, mw_format_name(b->lc.format));
}

/* Message for the last failure of a transaction with addr. */
static void txn_error(const struct mw_bus *b, int addr, int tries, int e, char *err, size_t errsz)
{
	char lt[32];

	line_text(b, lt, sizeof lt);
	switch (b->last) {
	case MW_BUS_TIMEOUT:
		set_err(err, errsz, _("%s: no reply from address %d at %s after %d tries"), b->name,
		        addr, lt, tries);
		break;
	case MW_BUS_CRC:
		set_err(err, errsz,
		        _("%s: bad CRC in the reply from address %d at %s after %d tries "
		          "(noise, a wrong line setting, or two devices at one address)"),
		        b->name, addr, lt, tries);
		break;
	case MW_BUS_GARBLED:
		set_err(err, errsz,
		        _("%s: garbled reply from address %d at %s after %d tries "
		          "(two devices at one address, or noise on the line)"),
		        b->name, addr, lt, tries);
		break;
	case MW_BUS_EXCEPTION:
		set_err(err, errsz, _("%s: address %d answered with exception %d: %s"), b->name,
		        addr, b->exc, mw_bus_exception_text(b->exc));
		break;
	case MW_BUS_IO:
		set_err(err, errsz,
		        _("%s: the port stopped working (%s); is the adapter unplugged? "
		          "Reconnect it and try again"),
		        b->name, strerror(e));
		break;
	default:
		set_err(err, errsz, "%s", "");
	}
}

enum op { OP_READ, OP_WRITE, OP_WRITE1, OP_COIL };

/* One transaction, retried; returns 0 or -1 with b->last and err set. */
static int transact(struct mw_bus *b, int addr, enum op op, enum mw_table t, uint16_t reg, int n,
                    const uint16_t *in, uint16_t *out, char *err, size_t errsz)
{
	int tries = addr == 0 && op != OP_READ ? 1 : b->retries;
	int e = 0, i;
	struct mw_stats *st = &b->st[addr >= 0 && addr <= MW_ADDR_MAX ? addr : 0];

	if (addr < 0 || addr > MW_ADDR_MAX) {
		b->last = MW_BUS_GARBLED;
		set_err(err, errsz, _("address %d is outside 0..247"), addr);
		return -1;
	}
	if (n < 1 || n > (op == OP_READ && (t == MW_TABLE_COIL || t == MW_TABLE_DISCRETE)
	                      ? MODBUS_MAX_READ_BITS
	                      : MODBUS_MAX_READ_REGISTERS)) {
		b->last = MW_BUS_GARBLED;
		set_err(err, errsz, _("%d registers in one request is outside 1..125"), n);
		return -1;
	}
	if (!b->ctx) {
		b->last = MW_BUS_IO;
		set_err(err, errsz,
		        _("%s: the port is closed after a failed line change; open it again"),
		        b->name);
		return -1;
	}
	modbus_set_slave(b->ctx, addr);
	for (i = 0; i < tries; i++) {
		double t0;
		int rc;

		modbus_flush(b->ctx);
		st->requests++;
		b->total.requests++;
		t0 = now_ms();
		errno = 0;
		switch (op) {
		case OP_READ:
			if (t == MW_TABLE_HOLDING) {
				rc = modbus_read_registers(b->ctx, reg, n, out);
			} else if (t == MW_TABLE_INPUT) {
				rc = modbus_read_input_registers(b->ctx, reg, n, out);
			} else {
				uint8_t bits[MODBUS_MAX_READ_BITS];

				rc = t == MW_TABLE_COIL
				         ? modbus_read_bits(b->ctx, reg, n, bits)
				         : modbus_read_input_bits(b->ctx, reg, n, bits);
				for (int k = 0; rc == n && k < n; k++)
					out[k] = bits[k];
			}
			break;
		case OP_WRITE1:
			rc = modbus_write_register(b->ctx, reg, in[0]) == 1 ? n : -1;
			break;
		case OP_WRITE:
			rc = modbus_write_registers(b->ctx, reg, n, in);
			break;
		default:
			rc = modbus_write_bit(b->ctx, reg, in[0] ? 1 : 0) == 1 ? n : -1;
			break;
		}
		if (rc == n) {
			double lat = now_ms() - t0;

			b->last = MW_BUS_OK;
			st->replies++;
			b->total.replies++;
			st->latency_ms_last = b->total.latency_ms_last = lat;
			st->latency_ms_sum += lat;
			b->total.latency_ms_sum += lat;
			if (lat > st->latency_ms_max)
				st->latency_ms_max = lat;
			if (lat > b->total.latency_ms_max)
				b->total.latency_ms_max = lat;
			return 0;
		}
		e = errno ? errno : EMBBADDATA;
		b->last = classify(e, &b->exc);
		if (addr == 0 && op != OP_READ && b->last == MW_BUS_TIMEOUT) {
			/* A broadcast write gets no reply: that is success. */
			b->last = MW_BUS_OK;
			return 0;
		}
		switch (b->last) {
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
		default:
			st->other_errors++;
			b->total.other_errors++;
			break;
		}
		if (b->last == MW_BUS_EXCEPTION || b->last == MW_BUS_IO)
			break;
	}
	txn_error(b, addr, i < tries ? i + 1 : tries, e, err, errsz);
	return -1;
}

int mw_bus_read(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                char *err, size_t errsz)
{
	return transact(b, addr, OP_READ, t, reg, n, NULL, out, err, errsz);
}

int mw_bus_write(struct mw_bus *b, int addr, int fc, uint16_t reg, const uint16_t *w, int n,
                 char *err, size_t errsz)
{
	return transact(b, addr, fc == 6 && n == 1 ? OP_WRITE1 : OP_WRITE, MW_TABLE_HOLDING, reg, n,
	                w, NULL, err, errsz);
}

int mw_bus_write_coil(struct mw_bus *b, int addr, uint16_t coil, int on, char *err, size_t errsz)
{
	uint16_t w = on ? 1 : 0;

	return transact(b, addr, OP_COIL, MW_TABLE_COIL, coil, 1, &w, NULL, err, errsz);
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

void mw_bus_reset_stats(struct mw_bus *b)
{
	memset(b->st, 0, sizeof b->st);
	memset(&b->total, 0, sizeof b->total);
}

/* Modbus CRC-16 (polynomial 0xA001, initial 0xFFFF). */
static uint16_t crc16(const uint8_t *p, int n)
{
	uint16_t crc = 0xFFFF;

	for (int i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

#define PROBE_FILL 0x5A /* marks the reply buffer: was any byte received? */

int mw_bus_probe(struct mw_bus *b, int addr, enum mw_table t, uint16_t reg, int n, uint16_t *out,
                 int *from, char *err, size_t errsz)
{
	uint8_t req[6], rsp[MODBUS_RTU_MAX_ADU_LENGTH];
	int fc = t == MW_TABLE_INPUT ? 4 : 3, rc, len, pending = 0;
	struct mw_stats *st;
	char lt[32];
	double t0;

	line_text(b, lt, sizeof lt);
	if (b->tr != TR_RTU || (t != MW_TABLE_HOLDING && t != MW_TABLE_INPUT) || n < 1 ||
	    n > MODBUS_MAX_READ_REGISTERS || addr < 0 || addr > MW_ADDR_MAX) {
		b->last = MW_BUS_GARBLED;
		set_err(err, errsz,
		        _("%s: a probe needs an RTU line, address 0..247 and 1..125 "
		          "registers"),
		        b->name);
		return -1;
	}
	if (!b->ctx) {
		b->last = MW_BUS_IO;
		set_err(err, errsz,
		        _("%s: the port is closed after a failed line change; open it again"),
		        b->name);
		return -1;
	}
	st = &b->st[addr];
	req[0] = (uint8_t)addr;
	req[1] = (uint8_t)fc;
	req[2] = (uint8_t)(reg >> 8);
	req[3] = (uint8_t)reg;
	req[4] = (uint8_t)(n >> 8);
	req[5] = (uint8_t)n;
	memset(rsp, PROBE_FILL, sizeof rsp);
	*from = -1;
	modbus_set_slave(b->ctx, addr);
	modbus_flush(b->ctx);
	st->requests++;
	b->total.requests++;
	t0 = now_ms();
	errno = 0;
	if (modbus_send_raw_request(b->ctx, req, 6) < 0)
		rc = -1;
	else
		rc = modbus_receive_confirmation(b->ctx, rsp);
	if (rc < 0) {
		int e = errno ? errno : EMBBADDATA;

		b->last = classify(e, &b->exc);
		if (b->last == MW_BUS_TIMEOUT) {
			/* libmodbus times out the same way on silence and on a
			 * frame that stopped short: tell them apart */
			(void)ioctl(modbus_get_socket(b->ctx), FIONREAD, &pending);
			for (int i = 0; i < 8 && !pending; i++)
				pending = rsp[i] != PROBE_FILL;
			if (pending)
				b->last = MW_BUS_GARBLED;
		}
		if (b->last == MW_BUS_TIMEOUT) {
			st->timeouts++;
			b->total.timeouts++;
		} else if (b->last == MW_BUS_CRC) {
			st->crc_errors++;
			b->total.crc_errors++;
		} else if (b->last != MW_BUS_IO) {
			b->last = MW_BUS_GARBLED;
			st->other_errors++;
			b->total.other_errors++;
		}
		txn_error(b, addr, 1, e, err, errsz);
		return -1;
	}
	/* Check the frame here: libmodbus checks neither the CRC nor the
	 * contents of a reply that names another address. */
	len = rsp[1] == fc ? 3 + rsp[2] + 2 : rsp[1] == (fc | 0x80) ? 5 : 0;
	if (len && len <= (int)sizeof rsp &&
	    crc16(rsp, len - 2) == (uint16_t)(rsp[len - 2] | rsp[len - 1] << 8))
		*from = rsp[0]; /* a whole frame, perhaps a late one from another address */
	if (*from < 0 || (addr != 0 && rsp[0] != addr)) {
		b->last = len && rsp[0] == addr ? MW_BUS_CRC : MW_BUS_GARBLED;
		if (b->last == MW_BUS_CRC) {
			st->crc_errors++;
			b->total.crc_errors++;
		} else {
			st->other_errors++;
			b->total.other_errors++;
		}
		txn_error(b, addr, 1, 0, err, errsz);
		return -1;
	}
	if (len == 5) {
		b->last = MW_BUS_EXCEPTION;
		b->exc = rsp[2];
		st->exceptions++;
		b->total.exceptions++;
		st->replies++;
		b->total.replies++;
		txn_error(b, rsp[0], 1, 0, err, errsz);
		return -1;
	}
	if (rsp[2] != 2 * n) {
		b->last = MW_BUS_GARBLED;
		st->other_errors++;
		b->total.other_errors++;
		txn_error(b, rsp[0], 1, 0, err, errsz);
		return -1;
	}
	for (int i = 0; i < n; i++)
		out[i] = (uint16_t)(rsp[3 + 2 * i] << 8 | rsp[4 + 2 * i]);
	b->last = MW_BUS_OK;
	st->replies++;
	b->total.replies++;
	st->latency_ms_last = b->total.latency_ms_last = now_ms() - t0;
	return 0;
}
