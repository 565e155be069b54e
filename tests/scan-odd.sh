#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-odd.sh - devices that do not make a scan easy
# (tests/scan-odd.yaml): a meter slower than the first timeout, whose late
# reply lands in the next probe, is still found and the timeout raised; a
# meter no device file identifies is listed as unknown with what it
# answered; nothing is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-odd.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-odd.yaml"
fmts=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $5}')")
bauds=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $4}')")
top=$(printf '%s\n' "$devs" | awk '{print $3}' | sort -n | tail -n 1)

sim_start odd "$scen" || exit 1
out=$("$MW" scan -p "$SIM_PORT" --baud "$bauds" --format "$fmts" --addr "1-$((top + 2))" 2>"$T/scan.err")
is "$?" 0 "scan exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r id model addr baud fmt; do
	name=$(model_name "$model")
	like "$out" "^ *$addr +$baud +$fmt +$name( |\$)" "$id ($model) found at address $addr, $baud $fmt, as $name"
done <<EOF2
$devs
EOF2
slow=$(printf '%s\n' "$devs" | awk '$1 == "slow" {print $3}')
like "$out" "warning: .*address $slow answered after the [0-9]+ ms timeout" \
	"the slow meter's late reply is recognised as such"
mystery=$(printf '%s\n' "$devs" | awk '$1 == "mystery" {print $3}')
like "$out" "^ *$mystery +[0-9]+ +[0-9A-Z]+ +unknown +modbus +holding 0x[0-9A-F]{4}: exception" \
	"the unidentifiable meter is listed with what it answered"
w=$(log_writes "$SIM_LOG")
is "$w" "" "no write request (FC 05, 06, 15, 16) during the scan"
sim_stop
done_testing
