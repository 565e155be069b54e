/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shell_complete.c - tab completion for `meterwise shell`: command names,
 * then options, models, line settings, and, from the device files, the
 * settings of `set` (NAME=) with their enumeration choices (NAME=VALUE)
 * and the actions of `act`.  The model is the one -m names on the line,
 * else the one `use` chose, else every model of the catalogue.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "shell.h"

const char *const mw_shell_commands[] = {
    "read",       "set",  "act", "scan", "check", "devices", "journal", "ports",
    "commission", "help", "use", "line", "exit",  "quit",    NULL,
};

static const struct mw_catalog *cat;
static const struct mw_model *use_model;
/* Candidates for the generator. */
static char **cand;
static size_t n_cand, cap_cand;

static void clear(void);

void mw_shell_complete_setup(const struct mw_catalog *c, const struct mw_model *m)
{
	cat = c;
	use_model = m;
	if (!c) {
		clear();
		free(cand);
		cand = NULL;
		cap_cand = 0;
	}
}

int mw_shell_split(const char *line, char ***argv_out)
{
	char **argv = NULL, *word = NULL;
	size_t n = 0, len = 0, cap = 0;
	const char *p = line;

	for (;;) {
		char q = 0;
		bool have = false;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		len = 0;
		for (; *p; p++) {
			if (!q && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
				break;
			if (!q && (*p == '\'' || *p == '"')) {
				q = *p;
				have = true;
				continue;
			}
			if (q && *p == q) {
				q = 0;
				continue;
			}
			if (*p == '\\' && p[1] && q != '\'') {
				p++;
			}
			if (len + 2 > cap) {
				cap = cap ? 2 * cap : 64;
				word = realloc(word, cap);
				if (!word)
					abort();
			}
			word[len++] = *p;
			have = true;
		}
		if (q) {
			free(word);
			mw_shell_free(argv);
			*argv_out = NULL;
			return -1;
		}
		if (!have)
			continue;
		argv = realloc(argv, (n + 2) * sizeof *argv);
		if (!argv)
			abort();
		argv[n] = strndup(word ? word : "", len);
		if (!argv[n])
			abort();
		argv[++n] = NULL;
	}
	free(word);
	if (!argv) {
		argv = calloc(1, sizeof *argv);
		if (!argv)
			abort();
	}
	*argv_out = argv;
	return (int)n;
}

void mw_shell_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* The candidates, and readline's generator over them. */

static void add(const char *s)
{
	for (size_t i = 0; i < n_cand; i++)
		if (strcmp(cand[i], s) == 0)
			return;
	if (n_cand == cap_cand) {
		cap_cand = cap_cand ? 2 * cap_cand : 32;
		cand = realloc(cand, cap_cand * sizeof *cand);
		if (!cand)
			abort();
	}
	cand[n_cand] = strdup(s);
	if (!cand[n_cand])
		abort();
	n_cand++;
}

static void clear(void)
{
	for (size_t i = 0; i < n_cand; i++)
		free(cand[i]);
	n_cand = 0;
}

static char *generator(const char *text, int state)
{
	static size_t i, len;

	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < n_cand) {
		const char *c = cand[i++];

		if (strncmp(c, text, len) == 0) {
			char *d = strdup(c);

			if (!d)
				abort();
			return d;
		}
	}
	return NULL;
}

/* Options each command takes, for "-<TAB>". */
static const char *const conn_opts[] = {"--port",  "--address", "--baud",    "--format",
                                        "--model", "--timeout", "--retries", NULL};

static void add_options(const char *cmd)
{
	static const char *const read_o[] = {"--json", "--csv", "--watch", NULL};
	static const char *const set_o[] = {"--yes", "--password", "--json", NULL};
	static const char *const act_o[] = {"--yes", "--confirm-address", "--password", NULL};
	static const char *const scan_o[] = {"--port",    "--baud",   "--format", "--addr",
	                                     "--timeout", "--expect", "--quick",  "--exhaustive",
	                                     "--json",    "--stats",  NULL};
	static const char *const check_o[] = {"--json", "--watch", NULL};
	static const char *const journal_o[] = {"--json", "--tail", NULL};
	static const char *const commission_o[] = {"--port",     "--report", "--format",  "--yes",
	                                           "--once",     "--check",  "--timeout", "--poll",
	                                           "--password", NULL};
	const char *const *extra = NULL;
	bool conn = true;

	if (!strcmp(cmd, "read"))
		extra = read_o;
	else if (!strcmp(cmd, "set"))
		extra = set_o;
	else if (!strcmp(cmd, "act"))
		extra = act_o;
	else if (!strcmp(cmd, "check"))
		extra = check_o;
	else if (!strcmp(cmd, "scan"))
		extra = scan_o, conn = false;
	else if (!strcmp(cmd, "journal"))
		extra = journal_o, conn = false;
	else if (!strcmp(cmd, "commission"))
		extra = commission_o, conn = false;
	else
		conn = false;
	for (size_t i = 0; conn && conn_opts[i]; i++)
		add(conn_opts[i]);
	for (size_t i = 0; extra && extra[i]; i++)
		add(extra[i]);
	add("--help");
}

