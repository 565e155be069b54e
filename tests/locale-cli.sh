#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/locale-cli.sh - the command line and the simulator under the real
# de_DE.UTF-8 (decimal comma) and zh_CN.UTF-8 locales, set through LANG and
# LC_ALL (not LANGUAGE): device files load with their scales, the simulator
# parses its scenario, `read --json` and `scan --json` are valid JSON with
# '.' decimals, `--csv` rows have '.' decimals and as many fields as the
# header, `check --json` is valid JSON, a plan with decimals passes
# --check, a decimal setting written under de_DE is stored exactly (the
# simulator's --state says so) and `12,5` is refused with a message that
# says to use '.', before anything is sent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
command -v python3 >/dev/null || skip_all "python3 is not installed"

# JSON on stdin: exit 0 when python3's json module accepts it (every line
# when $1 is "lines").
json_ok() {
	python3 -c '
import json, sys
text = sys.stdin.read()
docs = [l for l in text.splitlines() if l.strip()] if sys.argv[1] == "lines" else [text]
for d in docs:
    json.loads(d)
print(len(docs))
' "$1" >/dev/null 2>"$T/json.err"
}

# mwread ARGS...: meterwise read ARGS into $T/read.out, tried again when a
# block is lost (a loaded machine can delay the simulator past the reply
# timeout); the exit status of the last try.
mwread() {
	for try in 1 2 3; do
		"$MW" read "$@" >"$T/read.out" 2>"$T/read.err" && return 0
	done
	return 1
}

for loc in de_DE.UTF-8 zh_CN.UTF-8; do
	LANG=$loc LC_ALL=$loc
	export LANG LC_ALL
	unset LANGUAGE
	if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$(echo "$loc" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')"; then
		ok 1 "$loc: the locale exists (run build-aux/install-deps)"
		continue
	fi
	J="$XDG_STATE_HOME/meterwise/journal"
	rm -f "$J"

	# ---- device files ---------------------------------------------------
	"$MW" devices >"$T/out" 2>"$T/err"
	is "$?" 0 "$loc: meterwise devices exits 0"
	like "$(cat "$T/out")" "^jsy-mk-333 " "$loc: the JSY-MK-333 (scale: 0.01) is listed"
	is "$(cat "$T/err")" "" "$loc: no device file is refused"
	"$MW" devices jsy-mk-333 --json >"$T/out" 2>"$T/err"
	json_ok doc <"$T/out"
	ok $? "$loc: devices jsy-mk-333 --json is valid JSON"
	like "$(cat "$T/out")" '"scale": 0\.01[,}]' "$loc: its scale is 0.01 in the JSON"

	# ---- the simulator parses its scenario ------------------------------
	STATE="$T/$loc.state"
	sim_start "s$loc" "$top_srcdir/tests/engine-panel.yaml" --state "$STATE"
	ok $? "$loc: meterwise-sim starts on a scenario with decimals (230.5 V)"
	if [ ! -e "$SIM_PORT" ]; then
		# Go on with the command line against a simulator under C.UTF-8.
		note "the rest with the simulator under C.UTF-8"
		LC_ALL=C.UTF-8 LANG=C.UTF-8
		sim_start "c$loc" "$top_srcdir/tests/engine-panel.yaml" --state "$STATE" || continue
		LC_ALL=$loc LANG=$loc
	fi

	# ---- read --json, --csv, the table -----------------------------------
	mwread -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json
	out=$(cat "$T/read.out")
	printf '%s\n' "$out" | json_ok doc
	ok $? "$loc: read --json (JSY) is valid JSON"
	sed 's/^/#   /' "$T/json.err"
	like "$out" '"voltage_l1": 230\.5' "$loc: JSY voltage_l1 is 230.5 in JSON"
	like "$out" '"elapsed_ms": [0-9]+(\.[0-9]+)?[,}]' "$loc: elapsed_ms has a '.' decimal"
	mwread -p "$SIM_PORT" -a 2 -m kpm33b --json
	out=$(cat "$T/read.out")
	printf '%s\n' "$out" | json_ok doc
	ok $? "$loc: read --json (KPM33B, float32) is valid JSON"
	like "$out" '"frequency": ?49\.95[,}]' "$loc: float32 frequency 49.95 prints as 49.95"

	mwread -p "$SIM_PORT" -a 1 -m jsy-mk-333 --csv
	is "$?" 0 "$loc: read --csv exits 0"
	cp "$T/read.out" "$T/csv"
	python3 -c '
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1])))
head, row = rows[0], rows[1]
assert len(head) == len(row), "%d fields in the header, %d in the row" % (len(head), len(row))
num = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
for h, v in zip(head[2:], row[2:]):
    assert v == "" or num.match(v) or v in ("inf", "-inf", "nan"), "%s: %r" % (h, v)
