/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lock.c - serial port locks that name their holder (see lock.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "i18n.h"
#include "lock.h"
#include "xalloc.h"

struct mw_lock {
	char file[PATH_MAX]; /* the lock file we made, "" when none */
	int fd;              /* the device, flocked */
};

/* The lock directory: $MW_LOCK_DIR (tests), /run/lock or /var/lock. */
static const char *lock_dir(void)
{
	const char *d = getenv("MW_LOCK_DIR");

	if (d && *d)
		return d;
	if (access("/run/lock", F_OK) == 0)
		return "/run/lock";
	return "/var/lock";
}

/* LCK..NAME for the device behind path (links resolved). */
static void lock_file(const char *path, char *out, size_t sz)
{
	char real[PATH_MAX], name[200];
	const char *p = realpath(path, real) ? real : path;
	size_t i;

	if (strncmp(p, "/dev/", 5) == 0)
		p += 5;
	else if (strrchr(p, '/'))
		p = strrchr(p, '/') + 1;
	for (i = 0; p[i] && i + 1 < sizeof name; i++)
		name[i] = p[i] == '/' ? '_' : p[i];
	name[i] = '\0';
	snprintf(out, sz, "%s/LCK..%s", lock_dir(), name);
}

/* "process N (NAME)" from /proc. */
static void describe(pid_t pid, char *who, size_t sz)
{
	char path[64], comm[64] = "";
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	f = fopen(path, "r");
	if (f) {
		if (fgets(comm, sizeof comm, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	if (comm[0])
		snprintf(who, sz, _("process %d (%s)"), (int)pid, comm);
	else
		snprintf(who, sz, _("process %d"), (int)pid);
}

/* The live PID in a lock file; 0 when none, stale or unreadable. */
static pid_t file_holder(const char *file)
{
	char buf[32];
	FILE *f = fopen(file, "r");
	long pid = 0;

	if (!f)
		return 0;
	if (fgets(buf, sizeof buf, f))
		pid = strtol(buf, NULL, 10);
	fclose(f);
	if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
		return 0;
	return (pid_t)pid;
}

/* The PID holding a flock (or POSIX lock) on path, from /proc/locks; 0: none. */
static pid_t flock_holder(const char *path)
{
	struct stat st;
	char line[256];
	pid_t found = 0;
	FILE *f;

	if (stat(path, &st) < 0 || !(f = fopen("/proc/locks", "r")))
		return 0;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned int maj, mi;
		unsigned long ino;
		int pid;

		if (strstr(line, "->"))
			continue; /* a waiter, not a holder */
		if (sscanf(line, "%*d: %*s %*s %*s %d %x:%x:%lu", &pid, &maj, &mi, &ino) == 4 &&
		    ino == (unsigned long)st.st_ino && maj == major(st.st_dev) &&
		    mi == minor(st.st_dev) && pid > 0)
			found = pid;
	}
	fclose(f);
	return found;
}

pid_t mw_lock_holder(const char *path, char *who, size_t whosz)
{
	char file[PATH_MAX];
	pid_t pid;

	lock_file(path, file, sizeof file);
	pid = file_holder(file);
	if (!pid)
		pid = flock_holder(path);
	if (pid && who)
		describe(pid, who, whosz);
	else if (who && whosz)
		who[0] = '\0';
	return pid;
}

/* The message for a port held by pid. */
static void busy_error(const char *path, pid_t pid, char *err, size_t errsz)
{
	char who[128];

	if (!err || !errsz)
		return;
	if (pid > 0) {
		describe(pid, who, sizeof who);
		snprintf(err, errsz, _("%s: in use by %s; close that program and retry"), path,
		         who);
	} else {
		snprintf(err, errsz,
		         _("%s: in use by another program (it holds a lock); close it and retry"),
		         path);
	}
}

int mw_lock_acquire(const char *path, int fd, struct mw_lock **out, char *err, size_t errsz)
{
	struct mw_lock *lk;
	char file[PATH_MAX], buf[16];
	pid_t pid;
	int lfd = -1;

	*out = NULL;
	lock_file(path, file, sizeof file);
	pid = file_holder(file);
	if (pid && pid != getpid()) {
		busy_error(path, pid, err, errsz);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
		busy_error(path, flock_holder(path), err, errsz);
		return -1;
	}
	lk = mw_xcalloc(1, sizeof *lk);
	lk->fd = fd;
	if (!pid) {
		(void)unlink(file); /* stale, or none */
		lfd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	}
	if (lfd >= 0) {
		int n = snprintf(buf, sizeof buf, "%10d\n", (int)getpid());

		if (write(lfd, buf, (size_t)n) == n)
			snprintf(lk->file, sizeof lk->file, "%s", file);
		else
			(void)unlink(file);
		close(lfd);
	}
	*out = lk;
	return 0;
}

void mw_lock_release(struct mw_lock *lk)
{
	if (!lk)
		return;
	if (lk->file[0] && file_holder(lk->file) == getpid())
		(void)unlink(lk->file);
	free(lk);
}
