/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * line_dlt645_test.c - DL/T645-2007 on the line layer (mw_bus_dlt645) on a
 * real pseudo-terminal, against a meter written here from the standard's
 * frame rules (a thread on the pty's master side), not from the codec.
 *
 * The bytes are the worked frames of DL/T645-2007 descriptions: read DI
 * 00010000 at 000000000001 is 68 01 00 00 00 00 00 68 11 04 33 33 34 33
 * B3 16; the meter's reply carrying 1234.56 kWh is 68 01 00 00 00 00 00 68
 * 91 08 33 33 34 33 89 67 45 33 9F 16.  Checked: what goes on the wire
 * (with and without wake-up bytes), the reply decoded, and how a silent
 * meter, a bad checksum, an error reply, another meter's frame and two
 * meters at once are classified and worded; a DL/T645-1997 read and its
 * error reply, worded from 1997's error byte.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bus.h"
#include "tap.h"

enum mode { M_NORMAL, M_SILENT, M_BADSUM, M_ERROR, M_OTHER, M_COLLIDE, M_1997, M_1997_ERROR };

/* DL/T645-1997 at 000000000001: read B611 (phase A voltage) and its reply
   of 100 V, the Heyuan ASDU-LS manual's worked frames with the address
   (and so the checksum) moved from ...03 to ...01; the error reply C1
   with 1997's error byte 02 (wrong data identifier). */
static const uint8_t req97_wire[] = {0x68, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x68, 0x01, 0x02, 0x44, 0xE9, 0x01, 0x16};
static const uint8_t rep97_wire[] = {0x68, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68,
                                     0x81, 0x04, 0x44, 0xE9, 0x33, 0x34, 0xEA, 0x16};
static const uint8_t err97_wire[] = {0x68, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x68, 0xC1, 0x01, 0x35, 0xC8, 0x16};

static const uint8_t req_wire[] = {0x68, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68,
                                   0x11, 0x04, 0x33, 0x33, 0x34, 0x33, 0xB3, 0x16};
static const uint8_t rep_wire[] = {0x68, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68, 0x91, 0x08,
                                   0x33, 0x33, 0x34, 0x33, 0x89, 0x67, 0x45, 0x33, 0x9F, 0x16};

static struct {
	int fd;
	volatile enum mode mode;
	uint8_t got[64];
	volatile int n_got;
	pthread_mutex_t mu;
} m;
static char port[256];

/* Everything the master sends, up to a quiet 50 ms. */
static int take(uint8_t *buf, int max)
{
	int n = 0;

	for (;;) {
		struct pollfd pfd = {m.fd, POLLIN, 0};
		ssize_t r;

		if (poll(&pfd, 1, n ? 50 : 200) <= 0)
			return n;
		r = read(m.fd, buf + n, (size_t)(max - n));
		if (r <= 0)
			return n;
		n += (int)r;
		if (n == max)
			return n;
	}
}

static void put(const uint8_t *p, size_t n)
{
	if (write(m.fd, p, n) < 0)
		perror("write");
}

static void *meter_main(void *arg)
{
	(void)arg;
	for (;;) {
		uint8_t q[64], r[64];
		int n = take(q, sizeof q);

		if (n == 0)
			continue;
		pthread_mutex_lock(&m.mu);
		memcpy(m.got, q, (size_t)n);
		m.n_got = n;
		pthread_mutex_unlock(&m.mu);
		usleep(25000); /* the standard's 20..500 ms turnaround */
		memcpy(r, rep_wire, sizeof rep_wire);
		switch (m.mode) {
		case M_NORMAL:
			put(r, sizeof rep_wire);
			break;
		case M_SILENT:
			break;
		case M_BADSUM:
			r[18] ^= 0x01;
			put(r, sizeof rep_wire);
			break;
		case M_ERROR: {
			/* error reply: C = 0xD1, L = 1, error word 02 (no such item) */
			uint8_t e[13] = {0x68, 0x01, 0,    0,    0, 0,   0,
			                 0x68, 0xD1, 0x01, 0x35, 0, 0x16};
			unsigned s = 0;

			for (int i = 0; i < 11; i++)
				s += e[i];
			e[11] = (uint8_t)s;
			put(e, sizeof e);
			break;
		}
		case M_OTHER:
			/* a well-formed reply from meter 000000000002 */
			r[1] = 0x02;
			r[18] = (uint8_t)(r[18] + 1);
			put(r, sizeof rep_wire);
			break;
		case M_1997:
			put(rep97_wire, sizeof rep97_wire);
			break;
		case M_1997_ERROR:
			put(err97_wire, sizeof err97_wire);
			break;
		case M_COLLIDE: {
			/* two meters at once: the bytes OR-ed on the wire */
			uint8_t c[sizeof rep_wire];

			for (size_t i = 0; i < sizeof c; i++)
				c[i] = (uint8_t)(rep_wire[i] | (i == 1    ? 0x12
				                                : i == 18 ? 0x20
				                                          : 0));
			put(c, sizeof c);
			break;
		}
		}
	}
	return NULL;
}

static void meter_start(void)
{
	int slavefd;
	pthread_t t;
	struct termios tio;

	if (openpty(&m.fd, &slavefd, port, NULL, NULL) < 0) {
		printf("1..0 # SKIP no pseudo-terminals: %s\n", strerror(errno));
		exit(0);
	}
	tcgetattr(slavefd, &tio);
	cfmakeraw(&tio);
	tcsetattr(slavefd, TCSANOW, &tio);
	pthread_mutex_init(&m.mu, NULL);
	pthread_create(&t, NULL, meter_main, NULL);
	pthread_detach(t);
}

/* What the meter last heard equals want[0..n)? */
static int heard(const uint8_t *want, int n)
{
	int r;

	pthread_mutex_lock(&m.mu);
	r = m.n_got == n && memcmp(m.got, want, (size_t)n) == 0;
	pthread_mutex_unlock(&m.mu);
	return r;
}

int main(void)
{
	struct mw_linecfg lc = {2400, MW_FMT_8E1};
	struct dlt645_frame q, r;
	struct dlt645_addr a;
	uint8_t fe_req[4 + sizeof req_wire] = {0xFE, 0xFE, 0xFE, 0xFE};
	struct mw_bus *b;
	double kwh = 0;
	char err[512];
	int rc;

	meter_start();
	b = mw_bus_open(port, &lc, err, sizeof err);
	if (!ok(b != NULL, "open %s at 2400 8E1", port)) {
		diag("%s", err);
		return done_testing();
	}
	mw_bus_set_timeouts(b, 300, 30);
	mw_bus_set_retries(b, 2);
	dlt645_addr_parse("000000000001", &a);
	dlt645_req_read(&q, &a, 0x00010000u);

	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	ok(rc == 0 && mw_bus_last_error(b) == MW_BUS_OK, "read DI 00010000 answered (%s)",
	   rc ? err : "ok");
	ok(heard(req_wire, sizeof req_wire),
	   "request on the wire: the worked frame, byte for byte");
	ok(r.ctrl == 0x91 && r.len == 8 && dlt645_di_get(r.data) == 0x00010000u,
	   "reply: C 91, L 8, DI 00010000");
	rc = dlt645_bcd_decode(r.data + 4, 8, 2, false, &kwh);
	ok(rc == 0 && kwh > 1234.555 && kwh < 1234.565, "reply decodes to 1234.56 kWh (%.2f)", kwh);

	memcpy(fe_req + 4, req_wire, sizeof req_wire);
	rc = mw_bus_dlt645(b, &q, 4, 1, &r, err, sizeof err);
	ok(rc == 0 && heard(fe_req, sizeof fe_req), "with four wake-up bytes FE first");

	m.mode = M_SILENT;
	rc = mw_bus_dlt645(b, &q, 0, 0, &r, err, sizeof err);
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_TIMEOUT, "silent meter: timeout");
	ok(strstr(err, "000000000001") && strstr(err, "2400 8E1") && strstr(err, "2 tries"),
	   "message names meter, line and tries: %s", err);

	m.mode = M_BADSUM;
	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_CRC, "bad checksum: CRC class (%s)", err);

	m.mode = M_ERROR;
	rc = mw_bus_dlt645(b, &q, 0, 0, &r, err, sizeof err);
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_EXCEPTION && mw_bus_exception(b) == 0x02,
	   "error reply: exception, error word 02");
	ok(strstr(err, "refused") && strstr(err, "no such data item"), "worded: %s", err);

	m.mode = M_1997;
	dlt645_97_req_read(&q, &a, 0xB611);
	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	ok(rc == 0 && heard(req97_wire, sizeof req97_wire),
	   "DL/T645-1997 read B611: 68 01.. 68 01 02 44 E9 01 16 on the wire, answered");
	ok(r.ctrl == 0x81 && r.len == 4 && r.data[0] == 0x11 && r.data[1] == 0xB6 &&
	       r.data[2] == 0x00 && r.data[3] == 0x01,
	   "1997 reply: C 81, DI B611, data 00 01 (100 V)");
	m.mode = M_1997_ERROR;
	rc = mw_bus_dlt645(b, &q, 0, 0, &r, err, sizeof err);
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_EXCEPTION && mw_bus_exception(b) == 0x02,
	   "1997 error reply C1: exception, error byte 02");
	ok(strstr(err, "refused") && strstr(err, "wrong data identifier") &&
	       !strstr(err, "no such data item"),
	   "worded from 1997's error byte: %s", err);
	dlt645_req_read(&q, &a, 0x00010000u);

	m.mode = M_OTHER;
	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_GARBLED, "another meter's reply: garbled");

	m.mode = M_COLLIDE;
	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	ok(rc < 0 && (mw_bus_last_error(b) == MW_BUS_GARBLED || mw_bus_last_error(b) == MW_BUS_CRC),
	   "two meters at once: garbled or checksum (%s)", err);

	m.mode = M_NORMAL;
	dlt645_req_read_address(&q);
	rc = mw_bus_dlt645(b, &q, 0, 1, &r, err, sizeof err);
	{
		static const uint8_t rd_addr[] = {0x68, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
		                                  0xAA, 0x68, 0x13, 0x00, 0xDF, 0x16};
		ok(heard(rd_addr, sizeof rd_addr), "read address to AAx6: 68 AA.. 68 13 00 DF 16");
	}
	ok(rc < 0 && mw_bus_last_error(b) == MW_BUS_GARBLED,
	   "a reply with another control code is not the answer");

	{
		struct dlt645_time t = {2026, 11, 27, 5, 14, 30, 0, 0};
		dlt645_req_broadcast_time(&q, &t);
		rc = mw_bus_dlt645(b, &q, 0, 0, NULL, err, sizeof err);
		ok(rc == 0 && mw_bus_stats(b, -1)->timeouts == 2 + 0,
		   "broadcast time: sent, no reply awaited");
	}
	ok(mw_bus_stats(b, -1)->replies >= 3, "replies counted in the bus total");
	mw_bus_close(b);
	return done_testing();
}
