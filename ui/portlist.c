/*
 * portlist.c - serial ports for the port picker (libserialport), each
 * tried for opening so a busy or forbidden port says so, with the fix.
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
#include "portlist.h"

/* Can it be opened?  Fills state and fix when not. */
static void port_state(const char *path, struct mw_ui_port *p)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == EACCES || errno == EPERM) {
			snprintf(p->state, sizeof p->state, "%s", _("not permitted"));
			snprintf(
			    p->fix, sizeof p->fix, "%s",
			    _("add yourself to the dialout group: sudo usermod -aG dialout $USER, "
			      "then log out and in"));
		} else {
			snprintf(p->state, sizeof p->state, "%s",
			         errno == EBUSY ? _("busy") : _("cannot open"));
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

int mw_ui_ports(struct mw_ui_port **out, char *err, size_t errsz)
{
	struct sp_port **list = NULL;
	struct mw_ui_port *ports;
	int n = 0;

	*out = NULL;
	if (sp_list_ports(&list) != SP_OK) {
		snprintf(err, errsz, "%s", _("cannot list the serial ports"));
		return -1;
	}
	while (list[n])
		n++;
	ports = calloc((size_t)n + 1, sizeof *ports);
	if (!ports) {
		sp_free_port_list(list);
		snprintf(err, errsz, "%s", _("out of memory"));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct sp_port *sp = list[i];
		const char *desc = sp_get_port_description(sp);
		int vid = 0, pid = 0;

		snprintf(ports[i].name, sizeof ports[i].name, "%s", sp_get_port_name(sp));
		if (sp_get_port_transport(sp) == SP_TRANSPORT_USB) {
			const char *serial = sp_get_port_usb_serial(sp);

			sp_get_port_usb_vid_pid(sp, &vid, &pid);
			snprintf(ports[i].desc, sizeof ports[i].desc, "%s (USB %04x:%04x)%s%s",
			         desc ? desc : "", vid, pid, serial ? _(" serial ") : "",
			         serial ? serial : "");
		} else {
			snprintf(ports[i].desc, sizeof ports[i].desc, "%s", desc ? desc : "");
		}
		port_state(ports[i].name, &ports[i]);
	}
	sp_free_port_list(list);
	*out = ports;
	return n;
}
