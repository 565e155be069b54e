/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt645.h - DL/T645-2007 frames and data, as pure functions.
 *
 * A frame on the wire is: optional wake-up bytes FE, 68, address A0..A5
 * (12 BCD digits, lowest byte first), 68, control C, length L, L data
 * bytes each sent +0x33, checksum CS (sum of every byte from the first 68
 * mod 256), 16.  Here a struct dlt645_frame holds the data as it means
 * (0x33 already taken off); dlt645_build() and dlt645_find() do the wire.
 *
 * Multi-byte data go lowest byte first: a DI 0x00010000 is sent
 * 00 00 01 00, the energy XXXXXX.XX 1234.56 is sent 56 34 12 00.  Numbers
 * are BCD with a fixed count of decimals per DI; signed ones carry the
 * sign in the top bit of the highest byte.  Dates and times are BCD pairs
 * named as in the standard, highest first: "YYMMDDWW", "hhmmss",
 * "ssmmhhDDMMYY", "MMDDNN" (a time zone), "hhmmNN" (a daily period).
 *
 * The same layer carries DL/T645-1997 frames (the frame rules are the
 * same): its control codes, 2-byte DIs (DI0 first) and error byte are
 * the DLT645_97_ names below.  Used by the line layer, the simulator and
 * the tests; no I/O.
 */
#ifndef MW_DLT645_H
#define MW_DLT645_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DLT645_DATA_MAX  255                        /* L is one byte */
#define DLT645_FRAME_MAX (4 + 12 + DLT645_DATA_MAX) /* wake-up + frame */
#define DLT645_WAKEUP    4                          /* FE bytes masters usually send */

/* Control codes (function bits D4..D0 of C) of DL/T645-2007. */
enum dlt645_code {
	DLT645_BROADCAST_TIME = 0x08, /* to 99x6, no reply; ssmmhhDDMMYY */
	DLT645_READ = 0x11,           /* DI (+ N blocks) */
	DLT645_READ_NEXT = 0x12,      /* follow-up frame: DI + SEQ */
	DLT645_READ_ADDRESS = 0x13,   /* to AAx6: the one meter answers its address */
	DLT645_WRITE = 0x14,          /* DI, PA P0 P1 P2, C0..C3, data */
	DLT645_WRITE_ADDRESS = 0x15,  /* to AAx6, new address; programming key */
	DLT645_FREEZE = 0x16,
	DLT645_BAUD = 0x17, /* one characteristic byte Z */
	DLT645_PASSWORD = 0x18,
	DLT645_CLEAR_DEMAND = 0x19,
	DLT645_CLEAR_METER = 0x1A,
	DLT645_CLEAR_EVENTS = 0x1B,
	DLT645_CONTROL = 0x1C /* PA P0 P1 P2, C0..C3, N1 N2, valid until */
};

#define DLT645_C_REPLY 0x80 /* D7: sent by the meter */
#define DLT645_C_ERROR 0x40 /* D6: abnormal reply, data = error word */
#define DLT645_C_MORE  0x20 /* D5: follow-up frames exist */
#define DLT645_C_CODE  0x1F

/* Error word of an abnormal reply (bits). */
#define DLT645_ERR_OTHER       0x01
#define DLT645_ERR_NO_DATA     0x02 /* no such data item */
#define DLT645_ERR_PASSWORD    0x04 /* wrong password or not authorised */
#define DLT645_ERR_BAUD        0x08 /* baud rate cannot be changed */
#define DLT645_ERR_YEAR_ZONES  0x10 /* too many time zones */
#define DLT645_ERR_DAY_PERIODS 0x20 /* too many daily periods */
#define DLT645_ERR_TARIFFS     0x40 /* too many tariffs */

/* Data identifiers of DL/T645-2007 that the standard itself gives a meaning
   (the simulator implements them; device files name them as they like). */
#define DLT645_DI_DATE            0x04000101u /* YYMMDDWW */
#define DLT645_DI_TIME            0x04000102u /* hhmmss */
#define DLT645_DI_DATETIME        0x0400010Cu /* YYMMDDWWhhmmss */
#define DLT645_DI_ADDRESS         0x04000401u /* communication address */
#define DLT645_DI_METER_NUMBER    0x04000402u
#define DLT645_DI_STATUS3         0x04000503u /* operation status word */
#define DLT645_DI_CREDIT          0x00900200u /* remaining amount XXXXXX.XX */
#define DLT645_DI_OVERDRAFT       0x00900201u /* overdraft amount XXXXXX.XX */
#define DLT645_DI_ALARM_1         0x04001001u /* alarm amount 1 limit */
#define DLT645_DI_ALARM_2         0x04001002u /* alarm amount 2 limit */
#define DLT645_DI_OVERDRAFT_LIMIT 0x04001003u

