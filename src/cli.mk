# src/cli.mk: the meterwise program (command-line front end).
# The TUI (ui/local.mk) adds to MW_UI_LIBS and MW_UI_CPPFLAGS (-DMW_HAVE_TUI)
# so that `meterwise` with no command and `meterwise --demo` start it.
bin_PROGRAMS += meterwise
MW_UI_LIBS =
MW_UI_CPPFLAGS =
meterwise_SOURCES = src/main.c src/cli.h src/cli_common.c src/cli_read.c src/cli_set.c \
	src/cli_devices.c src/cli_ports.c src/cli_journal.c
meterwise_CPPFLAGS = $(AM_CPPFLAGS) $(MW_UI_CPPFLAGS)
meterwise_LDADD = $(MW_UI_LIBS) $(MW_LIBS) $(CURSES_LIBS) $(READLINE_LIBS)
