/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_bus_test.c - the bus layer (bus.c) and the engine (engine*.c)
 * on a real pseudo-terminal, against a small Modbus RTU slave written here
 * from the protocol specification (a thread on the pty's master side).
 *
 * It checks what the wire shows and what the engine makes of it: the
 * JSY-MK-333 manual's read frame, error classification and wording (no
 * reply, exception, bad CRC), statistics, reading a whole model, and an
 * address change followed to the new address and verified.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bus.h"
#include "crc16.h"
#include "devload.h"
#include "engine.h"
#include "engine_int.h"
#include "tap.h"

enum mode { M_NORMAL, M_SILENT, M_BADCRC, M_GARBAGE };

struct slave {
	int fd;                /* pty master */
	int addr;              /* answers to this address */
	enum mode mode;        /* how it answers */
	uint16_t reg[0x200];   /* holding registers 0x0000-0x01FF */
	uint8_t last_req[260]; /* last request seen */
	int last_len;
	int n_requests;
	int pending_addr;  /* new address after the reply (0x0004 high byte), -1 none */
	int ignore_writes; /* FC16 requests to ignore entirely (lost on the way) */
	int mute_writes;   /* FC16 requests to carry out without replying (reply lost) */
	int n_writes;      /* FC16 requests heard */
	bool vanish;       /* after a write, move to address 200 (nobody looks there) */
	bool locked;       /* writes other than the password need the password first */
	bool unlocked;     /* the password was just written */
	int password_writes;
	volatile bool stop;
	pthread_mutex_t mu;
};

static void send_frame(struct slave *s, uint8_t *f, int n)
{
	uint16_t c = mw_crc16(f, (size_t)n);

	f[n] = c & 0xFF;
	f[n + 1] = c >> 8;
	if (s->mode == M_BADCRC)
		f[n + 1] ^= 0x55;
	if (write(s->fd, f, (size_t)n + 2) < 0)
		perror("write");
}

/* Read exactly n bytes with a short timeout; -1 on timeout. */
static int read_n(struct slave *s, uint8_t *buf, int n)
{
	int got = 0;

	while (got < n) {
		struct pollfd pfd = {s->fd, POLLIN, 0};
		ssize_t r;

		if (poll(&pfd, 1, 100) <= 0)
			return -1;
		r = read(s->fd, buf + got, (size_t)(n - got));
		if (r <= 0)
			return -1;
		got += (int)r;
	}
	return 0;
}

static void handle(struct slave *s, uint8_t *q, int len)
{
	uint8_t r[260];
	int fc = q[1], start = q[2] << 8 | q[3], count = q[4] << 8 | q[5];

	pthread_mutex_lock(&s->mu);
	memcpy(s->last_req, q, (size_t)len);
	s->last_len = len;
	s->n_requests++;
	pthread_mutex_unlock(&s->mu);
	if (q[0] != s->addr || s->mode == M_SILENT)
		return;
	if (s->mode == M_GARBAGE) {
		static uint8_t junk[] = {0x01, 0x03, 0x02, 0xFF};

		if (write(s->fd, junk, sizeof junk) < 0)
			perror("write");
		return;
	}
	r[0] = (uint8_t)s->addr;
	if (fc == 3 && start + count <= 0x200 && count >= 1 && count <= 125) {
		r[1] = 3;
		r[2] = (uint8_t)(2 * count);
		for (int i = 0; i < count; i++) {
			r[3 + 2 * i] = s->reg[start + i] >> 8;
			r[4 + 2 * i] = s->reg[start + i] & 0xFF;
		}
		send_frame(s, r, 3 + 2 * count);
	} else if (fc == 16 && start + count <= 0x200) {
		s->n_writes++;
		if (s->ignore_writes > 0) {
			s->ignore_writes--;
			return;
		}
		if (s->locked && start == 0x10) {
			s->password_writes++;
			s->unlocked = (q[7] << 8 | q[8]) == 1234;
			if (!s->unlocked) {
				r[1] = 0x90;
				r[2] = 3;
				send_frame(s, r, 3);
				return;
			}
		} else if (s->locked && !s->unlocked) {
			r[1] = 0x90;
			r[2] = 3;
			send_frame(s, r, 3);
			return;
		} else if (s->locked) {
			s->unlocked = false;
		}
		for (int i = 0; i < count; i++)
			s->reg[start + i] = (uint16_t)(q[7 + 2 * i] << 8 | q[8 + 2 * i]);
		memcpy(r, q, 6);
		if (s->mute_writes > 0)
			s->mute_writes--;
		else
			send_frame(s, r, 6);
		if (start <= 4 && start + count > 4)
			s->addr = s->reg[4] >> 8; /* takes effect after the reply */
		if (s->vanish)
			s->addr = 200;
	} else {
		r[1] = (uint8_t)(fc | 0x80);
		r[2] = fc == 3 || fc == 16 ? 2 : 1;
		send_frame(s, r, 3);
	}
}

