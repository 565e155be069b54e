/*
 * portlist.h - the serial ports the port picker offers, through
 * libserialport: name, description, USB identity, and whether meterwise
 * can open it (busy, not permitted) with how to fix that.
 *
 * Interim: this belongs in the engine (a src/ports.c shared with
 * `meterwise ports`); the picker only needs this one call.
 */
#ifndef MW_UI_PORTLIST_H
#define MW_UI_PORTLIST_H

#include <stddef.h>

struct mw_ui_port {
	char name[256]; /* /dev/ttyUSB0 */
	char desc[256]; /* "FT232R USB UART - FTDI (0403:6001) serial A50285BI" */
	char state[64]; /* "" when it can be opened, else "busy", "not permitted"... */
	char fix[200];  /* what to do about the state */
};

/* List the ports into *out (free() it); returns the count, or -1 with err. */
int mw_ui_ports(struct mw_ui_port **out, char *err, size_t errsz);

#endif
