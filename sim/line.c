/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * line.c - the pseudo-terminal as an RS-485 line.
 *
 * Measured on Linux 6.18: tcgetattr() on the pty master returns the
 * termios the master program set on the slave: the speed, PARODD, CSTOPB,
 * CMSPAR, CRTSCTS and the input flags (INPCK, IGNPAR, PARMRK, ISTRIP)
 * survive, but PARENB is always cleared and the size is forced to CS8.
 * libmodbus sets INPCK whenever parity is on, so a libmodbus master
 * (mbpoll included) is read as: PARODD = 8O1, INPCK = 8E1, CSTOPB = 8N2,
 * none = 8N1.  meterwise-sim(1) states the limit for masters that do not
 * set INPCK.
 */
#include "timing.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "adapter.h"
#include "i18n.h"
#include "line.h"
#include "xalloc.h"

int sim_line_open(struct sim_line *l, const char *link, char *err, size_t errsz)
{
	struct termios t;
	const char *name;

	memset(l, 0, sizeof *l);
	l->slave = -1;
	l->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (l->master < 0 || grantpt(l->master) < 0 || unlockpt(l->master) < 0 ||
	    !(name = ptsname(l->master))) {
		snprintf(err, errsz, _("cannot create a pseudo-terminal: %s"), strerror(errno));
		return -1;
	}
	snprintf(l->slave_name, sizeof l->slave_name, "%s", name);
	l->slave = open(l->slave_name, O_RDWR | O_NOCTTY);
	if (l->slave < 0) {
		snprintf(err, errsz, _("%s: cannot open: %s"), l->slave_name, strerror(errno));
		return -1;
	}
	if (tcgetattr(l->slave, &t) == 0) {
		cfmakeraw(&t);
		t.c_cflag |= CLOCAL | CREAD;
		cfsetispeed(&t, B9600);
		cfsetospeed(&t, B9600);
		tcsetattr(l->slave, TCSANOW, &t);
	}
	fcntl(l->master, F_SETFL, fcntl(l->master, F_GETFL) | O_NONBLOCK);
	if (link) {
		if (unlink(link) < 0 && errno != ENOENT) {
			snprintf(err, errsz, _("%s: cannot replace: %s"), link, strerror(errno));
			return -1;
		}
		if (symlink(l->slave_name, link) < 0) {
			snprintf(err, errsz, _("%s: cannot link to %s: %s"), link, l->slave_name,
			         strerror(errno));
			return -1;
		}
		l->link = strdup(link);
	}
	return 0;
}

void sim_line_close(struct sim_line *l)
{
	if (l->link) {
		unlink(l->link);
		free(l->link);
		l->link = NULL;
	}
	if (l->slave >= 0)
		close(l->slave);
	if (l->master >= 0)
		close(l->master);
	l->slave = l->master = -1;
}

/* Baud of a termios speed, 0 if not one we know. */
static int speed_baud(speed_t s)
{
	static const struct {
		speed_t s;
		int b;
	} tab[] = {{B300, 300},      {B600, 600},       {B1200, 1200},     {B2400, 2400},
	           {B4800, 4800},    {B9600, 9600},     {B19200, 19200},   {B38400, 38400},
	           {B57600, 57600},  {B115200, 115200}, {B230400, 230400}, {B460800, 460800},
	           {B921600, 921600}};

	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (tab[i].s == s)
			return tab[i].b;
	return 0;
}

void sim_line_settings(const struct sim_line *l, int *baud, int *fmt)
{
	struct termios t;
	bool parity;

	*baud = 0;
	*fmt = -1;
	if (tcgetattr(l->master, &t) < 0)
		return;
	*baud = speed_baud(cfgetospeed(&t));
	/* PARENB never survives on a pty: parity shows as PARODD or INPCK. */
	parity = (t.c_cflag & (PARENB | PARODD)) || (t.c_iflag & INPCK);
	if (parity && (t.c_cflag & CSTOPB))
		*fmt = -1; /* 8E2/8O2: no simulated meter uses them */
	else if (t.c_cflag & PARODD)
		*fmt = MW_FMT_8O1;
	else if (parity)
		*fmt = MW_FMT_8E1;
	else if (t.c_cflag & CSTOPB)
		*fmt = MW_FMT_8N2;
	else
		*fmt = MW_FMT_8N1;
}

double sim_line_char_time(int baud, enum mw_format fmt)
{
	return baud > 0 ? mw_timing_char_ms(baud, fmt) / 1000.0 : 0.001;
}

void sim_sleep_until(double t)
{
	struct timespec ts;

	sim_time_to_ts(t, &ts);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Rotate a byte right by k bits. */
static uint8_t ror8(uint8_t b, int k)
{
	return (uint8_t)(b >> k | b << (8 - k));
}

size_t sim_line_transmit(struct sim_line *l, const struct sim_tx *tx, int n, double t,
                         uint8_t *sent, size_t sentsz)
{
	double s0 = 0;
	size_t slots = 0, out = 0;
	uint8_t *byte;
	uint8_t *used;

	if (n <= 0)
		return 0;
	for (int j = 0; j < n; j++)
		if (j == 0 || tx[j].start < s0)
			s0 = tx[j].start;
	for (int j = 0; j < n; j++) {
		size_t off = (size_t)((tx[j].start - s0) / t + 0.5);

		if (off + tx[j].len > slots)
			slots = off + tx[j].len;
	}
	byte = mw_xcalloc(slots ? slots : 1, 1);
	used = mw_xcalloc(slots ? slots : 1, 1);
	for (int j = 0; j < n; j++) {
		size_t off = (size_t)((tx[j].start - s0) / t + 0.5);

		for (size_t i = 0; i < tx[j].len; i++) {
			size_t k = off + i;

			if (!used[k]) {
				byte[k] = tx[j].buf[i];
			} else {
				/* Two drivers at once: bit edges never line up; zeros win. */
				byte[k] &= ror8(tx[j].buf[i], 1 + (int)(sim_random() * 7));
				byte[k] ^= (uint8_t)(sim_random() * 256) & 0x81;
			}
			used[k] = 1;
		}
	}
	for (size_t k = 0; k < slots; k++)
		if (used[k] && out < sentsz)
			sent[out++] = byte[k];
	sim_adapter_deliver(l->adapter, l->master, byte, used, slots, s0, t);
	free(byte);
	free(used);
	return out;
}