static void *slave_main(void *arg)
{
	struct slave *s = arg;

	while (!s->stop) {
		uint8_t q[260];

		if (read_n(s, q, 1) < 0)
			continue;
		if (read_n(s, q + 1, 7) < 0)
			continue;
		if (q[1] == 16) {
			int extra = q[6] + 1; /* data bytes + 1 more CRC byte beyond the 8 */

			if (read_n(s, q + 8, extra) < 0)
				continue;
			handle(s, q, 8 + extra);
		} else {
			handle(s, q, 8);
		}
	}
	return NULL;
}

static struct slave sl;
static char port[256];

static void slave_start(void)
{
	int master, slavefd;
	pthread_t t;
	struct termios tio;

	if (openpty(&master, &slavefd, port, NULL, NULL) < 0) {
		printf("1..0 # SKIP no pseudo-terminals: %s\n", strerror(errno));
		exit(0);
	}
	tcgetattr(slavefd, &tio);
	cfmakeraw(&tio);
	tcsetattr(slavefd, TCSANOW, &tio);
	/* Keep the slave side open so the master never sees a hangup. */
	sl.fd = master;
	sl.addr = 1;
	sl.pending_addr = -1;
	pthread_mutex_init(&sl.mu, NULL);
	pthread_create(&t, NULL, slave_main, &sl);
	pthread_detach(t);
}

static void test_frames(struct mw_bus *b)
{
	uint16_t w[3];
	char err[256];
	static const uint8_t want[] = {0x01, 0x03, 0x01, 0x00, 0x00, 0x03, 0x04, 0x37};

	/* JSY-MK-333 manual 4.4.1: 220.33, 220.50, 220.67 V as 0x5611, 0x5622, 0x5633. */
	sl.reg[0x100] = 0x5611;
	sl.reg[0x101] = 0x5622;
	sl.reg[0x102] = 0x5633;
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 3, w, err, sizeof err) == 0,
	   "read 3 registers at 0x0100");
	ok(w[0] == 0x5611 && w[1] == 0x5622 && w[2] == 0x5633, "values as the slave holds them");
	ok(sl.last_len == 8 && memcmp(sl.last_req, want, 8) == 0,
	   "request is the manual's 01 03 01 00 00 03 04 37");
	ok(mw_bus_last_error(b) == MW_BUS_OK, "no error");
}

/* What the drain before a request dropped: a late reply names its sender. */
static void test_drained(struct mw_bus *b)
{
	/* a reply of address 5 (05 03 02 1A 0A, CRC C2 E3) that came after its
	 * read had timed out, then noise that starts like no reply */
	static const uint8_t late[] = {0x05, 0x03, 0x02, 0x1A, 0x0A, 0xC2, 0xE3};
	static const uint8_t noise[] = {0xFF, 0x00, 0x12};
	uint16_t w[1];
	char err[256];
	int from = 0, n;

	ok(write(sl.fd, late, sizeof late) == (ssize_t)sizeof late,
	   "a late reply of address 5 waits");
	usleep(20000);
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 1, w, err, sizeof err) == 0,
	   "the next read (address 1) is answered");
	n = mw_bus_drained(b, &from);
	ok(n == 7 && from == 5, "the drain before it dropped 7 bytes from address 5 (%d, %d)", n,
	   from);
	ok(write(sl.fd, noise, sizeof noise) == (ssize_t)sizeof noise, "noise waits");
	usleep(20000);
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 1, w, err, sizeof err) == 0,
	   "the next read is answered");
	n = mw_bus_drained(b, &from);
	ok(n == 3 && from == -1, "3 bytes of noise dropped, no sender named (%d, %d)", n, from);
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 1, w, err, sizeof err) == 0 &&
	       mw_bus_drained(b, &from) == 0 && from == -1,
	   "a clean line: nothing dropped");
}

