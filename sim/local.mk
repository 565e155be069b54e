# SPDX-License-Identifier: GPL-3.0-or-later
# sim/: meterwise-sim, the virtual RS-485 bus, and its scenarios.
bin_PROGRAMS += meterwise-sim
meterwise_sim_SOURCES = sim/main.c sim/sim.h sim/util.c sim/scenario.c sim/scenario_keys.c \
	sim/scenario_keys.h \
	sim/physics.c sim/physics.h sim/values.c sim/values.h sim/regmap.c sim/regmap.h sim/words.c \
	sim/modbus.c sim/modbus.h sim/line.c sim/line.h sim/adapter.c sim/adapter.h sim/log.c sim/log.h \
	sim/state.c sim/state.h sim/control.c sim/control.h sim/dlt.c sim/dlt.h
meterwise_sim_CPPFLAGS = $(MW_CPPFLAGS) -I$(top_srcdir)/sim
meterwise_sim_LDADD = $(MW_LIBS)
# Scenarios install as $(pkgdatadir)/scenarios/NAME.yaml.
scenariosdir = $(pkgdatadir)/scenarios
dist_scenarios_DATA = sim/scenarios/demo-panel.yaml sim/scenarios/factory-new.yaml \
	sim/scenarios/wiring-faults.yaml sim/scenarios/jsy-manual.yaml \
	sim/scenarios/mixed-line.yaml
