#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission-recognise.sh - a meter already at its planned address and
# line (moved there by hand with `meterwise set`) is recognised: its address
# register is not written again, only the settings that differ from the
# plan are, and the simulator's frame log and state prove both.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
plan="$top_srcdir/tests/commission/panel.csv"
CTL="$T/ctl"
STATE="$T/sim.state"
lab=$(plan_nth "$plan" jsy-mk-333 1)
addr=$(csv_field "$plan" label "$lab" address)
baud=$(csv_field "$plan" label "$lab" baud)
fmt=$(csv_field "$plan" label "$lab" format)
vl=$(csv_field "$plan" label "$lab" voltage_limit)

sim_start rec "$scen" --control "$CTL" --state "$STATE" || exit 1
ctl attach jsy1
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 address=$addr baud=$baud format=$fmt --yes >"$T/set.out" 2>&1
is "$?" 0 "the meter is moved by hand to $lab's address $addr, $baud $fmt"
before=$(wc -l <"$SIM_LOG")

"$MW" commission -p "$SIM_PORT" --yes --once "$plan" >"$T/out" 2>"$T/err" &
wait_exit $! 30
is "$?" 0 "commission --once exits 0"
like "$(cat "$T/out")" "^position $lab: JSY-MK-333 at address $addr, $baud $fmt, settings completed, verified" \
	"position $lab is recognised and its settings completed"
tail -n +"$((before + 1))" "$SIM_LOG" >"$T/new.log"
# Writes (FC16 = 10) in the log: address byte, FC, register high, register low.
is "$(awk '$2 == "RX" && $4 == "10" { print $3, $5 $6 }' "$T/new.log" | sort -u | tr '\n' ' ')" \
	"$(printf '%02X' "$addr") 0020 " \
	"only the limit registers (0x0020-) were written, at address $addr; not the address register 0x0004"
# Again without --once: A-1 is done (journal); Ctrl-C while it waits for the
# next meter stops it with status 130 and a report of what is done.
"$MW" commission -p "$SIM_PORT" --yes "$plan" >"$T/int.out" 2>"$T/int.err" &
cm=$!
wait_lines "$T/int.out" "waiting for the next meter" 1 $cm
ok $? "run 2 waits for the next meter"
like "$(cat "$T/int.out")" "^1 of 12 positions were done in an earlier run" "run 2 knows $lab is done"
kill -INT $cm
wait_exit $cm 30
is "$?" 130 "Ctrl-C: exit status 130"
like "$(cat "$T/int.out")" "Run the same command again to continue" "it says how to continue"
like "$(cat "$T/int.out")" "^$lab +JSY-MK-333 +done +$addr +$baud +$fmt " "the report lists $lab as read back"
sim_stop
is "$(state_line "$STATE" jsy1)" "$addr $baud $fmt" "sim state: still at address $addr, $baud $fmt"
is "$(state_word "$STATE" jsy1 0x0020)" "$vl" "sim state: voltage limit $vl V as planned"
done_testing
