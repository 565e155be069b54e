#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-dlt-lossy.sh - a DL/T645 meter that loses most replies is
# never named as another model: when the meter-number read that tells the
# prepaid meter goes unanswered, identification says "unknown" and which
# DI went unanswered; it never falls back to a file that identifies by
# nothing (the DJS5179's DL/T645 side).  Eight seeds of a 60 % loss; the
# parent named the prepaid meter a DJS5179 at two of them.
. "$top_srcdir/tests/lib.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
for seed in 1 2 3 4 5 6 7 8; do
	sed -e "s/^seed: 7/seed: $seed/; s/drop_rate: 0.3/drop_rate: 0.6/" \
		"$top_srcdir/tests/engine-dlt-turnaround.yaml" >"$T/lossy.yaml"
	sim_start "lossy$seed" "$T/lossy.yaml" || exit 1
	out=$("$MW" scan -p "$SIM_PORT" -b 9600 -f 8E1 --protocol dlt645 2>&1)
	row=$(printf '%s\n' "$out" | grep "^ *240512000101 " || true)
	note "seed $seed: ${row:-not found}"
	case "$row" in
	"" | *"Prepaid single-phase meter"*) ok 0 "seed $seed: not found, or found as the prepaid meter" ;;
	*" unknown "*)
		like "$row" "unknown DL/T645 meter: .*DI 04000402: no valid reply" \
			"seed $seed: unknown, naming the meter-number DI that went unanswered"
		;;
	*) ok 1 "seed $seed: named as another model: $row" ;;
	esac
	sim_stop
done
done_testing
