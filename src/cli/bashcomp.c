/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bashcomp.c - the bash-completion script for meterwise, written from
 * the command table (`meterwise --bash-completion`; the build installs
 * its output as meterwise.bash).  Commands, options and what completes
 * their arguments are in the script; models, setting names and values
 * and actions come from the device files at completion time, through
 * `meterwise --complete LINE` (the shell's completion).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

/* The script's word for a hint. */
static const char *hint_word(enum mw_cli_hint h)
{
	switch (h) {
	case MW_HINT_PORT:
		return "port";
	case MW_HINT_BAUD:
		return "baud";
	case MW_HINT_FORMAT:
		return "format";
	case MW_HINT_FILE:
		return "file";
	case MW_HINT_MODEL:
	case MW_HINT_SETTING:
	case MW_HINT_ACTION:
		return "dynamic";
	case MW_HINT_CHOICE:
		return "choice";
	case MW_HINT_ADDRESS:
	case MW_HINT_NONE:
		break;
	}
	return "none";
}

/* The case arm of one command: its options, and the hint of each argument. */
static void command_arm(FILE *f, const struct mw_cli_cmd *c)
{
	fprintf(f, "\t%s)\n\t\topts=\"", c->name);
	for (size_t g = 0, first = 1; c->groups[g]; g++)
		for (const struct mw_cli_opt *o = c->groups[g]; o->name; o++) {
			if (o->alias_of)
				continue;
			fprintf(f, "%s--%s", first ? "" : " ", o->name);
			first = 0;
		}
	fprintf(f, "\"\n\t\targs=%s\n\t\tcase $prev in\n", hint_word(c->args));
	for (size_t g = 0; c->groups[g]; g++)
		for (const struct mw_cli_opt *o = c->groups[g]; o->name; o++) {
			if (o->has_arg != required_argument)
				continue;
			fprintf(f, "\t\t");
			if (o->key > 0 && o->key < 128 && !o->alias_of)
				fprintf(f, "-%c|", o->key);
			fprintf(f, "--%s) hint=%s", o->name, hint_word(o->hint));
			if (o->hint == MW_HINT_CHOICE)
				fprintf(f, " choices=\"%s\"", o->choices);
			fprintf(f, " ;;\n");
		}
	fprintf(f, "\t\tesac\n\t\t;;\n");
}

void mw_cli_bash_completion(FILE *f)
{
	fprintf(f, "# bash completion for meterwise(1).\n"
	           "# Written by `meterwise --bash-completion` from its command table.\n"
	           "_meterwise()\n"
	           "{\n"
	           "\tlocal cur prev cmd= i opts= args=none hint= choices= line w r\n"
	           "\tCOMPREPLY=()\n"
	           "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	           "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	           "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	           "\t\tcase ${COMP_WORDS[i]} in\n"
	           "\t\t-p | --port) ((i++)) ;;\n"
	           "\t\t-*) ;;\n"
	           "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	           "\t\tesac\n"
	           "\tdone\n"
	           "\tcase $cmd in\n"
	           "\t'')\n"
	           "\t\topts=\"--port --demo --help --version\"\n"
	           "\t\tcase $prev in -p | --port) hint=port ;; esac\n"
	           "\t\targs=commands\n"
	           "\t\t;;\n");
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		command_arm(f, c);
	fprintf(f, "\t*) return 0 ;;\n\tesac\n");
	fprintf(f, "\tif [[ -z $hint ]]; then\n"
	           "\t\tif [[ $cur == -* ]]; then\n"
	           "\t\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	           "\t\t\treturn 0\n"
	           "\t\tfi\n"
	           "\t\thint=$args\n"
	           "\tfi\n"
	           "\tcase $hint in\n"
	           "\tcommands) COMPREPLY=($(compgen -W \"");
	for (const struct mw_cli_cmd *c = mw_cli_commands; c->name; c++)
		fprintf(f, "%s%s", c == mw_cli_commands ? "" : " ", c->name);
	fprintf(f,
	        " help\" -- \"$cur\")) ;;\n"
	        "\tport) COMPREPLY=($(compgen -W \"tcp: rtutcp:\" -- \"$cur\") $(compgen -f -- "
	        "\"${cur:-/dev/tty}\")) ;;\n"
	        "\tfile) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")) "
	        ";;\n"
	        "\tformat) COMPREPLY=($(compgen -W \"8N1 8E1 8O1 8N2\" -- \"$cur\")) ;;\n"
	        "\tbaud) COMPREPLY=($(compgen -W \"300 600 1200 2400 4800 9600 19200 38400 "
	        "57600 115200\" -- \"$cur\")) ;;\n"
	        "\tchoice) COMPREPLY=($(compgen -W \"$choices\" -- \"$cur\")) ;;\n"
	        "\tdynamic)\n"
	        "\t\t# The line from the command on, as the shell's completion takes it.\n"
	        "\t\tline=${COMP_LINE:0:COMP_POINT}\n"
	        "\t\tline=$cmd${line#*\"$cmd\"}\n"
	        "\t\tw=${line##* }\n"
	        "\t\tlocal IFS=$'\\n'\n"
	        "\t\tr=($(\"$1\" --complete \"$line\" 2>/dev/null))\n"
	        "\t\tif [[ $w == *=* ]]; then\n"
	        "\t\t\t# bash split NAME=VALUE at '=': complete the value only.\n"
	        "\t\t\tr=(\"${r[@]#*=}\")\n"
	        "\t\t\tw=${w#*=}\n"
	        "\t\tfi\n"
	        "\t\tCOMPREPLY=($(compgen -W \"${r[*]}\" -- \"$w\"))\n"
	        "\t\t[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] &&\n"
	        "\t\t\tcompopt -o nospace 2>/dev/null\n"
	        "\t\t;;\n"
	        "\tesac\n"
	        "\treturn 0\n"
	        "} &&\n"
	        "\tcomplete -F _meterwise meterwise\n");
}
