# SPDX-License-Identifier: GPL-3.0-or-later
# tests/engine-lib.sh - helpers for the engine and command-line tests.
# Source after tests/lib.sh.

# jget JSON NAME: the first "NAME": value of pretty-printed JSON (a number,
# or a string without its quotes).
jget() {
	printf '%s\n' "$1" | sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -1
}

# calc EXPR: evaluate with awk (pi, d2r available); prints %.6f.
calc() {
	awk "BEGIN { pi = atan2(0, -1); d2r = pi / 180; printf \"%.6f\", $1 }"
}

# near GOT WANT EPS DESCRIPTION
near() {
	if awk -v g="$1" -v w="$2" -v e="$3" \
		'BEGIN { if (g == "" || g == "null") exit 1; d = g - w; if (d < 0) d = -d; exit !(d <= e) }'; then
		ok 0 "$4"
	else
		ok 1 "$4"
		echo "#   got: '$1'"
		echo "#  want: $2 +- $3"
	fi
}

# writes_in LOG: number of write requests (FC 05, 06, 0F, 10) the simulator heard.
writes_in() {
	awk '$2 == "RX" && ($4 == "05" || $4 == "06" || $4 == "0F" || $4 == "10") { n++ } END { print n + 0 }' "$1"
}

# requests_in LOG: number of requests the simulator heard.
requests_in() {
	awk '$2 == "RX" { n++ } END { print n + 0 }' "$1"
}
