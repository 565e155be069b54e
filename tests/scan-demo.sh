#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-demo.sh - `meterwise scan` finds every device of the demo
# panel (sim/scenarios/demo-panel.yaml) with its address, baud rate, frame
# format and model, reports nothing else, and never writes (frame log).
# Expected values come from the scenario file and the device files' factory
# defaults, not from the program.  The scan is restricted to the scenario's
# bauds, formats and address range to stay fast; tests/scan-factory.sh runs
# the default plan.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/sim/scenarios/demo-panel.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of demo-panel.yaml"
n=$(printf '%s\n' "$devs" | grep -c .)
note "scenario: $n devices"
bauds=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $4}')")
fmts=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $5}')")
top=$(printf '%s\n' "$devs" | awk '{print $3}' | sort -n | tail -n 1)

sim_start demo "$scen" || exit 1
out=$("$MW" scan -p "$SIM_PORT" --baud "$bauds" --format "$fmts" --addr "1-$((top + 1))" 2>"$T/scan.err")
is "$?" 0 "scan --baud $bauds --format $fmts --addr 1-$((top + 1)) exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r id model addr baud fmt; do
	name=$(model_name "$model")
	like "$out" "^ *$addr +$baud +([0-9A-Z]+,)*$fmt(,[0-9A-Z]+)* +$name( |\$)" \
		"$id ($model) found at address $addr, $baud $fmt, as $name"
done <<EOF2
$devs
EOF2
rows=$(printf '%s\n' "$out" | grep -cE '^ *[0-9]+ +[0-9]+ ')
is "$rows" "$n" "exactly the scenario's $n devices are reported"

# The default plan (every setting the device files support, most likely
# first) with --expect: the same devices, in JSON, with the bound figures.
json=$("$MW" scan -p "$SIM_PORT" --expect "$n" --json 2>"$T/json.err")
is "$?" 0 "scan --expect $n --json (default plan) exits 0"
flat=$(printf '%s\n' "$json" | tr -d '\n')
while read -r id model addr baud fmt; do
	like "$flat" "\"address\": $addr,[[:space:]]*\"baud\": $baud,[[:space:]]*\"format\": \"$fmt\",[^}]*\"model\": \"$model\"" \
		"JSON: $id at address $addr, $baud $fmt, model $model"
done <<EOF2
$devs
EOF2
like "$flat" '"bound_s": [0-9.]+,[[:space:]]*"physical_bound_s": [0-9.]+' "JSON: the timing bounds"

# Ctrl-C: once the scan has moved past the first setting (the frame log
# shows its requests at the second), SIGINT stops it with what it found.
# (--addr bounds the run should the signal be lost.)
first=$(printf '%s\n' "$devs" | awk '$4 == 9600 && $5 == "8E1" {print $3; exit}')
base=$(wc -l <"$SIM_LOG")
"$MW" scan -p "$SIM_PORT" --addr 1-40 >"$T/int.out" 2>"$T/int.err" &
pid=$!
i=0
while [ "$(tail -n +"$((base + 1))" "$SIM_LOG" | grep -c 'RX .* # 9600 8N1')" -lt 3 ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && break
	sleep 0.05
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT ends the scan with exit 130"
out=$(cat "$T/int.out")
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^ *$first +9600 +8E1 " "what was found before (address $first at 9600 8E1) is printed"
like "$out" "interrupted" "the output says the scan was interrupted"
[ "$(log_requests "$SIM_LOG")" -gt 0 ]
ok $? "the frame log recorded the scan's requests"
w=$(log_writes "$SIM_LOG")
is "$w" "" "no write request (FC 05, 06, 15, 16) during the scan"
sim_stop
done_testing
