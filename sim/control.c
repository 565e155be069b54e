/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * control.c - the control socket: attach, detach, list, set (control.h).
 * Small on purpose: a few clients, one line in, a few lines out.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "codec.h"
#include "control.h"
#include "i18n.h"
#include "log.h"
#include "physics.h"
#include "dlt.h"
#include "regmap.h"

#define MAX_CLIENTS 8

static int listen_fd = -1;
static char *sock_path;
static struct client {
	int fd;
	char buf[1024];
	size_t len;
} clients[MAX_CLIENTS];

int sim_control_open(const char *path, char *err, size_t errsz)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errsz, _("%s: control socket path too long"), path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(listen_fd, 4) < 0) {
		snprintf(err, errsz, _("%s: cannot listen: %s"), path, strerror(errno));
		return -1;
	}
	sock_path = strdup(path);
	for (int i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	return 0;
}

int sim_control_pollfds(struct pollfd *fds, int max)
{
	int n = 0;

	if (listen_fd < 0 || max < 1 + MAX_CLIENTS)
		return 0;
	fds[n++] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
	for (int i = 0; i < MAX_CLIENTS; i++)
		fds[n++] = (struct pollfd){.fd = clients[i].fd, .events = POLLIN};
	return n;
}

/* Write all of s to fd (small answers; the socket is blocking). */
static void say(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Attach or detach one device or all; returns 0 or -1 if no such id. */
static int attach(struct sim_bus *bus, const char *id, bool on)
{
	int found = 0;
	double now = sim_now();

	for (size_t i = 0; i < bus->n_devs; i++) {
		struct sim_device *d = &bus->devs[i];

		if (strcmp(id, "all") != 0 && strcmp(id, d->id) != 0)
			continue;
		sim_physics_accumulate(d, now, bus->time_scale);
		if (d->attached != on)
			sim_log_note("%s %s", d->id, on ? "attached" : "detached");
		d->attached = on;
		found = 1;
	}
	return found ? 0 : -1;
}

/* A device's address as text: 12 digits for DL/T645, a number for Modbus. */
static void addr_text(const struct sim_device *d, char *buf, size_t sz)
{
	if (d->model->protocol == MW_PROTO_DLT645 && sz >= 13)
		dlt645_addr_format(&d->dlt.addr, buf);
	else
		snprintf(buf, sz, "%d", d->address);
}

/* "show ID" of a DL/T645 meter: line, settings, prepaid state, energy. */
static void show_dlt(int fd, struct sim_device *d, const struct sim_bus *bus)
{
	const struct mw_model *m = d->model;
	char msg[1200], text[1024], a[16];
	static const char *const stages[] = {"none", "alarm1", "alarm2", "exhausted"};

	sim_dlt_update(d, bus);
	addr_text(d, a, sizeof a);
	snprintf(msg, sizeof msg, "line %s %d %s %s\n", a, d->baud, mw_format_name(d->format),
	         d->attached ? "attached" : "detached");
	say(fd, msg);
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];

		if (s->gap || sim_dlt_get_text(d, s, text, sizeof text) < 0)
			continue;
		snprintf(msg, sizeof msg, "setting %s %s\n", s->name, text);
		say(fd, msg);
	}
	snprintf(msg, sizeof msg,
	         "prepaid credit %.4f overdraft %.4f stage %s relay %s key %s guarantee %s\n",
	         d->dlt.credit > 0 ? d->dlt.credit : 0, d->dlt.credit < 0 ? -d->dlt.credit : 0,
	         stages[sim_dlt_stage(d)], d->supply_off ? "open" : "closed",
	         d->dlt.key ? "pressed" : "released", d->dlt.guarantee ? "on" : "off");
	say(fd, msg);
	snprintf(msg, sizeof msg, "energy active_import %.3f active_export %.3f\n",
	         d->energy[SIM_PHASES][SIM_E_ACTIVE_IMPORT],
	         d->energy[SIM_PHASES][SIM_E_ACTIVE_EXPORT]);
	say(fd, msg);
}