/* Bits of status word 3. */
#define DLT645_ST3_PROGRAMMING  0x0008 /* programming allowed (key) */
#define DLT645_ST3_RELAY_OPEN   0x0010 /* relay state: 1 = open */
#define DLT645_ST3_RELAY_CMD    0x0040 /* relay command: 1 = open */
#define DLT645_ST3_PRETRIP      0x0080 /* pre-trip alarm */
#define DLT645_ST3_PREPAID_KWH  0x0100 /* bits 8-9: 01 energy-prepaid */
#define DLT645_ST3_PREPAID_CASH 0x0200 /* 10 money-prepaid */

/* N1 of a control command (0x1C). */
enum dlt645_control_type {
	DLT645_CTL_TRIP = 0x1A,          /* open the relay */
	DLT645_CTL_CLOSE_ALLOWED = 0x1B, /* the customer may close it */
	DLT645_CTL_CLOSE = 0x1C,         /* close directly (later amendments) */
	DLT645_CTL_ALARM = 0x2A,
	DLT645_CTL_ALARM_RELEASE = 0x2B,
	DLT645_CTL_GUARANTEE = 0x3A, /* keep power on whatever the credit */
	DLT645_CTL_GUARANTEE_RELEASE = 0x3B
};

/* A meter address: a[0] = A0 (lowest two digits) .. a[5] = A5, as sent. */
struct dlt645_addr {
	uint8_t a[6];
};

/* One frame, data without the 0x33 offset. */
struct dlt645_frame {
	struct dlt645_addr addr;
	uint8_t ctrl;
	uint8_t len; /* bytes of data */
	uint8_t data[DLT645_DATA_MAX];
};

/* What dlt645_find() saw that was not a good frame. */
enum dlt645_problem {
	DLT645_P_NONE,
	DLT645_P_GARBAGE,  /* bytes that start no frame (FE excluded) */
	DLT645_P_HEADER,   /* a 68 not followed by a second 68 at offset 7 */
	DLT645_P_CHECKSUM, /* CS does not match */
	DLT645_P_END       /* no 16 after CS */
};

/* Where dlt645_find() found a frame, and what it passed over. */
struct dlt645_scan {
	size_t start;                /* offset of the frame's first 68 */
	size_t end;                  /* just past its 16 (frame) or bytes safe to drop (none) */
	size_t wakeup;               /* FE bytes passed over */
	size_t garbage;              /* other bytes passed over (bad frames included) */
	enum dlt645_problem problem; /* first problem met, NONE when clean */
	uint8_t cs_got, cs_want;     /* for DLT645_P_CHECKSUM */
};

/* Build f into out with `wakeup` FE bytes first; bytes written, 0 if outsz is short. */
size_t dlt645_build(const struct dlt645_frame *f, int wakeup, uint8_t *out, size_t outsz);
/*
 * Look for one frame in b[0..n): 1 = found (f filled, s->start/end),
 * 0 = none complete yet (s->end bytes before a possible frame can be
 * dropped).  FE and garbage are skipped; a frame with a bad checksum or
 * end is passed over and named in s->problem.
 */
int dlt645_find(const uint8_t *b, size_t n, struct dlt645_frame *f, struct dlt645_scan *s);
/* Text of a problem, for logs and messages. */
const char *dlt645_problem_text(enum dlt645_problem p);
/* Checksum: sum of n bytes mod 256. */
uint8_t dlt645_checksum(const uint8_t *b, size_t n);

/* Parse 12 digits, highest first ("000000000001"); "AA" pairs are wildcards. 0 or -1. */
int dlt645_addr_parse(const char *s, struct dlt645_addr *a);
/* Format as 12 characters highest first (wildcard bytes as "AA"), out[13]. */
void dlt645_addr_format(const struct dlt645_addr *a, char *out);
/* Every byte 0xAA (read/write address) or every byte 0x99 (broadcast). */
bool dlt645_addr_is_wildcard(const struct dlt645_addr *a);
bool dlt645_addr_is_broadcast(const struct dlt645_addr *a);
/* Does a frame sent to `to` reach the meter at `meter`?  AA bytes match
   any byte (abbreviated addressing); 99x6 reaches everyone. */
bool dlt645_addr_match(const struct dlt645_addr *to, const struct dlt645_addr *meter);
/* The address of a 12-digit number (0..999999999999). */
void dlt645_addr_from_number(uint64_t n, struct dlt645_addr *a);

