# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui/lib-tmux.sh - drive the TUI headless: a private tmux server at a
# fixed size, keys in, screen captures out.  Source after tests/lib.sh.
#
#   tui_start ARGS...  run "$MW ARGS" in a 100x30 pane (TERM=$MW_TERM when
#                      set, else tmux's); when it exits its
#                      status is saved in $T/exit and the terminal state
#                      (stty -a) in $T/stty; the pane stays
#   keys KEY...        tmux send-keys
#   screen             the pane as text
#   wait_for REGEX     until the pane matches (gives up after 60 s)
#   wait_gone REGEX    until nothing in the pane matches
#   tui_gone           until meterwise has exited (gives up after 60 s)
#   demo_sim_running   whether the simulator started with --log $T/sim.log runs

TMUX_SOCK="mwtest-$$"
# the server's socket lives in $T, so it goes with it
TMUX_TMPDIR="$T"
export TMUX_TMPDIR
unset TMUX
TM() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

# Killing the server hangs up meterwise, which stops its demo simulator.
tui_cleanup() {
	TM kill-server 2>/dev/null
	cleanup
}
trap tui_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 141' PIPE

tui_start() {
	rm -f "$T/exit" "$T/stty"
	TM kill-server 2>/dev/null
	cat >"$T/run.sh" <<EOS
#!/bin/sh
"\$@" 2>"$T/tui.err"
echo \$? >"$T/exit"
stty -a >"$T/stty"
EOS
	TM new-session -d -s mw -x 100 -y 30 \
		env MW_DEVICES_PATH="$MW_DEVICES_PATH" XDG_STATE_HOME="$XDG_STATE_HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" ${MW_DEMO_SIM_ARGS:+MW_DEMO_SIM_ARGS="$MW_DEMO_SIM_ARGS"} \
		${NO_COLOR:+NO_COLOR="$NO_COLOR"} ${LC_ALL:+LC_ALL="$LC_ALL"} \
		${MW_TERM:+TERM="$MW_TERM"} \
		sh "$T/run.sh" "$MW" "$@"
	TM set-option -t mw remain-on-exit on >/dev/null
}

keys() { TM send-keys -t mw "$@"; }
screen() { TM capture-pane -p -t mw; }
# the pane's colour escapes (foreground/background SGR), one per line
colours() {
	TM capture-pane -e -p -t mw | tr '\033' '~' | grep -Eo '~\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]+)*m'
}
# 1 while the pane shows the alternate screen (a full-screen program's)
alternate() { TM display-message -p -t mw '#{alternate_on}'; }

wait_for() {
	i=0
	while [ $i -lt 600 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# waited in vain for /$1/; the screen:"
	screen | sed 's/^/#   /'
	[ -s "$T/tui.err" ] && sed 's/^/#   stderr: /' "$T/tui.err"
	return 1
}

# wait_gone REGEX: until no line of the pane matches (gives up after 60 s)
wait_gone() {
	i=0
	while [ $i -lt 600 ]; do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# /$1/ stayed on the screen:"
	screen | sed 's/^/#   /'
	return 1
}

tui_gone() {
	i=0
	while [ $i -lt 600 ]; do
		[ -f "$T/stty" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# demo_sim_running: is a meterwise-sim with $T/sim.log (ours) running?
demo_sim_running() {
	for f in /proc/[0-9]*/cmdline; do
		tr '\000' ' ' <"$f" 2>/dev/null | grep -q "meterwise-sim .*$T/sim.log" && return 0
	done
	return 1
}

# scenario_field ID KEY: the value of KEY in device ID's block of $SCENARIO.
scenario_field() {
	awk -v id="$1" -v key="$2" '
		/^  - id:/ { inside = ($3 == id) }
		inside && $1 == key ":" { sub(/^[^:]*: */, ""); print; exit }' "$SCENARIO"
}

# near GOT WANT TOL: |GOT - WANT| <= TOL
near() {
	awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'
}