static void test_errors(struct mw_bus *b)
{
	uint16_t w[2];
	char err[256];
	int before;

	before = sl.n_requests;
	ok(mw_bus_read(b, 7, MW_TABLE_HOLDING, 0, 1, w, err, sizeof err) < 0, "no device at 7");
	ok(mw_bus_last_error(b) == MW_BUS_TIMEOUT, "classified as timeout");
	ok(sl.n_requests - before == 3, "tried 3 times (%d)", sl.n_requests - before);
	is_str(strstr(err, "no reply from address 7 at 9600 8E1 after 3 tries"),
	       "no reply from address 7 at 9600 8E1 after 3 tries", "timeout message wording");
	ok(strncmp(err, strrchr(port, '/') + 1, strlen(strrchr(port, '/') + 1)) == 0,
	   "message starts with the port name");
	ok(mw_bus_stats(b, 7)->timeouts == 3 && mw_bus_stats(b, 7)->requests == 3,
	   "stats for address 7: 3 requests, 3 timeouts");

	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x01FF, 2, w, err, sizeof err) < 0,
	   "read past the map");
	ok(mw_bus_last_error(b) == MW_BUS_EXCEPTION && mw_bus_exception(b) == 2,
	   "exception 2 classified");
	ok(strstr(err, "illegal data address") != NULL, "exception explained: %s", err);

	sl.mode = M_BADCRC;
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 1, w, err, sizeof err) < 0, "bad CRC fails");
	ok(mw_bus_last_error(b) == MW_BUS_CRC, "classified as CRC error");
	ok(mw_bus_stats(b, 1)->crc_errors >= 1, "CRC errors counted");
	sl.mode = M_NORMAL;
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 1, w, err, sizeof err) == 0,
	   "answers again after the CRC errors");
}

