/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - meterwise-sim: a virtual RS-485 bus of energy meters on a
 * pseudo-terminal.  Reads the scenario, opens the line, and serves:
 * requests are cut from the byte stream by the function code's length
 * rules and by silence, checked (CRC), heard by the devices whose line
 * settings match the master's, and answered after the request's own line
 * time and the device's turnaround, paced at the line rate.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "dlt.h"
#include "i18n.h"
#include "line.h"
#include "log.h"
#include "crc16.h"
#include "modbus.h"
#include "regmap.h"
#include "selfdir.h"
#include "state.h"
#include "version.h"

#define RX_MAX 1024

static volatile sig_atomic_t stopping;

/* Bytes heard from the master, not yet cut into frames. */
struct rx {
	uint8_t buf[RX_MAX];
	size_t len;
	double first; /* sim time the first byte arrived */
	double last;  /* sim time of the last read */
	int baud;     /* master's settings when the first byte arrived */
	int fmt;
};

/* Run-time options. */
struct opts {
	const char *scenario, *link, *log, *state, *devices, *control, *command;
	const char *adapter; /* --adapter SPEC, over the scenario's */
	bool detached;
	long long seed;
	bool has_seed;
};

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "%s",
	        _("Usage: meterwise-sim --scenario FILE [--link PATH] [--log FILE] [--state FILE]\n"
	          "                     [--devices DIR] [--control PATH] [--seed N] [--detached]\n"
	          "                     [--adapter SPEC]\n"
	          "       meterwise-sim --control PATH --command 'attach ID'\n"
	          "A virtual RS-485 bus of energy meters on a pseudo-terminal.\n\n"
	          "  -s, --scenario FILE  devices, physics and faults to simulate (YAML)\n"
	          "  -l, --link PATH      make PATH a symbolic link to the pseudo-terminal\n"
	          "  -L, --log FILE       append every request, reply and event to FILE\n"
	          "  -S, --state FILE     keep device settings and energy in FILE across runs\n"
	          "  -d, --devices DIR    look for device files in DIR first\n"
	          "  -c, --control PATH   listen for commands on a unix socket at PATH\n"
	          "  -C, --command CMD    send CMD to a running simulator's --control socket\n"
	          "      --seed N         seed the noise, the faults and the collisions\n"
	          "      --detached       start with every device disconnected\n"
	          "      --adapter SPEC   the master's USB adapter: ftdi, none, or\n"
	          "                       latency=MS,lag=MS,buffer=BYTES,echo\n"
	          "  -h, --help           show this help\n"
	          "  -V, --version        show the version\n\n"
	          "The path of the line is printed on standard output; SIGINT or SIGTERM stops\n"
	          "the simulator and removes the link.  See meterwise-sim(1).\n"));
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {{"scenario", required_argument, NULL, 's'},
	                                      {"link", required_argument, NULL, 'l'},
	                                      {"log", required_argument, NULL, 'L'},
	                                      {"state", required_argument, NULL, 'S'},
	                                      {"devices", required_argument, NULL, 'd'},
	                                      {"control", required_argument, NULL, 'c'},
	                                      {"command", required_argument, NULL, 'C'},
	                                      {"seed", required_argument, NULL, 'r'},
	                                      {"detached", no_argument, NULL, 'D'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {"version", no_argument, NULL, 'V'},
	                                      {"adapter", required_argument, NULL, 'A'},
	                                      {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "s:l:L:S:d:c:C:hV", longs, NULL)) != -1) {
		switch (c) {
		case 's':
			o->scenario = optarg;
			break;
		case 'l':
			o->link = optarg;
			break;
		case 'L':
			o->log = optarg;
			break;
		case 'S':
			o->state = optarg;
			break;
		case 'd':
			o->devices = optarg;
			break;
		case 'c':
			o->control = optarg;
			break;
		case 'C':
			o->command = optarg;
			break;
		case 'r':
			o->seed = strtoll(optarg, NULL, 0);
			o->has_seed = true;
			break;
		case 'D':
			o->detached = true;
			break;
		case 'A':
			o->adapter = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			mw_version_print(stdout, "meterwise-sim (" PACKAGE_NAME ")");
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("meterwise-sim: unexpected argument \"%s\"; see --help\n"),
		        argv[optind]);
		return -1;
	}
	if (o->command && !o->control) {
		fprintf(stderr, "%s", _("meterwise-sim: --command needs --control PATH\n"));
		return -1;
	}
	if (!o->command && !o->scenario) {
		fprintf(stderr, "%s",
		        _("meterwise-sim: no scenario; give --scenario FILE (shipped ones are in "
		          "the scenarios directory, see meterwise-sim(1))\n"));
		return -1;
	}
	return 0;
}

