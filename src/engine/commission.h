/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission.h - commissioning a panel from a plan, one meter at a time.
 *
 * A plan (CSV, one row per meter position: label, model, address, baud,
 * format, then columns named after device-file settings) is loaded and
 * validated against the device files with no I/O (mw_commission_plan_load).  The
 * commissioning itself is a state machine (mw_commission_step): it polls
 * the factory settings of the plan's models for a new meter, identifies
 * it, gives it the next open row of its model through the engine
 * (validated, verified, followed, journaled), and reports what happens
 * through a callback, so the command line and the TUI show the same
 * workflow.  Progress is kept in the journal (entries tagged with the
 * plan and the position), so a second run continues where the first
 * stopped and never gives an address twice.  Nothing here prints.
 */
#ifndef MW_COMMISSION_H
#define MW_COMMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bus.h"
#include "csv.h"
#include "diag.h"
#include "engine.h"
#include "model.h"
#include "phases.h"

/* ---- the plan ----------------------------------------------------------- */

#define MW_COMMISSION_PLAN_COLS 16 /* setting columns after label..format */

/* One meter position. */
struct mw_commission_plan_row {
	int line;       /* line in the plan file */
	char label[64]; /* position, e.g. "L3-2" */
	const struct mw_model *model;
	int addr;                     /* target address */
	int baud;                     /* target baud; 0 = leave as it is */
	int format;                   /* target format (enum mw_format); -1 = leave as it is */
	struct mw_linecfg final_line; /* where it answers when done (factory where left) */
	char *value[MW_COMMISSION_PLAN_COLS]; /* setting cells (NULL = leave), by column */
};

struct mw_commission_plan {
	char *path;                            /* as given */
	char *abspath;                         /* realpath, for the journal */
	char hash[17];                         /* FNV-1a 64 of the file, hex */
	char *column[MW_COMMISSION_PLAN_COLS]; /* setting column names */
	size_t n_columns;
	struct mw_commission_plan_row *rows;
	size_t n_rows;
};

/* A plan file as read: the text, its header row and where the rows begin
 * (the one reader of plan files, Modbus and DL/T645). */
struct mw_plan_file {
	char *text;               /* the whole file, NUL-terminated */
	size_t len;               /* bytes */
	struct mw_csv_record hdr; /* the first row (hdr.n 0: the file is empty) */
	const char *p;            /* the rows after it, for mw_csv_next */
	int line;                 /* the line p is at */
};
/* Read plan PATH and its header row.  0, or -1 with errno when the file
 * cannot be read.  mw_plan_file_close frees it. */
int mw_plan_file_open(const char *path, struct mw_plan_file *f);
void mw_plan_file_close(struct mw_plan_file *f);
/* Column of the header named name (any case), -1 when there is none. */
int mw_plan_file_col(const struct mw_plan_file *f, const char *name);
/* The model a plan cell names: its id or display name (any case), or NULL. */
const struct mw_model *mw_plan_find_model(const struct mw_catalog *cat, const char *s);

/*
 * Load and validate PATH against the catalogue: unknown model, unknown
 * setting, value out of range or not a choice, duplicate labels or target
 * addresses, a target that is a factory setting of a model of the plan.
 * Each problem goes to `report` as "file:line: message".  Returns the
 * number of problems (0: the plan can be used), or -1 when the file cannot
 * be read (message reported too).
 */
int mw_commission_plan_load(const char *path, const struct mw_catalog *cat,
                            struct mw_commission_plan *plan,
                            void (*report)(void *ctx, const char *msg), void *ctx);
void mw_commission_plan_free(struct mw_commission_plan *plan);
/* Fill a set plan with the row's address, line and settings (validated). */
int mw_commission_plan_row_set(const struct mw_commission_plan *plan,
                               const struct mw_commission_plan_row *r, struct mw_set_plan *p,
                               bool line_too, char *err, size_t errsz);

/* ---- commissioning -------------------------------------------------------- */

enum mw_commission_state {
	MW_COMMISSION_OPEN,    /* waiting for its meter */
	MW_COMMISSION_STARTED, /* claimed in an earlier run that did not finish it */
	MW_COMMISSION_DONE,    /* written and verified (this run or an earlier one) */
	MW_COMMISSION_CHECKED, /* found already at its planned settings: checked, not rewritten */
	MW_COMMISSION_BLOCKED, /* its planned address is taken by another device */
	MW_COMMISSION_FAILED   /* a write went wrong: the message says where the meter is */
};
const char *
mw_commission_state_name(enum mw_commission_state s); /* stable id: "open", "done", ... */

