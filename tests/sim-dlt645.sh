#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-dlt645: DL/T645-2007 meters on a mixed line with Modbus meters, one
# of them at the same 2400 8E1: each meter answers only its own protocol's
# frames at its own settings and address.  The issue's worked frame comes
# back byte for byte; values decode to the scenario's physics; abbreviated
# and wildcard addresses, password levels, relay control (tripped: no
# current), the programming key, change baud, broadcast time, credit that
# runs down, the 2-minute cut of alarm 2 and the permanent cut, faults.
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
DLT="$top_builddir/tests/dlt645_raw"
CTL="$T/ctl"
ctl() { "$MWSIM" --control "$CTL" --command "$*"; }
dlt() { "$DLT" "$SIM_PORT" "$@"; }

cat >"$T/mixed.yaml" <<'YAML'
time_scale: 360
devices:
  - {id: jsy, model: jsy-mk-333, address: 1, baud: 9600, format: 8N1, voltage: 230, current: 10, angle: 30}
  - {id: kpm, model: kpm33b, address: 1, baud: 2400, format: 8E1, voltage: 230, current: 5, angle: 10}
  - id: p1
    model: prepaid-dlt645
    address: "000000000001"
    voltage: 230
    current: 0
    energy: {active_import: [1234.56, 0, 0]}
    credit: 100
  - id: p2
    model: prepaid-dlt645
    address: "000000000002"
    voltage: 220.1
    current: 12.345
    angle: 0
    credit: 50
    price: 0.5
    password: "123456"
  - id: p3
    model: prepaid-dlt645
    address: "112233445566"
    voltage: 230
    current: 1
    angle: 0
    credit: 3
    cut_s: 600
YAML
sim_start dlt "$T/mixed.yaml" --control "$CTL" || exit 1

# The issue's worked frames, as bytes: read DI 0x00010000 at 000000000001.
is "$("$DLT" "$SIM_PORT" AAAAAAAAAAAA hex FE FE FE FE 68 01 00 00 00 00 00 68 11 04 33 33 34 33 B3 16)" \
	"FE FE FE FE 68 01 00 00 00 00 00 68 91 08 33 33 34 33 89 67 45 33 9F 16" \
	"worked frame: read 0x00010000 at 000000000001 -> 1234.56 kWh, byte for byte"
is "$("$DLT" "$SIM_PORT" AAAAAAAAAAAA hex 11 22 FE 68 01 00 00 00 00 00 68 11 04 33 33 34 33 B3 16)" \
	"FE FE FE FE 68 01 00 00 00 00 00 68 91 08 33 33 34 33 89 67 45 33 9F 16" \
	"noise before the frame: still answered"
is "$("$DLT" "$SIM_PORT" AAAAAAAAAAAA hex 68 01 00 00 00 00 00 68 11 04 33 33 34 33 B4 16)" "" \
	"a wrong checksum: no answer"
like "$(cat "$SIM_LOG")" "DL/T645 checksum mismatch, ignored" "the log says why"

# Values from the physics, in the DIs' formats.
is "$(dlt 000000000002 read 02010100 XXX.X)" "value 220.1" "p2 voltage XXX.X"
is "$(dlt 000000000002 read 02020100 XXX.XXX s)" "value 12.345" "p2 current XXX.XXX signed"
is "$(dlt 000000000002 read 02030000 XX.XXXX s)" "value 2.7171" "p2 power XX.XXXX kW = 220.1 V x 12.345 A"
is "$(dlt 000000000002 read 02060000 X.XXX s)" "value 1.000" "p2 power factor"
is "$(dlt 000000000002 read 02800002 XX.XX)" "value 50.00" "p2 frequency"
is "$(dlt 000000000001 read 00900200 XXXXXX.XX)" "value 100.00" "p1 remaining credit"
is "$(dlt 000000000001 read 04000503 bits)" "word 0x0200" "p1 status word 3: money-prepaid, relay closed"
is "$(dlt 000000000001 read 04000402 address)" "text 000000000001" "p1 meter number"
is "$(dlt 000000000001 read 04001001 XXXXXX.XX)" "value 20.00" "p1 alarm 1 from the device file's default"
like "$(dlt 000000000001 read 0001FF00)" "^data 56 34 12 00 56 34 12 00 00 00 00 00 " \
	"block 0x0001FF00: total, tariff 1 (the tariff in force holds it all), tariff 2 ..."
is "$(dlt 000000000001 read 12345678)" "error 02 (no such data item)" "an unknown DI: error reply 02"

# The mixed line: Modbus at 2400 8E1 reaches only the KPM33B, DL/T645 at 9600 nobody.
like "$("$RAW" -b 2400 -f 8E1 -c -v "$SIM_PORT" 01 03 00 02 00 01 | tr '\n' ' ')" "^01 03 02 .. .. .. .. crc ok" \
	"Modbus at 2400 8E1, address 1: the KPM33B answers alone"
