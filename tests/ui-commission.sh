#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-commission.sh - the Commission screen (F9; `meterwise -p PORT
# --plan FILE`) in tmux: the first three positions of
# tests/commission/panel.csv are commissioned on the factory-new panel of
# tests/commission/panel.yaml (nothing connected at the start), meters
# attached one at a time through the simulator's control socket.  Two
# meters at once must show the collision warning and write nothing; each
# meter alone must be announced and its row marked done; the report must
# follow; and the simulator's own --state file (not the screen) must hold
# every meter at the address and line its plan row asks for, with the
# meter that was never connected untouched.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"
. "$top_srcdir/tests/commission/lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
CTL="$T/ctl"
STATE="$T/sim.state"
# the header and the first three positions (JSY-MK-333, KPM33B, JSY-MK-333)
plan="$T/plan.csv"
grep -v '^#' "$top_srcdir/tests/commission/panel.csv" | head -4 >"$plan"
is "$(plan_nth "$plan" jsy-mk-333 1) $(plan_nth "$plan" kpm33b 1) $(plan_nth "$plan" jsy-mk-333 2)" \
	"A-1 A-2 A-3" "plan: A-1 and A-3 for JSY-MK-333s, A-2 for a KPM33B"

sim_start panel "$scen" --control "$CTL" --state "$STATE" || exit 1
tui_start -p "$SIM_PORT" --plan "$plan"

# model_name ID: the model's name in its device file (model: / name:)
model_name() {
	id=$(echo "$1" | tr 'A-Z' 'a-z')
	awk '/^model:/ { m = 1; next } m && $1 == "name:" { print $2; exit }' \
		"$top_srcdir/devices/$id.yaml"
}
# row_re LABEL STATE: the row of LABEL with the plan's model, target and STATE
row_re() {
	printf '^ %s +%s +%s +%s %s +%s' "$1" "$(model_name "$(csv_field "$plan" label "$1" model)")" \
		"$(csv_field "$plan" label "$1" address)" "$(csv_field "$plan" label "$1" baud)" \
		"$(csv_field "$plan" label "$1" format)" "$2"
}
wait_for "$(row_re A-1 open)"
ok $? "--plan opens the Commission screen with the plan's first position, open"
like "$(screen)" "$(row_re A-2 open)" "and the second"
like "$(screen)" "$(row_re A-3 open)" "and the third"
keys F1
wait_for "F9 C +commission a panel from a plan"
ok $? "the help names F9"
like "$(screen)" "Connect the new meters one at a time" "and explains this screen"
keys Escape

keys Enter
wait_for "Commission the meters as planned\?"
ok $? "Enter asks before writing"
keys y
wait_for "commissioning started"
ok $? "y starts commissioning"
keys Space

ctl attach jsy1 jsy2 # in one instant: both answer every request from then on
ok $? "two JSY-MK-333 connected at once"
wait_for "Connect one meter at a time"
ok $? "the screen says to connect one meter at a time"
like "$(screen)" "$(row_re A-1 open)" "no position was given while two meters answer"
ctl detach jsy2

# attach order: jsy1 (already there), kpm1, jsy2
n=0
for pair in jsy1:A-1 kpm1:A-2 jsy2:A-3; do
	d=${pair%%:*} lab=${pair#*:}
	n=$((n + 1))
	[ $n -gt 1 ] && { ctl attach "$d" || break; }
	wait_for "$(row_re "$lab" done)"
	ok $? "$d commissioned: row $lab done"
	like "$(screen | sed -n 4p)" "position $lab: .* now at address $(csv_field "$plan" label "$lab" address)" \
		"the announcement line names $lab and its address"
done
wait_for "Commissioning report"
ok $? "the report follows when every position is done"
# the report's rows may come a frame after its title: wait for the row
wait_for "A-2 +KPM33B +done +$(csv_field "$plan" label A-2 address) +19200 8E1"
ok $? "the report lists A-2 read back at its planned settings"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits 0"
sim_stop
for pair in jsy1:A-1 kpm1:A-2 jsy2:A-3; do
	d=${pair%%:*} lab=${pair#*:}
	want="$(csv_field "$plan" label "$lab" address) $(csv_field "$plan" label "$lab" baud) $(csv_field "$plan" label "$lab" format)"
	is "$(state_line "$STATE" "$d")" "$want" "sim state: $d ($lab) at $want"
done
is "$(state_word "$STATE" jsy1 0x0020)" "$(csv_field "$plan" label A-1 voltage_limit)" \
	"sim state: jsy1's voltage limit register holds A-1's voltage_limit"
# the scenario's factory line for a JSY-MK-333 (panel.yaml): address 1, 9600 8N1
is "$(state_line "$STATE" jsy3)" "1 9600 8N1" "sim state: jsy3, never connected, untouched"
done_testing
