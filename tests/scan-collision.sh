#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-collision.sh - two devices at one address (tests/scan-collision.yaml:
# two JSY-MK-333 at address 3, one at 7, 9600 8N1) are reported as a
# collision, not as a device; the lone device is still found; the address-0
# read that all three answer is seen as several answers; nothing is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-collision.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-collision.yaml"
# The address two devices share, and the one used once, from the scenario.
shared=$(printf '%s\n' "$devs" | awk '{print $3}' | sort -n | uniq -d | head -n 1)
alone=$(printf '%s\n' "$devs" | awk '{print $3}' | sort -n | uniq -u | head -n 1)
note "shared address $shared, lone address $alone"

sim_start coll "$scen" || exit 1
# --timeout 300: the classification is under test, not the line's bound; on a
# loaded test machine the simulator's collided reply to the address-0 read
# came after the adaptive timeout and was counted as noise on the line.
out=$("$MW" scan -p "$SIM_PORT" --baud 9600 --format 8N1 --addr 1-8 --timeout 300 2>"$T/scan.err")
is "$?" 0 "scan exits 0 (a device was found)"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^ *$alone +9600 +8N1 +JSY-MK-333" "the lone meter at $alone is found"
printf '%s\n' "$out" | grep -Eq "^ *$shared +9600 "
ok $((!$?)) "address $shared is not reported as one device"
like "$out" "warning: 9600 8N1: address $shared: .*two devices at one address" \
	"the collision at address $shared is reported"
like "$out" "several devices answered the address-0 read" "the garbled address-0 read is reported"

json=$("$MW" scan -p "$SIM_PORT" --baud 9600 --format 8N1 --addr "$shared" --json 2>"$T/json.err")
is "$?" 1 "scan of address $shared alone exits 1: no device to report"
like "$(printf '%s\n' "$json" | tr -d '\n')" "\"kind\": \"collision\", *\"address\": $shared," \
	"JSON: a collision event at address $shared"
w=$(log_writes "$SIM_LOG")
is "$w" "" "no write request (FC 05, 06, 15, 16) during the scans"
sim_stop
done_testing
