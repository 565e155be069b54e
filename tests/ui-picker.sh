#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-picker.sh - `meterwise` with no port: the port picker lists the
# serial ports (libserialport) and the demo panel; choosing the demo starts
# meterwise-sim and scans it, and quitting stops the simulator again.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

# the simulator's frame log in $T tells our simulator from any other
export MW_DEMO_SIM_ARGS="--log $T/sim.log"
tui_start
wait_for "Choose the port of the RS-485 adapter"
ok $? "meterwise without -p shows the port picker"
like "$(screen)" "^ demo +a simulated panel" "the demo panel is one of the choices"
test ! -e "$T/sim.log"
ok $? "no simulator runs before one is chosen"

keys "?"
wait_for "Choose the serial port your USB-RS485 adapter"
ok $? "? explains the picker"
keys x
wait_for "^ demo +a simulated panel"
ok $? "any key goes back to the list"

keys d
wait_for "^ Addr +Line +Model"
ok $? "choosing the demo opens the scan screen"
wait_for "^ [0-9]+ +[0-9]+ 8[NEO][12] +(JSY-MK-333|KPM33B)"
ok $? "the scan finds a meter of the demo panel"
demo_sim_running
ok $? "the demo simulator is running"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
demo_sim_running
is "$?" 1 "the demo simulator has stopped"

done_testing
