#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-tariff.sh - the tariff schedule editor and the clock, in tmux at
# 100x30, on tests/ui/tariff-panel.yaml: a test device file that gives the
# schedule registers (tests/devices/tariff-meter.yaml) makes the editor
# write them (the simulator's frame log and state prove it, and the day's
# coverage bar shows the periods); the clock is set from this computer;
# clearing energy asks for the address; the KPM33B, whose file marks the
# schedule as a gap, shows the gap's text instead.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/tests/ui/tariff-panel.yaml"
export MW_DEVICES_PATH="$top_srcdir/devices:$top_srcdir/tests/devices"
export MW_DEMO_SIM_ARGS="--devices $top_srcdir/tests/devices"

tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8E1 --expect 2 \
	--demo-log "$T/sim.log" --demo-state "$T/sim.state"
wait_for "^ 1 +9600 8E1 +Tariff test meter"
ok $? "the scan finds the tariff test meter at address 1"
wait_for "^ 2 +9600 8E1 +KPM33B"
ok $? "the scan finds the KPM33B at address 2"

keys 1 Enter
wait_for "^ Voltage V"
keys F6
wait_for "Tariff time periods"
ok $? "F6 opens the tariff schedule"
wait_for "no period: a to add one"
ok $? "the meter starts with no period"

# 00:00 tariff 1, then a second period moved to 06:00 and set to tariff 2
keys a a Right + + + + + + + + + +
wait_for "^ 2 +06:00 +T2"
ok $? "the editor holds 06:00 -> T2"
keys w
wait_for "Write to the meter\?"
ok $? "w asks for confirmation"
like "$(screen)" "new: 0000 0001 0600 0002" "the confirmation shows the words to write"
keys y
wait_for "verified"
ok $? "the schedule is written and verified"
keys Escape

# the device file's layout: per period, word 0 = hour << 8 | minute, word 1 = tariff
grep -q "RX 01 10 03 00 00 10 20 00 00 00 01 06 00 00 02" "$T/sim.log"
ok $? "the simulator received FC16 at 0x0300: 00:00=T1, 06:00=T2"
# 6 h of 24 on a 96-cell bar: 24 cells of tariff 1, then 72 of tariff 2
wait_for "^ 1{24}2{72}$"
ok $? "the coverage bar shows tariff 1 until 06:00 and tariff 2 after"

keys c
wait_for "Write to the meter\?"
ok $? "c asks before setting the clock"
like "$(screen)" "Meter clock" "the confirmation names the clock"
keys y
wait_for "(verified|written) at address 1"
ok $? "the clock is set"
keys Escape
grep -q "RX 01 10 03 10 00 03 06" "$T/sim.log"
ok $? "the simulator received FC16 of 3 registers at 0x0310"

# Actions: clearing energy destroys data, so it asks for the address.
keys F7
wait_for "^ Clear all energy +0x000C +type the address"
ok $? "the actions screen lists clear energy, confirmed by typing the address"
keys Enter
wait_for "Type 1 and Enter to confirm"
ok $? "Enter asks to type the device's address"
keys 2 Enter
wait_for "Type 1 and Enter to confirm, Esc cancels: _"
ok $? "a wrong address does not run it"
like "$(screen)" "2 is not 1: nothing was sent" "and says so"
keys Escape
wait_for "cancelled: nothing written"
ok $? "Esc cancels"
grep -q "RX 01 10 00 0C" "$T/sim.log"
is "$?" 1 "nothing was sent to the clear-energy register"
keys Enter
wait_for "Type 1 and Enter to confirm"
keys 1 Enter
wait_for "clear_energy: done"
ok $? "typing the address runs it"
keys Escape
# the device file: write [0x5578] at 0x000C
grep -q "RX 01 10 00 0C 00 01 02 55 78" "$T/sim.log"
ok $? "the simulator received FC16 0x000C = 0x5578"

# the KPM33B's file marks the schedule as a gap
gap=$(sed -n '/name: tariff_schedule/,/gap:/p' "$top_srcdir/devices/kpm33b.yaml" |
	sed -n 's/.*gap: "\([^"]*\)".*/\1/p' | cut -c1-30)
note "KPM33B gap: $gap"
keys F2
wait_for "^ 2 +9600 8E1"
keys 2 Enter
wait_for "address 2, KPM33B"
keys F6
wait_for "not editable: the manual is silent"
ok $? "the KPM33B's schedule is shown as not editable"
like "$(screen)" "$gap" "with the device file's gap text"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
grep -qi "^word holding 0x0302 0x0600" "$T/sim.state"
ok $? "the simulator's state keeps the second period's start (0x0302 = 0x0600)"
grep -qi "^word holding 0x0303 0x0002" "$T/sim.state"
ok $? "the simulator's state keeps the second period's tariff (0x0303 = 2)"

done_testing
