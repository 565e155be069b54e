#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-address: writes that change the line take effect only after the
# reply to the write, as on the real meters: a new address (KPM33B through
# mbpoll's FC16; JSY-MK-333 through a raw FC16 to 0x0004) and a new baud.
# Expected CRCs are the standard CRC-16/MODBUS of the frames (low byte first).
. "$top_srcdir/tests/lib.sh"
command -v mbpoll >/dev/null || skip_all "mbpoll is not installed"
RAW="$top_builddir/tests/sim_raw"
sim_start addr "$top_srcdir/sim/scenarios/demo-panel.yaml" || exit 1

# incomer = KPM33B at 1, 9600 8E1.  Manual 6.2: 0x0001 address, 0x0002 baud
# (bits 0-7, 3 = 9600) and format (bits 8-15, 0 = 8E1).  Address 9, same line.
mbpoll -m rtu -b 9600 -P even -a 1 -r 1 -0 -t 4 -1 -o 1 "$SIM_PORT" 9 3 >"$T/w.out" 2>&1
ok $? "mbpoll writes address 9 to the KPM33B at address 1 and gets the reply"
out=$(mbpoll -m rtu -b 9600 -P even -a 9 -r 1 -0 -c 1 -t 4 -1 -o 1 "$SIM_PORT" 2>&1)
like "$out" "\[1\]:[[:space:]]+9" "the KPM33B now answers at address 9"
out=$(mbpoll -m rtu -b 9600 -P even -a 1 -r 1 -0 -c 1 -t 4 -1 -o 0.3 "$SIM_PORT" 2>&1)
like "$out" "timed out" "and no longer at address 1"

# lighting = JSY-MK-333 at 2, 9600 8N1.  0x0004: address high byte, format
# bits 7-6 (00 = 8N1), baud bits 3-0 (6 = 9600, 7 = 19200).  Address 10:
is "$("$RAW" -c "$SIM_PORT" 02 10 00 04 00 01 02 0A 06)" "02 10 00 04 00 01 40 3B" \
	"the JSY at 2 answers the address write from address 2"
is "$("$RAW" -c "$SIM_PORT" 0A 03 00 00 00 01)" "0A 03 02 03 33 5D 60" "the JSY now answers at 10"
is "$("$RAW" -c -t 300 "$SIM_PORT" 02 03 00 00 00 01)" "" "and not at 2"
# Now 19200 baud: the reply still comes at 9600, then only 19200 works.
is "$("$RAW" -c "$SIM_PORT" 0A 10 00 04 00 01 02 0A 07)" "0A 10 00 04 00 01 41 73" \
	"the baud write is answered at the old baud (9600)"
is "$("$RAW" -c -t 300 "$SIM_PORT" 0A 03 00 04 00 01)" "" "9600 is silent afterwards"
is "$("$RAW" -b 19200 -c "$SIM_PORT" 0A 03 00 04 00 01)" "0A 03 02 0A 07 5A E7" \
	"19200 answers, and 0x0004 reads back 0x0A07"

sim_stop
# In the log: the write's reply comes from the old address, then the change, then the new address.
order=$(awk '/ RX 02 10 00 04/{print "write"} / TX 02 10 00 04/{print "reply-old"}
	/lighting now answers at address 10/{print "change"} / RX 0A 03/{print "read-new"} / TX 0A 03/{print "reply-new"}' \
	"$SIM_LOG" | head -5 | tr '\n' ' ')
is "$order" "write reply-old change read-new reply-new " "the log shows reply from the old address before the change"
kpm=$(awk '/ TX 01 10 00 01 00 02/{print "reply-old"} /incomer now answers at address 9/{print "change"}
	/ TX 09 03/{print "reply-new"}' "$SIM_LOG" | head -3 | tr '\n' ' ')
is "$kpm" "reply-old change reply-new " "the KPM33B's reply to the write came from address 1"
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
