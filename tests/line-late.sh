#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line-late.sh - a reply that comes after its request timed out (a
# timeout shorter than the meter's turnaround) is never taken for the reply
# to the next read at that address: the JSY-MK-333's registers 0x0000 (model
# code 0x0333) and 0x0001-0x0003 (versions 0x1001) are read in turn with a
# 100 ms timeout from a simulated meter that answers after 150 ms (its reply
# falls in the next read's window); no read
# may return another register's value.  A timeout long enough still reads
# each register right.
. "$top_srcdir/tests/lib.sh"

BL="$top_builddir/tests/bus_late"
sim_start late "$top_srcdir/tests/line-late.yaml" || exit 1

"$BL" "$SIM_PORT" 5 100 0x0000 0x0001 0x0000 0x0002 >"$T/short.out" 2>"$T/short.err"
is "$?" 0 "four reads with a 100 ms timeout run"
sed 's/^/# /' "$T/short.out"
bad=$(awk '($1 == "0x0000" && $2 == "value" && $3 != "0x0333") ||
	($1 != "0x0000" && $2 == "value" && $3 != "0x1001") { print }' "$T/short.out")
is "$bad" "" "no read returns the late reply to the read before (another register's value)"
is "$(grep -c 'value 0x0333' "$T/short.out" | tr -d ' ')" "$(grep -c '^0x0000 value' "$T/short.out" | tr -d ' ')" \
	"the model code comes only as the reply to a read of 0x0000"

# The same read again at another frame format, where nobody answers: the
# reply still due at 8N1 must not pass for an answer at 8E1 (once, a meter
# found where it was not after a line change: bench/reliability).
"$BL" "$SIM_PORT" 5 100 0x0000 8E1:0x0000 8E1:0x0000 >"$T/line.out" 2>"$T/line.err"
sed 's/^/# /' "$T/line.out"
is "$(sed -n 2,3p "$T/line.out" | tr '\n' ' ')" "0x0000 timeout 0x0000 timeout " \
	"the same read at 8E1 times out: the late 8N1 reply is not its answer"

"$BL" "$SIM_PORT" 5 400 0x0000 0x0001 >"$T/long.out" 2>"$T/long.err"
like "$(cat "$T/long.out")" "^0x0000 value 0x0333" "with a 400 ms timeout 0x0000 reads 0x0333"
like "$(cat "$T/long.out")" "0x0001 value 0x1001" "and 0x0001 reads 0x1001"
done_testing
