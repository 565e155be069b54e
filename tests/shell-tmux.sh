#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/shell-tmux.sh - the interactive `meterwise shell` in a real terminal
# (tmux at a fixed size): Tab completes a setting name of the meter chosen
# with `use` (from its device file), the completed command writes it (the
# simulator's state proves it), and the history is kept in
# $XDG_STATE_HOME/meterwise/history.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
STATE="$T/sim.state"
sim_start sh "$top_srcdir/tests/commission/shell.yaml" --state "$STATE" || exit 1

TM="tmux -L mwshell$$ -f /dev/null"
cleanup_tmux() { $TM kill-server 2>/dev/null; }
trap 'cleanup_tmux; cleanup' EXIT

$TM new-session -d -x 100 -y 30 -s sh \
	"env MW_DEVICES_PATH='$MW_DEVICES_PATH' XDG_STATE_HOME='$XDG_STATE_HOME' TERM=xterm \
	'$MW' shell -p '$SIM_PORT' -b 9600 -f 8N1; echo SHELL-EXIT \$?; sleep 30"
ok $? "tmux session started"

# screen_has REGEX: wait (at most 10 s) until the pane shows REGEX.
screen_has() {
	i=0
	while ! $TM capture-pane -p -t sh | grep -Eq -- "$1"; do
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			$TM capture-pane -p -t sh | sed 's/^/#   /'
			return 1
		fi
		sleep 0.05
	done
}

screen_has "^meterwise>"
ok $? "the prompt appears"
$TM send-keys -t sh "use 5 jsy-mk-333" Enter
screen_has "^meterwise 5 jsy-mk-333>"
ok $? "use 5 jsy-mk-333: the prompt names the meter"
$TM send-keys -t sh "set volt" Tab
screen_has "^meterwise 5 jsy-mk-333> set voltage_limit=\$"
ok $? "Tab completes \"volt\" to voltage_limit= (the value typed next joins it: see below)"
$TM send-keys -t sh "248 --yes" Enter
screen_has "verified at address 5, 9600 8N1"
ok $? "the completed command writes and verifies"
$TM send-keys -t sh "set format=8" Tab Tab
screen_has "format=8E1 +format=8N1 +format=8N2 +format=8O1"
ok $? "Tab Tab lists the format choices of the device file"
$TM send-keys -t sh C-u "exit" Enter
screen_has "SHELL-EXIT 0"
ok $? "exit leaves the shell with status 0"
cleanup_tmux

hist="$XDG_STATE_HOME/meterwise/history"
grep -q "^set voltage_limit=248 --yes\$" "$hist"
ok $? "the history file keeps the command"
sim_stop
is "$(state_word "$STATE" jsy 0x0020)" 248 "sim state: voltage limit 248 V"
done_testing