/* Data identifiers: 4 bytes, DI0 first on the wire. */
void dlt645_di_put(uint32_t di, uint8_t *out);
uint32_t dlt645_di_get(const uint8_t *in);
/* A block DI has FF in a byte; does `di` belong to block `block`? */
bool dlt645_di_in_block(uint32_t block, uint32_t di);
bool dlt645_di_is_block(uint32_t di);

/* Parse a BCD format as the standard writes it ("XXXXXX.XX"): 0 or -1. */
int dlt645_format_parse(const char *s, int *digits, int *decimals);
/*
 * BCD numbers of `digits` digits (even) and `decimals` decimals, lowest
 * byte first; signed: the top bit of the highest byte is the sign.
 * Encode returns the byte count, or -1 if v does not fit.
 */
int dlt645_bcd_encode(double v, int digits, int decimals, bool is_signed, uint8_t *out);
/* Decode; -1 if a nibble is not a decimal digit. */
int dlt645_bcd_decode(const uint8_t *in, int digits, int decimals, bool is_signed, double *v);
/* One BCD byte of 0..99, and back (-1 if not BCD). */
uint8_t dlt645_bcd_byte(int v);
int dlt645_bcd_value(uint8_t b);

/* Date and time fields; unused ones 0.  wday: 0 = Sunday. */
struct dlt645_time {
	int year; /* full year, 2000..2099 */
	int month, day, wday, hour, min, sec;
	int num; /* NN: a tariff or table number */
};
/* Bytes of a time format ("YYMMDDWW": 4), -1 if it is not one. */
int dlt645_time_len(const char *fmt);
/* Encode per fmt, lowest byte (the last pair) first; bytes or -1 if a field is out of range. */
int dlt645_time_encode(const char *fmt, const struct dlt645_time *t, uint8_t *out);
/* Decode; -1 if a byte is not BCD or a field out of range. */
int dlt645_time_decode(const char *fmt, const uint8_t *in, struct dlt645_time *t);

/* Characteristic byte of a baud rate for 0x17 (bit 1 600 .. bit 6 19200), 0 if none. */
uint8_t dlt645_baud_code(int baud);
/* Baud of a characteristic byte with one bit set, 0 if not valid. */
int dlt645_baud_from_code(uint8_t z);

/* Requests.  password: level PA and 6 hex digits "P2P1P0"; operator C3..C0. */
struct dlt645_auth {
	uint8_t level;        /* PA: 02, 04 plain; 98, 99 encrypted (ESAM) */
	uint32_t password;    /* 0xP2P1P0, e.g. 0x123456 */
	uint32_t operator_id; /* 0xC3C2C1C0 */
};
void dlt645_req_read(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di);
void dlt645_req_read_next(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di,
                          uint8_t seq);
void dlt645_req_read_address(struct dlt645_frame *f);
void dlt645_req_write_address(struct dlt645_frame *f, const struct dlt645_addr *new_addr);
/* -1 if the data do not fit one frame. */
int dlt645_req_write(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di,
                     const struct dlt645_auth *auth, const uint8_t *data, size_t n);
/* -1 if the baud has no characteristic bit. */
int dlt645_req_baud(struct dlt645_frame *f, const struct dlt645_addr *a, int baud);
/* -1 if t is not a valid time. */
int dlt645_req_broadcast_time(struct dlt645_frame *f, const struct dlt645_time *t);
/* until: end of validity (ssmmhhDDMMYY). -1 if it is not a valid time. */
int dlt645_req_control(struct dlt645_frame *f, const struct dlt645_addr *a,
                       const struct dlt645_auth *auth, enum dlt645_control_type type,
                       const struct dlt645_time *until);

/*
 * Finding every meter on a line without knowing an address: read address
 * to AAx6; where several answer (a garbled reply), fix the lowest address
 * byte A0 to each of 00..99 in turn (an abbreviated address: the other
 * bytes stay AA) and go one byte deeper wherever meters still collide.
 * The search says which address to probe next and takes what came back.
 */
#define DLT645_SEARCH_MAX 64 /* meters one search records */

enum dlt645_probe_result {
	DLT645_PROBE_NONE,     /* silence */
	DLT645_PROBE_ONE,      /* one valid reply: its address */
	DLT645_PROBE_COLLISION /* garbled: two or more meters */
};

struct dlt645_search {
	int depth;    /* address bytes fixed in the probe, 0..6 */
	int value[6]; /* value of each fixed byte, 0..99 */
	bool done;
	int probes; /* probes sent so far */
	struct dlt645_addr found[DLT645_SEARCH_MAX];
	int n_found;
	int dropped;                /* meters found beyond DLT645_SEARCH_MAX */
	struct dlt645_addr same[8]; /* full addresses two meters share */
	int n_same;
};

