/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shell_complete.c - tab completion for `meterwise shell`: command names,
 * then options, models, line settings, and, from the device files, the
 * settings of `set` (NAME=) with their enumeration choices (NAME=VALUE)
 * and the actions of `act`.  The model is the one -m names on the line,
 * else the one `use` chose, else every model of the catalogue.  Commands,
 * options and what completes their arguments come from the command table
 * (commands.c), as in the bash-completion script.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "commands.h"
#include "devload.h"
#include "shell.h"
#include "xalloc.h"

/* The shell's own words, after the commands of the table. */
static const char *const builtins[] = {"help", "use", "line", "exit", "quit", NULL};

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
				word = mw_xrealloc(word, cap);
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
		argv = mw_xrealloc(argv, (n + 2) * sizeof *argv);
		argv[n] = mw_xstrndup(word ? word : "", len);
		argv[++n] = NULL;
	}
	free(word);
	if (!argv) {
		argv = mw_xcalloc(1, sizeof *argv);
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
		cand = mw_xrealloc(cand, cap_cand * sizeof *cand);
	}
	cand[n_cand] = mw_xstrdup(s);
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
			char *d = mw_xstrdup(c);

			return d;
		}
	}
	return NULL;
}

/* The commands the shell runs, then its built-ins. */
static void add_commands(void)
{
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		if (c->shell != MW_CLI_SHELL_NO)
			add(c->name);
	for (size_t i = 0; builtins[i]; i++)
		add(builtins[i]);
}

/* Options cmd takes, for "-<TAB>" (deprecated spellings are not offered). */
static void add_options(const struct mw_cli_cmd *cmd)
{
	for (size_t g = 0; cmd && cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++) {
			char buf[64];

			if (o->alias_of)
				continue;
			snprintf(buf, sizeof buf, "--%s", o->name);
			add(buf);
		}
}

/* The option of cmd that the word w names (-x or --long), or NULL. */
static const struct mw_cli_opt *word_opt(const struct mw_cli_cmd *cmd, const char *w)
{
	if (!cmd || w[0] != '-')
		return NULL;
	if (w[1] == '-')
		return strchr(w, '=') ? NULL : mw_cli_command_opt(cmd, w + 2);
	if (!w[1] || w[2])
		return NULL;
	for (size_t g = 0; cmd->groups[g]; g++)
		for (const struct mw_cli_opt *o = cmd->groups[g]; o->name; o++)
			if (o->key == w[1])
				return o;
	return NULL;
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

/* Candidates for an argument of the kind hint (of option o, or positional). */
static void add_hint(enum mw_cli_hint hint, const struct mw_cli_opt *o, char **words, int n,
                     const char *text, bool *no_space, bool *files)
{
	const struct mw_model *ms[64];
	size_t nm;
	char b[64];

	switch (hint) {
	case MW_HINT_PORT:
	case MW_HINT_FILE:
		*files = true;
		break;
	case MW_HINT_MODEL:
		for (size_t j = 0; cat && j < cat->n_models; j++)
			add(cat->models[j]->id);
		break;
	case MW_HINT_FORMAT:
		for (int f = 0; f < MW_FMT__COUNT; f++)
			add(mw_format_name((enum mw_format)f));
		break;
	case MW_HINT_BAUD:
		nm = models(words, n, ms, 64);
		for (size_t k = 0; k < nm; k++)
			for (size_t i = 0; i < ms[k]->line.n_bauds; i++) {
				snprintf(b, sizeof b, "%d", ms[k]->line.bauds[i]);
				add(b);
			}
		break;
	case MW_HINT_CHOICE:
		for (const char *p = o ? o->choices : NULL; p && *p;) {
			size_t l = strcspn(p, " ");

			snprintf(b, sizeof b, "%.*s", (int)l, p);
			add(b);
			p += l;
			p += strspn(p, " ");
		}
		break;
	case MW_HINT_SETTING:
		nm = models(words, n, ms, 64);
		add_settings(ms, nm, text, no_space);
		break;
	case MW_HINT_ACTION:
		nm = models(words, n, ms, 64);
		for (size_t k = 0; k < nm; k++)
			for (size_t i = 0; i < ms[k]->n_actions; i++)
				if (!ms[k]->actions[i].gap)
					add(ms[k]->actions[i].name);
		break;
	case MW_HINT_ADDRESS:
	case MW_HINT_NONE:
		break;
	}
}

char **mw_shell_complete(const char *line, int start, int end, bool *no_space, bool *files)
{
	char *head = mw_xstrndup(line, (size_t)start),
	     *text = mw_xstrndup(line + start, (size_t)(end - start));
	char **words = NULL, **matches = NULL;
	const struct mw_cli_cmd *c;
	const struct mw_cli_opt *po;
	const char *cmd, *prev;
	int n;

	*no_space = false;
	*files = false;
	clear();
	n = mw_shell_split(head, &words);
	if (n < 0)
		goto out;
	cmd = n > 0 ? words[0] : NULL;
	prev = n > 0 ? words[n - 1] : NULL;
	c = cmd ? mw_cli_command(cmd) : NULL;
	po = n > 1 ? word_opt(c, prev) : NULL;
	if (n == 0) {
		add_commands();
	} else if (po && po->has_arg == required_argument) {
		add_hint(po->hint, po, words, n, text, no_space, files);
	} else if (text[0] == '-') {
		add_options(c);
	} else if ((!strcmp(cmd, "help") && n == 1)) {
		add_commands();
	} else if (!strcmp(cmd, "use") && n == 2) {
		add_hint(MW_HINT_MODEL, NULL, words, n, text, no_space, files);
	} else if (c && (c->args != MW_HINT_MODEL || n == 1)) {
		add_hint(c->args, NULL, words, n, text, no_space, files);
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

static void quiet(const char *msg)
{
	(void)msg;
}

int mw_shell_complete_print(const char *line)
{
	struct mw_catalog c = {0};
	bool no_space, files;
	size_t len = strlen(line);
	const char *sp = strrchr(line, ' ');
	char **m;

	mw_devload_all(&c, quiet);
	mw_shell_complete_setup(&c, NULL);
	m = mw_shell_complete(line, sp ? (int)(sp - line) + 1 : 0, (int)len, &no_space, &files);
	/* matches[0] is the common prefix when there are several. */
	for (size_t i = m && m[1] ? 1 : 0; m && m[i]; i++)
		printf("%s\n", m[i]);
	for (size_t i = 0; m && m[i]; i++)
		free(m[i]);
	free(m);
	mw_shell_complete_setup(NULL, NULL);
	mw_catalog_free(&c);
	return 0;
}
