#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission-panel.sh - commission the twelve-meter factory-new panel of
# tests/commission/panel.yaml (six JSY-MK-333, six KPM33B, all at address 1,
# none connected) to tests/commission/panel.csv, one meter at a time through
# the simulator's control socket; kill meterwise (SIGKILL: a crash) after
# five meters, run it again and finish.  The simulator's own --state file
# (not meterwise's output) must then hold every meter at the address, line
# and settings its plan row asks for, the report must say the same, and no
# address may have been given twice.  A last run with a fresh journal finds
# every meter already at its planned settings and writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
plan="$top_srcdir/tests/commission/panel.csv"
CTL="$T/ctl"
STATE="$T/sim.state"
# The order the technician connects them (ids of panel.yaml).
order="jsy1 kpm1 kpm2 jsy2 jsy3 kpm3 kpm4 jsy4 jsy5 kpm5 jsy6 kpm6"

sim_start panel "$scen" --control "$CTL" --state "$STATE" || exit 1

# Position each device must get: the n-th plan row of its model, for the
# n-th device of that model connected.  Kept as "device label" lines.
nj=0 nk=0
: >"$T/expect"
for d in $order; do
	case $d in
	jsy*) nj=$((nj + 1)); printf '%s %s\n' "$d" "$(plan_nth "$plan" jsy-mk-333 $nj)" ;;
	kpm*) nk=$((nk + 1)); printf '%s %s\n' "$d" "$(plan_nth "$plan" kpm33b $nk)" ;;
	esac >>"$T/expect"
done

# attach_and_wait OUT PID N DEVICE: connect DEVICE, wait for the N-th announcement.
attach_and_wait() {
	ctl attach "$4" || return 1
	wait_lines "$1" "^position [^ ]+: .* now at address" "$3" "$2"
}

"$MW" commission -p "$SIM_PORT" --yes "$plan" >"$T/run1.out" 2>"$T/run1.err" &
cm=$!
n=0
for d in $order; do
	n=$((n + 1))
	[ $n -gt 5 ] && break
	attach_and_wait "$T/run1.out" $cm $n $d
	ok $? "run 1: meter $n ($d) announced"
done
kill -KILL $cm
wait $cm 2>/dev/null
note "run 1 killed after 5 meters"
for k in 1 2 3 4 5; do
	d=$(echo $order | cut -d' ' -f$k)
	lab=$(awk -v d=$d '$1 == d { print $2 }' "$T/expect")
	like "$(cat "$T/run1.out")" "^position $lab: .* now at address" "run 1: $d became position $lab"
done

"$MW" commission -p "$SIM_PORT" --yes --report "$T/report.csv" "$plan" \
	>"$T/run2.out" 2>"$T/run2.err" &
cm=$!
wait_lines "$T/run2.out" "positions were done in an earlier run" 1 $cm
ok $? "run 2 says the first five positions were done before"
like "$(cat "$T/run2.out")" "^5 of 12 positions were done in an earlier run" "run 2 resumes at 5 of 12"
n=0
for d in $order; do
	n=$((n + 1))
	[ $n -le 5 ] && continue
	attach_and_wait "$T/run2.out" $cm $((n - 5)) $d
	ok $? "run 2: meter $n ($d) announced"
done
wait_exit $cm
is "$?" 0 "run 2 exits 0 once all twelve positions are done"
like "$(cat "$T/run2.out")" "all 12 positions are done" "run 2 says all positions are done"
sed 's/^/# run2: /' "$T/run2.err"

# The simulator writes its state file when it stops.
sim_stop
ok $? "simulator stopped (state saved)"