/* Save the state file, reporting failures on stderr. */
static void save_state(struct sim_bus *bus, const struct opts *o)
{
	char err[512];

	if (o->state && sim_state_save(bus, o->state, err, sizeof err) < 0)
		fprintf(stderr, "meterwise-sim: %s\n", err);
}

/*
 * Answer one complete, checked frame heard at sim time `first`: Modbus
 * (CRC checked), or DL/T645 when dlt is not NULL (dlt is the frame read
 * from req, its checksum checked).
 */
static void serve_frame(struct sim_line *line, struct sim_bus *bus, const struct opts *o,
                        const uint8_t *req, size_t len, double first, int baud, int fmt,
                        const struct dlt645_frame *dlt, size_t lead)
{
	struct sim_reply replies[16];
	struct sim_tx tx[16];
	uint8_t sent[4096];
	char note[256], who[200];
	bool changed = false;
	double t, end;
	int n, m = 0;
	size_t nsent;

	snprintf(note, sizeof note, "%d %s%s", baud, fmt >= 0 ? mw_format_name(fmt) : "?",
	         dlt ? ", DL/T645" : "");
	sim_log_frame(first, "RX", req, len, note);
	if (baud <= 0 || fmt < 0)
		return;
	t = sim_line_char_time(baud, (enum mw_format)fmt);
	end = first + (double)len * t; /* the request's own time on the wire */
	if (dlt)
		n = sim_dlt_handle(bus, dlt, baud, (enum mw_format)fmt, replies, 16);
	else
		n = sim_modbus_handle(bus, req, len, baud, (enum mw_format)fmt, replies, 16,
		                      &changed);
	who[0] = '\0';
	for (int i = 0; i < n; i++) {
		struct sim_device *d = replies[i].dev;
		double turn = d->turnaround_ms + d->faults.extra_turnaround_ms +
		              bus->faults.extra_turnaround_ms;

		if (sim_random() < d->faults.drop_rate || sim_random() < bus->faults.drop_rate) {
			sim_log_note("%s reply dropped (fault)", d->id);
			continue;
		}
		if (sim_random() < d->faults.crc_error_rate ||
		    sim_random() < bus->faults.crc_error_rate) {
			/* DL/T645: the checksum, before the end byte 16. */
			replies[i].buf[replies[i].len - (dlt ? 2 : 1)] ^=
			    (uint8_t)(1 + sim_random() * 255);
			sim_log_note("%s reply %s corrupted (fault)", d->id,
			             dlt ? "checksum" : "CRC");
		}
		tx[m].buf = replies[i].buf;
		tx[m].len = replies[i].len;
		tx[m].start = end + turn / 1000.0;
		snprintf(who + strlen(who), sizeof who - strlen(who), "%s%s", m ? "," : "", d->id);
		m++;
	}
	if (bus->adapter.echo) {
		/* a 2-wire converter hears the master's own bytes as they go out:
		 * every one, the lead bytes before a frame (DL/T645 wake-up FE) too */
		struct sim_tx echo = {req - lead, len + lead, first - (double)lead * t};
		uint8_t back[1024], noisy[1024];
		size_t nb;
		bool noise = bus->adapter.echo_noise_after > 0 &&
		             ++bus->adapter.frames > (unsigned long)bus->adapter.echo_noise_after &&
		             len <= sizeof noisy;

		if (noise) {
			/* noise on the line: the echo is not what the master sent */
			memcpy(noisy, req, len);
			noisy[len / 2] ^= 0x5A;
			echo.buf = noisy;
		}
		nb = sim_line_transmit(line, &echo, 1, t, back, sizeof back);
		sim_log_frame(first, "TX", back, nb,
		              noise ? "adapter echo, corrupted" : "adapter echo");
	}
	if (m > 0) {
		double start = tx[0].start;

		for (int i = 1; i < m; i++)
			start = fmin(start, tx[i].start);
		nsent = sim_line_transmit(line, tx, m, t, sent, sizeof sent);
		if (m > 1) {
			snprintf(note, sizeof note, "collision %s", who);
			sim_log_frame(start, "TX", sent, nsent, note);
		} else {
			sim_log_frame(start, "TX", sent, nsent, who);
		}
	}
	/* New line settings answer only now that the reply is on the line. */
	for (size_t i = 0; i < bus->n_devs; i++) {
		struct sim_device *d = &bus->devs[i];

		if (!d->line_pending)
			continue;
		if (d->model->protocol == MW_PROTO_DLT645) {
			sim_dlt_apply_line(d);
			sim_log_note("%s now answers at %d %s", d->id, d->baud,
			             mw_format_name(d->format));
			continue;
		}
		sim_regmap_apply_line(d);
		sim_log_note("%s now answers at address %d, %d %s", d->id, d->address, d->baud,
		             mw_format_name(d->format));
	}
	if (changed)
		save_state(bus, o);
}

