/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ports.c - serial ports through libserialport.  A port another process
 * holds (its lock file or flock, see lock.h) is named with its holder and
 * not opened; the others are tried for opening so that a busy or forbidden
 * port says so, with the fix (the dialout hint only where the device's
 * group is dialout).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libserialport.h>

#include "i18n.h"
#include "link.h"
#include "lock.h"
#include "ports.h"
#include "xalloc.h"

const char *mw_ports_chip(int vid, int pid)
{
	static const struct {
		int vid, pid; /* pid -1: any of the vendor's */
		const char *chip;
	} tab[] = {
	    {0x0403, 0x6001, "FTDI FT232R"},
	    {0x0403, 0x6010, "FTDI FT2232"},
	    {0x0403, 0x6011, "FTDI FT4232"},
	    {0x0403, 0x6014, "FTDI FT232H"},
	    {0x0403, 0x6015, "FTDI FT-X"},
	    {0x0403, -1, "FTDI"},
	    {0x1a86, 0x7523, "WCH CH340"},
	    {0x1a86, 0x5523, "WCH CH341"},
	    {0x1a86, 0x7522, "WCH CH340K"},
	    {0x1a86, 0x55d4, "WCH CH9102"},
	    {0x1a86, 0x55d3, "WCH CH343"},
	    {0x1a86, -1, "WCH CH34x"},
	    {0x067b, 0x2303, "Prolific PL2303"},
	    {0x067b, 0x23a3, "Prolific PL2303GC"},
	    {0x067b, -1, "Prolific PL2303"},
	    {0x10c4, 0xea60, "Silicon Labs CP210x"},
	    {0x10c4, 0xea70, "Silicon Labs CP2105"},
	    {0x10c4, 0xea71, "Silicon Labs CP2108"},
	    {0x10c4, -1, "Silicon Labs CP210x"},
	    {0x04e2, -1, "Exar XR21V14xx"},
	    {0x0557, 0x2008, "ATEN UC-232A (PL2303)"},
	};

	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (tab[i].vid == vid && (tab[i].pid == pid || tab[i].pid == -1))
			return tab[i].chip;
	return NULL;
}

/* A hex id file of sysfs (idVendor); -1 when none. */
static int read_hex(const char *dir, const char *name)
{
	char path[4200];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%x", (unsigned *)&v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* USB ids of a port named as given, from sysfs (class/tty/NAME/device and
 * up to the USB device); 0 when found. */
static int sysfs_usb_ids(const char *name, int *vid, int *pid)
{
	char path[4096], real[4096];
	const char *slash = strrchr(name, '/');

	snprintf(path, sizeof path, "%s/class/tty/%s/device", mw_link_sysfs_root(),
	         slash ? slash + 1 : name);
	if (!realpath(path, real))
		return -1;
	for (int up = 0; up < 5; up++) {
		char *s;

		if ((*vid = read_hex(real, "idVendor")) >= 0 &&
		    (*pid = read_hex(real, "idProduct")) >= 0)
			return 0;
		s = strrchr(real, '/');
		if (!s || s == real)
			break;
		*s = '\0';
	}
	return -1;
}

/* The adapter: its chip, its latency timer and how to lower it. */
static void adapter_info(struct mw_port *p)
{
	const char *chip;

	if (!p->usb && sysfs_usb_ids(p->name, &p->vid, &p->pid) == 0)
		p->usb = true;
	chip = p->usb ? mw_ports_chip(p->vid, p->pid) : NULL;
	snprintf(p->chip, sizeof p->chip, "%s", chip ? chip : "");
	p->timer_ms = mw_link_sysfs_timer(p->name, p->timer_file, sizeof p->timer_file);
	p->timer_fix[0] = '\0';
	if (p->timer_ms > 1)
		snprintf(p->timer_fix, sizeof p->timer_fix,
		         _("every reply may wait up to %d ms in the adapter; meterwise lowers it "
		           "to 1 ms for its session when it may write %s, else as root: echo 1 > "
		           "%s"),
		         p->timer_ms, p->timer_file, p->timer_file);
}

