#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-keys.sh - every screen reachable by its letter key under
# TERM=vt100 (whose terminal description has no F5-F10), in tmux at 100x30
# on tests/engine-panel.yaml (a JSY-MK-333 at 1, a KPM33B at 2): letters
# are text inside a form field, where Esc then the letter switches; F5
# (sent as ESC [ 1 5 ~, unknown to vt100) opens the settings instead of
# reaching the dashboard as `[`; the KPM33B's relay is switched from the
# actions screen, read back and shown; the panel does not call the
# KPM33B, which cannot tell the phase sequence, healthy; the raw view
# fills the screen and masks the password register.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

SCENARIO="$top_srcdir/tests/engine-panel.yaml"
MW_TERM=vt100
export MW_TERM

tui_start --demo --demo-scenario "$SCENARIO" -b 9600 -f 8N1,8E1 --expect 2 \
	--demo-log "$T/sim.log" --demo-state "$T/sim.state"
wait_for "^ 2 +9600 8E1 +KPM33B"
ok $? "TERM=vt100: the scan finds the KPM33B at address 2"
like "$(screen)" "F1Help F2Scan F3Dash F4Panel F5Edit F6Tariff F7Action F8Raw F9Comm F10Quit" \
	"the key bar names each screen by its letter key"
keys 2 Enter
wait_for "address 2, KPM33B"
ok $? "Enter opens the KPM33B's dashboard"

keys P
wait_for "^ Addr +Model"
ok $? "P opens the panel"
wait_for "^ 2 +KPM33B .*sequence not checked"
ok $? "the panel does not call the KPM33B healthy: its sequence is not checked"

keys E
wait_for "^ Password "
ok $? "E opens the settings form (with the KPM33B's password field)"
keys T
wait_for "Edited: Password"
ok $? "inside a field, T is text (the password field took it)"
like "$(screen)" "meterwise \| Settings \|" "and the settings screen stayed"
# the password, set through its masked field
keys BSpace 1 2 3 4
wait_for "Edited: Password"
screen | grep -q 1234
is $? 1 "the password typed is masked"
keys Enter
wait_for "Write to the meter\?"
ok $? "Enter reviews the password write"
screen | grep -q 1234
is $? 1 "the confirmation does not show the password"
keys y
wait_for "(verified|written) at address 2"
ok $? "the password is written"
screen | grep -q 1234
is $? 1 "nor does the result"
keys Escape
wait_gone "Edited: Password"
ok $? "the password is not kept as an edit"
keys Escape
wait_for "a letter key now switches screens"
ok $? "Esc says that a letter now switches screens"
keys T
wait_for "nothing to edit here: the manual gives no registers"
ok $? "Esc then T opens the tariff screen, which advertises no editing keys (a gap)"
screen | grep -Eq "a add|w write"
is $? 1 "no a/w keys are advertised on a gap"

keys A
wait_for "^ Relay on \(close\)"
ok $? "A opens the actions"
keys Down Down
wait_for "Relay on \(close\) .*y/n"
keys Enter
wait_for "Run this action\?"
ok $? "Enter asks before switching the relay"
keys y
wait_for "verified: Relay \(DO1\) reads 1"
ok $? "the relay is switched on and read back: verified"
keys Escape
wait_for "now Relay \(DO1\): "
ok $? "the actions screen shows the relay's state"

keys R
wait_for "^0x0000 \*\*\*\* +\(password: not shown\)|^ 0x0000 \*\*\*\*"
ok $? "R opens the raw view; the password register is masked"
wait_for "^ 0x0014 "
ok $? "the raw view fills the 30-line screen (at least 21 registers)"
screen | grep -q "1A0A"
is $? 1 "the password's words appear nowhere"

keys C
wait_for "Commission"
ok $? "C opens the commission screen"
keys H
wait_for "Plan: H_"
ok $? "the plan's path is a text field: H is text there"
keys BSpace Escape H
wait_for "Keys on every screen"
ok $? "Esc then H opens the help"
keys S
wait_for "^ 2 +9600 8E1 +KPM33B"
ok $? "S opens the scan screen"
keys D
wait_for "address 2, KPM33B"
ok $? "D opens the dashboard"
keys F5
wait_for "^ Password "
ok $? "F5 opens the settings under TERM=vt100 (its escape sequence decoded)"
keys F10
tui_gone
ok $? "F10 quits under TERM=vt100"
is "$(cat "$T/exit")" 0 "meterwise exits with status 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"
grep -q "RX 02 05 00 01 FF 00" "$T/sim.log"
ok $? "the simulator received FC05 coil 0x0001 = on"
grep -q "1234" "$XDG_STATE_HOME/meterwise/journal"
is $? 1 "the journal does not hold the password"
awk '/^device kpm/ { on = 1; next } /^device / { on = 0 } on' "$T/sim.state" >"$T/kpm.state"
grep -qi "^word holding 0x0000 0x04D2" "$T/kpm.state"
ok $? "the simulator's state holds the new password (0x0000 = 1234)"

done_testing
