/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt645_raw.c - a tiny DL/T645-2007 master for the simulator's tests:
 * sets the port's line like sim_raw (tests/rawline.c), sends one
 * request with 4 wake-up bytes, reads until a frame is whole (or the line
 * is silent for a second), and prints
 * what came back as one line:
 *
 *   dlt645_raw [-b BAUD] [-f FMT] [-t MS] PORT ADDR COMMAND [ARGS]
 *
 *   read DI [FORMAT [s]]     "value V" (BCD per FORMAT, s = signed),
 *                            "word 0xWWWW" (FORMAT bits), "text T"
 *                            (FORMAT address or a time format), else
 *                            "data HEX" (without the DI)
 *   readaddr                 "address NNNNNNNNNNNN" (sent to AA x6)
 *   write DI LEVEL PW HEX    "ok"
 *   writeaddr NEWADDR        "ok" (sent to AA x6)
 *   baud RATE                "ok ZZ"
 *   time 'YYYY-MM-DD hh:mm:ss'  broadcast, nothing comes back: "silence"
 *   control N1 LEVEL PW      "ok" (valid for an hour)
 *   hex BYTES...             the bytes as given, the reply as hex
 *
 * Error replies print "error WORD (text)", no reply "silence", bytes
 * that hold no frame "garbage N (problem)".  ADDR is 12 digits, AA for
 * wildcard bytes.  Frames are built with src/device/dlt645.c; the tests
 * that use this pin the worked frames as bytes too (hex).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dlt645.h"
#include "rawline.h"

/* raw_whole_fn: a whole DL/T645 frame is in p. */
static int whole(const uint8_t *p, size_t n, void *arg)
{
	struct dlt645_frame f;
	struct dlt645_scan sc;

	(void)arg;
	return dlt645_find(p, n, &f, &sc) == 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: dlt645_raw [-b BAUD] [-f FMT] [-t MS] PORT ADDR COMMAND [ARGS]\n");
	return 2;
}

/* Parse hex bytes from args into b; returns the count. */
static size_t hex_args(char **args, int n, uint8_t *b, size_t max)
{
	size_t k = 0;

	for (int i = 0; i < n; i++)
		for (char *p = args[i]; p[0] && p[1] && k < max; p += 2) {
			unsigned v;

			if (sscanf(p, "%2x", &v) != 1)
				break;
			b[k++] = (uint8_t)v;
		}
	return k;
}

