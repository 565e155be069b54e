#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-lock.sh - the port lock: while one meterwise reads a simulated
# port, a second one is refused with a message naming the holder (exit 1)
# and `meterwise ports PORT` shows the holder without opening the port; a
# program holding a flock is named too; a stale lock file is taken over;
# the lock file goes with its holder.  Lock files go to $MW_LOCK_DIR here.
. "$top_srcdir/tests/lib.sh"

export MW_LOCK_DIR="$T/lock"
mkdir -p "$MW_LOCK_DIR"
scen="$top_srcdir/sim/scenarios/jsy-manual.yaml"
sim_start lock "$scen" || exit 1
real=$(readlink -f "$SIM_PORT")
lck="$MW_LOCK_DIR/LCK..$(echo "${real#/dev/}" | tr / _)"

"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json --watch 0.1 >"$T/watch" 2>"$T/watch.err" &
wpid=$!
i=0
while [ "$(wc -l <"$T/watch")" -lt 1 ] && kill -0 "$wpid" 2>/dev/null && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
ok "$([ -s "$T/watch" ] && echo 0 || echo 1)" "the first meterwise reads the port"
is "$(tr -d ' \n' <"$lck" 2>/dev/null)" "$wpid" "its lock file $lck holds its PID"
like "$(od -c "$lck" | head -1)" '^0000000 +( +){5}[0-9]' "in the UUCP form: the PID in ten characters"

"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 >"$T/second.out" 2>"$T/second.err"
is "$?" 1 "a second meterwise on the busy port: exit 1"
like "$(cat "$T/second.err")" "in use by process $wpid \\(meterwise\\)" "the message names the holder"

out=$("$MW" ports "$SIM_PORT")
is "$?" 0 "meterwise ports PORT exits 0"
like "$out" "in use: held by process $wpid \\(meterwise\\)" "ports shows the holder"
like "$("$MW" ports --json "$SIM_PORT")" "\"holder_pid\": *$wpid" "and in JSON"

kill -INT "$wpid"
wait "$wpid"
is "$?" 130 "the first meterwise ends on Ctrl-C"
ok "$([ ! -e "$lck" ] && echo 0 || echo 1)" "its lock file is gone"
like "$("$MW" ports "$SIM_PORT")" "^$SIM_PORT\$" "the port is free again"

# another program that takes a flock, as picocom does
python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)
' "$SIM_PORT" "$T/held" &
hpid=$!
i=0
while [ ! -e "$T/held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 >/dev/null 2>"$T/third.err"
is "$?" 1 "a port another program has flocked: exit 1"
like "$(cat "$T/third.err")" "in use by process $hpid \\(python3\\)" "that program is named"
like "$("$MW" ports "$SIM_PORT")" "held by process $hpid" "ports names it too"
kill "$hpid"
wait "$hpid" 2>/dev/null

# a stale lock file (its process is gone) does not block
printf '%10d\n' 999999 >"$lck"
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 >/dev/null 2>"$T/stale.err"
is "$?" 0 "a stale lock file is taken over"
ok "$([ ! -e "$lck" ] && echo 0 || echo 1)" "and removed with the lock"
sim_stop
done_testing
