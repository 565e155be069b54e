#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-state: --state FILE keeps what a meter keeps in its EEPROM (address,
# line settings, settings registers) and its energy counters across
# restarts; without --state the scenario starts afresh.
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
# data: a reply without its CRC.
data() { sed 's/ [0-9A-F][0-9A-F] [0-9A-F][0-9A-F]$//'; }

cat >"$T/one.yaml" <<'YAML'
devices:
  - id: m1
    model: jsy-mk-333
    address: 1
    baud: 9600
    format: 8N1
    current: 0
    energy: {active_import: [100, 200, 300]}
YAML
STATE="$T/panel.state"
sim_start s1 "$T/one.yaml" --state "$STATE" || exit 1
# 0x0134: L1 forward active energy, u32 x 0.01 kWh: 100 kWh = 10000 = 0x00002710.
is "$("$RAW" -c "$SIM_PORT" 01 03 01 34 00 02 | data)" "01 03 04 00 00 27 10" "L1 import starts at the scenario's 100 kWh"
is "$("$RAW" "$SIM_PORT" 01 10 00 0C 00 02 04 00 00 00 00 F3 FA)" "01 10 00 0C 00 02 81 CB" "energy clear"
is "$("$RAW" -c "$SIM_PORT" 01 03 01 34 00 02 | data)" "01 03 04 00 00 00 00" "L1 import reads 0 after the clear"
is "$("$RAW" -c "$SIM_PORT" 01 10 00 21 00 01 02 01 2C | data)" "01 10 00 21 00 01" "current limit 30.0 A written"
is "$("$RAW" -c "$SIM_PORT" 01 10 00 04 00 01 02 07 06 | data)" "01 10 00 04 00 01" "address 7 written"
sim_stop
test -s "$STATE"
ok $? "the state file was written"

sim_start s2 "$T/one.yaml" --state "$STATE" || exit 1
is "$("$RAW" -c -t 300 "$SIM_PORT" 01 03 00 00 00 01)" "" "after a restart address 1 is silent"
is "$("$RAW" -c "$SIM_PORT" 07 03 00 04 00 01 | data)" "07 03 02 07 06" "the meter answers at address 7, 0x0004 = 0x0706"
is "$("$RAW" -c "$SIM_PORT" 07 03 00 21 00 01 | data)" "07 03 02 01 2C" "the current limit is still 30.0 A"
is "$("$RAW" -c "$SIM_PORT" 07 03 01 34 00 02 | data)" "07 03 04 00 00 00 00" "the energy is still cleared"
sim_stop

sim_start s3 "$T/one.yaml" || exit 1
is "$("$RAW" -c "$SIM_PORT" 01 03 01 34 00 02 | data)" "01 03 04 00 00 27 10" "without --state the scenario starts afresh"
sim_stop
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
