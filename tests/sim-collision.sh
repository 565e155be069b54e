#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# sim-collision: factory-new meters all at address 1 answer together and
# their replies collide into garbage on the line, as on a real bus; with
# one meter connected (control socket) the same request gets a clean reply.
. "$top_srcdir/tests/lib.sh"
RAW="$top_builddir/tests/sim_raw"
CTL="$T/ctl"
sim_start coll "$top_srcdir/sim/scenarios/factory-new.yaml" --control "$CTL" || exit 1

# Six JSY-MK-333 at 1, 9600 8N1 (their factory defaults) hear a read of 0x0000.
out=$("$RAW" -v -c "$SIM_PORT" 01 03 00 00 00 01)
like "$out" "crc bad" "six JSYs at address 1: the reply is garbage (bad CRC)"
# 01 03 02 03 33 + CRC would be one meter's valid reply (manual table 2: model 0x0333).
case "$(printf '%s\n' "$out" | head -1)" in
"01 03 02 03 33 "*) ok 1 "the collision does not look like one meter's reply" ;;
*) ok 0 "the collision does not look like one meter's reply" ;;
esac
if command -v mbpoll >/dev/null; then
	mbpoll -m rtu -b 9600 -P none -a 1 -r 0 -0 -c 1 -t 4:hex -1 -o 0.5 "$SIM_PORT" >"$T/mb.out" 2>&1
	isnt=$?
	ok $((isnt == 0)) "mbpoll gets no valid reply from the collision"
fi
# Connect only jsy1: the same request gets the meter's own reply.
"$MWSIM" --control "$CTL" --command "detach all" >/dev/null
ok $? "control: detach all"
"$MWSIM" --control "$CTL" --command "attach jsy1" >/dev/null
ok $? "control: attach jsy1"
out=$("$RAW" -v -c "$SIM_PORT" 01 03 00 00 00 01)
like "$out" "^01 03 02 03 33 " "one JSY at address 1: a clean reply"
like "$out" "crc ok" "with a valid CRC"
# Two KPM33B at 1, 9600 8E1 collide too (reading their address register 0x0001).
"$MWSIM" --control "$CTL" --command "attach kpm1" >/dev/null
"$MWSIM" --control "$CTL" --command "attach kpm2" >/dev/null
like "$("$RAW" -f 8E1 -v -c "$SIM_PORT" 01 03 00 01 00 01)" "crc bad" "two KPM33Bs at 1, 8E1: garbage"
like "$("$RAW" -v -c "$SIM_PORT" 01 03 00 00 00 01)" "crc ok" "while the lone JSY at 8N1 still answers cleanly"
sim_stop
like "$(grep ' TX ' "$SIM_LOG" | head -1)" "# collision jsy1,jsy2,jsy3,jsy4,jsy5,jsy6" \
	"the log names the colliding meters"
is "$(cat "$T"/*.err)" "" "nothing on the simulator's stderr"
done_testing