/* Cut frames from rx; with `silence` the rest is one frame (or noise). */
static void cut_frames(struct rx *rx, struct sim_line *line, struct sim_bus *bus,
                       const struct opts *o, bool silence)
{
	size_t used = 0;
	char note[128];
	double t = rx->baud > 0 && rx->fmt >= 0
	               ? sim_line_char_time(rx->baud, (enum mw_format)rx->fmt)
	               : 0;

	snprintf(note, sizeof note, "%d %s, ", rx->baud,
	         rx->fmt >= 0 ? mw_format_name((enum mw_format)rx->fmt) : "?");
	while (rx->len > used) {
		const uint8_t *b = rx->buf + used;
		size_t avail = rx->len - used;
		int need;
		uint16_t crc;

		/* DL/T645: wake-up bytes FE or a frame start 68 (after noise: at the silence). */
		if (b[0] == 0xFE || b[0] == 0x68 || silence) {
			struct dlt645_frame f;
			struct dlt645_scan sc;
			int r = dlt645_find(b, avail, &f, &sc);

			if (r == 1) {
				if (sc.garbage) {
					char nn[160];

					snprintf(nn, sizeof nn,
					         "%snoise before a DL/T645 frame, ignored", note);
					sim_log_frame(rx->first, "RX", b, sc.start, nn);
				}
				serve_frame(line, bus, o, b + sc.start, sc.end - sc.start,
				            rx->first + (double)(used + sc.start) * t, rx->baud,
				            rx->fmt, &f, sc.start);
				used += sc.end;
				continue;
			}
			if (r == 0 && !silence && (b[0] == 0xFE || b[0] == 0x68))
				break; /* a frame may be on its way */
			if (silence && r == 0 && (b[0] == 0xFE || b[0] == 0x68) &&
			    sc.problem != DLT645_P_NONE && sc.problem != DLT645_P_GARBAGE) {
				snprintf(note + strlen(note), sizeof note - strlen(note),
				         "DL/T645 %s, ignored", dlt645_problem_text(sc.problem));
				sim_log_frame(rx->first, "RX", b, avail, note);
				used = rx->len;
				break;
			}
		}
		if (avail < 4)
			break;
		need = sim_modbus_request_len(b, avail);
		if (need == 0 || (need > 0 && (size_t)need > avail) || need < 0) {
			if (!silence)
				break;
			need = (int)avail; /* the silence ends it */
		}
		crc = mw_crc16(b, (size_t)need - 2);
		if (b[need - 2] != (crc & 0xFF) || b[need - 1] != (crc >> 8)) {
			if (!silence)
				break; /* wait for the silence, then drop it all */
			strcat(note, "bad CRC, ignored");
			sim_log_frame(rx->first, "RX", b, avail, note);
			used = rx->len;
			break;
		}
		serve_frame(line, bus, o, b, (size_t)need, rx->first + (double)used * t, rx->baud,
		            rx->fmt, NULL, 0);
		used += (size_t)need;
	}
	if (silence && used < rx->len) {
		strcat(note, "noise, ignored");
		sim_log_frame(rx->first, "RX", rx->buf + used, rx->len - used, note);
		used = rx->len;
	}
	memmove(rx->buf, rx->buf + used, rx->len - used);
	rx->len -= used;
}

/* Send a burst of random bytes (the garbage fault). */
static void garbage(struct sim_line *line, const struct sim_bus *bus)
{
	uint8_t b[256];
	int max = bus->faults.garbage_max > 0 ? bus->faults.garbage_max : 8;
	int n = 1 + (int)(sim_random() * (max > 256 ? 256 : max));

	for (int i = 0; i < n; i++)
		b[i] = (uint8_t)(sim_random() * 256);
	if (write(line->master, b, (size_t)n) > 0)
		sim_log_frame(sim_now(), "TX", b, (size_t)n, "garbage (fault)");
}

/* Time until the next garbage burst: exponential at the configured rate. */
static double next_garbage(const struct sim_bus *bus)
{
	if (bus->faults.garbage_rate <= 0)
		return INFINITY;
	return sim_now() - log(1.0 - sim_random()) / bus->faults.garbage_rate;
}

