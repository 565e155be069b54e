#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/scan-dlt645.sh - the DL/T645 pass of `meterwise scan` against the
# timing model, on meterwise-sim.
#
#   bench/scan-dlt645.sh [BUILDDIR]        (default: the current directory)
#
# For each scenario (sim/scenarios/mixed-line.yaml: four prepaid meters at
# 2400 8E1 and two DJS5179 circuits at 9600 8E1 with Modbus meters beside
# them; tests/scan-dlt-deep.yaml: three meters sharing their low address
# bytes at 9600 8E1), runs `meterwise scan --protocol dlt645 --json` at
# the scenario's bauds and prints one line: meters found, read-address
# probes (replies, timeouts, garbled), identification reads, the pass's
# wall time, and its bounds as the scan computes them (stats.dlt645, see
# meterwise(1)): at the timeouts used, and physical (empty probes at
# (q+1)t + T_max, q = 16 characters), with the ratios time/bound.
# Not part of `make check` (about a minute and a half).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(dirname "$here")
builddir=$(cd "${1:-.}" && pwd)
for p in "$builddir/meterwise" "$builddir/meterwise-sim"; do
	if [ ! -x "$p" ]; then
		echo "scan-dlt645: $p not found; build first (make), then run from the build directory" >&2
		exit 2
	fi
done
export MW_DEVICES_PATH="${MW_DEVICES_PATH:-$top_srcdir/devices}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scan-dlt645.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# scenario_devices, model_protocol: the tests' reading of a scenario.
. "$top_srcdir/tests/scan-lib.sh"

# num JSON KEY: the number after "KEY": in the DL/T645 figures.
num() { printf '%s\n' "$1" | tr -d '\n' | sed -n "s/.*\"dlt645\": {[^}]*\"$2\": \([-0-9.]*\).*/\1/p"; }

echo "meterwise scan, DL/T645 pass, on meterwise-sim ($(date '+%Y-%m-%d %H:%M'))"
printf '%-16s %-9s %5s %6s %7s %8s %7s %4s %8s %8s %6s %8s %6s\n' scenario bauds meters probes replies timeouts garbled id \
	time_s bound_s ratio phys_s ratio
for scen in "$top_srcdir/sim/scenarios/mixed-line.yaml" "$top_srcdir/tests/scan-dlt-deep.yaml"; do
	name=$(basename "$scen" .yaml)
	# the DL/T645 meters' bauds, from the scenario and the device files
	bauds=$(scenario_devices "$scen" | while read -r id model addr baud fmt; do
		[ "$(model_protocol "$model")" = dlt645 ] && echo "$baud"
	done | awk '!seen[$0]++' | paste -sd, -)
	"$builddir/meterwise-sim" --scenario "$scen" --link "$tmp/tty" >/dev/null 2>"$tmp/sim.err" &
	pid=$!
	i=0
	while [ ! -e "$tmp/tty" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && { cat "$tmp/sim.err" >&2; exit 1; }
		sleep 0.05
	done
	json=$("$builddir/meterwise" scan -p "$tmp/tty" --protocol dlt645 --baud "$bauds" --json || true)
	meters=$(printf '%s\n' "$json" | grep -c '"protocol": "dlt645"' || true)
	el=$(num "$json" elapsed_s)
	b=$(num "$json" bound_s)
	pb=$(num "$json" physical_bound_s)
	printf '%-16s %-9s %5s %6s %7s %8s %7s %4s %8.3f %8.3f %6.3f %8.3f %6.3f\n' "$name" "$bauds" "$meters" \
		"$(num "$json" probes)" "$(num "$json" replies)" "$(num "$json" timeouts)" "$(num "$json" corrupt)" \
		"$(num "$json" identification_requests)" "$el" "$b" "$(echo "$el $b" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" \
		"$pb" "$(echo "$el $pb" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	pid=""
done
echo "probes: read address (0x13) to AAx6 and abbreviated addresses, each sent once (a garbled reply twice);"
echo "bound_s: timeouts waited + per reply (q+r)t + T (T each meter's shortest measured turnaround),"
echo "  garbled probes, quiet waits after a reply and identification as taken;"
echo "  phys_s: empty probes at (q+1)t + T_max instead (T_max measured; before a meter at a setting"
echo "  has answered, the scan must wait out the standard's 500 ms, which phys_s does not)."
