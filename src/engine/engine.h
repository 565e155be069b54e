/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.h - reading, setting and acting on one meter.
 *
 * The engine sits between the bus (bus.h) and the front ends (CLI, TUI,
 * commissioning).  It fills plain structs and never prints:
 *
 *   reading  mw_read_all() reads every value of a model in the fewest
 *            requests (plan.h) and decodes them (codec.h); mw_reading_phases()
 *            turns a reading into the model-free per-phase picture (phases.h).
 *   set      mw_set_add()/mw_set_parse() validate NAME=VALUE against the
 *            device file with no I/O; mw_set_prepare() reads the registers
 *            involved and computes the words to write (read-modify-write of
 *            packed fields); mw_set_apply() unlocks, writes with the model's
 *            function code, reads back, verifies, follows line changes to the
 *            meter's new address/baud/format and, when it does not answer
 *            there, probes the likely settings and says where it is.  Every
 *            write is journaled (journal.h).
 *   act      mw_act_prepare()/mw_act_run(): the actions of the device file.
 *
 * Results carry a translated message a front end can show as it is.
 */
#ifndef MW_ENGINE_H
#define MW_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bus.h"
#include "model.h"
#include "numfmt.h"
#include "phases.h"

/* ---- reading ---------------------------------------------------------- */

/* One snapshot of a meter's values. */
struct mw_reading {
	const struct mw_model *model;
	int addr;
	struct mw_linecfg line; /* line settings it was read at */
	size_t n_values;        /* == model->n_values */
	double *values;         /* engineering units; NaN = not read */
	char **texts;           /* string values (NULL when not a string or not read) */
	long *raw_flags;        /* raw word of `bits` values; -1 = not read or not bits */
	bool *have;             /* value i was decoded (a meter's own NaN is a value) */
	struct timespec when;   /* CLOCK_REALTIME when the reading completed */
	int n_requests;         /* requests sent for this reading */
	int n_failed;           /* of which got no valid reply */
	double elapsed_ms;      /* time the whole reading took, ms */
	char dlt_addr[13];      /* DL/T645: the meter's 12 digits ("" for Modbus: addr) */
};

/* Allocate the arrays for model m (all NaN / -1).  0, or -1 on ENOMEM. */
int mw_reading_init(struct mw_reading *r, const struct mw_model *m, int addr);
void mw_reading_free(struct mw_reading *r);

/*
 * Read every value of model m from address addr: one request per planned
 * block.  Returns 0 when every request was answered; -1 with err when one
 * or more failed (err names the first failure; blocks that were answered
 * are still decoded, the rest stay NaN).  `r` must have been initialised
 * for m with mw_reading_init (it is cleared first).
 */
int mw_read_all(struct mw_bus *b, int addr, const struct mw_model *m, struct mw_reading *r,
                char *err, size_t errsz);
/* The same for the values whose indices are in want[0..n_want). */
int mw_read_values(struct mw_bus *b, int addr, const struct mw_model *m, const size_t *want,
                   size_t n_want, struct mw_reading *r, char *err, size_t errsz);
/* Value by name (NaN if unknown or not read). */
double mw_reading_get(const struct mw_reading *r, const char *name);
/*
 * The one formatter of values: text of value i, the same in the table,
 * CSV, JSON and on screen.  float32: the shortest decimal that reads back
 * as the same float32 (230.1); scaled integers: the decimals the scale
 * implies (220.30); "inf"/"nan" (JSON writes null); identity words as
 * 0x0333; strings as they are; flag words as the names of the bits set
 * ("a,b", "-" for none).  "" when not read.  MW_NUMFMT_MACHINE always
 * has '.', MW_NUMFMT_PEOPLE the locale's decimal separator.
 */
void mw_reading_format_as(const struct mw_reading *r, size_t i, enum mw_numfmt_style style,
                          char *buf, size_t bufsz);
/* mw_reading_format_as() for people (the locale's decimal separator). */
void mw_reading_format(const struct mw_reading *r, size_t i, char *buf, size_t bufsz);
/* The same for a value held outside a reading: x (engineering units),
 * raw_flags for bits (-1 = not read), text for strings. */
void mw_value_format(const struct mw_value *v, double x, long raw_flags, const char *text,
                     enum mw_numfmt_style style, char *buf, size_t bufsz);
