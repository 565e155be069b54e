/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ports.h - the serial ports of this machine, through libserialport: name,
 * USB identity, description, and whether meterwise can open the port (busy,
 * not permitted), with how to fix that.  Used by `meterwise ports` and by
 * the TUI's port picker.
 */
#ifndef MW_PORTS_H
#define MW_PORTS_H

#include <stdbool.h>
#include <stddef.h>

struct mw_port {
	char name[256]; /* /dev/ttyUSB0 */
	bool usb;
	int vid, pid;           /* USB vendor and product ids, when usb */
	char manufacturer[128]; /* "" when not reported */
	char product[128];
	char serial[128];
	char desc[256];
	char state[64];       /* "" when it can be opened, else "busy", "not permitted"... */
	char fix[200];        /* what to do about the state */
	int holder_pid;       /* the process that holds the port, 0: none known */
	char holder[128];     /* "process 1234 (meterwise)" */
	char chip[64];        /* the adapter's chip from its USB ids ("FTDI FT232R"), "" */
	int timer_ms;         /* its latency timer in sysfs, ms; -1: none */
	char timer_file[300]; /* that sysfs file */
	char timer_fix[400];  /* how to lower it, "" when it is low */
};

/* The USB-serial chip of a vendor:product id, NULL when not known. */
const char *mw_ports_chip(int vid, int pid);

/* List the ports into *out (free() it); returns the count, or -1 with err. */
int mw_ports_list(struct mw_port **out, char *err, size_t errsz);
/* The state of the n ports named (no USB identity), into *out (free() it). */
int mw_ports_state(const char *const *names, int n, struct mw_port **out);

#endif
