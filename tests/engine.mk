# SPDX-License-Identifier: GPL-3.0-or-later
# tests/engine.mk: the bus layer and the engine on a pseudo-terminal (C), and
# the command line against meterwise-sim (shell).
check_PROGRAMS += tests/engine_bus_test
TESTS += tests/engine_bus_test
tests_engine_bus_test_SOURCES = tests/engine_bus_test.c tests/tap.h
tests_engine_bus_test_LDADD = $(MW_LIBS) -lpthread
TESTS += tests/engine-read.sh tests/engine-set.sh tests/engine-drop.sh
dist_check_SCRIPTS += tests/engine-read.sh tests/engine-set.sh tests/engine-drop.sh
EXTRA_DIST += tests/engine-lib.sh tests/engine-panel.yaml tests/engine-drop.yaml
TESTS += tests/cli-basic.sh
dist_check_SCRIPTS += tests/cli-basic.sh
EXTRA_DIST += tests/engine-unlock.yaml
check_PROGRAMS += tests/engine_tcp_test
TESTS += tests/engine_tcp_test
tests_engine_tcp_test_SOURCES = tests/engine_tcp_test.c tests/tap.h
tests_engine_tcp_test_LDADD = $(MW_LIBS) -lpthread
