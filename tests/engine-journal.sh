#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-journal.sh - no record, no write: when the journal cannot be
# written (the state directory is a file, the journal is a directory, a
# symlink to /dev/full, a read-only or a full tmpfs) `set` and `act` send
# nothing to the meter (the simulator's frame log proves it), exit 1 and
# say which path failed and what to do; --no-journal writes anyway.
# `meterwise journal` reports corrupt lines as such.  Sessions run as
# root, so file modes would not stop a write: real mounts are used, in a
# private mount namespace (unshare -m).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
sim_start panel "$top_srcdir/tests/engine-panel.yaml" || exit 1

# refused DESCRIPTION STATE-DIR [WRAP...]: a limit write must be refused.
refused() {
	what=$1
	st=$2
	shift 2
	before=$(writes_in "$SIM_LOG")
	# A new value each time: a value the meter already holds is not written.
	limit=$((limit + 1))
	XDG_STATE_HOME="$st" "$@" "$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=$limit \
		--yes >"$T/out" 2>"$T/err"
	is "$?" 1 "$what: exit 1"
	like "$(cat "$T/err")" "$st/meterwise/journal.*nothing was written to the meter.*--no-journal" \
		"$what: names the journal and says what to do"
	is "$(writes_in "$SIM_LOG")" "$before" "$what: nothing reached the meter"
}

limit=240

# The state directory is a file.
: >"$T/statefile"
refused "state dir is a file" "$T/statefile"

# The journal is a directory.
mkdir -p "$T/dirj/meterwise/journal"
refused "journal is a directory" "$T/dirj"

# The journal is a symlink to /dev/full.
mkdir -p "$T/full/meterwise"
ln -s /dev/full "$T/full/meterwise/journal"
refused "journal is /dev/full" "$T/full"

if unshare -m true 2>/dev/null && unshare -m mount -t tmpfs tmpfs "$T" 2>/dev/null; then
	# A read-only tmpfs.
	mkdir -p "$T/ro"
	cat >"$T/ro.sh" <<EOS
mount -t tmpfs -o ro,size=64k tmpfs "$T/ro" || exit 99
exec "\$@"
EOS
	refused "read-only tmpfs" "$T/ro" unshare -m sh "$T/ro.sh"
	# A full tmpfs: the directory exists, no byte can be added.
	mkdir -p "$T/fullfs"
	cat >"$T/fullfs.sh" <<EOS
mount -t tmpfs -o size=8k tmpfs "$T/fullfs" || exit 99
mkdir -p "$T/fullfs/meterwise"
dd if=/dev/zero of="$T/fullfs/fill" bs=1k count=64 2>/dev/null
exec "\$@"
EOS
	refused "full tmpfs" "$T/fullfs" unshare -m sh "$T/fullfs.sh"
	# act refuses the same way.
	before=$(writes_in "$SIM_LOG")
	XDG_STATE_HOME="$T/fullfs" unshare -m sh "$T/fullfs.sh" "$MW" act -p "$SIM_PORT" -a 1 \
		-m jsy-mk-333 clear_energy --yes --confirm-address 1 >"$T/out" 2>"$T/err"
	is "$?" 1 "act with a full journal: exit 1"
	like "$(cat "$T/err")" 'nothing was sent to the meter' "act: says nothing was sent"
	is "$(writes_in "$SIM_LOG")" "$before" "act: nothing reached the meter"
else
	ok 0 "# SKIP no mount namespaces here: read-only and full tmpfs not tried"
fi

# --no-journal: the user insists.
before=$(writes_in "$SIM_LOG")
XDG_STATE_HOME="$T/full" "$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=262 --yes \
	--no-journal >"$T/out" 2>"$T/err"
is "$?" 0 "--no-journal: written and verified"
is "$(writes_in "$SIM_LOG")" $((before + 1)) "--no-journal: one write"

# A good journal: intent first, then the result, with one op id.
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=263 --yes >/dev/null 2>&1
is "$?" 0 "a write with a working journal"
J="$XDG_STATE_HOME/meterwise/journal"
like "$(sed -n 1p "$J")" '"kind":"intent".*"setting":"voltage_limit".*"target":"address 1, 9600 8N1","op":"' "the intent entry comes first"
like "$(sed -n 2p "$J")" '"kind":"set".*"outcome":"verified"' "then the result"
op1=$(sed -n '1s/.*"op":"\([^"]*\)".*/\1/p' "$J")
op2=$(sed -n '2s/.*"op":"\([^"]*\)".*/\1/p' "$J")
is "$op2" "$op1" "intent and result share their op id"

# Corrupt lines are reported as such, never as writes.
printf '%s\n' '{"time":"2026-01-02T03:04:05.000Z","port":"/dev/ttyUSB0","address":7,"kind":"set","setting":"address","old":"7","new":"9","outc' >>"$J"
printf '%s\n' 'garbage "setting":"baud" "outcome":"verified"' >>"$J"
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=264 --yes >/dev/null 2>&1
out=$("$MW" journal 2>"$T/err")
is "$?" 0 "journal with corrupt lines: exit 0"
like "$out" "journal:3: corrupt entry, not a journal record" "a torn line is reported with its line number"
like "$out" "journal:4: corrupt entry" "a garbage line too"
n=$(printf '%s\n' "$out" | grep -v 'corrupt entry' | grep -c 'address 7 -> 9\|baud')
is "$n" 0 "neither is shown as a write"
like "$(cat "$T/err")" '2 corrupt line' "a warning counts them"
like "$out" 'voltage_limit 263 -> 264 +verified' "the entry after them is read"
is "$("$MW" journal --json 2>/dev/null | grep -c corrupt)" 0 "--json leaves corrupt lines out of the JSON lines"
# An intent with no result: the program died after sending.
printf '%s\n' '{"time":"2026-01-02T03:04:06.000Z","port":"/dev/ttyUSB0","baud":9600,"format":"8N1","address":1,"model":"jsy-mk-333","kind":"intent","setting":"address","old":"1","new":"5","last_seen":"address 1, 9600 8N1","target":"address 5, 9600 8N1","op":"1-1-1"}' >>"$J"
like "$("$MW" journal --tail 1)" 'address 1 -> 5 +possibly sent, outcome unknown.*expected at address 5, 9600 8N1' "an intent without a result: outcome unknown"

done_testing
