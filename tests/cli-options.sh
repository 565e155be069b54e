#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-options.sh - what the command table gives every command: --help and
# --version everywhere (scan too), the same option names across commands
# (--address, --report-format) with the old spellings kept as deprecated
# aliases that warn, --trace and --no-journal where they belong, the
# shell's commands, its completion and the bash-completion script (run in
# bash) offering the options of each command.
. "$top_srcdir/tests/lib.sh"

NOPORT="$T/no-such-port"
PLAN="$top_srcdir/tests/commission/panel.csv"

# Every command of `meterwise --help` takes --help and --version.
cmds=$("$MW" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
like "$cmds" '^scan$' "--help lists scan"
like "$cmds" '^commission$' "--help lists commission"
for c in $cmds; do
	o=$("$MW" "$c" --help)
	is "$?" 0 "$c --help exits 0"
	like "$o" "^Usage: meterwise $c" "$c --help shows its usage"
	like "$o" '^  -h, --help' "$c --help lists --help"
	o=$("$MW" "$c" --version)
	is "$?" 0 "$c --version exits 0"
	like "$o" '^meterwise [0-9]' "$c --version prints the version"
done

# --address everywhere; scan's --addr still works, with a warning.
for c in read set act check shell; do
	like "$("$MW" "$c" --help)" '^  -a, --address ADDR' "$c: -a, --address"
done
like "$("$MW" scan --help)" '^  -a, --address MIN-MAX' "scan: -a, --address"
"$MW" scan -p "$NOPORT" --address 1-3 >/dev/null 2>"$T/err"
is "$?" 1 "scan --address 1-3 is taken (then the missing port: exit 1)"
"$MW" scan -p "$NOPORT" --addr 1-3 >/dev/null 2>"$T/err"
is "$?" 1 "scan --addr 1-3 still works"
like "$(cat "$T/err")" 'warning: --addr is deprecated; use --address' "scan --addr warns"
"$MW" scan -p "$NOPORT" --addr 0-3 >/dev/null 2>"$T/err"
is "$?" 2 "scan --addr is checked as --address"

# commission: --report-format; --format is its deprecated spelling.
"$MW" commission --check --report-format json "$PLAN" >/dev/null 2>"$T/err"
is "$?" 0 "commission --report-format json --check"
is "$(cat "$T/err")" "" "no warning for --report-format"
"$MW" commission --check --format csv "$PLAN" >/dev/null 2>"$T/err"
is "$?" 0 "commission --format csv still works"
like "$(cat "$T/err")" 'warning: --format is deprecated; use --report-format' "commission --format warns"
"$MW" commission --check --report-format xml "$PLAN" >/dev/null 2>"$T/err"
is "$?" 2 "commission --report-format xml: exit 2"
like "$(cat "$T/err")" '--report-format xml: use text, csv or json' "names the values"
like "$("$MW" commission --help)" '--report-format FMT' "commission --help shows --report-format"
unlike=$("$MW" commission --help | grep -c -- ' --format FMT')
is "$unlike" 0 "commission --help does not offer the deprecated --format"

# --trace[=FILE] on every command that talks to a line; --no-journal on set and act.
for c in read check; do
	"$MW" "$c" -p "$NOPORT" -a 1 --trace >/dev/null 2>&1
	is "$?" 1 "$c --trace is taken"
	"$MW" "$c" -p "$NOPORT" -a 1 --trace="$T/trace" >/dev/null 2>&1
	is "$?" 1 "$c --trace=FILE is taken"
done
"$MW" scan -p "$NOPORT" --trace=- >/dev/null 2>&1
is "$?" 1 "scan --trace=- is taken"
"$MW" read -p "$NOPORT" -a 1 --trace= >/dev/null 2>"$T/err"
is "$?" 2 "--trace= (empty file name): exit 2"
for c in set act; do
	"$MW" "$c" -p "$NOPORT" -a 1 -m jsy-mk-333 --no-journal --yes \
		"$([ "$c" = set ] && echo voltage_limit=250 || echo clear_energy)" >/dev/null 2>&1
	is "$?" 1 "$c --no-journal is taken"
done
"$MW" read -p "$NOPORT" -a 1 --no-journal >/dev/null 2>&1
is "$?" 2 "read has no --no-journal"

# The shell runs the table's commands.
out=$(printf 'help\n' | "$MW" shell 2>&1)
for c in read set act check scan devices journal ports commission; do
	like "$out" "^  $c " "shell help lists $c"
done

# Completion, as the shell and the bash script use it.
comp() { "$MW" --complete "$1"; }
like "$(comp 'scan --no-')" '^--no-identify$' "scan completes --no-identify"
like "$(comp 'scan --ex')" '^--exhaustive$' "scan completes --exhaustive"
like "$(comp 'scan --a')" '^--address$' "scan completes --address"
unlike=$(comp 'scan --a' | grep -c -- '--addr$')
is "$unlike" 0 "scan does not offer the deprecated --addr"
like "$(comp 'check --nominal-')" '^--nominal-voltage$' "check completes --nominal-voltage"
like "$(comp 'check --nominal-')" '^--nominal-frequency$' "check completes --nominal-frequency"
like "$(comp 'commission --re')" '^--retries$' "commission completes --retries"
like "$(comp 'commission --re')" '^--report-format$' "commission completes --report-format"
like "$(comp 'commission --report-format ')" '^csv$' "--report-format completes its choices"
like "$(comp 'set --no-')" '^--no-journal$' "set completes --no-journal"
like "$(comp 'read --tr')" '^--trace$' "read completes --trace"
like "$(comp 'read -f ')" '^8E1$' "-f completes formats"
like "$(comp 'read -m ')" '^kpm33b$' "-m completes models"
like "$(comp 'set -m jsy-mk-333 volt')" '^voltage_limit=$' "set completes setting names"
like "$(comp '')" '^commission$' "the shell's commands"

# The bash-completion script: valid bash, and it completes in bash.
"$MW" --bash-completion >"$T/meterwise.bash"
is "$?" 0 "--bash-completion exits 0"
if command -v bash >/dev/null 2>&1; then
	bash -n "$T/meterwise.bash"
	is "$?" 0 "the script is valid bash"
	# bcomp LINE: what the script offers for the last word of LINE.
	bcomp() {
		MWBIN="$MW" LINE="$1" bash -c '
			. "$0"
			read -ra COMP_WORDS <<<"$LINE"
			case $LINE in *" ") COMP_WORDS+=("") ;; esac
			COMP_WORDS[0]=$MWBIN
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMP_LINE="$MWBIN ${LINE#* }"
			COMP_POINT=${#COMP_LINE}
			_meterwise "$MWBIN" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			printf "%s\n" "${COMPREPLY[@]}"' "$T/meterwise.bash"
	}
	like "$(bcomp 'meterwise sc')" '^scan$' "bash: commands"
	like "$(bcomp 'meterwise scan --no')" '^--no-identify$' "bash: scan --no-identify"
	like "$(bcomp 'meterwise check --nominal')" '^--nominal-frequency$' "bash: check --nominal-frequency"
	like "$(bcomp 'meterwise commission --ret')" '^--retries$' "bash: commission --retries"
	like "$(bcomp 'meterwise read -f ')" '^8O1$' "bash: formats after -f"
	like "$(bcomp 'meterwise read -b ')" '^19200$' "bash: baud rates after -b"
	like "$(bcomp 'meterwise commission --report-format ')" '^json$' "bash: choices"
	like "$(bcomp 'meterwise scan --protocol ')" '^dlt645$' "bash: scan --protocol choices"
	like "$(bcomp 'meterwise read -m ')" '^jsy-mk-333$' "bash: models from the device files"
	like "$(bcomp 'meterwise set -m kpm33b load_')" '^load_threshold=$' "bash: setting names"
else
	ok 0 "# SKIP bash is not installed"
fi

done_testing