/* The models completion draws on: -m on the line, `use`, or all. */
static size_t models(char **words, int n, const struct mw_model **out, size_t max)
{
	size_t k = 0;

	for (int i = 1; i + 1 < n; i++)
		if (!strcmp(words[i], "-m") || !strcmp(words[i], "--model")) {
			const struct mw_model *m = cat ? mw_catalog_find(cat, words[i + 1]) : NULL;

			for (size_t j = 0; !m && cat && j < cat->n_models; j++)
				if (!strcasecmp(cat->models[j]->name, words[i + 1]))
					m = cat->models[j];
			if (m) {
				out[0] = m;
				return 1;
			}
		}
	if (use_model) {
		out[0] = use_model;
		return 1;
	}
	for (size_t j = 0; cat && j < cat->n_models && k < max; j++)
		out[k++] = cat->models[j];
	return k;
}

/* NAME=VALUE of `set`: settings, or the choices of one. */
static void add_settings(const struct mw_model *const *ms, size_t nm, const char *text,
                         bool *no_space)
{
	const char *eq = strchr(text, '=');
	char buf[256];

	for (size_t k = 0; k < nm; k++) {
		const struct mw_model *m = ms[k];

		for (size_t i = 0; i < m->n_settings; i++) {
			const struct mw_setting *s = &m->settings[i];
			size_t nl = strlen(s->name);

			if (s->gap)
				continue;
			if (!eq) {
				snprintf(buf, sizeof buf, "%s=", s->name);
				add(buf);
				*no_space = true;
				continue;
			}
			if ((size_t)(eq - text) != nl || strncmp(text, s->name, nl) != 0)
				continue;
			for (size_t c = 0; c < s->n_choices; c++) {
				snprintf(buf, sizeof buf, "%s=%s", s->name, s->choices[c].name);
				add(buf);
			}
			if (s->type == MW_T_BOOL) {
				snprintf(buf, sizeof buf, "%s=on", s->name);
				add(buf);
				snprintf(buf, sizeof buf, "%s=off", s->name);
				add(buf);
			}
			if (s->type == MW_T_DATETIME) {
				snprintf(buf, sizeof buf, "%s=now", s->name);
				add(buf);
			}
		}
	}
}

char **mw_shell_complete(const char *line, int start, int end, bool *no_space, bool *files)
{
	char *head = strndup(line, (size_t)start),
	     *text = strndup(line + start, (size_t)(end - start));
	char **words = NULL, **matches = NULL;
	const struct mw_model *ms[64];
	const char *cmd, *prev;
	int n;

	*no_space = false;
	*files = false;
	if (!head || !text)
		abort();
	clear();
	n = mw_shell_split(head, &words);
	if (n < 0)
		goto out;
	cmd = n > 0 ? words[0] : NULL;
	prev = n > 0 ? words[n - 1] : NULL;
	if (n == 0) {
		for (size_t i = 0; mw_shell_commands[i]; i++)
			add(mw_shell_commands[i]);
	} else if (!strcmp(cmd, "commission") && !strcmp(prev, "--format")) {
		add("text");
		add("csv");
		add("json");
	} else if (!strcmp(prev, "-p") || !strcmp(prev, "--port") || !strcmp(prev, "--report") ||
	           (!strcmp(cmd, "commission") && text[0] != '-')) {
		*files = true;
	} else if (!strcmp(prev, "-m") || !strcmp(prev, "--model") ||
	           (!strcmp(cmd, "devices") && n == 1) || (!strcmp(cmd, "use") && n == 2)) {
		for (size_t j = 0; cat && j < cat->n_models; j++)
			add(cat->models[j]->id);
	} else if (!strcmp(prev, "-f") || !strcmp(prev, "--format")) {
		for (int f = 0; f < MW_FMT__COUNT; f++)
			add(mw_format_name((enum mw_format)f));
	} else if (!strcmp(prev, "-b") || !strcmp(prev, "--baud")) {
		size_t nm = models(words, n, ms, 64);
		char b[16];

		for (size_t k = 0; k < nm; k++)
			for (size_t i = 0; i < ms[k]->line.n_bauds; i++) {
				snprintf(b, sizeof b, "%d", ms[k]->line.bauds[i]);
				add(b);
			}
	} else if (text[0] == '-') {
		add_options(cmd);
	} else if (!strcmp(cmd, "help") && n == 1) {
		for (size_t i = 0; mw_shell_commands[i]; i++)
			add(mw_shell_commands[i]);
	} else if (!strcmp(cmd, "set")) {
		size_t nm = models(words, n, ms, 64);

		add_settings(ms, nm, text, no_space);
	} else if (!strcmp(cmd, "act")) {
		size_t nm = models(words, n, ms, 64);

		for (size_t k = 0; k < nm; k++)
			for (size_t i = 0; i < ms[k]->n_actions; i++)
				if (!ms[k]->actions[i].gap)
					add(ms[k]->actions[i].name);
	}
	if (n_cand > 0)
		matches = rl_completion_matches(text, generator);
	/* Readline adds a space after a single match: not after NAME=. */
	*no_space =
	    matches && !matches[1] && *matches[0] && matches[0][strlen(matches[0]) - 1] == '=';
out:
	mw_shell_free(words);
	free(head);
	free(text);
	return matches;
}
