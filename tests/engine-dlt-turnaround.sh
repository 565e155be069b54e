#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/engine-dlt-turnaround.sh - the timeouts of DL/T645 reads follow the
# turnaround measured on the meter's first replies (tests/
# engine-dlt-turnaround.yaml: a 20 ms meter at 9600 8E1 that loses about a
# third of its replies, seeded): counted in the frame trace, whose timeout
# lines say how long was waited.  Before any reply, and for writes, the
# timeout stays the standard's (500 ms turnaround); a detached meter costs
# that at every try.
. "$top_srcdir/tests/lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
CTL="$T/ctl"
sim_start dltta "$top_srcdir/tests/engine-dlt-turnaround.yaml" --control "$CTL" || exit 1
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
A=240512000101
# waits FILE: the waits of the trace's timeout lines, in ms, one a line
waits() { sed -n 's/.* < timeout *(nothing in \([0-9]*\) ms)$/\1/p' "$1"; }
# waits_after_reply FILE: the same, only those after the first reply
waits_after_reply() {
	awk '/ < reply / { r = 1 } r && / < timeout / { sub(/.*nothing in /, ""); print $1 }' "$1"
}

# ---- read: the standard's timeout only until the first reply -----------------
"$MW" read -p "$SIM_PORT" -a $A -b 9600 -f 8E1 -m prepaid-dlt645 --trace="$T/read.tr" \
	>"$T/out" 2>"$T/err"
is "$?" 0 "read exits 0 (the lost replies are asked again)"
like "$(cat "$T/out")" "Meter number +$A" "every value is read"
n_to=$(waits "$T/read.tr" | grep -c .)
ok "$([ "$n_to" -ge 2 ] && echo 0 || echo 1)" "replies were lost: $n_to timeouts in the trace"
after=$(waits_after_reply "$T/read.tr")
n_after=$(printf '%s\n' "$after" | grep -c .)
ok "$([ "$n_after" -ge 2 ] && echo 0 || echo 1)" "$n_after of them after the first reply"
# the standard's 500 ms turnaround alone is more than 500 ms; the measured
# 20 ms turnaround with its margin, the request's line time and the host's
# allowance is ~110 ms at 9600 8E1 on an idle machine.  The turnaround is
# measured on this host, so a loaded machine measures (and waits) more:
# 197 ms was seen with the whole suite and two builds on two cores.  The
# bound asserted is the standard's, which the parent waited every time.
is "$(printf '%s\n' "$after" | awk '$1 >= 500 { n++ } END { print n + 0 }')" 0 \
	"every timeout after the first reply is sized to the measured turnaround ($(echo $after))"

# ---- before any reply: the standard's --------------------------------------
ctl detach quick >/dev/null
"$MW" read -p "$SIM_PORT" -a $A -b 9600 -f 8E1 -m prepaid-dlt645 --trace="$T/gone.tr" \
	>"$T/out" 2>"$T/err"
is "$?" 1 "a meter that never answers: exit 1"
gone=$(waits "$T/gone.tr")
ok "$([ -n "$gone" ] && echo 0 || echo 1)" "its requests time out"
is "$(printf '%s\n' "$gone" | awk '$1 < 500 { n++ } END { print n + 0 }')" 0 \
	"at the standard's timeout, over 500 ms, until a reply is measured ($(echo $gone))"
ctl attach quick >/dev/null

# ---- a write keeps the standard's: write address without the key is ignored --
ctl set quick faults.drop_rate 0 >/dev/null
"$MW" set -p "$SIM_PORT" -a $A -b 9600 -f 8E1 -m prepaid-dlt645 address=240512000150 --yes \
	--trace="$T/set.tr" >"$T/out" 2>"$T/err"
is "$?" 1 "address without the programming key: exit 1"
like "$(cat "$T/set.tr")" " < reply " "the meter answered reads first"
wa=$(awk '/ > request .* 68 AA AA AA AA AA AA 68 15 / { w = 1; next } w && / < timeout / { sub(/.*nothing in /, ""); print $1; w = 0 }' "$T/set.tr")
ok "$([ -n "$wa" ] && [ "$wa" -ge 500 ] && echo 0 || echo 1)" \
	"the ignored write address waited the standard's timeout ($wa ms)"
sim_stop
done_testing