static int serve(struct sim_line *line, struct sim_bus *bus, const struct opts *o)
{
	struct rx rx = {.len = 0};
	double garbage_at = next_garbage(bus);
	sigset_t none;

	sigemptyset(&none);
	while (!stopping) {
		struct pollfd fds[16];
		int nf = 1, nc;
		double wake = garbage_at, now;
		struct timespec ts, *tp = NULL;

		fds[0] = (struct pollfd){.fd = line->master, .events = POLLIN};
		nc = sim_control_pollfds(fds + 1, 15);
		nf += nc;
		if (rx.len > 0) {
			double t = rx.baud > 0
			               ? sim_line_char_time(
			                     rx.baud, (enum mw_format)(rx.fmt >= 0 ? rx.fmt : 0))
			               : 0.001;

			wake = fmin(wake, rx.last + fmax(3.5 * t, 0.002));
		}
		if (isfinite(wake)) {
			double dt = fmax(0, wake - sim_now());

			ts.tv_sec = (time_t)dt;
			ts.tv_nsec = (long)((dt - (double)ts.tv_sec) * 1e9);
			tp = &ts;
		}
		if (ppoll(fds, (nfds_t)nf, tp, &none) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "meterwise-sim: poll: %s\n", strerror(errno));
			return -1;
		}
		now = sim_now();
		if (fds[0].revents & POLLIN) {
			ssize_t r;

			if (rx.len == 0) {
				rx.first = now;
				sim_line_settings(line, &rx.baud, &rx.fmt);
			}
			r = read(line->master, rx.buf + rx.len, RX_MAX - rx.len);
			if (r > 0) {
				rx.len += (size_t)r;
				rx.last = now;
				cut_frames(&rx, line, bus, o, rx.len == RX_MAX);
			}
		}
		if (rx.len > 0 && !(fds[0].revents & POLLIN)) {
			double t = rx.baud > 0
			               ? sim_line_char_time(
			                     rx.baud, (enum mw_format)(rx.fmt >= 0 ? rx.fmt : 0))
			               : 0.001;

			if (sim_now() >= rx.last + fmax(3.5 * t, 0.002))
				cut_frames(&rx, line, bus, o, true);
		}
		if (nc > 0 && sim_control_serve(fds + 1, nc, bus))
			save_state(bus, o);
		if (sim_now() >= garbage_at) {
			garbage(line, bus);
			garbage_at = next_garbage(bus);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	const char *localedir;
	char locbuf[4096];
	struct sim_bus *bus;
	struct sim_line line;
	char err[1024];
	struct sigaction sa = {0};
	sigset_t block;
	int rc;

	setlocale(LC_ALL, "");
	/* Everything the simulator prints or parses with numbers is for
	   machines (state file, control socket, log, scenarios): '.' always. */
	setlocale(LC_NUMERIC, "C");
	/* MW_LOCALEDIR: catalogs of an uninstalled build (tests, translators). */
	localedir = getenv("MW_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir
	                            ? localedir
	                            : mw_selfdir_installed(LOCALEDIR, locbuf, sizeof locbuf));
	textdomain(PACKAGE);
	if (parse_opts(argc, argv, &o) < 0)
		return 2;
	if (o.command)
		return sim_control_send(o.control, o.command);
	sim_now(); /* time zero */
	bus = sim_scenario_load(o.scenario, o.devices, err, sizeof err);
	if (!bus) {
		fprintf(stderr, "meterwise-sim: %s\n", err);
		return 1;
	}
	sim_random_seed(o.has_seed  ? (uint64_t)o.seed
	                : bus->seed ? bus->seed
	                            : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
	if (o.adapter && sim_adapter_parse(&bus->adapter, o.adapter, err, sizeof err) < 0) {
		fprintf(stderr, "meterwise-sim: --adapter %s: %s\n", o.adapter, err);
		sim_bus_free(bus);
		return 2;
	}
	if (o.detached)
		for (size_t i = 0; i < bus->n_devs; i++)
			bus->devs[i].attached = false;
	if (o.state && sim_state_load(bus, o.state, err, sizeof err) < 0) {
		fprintf(stderr, "meterwise-sim: %s\n", err);
		sim_bus_free(bus);
		return 1;
	}
	if ((o.log && sim_log_open(o.log, err, sizeof err) < 0) ||
	    (o.control && sim_control_open(o.control, err, sizeof err) < 0) ||
	    sim_line_open(&line, o.link, err, sizeof err) < 0) {
		fprintf(stderr, "meterwise-sim: %s\n", err);
		sim_control_close();
		sim_log_close();
		sim_bus_free(bus);
		return 1;
	}
	line.adapter = &bus->adapter;
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sim_log_note("meterwise-sim %s: %zu devices from %s on %s", PACKAGE_VERSION, bus->n_devs,
	             o.scenario, line.slave_name);
	printf("%s\n", o.link ? o.link : line.slave_name);
	fflush(stdout);
	rc = serve(&line, bus, &o);
	save_state(bus, &o);
	sim_log_note("stopped");
	sim_line_close(&line);
	sim_control_close();
	sim_log_close();
	sim_bus_free(bus);
	return rc < 0 ? 1 : 0;
}
