#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-lossy.sh - writes on a lossy line and a vanishing port, against
# meterwise-sim with its fault injection (tests/engine-lossy.yaml):
# - a move onto an occupied address whose occupant loses half its replies
#   is refused every time (the collision check tries as often as the loss
#   calls for);
# - a write whose reply is lost is read back, never re-sent blind;
# - a meter that goes silent around a line change ends `not-answering` with a
#   journal entry that says where it was last seen and where it was looked
#   for;
# - SIGTERM just after the write: "sent, outcome unknown", exit 130;
# - the port vanishing just after a line change's write is named as the
#   cause (exit 1), not reported as a lost meter.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
CTL="$T/bus.ctl"
sim_start lossy "$top_srcdir/tests/engine-lossy.yaml" --control "$CTL" --seed 7 || exit 1
J="$XDG_STATE_HOME/meterwise/journal"
ctl() { "$MWSIM" --control "$CTL" --command "$*" >/dev/null; }
set_jsy() {
	"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 --timeout "${TMO:-100}" --retries 8 --yes "$@"
}
# The same, in the background with its own PID in $pid (not a subshell's).
bg_set_jsy() {
	"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 --timeout "$TMO" --yes "$@" >"$T/out" 2>"$T/err" &
	pid=$!
}

# wait_for REGEX N: until the frame log has more than N lines matching REGEX (60 s).
wait_for() {
	i=0
	while [ "$(grep -c -- "$1" "$SIM_LOG")" -le "$2" ] && [ $i -lt 1200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# ---- collision check at 50% lost replies ------------------------------
ctl set kpm faults.drop_rate 0.5
before=$(writes_in "$SIM_LOG")
n_ok=0
for i in 1 2 3 4 5 6; do
	set_jsy address=2 >"$T/out" 2>"$T/err"
	[ $? -eq 2 ] && grep -q 'another device already answers at address 2' "$T/err" && n_ok=$((n_ok + 1))
done
is "$n_ok" 6 "moving onto an address whose occupant drops 50% of replies: refused 6 times of 6"
is "$(writes_in "$SIM_LOG")" "$before" "nothing was written"
ctl set kpm faults.drop_rate 0

# ---- a lost reply is read back, not re-sent --------------------------
ctl set jsy faults.drop_rate 0.4
before=$(grep -c 'RX 01 10 00 20' "$SIM_LOG")
n_ok=0
for v in 201 202 203 204 205 206 207 208; do
	if set_jsy voltage_limit=$v >"$T/out" 2>&1; then n_ok=$((n_ok + 1)); else note "$(cat "$T/out")"; fi
done
is "$n_ok" 8 "8 limit writes at 40% lost replies: all verified"
is "$(($(grep -c 'RX 01 10 00 20' "$SIM_LOG") - before))" 8 "each sent exactly once (the read back found it)"
ctl set jsy faults.drop_rate 0

# ---- SIGTERM just after the write ------------------------------------
# Replies come 1.5 s after each request: time to act between the write and
# its reply even on a loaded machine.
ctl set jsy turnaround_ms 1500
TMO=2500
before=$(grep -c 'RX 01 10 00 20' "$SIM_LOG")
bg_set_jsy voltage_limit=220
wait_for 'RX 01 10 00 20' "$before"
kill -TERM $pid
wait $pid
is "$?" 130 "killed after the write: exit 130"
like "$(cat "$T/err")" 'sent: outcome unknown' "says the write was sent and the outcome is unknown"
like "$(tail -1 "$J")" '"outcome":"uncertain".*interrupted after the write was sent' "journal: uncertain, sent"
ctl set jsy turnaround_ms 300
TMO=500

# ---- killed before the write: nothing claims a send -------------------
n_unc=$(grep -c '"outcome":"uncertain"' "$J")
before=$(requests_in "$SIM_LOG")
w_before=$(writes_in "$SIM_LOG")
bg_set_jsy voltage_limit=221
wait_for ' RX ' "$before"
kill -TERM $pid
wait $pid
ok $([ $? -ne 0 ] && echo 0 || echo 1) "killed before the write: a failure exit"
is "$(writes_in "$SIM_LOG")" "$w_before" "no write reached the meter"
is "$(grep -c '"outcome":"uncertain"' "$J")" "$n_unc" "no new uncertain entry claims a send"

# ---- the meter vanishes after a line change: not-answering, with where --
# The meter goes silent while meterwise checks the new address (a control
# command, slow to start on a loaded machine, has the whole collision check
# to land): the write and every probe after it go unanswered.
before=$(grep -c 'RX 01 10 00 04' "$SIM_LOG")
probes=$(grep -c 'RX 07 03' "$SIM_LOG")
bg_set_jsy address=7
wait_for 'RX 07 03' "$probes"
ctl detach jsy
wait $pid
rc=$?
is "$rc" 4 "the meter went silent around the write: exit 4"
[ "$rc" -eq 4 ] || { sed "s/^/# /" "$T/err"; tail -60 "$SIM_LOG" | cut -c1-70 | sed "s/^/# /"; }
e=$(grep '"outcome":"not-answering"' "$J" | tail -1)
like "$e" '"where":"address 1, 9600 8N1"' "journal: not-answering says where it was last seen"
like "$e" '"looked":"address 7, 9600 8N1; address 1, 9600 8N1"' "journal: and where it was looked for"
ctl attach jsy

# ---- the port vanishes just after a line change's write -------------
before=$(grep -c 'RX 02 10 00 01' "$SIM_LOG")
probes=$(grep -c 'RX 09 03' "$SIM_LOG")
"$MW" set -p "$SIM_PORT" -a 2 -f 8N1 -m kpm33b --timeout 500 --yes address=9 >"$T/out" 2>"$T/err" &
pid=$!
wait_for 'RX 09 03' "$probes"
ctl set kpm turnaround_ms 1500
wait_for 'RX 02 10 00 01' "$before"
# SIGKILL: the pty goes away at once (SIGTERM would let the simulator
# finish the replies it is pacing first).
kill -KILL "$SIM_PID"
sim_stop
wait $pid
rc=$?
is "$rc" 1 "the port vanished after the write: exit 1 (a line error, not a lost meter)"
[ "$rc" -eq 1 ] || grep -v "RX 09 03 00 00" "$SIM_LOG" | tail -30 | cut -c1-70 | sed "s/^/# /"
like "$(cat "$T/err")" 'lossy.tty: the port vanished' "names the vanished port as the cause"
like "$(tail -1 "$J")" '"outcome":"uncertain".*port vanished' "journal: uncertain, port vanished"

done_testing
