#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dlt645.sh - DL/T645-2007 meters in the TUI, in tmux at 100x30 on
# sim/scenarios/mixed-line.yaml (Modbus and DL/T645 meters on one pty):
# the scan lists every DL/T645 meter by its 12-digit address next to the
# Modbus ones; a prepaid meter's dashboard shows credit, alarm stage and
# relay state equal to the simulator's (its control socket); the relay is
# tripped and closed from the Actions screen through the confirmation,
# verified by status word 3, and the simulator's relay follows each.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
SCEN="$top_srcdir/sim/scenarios/mixed-line.yaml"
CTL="$T/ctl"
sim_start mixed "$SCEN" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
# state ID KEY: the word after KEY in `show ID` (state flat1 relay -> open)
state() { ctl show "$1" | tr ' ' '\n' | awk -v k="$2" 'p { print; exit } $0 == k { p = 1 }'; }
# the DL/T645 meters of the scenario: "ID ADDRESS" per line; DL/T645-1997
# meters are left out, as a scan does not find them (meterwise(1))
is1997() { grep -q '^protocol: *dlt645-1997' "$MW_DEVICES_PATH/$1.yaml"; }
dlt=$(awk '/^  - id:/ { id = $3 } /^    model:/ { m = $2 } /^    address: "/ { gsub(/"/, "", $2); print id, m, $2 }' "$SCEN" |
	while read -r id m a; do is1997 "$m" || echo "$id $a"; done)
n_dev=$(awk '/^    model:/ { print $2 }' "$SCEN" | while read -r m; do is1997 "$m" || echo "$m"; done | grep -c .)

tui_start -p "$SIM_PORT" -b 9600,2400 -f 8N1,8E1 --expect "$n_dev"

# The scan: a Modbus pass and a DL/T645 pass, a few minutes on a busy host.
i=0
while ! screen | grep -q "scan finished" && [ $i -lt 600 ]; do
	sleep 1
	i=$((i + 1))
done
like "$(screen)" "scan finished: $n_dev device" "the scan finishes with every meter of the line"
like "$(screen)" "^ 1 +9600 8E1 +KPM33B" "the Modbus meters are listed by their address"
for m in $(printf '%s\n' "$dlt" | tr ' ' ':'); do
	like "$(screen)" "^ ${m#*:} +(2400|9600) 8E1 .*DL/T645-2007" "${m%%:*} is listed as DL/T645 meter ${m#*:}"
done

# open_meter ADDRESS: choose its row on the scan screen and open it
open_meter() {
	keys F2
	wait_for "^ Addr " >/dev/null
	row=$(screen | awk -v a="$1" '/^ Addr / { h = NR } h && $1 == a { print NR - h - 1; exit }')
	for _ in $(seq 1 12); do keys Up; done
	for _ in $(seq 1 "$row"); do keys Down; done
	keys Enter
}

# credit_on_screen: the credit the dashboard shows
credit_on_screen() { screen | sed -n 's/^ Prepaid  *credit \([0-9.]*\).*/\1/p'; }

# ---- a prepaid meter's dashboard equals the simulator ------------------------
open_meter 240512000101
wait_for "meter 240512000101, Prepaid"
ok $? "Enter opens the dashboard of meter 240512000101"
wait_for "alarm stage: none +relay: closed"
ok $? "flat1: alarm stage none, relay closed"
is "$(state flat1 stage) $(state flat1 relay)" "none closed" "as the simulator's flat1"
near "$(credit_on_screen)" "$(state flat1 credit)" 0.02 "flat1: the credit shown equals the simulator's"
like "$(screen)" "^ Voltage V +2[23][0-9]\\.[0-9]" "the single-phase dashboard shows L1's voltage"
like "$(screen)" "^ Import kWh +15[0-9][0-9]\\.[0-9]" "and the forward energy"

open_meter 240512000117
wait_for "meter 240512000117, Prepaid"
wait_for "alarm stage: alarm 2"
ok $? "flat3 (below its second credit alarm): alarm stage 2 shown"
is "$(state flat3 stage)" "alarm2" "as the simulator's flat3"
near "$(credit_on_screen)" "$(state flat3 credit)" 0.02 "flat3: the credit shown equals the simulator's"

# ---- trip and close from the Actions screen ----------------------------------
open_meter 240512000101
wait_for "meter 240512000101, Prepaid"
keys F7
wait_for "^ Relay off \\(trip\\) +1C 1A +y/n"
ok $? "the Actions screen lists the relay trip as control 0x1C type 0x1A"
wait_for "now relay closed"
keys Enter
wait_for "Run this action\\?"
ok $? "the trip asks for confirmation"
like "$(screen)" "sends control 0x1C \\(type 0x1A" "the confirmation says what is sent"
is "$(state flat1 relay)" "closed" "nothing sent before y"
keys y
wait_for "trip: verified: relay open"
ok $? "the trip is verified by status word 3"
is "$(state flat1 relay)" "open" "the simulator's relay is open"
like "$(screen)" "action trip" "the journal entry is shown"
keys Escape
wait_gone "any key\\] close"
keys F3
wait_for "relay: open \\(tripped\\)"
ok $? "the dashboard shows the relay tripped"

