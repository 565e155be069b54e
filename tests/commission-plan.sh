#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission-plan.sh - a plan is checked against the device files
# before the bus is touched: an unknown model, an unknown setting, values
# out of range or not among the choices, duplicate labels and addresses, and
# a target that is a factory setting are reported as file:line, exit 2, and
# the simulator hears nothing.  A good plan passes --check.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
sim_start plan "$scen" || exit 1

"$MW" commission --check "$top_srcdir/tests/commission/panel.csv" >"$T/good.out" 2>&1
is "$?" 0 "the test panel's plan is valid"

cat >"$T/bad.csv" <<'CSV'
label,model,address,baud,format,voltage_limit,load_threshold
# line 2 is a comment; the rows below are lines 3-9
P1,jsy-mk-333,11,38400,8E1,245,
P2,nosuch-meter,12,,,,
P3,kpm33b,13,,,300,
P4,jsy-mk-333,14,,,70000,
P5,kpm33b,11,19200,8X1,,
P1,kpm33b,15,,,,99999
P7,jsy-mk-333,1,,,,
CSV
"$MW" commission -p "$SIM_PORT" --yes "$T/bad.csv" >"$T/bad.out" 2>"$T/bad.err"
is "$?" 2 "a bad plan exits 2"
err=$(cat "$T/bad.err")
like "$err" "bad.csv:3: baud: 38400 is not supported" "line 3: JSY-MK-333 has no 38400 baud"
like "$err" "bad.csv:4: model \"nosuch-meter\": no such device file" "line 4: unknown model"
like "$err" "bad.csv:5: voltage_limit: the KPM33B has no such setting" "line 5: setting of another model"
like "$err" "bad.csv:6: voltage_limit: 70000 is out of range" "line 6: limit out of range"
like "$err" "bad.csv:7: format \"8X1\": not a frame format" "line 7: bad format"
like "$err" "bad.csv:7: address 11 is planned twice \\(line 3 too\\)" "line 7: duplicate address"
like "$err" "bad.csv:8: label \"P1\" is used twice" "line 8: duplicate label"
like "$err" "bad.csv:8: load_threshold: 99999 is out of range" "line 8: threshold out of range"
like "$err" "bad.csv:9: address 1 at 9600 8N1 is where a new JSY-MK-333 arrives" "line 9: factory address"
is "$(requests_in "$SIM_LOG")" 0 "the simulator heard nothing"

printf 'label,model,address,baud,format,no_such_setting\nP1,jsy-mk-333,11,,,1\nP2,jsy-mk-333,12,,8Q1,\n' \
	>"$T/col.csv"
"$MW" commission --check "$T/col.csv" >/dev/null 2>"$T/col.err"
is "$?" 2 "an unknown setting column exits 2"
like "$(cat "$T/col.err")" "col.csv:1: column \"no_such_setting\" is no setting of any device file" \
	"the header line names the unknown column"
like "$(cat "$T/col.err")" "col.csv:3: format \"8Q1\": not a frame format" \
	"the rows are still checked after a bad column"
sim_stop
done_testing
