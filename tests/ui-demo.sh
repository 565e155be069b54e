#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-demo.sh - `meterwise --demo` seen as a technician sees it, in
# tmux at 100x30: the scan finds the demo panel's "hvac" feeder, its
# dashboard shows the scenario's voltages and marks the L2 CT the scenario
# reverses, `?` shows help, an address change made through the settings
# form reaches the simulator (its frame log and its state file) and the
# journal, and quitting restores the terminal and stops the simulator.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/sim/scenarios/demo-panel.yaml"
# hvac: JSY-MK-333 at address 3, 19200 8E1, L2 CT reversed (from the scenario)
addr=$(scenario_field hvac address)
baud=$(scenario_field hvac baud)
fmt=$(scenario_field hvac format)
volts=$(scenario_field hvac voltage | tr -d '[],')
fault=$(scenario_field hvac faults)
is "$addr $baud $fmt" "3 19200 8E1" "scenario: hvac at 3, 19200 8E1"
like "$fault" "ct_reversed: \[L2\]" "scenario: hvac has its L2 CT reversed"

tui_start --demo -b "$baud" -f "$fmt" --expect 1 \
	--demo-log "$T/sim.log" --demo-state "$T/sim.state"
wait_for "^ $addr +$baud $fmt +JSY-MK-333"
ok $? "the scan lists the JSY-MK-333 at address $addr, $baud $fmt"
is "$(alternate)" 1 "the TUI draws on the alternate screen"
demo_sim_running
ok $? "the demo simulator runs (with our --demo-log)"

keys "$addr" Enter
wait_for "^ Voltage V +[0-9]"
ok $? "the dashboard shows voltages"
row=$(screen | grep "^ Voltage V")
set -- $volts
i=0
for want in "$1" "$2" "$3"; do
	i=$((i + 1))
	got=$(echo "$row" | awk -v k=$((i + 2)) '{ print $k }')
	near "$got" "$want" 1.0
	ok $? "L$i voltage $got V is the scenario's $want V (noise 0.2 V)"
done

wait_for "^ Direction +forward +REVERSED +forward"
ok $? "the direction row marks L2 reversed, L1 and L3 forward"
like "$(screen)" "L2 CT reversed" "the wiring check names the reversed L2 CT"
like "$(screen | grep '^ Active P')" "^ Active P W +[0-9]+ +-[0-9]+ +[0-9]+" \
	"L2 active power is negative, L1 and L3 positive"

keys F4
wait_for "^ $addr +JSY-MK-333 +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9.]+ +L2 CT reversed"
ok $? "the panel overview lists it with its figures and the L2 verdict"
keys F3
wait_for "^ Voltage V"

keys "?"
wait_for "Keys on every screen"
ok $? "? shows the help"
like "$(screen)" "REVERSED marks a phase" "the help explains the dashboard"
keys Escape
wait_for "^ Voltage V"
ok $? "any key returns to the dashboard"

# Settings form: the address is a packed field (bits 15-8 of 0x0004).
keys F5
wait_for "^ Modbus address +$addr +0x0004"
ok $? "the settings form shows the address field with its register"
like "$(screen)" "Baud rate +$baud" "the baud rate is a field of its own"
# a list item: the name between the list's borders (any locale's line drawing)
item() { printf '(^|[^/0-9])%s +[^ /0-9]' "$1"; }
keys Down Down Space
wait_for "$(item 4800)"
ok $? "Space on the baud rate opens the list of the JSY-MK-333's bauds"
like "$(screen)" "$(item 9600)" "with 9600"
like "$(screen)" "$(item 19200)" "and 19200"
keys Escape Up Up
keys C-u 2 4 8
wait_for "out of range"
ok $? "248 is refused as it is typed"
keys BSpace BSpace BSpace 4 5 Enter
wait_for "Write to the meter\?"
ok $? "Enter asks for confirmation"
# The manual's packing of 0x0004: address << 8 | format << 6 | baud code;
# 8E1 is format 1, 19200 is baud code 7.
old=$(printf '%04X' $(((addr << 8) | (1 << 6) | 7)))
new=$(printf '%04X' $(((45 << 8) | (1 << 6) | 7)))
like "$(screen)" "register 0x0004 \(FC16\): $old->$new" \
	"the confirmation shows the exact word: $old -> $new"
keys y
wait_for "verified at address 45"
ok $? "the write is verified at the new address"
like "$(screen)" "address $addr -> 45 +verified" "the journal entry is shown as \`meterwise journal\` prints it"
screen | grep -q '{"time"'
is $? 1 "not as raw JSON"
keys Escape
hi=$(echo "$new" | cut -c1-2)
lo=$(echo "$new" | cut -c3-4)
grep -q "RX 03 10 00 04 00 01 02 $hi $lo" "$T/sim.log"
ok $? "the simulator received FC16 0x0004 = $new at address 3"
grep -q '"new":"45"' "$XDG_STATE_HOME/meterwise/journal"
ok $? "the journal records the new address"

keys F3
wait_for "address 45, JSY-MK-333"
ok $? "the dashboard follows the meter to address 45"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
like "$(cat "$T/stty")" "(^| )icanon .*(^| )echo " "the terminal is back in canonical mode with echo"
is "$(alternate)" 0 "the terminal is back on its normal screen"
demo_sim_running
is "$?" "1" "the demo simulator has stopped"
awk '/^device hvac/ { on = 1; next } /^device / { on = 0 } on' "$T/sim.state" >"$T/hvac.state"
grep -q "^line 45 $baud $fmt" "$T/hvac.state"
ok $? "the simulator's state keeps hvac at address 45"
grep -qi "^word holding 0x0004 0x$new" "$T/hvac.state"
ok $? "the simulator's state holds 0x0004 = 0x$new"

done_testing
