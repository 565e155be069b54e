#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-manual: the JSY-MK-333 manual's worked frames, byte for byte, against
# meterwise-sim running jsy-manual.yaml (220.33/220.50/220.67 V), and the
# exceptions the manual lists (4.3: illegal function, address, value).
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
sim_start manual "$top_srcdir/sim/scenarios/jsy-manual.yaml" || exit 1

# 4.1: read three registers at 0x0100.
is "$("$RAW" "$SIM_PORT" 01 03 01 00 00 03 04 37)" "01 03 06 56 11 56 22 56 33 1F 77" \
	"manual 4.1: read 0x0100 x3 answers the manual's reply"

# 4.2: alarm limits 260 V and 50.0 A.
is "$("$RAW" "$SIM_PORT" 01 10 00 20 00 02 04 01 04 01 F4 B1 9D)" "01 10 00 20 00 02 40 02" \
	"manual 4.2: alarm-limit write answers the manual's reply"
is "$("$RAW" -c "$SIM_PORT" 01 03 00 20 00 02)" "01 03 04 01 04 01 F4 BA 19" \
	"the limits read back as written (0x0104, 0x01F4)"

# The limits drive the alarm word 0x0133 (table 5): bits 0-2 overvoltage L1-L3.
data() { sed 's/ [0-9A-F][0-9A-F] [0-9A-F][0-9A-F]$//'; }
is "$("$RAW" -c "$SIM_PORT" 01 03 01 33 00 01 | data)" "01 03 02 00 00" "alarm word 0 below 260 V"
is "$("$RAW" -c "$SIM_PORT" 01 10 00 20 00 01 02 00 DC | data)" "01 10 00 20 00 01" "voltage limit 220 V written"
is "$("$RAW" -c "$SIM_PORT" 01 03 01 33 00 01 | data)" "01 03 02 00 07" \
	"220.33/220.50/220.67 V above a 220 V limit: overvoltage bits 0-2"
# A broadcast write takes effect with no reply: limit back to 260 V (0x0104).
is "$("$RAW" -c -t 300 "$SIM_PORT" 00 10 00 20 00 01 02 01 04)" "" "a broadcast write gets no reply"
is "$("$RAW" -c "$SIM_PORT" 01 03 00 20 00 01 | data)" "01 03 02 01 04" "but it took effect (0x0020 = 260)"
is "$("$RAW" -c "$SIM_PORT" 01 03 01 33 00 01 | data)" "01 03 02 00 00" "and the alarm bits cleared"

# 4.4.3: clear all energy (errata: data 00 00 00 00, CRC F3 FA).
is "$("$RAW" "$SIM_PORT" 01 10 00 0C 00 02 04 00 00 00 00 F3 FA)" "01 10 00 0C 00 02 81 CB" \
	"manual 4.4.3: energy clear answers the manual's reply"

# Exception frames below carry the standard CRC-16/MODBUS (low byte first).
# The manual's only function codes are 03 and 10: 04 is an illegal function (81).
is "$("$RAW" -c "$SIM_PORT" 01 04 01 00 00 03)" "01 84 01 82 C0" \
	"FC04 (not in the manual) answers exception 01, illegal function"
out=$(mbpoll -m rtu -b 9600 -P none -a 1 -r 256 -0 -c 1 -t 3 -1 -o 1 "$SIM_PORT" 2>&1)
like "$out" "[Ii]llegal function" "mbpoll reading input registers is told: illegal function"
# FC06 is not FC16: the JSY writes with 10H only.
is "$("$RAW" -c "$SIM_PORT" 01 06 00 20 00 FA)" "01 86 01 83 A0" \
	"FC06 answers exception 01 (the JSY writes with FC16 only)"
# An unmapped register is an illegal data address (82).
is "$("$RAW" -c "$SIM_PORT" 01 03 02 00 00 01)" "01 83 02 C0 F1" \
	"read of unmapped 0x0200 answers exception 02, illegal data address"
# Baud code 9 is not in the manual's list: illegal data value (83).
is "$("$RAW" -c "$SIM_PORT" 01 10 00 04 00 01 02 01 09)" "01 90 03 0C 01" \
	"write of baud code 9 to 0x0004 answers exception 03, illegal data value"
# A bad CRC gets no answer at all (4.3).
is "$("$RAW" -t 300 "$SIM_PORT" 01 03 01 00 00 03 04 38)" "" "a request with a bad CRC gets silence"
# Another address: silence.
is "$("$RAW" -c -t 300 "$SIM_PORT" 02 03 01 00 00 03)" "" "address 2 (nobody) gets silence"
# Broadcast read: the device file says a JSY answers it, in its own address.
like "$("$RAW" -c "$SIM_PORT" 00 03 01 00 00 03)" "^01 03 06 56 11 56 22 56 33 1F 77$" \
	"a read at address 0 is answered by the lone JSY with its own address"

sim_stop
# The frame log shows each request and its reply, and no reply to the bad CRC.
like "$(cat "$SIM_LOG")" "RX 01 03 01 00 00 03 04 38 # 9600 8N1, bad CRC" \
	"the log records the bad-CRC request"
n_tx_after_bad=$(awk '/RX 01 03 01 00 00 03 04 38/{f=1; next} f && /RX/{exit} f && / TX /{n++} END{print n+0}' "$SIM_LOG")
is "$n_tx_after_bad" "0" "the log shows no reply to the bad-CRC request"
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
