#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-factory.sh - sim/scenarios/factory-new.yaml: meters straight
# from the box, all at address 1 (JSY-MK-333 at 9600 8N1, KPM33B at
# 9600 8E1).  Connected two at a time (one of each model), `meterwise scan`
# with its default plan (every setting the device files support, most
# likely first) and --expect 2 finds both at their factory settings and
# identifies their models, in text and JSON.  Connected all at once, the
# meters of one model collide at address 1, and the scan says so.  The frame
# log shows no write.  Expected values come from the scenario and the
# device files' factory defaults.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scan-lib.sh"

scen="$top_srcdir/sim/scenarios/factory-new.yaml"
devs=$(scenario_devices "$scen")
ok $? "read the devices of factory-new.yaml"
note "scenario: $(printf '%s\n' "$devs" | grep -c .) devices"
ctl="$T/factory.ctl"
sim_start factory "$scen" --detached --control "$ctl" || exit 1
control() { "$MWSIM" --control "$ctl" --command "$*" >/dev/null; }

# Pairs: the k-th device of each model.
models=$(printf '%s\n' "$devs" | awk '!seen[$2]++ {print $2}')
m1=$(echo "$models" | sed -n 1p)
m2=$(echo "$models" | sed -n 2p)
printf '%s\n' "$devs" | awk -v m="$m1" '$2 == m' >"$T/a"
printf '%s\n' "$devs" | awk -v m="$m2" '$2 == m' >"$T/b"
paste -d ' ' "$T/a" "$T/b" >"$T/pairs"
round=0
while read -r id1 mod1 addr1 baud1 fmt1 id2 mod2 addr2 baud2 fmt2; do
	round=$((round + 1))
	control attach "$id1" && control attach "$id2"
	ok $? "attach $id1 and $id2"
	json=
	if [ $round -eq 1 ]; then
		json=--json
	fi
	out=$("$MW" scan -p "$SIM_PORT" --expect 2 --addr 1-4 $json 2>"$T/scan.err")
	is "$?" 0 "scan --expect 2 $json with $id1 and $id2 connected exits 0"
	for d in "$id1 $mod1 $addr1 $baud1 $fmt1" "$id2 $mod2 $addr2 $baud2 $fmt2"; do
		set -- $d
		if [ -n "$json" ]; then
			like "$(printf '%s\n' "$out" | tr -d '\n')" \
				"\"address\": $3,[[:space:]]*\"baud\": $4,[[:space:]]*\"format\": \"$5\",[^}]*\"model\": \"$2\"" \
				"JSON: $1 at address $3, $4 $5, model $2"
		else
			like "$out" "^ *$3 +$4 +([0-9A-Z]+,)*$5(,[0-9A-Z]+)* +$(model_name "$2")( |\$)" \
				"$1 found at its factory settings: address $3, $4 $5, as $(model_name "$2")"
		fi
	done
	control detach "$id1" && control detach "$id2"
done <"$T/pairs"

# All at once: meters sharing address, baud and format answer together.
control attach all
ok $? "attach all"
printf '%s\n' "$devs" | awk '{print $3, $4, $5}' | sort | uniq -d >"$T/shared"
[ -s "$T/shared" ]
ok $? "the scenario puts several meters at one address and line setting"
bauds=$(uniq_list "$(awk '{print $2}' "$T/shared")")
fmts=$(uniq_list "$(awk '{print $3}' "$T/shared")")
top=$(awk '{print $1}' "$T/shared" | sort -n | tail -n 1)
out=$("$MW" scan -p "$SIM_PORT" --baud "$bauds" --format "$fmts" --addr "1-$((top + 1))" 2>"$T/scan.err")
is "$?" 1 "with every meter connected, no device can be told apart (exit 1)"
printf '%s\n' "$out" | sed 's/^/# /'
while read -r addr baud fmt; do
	like "$out" "warning: $baud $fmt: address $addr: .*two devices at one address" \
		"collision at address $addr, $baud $fmt, reported"
done <"$T/shared"
w=$(log_writes "$SIM_LOG")
is "$w" "" "no write request (FC 05, 06, 15, 16) during the scans"
[ "$(log_requests "$SIM_LOG")" -gt 0 ]
ok $? "the frame log recorded the scans' requests"
sim_stop
done_testing
