# SPDX-License-Identifier: GPL-3.0-or-later
# src/line/: the line (the one owner of a port's descriptor, its lock and
# the frame trace), the bus (Modbus on the line), the timing model and the
# serial-port listing.
libmw_a_SOURCES += %reldir%/bus.c %reldir%/bus.h %reldir%/bus_int.h \
	%reldir%/bus_dlt645.c %reldir%/link.c %reldir%/link.h \
	%reldir%/lock.c %reldir%/lock.h %reldir%/trace.c %reldir%/trace.h \
	%reldir%/timing.c %reldir%/timing.h %reldir%/ports.c %reldir%/ports.h
