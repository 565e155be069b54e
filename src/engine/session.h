/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.h - the engine session: one thread that owns the line and
 * publishes snapshots for every front end (the TUI, `read --watch`,
 * `check --watch`).
 *
 * The session connects to the port (and reconnects when it comes back),
 * scans, polls the devices it knows and carries out commands (select,
 * write a setting, run an action, read raw registers, commission a panel
 * from a plan).  After every step it publishes what it knows as a
 * snapshot; a front end takes a copy with mw_session_snapshot() and draws
 * or prints from it, so a front end never waits for a meter.  The device
 * list grows as devices are found (no fixed cap); each device carries a
 * generation number that changes whenever the device does, so a copy of
 * the snapshot copies only the devices that changed.  Values come both as
 * numbers and as text formatted once, by the engine (mw_reading_format):
 * every front end shows the same digits and the same flag names.
 * Commands go the other way through a small queue.  Nothing here draws.
 */
#ifndef MW_SESSION_H
#define MW_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "diag.h"
#include "engine.h"
#include "model.h"
#include "phases.h"

#define MW_SESSION_MAX_SET   64  /* settings per device kept in a snapshot */
#define MW_SESSION_SET_WORDS 64  /* register words kept per setting (MW_SET_WORDS) */
#define MW_SESSION_SPARK     120 /* total-power samples kept (one per MW_SESSION_SPARK_S) */
#define MW_SESSION_SPARK_S   2   /* seconds between sparkline samples */
#define MW_SESSION_RAW_WORDS 64  /* registers a raw read returns at most */

/* State of the connection to the port. */
enum mw_session_conn {
	MW_SESSION_CONN_NONE,    /* no port chosen yet */
	MW_SESSION_CONN_OPENING, /* trying to open */
	MW_SESSION_CONN_UP,      /* port open */
	MW_SESSION_CONN_LOST     /* port vanished or failed; retrying */
};

/* A DL/T645 prepaid meter's state as the session last read it (session_dlt.c). */
struct mw_session_prepaid {
	bool valid;             /* the device file reads a remaining credit */
	double credit;          /* remaining credit, the meter's currency (NAN: not read) */
	double overdraft;       /* overdraft used, the meter's currency (NAN: not read) */
	double alarm1, alarm2;  /* credit alarm thresholds 1 and 2 (NAN: not read) */
	double overdraft_limit; /* the meter's currency (NAN: not read) */
	int stage;              /* 0 none, 1 alarm 1, 2 alarm 2 (cut), 3 exhausted; -1 unknown */
	int relay_open;         /* status word 3: the relay is open; -1 unknown */
	int relay_cmd_open;     /* status word 3: a trip command holds it open; -1 unknown */
};

/* One device on the bus, as found by the scan (or given) and kept up by polling. */
struct mw_session_dev {
	unsigned long gen;         /* changes whenever anything below does (unique in a session) */
	int addr;                  /* Modbus address (0 for DL/T645) */
	enum mw_protocol protocol; /* Modbus: addr; DL/T645: dlt_addr */
	char dlt_addr[13];         /* DL/T645: the 12-digit address, "" for Modbus */
	struct mw_session_prepaid pp; /* DL/T645 prepaid meters */
	struct mw_linecfg lc;
	const struct mw_model *model; /* NULL: nobody's device file matched */
	char ident[96];               /* what it answered, for unknown devices */
	char formats[40];             /* every format it answered at, "8N1/8E1" */
	double turnaround_ms;         /* measured by the scan, ms */
	/* DL/T645: the slowest read turnaround measured on it in this session
	 * (the scan's, then every reading's), which each reading's first
	 * request already waits for (dlt_meter.h: measured_ms), ms; -1 none */
	double dlt_measured_ms;
	bool have_reading;
	bool failing;          /* the last poll got no valid reply (or only part of one) */
	char error[200];       /* the last poll's error, when failing */
	unsigned long n_polls; /* polls so far (each bumps it, answered or not) */
	bool last_full;        /* the last poll read every value (not only key figures) */
	bool last_complete;    /* the last poll got every block it asked for */
	bool last_partial;     /* the last poll got some blocks and missed others */
	double last_ok_s;      /* mw_session_now() of the last complete reading, s */
	double refresh_s;      /* time the last full reading took, s */
	double bound_s;        /* line bound of that reading, s (DESIGN.md) */
	double key_bound_s;    /* line bound of a key-figures reading, s */
	double interval_s; /* measured time between its last two answered polls, s (0: not yet) */
	double *value_s; /* rd.n_values: mw_session_now() when each value last answered, 0 never */
	int n_requests;  /* requests in that reading */
	/* every value of the model: numbers, strings, raw flag words (what
	 * each poll answered, merged over the polls), with rd.when the time
	 * of the last poll that answered; empty (n_values 0) without a model */
	struct mw_reading rd;
	char **text; /* rd.n_values texts by mw_reading_format(); "" = not read */
	struct mw_phases ph;
	struct mw_diag diag;
	float spark[MW_SESSION_SPARK]; /* total active power, W, oldest first */
	int n_spark;
	double spark_last_s;
	struct mw_stats stats;
};

