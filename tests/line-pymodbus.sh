#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-pymodbus.sh - RTU over TCP against an independent server:
# pymodbus' TCP server with its RTU framer (python3-pymodbus), holding the
# JSY-MK-333 manual's example voltages at 0x0100-0x0102.  meterwise reads
# them through rtutcp:, identifies the meter, and a missing unit times out.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import pymodbus.server' 2>/dev/null ||
	skip_all "pymodbus is not installed (python3-pymodbus, build-aux/install-deps)"

tcp=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$T/server.py" <<'PYEOF'
import sys
from pymodbus.server import StartTcpServer
from pymodbus.transaction import ModbusRtuFramer
from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext,
                                ModbusSlaveContext)

regs = [0] * 0x200
regs[0x0000:0x0004] = [0x0333, 0, 0, 0]      # the JSY-MK-333's model register
regs[0x0004] = 0x0106                        # address 1, 9600 8N1
regs[0x0100:0x0103] = [0x5611, 0x5622, 0x5633]  # 220.33, 220.50, 220.67 V
store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, regs),
                           ir=ModbusSequentialDataBlock(0, [0] * 16), zero_mode=True)
StartTcpServer(context=ModbusServerContext(slaves={1: store}, single=False),
               framer=ModbusRtuFramer, address=("127.0.0.1", int(sys.argv[1])))
PYEOF
"$PY" "$T/server.py" "$tcp" >"$T/server.log" 2>&1 &
SIM_PIDS="$SIM_PIDS $!"
i=0
while ! "$PY" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$tcp" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 200 ] && break
	sleep 0.05
done
P="rtutcp:127.0.0.1:$tcp"

out=$("$MW" read -p "$P" -a 1 -m jsy-mk-333 --json --trace="$T/trace" 2>"$T/read.err")
is "$?" 0 "read through pymodbus' RTU-framer server exits 0"
sed 's/^/# /' "$T/read.err"
like "$out" '"voltage_l1": *220\.33' "220.33 V on L1"
like "$out" '"voltage_l2": *220\.5' "220.50 V on L2"
like "$(cat "$T/trace")" "< reply +01 03 A8 56 11 56 22 56 33 " \
	"the reply in the trace starts with the manual's voltage registers"

out=$("$MW" read -p "$P" -a 1 2>"$T/id.err")
is "$?" 0 "read without -m exits 0"
like "$out" "JSY-MK-333" "the meter is identified by its model register"

"$MW" read -p "$P" -a 7 -m jsy-mk-333 --timeout 200 --retries 1 >/dev/null 2>"$T/none.err"
is "$?" 1 "no unit 7 on the server: exit 1"
like "$(cat "$T/none.err")" "address 7 at 127\\.0\\.0\\.1:$tcp" "the message names HOST:PORT"
done_testing
