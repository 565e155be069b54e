# SPDX-License-Identifier: GPL-3.0-or-later
# src/util/: helpers every layer uses (JSON writer, locale-free numbers,
# gettext, --version text, where the running program is, and one of each:
# allocation with out-of-memory exit, CRC-16, ISO time, CSV; text helpers).
libmw_a_SOURCES += %reldir%/json.c %reldir%/json.h %reldir%/numfmt.c %reldir%/numfmt.h \
	%reldir%/i18n.h \
	%reldir%/xalloc.c %reldir%/xalloc.h %reldir%/crc16.c %reldir%/crc16.h \
	%reldir%/isotime.c %reldir%/isotime.h %reldir%/csv.c %reldir%/csv.h \
	%reldir%/text.c %reldir%/text.h \
	%reldir%/version.c %reldir%/version.h %reldir%/selfdir.c %reldir%/selfdir.h