assert row[head.index("voltage_l1")] == "230.50", row[head.index("voltage_l1")]
' "$T/csv" 2>"$T/csv.err"
	ok $? "$loc: --csv: as many fields as the header, '.' decimals, voltage_l1 230.50"
	sed 's/^/#   /' "$T/csv.err" | tail -3

	mwread -p "$SIM_PORT" -a 1 -m jsy-mk-333
	out=$(cat "$T/read.out")
	sep=.
	[ "$loc" = de_DE.UTF-8 ] && sep=,
	like "$(printf '%s\n' "$out" | grep -E '^[^ ].* \(V\)' | head -1)" " 230\\${sep}50 " \
		"$loc: the table shows 230${sep}50 V for people"

	# ---- check --json, a commissioning plan with decimals (41.5 A) -------
	for try in 1 2 3; do
		"$MW" check -p "$SIM_PORT" -a 1 -m jsy-mk-333 --json >"$T/check" 2>"$T/err" && break
	done
	is "$?" 0 "$loc: check --json exits 0"
	json_ok doc <"$T/check"
	ok $? "$loc: check --json is valid JSON"
	"$MW" commission --check "$top_srcdir/tests/commission/panel.csv" >"$T/out" 2>"$T/err"
	is "$?" 0 "$loc: the plan with current_limit 41.5 passes --check"
	sed 's/^/#   /' "$T/err" | head -3

	# ---- scan --json ------------------------------------------------------
	"$MW" scan -p "$SIM_PORT" --baud 9600 --format 8N1,8E1 --addr 1-2 --json \
		>"$T/scan" 2>"$T/err"
	is "$?" 0 "$loc: scan finds the two meters"
	json_ok doc <"$T/scan"
	ok $? "$loc: scan --json is valid JSON"
	sed 's/^/#   /' "$T/json.err" | tail -3

	# ---- a decimal setting -------------------------------------------------
	before=$(requests_in "$SIM_LOG")
	"$MW" set -p "$SIM_PORT" -a 2 -m kpm33b prepaid_energy=12,5 --yes >"$T/out" 2>"$T/err"
	is "$?" 2 "$loc: prepaid_energy=12,5 is refused (exit 2)"
	like "$(cat "$T/err")" "prepaid_energy: 12,5: .*'\\.'.*12\\.5" \
		"$loc: the message says to use '.' (12.5)"
	is "$(requests_in "$SIM_LOG")" "$before" "$loc: nothing was sent for 12,5"
	"$MW" check -p "$SIM_PORT" -a 1 -m jsy-mk-333 --nominal-voltage 230,5 >"$T/out" 2>"$T/err"
	is "$?" 2 "$loc: check --nominal-voltage 230,5 is refused (exit 2)"
	like "$(cat "$T/err")" "230\\.5" "$loc: the message shows 230.5"

	"$MW" set -p "$SIM_PORT" -a 2 -m kpm33b prepaid_energy=7.75 --yes >"$T/out" 2>"$T/err"
	is "$?" 0 "$loc: prepaid_energy=7.75 exits 0"
	like "$(cat "$T/out")" "0x40F8 0x0000" "$loc: it writes 7.75 as float32 0x40F8 0x0000"
	like "$(tail -1 "$J")" '"new": ?"7\.75"' "$loc: the journal records 7.75"
	"$MW" set -p "$SIM_PORT" -a 1 -m jsy-mk-333 current_limit=12.5 --yes >"$T/out" 2>"$T/err"
	is "$?" 0 "$loc: JSY current_limit=12.5 exits 0"
	sim_stop
	like "$(cat "$STATE")" "word holding 0x000E 0x40F8" "$loc: the state holds 7.75 (0x40F8 0x0000)"
	like "$(cat "$STATE")" "word holding 0x000F 0x0000" "$loc: low word 0x0000"
	like "$(cat "$STATE")" "word holding 0x0021 0x007D" "$loc: JSY current limit 12.5 A = 125 (0x007D)"
done

done_testing
