/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_tcp_test.c - the bus layer over Modbus TCP ("tcp:HOST:PORT"),
 * against a server made with libmodbus's own server side on loopback, and
 * what a TCP gateway cannot do (change a meter's baud rate).  The server
 * plays a gateway with one meter behind it, at unit 1: every other unit
 * gets exception 0x0B (gateway target failed to respond), or 0x0A (path
 * unavailable) for units above 5, which mean "nobody there".
 */
#include "config.h"

#include <modbus/modbus.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bus.h"
#include "devload.h"
#include "engine.h"
#include "scan.h"
#include "tap.h"
#include "trace.h"

static int listen_fd = -1;
static modbus_t *srv;
static modbus_mapping_t *map;

/* Serve one connection until it closes. */
static void *serve(void *arg)
{
	int fd;

	(void)arg;
	fd = modbus_tcp_accept(srv, &listen_fd);
	if (fd < 0)
		return NULL;
	for (;;) {
		uint8_t q[MODBUS_TCP_MAX_ADU_LENGTH];
		int n = modbus_receive(srv, q);

		if (n < 0)
			break;
		int unit = n > 0 ? q[modbus_get_header_length(srv) - 1] : 1;

		if (n > 0 && unit != 1)
			modbus_reply_exception(srv, q,
			                       unit > 5 ? MODBUS_EXCEPTION_GATEWAY_PATH
			                                : MODBUS_EXCEPTION_GATEWAY_TARGET);
		else if (n > 0)
			modbus_reply(srv, q, n, map);
	}
	close(fd);
	return NULL;
}

int main(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	pthread_t t;
	char port[64], err[512], path[1024];
	struct mw_bus *b;
	uint16_t w[3];
	const char *src = getenv("top_srcdir");
	struct mw_model *m;

	srv = modbus_new_tcp("127.0.0.1", 0);
	map = modbus_mapping_new(0, 0, 0x200, 0);
	listen_fd = srv && map ? modbus_tcp_listen(srv, 1) : -1;
	if (listen_fd < 0 || getsockname(listen_fd, (struct sockaddr *)&sa, &len) < 0) {
		printf("1..0 # SKIP cannot listen on loopback\n");
		return 0;
	}
	map->tab_registers[0x100] = 0x5611;
	map->tab_registers[0x101] = 0x5622;
	map->tab_registers[0x102] = 0x5633;
	map->tab_registers[4] = 0x0106;
	pthread_create(&t, NULL, serve, NULL);
	snprintf(port, sizeof port, "tcp:127.0.0.1:%d", ntohs(sa.sin_port));

	if (getenv("MW_TEST_TRACE"))
		mw_trace_open("-", err, sizeof err);
	b = mw_bus_open(port, NULL, err, sizeof err);
	if (!ok(b != NULL, "open %s", port)) {
		diag("%s", err);
		return done_testing();
	}
	ok(mw_bus_is_tcp(b), "it is a TCP bus");
	ok(mw_bus_read(b, 1, MW_TABLE_HOLDING, 0x0100, 3, w, err, sizeof err) == 0,
	   "read 3 registers over TCP");
	ok(w[0] == 0x5611 && w[2] == 0x5633, "the server's values");
	ok(mw_bus_stats(b, 1)->replies == 1, "stats count the reply");

	snprintf(path, sizeof path, "%s/devices/jsy-mk-333.yaml", src ? src : MW_SRCDIR);
	m = mw_devload_file(path, err, sizeof err);
	if (ok(m != NULL, "load the JSY-MK-333 file")) {
		struct mw_set_plan *p = calloc(1, sizeof *p);
		struct mw_set_result res;
		struct mw_set_opts o = {.no_journal = true};

		mw_set_init(p, m);
		mw_set_add(p, "baud", "19200", err, sizeof err);
		ok(mw_set_prepare(b, 1, p, err, sizeof err) < 0,
		   "baud change through a gateway refused");
		ok(strstr(err, "gateway") != NULL, "says why: %s", err);
		mw_set_init(p, m);
		mw_set_add(p, "voltage_limit", "250", err, sizeof err);
		ok(mw_set_prepare(b, 1, p, err, sizeof err) == 0, "a limit can be set over TCP");
		ok(mw_set_apply(b, p, &o, &res) == 0, "written and read back");
		is_str(res.message, "verified at address 1", "verified (no line settings on TCP)");
		ok(map->tab_registers[0x20] == 250, "the server holds 250");
		free(p);
		mw_model_free(m);
	}

	/* Gateway exceptions are silence, never a device. */
	ok(mw_bus_read(b, 4, MW_TABLE_HOLDING, 0x0100, 3, w, err, sizeof err) < 0 &&
	       mw_bus_last_error(b) == MW_BUS_TIMEOUT,
	   "exception 0x0B at address 4 is no reply");
	ok(strstr(err, "no meter at address 4") && strstr(err, "gateway"), "says so: %s", err);
	ok(mw_bus_read(b, 7, MW_TABLE_HOLDING, 0x0100, 3, w, err, sizeof err) < 0 &&
	       mw_bus_last_error(b) == MW_BUS_TIMEOUT,
	   "exception 0x0A at address 7 is no reply");
	ok(mw_bus_stats(b, 4)->replies == 0 && mw_bus_stats(b, 4)->exceptions == 0,
	   "not counted as a reply");
	{
		struct mw_catalog cat = {NULL, 0};
		struct mw_scan_opts so = {.addr_min = 1, .addr_max = 10, .timeout_max_ms = 200};
		struct mw_scan *s;
		const struct mw_scan_dev *d;
		int n = -1;

		mw_devload_all(&cat, NULL);
		s = mw_scan_new(b, &cat, &so, err, sizeof err);
		if (ok(s != NULL, "scan 1-10 through the gateway")) {
			ok(mw_scan_run(s, NULL) == 0, "the scan ends");
			d = mw_scan_devices(s, &n);
			ok(n == 1 && d[0].addr == 1, "one device, at address 1 (found %d)", n);
			mw_scan_free(s);
		}
		mw_catalog_free(&cat);
	}
	mw_bus_close(b);
	pthread_join(t, NULL);
	close(listen_fd);
	modbus_free(srv);
	modbus_mapping_free(map);
	return done_testing();
}
