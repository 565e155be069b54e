/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ports.c - serial ports through libserialport, each tried for opening so
 * that a busy or forbidden port says so, with the fix.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libserialport.h>

#include "i18n.h"
#include "ports.h"

/* Can it be opened?  Fills state and fix when not. */
static void port_state(struct mw_port *p)
{
	int fd = open(p->name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == EACCES || errno == EPERM) {
			snprintf(p->state, sizeof p->state, "%s", _("not permitted"));
			snprintf(
			    p->fix, sizeof p->fix, "%s",
			    _("add yourself to the dialout group: sudo usermod -aG dialout $USER, "
			      "then log out and in"));
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
	ports = calloc((size_t)n + 1, sizeof *ports);
	if (!ports)
		abort();
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
	}
	sp_free_port_list(list);
	*out = ports;
	return n;
}
