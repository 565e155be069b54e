/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * line.h - the simulated RS-485 line: a pseudo-terminal whose slave side
 * the master opens, the master's line settings read back from it, and
 * replies paced at the line rate (colliding where two overlap).
 */
#ifndef MW_SIM_LINE_H
#define MW_SIM_LINE_H

#include "sim.h"

struct sim_adapter;

struct sim_line {
	int master;                        /* pty master: the devices' side */
	int slave;                         /* slave side, held open so the master never hangs up */
	char slave_name[64];               /* /dev/pts/N */
	char *link;                        /* symlink to slave_name, or NULL */
	const struct sim_adapter *adapter; /* between the bus and the master; NULL: none */
};

/* One device's transmission: bytes starting at sim time `start` (s). */
struct sim_tx {
	const uint8_t *buf;
	size_t len;
	double start;
};

/* Open the pty, make it raw, link it; 0 or -1 with err. */
int sim_line_open(struct sim_line *l, const char *link, char *err, size_t errsz);
/* Remove the link and close. */
void sim_line_close(struct sim_line *l);
/* The master's settings now; *baud 0 and *fmt -1 when they name no format we know. */
void sim_line_settings(const struct sim_line *l, int *baud, int *fmt);
/* Seconds per character at baud and format. */
double sim_line_char_time(int baud, enum mw_format fmt);
/*
 * Put n transmissions on the line: byte i of tx j arrives at
 * start_j + (i+1)*t; bytes that overlap in time collide into garbage.
 * The bytes as sent go to sent (at most sentsz); returns their count.
 * They reach the master through the line's adapter (adapter.h).
 */
size_t sim_line_transmit(struct sim_line *l, const struct sim_tx *tx, int n, double t,
                         uint8_t *sent, size_t sentsz);
/* Wait until sim time t (seconds). */
void sim_sleep_until(double t);

#endif
