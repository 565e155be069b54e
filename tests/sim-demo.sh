#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-demo: read the demo panel with mbpoll (an independent libmodbus
# master) and compare every reading with what the scenario's physics
# implies: V, I, P = VI cos(phi), Q = VI sin(phi), S = VI, PF, totals,
# line voltages, frequency, direction and alarm bits, with the wiring
# faults the scenario gives.  Expected values are computed here from
# demo-panel.yaml with awk; tolerances from its noise and drift amplitudes.
. "$top_srcdir/tests/lib.sh"
command -v mbpoll >/dev/null || skip_all "mbpoll is not installed"
SCEN="$top_srcdir/sim/scenarios/demo-panel.yaml"
sim_start demo "$SCEN" || exit 1

# param ID KEY: the text after "KEY:" in device ID's block of the scenario.
param() {
	awk -v id="$1" -v key="$2" '
		/^  - id:/ { cur = $3 }
		cur == id && $1 == key ":" { sub(/^[^:]*:[[:space:]]*/, ""); print; exit }' "$SCEN"
}
# field TEXT NAME: NAME's number in a flow mapping "{a: 1, b: 2}" (0 if absent).
field() {
	printf '%s\n' "$1" | awk -v k="$2" '{
		if (match($0, k ": *[-0-9.]+")) { s = substr($0, RSTART, RLENGTH); sub(/.*: */, "", s); print s }
		else print 0 }'
}
# phases TEXT: "[a, b, c]" or "a" as three numbers.
phases() {
	printf '%s\n' "$1" | tr -d '[],' | awk '{ if (NF == 1) print $1, $1, $1; else print $1, $2, $3 }'
}
# check GOT WANT TOL WHAT
check() {
	awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t) }'
	chk_=$?
	ok $chk_ "$4"
	[ $chk_ -eq 0 ] || echo "#   got $1, want $2 +- $3"
}

# expect ID: lines "name value tolerance" from the physics of device ID.
expect() {
	V=$(phases "$(param "$1" voltage)")
	I=$(phases "$(param "$1" current)")
	A=$(phases "$(param "$1" angle)")
	F=$(param "$1" frequency)
	N=$(param "$1" noise)
	D=$(param "$1" drift)
	FA=$(param "$1" faults)
	rev=$(printf '%s\n' "$FA" | sed -n 's/.*ct_reversed: *\[\([^]]*\)\].*/\1/p')
	echo "$V $I $A" | awk -v f="$F" -v rev="$rev" \
		-v nv="$(field "$N" voltage)" -v ni="$(field "$N" current)" -v na="$(field "$N" angle)" \
		-v nf="$(field "$N" frequency)" -v dv="$(field "$D" voltage)" -v di="$(field "$D" current)" \
		-v da="$(field "$D" angle)" -v df="$(field "$D" frequency)" '{
		pi = atan2(0, -1); ev = nv + dv; ei = ni + di; ea = (na + da) * pi / 180
		for (k = 1; k <= 3; k++) {
			v = $k; i = $(k + 3); a = $(k + 6) * pi / 180
			sgn = (index(rev, "L" k) ? -1 : 1)
			p = sgn * v * i * cos(a); q = sgn * v * i * sin(a); s = v * i
			dp = i * ev + v * ei + ei * ev + s * ea
			printf "V%d %.4f %.4f\n", k, v, ev
			printf "I%d %.4f %.4f\n", k, i, ei
			printf "P%d %.4f %.4f\n", k, p, dp
			printf "Q%d %.4f %.4f\n", k, q, dp
			printf "S%d %.4f %.4f\n", k, s, i * ev + v * ei + ei * ev
			printf "PF%d %.5f %.5f\n", k, p / s, 0.01 + ea + (dp / s)
			P += p; Q += q; S += s; DP += dp
			VX[k] = v * cos(-2 * pi * (k - 1) / 3); VY[k] = v * sin(-2 * pi * (k - 1) / 3)
		}
		for (k = 1; k <= 3; k++) {
			n = k % 3 + 1
			printf "VLL%d %.4f %.4f\n", k, sqrt((VX[k] - VX[n]) ^ 2 + (VY[k] - VY[n]) ^ 2), 2 * ev
		}
		printf "PT %.4f %.4f\nQT %.4f %.4f\nST %.4f %.4f\n", P, DP, Q, DP, S, DP
		printf "PFT %.5f %.5f\nF %.4f %.4f\n", P / S, 0.01 + ea + DP / S, f, nf + df + 0.005
		printf "DIR %d\n", (P < 0 ? 8 : 0) + (Q < 0 ? 128 : 0)
	}'
}
want() { printf '%s\n' "$EXP" | awk -v n="$1" '$1 == n { print $2 }'; }
tol() { printf '%s\n' "$EXP" | awk -v n="$1" '$1 == n { print $3 }'; }

