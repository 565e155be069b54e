#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-basic.sh - the command line without a meter: --help and --version
# everywhere, documented exit codes, `meterwise devices` (list and one
# model's map, text and JSON), `meterwise journal` on an empty journal,
# `meterwise ports`, and plain errors for bad commands and ports.
. "$top_srcdir/tests/lib.sh"

out=$("$MW" --help)
is "$?" 0 "meterwise --help exits 0"
for c in ports read set act devices journal; do
	like "$out" "^  $c " "--help lists $c"
done
like "$out" '^  4 +the meter was lost after a line change' "--help documents exit code 4"
like "$("$MW" --version)" '^meterwise [0-9]+\.[0-9]+' "--version"
for p in "$MW" "$MWSIM"; do
	v=$("$p" --version)
	like "$v" '^Copyright \(C\) 20[0-9]{2} The meterwise developers$' "${p##*/} --version: copyright"
	like "$v" '^License GPL-3\.0-or-later: GNU GPL version 3 or later' "${p##*/} --version: licence"
done
for c in ports read set act devices journal; do
	o=$("$MW" "$c" --help)
	is "$?" 0 "$c --help exits 0"
	like "$o" "^Usage: meterwise $c" "$c --help shows its usage"
	like "$("$MW" "$c" --version)" '^meterwise ' "$c --version"
done
"$MW" frobnicate >/dev/null 2>"$T/err"
is "$?" 2 "unknown command: exit 2"
like "$(cat "$T/err")" 'frobnicate: unknown command' "says which command is unknown"
"$MW" read --bogus >/dev/null 2>&1
is "$?" 2 "unknown option: exit 2"

# devices: the list, from the device files.
out=$("$MW" devices)
is "$?" 0 "devices exits 0"
like "$out" '^jsy-mk-333 +JSY-MK-333 +ac3' "lists the JSY-MK-333"
like "$out" '^kpm33b +KPM33B +ac3' "lists the KPM33B"
like "$out" '^djs5179 +DJS5179 +dc' "lists the DJS5179"

# One model's map: what the JSY-MK-333 manual gives.
out=$("$MW" devices jsy-mk-333)
is "$?" 0 "devices jsy-mk-333 exits 0"
like "$out" '^  voltage_l1 +0x0100 +u16 +0\.01 +V +L1' "value: register, type, scale, unit, phase"
like "$out" '^  address +0x0004\[15:8\] +u16 +1\.\.247 +address' "setting: packed field, range, line role"
like "$out" '^  baud +0x0004\[3:0\] .*4800,9600,19200 +baud' "setting: choices"
like "$out" '^  clear_energy +reg 0x000C <- 0x0000 0x0000 +confirm: address' "action: words and confirmation"
like "$out" 'Current transformer ratio' "gaps are listed"
out=$("$MW" devices kpm33b)
like "$out" '^  clock +GAP: The manual gives the field order' "a gap setting says what is missing"
out=$("$MW" devices kpm33b --json)
is "$?" 0 "devices kpm33b --json exits 0"
like "$out" '"name": "tariff_schedule",' "JSON lists the schedule setting"
like "$out" '"write_fc": 16' "JSON gives the write function code"
out=$("$MW" devices --json)
like "$(printf '%s\n' "$out" | head -1)" '^\[' "devices --json is an array"
"$MW" devices nosuch >/dev/null 2>"$T/err"
is "$?" 2 "unknown model: exit 2"
like "$(cat "$T/err")" 'nosuch: no such model; the device files give: ' "lists the models"

# journal: empty before any write.
out=$("$MW" journal)
is "$?" 0 "journal exits 0 when empty"
like "$out" 'The journal is empty' "says the journal is empty"
mkdir -p "$XDG_STATE_HOME/meterwise"
printf '%s\n' '{"time":"2026-01-02T03:04:05.000Z","port":"/dev/ttyUSB0","baud":9600,"format":"8N1","address":1,"model":"jsy-mk-333","kind":"set","setting":"address","old":"1","new":"5","outcome":"verified","where":"address 5, 9600 8N1","message":"verified at address 5, 9600 8N1"}' \
	'{"time":"2026-01-02T03:05:00.000Z","port":"/dev/ttyUSB0","baud":9600,"format":"8N1","address":5,"model":"jsy-mk-333","kind":"act","setting":"clear_energy","outcome":"written","message":"done"}' \
	>"$XDG_STATE_HOME/meterwise/journal"
out=$("$MW" journal)
like "$out" '^2026-01-02T03:04:05.000Z  /dev/ttyUSB0 9600 8N1 address 1  jsy-mk-333  address 1 -> 5  verified' "journal: one line per write"
like "$out" 'action clear_energy  written' "journal: actions"
is "$("$MW" journal --tail 1 | wc -l)" 1 "--tail 1 prints one entry"
like "$("$MW" journal --json --tail 1)" '^\{"time":"2026-01-02T03:05:00.000Z"' "--json prints the stored line"

# ports: runs anywhere (there may be no ports at all).
"$MW" ports >/dev/null
is "$?" 0 "ports exits 0"
like "$("$MW" ports --json | head -1)" '^\[' "ports --json is an array"

# Transports.
"$MW" read -p rtutcp:127.0.0.1:1 -a 1 -m jsy-mk-333 >/dev/null 2>"$T/err"
is "$?" 1 "RTU over TCP to a closed TCP port: exit 1"
like "$(cat "$T/err")" '127\.0\.0\.1:1: cannot connect' "says it cannot connect to HOST:PORT"
"$MW" read -p "tcp:" -a 1 -m jsy-mk-333 >/dev/null 2>"$T/err"
is "$?" 2 "bad TCP address (tcp: without a host): usage error, exit 2"

# The interactive screen without a terminal is a usage error (exit 2).
"$MW" --demo </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "the interactive screen without a terminal: exit 2"
like "$(cat "$T/err")" "needs a terminal" "and it says it needs a terminal"

done_testing
