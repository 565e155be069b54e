#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-dlt1997.sh - a DL/T645-1997 meter on the mixed line
# (sim/scenarios/mixed-line.yaml: flat5, devices/prepaid-dlt645-1997.yaml,
# 1200 8E1): read with and without -m, identified by its meter number
# (C032), decoded values equal to the simulator's state; the frames on the
# wire are 1997's (control code 01, a 2-byte DI); the meter is silent to
# 2007 frames; an item it does not hold is refused in 1997's words; a
# write is refused before anything is sent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
CTL="$T/ctl"
sim_start mixed "$top_srcdir/sim/scenarios/mixed-line.yaml" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
# energy ID KIND: the simulator's energy register (kWh) of that kind
energy() { ctl show "$1" | tr ' ' '\n' | awk -v k="$2" 'p { print; exit } $0 == k { p = 1 }'; }
# requests LOG CODE: DL/T645 requests with that control code the simulator heard
requests() {
	awk -v c="$2" '$2 == "RX" && $3 == "68" && $10 == "68" && $11 == c { n++ } END { print n + 0 }' "$1"
}
# replies LOG ID: frames device ID sent
replies() { awk -v id="$2" '$2 == "TX" && $NF == id { n++ } END { print n + 0 }' "$1"; }

# ---- the device file -----------------------------------------------------------
out=$("$MW" devices prepaid-dlt645-1997 --json)
is "$(jget "$out" protocol)" "dlt645-1997" "devices --json: protocol dlt645-1997"
like "$("$MW" devices prepaid-dlt645-1997)" "DI B611 " "devices: 2-byte DIs shown as such"

# ---- read with -m: the file's line (1200 8E1) --------------------------------------
out=$("$MW" read -p "$SIM_PORT" -a 240512000105 -m prepaid-dlt645-1997 --json 2>"$T/err")
is "$?" 0 "read flat5 -m prepaid-dlt645-1997: exit 0"
is "$(jget "$out" baud) $(jget "$out" format)" "1200 8E1" "at the file's default line"
is "$(jget "$out" requests) $(jget "$out" failed)" "9 0" "nine items, every one answered"
is "$(jget "$out" protocol)" "dlt645-1997" "read --json names the protocol dlt645-1997"
near "$(jget "$out" energy_import)" "$(energy flat5 active_import)" 0.01 \
	"forward energy (9010) equals the simulator's"
near "$(jget "$out" energy_export)" "$(energy flat5 active_export)" 0.01 \
	"reverse energy (9020) equals the simulator's"
near "$(jget "$out" voltage)" 228.6 0.5 "voltage (B611, XXX) as the scenario"
near "$(jget "$out" current)" 3.4 0.005 "current (B621, XX.XX) as the scenario"
near "$(jget "$out" active_power)" "$(calc '228.6 * 3.4 * cos(10 * d2r) / 1000')" 0.0005 \
	"active power (B630, XX.XXXX kW) = V I cos(phi)"
near "$(jget "$out" power_factor)" "$(calc 'cos(10 * d2r)')" 0.001 "power factor (B650, X.XXX)"
is "$(jget "$out" meter_number)" "240512000105" "meter number (C032)"
like "$(jget "$out" date)" "^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$" "date (C010, YYMMDDWW)"
n01=$(requests "$SIM_LOG" 01)
is "$n01" 9 "nine reads with 1997's control code 01"
is "$(requests "$SIM_LOG" 11)" 0 "and none with 2007's 0x11"
like "$(cat "$SIM_LOG")" "RX 68 05 01 00 12 05 24 68 01 02 43 C3 [0-9A-F][0-9A-F] 16" \
	"read 9010: DI sent 10 90 (+33: 43 C3), L = 2"

# ---- read without -m: identified by the meter number --------------------------------
out=$("$MW" read -p "$SIM_PORT" -a 240512000105 -b 1200 --json 2>"$T/err")
is "$?" 0 "read flat5 without -m at 1200: exit 0"
is "$(jget "$out" model)" "prepaid-dlt645-1997" "identified as the 1997 file (C032 answered)"
is "$(jget "$out" failed)" 0 "every request answered"
ok "$([ "$(requests "$SIM_LOG" 11)" -gt 0 ] && echo 0 || echo 1)" "the 2007 files were asked first (0x11, unanswered)"

# ---- silent to 2007 frames -----------------------------------------------------------
before=$(replies "$SIM_LOG" flat5)
"$MW" read -p "$SIM_PORT" -a 240512000105 -b 1200 -m prepaid-dlt645 --retries 1 >"$T/out" 2>"$T/err"
is "$?" 1 "a 2007 read of the 1997 meter: exit 1"
like "$(cat "$T/err")" "no reply from DL/T645 meter 240512000105 at 1200 8E1" "no reply"
is "$(replies "$SIM_LOG" flat5)" "$before" "flat5 sent nothing to 2007 frames"

# ---- an item the meter does not hold: 1997's error byte, worded ---------------------------
mkdir -p "$T/cfg/meterwise/devices"
sed -e 's/^  - {name: time, label: Time, di: 0xC011, type: time, format: hhmmss, group: clock}$/&\
  - {name: frequency, label: Frequency, di: 0xB664, format: XX.XX, unit: Hz, phase: total, group: voltage, quantity: frequency}/' \
	"$top_srcdir/devices/prepaid-dlt645-1997.yaml" >"$T/cfg/meterwise/devices/extra-1997.yaml"
out=$(XDG_CONFIG_HOME="$T/cfg" "$MW" read -p "$SIM_PORT" -a 240512000105 -m extra-1997 --json 2>"$T/err")
is "$?" 1 "a DI the meter does not hold: exit 1"
is "$(jget "$out" failed)" 1 "one item refused"
like "$(cat "$T/err")" "refused the request: wrong data identifier" "worded as 1997's error byte (D1)"
like "$(cat "$SIM_LOG")" "TX FE FE FE FE 68 05 01 00 12 05 24 68 C1 01 35 [0-9A-F][0-9A-F] 16 # flat5" \
	"the meter's error reply: C1, error byte 02"

# ---- writes are refused before anything is sent --------------------------------------
before=$(requests_in "$SIM_LOG")
"$MW" set -p "$SIM_PORT" -a 240512000105 -m prepaid-dlt645-1997 date=2026-01-01 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "set on a 1997 meter: exit 2"
like "$(cat "$T/err")" "DL/T645-1997, which meterwise reads but does not write" "the gap is named"
"$MW" act -p "$SIM_PORT" -a 240512000105 -m prepaid-dlt645-1997 trip --yes >"$T/out" 2>"$T/err"
is "$?" 2 "act on a 1997 meter: exit 2"
like "$(cat "$T/err")" "DL/T645-1997" "says why"
is "$(requests_in "$SIM_LOG")" "$before" "nothing sent"

done_testing
