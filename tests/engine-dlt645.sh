#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-dlt645.sh - read, set, act and time-sync on DL/T645-2007 meters of
# the mixed line (sim/scenarios/mixed-line.yaml: Modbus meters and DL/T645
# meters on one pty), each asserted against the simulator's own state
# (its control socket), not only the command's output: values and the
# prepaid state, settings by DI with their password level, the relay
# tripped and closed, a baud change followed, an address change that
# needs the programming key, the broadcast time, the journal; and reads
# that continue in follow-up frames (0x12).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
CTL="$T/ctl"
sim_start mixed "$top_srcdir/sim/scenarios/mixed-line.yaml" --control "$CTL" || exit 1
J="$XDG_STATE_HOME/meterwise/journal"
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
# state ID KEY: a word after KEY in `show ID` (e.g. state flat1 relay -> open)
state() { ctl show "$1" | tr ' ' '\n' | awk -v k="$2" 'p { print; exit } $0 == k { p = 1 }'; }
setting() { ctl show "$1" | awk -v k="$2" '$1 == "setting" && $2 == k { $1 = $2 = ""; sub(/^  /, ""); print }'; }
line_of() { ctl show "$1" | awk '$1 == "line" { print $2, $3, $4 }'; }
frames_with_code() { # LOG CODE: DL/T645 requests with that control code
	awk -v c="$2" '$2 == "RX" && $3 == "68" && $10 == "68" && $11 == c { n++ } END { print n + 0 }' "$1"
}

# ---- devices --json names the DL/T645 addressing ------------------------------
out=$("$MW" devices prepaid-dlt645 --json)
is "$(jget "$out" protocol)" "dlt645" "devices --json: protocol"
is "$(jget "$out" default_address)" "000000000001" "devices --json: the 12-digit factory address"
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"name":"energy_import","label":"Forwardactiveenergy","di":"0x00010000","format":"XXXXXX.XX","block":"0x0001FF00"' \
	"devices --json: a value's DI, format and block"
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"name":"trip","label":"[^"]*","password_level":2,"control":"0x1A"' \
	"devices --json: an action's control type and password level"

# ---- addressing --------------------------------------------------------------
"$MW" read -p "$SIM_PORT" -a 24051200010 >"$T/out" 2>"$T/err"
is "$?" 2 "-a with 11 digits: usage error"
like "$(cat "$T/err")" "1 to 247 \\(Modbus\\) or 12 digits \\(DL/T645\\)" "the message names both kinds"
"$MW" read -p "$SIM_PORT" -a 240512000101 -m jsy-mk-333 >"$T/out" 2>"$T/err"
is "$?" 2 "a 12-digit address with a Modbus model: usage error"
like "$(cat "$T/err")" "jsy-mk-333 is a Modbus meter" "says why"

# ---- read: identified by the meter-number DI, at 2400 8E1 by default ----------
out=$("$MW" read -p "$SIM_PORT" -a 240512000101 --json 2>"$T/err")
is "$?" 0 "read flat1 (no -m, no -b/-f): exit 0"
is "$(jget "$out" model)" "prepaid-dlt645" "identified as the prepaid meter"
is "$(jget "$out" protocol)" "dlt645" "JSON names the protocol"
is "$(jget "$out" address)" "240512000101" "and the 12-digit address"
is "$(jget "$out" baud) $(jget "$out" format)" "2400 8E1" "at DL/T645's default line"
is "$(jget "$out" failed)" "0" "every request answered"
near "$(jget "$out" voltage)" 229.8 0.8 "voltage as the scenario"
near "$(jget "$out" current)" 4.2 0.1 "current as the scenario"
near "$(jget "$out" energy_import)" 1520.35 0.5 "forward energy (block 0x0001FF00)"
near "$(jget "$out" credit)" "$(state flat1 credit)" 0.02 "credit equals the simulator's"
is "$(jget "$out" meter_number)" "240512000101" "meter number"
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"status_3":\["prepaid_money"\]' "status word 3: money-prepaid, relay closed"

