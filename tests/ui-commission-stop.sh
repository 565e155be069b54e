#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-commission-stop.sh - the first x stops commissioning, in tmux at
# 100x30: right after the start its result is on the screen, and the key
# that closes it must not be lost (it used to be: x had to be pressed
# twice).  The stop is said, and Enter offers to start again.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"
. "$top_srcdir/tests/commission/lib.sh"

scen="$top_srcdir/tests/commission/panel.yaml"
CTL="$T/ctl"
plan="$T/plan.csv"
grep -v '^#' "$top_srcdir/tests/commission/panel.csv" | head -4 >"$plan"

sim_start panel "$scen" --control "$CTL" --state "$T/sim.state" || exit 1
tui_start -p "$SIM_PORT" --plan "$plan"
wait_for "^ A-1 "
ok $? "--plan opens the Commission screen"
keys Enter
wait_for "Commission the meters as planned\?"
keys y
wait_for "commissioning started"
ok $? "y starts commissioning; its result is on the screen"
keys x
wait_for "commissioning stopped"
ok $? "the first x stops commissioning and says so"
keys Escape
wait_for "Plan: .*_$"
ok $? "the plan's path is editable again (not running)"
keys Enter
wait_for "Commission the meters as planned\?"
ok $? "Enter offers to start again"
keys n
keys F10
tui_gone
ok $? "F10 quits"
is "$(cat "$T/exit")" 0 "meterwise exits 0"
is "$(cat "$T/tui.err")" "" "meterwise wrote nothing to stderr (no sanitizer report)"

sim_stop
done_testing