static void test_engine(struct mw_bus *b, const struct mw_model *m)
{
	struct mw_reading r;
	struct mw_phases ph;
	struct mw_set_plan *p = calloc(1, sizeof *p);
	struct mw_set_result res;
	struct mw_set_opts o = {.no_journal = true};
	char err[512];
	char *bad[] = {(char *)"address=248"};
	char *good[] = {(char *)"address=5"};

	/* Measurements as the manual encodes them. */
	sl.reg[0] = 0x0333;
	sl.reg[4] = 0x0106;
	sl.reg[0x103] = 1000;   /* 10.00 A */
	sl.reg[0x106] = 2000;   /* |P1| 2000 W */
	sl.reg[0x107] = 1500;   /* |P2| */
	sl.reg[0x132] = 1 << 1; /* L2 active power reverse */
	sl.reg[0x115] = 5000;   /* 50.00 Hz */
	sl.reg[0x133] = 1 << 8; /* reverse phase sequence */
	ok(mw_reading_init(&r, m, 1) == 0, "reading set up");
	ok(mw_read_all(b, 1, m, &r, err, sizeof err) == 0, "read every JSY value");
	if (r.n_failed)
		diag("%s", err);
	is_double(mw_reading_get(&r, "voltage_l1"), 220.33, 1e-9, "L1 voltage");
	is_double(mw_reading_get(&r, "active_power_l1"), 2000, 1e-9, "P1 positive");
	is_double(mw_reading_get(&r, "active_power_l2"), -1500, 1e-9, "P2 negative from bit 1");
	ok(r.n_requests <= 3, "few requests (%d)", r.n_requests);
	mw_reading_phases(&r, &ph);
	is_double(ph.v[2], 220.67, 1e-9, "phases: L3 voltage");
	is_double(ph.i[0], 10.0, 1e-9, "phases: L1 current");
	is_double(ph.p[1], -1500, 1e-9, "phases: P2");
	is_double(ph.freq, 50.0, 1e-9, "phases: frequency");
	ok(ph.reverse_seq == 1, "phases: reverse sequence flag");
	mw_reading_free(&r);

	mw_set_init(p, m);
	ok(mw_set_parse(p, bad, 1, err, sizeof err) < 0, "address=248 refused");
	ok(strstr(err, "address") != NULL, "message names the setting: %s", err);

	mw_set_init(p, m);
	ok(mw_set_parse(p, good, 1, err, sizeof err) == 0, "address=5 accepted");
	if (!ok(mw_set_prepare(b, 1, p, err, sizeof err) == 0, "prepared"))
		diag("%s", err);
	ok(p->n_writes == 1 && p->write[0].reg == 4 && p->write[0].old[0] == 0x0106 &&
	       p->write[0].new[0] == 0x0506,
	   "register 0x0004: 0x0106 -> 0x0506 (read-modify-write)");
	ok(p->changes_line && p->new_addr == 5, "plan says the meter moves to address 5");
	ok(mw_set_apply(b, p, &o, &res) == 0, "applied");
	is_str(res.message, "verified at address 5, 9600 8E1", "followed and verified");
	ok(sl.addr == 5, "the slave is at address 5");

	/* The reply to the write is lost: the meter moved; follow it, do not resend. */
	sl.n_writes = 0;
	sl.mute_writes = 1;
	mw_set_init(p, m);
	mw_set_add(p, "address", "9", err, sizeof err);
	ok(mw_set_prepare(b, 5, p, err, sizeof err) == 0, "prepared 5 -> 9");
	ok(mw_set_apply(b, p, &o, &res) == 0, "reply lost: still ends well");
	is_str(res.message, "verified at address 9, 9600 8E1", "found and verified at 9");
	ok(sl.n_writes == 1, "the write was sent once, not repeated blindly (%d)", sl.n_writes);

	/* The write itself is lost: the meter stays; it is found there and written again. */
	sl.n_writes = 0;
	sl.ignore_writes = 1;
	mw_set_init(p, m);
	mw_set_add(p, "address", "12", err, sizeof err);
	ok(mw_set_prepare(b, 9, p, err, sizeof err) == 0, "prepared 9 -> 12");
	ok(mw_set_apply(b, p, &o, &res) == 0, "write lost: sent again, ends well");
	is_str(res.message, "verified at address 12, 9600 8E1", "verified at 12");
	ok(sl.n_writes == 2, "written twice: once lost, once heard (%d)", sl.n_writes);

	/* The meter ignores every write: it says where the meter still is. */
	sl.ignore_writes = 100;
	mw_set_init(p, m);
	mw_set_add(p, "address", "20", err, sizeof err);
	ok(mw_set_prepare(b, 12, p, err, sizeof err) == 0, "prepared 12 -> 20");
	ok(mw_set_apply(b, p, &o, &res) == 3, "never taken: exit 3 (mismatch)");
	ok(strstr(res.message, "still answers at address 12, 9600 8E1") != NULL,
	   "says where the meter still is: %s", res.message);
	ok(res.found && res.addr == 12, "result: found at 12");
	sl.ignore_writes = 0;

	/* The meter vanishes after the write: lost, exit 4, says where it looked. */
	sl.vanish = true;
	mw_set_init(p, m);
	mw_set_add(p, "address", "30", err, sizeof err);
	ok(mw_set_prepare(b, 12, p, err, sizeof err) == 0, "prepared 12 -> 30");
	ok(mw_set_apply(b, p, &o, &res) == 4, "meter gone after the write: exit 4");
	ok(strstr(res.message, "address 30, 9600 8E1") &&
	       strstr(res.message, "address 12, 9600 8E1"),
	   "says where it looked: %s", res.message);
	ok(res.outcome == MW_OUT_LOST && !res.found, "outcome: lost");
	free(p);
}

/* A meter that needs its password before a write. */
static void test_unlock(struct mw_bus *b, const struct mw_model *m)
{
	struct mw_set_plan *p = calloc(1, sizeof *p);
	struct mw_set_result res;
	struct mw_set_opts o = {.no_journal = true, .password = "1234"};
	char err[512];

	sl.vanish = false;
	sl.addr = 1;
	sl.locked = true;
	sl.reg[0x20] = 100;
	mw_set_init(p, m);
	ok(mw_set_add(p, "limit", "230", err, sizeof err) == 0, "limit=230 accepted");
	ok(mw_set_prepare(b, 1, p, err, sizeof err) == 0 && p->needs_unlock,
	   "plan needs the password");
	ok(mw_set_apply(b, p, &o, &res) == 0, "written after the password");
	is_str(res.message, "verified at address 1, 9600 8E1", "verified");
	ok(sl.reg[0x20] == 230 && sl.password_writes == 1, "password written once, then the limit");

	o.password = "42";
	mw_set_init(p, m);
	mw_set_add(p, "limit", "240", err, sizeof err);
	mw_set_prepare(b, 1, p, err, sizeof err);
	ok(mw_set_apply(b, p, &o, &res) == 1, "wrong password: exit 1");
	ok(strstr(res.message, "password") != NULL, "says the password failed: %s", res.message);
	ok(strstr(res.message, "42") == NULL, "the password is not in the message");
	ok(sl.reg[0x20] == 230, "the limit was not changed");

	mw_set_init(p, m);
	ok(mw_set_add(p, "password", "4321", err, sizeof err) == 0 &&
	       strcmp(p->item[0].new_text, "***") == 0,
	   "a new password is shown as ***");
	sl.locked = false;
	free(p);
}

