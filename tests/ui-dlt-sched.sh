#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dlt-sched.sh - the tariff and clock screen (F6) on a DL/T645-2007
# prepaid meter, in tmux at 100x30 on tests/ui/dlt-sched.yaml (the meter
# alone on the line at 2400 8E1, its simulator's control socket and frame
# log as the witnesses): the daily tables are read by DI (DL/T645 frames
# only), Tab chooses periods_2, the time zones are shown read only; an
# edit the meter would refuse (two periods at one start) is refused with
# the setting named and nothing is written; periods_1 is edited and written
# through the confirmation, the simulator holds exactly the new table and
# the journal has it with the protocol and the 12-digit address; the
# meter's clock, put an hour ahead in the simulator, shows an hour off and
# c sets it (date and time by password, read back), journaled.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
SCEN="$top_srcdir/tests/ui/dlt-sched.yaml"
CTL="$T/ctl"
J="$XDG_STATE_HOME/meterwise/journal"
sim_start dsched "$SCEN" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
# setting ID NAME: the simulator's own value of a setting
setting() { ctl show "$1" | awk -v k="$2" '$1 == "setting" && $2 == k { print $3 }'; }
# new_frames: the simulator's frame log since mark_log
mark_log() { log_mark=$(wc -l <"$SIM_LOG"); }
new_frames() { tail -n +"$((log_mark + 1))" "$SIM_LOG"; }
# writes to DI 04010001 (periods_1): 0x14 frames, the DI's bytes plus 0x33
writes_p1() { grep -Ec ' 68 14 [0-9A-F]{2} 34 33 34 37 ' "$SIM_LOG"; }
# secs HH:MM:SS: seconds of the day
secs() { echo "$1" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'; }

tui_start -p "$SIM_PORT" -b 2400 -f 8E1 --expect 1
i=0
while ! screen | grep -q "scan finished" && [ $i -lt 300 ]; do
	sleep 1
	i=$((i + 1))
done
like "$(screen)" "^ 240512000101 +2400 8E1 " "the scan finds the prepaid meter"
keys Enter
wait_for "meter 240512000101, Prepaid"
ok $? "Enter opens its dashboard"

# ---- the daily tables, read by DI -----------------------------------------------
mark_log
keys F6
wait_for "^ 4 +21:00 +T2"
ok $? "F6 shows the meter's daily periods"
like "$(screen)" "Daily periods, table 1  04010001: up to 14 periods, tariffs 1-4 +table 1 of 2" \
	"the table's DI, size and tariffs, one of two"
s=$(screen | sed -n 's/^ \([0-9]\)  *\([0-9:]*\)  *T\([0-9]\).*/\2=\3/p' | paste -sd, -)
is "$s" "$(setting flat1 periods_1)" "the periods shown are the simulator's periods_1"
like "$(screen)" "Time zones \\(first set\\)  04010000" "the time zone table is shown"
like "$(screen)" "01-01 +table 1" "with its one zone: from 01-01, daily table 1"
like "$(screen)" "\\(read only here: F5 edits it\\)" "read only"
like "$(screen)" "^ 3{32}2{36}1{16}2{12}$" "the day's tariffs as a bar"
like "$(new_frames)" " 68 11 04 34 33 34 37 " "periods_1 was read by its DI (0x11, 04010001)"
is "$(new_frames | grep ' RX ' | grep -vc 'DL/T645')" 0 "no Modbus frame went to the line"
like "$(screen)" "Up/Down  Left/Right tariff  \\+/- start  a/d add/del  w write  Tab table  c clock" \
	"the key bar has Tab and c"

keys Tab
wait_for "table 2 of 2"
ok $? "Tab shows the second table"
wait_for "^ 3 +22:00 +T3"
ok $? "periods_2 as the simulator holds it ($(setting flat1 periods_2))"
keys Tab
wait_for "^ 4 +21:00 +T2"
ok $? "Tab again: back to periods_1"

# ---- an edit the meter would refuse sends nothing ---------------------------------
keys Down + + + + + + + + + + + + + + + + + +
wait_for "two periods start at 17:00"
ok $? "08:00 moved to 17:00: the screen says the meter refuses two periods at one start"
keys w
wait_for "Failed"
ok $? "w is refused"
like "$(screen)" "periods_1: entry 17:00 is not after the one before" "the message names the setting"
is "$(writes_p1)" 0 "nothing was written to periods_1"
is "$(setting flat1 periods_1)" "00:00=3,08:00=2,17:00=1,21:00=2" "the simulator's table is unchanged"
keys Escape
wait_gone "any key\\] close"
keys Escape
wait_for "^ 2 +08:00 +T2"
ok $? "Esc drops the edit and reloads the table"

# ---- edit and write periods_1 ------------------------------------------------------
# the cursor stays on period 2 (08:00) after the reload
keys - - - - Right a Left
wait_for "^ 5 +22:00 +T1"
ok $? "edited: 08:00 -> 06:00 on T3, a new period 22:00 on T1"
keys w
wait_for "Write to the meter\\?"
ok $? "w asks for confirmation"
like "$(screen)" "Daily periods, table 1: 00:00=3,08:00=2,17:00=1,21:00=2 ->" "the old table"
like "$(screen)" "00:00=3,06:00=3,17:00=1,21:00=2,22:00=1" "and the new one"
like "$(screen)" "0x14 write data: DI 04010001, password level 2, meter 240512000101" \
	"what goes on the wire: 0x14, the table's DI, the password level, the 12-digit address"
keys Escape
wait_for "cancelled: nothing written"
ok $? "Esc at the confirmation cancels"
is "$(writes_p1)" 0 "and sends no write (0x14) to periods_1"
keys w
wait_for "Write to the meter\\?"
ok $? "w asks again, the edit kept"
is "$(writes_p1)" 0 "nothing written before y"
keys y
wait_for "periods_1: verified at meter 240512000101, 2400 8E1"
ok $? "the table is written, read back and verified"
is "$(writes_p1)" 1 "one write (0x14) to DI 04010001"
is "$(setting flat1 periods_1)" "00:00=3,06:00=3,17:00=1,21:00=2,22:00=1" "the simulator holds exactly the new table"
like "$(screen)" "Journal:" "the result shows the journal entry"
like "$(tail -1 "$J")" '"protocol":"dlt645","address":"240512000101"' "journal: protocol and 12-digit address"
like "$(tail -1 "$J")" '"setting":"periods_1","old":"00:00=3,08:00=2,17:00=1,21:00=2","new":"00:00=3,06:00=3,17:00=1,21:00=2,22:00=1","outcome":"verified"' \
	"journal: the table written, old and new"
like "$("$MW" journal | tail -1)" "address 240512000101 +prepaid-dlt645 +periods_1 .* verified" \
	"meterwise journal lists it"
keys Escape
wait_gone "any key\\] close"
wait_for "^ 2 +06:00 +T3"
ok $? "the screen shows the table read back"
like "$(screen)" "^ 3{68}1{16}2{4}1{8}$" "and its day as a bar"

# ---- the clock ----------------------------------------------------------------------
ctl set flat1 settings.date "$(date -d '+1 hour' +%Y-%m-%d)" >/dev/null
ctl set flat1 settings.time "$(date -d '+1 hour' +%H:%M:%S)" >/dev/null
keys Escape
wait_for "off by \\+(1 h 00 min|59 min 5[0-9] s)"
ok $? "the meter's clock, an hour ahead, is shown an hour off"
like "$(screen)" "Clock \\(date 04000101, time 04000102\\): c writes both with password level 2" \
	"c writes date and time with the file's password level"
keys c
wait_for "Write to the meter\\?"
ok $? "c asks for confirmation"
like "$(screen)" "Time: [0-9:]+ -> now" "the time, old and now"
like "$(screen)" "Date: [0-9-]+ -> now" "the date, old and now"
s=$(screen)
like "$s" "0x14 write data: DI 04000102, password level 2, meter 240512000101" "the time by DI 04000102"
like "$s" "0x14 write data: DI 04000101, password level 2, meter 240512000101" "the date by DI 04000101"
# clock writes: 0x14 frames to DI 04000101 or 04000102 (the DI's bytes plus 0x33)
writes_clock() { grep -Ec ' 68 14 [0-9A-F]{2} 3[45] 34 33 37 ' "$SIM_LOG"; }
w0=$(writes_clock)
keys Escape
wait_for "cancelled: nothing written"
ok $? "Esc at the clock's confirmation cancels"
is "$(writes_clock)" "$w0" "and writes neither date nor time"
keys c
wait_for "Write to the meter\\?"
ok $? "c asks again"
keys y
wait_for "date: verified at meter 240512000101"
ok $? "the date is verified"
like "$(screen)" "time: verified at meter 240512000101" "the time is verified"
now=$(date +%H:%M:%S)
met=$(setting flat1 time)
d=$(($(secs "$met") - $(secs "$now")))
[ $d -gt 43200 ] && d=$((d - 86400))
[ $d -lt -43200 ] && d=$((d + 86400))
ok "$([ ${d#-} -le 3 ] && echo 0 || echo 1)" "the simulator's clock is within 3 s of this computer's ($met, $now)"
is "$(setting flat1 date)" "$(date +%Y-%m-%d)" "and its date is today's"
is "$(writes_clock)" "$((w0 + 2))" "y wrote both: two 0x14 frames to the clock's DIs"
like "$(grep '"setting":"time"' "$J" | tail -1)" '"protocol":"dlt645","address":"240512000101".*"outcome":"verified"' \
	"journal: the time"
like "$(grep '"setting":"date"' "$J" | tail -1)" '"protocol":"dlt645","address":"240512000101".*"outcome":"verified"' \
	"journal: the date"
keys Escape
wait_gone "any key\\] close"
wait_for "off by ([+-][12]|0) s"
ok $? "the screen shows the clock on time"

# ---- help --------------------------------------------------------------------------
keys F1
wait_for "^  Tab +the next daily table"
ok $? "F1: the help names Tab"
like "$(screen)" "date and time are written with its file's password level" "and how c sets a DL/T645 clock"
keys Escape
wait_for "Tariff and clock"

keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
is "$(cat "$T/tui.err")" "" "nothing on stderr (no sanitizer report)"
done_testing
