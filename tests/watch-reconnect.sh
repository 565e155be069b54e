#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# watch-reconnect.sh - `read --watch` and `check --watch` run on the engine
# session, so they outlive the port: the simulator is stopped (its link,
# the port, disappears), the watch says the port is gone and keeps
# running; the simulator is started again on the same link and the watch
# reads the meter again (new lines, new requests in the new simulator's
# log), as the TUI does.
. "$top_srcdir/tests/lib.sh"

SCENARIO="$top_srcdir/sim/scenarios/demo-panel.yaml"

# wait_line FILE FROM REGEX: until a line after line FROM matches, while
# the watch runs (bounded: a stuck watch fails the test, never hangs it).
wait_line() {
	i=0
	while ! tail -n +"$(($2 + 1))" "$1" | grep -Eq -- "$3"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$WPID" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	return 0
}

lines() { grep -c . "$1"; }

# watch CMD ADDR BAUD FORMAT MODEL REGEX: the whole round for one command.
watch() {
	cmd=$1 addr=$2 baud=$3 fmt=$4 model=$5 re=$6
	out="$T/$cmd.out" err="$T/$cmd.err"
	sim_start bus "$SCENARIO" || return 1
	: >"$out"
	"$MW" "$cmd" -p "$SIM_PORT" -a "$addr" -b "$baud" -f "$fmt" -m "$model" --json \
		--watch 0.2 >"$out" 2>"$err" </dev/null &
	WPID=$!
	wait_line "$out" 0 "$re"
	ok $? "$cmd --watch: reads the meter at $addr ($baud $fmt)"

	sim_stop
	wait_line "$err" 0 "disconnected"
	ok $? "$cmd --watch: says the port is gone when the simulator stops"
	kill -0 "$WPID" 2>/dev/null
	ok $? "$cmd --watch: and keeps running"
	sleep 0.5
	n=$(lines "$out")
	rm -f "$SIM_LOG"

	sim_start bus "$SCENARIO" || return 1
	wait_line "$out" "$n" "$re"
	ok $? "$cmd --watch: reads the meter again once the simulator is back on the same link"
	rx=$(awk '$2 == "RX" { n++ } END { print n + 0 }' "$SIM_LOG" 2>/dev/null)
	ok $([ "${rx:-0}" -gt 0 ] && echo 0 || echo 1) \
		"$cmd --watch: the new simulator got requests (${rx:-0})"
	wait_line "$out" "$(lines "$out")" "$re"
	ok $? "$cmd --watch: and keeps reading"

	kill -TERM "$WPID"
	wait "$WPID"
	is $? 130 "$cmd --watch: stops on SIGTERM (exit 130)"
	sed 's/^/#   stderr: /' "$err" | head -20
	sim_stop
}

watch read 2 9600 8N1 jsy-mk-333 '"address":2'
watch check 1 9600 8E1 kpm33b '"healthy":'
done_testing
