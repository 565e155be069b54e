#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-set.sh - `meterwise set` and `meterwise act` against meterwise-sim:
# bad values are refused with exit 2 before anything is sent (the frame log
# proves it); address and baud changes of a JSY-MK-333 and of a KPM33B end
# verified at the new settings, the meters answer there and not at the old
# ones, and the journal records each write.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
sim_start panel "$top_srcdir/tests/engine-panel.yaml" || exit 1
J="$XDG_STATE_HOME/meterwise/journal"

# ---- validation: nothing reaches the line --------------------------------
bad() { # WANT-REGEX DESCRIPTION ARGS...
	want=$1
	what=$2
	shift 2
	before=$(requests_in "$SIM_LOG")
	"$MW" set -p "$SIM_PORT" "$@" --yes >"$T/out" 2>"$T/err"
	is "$?" 2 "$what: exit 2"
	like "$(cat "$T/err")" "$want" "$what: message"
	is "$(requests_in "$SIM_LOG")" "$before" "$what: the frame log shows nothing sent"
}
bad 'address: 0 is out of range.*1 to 247' "JSY address=0" -a 1 -m jsy-mk-333 address=0
bad 'address: 248 is out of range.*1 to 247' "JSY address=248" -a 1 -m jsy-mk-333 address=248
bad 'baud: 38400 is not supported; choose 4800, 9600 or 19200' "JSY baud=38400" -a 1 -m jsy-mk-333 baud=38400
bad 'voltage_limit: 70000 is out of range' "JSY voltage_limit=70000" -a 1 -m jsy-mk-333 voltage_limit=70000
bad 'colour: the JSY-MK-333 has no such setting; its settings are: address' "unknown setting" -a 1 -m jsy-mk-333 colour=red
bad 'clock: cannot be set: the manual does not say how' "KPM33B clock (a gap)" -a 2 -m kpm33b clock=now
bad 'address=5 baud=38400|baud: 38400' "one bad value among good ones" -a 1 -m jsy-mk-333 address=5 baud=38400
bad 'voltage_l1: is a measured value' "a read-only value" -a 1 -m jsy-mk-333 voltage_l1=1

# Without -m the meter is identified first: reads only, no write.
"$MW" set -p "$SIM_PORT" -a 1 address=248 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "address=248 with identification: exit 2"
is "$(writes_in "$SIM_LOG")" 0 "no write request in the frame log"

# Without --yes and without a terminal, a bad value is still reported as such.
"$MW" set -p "$SIM_PORT" -a 1 baud=38400 </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "baud=38400, no tty, no --yes: exit 2"
like "$(cat "$T/err")" 'baud: 38400 is not supported' "the validation error comes first"
is "$(writes_in "$SIM_LOG")" 0 "no write request in the frame log"

# No terminal and no --yes: refuse.
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=250 </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "no tty and no --yes: exit 2"
like "$(cat "$T/err")" 'add --yes' "says to add --yes"
is "$(writes_in "$SIM_LOG")" 0 "still no write request"
test ! -s "$J"
ok $? "the journal is still empty"

# A destination another meter already holds: the KPM33B is at 2, 9600 8E1.
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 address=2 format=8E1 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "moving the JSY onto the KPM33B's address and line: exit 2"
like "$(cat "$T/err")" 'another device already answers at address 2, 9600 8E1' "says the destination is taken"
is "$(writes_in "$SIM_LOG")" 0 "nothing written"

# The same address at the JSY's own format (8N1): the KPM33B does not hear
# 8N1, but it holds address 2 at 8E1 on this bus, and that is flagged too.
"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 address=2 --yes >"$T/out" 2>"$T/err"
is "$?" 2 "moving the JSY onto the KPM33B's address at another format: exit 2"
like "$(cat "$T/err")" 'another device answers at address 2, 9600 8E1, the meter.s new address at another frame format' "says a device holds that address at 8E1"
is "$(writes_in "$SIM_LOG")" 0 "nothing written"

