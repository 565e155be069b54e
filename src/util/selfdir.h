/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * selfdir.h - where the running program is: in its build tree
 * (uninstalled), or in an installed tree, perhaps not the one it was
 * configured for (a package unpacked elsewhere).  Found at run time from
 * /proc/self/exe, so no path of the build tree is compiled into the
 * programs (reproducible builds).
 */
#ifndef MW_SELFDIR_H
#define MW_SELFDIR_H

#include <stddef.h>

/*
 * 0 when the running program sits at the top of an Automake build tree
 * (its directory holds config.status and a Makefile naming
 * abs_top_srcdir): builddir and srcdir get the two absolute paths.  -1
 * otherwise (installed, or the paths do not fit).
 */
int mw_selfdir_build(char *builddir, size_t bsz, char *srcdir, size_t ssz);

/*
 * An installation directory as configured (PKGDATADIR, LOCALEDIR), moved
 * along with the program: with the program in /opt/x/usr/bin and BINDIR
 * /usr/bin, /usr/share/meterwise becomes /opt/x/usr/share/meterwise when
 * that directory exists.  Otherwise, and when installed where configured,
 * the configured directory itself.  Returns out.
 */
const char *mw_selfdir_installed(const char *configured, char *out, size_t sz);

#endif
