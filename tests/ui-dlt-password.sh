#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dlt-password.sh - the password of a DL/T645-2007 meter in the
# TUI, in tmux at 100x30 on tests/ui/dlt-password.yaml (a prepaid meter
# alone at 2400 8E1 whose password is 123456, not the factory 000000; its
# simulator's control socket and frame log as the witnesses):
#   - a write from the settings form (F5) is refused for the password: the
#     result offers a masked entry prefilled with the file's level; Esc
#     sends nothing; a malformed entry (2:12345, 99:123456) is refused with
#     the CLI's message and no 0x14 frame is sent; a wrong password is
#     refused again and the entry is offered again; the right one writes,
#     reads back, verifies and journals (the journal without the password);
#   - a second write to the same meter goes through without asking;
#   - in a new run (the password is kept in memory only), a relay trip from
#     the Actions screen (F7) is refused, the password entered the same way
#     trips it (status word 3 read back = the simulator's relay), and the
#     close needs no password again;
#   - --password on the command line: a bad one exits 2 with the CLI's
#     message, a good one writes at once;
#   - no screen ever shows the digits typed, the trace masks them, and
#     neither the journal nor any file under the config and state folders
#     holds them.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
SCEN="$top_srcdir/tests/ui/dlt-password.yaml"
CTL="$T/ctl"
J="$XDG_STATE_HOME/meterwise/journal"
sim_start dpw "$SCEN" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
# setting NAME: the simulator's own value of a setting of flat1
setting() { ctl show flat1 | awk -v k="$1" '$1 == "setting" && $2 == k { print $3 }'; }
# relay: the simulator's relay of flat1 (open, closed)
relay() { ctl show flat1 | tr ' ' '\n' | awk '$0 == "relay" { p = 1; next } p { print; exit }'; }
# writes, controls: the 0x14 and 0x1C frames the simulator heard so far
writes() { grep -c ' 68 14 ' "$SIM_LOG"; }
controls() { grep -c ' 68 1C ' "$SIM_LOG"; }
# every capture of the pane is kept, to look for the digits typed at the end
screen() { TM capture-pane -p -t mw | tee -a "$T/seen"; }

# start_tui ARGS: the TUI on the simulator, its scan done, the meter open
start_tui() {
	tui_start -p "$SIM_PORT" -b 2400 -f 8E1 --expect 1 "$@"
	i=0
	while ! screen | grep -q "scan finished: 1 device" && [ $i -lt 300 ]; do
		sleep 1
		i=$((i + 1))
	done
	keys Enter
	wait_for "meter 240512000101, Prepaid"
}

# ---- a write refused for the password -----------------------------------------------
start_tui --trace="$T/trace"
ok $? "the scan finds the meter and Enter opens it"
keys F5
wait_for "^ Credit alarm 1 \\(display\\) +20\\.00 +04001001 .*\\(now 20\\.00\\)"
ok $? "F5: the form shows credit alarm 1 as read by its DI"
keys Down Down C-u 2 5
wait_for "^ Credit alarm 1 \\(display\\) +\\* +25 "
keys Enter
wait_for "Write to the meter\\?"
ok $? "Enter asks for confirmation"
w0=$(writes)
keys y
wait_for "Password refused"
ok $? "the meter refuses the write for its password: the result says so"
like "$(screen)" "wrong password" "with the meter's reason"
like "$(screen)" "Password \\(LEVEL:PPPPPP\\), Enter sends, Esc cancels: 2:_" \
	"and offers the entry, prefilled with the file's level 2"
is "$(writes)" "$((w0 + 1))" "one 0x14 frame was sent"
is "$(setting alarm_credit_1)" "20.00" "the simulator's credit alarm 1 is unchanged"

keys Escape
wait_gone "Password refused"
ok $? "Esc closes the entry"
like "$(screen)" "cancelled: nothing sent" "and says nothing was sent"
sleep 1
is "$(writes)" "$((w0 + 1))" "no 0x14 frame after Esc"

