#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-dlt-deep.sh - the DL/T645 search goes as deep as the addresses
# ask: three meters whose addresses share their low bytes
# (tests/scan-dlt-deep.yaml; the scan is not told them) are all found, by
# probes with more than one address byte fixed.  A search of one byte only
# would send at most 101 probes and stop at the collision of A0 = 01.  The
# Modbus meter at the same settings is left alone and found afterwards.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-dlt-deep.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-dlt-deep.yaml"
dlt=$(printf '%s\n' "$devs" | while read -r id model addr baud fmt; do
	[ "$(model_protocol "$model")" = dlt645 ] && echo "$id $model $addr $baud $fmt"
done)
n_dlt=$(printf '%s\n' "$dlt" | grep -c .)
[ "$n_dlt" -ge 3 ] && ok 0 "at least three DL/T645 meters ($n_dlt)" || ok 1 "at least three DL/T645 meters ($n_dlt)"
low=$(printf '%s\n' "$dlt" | awk '{print substr($3, 11, 2)}' | sort -u | grep -c .)
is "$low" 1 "they share their lowest address byte A0"
bauds=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $4}')")

sim_start deep "$scen" || exit 1
json=$("$MW" scan -p "$SIM_PORT" --protocol dlt645 --baud "$bauds" --json 2>"$T/scan.err")
is "$?" 0 "scan --protocol dlt645 --baud $bauds exits 0"
flat=$(printf '%s\n' "$json" | tr -d '\n')
while read -r id model addr baud fmt; do
	like "$flat" "\"protocol\": \"dlt645\",[[:space:]]*\"address\": \"$addr\",[[:space:]]*\"baud\": $baud,[[:space:]]*\"format\": \"$fmt\",[^}]*\"model\": \"$model\"" \
		"$id found: $addr at $baud $fmt, $model"
done <<EOF2
$dlt
EOF2
is "$(printf '%s\n' "$flat" | grep -o '"protocol": "dlt645"' | wc -l | tr -d ' ')" "$n_dlt" \
	"exactly the $n_dlt DL/T645 meters"
probes=$(json_num "$flat" probes)
note "DL/T645 probes: $probes"
[ "${probes:-0}" -gt 201 ] && ok 0 "the search fixed more than two address bytes ($probes probes)" ||
	ok 1 "the search fixed more than two address bytes ($probes probes)"
# The frame log shows probes with A0, A1 and A2 fixed.
deep=$(awk '$2 == "RX" && /DL\/T645/ && $3 == "68" && $4 != "AA" && $5 != "AA" && $6 != "AA" && $7 == "AA"' "$SIM_LOG" | wc -l | tr -d ' ')
[ "$deep" -gt 0 ] && ok 0 "probes with three address bytes fixed were sent ($deep)" ||
	ok 1 "probes with three address bytes fixed were sent"

# With no device file that fits (the user's copies of the DL/T645 files
# say their meters do not answer a read address), a meter found is an
# unknown DL/T645 meter (--expect 1: the first one will do).
mkdir -p "$XDG_CONFIG_HOME/meterwise/devices"
for f in "$MW_DEVICES_PATH"/*.yaml; do
	grep -q '^protocol: *dlt645' "$f" &&
		sed 's/address_read: *true/address_read: false/' "$f" >"$XDG_CONFIG_HOME/meterwise/devices/$(basename "$f")"
done
out=$("$MW" scan -p "$SIM_PORT" --protocol dlt645 --baud "$bauds" --expect 1 2>"$T/unk.err")
is "$?" 0 "scan with no DL/T645 device file that fits, --expect 1, exits 0"
like "$out" "^ *[0-9]{12} +9600 +8E1 +unknown +dlt645 +unknown DL/T645 meter" \
	"the meter is listed as an unknown DL/T645 meter with its 12-digit address"
rm -r "$XDG_CONFIG_HOME/meterwise/devices"

# The Modbus meter heard only noise: it answers the Modbus scan as ever.
out=$("$MW" scan -p "$SIM_PORT" --protocol modbus --baud 9600 --format 8E1 --addr 1-4 2>"$T/mb.err")
is "$?" 0 "scan --protocol modbus exits 0"
while read -r id model addr baud fmt; do
	[ "$(model_protocol "$model")" = modbus ] || continue
	like "$out" "^ *$addr +$baud +$fmt +$(ere "$(model_name "$model")") +modbus( |\$)" \
		"$id ($model) still found at address $addr, $baud $fmt"
done <<EOF2
$devs
EOF2

done_testing
