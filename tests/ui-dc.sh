#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dc.sh - a DC meter (kind dc) gets a dashboard shaped to its
# channels: one row per circuit with its voltage, current and power, from
# tests/ui/dc-panel.yaml on the test device file
# tests/ui/devices/dc-test-meter.yaml (the DJS5179's manual lacks its
# register table, so no shipped DC file reads anything yet).  Also: the raw
# register view, colour, and none under NO_COLOR.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/tests/ui/dc-panel.yaml"
export MW_DEVICES_PATH="$top_srcdir/devices:$top_srcdir/tests/ui/devices"
export MW_DEMO_SIM_ARGS="--devices $top_srcdir/tests/ui/devices"
set -- $(scenario_field dc voltage | tr -d '[],')
v1=$1 v2=$2
set -- $(scenario_field dc current | tr -d '[],')
i1=$1 i2=$2

tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8E1 --expect 1
wait_for "^ 1 +9600 8E1 +DC test meter"
ok $? "the scan finds the DC test meter"
keys 1 Enter
wait_for "^ Channel +Voltage +Current +Power"
ok $? "the dashboard has a row per channel and a column per quantity"
screen | grep -Eq "^ +L1 +L2 +L3"
is "$?" 1 "and no L1/L2/L3 columns"
for ch in 1 2; do
	eval "v=\$v$ch i=\$i$ch"
	row=$(screen | grep "^ C$ch ")
	near "$(echo "$row" | awk '{ print $2 }')" "$v" 0.5
	ok $? "C$ch voltage is the scenario's $v V"
	near "$(echo "$row" | awk '{ print $4 }')" "$i" 0.1
	ok $? "C$ch current is the scenario's $i A"
	# DC: P = V * I
	near "$(echo "$row" | awk '{ print $6 }')" "$(awk -v v="$v" -v i="$i" 'BEGIN { print v * i }')" \
		"$(awk -v v="$v" -v i="$i" 'BEGIN { print v * i / 100 }')"
	ok $? "C$ch power is V x I"
done

test -n "$(colours)"
ok $? "the screen uses colour"

# The raw view: the device file puts C1's voltage as float32 (high word
# first) at 0x0010, so the f32 hi-lo column of 0x0010 reads the scenario's
# voltage, while u16 shows the raw high word.
keys F8
wait_for "FC03 from 0x0000"
ok $? "F8 opens the raw registers at 0x0000"
keys g 1 0 Enter
wait_for "^ 0x0010 [0-9A-F]{4} "
ok $? "g 10 Enter goes to 0x0010"
row=$(screen | grep "^ 0x0010 ")
near "$(echo "$row" | awk '{ print $5 }')" "$v1" 0.5
ok $? "0x0010 as float32 high word first is C1's $v1 V"
like "$(screen | sed -n 4p)" "f32 hi-lo +f32 lo-hi +u32 hi-lo +u32 lo-hi" \
	"the raw view shows both word orders"
keys F3

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr"

# NO_COLOR (no-color.org): the same screen without a colour escape
NO_COLOR=1 tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8E1 --expect 1
wait_for "^ 1 +9600 8E1 +DC test meter"
keys 1 Enter
wait_for "^ C2 +[0-9]"
ok $? "with NO_COLOR set the dashboard still shows the channels"
is "$(colours | head -3)" "" "and uses no colour"
keys F10
tui_gone
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"

done_testing
