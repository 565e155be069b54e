#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-moved.sh - the panel (F4) follows a meter that commissioning
# moves (tests/ui/moved.yaml): the scan lists the new meter at its factory
# address 1 and another at 3; a plan moves the new one to address 31.
# Back on the panel, the row at address 1 no longer answers and is marked
# STALE (after three polling rounds, by construction), and address 31 is
# listed without a rescan, with live values.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

plan="$T/plan.csv"
printf 'label,model,address,baud,format\nP-1,jsy-mk-333,31,9600,8N1\n' >"$plan"
sim_start moved "$top_srcdir/tests/ui/moved.yaml" || exit 1
# a fixed, generous timeout: a loaded host must not make the scan miss a meter
tui_start -p "$SIM_PORT" -b 9600 -f 8N1 --expect 2 --timeout 300
wait_for "scan finished: 2 device"
ok $? "the scan stops after the two meters (--expect 2)"
keys F4
wait_for "^ 1 +JSY-MK-333 +23[0-9]"
ok $? "the panel shows the new meter at address 1 with values"
like "$(screen)" "^ 3 +JSY-MK-333 +23[0-9]" "and the one at address 3"

keys F9
keys "$plan" Enter
wait_for "P-1 +JSY-MK-333 +31"
ok $? "the plan is loaded"
keys Enter
wait_for "Commission the meters as planned\\?"
keys y
wait_for "commissioning started"
keys Space
wait_for "position P-1: JSY-MK-333 now at address 31"
ok $? "commissioning moves the new meter to address 31"

keys F4
wait_for "^ 1 +JSY-MK-333 .*STALE"
ok $? "the row at address 1 is marked STALE: the meter is gone from there"
wait_for "^ 31 +JSY-MK-333 +23[0-9]"
ok $? "address 31 is listed, with live values, without a rescan"
like "$(screen)" "^ 3 +JSY-MK-333 +23[0-9].* [0-9.]+s *\$" "address 3 stays live, with its age"
row3=$(screen | grep -n "^ 3 " | cut -d: -f1)
row31=$(screen | grep -n "^ 31 " | cut -d: -f1)
ok "$([ "$row3" -lt "$row31" ] && echo 0 || echo 1)" "rows in address order (3 above 31)"
keys F10
tui_gone
ok $? "F10 quits"
done_testing