/* Fill the per-phase picture from values found by quantity and phase. */
void mw_reading_phases(const struct mw_reading *r, struct mw_phases *ph);

/* Serial number and firmware text of a reading, when the model has identity
 * values for them (group identity; "" otherwise). */
void mw_reading_identity(const struct mw_reading *r, char *serial, size_t serialsz, char *firmware,
                         size_t firmwaresz);

/* Read just those identity values (best effort: "" when not readable). */
void mw_read_identity(struct mw_bus *b, int addr, const struct mw_model *m, char *serial,
                      size_t serialsz, char *firmware, size_t firmwaresz);

/* ---- set -------------------------------------------------------------- */

#define MW_SET_MAX   16 /* settings in one plan */
#define MW_SET_WORDS 64 /* registers one setting or write may span */

/* One requested setting. */
struct mw_set_item {
	const struct mw_setting *setting;
	char text[256];               /* value as given ("19200", "06:00=1,...", "now") */
	uint32_t raw;                 /* field value to store (scalar settings) */
	uint16_t words[MW_SET_WORDS]; /* words to store (datetime, schedule) */
	int n_words;                  /* mw_setting_words() */
	bool have_old;                /* old value was read (mw_set_prepare) */
	char old_text[256];           /* current value as text ("" when unknown or secret) */
	char new_text[256];           /* new value as text (normalised; "***" when secret) */
	bool unchanged;               /* the meter already holds this value */
	bool verified;                /* read back equal (mw_set_apply) */
	char readback_text[256];      /* what was read back */
	int dlt_level;                /* DL/T645 0x14: password level PA the write is sent with */
};

/* One register block to write (items sharing a word are merged). */
struct mw_set_write {
	enum mw_table table; /* holding or coil */
	uint16_t reg;
	int n; /* registers (1 for a coil) */
	uint16_t old[MW_SET_WORDS];
	uint16_t new[MW_SET_WORDS];
	bool have_old;
	bool unchanged;      /* old == new: not written */
	bool write_only;     /* cannot be read back */
	bool needs_unlock;   /* unlock (password) first */
	unsigned line_roles; /* bit (1 << enum mw_line_role) of the line settings it holds */
};

/* What to write, validated; where the meter is before and after. */
struct mw_set_plan {
	const struct mw_model *model;
	struct mw_set_item item[MW_SET_MAX];
	size_t n_items;
	struct mw_set_write write[MW_SET_MAX]; /* filled by mw_set_prepare */
	size_t n_writes;
	bool prepared;
	int addr;                   /* where the meter answers now */
	struct mw_linecfg line;     /* its line settings now */
	int new_addr;               /* where it will answer after the writes */
	struct mw_linecfg new_line; /* the line settings it will have */
	bool changes_line;          /* new_addr/new_line differ from addr/line */
	bool needs_unlock;
	char serial[64]; /* identity read by mw_set_prepare, "" when the model has none */
	char firmware[64];
	const char *port; /* for the journal; set by mw_set_prepare */
	/* A value that differs from meter to meter (serial number, else total
	 * energy), read by mw_set_prepare, to tell this meter from another one
	 * answering at the same place after a move. */
	const struct mw_value *distinct;
	uint16_t distinct_words[16];
	bool have_distinct;
	int tries; /* tries per probe, sized to the loss measured on the line */
};

/* Plan for model m (empty). */
void mw_set_init(struct mw_set_plan *p, const struct mw_model *m);
/*
 * Add NAME and its value text, validated against the device file (unknown
 * setting, gap, range, enumeration, schedule and clock syntax; "now" for a
 * clock).  No I/O.  0, or -1 with a message naming the setting and the
 * allowed values.
 */
int mw_set_add(struct mw_set_plan *p, const char *name, const char *value, char *err, size_t errsz);
/* mw_set_add for each "NAME=VALUE" of assign[0..n). */
int mw_set_parse(struct mw_set_plan *p, char *const *assign, size_t n, char *err, size_t errsz);
/*
 * Read the registers the plan touches from the meter at addr (bus line
 * settings as they are now) and compute old -> new words (read-modify-write
 * of packed fields).  Reads only.  0, or -1 with err (device not answering:
 * nothing was written), or -2 with err when the meter's new address and
 * line settings are already taken by another device, or the plan changes
 * the baud rate or format through a TCP gateway (usage errors).
 */
