/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model.h - the in-memory form of one device file (devices/NAME.yaml).
 *
 * A model says, in data, everything meterwise knows about one meter:
 * how to recognise it, its line settings, the values it reports, the
 * settings it accepts, the actions it performs and the gaps its manual
 * leaves open.  The loader (devload.c) fills these structs; the codec
 * (codec.c) turns registers into values and settings into registers; the
 * planner (plan.c) groups reads.  No C code names a model.
 */
#ifndef MW_MODEL_H
#define MW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Register tables, named for the function code that reads them. */
enum mw_table {
	MW_TABLE_HOLDING, /* FC03 read, FC06/FC16 write */
	MW_TABLE_INPUT,   /* FC04 read */
	MW_TABLE_COIL,    /* FC01 read, FC05 write */
	MW_TABLE_DISCRETE /* FC02 read */
};

/* Value types; the codec knows how many registers each takes. */
enum mw_type {
	MW_T_U16,
	MW_T_S16,
	MW_T_U32,
	MW_T_S32,
	MW_T_FLOAT32,
	MW_T_STRING,   /* `length` bytes, high byte of each word first */
	MW_T_BITS,     /* u16 word of named flag bits */
	MW_T_BOOL,     /* a coil or discrete input */
	MW_T_DATETIME, /* meter clock, see struct mw_datetime */
	MW_T_SCHEDULE  /* daily tariff periods, see struct mw_schedule */
};

/* Order of the two 16-bit words of a 32-bit value. */
enum mw_word_order { MW_WORDS_HIGH_FIRST, MW_WORDS_LOW_FIRST };
/* Order of the two bytes inside each 16-bit word. */
enum mw_byte_order { MW_BYTES_HIGH_FIRST, MW_BYTES_LOW_FIRST };

/* Where a value belongs on a per-phase table. */
enum mw_phase {
	MW_PHASE_NONE,
	MW_PHASE_L1,
	MW_PHASE_L2,
	MW_PHASE_L3,
	MW_PHASE_TOTAL,
	MW_PHASE_L12, /* line-to-line values */
	MW_PHASE_L23,
	MW_PHASE_L31,
	MW_PHASE_C1, /* channels of meters that are not three-phase */
	MW_PHASE_C2
};

/*
 * What a value measures, so the simulator, the dashboard and the wiring
 * diagnostics can find "L2 active power" on any model.  Spelled in
 * device files as the lower-case name after MW_Q_ (e.g. active_power).
 */
enum mw_quantity {
	MW_Q_NONE, /* identification, versions, anything not physical */
	MW_Q_VOLTAGE,
	MW_Q_LINE_VOLTAGE,
	MW_Q_CURRENT,
	MW_Q_ACTIVE_POWER,
	MW_Q_REACTIVE_POWER,
	MW_Q_APPARENT_POWER,
	MW_Q_POWER_FACTOR,
	MW_Q_FREQUENCY,
	MW_Q_ACTIVE_ENERGY, /* net or combined, as the manual says */
	MW_Q_ACTIVE_ENERGY_IMPORT,
	MW_Q_ACTIVE_ENERGY_EXPORT,
	MW_Q_REACTIVE_ENERGY,
	MW_Q_REACTIVE_ENERGY_IMPORT,
	MW_Q_REACTIVE_ENERGY_EXPORT,
	MW_Q_APPARENT_ENERGY,
	MW_Q_APPARENT_DEMAND,
	MW_Q_DIRECTION, /* a bits word of direction flags */
	MW_Q_ALARM,     /* a bits word of alarm flags */
	MW_Q_STATUS,    /* other status words */
	MW_Q__COUNT
};

/* What one flag bit of a `bits` value means (for the sim and diagnostics). */
enum mw_flag_meaning {
	MW_F_NONE,
	MW_F_REVERSE_ACTIVE,   /* active power of `phase` flows backwards */
	MW_F_REVERSE_REACTIVE, /* reactive power of `phase` is negative */
	MW_F_OVERVOLTAGE,      /* voltage of `phase` above the limit setting */
	MW_F_OVERCURRENT,      /* current of `phase` above the limit setting */
	MW_F_REVERSE_SEQUENCE, /* phase sequence L1-L3-L2 */
	MW_F__COUNT
};

/* The protocol a meter speaks (device file `protocol:`; Modbus by default). */
enum mw_protocol { MW_PROTO_MODBUS, MW_PROTO_DLT645 };

