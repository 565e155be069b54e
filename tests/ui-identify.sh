#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-identify.sh - "identify again" on the scan screen
# (tests/scan-odd.yaml): a meter no device file describes is listed as
# unknown, with the hint; i on it identifies it again with a long timeout
# and says, in a dialog, that still no file matches and what it answered;
# i on a known meter says what the key is for.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

sim_start odd "$top_srcdir/tests/scan-odd.yaml" || exit 1
tui_start -p "$SIM_PORT" -b 9600 --expect 3
wait_for "scan finished: 3 device"
ok $? "the scan finds the three meters"
like "$(screen)" "^ 9 +9600 8E1 +unknown +\\(i: identify again\\)" \
	"the meter no file describes is unknown, with the hint"
keys Home
keys i
wait_for "i identifies an unknown device again"
ok $? "i on a known meter says what it is for"
keys End
keys i
wait_for "address 9: still no device file matches \\([0-9]+ ms timeout\\)"
ok $? "i on the unknown meter identifies it again and says no file matches"
keys Space
keys F10
tui_gone
ok $? "F10 quits"
done_testing
