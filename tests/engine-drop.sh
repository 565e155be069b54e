#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# engine-drop.sh - writes over a line that loses 20% of the replies
# (tests/engine-drop.yaml).  A line change whose reply is lost must still
# end verified (the meter is followed, not written twice), or end with a
# message and a journal entry that say truthfully where the meter is.
# Each claim is checked against the simulator: the meter must answer where
# meterwise says it is.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/engine-lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
sim_start drop "$top_srcdir/tests/engine-drop.yaml" --seed 1 || exit 1
J="$XDG_STATE_HOME/meterwise/journal"

# answers_at MODEL ADDR BAUD FORMAT: 0 if the meter answers there.  Many
# tries: with 20% lost a reading may need several.
answers_at() {
	"$MW" read -p "$SIM_PORT" -m "$1" -a "$2" -b "$3" -f "$4" --timeout 200 --retries 8 \
		--json >/dev/null 2>&1
}

# step MODEL ADDR BAUD FORMAT NEWADDR NEWBAUD: one address+baud change, checked.
step() {
	model=$1 a=$2 b=$3 f=$4 na=$5 nb=$6
	n_before=$(if [ -f "$J" ]; then wc -l <"$J"; else echo 0; fi)
	out=$("$MW" set -p "$SIM_PORT" -m "$model" -a "$a" -b "$b" -f "$f" --timeout 200 --retries 4 \
		address="$na" baud="$nb" --yes 2>&1)
	rc=$?
	n_after=$(wc -l <"$J")
	ok $([ "$n_after" -gt "$n_before" ] && echo 0 || echo 1) "$model $a@$b -> $na@$nb: journaled"
	case $rc in
	0)
		like "$out" "verified at address $na, $nb $f" "$model $a@$b -> $na@$nb: verified"
		answers_at "$model" "$na" "$nb" "$f"
		ok $? "$model answers at address $na, $nb $f as reported"
		cur="$na $nb"
		;;
	3 | 4)
		note "rc=$rc: $out"
		like "$(tail -1 "$J")" '"outcome":"(mismatch|not-answering)"' "$model: the journal records the failure"
		where=$(printf '%s\n' "$out" | sed -n 's/.*answers at address \([0-9]*\), \([0-9]*\) .*/\1 \2/p' | head -1)
		if [ -n "$where" ]; then
			answers_at "$model" ${where% *} ${where#* } "$f"
			ok $? "$model answers where the message says ($where)"
			cur="$where"
		else
			# "not answering at any": it must indeed be at none of them.
			answers_at "$model" "$na" "$nb" "$f" || answers_at "$model" "$a" "$b" "$f"
			ok $((! $?)) "$model indeed answers at neither place"
			cur=""
		fi
		;;
	*)
		ok 1 "$model $a@$b -> $na@$nb: unexpected exit $rc"
		note "$out"
		cur=""
		;;
	esac
}

cur="1 9600"
for t in "7 19200" "12 4800" "3 9600" "1 19200"; do
	[ -n "$cur" ] || break
	step jsy-mk-333 ${cur% *} ${cur#* } 8N1 ${t% *} ${t#* }
done
cur="2 9600"
for t in "8 19200" "2 4800"; do
	[ -n "$cur" ] || break
	step kpm33b ${cur% *} ${cur#* } 8E1 ${t% *} ${t#* }
done

# Writes whose reply was lost: the case this test is about.
wl=$(awk '$2 == "RX" && $4 == "10" { w = 1; next } w && /reply dropped/ { n++ } { w = 0 } END { print n + 0 }' "$SIM_LOG")
note "write replies dropped: $wl"

# The frame log shows replies were really lost during the run.
lost=$(grep -c 'drop' "$SIM_LOG")
note "replies dropped by the simulator: $lost"
ok $([ "$lost" -gt 0 ] && echo 0 || echo 1) "the simulator dropped replies during the run"

done_testing