/* The value checked after a line change: the device file's identity
 * marker first, the rule (serial, else total energy) without one. */
static void test_identity(const char *src)
{
	static const char marked[] =
	    "model: {name: Marked meter, kind: ac3}\n"
	    "line: {bauds: [9600], formats: [8N1], function_codes: [3, 16],\n"
	    "       default: {baud: 9600, format: 8N1, address: 1}}\n"
	    "values:\n"
	    "  - {name: serial_text, register: 0x10, type: string, length: 8, group: identity}\n"
	    "  - {name: meter_number, register: 0x20, type: u32, identity: true}\n"
	    "  - {name: energy, register: 0x30, type: u32, unit: kWh, phase: total,\n"
	    "     quantity: active_energy}\n";
	char path[1024], err[512];
	const struct mw_value *v;
	struct mw_model *m;
	FILE *f;

	snprintf(path, sizeof path, "%s/devices/kpm33b.yaml", src);
	m = mw_devload_file(path, err, sizeof err);
	v = m ? mw_distinct_value(m) : NULL;
	ok(v && v->identity && strcmp(v->name, "serial_number") == 0,
	   "KPM33B: the serial number, marked identity: true in its device file");
	mw_model_free(m);
	snprintf(path, sizeof path, "%s/devices/jsy-mk-333.yaml", src);
	m = mw_devload_file(path, err, sizeof err);
	v = m ? mw_distinct_value(m) : NULL;
	ok(v && !v->identity && strcmp(v->name, "active_energy_total") == 0,
	   "JSY-MK-333 (no serial in the manual): the total active energy, by rule");
	mw_model_free(m);
	snprintf(path, sizeof path, "%s/mw-identity-%ld.yaml",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	f = fopen(path, "w");
	if (f) {
		fputs(marked, f);
		fclose(f);
	}
	m = mw_devload_file(path, err, sizeof err);
	if (!m)
		diag("%s", err);
	v = m ? mw_distinct_value(m) : NULL;
	ok(v && strcmp(v->name, "meter_number") == 0,
	   "the marked value wins over the rule's serial and energy");
	mw_model_free(m);
	unlink(path);
}

int main(void)
{
	struct mw_linecfg lc = {9600, MW_FMT_8E1};
	struct mw_bus *b;
	struct mw_model *m;
	char err[512], path[1024];
	const char *src = getenv("top_srcdir");

	slave_start();
	b = mw_bus_open(port, &lc, err, sizeof err);
	if (!ok(b != NULL, "open %s", port)) {
		diag("%s", err);
		return done_testing();
	}
	mw_bus_set_timeouts(b, 100, 20);
	test_frames(b);
	test_drained(b);
	test_errors(b);
	snprintf(path, sizeof path, "%s/devices/jsy-mk-333.yaml", src ? src : MW_SRCDIR);
	m = mw_devload_file(path, err, sizeof err);
	if (ok(m != NULL, "load %s", path))
		test_engine(b, m);
	else
		diag("%s", err);

	test_identity(src ? src : MW_SRCDIR);
	snprintf(path, sizeof path, "%s/tests/engine-unlock.yaml", src ? src : MW_SRCDIR);
	{
		struct mw_model *u = mw_devload_file(path, err, sizeof err);

		if (ok(u != NULL, "load %s", path))
			test_unlock(b, u);
		else
			diag("%s", err);
		mw_model_free(u);
	}

	ok(mw_bus_open("rtutcp:", &lc, err, sizeof err) == NULL &&
	       strstr(err, "rtutcp:HOST:PORT") != NULL,
	   "RTU over TCP without a host: says how to write it");
	ok(mw_bus_open("/nonexistent/ttyUSB9", &lc, err, sizeof err) == NULL &&
	       strstr(err, "meterwise ports") != NULL,
	   "missing port: says how to list ports");
	sl.stop = true;
	mw_bus_close(b);
	mw_model_free(m);
	return done_testing();
}
