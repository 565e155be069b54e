# SPDX-License-Identifier: GPL-3.0-or-later
# bench/: benchmark scripts (not part of `make check`) and mw-timing, the
# timing model of src/line/timing.h for them.
noinst_PROGRAMS += bench/mw-timing
bench_mw_timing_SOURCES = bench/mw-timing.c
bench_mw_timing_LDADD = $(MW_LIBS)
# mw-refresh: the engine session as the TUI drives it, measured (bench/refresh-bench)
noinst_PROGRAMS += bench/mw-refresh
bench_mw_refresh_SOURCES = bench/mw-refresh.c
bench_mw_refresh_LDADD = $(MW_LIBS)
EXTRA_DIST += bench/refresh-bench bench/dlt-loss-refresh