/* How a DL/T645 data item is laid out (values and settings with `di:`). */
enum mw_dlt_type {
	MW_DLT_BCD,     /* number: `format` XXXXXX.XX, sign in the top bit if signed */
	MW_DLT_BITS,    /* status word: binary, low byte first, named flag bits */
	MW_DLT_TIME,    /* BCD pairs per `format`, e.g. YYMMDDWW, hhmmss */
	MW_DLT_TABLE,   /* `count` entries of `format`: periods hhmmNN, zones MMDDNN */
	MW_DLT_ADDRESS, /* 12 BCD digits: communication address, meter number */
	MW_DLT_ASCII    /* `length` bytes of text, last character first */
};

/* How a DL/T645 setting is written, when not by 0x14 write data. */
enum mw_dlt_command {
	MW_DLT_CMD_WRITE,   /* 0x14 with DI and password */
	MW_DLT_CMD_ADDRESS, /* 0x15 write address (programming key) */
	MW_DLT_CMD_BAUD,    /* 0x17 change baud: the choice's raw is the characteristic byte */
	MW_DLT_CMD_TIME     /* 0x08 broadcast time (no reply, no password) */
};

/* DL/T645 addressing and format of one value, setting or action. */
struct mw_dlt {
	uint32_t di; /* data identifier DI3..DI0 (0 for commands without one) */
	enum mw_dlt_type type;
	int digits, decimals; /* MW_DLT_BCD */
	bool is_signed;       /* MW_DLT_BCD: top bit of the highest byte */
	char format[24];      /* as written: "XXX.XXX", "YYMMDDWW", "hhmmNN" */
	int count;            /* MW_DLT_TABLE: entries, e.g. 14 periods */
	int length;           /* bytes of data on the wire */
	uint32_t block;       /* a block DI (with FF) this item is read in, 0 = none */
	int password;         /* settings/actions: password level PA needed, -1 = none */
	bool programming_key; /* the meter's programming key must be pressed */
	enum mw_dlt_command command;
	uint8_t control; /* actions: N1 of control command 0x1C (0x1A trip, ...) */
};

/* Source position in a device file, for messages. */
struct mw_pos {
	int line; /* 1-based */
	int col;  /* 1-based */
};

/* One named bit of a `bits` value. */
struct mw_flag {
	char *name;  /* e.g. reverse_active_l2 */
	char *label; /* e.g. "L2 active power reverse" */
	int bit;     /* 0..15 */
	enum mw_flag_meaning meaning;
	enum mw_phase phase;
	bool alarm; /* highlight when set */
	struct mw_pos pos;
};

/* One choice of an enumeration: the raw field value and its name. */
struct mw_choice {
	uint32_t raw; /* value stored in the field */
	char *name;   /* e.g. "9600" or "8E1" */
};

/*
 * A bit field inside a register word: packed settings such as the
 * JSY-MK-333's address (bits 15-8), format (7-6) and baud (3-0) of 0x0004.
 * lo = 0, hi = 15 means the whole word.
 */
struct mw_field {
	int lo; /* lowest bit, 0..15 */
	int hi; /* highest bit, lo..15 */
};

/* The sign of a value taken from a flag bit of another value. */
struct mw_sign_from {
	char *value; /* name of the bits value holding the flag */
	int bit;     /* bit that means "negative" when set */
	int index;   /* index of that value in model->values, set by loader */
};

/* Read-only value the meter reports. */
struct mw_value {
	char *name;  /* identifier: lower case, digits, '_' */
	char *label; /* human text */
	enum mw_table table;
	uint16_t reg; /* first register (or coil) */
	enum mw_type type;
	int length; /* bytes, for MW_T_STRING */
	enum mw_word_order word_order;
	enum mw_byte_order byte_order;
	double scale; /* value = raw * scale */
	char *unit;   /* "V", "A", "W", "var", "VA", "kWh", "Hz", "" ... */
	enum mw_phase phase;
	char *group; /* voltage, current, power, energy, tariff, status, ... */
	enum mw_quantity quantity;
	int tariff;               /* 0 = all tariffs, 1..4 = one tariff */
	int month;                /* 0 = current, 1..12 = months/settlement days back */
	struct mw_sign_from sign; /* sign.value == NULL: sign as encoded */
	struct mw_flag *flags;    /* for MW_T_BITS */
	size_t n_flags;
	double sim_fixed;  /* value a simulator reports; NaN = from physics */
	bool identity;     /* `identity: true`: tells one meter of the model from another
	                      (a serial number); the check after a line change reads it */
	char *note;        /* remark on an erratum or ambiguity, may be NULL */
	struct mw_dlt dlt; /* protocol dlt645: DI and data format */
	struct mw_pos pos;
};