out=$("$MW" read -p "$SIM_PORT" -a 231120009944 --json 2>/dev/null)
is "$(state flat4 relay)" "open" "flat4: the simulator's relay is open"
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"status_3":\[[^]]*"relay_open"' "flat4: status word 3 says relay open"
near "$(jget "$out" credit)" "$(state flat4 credit)" 0.02 "flat4: credit equals the simulator's"

out=$("$MW" read -p "$SIM_PORT" -a 240512000117 --json 2>/dev/null)
is "$(state flat3 stage)" "alarm2" "flat3: the simulator is at alarm stage 2"
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"status_3":\[[^]]*"pre_trip_alarm"' "flat3: status word 3 has the pre-trip alarm"
near "$(jget "$out" credit)" "$(state flat3 credit)" 0.02 "flat3: credit equals the simulator's"

"$MW" read -p "$SIM_PORT" -a 240512000101 --csv >"$T/csv" 2>/dev/null
like "$(head -1 "$T/csv")" "^time,address,energy_combined," "CSV header"
like "$(sed -n 2p "$T/csv")" "^[^,]*,240512000101,[0-9.]*,1520\\.3" "CSV row with the 12-digit address"
"$MW" read -p "$SIM_PORT" -a 240512000101 >"$T/table" 2>/dev/null
like "$(cat "$T/table")" "at meter 240512000101, 2400 8E1" "table names the meter and line"
like "$(cat "$T/table")" "Remaining credit  *[0-9]" "table: remaining credit"

# A Modbus meter on the same line still reads.
"$MW" read -p "$SIM_PORT" -a 2 --json >"$T/out" 2>"$T/err"
is "$?" 0 "the Modbus meter at address 2 (9600 8N1) reads on the same line"

# ---- check: single-phase direction and plausibility ---------------------------
"$MW" check -p "$SIM_PORT" -a 240512000101 >"$T/out" 2>"$T/err"
is "$?" 0 "check flat1: exit 0"
like "$(cat "$T/out")" "readings agree: P = [0-9]* W = V x I x \\|PF\\|" "P agrees with V, I and PF"
like "$(cat "$T/out")" "power flows forwards \\(P = [0-9]* W\\): import" "import"
like "$(cat "$T/out")" "Verdict: wiring OK" "verdict"
out=$("$MW" check -p "$SIM_PORT" -a 240512000101 --json 2>/dev/null)
is "$(jget "$out" healthy)" "true" "JSON: healthy"
is "$(jget "$out" address)" "240512000101" "JSON: the 12-digit address"
"$MW" check -p "$SIM_PORT" -a 000000000001 -b 9600 >"$T/out" 2>"$T/err"
is "$?" 1 "check a DJS5179 circuit without -m: exit 1"
like "$(cat "$T/err")" "cannot tell which meter is at DL/T645 address 000000000001: the meter answers" \
	"it answers, but no device file recognises it (the DJS5179's DIs are a gap)"
"$MW" check -p "$SIM_PORT" -a 000000000001 -b 9600 -m djs5179-dlt645 >"$T/out" 2>"$T/err"
is "$?" 2 "check a DC meter: exit 2"
like "$(cat "$T/err")" "not an AC meter" "says why"

# ---- set: validated before anything is sent ----------------------------------
before=$(requests_in "$SIM_LOG")
"$MW" set -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 alarm_credit_1=abc --yes >"$T/out" 2>"$T/err"
is "$?" 2 "alarm_credit_1=abc: exit 2"
like "$(cat "$T/err")" "alarm_credit_1: \"abc\" is not a number" "says why"
"$MW" set -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 alarm_credit_1=1.234 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "three decimals for XXXXXX.XX: exit 2"
"$MW" set -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 periods_1=08:00=2,07:00=1 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "periods out of order: exit 2"
"$MW" set -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 alarm_credit_1=30 --password 98:000000 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "an encrypted password level: exit 2"
like "$(cat "$T/err")" "level 98 is an encrypted one \\(ESAM" "the gap is named"
"$MW" set -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 baud=19200 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "baud=19200 (not in the file's choices): exit 2"
is "$(requests_in "$SIM_LOG")" "$before" "the frame log shows nothing sent"

