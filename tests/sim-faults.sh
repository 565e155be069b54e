#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-faults: line faults per device and for the bus (CRC corruption,
# dropped replies, extra turnaround, garbage), and the timing model's
# lower bounds: a reply cannot start before the request's own line time
# plus the turnaround, and is paced at one character time per byte.
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"

cat >"$T/faults.yaml" <<'YAML'
devices:
  - {id: crc, model: jsy-mk-333, address: 1, faults: {crc_error_rate: 1}}
  - {id: drop, model: jsy-mk-333, address: 2, faults: {drop_rate: 1}}
  - {id: slow, model: jsy-mk-333, address: 3, turnaround_ms: 10, faults: {extra_turnaround_ms: 150}}
  - {id: fine, model: jsy-mk-333, address: 4, turnaround_ms: 10}
YAML
sim_start f1 "$T/faults.yaml" || exit 1
like "$("$RAW" -v -c "$SIM_PORT" 01 03 00 00 00 01)" "crc bad" "crc_error_rate 1: the reply's CRC is wrong"
is "$("$RAW" -c -t 300 "$SIM_PORT" 02 03 00 00 00 01)" "" "drop_rate 1: no reply"
like "$("$RAW" -c -t 2000 "$SIM_PORT" 03 03 00 00 00 01)" "^03 03 02 03 33" "extra turnaround: the reply comes"
# Read 0x0100 x 40 at 9600 8N1: t = 10/9600 s; request 8 bytes, reply 5 + 80 = 85 bytes.
out=$("$RAW" -T -c "$SIM_PORT" 04 03 01 00 00 28 | sed -n 's/^time //p')
first=${out% *}
last=${out#* }
# First byte: not before 8t + T + t = 9 * 1.0417 + 10 = 19.4 ms; last: (8 + 85)t + T = 106.9 ms.
awk -v f="$first" 'BEGIN{exit !(f >= 19.3)}'
ok $? "the first reply byte comes after the request's line time and the turnaround ($first ms)"
awk -v l="$last" 'BEGIN{exit !(l >= 106.8)}'
ok $? "the last byte comes after the reply's own line time ($last ms)"
sim_stop
like "$(cat "$SIM_LOG")" "drop reply dropped \\(fault\\)" "the log records the dropped reply"
gap=$(awk '/ RX 03 03/{rx=$1} / TX 03 03/{print $1 - rx; exit}' "$SIM_LOG")
awk -v g="$gap" 'BEGIN{exit !(g >= 0.159)}'
ok $? "the slow device's reply started after 8t + 10 + 150 ms ($gap s)"

cat >"$T/noise.yaml" <<'YAML'
faults: {garbage_rate: 100, garbage_max: 4}
devices:
  - {id: m, model: jsy-mk-333, address: 1}
YAML
sim_start f2 "$T/noise.yaml" || exit 1
out=$("$RAW" -c -t 500 "$SIM_PORT" 09 03 00 00 00 01)
like "$out" "^[0-9A-F]{2}" "bus garbage: bytes arrive although nobody is at address 9"
sim_stop
like "$(cat "$SIM_LOG")" "# garbage \\(fault\\)" "the log records the garbage"
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
