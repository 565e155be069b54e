/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_int.h - shared between engine_set.c, engine_apply.c and
 * engine_follow.c: the collision check, the search after a line change,
 * and telling one meter from another.
 */
#ifndef MW_ENGINE_INT_H
#define MW_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define MW_MAX_PLACES 8 /* 2 addresses x 2 bauds x 2 formats */

/* One place a meter may answer at. */
struct mw_place {
	int addr;
	struct mw_linecfg line;
};

/* The value of m that differs from meter to meter: the one the device
 * file marks `identity: true`, else by rule a serial (an identity-group
 * holding value named *serial*), else the total active energy; or NULL. */
const struct mw_value *mw_distinct_value(const struct mw_model *m);
/* Read p's distinct value at addr (up to `tries` tries): 1 = it is the
 * meter of the plan (or the model has no such value), 0 = another meter
 * answers there, -1 = no clean reply. */
int mw_distinct_check(struct mw_bus *b, const struct mw_set_plan *p, int addr, int tries);
/* Is addr at line lc free?  `tries` probes; anything but silence (reply,
 * exception, bad CRC, garbage) means taken.  The bus goes back to `back`.
 * 0 free, 1 taken (err says where), -1 could not check (err). */
int mw_dest_free(struct mw_bus *b, int addr, const struct mw_linecfg *lc,
                 const struct mw_linecfg *back, int tries, char *err, size_t errsz);
/* Is addr free at lc's baud in every OTHER frame format (8N1, 8E1, 8O1,
 * 8N2), the meter's own place (self) left out?  A device there does not
 * hear the meter today but shares its address (a scan finds both; a later
 * line change makes them collide).  Only a whole frame from addr means
 * taken.  Not behind a TCP gateway (tcp:, rtutcp:: it fixes the format).  0 free, 1
 * taken, -1 could not check (err). */
int mw_dest_free_formats(struct mw_bus *b, int addr, const struct mw_linecfg *lc,
                         const struct mw_place *self, const struct mw_linecfg *back, int tries,
                         char *err, size_t errsz);
/* The places to look for a meter that moved from old to exp: expected,
 * old, then every mix of the fields that changed.  Returns how many. */
size_t mw_follow_places(int old_addr, const struct mw_linecfg *old_line, int exp_addr,
                        const struct mw_linecfg *exp_line, struct mw_place *out);
/* "address 5, 19200 8N1; address 1, 9600 8N1; ..." */
void mw_places_text(const struct mw_bus *b, const struct mw_place *c, size_t n, char *buf,
                    size_t sz);
/* Look for the meter of plan p: `rounds` rounds of one read of block w at
 * each place.  Returns the index of the place it answered at (rb holds the
 * block), -1 when it answered nowhere, -2 when the port failed.  other[i]
 * is set where another device answered. */
int mw_follow_search(struct mw_bus *b, const struct mw_set_plan *p, const struct mw_set_write *w,
                     const struct mw_place *c, size_t n, int rounds, uint16_t *rb, bool *other);

/* mw_bus_write / mw_bus_read with the words of m's secret settings (and
 * its unlock setting: passwords) in the block shown as ** in the frame
 * trace (trace.h): the request's data of a write (and FC06's echo), the
 * reply's of a read.  Otherwise as mw_bus_write / mw_bus_read. */
int mw_engine_write(struct mw_bus *b, int addr, const struct mw_model *m, int fc, uint16_t reg,
                    const uint16_t *w, int n, char *err, size_t errsz);
int mw_engine_read(struct mw_bus *b, int addr, const struct mw_model *m, enum mw_table t,
                   uint16_t reg, int n, uint16_t *out, char *err, size_t errsz);

#endif
