/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scanpriv.h - the scan's private state, shared by scan.c (the steps),
 * scanplan.c (which settings, in which order, which probe, which timeout)
 * and scanline.c (probing one address: timed reads, confirmation,
 * identification).  Not for front ends: they use scan.h.
 */
#ifndef MW_SCANPRIV_H
#define MW_SCANPRIV_H

#include "scan.h"

#define SCAN_MAX_PROBES 4  /* presence probes per setting */
#define SCAN_MAX_EVENTS 64 /* events kept */

/* One short read. */
struct scan_reg {
	enum mw_table table;
	uint16_t reg;
	int n; /* registers */
};

/* An address-0 read: a model's address setting, decoded by that model. */
struct scan_bcast {
	struct scan_reg r;
	const struct mw_model *model;
	const struct mw_setting *addr_setting;
};

/* One line setting of the plan and what the catalogue says about it. */
struct scan_line {
	struct mw_linecfg lc;
	double t_s;                   /* one character, seconds */
	const struct mw_model **cand; /* models that support it */
	int n_cand;
	bool all_bcast;                         /* every candidate answers address-0 reads */
	struct scan_reg probe[SCAN_MAX_PROBES]; /* presence probes, all sent to each address */
	int n_probe;
	struct scan_bcast bcast[SCAN_MAX_PROBES];
	int n_bcast;
	/* figures for the bounds */
	unsigned long n_timeouts;
	double tau_sum_s;   /* timeouts waited, at the timeout in force */
	int bad;            /* corrupt replies at this setting */
	int decoded;        /* valid frames at this setting */
	int collisions;     /* addresses with garbled replies only */
	int explained;      /* corrupt replies a finding accounts for */
	bool bcast_unclear; /* an address-0 read got something it could not decode */
	bool settled;       /* --quick: the address-0 read decided this setting */
	bool reported;      /* its end-of-setting report is made */
};

/* A block of addresses swept at every setting before the next block. */
struct scan_block {
	int lo, hi;
};

/* A reply, kept to compute the bound once turnarounds are known. */
struct scan_reply {
	int line;
	int addr;
	int n_bytes; /* request + reply bytes */
	double elapsed_s;
};

/* What one timed read came to. */
enum scan_res { RES_DATA, RES_EXCEPTION, RES_TIMEOUT, RES_BAD, RES_IO };

enum scan_phase { PH_LINE, PH_BCAST, PH_SWEEP, PH_END, PH_DLT, PH_DONE };

/* One line setting of the DL/T645 pass. */
struct scan_dline {
	struct mw_linecfg lc;
	double t_s;               /* one character, seconds */
	unsigned long n_timeouts; /* empty probes */
	double tau_sum_s;         /* timeouts waited */
	unsigned long n_garbled;  /* probes the search took for collisions */
};

/* A DL/T645 reply to a probe, kept for the turnarounds and the bounds. */
struct scan_dreply {
	int line;
	struct dlt645_addr from;
	int n_chars; /* request (with its wake-up bytes) + reply frame */
	double elapsed_s;
};

/* Timed-out addresses remembered for a late reply (scanline.c). */
#define SCAN_RECENT 32

