/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt_meter.h - one DL/T645-2007 meter on a line, for the engine and the
 * front ends: requests with the safe timeout of the timing model, reads
 * by DI (blocks and follow-up frames), identification from the device
 * files, settings written with their password level and read back,
 * baud and address changes followed, control commands (relay) verified
 * by status word 3, broadcast time verified by the meter's clock, and
 * the journal.  Every exchange goes through mw_bus_dlt645() (bus.h).
 *
 * Results reuse the Modbus engine's structs (struct mw_reading,
 * struct mw_set_result, enum mw_outcome), so front ends print them the
 * same way.
 */
#ifndef MW_DLT_METER_H
#define MW_DLT_METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "dlt645.h"
#include "engine.h"
#include "model.h"

/* One meter: where it is and how to talk to it. */
struct mw_dlt_meter {
	struct mw_bus *bus;
	struct dlt645_addr addr;
	char addr_text[13];           /* its 12 digits */
	const struct mw_model *model; /* NULL until identified */
	int wakeup;                   /* FE bytes before each request (the model's, else 4) */
	double
	    t_max_ms; /* turnaround in the timeout until one is measured: the standard's 500, ms */
	int timeout_ms; /* given by the user (--timeout), 0 = the safe timeout */
	/* The slowest turnaround measured on its read replies so far, ms (-1:
	 * none yet); the following reads' timeouts use it (mw_dlt_request). */
	double measured_ms;
	double slack_ms; /* added to a measured turnaround (a busy host's allowance), ms */
	/* What its answered requests (a reply or an error reply) put on the
	 * wire since mw_dlt_meter_init, for the line bound (timing.h). */
	unsigned long n_answered;
	unsigned long line_chars; /* characters both ways, wake-up bytes included */
	bool v1997;               /* DL/T645-1997 (the model's, or the one identify tries) */
};

/* Set up m for the meter at 12-digit text `addr` on b; model may be NULL.
 * 0, or -1 with a message when addr is not 12 decimal digits. */
int mw_dlt_meter_init(struct mw_dlt_meter *m, struct mw_bus *b, const char *addr,
                      const struct mw_model *model, char *err, size_t errsz);

/* Safe response timeout of a request of req_chars characters on b, ms:
 * the timing model's formula with the request's own line time, the
 * turnaround t_max_ms and the line's latency. */
int mw_dlt_timeout_ms(const struct mw_bus *b, size_t req_chars, double t_max_ms);

/* One exchange with mw_bus_dlt645, the response timeout sized for req:
 * --timeout if given, else the timing model's safe timeout at t_max_ms,
 * or for a read once a read reply was measured, at 1.25 measured_ms + 2 ms
 * (as the scan does); a write keeps t_max_ms (a meter may take longer to
 * store than to read). */
int mw_dlt_request(struct mw_dlt_meter *m, const struct dlt645_frame *req, int tries,
                   struct dlt645_frame *rep, char *err, size_t errsz);

/*
 * Read one DI (0x11, then 0x12 follow-up frames while the reply sets D5;
 * on a DL/T645-1997 meter (m->v1997) 0x01 with a 2-byte DI, one frame):
 * its data without the DI into out (at most outsz), length in *n.  0, or
 * -1 with err (mw_bus_last_error says how).
 */
int mw_dlt_read_di(struct mw_dlt_meter *m, uint32_t di, uint8_t *out, size_t outsz, size_t *n,
                   char *err, size_t errsz);

/* Is model a DL/T645 one? */
bool mw_dlt_model(const struct mw_model *model);

/*
 * Which DL/T645 device file is the meter: the first whose meter-number DI
 * (identify: meter_number) answers, else whose first value answers; the
 * 2007 files first, then the 1997 ones (a version found silent is not
 * asked again).  NULL with `what` saying what was tried.
 */
const struct mw_model *mw_dlt_identify(struct mw_dlt_meter *m, const struct mw_catalog *cat,
                                       char *what, size_t whatsz);

/* Read every value of m->model into r (mw_reading_init'ed for it): blocks
 * where the file says (each item of the block must be in the file, else
 * the items are read one by one), the rest by DI.  As mw_read_all. */
