#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-adapter.sh - the TUI unchanged through a simulated 2-wire
# adapter that echoes every request (meterwise-sim --adapter echo, passed
# to the demo simulator by MW_DEMO_SIM_ARGS), in tmux at 100x30: the scan
# finds the demo panel's "hvac" feeder, the dashboard shows its voltages,
# and the status line says what the adapter does.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

MW_DEMO_SIM_ARGS="--adapter echo"
tui_start --demo -b 19200 -f 8E1 --expect 1 --demo-log "$T/sim.log"
wait_for "^ 3 +19200 8E1 +JSY-MK-333"
ok $? "the scan through the echoing adapter lists the JSY-MK-333 at 3, 19200 8E1"
grep -q "adapter echo" "$T/sim.log"
ok $? "the simulator echoed the requests"

keys 3 Enter
wait_for "^ Voltage V +2[0-9][0-9]\.[0-9]+ +2[0-9][0-9]\.[0-9]+ +2[0-9][0-9]\.[0-9]+"
ok $? "the dashboard shows three voltages"
wait_for "adapter [0-9]+ ms, echo"
ok $? "the status line says the adapter echoes"
like "$(screen)" "timeouts 0 +CRC 0" "no timeout and no CRC error on the way"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
done_testing
