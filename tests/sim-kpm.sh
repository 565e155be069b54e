#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-kpm: the KPM33B as its manual describes it: relay coil through FC05
# and FC01 (6.1, with the manual's worked reply), energy clear with the
# command word 0x5578 (6.2), relay control words, password range, its
# function codes (01 03 05 10 only), floats big-endian (6.3).
# CRCs are the standard CRC-16/MODBUS, low byte first (seed errata).
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
data() { sed 's/ [0-9A-F][0-9A-F] [0-9A-F][0-9A-F]$//'; }
kpm() { "$RAW" -f 8E1 "$@"; }

cat >"$T/kpm.yaml" <<'YAML'
devices:
  - id: k
    model: kpm33b
    current: 0
    energy: {active_import: [1.5, 2.5, 3.5]}
YAML
sim_start kpm "$T/kpm.yaml" || exit 1
# Factory defaults: address 1, 9600 8E1 (manual 6).
is "$(kpm -c "$SIM_PORT" 01 05 00 01 FF 00)" "01 05 00 01 FF 00 DD FA" "FC05 relay on: the reply echoes the request"
is "$(kpm -c "$SIM_PORT" 01 01 00 01 00 01)" "01 01 01 01 90 48" "FC01 reads the relay: the manual's reply 01 01 01 01 90 48"
is "$(kpm -c "$SIM_PORT" 01 05 00 01 00 00)" "01 05 00 01 00 00 9C 0A" "FC05 relay off"
is "$(kpm -c "$SIM_PORT" 01 01 00 01 00 01)" "01 01 01 00 51 88" "FC01 reads the relay off"
is "$(kpm -c "$SIM_PORT" 01 05 00 01 12 34 | data)" "01 85 03" "FC05 with a value other than FF00/0000: exception 03"
# 0x0082: total forward active energy, float32 big-endian: 7.5 kWh = 0x40F00000.
is "$(kpm -c "$SIM_PORT" 01 03 00 82 00 02 | data)" "01 03 04 40 F0 00 00" "total import reads 1.5 + 2.5 + 3.5 = 7.5 kWh"
is "$(kpm -c "$SIM_PORT" 01 10 00 0C 00 01 02 12 34 | data)" "01 90 03" "a word that is no command at 0x000C: exception 03"
is "$(kpm -c "$SIM_PORT" 01 03 00 82 00 02 | data)" "01 03 04 40 F0 00 00" "and the energy is untouched"
is "$(kpm -c "$SIM_PORT" 01 10 00 0C 00 01 02 55 78)" "01 10 00 0C 00 01 C1 CA" "clear energy with 0x5578"
is "$(kpm -c "$SIM_PORT" 01 03 00 82 00 02 | data)" "01 03 04 00 00 00 00" "total import reads 0 after the clear"
is "$(kpm -c "$SIM_PORT" 01 10 00 1E 00 01 02 DD 22)" "01 10 00 1E 00 01 61 CF" "remote control command 0xDD22 at 0x001E"
is "$(kpm -c "$SIM_PORT" 01 10 00 00 00 01 02 04 D2)" "01 10 00 00 00 01 01 C9" "password 1234 written (range 0-9999)"
is "$(kpm -c "$SIM_PORT" 01 03 00 00 00 01)" "01 03 02 04 D2 3A D9" "and read back"
is "$(kpm -c "$SIM_PORT" 01 10 00 00 00 01 02 27 10 | data)" "01 90 03" "password 10000 is out of range: exception 03"
is "$(kpm -c "$SIM_PORT" 01 06 00 00 00 01)" "01 86 01 83 A0" "FC06 is not a KPM33B function code: exception 01"
is "$(kpm -c "$SIM_PORT" 01 03 00 03 00 01)" "01 83 02 C0 F1" "0x0003 is not in the map: exception 02"
# Baud/format word 0x0002 = 0x0203: 8N1 (2) at 9600 (3); the reply still at 8E1.
is "$(kpm -c "$SIM_PORT" 01 10 00 02 00 01 02 02 03 | data)" "01 10 00 02 00 01" "format 8N1 written, answered at 8E1"
is "$("$RAW" -f 8N1 -c "$SIM_PORT" 01 03 00 02 00 01 | data)" "01 03 02 02 03" "then it answers at 8N1"
is "$(kpm -c -t 300 "$SIM_PORT" 01 03 00 02 00 01)" "" "and no longer at 8E1"
sim_stop
is "$(cat "$T"/kpm.err)" "" "nothing on the simulator's stderr"
done_testing