int mw_dlt_read_all(struct mw_dlt_meter *m, struct mw_reading *r, char *err, size_t errsz);

/* Read only the values want_idx[0..n_want) of m->model (indices), each
 * by its own DI; the others are left unread (NAN).  As mw_dlt_read_all;
 * want_idx NULL: every value (mw_dlt_read_all). */
int mw_dlt_read_values(struct mw_dlt_meter *m, const size_t *want_idx, size_t n_want,
                       struct mw_reading *r, char *err, size_t errsz);

/* "meter 240512000101, 2400 8E1" (the line left out over TCP). */
void mw_dlt_where(const struct mw_dlt_meter *m, char *buf, size_t bufsz);

/*
 * The password of a write: --password "LEVEL:PPPPPP" (level 0-9 in plain,
 * six hex digits), else the level the file gives with password 000000.
 * Encrypted levels (98, 99: ESAM) are refused.  0, or -1 with a message.
 */
int mw_dlt_auth(int file_level, const char *text, struct dlt645_auth *auth, char *err,
                size_t errsz);
/* mw_dlt_auth, its messages naming the entry as `shown` in place of text
 * (a front end that masks the password gives mw_dlt_auth_mask's). */
int mw_dlt_auth_parse(int file_level, const char *text, const char *shown, struct dlt645_auth *auth,
                      char *err, size_t errsz);
/* text with every character after its first ':' (every one without a
 * ':') as '*': "2:123456" -> "2:******", for messages and screens. */
void mw_dlt_auth_mask(const char *text, char *buf, size_t bufsz);

/* A setting to write, validated (no I/O). */
struct mw_dlt_set {
	const struct mw_setting *setting;
	char text[256];    /* as given */
	uint8_t data[200]; /* encoded */
	int len;           /* bytes of data */
	struct dlt645_auth auth;
	bool have_old;
	char old_text[256]; /* read before the write ("" when unknown) */
	char readback[256]; /* read after it */
};

/* Validate NAME=VALUE against the file (and the password). -1 with err. */
int mw_dlt_set_prepare(const struct mw_model *model, const char *name, const char *value,
                       const char *password, struct mw_dlt_set *s, char *err, size_t errsz);
/* Read the current value of s (best effort: have_old says). */
void mw_dlt_set_read_old(struct mw_dlt_meter *m, struct mw_dlt_set *s);
/*
 * Write s: 0x14 with its password, 0x17 (one try, then followed to the new
 * baud), 0x15 (one meter on the line, programming key) or the broadcast
 * time 0x08; then read back and verify.  Journaled (intent, result) unless
 * no_journal.  Returns mw_outcome_exit(res->outcome).
 */
int mw_dlt_set_apply(struct mw_dlt_meter *m, struct mw_dlt_set *s, bool no_journal,
                     struct mw_set_result *res);

/* An action, validated. */
struct mw_dlt_act {
	const struct mw_action *action;
	struct dlt645_auth auth;
};
int mw_dlt_act_prepare(const struct mw_model *model, const char *name, const char *password,
                       struct mw_dlt_act *a, char *err, size_t errsz);
/* Send control 0x1C; relay trip/close verified by status word 3. Journaled. */
int mw_dlt_act_run(struct mw_dlt_meter *m, const struct mw_dlt_act *a, bool no_journal,
                   struct mw_set_result *res);

/*
 * Broadcast the host's time (0x08 to 99x6, no reply) on b, then read the
 * clock of each meter of verify[0..n) back: verified when within 5 s.
 * res[i] per meter (n may be 0: nothing to verify, outcome WRITTEN).
 * Journaled.  Returns the worst exit code.
 */
int mw_dlt_time_sync(struct mw_bus *b, struct mw_dlt_meter *verify, size_t n, bool no_journal,
                     struct mw_set_result *res);

/* The meter's clock (date and time DIs), seconds since the epoch in the
 * host's time zone.  0, or -1 with err. */
int mw_dlt_read_clock(struct mw_dlt_meter *m, double *t, char *err, size_t errsz);

#endif
