# SPDX-License-Identifier: GPL-3.0-or-later
# src/cli/: the meterwise program (command-line front end and shell).
# The TUI (ui/local.mk) adds to MW_UI_LIBS and MW_UI_CPPFLAGS (-DMW_HAVE_TUI)
# so that `meterwise` with no command and `meterwise --demo` start it.
bin_PROGRAMS += meterwise
MW_UI_LIBS =
MW_UI_CPPFLAGS =
meterwise_SOURCES = %reldir%/main.c %reldir%/cli.h %reldir%/cli_common.c \
	%reldir%/cli_read.c %reldir%/cli_set.c %reldir%/cli_devices.c %reldir%/cli_ports.c \
	%reldir%/cli_journal.c %reldir%/cli_check.c %reldir%/cli_scan.c \
	%reldir%/cli_commission.c %reldir%/cli_shell.c %reldir%/shell.h %reldir%/shell_complete.c
meterwise_CPPFLAGS = $(MW_CPPFLAGS) $(MW_UI_CPPFLAGS) -I$(top_srcdir)/ui
meterwise_LDADD = $(MW_UI_LIBS) $(MW_LIBS) $(CURSES_LIBS) $(READLINE_LIBS)
