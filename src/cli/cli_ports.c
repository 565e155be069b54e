/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_ports.c - `meterwise ports`: serial ports through libserialport,
 * with USB vendor and product ids, product, manufacturer, serial number
 * and description.  A port meterwise cannot open is marked, with how to
 * fix it.
 */
#include "config.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "json.h"
#include "ports.h"

int mw_cli_ports(int argc, char **argv)
{
	struct mw_port *list = NULL;
	struct mw_json j;
	bool json = false;
	char err[256];
	int opt, n;

	optind = 1;
	while ((opt = mw_cli_getopt("ports", argc, argv)) != -1) {
		switch (opt) {
		case MW_OPT_JSON:
			json = true;
			break;
		case 'h':
			mw_cli_usage("ports", stdout);
			return MW_EXIT_OK;
		case MW_OPT_VERSION:
			mw_cli_version();
			return MW_EXIT_OK;
		default:
			mw_cli_try_help("ports");
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		n = mw_ports_state((const char *const *)argv + optind, argc - optind, &list);
	else
		n = mw_ports_list(&list, err, sizeof err);
	if (n < 0) {
		mw_cli_error("ports", "%s", err);
		return MW_EXIT_DEVICE;
	}
	if (json) {
		mw_json_init(&j, stdout, true);
		mw_json_arr_begin(&j, NULL);
	}
	for (int i = 0; i < n; i++) {
		const struct mw_port *p = &list[i];

		if (json) {
			char id[16];

			mw_json_obj_begin(&j, NULL);
			mw_json_str(&j, "port", p->name);
			mw_json_str(&j, "transport", p->usb ? "usb" : "native");
			if (p->usb) {
				snprintf(id, sizeof id, "%04x:%04x", p->vid, p->pid);
				mw_json_str(&j, "usb_id", id);
				mw_json_str(&j, "manufacturer", p->manufacturer);
				mw_json_str(&j, "product", p->product);
				mw_json_str(&j, "serial", p->serial);
			}
			mw_json_str(&j, "description", p->desc);
			if (p->chip[0])
				mw_json_str(&j, "chip", p->chip);
			if (p->timer_ms >= 0) {
				mw_json_int(&j, "latency_timer_ms", p->timer_ms);
				mw_json_str(&j, "latency_timer_file", p->timer_file);
			}
			mw_json_str(&j, "state", p->state[0] ? p->state : "ok");
			if (p->fix[0])
				mw_json_str(&j, "fix", p->fix);
			if (p->holder_pid)
				mw_json_int(&j, "holder_pid", p->holder_pid);
			mw_json_obj_end(&j);
			continue;
		}
		printf("%s", p->name);
		if (p->usb)
			printf("  USB %04x:%04x", p->vid, p->pid);
		if (p->manufacturer[0])
			printf("  %s", p->manufacturer);
		if (p->product[0])
			printf("  %s", p->product);
		if (p->serial[0])
			printf(_("  serial %s"), p->serial);
		if (p->desc[0] && strcmp(p->desc, p->product) != 0)
			printf("  (%s)", p->desc);
		if (p->chip[0])
			printf(_("  chip %s"), p->chip);
		if (p->timer_ms >= 0)
			printf(_("  latency timer %d ms"), p->timer_ms);
		if (p->state[0])
			printf("  [%s: %s]", p->state, p->fix);
		printf("\n");
		if (p->timer_fix[0])
			printf("    %s\n", p->timer_fix);
	}
	if (json)
		mw_json_arr_end(&j);
	else if (n == 0)
		printf("%s\n", _("No serial ports found.  Plug in the USB-RS485 adapter; `dmesg` "
		                 "shows whether the kernel saw it."));
	free(list);
	return MW_EXIT_OK;
}
