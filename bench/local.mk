# SPDX-License-Identifier: GPL-3.0-or-later
# bench/: benchmark scripts (not part of `make check`) and mw-timing, the
# timing model of src/line/timing.h for them.
noinst_PROGRAMS += bench/mw-timing
bench_mw_timing_SOURCES = bench/mw-timing.c
bench_mw_timing_LDADD = $(MW_LIBS)
