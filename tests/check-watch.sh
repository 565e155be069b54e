#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-watch.sh - `meterwise check --watch` follows the wiring as it
# changes: on a meter of each seed model in the wiring-faults scenario,
# faults are injected and removed through the simulator's control socket
# while the check is watching, and its JSON lines show the verdict change
# (healthy -> CT reversed on L3 -> CTs swapped -> healthy again).
. "$top_srcdir/tests/lib.sh"

SCEN="$top_srcdir/sim/scenarios/wiring-faults.yaml"
CTL="$T/ctl"

# ctl COMMAND: send one command to the simulator; its answer ends in "ok".
ctl() {
	"$MWSIM" --control "$CTL" --command "$*" >"$T/ctl.out" 2>&1
}

# wait_line FILE FROM REGEX: wait until a line after line FROM matches
# (bounded: a stuck check fails the test instead of hanging it).
wait_line() {
	i=0
	while ! tail -n +"$(($2 + 1))" "$1" | grep -Eq -- "$3"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$CPID" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	return 0
}

lines() { grep -c . "$1"; }

sim_start wf "$SCEN" --seed 3 --control "$CTL" || exit 1
i=0
while [ ! -S "$CTL" ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
ctl list
ok $? "control socket answers"
cp "$T/ctl.out" "$T/list"

for model in jsy-mk-333 kpm33b; do
	set -- $(awk -v m="$model" '$2 == m { print $1, $3, $4, $5; exit }' "$T/list") "" "" "" ""
	id=$1 addr=$2 baud=$3 fmt=$4
	ok $([ -n "$id" ] && echo 0 || echo 1) "$model: a meter on the bus ($id at $addr)"
	ctl set "$id" faults.ct_reversed none && ctl set "$id" faults.ct_swap none &&
		ctl set "$id" faults.lost_phase none && ctl set "$id" faults.reverse_sequence false
	ok $? "$id: wiring made healthy"

	out="$T/$id.watch"
	: >"$out"
	"$MW" check -p "$SIM_PORT" -a "$addr" -b "$baud" -f "$fmt" -m "$model" --json --watch 0.2 \
		>"$out" 2>"$T/$id.err" </dev/null &
	CPID=$!
	wait_line "$out" 0 '"healthy":true'
	ok $? "$id: watching, healthy"

	n=$(lines "$out")
	ctl set "$id" faults.ct_reversed L3
	ok $? "$id: CT3 reversed through the control socket"
	wait_line "$out" "$n" '"kind":"ct_reversed","severity":"fault","phase":"L3"'
	ok $? "$id: the verdict changes to CT reversed on L3"
	before=$(head -n "$n" "$out" | grep -c '"ct_reversed"')
	is "$before" 0 "$id: ... and not before it was reversed"

	n=$(lines "$out")
	ctl set "$id" faults.ct_reversed none && ctl set "$id" faults.ct_swap "[L1, L2]"
	ok $? "$id: CT3 put right, CT1 and CT2 swapped"
	wait_line "$out" "$n" '"kind":"ct_wrong_phase","severity":"fault","phase":"L1".*"kind":"ct_wrong_phase","severity":"fault","phase":"L2"'
	ok $? "$id: the verdict changes to CT1 and CT2 on the wrong phase"

	n=$(lines "$out")
	ctl set "$id" faults.ct_swap none
	wait_line "$out" "$n" '"healthy":true'
	ok $? "$id: healthy again once the CTs are put right"

	kill -TERM "$CPID"
	wait "$CPID"
	is $? 130 "$id: check --watch stops on SIGTERM (exit 130)"
	if [ -s "$T/$id.err" ]; then
		sed 's/^/#   /' "$T/$id.err"
	fi
done
done_testing