/* What happened, for the front end. */
enum mw_commission_event_kind {
	MW_COMMISSION_EV_RESUMED,    /* rows finished in an earlier run (text says how many) */
	MW_COMMISSION_EV_WAITING,    /* waiting for the next meter (text says which) */
	MW_COMMISSION_EV_FOUND,      /* a new meter answered at a factory setting */
	MW_COMMISSION_EV_APPLYING,   /* writing a row to it */
	MW_COMMISSION_EV_DONE,       /* a position is commissioned: the announcement */
	MW_COMMISSION_EV_CHECKED,    /* a meter already at its planned settings */
	MW_COMMISSION_EV_COLLISION,  /* garbled replies at a factory address */
	MW_COMMISSION_EV_CLEARED,    /* the collision is gone */
	MW_COMMISSION_EV_UNEXPECTED, /* a meter no open row wants */
	MW_COMMISSION_EV_CONFLICT,   /* a planned address is taken by another device */
	MW_COMMISSION_EV_FAILED,     /* a write failed */
	MW_COMMISSION_EV_FINISHED    /* every row is done */
};

struct mw_commission_event {
	enum mw_commission_event_kind kind;
	int row;                      /* index into plan->rows, -1 when none */
	const struct mw_model *model; /* the meter's model, when known */
	int addr;                     /* where the meter answers (or answered) */
	struct mw_linecfg line;
	char text[512]; /* translated, ready to show */
};

struct mw_commission_opts {
	int poll_timeout_ms; /* per probe while waiting; 0 = from the timing model */
	int timeout_ms;      /* for identification and writes; 0 = the bus's */
	bool once;           /* stop after one meter is commissioned */
	const char *password;
	bool no_journal; /* tests only: neither read nor write the journal */
	void (*on_event)(void *ctx, const struct mw_commission_event *e);
	void *ctx;
};

struct mw_commission_row_status {
	enum mw_commission_state state;
	bool earlier;    /* finished in an earlier run (journal) */
	char serial[64]; /* identity read when it was commissioned */
	char firmware[64];
	char message[512];
};

struct mw_commission;

/* Start: reads the journal for this plan.  NULL with err. */
struct mw_commission *mw_commission_new(struct mw_bus *b, const struct mw_catalog *cat,
                                        const struct mw_commission_plan *plan,
                                        const struct mw_commission_opts *o, char *err,
                                        size_t errsz);
/* One step (a probe and what it calls for): 1 more to do, 0 finished,
 * -1 the port failed (mw_commission_error()). */
int mw_commission_step(struct mw_commission *c);
/* Steps until finished or *stop becomes non-zero. */
int mw_commission_run(struct mw_commission *c, volatile int *stop);
const char *mw_commission_error(const struct mw_commission *c);
const struct mw_commission_row_status *mw_commission_rows(const struct mw_commission *c);
/* Rows done or checked, of plan->n_rows. */
size_t mw_commission_done(const struct mw_commission *c);
void mw_commission_free(struct mw_commission *c);

/* ---- the report ------------------------------------------------------------ */

struct mw_commission_report_row {
	const struct mw_commission_plan_row *row;
	enum mw_commission_state state;
	bool answered; /* read at its final settings */
	int addr;      /* where it was read */
	struct mw_linecfg line;
	char serial[64], firmware[64];
	char address[16], baud[16], format[16]; /* read back from its registers ("" unknown) */
	char *setting[MW_COMMISSION_PLAN_COLS]; /* read back, by plan column (NULL: not planned) */
	bool matches;                           /* every planned setting reads back as planned */
	struct mw_phases ph;
	bool have_ph;
	struct mw_diag diag;
	char error[600];
};

struct mw_commission_report {
	const struct mw_commission_plan *plan;
	struct mw_commission_report_row *rows;
	size_t n_rows;
	char time[40]; /* ISO 8601 UTC */
	char port[256];
};

/* Read every finished position back from its meter (settings, identity,
 * readings, wiring verdict). */
int mw_commission_report_build(struct mw_bus *b, const struct mw_commission *c,
                               struct mw_commission_report *rep);
void mw_commission_report_free(struct mw_commission_report *rep);
enum mw_commission_report_format {
	MW_COMMISSION_REPORT_TEXT,
	MW_COMMISSION_REPORT_CSV,
	MW_COMMISSION_REPORT_JSON
};
void mw_commission_report_write(const struct mw_commission_report *rep,
                                enum mw_commission_report_format fmt, FILE *f);

#endif
