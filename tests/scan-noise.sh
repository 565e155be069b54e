#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-noise.sh - bytes on the line that never make a frame
# (tests/scan-noise.yaml: random bursts, one meter): at a setting where
# nothing answers, the scan reports the activity instead of staying silent;
# the meter is still found where it is; nothing is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/tests/scan-noise.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of scan-noise.yaml"
set -- $devs
id=$1 model=$2 addr=$3 baud=$4 fmt=$5
# A setting no device of the scenario uses.
if [ "$baud" = 19200 ]; then other=9600; else other=19200; fi

sim_start noise "$scen" || exit 1
out=$("$MW" scan -p "$SIM_PORT" --baud "$other" --format "$fmt" --addr 1-80 2>"$T/scan.err")
is "$?" 1 "nothing answers at $other $fmt (exit 1)"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "warning: $other $fmt: [0-9]+ corrupt replies at $other $fmt and no valid frame" \
	"the bytes at $other $fmt are reported as line activity"
out=$("$MW" scan -p "$SIM_PORT" --baud "$baud" --format "$fmt" --addr "1-$((addr + 2))" 2>"$T/scan2.err")
is "$?" 0 "scan at $baud $fmt exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^ *$addr +$baud +$fmt +$(model_name "$model")( |\$)" "$id is found on the noisy line"
w=$(log_writes "$SIM_LOG")
is "$w" "" "no write request (FC 05, 06, 15, 16) during the scans"
sim_stop
done_testing