/* What a setting does to the line when written. */
enum mw_line_role { MW_LINE_NONE, MW_LINE_ADDRESS, MW_LINE_BAUD, MW_LINE_FORMAT };

/* One period of a daily tariff schedule as stored: field positions. */
struct mw_schedule {
	int periods;          /* periods per day, e.g. 8 */
	int tariffs;          /* tariffs, e.g. 4 */
	int words_per_period; /* registers each period takes */
	struct mw_field hour; /* field positions within a period */
	int hour_word;        /* word index within the period */
	struct mw_field minute;
	int minute_word;
	struct mw_field tariff;
	int tariff_word;
};

/* Encodings of a meter clock. */
enum mw_dt_encoding { MW_DT_BINARY, MW_DT_BCD };

/* A date-time value: one byte per field, in `order`, packed two a word. */
struct mw_datetime {
	enum mw_dt_encoding encoding;
	int year_base; /* stored year = year - year_base, e.g. 2000 */
	char order[8]; /* field letters: Y M D h m s (w = weekday) */
	int n_fields;  /* strlen(order) */
};

/* A writable setting. */
struct mw_setting {
	char *name;
	char *label;
	enum mw_table table; /* holding or coil */
	uint16_t reg;
	enum mw_type type; /* u16, s16, u32, s32, float32, bool, datetime, schedule */
	enum mw_word_order word_order;
	enum mw_byte_order byte_order;
	struct mw_field field; /* packed field within reg; {0,15} = whole word */
	double scale;          /* engineering value = raw * scale */
	char *unit;
	bool has_range;
	double min, max;           /* engineering units, when has_range */
	struct mw_choice *choices; /* enumeration, when n_choices > 0 */
	size_t n_choices;
	enum mw_line_role line_role;
	enum mw_flag_meaning limit_for; /* `limit:` the alarm flag this setting's value drives */
	bool needs_unlock;              /* write the model's unlock first */
	bool write_only;                /* the meter does not read it back */
	bool secret;                    /* never journal or print the value (passwords) */
	char *default_text;             /* factory default as text, may be NULL */
	struct mw_schedule schedule;
	struct mw_datetime datetime;
	char *gap; /* non-NULL: the manual is silent; this says what is missing */
	char *note;
	struct mw_dlt dlt; /* protocol dlt645: DI, format, password level, command */
	struct mw_pos pos;
};

/* What an action does to the meter, for the simulator and the journal. */
enum mw_effect {
	MW_EFFECT_NONE,
	MW_EFFECT_CLEAR_ENERGY, /* zeroes the energy counters */
	MW_EFFECT_RELAY_OPEN,   /* opens the load relay (DL/T645 trip) */
	MW_EFFECT_RELAY_CLOSE   /* closes it or allows closing */
};

/* How much confirmation an action needs before it is sent. */
enum mw_confirm {
	MW_CONFIRM_NONE,
	MW_CONFIRM_YES,    /* y/n */
	MW_CONFIRM_ADDRESS /* type the device address: destroys data */
};

/* A command: clear energy, relay on/off, forced power... */
struct mw_action {
	char *name;
	char *label;
	enum mw_table table; /* holding (FC16/06) or coil (FC05) */
	uint16_t reg;
	uint16_t *words; /* register values to write; coil: words[0] 0 or 1 */
	size_t n_words;
	bool has_param; /* one more word supplied by the user */
	char *param_label;
	double param_min, param_max;
	enum mw_confirm confirm;
	enum mw_effect effect; /* `effect:`, MW_EFFECT_NONE when not stated */
	bool needs_unlock;
	char *gap;
	char *note;
	struct mw_dlt dlt; /* protocol dlt645: control type (N1) and password level */
	struct mw_pos pos;
};

/* An identification probe: read one value and test it. */
struct mw_probe {
	enum mw_table table;
	uint16_t reg;
	enum mw_type type; /* u16, u32, float32 */
	enum mw_word_order word_order;
	bool has_equals;
	uint32_t equals; /* raw integer compare (u16/u32) */
	bool has_range;
	double min, max; /* decoded compare (float32 or scaled ints) */
	double scale;
	struct mw_pos pos;
};

