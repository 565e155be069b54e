#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/scan-bench.sh - `meterwise scan` against the timing model of
# DESIGN.md and against a shell loop of mbpoll, on meterwise-sim.
#
#   bench/scan-bench.sh [BUILDDIR] [--adapters] [--sim-arg ARG]...
#                                  (BUILDDIR default: the current directory)
#
# In one run, prints:
#  (1) a full 1-247 sweep at 9600 8N1 and at 19200 8E1 with a fixed
#      timeout, against the bound N_empty*tau + sum_found(8t + T + (5+2n)t)
#      computed here from the scenario (turnarounds as the scenario sets
#      them); the ratio must be <= 1.10;
#  (2) discovery of demo-panel and factory-new across every setting the
#      device files support (scan --expect N, N counted in the scenario)
#      against an exhaustive sweep of the same settings (scan --exhaustive);
#      demo-panel's ratio must be < 0.25;
#  (3) a shell loop of mbpoll, one address at a time with the same timeout
#      as (1), side by side;
#  (4) the full sweep of (1) through simulated USB adapters (meterwise-sim
#      --adapter: FTDI-like 16 ms latency timer, the same at 1 ms, a 2-wire
#      converter's echo, both), against the bound with the adapter's
#      latency L (tau = 9t + T_max + L, each reply + L); ratio <= 1.10.
#      --adapters runs only (4) (about two minutes).
# --sim-arg ARG passes ARG to every meterwise-sim (e.g. --sim-arg=--adapter
# --sim-arg=ftdi runs (1)-(3) through an FTDI-like adapter).
# Not part of `make check`: it takes several minutes (the exhaustive sweeps
# dominate).  Needs python3 with PyYAML for the figures, and mbpoll.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(dirname "$here")
case "${1:-}" in
-*) builddir=$(pwd) ;;
*)
	builddir=$(cd "${1:-.}" && pwd)
	[ $# -gt 0 ] && shift
	;;
esac
for p in "$builddir/meterwise" "$builddir/meterwise-sim" "$builddir/bench/mw-timing"; do
	if [ ! -x "$p" ]; then
		echo "scan-bench: $p not found; build first (make), then run from the build directory" >&2
		exit 2
	fi
done
command -v python3 >/dev/null || { echo "scan-bench: needs python3" >&2; exit 2; }
command -v mbpoll >/dev/null || { echo "scan-bench: needs mbpoll (apt install mbpoll)" >&2; exit 2; }
export MW_DEVICES_PATH="${MW_DEVICES_PATH:-$top_srcdir/devices}"
exec python3 "$here/scanbench.py" --srcdir "$top_srcdir" --builddir "$builddir" "$@"
