/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.h - find every device on a line: addresses x baud rates x formats,
 * and which model each one is.
 *
 * The scan tries line settings in the order a usual panel is found
 * fastest (each model's factory default, then common settings, then the
 * rest), starts each setting with an address-0 read where a device file
 * says its model answers one, then sweeps the addresses with one short
 * read each.  The per-probe timeout follows the timing model of DESIGN.md:
 * 9t + T_max with a margin, T_max measured on the devices found.  It never
 * writes.  A scan is a state machine: mw_scan_step() does one probe (and
 * what a reply calls for), so a front end can stay responsive; callbacks
 * report devices and events as they are found.  Nothing here prints.
 *
 * After the Modbus pass comes a DL/T645-2007 pass (scandlt.c): at each
 * DL/T645 baud (8E1), a read address (0x13) to the wildcard AAx6; where
 * several meters answer at once, the abbreviated-address search of
 * dlt645.h until every meter is found.  Either pass can be left out
 * (mw_scan_opts.protocols).
 */
#ifndef MW_SCAN_H
#define MW_SCAN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "bus.h"
#include "model.h"

#define MW_SCAN_MAX_LINES 64 /* line settings one scan tries */

/* One device found. */
struct mw_scan_dev {
	int addr;
	struct mw_linecfg line;                /* where it was first found */
	enum mw_format formats[MW_FMT__COUNT]; /* every format it answered at */
	int n_formats;
	const struct mw_model *model; /* NULL: no device file matched */
	char what[256];               /* model name, or what it answered */
	double turnaround_ms;         /* measured: reply time minus line time */
	char cfg_addr[16];            /* its line settings as it reports them, */
	char cfg_baud[16];            /* "" when the model does not say */
	char cfg_format[16];
	double found_s;            /* seconds into the scan */
	enum mw_protocol protocol; /* Modbus: addr; DL/T645: dlt_addr (addr is 0) */
	char dlt_addr[13];         /* DL/T645: the 12-digit address, highest digit first */
};

/* Something worth telling that is not a device. */
enum mw_scan_event_kind {
	MW_SCAN_COLLISION, /* garbled replies at one address: two devices there? */
	MW_SCAN_NOISE,     /* a device answered, but some replies were corrupt */
	MW_SCAN_ACTIVITY,  /* bytes at a setting where no frame decoded */
	MW_SCAN_SLOW,      /* a reply came after the timeout: timeout raised */
	MW_SCAN_BROADCAST  /* several devices answered an address-0 read */
};

struct mw_scan_event {
	enum mw_scan_event_kind kind;
	int addr; /* 0 when about a whole setting */
	struct mw_linecfg line;
	int bad;   /* corrupt replies seen */
	int tries; /* requests they came from */
	char text[256];
};

/* Where the scan is, for a progress line. */
struct mw_scan_progress {
	int line_index; /* 0-based, of n_lines */
	int n_lines;
	struct mw_linecfg line;
	int addr;         /* address being probed (0: address-0 probe) */
	int found;        /* devices so far */
	int timeout_ms;   /* per-probe timeout in use */
	double elapsed_s; /* pauses (mw_scan_pause) left out */
	/* estimate: the rest of the plan with no more replies, each probe left
	 * at its timeout tau (timing.h) plus the overhead measured per empty
	 * probe so far, and each setting left at the measured cost of a line
	 * change; identification of devices still to be found is not counted */
	double left_s;
	double frac; /* probes done of the whole plan (every block, every setting), 0..1 */
	enum mw_protocol protocol; /* the pass under way */
	char dlt_probe[13];        /* DL/T645: address probed ("AA" wildcards), else "" */
};

/*
 * Figures of the DL/T645 pass.  Bounds: the timeouts waited (each
 * N_empty * tau) plus, for each reply, its frames at the line rate and the
 * meter's shortest measured turnaround ((q + r)t + T: q = 16 characters of
 * a read address with its wake-up bytes, r = the reply's frame; a meter's
 * own wake-up bytes count in its turnaround); garbled probes (collisions),
 * the wait for a second meter after a reply to an abbreviated address,
 * and identification counted as taken.  The physical bound waits
 * (q + 1)t + T_max per empty probe instead, T_max the slowest turnaround
 * measured at that setting, else at any, else (no meter answered) the
 * standard's 500 ms.
 */
struct mw_scan_dlt_stats {
	unsigned long probes, replies, timeouts, corrupt; /* read-address probes */
	unsigned long id_requests;                        /* identification reads */
	int settings;                                     /* line settings searched */
	double elapsed_s;                                 /* wall time of the pass */
	double bound_s;                                   /* at the timeouts used */
	double phys_bound_s;                              /* empty probes at (q + 1)t + T_max */
	double t_max_ms;                                  /* slowest turnaround measured; -1 none */
	double at_cost_s; /* collisions and identification, in both bounds as taken */
};

