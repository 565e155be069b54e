#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-reconnect.sh - `meterwise -p PORT` when the port vanishes (an
# adapter pulled out): the TUI says "disconnected", keeps running, and
# reads the meter again once the port returns.  The simulator's link is
# the port: stopping it removes the link, starting it again brings it back.
# It runs in the C locale, where the phasor diagram is drawn in ASCII.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/sim/scenarios/demo-panel.yaml"
volts=$(scenario_field lighting voltage | tr -d '[],')
addr=$(scenario_field lighting address)
baud=$(scenario_field lighting baud)
fmt=$(scenario_field lighting format)

sim_start bus "$SCENARIO" || exit 1
# in the C locale: the phasor diagram falls back to ASCII
LC_ALL=C tui_start -p "$SIM_PORT" -b "$baud" -f "$fmt" --expect 1
wait_for "^ $addr +$baud $fmt +JSY-MK-333"
ok $? "the scan finds the lighting feeder (address $addr, $baud $fmt)"
keys "$addr" Enter
wait_for "^ Voltage V +[0-9]"
ok $? "its dashboard shows voltages"
wait_for "V3/"
ok $? "the phasor diagram draws L3's voltage in ASCII (/)"
like "$(screen)" '\\+V2' "and L2's (\\)"

sim_stop
wait_for "bus.tty: DISCONNECTED"
ok $? "the title says the port is disconnected"
like "$(screen)" "port disconnected: values are" "the dashboard says its values are old"
is "$(alternate)" 1 "meterwise is still running"
keys F1
wait_for "Keys on every screen"
ok $? "and answers keys (F1 shows the help)"
keys x
wait_for "^ Voltage V"

sim_start bus "$SCENARIO" || exit 1
wait_for "bus.tty: connected"
ok $? "it reconnects when the port returns"
wait_gone "port disconnected|no reply"
ok $? "and reads the meter again: the stale-values banner goes"
set -- $volts
row=$(screen | grep "^ Voltage V")
near "$(echo "$row" | awk '{ print $3 }')" "$1" 1.0
ok $? "L1 voltage is the scenario's $1 V again"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr"

done_testing
