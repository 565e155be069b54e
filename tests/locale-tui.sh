#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/locale-tui.sh - the TUI under the real de_DE.UTF-8 locale shows
# decimal commas (dashboard, panel, settings form, which also takes "12,5")
# on a demo that starts at all (the
# simulator parses its scenario), and under C.UTF-8 one simulated value
# reads the same digits on the dashboard, in `read --json`, in the `read`
# table, in `read --watch` and in the shell's `read`: one formatter for all
# of them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/tests/engine-panel.yaml"

# ---- de_DE.UTF-8: comma decimals for people --------------------------------
LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8
export LANG LC_ALL
unset LANGUAGE
locale -a 2>/dev/null | grep -qix 'de_DE.utf8'
ok $? "de_DE.UTF-8 exists (else run build-aux/install-deps)"

# The JSY at 1, 9600 8N1: 230.5, 228.0, 232.25 V with a scale of 0.01.
tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8N1 --expect 1 --demo-log "$T/sim.log"
wait_for "^ 1 +9600 8N1 +JSY-MK-333"
de_started=$?
ok $de_started "de_DE: the demo starts and its scan finds the JSY-MK-333"
if [ "$de_started" -eq 0 ]; then
	keys 1 Enter
	wait_for " 230,50 +228,00 +232,25( |$)"
	ok $? "de_DE: the dashboard shows 230,50 228,00 232,25 V"
	screen | grep -Eq "[0-9]\.[0-9]{2}( |$)"
	is "$?" 1 "de_DE: and no value with a decimal point"
	keys F4
	wait_for "^ 1 +JSY-MK-333 +[0-9]+,[0-9] +[0-9]+,[0-9]{2} "
	ok $? "de_DE: the panel shows V avg and I sum with commas"
	# The settings form: the current limit (0.1 A) shown and typed with a comma.
	keys F3
	keys F5
	wait_for "Overcurrent alarm limit +[0-9]+,[0-9]( |$)"
	ok $? "de_DE: the settings form shows the current limit with a comma"
	keys Down Down Down Down
	keys C-u 1 2 , 5
	wait_for "= 12\.5: "
	ok $? "de_DE: the form takes 12,5 as 12.5"
	keys Enter
	wait_for "Write to the meter\?"
	ok $? "de_DE: Enter asks for confirmation"
	keys y
	wait_for "verified at address 1"
	ok $? "de_DE: the write is verified"
	grep -q "RX 01 10 00 21 00 01 02 00 7D" "$T/sim.log"
	ok $? "de_DE: the simulator received 0x0021 = 125 (12.5 A)"
	grep -q '"new":"12.5"' "$XDG_STATE_HOME/meterwise/journal"
	ok $? "de_DE: the journal records 12.5"
	keys Escape
	keys F10
	tui_gone
	ok $? "de_DE: the TUI exits"
else
	keys F10
	tui_gone
fi

# ---- C.UTF-8: the same digits everywhere -----------------------------------
LANG=C.UTF-8 LC_ALL=C.UTF-8
export LANG LC_ALL
# The KPM33B at 2, 9600 8E1: float32 active power L1 = 231 V x 4 A x cos 10°.
tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8E1 --expect 1
wait_for "^ 2 +9600 8E1 +KPM33B"
ok $? "C: the scan finds the KPM33B"
keys 2 Enter
wait_for "^ Active P W +[-0-9]"
ok $? "C: the dashboard shows active power"
tui=$(screen | grep "^ Active P W" | awk '{ print $4 }')
keys F10
tui_gone

sim_start cli "$SCENARIO" || exit 1
# (a reading may lose a block on a loaded machine: read again then)
json= table=
for try in 1 2 3; do
	[ -n "$json" ] || json=$(jget "$("$MW" read -p "$SIM_PORT" -a 2 -m kpm33b --json)" active_power_l1)
	[ -n "$table" ] || table=$("$MW" read -p "$SIM_PORT" -a 2 -m kpm33b |
		grep "^Active power (W)" | awk '{ print $4 }')
done
# read --watch (on the engine session) and the shell's read: their first
# table; the watch is stopped with SIGINT as Ctrl-C would.
watch= shell=
for try in 1 2 3; do
	if [ -z "$watch" ]; then
		"$MW" read -p "$SIM_PORT" -a 2 -m kpm33b --watch 1 >"$T/watch.out" 2>&1 &
		wpid=$!
		wait_lines "$T/watch.out" "^Active power \\(W\\) +[-0-9]" 1 "$wpid"
		kill -INT "$wpid" 2>/dev/null
		wait_exit "$wpid" 30 >/dev/null
		watch=$(grep "^Active power (W)" "$T/watch.out" | head -1 | awk '{ print $4 }')
	fi
	[ -n "$shell" ] || shell=$(printf 'read\n' |
		"$MW" shell -p "$SIM_PORT" -b 9600 -f 8E1 -a 2 -m kpm33b |
		grep "^Active power (W)" | awk '{ print $4 }')
done
like "$tui" '^[0-9]+\.[0-9]+$' "C: the dashboard shows P1 = $tui W"
is "$json" "$tui" "C: read --json shows the same digits as the dashboard"
is "$table" "$tui" "C: the read table shows the same digits as the dashboard"
is "$watch" "$tui" "C: read --watch shows the same digits as the dashboard"
is "$shell" "$tui" "C: the shell's read shows the same digits as the dashboard"

done_testing
