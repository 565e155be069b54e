#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-dlt-slow.sh - DL/T645 meters of different turnarounds
# (tests/scan-dlt-slow.yaml): to the read address both answer, the quick
# one first and whole, the slow one well after it; that is two meters,
# not one (the scan listens out the timeout after a reply).  The quick one,
# found first, sets the probe timeout; the slow one then answers after it,
# during a later probe, and is recognised as a late reply: found, its
# turnaround measured, the timeout raised.  --expect stops the search once
# both are found.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-dlt-slow.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-dlt-slow.yaml"
n=$(printf '%s\n' "$devs" | grep -c .)
bauds=$(uniq_list "$(printf '%s\n' "$devs" | awk '{print $4}')")
slow=$(awk '/turnaround_ms: *[0-9]+/ { t = $0; sub(/.*turnaround_ms: */, "", t); t += 0;
	a = $0; sub(/.*address: *"/, "", a); sub(/".*/, "", a); if (t > max) { max = t; addr = a } }
	END { print addr }' "$scen")
note "$n meters at $bauds; the slow one: $slow"

sim_start slow "$scen" || exit 1
out=$("$MW" scan -p "$SIM_PORT" --protocol dlt645 --baud "$bauds" --expect "$n" --stats 2>"$T/scan.err")
is "$?" 0 "scan --protocol dlt645 --expect $n exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r id model addr baud fmt; do
	like "$out" "^ *$addr +$baud +$fmt +$(ere "$(model_name "$model")") +dlt645( |\$)" \
		"$id found: $addr at $baud $fmt"
done <<EOF2
$devs
EOF2
like "$out" "warning: $bauds 8E1: DL/T645 meter $slow answered after the [0-9]+ ms timeout: timeout raised" \
	"the slow meter's late reply is recognised"
like "$out" "[0-9]+ garbled" "the read address to AAx6 was a collision"
tmax=$(printf '%s\n' "$out" | sed -n 's/.*physical bound (timeout (q+1)t + T_max, T_max \([0-9]*\).*/\1/p')
want=$(grep "\"$slow\"" "$scen" | sed 's/.*turnaround_ms: *\([0-9]*\).*/\1/')
[ "${tmax:-0}" -ge "$want" ] && ok 0 "T_max ($tmax ms) is the slow meter's turnaround ($want ms) or more" ||
	ok 1 "T_max ($tmax ms) is the slow meter's turnaround ($want ms) or more"

done_testing
