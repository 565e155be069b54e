#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-read.sh - `meterwise read` against meterwise-sim: the values equal
# the scenario's physics (tests/engine-panel.yaml) for the JSY-MK-333
# (unsigned registers, fixed scaling, signs from the direction word) and the
# KPM33B (signed float32), in the fewest requests; identification without
# -m; table, JSON and CSV output.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
sim_start panel "$top_srcdir/tests/engine-panel.yaml" || exit 1

# ---- JSY-MK-333 at 1, 9600 8N1 ------------------------------------------
out=$("$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json --timeout 300 2>"$T/err")
is "$?" 0 "read JSY-MK-333 exits 0"
is "$(jget "$out" model)" "jsy-mk-333" "JSON names the model"
V="230.5 228.0 232.25"
I="5.0 10.0 2.5"
A="20 30 160"
ptot=0
qtot=0
stot=0
for k in 1 2 3; do
	v=$(echo $V | cut -d' ' -f$k)
	i=$(echo $I | cut -d' ' -f$k)
	a=$(echo $A | cut -d' ' -f$k)
	near "$(jget "$out" voltage_l$k)" "$v" 0.006 "JSY L$k voltage = $v V"
	near "$(jget "$out" current_l$k)" "$i" 0.006 "JSY L$k current = $i A"
	p=$(calc "$v * $i * cos($a * d2r)")
	q=$(calc "$v * $i * sin($a * d2r)")
	s=$(calc "$v * $i")
	# Powers are whole watts on the JSY: within 1 W of the physics.
	near "$(jget "$out" active_power_l$k)" "$p" 1.0 "JSY P$k = V I cos(phi) = $p W (sign from the direction word)"
	near "$(jget "$out" reactive_power_l$k)" "$q" 1.0 "JSY Q$k = V I sin(phi) = $q var"
	near "$(jget "$out" apparent_power_l$k)" "$s" 1.0 "JSY S$k = V I = $s VA"
	ptot=$(calc "$ptot + $p")
	qtot=$(calc "$qtot + $q")
	stot=$(calc "$stot + $s")
done
near "$(jget "$out" active_power_total)" "$ptot" 2.0 "JSY total P = $ptot W"
near "$(jget "$out" reactive_power_total)" "$qtot" 2.0 "JSY total Q = $qtot var"
near "$(jget "$out" frequency)" 50.0 0.006 "JSY frequency 50.00 Hz"
# L3 (angle 160 degrees) exports: its reverse-active flag is set, L1's is not.
dir=$(printf '%s\n' "$out" | sed -n '/"direction": \[/,/\]/p')
like "$dir" 'reverse_active_l3' "direction flags name L3 active power reverse"
printf '%s\n' "$dir" | grep -q 'reverse_active_l1'
ok $((! $?)) "L1 active power is not flagged reverse"
req=$(jget "$out" requests)
ok $([ "$req" -le 3 ] && echo 0 || echo 1) "JSY read in at most 3 requests (got $req)"

# ---- KPM33B at 2, 9600 8E1 (its factory format, taken from the model) ----
out=$("$MW" read -p "$SIM_PORT" -a 2 -m kpm33b --json --timeout 300 2>"$T/err")
is "$?" 0 "read KPM33B exits 0"
V="231.0 229.0 230.0"
I="4.0 8.0 12.0"
A="10 -25 40"
ptot=0
for k in 1 2 3; do
	v=$(echo $V | cut -d' ' -f$k)
	i=$(echo $I | cut -d' ' -f$k)
	a=$(echo $A | cut -d' ' -f$k)
	p=$(calc "$v * $i * cos($a * d2r)")
	q=$(calc "$v * $i * sin($a * d2r)")
	near "$(jget "$out" voltage_l$k)" "$v" 0.01 "KPM33B L$k voltage = $v V"
	near "$(jget "$out" current_l$k)" "$i" 0.01 "KPM33B L$k current = $i A"
	near "$(jget "$out" active_power_l$k)" "$p" 0.5 "KPM33B P$k = $p W"
	near "$(jget "$out" reactive_power_l$k)" "$q" 0.5 "KPM33B Q$k = $q var (signed float)"
	near "$(jget "$out" power_factor_l$k)" "$(calc "cos($a * d2r)")" 0.002 "KPM33B PF$k = cos(phi)"
	ptot=$(calc "$ptot + $p")
done
near "$(jget "$out" active_power_total)" "$ptot" 1.0 "KPM33B total P = $ptot W"
near "$(jget "$out" frequency)" 49.95 0.01 "KPM33B frequency 49.95 Hz"

# ---- identification, table and CSV ---------------------------------------
out=$("$MW" read -p "$SIM_PORT" -a 1 --timeout 300 2>"$T/err")
rc=$?
is "$rc" 0 "read without -m exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/err"
like "$out" '^JSY-MK-333 at address 1, 9600 8N1' "identified as JSY-MK-333 from its probe"
like "$out" '^Voltage \(V\) +230\.50 +228\.00 +232\.25' "table row: voltages L1 L2 L3 with unit"
like "$out" '^Active power \(W\) +1083 ' "table row: active power in watts"
like "$out" 'L3 active power reverse' "flags by name in the other values"

out=$("$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --csv --timeout 300 2>"$T/err")
is "$?" 0 "CSV read exits 0"
hdr=$(printf '%s\n' "$out" | head -1)
row=$(printf '%s\n' "$out" | sed -n 2p)
like "$hdr" '^time,address,model_code,' "CSV header names the values"
col=$(printf '%s\n' "$hdr" | tr ',' '\n' | grep -nx 'voltage_l2' | cut -d: -f1)
is "$(printf '%s\n' "$row" | cut -d, -f"$col")" "228.00" "CSV: voltage_l2 in its column"

# ---- --watch streams JSON lines until interrupted --------------------------
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json --watch 0.1 --timeout 300 >"$T/watch" 2>"$T/err" &
wpid=$!
i=0
while [ "$(wc -l <"$T/watch")" -lt 3 ] && kill -0 "$wpid" 2>/dev/null && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -INT "$wpid"
wait "$wpid"
is "$?" 130 "--watch stops on Ctrl-C with exit 130"
n=$(wc -l <"$T/watch")
ok $([ "$n" -ge 3 ] && echo 0 || echo 1) "--watch streamed one JSON line per reading ($n lines)"
like "$(head -1 "$T/watch")" '^\{"time":"[0-9T:.-]+Z","port":.*"voltage_l1":230\.5' "each line is a whole JSON object"

# ---- errors ---------------------------------------------------------------
"$MW" read -p "$SIM_PORT" -a 9 -m jsy-mk-333 --timeout 100 --retries 2 >/dev/null 2>"$T/err"
is "$?" 1 "no meter at 9: exit 1"
like "$(cat "$T/err")" 'no reply from address 9 at 9600 8N1 after 2 tries' "says no reply, where, how often"
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 -b 19200 --timeout 100 --retries 1 >/dev/null 2>"$T/err"
is "$?" 1 "wrong baud: exit 1 (the meter does not hear 19200)"
"$MW" read -p "$T/nonexistent" -a 1 >/dev/null 2>"$T/err"
is "$?" 1 "missing port: exit 1"
like "$(cat "$T/err")" 'no such serial port' "missing port named as such"
"$MW" read -p "$SIM_PORT" >/dev/null 2>&1
is "$?" 2 "no address: usage error, exit 2"

done_testing
