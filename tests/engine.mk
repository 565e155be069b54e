# SPDX-License-Identifier: GPL-3.0-or-later
# tests/engine.mk: the bus layer and the engine on a pseudo-terminal (C), and
# the command line against meterwise-sim (shell).
check_PROGRAMS += tests/engine_bus_test
TESTS += tests/engine_bus_test
tests_engine_bus_test_SOURCES = tests/engine_bus_test.c tests/tap.h
tests_engine_bus_test_LDADD = $(MW_LIBS) -lpthread
TESTS += tests/engine-read.sh tests/engine-set.sh tests/engine-drop.sh tests/engine-journal.sh \
	tests/engine-lossy.sh
dist_check_SCRIPTS += tests/engine-read.sh tests/engine-set.sh tests/engine-drop.sh \
	tests/engine-journal.sh tests/engine-lossy.sh
EXTRA_DIST += tests/engine-lib.sh tests/engine-panel.yaml tests/engine-drop.yaml \
	tests/engine-lossy.yaml
TESTS += tests/cli-basic.sh tests/cli-input.sh tests/cli-options.sh tests/man-options.sh
dist_check_SCRIPTS += tests/cli-basic.sh tests/cli-input.sh tests/cli-options.sh \
	tests/man-options.sh
EXTRA_DIST += tests/engine-unlock.yaml
check_PROGRAMS += tests/engine_tcp_test
TESTS += tests/engine_tcp_test
tests_engine_tcp_test_SOURCES = tests/engine_tcp_test.c tests/tap.h
tests_engine_tcp_test_LDADD = $(MW_LIBS) -lpthread
# read --watch and check --watch reconnect (the engine session)
TESTS += tests/watch-reconnect.sh
dist_check_SCRIPTS += tests/watch-reconnect.sh
# the engine session's snapshot: no cap, copied per changed device
check_PROGRAMS += tests/session_test
TESTS += tests/session_test
tests_session_test_SOURCES = tests/session_test.c tests/tap.h
tests_session_test_LDADD = $(MW_LIBS) -lpthread
# DL/T645 meters on the mixed line: read, set, act, time-sync
TESTS += tests/engine-dlt645.sh
TESTS += tests/engine-dlt1997.sh
dist_check_SCRIPTS += tests/engine-dlt1997.sh
dist_check_SCRIPTS += tests/engine-dlt645.sh
TESTS += tests/engine-dlt-turnaround.sh
dist_check_SCRIPTS += tests/engine-dlt-turnaround.sh
EXTRA_DIST += tests/engine-dlt-turnaround.yaml
# the pure parts of the DL/T645 engine: password option, safe timeout, single-phase check
check_PROGRAMS += tests/dlt_meter_test
TESTS += tests/dlt_meter_test
tests_dlt_meter_test_SOURCES = tests/dlt_meter_test.c tests/tap.h
tests_dlt_meter_test_LDADD = $(MW_LIBS) -lutil
