# SPDX-License-Identifier: GPL-3.0-or-later
# src/util/: helpers every layer uses (JSON writer, gettext, --version text,
# where the running program is: its build tree or installed tree).
libmw_a_SOURCES += %reldir%/json.c %reldir%/json.h %reldir%/i18n.h \
	%reldir%/version.c %reldir%/version.h %reldir%/selfdir.c %reldir%/selfdir.h