keys F7
wait_for "^ Relay off \\(trip\\)"
keys Down Down
wait_for "^ Relay on \\(pull-on\\)"
keys Enter
wait_for "Run this action\\?"
keys y
wait_for "close: verified: relay closed"
ok $? "the close is verified by status word 3"
is "$(state flat1 relay)" "closed" "the simulator's relay is closed again"
keys Escape
wait_gone "any key\\] close"
keys F3
wait_for "alarm stage: none +relay: closed"
ok $? "the dashboard shows the relay closed"
near "$(credit_on_screen)" "$(state flat1 credit)" 0.02 "the credit still equals the simulator's"

# ---- the settings form: a credit alarm threshold and the baud (0x17) ---------
setting() { ctl show "$1" | awk -v k="$2" '$1 == "setting" && $2 == k { print $3 }'; }
open_meter 240512000102
wait_for "meter 240512000102, Prepaid"
keys F5
wait_for "^ Credit alarm 1 \\(display\\) +20\\.00 +04001001 .*\\(now 20\\.00\\)"
ok $? "F5: the form shows flat2's credit alarm 1 as read by its DI"
like "$(screen)" "^ Baud rate +2400 +0x17 .*\\(now 2400\\)" "and its baud, changed by 0x17"
like "$(screen)" "Broadcast time +on the Actions screen \\(F7\\): t broadcasts" \
	"the broadcast time is sent from Actions, not F6"
keys Down Right Down C-u 2 5
wait_for "^ Credit alarm 1 \\(display\\) +\\* +25 "
keys Enter
wait_for "Write to the meter\\?"
ok $? "Enter reviews both edits in one confirmation"
like "$(screen)" "Credit alarm 1 \\(display\\): 20\\.00 -> 25" "the threshold, old and new"
like "$(screen)" "Baud rate: 2400 -> 4800" "the baud, old and new"
like "$(screen)" "0x14 write data: DI 04001001, password level 2, meter 240512000102" \
	"the threshold's wire: 0x14, its DI, the password level and the 12-digit address"
like "$(screen)" "0x17 change baud: meter 240512000102, no password" "the baud's: 0x17 to the meter"
# Esc at the confirmation sends nothing: no write (0x14) and no baud
# change (0x17) in the simulator's frame log, the edits kept
writes() { grep -Ec ' 68 02 01 00 12 05 24 68 (14|17) ' "$SIM_LOG"; }
w0=$(writes)
keys Escape
wait_for "cancelled: nothing written"
ok $? "Esc cancels the write"
sleep 1
is "$(writes)" "$w0" "Esc sent no write frame (0x14, 0x17) to the line"
is "$(setting flat2 alarm_credit_1) $(setting flat2 baud)" "20.00 2400" "the simulator holds the old values"
keys Enter
wait_for "Write to the meter\\?"
ok $? "Enter asks again, the edits kept"
is "$(setting flat2 alarm_credit_1)" "20.00" "nothing written before y"
keys y
wait_for "baud: verified, the meter answers at meter 240512000102, 4800 8E1"
ok $? "the baud change is verified and followed"
like "$(screen)" "alarm_credit_1: verified" "the threshold is verified"
is "$(setting flat2 alarm_credit_1) $(setting flat2 baud)" "25.00 4800" "the simulator holds both"
ok "$([ "$(writes)" -ge $((w0 + 2)) ] && echo 0 || echo 1)" "y sent them: 0x14 and 0x17 in the frame log"
keys Escape
wait_gone "any key\\] close"
wait_for "^ Credit alarm 1 \\(display\\) +25\\.00 .*\\(now 25\\.00\\)"
ok $? "the form shows the values read back, no edit left"
keys F2
wait_for "^ 240512000102 +4800 8E1 "
ok $? "the scan list follows the meter to 4800 8E1"

# ---- broadcast time sync (0x08 to 99x6) from the Actions screen ---------------
keys F7
wait_for "^ t  broadcast this computer's time"
keys t
wait_for "Broadcast time: \\? -> now"
ok $? "t asks before broadcasting the time"
like "$(screen)" "0x08 broadcast time: to 999999999999, no password, no reply" \
	"the confirmation says what is sent: 0x08 to 99x6"
keys y
wait_for "time: verified at meter 240512000102"
ok $? "the broadcast time is verified by the meter's clock"
ok "$([ "$(grep -c ' 68 99 99 99 99 99 99 68 08 ' "$SIM_LOG")" -ge 1 ] && echo 0 || echo 1)" \
	"the simulator heard the broadcast"
keys Escape
wait_gone "any key\\] close"

keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
done_testing
