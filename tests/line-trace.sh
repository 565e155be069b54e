#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-trace.sh - --trace: the frames of a scan and of a read, in hex,
# with a timestamp, the direction and what they were (request, reply,
# timeout), written by the line layer; --trace=FILE appends to FILE.
# Passwords never show: a Modbus register the device file marks secret
# (KPM33B's password) and the password of DL/T645 writes (0x14) and
# control (0x1C) print as **, with the CRC or checksum that would give
# them away.
. "$top_srcdir/tests/lib.sh"

scen="$top_srcdir/sim/scenarios/jsy-manual.yaml"
sim_start trace "$scen" || exit 1
port=$(basename "$SIM_PORT")

"$MW" scan -p "$SIM_PORT" --baud 9600 --format 8N1 --addr 1-3 --timeout 60 --no-identify \
	--trace >"$T/scan.out" 2>"$T/scan.err"
is "$?" 0 "scan --trace exits 0"
tr=$(grep -E "^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} " "$T/scan.err")
sed 's/^/# /' "$T/scan.err" | head -20
like "$tr" "^[0-9:.]+ $port > request +0[01] 03 [0-9A-F ]+\$" \
	"a request (the address-0 read, or address 1), in hex, with time and direction"
like "$tr" "^[0-9:.]+ $port < reply +01 03 [0-9A-F]{2}( [0-9A-F]{2})+\$" "the reply from address 1"
like "$tr" "^[0-9:.]+ $port > request +02 03 " "the request to address 2"
like "$tr" "^[0-9:.]+ $port < timeout +\\(nothing in [0-9]+ ms\\)\$" "its timeout"
n_req=$(printf '%s\n' "$tr" | grep -c " > request ")
ok "$([ "$n_req" -ge 3 ] && echo 0 || echo 1)" "every request is traced ($n_req)"
# every traced reply's CRC is right: the bytes are what came off the line
printf '%s\n' "$tr" | grep " < reply " | while read -r _ _ _ _ bytes; do
	python3 - "$bytes" <<'PY' || exit 1
import sys
b = bytes(int(x, 16) for x in sys.argv[1].split())
crc = 0xFFFF
for c in b[:-2]:
    crc ^= c
    for _ in range(8):
        crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
sys.exit(0 if crc == (b[-2] | b[-1] << 8) else 1)
PY
done
ok $? "the traced replies carry their own CRC (whole frames)"

# read: the manual's request and reply, to a file
"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --trace="$T/read.trace" >/dev/null 2>"$T/read.err"
is "$?" 0 "read --trace=FILE exits 0"
like "$(cat "$T/read.trace")" "> request +01 03 01 00 00 " "the read's request is in the file"
like "$(cat "$T/read.trace")" "< reply +01 03 " "and its reply"
is "$(grep -c . "$T/read.err")" 0 "nothing on stderr with --trace=FILE"

"$MW" read -p "$SIM_PORT" -a 1 -m jsy-mk-333 --trace=/nonexistent/dir/x >/dev/null 2>"$T/bad.err"
is "$?" 2 "--trace to a file that cannot be made: usage error"
like "$(cat "$T/bad.err")" "/nonexistent/dir/x: cannot open" "and says which file"
sim_stop

# ---- passwords are masked ------------------------------------------------------
sim_start mixed "$top_srcdir/sim/scenarios/mixed-line.yaml" || exit 1
port=$(basename "$SIM_PORT")
"$MW" set -p "$SIM_PORT" -a 1 -b 9600 -f 8E1 -m kpm33b password=1234 --yes \
	--trace="$T/pw.trace" >"$T/pw.out" 2>&1
is "$?" 0 "set the KPM33B's password (a secret register) with --trace exits 0"
sed 's/^/# /' "$T/pw.trace"
like "$(cat "$T/pw.trace")" "$port > request +01 10 00 00 00 01 02 \*\* \*\* \*\* \*\*\$" \
	"the FC16 write shows its register and count, the password and the CRC as **"
like "$(cat "$T/pw.trace")" "$port < reply +01 03 02 \*\* \*\* \*\* \*\*\$" \
	"reading the password register back: its word and CRC as **"
is "$(grep -c " 04 D2" "$T/pw.trace")" 0 "the password (1234 = 04 D2) is nowhere in the trace"
like "$(cat "$T/pw.trace")" "$port < reply +01 03 0E( [0-9A-F]{2}){16}\$" \
	"the other registers (the serial number) show as they are"

A=240512000101
"$MW" set -p "$SIM_PORT" -a $A -b 2400 -f 8E1 alarm_credit_1=33.00 --yes \
	--trace="$T/dw.trace" >"$T/dw.out" 2>&1
is "$?" 0 "a DL/T645 write (0x14) with --trace exits 0"
sed 's/^/# /' "$T/dw.trace" | grep " 68 14 "
# FE x4, 68, A0..A5 (01 01 00 12 05 24), 68, 14, L, the DI + 33h, then
# PA P0 P1 P2: level 2 and password 000000 would be 35 33 33 33
like "$(cat "$T/dw.trace")" \
	"> request +FE FE FE FE 68 01 01 00 12 05 24 68 14 10( [0-9A-F]{2}){4} \*\* \*\* \*\* \*\*( [0-9A-F]{2}){8} \*\* 16\$" \
	"0x14: the DI shows, the 4 password bytes and the checksum are **"
is "$(grep " 68 14 " "$T/dw.trace" | grep -c " 35 33 33 33 ")" 0 "the password bytes are nowhere in it"
like "$(cat "$T/dw.trace")" "> request +FE FE FE FE 68 01 01 00 12 05 24 68 11 04( [0-9A-F]{2}){4} [0-9A-F]{2} 16\$" \
	"reads (0x11) show whole, with their checksum"

"$MW" act -p "$SIM_PORT" -a $A -b 2400 -f 8E1 trip --yes --trace="$T/dc.trace" >"$T/dc.out" 2>&1
is "$?" 0 "a DL/T645 control (0x1C, trip) with --trace exits 0"
like "$(cat "$T/dc.trace")" \
	"> request +FE FE FE FE 68 01 01 00 12 05 24 68 1C 10 \*\* \*\* \*\* \*\*( [0-9A-F]{2}){12} \*\* 16\$" \
	"0x1C: the password first in the data, and the checksum, are **"
sim_stop
done_testing
