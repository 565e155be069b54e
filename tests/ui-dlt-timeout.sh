#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dlt-timeout.sh - the TUI's readings of a DL/T645 meter wait for
# the turnaround the scan measured from their very first request, in tmux
# at 100x30 on tests/engine-dlt-turnaround.yaml (a 20 ms meter at 9600 8E1;
# its simulator's control socket drops replies on demand).  Counted in the
# TUI's frame trace, whose timeout lines say how long each request waited
# (the timeout chosen, not a time measured, so a loaded host cannot make
# it flake): once the scan heard the meter, no read waits the standard's
# 500 ms turnaround any more, not even the first of a reading; --timeout
# still overrides.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
CTL="$T/ctl"
sim_start dltto "$top_srcdir/tests/engine-dlt-turnaround.yaml" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
A=240512000101
TR="$T/tui.tr"
# waits_since N: the waits of the trace's timeout lines after line N, ms
waits_since() {
	tail -n +"$(($1 + 1))" "$TR" | sed -n 's/.* < timeout *(nothing in \([0-9]*\) ms)$/\1/p'
}
lines() { wc -l <"$TR"; }
# wait_timeouts N FROM: until the trace has N timeouts after line FROM (60 s)
wait_timeouts() {
	i=0
	while [ "$(waits_since "$2" | grep -c .)" -lt "$1" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
count_ge() { printf '%s\n' "$2" | awk -v m="$1" '$1 != "" && $1 >= m { n++ } END { print n + 0 }'; }
count() { printf '%s\n' "$1" | grep -c .; }
# scan_tui ARGS...: start the TUI on the meter's line, until its scan finished
scan_tui() {
	rm -f "$TR"
	tui_start -p "$SIM_PORT" -b 9600 -f 8E1 --expect 1 --trace="$TR" "$@"
	i=0
	while ! screen | grep -q "scan finished" && [ $i -lt 300 ]; do
		sleep 1
		i=$((i + 1))
	done
}

# ---- the scan measures the meter; then every reply is lost --------------------
ctl set quick faults.drop_rate 0 >/dev/null
scan_tui
like "$(screen)" "^ $A +9600 8E1 " "the scan finds the meter (no loss while scanning)"
like "$(cat "$TR")" " < reply " "and the trace has its replies"
# from here on the meter hears every request and answers none: each
# reading's FIRST request times out, and every try after it
ctl set quick faults.drop_rate 1 >/dev/null
mark=$(lines)
keys Enter
wait_for "meter $A, Prepaid"
ok $? "Enter opens its dashboard"
wait_timeouts 6 "$mark"
w=$(waits_since "$mark")
ok "$([ "$(count "$w")" -ge 6 ] && echo 0 || echo 1)" "the readings' requests time out ($(count "$w") timeouts)"
is "$(count_ge 400 "$w")" 0 \
	"none waits the standard's 500 ms: the scan's measured turnaround from the first request on ($(echo $w | cut -c1-60))"

# ---- a third of the replies lost: the dashboard fills, no 500 ms wait -------------
ctl set quick faults.drop_rate 0.3 >/dev/null
mark=$(lines)
wait_for "^ Prepaid +credit [0-9]"
ok $? "with a third of the replies lost the dashboard shows the credit"
wait_timeouts 3 "$mark"
w=$(waits_since "$mark")
ok "$([ "$(count "$w")" -ge 3 ] && echo 0 || echo 1)" "replies were lost ($(count "$w") timeouts)"
is "$(count_ge 400 "$w")" 0 "none of them waited the standard's 500 ms ($(echo $w | cut -c1-60))"
keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
is "$(cat "$T/tui.err")" "" "nothing on stderr (no sanitizer report)"

# ---- --timeout still overrides ------------------------------------------------------
ctl set quick faults.drop_rate 0 >/dev/null
scan_tui --timeout 700
like "$(screen)" "^ $A +9600 8E1 " "--timeout 700: the scan finds the meter"
ctl set quick faults.drop_rate 1 >/dev/null
mark=$(lines)
keys Enter
wait_for "meter $A, Prepaid"
wait_timeouts 2 "$mark"
w=$(waits_since "$mark")
ok "$([ "$(count "$w")" -ge 2 ] && echo 0 || echo 1)" "its requests time out"
is "$(printf '%s\n' "$w" | sort -u | paste -sd, -)" 700 "each after the 700 ms given"
keys F10
tui_gone
is "$(cat "$T/exit")" 0 "F10 quits with status 0"
sim_stop
done_testing
