/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sim_pty_test.c - what a pseudo-terminal carries of a master's line
 * settings, and how meterwise-sim reads them back: each format set the
 * way libmodbus sets it (PARENB/PARODD + INPCK, CSTOPB) on the slave side
 * must read back as that format on the master side.  The flags the kernel
 * drops (PARENB, CS7) are reported as notes: the simulator does not rely
 * on them.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "line.h"
#include "tap.h"

/* Set the slave side as libmodbus does for baud/format. */
static void set_like_libmodbus(int fd, speed_t sp, enum mw_format f)
{
	struct termios t;

	tcgetattr(fd, &t);
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(PARENB | PARODD | CSTOPB | CSIZE);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(tcflag_t)INPCK;
	if (f == MW_FMT_8E1 || f == MW_FMT_8O1) {
		t.c_cflag |= PARENB | (f == MW_FMT_8O1 ? PARODD : 0);
		t.c_iflag |= INPCK;
	}
	if (f == MW_FMT_8N2)
		t.c_cflag |= CSTOPB;
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	tcsetattr(fd, TCSANOW, &t);
}

int main(void)
{
	static const struct {
		speed_t sp;
		int baud;
	} speeds[] = {{B1200, 1200}, {B4800, 4800}, {B9600, 9600}, {B19200, 19200}};
	struct sim_line l;
	char err[256];
	struct termios t;
	int s;

	if (!ok(sim_line_open(&l, NULL, err, sizeof err) == 0, "open a pseudo-terminal")) {
		diag("%s", err);
		return done_testing();
	}
	s = open(l.slave_name, O_RDWR | O_NOCTTY);
	ok(s >= 0, "open its slave side as a master program would");
	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
		for (int f = 0; f < MW_FMT__COUNT; f++) {
			int baud, fmt;

			set_like_libmodbus(s, speeds[i].sp, (enum mw_format)f);
			sim_line_settings(&l, &baud, &fmt);
			ok(baud == speeds[i].baud && fmt == f, "%d %s reads back as set",
			   speeds[i].baud, mw_format_name((enum mw_format)f));
		}
	set_like_libmodbus(s, B9600, MW_FMT_8E1);
	tcgetattr(l.master, &t);
	diag("8E1 as seen on the master side: PARENB %s, INPCK %s, CS8 %s",
	     t.c_cflag & PARENB ? "kept" : "cleared", t.c_iflag & INPCK ? "kept" : "cleared",
	     (t.c_cflag & CSIZE) == CS8 ? "yes" : "no");
	close(s);
	sim_line_close(&l);
	return done_testing();
}
