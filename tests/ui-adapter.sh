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
# The echo mishandled shows as CRC errors, or as a timeout on every poll
# (the dashboard polls several times a second).  One or two timeouts are
# the host's scheduling on a loaded machine (the poll's timeout is the
# line's bound plus slack, ~160 ms here), not the echo: allowed, counted.
st=$(screen | grep -Eo "timeouts [0-9]+ +CRC [0-9]+" | tail -n 1)
n_to=$(printf '%s\n' "$st" | sed -n 's/^timeouts \([0-9]*\).*/\1/p')
n_crc=$(printf '%s\n' "$st" | sed -n 's/.*CRC \([0-9]*\)$/\1/p')
note "status line: $st"
ok "$([ -n "$n_crc" ] && [ "$n_crc" -eq 0 ] && echo 0 || echo 1)" "no CRC error through the echo"
ok "$([ -n "$n_to" ] && [ "$n_to" -le 2 ] && echo 0 || echo 1)" "at most two timeouts (got ${n_to:-none}): the echo is not taken for the reply"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
done_testing