# ---- set: written by DI, verified, journaled ----------------------------------
"$MW" set -p "$SIM_PORT" -a 240512000101 alarm_credit_1=30.00 alarm_credit_2=8.50 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "alarm thresholds: exit 0"
like "$(cat "$T/out")" "alarm_credit_1: verified at meter 240512000101, 2400 8E1" "verified"
is "$(setting flat1 alarm_credit_1) $(setting flat1 alarm_credit_2)" "30.00 8.50" "the simulator holds both"
last=$(tail -1 "$J")
like "$last" '"protocol":"dlt645","address":"240512000101"' "journal: protocol and 12-digit address"
like "$last" '"kind":"set","setting":"alarm_credit_2","old":"5.00","new":"8.50","outcome":"verified"' "journal: the write and its outcome"

"$MW" set -p "$SIM_PORT" -a 240512000101 periods_1=00:00=3,06:30=2,18:00=1,22:30=3 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "a new daily time-period table: exit 0"
is "$(setting flat1 periods_1)" "00:00=3,06:30=2,18:00=1,22:30=3" "the simulator holds the table"

"$MW" set -p "$SIM_PORT" -a 240512000101 alarm_credit_1=31.00 --password 2:123456 --yes >"$T/out" 2>"$T/err"
is "$?" 1 "a wrong password: exit 1"
like "$(cat "$T/err")" "refused the request: wrong password.*--password LEVEL:PPPPPP" "says which option"
is "$(setting flat1 alarm_credit_1)" "30.00" "the simulator's value is unchanged"

# ---- act: relay trip and close, verified by status word 3 ---------------------
"$MW" act -p "$SIM_PORT" -a 240512000101 trip >"$T/out" 2>"$T/err" </dev/null
is "$?" 2 "trip without --yes and without a terminal: exit 2"
is "$(state flat1 relay)" "closed" "and the relay stays closed"
"$MW" act -p "$SIM_PORT" -a 240512000101 trip --yes >"$T/out" 2>"$T/err"
is "$?" 0 "trip: exit 0"
like "$(cat "$T/out")" "trip: verified: relay open" "trip: verified: relay open"
is "$(state flat1 relay)" "open" "the simulator's relay is open"
out=$("$MW" read -p "$SIM_PORT" -a 240512000101 -m prepaid-dlt645 --json 2>/dev/null)
like "$(printf '%s\n' "$out" | tr -d ' \n')" '"status_3":\[[^]]*"relay_open"' "read back: relay open"
near "$(jget "$out" current)" 0 0.001 "no current through an open relay"
like "$(tail -1 "$J")" '"kind":"act","setting":"trip","outcome":"verified"' "journal: the trip"
"$MW" act -p "$SIM_PORT" -a 240512000101 close --yes >"$T/out" 2>"$T/err"
is "$?" 0 "close: exit 0"
like "$(cat "$T/out")" "close: verified: relay closed" "close: verified"
is "$(state flat1 relay)" "closed" "the simulator's relay is closed again"
"$MW" act -p "$SIM_PORT" -a 231120009944 close --yes >"$T/out" 2>"$T/err"
is "$?" 3 "close on flat4 (no credit left): exit 3, the relay stays open"
is "$(state flat4 relay)" "open" "the simulator agrees"

# ---- the shell dispatches the same commands ----------------------------------
printf 'use 240512000102\nset alarm_credit_2=6.00 --yes\nact trip --yes\n' |
	"$MW" shell -p "$SIM_PORT" >"$T/out" 2>"$T/err"
is "$?" 0 "shell: use a 12-digit address, set, act: exit 0"
like "$(cat "$T/out")" "Using the Prepaid single-phase meter \\(DL/T645\\) at DL/T645 address 240512000102" "shell: use identifies it"
is "$(setting flat2 alarm_credit_2)" "6.00" "shell: the simulator holds the setting"
is "$(state flat2 relay)" "open" "shell: the simulator's relay is open"
printf 'act close --yes\n' | "$MW" shell -p "$SIM_PORT" -a 240512000102 >"$T/out" 2>"$T/err"
is "$?" 0 "shell -a 240512000102: act close"
is "$(state flat2 relay)" "closed" "shell: closed again"