/* Serial formats meterwise can set: data 8 bits always. */
enum mw_format { MW_FMT_8N1, MW_FMT_8E1, MW_FMT_8O1, MW_FMT_8N2, MW_FMT__COUNT };

/* Line: what the meter supports and how it leaves the factory. */
struct mw_line {
	int *bauds; /* supported baud rates */
	size_t n_bauds;
	enum mw_format *formats;
	size_t n_formats;
	int default_baud;
	enum mw_format default_format;
	int default_address;
	int addr_min, addr_max; /* settable unicast range, e.g. 1..247 */
	int write_fc;           /* 6 or 16: function code for register writes */
	int *fcs;               /* function codes the meter supports */
	size_t n_fcs;
	bool broadcast_read; /* answers reads sent to address 0 */
	bool exceptions;     /* answers errors with exception frames */
	int turnaround_ms;   /* typical turnaround, for the simulator */
	int max_read;        /* registers per read request, <= 125 */
	bool bridge_gaps;    /* reads may span unmapped registers */
	/* protocol dlt645 */
	char dlt_address[13]; /* factory address, 12 digits */
	int wakeup;           /* FE bytes sent before a request */
};

/* A stated gap: what the manual leaves open. */
struct mw_gap {
	char *what;
	char *note;
	struct mw_pos pos;
};

/* Unlock (password) sequence, when the meter needs one. */
struct mw_unlock {
	bool present;
	char *setting; /* name of the password setting */
	uint16_t reg;
	char *note;
	struct mw_pos pos;
};

/* Shape of the dashboard: three-phase AC or a list of DC channels. */
enum mw_kind { MW_KIND_AC3, MW_KIND_DC, MW_KIND_AC1 };

/* One device file. */
struct mw_model {
	char *id;   /* file stem, e.g. "jsy-mk-333" */
	char *name; /* e.g. "JSY-MK-333" */
	char *vendor;
	char *manual; /* manual reference */
	char *path;   /* file it was loaded from */
	enum mw_protocol protocol;
	enum mw_kind kind;
	int channels;            /* DC: number of circuits */
	struct mw_probe *probes; /* all must pass */
	size_t n_probes;
	struct mw_line line;
	struct mw_unlock unlock;
	struct mw_value *values;
	size_t n_values;
	struct mw_setting *settings;
	size_t n_settings;
	struct mw_action *actions;
	size_t n_actions;
	struct mw_gap *gaps;
	size_t n_gaps;
	/* protocol dlt645: identification */
	bool dlt_id_address;  /* the meter answers read address (0x13) */
	uint32_t dlt_id_di;   /* DI of the meter number, 0 = none */
	bool dlt_id_di_match; /* the meter number equals the address */
	bool dlt_1997;        /* `protocol: dlt645-1997`: 1997's control codes, 2-byte DIs */
};

/* A set of loaded models. */
struct mw_catalog {
	struct mw_model **models;
	size_t n_models;
};

const char *mw_format_name(enum mw_format f);
/* Parse "8N1" etc.; returns -1 if unknown. */
int mw_format_parse(const char *s);
/* Bits per character on the line: 10 for 8N1, 11 for the others. */
int mw_format_bits(enum mw_format f);
const char *mw_phase_name(enum mw_phase p);
const char *mw_quantity_name(enum mw_quantity q);
const char *mw_type_name(enum mw_type t);
/* "modbus" or "dlt645". */
const char *mw_protocol_name(enum mw_protocol p);
/* The model's protocol as device files name it: "modbus", "dlt645" or
   "dlt645-1997". */
const char *mw_model_protocol_name(const struct mw_model *m);
/* "ac3", "ac1" or "dc". */
const char *mw_kind_name(enum mw_kind k);

const struct mw_value *mw_model_value(const struct mw_model *m, const char *name);
const struct mw_setting *mw_model_setting(const struct mw_model *m, const char *name);
const struct mw_action *mw_model_action(const struct mw_model *m, const char *name);
/* First value with this quantity and phase (tariff 0, month 0), or NULL. */
const struct mw_value *mw_model_find(const struct mw_model *m, enum mw_quantity q, enum mw_phase p);
/* The setting with this line role, or NULL. */
const struct mw_setting *mw_model_line_setting(const struct mw_model *m, enum mw_line_role r);
const struct mw_model *mw_catalog_find(const struct mw_catalog *c, const char *id);

void mw_model_free(struct mw_model *m);
void mw_catalog_free(struct mw_catalog *c);

#endif