# the same write again, refused again: the entry again
keys Enter
wait_for "Write to the meter\\?"
keys y
wait_for "Password refused"
ok $? "the write again: the entry is offered again"
w1=$(writes)

keys 1 2 3 4 5
wait_for "Esc cancels: 2:\\*{5}_"
ok $? "the digits typed are shown as *"
keys Enter
wait_for "give the DL/T645 level and password as LEVEL:PPPPPP"
ok $? "2:12345 is refused with the CLI's message"
like "$(screen)" "--password 2:\\*{5}:" "the message masks the digits"
like "$(screen)" "Esc cancels: 2:_" "and the field is back to the level"
keys BSpace BSpace 9 9 : 1 2 3 4 5 6
wait_for "Esc cancels: 99:\\*{6}_"
keys Enter
wait_for "level 99 is an encrypted one"
ok $? "99:123456 is refused: an encrypted level"
sleep 1
is "$(writes)" "$w1" "no 0x14 frame was sent for either malformed entry"

keys 6 5 4 3 2 1 Enter
wait_for "Password refused again"
ok $? "a wrong password: refused again, and said so"
like "$(screen)" "The meter refused this password too" "in words"
like "$(screen)" "Esc cancels: 2:_" "the entry is offered again"
is "$(writes)" "$((w1 + 1))" "the write was sent once with it"
is "$(setting alarm_credit_1)" "20.00" "the simulator's value is still unchanged"

keys 1 2 3 4 5 6
wait_for "Esc cancels: 2:\\*{6}_"
keys Enter
wait_for "alarm_credit_1: verified at meter 240512000101, 2400 8E1 \\(25\\.00\\)"
ok $? "the right password: written, read back and verified"
is "$(writes)" "$((w1 + 2))" "one 0x14 frame more"
is "$(setting alarm_credit_1)" "25.00" "the simulator holds the new value"
like "$(screen)" "Journal:" "the result shows the journal entry"
like "$(tail -1 "$J")" '"protocol":"dlt645","address":"240512000101".*"setting":"alarm_credit_1".*"outcome":"verified"' \
	"the journal has the write, verified"
is "$(grep -c '123456\|654321' "$J")" 0 "the journal has none of the passwords typed"
keys Escape
wait_gone "any key\\] close"
wait_for "^ Credit alarm 1 \\(display\\) +25\\.00 .*\\(now 25\\.00\\)"
ok $? "the form shows the value read back"

# ---- the same meter again: no question -----------------------------------------------
w2=$(writes)
keys Down C-u 7
wait_for "^ Credit alarm 2 \\(2-minute cu \\* +7 "
keys Enter
wait_for "Write to the meter\\?"
keys y
wait_for "alarm_credit_2: verified at meter 240512000101"
ok $? "a second write to the meter goes through with the password kept"
is "$(writes)" "$((w2 + 1))" "at once: one 0x14 frame"
is "$(setting alarm_credit_2)" "7.00" "the simulator holds it"
keys Escape
wait_gone "any key\\] close"

keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
is "$(cat "$T/tui.err")" "" "nothing on stderr (no sanitizer report)"
# the password as it goes on the wire: level 02, then 56 34 12, each plus 0x33
# (68 14 10, the DI's 4 bytes, then PA P0 P1 P2)
ok "$([ "$(grep -c ' > request .* 68 14 10 ' "$T/trace")" -ge 4 ] && echo 0 || echo 1)" \
	"the trace has the 0x14 frames"
is "$(grep ' > request .* 68 14 10 ' "$T/trace" | grep -vc ' 68 14 10 .. .. .. .. \*\* \*\* \*\* \*\* ')" 0 \
	"each shows the level and password as **"
is "$(grep -c '89 67 45\|54 76 98\|123456\|654321' "$T/trace")" 0 "the passwords are nowhere in the trace"