/* Progress of a running scan. */
struct mw_session_scan {
	bool running;
	bool done;
	bool stopped;    /* stopped by the user (MW_SESSION_CMD_SCAN_STOP) */
	bool paused;     /* yielding the line to the dashboard or the panel */
	int step, steps; /* line setting being tried (0-based), settings planned */
	int expect;      /* stop after this many devices, 0 = the whole plan */
	double frac;     /* fraction of the whole plan's probes done, 0..1 */
	struct mw_linecfg lc;
	int addr;
	double elapsed_s; /* time scanning, pauses left out, s */
	double left_s;    /* estimate (scan.h, mw_scan_progress): the probes left at their
	                     measured cost, s */
	char note[160];
};

/* What the front end shows, so that polling follows it (MW_SESSION_CMD_VIEW). */
enum mw_session_view {
	MW_SESSION_VIEW_OTHER, /* the selected device in full, one other in turn, every poll_s */
	MW_SESSION_VIEW_SCAN,  /* the scan list: the scan has the line, no polls */
	MW_SESSION_VIEW_DASH,  /* the selected device, in full, back to back (a scan waits) */
	MW_SESSION_VIEW_PANEL  /* every device's key figures in turn, back to back (a scan waits) */
};

/* The settings of one device as last read (on request and after writes). */
struct mw_session_settings {
	int dev;                     /* index of the device they belong to, -1 none */
	unsigned long seq;           /* bumps on every read */
	bool ok[MW_SESSION_MAX_SET]; /* words[i] was read */
	uint16_t words[MW_SESSION_MAX_SET][MW_SESSION_SET_WORDS];
	/* DL/T645 meters (no register words): each setting as text, "" = not read
	 * (as long as a write's text: a table of 14 periods is 111 characters) */
	char text[MW_SESSION_MAX_SET][256];
	/* DL/T645 meters: the clock (date and time DIs) read with the settings */
	bool clock_ok;      /* it answered */
	double clock_off_s; /* the meter's clock minus this computer's when read, s */
};

/* The last raw register read. */
struct mw_session_raw {
	bool valid; /* at least one register was read */
	enum mw_table table;
	uint16_t start;
	int n;
	uint16_t w[MW_SESSION_RAW_WORDS];
	bool have[MW_SESSION_RAW_WORDS]; /* w[i] was read (a meter may refuse some) */
	char error[200];                 /* why the whole range, or some of it, failed */
};

#define MW_SESSION_CM_ROWS   64   /* plan rows kept in a snapshot */
#define MW_SESSION_CM_EVENTS 8    /* last commissioning events kept */
#define MW_SESSION_CM_REPORT 8192 /* bytes of the text report kept */

/* One plan position as a front end shows it. */
struct mw_session_cm_row {
	char label[64];
	char model[64];
	int addr;       /* target address */
	char line[32];  /* final line, "19200 8E1" */
	int state;      /* enum mw_commission_state; -1 = not started yet */
	char note[160]; /* the row's message, or "" */
};