/* "show ID": the settings a device holds, one "name value" a line. */
static void show(int fd, struct sim_device *d, const struct sim_bus *bus)
{
	const struct mw_model *m = d->model;
	char msg[512], text[128];

	if (m->protocol == MW_PROTO_DLT645) {
		show_dlt(fd, d, bus);
		return;
	}

	snprintf(msg, sizeof msg, "line %d %d %s %s\n", d->address, d->baud,
	         mw_format_name(d->format), d->attached ? "attached" : "detached");
	say(fd, msg);
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		uint16_t w[2] = {0, 0};
		int n = mw_setting_words(s);
		struct sim_word *sw;

		if (s->gap || n > 2 || s->type == MW_T_DATETIME || s->type == MW_T_SCHEDULE)
			continue;
		for (int j = 0; j < n; j++)
			if ((sw = sim_regmap_word(d, s->table, (uint16_t)(s->reg + j))))
				w[j] = sw->val;
		mw_setting_format(s, mw_setting_decode(s, w), text, sizeof text);
		snprintf(msg, sizeof msg, "setting %s %s\n", s->name, text);
		say(fd, msg);
	}
	sim_physics_accumulate(d, sim_now(), bus->time_scale);
	snprintf(msg, sizeof msg, "energy active_import %.3f active_export %.3f\n",
	         d->energy[SIM_PHASES][SIM_E_ACTIVE_IMPORT],
	         d->energy[SIM_PHASES][SIM_E_ACTIVE_EXPORT]);
	say(fd, msg);
}

/* Run one command line; answer on fd.  Returns 1 if settings changed. */
static int run(int fd, char *line, struct sim_bus *bus)
{
	char *cmd = strtok(line, " \t"), *id = strtok(NULL, " \t"), *rest = strtok(NULL, "");
	char msg[1024], err[512];
	struct sim_device *d;

	if (!cmd) {
		say(fd, "error: empty command; try help\n");
		return 0;
	}
	if (!strcmp(cmd, "help")) {
		say(fd, "list\nshow ID\nattach ID...|all\ndetach ID...|all\nset ID KEY VALUE\n"
		        "press ID\nrelease ID\nadapter [SPEC]\nok\n");
		return 0;
	}
	if (!strcmp(cmd, "adapter")) {
		/* the master's USB adapter: show it, or change it (adapter.h) */
		char spec[300];

		snprintf(spec, sizeof spec, "%s%s%s", id ? id : "", rest ? " " : "",
		         rest ? rest : "");
		if (id && sim_adapter_parse(&bus->adapter, spec, err, sizeof err) < 0) {
			snprintf(msg, sizeof msg, "error: %s\n", err);
			say(fd, msg);
			return 0;
		}
		sim_adapter_text(&bus->adapter, spec, sizeof spec);
		if (id)
			sim_log_note("adapter %s", spec);
		snprintf(msg, sizeof msg, "%s\nok\n", spec);
		say(fd, msg);
		return 0;
	}
	if (!strcmp(cmd, "press") || !strcmp(cmd, "release")) {
		/* The programming key of a DL/T645 meter. */
		if (!id || !(d = sim_bus_device(bus, id)) ||
		    d->model->protocol != MW_PROTO_DLT645) {
			snprintf(msg, sizeof msg,
			         "error: %s: no such DL/T645 device (the programming key is a "
			         "DL/T645 meter's); see list\n",
			         id ? id : "(none)");
			say(fd, msg);
			return 0;
		}
		d->dlt.key = cmd[0] == 'p';
		sim_log_note("%s programming key %s", d->id, d->dlt.key ? "pressed" : "released");
		say(fd, "ok\n");
		return 0;
	}
	if (!strcmp(cmd, "show")) {
		if (!id || !(d = sim_bus_device(bus, id))) {
			snprintf(msg, sizeof msg, "error: %s: no such device; see list\n",
			         id ? id : "(none)");
			say(fd, msg);
			return 0;
		}
		show(fd, d, bus);
		say(fd, "ok\n");
		return 0;
	}
	if (!strcmp(cmd, "list")) {
		for (size_t i = 0; i < bus->n_devs; i++) {
			char a[16];

			d = &bus->devs[i];
			addr_text(d, a, sizeof a);
			snprintf(msg, sizeof msg, "%s %s %s %d %s %s\n", d->id, d->model->id, a,
			         d->baud, mw_format_name(d->format),
			         d->attached ? "attached" : "detached");
			say(fd, msg);
		}
		say(fd, "ok\n");
		return 0;
	}
	if (!strcmp(cmd, "attach") || !strcmp(cmd, "detach")) {
		/* several ids at once: connected in one instant (two meters
		 * wired to the line together), none when one is unknown */
		char *ids[64], *save = NULL;
		size_t n = 0;

		if (id)
			ids[n++] = id;
		for (char *t = rest ? strtok_r(rest, " \t", &save) : NULL; t && n < 64;
		     t = strtok_r(NULL, " \t", &save))
			ids[n++] = t;
		if (!n) {
			say(fd, "error: (none): no such device; see list\n");
			return 0;
		}
		for (size_t k = 0; k < n; k++)
			if (strcmp(ids[k], "all") != 0 && !sim_bus_device(bus, ids[k])) {
				snprintf(msg, sizeof msg, "error: %s: no such device; see list\n",
				         ids[k]);
				say(fd, msg);
				return 0;
			}
		for (size_t k = 0; k < n; k++)
			(void)attach(bus, ids[k], cmd[0] == 'a');
		say(fd, "ok\n");
		return 0;
	}
	if (!strcmp(cmd, "set")) {
		char *key = rest ? strtok(rest, " \t") : NULL,
		     *value = key ? strtok(NULL, "") : NULL;

		if (!id || !(d = sim_bus_device(bus, id))) {
			snprintf(msg, sizeof msg, "error: %s: no such device; see list\n",
			         id ? id : "(none)");
			say(fd, msg);
			return 0;
		}
		if (!key || !value) {
			say(fd, "error: usage: set ID KEY VALUE\n");
			return 0;
		}
		sim_physics_accumulate(d, sim_now(), bus->time_scale);
		if (d->model->protocol == MW_PROTO_DLT645)
			sim_dlt_update(d, bus);
		if (sim_scenario_set(bus, d, key, value, err, sizeof err) < 0) {
			snprintf(msg, sizeof msg, "error: %s\n", err);
			say(fd, msg);
			return 0;
		}
		sim_log_note("%s set %s %s", d->id, key, value);
		say(fd, "ok\n");
		return 1;
	}
	snprintf(msg, sizeof msg, "error: %s: unknown command; try help\n", cmd);
	say(fd, msg);
	return 0;
}

