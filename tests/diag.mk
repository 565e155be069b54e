# SPDX-License-Identifier: GPL-3.0-or-later
# tests/diag.mk: wiring diagnostics on synthetic phases, and `meterwise check`
# against the simulator's wiring-faults scenario.
check_PROGRAMS += tests/diag_test
TESTS += tests/diag_test
tests_diag_test_SOURCES = tests/diag_test.c tests/tap.h
tests_diag_test_LDADD = $(MW_LIBS)
TESTS += tests/check-faults.sh tests/check-watch.sh
dist_check_SCRIPTS += tests/check-faults.sh tests/check-watch.sh
