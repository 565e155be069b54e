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
 */
#ifndef MW_LINK_H
#define MW_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct mw_link;

/* Which kind of descriptor a line owns. */
enum mw_link_kind { MW_LINK_SERIAL, MW_LINK_TCP };

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
/*
 * Receive one frame into buf (at most max bytes): wait up to first_ms for
 * the first byte, then read until want bytes are in (want <= 0: unknown)
 * or no byte comes for gap_ms.  want may be raised while receiving through
 * frame_len.  Returns the byte count (0: nothing came in first_ms), or -1
 * with errno when the port fails (EPIPE when a TCP peer closed).
 */
int mw_link_recv(struct mw_link *l, uint8_t *buf, size_t max, int first_ms, int gap_ms,
                 int (*frame_len)(const uint8_t *p, size_t n, void *arg), void *arg);
/*
 * Read and drop what is pending (stale bytes of a late reply, noise) into
 * buf (when not NULL, up to max bytes are kept); returns the count dropped.
 */
int mw_link_drain(struct mw_link *l, uint8_t *buf, size_t max);

#endif
