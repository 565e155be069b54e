/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim_raw.c - a tiny raw Modbus RTU master for the simulator's tests:
 * sets the port's line like libmodbus does (PARENB/PARODD/INPCK, CSTOPB),
 * writes the given bytes in one write, and prints what comes back until
 * the line has been silent for a while, as upper-case hex (the pty side is
 * tests/rawline.c, shared with dlt645_raw).
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

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crc16.h"
#include "rawline.h"

int main(int argc, char **argv)
{
	int baud = 9600, timeout = 1000, opt, fd;
	const char *fmt = "8N1";
	bool add_crc = false, verify = false, timing = false;
	struct raw_times tm;
	unsigned char req[300], rep[1024];
	size_t n = 0, got;
	long k;

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
	fd = raw_open(argv[optind], baud, fmt);
	if (fd < 0)
		return 2;
	/* First byte: the timeout; then a silence of 100 ms ends the reply. */
	k = raw_exchange(fd, req, n, rep, sizeof rep, timeout, 100, NULL, NULL, &tm);
	if (k < 0)
		return 2;
	got = (size_t)k;
	for (size_t i = 0; i < got; i++)
		printf("%s%02X", i ? " " : "", rep[i]);
	printf("\n");
	if (verify)
		printf("%s\n", got >= 4 && mw_crc16(rep, (size_t)got - 2) ==
		                               (unsigned)(rep[got - 2] | rep[got - 1] << 8)
		                   ? "crc ok"
		                   : "crc bad");
	if (timing && got)
		printf("time %.3f %.3f\n", tm.first_ms, tm.last_ms);
	close(fd);
	return 0;
}