/* Figures for --stats (DESIGN.md, timing model). */
struct mw_scan_stats {
	unsigned long requests, replies, timeouts, corrupt;
	double elapsed_s;    /* wall time of the probes */
	double bound_s;      /* N_empty*tau + sum over replies (8t + T + (5+2n)t) */
	double phys_bound_s; /* the same with tau = 9t + T_max */
	int lines_done;      /* settings tried */
	double t_max_ms;     /* slowest turnaround measured */
	double at_cost_s;    /* identification and quiet waits, in both bounds as taken */
	/* the USB adapter (serial ports only) */
	double adapter_ms; /* its latency L, in the timeouts and the physical bound, ms */
	char adapter[120]; /* where L comes from and whether it echoes, for people; "" */
	bool adapter_echo; /* it hands our requests back (dropped on the line layer) */
	/* The figures above are the Modbus pass's (elapsed_s its wall time);
	   the DL/T645 pass has its own. */
	double total_s; /* wall time of the whole scan */
	struct mw_scan_dlt_stats dlt;
};

/* Protocols a scan looks for (mw_scan_opts.protocols). */
#define MW_SCAN_MODBUS 1u
#define MW_SCAN_DLT645 2u

struct mw_scan_opts {
	const struct mw_linecfg *lines; /* settings to try; NULL: from the catalogue */
	size_t n_lines;
	const int *bauds; /* restrict to these bauds (NULL: the catalogue's union) */
	size_t n_bauds;
	const enum mw_format *formats; /* restrict to these formats (NULL: union) */
	size_t n_formats;
	int addr_min, addr_max; /* 0, 0: 1..247 */
	int timeout_min_ms;     /* adaptive timeout bounds; 0 = 1 ms */
	int timeout_max_ms;     /* 0 = 1000 ms; min == max: fixed timeout */
	int expect;             /* stop after this many devices; 0 = all */
	bool quick;         /* trust address-0 probes where every model of a setting answers them */
	bool exhaustive;    /* no address-0 probes, no early stop: every address at every setting */
	bool no_identify;   /* just presence (benchmarks) */
	unsigned protocols; /* MW_SCAN_MODBUS | MW_SCAN_DLT645; 0: both.  The DL/T645
	                       pass takes bauds and formats (DL/T645's 8E1 among them)
	                       but neither the address range nor the timeout */
	/* Callbacks (may be NULL). */
	void (*on_found)(void *ctx, const struct mw_scan_dev *d);
	void (*on_event)(void *ctx, const struct mw_scan_event *e);
	void *ctx;
};

struct mw_scan;

/*
 * Plan a scan.  NULL with err when the options leave nothing to try.  The
 * scan sets the bus's timeouts and retries (one try) and its line settings
 * as it goes; a caller that goes on using the bus sets its own again.
 */
struct mw_scan *mw_scan_new(struct mw_bus *b, const struct mw_catalog *cat,
                            const struct mw_scan_opts *o, char *err, size_t errsz);
/*
 * One step: a probe and what its answer calls for (identification,
 * confirmation).  1: more to do; 0: finished; -1: the port failed
 * (mw_scan_error()).  Never writes.
 */
int mw_scan_step(struct mw_scan *s);
/* Steps until done or *stop becomes non-zero (stop may be NULL). */
int mw_scan_run(struct mw_scan *s, volatile sig_atomic_t *stop);
/* Stop after n devices (0: the whole plan), from now on. */
void mw_scan_set_expect(struct mw_scan *s, int n);
/* Pause (the line is lent to someone else) or resume; paused time is left
 * out of the elapsed time and the estimate's measurements. */
void mw_scan_pause(struct mw_scan *s, bool paused);
/* Mark the scan stopped by the user; what was found stays. */
void mw_scan_interrupt(struct mw_scan *s);
bool mw_scan_interrupted(const struct mw_scan *s);
const char *mw_scan_error(const struct mw_scan *s);

void mw_scan_progress(const struct mw_scan *s, struct mw_scan_progress *p);
void mw_scan_stats(const struct mw_scan *s, struct mw_scan_stats *out);
/* The line settings planned, in order. */
const struct mw_linecfg *mw_scan_lines(const struct mw_scan *s, int *n);

const struct mw_scan_dev *mw_scan_devices(const struct mw_scan *s, int *n);
const struct mw_scan_event *mw_scan_events(const struct mw_scan *s, int *n);
void mw_scan_free(struct mw_scan *s);

#endif
