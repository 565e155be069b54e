# SPDX-License-Identifier: GPL-3.0-or-later
# tests/checks.mk: checks on the source tree itself: the layers and their
# include and call graphs (layers.sh), one definition of each helper
# (one-def.sh), and the helpers in src/util/ (util_test).
TESTS += tests/layers.sh tests/one-def.sh
dist_check_SCRIPTS += tests/layers.sh tests/one-def.sh
check_PROGRAMS += tests/util_test
TESTS += tests/util_test
tests_util_test_SOURCES = tests/util_test.c tests/tap.h
tests_util_test_LDADD = $(MW_LIBS)
