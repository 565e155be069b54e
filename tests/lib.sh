# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib.sh - shell helpers for the TAP integration tests.
#
# Source it from a test script.  It gives a private temporary directory
# ($T), TAP reporting (ok, is, skip_all, done_testing), and a simulator
# started on its own pseudo-terminal and stopped on exit (sim_start,
# sim_stop).  Paths: $top_builddir/meterwise, $top_builddir/meterwise-sim.

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export MW_DEVICES_PATH="${MW_DEVICES_PATH:-$top_srcdir/devices}"
MW="$top_builddir/meterwise"
MWSIM="$top_builddir/meterwise-sim"
T=$(mktemp -d "${TMPDIR:-/tmp}/mwtest.XXXXXX")
export XDG_STATE_HOME="$T/state" XDG_CONFIG_HOME="$T/config"
SIM_PIDS=""
tap_n=0
tap_failed=0

cleanup() {
	for p in $SIM_PIDS; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ok COND-STATUS DESCRIPTION: ok $? "what"
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $2"
	fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		echo "#   got: '$1'"
		echo "#  want: '$2'"
	fi
}

# like TEXT REGEX DESCRIPTION (grep -E)
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   /' | head -40
		echo "#  want /$2/"
	fi
}

note() { echo "# $*"; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# sim_start NAME SCENARIO [ARGS...]: start meterwise-sim with its link at
# $T/NAME.tty and its frame log at $T/NAME.log; sets SIM_PORT, SIM_LOG, SIM_PID.
sim_start() {
	name=$1
	scen=$2
	shift 2
	SIM_PORT="$T/$name.tty"
	SIM_LOG="$T/$name.log"
	"$MWSIM" --scenario "$scen" --link "$SIM_PORT" --log "$SIM_LOG" "$@" \
		>"$T/$name.out" 2>"$T/$name.err" &
	SIM_PID=$!
	SIM_PIDS="$SIM_PIDS $SIM_PID"
	i=0
	while [ ! -e "$SIM_PORT" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
			echo "# meterwise-sim did not start:"
			sed 's/^/#   /' "$T/$name.err"
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# sim_stop [PID]: stop a simulator and wait for it (its link is removed).
sim_stop() {
	p=${1:-$SIM_PID}
	kill -TERM "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	SIM_PIDS=$(echo "$SIM_PIDS" | tr ' ' '\n' | grep -vx "$p" | tr '\n' ' ')
}
