/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * frames_test.c - the bytes on the wire, byte for byte against the
 * JSY-MK-333 manual's worked frames (section 4.4, errata in the seed notes).
 *
 * libmodbus opens the slave side of a pseudo-terminal as its serial port
 * (9600 8N1, slave 1); a responder thread reads the master side, records
 * the request and answers with the manual's reply.  The words written come
 * from the device file through the codec: the alarm limits 260 V and 50.0 A
 * (settings voltage_limit, current_limit) and the energy-clear action.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <modbus.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "codec.h"
#include "devload.h"
#include "tap.h"
#include "devtest.h"

/* One exchange: the request we expect to read and the reply we send. */
struct exchange {
	int fd; /* pty master */
	const uint8_t *want;
	size_t n_want;
	const uint8_t *reply;
	size_t n_reply;
	uint8_t got[300];
	size_t n_got;
};

/* Read the request (up to 5 s of silence), then answer. */
static void *respond(void *arg)
{
	struct exchange *x = arg;
	struct pollfd p = {.fd = x->fd, .events = POLLIN};

	while (x->n_got < x->n_want && poll(&p, 1, 5000) == 1) {
		ssize_t r = read(x->fd, x->got + x->n_got, sizeof x->got - x->n_got);

		if (r <= 0)
			break;
		x->n_got += (size_t)r;
	}
	if (x->n_got == x->n_want && x->reply &&
	    write(x->fd, x->reply, x->n_reply) != (ssize_t)x->n_reply)
		x->n_got = 0;
	return NULL;
}

static void hex(const uint8_t *b, size_t n, char *out, size_t outsz)
{
	size_t k = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && k + 4 < outsz; i++)
		k += (size_t)snprintf(out + k, outsz - k, "%s%02X", i ? " " : "", b[i]);
}

/* Did the responder see exactly the manual's request? */
static int same_bytes(const struct exchange *x, const char *what)
{
	char a[1000], b[1000];
	int r = ok(x->n_got == x->n_want && memcmp(x->got, x->want, x->n_want) == 0,
	           "%s: request is the manual's frame", what);

	if (!r) {
		hex(x->got, x->n_got, a, sizeof a);
		hex(x->want, x->n_want, b, sizeof b);
		diag("got  %s", a);
		diag("want %s", b);
	}
	return r;
}

/* Open a pty pair; the slave side in raw mode; its name in `name`. */
static int open_pty(int *slave, char *name, size_t namesz)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	struct termios t;

	if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0 || ptsname_r(fd, name, namesz) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*slave = open(name, O_RDWR | O_NOCTTY);
	if (*slave < 0 || tcgetattr(*slave, &t) < 0) {
		close(fd);
		return -1;
	}
	cfmakeraw(&t);
	if (tcsetattr(*slave, TCSANOW, &t) < 0) {
		close(*slave);
		close(fd);
		return -1;
	}
	return fd;
}

/* Run one libmodbus call against the responder; returns its result. */
#define EXCHANGE(x, call)                                                                          \
	({                                                                                         \
		pthread_t th_;                                                                     \
		int rc_ = -1;                                                                      \
		if (pthread_create(&th_, NULL, respond, &(x)) == 0) {                              \
			rc_ = (call);                                                              \
			pthread_join(th_, NULL);                                                   \
		}                                                                                  \
		rc_;                                                                               \
	})