/* Print a read reply's data per the format asked for. */
static void print_read(const struct dlt645_frame *f, const char *fmt, bool sgn)
{
	const uint8_t *d = f->data + 4;
	int n = f->len - 4, digits, dec;
	double v;

	if (fmt && dlt645_format_parse(fmt, &digits, &dec) == 0 && n >= digits / 2 &&
	    dlt645_bcd_decode(d, digits, dec, sgn, &v) == 0) {
		printf("value %.*f\n", dec, v);
		return;
	}
	if (fmt && !strcmp(fmt, "bits") && n >= 2) {
		printf("word 0x%04X\n", d[0] | d[1] << 8);
		return;
	}
	if (fmt && !strcmp(fmt, "address") && n >= 6) {
		struct dlt645_addr a;
		char t[13];

		memcpy(a.a, d, 6);
		dlt645_addr_format(&a, t);
		printf("text %s\n", t);
		return;
	}
	if (fmt && dlt645_time_len(fmt) > 0 && n >= dlt645_time_len(fmt)) {
		struct dlt645_time t;

		if (dlt645_time_decode(fmt, d, &t) == 0) {
			printf("text %04d-%02d-%02d %02d:%02d:%02d w%d\n", t.year, t.month, t.day,
			       t.hour, t.min, t.sec, t.wday);
			return;
		}
	}
	printf("data");
	for (int i = 0; i < n; i++)
		printf(" %02X", d[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	int baud = 2400, timeout = 3000, opt, fd;
	const char *fmt = "8E1", *cmd, *port;
	struct dlt645_frame q, r;
	struct dlt645_addr a;
	struct dlt645_auth auth = {0};
	struct dlt645_scan sc;
	uint8_t req[DLT645_FRAME_MAX], rep[2048], data[DLT645_DATA_MAX];
	size_t n = 0, got;
	bool raw = false;
	long k;

	while ((opt = getopt(argc, argv, "b:f:t:")) != -1) {
		if (opt == 'b')
			baud = atoi(optarg);
		else if (opt == 'f')
			fmt = optarg;
		else if (opt == 't')
			timeout = atoi(optarg);
		else
			return usage();
	}
	if (argc - optind < 3 || dlt645_addr_parse(argv[optind + 1], &a) < 0)
		return usage();
	port = argv[optind];
	cmd = argv[optind + 2];
	argv += optind + 3;
	argc -= optind + 3;
	if (!strcmp(cmd, "read") && argc >= 1) {
		dlt645_req_read(&q, &a, (uint32_t)strtoul(argv[0], NULL, 16));
	} else if (!strcmp(cmd, "readaddr")) {
		dlt645_req_read_address(&q);
	} else if (!strcmp(cmd, "write") && argc >= 4) {
		auth.level = (uint8_t)strtoul(argv[1], NULL, 16);
		auth.password = (uint32_t)strtoul(argv[2], NULL, 16);
		n = hex_args(argv + 3, argc - 3, data, sizeof data);
		if (dlt645_req_write(&q, &a, (uint32_t)strtoul(argv[0], NULL, 16), &auth, data, n) <
		    0)
			return usage();
	} else if (!strcmp(cmd, "writeaddr") && argc >= 1) {
		struct dlt645_addr na;

		if (dlt645_addr_parse(argv[0], &na) < 0)
			return usage();
		dlt645_req_write_address(&q, &na);
	} else if (!strcmp(cmd, "baud") && argc >= 1) {
		if (dlt645_req_baud(&q, &a, atoi(argv[0])) < 0)
			return usage();
	} else if (!strcmp(cmd, "time") && argc >= 1) {
		struct dlt645_time tm = {0};

		if (sscanf(argv[0], "%d-%d-%d %d:%d:%d", &tm.year, &tm.month, &tm.day, &tm.hour,
		           &tm.min, &tm.sec) != 6 ||
		    dlt645_req_broadcast_time(&q, &tm) < 0)
			return usage();
	} else if (!strcmp(cmd, "control") && argc >= 3) {
		time_t later = time(NULL) + 3600;
		struct tm lt;
		struct dlt645_time until;

		localtime_r(&later, &lt);
		until = (struct dlt645_time){lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, 0,
		                             lt.tm_hour,        lt.tm_min,     lt.tm_sec,  0};
		auth.level = (uint8_t)strtoul(argv[1], NULL, 16);
		auth.password = (uint32_t)strtoul(argv[2], NULL, 16);
		if (dlt645_req_control(&q, &a, &auth,
		                       (enum dlt645_control_type)strtoul(argv[0], NULL, 16),
		                       &until) < 0)
			return usage();
	} else if (!strcmp(cmd, "hex")) {
		raw = true;
		n = hex_args(argv, argc, req, sizeof req);
	} else {
		return usage();
	}
	if (!raw)
		n = dlt645_build(&q, DLT645_WAKEUP, req, sizeof req);
	fd = raw_open(port, baud, fmt);
	if (fd < 0)
		return 2;
	/* After a byte, wait for the rest of a frame (a loaded machine pauses the
	   simulator); a whole frame, or a silence, ends the reply. */
	k = raw_exchange(fd, req, n, rep, sizeof rep, timeout, 1000, raw ? NULL : whole, NULL,
	                 NULL);
	if (k < 0)
		return 2;
	got = (size_t)k;
	close(fd);
	if (raw) {
		for (size_t i = 0; i < got; i++)
			printf("%s%02X", i ? " " : "", rep[i]);
		printf("\n");
		return 0;
	}
	if (!got) {
		printf("silence\n");
		return 0;
	}
	if (dlt645_find(rep, got, &r, &sc) != 1) {
		printf("garbage %zu (%s)\n", got, dlt645_problem_text(sc.problem));
		return 0;
	}
	if (r.ctrl & DLT645_C_ERROR) {
		char txt[200];

		dlt645_error_text(r.data[0], txt, sizeof txt);
		printf("error %02X (%s)\n", r.data[0], txt);
		return 0;
	}
	if (!strcmp(cmd, "read"))
		print_read(&r, argc >= 2 ? argv[1] : NULL, argc >= 3 && argv[2][0] == 's');
	else if (!strcmp(cmd, "readaddr")) {
		char txt[13];

		memcpy(a.a, r.data, 6);
		dlt645_addr_format(&a, txt);
		printf("address %s\n", txt);
	} else if (!strcmp(cmd, "baud"))
		printf("ok %02X\n", r.data[0]);
	else
		printf("ok\n");
	return 0;
}
