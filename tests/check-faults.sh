#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-faults.sh - `meterwise check` against the simulator's wiring-faults
# scenario: every injected fault is named on the right phase, nothing else
# is called a fault, and healthy meters are healthy, for the JSY-MK-333
# (magnitudes plus direction bits, a sequence flag) and the KPM33B (signed
# floats, no sequence flag).
#
# What each meter should show is read from the scenario itself (its
# `faults:` mapping), so the expectations are the scenario's physics:
#   ct_reversed: [Lk]    -> ct_reversed on Lk (all three: all_reversed)
#   ct_swap: [La, Lb]    -> ct_wrong_phase on La and on Lb
#   lost_phase: Lk       -> lost_voltage on Lk
#   reverse_sequence     -> reverse_sequence, when the model has a sequence
#                           flag; without one the supply's rotation leaves
#                           every per-phase power as it was, so check must
#                           say it cannot be told and name no fault.
. "$top_srcdir/tests/lib.sh"

SCEN="$top_srcdir/sim/scenarios/wiring-faults.yaml"

# One line per device: id model address baud format faults...
# (the scenario writes each device as a flow mapping, maybe over lines).
devices() {
	awk '
	function flush() {
		if (dev == "") return
		id = field(dev, "id"); model = field(dev, "model"); addr = field(dev, "address")
		baud = field(dev, "baud"); fmt = field(dev, "format")
		f = ""
		if (match(dev, /faults: *\{[^}]*\}/)) {
			f = substr(dev, RSTART, RLENGTH)
			sub(/faults: *\{/, "", f); sub(/\}$/, "", f)
			g = ""; inlist = 0
			for (i = 1; i <= length(f); i++) {
				ch = substr(f, i, 1)
				if (ch == "[") inlist = 1
				else if (ch == "]") inlist = 0
				else if (ch == "," && inlist) g = g "+"
				else if (ch != " ") g = g ch
			}
			f = g
		}
		print id, model, addr, baud, fmt, (f == "" ? "none" : f)
		dev = ""
	}
	function field(s, k,   r) {
		if (!match(s, "[{ ,]" k ": *[^,}]*")) return ""
		r = substr(s, RSTART, RLENGTH); sub(/^[{ ,][a-z_]*: */, "", r); return r
	}
	/^  - / { flush(); dev = $0; next }
	/^[a-z]/ { flush(); next }
	dev != "" { dev = dev " " $0 }
	END { flush() }
	' "$SCEN"
}

# The verdicts of one JSON answer as "kind:severity:phase" lines.
verdicts() {
	tr -d ' \n' <"$1" | grep -o '"kind":"[a-z_]*","severity":"[a-z]*","phase":[^,]*' |
		sed 's/"kind":"\([a-z_]*\)","severity":"\([a-z]*\)","phase":"*\([^"]*\)"*/\1:\2:\3/'
}

# Does the model's device file have a phase-sequence flag?
has_seq_flag() {
	grep -q 'meaning: *reverse_sequence' "$top_srcdir/devices/$1.yaml"
}

# Expected "kind:phase" verdicts for a model and a fault list (sorted).
expected() {
	model=$1
	faults=$2
	[ "$faults" = none ] && return 0
	echo "$faults" | tr ',' '\n' | while IFS= read -r kv; do
		k=${kv%%:*}
		v=${kv#*:}
		v=$(echo "$v" | tr '+' ' ') # lists come as L2+L3
		case $k in
		ct_reversed)
			set -- $v
			if [ $# -eq 3 ]; then echo "all_reversed:null"; else
				for p in $v; do echo "ct_reversed:$p"; done
			fi ;;
		ct_swap) for p in $v; do echo "ct_wrong_phase:$p"; done ;;
		lost_phase) for p in $v; do echo "lost_voltage:$p"; done ;;
		reverse_sequence)
			[ "$v" = true ] || continue
			if has_seq_flag "$model"; then echo "reverse_sequence:null"; fi ;;
		*) echo "unknown-fault:$k" ;;
		esac
	done | sort -u
}

[ -f "$SCEN" ] || { echo "# $SCEN is missing"; echo "not ok 1 - scenario present"; echo "1..1"; exit 1; }
DEVS=$(devices)
n=$(printf '%s\n' "$DEVS" | grep -c .)
ok $([ "$n" -ge 10 ] && echo 0 || echo 1) "scenario lists $n meters (5 of each model)"
for model in jsy-mk-333 kpm33b; do
	m=$(printf '%s\n' "$DEVS" | awk -v m="$model" '$2 == m && $6 == "none"' | grep -c .)
	ok $([ "$m" -ge 1 ] && echo 0 || echo 1) "$model: a healthy meter to compare with"
done

sim_start wf "$SCEN" --seed 7 || exit 1

printf '%s\n' "$DEVS" | {
	while read -r id model addr baud fmt faults; do
		out="$T/$id.json"
		"$MW" check -p "$SIM_PORT" -a "$addr" -b "$baud" -f "$fmt" -m "$model" --json \
			>"$out" 2>"$T/$id.err" </dev/null
		rc=$?
		ok $rc "$id ($model at $addr): check ran"
		[ $rc -eq 0 ] || { sed 's/^/#   /' "$T/$id.err"; continue; }
		got=$(verdicts "$out" | awk -F: '$2 == "fault" || $2 == "warning" { print $1 ":" $3 }' |
			sort -u)
		want=$(expected "$model" "$faults")
		is "$(echo $got)" "$(echo $want)" "$id: faults named on the right phase ($faults)"
		if [ -z "$want" ]; then
			like "$(tr -d ' \n' <"$out")" '"healthy":true' "$id: healthy (as far as it can tell)"
		else
			like "$(tr -d ' \n' <"$out")" '"healthy":false' "$id: not healthy"
		fi
		case $faults in
		*reverse_sequence*)
			if ! has_seq_flag "$model"; then
				like "$(cat "$out")" 'cannot be told' \
					"$id: says the sequence cannot be told without a flag"
			fi ;;
		esac
	done
	done_testing
}
