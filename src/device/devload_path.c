/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_path.c - where device files are found, and loading all of them.
 *
 * Directories, lowest precedence first: $MW_DEVICES_PATH (colon
 * separated), the build tree's devices/ when the program runs from the
 * build tree (then the installed pkgdatadir is skipped: an older installed
 * copy must not shadow the files being worked on), else pkgdatadir/devices
 * (moved along with the program, see selfdir.h), and last the user's
 * $XDG_CONFIG_HOME/meterwise/devices (default
 * ~/.config/meterwise/devices).  A file replaces an earlier one with the
 * same id, so user files win, and the replacement is reported.  Files that
 * are not regular files (a FIFO named x.yaml) are skipped with a warning.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devload.h"
#include "devload_int.h"
#include "i18n.h"
#include "selfdir.h"

#define MAX_DIRS 32

static char *dirs[MAX_DIRS + 1];

/* Append dir unless it is empty or already listed (same real path). */
static void add_dir(int *n, const char *dir)
{
	char a[PATH_MAX], b[PATH_MAX];

	if (!dir || !*dir || *n >= MAX_DIRS)
		return;
	for (int i = 0; i < *n; i++) {
		if (strcmp(dirs[i], dir) == 0)
			return;
		if (realpath(dirs[i], a) && realpath(dir, b) && strcmp(a, b) == 0)
			return;
	}
	dirs[(*n)++] = mw_dl_strdup(dir);
}

const char *const *mw_devload_path(void)
{
	const char *env = getenv("MW_DEVICES_PATH");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char buf[PATH_MAX + 64], top_build[PATH_MAX], top_src[PATH_MAX];
	int n = 0;

	for (int i = 0; dirs[i]; i++) {
		free(dirs[i]);
		dirs[i] = NULL;
	}
	if (env) {
		char *copy = mw_dl_strdup(env), *save = NULL;

		for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save))
			add_dir(&n, t);
		free(copy);
	}
	if (mw_selfdir_build(top_build, sizeof top_build, top_src, sizeof top_src) == 0) {
		snprintf(buf, sizeof buf, "%s/devices", top_build);
		add_dir(&n, buf);
		snprintf(buf, sizeof buf, "%s/devices", top_src);
		add_dir(&n, buf);
	} else {
		snprintf(buf, sizeof buf, "%s/devices",
		         mw_selfdir_installed(PKGDATADIR, top_build, sizeof top_build));
		add_dir(&n, buf);
	}
	if (xdg && *xdg == '/') {
		snprintf(buf, sizeof buf, "%s/meterwise/devices", xdg);
		add_dir(&n, buf);
	} else if (home && *home) {
		snprintf(buf, sizeof buf, "%s/.config/meterwise/devices", home);
		add_dir(&n, buf);
	}
	dirs[n] = NULL;
	return (const char *const *)dirs;
}

static int yaml_file(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0;
}

static int by_id(const void *a, const void *b)
{
	const struct mw_model *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/*
 * Add m to cat, replacing a model with the same id, and say so: a user's
 * file that takes the place of a shipped model is never silent.
 */
static void put(struct mw_catalog *cat, struct mw_model *m, void (*warn)(const char *msg))
{
	struct mw_model **slot;
	char msg[2 * PATH_MAX + 256];

	for (size_t i = 0; i < cat->n_models; i++)
		if (strcmp(cat->models[i]->id, m->id) == 0) {
			if (warn) {
				snprintf(
				    msg, sizeof msg,
				    _("%s: model '%s' takes the place of %s (a file in a later "
				      "directory of the search path wins; rename the file to "
				      "keep both)"),
				    m->path, m->id, cat->models[i]->path);
				warn(msg);
			}
			mw_model_free(cat->models[i]);
			cat->models[i] = m;
			return;
		}
	slot = mw_dl_grow(&cat->models, &cat->n_models, sizeof *slot);
	*slot = m;
}

int mw_devload_all(struct mw_catalog *cat, void (*warn)(const char *msg))
{
	const char *const *path = mw_devload_path();
	char err[1024], file[PATH_MAX + 256];

	for (int i = 0; path[i]; i++) {
		struct dirent **ents;
		int n = scandir(path[i], &ents, yaml_file, alphasort);

		if (n < 0) {
			if (errno != ENOENT && errno != ENOTDIR && warn) {
				snprintf(err, sizeof err, _("%s: cannot read device directory: %s"),
				         path[i], strerror(errno));
				warn(err);
			}
			continue;
		}
		for (int k = 0; k < n; k++) {
			struct mw_model *m;

			snprintf(file, sizeof file, "%s/%s", path[i], ents[k]->d_name);
			free(ents[k]);
			mw_dl_escape_controls(err, sizeof err, file);
			if (strcmp(err, file) != 0) {
				/* A name that would reach the terminal as escape codes. */
				if (warn) {
					char shown[sizeof err];

					snprintf(shown, sizeof shown, "%s", err);
					snprintf(err, sizeof err,
					         _("%s: skipped: the file name holds a control "
					           "character"),
					         shown);
					warn(err);
				}
				continue;
			}
			if ((m = mw_devload_file(file, err, sizeof err)))
				put(cat, m, warn);
			else if (warn)
				warn(err);
		}
		free(ents);
	}
	if (cat->n_models)
		qsort(cat->models, cat->n_models, sizeof *cat->models, by_id);
	return cat->n_models ? (int)cat->n_models : -1;
}
