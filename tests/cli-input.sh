#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-input.sh - strict checks of command-line values: baud rates (the
# standard ones only, decimal digits only), addresses (whole numbers
# 1-247), formats, address ranges, ports, --json with --csv, and the
# password checked before the port is opened.  Every refusal is a usage
# error (exit 2) that names the option and the values it accepts.  The
# port given is a path that does not exist: a value that got through
# would end in exit 1 (port missing), not 2.
. "$top_srcdir/tests/lib.sh"

NOPORT="$T/no-such-port"

# refused WANT-REGEX DESCRIPTION COMMAND ARGS...
refused() {
	want=$1
	what=$2
	shift 2
	"$MW" "$@" >"$T/out" 2>"$T/err"
	is "$?" 2 "$what: exit 2"
	like "$(cat "$T/err")" "$want" "$what: the message names the option and what it takes"
}

# accepted DESCRIPTION COMMAND ARGS...: the value passes (exit 1: no port).
accepted() {
	what=$1
	shift
	"$MW" "$@" >"$T/out" 2>"$T/err"
	is "$?" 1 "$what: accepted (then the missing port: exit 1)"
}

# ---- baud rates -----------------------------------------------------------
bauds='one of 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200'
for b in 0x2580 9600abc 12345 9601 0 -9600 +9600 ' 9600' 9600.0 1e4 ''; do
	re=$(printf '%s' "$b" | sed 's/[.+*]/\\&/g')
	refused "--baud $re: not a baud rate; use $bauds" "read -b '$b'" \
		read -p "$NOPORT" -a 1 -b "$b"
done
refused "--baud 12345: not a baud rate; use $bauds" "set -b 12345" \
	set -p "$NOPORT" -a 1 -b 12345 address=2 --yes
refused "--baud 9601: not a baud rate" "check -b 9601" check -p "$NOPORT" -a 1 -b 9601
refused "--baud 12345: not a baud rate; use $bauds" "scan -b 12345" scan -p "$NOPORT" -b 12345
refused "--baud 9601: not a baud rate" "scan -b 9600,9601 (one bad rate in a list)" \
	scan -p "$NOPORT" -b 9600,9601
refused "--baud 0x2580: not a baud rate" "scan -b 0x2580" scan -p "$NOPORT" -b 0x2580
refused "--baud 9600,: give baud rates separated by commas" "scan -b '9600,'" \
	scan -p "$NOPORT" -b 9600,
refused "--baud 9601: not a baud rate" "shell -b 9601" shell -p "$NOPORT" -b 9601
accepted "read -b 9600" read -p "$NOPORT" -a 1 -b 9600
accepted "read -b 115200" read -p "$NOPORT" -a 1 -b 115200
accepted "read -b 300" read -p "$NOPORT" -a 1 -b 300
accepted "scan -b 9600,19200" scan -p "$NOPORT" -b 9600,19200 -a 1

# ---- addresses ------------------------------------------------------------
for a in 3.5 1e0 0x05 248 -1 '' ' 3' 3x; do
	refused "--address $a: an address is a whole number from 1 to 247" "read -a '$a'" \
		read -p "$NOPORT" -a "$a"
done
refused "--address 3.5: an address is a whole number from 1 to 247" "set -a 3.5" \
	set -p "$NOPORT" -a 3.5 address=2 --yes
refused "--address 0: 0 is the broadcast address.*1 to 247" "read -a 0" read -p "$NOPORT" -a 0
refused "--address 0: 0 is the broadcast address.*1 to 247" "set -a 0" \
	set -p "$NOPORT" -a 0 address=2 --yes
refused "--address 1e0: an address is a whole number from 1 to 247" "act -a 1e0" \
	act -p "$NOPORT" -a 1e0 clear_energy --yes
refused "--confirm-address 1x: an address is a whole number from 1 to 247" \
	"act --confirm-address 1x" act -p "$NOPORT" -a 1 clear_energy --yes --confirm-address 1x
refused "--address 2.0: an address is a whole number from 1 to 247" "shell -a 2.0" \
	shell -p "$NOPORT" -a 2.0
printf 'use 1.5\n' | "$MW" shell -p "$NOPORT" >"$T/out" 2>"$T/err"
is "$?" 2 "shell: use 1.5: exit 2"
like "$(cat "$T/err")" "use 1.5: an address is a whole number from 1 to 247" "shell: use 1.5: says why"
accepted "read -a 247" read -p "$NOPORT" -a 247

# ---- address ranges (scan) ------------------------------------------------
for r in 5-3 0-10 1-248 1.5 1- -5 a 1-2-3 0x1-0x5; do
	refused "--address $r: give an address or MIN-MAX, whole numbers within 1-247" \
		"scan -a '$r'" scan -p "$NOPORT" -a "$r"
done
accepted "scan -a 1-10" scan -p "$NOPORT" -a 1-10
accepted "scan -a 7" scan -p "$NOPORT" -a 7

# ---- formats and other numbers ---------------------------------------------
refused "--format 8X1: not a frame format; use 8N1, 8E1, 8O1 or 8N2" "read -f 8X1" \
	read -p "$NOPORT" -a 1 -f 8X1
refused "--format 8N3: not a frame format; use 8N1, 8E1, 8O1 or 8N2" "scan -f 8N1,8N3" \
	scan -p "$NOPORT" -f 8N1,8N3
refused "--timeout 0x10: milliseconds from 1 to 60000" "read --timeout 0x10" \
	read -p "$NOPORT" -a 1 --timeout 0x10
