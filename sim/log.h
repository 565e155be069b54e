/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h - the frame log (--log FILE): one line per request, reply and
 * event, flushed at once, so tests can prove what was and was not sent.
 *
 *   12.345 RX 01 03 01 00 00 03 04 37 # 9600 8N1
 *   12.367 TX 01 03 06 56 11 56 22 56 33 1F 77 # jsy1
 *   12.400 -- jsy1 now answers at address 5, 9600 8N1
 *
 * Time is seconds since the simulator started (monotonic, ms resolution);
 * RX is what the master sent, TX what the devices put on the line (its
 * time is when the first byte started), "--" an event.
 */
#ifndef MW_SIM_LOG_H
#define MW_SIM_LOG_H

#include <stddef.h>
#include <stdint.h>

/* Open the log; 0 or -1 with err. */
int sim_log_open(const char *path, char *err, size_t errsz);
/* A frame at sim time t; the comment after '#' may be NULL. */
void sim_log_frame(double t, const char *dir, const uint8_t *b, size_t n, const char *comment);
/* An event line. */
__attribute__((format(printf, 1, 2))) void sim_log_note(const char *fmt, ...);
void sim_log_close(void);

#endif
