#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/shell-script.sh - `meterwise shell` runs a script from standard input
# against the simulator: the shell's port and line, and the meter chosen
# with `use`, go to every command; a setting written from the script reaches
# the simulator (its --state file); the first failing line stops the script
# with that command's exit code, or with -k the rest still runs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"
. "$top_srcdir/tests/commission/lib.sh"

STATE="$T/sim.state"
sim_start sh "$top_srcdir/tests/commission/shell.yaml" --state "$STATE" || exit 1

cat >"$T/ok.script" <<'SCRIPT'
# a comment, then a blank line

devices
use 5 jsy-mk-333
read --json
set voltage_limit=250 "current_limit=42.5" --yes
journal --tail 2
SCRIPT
"$MW" shell -p "$SIM_PORT" -b 9600 -f 8N1 <"$T/ok.script" >"$T/ok.out" 2>"$T/ok.err"
is "$?" 0 "the script runs to the end and exits 0"
out=$(cat "$T/ok.out")
like "$out" "jsy-mk-333" "devices lists the models"
near "$(jget "$out" voltage_l2)" 232.0 0.05 "read --json at the shell's port, line and address: L2 voltage of the scenario"
like "$out" "verified at address 5, 9600 8N1" "set is verified"
like "$out" "current_limit 50.0 -> 42.5" "journal shows the write"

cat >"$T/bad.script" <<'SCRIPT'
set voltage_limit=70000 --yes
read --json
SCRIPT
"$MW" shell -p "$SIM_PORT" -b 9600 -f 8N1 -a 5 -m jsy-mk-333 <"$T/bad.script" >"$T/bad.out" 2>"$T/bad.err"
is "$?" 2 "a failing line stops the script with its exit code (2: validation)"
like "$(cat "$T/bad.err")" "line 1: .* failed with exit code 2; stopping" "the failing line is named"
is "$(jget "$(cat "$T/bad.out")" voltage_l2)" "" "the line after the failure did not run"

"$MW" shell -k -p "$SIM_PORT" -b 9600 -f 8N1 -a 5 -m jsy-mk-333 <"$T/bad.script" >"$T/k.out" 2>"$T/k.err"
is "$?" 2 "with -k the exit code is still the failure's"
near "$(jget "$(cat "$T/k.out")" voltage_l2)" 232.0 0.05 "with -k the next line ran"

printf 'frobnicate\n' | "$MW" shell -p "$SIM_PORT" >/dev/null 2>"$T/unk.err"
is "$?" 2 "an unknown command exits 2"
like "$(cat "$T/unk.err")" "frobnicate: unknown command" "and is named"

sim_stop
# JSY-MK-333 Table 3: 0x0020 in V, 0x0021 in 0.1 A.
is "$(state_word "$STATE" jsy 0x0020)" 250 "sim state: voltage limit 250 V"
is "$(state_word "$STATE" jsy 0x0021)" 425 "sim state: current limit 42.5 A (425 x 0.1 A)"
done_testing
