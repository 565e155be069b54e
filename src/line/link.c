/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.c - the one owner of a port's descriptor (see link.h): open a serial
 * port with libmodbus's termios or connect a TCP socket, send bytes,
 * receive a frame with a first-byte and an end-of-frame timeout, drain;
 * and what real adapters need (see link.h): echo read back and dropped,
 * the latency timer read, lowered and put back, latency measured, RTS
 * driven for RS-485 direction.
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
#include "timing.h"
#include "trace.h"
#include "text.h"
#include "xalloc.h"

#define ECHO_MAX    512 /* longest request whose echo is checked */
#define LATENCY_CAP 200 /* a measured latency beyond this is the host's, not the adapter's, ms */

#define DELAYS 9 /* delays kept per address and for the echo */

/*
 * Delays beyond the line time, the last DELAYS of them (ms): of the echo,
 * or of the replies from one address (first byte of the request).  A
 * latency timer holds bytes for a time spread evenly over 0..L, so twice
 * the median above the least is L; a median, not the largest, so that the
 * host's scheduling hiccups do not count as the adapter's.
 */
struct delays {
	double ms[DELAYS];
	unsigned n; /* delays noted so far */
};

struct mw_link {
	enum mw_link_kind kind;
	int fd;
	char name[240];       /* basename of the path, or HOST:PORT */
	char path[256];       /* the serial port as given */
	struct termios saved; /* the settings found, restored on close */
	int have_saved;
	struct mw_lock *lock; /* NULL for TCP */
	double char_ms;       /* one character at the line settings, ms; 0 for TCP */
	/* echo */
	uint8_t sent[ECHO_MAX]; /* the last request, until its reply is read */
	size_t n_sent;
	unsigned sent_flags;
	double sent_at; /* when the write returned, ms */
	int echo_bad;   /* the last recv's echo differed from the request */
	/* adapter */
	struct mw_link_adapter ad;
	struct delays exc[256]; /* per address */
	struct delays echo_d;   /* of the echo */
	double echo_est_ms;     /* latency the echo delays point to now, ms; < 0: none */
	double spread_est_ms;   /* the most the reply spreads pointed to, ms; < 0: none */
	int serial_flags_found; /* ASYNC_ flags found at open; -1: untouched */
	int rs485_on;           /* the kernel drives RTS (TIOCSRS485 set by us) */
	int rts_manual;         /* we drive RTS around each write */
#if defined(HAVE_LINUX_SERIAL_H) && defined(TIOCSRS485)
	struct serial_rs485 rs485_found;
#endif
};

static struct mw_link_opts link_opts = {MW_RTS_NONE, 0, -1};

int mw_link_parse_opt(const char *name, const char *arg, char *err, size_t errsz)
{
	char *end = NULL;
	long v;

	if (strcmp(name, "rts") == 0) {
		if (strcmp(arg, "up") == 0)
			link_opts.rts = MW_RTS_UP;
		else if (strcmp(arg, "down") == 0)
			link_opts.rts = MW_RTS_DOWN;
		else if (strcmp(arg, "none") == 0)
			link_opts.rts = MW_RTS_NONE;
		else {
			mw_text_printf(
			    err, errsz,
			    _("--rts %s: give up (RTS high while sending), down (low while "
			      "sending) or none"),
			    arg);
			return -1;
		}
		return 0;
	}
	errno = 0;
	v = arg[0] >= '0' && arg[0] <= '9' ? strtol(arg, &end, 10) : -1;
	if (v < 0 || v > 1000 || !end || *end || errno) {
		mw_text_printf(err, errsz, _("--%s %s: milliseconds, 0 to 1000"), name, arg);
		return -1;
	}
	if (strcmp(name, "rts-delay") == 0)
		link_opts.rts_delay_ms = (int)v;
	else
		link_opts.latency_ms = (double)v;
	return 0;
}

