/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.h - the one owner of a port's file descriptor: a serial port (termios)
 * or a connected TCP socket, offering raw frames.
 *
 * Who owns the bytes (the decision): a line opens the descriptor, sets the
 * serial settings on it (the same termios libmodbus 3.1.6 sets, so the
 * simulator and real meters see the same line), locks the port, and is the
 * only code that reads or writes it.  Modbus RTU framing (serial and RTU
 * over TCP) is ours, in bus.c, on top of mw_link_send/mw_link_recv: libmodbus
 * reads the descriptor itself and hides the bytes, which a frame trace, echo
 * discard for 2-wire adapters, DL/T645 framing and a passive monitor all
 * need to see.  Modbus TCP (MBAP) keeps libmodbus: bus.c gives a TCP context
 * the line's connected socket through modbus_set_socket (never
 * modbus_connect, so there is no second owner) and sends through
 * modbus_send_raw_request / modbus_receive_confirmation, which return the
 * bytes for the trace.  Nothing calls modbus_flush or tcflush on a socket:
 * mw_link_drain reads stale bytes out instead.
 *
 * The receive path is one function, mw_link_recv: wait up to first_ms for
 * the first byte, then take bytes until `want` bytes are in (when the
 * framing knows the length) or the line stays quiet for gap_ms (the
 * end-of-frame timeout).  Echo discard (read back the bytes just sent
 * before waiting for the reply) and an adapter latency term (added to
 * first_ms by the caller, see timing.h) fit in front of it.
 *
 * Real adapters (issue of USB latency, local echo, RS-485 direction):
 *  - local echo: a 2-wire converter whose receiver stays on hands back every
 *    byte we send.  The first transaction that brings bytes decides:
 *    bytes that begin with the request just sent are its echo
 *    (MW_ECHO_PRESENT), others mean no echo (MW_ECHO_NONE; still checked
 *    on each reply, at the cost of a compare, so a late first echo does not
 *    mislead).  From then on the echo is read back and dropped in
 *    mw_link_recv, before the reply, for every framing (Modbus RTU,
 *    DL/T645); the trace shows it as "echo".  An echo
 *    that differs from the request marks the exchange (mw_link_echo_bad):
 *    the line is noisy.  A request that may be its own reply (Modbus FC05,
 *    FC06) decides nothing unless more bytes follow (mw_link_send_flags).
 *  - latency: a USB chip holds received bytes until its latency timer fires
 *    (FTDI: 16 ms unless lowered).  The timer in force is read from sysfs
 *    (MW_SYSFS_ROOT overrides /sys, for tests), lowered to 1 ms for the
 *    session where the file is writable, and put back on close; otherwise
 *    --latency states it.  The link also measures it: the echo's delay, and
 *    the spread of reply delays per address.  mw_link_adapter() gives the
 *    latency to use (as stated by --latency or sysfs, else as measured),
 *    which callers add
 *    to their safe timeouts (timing.h); the end-of-frame gap gets it here.
 *  - direction: --rts up|down drives RTS while sending, through the
 *    kernel's RS-485 mode (TIOCSRS485) where the driver has it, else by
 *    hand (TIOCMBIS/TIOCMBIC around the write, with --rts-delay before and
 *    after).  A pseudo-terminal has no modem lines: the open fails, saying
 *    so.
 */
#ifndef MW_LINK_H
#define MW_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct mw_link;

/* Which kind of descriptor a line owns. */
enum mw_link_kind { MW_LINK_SERIAL, MW_LINK_TCP };

/* RS-485 direction control by RTS (--rts). */
enum mw_link_rts { MW_RTS_NONE, MW_RTS_UP, MW_RTS_DOWN };

/* Line options of the process (mw_link_parse_opt), for every serial line
 * opened after, as the trace is one per process. */
struct mw_link_opts {
	enum mw_link_rts rts; /* RTS level while sending; NONE: not driven */
	int rts_delay_ms;     /* RTS set this long before and kept after sending, ms */
	double latency_ms;    /* the adapter's latency as stated (--latency), ms; < 0: not */
};

/* Whether the adapter echoes what we send. */
enum mw_link_echo { MW_ECHO_UNKNOWN, MW_ECHO_NONE, MW_ECHO_PRESENT };

