# tests/sim.mk: meterwise-sim against its device files, mbpoll and raw frames.
check_PROGRAMS += tests/sim_raw
tests_sim_raw_SOURCES = tests/sim_raw.c
SIM_TESTS = tests/sim-manual.sh tests/sim-line.sh tests/sim-address.sh tests/sim-demo.sh \
	tests/sim-state.sh tests/sim-collision.sh tests/sim-control.sh
TESTS += $(SIM_TESTS)
dist_check_SCRIPTS += $(SIM_TESTS)
