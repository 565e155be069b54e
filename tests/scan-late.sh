#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-late.sh - meters much slower than their device files
# (tests/scan-late.yaml: 200 and 400 ms turnarounds against a timeout that
# adapted to a prompt meter): their replies come several probes late, and
# each is still found, identified and reported as late, the timeout raised
# to fit it.  The parent looked only at the last two addresses that timed
# out, with a timeout of 3 tau + 20 ms, and lost both meters.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-late.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-late.yaml"

sim_start late "$scen" || exit 1
out=$("$MW" scan -p "$SIM_PORT" -b 9600 -f 8N1 -a 1-24 --protocol modbus 2>"$T/scan.err")
is "$?" 0 "scan exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r id model addr baud fmt; do
	name=$(model_name "$model")
	like "$out" "^ *$addr +$baud +$fmt +$name( |\$)" "$id ($model) found at address $addr, $baud $fmt, as $name"
done <<EOF2
$devs
EOF2
like "$out" "warning: .*address 5 answered after the [0-9]+ ms timeout: timeout raised" \
	"the 200 ms meter's late reply is recognised as such"
like "$out" "^4 device\\(s\\)" "four devices, none twice"
printf '%s\n' "$out" | grep -q "corrupt replies .* where no device answers"
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "no late reply is left over as noise"

# the JSON says how slow each is (measured: never below the simulator's)
json=$("$MW" scan -p "$SIM_PORT" -b 9600 -f 8N1 -a 1-24 --protocol modbus --json 2>/dev/null)
for a in 5:200 9:400; do
	ta=$(printf '%s\n' "$json" | awk -v a="${a%:*}" '
		/"address": / { x = $2; sub(/,$/, "", x); cur = (x == a) }
		cur && /"turnaround_ms": / { x = $2; sub(/,$/, "", x); print x; exit }')
	ok "$([ -n "$ta" ] && awk -v t="$ta" -v m="${a#*:}" 'BEGIN { exit !(t >= m) }' && echo 0 || echo 1)" \
		"address ${a%:*}: turnaround measured ${ta:-none} ms, at least the ${a#*:} ms simulated"
done
is "$(log_writes "$SIM_LOG")" "" "no write request (FC 05, 06, 15, 16) during the scans"
sim_stop
done_testing
