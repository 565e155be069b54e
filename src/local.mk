# SPDX-License-Identifier: GPL-3.0-or-later
# src/: the engine library (libmw.a) in layers, and the command-line front end.
#   util/    JSON writer, gettext header
#   device/  device model, YAML loader, codec, read planner
#   line/    the bus (libmodbus), serial ports
#   engine/  read, set/act, journal, scan, identify, diagnostics, commissioning
#   cli/     the meterwise program: commands, shell, completion, main
# Each folder has one fragment; a folder includes headers of the layers below
# it only (tests/layers.sh checks that there is no include cycle).
noinst_LIBRARIES += libmw.a
libmw_a_CPPFLAGS = $(MW_CPPFLAGS)
libmw_a_SOURCES =
MW_LIBS = libmw.a $(MODBUS_LIBS) $(SERIALPORT_LIBS) $(YAML_LIBS) $(LIBINTL) -lm
MW_SRC_CPPFLAGS = -I$(top_srcdir)/src/util -I$(top_srcdir)/src/device \
	-I$(top_srcdir)/src/line -I$(top_srcdir)/src/engine -I$(top_srcdir)/src/cli
include %reldir%/util/local.mk
include %reldir%/device/local.mk
include %reldir%/line/local.mk
include %reldir%/engine/local.mk
include %reldir%/cli/local.mk
