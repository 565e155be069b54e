/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * control.h - the control socket (--control PATH): a unix stream socket
 * that takes one command a line and answers lines ending in "ok" or
 * "error: ...":
 *
 *   list                      one line per device: id model address baud
 *                             format attached|detached
 *   show ID                   "line ADDRESS BAUD FORMAT attached|detached",
 *                             "setting NAME VALUE" per setting, "energy ..."
 *   attach ID | detach ID     connect or disconnect a device (or "all")
 *   set ID KEY VALUE          change a device at run time: voltage,
 *                             current, angle, frequency, noise, drift,
 *                             turnaround_ms, address, baud, format,
 *                             faults.NAME, settings.NAME (VALUE is YAML)
 *   help
 */
#ifndef MW_SIM_CONTROL_H
#define MW_SIM_CONTROL_H

#include <poll.h>

#include "sim.h"

/* Listen at path; 0 or -1 with err. */
int sim_control_open(const char *path, char *err, size_t errsz);
/* Fill pollfds for the listener and clients; returns how many. */
int sim_control_pollfds(struct pollfd *fds, int max);
/* Serve what poll() reported; returns 1 if settings changed (save). */
int sim_control_serve(struct pollfd *fds, int n, struct sim_bus *bus);
void sim_control_close(void);
/* Client: send one command to the socket at path, print the answer;
   returns 0 if the answer ended in "ok". */
int sim_control_send(const char *path, const char *command);

#endif
