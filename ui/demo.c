/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * demo.c - start and stop meterwise-sim for `meterwise --demo`.  The
 * child gets its own process group (Ctrl-C in the TUI is ours to handle),
 * its output goes to files in the private directory (shown if it fails to
 * start), and stopping waits for it so no simulator outlives meterwise.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "i18n.h"
#include "selfdir.h"

static bool executable(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* meterwise-sim next to this program, else on PATH. */
static int find_sim(char *out, size_t sz)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *path = getenv("PATH");

	if (n > 0) {
		self[n] = 0;
		snprintf(out, sz, "%s/meterwise-sim", dirname(self));
		if (executable(out))
			return 0;
	}
	while (path && *path) {
		size_t len = strcspn(path, ":");

		snprintf(out, sz, "%.*s/meterwise-sim", (int)len, path);
		if (len && executable(out))
			return 0;
		path += len + (path[len] == ':');
	}
	return -1;
}

/* The demo-panel scenario: source tree when uninstalled, else installed. */
static int find_scenario(char *out, size_t sz)
{
	const char *env = getenv("MW_DEMO_SCENARIO");
	char top_build[4096], top_src[4096], data[4096];

	if (env && env[0]) {
		snprintf(out, sz, "%s", env);
		return access(out, R_OK);
	}
	if (mw_selfdir_build(top_build, sizeof top_build, top_src, sizeof top_src) == 0) {
		if ((size_t)snprintf(out, sz, "%s/sim/scenarios/demo-panel.yaml", top_src) < sz &&
		    access(out, R_OK) == 0)
			return 0;
	}
	/* sim/local.mk installs the scenarios as pkgdatadir/scenarios */
	if ((size_t)snprintf(out, sz, "%s/scenarios/demo-panel.yaml",
	                     mw_selfdir_installed(PKGDATADIR, data, sizeof data)) >= sz)
		return -1;
	return access(out, R_OK);
}

/* First line of a file, for an error message. */
static void first_line(const char *path, char *buf, size_t sz)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (f) {
		if (fgets(buf, (int)sz, f))
			buf[strcspn(buf, "\n")] = 0;
		fclose(f);
	}
}

int mw_demo_start(struct mw_demo *d, const struct mw_demo_opts *o, char *err, size_t errsz)
{
	char sim[4096], scen[4096], out[400], errf[400], msg[256];
	char *argv[64], *extra = NULL;
	int argc = 0, status;
	const char *tmp = getenv("TMPDIR");

	memset(d, 0, sizeof *d);
	if (find_sim(sim, sizeof sim) < 0) {
		snprintf(err, errsz, "%s",
		         _("meterwise-sim not found next to meterwise or on PATH: install it or "
		           "run from the build tree"));
		return -1;
	}
	if (o->scenario)
		snprintf(scen, sizeof scen, "%s", o->scenario);
	else if (find_scenario(scen, sizeof scen) < 0) {
		snprintf(err, errsz, _("%s: demo scenario not found (is meterwise installed?)"),
		         scen);
		return -1;
	}
	snprintf(d->dir, sizeof d->dir, "%s/meterwise-demo.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(d->dir)) {
		snprintf(err, errsz, _("%s: cannot create a temporary directory: %s"), d->dir,
		         strerror(errno));
		d->dir[0] = 0;
		return -1;
	}
	snprintf(d->link, sizeof d->link, "%s/bus", d->dir);
	snprintf(out, sizeof out, "%s/sim.out", d->dir);
	snprintf(errf, sizeof errf, "%s/sim.err", d->dir);
	argv[argc++] = sim;
	argv[argc++] = "--scenario";
	argv[argc++] = scen;
	argv[argc++] = "--link";
	argv[argc++] = d->link;
	if (o->log) {
		argv[argc++] = "--log";
		argv[argc++] = (char *)o->log;
	}
	if (o->state) {
		argv[argc++] = "--state";
		argv[argc++] = (char *)o->state;
	}
	if (o->extra && (extra = strdup(o->extra)))
		for (char *sp, *t = strtok_r(extra, " \t", &sp); t && argc < 62;
		     t = strtok_r(NULL, " \t", &sp))
			argv[argc++] = t;
	argv[argc] = NULL;
	d->pid = fork();
	if (d->pid == 0) {
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fi = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* no simulator outlives a crashed meterwise */
		if (fo < 0 || fe < 0 || fi < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(sim, argv);
		_exit(127);
	}
	free(extra);
	if (d->pid < 0) {
		snprintf(err, errsz, _("cannot start %s: %s"), sim, strerror(errno));
		mw_demo_stop(d);
		return -1;
	}
	for (int i = 0; i < 400; i++) {
		struct timespec ts = {0, 25000000};

		if (access(d->link, F_OK) == 0)
			return 0;
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			break;
		}
		nanosleep(&ts, NULL);
	}
	first_line(errf, msg, sizeof msg);
	snprintf(err, errsz, _("%s did not start on %s: %s"), sim, scen,
	         msg[0] ? msg : _("no message"));
	mw_demo_stop(d);
	return -1;
}

/* Remove a file in the demo directory. */
static void rm_in(const char *dir, const char *name)
{
	char p[400];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
}

void mw_demo_stop(struct mw_demo *d)
{
	if (d->pid > 0) {
		int status;
		bool gone = false;

		kill(d->pid, SIGTERM);
		for (int i = 0; i < 200 && !gone; i++) {
			struct timespec ts = {0, 10000000};

			gone = waitpid(d->pid, &status, WNOHANG) == d->pid;
			if (!gone)
				nanosleep(&ts, NULL);
		}
		if (!gone) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &status, 0);
		}
		d->pid = 0;
	}
	if (d->dir[0]) {
		rm_in(d->dir, "bus");
		rm_in(d->dir, "sim.out");
		rm_in(d->dir, "sim.err");
		rmdir(d->dir);
		d->dir[0] = 0;
	}
}