refused "--retries 2.5: tries per request, 1 to 20" "read --retries 2.5" \
	read -p "$NOPORT" -a 1 --retries 2.5
refused "--timeout 1e3: give milliseconds \(fixed\) or MIN:MAX" "scan -t 1e3" \
	scan -p "$NOPORT" -t 1e3
refused "--expect 1e1: give the number of devices" "scan -n 1e1" scan -p "$NOPORT" -n 1e1
refused "--tail -1: a number of entries" "journal --tail -1" journal --tail -1
refused "--poll 10abc: milliseconds from 1 to 60000" "commission --poll 10abc" \
	commission -p "$NOPORT" --poll 10abc --check "$top_srcdir/tests/commission/panel.csv"

# ---- output formats -------------------------------------------------------
refused "--json and --csv exclude each other" "read --json --csv" \
	read -p "$NOPORT" -a 1 --json --csv
refused "--json and --csv exclude each other" "read --csv --json" \
	read -p "$NOPORT" -a 1 --csv --json

# ---- ports ------------------------------------------------------------------
refused "--port '': give a serial port .*or tcp:HOST\[:PORT\]" "read -p ''" read -p '' -a 1
refused "--port '': give a serial port" "scan -p ''" scan -p ''
refused "--port '': give a serial port" "set -p ''" set -p '' -a 1 address=2 --yes
refused "--port tcp:: not a TCP address; write tcp:HOST or tcp:HOST:PORT" "read -p tcp:" \
	read -p tcp: -a 1
refused "not a TCP address" "read -p tcp::502" read -p tcp::502 -a 1
refused "not a TCP address.*PORT 1-65535" "read -p tcp:localhost:0" read -p tcp:localhost:0 -a 1
refused "not a TCP address.*PORT 1-65535" "read -p tcp:localhost:99999" \
	read -p tcp:localhost:99999 -a 1
refused "not a TCP address" "scan -p tcp:" scan -p tcp:

# ---- the password: checked before the port is opened, never journaled -----
mkdir -p "$T/dev"
cp "$top_srcdir/tests/engine-unlock.yaml" "$T/dev/unlock-test.yaml"
MW_DEVICES_PATH="$T/dev:$MW_DEVICES_PATH"
export MW_DEVICES_PATH
refused "--password: not a valid password for the Unlock test meter" \
	"set --password 99999 (range 0-9999)" \
	set -p "$NOPORT" -a 1 -m unlock-test limit=100 --password 99999 --yes
refused "--password: not a valid password for the Unlock test meter" "act --password 12ab" \
	act -p "$NOPORT" -a 1 -m unlock-test clear --password 12ab --yes
unlike=$(grep -c 99999 "$T/err")
is "$unlike" 0 "the refused password is not printed"
[ ! -e "$XDG_STATE_HOME/meterwise/journal" ]
ok $? "a refused password leaves no journal entry"
accepted "set --password 1234 (valid: the port is opened next)" \
	set -p "$NOPORT" -a 1 -m unlock-test limit=100 --password 1234 --yes

# Without -m the meter is identified first (reads only); the password is
# checked then, before anything is written or journaled.
sed -e 's/^values:/identify:\n  - {register: 0x0000, type: u16, equals: 0x4242}\n\nvalues:/' \
	-e 's/group: identity}/group: identity, sim: 0x4242}/' \
	"$top_srcdir/tests/engine-unlock.yaml" >"$T/dev/unlock-test.yaml"
cat >"$T/unlock.yaml" <<EOF
name: unlock
description: the unlock test meter at address 1, 9600 8E1
devices:
  - {id: u, model: unlock-test, address: 1, baud: 9600, format: 8E1}
EOF
if sim_start unlock "$T/unlock.yaml"; then
	"$MW" set -p "$SIM_PORT" -a 1 -b 9600 -f 8E1 limit=100 --password 99999 --yes \
		>"$T/out" 2>"$T/err"
	is "$?" 2 "identified, then --password 99999 refused: exit 2"
	like "$(cat "$T/err")" "--password: not a valid password for the Unlock test meter" \
		"identified: the message names --password"
	w=$(awk '$2 == "RX" && ($4 == "06" || $4 == "10") { n++ } END { print n + 0 }' "$SIM_LOG")
	is "$w" 0 "identified: no write reached the meter"
	[ ! -e "$XDG_STATE_HOME/meterwise/journal" ]
	ok $? "identified: no journal entry for the refused password"
	sim_stop
else
	ok 1 "the simulator serves the unlock test meter"
fi

# ---- setting values (NAME=VALUE) -------------------------------------------
# A value finer than the register's step, or in exponent or hex notation, is
# refused before the port is opened: never rounded into another value and
# written (address=3.5 once became address 4).
for v in 3.5 1e0 0x05 4.0001; do
	re=$(printf '%s' "$v" | sed 's/[.+*]/\\&/g')
	refused "address: \"?$re\"? (is not a multiple of 1|is not a number)" \
		"set address=$v" set -p "$NOPORT" -a 1 -m jsy-mk-333 "address=$v" --yes
done
refused "current_limit: 12.55 is not a multiple of 0.1" "set current_limit=12.55" \
	set -p "$NOPORT" -a 1 -m jsy-mk-333 current_limit=12.55 --yes
accepted "set address=4.0 (a whole number written with a decimal point)" \
	set -p "$NOPORT" -a 1 -m jsy-mk-333 address=4.0 --yes

done_testing
