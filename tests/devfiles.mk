# SPDX-License-Identifier: GPL-3.0-or-later
# tests/devfiles.mk: the shipped device files checked against their manuals,
# and the tariff test device (a made-up meter with a schedule and a clock).
EXTRA_DIST += tests/devices/tariff-meter.yaml
check_PROGRAMS += tests/devfiles_test
TESTS += tests/devfiles_test
tests_devfiles_test_SOURCES = tests/devfiles_test.c tests/tap.h
tests_devfiles_test_LDADD = $(MW_LIBS)