/* Commissioning from a plan, as the session last saw it. */
struct mw_session_cm {
	unsigned long gen;   /* changes whenever anything below does */
	bool loaded;         /* a plan is loaded and valid */
	bool running;        /* commissioning in progress */
	bool finished;       /* every row is done (the report follows) */
	char path[256];      /* the plan loaded */
	char problems[1024]; /* why the plan was refused, lines */
	struct mw_session_cm_row row[MW_SESSION_CM_ROWS];
	int n_rows;
	int n_done;
	char event[MW_SESSION_CM_EVENTS][256]; /* last events, oldest first */
	int n_events;
	unsigned long announce_seq; /* bumps on every announcement (bell) */
	char announce[256];         /* the last announcement */
	bool collision;             /* garbled replies now: connect one meter at a time */
	char collision_msg[256];
	char report[MW_SESSION_CM_REPORT]; /* the text report at the end, or "" */
};

/* Everything a front end shows. */
struct mw_session_snap {
	unsigned long seq; /* bumps on every publish */
	enum mw_session_conn conn;
	char port[256];
	char conn_msg[240];
	struct mw_session_scan scan;
	struct mw_session_dev *dev; /* n_dev devices (grows; owned by the snapshot) */
	int n_dev;
	int cap_dev; /* allocated entries of dev */
	int sel;     /* index of the device polled in full, -1 none */
	int view;    /* enum mw_session_view: what polling follows */
	/* line bound of one round of what is polled now (DASH: the selected
	 * device's full reading; PANEL: every device's key figures), s, 0 unknown */
	double round_bound_s;
	double round_s; /* measured time of the last such round, s, 0 unknown */
	struct mw_stats total;
	double req_per_s;
	double adapter_ms; /* the USB adapter's latency in the timeouts, ms (0: none) */
	bool adapter_echo; /* it hands our requests back (dropped on the line layer) */
	/* result of the last command that reports one */
	unsigned long cmd_done; /* id of the last finished command */
	int cmd_rc;             /* 0 ok, -1 failed */
	char cmd_msg[1024];     /* what happened, several lines */
	char journal[2048];     /* the journal entries the last write or action added, one
	                           line each as `meterwise journal` prints them, or "" */
	/* a DL/T645 write or control that the meter refused for its password
	 * (the error word's password bit): the front end may give one
	 * (MW_SESSION_CMD_PASSWORD) to send the rest of it again, once */
	bool pw_ask;
	unsigned long pw_cmd; /* id of the command refused */
	int pw_level;         /* the password level the device file gives for it */
	int pw_refused;       /* passwords given for it that the meter refused too */
	/* a prepared write (MW_SESSION_CMD_PREPARE), waiting for MW_SESSION_CMD_APPLY */
	bool have_plan;
	unsigned long plan_id; /* id of the prepare command */
	int plan_dev;
	struct mw_set_plan plan;
	struct mw_session_settings set;
	struct mw_session_raw raw;
	struct mw_session_cm cm;
};

/* Commands from a front end. */
enum mw_session_cmd_kind {
	MW_SESSION_CMD_SCAN,        /* restart the scan */
	MW_SESSION_CMD_SELECT,      /* poll device `dev` in full */
	MW_SESSION_CMD_SETTINGS,    /* read device `dev`'s settings */
	MW_SESSION_CMD_PREPARE,     /* validate `name`=`text` (or every `assign`) and read
	                               what it changes */
	MW_SESSION_CMD_APPLY,       /* write the prepared plan, verify, follow, journal */
	MW_SESSION_CMD_ACT,         /* run action `name` (parameter `text`) */
	MW_SESSION_CMD_RAW,         /* read `count` registers at `reg` of `table` */
	MW_SESSION_CMD_CM_LOAD,     /* load and check the plan at `path` */
	MW_SESSION_CMD_CM_START,    /* commission the panel to the loaded plan */
	MW_SESSION_CMD_CM_STOP,     /* stop commissioning (a new start continues) */
	MW_SESSION_CMD_SCAN_STOP,   /* stop the scan; what it found stays */
	MW_SESSION_CMD_SCAN_EXPECT, /* stop the scan after `count` devices (0: the whole plan) */
	MW_SESSION_CMD_VIEW,        /* the front end shows view `count` (enum mw_session_view) */
	MW_SESSION_CMD_IDENTIFY,    /* identify device `dev` again, with a long timeout */
	MW_SESSION_CMD_PASSWORD     /* DL/T645: send what was refused for its password again
	                               (pw_ask), once, with `text` "LEVEL:PPPPPP", kept for
	                               the meter in this session's memory when it takes it */
};

