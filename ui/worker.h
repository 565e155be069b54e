/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.h - the TUI's engine thread and the snapshot it publishes.
 *
 * One thread owns the bus: it connects, scans, polls the devices found and
 * carries out commands (select, write a setting, run an action, read raw
 * registers).  After every step it copies its state into a snapshot under
 * a mutex; the UI thread takes a copy of that snapshot and draws from it,
 * so drawing never waits for a meter and a slow meter never freezes the
 * screen.  Commands go the other way through a small queue.  Nothing here
 * includes curses.
 */
#ifndef MW_UI_WORKER_H
#define MW_UI_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "codec.h"
#include "diag.h"
#include "engine.h"
#include "model.h"
#include "phases.h"

#define MW_UI_MAX_DEV   32  /* devices kept in the list */
#define MW_UI_MAX_VAL   512 /* values per device kept in a snapshot */
#define MW_UI_MAX_SET   64  /* settings per device kept in a snapshot */
#define MW_UI_SET_WORDS 64  /* register words kept per setting (MW_SET_WORDS) */
#define MW_UI_SPARK     120 /* total-power samples kept (one per MW_UI_SPARK_S) */
#define MW_UI_SPARK_S   2   /* seconds between sparkline samples */
#define MW_UI_RAW_WORDS 64  /* registers shown by the raw view */

/* State of the connection to the port. */
enum mw_ui_conn {
	MW_CONN_NONE,    /* no port chosen yet */
	MW_CONN_OPENING, /* trying to open */
	MW_CONN_UP,      /* port open */
	MW_CONN_LOST     /* port vanished or failed; retrying */
};

/* One device on the bus, as found by the scan and kept up by polling. */
struct mw_ui_dev {
	int addr;
	struct mw_linecfg lc;
	const struct mw_model *model; /* NULL: nobody's device file matched */
	char ident[96];               /* what it answered, for unknown devices */
	char formats[40];             /* every format it answered at, "8N1/8E1" */
	double turnaround_ms;         /* measured by the scan */
	bool have_reading;
	bool failing;              /* the last poll got no valid reply */
	char error[200];           /* the last poll's error, when failing */
	double last_ok_s;          /* monotonic seconds of the last good reading */
	double refresh_s;          /* time the last full reading took, s */
	double bound_s;            /* line bound of that reading, s (DESIGN.md) */
	int n_requests;            /* requests in that reading */
	double val[MW_UI_MAX_VAL]; /* model->values[i]; NaN = not read */
	long flags[MW_UI_MAX_VAL]; /* raw word of `bits` values; -1 = not read */
	struct mw_phases ph;
	struct mw_diag diag;
	float spark[MW_UI_SPARK]; /* total active power, W, oldest first */
	int n_spark;
	double spark_last_s;
	struct mw_stats stats;
};

/* Progress of a running scan. */
struct mw_ui_scan {
	bool running;
	bool done;
	int step, steps; /* line setting being tried (0-based), settings planned */
	double frac;     /* fraction of the plan done, 0..1 */
	struct mw_linecfg lc;
	int addr;
	double elapsed_s, left_s;
	char note[160];
};

/* The settings of one device as last read (on request and after writes). */
struct mw_ui_settings {
	int dev;                /* index of the device they belong to, -1 none */
	unsigned long seq;      /* bumps on every read */
	bool ok[MW_UI_MAX_SET]; /* words[i] was read */
	uint16_t words[MW_UI_MAX_SET][MW_UI_SET_WORDS];
};

/* The raw register view's last read. */
struct mw_ui_raw {
	bool valid; /* at least one register was read */
	enum mw_table table;
	uint16_t start;
	int n;
	uint16_t w[MW_UI_RAW_WORDS];
	bool have[MW_UI_RAW_WORDS]; /* w[i] was read (a meter may refuse some) */
	char error[200];            /* why the whole range, or some of it, failed */
};

#define MW_UI_CM_ROWS   64   /* plan rows kept in a snapshot */
#define MW_UI_CM_EVENTS 8    /* last commissioning events kept */
#define MW_UI_CM_REPORT 8192 /* bytes of the text report kept */

/* One plan position as the commissioning screen shows it. */
struct mw_ui_cm_row {
	char label[64];
	char model[64];
	int addr;       /* target address */
	char line[32];  /* final line, "19200 8E1" */
	int state;      /* enum mw_cm_state; -1 = not started yet */
	char note[160]; /* the row's message, or "" */
};

