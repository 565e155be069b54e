/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lock.h - a serial port lock that names its holder: flock(2) on the open
 * device (what picocom, and every meterwise, takes) and a lock file in the
 * UUCP convention, /run/lock/LCK..ttyUSB0 holding the PID as ten ASCII
 * digits and a newline (what minicom, ModemManager-aware tools and cu
 * take).  TIOCEXCL alone does not stop root, so it is not relied upon.  A
 * port under a pseudo-terminal path (/dev/pts/3) gets LCK..pts_3.  When the
 * lock directory is not writable (a user outside the lock group), the
 * flock still holds.
 */
#ifndef MW_LOCK_H
#define MW_LOCK_H

#include <stddef.h>
#include <sys/types.h>

struct mw_lock;

/*
 * Lock the port PATH open on fd.  0 and *out set (release it with
 * mw_lock_release), or -1 with "PATH: in use by process N (NAME)..." in err.
 */
int mw_lock_acquire(const char *path, int fd, struct mw_lock **out, char *err, size_t errsz);
void mw_lock_release(struct mw_lock *lk);
/*
 * Who holds PATH, without opening it: the PID (0: nobody, as far as the
 * lock file and the kernel's flock table tell) and its "process N (NAME)"
 * in who.
 */
pid_t mw_lock_holder(const char *path, char *who, size_t whosz);

#endif
