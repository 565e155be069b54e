/*
 * cli_ports.c - `meterwise ports`: serial ports through libserialport,
 * with USB vendor and product ids, product, manufacturer, serial number
 * and description.  A port meterwise cannot open is marked, with how to
 * fix it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libserialport.h>

#include "cli.h"
#include "i18n.h"
#include "json.h"

/* Can we open it?  NULL if yes, else a short state and the fix. */
static const char *port_state(const char *path, const char **fix)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	*fix = NULL;
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM) {
			*fix =
			    _("add yourself to the dialout group: sudo usermod -aG dialout $USER, "
			      "then log out and in");
			return _("not permitted");
		}
		if (errno == EBUSY) {
			*fix = _("another program holds it open exclusively; close that program");
			return _("busy");
		}
		*fix = strerror(errno);
		return _("cannot open");
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
		close(fd);
		*fix = _("another program has locked it; close that program");
		return _("busy");
	}
	close(fd);
	return NULL;
}

int mw_cli_ports(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, MW_OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, MW_OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	struct sp_port **list = NULL;
	struct mw_json j;
	bool json = false;
	int opt, n = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case MW_OPT_JSON:
			json = true;
			break;
		case 'h':
			printf(
			    "%s",
			    _("Usage: meterwise ports [--json]\n"
			      "\n"
			      "List the serial ports: name, USB vendor:product id, product,\n"
			      "manufacturer, serial number and description.  Ports that cannot be\n"
			      "opened are marked busy or not permitted, with how to fix it.\n"));
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			fprintf(stderr, "%s", _("Try 'meterwise ports --help'.\n"));
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		mw_cli_error("ports", _("%s: unexpected argument"), argv[optind]);
		return MW_EXIT_USAGE;
	}
	if (sp_list_ports(&list) != SP_OK) {
		mw_cli_error("ports", "%s", _("cannot list the serial ports"));
		return MW_EXIT_DEVICE;
	}
	if (json) {
		mw_json_init(&j, stdout, true);
		mw_json_arr_begin(&j, NULL);
	}
	for (; list[n]; n++) {
		struct sp_port *p = list[n];
		const char *name = sp_get_port_name(p), *fix, *state = port_state(name, &fix);
		const char *desc = sp_get_port_description(p);
		int usb = sp_get_port_transport(p) == SP_TRANSPORT_USB, vid = 0, pid = 0;
		const char *prod = usb ? sp_get_port_usb_product(p) : NULL;
		const char *manu = usb ? sp_get_port_usb_manufacturer(p) : NULL;
		const char *serial = usb ? sp_get_port_usb_serial(p) : NULL;

		if (usb)
			sp_get_port_usb_vid_pid(p, &vid, &pid);
		if (json) {
			char id[16];

			mw_json_obj_begin(&j, NULL);
			mw_json_str(&j, "port", name);
			mw_json_str(&j, "transport", usb ? "usb" : "native");
			if (usb) {
				snprintf(id, sizeof id, "%04x:%04x", vid, pid);
				mw_json_str(&j, "usb_id", id);
				mw_json_str(&j, "manufacturer", manu);
				mw_json_str(&j, "product", prod);
				mw_json_str(&j, "serial", serial);
			}
			mw_json_str(&j, "description", desc);
			mw_json_str(&j, "state", state ? state : "ok");
			if (fix)
				mw_json_str(&j, "fix", fix);
			mw_json_obj_end(&j);
			continue;
		}
		printf("%s", name);
		if (usb)
			printf("  USB %04x:%04x", vid, pid);
		if (manu)
			printf("  %s", manu);
		if (prod)
			printf("  %s", prod);
		if (serial)
			printf(_("  serial %s"), serial);
		if (desc && (!prod || strcmp(desc, prod) != 0))
			printf("  (%s)", desc);
		if (state)
			printf("  [%s: %s]", state, fix);
		printf("\n");
	}
	if (json)
		mw_json_arr_end(&j);
	else if (n == 0)
		printf("%s\n", _("No serial ports found.  Plug in the USB-RS485 adapter; `dmesg` "
		                 "shows whether the kernel saw it."));
	sp_free_port_list(list);
	return MW_EXIT_OK;
}
