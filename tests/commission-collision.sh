#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission-collision.sh - two new meters connected at once (two
# JSY-MK-333 of tests/commission/panel.yaml, both at the factory address 1,
# 9600 8N1) garble each other's replies: commissioning says so, tells the
# technician to connect one at a time, and writes nothing (the simulator's
# frame log proves it).  Once one is disconnected, the other is commissioned.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
plan="$top_srcdir/tests/commission/panel.csv"
CTL="$T/ctl"
STATE="$T/sim.state"

sim_start coll "$scen" --control "$CTL" --state "$STATE" || exit 1
ctl attach jsy1 jsy2 # in one instant: both answer every request from then on
ok $? "two JSY-MK-333 connected at once"

"$MW" commission -p "$SIM_PORT" --yes --once "$plan" >"$T/out" 2>"$T/err" &
cm=$!
wait_lines "$T/err" "two meters at one address" 1 $cm
ok $? "the collision is reported"
like "$(cat "$T/err")" "garbled replies at address 1, 9600 8N1: two meters at one address\\? Connect one meter at a time" \
	"the message names the address and line and says to connect one at a time"
is "$(writes_in "$SIM_LOG")" 0 "nothing was written while two meters answer"
is "$(grep -c "now at address" "$T/out")" 0 "no position was given"

ctl detach jsy2
wait_lines "$T/out" "^position [^ ]+: JSY-MK-333 now at address" 1 $cm
ok $? "with one meter left it is commissioned"
wait_exit $cm 30
is "$?" 0 "--once exits 0 after one meter"
like "$(cat "$T/out")" "address 1, 9600 8N1 (is quiet|answers clearly) again" "the collision is said to be over"
sim_stop
want="$(csv_field "$plan" label "$(plan_nth "$plan" jsy-mk-333 1)" address) 19200 8E1"
is "$(state_line "$STATE" jsy1)" "$want" "sim state: the remaining meter is at its planned settings"
is "$(state_line "$STATE" jsy2)" "1 9600 8N1" "sim state: the disconnected meter was not touched"
done_testing
