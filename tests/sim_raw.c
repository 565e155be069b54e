/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim_raw.c - a tiny raw Modbus RTU master for the simulator's tests:
 * sets the port's line like libmodbus does (PARENB/PARODD/INPCK, CSTOPB),
 * writes the given bytes in one write, and prints what comes back until
 * the line has been silent for a while, as upper-case hex.
 *
 *   sim_raw [-b BAUD] [-f 8N1|8E1|8O1|8N2] [-t MS] [-c] [-v] [-T] PORT HEX...
 *
 * -c appends the CRC to the request (the standard CRC-16/MODBUS,
 * computed here, independently of the simulator); -v prints "crc ok" or
 * "crc bad" after the reply; -t is the wait for the first byte (ms);
 * -T prints "time FIRST LAST": ms from the write to the first and to the
 * last byte of the reply.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "crc16.h"

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

int main(int argc, char **argv)
{
	int baud = 9600, timeout = 1000, opt, fd;
	const char *fmt = "8N1";
	bool add_crc = false, verify = false, timing = false;
	struct timespec t0, t1, tfirst = {0}, tlast = {0};
	unsigned char req[300], rep[1024];
	size_t n = 0, got = 0;
	struct termios t;

	while ((opt = getopt(argc, argv, "b:f:t:cvT")) != -1) {
		switch (opt) {
		case 'b':
			baud = atoi(optarg);
			break;
		case 'f':
			fmt = optarg;
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'c':
			add_crc = true;
			break;
		case 'v':
			verify = true;
			break;
		case 'T':
			timing = true;
			break;
		default:
			fprintf(stderr, "usage: sim_raw [-b BAUD] [-f FMT] [-t MS] [-c] [-v] [-T] "
			                "PORT HEX...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "sim_raw: no port\n");
		return 2;
	}
	fd = open(argv[optind], O_RDWR | O_NOCTTY);
	if (fd < 0) {
		perror(argv[optind]);
		return 2;
	}
	for (int i = optind + 1; i < argc && n < sizeof req - 2; i++)
		for (char *p = argv[i]; p[0] && p[1] && n < sizeof req - 2; p += 2) {
			unsigned v;

			if (sscanf(p, "%2x", &v) != 1)
				return 2;
			req[n++] = (unsigned char)v;
		}
	if (add_crc) {
		unsigned c = mw_crc16(req, n);

		req[n++] = (unsigned char)(c & 0xFF);
		req[n++] = (unsigned char)(c >> 8);
	}
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	t.c_cflag &= ~(unsigned)(PARENB | PARODD | CSTOPB | CSIZE);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(unsigned)INPCK;
	if (fmt[1] == 'E' || fmt[1] == 'O') {
		t.c_cflag |= PARENB | (fmt[1] == 'O' ? PARODD : 0);
		t.c_iflag |= INPCK;
	}
	if (fmt[2] == '2')
		t.c_cflag |= CSTOPB;
	cfsetispeed(&t, speed_of(baud));
	cfsetospeed(&t, speed_of(baud));
	tcsetattr(fd, TCSANOW, &t);
	tcflush(fd, TCIOFLUSH);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (write(fd, req, n) != (ssize_t)n) {
		perror("write");
		return 2;
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		/* First byte: the timeout; then a silence of 100 ms ends the reply. */
		int r = poll(&p, 1, got ? 100 : timeout);
		ssize_t k;

		if (r <= 0)
			break;
		k = read(fd, rep + got, sizeof rep - got);
		if (k <= 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!got)
			tfirst = t1;
		tlast = t1;
		got += (size_t)k;
	}
	for (size_t i = 0; i < got; i++)
		printf("%s%02X", i ? " " : "", rep[i]);
	printf("\n");
	if (verify)
		printf("%s\n", got >= 4 && mw_crc16(rep, (size_t)got - 2) ==
		                               (unsigned)(rep[got - 2] | rep[got - 1] << 8)
		                   ? "crc ok"
		                   : "crc bad");
	if (timing && got)
		printf("time %.3f %.3f\n",
		       (double)(tfirst.tv_sec - t0.tv_sec) * 1e3 +
		           (double)(tfirst.tv_nsec - t0.tv_nsec) / 1e6,
		       (double)(tlast.tv_sec - t0.tv_sec) * 1e3 +
		           (double)(tlast.tv_nsec - t0.tv_nsec) / 1e6);
	close(fd);
	return 0;
}