like "$("$RAW" -c -v "$SIM_PORT" 01 03 01 00 00 01 | tr '\n' ' ')" "^01 03 02 .. .. .. .. crc ok" \
	"Modbus at 9600 8N1: the JSY answers"
is "$("$DLT" -b 9600 -f 8N1 -t 400 "$SIM_PORT" 000000000001 read 00010000)" "silence" \
	"DL/T645 at 9600 8N1: noise to the JSY, no DL/T645 meter there"
is "$("$DLT" -b 9600 -t 400 "$SIM_PORT" 000000000001 read 00010000)" "silence" \
	"DL/T645 at 9600 8E1: nobody"

# Addresses: the wildcard read collides with three meters, abbreviated ones pick one.
like "$(dlt AAAAAAAAAAAA readaddr)" "^garbage" "read address with 3 meters: collision"
is "$(dlt AAAAAAAAAA66 read 02010100 XXX.X)" "value 230.0" "abbreviated AAAAAAAAAA66 reaches p3 only"
is "$(dlt AAAAAAAAAA02 read 02010100 XXX.X)" "value 220.1" "abbreviated AAAAAAAAAA02 reaches p2 only"
is "$(dlt -t 400 AAAAAAAAAA07 read 02010100 2>/dev/null || "$DLT" -t 400 "$SIM_PORT" AAAAAAAAAA07 read 02010100)" \
	"silence" "abbreviated AAAAAAAAAA07: nobody"
ctl detach p2 >/dev/null
ctl detach p3 >/dev/null
is "$(dlt AAAAAAAAAAAA readaddr)" "address 000000000001" "read address with one meter: its address"

# Writes need the password level the device file gives.
ctl attach p2 >/dev/null
is "$(dlt 000000000002 write 04001001 02 000000 00 30 00 00)" "error 04 (wrong password or not authorised)" \
	"write alarm 1 with a wrong password: error 04"
is "$(dlt 000000000002 write 04001001 02 123456 00 30 00 00)" "ok" "with level 02 and its password: ok"
is "$(dlt 000000000002 read 04001001 XXXXXX.XX)" "value 30.00" "alarm 1 reads back 30.00"

# Relay control 0x1C: tripped, no current and the status word follows.
is "$(dlt 000000000002 control 1A 02 000001)" "error 04 (wrong password or not authorised)" "trip with a wrong password: refused"
is "$(dlt 000000000002 control 1A 02 123456)" "ok" "trip"
is "$(dlt 000000000002 read 02020100 XXX.XXX s)" "value 0.000" "tripped: no current"
is "$(dlt 000000000002 read 04000503 bits)" "word 0x0250" "status word 3: relay open, command open"
like "$(ctl show p2)" "relay open" "the control socket shows the relay open"
is "$(dlt 000000000002 control 1C 02 123456)" "ok" "close (pull-on)"
is "$(dlt 000000000002 read 02020100 XXX.XXX s)" "value 12.345" "closed: current again"
is "$(dlt 000000000002 read 04000503 bits)" "word 0x0200" "status word 3: relay closed"

# Credit runs down with energy and price (time_scale 360: a second is 6 minutes).
c1=$(dlt 000000000002 read 00900200 XXXXXX.XX | cut -d' ' -f2)
sleep 1
c2=$(dlt 000000000002 read 00900200 XXXXXX.XX | cut -d' ' -f2)
[ "$(echo "$c2 < $c1" | bc)" = 1 ]
ok $? "credit runs down with the energy: $c1 -> $c2"

# Alarm 2 (5.00): p3 at 3 cuts the supply once for cut_s, then closes again.
ctl attach p3 >/dev/null
ctl set p3 credit 100 >/dev/null
is "$(dlt 112233445566 read 04000503 bits)" "word 0x0200" "p3 above the alarms: relay closed, no alarm"
ctl set p3 credit 3 >/dev/null
is "$(dlt 112233445566 read 04000503 bits)" "word 0x0290" "p3 below alarm 2: relay open, pre-trip alarm"
is "$(dlt 112233445566 read 02020100 XXX.XXX s)" "value 0.000" "during the cut: no current"
ctl set p3 cut_s 0 >/dev/null # the cut's time is up
is "$(dlt 112233445566 read 04000503 bits)" "word 0x0280" "after the cut: relay closed, alarm stays"
like "$(dlt 112233445566 read 02020100 XXX.XXX s)" "^value 1\.000" "current again"
ctl set p3 credit 0 >/dev/null
is "$(dlt 112233445566 read 04000503 bits)" "word 0x0290" "credit used up: relay open for good"
like "$(ctl show p3)" "stage exhausted relay open" "the control socket shows it"
ctl set p3 credit 100 >/dev/null
is "$(dlt 112233445566 read 04000503 bits)" "word 0x0200" "credit bought: relay closed, no alarm"

