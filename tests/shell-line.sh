#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/shell-line.sh - the shell keeps one line open for its session: the
# port is opened once for several commands and stays locked by the shell
# between them; when `set` moves the meter (a baud change, an address
# change) the shell follows it, and the next commands talk to it there; a
# port that went away (the simulator restarted) is opened afresh.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

STATE="$T/sim.state"
sim_start sh "$top_srcdir/tests/commission/shell.yaml" --state "$STATE" || exit 1

cat >"$T/many.script" <<'SCRIPT'
use 5 jsy-mk-333
read --json
read --json
set voltage_limit=251 --yes
read --json
line
SCRIPT
"$MW" shell -p "$SIM_PORT" -b 9600 -f 8N1 <"$T/many.script" >"$T/many.out" 2>"$T/many.err"
is "$?" 0 "four commands in one shell exit 0"
out=$(cat "$T/many.out")
is "$(printf '%s\n' "$out" | grep -c '"voltage_l2": [0-9]')" 3 "three reads answered"
like "$out" "Port opens in this shell: 1\\." "the port was opened once for all of them"

# Between two commands the port stays the shell's: another meterwise is
# refused and names the shell as the holder.
mkfifo "$T/in"
"$MW" shell -p "$SIM_PORT" -b 9600 -f 8N1 -a 5 -m jsy-mk-333 <"$T/in" >"$T/hold.out" 2>"$T/hold.err" &
shpid=$!
exec 3>"$T/in"
echo "read --json" >&3
wait_lines "$T/hold.out" '"voltage_l2": [0-9]' 1 "$shpid"
"$MW" read -p "$SIM_PORT" -b 9600 -f 8N1 -a 5 -m jsy-mk-333 --json >"$T/other.out" 2>"$T/other.err"
is "$?" 1 "another meterwise cannot open the port between the shell's commands"
like "$(cat "$T/other.err")" "in use by process $shpid" "the shell is named as the holder"
echo "line" >&3
wait_lines "$T/hold.out" "Port opens in this shell" 1 "$shpid"
like "$(cat "$T/hold.out")" "Port opens in this shell: 1\\." "still one open"
# The simulator restarts on the same link: the next command opens it afresh.
sim_stop
sim_start sh "$top_srcdir/tests/commission/shell.yaml" --state "$STATE" || exit 1
echo "read --json" >&3
wait_lines "$T/hold.out" '"voltage_l2": [0-9]' 2 "$shpid"
ok $? "after the simulator restarted, the next read answers"
echo "line" >&3
echo "exit" >&3
exec 3>&-
wait_exit "$shpid" 30
is "$?" 0 "the shell exits 0"
like "$(cat "$T/hold.out")" "Port opens in this shell: 2\\." "the port was opened again once"

# A baud change, then an address change, both followed.
cat >"$T/move.script" <<'SCRIPT'
use 5 jsy-mk-333
set baud=19200 --yes
read --json
set address=9 --yes
read --json
line
SCRIPT
"$MW" shell -p "$SIM_PORT" -b 9600 -f 8N1 <"$T/move.script" >"$T/move.out" 2>"$T/move.err"
is "$?" 0 "set baud, read, set address, read: all exit 0"
out=$(cat "$T/move.out")
like "$out" "The shell's line is now 19200 8N1\\." "the shell says it follows the baud change"
like "$out" "The shell now uses address 9\\." "the shell says it follows the address change"
is "$(printf '%s\n' "$out" | grep -c '"voltage_l2": [0-9]')" 2 "both reads after the moves answered"
like "$out" "Line settings: 19200 8N1\\." "the shell's line is the meter's new one"
like "$out" "Port opens in this shell: 1\\." "no reopen across the line change"
if [ -s "$T/move.err" ]; then sed 's/^/#   /' "$T/move.err"; fi

sim_stop
is "$(state_line "$STATE" jsy)" "9 19200 8N1" "sim state: the meter is at address 9, 19200 8N1"
done_testing