# ---- time: broadcast, verified by reading the clocks back ---------------------
"$MW" set -p "$SIM_PORT" -a 240512000102 time=03:00:00 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "set flat2's clock to 03:00:00 by password"
like "$(setting flat2 time)" "^03:00:0" "the simulator's clock is at 03:00"
"$MW" time-sync -p "$SIM_PORT" -a 240512000102 -a 240512000101 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "time-sync: exit 0"
like "$(cat "$T/out")" "time: verified at meter 240512000102" "verified on flat2"
now=$(date +%s)
got=$(date -d "$(setting flat2 date) $(setting flat2 time)" +%s)
near "$got" "$now" 5 "the simulator's clock of flat2 is the host's again"
like "$(tail -1 "$J")" '"address":"999999999999".*"setting":"time_sync".*"outcome":"verified"' "journal: the broadcast"
is "$(frames_with_code "$SIM_LOG" 08)" 1 "one broadcast frame (0x08) on the line"

# ---- commission: a plan names DL/T645 meters by their addresses ---------------
cat >"$T/plan.csv" <<'CSV'
label,model,address,baud,format,alarm_credit_1,clock_sync,periods_2
flat 2,prepaid-dlt645,240512000102,,,33.00,now,
flat 3,prepaid-dlt645,240512000117,1200,8E1,,,00:00=3;07:00=2
CSV
"$MW" commission -p "$SIM_PORT" "$T/plan.csv" --check >"$T/out" 2>"$T/err"
is "$?" 2 "a plan with a bad cell: exit 2"
like "$(cat "$T/err")" "plan.csv:3: periods_2: cannot read" "file:line: message"
sed -i 's/00:00=3;07:00=2/"00:00=3,07:00=2"/' "$T/plan.csv"
before=$(requests_in "$SIM_LOG")
"$MW" commission -p "$SIM_PORT" "$T/plan.csv" --check >"$T/out" 2>"$T/err"
is "$?" 0 "commission --check: the plan is valid"
is "$(requests_in "$SIM_LOG")" "$before" "--check sends nothing"
"$MW" commission -p "$SIM_PORT" "$T/plan.csv" --yes >"$T/out" 2>"$T/err"
is "$?" 0 "commission the plan: exit 0"
like "$(cat "$T/out")" "2 of 2 meter\\(s\\) commissioned" "both meters"
is "$(setting flat2 alarm_credit_1)" "33.00" "flat 2: alarm threshold in the simulator"
is "$(setting flat3 periods_2)" "00:00=3,07:00=2" "flat 3: periods in the simulator"
is "$(line_of flat3)" "240512000117 1200 8E1" "flat 3: moved to 1200 baud, last"
like "$(tail -1 "$J")" '"setting":"baud".*"plan":"[^"]*plan.csv".*"position":"flat 3"' "journal: tagged with the plan and position"
printf 'label,model,address\nx,prepaid-dlt645,240512000101\ny,jsy-mk-333,5\n' >"$T/mixed.csv"
"$MW" commission -p "$SIM_PORT" "$T/mixed.csv" --check >"$T/out" 2>"$T/err"
is "$?" 2 "a plan mixing DL/T645 and Modbus meters: exit 2"
like "$(cat "$T/err")" "mixes DL/T645 meters with others" "says why"

# ---- baud change: one try, followed to the new rate --------------------------
"$MW" set -p "$SIM_PORT" -a 240512000101 baud=4800 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "baud=4800: exit 0"
like "$(cat "$T/out")" "baud: verified, the meter answers at meter 240512000101, 4800 8E1" "followed"
is "$(line_of flat1)" "240512000101 4800 8E1" "the simulator's meter is at 4800"
like "$(tail -1 "$J")" '"setting":"baud","old":"2400","new":"4800","outcome":"verified","where":"meter 240512000101, 4800 8E1"' "journal: baud with where"
is "$(frames_with_code "$SIM_LOG" 17)" 2 "change baud sent once each (the plan's and this)"