# The programming key gates the address write (0x15 to AAx6).
ctl detach p2 >/dev/null
ctl detach p3 >/dev/null
is "$(dlt -t 400 AAAAAAAAAAAA writeaddr 000000000009 2>/dev/null || "$DLT" -t 400 "$SIM_PORT" AAAAAAAAAAAA writeaddr 000000000009)" \
	"silence" "write address without the programming key: ignored"
ctl press p1 >/dev/null
is "$(dlt 000000000001 read 04000503 bits)" "word 0x0208" "key pressed: status bit 3"
is "$(dlt AAAAAAAAAAAA writeaddr 000000000009)" "ok" "with the key pressed: written"
ctl release p1 >/dev/null
is "$(dlt 000000000009 read 00010000 XXXXXX.XX)" "value 1234.56" "the meter answers at 000000000009"
is "$("$DLT" -t 400 "$SIM_PORT" 000000000001 read 00010000)" "silence" "and no longer at 000000000001"

# Change baud: the reply at the old rate, then the new one.
is "$(dlt 000000000009 baud 9600)" "ok 20" "change baud to 9600: reply 20 at 2400"
is "$("$DLT" -b 9600 "$SIM_PORT" 000000000009 read 00010000 XXXXXX.XX)" "value 1234.56" "answers at 9600"
is "$("$DLT" -t 400 "$SIM_PORT" 000000000009 read 00010000)" "silence" "silent at 2400"
is "$("$DLT" -b 9600 "$SIM_PORT" 000000000009 baud 14400 2>&1 | head -c5)" "usage" "14400 has no baud byte"

# Broadcast time to 99x6: no reply, the clock follows.
is "$("$DLT" -b 9600 -t 400 "$SIM_PORT" 999999999999 time '2030-01-02 03:04:05')" "silence" "broadcast time: no reply"
like "$("$DLT" -b 9600 "$SIM_PORT" 000000000009 read 04000101 YYMMDDWW)" "^text 2030-01-02 .* w3$" \
	"the date reads 2030-01-02, a Wednesday"

# Faults as for Modbus: a corrupted checksum, a dropped reply.
ctl set p1 faults.crc_error_rate 1 >/dev/null
like "$("$DLT" -b 9600 "$SIM_PORT" 000000000009 read 00010000)" "^garbage .*checksum mismatch" \
	"crc_error_rate 1: the reply's checksum is corrupted"
ctl set p1 faults.crc_error_rate 0 >/dev/null
ctl set p1 faults.drop_rate 1 >/dev/null
is "$("$DLT" -b 9600 -t 400 "$SIM_PORT" 000000000009 read 00010000)" "silence" "drop_rate 1: no reply"
like "$(ctl list)" "^p1 prepaid-dlt645 000000000009 9600 8E1 attached$" "list shows the 12-digit address"

sim_stop

# The shipped mixed line: each meter answers its own frames only.
sim_start mixed "$top_srcdir/sim/scenarios/mixed-line.yaml" --control "$T/ctl2" || exit 1
for a in 240512000101 240512000102 240512000117 231120009944; do
	is "$(dlt $a read 04000402 address)" "text $a" "mixed-line: $a answers its meter number"
done
is "$(dlt 231120009944 read 04000503 bits)" "word 0x02D0" "mixed-line: flat 4 is tripped and out of credit"
like "$(dlt AAAAAAAAAAAA readaddr)" "^garbage" "mixed-line: read address at 2400 collides (4 meters)"
is "$(dlt AAAAAAAAAA17 read 04000401 address)" "text 240512000117" \
	"mixed-line: the abbreviated AAAAAAAAAA17 narrows it to one meter, which gives its address"
like "$("$DLT" -b 9600 "$SIM_PORT" AAAAAAAAAAAA readaddr)" "^garbage" \
	"mixed-line: read address at 9600 8E1: the DJS5179's two circuits collide"
like "$("$RAW" -f 8E1 -c -v "$SIM_PORT" 01 03 00 02 00 01 | tr '\n' ' ')" "^01 03 02 .. .. .. .. crc ok" \
	"mixed-line: the Modbus incomer answers at 9600 8E1 beside the DJS5179's DL/T645 circuits"
like "$("$RAW" -c -v "$SIM_PORT" 02 03 01 00 00 01 | tr '\n' ' ')" "^02 03 02 .. .. .. .. crc ok" \
	"mixed-line: the Modbus plant meter answers at 9600 8N1"
like "$("$MWSIM" --control "$T/ctl2" --command 'show dc1')" "stage none relay closed" \
	"mixed-line: a DL/T645 meter without credit (the DJS5179) is never cut"
sim_stop
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
