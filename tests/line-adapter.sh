#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-adapter.sh - real adapters on the simulator's adapter
# (meterwise-sim --adapter): a 2-wire converter that echoes every request
# changes nothing for scan, read and set (the echo is recognised on the
# first transaction, dropped on the line layer, and shown as "echo" in
# --trace); an echo that differs from the request is reported as a noisy
# line; a 16 ms latency timer costs time, not correctness; --rts on a
# pseudo-terminal says it cannot; `ports` names the chip and the latency
# timer of a USB adapter from sysfs (a fake tree under MW_SYSFS_ROOT), and
# a session lowers a writable timer and puts it back.
. "$top_srcdir/tests/lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
scen="$top_srcdir/tests/engine-panel.yaml"

# ---- an echoing adapter ---------------------------------------------------
sim_start echo "$scen" --adapter echo || exit 1
port=$(basename "$SIM_PORT")
"$MW" scan -p "$SIM_PORT" -b 9600 -f 8N1,8E1 -a 1-4 --trace >"$T/scan.out" 2>"$T/scan.err"
is "$?" 0 "scan through an echoing adapter exits 0"
like "$(cat "$T/scan.out")" "^ +1 +9600 +8N1 +JSY-MK-333" "it finds the JSY-MK-333 at 1, 9600 8N1"
like "$(cat "$T/scan.out")" "^ +2 +9600 +8E1 +KPM33B" "and the KPM33B at 2, 9600 8E1"
like "$(grep -c 'garbled\|crc-error' "$T/scan.err")" "^0$" "no frame is taken for a garbled reply"
like "$(cat "$T/scan.err")" "$port < echo +0[0-4] 03 " "--trace shows the echo recognised"

"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json --trace="$T/read.trace" >"$T/read.out" 2>"$T/read.err"
is "$?" 0 "read through an echoing adapter exits 0"
like "$(cat "$T/read.out")" '"voltage_l1": *"?230\.[45]' "and reads the scenario's 230.5 V"
req=$(grep ' > request ' "$T/read.trace" | head -1 | sed 's/.*request *//')
echo_=$(grep ' < echo ' "$T/read.trace" | head -1 | sed 's/.*echo *//')
is "$echo_" "$req" "the echo traced is the request sent, byte for byte"
is "$(grep -c ' < reply ' "$T/read.trace")" "$(grep -c ' > request ' "$T/read.trace")" \
	"every request got its reply"

out=$("$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=250 --yes 2>&1)
is "$?" 0 "set through an echoing adapter exits 0"
like "$out" 'verified at address 1, 9600 8N1' "and is verified"
"$MW" read -p "$SIM_PORT" -a 2 -b 9600 -f 8E1 -m kpm33b >/dev/null 2>&1
is "$?" 0 "read at 8E1 through the echoing adapter"
sim_stop

# ---- noise: the echo is not the request -----------------------------------
sim_start noisy "$scen" --adapter echo,echo_noise_after=1 || exit 1
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --retries 2 >"$T/noisy.out" 2>"$T/noisy.err"
is "$?" 1 "an echo that differs from the request: the read fails"
like "$(cat "$T/noisy.err")" "noisy line: the adapter's echo of the request to address 1" \
	"and says the line is noisy"
sim_stop

# ---- a 16 ms latency timer ------------------------------------------------
sim_start slow "$scen" --adapter latency=16,buffer=62 || exit 1
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --latency 16 --json >"$T/slow.out" 2>"$T/slow.err"
is "$?" 0 "read through a 16 ms latency timer exits 0"
like "$(cat "$T/slow.out")" '"voltage_l1": *"?230\.[45]' "with the right values"
"$MW" scan -p "$SIM_PORT" -b 9600 -f 8N1 -a 1-3 --latency 16 --stats >"$T/slow.scan" 2>&1
is "$?" 0 "scan --stats through it exits 0"
like "$(cat "$T/slow.scan")" "stats: adapter: latency 1[6-9]\.[0-9] ms" "--stats shows the adapter's latency"
like "$(cat "$T/slow.scan")" "9t \+ T_max \+ L" "and the physical bound includes it"
sim_stop

# ---- the control socket ---------------------------------------------------
sim_start ctl "$scen" --control "$T/ctl.sock" || exit 1
i=0
while [ ! -S "$T/ctl.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
out=$("$MWSIM" --control "$T/ctl.sock" --command "adapter latency=16,echo")
like "$out" "latency=16,lag=0,buffer=62,echo=on" "adapter SPEC on the control socket"
out=$("$MWSIM" --control "$T/ctl.sock" --command "adapter none")
like "$out" "^none" "adapter none takes it away"
out=$("$MWSIM" --control "$T/ctl.sock" --command "adapter latency=5000" 2>&1)
like "$out" "error: adapter latency: 5000: expected milliseconds" "a bad value is refused"
sim_stop

# ---- RS-485 direction by RTS ----------------------------------------------
sim_start rts "$scen" || exit 1
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --rts sideways >/dev/null 2>"$T/rts.err"
is "$?" 2 "--rts sideways: usage error"
like "$(cat "$T/rts.err")" "--rts sideways: give up" "says what --rts takes"
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --rts up --rts-delay 1 >/dev/null 2>"$T/rts.err"
is "$?" 1 "--rts up on a pseudo-terminal: the port cannot be used (exit 1)"
like "$(cat "$T/rts.err")" "cannot drive the RTS line .*a pseudo-terminal has no modem lines" \
	"and says so honestly"

# ---- ports: a USB adapter's chip and latency timer from sysfs -------------
R="$T/sys"
mkdir -p "$R/devices/usb1/1-1/1-1:1.0/ttyUSB0" "$R/class/tty/ttyUSB0" \
	"$R/bus/usb-serial/devices/ttyUSB0"
echo 0403 >"$R/devices/usb1/1-1/idVendor"
echo 6001 >"$R/devices/usb1/1-1/idProduct"
ln -s "$R/devices/usb1/1-1/1-1:1.0/ttyUSB0" "$R/class/tty/ttyUSB0/device"
echo 16 >"$R/bus/usb-serial/devices/ttyUSB0/latency_timer"
ln -s "$SIM_PORT" "$T/ttyUSB0"
out=$(MW_SYSFS_ROOT="$R" "$MW" ports "$T/ttyUSB0")
is "$?" 0 "ports with a fake sysfs exits 0"
like "$out" "USB 0403:6001 +chip FTDI FT232R +latency timer 16 ms" "names the chip and its latency timer"
like "$out" "echo 1 > $R/bus/usb-serial/devices/ttyUSB0/latency_timer" "and how to lower it"
out=$(MW_SYSFS_ROOT="$R" "$MW" ports --json "$T/ttyUSB0")
like "$out" '"latency_timer_ms": 16' "JSON: latency_timer_ms"
like "$out" '"chip": "FTDI FT232R"' "JSON: chip"
MW_SYSFS_ROOT="$R" "$MW" read -p "$T/ttyUSB0" -a 1 -m jsy-mk-333 >/dev/null 2>"$T/lower.err"
is "$?" 0 "a read through the fake adapter exits 0"
like "$(cat "$T/lower.err")" "latency timer lowered from 16 to 1 ms for this session" \
	"the session lowers a writable timer and says so"
is "$(cat "$R/bus/usb-serial/devices/ttyUSB0/latency_timer")" 16 "and puts it back on exit"
sim_stop
done_testing
