/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * selfdir.c - the build tree or the installed tree of the running program
 * (see selfdir.h).  The Makefile Automake writes at the top of a build
 * tree has a line "abs_top_srcdir = DIR"; an installed program's
 * directory has neither it nor config.status.  BINDIR is where the
 * programs were configured to go; the rest of the installation is found
 * relative to where they are.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "selfdir.h"

/* The directory of the running program into dir; -1 if unknown. */
static int exe_dir(char *dir, size_t sz)
{
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (k <= 0)
		return -1;
	exe[k] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(dir, sz, "%s", exe[0] ? exe : "/") >= sz)
		return -1;
	return 0;
}

/* The value of "abs_top_srcdir = DIR" in the Makefile at path; -1 if none. */
static int makefile_srcdir(const char *path, char *out, size_t sz)
{
	static const char key[] = "abs_top_srcdir = ";
	char line[PATH_MAX + 64];
	FILE *f = fopen(path, "r");
	int rc = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, key, sizeof key - 1) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (line[sizeof key - 1] == '/' &&
		    (size_t)snprintf(out, sz, "%s", line + sizeof key - 1) < sz)
			rc = 0;
		break;
	}
	fclose(f);
	return rc;
}

int mw_selfdir_build(char *builddir, size_t bsz, char *srcdir, size_t ssz)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];

	if (exe_dir(dir, sizeof dir) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/config.status", dir);
	if (access(path, F_OK) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/Makefile", dir);
	if (makefile_srcdir(path, srcdir, ssz) < 0)
		return -1;
	if ((size_t)snprintf(builddir, bsz, "%s", dir) >= bsz)
		return -1;
	return 0;
}

const char *mw_selfdir_installed(const char *configured, char *out, size_t sz)
{
	const char *bindir = BINDIR;
	char dir[PATH_MAX];
	size_t common = 0, lb, ld;
	struct stat st;

	snprintf(out, sz, "%s", configured);
	/* the common prefix of BINDIR and the directory, whole components */
	for (size_t i = 0; bindir[i] && bindir[i] == configured[i]; i++)
		if (bindir[i] == '/')
			common = i;
	if (bindir[common] == '\0' || configured[common] == '\0')
		return out;
	if (exe_dir(dir, sizeof dir) < 0)
		return out;
	/* the program must be in .../BINDIR-below-the-prefix */
	lb = strlen(bindir + common);
	ld = strlen(dir);
	if (ld < lb || strcmp(dir + ld - lb, bindir + common) != 0)
		return out;
	if ((size_t)snprintf(out, sz, "%.*s%s", (int)(ld - lb), dir, configured + common) >= sz ||
	    stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		snprintf(out, sz, "%s", configured);
	return out;
}