/* What a line knows about its adapter. */
struct mw_link_adapter {
	enum mw_link_echo echo;
	unsigned long echoes;      /* echoes read back and dropped */
	unsigned long echo_errors; /* echoes that differed from the request */
	double latency_ms;         /* to add to safe timeouts: stated, else measured, ms */
	double stated_ms;          /* the sysfs timer in force, or --latency; < 0: none, ms */
	double measured_ms;        /* from the echo and reply spread; < 0: none yet, ms */
	int timer_ms;              /* sysfs latency_timer in force; -1: none */
	int timer_found_ms;        /* the timer found at open (put back on close); -1: none */
	char timer_file[300];      /* the sysfs latency_timer file, "" when none */
	char note[300];            /* what was done to the adapter, for the user; "" */
};

/* A request that may come back as its own reply (Modbus FC05, FC06). */
#define MW_LINK_SELF_REPLY 1u

/*
 * Set one line option of the process from the command line: "rts" (up,
 * down or none), "rts-delay" (ms, 0-1000), "latency" (ms, 0-1000).  0, or
 * -1 with a message naming the option and what it takes.
 */
int mw_link_parse_opt(const char *name, const char *arg, char *err, size_t errsz);
/* The root of sysfs: $MW_SYSFS_ROOT or /sys. */
const char *mw_link_sysfs_root(void);
/*
 * The sysfs latency_timer of a USB serial port: by the name as given (a
 * link named ttyUSB0) or the device it resolves to.  Fills file; the
 * timer in ms, or -1 when sysfs has none.
 */
int mw_link_sysfs_timer(const char *path, char *file, size_t sz);

/*
 * Open and lock the serial port PATH at BAUD and FORMAT.  NULL with a
 * message naming the port (and the process that holds it, when busy) in
 * err; *busy is set to 1 when another process holds the port.
 */
struct mw_link *mw_link_open_serial(const char *path, int baud, enum mw_format format, int *busy,
                                    char *err, size_t errsz);
/* Connect to HOST:SERVICE within connect_ms; NULL with a message in err. */
struct mw_link *mw_link_open_tcp(const char *host, const char *service, int connect_ms, char *err,
                                 size_t errsz);
/* Close the descriptor, restore the serial settings found, unlock. */
void mw_link_close(struct mw_link *l);
/* Change the serial settings on the open port (after pending output). */
int mw_link_set_serial(struct mw_link *l, int baud, enum mw_format format, char *err, size_t errsz);
/*
 * Make sure the serial port still holds BAUD and FORMAT (another program,
 * `stty`, or a driver may have changed them under us) and set them again
 * if not: 0 when they held, 1 when they were set again, -1 when they
 * could not be.  One tcgetattr() when they hold; 0 on TCP.
 */
int mw_link_hold_serial(struct mw_link *l, int baud, enum mw_format format);
enum mw_link_kind mw_link_kind(const struct mw_link *l);
int mw_link_fd(const struct mw_link *l);
/* Short name for messages and the trace: "ttyUSB0" or "HOST:PORT". */
const char *mw_link_name(const struct mw_link *l);

/* Write all n bytes; -1 with errno on failure. */
int mw_link_send(struct mw_link *l, const uint8_t *p, size_t n);
/* The same, with MW_LINK_SELF_REPLY when the reply may equal the request. */
int mw_link_send_flags(struct mw_link *l, const uint8_t *p, size_t n, unsigned flags);
/* Whether the last mw_link_recv read back an echo that differed from the request. */
int mw_link_echo_bad(const struct mw_link *l);
/* What the line knows about its adapter (echo, latency). */
void mw_link_adapter(const struct mw_link *l, struct mw_link_adapter *out);
/*
 * Receive one frame into buf (at most max bytes): wait up to first_ms for
 * the first byte, then read until want bytes are in (want <= 0: unknown)
 * or no byte comes for gap_ms (plus the adapter's latency).  want may be
 * raised while receiving through frame_len.  After a send on a line with
 * echo, the echo of the request is read back and dropped first.  Returns the byte count (0: nothing
 * came in first_ms), or -1 with errno when the port fails (EPIPE when a TCP peer closed).
 */
int mw_link_recv(struct mw_link *l, uint8_t *buf, size_t max, int first_ms, int gap_ms,
                 int (*frame_len)(const uint8_t *p, size_t n, void *arg), void *arg);
/*
 * Read and drop what is pending (stale bytes of a late reply, noise) into
 * buf (when not NULL, up to max bytes are kept); returns the count dropped.
 */
int mw_link_drain(struct mw_link *l, uint8_t *buf, size_t max);

#endif
