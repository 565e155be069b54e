/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adapter.c - the simulated USB-RS485 adapter (see adapter.h).  The latency
 * timer runs freely on the simulator's clock: a byte that reaches the chip
 * at time w is handed over at the next tick at or after w, unless the
 * bytes waiting fill the chip's buffer first (then at once).  The lag is
 * added to every hand-over.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adapter.h"
#include "numfmt.h"
#include "sim.h"

#define DEFAULT_BUFFER 62 /* an FTDI chip's bytes per USB packet */

/* A number of milliseconds 0..1000 in value; -1 when it is none. */
static int get_ms(const char *value, double *out)
{
	char *end = NULL;
	double v = value ? mw_numfmt_strtod(value, &end) : NAN;

	if (!value || !*value || !end || *end || !(v >= 0 && v <= 1000))
		return -1;
	*out = v;
	return 0;
}

int sim_adapter_set(struct sim_adapter *a, const char *key, const char *value, char *err,
                    size_t errsz)
{
	double v;

	if (!strcmp(key, "latency") || !strcmp(key, "latency_ms")) {
		if (get_ms(value, &a->latency_ms) < 0)
			goto bad_ms;
		return 0;
	}
	if (!strcmp(key, "lag") || !strcmp(key, "lag_ms")) {
		if (get_ms(value, &a->lag_ms) < 0)
			goto bad_ms;
		return 0;
	}
	if (!strcmp(key, "buffer") || !strcmp(key, "buffer_bytes")) {
		if (get_ms(value, &v) < 0 || v < 1 || v != floor(v)) {
			snprintf(err, errsz, "adapter %s: %s: expected bytes, 1 to 1000", key,
			         value ? value : "");
			return -1;
		}
		a->buffer = (int)v;
		return 0;
	}
	if (!strcmp(key, "echo_noise_after")) {
		if (get_ms(value, &v) < 0 || v != floor(v)) {
			snprintf(err, errsz,
			         "adapter %s: %s: expected a count of frames, 0 to 1000", key,
			         value ? value : "");
			return -1;
		}
		a->echo_noise_after = (int)v;
		return 0;
	}
	if (!strcmp(key, "echo")) {
		if (!value || !strcmp(value, "on") || !strcmp(value, "true") ||
		    !strcmp(value, "yes"))
			a->echo = true;
		else if (!strcmp(value, "off") || !strcmp(value, "false") || !strcmp(value, "no"))
			a->echo = false;
		else {
			snprintf(err, errsz, "adapter echo: %s: expected on or off", value);
			return -1;
		}
		return 0;
	}
	snprintf(err, errsz,
	         "adapter: unknown key \"%s\" (latency, lag, buffer, echo, echo_noise_after)", key);
	return -1;
bad_ms:
	snprintf(err, errsz, "adapter %s: %s: expected milliseconds, 0 to 1000", key,
	         value ? value : "");
	return -1;
}

int sim_adapter_parse(struct sim_adapter *a, const char *spec, char *err, size_t errsz)
{
	char buf[256], *save = NULL, *tok;
	struct sim_adapter n = *a;

	if (strlen(spec) >= sizeof buf) {
		snprintf(err, errsz, "adapter: specification too long");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", spec);
	for (tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *eq = strchr(tok, '=');

		if (!strcmp(tok, "none")) {
			memset(&n, 0, sizeof n);
			continue;
		}
		if (!strcmp(tok, "ftdi")) {
			n.latency_ms = 16;
			n.buffer = DEFAULT_BUFFER;
			continue;
		}
		if (eq)
			*eq++ = '\0';
		if (sim_adapter_set(&n, tok, eq, err, errsz) < 0)
			return -1;
	}
	*a = n;
	return 0;
}

void sim_adapter_text(const struct sim_adapter *a, char *buf, size_t sz)
{
	if (a->latency_ms <= 0 && a->lag_ms <= 0 && !a->echo) {
		snprintf(buf, sz, "none");
		return;
	}
	snprintf(buf, sz, "latency=%g,lag=%g,buffer=%d,echo=%s", a->latency_ms, a->lag_ms,
	         a->buffer > 0 ? a->buffer : DEFAULT_BUFFER, a->echo ? "on" : "off");
}

/* Sleep until sim time t (seconds). */
static void sleep_until(double t)
{
	struct timespec ts;

	sim_time_to_ts(t, &ts);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Write a burst, sleeping until it is due. */
static void burst(int fd, const uint8_t *p, size_t n, double due)
{
	if (n == 0)
		return;
	sleep_until(due);
	if (write(fd, p, n) < 0 && errno != EAGAIN)
		return;
}

void sim_adapter_deliver(const struct sim_adapter *a, int fd, const uint8_t *byte,
                         const uint8_t *used, size_t slots, double s0, double t)
{
	double tick = a && a->latency_ms > 0 ? a->latency_ms / 1000.0 : 0;
	double lag = a && a->lag_ms > 0 ? a->lag_ms / 1000.0 : 0;
	size_t cap = a && a->buffer > 0 ? (size_t)a->buffer : DEFAULT_BUFFER;
	uint8_t *out = malloc(slots ? slots : 1);
	size_t n = 0;
	double due = 0;

	if (!out)
		return;
	if (tick <= 0 && lag <= 0) {
		/* a plain line: every byte whose time has come, in one write */
		for (size_t k = 0; k < slots; k++) {
			size_t first = k;

			if (!used[k])
				continue;
			sleep_until(s0 + (double)(k + 1) * t);
			while (k + 1 < slots && used[k + 1] &&
			       s0 + (double)(k + 2) * t <= sim_now())
				k++;
			if (write(fd, byte + first, k - first + 1) < 0 && errno != EAGAIN)
				break;
		}
		free(out);
		return;
	}
	for (size_t k = 0; k < slots; k++) {
		double w = s0 + (double)(k + 1) * t; /* the byte reaches the chip */

		if (!used[k])
			continue;
		if (n > 0 && w > due) { /* the timer fired before this byte */
			burst(fd, out, n, due + lag);
			n = 0;
		}
		if (n == 0)
			due = tick > 0 ? ceil(w / tick - 1e-9) * tick : w;
		out[n++] = byte[k];
		if (n >= cap) { /* the buffer is full: handed over now */
			burst(fd, out, n, w + lag);
			n = 0;
		}
	}
	burst(fd, out, n, due + lag);
	free(out);
}
