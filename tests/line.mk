# SPDX-License-Identifier: GPL-3.0-or-later
# tests/line.mk: the line layer: the frame trace, the port lock, RTU over TCP
# through a transparent gateway, and the timing model.
line_tests = tests/line-hold.sh tests/line-trace.sh tests/line-lock.sh tests/line-rtutcp.sh \
	tests/line-pymodbus.sh tests/line-late.sh tests/line-adapter.sh
TESTS += $(line_tests)
dist_check_SCRIPTS += $(line_tests)
check_PROGRAMS += tests/timing_test
TESTS += tests/timing_test
tests_timing_test_SOURCES = tests/timing_test.c tests/tap.h
tests_timing_test_LDADD = $(MW_LIBS)

check_PROGRAMS += tests/line_dlt645_test
TESTS += tests/line_dlt645_test
tests_line_dlt645_test_SOURCES = tests/line_dlt645_test.c tests/tap.h
tests_line_dlt645_test_LDADD = $(MW_LIBS) -lpthread
# a test master for tests/line-late.sh (not a test itself)
check_PROGRAMS += tests/bus_late
tests_bus_late_SOURCES = tests/bus_late.c
tests_bus_late_LDADD = $(MW_LIBS)
EXTRA_DIST += tests/line-late.yaml
