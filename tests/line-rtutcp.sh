#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-rtutcp.sh - RTU over TCP (rtutcp:HOST:PORT) through a
# transparent gateway: socat between a TCP port on 127.0.0.1 and the
# simulator's pty, as a cheap RS-485/Ethernet converter in transparent mode.
# read, scan and set work through it; the frames are RTU (CRC and all);
# messages say "at HOST:PORT", JSON carries no baud or format; a baud
# change through the gateway is refused with exit 2.
. "$top_srcdir/tests/lib.sh"

command -v socat >/dev/null || skip_all "socat is not installed (build-aux/install-deps)"
command -v python3 >/dev/null || skip_all "python3 is not installed"

scen="$top_srcdir/sim/scenarios/jsy-manual.yaml"
sim_start gw "$scen" || exit 1
tcp=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
socat "TCP-LISTEN:$tcp,bind=127.0.0.1,reuseaddr,fork" \
	"FILE:$SIM_PORT,raw,echo=0,b9600,cs8,parenb=0,cstopb=0" 2>"$T/socat.err" &
gw=$!
SIM_PIDS="$SIM_PIDS $gw"
i=0
while ! python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$tcp" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && break
	sleep 0.05
done
P="rtutcp:127.0.0.1:$tcp"
# gw_idle: wait until the gateway's child for the last connection is gone.
# socat forks one per connection; a child lingers after its peer closed and
# puts back the termios it found when it goes, which would change the
# pty's line under the next connection.
gw_idle() {
	command -v pgrep >/dev/null || { sleep 1; return; }
	i=0
	while pgrep -P "$gw" >/dev/null 2>&1 && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

gw_idle
out=$("$MW" read -p "$P" -a 1 -m jsy-mk-333 --json 2>"$T/read.err")
is "$?" 0 "read through the gateway exits 0"
sed 's/^/# /' "$T/read.err"
like "$out" '"voltage_l1": *220\.33' "the manual's 220.33 V on L1"
like "$out" '"voltage_l3": *220\.67' "and 220.67 V on L3"
ok "$(printf '%s' "$out" | grep -Eq '"(baud|format)"' && echo 1 || echo 0)" \
	"no baud or format in the JSON: the gateway's serial side is not ours"

gw_idle
out=$("$MW" read -p "$P" -a 1 --trace 2>"$T/id.err")
is "$?" 0 "read without -m identifies the meter through the gateway"
like "$out" "JSY-MK-333" "as the JSY-MK-333"
like "$(cat "$T/id.err")" "127\\.0\\.0\\.1:$tcp > request +01 03 " "the trace shows RTU requests"
like "$(cat "$T/id.err")" "127\\.0\\.0\\.1:$tcp < reply +01 03 A8 56 11 56 22 56 33 " \
	"and RTU replies starting with the manual's voltage registers"

gw_idle
"$MW" read -p "$P" -a 9 -m jsy-mk-333 --timeout 150 >/dev/null 2>"$T/none.err"
is "$?" 1 "no meter at address 9: exit 1"
like "$(cat "$T/none.err")" "no reply from address 9 at 127\\.0\\.0\\.1:$tcp after 3 tries" \
	"the message says where: at HOST:PORT"
ok "$(grep -q '9600\|8N1\|at TCP' "$T/none.err" && echo 1 || echo 0)" "and names no baud or format"

gw_idle
out=$("$MW" scan -p "$P" --addr 1-4 2>"$T/scan.err")
is "$?" 0 "scan through the gateway exits 0"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^ *1 .*JSY-MK-333" "finds the JSY at address 1"

gw_idle
"$MW" set -p "$P" -a 1 -m jsy-mk-333 voltage_limit=250 --yes >"$T/set.out" 2>"$T/set.err"
is "$?" 0 "set a limit through the gateway"
like "$(cat "$T/set.out")" "verified" "written and verified"
gw_idle
"$MW" set -p "$P" -a 1 -m jsy-mk-333 baud=19200 --yes >"$T/baud.out" 2>"$T/baud.err"
is "$?" 2 "a baud change through the gateway is refused: exit 2"
like "$(cat "$T/baud.err")" "through a TCP gateway would lose the meter" "and says why"

# the interactive screen through the gateway, with a trace to a file
if command -v tmux >/dev/null; then
	. "$top_srcdir/tests/ui/lib-tmux.sh"
	gw_idle
	LC_ALL=C tui_start -p "$P" --expect 1 --trace="$T/tui.trace"
	wait_for "JSY-MK-333"
	ok $? "the screen's scan finds the JSY through the gateway"
	like "$(cat "$T/tui.trace")" "127\\.0\\.0\\.1:$tcp > request +01 03 " "the screen's frames are traced"
	keys F10
	tui_gone
	is "$(cat "$T/exit")" 0 "the screen quits with status 0"
else
	ok 0 "# SKIP tmux is not installed: the screen is not tried"
fi

kill "$gw" 2>/dev/null
wait "$gw" 2>/dev/null
gw_idle
"$MW" read -p "$P" -a 1 -m jsy-mk-333 >/dev/null 2>"$T/down.err"
is "$?" 1 "the gateway gone: exit 1"
like "$(cat "$T/down.err")" "127\\.0\\.0\\.1:$tcp: cannot connect" "says it cannot connect to HOST:PORT"
sim_stop
done_testing