# A JSY-MK-333 (manual table 1): 0x0100.. u16 V x0.01, I x0.01, P W, 0x0109 u32 P total,
# 0x010B Q var, 0x010E u32 Q total, 0x0110 S VA, 0x0113 u32 S total, 0x0115 F x0.01,
# 0x0116 PF x0.001 (L1..L3, total), 0x0132 direction bits, 0x0133 alarm bits.
jsy() {
	id=$1
	EXP=$(expect "$id")
	addr=$(param "$id" address)
	baud=$(param "$id" baud)
	fmt=$(param "$id" format)
	par=none
	case $fmt in 8E1) par=even ;; 8O1) par=odd ;; esac
	stop=1
	[ "$fmt" = 8N2 ] && stop=2
	mbpoll -m rtu -b "$baud" -P "$par" -s "$stop" -a "$addr" -r 256 -0 -c 52 -t 4:hex -1 -o 1 \
		"$SIM_PORT" >"$T/$id.out" 2>&1
	ok $? "$id: mbpoll reads 52 registers from 0x0100 at $addr, $baud $fmt"
	R=$(sed -n 's/^\[\([0-9]*\)\]:[[:space:]]*0x\([0-9A-Fa-f]*\).*/\1 \2/p' "$T/$id.out" |
		while read -r reg hex; do echo "$reg $((0x$hex))"; done)
	reg() { printf '%s\n' "$R" | awk -v r="$1" '$1 == r { print $2 }'; }
	dir=$(reg 306)
	for k in 1 2 3; do
		check "$(awk -v x="$(reg $((255 + k)))" 'BEGIN{print x / 100}')" "$(want V$k)" \
			"$(awk -v t="$(tol V$k)" 'BEGIN{print t + 0.006}')" "$id: L$k voltage"
		check "$(awk -v x="$(reg $((258 + k)))" 'BEGIN{print x / 100}')" "$(want I$k)" \
			"$(awk -v t="$(tol I$k)" 'BEGIN{print t + 0.006}')" "$id: L$k current"
		# Powers are magnitudes; bit k-1 of 0x0132 says the direction.
		sp=$(( (dir >> (k - 1)) & 1 ? -1 : 1 ))
		sq=$(( (dir >> (k + 3)) & 1 ? -1 : 1 ))
		check "$((sp * $(reg $((261 + k)))))" "$(want P$k)" "$(awk -v t="$(tol P$k)" 'BEGIN{print t + 1}')" \
			"$id: L$k active power with its direction bit"
		check "$((sq * $(reg $((266 + k)))))" "$(want Q$k)" "$(awk -v t="$(tol Q$k)" 'BEGIN{print t + 1}')" \
			"$id: L$k reactive power with its direction bit"
		check "$(reg $((271 + k)))" "$(want S$k)" "$(awk -v t="$(tol S$k)" 'BEGIN{print t + 1}')" \
			"$id: L$k apparent power"
		check "$(awk -v x="$(reg $((277 + k)))" 'BEGIN{print x / 1000}')" \
			"$(awk -v x="$(want PF$k)" 'BEGIN{print x < 0 ? -x : x}')" \
			"$(awk -v t="$(tol PF$k)" 'BEGIN{print t + 0.002}')" "$id: L$k power factor (unsigned)"
	done
	spt=$(( (dir >> 3) & 1 ? -1 : 1 ))
	check "$((spt * ($(reg 265) * 65536 + $(reg 266))))" "$(want PT)" \
		"$(awk -v t="$(tol PT)" 'BEGIN{print t + 3}')" "$id: total active power (u32, sign bit 3)"
	check "$(($(reg 275) * 65536 + $(reg 276)))" "$(want ST)" \
		"$(awk -v t="$(tol ST)" 'BEGIN{print t + 3}')" "$id: total apparent power (u32)"
	check "$(awk -v x="$(reg 277)" 'BEGIN{print x / 100}')" "$(want F)" "$(tol F)" "$id: frequency"
	is "$((dir & 0x88))" "$(want DIR)" "$id: total direction bits 3 and 7"
	# Alarm word: bit 8 = reverse phase sequence; no voltage above 260 V nor current above 50 A.
	alarm=0
	printf '%s\n' "$(param "$id" faults)" | grep -q 'reverse_sequence: *true' && alarm=256
	is "$(reg 307)" "$alarm" "$id: alarm word 0x0133 (reverse sequence bit 8)"
	# The direction bits of the phases: what the wiring implies.
	want_dir=0
	for k in 1 2 3; do
		awk -v p="$(want P$k)" 'BEGIN{exit !(p < 0)}' && want_dir=$((want_dir | (1 << (k - 1))))
		awk -v q="$(want Q$k)" 'BEGIN{exit !(q < 0)}' && want_dir=$((want_dir | (1 << (k + 3))))
	done
	is "$((dir & 0x77))" "$want_dir" "$id: per-phase direction bits of 0x0132"
}

# A KPM33B (manual 6.3): big-endian float32 from 0x0030: V1-3, I1-3, V12 V23 V31,
# P1-3 PT, Q1-3 QT, S1-3 ST, PF1-3 PFT, F.
kpm() {
	id=$1
	EXP=$(expect "$id")
	addr=$(param "$id" address)
	baud=$(param "$id" baud)
	fmt=$(param "$id" format)
	par=none
	case $fmt in 8E1) par=even ;; 8O1) par=odd ;; esac
	mbpoll -m rtu -b "$baud" -P "$par" -a "$addr" -r 48 -0 -c 26 -t 4:float -B -1 -o 1 \
		"$SIM_PORT" >"$T/$id.out" 2>&1
	ok $? "$id: mbpoll reads 26 floats from 0x0030 at $addr, $baud $fmt"
	set -- V1 V2 V3 I1 I2 I3 VLL1 VLL2 VLL3 P1 P2 P3 PT Q1 Q2 Q3 QT S1 S2 S3 ST PF1 PF2 PF3 PFT F
	r=48
	for name in "$@"; do
		got=$(sed -n "s/^\[$r\]:[[:space:]]*\([-0-9.e+]*\).*/\1/p" "$T/$id.out")
		check "${got:-missing}" "$(want "$name")" "$(awk -v t="$(tol "$name")" 'BEGIN{print t + 0.01}')" \
			"$id: $name"
		r=$((r + 2))
	done
}

jsy lighting
jsy hvac
jsy kitchen
jsy workshop
kpm incomer
kpm pumps
kpm sockets
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
