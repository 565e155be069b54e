# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan.mk: the bus scan against the real simulator.
scan_tests = tests/scan-demo.sh tests/scan-factory.sh tests/scan-collision.sh tests/scan-odd.sh \
	tests/scan-noise.sh tests/scan-mixed.sh tests/scan-dlt-deep.sh \
	tests/scan-dlt-slow.sh tests/scan-identify.sh tests/scan-late.sh tests/scan-dlt-lossy.sh
TESTS += $(scan_tests)
dist_check_SCRIPTS += $(scan_tests)
EXTRA_DIST += tests/scan-lib.sh tests/scan-collision.yaml tests/scan-odd.yaml \
	tests/scan-noise.yaml tests/scan-dlt-deep.yaml tests/scan-dlt-slow.yaml \
	tests/scan-identify.yaml tests/scan-late.yaml
check_PROGRAMS += tests/scan_plan_test
TESTS += tests/scan_plan_test
tests_scan_plan_test_SOURCES = tests/scan_plan_test.c tests/tap.h
tests_scan_plan_test_LDADD = $(MW_LIBS)