struct mw_session_cmd {
	enum mw_session_cmd_kind kind;
	unsigned long id; /* filled by mw_session_send */
	int dev;          /* index in the snapshot's device list */
	char name[64];    /* setting or action name */
	char text[256];   /* value text ("5", "8E1", "06:00=1,...", "now") */
	enum mw_table table;
	uint16_t reg;
	int count;
	char path[256]; /* MW_SESSION_CMD_CM_LOAD: the plan file */
	/* MW_SESSION_CMD_PREPARE of several settings at once (a form's edits):
	 * "NAME=VALUE" each; n_assign 0: `name` and `text` */
	char assign[MW_SET_MAX][160];
	int n_assign;
};

/* A device the session polls from the start, without a scan. */
struct mw_session_known {
	int addr;
	struct mw_linecfg lc;
	const struct mw_model *model; /* required */
	const size_t *want;           /* indices of the values a full poll reads (NULL: all) */
	size_t n_want;
};

/* How the session starts. */
struct mw_session_cfg {
	const char *port;             /* device path or tcp:..., required */
	const struct mw_catalog *cat; /* models to identify devices with */
	bool autoscan;                /* scan as soon as connected */
	int expect;                   /* scan: stop after this many devices, 0 = all */
	const int *bauds;             /* scan only these bauds (NULL: the catalogue's) */
	size_t n_bauds;
	const enum mw_format *formats; /* scan only these formats (NULL: the catalogue's) */
	size_t n_formats;
	const struct mw_session_known *known; /* devices to poll from the start */
	size_t n_known;
	double poll_s;       /* seconds between polls; 0 = 0.25 */
	int timeout_ms;      /* response timeout of a poll; 0 = from the line and the model */
	int scan_timeout_ms; /* the scan's per-probe timeout, fixed; 0 = adaptive */
	int tries;           /* tries per request; 0 = one (a front end that redraws
	                        anyway), -1 = the bus's default */
	/* DL/T645 writes and controls: "LEVEL:PPPPPP" (--password), validated
	 * with mw_session_password_check; NULL: each file's level and 000000 */
	const char *dlt_password;
};

struct mw_session;

/* Start the thread; NULL with a message in err on failure. */
/* Start the frame trace of the line (--trace[=FILE]; NULL or "-": standard
 * error) for every session of this process; -1 with err on failure. */
int mw_session_trace(const char *path, char *err, size_t errsz);
/* Set a line option of the process (rts, rts-delay, latency; see link.h)
 * before the session opens its port; 0 or -1 with a message. */
int mw_session_line_opt(const char *name, const char *arg, char *err, size_t errsz);
struct mw_session *mw_session_start(const struct mw_session_cfg *cfg, char *err, size_t errsz);
/* Stop the thread, close the port and free everything. */
void mw_session_stop(struct mw_session *s);
/* Bring out up to date with the latest snapshot: devices whose generation
 * differs are copied, the others kept.  out starts zeroed (or as a
 * previous call left it); free it with mw_session_snap_free. */
void mw_session_snapshot(struct mw_session *s, struct mw_session_snap *out);
/* Free what a snapshot owns (its devices) and zero it. */
void mw_session_snap_free(struct mw_session_snap *snap);
/* Queue a command; returns its id (0 if the queue is full). */
unsigned long mw_session_send(struct mw_session *s, const struct mw_session_cmd *c);
/* Wake-up file descriptor: readable after every publish (for poll()). */
int mw_session_fd(const struct mw_session *s);
/* Drain the wake-up descriptor. */
void mw_session_ack(struct mw_session *s);
/* Bytes the last mw_session_snapshot() copied (for tests and benchmarks). */
size_t mw_session_copied(const struct mw_session *s);

/* Check a DL/T645 password "LEVEL:PPPPPP" as `meterwise set --password`
 * does (six hex digits, a plain level 0-9) for what needs level `level`
 * (-1: any); 0, or -1 with the message, its digits masked. */
int mw_session_password_check(int level, const char *text, char *err, size_t errsz);
/* The same text as a screen may show it: "2:******" (the level stays). */
void mw_session_password_mask(const char *text, char *buf, size_t bufsz);

/* Seconds on the monotonic clock (the clock of the snapshot's times). */
double mw_session_now(void);

#endif
