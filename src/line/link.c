/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.c - the one owner of a port's descriptor (see link.h): open a serial
 * port with libmodbus's termios or connect a TCP socket, send bytes,
 * receive a frame with a first-byte and an end-of-frame timeout, drain.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LINUX_SERIAL_H
#include <linux/serial.h>
#endif

#include "i18n.h"
#include "link.h"
#include "lock.h"
#include "xalloc.h"

struct mw_link {
	enum mw_link_kind kind;
	int fd;
	char name[240];       /* basename of the path, or HOST:PORT */
	char path[256];       /* the serial port as given */
	struct termios saved; /* the settings found, restored on close */
	int have_saved;
	struct mw_lock *lock; /* NULL for TCP */
};

static void set_err(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The termios speed for a baud rate; 0 when the system has none. */
static speed_t baud_speed(int baud)
{
	static const struct {
		int baud;
		speed_t sp;
	} tab[] = {
	    {50, B50},           {75, B75},         {110, B110},     {134, B134},
	    {150, B150},         {200, B200},       {300, B300},     {600, B600},
	    {1200, B1200},       {1800, B1800},     {2400, B2400},   {4800, B4800},
	    {9600, B9600},       {19200, B19200},   {38400, B38400}, {57600, B57600},
	    {115200, B115200},   {230400, B230400},
#ifdef B460800
	    {460800, B460800},
#endif
#ifdef B500000
	    {500000, B500000},
#endif
#ifdef B921600
	    {921600, B921600},
#endif
#ifdef B1000000
	    {1000000, B1000000},
#endif
	};

	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (tab[i].baud == baud)
			return tab[i].sp;
	return 0;
}

/*
 * The termios libmodbus 3.1.6 sets for RTU (raw, 8 data bits, parity with
 * INPCK, no flow control), so that the simulator, which tells formats apart
 * by PARODD, CSTOPB and INPCK on its pty, sees what it sees from libmodbus.
 */
static int make_termios(struct termios *t, int baud, enum mw_format format)
{
	speed_t sp = baud_speed(baud);

	if (!sp)
		return -1;
	memset(t, 0, sizeof *t);
	cfsetispeed(t, sp);
	cfsetospeed(t, sp);
	t->c_cflag |= CREAD | CLOCAL | CS8;
	if (format == MW_FMT_8N2)
		t->c_cflag |= CSTOPB;
	if (format == MW_FMT_8E1)
		t->c_cflag |= PARENB;
	else if (format == MW_FMT_8O1)
		t->c_cflag |= PARENB | PARODD;
	if (format == MW_FMT_8E1 || format == MW_FMT_8O1)
		t->c_iflag |= INPCK;
	t->c_cc[VMIN] = 0;
	t->c_cc[VTIME] = 0;
	return 0;
}

/* Ask the kernel for low latency on USB serial adapters; ptys refuse it. */
static void low_latency(int fd)
{
#if defined(HAVE_LINUX_SERIAL_H) && defined(ASYNC_LOW_LATENCY)
	struct serial_struct ss;

	if (ioctl(fd, TIOCGSERIAL, &ss) < 0 || (ss.flags & ASYNC_LOW_LATENCY))
		return;
	ss.flags |= ASYNC_LOW_LATENCY;
	(void)ioctl(fd, TIOCSSERIAL, &ss);
#else
	(void)fd;
#endif
}

/*
 * Does the port hold t in everything that decides what goes on the wire:
 * speed, character size, stop bits, parity, raw input and output?  A
 * pseudo-terminal drops PARENB (parity shows only as INPCK and PARODD),
 * so parity is compared as "PARENB or INPCK".
 */
static int termios_holds(int fd, const struct termios *t)
{
	const tcflag_t cf = CSIZE | CSTOPB | PARODD;
	const tcflag_t lf = ICANON | ECHO | ISIG | IEXTEN;
	const tcflag_t inf = INPCK | IXON | IXOFF | ICRNL | INLCR | IGNCR | ISTRIP | PARMRK;
	struct termios c;

	if (tcgetattr(fd, &c) < 0)
		return 0;
	return cfgetospeed(&c) == cfgetospeed(t) && cfgetispeed(&c) == cfgetispeed(t) &&
	       (c.c_cflag & cf) == (t->c_cflag & cf) &&
	       !((c.c_cflag & PARENB) || (c.c_iflag & INPCK)) ==
	           !((t->c_cflag & PARENB) || (t->c_iflag & INPCK)) &&
	       (c.c_iflag & inf) == (t->c_iflag & inf) && (c.c_lflag & lf) == (t->c_lflag & lf) &&
	       (c.c_oflag & OPOST) == (t->c_oflag & OPOST) && c.c_cc[VMIN] == t->c_cc[VMIN] &&
	       c.c_cc[VTIME] == t->c_cc[VTIME];
}

/*
 * Apply settings, unless the port holds them already.  On a
 * pseudo-terminal tcsetattr() fails with EINVAL when the port holds the
 * requested settings minus PARENB (measured on Linux 6.18, glibc 2.36: any
 * second request of the same even or odd parity); that is no failure.
 * (This once went through a neutral 9600 8N1 state and back, which could
 * leave the port at 9600 8N1 while the bus believed otherwise.)
 */
static int apply_termios(int fd, const struct termios *t, int when)
{
	int rc;

	if (termios_holds(fd, t))
		return 0;
	while ((rc = tcsetattr(fd, when, t)) < 0 && errno == EINTR)
		;
	if (rc == 0)
		return 0;
	if (errno == EINVAL && termios_holds(fd, t))
		return 0;
	return -1;
}

/* Message for a failed open of a serial port. */
static void open_error(const char *path, int e, char *err, size_t errsz)
{
	switch (e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		set_err(err, errsz,
		        _("%s: no such serial port; list the ports with `meterwise ports`"), path);
		break;
	case EACCES:
	case EPERM:
		set_err(err, errsz,
		        _("%s: permission denied; add yourself to the dialout group "
		          "(sudo usermod -aG dialout $USER), then log out and in"),
		        path);
		break;
	case EBUSY:
		set_err(err, errsz,
		        _("%s: the port is busy; another program is using it (close it and retry)"),
		        path);
		break;
	default:
		set_err(err, errsz, _("%s: cannot open: %s"), path, strerror(e));
	}
}

struct mw_link *mw_link_open_serial(const char *path, int baud, enum mw_format format, int *busy,
                                    char *err, size_t errsz)
{
	struct mw_link *l;
	struct termios t;
	const char *slash = strrchr(path, '/');

	if (busy)
		*busy = 0;
	if (make_termios(&t, baud, format) < 0) {
		set_err(err, errsz, _("%s: baud rate %d is not supported by this system"), path,
		        baud);
		return NULL;
	}
	l = mw_xcalloc(1, sizeof *l);
	l->kind = MW_LINK_SERIAL;
	snprintf(l->path, sizeof l->path, "%s", path);
	snprintf(l->name, sizeof l->name, "%s", slash ? slash + 1 : path);
	l->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (l->fd < 0) {
		open_error(path, errno, err, errsz);
		free(l);
		return NULL;
	}
	if (mw_lock_acquire(path, l->fd, &l->lock, err, errsz) < 0) {
		if (busy)
			*busy = 1;
		close(l->fd);
		free(l);
		return NULL;
	}
	l->have_saved = tcgetattr(l->fd, &l->saved) == 0;
	if (apply_termios(l->fd, &t, TCSANOW) < 0) {
		set_err(err, errsz, _("%s: cannot set the line to %d %s: %s"), path, baud,
		        mw_format_name(format), strerror(errno));
		mw_lock_release(l->lock);
		close(l->fd);
		free(l);
		return NULL;
	}
	low_latency(l->fd);
	(void)tcflush(l->fd, TCIOFLUSH);
	return l;
}

int mw_link_set_serial(struct mw_link *l, int baud, enum mw_format format, char *err, size_t errsz)
{
	struct termios t;

	if (l->kind != MW_LINK_SERIAL)
		return 0;
	if (make_termios(&t, baud, format) < 0) {
		set_err(err, errsz, _("%s: baud rate %d is not supported by this system"), l->path,
		        baud);
		return -1;
	}
	if (apply_termios(l->fd, &t, TCSADRAIN) < 0) {
		set_err(err, errsz, _("%s: cannot set the line to %d %s: %s"), l->path, baud,
		        mw_format_name(format), strerror(errno));
		return -1;
	}
	return 0;
}

int mw_link_hold_serial(struct mw_link *l, int baud, enum mw_format format)
{
	struct termios t;

	if (l->kind != MW_LINK_SERIAL || make_termios(&t, baud, format) < 0 ||
	    termios_holds(l->fd, &t))
		return 0;
	return apply_termios(l->fd, &t, TCSANOW) == 0 ? 1 : -1;
}

/* Wait until fd is writable or connected, up to ms; 0, or -1 with errno. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = {fd, events, 0};
	int rc;

	do
		rc = poll(&p, 1, ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

struct mw_link *mw_link_open_tcp(const char *host, const char *service, int connect_ms, char *err,
                                 size_t errsz)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct mw_link *l;
	int fd = -1, e = 0, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0) {
		set_err(err, errsz, _("%s:%s: cannot find the host: %s"), host, service,
		        gai_strerror(rc));
		return NULL;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		socklen_t len = sizeof e;

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		            ai->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		e = errno;
		if (e == EINPROGRESS && wait_fd(fd, POLLOUT, connect_ms) == 0 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == 0 && e == 0)
			break;
		if (e == EINPROGRESS)
			e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		set_err(err, errsz, _("%s:%s: cannot connect: %s"), host, service,
		        strerror(e ? e : ECONNREFUSED));
		return NULL;
	}
	rc = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &rc, sizeof rc);
	l = mw_xcalloc(1, sizeof *l);
	l->kind = MW_LINK_TCP;
	l->fd = fd;
	snprintf(l->name, sizeof l->name, "%s:%s", host, service);
	return l;
}

void mw_link_close(struct mw_link *l)
{
	if (!l)
		return;
	if (l->kind == MW_LINK_SERIAL && l->have_saved) {
		(void)tcdrain(l->fd);
		(void)tcsetattr(l->fd, TCSANOW, &l->saved);
	}
	close(l->fd);
	mw_lock_release(l->lock);
	free(l);
}

enum mw_link_kind mw_link_kind(const struct mw_link *l)
{
	return l->kind;
}

int mw_link_fd(const struct mw_link *l)
{
	return l->fd;
}

const char *mw_link_name(const struct mw_link *l)
{
	return l->name;
}

int mw_link_send(struct mw_link *l, const uint8_t *p, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = l->kind == MW_LINK_TCP ? send(l->fd, p + off, n - off, MSG_NOSIGNAL)
		                                   : write(l->fd, p + off, n - off);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_fd(l->fd, POLLOUT, 1000) < 0)
				return -1;
			continue;
		}
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* Read what is there, without blocking: count, 0 when none, -1 on error. */
static int read_some(struct mw_link *l, uint8_t *buf, size_t max)
{
	ssize_t r;

	do
		r = read(l->fd, buf, max);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	if (r == 0) {
		/* a serial port reads 0 when nothing is there; a socket at EOF */
		if (l->kind == MW_LINK_TCP) {
			errno = EPIPE;
			return -1;
		}
		return 0;
	}
	return (int)r;
}

int mw_link_recv(struct mw_link *l, uint8_t *buf, size_t max, int first_ms, int gap_ms,
                 int (*frame_len)(const uint8_t *p, size_t n, void *arg), void *arg)
{
	size_t n = 0;
	double deadline = now_ms() + first_ms;

	for (;;) {
		struct pollfd p = {l->fd, POLLIN, 0};
		int wait = (int)(deadline - now_ms() + 0.999), rc, r;

		if (wait < 0)
			wait = 0;
		rc = poll(&p, 1, wait);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			return (int)n; /* quiet for the whole wait: end of frame */
		if (p.revents & (POLLERR | POLLNVAL)) {
			errno = EIO;
			return -1;
		}
		r = read_some(l, buf + n, max - n);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (p.revents & POLLHUP) {
				errno = l->kind == MW_LINK_TCP ? EPIPE : EIO;
				return -1;
			}
			continue;
		}
		n += (size_t)r;
		if (n >= max)
			return (int)n;
		if (frame_len) {
			int want = frame_len(buf, n, arg);

			if (want > 0 && n >= (size_t)want)
				return (int)n;
		}
		deadline = now_ms() + gap_ms;
	}
}

int mw_link_drain(struct mw_link *l, uint8_t *buf, size_t max)
{
	uint8_t tmp[256];
	int total = 0;

	for (;;) {
		int r = read_some(l, tmp, sizeof tmp);

		if (r <= 0)
			return total;
		if (buf && (size_t)total < max)
			memcpy(buf + total, tmp,
			       (size_t)r < max - (size_t)total ? (size_t)r : max - (size_t)total);
		total += r;
	}
}
