# SPDX-License-Identifier: GPL-3.0-or-later
# tests/util.mk: src/util (locale-free numbers, JSON writer) and the value
# formatter, under real locales.
check_PROGRAMS += tests/numfmt_test
TESTS += tests/numfmt_test
tests_numfmt_test_SOURCES = tests/numfmt_test.c tests/tap.h
tests_numfmt_test_LDADD = $(MW_LIBS)
# The whole program under the real de_DE.UTF-8 and zh_CN.UTF-8 locales
# (build-aux/install-deps generates them).
LOCALE_TESTS = tests/locale-cli.sh tests/locale-tui.sh
TESTS += $(LOCALE_TESTS)
dist_check_SCRIPTS += $(LOCALE_TESTS)