# ---- a plain setting ------------------------------------------------------
out=$("$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 voltage_limit=250 current_limit=40.5 --yes 2>&1)
is "$?" 0 "JSY limits set"
like "$out" 'register 0x0020-0x0021: 0x0104 0x01F4 -> 0x00FA 0x0195' "registers shown old -> new (260 V, 50.0 A -> 250 V, 40.5 A)"
like "$out" 'verified at address 1, 9600 8N1' "verified"
is "$(writes_in "$SIM_LOG")" 1 "one write request for both limits (FC16 over 0x0020-0x0021)"
like "$(grep ' RX ' "$SIM_LOG" | awk '$4 == "10"' | tail -1)" 'RX 01 10 00 20 00 02 04 00 FA 01 95' "the FC16 frame carries 250 and 405"

out=$("$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 current_limit=45 --yes --json 2>&1)
is "$?" 0 "set --json exits 0"
is "$(jget "$out" outcome)" "verified" "JSON outcome: verified"
is "$(jget "$out" read_back)" "45.0" "JSON: the value read back"

# ---- JSY-MK-333: address 1 -> 5 and 9600 -> 19200 -------------------------
out=$("$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 address=5 baud=19200 --yes 2>&1)
rc=$?
is "$rc" 0 "JSY address+baud change exits 0"
like "$out" 'register 0x0004: 0x0106 -> 0x0507' "packed word 0x0004 shown old -> new"
like "$out" 'verified at address 5, 19200 8N1' "ends verified at address 5, 19200 8N1"
v=$("$MW" read -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 --json --timeout 300 2>/dev/null)
is "$?" 0 "the JSY answers at address 5, 19200"
near "$(jget "$v" voltage_l1)" 230.5 0.006 "and still measures 230.5 V"
"$MW" read -p "$SIM_PORT" -a 1 -b 9600 -m jsy-mk-333 --timeout 100 --retries 1 >/dev/null 2>&1
is "$?" 1 "nothing answers at address 1, 9600 any more"
e=$(grep '"setting":"address"' "$J" | tail -1)
like "$e" '"model":"jsy-mk-333"' "journal: model"
like "$e" '"address":1' "journal: sent to address 1"
like "$e" '"baud":9600,"format":"8N1"' "journal: at 9600 8N1"
like "$e" '"old":"1","new":"5"' "journal: address 1 -> 5"
like "$e" '"outcome":"verified"' "journal: verified"
like "$e" '"where":"address 5, 19200 8N1"' "journal: where it answers now"
like "$(grep '"setting":"baud"' "$J" | tail -1)" '"old":"9600","new":"19200"' "journal: baud 9600 -> 19200"

# ---- KPM33B: address 2 -> 9, 9600 8E1 -> 19200 8N1 (two registers) -------
out=$("$MW" set -p "$SIM_PORT" -a 2 -m kpm33b address=9 baud=19200 format=8N1 --yes 2>&1)
is "$?" 0 "KPM33B address+baud+format change exits 0"
like "$out" 'register 0x0001: 0x0002 -> 0x0009' "address register 0x0001 shown"
like "$out" 'register 0x0002: 0x0003 -> 0x0204' "baud/format register 0x0002 shown (9600 8E1 -> 19200 8N1)"
like "$out" 'verified at address 9, 19200 8N1' "ends verified at address 9, 19200 8N1"
v=$("$MW" read -p "$SIM_PORT" -a 9 -b 19200 -f 8N1 -m kpm33b --json --timeout 300 2>/dev/null)
is "$?" 0 "the KPM33B answers at address 9, 19200 8N1"
near "$(jget "$v" voltage_l2)" 229.0 0.01 "and still measures 229 V on L2"
like "$(grep '"model":"kpm33b"' "$J" | grep '"setting":"address"' | tail -1)" \
	'"old":"2","new":"9".*"outcome":"verified","where":"address 9, 9600 8E1"' \
	"journal: KPM33B address written first (register 0x0001), verified at 9, still 9600 8E1"
like "$(grep '"model":"kpm33b"' "$J" | grep '"setting":"format"' | tail -1)" \
	'"baud":9600,"format":"8E1","address":9,.*"old":"8E1","new":"8N1".*"outcome":"verified","where":"address 9, 19200 8N1"' \
	"journal: then baud and format (register 0x0002), sent to 9 at 9600 8E1, verified at 19200 8N1"

# The journal command shows them, newest last.
out=$("$MW" journal --tail 3)
is "$?" 0 "meterwise journal exits 0"
like "$out" 'kpm33b +format 8E1 -> 8N1 +verified' "meterwise journal prints the entries"

# ---- act: energy clear needs the address typed --------------------------
"$MW" act -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 clear_energy --yes >"$T/out" 2>"$T/err"
is "$?" 2 "clear_energy with --yes but no --confirm-address: exit 2"
like "$(cat "$T/err")" 'confirm-address 5' "says to confirm the address"
"$MW" act -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 clear_energy --yes --confirm-address 5 >"$T/out" 2>"$T/err"
is "$?" 0 "clear_energy confirmed: exit 0"
like "$(grep ' RX ' "$SIM_LOG" | awk '$4 == "10"' | tail -1)" 'RX 05 10 00 0C 00 02 04 00 00 00 00' "the manual's clear frame, to address 5"
v=$("$MW" read -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 --json --timeout 300 2>/dev/null)
near "$(jget "$v" active_energy_total)" 0 0.011 "energy reads 0 after the clear"
like "$(tail -1 "$J")" '"kind":"act","setting":"clear_energy"' "journal: the action"
"$MW" act -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 self_destruct --yes >/dev/null 2>"$T/err"
is "$?" 2 "unknown action: exit 2"
like "$(cat "$T/err")" 'no such action; its actions are: clear_energy' "lists the actions"

# A journal that cannot be written: nothing is sent (tests/engine-journal.sh
# tries every way a journal can fail).
before=$(writes_in "$SIM_LOG")
XDG_STATE_HOME=/dev/null/nowhere "$MW" set -p "$SIM_PORT" -a 5 -b 19200 -m jsy-mk-333 voltage_limit=240 --yes >"$T/out" 2>"$T/err"
is "$?" 1 "set with an unwritable journal: exit 1"
like "$(cat "$T/err")" '/dev/null/nowhere/meterwise/journal: cannot open the journal.*nothing was written' "says the journal failed and nothing was written"
is "$(writes_in "$SIM_LOG")" "$before" "no write reached the meter"

# Passwords never reach the journal.
grep -q '6666' "$J"
ok $((! $?)) "no password in the journal"

done_testing