int sim_control_serve(struct pollfd *fds, int n, struct sim_bus *bus)
{
	int changed = 0;

	if (n <= 0)
		return 0;
	if (fds[0].revents & POLLIN) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		for (int i = 0; fd >= 0 && i < MAX_CLIENTS; i++)
			if (clients[i].fd < 0) {
				clients[i].fd = fd;
				clients[i].len = 0;
				fd = -1;
			}
		if (fd >= 0) {
			say(fd, "error: too many control clients\n");
			close(fd);
		}
	}
	for (int i = 0; i < MAX_CLIENTS && 1 + i < n; i++) {
		struct client *c = &clients[i];
		char *nl;
		ssize_t r;

		if (c->fd < 0 || fds[1 + i].fd != c->fd ||
		    !(fds[1 + i].revents & (POLLIN | POLLHUP)))
			continue;
		r = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
		if (r <= 0) {
			close(c->fd);
			c->fd = -1;
			continue;
		}
		c->len += (size_t)r;
		c->buf[c->len] = '\0';
		while ((nl = strchr(c->buf, '\n'))) {
			size_t used = (size_t)(nl - c->buf) + 1;

			*nl = '\0';
			if (nl > c->buf && nl[-1] == '\r')
				nl[-1] = '\0';
			changed |= run(c->fd, c->buf, bus);
			memmove(c->buf, c->buf + used, c->len - used + 1);
			c->len -= used;
		}
		if (c->len >= sizeof c->buf - 1) {
			say(c->fd, "error: line too long\n");
			c->len = 0;
		}
	}
	return changed;
}

void sim_control_close(void)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd >= 0) {
			close(clients[i].fd);
			clients[i].fd = -1;
		}
	if (listen_fd >= 0)
		close(listen_fd);
	listen_fd = -1;
	if (sock_path) {
		unlink(sock_path);
		free(sock_path);
		sock_path = NULL;
	}
}

int sim_control_send(const char *path, const char *command)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char buf[4096], *line;
	size_t len = 0;
	int fd, status = 1;

	if (strlen(path) >= sizeof sa.sun_path)
		return 2;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		fprintf(stderr, _("meterwise-sim: %s: cannot connect to the control socket: %s\n"),
		        path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 2;
	}
	say(fd, command);
	say(fd, "\n");
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);

		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = '\0';
		/* The answer ends with a line "ok" or "error: ...". */
		if (buf[len - 1] != '\n')
			continue;
		line = buf + len - 1;
		while (line > buf && line[-1] != '\n')
			line--;
		if (!strncmp(line, "ok", 2) || !strncmp(line, "error", 5)) {
			status = strncmp(line, "ok", 2) != 0;
			break;
		}
		if (len >= sizeof buf - 1)
			break;
	}
	fputs(buf, stdout);
	close(fd);
	return status;
}
