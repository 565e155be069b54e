#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-scan.sh - scan control on the scan screen, on the demo panel:
# the list is in address order whatever order the meters answered in; s
# stops the scan (the simulator's log shows the requests stop: on the scan
# screen only the scan polls); + sets the expected count and the next scan
# stops there; while the dashboard is open the scan waits for it.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/sim/scenarios/demo-panel.yaml"
sim_start demo "$SCENARIO" || exit 1
tui_start -p "$SIM_PORT"
wait_for "^ 12 +4800 8N2 +JSY-MK-333"
ok $? "the scan finds the meter at address 12 (4800 8N2)"
like "$(screen)" "Scanning .* about [0-9]+ s left" "the scan says how long it has left"
like "$(screen)" "s/Esc stop" "the key bar names the stop key"
addrs=$(screen | sed -n '/^ Addr /,$p' | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }' | tr '\n' ' ')
sorted=$(printf '%s\n' $addrs | sort -n | tr '\n' ' ')
is "$addrs" "$sorted" "the list is in address order ($addrs)"
grep "^[0-9.]* TX" "$SIM_LOG" | awk '{ print $NF }' | awk '!seen[$0]++' | tr '\n' ' ' >"$T/order"
diag "answered in the order: $(cat "$T/order")"

keys s
wait_for "scan stopped: [0-9]+ device"
ok $? "s stops the scan"
sleep 0.5
n1=$(grep -c " RX " "$SIM_LOG")
sleep 2
n2=$(grep -c " RX " "$SIM_LOG")
is "$n2" "$n1" "no request reaches the bus after the scan stopped (scan screen: no polls)"
like "$(screen)" "^ 12 +4800 8N2 +JSY-MK-333" "what the scan found stays listed"

keys r
wait_for "Scanning"
keys +
wait_for "the scan stops after [0-9]+ found"
ok $? "+ sets the expected count"
want=$(screen | sed -n 's/.*the scan stops after \([0-9]*\) found.*/\1/p' | head -n 1)
wait_for "scan finished: $want device"
ok $? "the scan stops after $want found"

# - lowers the count by one; + may have come after the first meter was
# found (a loaded machine), so the count may be 2: press - until none
# (one press at a time: each counts from the count the screen shows)
presses=0
until screen | grep -q "the scan goes through the whole plan" || [ $presses -ge $((want + 2)) ]; do
	keys -
	sleep 1
	presses=$((presses + 1))
done
wait_for "the scan goes through the whole plan"
ok $? "- takes the expected count back to the whole plan ($presses presses from $want)"
keys r
wait_for "Scanning"
keys Escape
wait_for "scan stopped: [0-9]+ device"
ok $? "Esc stops the scan too"

keys F1
wait_for "s, Esc +stop the scan"
ok $? "the help lists the stop key"
keys Escape
keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr"
done_testing
