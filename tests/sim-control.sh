#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-control: the control socket attaches and detaches devices and
# changes their physics and faults while the simulator runs.
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
CTL="$T/ctl"
data() { sed 's/ [0-9A-F][0-9A-F] [0-9A-F][0-9A-F]$//'; }
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }

cat >"$T/two.yaml" <<'YAML'
devices:
  - {id: m1, model: jsy-mk-333, address: 1, voltage: 230, current: 10, angle: 30}
  - {id: m2, model: jsy-mk-333, address: 2, attached: false}
YAML
sim_start ctl "$T/two.yaml" --control "$CTL" || exit 1
like "$(ctl list)" "^m1 jsy-mk-333 1 9600 8N1 attached$" "list shows m1 attached"
like "$(ctl list)" "m2 jsy-mk-333 2 9600 8N1 detached" "list shows m2 detached (attached: false)"
is "$("$RAW" -c -t 300 "$SIM_PORT" 02 03 00 00 00 01)" "" "a detached meter is silent"
ctl attach m2 >/dev/null
ok $? "attach m2"
is "$("$RAW" -c "$SIM_PORT" 02 03 00 00 00 01 | data)" "02 03 02 03 33" "once attached it answers"
ctl detach m2 >/dev/null
is "$("$RAW" -c -t 300 "$SIM_PORT" 02 03 00 00 00 01)" "" "detached again, silent again"
out=$(ctl attach m2 nosuch)
like "$out" "^error: nosuch: no such device" "attach with an unknown id among several is refused"
like "$(ctl list)" "m2 jsy-mk-333 2 9600 8N1 detached" "and attaches none of them"
ctl detach m1 >/dev/null
ctl attach m1 m2 >/dev/null
ok $? "attach m1 m2: two at once"
like "$(ctl list)" "^m1 jsy-mk-333 1 9600 8N1 attached$" "m1 attached"
like "$(ctl list)" "m2 jsy-mk-333 2 9600 8N1 attached" "m2 attached"
ctl detach m2 >/dev/null

# 230 V x 10 A at 30 degrees lagging: P > 0, Q > 0, direction word 0x0132 = 0.
is "$("$RAW" -c "$SIM_PORT" 01 03 01 32 00 01 | data)" "01 03 02 00 00" "healthy: no direction bit"
ctl set m1 faults.ct_reversed L2 >/dev/null
ok $? "set m1 faults.ct_reversed L2"
# L2 reversed: P2 < 0 (bit 1) and Q2 < 0 (bit 5); totals stay positive.
is "$("$RAW" -c "$SIM_PORT" 01 03 01 32 00 01 | data)" "01 03 02 00 22" "L2 CT reversed: bits 1 and 5 set"
ctl set m1 faults.ct_reversed "[]" >/dev/null
ctl set m1 faults.reverse_sequence true >/dev/null
is "$("$RAW" -c "$SIM_PORT" 01 03 01 33 00 01 | data)" "01 03 02 01 00" "reverse sequence: alarm bit 8"
ctl set m1 voltage "[240, 241.5, 242.25]" >/dev/null
# 240.00 V = 24000 = 0x5DC0, 241.50 = 0x5E56, 242.25 = 0x5EA1.
is "$("$RAW" -c "$SIM_PORT" 01 03 01 00 00 03 | data)" "01 03 06 5D C0 5E 56 5E A1" "set voltage changes the readings"
out=$(ctl set m1 voltage abc)
ok $((! $?)) "a bad value is refused"
like "$out" "^error: .*not a number" "with a message that says why"
out=$(ctl frobnicate)
like "$out" "^error: frobnicate: unknown command" "an unknown command is refused"
out=$(ctl show m1)
like "$out" "^line 1 9600 8N1 attached$" "show: the line in force"
like "$out" "^setting voltage_limit 260$" "show: the settings, from the device file's defaults"
ctl set m1 address 9 >/dev/null
is "$("$RAW" -c "$SIM_PORT" 09 03 00 04 00 01 | data)" "09 03 02 09 06" "set address moves the meter and its register 0x0004"
like "$(ctl show m1)" "setting address 9" "show reads the new address from the register"
sim_stop
test ! -e "$CTL"
ok $? "the control socket is removed at exit"
test ! -e "$SIM_PORT"
ok $? "the link is removed at exit"
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