const char *mw_link_sysfs_root(void)
{
	const char *r = getenv("MW_SYSFS_ROOT");

	return r && *r ? r : "/sys";
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

/* Ask the kernel for low latency on USB serial adapters (ptys refuse it);
 * the flags found are put back on close. */
static void low_latency(struct mw_link *l)
{
	l->serial_flags_found = -1;
#if defined(HAVE_LINUX_SERIAL_H) && defined(ASYNC_LOW_LATENCY)
	struct serial_struct ss;

	if (ioctl(l->fd, TIOCGSERIAL, &ss) < 0 || (ss.flags & ASYNC_LOW_LATENCY))
		return;
	l->serial_flags_found = ss.flags;
	ss.flags |= ASYNC_LOW_LATENCY;
	if (ioctl(l->fd, TIOCSSERIAL, &ss) < 0)
		l->serial_flags_found = -1;
#endif
}

/* Put back the serial flags low_latency() changed. */
static void restore_latency_flags(struct mw_link *l)
{
#if defined(HAVE_LINUX_SERIAL_H) && defined(ASYNC_LOW_LATENCY)
	struct serial_struct ss;

	if (l->serial_flags_found < 0 || ioctl(l->fd, TIOCGSERIAL, &ss) < 0)
		return;
	ss.flags = l->serial_flags_found;
	(void)ioctl(l->fd, TIOCSSERIAL, &ss);
#else
	(void)l;
#endif
}

/* Read a small integer file; -1 when there is none. */
static int read_int_file(const char *path)
{
	FILE *f = fopen(path, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Write an integer to a sysfs file; 0 or -1. */
static int write_int_file(const char *path, int v)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fprintf(f, "%d\n", v) < 0;
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

int mw_link_sysfs_timer(const char *path, char *file, size_t sz)
{
	char real[4096];
	const char *names[2], *slash;
	int n = 0;

	slash = strrchr(path, '/');
	names[n++] = slash ? slash + 1 : path;
	if (realpath(path, real)) {
		slash = strrchr(real, '/');
		names[n++] = slash ? slash + 1 : real;
	}
	for (int i = 0; i < n; i++) {
		int v;

		snprintf(file, sz, "%s/bus/usb-serial/devices/%s/latency_timer",
		         mw_link_sysfs_root(), names[i]);
		if ((v = read_int_file(file)) >= 0)
			return v;
	}
	file[0] = '\0';
	return -1;
}

/*
 * The adapter's latency timer: read it, lower it to 1 ms for this session
 * where the file is writable (put back on close), say what was done.
 * found_ms is the timer read before the port was opened (the low-latency
 * flag may have lowered it already).
 */
static void adapter_timer(struct mw_link *l, int found_ms)
{
	struct mw_link_adapter *a = &l->ad;
	int now = mw_link_sysfs_timer(l->path, a->timer_file, sizeof a->timer_file);

	a->timer_ms = now;
	a->timer_found_ms = -1;
	if (now < 0)
		return;
	if (found_ms < 0)
		found_ms = now;
	if (now > 1 && write_int_file(a->timer_file, 1) == 0)
		now = read_int_file(a->timer_file);
	a->timer_ms = now;
	if (now >= 0 && now < found_ms) {
		a->timer_found_ms = found_ms;
		snprintf(a->note, sizeof a->note,
		         _("adapter latency timer lowered from %d to %d ms for this session "
		           "(put back on exit)"),
		         found_ms, now);
	} else if (now > 1) {
		snprintf(a->note, sizeof a->note,
		         _("adapter latency timer is %d ms and cannot be lowered by this user; "
		           "every reply may wait that long (as root: echo 1 > %s)"),
		         now, a->timer_file);
	}
}

/* Put the latency timer back as found. */
static void restore_timer(struct mw_link *l)
{
	if (l->ad.timer_found_ms >= 0 && l->ad.timer_file[0])
		(void)write_int_file(l->ad.timer_file, l->ad.timer_found_ms);
}

/* Set RTS to level on (1) or off (0); -1 with errno. */
static int set_rts(int fd, int on)
{
	int bit = TIOCM_RTS;

	return ioctl(fd, on ? TIOCMBIS : TIOCMBIC, &bit);
}

/*
 * RS-485 direction by RTS (--rts): the kernel's RS-485 mode where the
 * driver has it, else RTS by hand around each write.  -1 with a message
 * when the port has no RTS to drive (a pseudo-terminal).
 */
static int setup_rts(struct mw_link *l, char *err, size_t errsz)
{
	int bits;

	if (link_opts.rts == MW_RTS_NONE)
		return 0;
#if defined(HAVE_LINUX_SERIAL_H) && defined(TIOCSRS485) && defined(TIOCGRS485)
	{
		struct serial_rs485 rs;

		if (ioctl(l->fd, TIOCGRS485, &l->rs485_found) == 0) {
			memset(&rs, 0, sizeof rs);
			rs.flags = SER_RS485_ENABLED |
			           (link_opts.rts == MW_RTS_UP ? SER_RS485_RTS_ON_SEND
			                                       : SER_RS485_RTS_AFTER_SEND);
			rs.delay_rts_before_send = (unsigned)link_opts.rts_delay_ms;
			rs.delay_rts_after_send = (unsigned)link_opts.rts_delay_ms;
			if (ioctl(l->fd, TIOCSRS485, &rs) == 0) {
				l->rs485_on = 1;
				return 0;
			}
		}
	}
#endif
	if (ioctl(l->fd, TIOCMGET, &bits) < 0 || set_rts(l->fd, link_opts.rts == MW_RTS_DOWN) < 0) {
		mw_text_printf(
		    err, errsz,
		    _("%s: --rts: cannot drive the RTS line (%s); a pseudo-terminal has no "
		      "modem lines, and adapters that switch direction by themselves need no "
		      "--rts"),
		    l->path, strerror(errno));
		return -1;
	}
	l->rts_manual = 1;
	return 0;
}

/* Put the kernel's RS-485 mode back as found. */
static void restore_rts(struct mw_link *l)
{
#if defined(HAVE_LINUX_SERIAL_H) && defined(TIOCSRS485)
	if (l->rs485_on)
		(void)ioctl(l->fd, TIOCSRS485, &l->rs485_found);
#else
	(void)l;
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
		mw_text_printf(err, errsz,
		               _("%s: no such serial port; list the ports with `meterwise ports`"),
		               path);
		break;
	case EACCES:
	case EPERM:
		mw_text_printf(err, errsz,
		               _("%s: permission denied; add yourself to the dialout group "
		                 "(sudo usermod -aG dialout $USER), then log out and in"),
		               path);
		break;
	case EBUSY:
		mw_text_printf(
		    err, errsz,
		    _("%s: the port is busy; another program is using it (close it and retry)"),
		    path);
		break;
	default:
		mw_text_printf(err, errsz, _("%s: cannot open: %s"), path, strerror(e));
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
		mw_text_printf(err, errsz, _("%s: baud rate %d is not supported by this system"),
		               path, baud);
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
	l->char_ms = mw_timing_char_ms(baud, format);
	l->ad.stated_ms = link_opts.latency_ms;
	l->ad.measured_ms = l->echo_est_ms = l->spread_est_ms = -1;
	if (apply_termios(l->fd, &t, TCSANOW) < 0) {
		mw_text_printf(err, errsz, _("%s: cannot set the line to %d %s: %s"), path, baud,
		               mw_format_name(format), strerror(errno));
		mw_lock_release(l->lock);
		close(l->fd);
		free(l);
		return NULL;
	}
	{
		char file[300];
		int found = mw_link_sysfs_timer(l->path, file, sizeof file);

		low_latency(l);
		adapter_timer(l, found);
	}
	if (l->ad.timer_ms >= 0 && link_opts.latency_ms < 0)
		l->ad.stated_ms = l->ad.timer_ms; /* --latency says it best, then sysfs */
	l->ad.latency_ms = l->ad.stated_ms > 0 ? l->ad.stated_ms : 0;
	if (setup_rts(l, err, errsz) < 0) {
		mw_link_close(l);
		return NULL;
	}
	(void)tcflush(l->fd, TCIOFLUSH);
	return l;
}

int mw_link_set_serial(struct mw_link *l, int baud, enum mw_format format, char *err, size_t errsz)
{
	struct termios t;

	if (l->kind != MW_LINK_SERIAL)
		return 0;
	if (make_termios(&t, baud, format) < 0) {
		mw_text_printf(err, errsz, _("%s: baud rate %d is not supported by this system"),
		               l->path, baud);
		return -1;
	}
	if (apply_termios(l->fd, &t, TCSADRAIN) < 0) {
		mw_text_printf(err, errsz, _("%s: cannot set the line to %d %s: %s"), l->path, baud,
		               mw_format_name(format), strerror(errno));
		return -1;
	}
	l->char_ms = mw_timing_char_ms(baud, format);
	memset(l->exc, 0, sizeof l->exc); /* delays at another speed say nothing here */
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
		mw_text_printf(err, errsz, _("%s:%s: cannot find the host: %s"), host, service,
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
		mw_text_printf(err, errsz, _("%s:%s: cannot connect: %s"), host, service,
		               strerror(e ? e : ECONNREFUSED));
		return NULL;
	}
	rc = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &rc, sizeof rc);
	l = mw_xcalloc(1, sizeof *l);
	l->kind = MW_LINK_TCP;
	l->fd = fd;
	l->ad.stated_ms = -1;
	l->ad.measured_ms = l->echo_est_ms = l->spread_est_ms = -1;
	l->ad.timer_ms = l->ad.timer_found_ms = -1;
	snprintf(l->name, sizeof l->name, "%s:%s", host, service);
	return l;
}

void mw_link_close(struct mw_link *l)
{
	if (!l)
		return;
	if (l->kind == MW_LINK_SERIAL) {
		restore_rts(l);
		restore_latency_flags(l);
		restore_timer(l);
	}
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

/* Sleep ms milliseconds (RTS delays). */
static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Write all n bytes; -1 with errno. */
static int write_all(struct mw_link *l, const uint8_t *p, size_t n)
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

int mw_link_send_flags(struct mw_link *l, const uint8_t *p, size_t n, unsigned flags)
{
	int rc;

	if (l->rts_manual) {
		/* RTS to the sending level, the frame out, RTS back: libmodbus's RTS mode */
		(void)set_rts(l->fd, link_opts.rts == MW_RTS_UP);
		sleep_ms(link_opts.rts_delay_ms);
		rc = write_all(l, p, n);
		(void)tcdrain(l->fd);
		sleep_ms(link_opts.rts_delay_ms);
		(void)set_rts(l->fd, link_opts.rts == MW_RTS_DOWN);
	} else {
		rc = write_all(l, p, n);
	}
	l->sent_at = now_ms();
	l->n_sent = 0;
	if (rc == 0 && n <= sizeof l->sent) {
		memcpy(l->sent, p, n);
		l->n_sent = n;
		l->sent_flags = flags;
	}
	return rc;
}

int mw_link_send(struct mw_link *l, const uint8_t *p, size_t n)
{
	return mw_link_send_flags(l, p, n, 0);
}

int mw_link_echo_bad(const struct mw_link *l)
{
	return l->echo_bad;
}

/* The latency to use: as stated (the timer in sysfs, --latency), else as
 * measured, ms. */
static void update_latency(struct mw_link *l)
{
	struct mw_link_adapter *a = &l->ad;

	a->latency_ms = a->stated_ms >= 0 ? a->stated_ms : a->measured_ms > 0 ? a->measured_ms : 0;
}

/* Keep a delay; the latency it points to once there are enough, else -1 (ms). */
static double delay_add(struct delays *d, double ms, unsigned need, int from_zero)
{
	double v[DELAYS], lo;
	unsigned n;

	d->ms[d->n++ % DELAYS] = ms;
	n = d->n < DELAYS ? d->n : DELAYS;
	if (n < need)
		return -1;
	memcpy(v, d->ms, n * sizeof v[0]);
	for (unsigned i = 1; i < n; i++) /* insertion sort: a handful of values */
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	lo = from_zero ? 0 : v[0];
	return 2 * (v[n / 2] - lo);
}

/*
 * Note what a set of delays says of the adapter's latency, ms (< 0:
 * nothing yet): the echo's latest word, or the largest reply spread.
 */
static void measured(struct mw_link *l, double ms, int from_echo)
{
	if (ms < 0 || ms > LATENCY_CAP)
		return;
	if (from_echo)
		l->echo_est_ms = ms;
	else if (ms > l->spread_est_ms)
		l->spread_est_ms = ms;
	l->ad.measured_ms = l->echo_est_ms > l->spread_est_ms ? l->echo_est_ms : l->spread_est_ms;
	update_latency(l);
}

/*
 * Note when a reply to the request in l->sent completed: its delay beyond
 * the line time is the device's turnaround plus the adapter's hold; the
 * spread of those delays from one address is the adapter's latency.
 */
static void note_reply(struct mw_link *l, size_t n_reply, size_t n_echo, double done)
{
	double x;

	if (l->kind != MW_LINK_SERIAL || l->n_sent == 0 || n_reply == 0)
		return;
	/* DL/T645 wake-up bytes (no Modbus address is 0xFE): one bucket would
	 * hold every meter, whose turnarounds differ; their spread is not the
	 * adapter's */
	if (l->sent[0] == 0xFE)
		return;
	x = done - l->sent_at - (double)(l->n_sent + n_echo + n_reply) * l->char_ms;
	if (n_echo)
		x += (double)n_echo * l->char_ms; /* the echo overlaps the request */
	/* the device's turnaround is the least delay; the spread is the adapter's */
	measured(l, delay_add(&l->exc[l->sent[0]], x, 5, 0), 0);
}

void mw_link_adapter(const struct mw_link *l, struct mw_link_adapter *out)
{
	*out = l->ad;
}

/* Read what is there, without blocking: count, 0 when none, -1 on error. */
static int read_some(struct mw_link *l, uint8_t *buf, size_t max);

/*
 * The echo check of bytes buf[0..n) just received after a send: 1 while
 * they may still be the echo (keep reading), 0 when decided (*strip is the
 * count of echo bytes at the start of buf to drop).
 */
static int echo_check(struct mw_link *l, const uint8_t *buf, size_t n, size_t *strip)
{
	size_t m = l->n_sent, k = n < m ? n : m;

	*strip = 0;
	if (memcmp(buf, l->sent, k) != 0) {
		if (l->ad.echo == MW_ECHO_PRESENT) {
			l->echo_bad = 1; /* not our request back: noise on the line */
			l->ad.echo_errors++;
		} else {
			l->ad.echo = MW_ECHO_NONE;
		}
		return 0;
	}
	if (n < m)
		return 1;
	/* A reply that repeats its request (FC05, FC06) on a line known to have
	 * no echo is that reply, not an echo (once taken for one: the relay's
	 * reply dropped, a timeout, "not verified"). */
	if (l->ad.echo == MW_ECHO_NONE && (l->sent_flags & MW_LINK_SELF_REPLY) && n == m)
		return 0;
	if (l->ad.echo == MW_ECHO_UNKNOWN && (l->sent_flags & MW_LINK_SELF_REPLY) && n == m)
		return 1; /* the request, or its echo: only more bytes can tell */
	l->ad.echo = MW_ECHO_PRESENT;
	*strip = m;
	return 0;
}

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
	size_t n = 0, n_echo = 0;
	double t0 = now_ms(), deadline = t0 + first_ms;
	/*
	 * After a send: the echo first.  A line without echo is checked too
	 * (a reply differs from its request within a few bytes): an echo that
	 * came too late for the first transaction's timeout, or an adapter
	 * swapped, is recognised on the next.
	 */
	int echo = l->n_sent > 0 && l->n_sent <= max;

	l->echo_bad = 0;
	gap_ms += (int)(l->ad.latency_ms + 0.999); /* a chip holds bytes up to its latency */
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
		if (rc == 0) {
			/* quiet for the whole wait: end of frame */
			if (n > 0)
				note_reply(l, n, n_echo, now_ms());
			l->n_sent = 0;
			return (int)n;
		}
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
		if (echo) {
			size_t strip;

			if (echo_check(l, buf, n, &strip)) {
				/* the rest of the echo, or a reply after the request
				 * (which may equal it), may come until the reply's
				 * first-byte deadline */
				deadline = now_ms() + gap_ms;
				if (deadline < t0 + first_ms)
					deadline = t0 + first_ms;
				continue;
			}
			echo = 0;
			if (strip) {
				mw_trace_frame(l->name, MW_TRACE_IN, MW_TRACE_ECHO, buf, strip, 0);
				l->ad.echoes++;
				if (l->kind == MW_LINK_SERIAL)
					measured(l,
					         delay_add(&l->echo_d,
					                   now_ms() - l->sent_at -
					                       (double)strip * l->char_ms,
					                   3, 1),
					         1);
				memmove(buf, buf + strip, n - strip);
				n -= strip;
				n_echo = strip;
				if (n == 0) {
					deadline = t0 + first_ms; /* the reply is still to come */
					continue;
				}
			}
		}
		if (n >= max) {
			note_reply(l, n, n_echo, now_ms());
			l->n_sent = 0;
			return (int)n;
		}
		if (frame_len) {
			int want = frame_len(buf, n, arg);

			if (want > 0 && n >= (size_t)want) {
				note_reply(l, n, n_echo, now_ms());
				l->n_sent = 0;
				return (int)n;
			}
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
