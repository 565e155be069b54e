#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-mixed.sh - `meterwise scan` on a mixed line
# (sim/scenarios/mixed-line.yaml): Modbus meters at 9600 8N1 and 8E1, four
# DL/T645 prepaid meters at 2400 8E1 whose addresses the scan is not told
# (they collide on the read address: the abbreviated-address search must
# find them) and a DJS5179's two DL/T645 circuits at 9600 8E1, next to a
# Modbus meter.  Every meter is found with its protocol, address, settings
# and model, in the table, JSON and CSV; the closing note gives the DL/T645
# probes and time against the bound; nothing is written (frame log).
# Expected values come from the scenario file and the device files.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/sim/scenarios/mixed-line.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of mixed-line.yaml"
n=$(printf '%s\n' "$devs" | grep -c .)
n_dlt=$(printf '%s\n' "$devs" | while read -r id model rest; do model_protocol "$model"; done | grep -c dlt645)
note "scenario: $n devices, $n_dlt on DL/T645"
[ "$n_dlt" -ge 3 ] && ok 0 "the scenario has at least three DL/T645 meters" || ok 1 "the scenario has at least three DL/T645 meters"
bauds=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $4}')")
fmts=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $5}')")
top=$(printf '%s\n' "$devs" | awk 'length($3) < 4 {print $3}' | sort -n | tail -n 1)

sim_start mixed "$scen" || exit 1
args="--baud $bauds --format $fmts --addr 1-$((top + 1))"
out=$("$MW" scan -p "$SIM_PORT" $args --stats 2>"$T/scan.err")
is "$?" 0 "scan $args --stats exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r id model addr baud fmt; do
	name=$(ere "$(model_name "$model")")
	proto=$(model_protocol "$model")
	like "$out" "^ *$addr +$baud +([0-9A-Z]+,)*$fmt(,[0-9A-Z]+)* +$name +$proto( |\$)" \
		"$id ($model, $proto) found at address $addr, $baud $fmt, as $(model_name "$model")"
done <<EOF2
$devs
EOF2
rows=$(printf '%s\n' "$out" | grep -cE '^ *[0-9]+ +[0-9]+ ')
is "$rows" "$n" "exactly the scenario's $n devices are reported"
like "$out" "^DL/T645: [0-9]+ probes at [0-9]+ setting\(s\) in [0-9.]+ s; bound at the timeouts used [0-9.]+ s, physical bound [0-9.]+ s" \
	"the closing note gives the DL/T645 probes and time against the bounds"
like "$out" "^stats: DL/T645: [0-9]+ read-address probes at 2 setting\(s\): [0-9]+ replies, [0-9]+ timeouts, [1-9][0-9]* garbled" \
	"stats: the DL/T645 probes, and the collisions that called for the search"
replies=$(printf '%s\n' "$out" | sed -n 's/^stats: DL\/T645: .* setting(s): \([0-9]*\) replies.*/\1/p')
# (one per meter; a meter that answered late is asked once more)
[ "${replies:-0}" -ge "$n_dlt" ] && ok 0 "a reply from each DL/T645 meter ($replies)" ||
	ok 1 "a reply from each DL/T645 meter ($replies)"
writes=$(awk '$2 == "RX" && !/DL\/T645/ && ($4 == "05" || $4 == "06" || $4 == "0F" || $4 == "10")' "$SIM_LOG")
is "$writes" "" "no Modbus write was sent"
# DL/T645 requests the scan sent: read address (13) and read data (11) only.
codes=$(awk '$2 == "RX" && /DL\/T645/' "$SIM_LOG" | sed -n 's/.* 68 \(.. \)\{6\}68 \(..\) .*/\2/p' | sort -u | paste -sd, -)
is "$codes" "11,13" "DL/T645: only read address (13) and read data (11) were sent"

# JSON and CSV carry the protocol and the address (12 digits for DL/T645).
# (--expect: each stops once every meter is found.)
json=$("$MW" scan -p "$SIM_PORT" $args --expect "$n" --json 2>"$T/json.err")
is "$?" 0 "scan --expect $n --json exits 0"
flat=$(printf '%s\n' "$json" | tr -d '\n')
csv=$("$MW" scan -p "$SIM_PORT" --protocol dlt645 --baud "$bauds" --expect "$n_dlt" --csv 2>"$T/csv.err")
is "$?" 0 "scan --protocol dlt645 --expect $n_dlt --csv exits 0"
while read -r id model addr baud fmt; do
	proto=$(model_protocol "$model")
	if [ "$proto" = dlt645 ]; then
		ja="\"$addr\""
		like "$csv" "^dlt645,$addr,$baud,$fmt,[^,]*,$model," "CSV: $id: dlt645, $addr, $baud $fmt, $model"
	else
		ja=$addr
	fi
	like "$flat" "\"protocol\": \"$proto\",[[:space:]]*\"address\": $ja,[[:space:]]*\"baud\": $baud,[[:space:]]*\"format\": \"$fmt\",[^}]*\"model\": \"$model\"" \
		"JSON: $id: $proto, address $addr, $baud $fmt, model $model"
done <<EOF2
$devs
EOF2
is "$(printf '%s\n' "$csv" | grep -c '^modbus,')" 0 "scan --protocol dlt645 reports no Modbus meter"
like "$flat" '"dlt645": \{[[:space:]]*"settings": [12],[[:space:]]*"probes": [0-9]+' "JSON: the DL/T645 pass's figures"

done_testing
