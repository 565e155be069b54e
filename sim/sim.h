/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim.h - meterwise-sim's shared state: the bus, its devices and their
 * physics, wiring faults and line faults, as a scenario file places them.
 *
 * The simulator is a few small modules around these structs:
 * scenario.c reads the YAML scenario, physics.c turns phasors into
 * measurements, regmap.c turns measurements and settings into registers
 * through the device file and the codec, modbus.c answers requests,
 * line.c owns the pseudo-terminal and the pacing, state.c persists
 * settings, control.c serves the control socket, log.c writes the frame
 * log, main.c ties them together.
 */
#ifndef MW_SIM_H
#define MW_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adapter.h"
#include "dlt645.h"
#include "model.h"

#define SIM_PHASES 3

/* Wiring faults: how the meter is connected, not how the load behaves. */
struct sim_wiring {
	bool ct_reversed[SIM_PHASES]; /* CT S1/S2 swapped on this channel */
	int ct_swap[2];               /* channels whose CTs are swapped; -1 = none */
	bool lost[SIM_PHASES];        /* phase missing: voltage and current 0 */
	bool reverse_sequence;        /* L2 and L3 voltage terminals swapped */
};

/* Line faults, per device or for the whole bus. */
struct sim_faults {
	double crc_error_rate;      /* 0..1: replies sent with a corrupted CRC */
	double drop_rate;           /* 0..1: replies lost on the line */
	double extra_turnaround_ms; /* added to the device's turnaround */
	double garbage_rate;        /* bus only: bursts of random bytes per second */
	int garbage_max;            /* bus only: bytes per burst, at most */
};

/* Slow drift and noise amplitudes of the physics. */
struct sim_wobble {
	double voltage;   /* V */
	double current;   /* A */
	double angle;     /* degrees */
	double frequency; /* Hz */
};

/* The load and supply seen by one meter. */
struct sim_physics {
	double voltage[SIM_PHASES]; /* V RMS, phase to neutral (DC: channel volts) */
	double current[SIM_PHASES]; /* A RMS */
	double angle[SIM_PHASES];   /* degrees, + = current lags voltage */
	double frequency;           /* Hz */
	struct sim_wobble noise;    /* random, each reading, +-amplitude */
	struct sim_wobble drift;    /* slow sine, +-amplitude */
	double drift_period_s;      /* period of the drift, seconds */
};

/* Energy registers kept per channel (L1..L3) and total (index 3). */
enum sim_energy {
	SIM_E_ACTIVE_IMPORT,   /* kWh */
	SIM_E_ACTIVE_EXPORT,   /* kWh */
	SIM_E_REACTIVE_IMPORT, /* kvarh */
	SIM_E_REACTIVE_EXPORT, /* kvarh */
	SIM_E_APPARENT,        /* kVAh */
	SIM_E__COUNT
};

/* One stored register word (settings) or coil. */
struct sim_word {
	enum mw_table table;
	uint16_t reg;
	uint16_t val;
};

/* A fixed text for a string value (serial numbers). */
struct sim_text {
	char *value; /* name of the string value */
	char *text;
};

/* A stored DL/T645 setting: its data bytes as the meter keeps them. */
struct sim_dlt_item {
	const struct mw_setting *s;
	uint8_t data[DLT645_DATA_MAX];
	int len;
};

/* A DL/T645 meter's state beyond the physics (protocol dlt645). */
struct sim_dlt {
	struct dlt645_addr addr; /* address in force */
	bool prepaid;            /* the model reports remaining credit (DI 0x00900200) */
	uint32_t password;       /* 0xP2P1P0, accepted at every level */
	bool key;                /* programming key pressed */
	bool relay_open;         /* relay opened by command (trip) */
	bool guarantee;          /* keep power on whatever the credit */
	bool alarm;              /* alarm command in force */
	double credit;           /* money left; < 0 = overdraft in use */
	double price;            /* money per kWh of forward energy */
	double billed_kwh;       /* forward energy already charged, kWh */
	double cut_s;            /* length of the reminder cut of alarm 2, s */
	double cut_from;         /* sim time the reminder cut began, s */
	bool cut_given;          /* the reminder cut of this alarm was given */
	int pending_baud;        /* change-baud to apply after the reply, 0 = none */
	int frame_max;      /* data bytes per reply frame; longer replies go in follow-up frames */
	uint8_t more[1024]; /* the rest of a long reply, for 0x12 follow-up frames */
	size_t more_len, more_off;
	uint32_t more_di; /* its DI */
	int more_seq;     /* last follow-up frame sent, 0 = the first reply */
	struct sim_dlt_item *items;
	size_t n_items;
};

/* One device on the bus. */
struct sim_device {
	char *id; /* scenario name, unique */
	const struct mw_model *model;
	struct mw_pos pos; /* where the scenario places it */
	int address;       /* line settings in force */
	int baud;
	enum mw_format format;
	unsigned also_formats; /* bit f: a lenient UART also hears format f */
	int turnaround_ms;
	bool attached;     /* connected to the bus */
	bool line_pending; /* settings changed the line: apply after the reply */
	struct sim_physics phys;
	struct sim_wiring wiring;
	struct sim_faults faults;
	double energy[SIM_PHASES + 1][SIM_E__COUNT]; /* L1..L3, total */
	double energy_t;                             /* sim seconds of last accumulation */
	struct sim_word *words;                      /* settings registers and coils */
	size_t n_words;
	struct sim_text *texts;
	size_t n_texts;
	double clock_offset_s; /* meter clock minus host clock, seconds */
	bool supply_off;       /* the meter's relay is open: no load current */
	struct sim_dlt dlt;    /* protocol dlt645 */
};

/* The bus: devices, bus-wide faults, and how fast time runs for energy. */
struct sim_bus {
	struct sim_device *devs;
	size_t n_devs;
	struct sim_faults faults;
	struct sim_adapter adapter; /* the master's USB-RS485 adapter (adapter.h) */
	double time_scale;          /* energy accumulates this many times faster */
	uint64_t seed;              /* random seed; 0 = from the clock */
	struct mw_catalog catalog;
	char *path; /* scenario file */
};

struct timespec;
/* Seconds since the simulator started (monotonic). */
double sim_now(void);
/* CLOCK_MONOTONIC time of sim time t, for clock_nanosleep. */
void sim_time_to_ts(double t, struct timespec *ts);
/* Uniform random number in [0, 1). */
double sim_random(void);
/* Seed the generator. */
void sim_random_seed(uint64_t seed);

/* scenario.c: load FILE; NULL on error with err = "file:line:col: message". */
struct sim_bus *sim_scenario_load(const char *path, const char *devices_dir, char *err,
                                  size_t errsz);
/* Apply one "KEY VALUE" (YAML value) to a device at run time; 0 or -1 + err. */
int sim_scenario_set(struct sim_bus *bus, struct sim_device *d, const char *key, const char *value,
                     char *err, size_t errsz);
void sim_bus_free(struct sim_bus *bus);
struct sim_device *sim_bus_device(struct sim_bus *bus, const char *id);

#endif
