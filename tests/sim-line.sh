#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-line: a device answers only at its own baud and frame format, as
# far as a pseudo-terminal carries them (meterwise-sim(1)): mbpoll (a
# libmodbus master, which sets INPCK with parity) at the right and at
# wrong settings against the demo panel.
. "$top_srcdir/tests/lib.sh"
command -v mbpoll >/dev/null || skip_all "mbpoll is not installed"
sim_start line "$top_srcdir/sim/scenarios/demo-panel.yaml" || exit 1

# poll BAUD PARITY STOPBITS ADDR REG [TIMEOUT]: one holding register via mbpoll,
# or "none".  A reply comes within tens of ms; 1 s is for a loaded machine.
# Where the test expects silence, 0.3 s keeps it short.
poll() {
	out=$(mbpoll -m rtu -b "$1" -P "$2" -s "$3" -a "$4" -r "$5" -0 -c 1 -t 4:hex -1 -o "${6:-1}" \
		"$SIM_PORT" 2>&1)
	printf '%s\n' "$out" | sed -n 's/^\[[0-9]*\]:[[:space:]]*//p' | grep . || echo none
}

# demo-panel.yaml: lighting = JSY-MK-333 at 2, 9600 8N1; its 0x0000 reads 0x0333 (manual table 2).
is "$(poll 9600 none 1 2 0)" "0x0333" "lighting answers at 9600 8N1"
is "$(poll 19200 none 1 2 0 0.3)" "none" "lighting is silent at 19200 8N1 (wrong baud)"
is "$(poll 4800 none 1 2 0 0.3)" "none" "lighting is silent at 4800 8N1 (wrong baud)"
is "$(poll 9600 even 1 2 0 0.3)" "none" "lighting is silent at 9600 8E1 (wrong parity)"
is "$(poll 9600 none 2 2 0 0.3)" "none" "lighting is silent at 9600 8N2 (wrong stop bits)"
# hvac = JSY at 3, 19200 8E1.
is "$(poll 19200 even 1 3 0)" "0x0333" "hvac answers at 19200 8E1"
is "$(poll 19200 odd 1 3 0 0.3)" "none" "hvac is silent at 19200 8O1"
is "$(poll 19200 none 1 3 0 0.3)" "none" "hvac is silent at 19200 8N1"
# workshop = JSY at 12, 4800 8N2.
is "$(poll 4800 none 2 12 0)" "0x0333" "workshop answers at 4800 8N2"
is "$(poll 4800 none 1 12 0 0.3)" "none" "workshop is silent at 4800 8N1"
# sockets = KPM33B at 7, 19200 8O1: register 0x0001 holds its address (manual 6.2).
is "$(poll 19200 odd 1 7 1)" "0x0007" "sockets (KPM33B) answers at 19200 8O1 with its address in 0x0001"
is "$(poll 19200 even 1 7 1 0.3)" "none" "sockets is silent at 19200 8E1"
# pumps = KPM33B at 4, 4800 8N1; incomer = KPM33B at 1, 9600 8E1 (factory format).
is "$(poll 4800 none 1 4 1)" "0x0004" "pumps (KPM33B) answers at 4800 8N1"
is "$(poll 9600 even 1 1 1)" "0x0001" "incomer (KPM33B) answers at 9600 8E1"
is "$(poll 9600 none 1 1 1 0.3)" "none" "incomer is silent at 9600 8N1"

sim_stop
# Every request at a wrong setting is in the log, and none has a reply.
LINE_LOG=$SIM_LOG
rx=$(grep -c ' RX ' "$LINE_LOG")
tx=$(grep -c ' TX ' "$LINE_LOG")
is "$rx" "15" "the log shows all 15 requests"
is "$tx" "6" "the log shows exactly 6 replies, one per matching request"
like "$(grep ' RX 02 03' "$LINE_LOG")" "# 19200 8N1" "the log records the master's settings per request"

# A lenient UART (also_formats) hears a second format too.
cat >"$T/lenient.yaml" <<'YAML'
devices:
  - {id: m, model: jsy-mk-333, address: 1, format: 8N1, also_formats: [8N2]}
YAML
sim_start lenient "$T/lenient.yaml" || exit 1
is "$(poll 9600 none 1 1 0)" "0x0333" "also_formats: answers at its own 8N1"
is "$(poll 9600 none 2 1 0)" "0x0333" "also_formats: answers at 8N2 too"
is "$(poll 9600 even 1 1 0 0.3)" "none" "but not at 8E1"
sim_stop
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