/* How to get access to a port the user may not open. */
static void access_fix(struct mw_port *p)
{
	struct stat st;
	struct group *g = stat(p->name, &st) == 0 ? getgrgid(st.st_gid) : NULL;

	if (g && strcmp(g->gr_name, "dialout") == 0)
		snprintf(p->fix, sizeof p->fix, "%s",
		         _("add yourself to the dialout group: sudo usermod -aG dialout $USER, "
		           "then log out and in"));
	else if (g)
		snprintf(p->fix, sizeof p->fix,
		         _("the port belongs to group %s: add yourself to it (sudo usermod -aG "
		           "%s $USER), then log out and in"),
		         g->gr_name, g->gr_name);
	else
		snprintf(p->fix, sizeof p->fix, "%s",
		         _("ask the administrator for read and write access to the port"));
}

/* Who holds it, or can it be opened?  Fills state and fix when not free. */
static void port_state(struct mw_port *p)
{
	int fd;

	p->holder_pid = mw_lock_holder(p->name, p->holder, sizeof p->holder);
	if (p->holder_pid) {
		/* not opened: opening a port in use can disturb its owner */
		snprintf(p->state, sizeof p->state, "%s", _("in use"));
		snprintf(p->fix, sizeof p->fix, _("held by %s"), p->holder);
		return;
	}
	fd = open(p->name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM) {
			snprintf(p->state, sizeof p->state, "%s", _("not permitted"));
			access_fix(p);
		} else if (errno == EBUSY) {
			snprintf(p->state, sizeof p->state, "%s", _("busy"));
			snprintf(
			    p->fix, sizeof p->fix, "%s",
			    _("another program holds it open exclusively; close that program"));
		} else {
			snprintf(p->state, sizeof p->state, "%s", _("cannot open"));
			snprintf(p->fix, sizeof p->fix, "%s", strerror(errno));
		}
		return;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
		snprintf(p->state, sizeof p->state, "%s", _("busy"));
		snprintf(p->fix, sizeof p->fix, "%s",
		         _("another program has locked it; close that program"));
	}
	close(fd);
}

/* Copy a libserialport string that may be NULL. */
static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int mw_ports_list(struct mw_port **out, char *err, size_t errsz)
{
	struct sp_port **list = NULL;
	struct mw_port *ports;
	int n = 0;

	*out = NULL;
	if (sp_list_ports(&list) != SP_OK) {
		snprintf(err, errsz, "%s", _("cannot list the serial ports"));
		return -1;
	}
	while (list[n])
		n++;
	ports = mw_xcalloc((size_t)n + 1, sizeof *ports);
	for (int i = 0; i < n; i++) {
		struct sp_port *sp = list[i];
		struct mw_port *p = &ports[i];

		copy(p->name, sizeof p->name, sp_get_port_name(sp));
		copy(p->desc, sizeof p->desc, sp_get_port_description(sp));
		p->usb = sp_get_port_transport(sp) == SP_TRANSPORT_USB;
		if (p->usb) {
			sp_get_port_usb_vid_pid(sp, &p->vid, &p->pid);
			copy(p->manufacturer, sizeof p->manufacturer,
			     sp_get_port_usb_manufacturer(sp));
			copy(p->product, sizeof p->product, sp_get_port_usb_product(sp));
			copy(p->serial, sizeof p->serial, sp_get_port_usb_serial(sp));
		}
		port_state(p);
		adapter_info(p);
	}
	sp_free_port_list(list);
	*out = ports;
	return n;
}

int mw_ports_state(const char *const *names, int n, struct mw_port **out)
{
	struct mw_port *ports = mw_xcalloc((size_t)n + 1, sizeof *ports);
	for (int i = 0; i < n; i++) {
		copy(ports[i].name, sizeof ports[i].name, names[i]);
		adapter_info(&ports[i]);
		if (access(names[i], F_OK) < 0) {
			snprintf(ports[i].state, sizeof ports[i].state, "%s", _("cannot open"));
			snprintf(ports[i].fix, sizeof ports[i].fix, "%s", strerror(errno));
			continue;
		}
		port_state(&ports[i]);
	}
	*out = ports;
	return n;
}
