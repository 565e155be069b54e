# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line.mk: the line layer: the frame trace, the port lock, RTU over TCP
# through a transparent gateway, and the timing model.
line_tests = tests/line-trace.sh tests/line-lock.sh tests/line-rtutcp.sh tests/line-pymodbus.sh \
	tests/line-adapter.sh
TESTS += $(line_tests)
dist_check_SCRIPTS += $(line_tests)
check_PROGRAMS += tests/timing_test
TESTS += tests/timing_test
tests_timing_test_SOURCES = tests/timing_test.c tests/tap.h
tests_timing_test_LDADD = $(MW_LIBS)