struct mw_scan {
	struct mw_bus *bus;
	const struct mw_catalog *cat; /* = &modbus: the models this scan can find */
	struct mw_catalog modbus;     /* the caller's Modbus models (pointers, not owned) */
	struct mw_scan_opts o;
	struct scan_line *lines;
	int n_lines;
	struct mw_linecfg *plan; /* lines[i].lc, for mw_scan_lines() */
	/* position */
	enum scan_phase phase;
	struct scan_block blocks[4];
	int n_blocks;
	int pass; /* current block of addresses */
	int li;   /* current line */
	int bi;   /* current address-0 probe */
	int addr; /* next address of the sweep */
	/* The last addresses that timed out, newest first, and when each was
	 * asked (mw_scan_now, s): a late reply is looked for among them. */
	int recent_to[SCAN_RECENT];
	double recent_at[SCAN_RECENT];
	int recent_li;  /* the line they were asked at */
	int late_from;  /* a late reply's sender the bus drained (mw_bus_drained), else -1 */
	double late_at; /* when it was seen, s */
	int bcast_from; /* sender of the last address-0 reply */
	int tau_ms;     /* probe timeout at the current line */
	/* results */
	struct mw_scan_dev *dev;
	int n_dev, cap_dev;
	struct mw_scan_event ev[SCAN_MAX_EVENTS];
	int n_ev;
	struct scan_reply *rep;
	size_t n_rep, cap_rep;
	struct mw_scan_stats st;
	double neutral_s; /* identification and quiet waits: counted at cost */
	double t0, t_end;
	double paused_at;   /* mw_scan_now() when paused, 0 when running */
	long total_probes;  /* probes of the whole plan (the progress bar's 100 %) */
	double to_wall_s;   /* wall time of the empty probes (timeouts) so far */
	double line_wall_s; /* wall time of the line changes so far */
	int n_line_changes;
	bool interrupted;
	bool tcp; /* through a TCP gateway (tcp: or rtutcp:) */
	/* the DL/T645 pass (scandlt.c) */
	struct mw_catalog dlt; /* the caller's DL/T645 models (pointers, not owned) */
	struct scan_dline *dlines;
	int n_dlines;
	int dli;                     /* current DL/T645 line */
	bool searching;              /* a search is under way at dlines[dli] */
	struct dlt645_search search; /* the abbreviated-address search */
	struct dlt645_addr probe;    /* address being probed */
	bool dlt_again;              /* it gave garbled bytes once: probed again */
	double dlt_slack_ms;         /* turnaround added after late replies, ms */
	struct scan_dreply *drep;    /* replies to probes */
	size_t n_drep, cap_drep;
	struct mw_scan_dlt_stats dst; /* counters (bounds computed at the end) */
	double dlt_t0;                /* start of the pass, 0 before */
	char err[256];
};

double mw_scan_now(void);

/* scanplan.c */
int mw_scanplan_build(struct mw_scan *s, char *err, size_t errsz);
void mw_scanplan_free(struct mw_scan *s);
/* Per-probe timeout for line li from the turnarounds known so far, ms. */
int mw_scanplan_timeout(const struct mw_scan *s, int li);
/* Timeout for confirmations and identification, ms. */
int mw_scanplan_long_timeout(const struct mw_scan *s, int li);
/* Turnaround of the slowest device measured so far, ms (-1: none). */
double mw_scanplan_tmax(const struct mw_scan *s);

/* scanline.c */
enum scan_res mw_scanline_read(struct mw_scan *s, int addr, const struct scan_reg *r, uint16_t *w,
                               int tau_ms);
/* Probe addr at the current line; adds what it finds.  -1 on port failure. */
int mw_scanline_probe(struct mw_scan *s, int addr);
/* The address-0 read bi of the current line.  -1 on port failure. */
int mw_scanline_bcast(struct mw_scan *s, int bi);
void mw_scanline_event(struct mw_scan *s, enum mw_scan_event_kind k, int addr, int bad, int tries,
                       const char *text);

/* scandlt.c */
/* Plan the DL/T645 pass: its models from cat, its line settings (none
 * when left out).  0. */
int mw_scandlt_plan(struct mw_scan *s, const struct mw_catalog *cat);
/* One step of the DL/T645 pass: 1 more, 0 done, -1 port failure. */
int mw_scandlt_step(struct mw_scan *s);
/* Its figures and its estimate of the time left, s. */
void mw_scandlt_stats(const struct mw_scan *s, struct mw_scan_dlt_stats *out);
double mw_scandlt_left(const struct mw_scan *s);
void mw_scandlt_free(struct mw_scan *s);

#endif