# Every device where its plan row says, by the simulator's own state.
addrs=""
while read -r d lab; do
	want_addr=$(csv_field "$plan" label "$lab" address)
	want_baud=$(csv_field "$plan" label "$lab" baud)
	want_fmt=$(csv_field "$plan" label "$lab" format)
	is "$(state_line "$STATE" $d)" "$want_addr $want_baud $want_fmt" \
		"sim state: $d ($lab) at address $want_addr, $want_baud $want_fmt"
	# The report (read back from the meters) agrees with the simulator.
	is "$(csv_field "$T/report.csv" position "$lab" address) $(csv_field "$T/report.csv" position "$lab" baud) $(csv_field "$T/report.csv" position "$lab" format)" \
		"$(state_line "$STATE" $d)" "report: $lab address and line match the simulator"
	case $d in
	jsy*)
		vl=$(csv_field "$plan" label "$lab" voltage_limit)
		cl=$(csv_field "$plan" label "$lab" current_limit)
		# JSY-MK-333 manual, Table 3: 0x0020 in V, 0x0021 in 0.1 A.
		is "$(state_word "$STATE" $d 0x0020)" "$vl" "sim state: $d voltage limit register = $vl V"
		is "$(state_word "$STATE" $d 0x0021)" "$(calc "$cl * 10" | sed 's/\..*//')" \
			"sim state: $d current limit register = $cl A in 0.1 A"
		is "$(csv_field "$T/report.csv" position "$lab" voltage_limit)" "$(state_word "$STATE" $d 0x0020)" \
			"report: $lab voltage_limit matches the simulator"
		;;
	kpm*)
		lt=$(csv_field "$plan" label "$lab" load_threshold)
		# KPM33B manual 6.2: 0x0026 load power threshold, kW.
		is "$(state_word "$STATE" $d 0x0026)" "$lt" "sim state: $d load threshold register = $lt"
		is "$(csv_field "$T/report.csv" position "$lab" load_threshold)" "$(state_word "$STATE" $d 0x0026)" \
			"report: $lab load_threshold matches the simulator"
		;;
	esac
	addrs="$addrs $want_addr"
done <"$T/expect"

# No address was given twice: the journal's address writes, one per position.
j="$XDG_STATE_HOME/meterwise/journal"
dup=$(grep '"kind":"set"' "$j" | grep '"setting":"address"' | grep '"outcome":"verified"' |
	sed 's/.*"new":"\([0-9]*\)".*/\1/' | sort | uniq -d)
is "$dup" "" "journal: no address was written twice"
is "$(grep '"kind":"set"' "$j" | grep -c '"setting":"address"')" 12 "journal: twelve address writes"
is "$(grep '"kind":"commission"' "$j" | grep -c '"outcome":"done"')" 12 \
	"journal: twelve positions done, tagged with the plan"

# Report snapshot: the scenario's voltages and a healthy verdict.
# kpm6 (B-6): voltage [231.1, 230.1, 232.1] in panel.yaml.
lab=$(awk '$1 == "kpm6" { print $2 }' "$T/expect")
near "$(csv_field "$T/report.csv" position "$lab" v_l1)" 231.1 0.2 "report: $lab L1 voltage from the scenario"
near "$(csv_field "$T/report.csv" position "$lab" v_l3)" 232.1 0.2 "report: $lab L3 voltage from the scenario"
is "$(csv_field "$T/report.csv" position "$lab" wiring)" "ok" "report: $lab wiring ok"
is "$(csv_field "$T/report.csv" position "$lab" serial)" "33B2300100006" "report: $lab serial number"

# A fresh journal: every meter is found at its planned settings and checked.
sim_start panel2 "$scen" --control "$CTL" --state "$STATE" || exit 1
for d in $order; do ctl attach $d || break; done
XDG_STATE_HOME="$T/state2" "$MW" commission -p "$SIM_PORT" --yes "$plan" >"$T/run3.out" 2>"$T/run3.err" &
wait_exit $! 60
is "$?" 0 "run 3 (no journal) exits 0"
is "$(grep -c 'with the planned settings: checked, not rewritten' "$T/run3.out")" 12 \
	"run 3: all twelve meters recognised and checked"
is "$(writes_in "$SIM_LOG")" 0 "run 3: no write request on the line"
sim_stop
done_testing
