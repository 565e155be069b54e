# SPDX-License-Identifier: GPL-3.0-or-later
# src/line/: the bus (the one owner of a port; libmodbus RTU/TCP) and the
# serial-port listing.
libmw_a_SOURCES += %reldir%/bus.c %reldir%/bus.h %reldir%/ports.c %reldir%/ports.h