# ---- address change: alone on the line, programming key ----------------------
"$MW" set -p "$SIM_PORT" -a 240512000101 -b 4800 address=240512000150 --yes >"$T/out" 2>"$T/err"
is "$?" 1 "address without the programming key: exit 1"
like "$(cat "$T/err")" "programming key is pressed: press it" "says to press the key"
is "$(line_of flat1)" "240512000101 4800 8E1" "the simulator's address is unchanged"
ctl press flat1 >/dev/null
"$MW" set -p "$SIM_PORT" -a 240512000101 -b 4800 address=240512000150 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "address with the key pressed: exit 0"
like "$(cat "$T/out")" "address: verified, the meter answers at meter 240512000150, 4800 8E1" "verified at the new address"
is "$(line_of flat1)" "240512000150 4800 8E1" "the simulator's meter has the new address"
ctl release flat1 >/dev/null
"$MW" set -p "$SIM_PORT" -a 240512000102 address=240512000151 --yes >"$T/out" 2>"$T/err"
is "$?" 1 "address with other meters at 2400 8E1: exit 1"
like "$(cat "$T/err")" "several DL/T645 meters answer at 2400 8E1.*nothing was sent" "refused: it would reach every meter"
is "$(frames_with_code "$SIM_LOG" 15)" 2 "write address sent twice in all (not on the crowded line)"

sim_stop

# ---- follow-up frames: replies longer than the meter's frame ------------------
cat >"$T/short.yaml" <<'YAML'
devices:
  - {id: m, model: prepaid-dlt645, address: "000000000007", voltage: 230, current: 2, angle: 0,
     credit: 77.70, frame_max: 16, energy: {active_import: [321.09, 0, 0]}}
  - {id: pv, model: prepaid-dlt645, address: "000000000008", voltage: 232, current: 5, angle: 180,
     credit: 10}
  - {id: slow, model: prepaid-dlt645, address: "000000000009", voltage: 230, current: 1,
     turnaround_ms: 450}
YAML
sim_start short "$T/short.yaml" --control "$CTL.2" || exit 1
CTL="$CTL.2"
out=$("$MW" read -p "$SIM_PORT" -a 000000000007 --json 2>"$T/err")
is "$?" 0 "read with 16-byte frames: exit 0"
is "$(jget "$out" failed)" "0" "every request answered"
near "$(jget "$out" energy_import_t1)" 321.09 0.05 "block items from the follow-up frames"
near "$(jget "$out" credit)" 77.70 0.05 "credit"
ok "$([ "$(frames_with_code "$SIM_LOG" 12)" -gt 0 ]; echo $?)" "follow-up frames (0x12) were asked for"
"$MW" set -p "$SIM_PORT" -a 000000000007 periods_2=00:00=1,12:00=2 --yes >"$T/out" 2>"$T/err"
is "$?" 0 "a table read back through follow-up frames: verified"
is "$(setting m periods_2)" "00:00=1,12:00=2" "the simulator holds it"

# A meter near the standard's 500 ms turnaround: the safe timeout waits for it
# (the request's own line time + 500 ms); a bare 500 ms does not.
out=$("$MW" read -p "$SIM_PORT" -a 000000000009 -m prepaid-dlt645 --json 2>"$T/err")
is "$?" 0 "a meter with a 450 ms turnaround reads with the safe timeout"
is "$(jget "$out" failed)" "0" "every request answered"
"$MW" read -p "$SIM_PORT" -a 000000000009 -m prepaid-dlt645 --timeout 500 --retries 1 >"$T/out" 2>"$T/err"
is "$?" 1 "with --timeout 500 it times out (its reply starts after 20t + 450 ms)"
like "$(cat "$T/err")" "no reply from DL/T645 meter 000000000009 at 2400 8E1" "says so"

"$MW" check -p "$SIM_PORT" -a 000000000008 >"$T/out" 2>"$T/err"
is "$?" 0 "check a meter that exports: exit 0 (the check ran)"
like "$(cat "$T/out")" "power flows backwards \\(P = -[0-9]* W\\): export" "export named"
like "$(cat "$T/out")" "fix: if the site does not generate, swap the live" "with the fix"
out=$("$MW" check -p "$SIM_PORT" -a 000000000008 --json 2>/dev/null)
is "$(jget "$out" healthy)" "false" "JSON: not healthy"

done_testing