int mw_set_prepare(struct mw_bus *b, int addr, struct mw_set_plan *p, char *err, size_t errsz);

/* How a write ended. */
enum mw_outcome {
	MW_OUT_VERIFIED, /* read back equal (or already so) */
	MW_OUT_WRITTEN,  /* acknowledged, but write-only: cannot be read back */
	MW_OUT_MISMATCH, /* read back differs */
	MW_OUT_FAILED,   /* not written: device or line error before any change */
	MW_OUT_LOST,     /* written, and the meter no longer answers where expected */
	MW_OUT_UNCERTAIN /* no acknowledgement and no read back: state unknown */
};
const char *mw_outcome_name(enum mw_outcome o); /* stable id: "verified", ... */
/* Exit code for an outcome: 0, 3 (mismatch), 4 (lost), 1 (device/line). */
int mw_outcome_exit(enum mw_outcome o);

struct mw_set_opts {
	const char *password;  /* for the unlock setting; NULL = factory default */
	bool no_journal;       /* write without a journal entry (--no-journal, tests) */
	int follow_timeout_ms; /* per probe when following; 0 = the bus timeout */
	volatile int *stop;    /* set by a signal: send nothing more (NULL = none) */
};

/*
 * Tries needed so that a present meter stays silent in all of them with a
 * chance of at most 1e-6, from the loss measured on requests to addr so
 * far: p = (lost + 2) / (requests + 2) clamped to 0.2..0.8, n =
 * ceil(ln 1e-6 / ln p), at least 3.  `silent_only` counts only silence
 * (no reply at all) as lost; otherwise any reply that is not clean.
 */
int mw_tries_for_loss(const struct mw_bus *b, int addr, bool silent_only);

struct mw_set_result {
	enum mw_outcome outcome;
	bool found;              /* the meter answered after the writes */
	int addr;                /* where it answered (found) or was last known */
	struct mw_linecfg line;  /* its line settings there */
	char message[1024];      /* "verified at address 5, 19200 8E1", or what went wrong
	                            and where the meter is */
	bool interrupted;        /* stopped by a signal (opts.stop) */
	char journal_error[256]; /* "" or why the journal could not be written */
	/* DL/T645: the meter refused it for its password (the error word's
	 * password bit): nothing was changed; the same with another password
	 * may go through */
	bool auth_refused;
};

/*
 * Apply a prepared plan: unlock if needed, write each changed block with
 * the model's write FC (FC05 for coils), read back and verify; follow line
 * changes (the bus is left at the meter's new line settings when it was
 * found there).  Each item is journaled: an intent entry, synced before
 * anything is sent (when that fails nothing is sent: MW_OUT_FAILED), and
 * the result after.  A write whose reply is lost is read back, and sent
 * again only when the value is not there.  After a line change the meter
 * is looked for at its new settings, its old ones and every mix of the
 * fields that changed, p->tries rounds; MW_OUT_LOST only when it answered
 * at none of them.  Returns mw_outcome_exit().
 */
int mw_set_apply(struct mw_bus *b, struct mw_set_plan *p, const struct mw_set_opts *o,
                 struct mw_set_result *res);

/* "address 5, 19200 8E1" (or "address 5" on TCP). */
void mw_where(const struct mw_bus *b, int addr, const struct mw_linecfg *lc, char *buf,
              size_t bufsz);

/* ---- actions ---------------------------------------------------------- */

struct mw_act_plan {
	const struct mw_model *model;
	const struct mw_action *action;
	bool has_param;
	uint16_t param; /* the user's extra word */
};

/* Validate action NAME (and its parameter text, may be NULL).  No I/O. */
int mw_act_prepare(const struct mw_model *m, const char *name, const char *param,
                   struct mw_act_plan *p, char *err, size_t errsz);
/* Send it (unlock first when needed) and journal it.  res->outcome is
 * MW_OUT_WRITTEN when acknowledged.  Returns mw_outcome_exit(). */
int mw_act_run(struct mw_bus *b, int addr, const struct mw_act_plan *p, const struct mw_set_opts *o,
               struct mw_set_result *res);

#endif
