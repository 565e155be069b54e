# SPDX-License-Identifier: GPL-3.0-or-later
# tests/util.mk: src/util (locale-free numbers, JSON writer) and the value
# formatter, under real locales.
check_PROGRAMS += tests/numfmt_test
TESTS += tests/numfmt_test
tests_numfmt_test_SOURCES = tests/numfmt_test.c tests/tap.h
tests_numfmt_test_LDADD = $(MW_LIBS)