int main(void)
{
	/* Manual 4.4.2 and its reply. */
	static const uint8_t limits_req[] = {0x01, 0x10, 0x00, 0x20, 0x00, 0x02, 0x04,
	                                     0x01, 0x04, 0x01, 0xF4, 0xB1, 0x9D};
	static const uint8_t limits_rep[] = {0x01, 0x10, 0x00, 0x20, 0x00, 0x02, 0x40, 0x02};
	/* Manual 4.4.3 with the erratum (data 00 00 00 00, CRC F3 FA). */
	static const uint8_t clear_req[] = {0x01, 0x10, 0x00, 0x0C, 0x00, 0x02, 0x04,
	                                    0x00, 0x00, 0x00, 0x00, 0xF3, 0xFA};
	static const uint8_t clear_rep[] = {0x01, 0x10, 0x00, 0x0C, 0x00, 0x02, 0x81, 0xCB};
	/* Manual 4.4.1. */
	static const uint8_t read_req[] = {0x01, 0x03, 0x01, 0x00, 0x00, 0x03, 0x04, 0x37};
	static const uint8_t read_rep[] = {0x01, 0x03, 0x06, 0x56, 0x11, 0x56,
	                                   0x22, 0x56, 0x33, 0x1F, 0x77};
	uint8_t bad_rep[sizeof read_rep];
	struct mw_model *m = load("jsy-mk-333.yaml");
	const struct mw_setting *vl = mw_model_setting(m, "voltage_limit"),
	                        *cl = mw_model_setting(m, "current_limit");
	const struct mw_action *clr = mw_model_action(m, "clear_energy");
	const struct mw_value *v1 = mw_model_value(m, "voltage_l1");
	char name[256], err[256];
	uint16_t w[2] = {0, 0}, regs[3] = {0};
	uint32_t raw;
	int master, slave = -1, rc;
	modbus_t *ctx;
	struct exchange x;

	(void)is_str; /* a tap.h helper this test does not need */
	if (!vl || !cl || !clr || !v1) {
		printf("Bail out! jsy-mk-333.yaml lacks voltage_limit, current_limit, clear_energy "
		       "or voltage_l1\n");
		return 1;
	}
	master = open_pty(&slave, name, sizeof name);
	if (master < 0) {
		printf("Bail out! cannot open a pseudo-terminal: %s\n", strerror(errno));
		return 1;
	}
	ctx = modbus_new_rtu(name, 9600, 'N', 8, 1);
	if (!ctx || modbus_set_slave(ctx, 1) < 0 || modbus_connect(ctx) < 0) {
		printf("Bail out! libmodbus on %s: %s\n", name, modbus_strerror(errno));
		return 1;
	}
	modbus_set_response_timeout(ctx, 2, 0);
	modbus_set_byte_timeout(ctx, 0, 200000);

	/* 260 V and 50.0 A through the codec, one FC16 over both registers. */
	ok(cl->reg == vl->reg + 1, "current_limit follows voltage_limit (0x%04X, 0x%04X)", vl->reg,
	   cl->reg);
	ok(mw_setting_parse(vl, "260", &raw, err, sizeof err) == 0 &&
	       mw_setting_encode(vl, raw, &w[0]) == 0,
	   "voltage_limit 260 encodes");
	ok(mw_setting_parse(cl, "50.0", &raw, err, sizeof err) == 0 &&
	       mw_setting_encode(cl, raw, &w[1]) == 0,
	   "current_limit 50.0 encodes");
	x = (struct exchange){.fd = master,
	                      .want = limits_req,
	                      .n_want = sizeof limits_req,
	                      .reply = limits_rep,
	                      .n_reply = sizeof limits_rep};
	rc = EXCHANGE(x, modbus_write_registers(ctx, vl->reg, 2, w));
	same_bytes(&x, "alarm limits 260 V, 50.0 A");
	ok(rc == 2, "libmodbus accepts the manual's reply 01 10 00 20 00 02 40 02 (rc %d)", rc);

	/* Clear all energy: the action's words. */
	x = (struct exchange){.fd = master,
	                      .want = clear_req,
	                      .n_want = sizeof clear_req,
	                      .reply = clear_rep,
	                      .n_reply = sizeof clear_rep};
	rc = EXCHANGE(x, modbus_write_registers(ctx, clr->reg, (int)clr->n_words, clr->words));
	same_bytes(&x, "clear energy");
	ok(rc == 2, "libmodbus accepts the manual's reply 01 10 00 0C 00 02 81 CB (rc %d)", rc);

	/* Read 3 registers from voltage_l1 and decode them through the device file. */
	x = (struct exchange){.fd = master,
	                      .want = read_req,
	                      .n_want = sizeof read_req,
	                      .reply = read_rep,
	                      .n_reply = sizeof read_rep};
	rc = EXCHANGE(x, modbus_read_registers(ctx, v1->reg, 3, regs));
	same_bytes(&x, "read 3 registers at 0x0100");
	ok(rc == 3, "libmodbus accepts the manual's reply (rc %d)", rc);
	for (int i = 0; i < 3; i++) {
		static const char *const names[] = {"voltage_l1", "voltage_l2", "voltage_l3"};
		static const double want[] = {220.33, 220.50, 220.67};
		const struct mw_value *v = mw_model_value(m, names[i]);
		double val = 0;

		ok(v && v->reg == v1->reg + i &&
		       mw_decode_value(v, &regs[i], -1, &val, NULL, 0) == 0,
		   "%s is register %d of the reply", names[i], i);
		is_double(val, want[i], 0.004, names[i]);
	}

	/* The same reply with one CRC byte wrong is refused: the test can fail. */
	memcpy(bad_rep, read_rep, sizeof bad_rep);
	bad_rep[sizeof bad_rep - 1] ^= 0x01;
	x = (struct exchange){.fd = master,
	                      .want = read_req,
	                      .n_want = sizeof read_req,
	                      .reply = bad_rep,
	                      .n_reply = sizeof bad_rep};
	rc = EXCHANGE(x, modbus_read_registers(ctx, v1->reg, 3, regs));
	ok(rc == -1, "a reply with a wrong CRC is refused");

	modbus_close(ctx);
	modbus_free(ctx);
	close(slave);
	close(master);
	mw_model_free(m);
	return done_testing();
}