void dlt645_search_init(struct dlt645_search *s);
/* The next address to probe; false when the search is over. */
bool dlt645_search_next(struct dlt645_search *s, struct dlt645_addr *probe);
/* What the last probe got (a: the address of a lone valid reply). */
void dlt645_search_result(struct dlt645_search *s, enum dlt645_probe_result r,
                          const struct dlt645_addr *a);

/*
 * DL/T645-1997: the frame of 2007 (68 A0..A5 68 C L DATA+33 CS 16, FE
 * wake-up), other control codes, 2-byte data identifiers sent DI0 first
 * (9010 is sent 10 90) and an error byte of its own.  It has no read
 * address command: a meter is read at its own address.
 */
enum dlt645_97_code {
	DLT645_97_READ = 0x01,           /* DI1 DI0; reply 0x81, error reply 0xC1 */
	DLT645_97_READ_NEXT = 0x02,      /* follow-up data */
	DLT645_97_REREAD = 0x03,         /* read the last reply again */
	DLT645_97_WRITE = 0x04,          /* DI, password, data */
	DLT645_97_BROADCAST_TIME = 0x08, /* as 2007's */
	DLT645_97_WRITE_ADDRESS = 0x0A,
	DLT645_97_BAUD = 0x0C,
	DLT645_97_PASSWORD = 0x0F,
	DLT645_97_CLEAR_DEMAND = 0x10
};

/* Error byte of a DL/T645-1997 abnormal reply (bits). */
#define DLT645_97_ERR_DATA        0x01 /* illegal data */
#define DLT645_97_ERR_DI          0x02 /* wrong data identifier */
#define DLT645_97_ERR_PASSWORD    0x04 /* wrong password or not authorised */
#define DLT645_97_ERR_YEAR_ZONES  0x10 /* too many time zones */
#define DLT645_97_ERR_DAY_PERIODS 0x20 /* too many daily periods */
#define DLT645_97_ERR_TARIFFS     0x40 /* too many tariffs */

/* Data identifiers of DL/T645-1997 that the standard itself gives a meaning. */
#define DLT645_97_DI_ENERGY_IMPORT 0x9010u /* forward active energy, XXXXXX.XX kWh */
#define DLT645_97_DI_ENERGY_EXPORT 0x9020u /* reverse active energy, XXXXXX.XX kWh */
#define DLT645_97_DI_VOLTAGE_A     0xB611u /* XXX V (2 bytes) */
#define DLT645_97_DI_CURRENT_A     0xB621u /* XX.XX A */
#define DLT645_97_DI_POWER         0xB630u /* XX.XXXX kW */
#define DLT645_97_DI_PF            0xB650u /* X.XXX */
#define DLT645_97_DI_DATE          0xC010u /* YYMMDDWW */
#define DLT645_97_DI_TIME          0xC011u /* hhmmss */
#define DLT645_97_DI_METER_NUMBER  0xC032u /* NNNNNNNNNNNN */

/* A 2-byte DI, DI0 first on the wire. */
void dlt645_97_di_put(uint16_t di, uint8_t *out);
uint16_t dlt645_97_di_get(const uint8_t *in);
/* Read data (0x01) of a 2-byte DI from the meter at a. */
void dlt645_97_req_read(struct dlt645_frame *f, const struct dlt645_addr *a, uint16_t di);
/* Is `code` (D4..D0) a request of DL/T645-1997 and not of 2007 (0x01..0x10 but 0x08)? */
bool dlt645_97_code(uint8_t code);
/* The 1997 error byte as text: "wrong data identifier", joined with ", ". */
void dlt645_97_error_text(uint8_t err, char *out, size_t outsz);

/* Timing (DL/T645-2007): a meter answers 20..500 ms after a request. */
#define DLT645_TURNAROUND_MIN_MS 20
#define DLT645_TURNAROUND_MAX_MS 500
/* Characters on the wire of a frame with n data bytes and w wake-up bytes. */
size_t dlt645_frame_chars(size_t n, int w);

/* Replies (as a meter sends them). */
void dlt645_reply(struct dlt645_frame *f, const struct dlt645_addr *a, uint8_t code,
                  const uint8_t *data, size_t n);
void dlt645_reply_error(struct dlt645_frame *f, const struct dlt645_addr *a, uint8_t code,
                        uint8_t err);
/* Is f the normal reply to a request with `code`? The error reply? */
bool dlt645_is_reply(const struct dlt645_frame *f, uint8_t code);
bool dlt645_is_error(const struct dlt645_frame *f, uint8_t code);
/* Error word as text: "no such data item", joined with ", " for several bits. */
void dlt645_error_text(uint8_t err, char *out, size_t outsz);
/* Name of a control type ("trip"), NULL if unknown. */
const char *dlt645_control_name(enum dlt645_control_type t);

#endif
