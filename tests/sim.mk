# SPDX-License-Identifier: GPL-3.0-or-later
# tests/sim.mk: meterwise-sim against its device files, mbpoll and raw frames.
check_PROGRAMS += tests/sim_raw
tests_sim_raw_SOURCES = tests/sim_raw.c tests/rawline.c tests/rawline.h
tests_sim_raw_LDADD = $(MW_LIBS)
SIM_TESTS = tests/sim-manual.sh tests/sim-line.sh tests/sim-address.sh tests/sim-demo.sh \
	tests/sim-state.sh tests/sim-collision.sh tests/sim-control.sh \
	tests/sim-faults.sh tests/sim-kpm.sh
TESTS += $(SIM_TESTS)
dist_check_SCRIPTS += $(SIM_TESTS)
check_PROGRAMS += tests/sim_physics_test
TESTS += tests/sim_physics_test
tests_sim_physics_test_SOURCES = tests/sim_physics_test.c tests/tap.h sim/physics.c sim/values.c \
	sim/regmap.c sim/words.c sim/util.c
tests_sim_physics_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_sim_physics_test_LDADD = $(MW_LIBS)
check_PROGRAMS += tests/sim_pty_test
TESTS += tests/sim_pty_test
tests_sim_pty_test_SOURCES = tests/sim_pty_test.c tests/tap.h sim/line.c sim/adapter.c sim/util.c
tests_sim_pty_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_sim_pty_test_LDADD = $(MW_LIBS)
# DL/T645 meters on a mixed line, through a small DL/T645 master.
check_PROGRAMS += tests/dlt645_raw
tests_dlt645_raw_SOURCES = tests/dlt645_raw.c tests/rawline.c tests/rawline.h
tests_dlt645_raw_LDADD = $(MW_LIBS)
TESTS += tests/sim-dlt645.sh
dist_check_SCRIPTS += tests/sim-dlt645.sh
