#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-forms.sh - the settings form keeps what was typed, in tmux at
# 100x30 on tests/engine-panel.yaml (a JSY-MK-333 at 1, 9600 8N1): the
# first key does not blank a field, Backspace on an empty field stays
# there, and five edits (address, format, baud, both alarm limits) are
# reviewed in ONE confirmation and written, the line change last and
# followed; the simulator's persistent state holds all five.  Edits kept
# while another screen is open; another device's form says which edits
# were dropped.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/tests/engine-panel.yaml"

tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8N1,8E1 --expect 2 \
	--demo-log "$T/sim.log" --demo-state "$T/sim.state"
wait_for "^ 1 +9600 8N1 +JSY-MK-333"
ok $? "the scan finds the JSY-MK-333 at address 1"
wait_for "^ 2 +9600 8E1 +KPM33B"
keys 1 Enter
wait_for "address 1, JSY-MK-333"
keys F5
wait_for "^ Overcurrent alarm limit +50\.0 "
ok $? "F5 opens the settings form with the meter's values"

# The first key does not blank the field: the cursor is at its end.
keys 0
wait_for "^ Modbus address +\* +10 "
ok $? "a digit typed on an untouched field is added to its text (1 -> 10)"
like "$(screen)" "Edited: Modbus address" "the edit is listed"
keys BSpace BSpace BSpace BSpace 2 0
wait_for "^ Modbus address +\* +20 "
ok $? "Backspace on the empty field stays in it: 20 typed there"
like "$(screen)" "^ Frame format +8N1 " "the field above is untouched"

# The issue's case: address typed, then the baud rate changed; and all the rest.
keys Down Right Down Right
wait_for "^ Baud rate +\* +19200 "
ok $? "the baud rate steps to 19200"
like "$(screen)" "^ Frame format +\* +8E1 " "the format steps to 8E1"
like "$(screen)" "^ Modbus address +\* +20 " "the typed address is still there"
keys Down BSpace BSpace BSpace BSpace 2 5 0
wait_for "^ Overvoltage alarm limit +\* +250 "
ok $? "Backspace x4 and 250 on the voltage limit give 250 (no jump to the field above)"
like "$(screen)" "^ Baud rate +\* +19200 " "the baud rate field is untouched"
keys Down End BSpace BSpace BSpace BSpace 1 2 . 5
wait_for "^ Overcurrent alarm limit +\* +12\.5 "
ok $? "the current limit reads 12.5"

# Another screen and back: the edits are kept and said to be.
keys F3
wait_for "kept, not written yet: Modbus address, Frame format, Baud rate"
ok $? "leaving the form says which edits are kept"
keys F5
wait_for "^ Modbus address +\* +20 "
ok $? "back on the form, the edits are still there"

keys Enter
wait_for "Write to the meter\?"
ok $? "Enter asks for ONE confirmation"
s=$(screen)
like "$s" "Modbus address: 1 -> 20" "it names the address"
like "$s" "Frame format: 8N1 -> 8E1" "the format"
like "$s" "Baud rate: 9600 -> 19200" "the baud rate"
like "$s" "Overvoltage alarm limit: 260 -> 250" "the voltage limit"
like "$s" "Overcurrent alarm limit: 50\.0 -> 12\.5" "and the current limit"
like "$s" "answer at address 20, 19200 8E1" "it says where the meter will answer"
keys y
wait_for "verified at address 20"
ok $? "the writes are verified at address 20"
keys Escape
wait_for "^ Modbus address +20 "
ok $? "the form shows the meter's new values, no edit left"
screen | grep -q "Edited:"
is $? 1 "no edit is pending"
# the line change last: the limits went to address 1 before 0x0004 moved it
grep -n "RX 01 10 00 2[01] \|RX 01 06 00 2[01] " "$T/sim.log" | head -1 | cut -d: -f1 >"$T/lim"
grep -n "RX 01 1[06] 00 04 " "$T/sim.log" | head -1 | cut -d: -f1 >"$T/line"
[ -s "$T/lim" ] && [ -s "$T/line" ] && [ "$(cat "$T/lim")" -lt "$(cat "$T/line")" ]
ok $? "the limits were written before the line change (sim log lines $(cat "$T/lim") < $(cat "$T/line"))"

# Edits for one device are not carried to another: they are dropped, by name.
keys Up Up Up Up C-u 7
wait_for "^ Modbus address +\* +7 "
keys F2
wait_for "^ 2 +9600 8E1 +KPM33B"
keys 2 Enter
wait_for "address 2, KPM33B"
keys F5
wait_for "not written, dropped: Modbus address"
ok $? "opening another device's form says the first one's edit was dropped"
wait_for "^ Password +"
ok $? "the KPM33B's password is a field of the form"

keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
awk '/^device jsy/ { on = 1; next } /^device / { on = 0 } on' "$T/sim.state" >"$T/jsy.state"
note "$(cat "$T/jsy.state")"
grep -q "^line 20 19200 8E1" "$T/jsy.state"
ok $? "the simulator's state: address 20, 19200 8E1"
# 0x0004 = 20 << 8 | 8E1 (1) << 6 | 19200 (code 7) = 0x1447
grep -qi "^word holding 0x0004 0x1447" "$T/jsy.state"
ok $? "the simulator's state: 0x0004 = 0x1447"
grep -qi "^word holding 0x0020 0x00FA" "$T/jsy.state"
ok $? "the simulator's state: 0x0020 = 250 V"
grep -qi "^word holding 0x0021 0x007D" "$T/jsy.state"
ok $? "the simulator's state: 0x0021 = 12.5 A (125)"

done_testing