/* Commissioning from a plan (issue 8), as the worker last saw it. */
struct mw_ui_cm {
	bool loaded;         /* a plan is loaded and valid */
	bool running;        /* commissioning in progress */
	bool finished;       /* every row is done (the report follows) */
	char path[256];      /* the plan loaded */
	char problems[1024]; /* why the plan was refused, lines */
	struct mw_ui_cm_row row[MW_UI_CM_ROWS];
	int n_rows;
	int n_done;
	char event[MW_UI_CM_EVENTS][256]; /* last events, oldest first */
	int n_events;
	unsigned long announce_seq; /* bumps on every announcement (bell) */
	char announce[256];         /* the last announcement */
	bool collision;             /* garbled replies now: connect one meter at a time */
	char collision_msg[256];
	char report[MW_UI_CM_REPORT]; /* the text report at the end, or "" */
};

/* Everything the UI draws. */
struct mw_ui_snap {
	unsigned long seq; /* bumps on every publish */
	enum mw_ui_conn conn;
	char port[256];
	char conn_msg[240];
	struct mw_ui_scan scan;
	struct mw_ui_dev dev[MW_UI_MAX_DEV];
	int n_dev;
	int sel; /* index of the device polled in full, -1 none */
	struct mw_stats total;
	double req_per_s;
	/* result of the last command that reports one */
	unsigned long cmd_done; /* id of the last finished command */
	int cmd_rc;             /* 0 ok, -1 failed */
	char cmd_msg[1024];     /* what happened, several lines */
	char journal[1024];     /* the journal line the last write appended, or "" */
	/* a prepared write (MW_CMD_PREPARE), waiting for MW_CMD_APPLY */
	bool have_plan;
	unsigned long plan_id; /* id of the prepare command */
	int plan_dev;
	struct mw_set_plan plan;
	struct mw_ui_settings set;
	struct mw_ui_raw raw;
	struct mw_ui_cm cm;
};

/* Commands from the UI. */
enum mw_ui_cmd_kind {
	MW_CMD_SCAN,     /* restart the scan */
	MW_CMD_SELECT,   /* poll device `dev` in full */
	MW_CMD_SETTINGS, /* read device `dev`'s settings */
	MW_CMD_PREPARE,  /* validate `name`=`text` and read what it changes */
	MW_CMD_APPLY,    /* write the prepared plan, verify, follow, journal */
	MW_CMD_ACT,      /* run action `name` (parameter `text`) */
	MW_CMD_RAW,      /* read `count` registers at `reg` of `table` */
	MW_CMD_CM_LOAD,  /* load and check the plan at `path` */
	MW_CMD_CM_START, /* commission the panel to the loaded plan */
	MW_CMD_CM_STOP   /* stop commissioning (a new start continues) */
};

struct mw_ui_cmd {
	enum mw_ui_cmd_kind kind;
	unsigned long id; /* filled by mw_worker_send */
	int dev;          /* index in the snapshot's device list */
	char name[64];    /* setting or action name */
	char text[128];   /* value text ("5", "8E1", "06:00=1,...", "now") */
	enum mw_table table;
	uint16_t reg;
	int count;
	char path[256]; /* MW_CMD_CM_LOAD: the plan file */
};

/* How the worker starts. */
struct mw_worker_cfg {
	const char *port;             /* device path or tcp:..., required */
	const struct mw_catalog *cat; /* models to identify devices with */
	bool autoscan;                /* scan as soon as connected */
	int expect;                   /* scan: stop after this many devices, 0 = all */
	const int *bauds;             /* scan only these bauds (NULL: the catalogue's) */
	size_t n_bauds;
	const enum mw_format *formats; /* scan only these formats (NULL: the catalogue's) */
	size_t n_formats;
};

struct mw_worker;

/* Start the thread; NULL with a message in err on failure. */
struct mw_worker *mw_worker_start(const struct mw_worker_cfg *cfg, char *err, size_t errsz);
/* Stop the thread, close the port and free everything. */
void mw_worker_stop(struct mw_worker *w);
/* Copy the latest snapshot into out (the caller owns out). */
void mw_worker_snapshot(struct mw_worker *w, struct mw_ui_snap *out);
/* Queue a command; returns its id (0 if the queue is full). */
unsigned long mw_worker_send(struct mw_worker *w, const struct mw_ui_cmd *c);
/* Wake-up file descriptor: readable after every publish (for poll()). */
int mw_worker_fd(const struct mw_worker *w);
/* Drain the wake-up descriptor. */
void mw_worker_ack(struct mw_worker *w);

/* Seconds on the monotonic clock. */
double mw_ui_now(void);
/* Copy src into dst of size n, cut to fit, always terminated. */
void mw_ui_strcpy(char *dst, size_t n, const char *src);

#endif
