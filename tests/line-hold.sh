#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# line-hold.sh - the line layer keeps the port at the line's settings.
# Something else changes the serial settings of the port meterwise is
# using (here `stty`, as another program or a driver might): before its
# next request meterwise finds the port off its line, sets it again, says
# so in the frame trace ("line-set"), and the meter keeps answering.
# Before this guard a bus that believed 9600 8E1 on a port left at 9600
# 8N1 timed out for ever.
. "$top_srcdir/tests/lib.sh"
command -v stty >/dev/null || skip_all "stty is not installed"

SCENARIO="$top_srcdir/sim/scenarios/demo-panel.yaml"
sim_start bus "$SCENARIO" || exit 1

wait_lines() { # FILE N: until FILE has more than N lines (bounded)
	i=0
	while [ "$(grep -c . "$1")" -le "$2" ]; do
		i=$((i + 1))
		[ $i -gt 150 ] && return 1
		sleep 0.1
	done
	return 0
}

out="$T/watch.out"
"$MW" read -p "$SIM_PORT" -a 1 -b 9600 -f 8E1 -m kpm33b --json --watch 0.2 \
	--trace="$T/trace" >"$out" 2>"$T/watch.err" </dev/null &
WPID=$!
wait_lines "$out" 0
ok $? "read --watch reads the KPM33B at 9600 8E1"

# The port, as meterwise set it, and as another program leaves it.
stty -F "$SIM_PORT" -a >"$T/stty.before" 2>&1
stty -F "$SIM_PORT" -parenb -inpck 2>"$T/stty.err"
ok $? "stty sets the port to no parity under the running watch"
n=$(grep -c . "$out")
sleep 1
wait_lines "$out" "$((n + 2))"
ok $? "the watch goes on reading (lines after the change: $(($(grep -c . "$out") - n)))"
grep -q 'line-set' "$T/trace"
ok $? "the trace says the line was set again"
grep 'line-set' "$T/trace" | head -1 | grep -q '9600 8E1'
ok $? "to 9600 8E1"
stty -F "$SIM_PORT" -a | grep -Eq '(^| )inpck'
ok $? "the port is back at even parity"
tail -1 "$out" | grep -q '"address":1'
ok $? "the last reading is the meter's"

kill -TERM "$WPID"
wait "$WPID"
sed 's/^/#   stderr: /' "$T/watch.err" | head -5
sim_stop
done_testing