# ---- a new run: the relay trip asks again (memory only) -------------------------------
start_tui
ok $? "a new run opens the meter"
keys F7
wait_for "^ Relay off \\(trip\\) +1C 1A +y/n"
wait_for "now relay closed"
ok $? "the Actions screen shows the relay closed"
c0=$(controls)
keys Enter
wait_for "Run this action\\?"
keys y
wait_for "Password refused"
ok $? "the trip is refused for the password: the entry is offered (not kept across runs)"
like "$(screen)" "trip takes password level 2" "the message names the action and its level"
is "$(relay)" "closed" "the simulator's relay is still closed"
is "$(controls)" "$((c0 + 1))" "one 0x1C frame was sent"
keys 1 2 3 4 5 6
wait_for "Esc cancels: 2:\\*{6}_"
keys Enter
wait_for "trip: verified: relay open"
ok $? "with the password the trip is sent again and verified by status word 3"
is "$(relay)" "open" "the simulator's relay is open"
is "$(controls)" "$((c0 + 2))" "one 0x1C frame more"
like "$(screen)" "action trip" "the journal entry is shown"
keys Escape
wait_gone "any key\\] close"
keys F3
wait_for "relay: open \\(tripped\\)"
ok $? "the dashboard reads the relay open, as the simulator"

keys F7
wait_for "^ Relay off \\(trip\\)"
keys Down Down
wait_for "^ Relay on \\(pull-on\\)"
keys Enter
wait_for "Run this action\\?"
keys y
wait_for "close: verified: relay closed"
ok $? "the close goes through with the password kept, verified"
is "$(relay)" "closed" "the simulator's relay is closed again"
is "$(controls)" "$((c0 + 3))" "at once: one 0x1C frame"
keys Escape
wait_gone "any key\\] close"
keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
is "$(grep -c '123456' "$J")" 0 "the journal has no password"

# ---- --password on the command line ----------------------------------------------------
"$MW" -p "$SIM_PORT" --password 2:12345 >"$T/out" 2>"$T/err"
is "$?" 2 "--password 2:12345 exits 2"
like "$(cat "$T/err")" "^meterwise: --password 2:\\*{5}: give the DL/T645 level and password as LEVEL:PPPPPP" \
	"with the CLI's message, the digits masked"
"$MW" -p "$SIM_PORT" --password 99:123456 >"$T/out" 2>"$T/err"
is "$?" 2 "--password 99:123456 exits 2"
like "$(cat "$T/err")" "level 99 is an encrypted one" "an encrypted level, said so"
is "$(grep -c '12345' "$T/err")" 0 "the message does not repeat the digits"

start_tui --password 2:123456
ok $? "--password 2:123456: the TUI starts"
keys F5
wait_for "^ Overdraft limit +0\\.00 +04001003 .*\\(now 0\\.00\\)"
w3=$(writes)
keys Down Down Down Down C-u 3
wait_for "^ Overdraft limit +\\* +3 "
keys Enter
wait_for "Write to the meter\\?"
keys y
wait_for "overdraft_limit: verified at meter 240512000101"
ok $? "a write goes through at once with the password given"
is "$(writes)" "$((w3 + 1))" "one 0x14 frame"
is "$(setting overdraft_limit)" "3.00" "the simulator holds it"
keys Escape
wait_gone "any key\\] close"

# ---- help ------------------------------------------------------------------------------
keys F1
wait_for "A write a DL/T645 meter refused for the meter's"
ok $? "the settings help tells of the password entry"
like "$(screen)" "meterwise ends, in memory only" "and that it is kept in memory only"
keys Escape
keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"

# ---- the digits were never on the screen, nor in a file -------------------------------
is "$(grep -c '12345\|654321' "$T/seen")" 0 "no screen captured showed the digits typed"
is "$(grep -rl '123456\|654321' "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" 2>/dev/null)" "" \
	"no file under the config and state folders holds a password"
done_testing
