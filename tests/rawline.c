/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rawline.c - the raw pty side shared by tests/sim_raw.c and
 * tests/dlt645_raw.c; see rawline.h.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "rawline.h"

static speed_t speed_of(int baud)
{
	switch (baud) {
	case 1200:
		return B1200;
	case 2400:
		return B2400;
	case 4800:
		return B4800;
	case 19200:
		return B19200;
	case 38400:
		return B38400;
	default:
		return B9600;
	}
}

int raw_open(const char *port, int baud, const char *fmt)
{
	struct termios t;
	int fd = open(port, O_RDWR | O_NOCTTY);

	if (fd < 0) {
		perror(port);
		return -1;
	}
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	t.c_cflag &= ~(unsigned)(PARENB | PARODD | CSTOPB | CSIZE);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(unsigned)INPCK;
	if (fmt[0] && (fmt[1] == 'E' || fmt[1] == 'O')) {
		t.c_cflag |= PARENB | (fmt[1] == 'O' ? PARODD : 0);
		t.c_iflag |= INPCK;
	}
	if (fmt[0] && fmt[1] && fmt[2] == '2')
		t.c_cflag |= CSTOPB;
	cfsetispeed(&t, speed_of(baud));
	cfsetospeed(&t, speed_of(baud));
	tcsetattr(fd, TCSANOW, &t);
	tcflush(fd, TCIOFLUSH);
	return fd;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

long raw_exchange(int fd, const uint8_t *req, size_t n, uint8_t *rep, size_t max, int first_ms,
                  int gap_ms, raw_whole_fn whole, void *arg, struct raw_times *times)
{
	struct timespec t0;
	size_t got = 0;
	bool done = false;

	if (times)
		times->first_ms = times->last_ms = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (write(fd, req, n) != (ssize_t)n) {
		perror("write");
		return -1;
	}
	while (got < max) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t k;

		if (poll(&p, 1, done ? 100 : got ? gap_ms : first_ms) <= 0)
			break;
		k = read(fd, rep + got, max - got);
		if (k <= 0)
			break;
		if (times) {
			times->last_ms = ms_since(&t0);
			if (!got)
				times->first_ms = times->last_ms;
		}
		got += (size_t)k;
		if (!done && whole && whole(rep, got, arg) == 1)
			done = true;
	}
	return (long)got;
}
